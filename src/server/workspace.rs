//! Workspace folders, configuration and the drafts on disk.
//!
//! A draft's configuration is its nearest `copydesk.toml` (as for the CLI), then the
//! editor settings (`initializationOptions`, `workspace/didChangeConfiguration`) on top,
//! then the draft's own front matter (applied by the rule layer). Settings have the shape
//! of `copydesk.toml` (`{"rules": {"scare-quote": "off"}, "attribution_tense": "says"}`),
//! optionally under a `copydesk` key; `debounceMs` is the server's own setting.
//!
//! The server reads a file only when [`Workspace::readable`] allows it: with symlinks
//! resolved, the file lies inside a workspace folder (see SECURITY.md). Open documents
//! come from the editor and need no reading.

use crate::config::{self, Config};
use crate::engine::draft::{FrontMatter, FrontMatterFormat};
use crate::engine::{Format, analyze};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::Uri;

/// Keys of the settings object that belong to the server, not to `copydesk.toml`.
const SERVER_KEYS: &[&str] = &["debounceMs"];

/// Most files a workspace scan visits (a guard against opening a home directory).
const SCAN_LIMIT: usize = 20_000;

#[derive(Debug, Default)]
pub struct Workspace {
    pub folders: Vec<PathBuf>,
    /// Editor settings (the `copydesk.toml`-shaped part).
    pub settings: Option<Value>,
    /// Loaded configuration per directory of a draft.
    cache: HashMap<PathBuf, Config>,
    /// Messages about bad configuration not yet shown to the user.
    pub errors: Vec<String>,
}

/// Split editor settings into the configuration part and the debounce (ms).
pub fn split_settings(v: &Value) -> (Option<Value>, Option<u64>) {
    let v = v.get("copydesk").unwrap_or(v);
    let Some(obj) = v.as_object() else {
        return (None, None);
    };
    let debounce = obj.get("debounceMs").and_then(Value::as_u64);
    let mut cfg = obj.clone();
    for k in SERVER_KEYS {
        cfg.remove(*k);
    }
    ((!cfg.is_empty()).then_some(Value::Object(cfg)), debounce)
}

/// `cfg` with the editor settings merged in.
pub fn apply_settings(cfg: &Config, settings: &Value) -> Result<Config, String> {
    // The configuration merges a `copydesk:` block through the same path as front
    // matter, so settings accept exactly what `copydesk.toml` accepts.
    let mut a = analyze("", Format::Markdown);
    a.draft.front_matter = Some(FrontMatter {
        format: FrontMatterFormat::Yaml,
        span: 0..0,
        raw: String::new(),
        value: Some(serde_json::json!({ "copydesk": settings })),
        error: None,
    });
    match cfg.with_front_matter(&a) {
        Ok(Some(mut c)) => {
            // In settings, `transcripts` are the globs (as in `copydesk.toml`).
            if let Some(v) = c.draft_transcripts.take() {
                c.transcripts = v;
            }
            c.draft_transcripts = cfg.draft_transcripts.clone();
            Ok(c)
        }
        Ok(None) => Ok(cfg.clone()),
        Err(e) => Err(e
            .message
            .replace("front matter `copydesk`", "copydesk settings")),
    }
}

/// The file path of a `file:` URI.
pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    (uri.scheme().as_str() == "file")
        .then(|| uri.to_file_path().map(|p| p.into_owned()))
        .flatten()
}

impl Workspace {
    pub fn invalidate(&mut self) {
        self.cache.clear();
    }

    /// The configuration for a draft at `path` (or the defaults plus settings).
    pub fn config_for(&mut self, path: Option<&Path>) -> Config {
        let dir = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        if let Some(c) = self.cache.get(&dir) {
            return c.clone();
        }
        let found = (!dir.as_os_str().is_empty())
            .then(|| self.find_config(&dir))
            .flatten();
        let base = match found {
            Some(p) => Config::load(&p).unwrap_or_else(|e| {
                self.errors.push(e.to_string());
                Config::default()
            }),
            None => Config::default(),
        };
        let cfg = match &self.settings {
            Some(s) => apply_settings(&base, s).unwrap_or_else(|e| {
                self.errors.push(e);
                base
            }),
            None => base,
        };
        self.cache.insert(dir, cfg.clone());
        cfg
    }

