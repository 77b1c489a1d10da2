//! `copydesk.toml` and the per-draft `copydesk:` front-matter block.
//!
//! ```toml
//! attribution_tense = "said"          # or "says"
//! quote_punctuation = "auto"          # american (AP: ”. never) | logical | auto
//! doc_type = "news"                   # news | column | opinion | first-person | editorial | as-told-to
//! drafts = ["drafts/**/*.md"]         # what `copydesk check DIR` picks up
//! cue_verbs = ["recounted"]           # extra attribution verbs
//! anonymity_phrases = ["a palace insider"]
//! response_phrases = ["sent a statement"]
//! boilerplate = ["Sign up for the Riverton Daily"]
//! subjects = ["Acme Corp."]           # parties that must have a response
//! transcripts = ["transcripts/**", "notes/**"]  # interview transcripts and notes
//!
//! [rules]
//! according-to-person = "off"         # error | warning | info | hint | off
//!
//! [terms]
//! "e-mail" = "email"
//! "Bombay" = { expected = "Mumbai", in_quotes = "apply" }
//! ```

use crate::engine::Analysis;
use crate::rules::{Severity, rule};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "copydesk.toml";

/// What kind of piece a draft is. Straight news is written in the third person; the
/// other kinds may narrate in the first person, so `first-person-narration` is off for
/// them, and an as-told-to piece is its subject's words throughout, so
/// `unsourced-quote` is off too (catalog). Usually set per draft in front matter
/// (`copydesk: {doc_type: column}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocType {
    News,
    Column,
    Opinion,
    FirstPerson,
    Editorial,
    AsToldTo,
}

/// Where periods and commas go at a closing quotation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuotePunctuation {
    /// AP and US style: always inside (`“false.”`); `”.` is flagged.
    American,
    /// Logical (British, Wikipedia) style: the house puts them where the sense goes.
    Logical,
    /// Follow the draft: flag `”.` unless the draft consistently uses logical
    /// punctuation (the default, so copy from logical-style houses is not flagged
    /// wholesale; a US newsroom sets `american`).
    Auto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Said,
    Says,
}

/// A house substitution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub observed: String,
    pub expected: String,
    /// Also inside quotations (spellings of names); wording changes never do.
    pub in_quotes: bool,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Per-rule overrides: `None` = off.
    pub rules: HashMap<String, Option<Severity>>,
    pub attribution_tense: Tense,
    pub quote_punctuation: QuotePunctuation,
    pub doc_type: DocType,
    pub terms: Vec<Term>,
    pub cue_verbs: Vec<String>,
    pub anonymity_phrases: Vec<String>,
    pub response_phrases: Vec<String>,
    pub boilerplate: Vec<String>,
    pub drafts: Vec<String>,
    pub subjects: Vec<String>,
    /// Globs (relative to the configuration's folder) of transcript files: `.txt`,
    /// `.md`, `.vtt`, `.srt`.
    pub transcripts: Vec<String>,
    /// The transcripts a draft's front matter names (`copydesk: {transcripts: [...]}`):
    /// globs matched against a transcript's path relative to the root, or its file name.
    pub draft_transcripts: Option<Vec<String>>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            rules: HashMap::new(),
            attribution_tense: Tense::Said,
            quote_punctuation: QuotePunctuation::Auto,
            doc_type: DocType::News,
            terms: vec![
                term("e-mail", "email"),
                term("E-mail", "Email"),
                term("web site", "website"),
                term("Web site", "website"),
            ],
            cue_verbs: Vec::new(),
            anonymity_phrases: Vec::new(),
            response_phrases: Vec::new(),
            boilerplate: Vec::new(),
            drafts: vec!["**/*.md".into(), "**/*.markdown".into(), "**/*.txt".into()],
            subjects: Vec::new(),
            transcripts: vec!["transcripts/**".into(), "notes/**".into()],
            draft_transcripts: None,
        }
    }
}

