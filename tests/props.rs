//! Property tests (proptest): position conversion in both encodings against a plain
//! reference scan (tests/support/positions.rs), incremental edits against a reference
//! string, and "incremental edits = fresh open" through the in-process server.

mod lsp_client;
#[path = "support/positions.rs"]
mod positions;

use copydesk::server::position::{Encoding, apply_change, offset, position};
use lsp_client::TestClient;
use proptest::prelude::*;
use ropey::Rope;
use serde_json::{Value, json};
use tower_lsp_server::ls_types::{Position, Range};

/// Pieces of text that matter to positions: every kind of line break, 1- to 4-byte
/// characters, surrogate pairs, combining marks, quotation marks.
const PALETTE: &[&str] = &[
    "a", "Ortiz", " ", "\n", "\r\n", "\r", "\n\n", "é", "e\u{301}", "“", "”", "’", "日本", "😀",
    "👍🏽", "\t", "said", ".", "> ",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PALETTE), 0..40).prop_map(|v| v.concat())
}

fn enc(utf8: bool) -> Encoding {
    if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

/// Between the CR and LF of a CRLF there is no LSP position.
fn inside_crlf(t: &str, b: usize) -> bool {
    b > 0 && t[b..].starts_with('\n') && t[..b].ends_with('\r')
}

#[derive(Debug, Clone)]
struct Change {
    range: Option<(u32, u32, u32, u32)>,
    text: String,
}

fn change() -> impl Strategy<Value = Change> {
    (
        prop::option::weighted(0.95, (0u32..8, 0u32..30, 0u32..8, 0u32..30)),
        text(),
    )
        .prop_map(|(range, text)| Change { range, text })
}

fn lsp_range((l1, c1, l2, c2): (u32, u32, u32, u32)) -> Range {
    Range::new(Position::new(l1, c1), Position::new(l2, c2))
}

/// The reference edit: clamped, an inverted range is empty at its start.
fn reference_apply(t: &mut String, c: &Change, utf8: bool) {
    match c.range {
        None => *t = c.text.clone(),
        Some((l1, c1, l2, c2)) => {
            let s = positions::offset(t, l1, c1, utf8);
            let e = positions::offset(t, l2, c2, utf8).max(s);
            t.replace_range(s..e, &c.text);
        }
    }
}

proptest! {
    #[test]
    fn byte_offsets_and_positions_agree_with_the_reference(t in text(), utf8 in any::<bool>()) {
        let rope = Rope::from_str(&t);
        for b in (0..=t.len()).filter(|&b| t.is_char_boundary(b) && !inside_crlf(&t, b)) {
            let p = position(&rope, b, enc(utf8));
            prop_assert_eq!((p.line, p.character), positions::position(&t, b, utf8), "byte {}", b);
            prop_assert_eq!(offset(&rope, p, enc(utf8)), b);
        }
    }

    #[test]
    fn any_position_clamps_like_the_reference(
        t in text(), utf8 in any::<bool>(), line in 0u32..12, col in 0u32..50,
    ) {
        let rope = Rope::from_str(&t);
        let got = offset(&rope, Position::new(line, col), enc(utf8));
        prop_assert_eq!(got, positions::offset(&t, line, col, utf8));
        prop_assert!(t.is_char_boundary(got));
    }

    #[test]
    fn incremental_edits_equal_the_reference_string(
        initial in text(), changes in prop::collection::vec(change(), 0..30), utf8 in any::<bool>(),
    ) {
        let mut rope = Rope::from_str(&initial);
        let mut reference = initial.clone();
        for c in &changes {
            apply_change(&mut rope, c.range.map(lsp_range), &c.text, enc(utf8));
            reference_apply(&mut reference, c, utf8);
            prop_assert_eq!(rope.to_string(), reference.clone());
        }
    }
}

/// What the server says about a document, minus its name.
async fn views(c: &TestClient, uri: &str) -> Value {
    let doc = json!({"uri": uri});
    let mut sources = c
        .request("copydesk/sources", json!({"textDocument": doc}))
        .await;
    sources.as_object_mut().unwrap().remove("file");
    let symbols = c
        .request("textDocument/documentSymbol", json!({"textDocument": doc}))
        .await;
    let hints = c
        .request(
            "textDocument/inlayHint",
            json!({"textDocument": doc, "range": {"start": {"line": 0, "character": 0},
                                                   "end": {"line": 999, "character": 0}}}),
        )
        .await;
    let lens = c
        .request("textDocument/codeLens", json!({"textDocument": doc}))
        .await;
    json!([sources, symbols, hints, lens])
}

/// Draft-like pieces for the server property (attribution needs words).
const DRAFT: &[&str] = &[
    "“We will vote,” ",
    "Ortiz said. ",
    "said Lena Ortiz. ",
    "\n\n",
    "the mayor ",
    "“",
    "”",
    "she said.",
    "Tom Reyes, a council member, ",
    "did not respond. ",
    "😀",
    "\r\n",
    "> ",
];

fn draft_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(DRAFT), 0..25).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn incremental_edits_equal_a_fresh_open(
        initial in draft_text(),
        edits in prop::collection::vec(((0u32..10, 0u32..40, 0u32..10, 0u32..40), draft_text()), 1..15),
        utf8 in any::<bool>(),
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let c = TestClient::start();
            let caps = if utf8 { json!({"general": {"positionEncodings": ["utf-8"]}}) } else { json!({}) };
            c.initialize(caps, Value::Null, &[]).await;
            c.open("untitled:edited.md", &initial).await;
            let mut reference = initial.clone();
            for (v, (range, text)) in edits.iter().enumerate() {
                let ch = Change { range: Some(*range), text: text.clone() };
                reference_apply(&mut reference, &ch, utf8);
                let r = lsp_range(*range);
                c.notify("textDocument/didChange", json!({
                    "textDocument": {"uri": "untitled:edited.md", "version": v + 2},
                    "contentChanges": [{"range": r, "text": text}],
                })).await;
            }
            c.open("untitled:fresh.md", &reference).await;
            let edited = views(&c, "untitled:edited.md").await;
            let fresh = views(&c, "untitled:fresh.md").await;
            assert_eq!(edited, fresh, "final text {reference:?}");
        });
    }
}

