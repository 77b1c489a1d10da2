//! Engine throughput on generated news-like drafts of 1k, 10k and 100k words.
//!
//! cargo bench --bench engine
//!
//! The drafts repeat the paragraphs of `examples/drafts/council-vote.md` with the names
//! varied, so quotes, speakers and sources scale with the length. Reports MB/s on one
//! core (best of several runs) and the analysis' quote count as a sanity check.

#[path = "support/drafts.rs"]
mod drafts;

use copydesk::engine::{Format, analyze};
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
}
