//! Transcripts in the editor: each root's transcripts are indexed in the background
//! (`spawn_blocking`) the first time a draft under it opens, and again when a watched
//! transcript changes; drafts are re-checked when an index is ready. Go to definition
//! jumps from a quotation to its transcript line; hover shows the passage with speaker
//! and timestamp.
//!
//! A draft's root is the folder of its nearest `copydesk.toml` when that lies inside the
//! draft's workspace folder, else the workspace folder itself: transcript files are only
//! read inside workspace folders, and a draft outside every folder has none.

use super::document::Snapshot;
use super::position::Encoding;
use super::state::{State, lock, publish, refresh};
use super::workspace::uri_path;
use crate::engine::transcript::Status;
use crate::transcripts::Loaded;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{Location, Position, Range, Uri};

/// The transcripts of each root.
#[derive(Debug, Default)]
pub struct Store {
    /// `None` while loading.
    roots: HashMap<PathBuf, Option<Arc<Loaded>>>,
    /// Bumped whenever an index is ready or dropped: snapshots computed before are stale.
    generation: u64,
}

/// The store's generation (see [`Store::generation`]).
pub fn generation(state: &State) -> u64 {
    lock(&state.transcripts).generation
}

/// What a snapshot is checked against: the root's index and the draft's folder
/// relative to the root.
#[derive(Debug, Clone)]
pub struct DraftTranscripts {
    pub loaded: Arc<Loaded>,
    pub draft_dir: Option<String>,
}

/// A draft's root and its folder relative to it.
fn root_of(state: &State, path: &Path) -> Option<(PathBuf, Option<String>)> {
    let folder = lock(&state.ws).folder_of(path).cloned()?;
    let dir = path.parent()?;
    let root = crate::config::Config::find(dir)
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .filter(|r| r.starts_with(&folder))
        .unwrap_or(folder);
    let rel = crate::transcripts::relative(&root, dir);
    Some((root, rel))
}

/// The transcripts for a draft at `path` when its root's index is ready.
pub fn for_draft(state: &State, path: Option<&Path>) -> Option<DraftTranscripts> {
    let (root, rel) = root_of(state, path?)?;
    let loaded = lock(&state.transcripts).roots.get(&root)?.clone()?;
    (!loaded.index.is_empty()).then_some(DraftTranscripts {
        loaded,
        draft_dir: rel,
    })
}

/// Start indexing the root of the draft at `uri` unless it is indexed or loading.
pub fn ensure(client: &Client, state: &Arc<State>, uri: &Uri) {
    if let Some(path) = uri_path(uri) {
        ensure_path(client, state, &path);
    }
}

/// Start indexing the root of each workspace folder (for the drafts on disk).
pub fn ensure_folders(client: &Client, state: &Arc<State>) {
    let folders = lock(&state.ws).folders.clone();
    for f in folders {
        ensure_path(client, state, &f.join("draft.md"));
    }
}

/// Start indexing the root of a draft at `path` unless it is indexed or loading.
fn ensure_path(client: &Client, state: &Arc<State>, path: &Path) {
    let path = path.to_path_buf();
    let Some((root, _)) = root_of(state, &path) else {
        return;
    };
    {
        let mut store = lock(&state.transcripts);
        if store.roots.contains_key(&root) {
            return;
        }
        store.roots.insert(root.clone(), None);
    }
    let globs = lock(&state.ws).config_for(Some(&path)).transcripts;
    spawn_load(client.clone(), state.clone(), root, globs);
}

fn spawn_load(client: Client, state: Arc<State>, root: PathBuf, globs: Vec<String>) {
    let ws = lock(&state.ws).clone_folders();
    tokio::spawn(async move {
        let r = root.clone();
        let loaded = tokio::task::spawn_blocking(move || {
            // Only files inside a workspace folder, symbolic links resolved (SECURITY.md).
            crate::transcripts::load_within(&r, &globs, &|p| ws.readable(p).is_some())
        })
        .await
        .unwrap_or_default();
        for e in &loaded.errors {
            tracing::warn!("{e}");
        }
        tracing::info!(
            "indexed {} transcripts under {}",
            loaded.index.transcripts.len(),
            root.display()
        );
        {
            let mut store = lock(&state.transcripts);
            store.roots.insert(root.clone(), Some(Arc::new(loaded)));
            store.generation += 1;
        }
        recheck(&client, &state, &root).await;
    });
}

