//! The language server, in process over a duplex stream (tests/lsp_client), plus one test
//! that runs the real binary. No mocks: every answer comes from the engine and rules.

mod lsp_client;

use copydesk::config::Config;
use copydesk::engine::{Format, analyze};
use lsp_client::TestClient;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

const COUNCIL: &str = include_str!("../examples/drafts/council-vote.md");

#[path = "support/positions.rs"]
mod positions;

/// Reference conversion (a plain scan, independent of ropey): byte → LSP position.
fn pos(text: &str, byte: usize, utf8: bool) -> Value {
    let (line, character) = positions::position(text, byte, utf8);
    json!({"line": line, "character": character})
}

fn findings(text: &str) -> Vec<copydesk::rules::Finding> {
    copydesk::rules::check(text, Format::Markdown, &Config::default())
}

fn rules_of(diags: &Value) -> Vec<String> {
    diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("copydesk-lsp-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d.canonicalize().unwrap()
}

fn file_uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn pull_caps() -> Value {
    json!({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostics": {"refreshSupport": true}}})
}

/// Apply LSP text edits (UTF-16 positions) to a text, back to front.
fn apply(text: &str, edits: &Value) -> String {
    let to_byte = |p: &Value| -> usize {
        (0..=text.len())
            .filter(|&b| text.is_char_boundary(b))
            .find(|&b| pos(text, b, false) == *p)
            .unwrap()
    };
    let mut es: Vec<(usize, usize, String)> = edits
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                to_byte(&e["range"]["start"]),
                to_byte(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    es.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in es {
        out.replace_range(s..e, &t);
    }
    out
}

#[tokio::test]
async fn incremental_sync_and_utf16_ranges() {
    let mut c = TestClient::start();
    let init = c.initialize(json!({}), Value::Null, &[]).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);
    let uri = "untitled:draft.md";
    // Emoji, CJK, a combining mark, CRLF and a lone CR before the findings.
    let v1 = "Caf\u{e9}\u{301} 😀 日本\r\nIntro line.\rSecond.\n\n“Reopen the library.”\n";
    c.open(uri, v1).await;
    let d = c.diagnostics(uri).await;
    assert_eq!(d["version"], 1);
    // Insert a paragraph after the emoji line (line 0, after "😀"), replace "日本" with
    // "中文字", then edit at a clamped out-of-range position (appends at the end).
    let changes = [
        (
            json!({"start": {"line": 0, "character": 8}, "end": {"line": 0, "character": 8}}),
            "🎉",
        ),
        (
            json!({"start": {"line": 0, "character": 11}, "end": {"line": 0, "character": 13}}),
            "中文字",
        ),
        (
            json!({"start": {"line": 99, "character": 0}, "end": {"line": 99, "character": 5}}),
            "\n“Time is short.”\n",
        ),
        (
            json!({"start": {"line": 1, "character": 500}, "end": {"line": 1, "character": 500}}),
            " Tail",
        ),
    ];
    for (i, (range, text)) in changes.iter().enumerate() {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": i + 2},
                   "contentChanges": [{"range": range, "text": text}]}),
        )
        .await;
    }
    let expected = "Caf\u{e9}\u{301} 😀🎉 中文字\r\nIntro line. Tail\rSecond.\n\n“Reopen the library.”\n\n“Time is short.”\n";
    // The server's text is exactly the expected text: same sources JSON, byte for byte.
    let got = c
        .request("copydesk/sources", json!({"textDocument": {"uri": uri}}))
        .await;
    let want = copydesk::output::sources_json(uri, &analyze(expected, Format::Markdown));
    assert_eq!(got["quotes"], want["quotes"]);
    // Let the typing pause end; the final publication is for version 5 and its ranges
    // are the reference UTF-16 positions.
    let mut last = c.diagnostics(uri).await;
    while last["version"] != 5
        || !rules_of(&last["diagnostics"]).contains(&"unsourced-quote".into())
    {
        last = c.diagnostics(uri).await;
    }
    let fs = findings(expected);
    let diags = last["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), fs.len());
    for (d, f) in diags.iter().zip(&fs) {
        assert_eq!(d["code"], f.rule);
        assert_eq!(
            d["range"]["start"],
            pos(expected, f.span.start, false),
            "{f:?}"
        );
        assert_eq!(d["range"]["end"], pos(expected, f.span.end, false), "{f:?}");
    }
}

#[tokio::test]
async fn utf8_is_negotiated_when_offered() {
    let mut c = TestClient::start();
    let init = c
        .initialize(
            json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
            Value::Null,
            &[],
        )
        .await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let uri = "untitled:utf8.md";
    let text = "😀 日本\u{301}\n\n“Reopen the library before winter.”\n";
    c.open(uri, text).await;
    let d = c.diagnostics(uri).await;
    let f = findings(text);
    let u = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unsourced-quote")
        .unwrap()
        .clone();
    let fu = f.iter().find(|f| f.rule == "unsourced-quote").unwrap();
    assert_eq!(u["range"]["start"], pos(text, fu.span.start, true));
    assert_eq!(u["range"]["end"], pos(text, fu.span.end, true));
    // Hover at a UTF-8 column inside the quotation.
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 5}}),
        )
        .await;
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("No speaker"),
        "{h}"
    );
}

