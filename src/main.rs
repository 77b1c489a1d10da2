//! The `copydesk` binary: CLI commands over the engine.

use clap::{Parser, Subcommand, ValueEnum};
use copydesk::engine::{Format, analyze};
use std::io::Write;
use std::path::PathBuf;
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

#[derive(Subcommand)]
enum Command {
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Sources { paths, format } => sources(&paths, format),
    }
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
