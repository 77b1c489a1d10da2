//! CLI benchmark (not a test): wall time and peak memory of `copydesk check` over about
//! 1,000 real drafts — the Wikinews articles plus every PolNeAR article written out as a
//! Markdown file — run once cold (page cache dropped when permitted) and then warm.
//!
//! ```sh
//! cargo build --release && cargo run --release --example cli_bench -- --corpus ../shared/corpus
//! ```
//!
//! Needs `/usr/bin/time` (GNU time) for the peak resident set size.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../benches/support/args.rs"]
mod args;
use args::{arg, copydesk_bin};

/// Write the drafts; their count.
fn write_drafts(corpus: &Path, dir: &Path) -> usize {
    let mut n = 0;
    let wn = dir.join("wikinews");
    std::fs::create_dir_all(&wn).unwrap();
    for e in std::fs::read_dir(corpus.join("wikinews")).expect("corpus/wikinews") {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            std::fs::copy(&p, wn.join(p.file_name().unwrap())).unwrap();
            n += 1;
        }
    }
    let pn = dir.join("polnear");
    std::fs::create_dir_all(&pn).unwrap();
    for split in ["train", "dev"] {
        let path = corpus.join(format!("polnear/polnear_{split}.jsonl"));
        let text = std::fs::read_to_string(&path).expect("polnear jsonl");
        for (i, line) in text.lines().enumerate() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = v["id"]
                .as_str()
                .map(|s| s.replace(['/', ' '], "_"))
                .unwrap_or_else(|| format!("{split}-{i}"));
            let body = v["text"].as_str().unwrap_or_default();
            std::fs::write(pn.join(format!("{split}-{i:04}-{id}.md")), body).unwrap();
            n += 1;
        }
    }
    n
}

fn drop_caches() -> bool {
    let _ = Command::new("sync").status();
    std::fs::write("/proc/sys/vm/drop_caches", "3\n").is_ok()
}

/// (wall seconds, peak RSS in MiB, exit code) of one run.
fn timed(bin: &Path, args: &[&str], dir: &Path) -> (f64, f64, i32) {
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(bin)
        .args(args)
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .output()
        .expect("/usr/bin/time");
    let err = String::from_utf8_lossy(&out.stderr);
    let field = |name: &str| {
        err.lines()
            .find_map(|l| l.trim().strip_prefix(name).map(|v| v.trim().to_string()))
            .unwrap_or_default()
    };
    let wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss):");
    let secs = wall
        .split(':')
        .fold(0.0, |acc, p| acc * 60.0 + p.parse::<f64>().unwrap_or(0.0));
    let rss_kb: f64 = field("Maximum resident set size (kbytes):")
        .parse()
        .unwrap_or(0.0);
    let code: i32 = field("Exit status:").parse().unwrap_or(-1);
    (secs, rss_kb / 1024.0, code)
}

fn main() {
    let corpus = PathBuf::from(arg("--corpus").unwrap_or_else(|| "../shared/corpus".into()));
    let bin = copydesk_bin();
    let dir = tempfile::tempdir().unwrap();
    let n = write_drafts(&corpus, dir.path());
    let bytes: u64 = ["wikinews", "polnear"]
        .iter()
        .flat_map(|s| std::fs::read_dir(dir.path().join(s)).unwrap())
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    println!(
        "{n} drafts, {:.1} MB, {} cores; binary {}",
        bytes as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        bin.display()
    );
    println!("| run | format | wall (s) | peak RSS (MiB) | exit |");
    println!("|---|---|---|---|---|");
    for format in ["concise", "human", "sarif"] {
        let args = ["check", "--no-progress", "--format", format];
        let cold = drop_caches();
        let (w, m, c) = timed(&bin, &args, dir.path());
        let label = if cold {
            "cold (page cache dropped)"
        } else {
            "first run (cache not droppable)"
        };
        println!("| {label} | {format} | {w:.2} | {m:.1} | {c} |");
        let mut warm: Vec<(f64, f64)> = (0..3)
            .map(|_| {
                let (w, m, _) = timed(&bin, &args, dir.path());
                (w, m)
            })
            .collect();
        warm.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (w, m) = warm[1];
        println!("| warm (median of 3) | {format} | {w:.2} | {m:.1} | {c} |");
    }
}
