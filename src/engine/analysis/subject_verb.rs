//! The subject of a sentence (or of the clause that holds a quotation) and its verb,
//! for quotations whose cue is the subject's own verb ("Clinton has decried “…”") and
//! for `X condemned what he called “…”`.

use super::*;

/// The subject of sentence `s` of block `b` and its verb before token `tok`, with the
/// verb's auxiliaries (`has called`, `is seeking`): the subject noun phrase and the verb's
/// token range. Skips a place after the name ("Joe Manchin of West Virginia"), a
/// parenthesis ("Harry Reid (D-Nev.)"), a comma group ("Trump, also on Twitter,") and
/// takes a possessive's noun into the subject ("Scott’s family").
pub(super) fn subject_verb(
    a: &Analysis,
    b: usize,
    st: &Sent,
    tok: usize,
) -> Option<(Np, Range<usize>)> {
    subject_verb_of(a, b, st, st.subject()?, tok)
}

/// `subject_verb` for the clause that holds the quotation at `tok` when a contrasting
/// clause with a subject of its own opens before it ("Jindal signed an order, while
/// Huckabee, the former governor, proposed we “…”"): its subject and verb. (Not after
/// "that": in "He anticipated that the challenge would be “…”" the words are his.)
pub(super) fn clause_subject_verb(
    a: &Analysis,
    b: usize,
    st: &Sent,
    tok: usize,
) -> Option<(Np, Range<usize>)> {
    let c = (st.range.start + 1..tok).rev().find(|&k| {
        st.toks[k].is_word() && matches!(st.word(k), "while" | "whereas" | "although" | "though")
    })?;
    if (c..tok).any(|k| st.toks[k].quote().is_some()) {
        return None;
    }
    // A person ("though his campaign has been fueled by …" is no one speaking).
    let np = st.subject_from(c + 1).filter(|np| {
        np.toks.start == c + 1 && matches!(np.kind, SpeakerKind::Person | SpeakerKind::Pronoun)
    })?;
    subject_verb_of(a, b, st, np, tok)
}

/// The verb after the subject `np` (see `subject_verb`).
pub(super) fn subject_verb_of(
    a: &Analysis,
    b: usize,
    st: &Sent,
    np: Np,
    tok: usize,
) -> Option<(Np, Range<usize>)> {
    let facts = &a.blocks[b];
    let mut np = np;
    let mut v = np.toks.end;
    let word = |k: usize| &a.draft.prose[facts.tokens[k].span.clone()];
    let lower_word =
        |k: usize| k < tok && facts.tokens[k].is_word() && word(k).starts_with(char::is_lowercase);
    // "Sen. Joe Manchin of West Virginia lauded …": a place after the name.
    if v < tok
        && facts.tokens[v].is_word()
        && matches!(word(v), "of" | "from")
        && v + 1 < tok
        && facts.tokens[v + 1].is_word()
        && word(v + 1).starts_with(char::is_uppercase)
    {
        v += 1;
        while v < tok
            && (facts.tokens[v].is_word() && word(v).starts_with(char::is_uppercase)
                || word(v) == "of")
        {
            v += 1;
        }
    }
    // "Harry Reid (D-Nev.) has been …": a parenthesis after the name.
    if v < tok && facts.tokens[v].is_punct('(') {
        v = (v + 1..tok)
            .find(|k| facts.tokens[*k].is_punct(')'))
            .map_or(tok, |k| k + 1);
    }
    if v < tok && facts.tokens[v].is_punct(',') {
        v = (v + 1..tok)
            .find(|k| facts.tokens[*k].is_punct(','))
            .map_or(tok, |k| k + 1);
    }
    // "Scott’s family has called …": the possessive's noun is part of the subject.
    if np.toks.end > np.toks.start
        && np.kind != SpeakerKind::Pronoun
        && word(np.toks.end - 1).starts_with(char::is_uppercase)
        && !matches!(
            word(np.toks.end - 1),
            "It’s"
                | "It's"
                | "He’s"
                | "He's"
                | "She’s"
                | "She's"
                | "That’s"
                | "That's"
                | "What’s"
                | "What's"
                | "Who’s"
                | "Who's"
                | "There’s"
                | "There's"
                | "Here’s"
                | "Here's"
                | "Let’s"
                | "Let's"
        )
        && word(np.toks.end - 1).ends_with(['s', 'S'])
        && word(np.toks.end - 1)
            .trim_end_matches(['s', 'S'])
            .ends_with(['’', '\''])
        && lower_word(v)
        && lower_word(v + 1)
    {
        if let Some(whole) = st.np_left(v).filter(|w| w.toks.start <= np.toks.start) {
            np = whole;
        }
        v += 1;
    }
    let verb_follows = v < tok
        && facts.tokens[v].is_word()
        && a.draft.prose[facts.tokens[v].span.clone()]
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
    if !verb_follows {
        return None;
    }
    // The subject's verb is the cue ("thanked", "derided"), unlisted, with its
    // auxiliaries ("has called", "is seeking", "has repeatedly wondered").
    let mut end = v;
    while lower_word(end + 1)
        && !matches!(
            word(end + 1),
            "a" | "an"
                | "the"
                | "to"
                | "on"
                | "in"
                | "at"
                | "of"
                | "for"
                | "with"
                | "by"
                | "from"
                | "no"
                | "his"
                | "her"
                | "their"
                | "its"
                | "our"
                | "my"
                | "your"
                | "this"
                | "that"
                | "these"
                | "those"
                | "about"
                | "into"
                | "clearly"
        )
        && (matches!(
            word(end),
            "has"
                | "have"
                | "had"
                | "is"
                | "are"
                | "was"
                | "were"
                | "will"
                | "would"
                | "can"
                | "could"
                | "should"
                | "may"
                | "might"
                | "must"
                | "does"
                | "did"
                | "do"
                | "also"
                | "repeatedly"
                | "further"
                | "already"
                | "recently"
                | "still"
                | "just"
                | "often"
                | "again"
                | "never"
                | "not"
                | "been"
        ) || adverb(word(end)))
    {
        end += 1;
    }
    Some((np, v..end + 1))
}

