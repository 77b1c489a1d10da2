//! The whole pipeline for one draft: blocks → quotations → attribution → source ledger.

use super::attribution::{CueHit, Np, Sent, not_name};
use super::cancel::Cancel;
use super::draft::{Draft, Format, Scope};
use super::ledger;
use super::lexicon::{CueClass, lexicon};
use super::model::*;
use super::quotes::{self, UnbalancedMark};
use super::text::{self, Token};
use std::ops::Range;

mod attribute;
mod cache;
mod classify;
mod fallbacks;
mod reparse;
mod subject_verb;

pub use cache::EngineCache;

/// Tokens and sentences of one block.
#[derive(Debug, Clone, Default, PartialEq)]
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

#[derive(Debug, Clone, PartialEq)]
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
    Cancel::to_end(|c| run(source, format, None, c))
}

/// Analyse a draft reusing the facts of blocks unchanged since an earlier analysis with
/// the same cache (any earlier text of any document: entries are keyed by block text).
/// The result is identical to `analyze(source, format)`; the cache then holds the
/// facts of this draft's blocks only.
pub fn analyze_incremental(source: &str, format: Format, cache: &mut EngineCache) -> Analysis {
    Cancel::to_end(|c| run(source, format, Some(cache), c))
}

/// [`analyze`] that gives up (`None`) once `cancel` is raised. The flag is read at phase
/// boundaries (after parsing, per block, after attribution, after the mentions and after
/// the ledger), so a raised flag stops the work within one phase or one block.
pub fn analyze_cancellable(source: &str, format: Format, cancel: &Cancel) -> Option<Analysis> {
    run(source, format, None, cancel)
}

/// [`analyze_incremental`] that gives up (`None`) once `cancel` is raised; a cancelled
/// analysis leaves the cache as it was (it is only updated at the end).
pub fn analyze_incremental_cancellable(
    source: &str,
    format: Format,
    cache: &mut EngineCache,
    cancel: &Cancel,
) -> Option<Analysis> {
    run(source, format, Some(cache), cancel)
}

