//! Attribution of facts: figures, crowd claims, first person in the writer's voice.

use super::cache::Unit;
use super::ctx::{Ctx, SentRef, Word, is_cap, is_prose_scope};
use super::{Applicability, Finding, edit};
use crate::engine::Scope;
use crate::engine::lexicon::{FastSet, lexicon};
use std::ops::Range;

pub fn run(cx: &Ctx, out: &mut Vec<Finding>) {
    statistics(cx, out);
    claims(cx, out);
    first_person(cx, out);
}

const NUMBER_WORDS: [&str; 30] = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "dozen",
    "dozens",
    "one",
    "million",
];

const COUNTED: [&str; 20] = [
    "people",
    "civilians",
    "soldiers",
    "deaths",
    "dead",
    "injured",
    "wounded",
    "killed",
    "cases",
    "jobs",
    "victims",
    "casualties",
    "residents",
    "patients",
    "infections",
    "fatalities",
    "homes",
    "refugees",
    "migrants",
    "children",
];

const SOURCE_WORDS: [&str; 22] = [
    "data",
    "polls",
    "polling",
    "surveys",
    "studies",
    "confirmed",
    "counted",
    "figures",
    "records",
    "estimates",
    "estimated",
    "survey",
    "poll",
    "census",
    "statistics",
    "study",
    "report",
    "according",
    "reported",
    "reportedly",
    "showed",
    "show",
];

/// Votes, scores and capacities are tallies, not disputable counts.
const TALLY_WORDS: [&str; 12] = [
    "vote",
    "votes",
    "voted",
    "voting",
    "referendum",
    "election",
    "elected",
    "seats",
    "score",
    "scored",
    "capacity",
    "room",
];

fn is_number(w: &str) -> bool {
    let w = w.trim_start_matches(['$', '€', '£']);
    w.chars().next().is_some_and(|c| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
}

fn is_year(w: &str) -> bool {
    w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y))
}

/// The first figure that needs a source in the sentence, as a span.
fn figure(cx: &Ctx, s: &SentRef, words: &[Word]) -> Option<Range<usize>> {
    let prose = cx.prose();
    // NUMBER_WORDS as a hash set: this test runs for every word of the prose.
    static NUMBER_SET: std::sync::OnceLock<FastSet<&str>> = std::sync::OnceLock::new();
    let number_words = NUMBER_SET.get_or_init(|| NUMBER_WORDS.iter().copied().collect());
    for (i, w) in words.iter().enumerate() {
        // Each word's two number tests, once (not once per use).
        let number = is_number(w.text);
        let number_word = number_words.contains(w.lower.as_str());
        // Every test below needs a number or a number word.
        if !number && !number_word {
            continue;
        }
        // A number's digit groups are words of their own ("$25,550", "1.5"): the figure
        // ends after the last group, and the words after it start at `k`.
        let (mut num_end, mut k) = (w.span.end, i + 1);
        while number
            && let Some(x) = words.get(k)
            && x.span.start == num_end + 1
            && matches!(prose.as_bytes()[num_end], b',' | b'.')
            && x.text.bytes().all(|c| c.is_ascii_digit())
        {
            num_end = x.span.end;
            k += 1;
        }
        let next = words.get(k).map(|x| x.lower.as_str()).unwrap_or("");
        let next2 = words.get(k + 1).map(|x| x.lower.as_str()).unwrap_or("");
        let before = prose[..w.span.start].chars().next_back();
        let money = matches!(before, Some('$' | '€' | '£')) && number;
        let percent = (number || number_word)
            && (matches!(next, "percent" | "%")
                || prose[num_end..].starts_with('%')
                || next == "per" && next2 == "cent");
        let scale = (number || number_word) && matches!(next, "million" | "billion" | "trillion");
        let numeric = number && !is_year(w.text) || number_word && w.lower != "one";
        let count = numeric
            && (COUNTED.contains(&next) || COUNTED.contains(&next2) && !is_cap(words[k].text));
        // Ages and dates: "Smith, 54," and "March 3".
        let after_comma = i > 0
            && (prose[words[i - 1].span.end..w.span.start].trim() == ","
                || matches!(
                    words[i - 1].lower.as_str(),
                    "their" | "his" | "her" | "its" | "our" | "the" | "those" | "these" | "all"
                ));
        // "They had three children": a family, not a count anyone disputes.
        let family = count
            && i > 0
            && matches!(
                words[i - 1].lower.as_str(),
                "had" | "has" | "have" | "having"
            )
            && (next == "children" || next2 == "children");
        if money || percent || scale || count && !after_comma && !family {
            let mut end = num_end;
            if percent && prose[end..].starts_with('%') {
                end += 1;
            } else if let Some(n) = words.get(k)
                && (percent || scale || count)
            {
                end = n.span.end;
                // "10,000 manufacturing jobs": the counted noun is the word after.
                if count
                    && !percent
                    && !scale
                    && !COUNTED.contains(&next)
                    && let Some(n2) = words.get(k + 1)
                {
                    end = n2.span.end;
                }
            }
            let start = if money {
                w.span.start - before.map_or(1, char::len_utf8)
            } else {
                w.span.start
            };
            return Some(start..end);
        }
    }
    let _ = s;
    None
}

