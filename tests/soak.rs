//! Soak: the real binary (`copydesk lsp`) over stdio takes 10,000 random incremental
//! edits with hovers, code actions, inlay hints, code lenses and document and workspace
//! symbol requests interleaved. Afterwards its diagnostics equal `copydesk check` on the
//! final text, no request failed, nothing was logged at error level, nothing panicked,
//! and memory stayed flat: VmRSS after the last thousand edits is at most 1.5 × VmRSS
//! after the first thousand + 16 MiB.

#[path = "support/positions.rs"]
mod positions;
#[path = "support/stdio.rs"]
mod stdio;

use positions::{offset, position, range_json};
use serde_json::{Value, json};
use std::process::Command;
use stdio::{Session, tmpdir};

const EDITS: usize = 10_000;

/// What edits insert: words, marks, line breaks, multi-byte characters, Markdown.
const PALETTE: &[&str] = &[
    " ",
    " said",
    " Ortiz",
    "“",
    "”",
    "\"",
    "'",
    "’",
    ".",
    ",",
    "\n",
    "\n\n",
    "\r\n",
    "the mayor",
    " according to",
    "Mr. ",
    "😀",
    "中文",
    "é",
    "e\u{301}",
    "> ",
    "- ",
    "# ",
    "*",
    "`",
    "told reporters.",
    " she said.",
    "“We will vote,” ",
    "<!-- x -->",
    "—",
];

/// The opening: a heading edits never touch (hovering on it moves the cursor out of the
/// paragraph being typed).
const HEAD: &str = "# Soak test\n\n";

const BODY: &str = "\
Lena Ortiz, the mayor of Riverton, said the council would meet on Tuesday.

“We have waited long enough for a library,” Ortiz said. “The money is there.”

A city hall spokesperson, who asked not to be named, said the vote was close.

“It is a mistake,” said Tom Reyes, a council member. He said the plan was rushed.

The budget office did not respond to a request for comment.
";

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

