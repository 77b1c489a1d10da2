//! The rules' per-block cache: the sentence facts every rule shares (each sentence's
//! cues and the speakers found for them) kept from one check of a draft to the next, so
//! that a keystroke recomputes them only for the blocks it changed. The rules themselves
//! still run on the whole draft; only these facts are reused.
//!
//! Why a hit gives what a fresh computation gives: a sentence's cues
//! (`attribution::Sent::cues`) and a cue's speaker (`Sent::speaker_for`) read the
//! block's tokens, the sentence's token range and the draft's text at those tokens'
//! spans, and nothing else (`Sent` never leaves its block, as the engine's own cache
//! relies on too). The key is exactly that: the block's text in `prose`, its tokens
//! (spans relative to the block start, kinds with quotation numbers renumbered in the
//! block's order of first appearance, since `Sent` only compares them) and its
//! sentences. Text, sentences and the tokens' quotation pieces are stored and compared
//! in full; the tokens themselves by number and a 64-bit hash (stored in full they took
//! 4 MB at 100k words, and the server's peak memory is capped): the tokens are a
//! function of the block's text and its pieces — the engine cache keys them on exactly
//! that — so the hash is a second check, not the only one. Cached cues and speakers
//! hold token indices (block-local) and byte spans
//! (stored relative to the block start, shifted on a hit). The property test
//! `cached_rules_equal_fresh_ones` (tests/props.rs) checks `check` with the cache against
//! a fresh `check` over random drafts and edits.

use super::ctx::{Ctx, SpeakerOf};
use crate::engine::Analysis;
use crate::engine::attribution::CueHit;
use crate::engine::lexicon::FastMap;
use crate::engine::text::{TokKind, Token};
use std::ops::Range;

/// Sentence facts of the blocks of the last draft checked with it (see the module
/// documentation). Pass the same cache to each check of a document's versions; a cache
/// left by any other text is still valid (it is keyed by block content), just less
/// useful.
#[derive(Default)]
pub struct RulesCache {
    /// The blocks of the last draft checked, in order. Their sentences' facts are in
    /// `sents`, in the same order (an entry's are `sents[first..]`, one per sentence of
    /// its key). Flat tables rebuilt in place each check: a few allocations per check
    /// rather than several per block.
    entries: Vec<Entry>,
    sents: Vec<SentFacts>,
    /// Key hash → the last entry with it; entries with the same hash (identical blocks,
    /// or a collision) are chained through `Entry::next`.
    index: FastMap<u64, u32>,
    /// The table before last, emptied: its capacity is reused.
    spare: Vec<Entry>,
    /// Blocks reused and computed afresh by the last check.
    last: (usize, usize),
}

impl std::fmt::Debug for RulesCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RulesCache")
            .field("blocks", &self.entries.len())
            .field("last_hits_misses", &self.last)
            .finish()
    }
}

/// No entry (end of a chain).
const NONE: u32 = u32::MAX;

/// One block: its key (taken by a hit, so two identical blocks take two entries) and
/// where its sentences' facts start in `RulesCache::sents`.
struct Entry {
    key: Option<Key>,
    first: usize,
    next: u32,
}

#[derive(PartialEq, Eq)]
struct Key {
    text: String,
    /// The tokens' hash and number; their quotation pieces in full.
    toks_hash: u64,
    toks: usize,
    pieces: Vec<(Range<usize>, usize)>,
    sentences: Vec<Range<usize>>,
}

/// One sentence's shared facts; byte spans relative to the block start.
#[derive(Default)]
pub(super) struct SentFacts {
    pub cues: Option<Vec<CueHit>>,
    pub speakers: Vec<SpeakerOf>,
}

/// A token kind with quotation numbers replaced by their rank of first appearance in
/// the block.
fn local_kind(kind: TokKind, seen: &mut Vec<usize>) -> TokKind {
    match kind {
        TokKind::Quote(q) => {
            let i = seen.iter().position(|&s| s == q).unwrap_or_else(|| {
                seen.push(q);
                seen.len() - 1
            });
            TokKind::Quote(i)
        }
        k => k,
    }
}

/// A token kind as a number (for the hash).
fn kind_code(k: TokKind) -> u64 {
    match k {
        TokKind::Word => 0,
        TokKind::Punct(c) => 1 | (c as u64) << 2,
        TokKind::Quote(i) => 2 | (i as u64) << 2,
    }
}

/// A fast non-cryptographic hash (the FxHash step, eight bytes at a time): the key of
/// every block is hashed on every check, so SipHash would cost more than the cache
/// saves. Collisions only cost a full comparison.
struct Fx(u64);

impl Fx {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn bytes(&mut self, b: &[u8]) {
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let mut last = [0u8; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.add(u64::from_le_bytes(last));
        self.add(b.len() as u64);
    }
}

/// A block of the analysis as the cache sees it.
struct BlockView<'a> {
    text: &'a str,
    base: usize,
    toks: &'a [Token],
    sentences: &'a [Range<usize>],
}

