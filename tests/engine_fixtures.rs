//! Data-driven fixture tests for the attribution engine.
//!
//! Every file in `tests/fixtures/engine/` is a small invented draft (`.md` is read as
//! Markdown, `.txt` as plain text) with caret annotations (see `support/annotations.rs`).
//! The annotation lines are removed, the engine runs on what is left, and the result is
//! compared with the annotations:
//!
//! * `quote` — a quotation starts exactly at the first caret. When the carets stop before
//!   the end of their line, the quotation must end exactly at the last caret; when they
//!   reach the end of the line, the quotation must end there or run on (running quotes,
//!   soft-wrapped paragraphs). Optional attributes:
//!   `kind=quotation|partial|scare|title|nickname`, `speaker="Full Name"` (the resolved
//!   `speaker.name`, case-sensitive) or `speaker=none`, `mention="she"` (the speaker as
//!   written), `speaker_kind=person|role|organization|publication|document|pronoun`,
//!   `cue="said"` (the cue text as written) or `cue=none`.
//! * `nested` — a quotation nested inside another one covers exactly the carets.
//! * `unbalanced` — an unmatched quotation mark starts at the first caret; optional
//!   `which=open|close`. It also claims the unclosed quotation the engine keeps for an
//!   opening mark that is never closed (a `quote` annotation on the same mark may still
//!   check that quotation's attributes).
//!
//! * `source` — a mention of a ledger source (`Analysis::sources`) covers exactly the
//!   carets. Optional attributes: `name="Full Name"` (the entry's name) and
//!   `kind=person|role|organization|publication|document`.
//! * `no-source` — no ledger source has a mention that overlaps the carets (a place, a
//!   storm, a prize: capitalised, but nobody to quote).
//!
//! Silence: every quotation or partial quote, and every unbalanced mark, that no annotation
//! claims (by its start offset) is an error. This is stricter than "lines without
//! annotations": a stray quote found on an annotated line (say an apostrophe read as a
//! quotation mark) is reported too. Scare quotes, titles and nicknames need no
//! annotation, but when one is annotated its kind is checked.
//!
//! All problems of all fixtures are collected and reported at once, each as
//! `file:line` of the fixture, the draft line, and what was expected and found.
//!
//! Environment: `FIXTURE=substring` runs only the fixtures whose file name contains it;
//! `FIXTURE_DUMP=1` prints what the engine found in each fixture.

#[path = "support/annotations.rs"]
mod annotations;

use annotations::{Annotation, Fixture};
use copydesk::engine::quotes::Unmatched;
use copydesk::engine::{Analysis, Format, Quote, QuoteKind, SourceKind, SpeakerKind, analyze};
use std::ops::Range;
use std::path::{Path, PathBuf};

const FIXTURE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/engine");

/// One mismatch between a fixture and the engine.
#[derive(Debug)]
struct Problem {
    /// 1-based line in the fixture file.
    line: usize,
    /// The draft line the problem is about.
    context: String,
    message: String,
}

/// A parsed fixture plus the fixture-file line number of every cleaned text line.
struct Case {
    fixture: Fixture,
    fixture_lines: Vec<usize>,
}

impl Case {
    fn parse(source: &str) -> Case {
        let fixture = annotations::parse(source);
        let fixture_lines = source
            .split_inclusive('\n')
            .enumerate()
            .filter(|(_, l)| !l.trim_start().starts_with('^'))
            .map(|(i, _)| i + 1)
            .collect();
        Case {
            fixture,
            fixture_lines,
        }
    }

    /// 0-based index of the cleaned text line holding `offset`.
    fn line_index(&self, offset: usize) -> usize {
        annotations::line_of(&self.fixture, offset).saturating_sub(1)
    }

    fn line_range(&self, idx: usize) -> Range<usize> {
        self.fixture
            .lines
            .get(idx)
            .cloned()
            .unwrap_or(self.fixture.text.len()..self.fixture.text.len())
    }

