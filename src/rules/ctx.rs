//! Shared facts for the detectors: which sentences are the writer's prose, their words
//! outside quotations, cues, and small text helpers. Computed from [`Analysis`] only.

use super::cache::{BlockOutput, Reuse, UNITS, Unit, UnitTable, window};
use super::{Finding, Severity, rule};
use crate::config::Config;
use crate::engine::attribution::{CueHit, Np, Sent};
use crate::engine::ledger::Mention;
use crate::engine::lexicon::{CueClass, CueForm, lexicon};
use crate::engine::{Analysis, Scope};
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

/// A sentence of a block.
#[derive(Debug, Clone)]
pub struct SentRef {
    pub block: usize,
    /// Index of the sentence in the block.
    pub index: usize,
    /// Byte span.
    pub span: Range<usize>,
}

/// A word token outside quotations.
#[derive(Debug, Clone)]
pub struct Word<'a> {
    pub span: Range<usize>,
    pub text: &'a str,
    /// Lower case, curly apostrophe as straight.
    pub lower: Lower<'a>,
    /// Token index in the block.
    pub tok: usize,
}

pub struct Ctx<'a> {
    pub src: &'a str,
    pub a: &'a Analysis,
    pub cfg: &'a Config,
    /// Sentences of body paragraphs, list items and table cells (the writer's prose),
    /// outside interview transcripts.
    pub prose_sentences: Vec<SentRef>,
    /// Per block: part of a Q&A or interview transcript.
    pub transcript: Vec<bool>,
    /// Per quotation: where it is in the transcripts (empty without transcripts).
    pub verifications: Vec<Option<crate::engine::transcript::Verification>>,
    /// Mention indices sorted by start (for [`Ctx::mentions_in`]).
    mentions_by_start: Vec<usize>,
    /// Index of each block's first sentence in `words_cache`.
    sentence_base: Vec<usize>,
    /// Words of every sentence, computed on first use and shared by every rule (and
    /// by the threads that run rule groups on a large draft: see `rules::check`).
    words_cache: Vec<OnceLock<Vec<Word<'a>>>>,
    /// Cues of every sentence, likewise.
    cues_cache: Vec<OnceLock<Vec<CueHit>>>,
    /// Speakers found per sentence: (cue tokens, cue form, speaker).
    speakers_cache: Vec<Mutex<Vec<SpeakerOf>>>,
    /// Per block: its sentences' range in `prose_sentences`.
    prose_of_block: Vec<Range<u32>>,
    /// With a rules cache: what the cached units may reuse from the last check, and
    /// their output of this one, per [`Unit`] (see [`Ctx::per_block`]).
    reuse: Option<Reuse>,
    new_units: Vec<Mutex<UnitTable>>,
}

/// A word in lower case (curly apostrophe as straight): borrowed from the draft when the
/// word already is (most words are), so computing a sentence's words allocates little.
#[derive(Clone, PartialEq, Eq)]
pub struct Lower<'a>(std::borrow::Cow<'a, str>);

