//! LSP latency benchmark (not a test): drives `copydesk lsp` through the shared
//! `lspbench.py` client (Python standard library only) on generated drafts of 1k, 10k and
//! 100k words, and prints open → first diagnostics, per-keystroke latency (didChange →
//! publishDiagnostics, median and p95) and the server's peak RSS.
//!
//! ```sh
//! cargo build --release && cargo run --release --example lsp_bench -- \
//!     --lspbench ../shared/tools/lspbench.py --edits 200
//! ```
//!
//! Options: `--bin PATH` (default `target/release/copydesk`), `--words 1000,10000`,
//! `--edits N` (default 200; 50 for 100k words), `--runs N` (default 3; the run with the
//! median p95 is reported). The drafts are those of `benches/engine.rs`.

#[path = "../benches/support/drafts.rs"]
mod drafts;

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../benches/support/args.rs"]
mod args;
use args::{arg, copydesk_bin};

/// One lspbench run; its JSON report.
fn run(lspbench: &Path, bin: &Path, file: &Path, edits: usize) -> serde_json::Value {
    let out = Command::new("python3")
        .arg(lspbench)
        .arg("--server")
        .arg(format!("{} lsp", bin.display()))
        .arg("--file")
        .arg(file)
        .args(["--edits", &edits.to_string(), "--json", "--timeout", "30"])
        .output()
        .expect("python3");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "lspbench output is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn main() {
    let lspbench =
        PathBuf::from(arg("--lspbench").unwrap_or_else(|| "../shared/tools/lspbench.py".into()));
    assert!(
        lspbench.exists(),
        "{} not found (pass --lspbench)",
        lspbench.display()
    );
    let bin = copydesk_bin();
    let words: Vec<usize> = arg("--words")
        .unwrap_or_else(|| "1000,10000,100000".into())
        .split(',')
        .filter_map(|w| w.trim().parse().ok())
        .collect();
    let edits: Option<usize> = arg("--edits").and_then(|e| e.parse().ok());
    let runs: usize = arg("--runs").and_then(|r| r.parse().ok()).unwrap_or(3);
    let dir = tempfile::tempdir().unwrap();
    println!("binary {}; median of {runs} runs (by p95)", bin.display());
    println!(
        "| words | open → first diagnostics (ms) | keystroke median (ms) | keystroke p95 (ms) | timeouts | peak RSS (MiB) |"
    );
    println!("|---|---|---|---|---|---|");
    for w in words {
        let file = dir.path().join(format!("draft-{w}.md"));
        std::fs::write(&file, drafts::draft(w)).unwrap();
        let n = edits.unwrap_or(if w >= 100_000 { 50 } else { 200 });
        let mut reports: Vec<serde_json::Value> =
            (0..runs).map(|_| run(&lspbench, &bin, &file, n)).collect();
        let p95 = |r: &serde_json::Value| r["edit_latency_ms"]["p95"].as_f64().unwrap_or(f64::NAN);
        reports.sort_by(|a, b| p95(a).total_cmp(&p95(b)));
        let r = &reports[reports.len() / 2];
        println!(
            "| {} | {:.1} | {:.2} | {:.2} | {} | {:.1} |",
            r["words"],
            r["ttfd_ms"].as_f64().unwrap_or(f64::NAN),
            r["edit_latency_ms"]["median"].as_f64().unwrap_or(f64::NAN),
            p95(r),
            r["edit_timeouts"],
            r["peak_rss_kb"].as_f64().unwrap_or(f64::NAN) / 1024.0
        );
    }
}
