//! Hover: a quotation's speaker, a source's ledger entry, a finding's rule.

use super::document::Snapshot;
use crate::engine::{Attribution, Quote, Source};
use crate::rules::rule;
use std::fmt::Write;

fn line(snap: &Snapshot, byte: usize) -> usize {
    snap.rope.byte_to_line(byte.min(snap.rope.len_bytes())) + 1
}

fn excerpt(s: &str, n: usize) -> String {
    let s = s.replace(['\n', '\r'], " ");
    if s.chars().count() <= n {
        s
    } else {
        let t: String = s.chars().take(n - 1).collect();
        format!("{t}…")
    }
}

/// The name serde gives an engine enum (`no-response`, `partial`, `person`).
fn lower<T: serde::Serialize>(x: T) -> String {
    serde_json::to_value(x)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn how(h: Attribution) -> &'static str {
    match h {
        Attribution::Sentence => "in the same sentence",
        Attribution::NextSentence => "in the next sentence",
        Attribution::Continuation => "continuing the paragraph's earlier speaker",
        Attribution::Floating => "carried over from the previous paragraph",
        Attribution::LeadIn => "by a colon lead-in",
        Attribution::Running => "running on from an earlier paragraph",
    }
}

/// The source a byte offset names: a ledger mention, a speaker mention, a name mention.
pub fn source_at(snap: &Snapshot, at: usize) -> Option<usize> {
    let a = &snap.analysis;
    let inside = |r: &std::ops::Range<usize>| r.start <= at && at < r.end;
    if let Some(i) = a
        .sources
        .iter()
        .position(|s| inside(&s.first_reference) || s.mentions.iter().any(inside))
    {
        return Some(i);
    }
    if let Some(i) = a
        .quotes
        .iter()
        .filter_map(|q| q.speaker.as_ref())
        .find(|s| inside(&s.span))
        .and_then(|s| s.source)
    {
        return Some(i);
    }
    let m = a.mentions.iter().find(|m| inside(&m.span))?;
    a.sources
        .iter()
        .position(|s| s.name == m.name || s.aliases.contains(&m.name))
}

pub fn quote_at(snap: &Snapshot, at: usize) -> Option<usize> {
    snap.analysis
        .quotes
        .iter()
        .position(|q| q.span.start <= at && at < q.span.end)
}

fn quote_line(snap: &Snapshot, q: &Quote) -> String {
    format!(
        "“{}” (line {})",
        excerpt(&q.text, 60),
        line(snap, q.span.start)
    )
}

pub fn quote_md(snap: &Snapshot, qi: usize) -> String {
    let a = &snap.analysis;
    let q = &a.quotes[qi];
    let mut s = format!("**Quotation** · {}\n\n", lower(q.kind));
    let Some(sp) = &q.speaker else {
        if q.kind.is_speech() {
            s.push_str("No speaker found: nobody in the draft is attributed these words.\n");
        } else {
            s.push_str("Not someone's words, so no speaker is needed.\n");
        }
        return s;
    };
    let _ = write!(s, "Speaker: **{}** ({})", sp.name, lower(sp.kind));
    if let Some(role) = &sp.role {
        let _ = write!(s, " · {role}");
    }
    s.push_str("\n\n");
    let _ = write!(
        s,
        "Attributed {}: mention “{}” (line {})",
        how(sp.how),
        sp.mention,
        line(snap, sp.span.start)
    );
    match &q.cue {
        Some(c) => {
            let _ = writeln!(s, ", cue “{}” (line {}).", c.text, line(snap, c.span.start));
        }
        None => s.push_str(", no cue.\n"),
    }
    let others: Vec<usize> = match sp.source {
        Some(si) => a.sources[si]
            .quotes
            .iter()
            .copied()
            .filter(|&o| o != qi)
            .collect(),
        None => (0..a.quotes.len())
            .filter(|&o| o != qi)
            .filter(|&o| {
                a.quotes[o]
                    .speaker
                    .as_ref()
                    .is_some_and(|x| x.name == sp.name)
            })
            .collect(),
    };
    if others.is_empty() {
        let _ = writeln!(s, "\nNo other quotes from {}.", sp.name);
    } else {
        let _ = writeln!(s, "\nOther quotes from {}:", sp.name);
        for o in others {
            let _ = writeln!(s, "- {}", quote_line(snap, &a.quotes[o]));
        }
    }
    s
}

