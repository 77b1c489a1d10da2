//! Corpus snapshots over four long, realistic drafts (tests/fixtures/long/*.md).
//!
//! Each snapshot (tests/snapshots/<name>.snap) lists, in source order:
//! - every finding of `rules::check` with the default configuration:
//!   `line:col rule severity message`
//! - every quotation of `engine::analyze`:
//!   `line:col quote kind speaker (how) cue=…` (`-` when there is none), plus
//!   `paragraphs=N` for a quotation that runs over N paragraphs
//!
//! Lines and columns are 1-based; columns count characters.
//!
//! To accept the current behaviour after a deliberate change, rerun with
//! `UPDATE_SNAPSHOTS=1 cargo test --test long_drafts`, then read the diff and update
//! tests/snapshots/REVIEW.md: the snapshots are reviewed, not just recorded.

use copydesk::config::Config;
use copydesk::engine::{Format, analyze};
use copydesk::rules::check;
use std::fmt::Write as _;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// 1-based line and character column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn render(source: &str) -> String {
    let mut rows: Vec<(usize, u8, String)> = Vec::new();
    for f in check(source, Format::Markdown, &Config::default()) {
        let (l, c) = line_col(source, f.span.start);
        let row = format!(
            "{l}:{c} {} {} {}",
            f.rule,
            f.severity.as_str(),
            f.message.replace('\n', " ")
        );
        rows.push((f.span.start, 1, row));
    }
    let analysis = analyze(source, Format::Markdown);
    for q in &analysis.quotes {
        let (l, c) = line_col(source, q.span.start);
        let kind = serde_json::to_value(q.kind).expect("kind serializes");
        let kind = kind.as_str().unwrap_or("?");
        let speaker = q.speaker.as_ref().map_or_else(
            || "-".to_string(),
            |s| {
                let how = serde_json::to_value(s.how).expect("how serializes");
                format!("{} ({})", s.name, how.as_str().unwrap_or("?"))
            },
        );
        let cue = q.cue.as_ref().map_or("-", |c| c.text.as_str());
        let pieces = match q.pieces.len() {
            0 | 1 => String::new(),
            n => format!(" paragraphs={n}"),
        };
        rows.push((
            q.span.start,
            0,
            format!("{l}:{c} quote {kind} {speaker} cue={cue}{pieces}"),
        ));
    }
    rows.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| a.2.cmp(&b.2)));
    let mut out = String::new();
    for (_, _, row) in rows {
        writeln!(out, "{row}").expect("write to string");
    }
    out
}

/// A line diff (longest common subsequence): `-` expected, `+` actual.
fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let mut lcs = vec![vec![0usize; a.len() + 1]; e.len() + 1];
    for i in (0..e.len()).rev() {
        for j in (0..a.len()).rev() {
            lcs[i][j] = if e[i] == a[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < e.len() || j < a.len() {
        if i < e.len() && j < a.len() && e[i] == a[j] {
            i += 1;
            j += 1;
        } else if i < e.len() && (j == a.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            writeln!(out, "- {}", e[i]).expect("write to string");
            i += 1;
        } else {
            writeln!(out, "+ {}", a[j]).expect("write to string");
            j += 1;
        }
    }
    out
}

fn snapshot(name: &str) {
    let draft = root().join("fixtures/long").join(format!("{name}.md"));
    let source = std::fs::read_to_string(&draft).expect("read draft");
    let actual = render(&source);
    let snap = root().join("snapshots").join(format!("{name}.snap"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::write(&snap, &actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&snap).unwrap_or_default();
    assert!(
        expected == actual,
        "snapshot {} differs (- expected, + actual); rerun with UPDATE_SNAPSHOTS=1 to accept \
         and review the change in tests/snapshots/REVIEW.md\n{}",
        snap.display(),
        diff(&expected, &actual)
    );
}

#[test]
fn council_meeting() {
    snapshot("council-meeting");
}

#[test]
fn court_case() {
    snapshot("court-case");
}

#[test]
fn company_recall() {
    snapshot("company-recall");
}

#[test]
fn sports_transfer() {
    snapshot("sports-transfer");
}

#[test]
fn diff_marks_changed_lines() {
    assert_eq!(diff("a\nb\nc\n", "a\nx\nc\n"), "- b\n+ x\n");
    assert_eq!(diff("", "a\n"), "+ a\n");
}
