//! The server's shared state: open documents, workspace, client capabilities, and the
//! publishing of diagnostics.

use super::diagnostics;
use super::document::{Document, Snapshot, Typing, draft_format};
use super::position::Encoding;
use super::workspace::{Workspace, uri_path};
use crate::engine::Cancel;
use std::collections::BTreeSet;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use tokio::sync::watch;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::notification::PublishDiagnostics;
use tower_lsp_server::ls_types::{Diagnostic, MessageType, PublishDiagnosticsParams, Uri};

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

/// What an analysis job ended with.
#[derive(Clone)]
enum Outcome {
    Done(Arc<Snapshot>),
    /// A newer version or transcript generation superseded it.
    Cancelled,
    /// Its task failed outside the engine's own panic guard (logged).
    Failed,
}

/// One version of one document being analysed off the request loop. Whoever asks for
/// the same version (and transcript generation) while it runs waits for this job
/// instead of starting another.
struct Job {
    version: i32,
    generation: u64,
    cancel: Cancel,
    /// `None` while running.
    done: watch::Receiver<Option<Outcome>>,
}

/// Counters of the server's background work, for logs and tests (never for results).
#[derive(Debug, Default)]
pub struct Stats {
    /// Analyses of open documents that ran to the end.
    pub analyses_finished: AtomicUsize,
    /// Analyses of open documents that a newer version cancelled while they ran.
    pub analyses_cancelled: AtomicUsize,
    /// Workspace passes (`workspace/diagnostic`, `workspace/symbol`) begun, finished,
    /// and stopped early (cancelled by the client or superseded by a newer pass).
    pub passes_begun: AtomicUsize,
    pub passes_finished: AtomicUsize,
    pub passes_cancelled: AtomicUsize,
    /// Drafts on disk analysed by workspace passes.
    pub pass_files: AtomicUsize,
    /// The last pass that stopped early: drafts done, drafts in the pass.
    pub last_cancelled: Mutex<Option<(usize, usize)>>,
    /// Analyses of open documents begun on a blocking thread.
    pub analyses_begun: AtomicUsize,
    /// Analyses of open documents skipped because a newer version arrived before they
    /// began.
    pub analyses_skipped: AtomicUsize,
}

impl Stats {
    pub fn get(c: &AtomicUsize) -> usize {
        c.load(Ordering::SeqCst)
    }
    fn bump(c: &AtomicUsize) {
        c.fetch_add(1, Ordering::SeqCst);
    }
}

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
    /// The newest analysis job per open document.
    computing: Mutex<HashMap<Uri, Job>>,
    /// Per document: taken by its analysis jobs, so that one runs at a time (a cancelled
    /// job stops at its next check before the newer one starts).
    gates: Mutex<HashMap<Uri, Arc<tokio::sync::Mutex<()>>>>,
    /// The running workspace pass of each kind; a newer pass cancels it.
    passes: Mutex<HashMap<&'static str, Cancel>>,
    /// Drafts on disk waiting to be pushed ([`queue_disk`]), and whether a worker runs.
    disk_queue: Mutex<(BTreeSet<PathBuf>, bool)>,
    pub stats: Stats,
    /// The client, for analysis jobs to publish what they computed.
    pub client: OnceLock<Client>,
    /// stdout, when the server has it to itself (`copydesk lsp`): diagnostics are written
    /// to it directly ([`super::output`]); without it (in-process tests) they go through
    /// the client.
    pub output: OnceLock<super::output::Output>,
}

