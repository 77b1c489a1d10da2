//! The engine cache's Markdown shortcut: after a small edit inside one line of plain
//! prose, the draft model of the new text is the last one with that line's bytes
//! replaced, instead of a pulldown-cmark pass over the whole draft.
//!
//! The shortcut is taken only when the result is certain to equal
//! [`Draft::parse`](crate::engine::draft::Draft::parse)'s:
//!
//! - the old and new texts differ in one region (common prefix and suffix), and neither
//!   side of it holds a line break;
//! - the edited line's first non-blank character is a letter (ASCII or not) and comes
//!   before the region, so the line's indentation and start are unchanged: no Markdown
//!   block starts with a letter, so the line cannot start or stop being a heading, list
//!   item, quotation, code, table or thematic break, nor end a paragraph;
//! - the lines around it up to the nearest blank lines (the whole paragraph and more)
//!   hold none of `` ` < > [ ] \ & * _ ~ | `` nor a tab or a control character, so no
//!   code span, HTML, link, reference, footnote, escape, entity, emphasis, strikethrough
//!   or table can begin, end or change meaning there, and nothing of the line is markup;
//! - the line was reader-visible text in the last draft (its `prose` equals its source),
//!   so it is not inside front matter, a footnote definition or a code block, and it lies
//!   inside one raw block (a paragraph, heading or item's text) that contains no other.
//!   (pulldown-cmark takes a `---` metadata block anywhere in the draft, not only at the
//!   top; its span moves like the rest.)
//!
//! Then every pulldown-cmark event is the same up to the shifted offsets, the new
//! `prose` is the new source with the old markup ranges (moved) blanked, the raw block
//! grows or shrinks by the edit's length and is split afresh ([`split_block`]: wire copy
//! depends on the line ends), and every later block, raw block and comment moves by the
//! same length. A raw block's end may then include trailing spaces that a fresh parse
//! leaves out; [`split_block`] trims them, so the blocks are the same. Checked by the
//! property tests in tests/props.rs (`cached_analysis_equals_a_fresh_one`,
//! `cached_draft_equals_a_fresh_parse`).

use crate::engine::draft::{Draft, Format, RawBlock, split_block};
use std::ops::Range;

/// The last Markdown text analysed with the cache, its draft and raw blocks. The draft's
/// `prose` is not kept (it would double the memo's memory): it is the source with the
/// `blanks` ranges (where `prose` differs from the source: markup, all of it spaces
/// there) blanked.
#[derive(Debug, Default)]
pub(super) struct DraftMemo {
    source: String,
    /// The last draft with an empty `prose`.
    draft: Option<Draft>,
    blanks: Vec<Range<usize>>,
    raw: Vec<RawBlock>,
}

/// The ranges where `prose` differs from `source` (same length), in order.
fn blanks_of(source: &[u8], prose: &[u8]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < source.len() {
        let end = (i + 64).min(source.len());
        if source[i..end] == prose[i..end] {
            i = end;
            continue;
        }
        for k in i..end {
            if source[k] != prose[k] {
                match out.last_mut() {
                    Some(r) if r.end == k => r.end = k + 1,
                    _ => out.push(k..k + 1),
                }
            }
        }
        i = end;
    }
    out
}

/// `source` with the `blanks` ranges as spaces (they hold whole characters).
fn prose_of(source: &str, blanks: &[Range<usize>]) -> String {
    let mut prose = String::with_capacity(source.len());
    let mut at = 0;
    for r in blanks {
        prose.push_str(&source[at..r.start]);
        prose.extend(std::iter::repeat_n(' ', r.len()));
        at = r.end;
    }
    prose.push_str(&source[at..]);
    prose
}

/// Bytes that can make or change Markdown inline structure, or that a fresh parse would
/// not copy into `prose` as they are.
fn special(b: u8) -> bool {
    matches!(
        b,
        b'`' | b'<' | b'>' | b'[' | b']' | b'\\' | b'&' | b'*' | b'_' | b'~' | b'|'
    ) || (b < 0x20 && b != b'\n' && b != b'\r')
        || b == 0x7f
}

/// Length of the common prefix of `a` and `b`.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 64 <= n && a[i..i + 64] == b[i..i + 64] {
        i += 64;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// Length of the common suffix of `a` and `b`, at most `max`.
fn common_suffix(a: &[u8], b: &[u8], max: usize) -> usize {
    let n = a.len().min(b.len()).min(max);
    let mut i = 0;
    while i + 64 <= n && a[a.len() - i - 64..a.len() - i] == b[b.len() - i - 64..b.len() - i] {
        i += 64;
    }
    while i < n && a[a.len() - i - 1] == b[b.len() - i - 1] {
        i += 1;
    }
    i
}

fn line_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// Whether `line` (no line break in it) is blank for Markdown.
fn blank(line: &[u8]) -> bool {
    line.iter().all(|&b| b == b' ' || b == b'\t')
}

impl DraftMemo {
    /// Forget the last draft (a Text draft, or a cancelled analysis in between is fine:
    /// the memo keeps its own source).
    pub(super) fn clear(&mut self) {
        self.draft = None;
    }

    /// Remember `source`'s draft for the next edit.
    pub(super) fn keep(&mut self, source: &str, draft: &Draft, raw: Vec<RawBlock>) {
        self.source.clear();
        self.source.push_str(source);
        self.blanks = blanks_of(source.as_bytes(), draft.prose.as_bytes());
        let d = self.draft.get_or_insert_with(|| Draft {
            format: draft.format,
            prose: String::new(),
            blocks: Vec::new(),
            front_matter: None,
            comments: Vec::new(),
        });
        d.format = draft.format;
        d.blocks.clone_from(&draft.blocks);
        d.front_matter.clone_from(&draft.front_matter);
        d.comments.clone_from(&draft.comments);
        self.raw = raw;
    }

