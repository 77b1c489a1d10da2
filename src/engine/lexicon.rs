//! Word lists, loaded once from the data files under `data/` (compiled in).
//!
//! Every list is plain text: `#` starts a comment, fields are tab-separated.
//! Nothing here knows about rules; the lists only name words and their classes.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: a fast hash for short keys. Used for the word lists, whose keys are fixed
/// (looking up a draft's words in them is only probing), and for small per-draft sets.
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// The days of the week, lower case ("said Tuesday", "on Monday").
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The months, lower case, with their abbreviations ("jan", "sept").
pub const MONTHS: [&str; 24] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// A day of the week or a month (lower case, abbreviation without its period).
pub fn date_word(w: &str) -> bool {
    WEEKDAYS.contains(&w) || MONTHS.contains(&w)
}

/// How neutral an attribution cue is (catalog §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CueClass {
    Neutral,
    NeutralCtx,
    NeutralDoc,
    Formal,
    Mild,
    Loaded,
    /// Loaded verbs that describe delivery or tentativeness (shouted, whispered,
    /// suggested, joked): reported at hint level.
    Manner,
    Denial,
    Warn,
    NonSpeech,
    Cognition,
}

impl CueClass {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "neutral" => Self::Neutral,
            "neutral-ctx" => Self::NeutralCtx,
            "neutral-doc" => Self::NeutralDoc,
            "formal" => Self::Formal,
            "mild" => Self::Mild,
            "loaded" => Self::Loaded,
            "manner" => Self::Manner,
            "denial" => Self::Denial,
            "warn" => Self::Warn,
            "non-speech" => Self::NonSpeech,
            "cognition" => Self::Cognition,
            _ => return None,
        })
    }
}

/// One inflected cue form ("said", "pointed out") with its lemma and classes.
#[derive(Debug, Clone, Default)]
pub struct CueForm {
    pub lemma: String,
    /// Lower-case words of the form.
    pub words: Vec<String>,
    pub classes: Vec<CueClass>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleClass {
    Role,
    Org,
    Publication,
    Document,
}

#[derive(Debug, Default)]
pub struct Lexicon {
    /// Cue forms keyed by their first lower-case word.
    pub cues: FastMap<String, Vec<CueForm>>,
    /// Phrases (lower-case word sequences) that look like cues but are not.
    pub cue_guards: Vec<Vec<String>>,
    /// Word → (index in `cue_guards`, offset of the word) of every guard phrase word.
    pub cue_guard_at: FastMap<String, Vec<(usize, usize)>>,
    pub abbrev_title: FastSet<String>,
    pub abbrev_final: FastSet<String>,
    /// Titles that precede names, as word sequences ("Vice President").
    pub titles: Vec<Vec<String>>,
    /// The first word of every title (`titles.iter().any(|t| t[0] == w)` in one lookup).
    pub title_first: FastSet<String>,
    pub roles: FastMap<String, RoleClass>,
    /// Roles whose unnamed holder is an anonymous source ("an aide", "two officials").
    pub insider_roles: FastSet<String>,
    pub org_words: FastMap<String, RoleClass>,
    /// Capitalised words that are never names ("The", "However", "Nothing").
    pub not_names: FastSet<String>,
    /// Places, nationalities and parties: capitalised, but never people.
    pub places: FastSet<String>,
    /// Countries and capitals that stand for their governments ("Canada said"), for
    /// `institutional-attribution`.
    pub governments: FastSet<String>,
    /// Nouns after a surname that make it part of another entity ("the Ortiz
    /// administration"; `data/entity_nouns.txt`).
    pub entity_nouns: FastSet<String>,
    /// Speakers whose loaded verb is a legal term (`data/legal_subjects.txt`).
    pub legal_subjects: Vec<String>,
    /// Generic first-person phrases (`data/generic_first_person.txt`), lower-case words.
    pub generic_first_person: Vec<Vec<String>>,
    /// Nouns that head a document phrase (`data/documents.txt`).
    pub document_heads: FastSet<String>,
    /// Words that make a name a place ("Avenue", "Station").
    pub place_words: FastSet<String>,
    /// Anonymous-source descriptors (lower-case phrase, class).
    pub anonymity: Vec<(Vec<String>, String)>,
    pub anonymity_reasons: Vec<(Vec<String>, String)>,
    pub responses: Vec<(Vec<String>, String)>,
    /// `responses` without wildcard phrases, indexed by first word (ids are indices
    /// into `responses`).
    pub response_index: PhraseIndex,
    pub allegations: Vec<Vec<String>>,
    pub boilerplate: Vec<String>,
    pub title_frames: FastSet<String>,
    /// The colon of a lead-in (`Ortiz said the plan was simple: “…”`), as a cue.
    pub colon: CueForm,
    /// A dash between a quotation and its speaker (`“…” — Lena Ortiz`), as a cue.
    pub dash: CueForm,
    /// The verb of a said-tag that is not in the cue list (`“…,” Ortiz quipped`).
    pub tag: CueForm,
    /// A speech noun after a possessive (`Trump’s claim that “…”`, `her remark`), as a
    /// cue whose speaker is the possessor (`data/speech_nouns.txt`).
    pub speech_noun: CueForm,
    pub speech_nouns: FastSet<String>,
    /// Bit `min(len, 63)` of entry `b` is set when some speech noun starts with byte `b`
    /// and is `len` bytes long (`is_speech_noun` rules most words out without hashing).
    speech_noun_shapes: Vec<u64>,
    /// The same for the first words of `cues` (`cue_forms`).
    cue_shapes: Vec<u64>,
    pub mention_frames: Vec<Vec<String>>,
    pub sign_frames: Vec<Vec<String>>,
    /// Words after a quotation that make it a term being defined (`which is defined as`).
    pub following_mention_frames: Vec<Vec<String>>,
    /// Nouns after a quotation that follows a determiner (`the “sex tape” reference`).
    pub mention_nouns: FastSet<String>,
    /// Nouns after a quotation in Title Case that make it a title (`the “Avatar” star`).
    pub title_nouns: FastSet<String>,
}

impl Lexicon {
    /// `speech_nouns.contains(w)`, most words ruled out by first byte and length.
    #[inline]
    pub fn is_speech_noun(&self, w: &str) -> bool {
        shape_bit(w)
            .is_some_and(|(b, bit)| self.speech_noun_shapes.get(b).is_some_and(|s| s & bit != 0))
            && self.speech_nouns.contains(w)
    }

