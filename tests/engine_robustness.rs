//! The engine never panics and every span it returns lies inside the input on char
//! boundaries, whatever the text. Inputs are generated from a palette of the characters
//! that drive the engine's decisions (quote marks, apostrophes, Markdown syntax, line
//! breaks, multi-byte characters) with a fixed-seed generator, so failures reproduce.

use copydesk::engine::{Format, analyze};
use std::ops::Range;

const PALETTE: &[&str] = &[
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "'",
    "''",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    ".",
    ",",
    ":",
    ";",
    "?",
    "!",
    "—",
    "―",
    "-",
    "(",
    ")",
    "[",
    "]",
    "*",
    "_",
    "`",
    "```",
    "#",
    "> ",
    "- ",
    "1. ",
    "|",
    "<!--",
    "-->",
    "<b>",
    "---\n",
    "+++\n",
    "said",
    "Ortiz",
    "Lena",
    "she",
    "the mayor",
    "according to",
    "Mr.",
    "U.S.",
    "a.m.",
    "told reporters",
    "é",
    "Zoë",
    "🎉",
    "👍🏽",
    "中文",
    "e\u{301}",
    "\u{a0}",
    "\t",
    "http://x.y",
    "[a](b)",
    "![i](u)",
    "\\",
    "&amp;",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn check_span(text: &str, r: &Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{what} {r:?} outside text of {} bytes: {text:?}",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what} {r:?} not on char boundaries: {text:?}"
    );
}

fn check(text: &str, format: Format) {
    let a = analyze(text, format);
    assert_eq!(
        a.draft.prose.len(),
        text.len(),
        "prose length differs: {text:?}"
    );
    for q in &a.quotes {
        check_span(text, &q.span, "quote");
        for p in &q.pieces {
            check_span(text, p, "piece");
        }
        if let Some(s) = &q.speaker {
            check_span(text, &s.span, "speaker");
        }
        if let Some(c) = &q.cue {
            check_span(text, &c.span, "cue");
        }
    }
    for u in &a.unbalanced {
        check_span(text, &u.span, "unbalanced mark");
    }
    for s in &a.sources {
        check_span(text, &s.first_reference, "first reference");
        for m in &s.mentions {
            check_span(text, m, "mention");
        }
    }
}

#[test]
fn random_drafts_never_break_the_engine() {
    let mut rng = Lcg(0x5eed);
    for _ in 0..3000 {
        let len = (rng.next() % 80) as usize;
        let text: String = (0..len)
            .map(|_| PALETTE[(rng.next() as usize) % PALETTE.len()])
            .collect();
        check(&text, Format::Markdown);
        check(&text, Format::Text);
    }
}

#[test]
fn deep_nesting_and_long_lines_stay_total() {
    let nested = format!("{}“quote”, she said.", "> ".repeat(2000));
    check(&nested, Format::Markdown);
    let long_line = "“a” ".repeat(20_000);
    check(&long_line, Format::Markdown);
    let marks = "'".repeat(5000) + &"\"".repeat(5000);
    check(&marks, Format::Markdown);
}
