//! `copydesk check --fix` and `--diff`: the result equals the editor's "fix all"
//! (`source.fixAll.copydesk` from the language server), a draft changed while copydesk
//! runs is left alone, and nothing else on disk changes.

mod lsp_client;

use lsp_client::TestClient;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cli");

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("copydesk-clifix-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(FIXTURES).join(name)).unwrap()
}

/// Drafts with safe fixes of several kinds (quotes, terms, boilerplate, spacing).
fn drafts() -> Vec<(&'static str, String)> {
    vec![
        ("fixable.md", fixture("fixable.md")),
        ("clean.md", fixture("clean.md")),
        ("orphan.md", fixture("orphan.md")),
        (
            "mixed.md",
            "# Vote\n\nThe council said \"yes\" and 'maybe' on the web site.\n\n\"We won,\" said Ortiz.\n\nShare this article\n\nThe E-mail came Tuesday.\n".to_string(),
        ),
        (
            "council-vote.md",
            include_str!("../examples/drafts/council-vote.md").to_string(),
        ),
    ]
}

/// LSP position (UTF-16) → byte offset.
fn to_byte(text: &str, p: &Value) -> usize {
    let (want_line, want_col) = (
        p["line"].as_u64().unwrap(),
        p["character"].as_u64().unwrap(),
    );
    let (mut line, mut col) = (0u64, 0u64);
    for (i, c) in text.char_indices() {
        if line == want_line && col == want_col {
            return i;
        }
        if c == '\n' {
            line += 1;
            col = 0;
        } else {
            col += c.len_utf16() as u64;
        }
    }
    text.len()
}

/// What the editor does with the fix-all action's edits.
fn apply_lsp(text: &str, edits: &Value) -> String {
    let mut es: Vec<(usize, usize, String)> = edits
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                to_byte(text, &e["range"]["start"]),
                to_byte(text, &e["range"]["end"]),
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

async fn editor_fix_all(c: &TestClient, uri: &str, text: &str) -> String {
    c.open(uri, text).await;
    let top = json!({"line": 0, "character": 0});
    let r = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": top, "end": top},
                   "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .await;
    match r.as_array().and_then(|a| a.first()) {
        Some(a) => apply_lsp(text, &a["edit"]["changes"][uri]),
        None => text.to_string(),
    }
}

#[tokio::test]
async fn fix_equals_the_editors_fix_all() {
    let d = temp_dir("editor");
    let c = TestClient::start();
    c.initialize(json!({}), Value::Null, &[]).await;
    let mut changed = 0;
    for (name, text) in drafts() {
        std::fs::write(d.join(name), &text).unwrap();
        let o = bin()
            .current_dir(&d)
            .args(["check", "--fix", "--format", "concise", name])
            .output()
            .unwrap();
        assert_ne!(
            o.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let cli = std::fs::read_to_string(d.join(name)).unwrap();
        let editor = editor_fix_all(&c, &format!("untitled:{name}"), &text).await;
        assert_eq!(cli, editor, "{name}");
        // The library function gives the same text.
        let f = copydesk::rules::check(
            &text,
            copydesk::engine::Format::Markdown,
            &copydesk::config::Config::default(),
        );
        assert_eq!(copydesk::rules::apply_fixes(&text, &f), cli, "{name}");
        if cli != text {
            changed += 1;
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(err.contains(&format!("in {name}")), "{err}");
        }
    }
    assert!(changed >= 2, "the drafts exercise real fixes");
}

#[test]
fn fix_reports_what_is_left_and_exits_on_it() {
    let d = temp_dir("left");
    std::fs::write(d.join("fixable.md"), fixture("fixable.md")).unwrap();
    let o = bin()
        .current_dir(&d)
        .args(["check", "--fix", "--format", "concise", "fixable.md"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("fixed 4 findings in fixable.md"), "{err}");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        !out.contains("straight-quotes") && !out.contains("house-style-term"),
        "{out}"
    );
    // Running it again changes nothing more.
    let before = std::fs::read(d.join("fixable.md")).unwrap();
    let o2 = bin()
        .current_dir(&d)
        .args(["check", "--fix", "--format", "concise", "fixable.md"])
        .output()
        .unwrap();
    assert_eq!(std::fs::read(d.join("fixable.md")).unwrap(), before);
    assert_eq!(o.status.code(), o2.status.code());
}

type Snapshot = BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime, u32)>;

fn snapshot(dir: &Path) -> Snapshot {
    use std::os::unix::fs::PermissionsExt;
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let m = std::fs::symlink_metadata(&p).unwrap();
            if m.is_dir() {
                stack.push(p.clone());
                out.insert(
                    p,
                    (Vec::new(), m.modified().unwrap(), m.permissions().mode()),
                );
            } else {
                let bytes = std::fs::read(&p).unwrap_or_default();
                out.insert(p, (bytes, m.modified().unwrap(), m.permissions().mode()));
            }
        }
    }
    out
}

