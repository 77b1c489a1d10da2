//! Tokens and sentences of a block, with quotations as single tokens.

use super::lexicon::lexicon;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Punct(char),
    /// A piece of a top-level quotation (index into the analysis' quotes).
    Quote(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub span: Range<usize>,
    pub kind: TokKind,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokKind::Punct(c)
    }
    pub fn quote(&self) -> Option<usize> {
        match self.kind {
            TokKind::Quote(q) => Some(q),
            _ => None,
        }
    }
}

/// Tokenise `prose[span]`; `pieces` are (range, quote index) of top-level quote pieces
/// inside the span, sorted by start.
pub fn tokenize(prose: &str, span: Range<usize>, pieces: &[(Range<usize>, usize)]) -> Vec<Token> {
    let lx = lexicon();
    // About one token per five bytes of news prose: one allocation instead of a
    // doubling series.
    let mut toks = Vec::with_capacity(span.len() / 5 + 4);
    let text = &prose[..span.end];
    let mut i = span.start;
    let mut pi = 0;
    while i < span.end {
        while pi < pieces.len() && pieces[pi].0.end <= i {
            pi += 1;
        }
        if pi < pieces.len() && pieces[pi].0.start <= i {
            toks.push(Token {
                span: pieces[pi].0.clone(),
                kind: TokKind::Quote(pieces[pi].1),
            });
            i = pieces[pi].0.end;
            pi += 1;
            continue;
        }
        let limit = if pi < pieces.len() {
            pieces[pi].0.start
        } else {
            span.end
        };
        // Up to the next quotation piece: no piece to look for.
        while i < limit {
            // Spaces (most of what is not a word) without decoding.
            if text.as_bytes()[i] == b' ' {
                i += 1;
                continue;
            }
            let c = char_at(text, i);
            let cl = c.len_utf8();
            // An ASCII letter or digit (most tokens) starts a word without the Unicode
            // tests.
            let ascii_alnum = text.as_bytes()[i].is_ascii_alphanumeric();
            if !ascii_alnum && (c.is_whitespace() || is_symbol(c)) {
                i += cl;
                continue;
            }
            if ascii_alnum || is_alnum(c) {
                let start = i;
                let mut j = i + cl;
                while j < limit {
                    // ASCII letters and digits (most of a word) without decoding.
                    let run = text.as_bytes()[j..limit]
                        .iter()
                        .position(|&b| !ASCII_ALNUM[usize::from(b)])
                        .unwrap_or(limit - j);
                    j += run;
                    // The end of the text, or ASCII that neither continues a word nor
                    // joins two parts of one (a space, a comma): the word ends.
                    if j == limit
                        || text.as_bytes()[j] < 0x80
                            && !matches!(text.as_bytes()[j], b'\'' | b'-' | b'.' | b'&')
                    {
                        break;
                    }
                    let d = char_at(text, j);
                    if is_alnum(d) {
                        j += d.len_utf8();
                        continue;
                    }
                    if matches!(d, '\'' | '’' | '-' | '.' | '&') {
                        let after = text[j + d.len_utf8()..limit].chars().next();
                        if after.is_some_and(is_alnum) {
                            j += d.len_utf8() + after.map_or(0, char::len_utf8);
                            continue;
                        }
                    }
                    break;
                }
                // Absorb an abbreviation's final period.
                if j < limit && text.as_bytes()[j] == b'.' {
                    let w = &text[start..j];
                    let with_dot = &text[start..j + 1];
                    let single_cap =
                        w.chars().count() == 1 && w.chars().next().is_some_and(char::is_uppercase);
                    if single_cap
                        || w.contains('.')
                        || lx.abbrev_title.contains(with_dot)
                        || lx.abbrev_final.contains(with_dot)
                    {
                        j += 1;
                    }
                }
                toks.push(Token {
                    span: start..j,
                    kind: TokKind::Word,
                });
                i = j;
                continue;
            }
            toks.push(Token {
                span: i..i + cl,
                kind: TokKind::Punct(c),
            });
            i += cl;
        }
    }
    toks
}

/// `u8::is_ascii_alphanumeric` as a table: one load per byte in the word scans.
pub(crate) static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// `char::is_alphanumeric`, with ASCII and the curly quotation marks, apostrophe and
/// dashes (common in news prose, never alphanumeric) answered without the Unicode tables.
#[inline]
pub(crate) fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !matches!(c, '“' | '”' | '‘' | '’' | '—' | '–' | '…') && c.is_alphanumeric()
    }
}

/// The character at byte `i` (a char boundary), or a space at the end; ASCII without
/// decoding.
#[inline]
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => b as char,
        _ => text[i..].chars().next().unwrap_or(' '),
    }
}

