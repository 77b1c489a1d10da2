//! Hostile and broken input: each case gets a clear error or a sane result, and the
//! server keeps serving (a good request right after is answered). Wire-level garbage and
//! huge drafts go to the real binary (tests/support/stdio.rs); the rest to the
//! in-process server (tests/lsp_client).

mod lsp_client;
#[path = "support/stdio.rs"]
mod stdio;

use copydesk::config::Config;
use copydesk::engine::{Format, analyze};
use lsp_client::TestClient;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use stdio::{Session, tmpdir};

const DRAFT: &str = "“Reopen the library before winter,” Lena Ortiz said.\n\n“It is late.”\n";

fn file_uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// The server still answers a good request.
fn alive(s: &mut Session) {
    let r = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": "untitled:a.md"}}),
    );
    assert!(r.is_array(), "{r}");
}

fn no_errors_logged(stderr: &str) {
    assert!(
        !stderr.contains("ERROR") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn invalid_json_rpc_on_the_wire() {
    let dir = tmpdir("hostile-wire");
    let mut s = Session::start(&dir);
    s.initialize(Value::Null, Value::Null);
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "untitled:a.md", "languageId": "markdown", "version": 1, "text": DRAFT}}),
    );
    // Not JSON, JSON that is not a message, a request with a non-scalar id, a header
    // without Content-Length, a body that is not UTF-8: each is logged and skipped (no
    // id to answer); the session goes on.
    let bodies: [&[u8]; 5] = [
        b"{oops",
        b"[1, 2, 3]",
        b"\"just a string\"",
        b"{\"jsonrpc\": \"2.0\", \"id\": {\"x\": 1}, \"method\": \"shutdown\"}",
        b"{\"jsonrpc\": \"2.0\", \"method\": \"x\", \"params\": \"\xff\xfe\"}",
    ];
    for b in bodies {
        s.raw(format!("Content-Length: {}\r\n\r\n", b.len()).as_bytes());
        s.raw(b);
        alive(&mut s);
    }
    s.raw(b"X-Nonsense: 1\r\n\r\n");
    alive(&mut s);
    assert!(
        s.notes.iter().all(|m| m.get("error").is_none()),
        "{:?}",
        s.notes
    );
    // JSON with an id that is not a valid request (no `jsonrpc`, a method that is not a
    // string): InvalidRequest for that id.
    for (id, body) in [
        (json!(7), json!({"id": 7, "method": "textDocument/hover"})),
        (
            json!("x"),
            json!({"jsonrpc": "2.0", "id": "x", "method": 5}),
        ),
    ] {
        s.raw(&stdio::frame(&body));
        let r = s.answer(id.clone());
        assert_eq!(r["error"]["code"], -32600, "{r}");
        alive(&mut s);
    }
    // Unknown methods: a request gets MethodNotFound; a notification is ignored.
    let r = s.request_raw("copydesk/nope", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    s.notify("copydesk/nope", json!({}));
    alive(&mut s);
    // tower-lsp-server logs undecodable messages at error level; nothing panicked.
    let stderr = s.finish();
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[tokio::test]
async fn params_of_the_wrong_type() {
    let c = TestClient::start();
    c.initialize(json!({}), Value::Null, &[]).await;
    c.open("untitled:a.md", DRAFT).await;
    for (method, params) in [
        (
            "textDocument/hover",
            json!({"textDocument": {"uri": "untitled:a.md"}, "position": "here"}),
        ),
        ("textDocument/hover", json!([1, 2])),
        (
            "textDocument/codeAction",
            json!({"textDocument": {"uri": 5}, "range": null}),
        ),
        (
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": "untitled:a.md"}, "range": {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 0}}}),
        ),
        ("workspace/symbol", json!({"query": 42})),
        ("copydesk/sources", json!({"textDocument": "untitled:a.md"})),
        ("textDocument/documentSymbol", Value::Null),
    ] {
        let r = c.request_raw(method, params.clone()).await;
        assert_eq!(r["error"]["code"], -32602, "{method} {params}: {r}");
    }
    // Notifications with bad params are dropped.
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "untitled:b.md", "version": "one"}}),
    )
    .await;
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "untitled:a.md", "version": 2}, "contentChanges": 7}),
    )
    .await;
    let r = c
        .request(
            "copydesk/sources",
            json!({"textDocument": {"uri": "untitled:a.md"}}),
        )
        .await;
    assert_eq!(r["quotes"].as_array().unwrap().len(), 2, "{r}");
    let r = c
        .request_raw(
            "copydesk/sources",
            json!({"textDocument": {"uri": "untitled:b.md"}}),
        )
        .await;
    assert!(r.get("error").is_some(), "b.md was never opened: {r}");
}