/// Re-check the open drafts under `root` with its new index.
async fn recheck(client: &Client, state: &Arc<State>, root: &Path) {
    let uris: Vec<Uri> = state
        .open_drafts()
        .into_iter()
        .filter(|u| uri_path(u).is_some_and(|p| p.starts_with(root)))
        .collect();
    {
        let mut docs = lock(&state.docs);
        for u in &uris {
            if let Some(d) = docs.get_mut(u) {
                d.snapshot = None;
            }
        }
    }
    for u in &uris {
        publish(client, state, u).await;
    }
    state.changed.notify_waiters();
    refresh(client, state, true).await;
}

/// Watched files changed: re-index the roots whose transcripts (by their globs) are
/// among them. True when a root is re-indexed.
pub fn files_changed(client: &Client, state: &Arc<State>, paths: &[PathBuf]) -> bool {
    let roots: Vec<PathBuf> = lock(&state.transcripts).roots.keys().cloned().collect();
    let mut any = false;
    for root in roots {
        let globs = lock(&state.ws)
            .config_for(Some(&root.join("x")))
            .transcripts;
        let hit = paths.iter().any(|p| {
            crate::transcripts::relative(&root, p)
                .is_some_and(|rel| crate::transcripts::is_transcript(&rel, &globs))
        });
        if hit {
            any = true;
            spawn_load(client.clone(), state.clone(), root, globs);
        }
    }
    any
}

/// Forget every index (the configuration changed); drafts re-index on demand.
pub fn clear(state: &State) {
    let mut store = lock(&state.transcripts);
    store.roots.clear();
    store.generation += 1;
}

/// The quotation at `at` with a transcript passage: (quote index, passage).
fn passage_at(
    snap: &Snapshot,
    at: usize,
) -> Option<(usize, &crate::engine::transcript::Verification)> {
    snap.analysis
        .quotes
        .iter()
        .enumerate()
        .find(|(_, q)| q.span.start <= at && at <= q.span.end)
        .and_then(|(qi, _)| Some((qi, snap.verifications.get(qi)?.as_ref()?)))
}

/// A position in a transcript's text, in the negotiated encoding.
fn text_position(text: &str, byte: usize, enc: Encoding) -> Position {
    let byte = byte.min(text.len());
    let line_start = text[..byte].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..line_start].matches('\n').count();
    let seg = &text[line_start..byte];
    let col = match enc {
        Encoding::Utf8 => seg.len(),
        _ => seg.encode_utf16().count(),
    };
    Position::new(line as u32, col as u32)
}

/// Go to definition: the transcript passage of the quotation at `at`.
pub fn definition(snap: &Snapshot, at: usize, enc: Encoding) -> Option<Location> {
    let (_, v) = passage_at(snap, at)?;
    let p = v.passage.as_ref()?;
    let loaded = snap.transcripts.as_ref()?;
    let path = loaded.paths.get(p.transcript)?;
    let t = loaded.index.transcripts.get(p.transcript)?;
    let uri = Uri::from_file_path(path)?;
    Some(Location {
        uri,
        range: Range::new(
            text_position(&t.text, p.span.start, enc),
            text_position(&t.text, p.span.end, enc),
        ),
    })
}

/// Hover: the transcript passage (speaker, timestamp, file and line) of the quotation
/// at `at`, or that no transcript has it.
pub fn hover_md(snap: &Snapshot, at: usize) -> Option<String> {
    let (_, v) = passage_at(snap, at)?;
    let Some(p) = &v.passage else {
        return Some("**Transcript:** not found in the transcripts".to_string());
    };
    let status = match v.status {
        Status::Verified => "verified",
        Status::Altered => "altered",
        Status::NotFound => "not found",
    };
    let who = p.speaker.as_deref().unwrap_or("unlabelled speaker");
    let when = p
        .time
        .as_deref()
        .map(|t| format!(" at {t}"))
        .unwrap_or_default();
    let mut md = format!(
        "**Transcript** ({status}, similarity {:.2}): {who}{when}, `{}:{}`\n\n> {}",
        p.score,
        p.transcript_id,
        p.line,
        if p.text.chars().count() > 400 {
            p.text.chars().take(399).collect::<String>() + "…"
        } else {
            p.text.clone()
        }
    );
    if p.speaker_mismatch {
        md.push_str(&format!("\n\nIn the transcript these words are {who}'s."));
    }
    Some(md)
}
