//! Runs the engine once over a generated draft (for profilers); the word count is the
//! first argument (default 100,000). With `--rules` it also runs every rule (default
//! configuration), as `copydesk check` and the server do.
//!
//! ```sh
//! cargo build --release --example profile_engine
//! valgrind --tool=callgrind target/release/examples/profile_engine 100000
//! ```
//!
//! With `--edit` it then types one character in the middle of the draft and analyses it
//! again with the engine cache (`analyze_incremental`), as the server does per keystroke;
//! `--toggle-collect='copydesk::engine::analysis::analyze_incremental'` counts only those
//! (the first, cold one and the edit).
#[path = "../benches/support/drafts.rs"]
mod drafts;

use copydesk::engine::{EngineCache, Format, analyze, analyze_incremental};

fn main() {
    let words = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let text = drafts::draft(words);
    if std::env::args().any(|a| a == "--edit") {
        let mut cache = EngineCache::new();
        analyze_incremental(&text, Format::Markdown, &mut cache);
        let mut edited = text.clone();
        let mut at = edited.len() / 2;
        while !edited.is_char_boundary(at) {
            at -= 1;
        }
        edited.insert(at, 'x');
        let t = std::time::Instant::now();
        let a = analyze_incremental(&edited, Format::Markdown, &mut cache);
        eprintln!(
            "edit: {:.3} ms, {:?} blocks reused/redone, {} quotes",
            t.elapsed().as_secs_f64() * 1e3,
            cache.last_hits_misses(),
            a.quotes.len()
        );
        // `--edit --rules`: then the rules on the edited draft with the rules cache warmed
        // by a check of the original (as the server runs them per keystroke);
        // `--edit --rules-fresh`: the same without the cache; `--edit --rules-cold`: only
        // the check of the original (subtract its instruction count from the other two
        // runs' for the edit's own).
        let fresh = std::env::args().any(|a| a == "--rules-fresh");
        let cold = std::env::args().any(|a| a == "--rules-cold");
        if fresh || cold || std::env::args().any(|a| a == "--rules") {
            use copydesk::rules::{RulesCache, check_analysis_cached};
            let (cfg, never) = (Default::default(), copydesk::engine::Cancel::never());
            let mut rules = RulesCache::new();
            let first = analyze(&text, Format::Markdown);
            check_analysis_cached(&text, &first, &cfg, None, &never, &mut rules);
            if cold {
                return;
            }
            let t = std::time::Instant::now();
            let n = if fresh {
                copydesk::rules::check_analysis(&edited, &a, &cfg).len()
            } else {
                check_analysis_cached(&edited, &a, &cfg, None, &never, &mut rules)
                    .map_or(0, |f| f.len())
            };
            eprintln!(
                "rules after the edit ({}): {:.3} ms, {n} findings, {:?} blocks reused/redone",
                if fresh { "fresh" } else { "cached" },
                t.elapsed().as_secs_f64() * 1e3,
                rules.last_hits_misses()
            );
        }
        return;
    }
    let a = analyze(&text, Format::Markdown);
    if std::env::args().any(|a| a == "--rules") {
        let findings = copydesk::rules::check_analysis(&text, &a, &Default::default());
        eprintln!("{} findings", findings.len());
    }
    // `--time N`: N more runs, best wall time of each phase (the first run above paid
    // for loading the word lists).
    let runs: usize = std::env::args()
        .skip_while(|a| a != "--time")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    if runs > 0 {
        let (mut engine, mut rules) = (f64::MAX, f64::MAX);
        for _ in 0..runs {
            let t = std::time::Instant::now();
            let a = analyze(&text, Format::Markdown);
            engine = engine.min(t.elapsed().as_secs_f64() * 1e3);
            let t = std::time::Instant::now();
            let _ = copydesk::rules::check_analysis(&text, &a, &Default::default());
            rules = rules.min(t.elapsed().as_secs_f64() * 1e3);
        }
        eprintln!("best of {runs}: engine {engine:.2} ms, rules {rules:.2} ms");
    }
    eprintln!(
        "{} bytes, {} quotes, {} sources, {} mentions",
        text.len(),
        a.quotes.len(),
        a.sources.len(),
        a.sources.iter().map(|s| s.mentions.len()).sum::<usize>()
    );
}
