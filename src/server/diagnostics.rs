//! Findings → LSP diagnostics, and quiet-while-typing.
//!
//! # Quiet while typing
//!
//! After each `didChange` the paragraph holding the end of the change is *being typed*
//! (its block span, end inclusive, in the new text). Diagnostics are published at once for
//! every version, but while a paragraph is being typed the findings about its quotation
//! stay back: findings of the `quotes` rule group whose span overlaps the paragraph, and
//! any finding whose span starts inside a quotation of that paragraph (an unclosed
//! `“We will` is not flagged as unbalanced or unsourced mid-sentence). The paragraph stops
//! being typed when
//! - the user pauses: no change for the debounce delay (300 ms by default, setting
//!   `debounceMs`), after which the full diagnostics are published (and pull clients are
//!   asked to refresh), or
//! - the user leaves it: an edit in another paragraph, or a request that carries the
//!   cursor (`textDocument/codeAction`, `textDocument/hover`) at a position outside it.

use super::document::{Snapshot, Typing};
use super::position::Encoding;
use crate::rules::{Finding, Group, Severity, rule};
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Uri,
};

pub const SOURCE: &str = "copydesk";

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A finding whose fix deletes the flagged text is about unnecessary text.
fn unnecessary(f: &Finding) -> bool {
    f.fixes.iter().any(|x| {
        !x.edits.is_empty()
            && x.edits.iter().all(|e| e.replacement.is_empty())
            && x.edits
                .iter()
                .any(|e| e.span.start <= f.span.start && f.span.end <= e.span.end)
    })
}

pub fn to_diagnostic(f: &Finding, snap: &Snapshot, uri: &Uri, enc: Encoding) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .map(|(span, message)| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), snap.range(span, enc)),
            message: message.clone(),
        })
        .collect();
    Diagnostic {
        range: snap.range(&f.span, enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: unnecessary(f).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// Whether a finding stays back while the paragraph at `typing.at` is being typed.
pub fn quiet(f: &Finding, snap: &Snapshot, typing: Option<Typing>) -> bool {
    let para = typing.and_then(|t| snap.block_at(t.at));
    quiet_in(f, snap, para.as_ref())
}

/// [`quiet`] with the paragraph being typed found already (once per publication, not
/// once per finding: a scan of the blocks per finding cost 5 ms per keystroke at 100k
/// words).
fn quiet_in(f: &Finding, snap: &Snapshot, para: Option<&std::ops::Range<usize>>) -> bool {
    let Some(para) = para else {
        return false;
    };
    let overlaps = f.span.start <= para.end && para.start <= f.span.end;
    if !overlaps {
        return false;
    }
    if rule(f.rule).is_some_and(|r| r.group == Group::Quotes) {
        return true;
    }
    snap.analysis.quotes.iter().any(|q| {
        q.span.start >= para.start && q.span.start <= para.end && q.span.contains(&f.span.start)
    })
}

/// The diagnostics to report for a snapshot.
pub fn diagnostics(
    snap: &Snapshot,
    typing: Option<Typing>,
    uri: &Uri,
    enc: Encoding,
) -> Vec<Diagnostic> {
    let para = typing.and_then(|t| snap.block_at(t.at));
    snap.findings
        .iter()
        .filter(|f| !quiet_in(f, snap, para.as_ref()))
        .map(|f| to_diagnostic(f, snap, uri, enc))
        .collect()
}