/// What a figure measures, from its text: money, a share, a scale or a count.
fn figure_kind(text: &str) -> u8 {
    let lower = text.to_lowercase();
    if text.starts_with(['$', '€', '£']) {
        0
    } else if lower.contains('%') || lower.contains("percent") || lower.contains("per cent") {
        1
    } else if ["million", "billion", "trillion"]
        .iter()
        .any(|m| lower.contains(m))
    {
        2
    } else {
        3
    }
}

fn statistics(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("unattributed-statistic") {
        return;
    }
    // Block by block (cached per block: a block's findings read it, the block before
    // and the one after).
    let mut seen = std::collections::HashMap::new();
    cx.per_block(
        Unit::FactsStatistics,
        |_| 0,
        |b, out, _, _| statistics_in(cx, b, &mut seen, out),
        out,
    );
}

fn statistics_in(
    cx: &Ctx,
    b: usize,
    seen: &mut std::collections::HashMap<usize, bool>,
    out: &mut Vec<Finding>,
) {
    for s in cx.prose_sentences_in(b) {
        if cx.scope(s.block) != Scope::Body {
            continue;
        }
        let words = cx.words(s);
        let Some(span) = figure(cx, s, words) else {
            continue;
        };
        if words.iter().any(|w| {
            SOURCE_WORDS.contains(&w.lower.as_str()) || TALLY_WORDS.contains(&w.lower.as_str())
        }) {
            continue;
        }
        // A named aggregate is the source: "in the RealClearPolitics average".
        let named_average = words.windows(2).enumerate().any(|(i, p)| {
            i > 0
                && is_cap(p[0].text)
                && !matches!(p[0].lower.as_str(), "the" | "a" | "an")
                && matches!(p[1].lower.as_str(), "average" | "index" | "tally")
        });
        // Amounts a court sets are public record, not counts: "set bail at $5,000",
        // "a fine of $86,000", "was fined $200".
        let court_amount = words.windows(2).any(|p| {
            matches!(p[0].lower.as_str(), "bail" | "fined")
                || p[0].lower.as_str() == "fine" && p[1].lower.as_str() == "of"
        });
        if named_average || court_amount {
            continue;
        }
        // Attribution anywhere in the paragraph, or in the paragraph just before, covers
        // its figures (implied proximity).
        let prev_body = s
            .block
            .checked_sub(1)
            .filter(|&b| cx.scope(b) == Scope::Body);
        let mut attributed = |b: usize| {
            // Once per block (per sentence was quadratic on a long paragraph).
            *seen
                .entry(b)
                .or_insert_with(|| cx.block_sentences(b).iter().any(|x| cx.is_attributed(x)))
        };
        if attributed(s.block) || prev_body.is_some_and(&mut attributed) {
            continue;
        }
        // The paragraph after opens with an attributed sentence that gives the same
        // number or a figure of the same kind (`At least 20 were killed.` then
        // `According to police, the dead are fourteen civilians and …`): the count is
        // sourced right after it.
        let text = &cx.prose()[span.clone()];
        let number = words
            .iter()
            .find(|w| w.span.start >= span.start && w.span.end <= span.end)
            .map(|w| w.lower.as_str());
        let next_body = Some(s.block + 1)
            .filter(|&b| b < cx.a.draft.blocks.len() && cx.scope(b) == Scope::Body);
        let sourced_next = next_body
            .and_then(|b| cx.block_sentence(b, 0))
            .is_some_and(|first| {
                let next_words = cx.words(&first);
                cx.is_attributed(&first)
                    && (next_words.iter().any(|w| {
                        // The same number, not an age (`Mattie Thomas, 66,`).
                        Some(w.lower.as_str()) == number
                            && !cx.prose()[..w.span.start].trim_end().ends_with(',')
                    }) || figure(cx, &first, next_words)
                        .is_some_and(|r| figure_kind(&cx.prose()[r]) == figure_kind(text)))
            });
        if sourced_next {
            continue;
        }
        let end = s.span.end;
        let insert = if cx.prose()[..end].ends_with('.') {
            end - 1
        } else {
            end
        };
        out.push(
            cx.finding(
                "unattributed-statistic",
                span.clone(),
                format!("“{text}” has no source. Who counted?"),
            )
            .with_fix(
                "Insert a source placeholder",
                Applicability::Unsafe,
                vec![edit(insert..insert, ", [SOURCE] said")],
            ),
        );
    }
}

