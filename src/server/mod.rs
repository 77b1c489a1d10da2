//! `copydesk lsp`: the language server. The only layer that knows LSP, ropey and tokio.
//!
//! - [`position`]: positions ↔ byte offsets (UTF-8 or UTF-16, O(log n) through ropey).
//! - [`document`]: open documents, incremental sync, per-version analysis snapshots.
//! - [`state`]: shared state and the ordered publishing of diagnostics.
//! - [`diagnostics`]: findings → diagnostics, and quiet-while-typing.
//! - [`hover`], [`actions`], [`hints`] (inlay hints, code lens), [`symbols`].
//! - [`workspace`]: folders, configuration and settings, drafts on disk; which files
//!   may be read ([`workspace::Workspace::readable`]).
//! - [`transcripts`]: background transcript indexes, go to definition and hover for
//!   quotations.
//! - [`output`]: stdout shared by tower-lsp-server and the diagnostics publisher.
//! - [`guard`]: panics are caught per request and logged; the server keeps serving.
//!
//! Nothing here writes to stdout but the protocol: logs go to stderr through `tracing`.

#![deny(clippy::print_stdout)]

pub mod actions;
pub mod diagnostics;
pub mod document;
pub mod guard;
pub mod hints;
pub mod hover;
mod lsp;
pub mod output;
pub mod position;
pub mod state;
pub mod symbols;
pub mod transcripts;
pub mod workspace;

use state::State;
use std::sync::Arc;
use tower_lsp_server::{Client, LspService, Server};

/// The language server: a client handle and the shared state.
pub struct Backend {
    client: Client,
    state: Arc<State>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend::with_state(client, Arc::new(State::default()))
    }

    fn with_state(client: Client, state: Arc<State>) -> Backend {
        let _ = state.client.set(client.clone());
        Backend { client, state }
    }
}

/// How many messages tower-lsp-server handles at once (its default is 4). A request
/// that waits for an analysis or a workspace pass holds one slot until answered, and a
/// message beyond the limit is not even read, so a `didChange` or `$/cancelRequest`
/// could wait behind four slow requests; handlers do no blocking work themselves.
pub const CONCURRENCY: usize = 64;

/// The service with every standard and custom method (`copydesk/sources`), with panics
/// caught per request ([`guard`]).
pub fn service() -> (
    guard::Guarded<LspService<Backend>>,
    tower_lsp_server::ClientSocket,
) {
    let (service, socket, _) = service_with_state();
    (service, socket)
}

/// [`service`] and the server's shared state (the tests read its counters,
/// [`state::Stats`]).
pub fn service_with_state() -> (
    guard::Guarded<LspService<Backend>>,
    tower_lsp_server::ClientSocket,
    Arc<State>,
) {
    let state = Arc::new(State::default());
    let shared = state.clone();
    let (service, socket) = LspService::build(move |client| Backend::with_state(client, shared))
        .custom_method("copydesk/sources", Backend::sources)
        .custom_method(guard::INVALID_REQUEST, Backend::invalid_request)
        .finish();
    (guard::Guarded(service), socket, state)
}

/// Keep the allocator to one arena (glibc). glibc gives threads that allocate their own
/// malloc arenas; the analyses run on a blocking thread while the snapshots are dropped
/// and the diagnostics built on the runtime's threads, and each arena keeps its own peak,
/// so with a 100k-word draft open the server's peak RSS was about 75 MB with the default
/// arenas and about 31 MB with one (`examples/lsp_bench.rs`). Call before the runtime
/// starts its threads.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn one_malloc_arena() {
    /// `M_ARENA_MAX` in glibc's `<malloc.h>`.
    const M_ARENA_MAX: i32 = -8;
    unsafe extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    // SAFETY: `mallopt` only sets an allocator parameter; it is called once, before the
    // runtime's threads exist.
    unsafe {
        mallopt(M_ARENA_MAX, 1);
    }
}

/// Keep the allocator to one arena (nothing to do outside glibc).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn one_malloc_arena() {}

/// Serve LSP on stdin/stdout until the client says `exit`. Logs go to stderr
/// (`COPYDESK_LOG=debug` for more).
pub async fn run_stdio() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("COPYDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
    let (service, socket, state) = service_with_state();
    let (out, tower_side) = output::Output::new();
    let _ = state.output.set(out.clone());
    let writer = {
        let out = out.clone();
        tokio::spawn(async move { out.run(tokio::io::stdout()).await })
    };
    Server::new(guard::checked_input(tokio::io::stdin()), tower_side, socket)
        .concurrency_level(CONCURRENCY)
        .serve(service)
        .await;
    // Everything queued (the answer to `shutdown`, a last publication) is written before
    // the process ends.
    out.close();
    let _ = writer.await;
}
