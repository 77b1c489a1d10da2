//! Right of reply: allegations need a response; neutral wording for non-responses.

use super::cache::Unit;
use super::ctx::{Ctx, FirstWords, SentRef, Word};
use super::{Applicability, Finding, edit};
use crate::engine::SpeakerKind;
use crate::engine::ledger::{Mention, find_phrase};
use crate::engine::lexicon::{lexicon, phrase_words};
use std::ops::Range;

pub fn run(cx: &Ctx, out: &mut Vec<Finding>) {
    missing_response(cx, out);
    refused(cx, out);
    response_detail(cx, out);
}

/// A party an allegation is about.
struct Target {
    name: String,
    aliases: Vec<String>,
    /// Allegation spans, first first.
    allegations: Vec<Range<usize>>,
    block: usize,
    first_mention: Option<Range<usize>>,
}

fn aliases_of(name: &str, kind: Option<SpeakerKind>) -> Vec<String> {
    let mut v = vec![name.to_string()];
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() >= 2 {
        match kind {
            Some(SpeakerKind::Person) => v.push(words[words.len() - 1].to_string()),
            _ => {
                // "Acme Corp." → "Acme"; "the Riverton Police Department" → itself.
                let first = words[0].trim_start_matches("the ");
                if !matches!(first, "The" | "the") && first.len() > 2 {
                    v.push(first.to_string());
                }
            }
        }
    }
    v
}

/// Whether a word occurs in `text` as a whole word.
fn has_word(text: &str, w: &str) -> bool {
    text.match_indices(w).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + w.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// A response from the target anywhere in the draft.
fn responded(cx: &Ctx, t: &Target) -> bool {
    let lx = lexicon();
    // A quotation attributed to them.
    if cx.a.quotes.iter().any(|q| {
        q.speaker.as_ref().is_some_and(|sp| {
            t.aliases
                .iter()
                .any(|a| has_word(&sp.name, a) || has_word(&sp.mention, a))
        })
    }) {
        return true;
    }
    let extra: Vec<Vec<String>> = cx
        .cfg
        .response_phrases
        .iter()
        .map(|p| phrase_words(p))
        .collect();
    let responses: Vec<Vec<String>> = lx
        .responses
        .iter()
        .map(|(p, _)| p.clone())
        .filter(|p| !p.iter().any(|w| w == "x"))
        .chain(extra)
        .collect();
    for (b, block) in cx.a.draft.blocks.iter().enumerate() {
        let text = cx.block_text(b);
        if !t.aliases.iter().any(|a| has_word(text, a)) {
            continue;
        }
        let words = cx.block_words(b);
        if responses.iter().any(|p| find_phrase(&words, p).is_some()) {
            return true;
        }
        // "Acme said …", "a spokesperson for Acme said …": a cue with the target as speaker.
        for s in cx.block_sentences(b) {
            for c in cx.cues(&s) {
                if let Some(np) = cx.speaker(&s, c) {
                    let sentence = &cx.prose()[s.span.clone()];
                    let spoke = t.aliases.iter().any(|a| has_word(&np.name, a))
                        || matches!(np.kind, SpeakerKind::Role)
                            && t.aliases.iter().any(|a| has_word(sentence, a))
                            && [
                                "spokes",
                                "lawyer",
                                "attorney",
                                "representative",
                                "statement",
                            ]
                            .iter()
                            .any(|r| sentence.contains(r));
                    if spoke {
                        return true;
                    }
                }
            }
        }
        let _ = block;
    }
    false
}

const AUX: [&str; 10] = [
    "was", "were", "been", "is", "are", "be", "being", "got", "get", "has",
];

/// Who an allegation is about, from the words around the cue (word index range `m`):
/// `accused X`, `X was charged`, `a lawsuit against X`, `X allegedly`, `alleged that X`.
fn allegation_target<'m>(
    words: &[Word],
    m: Range<usize>,
    mentions: &[&'m Mention],
) -> Option<&'m Mention> {
    let cue = words[m.start].lower.as_str();
    let starts_near = |from: usize, within: usize| -> Option<&'m Mention> {
        let lo = words.get(from)?.span.start;
        let hi = words.get((from + within).min(words.len() - 1))?.span.end;
        mentions
            .iter()
            .copied()
            .filter(|x| lo <= x.span.start && x.span.start < hi)
            .min_by_key(|x| x.span.start)
    };
    let subject_before = |at: usize| -> Option<&'m Mention> {
        let pos = words.get(at)?.span.start;
        mentions
            .iter()
            .copied()
            .filter(|x| x.span.end <= pos && x.sentence_initial)
            .min_by_key(|x| x.span.start)
    };
    let prev = m.start.checked_sub(1).map(|i| words[i].lower.as_str());
    let passive = prev.is_some_and(|p| AUX.contains(&p));
    match cue {
        "accused" | "accuses" | "accusing" | "accuse" | "sued" | "sues"
            if !passive && prev != Some("the") =>
        {
            starts_near(m.end, 2)
        }
        // `X defrauded Y`: the allegation is about the doer; the object is the victim.
        "defrauded" | "harassed" | "assaulted" | "abused" | "misled" if !passive => {
            subject_before(m.start)
        }
        "accused" | "charged" | "arrested" | "indicted" | "sued" | "detained" | "investigated"
        | "alleged"
            if passive =>
        {
            subject_before(m.start - 1)
        }
        "allegedly" => subject_before(m.start),
        "under" | "is" => subject_before(m.start),
        _ => {
            // `a lawsuit against X`, `allegations that X`, `fraud by X`, `probe into X`.
            let next = words.get(m.end).map(|w| w.lower.as_str());
            match next {
                Some("against" | "that" | "by" | "into" | "of") => starts_near(m.end + 1, 2),
                _ if m.len() > 1 && matches!(words[m.end - 1].lower.as_str(), "into") => {
                    starts_near(m.end, 2)
                }
                _ => None,
            }
        }
    }
}

