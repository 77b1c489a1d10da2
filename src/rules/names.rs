//! Names and titles: first and later references.

use super::cache::Unit;
use super::ctx::{Ctx, is_cap, is_prose_scope};
use super::{Applicability, Finding, Severity, edit};
use crate::engine::ledger::Mention;
use crate::engine::lexicon::{FastMap, lexicon};
use crate::engine::{SourceKind, SpeakerKind};
use std::ops::Range;

pub fn run(cx: &Ctx, out: &mut Vec<Finding>) {
    references(cx, out);
    courtesy(cx, out);
    institutional(cx, out);
}

const COURTESY: [&str; 6] = ["Mr.", "Mrs.", "Ms.", "Miss", "Mx.", "Mr"];

/// Byte range of `word` inside a mention's span.
fn name_range(cx: &Ctx, m: &Mention, word: &str) -> Option<Range<usize>> {
    let text = &cx.prose()[m.span.clone()];
    text.rfind(word)
        .map(|i| m.span.start + i..m.span.start + i + word.len())
}

const PREPOSITIONS: [&str; 12] = [
    "in",
    "of",
    "from",
    "at",
    "near",
    "to",
    "across",
    "outside",
    "for",
    "into",
    "throughout",
    "within",
];

/// Guards against places, organisations and adjectives the name chains pick up: the full
/// name has no organisation word, the surname is not an acronym, and the surname never
/// follows a preposition (`in Zimbabwe`, `of Allen`).
fn person_like(cx: &Ctx, full: &Mention, surname: &str) -> bool {
    let lx = crate::engine::lexicon::lexicon();
    if full
        .name
        .split_whitespace()
        .any(|w| lx.org_words.contains_key(w))
    {
        return false;
    }
    if surname
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
    {
        return false;
    }
    let prose = cx.prose();
    // The same non-overlapping matches as `match_indices`, found by `memmem` (several
    // times faster over a long draft).
    for i in memchr::memmem::find_iter(prose.as_bytes(), surname.as_bytes()) {
        let before = prose[..i].trim_end();
        let prev = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        if before.len() + 1 >= i.saturating_sub(1) && PREPOSITIONS.contains(&prev.as_str()) {
            return false;
        }
    }
    true
}

/// A surname that is part of another entity: after "the" (`the Obama years`, `the
/// Trump vs. Clinton race`) or before an entity noun (`Obama administration officials`,
/// `the Clinton foundation`), from `data/entity_nouns.txt`.
fn part_of_entity(cx: &Ctx, name: &Range<usize>) -> bool {
    let prose = cx.prose();
    let before = prose[..name.start].trim_end_matches([' ', '\t']);
    let prev = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if before.len() < name.start && matches!(prev, "the" | "The") {
        return true;
    }
    let rest = &prose[name.end..];
    // Past a possessive: `the Clinton’s campaign` is rare, `Clinton’s campaign` is the
    // person's.
    if !rest.starts_with([' ', '\t']) {
        return false;
    }
    let next = rest
        .trim_start_matches([' ', '\t'])
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    lexicon().entity_nouns.contains(next)
}

/// `Catholic bishops`, `Cypriot counterparts`: a demonym or adjective before a noun.
fn adjective_use(cx: &Ctx, m: &Mention, surname: &str) -> bool {
    let demonym = ["ic", "an", "ian", "ese", "ish", "ot", "ch", "i"]
        .iter()
        .any(|suf| surname.ends_with(suf));
    let next = cx.prose()[m.span.end..]
        .split_whitespace()
        .next()
        .unwrap_or("");
    demonym && next.chars().next().is_some_and(char::is_lowercase)
        || cx.prose()[m.span.end..].starts_with(' ')
            && next.chars().next().is_some_and(char::is_lowercase)
            && surname.ends_with("ic")
}

fn persons<'a>(cx: &'a Ctx) -> Vec<&'a Mention> {
    cx.a.mentions
        .iter()
        .filter(|m| {
            m.kind == SpeakerKind::Person
                && is_prose_scope(cx.scope(m.block))
                && !cx.transcript[m.block]
        })
        .collect()
}

