//! Engine throughput on generated news-like drafts of 1k, 10k and 100k words.
//!
//! cargo bench --bench engine
//!
//! The drafts repeat the paragraphs of `examples/drafts/council-vote.md` with the names
//! varied, so quotes, speakers and sources scale with the length. Reports MB/s on one
//! core (best of several runs) and the analysis' quote count as a sanity check.
//!
//! Then re-analysis after a one-character edit with the engine cache
//! (`analyze_incremental`, as the server does per keystroke): the median of a series of
//! edits, each typed into the text the previous one left, at positions spread over the
//! draft. Every edited analysis is checked against a fresh one once at the end.

#[path = "support/drafts.rs"]
mod drafts;

use copydesk::engine::{EngineCache, Format, analyze, analyze_incremental};
use drafts::draft;
use std::time::{Duration, Instant};

fn main() {
    for words in [1_000, 10_000, 100_000] {
        let text = draft(words);
        let runs = if words >= 100_000 { 5 } else { 30 };
        let mut best = Duration::MAX;
        let mut quotes = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let a = analyze(&text, Format::Markdown);
            best = best.min(t.elapsed());
            quotes = a.quotes.len();
        }
        let mb = text.len() as f64 / 1e6;
        println!(
            "{:>7} words  {:>8.3} MB  {:>9.3} ms  {:>7.1} MB/s  {} quotes",
            words,
            mb,
            best.as_secs_f64() * 1e3,
            mb / best.as_secs_f64(),
            quotes
        );
    }
    for words in [1_000, 10_000, 100_000] {
        let mut text = draft(words);
        let edits = if words >= 100_000 { 31 } else { 101 };
        let mut cache = EngineCache::new();
        analyze_incremental(&text, Format::Markdown, &mut cache);
        let mut times = Vec::with_capacity(edits);
        for k in 0..edits {
            let mut at = (k * 7_919 + 13) * text.len() / (edits * 7_919 + 13);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            // Type a letter, or delete the one typed before (alternately).
            if k % 2 == 0 {
                text.insert(at, 'x');
            } else if let Some(prev) = text.find("x ") {
                text.remove(prev);
            } else {
                text.insert(at, ' ');
            }
            let t = Instant::now();
            let a = analyze_incremental(&text, Format::Markdown, &mut cache);
            times.push(t.elapsed());
            std::hint::black_box(a);
        }
        let (hits, misses) = cache.last_hits_misses();
        assert_eq!(
            analyze_incremental(&text, Format::Markdown, &mut cache),
            analyze(&text, Format::Markdown),
            "the cached analysis must equal a fresh one"
        );
        times.sort();
        println!(
            "{:>7} words  one-character edit with the engine cache: median {:>7.3} ms, max {:>7.3} ms ({} edits; last edit: {} blocks reused, {} redone)",
            words,
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
            edits,
            hits,
            misses
        );
    }
}