#[test]
fn fix_touches_only_drafts_with_safe_fixes() {
    use std::os::unix::fs::PermissionsExt;
    let d = temp_dir("only");
    std::fs::write(d.join(".gitignore"), "ignored.md\n").unwrap();
    std::fs::write(d.join("fixable.md"), fixture("fixable.md")).unwrap();
    std::fs::set_permissions(d.join("fixable.md"), std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::write(d.join("clean.md"), fixture("clean.md")).unwrap();
    std::fs::write(d.join("orphan.md"), fixture("orphan.md")).unwrap();
    std::fs::write(d.join("ignored.md"), fixture("fixable.md")).unwrap();
    std::fs::write(d.join("notes.rs"), "// \"not a draft\" e-mail\n").unwrap();
    std::fs::write(
        d.join("latin1.md"),
        std::fs::read(Path::new(FIXTURES).join("latin1.md")).unwrap(),
    )
    .unwrap();
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("sub/mixed.md"), &drafts()[3].1).unwrap();
    let before = snapshot(&d);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let o = bin()
        .current_dir(&d)
        .args(["check", "--fix"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "latin1.md is an error");
    let after = snapshot(&d);
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(p, v)| before.get(*p) != Some(v))
        .map(|(p, _)| p)
        .collect();
    // No temporary file left behind, no file added or removed.
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files added or removed"
    );
    // The two drafts with safe fixes, and the folders holding them (the rename).
    let files: Vec<&PathBuf> = changed.into_iter().filter(|p| p.is_file()).collect();
    assert_eq!(files, [&d.join("fixable.md"), &d.join("sub/mixed.md")]);
    // The permissions survive the atomic replace.
    assert_eq!(after[&d.join("fixable.md")].2 & 0o777, 0o640);
}

#[test]
fn a_draft_changed_during_the_run_is_left_alone() {
    let d = temp_dir("race");
    let p = d.join("draft.md");
    let original = fixture("fixable.md");
    std::fs::write(&p, &original).unwrap();
    let f = copydesk::rules::check(
        &original,
        copydesk::engine::Format::Markdown,
        &copydesk::config::Config::default(),
    );
    let fixed = copydesk::rules::apply_fixes(&original, &f);
    assert_ne!(fixed, original);
    let edited = format!("{original}\nA reporter added this paragraph meanwhile.\n");
    // The reporter saves the draft after copydesk read it, before the fix is written.
    let r = copydesk::cli::fsutil::write_if_unchanged(&p, original.as_bytes(), &fixed, || {
        std::fs::write(&p, &edited).unwrap()
    });
    assert!(
        matches!(r, Err(copydesk::cli::fsutil::WriteError::Changed)),
        "{r:?}"
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), edited);
    let left: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["draft.md"], "no temporary file left");
    // Unchanged: written.
    std::fs::write(&p, &original).unwrap();
    copydesk::cli::fsutil::write_if_unchanged(&p, original.as_bytes(), &fixed, || {}).unwrap();
    assert_eq!(std::fs::read_to_string(&p).unwrap(), fixed);
}

#[test]
fn the_check_path_refuses_to_write_over_a_changed_draft() {
    // check_text reads the bytes it is given; the file on disk already differs.
    let d = temp_dir("race2");
    let p = d.join("draft.md");
    let original = fixture("fixable.md");
    std::fs::write(&p, "Someone else's newer text.\n").unwrap();
    let rep = copydesk::cli::check::check_text(
        "draft.md",
        Some(&p),
        original.clone().into_bytes(),
        &Ok(copydesk::config::Config::default()),
        &copydesk::cli::check::Selection::default(),
        copydesk::cli::check::FixMode::Write,
    );
    assert_eq!(rep.fixed, 0);
    assert!(
        rep.errors[0].contains("changed on disk while copydesk ran"),
        "{:?}",
        rep.errors
    );
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "Someone else's newer text.\n"
    );
}

#[test]
fn diff_shows_the_fix_and_writes_nothing() {
    let d = temp_dir("diff");
    std::fs::write(d.join("fixable.md"), fixture("fixable.md")).unwrap();
    std::fs::write(d.join("clean.md"), fixture("clean.md")).unwrap();
    let before = snapshot(&d);
    let o: Output = bin()
        .current_dir(&d)
        .args(["check", "--diff"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "a file would change");
    assert_eq!(snapshot(&d), before);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.starts_with("--- a/fixable.md\n+++ b/fixable.md\n@@"),
        "{out}"
    );
    assert!(out.contains("-He said \"hello there\" to the crowd, said Ortiz.\n+He said “hello there” to the crowd, said Ortiz.\n"), "{out}");
    assert!(
        out.contains("+The mayor sent an email to residents on Monday.\n"),
        "{out}"
    );
    assert!(!out.contains("clean.md"));
    let o = bin()
        .current_dir(&d)
        .args(["check", "--diff", "clean.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    let o = bin()
        .current_dir(&d)
        .args(["check", "--diff", "--fix", "clean.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "--diff and --fix conflict");
}

#[test]
fn stdin_fix_prints_the_fixed_draft() {
    use std::io::Write;
    let mut child = bin()
        .args(["check", "--fix", "--stdin", "--stdin-path", "a.md"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let text = format!("{}\n{}", fixture("fixable.md"), fixture("orphan.md"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let f = copydesk::rules::check(
        &text,
        copydesk::engine::Format::Markdown,
        &copydesk::config::Config::default(),
    );
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        copydesk::rules::apply_fixes(&text, &f)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    // What is left goes to stderr and sets the exit status.
    assert!(
        err.contains("a.md:") && err.contains("unsourced-quote"),
        "{err}"
    );
    assert!(!err.contains("straight-quotes"), "{err}");
    assert_eq!(o.status.code(), Some(1));
}