#[tokio::test]
async fn ranges_past_the_end_or_inverted() {
    let c = TestClient::start();
    c.initialize(json!({}), Value::Null, &[]).await;
    let uri = "untitled:a.md";
    c.open(uri, DRAFT).await;
    let range = |l1: u32, c1: u32, l2: u32, c2: u32| json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}});
    // Inverted: an empty range at its start (line 2, after "“It i"). Past the end of a
    // line: its end. Past the last line: the end of the document.
    let edits = [
        (range(2, 5, 0, 0), "X"),
        (range(99, 9, 99, 0), "\nTail."),
        (range(0, 4000, 0, 9000), "!"),
        (range(u32::MAX, u32::MAX, u32::MAX, u32::MAX), " End."),
    ];
    for (v, (r, t)) in edits.iter().enumerate() {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v + 2}, "contentChanges": [{"range": r, "text": t}]}),
        )
        .await;
    }
    let want =
        "“Reopen the library before winter,” Lena Ortiz said.!\n\n“It iXs late.”\n\nTail. End.";
    let got = c
        .request("copydesk/sources", json!({"textDocument": {"uri": uri}}))
        .await;
    assert_eq!(
        got,
        copydesk::output::sources_json(uri, &analyze(want, Format::Markdown))
    );
    // Requests with such ranges get sane answers.
    for (method, params) in [
        (
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range(9, 9, 0, 0), "context": {"diagnostics": []}}),
        ),
        (
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": uri}, "range": range(500, 0, 2, 0)}),
        ),
        (
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": u32::MAX, "character": u32::MAX}}),
        ),
    ] {
        let r = c.request(method, params).await;
        assert!(
            r.is_null() || r.is_array() || r.is_object(),
            "{method}: {r}"
        );
    }
}

#[tokio::test]
async fn did_change_for_an_unopened_document() {
    let mut c = TestClient::start();
    c.initialize(json!({}), Value::Null, &[]).await;
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "untitled:ghost.md", "version": 2},
               "contentChanges": [{"text": "“Boo.”"}]}),
    )
    .await;
    let r = c
        .request_raw(
            "copydesk/sources",
            json!({"textDocument": {"uri": "untitled:ghost.md"}}),
        )
        .await;
    assert!(r.get("error").is_some(), "{r}");
    // Nothing is published for it, and an open document still works.
    c.open("untitled:a.md", DRAFT).await;
    let d = c.diagnostics("untitled:a.md").await;
    assert_eq!(d["version"], 1);
    assert!(
        c.next(
            "textDocument/publishDiagnostics",
            std::time::Duration::from_millis(200)
        )
        .await
        .is_none_or(|p| p["uri"] != "untitled:ghost.md")
    );
}

#[tokio::test]
async fn a_suppression_comment_with_an_unknown_rule() {
    let mut c = TestClient::start();
    c.initialize(json!({}), Value::Null, &[]).await;
    let text =
        "<!-- copydesk-disable-next-line no-such-rule -->\n“Reopen the library before winter.”\n";
    c.open("untitled:a.md", text).await;
    let d = c.diagnostics("untitled:a.md").await;
    let codes: Vec<&str> = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"unknown-rule-in-suppression"), "{codes:?}");
    assert!(
        codes.contains(&"unsourced-quote"),
        "the unknown rule silences nothing: {codes:?}"
    );
}

/// The huge draft: 20 MB with an optimised build. The debug build `cargo test` makes
/// runs the engine about 30 times slower, so there it is 2 MB (README, "Reliability").
const HUGE: usize = if cfg!(debug_assertions) {
    2 << 20
} else {
    20 << 20
};

#[test]
fn huge_drafts_a_long_line_and_deep_nesting() {
    let dir = tmpdir("hostile-huge");
    let mut s = Session::start(&dir);
    s.initialize(json!({"debounceMs": 600000}), Value::Null);
    let para = "“We will vote on Tuesday,” Lena Ortiz said. The council met for an hour.\n\n";
    let cases = [
        ("untitled:huge.md", para.repeat(HUGE / para.len())),
        (
            "untitled:line.md",
            "“A long line,” she said. ".repeat((1 << 20) / 26),
        ),
        (
            "untitled:nested.md",
            format!("{}“Deep,” Ortiz said.\n", "> ".repeat(10_000)),
        ),
    ];
    for (uri, text) in &cases {
        s.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
        // Answers come after the analysis (requests on the same document wait for it).
        let r = s.request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        );
        assert!(r.is_array(), "{uri}: {r}");
        let h = s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}),
        );
        assert!(h.is_null() || h.is_object());
        let d = s.wait_diagnostics(uri).expect("diagnostics published");
        assert!(d["diagnostics"].is_array());
        // Close it so the next one starts from a small server.
        s.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }
    let stderr = s.finish();
    no_errors_logged(&stderr);
}