#[tokio::test]
async fn push_diagnostics_carry_code_related_and_tags() {
    let mut c = TestClient::start();
    c.initialize(json!({}), Value::Null, &[]).await;
    let uri = "untitled:push.md";
    let text = "“Reopen the library before winter.”\n\nSign up for our newsletter.\n\nOrtiz said the plan works. Lena Ortiz, the mayor, said it was fine.\n";
    c.open(uri, text).await;
    let d = c.diagnostics(uri).await;
    assert_eq!(d["version"], 1);
    let diags = d["diagnostics"].as_array().unwrap();
    let by = |rule: &str| diags.iter().find(|d| d["code"] == rule).unwrap().clone();
    let u = by("unsourced-quote");
    assert_eq!(u["source"], "copydesk");
    assert_eq!(u["severity"], 1);
    let w = by("web-boilerplate");
    assert_eq!(w["tags"], json!([1]), "Unnecessary");
    let s = by("surname-before-full-name");
    assert_eq!(s["relatedInformation"][0]["location"]["uri"], uri);
    assert!(
        s["relatedInformation"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Lena Ortiz")
    );
    // The rule's docs are reachable from the finding by hover.
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": s["range"]["start"]}),
        )
        .await;
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("surname-before-full-name") && md.contains("*Why:*"),
        "{md}"
    );
}

#[tokio::test]
async fn pull_diagnostics_and_no_push() {
    let mut c = TestClient::start();
    c.initialize(pull_caps(), Value::Null, &[]).await;
    let uri = "untitled:pull.md";
    c.open(uri, "“Reopen the library before winter.”\n").await;
    let r = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(r["kind"], "full");
    assert_eq!(rules_of(&r["items"]), vec!["unsourced-quote".to_string()]);
    assert!(
        c.next(
            "textDocument/publishDiagnostics",
            Duration::from_millis(300)
        )
        .await
        .is_none()
    );
}

#[tokio::test]
async fn versions_never_go_backwards() {
    let mut c = TestClient::start();
    c.initialize(json!({}), json!({"debounceMs": 50}), &[])
        .await;
    let uri = "untitled:fast.md";
    c.open(uri, "").await;
    let mut text = String::new();
    for v in 2..40 {
        let piece = if v % 7 == 0 { "\n\n" } else { "“a”" };
        let end = pos(&text, text.len(), false);
        text.push_str(piece);
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v},
                   "contentChanges": [{"range": {"start": end, "end": end}, "text": piece}]}),
        )
        .await;
    }
    let mut seen = Vec::new();
    while let Some(p) = c
        .next(
            "textDocument/publishDiagnostics",
            Duration::from_millis(600),
        )
        .await
    {
        seen.push(p["version"].as_i64().unwrap());
    }
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(seen.last(), Some(&39));
}

#[tokio::test]
async fn quiet_while_typing_until_pause() {
    let mut c = TestClient::start();
    c.initialize(json!({}), json!({"debounceMs": 250}), &[])
        .await;
    let uri = "untitled:typing.md";
    let base = "The council met on Tuesday.\n";
    c.open(uri, base).await;
    assert!(rules_of(&c.diagnostics(uri).await["diagnostics"]).is_empty());
    let end = pos(base, base.len(), false);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": end, "end": end}, "text": "\n“We will leave"}]}),
    )
    .await;
    // Published at once, without the unfinished quote's findings...
    let now = c.diagnostics(uri).await;
    assert_eq!(now["version"], 2);
    let r = rules_of(&now["diagnostics"]);
    assert!(!r.contains(&"unbalanced-quote".into()), "{r:?}");
    // ...which come after the pause, for the same version.
    let later = c.diagnostics(uri).await;
    assert_eq!(later["version"], 2);
    assert!(rules_of(&later["diagnostics"]).contains(&"unbalanced-quote".into()));
}