/// An adverb in "-ly" before the verb it qualifies ("increasingly decried", "famously
/// clashed"); not a verb that ends so ("reply", "apply").
pub(super) fn adverb(w: &str) -> bool {
    w.len() > 5
        && w.ends_with("ly")
        && !matches!(
            w,
            "supply" | "comply" | "multiply" | "rally" | "bully" | "tally"
        )
}

/// `X condemned what he called “…”` / `It’s denouncing what it calls “…”`: the cue is a
/// form of "call" right after "what" and a pronoun that refers back to the
/// sentence's subject (he/she for a person or role, it/they for a body). Then the subject
/// and its verb carry the attribution.
pub(super) fn what_it_called(
    a: &Analysis,
    b: usize,
    st: &Sent,
    hit: &CueHit,
    np: Option<&Np>,
    tok: usize,
) -> Option<(Np, Range<usize>)> {
    if hit.form.lemma != "call" || hit.toks.start < st.range.start + 2 {
        return None;
    }
    let np = np?;
    let pronoun =
        np.toks.end == hit.toks.start && np.toks.len() == 1 && np.kind == SpeakerKind::Pronoun;
    if !pronoun {
        return None;
    }
    let rel = hit.toks.start - 2;
    if !st.toks[rel].is_word() || !matches!(st.lower_at(rel).as_str(), "what" | "which") {
        return None;
    }
    let (subject, verb) = subject_verb(a, b, st, rel)?;
    // A copula is no report of speech ("He was more direct … – what he called “…”").
    let last = st.lower_at(verb.end - 1);
    if matches!(
        st.lower_at(verb.start).as_str(),
        "is" | "was" | "are" | "were" | "be" | "been"
    ) && !(last.ends_with("ing") || last.ends_with("ed"))
    {
        return None;
    }
    let p = crate::engine::attribution::Lower::of(&np.name);
    let agrees = match p.as_str() {
        "he" | "she" => {
            matches!(subject.kind, SpeakerKind::Person | SpeakerKind::Role)
                || subject.kind == SpeakerKind::Pronoun
                    && crate::engine::attribution::Lower::of(&subject.name).as_str() == p.as_str()
        }
        "it" | "they" => {
            matches!(
                subject.kind,
                SpeakerKind::Organization | SpeakerKind::Role | SpeakerKind::Publication
            ) || subject.kind == SpeakerKind::Pronoun
                && crate::engine::attribution::Lower::of(&subject.name).as_str() == p.as_str()
        }
        _ => false,
    };
    (agrees && verb.end <= rel && tok >= hit.toks.end).then_some((subject, verb))
}
