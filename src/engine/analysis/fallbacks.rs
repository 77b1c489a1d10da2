//! Document-level attribution: what a quotation's own sentence leaves open is looked
//! for across sentences and blocks (continuations, floating quotes, colon lead-ins,
//! credit lines), then fragments become partial or scare quotes.

use super::attribute::*;
use super::classify::is_fragment;
use super::subject_verb::*;
use super::*;

/// Document-level attribution: fallbacks across sentences and blocks, then fragments.
pub(super) fn attribute_fallbacks(a: &mut Analysis) {
    // Quotations without a speaker from their own sentence.
    for qi in 0..a.quotes.len() {
        if a.quotes[qi].speaker.is_some() || !a.quotes[qi].kind.is_speech() {
            continue;
        }
        let Some((b, s, tok)) = locate(a, qi) else {
            continue;
        };
        if let Some((cue, sp)) = fallback_speaker(a, qi, b, s, tok) {
            // The sentence's subject and its verb: the verb is the cue, over a listed cue
            // that found no speaker ("Clinton has decried “systemic racism” and
            // highlighted …"), when what was taken for the verb is not a conjunction,
            // preposition or adverb ("and former anchor Couric has …", "even brandished").
            let verb_like = cue.as_ref().is_some_and(|c| verb_like(&c.text));
            if a.quotes[qi].cue.is_none() || sp.how == Attribution::Sentence && verb_like {
                a.quotes[qi].cue = cue;
            }
            a.quotes[qi].speaker = Some(sp);
        }
    }
    // Fragments: partial when someone says them, scare quotes otherwise.
    for qi in 0..a.quotes.len() {
        if a.quotes[qi].kind != QuoteKind::Quotation {
            continue;
        }
        let Some((b, s, tok)) = locate(a, qi) else {
            continue;
        };
        if is_fragment(a, b, s, tok, qi) {
            let q = &mut a.quotes[qi];
            let words = q.text.split_whitespace().count();
            let in_sentence = q
                .speaker
                .as_ref()
                .is_some_and(|sp| sp.how == Attribution::Sentence);
            let cue_in_sentence = q
                .cue
                .as_ref()
                .is_some_and(|c| q.sentence.start <= c.span.start && c.span.end <= q.sentence.end);
            q.kind = if in_sentence
                || (q.speaker.is_some() && words >= 3)
                || (cue_in_sentence && words >= 2)
                || words >= 4
            {
                QuoteKind::Partial
            } else {
                q.speaker = None;
                q.cue = None;
                QuoteKind::Scare
            };
        }
    }
}

pub(super) fn last_piece_attribution(a: &Analysis, qi: usize) -> Option<(Cue, Speaker)> {
    let last = a.quotes[qi].pieces.last()?.start;
    let b = a
        .draft
        .blocks
        .iter()
        .position(|bl| bl.span.contains(&last))?;
    let facts = &a.blocks[b];
    let tok = facts.tokens.iter().position(|t| t.quote() == Some(qi))?;
    let s = facts.sentences.iter().position(|r| r.contains(&tok))?;
    let st = sent(a, b, s);
    let (hit, np) = best_in_sentence(&st, Some(tok))?;
    Some((cue_of(a, b, &hit), speaker_of(np?, Attribution::Sentence)))
}

