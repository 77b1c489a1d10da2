//! Scraped page furniture, house terms, and the time element.

use super::cache::Unit;
use super::ctx::{Ctx, is_prose_scope};
use super::{Applicability, Finding, edit};
use crate::engine::Scope;
use crate::engine::lexicon::lexicon;

pub fn run(cx: &Ctx, out: &mut Vec<Finding>) {
    boilerplate(cx, out);
    terms(cx, out);
    time_element(cx, out);
}

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace('’', "'")
}

fn boilerplate(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("web-boilerplate") {
        return;
    }
    // Each entry with the length of its trimmed form and whether it also matches as a
    // prefix, worked out once rather than per paragraph.
    let entries: Vec<(String, usize, bool)> = lexicon()
        .boilerplate
        .iter()
        .chain(cx.cfg.boilerplate.iter())
        .map(|e| normalize(e))
        .filter(|e| !e.is_empty())
        .map(|e| {
            let trim = e.trim_end_matches(['.', '!', ':', '*', ' ']).len();
            let prefix =
                e.ends_with(':') || e.ends_with(" to") || e.split_whitespace().count() >= 3;
            (e, trim, prefix)
        })
        .collect();
    // Block by block (cached per block: the fix reads the source lines around the
    // paragraph, which its fingerprint covers).
    cx.per_block(
        Unit::HygieneBoilerplate,
        |_| 0,
        |b, out, _, _| boilerplate_in(cx, b, &entries, out),
        out,
    );
}

fn boilerplate_in(cx: &Ctx, b: usize, entries: &[(String, usize, bool)], out: &mut Vec<Finding>) {
    {
        let block = &cx.a.draft.blocks[b];
        if !(is_prose_scope(block.scope) || block.scope == Scope::Heading) {
            return;
        }
        // Normalising keeps the words, so long paragraphs are skipped before it.
        if cx.block_text(b).split_whitespace().nth(15).is_some() {
            return;
        }
        let text = normalize(cx.block_text(b));
        let trimmed = text.trim_end_matches(['.', '!', ':', '*', ' ']);
        let hit = entries
            .iter()
            .find(|(e, trim, prefix)| {
                trimmed == &e[..*trim] || *prefix && text.starts_with(e.as_str())
            })
            .map(|(e, _, _)| e);
        let Some(hit) = hit else { return };
        // Delete the source lines of the paragraph and one following blank line.
        let start = cx.line_start(block.span.start);
        // The paragraph's last character (which may be several bytes: `”`).
        let last = cx.src[block.span.clone()]
            .char_indices()
            .next_back()
            .map_or(block.span.start, |(i, _)| block.span.start + i);
        let mut end = cx.line_end(last);
        if end < cx.src.len() {
            end += 1;
            if cx.src[end..].starts_with('\n') {
                end += 1;
            } else if cx.src[end..].starts_with("\r\n") {
                end += 2;
            }
        }
        out.push(
            cx.finding(
                "web-boilerplate",
                block.span.clone(),
                format!("This looks like text scraped from a web page (“{hit}”). Remove it before filing."),
            )
            .with_fix("Delete the paragraph", Applicability::Safe, vec![edit(start..end, "")]),
        );
    }
}

fn terms(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("house-style-term") || cx.cfg.terms.is_empty() {
        return;
    }
    // Block by block (cached per block: the quotation pieces a term may be in are in
    // the block's fingerprint).
    cx.per_block(
        Unit::HygieneTerms,
        |_| 0,
        |b, out, _, _| terms_in(cx, b, out),
        out,
    );
}

fn terms_in(cx: &Ctx, b: usize, out: &mut Vec<Finding>) {
    let prose = cx.prose();
    {
        let block = &cx.a.draft.blocks[b];
        if !(is_prose_scope(block.scope) || block.scope == Scope::Heading) {
            return;
        }
        let text = &prose[block.span.clone()];
        for t in &cx.cfg.terms {
            if t.observed.is_empty() {
                continue;
            }
            for (i, _) in text.match_indices(t.observed.as_str()) {
                let at = block.span.start + i;
                let end = at + t.observed.len();
                let before = prose[..at].chars().next_back();
                let after = prose[end..].chars().next();
                let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '-');
                if !boundary(before) || !boundary(after) {
                    continue;
                }
                if !t.in_quotes && cx.in_quote(at) {
                    continue;
                }
                out.push(
                    cx.finding(
                        "house-style-term",
                        at..end,
                        format!("House style: “{}” (not “{}”).", t.expected, t.observed),
                    )
                    .with_fix(
                        format!("Replace with “{}”", t.expected),
                        Applicability::Safe,
                        vec![edit(at..end, t.expected.clone())],
                    ),
                );
            }
        }
    }
}

const EVENTS: [&str; 9] = [
    "call",
    "meeting",
    "conversation",
    "talks",
    "vote",
    "hearing",
    "session",
    "conference",
    "interview",
];

fn time_element(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("time-element-placement") {
        return;
    }
    // Sentence by sentence (cached per block).
    cx.per_sentence(
        Unit::HygieneTime,
        |s, out| {
            time_element_in(cx, s, out);
        },
        out,
    );
}

fn time_element_in(cx: &Ctx, s: &super::ctx::SentRef, out: &mut Vec<Finding>) {
    {
        let words = cx.words(s);
        let n = words.len();
        if n < 3
            || words[n - 2].lower != "on"
            || !crate::engine::lexicon::WEEKDAYS.contains(&words[n - 1].lower.as_str())
        {
            return;
        }
        let cues = cx.cues(s);
        let Some(c) = cues.first() else { return };
        let cue_end = cx.cue_span(s, c).end;
        let Some(ci) = words.iter().position(|w| w.span.start >= cue_end) else {
            return;
        };
        let gap = (n - 2).saturating_sub(ci);
        let event = words[ci..n - 2]
            .iter()
            .any(|w| EVENTS.contains(&w.lower.as_str()));
        if gap > 12 && event {
            let span = words[n - 2].span.start..words[n - 1].span.end;
            out.push(cx.finding(
                "time-element-placement",
                span,
                "Put the time element right after the verb (“said Monday”); at the end of the sentence it attaches to the nearest noun.".into(),
            ));
        }
    }
}
