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
//! (the first, cold one and the edit). `--edits N`: N random one-character edits, each
//! timed (median, p95).
#[path = "../benches/support/drafts.rs"]
mod drafts;

use copydesk::engine::{EngineCache, Format, analyze, analyze_incremental};

fn main() {
    let words = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let text = drafts::draft(words);
    // `--edits N`: N one-character edits at pseudo-random places (a letter or a space,
    // as lspbench types), each analysed with the engine cache; median and p95 wall time,
    // and how many took the one-paragraph reparse.
    let edits = count_after("--edits");
    if edits > 0 {
        let mut cache = EngineCache::new();
        let mut t = text.clone();
        analyze_incremental(&t, Format::Markdown, &mut cache);
        let (mut seed, mut times, mut parse, mut reparsed) =
            (0x2545_f491_4f6c_dd1du64, Vec::new(), Vec::new(), 0);
        for _ in 0..edits {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut at = (seed % (t.len() as u64 + 1)) as usize;
            while !t.is_char_boundary(at) {
                at -= 1;
            }
            t.insert(
                at,
                b"abcdefghijklmnopqrstuvwxyz "[(seed >> 40) as usize % 27] as char,
            );
            let s = std::time::Instant::now();
            std::hint::black_box(analyze_incremental(&t, Format::Markdown, &mut cache));
            times.push(s.elapsed().as_secs_f64() * 1e3);
            reparsed += usize::from(cache.last_reparsed());
            // What a full Markdown parse of the same text costs (the step a reparse
            // replaces), timed apart.
            let s = std::time::Instant::now();
            std::hint::black_box(copydesk::engine::draft::Draft::parse(&t, Format::Markdown));
            parse.push(s.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        parse.sort_by(f64::total_cmp);
        eprintln!(
            "{edits} edits: median {:.2} ms, p95 {:.2} ms, {reparsed} reparsed one paragraph; a full Markdown parse: median {:.2} ms",
            times[times.len() / 2],
            times[times.len() * 95 / 100],
            parse[parse.len() / 2]
        );
        return;
    }
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
    let runs = count_after("--time");
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

/// The number after the command-line flag `flag` (`--edits 200`), 0 when absent or not
/// a number.
fn count_after(flag: &str) -> usize {
    std::env::args()
        .skip_while(|a| a != flag)
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}