    fn line_text(&self, idx: usize) -> String {
        self.fixture.text[self.line_range(idx)].to_string()
    }

    /// Fixture-file line of the text line holding `offset`.
    fn fixture_line_of(&self, offset: usize) -> usize {
        let idx = self.line_index(offset);
        self.fixture_lines.get(idx).copied().unwrap_or(0)
    }

    /// 1-based character column of `offset` on its line.
    fn column(&self, offset: usize) -> usize {
        let r = self.line_range(self.line_index(offset));
        let start = r.start.min(offset);
        self.fixture.text[start..offset].chars().count() + 1
    }
}

fn kind_name(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Quotation => "quotation",
        QuoteKind::Partial => "partial",
        QuoteKind::Scare => "scare",
        QuoteKind::Title => "title",
        QuoteKind::Nickname => "nickname",
    }
}

fn speaker_kind_name(k: SpeakerKind) -> &'static str {
    match k {
        SpeakerKind::Person => "person",
        SpeakerKind::Role => "role",
        SpeakerKind::Organization => "organization",
        SpeakerKind::Publication => "publication",
        SpeakerKind::Document => "document",
        SpeakerKind::Pronoun => "pronoun",
    }
}

/// Shorten long text for messages.
fn clip(s: &str, max: usize) -> String {
    let one_line: String = s.chars().map(|c| if c == '\n' { '⏎' } else { c }).collect();
    if one_line.chars().count() <= max {
        one_line
    } else {
        let head: String = one_line.chars().take(max).collect();
        format!("{head}…")
    }
}

/// A quote described in annotation syntax, so a line can be pasted into a fixture.
fn describe(text: &str, q: &Quote) -> String {
    let mut s = format!(
        "{} kind={}",
        clip(text.get(q.span.clone()).unwrap_or("?"), 60),
        kind_name(q.kind)
    );
    match &q.speaker {
        Some(sp) => s.push_str(&format!(
            " speaker=\"{}\" mention=\"{}\" speaker_kind={}",
            sp.name,
            sp.mention,
            speaker_kind_name(sp.kind)
        )),
        None => s.push_str(" speaker=none"),
    }
    match &q.cue {
        Some(c) => s.push_str(&format!(" cue=\"{}\"", c.text)),
        None => s.push_str(" cue=none"),
    }
    s
}

const QUOTE_ATTRS: [&str; 5] = ["kind", "speaker", "mention", "cue", "speaker_kind"];

/// Compare one `quote` annotation's attributes with the quote found; returns the diffs.
fn attr_diffs(ann: &Annotation, q: &Quote) -> Vec<String> {
    let mut diffs = Vec::new();
    for (key, want) in &ann.attrs {
        let got: String = match key.as_str() {
            "kind" => kind_name(q.kind).to_string(),
            "speaker" => q
                .speaker
                .as_ref()
                .map_or("none".to_string(), |s| s.name.clone()),
            "mention" => q
                .speaker
                .as_ref()
                .map_or("none".to_string(), |s| s.mention.clone()),
            "speaker_kind" => q.speaker.as_ref().map_or("none".to_string(), |s| {
                speaker_kind_name(s.kind).to_string()
            }),
            "cue" => q
                .cue
                .as_ref()
                .map_or("none".to_string(), |c| c.text.clone()),
            other => {
                diffs.push(format!(
                    "unknown attribute `{other}` (known: {})",
                    QUOTE_ATTRS.join(", ")
                ));
                continue;
            }
        };
        if &got != want {
            diffs.push(format!("{key}: expected \"{want}\", got \"{got}\""));
        }
    }
    diffs
}

