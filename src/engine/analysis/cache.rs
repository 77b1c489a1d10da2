//! The engine cache: the facts of each block from the previous analysis, reused for the
//! blocks a change left alone (`analyze_incremental`).
//!
//! An entry is keyed by everything the block's own facts are computed from:
//!
//! - the block's text in `prose` (markup already blanked), its scope and wire-line flag;
//! - its top-level quotation pieces, relative to the block start (which quotation marks
//!   pair up depends on earlier blocks through running quotes, so the scan itself runs
//!   on the whole draft every time and only its outcome for the block is compared);
//! - for each quotation that lies entirely in the block (one piece, opened here): its
//!   text, mark style, straightness and whether it is closed.
//!
//! From those alone come the block's tokens and sentences (`text::tokenize`,
//! `text::sentences`), the in-sentence attribution of its one-piece quotations
//! (`attribute::attribute_in_sentence`: frames, transcript labels, the best cue and
//! speaker in the sentence; they read only the quotation and its block's tokens), its
//! name and role mentions (`ledger::block_mentions`) and the response phrase of each
//! sentence searched so far (`ledger::SentenceResponses`). Entries keep block-relative
//! spans and block-local quotation numbers; a hit shifts them to the block's new start
//! and maps the numbers through the block's pieces.
//!
//! Everything that looks across blocks is redone on every analysis: Markdown parsing
//! (except after an edit inside one line of plain prose, `reparse.rs`), the
//! quotation-mark scan, quotations over several paragraphs (not cached at all),
//! fallbacks (next sentence, continuation, floating quotes, lead-ins), fragments, pronoun
//! and full-name resolution and the ledger.

use super::{Analysis, BlockFacts};
use crate::engine::draft::{Draft, Scope};
use crate::engine::ledger::{Mention, SentenceResponses};
use crate::engine::model::{Cue, Quote, QuoteKind, Response, Speaker};
use crate::engine::quotes::MarkStyle;
use crate::engine::text::{TokKind, Token};
use std::collections::HashMap;
use std::ops::Range;

/// Facts of blocks from earlier analyses, keyed by block text and scope. One per open
/// document; any earlier version's cache is fine (a miss only costs the fresh work).
#[derive(Debug, Default)]
pub struct EngineCache {
    /// Key hash → entries with that hash.
    map: HashMap<u64, Vec<Entry>>,
    hits: usize,
    misses: usize,
    /// The last Markdown draft, for redoing only the edited paragraph of the next one.
    pub(super) draft: super::reparse::DraftMemo,
    /// Whether the last analysis took its draft from [`EngineCache::draft`].
    pub(super) reparsed: bool,
}

impl EngineCache {
    pub fn new() -> EngineCache {
        EngineCache::default()
    }

    /// Blocks reused and blocks analysed afresh by the last analysis.
    pub fn last_hits_misses(&self) -> (usize, usize) {
        (self.hits, self.misses)
    }

    /// Whether the last analysis built its draft model from the previous one (one
    /// paragraph redone) instead of parsing the whole Markdown.
    pub fn last_reparsed(&self) -> bool {
        self.reparsed
    }

    /// Number of blocks held.
    pub fn len(&self) -> usize {
        self.map.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub(super) fn session<'c>(
        &'c mut self,
        draft: &Draft,
        quotes: &[Quote],
        pieces_in: &[Vec<(Range<usize>, usize)>],
    ) -> Session<'c> {
        let mut old = std::mem::take(&mut self.map);
        let mut fresh: HashMap<u64, Vec<Entry>> = HashMap::new();
        let mut slots = Vec::with_capacity(draft.blocks.len());
        for (bi, block) in draft.blocks.iter().enumerate() {
            let key = KeyRef {
                text: &draft.prose[block.span.clone()],
                scope: block.scope,
                wire: block.wire_line,
                base: block.span.start,
                bi,
                pieces: &pieces_in[bi],
                quotes,
            };
            if key.text.len() > u32::MAX as usize {
                slots.push(Slot::Skip);
                continue;
            }
            let h = key.hash();
            let found = fresh
                .get(&h)
                .and_then(|v| v.iter().position(|e| key.matches(e)));
            let slot = match found {
                Some(i) => Slot::Hit(h, i),
                None => {
                    let moved = old.get_mut(&h).and_then(|v| {
                        let i = v.iter().position(|e| key.matches(e))?;
                        Some(v.swap_remove(i))
                    });
                    match moved {
                        Some(e) => {
                            let v = fresh.entry(h).or_default();
                            v.push(e);
                            Slot::Hit(h, v.len() - 1)
                        }
                        None => Slot::Miss(h),
                    }
                }
            };
            slots.push(slot);
        }
        self.hits = slots.iter().filter(|s| matches!(s, Slot::Hit(..))).count();
        self.misses = slots.len() - self.hits;
        Session {
            cache: self,
            fresh,
            slots,
            bases: draft.blocks.iter().map(|b| b.span.start).collect(),
            in_sentence: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Slot {
    Hit(u64, usize),
    Miss(u64),
    /// Too long to key with 32-bit offsets: always analysed afresh.
    Skip,
}

/// One analysis using the cache.
pub(super) struct Session<'c> {
    cache: &'c mut EngineCache,
    /// The entries of this draft's blocks (hits moved here; misses added by `finish`).
    fresh: HashMap<u64, Vec<Entry>>,
    slots: Vec<Slot>,
    /// Start of each block in this draft.
    bases: Vec<usize>,
    /// Per missed block, the in-sentence attribution of each piece's quotation.
    in_sentence: Vec<Option<Vec<Option<InSentence>>>>,
}

// Blocks are indexed in step across the draft, the slots, the pieces and the bases.
#[allow(clippy::needless_range_loop)]
impl Session<'_> {
    fn entry(&self, bi: usize) -> Option<&Entry> {
        match self.slots.get(bi)? {
            Slot::Hit(h, i) => self.fresh.get(h).map(|v| &v[*i]),
            _ => None,
        }
    }

