//! Attribution-verb rules: neutral "said", loaded and non-speech verbs, order and tense.

use super::cache::Unit;
use super::ctx::{Ctx, SentRef, is_cap, is_document, say_form};
use super::{Applicability, Finding, Severity, edit};
use crate::config::Tense;
use crate::engine::SpeakerKind;
use crate::engine::attribution::{CueHit, is_auxiliary, tensed_verb_shape};
use crate::engine::lexicon::CueClass;

pub fn run(cx: &Ctx, out: &mut Vec<Finding>) {
    // Sentence by sentence (cached per block: these read the sentence's tokens, cues
    // and speakers).
    cx.per_sentence(
        Unit::Verbs,
        |s, out| {
            let cues = cx.cues(s);
            for c in cues {
                verb_rules(cx, s, c, cues, out);
            }
            cognition(cx, s, cues, out);
            said_after_name(cx, s, cues, out);
            indirect_tense(cx, s, cues, out);
        },
        out,
    );
    // Tense bookkeeping for attribution-tense (a document-level rule).
    let mut said = Vec::new();
    let mut says = Vec::new();
    for s in &cx.prose_sentences {
        let cues = cx.cues(s);
        for c in cues {
            let span = cx.cue_span(s, c);
            let w = &cx.prose()[span.clone()];
            let person = cx.speaker(s, c).is_some_and(|n| !is_document(&n));
            if c.form.lemma == "say" && person {
                match w.to_lowercase().as_str() {
                    "said" => said.push(span),
                    "says" => says.push(span),
                    _ => {}
                }
            }
        }
    }
    if cx.on("attribution-tense") && !said.is_empty() && !says.is_empty() {
        let (wrong, right) = match cx.cfg.attribution_tense {
            Tense::Said => (says, "said"),
            Tense::Says => (said, "says"),
        };
        for span in wrong {
            let w = cx.prose()[span.clone()].to_string();
            out.push(
                cx.finding(
                    "attribution-tense",
                    span.clone(),
                    format!("This story mixes “says” and “said” in attribution; house style is “{right}”."),
                )
                .with_fix(format!("Replace “{w}” with “{right}”"), Applicability::Unsafe, vec![edit(span, right)]),
            );
        }
    }
}

/// Whether the token right before or after the cue (skipping a comma) is a quotation.
fn next_to_quote(cx: &Ctx, s: &SentRef, c: &CueHit) -> bool {
    let toks = &cx.a.blocks[s.block].tokens;
    let r = &cx.a.blocks[s.block].sentences[s.index];
    // Left: `“…,” SPEAKER CUE` with up to four speaker words, or `“…,” CUE`.
    let mut k = c.toks.start;
    let mut skipped = 0;
    while k > r.start && toks[k - 1].is_word() && skipped < 4 {
        k -= 1;
        skipped += 1;
    }
    if k > r.start && toks[k - 1].quote().is_some() {
        return true;
    }
    if k > r.start + 1 && toks[k - 1].is_punct(',') && toks[k - 2].quote().is_some() {
        return true;
    }
    // Right: `CUE “…”`, `CUE, “…”`, `CUE: “…”`.
    for t in &toks[c.toks.end..(c.toks.end + 2).min(r.end)] {
        if t.quote().is_some() {
            return true;
        }
        if !t.is_punct(',') && !t.is_punct(':') {
            break;
        }
    }
    false
}

/// The lower-case word `k` tokens after the cue (0: right after it), if it is a word.
fn word_after_nth(cx: &Ctx, s: &SentRef, c: &CueHit, k: usize) -> Option<String> {
    let toks = &cx.a.blocks[s.block].tokens;
    let r = &cx.a.blocks[s.block].sentences[s.index];
    let i = c.toks.end + k;
    (i < r.end && toks[i].is_word()).then(|| cx.prose()[toks[i].span.clone()].to_lowercase())
}

/// The lower-case word after the cue, if any.
fn word_after(cx: &Ctx, s: &SentRef, c: &CueHit) -> Option<String> {
    word_after_nth(cx, s, c, 0)
}

