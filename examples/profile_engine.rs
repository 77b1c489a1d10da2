//! Runs the engine once over a generated 100k-word draft (for profilers).
//! cargo build --release --example profile_engine && valgrind --tool=callgrind target/release/examples/profile_engine
use copydesk::engine::{Format, analyze};

fn main() {
    let base = include_str!("drafts/council-vote.md");
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&base.replace("Ortiz", ["Ortiz", "Lind", "Ruiz", "Okafor"][i % 4]));
        text.push_str("\n\n");
    }
    let a = analyze(&text, Format::Markdown);
    eprintln!(
        "{} bytes, {} quotes, {} sources, {} mentions",
        text.len(),
        a.quotes.len(),
        a.sources.len(),
        a.sources.iter().map(|s| s.mentions.len()).sum::<usize>()
    );
}
