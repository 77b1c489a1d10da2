//! Inlay hints (who said a quote whose speaker is not named in its sentence) and the
//! code lens at the top of a draft.

use super::document::Snapshot;
use super::position::{Encoding, position};
use crate::engine::{Attribution, SourceKind, SpeakerKind};
use tower_lsp_server::ls_types::{
    CodeLens, Command, InlayHint, InlayHintLabel, InlayHintTooltip, Position, Range,
};

/// `— Ortiz` after each quotation attributed by a pronoun, a continuation (any way other
/// than a name in the same sentence) or a role phrase.
pub fn inlay_hints(
    snap: &Snapshot,
    within: std::ops::Range<usize>,
    enc: Encoding,
) -> Vec<InlayHint> {
    let a = &snap.analysis;
    let mut out = Vec::new();
    for q in &a.quotes {
        let Some(sp) = &q.speaker else { continue };
        if !q.kind.is_speech() || q.span.end < within.start || q.span.end > within.end {
            continue;
        }
        let unnamed = sp.kind == SpeakerKind::Pronoun
            || sp.kind == SpeakerKind::Role
            || sp.how != Attribution::Sentence;
        if !unnamed {
            continue;
        }
        let source = sp.source.and_then(|i| a.sources.get(i));
        let shown = match source {
            Some(s) if s.kind == SourceKind::Person => s
                .aliases
                .iter()
                .find(|x| !x.contains(' '))
                .cloned()
                .unwrap_or_else(|| {
                    s.name
                        .split_whitespace()
                        .last()
                        .unwrap_or(&s.name)
                        .to_string()
                }),
            Some(s) => s.name.clone(),
            None => sp.name.clone(),
        };
        out.push(InlayHint {
            position: position(&snap.rope, q.span.end, enc),
            label: InlayHintLabel::String(format!("— {shown}")),
            kind: None,
            text_edits: None,
            tooltip: Some(InlayHintTooltip::String(format!(
                "copydesk: said by {} (attributed through “{}”, {:?})",
                sp.name, sp.mention, sp.how
            ))),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    }
    out
}

/// The counts shown at the top of a draft.
pub fn lens_title(snap: &Snapshot) -> String {
    let a = &snap.analysis;
    let quotes = a.quotes.iter().filter(|q| q.kind.is_speech()).count();
    let named = a.sources.iter().filter(|s| s.anonymous.is_none()).count();
    let anonymous = a.sources.len() - named;
    format!(
        "{quotes} quotes · {named} named sources · {anonymous} anonymous · {} allegations without response",
        snap.missing_responses
    )
}

pub fn code_lens(snap: &Snapshot) -> CodeLens {
    let top = Position::new(0, 0);
    CodeLens {
        range: Range::new(top, top),
        // An empty command id: clients show the title and run nothing.
        command: Some(Command {
            title: lens_title(snap),
            command: String::new(),
            arguments: None,
        }),
        data: None,
    }
}
