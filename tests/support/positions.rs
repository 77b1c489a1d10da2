//! Reference LSP position conversion by a plain scan of the text (independent of ropey):
//! line breaks are `\n`, `\r\n` and a lone `\r`; columns count UTF-8 bytes or UTF-16
//! code units. Out-of-range positions clamp like the server's: a line past the end is
//! the end of the text, a column past a line's text is its end, a column inside a
//! character rounds down.
#![allow(dead_code)]

/// The (line, column) of a byte offset on a char boundary.
pub fn position(text: &str, byte: usize, utf8: bool) -> (u32, u32) {
    let (mut line, mut col) = (0, 0);
    let b = text.as_bytes();
    for (i, c) in text[..byte].char_indices() {
        match c {
            '\n' if i > 0 && b[i - 1] == b'\r' => {}
            '\n' | '\r' => {
                line += 1;
                col = 0;
            }
            _ => col += if utf8 { c.len_utf8() } else { c.len_utf16() } as u32,
        }
    }
    (line, col)
}

/// The byte offset of a (line, column) position, clamped.
pub fn offset(text: &str, line: u32, col: u32, utf8: bool) -> usize {
    let b = text.as_bytes();
    let mut start = 0;
    for _ in 0..line {
        match (start..b.len()).find(|&i| b[i] == b'\n' || b[i] == b'\r') {
            Some(i) if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') => start = i + 2,
            Some(i) => start = i + 1,
            None => return text.len(),
        }
    }
    let end = (start..b.len())
        .find(|&i| b[i] == b'\n' || b[i] == b'\r')
        .unwrap_or(b.len());
    let mut units = 0usize;
    for (i, c) in text[start..end].char_indices() {
        let w = if utf8 { c.len_utf8() } else { c.len_utf16() };
        if units + w > col as usize {
            return start + i;
        }
        units += w;
    }
    end
}

/// An LSP range object for a byte span.
pub fn range_json(text: &str, start: usize, end: usize, utf8: bool) -> serde_json::Value {
    let (sl, sc) = position(text, start, utf8);
    let (el, ec) = position(text, end, utf8);
    serde_json::json!({"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}})
}
