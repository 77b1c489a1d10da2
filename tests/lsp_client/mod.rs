//! A small LSP client for the in-process tests: the real server (`copydesk::server`)
//! behind tower-lsp-server's `Server` on an in-memory duplex stream, real JSON-RPC
//! framing. Requests from the server (registerCapability, refreshes, configuration) are
//! recorded and answered with `null`.

#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, WriteHalf};
use tokio::sync::{mpsc, oneshot};

type Writer = Arc<tokio::sync::Mutex<WriteHalf<tokio::io::DuplexStream>>>;

pub struct TestClient {
    writer: Writer,
    next_id: AtomicI64,
    pending: Arc<Mutex<HashMap<i64, oneshot::Sender<Value>>>>,
    notes: mpsc::UnboundedReceiver<Value>,
    /// Requests the server sent to the client, in order.
    pub server_requests: Arc<Mutex<Vec<Value>>>,
    /// The server's shared state (its counters of background work).
    pub state: Arc<copydesk::server::state::State>,
}

async fn write(w: &Writer, msg: &Value) {
    let body = serde_json::to_string(msg).unwrap();
    let mut w = w.lock().await;
    w.write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
        .await
        .unwrap();
    w.flush().await.unwrap();
}

impl TestClient {
    pub fn start() -> TestClient {
        let (client_io, server_io) = tokio::io::duplex(1 << 22);
        let (sr, sw) = tokio::io::split(server_io);
        let (service, socket, state) = copydesk::server::service_with_state();
        tokio::spawn(
            tower_lsp_server::Server::new(sr, sw, socket)
                .concurrency_level(copydesk::server::CONCURRENCY)
                .serve(service),
        );
        let (cr, cw) = tokio::io::split(client_io);
        let writer: Writer = Arc::new(tokio::sync::Mutex::new(cw));
        let pending: Arc<Mutex<HashMap<i64, oneshot::Sender<Value>>>> = Default::default();
        let server_requests: Arc<Mutex<Vec<Value>>> = Default::default();
        let (tx, notes) = mpsc::unbounded_channel();
        let (w, p, sreq) = (writer.clone(), pending.clone(), server_requests.clone());
        tokio::spawn(async move {
            let mut r = BufReader::new(cr);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("Content-Length")];
                r.read_exact(&mut body).await.unwrap();
                let msg: Value = serde_json::from_slice(&body).unwrap();
                if msg.get("method").is_some() && msg.get("id").is_some() {
                    sreq.lock().unwrap().push(msg.clone());
                    let result = if msg["method"] == "workspace/configuration" {
                        json!([null])
                    } else {
                        Value::Null
                    };
                    write(
                        &w,
                        &json!({"jsonrpc": "2.0", "id": msg["id"], "result": result}),
                    )
                    .await;
                } else if msg.get("method").is_some() {
                    let _ = tx.send(msg);
                } else if let Some(id) = msg["id"].as_i64()
                    && let Some(s) = p.lock().unwrap().remove(&id)
                {
                    let _ = s.send(msg);
                }
            }
        });
        TestClient {
            writer,
            next_id: AtomicI64::new(1),
            pending,
            notes,
            server_requests,
            state,
        }
    }

    /// The whole response object (`result` or `error`).
    pub async fn request_raw(&self, method: &str, params: Value) -> Value {
        let (_, rx) = self.send(method, params).await;
        tokio::time::timeout(Duration::from_secs(20), rx)
            .await
            .expect("response in time")
            .unwrap()
    }

    /// Send a request without waiting: its id and where its response will arrive.
    pub async fn send(&self, method: &str, params: Value) -> (i64, oneshot::Receiver<Value>) {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(id, tx);
        write(
            &self.writer,
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        )
        .await;
        (id, rx)
    }

    pub async fn request(&self, method: &str, params: Value) -> Value {
        let r = self.request_raw(method, params).await;
        assert!(r.get("error").is_none(), "{method}: {r}");
        r["result"].clone()
    }

    pub async fn notify(&self, method: &str, params: Value) {
        write(
            &self.writer,
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        )
        .await;
    }

    /// The next notification with this method (others are dropped), or None on timeout.
    pub async fn next(&mut self, method: &str, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match tokio::time::timeout(left, self.notes.recv()).await {
                Ok(Some(n)) if n["method"] == method => return Some(n["params"].clone()),
                Ok(Some(_)) => continue,
                _ => return None,
            }
        }
    }

    /// The next publishDiagnostics for `uri`.
    pub async fn diagnostics(&mut self, uri: &str) -> Value {
        loop {
            let p = self
                .next("textDocument/publishDiagnostics", Duration::from_secs(10))
                .await
                .expect("publishDiagnostics");
            if p["uri"] == uri {
                return p;
            }
        }
    }

    pub async fn initialize(
        &self,
        capabilities: Value,
        options: Value,
        folders: &[String],
    ) -> Value {
        let folders: Vec<Value> = folders
            .iter()
            .map(|u| json!({"uri": u, "name": "ws"}))
            .collect();
        let r = self
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "capabilities": capabilities,
                    "initializationOptions": options,
                    "workspaceFolders": if folders.is_empty() { Value::Null } else { json!(folders) },
                }),
            )
            .await;
        self.notify("initialized", json!({})).await;
        r
    }

    pub async fn open(&self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        )
        .await;
    }

    pub fn server_methods(&self) -> Vec<String> {
        self.server_requests
            .lock()
            .unwrap()
            .iter()
            .map(|r| r["method"].as_str().unwrap_or("").to_string())
            .collect()
    }
}