impl<'a> Lower<'a> {
    /// `text.to_lowercase().replace('’', "'")`, borrowed when that is `text` itself.
    pub fn of(text: &'a str) -> Lower<'a> {
        if text
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        {
            Lower(std::borrow::Cow::Borrowed(text))
        } else if text.is_ascii() {
            // The same as `to_lowercase` for ASCII, without the Unicode path.
            Lower(std::borrow::Cow::Owned(text.to_ascii_lowercase()))
        } else {
            Lower(std::borrow::Cow::Owned(
                text.to_lowercase().replace('’', "'"),
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Lower<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Lower<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl PartialEq<str> for Lower<'_> {
    fn eq(&self, o: &str) -> bool {
        self.as_str() == o
    }
}
impl PartialEq<&str> for Lower<'_> {
    fn eq(&self, o: &&str) -> bool {
        self.as_str() == *o
    }
}
impl PartialEq<String> for Lower<'_> {
    fn eq(&self, o: &String) -> bool {
        self.as_str() == o.as_str()
    }
}
impl PartialEq<Lower<'_>> for String {
    fn eq(&self, o: &Lower<'_>) -> bool {
        self.as_str() == o.as_str()
    }
}

/// A cue (tokens and form) and the speaker found for it.
pub(super) type SpeakerOf = (Range<usize>, &'static CueForm, Option<Np>);

/// Whether a paragraph opens with a speaker label: `((Wikinews))`, `Q:`, `SMITH:`, `MS `.
pub fn speaker_label(text: &str) -> bool {
    let t = text.trim_start();
    if t.starts_with("((") && t[2..].find("))").is_some_and(|i| i < 40) {
        return true;
    }
    let initials: String = t.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    let rest = &t[initials.len()..];
    if (2..=4).contains(&initials.len())
        && rest.starts_with(' ')
        && rest
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
        && !matches!(
            initials.as_str(),
            "US" | "UK" | "UN" | "EU" | "AP" | "CEO" | "BBC" | "NASA" | "FBI" | "CIA" | "NHS"
        )
    {
        return true;
    }
    if let Some(i) = t.find(':') {
        let head = &t[..i];
        return !head.is_empty()
            && head.len() <= 24
            && head
                .chars()
                .all(|c| c.is_uppercase() || c == ' ' || c == '.');
    }
    false
}

/// Blocks that belong to an interview transcript: from just before the first labelled
/// paragraph to the end, when at least three paragraphs carry speaker labels.
fn transcript_blocks(a: &Analysis) -> Vec<bool> {
    let n = a.draft.blocks.len();
    let labelled: Vec<usize> = (0..n)
        .filter(|&b| speaker_label(&a.draft.prose[a.draft.blocks[b].span.clone()]))
        .collect();
    let mut out = vec![false; n];
    if labelled.len() >= 3 {
        for (b, o) in out
            .iter_mut()
            .enumerate()
            .skip(labelled[0].saturating_sub(1))
        {
            *o = a.draft.blocks[b].scope != Scope::Heading || b > labelled[0];
        }
    } else {
        for b in labelled {
            out[b] = true;
        }
    }
    out
}

impl<'a> Ctx<'a> {
    pub fn new(src: &'a str, a: &'a Analysis, cfg: &'a Config) -> Ctx<'a> {
        let mut prose_sentences = Vec::new();
        let transcript = transcript_blocks(a);
        let mut prose_of_block = Vec::with_capacity(a.blocks.len());
        for (bi, facts) in a.blocks.iter().enumerate() {
            let from = prose_sentences.len() as u32;
            if !is_prose_scope(a.draft.blocks[bi].scope) || transcript[bi] {
                prose_of_block.push(from..from);
                continue;
            }
            prose_of_block.push(from..from + facts.sentences.len() as u32);
            for si in 0..facts.sentences.len() {
                prose_sentences.push(SentRef {
                    block: bi,
                    index: si,
                    span: facts.sentence_span(si),
                });
            }
        }
        let mut sentence_base = Vec::with_capacity(a.blocks.len());
        let mut total = 0;
        for facts in &a.blocks {
            sentence_base.push(total);
            total += facts.sentences.len();
        }
        let mut mentions_by_start: Vec<usize> = (0..a.mentions.len()).collect();
        mentions_by_start.sort_by_key(|&i| (a.mentions[i].span.start, i));
        Ctx {
            src,
            a,
            cfg,
            prose_sentences,
            transcript,
            verifications: Vec::new(),
            mentions_by_start,
            sentence_base,
            words_cache: (0..total).map(|_| OnceLock::new()).collect(),
            cues_cache: (0..total).map(|_| OnceLock::new()).collect(),
            speakers_cache: (0..total).map(|_| Default::default()).collect(),
            prose_of_block,
            reuse: None,
            new_units: Vec::new(),
        }
    }

    /// The prose sentences (see `prose_sentences`) of block `b`.
    pub fn prose_sentences_in(&self, b: usize) -> &[SentRef] {
        let r = &self.prose_of_block[b];
        &self.prose_sentences[r.start as usize..r.end as usize]
    }

    /// Check with a rules cache: `r` is what the last check left (from [`super::cache`]).
    pub(super) fn set_reuse(&mut self, r: Reuse) {
        self.reuse = Some(r);
        self.new_units = (0..UNITS).map(|_| Default::default()).collect();
    }

    /// [`Ctx::per_block`] for a part that reads one prose sentence at a time:
    /// `body(s, out)` runs on every prose sentence of each block not reused.
    pub(super) fn per_sentence(
        &self,
        unit: Unit,
        mut body: impl FnMut(&SentRef, &mut Vec<Finding>),
        out: &mut Vec<Finding>,
    ) {
        self.per_block(
            unit,
            |_| 0,
            |b, out, _, _| {
                for s in self.prose_sentences_in(b) {
                    body(s, out);
                }
            },
            out,
        );
    }

    /// Runs a rule part block by block: `body(b, out, marks, count)` pushes block `b`'s
    /// findings to `out` (and spans to `marks`, a number to `count` for the rule's
    /// document-level part), for every block in order; returns every block's marks and
    /// the sum of the counts. With a rules cache, a block whose window is unchanged since
    /// the last check (see [`super::cache::Unit`]) and whose `extra(b)` is the same gets
    /// the last check's output moved to its new place instead of running `body`; the
    /// result is the same, in the same order.
    pub(super) fn per_block(
        &self,
        unit: Unit,
        extra: impl Fn(usize) -> u32,
        mut body: impl FnMut(usize, &mut Vec<Finding>, &mut Vec<Range<usize>>, &mut usize),
        out: &mut Vec<Finding>,
    ) -> (Vec<Range<usize>>, usize) {
        let n = self.a.draft.blocks.len();
        let (mut marks, mut count) = (Vec::new(), 0);
        let Some(reuse) = &self.reuse else {
            for b in 0..n {
                let mut c = 0;
                body(b, out, &mut marks, &mut c);
                count += c;
            }
            return (marks, count);
        };
        let old = reuse.old_units.get(unit as usize);
        let mut table = UnitTable::with_capacity(n);
        let w = window(unit);
        for b in 0..n {
            let x = extra(b);
            let base = self.a.draft.blocks[b].span.start;
            let (f0, m0) = (out.len(), marks.len());
            let reused = old
                .zip(reuse.valid(b, w))
                .and_then(|(t, ob)| t.get(ob, x, base, out, &mut marks));
            let c = match reused {
                Some(c) => c,
                None => {
                    let mut c = 0;
                    body(b, out, &mut marks, &mut c);
                    c
                }
            };
            count += c;
            table.push(
                x,
                base,
                BlockOutput {
                    findings: &out[f0..],
                    marks: &marks[m0..],
                    count: c,
                },
            );
        }
        *self.new_units[unit as usize]
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = table;
        (marks, count)
    }

    /// Give sentence `si` of block `b` its cues and speakers (from [`super::cache`]).
    pub(super) fn set_sent_facts(&mut self, b: usize, si: usize, f: super::cache::SentFacts) {
        let i = self.sentence_base[b] + si;
        if let Some(c) = f.cues {
            self.cues_cache[i] = OnceLock::from(c);
        }
        self.speakers_cache[i] = Mutex::new(f.speakers);
    }

    /// Every sentence's cues and speakers as far as they were computed, in block and
    /// sentence order, the cached units' output per block and the blocks' fingerprints,
    /// for [`super::cache`].
    pub(super) fn into_kept(self) -> (Vec<super::cache::SentFacts>, Vec<UnitTable>, Vec<u64>) {
        let units = self
            .new_units
            .into_iter()
            .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
            .collect();
        let fps = self.reuse.map(|r| r.fp).unwrap_or_default();
        let sents = self
            .cues_cache
            .into_iter()
            .zip(self.speakers_cache)
            .map(|(c, s)| super::cache::SentFacts {
                cues: c.into_inner(),
                speakers: s.into_inner().unwrap_or_else(|e| e.into_inner()),
            })
            .collect();
        (sents, units, fps)
    }

    /// Computes every prose sentence's words, cues and the cues' speakers now, on the
    /// rayon pool, rather than on first use (the rules ask for all of them anyway). With
    /// a rules cache only those of the blocks the cache did not have: the cached rule
    /// parts reuse the other blocks' findings, and what the rest of the rules ask of
    /// those blocks is computed on first use.
    pub fn precompute(&self) {
        use rayon::prelude::*;
        self.prose_sentences
            .par_iter()
            .with_min_len(32)
            .filter(|s| self.reuse.as_ref().is_none_or(|r| !r.has(s.block)))
            .for_each(|s| {
                self.words(s);
                for c in self.cues(s) {
                    self.speaker(s, c);
                }
            });
    }

    /// The mentions that lie within `span`, in the analysis' order (a binary search,
    /// not a scan of every mention).
    pub fn mentions_in(&self, span: Range<usize>) -> Vec<&'a Mention> {
        let ms = &self.a.mentions;
        let from = self
            .mentions_by_start
            .partition_point(|&i| ms[i].span.start < span.start);
        let mut found: Vec<usize> = self.mentions_by_start[from..]
            .iter()
            .take_while(|&&i| ms[i].span.start <= span.end)
            .copied()
            .filter(|&i| ms[i].span.end <= span.end)
            .collect();
        found.sort_unstable();
        found.into_iter().map(|i| &ms[i]).collect()
    }

    pub fn prose(&self) -> &'a str {
        &self.a.draft.prose
    }

    /// Whether a rule is enabled (by default or by configuration).
    pub fn on(&self, id: &str) -> bool {
        match self.cfg.level(id) {
            Some(level) => level.is_some(),
            None => rule(id).is_some_and(|r| r.default.is_some()),
        }
    }

    /// A finding at the rule's default severity (hint for rules that are off by default).
    pub fn finding(&self, id: &'static str, span: Range<usize>, message: String) -> Finding {
        let severity = rule(id).and_then(|r| r.default).unwrap_or(Severity::Hint);
        Finding {
            rule: id,
            severity,
            message,
            span,
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub fn sent(&self, s: &SentRef) -> Sent<'a> {
        Sent {
            prose: &self.a.draft.prose,
            toks: &self.a.blocks[s.block].tokens,
            range: self.a.blocks[s.block].sentences[s.index].clone(),
            cues: Default::default(),
        }
    }

    /// Word tokens of a sentence outside quotations (computed once per sentence).
    pub fn words(&self, s: &SentRef) -> &[Word<'a>] {
        self.words_cache[self.sentence_base[s.block] + s.index].get_or_init(|| self.words_of(s))
    }

    fn words_of(&self, s: &SentRef) -> Vec<Word<'a>> {
        let toks = &self.a.blocks[s.block].tokens;
        let prose: &'a str = &self.a.draft.prose;
        self.a.blocks[s.block].sentences[s.index]
            .clone()
            .filter(|&k| toks[k].is_word())
            .map(|k| {
                let text = &prose[toks[k].span.clone()];
                Word {
                    span: toks[k].span.clone(),
                    text,
                    lower: Lower::of(text),
                    tok: k,
                }
            })
            .collect()
    }

    /// Quotation indices that have a piece in the sentence.
    pub fn quotes_in(&self, s: &SentRef) -> Vec<usize> {
        let toks = &self.a.blocks[s.block].tokens;
        self.a.blocks[s.block].sentences[s.index]
            .clone()
            .filter_map(|k| toks[k].quote())
            .collect()
    }

    /// Cues of a sentence (outside quotations), plus configured extra cue verbs.
    pub fn cues(&self, s: &SentRef) -> &[CueHit] {
        self.cues_cache[self.sentence_base[s.block] + s.index].get_or_init(|| self.sent(s).cues())
    }

    /// Whether the sentence attributes something: a cue with a speaker, an "according
    /// to", an attributed quotation, or a configured extra cue verb.
    pub fn is_attributed(&self, s: &SentRef) -> bool {
        // Through the shared caches (the same cues and speakers every rule asks for).
        if self.cues(s).iter().any(|c| {
            c.is_according_to()
                || !c.classes().contains(&CueClass::Cognition) && self.speaker(s, c).is_some()
        }) {
            return true;
        }
        if self
            .quotes_in(s)
            .iter()
            .any(|&q| self.a.quotes[q].speaker.is_some())
        {
            return true;
        }
        let words = self.words(s);
        words.iter().any(|w| {
            self.cfg.cue_verbs.iter().any(|c| c == &w.lower)
                || matches!(
                    w.lower.as_str(),
                    "according" | "reported" | "reportedly" | "cited" | "citing"
                )
        })
    }

    /// The speaker noun phrase of a cue.
    pub fn speaker(&self, s: &SentRef, cue: &CueHit) -> Option<Np> {
        // Several rules ask for the same cue's speaker; the search runs once.
        // (Two threads may both compute an answer before either stores it: the answers
        // are the same, and the first stored is the one found.)
        let slot = &self.speakers_cache[self.sentence_base[s.block] + s.index];
        let known = |found: &[SpeakerOf]| {
            found
                .iter()
                .find(|(toks, form, _)| *toks == cue.toks && std::ptr::eq(*form, cue.form))
                .map(|(_, _, np)| np.clone())
        };
        if let Some(np) = known(&slot.lock().unwrap_or_else(|e| e.into_inner())) {
            return np;
        }
        let np = self.sent(s).speaker_for(cue, None);
        slot.lock().unwrap_or_else(|e| e.into_inner()).push((
            cue.toks.clone(),
            cue.form,
            np.clone(),
        ));
        np
    }

    /// Byte span of a cue.
    pub fn cue_span(&self, s: &SentRef, cue: &CueHit) -> Range<usize> {
        let toks = &self.a.blocks[s.block].tokens;
        toks[cue.toks.start].span.start..toks[cue.toks.end - 1].span.end
    }

    /// Sentences of a block (all scopes).
    pub fn block_sentences(&self, b: usize) -> Vec<SentRef> {
        let facts = &self.a.blocks[b];
        (0..facts.sentences.len())
            .map(|si| SentRef {
                block: b,
                index: si,
                span: facts.sentence_span(si),
            })
            .collect()
    }

    /// Sentence `si` of block `b` (without building the block's whole list).
    pub fn block_sentence(&self, b: usize, si: usize) -> Option<SentRef> {
        let facts = &self.a.blocks[b];
        (si < facts.sentences.len()).then(|| SentRef {
            block: b,
            index: si,
            span: facts.sentence_span(si),
        })
    }

    pub fn block_text(&self, b: usize) -> &'a str {
        let prose: &'a str = &self.a.draft.prose;
        &prose[self.a.draft.blocks[b].span.clone()]
    }

    pub fn scope(&self, b: usize) -> Scope {
        self.a.draft.blocks[b].scope
    }

    /// Whether a byte offset is inside a quotation (any kind, including unclosed ones).
    pub fn in_quote(&self, pos: usize) -> bool {
        self.a
            .quotes
            .iter()
            .any(|q| q.pieces.iter().any(|p| p.contains(&pos)))
    }

    /// `pos` moved back to a char boundary inside the text.
    fn floor(&self, pos: usize) -> usize {
        let mut pos = pos.min(self.src.len());
        while !self.src.is_char_boundary(pos) {
            pos -= 1;
        }
        pos
    }

    /// Lower-case words of a block's text with byte ranges (quotations included).
    pub fn block_words(&self, b: usize) -> Vec<(Range<usize>, String)> {
        let span = self.a.draft.blocks[b].span.clone();
        crate::engine::ledger::words_of(&self.a.draft.prose[span.clone()], span.start)
    }

    /// The start of the source line holding `pos` (clamped to the text).
    pub fn line_start(&self, pos: usize) -> usize {
        let pos = self.floor(pos);
        self.src[..pos].rfind('\n').map_or(0, |i| i + 1)
    }

    /// The end of the source line holding `pos` (before the line break; clamped).
    pub fn line_end(&self, pos: usize) -> usize {
        let pos = self.floor(pos);
        self.src[pos..]
            .find('\n')
            .map_or(self.src.len(), |i| pos + i)
    }
}

pub fn is_prose_scope(s: Scope) -> bool {
    matches!(s, Scope::Body | Scope::ListItem | Scope::TableCell)
}

/// Find a phrase (lower-case words) in a word list; every match, as word index ranges.
pub fn find_all(words: &[Word], phrase: &[String]) -> Vec<Range<usize>> {
    if phrase.is_empty() || words.len() < phrase.len() {
        return Vec::new();
    }
    // Phrase words are normalised once (curly apostrophe as straight), not per comparison.
    let norm = crate::engine::ledger::phrase_words_norm(phrase);
    (0..=words.len() - phrase.len())
        .filter(|&i| {
            norm.iter()
                .enumerate()
                .all(|(j, p)| words[i + j].lower == **p)
        })
        .map(|i| i..i + phrase.len())
        .collect()
}

/// A phrase's words with curly apostrophes as straight (as sentence words are).
pub fn normalise_phrase(phrase: &[String]) -> Vec<String> {
    phrase.iter().map(|p| p.replace('’', "'")).collect()
}

/// `ledger::find_phrase` over a sentence's words for a phrase normalised by
/// [`normalise_phrase`]: the byte range of its first occurrence (`x` matches any word).
pub fn find_phrase_norm(words: &[Word], phrase: &[String]) -> Option<Range<usize>> {
    if phrase.is_empty() || words.len() < phrase.len() {
        return None;
    }
    (0..=words.len() - phrase.len()).find_map(|i| {
        phrase
            .iter()
            .enumerate()
            .all(|(j, p)| p == "x" || words[i + j].lower == *p)
            .then(|| words[i].span.start..words[i + phrase.len() - 1].span.end)
    })
}

/// The bit of a word's (first byte, last byte) pair in [`FirstWords`]' set.
fn ends_bit(w: &str) -> usize {
    let b = w.as_bytes();
    usize::from(b.first().copied().unwrap_or(0)) << 8 | usize::from(b.last().copied().unwrap_or(0))
}

/// A phrase list (lower-case words) indexed by first word, so that a sentence is searched
/// with one lookup per word rather than one scan per phrase. Gives the same answers as
/// trying every phrase of the list in turn: a phrase whose first word is not in the
/// sentence has no match.
pub struct FirstWords {
    /// The phrases, curly apostrophes as straight.
    phrases: Vec<Vec<String>>,
    /// First word → phrase indices, ascending.
    by_first: crate::engine::lexicon::FastMap<String, Vec<usize>>,
    /// Phrases starting with `x` (a wildcard for [`FirstWords::first_phrase`]).
    wild: Vec<usize>,
    /// Lengths (bit `min(len, 63)`) and (first byte, last byte) pairs of the first
    /// words (a 65,536-bit set): most words of a sentence are ruled out by these two bit
    /// tests without hashing them (first bytes alone let most words through).
    lens: u64,
    ends: Vec<u64>,
}

impl FirstWords {
    /// Index phrases (normalised here, as [`normalise_phrase`]); the indices of the
    /// answers are positions in this list.
    pub fn new(phrases: impl IntoIterator<Item = Vec<String>>) -> FirstWords {
        let mut ix = FirstWords {
            phrases: Vec::new(),
            by_first: Default::default(),
            wild: Vec::new(),
            lens: 0,
            ends: vec![0; 1024],
        };
        for (i, p) in phrases.into_iter().enumerate() {
            let p = normalise_phrase(&p);
            match p.first().map(String::as_str) {
                None => {}
                Some("x") => ix.wild.push(i),
                Some(f) => {
                    ix.lens |= 1 << f.len().min(63);
                    let e = ends_bit(f);
                    ix.ends[e >> 6] |= 1 << (e & 63);
                    ix.by_first.entry(f.to_string()).or_default().push(i);
                }
            }
            ix.phrases.push(p);
        }
        ix
    }