    /// Tokens and sentences of block `bi` when cached (spans shifted, quotation numbers
    /// mapped through the block's pieces).
    pub(super) fn facts(&self, bi: usize, pieces: &[(Range<usize>, usize)]) -> Option<BlockFacts> {
        let e = self.entry(bi)?;
        let base = self.bases[bi];
        let tokens = e
            .tokens
            .iter()
            .map(|t| Token {
                span: base + t.start as usize..base + t.end as usize,
                kind: match t.kind {
                    CKind::Word => TokKind::Word,
                    CKind::Punct(c) => TokKind::Punct(c),
                    CKind::Quote(local) => TokKind::Quote(pieces[local as usize].1),
                },
            })
            .collect();
        Some(BlockFacts {
            tokens,
            sentences: e.sentences.clone(),
        })
    }

    /// Fill in the in-sentence attribution of the cached blocks' one-piece quotations;
    /// returns which quotations are done.
    pub(super) fn apply_in_sentence(
        &self,
        a: &mut Analysis,
        pieces_in: &[Vec<(Range<usize>, usize)>],
    ) -> Vec<bool> {
        let mut done = vec![false; a.quotes.len()];
        for bi in 0..a.blocks.len() {
            let Some(e) = self.entry(bi) else {
                continue;
            };
            let base = self.bases[bi];
            for (local, cached) in e.in_sentence.iter().enumerate() {
                if let Some(r) = cached {
                    let qi = pieces_in[bi][local].1;
                    let q = &mut a.quotes[qi];
                    q.sentence = shift(&r.sentence, base);
                    q.kind = r.kind;
                    q.cue = r.cue.as_ref().map(|c| shift_cue(c, base));
                    q.speaker = r.speaker.as_ref().map(|s| shift_speaker(s, base));
                    done[qi] = true;
                }
            }
        }
        done
    }

    /// Remember the in-sentence attribution of the missed blocks' one-piece quotations
    /// (before fallbacks change them).
    pub(super) fn keep_in_sentence(
        &mut self,
        a: &Analysis,
        pieces_in: &[Vec<(Range<usize>, usize)>],
    ) {
        self.in_sentence = vec![None; a.blocks.len()];
        for bi in 0..a.blocks.len() {
            if !matches!(self.slots[bi], Slot::Miss(_)) {
                continue;
            }
            let base = self.bases[bi];
            let v = pieces_in[bi]
                .iter()
                .map(|&(_, qi)| {
                    let q = &a.quotes[qi];
                    cacheable(q, bi).then(|| InSentence {
                        sentence: unshift(&q.sentence, base),
                        kind: q.kind,
                        cue: q.cue.as_ref().map(|c| unshift_cue(c, base)),
                        speaker: q.speaker.as_ref().map(|s| unshift_speaker(s, base)),
                    })
                })
                .collect();
            self.in_sentence[bi] = Some(v);
        }
    }

    /// Mentions of block `bi` when cached.
    pub(super) fn mentions(&self, bi: usize) -> Option<Vec<Mention>> {
        let e = self.entry(bi)?;
        let base = self.bases[bi];
        Some(
            e.mentions
                .iter()
                .map(|m| Mention {
                    span: shift(&m.span, base),
                    block: bi,
                    ..m.clone()
                })
                .collect(),
        )
    }

