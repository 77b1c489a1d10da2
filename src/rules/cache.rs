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

use super::Finding;
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
    /// The cached units' findings per block of the last draft ([`Unit`]), the blocks'
    /// fingerprints ([`block_fingerprints`]) and the configuration they were found with
    /// ([`config_print`]).
    units: Vec<UnitTable>,
    fps: Vec<u64>,
    config: String,
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

    /// Move the cached facts of the draft's unchanged blocks into the context, and what
    /// the cached units may reuse ([`Reuse`]).
    pub(super) fn fill(&mut self, cx: &mut Ctx) -> Vec<Lookup> {
        let a = cx.a;
        let mut out = Vec::with_capacity(a.blocks.len());
        let mut old_block = Vec::with_capacity(a.blocks.len());
        let mut hits = 0;
        for b in 0..a.blocks.len() {
            let view = BlockView::of(a, b);
            let toks_hash = view.toks_hash();
            let hash = view.hash(toks_hash);
            // The block after the last one matched first (a block repeated in the draft
            // is then matched with its own old place, so its neighbours line up for the
            // units' windows), then the others with the same hash.
            let next_old = old_block.last().map_or(0, |&o: &u32| o.wrapping_add(1));
            let mut i = match self.entries.get(next_old as usize) {
                Some(e) if e.key.as_ref().is_some_and(|k| view.matches(k, toks_hash)) => next_old,
                _ => self.index.get(&hash).copied().unwrap_or(NONE),
            };
            let mut key = None;
            let mut ob = NONE;
            while let Some(e) = self.entries.get_mut(i as usize) {
                if e.key.as_ref().is_some_and(|k| view.matches(k, toks_hash)) {
                    key = e.key.take();
                    ob = i;
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
            old_block.push(ob);
            out.push(Lookup {
                hash,
                toks_hash,
                key,
            });
        }
        self.last = (hits, a.blocks.len() - hits);
        let config = config_print(cx.cfg);
        let same = config == self.config;
        self.config = config;
        let old_units = std::mem::take(&mut self.units);
        cx.set_reuse(Reuse {
            old_block,
            fp: block_fingerprints(cx),
            old_fp: std::mem::take(&mut self.fps),
            old_units: if same { old_units } else { Vec::new() },
        });
        out
    }

    /// Keep the facts the check computed (or reused), per block of this draft; the
    /// blocks of older drafts are dropped.
    pub(super) fn keep(&mut self, cx: Ctx, lookups: Vec<Lookup>) {
        let a = cx.a;
        let (mut sents, units, fps) = cx.into_kept();
        self.units = units;
        for u in &mut self.units {
            u.shrink();
        }
        self.fps = fps;
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

/// The rule parts whose findings are cached per block (see [`Ctx::per_block`]): each
/// one's findings in a block depend only on the blocks of its window (the block, and for
/// some the one before and the one after), on the document-level facts of those blocks
/// that [`block_fingerprint`] hashes, on the configuration, and on the part's own extra
/// key. Everything else (the source ledger, the first mention of a name, the density
/// and cross-paragraph rules) is rerun on the whole draft every check.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Unit {
    /// sourcing: descriptors used as speakers and their findings (window: the block and
    /// the next one, where a reason for anonymity may be given).
    SourcingHits,
    /// sourcing: boilerplate reasons for anonymity.
    SourcingBoilerplate,
    /// facts: figures without a source (window: the blocks before and after).
    FactsStatistics,
    /// facts: views of an unnamed crowd.
    FactsClaims,
    /// facts: first person in the writer's voice (extra key: whether the paragraph is a
    /// colon lead-in's letter).
    FactsFirstPerson,
    /// hygiene: scraped page furniture.
    HygieneBoilerplate,
    /// hygiene: house terms.
    HygieneTerms,
    /// hygiene: the time element at the end of a sentence.
    HygieneTime,
    /// verbs: every rule of the group but the draft-wide attribution tense.
    Verbs,
    /// typography: straight quotation marks.
    TypographyStraight,
    /// typography: the ellipsis.
    TypographyEllipsis,
    /// fairness: "refused to comment".
    FairnessRefused,
    /// fairness: a non-response without detail.
    FairnessDetail,
    /// names: courtesy titles.
    NamesCourtesy,
    /// names: a government as the speaker.
    NamesInstitutional,
    /// fairness: allegations and whom they are about (for the draft-wide
    /// missing-response rule).
    FairnessAllegations,
}

/// Number of [`Unit`]s.
pub(super) const UNITS: usize = 16;

/// How many blocks before and after its own a [`Unit`]'s findings in a block read.
pub(super) fn window(u: Unit) -> (usize, usize) {
    match u {
        Unit::SourcingHits => (0, 1),
        Unit::FactsStatistics => (1, 1),
        _ => (0, 0),
    }
}

/// One unit's output per block of the draft last checked (`slots[b]`), spans relative
/// to the block's start. Block `b`'s findings are `findings[slots[b].findings..
/// slots[b + 1].findings]` (the last block's run to the end), and likewise its marks:
/// 16 bytes per block and unit (at 100k words, 3,638 blocks: 58 KB per unit).
#[derive(Default)]
pub(super) struct UnitTable {
    slots: Vec<Slot>,
    findings: Vec<Finding>,
    marks: Vec<Range<usize>>,
}

#[derive(Clone, Copy)]
struct Slot {
    extra: u32,
    findings: u32,
    marks: u32,
    count: u32,
}

/// What a unit found in one block: findings, spans it reports to the document-level
/// part of its rule (say, anonymous attributions for the density rule) and a number
/// (say, the block's words).
pub(super) struct BlockOutput<'o> {
    pub findings: &'o [Finding],
    pub marks: &'o [Range<usize>],
    pub count: usize,
}

/// Moves every byte position of a finding (span, related spans, fix edits).
fn shift_finding(f: &mut Finding, by: impl Fn(usize) -> usize) {
    f.span = by(f.span.start)..by(f.span.end);
    for (r, _) in &mut f.related {
        *r = by(r.start)..by(r.end);
    }
    for fix in &mut f.fixes {
        for e in &mut fix.edits {
            e.span = by(e.span.start)..by(e.span.end);
        }
    }
}

impl UnitTable {
    pub(super) fn with_capacity(n: usize) -> UnitTable {
        UnitTable {
            slots: Vec::with_capacity(n),
            ..Default::default()
        }
    }

    /// Record block `slots.len()`'s output (absolute spans; `base`: the block's start).
    pub(super) fn push(&mut self, extra: u32, base: usize, o: BlockOutput) {
        let f0 = self.findings.len() as u32;
        self.findings.extend(o.findings.iter().map(|f| {
            let mut f = f.clone();
            shift_finding(&mut f, |p| p.wrapping_sub(base));
            f
        }));
        let m0 = self.marks.len() as u32;
        self.marks.extend(
            o.marks
                .iter()
                .map(|m| m.start.wrapping_sub(base)..m.end.wrapping_sub(base)),
        );
        self.slots.push(Slot {
            extra,
            findings: f0,
            marks: m0,
            count: o.count as u32,
        });
    }

    /// Old block `ob`'s output if it was computed with `extra`, moved to `base`.
    pub(super) fn get(
        &self,
        ob: usize,
        extra: u32,
        base: usize,
        findings: &mut Vec<Finding>,
        marks: &mut Vec<Range<usize>>,
    ) -> Option<usize> {
        let s = self.slots.get(ob).filter(|s| s.extra == extra)?;
        let next = self.slots.get(ob + 1);
        let f_end = next.map_or(self.findings.len(), |n| n.findings as usize);
        let m_end = next.map_or(self.marks.len(), |n| n.marks as usize);
        findings.extend(self.findings[s.findings as usize..f_end].iter().map(|f| {
            let mut f = f.clone();
            shift_finding(&mut f, |p| p.wrapping_add(base));
            f
        }));
        marks.extend(
            self.marks[s.marks as usize..m_end]
                .iter()
                .map(|m| m.start.wrapping_add(base)..m.end.wrapping_add(base)),
        );
        Some(s.count as usize)
    }

    fn shrink(&mut self) {
        self.slots.shrink_to_fit();
        self.findings.shrink_to_fit();
        self.marks.shrink_to_fit();
    }
}

/// What a check may reuse from the last one: per block of this draft, the block of the
/// last draft with the same key (or `NONE`), both drafts' block fingerprints, and the
/// units' tables of the last check. Empty tables when the configuration changed.
#[derive(Default)]
pub(super) struct Reuse {
    pub old_block: Vec<u32>,
    pub fp: Vec<u64>,
    pub old_fp: Vec<u64>,
    pub old_units: Vec<UnitTable>,
}

impl Reuse {
    /// Whether the rules cache had block `b` (its key: text, tokens, sentences).
    pub(super) fn has(&self, b: usize) -> bool {
        self.old_block.get(b).is_some_and(|&o| o != NONE)
    }

    /// The last draft's block matching block `b` of this one, when every block of the
    /// unit's window around `b` is unchanged (same key, same fingerprint, and the same
    /// neighbours: the window's blocks were next to each other in the same order).
    pub(super) fn valid(&self, b: usize, (before, after): (usize, usize)) -> Option<usize> {
        let ob = *self.old_block.get(b)?;
        if ob == NONE {
            return None;
        }
        let ob = ob as usize;
        let n = self.old_block.len();
        let on = self.old_fp.len();
        for d in -(before as isize)..=after as isize {
            let (nb, nob) = (b as isize + d, ob as isize + d);
            let here = (0..n as isize).contains(&nb);
            let there = (0..on as isize).contains(&nob);
            if here != there {
                return None;
            }
            if here
                && (self.old_block[nb as usize] as isize != nob
                    || self.fp[nb as usize] != self.old_fp[nob as usize])
            {
                return None;
            }
        }
        Some(ob)
    }
}

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.bytes(bytes);
    }
    fn write_u64(&mut self, w: u64) {
        self.add(w);
    }
    fn write_usize(&mut self, w: usize) {
        self.add(w as u64);
    }
}

