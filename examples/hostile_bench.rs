//! Hostile-input benchmark (not a test): generated drafts built to hit worst cases —
//! thousands of unclosed or straight quotation marks in one paragraph, one very long
//! line, a long list, deep nesting — with the engine's time in process and the wall
//! time (concise and human output) and peak memory of `copydesk check` on each. Time should grow with the size of
//! the draft, not its square: `--scale 2` doubles every draft.
//!
//! ```sh
//! cargo build --release && cargo run --release --example hostile_bench [-- --scale 2]
//! ```
//!
//! Needs `/usr/bin/time` (GNU time) for the peak resident set size.

use copydesk::engine::{Format, analyze};
use std::process::Command;
use std::time::Instant;

#[path = "../benches/support/args.rs"]
mod args;
use args::{arg, copydesk_bin};

/// (name, draft) of every case, `scale` times the base size.
fn cases(scale: usize) -> Vec<(&'static str, String)> {
    let rep = |unit: &str, n: usize| -> String {
        let mut s = String::with_capacity(unit.len() * n * scale);
        for _ in 0..n * scale {
            s.push_str(unit);
        }
        s
    };
    vec![
        // Straight marks whose direction is ambiguous, on one line.
        ("straight marks, one line", rep("\"a\" 'b' \"c ", 15_000)),
        // Curly opening marks that never close, on one line.
        ("unclosed curly marks, one line", rep("“word ", 20_000)),
        (
            "one 500 KB paragraph of prose",
            rep(
                "The council voted on Tuesday to raise the water rates, and the mayor agreed. ",
                6_500,
            ),
        ),
        (
            "50,000 list items with quotations",
            rep("- Item “one” said Ortiz.\n", 50_000),
        ),
        (
            "20,000 names and quotations, one line",
            rep("Ana Ruiz said “hello.” ", 20_000),
        ),
        ("2 MB without a space", rep("a", 2_000_000)),
        (
            "5,000 nested block quotes",
            rep(">", 5_000) + " “deep,” she said.\n",
        ),
    ]
}

fn main() {
    let scale: usize = arg("--scale").and_then(|s| s.parse().ok()).unwrap_or(1);
    let bin = copydesk_bin();
    let dir = tempfile::tempdir().unwrap();
    println!("scale {scale}; binary {}", bin.display());
    println!(
        "| draft | KB | engine (ms) | quotations | `check` concise (s) | `check` human (s) | peak RSS (MiB) |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (i, (name, text)) in cases(scale).into_iter().enumerate() {
        let t = Instant::now();
        let a = analyze(&text, Format::Markdown);
        let engine_ms = t.elapsed().as_secs_f64() * 1e3;
        let path = dir.path().join(format!("case{i}.md"));
        std::fs::write(&path, &text).unwrap();
        // (wall seconds, peak RSS in KB) of `copydesk check --format FORMAT`.
        let timed = |format: &str| -> (f64, f64) {
            let out = Command::new("/usr/bin/time")
                .args(["-f", "%e %M"])
                .arg(&bin)
                .args(["check", "--no-progress", "--format", format])
                .arg(&path)
                .stdout(std::process::Stdio::null())
                .output()
                .expect("/usr/bin/time");
            let err = String::from_utf8_lossy(&out.stderr);
            let last = err.lines().last().unwrap_or_default();
            let mut it = last.split_whitespace();
            let mut num = || it.next().and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
            (num(), num())
        };
        let (wall, rss_kb) = timed("concise");
        let (human, _) = timed("human");
        println!(
            "| {name} | {} | {engine_ms:.1} | {} | {wall:.2} | {human:.2} | {:.0} |",
            text.len() / 1000,
            a.quotes.len(),
            rss_kb / 1024.0
        );
    }
}