pub(super) fn fallback_speaker(
    a: &Analysis,
    qi: usize,
    b: usize,
    s: usize,
    tok: usize,
) -> Option<(Option<Cue>, Speaker)> {
    let facts = &a.blocks[b];
    if let Some(credit) = credit_line(a, qi, b) {
        return Some(credit);
    }
    // `“….” Ortiz said.`: a short cue sentence right after.
    let sr = &facts.sentences[s];
    let last_in_sentence = (tok + 1..sr.end).all(|k| !facts.tokens[k].is_word());
    if last_in_sentence && s + 1 < facts.sentences.len() {
        let next = &facts.sentences[s + 1];
        let has_quote = (next.clone()).any(|k| facts.tokens[k].quote().is_some());
        if !has_quote
            && next.len() <= 10
            && let Some((cue, np)) = sentence_speaker(a, b, s + 1)
        {
            return Some((Some(cue), speaker_of(np, Attribution::NextSentence)));
        }
    }
    // "Washington thanked Obama for “taking these steps.”": a full quotation inside a
    // sentence whose verb is not a listed cue belongs to the sentence's subject.
    let words = a.quotes[qi].text.split_whitespace().count();
    let long_enough = words >= 4;
    let fragment = is_fragment(a, b, s, tok, qi);
    if tok > sr.start && (long_enough || !fragment || words >= MIN_PERSON_FRAGMENT) {
        let st = sent(a, b, s);
        if let Some((np, verb)) =
            clause_subject_verb(a, b, &st, tok).or_else(|| subject_verb(a, b, &st, tok))
        {
            // A short fragment is someone's words only when a person says it
            // ("Reid has been pounding Trump as a “con artist”").
            let lower = crate::engine::attribution::Lower::of(&np.name);
            let person_pronoun = np.kind == SpeakerKind::Pronoun
                && matches!(
                    crate::engine::attribution::pronoun_contraction(&lower).unwrap_or(&lower),
                    "he" | "she" | "they" | "i" | "we"
                );
            // A role ("Another critic, …, likened the rules to “burning the Constitution”")
            // is a person described, not named.
            let speaker_like = !fragment
                || long_enough
                || np.kind == SpeakerKind::Person
                || np.kind == SpeakerKind::Role && words >= MIN_PERSON_FRAGMENT
                || person_pronoun;
            // A document is the source of a longer quotation ("The Constitution specifies
            // that … “Treason, Bribery, …”"), not of a short fragment.
            let document_ok = np.kind != SpeakerKind::Document || long_enough;
            if document_ok && speaker_like {
                let cue = verb_cue(a, b, verb);
                return Some((Some(cue), speaker_of(np, Attribution::Sentence)));
            }
        }
    }
    // Continuation: the nearest earlier attributed quotation or cue sentence in the block.
    for ps in (0..s).rev() {
        let range = facts.sentences[ps].clone();
        for k in range.clone().rev() {
            if let Some(pq) = facts.tokens[k].quote()
                && pq != qi
                && let Some(sp) = &a.quotes[pq].speaker
            {
                let mut sp = sp.clone();
                sp.how = Attribution::Continuation;
                let cue = trailing_cue(a, b, ps, k, &sp).or_else(|| a.quotes[pq].cue.clone());
                return Some((cue, sp));
            }
        }
        if let Some((cue, np)) = sentence_speaker(a, b, ps) {
            return Some((Some(cue), speaker_of(np, Attribution::Continuation)));
        }
    }
    // Earlier quotations in the same sentence ("“A,” he said, “B.”" handled by the cue;
    // "“A” and “B”" share the speaker of A).
    for k in (sr.start..tok).rev() {
        if let Some(pq) = facts.tokens[k].quote()
            && let Some(sp) = &a.quotes[pq].speaker
        {
            let mut sp = sp.clone();
            sp.how = Attribution::Continuation;
            return Some((a.quotes[pq].cue.clone(), sp));
        }
    }
    // Floating quotation or a lead-in: the previous block's last sentence.
    if b == 0 {
        return None;
    }
    let quote_led = s == 0 && facts.tokens.first().and_then(Token::quote) == Some(qi);
    let pb = b - 1;
    let prev = &a.blocks[pb];
    let prev_block = &a.draft.blocks[pb];
    let this_block = &a.draft.blocks[b];
    if prev.sentences.is_empty() || prev_block.scope == Scope::Heading {
        return None;
    }
    let lead_in = a.draft.prose[prev_block.span.clone()]
        .trim_end()
        .ends_with(':');
    if !(quote_led || lead_in || this_block.scope == Scope::BlockQuote) {
        return None;
    }
    let last = prev.sentences.len() - 1;
    let how = if lead_in {
        Attribution::LeadIn
    } else {
        Attribution::Floating
    };
    // The last attributed quotation of the previous block, if its last sentence has one.
    let lr = prev.sentences[last].clone();
    for k in lr.clone().rev() {
        if let Some(pq) = prev.tokens[k].quote()
            && let Some(sp) = &a.quotes[pq].speaker
        {
            let mut sp = sp.clone();
            sp.how = how;
            return Some((a.quotes[pq].cue.clone(), sp));
        }
    }
    if let Some((cue, np)) = sentence_speaker(a, pb, last) {
        return Some((Some(cue), speaker_of(np, how)));
    }
    None
}

