//! The `copydesk` binary: CLI commands over the engine.

use clap::{Parser, Subcommand, ValueEnum};
use copydesk::config::Config;
use copydesk::engine::{Format, analyze};
use copydesk::rules::RULES;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "copydesk",
    version,
    about = "A copy desk for news drafts: quotes, speakers, sources."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum SourcesFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Concise,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum RuleFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Check drafts against every enabled rule.
    ///
    /// Exit status: 0 clean (or only info/hint findings), 1 when any finding is a warning
    /// or an error, 2 on a read or configuration error.
    ///
    /// Example: copydesk check --format json drafts/
    Check {
        /// Draft files, or directories (searched for files matching `drafts` globs).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Concise)]
        format: CheckFormat,
    },
    /// Print a rule's documentation (or every rule's, with --all).
    ///
    /// Example: copydesk rule unsourced-quote
    Rule {
        /// Rule id.
        #[arg(required_unless_present = "all")]
        id: Option<String>,
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
        format: RuleFormat,
    },
    /// Print each draft's quotations, who said them, and its source ledger.
    ///
    /// Example: copydesk sources examples/council-vote.md
    Sources {
        /// Draft files (.md, .markdown, .txt).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = SourcesFormat::Table)]
        format: SourcesFormat,
    },
    /// Speak the Language Server Protocol on stdin/stdout (for editors).
    ///
    /// Example: copydesk lsp
    Lsp,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Sources { paths, format } => sources(&paths, format),
        Command::Check { paths, format } => check_cmd(&paths, format),
        Command::Rule { id, all, format } => rule_cmd(id.as_deref(), all, format),
        Command::Lsp => lsp(),
    }
}

fn lsp() -> ExitCode {
    match tokio::runtime::Runtime::new() {
        Ok(rt) => {
            rt.block_on(copydesk::server::run_stdio());
            // Do not wait for the blocking stdin reader: the client may keep stdin open.
            rt.shutdown_background();
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot start the language server: {e}");
            ExitCode::from(2)
        }
    }
}

fn read_text(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown}: not valid UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Files under `dir` that the directory's configuration calls drafts.
fn drafts_in(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let cfg = Config::for_draft(&dir.join("x")).map_err(|e| e.to_string())?;
    let mut stack = vec![dir.to_path_buf()];
    let mut found = Vec::new();
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for e in entries {
            let e = e.map_err(|e| format!("{}: {e}", d.display()))?;
            let p = e.path();
            let name = e.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if cfg.is_draft(&rel) {
                    found.push(p);
                }
            }
        }
    }
    found.sort();
    out.extend(found);
    Ok(())
}

fn check_cmd(paths: &[PathBuf], format: CheckFormat) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = false;
    let mut blocking = false;
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            if let Err(e) = drafts_in(p, &mut files) {
                eprintln!("error: {e}");
                failed = true;
            }
        } else {
            files.push(p.clone());
        }
    }
    for path in &files {
        let shown = path.display().to_string();
        let text = match read_text(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
                continue;
            }
        };
        let config = match Config::for_draft(path) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e} (using the default configuration)");
                failed = true;
                Config::default()
            }
        };
        let a = analyze(&text, Format::from_path(&shown));
        if let Err(e) = config.with_front_matter(&a) {
            eprintln!("error: {shown}: {e} (ignoring it)");
            failed = true;
        }
        let findings = copydesk::rules::check_analysis(&text, &a, &config);
        blocking |= findings.iter().any(|f| f.severity.is_blocking());
        let res = match format {
            CheckFormat::Json => writeln!(
                out,
                "{}",
                copydesk::output::findings_json(&shown, &text, &findings)
            ),
            CheckFormat::Concise if findings.is_empty() => Ok(()),
            CheckFormat::Concise => writeln!(
                out,
                "{}",
                copydesk::output::findings_concise(&shown, &text, &findings)
            ),
        };
        if res.is_err() {
            return ExitCode::from(2);
        }
    }
    if failed {
        ExitCode::from(2)
    } else if blocking {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn rule_cmd(id: Option<&str>, all: bool, format: RuleFormat) -> ExitCode {
    let rules: Vec<&copydesk::rules::Rule> = if all {
        RULES.iter().collect()
    } else {
        match id.and_then(copydesk::rules::rule) {
            Some(r) => vec![r],
            None => {
                eprintln!(
                    "error: no rule `{}`; `copydesk rule --all` lists them",
                    id.unwrap_or("")
                );
                return ExitCode::from(2);
            }
        }
    };
    let text = match format {
        RuleFormat::Json if all => serde_json::to_string_pretty(
            &rules
                .iter()
                .map(|r| copydesk::output::rule_json(r))
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default(),
        RuleFormat::Json => {
            serde_json::to_string_pretty(&copydesk::output::rule_json(rules[0])).unwrap_or_default()
        }
        RuleFormat::Text => rules
            .iter()
            .map(|r| copydesk::output::rule_text(r))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    println!("{text}");
    ExitCode::SUCCESS
}

fn sources(paths: &[PathBuf], format: SourcesFormat) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = false;
    for path in paths {
        let shown = path.display().to_string();
        let text = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!(
                        "error: {shown}: not valid UTF-8 (byte {})",
                        e.utf8_error().valid_up_to()
                    );
                    failed = true;
                    continue;
                }
            },
            Err(e) => {
                eprintln!("error: {shown}: {e}");
                failed = true;
                continue;
            }
        };
        let a = analyze(&text, Format::from_path(&shown));
        let res = match format {
            SourcesFormat::Json => writeln!(out, "{}", copydesk::output::sources_json(&shown, &a)),
            SourcesFormat::Table => {
                writeln!(out, "{}", copydesk::output::sources_table(&shown, &a))
            }
        };
        if res.is_err() {
            return ExitCode::from(2);
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
