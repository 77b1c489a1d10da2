//! Quotation rules: speakers, placement, running quotes, pairing and fragments.

use super::ctx::{Ctx, is_cap, is_prose_scope};
use super::{Applicability, Finding, Severity, edit};
use crate::engine::lexicon::lexicon;
use crate::engine::quotes::{MarkStyle, Unmatched};
use crate::engine::{Attribution, QuoteKind};

pub fn run(cx: &Ctx, out: &mut Vec<Finding>) {
    speakers(cx, out);
    running_and_unbalanced(cx, out);
    fragments(cx, out);
    insertion(cx, out);
    mixed(cx, out);
}

/// The first few words of a quotation, for messages.
fn opening(text: &str) -> String {
    let w: Vec<&str> = text.split_whitespace().take(5).collect();
    let s = w.join(" ");
    if text.split_whitespace().count() > 5 {
        format!("{s}…")
    } else {
        s
    }
}

/// Token index of quotation `qi` in its first block, and its sentence index.
fn locate(cx: &Ctx, qi: usize) -> Option<(usize, usize)> {
    let q = &cx.a.quotes[qi];
    let facts = &cx.a.blocks[q.block];
    crate::engine::analysis::quote_token(&facts.tokens, &facts.sentences, qi, q.span.start)
}

/// Whether a later sentence of the block attributes something. `last` caches, for one
/// block at a time, the index of its last attributed sentence (a scan per quotation was
/// quadratic on a long paragraph).
fn later_cue(
    cx: &Ctx,
    block: usize,
    after: usize,
    last: &mut Option<(usize, Option<usize>)>,
) -> bool {
    let l = match *last {
        Some((b, l)) if b == block => l,
        _ => {
            let l = cx
                .block_sentences(block)
                .iter()
                .rev()
                .find(|s| cx.is_attributed(s))
                .map(|s| s.index);
            *last = Some((block, l));
            l
        }
    };
    l.is_some_and(|l| l > after)
}