pub fn source_md(snap: &Snapshot, si: usize) -> String {
    let src: &Source = &snap.analysis.sources[si];
    let mut s = format!("**{}** · {}", src.name, lower(src.kind));
    if let Some(role) = &src.role {
        let _ = write!(s, " · {role}");
    }
    s.push_str("\n\n");
    if !src.aliases.is_empty() {
        let _ = writeln!(s, "Also called: {}\n", src.aliases.join(", "));
    }
    let fr = &src.first_reference;
    let _ = writeln!(
        s,
        "- First full reference: “{}” (line {})",
        excerpt(snap.text.get(fr.clone()).unwrap_or(""), 60),
        line(snap, fr.start)
    );
    let _ = writeln!(s, "- Mentions: {}", src.mentions.len());
    let _ = writeln!(s, "- Quotes: {}", src.quotes.len());
    for &qi in &src.quotes {
        let _ = writeln!(s, "  - {}", quote_line(snap, &snap.analysis.quotes[qi]));
    }
    match &src.anonymous {
        None => s.push_str("- Anonymous: no\n"),
        Some(an) => {
            let reason = match &an.reason {
                Some(r) => format!(
                    "reason given: “{}”{}",
                    excerpt(snap.text.get(r.clone()).unwrap_or(""), 80),
                    if an.boilerplate_reason {
                        " (boilerplate)"
                    } else {
                        ""
                    }
                ),
                None => "no reason given".to_string(),
            };
            let _ = writeln!(s, "- Anonymous: yes ({}), {reason}", an.class);
        }
    }
    match &src.response {
        Some(r) => {
            let _ = writeln!(
                s,
                "- Response: {} — “{}” (line {})",
                lower(r.kind).replace('-', " "),
                excerpt(&r.phrase, 60),
                line(snap, r.span.start)
            );
        }
        None => s.push_str("- Response: none recorded\n"),
    }
    s
}

/// The rule's documentation, for hovers on findings.
pub fn rule_md(id: &str) -> String {
    let Some(r) = rule(id) else {
        return format!("**{id}**\n");
    };
    format!(
        "**{}** ({}, default: {}) — {}\n\n{}\n\n*Why:* {}\n\n*Fix:* {}\n\n`copydesk rule {}` prints the full entry.\n",
        r.id,
        r.group.as_str(),
        r.default.map_or("off", |s| s.as_str()),
        r.summary,
        r.what,
        r.why,
        r.fix,
        r.id
    )
}

/// Everything to say about a byte offset, as Markdown, and the span it is about.
pub fn hover(snap: &Snapshot, at: usize) -> Option<(String, std::ops::Range<usize>)> {
    let mut parts = Vec::new();
    let mut span: Option<std::ops::Range<usize>> = None;
    let mut seen_rules = Vec::new();
    for f in &snap.findings {
        let hit = (f.span.start <= at && at < f.span.end) || f.span.start == at;
        if hit && !seen_rules.contains(&f.rule) {
            seen_rules.push(f.rule);
            parts.push(format!("{}\n\n{}", f.message, rule_md(f.rule)));
            span.get_or_insert(f.span.clone());
        }
    }
    if let Some(si) = source_at(snap, at) {
        parts.insert(0, source_md(snap, si));
    }
    if let Some(qi) = quote_at(snap, at) {
        parts.insert(0, quote_md(snap, qi));
        span = Some(snap.analysis.quotes[qi].span.clone());
    }
    (!parts.is_empty()).then(|| (parts.join("\n---\n\n"), span.unwrap_or(at..at)))
}