fn term(o: &str, e: &str) -> Term {
    Term {
        observed: o.into(),
        expected: e.into(),
        in_quotes: false,
    }
}

/// A configuration error with its position (1-based) when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{}", p.display())?;
            if let (Some(l), Some(c)) = (self.line, self.column) {
                write!(f, ":{l}:{c}")?;
            }
            write!(f, ": ")?;
        } else if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, "line {l}, column {c}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawTerm {
    Plain(String),
    Full {
        expected: String,
        #[serde(default)]
        in_quotes: Option<InQuotes>,
    },
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum InQuotes {
    Skip,
    Apply,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Level {
    Error,
    Warning,
    Info,
    Hint,
    Off,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawTense {
    Said,
    Says,
    Past,
    Present,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    rules: HashMap<String, Level>,
    attribution_tense: Option<RawTense>,
    quote_punctuation: Option<QuotePunctuation>,
    doc_type: Option<DocType>,
    #[serde(default)]
    terms: HashMap<String, RawTerm>,
    cue_verbs: Option<Vec<String>>,
    anonymity_phrases: Option<Vec<String>>,
    response_phrases: Option<Vec<String>>,
    boilerplate: Option<Vec<String>>,
    drafts: Option<Vec<String>>,
    subjects: Option<Vec<String>>,
    transcripts: Option<Vec<String>>,
}

/// A configuration error at a byte offset of the file (line and column when known).
fn error_at(text: &str, offset: Option<usize>, message: String) -> ConfigError {
    let (line, column) = match offset.map(|o| crate::output::line_col(text, o)) {
        Some((l, c)) => (Some(l), Some(c)),
        None => (None, None),
    };
    ConfigError {
        path: None,
        line,
        column,
        message,
    }
}

impl Config {
    /// `Some(None)`: the rule is turned off; `Some(Some(s))`: severity set; `None`: default.
    pub fn level(&self, id: &str) -> Option<Option<Severity>> {
        self.rules.get(id).copied()
    }

    /// Parse a `copydesk.toml`; errors carry the line and column.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let raw: Raw = toml::from_str(text)
            .map_err(|e| error_at(text, e.span().map(|s| s.start), e.message().to_string()))?;
        let mut c = Config::default();
        c.merge(raw).map_err(|(id, msg)| {
            // Point at the offending key.
            let at = text
                .find(&format!("\"{id}\""))
                .or_else(|| text.find(&format!("{id} ")))
                .or_else(|| text.find(&format!("{id}=")));
            error_at(text, at, msg)
        })?;
        Ok(c)
    }

    /// Read a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: Some(path.to_path_buf()),
            line: None,
            column: None,
            message: e.to_string(),
        })?;
        Config::from_toml(&text).map_err(|mut e| {
            e.path = Some(path.to_path_buf());
            e
        })
    }

    /// The `copydesk.toml` nearest to `dir`, walking up to the root.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        let mut d = Some(dir);
        while let Some(p) = d {
            let c = p.join(FILE_NAME);
            if c.is_file() {
                return Some(c);
            }
            d = p.parent();
        }
        None
    }

    /// The folder a draft is in (`.` for a bare file name), canonical when it exists.
    fn draft_dir(draft: &Path) -> PathBuf {
        let dir = draft
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        dir.canonicalize().unwrap_or(dir)
    }

    /// The root a draft's relative globs (`drafts`, `transcripts`) start from: the folder
    /// of its nearest `copydesk.toml`, else the draft's own folder.
    pub fn root_for_draft(draft: &Path) -> PathBuf {
        let dir = Config::draft_dir(draft);
        match Config::find(&dir) {
            Some(p) => p.parent().map(Path::to_path_buf).unwrap_or(dir),
            None => dir,
        }
    }

    /// The configuration for a draft: the nearest `copydesk.toml`, or the defaults.
    pub fn for_draft(draft: &Path) -> Result<Config, ConfigError> {
        let dir = Config::draft_dir(draft);
        match Config::find(&dir) {
            Some(p) => Config::load(&p),
            None => Ok(Config::default()),
        }
    }

    /// This configuration with the draft's `copydesk:` front-matter block applied;
    /// `Ok(None)` when the draft has none.
    pub fn with_front_matter(&self, a: &Analysis) -> Result<Option<Config>, ConfigError> {
        let Some(v) = a
            .draft
            .front_matter
            .as_ref()
            .and_then(|f| f.value.as_ref())
            .and_then(|v| v.get("copydesk"))
        else {
            return Ok(None);
        };
        let err = |message: String| ConfigError {
            path: None,
            line: None,
            column: None,
            message: format!("front matter `copydesk`: {message}"),
        };
        let raw: Raw = serde_json::from_value(v.clone()).map_err(|e| err(e.to_string()))?;
        let mut c = self.clone();
        // In front matter, `transcripts` names the draft's own transcripts; the globs
        // that find transcript files stay those of `copydesk.toml`.
        let named = raw.transcripts.clone();
        c.merge(raw).map_err(|(_, m)| err(m))?;
        c.transcripts = self.transcripts.clone();
        if named.is_some() {
            c.draft_transcripts = named;
        }
        Ok(Some(c))
    }

    fn merge(&mut self, raw: Raw) -> Result<(), (String, String)> {
        for (id, level) in raw.rules {
            if rule(&id).is_none() {
                return Err((id.clone(), format!("unknown rule `{id}` in [rules]")));
            }
            let l = match level {
                Level::Error => Some(Severity::Error),
                Level::Warning => Some(Severity::Warning),
                Level::Info => Some(Severity::Info),
                Level::Hint => Some(Severity::Hint),
                Level::Off => None,
            };
            self.rules.insert(id, l);
        }
        if let Some(p) = raw.quote_punctuation {
            self.quote_punctuation = p;
        }
        if let Some(d) = raw.doc_type {
            self.doc_type = d;
        }
        if let Some(t) = raw.attribution_tense {
            self.attribution_tense = match t {
                RawTense::Said | RawTense::Past => Tense::Said,
                RawTense::Says | RawTense::Present => Tense::Says,
            };
        }
        let mut terms: Vec<(String, RawTerm)> = raw.terms.into_iter().collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        for (observed, t) in terms {
            let (expected, in_quotes) = match t {
                RawTerm::Plain(e) => (e, false),
                RawTerm::Full {
                    expected,
                    in_quotes,
                } => (expected, matches!(in_quotes, Some(InQuotes::Apply))),
            };
            self.terms.retain(|x| x.observed != observed);
            self.terms.push(Term {
                observed,
                expected,
                in_quotes,
            });
        }
        let lower =
            |v: Vec<String>| -> Vec<String> { v.into_iter().map(|s| s.to_lowercase()).collect() };
        if let Some(v) = raw.cue_verbs {
            self.cue_verbs.extend(lower(v));
        }
        if let Some(v) = raw.anonymity_phrases {
            self.anonymity_phrases.extend(lower(v));
        }
        if let Some(v) = raw.response_phrases {
            self.response_phrases.extend(lower(v));
        }
        if let Some(v) = raw.boilerplate {
            self.boilerplate.extend(v);
        }
        if let Some(v) = raw.drafts {
            self.drafts = v;
        }
        if let Some(v) = raw.subjects {
            self.subjects = v;
        }
        if let Some(v) = raw.transcripts {
            self.transcripts = v;
        }
        Ok(())
    }

    /// Whether a path (relative, `/`-separated) matches one of the `drafts` globs.
    pub fn is_draft(&self, rel: &str) -> bool {
        self.drafts.iter().any(|g| glob_match(g, rel))
    }

    /// Whether a folder walk checks this path as a draft: it matches the `drafts` globs
    /// and is not a transcript. Transcripts (`transcripts` globs) are sources, not
    /// drafts, unless `drafts` is configured (then those globs decide alone).
    pub fn walks_as_draft(&self, rel: &str) -> bool {
        self.is_draft(rel)
            && (self.drafts != Config::default().drafts
                || !crate::transcripts::is_transcript(rel, &self.transcripts))
    }
}

