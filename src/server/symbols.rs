//! Document symbols (the sources outline) and workspace symbols (sources across drafts).

use super::document::Snapshot;
use super::position::{Encoding, range};
use crate::engine::{Quote, SourceKind};
use std::ops::Range;
use tower_lsp_server::ls_types::{
    DocumentSymbol, Location, OneOf, SymbolKind, Uri, WorkspaceSymbol,
};

fn kind(k: SourceKind) -> SymbolKind {
    match k {
        SourceKind::Person | SourceKind::Role => SymbolKind::OBJECT,
        SourceKind::Organization | SourceKind::Publication => SymbolKind::NAMESPACE,
        SourceKind::Document => SymbolKind::FILE,
    }
}

fn hull(spans: impl Iterator<Item = Range<usize>>) -> Option<Range<usize>> {
    spans.reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
}

fn label(q: &Quote) -> String {
    let t = q.text.replace(['\n', '\r'], " ");
    let t = if t.chars().count() > 60 {
        format!("{}…", t.chars().take(59).collect::<String>())
    } else {
        t
    };
    format!("“{t}”")
}

#[allow(deprecated, clippy::too_many_arguments)]
fn symbol(
    snap: &Snapshot,
    name: String,
    detail: String,
    kind: SymbolKind,
    span: Range<usize>,
    sel: Range<usize>,
    children: Option<Vec<DocumentSymbol>>,
    enc: Encoding,
) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail: Some(detail),
        kind,
        tags: None,
        deprecated: None,
        range: range(&snap.rope, &span, enc),
        selection_range: range(&snap.rope, &sel, enc),
        children,
    }
}

fn quote_symbol(snap: &Snapshot, qi: usize, enc: Encoding) -> DocumentSymbol {
    let q = &snap.analysis.quotes[qi];
    let mut detail = match &q.speaker {
        Some(s) if s.mention != s.name => format!("{:?} · “{}”", q.kind, s.mention),
        _ => format!("{:?}", q.kind),
    }
    .to_lowercase();
    // Checked against transcripts: verified / altered / not found.
    if let Some(Some(v)) = snap.verifications.get(qi) {
        use crate::engine::transcript::Status;
        detail.push_str(match v.status {
            Status::Verified => " · verified",
            Status::Altered => " · altered",
            Status::NotFound => " · not found",
        });
        if v.passage.as_ref().is_some_and(|p| p.speaker_mismatch) {
            detail.push_str(" (another speaker)");
        }
    }
    symbol(
        snap,
        label(q),
        detail,
        SymbolKind::STRING,
        q.span.clone(),
        q.span.clone(),
        None,
        enc,
    )
}

/// Each source with its quotes as children, then the quotations nobody is credited with.
pub fn document_symbols(snap: &Snapshot, enc: Encoding) -> Vec<DocumentSymbol> {
    let a = &snap.analysis;
    let mut out = Vec::new();
    for s in &a.sources {
        let children: Vec<DocumentSymbol> = s
            .quotes
            .iter()
            .map(|&qi| quote_symbol(snap, qi, enc))
            .collect();
        let span = hull(
            std::iter::once(s.first_reference.clone())
                .chain(s.mentions.iter().cloned())
                .chain(s.quotes.iter().map(|&qi| a.quotes[qi].span.clone())),
        )
        .unwrap_or(s.first_reference.clone());
        let mut detail = format!("{:?}", s.kind).to_lowercase();
        if let Some(r) = &s.role {
            detail.push_str(&format!(" · {r}"));
        }
        if s.anonymous.is_some() {
            detail.push_str(" · anonymous");
        }
        detail.push_str(&format!(" · {} quotes", s.quotes.len()));
        out.push(symbol(
            snap,
            s.name.clone(),
            detail,
            kind(s.kind),
            span,
            s.first_reference.clone(),
            Some(children),
            enc,
        ));
    }
    let orphans: Vec<usize> = (0..a.quotes.len())
        .filter(|&qi| a.quotes[qi].kind.is_speech() && a.quotes[qi].speaker.is_none())
        .collect();
    if let Some(span) = hull(orphans.iter().map(|&qi| a.quotes[qi].span.clone())) {
        let first = a.quotes[orphans[0]].span.clone();
        let children = orphans
            .iter()
            .map(|&qi| quote_symbol(snap, qi, enc))
            .collect();
        out.push(symbol(
            snap,
            "(no speaker)".to_string(),
            format!("{} quotes", orphans.len()),
            SymbolKind::NULL,
            span,
            first,
            Some(children),
            enc,
        ));
    }
    out
}

/// The sources of one draft that match a workspace-symbol query.
pub fn workspace_symbols(
    snap: &Snapshot,
    uri: &Uri,
    container: &str,
    query: &str,
    enc: Encoding,
) -> Vec<WorkspaceSymbol> {
    let q = query.to_lowercase();
    snap.analysis
        .sources
        .iter()
        .filter(|s| {
            q.is_empty()
                || s.name.to_lowercase().contains(&q)
                || s.aliases.iter().any(|a| a.to_lowercase().contains(&q))
        })
        .map(|s| WorkspaceSymbol {
            name: s.name.clone(),
            kind: kind(s.kind),
            tags: None,
            container_name: Some(container.to_string()),
            location: OneOf::Left(Location::new(
                uri.clone(),
                range(&snap.rope, &s.first_reference, enc),
            )),
            data: None,
        })
        .collect()
}
