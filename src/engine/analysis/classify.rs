//! What kind of quotation a span is: title, nickname, mention frame, fragment.

use super::*;
use crate::engine::attribution::Lower;
use crate::engine::quotes::MarkStyle;

/// Title, nickname and "the word …" frames.
pub(super) fn frame_kind(
    a: &Analysis,
    b: usize,
    s: usize,
    tok: usize,
    qi: usize,
) -> Option<QuoteKind> {
    let lx = lexicon();
    let facts = &a.blocks[b];
    let prose = &a.draft.prose;
    let st = sent(a, b, s);
    let q = &a.quotes[qi];
    // The n-th word before the quotation in its sentence (lower case), not past another
    // quotation. Every frame asks, so the few words are lower-cased once.
    let want = lx
        .mention_frames
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(6);
    let mut before: Vec<Lower> = Vec::with_capacity(want);
    let mut k = tok;
    while k > st.range.start && before.len() < want {
        k -= 1;
        if facts.tokens[k].is_word() {
            before.push(Lower::of(&prose[facts.tokens[k].span.clone()]));
        } else if facts.tokens[k].quote().is_some() {
            break;
        }
    }
    let prev_word = |n: usize| -> Option<&str> { before.get(n - 1).map(Lower::as_str) };
    // Nickname: Capitalised “X” Capitalised.
    // At most four words (whitespace-separated) in the quotation.
    let at_most_four_words = || words_upto(&q.text, 5) <= 4;
    if tok > st.range.start && tok + 1 < st.range.end && at_most_four_words() {
        let before = &facts.tokens[tok - 1];
        let after = &facts.tokens[tok + 1];
        let cap = |t: &Token| {
            t.is_word()
                && prose[t.span.clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                && !not_name(&prose[t.span.clone()])
        };
        if cap(before) && cap(after) && !q.text.ends_with([',', '.', '?', '!']) {
            return Some(QuoteKind::Nickname);
        }
    }
    // Mention frames: the word “X”, so-called “X”, known as “X”.
    // An article may come between: known as the “Buffett rule”.
    let skip = usize::from(matches!(prev_word(1), Some("the" | "a" | "an")));
    for f in &lx.mention_frames {
        let n = f.len();
        // A frame ends right before the quotation or its article: its last word first.
        let last = f.last().map(String::as_str);
        if n > 0 && last != prev_word(1) && (skip == 0 || last != prev_word(2)) {
            continue;
        }
        let at = |skip: usize| (1..=n).all(|i| prev_word(i + skip) == Some(f[n - i].as_str()));
        let names = matches!(
            f.last().map(String::as_str),
            Some("as" | "dubbed" | "nicknamed")
        ) && f.first().map(String::as_str) != Some("described");
        if at(0) || (skip == 1 && names && at(1)) {
            return Some(QuoteKind::Scare);
        }
    }
    // A term and its definition after it: a “targeted employment area,” which is
    // defined as …
    if !lx.following_mention_frames.is_empty() {
        let mut after: Vec<Lower> = Vec::with_capacity(4);
        let mut k = tok + 1;
        while k < st.range.end && after.len() < 4 {
            let t = &facts.tokens[k];
            if t.is_word() {
                after.push(Lower::of(&prose[t.span.clone()]));
            } else if t.quote().is_some() || !t.is_punct(',') {
                break;
            }
            k += 1;
        }
        if lx
            .following_mention_frames
            .iter()
            .any(|f| f.len() <= after.len() && f.iter().zip(&after).all(|(w, a)| w == a.as_str()))
        {
            return Some(QuoteKind::Scare);
        }
        // The “sex tape” reference: the words named as a thing.
        if tok + 1 < st.range.end
            && facts.tokens[tok + 1].is_word()
            && after
                .first()
                .is_some_and(|w| lx.mention_nouns.contains(w.as_str()))
            && matches!(
                prev_word(1),
                Some("the" | "a" | "an" | "this" | "that" | "his" | "her" | "their" | "its")
            )
        {
            return Some(QuoteKind::Scare);
        }
    }
    // Title frames within three words before.
    // US style puts the sentence's period or comma inside the closing mark, so a title
    // may end in one; it has no sentence punctuation inside.
    let bare = q.text.trim_end().trim_end_matches(['.', ',']);
    // (Bytewise: the marks are ASCII, so no other character contains their bytes.)
    let title_like = || {
        memchr::memchr3(b'.', b'?', b'!', bare.as_bytes()).is_none()
            && memchr::memchr3(b',', b';', b':', bare.as_bytes()).is_none()
    };
    let capitalised = q
        .text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    // A year in parentheses right after the closing mark dates a work, a slogan or a
    // poster, not words someone said: `“Yes to the Tram” (2009)`.
    if facts.tokens.get(tok + 1).is_some_and(|t| t.is_punct('('))
        && facts.tokens.get(tok + 2).is_some_and(|t| {
            let w = &prose[t.span.clone()];
            t.is_word()
                && w.len() == 4
                && (w.starts_with("19") || w.starts_with("20"))
                && w.bytes().all(|c| c.is_ascii_digit())
        })
        && facts.tokens.get(tok + 3).is_some_and(|t| t.is_punct(')'))
    {
        return Some(QuoteKind::Title);
    }
    // A paragraph of nothing but a short quotation in single marks: a crosshead in
    // headline style ('A really tough decision.'), not someone's words.
    if q.style == MarkStyle::Single
        && words_upto(&q.text, 9) <= 8
        && prose[a.draft.blocks[b].span.clone()].trim() == &prose[q.span.clone()]
    {
        return Some(QuoteKind::Title);
    }
    if capitalised {
        // A title may hold its own punctuation when its words are in Title Case: after
        // a title frame (`the podcast “So, That Happened.”`, `the movie “Sharknado 3: Oh
        // Hell No!”`), before a credit (`“The Museum Reopens,” by Ann Ruiz`), before a
        // noun of its cast (`the “Avatar” star`).
        let title_case = title_cased(&q.text, 16);
        let framed = || (1..=3).any(|i| prev_word(i).is_some_and(|w| lx.title_frames.contains(w)));
        let next_word = |n: usize| {
            let t = facts
                .tokens
                .get(tok + n)
                .filter(|_| tok + n < st.range.end)?;
            t.is_word().then(|| &prose[t.span.clone()])
        };
        // `by` and a capitalised name (or a publication's possessive).
        // Not a date: `“We will not back down,” by Friday, …`.
        let credited = || {
            next_word(1) == Some("by")
                && next_word(2).is_some_and(|w| {
                    let w = w.trim_end_matches('.');
                    w.starts_with(char::is_uppercase)
                        // A capitalised day or month ("Friday", "Sept."), as written.
                        && !(w.chars().skip(1).all(char::is_lowercase)
                            && crate::engine::lexicon::date_word(Lower::of(w).as_str()))
                })
        };
        // Attributive, so no punctuation of its own (`“Thank You,” host Ana Ruiz said`
        // is said).
        let cast = || {
            !q.text.trim_end().ends_with([',', '.', '?', '!'])
                && next_word(1).is_some_and(|w| lx.title_nouns.contains(Lower::of(w).as_str()))
        };
        // `“Chi-Raq,” a movie about …`, `“Tales From the Crypt,” an HBO series`: a
        // title and its kind in apposition; not the subject of a cue (`“…,” a report
        // said`).
        let is_cue =
            |w: Option<&str>| w.is_some_and(|w| lx.cues.contains_key(Lower::of(w).as_str()));
        let apposed = || {
            q.text.trim_end().ends_with(',')
                && matches!(next_word(1), Some("a" | "an"))
                && (2..=4).any(|n| {
                    next_word(n).is_some_and(|w| lx.title_frames.contains(Lower::of(w).as_str()))
                        && !is_cue(next_word(n + 1))
                })
        };
        if title_case.is_some() && (framed() || cast() || apposed())
            || (title_case.is_some() || title_like()) && credited()
        {
            return Some(QuoteKind::Title);
        }
        // A short name in Title Case after a possessive: a show or a work (`NBC’s
        // “Today”`, `television’s “Scandal,”`).
        if title_like()
            && title_case.is_some_and(|n| n >= 1)
            && words_upto(&q.text, 7) <= 6
            && tok > st.range.start
            && facts.tokens[tok - 1].is_word()
            && {
                let w = &prose[facts.tokens[tok - 1].span.clone()];
                w.ends_with("’s") || w.ends_with("'s")
            }
        {
            return Some(QuoteKind::Title);
        }
    }
    if capitalised && title_like() {
        for i in 1..=3 {
            if let Some(w) = prev_word(i)
                && lx.title_frames.contains(w)
            {
                return Some(QuoteKind::Title);
            }
        }
        // All significant words in Title Case, two or more of them, in at most ten
        // words. One pass without collecting: more than ten words, or a significant word
        // not capitalised, settles it.
        let mut n_words = 0;
        let mut n_significant = 0;
        let mut all_capitalised = true;
        for w in q.text.split_whitespace() {
            n_words += 1;
            if n_words > 10 {
                break;
            }
            if !title_minor_word(Lower::of(w).as_str()) {
                n_significant += 1;
                if !w
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                {
                    all_capitalised = false;
                    break;
                }
            }
        }
        // “…” after a cue and a comma or colon, ending in its own sentence mark, is
        // what was said, however it is capitalised (`by interjecting, “Only Rosie.”`).
        let uttered = || {
            q.text
                .trim_end()
                .trim_end_matches(['”', '"', '’', '\''])
                .ends_with(['.', '?', '!'])
                && tok >= st.range.start + 2
                && (facts.tokens[tok - 1].is_punct(',') || facts.tokens[tok - 1].is_punct(':'))
                && facts.tokens[tok - 2].is_word()
                && {
                    let w = &prose[facts.tokens[tok - 2].span.clone()];
                    w.chars().next().is_some_and(char::is_lowercase)
                        && lx.cues.contains_key(Lower::of(w).as_str())
                }
        };
        // A name someone gives a person or a thing, with the object between the verb
        // and the words (`Trump called Merkel “The Chancellor of the Free World.”`), is
        // that person's words; `a group called “…”` names it. (Not "calls", a noun as
        // often: `taking calls from listeners to his “…” program`.)
        let epithet = || {
            (2..=6).any(|i| {
                matches!(prev_word(i), Some("call" | "called" | "calling"))
                    && (1..i).any(|j| {
                        !matches!(
                            prev_word(j),
                            Some("the" | "a" | "an" | "his" | "her" | "its")
                        )
                    })
            })
        };
        if n_significant >= 2
            && n_words <= 10
            && all_capitalised
            && !uttered()
            && !epithet()
            // At the start of a sentence only a bare name ("“Build Back Better” is …"),
            // not a quoted sentence followed by its attribution.
            && (tok > st.range.start
                || !q.text.trim_end().ends_with(['.', ',', '?', '!'])
                // A paragraph of nothing but a quotation in headline case: a crosshead
                // ('All Bets Are Off.').
                || prose[a.draft.blocks[b].span.clone()].trim() == &prose[q.span.clone()])
        {
            return Some(QuoteKind::Title);
        }
    }
    None
}

/// A fragment embedded in the writer's sentence (not a full quoted sentence).
pub(super) fn is_fragment(a: &Analysis, b: usize, s: usize, tok: usize, qi: usize) -> bool {
    let q = &a.quotes[qi];
    if q.pieces.len() > 1 {
        return false;
    }
    let facts = &a.blocks[b];
    let prose = &a.draft.prose;
    let range = &facts.sentences[s];
    let first = q.text.chars().next();
    let starts_upper = first.is_some_and(|c| c.is_uppercase() || !c.is_alphanumeric());
    let at_start = tok == range.start;
    // What precedes: a colon, a comma or a cue word makes it a full quotation.
    let prev = (tok > range.start).then(|| &facts.tokens[tok - 1]);
    let introduced = prev.is_some_and(|t| t.is_punct(':') || t.is_punct(','));
    let after_cue = prev.is_some_and(|t| {
        let w = &prose[t.span.clone()];
        t.is_word()
            && w.chars().next().is_some_and(char::is_lowercase)
            && lexicon()
                .cues
                .contains_key(crate::engine::attribution::Lower::of(w).as_str())
    });
    // “A,” she said, “and b.”: the second half of a split quotation.
    let continues = prev.is_some_and(|t| t.is_punct(','))
        && (range.start..tok).any(|k| {
            facts.tokens[k]
                .quote()
                .is_some_and(|pq| a.quotes[pq].text.trim_end().ends_with(','))
        });
    if continues {
        return false;
    }
    let multi_sentence = memchr::memchr3(
        b'.',
        b'?',
        b'!',
        q.text.trim_end_matches(['.', '?', '!', ',']).as_bytes(),
    )
    .is_some();
    if multi_sentence {
        return false;
    }
    let terminal = q.text.trim_end().ends_with(['.', '?', '!', ',']);
    // The number of words is only asked about as `<= 3` and `> 12`: counted as far as
    // the question needs, and only when it is asked.
    if !terminal && words_upto(&q.text, 4) <= 3 {
        return true;
    }
    if starts_upper && (at_start || introduced || after_cue) {
        return false;
    }
    !(starts_upper && words_upto(&q.text, 13) > 12)
}

/// The number of significant words (not an article, a short preposition or a
/// conjunction, and holding a letter or digit) when every one of them starts with a
/// capital or a digit and the text has at most `max` words; `None` otherwise.
fn title_cased(text: &str, max: usize) -> Option<usize> {
    let mut n_significant = 0;
    for (i, w) in text.split_whitespace().enumerate() {
        if i >= max {
            return None;
        }
        let w = w.trim_start_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = w.chars().next() else {
            continue;
        };
        if i > 0
            && matches!(
                Lower::of(w.trim_end_matches(|c: char| !c.is_alphanumeric())).as_str(),
                w if title_minor_word(w) || matches!(w, "as" | "is" | "vs")
            )
        {
            continue;
        }
        if !(first.is_uppercase() || first.is_ascii_digit()) {
            return None;
        }
        n_significant += 1;
    }
    Some(n_significant)
}

/// Articles, conjunctions and short prepositions that a Title Case title leaves in lower
/// case ("The Art of the Deal").
fn title_minor_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "of"
            | "and"
            | "or"
            | "in"
            | "on"
            | "to"
            | "for"
            | "at"
            | "by"
            | "with"
            | "from"
    )
}

/// `text.split_whitespace().take(max).count()`, reading ASCII a byte at a time.
fn words_upto(text: &str, max: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut n, mut i, mut in_word) = (0, 0, false);
    while i < bytes.len() && n < max {
        let (space, len) = if bytes[i] < 0x80 {
            // The ASCII characters of `char::is_whitespace`.
            (matches!(bytes[i], b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            in_word = false;
        } else if !in_word {
            in_word = true;
            n += 1;
        }
        i += len;
    }
    n
}

#[cfg(test)]
mod tests {
    /// `words_upto` counts as `split_whitespace` does.
    #[test]
    fn words_upto_is_split_whitespace() {
        for text in [
            "",
            " ",
            "one",
            " one  two\tthree\nfour ",
            "a\u{a0}b\u{2003}c\u{85}d e f g h i j k l m n o p",
            "\u{b}x\u{c}y\rz\u{1c}w",
            "naïve café — “quoted” words’ here",
        ] {
            for max in [0, 1, 4, 5, 13, 100] {
                assert_eq!(
                    super::words_upto(text, max),
                    text.split_whitespace().take(max).count(),
                    "{text:?} {max}"
                );
            }
        }
    }
}
