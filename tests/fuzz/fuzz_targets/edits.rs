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

/// Reference conversion by a plain scan, shared with the integration tests.
#[path = "../../support/positions.rs"]
mod positions;
use positions::offset;

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