/// Check one fixture; returns its problems (empty when the engine meets every annotation).
fn check(source: &str, format: Format) -> Vec<Problem> {
    let case = Case::parse(source);
    let text = case.fixture.text.as_str();
    let a: Analysis = analyze(text, format);
    let mut problems = Vec::new();
    let mut claimed_quotes = vec![false; a.quotes.len()];
    let mut claimed_marks = vec![false; a.unbalanced.len()];

    for ann in &case.fixture.annotations {
        let idx = case.line_index(ann.span.start);
        let line = case.line_range(idx);
        let context = case.line_text(idx);
        let marked = &text[ann.span.clone()];
        let mut fail = |message: String| {
            problems.push(Problem {
                line: ann.fixture_line,
                context: context.clone(),
                message,
            })
        };
        if ann.span.is_empty() {
            fail("annotation carets cover nothing (past the end of the line?)".into());
            continue;
        }
        // What the engine has on this line, for messages.
        let on_line = || {
            let found: Vec<String> = a
                .quotes
                .iter()
                .filter(|q| case.line_index(q.span.start) == idx)
                .map(|q| format!("col {}: {}", case.column(q.span.start), describe(text, q)))
                .collect();
            if found.is_empty() {
                "no quotation starts on this line".to_string()
            } else {
                found.join("; ")
            }
        };
        match ann.tag.as_str() {
            "quote" => {
                let Some(qi) = a.quotes.iter().position(|q| q.span.start == ann.span.start) else {
                    let extra = if a.unbalanced.iter().any(|u| u.span.start == ann.span.start) {
                        " (the engine reports an unbalanced mark there)"
                    } else if a
                        .quotes
                        .iter()
                        .any(|q| q.nested.iter().any(|n| n.start == ann.span.start))
                    {
                        " (the engine nests it inside another quotation)"
                    } else {
                        ""
                    };
                    fail(format!(
                        "expected a quote at col {} `{}`{extra}; got: {}",
                        case.column(ann.span.start),
                        clip(marked, 50),
                        on_line()
                    ));
                    continue;
                };
                claimed_quotes[qi] = true;
                let q = &a.quotes[qi];
                let mut diffs = Vec::new();
                let runs_to_line_end = ann.span.end >= line.end;
                if runs_to_line_end {
                    if q.span.end < ann.span.end {
                        diffs.push(format!(
                            "span: expected to reach the end of the line or run on, got it ending at col {} `{}`",
                            case.column(q.span.end),
                            clip(&text[q.span.clone()], 50)
                        ));
                    }
                } else if q.span.end != ann.span.end {
                    diffs.push(format!(
                        "span: expected `{}`, got `{}`",
                        clip(marked, 50),
                        clip(&text[q.span.clone()], 80)
                    ));
                }
                diffs.extend(attr_diffs(ann, q));
                if !diffs.is_empty() {
                    fail(format!(
                        "quote `{}`: {}\n      engine: {}",
                        clip(marked, 50),
                        diffs.join("; "),
                        describe(text, q)
                    ));
                }
            }
            "nested" => {
                let hit = a.quotes.iter().any(|q| q.nested.contains(&ann.span));
                if !hit {
                    let nested: Vec<String> = a
                        .quotes
                        .iter()
                        .flat_map(|q| q.nested.iter())
                        .filter(|n| case.line_index(n.start) == idx)
                        .map(|n| format!("`{}`", clip(&text[n.clone()], 40)))
                        .collect();
                    fail(format!(
                        "expected a nested quotation `{}`; got nested: [{}]; quotes: {}",
                        clip(marked, 50),
                        nested.join(", "),
                        on_line()
                    ));
                }
            }
            "unbalanced" => {
                let Some(ui) = a
                    .unbalanced
                    .iter()
                    .position(|u| u.span.start == ann.span.start)
                else {
                    let marks: Vec<String> = a
                        .unbalanced
                        .iter()
                        .filter(|u| case.line_index(u.span.start) == idx)
                        .map(|u| format!("col {}", case.column(u.span.start)))
                        .collect();
                    fail(format!(
                        "expected an unbalanced mark at col {} `{}`; got unbalanced marks: [{}]; quotes: {}",
                        case.column(ann.span.start),
                        clip(marked, 10),
                        marks.join(", "),
                        on_line()
                    ));
                    continue;
                };
                claimed_marks[ui] = true;
                // An opening mark that is never closed also leaves an unclosed quotation
                // running to the end of its paragraph; the annotation claims that too.
                if let Some(qi) = a
                    .quotes
                    .iter()
                    .position(|q| q.span.start == ann.span.start && !q.closed)
                {
                    claimed_quotes[qi] = true;
                }
                for (key, want) in &ann.attrs {
                    if key != "which" {
                        fail(format!(
                            "unknown attribute `{key}` for unbalanced (known: which)"
                        ));
                        continue;
                    }
                    let got = match a.unbalanced[ui].which {
                        Unmatched::Open => "open",
                        Unmatched::Close => "close",
                    };
                    if got != want {
                        fail(format!("unbalanced which: expected {want}, got {got}"));
                    }
                }
            }
            "source" => {
                let Some(src) = a.sources.iter().find(|s| s.mentions.contains(&ann.span)) else {
                    fail(format!(
                        "expected a source mention `{}`; got: {}",
                        clip(marked, 50),
                        sources_on(&a, &case, idx)
                    ));
                    continue;
                };
                for (key, want) in &ann.attrs {
                    let got = match key.as_str() {
                        "name" => src.name.clone(),
                        "kind" => source_kind_name(src.kind).to_string(),
                        _ => {
                            fail(format!(
                                "unknown attribute `{key}` for source (known: name, kind)"
                            ));
                            continue;
                        }
                    };
                    if &got != want {
                        fail(format!(
                            "source `{}`: {key}: expected {want:?}, got {got:?}",
                            clip(marked, 50)
                        ));
                    }
                }
            }
            "no-source" => {
                if a.sources.iter().any(|s| {
                    s.mentions
                        .iter()
                        .any(|m| m.start < ann.span.end && ann.span.start < m.end)
                }) {
                    fail(format!(
                        "expected no source mention over `{}`; got: {}",
                        clip(marked, 50),
                        sources_on(&a, &case, idx)
                    ));
                }
            }
            other => fail(format!(
                "unknown annotation tag `{other}` (known: quote, nested, unbalanced, source, no-source)"
            )),
        }
    }

    // Silence: nothing else that needs a speaker, and no other unbalanced mark.
    for (qi, q) in a.quotes.iter().enumerate() {
        if claimed_quotes[qi] || !q.kind.is_speech() {
            continue;
        }
        let idx = case.line_index(q.span.start);
        problems.push(Problem {
            line: case.fixture_line_of(q.span.start),
            context: case.line_text(idx),
            message: format!(
                "unexpected quote at col {}: {}",
                case.column(q.span.start),
                describe(text, q)
            ),
        });
    }
    for (ui, u) in a.unbalanced.iter().enumerate() {
        if claimed_marks[ui] {
            continue;
        }
        let idx = case.line_index(u.span.start);
        problems.push(Problem {
            line: case.fixture_line_of(u.span.start),
            context: case.line_text(idx),
            message: format!(
                "unexpected unbalanced mark `{}` at col {}",
                &text[u.span.clone()],
                case.column(u.span.start)
            ),
        });
    }
    problems.sort_by_key(|p| p.line);
    problems
}

