//! `copydesk check --format sarif`: one SARIF 2.1.0 log, as GitHub code scanning reads it.
//!
//! Every rule of the catalog is listed under `tool.driver.rules` (with its documentation
//! as help text); results point at it by `ruleId` and `ruleIndex`. Regions carry 1-based
//! lines and columns counted in Unicode code points (`columnKind`), plus byte offsets.

use crate::output::LineIndex;
use crate::rules::{Applicability, Finding, RULES, Severity};
use serde_json::{Value, json};

/// SARIF's `level` for a severity (SARIF has no "hint": it is a note).
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// `unsourced-quote` → `UnsourcedQuote`.
fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A relative path as a URI reference (`/`-separated, percent-encoded); absolute paths
/// become `file://` URIs.
pub fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    let mut out = String::new();
    for b in p.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if p.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}

fn rule_json(r: &crate::rules::Rule) -> Value {
    let help_text = format!(
        "{}\n\nWhy: {}\n\nFix: {}\n\nFlagged:\n{}\n\nFixed:\n{}",
        r.what, r.why, r.fix, r.flagged, r.fixed
    );
    let help_md = format!(
        "{}\n\n**Why it matters.** {}\n\n**Fix.** {}\n\nFlagged:\n\n```text\n{}\n```\n\nFixed:\n\n```text\n{}\n```\n\nRun `copydesk rule {}` for this text in a terminal.",
        r.what, r.why, r.fix, r.flagged, r.fixed, r.id
    );
    json!({
        "id": r.id,
        "name": pascal(r.id),
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.what},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {
            "enabled": r.default.is_some(),
            "level": r.default.map_or("note", level),
        },
        "properties": {
            "tags": ["copydesk", r.group.as_str()],
            "experimental": r.experimental,
        },
    })
}

fn region(lines: &LineIndex, span: &std::ops::Range<usize>) -> Value {
    let (sl, sc) = lines.line_col(span.start);
    let (el, ec) = lines.line_col(span.end);
    json!({
        "startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec,
        "byteOffset": span.start, "byteLength": span.end.saturating_sub(span.start),
    })
}

fn location(file_uri: &str, lines: &LineIndex, span: &std::ops::Range<usize>) -> Value {
    json!({"physicalLocation": {
        "artifactLocation": {"uri": file_uri, "uriBaseId": "%SRCROOT%"},
        "region": region(lines, span),
    }})
}

fn result_json(shown: &str, lines: &LineIndex, f: &Finding) -> Value {
    let file_uri = uri(shown);
    let index = RULES.iter().position(|r| r.id == f.rule);
    let mut r = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [location(&file_uri, lines, &f.span)],
        "properties": {"severity": f.severity.as_str()},
    });
    if let Some(i) = index {
        r["ruleIndex"] = json!(i);
    }
    if !f.related.is_empty() {
        r["relatedLocations"] = f
            .related
            .iter()
            .enumerate()
            .map(|(i, (span, m))| {
                let mut l = location(&file_uri, lines, span);
                l["id"] = json!(i + 1);
                l["message"] = json!({ "text": m });
                l
            })
            .collect();
    }
    if !f.fixes.is_empty() {
        r["fixes"] = f
            .fixes
            .iter()
            .map(|x| {
                let safe = x.applicability == Applicability::Safe;
                json!({
                    "description": {"text": if safe { x.title.clone() } else { format!("{} (review it)", x.title) }},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": file_uri, "uriBaseId": "%SRCROOT%"},
                        "replacements": x.edits.iter().map(|e| json!({
                            "deletedRegion": {
                                "byteOffset": e.span.start,
                                "byteLength": e.span.end.saturating_sub(e.span.start),
                            },
                            "insertedContent": {"text": e.replacement},
                        })).collect::<Vec<_>>(),
                    }],
                    "properties": {"applicability": x.applicability},
                })
            })
            .collect();
    }
    r
}

/// One checked file, for the log.
pub struct FileOutcome<'a> {
    pub shown: &'a str,
    /// `None` when the file could not be checked.
    pub text: Option<&'a str>,
    pub findings: &'a [Finding],
    pub errors: &'a [String],
}

/// Write the SARIF log for a whole run. Results are streamed one by one (a run over a
/// thousand drafts has tens of thousands), so memory stays at one result at a time.
pub fn write_log(out: &mut impl std::io::Write, files: &[FileOutcome<'_>]) -> std::io::Result<()> {
    let mut notes = Vec::new();
    for f in files {
        for e in f.errors {
            notes.push(json!({
                "level": "error",
                "message": {"text": e},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri(f.shown), "uriBaseId": "%SRCROOT%"},
                }}],
            }));
        }
    }
    // The skeleton with an empty `results` array, pretty-printed; results go in its place.
    let skeleton = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "copydesk",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": RULES.iter().map(rule_json).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": notes.is_empty(),
                "toolExecutionNotifications": notes,
            }],
            "results": [],
        }],
    });
    let text = serde_json::to_string_pretty(&skeleton).map_err(std::io::Error::other)?;
    const HOLE: &str = "\"results\": []";
    let at = text.rfind(HOLE).expect("results placeholder");
    out.write_all(&text.as_bytes()[..at])?;
    out.write_all(b"\"results\": [")?;
    let mut first = true;
    for f in files {
        let Some(src) = f.text else { continue };
        let lines = LineIndex::new(src);
        for x in f.findings {
            out.write_all(if first { b"\n" } else { b",\n" })?;
            first = false;
            serde_json::to_writer(&mut *out, &result_json(f.shown, &lines, x))?;
        }
    }
    out.write_all(b"]")?;
    out.write_all(&text.as_bytes()[at + HOLE.len()..])?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_names() {
        assert_eq!(uri("./drafts/a b#1.md"), "drafts/a%20b%231.md");
        assert_eq!(uri("/tmp/x.md"), "file:///tmp/x.md");
        assert_eq!(uri("café.md"), "caf%C3%A9.md");
        assert_eq!(pascal("unsourced-quote"), "UnsourcedQuote");
    }
}
