//! Finding a quotation in the index: candidate passages by voting on the rarest quote
//! words' positions, then a word-level semi-global alignment (edit distance, free
//! transcript ends) of the quote against each candidate window. An ellipsis or a
//! `[bracketed insertion]` in the quote is a gap that absorbs any run of transcript
//! words (or none) at no cost.

use super::index::{TranscriptIndex, UNKNOWN, for_each_word};
use std::collections::HashMap;
use std::ops::Range;

/// A token of a quotation.
#[derive(Debug, Clone, PartialEq)]
pub enum QTok {
    /// A word: vocabulary id, byte span in the draft, normalised text.
    Word {
        id: u32,
        span: Range<usize>,
        text: Box<str>,
    },
    /// An ellipsis or bracketed insertion.
    Gap,
}

/// Words the voting uses (the rarest of the quote).
const VOTERS: usize = 8;
/// Candidate windows aligned per quote.
const CANDIDATES: usize = 6;
/// Most transcript words one gap (ellipsis, brackets) may absorb.
pub const GAP_MAX: usize = 120;
/// Gaps that widen a candidate window (bounds the alignment's size for quotes with
/// many ellipses).
const MAX_GAPS: usize = 5;
/// Diagonal bucket width (words) for voting.
const BUCKET: i64 = 16;