impl BlockView<'_> {
    fn of(a: &Analysis, b: usize) -> BlockView<'_> {
        let span = a.draft.blocks[b].span.clone();
        BlockView {
            text: &a.draft.prose[span.clone()],
            base: span.start,
            toks: &a.blocks[b].tokens,
            sentences: &a.blocks[b].sentences,
        }
    }

    /// Relative token spans and block-local kinds.
    fn toks(&self) -> impl Iterator<Item = (Range<usize>, TokKind)> + '_ {
        let mut seen = Vec::new();
        self.toks.iter().map(move |t| {
            (
                t.span.start.wrapping_sub(self.base)..t.span.end.wrapping_sub(self.base),
                local_kind(t.kind, &mut seen),
            )
        })
    }

    /// The quotation pieces among the tokens (relative spans, block-local numbers).
    fn pieces(&self) -> impl Iterator<Item = (Range<usize>, usize)> + '_ {
        self.toks().filter_map(|(span, kind)| match kind {
            TokKind::Quote(i) => Some((span, i)),
            _ => None,
        })
    }

    fn toks_hash(&self) -> u64 {
        let mut h = Fx(0);
        h.add(self.toks.len() as u64);
        for (span, kind) in self.toks() {
            h.add((span.start as u64) << 32 | span.end as u64);
            h.add(kind_code(kind));
        }
        h.0
    }

    fn hash(&self, toks_hash: u64) -> u64 {
        let mut h = Fx(toks_hash);
        h.bytes(self.text.as_bytes());
        for s in self.sentences {
            h.add((s.start as u64) << 32 | s.end as u64);
        }
        h.0
    }

    fn matches(&self, key: &Key, toks_hash: u64) -> bool {
        key.toks_hash == toks_hash
            && key.toks == self.toks.len()
            && key.text == self.text
            && key.sentences == self.sentences
            && key.pieces.iter().cloned().eq(self.pieces())
    }

    fn key(&self, toks_hash: u64) -> Key {
        Key {
            text: self.text.to_string(),
            toks_hash,
            toks: self.toks.len(),
            pieces: self.pieces().collect(),
            sentences: self.sentences.to_vec(),
        }
    }
}

/// Per block of the draft being checked: its key's hash and, on a hit, the key taken
/// from the cache (to be stored again with the block's facts).
pub(super) struct Lookup {
    hash: u64,
    toks_hash: u64,
    key: Option<Key>,
}

fn shift_facts(facts: &mut [SentFacts], by: impl Fn(usize) -> usize) {
    for s in facts {
        for (_, _, np) in &mut s.speakers {
            if let Some(np) = np {
                np.span = by(np.span.start)..by(np.span.end);
            }
        }
    }
}

impl RulesCache {
    pub fn new() -> RulesCache {
        RulesCache::default()
    }

    /// Blocks whose facts the last check reused, and blocks it computed afresh.
    pub fn last_hits_misses(&self) -> (usize, usize) {
        self.last
    }

    /// Move the cached facts of the draft's unchanged blocks into the context.
    pub(super) fn fill(&mut self, cx: &mut Ctx) -> Vec<Lookup> {
        let a = cx.a;
        let mut out = Vec::with_capacity(a.blocks.len());
        let mut hits = 0;
        for b in 0..a.blocks.len() {
            let view = BlockView::of(a, b);
            let toks_hash = view.toks_hash();
            let hash = view.hash(toks_hash);
            let mut i = self.index.get(&hash).copied().unwrap_or(NONE);
            let mut key = None;
            while let Some(e) = self.entries.get_mut(i as usize) {
                if e.key.as_ref().is_some_and(|k| view.matches(k, toks_hash)) {
                    key = e.key.take();
                    let first = e.first;
                    let n = a.blocks[b].sentences.len();
                    for (j, f) in self.sents[first..first + n].iter_mut().enumerate() {
                        let mut f = std::mem::take(f);
                        shift_facts(std::slice::from_mut(&mut f), |p| p + view.base);
                        cx.set_sent_facts(b, j, f);
                    }
                    hits += 1;
                    break;
                }
                i = e.next;
            }
            out.push(Lookup {
                hash,
                toks_hash,
                key,
            });
        }
        self.last = (hits, a.blocks.len() - hits);
        out
    }

    /// Keep the facts the check computed (or reused), per block of this draft; the
    /// blocks of older drafts are dropped.
    pub(super) fn keep(&mut self, cx: Ctx, lookups: Vec<Lookup>) {
        let a = cx.a;
        let mut sents = cx.into_sent_facts();
        let mut entries = std::mem::take(&mut self.spare);
        entries.clear();
        entries.reserve(lookups.len());
        self.index.clear();
        let mut first = 0;
        for (b, l) in lookups.into_iter().enumerate() {
            let view = BlockView::of(a, b);
            let n = a.blocks[b].sentences.len();
            let facts = &mut sents[first..first + n];
            shift_facts(facts, |p| p.wrapping_sub(view.base));
            // Kept until the next check: no spare capacity (a vector grown by pushes
            // holds room for four speakers, 450 bytes, where most sentences have one).
            for s in facts {
                s.speakers.shrink_to_fit();
                if let Some(c) = &mut s.cues {
                    c.shrink_to_fit();
                }
            }
            let key = l.key.unwrap_or_else(|| view.key(l.toks_hash));
            let next = self
                .index
                .insert(l.hash, entries.len() as u32)
                .unwrap_or(NONE);
            entries.push(Entry {
                key: Some(key),
                first,
                next,
            });
            first += n;
        }
        let mut old = std::mem::replace(&mut self.entries, entries);
        old.clear();
        self.spare = old;
        self.sents = sents;
    }
}
