//! Open documents: a rope per document, its version, and the analysis of that version.
//!
//! Changes are applied in arrival order inside the notification handler before its first
//! `.await` (tower-lsp-server starts handlers in arrival order), so two `didChange`s can
//! never be applied out of order. The analysis is computed lazily per version and cached
//! as an immutable [`Snapshot`] that carries its own rope, so a request always converts
//! positions against the exact text its findings were computed on.

use crate::config::Config;
use crate::engine::{
    Analysis, Cancel, EngineCache, Format, analyze, analyze_cancellable,
    analyze_incremental_cancellable,
};
use crate::rules::{self, Finding};
use ropey::Rope;
use std::sync::{Arc, Mutex};
use tower_lsp_server::ls_types::Uri;

/// The draft format for a document, or `None` when it is not a draft.
pub fn draft_format(uri: &Uri, language_id: Option<&str>) -> Option<Format> {
    let path = uri.path().as_str().to_ascii_lowercase();
    if path.ends_with(".txt") {
        Some(Format::Text)
    } else if path.ends_with(".md") || path.ends_with(".markdown") {
        Some(Format::Markdown)
    } else {
        match language_id {
            Some("markdown") => Some(Format::Markdown),
            Some("plaintext") | Some("text") => Some(Format::Text),
            _ => None,
        }
    }
}

/// The paragraph being typed: where the last edit ended.
#[derive(Debug, Clone, Copy)]
pub struct Typing {
    /// Byte offset just after the last change.
    pub at: usize,
    /// Bumped on every change; the debounce task compares it.
    pub generation: u64,
}

#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub format: Option<Format>,
    pub typing: Option<Typing>,
    pub generation: u64,
    pub snapshot: Option<Arc<Snapshot>>,
    /// The facts of the draft's blocks from its last analysis: the next version's
    /// analysis reuses the unchanged blocks (`engine::analyze_incremental`,
    /// `rules::check_analysis_cached`).
    pub caches: Arc<Mutex<Caches>>,
}

impl Document {
    pub fn new(text: &str, version: i32, format: Option<Format>) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
            format,
            typing: None,
            generation: 0,
            snapshot: None,
            caches: Arc::default(),
        }
    }
}

/// What the analysis of a document's next version reuses from the last one: the
/// engine's per-block facts and the rules' per-sentence facts (both keyed by block
/// content, so left by any older version they are still valid).
#[derive(Debug, Default)]
pub struct Caches {
    pub engine: EngineCache,
    pub rules: rules::RulesCache,
}

/// One version of a draft with its analysis and findings.
#[derive(Debug)]
pub struct Snapshot {
    /// `None` for a file read from disk that is not open in the editor.
    pub version: Option<i32>,
    pub rope: Rope,
    pub text: String,
    pub analysis: Analysis,
    pub findings: Vec<Finding>,
    /// Findings of `missing-response` even when the configuration turns the rule off
    /// (the code lens counts them).
    pub missing_responses: usize,
    /// Per quotation: its place in the transcripts (empty without transcripts).
    pub verifications: Vec<Option<crate::engine::transcript::Verification>>,
    /// The transcripts the draft was checked against.
    pub transcripts: Option<Arc<crate::transcripts::Loaded>>,
    /// The transcript store's generation when this snapshot was computed.
    pub transcripts_generation: u64,
    /// Line starts of `text`, built the first time positions are converted in bulk.
    lines: std::sync::OnceLock<super::position::LineIndex>,
}

impl Snapshot {
    /// Analyse and check `text`. The engine never panics by contract; a panic anyway
    /// becomes an empty analysis so the server lives on.
    pub fn compute(
        text: String,
        version: Option<i32>,
        format: Format,
        cfg: &Config,
        tx: Option<super::transcripts::DraftTranscripts>,
    ) -> Snapshot {
        let rope = Rope::from_str(&text);
        Snapshot::compute_with_rope(rope, text, version, format, cfg, tx)
    }

    /// [`Snapshot::compute`] for an open document whose rope is at hand (cloning a rope
    /// is O(1); building one is O(n)).
    pub fn compute_with_rope(
        rope: Rope,
        text: String,
        version: Option<i32>,
        format: Format,
        cfg: &Config,
        tx: Option<super::transcripts::DraftTranscripts>,
    ) -> Snapshot {
        Cancel::to_end(|c| {
            Snapshot::compute_cancellable(rope, text, version, format, cfg, tx, None, c)
        })
    }

