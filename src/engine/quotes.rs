//! Quotation marks: which marks are quotes, which are apostrophes, and how they pair.
//!
//! Pairing is per block, with one exception: a block that ends inside an open double
//! quotation continues into the next block of the same scope when that block opens with
//! a quotation mark (the running-quote convention). Unmatched marks are recorded.

use super::draft::{Block, Scope};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkStyle {
    Double,
    Single,
}

/// A paired (or unclosed) quotation.
#[derive(Debug, Clone)]
pub struct RawQuote {
    pub style: MarkStyle,
    /// One piece per block the quotation spans; each covers the marks it has.
    pub pieces: Vec<Range<usize>>,
    /// Index of the block of each piece.
    pub blocks: Vec<usize>,
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Byte length of the opening mark (2 for a doubled apostrophe).
    pub open_len: usize,
    /// Range of the closing mark, when there is one.
    pub close: Option<Range<usize>>,
    /// True when any mark of the quotation is a straight (typewriter) mark.
    pub straight: bool,
    /// The enclosing quotation, for nested ones.
    pub parent: Option<usize>,
}

impl RawQuote {
    pub fn span(&self) -> Range<usize> {
        self.pieces[0].start..self.pieces.last().map_or(self.open, |p| p.end)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unmatched {
    /// An opening mark that is never closed.
    Open,
    /// A closing mark with nothing open.
    Close,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnbalancedMark {
    pub span: Range<usize>,
    pub style: MarkStyle,
    pub which: Unmatched,
}

#[derive(Debug, Default)]
pub struct QuoteScan {
    pub quotes: Vec<RawQuote>,
    pub unbalanced: Vec<UnbalancedMark>,
    /// Offsets of marks read as apostrophes.
    pub apostrophes: Vec<usize>,
}

/// Invisible format characters that pasted web text carries next to marks (bidi
/// embeddings and marks, zero-width spaces and joiners, the byte-order mark): they
/// count as space.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

fn opening_ctx(p: Option<char>) -> bool {
    match p {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || invisible(c)
                || matches!(
                    c,
                    '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '"' | '\'' | '*' | '_'
                )
        }
    }
}

fn closing_ctx(n: Option<char>) -> bool {
    match n {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || invisible(c)
                || matches!(
                    c,
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | '…'
                        | '”'
                        | '’'
                        | '"'
                        | '\''
                        | '*'
                        | '_'
                )
        }
    }
}

const ELISIONS: [&str; 8] = ["n", "em", "til", "cause", "tis", "twas", "bout", "round"];

struct Open {
    style: MarkStyle,
    quote: usize,
    curly: bool,
}

/// Scan all blocks of a draft.
pub fn scan(prose: &str, blocks: &[Block]) -> QuoteScan {
    let mut out = QuoteScan::default();
    // A double quotation left open at the end of the previous block.
    let mut pending: Option<(usize, Scope)> = None;
    for (bi, block) in blocks.iter().enumerate() {
        let text = &prose[block.span.clone()];
        let base = block.span.start;
        let mut stack = Stack::default();
        let mut skip_first_mark = None;
        let mut skip_next = None;
        if let Some((qi, scope)) = pending.take() {
            let mut it = text.chars();
            let first = it.next();
            let second = it.next();
            // A reopened paragraph that starts with a transcript speaker label
            // (`"PENCE: …`) is the next speaker's turn, not more of this quotation.
            if scope == block.scope
                && matches!(first, Some('“') | Some('"'))
                && !second.is_some_and(char::is_whitespace)
                && crate::engine::attribution::transcript_label(prose, block.span.clone()).is_none()
            {
                let q = &mut out.quotes[qi];
                q.pieces.push(base..base + text.len());
                q.blocks.push(bi);
                stack.push(Open {
                    style: MarkStyle::Double,
                    quote: qi,
                    curly: first == Some('“'),
                });
                if first == Some('"') {
                    q.straight = true;
                }
                skip_first_mark = Some(0);
            } else {
                unclosed(&mut out, qi);
            }
        }
        // Only the marks are looked at (found bytewise); their neighbours are decoded
        // where needed.
        let bytes = text.as_bytes();
        // Where the block's last `'` and `’` are (whether a single mark closes later),
        // found once per block rather than by a search per mark.
        let (last_straight, last_curly) = (text.rfind('\''), text.rfind('’'));
        let last_mark = |c: char| if c == '\'' { last_straight } else { last_curly };
        let mut i = 0;
        while i < bytes.len() {
            // Skip to the next byte that may start a mark.
            match memchr::memchr3(b'"', b'\'', 0xE2, &bytes[i..]) {
                Some(off) => i += off,
                None => break,
            }
            let c = match bytes[i] {
                b'"' => '"',
                b'\'' => '\'',
                0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
                    Some(0x98) => '‘',
                    Some(0x99) => '’',
                    Some(0x9C) => '“',
                    Some(0x9D) => '”',
                    _ => {
                        i += 1;
                        continue;
                    }
                },
                _ => {
                    i += 1;
                    continue;
                }
            };
            let i0 = i;
            i += c.len_utf8();
            let i = i0;
            if skip_first_mark == Some(i) || skip_next == Some(i) {
                continue;
            }
            // Two apostrophes ('') are a typewriter double quotation mark.
            let doubled = c == '\'' && bytes.get(i + 1) == Some(&b'\'');
            let (c, len, n) = if doubled {
                skip_next = Some(i + 1);
                ('"', 2, text[i + 2..].chars().next())
            } else {
                (c, c.len_utf8(), text[i + c.len_utf8()..].chars().next())
            };
            let p = text[..i].chars().next_back();
            let at = base + i;
            let double_open = stack.open(MarkStyle::Double);
            let single_open = stack.open(MarkStyle::Single);
            match c {
                '“' | '”' | '"' => {
                    let (l, r) = (opening_ctx(p), closing_ctx(n));
                    let close = match c {
                        '“' => double_open && r && !l,
                        // A paragraph may open with a right mark (`” … if the
                        // president can visit`): at its very start it opens.
                        '”' => double_open || p.is_some() && (!l || r),
                        _ => {
                            if l && !r {
                                false
                            } else if r && !l {
                                true
                            } else {
                                double_open
                            }
                        }
                    };
                    if close {
                        if double_open {
                            close_to(&mut out, &mut stack, MarkStyle::Double, at..at + len, c);
                        } else {
                            out.unbalanced.push(UnbalancedMark {
                                span: at..at + len,
                                style: MarkStyle::Double,
                                which: Unmatched::Close,
                            });
                        }
                    } else {
                        open(&mut out, &mut stack, MarkStyle::Double, at, c, bi);
                        if let Some(q) = out.quotes.last_mut() {
                            q.pieces[0].end = at + len;
                            q.open_len = len;
                        }
                    }
                }
                _ => {
                    let rest = &text[i + len..];
                    let letter = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
                    let elision = opening_ctx(p)
                        && ELISIONS.iter().any(|e| {
                            rest.get(..e.len())
                                .is_some_and(|h| h.eq_ignore_ascii_case(e))
                                && !letter(rest[e.len()..].chars().next())
                        });
                    let after_n_elision = p == Some('n')
                        && matches!(text[..i - 1].chars().next_back(), Some('’' | '\''))
                        && !letter(n);
                    let apostrophe = c != '‘'
                        && ((letter(p) && letter(n))
                            || (opening_ctx(p) && n.is_some_and(|x| x.is_ascii_digit()))
                            || elision
                            || after_n_elision
                            || (p == Some('s') && !letter(n) && !single_open)
                            || (p == Some('s')
                                && single_open
                                && n == Some(' ')
                                && rest[1..].chars().next().is_some_and(char::is_lowercase)
                                && last_mark(c).is_some_and(|l| l > i))
                            || (c == '’' && !single_open)
                            || (c == '\'' && letter(p) && !single_open));
                    if apostrophe || (c == '‘' && n.is_some_and(|x| x.is_ascii_digit())) {
                        out.apostrophes.push(at);
                        continue;
                    }
                    let is_open = match c {
                        '‘' => true,
                        '’' => false,
                        _ => {
                            let (l, r) = (opening_ctx(p), closing_ctx(n));
                            if l && !r {
                                true
                            } else if r && !l {
                                false
                            } else {
                                !single_open
                            }
                        }
                    };
                    if is_open {
                        open(&mut out, &mut stack, MarkStyle::Single, at, c, bi);
                    } else if single_open {
                        close_to(&mut out, &mut stack, MarkStyle::Single, at..at + len, c);
                    } else {
                        out.apostrophes.push(at);
                    }
                }
            }
        }
        // End of block: singles never run on; a double may.
        let end = base + text.len();
        while let Some(o) = stack.pop() {
            match o.style {
                MarkStyle::Single => drop_single(&mut out, o, end),
                MarkStyle::Double => {
                    let q = &mut out.quotes[o.quote];
                    if let Some(last) = q.pieces.last_mut() {
                        last.end = end;
                    }
                    if stack.is_empty() && matches!(block.scope, Scope::Body | Scope::BlockQuote) {
                        pending = Some((o.quote, block.scope));
                    } else {
                        unclosed(&mut out, o.quote);
                    }
                }
            }
        }
    }
    if let Some((qi, _)) = pending {
        unclosed(&mut out, qi);
    }
    // Remove dropped quotations and renumber parents.
    let mut map = vec![None; out.quotes.len()];
    let mut next = 0;
    for (i, q) in out.quotes.iter().enumerate() {
        if !q.pieces.is_empty() {
            map[i] = Some(next);
            next += 1;
        }
    }
    out.quotes.retain(|q| !q.pieces.is_empty());
    for q in out.quotes.iter_mut() {
        q.parent = q.parent.and_then(|p| map[p]);
    }
    out
}