fn speakers(cx: &Ctx, out: &mut Vec<Finding>) {
    let prose = cx.prose();
    let mut caption_of: Option<(usize, bool)> = None;
    let mut last_cue = None;
    for (qi, q) in cx.a.quotes.iter().enumerate() {
        if q.kind != QuoteKind::Quotation {
            continue;
        }
        let scope = cx.scope(q.block);
        if !is_prose_scope(scope) || cx.transcript[q.block] {
            continue;
        }
        let Some((tok, s)) = locate(cx, qi) else {
            continue;
        };
        let facts = &cx.a.blocks[q.block];
        let para_initial = tok == 0;
        let late =
            q.speaker.is_none() && q.cue.is_none() && later_cue(cx, q.block, s, &mut last_cue);
        // A configured extra cue verb in the quotation's sentence attributes it.
        let extra_cue = !cx.cfg.cue_verbs.is_empty()
            && cx.block_sentence(q.block, s).is_some_and(|sr| {
                cx.words(&sr)
                    .iter()
                    .any(|w| cx.cfg.cue_verbs.iter().any(|c| *c == w.lower))
            });
        // Unsourced: no speaker and no cue anywhere the reader would look.
        // Once per block (per quotation was quadratic on a long paragraph).
        let caption = match caption_of {
            Some((b, c)) if b == q.block => c,
            _ => {
                let block_text = cx.block_text(q.block);
                let c = ["Image:", "Photo:", "Credit:", "Pictured:"]
                    .iter()
                    .any(|c| block_text.contains(c));
                caption_of = Some((q.block, c));
                c
            }
        };
        // The first word after the quotation on its line (not the rest of the line: a
        // search for the line's end per quotation was quadratic on a one-line draft).
        let rest = &prose[q.span.end..];
        let lead = rest.len() - rest.trim_start().len();
        let after = if rest[..lead].contains('\n') {
            ""
        } else {
            rest[lead..].split(char::is_whitespace).next().unwrap_or("")
        }
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
        let sign = matches!(
            after.as_str(),
            "sign"
                | "signs"
                | "poster"
                | "posters"
                | "banner"
                | "banners"
                | "placard"
                | "placards"
                | "slogan"
        );
        let short = q.text.split_whitespace().count() < 3;
        if q.speaker.is_none()
            && q.cue.is_none()
            && !late
            && !extra_cue
            && !caption
            && !sign
            && !short
            && cx.on("unsourced-quote")
            // An as-told-to piece is one speaker's words throughout (catalog).
            && cx.cfg.doc_type != crate::config::DocType::AsToldTo
        {
            let mut f = cx.finding(
                "unsourced-quote",
                q.span.clone(),
                format!(
                    "Direct quotation has no speaker: who said “{}”?",
                    opening(&q.text)
                ),
            );
            if let Some(fix) = attribution_edits(cx, qi) {
                f = f.with_fix(
                    "Insert an attribution placeholder",
                    Applicability::Unsafe,
                    fix,
                );
            }
            out.push(f);
        }
        // Paragraph-initial quotation attributed only later or from the paragraph before.
        if para_initial && cx.on("quote-without-speaker-in-paragraph") {
            let how = q.speaker.as_ref().map(|sp| sp.how);
            let name = q.speaker.as_ref().map(|sp| sp.name.clone());
            let msg_late = "This paragraph opens with a quotation but names the speaker only later. Attribute it in its own sentence: “…,” Name said.";
            match how {
                _ if late => out.push(cx.finding(
                    "quote-without-speaker-in-paragraph",
                    q.span.clone(),
                    msg_late.to_string(),
                )),
                Some(Attribution::NextSentence) => {
                    // `“….” Ortiz said.` directly after is a punctuation matter; a longer
                    // following sentence is a late attribution.
                    let next = facts.sentences.get(s + 1).map_or(0, |r| r.len());
                    if next > 4 {
                        out.push(cx.finding(
                            "quote-without-speaker-in-paragraph",
                            q.span.clone(),
                            msg_late.to_string(),
                        ));
                    }
                }
                Some(Attribution::Floating) => {
                    let fragment = q.text.chars().next().is_some_and(char::is_lowercase)
                        || q.text.starts_with("To ");
                    let sev = if fragment {
                        Severity::Warning
                    } else {
                        Severity::Info
                    };
                    let n = name.unwrap_or_default();
                    out.push(
                        cx.finding(
                            "quote-without-speaker-in-paragraph",
                            q.span.clone(),
                            format!(
                                "Speaker inferred from the previous paragraph ({n}). Consider restating: “…,” {n} said."
                            ),
                        )
                        .with_severity(sev),
                    );
                }
                _ => {}
            }
        }
        // Late attribution: several quoted sentences before the tag.
        if cx.on("late-attribution") {
            let tagged_after = q.speaker.as_ref().is_some_and(|sp| {
                matches!(sp.how, Attribution::Sentence | Attribution::NextSentence)
                    && sp.span.start >= q.span.end
            });
            let n = quoted_sentences(&q.text);
            // A paragraph that goes on quoting the speaker of the paragraph before
            // (`Graham said, “…”` then `“…,” Graham continued.`): readers already know
            // who is speaking.
            let continues = para_initial
                && q.speaker.as_ref().is_some_and(|sp| {
                    cx.a.quotes[..qi]
                        .iter()
                        .rev()
                        .find(|p| p.block != q.block)
                        .is_some_and(|p| {
                            p.block + 1 == q.block
                                && p.speaker.as_ref().is_some_and(|ps| ps.name == sp.name)
                        })
                });
            if tagged_after && n >= 2 && q.pieces.len() == 1 && !continues {
                out.push(cx.finding(
                    "late-attribution",
                    q.span.clone(),
                    format!("Readers get {n} quoted sentences before learning who is speaking. Attribute after the first."),
                ));
            }
        }
        let _ = prose;
    }
}

/// Number of sentences in quoted text.
fn quoted_sentences(text: &str) -> usize {
    let b = text.as_bytes();
    let mut n = 1;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '?' | '!') {
            let rest = &text[i + 1..];
            let next = rest.trim_start();
            if rest.len() > next.len()
                && next
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c == '“')
                && !abbrev_before(&b[..i])
            {
                n += 1;
            }
        }
    }
    n
}

fn abbrev_before(b: &[u8]) -> bool {
    let word: Vec<u8> = b
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .copied()
        .collect();
    word.len() <= 3 && word.last().is_some_and(u8::is_ascii_uppercase)
}

/// `“Quote.”` → `“Quote,” [NAME] said.` (or `, [NAME] said` after the mark mid-sentence).
fn attribution_edits(cx: &Ctx, qi: usize) -> Option<Vec<super::Edit>> {
    let q = &cx.a.quotes[qi];
    let src = cx.src;
    let end = q.span.end;
    if !q.closed {
        return Some(vec![edit(end..end, "” [NAME] said.")]);
    }
    let close_len = src[..end].chars().next_back()?.len_utf8();
    let close = end - close_len;
    let before = src[..close].chars().next_back()?;
    let sentence_end = src[end..].chars().next().is_none_or(char::is_whitespace);
    if before == '.' && sentence_end {
        Some(vec![
            edit(close - 1..close, ","),
            edit(end..end, " [NAME] said."),
        ])
    } else {
        Some(vec![edit(end..end, ", [NAME] said")])
    }
}