    /// `cues.get(w)`, most words ruled out by first byte and length before hashing.
    #[inline]
    pub fn cue_forms(&self, w: &str) -> Option<&Vec<CueForm>> {
        let may_start = shape_bit(w)
            .is_some_and(|(b, bit)| self.cue_shapes.get(b).is_some_and(|s| s & bit != 0));
        if may_start { self.cues.get(w) } else { None }
    }
}

fn data_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().filter_map(|l| {
        let l = match l.find('#') {
            // A '#' inside a field is data ("#1"); only a leading '#' or "\t#" starts a comment.
            Some(0) => return None,
            Some(i) if l[..i].ends_with('\t') || l[..i].ends_with(' ') => &l[..i],
            _ => l,
        };
        let l = l.trim_end();
        if l.trim().is_empty() {
            return None;
        }
        Some(l.split('\t').map(str::trim).collect())
    })
}

/// Lower-case words of a phrase, splitting on spaces.
pub fn phrase_words(s: &str) -> Vec<String> {
    s.split_whitespace().map(|w| w.to_lowercase()).collect()
}

impl Lexicon {
    fn load() -> Self {
        let mut lx = Lexicon {
            colon: CueForm {
                lemma: ":".into(),
                words: vec![":".into()],
                classes: vec![CueClass::Neutral],
            },
            dash: CueForm {
                lemma: "—".into(),
                words: vec!["—".into()],
                classes: vec![CueClass::Neutral],
            },
            tag: CueForm {
                lemma: "(tag verb)".into(),
                words: Vec::new(),
                classes: vec![CueClass::Neutral],
            },
            speech_noun: CueForm {
                lemma: "(speech noun)".into(),
                words: Vec::new(),
                classes: vec![CueClass::Neutral],
            },
            ..Lexicon::default()
        };
        for f in data_lines(include_str!("../../data/cues.tsv")) {
            if f.len() < 3 {
                continue;
            }
            let Some(class) = CueClass::parse(f[1]) else {
                continue;
            };
            for form in f[2].split('|') {
                let words = phrase_words(form);
                if words.is_empty() {
                    continue;
                }
                let list = lx.cues.entry(words[0].clone()).or_default();
                if let Some(existing) = list.iter_mut().find(|c| c.words == words) {
                    if !existing.classes.contains(&class) {
                        existing.classes.push(class);
                    }
                } else {
                    list.push(CueForm {
                        lemma: f[0].to_string(),
                        words,
                        classes: vec![class],
                    });
                }
            }
        }
        // Longest forms first so "pointed out" wins over "pointed".
        for list in lx.cues.values_mut() {
            list.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
        }
        lx.cue_shapes = vec![0; 256];
        for w in lx.cues.keys() {
            if let Some((b, bit)) = shape_bit(w) {
                lx.cue_shapes[b] |= bit;
            }
        }
        for f in data_lines(include_str!("../../data/cue_guards.txt")) {
            let w = phrase_words(&f[0].replace("<noun>", ""));
            if !w.is_empty() {
                for (o, gw) in w.iter().enumerate() {
                    let at = (lx.cue_guards.len(), o);
                    lx.cue_guard_at.entry(gw.clone()).or_default().push(at);
                }
                lx.cue_guards.push(w);
            }
        }
        for f in data_lines(include_str!("../../data/abbreviations.txt")) {
            match f.get(1) {
                Some(&"final") => lx.abbrev_final.insert(f[0].to_string()),
                _ => lx.abbrev_title.insert(f[0].to_string()),
            };
        }
        for f in data_lines(include_str!("../../data/titles.txt")) {
            lx.titles
                .push(f[0].split_whitespace().map(str::to_string).collect());
        }
        lx.titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
        lx.title_first = lx.titles.iter().map(|t| t[0].clone()).collect();
        for f in data_lines(include_str!("../../data/roles.txt")) {
            let class = match f.get(1).copied() {
                Some("org") => RoleClass::Org,
                Some("publication") => RoleClass::Publication,
                Some("document") => RoleClass::Document,
                _ => RoleClass::Role,
            };
            lx.roles.insert(f[0].to_lowercase(), class);
            if f.get(2) == Some(&"insider") {
                lx.insider_roles.insert(f[0].to_lowercase());
            }
        }
        for f in data_lines(include_str!("../../data/organizations.txt")) {
            let class = match f.get(1).copied() {
                Some("publication") => RoleClass::Publication,
                Some("document") => RoleClass::Document,
                _ => RoleClass::Org,
            };
            lx.org_words.insert(f[0].to_string(), class);
        }
        for f in data_lines(include_str!("../../data/speech_nouns.txt")) {
            lx.speech_nouns.insert(f[0].to_string());
            if let Some((b, bit)) = shape_bit(f[0]) {
                lx.speech_noun_shapes.resize(256, 0);
                lx.speech_noun_shapes[b] |= bit;
            }
        }
        for f in data_lines(include_str!("../../data/generic_first_person.txt")) {
            lx.generic_first_person.push(phrase_words(f[0]));
        }
        for f in data_lines(include_str!("../../data/documents.txt")) {
            lx.document_heads.insert(f[0].to_string());
        }
        for f in data_lines(include_str!("../../data/entity_nouns.txt")) {
            lx.entity_nouns.insert(f[0].to_string());
        }
        for f in data_lines(include_str!("../../data/legal_subjects.txt")) {
            lx.legal_subjects.push(f[0].to_string());
        }
        for f in data_lines(include_str!("../../data/governments.txt")) {
            lx.governments.insert(f[0].to_string());
        }
        for f in data_lines(include_str!("../../data/not_names.txt")) {
            lx.not_names.insert(f[0].to_string());
        }
        for f in data_lines(include_str!("../../data/places.txt")) {
            match f[0].strip_prefix('@') {
                Some(w) => lx.place_words.insert(w.to_string()),
                None => lx.places.insert(f[0].to_string()),
            };
        }
        let classed = |text: &str| -> Vec<(Vec<String>, String)> {
            data_lines(text)
                .filter(|f| f.len() >= 2)
                .map(|f| (phrase_words(f[0]), f[1].to_string()))
                .collect()
        };
        lx.anonymity = classed(include_str!("../../data/anonymity.tsv"));
        lx.anonymity_reasons = classed(include_str!("../../data/anonymity_reasons.tsv"));
        lx.responses = classed(include_str!("../../data/responses.tsv"));
        lx.response_index = PhraseIndex::new(
            lx.responses
                .iter()
                .enumerate()
                .filter(|(_, (p, _))| !p.iter().any(|w| w == "x"))
                .map(|(i, (p, _))| (i, p.as_slice())),
        );
        for f in data_lines(include_str!("../../data/allegations.txt")) {
            for p in f {
                let w = phrase_words(p);
                if !w.is_empty() {
                    lx.allegations.push(w);
                }
            }
        }
        for l in include_str!("../../data/boilerplate.txt").lines() {
            let l = l.trim();
            if !l.is_empty() && !l.starts_with('#') {
                lx.boilerplate.push(l.to_lowercase());
            }
        }
        let frames = include_str!("../../data/frames.txt");
        let mut section = 0;
        // Section headers of data/frames.txt; any other comment line ends a section.
        const SECTIONS: [&str; 6] = [
            "# preceding cue within",
            "# preceding cue ->",
            "# preceding/following",
            "# following cue -> class mention",
            "# following noun after a determiner",
            "# following noun -> class title",
        ];
        for l in frames.lines() {
            if l.starts_with('#') {
                section = SECTIONS
                    .iter()
                    .position(|h| l.starts_with(h))
                    .map_or(0, |i| i + 1);
                continue;
            }
            match section {
                1 => lx
                    .title_frames
                    .extend(l.split_whitespace().map(|w| w.to_lowercase())),
                2 => lx
                    .mention_frames
                    .extend(l.split('\t').map(phrase_words).filter(|w| !w.is_empty())),
                3 => lx
                    .sign_frames
                    .extend(l.split('\t').map(phrase_words).filter(|w| !w.is_empty())),
                5 => lx
                    .mention_nouns
                    .extend(l.split('\t').map(|w| w.trim().to_lowercase())),
                6 => lx
                    .title_nouns
                    .extend(l.split_whitespace().map(|w| w.to_lowercase())),
                4 => lx
                    .following_mention_frames
                    .extend(l.split('\t').map(phrase_words).filter(|w| !w.is_empty())),
                _ => {}
            }
        }
        lx
    }
}

