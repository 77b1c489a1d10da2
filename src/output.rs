//! JSON contracts shared by the CLI and the server: `copydesk sources`.

use crate::engine::transcript::{Status, Verification};
use crate::engine::{Analysis, QuoteKind};
use serde_json::{Value, json};

fn span(r: &std::ops::Range<usize>) -> Value {
    json!({"start": r.start, "end": r.end})
}

/// The `copydesk sources --format json` object for one file (no transcripts).
pub fn sources_json(file: &str, a: &Analysis) -> Value {
    sources_json_with(file, a, &[])
}

/// A quotation's `verification`: `null` when no transcript applies, else
/// `{"status", "transcript", "line", "speaker", "score"}`.
pub fn verification_json(v: Option<&Verification>) -> Value {
    match v {
        None => Value::Null,
        Some(v) => {
            let p = v.passage.as_ref();
            json!({
                "status": v.status.as_str(),
                "transcript": p.map(|p| p.transcript_id.clone()),
                "line": p.map(|p| p.line),
                "speaker": p.and_then(|p| p.speaker.clone()),
                "score": p.map(|p| (p.score * 1000.0).round() / 1000.0),
            })
        }
    }
}

/// The `copydesk sources --format json` object, each quotation with its verification
/// (`verifications[i]` for quote `i`; missing entries are `null`).
pub fn sources_json_with(
    file: &str,
    a: &Analysis,
    verifications: &[Option<Verification>],
) -> Value {
    let quotes: Vec<Value> = a
        .quotes
        .iter()
        .enumerate()
        .map(|(qi, q)| {
            json!({
                "verification": verification_json(verifications.get(qi).and_then(Option::as_ref)),
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
    sources_table_with(file, a, &[])
}

/// The table with each quotation's verification against the transcripts.
pub fn sources_table_with(
    file: &str,
    a: &Analysis,
    verifications: &[Option<Verification>],
) -> String {
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
    for (qi, q) in a.quotes.iter().enumerate() {
        let check = match verifications.get(qi).and_then(Option::as_ref) {
            None => String::new(),
            Some(v) => {
                let at = v
                    .passage
                    .as_ref()
                    .map(|p| format!(" {}:{}", p.transcript_id, p.line))
                    .unwrap_or_default();
                let mismatch = v
                    .passage
                    .as_ref()
                    .filter(|p| p.speaker_mismatch)
                    .and_then(|p| p.speaker.as_ref())
                    .map(|s| format!(", spoken by {s}"))
                    .unwrap_or_default();
                match v.status {
                    Status::Verified => format!("  [verified{at}{mismatch}]"),
                    Status::Altered => format!("  [altered{at}{mismatch}]"),
                    Status::NotFound => "  [not in transcripts]".to_string(),
                }
            }
        };
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
            "  {:>6}  {:<8} {:<44} {}{}",
            q.span.start,
            kind,
            truncate(&format!("“{}”", q.text.replace('\n', " ")), 44),
            who,
            check
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

/// Line starts of a text, for many offset → (line, column) lookups: O(log n) each plus
/// at most [`crate::columns::Counts::STEP`] bytes of the line, instead of a scan from the
/// top per lookup (quadratic on a large draft with many findings).
pub struct LineIndex<'a> {
    src: &'a str,
    starts: Vec<usize>,
    /// Character totals for columns far into a long line (built on first need).
    counts: std::sync::OnceLock<crate::columns::Counts>,
}

impl<'a> LineIndex<'a> {
    pub fn new(src: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            src,
            starts,
            counts: std::sync::OnceLock::new(),
        }
    }

    pub fn src(&self) -> &'a str {
        self.src
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.clamp(1, self.starts.len()) - 1]
    }

    /// Byte offset where 1-based `line` ends: its `\n`, or the end of the text.
    pub fn line_end(&self, line: usize) -> usize {
        self.starts
            .get(line.max(1))
            .map_or(self.src.len(), |&next| next - 1)
    }

    /// 1-based line and column (in characters) of a byte offset; the same answer as
    /// [`line_col`].
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let src = self.src;
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let chars = if offset - start <= crate::columns::Counts::STEP {
            src[start..offset].chars().count()
        } else {
            let counts = self.counts.get_or_init(|| crate::columns::Counts::new(src));
            counts.between(src, start, offset).0
        };
        (line, chars + 1)
    }
}

/// 1-based line and column (in characters) of a byte offset (one lookup; use
/// [`LineIndex`] for many).
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, col)
}