fn running_and_unbalanced(cx: &Ctx, out: &mut Vec<Finding>) {
    let prose = cx.prose();
    let blocks = &cx.a.draft.blocks;
    let mut consumed: Vec<usize> = Vec::new();
    // (b) a quotation left open at the end of a paragraph, whose next paragraph closes it
    // without reopening.
    for u in &cx.a.unbalanced {
        if u.which != Unmatched::Open || u.style != MarkStyle::Double {
            continue;
        }
        let Some(b) = blocks.iter().position(|bl| bl.span.contains(&u.span.start)) else {
            continue;
        };
        let Some(next) = blocks.get(b + 1) else {
            continue;
        };
        if next.scope != blocks[b].scope {
            continue;
        }
        let close = cx.a.unbalanced.iter().find(|v| {
            v.which == Unmatched::Close
                && v.style == MarkStyle::Double
                && next.span.contains(&v.span.start)
        });
        let starts_with_mark = prose[next.span.clone()].starts_with(['“', '"']);
        if let Some(close) = close
            && !starts_with_mark
        {
            consumed.push(u.span.start);
            consumed.push(close.span.start);
            if cx.on("running-quote-format") {
                let at = next.span.start;
                let first = prose[at..].chars().next().map_or(0, char::len_utf8);
                out.push(
                        cx.finding(
                            "running-quote-format",
                            at..at + first,
                            "The continued quotation must reopen with “ at the start of this paragraph.".into(),
                        )
                        .with_fix("Insert “", Applicability::Safe, vec![edit(at..at, "“")]),
                    );
            }
        }
    }
    // (a) a quoted sentence split over two paragraphs.
    if cx.on("running-quote-format") {
        for (qi, q) in cx.a.quotes.iter().enumerate() {
            let Some((tok, _)) = locate(cx, qi) else {
                continue;
            };
            if tok != 0 || q.block == 0 || q.pieces.len() > 1 {
                continue;
            }
            let pb = q.block - 1;
            if blocks[pb].scope != blocks[q.block].scope || !is_prose_scope(blocks[pb].scope) {
                continue;
            }
            let first = q.text.split_whitespace().next().unwrap_or("");
            let fragment = first.chars().next().is_some_and(char::is_lowercase)
                || matches!(first, "To" | "And" | "But" | "Or" | "Because");
            if !fragment {
                continue;
            }
            // The previous paragraph's last quotation ends without terminal punctuation.
            let prev_q = cx.a.quotes.iter().rfind(|p| p.block == pb && p.closed);
            let Some(pq) = prev_q else { continue };
            let tail = prose[pq.span.end..blocks[pb].span.end].trim();
            let tag_only = tail.is_empty() || tail.split_whitespace().count() <= 4;
            if pq.text.trim_end().ends_with(',') && tag_only
                || !pq.text.trim_end().ends_with(['.', '?', '!', ',']) && tail.is_empty()
            {
                out.push(cx.finding(
                    "running-quote-format",
                    q.span.start..q.span.start + first.len() + 3,
                    "This quoted sentence continues from the previous paragraph: merge the paragraphs, or make each paragraph a full quoted sentence.".into(),
                ));
            }
        }
    }
    if !cx.on("unbalanced-quote") {
        return;
    }
    for u in &cx.a.unbalanced {
        // Primes after digits (6'2", 12") are not quotation marks.
        let prime = prose[..u.span.start]
            .trim_end_matches('\'')
            .ends_with(|c: char| c.is_ascii_digit());
        if consumed.contains(&u.span.start) || prime {
            continue;
        }
        let Some(b) = blocks.iter().position(|bl| bl.span.contains(&u.span.start)) else {
            continue;
        };
        let sev = match u.style {
            MarkStyle::Double => Severity::Error,
            MarkStyle::Single => Severity::Warning,
        };
        let mut f = match u.which {
            Unmatched::Open => cx.finding(
                "unbalanced-quote",
                u.span.clone(),
                "Unmatched opening quotation mark. Close the quote, or continue it in the next paragraph with an opening mark.".into(),
            ),
            Unmatched::Close => cx.finding(
                "unbalanced-quote",
                u.span.clone(),
                "Closing quotation mark with no opening mark.".into(),
            ),
        }
        .with_severity(sev);
        if u.which == Unmatched::Open {
            let end = blocks[b].span.end;
            let mark = if u.style == MarkStyle::Double {
                "”"
            } else {
                "’"
            };
            f = f.with_fix(
                "Close the quotation at the end of the paragraph",
                Applicability::Unsafe,
                vec![edit(end..end, mark)],
            );
        }
        out.push(f);
    }
}