/// The ledger sources with a mention on line `idx`, for messages.
fn sources_on(a: &Analysis, case: &Case, idx: usize) -> String {
    let found: Vec<String> = a
        .sources
        .iter()
        .flat_map(|s| s.mentions.iter().map(move |m| (s, m)))
        .filter(|(_, m)| case.line_index(m.start) == idx)
        .map(|(s, m)| {
            format!(
                "col {}: `{}` → {:?} {}",
                case.column(m.start),
                &case.fixture.text[m.clone()],
                s.name,
                source_kind_name(s.kind)
            )
        })
        .collect();
    if found.is_empty() {
        "no source mention on this line".to_string()
    } else {
        found.join("; ")
    }
}

fn source_kind_name(k: SourceKind) -> &'static str {
    match k {
        SourceKind::Person => "person",
        SourceKind::Role => "role",
        SourceKind::Organization => "organization",
        SourceKind::Publication => "publication",
        SourceKind::Document => "document",
    }
}

fn format_of(path: &Path) -> Option<Format> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("md") => Some(Format::Markdown),
        Some("txt") => Some(Format::Text),
        _ => None,
    }
}

fn fixture_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(FIXTURE_DIR)
        .unwrap_or_else(|e| panic!("cannot read {FIXTURE_DIR}: {e}"))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn dump(name: &str, source: &str, format: Format) {
    let case = Case::parse(source);
    let text = case.fixture.text.as_str();
    let a = analyze(text, format);
    eprintln!("=== {name}");
    for q in &a.quotes {
        eprintln!(
            "  {}:{} {}",
            case.fixture_line_of(q.span.start),
            case.column(q.span.start),
            describe(text, q)
        );
    }
    for u in &a.unbalanced {
        eprintln!(
            "  {}:{} unbalanced {:?} `{}`",
            case.fixture_line_of(u.span.start),
            case.column(u.span.start),
            u.which,
            &text[u.span.clone()]
        );
    }
}

