//! Cues and speakers inside one sentence: the attribution patterns of the catalog (§3.5).

use super::lexicon::{CueClass, CueForm, RoleClass, lexicon};
use super::model::SpeakerKind;
use super::text::{TokKind, Token};
use std::ops::{Deref, Range};

mod cues;
mod speakers;
mod subject;

/// A cue found in a sentence: token range and the form it matched.
#[derive(Debug, Clone)]
pub struct CueHit {
    pub toks: Range<usize>,
    pub form: &'static CueForm,
}

impl CueHit {
    pub fn is_according_to(&self) -> bool {
        self.form.words.first().is_some_and(|w| w == "according")
    }
    pub fn classes(&self) -> &[CueClass] {
        &self.form.classes
    }
}

/// A speaker noun phrase.
#[derive(Debug, Clone)]
pub struct Np {
    pub toks: Range<usize>,
    pub span: Range<usize>,
    pub kind: SpeakerKind,
    /// Name without title ("Ortiz" from "Mayor Ortiz"); the phrase itself for roles.
    pub name: String,
    pub role: Option<String>,
}

/// A word in lower case: borrowed from the draft when it already is (most words are),
/// lowered into a buffer of its own when it is a short ASCII word, so the hot lookups
/// allocate only for long or non-ASCII capitalised words. Always equal to
/// `str::to_lowercase` of the word.
#[derive(Clone)]
pub(crate) struct Lower<'a>(Repr<'a>);

/// Longest ASCII word lowered without an allocation.
const INLINE: usize = 30;

#[derive(Clone)]
enum Repr<'a> {
    Borrowed(&'a str),
    /// An ASCII word of at most `INLINE` bytes, lowered.
    Inline(u8, [u8; INLINE]),
    Owned(String),
}

impl<'a> Lower<'a> {
    #[inline]
    pub(crate) fn of(w: &'a str) -> Self {
        // Lower-case ASCII (most words), found in one pass: nothing to change.
        if !w.bytes().any(|b| b >= 0x80 || b.is_ascii_uppercase()) {
            return Lower(Repr::Borrowed(w));
        }
        Self::lowered(w)
    }

    /// `of` for a word with a capital or a non-ASCII character.
    fn lowered(w: &'a str) -> Self {
        if w.is_ascii() {
            // For ASCII `to_lowercase` is `to_ascii_lowercase`.
            if w.len() <= INLINE {
                let mut buf = [0u8; INLINE];
                for (d, s) in buf.iter_mut().zip(w.bytes()) {
                    *d = s.to_ascii_lowercase();
                }
                return Lower(Repr::Inline(w.len() as u8, buf));
            }
            return Lower(Repr::Owned(w.to_ascii_lowercase()));
        }
        // Borrow exactly when `to_lowercase` would return the same text: every char maps
        // to itself alone (`Σ`, the only context-dependent mapping, never does).
        let same = w.chars().all(|c| {
            let mut l = c.to_lowercase();
            l.next() == Some(c) && l.next().is_none()
        });
        Lower(if same {
            Repr::Borrowed(w)
        } else {
            Repr::Owned(w.to_lowercase())
        })
    }
    pub(crate) fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Borrowed(s) => s,
            // SAFETY: `Inline` is only built (in `of`) from the bytes of an ASCII word,
            // lowered as ASCII, so its first `len` bytes are ASCII: valid UTF-8. (This
            // is on the hottest path of attribution; validating cost 3% of an analysis.)
            Repr::Inline(len, buf) => unsafe {
                std::str::from_utf8_unchecked(&buf[..usize::from(*len)])
            },
            Repr::Owned(s) => s,
        }
    }
}

impl Deref for Lower<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Lower<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Lower").field(&self.as_str()).finish()
    }
}

impl PartialEq for Lower<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Lower<'_> {}

impl PartialEq<&str> for Lower<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Lower<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<String> for Lower<'_> {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

pub struct Sent<'a> {
    pub prose: &'a str,
    pub toks: &'a [Token],
    /// Token range of the sentence.
    pub range: Range<usize>,
    /// `cues()`, found on first use (attribution asks for them several times).
    pub cues: std::cell::OnceCell<Vec<CueHit>>,
}

