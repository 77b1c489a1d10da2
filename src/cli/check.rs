//! `copydesk check`: collect drafts, check them in parallel, print, fix, exit.

use super::fsutil::{self, WriteError};
use super::render;
use super::sarif;
use super::{CheckArgs, CheckFormat, ColorArg};
use crate::config::{Config, ConfigError};
use crate::engine::{Format, analyze};
use crate::rules::transcripts::TranscriptInput;
use crate::rules::{Finding, Severity};
use crate::transcripts::Loaded;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Progress is shown from this many files on (and only on a terminal).
const PROGRESS_FROM: usize = 20;

/// Which findings a run reports.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Report only these rules (empty: all).
    pub only: Vec<String>,
    pub ignore: Vec<String>,
    /// Report only findings at or above this severity.
    pub min: Option<Severity>,
}

impl Selection {
    fn keeps(&self, f: &Finding) -> bool {
        (self.only.is_empty() || self.only.iter().any(|r| r == f.rule))
            && !self.ignore.iter().any(|r| r == f.rule)
            && self.min.is_none_or(|m| f.severity <= m)
    }
    /// The configuration with the rules named by `--rule` turned on if they are off.
    fn adjust(&self, cfg: &Config) -> Config {
        let mut c = cfg.clone();
        for id in &self.only {
            let default = crate::rules::rule(id).and_then(|r| r.default);
            let on = match c.level(id) {
                Some(l) => l.is_some(),
                None => default.is_some(),
            };
            if !on {
                c.rules
                    .insert(id.clone(), Some(default.unwrap_or(Severity::Warning)));
            }
        }
        c
    }
}

/// What happened to one file.
#[derive(Debug, Default)]
pub struct FileReport {
    pub shown: String,
    /// The text the findings refer to (after fixes, with --fix); `None` if unreadable.
    pub text: Option<String>,
    pub findings: Vec<Finding>,
    /// Read, configuration and front-matter errors, and fixes that could not be written.
    pub errors: Vec<String>,
    /// Findings whose safe fix was applied (or, with --diff, would be).
    pub fixed: usize,
    /// With --diff: the unified diff.
    pub diff: String,
}

/// What to do with safe fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    No,
    Write,
    Diff,
}

/// Check one draft's text: findings after the selection, and the fix outcome.
pub fn check_text(
    shown: &str,
    path: Option<&Path>,
    original: Vec<u8>,
    config: &Result<Config, ConfigError>,
    sel: &Selection,
    mode: FixMode,
) -> FileReport {
    check_text_with(shown, path, original, config, sel, mode, None)
}

/// [`check_text`] with the draft's transcripts.
pub fn check_text_with(
    shown: &str,
    path: Option<&Path>,
    original: Vec<u8>,
    config: &Result<Config, ConfigError>,
    sel: &Selection,
    mode: FixMode,
    transcripts: Option<&TranscriptInput>,
) -> FileReport {
    let mut rep = FileReport {
        shown: shown.to_string(),
        ..Default::default()
    };
    let shown_path = Path::new(shown);
    let text = match fsutil::decode(path.unwrap_or(shown_path), original.clone()) {
        Ok(t) => t,
        Err(e) => {
            rep.errors.push(e);
            return rep;
        }
    };
    let config = match config {
        Ok(c) => sel.adjust(c),
        Err(e) => {
            rep.errors
                .push(format!("{e} (checked with the default configuration)"));
            sel.adjust(&Config::default())
        }
    };
    let format = Format::from_path(shown);
    let run = |text: &str| -> Vec<Finding> {
        let a = analyze(text, format);
        let mut f = crate::rules::check_analysis_with(text, &a, &config, transcripts);
        f.retain(|f| sel.keeps(f));
        f
    };
    let a = analyze(&text, format);
    if let Err(e) = config.with_front_matter(&a) {
        rep.errors
            .push(format!("{shown}: {e} (front matter ignored)"));
    }
    let mut findings = crate::rules::check_analysis_with(&text, &a, &config, transcripts);
    drop(a);
    findings.retain(|f| sel.keeps(f));
    if mode == FixMode::No {
        rep.findings = findings;
        rep.text = Some(text);
        return rep;
    }
    let fixed_count = crate::rules::fix::taken_fixes(&findings).len();
    let new = crate::rules::apply_fixes(&text, &findings);
    if new == text {
        rep.findings = findings;
        rep.text = Some(text);
        return rep;
    }
    match (mode, path) {
        (FixMode::Diff, _) => {
            rep.diff = fsutil::unified_diff(shown, &text, &new);
            rep.fixed = fixed_count;
            rep.findings = findings;
            rep.text = Some(text);
        }
        (FixMode::Write, None) => {
            // Standard input: the caller prints the fixed text.
            rep.fixed = fixed_count;
            rep.findings = run(&new);
            rep.text = Some(new);
        }
        (FixMode::Write, Some(p)) => match fsutil::write_if_unchanged(p, &original, &new, || {}) {
            Ok(()) => {
                rep.fixed = fixed_count;
                rep.findings = run(&new);
                rep.text = Some(new);
            }
            Err(e @ WriteError::Changed) | Err(e @ WriteError::Io(_)) => {
                rep.errors.push(format!("{shown}: not fixed: {e}"));
                rep.findings = findings;
                rep.text = Some(text);
            }
        },
        (FixMode::No, _) => unreachable!(),
    }
    rep
}

