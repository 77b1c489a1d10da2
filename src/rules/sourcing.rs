//! Anonymous-source rules.

use super::cache::Unit;
use super::ctx::{Ctx, FirstWords, SentRef, Word, anonymity_phrases, normalise_phrase};
use super::{Applicability, Finding, Severity, edit};
use crate::engine::SpeakerKind;
use crate::engine::attribution::CueHit;
use crate::engine::lexicon::{CueClass, lexicon, phrase_words};
use std::ops::Range;

/// An anonymous descriptor used as a speaker.
struct Hit {
    span: Range<usize>,
    class: String,
    phrase: String,
    sentence: SentRef,
    /// Word index after the descriptor in its sentence.
    after: usize,
}

/// The anonymity descriptors to look for, longest first: (normalised words, words
/// without the wildcard, class), and their index by first word.
type Descriptors = (Vec<(Vec<String>, Vec<String>, String)>, FirstWords);

fn descriptors(cx: &Ctx) -> Descriptors {
    let mut phrases =
        anonymity_phrases(&["vague", "anon", "unnamed-official", "secondhand", "outlet"]);
    for p in &cx.cfg.anonymity_phrases {
        phrases.push((phrase_words(p), "anon".into()));
    }
    phrases.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    // The wildcard "x" dropped once, not per sentence.
    let phrases: Vec<(Vec<String>, Vec<String>, String)> = phrases
        .into_iter()
        .map(|(p, c)| {
            let p: Vec<String> = p.into_iter().filter(|w| w != "x").collect();
            (normalise_phrase(&p), p, c)
        })
        .collect();
    // Only the phrases whose first word is in the sentence are tried, in list order.
    let index = FirstWords::new(phrases.iter().map(|(n, _, _)| n.clone()));
    (phrases, index)
}

/// Descriptors in attribution position in block `b`'s prose: the speaker of a cue, the
/// object of "according to", or followed at once by a cue.
fn hits(cx: &Ctx, b: usize, (phrases, index): &Descriptors) -> Vec<Hit> {
    let mut out = Vec::new();
    for s in cx.prose_sentences_in(b) {
        let words = cx.words(s);
        let cues = cx.cues(s);
        if cues.is_empty() {
            continue;
        }
        let speakers: Vec<Range<usize>> = cues
            .iter()
            .filter_map(|c| {
                let np = cx.speaker(s, c)?;
                Some(np.span)
            })
            .collect();
        let cue_spans_all: Vec<Range<usize>> = cues.iter().map(|c| cx.cue_span(s, c)).collect();
        let cue_spans: Vec<Range<usize>> = cues
            .iter()
            .filter(|c| {
                c.classes()
                    .iter()
                    .any(|k| matches!(k, CueClass::Neutral | CueClass::NeutralCtx))
            })
            .map(|c| cx.cue_span(s, c))
            .collect();
        let mut taken: Vec<Range<usize>> = Vec::new();
        for (pi, m) in index.occurrences(words) {
            let (_, phrase, class) = &phrases[pi];
            let span = words[m.start].span.start..words[m.end - 1].span.end;
            if taken
                .iter()
                .any(|t| t.start < span.end && span.start < t.end)
            {
                continue;
            }
            // `a source` must not be `a source of revenue`.
            if words.get(m.end).is_some_and(|w| w.lower == "of")
                && !matches!(class.as_str(), "anon" | "secondhand")
            {
                continue;
            }
            let as_speaker = speakers.iter().any(|sp| {
                sp.start <= span.start && span.end <= sp.end && span.start - sp.start <= 12
            });
            // `A senior official, who …, said`: the relative clause hides the speaker.
            let relative = words.get(m.end).is_some_and(|w| {
                w.lower == "who" && cx.prose()[span.end..w.span.start].trim() == ","
            }) && !cue_spans_all.is_empty();
            let as_speaker = as_speaker || relative;
            let according = m.start >= 2
                && words[m.start - 2].lower == "according"
                && words[m.start - 1].lower == "to";
            let cue_next = words
                .get(m.end)
                .is_some_and(|w| cue_spans.iter().any(|c| c.start == w.span.start));
            let cue_before = m.start >= 1
                && cue_spans
                    .iter()
                    .any(|c| c.end == words[m.start - 1].span.end);
            let citing = m.start >= 1 && words[m.start - 1].lower == "citing";
            let weak = matches!(phrase.join(" ").as_str(), "people" | "a person");
            let counted = m.start >= 1
                && (words[m.start - 1]
                    .text
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit())
                    || matches!(
                        words[m.start - 1].lower.as_str(),
                        "million"
                            | "thousand"
                            | "hundred"
                            | "many"
                            | "some"
                            | "young"
                            | "local"
                            | "other"
                    ));
            let ok = if weak {
                (cue_next || according) && !counted
            } else {
                as_speaker || according || cue_next || cue_before || citing
            };
            if !ok {
                continue;
            }
            // A descriptor that refers back to a named person (`the official`) is not anonymous.
            if phrase.first().is_some_and(|w| w == "the") {
                continue;
            }
            // "local news sources": outlets, not people.
            if class == "outlet" {
                taken.push(span.clone());
                continue;
            }
            // Another outlet's unnamed sources need no reason from this story (the
            // catalog's secondhand anonymity): `Fox News reported two law enforcement
            // sources confirmed …`, `an official told the Gazette, a local newspaper, …`.
            let secondhand = class == "anon" && secondhand(cx, s, cues, words, &span);
            taken.push(span.clone());
            out.push(Hit {
                span,
                class: if citing || secondhand {
                    "secondhand".into()
                } else {
                    class.clone()
                },
                phrase: phrase.join(" "),
                sentence: s.clone(),
                after: m.end,
            });
        }
        // Any unnamed person described by an indefinite role phrase as the speaker:
        // "a former Corvell product engineer said", "two council aides said".
        for c in cues {
            let Some(np) = cx.speaker(s, c) else {
                continue;
            };
            if np.kind != SpeakerKind::Role
                || taken
                    .iter()
                    .any(|t| t.start < np.span.end && np.span.start < t.end)
            {
                continue;
            }
            let text = cx.prose()[np.span.clone()].to_string();
            let lower = text.to_lowercase();
            let mut parts = lower.split_whitespace();
            let first = parts.next().unwrap_or("");
            let head = lower.split_whitespace().last().unwrap_or("");
            let indefinite = matches!(
                first,
                "a" | "an" | "one" | "two" | "three" | "four" | "five" | "several" | "some"
            ) || first.chars().all(|ch| ch.is_ascii_digit());
            // Insiders (aides, officials, employees), not members of the public.
            let insider = lexicon().insider_roles.contains(head);
            if !indefinite || !insider || first == "some" {
                continue;
            }
            let after = words
                .iter()
                .position(|w| w.span.start >= np.span.end)
                .unwrap_or(words.len());
            let class = if secondhand(cx, s, cues, words, &np.span) {
                "secondhand"
            } else {
                "anon"
            };
            taken.push(np.span.clone());
            out.push(Hit {
                span: np.span.clone(),
                class: class.into(),
                phrase: lower,
                sentence: s.clone(),
                after,
            });
        }
    }
    out
}