#[tokio::test]
async fn quiet_ends_when_the_cursor_leaves_the_paragraph() {
    let mut c = TestClient::start();
    c.initialize(json!({}), json!({"debounceMs": 60000}), &[])
        .await;
    let uri = "untitled:leave.md";
    let base = "The council met on Tuesday.\n";
    c.open(uri, base).await;
    c.diagnostics(uri).await;
    let end = pos(base, base.len(), false);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": end, "end": end}, "text": "\n“We will leave"}]}),
    )
    .await;
    let typing = c.diagnostics(uri).await;
    assert!(!rules_of(&typing["diagnostics"]).contains(&"unbalanced-quote".into()));
    // Cursor on line 0: another paragraph.
    let here = json!({"start": {"line": 0, "character": 2}, "end": {"line": 0, "character": 2}});
    c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": here, "context": {"diagnostics": []}}),
    )
    .await;
    let left = c.diagnostics(uri).await;
    assert_eq!(left["version"], 2);
    assert!(rules_of(&left["diagnostics"]).contains(&"unbalanced-quote".into()));
}

#[tokio::test]
async fn workspace_diagnostics_watching_settings_multi_root() {
    let a = tmpdir("ws-a");
    let b = tmpdir("ws-b");
    std::fs::create_dir_all(a.join("drafts")).unwrap();
    std::fs::write(
        a.join("drafts/one.md"),
        "“Reopen the library before winter.”\n",
    )
    .unwrap();
    std::fs::write(a.join("notes.txt"), "“Not a draft here.”\n").unwrap();
    std::fs::write(a.join("copydesk.toml"), "drafts = [\"drafts/**/*.md\"]\n").unwrap();
    std::fs::write(b.join("two.markdown"), "“Time is short.”\n").unwrap();
    std::fs::write(b.join("three.txt"), "Plain text draft.\n“Who said it?”\n").unwrap();
    let c = TestClient::start();
    let caps = json!({
        "textDocument": {"diagnostic": {}},
        "workspace": {"diagnostics": {"refreshSupport": true},
                      "didChangeWatchedFiles": {"dynamicRegistration": true},
                      "inlayHint": {"refreshSupport": true}}
    });
    c.initialize(
        caps,
        json!({"rules": {"scare-quote": "off"}}),
        &[file_uri(&a), file_uri(&b)],
    )
    .await;
    let open = file_uri(&b.join("two.markdown"));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": open, "languageId": "markdown", "version": 7,
               "text": "“Time is short,” Ortiz said.\n"}}),
    )
    .await;
    let r = c
        .request("workspace/diagnostic", json!({"previousResultIds": []}))
        .await;
    let items = r["items"].as_array().unwrap();
    let uris: Vec<&str> = items.iter().map(|i| i["uri"].as_str().unwrap()).collect();
    assert!(
        uris.contains(&file_uri(&a.join("drafts/one.md")).as_str()),
        "{uris:?}"
    );
    assert!(uris.contains(&file_uri(&b.join("three.txt")).as_str()));
    assert!(
        !uris.iter().any(|u| u.ends_with("notes.txt")),
        "config globs"
    );
    let two = items.iter().find(|i| i["uri"] == open).unwrap();
    assert_eq!(two["version"], 7, "the open document's text and version");
    assert!(rules_of(&two["items"]).is_empty());
    let one = items
        .iter()
        .find(|i| i["uri"].as_str().unwrap().ends_with("one.md"))
        .unwrap();
    assert!(one["version"].is_null());
    assert_eq!(rules_of(&one["items"]), vec!["unsourced-quote".to_string()]);
    // The watchers were registered for drafts and copydesk.toml.
    let reg = c
        .server_requests
        .lock()
        .unwrap()
        .iter()
        .find(|r| r["method"] == "client/registerCapability")
        .cloned()
        .expect("registerCapability");
    let watchers = reg["params"]["registrations"][0]["registerOptions"]["watchers"].to_string();
    assert!(
        watchers.contains("**/copydesk.toml") && watchers.contains("**/drafts/**/*.md"),
        "{watchers}"
    );
    // copydesk.toml turns the rule off: re-checked and the client asked to refresh.
    std::fs::write(
        a.join("copydesk.toml"),
        "drafts = [\"drafts/**/*.md\"]\n[rules]\nunsourced-quote = \"off\"\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&a.join("copydesk.toml")), "type": 2}]}),
    )
    .await;
    let one_uri = file_uri(&a.join("drafts/one.md"));
    let d = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": one_uri}}),
        )
        .await;
    assert!(rules_of(&d["items"]).is_empty(), "{d}");
    assert!(
        c.server_methods()
            .contains(&"workspace/diagnostic/refresh".to_string())
    );
    // Settings override the file: turn it back on, then off again for every draft.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"rules": {"unsourced-quote": "error"}}}}),
    )
    .await;
    let d = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": one_uri}}),
        )
        .await;
    assert_eq!(rules_of(&d["items"]), vec!["unsourced-quote".to_string()]);
    // A draft changed on disk is re-read.
    std::fs::write(a.join("drafts/one.md"), "“Fine,” Ortiz said.\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": one_uri, "type": 2}]}),
    )
    .await;
    let r = c
        .request("workspace/diagnostic", json!({"previousResultIds": []}))
        .await;
    let one = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["uri"] == one_uri)
        .unwrap()
        .clone();
    assert!(rules_of(&one["items"]).is_empty());
    // Workspace symbols: sources across the drafts.
    let s = c
        .request("workspace/symbol", json!({"query": "ortiz"}))
        .await;
    let files: Vec<String> = s
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["containerName"].as_str().unwrap().to_string())
        .collect();
    assert!(
        files.contains(&"one.md".to_string()) && files.contains(&"two.markdown".to_string()),
        "{s}"
    );
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