/// Tokens of quotation text `s` (at byte offset `base` of the draft).
pub fn quote_tokens(ix: &TranscriptIndex, s: &str, base: usize) -> Vec<QTok> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut chunk_start = 0;
    let b = s.as_bytes();
    let mut i = 0;
    let words = |out: &mut Vec<QTok>, from: usize, to: usize, buf: &mut String| {
        for_each_word(&s[from..to], buf, |r, w| {
            out.push(QTok::Word {
                id: ix.word_id(w),
                span: base + from + r.start..base + from + r.end,
                text: w.into(),
            })
        });
    };
    while i < b.len() {
        let gap_end = if b[i] == b'[' {
            s[i..].find(']').map(|k| i + k + 1)
        } else if s[i..].starts_with('…') {
            Some(i + '…'.len_utf8())
        } else if s[i..].starts_with("..") || s[i..].starts_with(". .") {
            let n = s[i..]
                .bytes()
                .take_while(|&c| c == b'.' || c == b' ')
                .count();
            Some(i + n)
        } else {
            None
        };
        match gap_end {
            Some(e) => {
                words(&mut out, chunk_start, i, &mut buf);
                if out.last() != Some(&QTok::Gap) {
                    out.push(QTok::Gap);
                }
                i = e;
                chunk_start = e;
            }
            None => i += s[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    words(&mut out, chunk_start, s.len(), &mut buf);
    out
}

/// One step of an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Quote word `q` equals transcript word `t` (indices into the quote tokens and the
    /// index's words).
    Match(usize, usize),
    /// Quote word replaces a transcript word.
    Sub(usize, usize),
    /// A quote word the transcript does not have.
    Extra(usize),
    /// A transcript word the quote leaves out (without an ellipsis).
    Missing(usize),
    /// A transcript word absorbed by a gap.
    Gap(usize),
}

/// The best alignment of a quote in one window.
#[derive(Debug, Clone)]
pub struct Alignment {
    pub transcript: usize,
    /// Word indices (into the index's words) from the first to the last aligned word.
    pub words: Range<usize>,
    pub cost: u32,
    /// Quote words equal to their transcript word.
    pub matched: u32,
    /// 1 − cost / quote words, in [0, 1].
    pub score: f32,
    pub ops: Vec<Op>,
}

/// Candidate passages for the quote, best (lowest cost) first.
pub fn find(ix: &TranscriptIndex, q: &[QTok]) -> Vec<Alignment> {
    let nwords = q.iter().filter(|t| matches!(t, QTok::Word { .. })).count();
    if nwords == 0 || ix.words.is_empty() {
        return Vec::new();
    }
    let gaps = q.iter().filter(|t| matches!(t, QTok::Gap)).count();
    // Voters: the rarest known words, with their index among the quote's words.
    let mut voters: Vec<(usize, u32)> = q
        .iter()
        .filter_map(|t| match t {
            QTok::Word { id, .. } => Some(*id),
            QTok::Gap => None,
        })
        .enumerate()
        .filter(|&(_, id)| id != UNKNOWN)
        .collect();
    voters.sort_by_key(|&(k, id)| (ix.postings(id).len(), k));
    voters.dedup_by_key(|v| v.1);
    voters.truncate(VOTERS);
    // Each voter adds its rarity (inverse document frequency) to the diagonal bucket of
    // each of its positions, once per bucket.
    let total = ix.words.len() as f32 + 1.0;
    let mut votes: HashMap<i64, (f32, usize), super::index::FxBuild> = HashMap::default();
    for (vi, &(k, id)) in voters.iter().enumerate() {
        let post = ix.postings(id);
        let weight = (total / (post.len() as f32 + 1.0)).ln();
        for &p in post {
            let b = (p as i64 - k as i64).div_euclid(BUCKET);
            let e = votes.entry(b).or_insert((0.0, usize::MAX));
            if e.1 != vi {
                e.0 += weight;
                e.1 = vi;
            }
        }
    }
    // A dropped or added word shifts later diagonals: a bucket counts with its successor.
    let mut ranked: Vec<(i64, f32)> = votes
        .iter()
        .map(|(&b, &(w, _))| (b, w + votes.get(&(b + 1)).map_or(0.0, |n| n.0)))
        .collect();
    let by_weight = |x: &(i64, f32), y: &(i64, f32)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
    if ranked.len() > CANDIDATES {
        ranked.select_nth_unstable_by(CANDIDATES, by_weight);
        ranked.truncate(CANDIDATES);
    }
    ranked.sort_by(by_weight);
    let slack = 8 + nwords / 2;
    let mut out: Vec<Alignment> = Vec::new();
    let mut done: Vec<(usize, usize)> = Vec::new();
    for &(b, _) in ranked.iter().take(CANDIDATES) {
        let lo = (b * BUCKET).max(0) as usize;
        let anchor = lo.min(ix.words.len() - 1);
        let t = ix.owner[anchor] as usize;
        let tw = ix.transcripts[t].words.clone();
        let start = lo.saturating_sub(slack).max(tw.start);
        let end =
            (lo + 2 * BUCKET as usize + nwords + slack + gaps.min(MAX_GAPS) * GAP_MAX).min(tw.end);
        if start >= end || done.iter().any(|&(s, e)| s <= start && end <= e) {
            continue;
        }
        done.push((start, end));
        if let Some(a) = align(ix, q, nwords, t, start..end)
            && !out.iter().any(|o| o.words == a.words)
        {
            out.push(a);
        }
    }
    out.sort_by(|x, y| x.cost.cmp(&y.cost).then(x.words.start.cmp(&y.words.start)));
    out
}

/// Whether quote word `qi` is transcript words `a` and `b` written together.
fn joins_transcript(ix: &TranscriptIndex, q: &[QTok], qi: usize, a: u32, b: u32) -> bool {
    let QTok::Word { text, .. } = &q[qi] else {
        return false;
    };
    let (a, b) = (ix.word_str(a), ix.word_str(b));
    !a.is_empty()
        && !b.is_empty()
        && text.len() == a.len() + b.len()
        && text.starts_with(a)
        && text.ends_with(b)
}

/// Whether quote words `qi - 1` and `qi` are transcript word `t` split in two.
fn joins_quote(ix: &TranscriptIndex, q: &[QTok], qi: usize, t: u32) -> bool {
    let (QTok::Word { text: a, .. }, QTok::Word { text: b, .. }) = (&q[qi - 1], &q[qi]) else {
        return false;
    };
    let t = ix.word_str(t);
    !t.is_empty() && t.len() == a.len() + b.len() && t.starts_with(&**a) && t.ends_with(&**b)
}

/// Semi-global word alignment of the quote against `window` (word indices).
fn align(
    ix: &TranscriptIndex,
    q: &[QTok],
    nwords: usize,
    transcript: usize,
    window: Range<usize>,
) -> Option<Alignment> {
    let n = q.len();
    let m = window.len();
    let w = m + 1;
    // Cost: K per edit, −1 per matched word, so that among alignments with the fewest
    // edits the one with the most matches wins (K exceeds any number of matches).
    let k = nwords as i64 + 1;
    let mut d = vec![0i64; (n + 1) * w];
    let tid = |j: usize| ix.words[window.start + j - 1].id;
    for i in 1..=n {
        let (r, p) = (i * w, (i - 1) * w);
        match &q[i - 1] {
            QTok::Gap => {
                d[r] = d[p];
                for j in 1..=m {
                    d[r + j] = d[p + j].min(d[r + j - 1]);
                }
            }
            QTok::Word { id, .. } => {
                d[r] = d[p] + k;
                for j in 1..=m {
                    let c = if *id != tid(j) || *id == UNKNOWN {
                        k
                    } else {
                        -1
                    };
                    let mut v = (d[p + j - 1] + c).min(d[p + j] + k).min(d[r + j - 1] + k);
                    // A hyphen or space more or less (`reopen` / `re-open`) is
                    // punctuation: one quote word may be two transcript words, or two
                    // quote words one.
                    if j >= 2 && joins_transcript(ix, q, i - 1, tid(j - 1), tid(j)) {
                        v = v.min(d[p + j - 2] - 1);
                    }
                    if i >= 2 && joins_quote(ix, q, i - 1, tid(j)) {
                        v = v.min(d[(i - 2) * w + j - 1] - 2);
                    }
                    d[r + j] = v;
                }
            }
        }
    }
    let last = &d[n * w..];
    let (jbest, _) = last.iter().enumerate().min_by_key(|&(j, &c)| (c, j))?;
    // Traceback.
    let mut ops = Vec::new();
    let (mut i, mut j) = (n, jbest);
    while i > 0 {
        let here = d[i * w + j];
        match &q[i - 1] {
            QTok::Gap => {
                if d[(i - 1) * w + j] == here || j == 0 {
                    i -= 1;
                } else {
                    ops.push(Op::Gap(window.start + j - 1));
                    j -= 1;
                }
            }
            QTok::Word { id, .. } => {
                if j > 0 {
                    let same = *id == tid(j) && *id != UNKNOWN;
                    if d[(i - 1) * w + j - 1] + if same { -1 } else { k } == here {
                        ops.push(if same {
                            Op::Match(i - 1, window.start + j - 1)
                        } else {
                            Op::Sub(i - 1, window.start + j - 1)
                        });
                        i -= 1;
                        j -= 1;
                        continue;
                    }
                }
                if j >= 2
                    && d[(i - 1) * w + j - 2] - 1 == here
                    && joins_transcript(ix, q, i - 1, tid(j - 1), tid(j))
                {
                    ops.push(Op::Gap(window.start + j - 1));
                    ops.push(Op::Match(i - 1, window.start + j - 2));
                    i -= 1;
                    j -= 2;
                    continue;
                }
                if i >= 2
                    && j > 0
                    && d[(i - 2) * w + j - 1] - 2 == here
                    && joins_quote(ix, q, i - 1, tid(j))
                {
                    ops.push(Op::Match(i - 1, window.start + j - 1));
                    ops.push(Op::Match(i - 2, window.start + j - 1));
                    i -= 2;
                    j -= 1;
                    continue;
                }
                if d[(i - 1) * w + j] + k == here {
                    ops.push(Op::Extra(i - 1));
                    i -= 1;
                } else {
                    ops.push(Op::Missing(window.start + j - 1));
                    j -= 1;
                }
            }
        }
    }
    ops.reverse();
    // Gaps at either end absorb nothing of the passage.
    while matches!(ops.last(), Some(Op::Gap(_))) {
        ops.pop();
    }
    let first = ops.iter().position(|o| !matches!(o, Op::Gap(_)))?;
    ops.drain(..first);
    let tpos = |o: &Op| match *o {
        Op::Match(_, t) | Op::Sub(_, t) | Op::Missing(t) | Op::Gap(t) => Some(t),
        Op::Extra(_) => None,
    };
    let ws = ops.iter().find_map(tpos)?;
    let we = ops.iter().rev().find_map(tpos)? + 1;
    let matched = ops.iter().filter(|o| matches!(o, Op::Match(..))).count() as u32;
    let cost = ops
        .iter()
        .filter(|o| matches!(o, Op::Sub(..) | Op::Extra(_) | Op::Missing(_)))
        .count() as u32;
    let score = (1.0 - cost as f32 / nwords as f32).max(0.0);
    Some(Alignment {
        transcript,
        words: ws..we,
        cost,
        matched,
        score,
        ops,
    })
}