/// A credit after a quotation that ends its paragraph: a bracketed source right after
/// it (`“…” [Reuters.]`, as news digests write them), or a paragraph of its own that is
/// only a dash and a name (`— Bernie Sanders.`, also written as a list item `- Sanders.`).
fn credit_line(a: &Analysis, qi: usize, b: usize) -> Option<(Option<Cue>, Speaker)> {
    let prose = &a.draft.prose;
    let q = &a.quotes[qi];
    let block = &a.draft.blocks[b];
    let after_start = q.span.end.min(block.span.end);
    let after = &prose[after_start..block.span.end];
    let trimmed = after.trim_start_matches([' ', '.', ',']);
    // `“…” [WaPo.]`
    if let Some(inner) = trimmed
        .trim_end()
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
    {
        let name = inner.trim_end_matches('.').trim();
        if credit_name(name) {
            let open = after_start + (after.len() - trimmed.len());
            let span = open..open + trimmed.trim_end().len();
            let name_start = open + 1 + (inner.len() - inner.trim_start().len());
            return Some((
                Some(Cue {
                    text: prose[span.clone()].to_string(),
                    lemma: "credit".into(),
                    span,
                    classes: vec![CueClass::Neutral],
                }),
                Speaker {
                    name: name.to_string(),
                    mention: name.to_string(),
                    span: name_start..name_start + name.len(),
                    kind: SpeakerKind::Publication,
                    role: None,
                    how: Attribution::Sentence,
                    source: None,
                },
            ));
        }
        return None;
    }
    // The quotation ends its paragraph; the next paragraph is the credit.
    if !after.trim().is_empty() {
        return None;
    }
    let next = a.draft.blocks.get(b + 1)?;
    let text = &prose[next.span.clone()];
    let body = text.trim_start_matches(['-', '–', '—', ' ']);
    let dashed = body.len() < text.len();
    if !(dashed || next.scope == Scope::ListItem) {
        return None;
    }
    let name = body.trim_end().trim_end_matches('.').trim_end();
    if !credit_name(name) || name.split_whitespace().count() > 4 {
        return None;
    }
    let name_start = next.span.start + (text.len() - body.len());
    // The dash is the cue; a list item's marker is markup, outside the prose.
    let dash = next.span.start..next.span.start + text.find(char::is_alphanumeric)?;
    let cue = dashed.then(|| {
        let d = prose[dash.clone()].trim_end();
        Cue {
            text: d.to_string(),
            lemma: "credit".into(),
            span: dash.start..dash.start + d.len(),
            classes: vec![CueClass::Neutral],
        }
    });
    Some((
        cue,
        Speaker {
            name: name.to_string(),
            mention: name.to_string(),
            span: name_start..name_start + name.len(),
            kind: SpeakerKind::Person,
            role: None,
            how: Attribution::NextSentence,
            source: None,
        },
    ))
}

/// One to six words, each starting with a capital letter or a digit (a name or a
/// publication: `Bernie Sanders`, `WaPo`, `Mother Jones`, `The Hill`).
fn credit_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && name.len() <= 60
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                && w.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '\'' | '’' | '&'))
        })
}
