//! The server's stdout, shared by tower-lsp-server and the diagnostics publisher.
//!
//! tower-lsp-server turns every message it sends into a `serde_json::Value` tree first,
//! then into text. For a `publishDiagnostics` of a 100k-word draft (about 1,600
//! diagnostics, 390 KB) the tree cost about 3 ms in process and 5 ms per keystroke in
//! the server, against 0.35 ms for writing the same notification straight to text. So
//! `copydesk lsp` publishes diagnostics itself: [`Output::send`] queues the finished
//! frame (`Content-Length` header and body), and tower-lsp-server writes into a
//! [`TowerSide`] that queues each of its frames whole, in the order they are complete.
//! One writer task ([`Output::run`]) copies the queue to stdout, so frames never
//! interleave. Both sides wait while more than [`LIMIT`] bytes are queued (a client
//! that stops reading stops the server's writing, as it did before).
//!
//! Only the stdio server has an `Output`; in-process (tests) the publisher sends
//! through tower-lsp-server's `Client` as before ([`super::state::State::output`]).

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::Notify;
use tower_lsp_server::ls_types::notification::Notification;

/// Bytes queued above which writers wait for the writer task.
pub const LIMIT: usize = 8 << 20;

#[derive(Default)]
struct Queue {
    buf: Vec<u8>,
    closed: bool,
    /// tower-lsp-server's writer, waiting for room.
    waiting: Option<Waker>,
}

#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    /// Something was queued (or the output closed).
    ready: Notify,
    /// The writer task emptied the queue.
    drained: Notify,
}

/// The publisher's handle on stdout (cheap to clone).
#[derive(Clone, Default)]
pub struct Output {
    shared: Arc<Shared>,
}

/// What tower-lsp-server writes into: whole frames go to the shared queue, a frame's
/// first bytes wait here until the rest arrives.
pub struct TowerSide {
    shared: Arc<Shared>,
    partial: Vec<u8>,
}

fn lock(m: &Mutex<Queue>) -> std::sync::MutexGuard<'_, Queue> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// One LSP frame: the header and `body`.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// A notification's frame, written straight to text.
pub fn notification<N: Notification>(params: &N::Params) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Message<'a, P> {
        jsonrpc: &'static str,
        method: &'static str,
        params: &'a P,
    }
    let body = serde_json::to_vec(&Message {
        jsonrpc: "2.0",
        method: N::METHOD,
        params,
    })
    .expect("notification params serialize");
    frame(&body)
}

/// The length of the first complete frame at the start of `buf`, if it holds one. A
/// header without a `Content-Length` (never written by tower-lsp-server) counts as a
/// frame of its own, so bytes are never held back for good.
fn complete(buf: &[u8]) -> Option<usize> {
    let end = memchr::memmem::find(buf, b"\r\n\r\n")? + 4;
    let header = std::str::from_utf8(&buf[..end]).ok();
    let length = header.and_then(|h| {
        h.split("\r\n").find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())
                .flatten()
        })
    });
    match length {
        Some(n) => (buf.len() >= end + n).then_some(end + n),
        None => Some(end),
    }
}

impl Output {
    /// A new output and the writer to hand to tower-lsp-server.
    pub fn new() -> (Output, TowerSide) {
        let out = Output::default();
        let tower = TowerSide {
            shared: out.shared.clone(),
            partial: Vec::new(),
        };
        (out, tower)
    }

    /// Queue one whole frame ([`frame`]) after everything queued so far.
    pub async fn send(&self, frame: Vec<u8>) {
        let s = &self.shared;
        loop {
            let drained = s.drained.notified();
            tokio::pin!(drained);
            drained.as_mut().enable();
            {
                let mut q = lock(&s.queue);
                if q.closed {
                    return;
                }
                if q.buf.len() < LIMIT {
                    q.buf.extend_from_slice(&frame);
                    drop(q);
                    s.ready.notify_one();
                    return;
                }
            }
            drained.await;
        }
    }

    /// No more frames: [`Output::run`] returns once the queue is written.
    pub fn close(&self) {
        lock(&self.shared.queue).closed = true;
        self.shared.ready.notify_one();
    }

    /// Copy the queue to `w` until [`Output::close`] (or a write error: the client is
    /// gone).
    pub async fn run(&self, mut w: impl AsyncWrite + Unpin) {
        let s = &self.shared;
        let mut spare = Vec::new();
        loop {
            let ready = s.ready.notified();
            tokio::pin!(ready);
            ready.as_mut().enable();
            let (closed, waiting) = {
                let mut q = lock(&s.queue);
                std::mem::swap(&mut q.buf, &mut spare);
                (q.closed, q.waiting.take())
            };
            if !spare.is_empty() {
                s.drained.notify_waiters();
                if let Some(w) = waiting {
                    w.wake();
                }
                let written = w.write_all(&spare).await.and(w.flush().await);
                spare.clear();
                if written.is_err() {
                    lock(&s.queue).closed = true;
                    s.drained.notify_waiters();
                    return;
                }
                continue;
            }
            if let Some(w) = waiting {
                w.wake();
            }
            if closed {
                return;
            }
            ready.await;
        }
    }
}

