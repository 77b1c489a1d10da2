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

/// Transcript-shaped pieces on top of the palette: labels, timings, tags, ellipses.
const TRANSCRIPT_PALETTE: &[&str] = &[
    "ORTIZ: ",
    "Lena Ortiz:",
    "**Ortiz:** ",
    "Q: ",
    "A: ",
    "Interviewee: Lena Ortiz\n",
    "[00:01:02] ",
    "(1:02)",
    "00:00:01.000 --> 00:00:02.000\n",
    "00:00:01,000 --> 00:00:02,000",
    "WEBVTT\n\n",
    "NOTE x\n",
    "<v Ortiz>",
    "<v.loud",
    "</v>",
    "<i>",
    "{\\an8}",
    "&#39;",
    "&",
    "…",
    "...",
    ". . .",
    "we will not",
    "won’t",
    "close",
    "\n\n1\n",
];

#[test]
fn random_transcripts_never_break_parsing_or_matching() {
    use copydesk::engine::transcript::{TranscriptIndex, verify_quotes};
    let mut rng = Lcg(0x7a11);
    let piece = |rng: &mut Lcg| -> &'static str {
        let n = (PALETTE.len() + TRANSCRIPT_PALETTE.len()) as u64;
        let i = (rng.next() % n) as usize;
        if i < PALETTE.len() {
            PALETTE[i]
        } else {
            TRANSCRIPT_PALETTE[i - PALETTE.len()]
        }
    };
    for round in 0..300 {
        let files: Vec<(String, String)> = ["a.txt", "b.md", "c.vtt", "d.srt"]
            .iter()
            .map(|name| {
                let len = (rng.next() % 120) as usize;
                let text: String = (0..len).map(|_| piece(&mut rng)).collect();
                (name.to_string(), text)
            })
            .collect();
        let ix = TranscriptIndex::build(files);
        for t in &ix.transcripts {
            for s in &t.parsed.segments {
                check_span(&t.text, &s.span, "segment");
                if let Some(ts) = &s.time {
                    check_span(&t.text, ts, "timestamp");
                }
            }
        }
        for (i, w) in ix.words.iter().enumerate() {
            let t = &ix.transcripts[ix.owner[i] as usize];
            check_span(&t.text, &w.span(), "transcript word");
        }
        let len = (rng.next() % 60) as usize;
        let draft: String = (0..len).map(|_| piece(&mut rng)).collect();
        let a = analyze(&draft, Format::Markdown);
        let v = verify_quotes(&a, &ix, &|_| round % 2 == 0);
        assert_eq!(v.len(), a.quotes.len());
        for p in v.iter().flatten().filter_map(|v| v.passage.as_ref()) {
            let t = &ix.transcripts[p.transcript];
            check_span(&t.text, &p.span, "passage");
            for h in &p.hunks {
                check_span(&draft, &h.draft, "hunk in the draft");
                check_span(&t.text, &h.transcript, "hunk in the transcript");
            }
        }
    }
}
