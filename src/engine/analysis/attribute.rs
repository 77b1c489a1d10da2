//! Cue and speaker for every quotation: in-sentence patterns, then fallbacks.

use super::classify::{frame_kind, is_fragment};
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
const MIN_PERSON_FRAGMENT: usize = 2;
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
fn trailing_cue(a: &Analysis, b: usize, s: usize, k: usize, sp: &Speaker) -> Option<Cue> {
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
fn clause_cue_before(
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
fn verb_like(text: &str) -> bool {
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
fn outer_according(st: &Sent, hit: &CueHit, tok: usize) -> Option<CueHit> {
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

/// The subject of sentence `s` of block `b` and its verb before token `tok`, with the
/// verb's auxiliaries (`has called`, `is seeking`): the subject noun phrase and the verb's
/// token range. Skips a place after the name ("Joe Manchin of West Virginia"), a
/// parenthesis ("Harry Reid (D-Nev.)"), a comma group ("Trump, also on Twitter,") and
/// takes a possessive's noun into the subject ("Scott’s family").
fn subject_verb(a: &Analysis, b: usize, st: &Sent, tok: usize) -> Option<(Np, Range<usize>)> {
    subject_verb_of(a, b, st, st.subject()?, tok)
}

/// `subject_verb` for the clause that holds the quotation at `tok` when a contrasting
/// clause with a subject of its own opens before it ("Jindal signed an order, while
/// Huckabee, the former governor, proposed we “…”"): its subject and verb. (Not after
/// "that": in "He anticipated that the challenge would be “…”" the words are his.)
fn clause_subject_verb(
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
fn subject_verb_of(
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
fn adverb(w: &str) -> bool {
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
fn what_it_called(
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