async fn council(c: &mut TestClient) -> &'static str {
    c.initialize(json!({}), Value::Null, &[]).await;
    let uri = "untitled:council-vote.md";
    c.open(uri, COUNCIL).await;
    c.diagnostics(uri).await;
    uri
}

fn at(text: &str, needle: &str, plus: usize) -> Value {
    pos(text, text.find(needle).unwrap() + plus, false)
}

#[tokio::test]
async fn hover_on_quotes_and_sources() {
    let mut c = TestClient::start();
    let uri = council(&mut c).await;
    let hover = |p: Value| json!({"textDocument": {"uri": uri}, "position": p});
    let h = c
        .request("textDocument/hover", hover(at(COUNCIL, "Time is not", 2)))
        .await;
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("Speaker: **Rosa Delgado**"), "{md}");
    assert!(
        md.contains("mention “she”") && md.contains("cue “said”"),
        "{md}"
    );
    assert!(
        md.contains("Other quotes from Rosa Delgado") && md.contains("Paint is cheap"),
        "{md}"
    );
    // A person: the ledger entry.
    let h = c
        .request(
            "textDocument/hover",
            hover(at(COUNCIL, "Ortiz said the lanes", 1)),
        )
        .await;
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("**Lena Ortiz** · person") && md.contains("First full reference"),
        "{md}"
    );
    assert!(
        md.contains("Quotes: 3") && md.contains("Anonymous: no"),
        "{md}"
    );
    // Response status and anonymity, as the engine's ledger has them.
    let a = analyze(COUNCIL, Format::Markdown);
    let ledger = |name: &str| a.sources.iter().find(|s| s.name == name).unwrap().clone();
    let h = c
        .request(
            "textDocument/hover",
            hover(at(COUNCIL, "Harlan Paving did not", 2)),
        )
        .await;
    let md = h["contents"]["value"].as_str().unwrap();
    match &ledger("Harlan Paving").response {
        Some(r) => assert!(md.contains(&format!("“{}”", r.phrase)), "{md}"),
        None => assert!(md.contains("- Response: none recorded"), "{md}"),
    }
    let h = c
        .request("textDocument/hover", hover(at(COUNCIL, "the aide said", 5)))
        .await;
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("**the aide** · role"), "{md}");
    match &ledger("the aide").anonymous {
        Some(an) => assert!(
            md.contains(&format!("- Anonymous: yes ({})", an.class)),
            "{md}"
        ),
        None => assert!(md.contains("- Anonymous: no"), "{md}"),
    }
}

