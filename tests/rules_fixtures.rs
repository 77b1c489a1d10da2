//! Fixture tests for the rule layer.
//!
//! Every `tests/fixtures/rules/<rule-id>.md` is invented news copy with caret
//! annotations (see `support/annotations.rs`). Each annotation `^^^ rule-id` expects a
//! finding of that rule starting at the first caret; when the carets stop before the end
//! of their line, the finding must also end at the last caret; `severity=hint` (or info,
//! warning, error) after the rule id also checks the finding's severity. Every line without an
//! annotation asserts that no finding of the fixture's rule starts on it (other rules may
//! fire there). Fixtures run with every rule on, including those off by default, so that
//! each one can be tested; a line `<!-- config: toml -->` is not supported, rules keep
//! their default severities otherwise.
//!
//! A second test runs every documented example in the rule table: the flagged example
//! must fire its rule and the fixed example must not.
//!
//! Fixtures of the rules that read transcripts (those with a `transcript` example in the
//! table) are checked against the interviews of `tests/fixtures/transcripts/` (plain
//! text, Markdown, WebVTT and SRT) as a draft outside that folder: only transcripts
//! where the quote's speaker has a label apply. Their documented examples are checked
//! against the rule's `transcript` example.
//!
//! `FIXTURE=substring` runs only matching fixtures; `FIXTURE_DUMP=1` prints findings.

#[path = "support/annotations.rs"]
mod annotations;

use annotations::Fixture;
use copydesk::config::Config;
use copydesk::engine::Format;
use copydesk::engine::transcript::TranscriptIndex;
use copydesk::rules::transcripts::TranscriptInput;
use copydesk::rules::{Finding, RULES, Severity, check_with, rule};
use std::path::{Path, PathBuf};

const FIXTURE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rules");
const TRANSCRIPT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/transcripts");

/// The fixture interviews, for rules that read transcripts.
fn interviews(rule_id: &str) -> Option<TranscriptIndex> {
    let r = rule(rule_id)?;
    if r.transcript.is_empty() {
        return None;
    }
    let loaded =
        copydesk::transcripts::load(Path::new(TRANSCRIPT_DIR), &Config::default().transcripts);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert_eq!(loaded.index.transcripts.len(), 4);
    Some(loaded.index)
}

/// The default configuration with every rule switched on.
fn all_on() -> Config {
    let mut c = Config::default();
    for r in RULES {
        if r.default.is_none() {
            c.rules.insert(r.id.to_string(), Some(Severity::Hint));
        }
    }
    c
}

/// Problems of one fixture (empty when it passes).
fn check_fixture(name: &str, rule_id: &str, source: &str) -> Vec<String> {
    let f: Fixture = annotations::parse(source);
    let ix = interviews(rule_id);
    let input = ix.as_ref().map(|index| TranscriptInput {
        index,
        draft_dir: None,
    });
    let findings = check_with(&f.text, Format::Markdown, &all_on(), input.as_ref());
    if std::env::var("FIXTURE_DUMP").is_ok() {
        for x in &findings {
            let l = annotations::line_of(&f, x.span.start);
            eprintln!(
                "{name}:{l}: {} {:?} {}",
                x.rule,
                &f.text[x.span.clone()],
                x.message
            );
        }
    }
    let mut problems = Vec::new();
    let mut used = vec![false; findings.len()];
    let mut checked: Vec<&str> = vec![rule_id];
    for a in &f.annotations {
        if rule(&a.tag).is_none() {
            problems.push(format!(
                "{name}:{}: annotation names unknown rule `{}`",
                a.fixture_line, a.tag
            ));
            continue;
        }
        if !checked.contains(&a.tag.as_str()) {
            checked.push(&a.tag);
        }
        let line = annotations::line_of(&f, a.span.start);
        let line_end = f.lines[line - 1].end;
        let exact_end = a.span.end < line_end;
        // `^^^ rule-id severity=hint`: the finding must also have that severity.
        let severity = a.attr("severity");
        let hit = findings.iter().enumerate().position(|(i, x)| {
            !used[i]
                && x.rule == a.tag
                && x.span.start == a.span.start
                && (!exact_end || x.span.end == a.span.end)
                && severity.is_none_or(|s| format!("{:?}", x.severity).eq_ignore_ascii_case(s))
        });
        match hit {
            Some(i) => used[i] = true,
            None => {
                let near: Vec<String> = findings
                    .iter()
                    .filter(|x| x.rule == a.tag && annotations::line_of(&f, x.span.start) == line)
                    .map(|x| format!("{:?} ({:?})", &f.text[x.span.clone()], x.severity))
                    .collect();
                problems.push(format!(
                    "{name}:{}: expected `{}` at {:?}; found on that line: {}",
                    a.fixture_line,
                    a.tag,
                    &f.text[a.span.clone()],
                    if near.is_empty() {
                        "nothing".to_string()
                    } else {
                        near.join(", ")
                    }
                ));
            }
        }
    }
    for (i, x) in findings.iter().enumerate() {
        if used[i] || !checked.contains(&x.rule) {
            continue;
        }
        let line = annotations::line_of(&f, x.span.start);
        problems.push(format!(
            "{name}: unexpected `{}` on draft line {line} at {:?}: {}",
            x.rule,
            &f.text[x.span.clone()],
            x.message
        ));
    }
    problems
}

