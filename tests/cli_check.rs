//! `copydesk check` end to end: every output format and exit code on the fixture drafts
//! in tests/fixtures/cli, SARIF checked against the vendored SARIF 2.1.0 schema,
//! unreadable and non-UTF-8 files, folders (.gitignore, draft globs, 1,000 drafts),
//! standard input, and the small commands (init, completions, --version, --help).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cli");

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    c.env_remove("NO_COLOR");
    c
}

/// Run in the fixtures folder so paths print as `orphan.md`.
fn check(args: &[&str]) -> Output {
    bin()
        .current_dir(FIXTURES)
        .arg("check")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("copydesk-clicheck-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn copy_fixture(name: &str, to: &Path) {
    std::fs::copy(Path::new(FIXTURES).join(name), to.join(name)).unwrap();
}

#[test]
fn human_format_underlines_and_summarises() {
    let o = check(&["orphan.md"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("error[unsourced-quote]: Direct quotation has no speaker"),
        "{out}"
    );
    assert!(out.contains("--> orphan.md:3:1"), "{out}");
    assert!(
        out.contains("3 | “Reopen the library before winter.”"),
        "{out}"
    );
    // The whole quotation is underlined (35 characters).
    assert!(
        out.contains(&format!("| {} unsourced-quote", "^".repeat(35))),
        "{out}"
    );
    assert!(
        out.contains("help: Insert an attribution placeholder (review it"),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("1 file checked: 1 finding (1 error, 0 warnings, 0 info, 0 hints)"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "no colour when not a terminal");

    let o = check(&["fixable.md", "clean.md"]);
    let out = stdout(&o);
    assert!(out.contains("hint[straight-quotes]"), "{out}");
    assert!(
        out.contains("(safe: `copydesk check --fix` applies it)"),
        "{out}"
    );
    assert!(
        out.contains(
            "2 files checked: 5 findings (1 error, 1 warning, 1 info, 2 hints); 4 with a safe fix"
        ),
        "{out}"
    );
    let o = check(&["--color", "always", "orphan.md"]);
    assert!(stdout(&o).contains('\u{1b}'));
    let o = check(&["clean.md"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).trim(), "1 file checked: no findings");
}

#[test]
fn concise_format_one_line_per_finding() {
    let o = check(&["--format", "concise", "orphan.md", "clean.md", "fixable.md"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    assert_eq!(
        lines[0],
        "orphan.md:3:1: error unsourced-quote Direct quotation has no speaker: who said “Reopen the library before winter.”?"
    );
    assert_eq!(
        lines[1],
        "fixable.md:3:9: hint straight-quotes Use a curly quotation mark (“) instead of a straight one."
    );
}

#[test]
fn json_format_keeps_the_check_contract() {
    let o = check(&["--format", "json", "orphan.md", "clean.md"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let v: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["file"], "orphan.md");
    let d = &v[0]["diagnostics"][0];
    for key in [
        "rule",
        "severity",
        "message",
        "start",
        "end",
        "line",
        "column",
        "end_line",
        "end_column",
        "related",
        "fixes",
    ] {
        assert!(d.get(key).is_some(), "{key} missing in {d}");
    }
    assert_eq!(d["line"], 3);
    assert_eq!(v[1]["file"], "clean.md");
    assert_eq!(v[1]["diagnostics"], serde_json::json!([]));
}

#[test]
fn github_format_workflow_commands() {
    let o = check(&["--format", "github", "orphan.md", "hints.md"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "::error file=orphan.md,line=3,col=1,endLine=3,endColumn=36,title=copydesk unsourced-quote::Direct quotation has no speaker: who said “Reopen the library before winter.”? [unsourced-quote]"
    );
    assert!(
        lines[1].starts_with("::notice file=hints.md,line=3,col=34,"),
        "{out}"
    );
    let o = check(&["--format", "github", "latin1.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).starts_with("::error file=latin1.md,title=copydesk::latin1.md: not valid UTF-8"),
        "{}",
        stdout(&o)
    );
}

/// The vendored OASIS schema (tests/schemas/README.md says where it comes from).
fn sarif_validator() -> jsonschema::Validator {
    let mut schema: Value =
        serde_json::from_str(include_str!("schemas/sarif-schema-2.1.0.json")).unwrap();
    // The published schema's `language` patterns have a stray `]`, which ECMA-262
    // (non-unicode mode) reads as a literal and Rust's regex engines reject; escape it
    // so the schema compiles with the same meaning. copydesk never writes `language`.
    fn fix_patterns(v: &mut Value, n: &mut usize) {
        match v {
            Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    if k == "pattern" && x == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" {
                        *x = Value::from("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$");
                        *n += 1;
                    } else {
                        fix_patterns(x, n);
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|x| fix_patterns(x, n)),
            _ => {}
        }
    }
    let mut n = 0;
    fix_patterns(&mut schema, &mut n);
    assert!(
        n > 0,
        "the schema's language pattern changed: revisit this patch"
    );
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid_sarif(v: &Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    // Every fixture, including the non-UTF-8 one (a tool execution notification).
    let o = check(&["--format", "sarif", "."]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_valid_sarif(&v);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), copydesk::rules::RULES.len());
    for r in rules {
        assert!(!r["help"]["text"].as_str().unwrap().is_empty());
        assert!(
            r["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("copydesk rule")
        );
        assert!(r["shortDescription"]["text"].is_string());
    }
    let results = run["results"].as_array().unwrap();
    let orphan = results
        .iter()
        .find(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "orphan.md")
        .expect("orphan.md result");
    assert_eq!(orphan["ruleId"], "unsourced-quote");
    assert_eq!(orphan["level"], "error");
    let idx = orphan["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[idx]["id"], "unsourced-quote");
    let region = &orphan["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 3);
    assert_eq!(region["startColumn"], 1);
    assert_eq!(region["endColumn"], 36);
    // Hints and info are SARIF notes; safe fixes carry their replacements.
    let straight = results
        .iter()
        .find(|r| r["ruleId"] == "straight-quotes")
        .unwrap();
    assert_eq!(straight["level"], "note");
    assert_eq!(
        straight["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "“"
    );
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert!(
        inv["toolExecutionNotifications"][0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("not valid UTF-8")
    );

    // A clean run is valid too (no results, no notifications).
    let o = check(&["--format", "sarif", "clean.md"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_valid_sarif(&v);
    assert_eq!(v["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn sarif_schema_rejects_a_broken_log() {
    // The validator really checks: a result without a message is invalid.
    let bad = serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
        "results": [{"ruleId": "x"}]}]});
    assert!(!sarif_validator().is_valid(&bad));
}

#[test]
fn exit_codes_follow_the_threshold() {
    let code = |args: &[&str]| check(args).status.code();
    assert_eq!(code(&["clean.md"]), Some(0));
    assert_eq!(code(&["orphan.md"]), Some(1));
    // Only an info finding: below the default threshold (warning).
    assert_eq!(code(&["hints.md"]), Some(0));
    assert_eq!(code(&["--severity", "info", "hints.md"]), Some(1));
    assert_eq!(code(&["--severity", "hint", "hints.md"]), Some(1));
    assert_eq!(code(&["--severity", "error", "orphan.md"]), Some(1));
    // fixable.md: error web-boilerplate; ignoring it leaves a warning.
    assert_eq!(
        code(&["--ignore", "web-boilerplate", "fixable.md"]),
        Some(1)
    );
    assert_eq!(
        code(&[
            "--severity",
            "error",
            "--ignore",
            "web-boilerplate",
            "fixable.md"
        ]),
        Some(0)
    );
    // Usage errors.
    assert_eq!(code(&["--format", "xml", "clean.md"]), Some(2));
    assert_eq!(code(&["--no-such-flag"]), Some(2));
    assert_eq!(code(&["--rule", "no-such-rule", "clean.md"]), Some(2));
    assert_eq!(code(&["--stdin", "clean.md"]), Some(2));
    // I/O error.
    let o = check(&["missing.md", "orphan.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("missing.md: No such file"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("unsourced-quote"),
        "others still checked"
    );
}

#[test]
fn severity_and_rule_selection_filter_findings() {
    let o = check(&["--format", "concise", "--severity", "warning", "fixable.md"]);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(!out.contains(" hint ") && !out.contains(" info "), "{out}");
    let o = check(&[
        "--format",
        "concise",
        "--rule",
        "straight-quotes,house-style-term",
        "fixable.md",
    ]);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 3, "{out}");
    // Only hints and info selected: exit 0.
    assert_eq!(o.status.code(), Some(0));
    let o = check(&[
        "--format",
        "concise",
        "--ignore",
        "straight-quotes",
        "--ignore",
        "web-boilerplate",
        "fixable.md",
    ]);
    assert_eq!(stdout(&o).lines().count(), 2, "{}", stdout(&o));
    // --rule turns on a rule that is off by default.
    let d = temp_dir("offrule");
    std::fs::write(
        d.join("a.md"),
        "“We will keep funding [the library] next year,” Patel said.\n",
    )
    .unwrap();
    let o = bin()
        .current_dir(&d)
        .args(["check", "--format", "concise", "a.md"])
        .output()
        .unwrap();
    assert!(!stdout(&o).contains("quote-insertion"));
    let o = bin()
        .current_dir(&d)
        .args([
            "check",
            "--format",
            "concise",
            "--rule",
            "quote-insertion",
            "a.md",
        ])
        .output()
        .unwrap();
    assert!(stdout(&o).contains("quote-insertion"), "{}", stdout(&o));
}

#[test]
fn unreadable_and_non_utf8_files_are_reported_and_the_rest_checked() {
    let d = temp_dir("unreadable");
    copy_fixture("orphan.md", &d);
    copy_fixture("latin1.md", &d);
    copy_fixture("clean.md", &d);
    std::os::unix::fs::symlink(d.join("gone.md"), d.join("dangling.md")).unwrap();
    let locked = d.join("locked.md");
    std::fs::write(&locked, "“Locked away.”\n").unwrap();
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    // Root reads any file: then only the other failures can be asserted.
    let root_reads = std::fs::read(&locked).is_ok();

    let o = bin()
        .arg("check")
        .args(["--format", "concise"])
        .arg(d.join("dangling.md"))
        .arg(&d)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("latin1.md: not valid UTF-8 (byte 36, line 3); save the draft as UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("dangling.md: No such file or directory"),
        "{err}"
    );
    if !root_reads {
        assert!(err.contains("locked.md: Permission denied"), "{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    let out = stdout(&o);
    assert!(
        out.contains("orphan.md:3:1: error unsourced-quote"),
        "{out}"
    );
    // Human output counts the files that could not be checked.
    let o = bin().arg("check").arg(&d).output().unwrap();
    assert!(
        stdout(&o).contains("could not be checked"),
        "{}",
        stdout(&o)
    );
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
}

#[test]
fn config_errors_exit_2_with_position() {
    let d = temp_dir("badcfg");
    std::fs::write(
        d.join("copydesk.toml"),
        "[rules]\nunsourced-quote = \"loud\"\n",
    )
    .unwrap();
    copy_fixture("orphan.md", &d);
    let o = bin()
        .current_dir(&d)
        .args(["check", "orphan.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("copydesk.toml:2:"), "{}", stderr(&o));
    // Still checked, with the defaults.
    assert!(stdout(&o).contains("unsourced-quote"));
}

/// A generated draft: every seventh lacks a speaker.
fn generated(i: usize) -> String {
    let quote = if i.is_multiple_of(7) {
        format!("“Draft {i} needs more buses on the route.”")
    } else {
        format!("“Draft {i} needs more buses on the route,” said Dana Lee, a rider.")
    };
    format!(
        "# Transit story {i}\n\nThe city council voted {i} to 3 on Tuesday to expand bus service.\n\n{quote}\n\nLee said the plan would take effect in spring.\n"
    )
}

#[test]
fn a_thousand_generated_drafts() {
    let d = temp_dir("thousand");
    for i in 0..1000 {
        let sub = d.join(format!("batch{}", i / 100));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("story-{i:04}.md")), generated(i)).unwrap();
    }
    let o = bin()
        .current_dir(&d)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        o.stderr.is_empty(),
        "no progress bar when stderr is not a terminal: {}",
        stderr(&o)
    );
    let out = stdout(&o);
    let files: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(files.len(), 1000);
    // Sorted, deterministic order.
    assert_eq!(files[0]["file"], "batch0/story-0000.md");
    assert_eq!(files[999]["file"], "batch9/story-0999.md");
    let orphans = files
        .iter()
        .filter(|f| {
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["rule"] == "unsourced-quote")
        })
        .count();
    assert_eq!(
        orphans,
        (0..1000usize).filter(|i| i.is_multiple_of(7)).count()
    );
    // The same files in the same order as a sequential run of each file.
    let o2 = bin()
        .current_dir(&d)
        .args(["check", "--format", "concise", "batch3/story-0350.md"])
        .output()
        .unwrap();
    let c = bin()
        .current_dir(&d)
        .args(["check", "--format", "concise", "."])
        .output()
        .unwrap();
    assert!(stdout(&c).contains(&stdout(&o2)));
}

#[test]
fn folders_honour_gitignore_and_draft_globs() {
    let d = temp_dir("walk");
    std::fs::write(d.join(".gitignore"), "archive/\n*.tmp.md\n").unwrap();
    for p in [
        "a.md",
        "archive/old.md",
        "b.tmp.md",
        "notes/c.txt",
        ".hidden/d.md",
        "e.rs",
    ] {
        let f = d.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, "“Reopen the library before winter.”\n").unwrap();
    }
    let o = bin()
        .current_dir(&d)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let files: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["file"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    // `notes/` holds transcripts by default (the `transcripts` globs): not a draft.
    assert_eq!(files, ["a.md"]);
    // The globs are relative to the copydesk.toml folder, also when checking a subfolder.
    std::fs::write(d.join("copydesk.toml"), "drafts = [\"notes/*.txt\"]\n").unwrap();
    let o = bin()
        .current_dir(&d)
        .args(["check", "--format", "json", "notes"])
        .output()
        .unwrap();
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    let o = bin()
        .current_dir(&d)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert!(stdout(&o).contains("notes/c.txt") && !stdout(&o).contains("a.md"));
    // A file named explicitly is checked whatever the globs say.
    let o = bin()
        .current_dir(&d)
        .args(["check", "--format", "json", "a.md"])
        .output()
        .unwrap();
    assert!(stdout(&o).contains("a.md"));
}

#[test]
fn stdin_with_stdin_path() {
    use std::io::Write;
    let d = temp_dir("stdin");
    std::fs::create_dir_all(d.join("desk")).unwrap();
    std::fs::write(
        d.join("desk/copydesk.toml"),
        "[rules]\nunsourced-quote = \"info\"\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let mut child = bin()
            .current_dir(&d)
            .arg("check")
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all("“Reopen the library before winter.”\n".as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let o = run(&["--stdin", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).starts_with("<stdin>:1:1: error unsourced-quote"),
        "{}",
        stdout(&o)
    );
    // The configuration of the path it stands for applies, and the name is shown.
    let o = run(&[
        "--stdin",
        "--stdin-path",
        "desk/story.md",
        "--format",
        "concise",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).starts_with("desk/story.md:1:1: info unsourced-quote"),
        "{}",
        stdout(&o)
    );
    let o = bin()
        .args(["check", "--stdin-path", "x.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "--stdin-path needs --stdin");
}

#[test]
fn init_writes_a_config_with_the_defaults() {
    let d = temp_dir("init");
    let o = bin().current_dir(&d).arg("init").output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(d.join("copydesk.toml")).unwrap();
    assert!(text.contains("# unsourced-quote = \"error\""), "{text}");
    let c = copydesk::config::Config::from_toml(&text).unwrap();
    assert_eq!(c.drafts, copydesk::config::Config::default().drafts);
    // It does not overwrite unless told to.
    let o = bin().current_dir(&d).arg("init").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"));
    let o = bin()
        .current_dir(&d)
        .args(["init", "--force"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    // A checked draft under it gets the same findings as with no configuration.
    copy_fixture("fixable.md", &d);
    let with = bin()
        .current_dir(&d)
        .args(["check", "--format", "json", "fixable.md"])
        .output()
        .unwrap();
    let without = check(&["--format", "json", "fixable.md"]);
    assert_eq!(stdout(&with), stdout(&without));
}

#[test]
fn completions_version_and_help() {
    for shell in ["bash", "zsh", "fish"] {
        let o = bin().args(["completions", shell]).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let s = stdout(&o);
        assert!(
            s.contains("copydesk") && s.contains("stdin-path"),
            "{shell}: {s}"
        );
    }
    assert_eq!(
        bin()
            .args(["completions", "tcsh"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    let o = bin().arg("--version").output().unwrap();
    assert_eq!(
        stdout(&o).trim(),
        format!("copydesk {}", env!("CARGO_PKG_VERSION"))
    );
    let o = bin().arg("--help").output().unwrap();
    assert!(stdout(&o).contains("Examples:") && stdout(&o).contains("Exit status"));
    let o = bin().args(["check", "--help"]).output().unwrap();
    let h = stdout(&o);
    for s in [
        "--format",
        "--severity",
        "--fix",
        "--diff",
        "--stdin-path",
        "Examples:",
    ] {
        assert!(h.contains(s), "{s} missing from check --help");
    }
}

#[test]
fn sources_defaults_to_a_table_and_rule_prints_docs() {
    let o = bin()
        .current_dir(FIXTURES)
        .args(["sources", "clean.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("SOURCES") && out.contains("Maria Ortiz"),
        "{out}"
    );
    let o = bin().args(["rule", "straight-quotes"]).output().unwrap();
    assert!(stdout(&o).contains("straight-quotes") && stdout(&o).contains("Why it matters"));
    let o = bin().args(["rule", "--all"]).output().unwrap();
    assert!(stdout(&o).contains("unsourced-quote") && stdout(&o).contains("web-boilerplate"));
}