/// The quotation names or characterises something, in the speaker's words: `called the
/// move a “smash and grab on our democracy”`, `described it as “an attack on our
/// values”`, `dubbed it “our last chance”`. Its "our" is the speaker's and reads as
/// such, like the catalog's `called the audit “flawed”`; not a clause spliced into the
/// writer's sentence. `called on X to “…”` and `called for “…”` are demands, not names.
fn characterisation(cx: &Ctx, block: usize, s: usize, tok: usize) -> bool {
    let facts = &cx.a.blocks[block];
    let prose = cx.prose();
    let start = facts.sentences[s].start;
    let mut words: Vec<String> = Vec::new();
    for k in (start..tok).rev() {
        let t = &facts.tokens[k];
        if !t.is_word() {
            // Only words (and apostrophes inside them) between the verb and the quote.
            break;
        }
        words.push(prose[t.span.clone()].to_lowercase());
        if words.len() > 6 {
            break;
        }
    }
    // words[0] is the word right before the quote.
    for (i, w) in words.iter().enumerate() {
        let next = i.checked_sub(1).map(|j| words[j].as_str());
        match w.as_str() {
            "call" | "calls" | "called" | "calling" => {
                return !matches!(next, Some("on" | "for" | "upon" | "off"));
            }
            "dubbed" | "branded" | "labelled" | "labeled" | "termed" => return true,
            "describe" | "describes" | "described" | "describing" => {
                return words[..i].iter().any(|x| x == "as");
            }
            _ => {}
        }
    }
    false
}

const FIRST_PERSON: [&str; 9] = ["I", "me", "my", "mine", "we", "us", "our", "ours", "myself"];

fn fragments(cx: &Ctx, out: &mut Vec<Finding>) {
    let lx = lexicon();
    let prose = cx.prose();
    for (qi, q) in cx.a.quotes.iter().enumerate() {
        if !is_prose_scope(cx.scope(q.block)) || cx.transcript[q.block] {
            continue;
        }
        // Only partial and scare quotes look at their words (most quotations are full).
        let words: Vec<&str> = if matches!(q.kind, QuoteKind::Partial | QuoteKind::Scare) {
            q.text.split_whitespace().collect()
        } else {
            Vec::new()
        };
        let Some((tok, s)) = locate(cx, qi) else {
            continue;
        };
        let facts = &cx.a.blocks[q.block];
        let sref = cx.block_sentence(q.block, s).expect("sentence exists");
        if q.kind == QuoteKind::Partial && cx.on("partial-quote") {
            let clash = words.iter().any(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                FIRST_PERSON.contains(&w) || w == "We" || w == "Our" || w == "My"
            });
            // Third-person frame: the sentence's subject is not first person.
            let st = cx.sent(&sref);
            let third = st
                .subject()
                .is_some_and(|np| !matches!(np.name.to_lowercase().as_str(), "i" | "we"))
                || cx.words(&sref).first().is_some_and(|w| is_cap(w.text));
            // A quote introduced by a comma or colon, or ending in ! or ?, is a full
            // utterance (`saying, “hopefully we …”`), not a splice.
            // So is one that follows "said" directly and runs to the end of the sentence
            // (`One user said “this is why we …”`).
            let after_say = tok > 0
                && facts.tokens[tok - 1].is_word()
                && lexicon()
                    .cues
                    .get(&prose[facts.tokens[tok - 1].span.clone()].to_lowercase())
                    .is_some_and(|forms| {
                        forms
                            .iter()
                            .any(|f| matches!(f.lemma.as_str(), "say" | "tell" | "write" | "add"))
                    })
                && (tok + 1..facts.sentences[s].end).all(|k| !facts.tokens[k].is_word())
                && words.len() >= 5;
            // So is one that opens with an interjection and a comma (`recalls realizing
            // “oh, I'm here to work”`): a thought or utterance quoted whole.
            let interjection = opens_with_interjection(&q.text);
            let introduced = tok > 0
                && (facts.tokens[tok - 1].is_punct(',') || facts.tokens[tok - 1].is_punct(':'))
                || after_say
                || interjection;
            let exclaims = q.text.trim_end().ends_with(['!', '?']);
            if clash && third && !introduced && !exclaims && !characterisation(cx, q.block, s, tok)
            {
                out.push(
                    cx.finding(
                        "partial-quote",
                        q.span.clone(),
                        "First-person words quoted inside a third-person sentence. Quote the whole sentence or paraphrase.".into(),
                    )
                    .with_severity(Severity::Warning),
                );
            } else if words.len() >= 4 && !after_say && !interjection {
                out.push(cx.finding(
                    "partial-quote",
                    q.span.clone(),
                    "Fragmentary quote: quote the full sentence or paraphrase.".into(),
                ));
            }
        }
        if q.kind == QuoteKind::Scare && cx.on("scare-quote") && (1..=3).contains(&words.len()) {
            if cx.is_attributed(&sref) || !cx.cues(&sref).is_empty() {
                continue;
            }
            let before: Vec<String> = (facts.sentences[s].start..tok)
                .rev()
                .filter(|&k| facts.tokens[k].is_word())
                .take(3)
                .map(|k| prose[facts.tokens[k].span.clone()].to_lowercase())
                .collect();
            let framed = before.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "called"
                        | "calls"
                        | "call"
                        | "dubbed"
                        | "termed"
                        | "so-called"
                        | "described"
                        | "labeled"
                        | "labelled"
                        | "branded"
                        | "nicknamed"
                        | "word"
                        | "term"
                        | "phrase"
                        | "meaning"
                        | "titled"
                        | "entitled"
                        | "named"
                        | "as"
                )
            }) || lx
                .mention_frames
                .iter()
                .any(|f| f.last().is_some_and(|l| before.first() == Some(l)));
            let title_case = words.iter().all(|w| is_cap(w));
            if framed || title_case {
                continue;
            }
            let word = q.text.trim_end_matches([',', '.']);
            out.push(
                cx.finding(
                    "scare-quote",
                    q.span.clone(),
                    format!("“{word}” is in quotation marks but no one is quoted as saying it; readers may take it as sarcasm. Attribute it or remove the marks."),
                ),
            );
        }
    }
}