#[tokio::test]
async fn code_actions_fixes_disable_and_fix_all() {
    let mut c = TestClient::start();
    c.initialize(json!({}), Value::Null, &[]).await;
    let uri = "untitled:fix.md";
    let text = "Intro.\n\nHe said \"hello there\" to the crowd, said Ortiz.\n\nSign up for our newsletter.\n";
    c.open(uri, text).await;
    c.diagnostics(uri).await;
    let cursor = at(text, "\"hello", 0);
    let r = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": cursor, "end": cursor},
                   "context": {"diagnostics": []}}),
        )
        .await;
    let acts = r.as_array().unwrap();
    let straight = acts
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "straight-quotes" && a["isPreferred"] == true)
        .expect("preferred fix");
    let fixed = apply(text, &straight["edit"]["changes"][uri]);
    assert!(fixed.contains("“hello"), "{fixed}");
    let disable = acts
        .iter()
        .find(|a| a["title"] == "Disable straight-quotes for this line")
        .unwrap();
    let edits = &disable["edit"]["changes"][uri];
    assert_eq!(
        edits[0]["range"]["start"],
        json!({"line": 2, "character": 0})
    );
    let suppressed = apply(text, edits);
    assert!(suppressed.contains("<!-- copydesk-disable-next-line straight-quotes -->\nHe said"));
    assert!(
        !findings(&suppressed)
            .iter()
            .any(|f| f.rule == "straight-quotes")
    );
    assert!(
        acts.iter().all(|a| a.get("command").is_none()),
        "no client-side commands"
    );
    // source.fixAll.copydesk: every Safe fix.
    let top = json!({"line": 0, "character": 0});
    let r = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": top, "end": top},
                   "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .await;
    let acts = r.as_array().unwrap();
    assert_eq!(acts.len(), 1);
    assert_eq!(acts[0]["kind"], "source.fixAll.copydesk");
    let all = apply(text, &acts[0]["edit"]["changes"][uri]);
    let left = findings(&all);
    assert!(
        !left
            .iter()
            .any(|f| f.rule == "straight-quotes" || f.rule == "web-boilerplate"),
        "{all}"
    );
}

#[tokio::test]
async fn inlay_hints_symbols_lens_and_sources() {
    let mut c = TestClient::start();
    let uri = council(&mut c).await;
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 999, "character": 0}});
    let hints = c
        .request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": uri}, "range": whole}),
        )
        .await;
    let hints = hints.as_array().unwrap();
    let label_at = |needle: &str| {
        let end = COUNCIL.find(needle).unwrap() + needle.len();
        hints
            .iter()
            .find(|h| h["position"] == pos(COUNCIL, end, false))
            .map(|h| h["label"].as_str().unwrap().to_string())
    };
    assert_eq!(label_at("“Time is not.”").as_deref(), Some("— Delgado"));
    assert_eq!(
        label_at("“Tonight we stopped asking.”").as_deref(),
        Some("— Ortiz")
    );
    assert_eq!(
        label_at("“I have been late to work more times than I can count,”"),
        None,
        "named"
    );
    // Document symbols: sources with their quotes.
    let syms = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let ortiz = syms
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Lena Ortiz")
        .unwrap()
        .clone();
    assert_eq!(ortiz["children"].as_array().unwrap().len(), 3);
    assert!(
        syms.as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "(no speaker)")
    );
    // Code lens.
    let lens = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let a = analyze(COUNCIL, Format::Markdown);
    let quotes = a.quotes.iter().filter(|q| q.kind.is_speech()).count();
    let anon = a.sources.iter().filter(|s| s.anonymous.is_some()).count();
    let title = lens[0]["command"]["title"].as_str().unwrap();
    assert!(
        title.starts_with(&format!(
            "{quotes} quotes · {} named sources · {anon} anonymous · ",
            a.sources.len() - anon
        )),
        "{title}"
    );
    assert!(title.ends_with("allegations without response"));
    assert_eq!(
        lens[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    // copydesk/sources: the CLI's JSON.
    let got = c
        .request("copydesk/sources", json!({"textDocument": {"uri": uri}}))
        .await;
    assert_eq!(got, copydesk::output::sources_json(uri, &a));
}

#[tokio::test]
async fn bad_requests_get_errors_and_the_server_lives_on() {
    let mut c = TestClient::start();
    let uri = council(&mut c).await;
    let r = c
        .request_raw("textDocument/hover", json!({"nonsense": true}))
        .await;
    assert!(r.get("error").is_some(), "{r}");
    let r = c
        .request_raw(
            "copydesk/sources",
            json!({"textDocument": {"uri": "untitled:nowhere.md"}}),
        )
        .await;
    assert!(r.get("error").is_some(), "{r}");
    let r = c.request_raw("copydesk/nope", json!({})).await;
    assert_eq!(r["error"]["code"], -32601);
    // Still serving.
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 100000, "character": 100000}}),
        )
        .await;
    assert!(h.is_null() || h.is_object());
    let lens = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert!(lens.is_array());
}