const CROWD: [&str; 12] = [
    "many",
    "some",
    "critics",
    "experts",
    "observers",
    "analysts",
    "people",
    "residents",
    "others",
    "commentators",
    "skeptics",
    "opponents",
];
const CROWD_VERBS: [&str; 22] = [
    "say",
    "said",
    "believe",
    "believed",
    "argue",
    "argued",
    "worry",
    "worried",
    "fear",
    "feared",
    "contend",
    "contended",
    "warn",
    "warned",
    "suggest",
    "suggested",
    "think",
    "thought",
    "claim",
    "claimed",
    "charge",
    "feel",
];

fn claims(cx: &Ctx, out: &mut Vec<Finding>) {
    if !cx.on("unattributed-claim") {
        return;
    }
    // Sentence by sentence (cached per block).
    cx.per_sentence(
        Unit::FactsClaims,
        |s, out| {
            claim(cx, s, out);
        },
        out,
    );
}

fn claim(cx: &Ctx, s: &SentRef, out: &mut Vec<Finding>) {
    {
        let words = cx.words(s);
        let lw: Vec<&str> = words.iter().map(|w| w.lower.as_str()).collect();
        let mut hit: Option<Range<usize>> = None;
        for i in 0..words.len() {
            if CROWD.contains(&lw[i]) {
                // "the critics", and a counted group: "36 people believed to be …".
                let det = i > 0
                    && (matches!(
                        lw[i - 1],
                        "the" | "these" | "those" | "his" | "her" | "their" | "its" | "our" | "of"
                    ) || is_number(words[i - 1].text)
                        || NUMBER_WORDS.contains(&lw[i - 1]));
                if det {
                    continue;
                }
                // Up to three words between the crowd and the verb, with no name or number.
                for j in i + 1..(i + 5).min(words.len()) {
                    // "people believed to have been involved": a passive, not a view.
                    let passive = lw.get(j + 1) == Some(&"to")
                        && matches!(lw[j], "believed" | "thought" | "said" | "feared");
                    if CROWD_VERBS.contains(&lw[j]) && !passive {
                        let between = &words[i + 1..j];
                        // A name, a number, a clause, or a subject of the verb's own
                        // ("reach others, she said", "by some standards one could say"):
                        // the verb is not the crowd's. ("they" is the crowd itself:
                        // "frustrated many analysts because they believe …".)
                        let named = between.iter().any(|w| {
                            is_cap(w.text)
                                || is_number(w.text)
                                || matches!(
                                    w.lower.as_str(),
                                    "who"
                                        | "that"
                                        | "at"
                                        | "from"
                                        | "of"
                                        | "with"
                                        | "he"
                                        | "she"
                                        | "we"
                                        | "one"
                                        | "you"
                                )
                        });
                        if !(named || lw[i] == "some" && j == i + 1) {
                            hit = Some(words[i].span.start..words[j].span.end);
                        }
                        break;
                    }
                }
            }
            if hit.is_none()
                && i + 3 < words.len() + 1
                && lw[i] == "it"
                && let (Some(&"is"), Some(v), Some(&"that")) =
                    (lw.get(i + 1), lw.get(i + 2), lw.get(i + 3))
                && matches!(
                    *v,
                    "believed" | "understood" | "thought" | "said" | "feared"
                )
            {
                hit = Some(words[i].span.start..words[i + 3].span.end);
            }
            if hit.is_none()
                && matches!(lw[i], "is" | "are")
                && lw.get(i + 1) == Some(&"widely")
                && let Some(v) = lw.get(i + 2)
                && matches!(
                    *v,
                    "seen" | "considered" | "regarded" | "believed" | "thought"
                )
            {
                hit = Some(words[i].span.start..words[i + 2].span.end);
            }
            if hit.is_none()
                && lw[i] == "there"
                && matches!(lw.get(i + 1), Some(&"are") | Some(&"were"))
                && matches!(lw.get(i + 2), Some(&"concerns") | Some(&"fears"))
                && lw.get(i + 3) == Some(&"that")
            {
                hit = Some(words[i].span.start..words[i + 3].span.end);
            }
            if hit.is_some() {
                break;
            }
        }
        if let Some(span) = hit {
            let text = &cx.prose()[span.clone()];
            out.push(cx.finding(
                "unattributed-claim",
                span.clone(),
                format!("“{text}” attributes a view to an unnamed crowd. Name who holds it, or cite a poll or source."),
            ));
        }
    }
}

