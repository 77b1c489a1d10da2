//! The `LanguageServer` implementation: routes each request to its module.

use super::Backend;
use super::document::{Document, Snapshot, draft_format};
use super::position::{apply_change, offset, span};
use super::state::{
    lock, publish, queue_disk, refresh, report_errors, spawn_publish, unpublish, workspace_pass,
};
use super::workspace::{split_settings, uri_path};
use super::{actions, diagnostics, hints, hover, symbols, transcripts};
use serde_json::Value;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::LanguageServer;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

/// Parameters of `copydesk/sources`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourcesParams {
    pub text_document: TextDocumentIdentifier,
}

fn full_report(items: Vec<Diagnostic>) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        },
    ))
}

impl Backend {
    /// `copydesk/sources`: the `copydesk sources --format json` object for a document.
    pub async fn sources(&self, p: SourcesParams) -> Result<Value> {
        let uri = p.text_document.uri;
        let file = uri_path(&uri)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| uri.as_str().to_string());
        if let Some((snap, _)) = self.state.snapshot(&uri).await {
            return Ok(crate::output::sources_json_with(
                &file,
                &snap.analysis,
                &snap.verifications,
            ));
        }
        let disk = match uri_path(&uri) {
            Some(p) => self.state.disk_snapshot_async(p).await,
            None => None,
        };
        match disk {
            Some(snap) => Ok(crate::output::sources_json_with(
                &file,
                &snap.analysis,
                &snap.verifications,
            )),
            None => Err(Error::invalid_params(format!(
                "{} is not an open draft or a draft on disk",
                uri.as_str()
            ))),
        }
    }

    /// An open draft's snapshot, or a "not a draft" answer.
    async fn snap(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.state.snapshot(uri).await.map(|(s, _)| s)
    }

    /// The cursor moved to `at`; republish if that ended the typing state.
    async fn cursor(&self, uri: &Uri, snap: &Snapshot, at: usize) {
        if self.state.cursor_at(uri, snap, at) {
            spawn_publish(&self.client, &self.state, uri);
            refresh(&self.client, &self.state, false).await;
        }
    }

    async fn republish_all(&self) {
        for uri in self.state.open_drafts() {
            spawn_publish(&self.client, &self.state, &uri);
        }
        report_errors(&self.client, &self.state).await;
    }
}