fn run(
    source: &str,
    format: Format,
    cache: Option<&mut EngineCache>,
    cancel: &Cancel,
) -> Option<Analysis> {
    let mut cache = cache;
    // The draft memo is kept from the second analysis with a cache on (an edit), not
    // the first: in the server the first analysis and check of a draft are the peak of
    // its memory, and the memo (a copy of the source) would add to it.
    let warm = cache.as_deref().is_some_and(|c| !c.is_empty());
    // With the cache, a small edit in a paragraph of plain prose redoes that paragraph
    // only (`reparse.rs`); otherwise the whole Markdown is parsed.
    let reparsed = cache
        .as_deref()
        .and_then(|c| c.draft.reparse(source, format));
    if let Some(c) = cache.as_deref_mut() {
        c.reparsed = reparsed.is_some();
    }
    let (draft, raw) = match reparsed {
        Some(r) => r,
        None => match format {
            Format::Markdown => crate::engine::draft::parse_markdown(source),
            Format::Text => (Draft::parse(source, format), Vec::new()),
        },
    };
    if cancel.is_cancelled() {
        return None;
    }
    let prose = draft.prose.as_str();
    let scan = quotes::scan(prose, &draft.blocks);
    if cancel.is_cancelled() {
        return None;
    }

    // Top-level quotations become `Quote`s; nested ones are recorded inside them.
    let mut quotes: Vec<Quote> = Vec::new();
    let mut top_of_raw = vec![usize::MAX; scan.quotes.len()];
    // Each raw quotation's outermost ancestor: a parent comes before its children, so
    // one pass (walking up the chain per quotation was quadratic in the nesting depth,
    // which thousands of unclosed marks in one paragraph make large).
    let mut root_of_raw: Vec<usize> = Vec::with_capacity(scan.quotes.len());
    for (ri, rq) in scan.quotes.iter().enumerate() {
        let root = rq
            .parent
            .map_or(ri, |p| root_of_raw.get(p).copied().unwrap_or(p));
        root_of_raw.push(root);
    }
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
            Some(_) => {
                let p = root_of_raw[ri];
                if top_of_raw[p] != usize::MAX {
                    let span = rq.span();
                    quotes[top_of_raw[p]].nested.push(span);
                }
            }
        }
    }

    // Pieces per block, then tokens and sentences.
    let mut pieces_in: Vec<Vec<(Range<usize>, usize)>> = vec![Vec::new(); draft.blocks.len()];
    // `top_of_raw` maps each top-level raw quotation to its `Quote` (a search per
    // quotation was quadratic on a long draft).
    for (raw, &qi) in top_of_raw.iter().enumerate() {
        if qi == usize::MAX {
            continue;
        }
        for (piece, &b) in scan.quotes[raw].pieces.iter().zip(&scan.quotes[raw].blocks) {
            pieces_in[b].push((piece.clone(), qi));
        }
    }
    for p in pieces_in.iter_mut() {
        p.sort_by_key(|p| p.0.start);
    }
    // Blocks whose text, scope and quotation pieces are unchanged: facts from the cache.
    let mut session = cache
        .as_deref_mut()
        .map(|c| c.session(&draft, &quotes, &pieces_in));
    let mut blocks = Vec::with_capacity(draft.blocks.len());
    for (bi, block) in draft.blocks.iter().enumerate() {
        if cancel.is_cancelled() {
            return None;
        }
        if let Some(facts) = session.as_ref().and_then(|s| s.facts(bi, &pieces_in[bi])) {
            blocks.push(facts);
            continue;
        }
        let tokens = text::tokenize(prose, block.span.clone(), &pieces_in[bi]);
        let ends = |q: usize| {
            // The block's pieces are in text order, which is quotation order: a binary
            // search (a scan per quotation was quadratic in a paragraph of thousands of
            // quotations), with the scan kept as a fallback.
            let here = &pieces_in[bi];
            let piece = match here.binary_search_by_key(&q, |p| p.1) {
                Ok(i) => here[i].0.clone(),
                Err(_) => here.iter().find(|p| p.1 == q).map(|p| p.0.clone())?,
            };
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
    // Attribution. With the cache, the one-piece quotations of unchanged blocks keep
    // their in-sentence attribution and only the document-level fallbacks are redone.
    match session.as_mut() {
        None => attribute::attribute_all(&mut a),
        Some(s) => {
            let done = s.apply_in_sentence(&mut a, &pieces_in);
            attribute::attribute_in_sentence(&mut a, &done);
            s.keep_in_sentence(&a, &pieces_in);
            fallbacks::attribute_fallbacks(&mut a);
        }
    }
    if cancel.is_cancelled() {
        return None;
    }

    // Mentions, block by block.
    let mut mentions = Vec::new();
    for bi in 0..a.blocks.len() {
        match session.as_ref().and_then(|s| s.mentions(bi)) {
            Some(cached) => mentions.extend(cached),
            None => ledger::block_mentions(&a, bi, &mut mentions),
        }
    }
    a.mentions = mentions;
    if cancel.is_cancelled() {
        return None;
    }

    // The ledger (document-level; sentence responses from the cache).
    let mut responses = session
        .as_ref()
        .map(|s| s.responses(&a))
        .unwrap_or_default();
    ledger::resolve_and_build_with(&mut a, &mut responses);
    if cancel.is_cancelled() {
        return None;
    }
    if let Some(s) = session {
        s.finish(&a, &pieces_in, responses);
    }
    if let Some(c) = cache {
        match format {
            Format::Markdown if warm => c.draft.keep(source, &a.draft, raw),
            _ => c.draft.clear(),
        }
    }
    Some(a)
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
    let (tok, s) = quote_token(&facts.tokens, &facts.sentences, qi, q.span.start)?;
    Some((b, s, tok))
}

/// The token of top-level quotation `qi` in `tokens` (text order) and the sentence that
/// holds it: a binary search by offset, then a short look ahead, with a full scan as
/// the fallback (a linear scan per quotation was quadratic on a long paragraph).
pub fn quote_token(
    tokens: &[crate::engine::text::Token],
    sentences: &[std::ops::Range<usize>],
    qi: usize,
    start: usize,
) -> Option<(usize, usize)> {
    let near = tokens.partition_point(|t| t.span.start < start);
    let tok = (near..tokens.len().min(near + 8))
        .find(|&i| tokens[i].quote() == Some(qi))
        .or_else(|| tokens.iter().position(|t| t.quote() == Some(qi)))?;
    let at = sentences.partition_point(|r| r.end <= tok);
    let s = if sentences.get(at).is_some_and(|r| r.contains(&tok)) {
        at
    } else {
        sentences.iter().position(|r| r.contains(&tok))?
    };
    Some((tok, s))
}

fn sent<'a>(a: &'a Analysis, b: usize, s: usize) -> Sent<'a> {
    Sent {
        prose: &a.draft.prose,
        toks: &a.blocks[b].tokens,
        range: a.blocks[b].sentences[s].clone(),
        cues: Default::default(),
    }
}

/// The byte span of a range of block `b`'s tokens.
fn token_span(a: &Analysis, b: usize, toks: Range<usize>) -> Range<usize> {
    let t = &a.blocks[b].tokens;
    t[toks.start].span.start..t[toks.end - 1].span.end
}

/// A cue that is a verb not in the cue list (a sentence subject's own verb with its
/// auxiliaries, `has called`): no class.
fn verb_cue(a: &Analysis, b: usize, toks: Range<usize>) -> Cue {
    let span = token_span(a, b, toks);
    let text = a.draft.prose[span.clone()].to_string();
    Cue {
        lemma: text.to_lowercase(),
        text,
        span,
        classes: Vec::new(),
    }
}

fn cue_of(a: &Analysis, b: usize, hit: &CueHit) -> Cue {
    let span = token_span(a, b, hit.toks.clone());
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
