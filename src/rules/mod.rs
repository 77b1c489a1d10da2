//! The rule layer: findings over an [`Analysis`], one table of rules, suppressions.
//!
//! [`RULES`] is the single source of truth for every rule: id, group, default severity
//! and documentation. Detectors live in one file per group and push [`Finding`]s through
//! a [`ctx::Ctx`]; [`check`] runs them, applies the configuration and suppressions, and
//! sorts the result by span.

mod cache;
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

pub use cache::RulesCache;
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

/// Prose (bytes) above which [`check_analysis_verified`] runs the rules on two threads.
/// Smaller drafts stay on one: the CLI already checks files in parallel, and for a small
/// draft the threads cost more than they save.
const PARALLEL_PROSE_BYTES: usize = 50_000;

/// [`check_analysis`] with the quotations already verified against the transcripts
/// ([`transcripts::verify_draft`]; `None`: no transcripts).
pub fn check_analysis_verified(
    source: &str,
    a: &Analysis,
    config: &Config,
    verifications: Option<Vec<Option<crate::engine::transcript::Verification>>>,
) -> Vec<Finding> {
    Cancel::to_end(|c| check_analysis_verified_cancellable(source, a, config, verifications, c))
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
    check_inner(source, a, config, verifications, cancel, None)
}

/// [`check_analysis_verified_cancellable`] reusing (and then updating) `cache`: the
/// sentence facts of the blocks unchanged since the last check with it are not
/// computed again ([`RulesCache`]). The findings are the same as without the cache. A
/// cancelled check still leaves the cache valid (it keeps what it computed).
pub fn check_analysis_cached(
    source: &str,
    a: &Analysis,
    config: &Config,
    verifications: Option<Vec<Option<crate::engine::transcript::Verification>>>,
    cancel: &Cancel,
    cache: &mut RulesCache,
) -> Option<Vec<Finding>> {
    check_inner(source, a, config, verifications, cancel, Some(cache))
}

fn check_inner(
    source: &str,
    a: &Analysis,
    config: &Config,
    verifications: Option<Vec<Option<crate::engine::transcript::Verification>>>,
    cancel: &Cancel,
    mut cache: Option<&mut RulesCache>,
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
    let lookups = cache.as_deref_mut().map(|c| c.fill(&mut cx));
    let stop = || cancel.is_cancelled();
    let out = run_groups(&cx, a.draft.prose.len() > PARALLEL_PROSE_BYTES, &stop);
    let Some(out) = out else {
        if let (Some(c), Some(l)) = (cache, lookups) {
            c.keep(cx, l);
        }
        return None;
    };
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
    if let (Some(c), Some(l)) = (cache, lookups) {
        c.keep(cx, l);
    }
    out.sort_by(|x, y| (x.span.start, x.span.end, x.rule).cmp(&(y.span.start, y.span.end, y.rule)));
    out.dedup_by(|x, y| x.rule == y.rule && x.span == y.span);
    Some(out)
}

/// Every rule group's findings, in group order (`parallel`: see
/// [`PARALLEL_PROSE_BYTES`]).
///
/// `stop` is asked before each group; once it says yes the remaining groups are skipped
/// and the result is `None` (cancellation is sticky, so both halves see it).
fn run_groups(
    cx: &ctx::Ctx,
    parallel: bool,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Finding>> {
    type Group = fn(&ctx::Ctx, &mut Vec<Finding>);
    // The rule groups, in two halves of similar cost (instructions per keystroke at
    // 100k words with the rules cache: about 103 M and 108 M; verbs moved to the second
    // half, which was 122 M / 89 M). The order of the groups only orders findings
    // before the sort by span and rule in `check_inner`, and every rule belongs to one
    // group, so it does not change the result.
    const FIRST: [Group; 3] = [quotes::run, typography::run, sourcing::run];
    const SECOND: [Group; 6] = [
        verbs::run,
        fairness::run,
        facts::run,
        names::run,
        hygiene::run,
        transcripts::run,
    ];
    let run = |groups: &[Group], out: &mut Vec<Finding>| {
        for g in groups {
            if stop() {
                return;
            }
            g(cx, out);
        }
    };
    let first_half = |out: &mut Vec<Finding>| run(&FIRST, out);
    let second_half = |out: &mut Vec<Finding>| run(&SECOND, out);
    let mut out = Vec::new();
    if parallel {
        // A large draft (where a keystroke would otherwise wait on every rule): the
        // shared sentence facts are computed on the rayon pool, then the two halves run
        // on two threads. Their findings are joined in the same order as one thread
        // would produce them, so the result is the same.
        cx.precompute();
        let (first, second) = rayon::join(
            || {
                let mut v = Vec::new();
                first_half(&mut v);
                v
            },
            || {
                let mut v = Vec::new();
                second_half(&mut v);
                v
            },
        );
        out = first;
        out.extend(second);
    } else {
        first_half(&mut out);
        second_half(&mut out);
    }
    (!stop()).then_some(out)
}

/// How many findings of `rule` a Markdown draft gets with `config` (for unit tests).
#[cfg(test)]
pub(crate) fn count_rule(text: &str, config: &crate::config::Config, rule: &str) -> usize {
    check(text, Format::Markdown, config)
        .iter()
        .filter(|f| f.rule == rule)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-thread path finds what the one-thread path finds, in the same order.
    #[test]
    fn two_threads_find_the_same() {
        // Every rule fixture (each rule fires somewhere), repeated past the threshold.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rules");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        let one_pass: String = paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap() + "\n\n")
            .collect();
        let src = one_pass.repeat(PARALLEL_PROSE_BYTES / one_pass.len() + 2);
        let a = analyze(&src, Format::Markdown);
        assert!(a.draft.prose.len() > PARALLEL_PROSE_BYTES);
        let mut cfg = Config::default();
        for r in RULES {
            cfg.rules
                .insert(r.id.to_string(), Some(r.default.unwrap_or(Severity::Hint)));
        }
        let go = || false;
        let one = run_groups(&ctx::Ctx::new(&src, &a, &cfg), false, &go).unwrap();
        let two = run_groups(&ctx::Ctx::new(&src, &a, &cfg), true, &go).unwrap();
        let fired: std::collections::HashSet<&str> = one.iter().map(|f| f.rule).collect();
        assert!(fired.len() > 20, "only {} rules fired", fired.len());
        assert_eq!(one, two);

        // The rules cache on the two-thread path: a check after an edit in the middle
        // reuses the other blocks' sentence facts and finds what a fresh check finds.
        let mut cache = RulesCache::new();
        let never = Cancel::never();
        let first = check_analysis_cached(&src, &a, &cfg, None, &never, &mut cache).unwrap();
        assert_eq!(first, check_analysis(&src, &a, &cfg));
        let mut edited = src.clone();
        let mid = edited[..edited.len() / 2].rfind(' ').unwrap();
        edited.insert_str(mid, " Ortiz said");
        let b = analyze(&edited, Format::Markdown);
        let again = check_analysis_cached(&edited, &b, &cfg, None, &never, &mut cache).unwrap();
        let (hits, misses) = cache.last_hits_misses();
        assert!(
            hits > 100 && (1..=3).contains(&misses),
            "{hits} hits, {misses} misses"
        );
        assert_eq!(again, check_analysis(&edited, &b, &cfg));
    }
}
