//! Quote marks and punctuation: headline quotes, commas and periods around closing
//! marks, curly quotes and the ellipsis.

use super::cache::Unit;
use super::ctx::{Ctx, is_cap};
use super::{Applicability, Finding, Severity, edit};
use crate::config::QuotePunctuation;
use crate::engine::lexicon::{CueClass, lexicon};
use crate::engine::{QuoteKind, Scope};
use std::ops::Range;

pub fn run(cx: &Ctx, out: &mut Vec<Finding>) {
    headline(cx, out);
    punctuation(cx, out);
    straight(cx, out);
    ellipsis(cx, out);
}

fn headline(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("quote-in-headline") {
        return;
    }
    for (b, block) in cx.a.draft.blocks.iter().enumerate() {
        if block.scope != Scope::Heading {
            continue;
        }
        let text = cx.block_text(b);
        let base = block.span.start;
        let Some(open) = text.find(['“', '"']) else {
            continue;
        };
        let olen = text[open..].chars().next().map_or(1, char::len_utf8);
        let close = text[open + olen..].find(['”', '"']).map(|i| {
            open + olen
                + i
                + text[open + olen + i..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8)
        });
        let end = close.unwrap_or(text.len());
        let outside = format!("{} {}", &text[..open], &text[end..]);
        let attributed = outside.contains(':')
            || outside.split_whitespace().any(|w| {
                matches!(
                    w.trim_matches(|c: char| !c.is_alphanumeric()),
                    "says" | "said" | "say"
                )
            })
            || outside.split_whitespace().any(|w| is_cap(w) && w.len() > 1);
        let span = base + open..base + end;
        let mut edits = vec![edit(
            base + open..base + open + text[open..].chars().next().map_or(1, char::len_utf8),
            "‘",
        )];
        if let Some(c) = close {
            let clen = text[..c].chars().next_back().map_or(1, char::len_utf8);
            edits.push(edit(base + c - clen..base + c, "’"));
        }
        let f = if attributed {
            cx.finding(
                "quote-in-headline",
                span,
                "Headline quotes take single quotation marks.".into(),
            )
            .with_severity(Severity::Hint)
        } else {
            cx.finding(
                "quote-in-headline",
                span,
                "Headline quote with no speaker: write ‘Name: …’ or ‘…,’ Name says, with single marks.".into(),
            )
        };
        out.push(f.with_fix("Use single quotation marks", Applicability::Safe, edits));
    }
}

/// Does the draft follow logical punctuation? Evidence for it: a period or comma after a
/// closing mark. Evidence against it: a fragment whose sentence-ending period sits inside
/// the mark (`called it “false.”`), which only US style does; a comma before an
/// attribution sits inside in both styles, so it says nothing. Neither does a period
/// that ends words quoted as speech: the second piece of an interrupted quotation
/// (`“Overall,” he continued, “the plan works.”`), words introduced by a comma or colon
/// (`urging viewers, “we must vote.”`), several quoted sentences, or a sentence whose
/// first letter the writer bracketed (`“[T]his decision …”`). The draft's majority
/// decides: it is logical when it has more `”.`/`”,` than US-style fragments (a draft
/// whose only such mark is one `”.` is consistently logical); a tie is flagged (US
/// style is the default).
fn logical_draft(cx: &Ctx) -> bool {
    let src = cx.src;
    let (mut outside, mut inside) = (0usize, 0usize);
    for q in cx.a.quotes.iter().filter(|q| q.closed) {
        let end = q.span.end;
        let close_len = src[..end].chars().next_back().map_or(1, char::len_utf8);
        let inner = &src[q.span.start..end - close_len];
        match src[end..].chars().next() {
            Some('.' | ',') if !inner.ends_with(['.', '?', '!']) => outside += 1,
            _ if inner.ends_with('.') && us_fragment(src, q) => inside += 1,
            _ => {}
        }
    }
    outside > inside
}

/// Whether a quotation ending in a period inside its mark is a fragment of the writer's
/// sentence (only US style puts that period inside), rather than quoted speech whose own
/// sentence ends there.
fn us_fragment(src: &str, q: &crate::engine::Quote) -> bool {
    // The first letter, past an editor's bracket or an ellipsis (`[T]his`, `…and`).
    let first = q
        .text
        .trim_start_matches(|c: char| c == '[' || c == '…' || c == '.' || c.is_whitespace())
        .chars()
        .next();
    let bracketed = q.text.starts_with('[');
    let capital = first.is_some_and(char::is_uppercase) || bracketed;
    if q.kind == QuoteKind::Quotation && capital {
        return false;
    }
    // An utterance quoted whole: `recalls thinking “oh, I'm here to work.”`.
    if super::quotes::opens_with_interjection(&q.text) {
        return false;
    }
    // Introduced as speech: `said, “…”`, `commented: “…”`.
    let before = src[..q.span.start].trim_end();
    if before.ends_with([',', ':']) {
        return false;
    }
    // Several quoted sentences are speech, not a fragment.
    let inner = q.text.trim_end();
    let body = inner.strip_suffix('.').unwrap_or(inner);
    let sentences = body.match_indices(['.', '?', '!']).any(|(i, _)| {
        body[i + 1..].starts_with(' ')
            && body[i + 1..]
                .trim_start()
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    });
    !sentences
}