/// Paragraphs for the engine cache property: quotations and cues in every arrangement
/// the document-level passes care about (multi-paragraph quotes, quote-led paragraphs
/// after a cue, colon lead-ins, surnames whose full name is elsewhere, responses).
const PARAGRAPHS: &[&str] = &[
    "Mayor Lena Ortiz said the council would vote on Tuesday.",
    "“We are not going to wait any longer,” Ortiz said.",
    "“The budget is balanced,” she said. “Nobody has to worry.”",
    "Ortiz told reporters:",
    "“The vote is final.”",
    "“It was a long night. We argued about every line.",
    "“Then we agreed, and the motion passed.”",
    "Councilman Raj Patel called the plan “reckless” and “a gamble.”",
    "Patel did not respond to a request for comment.",
    "A city hall spokesperson, who asked not to be named because she was not authorized to speak publicly, said the deal was done.",
    "The Millbrook Transit Authority declined to comment. The authority said it would “review the vote.”",
    "# Council backs “bold” budget",
    "> “We will be back,” Patel said.",
    "- Ortiz: “Yes.”",
    "He said he was “glad it’s over,” and that the ’90s were worse.",
    "According to the report, spending rose 4 percent.",
    "'Maybe,' said Ortiz. \"Maybe not.\"",
];

const EDITS: &[&str] = &[
    "“",
    "”",
    "\"",
    "'",
    "’",
    "\n\n",
    "\n",
    " said Ortiz",
    "Lena Ortiz",
    "Ortiz",
    "Patel",
    ":",
    "> ",
    "# ",
    "- ",
    ".",
    " she said.",
    ", ",
    "the mayor said",
    "declined to comment",
    "x",
    "",
];