#[test]
fn engine_fixtures() {
    let filter = std::env::var("FIXTURE").ok();
    let dump_all = std::env::var_os("FIXTURE_DUMP").is_some();
    let mut report = String::new();
    let mut failures = 0;
    let mut checked = 0;
    for path in fixture_files() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        let shown = format!("tests/fixtures/engine/{name}");
        let Some(format) = format_of(&path) else {
            report.push_str(&format!("{shown}: not a fixture (use .md or .txt)\n"));
            failures += 1;
            continue;
        };
        let source =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {shown}: {e}"));
        if dump_all {
            dump(&shown, &source, format);
        }
        checked += 1;
        for p in check(&source, format) {
            failures += 1;
            report.push_str(&format!(
                "{shown}:{}: {}\n    | {}\n",
                p.line,
                p.message,
                clip(&p.context, 110)
            ));
        }
    }
    assert!(
        checked > 0 || filter.is_some(),
        "no fixtures in {FIXTURE_DIR}"
    );
    if failures > 0 {
        panic!("{failures} fixture mismatch(es) in {checked} fixture file(s):\n\n{report}");
    }
}

// ---------------------------------------------------------------------------------------
// The harness checks itself: wrong annotations must be reported.

const GOOD: &str = "Transit director Lena Ortiz spoke Tuesday.\n\n“We are ready,” Ortiz said.\n^^^^^^^^^^^^^^^ quote kind=quotation speaker=\"Lena Ortiz\" mention=Ortiz speaker_kind=person cue=said\n";

fn messages(source: &str) -> Vec<String> {
    check(source, Format::Markdown)
        .into_iter()
        .map(|p| p.message)
        .collect()
}

#[test]
fn harness_accepts_a_correct_fixture() {
    let got = messages(GOOD);
    assert!(got.is_empty(), "a correct fixture was rejected: {got:#?}");
}

#[test]
fn harness_reports_wrong_annotations() {
    let cases: [(&str, &str, &str); 10] = [
        (
            "wrong speaker",
            "speaker=\"Lena Ortiz\"",
            "speaker=\"Ana Ruiz\"",
        ),
        ("wrong kind", "kind=quotation", "kind=partial"),
        ("wrong mention", "mention=Ortiz", "mention=she"),
        ("wrong cue", "cue=said", "cue=told"),
        (
            "wrong speaker kind",
            "speaker_kind=person",
            "speaker_kind=role",
        ),
        ("speaker=none", "speaker=\"Lena Ortiz\"", "speaker=none"),
        (
            "carets one short",
            "^^^^^^^^^^^^^^^ quote",
            "^^^^^^^^^^^^^^ quote",
        ),
        (
            "carets shifted",
            "^^^^^^^^^^^^^^^ quote",
            " ^^^^^^^^^^^^^^ quote",
        ),
        ("unknown attribute", "cue=said", "cue=said speeker=x"),
        (
            "unknown tag",
            "^^^^^^^^^^^^^^^ quote",
            "^^^^^^^^^^^^^^^ qoute",
        ),
    ];
    for (what, from, to) in cases {
        let bad = GOOD.replacen(from, to, 1);
        assert_ne!(bad, GOOD, "{what}: the replacement did not apply");
        let got = messages(&bad);
        assert!(!got.is_empty(), "{what}: a wrong annotation passed:\n{bad}");
    }
}

