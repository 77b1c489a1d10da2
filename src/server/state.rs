//! The server's shared state: open documents, workspace, client capabilities, and the
//! publishing of diagnostics.

use super::diagnostics;
use super::document::{Document, Snapshot, Typing, draft_format};
use super::position::Encoding;
use super::workspace::{Workspace, uri_path};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{MessageType, Uri};

/// What the client can do, and the server's own settings.
#[derive(Debug, Clone, Copy)]
pub struct Caps {
    pub encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`); then nothing is pushed.
    pub pull: bool,
    pub refresh_diagnostics: bool,
    pub refresh_inlay_hints: bool,
    pub refresh_code_lens: bool,
    pub watch_dynamic: bool,
    pub configuration: bool,
    pub debounce: Duration,
}

impl Default for Caps {
    fn default() -> Self {
        Caps {
            encoding: Encoding::Utf16,
            pull: false,
            refresh_diagnostics: false,
            refresh_inlay_hints: false,
            refresh_code_lens: false,
            watch_dynamic: false,
            configuration: false,
            debounce: Duration::from_millis(300),
        }
    }
}

/// One version's analysis, computed once by whoever asks first.
type Pending = Arc<OnceLock<Arc<Snapshot>>>;

#[derive(Default)]
pub struct State {
    pub docs: Mutex<HashMap<Uri, Document>>,
    pub ws: Mutex<Workspace>,
    pub caps: Mutex<Caps>,
    /// Last version published per document; held while publishing so publications for
    /// one document go out in version order.
    published: tokio::sync::Mutex<HashMap<Uri, i32>>,
    /// Signalled when a draft, the configuration or the settings change.
    pub changed: tokio::sync::Notify,
    /// Transcript indexes per root.
    pub transcripts: Mutex<super::transcripts::Store>,
    /// Analyses being computed, per document: (version, transcript generation, cell).
    /// Whoever asks for the same version while it is computed waits for that one
    /// computation instead of starting another.
    computing: Mutex<HashMap<Uri, (i32, u64, Pending)>>,
    /// Taken by each off-loop computation for publishing, so that only one runs at a time
    /// and a queued one for a version that is no longer current is skipped.
    gate: tokio::sync::Mutex<()>,
}

/// Lock a mutex, recovering from poisoning (a panicked handler must not wedge the server).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl State {
    pub fn caps(&self) -> Caps {
        *lock(&self.caps)
    }

    pub fn encoding(&self) -> Encoding {
        self.caps().encoding
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        lock(&self.docs).get(uri).map(|d| d.version)
    }

    /// The analysis of the current version of an open draft, and its typing state.
    /// Computed at most once per version (concurrent callers share one computation).
    pub fn snapshot(&self, uri: &Uri) -> Option<(Arc<Snapshot>, Option<Typing>)> {
        let (rope, version, format, cell, generation, engine_cache) = {
            let docs = lock(&self.docs);
            let d = docs.get(uri)?;
            let format = d.format?;
            // A snapshot checked against older transcripts (or before they were indexed)
            // is stale.
            if let Some(s) = &d.snapshot
                && s.transcripts_generation == super::transcripts::generation(self)
            {
                return Some((s.clone(), d.typing));
            }
            let generation = super::transcripts::generation(self);
            let mut computing = lock(&self.computing);
            let cell = match computing.get(uri) {
                Some((v, g, cell)) if *v == d.version && *g == generation => cell.clone(),
                _ => {
                    let cell = Arc::new(OnceLock::new());
                    computing.insert(uri.clone(), (d.version, generation, cell.clone()));
                    cell
                }
            };
            let engine_cache = d.engine_cache.clone();
            (
                d.rope.clone(),
                d.version,
                format,
                cell,
                generation,
                engine_cache,
            )
        };
        let snap = cell
            .get_or_init(|| {
                let path = uri_path(uri);
                let cfg = lock(&self.ws).config_for(path.as_deref());
                let tx = super::transcripts::for_draft(self, path.as_deref());
                let text = rope.to_string();
                let mut snap = Snapshot::compute_cached(
                    rope,
                    text,
                    Some(version),
                    format,
                    &cfg,
                    tx,
                    Some(&engine_cache),
                );
                snap.transcripts_generation = generation;
                Arc::new(snap)
            })
            .clone();
        let mut docs = lock(&self.docs);
        let mut computing = lock(&self.computing);
        if computing.get(uri).is_some_and(|(v, _, _)| *v == version) {
            computing.remove(uri);
        }
        match docs.get_mut(uri) {
            Some(d) if d.version == version => {
                d.snapshot = Some(snap.clone());
                Some((snap, d.typing))
            }
            _ => Some((snap, None)),
        }
    }

    /// The analysis of the current version of an open draft if it is computed already.
    fn cached(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        lock(&self.docs).get(uri).and_then(|d| d.snapshot.clone())
    }

    /// The typing state of an open draft.
    fn typing(&self, uri: &Uri) -> Option<Typing> {
        lock(&self.docs).get(uri).and_then(|d| d.typing)
    }

    /// A draft read from disk (not open in the editor).
    pub fn disk_snapshot(&self, path: &Path) -> Option<Snapshot> {
        let uri = Uri::from_file_path(path)?;
        let format = draft_format(&uri, None)?;
        let Some(real) = lock(&self.ws).readable(path) else {
            tracing::debug!(
                "not reading {}: outside the workspace folders",
                path.display()
            );
            return None;
        };
        let text = match std::fs::read_to_string(&real) {
            Ok(t) => t,
            Err(e) => {
                tracing::debug!("not a readable draft {}: {e}", path.display());
                return None;
            }
        };
        let cfg = lock(&self.ws).config_for(Some(path));
        let tx = super::transcripts::for_draft(self, Some(path));
        Some(Snapshot::compute(text, None, format, &cfg, tx))
    }

    /// Open documents by file path.
    pub fn open_paths(&self) -> HashMap<PathBuf, Uri> {
        lock(&self.docs)
            .keys()
            .filter_map(|u| uri_path(u).map(|p| (p, u.clone())))
            .collect()
    }

    /// Open drafts.
    pub fn open_drafts(&self) -> Vec<Uri> {
        lock(&self.docs)
            .iter()
            .filter(|(_, d)| d.format.is_some())
            .map(|(u, _)| u.clone())
            .collect()
    }

    /// Forget every cached analysis and configuration (settings or `copydesk.toml` moved).
    pub fn invalidate(&self) {
        lock(&self.ws).invalidate();
        for d in lock(&self.docs).values_mut() {
            d.snapshot = None;
        }
    }

    /// End the typing state if no change came after `generation`; true when it ended.
    pub fn end_typing(&self, uri: &Uri, generation: Option<u64>) -> bool {
        let mut docs = lock(&self.docs);
        let Some(d) = docs.get_mut(uri) else {
            return false;
        };
        match d.typing {
            Some(t) if generation.is_none_or(|g| g == t.generation) => {
                d.typing = None;
                true
            }
            _ => false,
        }
    }

    /// The cursor is at `at`: when that is outside the paragraph being typed, the user has
    /// left it. True when the typing state ended.
    pub fn cursor_at(&self, uri: &Uri, snap: &Snapshot, at: usize) -> bool {
        let typing = lock(&self.docs).get(uri).and_then(|d| d.typing);
        let Some(t) = typing else { return false };
        let para = snap.block_at(t.at);
        if para.as_ref().is_some_and(|p| p.start <= at && at <= p.end) {
            return false;
        }
        self.end_typing(uri, Some(t.generation))
    }
}

/// Push the diagnostics of an open draft's current version (push clients only). A
/// result for an older version is never published after a newer one: publishing holds
/// one lock, re-reads the current version under it, and skips anything older than what
/// was already sent.
///
/// The analysis runs off the request loop (a blocking task), one at a time: a burst of
/// changes queues behind the analysis in progress, and a queued publication whose
/// version is no longer current is dropped — the newest version wins, and the editor's
/// requests are served meanwhile.
pub async fn publish(client: &Client, state: &Arc<State>, uri: &Uri) {
    let caps = state.caps();
    if caps.pull {
        return;
    }
    let snap = match state.cached(uri) {
        Some(s) => s,
        None => {
            let Some(wanted) = state.version(uri) else {
                return;
            };
            let _gate = state.gate.lock().await;
            if state.version(uri) != Some(wanted) {
                // A newer change arrived while this one waited; its publication takes over.
                return;
            }
            let (st, u) = (state.clone(), uri.clone());
            match tokio::task::spawn_blocking(move || st.snapshot(&u)).await {
                Ok(Some((s, _))) => s,
                _ => return,
            }
        }
    };
    let mut last = state.published.lock().await;
    let Some(v) = snap.version else { return };
    if state.version(uri) != Some(v) || last.get(uri).is_some_and(|&p| p > v) {
        return;
    }
    last.insert(uri.clone(), v);
    let typing = state.typing(uri);
    let diags = diagnostics::diagnostics(&snap, typing, uri, caps.encoding);
    client
        .publish_diagnostics(uri.clone(), diags, Some(v))
        .await;
}

/// Push diagnostics for a draft that is not open (or clear them when it is gone).
pub async fn publish_disk(client: &Client, state: &State, path: &Path) {
    let caps = state.caps();
    let Some(uri) = Uri::from_file_path(path) else {
        return;
    };
    if caps.pull || state.version(&uri).is_some() {
        return;
    }
    let diags = match state.disk_snapshot(path) {
        Some(s) => diagnostics::diagnostics(&s, None, &uri, caps.encoding),
        None => Vec::new(),
    };
    let _guard = state.published.lock().await;
    client.publish_diagnostics(uri, diags, None).await;
}

/// Forget what was published for a closed document, and clear it for push clients.
pub async fn unpublish(client: &Client, state: &State, uri: &Uri) {
    let mut last = state.published.lock().await;
    last.remove(uri);
    if !state.caps().pull {
        client
            .publish_diagnostics(uri.clone(), Vec::new(), None)
            .await;
    }
}

/// Ask the client to pull diagnostics again (and, with `views`, inlay hints and lenses).
pub async fn refresh(client: &Client, state: &State, views: bool) {
    let caps = state.caps();
    if caps.refresh_diagnostics {
        let _ = client.workspace_diagnostic_refresh().await;
    }
    if views && caps.refresh_inlay_hints {
        let _ = client.inlay_hint_refresh().await;
    }
    if views && caps.refresh_code_lens {
        let _ = client.code_lens_refresh().await;
    }
}

/// Show configuration errors met since the last call.
pub async fn report_errors(client: &Client, state: &State) {
    let errors: Vec<String> = std::mem::take(&mut lock(&state.ws).errors);
    for e in errors {
        tracing::warn!("{e}");
        client
            .show_message(MessageType::WARNING, format!("copydesk: {e}"))
            .await;
    }
}