/// The findings of a block's anonymous descriptors (in the order of `hits`).
fn hit_findings(cx: &Ctx, hits: &[Hit], reasons: &mut Reasons<'static>, out: &mut Vec<Finding>) {
    for h in hits {
        let words = cx.words(&h.sentence);
        match h.class.as_str() {
            "vague" if cx.on("vague-anonymous-source") => {
                if modified(words, h.after) {
                    continue;
                }
                let bare = matches!(
                    h.phrase.as_str(),
                    "a source" | "sources" | "sources said" | "one source"
                );
                let sev = if bare {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                let text = &cx.prose()[h.span.clone()];
                out.push(
                    cx.finding(
                        "vague-anonymous-source",
                        h.span.clone(),
                        format!("“{text}” tells readers nothing about who these sources are or how they know. Give number, position and access (e.g. “two people briefed on the talks”)."),
                    )
                    .with_severity(sev),
                );
            }
            "anon" | "unnamed-official" if cx.on("anonymous-source") => {
                let reason = reasons.of(cx, h.sentence.block);
                if h.class == "unnamed-official" {
                    if reason.is_none() {
                        let text = &cx.prose()[h.span.clone()];
                        out.push(
                            cx.finding(
                                "anonymous-source",
                                h.span.clone(),
                                format!("Unnamed “{text}”: name the spokesperson if the organisation allows it."),
                            )
                            .with_severity(Severity::Info),
                        );
                    }
                    continue;
                }
                if reason.is_none() {
                    let text = &cx.prose()[h.span.clone()];
                    let end = h.span.end;
                    out.push(
                        cx.finding(
                            "anonymous-source",
                            h.span.clone(),
                            format!("Anonymous source without a reason for anonymity. Say why anonymity was granted and how “{text}” knows."),
                        )
                        .with_fix(
                            "Insert an anonymity-reason clause",
                            Applicability::Unsafe,
                            vec![edit(end..end, ", who spoke on condition of anonymity because [REASON],")],
                        ),
                    );
                }
            }
            _ => {}
        }
        // anonymous-attack: an anonymous speaker, a named target and a pejorative word.
        if h.class != "unnamed-official" && cx.on("anonymous-attack") {
            let names = words.iter().skip(1).any(|w| {
                super::ctx::is_cap(w.text) && !(h.span.start..h.span.end).contains(&w.span.start)
            });
            let quoted_words: String = cx
                .quotes_in(&h.sentence)
                .iter()
                .map(|&q| cx.a.quotes[q].text.to_lowercase())
                .collect::<Vec<_>>()
                .join(" ");
            let pejorative = words.iter().any(|w| PEJORATIVE.contains(&w.lower.as_str()))
                || PEJORATIVE.iter().any(|p| {
                    quoted_words
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == *p)
                });
            if names && pejorative {
                out.push(cx.finding(
                    "anonymous-attack",
                    h.sentence.span.clone(),
                    "An anonymous source makes a pejorative claim about a named party. Attacks should be on the record.".into(),
                ));
            }
        }
    }
}

