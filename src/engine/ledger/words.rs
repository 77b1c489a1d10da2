//! The ledger's word scanners: words of a text with their byte ranges, lowered or
//! borrowed, phrase search over them, and which listed lower-case words a text holds
//! (one byte-table scan, `scan_words`).

use crate::engine::lexicon::FastSet;
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
fn words_borrowed(text: &str, base: usize) -> Vec<(Range<usize>, Cow<'_, str>)> {
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
static WORD_BYTE: [bool; 256] = word_bytes(false);
static WORD_BYTE_HYPHEN: [bool; 256] = word_bytes(true);

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

/// Every maximal run of alphanumeric characters and apostrophes (`'`, `’`) in `text`:
/// `text.split(|c| !c.is_alphanumeric() && c != '\'' && c != '’')` without the empty
/// pieces, reading ASCII a byte at a time.
pub(super) fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    scan_words(text, &WORD_BYTE, |s, e, _| f(&text[s..e]));
}

/// Whether `c` belongs to a word of `for_each_word`.
fn word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '\''
    } else {
        c == '’' || !matches!(c, '“' | '”' | '‘' | '—' | '–') && c.is_alphanumeric()
    }
}

/// The entries of `wanted` that `text` writes as a word of `for_each_word` starting with
/// a lower-case letter. A few entries are each searched for (`memmem`, then the
/// characters either side must not belong to a word), which is much cheaper than
/// splitting the whole text into words; many are looked up word by word.
pub(super) fn lower_case_words<'w>(text: &str, wanted: &'w FastSet<String>) -> FastSet<&'w str> {
    let mut found = FastSet::default();
    if wanted.len() > 32 {
        for_each_word(text, |w| {
            if w.chars().next().is_some_and(char::is_lowercase)
                && let Some(x) = wanted.get(w)
            {
                found.insert(x.as_str());
            }
        });
        return found;
    }
    for w in wanted {
        // A split word starts with a lower-case letter and has only word characters.
        if !w.chars().next().is_some_and(char::is_lowercase) || !w.chars().all(word_char) {
            continue;
        }
        for p in memchr::memmem::find_iter(text.as_bytes(), w.as_bytes()) {
            // `w` starts and ends with whole characters, so these are char boundaries.
            let (Some(before), Some(after)) = (text.get(..p), text.get(p + w.len()..)) else {
                continue;
            };
            if before.chars().next_back().is_none_or(|c| !word_char(c))
                && after.chars().next().is_none_or(|c| !word_char(c))
            {
                found.insert(w.as_str());
                break;
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte scanner gives the same words as splitting on characters.
    #[test]
    fn for_each_word_agrees_with_split() {
        for text in [
            "Ortiz’s aide didn't say; ortiz said, “no.” 42 résumés—Zoë's café",
            "  leading and trailing  ",
            "",
            "’quoted’ ''x'' naïve—word",
            "“Hi,” ‘she’–said—“ok”‘ x’ «Ünal» – end…é",
        ] {
            let mut got = Vec::new();
            for_each_word(text, |w| got.push(w));
            let want: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    /// Searching for the wanted words finds what splitting the text into words finds.
    #[test]
    fn lower_case_words_agrees_with_splitting() {
        let wanted: FastSet<String> = [
            "ortiz",
            "two",
            "protests",
            "o'neil",
            "zoë",
            "ab",
            "x",
            "café",
            "ortiz’s",
            "garcía-lópez",
            "Ortiz",
            "42",
            "",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let many: FastSet<String> = (0..40)
            .map(|i| format!("w{i}"))
            .chain(wanted.iter().cloned())
            .collect();
        for text in [
            "Ortiz’s aide didn't say; ortiz said, “no.” 42 résumés—Zoë's café two",
            "ortizs xortiz ortiz’s o'neil’s aab ab-c ‘ab’ “zoë” x",
            "garcía-lópez and two-thirds protests,protests",
            "",
            "ortiz",
            "w3 w12 w39x",
        ] {
            for set in [&wanted, &many] {
                let mut want: FastSet<&str> = FastSet::default();
                for_each_word(text, |w| {
                    if w.chars().next().is_some_and(char::is_lowercase)
                        && let Some(x) = set.get(w)
                    {
                        want.insert(x.as_str());
                    }
                });
                assert_eq!(lower_case_words(text, set), want, "{text}");
            }
        }
    }

    /// The borrowing word splitter gives the same words and ranges as `words_of`.
    #[test]
    fn words_borrowed_agrees_with_words_of() {
        for text in [
            "Ortiz’s aide didn't say; ortiz said, “no.” 42 résumés—Zoë's café",
            "well-known CEO Ann-Marie O'Neil DECLINED to comment",
            "iPhone McDonald 3M e-mail x’s Zoë’s-café naïve",
            "",
            "’quoted’ ''x'' naïve—word İstanbul",
        ] {
            let got: Vec<(Range<usize>, String)> = words_borrowed(text, 3)
                .into_iter()
                .map(|(r, w)| (r, w.into_owned()))
                .collect();
            assert_eq!(got, words_of(text, 3), "{text}");
            let lowered = text.to_ascii_lowercase();
            let mut got = Vec::new();
            words_lowered_into(text, &lowered, 3, &mut got);
            let got: Vec<(Range<usize>, String)> =
                got.into_iter().map(|(r, w)| (r, w.into_owned())).collect();
            assert_eq!(got, words_of(text, 3), "{text}");
        }
    }

    #[test]
    fn eq_straightened_is_comparing_with_the_replacement() {
        for p in ["didn’t", "didn't", "’", "a’’b", "x", "", "’s", "o’neil’s"] {
            for w in [
                "didn't", "didn’t", "'", "a''b", "a'b", "x", "", "'s", "o'neil's", "o'neil",
            ] {
                assert_eq!(eq_straightened(w, p), w == p.replace('’', "'"), "{w} {p}");
            }
        }
    }

    #[test]
    fn normalise_word_lowers_and_straightens_apostrophes() {
        assert_eq!(normalise_word("Didn’t"), "didn't");
        assert_eq!(normalise_word("ÉCOLE"), "école");
        assert_eq!(normalise_word("MAYOR"), "mayor");
    }
}