    /// Sentence responses found earlier for the cached blocks.
    pub(super) fn responses(&self, a: &Analysis) -> SentenceResponses {
        (0..a.blocks.len())
            .map(|bi| match self.entry(bi) {
                Some(e) => {
                    let base = self.bases[bi];
                    e.responses
                        .iter()
                        .map(|r| {
                            r.as_ref()
                                .map(|r| r.as_ref().map(|r| shift_response(r, base)))
                        })
                        .collect()
                }
                None => Vec::new(),
            })
            .collect()
    }

    /// Store this draft's blocks (and only them) in the cache.
    pub(super) fn finish(
        mut self,
        a: &Analysis,
        pieces_in: &[Vec<(Range<usize>, usize)>],
        responses: SentenceResponses,
    ) {
        for bi in 0..a.blocks.len() {
            let base = self.bases[bi];
            let rel_responses = |bi: usize| -> Vec<Option<Option<Response>>> {
                responses.get(bi).map_or_else(Vec::new, |v| {
                    v.iter()
                        .map(|r| {
                            r.as_ref()
                                .map(|r| r.as_ref().map(|r| unshift_response(r, base)))
                        })
                        .collect()
                })
            };
            match self.slots[bi] {
                Slot::Skip => {}
                Slot::Hit(h, i) => {
                    // Sentences searched for the first time this analysis.
                    let e = &mut self.fresh.get_mut(&h).expect("hit entry")[i];
                    let found = rel_responses(bi);
                    if found.len() > e.responses.len() {
                        e.responses.resize(found.len(), None);
                    }
                    for (mine, new) in e.responses.iter_mut().zip(found) {
                        if mine.is_none() {
                            *mine = new;
                        }
                    }
                }
                Slot::Miss(h) => {
                    let block = &a.draft.blocks[bi];
                    let text = &a.draft.prose[block.span.clone()];
                    let here = &pieces_in[bi];
                    let key = KeyRef {
                        text,
                        scope: block.scope,
                        wire: block.wire_line,
                        base,
                        bi,
                        pieces: here,
                        quotes: &a.quotes,
                    };
                    let bucket = self.fresh.entry(h).or_default();
                    if bucket.iter().any(|e| key.matches(e)) {
                        // The same block twice in the draft: one entry serves both.
                        continue;
                    }
                    let facts = &a.blocks[bi];
                    let local = |qi: usize| here.iter().position(|p| p.1 == qi);
                    let tokens = facts
                        .tokens
                        .iter()
                        .map(|t| CTok {
                            start: (t.span.start - base) as u32,
                            end: (t.span.end - base) as u32,
                            kind: match t.kind {
                                TokKind::Word => CKind::Word,
                                TokKind::Punct(c) => CKind::Punct(c),
                                TokKind::Quote(q) => CKind::Quote(local(q).unwrap_or(0) as u32),
                            },
                        })
                        .collect();
                    let m0 = a.mentions.partition_point(|m| m.block < bi);
                    let m1 = a.mentions.partition_point(|m| m.block <= bi);
                    let mentions = a.mentions[m0..m1]
                        .iter()
                        .map(|m| Mention {
                            span: unshift(&m.span, base),
                            block: 0,
                            ..m.clone()
                        })
                        .collect();
                    let in_sentence = self
                        .in_sentence
                        .get_mut(bi)
                        .and_then(Option::take)
                        .unwrap_or_else(|| vec![None; here.len()]);
                    let entry = Entry {
                        text: text.into(),
                        scope: block.scope,
                        wire: block.wire_line,
                        pieces: key.signature(),
                        tokens,
                        sentences: facts.sentences.clone(),
                        in_sentence,
                        mentions,
                        responses: rel_responses(bi),
                    };
                    bucket.push(entry);
                }
            }
        }
        self.cache.map = self.fresh;
    }
}

/// A quotation whose in-sentence attribution depends on block `bi` alone.
fn cacheable(q: &Quote, bi: usize) -> bool {
    q.block == bi && q.pieces.len() == 1
}

#[derive(Debug)]
struct Entry {
    text: Box<str>,
    scope: Scope,
    wire: bool,
    pieces: Vec<PieceSig>,
    tokens: Vec<CTok>,
    sentences: Vec<Range<usize>>,
    /// Per piece: the in-sentence attribution of a one-piece quotation opened here.
    in_sentence: Vec<Option<InSentence>>,
    /// Block-relative spans.
    mentions: Vec<Mention>,
    responses: Vec<Option<Option<Response>>>,
}