/// Per block, a hash of the document-level facts the cached units read about it beyond
/// the block key: its scope and transcript flag; the source text and `prose` from the
/// start of its first line to three bytes past its last line (markup, and what a fix
/// deleting the paragraph's lines reads); every quotation with a piece in it (pieces
/// relative to the block, text, closedness, kind, speaker's name, kind and span); and
/// the mentions in it (relative span, kind, name, whether titled and sentence-initial).
/// All positions relative to the block start.
pub(super) fn block_fingerprints(cx: &Ctx) -> Vec<u64> {
    use std::hash::Hash;
    let a = cx.a;
    let n = a.draft.blocks.len();
    let mut hs: Vec<Fx> = (0..n).map(|_| Fx(0x9e37_79b9_7f4a_7c15)).collect();
    for (b, block) in a.draft.blocks.iter().enumerate() {
        let h = &mut hs[b];
        std::mem::discriminant(&block.scope).hash(h);
        h.add(u64::from(cx.transcript[b]));
        let from = cx.line_start(block.span.start);
        let last = block.span.end.saturating_sub(1).max(block.span.start);
        let to = (cx.line_end(last) + 3).min(cx.src.len());
        let (from, to) = (from.min(to), to);
        h.add(block.span.start.wrapping_sub(from) as u64);
        h.add((block.span.end as u64).wrapping_sub(from as u64));
        h.bytes(&cx.src.as_bytes()[from..to]);
        h.bytes(&a.draft.prose.as_bytes()[from..to]);
    }
    let block_of = |pos: usize| {
        a.draft
            .blocks
            .partition_point(|bl| bl.span.end <= pos)
            .min(n.saturating_sub(1))
    };
    for q in &a.quotes {
        let mut seen = Vec::new();
        for p in &q.pieces {
            let b = block_of(p.start);
            if b < n && !seen.contains(&b) {
                seen.push(b);
            }
        }
        if q.block < n && !seen.contains(&q.block) {
            seen.push(q.block);
        }
        for b in seen {
            let base = a.draft.blocks[b].span.start;
            let h = &mut hs[b];
            h.add(0x51);
            for p in &q.pieces {
                h.add((p.start.wrapping_sub(base) as u64) << 32 ^ p.end.wrapping_sub(base) as u64);
            }
            h.bytes(q.text.as_bytes());
            h.add(u64::from(q.closed));
            std::mem::discriminant(&q.kind).hash(h);
            if let Some(s) = &q.speaker {
                h.bytes(s.name.as_bytes());
                std::mem::discriminant(&s.kind).hash(h);
                h.add(
                    (s.span.start.wrapping_sub(base) as u64) << 32
                        ^ s.span.end.wrapping_sub(base) as u64,
                );
            }
        }
    }
    for m in &a.mentions {
        if m.block < n {
            let base = a.draft.blocks[m.block].span.start;
            let h = &mut hs[m.block];
            h.add(
                (m.span.start.wrapping_sub(base) as u64) << 32
                    ^ m.span.end.wrapping_sub(base) as u64,
            );
            std::mem::discriminant(&m.kind).hash(h);
            h.bytes(m.name.as_bytes());
            h.add(u64::from(m.title.is_some()) | u64::from(m.sentence_initial) << 1);
        }
    }
    hs.into_iter().map(|h| h.0).collect()
}

/// The configuration as text, for telling whether it changed between two checks (the
/// rule levels sorted: a `HashMap`'s order differs between equal maps).
pub(super) fn config_print(cfg: &crate::config::Config) -> String {
    let mut c = cfg.clone();
    let mut rules: Vec<_> = std::mem::take(&mut c.rules).into_iter().collect();
    rules.sort_by(|x, y| x.0.cmp(&y.0));
    format!("{rules:?}{c:?}")
}

// Every unit has its table: `UNITS` is the number of variants.
const _: () = assert!(Unit::FairnessAllegations as usize + 1 == UNITS);
