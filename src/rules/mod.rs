//! The rule layer: findings over an [`Analysis`], one table of rules, suppressions.
//!
//! [`RULES`] is the single source of truth for every rule: id, group, default severity
//! and documentation. Detectors live in one file per group and push [`Finding`]s through
//! a [`ctx::Ctx`]; [`check`] runs them, applies the configuration and suppressions, and
//! sorts the result by span.

pub mod ctx;
mod facts;
mod fairness;
pub mod fix;
mod hygiene;
mod names;
mod quotes;
mod sourcing;
mod suppress;
mod table;
pub mod transcripts;
mod typography;
mod verbs;

use crate::config::Config;
use crate::engine::{Analysis, Cancel, Format, analyze};
use std::ops::Range;

pub use fix::apply_fixes;
pub use table::RULES;

/// How serious a finding is (maps onto LSP `DiagnosticSeverity` 1–4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
    /// `error`, `warning`, `info`, `hint`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            "hint" => Severity::Hint,
            _ => return None,
        })
    }
    /// Warning or error: the CLI exits 1 on these.
    pub fn is_blocking(self) -> bool {
        self <= Severity::Warning
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    Quotes,
    Typography,
    Verbs,
    Sourcing,
    Fairness,
    Facts,
    Names,
    Hygiene,
    House,
}

impl Group {
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Quotes => "quotes",
            Group::Typography => "typography",
            Group::Verbs => "verbs",
            Group::Sourcing => "sourcing",
            Group::Fairness => "fairness",
            Group::Facts => "facts",
            Group::Names => "names",
            Group::Hygiene => "hygiene",
            Group::House => "house",
        }
    }
}

/// One rule of the catalog with its documentation.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub group: Group,
    /// `None`: off unless the configuration turns it on.
    pub default: Option<Severity>,
    /// Experimental rules are off by default.
    pub experimental: bool,
    /// One line.
    pub summary: &'static str,
    pub what: &'static str,
    pub why: &'static str,
    /// A small draft the rule fires on.
    pub flagged: &'static str,
    /// The same draft corrected; the rule stays silent.
    pub fixed: &'static str,
    /// What to do (and what the automatic fix does, if any).
    pub fix: &'static str,
    /// For rules that read transcripts: a transcript the examples are checked against
    /// (plain text); empty for the others.
    pub transcript: &'static str,
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Can be applied without reading it: meaning is preserved.
    Safe,
    /// Needs an editor: placeholders, rewording, or a judgment call.
    Unsafe,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Byte range into the source.
    pub span: Range<usize>,
    /// Other places that explain the finding.
    pub related: Vec<(Range<usize>, String)>,
    pub fixes: Vec<Fix>,
}

impl Finding {
    pub fn with_fix(
        mut self,
        title: impl Into<String>,
        applicability: Applicability,
        edits: Vec<Edit>,
    ) -> Self {
        self.fixes.push(Fix {
            title: title.into(),
            applicability,
            edits,
        });
        self
    }
    pub fn with_related(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.related.push((span, message.into()));
        self
    }
    pub fn with_severity(mut self, s: Severity) -> Self {
        self.severity = s;
        self
    }
}

/// Shorthand for a one-edit replacement.
pub fn edit(span: Range<usize>, replacement: impl Into<String>) -> Edit {
    Edit {
        span,
        replacement: replacement.into(),
    }
}

/// Analyse `source` and run every enabled rule.
pub fn check(source: &str, format: Format, config: &Config) -> Vec<Finding> {
    let a = analyze(source, format);
    check_analysis(source, &a, config)
}

/// Run every enabled rule over an existing analysis of `source`.
pub fn check_analysis(source: &str, a: &Analysis, config: &Config) -> Vec<Finding> {
    check_analysis_with(source, a, config, None)
}

/// Analyse `source` and run every enabled rule, quotations checked against transcripts.
pub fn check_with(
    source: &str,
    format: Format,
    config: &Config,
    transcripts: Option<&transcripts::TranscriptInput>,
) -> Vec<Finding> {
    let a = analyze(source, format);
    check_analysis_with(source, &a, config, transcripts)
}

/// [`check_analysis`] with the draft's transcripts (the transcript rules stay silent
/// without them).
pub fn check_analysis_with(
    source: &str,
    a: &Analysis,
    config: &Config,
    transcripts: Option<&transcripts::TranscriptInput>,
) -> Vec<Finding> {
    check_analysis_verified(
        source,
        a,
        config,
        transcripts.map(|t| transcripts::verify_draft(a, config, t)),
    )
}

/// [`check_analysis`] with the quotations already verified against the transcripts
/// ([`transcripts::verify_draft`]; `None`: no transcripts).
pub fn check_analysis_verified(
    source: &str,
    a: &Analysis,
    config: &Config,
    verifications: Option<Vec<Option<crate::engine::transcript::Verification>>>,
) -> Vec<Finding> {
    match check_analysis_verified_cancellable(source, a, config, verifications, &Cancel::never()) {
        Some(out) => out,
        None => unreachable!("a computation with `Cancel::never` is never cancelled"),
    }
}

/// [`check_analysis_verified`] that gives up (`None`) once `cancel` is raised; the flag
/// is read between rule groups.
pub fn check_analysis_verified_cancellable(
    source: &str,
    a: &Analysis,
    config: &Config,
    verifications: Option<Vec<Option<crate::engine::transcript::Verification>>>,
    cancel: &Cancel,
) -> Option<Vec<Finding>> {
    // Front matter (`copydesk:`) overrides the file configuration for this draft; a
    // malformed block leaves the configuration as it was.
    let merged;
    let config = match config.with_front_matter(a) {
        Ok(Some(c)) => {
            merged = c;
            &merged
        }
        _ => config,
    };
    let mut cx = ctx::Ctx::new(source, a, config);
    cx.verifications = verifications.unwrap_or_default();
    let mut out = Vec::new();
    let stop = || cancel.is_cancelled();
    if stop() {
        return None;
    }
    quotes::run(&cx, &mut out);
    if stop() {
        return None;
    }
    typography::run(&cx, &mut out);
    if stop() {
        return None;
    }
    verbs::run(&cx, &mut out);
    if stop() {
        return None;
    }
    sourcing::run(&cx, &mut out);
    if stop() {
        return None;
    }
    fairness::run(&cx, &mut out);
    if stop() {
        return None;
    }
    facts::run(&cx, &mut out);
    if stop() {
        return None;
    }
    names::run(&cx, &mut out);
    if stop() {
        return None;
    }
    hygiene::run(&cx, &mut out);
    if stop() {
        return None;
    }
    transcripts::run(&cx, &mut out);
    if stop() {
        return None;
    }
    let mut out: Vec<Finding> = out
        .into_iter()
        .filter_map(|mut f| match config.level(f.rule) {
            Some(Some(s)) => {
                f.severity = s;
                Some(f)
            }
            Some(None) => None,
            None => rule(f.rule).and_then(|r| r.default).map(|_| f),
        })
        .collect();
    suppress::apply(&cx, &mut out);
    out.sort_by(|x, y| (x.span.start, x.span.end, x.rule).cmp(&(y.span.start, y.span.end, y.rule)));
    out.dedup_by(|x, y| x.rule == y.rule && x.span == y.span);
    Some(out)
}
