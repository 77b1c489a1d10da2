//! Columns on very long lines: how many characters and UTF-16 code units come before a
//! byte offset, without scanning the line from its start every time.
//!
//! A column is the count of characters (CLI, JSON) or UTF-16 code units (LSP) between
//! a line's start and an offset. Counting them per lookup is linear in the column, so a
//! draft pasted as one long line with thousands of findings took quadratic time (a
//! 330 KB line with 15,000 findings: 28 s in `copydesk check`). [`Counts`] keeps the
//! running totals at every [`Counts::STEP`] bytes, so one lookup scans at most that
//! many bytes; the line indexes build it only when a lookup is that far into a line.

/// Running character and UTF-16 totals of a text at every [`Counts::STEP`] bytes.
#[derive(Debug)]
pub struct Counts {
    /// (byte offset, characters before it, UTF-16 code units before it); offsets are
    /// char boundaries, ascending, the first is 0.
    marks: Vec<(usize, usize, usize)>,
}

impl Counts {
    /// Bytes between two marks: a lookup scans at most this many.
    pub const STEP: usize = 256;

    pub fn new(text: &str) -> Counts {
        let mut marks = vec![(0, 0, 0)];
        let (mut chars, mut units) = (0, 0);
        let mut next = Counts::STEP;
        for (i, c) in text.char_indices() {
            if i >= next {
                marks.push((i, chars, units));
                next = i + Counts::STEP;
            }
            chars += 1;
            units += c.len_utf16();
        }
        Counts { marks }
    }

    /// (characters, UTF-16 code units) in `text[..byte]`; `text` is the text the
    /// counts were built on and `byte` a char boundary of it.
    pub fn before(&self, text: &str, byte: usize) -> (usize, usize) {
        let k = self
            .marks
            .partition_point(|m| m.0 <= byte)
            .saturating_sub(1);
        let (from, mut chars, mut units) = self.marks[k];
        for c in text[from..byte].chars() {
            chars += 1;
            units += c.len_utf16();
        }
        (chars, units)
    }

    /// (characters, UTF-16 code units) in `text[start..byte]`.
    pub fn between(&self, text: &str, start: usize, byte: usize) -> (usize, usize) {
        let (c0, u0) = self.before(text, start);
        let (c1, u1) = self.before(text, byte);
        (c1 - c0, u1 - u0)
    }
}

#[cfg(test)]
mod tests {
    use super::Counts;

    #[test]
    fn counts_agree_with_a_scan_from_the_start() {
        // Mixed widths across several marks: ASCII, two- and three-byte characters
        // and a character outside the BMP (two UTF-16 units).
        let text: String = (0..5000)
            .map(|i| match i % 5 {
                0 => "a",
                1 => "é",
                2 => "“",
                3 => "𝄞",
                _ => " ",
            })
            .collect();
        let counts = Counts::new(&text);
        let offsets: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .step_by(7)
            .collect();
        for &b in &offsets {
            let want = (
                text[..b].chars().count(),
                text[..b].chars().map(char::len_utf16).sum::<usize>(),
            );
            assert_eq!(counts.before(&text, b), want, "at {b}");
        }
        for w in offsets.windows(2) {
            let want = (
                text[w[0]..w[1]].chars().count(),
                text[w[0]..w[1]].chars().map(char::len_utf16).sum::<usize>(),
            );
            assert_eq!(counts.between(&text, w[0], w[1]), want);
        }
    }
}