/// Minimal glob matching: `*` (within a path segment), `**` (any segments), `?`.
///
/// Patterns come from users (`copydesk.toml`, editor settings), so matching is bounded:
/// each (pattern position, path position) pair is tried at most once, O(|pattern| ×
/// |path|²) at worst instead of exponential backtracking (`*a*a*a*…` or `**/**/**/…`).
pub fn glob_match(pattern: &str, path: &str) -> bool {
    fn go(p: &[u8], s: &[u8], pi: usize, si: usize, failed: &mut [bool]) -> bool {
        let key = pi * (s.len() + 1) + si;
        if failed[key] {
            return false;
        }
        let (pr, sr) = (&p[pi..], &s[si..]);
        let ok = if pr.is_empty() {
            sr.is_empty()
        } else if pr.starts_with(b"**") {
            let skip = if pr[2..].starts_with(b"/") { 3 } else { 2 };
            // A trailing `**`: everything below.
            pi + skip >= p.len()
                || (si..=s.len())
                    .any(|i| (i == si || s[i - 1] == b'/') && go(p, s, pi + skip, i, failed))
        } else {
            match pr[0] {
                b'*' => (si..=s.len())
                    .take_while(|&i| i == si || s[i - 1] != b'/')
                    .any(|i| go(p, s, pi + 1, i, failed)),
                b'?' => !sr.is_empty() && sr[0] != b'/' && go(p, s, pi + 1, si + 1, failed),
                c => !sr.is_empty() && sr[0] == c && go(p, s, pi + 1, si + 1, failed),
            }
        };
        if !ok {
            failed[key] = true;
        }
        ok
    }
    let (p, s) = (pattern.as_bytes(), path.as_bytes());
    let mut failed = vec![false; (p.len() + 1) * (s.len() + 1)];
    go(p, s, 0, 0, &mut failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_in_bounded_time() {
        // Exponential for a backtracking matcher; each (pattern, path) position pair is
        // tried once here.
        let path = "a/".repeat(200) + &"a".repeat(200);
        assert!(!glob_match(&("**/".repeat(40) + "b"), &path));
        assert!(!glob_match(&("*a".repeat(40) + "b"), &"a".repeat(400)));
        assert!(glob_match(&("*a".repeat(40) + "*"), &"a".repeat(400)));
    }

    #[test]
    fn globs() {
        assert!(glob_match("**/*.md", "a/b/c.md"));
        assert!(glob_match("**/*.md", "c.md"));
        assert!(glob_match("drafts/*.md", "drafts/x.md"));
        assert!(!glob_match("drafts/*.md", "drafts/a/x.md"));
        assert!(!glob_match("*.md", "x.txt"));
        assert!(glob_match("notes/**", "notes/a/b.txt"));
        assert!(!glob_match("notes/**", "drafts/b.txt"));
    }

    #[test]
    fn errors_have_positions() {
        let e = Config::from_toml("[rules]\nscare-quote = \"loud\"\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = Config::from_toml("[rules]\nno-such-rule = \"off\"\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("no-such-rule"));
        let e = Config::from_toml("attribution_tense = \n").unwrap_err();
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn parses() {
        let c = Config::from_toml(
            "attribution_tense = \"says\"\n[rules]\nscare-quote = \"off\"\nunsourced-quote = \"warning\"\n[terms]\nBombay = { expected = \"Mumbai\", in_quotes = \"apply\" }\n",
        )
        .unwrap();
        assert_eq!(c.attribution_tense, Tense::Says);
        assert_eq!(c.level("scare-quote"), Some(None));
        assert_eq!(c.level("unsourced-quote"), Some(Some(Severity::Warning)));
        assert!(
            c.terms
                .iter()
                .any(|t| t.expected == "Mumbai" && t.in_quotes)
        );
    }
}