/// Whether the descriptor at `span` is another outlet's unnamed source, which needs no
/// reason from this story (the catalog's secondhand anonymity): a publication's cue
/// comes before it (`Fox News reported two law enforcement sources confirmed …`), or
/// it speaks to an outlet (`an official told the Gazette, a local newspaper, …`).
fn secondhand(cx: &Ctx, s: &SentRef, cues: &[CueHit], words: &[Word], span: &Range<usize>) -> bool {
    let relayed = cues.iter().any(|c| {
        cx.cue_span(s, c).end <= span.start
            && cx
                .speaker(s, c)
                .is_some_and(|np| np.kind == SpeakerKind::Publication)
    });
    let to_outlet = || {
        cues.iter().any(|c| {
            let cs = cx.cue_span(s, c);
            let spoke = cx
                .speaker(s, c)
                .is_some_and(|np| np.span.start <= span.start && span.end <= np.span.end);
            if !spoke || cs.start < span.end {
                return false;
            }
            let listener: Vec<&Word> = words
                .iter()
                .filter(|w| w.span.start >= cs.end)
                .take(8)
                .collect();
            listener
                .iter()
                .any(|w| OUTLET_WORDS.contains(&w.lower.as_str()))
                || listener.last().is_some_and(|last| {
                    cx.mentions_in(cs.end..last.span.end)
                        .iter()
                        .any(|m| m.kind == SpeakerKind::Publication)
                })
        })
    };
    relayed || to_outlet()
}

/// Words that make the listener of `told …` / `confirmed … to …` another outlet.
const OUTLET_WORDS: [&str; 7] = [
    "news",
    "newspaper",
    "newspapers",
    "outlet",
    "outlets",
    "broadcaster",
    "magazine",
];

/// Finds reasons for anonymity per block, remembering each block's answer and words.
struct Reasons<'l> {
    /// Anonymity markers, in lexicon order.
    markers: Vec<&'l Vec<String>>,
    /// Each block's answer.
    found: std::collections::HashMap<usize, Option<(Range<usize>, bool)>>,
    /// Each block's lower-case words (a block is also read as the next one of its predecessor).
    words: std::collections::HashMap<usize, Vec<(Range<usize>, String)>>,
    /// The reasons (lexicon order) then the markers, by first word.
    firsts: FirstWords,
}

impl Reasons<'static> {
    fn new() -> Self {
        Reasons {
            markers: lexicon()
                .anonymity
                .iter()
                .filter(|(_, c)| c == "marker")
                .map(|(p, _)| p)
                .collect(),
            found: Default::default(),
            words: Default::default(),
            firsts: FirstWords::new(
                lexicon()
                    .anonymity_reasons
                    .iter()
                    .map(|(p, _)| p)
                    .chain(
                        lexicon()
                            .anonymity
                            .iter()
                            .filter(|(_, c)| c == "marker")
                            .map(|(p, _)| p),
                    )
                    .cloned(),
            ),
        }
    }

    /// A reason or anonymity marker in the paragraph or the next one.
    fn of(&mut self, cx: &Ctx, block: usize) -> Option<(Range<usize>, bool)> {
        if let Some(r) = self.found.get(&block) {
            return r.clone();
        }
        let r = self.search(cx, block);
        self.found.insert(block, r.clone());
        r
    }

    fn search(&mut self, cx: &Ctx, block: usize) -> Option<(Range<usize>, bool)> {
        let lx = lexicon();
        for b in [block, block + 1] {
            if b >= cx.a.draft.blocks.len() {
                break;
            }
            let all = self.words.entry(b).or_insert_with(|| cx.block_words(b));
            let mut words = all.as_slice();
            if b != block {
                // Only the next paragraph's first sentence (`The official spoke on condition…`).
                let first = cx.block_sentence(b, 0).map(|s| s.span.end).unwrap_or(0);
                // Words are in text order: the ones that end by `first` are a prefix.
                let n = words.iter().take_while(|(r, _)| r.end <= first).count();
                debug_assert!(words[n..].iter().all(|(r, _)| r.end > first));
                words = &words[..n];
            }
            // A phrase whose first word is not in the paragraph cannot match.
            let present = self.firsts.present(words.iter().map(|(_, w)| w.as_str()));
            let reasons = lx.anonymity_reasons.len();
            let marker = || {
                self.markers
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| present[reasons + i])
                    .find_map(|(_, p)| crate::engine::ledger::find_phrase(words, p))
            };
            for (i, (p, c)) in lx.anonymity_reasons.iter().enumerate() {
                if !present[i] {
                    continue;
                }
                if let Some(r) = crate::engine::ledger::find_phrase(words, p) {
                    // Bare "because"/"citing" count only next to an anonymity marker.
                    if p.len() == 1 && marker().is_none() {
                        continue;
                    }
                    return Some((r, c == "boilerplate"));
                }
            }
            if let Some(r) = marker() {
                return Some((r, false));
            }
        }
        None
    }
}

