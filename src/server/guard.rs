//! Panics are caught per request: a [`Guarded`] service wraps the whole LSP service, so a
//! panic in any handler (or in parsing its parameters) becomes a JSON-RPC `InternalError`
//! answer for a request, or a logged and dropped notification, and the server keeps
//! serving. Each panic is logged to stderr with the method, the request id, the document
//! and the panic message.
//!
//! Malformed input on the wire is filtered before tower-lsp-server sees it
//! ([`checked_input`]): its decoder ends the session at the first body that is not a
//! JSON-RPC message, so one garbled message would otherwise stop the server.
//!
//! The engine runs under its own `catch_unwind` too ([`super::document::Snapshot`]);
//! shared state survives a panic because its mutexes recover from poisoning
//! ([`super::state::lock`]).

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_service::Service;

/// The method a request that is not valid JSON-RPC is rewritten to (it answers
/// `InvalidRequest` with the request's id).
pub const INVALID_REQUEST: &str = "copydesk/invalidRequest";

/// Largest message body accepted (a draft of hundreds of megabytes is not a draft).
const MAX_BODY: usize = 256 << 20;

/// What to do with one message body.
fn vet(body: &[u8]) -> Result<(), (Option<serde_json::Value>, String)> {
    if serde_json::from_slice::<Request>(body).is_ok()
        || serde_json::from_slice::<Response>(body).is_ok()
    {
        return Ok(());
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Err(e) => Err((None, format!("not JSON: {e}"))),
        Ok(v) => {
            let id = v
                .get("id")
                .filter(|i| i.is_string() || i.is_i64() || i.is_u64())
                .cloned();
            Err((
                id,
                "not a JSON-RPC 2.0 request, notification or response".into(),
            ))
        }
    }
}

/// Frame the messages of `input` afresh, keeping only valid JSON-RPC messages: a body
/// that is not JSON, or a header without `Content-Length`, is logged and skipped; a
/// message that is JSON with an id but not a valid request becomes a request for
/// [`INVALID_REQUEST`], so the client gets an `InvalidRequest` error for its id.
pub fn checked_input<R>(input: R) -> tokio::io::DuplexStream
where
    R: AsyncRead + Unpin + Send + 'static,
{
    let (mut tx, rx) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let mut r = tokio::io::BufReader::new(input);
        loop {
            let mut len: Option<usize> = None;
            let mut headers = 0;
            loop {
                let mut line = Vec::new();
                match r.read_until(b'\n', &mut line).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let line = String::from_utf8_lossy(&line);
                let line = line.trim_end_matches(['\r', '\n']);
                if line.is_empty() {
                    if headers > 0 {
                        break;
                    }
                    continue;
                }
                headers += 1;
                if let Some((k, v)) = line.split_once(':')
                    && k.trim().eq_ignore_ascii_case("content-length")
                {
                    len = v.trim().parse().ok();
                }
            }
            let Some(len) = len else {
                tracing::warn!("skipped a message without a valid Content-Length header");
                continue;
            };
            if len > MAX_BODY {
                tracing::warn!("skipped a message of {len} bytes (more than {MAX_BODY})");
                let skipped =
                    tokio::io::copy(&mut (&mut r).take(len as u64), &mut tokio::io::sink()).await;
                if skipped.map_or(true, |n| n < len as u64) {
                    return;
                }
                continue;
            }
            let mut body = vec![0; len];
            if r.read_exact(&mut body).await.is_err() {
                return;
            }
            let body = match vet(&body) {
                Ok(()) => body,
                Err((Some(id), why)) => {
                    tracing::warn!("invalid request (id {id}): {why}");
                    serde_json::to_vec(&serde_json::json!({
                        "jsonrpc": "2.0", "id": id, "method": INVALID_REQUEST,
                        "params": {"reason": why},
                    }))
                    .unwrap_or_default()
                }
                Err((None, why)) => {
                    tracing::warn!("skipped a message that is {why}");
                    continue;
                }
            };
            let head = format!("Content-Length: {}\r\n\r\n", body.len());
            if tx.write_all(head.as_bytes()).await.is_err() || tx.write_all(&body).await.is_err() {
                return;
            }
        }
    });
    rx
}

/// Parameters of [`INVALID_REQUEST`].
#[derive(Debug, serde::Deserialize)]
pub struct InvalidParams {
    pub reason: String,
}

impl super::Backend {
    /// The answer to a request that was not valid JSON-RPC ([`checked_input`]).
    pub async fn invalid_request(&self, p: InvalidParams) -> tower_lsp_server::jsonrpc::Result<()> {
        Err(Error {
            code: ErrorCode::InvalidRequest,
            message: format!("invalid request: {}", p.reason).into(),
            data: None,
        })
    }
}