/// Read one framed message from the server's stdout, keeping every byte read in `all`.
fn read_frame(r: &mut impl std::io::Read, all: &mut Vec<u8>) -> Value {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut b = [0u8];
        r.read_exact(&mut b).expect("a header byte");
        head.push(b[0]);
    }
    all.extend_from_slice(&head);
    let head = std::str::from_utf8(&head).unwrap();
    let len: usize = head
        .trim_end()
        .strip_prefix("Content-Length: ")
        .unwrap_or_else(|| panic!("bad header {head:?}"))
        .parse()
        .unwrap();
    let mut body = vec![0; len];
    r.read_exact(&mut body).unwrap();
    all.extend_from_slice(&body);
    serde_json::from_slice(&body).expect("JSON body")
}

/// The real binary: stdout carries only Content-Length framed JSON-RPC messages.
#[test]
fn binary_stdout_is_only_protocol() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let frame = |v: Value| {
        let b = v.to_string();
        format!("Content-Length: {}\r\n\r\n{b}", b.len()).into_bytes()
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("lsp")
        .env("COPYDESK_LOG", "debug")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut all = Vec::new();
    let mut msgs = Vec::new();
    stdin
        .write_all(&frame(
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                 "params": {"processId": null, "capabilities": {}}}),
        ))
        .unwrap();
    msgs.push(read_frame(&mut stdout, &mut all));
    stdin
        .write_all(&frame(
            json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        ))
        .unwrap();
    stdin
        .write_all(&frame(
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params":
            {"textDocument": {"uri": "untitled:a.md", "languageId": "markdown", "version": 1,
                              "text": "“Reopen the library before winter.”\n"}}}),
        ))
        .unwrap();
    msgs.push(read_frame(&mut stdout, &mut all));
    stdin
        .write_all(&frame(
            json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        ))
        .unwrap();
    msgs.push(read_frame(&mut stdout, &mut all));
    stdin
        .write_all(&frame(json!({"jsonrpc": "2.0", "method": "exit"})))
        .unwrap();
    drop(stdin);
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    // Whatever else came is framed JSON-RPC too.
    let mut r = &rest[..];
    while !r.is_empty() {
        msgs.push(read_frame(&mut r, &mut all));
    }
    assert!(msgs.iter().all(|m| m["jsonrpc"] == "2.0"));
    assert!(msgs[0]["id"] == 1 && msgs[0]["result"]["capabilities"].is_object());
    assert_eq!(msgs[1]["method"], "textDocument/publishDiagnostics");
    assert_eq!(
        msgs[1]["params"]["diagnostics"][0]["code"],
        "unsourced-quote"
    );
    assert!(
        msgs[2]["id"] == 2 && msgs[2]["result"].is_null(),
        "{}",
        msgs[2]
    );
}