fn punctuation(cx: &Ctx, out: &mut Vec<Finding>) {
    let src = cx.src;
    let logical = match cx.cfg.quote_punctuation {
        QuotePunctuation::American => false,
        QuotePunctuation::Logical => true,
        QuotePunctuation::Auto => logical_draft(cx),
    };
    for q in &cx.a.quotes {
        if !q.closed || cx.scope(q.block) == Scope::Heading {
            continue;
        }
        let end = q.span.end;
        let close_len = src[..end].chars().next_back().map_or(1, char::len_utf8);
        let close = end - close_len..end;
        let after = src[end..].chars().next();
        if matches!(after, Some('.' | ',')) && !logical && cx.on("quote-punctuation") {
            // Leave `…”.` after a full sentence already ending in `.?!` to the editor.
            let inner = &src[q.span.start..close.start];
            if !inner.ends_with(['.', '?', '!']) {
                let p = after.unwrap_or('.');
                out.push(
                    cx.finding(
                        "quote-punctuation",
                        end..end + 1,
                        "Periods and commas go inside the closing quotation mark.".into(),
                    )
                    .with_fix(
                        format!("Move “{p}” inside the quotation mark"),
                        Applicability::Safe,
                        vec![edit(
                            close.start..end + 1,
                            format!("{p}{}", &src[close.clone()]),
                        )],
                    ),
                );
            }
        }
        // `“….” she said` / `“….” said Smith`.
        if cx.on("attribution-punctuation") && src[..close.start].ends_with('.') {
            // At most 80 bytes, and not past the line's end (looked for only in those 80
            // bytes: a search to the line's end per quotation was quadratic on a
            // one-line draft).
            let window = (end + 80).min(src.len());
            let mut stop =
                memchr::memchr(b'\n', &src.as_bytes()[end..window]).map_or(window, |i| end + i);
            while !src.is_char_boundary(stop) {
                stop -= 1;
            }
            let rest = &src[end..stop];
            if !rest.starts_with([' ', '\t']) {
                continue;
            }
            let raw: Vec<&str> = rest.split_whitespace().take(4).collect();
            let words: Vec<&str> = raw.iter().map(|w| w.trim_end_matches([',', '.'])).collect();
            // A capitalised name after `.”` starts a new sentence unless the tag ends its
            // clause right away (`“….” Okafor said.`).
            let clause_ends = |i: usize| {
                let next_quote = raw
                    .get(i + 1)
                    .is_some_and(|n| n.starts_with(['“', '"', '‘']));
                raw.get(i).is_some_and(|w| {
                    w.ends_with('.') || w.ends_with(',') && !next_quote || i + 1 == raw.len()
                })
            };
            let is_cue = |w: &str| {
                lexicon().cues.get(&w.to_lowercase()).is_some_and(|forms| {
                    forms.iter().any(|f| {
                        f.words.len() == 1
                            && f.classes.iter().any(|c| {
                                matches!(
                                    c,
                                    CueClass::Neutral
                                        | CueClass::NeutralCtx
                                        | CueClass::Formal
                                        | CueClass::Mild
                                        | CueClass::Loaded
                                        | CueClass::Manner
                                        | CueClass::NonSpeech
                                )
                            })
                    })
                })
            };
            let lower_start = words
                .first()
                .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase));
            let hit = match words.as_slice() {
                [w, ..] if lower_start && is_cue(w) => true,
                [p, v, ..] if matches!(*p, "he" | "she" | "they" | "it" | "we") && is_cue(v) => {
                    true
                }
                [n, v, ..]
                    if is_cap(n)
                        && is_cue(v)
                        && clause_ends(1)
                        && v.chars().next().is_some_and(char::is_lowercase) =>
                {
                    true
                }
                [n, m, v, ..]
                    if is_cap(n)
                        && is_cap(m)
                        && clause_ends(2)
                        && is_cue(v)
                        && v.chars().next().is_some_and(char::is_lowercase) =>
                {
                    true
                }
                _ => false,
            };
            if hit {
                let p = close.start - 1;
                out.push(
                    cx.finding(
                        "attribution-punctuation",
                        p..p + 1,
                        "Before the attribution, end the quotation with a comma: “…,” she said."
                            .into(),
                    )
                    .with_fix(
                        "Replace the period with a comma",
                        Applicability::Safe,
                        vec![edit(p..p + 1, ",")],
                    ),
                );
            }
        }
    }
}

fn straight(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("straight-quotes") {
        return;
    }
    let prose = cx.prose();
    // Block by block (cached per block: a mark at the block's edge reads the character
    // next to it, which the block's fingerprint covers).
    cx.per_block(
        Unit::TypographyStraight,
        |_| 0,
        |b, out, _, _| straight_in(cx, prose, cx.a.draft.blocks[b].span.clone(), out),
        out,
    );
}