/// `./a.md` → `a.md` for display.
fn display(p: &Path) -> String {
    let s = p.display().to_string();
    match s.strip_prefix("./") {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => s,
    }
}

/// The drafts under `dir`: walked honouring .gitignore (also outside a Git repository),
/// .ignore and .copydeskignore, hidden files skipped; kept when the `drafts` globs of
/// the configuration that applies to `dir` match the path relative to that
/// configuration's folder (or to `dir` when there is none).
pub fn drafts_in(dir: &Path, errors: &mut Vec<String>) -> Vec<PathBuf> {
    let canon = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let found = Config::find(&canon);
    let cfg = match &found {
        Some(p) => match Config::load(p) {
            Ok(c) => c,
            Err(e) => {
                errors.push(e.to_string());
                Config::default()
            }
        },
        None => Config::default(),
    };
    let base = found
        .as_ref()
        .and_then(|p| p.parent())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| canon.clone());
    let mut out = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .add_custom_ignore_filename(".copydeskignore")
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(format!("{}: {e}", dir.display()));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let p = entry.path();
        let Ok(rel_dir) = p.strip_prefix(dir) else {
            continue;
        };
        let abs = canon.join(rel_dir);
        let rel = abs.strip_prefix(&base).unwrap_or(rel_dir);
        let rel = rel.to_string_lossy().replace('\\', "/");
        if cfg.walks_as_draft(&rel) {
            out.push(p.to_path_buf());
        }
    }
    out
}

/// Files named on the command line and drafts found in folders, without repeats.
fn collect(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    let mut files = Vec::new();
    for p in paths {
        let list = if p.is_dir() {
            drafts_in(p, errors)
        } else {
            vec![p.clone()]
        };
        for f in list {
            if seen.insert(f.clone()) {
                files.push(f);
            }
        }
    }
    files
}

/// The transcripts of each root that holds drafts, loaded once per root.
pub struct DraftTranscripts {
    /// Per draft folder: its root and the folder relative to the root.
    dirs: HashMap<PathBuf, (PathBuf, Option<String>)>,
    roots: HashMap<PathBuf, Loaded>,
}

impl DraftTranscripts {
    /// Load the transcripts of the roots of `files` (`config` gives each draft's
    /// configuration; the defaults when it has none).
    pub fn new<'c>(files: &[PathBuf], config: impl Fn(&Path) -> Option<&'c Config>) -> Self {
        let mut dirs = HashMap::new();
        let mut roots: HashMap<PathBuf, Loaded> = HashMap::new();
        let default = Config::default();
        for f in files {
            let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
            if dirs.contains_key(&dir) {
                continue;
            }
            let root = Config::root_for_draft(f);
            let abs_dir = if dir.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                dir.clone()
            };
            let abs_dir = abs_dir.canonicalize().unwrap_or(abs_dir);
            let rel = crate::transcripts::relative(&root, &abs_dir);
            let globs = &config(f).unwrap_or(&default).transcripts;
            roots
                .entry(root.clone())
                .or_insert_with(|| crate::transcripts::load(&root, globs));
            dirs.insert(dir, (root, rel));
        }
        DraftTranscripts { dirs, roots }
    }

    /// Unreadable transcripts: a warning on stderr each (the others are used).
    pub fn warn(&self) {
        for l in self.roots.values() {
            for e in &l.errors {
                eprintln!("warning: {e}");
            }
        }
    }

    /// The transcripts for a draft; `None` when its root has none.
    pub fn input(&self, draft: &Path) -> Option<TranscriptInput<'_>> {
        let dir = draft.parent().map(Path::to_path_buf).unwrap_or_default();
        let (root, rel) = self.dirs.get(&dir)?;
        let l = self.roots.get(root)?;
        (!l.index.is_empty()).then_some(TranscriptInput {
            index: &l.index,
            draft_dir: rel.as_deref(),
        })
    }
}