const FIRST: [&str; 13] = [
    "I",
    "me",
    "my",
    "mine",
    "we",
    "us",
    "our",
    "ours",
    "We",
    "My",
    "Our",
    "myself",
    "ourselves",
];

/// Paragraphs that are quoted words without marks: right after a colon lead-in (the
/// paragraph before ends with `SPEAKER CUE:`, the catalog's P8, as in `Ortiz wrote to
/// residents:`), and the paragraphs after it while they stay in the first person. A
/// letter or statement whose block-quote marks were lost is the source's wording, which
/// the lead-in attributes.
fn colon_led_paragraphs(cx: &Ctx) -> Vec<bool> {
    let n = cx.a.draft.blocks.len();
    let mut led_in = vec![false; n];
    let first_person = |b: usize| {
        cx.block_sentences(b)
            .iter()
            .any(|s| cx.words(s).iter().any(|w| FIRST.contains(&w.text)))
    };
    for b in 1..n {
        let prev = b - 1;
        if !is_prose_scope(cx.scope(b)) || !is_prose_scope(cx.scope(prev)) {
            continue;
        }
        let lead_in = || {
            cx.block_text(prev).trim_end().ends_with(':')
                && cx.a.blocks[prev]
                    .sentences
                    .len()
                    .checked_sub(1)
                    .and_then(|k| cx.block_sentence(prev, k))
                    .is_some_and(|s| {
                        // A speaker other than the writer (`here's mine:`, `I will tell
                        // you what I did:` introduce the writer's own words).
                        // A verb of saying, not the bare colon the engine also takes
                        // for a cue (`Here is the plan:`).
                        cx.cues(&s).iter().any(|c| {
                            cx.prose()[cx.cue_span(&s, c)]
                                .chars()
                                .any(char::is_alphabetic)
                                && cx.speaker(&s, c).is_some_and(|np| {
                                    !matches!(np.name.to_lowercase().as_str(), "i" | "we")
                                })
                        })
                    })
        };
        led_in[b] = (led_in[prev] || lead_in()) && first_person(b);
    }
    led_in
}

/// Function words of other languages that English does not use: a sentence full of them
/// is not English (the original of a translated quotation).
const FOREIGN_WORDS: [&str; 44] = [
    "de", "la", "que", "el", "en", "los", "las", "del", "por", "para", "una", "con", "y", "se",
    "su", "es", "al", "le", "les", "des", "et", "est", "une", "du", "au", "pas", "dans", "qui",
    "und", "der", "das", "ist", "nicht", "mit", "von", "zu", "ein", "eine", "il", "che", "di",
    "della", "não", "uma",
];

/// English function words, first person included, to weigh against the foreign ones.
const ENGLISH_WORDS: [&str; 40] = [
    "the", "of", "and", "to", "in", "is", "was", "for", "that", "with", "on", "as", "by", "at",
    "it", "from", "be", "are", "were", "has", "have", "had", "this", "not", "but", "or", "a", "an",
    "he", "she", "they", "will", "would", "i", "we", "my", "our", "me", "us", "you",
];

/// Whether a sentence is in another language: from six words on, at least three foreign
/// function words and more of them than English ones.
fn foreign(words: &[Word]) -> bool {
    if words.len() < 6 {
        return false;
    }
    let count = |list: &[&str]| {
        words
            .iter()
            .filter(|w| list.contains(&w.lower.as_str()))
            .count()
    };
    let f = count(&FOREIGN_WORDS);
    f >= 3 && f > count(&ENGLISH_WORDS)
}

fn first_person(cx: &Ctx, out: &mut Vec<Finding>) {
    // Columns, opinion, first-person pieces and editorials may say "I" and "we".
    if !cx.on("first-person-narration") || cx.cfg.doc_type != crate::config::DocType::News {
        return;
    }
    let led_in = colon_led_paragraphs(cx);
    // Sentence by sentence (cached per block, keyed also on whether the paragraph is a
    // lead-in's letter, which the paragraphs before decide).
    cx.per_block(
        Unit::FactsFirstPerson,
        |b| u32::from(led_in[b]),
        |b, out, _, _| {
            if led_in[b] {
                return;
            }
            // One finding per paragraph, at its first sentence in the first person: the
            // question (whose words are these?) is the passage's, and a squiggle under
            // every pronoun of a de-quoted statement is noise. The other sentences' first
            // pronouns come along as related places.
            let mut hits = cx
                .prose_sentences_in(b)
                .iter()
                .filter_map(|s| first_person_in(cx, s));
            if let Some((span, text)) = hits.next() {
                let mut f = cx.finding(
                    "first-person-narration",
                    span,
                    format!("First person (“{text}”) outside quotation marks. Is this the source's wording? Quote and attribute it, or recast in the third person."),
                );
                for (span, text) in hits {
                    f = f.with_related(span, format!("First person (“{text}”) again in this paragraph."));
                }
                out.push(f);
            }
        },
        out,
    );
}