/// The marks open in a block, innermost last, with how many of each style are open
/// (asked at every mark: counting the stack each time made a block with thousands of
/// unclosed marks quadratic).
#[derive(Default)]
struct Stack {
    opens: Vec<Open>,
    doubles: usize,
    singles: usize,
}

impl Stack {
    fn push(&mut self, o: Open) {
        match o.style {
            MarkStyle::Double => self.doubles += 1,
            MarkStyle::Single => self.singles += 1,
        }
        self.opens.push(o);
    }
    fn pop(&mut self) -> Option<Open> {
        let o = self.opens.pop()?;
        match o.style {
            MarkStyle::Double => self.doubles -= 1,
            MarkStyle::Single => self.singles -= 1,
        }
        Some(o)
    }
    fn last(&self) -> Option<&Open> {
        self.opens.last()
    }
    fn is_empty(&self) -> bool {
        self.opens.is_empty()
    }
    /// Whether a mark of `style` is open.
    fn open(&self, style: MarkStyle) -> bool {
        match style {
            MarkStyle::Double => self.doubles > 0,
            MarkStyle::Single => self.singles > 0,
        }
    }
}

fn open(out: &mut QuoteScan, stack: &mut Stack, style: MarkStyle, at: usize, c: char, bi: usize) {
    let parent = stack.last().map(|o| o.quote);
    out.quotes.push(RawQuote {
        style,
        pieces: std::iter::once(at..at + c.len_utf8()).collect(),
        blocks: vec![bi],
        open: at,
        open_len: c.len_utf8(),
        close: None,
        straight: matches!(c, '"' | '\''),
        parent,
    });
    stack.push(Open {
        style,
        quote: out.quotes.len() - 1,
        curly: !matches!(c, '"' | '\''),
    });
}

