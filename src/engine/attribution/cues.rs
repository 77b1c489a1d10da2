//! Cue words and phrases in a sentence, and the guards that reject look-alikes.

use super::*;

impl Sent<'_> {
    /// Every cue in the sentence outside quotations.
    pub fn cues(&self) -> Vec<CueHit> {
        self.cues.get_or_init(|| self.find_cues()).clone()
    }

    fn find_cues(&self) -> Vec<CueHit> {
        let lx = lexicon();
        let mut out = Vec::new();
        let mut k = self.range.start;
        while k < self.range.end {
            if !self.is_word(k) {
                // A dash right after a quotation: “…” — Lena Ortiz.
                let dash = matches!(self.toks[k].kind, TokKind::Punct('—' | '―' | '–'));
                if dash
                    && k > self.range.start
                    && self.toks[k - 1].quote().is_some()
                    && k + 1 < self.range.end
                    && self.is_name_word(k + 1)
                {
                    out.push(CueHit {
                        toks: k..k + 1,
                        form: &lx.dash,
                    });
                    k += 1;
                    continue;
                }
                // A colon right before a quotation, or ending a lead-in sentence.
                if self.toks[k].is_punct(':')
                    && (k + 1 == self.range.end || self.toks[k + 1].quote().is_some())
                {
                    out.push(CueHit {
                        toks: k..k + 1,
                        form: &lx.colon,
                    });
                }
                k += 1;
                continue;
            }
            let lw = self.lower(k);
            // "Trump’s claim that “…”", "his call for “…”", "her remark: “…”": a speech
            // noun after a possessive that introduces what was said ("Trump’s statement
            // was “true”" and "Ginsburg’s comments “show bias”" are someone else's verdict
            // on it).
            let introduces = |n: usize| {
                n < self.range.end
                    && (self.toks[n].is_punct(':')
                        || self.is_word(n) && matches!(self.lower(n).as_str(), "that" | "for"))
            };
            if lx.is_speech_noun(lw.as_str()) && introduces(k + 1) && self.possessor(k).is_some() {
                out.push(CueHit {
                    toks: k..k + 1,
                    form: &lx.speech_noun,
                });
                k += 1;
                continue;
            }
            let first_in_sentence = k == self.range.start;
            let lower_initial = self.word(k).chars().next().is_some_and(char::is_lowercase);
            if (lower_initial || first_in_sentence || lw == "according")
                && let Some(forms) = lx.cue_forms(lw.as_str())
                && !self.guarded(k)
                && let Some((form, len)) = forms.iter().find_map(|f| {
                    let n = f.words.len();
                    (k + n <= self.range.end
                        && (0..n).all(|o| self.is_word(k + o) && self.lower(k + o) == f.words[o]))
                    .then_some((f, n))
                })
            {
                out.push(CueHit {
                    toks: k..k + len,
                    form,
                });
                k += len;
                if form.words[0] == "according" {
                    // The source after "according to" holds no cue.
                    while k < self.range.end && self.is_word(k) {
                        k += 1;
                    }
                }
                continue;
            }
            if self.unlisted_tag(k) {
                out.push(CueHit {
                    toks: k..k + 1,
                    form: &lx.tag,
                });
            }
            k += 1;
        }
        out
    }

    /// A said-tag whose verb is not in the cue list: right after a quotation closed
    /// with a comma, "?" or "!", a short subject and a past-tense verb that ends the
    /// clause (`“…,” an angry Hollande retaliated.`, `“…?” he wondered.`), or the verb
    /// first and then a name (`“…,” quipped Ortiz`); also a short sentence of its own
    /// after such a quotation that opens its sentence (`“…?” Hannity pressed.`). The
    /// quotation's closing punctuation hands the sentence to its speaker, so the verb
    /// after it is how the words were said, whatever verb it is.
    fn unlisted_tag(&self, k: usize) -> bool {
        let w = self.word(k);
        if !(w.len() > 4
            && (w.ends_with("ed") || w.ends_with('s'))
            && w.bytes().all(|b| b.is_ascii_lowercase()))
        {
            return false;
        }
        // The quotation right before the tag ends with a comma, "?" or "!" inside its
        // closing mark.
        let comma_quote = |j: usize| {
            self.toks[j].quote().is_some() && {
                let t = self.prose[self.toks[j].span.clone()].trim_end();
                let body = t.trim_end_matches(['”', '"', '’', '\'']);
                body.len() < t.len() && body.ends_with([',', '?', '!'])
            }
        };
        // What follows the verb: the clause ends, or an adverbial or a name follows.
        let n = k + 1;
        let clause_ends = n >= self.range.end
            || matches!(
                self.toks[n].kind,
                TokKind::Punct('.' | ',' | ';' | '!' | '?')
            )
            || self.is_word(n)
                && (PREPOSITIONS.contains(&self.lower(n).as_str())
                    || matches!(
                        self.lower(n).as_str(),
                        "after" | "before" | "during" | "as" | "when" | "while"
                    )
                    || self.lower(n).ends_with("ly"));
        // Inverted: “…,” quipped Ortiz.
        if k > self.range.start && comma_quote(k - 1) {
            // The name ends the clause ("retired Air Force general Lloyd Newton said":
            // "retired" describes him, the tag comes later).
            let mut m = n;
            while m < self.range.end && self.is_name_word(m) {
                m += 1;
            }
            return m > n && (m == self.range.end || !self.is_word(m));
        }
        // Past or present tense ("retaliated", "he mocks"; not "the press").
        if !clause_ends || w.ends_with("ss") {
            return false;
        }
        // Subject: one to five words after the quotation, opening with a determiner, a
        // pronoun or a capitalised word, none of them a verb or function word. The
        // quotation may end the sentence before ("“…?” Hannity pressed.").
        let Some(j) = (1..=5)
            .map(|d| k.wrapping_sub(d))
            .take_while(|&j| j.saturating_add(1) >= self.range.start && j < k)
            .find(|&j| !self.is_word(j))
        else {
            return false;
        };
        if !comma_quote(j) || j + 1 == k {
            return false;
        }
        let lx = lexicon();
        if j < self.range.start {
            // A sentence of its own: the quotation opens the sentence before (nothing
            // but the end of another before it), and the tag's verb ends this one.
            let opens = j == 0
                || self.toks[j - 1].quote().is_some()
                || matches!(self.toks[j - 1].kind, TokKind::Punct('.' | '?' | '!'));
            if !opens
                || self.range.len() > 6
                || (n..self.range.end).any(|m| self.is_word(m) || self.toks[m].quote().is_some())
            {
                return false;
            }
        } else if (self.range.start..j)
            .any(|m| self.is_word(m) && lx.cues.contains_key(self.lower(m).as_str()))
        {
            // A cue before the quotation already governs it ("He says there is no one
            // “on pace to get 1,237 delegates,” the number needed …": an apposition
            // follows).
            return false;
        } else if j > self.range.start
            && matches!(
                self.lower_at(self.range.start).as_str(),
                "while" | "although" | "though" | "whereas" | "if" | "because" | "when"
            )
        {
            // The quotation ends a clause of its own, then the main clause begins ("While
            // Ruiz calls it “a fine plan,” Ortiz frets").
            return false;
        }
        let first = self.lower(j + 1);
        let opens = matches!(first.as_str(), "a" | "an" | "the")
            || PRONOUNS.contains(&first.as_str())
                && first.as_str() != "who"
                && first.as_str() != "which"
            || self.is_cap(j + 1);
        opens
            && (j + 1..k).all(|m| {
                let l = self.lower(m);
                !FUNCTION_WORDS.contains(&l.as_str())
                    && !AUXILIARIES.contains(&l.as_str())
                    // "an irritated Ortiz": an adjective in "-ed" between a determiner
                    // and a name; any other is a verb.
                    && (!l.ends_with("ed")
                        || m > j + 1
                            && matches!(self.lower(m - 1).as_str(), "a" | "an" | "the")
                            && m + 1 < k
                            && self.is_cap(m + 1))
            })
    }

    pub(super) fn guarded(&self, k: usize) -> bool {
        let lx = lexicon();
        let lw = self.lower(k);
        // "did not say", "would never say", "declined to say": not an attribution.
        let negated = |x: usize| {
            let w = self.lower(x);
            w == "not" || w == "never" || w.ends_with("n't") || w.ends_with("n’t")
        };
        if k > self.range.start
            && self.is_word(k - 1)
            && (negated(k - 1)
                || (self.lower(k - 1) == "to"
                    && k >= self.range.start + 2
                    && matches!(self.lower(k - 2).as_str(), "declined" | "refused")))
        {
            return true;
        }
        // "the loophole called an “inversion”": a name given, not words said.
        if matches!(lw.as_str(), "called" | "dubbed" | "named" | "titled" | "labeled" | "labelled")
            && k > self.range.start
            && !self.is_cap(k - 1)
            && !PRONOUNS.contains(&self.lower(k - 1).as_str())
            // "what lawmakers called “fraud”" is active: someone called it that.
            && !(k.saturating_sub(3).max(self.range.start)..k).any(|m| {
                self.is_word(m) && matches!(self.lower(m).as_str(), "what" | "which" | "that" | "who")
            })
        {
            let mut n = k + 1;
            if n < self.range.end
                && self.is_word(n)
                && matches!(self.lower(n).as_str(), "a" | "an" | "the")
            {
                n += 1;
            }
            if n < self.range.end && self.toks[n].quote().is_some() {
                return true;
            }
        }
        // "secretary of state", "his home state", "11 states", "the United States": the
        // noun. Bare "state" reports speech only before "that" or a quotation; "states"
        // is a noun after a number, a quantifier or in "United States".
        if lw == "state" || lw == "states" {
            let next_ok = k + 1 < self.range.end
                && (self.toks[k + 1].quote().is_some()
                    || self.is_word(k + 1) && self.lower(k + 1) == "that"
                    || self.word(k + 1) == ":");
            if lw == "state" && !next_ok {
                return true;
            }
            if lw == "states"
                && (self.is_cap(k)
                    || k > self.range.start && self.is_word(k - 1) && {
                        let p = self.lower(k - 1);
                        p.chars().all(|c| c.is_ascii_digit())
                            || matches!(
                                p.as_str(),
                                "united"
                                    | "other"
                                    | "several"
                                    | "many"
                                    | "all"
                                    | "both"
                                    | "these"
                                    | "those"
                                    | "some"
                                    | "most"
                                    | "two"
                                    | "three"
                                    | "four"
                                    | "five"
                                    | "battleground"
                                    | "swing"
                                    | "key"
                                    | "early"
                                    | "southern"
                                    | "northern"
                                    | "western"
                                    | "eastern"
                                    | "red"
                                    | "blue"
                                    | "member"
                            )
                    })
            {
                return true;
            }
        }
        // "a creative writing professor", "the speaking fee": an -ing form before a
        // person noun modifies it.
        if lw.ends_with("ing")
            && k + 1 < self.range.end
            && self.is_word(k + 1)
            && !self.is_cap(k + 1)
            && (1..=2).any(|d| {
                k >= self.range.start + d
                    && (1..=d).all(|x| self.is_word(k - x) && !self.is_cap(k - x))
                    && matches!(
                        self.lower(k - d).as_str(),
                        "a" | "an" | "the" | "her" | "his"
                    )
            })
            && lx.roles.get(self.lower(k + 1).as_str()) == Some(&RoleClass::Role)
        {
            return true;
        }
        // "on the MSNBC show", "the ‘Today’ show", "TV shows": a programme, not data
        // showing something.
        if (lw == "show" || lw == "shows")
            && k > self.range.start
            && (self.toks[k - 1].quote().is_some()
                || self.is_word(k - 1)
                    && (matches!(
                        self.lower(k - 1).as_str(),
                        "tv" | "talk" | "radio" | "television" | "game" | "news" | "morning"
                    ) || self.is_cap(k - 1)
                        && k >= self.range.start + 2
                        && self.is_word(k - 2)
                        && matches!(
                            self.lower(k - 2).as_str(),
                            "a" | "an" | "the" | "his" | "her" | "its" | "their" | "our" | "my"
                        )))
        {
            return true;
        }
        // "Ginsburg’s comments", "Trump's remarks": a possessive makes it a noun.
        if k > self.range.start
            && self.is_word(k - 1)
            && (self.word(k - 1).ends_with("’s") || self.word(k - 1).ends_with("'s"))
            && pronoun_contraction(&self.lower(k - 1)).is_none()
        {
            return true;
        }
        // "22% of Democratic claims", "its Republican critics": after a capitalised
        // modifier that itself follows a preposition or possessive, a plural is a noun.
        if lw.ends_with('s')
            && k >= self.range.start + 2
            && self.is_word(k - 1)
            && self.is_cap(k - 1)
            && self.is_word(k - 2)
            && matches!(
                self.lower(k - 2).as_str(),
                "of" | "about"
                    | "against"
                    | "for"
                    | "with"
                    | "on"
                    | "in"
                    | "these"
                    | "those"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "our"
            )
        {
            return true;
        }
        if k > self.range.start && self.is_word(k - 1) {
            let prev = self.lower(k - 1);
            // "a few questions", "these remarks", "no comment": a noun after a quantifier.
            let quantifier = matches!(
                prev.as_str(),
                "few" | "these" | "those" | "such" | "no" | "any" | "four" | "five"
            );
            // After a number or quantifier a past-tense form is the verb ("the mother of
            // three replied", "several said").
            let counted_verb = matches!(
                prev.as_str(),
                "one" | "two" | "three" | "several" | "some" | "many" | "other" | "another"
            ) && (lw.ends_with("ed")
                || matches!(lw.as_str(), "said" | "told" | "wrote"));
            if (DETERMINERS.contains(&prev.as_str()) || quantifier)
                && !counted_verb
                && lw != "according"
            {
                return true;
            }
            // "a Twitter comment", "a fundraising call": the bare form after "a" and one
            // modifier is a singular noun (a singular subject would take "comments").
            if k >= self.range.start + 2
                && !lw.ends_with('s')
                && !lw.ends_with("ed")
                && !lw.ends_with("ing")
                && lx.speech_nouns.contains(lw.as_str())
                && self.is_word(k - 2)
                && (matches!(
                    self.lower(k - 2).as_str(),
                    "a" | "an" | "another" | "every" | "each"
                ) || self.lower(k - 2) == "the"
                    && !self.is_cap(k - 1)
                    && !self.lower(k - 1).ends_with('s'))
            {
                return true;
            }
            if matches!(prev.as_str(), "to" | "be" | "been" | "being") && !lw.ends_with("ing") {
                // "to say" / "was asked": infinitives and passives are not reports of speech.
                if !matches!(lw.as_str(), "say" | "tell" | "ask") || prev == "be" || prev == "been"
                {
                    return true;
                }
            }
        }
        // The guard phrases that hold the word, each with the word's offset in it.
        let at = lx
            .cue_guard_at
            .get(lw.as_str())
            .map_or(&[][..], Vec::as_slice);
        for &(gi, o) in at {
            let g = &lx.cue_guards[gi];
            if o > k - self.range.start {
                continue;
            }
            let s = k - o;
            if s + g.len() <= self.range.end
                && g.iter()
                    .enumerate()
                    .all(|(i, w)| self.is_word(s + i) && self.lower(s + i) == *w)
            {
                return true;
            }
        }
        false
    }
}