/// The configuration for each distinct folder holding a draft.
fn configs(files: &[PathBuf]) -> HashMap<PathBuf, Result<Config, ConfigError>> {
    let mut out = HashMap::new();
    for f in files {
        let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
        out.entry(dir).or_insert_with(|| Config::for_draft(f));
    }
    out
}

fn progress(n: usize, args: &CheckArgs) -> indicatif::ProgressBar {
    if args.no_progress || n < PROGRESS_FROM || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} checking {pos}/{len} drafts {wide_bar} {elapsed}",
    ) {
        pb.set_style(style);
    }
    pb
}

/// Run `copydesk check`.
pub fn run(args: &CheckArgs) -> ExitCode {
    for id in args.rules.iter().chain(&args.ignore) {
        if crate::rules::rule(id).is_none() {
            eprintln!("error: no rule `{id}`; `copydesk rule --all` lists them");
            return ExitCode::from(2);
        }
    }
    let explicit = args.severity.map(Severity::from);
    let sel = Selection {
        only: args.rules.clone(),
        ignore: args.ignore.clone(),
        min: explicit,
    };
    let threshold = explicit.unwrap_or(Severity::Warning);
    let mode = if args.fix {
        FixMode::Write
    } else if args.diff {
        FixMode::Diff
    } else {
        FixMode::No
    };

    let mut run_errors = Vec::new();
    let reports: Vec<FileReport> = if args.stdin {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            eprintln!("error: standard input: {e}");
            return ExitCode::from(2);
        }
        let shown = args
            .stdin_path
            .as_deref()
            .map(display)
            .unwrap_or_else(|| "<stdin>".to_string());
        let cfg_for = args
            .stdin_path
            .clone()
            .unwrap_or_else(|| PathBuf::from("stdin.md"));
        let cfg = Config::for_draft(&cfg_for);
        let tx = DraftTranscripts::new(std::slice::from_ref(&cfg_for), |_| cfg.as_ref().ok());
        tx.warn();
        let input = tx.input(&cfg_for);
        vec![check_text_with(
            &shown,
            None,
            bytes,
            &cfg,
            &sel,
            mode,
            input.as_ref(),
        )]
    } else {
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths.clone()
        };
        let files = collect(&paths, &mut run_errors);
        let cfgs = configs(&files);
        let tx = DraftTranscripts::new(&files, |f| {
            let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
            cfgs.get(&dir).and_then(|c| c.as_ref().ok())
        });
        tx.warn();
        let pb = progress(files.len(), args);
        let reports = files
            .par_iter()
            .map(|p| {
                let shown = display(p);
                let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
                let rep = match std::fs::read(p) {
                    Ok(bytes) => {
                        let input = tx.input(p);
                        check_text_with(
                            &shown,
                            Some(p),
                            bytes,
                            &cfgs[&dir],
                            &sel,
                            mode,
                            input.as_ref(),
                        )
                    }
                    Err(e) => FileReport {
                        shown: shown.clone(),
                        errors: vec![format!("{shown}: {e}")],
                        ..Default::default()
                    },
                };
                pb.inc(1);
                rep
            })
            .collect();
        pb.finish_and_clear();
        reports
    };

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let res = print(&mut out, args, &reports, &run_errors).and_then(|_| out.flush());
    if let Err(e) = res {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: writing the output: {e}");
        }
        return ExitCode::from(2);
    }
    let failed = !run_errors.is_empty() || reports.iter().any(|r| !r.errors.is_empty());
    let blocking = match mode {
        FixMode::Diff => reports.iter().any(|r| !r.diff.is_empty()),
        _ => reports
            .iter()
            .any(|r| r.findings.iter().any(|f| f.severity <= threshold)),
    };
    if failed {
        ExitCode::from(2)
    } else if blocking {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print(
    out: &mut impl Write,
    args: &CheckArgs,
    reports: &[FileReport],
    run_errors: &[String],
) -> std::io::Result<()> {
    for e in run_errors {
        eprintln!("error: {e}");
    }
    let stderr_errors = |r: &FileReport| {
        for e in &r.errors {
            eprintln!("error: {e}");
        }
    };
    if args.diff {
        for r in reports {
            stderr_errors(r);
            out.write_all(r.diff.as_bytes())?;
        }
        let files = reports.iter().filter(|r| !r.diff.is_empty()).count();
        let fixes: usize = reports.iter().map(|r| r.fixed).sum();
        eprintln!(
            "would fix {fixes} finding{} in {files} file{}",
            if fixes == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" }
        );
        return Ok(());
    }
    if args.fix && args.stdin {
        // The fixed draft goes to stdout; the findings left go to stderr.
        for r in reports {
            stderr_errors(r);
            if let Some(t) = &r.text {
                out.write_all(t.as_bytes())?;
                eprint!("{}", render::concise(&r.shown, t, &r.findings));
            }
        }
        return Ok(());
    }
    if args.fix {
        for r in reports.iter().filter(|r| r.fixed > 0) {
            let s = if r.fixed == 1 { "" } else { "s" };
            eprintln!("fixed {} finding{s} in {}", r.fixed, r.shown);
        }
    }
    match args.format {
        CheckFormat::Json => {
            for r in reports {
                stderr_errors(r);
                if let Some(t) = &r.text {
                    writeln!(
                        out,
                        "{}",
                        crate::output::findings_json(&r.shown, t, &r.findings)
                    )?;
                }
            }
        }
        CheckFormat::Concise => {
            for r in reports {
                stderr_errors(r);
                if let Some(t) = &r.text {
                    out.write_all(render::concise(&r.shown, t, &r.findings).as_bytes())?;
                }
            }
        }
        CheckFormat::Github => {
            for r in reports {
                stderr_errors(r);
                for e in &r.errors {
                    out.write_all(render::github_error(&r.shown, e).as_bytes())?;
                }
                if let Some(t) = &r.text {
                    out.write_all(render::github(&r.shown, t, &r.findings).as_bytes())?;
                }
            }
        }
        CheckFormat::Sarif => {
            for r in reports {
                stderr_errors(r);
            }
            let files: Vec<sarif::FileOutcome> = reports
                .iter()
                .map(|r| sarif::FileOutcome {
                    shown: &r.shown,
                    text: r.text.as_deref(),
                    findings: &r.findings,
                    errors: &r.errors,
                })
                .collect();
            sarif::write_log(out, &files)?;
        }
        CheckFormat::Human => {
            let color = match args.color {
                ColorArg::Always => true,
                ColorArg::Never => false,
                ColorArg::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let renderer = if color {
                annotate_snippets::Renderer::styled()
            } else {
                annotate_snippets::Renderer::plain()
            };
            let mut counts = [0usize; 4];
            let mut fixable = 0;
            let mut failed = 0;
            for r in reports {
                stderr_errors(r);
                if !r.errors.is_empty() && r.text.is_none() {
                    failed += 1;
                }
                let Some(t) = &r.text else { continue };
                let lines = crate::output::LineIndex::new(t);
                for f in &r.findings {
                    counts[f.severity as usize] += 1;
                    writeln!(
                        out,
                        "{}\n",
                        render::human_finding(&renderer, &r.shown, &lines, f)
                    )?;
                }
                fixable += crate::rules::fix::taken_fixes(&r.findings).len();
            }
            let checked = reports.iter().filter(|r| r.text.is_some()).count();
            writeln!(
                out,
                "{}",
                render::summary(checked, counts, fixable, failed + run_errors.len())
            )?;
        }
    }
    Ok(())
}
