//! JSON contracts shared by the CLI and the server: `copydesk sources`.

use crate::engine::{Analysis, QuoteKind};
use serde_json::{Value, json};

fn span(r: &std::ops::Range<usize>) -> Value {
    json!({"start": r.start, "end": r.end})
}

/// The `copydesk sources --format json` object for one file.
pub fn sources_json(file: &str, a: &Analysis) -> Value {
    let quotes: Vec<Value> = a
        .quotes
        .iter()
        .map(|q| {
            json!({
                "start": q.span.start,
                "end": q.span.end,
                "text": q.text,
                "kind": q.kind,
                "speaker": q.speaker.as_ref().map(|s| json!({
                    "name": s.name,
                    "mention": s.mention,
                    "start": s.span.start,
                    "end": s.span.end,
                    "kind": s.kind,
                    "how": s.how,
                    "role": s.role,
                })),
                "cue": q.cue.as_ref().map(|c| json!({
                    "text": c.text,
                    "start": c.span.start,
                    "end": c.span.end,
                })),
            })
        })
        .collect();
    let sources: Vec<Value> = a
        .sources
        .iter()
        .map(|s| {
            json!({
                "name": s.name,
                "kind": s.kind,
                "aliases": s.aliases,
                "role": s.role,
                "first_reference": span(&s.first_reference),
                "mentions": s.mentions.iter().map(span).collect::<Vec<_>>(),
                "quotes": s.quotes,
                "anonymous": s.anonymous.as_ref().map(|an| json!({
                    "class": an.class,
                    "reason": an.reason.as_ref().map(span),
                    "boilerplate_reason": an.boilerplate_reason,
                })),
                "response": s.response.as_ref().map(|r| json!({
                    "kind": r.kind,
                    "phrase": r.phrase,
                    "start": r.span.start,
                    "end": r.span.end,
                })),
            })
        })
        .collect();
    json!({"file": file, "quotes": quotes, "sources": sources})
}

/// A readable table of quotations and sources.
pub fn sources_table(file: &str, a: &Analysis) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "{file}");
    let speech = a.quotes.iter().filter(|q| q.kind.is_speech()).count();
    let _ = writeln!(
        out,
        "  {} quotations ({} with a speaker), {} sources",
        speech,
        a.quotes
            .iter()
            .filter(|q| q.kind.is_speech() && q.speaker.is_some())
            .count(),
        a.sources.len()
    );
    let _ = writeln!(out, "\n  SOURCES");
    for s in &a.sources {
        let anon = match &s.anonymous {
            Some(an) if an.reason.is_some() => " · anonymous (reason given)".to_string(),
            Some(_) => " · anonymous (no reason)".to_string(),
            None => String::new(),
        };
        let resp = s
            .response
            .as_ref()
            .map(|r| format!(" · response: {}", r.phrase))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:<32} {:<13} {:>2} quotes {:>2} mentions{}{}",
            truncate(&s.name, 32),
            format!("{:?}", s.kind).to_lowercase(),
            s.quotes.len(),
            s.mentions.len(),
            anon,
            resp
        );
    }
    let _ = writeln!(out, "\n  QUOTES");
    for q in &a.quotes {
        let who = match &q.speaker {
            Some(s) if s.name != s.mention => format!("{} ({})", s.name, s.mention),
            Some(s) => s.name.clone(),
            None if q.kind.is_speech() => "— no speaker —".to_string(),
            None => String::new(),
        };
        let kind = match q.kind {
            QuoteKind::Quotation => "quote",
            QuoteKind::Partial => "partial",
            QuoteKind::Scare => "scare",
            QuoteKind::Title => "title",
            QuoteKind::Nickname => "nickname",
        };
        let _ = writeln!(
            out,
            "  {:>6}  {:<8} {:<44} {}",
            q.span.start,
            kind,
            truncate(&format!("“{}”", q.text.replace('\n', " ")), 44),
            who
        );
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let t: String = s.chars().take(n - 1).collect();
        format!("{t}…")
    }
}