/// The error answer of a workspace request that a newer one of the same kind superseded
/// (LSP `ServerCancelled`; the newer request carries the answer, so no retrigger).
fn superseded() -> Error {
    Error {
        code: tower_lsp_server::jsonrpc::ErrorCode::ServerError(-32802),
        message: "superseded by a newer request".into(),
        data: Some(serde_json::json!({"retriggerRequest": false})),
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, p: InitializeParams) -> Result<InitializeResult> {
        let c = &p.capabilities;
        let ws = c.workspace.as_ref();
        let encoding = super::position::Encoding::negotiate(
            c.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let mut folders: Vec<std::path::PathBuf> = p
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| uri_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if folders.is_empty() {
            folders.extend(p.root_uri.as_ref().and_then(uri_path));
        }
        let (settings, debounce) = p
            .initialization_options
            .as_ref()
            .map(split_settings)
            .unwrap_or((None, None));
        {
            let mut caps = lock(&self.state.caps);
            caps.encoding = encoding;
            caps.refresh_diagnostics = ws
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
            // Pull only when the client can also be asked to pull again: held-back
            // findings (quiet while typing) and config changes need a refresh. Clients
            // that pull without refresh support (Neovim 0.10/0.11) get pushes.
            caps.pull = caps.refresh_diagnostics
                && c.text_document
                    .as_ref()
                    .is_some_and(|t| t.diagnostic.is_some());
            caps.refresh_inlay_hints = ws
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
            caps.refresh_code_lens = ws
                .and_then(|w| w.code_lens.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
            caps.watch_dynamic = ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            caps.configuration = ws.and_then(|w| w.configuration).unwrap_or(false);
            if let Some(ms) = debounce {
                caps.debounce = Duration::from_millis(ms);
            }
        }
        {
            let mut w = lock(&self.state.ws);
            w.folders = folders;
            w.settings = settings;
        }
        let pull = self.state.caps().pull;
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "copydesk".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::new(actions::FIX_ALL),
                        ]),
                        resolve_provider: Some(false),
                        ..Default::default()
                    },
                )),
                inlay_hint_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some(diagnostics::SOURCE.into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: true,
                        ..Default::default()
                    })
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..Default::default()
            },
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        transcripts::ensure_folders(&self.client, &self.state);
        if !self.state.caps().watch_dynamic {
            return;
        }
        let globs = lock(&self.state.ws).watch_globs();
        let watchers: Vec<FileSystemWatcher> = globs
            .into_iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let reg = Registration {
            id: "copydesk-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![reg]).await {
            tracing::warn!("could not register file watchers: {e}");
        }
        report_errors(&self.client, &self.state).await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, p: DidOpenTextDocumentParams) {
        let d = p.text_document;
        let format = draft_format(&d.uri, Some(&d.language_id));
        lock(&self.state.docs).insert(d.uri.clone(), Document::new(&d.text, d.version, format));
        if format.is_some() {
            transcripts::ensure(&self.client, &self.state, &d.uri);
        }
        self.state.changed.notify_waiters();
        spawn_publish(&self.client, &self.state, &d.uri);
        // Configuration errors go out after the first diagnostics when those are pushed
        // (the publication reports them).
        if format.is_none() || self.state.caps().pull {
            report_errors(&self.client, &self.state).await;
        }
    }

    async fn did_change(&self, p: DidChangeTextDocumentParams) {
        let uri = p.text_document.uri;
        let enc = self.state.encoding();
        // Applied before the first `.await`: changes land in arrival order.
        let generation = {
            let mut docs = lock(&self.state.docs);
            let Some(d) = docs.get_mut(&uri) else {
                tracing::warn!("change to a document that is not open: {}", uri.as_str());
                return;
            };
            let mut at = 0;
            for c in &p.content_changes {
                at = apply_change(&mut d.rope, c.range, &c.text, enc);
            }
            d.version = p.text_document.version;
            tracing::debug!(target: "copydesk::timing", "didChange v{}", d.version);
            // Freeing a large draft's analysis takes milliseconds (1–3 ms at 100k
            // words): not here, ahead of the new version's analysis, but on a blocking
            // thread alongside it (the engine's part runs on one core).
            if let Some(old) = d.snapshot.take() {
                tokio::task::spawn_blocking(move || drop(old));
            }
            d.generation += 1;
            d.typing = Some(super::document::Typing {
                at,
                generation: d.generation,
            });
            d.generation
        };
        // The analysis of the older version stops at its next check; the newest wins.
        self.state.supersede(&uri);
        self.state.changed.notify_waiters();
        spawn_publish(&self.client, &self.state, &uri);
        tracing::debug!(target: "copydesk::timing", "didChange handled");
        let (client, state) = (self.client.clone(), self.state.clone());
        let delay = state.caps().debounce;
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            if state.end_typing(&uri, Some(generation)) {
                publish(&client, &state, &uri).await;
                refresh(&client, &state, false).await;
            }
        });
    }

    async fn did_close(&self, p: DidCloseTextDocumentParams) {
        let uri = p.text_document.uri;
        lock(&self.state.docs).remove(&uri);
        self.state.supersede(&uri);
        unpublish(&self.client, &self.state, &uri).await;
    }

    async fn did_change_configuration(&self, p: DidChangeConfigurationParams) {
        let mut settings = p.settings;
        let empty = settings.is_null() || settings.as_object().is_some_and(|o| o.is_empty());
        if empty && self.state.caps().configuration {
            let item = ConfigurationItem {
                scope_uri: None,
                section: Some("copydesk".into()),
            };
            if let Ok(mut v) = self.client.configuration(vec![item]).await {
                settings = v.pop().unwrap_or(Value::Null);
            }
        }
        let (cfg, debounce) = split_settings(&settings);
        lock(&self.state.ws).settings = cfg;
        if let Some(ms) = debounce {
            lock(&self.state.caps).debounce = Duration::from_millis(ms);
        }
        self.state.invalidate();
        // The `transcripts` globs may have changed.
        transcripts::clear(&self.state);
        transcripts::ensure_folders(&self.client, &self.state);
        for uri in self.state.open_drafts() {
            transcripts::ensure(&self.client, &self.state, &uri);
        }
        self.state.changed.notify_waiters();
        self.republish_all().await;
        refresh(&self.client, &self.state, true).await;
    }

    async fn did_change_workspace_folders(&self, p: DidChangeWorkspaceFoldersParams) {
        {
            let mut w = lock(&self.state.ws);
            let removed: Vec<_> = p
                .event
                .removed
                .iter()
                .filter_map(|f| uri_path(&f.uri))
                .collect();
            w.folders.retain(|f| !removed.contains(f));
            for f in p.event.added.iter().filter_map(|f| uri_path(&f.uri)) {
                if !w.folders.contains(&f) {
                    w.folders.push(f);
                }
            }
        }
        transcripts::ensure_folders(&self.client, &self.state);
        self.state.changed.notify_waiters();
        refresh(&self.client, &self.state, false).await;
    }

    async fn did_change_watched_files(&self, p: DidChangeWatchedFilesParams) {
        let mut config_changed = false;
        let mut drafts = Vec::new();
        for ch in &p.changes {
            let Some(path) = uri_path(&ch.uri) else {
                continue;
            };
            if path
                .file_name()
                .is_some_and(|n| n == crate::config::FILE_NAME)
            {
                config_changed = true;
            } else {
                drafts.push(path);
            }
        }
        let reindexed = transcripts::files_changed(&self.client, &self.state, &drafts);
        if config_changed {
            self.state.invalidate();
            transcripts::clear(&self.state);
            transcripts::ensure_folders(&self.client, &self.state);
            for uri in self.state.open_drafts() {
                transcripts::ensure(&self.client, &self.state, &uri);
            }
            self.republish_all().await;
        }
        if reindexed {
            // The new indexes re-check the drafts when they are ready.
            drafts.retain(|p| !lock(&self.state.ws).is_transcript(p));
        }
        drafts.retain(|path| lock(&self.state.ws).is_draft(path) || !path.exists());
        queue_disk(&self.client, &self.state, drafts);
        self.state.changed.notify_waiters();
        refresh(&self.client, &self.state, config_changed).await;
    }

    async fn diagnostic(
        &self,
        p: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = p.text_document.uri;
        let enc = self.state.encoding();
        let items = match self.state.snapshot(&uri).await {
            Some((snap, typing)) => diagnostics::diagnostics(&snap, typing, &uri, enc),
            None => match uri_path(&uri) {
                Some(p) => match self.state.disk_snapshot_async(p).await {
                    Some(snap) => diagnostics::diagnostics(&snap, None, &uri, enc),
                    None => Vec::new(),
                },
                None => Vec::new(),
            },
        };
        Ok(full_report(items))
    }

    async fn workspace_diagnostic(
        &self,
        p: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let enc = self.state.encoding();
        let previous: std::collections::HashMap<Uri, String> = p
            .previous_result_ids
            .into_iter()
            .map(|r| (r.uri, r.value))
            .collect();
        // When nothing changed since the client's last report, wait for a change (or a
        // while) instead of answering at once: clients re-request right after an answer.
        // Off the request loop, a draft at a time; a newer workspace/diagnostic request
        // supersedes this one, and `$/cancelRequest` stops it.
        let cancel = self.state.begin_pass("workspace/diagnostic");
        for round in 0..2 {
            let changed = self.state.changed.notified();
            let reports = workspace_pass(&self.state, &cancel, move |uri, snap, typing| {
                let diags = diagnostics::diagnostics(snap, typing, uri, enc);
                let mut h = std::collections::hash_map::DefaultHasher::new();
                serde_json::to_string(&diags)
                    .unwrap_or_default()
                    .hash(&mut h);
                snap.version.hash(&mut h);
                (
                    uri.clone(),
                    snap.version,
                    diags,
                    format!("{:016x}", h.finish()),
                )
            })
            .await
            .ok_or_else(superseded)?;
            let mut items = Vec::new();
            let mut any_new = false;
            for (uri, version, diags, id) in reports {
                if previous.get(&uri) == Some(&id) {
                    items.push(WorkspaceDocumentDiagnosticReport::Unchanged(
                        WorkspaceUnchangedDocumentDiagnosticReport {
                            uri,
                            version: version.map(i64::from),
                            unchanged_document_diagnostic_report:
                                UnchangedDocumentDiagnosticReport { result_id: id },
                        },
                    ));
                } else {
                    any_new = true;
                    items.push(WorkspaceDocumentDiagnosticReport::Full(
                        WorkspaceFullDocumentDiagnosticReport {
                            uri,
                            version: version.map(i64::from),
                            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                                result_id: Some(id),
                                items: diags,
                            },
                        },
                    ));
                }
            }
            if any_new || previous.is_empty() || round == 1 {
                return Ok(WorkspaceDiagnosticReportResult::Report(
                    WorkspaceDiagnosticReport { items },
                ));
            }
            let _ = tokio::time::timeout(Duration::from_secs(30), changed).await;
            if cancel.is_cancelled() {
                return Err(superseded());
            }
        }
        unreachable!("the loop returns on its last round")
    }

    async fn hover(&self, p: HoverParams) -> Result<Option<Hover>> {
        let uri = p.text_document_position_params.text_document.uri;
        let Some(snap) = self.snap(&uri).await else {
            return Ok(None);
        };
        let enc = self.state.encoding();
        let at = offset(&snap.rope, p.text_document_position_params.position, enc);
        self.cursor(&uri, &snap, at).await;
        let found = hover::hover(&snap, at);
        let found = match (found, transcripts::hover_md(&snap, at)) {
            (Some((md, sp)), Some(t)) => Some((format!("{md}\n---\n\n{t}"), sp)),
            (None, Some(t)) => Some((t, at..at)),
            (found, None) => found,
        };
        Ok(found.map(|(md, sp)| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: md,
            }),
            range: Some(super::position::range(&snap.rope, &sp, enc)),
        }))
    }

    async fn goto_definition(
        &self,
        p: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let pp = p.text_document_position_params;
        let Some(snap) = self.snap(&pp.text_document.uri).await else {
            return Ok(None);
        };
        let enc = self.state.encoding();
        let at = offset(&snap.rope, pp.position, enc);
        Ok(transcripts::definition(&snap, at, enc).map(GotoDefinitionResponse::Scalar))
    }

    async fn code_action(&self, p: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = p.text_document.uri;
        let Some(snap) = self.snap(&uri).await else {
            return Ok(None);
        };
        let enc = self.state.encoding();
        let cursor = span(&snap.rope, p.range, enc);
        self.cursor(&uri, &snap, cursor.start).await;
        let only = p.context.only.as_deref();
        Ok(Some(actions::actions(&snap, &uri, cursor, only, enc)))
    }

    async fn inlay_hint(&self, p: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(snap) = self.snap(&p.text_document.uri).await else {
            return Ok(None);
        };
        let enc = self.state.encoding();
        let within = span(&snap.rope, p.range, enc);
        Ok(Some(hints::inlay_hints(&snap, within, enc)))
    }

    async fn code_lens(&self, p: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        Ok(self
            .snap(&p.text_document.uri)
            .await
            .map(|snap| vec![hints::code_lens(&snap)]))
    }

    async fn document_symbol(
        &self,
        p: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let enc = self.state.encoding();
        Ok(self
            .snap(&p.text_document.uri)
            .await
            .map(|snap| DocumentSymbolResponse::Nested(symbols::document_symbols(&snap, enc))))
    }

    async fn symbol(&self, p: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        let enc = self.state.encoding();
        let query = p.query;
        let cancel = self.state.begin_pass("workspace/symbol");
        let per_draft = workspace_pass(&self.state, &cancel, move |uri, snap, _| {
            let container = uri_path(uri)
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| uri.as_str().to_string());
            symbols::workspace_symbols(snap, uri, &container, &query, enc)
        })
        .await
        .ok_or_else(superseded)?;
        let out: Vec<_> = per_draft.into_iter().flatten().collect();
        Ok(Some(WorkspaceSymbolResponse::Nested(out)))
    }
}