/// The straight marks of block text `r`.
fn straight_in(cx: &Ctx, prose: &str, r: Range<usize>, out: &mut Vec<Finding>) {
    {
        for (i, c) in prose[r.clone()].char_indices() {
            if c != '"' && c != '\'' {
                continue;
            }
            let at = r.start + i;
            let before = prose[..at].chars().next_back();
            let after = prose[at + 1..].chars().next();
            if before.is_some_and(|b| b.is_ascii_digit()) {
                continue; // primes: 6'2", 45°30'
            }
            let opening = before.is_none_or(|b| b.is_whitespace() || "([{—–-“‘/".contains(b))
                && after.is_some_and(|a| !a.is_whitespace());
            let (curly, what) = match (c, opening) {
                ('"', true) => ("“", "quotation mark"),
                ('"', false) => ("”", "quotation mark"),
                ('\'', true) => ("‘", "quotation mark"),
                _ => ("’", "apostrophe or quotation mark"),
            };
            out.push(
                cx.finding(
                    "straight-quotes",
                    at..at + 1,
                    format!("Use a curly {what} ({curly}) instead of a straight one."),
                )
                .with_fix(
                    format!("Replace with {curly}"),
                    Applicability::Safe,
                    vec![edit(at..at + 1, curly)],
                ),
            );
        }
    }
}

fn ellipsis(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("ellipsis-style") {
        return;
    }
    let prose = cx.prose();
    // Block by block (cached per block: reads the block's text only).
    cx.per_block(
        Unit::TypographyEllipsis,
        |_| 0,
        |b, out, _, _| ellipsis_in(cx, prose, b, out),
        out,
    );
}

fn ellipsis_in(cx: &Ctx, prose: &str, b: usize, out: &mut Vec<Finding>) {
    {
        let block = &cx.a.draft.blocks[b];
        let base = block.span.start;
        let text = &prose[block.span.clone()];
        let mut i = 0;
        while i < text.len() {
            let rest = &text[i..];
            let (len, bad) = if rest.starts_with('…') {
                ('…'.len_utf8(), true)
            } else if rest.starts_with("...") {
                let before = text[..i].chars().next_back();
                let after = text[i + 3..].chars().next();
                let ok_before = before.is_none_or(|c| c.is_whitespace() || "“‘\"(".contains(c));
                let ok_after = after.is_none_or(|c| c.is_whitespace() || "”’\".?!)".contains(c));
                (3, !(ok_before && ok_after))
            } else {
                (rest.chars().next().map_or(1, char::len_utf8), false)
            };
            if bad {
                let span = base + i..base + i + len;
                out.push(
                    cx.finding(
                        "ellipsis-style",
                        span.clone(),
                        "Set the ellipsis as three periods with a space on each side ( ... )."
                            .into(),
                    )
                    .with_fix(
                        "Use “ ... ”",
                        Applicability::Unsafe,
                        vec![edit(span, " ... ")],
                    ),
                );
            }
            i += len;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, QuotePunctuation};
    use crate::rules::count_rule;

    fn count(text: &str, config: &Config) -> usize {
        count_rule(text, config, "quote-punctuation")
    }

    #[test]
    fn logical_drafts_are_left_alone_unless_the_house_is_american() {
        let logical =
            "The mayor called the audit “false”.\n\nShe called the plan “costly”, and voted no.\n";
        let mixed = "The mayor called the audit “false”.\n\nShe called the plan “costly.”\n";
        let auto = Config::default();
        assert_eq!(count(logical, &auto), 0);
        assert_eq!(count(mixed, &auto), 1);
        // One logical mark and nothing against it: the draft is consistent.
        assert_eq!(count("He called it “false”.\n", &auto), 0);
        // The draft's majority decides: three logical marks against one US fragment.
        let mostly_logical = "The mayor called the audit “false”.\n\nShe called the plan “costly”, and voted no.\n\nHe called it “a mess”.\n\nShe called the plan “costly.”\n";
        assert_eq!(count(mostly_logical, &auto), 0);
        // Periods that end quoted speech sit inside in both styles: the second piece of
        // an interrupted quotation, speech after a comma or colon, several sentences and
        // a bracketed capital are no evidence of US style, so one `”,` decides.
        let speech = "“It is a good sign”, said Lena Ortiz.\n\n“Overall,” she continued, “the plan should work.”\n\nThe mayor urged viewers, “go and vote early.”\n\nThe clerk wrote: “the vote is final. Nobody can appeal.”\n\n“[T]he roads are closed.”\n";
        assert_eq!(count(speech, &auto), 0);
        // A fragment of the writer's sentence is evidence: a tie is flagged.
        let speech = format!("{speech}\nShe recalls thinking “oh, this plan will never work.”\n");
        assert_eq!(count(&speech, &auto), 0);
        let tie =
            "“It is a good sign”, said Lena Ortiz.\n\nShe called the plan “a costly mistake.”\n";
        assert_eq!(count(tie, &auto), 1);
        let american = Config {
            quote_punctuation: QuotePunctuation::American,
            ..Config::default()
        };
        assert_eq!(count(logical, &american), 2);
        let logical_house = Config {
            quote_punctuation: QuotePunctuation::Logical,
            ..Config::default()
        };
        assert_eq!(count(mixed, &logical_house), 0);
    }
}
