//! Mentions of people and organisations, pronoun resolution, and the source ledger.

use super::analysis::Analysis;
use super::attribution::{Sent, not_name};
use super::draft::Scope;
use super::lexicon::{FastMap, FastSet, RoleClass, lexicon};
use super::model::*;
use std::ops::Range;

mod responses;
mod words;
use responses::*;
use words::*;
pub use words::{find_phrase, phrase_words_norm, words_of};

/// A name or role mention in the writer's text (never inside quotations).
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub span: Range<usize>,
    pub kind: SpeakerKind,
    /// The name without title ("Lena Ortiz", "Ortiz").
    pub name: String,
    pub title: Option<String>,
    pub block: usize,
    /// Whether the mention starts its sentence.
    pub sentence_initial: bool,
    /// Sentence index within the block.
    pub sentence: usize,
}

impl Mention {
    pub fn word_count(&self) -> usize {
        self.name.split_whitespace().count()
    }
    pub fn surname(&self) -> &str {
        self.name.split_whitespace().next_back().unwrap_or("")
    }
}

/// Capitalised name chains in every block except headings.
pub fn mentions(a: &Analysis) -> Vec<Mention> {
    let mut out = Vec::new();
    for bi in 0..a.blocks.len() {
        block_mentions(a, bi, &mut out);
    }
    out
}

/// The mentions of block `bi`, appended to `out`. Reads only that block's tokens,
/// sentences, text and scope (the engine cache relies on it).
pub fn block_mentions(a: &Analysis, bi: usize, out: &mut Vec<Mention>) {
    let facts = &a.blocks[bi];
    {
        if a.draft.blocks[bi].scope == Scope::Heading {
            return;
        }
        for (si, r) in facts.sentences.iter().enumerate() {
            let st = Sent {
                prose: &a.draft.prose,
                toks: &facts.tokens,
                range: r.clone(),
                cues: Default::default(),
            };
            let mut k = r.start;
            while k < r.end {
                let t = &facts.tokens[k];
                // Not a word, or a word that starts with an ASCII character other than a
                // capital (most tokens): not a name, without slicing or decoding.
                let first = a.draft.prose.as_bytes().get(t.span.start).copied();
                if !t.is_word() || first.is_some_and(|b| b < 0x80 && !b.is_ascii_uppercase()) {
                    k += 1;
                    continue;
                }
                let w = st.word(k);
                let cap =
                    t.is_word() && w.chars().next().is_some_and(char::is_uppercase) && !not_name(w);
                if !cap {
                    k += 1;
                    continue;
                }
                let mut e = k + 1;
                while e < r.end
                    && facts.tokens[e].is_word()
                    && (st.word(e).chars().next().is_some_and(char::is_uppercase)
                        && !not_name(st.word(e))
                        || matches!(
                            st.word(e),
                            "de" | "van" | "von" | "der" | "bin" | "al" | "da" | "del"
                        ))
                {
                    e += 1;
                }
                while e > k + 1
                    && !st
                        .word(e - 1)
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                {
                    e -= 1;
                }
                let lx = lexicon();
                let titled = (k..e).any(|x| lx.title_first.contains(st.word(x)));
                let is_place = !titled
                    && ((k..e).any(|x| lx.place_words.contains(st.word(x)))
                        && !(k..e).any(|x| lx.org_words.contains_key(st.word(x)))
                        || lx.places.contains(
                            &a.draft.prose
                                [facts.tokens[k].span.start..facts.tokens[e - 1].span.end],
                        ));
                // "State law allows …": a common noun capitalised by its position.
                // "Library director Lena Ortiz …": an organisation word before a role
                // noun, capitalised by its position, is a modifier.
                let common_initial = k == r.start
                    && e == k + 1
                    && (lx
                        .roles
                        .contains_key(crate::engine::attribution::Lower::of(st.word(k)).as_str())
                        || lx.org_words.get(st.word(k)) == Some(&RoleClass::Org)
                            && e < r.end
                            && facts.tokens[e].is_word()
                            && lx.roles.get(st.word(e)) == Some(&RoleClass::Role));
                if is_place || common_initial {
                    k = e;
                    continue;
                }
                if let Some(np) = st.np_left(e - 1)
                    && np.toks.start >= k.saturating_sub(1)
                {
                    // The phrase's own `String`, cut to the name without a possessive.
                    let mut name = np.name;
                    let kept = strip_possessive(&name).len();
                    name.truncate(kept);
                    out.push(Mention {
                        span: np.span,
                        kind: np.kind,
                        name,
                        title: np.role,
                        block: bi,
                        sentence_initial: k == r.start,
                        sentence: si,
                    });
                }
                k = e;
            }
        }
    }
}

