//! Checks shared by the fuzz targets.

use copydesk::config::Config;
use copydesk::engine::{Format, analyze};
use copydesk::rules::{self, fix};
use std::ops::Range;

/// The text of fuzz input bytes: valid UTF-8 as is, anything else decoded lossily (the
/// server and CLI only ever hand the engine `str`).
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

fn span_ok(text: &str, r: &Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{what} {r:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what} {r:?} not on char boundaries"
    );
}

/// Analyse and check `text`: no panic, every span inside the text on char boundaries,
/// every fix's edits valid and non-overlapping, "fix all" applies every edit it takes.
pub fn engine(text: &str, format: Format) {
    let a = analyze(text, format);
    assert_eq!(a.draft.prose.len(), text.len(), "prose length");
    for b in &a.draft.blocks {
        span_ok(text, &b.span, "block");
    }
    for q in &a.quotes {
        span_ok(text, &q.span, "quote");
        for p in &q.pieces {
            span_ok(text, p, "piece");
        }
        if let Some(s) = &q.speaker {
            span_ok(text, &s.span, "speaker");
        }
        if let Some(c) = &q.cue {
            span_ok(text, &c.span, "cue");
        }
    }
    for u in &a.unbalanced {
        span_ok(text, &u.span, "unbalanced mark");
    }
    for s in &a.sources {
        span_ok(text, &s.first_reference, "first reference");
        for m in &s.mentions {
            span_ok(text, m, "mention");
        }
    }
    let findings = rules::check_analysis(text, &a, &Config::default());
    for f in &findings {
        span_ok(text, &f.span, f.rule);
        for (r, _) in &f.related {
            span_ok(text, r, "related");
        }
        for x in &f.fixes {
            let mut edits: Vec<&Range<usize>> = x.edits.iter().map(|e| &e.span).collect();
            edits.sort_by_key(|r| (r.start, r.end));
            for e in &edits {
                span_ok(text, e, "fix edit");
            }
            for w in edits.windows(2) {
                assert!(w[0].end <= w[1].start, "{}: overlapping edits in one fix", f.rule);
            }
        }
    }
    // Fix all: every edit taken is applied (none skipped by `apply_edits`' guards), so
    // the result's length is exactly predicted by the edits.
    let edits = fix::safe_edits(&findings);
    let fixed = fix::apply_edits(text, &edits);
    let expected: isize = text.len() as isize
        + edits
            .iter()
            .map(|e| e.replacement.len() as isize - (e.span.end - e.span.start) as isize)
            .sum::<isize>();
    assert_eq!(fixed.len() as isize, expected, "fix all skipped an edit");
    // The fixed text is a draft too.
    let _ = rules::check(&fixed, format, &Config::default());
}