    fn listed(&self, w: &str) -> &[usize] {
        if w.is_empty() || self.lens & (1 << w.len().min(63)) == 0 {
            return &[];
        }
        let e = ends_bit(w);
        if self.ends[e >> 6] & (1 << (e & 63)) == 0 {
            return &[];
        }
        self.by_first.get(w).map_or(&[], Vec::as_slice)
    }

    /// Per phrase: whether its first word is among `words` (lower case, curly apostrophe
    /// as straight) or is the wildcard — whether it can occur at all.
    pub fn present<'w>(&self, words: impl Iterator<Item = &'w str>) -> Vec<bool> {
        let mut out = vec![false; self.phrases.len()];
        for &i in &self.wild {
            out[i] = true;
        }
        for w in words {
            for &i in self.listed(w) {
                out[i] = true;
            }
        }
        out
    }

    /// Every occurrence of every phrase, words compared literally (no wildcard), as
    /// (phrase index, word index range): by phrase in list order, then in text order —
    /// the order of running [`find_all`] for each phrase in turn.
    pub fn occurrences(&self, words: &[Word]) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        for i in 0..words.len() {
            for &pi in self.listed(&words[i].lower).iter().chain(&self.wild) {
                let p = &self.phrases[pi];
                if i + p.len() <= words.len()
                    && p.iter().enumerate().all(|(j, x)| words[i + j].lower == *x)
                {
                    out.push((pi, i..i + p.len()));
                }
            }
        }
        out.sort_unstable_by_key(|(pi, r)| (*pi, r.start));
        out
    }

    /// The first phrase of the list that occurs (`x` matching any word), with the byte
    /// range of its first occurrence — trying each phrase in turn with
    /// `ledger::find_phrase`.
    pub fn first_phrase(&self, words: &[Word]) -> Option<(usize, Range<usize>)> {
        let mut candidates = self.wild.clone();
        for w in words {
            candidates.extend_from_slice(self.listed(&w.lower));
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .find_map(|pi| find_phrase_norm(words, &self.phrases[pi]).map(|r| (pi, r)))
    }
}