/// `w.trim_end_matches("’s").trim_end_matches("'s")` without substring searchers.
fn strip_possessive(mut w: &str) -> &str {
    while let Some(r) = w.strip_suffix("’s") {
        w = r;
    }
    while let Some(r) = w.strip_suffix("'s") {
        w = r;
    }
    w
}

/// Surname → (position, full name) of the mentions of two or more words, in text order.
type FullNames<'m> = FastMap<&'m str, Vec<(usize, &'m str)>>;

/// The full name a one-word person name stands for at byte `at`: the nearest full
/// mention with that surname at or before `at`, else the first one; `None` when `name`
/// has several words or no full mention has it as surname. `sorted`: every list is in
/// position order (a binary search finds what the backward scan finds).
fn full_name_in<'m>(
    full_names: &FullNames<'m>,
    sorted: bool,
    name: &str,
    at: usize,
) -> Option<&'m str> {
    if name.split_whitespace().nth(1).is_some() {
        return None;
    }
    let list = full_names.get(name)?;
    let found = if sorted {
        let i = list.partition_point(|(p, _)| *p <= at);
        i.checked_sub(1).map(|i| &list[i])
    } else {
        list.iter().rev().find(|(p, _)| *p <= at)
    };
    found.or_else(|| list.first()).map(|(_, n)| *n)
}

/// `name.contains("'s ") || name.contains("’s ")`: a possessive inside a name chain
/// ("Microsoft's GitHub"), found with one pass over the bytes.
fn possessive_chain(name: &str) -> bool {
    let b = name.as_bytes();
    (1..b.len().saturating_sub(1)).any(|i| {
        b[i] == b's'
            && b[i + 1] == b' '
            && (b[i - 1] == b'\'' || i >= 3 && b[i - 3..i] == *"’".as_bytes())
    })
}

/// Prepositions whose object is not a sentence's subject.
const OBLIQUE: [&str; 12] = [
    "for", "against", "to", "with", "about", "by", "of", "from", "than", "like", "toward",
    "towards",
];

/// A lower-cased pronoun that refers to a person ("he", "who", "I"), never to an
/// organisation or a thing.
fn is_he(w: &str) -> bool {
    matches!(
        w,
        "he" | "she" | "him" | "her" | "hers" | "his" | "who" | "i" | "my"
    )
}

/// A pronoun mention, as written ("He’s", "SHE"), that refers to a person: the test
/// pronoun resolution uses, so that resolution and the ledger's entries agree.
fn names_a_person(mention: &str) -> bool {
    let lower = crate::engine::attribution::Lower::of(mention);
    // "He’s predicting": the pronoun of a contraction.
    is_he(crate::engine::attribution::pronoun_contraction(&lower).unwrap_or(&lower))
}

/// Resolve pronoun speakers, attach every speaker to a ledger entry and build the ledger.
pub fn resolve_and_build(a: &mut Analysis) {
    resolve_and_build_with(a, &mut Vec::new());
}

/// The response phrase of each sentence searched so far, by block and sentence
/// (`None`: not searched yet). A sentence's answer depends only on its text, so the
/// engine cache keeps them with the block.
pub type SentenceResponses = Vec<Vec<Option<Option<Response>>>>;