#[test]
fn invalid_utf8_and_binary_files_in_a_checked_folder() {
    let dir = tmpdir("hostile-files");
    std::fs::write(dir.join("good.md"), "“Reopen the library before winter.”\n").unwrap();
    std::fs::write(dir.join("latin1.md"), b"\xabReopen it,\xbb she said.\n").unwrap();
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 256) as u8).collect();
    std::fs::write(dir.join("binary.md"), &binary).unwrap();
    std::fs::write(
        dir.join("nul.md"),
        b"\0\0\x01\x02 \xe2\x80\x9c\0\xe2\x80\x9d\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--format", "concise"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    for f in ["latin1.md", "binary.md"] {
        assert!(
            stderr.contains(f) && stderr.contains("UTF-8"),
            "a clear message for {f}: {stderr}"
        );
    }
    assert!(
        stdout.contains("good.md:1:1: error unsourced-quote"),
        "{stdout}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[tokio::test]
async fn the_server_skips_unreadable_drafts_in_a_folder() {
    let dir = tmpdir("hostile-ws");
    std::fs::write(dir.join("good.md"), "“Reopen it,” Lena Ortiz said.\n").unwrap();
    std::fs::write(
        dir.join("latin1.md"),
        b"\xabReopen it,\xbb Tom Reyes said.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("binary.md"),
        (0..=255u8).cycle().take(5000).collect::<Vec<u8>>(),
    )
    .unwrap();
    let c = TestClient::start();
    c.initialize(json!({}), Value::Null, &[file_uri(&dir)])
        .await;
    let r = c.request("workspace/symbol", json!({"query": ""})).await;
    let names: Vec<&str> = r
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(names.iter().any(|n| n.contains("Ortiz")), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("Reyes")), "{names:?}");
    let r = c
        .request_raw(
            "copydesk/sources",
            json!({"textDocument": {"uri": file_uri(&dir.join("latin1.md"))}}),
        )
        .await;
    assert!(r.get("error").is_some(), "{r}");
}

#[tokio::test]
async fn a_config_file_with_wrong_types() {
    let dir = tmpdir("hostile-config");
    let bad = "attribution_tense = 5\ndrafts = \"not a list\"\n[rules]\nscare-quote = 3\n";
    std::fs::write(dir.join("copydesk.toml"), bad).unwrap();
    std::fs::write(dir.join("a.md"), DRAFT).unwrap();
    // The CLI: exit 2 and the file, line and problem.
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("check")
        .arg(dir.join("a.md"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("copydesk.toml") && stderr.contains(":1"),
        "{stderr}"
    );
    let e = Config::from_toml(bad).unwrap_err();
    assert_eq!(e.line, Some(1), "{e}");
    // The server: a warning shown to the user, the defaults used, still serving.
    let mut c = TestClient::start();
    c.initialize(json!({}), Value::Null, &[file_uri(&dir)])
        .await;
    let uri = file_uri(&dir.join("a.md"));
    c.open(&uri, DRAFT).await;
    let d = c.diagnostics(&uri).await;
    assert!(!d["diagnostics"].as_array().unwrap().is_empty());
    let m = c
        .next("window/showMessage", std::time::Duration::from_secs(10))
        .await
        .expect("a message about the configuration");
    assert!(
        m["message"].as_str().unwrap().contains("copydesk.toml"),
        "{m}"
    );
    // Editor settings of the wrong type: the same.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"rules": {"scare-quote": ["x"]}, "attribution_tense": {}}}}),
    )
    .await;
    // (The bad file is reported again: the configuration was reloaded.)
    let mut seen = Vec::new();
    while let Some(m) = c
        .next("window/showMessage", std::time::Duration::from_secs(10))
        .await
    {
        let text = m["message"].as_str().unwrap().to_string();
        seen.push(text.clone());
        if text.contains("copydesk settings") {
            break;
        }
    }
    assert!(
        seen.iter().any(|m| m.contains("copydesk settings")),
        "a message about the settings: {seen:?}"
    );
    let r = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert!(r.is_array());
}

#[tokio::test]
async fn files_outside_the_workspace_are_not_read() {
    let ws = tmpdir("hostile-sec-ws");
    let outside = tmpdir("hostile-sec-out");
    let secret = outside.join("secret.md");
    std::fs::write(&secret, "“Secret plans,” Vera Quill said.\n").unwrap();
    std::fs::write(ws.join("mine.md"), "“Open plans,” Lena Ortiz said.\n").unwrap();
    std::os::unix::fs::symlink(&secret, ws.join("link.md")).unwrap();
    std::os::unix::fs::symlink(&outside, ws.join("linkdir")).unwrap();
    std::fs::write(
        outside.join("copydesk.toml"),
        "[rules]\nunsourced-quote = \"off\"\n",
    )
    .unwrap();
    let c = TestClient::start();
    c.initialize(json!({}), Value::Null, &[file_uri(&ws)]).await;
    for p in [
        secret.clone(),
        ws.join("link.md"),
        ws.join("linkdir/secret.md"),
        ws.join("..")
            .join(outside.file_name().unwrap())
            .join("secret.md"),
    ] {
        let r = c
            .request_raw(
                "copydesk/sources",
                json!({"textDocument": {"uri": file_uri(&p)}}),
            )
            .await;
        assert!(r.get("error").is_some(), "{} was read: {r}", p.display());
    }
    let r = c
        .request(
            "copydesk/sources",
            json!({"textDocument": {"uri": file_uri(&ws.join("mine.md"))}}),
        )
        .await;
    assert_eq!(r["sources"][0]["name"], "Lena Ortiz", "{r}");
    let r = c.request("workspace/symbol", json!({"query": ""})).await;
    assert!(!r.to_string().contains("Quill"), "{r}");
}
