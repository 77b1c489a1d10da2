//! Code actions: the findings' fixes, "disable rule for this line", and
//! `source.fixAll.copydesk`. Every action carries its `WorkspaceEdit`; none needs a
//! client-side command.

use super::diagnostics::to_diagnostic;
use super::document::Snapshot;
use super::position::{Encoding, line_break, range};
use crate::rules::{Applicability, Edit, Finding};
use std::collections::HashMap;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit,
};

/// The kind of the fix-all action.
pub const FIX_ALL: &str = "source.fixAll.copydesk";

fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

fn text_edits(snap: &Snapshot, edits: &[Edit], enc: Encoding) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit::new(range(&snap.rope, &e.span, enc), e.replacement.clone()))
        .collect()
}

/// Whether the client asked for this kind (`only` absent: every kind).
fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|o| {
        o.iter().any(|k| {
            let k = k.as_str();
            kind == k || kind.starts_with(&format!("{k}."))
        })
    })
}

/// The comment that turns a rule off for the line of `f`, inserted on the line above.
fn disable_edit(snap: &Snapshot, f: &Finding, enc: Encoding) -> TextEdit {
    let line = snap
        .rope
        .byte_to_line(f.span.start.min(snap.rope.len_bytes()));
    // Keep block-quote markers and indentation so the comment stays in the same block.
    let prefix: String = snap
        .rope
        .line(line)
        .chars()
        .take_while(|c| matches!(c, ' ' | '\t' | '>'))
        .collect();
    let at = snap.rope.line_to_byte(line);
    let pos = super::position::position(&snap.rope, at, enc);
    TextEdit::new(
        Range::new(pos, pos),
        format!(
            "{prefix}<!-- copydesk-disable-next-line {} -->{}",
            f.rule,
            line_break(&snap.rope, line)
        ),
    )
}

/// Every Safe fix of every finding, skipping fixes that overlap one already taken (the
/// same edits `copydesk check --fix` applies: [`crate::rules::fix::safe_edits`]).
pub fn fix_all_edits(snap: &Snapshot) -> Vec<Edit> {
    crate::rules::fix::safe_edits(&snap.findings)
}

pub fn actions(
    snap: &Snapshot,
    uri: &Uri,
    cursor: std::ops::Range<usize>,
    only: Option<&[CodeActionKind]>,
    enc: Encoding,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    let under = |f: &&Finding| f.span.start <= cursor.end && cursor.start <= f.span.end;
    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        for f in snap.findings.iter().filter(under) {
            let diag = to_diagnostic(f, snap, uri, enc);
            let preferred = f
                .fixes
                .iter()
                .position(|x| x.applicability == Applicability::Safe);
            for (i, fix) in f.fixes.iter().enumerate() {
                let title = match fix.applicability {
                    Applicability::Safe => fix.title.clone(),
                    Applicability::Unsafe => format!("{} (check it)", fix.title),
                };
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag.clone()]),
                    edit: Some(workspace_edit(uri, text_edits(snap, &fix.edits, enc))),
                    is_preferred: Some(preferred == Some(i)),
                    ..Default::default()
                }));
            }
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Disable {} for this line", f.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag]),
                edit: Some(workspace_edit(uri, vec![disable_edit(snap, f, enc)])),
                is_preferred: Some(false),
                ..Default::default()
            }));
        }
    }
    if wanted(only, FIX_ALL) {
        let edits = fix_all_edits(snap);
        if !edits.is_empty() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Apply every safe copydesk fix".to_string(),
                kind: Some(CodeActionKind::new(FIX_ALL)),
                edit: Some(workspace_edit(uri, text_edits(snap, &edits, enc))),
                ..Default::default()
            }));
        }
    }
    out
}
