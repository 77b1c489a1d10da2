//! Measures the default rules on published Wikinews articles, where most findings are
//! false positives: prints errors and warnings per article, by rule.
//!
//! cargo run --release --example rules_fp -- [--corpus ../shared/corpus/wikinews] [--show RULE]
//!     [--polnear ../shared/corpus/polnear/polnear_dev.jsonl] [--config copydesk.toml] [--check]
//!
//! `--polnear FILE` measures on PolNeAR's articles instead (professionally edited US
//! political news, headline on the first line, which becomes a `# ` heading as in a
//! Markdown draft; tune on train, report dev). `--config` measures with a house
//! configuration instead of the defaults; `--check` fails (exit 1) when errors or
//! warnings per article exceed the maxima in `.ci/gates.toml` (the ratchet; only with the
//! defaults): `[wikinews_rules]`, or `[polnear_dev_rules]` for `polnear_dev.jsonl`.

use copydesk::config::Config;
use copydesk::engine::Format;
use copydesk::rules::{Severity, check};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn main() {
    let mut dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/wikinews"
    ));
    let mut show: Option<String> = None;
    let mut config_path: Option<PathBuf> = None;
    let mut polnear: Option<PathBuf> = None;
    let mut check_gates = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--corpus" => dir = PathBuf::from(args.next().expect("--corpus DIR")),
            "--show" => show = args.next(),
            "--config" => config_path = Some(PathBuf::from(args.next().expect("--config FILE"))),
            "--check" => check_gates = true,
            "--polnear" => polnear = Some(PathBuf::from(args.next().expect("--polnear FILE"))),
            _ => {
                eprintln!(
                    "usage: rules_fp [--corpus DIR | --polnear FILE] [--show RULE] [--config FILE] [--check]"
                );
                std::process::exit(2);
            }
        }
    }
    if check_gates && config_path.is_some() {
        eprintln!("error: --check measures the defaults; drop --config");
        std::process::exit(2);
    }
    let (articles, gate) = match &polnear {
        Some(p) => (polnear_articles(p), format!("{}_rules", stem(p))),
        None => (markdown_files(&dir), "wikinews_rules".to_string()),
    };
    let config = match &config_path {
        None => Config::default(),
        Some(p) => Config::load(p).unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(2);
        }),
    };
    // rule → (errors, warnings, articles with any)
    let mut by_rule: BTreeMap<&'static str, (usize, usize, usize)> = BTreeMap::new();
    let mut total_e = 0;
    let mut total_w = 0;
    let mut clean = 0;
    for (name, text) in &articles {
        let findings = check(text, Format::Markdown, &config);
        let mut seen: Vec<&str> = Vec::new();
        let mut any = false;
        for f in &findings {
            let e = usize::from(f.severity == Severity::Error);
            let w = usize::from(f.severity == Severity::Warning);
            if e + w == 0 {
                continue;
            }
            any = true;
            total_e += e;
            total_w += w;
            let entry = by_rule.entry(f.rule).or_default();
            entry.0 += e;
            entry.1 += w;
            if !seen.contains(&f.rule) {
                entry.2 += 1;
                seen.push(f.rule);
            }
            if show.as_deref() == Some(f.rule) {
                let line_start = text[..f.span.start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[f.span.end..]
                    .find('\n')
                    .map_or(text.len(), |i| f.span.end + i);
                // Up to 160 characters either side of the finding, within its line.
                let before: String = {
                    let b: Vec<char> = text[line_start..f.span.start].chars().collect();
                    b[b.len().saturating_sub(160)..].iter().collect()
                };
                let after: String = text[f.span.end..line_end].chars().take(160).collect();
                let context = format!("{before}[[{}]]{after}", &text[f.span.clone()]);
                println!(
                    "{}: {:?}\n    {}\n    {context}",
                    name,
                    &text[f.span.clone()],
                    f.message
                );
            }
        }
        if !any {
            clean += 1;
        }
    }
    let n = articles.len().max(1) as f64;
    println!(
        "{} articles; {clean} with no errors or warnings",
        articles.len()
    );
    println!(
        "{:<36} {:>7} {:>9} {:>9} {:>10}",
        "rule", "errors", "warnings", "per art.", "articles"
    );
    for (rule, (e, w, arts)) in &by_rule {
        println!(
            "{rule:<36} {e:>7} {w:>9} {:>9.2} {arts:>10}",
            (*e + *w) as f64 / n
        );
    }
    println!(
        "{:<36} {total_e:>7} {total_w:>9} {:>9.2}",
        "total",
        (total_e + total_w) as f64 / n
    );
    let (errors, warnings) = (total_e as f64 / n, total_w as f64 / n);
    println!("per article: errors {errors:.4}, warnings {warnings:.4}");
    if check_gates {
        let gates = std::fs::read_to_string(".ci/gates.toml").unwrap_or_default();
        let gates: toml::Table = toml::from_str(&gates).unwrap_or_default();
        let g = gates.get(&gate).and_then(|v| v.as_table());
        let mut failed = false;
        for (name, got) in [
            ("errors_per_article", errors),
            ("warnings_per_article", warnings),
        ] {
            if let Some(max) = g.and_then(|g| g.get(name)).and_then(|v| v.as_float())
                && got > max + 1e-9
            {
                eprintln!("GATE FAILED: {gate} {name} {got:.4} > {max:.4}");
                failed = true;
            }
        }
        if failed {
            std::process::exit(1);
        }
        println!("rules false-positive gates: passed");
    }
}

/// The `.md` files of a folder, sorted, as (file name, text).
fn markdown_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect(),
        Err(e) => {
            eprintln!("error: {}: {e}", dir.display());
            std::process::exit(2);
        }
    };
    files.sort();
    files
        .iter()
        .map(|p| {
            (
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read_to_string(p).unwrap_or_default(),
            )
        })
        .collect()
}

/// PolNeAR's articles as (id and publisher, draft): the headline line becomes a heading.
fn polnear_articles(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("error: {}: {e}", path.display());
        std::process::exit(2);
    });
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| {
                eprintln!("error: {}: {e}", path.display());
                std::process::exit(2);
            });
            let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
            (
                format!("{} ({})", field("id"), field("publisher")),
                format!("# {}", field("text")),
            )
        })
        .collect()
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}