fn starts_upper(prose: &str, t: &Token) -> bool {
    prose[t.span.clone()]
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A quotation whose first letter is lower case (`U.S. “clearly” needed`) continues the
/// sentence before it.
fn quote_starts_lower(prose: &str, t: &Token) -> bool {
    t.quote().is_some()
        && prose[t.span.clone()]
            .chars()
            .find(|&c| is_alnum(c))
            .is_some_and(char::is_lowercase)
}

/// Split tokens into sentences; returns token index ranges.
///
/// `quote_ends_sentence(q)` gives the terminal punctuation quotation `q`'s text ends
/// in (`.”`, `?”`, `!”`), if any.
pub fn sentences(
    prose: &str,
    toks: &[Token],
    quote_ends_sentence: impl Fn(usize) -> Option<char>,
) -> Vec<Range<usize>> {
    let lx = lexicon();
    // Room for sentences of about a dozen tokens: one allocation for most blocks.
    let mut out = Vec::with_capacity(toks.len() / 12 + 1);
    let mut start = 0;
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k];
        let mut boundary_after = None;
        match t.kind {
            TokKind::Punct('.')
            | TokKind::Punct('?')
            | TokKind::Punct('!')
            | TokKind::Punct('…') => {
                // Swallow closing brackets and repeated marks.
                let mut e = k + 1;
                while e < toks.len()
                    && matches!(
                        toks[e].kind,
                        TokKind::Punct(')')
                            | TokKind::Punct('.')
                            | TokKind::Punct('?')
                            | TokKind::Punct('!')
                    )
                {
                    e += 1;
                }
                match toks.get(e) {
                    None => boundary_after = Some(e),
                    Some(n)
                        if (n.quote().is_some() && !quote_starts_lower(prose, n))
                            || starts_upper(prose, n) =>
                    {
                        boundary_after = Some(e)
                    }
                    _ => {}
                }
            }
            // Only a word ending in a period (few) can end a sentence: its last byte
            // first, without slicing.
            TokKind::Word if prose.as_bytes()[..t.span.end].ends_with(b".") => {
                let w = &prose[t.span.clone()];
                if w.ends_with('.') && !lx.abbrev_title.contains(w) {
                    let single_initial = w.chars().count() == 2;
                    match toks.get(k + 1) {
                        None => boundary_after = Some(k + 1),
                        Some(n)
                            if !single_initial
                                && ((n.quote().is_some() && !quote_starts_lower(prose, n))
                                    || (starts_upper(prose, n) && lx.abbrev_final.contains(w))) =>
                        {
                            boundary_after = Some(k + 1)
                        }
                        _ => {}
                    }
                }
            }
            TokKind::Quote(q) => {
                let ends = quote_ends_sentence(q);
                if ends.is_some_and(|c| !name_then_cue(prose, toks, k + 1, c == '.')) {
                    match toks.get(k + 1) {
                        Some(n) if n.quote().is_some() || starts_upper(prose, n) => {
                            boundary_after = Some(k + 1)
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        if let Some(e) = boundary_after {
            out.push(start..e);
            start = e;
            k = e;
        } else {
            k += 1;
        }
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
    out
}

/// `“Who are they?” Trump said …`: capitalised words then a cue verb continue the
/// quotation's sentence.
///
/// After a period (`“….” Ortiz said.`, a punctuation slip) only a bare attribution
/// continues; `“….” Romney fired back in March, …` is a new sentence.
fn name_then_cue(prose: &str, toks: &[Token], k: usize, period: bool) -> bool {
    let lx = lexicon();
    let mut i = k;
    while i < toks.len() && i < k + 4 && toks[i].is_word() && starts_upper(prose, &toks[i]) {
        i += 1;
    }
    if i == k || i >= toks.len() || !toks[i].is_word() {
        return false;
    }
    // "“….” He said" starts a new sentence; only a name continues the quotation's.
    if super::attribution::not_name(&prose[toks[k].span.clone()]) {
        return false;
    }
    let w = &prose[toks[i].span.clone()];
    let cue = w.chars().next().is_some_and(char::is_lowercase)
        && lx
            .cues
            .contains_key(crate::engine::attribution::Lower::of(w).as_str());
    cue && (!period || toks.get(i + 1).is_none_or(|t| t.is_punct('.')))
}

/// Emoji and other symbols are neither words nor punctuation for attribution.
fn is_symbol(c: char) -> bool {
    !is_alnum(c)
        && !c.is_ascii_punctuation()
        && !matches!(
            c,
            '—' | '–'
                | '―'
                | '…'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '«'
                | '»'
                | '¿'
                | '¡'
                | '·'
                | '§'
                | '€'
                | '£'
        )
}

#[cfg(test)]
mod tests {
    /// `is_alnum` is `char::is_alphanumeric`.
    #[test]
    fn is_alnum_is_is_alphanumeric() {
        for c in (0..0x3000u32)
            .filter_map(char::from_u32)
            .chain(['’', '“', '”', '‘', '—', '–', '…', 'ß', 'Σ', '中'])
        {
            assert_eq!(super::is_alnum(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