/// Whether a mention can be the target of an allegation: a person with a full name or a
/// title, or an organisation.
fn can_be_target(m: &Mention) -> bool {
    match m.kind {
        SpeakerKind::Person => m.word_count() >= 2 || m.title.is_some(),
        SpeakerKind::Organization => true,
        _ => false,
    }
}

/// The allegations of a sentence and whom each is about, leaving out those whose target
/// is the accuser (the speaker of a cue in the sentence).
fn allegations_in<'c>(
    cx: &Ctx<'c>,
    s: &SentRef,
    allegations: &FirstWords,
) -> Vec<(Range<usize>, &'c Mention)> {
    let mut found: Vec<(Range<usize>, &Mention)> = Vec::new();
    let in_sentence: Vec<&Mention> = cx
        .mentions_in(s.span.clone())
        .into_iter()
        .filter(|m| can_be_target(m))
        .collect();
    if in_sentence.is_empty() {
        return Vec::new();
    }
    let words = cx.words(s);
    for (_, m) in allegations.occurrences(words) {
        let span = words[m.start].span.start..words[m.end - 1].span.end;
        if let Some(t) = allegation_target(words, m, &in_sentence) {
            found.push((span, t));
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    // The accusers: speakers of cues in the sentence.
    let speakers: Vec<Range<usize>> = cx
        .cues(s)
        .iter()
        .filter_map(|c| cx.speaker(s, c).map(|n| n.span))
        .filter(|r| {
            !found
                .iter()
                .any(|(a, _)| a.start <= r.start && r.end <= a.end)
        })
        .collect();
    found.retain(|(hit, m)| {
        !speakers
            .iter()
            .any(|sp| sp.start <= m.span.start && m.span.end <= sp.end && sp.end <= hit.start)
    });
    found
}

fn missing_response(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("missing-response") {
        return;
    }
    let lx = lexicon();
    let mut targets: Vec<Target> = Vec::new();
    // Only the allegations whose first word is in the sentence are tried, in list order.
    let allegations = std::cell::OnceCell::new();
    // Sentence by sentence (cached per block): each allegation and the mention it is
    // about, as pairs of spans (the mention found again by its span below: the first
    // mention of the sentence with that span that can be a target, as the search picks).
    let mut none = Vec::new();
    let (pairs, _) = cx.per_block(
        Unit::FairnessAllegations,
        |_| 0,
        |b, _, marks, _| {
            let allegations =
                allegations.get_or_init(|| FirstWords::new(lx.allegations.iter().cloned()));
            for s in cx.prose_sentences_in(b) {
                for (hit, m) in allegations_in(cx, s, allegations) {
                    marks.push(hit);
                    marks.push(m.span.clone());
                }
            }
        },
        &mut none,
    );
    for pair in pairs.chunks_exact(2) {
        let hit = pair[0].clone();
        let Some(m) = cx
            .mentions_in(pair[1].clone())
            .into_iter()
            .find(|m| m.span == pair[1] && can_be_target(m))
        else {
            continue;
        };
        {
            let name = m.name.clone();
            let key_alias = aliases_of(&name, Some(m.kind));
            if let Some(t) = targets
                .iter_mut()
                .find(|t| t.aliases.iter().any(|a| key_alias.contains(a)))
            {
                if !t.allegations.contains(&hit) {
                    t.allegations.push(hit);
                }
                continue;
            }
            targets.push(Target {
                name: name.clone(),
                aliases: key_alias,
                allegations: vec![hit],
                block: m.block,
                first_mention: Some(m.span.clone()),
            });
        }
    }
    // Configured subjects must reply whether or not an allegation was detected.
    for subj in &cx.cfg.subjects {
        if targets.iter().any(|t| t.aliases.contains(subj)) {
            continue;
        }
        let at = cx
            .src
            .match_indices(subj.as_str())
            .map(|(i, _)| i)
            .find(|&i| cx.a.draft.blocks.iter().any(|b| b.span.contains(&i)));
        let block = at
            .and_then(|i| cx.a.draft.blocks.iter().position(|b| b.span.contains(&i)))
            .or_else(|| {
                cx.a.draft
                    .blocks
                    .iter()
                    .position(|b| super::ctx::is_prose_scope(b.scope))
            });
        let Some(block) = block else { continue };
        targets.push(Target {
            name: subj.clone(),
            aliases: aliases_of(subj, None),
            allegations: Vec::new(),
            block,
            first_mention: at.map(|i| i..i + subj.len()),
        });
    }
    for t in &targets {
        if responded(cx, t) {
            continue;
        }
        let span = t
            .allegations
            .first()
            .cloned()
            .or_else(|| t.first_mention.clone())
            .unwrap_or_else(|| cx.a.draft.blocks[t.block].span.clone());
        let mut f = cx.finding(
            "missing-response",
            span.clone(),
            if t.allegations.is_empty() {
                format!("{} is a subject of this story but has no response: add their comment, denial, or “{} did not respond to a request for comment.”", t.name, t.name)
            } else {
                format!("Allegation against {} but no response from them: add their comment, denial, or a line such as “{} did not respond to a request for comment.”", t.name, t.name)
            },
        );
        for r in t.allegations.iter().skip(1) {
            if *r != span {
                f = f.with_related(
                    r.clone(),
                    format!("another allegation involving {}", t.name),
                );
            }
        }
        let end = cx.a.draft.blocks[t.block].span.end;
        let end = cx.line_end(end);
        f = f.with_fix(
            "Insert a non-response line",
            Applicability::Unsafe,
            vec![edit(
                end..end,
                format!("\n\n{} did not respond to a request for comment.", t.name),
            )],
        );
        out.push(f);
    }
}

fn refused(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("refused-to-comment") {
        return;
    }
    // Sentence by sentence (cached per block).
    cx.per_sentence(
        Unit::FairnessRefused,
        |s, out| {
            refused_in(cx, s, out);
        },
        out,
    );
}

fn refused_in(cx: &Ctx, s: &SentRef, out: &mut Vec<Finding>) {
    {
        let words = cx.words(s);
        for (i, w) in words.iter().enumerate() {
            let repl = match w.lower.as_str() {
                "refuse" => "decline",
                "refused" => "declined",
                "refuses" => "declines",
                "refusing" => "declining",
                _ => continue,
            };
            let mut j = i + 1;
            if words.get(j).is_some_and(|x| x.lower == "to") {
                j += 1;
            }
            let object = words.get(j).is_some_and(|x| {
                matches!(
                    x.lower.as_str(),
                    "comment" | "answer" | "respond" | "discuss" | "say"
                )
            });
            if !object {
                continue;
            }
            let repl = if super::ctx::is_cap(w.text) {
                let mut c = repl.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            } else {
                repl.to_string()
            };
            out.push(
                cx.finding(
                    "refused-to-comment",
                    w.span.clone(),
                    "“refused” implies a duty to speak. Use “declined to comment” (or “would not comment”).".into(),
                )
                .with_fix(format!("Replace with “{repl}”"), Applicability::Safe, vec![edit(w.span.clone(), repl)]),
            );
        }
    }
}

fn response_detail(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("response-detail") {
        return;
    }
    // The first of these phrases in a sentence, found by first word.
    let phrases = FirstWords::new(
        [
            "could not be reached",
            "was unavailable for comment",
            "were unavailable for comment",
            "was not available for comment",
            "were not available for comment",
            "did not return",
        ]
        .iter()
        .map(|p| phrase_words(p)),
    );
    const DETAIL: [&str; 15] = [
        "phone",
        "email",
        "emails",
        "message",
        "messages",
        "call",
        "calls",
        "called",
        "left",
        "visit",
        "visited",
        "text",
        "texts",
        "voicemail",
        "despite",
    ];
    // Sentence by sentence (cached per block).
    cx.per_sentence(
        Unit::FairnessDetail,
        |s, out| {
            response_detail_in(cx, s, &phrases, &DETAIL, out);
        },
        out,
    );
}

fn response_detail_in(
    cx: &Ctx,
    s: &SentRef,
    phrases: &FirstWords,
    detail: &[&str],
    out: &mut Vec<Finding>,
) {
    {
        let words = cx.words(s);
        // "Immediately" rules out every phrase: only the first phrase found matters.
        if let Some((_, r)) = phrases.first_phrase(words) {
            let immediately = words.iter().any(|w| w.lower == "immediately");
            if immediately {
                return;
            }
            // "did not return calls/messages" is itself a detail.
            let detailed = words.iter().any(|w| {
                detail.contains(&w.lower.as_str())
                    || crate::engine::lexicon::WEEKDAYS.contains(&w.lower.as_str())
            });
            if !detailed {
                let text = &cx.prose()[r.clone()];
                out.push(cx.finding(
                    "response-detail",
                    r.clone(),
                    format!("“{text}”: say how and when you tried to reach them."),
                ));
            }
        }
    }
}
