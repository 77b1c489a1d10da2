//! Finding and reading transcript files (I/O shared by the CLI and the server; the
//! parsing, index and matching are pure, in [`crate::engine::transcript`]).
//!
//! Transcripts are the files under a root (the folder of the nearest `copydesk.toml`,
//! else the draft's folder) whose path relative to the root matches one of the
//! `transcripts` globs and ends in `.txt`, `.md`, `.markdown`, `.vtt` or `.srt`. Hidden
//! folders are skipped and symbolic links are not followed. A file that cannot be read
//! or is not UTF-8 is reported and left out; the others are still indexed.

use crate::config::glob_match;
use crate::engine::transcript::{TranscriptFormat, TranscriptIndex};
use std::path::{Component, Path, PathBuf};

/// Most files one discovery visits (a guard against a root at `/`).
const VISIT_LIMIT: usize = 50_000;

/// The transcripts of a root, indexed.
#[derive(Debug, Default)]
pub struct Loaded {
    pub index: TranscriptIndex,
    /// Absolute (or root-joined) path of each transcript, in index order.
    pub paths: Vec<PathBuf>,
    /// Files that could not be read.
    pub errors: Vec<String>,
}

/// A path relative to the root, `/`-separated; `None` when it is not under the root.
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// Whether a path relative to the root is a transcript under these globs.
pub fn is_transcript(rel: &str, globs: &[String]) -> bool {
    TranscriptFormat::from_path(rel).is_some() && globs.iter().any(|g| glob_match(g, rel))
}

/// The folder a glob can only match under (its segments before the first wildcard).
fn literal_prefix(glob: &str) -> PathBuf {
    let mut p = PathBuf::new();
    let segs: Vec<&str> = glob.split('/').collect();
    for (i, seg) in segs.iter().enumerate() {
        if i + 1 == segs.len() || seg.contains(['*', '?', '[']) {
            break;
        }
        if *seg != "." && !seg.is_empty() {
            p.push(seg);
        }
    }
    p
}

/// Transcript files under `root` matching `globs`, sorted.
pub fn discover(root: &Path, globs: &[String]) -> Vec<PathBuf> {
    discover_within(root, globs, &|_| true)
}

/// [`discover`], keeping only folders and files `allow` accepts (the server passes its
/// workspace-folder check, so a linked folder cannot lead outside the workspace).
pub fn discover_within(
    root: &Path,
    globs: &[String],
    allow: &dyn Fn(&Path) -> bool,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut visited = 0usize;
    let mut starts: Vec<PathBuf> = globs.iter().map(|g| root.join(literal_prefix(g))).collect();
    starts.sort();
    starts.dedup();
    // A start inside another start is walked once.
    let starts: Vec<PathBuf> = starts
        .iter()
        .filter(|s| !starts.iter().any(|o| o != *s && s.starts_with(o)))
        .cloned()
        .collect();
    for start in starts {
        let mut stack = vec![start];
        while let Some(dir) = stack.pop() {
            if !allow(&dir) {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                visited += 1;
                if visited > VISIT_LIMIT {
                    break;
                }
                let Ok(ft) = e.file_type() else { continue };
                let path = e.path();
                let hidden = e.file_name().to_string_lossy().starts_with('.');
                if ft.is_dir() && !hidden {
                    stack.push(path);
                } else if ft.is_file()
                    && relative(root, &path).is_some_and(|rel| is_transcript(&rel, globs))
                    && allow(&path)
                {
                    out.push(path);
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Discover, read and index the transcripts of a root.
pub fn load(root: &Path, globs: &[String]) -> Loaded {
    load_within(root, globs, &|_| true)
}

/// [`load`] reading only what `allow` accepts (see [`discover_within`]).
pub fn load_within(root: &Path, globs: &[String], allow: &dyn Fn(&Path) -> bool) -> Loaded {
    let mut files = Vec::new();
    let mut paths = Vec::new();
    let mut errors = Vec::new();
    for p in discover_within(root, globs, allow) {
        let rel = relative(root, &p).unwrap_or_else(|| p.display().to_string());
        match std::fs::read(&p) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(mut text) => {
                    if text.starts_with('\u{feff}') {
                        text.replace_range(..3, "   ");
                    }
                    files.push((rel, text));
                    paths.push(p);
                }
                Err(_) => errors.push(format!("{}: transcript is not UTF-8; skipped", p.display())),
            },
            Err(e) => errors.push(format!("{}: {e}; transcript skipped", p.display())),
        }
    }
    Loaded {
        index: TranscriptIndex::build(files),
        paths,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(
            literal_prefix("transcripts/**"),
            PathBuf::from("transcripts")
        );
        assert_eq!(literal_prefix("a/b/*.vtt"), PathBuf::from("a/b"));
        assert_eq!(literal_prefix("**/notes/*"), PathBuf::new());
        assert!(is_transcript("notes/a.vtt", &["notes/**".into()]));
        assert!(!is_transcript("notes/a.pdf", &["notes/**".into()]));
    }
}
