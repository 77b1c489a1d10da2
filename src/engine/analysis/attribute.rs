//! Cue and speaker for every quotation from its own sentence (in-sentence patterns);
//! `fallbacks` looks further when that leaves a quotation open.

use super::classify::frame_kind;
use super::fallbacks::*;
use super::subject_verb::*;
use super::*;
use crate::engine::attribution::{title_case, transcript_label};

/// The best cue and speaker for a token position in a sentence.
pub(super) fn best_in_sentence(
    st: &Sent,
    quote_tok: Option<usize>,
) -> Option<(CueHit, Option<Np>)> {
    let hits = st.cues();
    let mut nps: Vec<Option<Np>> = hits.iter().map(|h| st.speaker_for(h, quote_tok)).collect();
    // A participle cue ("…, saying “…”") takes the main clause's speaker: the nearest
    // earlier cue's speaker, else the sentence's subject.
    let participle = |h: &CueHit| st.word(h.toks.start).ends_with("ing");
    // A coordinated verb ("…, and said “…”") shares the clause's subject the same way.
    // Only for a quotation after it: "called her “weak” and said …" keeps "called".
    let coordinated = |h: &CueHit| {
        quote_tok.is_none_or(|q| h.toks.end <= q)
            && h.toks.start > st.range.start
            && st.toks[h.toks.start - 1].is_word()
            && matches!(st.word(h.toks.start - 1), "and" | "but")
    };
    for i in 0..hits.len() {
        // "Trump issued a statement saying …": the statement is what carries the words;
        // the one who issued it is the speaker.
        if participle(&hits[i])
            && nps[i].as_ref().is_some_and(|np| {
                (np.kind == SpeakerKind::Document
                    || np.toks.end > np.toks.start
                        && lexicon()
                            .document_heads
                            .contains(st.lower_at(np.toks.end - 1).as_str())
                    // "sent out an email to supporters saying": the document before its
                    // preposition.
                    || (np.toks.start + 1..np.toks.end.saturating_sub(1)).any(|k| {
                        lexicon().document_heads.contains(st.lower_at(k).as_str())
                            && matches!(st.lower_at(k + 1).as_str(), "to" | "for" | "from")
                    }))
                    && np.toks.start > st.range.start
                    && st.toks[np.toks.start - 1].is_word()
                    && matches!(st.lower_at(np.toks.start).as_str(), "a" | "an")
                    // "Trump posted a message on Twitter reading “…”", "sent out a text
                    // message to supporters saying": the phrase after the document's
                    // preposition.
                    || np.toks.start >= st.range.start + 3
                        && matches!(
                            st.lower_at(np.toks.start - 1).as_str(),
                            "on" | "to" | "in" | "from" | "for"
                        )
                        && lexicon()
                            .document_heads
                            .contains(st.lower_at(np.toks.start - 2).as_str())
                        && (np.toks.start.saturating_sub(5).max(st.range.start)
                            ..np.toks.start - 2)
                            .any(|k| matches!(st.lower_at(k).as_str(), "a" | "an"))
            })
            && let Some(subj) = st
                .subject()
                .filter(|s| {
                    s.kind != SpeakerKind::Document
                        && s.toks.end <= nps[i].as_ref().map_or(0, |n| n.toks.start)
                })
                // "The town released a statement Wednesday saying": the phrase before
                // the verb that issued it.
                .or_else(|| {
                    let verb = nps[i].as_ref()?.toks.start - 1;
                    st.speaker_left(verb)
                        .filter(|s| s.kind != SpeakerKind::Document && s.toks.end <= verb)
                })
        {
            nps[i] = Some(subj);
        }
        if nps[i].is_none() && (participle(&hits[i]) || coordinated(&hits[i])) {
            let earlier = (0..i).rev().find_map(|j| nps[j].clone());
            // "Christie, a Trump ally, acknowledged it even as he defended the campaign,
            // saying “…”": a subordinate clause's subject pronoun and its verb, nearer
            // the cue than the earlier speaker, open the clause the cue belongs to.
            let from = earlier.as_ref().map_or(st.range.start, |np| np.toks.end);
            let pronoun = (from..hits[i].toks.start).rev().find(|&k| {
                matches!(st.lower_at(k).as_str(), "he" | "she" | "they" | "we" | "i")
                    && k > from
                    && matches!(
                        st.lower_at(k - 1).as_str(),
                        "as" | "when" | "while" | "though" | "although" | "because"
                    )
                    && k + 1 < hits[i].toks.start
                    && st.toks[k + 1].is_word()
                    && st.word(k + 1).starts_with(char::is_lowercase)
            });
            nps[i] = pronoun
                .and_then(|k| st.np_left(k))
                .or(earlier)
                .or_else(|| st.subject());
        }
    }
    // "After Ruiz said that riders might do better at “other stops,” Ortiz said: …": the
    // sentence opens with a subordinate clause that runs on from its verb to the
    // quotation, so the quotation ends that clause and what follows is the main clause.
    let in_subordinate = quote_tok.is_some_and(|q| {
        (st.word(q)
            .trim_end_matches(['”', '"', '’', '\''])
            .ends_with(',')
            || q + 1 < st.range.end && st.toks[q + 1].is_punct(','))
            && matches!(
                st.lower_at(st.range.start).as_str(),
                "after"
                    | "when"
                    | "while"
                    | "although"
                    | "though"
                    | "because"
                    | "if"
                    | "since"
                    | "before"
                    | "once"
                    | "whereas"
            )
            && (st.range.start..q).all(|k| !st.toks[k].is_punct(','))
            && hits
                .iter()
                .any(|h| h.toks.end <= q && h.toks.start > st.range.start)
    });
    // "Nothing the mayor said “will help,” the director said": a tag right after the
    // quotation's closing comma (its subject and verb, then the sentence's end or a
    // comma) carries it, over a verb earlier in the sentence.
    if let Some(q) = quote_tok
        && st
            .word(q)
            .trim_end_matches(['”', '"', '’', '\''])
            .ends_with(',')
        && let Some(i) = hits.iter().position(|h| {
            h.toks.start > q
                && h.toks.start - q <= 6
                && h.form.lemma != ":"
                && !h.is_according_to()
                && !std::ptr::eq(h.form, &lexicon().speech_noun)
                && h.form.words.first().is_some_and(|w| w != "in")
                && (q + 1..h.toks.end).all(|k| st.toks[k].is_word())
                && (h.toks.end == st.range.end
                    || st.toks[h.toks.end].is_punct(',')
                    || st.toks[h.toks.end].is_punct('.'))
        })
        && nps[i]
            .as_ref()
            .is_some_and(|np| np.toks.start > q && np.toks.end <= hits[i].toks.start)
        && hits[..i].iter().any(|h| h.toks.end <= q)
        // Not when the sentence opens with a subordinate clause that runs on from its
        // verb to the quotation: the quotation ends that clause and the "tag" is the
        // main clause ("After Ruiz said that riders might do better at “other stops,”
        // Ortiz said: …").
        && !in_subordinate
        // Not when a verb before introduces it: "someone shouted, “Cruz,” Beck joked",
        // "fired back: “…,” he wrote, “…”", or when the tag's pronoun repeats the subject
        // of a verb just before ("Feinstein said “…,” she said", "Ortiz told the board
        // “…,” she said"). One inside a clause of its own ("Nothing the mayor said “…”")
        // or with its own clause to the quotation ("said that …") does not.
        && !hits[..i].iter().zip(&nps[..i]).any(|(h, np)| {
            h.toks.end <= q
                && ((h.toks.end..q)
                    .all(|k| st.toks[k].is_punct(',') || st.toks[k].is_punct(':'))
                    && h.toks.end < q
                    || nps[i]
                        .as_ref()
                        .is_some_and(|t| t.kind == SpeakerKind::Pronoun)
                        && q - h.toks.end <= 3
                        && (h.toks.end..q).all(|k| st.lower_at(k) != "that")
                        && np.as_ref().is_some_and(|np| {
                            np.toks.start == st.range.start
                                || !st.toks[np.toks.start - 1].is_word()
                        }))
        })
    {
        let np = nps.swap_remove(i);
        let hit = hits.into_iter().nth(i)?;
        return Some((hit, np));
    }
    let penalty_of = |h: &CueHit| {
        let classes = h.classes();
        if classes.contains(&CueClass::Cognition) {
            PENALTY_COGNITION
        } else if h.form.lemma == ":" {
            PENALTY_COLON
        } else if std::ptr::eq(h.form, &lexicon().speech_noun) {
            // "The candidate blasted Trump’s call for a “deportation force”": the verb
            // whose object the noun phrase is wins when it is near.
            PENALTY_SPEECH_NOUN
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
                    && (matches!(h.form.lemma.as_str(), "say" | "tell" | "write")
                        // "Clinton claimed that statements by Trump calling for …":
                        // any speech verb with its "that" clause.
                        || !h.classes().contains(&CueClass::Cognition)
                            && h.form.lemma != ":"
                            && st.lower_at(h.toks.end) == "that")
                    // "Judge Ruiz, writing for the majority, said …": a participle set
                    // off by a comma is not the sentence's verb.
                    && !(participle(h)
                        && h.toks.start > st.range.start
                        && st.toks[h.toks.start - 1].is_punct(','))
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
                    crate::engine::attribution::Lower::of(st.word(h.toks.start - 1)).as_str(),
                    "will" | "would" | "could" | "should" | "might" | "may" | "can" | "must"
                );
            // "X said that … “…”": the verb that governs the clause with the quotation.
            let governs = matrix == Some(h.toks.start)
                || quote_tok.is_some_and(|q| h.toks.end < q)
                    && (h.toks.end..(h.toks.end + 3).min(st.range.end))
                        .any(|k| st.toks[k].is_word() && st.word(k).eq_ignore_ascii_case("that"));
            // "…, adding that “…”" and "… and added “…”" start a clause of their own.
            // So does a cue whose own subject follows a comma ("She said …, and when
            // pressed, the mother of three replied, “…”").
            let fresh_subject = np.as_ref().is_some_and(|n| {
                n.toks.end <= h.toks.start
                    && n.toks.start > st.range.start
                    && st.toks[n.toks.start - 1].is_punct(',')
            });
            // "Kasich says he’d sit Putin down and tell him “…”", "told friends that the
            // candidate knew … and thought …": a verb coordinated inside the matrix
            // verb's clause (after its "that" or a pronoun with "would"/"will") stays
            // inside it; "says he respects Clinton and calls her “…”" may not.
            let in_complement = matrix.is_some_and(|m| {
                m < h.toks.start
                    && (m..h.toks.start).any(|k| {
                        matches!(
                            st.lower_at(k).as_str(),
                            "that"
                                | "he’d"
                                | "he'd"
                                | "she’d"
                                | "she'd"
                                | "they’d"
                                | "they'd"
                                | "we’d"
                                | "we'd"
                                | "he’ll"
                                | "he'll"
                                | "she’ll"
                                | "she'll"
                                | "they’ll"
                                | "they'll"
                                | "we’ll"
                                | "we'll"
                        )
                    })
            });
            let own_clause = h.toks.start > st.range.start
                && (participle(&h) && st.toks[h.toks.start - 1].is_punct(',')
                    || coordinated(&h) && !in_complement
                    || fresh_subject);
            // "…, and then predicted: “…”": a cue that introduces the quotation with a colon.
            let colon_intro = quote_tok.is_some_and(|q| {
                h.toks.end + 1 == q
                    && h.toks.end < st.range.end
                    && st.toks[h.toks.end].is_punct(':')
            });
            let governs = governs || colon_intro;
            // A colon right before the quotation inside the matrix clause ("Amar said
            // that a bargain was possible: “…”") is inside it too.
            let inside_matrix = !colon_intro
                && matrix.is_some_and(|m| h.toks.start > m)
                && quote_tok
                    .is_some_and(|q| h.toks.end < q || h.form.lemma == ":" && h.toks.end == q)
                && !own_clause;
            // "said the city would take “robust steps,” and he urged …": a cue after the
            // quotation that opens a clause of its own (after a conjunction) is not the
            // one that introduced it.
            let later_clause = quote_tok.is_some_and(|q| {
                h.toks.start > q
                    && (in_subordinate
                        || (q + 1..h.toks.start).any(|k| {
                            st.toks[k].is_word()
                                && matches!(
                                    crate::engine::attribution::Lower::of(st.word(k)).as_str(),
                                    "and"
                                        | "but"
                                        | "though"
                                        | "although"
                                        | "while"
                                        | "whereas"
                                        | "after"
                                        | "because"
                                        | "yet"
                                )
                        }))
            });
            // "“…,” referring to the wall": what follows is the reference, not the
            // words before.
            let refers_on = h.form.lemma == "refer" && quote_tok.is_some_and(|q| h.toks.start > q);
            let score = (dist + if governs { 0 } else { GOVERN_BONUS })
                + if later_clause || refers_on {
                    PENALTY_LATER_CLAUSE
                } else {
                    0
                }
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
const PENALTY_SPEECH_NOUN: usize = 6;
const PENALTY_NOUN_CUE: usize = 4;
const PENALTY_MODAL: usize = 5;
const PENALTY_LATER_CLAUSE: usize = 14;
const GOVERN_BONUS: usize = 3;
const MATRIX_PENALTY: usize = 8;
/// Fragments this long or longer can be attributed to a person subject.
pub(super) const MIN_PERSON_FRAGMENT: usize = 2;
const PENALTY_OTHER: usize = 1;

/// A sentence's own speaker, if it has a cue with a speaker (used for lead-ins and for
/// paragraphs that precede a floating quotation).
pub(super) fn sentence_speaker(a: &Analysis, b: usize, s: usize) -> Option<(Cue, Np)> {
    let st = sent(a, b, s);
    let (hit, np) = best_in_sentence(&st, None)?;
    Some((cue_of(a, b, &hit), np?))
}

pub(super) fn attribute_all(a: &mut Analysis) {
    attribute_in_sentence(a, &[]);
    attribute_fallbacks(a);
}

/// In-sentence attribution (and frames) of every quotation but those marked `done`
/// (filled in from the engine cache; see `analysis::cache`). For a quotation in one
/// block this reads only that block.
pub(super) fn attribute_in_sentence(a: &mut Analysis, done: &[bool]) {
    for qi in 0..a.quotes.len() {
        if done.get(qi).copied().unwrap_or(false) {
            continue;
        }
        let Some((b, s, tok)) = locate(a, qi) else {
            continue;
        };
        a.quotes[qi].sentence = a.blocks[b].sentence_span(s);
        // Title, nickname and mention frames first.
        if let Some(kind) = frame_kind(a, b, s, tok, qi) {
            a.quotes[qi].kind = kind;
            continue;
        }
        // A transcript inside the quotation: “PENCE: Well, look, …”.
        if let Some((label, colon)) = transcript_label(&a.draft.prose, a.quotes[qi].span.clone()) {
            let text = &a.draft.prose[label.clone()];
            let name = title_case(text);
            a.quotes[qi].cue = Some(Cue {
                text: ":".into(),
                span: colon,
                lemma: ":".into(),
                classes: vec![CueClass::Neutral],
            });
            a.quotes[qi].speaker = Some(Speaker {
                name,
                mention: text.to_string(),
                span: label,
                kind: SpeakerKind::Person,
                role: None,
                how: Attribution::Sentence,
                source: None,
            });
            continue;
        }
        let st = sent(a, b, s);
        if let Some((hit, np)) = best_in_sentence(&st, Some(tok)) {
            let mut cue = cue_of(a, b, &hit);
            let mut np = np;
            // "Ban condemned what he called a “brazen breach”": the words are named by the
            // subject's own verb, which carries the attribution; "he" is the subject.
            if let Some((subject, verb)) = what_it_called(a, b, &st, &hit, np.as_ref(), tok) {
                cue = verb_cue(a, b, verb);
                np = Some(subject);
            } else if hit.form.lemma == ":"
                && let Some(np_ref) = np.as_ref()
                && let Some((subject, verb)) = subject_verb(a, b, &st, tok)
                && subject.span == np_ref.span
                && verb.end <= hit.toks.start
                && verb.start >= subject.toks.end
                && verb.start <= subject.toks.end + 2
                && verb_like(&verb_cue(a, b, verb.clone()).text)
                // Not a label ("Pew Research: “…”"), a later verb of the subject's
                // right before the colon ("leaned in and boomed: “…”") or a clause
                // after a comma ("answered questions, including this one: “…”").
                && subject.toks.end < hit.toks.start
                && !(verb.end..hit.toks.start).any(|k| {
                    matches!(st.lower_at(k).as_str(), "and" | "then" | "but" | "or")
                        || ['—', '–', '-', ';', ','].iter().any(|&c| st.toks[k].is_punct(c))
                })
                // A number or a word before a comma is not the verb ("five questioners
                // ranged", "the campaign, in a Q&A, worded").
                && !st.toks[verb.end].is_punct(',')
                && !matches!(
                    st.lower_at(verb.start).as_str(),
                    "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight"
                )
            {
                // "Ruiz delivered a blunt retort: “…”": the subject's own verb before the
                // colon carries the words.
                cue = verb_cue(a, b, verb);
            } else if let Some(np_ref) = np.as_ref()
                && let Some(before) = clause_cue_before(a, b, &st, &hit, np_ref, tok)
            {
                // "Trump hailed the vote as “fantastic,” telling reporters …": the clause
                // after the quotation is its own; the verb before it carries the words.
                cue = before;
            }
            if np.is_some()
                && let Some(acc) = outer_according(&st, &hit, tok)
            {
                // "“…,” Ortiz said, according to the Herald": the report the words come
                // through is the attribution's cue; the one who said them stays the
                // speaker.
                cue = cue_of(a, b, &acc);
                // "According to his physician, Trump had “…” results, shows “…”": a verb
                // that is not its subject speaking leaves the words to the source.
                if hit.classes().iter().all(|c| {
                    matches!(
                        c,
                        CueClass::NeutralDoc | CueClass::NonSpeech | CueClass::Cognition
                    )
                }) && let Some(src) = st.speaker_for(&acc, Some(tok))
                {
                    np = Some(src);
                }
            }
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
}

/// The last verb cue of sentence `s` of block `b` after its quotation at token `k`, when
/// it has no subject of its own or one that can be `sp` (a pronoun, or `sp` as written):
/// "“…,” Ortiz said, adding that … “B.”" and "Ortiz said “…,” she said. “B.”" carry B
/// on the cue nearest to it. Not a noun cue ("in a statement"), a colon or "according
/// to", which qualify the verb.
pub(super) fn trailing_cue(
    a: &Analysis,
    b: usize,
    s: usize,
    k: usize,
    sp: &Speaker,
) -> Option<Cue> {
    let st = sent(a, b, s);
    let hit = st.cues().into_iter().rev().find(|h| {
        h.toks.start > k
            && h.form.lemma != ":"
            && h.form.lemma != "—"
            && !h.is_according_to()
            && !std::ptr::eq(h.form, &lexicon().speech_noun)
            && h.form.words.first().is_some_and(|w| w != "in")
            // "asking for anonymity", "referring to the debate", "called it a hoax":
            // what follows is not what was said.
            && !matches!(h.form.lemma.as_str(), "ask" | "refer" | "call")
            // "he was formally called to testify": passive.
            && !matches!(
                st.lower_at(h.toks.start - 1).as_str(),
                "was" | "were" | "is" | "are" | "be" | "been" | "being"
            )
    })?;
    let own = st.speaker_for(&hit, Some(k));
    let agrees = own.as_ref().is_none_or(|np| {
        np.kind == SpeakerKind::Pronoun || np.name == sp.mention || np.name == sp.name
    });
    agrees.then(|| cue_of(a, b, &hit))
}

/// When `hit` follows the quotation at `tok` and opens a clause of its own after it (a
/// participle after a comma or dash, "and"/"but" and a verb) with the speaker `np` of
/// the main clause, the main clause's cue before the quotation: a listed cue with the
/// same speaker, else the subject's own verb when `np` is the subject ("Trump has hailed
/// the vote as “fantastic,” telling reporters …").
pub(super) fn clause_cue_before(
    a: &Analysis,
    b: usize,
    st: &Sent,
    hit: &CueHit,
    np: &Np,
    tok: usize,
) -> Option<Cue> {
    let start = hit.toks.start;
    if start <= tok || np.toks.start > tok || hit.form.lemma == ":" || hit.is_according_to() {
        return None;
    }
    let between: Vec<usize> = (tok + 1..start).collect();
    // The comma may close the quotation: “fantastic,” telling ….
    let comma_in_quote = st
        .word(tok)
        .trim_end_matches(['”', '"', '’', '\''])
        .ends_with(',');
    let participle = st.word(start).ends_with("ing")
        && between
            .iter()
            .all(|&k| !st.toks[k].is_word() && st.toks[k].quote().is_none())
        && (comma_in_quote
            || between
                .iter()
                .any(|&k| ['—', '–', ',', '-'].iter().any(|&c| st.toks[k].is_punct(c))));
    let coordinated = between.len() <= 3
        && between
            .last()
            .is_some_and(|&k| matches!(st.word(k), "and" | "but"))
        && between.iter().all(|&k| st.toks[k].quote().is_none());
    if !(participle || coordinated) {
        return None;
    }
    // A listed cue before the quotation whose speaker is the same.
    let listed = st.cues().into_iter().rev().find(|h| {
        h.toks.end <= tok
            && h.form.lemma != ":"
            && !h.is_according_to()
            && st
                .speaker_for(h, Some(tok))
                .is_some_and(|n| n.span == np.span)
    });
    if let Some(h) = listed {
        return Some(cue_of(a, b, &h));
    }
    let (subject, verb) = subject_verb(a, b, st, tok)?;
    let cue = verb_cue(a, b, verb.clone());
    (subject.span == np.span && verb.end <= tok && verb_like(&cue.text)).then_some(cue)
}

/// Whether the words taken for the subject's verb can be one: not a conjunction,
/// preposition or adverb first ("and former anchor Couric has …", "even brandished").
pub(super) fn verb_like(text: &str) -> bool {
    !matches!(
        text.split_whitespace().next().unwrap_or(""),
        "and"
            | "or"
            | "but"
            | "on"
            | "in"
            | "at"
            | "even"
            | "still"
            | "partly"
            | "then"
            | "so"
            | "because"
    )
}

/// An "according to" that frames the whole sentence ("According to the Herald, Ortiz
/// said …", "“…,” Ortiz said, according to the Herald") when `hit`, another cue, was
/// chosen for the quotation at `tok`. Not one inside the reported clause ("Ortiz said
/// that, according to the count, “…”"), whose words are the speaker's.
pub(super) fn outer_according(st: &Sent, hit: &CueHit, tok: usize) -> Option<CueHit> {
    if hit.is_according_to() {
        return None;
    }
    let clause_word = |r: Range<usize>, words: &[&str]| {
        r.into_iter()
            .any(|k| words.contains(&st.lower_at(k).as_str()))
    };
    st.cues().into_iter().find(|h| {
        h.is_according_to()
            && !(hit.toks.end <= h.toks.start
                && h.toks.start < tok
                && clause_word(hit.toks.end..h.toks.start, &["that"]))
            // "…, according to the budget, for a study, an idea … that several speakers
            // called “an insult”": the quotation sits in a clause of its own (looked for
            // after the last comma, past the source and its apposition).
            && !(h.toks.end <= hit.toks.start
                && h.toks.end <= tok
                && clause_word(
                    (h.toks.end..hit.toks.start)
                        .rev()
                        .find(|&k| st.toks[k].is_punct(','))
                        .unwrap_or(h.toks.end)..hit.toks.start,
                    &["that", "which", "who", "whom", "whether", "where", "when"],
                ))
    })
}