fn fixture_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(FIXTURE_DIR)
        .expect("fixture dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

#[test]
fn rule_fixtures() {
    let filter = std::env::var("FIXTURE").ok();
    let mut problems = Vec::new();
    let mut ran = 0;
    for path in fixture_files() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if filter.as_ref().is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        let id = name.trim_end_matches(".md");
        assert!(rule(id).is_some(), "fixture {name} does not name a rule");
        let source = std::fs::read_to_string(&path).unwrap();
        problems.extend(check_fixture(&name, id, &source));
        ran += 1;
    }
    assert!(ran > 0, "no fixtures ran");
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn every_default_rule_has_a_fixture() {
    let missing: Vec<&str> = RULES
        .iter()
        .map(|r| r.id)
        .filter(|id| !std::path::Path::new(&format!("{FIXTURE_DIR}/{id}.md")).exists())
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

#[test]
fn a_wrong_annotation_fails() {
    // The annotation points one word off: the harness must report it.
    let src = "The mayor sent an e-mail to the council.\n               ^^^^^^ house-style-term\n";
    let problems = check_fixture("inline", "house-style-term", src);
    assert!(!problems.is_empty());
    // A missing annotation (a silent line that fires) is reported too.
    let problems = check_fixture("inline", "house-style-term", "Send an e-mail.\n");
    assert!(!problems.is_empty());
    // And the right one passes.
    let ok =
        "The mayor sent an e-mail to the council.\n                  ^^^^^^ house-style-term\n";
    assert_eq!(
        check_fixture("inline", "house-style-term", ok),
        Vec::<String>::new()
    );
}

fn fires(text: &str, id: &str) -> Vec<Finding> {
    let r = rule(id).expect("rule");
    let ix = (!r.transcript.is_empty()).then(|| {
        TranscriptIndex::build(vec![(
            "transcripts/interview.txt".into(),
            r.transcript.into(),
        )])
    });
    let input = ix.as_ref().map(|index| TranscriptInput {
        index,
        draft_dir: Some(""),
    });
    check_with(text, Format::Markdown, &all_on(), input.as_ref())
        .into_iter()
        .filter(|f| f.rule == id)
        .collect()
}

#[test]
fn documented_examples() {
    let mut problems = Vec::new();
    for r in RULES {
        if fires(r.flagged, r.id).is_empty() {
            problems.push(format!("{}: the flagged example does not fire", r.id));
        }
        let wrong = fires(r.fixed, r.id);
        if !wrong.is_empty() {
            problems.push(format!(
                "{}: the fixed example fires: {}",
                r.id,
                wrong
                    .iter()
                    .map(|f| f.message.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
        for field in [r.summary, r.what, r.why, r.fix] {
            if field.trim().is_empty() {
                problems.push(format!("{}: empty documentation field", r.id));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn rule_ids_are_unique_and_kebab_case() {
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    for id in &ids {
        assert!(
            id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{id}"
        );
    }
    ids.sort();
    let n = ids.len();
    ids.dedup();
    assert_eq!(n, ids.len());
}

#[test]
fn fixes_apply_cleanly() {
    // Applying every safe fix of every flagged example must not panic or overlap.
    for r in RULES {
        for f in fires(r.flagged, r.id) {
            for fix in &f.fixes {
                let mut edits = fix.edits.clone();
                edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
                let mut text = r.flagged.to_string();
                for e in &edits {
                    assert!(e.span.end <= text.len(), "{}: edit out of range", r.id);
                    text.replace_range(e.span.clone(), &e.replacement);
                }
            }
        }
    }
}