fn close_to(
    out: &mut QuoteScan,
    stack: &mut Stack,
    style: MarkStyle,
    mark: std::ops::Range<usize>,
    c: char,
) {
    while let Some(o) = stack.pop() {
        if o.style == style {
            let q = &mut out.quotes[o.quote];
            if let Some(last) = q.pieces.last_mut() {
                last.end = mark.end;
            }
            q.close = Some(mark);
            if matches!(c, '"' | '\'') {
                q.straight = true;
            }
            return;
        }
        drop_single(out, o, mark.start);
    }
}

/// A single mark left open: a curly one is a real unmatched mark; a straight one was most
/// likely an apostrophe or a foot mark, so it is forgotten.
fn drop_single(out: &mut QuoteScan, o: Open, _end: usize) {
    let q = &mut out.quotes[o.quote];
    let at = q.open;
    q.pieces.clear();
    if o.curly {
        out.unbalanced.push(UnbalancedMark {
            span: at..at + '‘'.len_utf8(),
            style: MarkStyle::Single,
            which: Unmatched::Open,
        });
    } else {
        out.apostrophes.push(at);
    }
    // Its children become top-level when the dropped quotations are removed at the end
    // of `scan` (a parent without pieces maps to none).
}

fn unclosed(out: &mut QuoteScan, qi: usize) {
    let q = &out.quotes[qi];
    out.unbalanced.push(UnbalancedMark {
        span: q.open..q.open + q.open_len,
        style: q.style,
        which: Unmatched::Open,
    });
}
