//! The real binary (`copydesk lsp`) over stdio: raw framing, a reader thread, requests
//! answered in order. Used where the in-process client (tests/lsp_client) cannot go:
//! raw bytes on the wire, process memory, stderr.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// One Content-Length framed message.
pub fn frame(v: &Value) -> Vec<u8> {
    let b = v.to_string();
    format!("Content-Length: {}\r\n\r\n{b}", b.len()).into_bytes()
}

/// Read framed messages from the server's stdout into a channel.
fn reader(out: impl Read + Send + 'static) -> mpsc::Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(out);
        loop {
            let mut len = None;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
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
            if r.read_exact(&mut body).is_err() {
                return;
            }
            let msg: Value = serde_json::from_slice(&body).expect("a JSON body");
            if tx.send(msg).is_err() {
                return;
            }
        }
    });
    rx
}

pub struct Session {
    pub child: Child,
    stdin: Option<std::process::ChildStdin>,
    rx: mpsc::Receiver<Value>,
    next_id: i64,
    /// Notifications from the server, in order.
    pub notes: Vec<Value>,
    pub stderr: PathBuf,
}

impl Session {
    /// Start `copydesk lsp` with stderr going to `dir/stderr.log`.
    pub fn start(dir: &Path) -> Session {
        let stderr = dir.join("stderr.log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .arg("lsp")
            .env("COPYDESK_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let rx = reader(child.stdout.take().unwrap());
        Session {
            child,
            stdin,
            rx,
            next_id: 0,
            notes: Vec::new(),
            stderr,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn raw(&mut self, bytes: &[u8]) {
        let w = self.stdin.as_mut().unwrap();
        w.write_all(bytes).unwrap();
        w.flush().unwrap();
    }

    pub fn send(&mut self, v: Value) {
        self.raw(&frame(&v));
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message that is not a server request (those are answered `null`).
    pub fn recv(&mut self, wait: Duration) -> Option<Value> {
        loop {
            let msg = self.rx.recv_timeout(wait).ok()?;
            if msg.get("id").is_some() && msg.get("method").is_some() {
                let answer = if msg["method"] == "workspace/configuration" {
                    json!([null])
                } else {
                    Value::Null
                };
                self.send(json!({"jsonrpc": "2.0", "id": msg["id"], "result": answer}));
                continue;
            }
            return Some(msg);
        }
    }

    /// Send a request; its whole answer (`result` or `error`). Notifications seen while
    /// waiting are kept in `notes`.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.answer(id)
    }

    /// Wait for the answer to request `id`.
    pub fn answer(&mut self, id: impl Into<Value>) -> Value {
        let id = id.into();
        loop {
            let msg = self
                .recv(Duration::from_secs(300))
                .unwrap_or_else(|| panic!("no answer to request {id}"));
            if msg.get("method").is_none() && msg["id"] == id {
                return msg;
            }
            self.notes.push(msg);
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.request_raw(method, params);
        assert!(r.get("error").is_none(), "{method}: {r}");
        r["result"].clone()
    }

    pub fn initialize(&mut self, options: Value, folders: Value) -> Value {
        let r = self.request(
            "initialize",
            json!({"processId": null, "capabilities": {}, "initializationOptions": options,
                   "workspaceFolders": folders}),
        );
        self.notify("initialized", json!({}));
        r
    }

    /// The last publishDiagnostics for `uri` among the notifications seen so far.
    pub fn last_diagnostics(&self, uri: &str) -> Option<Value> {
        self.notes
            .iter()
            .rev()
            .find(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri)
            .map(|n| n["params"].clone())
    }

    /// The last publishDiagnostics for `uri` seen so far, or else the next one to arrive
    /// (publishing a huge draft's diagnostics can follow the answers to requests).
    pub fn wait_diagnostics(&mut self, uri: &str) -> Option<Value> {
        if let Some(d) = self.last_diagnostics(uri) {
            return Some(d);
        }
        loop {
            let msg = self.recv(Duration::from_secs(300))?;
            let found =
                msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri;
            self.notes.push(msg);
            if found {
                return self.last_diagnostics(uri);
            }
        }
    }

    /// `shutdown` and `exit`; the process must end successfully. Returns stderr.
    pub fn finish(mut self) -> String {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status:?}");
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }
}

/// A fresh temporary folder (canonical path) for one test.
pub fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("copydesk-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d.canonicalize().unwrap()
}