/// The cue's object is a clause: `stated that …`, `claimed he …`, `declared it was …`.
/// "it" is also an object (`declared it the dullest race`, `declared it on his blog`),
/// so after "it" the next word must look like a verb.
fn clause_follows(cx: &Ctx, s: &SentRef, c: &CueHit, after: Option<&str>) -> bool {
    match after {
        Some("that" | "he" | "she" | "they" | "we" | "i" | "there") => true,
        Some("it") => word_after_nth(cx, s, c, 1).is_some_and(|w| {
            let w = w.replace('’', "'");
            is_auxiliary(&w)
                || matches!(
                    w.as_str(),
                    "isn't"
                        | "wasn't"
                        | "won't"
                        | "wouldn't"
                        | "hadn't"
                        | "hasn't"
                        | "didn't"
                        | "doesn't"
                        | "also"
                        | "never"
                )
                || w.len() > 3 && tensed_verb_shape(&w)
        }),
        _ => false,
    }
}

fn verb_rules(cx: &Ctx, s: &SentRef, c: &CueHit, all: &[CueHit], out: &mut Vec<Finding>) {
    let classes = c.classes();
    let span = cx.cue_span(s, c);
    let verb = cx.prose()[span.clone()].to_string();
    let np = cx.speaker(s, c);
    let quote_adjacent = next_to_quote(cx, s, c);
    let after = word_after(cx, s, c);
    // `…, stating that …`: a participle takes the main clause's subject.
    let toks = &cx.a.blocks[s.block].tokens;
    let participle = verb.ends_with("ing")
        && c.toks.start > 0
        && toks[c.toks.start - 1].is_punct(',')
        && after.as_deref() == Some("that");
    let np = if np.is_none() && participle {
        cx.sent(s).subject()
    } else {
        np
    };
    let person_like = np.as_ref().is_some_and(|n| {
        matches!(
            n.kind,
            SpeakerKind::Person
                | SpeakerKind::Role
                | SpeakerKind::Pronoun
                | SpeakerKind::Organization
        )
    });
    // Without a speaker next to the cue, the sentence's subject tells a document from a
    // person ("Republic Act No. 3846, also known as …, states “…”").
    let document = match &np {
        // "… according to a statement posted to his account. It also stated …"
        Some(n) if n.kind == SpeakerKind::Pronoun && n.name.eq_ignore_ascii_case("it") => {
            s.index > 0
                && cx.block_sentence(s.block, s.index - 1).is_some_and(|prev| {
                    cx.words(&prev)
                        .iter()
                        .any(|w| super::ctx::is_document_head(&w.lower))
                })
        }
        Some(n) => is_document(n),
        None => cx
            .sent(s)
            .subject()
            .is_some_and(|n| n.toks.end <= c.toks.start && is_document(&n)),
    };
    if c.is_according_to() {
        if let Some(n) = &np {
            let idiom = matches!(
                n.name.to_lowercase().as_str(),
                "plan" | "schedule" | "tradition" | "the rules" | "the law" | "whom"
            );
            // A role phrase is a person only when its head is a person noun ("a witness
            // list", "the notice", "the league's statistics" are documents).
            let head = n
                .name
                .split_whitespace()
                .last()
                .unwrap_or("")
                .to_lowercase();
            let person_role = n.kind != SpeakerKind::Role
                || crate::engine::lexicon::lexicon().roles.get(&head)
                    == Some(&crate::engine::lexicon::RoleClass::Role);
            // "according to the sports consultancy Calloway Partners": a firm.
            let firm = n.kind == SpeakerKind::Person
                && n.role.as_deref().is_some_and(|r| {
                    crate::engine::lexicon::lexicon()
                        .roles
                        .get(
                            r.split_whitespace()
                                .last()
                                .unwrap_or("")
                                .to_lowercase()
                                .as_str(),
                        )
                        .is_some_and(|c| *c != crate::engine::lexicon::RoleClass::Role)
                });
            if matches!(
                n.kind,
                SpeakerKind::Person | SpeakerKind::Pronoun | SpeakerKind::Role
            ) && !idiom
                && person_role
                && !firm
                && cx.on("according-to-person")
            {
                out.push(cx.finding(
                    "according-to-person",
                    span.start..n.span.end,
                    format!("Use “{} said” for a person; keep “according to” for documents, data and publications.", n.name),
                ));
            }
        }
        return;
    }
    let neutral_too = classes.iter().any(|k| {
        matches!(
            k,
            CueClass::Neutral | CueClass::NeutralCtx | CueClass::NeutralDoc
        )
    });
    // A noun use of a verb form: `six states`, `member states`, `the remarks`.
    let prev_word = (c.toks.start > 0 && toks[c.toks.start - 1].is_word())
        .then(|| cx.prose()[toks[c.toks.start - 1].span.clone()].to_lowercase());
    let noun_use = prev_word.as_deref().is_some_and(|p| {
        p.chars().next().is_some_and(|ch| ch.is_ascii_digit())
            || matches!(
                p,
                "two"
                    | "three"
                    | "four"
                    | "five"
                    | "six"
                    | "seven"
                    | "eight"
                    | "nine"
                    | "ten"
                    | "member"
                    | "several"
                    | "many"
                    | "all"
                    | "other"
                    | "these"
                    | "those"
                    | "both"
                    | "some"
                    | "most"
                    | "few"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
            )
    });
    if noun_use {
        return;
    }
    // attribution-verb: formal and mild verbs with a speaker who is not a document.
    let formal = classes.contains(&CueClass::Formal);
    let mild = classes.contains(&CueClass::Mild);
    if (formal || mild) && !document && cx.on("attribution-verb") {
        let clause = clause_follows(cx, s, c, after.as_deref());
        if quote_adjacent || person_like && clause {
            let sev = if formal {
                Severity::Warning
            } else {
                Severity::Info
            };
            let replacement = say_form(&verb);
            let app = if np
                .as_ref()
                .is_some_and(|n| matches!(n.kind, SpeakerKind::Person | SpeakerKind::Pronoun))
            {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            };
            out.push(
                cx.finding(
                    "attribution-verb",
                    span.clone(),
                    format!(
                        "Use “{}” for attribution; “{verb}” adds {}.",
                        replacement.to_lowercase(),
                        if formal {
                            "formality"
                        } else {
                            "the writer's endorsement or colour"
                        }
                    ),
                )
                .with_severity(sev)
                .with_fix(
                    format!("Replace with “{replacement}”"),
                    app,
                    vec![edit(span.clone(), replacement)],
                ),
            );
        }
        return;
    }
    let loaded = classes.contains(&CueClass::Loaded);
    let manner = classes.contains(&CueClass::Manner);
    let soft = classes
        .iter()
        .any(|k| matches!(k, CueClass::Warn | CueClass::Denial | CueClass::Manner));
    if (loaded || soft) && !neutral_too && cx.on("loaded-attribution-verb") {
        let subject_word = np
            .as_ref()
            .map(|n| n.name.to_lowercase())
            .unwrap_or_default();
        let legal = crate::engine::lexicon::lexicon()
            .legal_subjects
            .iter()
            .any(|l| subject_word.ends_with(l.as_str()))
            || matches!(c.form.lemma.as_str(), "charge" | "accuse" | "condemn")
            || after.as_deref() == Some("to") && c.form.lemma == "admit";
        // Skip reported content: an earlier neutral cue frames the sentence.
        let outer = all
            .iter()
            .any(|o| o.toks.start < c.toks.start && o.classes().contains(&CueClass::Neutral));
        let clause_start = clause_follows(cx, s, c, after.as_deref());
        let cue_position = quote_adjacent || person_like && clause_start;
        if !legal && !outer && cue_position && (loaded || manner || quote_adjacent) {
            let sev = if loaded {
                Severity::Warning
            } else {
                Severity::Hint
            };
            let replacement = if c.form.lemma == "refute" {
                say_form(&verb)
                    .replace("said", "denied")
                    .replace("says", "denies")
                    .replace("saying", "denying")
            } else {
                say_form(&verb)
            };
            out.push(
                cx.finding(
                    "loaded-attribution-verb",
                    span.clone(),
                    if manner {
                        format!("“{verb}” describes the delivery rather than reporting it. Use “{}” unless the manner is the news.", replacement.to_lowercase())
                    } else {
                        format!("“{verb}” passes judgment on the speaker. Use “{}” unless the story supports that judgment.", replacement.to_lowercase())
                    },
                )
                .with_severity(sev)
                .with_fix(format!("Replace with “{replacement}”"), Applicability::Unsafe, vec![edit(span.clone(), replacement)]),
            );
        }
        return;
    }
    if classes.contains(&CueClass::NonSpeech)
        && quote_adjacent
        && np.is_some()
        && cx.on("non-speech-attribution-verb")
    {
        let replacement = say_form(&verb);
        out.push(
            cx.finding(
                "non-speech-attribution-verb",
                span.clone(),
                format!("People say words; they don't “{verb}” them. Use “{replacement}” and describe the action separately."),
            )
            .with_fix(format!("Replace with “{replacement}”"), Applicability::Unsafe, vec![edit(span, replacement)]),
        );
    }
}