/// Whether the descriptor's noun phrase carries a position or access modifier.
fn modified(words: &[Word], after: usize) -> bool {
    let next: Vec<&str> = words[after..]
        .iter()
        .take(3)
        .map(|w| w.lower.as_str())
        .collect();
    matches!(
        next.as_slice(),
        ["with", ..]
            | ["familiar", ..]
            | ["briefed", ..]
            | ["close", ..]
            | ["involved", ..]
            | ["in", "the", ..]
            | ["at", ..]
            | ["inside", ..]
            | ["within", ..]
            | ["who", "were", ..]
            | ["who", "was", ..]
            | ["who", "attended", ..]
            | ["who", "saw", ..]
    ) || words.get(after).is_some_and(|w| {
        matches!(w.lower.as_str(), "in" | "from")
            && words
                .get(after + 1)
                .is_some_and(|x| super::ctx::is_cap(x.text))
    })
}

const PEJORATIVE: [&str; 14] = [
    "incompetent",
    "incompetence",
    "liar",
    "lied",
    "corrupt",
    "disaster",
    "clueless",
    "dishonest",
    "crook",
    "lazy",
    "stupid",
    "idiot",
    "inept",
    "fraud",
];

pub fn run(cx: &Ctx, out: &mut Vec<Finding>) {
    // Block by block (cached per block: a block's findings read it and the first
    // sentence of the next one, where the reason for anonymity may be); each block's
    // anonymous attributions (marks) and words (count) go to the density rule.
    let found = std::cell::OnceCell::new();
    // The reason search depends on the block only: once per block, not per descriptor.
    let mut reasons = Reasons::new();
    let (anon, words) = cx.per_block(
        Unit::SourcingHits,
        |_| 0,
        |b, out, marks, count| {
            let hits = hits(cx, b, found.get_or_init(|| descriptors(cx)));
            marks.extend(
                hits.iter()
                    .filter(|h| matches!(h.class.as_str(), "vague" | "anon"))
                    .map(|h| h.span.clone()),
            );
            *count = cx
                .prose_sentences_in(b)
                .iter()
                .map(|s| cx.words(s).len())
                .sum();
            hit_findings(cx, &hits, &mut reasons, out);
        },
        out,
    );
    // Boilerplate reasons anywhere in the writer's text.
    if cx.on("anonymity-boilerplate-reason") {
        let lx = lexicon();
        // Only the phrases whose first word is in the sentence are tried, in list order;
        // the first one found is reported.
        let boilerplate = std::cell::OnceCell::new();
        let boilerplate = || {
            boilerplate.get_or_init(|| {
                FirstWords::new(
                    lx.anonymity_reasons
                        .iter()
                        .filter(|(_, c)| c == "boilerplate")
                        .map(|(p, _)| p.clone()),
                )
            })
        };
        // Sentence by sentence (cached per block).
        cx.per_sentence(
            Unit::SourcingBoilerplate,
            |s, out| {
                if let Some((_, r)) = boilerplate().first_phrase(cx.words(s)) {
                    let text = &cx.prose()[r.clone()];
                    out.push(cx.finding(
                        "anonymity-boilerplate-reason",
                        r.clone(),
                        format!("“{text}” is a rote reason; say something informative about why the source needs anonymity."),
                    ));
                }
            },
            out,
        );
    }
    // Density.
    if anon.len() >= 3 && cx.on("anonymous-density") {
        let per_k = anon.len() as f64 * 1000.0 / words.max(1) as f64;
        if per_k > 3.0 {
            let mut f = cx.finding(
                "anonymous-density",
                anon[0].clone(),
                format!(
                    "{} anonymous attributions in {words} words. Can any go on the record?",
                    anon.len()
                ),
            );
            for h in &anon[1..] {
                f = f.with_related(h.clone(), "another anonymous attribution");
            }
            out.push(f);
        }
    }
}