/// Raises its flag when dropped: a request handler holds one, so when tower-lsp-server
/// drops the handler's future (`$/cancelRequest`) the blocking work it started stops too.
pub struct CancelOnDrop(pub Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
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
    ///
    /// Computed off the request loop, at most once per version: concurrent callers wait
    /// for the same job. When a newer version arrives while a caller waits, the job for
    /// the older one is cancelled and the caller gets the newer version's analysis (a
    /// request is answered for the newest text, never with a result for a text that is
    /// gone). `None` when the document is not open (or closed meanwhile) or not a draft.
    pub async fn snapshot(self: &Arc<Self>, uri: &Uri) -> Option<(Arc<Snapshot>, Option<Typing>)> {
        loop {
            let mut done = {
                let docs = lock(&self.docs);
                let d = docs.get(uri)?;
                let format = d.format?;
                // A snapshot checked against older transcripts (or before they were
                // indexed) is stale.
                let generation = super::transcripts::generation(self);
                if let Some(s) = &d.snapshot
                    && s.transcripts_generation == generation
                {
                    return Some((s.clone(), d.typing));
                }
                let mut computing = lock(&self.computing);
                match computing.get(uri) {
                    Some(j) if j.version == d.version && j.generation == generation => {
                        j.done.clone()
                    }
                    _ => {
                        let job = self.start(
                            uri,
                            d.rope.clone(),
                            d.version,
                            format,
                            generation,
                            d.caches.clone(),
                        );
                        let done = job.done.clone();
                        if let Some(old) = computing.insert(uri.clone(), job) {
                            old.cancel.cancel();
                        }
                        done
                    }
                }
            };
            let outcome = match done.wait_for(Option::is_some).await {
                Ok(o) => o.clone(),
                // The job's task ended without an answer (the runtime is shutting down).
                Err(_) => return None,
            };
            match outcome {
                Some(Outcome::Done(snap)) => {
                    let typing = lock(&self.docs)
                        .get(uri)
                        .filter(|d| Some(d.version) == snap.version)
                        .and_then(|d| d.typing);
                    return Some((snap, typing));
                }
                // A newer version (or transcript generation) took over: ask again.
                Some(Outcome::Cancelled) => {}
                Some(Outcome::Failed) | None => return None,
            }
        }
    }

    /// Start the analysis job of one version (see [`State::snapshot`]).
    fn start(
        self: &Arc<Self>,
        uri: &Uri,
        rope: ropey::Rope,
        version: i32,
        format: crate::engine::Format,
        generation: u64,
        caches: Arc<std::sync::Mutex<super::document::Caches>>,
    ) -> Job {
        let cancel = Cancel::new();
        let (tx, done) = watch::channel(None);
        let gate = lock(&self.gates).entry(uri.clone()).or_default().clone();
        let (st, u, c) = (self.clone(), uri.clone(), cancel.clone());
        let t_start = std::time::Instant::now();
        tokio::spawn(async move {
            let t_task = t_start.elapsed();
            let _gate = gate.lock().await;
            let t_gate = t_start.elapsed();
            let mut t_blocking = Duration::ZERO;
            let mut t_computed = Duration::ZERO;
            let snap: Option<Arc<Snapshot>> = if c.is_cancelled() {
                Stats::bump(&st.stats.analyses_skipped);
                None
            } else {
                let (st2, u2, c2) = (st.clone(), u.clone(), c.clone());
                let r = tokio::task::spawn_blocking(move || {
                    let t_blocking = t_start.elapsed();
                    Stats::bump(&st2.stats.analyses_begun);
                    let path = uri_path(&u2);
                    let cfg = lock(&st2.ws).config_for(path.as_deref());
                    let tx = super::transcripts::for_draft(&st2, path.as_deref());
                    let text = rope.to_string();
                    let mut snap = Snapshot::compute_cancellable(
                        rope,
                        text,
                        Some(version),
                        format,
                        &cfg,
                        tx,
                        Some(&caches),
                        &c2,
                    )
                    .or_else(|| {
                        Stats::bump(&st2.stats.analyses_cancelled);
                        None
                    })?;
                    snap.transcripts_generation = generation;
                    Some((Arc::new(snap), t_blocking, t_start.elapsed()))
                })
                .await
                .unwrap_or_else(|e| {
                    tracing::error!("the analysis of {} failed: {e}", u.as_str());
                    None
                });
                r.map(|(s, b, c)| {
                    (t_blocking, t_computed) = (b, c);
                    s
                })
            };
            let t_resumed = t_start.elapsed();
            let (mut t_stored, mut t_published) = (Duration::ZERO, Duration::ZERO);
            let outcome = match &snap {
                Some(s) => Outcome::Done(s.clone()),
                None if c.is_cancelled() => Outcome::Cancelled,
                None => Outcome::Failed,
            };
            match &snap {
                Some(s) => {
                    Stats::bump(&st.stats.analyses_finished);
                    {
                        let mut docs = lock(&st.docs);
                        if let Some(d) = docs.get_mut(&u)
                            && d.version == version
                        {
                            d.snapshot = Some(s.clone());
                        }
                    }
                    t_stored = t_start.elapsed();
                    // Publish before answering the requests that waited for it.
                    if let Some(client) = st.client.get() {
                        publish_snapshot(client, &st, &u, s).await;
                    }
                    t_published = t_start.elapsed();
                }
                None => {
                    tracing::debug!(
                        "analysis of {} version {version} ended without a result",
                        u.as_str()
                    );
                }
            }
            {
                let mut computing = lock(&st.computing);
                if computing
                    .get(&u)
                    .is_some_and(|j| j.version == version && j.generation == generation)
                {
                    computing.remove(&u);
                }
            }
            let _ = tx.send(Some(outcome));
            let ms = |d: Duration| d.as_secs_f64() * 1e3;
            tracing::debug!(
                target: "copydesk::timing",
                "job v{version}: task {:.2} gate {:.2} blocking {:.2} computed {:.2} resumed {:.2} stored {:.2} published {:.2} end {:.2} ms",
                ms(t_task), ms(t_gate), ms(t_blocking), ms(t_computed), ms(t_resumed), ms(t_stored), ms(t_published), ms(t_start.elapsed())
            );
        });
        Job {
            version,
            generation,
            cancel,
            done,
        }
    }

    /// A newer version of `uri` arrived (or it closed): cancel the analysis of any other
    /// version. Call after updating the document's version.
    pub fn supersede(&self, uri: &Uri) {
        let current = self.version(uri);
        let mut computing = lock(&self.computing);
        if let Some(j) = computing.get(uri)
            && Some(j.version) != current
        {
            j.cancel.cancel();
            computing.remove(uri);
        }
        if current.is_none() {
            lock(&self.gates).remove(uri);
        }
    }

    /// A workspace request of one kind begins: the previous request of that kind is
    /// cancelled (its pass stops, and it answers that it was superseded).
    pub fn begin_pass(&self, kind: &'static str) -> Cancel {
        let cancel = Cancel::new();
        if let Some(old) = lock(&self.passes).insert(kind, cancel.clone()) {
            old.cancel();
        }
        Stats::bump(&self.stats.passes_begun);
        cancel
    }

    /// The typing state of an open draft.
    fn typing(&self, uri: &Uri) -> Option<Typing> {
        lock(&self.docs).get(uri).and_then(|d| d.typing)
    }

    /// A draft read from disk (not open in the editor); `None` when it cannot be read or
    /// `cancel` was raised. Blocking: call it off the request loop.
    pub fn disk_snapshot(&self, path: &Path, cancel: &Cancel) -> Option<Snapshot> {
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
        let rope = ropey::Rope::from_str(&text);
        Snapshot::compute_cancellable(rope, text, None, format, &cfg, tx, None, cancel)
    }

    /// [`State::disk_snapshot`] off the request loop; stops when the caller's future is
    /// dropped.
    pub async fn disk_snapshot_async(self: &Arc<Self>, path: PathBuf) -> Option<Snapshot> {
        let guard = CancelOnDrop(Cancel::new());
        let (st, c) = (self.clone(), guard.0.clone());
        tokio::task::spawn_blocking(move || st.disk_snapshot(&path, &c))
            .await
            .ok()
            .flatten()
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

/// Push the diagnostics of an open draft's current version (push clients only), on a
/// task of its own: the handler that calls this returns at once, so the request loop
/// never waits for an analysis. See [`publish`].
pub fn spawn_publish(client: &Client, state: &Arc<State>, uri: &Uri) {
    let (client, state, uri) = (client.clone(), state.clone(), uri.clone());
    tokio::spawn(async move { publish(&client, &state, &uri).await });
}

/// Push the diagnostics of an open draft's current version (push clients only). When
/// that version is analysed already, they are sent now (the typing state changed, or the
/// configuration); else its analysis job sends them when it ends, if its version is
/// still current then (a cancelled or outdated version is never published), before any
/// request waiting for that analysis is answered.
pub async fn publish(client: &Client, state: &Arc<State>, uri: &Uri) {
    if state.caps().pull {
        return;
    }
    let cached = lock(&state.docs).get(uri).and_then(|d| d.snapshot.clone());
    match cached {
        Some(snap) if snap.transcripts_generation == super::transcripts::generation(state) => {
            publish_snapshot(client, state, uri, &snap).await;
        }
        _ => {
            let _ = state.snapshot(uri).await;
        }
    }
}

/// Send the diagnostics of `snap` if its version is current. A result for an older
/// version is never published after a newer one: publishing holds one lock, re-reads
/// the current version under it, and skips anything older than what was already sent.
async fn publish_snapshot(client: &Client, state: &State, uri: &Uri, snap: &Snapshot) {
    let caps = state.caps();
    if caps.pull {
        return;
    }
    let Some(v) = snap.version else { return };
    let mut last = state.published.lock().await;
    if state.version(uri) != Some(v) || last.get(uri).is_some_and(|&p| p > v) {
        return;
    }
    last.insert(uri.clone(), v);
    let typing = state.typing(uri);
    let t0 = std::time::Instant::now();
    let diags = diagnostics::diagnostics(snap, typing, uri, caps.encoding);
    let (t_diags, n) = (t0.elapsed(), diags.len());
    send_diagnostics(client, state, uri.clone(), diags, Some(v)).await;
    drop(last);
    tracing::debug!(
        target: "copydesk::timing",
        "publish v{v}: {n} diagnostics {:.2} ms, sent {:.2} ms",
        t_diags.as_secs_f64() * 1e3,
        t0.elapsed().as_secs_f64() * 1e3
    );
    // The analysis loaded the draft's configuration: show its errors, if any.
    report_errors(client, state).await;
}

/// Queue drafts on disk (not open in the editor) to push their diagnostics, or to clear
/// them when they are gone (push clients only). One worker task takes the queue a draft
/// at a time, each analysed off the request loop: a checkout that touches thousands of
/// drafts never blocks the editor, and a draft queued again before its turn is checked
/// once, as it is on disk then.
pub fn queue_disk(client: &Client, state: &Arc<State>, paths: Vec<PathBuf>) {
    if state.caps().pull || paths.is_empty() {
        return;
    }
    {
        let mut q = lock(&state.disk_queue);
        q.0.extend(paths);
        if q.1 {
            return;
        }
        q.1 = true;
    }
    let (client, state) = (client.clone(), state.clone());
    tokio::spawn(async move {
        loop {
            let path = {
                let mut q = lock(&state.disk_queue);
                match q.0.pop_first() {
                    Some(p) => p,
                    None => {
                        q.1 = false;
                        return;
                    }
                }
            };
            publish_disk(&client, &state, path).await;
        }
    });
}

/// Push diagnostics for a draft that is not open (or clear them when it is gone).
async fn publish_disk(client: &Client, state: &Arc<State>, path: PathBuf) {
    let caps = state.caps();
    let Some(uri) = Uri::from_file_path(&path) else {
        return;
    };
    if caps.pull || state.version(&uri).is_some() {
        return;
    }
    let (st, u) = (state.clone(), uri.clone());
    let diags =
        tokio::task::spawn_blocking(move || match st.disk_snapshot(&path, &Cancel::never()) {
            Some(s) => diagnostics::diagnostics(&s, None, &u, caps.encoding),
            None => Vec::new(),
        })
        .await
        .unwrap_or_default();
    let _guard = state.published.lock().await;
    if state.version(&uri).is_some() {
        // Opened meanwhile: the editor's text is what counts now.
        return;
    }
    send_diagnostics(client, state, uri, diags, None).await;
}

/// `textDocument/publishDiagnostics`, written straight to text on the server's own
/// stdout ([`State::output`]), else through tower-lsp-server's client (which builds a
/// `serde_json::Value` of it first). Every publication goes the same way, so they keep
/// their order.
async fn send_diagnostics(
    client: &Client,
    state: &State,
    uri: Uri,
    diags: Vec<Diagnostic>,
    version: Option<i32>,
) {
    let params = PublishDiagnosticsParams::new(uri, diags, version);
    match state.output.get() {
        Some(out) => {
            out.send(super::output::notification::<PublishDiagnostics>(&params))
                .await;
        }
        None => {
            client.send_notification::<PublishDiagnostics>(params).await;
        }
    }
}

/// A workspace pass in progress: when dropped before it finished (the request's future
/// was dropped by `$/cancelRequest`, or a newer pass superseded it) it raises its flag,
/// so the draft being analysed stops too, and counts the pass as cancelled.
struct Pass {
    cancel: Cancel,
    state: Arc<State>,
    done: usize,
    total: usize,
    finished: bool,
}

impl Drop for Pass {
    fn drop(&mut self) {
        if !self.finished {
            self.cancel.cancel();
            Stats::bump(&self.state.stats.passes_cancelled);
            *lock(&self.state.stats.last_cancelled) = Some((self.done, self.total));
            tracing::info!(
                "workspace pass stopped after {} of {} drafts",
                self.done,
                self.total
            );
        }
    }
}

/// Run `f` over every draft of the workspace: open ones (their current text, with the
/// typing state) and those on disk in the workspace folders, in path order, then open
/// drafts outside the folders. Off the request loop: the folder walk and each draft run
/// on blocking threads, one draft at a time, and the loop is free between drafts.
///
/// `cancel` comes from [`State::begin_pass`] (one per request, however many passes it
/// makes). `None` when the pass stopped early: a newer request of the same kind began
/// a pass, or the caller's future was dropped (`$/cancelRequest`; then nothing of the
/// pass runs after the draft in progress, which stops at its next check).
pub async fn workspace_pass<T, F>(state: &Arc<State>, cancel: &Cancel, f: F) -> Option<Vec<T>>
where
    T: Send + 'static,
    F: Fn(&Uri, &Snapshot, Option<Typing>) -> T + Send + Sync + 'static,
{
    enum Entry {
        Open(Uri),
        Disk(PathBuf, Uri),
    }
    let mut pass = Pass {
        cancel: cancel.clone(),
        state: state.clone(),
        done: 0,
        total: 0,
        finished: false,
    };
    let f = Arc::new(f);
    let st = state.clone();
    let paths = tokio::task::spawn_blocking(move || lock(&st.ws).drafts())
        .await
        .unwrap_or_default();
    let open = state.open_paths();
    let mut seen = std::collections::HashSet::new();
    let mut entries = Vec::with_capacity(paths.len());
    for path in paths {
        match open.get(&path) {
            Some(uri) => {
                seen.insert(uri.clone());
                entries.push(Entry::Open(uri.clone()));
            }
            None => {
                if let Some(uri) = Uri::from_file_path(&path) {
                    entries.push(Entry::Disk(path, uri));
                }
            }
        }
    }
    for uri in state.open_drafts() {
        if !seen.contains(&uri) {
            entries.push(Entry::Open(uri));
        }
    }
    pass.total = entries.len();
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        if cancel.is_cancelled() {
            return None;
        }
        let f = f.clone();
        let item = match e {
            Entry::Open(uri) => {
                let Some((snap, typing)) = state.snapshot(&uri).await else {
                    continue;
                };
                tokio::task::spawn_blocking(move || f(&uri, &snap, typing))
                    .await
                    .ok()
            }
            Entry::Disk(path, uri) => {
                let (st, c) = (state.clone(), cancel.clone());
                tokio::task::spawn_blocking(move || {
                    let snap = st.disk_snapshot(&path, &c)?;
                    Stats::bump(&st.stats.pass_files);
                    Some(f(&uri, &snap, None))
                })
                .await
                .ok()
                .flatten()
            }
        };
        pass.done += 1;
        out.extend(item);
    }
    if cancel.is_cancelled() {
        return None;
    }
    pass.finished = true;
    Stats::bump(&state.stats.passes_finished);
    Some(out)
}

/// Forget what was published for a closed document, and clear it for push clients.
pub async fn unpublish(client: &Client, state: &State, uri: &Uri) {
    let mut last = state.published.lock().await;
    last.remove(uri);
    if !state.caps().pull {
        send_diagnostics(client, state, uri.clone(), Vec::new(), None).await;
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