fn engine_draft() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(PARAGRAPHS), 1..10)
}

/// An edit: replace `len` chars at `at` (a fraction of the text; moved to the start of
/// its line when `line_start`, where headings, block quotes, list items and running
/// quotations begin) by `text`.
fn engine_edit() -> impl Strategy<Value = (u16, u8, &'static str, bool)> {
    (
        any::<u16>(),
        0u8..12,
        prop::sample::select(EDITS),
        any::<bool>(),
    )
}

fn apply_engine_edit(t: &mut String, (at, len, text, line_start): (u16, u8, &str, bool)) {
    let bounds: Vec<usize> = t
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(t.len()))
        .collect();
    let mut start = bounds[at as usize * (bounds.len() - 1) / u16::MAX as usize];
    if line_start {
        start = t[..start].rfind('\n').map_or(0, |i| i + 1);
    }
    let k = bounds.partition_point(|&b| b < start);
    let end = bounds[(k + len as usize).min(bounds.len() - 1)];
    t.replace_range(start..end, text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The engine cache changes nothing: after every edit, the analysis with the cache
    /// equals a fresh analysis of the same text.
    #[test]
    fn cached_analysis_equals_a_fresh_one(
        paras in engine_draft(),
        edits in prop::collection::vec(engine_edit(), 1..10),
        text_format in any::<bool>(),
    ) {
        use copydesk::engine::{EngineCache, Format, analyze, analyze_incremental};
        let format = if text_format { Format::Text } else { Format::Markdown };
        let mut t = paras.join("\n\n");
        let mut cache = EngineCache::new();
        prop_assert_eq!(analyze_incremental(&t, format, &mut cache), analyze(&t, format));
        for e in edits {
            apply_engine_edit(&mut t, e);
            prop_assert_eq!(
                analyze_incremental(&t, format, &mut cache),
                analyze(&t, format),
                "text {:?}", t
            );
        }
    }
}

/// Markdown around plain prose: constructs that span lines, that a letter or a space
/// can make or break, and plain paragraphs next to them (the engine cache's reparse of
/// one edited paragraph must give the draft a fresh parse gives).
const MARKDOWN: &[&str] = &[
    "Plain words in a line\nand a second line of prose here.",
    "Ortiz said the plan was fine.\nIt was, she said, “a start.”",
    "See [the report\nof record] for more,\nand [a link](http://example.com \"a\ntitle\") too.",
    "[the report of record]: http://example.com/report",
    "Some `code\nspan words` here and *emphasis\nacross* lines.",
    "Text with <!-- a comment\nover lines --> in it.",
    "<div>\nraw html block\n</div>",
    "- item one\n  continued here\n- item two\n  - nested item\n  back in one",
    "> quoted line\nlazy continuation line",
    "Heading text\n===",
    "Title line\n---",
    "| a | b |\n|---|---|\n| c | d |",
    "    indented code line",
    "```\nfenced code line\n```",
    "Footnote here[^1].\n\n[^1]: the note\n    continues here",
    "1986 was the year.\nAnd 1 more line",
    "Line one ends.\nLine two ends.\nLine three ends.",
    "A line ending in two spaces  \nnext line of text",
    "Tab\tinside words",
    "café “Ünïcode” words\nmore words ici",
    "&amp; entity and \\* escape",
    "~~strike\nthrough~~ words",
    "Under_score words_ here",
    "# Heading line",
    "Words then\n---\nmore words",
    "A [`x`\nplain middle line\n`y`] link",
    "[`x` plain middle line `y`]: http://example.com",
    "Some <span\ntitle\n>inline html</span> words",
    "<!-- a comment block\n\nwith a blank line -->",
    "Emphasis *opens\n\nnot* closed",
    "+++\nkey = 1\n+++",
];

