//! The whole pipeline for one draft: blocks → quotations → attribution → source ledger.

use super::attribution::{CueHit, Np, Sent, not_name};
use super::draft::{Draft, Format, Scope};
use super::ledger;
use super::lexicon::{CueClass, lexicon};
use super::model::*;
use super::quotes::{self, UnbalancedMark};
use super::text::{self, Token};
use std::ops::Range;

/// Tokens and sentences of one block.
#[derive(Debug, Clone, Default)]
pub struct BlockFacts {
    pub tokens: Vec<Token>,
    /// Token ranges.
    pub sentences: Vec<Range<usize>>,
}

impl BlockFacts {
    pub fn sentence_span(&self, s: usize) -> Range<usize> {
        let r = &self.sentences[s];
        self.tokens[r.start].span.start..self.tokens[r.end - 1].span.end
    }
}

#[derive(Debug, Clone)]
pub struct Analysis {
    pub draft: Draft,
    pub quotes: Vec<Quote>,
    pub unbalanced: Vec<UnbalancedMark>,
    pub sources: Vec<Source>,
    pub blocks: Vec<BlockFacts>,
    /// Person, organisation and role mentions found in the text (outside quotations).
    pub mentions: Vec<ledger::Mention>,
}

/// Analyse a draft. Never fails: any text gives a (possibly empty) analysis.
pub fn analyze(source: &str, format: Format) -> Analysis {
    let draft = Draft::parse(source, format);
    let prose = draft.prose.as_str();
    let scan = quotes::scan(prose, &draft.blocks);

    // Top-level quotations become `Quote`s; nested ones are recorded inside them.
    let mut quotes: Vec<Quote> = Vec::new();
    let mut top_of_raw = vec![usize::MAX; scan.quotes.len()];
    for (ri, rq) in scan.quotes.iter().enumerate() {
        match rq.parent {
            None => {
                top_of_raw[ri] = quotes.len();
                quotes.push(Quote {
                    span: rq.span(),
                    pieces: rq.pieces.clone(),
                    text: quote_text(prose, rq),
                    style: rq.style,
                    straight: rq.straight,
                    closed: rq.close.is_some(),
                    kind: QuoteKind::Quotation,
                    block: rq.blocks[0],
                    sentence: rq.span(),
                    cue: None,
                    speaker: None,
                    nested: Vec::new(),
                });
            }
            Some(mut p) => {
                while let Some(pp) = scan.quotes[p].parent {
                    p = pp;
                }
                if top_of_raw[p] != usize::MAX {
                    let span = rq.span();
                    quotes[top_of_raw[p]].nested.push(span);
                }
            }
        }
    }

    // Pieces per block, then tokens and sentences.
    let mut pieces_in: Vec<Vec<(Range<usize>, usize)>> = vec![Vec::new(); draft.blocks.len()];
    for (qi, q) in quotes.iter().enumerate() {
        let raw = scan
            .quotes
            .iter()
            .position(|r| r.open == q.span.start && r.parent.is_none());
        if let Some(raw) = raw {
            for (piece, &b) in scan.quotes[raw].pieces.iter().zip(&scan.quotes[raw].blocks) {
                pieces_in[b].push((piece.clone(), qi));
            }
        }
    }
    let mut blocks = Vec::with_capacity(draft.blocks.len());
    for (bi, block) in draft.blocks.iter().enumerate() {
        pieces_in[bi].sort_by_key(|p| p.0.start);
        let tokens = text::tokenize(prose, block.span.clone(), &pieces_in[bi]);
        let ends = |q: usize| {
            let piece = pieces_in[bi]
                .iter()
                .find(|p| p.1 == q)
                .map(|p| p.0.clone())?;
            let inner = prose[piece].trim_end_matches(['”', '"', '’', '\'', ' ']);
            inner
                .chars()
                .last()
                .filter(|c| matches!(c, '.' | '?' | '!' | '…'))
        };
        let sentences = text::sentences(prose, &tokens, ends);
        blocks.push(BlockFacts { tokens, sentences });
    }

    let mut a = Analysis {
        draft,
        quotes,
        unbalanced: scan.unbalanced,
        sources: Vec::new(),
        blocks,
        mentions: Vec::new(),
    };
    attribute_all(&mut a);
    a.mentions = ledger::mentions(&a);
    ledger::resolve_and_build(&mut a);
    a
}