impl AsyncWrite for TowerSide {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let mut q = lock(&this.shared.queue);
        if q.closed {
            return Poll::Ready(Err(io::ErrorKind::BrokenPipe.into()));
        }
        if q.buf.len() >= LIMIT {
            q.waiting = Some(cx.waker().clone());
            return Poll::Pending;
        }
        this.partial.extend_from_slice(buf);
        let mut start = 0;
        while let Some(n) = complete(&this.partial[start..]) {
            start += n;
        }
        if start > 0 {
            q.buf.extend_from_slice(&this.partial[..start]);
            this.partial.drain(..start);
            drop(q);
            this.shared.ready.notify_one();
        }
        Poll::Ready(Ok(buf.len()))
    }

    /// Queued frames count as flushed: [`Output::run`] writes them in order, and
    /// `run_stdio` waits for it before the process ends.
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bodies of the frames in `bytes`, in order; panics on a broken frame.
    fn bodies(bytes: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = bytes;
        while !rest.is_empty() {
            let n = complete(rest).expect("a whole frame");
            let body_at = memchr::memmem::find(rest, b"\r\n\r\n").unwrap() + 4;
            out.push(String::from_utf8(rest[body_at..n].to_vec()).unwrap());
            rest = &rest[n..];
        }
        out
    }

    #[test]
    fn frames_from_both_sides_stay_whole_and_in_order() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            let (out, mut tower) = Output::new();
            let a = frame(br#"{"id":1,"result":"first"}"#);
            let big = format!(r#"{{"method":"big","params":"{}"}}"#, "x".repeat(70_000));
            let b = frame(big.as_bytes());
            let c = frame(r#"{"id":2,"result":"“ü”"}"#.as_bytes());
            // tower-lsp-server's frames arrive in pieces of every size, one split inside
            // the header; the publisher's frame lands between two of them.
            let mut tower_bytes = a.clone();
            tower_bytes.extend_from_slice(&c);
            let cut = a.len() + 7;
            tower.write_all(&tower_bytes[..5]).await.unwrap();
            tower.write_all(&tower_bytes[5..cut]).await.unwrap();
            out.send(b.clone()).await;
            tower.write_all(&tower_bytes[cut..]).await.unwrap();
            out.close();
            let mut written = Vec::new();
            out.run(&mut written).await;
            assert_eq!(
                bodies(&written),
                vec![
                    r#"{"id":1,"result":"first"}"#.to_string(),
                    big,
                    r#"{"id":2,"result":"“ü”"}"#.to_string(),
                ]
            );
        });
    }

    /// The notification written straight to text is the one tower-lsp-server would
    /// send (its `Value` tree, then text): same JSON.
    #[test]
    fn a_notification_is_what_the_client_would_send() {
        use tower_lsp_server::ls_types::notification::PublishDiagnostics;
        use tower_lsp_server::ls_types::*;
        let uri: Uri = "file:///tmp/d%C3%BC.md".parse().unwrap();
        let at = |l, c| Position::new(l, c);
        let diag = Diagnostic {
            range: Range::new(at(3, 1), at(3, 9)),
            severity: Some(DiagnosticSeverity::WARNING),
            code: Some(NumberOrString::String("anonymous-source".into())),
            source: Some("copydesk".into()),
            message: "Unnamed “A spokesperson”\n: \"x\"".into(),
            related_information: Some(vec![DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), Range::new(at(0, 0), at(0, 4))),
                message: "first".into(),
            }]),
            tags: Some(vec![DiagnosticTag::UNNECESSARY]),
            ..Diagnostic::default()
        };
        let params = PublishDiagnosticsParams::new(uri, vec![diag.clone(), diag], Some(7));
        let f = notification::<PublishDiagnostics>(&params);
        let body = &f[memchr::memmem::find(&f, b"\r\n\r\n").unwrap() + 4..];
        assert_eq!(complete(&f), Some(f.len()));
        let ours: serde_json::Value = serde_json::from_slice(body).unwrap();
        let theirs = serde_json::json!({
            "jsonrpc": "2.0",
            "method": "textDocument/publishDiagnostics",
            "params": serde_json::to_value(&params).unwrap(),
        });
        assert_eq!(ours, theirs);
    }

    #[test]
    fn a_frame_is_whole_only_with_its_body() {
        let f = frame(b"{}");
        assert_eq!(complete(&f), Some(f.len()));
        assert_eq!(complete(&f[..f.len() - 1]), None);
        assert_eq!(complete(b"Content-Length: 2\r\n"), None);
        // Not a header tower-lsp-server writes, but it is passed on, not held.
        assert_eq!(complete(b"X: y\r\n\r\n{}"), Some(8));
    }
}