/// Whether quoted words open with an interjection and a comma (`oh, I'm here to work`):
/// a thought or utterance quoted whole, not a fragment of the writer's sentence.
pub(super) fn opens_with_interjection(text: &str) -> bool {
    text.split_whitespace().next().is_some_and(|w| {
        w.ends_with(',')
            && matches!(
                w.trim_end_matches(',').to_lowercase().as_str(),
                "oh" | "ah" | "well" | "yes" | "no" | "hey" | "wow" | "okay" | "ok"
            )
    })
}

fn insertion(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("quote-insertion") {
        return;
    }
    let prose = cx.prose();
    for q in &cx.a.quotes {
        if q.kind != QuoteKind::Quotation {
            continue;
        }
        for p in &q.pieces {
            let text = &prose[p.clone()];
            for (open, close) in [('[', ']'), ('(', ')')] {
                if let Some(i) = text.find(open)
                    && let Some(j) = text[i..].find(close)
                {
                    out.push(cx.finding(
                            "quote-insertion",
                            p.start + i..p.start + i + j + 1,
                            "Editorial insertion inside a direct quotation: make sure it does not change what was said.".into(),
                        ));
                }
            }
        }
    }
}

fn mixed(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("quote-mixed-with-narrative") {
        return;
    }
    for (qi, q) in cx.a.quotes.iter().enumerate() {
        if q.kind != QuoteKind::Quotation || q.speaker.is_none() {
            continue;
        }
        let Some((0, s)) = locate(cx, qi) else {
            continue;
        };
        // The block's later sentences, one at a time (no list of the whole block's).
        let later = (s + 1..cx.a.blocks[q.block].sentences.len())
            .filter_map(|si| cx.block_sentence(q.block, si));
        for sref in later {
            let words = cx.words(&sref);
            let pronoun = words.iter().any(|w| {
                matches!(
                    w.lower.as_str(),
                    "he" | "she" | "they" | "his" | "her" | "their"
                )
            });
            if cx.quotes_in(&sref).is_empty() && cx.cues(&sref).is_empty() && !pronoun {
                out.push(cx.finding(
                    "quote-mixed-with-narrative",
                    sref.span.clone(),
                    "This paragraph starts with a quotation and then switches to unrelated narration. Give each its own paragraph.".into(),
                ));
                break;
            }
        }
    }
}
