//! The engine cache across the edges where a block's facts depend on other blocks: the
//! cached analysis must equal a fresh one after each edit, and unchanged blocks must
//! actually be reused.

use copydesk::engine::{Analysis, EngineCache, Format, analyze, analyze_incremental};

/// Analyse `steps` in order with one cache; every result must equal a fresh analysis.
/// Returns the last analysis and the cache.
fn walk(steps: &[&str]) -> (Analysis, EngineCache) {
    let mut cache = EngineCache::new();
    let mut last = None;
    for (i, s) in steps.iter().enumerate() {
        let cached = analyze_incremental(s, Format::Markdown, &mut cache);
        assert_eq!(cached, analyze(s, Format::Markdown), "step {i}: {s:?}");
        last = Some(cached);
    }
    (last.expect("steps"), cache)
}

fn speaker_of(a: &Analysis, quote_start: &str, text: &str) -> Option<String> {
    let at = text.find(quote_start)?;
    a.quotes
        .iter()
        .find(|q| q.span.start == at)
        .and_then(|q| q.speaker.as_ref())
        .map(|s| s.name.clone())
}

#[test]
fn a_mark_that_opens_a_multi_paragraph_quotation() {
    let before =
        "Ortiz spoke first.\n\nIt was a long night. We argued.\n\n“Then we agreed.”\n\nThe end.\n";
    let after = "Ortiz spoke first.\n\n“It was a long night. We argued.\n\n“Then we agreed.” Ortiz said.\n\nThe end.\n";
    let (a, cache) = walk(&[before, after, before]);
    assert_eq!(a, analyze(before, Format::Markdown));
    // The first and last paragraphs were reused all along.
    assert!(
        cache.last_hits_misses().0 >= 2,
        "{:?}",
        cache.last_hits_misses()
    );
    let (a, _) = walk(&[before, after]);
    assert_eq!(a.quotes[0].pieces.len(), 2);
    assert_eq!(speaker_of(&a, "“It was", after).as_deref(), Some("Ortiz"));
}

#[test]
fn a_cue_removed_from_the_paragraph_before_a_quote_only_paragraph() {
    let with = "Mayor Lena Ortiz said the vote was close.\n\n“We won by one,” she added.\n\n“Nobody expected it.”\n";
    let without =
        "Mayor Lena Ortiz looked at the count.\n\n“We won by one.”\n\n“Nobody expected it.”\n";
    let (a, cache) = walk(&[with, without, with, without]);
    // The quote-only paragraph was not re-analysed, yet its floating speaker changed.
    assert!(
        cache.last_hits_misses().0 >= 1,
        "{:?}",
        cache.last_hits_misses()
    );
    assert_eq!(speaker_of(&a, "“Nobody", without), None);
    let (a, _) = walk(&[without, with]);
    assert!(speaker_of(&a, "“Nobody", with).is_some());
}

#[test]
fn a_name_whose_full_form_appears_in_another_block() {
    let short = "The council met on Tuesday.\n\n“We are done,” Ortiz said.\n";
    let full = "Mayor Lena Ortiz chaired the council on Tuesday.\n\n“We are done,” Ortiz said.\n";
    let (a, cache) = walk(&[short, full, short, full]);
    assert_eq!(cache.last_hits_misses(), (1, 1));
    assert_eq!(speaker_of(&a, "“We", full).as_deref(), Some("Lena Ortiz"));
    let (a, _) = walk(&[full, short]);
    assert_eq!(speaker_of(&a, "“We", short).as_deref(), Some("Ortiz"));
}

#[test]
fn a_response_phrase_found_in_a_reused_block() {
    // The second block's sentence is searched for a response only once Patel is a
    // source; the reused block must answer as a fresh one.
    let a1 = "Patel did not respond to a request for comment.\n\nThe vote was close.\n";
    let a2 = "Councilman Raj Patel voted no.\n\nPatel did not respond to a request for comment.\n\nThe vote was close.\n";
    let (a, _) = walk(&[a1, a2, a1, a2]);
    assert!(a.sources.iter().any(|s| s.response.is_some()));
}