/// `resolve_and_build` with sentence responses found earlier (`responses[block][sentence]`);
/// the ones it searches are added.
pub fn resolve_and_build_with(a: &mut Analysis, responses: &mut SentenceResponses) {
    let persons: Vec<&Mention> = a
        .mentions
        .iter()
        .filter(|m| m.kind == SpeakerKind::Person)
        .collect();
    // Surname → full names seen (position, name), in order.
    let mut full_names: FullNames = FastMap::default();
    for m in &persons {
        if m.word_count() >= 2 {
            full_names
                .entry(m.surname())
                .or_default()
                .push((m.span.start, m.name.as_str()));
        }
    }
    // Mentions come in text order, so each list is sorted by position (checked: a
    // binary search then finds the same entry as a backward scan).
    let full_sorted = full_names.values().all(|l| l.is_sorted_by_key(|e| e.0));
    let full_name_for = |name: &str, at: usize| -> String {
        match full_name_in(&full_names, full_sorted, name, at) {
            Some(full) => full.to_string(),
            None => name.to_string(),
        }
    };

    // Pronoun resolution: the nearest person mention (or attributed person) before it.
    // (position, name, start of its sentence): a pronoun refers to the nearest person,
    // preferring the subject (first person) of the sentence that person is in.
    // The last field: the mention is a preposition's object ("With a vote for Trump
    // ruled out, Cross said he …"), so not the sentence's subject.
    let mut person_points: Vec<(usize, String, usize, bool)> = persons
        .iter()
        .filter(|m| !possessive_chain(&m.name))
        .filter(|m| {
            m.word_count() >= 2 || m.title.is_some() || full_names.contains_key(m.name.as_str())
        })
        .map(|m| {
            let sentence = a.blocks[m.block].sentence_span(m.sentence).start;
            let before = a.draft.prose[sentence.min(m.span.start)..m.span.start].trim_end();
            // The word before the mention, or before its title ("for Mayor Lena Ortiz").
            let mut words = before
                .rsplit(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty());
            let oblique = match (words.next(), m.title.is_some()) {
                (Some(w), true) if w.starts_with(char::is_uppercase) => words.next(),
                (w, _) => w,
            }
            .is_some_and(|w| OBLIQUE.contains(&w));
            (m.span.start, m.name.clone(), sentence, oblique)
        })
        .collect();
    for q in &a.quotes {
        if let Some(sp) = &q.speaker
            && sp.kind == SpeakerKind::Person
        {
            person_points.push((sp.span.start, sp.name.clone(), q.sentence.start, false));
        }
    }
    person_points.sort();
    let others: Vec<(usize, &str)> = a
        .mentions
        .iter()
        .filter(|m| matches!(m.kind, SpeakerKind::Organization | SpeakerKind::Publication))
        .map(|m| (m.span.start, m.name.as_str()))
        .collect();
    // Organisation names of more than two words (position, last word, name), computed
    // once rather than per speaker.
    let long_others: Vec<(usize, &str, &str)> = others
        .iter()
        .filter(|(_, n)| n.split_whitespace().count() > 2)
        .map(|&(p, n)| (p, n.split_whitespace().last().unwrap_or(""), n))
        .collect();
    let others_sorted = long_others.is_sorted_by_key(|o| o.0);
    for qi in 0..a.quotes.len() {
        let Some(sp) = a.quotes[qi].speaker.as_mut() else {
            continue;
        };
        if sp.kind != SpeakerKind::Pronoun {
            if sp.kind == SpeakerKind::Person {
                if let Some(full) = full_name_in(&full_names, full_sorted, &sp.name, sp.span.start)
                    && full != sp.name
                {
                    sp.name = full.to_string();
                }
            } else if sp.kind == SpeakerKind::Organization {
                // "the authority" after "the Millbrook Transit Authority": the same body.
                let words: Vec<&str> = sp.name.split_whitespace().collect();
                if let [det, head] = words[..] {
                    let generic = det.eq_ignore_ascii_case("the")
                        && head.chars().next().is_some_and(char::is_lowercase);
                    // The nearest earlier name of more than two words ending in the head.
                    let before = if others_sorted {
                        long_others.partition_point(|(p, _, _)| *p < sp.span.start)
                    } else {
                        long_others.len()
                    };
                    let full = long_others[..before]
                        .iter()
                        .rev()
                        .find(|(p, last, _)| *p < sp.span.start && last.eq_ignore_ascii_case(head));
                    if let (true, Some((_, _, full))) = (generic, full) {
                        sp.name = full.to_string();
                    }
                }
            }
            continue;
        }
        let lower = crate::engine::attribution::Lower::of(&sp.mention);
        // "He’s predicting": the pronoun of a contraction.
        let w = crate::engine::attribution::pronoun_contraction(&lower).unwrap_or(&lower);
        if is_he(w) {
            let idx = person_points.partition_point(|(p, ..)| *p < sp.span.start);
            if idx > 0 {
                let key = person_points[idx - 1].2;
                let mut first = idx - 1;
                while first > 0 && person_points[first - 1].2 == key {
                    first -= 1;
                }
                // The sentence's first person that is not a preposition's object.
                let subject = (first..idx).find(|&i| !person_points[i].3).unwrap_or(first);
                sp.name = full_name_for(&person_points[subject].1, sp.span.start);
            }
        } else {
            let idx = others.partition_point(|(p, _)| *p < sp.span.start);
            if idx > 0 {
                sp.name = full_name_for(others[idx - 1].1, sp.span.start);
            } else if !is_it_pronoun(w)
                && let Some((_, n, ..)) = person_points
                    .iter()
                    .rev()
                    .find(|(p, ..)| *p < sp.span.start)
            {
                sp.name = n.clone();
            }
        }
    }

    // The ledger.
    let mut sources: Vec<Source> = Vec::new();
    // Entries by kind (`SourceKind as usize`) and key; `key` is the buffer the key of
    // each name is written into, so only new entries allocate one.
    let mut index: [FastMap<String, usize>; 5] = Default::default();
    let mut key = String::new();
    let key_into = |name: &str, key: &mut String| {
        // `to_lowercase`, then `trim_start_matches` of "the ", "a " and "an " in turn
        // (each as often as it repeats), without a substring searcher per call.
        key.clear();
        if name.is_ascii() {
            key.push_str(name);
            key.make_ascii_lowercase();
        } else {
            key.push_str(&name.to_lowercase());
        }
        let mut rest = key.as_str();
        for article in ["the ", "a ", "an "] {
            while let Some(r) = rest.strip_prefix(article) {
                rest = r;
            }
        }
        let cut = key.len() - rest.len();
        key.drain(..cut);
    };
    let source_kind = |k: SpeakerKind| match k {
        SpeakerKind::Person | SpeakerKind::Pronoun => SourceKind::Person,
        SpeakerKind::Role => SourceKind::Role,
        SpeakerKind::Organization => SourceKind::Organization,
        SpeakerKind::Publication => SourceKind::Publication,
        SpeakerKind::Document => SourceKind::Document,
    };
    // Which person chains count as people: speakers, titled, or referred to again by surname.
    let mut surname_count: FastMap<&str, usize> = FastMap::default();
    for m in &persons {
        *surname_count.entry(m.surname()).or_default() += 1;
    }
    let speaker_names: FastSet<&str> = a
        .quotes
        .iter()
        .filter_map(|q| q.speaker.as_ref())
        .filter(|s| matches!(s.kind, SpeakerKind::Person | SpeakerKind::Pronoun))
        .map(|s| s.name.as_str())
        .collect();
    // Surnames (lower-cased) the draft also writes in lower case somewhere (outside
    // quotations or not). Only the surnames are looked for, so the set stays small.
    // (Each distinct surname lowered once.)
    let surnames: FastSet<&str> = a
        .mentions
        .iter()
        .filter(|m| source_kind(m.kind) == SourceKind::Person)
        .map(|m| m.surname())
        .collect();
    let wanted: FastSet<String> = surnames.into_iter().map(str::to_lowercase).collect();
    let lower_words = lower_case_words(&a.draft.prose, &wanted);
    for m in &a.mentions {
        let kind = source_kind(m.kind);
        let name: &str = if kind == SourceKind::Person {
            full_name_in(&full_names, full_sorted, &m.name, m.span.start).unwrap_or(&m.name)
        } else {
            &m.name
        };
        if kind == SourceKind::Person {
            // A surname the draft also writes in lower case ("protests", "two") is a
            // common word, and a possessive chain ("Microsoft's GitHub") is not a name.
            let surname = m.surname();
            let common_word =
                lower_words.contains(crate::engine::attribution::Lower::of(surname).as_str());
            let possessive = possessive_chain(name);
            let credible = m.title.is_some()
                || speaker_names.contains(name)
                || surname_count.get(surname).copied().unwrap_or(0) >= 2
                    && full_names.contains_key(surname)
                    && !common_word
                    && !possessive;
            if !credible {
                continue;
            }
        } else if kind == SourceKind::Role {
            continue;
        }
        key_into(name, &mut key);
        let i = match index[kind as usize].get(key.as_str()) {
            Some(&i) => i,
            None => {
                sources.push(Source {
                    name: name.to_string(),
                    kind,
                    aliases: Vec::new(),
                    role: m.title.clone(),
                    first_reference: m.span.clone(),
                    mentions: Vec::new(),
                    quotes: Vec::new(),
                    anonymous: None,
                    response: None,
                });
                index[kind as usize].insert(key.clone(), sources.len() - 1);
                sources.len() - 1
            }
        };
        let src = &mut sources[i];
        src.mentions.push(m.span.clone());
        let written = &a.draft.prose[m.span.clone()];
        if written != src.name && !src.aliases.iter().any(|w| w == written) {
            src.aliases.push(written.to_string());
        }
        if src.role.is_none() {
            src.role = m.title.clone();
        }
    }
    // Speakers: attach to entries (creating role and document entries).
    for qi in 0..a.quotes.len() {
        let Some(sp) = a.quotes[qi].speaker.as_ref() else {
            continue;
        };
        let mut kind = source_kind(sp.kind);
        let name = if sp.kind == SpeakerKind::Pronoun && sp.name == sp.mention {
            // Unresolved pronoun: no ledger entry.
            continue;
        } else {
            sp.name.as_str()
        };
        key_into(name, &mut key);
        let mut found = index[kind as usize].get(key.as_str()).copied();
        if sp.kind == SpeakerKind::Pronoun && !names_a_person(&sp.mention) {
            // "It said …", "They said …" resolved to an organisation or a publication:
            // that entry, whatever its kind; a new entry for "it" is not a person.
            found = found.or_else(|| index.iter().find_map(|m| m.get(key.as_str()).copied()));
            if found.is_none() && is_it_pronoun(&sp.mention) {
                kind = SourceKind::Organization;
            }
        }
        let i = match found {
            Some(i) => i,
            None => {
                sources.push(Source {
                    name: name.to_string(),
                    kind,
                    aliases: Vec::new(),
                    role: sp.role.clone(),
                    first_reference: sp.span.clone(),
                    mentions: vec![sp.span.clone()],
                    quotes: Vec::new(),
                    anonymous: None,
                    response: None,
                });
                index[kind as usize].insert(key.clone(), sources.len() - 1);
                sources.len() - 1
            }
        };
        // Quotations come in ascending order: one already listed is the last one.
        if sources[i].quotes.last() != Some(&qi) {
            sources[i].quotes.push(qi);
        }
        if sources[i].role.is_none() {
            sources[i].role = sp.role.clone();
        }
        if let Some(s) = a.quotes[qi].speaker.as_mut() {
            s.source = Some(i);
        }
    }
    for s in &mut sources {
        s.mentions.sort_by_key(|m| m.start);
        s.mentions.dedup();
        // First full reference: the first mention whose text contains the full name.
        if let Some(m) = s
            .mentions
            .iter()
            .find(|m| a.draft.prose[(*m).clone()].contains(&s.name))
        {
            s.first_reference = m.clone();
        } else if let Some(m) = s.mentions.first() {
            s.first_reference = m.clone();
        }
    }
    anonymity_and_responses(a, &mut sources, responses);
    a.sources = sources;
}

/// "it" and "its": a pronoun for a thing or an organisation, never a person.
fn is_it_pronoun(mention: &str) -> bool {
    mention.eq_ignore_ascii_case("it") || mention.eq_ignore_ascii_case("its")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_possessive_is_trimming_both_suffixes() {
        for w in [
            "Ortiz’s",
            "Ortiz's",
            "Ortiz",
            "’s",
            "'s’s",
            "’s's",
            "Ortiz’s's",
            "s",
            "",
        ] {
            assert_eq!(
                strip_possessive(w),
                w.trim_end_matches("’s").trim_end_matches("'s"),
                "{w}"
            );
        }
    }
}