const MARKDOWN_EDITS: &[&str] = &[
    "x", "x", "x", " ", " ", "", "", "ab", "1. ", ". ", "- ", "[", "]", "`", "*", "<", ">", "|",
    "\n", "#", "é", "“", "=", "---", "\\", "&", "_", "    ", "\t", "\u{a0}",
];

fn markdown_edit() -> impl Strategy<Value = (u16, u8, &'static str, bool)> {
    (
        any::<u16>(),
        0u8..3,
        prop::sample::select(MARKDOWN_EDITS),
        prop::bool::weighted(0.1),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The draft model the engine cache builds from the previous one after a small edit
    /// equals a fresh parse, around every Markdown construct that spans lines or that
    /// one character can make or break (with LF and CRLF line ends, and front matter).
    #[test]
    fn cached_draft_equals_a_fresh_parse(
        paras in prop::collection::vec(prop::sample::select(MARKDOWN), 1..8),
        edits in prop::collection::vec(markdown_edit(), 1..16),
        crlf in any::<bool>(),
        front_matter in any::<bool>(),
    ) {
        use copydesk::engine::draft::Draft;
        use copydesk::engine::{EngineCache, Format, analyze_incremental};
        let mut t = paras.join("\n\n");
        if front_matter {
            t.insert_str(0, "---\ntitle: A draft\n---\n");
        }
        if crlf {
            t = t.replace('\n', "\r\n");
        }
        let mut cache = EngineCache::new();
        analyze_incremental(&t, Format::Markdown, &mut cache);
        for e in edits {
            apply_engine_edit(&mut t, e);
            let cached = analyze_incremental(&t, Format::Markdown, &mut cache);
            prop_assert_eq!(cached.draft, Draft::parse(&t, Format::Markdown), "text {:?}", t);
        }
    }
}

/// Every rule of the table on (off-by-default ones as hints), so every rule's use of
/// the shared sentence facts is exercised.
fn every_rule() -> copydesk::config::Config {
    let mut cfg = copydesk::config::Config::default();
    for r in copydesk::rules::RULES {
        cfg.rules.insert(
            r.id.to_string(),
            Some(r.default.unwrap_or(copydesk::rules::Severity::Hint)),
        );
    }
    cfg
}

/// Paragraphs for the rules cache property, besides [`PARAGRAPHS`]: what the rules whose
/// findings are cached per block look at (figures and the attribution next to them,
/// crowd claims, the first person and colon lead-ins, anonymous sources and a reason in
/// the next paragraph, outlets, boilerplate, house terms, the time element, interview
/// labels that make the draft a transcript from three on).
const RULE_PARAGRAPHS: &[&str] = &[
    "At least 20 people were killed in the flooding.",
    "According to police, the dead are fourteen civilians and six soldiers.",
    "Spending rose 4 percent, to $3.2 million.",
    "Critics say the plan will fail. It is believed that the vote was rigged.",
    "I was there when the roof fell, and we ran.",
    "Ortiz wrote to residents:",
    "My office will stay open. We owe you that.",
    "A senior official said the talks had stalled.",
    "Sources said the deal was off, according to two people familiar with the talks.",
    "The official spoke on condition of anonymity because the talks were private.",
    "Fox News reported two law enforcement sources confirmed the arrest.",
    "An aide told the Gazette, a local newspaper, that Patel was a liar.",
    "Share this article",
    "Send us an e-mail or visit our web site.",
    "Ortiz said the council would take up the plan at a meeting of the full board after the holiday on Monday.",
    "ORTIZ: We will vote.",
    "PATEL: We will not.",
    "Q: Why not?",
    "She paused... then said the vote was “final … for now.”",
    "Patel refused to comment and could not be reached.",
    "Mr. Patel said Moscow said nothing. The White House said it would respond.",
    "A lawsuit filed Tuesday accuses Acme Corp. of hiding defects in its heaters.",
    "Councilman Raj Patel accused Mayor Lena Ortiz of lying about the budget.",
];

const RULE_EDITS: &[&str] = &[
    "20 people",
    "critics say",
    "I ",
    "we",
    "a senior official said",
    "sources said",
    "because the talks were private",
    "on condition of anonymity",
    "e-mail",
    "ORTIZ: ",
    " on Monday",
    "Share this article\n\n",
    "percent",
    "$",
    "...",
    "…",
    "refused to comment",
    "Mr. ",
];

fn rules_draft() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(
        prop::sample::select([PARAGRAPHS, RULE_PARAGRAPHS].concat()),
        1..12,
    )
}

