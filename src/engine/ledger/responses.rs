//! Anonymity and responses: which sources are anonymous (and whether a reason is
//! given), and which answered (a quotation, a denial, "declined to comment", "did not
//! respond"…), by response phrases in the sentences that mention them.

use super::*;

/// The first response phrase in a sentence, if any.
pub(super) fn sentence_response(prose: &str, span: Range<usize>) -> Option<Response> {
    let text = &prose[span.clone()];
    let lowered = text.to_ascii_lowercase();
    let mut words = Vec::with_capacity(text.len() / 4 + 1);
    words_lowered_into(text, &lowered, span.start, &mut words);
    let lx = lexicon();
    let (id, r) = lx.response_index.first_match(&words)?;
    let kind = match lx.responses[id].1.as_str() {
        "declined" => ResponseKind::Declined,
        "nonresponse" => ResponseKind::NoResponse,
        "pending" => ResponseKind::Pending,
        "incomplete" => ResponseKind::Unreachable,
        "denial" => ResponseKind::Denied,
        "loaded" => ResponseKind::Refused,
        _ => ResponseKind::Responded,
    };
    Some(Response {
        kind,
        phrase: prose[r.clone()].to_string(),
        span: r,
    })
}

pub(super) fn anonymity_and_responses(
    a: &Analysis,
    sources: &mut [Source],
    response_cache: &mut SentenceResponses,
) {
    let lx = lexicon();
    let prose = a.draft.prose.as_str();
    let mut words_buf = Vec::new();
    if response_cache.len() < a.blocks.len() {
        response_cache.resize_with(a.blocks.len(), Vec::new);
    }
    for s in sources.iter_mut() {
        // Anonymity: role speakers described by an anonymity phrase.
        if s.kind == SourceKind::Role {
            let name_words: Vec<(Range<usize>, String)> = words_of(&s.name, 0);
            let mut class = None;
            for (phrase, c) in &lx.anonymity {
                if c == "marker" || c == "secondhand" {
                    continue;
                }
                if find_phrase(&name_words, phrase).is_some() {
                    class = Some(c.clone());
                    break;
                }
            }
            if let Some(class) = class {
                let mut reason = None;
                let mut boilerplate = false;
                for &qi in &s.quotes {
                    let q = &a.quotes[qi];
                    let block = &a.draft.blocks[q.block];
                    words_borrowed_into(
                        &prose[block.span.clone()],
                        block.span.start,
                        &mut words_buf,
                    );
                    for (phrase, c) in &lx.anonymity_reasons {
                        if let Some(r) = find_phrase(&words_buf, phrase) {
                            boilerplate = c == "boilerplate";
                            reason = Some(r);
                            break;
                        }
                    }
                }
                s.anonymous = Some(Anonymity {
                    class,
                    reason,
                    boilerplate_reason: boilerplate,
                });
            }
        }
        // Responses: a response phrase in a sentence that mentions the source. Each
        // sentence is searched once, however many mentions it holds.
        if matches!(s.kind, SourceKind::Person | SourceKind::Organization) {
            for m in &s.mentions {
                let bi = a.draft.blocks.partition_point(|b| b.span.end <= m.start);
                if bi >= a.draft.blocks.len() || !a.draft.blocks[bi].span.contains(&m.start) {
                    continue;
                }
                let facts = &a.blocks[bi];
                let si = facts
                    .sentences
                    .partition_point(|r| facts.tokens[r.end - 1].span.end <= m.start);
                if si >= facts.sentences.len() || !facts.sentence_span(si).contains(&m.start) {
                    continue;
                }
                let memo = &mut response_cache[bi];
                if memo.len() < facts.sentences.len() {
                    memo.resize(facts.sentences.len(), None);
                }
                let found = memo[si]
                    .get_or_insert_with(|| sentence_response(prose, facts.sentence_span(si)));
                if let Some(r) = found {
                    s.response = Some(r.clone());
                    break;
                }
            }
        }
    }
}