#[tokio::test]
async fn quotations_go_to_their_transcript_line_and_hover_shows_the_passage() {
    let d = tmpdir("transcripts");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcripts");
    std::fs::copy(fixtures.join("copydesk.toml"), d.join("copydesk.toml")).unwrap();
    std::fs::create_dir_all(d.join("transcripts")).unwrap();
    std::fs::copy(
        fixtures.join("transcripts/ortiz-interview.txt"),
        d.join("transcripts/ortiz-interview.txt"),
    )
    .unwrap();
    let text = "Library director Lena Ortiz spoke.\n\n“We won’t close the Eastside branch this year,” Ortiz said.\n";
    let path = d.join("draft.md");
    std::fs::write(&path, text).unwrap();
    let uri = file_uri(&path);
    let mut c = TestClient::start();
    let init = c.initialize(json!({}), Value::Null, &[file_uri(&d)]).await;
    assert_eq!(init["capabilities"]["definitionProvider"], true);
    c.open(&uri, text).await;
    // The index is built in the background; the draft is re-checked when it is ready.
    let mut codes = Vec::new();
    for _ in 0..5 {
        let p = c.diagnostics(&uri).await;
        codes = rules_of(&p["diagnostics"]);
        if codes.iter().any(|c| c == "quote-altered") {
            break;
        }
    }
    assert!(codes.iter().any(|c| c == "quote-altered"), "{codes:?}");
    let at = pos(text, text.find("won’t").unwrap(), false);
    let def = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": at}),
        )
        .await;
    assert_eq!(
        def["uri"],
        file_uri(&d.join("transcripts/ortiz-interview.txt"))
    );
    // Line 7 of the file (0-based 6), at "We" after `[00:00:09] A: No. `.
    assert_eq!(def["range"]["start"], json!({"line": 6, "character": 18}));
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": at}),
        )
        .await;
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("Lena Ortiz at 00:00:09"), "{md}");
    assert!(md.contains("transcripts/ortiz-interview.txt:7"), "{md}");
    assert!(md.contains("We will not close the Eastside branch"), "{md}");
    // Outside quotations there is no definition.
    let none = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}),
        )
        .await;
    assert!(none.is_null(), "{none}");
    let sources = c
        .request("copydesk/sources", json!({"textDocument": {"uri": uri}}))
        .await;
    assert_eq!(sources["quotes"][0]["verification"]["status"], "altered");
    // The sources outline marks the quote.
    let symbols = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let quote = &symbols[0]["children"][0];
    assert!(
        quote["name"].as_str().unwrap().starts_with("“We won’t"),
        "{symbols}"
    );
    assert!(
        quote["detail"].as_str().unwrap().ends_with("· altered"),
        "{symbols}"
    );
    // A changed transcript is re-indexed and the draft re-checked: with the draft's
    // wording in the transcript, the quote is verified.
    let t = d.join("transcripts/ortiz-interview.txt");
    let fixed = std::fs::read_to_string(&t)
        .unwrap()
        .replace("We will not close", "We won't close");
    std::fs::write(&t, fixed).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&t), "type": 2}]}),
    )
    .await;
    let mut codes = vec!["quote-altered".to_string()];
    for _ in 0..5 {
        let p = c.diagnostics(&uri).await;
        codes = rules_of(&p["diagnostics"]);
        if !codes.iter().any(|c| c == "quote-altered") {
            break;
        }
    }
    assert!(!codes.iter().any(|c| c == "quote-altered"), "{codes:?}");
    let _ = std::fs::remove_dir_all(&d);
}

#[path = "../benches/support/drafts.rs"]
mod drafts;

use copydesk::server::state::Stats;

