//! Positions: LSP `Position`s ↔ byte offsets into the draft, through a ropey `Rope`.
//!
//! The rope is built with ropey's `cr_lines` feature only, so its lines end exactly where
//! LSP lines end: at `\n`, `\r\n` or a lone `\r`. Every conversion is O(log n): ropey keeps
//! byte, char, UTF-16 and line counts in its tree nodes. Out-of-range positions clamp (a
//! line past the end is the end of the document; a column past the end of a line is the
//! end of that line's text); a column inside a UTF-8 sequence or a surrogate pair rounds
//! down to the start of the character.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

/// The negotiated position encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, else UTF-16 (the LSP default).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// The char index where `line`'s text ends (before its line break).
fn line_text_end(rope: &Rope, line: usize) -> usize {
    let mut end = rope.line_to_char(line + 1);
    let start = rope.line_to_char(line);
    if end > start && rope.char(end - 1) == '\n' {
        end -= 1;
        if end > start && rope.char(end - 1) == '\r' {
            end -= 1;
        }
    } else if end > start && rope.char(end - 1) == '\r' {
        end -= 1;
    }
    end
}

/// The position of a byte offset (clamped to the document, rounded down to a char).
pub fn position(rope: &Rope, byte: usize, enc: Encoding) -> Position {
    let byte = byte.min(rope.len_bytes());
    let ch = rope.byte_to_char(byte);
    let line = rope.char_to_line(ch);
    let line_start = rope.line_to_char(line);
    let col = match enc {
        Encoding::Utf8 => rope.char_to_byte(ch) - rope.char_to_byte(line_start),
        Encoding::Utf16 => rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(line_start),
    };
    Position::new(line as u32, col as u32)
}

/// The start of every line of one version's text, built once per version (one SIMD
/// scan for line breaks), for converting many byte offsets to positions at once (the
/// diagnostics of a long draft): a binary search for the line, and for a line that is
/// all ASCII the column is the byte distance. Same answers as [`position`].
#[derive(Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts (LSP lines: `\n`, `\r\n` or a lone `\r`).
    starts: Vec<usize>,
    /// Whether each line (with its line break) is all ASCII.
    ascii: Vec<bool>,
    /// UTF-16 totals for columns far into a long line that is not ASCII (built on
    /// first need; see `crate::columns`).
    counts: std::sync::OnceLock<crate::columns::Counts>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut ascii = Vec::new();
        let mut from = 0;
        while let Some(i) = memchr::memchr2(b'\n', b'\r', &bytes[from..]) {
            let at = from + i;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            ascii.push(bytes[*starts.last().unwrap_or(&0)..next].is_ascii());
            starts.push(next);
            from = next;
        }
        ascii.push(bytes[from..].is_ascii());
        LineIndex {
            starts,
            ascii,
            counts: std::sync::OnceLock::new(),
        }
    }

    /// The position of a byte offset of `text` (the text the index was built on),
    /// clamped to the text and rounded down to a char, as [`position`].
    pub fn position(&self, text: &str, byte: usize, enc: Encoding) -> Position {
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= byte)
            .saturating_sub(1);
        let start = self.starts[line];
        let col = if enc == Encoding::Utf8 || self.ascii[line] {
            byte - start
        } else if byte - start <= crate::columns::Counts::STEP {
            text[start..byte].chars().map(char::len_utf16).sum()
        } else {
            let counts = self
                .counts
                .get_or_init(|| crate::columns::Counts::new(text));
            counts.between(text, start, byte).1
        };
        Position::new(line as u32, col as u32)
    }

    /// The LSP range of a byte span of `text`.
    pub fn range(&self, text: &str, span: &std::ops::Range<usize>, enc: Encoding) -> Range {
        Range::new(
            self.position(text, span.start, enc),
            self.position(text, span.end, enc),
        )
    }
}

/// The byte offset of a position (clamped as described in the module docs).
pub fn offset(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start = rope.line_to_char(line);
    let end = line_text_end(rope, line);
    let col = pos.character as usize;
    let ch = match enc {
        Encoding::Utf8 => {
            let sb = rope.char_to_byte(start);
            let eb = rope.char_to_byte(end);
            rope.byte_to_char((sb + col).min(eb))
        }
        Encoding::Utf16 => {
            let su = rope.char_to_utf16_cu(start);
            let eu = rope.char_to_utf16_cu(end);
            rope.utf16_cu_to_char((su + col).min(eu))
        }
    };
    rope.char_to_byte(ch)
}