/// A source's mention starts, sorted, and the running maximum of their ends.
type Coverage = (Vec<usize>, Vec<usize>);

fn references(cx: &Ctx, out: &mut Vec<Finding>) {
    let ps = persons(cx);
    let full: Vec<&&Mention> = ps.iter().filter(|m| m.word_count() >= 2).collect();
    // Surnames with two different full names are ambiguous; leave them alone.
    // Per surname: the first full mention and the distinct full names (one pass, not
    // one scan of every mention per mention).
    let mut by_surname: FastMap<&str, (&Mention, Vec<&str>)> = FastMap::default();
    for &&f in &full {
        let e = by_surname.entry(f.surname()).or_insert((f, Vec::new()));
        if !e.1.contains(&f.name.as_str()) {
            e.1.push(f.name.as_str());
        }
    }
    let distinct = |surname: &str| -> usize { by_surname.get(surname).map_or(0, |e| e.1.len()) };
    // Person sources by name, with their mentions sorted by start and the running maximum
    // of `max(end, start + 1)`, so "does a mention cover this offset" is a binary search.
    let mut person_sources: FastMap<&str, Vec<Coverage>> = FastMap::default();
    for src in cx.a.sources.iter().filter(|s| s.kind == SourceKind::Person) {
        let mut ms: Vec<(usize, usize)> = src
            .mentions
            .iter()
            .map(|r| (r.start, r.end.max(r.start + 1)))
            .collect();
        ms.sort_unstable();
        let starts = ms.iter().map(|m| m.0).collect();
        let mut reach = 0;
        let ends = ms
            .iter()
            .map(|m| {
                reach = reach.max(m.1);
                reach
            })
            .collect();
        person_sources
            .entry(src.name.as_str())
            .or_default()
            .push((starts, ends));
    }
    // `person_like` scans the whole draft; it depends only on the names, so once each.
    // The block of each full name's first mention.
    let mut first_block: FastMap<&str, usize> = FastMap::default();
    for f in &full {
        first_block.entry(f.name.as_str()).or_insert(f.block);
    }
    let mut person_like_memo: FastMap<(&str, &str), bool> = FastMap::default();
    let mut seen_full: Vec<&str> = Vec::new();
    for m in &ps {
        let surname = m.surname();
        if m.word_count() == 1 {
            let Some(&(first_full, _)) = by_surname.get(surname) else {
                continue;
            };
            // Only people the ledger believes in: the surname mention belongs to a person
            // source whose full name is that first full reference.
            let at = m.span.start;
            let credible = person_sources
                .get(first_full.name.as_str())
                .is_some_and(|list| {
                    list.iter().any(|(starts, ends)| {
                        let k = starts.partition_point(|&s| s <= at);
                        k > 0 && ends[k - 1] > at
                    })
                });
            if !credible
                || !*person_like_memo
                    .entry((first_full.name.as_str(), surname))
                    .or_insert_with(|| person_like(cx, first_full, surname))
                || cx.scope(m.block) != crate::engine::Scope::Body
                || adjective_use(cx, m, surname)
            {
                continue;
            }
            if first_full.span.start > m.span.start {
                if cx.on("surname-before-full-name") && distinct(surname) == 1 {
                    let Some(r) = name_range(cx, m, surname) else {
                        continue;
                    };
                    let mut edits = vec![edit(r.clone(), first_full.name.clone())];
                    if let Some(fr) = name_range(cx, first_full, &first_full.name) {
                        edits.push(edit(fr, surname.to_string()));
                    }
                    let mut f = cx
                        .finding(
                            "surname-before-full-name",
                            m.span.clone(),
                            format!("“{surname}” appears before the first full reference (“{}”). Give the full name on first reference.", first_full.name),
                        )
                        .with_related(first_full.span.clone(), format!("the full name “{}” first appears here", first_full.name))
                        .with_fix("Move the full name to the first reference", Applicability::Unsafe, edits);
                    // `the Ortiz administration`: the surname names an era or a body;
                    // the catalog keeps the finding at hint.
                    if part_of_entity(cx, &r) {
                        f = f.with_severity(Severity::Hint);
                    }
                    out.push(f);
                }
            } else if m.title.is_some()
                && !m.title.as_deref().is_some_and(|t| COURTESY.contains(&t))
                && cx.on("second-reference-form")
                && distinct(surname) == 1
            {
                let title = m.title.clone().unwrap_or_default();
                // The mention's span may leave out its title: include it.
                let before = &cx.prose()[..m.span.start];
                let start = if before.trim_end().ends_with(title.as_str()) {
                    before.trim_end().len() - title.len()
                } else {
                    m.span.start
                };
                let span = start..m.span.end;
                out.push(
                    cx.finding(
                        "second-reference-form",
                        span.clone(),
                        format!("Drop the title on later references (“{title} {surname}” → “{surname}”)."),
                    )
                    .with_fix(format!("Replace with “{surname}”"), Applicability::Unsafe, vec![edit(span, surname.to_string())]),
                );
            }
            continue;
        }
        // A full name repeated soon after its first reference.
        if seen_full.contains(&m.name.as_str()) {
            let first = first_block.get(m.name.as_str()).copied().unwrap_or(m.block);
            if m.block.saturating_sub(first) < 10
                && cx.on("second-reference-form")
                && distinct(surname) == 1
            {
                let Some(r) = name_range(cx, m, &m.name) else {
                    continue;
                };
                out.push(
                    cx.finding(
                        "second-reference-form",
                        m.span.clone(),
                        format!("Second reference: use “{surname}”."),
                    )
                    .with_fix(
                        format!("Replace with “{surname}”"),
                        Applicability::Unsafe,
                        vec![edit(r, surname.to_string())],
                    ),
                );
            }
        } else {
            seen_full.push(m.name.as_str());
        }
    }
}

