//! `copydesk lsp`: the language server. The only layer that knows LSP, ropey and tokio.
//!
//! - [`position`]: positions ↔ byte offsets (UTF-8 or UTF-16, O(log n) through ropey).
//! - [`document`]: open documents, incremental sync, per-version analysis snapshots.
//! - [`state`]: shared state and the ordered publishing of diagnostics.
//! - [`diagnostics`]: findings → diagnostics, and quiet-while-typing.
//! - [`hover`], [`actions`], [`hints`] (inlay hints, code lens), [`symbols`].
//! - [`workspace`]: folders, configuration and settings, drafts on disk; which files
//!   may be read ([`workspace::Workspace::readable`]).
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
pub mod position;
pub mod state;
pub mod symbols;
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
        Backend {
            client,
            state: Arc::new(State::default()),
        }
    }
}

/// The service with every standard and custom method (`copydesk/sources`), with panics
/// caught per request ([`guard`]).
pub fn service() -> (
    guard::Guarded<LspService<Backend>>,
    tower_lsp_server::ClientSocket,
) {
    let (service, socket) = LspService::build(Backend::new)
        .custom_method("copydesk/sources", Backend::sources)
        .custom_method(guard::INVALID_REQUEST, Backend::invalid_request)
        .finish();
    (guard::Guarded(service), socket)
}

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
    let (service, socket) = service();
    Server::new(
        guard::checked_input(tokio::io::stdin()),
        tokio::io::stdout(),
        socket,
    )
    .serve(service)
    .await;
}