fn finding_json(lines: &LineIndex, f: &crate::rules::Finding) -> Value {
    let (line, column) = lines.line_col(f.span.start);
    let (end_line, end_column) = lines.line_col(f.span.end);
    json!({
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "start": f.span.start,
        "end": f.span.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "related": f.related.iter().map(|(r, m)| json!({
            "start": r.start, "end": r.end, "message": m,
        })).collect::<Vec<_>>(),
        "fixes": f.fixes.iter().map(|x| json!({
            "title": x.title,
            "applicability": x.applicability,
            "edits": x.edits.iter().map(|e| json!({
                "start": e.span.start, "end": e.span.end, "replacement": e.replacement,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// The `copydesk check --format json` object for one file.
pub fn findings_json(file: &str, src: &str, findings: &[crate::rules::Finding]) -> Value {
    let lines = LineIndex::new(src);
    json!({
        "file": file,
        "diagnostics": findings.iter().map(|f| finding_json(&lines, f)).collect::<Vec<_>>(),
    })
}

/// `file:line:column: severity[rule] message`, one line per finding.
pub fn findings_concise(file: &str, src: &str, findings: &[crate::rules::Finding]) -> String {
    let lines = LineIndex::new(src);
    findings
        .iter()
        .map(|f| {
            let (l, c) = lines.line_col(f.span.start);
            format!(
                "{file}:{l}:{c}: {}[{}] {}",
                f.severity.as_str(),
                f.rule,
                f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A rule's documentation as JSON.
pub fn rule_json(r: &crate::rules::Rule) -> Value {
    let mut v = json!({
        "id": r.id,
        "group": r.group,
        "default": r.default.map_or("off", |s| s.as_str()),
        "experimental": r.experimental,
        "summary": r.summary,
        "what": r.what,
        "why": r.why,
        "flagged": r.flagged,
        "fixed": r.fixed,
        "fix": r.fix,
    });
    if !r.transcript.is_empty() {
        v["transcript"] = json!(r.transcript);
    }
    v
}

/// A rule's documentation as text.
pub fn rule_text(r: &crate::rules::Rule) -> String {
    let indent = |s: &str| {
        s.lines()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let transcript = if r.transcript.is_empty() {
        String::new()
    } else {
        format!(
            "\n\nTranscript (transcripts/interview.txt):\n{}",
            indent(r.transcript)
        )
    };
    format!(
        "{id}  ({group}, default: {default}{exp})\n  {summary}\n\nWhat it flags:\n  {what}\n\nWhy it matters:\n  {why}{transcript}\n\nFlagged:\n{flagged}\n\nFixed:\n{fixed}\n\nFix:\n  {fix}\n",
        id = r.id,
        group = r.group.as_str(),
        default = r.default.map_or("off", |s| s.as_str()),
        exp = if r.experimental { ", experimental" } else { "" },
        summary = r.summary,
        what = r.what,
        why = r.why,
        flagged = indent(r.flagged),
        fixed = indent(r.fixed),
        fix = r.fix,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_a_scan_at_every_offset() {
        let text = "Ortiz said “no.”\r\n\r\nÉmile 🙂 wrote:\n\n> “Sí.”\nlast line without break";
        let lines = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                lines.line_col(offset),
                line_col(text, offset),
                "offset {offset}"
            );
        }
        assert_eq!(lines.line_start(3), text.find("Émile").unwrap());
    }
}