/// Wait until `cond` holds (a counter of the server's background work), at most 60 s.
async fn wait_until(what: &str, cond: impl Fn() -> bool) {
    let waited = tokio::time::timeout(Duration::from_secs(60), async {
        while !cond() {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    })
    .await;
    assert!(waited.is_ok(), "never happened: {what}");
}

fn append(uri: &str, text: &str, version: i64, piece: &str) -> Value {
    let end = pos(text, text.len(), false);
    json!({"textDocument": {"uri": uri, "version": version},
           "contentChanges": [{"range": {"start": end, "end": end}, "text": piece}]})
}

#[tokio::test]
async fn a_newer_change_cancels_the_analysis_of_an_older_version() {
    let mut c = TestClient::start();
    c.initialize(json!({}), json!({"debounceMs": 60000}), &[])
        .await;
    let uri = "untitled:long.md";
    let mut text = drafts::draft(100_000);
    c.open(uri, &text).await;
    let stats = c.state.clone();
    // Version 1 is being analysed (a counter, not a clock)...
    wait_until("the analysis of version 1 began", || {
        Stats::get(&stats.stats.analyses_begun) >= 1
    })
    .await;
    // ...when two changes arrive.
    for (v, piece) in [(2, "\n\nThe council met again."), (3, "\n\n“We are done.”")] {
        c.notify("textDocument/didChange", append(uri, &text, v, piece))
            .await;
        text.push_str(piece);
    }
    // The first publication is the newest version's (publications never go back, so
    // versions 1 and 2 are never published), and its findings are those of its text.
    let d = c.diagnostics(uri).await;
    assert_eq!(d["version"], 3);
    let got = c
        .request("copydesk/sources", json!({"textDocument": {"uri": uri}}))
        .await;
    let want = copydesk::output::sources_json(uri, &analyze(&text, Format::Markdown));
    assert_eq!(got["quotes"], want["quotes"]);
    // The analysis of version 1 stopped part way, and only version 3's ran to the end
    // (version 2's was cancelled too, or never started).
    assert!(Stats::get(&stats.stats.analyses_cancelled) >= 1);
    assert_eq!(Stats::get(&stats.stats.analyses_finished), 1);
}

#[tokio::test]
async fn workspace_passes_run_off_the_loop_and_stop_when_cancelled_or_superseded() {
    const DRAFTS: usize = 2000;
    let dir = tmpdir("many");
    for i in 0..DRAFTS {
        std::fs::write(
            dir.join(format!("d{i:04}.md")),
            format!("The council met on day {i}.\n\n“Reopen branch {i},” Ortiz said.\n"),
        )
        .unwrap();
    }
    let c = TestClient::start();
    c.initialize(pull_caps(), Value::Null, &[file_uri(&dir)])
        .await;
    let open = "untitled:open.md";
    let base = "The council met on Tuesday.\n";
    c.open(open, base).await;
    let st = c.state.clone();
    let files = || Stats::get(&st.stats.pass_files);
    let (wid, mut wrx) = c
        .send("workspace/diagnostic", json!({"previousResultIds": []}))
        .await;
    wait_until("the pass began", || files() >= 1).await;
    // While the pass runs, the editor is answered: a change, a hover and the sources.
    c.notify(
        "textDocument/didChange",
        append(open, base, 2, "\n“Time is short,” Ruiz said.\n"),
    )
    .await;
    c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": open}, "position": {"line": 0, "character": 2}}),
    )
    .await;
    let src = c
        .request("copydesk/sources", json!({"textDocument": {"uri": open}}))
        .await;
    assert_eq!(src["quotes"].as_array().unwrap().len(), 1, "{src}");
    assert!(
        wrx.try_recv().is_err(),
        "the workspace pass answered before the editor's requests"
    );
    // $/cancelRequest: the answer is RequestCancelled and the pass stops part way.
    c.notify("$/cancelRequest", json!({"id": wid})).await;
    let r = tokio::time::timeout(Duration::from_secs(20), wrx)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r["error"]["code"], -32800, "{r}");
    let (done, total) = st.stats.last_cancelled.lock().unwrap().expect("stopped");
    assert_eq!(total, DRAFTS + 1);
    assert!(done < total, "{done} of {total}");
    let at_cancel = files();
    // A newer pass supersedes an older one: ServerCancelled, no retrigger.
    let (_, older) = c
        .send("workspace/diagnostic", json!({"previousResultIds": []}))
        .await;
    wait_until("the second pass began", || files() > at_cancel + 1).await;
    let newer = c
        .request("workspace/diagnostic", json!({"previousResultIds": []}))
        .await;
    let r = older.await.unwrap();
    assert_eq!(r["error"]["code"], -32802, "{r}");
    assert_eq!(r["error"]["data"]["retriggerRequest"], false);
    let items = newer["items"].as_array().unwrap();
    assert_eq!(items.len(), DRAFTS + 1);
    let mine = items.iter().find(|i| i["uri"] == open).unwrap();
    assert_eq!(mine["version"], 2);
    assert_eq!(Stats::get(&st.stats.passes_finished), 1);
    assert_eq!(Stats::get(&st.stats.passes_cancelled), 2);
    // Nothing of the cancelled passes ran on: each stopped within one draft, and the
    // last pass checked every draft once.
    let (done2, _) = st.stats.last_cancelled.lock().unwrap().expect("stopped");
    assert!(files() <= at_cancel + 1 + done2 + 1 + DRAFTS, "{}", files());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn drafts_changed_on_disk_are_pushed_from_the_queue() {
    let dir = tmpdir("disk-push");
    let paths: Vec<PathBuf> = (0..3).map(|i| dir.join(format!("p{i}.md"))).collect();
    for p in &paths {
        std::fs::write(p, "“Reopen the library before winter.”\n").unwrap();
    }
    let mut c = TestClient::start();
    c.initialize(json!({}), Value::Null, &[file_uri(&dir)])
        .await;
    // The same draft twice and a deleted one: each is pushed (the deleted one cleared).
    std::fs::remove_file(&paths[2]).unwrap();
    let changes: Vec<Value> = [0, 1, 0, 2]
        .iter()
        .map(|&i| json!({"uri": file_uri(&paths[i]), "type": 2}))
        .collect();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": changes}),
    )
    .await;
    let mut got = std::collections::BTreeMap::new();
    while got.len() < 3 {
        let p = c
            .next("textDocument/publishDiagnostics", Duration::from_secs(20))
            .await
            .expect("a push for each draft");
        assert!(p["version"].is_null());
        got.insert(
            p["uri"].as_str().unwrap().to_string(),
            rules_of(&p["diagnostics"]),
        );
    }
    assert_eq!(
        got[&file_uri(&paths[0])],
        vec!["unsourced-quote".to_string()]
    );
    assert_eq!(
        got[&file_uri(&paths[1])],
        vec!["unsourced-quote".to_string()]
    );
    assert!(got[&file_uri(&paths[2])].is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