fn quote_text(prose: &str, rq: &quotes::RawQuote) -> String {
    let mut parts = Vec::new();
    for (i, p) in rq.pieces.iter().enumerate() {
        let mut r = p.clone();
        if i == 0 {
            r.start += rq.open_len;
        } else if let Some(c) = prose[r.clone()].chars().next()
            && matches!(c, '“' | '"')
        {
            r.start += c.len_utf8();
        }
        if i + 1 == rq.pieces.len()
            && let Some(close) = &rq.close
        {
            r.end = close.start.max(r.start);
        }
        parts.push(prose[r].trim());
    }
    parts.join("\n\n")
}

/// Where a quotation's first piece sits: block, sentence and token index.
fn locate(a: &Analysis, qi: usize) -> Option<(usize, usize, usize)> {
    let q = &a.quotes[qi];
    let b = q.block;
    let facts = &a.blocks[b];
    let tok = facts.tokens.iter().position(|t| t.quote() == Some(qi))?;
    let s = facts.sentences.iter().position(|r| r.contains(&tok))?;
    Some((b, s, tok))
}

fn sent<'a>(a: &'a Analysis, b: usize, s: usize) -> Sent<'a> {
    Sent {
        prose: &a.draft.prose,
        toks: &a.blocks[b].tokens,
        range: a.blocks[b].sentences[s].clone(),
    }
}

fn cue_of(a: &Analysis, b: usize, hit: &CueHit) -> Cue {
    let toks = &a.blocks[b].tokens;
    let span = toks[hit.toks.start].span.start..toks[hit.toks.end - 1].span.end;
    Cue {
        text: a.draft.prose[span.clone()].to_string(),
        span,
        lemma: hit.form.lemma.clone(),
        classes: hit.form.classes.clone(),
    }
}

fn speaker_of(np: Np, how: Attribution) -> Speaker {
    Speaker {
        mention: np.name.clone(),
        name: np.name,
        span: np.span,
        kind: np.kind,
        role: np.role,
        how,
        source: None,
    }
}

/// The best cue and speaker for a token position in a sentence.
fn best_in_sentence(st: &Sent, quote_tok: Option<usize>) -> Option<(CueHit, Option<Np>)> {
    let hits = st.cues();
    let mut nps: Vec<Option<Np>> = hits.iter().map(|h| st.speaker_for(h, quote_tok)).collect();
    // A participle cue ("…, saying “…”") takes the main clause's speaker: the nearest
    // earlier cue's speaker, else the sentence's subject.
    let participle = |h: &CueHit| st.word(h.toks.start).ends_with("ing");
    for i in 0..hits.len() {
        if nps[i].is_none() && participle(&hits[i]) {
            let earlier = (0..i).rev().find_map(|j| nps[j].clone());
            nps[i] = earlier.or_else(|| st.subject());
        }
    }
    let penalty_of = |h: &CueHit| {
        let classes = h.classes();
        if classes.contains(&CueClass::Cognition) {
            PENALTY_COGNITION
        } else if h.form.lemma == ":" {
            PENALTY_COLON
        } else if h.form.words.len() > 1 && h.form.words[0] == "in" {
            // "in a statement" / "in an interview" qualify a verb cue that wins.
            PENALTY_NOUN_CUE
        } else if classes.contains(&CueClass::Neutral) {
            0
        } else {
            PENALTY_OTHER
        }
    };
    // The matrix verb: "Cruz said any candidate who wants to win “owes it …”" — the first
    // say/tell/write cue before the quotation, with a speaker and no other quotation
    // between, governs the later cues inside its clause.
    let matrix = quote_tok.and_then(|q| {
        hits.iter()
            .zip(&nps)
            .position(|(h, np)| {
                h.toks.end < q
                    && np.is_some()
                    && matches!(h.form.lemma.as_str(), "say" | "tell" | "write")
                    // Its clause runs on to the quotation: "…, Ruiz said; she called it
                    // “…”" ends the clause at the cue.
                    && st.toks[h.toks.end].is_word()
                    && !(h.toks.end..q)
                        .any(|k| st.toks[k].quote().is_some() || st.toks[k].is_punct(';'))
            })
            .map(|i| hits[i].toks.start)
    });
    let mut scored: Vec<(usize, CueHit, Option<Np>)> = hits
        .into_iter()
        .zip(nps)
        .map(|(h, np)| {
            let dist = match quote_tok {
                Some(q) if h.toks.start > q => h.toks.start - q,
                Some(q) => q.saturating_sub(h.toks.end) + 1,
                None => 0,
            };
            // "Americans will say “no”": hypothetical speech after a modal.
            let modal = h.toks.start > st.range.start
                && matches!(
                    st.word(h.toks.start - 1).to_lowercase().as_str(),
                    "will" | "would" | "could" | "should" | "might" | "may" | "can" | "must"
                );
            // "X said that … “…”": the verb that governs the clause with the quotation.
            let governs = matrix == Some(h.toks.start)
                || quote_tok.is_some_and(|q| h.toks.end < q)
                    && (h.toks.end..(h.toks.end + 3).min(st.range.end))
                        .any(|k| st.toks[k].is_word() && st.word(k).eq_ignore_ascii_case("that"));
            let inside_matrix = matrix.is_some_and(|m| h.toks.start > m)
                && quote_tok.is_some_and(|q| h.toks.end < q);
            let score = (dist + if governs { 0 } else { GOVERN_BONUS })
                + if inside_matrix { MATRIX_PENALTY } else { 0 }
                + penalty_of(&h)
                + if modal { PENALTY_MODAL } else { 0 }
                + if np.is_some() { 0 } else { 40 };
            (score, h, np)
        })
        .collect();
    scored.sort_by_key(|s| s.0);
    let (_, hit, np) = scored.into_iter().next()?;
    Some((hit, np))
}