const NOT_COURTESY: [&str; 6] = ["Rogers", "T", "Bean", "Clean", "Universe", "Smith"];

fn courtesy(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("courtesy-title") {
        return;
    }
    // Sentence by sentence (cached per block).
    cx.per_sentence(
        Unit::NamesCourtesy,
        |s, out| {
            courtesy_in(cx, s, out);
        },
        out,
    );
}

fn courtesy_in(cx: &Ctx, s: &super::ctx::SentRef, out: &mut Vec<Finding>) {
    {
        let words = cx.words(s);
        for (i, w) in words.iter().enumerate() {
            if !COURTESY.contains(&w.text) {
                continue;
            }
            let Some(n) = words.get(i + 1) else { continue };
            if !is_cap(n.text)
                || NOT_COURTESY.contains(&n.text) && w.text == "Mr." && words.len() < 4
            {
                continue;
            }
            if !cx.prose()[w.span.end..n.span.start]
                .chars()
                .all(char::is_whitespace)
            {
                continue;
            }
            let span = w.span.start..n.span.start;
            out.push(
                cx.finding(
                    "courtesy-title",
                    w.span.start..n.span.end,
                    format!("AP style drops “{}” outside direct quotations.", w.text),
                )
                .with_fix(
                    format!("Remove “{}”", w.text),
                    Applicability::Unsafe,
                    vec![edit(span, "")],
                ),
            );
        }
    }
}

fn institutional(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("institutional-attribution") {
        return;
    }
    // Cue by cue (cached per block: the speaker of a cue is the block's).
    cx.per_sentence(
        Unit::NamesInstitutional,
        |s, out| {
            institutional_in(cx, s, out);
        },
        out,
    );
}

fn institutional_in(cx: &Ctx, s: &super::ctx::SentRef, out: &mut Vec<Finding>) {
    {
        for c in cx.cues(s) {
            let Some(np) = cx.speaker(s, c) else {
                continue;
            };
            let name = np.name.trim_start_matches("the ");
            if crate::engine::lexicon::lexicon().governments.contains(name) {
                out.push(cx.finding(
                    "institutional-attribution",
                    np.span.clone(),
                    format!(
                        "“{name} said”: who said it? Name the spokesperson or office if known."
                    ),
                ));
            }
        }
    }
}
