//! The ledger's word scanners: words of a text with their byte ranges, lowered or
//! borrowed, and phrase search over them (one byte-table scan, `scan_words`).

use std::borrow::Cow;
use std::ops::Range;

pub(super) fn words_at(text: &str, base: usize) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let part = c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s + base..i + base, normalise_word(&text[s..i])));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s + base..text.len() + base, normalise_word(&text[s..])));
    }
    out
}

/// `words_of`, borrowing each word that is already normalised (most are): the same
/// words and ranges without a `String` per word.
#[cfg(test)]
pub(super) fn words_borrowed(text: &str, base: usize) -> Vec<(Range<usize>, Cow<'_, str>)> {
    let mut out = Vec::new();
    words_borrowed_into(text, base, &mut out);
    out
}

/// Whether the character at byte `i` of `text` (a char boundary) belongs to a word
/// whose ASCII bytes are those of `table`, and its length in bytes.
pub(super) fn word_char_at(text: &str, table: &[bool; 256], i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (table[usize::from(b)], 1)
    } else {
        let c = text[i..].chars().next().unwrap_or(' ');
        (c == '’' || crate::engine::text::is_alnum(c), c.len_utf8())
    }
}

/// A word's ASCII bytes as a table (one load per byte in the word scan): letters,
/// digits and `'`, and with `-` for the response and anonymity phrases.
pub(super) const fn word_bytes(hyphen: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'\'' || hyphen && c == b'-';
        b += 1;
    }
    t
}
pub(super) static WORD_BYTE: [bool; 256] = word_bytes(false);
pub(super) static WORD_BYTE_HYPHEN: [bool; 256] = word_bytes(true);

/// The one word scan of the tokenisers here: calls `f(start, end, ascii)` for every
/// maximal run of word characters of `text`, in order — the ASCII bytes of `table`,
/// `’` and the other alphanumeric characters; `ascii` tells whether the word is all
/// ASCII.
pub(super) fn scan_words(text: &str, table: &[bool; 256], mut f: impl FnMut(usize, usize, bool)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let (part, len) = word_char_at(text, table, i);
        if !part {
            i += len;
            continue;
        }
        let s = i;
        i += len;
        let mut ascii = bytes[s] < 0x80;
        while i < n {
            i += bytes[i..]
                .iter()
                .position(|&b| !table[usize::from(b)])
                .unwrap_or(n - i);
            if i == n || bytes[i] < 0x80 {
                break;
            }
            let (part, len) = word_char_at(text, table, i);
            if !part {
                break;
            }
            ascii = false;
            i += len;
        }
        f(s, i, ascii);
    }
}

/// `words_borrowed` into `out` (cleared first), so one buffer serves many sentences.
pub(super) fn words_borrowed_into<'t>(
    text: &'t str,
    base: usize,
    out: &mut Vec<(Range<usize>, Cow<'t, str>)>,
) {
    out.clear();
    scan_words(text, &WORD_BYTE_HYPHEN, |s, e, ascii| {
        let w = &text[s..e];
        // Lower-case ASCII: the word is borrowed as it is (`normalise_word` would
        // return the same text).
        let plain = ascii && !w.bytes().any(|b| b.is_ascii_uppercase());
        out.push((
            s + base..e + base,
            if plain {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(normalise_word(w))
            },
        ));
    });
}

/// `words_borrowed_into` given `lowered`, `text.to_ascii_lowercase()`: a word of ASCII
/// characters (most) is borrowed from `lowered`, which holds its `normalise_word`
/// form at the same offsets, so only words with other characters allocate.
pub(super) fn words_lowered_into<'l>(
    text: &str,
    lowered: &'l str,
    base: usize,
    out: &mut Vec<(Range<usize>, Cow<'l, str>)>,
) {
    out.clear();
    scan_words(text, &WORD_BYTE_HYPHEN, |s, e, ascii| {
        out.push((
            s + base..e + base,
            match lowered.get(s..e) {
                Some(w) if ascii => Cow::Borrowed(w),
                _ => Cow::Owned(normalise_word(&text[s..e])),
            },
        ));
    });
}

/// Lower case, curly apostrophe as straight.
pub(super) fn normalise_word(w: &str) -> String {
    if w.is_ascii() {
        // The same as `to_lowercase` for ASCII, without the per-character Unicode path.
        return w.to_ascii_lowercase();
    }
    let lower = w.to_lowercase();
    if lower.contains('’') {
        lower.replace('’', "'")
    } else {
        lower
    }
}

/// A phrase's words with curly apostrophes as straight (word lists compare that way),
/// borrowed when there is nothing to change.
pub fn phrase_words_norm(phrase: &[String]) -> Vec<std::borrow::Cow<'_, str>> {
    phrase
        .iter()
        .map(|p| {
            if p.contains('’') {
                std::borrow::Cow::Owned(p.replace('’', "'"))
            } else {
                std::borrow::Cow::Borrowed(p.as_str())
            }
        })
        .collect()
}

/// Find a phrase (lower-case words) in a word list; returns the byte range it covers.
pub fn find_phrase<S: AsRef<str>>(
    words: &[(Range<usize>, S)],
    phrase: &[String],
) -> Option<Range<usize>> {
    if phrase.is_empty() || words.len() < phrase.len() {
        return None;
    }
    // Which phrase words hold a curly apostrophe (compared as straight), found once
    // per call without building normalised copies.
    let curly = phrase.iter().take(64).enumerate().fold(0u64, |m, (j, p)| {
        if p.contains('’') { m | 1 << j } else { m }
    });
    (0..=words.len() - phrase.len()).find_map(|i| {
        phrase
            .iter()
            .enumerate()
            .all(|(j, p)| {
                let w = words[i + j].1.as_ref();
                p == "x"
                    || if j < 64 && curly & (1 << j) == 0 {
                        w == p
                    } else {
                        eq_straightened(w, p)
                    }
            })
            .then(|| words[i].0.start..words[i + phrase.len() - 1].0.end)
    })
}

/// `w == p.replace('’', "'")` without building the replacement.
pub(super) fn eq_straightened(w: &str, p: &str) -> bool {
    let mut rest = w;
    for (i, piece) in p.split('’').enumerate() {
        if i > 0 {
            match rest.strip_prefix('\'') {
                Some(r) => rest = r,
                None => return false,
            }
        }
        match rest.strip_prefix(piece) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

/// Lower-case words of a text with their byte ranges (offset by `base`).
pub fn words_of(text: &str, base: usize) -> Vec<(Range<usize>, String)> {
    words_at(text, base)
}
