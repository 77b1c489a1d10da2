//! The transcript index: every transcript's words, normalised (lower case, curly
//! apostrophes straightened, punctuation, dashes and ellipses dropped), interned into
//! one vocabulary, with an inverted index from word to positions for finding candidate
//! passages.

use super::parse::{Parsed, TranscriptFormat, parse};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// FxHash (rustc's hasher): word lookups dominate indexing time.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        self.0 = h;
    }
    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxBuild = BuildHasherDefault<FxHasher>;

/// A word id that matches nothing (a draft word the transcripts never use).
pub const UNKNOWN: u32 = u32::MAX;

/// One word of a transcript.
#[derive(Debug, Clone, Copy)]
pub struct TWord {
    /// Byte range into the transcript text.
    pub start: u32,
    pub end: u32,
    /// Vocabulary id.
    pub id: u32,
    /// Index of the segment in the transcript.
    pub seg: u32,
}

impl TWord {
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One indexed transcript.
#[derive(Debug, Clone)]
pub struct Transcript {
    /// Path relative to the root (`/`-separated), or any identifier the caller chose.
    pub id: String,
    pub text: String,
    pub format: TranscriptFormat,
    pub parsed: Parsed,
    /// Range of this transcript's words in [`TranscriptIndex::words`].
    pub words: Range<usize>,
}

impl Transcript {
    /// The speaker label of a segment.
    pub fn speaker_of(&self, seg: u32) -> Option<&str> {
        let s = self.parsed.segments.get(seg as usize)?.speaker?;
        self.parsed.speakers.get(s as usize).map(String::as_str)
    }
    /// The timestamp text of a segment.
    pub fn time_of(&self, seg: u32) -> Option<&str> {
        let t = self.parsed.segments.get(seg as usize)?.time.clone()?;
        self.text.get(t)
    }
    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let o = offset.min(self.text.len());
        self.text.as_bytes()[..o]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }
}

/// All transcripts of a root, searchable.
#[derive(Debug, Clone, Default)]
pub struct TranscriptIndex {
    pub transcripts: Vec<Transcript>,
    /// Every transcript's words, one after the other.
    pub words: Vec<TWord>,
    /// Transcript of each word.
    pub owner: Vec<u32>,
    vocab: HashMap<Box<str>, u32, FxBuild>,
    /// The word of each vocabulary id.
    words_of_id: Vec<Box<str>>,
    /// Postings: positions (into `words`) of word id `i` are
    /// `positions[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<u32>,
    positions: Vec<u32>,
}

/// Calls `f(span, normalised word)` for every word of `s` (spans relative to `s`).
/// A word is a run of letters and digits with inner apostrophes (`won't`, `Ortiz’s`);
/// hyphens, dashes and other punctuation separate words. The normalised form is lower
/// case with `’` → `'`.
pub fn for_each_word(s: &str, buf: &mut String, mut f: impl FnMut(Range<usize>, &str)) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Skip to the next alphanumeric character.
        let c = if b[i] < 0x80 {
            if !b[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            b[i] as char
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            if !c.is_alphanumeric() {
                i += c.len_utf8();
                continue;
            }
            c
        };
        let start = i;
        buf.clear();
        push_lower(buf, c);
        i += c.len_utf8();
        loop {
            if i >= b.len() {
                break;
            }
            if b[i] < 0x80 {
                let c = b[i];
                if c.is_ascii_alphanumeric() {
                    buf.push(c.to_ascii_lowercase() as char);
                    i += 1;
                    continue;
                }
                if c == b'\'' && next_alnum(s, i + 1) {
                    buf.push('\'');
                    i += 1;
                    continue;
                }
                break;
            }
            let c = s[i..].chars().next().unwrap_or(' ');
            if c.is_alphanumeric() {
                push_lower(buf, c);
                i += c.len_utf8();
            } else if c == '’' && next_alnum(s, i + c.len_utf8()) {
                buf.push('\'');
                i += c.len_utf8();
            } else {
                break;
            }
        }
        f(start..i, buf);
    }
}