    /// The draft of `source` from the last one, when the edit between them allows it.
    pub(super) fn reparse(&self, source: &str, format: Format) -> Option<(Draft, Vec<RawBlock>)> {
        let old_draft = self.draft.as_ref()?;
        if format != Format::Markdown || old_draft.format != Format::Markdown {
            return None;
        }
        let (old, new) = (self.source.as_bytes(), source.as_bytes());
        if old == new {
            let mut d = old_draft.clone();
            d.prose = prose_of(source, &self.blanks);
            return Some((d, self.raw.clone()));
        }
        // The changed region: old[p..p + ol] became new[p..p + nl], on char boundaries.
        let mut p = common_prefix(old, new);
        while !source.is_char_boundary(p) {
            p -= 1;
        }
        let mut s = common_suffix(old, new, old.len().min(new.len()) - p);
        while !source.is_char_boundary(new.len() - s)
            || !self.source.is_char_boundary(old.len() - s)
        {
            s -= 1;
        }
        let (ol, nl) = (old.len() - s - p, new.len() - s - p);
        let (removed, inserted) = (&old[p..p + ol], &new[p..p + nl]);
        if removed
            .iter()
            .chain(inserted)
            .any(|&b| line_break(b) || special(b))
        {
            return None;
        }
        // The edited line and its first non-blank character, which must precede the edit.
        let line_start = new[..p]
            .iter()
            .rposition(|&b| line_break(b))
            .map_or(0, |i| i + 1);
        let first = line_start + new[line_start..p].iter().position(|&b| b != b' ')?;
        let c = source[first..].chars().next()?;
        if !(c.is_alphabetic() || !c.is_ascii() && !c.is_whitespace()) {
            return None;
        }
        // The lines up to the nearest blank ones: nothing special anywhere.
        let mut lo = line_start;
        while lo > 0 {
            let mut end = lo - 1;
            if end > 0 && new[end] == b'\n' && new[end - 1] == b'\r' {
                end -= 1;
            }
            let mut start = end;
            while start > 0 && !line_break(new[start - 1]) {
                start -= 1;
            }
            if blank(&new[start..end]) {
                break;
            }
            lo = start;
        }
        let mut hi = p + nl;
        loop {
            while hi < new.len() && !line_break(new[hi]) {
                hi += 1;
            }
            if hi >= new.len() {
                break;
            }
            let next = if new[hi] == b'\r' && new.get(hi + 1) == Some(&b'\n') {
                hi + 2
            } else {
                hi + 1
            };
            let mut end = next;
            while end < new.len() && !line_break(new[end]) {
                end += 1;
            }
            if blank(&new[next..end]) {
                break;
            }
            hi = end;
        }
        if new[lo..hi].iter().any(|&b| special(b)) {
            return None;
        }
        // The line was text: its prose is its source (from its first character on).
        let old_line_end = p
            + ol
            + old[p + ol..]
                .iter()
                .position(|&b| line_break(b))
                .unwrap_or(old.len() - p - ol);
        let b = self.blanks.partition_point(|r| r.end <= first);
        if self.blanks.get(b).is_some_and(|r| r.start < old_line_end) {
            return None;
        }
        // The raw block holding the line, alone in its span.
        let i = self
            .raw
            .partition_point(|r| r.0.start <= first)
            .checked_sub(1)?;
        let r = &self.raw[i].0;
        if !(first < r.end && p + ol <= r.end) {
            return None;
        }
        if i + 1 < self.raw.len() && self.raw[i + 1].0.start < r.end
            || self.raw[..i].iter().any(|b| b.0.end > r.start)
        {
            return None;
        }
        let shift = |x: usize| if x >= p + ol { x - ol + nl } else { x };
        // No blank range touches the edited line, so each lies before or after the edit.
        let blanks: Vec<Range<usize>> = self
            .blanks
            .iter()
            .map(|r| shift(r.start)..shift(r.end))
            .collect();
        let prose = prose_of(source, &blanks);
        let mut raw = self.raw.clone();
        raw[i].0.end = r.end - ol + nl;
        for b in &mut raw[i + 1..] {
            b.0 = shift(b.0.start)..shift(b.0.end);
        }
        // The blocks split from the raw block: consecutive, and the only ones in its span.
        let inside =
            |b: &crate::engine::draft::Block| r.start <= b.span.start && b.span.end <= r.end;
        let before = old_draft.blocks.iter().position(inside)?;
        let after = before
            + old_draft.blocks[before..]
                .iter()
                .take_while(|b| inside(b))
                .count();
        let mut blocks = Vec::with_capacity(old_draft.blocks.len() + 4);
        blocks.extend_from_slice(&old_draft.blocks[..before]);
        split_block(&mut blocks, &prose, raw[i].0.clone(), raw[i].1);
        blocks.extend(old_draft.blocks[after..].iter().map(|b| {
            let mut b = b.clone();
            b.span = shift(b.span.start)..shift(b.span.end);
            b
        }));
        let comments = old_draft
            .comments
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.span = shift(c.span.start)..shift(c.span.end);
                c
            })
            .collect();
        let draft = Draft {
            format: Format::Markdown,
            prose,
            blocks,
            // Metadata blocks may stand anywhere (the last one is kept); the edited
            // line is not in one (its prose is its text), so it only moves.
            front_matter: old_draft.front_matter.as_ref().map(|f| {
                let mut f = f.clone();
                f.span = shift(f.span.start)..shift(f.span.end);
                f
            }),
            comments,
        };
        Some((draft, raw))
    }
}