fn rules_edit() -> impl Strategy<Value = (u16, u8, &'static str, bool)> {
    (
        any::<u16>(),
        0u8..12,
        prop::sample::select([EDITS, RULE_EDITS].concat()),
        any::<bool>(),
    )
}

/// A second configuration, for checks that change it between edits: some rules off,
/// another house term, a configured anonymity phrase and cue verb.
fn other_config() -> copydesk::config::Config {
    let mut cfg = every_rule();
    cfg.rules.insert("unattributed-claim".into(), None);
    cfg.rules.insert("first-person-narration".into(), None);
    cfg.terms.clear();
    cfg.anonymity_phrases.push("a source close to".into());
    cfg.cue_verbs.push("reckoned".into());
    cfg
}

/// Front matter that changes the configuration of the draft it opens.
const FRONT_MATTER: &str = "---\ncopydesk:\n  rules:\n    anonymous-source: off\n---\n\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The rules cache changes nothing: after every edit, the findings of a check that
    /// reuses the sentence facts and the per-block findings of the unchanged blocks
    /// (`check_analysis_cached`, as the server runs it on every keystroke) equal those
    /// of a fresh `rules::check` — also when an edit changes what a block's findings
    /// depend on elsewhere (a neighbouring paragraph, a quotation's speaker, the
    /// transcript labels, the front matter) or the configuration changes between checks.
    #[test]
    fn cached_rules_equal_fresh_ones(
        paras in rules_draft(),
        edits in prop::collection::vec((rules_edit(), any::<bool>(), 0u8..8), 1..10),
        text_format in any::<bool>(),
        front_matter in any::<bool>(),
    ) {
        use copydesk::engine::{Cancel, EngineCache, Format, analyze_incremental};
        use copydesk::rules::{RulesCache, check, check_analysis_cached};
        let format = if text_format { Format::Text } else { Format::Markdown };
        let configs = [every_rule(), other_config()];
        let mut t = paras.join("\n\n");
        if front_matter && !text_format {
            t.insert_str(0, FRONT_MATTER);
        }
        let (mut engine, mut rules) = (EngineCache::new(), RulesCache::new());
        let mut cached = |t: &str, cfg| {
            let a = analyze_incremental(t, format, &mut engine);
            check_analysis_cached(t, &a, cfg, None, &Cancel::never(), &mut rules)
                .expect("never cancelled")
        };
        prop_assert_eq!(cached(&t, &configs[0]), check(&t, format, &configs[0]));
        for (e, other, front) in edits {
            apply_engine_edit(&mut t, e);
            // Now and then the front matter comes or goes.
            if front == 0 && !text_format {
                match t.strip_prefix(FRONT_MATTER) {
                    Some(rest) => t = rest.to_string(),
                    None => t.insert_str(0, FRONT_MATTER),
                }
            }
            let cfg = &configs[usize::from(other)];
            prop_assert_eq!(cached(&t, cfg), check(&t, format, cfg), "text {:?}", t);
            // The same text again: everything reused.
            prop_assert_eq!(cached(&t, cfg), check(&t, format, cfg), "text {:?}", t);
        }
    }
}