/// Whether the phrase list matches anywhere in `(range, word)` pairs; returns the span.
pub fn find_in(words: &[(Range<usize>, String)], phrases: &[Vec<String>]) -> Option<Range<usize>> {
    phrases
        .iter()
        .find_map(|p| crate::engine::ledger::find_phrase(words, p))
}

/// Replace a verb form by the same form of "say": stated → said, states → says,
/// stating → saying, state → say. Keeps an initial capital.
pub fn say_form(verb: &str) -> String {
    let lower = verb.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    let form = if first.ends_with("ing") {
        "saying"
    } else if first.ends_with("ed")
        || matches!(
            first,
            "went" | "told" | "hit" | "shot" | "fired" | "let" | "owned" | "felt" | "thought"
        )
    {
        "said"
    } else if first.ends_with('s') {
        "says"
    } else {
        "say"
    };
    if verb.chars().next().is_some_and(char::is_uppercase) {
        let mut c = form.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    } else {
        form.to_string()
    }
}

/// Whether a word starts with an upper-case letter.
pub fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// The lexicon's anonymity descriptors of the given classes, longest first.
pub fn anonymity_phrases(classes: &[&str]) -> Vec<(Vec<String>, String)> {
    let mut v: Vec<(Vec<String>, String)> = lexicon()
        .anonymity
        .iter()
        .filter(|(_, c)| classes.contains(&c.as_str()))
        .cloned()
        .collect();
    v.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    v
}

/// Whether a lower-case noun heads a document phrase (`data/documents.txt`: "the
/// schedule", "a statement").
pub fn is_document_head(lower: &str) -> bool {
    lexicon().document_heads.contains(lower)
}

/// Whether a speaker noun phrase is a document or publication (`the report`, `the schedule`).
pub fn is_document(np: &Np) -> bool {
    use crate::engine::SpeakerKind;
    matches!(np.kind, SpeakerKind::Document | SpeakerKind::Publication)
        || np.kind == SpeakerKind::Role
            && np
                .name
                .split_whitespace()
                .last()
                .is_some_and(|h| is_document_head(&h.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Format, analyze};

    #[test]
    fn line_bounds_take_any_offset() {
        // An offset inside `”` (found by fuzzing: the end of a paragraph minus one byte).
        let src = "Leave a reply “now”\nnext line";
        let a = analyze(src, Format::Markdown);
        let cfg = Config::default();
        let cx = Ctx::new(src, &a, &cfg);
        let inside = src.find('”').unwrap() + 1;
        assert_eq!(cx.line_end(inside), src.find('\n').unwrap());
        assert_eq!(cx.line_start(inside), 0);
        assert_eq!(cx.line_end(src.len() + 5), src.len());
    }
}