/// The first first-person word of a sentence outside quotations, if the sentence is
/// one the rule reads (not an editor's note, not in another language).
fn first_person_in<'a>(cx: &'a Ctx, s: &SentRef) -> Option<(Range<usize>, &'a str)> {
    {
        // The opening of the paragraph is enough (lower-casing the whole paragraph for
        // each of its sentences was quadratic on a long single-line paragraph).
        let lower: String = cx
            .block_text(s.block)
            .trim_start()
            .chars()
            .take(16)
            .collect::<String>()
            .to_lowercase();
        if lower.starts_with("editor's note")
            || lower.starts_with("editor’s note")
            || lower.starts_with("correction")
        {
            return None;
        }
        let words = cx.words(s);
        // A sentence in another language (the original of a translated quotation):
        // "me" and "mine" are not English there.
        if foreign(words) {
            return None;
        }
        let hit = words.iter().enumerate().find(|(i, w)| {
            if !FIRST.contains(&w.text) {
                return false;
            }
            // "World War I", "Phase I", "Henry I".
            if w.text == "I" && *i > 0 && is_cap(words[i - 1].text) {
                return false;
            }
            // People in general: "birds as we know them", "lungs like ours".
            let generic = lexicon().generic_first_person.iter().any(|ph| {
                ph.iter().enumerate().any(|(at, pw)| {
                    pw.as_str() == w.lower.as_str()
                        && *i >= at
                        && ph.iter().enumerate().all(|(o, x)| {
                            words
                                .get(i - at + o)
                                .is_some_and(|v| v.lower.as_str() == x.as_str())
                        })
                })
            });
            if generic {
                return false;
            }
            // A title: "My Bride Is a Mermaid".
            if matches!(w.text, "My" | "Our" | "We")
                && words.get(i + 1).is_some_and(|n| is_cap(n.text))
            {
                return false;
            }
            true
        });
        hit.map(|(_, w)| (w.span.clone(), w.text))
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, DocType};
    use crate::rules::count_rule;

    fn count(text: &str, config: &Config) -> usize {
        count_rule(text, config, "first-person-narration")
    }

    #[test]
    fn columns_and_first_person_pieces_may_say_i() {
        let body = "The council met on Monday.\n\nI have covered this council for ten years.\n\nWe asked the mayor for the figures.\n";
        assert_eq!(count(body, &Config::default()), 2);
        for doc_type in [
            DocType::Column,
            DocType::Opinion,
            DocType::FirstPerson,
            DocType::Editorial,
            DocType::AsToldTo,
        ] {
            let c = Config {
                doc_type,
                ..Config::default()
            };
            assert_eq!(count(body, &c), 0, "{doc_type:?}");
        }
        // Per draft, in front matter; a news draft's front matter changes nothing.
        for (kind, n) in [("column", 0), ("first-person", 0), ("news", 2)] {
            let draft = format!("---\ncopydesk:\n  doc_type: {kind}\n---\n\n{body}");
            assert_eq!(count(&draft, &Config::default()), n, "{kind}");
        }
        // In copydesk.toml.
        let c = Config::from_toml("doc_type = \"opinion\"\n").expect("valid");
        assert_eq!(count(body, &c), 0);
        let e = Config::from_toml("doc_type = \"memoir\"\n").expect_err("unknown kind");
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn an_as_told_to_piece_needs_no_speaker_for_its_quotes() {
        let body = "The ferry left at dawn.\n\n“I never missed a crossing in forty years.”\n";
        let unsourced = |c: &Config| count_rule(body, c, "unsourced-quote");
        assert_eq!(unsourced(&Config::default()), 1);
        let c = Config {
            doc_type: DocType::AsToldTo,
            ..Config::default()
        };
        assert_eq!(unsourced(&c), 0);
        let column = Config {
            doc_type: DocType::Column,
            ..Config::default()
        };
        assert_eq!(unsourced(&column), 1);
    }
}