const PENALTY_COGNITION: usize = 6;
const PENALTY_COLON: usize = 8;
const PENALTY_NOUN_CUE: usize = 4;
const PENALTY_MODAL: usize = 5;
const GOVERN_BONUS: usize = 3;
const MATRIX_PENALTY: usize = 8;
/// Fragments this long or longer can be attributed to a person subject.
const MIN_PERSON_FRAGMENT: usize = 2;
const PENALTY_OTHER: usize = 1;

/// A sentence's own speaker, if it has a cue with a speaker (used for lead-ins and for
/// paragraphs that precede a floating quotation).
fn sentence_speaker(a: &Analysis, b: usize, s: usize) -> Option<(Cue, Np)> {
    let st = sent(a, b, s);
    let (hit, np) = best_in_sentence(&st, None)?;
    Some((cue_of(a, b, &hit), np?))
}

fn attribute_all(a: &mut Analysis) {
    for qi in 0..a.quotes.len() {
        let Some((b, s, tok)) = locate(a, qi) else {
            continue;
        };
        a.quotes[qi].sentence = a.blocks[b].sentence_span(s);
        // Title, nickname and mention frames first.
        if let Some(kind) = frame_kind(a, b, s, tok, qi) {
            a.quotes[qi].kind = kind;
            continue;
        }
        let st = sent(a, b, s);
        if let Some((hit, np)) = best_in_sentence(&st, Some(tok)) {
            let cue = cue_of(a, b, &hit);
            a.quotes[qi].cue = Some(cue);
            a.quotes[qi].speaker = np.map(|np| speaker_of(np, Attribution::Sentence));
        }
        // A quotation over several paragraphs may be attributed after its last piece.
        if a.quotes[qi].speaker.is_none()
            && a.quotes[qi].pieces.len() > 1
            && let Some((cue, sp)) = last_piece_attribution(a, qi)
        {
            a.quotes[qi].cue = Some(cue);
            a.quotes[qi].speaker = Some(sp);
        }
    }
    // Quotations without a speaker from their own sentence.
    for qi in 0..a.quotes.len() {
        if a.quotes[qi].speaker.is_some() || !a.quotes[qi].kind.is_speech() {
            continue;
        }
        let Some((b, s, tok)) = locate(a, qi) else {
            continue;
        };
        if let Some((cue, sp)) = fallback_speaker(a, qi, b, s, tok) {
            if a.quotes[qi].cue.is_none() {
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

fn last_piece_attribution(a: &Analysis, qi: usize) -> Option<(Cue, Speaker)> {
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

fn fallback_speaker(
    a: &Analysis,
    qi: usize,
    b: usize,
    s: usize,
    tok: usize,
) -> Option<(Option<Cue>, Speaker)> {
    let facts = &a.blocks[b];
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
        if let Some(np) = st.subject() {
            // The subject's verb follows, maybe after a comma group ("Trump, also on
            // Twitter, defended …").
            let mut v = np.toks.end;
            if v < tok && facts.tokens[v].is_punct(',') {
                v = (v + 1..tok)
                    .find(|k| facts.tokens[*k].is_punct(','))
                    .map_or(tok, |k| k + 1);
            }
            let verb_follows = v < tok
                && facts.tokens[v].is_word()
                && a.draft.prose[facts.tokens[v].span.clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase);
            // A short fragment is someone's words only when a person says it
            // ("Reid has been pounding Trump as a “con artist”").
            let person_pronoun = np.kind == SpeakerKind::Pronoun
                && matches!(
                    np.name.to_lowercase().as_str(),
                    "he" | "she" | "they" | "i" | "we"
                );
            let speaker_like =
                !fragment || long_enough || np.kind == SpeakerKind::Person || person_pronoun;
            if verb_follows && np.kind != SpeakerKind::Document && speaker_like {
                // The subject's verb is the cue ("thanked", "derided"), unlisted.
                let span = facts.tokens[v].span.clone();
                let text = a.draft.prose[span.clone()].to_string();
                let cue = Cue {
                    lemma: text.to_lowercase(),
                    text,
                    span,
                    classes: Vec::new(),
                };
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
                return Some((a.quotes[pq].cue.clone(), sp));
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

/// Title, nickname and "the word …" frames.
fn frame_kind(a: &Analysis, b: usize, s: usize, tok: usize, qi: usize) -> Option<QuoteKind> {
    let lx = lexicon();
    let facts = &a.blocks[b];
    let prose = &a.draft.prose;
    let st = sent(a, b, s);
    let q = &a.quotes[qi];
    let words: Vec<&str> = q.text.split_whitespace().collect();
    let prev_word = |n: usize| -> Option<String> {
        let mut k = tok;
        let mut seen = 0;
        while k > st.range.start {
            k -= 1;
            if facts.tokens[k].is_word() {
                seen += 1;
                if seen == n {
                    return Some(prose[facts.tokens[k].span.clone()].to_lowercase());
                }
            } else if facts.tokens[k].quote().is_some() {
                return None;
            }
        }
        None
    };
    // Nickname: Capitalised “X” Capitalised.
    if words.len() <= 4 && tok > st.range.start && tok + 1 < st.range.end {
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
    for f in &lx.mention_frames {
        let n = f.len();
        if (1..=n).all(|i| prev_word(i).as_deref() == Some(f[n - i].as_str())) {
            return Some(QuoteKind::Scare);
        }
    }
    // Title frames within three words before.
    // US style puts the sentence's period or comma inside the closing mark, so a title
    // may end in one; it has no sentence punctuation inside.
    let bare = q.text.trim_end().trim_end_matches(['.', ',']);
    let title_like = !bare.contains(['.', '?', '!', ',', ';', ':']);
    let capitalised = q
        .text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if title_like && capitalised {
        for i in 1..=3 {
            if let Some(w) = prev_word(i)
                && lx.title_frames.contains(w.as_str())
            {
                return Some(QuoteKind::Title);
            }
        }
        // All significant words in Title Case, two or more of them.
        let significant: Vec<&&str> = words
            .iter()
            .filter(|w| {
                !matches!(
                    w.to_lowercase().as_str(),
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
            })
            .collect();
        if significant.len() >= 2
            && words.len() <= 10
            && significant.iter().all(|w| {
                w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            })
            // At the start of a sentence only a bare name ("“Build Back Better” is …"),
            // not a quoted sentence followed by its attribution.
            && (tok > st.range.start || !q.text.trim_end().ends_with(['.', ',', '?', '!']))
        {
            return Some(QuoteKind::Title);
        }
    }
    None
}

/// A fragment embedded in the writer's sentence (not a full quoted sentence).
fn is_fragment(a: &Analysis, b: usize, s: usize, tok: usize, qi: usize) -> bool {
    let q = &a.quotes[qi];
    if q.pieces.len() > 1 {
        return false;
    }
    let facts = &a.blocks[b];
    let prose = &a.draft.prose;
    let range = &facts.sentences[s];
    let words = q.text.split_whitespace().count();
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
            && lexicon().cues.contains_key(&w.to_lowercase())
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
    let multi_sentence = q
        .text
        .trim_end_matches(['.', '?', '!', ','])
        .contains(['.', '?', '!']);
    if multi_sentence {
        return false;
    }
    let terminal = q.text.trim_end().ends_with(['.', '?', '!', ',']);
    if words <= 3 && !terminal {
        return true;
    }
    if starts_upper && (at_start || introduced || after_cue) {
        return false;
    }
    !(words > 12 && starts_upper)
}