#[test]
fn unchanged_blocks_are_reused_and_the_cache_holds_only_the_current_draft() {
    let mut text = String::new();
    for i in 0..50 {
        text.push_str(&format!(
            "“Point {i} stands,” Ortiz said. The council agreed {i} times.\n\n"
        ));
    }
    let mut cache = EngineCache::new();
    analyze_incremental(&text, Format::Markdown, &mut cache);
    assert_eq!(cache.last_hits_misses(), (0, 50));
    let edited = text.replacen("Point 7", "Point 77", 1);
    let a = analyze_incremental(&edited, Format::Markdown, &mut cache);
    assert_eq!(a, analyze(&edited, Format::Markdown));
    assert_eq!(cache.last_hits_misses(), (49, 1));
    assert_eq!(cache.len(), 50);
    // Paragraph breaks and the same text in a plain-text draft.
    let joined = edited.replacen("times.\n\n“Point 3", "times. “Point 3", 1);
    let a = analyze_incremental(&joined, Format::Markdown, &mut cache);
    assert_eq!(a, analyze(&joined, Format::Markdown));
    let a = analyze_incremental(&joined, Format::Text, &mut cache);
    assert_eq!(a, analyze(&joined, Format::Text));
}

#[test]
fn hostile_shapes_give_the_same_analysis() {
    let long_line = "“A long line,” she said. ".repeat(4_000);
    let nested = format!("{}“Deep,” Ortiz said.\n", "> ".repeat(1_000));
    let unclosed = "“Open\n\n“Still open\n\n“And again\n\nOrtiz said.\n".repeat(50);
    let mut cache = EngineCache::new();
    for text in [&long_line, &nested, &unclosed, &long_line] {
        for format in [Format::Markdown, Format::Text] {
            let cached = analyze_incremental(text, format, &mut cache);
            assert_eq!(cached, analyze(text, format));
        }
    }
}

/// A letter typed in a paragraph of plain prose redoes only that paragraph's draft
/// model (no Markdown pass over the whole draft), with the same analysis; a character
/// that can be markup, or a line break, parses the whole draft again.
#[test]
fn an_edit_in_plain_prose_reparses_one_paragraph() {
    let base = "# Budget\n\nOrtiz said the plan was “fine and fair,” and left.\nShe was tired.\n\n> “We will see,” Patel said.\n\nThe council met on Tuesday.";
    let mut cache = EngineCache::new();
    analyze_incremental(base, Format::Markdown, &mut cache);
    assert!(!cache.last_reparsed());
    let at = base.find("was tired").unwrap() + 3;
    for (insert, reparsed) in [
        ("x", true),
        (" very", true),
        ("*", false),
        ("\n", false),
        ("y", true),
    ] {
        analyze_incremental(base, Format::Markdown, &mut cache);
        let t = format!("{}{insert}{}", &base[..at], &base[at..]);
        let a = analyze_incremental(&t, Format::Markdown, &mut cache);
        assert_eq!(cache.last_reparsed(), reparsed, "{insert:?}");
        assert_eq!(a, analyze(&t, Format::Markdown), "{insert:?}");
    }
    // The start of a line, a heading and a block quotation are parsed again.
    for t in [
        base.replace("She was", "xShe was"),
        base.replace("# Budget", "# Budgets"),
        base.replace("We will see", "We will so see"),
    ] {
        analyze_incremental(base, Format::Markdown, &mut cache);
        let a = analyze_incremental(&t, Format::Markdown, &mut cache);
        assert!(!cache.last_reparsed(), "{t:?}");
        assert_eq!(a, analyze(&t, Format::Markdown));
    }
}

/// A property-test find: an introductory phrase whose comma ends the last sentence of a
/// block made the subject search look one token past the block ("According“o the
/// report,"). It must analyse without panicking, cached and fresh alike.
#[test]
fn an_intro_comma_that_ends_the_block() {
    let text = "“> “We will be back,” Patel said.\n\nCouncilman Raj Patel called the plan “reckless” and “a gamble.”\n\nAccording“o the report,\n\n spending rose 4 percent.\n“e agreed, and the motion passed.”\n\nCouncilman Raj Patel called the plan “reckless” and “a gamble.”\n\nOrtiz told reporters:";
    let (a, _) = walk(&[text, &text.replace("rose 4", "rose 5")]);
    assert!(!a.quotes.is_empty());
}