pub const PRONOUNS: [&str; 9] = ["he", "she", "they", "it", "i", "we", "you", "who", "which"];

const DETERMINERS: [&str; 20] = [
    "a", "an", "the", "his", "her", "its", "their", "our", "my", "your", "one", "another", "two",
    "three", "several", "some", "many", "other", "this", "that",
];

const SKIP_LEFT: [&str; 39] = [
    "himself",
    "herself",
    "themselves",
    "also",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "later",
    "previously",
    "then",
    "again",
    "recently",
    "once",
    "repeatedly",
    "publicly",
    "privately",
    "earlier",
    "did",
    "does",
    "do",
    "just",
    "further",
    "simply",
    "reportedly",
    "quickly",
    "flatly",
    "immediately",
    "long",
    "since",
    "often",
    "first",
    "last",
    "initially",
];

/// The pronoun of a contraction ("he’s", "she'd", "they’ll"), if the word is one.
pub fn pronoun_contraction(w: &str) -> Option<&'static str> {
    let stem = [
        "’s", "'s", "’d", "'d", "’ll", "'ll", "’re", "'re", "’ve", "'ve",
    ]
    .iter()
    .find_map(|suffix| w.strip_suffix(suffix))?;
    PRONOUNS.iter().copied().find(|p| *p == stem)
}

/// Auxiliary and modal verbs: after a noun phrase they make it a clause's subject
/// ("said the candidate could win").
const AUXILIARIES: [&str; 18] = [
    "has", "have", "had", "will", "would", "could", "should", "may", "might", "must", "can", "did",
    "does", "do", "is", "was", "were", "are",
];

/// Whether a lower-case word is an auxiliary or modal verb (`AUXILIARIES`).
pub(crate) fn is_auxiliary(w: &str) -> bool {
    AUXILIARIES.contains(&w)
}

/// A lower-case word shaped like a past or present-tense verb ("retaliated", "mocks";
/// not "press"). Callers add their own minimum length.
pub(crate) fn tensed_verb_shape(w: &str) -> bool {
    w.ends_with("ed") || w.ends_with('s') && !w.ends_with("ss")
}

/// Quantifiers that stand for a group's members on their own ("Another said", "Some
/// chanted").
const BARE_GROUP: [&str; 8] = [
    "another", "one", "some", "several", "many", "others", "someone", "somebody",
];

/// Words that never head a noun phrase.
const FUNCTION_WORDS: [&str; 30] = [
    "and", "or", "but", "that", "which", "who", "whom", "to", "of", "in", "on", "at", "for",
    "with", "from", "by", "as", "than", "then", "not", "also", "is", "was", "were", "are", "be",
    "been", "has", "had", "have",
];

/// Prepositions that open a modifier between a speaker and a cue ("Residents at the
/// meeting said").
const PREPOSITIONS: [&str; 14] = [
    "at", "in", "from", "of", "for", "through", "across", "near", "outside", "inside", "on",
    "with", "around", "along",
];

/// Time words that sit between a speaker and a cue ("Ortiz said Tuesday").
fn time_word(w: &str) -> bool {
    super::lexicon::WEEKDAYS.contains(&w) || matches!(w, "yesterday" | "today" | "tonight")
}

/// The speaker kind of a role-list class.
fn speaker_kind(class: RoleClass) -> SpeakerKind {
    match class {
        RoleClass::Role => SpeakerKind::Role,
        RoleClass::Org => SpeakerKind::Organization,
        RoleClass::Publication => SpeakerKind::Publication,
        RoleClass::Document => SpeakerKind::Document,
    }
}

/// Capitalised words that never start or belong to a name (`data/not_names.txt`).
pub fn not_name(w: &str) -> bool {
    lexicon().not_names.contains(w)
}