/// VmRSS of a process in KiB.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[test]
fn ten_thousand_edits_then_diagnostics_equal_check() {
    let dir = tmpdir("soak");
    let mut s = Session::start(&dir);
    let pid = s.pid();
    let uri = "untitled:soak.md";
    // The debounce never fires during the run: typing ends only when the cursor leaves
    // the paragraph, so the final state is reached deterministically.
    s.initialize(json!({"debounceMs": 600000}), Value::Null);
    let mut text = format!("{HEAD}{BODY}");
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );

    let mut rng = Lcg(0x50a6);
    let mut version = 1;
    let (mut rss_first, mut rss_last) = (0, 0);
    let doc = json!({"uri": uri});
    for i in 1..=EDITS {
        // An edit after the heading: delete up to 12 characters and insert a snippet.
        let bounds: Vec<usize> = (HEAD.len()..=text.len())
            .filter(|&b| text.is_char_boundary(b))
            .collect();
        let a = bounds[rng.next() % bounds.len()];
        let del = if text.len() > 3 * BODY.len() {
            12
        } else {
            rng.next() % 6
        };
        let b = bounds
            .iter()
            .copied()
            .filter(|&b| b >= a)
            .nth(del)
            .unwrap_or(text.len());
        let insert = if rng.next().is_multiple_of(4) {
            ""
        } else {
            PALETTE[rng.next() % PALETTE.len()]
        };
        let range = range_json(&text, a, b, false);
        // Never a position between the CR and LF of a CRLF (the server clamps such a
        // column before the CR; the reference would too, but the edit would then not
        // be the one intended).
        let (sl, sc) = position(&text, a, false);
        let (el, ec) = position(&text, b, false);
        let (ra, rb) = (offset(&text, sl, sc, false), offset(&text, el, ec, false));
        text.replace_range(ra..rb.max(ra), insert);
        version += 1;
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": range, "text": insert}]}),
        );
        // Interleaved requests at random places (positions may be stale by design: the
        // server clamps them).
        if i.is_multiple_of(7) {
            let at = range_json(&text, a, a, false)["start"].clone();
            let r = match rng.next() % 6 {
                0 => s.request(
                    "textDocument/hover",
                    json!({"textDocument": doc, "position": at}),
                ),
                1 => s.request(
                    "textDocument/codeAction",
                    json!({"textDocument": doc, "range": {"start": at, "end": at},
                           "context": {"diagnostics": []}}),
                ),
                2 => s.request(
                    "textDocument/inlayHint",
                    json!({"textDocument": doc, "range": range_json(&text, 0, text.len(), false)}),
                ),
                3 => s.request("textDocument/documentSymbol", json!({"textDocument": doc})),
                4 => s.request("workspace/symbol", json!({"query": "o"})),
                _ => s.request("textDocument/codeLens", json!({"textDocument": doc})),
            };
            assert!(r.is_null() || r.is_object() || r.is_array(), "{r}");
        }
        if i.is_multiple_of(500) {
            // Keep only the latest publication (the run makes thousands).
            let last = s.last_diagnostics(uri);
            s.notes.clear();
            s.notes.extend(
                last.map(|p| json!({"method": "textDocument/publishDiagnostics", "params": p})),
            );
        }
        if i == 1000 || i == EDITS {
            // Let the server catch up before measuring.
            s.request("textDocument/codeLens", json!({"textDocument": doc}));
            let rss = rss_kib(pid).expect("VmRSS");
            if i == 1000 {
                rss_first = rss;
            } else {
                rss_last = rss;
            }
        }
    }
    // `copydesk check` on the final text.
    let file = dir.join("soak.md");
    std::fs::write(&file, &text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).expect("check's JSON");
    let mut want: Vec<(String, usize, usize, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["start"].as_u64().unwrap() as usize,
                d["end"].as_u64().unwrap() as usize,
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    want.sort();

    // Hover on the heading: the cursor leaves the paragraph being typed, so the findings
    // held back while typing are published. The publication is sent by the analysis job
    // or the hover's publisher task, and the server's output interleaves notifications
    // and answers, so it may come out after the hover's answer: round trips are made
    // until it has arrived (at most 200; the comparison below fails if it never does).
    s.request(
        "textDocument/hover",
        json!({"textDocument": doc, "position": {"line": 0, "character": 0}}),
    );
    let published = |s: &Session| -> (Value, Vec<(String, usize, usize, String)>) {
        let last = s.last_diagnostics(uri).expect("diagnostics were published");
        let mut got: Vec<(String, usize, usize, String)> = last["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let r = &d["range"];
                let p = |q: &Value| {
                    offset(
                        &text,
                        q["line"].as_u64().unwrap() as u32,
                        q["character"].as_u64().unwrap() as u32,
                        false,
                    )
                };
                (
                    d["code"].as_str().unwrap().to_string(),
                    p(&r["start"]),
                    p(&r["end"]),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        got.sort();
        (last["version"].clone(), got)
    };
    let (mut last_version, mut got) = (Value::Null, Vec::new());
    for _ in 0..200 {
        s.request("textDocument/codeLens", json!({"textDocument": doc}));
        (last_version, got) = published(&s);
        if last_version == version && got == want {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(
        last_version, version,
        "the last publication is for the last version"
    );
    let stderr = s.finish();

    assert!(!want.is_empty(), "the final draft has findings to compare");
    if got != want {
        let only_got: Vec<_> = got.iter().filter(|g| !want.contains(g)).collect();
        let only_want: Vec<_> = want.iter().filter(|w| !got.contains(w)).collect();
        std::fs::write(std::env::temp_dir().join("copydesk-soak-final.md"), &text).unwrap();
        panic!(
            "server and check differ (final text in copydesk-soak-final.md)\nonly server: {only_got:?}\nonly check: {only_want:?}"
        );
    }

    assert!(
        !stderr.contains("ERROR") && !stderr.contains("panicked"),
        "{stderr}"
    );
    eprintln!(
        "soak: {EDITS} edits, final draft {} bytes, VmRSS after 1,000 edits {rss_first} KiB, \
         after {EDITS} {rss_last} KiB",
        text.len()
    );
    assert!(
        rss_last <= rss_first * 3 / 2 + 16 * 1024,
        "memory grew: {rss_first} KiB → {rss_last} KiB"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