#[test]
fn harness_reports_unannotated_quotes_and_marks() {
    // No annotation at all: the quotation is unexpected.
    let bare = GOOD
        .lines()
        .filter(|l| !l.starts_with('^'))
        .collect::<Vec<_>>()
        .join("\n");
    let got = messages(&bare);
    assert!(
        got.iter().any(|m| m.starts_with("unexpected quote")),
        "an unannotated quotation passed: {got:#?}"
    );
    // A stray quotation on an annotated line is reported too.
    let two = "“We are ready,” Lena Ortiz said, and “we mean it.”\n^^^^^^^^^^^^^^^ quote speaker=\"Lena Ortiz\"\n";
    let got = messages(two);
    assert!(
        got.iter().any(|m| m.starts_with("unexpected quote")),
        "a second quotation on an annotated line passed: {got:#?}"
    );
    // An unbalanced mark nobody annotated, and an `unbalanced` annotation where the
    // marks are balanced.
    let open = "“We are ready, Ortiz said.\n";
    let got = messages(open);
    assert!(
        got.iter().any(|m| m.starts_with("unexpected unbalanced")),
        "an unannotated unbalanced mark passed: {got:#?}"
    );
    let balanced = GOOD.replacen("^^^^^^^^^^^^^^^ quote", "^ unbalanced", 1);
    let got = messages(&balanced);
    assert!(
        got.iter()
            .any(|m| m.starts_with("expected an unbalanced mark")),
        "an `unbalanced` annotation on balanced marks passed: {got:#?}"
    );
}

#[test]
fn harness_reports_fixture_lines() {
    // Problems point at the annotation's line in the fixture file (line 4 here).
    let bad = GOOD.replacen("speaker=\"Lena Ortiz\"", "speaker=\"Ana Ruiz\"", 1);
    let got = check(&bad, Format::Markdown);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].line, 4);
    assert!(
        got[0]
            .message
            .contains("expected \"Ana Ruiz\", got \"Lena Ortiz\""),
        "{got:#?}"
    );
    // Unexpected quotes point at the text line (line 3).
    let bare = GOOD
        .lines()
        .filter(|l| !l.starts_with('^'))
        .collect::<Vec<_>>()
        .join("\n");
    let got = check(&bare, Format::Markdown);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].line, 3);
}

#[test]
fn harness_checks_source_annotations() {
    let fixture = |lines: &[&str]| lines.join("\n") + "\n";
    let text = "Transit director Lena Ortiz spoke Tuesday. Ortiz left.";
    let good = fixture(&[
        text,
        "                 ^^^^^^^^^^ source name=\"Lena Ortiz\" kind=person",
        "                            ^^^^^^^^^^^^^ no-source",
    ]);
    assert!(messages(&good).is_empty(), "{:#?}", messages(&good));
    let bad = fixture(&[
        text,
        "                 ^^^^^^^^^^ source name=\"Ortiz\" kind=organization",
        "                 ^^^^^^^^^^ no-source",
        "                            ^^^^^ source",
    ]);
    let got = messages(&bad);
    assert_eq!(got.len(), 4, "{got:#?}");
    assert!(got[0].contains("name: expected \"Ortiz\""), "{got:#?}");
    assert!(
        got[1].contains("kind: expected \"organization\""),
        "{got:#?}"
    );
    assert!(got[2].contains("expected no source mention"), "{got:#?}");
    assert!(got[3].contains("expected a source mention"), "{got:#?}");
}
