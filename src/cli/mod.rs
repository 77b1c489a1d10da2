//! The `copydesk` command line: `check`, `rule`, `sources`, `init`, `completions`, `lsp`.
//!
//! The binary (`src/main.rs`) only calls [`main`]. Everything here runs the same engine,
//! rules and configuration as the language server.

pub mod check;
pub mod fsutil;
pub mod init;
pub mod render;
pub mod sarif;

use crate::engine::{Format, analyze};
use crate::rules::{RULES, Severity};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  copydesk check                          check every draft under the current folder
  copydesk check drafts/council.md        one draft, rustc-style snippets
  copydesk check --format sarif . > copydesk.sarif
  copydesk check --severity error --rule unsourced-quote,anonymous-source drafts/
  copydesk check --fix drafts/            apply the safe fixes in place
  copydesk check --diff drafts/           show what --fix would change
  cat draft.md | copydesk check --stdin --stdin-path drafts/draft.md
  copydesk rule unsourced-quote           what a rule flags, why, how to fix it
  copydesk sources drafts/council.md      quotations, speakers and the source ledger
  copydesk init                           write a commented copydesk.toml

Exit status: 0 no findings at or above the threshold, 1 findings, 2 usage,
configuration or I/O error.";

#[derive(Parser)]
#[command(
    name = "copydesk",
    version,
    about = "A copy desk for news drafts: quotes, speakers, sources.",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum SourcesFormat {
    Table,
    Json,
}

/// Output formats of `copydesk check`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum, Debug)]
pub enum CheckFormat {
    /// rustc-style snippets with the flagged text underlined, and a summary.
    Human,
    /// One JSON object per file per line (the `check` contract).
    Json,
    /// One SARIF 2.1.0 log (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (`::warning file=…`).
    Github,
    /// One line per finding: `path:line:col: severity rule message`.
    Concise,
}

#[derive(Clone, Copy, ValueEnum)]
enum RuleFormat {
    Text,
    Json,
}

/// A severity on the command line.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum, Debug)]
pub enum SeverityArg {
    Error,
    Warning,
    Info,
    Hint,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
            SeverityArg::Hint => Severity::Hint,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum, Debug)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// `copydesk check` options.
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  copydesk check                                   every draft under .
  copydesk check --format github .                 annotations in a GitHub Actions log
  copydesk check --format sarif . > copydesk.sarif upload to GitHub code scanning
  copydesk check --severity error drafts/          only errors fail (and are shown)
  copydesk check --ignore scare-quote drafts/
  copydesk check --fix drafts/a.md                 apply safe fixes, report the rest
  copydesk check --stdin --stdin-path a.md < a.md

Exit status: 0 no findings at or above the threshold (default: warning), 1 findings,
2 usage, configuration or I/O error (the other files are still checked).")]
pub struct CheckArgs {
    /// Draft files, or folders (walked honouring .gitignore and the `drafts` globs of
    /// copydesk.toml). Default: the current folder.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Report only findings at or above this severity, and exit 1 if there are any.
    /// Without it every finding is reported and warnings or errors make the exit
    /// status 1.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub severity: Option<SeverityArg>,
    /// Only these rules (comma-separated or repeated); turns on rules that are off.
    #[arg(long = "rule", value_name = "ID", value_delimiter = ',')]
    pub rules: Vec<String>,
    /// Skip these rules (comma-separated or repeated).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Apply the safe fixes in place (atomically; a file that changed while copydesk
    /// ran is left alone) and report the findings that remain.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print the changes --fix would make as a unified diff; write nothing. Exit 1 if
    /// any file would change.
    #[arg(long)]
    pub diff: bool,
    /// Read one draft from standard input.
    #[arg(long, conflicts_with = "paths")]
    pub stdin: bool,
    /// The path the standard-input draft stands for: its configuration, its format
    /// (.md/.txt) and the name in the output.
    #[arg(long, requires = "stdin", value_name = "PATH")]
    pub stdin_path: Option<PathBuf>,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Never show the progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Check drafts against every enabled rule.
    ///
    /// Example: copydesk check --format json drafts/
    Check(CheckArgs),
    /// Print a rule's documentation (or every rule's, with --all).
    ///
    /// Example: copydesk rule unsourced-quote
    Rule {
        /// Rule id.
        #[arg(required_unless_present = "all")]
        id: Option<String>,
        /// Every rule.
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
        format: RuleFormat,
    },
    /// Print each draft's quotations, who said them, and its source ledger.
    ///
    /// Example: copydesk sources examples/drafts/council-vote.md
    Sources {
        /// Draft files (.md, .markdown, .txt).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = SourcesFormat::Table)]
        format: SourcesFormat,
    },
    /// Write a commented copydesk.toml with the defaults.
    ///
    /// Example: copydesk init
    Init {
        /// Folder to write it in (default: the current folder).
        dir: Option<PathBuf>,
        /// Overwrite an existing copydesk.toml.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script.
    ///
    /// Example: copydesk completions bash > ~/.local/share/bash-completion/completions/copydesk
    Completions { shell: clap_complete::Shell },
    /// Speak the Language Server Protocol on stdin/stdout (for editors).
    ///
    /// Example: copydesk lsp
    Lsp {
        /// Accepted and ignored: stdio is the only transport (clients such as
        /// vscode-languageclient pass it).
        #[arg(long)]
        stdio: bool,
    },
}

/// Run the command line; the process exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Sources { paths, format } => sources(&paths, format),
        Command::Check(args) => check::run(&args),
        Command::Rule { id, all, format } => rule_cmd(id.as_deref(), all, format),
        Command::Init { dir, force } => init::run(dir, force),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "copydesk", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Lsp { stdio: _ } => lsp(),
    }
}

fn lsp() -> ExitCode {
    crate::server::one_malloc_arena();
    match tokio::runtime::Runtime::new() {
        Ok(rt) => {
            rt.block_on(crate::server::run_stdio());
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

fn rule_cmd(id: Option<&str>, all: bool, format: RuleFormat) -> ExitCode {
    let rules: Vec<&crate::rules::Rule> = if all {
        RULES.iter().collect()
    } else {
        match id.and_then(crate::rules::rule) {
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
                .map(|r| crate::output::rule_json(r))
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default(),
        RuleFormat::Json => {
            serde_json::to_string_pretty(&crate::output::rule_json(rules[0])).unwrap_or_default()
        }
        RuleFormat::Text => rules
            .iter()
            .map(|r| crate::output::rule_text(r))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    if writeln!(std::io::stdout(), "{text}").is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

fn sources(paths: &[PathBuf], format: SourcesFormat) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = false;
    for path in paths {
        let shown = path.display().to_string();
        let text = match fsutil::read_text(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
                continue;
            }
        };
        let a = analyze(&text, Format::from_path(&shown));
        let cfg = crate::config::Config::for_draft(path).unwrap_or_default();
        let tx = check::DraftTranscripts::new(std::slice::from_ref(path), |_| Some(&cfg));
        tx.warn();
        let ver = match tx.input(path) {
            Some(input) => crate::rules::transcripts::verify_draft(&a, &cfg, &input),
            None => Vec::new(),
        };
        let res = match format {
            SourcesFormat::Json => writeln!(
                out,
                "{}",
                crate::output::sources_json_with(&shown, &a, &ver)
            ),
            SourcesFormat::Table => {
                writeln!(
                    out,
                    "{}",
                    crate::output::sources_table_with(&shown, &a, &ver)
                )
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