/// The built-in lexicon.
/// A list of phrases (lower-case words, `x` a wildcard word) indexed by first word, so
/// that finding the first phrase of the list that occurs in a text costs one hash lookup
/// per word of the text rather than one scan of the text per phrase.
#[derive(Debug, Default)]
pub struct PhraseIndex {
    /// (id, words with the curly apostrophe as straight), in list order.
    phrases: Vec<(usize, Vec<String>)>,
    /// First word → positions in `phrases`, ascending.
    by_first: FastMap<String, Vec<usize>>,
    /// Phrases whose first word is the wildcard.
    wild: Vec<usize>,
    /// Bit `min(len, 63)` of entry `b` is set when some first word starts with byte `b`
    /// and is `len` bytes long: most words of a text are ruled out without hashing.
    shapes: Vec<u64>,
}

/// The `PhraseIndex::shapes` bit of a word.
fn shape_bit(w: &str) -> Option<(usize, u64)> {
    let b = *w.as_bytes().first()?;
    Some((usize::from(b), 1u64 << w.len().min(63)))
}

impl PhraseIndex {
    /// Index `(id, phrase)` pairs; ids must ascend (the list order decides ties).
    pub fn new<'a>(phrases: impl Iterator<Item = (usize, &'a [String])>) -> PhraseIndex {
        let mut ix = PhraseIndex {
            shapes: vec![0; 256],
            ..PhraseIndex::default()
        };
        for (id, words) in phrases {
            if words.is_empty() {
                continue;
            }
            let words: Vec<String> = words.iter().map(|w| w.replace('’', "'")).collect();
            let at = ix.phrases.len();
            if words[0] == "x" {
                ix.wild.push(at);
            } else {
                if let Some((b, bit)) = shape_bit(&words[0]) {
                    ix.shapes[b] |= bit;
                }
                ix.by_first.entry(words[0].clone()).or_default().push(at);
            }
            ix.phrases.push((id, words));
        }
        ix
    }

    /// The first phrase of the list (lowest id) that occurs in `words` (lower-case, curly
    /// apostrophe as straight), with the byte range of its first occurrence. The same
    /// answer as trying each phrase in turn with `ledger::find_phrase`.
    pub fn first_match<S: AsRef<str>>(
        &self,
        words: &[(std::ops::Range<usize>, S)],
    ) -> Option<(usize, std::ops::Range<usize>)> {
        let mut best: Option<(usize, std::ops::Range<usize>)> = None;
        for i in 0..words.len() {
            let w = words[i].1.as_ref();
            // (An index built by `default()` has no shapes: every word is looked up.)
            let may_start = shape_bit(w)
                .is_some_and(|(b, bit)| self.shapes.get(b).is_none_or(|s| s & bit != 0));
            let listed = if may_start {
                self.by_first.get(w)
            } else {
                None
            };
            // No phrase can start here (most words): no candidate list to walk.
            if listed.is_none() && self.wild.is_empty() {
                continue;
            }
            let candidates = listed.into_iter().flatten().chain(self.wild.iter());
            for &at in candidates {
                let (id, phrase) = &self.phrases[at];
                if best.as_ref().is_some_and(|(b, _)| b <= id) || i + phrase.len() > words.len() {
                    continue;
                }
                let hit = phrase
                    .iter()
                    .enumerate()
                    .all(|(j, p)| p == "x" || words[i + j].1.as_ref() == p.as_str());
                if hit {
                    best = Some((*id, words[i].0.start..words[i + phrase.len() - 1].0.end));
                }
            }
        }
        best
    }
}

pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(Lexicon::load)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_with_expected_entries() {
        let lx = lexicon();
        let said = &lx.cues["said"];
        assert!(said.iter().any(|c| c.classes.contains(&CueClass::Neutral)));
        let stated = &lx.cues["stated"];
        assert!(stated[0].classes.contains(&CueClass::Formal));
        assert!(stated[0].classes.contains(&CueClass::NeutralDoc));
        assert!(lx.cues["pointed"].iter().any(|c| c.words.len() == 2));
        assert!(lx.abbrev_title.contains("Sen."));
        assert!(lx.abbrev_final.contains("U.S."));
        assert!(
            lx.responses
                .iter()
                .any(|(w, c)| w[0] == "declined" && c == "declined")
        );
        assert!(lx.boilerplate.iter().any(|b| b == "leave a comment"));
        assert!(lx.title_frames.contains("book"));
        assert!(lx.mention_frames.iter().any(|w| w == &["so-called"]));
        assert!(
            lx.following_mention_frames
                .iter()
                .any(|w| w == &["which", "is", "defined", "as"])
        );
    }

    /// The index gives the same phrase and span as trying each phrase in list order.
    #[test]
    fn phrase_index_agrees_with_scanning_in_order() {
        use crate::engine::ledger::{find_phrase, words_of};
        let phrases: Vec<Vec<String>> = [
            "did not respond",
            "declined to comment",
            "x said",
            "did not",
            "comment",
            "won’t say",
        ]
        .iter()
        .map(|p| phrase_words(p))
        .collect();
        let ix = PhraseIndex::new(phrases.iter().enumerate().map(|(i, p)| (i, p.as_slice())));
        for text in [
            "Ortiz declined to comment and did not respond to calls.",
            "She did not comment; he did not respond.",
            "The mayor won't say, Ruiz said.",
            "Nothing here at all",
            "",
            "comment",
        ] {
            let words = words_of(text, 7);
            let scan = phrases
                .iter()
                .enumerate()
                .find_map(|(i, p)| find_phrase(&words, p).map(|r| (i, r)));
            assert_eq!(ix.first_match(&words), scan, "{text}");
        }
    }
}