fn cognition(cx: &Ctx, s: &SentRef, cues: &[CueHit], out: &mut Vec<Finding>) {
    if !cx.on("cognition-attribution") {
        return;
    }
    let speech = cues
        .iter()
        .any(|c| !c.classes().contains(&CueClass::Cognition));
    if speech || !cx.quotes_in(s).is_empty() {
        return;
    }
    for c in cues {
        if !c.classes().contains(&CueClass::Cognition) {
            continue;
        }
        let after = word_after(cx, s, c).unwrap_or_default();
        if after == "tank" || after == "tanks" {
            continue;
        }
        let Some(np) = cx.speaker(s, c) else { continue };
        if !matches!(np.kind, SpeakerKind::Person | SpeakerKind::Role) {
            continue;
        }
        let span = cx.cue_span(s, c);
        let verb = &cx.prose()[span.clone()];
        out.push(cx.finding(
            "cognition-attribution",
            span.clone(),
            format!("The story can report what {} said, not what they “{verb}”. Try “{} said … {verb} …”.", np.name, np.name),
        ));
    }
}

fn said_after_name(cx: &Ctx, s: &SentRef, cues: &[CueHit], out: &mut Vec<Finding>) {
    let toks = &cx.a.blocks[s.block].tokens;
    let r = cx.a.blocks[s.block].sentences[s.index].clone();
    let prose = cx.prose();
    for c in cues {
        if c.form.lemma != "say" || c.toks.len() != 1 {
            continue;
        }
        // The cue must follow a quotation (`“…,” said Smith.`).
        let k = c.toks.start;
        let after_quote = k > 0 && toks[k - 1].quote().is_some()
            || k > 1 && toks[k - 1].is_punct(',') && toks[k - 2].quote().is_some();
        if !after_quote {
            continue;
        }
        let mut e = k + 1;
        while e < r.end && e < k + 4 && toks[e].is_word() && is_cap(&prose[toks[e].span.clone()]) {
            e += 1;
        }
        let pronoun = e == k + 1
            && e < r.end
            && toks[e].is_word()
            && matches!(&prose[toks[e].span.clone()], "he" | "she" | "they");
        if pronoun {
            e += 1;
        }
        if e == k + 1 {
            continue;
        }
        let ends = e == r.end
            || toks[e].is_punct('.')
            || toks[e].is_punct(',') && e + 1 < r.end && toks[e + 1].quote().is_some();
        if !ends || !cx.on("said-after-name") {
            continue;
        }
        let verb = &prose[toks[k].span.clone()];
        let name = &prose[toks[k + 1].span.start..toks[e - 1].span.end];
        let span = toks[k].span.start..toks[e - 1].span.end;
        out.push(
            cx.finding(
                "said-after-name",
                span.clone(),
                format!("Put the name first: “{name} {verb}” (inversion is for long identifiers)."),
            )
            .with_fix(
                format!("Write “{name} {verb}”"),
                Applicability::Safe,
                vec![edit(span, format!("{name} {verb}"))],
            ),
        );
    }
}

fn indirect_tense(cx: &Ctx, s: &SentRef, cues: &[CueHit], out: &mut Vec<Finding>) {
    if !cx.on("indirect-quote-tense") {
        return;
    }
    let words = cx.words(s);
    for c in cues {
        if c.form.lemma != "say" {
            continue;
        }
        let span = cx.cue_span(s, c);
        if !cx.prose()[span.clone()].eq_ignore_ascii_case("said") {
            continue;
        }
        let Some(i) = words.iter().position(|w| w.span.start > span.start) else {
            continue;
        };
        if words[i].lower != "that" {
            continue;
        }
        if let Some(v) = words[i + 1..].iter().take(6).find(|w| {
            matches!(
                w.lower.as_str(),
                "is" | "are" | "has" | "have" | "does" | "do" | "will" | "can"
            )
        }) {
            out.push(cx.finding(
                "indirect-quote-tense",
                v.span.clone(),
                format!(
                    "After “said”, indirect speech usually shifts to the past: check “{}”.",
                    v.text
                ),
            ));
        }
    }
}