    /// Just the folders (enough for [`Workspace::readable`] off the request loop).
    pub fn clone_folders(&self) -> Workspace {
        Workspace {
            folders: self.folders.clone(),
            ..Workspace::default()
        }
    }

    /// The real path of `path` when the server may read it: the file exists and, with
    /// symlinks resolved, lies inside a workspace folder (also resolved). Every file the
    /// server reads is checked here first; with no workspace folder, nothing is read.
    pub fn readable(&self, path: &Path) -> Option<PathBuf> {
        let real = path.canonicalize().ok()?;
        self.folders
            .iter()
            .filter_map(|f| f.canonicalize().ok())
            .any(|f| real.starts_with(&f))
            .then_some(real)
    }

    /// The nearest `copydesk.toml` at or above `dir` that may be read.
    fn find_config(&self, dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .filter_map(|d| self.readable(&d.join(config::FILE_NAME)))
            .find(|p| p.is_file())
    }

    /// The workspace folder holding `path`.
    pub fn folder_of(&self, path: &Path) -> Option<&PathBuf> {
        self.folders
            .iter()
            .filter(|f| path.starts_with(f))
            .max_by_key(|f| f.as_os_str().len())
    }

    /// Whether `path` is a draft of its workspace folder (by the folder's `drafts` globs;
    /// transcripts and notes are not drafts).
    pub fn is_draft(&mut self, path: &Path) -> bool {
        let Some(folder) = self.folder_of(path).cloned() else {
            return false;
        };
        let cfg = self.config_for(Some(&folder.join("x")));
        path.strip_prefix(&folder)
            .map(|rel| {
                let rel = rel.to_string_lossy().replace('\\', "/");
                cfg.walks_as_draft(&rel)
            })
            .unwrap_or(false)
    }

    /// Whether `path` is a transcript of its workspace folder (by the `transcripts` globs).
    pub fn is_transcript(&mut self, path: &Path) -> bool {
        let Some(folder) = self.folder_of(path).cloned() else {
            return false;
        };
        let cfg = self.config_for(Some(&folder.join("x")));
        crate::transcripts::relative(&folder, path)
            .is_some_and(|rel| crate::transcripts::is_transcript(&rel, &cfg.transcripts))
    }

    /// Every draft in every workspace folder, by each folder's `drafts` globs.
    pub fn drafts(&mut self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for folder in self.folders.clone() {
            let cfg = self.config_for(Some(&folder.join("x")));
            let mut stack = vec![folder.clone()];
            let mut seen = 0;
            while let Some(d) = stack.pop() {
                let Ok(entries) = std::fs::read_dir(&d) else {
                    continue;
                };
                for e in entries.flatten() {
                    seen += 1;
                    if seen > SCAN_LIMIT {
                        break;
                    }
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') || name == "node_modules" || name == "target" {
                        continue;
                    }
                    let p = e.path();
                    let Ok(ft) = e.file_type() else { continue };
                    if ft.is_dir() {
                        stack.push(p);
                    } else if let Ok(rel) = p.strip_prefix(&folder)
                        && let rel = rel.to_string_lossy().replace('\\', "/")
                        && cfg.walks_as_draft(&rel)
                    {
                        out.push(p);
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Glob patterns to watch: every folder's `drafts` and `transcripts` globs and
    /// `copydesk.toml`.
    pub fn watch_globs(&mut self) -> Vec<String> {
        let mut globs = vec![format!("**/{}", config::FILE_NAME)];
        let folders = self.folders.clone();
        let defaults = Config::default();
        let mut draft_globs: Vec<String> = folders
            .iter()
            .flat_map(|f| {
                let c = self.config_for(Some(&f.join("x")));
                c.drafts.into_iter().chain(c.transcripts)
            })
            .collect();
        if draft_globs.is_empty() {
            draft_globs = defaults
                .drafts
                .into_iter()
                .chain(defaults.transcripts)
                .collect();
        }
        for g in draft_globs {
            let g = if g.starts_with("**") {
                g
            } else {
                format!("**/{g}")
            };
            if !globs.contains(&g) {
                globs.push(g);
            }
        }
        globs
    }
}
