//! Reading drafts and writing fixes back safely.

use std::io::Write;
use std::path::Path;

/// A draft's text; the error names the file (and the first invalid byte for non-UTF-8).
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    decode(path, bytes)
}

/// Bytes as UTF-8 text, or an error that names the file and the first invalid byte.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let (line, _) = crate::output::line_col(
            // The valid prefix is text: count its lines for the message.
            std::str::from_utf8(&e.as_bytes()[..e.utf8_error().valid_up_to()]).unwrap_or(""),
            e.utf8_error().valid_up_to(),
        );
        format!(
            "{}: not valid UTF-8 (byte {}, line {line}); save the draft as UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// Why a fixed draft was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file on disk is no longer the text that was checked.
    Changed,
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => write!(f, "changed on disk while copydesk ran; left alone"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Replace `path` with `new` atomically, only if it still holds exactly `original`.
///
/// The new text goes to a temporary file in the same folder (same file system), takes
/// the original's permissions, is flushed to disk, and is renamed over the draft. The
/// draft is re-read just before the rename; if it differs from `original` nothing is
/// written. `before_compare` runs first (tests use it to change the file mid-run).
pub fn write_if_unchanged(
    path: &Path,
    original: &[u8],
    new: &str,
    before_compare: impl FnOnce(),
) -> Result<(), WriteError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let meta = std::fs::metadata(path).map_err(WriteError::Io)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".copydesk-fix-")
        .tempfile_in(dir)
        .map_err(WriteError::Io)?;
    tmp.write_all(new.as_bytes()).map_err(WriteError::Io)?;
    tmp.as_file().sync_all().map_err(WriteError::Io)?;
    std::fs::set_permissions(tmp.path(), meta.permissions()).map_err(WriteError::Io)?;
    before_compare();
    // If the comparison fails, dropping `tmp` deletes the temporary file.
    let now = std::fs::read(path).map_err(WriteError::Io)?;
    if now != original {
        return Err(WriteError::Changed);
    }
    tmp.persist(path).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

/// A unified diff of a fix (`--- a/PATH`, `+++ b/PATH`), empty when nothing changes.
pub fn unified_diff(shown: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let mut d = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{shown}"), &format!("b/{shown}"))
        .to_string();
    if !d.ends_with('\n') {
        d.push('\n');
    }
    d
}
