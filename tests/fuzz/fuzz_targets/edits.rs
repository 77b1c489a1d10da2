//! Incremental edit sequences: the server's rope after `didChange`s equals a reference
//! string edited by an independent position conversion, in both encodings (so the
//! analysis of an edited document is the analysis of the text a fresh open would send).
#![no_main]

use copydesk::server::position::{Encoding, apply_change};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range};

#[derive(Arbitrary, Debug)]
struct Change {
    /// `None`: a full-text replacement.
    range: Option<(u8, u8, u8, u8)>,
    text: String,
}

#[derive(Arbitrary, Debug)]
struct Input {
    utf8: bool,
    initial: String,
    changes: Vec<Change>,
}

/// Reference: the byte offset of an LSP position by a plain scan (line breaks `\n`,
/// `\r\n`, lone `\r`; a line past the end is the end; a column past the line's text is
/// its end; inside a character rounds down).
fn offset(text: &str, line: u32, col: u32, utf8: bool) -> usize {
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

fuzz_target!(|input: Input| {
    let enc = if input.utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
    let mut rope = Rope::from_str(&input.initial);
    let mut reference = input.initial.clone();
    for c in input.changes.iter().take(64) {
        let range = c.range.map(|(l1, c1, l2, c2)| {
            Range::new(
                Position::new(l1 as u32 % 16, c1 as u32),
                Position::new(l2 as u32 % 16, c2 as u32),
            )
        });
        let at = apply_change(&mut rope, range, &c.text, enc);
        match range {
            None => reference = c.text.clone(),
            Some(r) => {
                let s = offset(&reference, r.start.line, r.start.character, input.utf8);
                let e = offset(&reference, r.end.line, r.end.character, input.utf8).max(s);
                reference.replace_range(s..e, &c.text);
                assert_eq!(at, s + c.text.len(), "cursor after {r:?}");
            }
        }
        assert_eq!(rope.to_string(), reference, "after {range:?} {:?}", c.text);
    }
});