    /// [`Snapshot::compute_with_rope`] reusing (and then updating) the document's caches
    /// (engine and rules), and giving up (`None`) once `cancel` is raised (the engine and
    /// the rules read it between phases). Caches busy with another version's analysis
    /// are not waited for; a cancelled analysis leaves the engine cache as it was (the
    /// rules cache keeps what it computed: it is valid for any text).
    #[allow(clippy::too_many_arguments)]
    pub fn compute_cancellable(
        rope: Rope,
        text: String,
        version: Option<i32>,
        format: Format,
        cfg: &Config,
        tx: Option<super::transcripts::DraftTranscripts>,
        cache: Option<&Mutex<Caches>>,
        cancel: &Cancel,
    ) -> Option<Snapshot> {
        let input = tx.as_ref().map(|t| rules::transcripts::TranscriptInput {
            index: &t.loaded.index,
            draft_dir: t.draft_dir.as_deref(),
        });
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let t0 = std::time::Instant::now();
            let mut caches = match cache.map(Mutex::try_lock) {
                Some(Ok(c)) => Some(c),
                Some(Err(std::sync::TryLockError::Poisoned(p))) => {
                    // A panic during an earlier analysis: start the caches afresh.
                    let mut c = p.into_inner();
                    *c = Caches::default();
                    if let Some(m) = cache {
                        m.clear_poison();
                    }
                    Some(c)
                }
                // Busy with another version's analysis: not waited for.
                _ => None,
            };
            let a = match caches.as_deref_mut() {
                Some(c) => analyze_incremental_cancellable(&text, format, &mut c.engine, cancel)?,
                None => analyze_cancellable(&text, format, cancel)?,
            };
            let t_engine = t0.elapsed();
            let verified = input
                .as_ref()
                .map(|i| rules::transcripts::verify_draft(&a, cfg, i));
            let findings = match caches.as_deref_mut() {
                Some(c) => rules::check_analysis_cached(
                    &text,
                    &a,
                    cfg,
                    verified.clone(),
                    cancel,
                    &mut c.rules,
                ),
                None => rules::check_analysis_verified_cancellable(
                    &text,
                    &a,
                    cfg,
                    verified.clone(),
                    cancel,
                ),
            }?;
            drop(caches);
            let t_rules = t0.elapsed();
            let verifications = verified.unwrap_or_default();
            let missing = if cfg.level("missing-response") == Some(None) {
                let mut on = cfg.clone();
                on.rules.remove("missing-response");
                rules::check_analysis_verified_cancellable(&text, &a, &on, None, cancel)?
                    .iter()
                    .filter(|f| f.rule == "missing-response")
                    .count()
            } else {
                findings
                    .iter()
                    .filter(|f| f.rule == "missing-response")
                    .count()
            };
            tracing::debug!(
                target: "copydesk::timing",
                "compute: engine {:.2} rules {:.2} all {:.2} ms",
                t_engine.as_secs_f64() * 1e3,
                t_rules.as_secs_f64() * 1e3,
                t0.elapsed().as_secs_f64() * 1e3
            );
            Some((a, findings, missing, verifications))
        }));
        let (analysis, findings, missing_responses, verifications) = match run {
            Ok(Some(r)) => r,
            Ok(None) => return None,
            Err(_) => {
                tracing::error!("the engine panicked; reporting no findings for this version");
                (analyze("", format), Vec::new(), 0, Vec::new())
            }
        };
        Some(Snapshot {
            version,
            rope,
            text,
            analysis,
            findings,
            missing_responses,
            verifications,
            transcripts: tx.map(|t| t.loaded),
            transcripts_generation: 0,
            lines: std::sync::OnceLock::new(),
        })
    }

    /// The LSP range of a byte span of this version's text (through a line index built
    /// once per snapshot; the same answer as [`super::position::range`] on the rope).
    pub fn range(
        &self,
        span: &std::ops::Range<usize>,
        enc: super::position::Encoding,
    ) -> tower_lsp_server::ls_types::Range {
        self.lines
            .get_or_init(|| super::position::LineIndex::new(&self.text))
            .range(&self.text, span, enc)
    }

    /// The block (paragraph) holding a byte offset, end inclusive.
    pub fn block_at(&self, at: usize) -> Option<std::ops::Range<usize>> {
        self.analysis
            .draft
            .blocks
            .iter()
            .find(|b| b.span.start <= at && at <= b.span.end)
            .map(|b| b.span.clone())
    }
}