#[derive(Debug, Clone, PartialEq)]
struct PieceSig {
    rel: Range<usize>,
    quote: Option<QuoteSig>,
}

#[derive(Debug, Clone, PartialEq)]
struct QuoteSig {
    text: Box<str>,
    style: MarkStyle,
    straight: bool,
    closed: bool,
}

#[derive(Debug, Clone, Copy)]
struct CTok {
    start: u32,
    end: u32,
    kind: CKind,
}

#[derive(Debug, Clone, Copy)]
enum CKind {
    Word,
    Punct(char),
    /// Index into the block's pieces.
    Quote(u32),
}

#[derive(Debug, Clone)]
struct InSentence {
    sentence: Range<usize>,
    kind: QuoteKind,
    cue: Option<Cue>,
    speaker: Option<Speaker>,
}

/// A block as the current draft has it, for looking up and building entries.
struct KeyRef<'a> {
    text: &'a str,
    scope: Scope,
    wire: bool,
    base: usize,
    bi: usize,
    pieces: &'a [(Range<usize>, usize)],
    quotes: &'a [Quote],
}

impl KeyRef<'_> {
    fn quote_sig(&self, qi: usize) -> Option<&Quote> {
        let q = &self.quotes[qi];
        cacheable(q, self.bi).then_some(q)
    }

    fn hash(&self) -> u64 {
        let mut h = Hash64::default();
        h.bytes(self.text.as_bytes());
        h.word(self.scope as u64 + ((self.wire as u64) << 8));
        for (r, qi) in self.pieces {
            h.word((r.start - self.base) as u64);
            h.word((r.end - self.base) as u64);
            if let Some(q) = self.quote_sig(*qi) {
                h.bytes(q.text.as_bytes());
                h.word(q.style as u64 + ((q.straight as u64) << 8) + ((q.closed as u64) << 16));
            }
        }
        h.0
    }

    fn matches(&self, e: &Entry) -> bool {
        *e.text == *self.text
            && e.scope == self.scope
            && e.wire == self.wire
            && e.pieces.len() == self.pieces.len()
            && e.pieces.iter().zip(self.pieces).all(|(p, (r, qi))| {
                p.rel == (r.start - self.base..r.end - self.base)
                    && match (&p.quote, self.quote_sig(*qi)) {
                        (None, None) => true,
                        (Some(s), Some(q)) => {
                            *s.text == *q.text
                                && s.style == q.style
                                && s.straight == q.straight
                                && s.closed == q.closed
                        }
                        _ => false,
                    }
            })
    }

    fn signature(&self) -> Vec<PieceSig> {
        self.pieces
            .iter()
            .map(|(r, qi)| PieceSig {
                rel: r.start - self.base..r.end - self.base,
                quote: self.quote_sig(*qi).map(|q| QuoteSig {
                    text: q.text.as_str().into(),
                    style: q.style,
                    straight: q.straight,
                    closed: q.closed,
                }),
            })
            .collect()
    }
}

/// A fast non-cryptographic hash (64-bit multiply-rotate, eight bytes at a time); equal
/// keys are still compared in full.
#[derive(Default)]
struct Hash64(u64);

impl Hash64 {
    fn word(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn bytes(&mut self, b: &[u8]) {
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            self.word(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.word(u64::from_le_bytes(last));
        self.word(b.len() as u64);
    }
}

fn shift(r: &Range<usize>, base: usize) -> Range<usize> {
    r.start + base..r.end + base
}

fn unshift(r: &Range<usize>, base: usize) -> Range<usize> {
    r.start - base..r.end - base
}

fn shift_cue(c: &Cue, base: usize) -> Cue {
    Cue {
        span: shift(&c.span, base),
        ..c.clone()
    }
}

fn unshift_cue(c: &Cue, base: usize) -> Cue {
    Cue {
        span: unshift(&c.span, base),
        ..c.clone()
    }
}

fn shift_speaker(s: &Speaker, base: usize) -> Speaker {
    Speaker {
        span: shift(&s.span, base),
        ..s.clone()
    }
}

fn unshift_speaker(s: &Speaker, base: usize) -> Speaker {
    Speaker {
        span: unshift(&s.span, base),
        ..s.clone()
    }
}

fn shift_response(r: &Response, base: usize) -> Response {
    Response {
        span: shift(&r.span, base),
        ..r.clone()
    }
}

fn unshift_response(r: &Response, base: usize) -> Response {
    Response {
        span: unshift(&r.span, base),
        ..r.clone()
    }
}
