//! Quotes checked against transcripts, end to end through the CLI: the fixture project
//! in tests/fixtures/transcripts (interviews in plain text, Markdown, WebVTT and SRT
//! beside a draft), `copydesk check --format json`, `copydesk sources --format json`,
//! which transcripts apply to a draft (its folder, its front matter, its speakers),
//! folder walks that skip transcripts, and an unreadable transcript.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PROJECT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/transcripts");
const RULES: [&str; 3] = [
    "quote-not-in-transcript",
    "quote-altered",
    "quote-speaker-mismatch",
];

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn json_lines(o: &Output) -> Vec<Value> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// (rule, quoted text) of the transcript findings of one `check --format json` run.
fn findings(dir: &Path, args: &[&str]) -> Vec<(String, String)> {
    let mut a = vec!["check", "--format", "json"];
    a.extend_from_slice(args);
    let o = run(dir, &a);
    let mut out = Vec::new();
    for file in json_lines(&o) {
        let text = std::fs::read_to_string(dir.join(file["file"].as_str().unwrap())).unwrap();
        for d in file["diagnostics"].as_array().unwrap() {
            let rule = d["rule"].as_str().unwrap().to_string();
            if RULES.contains(&rule.as_str()) {
                let s = d["start"]["offset"]
                    .as_u64()
                    .or(d["start"].as_u64())
                    .unwrap_or_else(|| panic!("no offset in {d}")) as usize;
                let e = d["end"]["offset"].as_u64().or(d["end"].as_u64()).unwrap() as usize;
                out.push((rule, text[s..e].to_string()));
            }
        }
    }
    out
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "copydesk-transcripts-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The interviews and the `copydesk.toml` that makes `to` the root.
fn copy_project(to: &Path) {
    std::fs::copy(
        Path::new(PROJECT).join("copydesk.toml"),
        to.join("copydesk.toml"),
    )
    .unwrap();
    for sub in ["transcripts", "notes"] {
        std::fs::create_dir_all(to.join(sub)).unwrap();
        for e in std::fs::read_dir(Path::new(PROJECT).join(sub)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, to.join(sub).join(p.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn check_reports_every_case_of_the_fixture_draft() {
    let got = findings(Path::new(PROJECT), &["library-draft.md"]);
    assert_eq!(
        got,
        [
            (
                "quote-altered".to_string(),
                "“We won’t close the Eastside branch this year,”".to_string()
            ),
            (
                "quote-speaker-mismatch".to_string(),
                "“Did you consider the library levy?”".to_string()
            ),
            (
                "quote-not-in-transcript".to_string(),
                "“The Eastside branch will be sold to a developer next spring,”".to_string()
            ),
        ]
    );
    // The message shows the difference, the fix restores the transcript's words.
    let o = run(
        Path::new(PROJECT),
        &["check", "--format", "json", "library-draft.md"],
    );
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(
        s.contains(r#"transcript: \"We will not close\", draft: \"We won’t close\""#),
        "{s}"
    );
    assert!(s.contains("Use the transcript's wording"), "{s}");
}

#[test]
fn sources_json_has_a_verification_per_quote() {
    let o = run(
        Path::new(PROJECT),
        &["sources", "--format", "json", "library-draft.md"],
    );
    assert!(o.status.success());
    let v = &json_lines(&o)[0];
    let status: Vec<(String, Value)> = v["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["text"].as_str().unwrap().to_string(),
                q["verification"]["status"].clone(),
            )
        })
        .collect();
    let want = [
        "altered",
        "verified",
        "verified",
        "verified",
        "verified",
        "not_found",
    ];
    assert_eq!(status.len(), want.len(), "{status:?}");
    for ((text, got), want) in status.iter().zip(want) {
        assert_eq!(got, want, "{text}");
    }
    let first = &v["quotes"][0]["verification"];
    assert_eq!(first["transcript"], "transcripts/ortiz-interview.txt");
    assert_eq!(first["line"], 7);
    assert_eq!(first["speaker"], "Lena Ortiz");
    assert!(first["score"].as_f64().unwrap() < 1.0);
}

#[test]
fn which_transcripts_apply() {
    let d = temp_dir("apply");
    copy_project(&d);
    std::fs::create_dir_all(d.join("stories")).unwrap();
    let weller = "Resident Tom Weller spoke at the meeting. “The parking garage needs a new elevator,” Weller said.\n";
    // A draft in another folder: no transcript is the draft's and none has Weller's
    // voice, so nothing is reported; the same quote from Ortiz is reported.
    std::fs::write(d.join("stories/weller.md"), weller).unwrap();
    assert_eq!(findings(&d, &["stories/weller.md"]), []);
    std::fs::write(
        d.join("stories/ortiz.md"),
        "Library director Lena Ortiz spoke. “The parking garage needs a new elevator,” Ortiz said.\n",
    )
    .unwrap();
    assert_eq!(findings(&d, &["stories/ortiz.md"]).len(), 1);
    // Front matter naming a transcript makes it the draft's.
    std::fs::write(
        d.join("stories/named.md"),
        format!("---\ncopydesk:\n  transcripts: [council-meeting.srt]\n---\n{weller}"),
    )
    .unwrap();
    assert_eq!(
        findings(&d, &["stories/named.md"]),
        [(
            "quote-not-in-transcript".to_string(),
            "“The parking garage needs a new elevator,”".to_string()
        )]
    );
    // A draft at the root owns the transcripts below it.
    std::fs::write(d.join("weller.md"), weller).unwrap();
    assert_eq!(findings(&d, &["weller.md"]).len(), 1);
    // No transcripts at all: silent.
    let empty = temp_dir("empty");
    std::fs::write(empty.join("weller.md"), weller).unwrap();
    assert_eq!(findings(&empty, &["weller.md"]), []);
    // Walking the folder checks the drafts, not the transcripts and notes.
    let o = run(&d, &["check", "--format", "concise", "."]);
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(!s.contains("notes/") && !s.contains("transcripts/"), "{s}");
    assert!(s.contains("stories/ortiz.md"), "{s}");
    let _ = std::fs::remove_dir_all(&d);
    let _ = std::fs::remove_dir_all(&empty);
}

#[test]
fn an_unreadable_transcript_is_reported_and_the_others_used() {
    let d = temp_dir("latin1");
    copy_project(&d);
    std::fs::write(d.join("notes/latin1.txt"), b"ORTIZ: caf\xe9 au lait\n").unwrap();
    std::fs::copy(
        Path::new(PROJECT).join("library-draft.md"),
        d.join("draft.md"),
    )
    .unwrap();
    let o = run(&d, &["check", "--format", "concise", "draft.md"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("latin1.txt") && err.contains("not UTF-8"),
        "{err}"
    );
    assert_eq!(findings(&d, &["draft.md"]).len(), 3);
    let _ = std::fs::remove_dir_all(&d);
}