/// A service that turns panics of the wrapped service into errors.
#[derive(Debug)]
pub struct Guarded<S>(pub S);

/// What a panic was doing: for the log line and the error answer.
#[derive(Debug, Clone)]
struct Context_ {
    method: String,
    id: Option<Id>,
    uri: Option<String>,
}

impl Context_ {
    fn of(req: &Request) -> Context_ {
        let uri = req
            .params()
            .and_then(|p| p.get("textDocument"))
            .and_then(|d| d.get("uri"))
            .and_then(|u| u.as_str())
            .map(str::to_string);
        Context_ {
            method: req.method().to_string(),
            id: req.id().cloned(),
            uri,
        }
    }

    /// Log the panic; for a request, the error answer.
    fn answer(&self, payload: Box<dyn Any + Send>) -> Option<Response> {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        tracing::error!(
            method = %self.method,
            id = ?self.id,
            uri = self.uri.as_deref().unwrap_or("-"),
            "panic while handling {}: {msg}; the server goes on",
            self.method
        );
        self.id.clone().map(|id| {
            let mut e = Error::internal_error();
            e.message = format!("copydesk: internal error in {}: {msg}", self.method).into();
            Response::from_error(id, e)
        })
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> Service<Request> for Guarded<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let ctx = Context_::of(&req);
        let fut = match catch_unwind(AssertUnwindSafe(|| self.0.call(req))) {
            Ok(f) => f,
            Err(p) => {
                let answer = ctx.answer(p);
                return Box::pin(async move { Ok(answer) });
            }
        };
        Box::pin(async move {
            let mut fut = std::pin::pin!(fut);
            let run = std::future::poll_fn(|cx| {
                match catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(cx))) {
                    Ok(Poll::Pending) => Poll::Pending,
                    Ok(Poll::Ready(r)) => Poll::Ready(Ok(r)),
                    Err(p) => Poll::Ready(Err(p)),
                }
            })
            .await;
            match run {
                Ok(r) => r,
                Err(p) => Ok(ctx.answer(p)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};
    use tower_lsp_server::jsonrpc::Result;
    use tower_lsp_server::ls_types::*;
    use tower_lsp_server::{LanguageServer, LspService};

    /// A server whose hover panics on line 13 and whose didOpen panics for `bad:` URIs.
    struct Fragile;

    impl LanguageServer for Fragile {
        async fn initialize(&self, _: InitializeParams) -> Result<InitializeResult> {
            Ok(InitializeResult::default())
        }
        async fn shutdown(&self) -> Result<()> {
            Ok(())
        }
        async fn did_open(&self, p: DidOpenTextDocumentParams) {
            assert!(
                p.text_document.uri.scheme().as_str() != "bad",
                "bad document"
            );
        }
        async fn hover(&self, p: HoverParams) -> Result<Option<Hover>> {
            let line = p.text_document_position_params.position.line;
            tokio::task::yield_now().await;
            if line == 13 {
                panic!("unlucky line {line}");
            }
            Ok(None)
        }
    }

    fn req(id: i64, method: &'static str, params: Value) -> Request {
        Request::build(method).id(id).params(params).finish()
    }

    fn hover(id: i64, line: u32) -> Request {
        req(
            id,
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///a.md"}, "position": {"line": line, "character": 0}}),
        )
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_an_error_and_the_server_goes_on() {
        let (service, _socket) = LspService::new(|_| Fragile);
        let mut s = Guarded(service);
        let init = req(1, "initialize", json!({"capabilities": {}}));
        let r = s.call(init).await.unwrap().unwrap();
        assert!(r.is_ok());
        let r = s.call(hover(2, 13)).await.unwrap().unwrap();
        let e = r.error().expect("an error answer");
        assert_eq!(e.code, tower_lsp_server::jsonrpc::ErrorCode::InternalError);
        assert!(e.message.contains("unlucky line 13"), "{e:?}");
        assert_eq!(r.id(), &Id::Number(2));
        // A notification that panics gets no answer; the next requests are served.
        let open = Request::build("textDocument/didOpen")
            .params(json!({"textDocument": {"uri": "bad:x", "languageId": "markdown", "version": 1, "text": ""}}))
            .finish();
        assert!(s.call(open).await.unwrap().is_none());
        for id in 3..6 {
            let r = s.call(hover(id, 1)).await.unwrap().unwrap();
            assert!(r.is_ok(), "{r:?}");
        }
    }
}