/// The LSP range of a byte span.
pub fn range(rope: &Rope, span: &std::ops::Range<usize>, enc: Encoding) -> Range {
    Range::new(
        position(rope, span.start, enc),
        position(rope, span.end, enc),
    )
}

/// The byte span of an LSP range (end never before start).
pub fn span(rope: &Rope, r: Range, enc: Encoding) -> std::ops::Range<usize> {
    let s = offset(rope, r.start, enc);
    let e = offset(rope, r.end, enc).max(s);
    s..e
}

/// Apply one `didChange` content change; returns the byte offset just after the
/// inserted text (where the user's cursor is).
pub fn apply_change(rope: &mut Rope, r: Option<Range>, text: &str, enc: Encoding) -> usize {
    match r {
        None => {
            *rope = Rope::from_str(text);
            text.len()
        }
        Some(r) => {
            let sp = span(rope, r, enc);
            let (sc, ec) = (rope.byte_to_char(sp.start), rope.byte_to_char(sp.end));
            rope.remove(sc..ec);
            rope.insert(sc, text);
            sp.start + text.len()
        }
    }
}

/// The line break ending `line` ("\n" when it has none).
pub fn line_break(rope: &Rope, line: usize) -> &'static str {
    if line >= rope.len_lines() {
        return "\n";
    }
    let end = rope.line_to_char(line + 1);
    let start = rope.line_to_char(line);
    if end > start && rope.char(end - 1) == '\n' {
        if end - 1 > start && rope.char(end - 2) == '\r' {
            "\r\n"
        } else {
            "\n"
        }
    } else if end > start && rope.char(end - 1) == '\r' {
        "\r"
    } else if line > 0 {
        line_break(rope, line - 1)
    } else {
        "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(text: &str, enc: Encoding) {
        let rope = Rope::from_str(text);
        for (b, _) in text.char_indices().chain([(text.len(), ' ')]) {
            // Between the CR and LF of a CRLF is no position: it clamps before the CR.
            if b > 0 && text[b..].starts_with('\n') && text[..b].ends_with('\r') {
                continue;
            }
            let p = position(&rope, b, enc);
            assert_eq!(offset(&rope, p, enc), b, "{text:?} byte {b} → {p:?}");
        }
    }

    #[test]
    fn the_line_index_agrees_with_the_rope() {
        for t in [
            "a😀b\n“x” 日本語\r\ne\u{301}z\rlast",
            "",
            "\n\n",
            "x\r\n",
            "\r\r\n\n\r",
            "plain\nascii\r\nlines\r",
            "ü\n",
        ] {
            let rope = Rope::from_str(t);
            let index = LineIndex::new(t);
            for b in 0..=t.len() + 2 {
                for enc in [Encoding::Utf8, Encoding::Utf16] {
                    assert_eq!(
                        index.position(t, b, enc),
                        position(&rope, b, enc),
                        "{t:?} byte {b} {enc:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn round_trips() {
        for t in ["a😀b\n“x” 日本語\r\ne\u{301}z\rlast", "", "\n\n", "x\r\n"] {
            round(t, Encoding::Utf8);
            round(t, Encoding::Utf16);
        }
    }

    #[test]
    fn columns() {
        let rope = Rope::from_str("😀a\r日b\r\nc");
        let b = "😀".len();
        assert_eq!(position(&rope, b, Encoding::Utf16), Position::new(0, 2));
        assert_eq!(position(&rope, b, Encoding::Utf8), Position::new(0, 4));
        let b = "😀a\r日".len();
        assert_eq!(position(&rope, b, Encoding::Utf16), Position::new(1, 1));
        assert_eq!(position(&rope, b, Encoding::Utf8), Position::new(1, 3));
        // Past the end of a line: clamps before the CRLF.
        let o = offset(&rope, Position::new(1, 99), Encoding::Utf16);
        assert_eq!(o, "😀a\r日b".len());
        // Inside a surrogate pair: rounds down.
        assert_eq!(offset(&rope, Position::new(0, 1), Encoding::Utf16), 0);
        // Past the last line: the end.
        assert_eq!(
            offset(&rope, Position::new(9, 0), Encoding::Utf8),
            rope.len_bytes()
        );
    }
}