impl<'a> Sent<'a> {
    #[inline]
    pub fn word(&self, k: usize) -> &'a str {
        &self.prose[self.toks[k].span.clone()]
    }
    #[inline]
    fn lower(&self, k: usize) -> Lower<'a> {
        Lower::of(self.word(k))
    }
    /// Whether token `k` is a word; false past the last token, so a look one token
    /// beyond a sentence that ends the block cannot panic.
    fn is_word(&self, k: usize) -> bool {
        self.toks.get(k).is_some_and(|t| t.kind == TokKind::Word)
    }
    fn is_cap(&self, k: usize) -> bool {
        self.is_word(k) && self.word(k).chars().next().is_some_and(char::is_uppercase)
    }
    fn is_name_word(&self, k: usize) -> bool {
        let w = self.word(k);
        self.is_cap(k) && !not_name(w)
    }

    /// Whether the words `r` name a listed place ("New Hampshire", "Massachusetts").
    fn is_place(&self, r: Range<usize>) -> bool {
        lexicon()
            .places
            .contains(&r.map(|x| self.word(x)).collect::<Vec<_>>().join(" "))
    }

    fn is_particle(&self, k: usize) -> bool {
        self.is_word(k)
            && matches!(
                self.word(k),
                "de" | "van"
                    | "von"
                    | "der"
                    | "den"
                    | "da"
                    | "di"
                    | "del"
                    | "la"
                    | "le"
                    | "al"
                    | "bin"
                    | "ibn"
                    | "dos"
                    | "du"
            )
    }

    fn np(&self, toks: Range<usize>, kind: SpeakerKind, role: Option<String>) -> Np {
        let span = self.toks[toks.start].span.start..self.toks[toks.end - 1].span.end;
        Np {
            name: self.prose[span.clone()].to_string(),
            span,
            toks,
            kind,
            role,
        }
    }

    pub(crate) fn lower_at(&self, k: usize) -> Lower<'a> {
        if k < self.range.end && self.is_word(k) {
            self.lower(k)
        } else {
            Lower(Repr::Borrowed(""))
        }
    }
}

/// A speaker label in capitals opening a quotation, as transcripts write them
/// (`“PENCE: Well, look, …”`, `"MARY ANN SHAW: …"`): the label's span and the colon's.
/// One to four words of capitals, at least two letters in all, not a word that is
/// never a name (`NOTE:`, `UPDATE:`).
pub(crate) fn transcript_label(
    prose: &str,
    span: std::ops::Range<usize>,
) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut i = span.start;
    for _ in 0..2 {
        match prose[i..].chars().next() {
            Some(c @ ('“' | '"' | '‘' | '\'')) => i += c.len_utf8(),
            _ => break,
        }
    }
    let start = i;
    let mut end = span.end.min(start + 60).max(start);
    while !prose.is_char_boundary(end) {
        end -= 1;
    }
    let rest = &prose[start..end];
    let colon = rest.find(':')?;
    let label = &rest[..colon];
    let words: Vec<&str> = label.split(' ').collect();
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    let ok = !label.is_empty()
        && words.len() <= 4
        && letters >= 2
        && words.iter().all(|w| {
            !w.is_empty()
                && w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_uppercase() || matches!(c, '.' | '-' | '\'' | '’'))
        })
        && !words.iter().any(|w| not_name(&title_case(w)));
    ok.then(|| (start..start + colon, start + colon..start + colon + 1))
}

/// `PENCE` → `Pence`, `MARY ANN` → `Mary Ann`.
pub(crate) fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::{Lower, Repr};

    /// `Lower::of` is `to_lowercase`, and borrows exactly when that changes nothing.
    #[test]
    fn lower_equals_to_lowercase() {
        for w in [
            "said",
            "Said",
            "SAID",
            "ortiz’s",
            "Zoë",
            "zoë",
            "naïve",
            "ΣΟΦΙΑ",
            "σοφία",
            "ǅemal",
            "İstanbul",
            "\u{212A}elvin",
            "straße",
            "STRASSE",
            "42",
            "",
            "ﬁre",
            "ǈ",
            "o'neil",
            "O'NEIL",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCD",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDE",
        ] {
            let l = Lower::of(w);
            assert_eq!(l.as_str(), w.to_lowercase(), "{w}");
            assert_eq!(
                matches!(l.0, Repr::Borrowed(_)),
                w.to_lowercase() == w,
                "{w}"
            );
        }
    }
}