fn push_lower(buf: &mut String, c: char) {
    if c.is_ascii() {
        buf.push(c.to_ascii_lowercase());
    } else {
        buf.extend(c.to_lowercase());
    }
}

fn next_alnum(s: &str, i: usize) -> bool {
    s.get(i..)
        .and_then(|r| r.chars().next())
        .is_some_and(char::is_alphanumeric)
}

impl TranscriptIndex {
    /// Parse and index transcripts given as (id, text); the format comes from the id's
    /// extension (plain text when unknown).
    pub fn build(files: Vec<(String, String)>) -> TranscriptIndex {
        let mut ix = TranscriptIndex::default();
        let mut buf = String::new();
        for (id, text) in files {
            let format = TranscriptFormat::from_path(&id).unwrap_or(TranscriptFormat::Text);
            let parsed = parse(&text, format);
            let t = ix.transcripts.len() as u32;
            let first = ix.words.len();
            for (si, seg) in parsed.segments.iter().enumerate() {
                let base = seg.span.start;
                let vocab = &mut ix.vocab;
                let by_id = &mut ix.words_of_id;
                let words = &mut ix.words;
                for_each_word(&text[seg.span.clone()], &mut buf, |r, w| {
                    let next = vocab.len() as u32;
                    let id = match vocab.get(w) {
                        Some(&id) => id,
                        None => {
                            vocab.insert(w.into(), next);
                            by_id.push(w.into());
                            next
                        }
                    };
                    words.push(TWord {
                        start: (base + r.start) as u32,
                        end: (base + r.end) as u32,
                        id,
                        seg: si as u32,
                    });
                });
            }
            ix.owner.resize(ix.words.len(), t);
            ix.transcripts.push(Transcript {
                id,
                text,
                format,
                parsed,
                words: first..ix.words.len(),
            });
        }
        // Postings in one array (counting sort by word id).
        let mut offsets = vec![0u32; ix.vocab.len() + 1];
        for w in &ix.words {
            offsets[w.id as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut fill = offsets.clone();
        let mut positions = vec![0u32; ix.words.len()];
        for (p, w) in ix.words.iter().enumerate() {
            let slot = &mut fill[w.id as usize];
            positions[*slot as usize] = p as u32;
            *slot += 1;
        }
        ix.offsets = offsets;
        ix.positions = positions;
        ix
    }

    /// The vocabulary id of a normalised word ([`UNKNOWN`] if no transcript has it).
    pub fn word_id(&self, w: &str) -> u32 {
        self.vocab.get(w).copied().unwrap_or(UNKNOWN)
    }

    /// The normalised word of a vocabulary id (empty for [`UNKNOWN`]).
    pub fn word_str(&self, id: u32) -> &str {
        self.words_of_id.get(id as usize).map_or("", |w| w)
    }

    /// Positions (into `words`) of a word id.
    pub fn postings(&self, id: u32) -> &[u32] {
        if id == UNKNOWN {
            return &[];
        }
        let i = id as usize;
        &self.positions[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    pub fn is_empty(&self) -> bool {
        self.transcripts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_normalise() {
        let mut buf = String::new();
        let mut out = Vec::new();
        for_each_word(
            "“We won’t—can't…” re-open ’90s L’École",
            &mut buf,
            |r, w| out.push((r, w.to_string())),
        );
        let w: Vec<&str> = out.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(w, ["we", "won't", "can't", "re", "open", "90s", "l'école"]);
    }

    #[test]
    fn postings() {
        let ix = TranscriptIndex::build(vec![(
            "a.txt".into(),
            "ORTIZ: We will not close it.\nREYES: Will you?\n".into(),
        )]);
        let will = ix.word_id("will");
        assert_eq!(ix.postings(will).len(), 2);
        assert_eq!(ix.word_id("nothing"), UNKNOWN);
        assert_eq!(ix.transcripts[0].speaker_of(ix.words[5].seg), Some("REYES"));
    }
}
