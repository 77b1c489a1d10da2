//! The subject of a sentence or clause (for participles, lead-ins and fallbacks).

use super::*;

impl Sent<'_> {
    /// The subject at the start of the sentence: "Sanders sent an email, asking …".
    pub fn subject(&self) -> Option<Np> {
        self.subject_from(self.range.start)
    }

    /// The first noun phrase at or after `k` (skipping conjunctions and modifiers such
    /// as "former").
    pub fn subject_from(&self, k: usize) -> Option<Np> {
        let lx = lexicon();
        let from = k;
        let mut k = k;
        while k < self.range.end
            && (!self.is_word(k)
                || matches!(
                    self.lower(k).as_str(),
                    "but"
                        | "and"
                        | "so"
                        | "still"
                        | "however"
                        | "meanwhile"
                        | "yet"
                        | "then"
                        | "also"
                        | "now"
                        | "moreover"
                        | "furthermore"
                        | "indeed"
                        | "instead"
                        | "nonetheless"
                        | "nevertheless"
                        | "former"
                        | "retired"
                        | "late"
                        | "longtime"
                        | "veteran"
                ))
        {
            if self.toks[k].quote().is_some() {
                return None;
            }
            k += 1;
        }
        // A dateline ("WASHINGTON —", "PARIS (AP) —") or an introductory phrase
        // ("Speaking to reporters, …", "In a statement, …") comes before the subject.
        if k < self.range.end && self.is_word(k) {
            let w = self.word(k);
            // "Washington (AFP) –": a place and an agency in parentheses before a dash.
            let agency = self.is_cap(k)
                && (k + 1..(k + 4).min(self.range.end))
                    .find(|&p| self.toks[p].is_punct('('))
                    .is_some_and(|p| {
                        (k + 1..p).all(|x| self.is_name_word(x))
                            && p + 3 < self.range.end
                            && self.is_word(p + 1)
                            && self.toks[p + 2].is_punct(')')
                            && matches!(self.toks[p + 3].kind, TokKind::Punct('—' | '–' | '-'))
                    });
            let dateline =
                agency || w.len() >= 3 && w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
            // After a conjunction the phrase starts lower case ("But in a call with
            // reporters, Col. Warren said").
            // Or after a sentence adverb and its comma ("Moreover, as part of …, Gowdy").
            let after_conjunction = k > from
                && (self.is_word(k - 1)
                    || k >= from + 2 && self.toks[k - 1].is_punct(',') && self.is_word(k - 2));
            let lw = self.lower(k);
            // "Preceded at the lectern by …, Trump": a capitalised past participle
            // before a preposition opens a phrase too.
            let past_participle = self.is_cap(k)
                && w.ends_with("ed")
                && k + 1 < self.range.end
                && self.is_word(k + 1)
                && matches!(
                    self.lower(k + 1).as_str(),
                    "by" | "at" | "in" | "on" | "about" | "with" | "for" | "from" | "after"
                );
            let intro = self.is_cap(k) && w.ends_with("ing")
                || past_participle
                || (self.is_cap(k) || after_conjunction)
                    && matches!(
                        lw.as_str(),
                        "in" | "at"
                            | "on"
                            | "during"
                            | "after"
                            | "before"
                            | "asked"
                            | "despite"
                            | "since"
                            | "under"
                            | "over"
                            | "like"
                            | "unlike"
                            | "as"
                            | "with"
                            | "for"
                            | "from"
                            | "to"
                            | "by"
                            | "earlier"
                            | "later"
                            | "last"
                            | "this"
                            | "when"
                            | "while"
                            | "if"
                            | "although"
                            | "though"
                            | "amid"
                            | "among"
                            | "throughout"
                            | "without"
                            | "upon"
                    );
            let participial = self.word(k).ends_with("ing")
                || k + 1 < self.range.end
                    && self.is_word(k + 1)
                    && self.word(k + 1).ends_with("ing");
            let stop = |m: &usize| {
                let t = &self.toks[*m];
                if dateline {
                    t.is_punct('—') || t.is_punct('–') || t.is_punct('-')
                } else {
                    // A comma inside a quotation's closing marks ends the phrase too
                    // ("After saying her foot was “so swollen …,” she was …").
                    // Only for a participial phrase, whose subject is the sentence's
                    // ("While Sullivan proclaims it “…,” Clinton …" has its own).
                    t.is_punct(',')
                        || participial
                            && t.quote().is_some()
                            && self.prose[t.span.clone()]
                                .trim_end_matches(['”', '"', '’', '\''])
                                .ends_with(',')
                }
            };
            // A long introductory phrase ("With Democratic leaders increasingly worried
            // about …, President Obama …") counts when a subject follows its comma.
            let subject_at = |x: usize| {
                x < self.range.end
                    && self.is_word(x)
                    && (self.is_name_word(x)
                        || PRONOUNS.contains(&self.lower(x).as_str())
                        || DETERMINERS.contains(&self.lower(x).as_str()))
            };
            // "Following a swiftly called, late-afternoon meeting, the Security Council …":
            // a comma inside the phrase, before a word that cannot start the subject, does
            // not end it.
            let first = (k + 1..(k + 32).min(self.range.end)).find(stop);
            let first = match first {
                Some(m) if intro && !dateline && !subject_at(m + 1) && !self.is_cap(m + 1) => {
                    (m + 1..(k + 32).min(self.range.end))
                        .find(|x| stop(x) && subject_at(x + 1))
                        .or(Some(m))
                }
                other => other,
            };
            if (dateline || intro)
                && let Some(m) = first
                && (m < k + 16
                    || subject_at(m + 1) && !(k..m).any(|x| self.toks[x].quote().is_some()))
                && (m + 1..self.range.end).any(|x| self.is_word(x))
            {
                // "Speaking in Salem, New Hampshire, Trump …": the state after the town
                // belongs to the phrase.
                let mut n = m + 1;
                let mut e = n;
                while e < self.range.end && self.is_name_word(e) {
                    e += 1;
                }
                if e > n
                    && e + 1 < self.range.end
                    && self.toks[e].is_punct(',')
                    && self.is_word(e + 1)
                    && self.is_place(n..e)
                {
                    n = e + 1;
                }
                // "In his speech, a tribute to Kerry, the nominee, Obama decried": the
                // phrase holds appositions (no verb in "-ed" among them: "his response
                // focused on how Khan’s wife, Ghazala, …" is a clause); the subject
                // follows a later comma.
                let np = self.subject_from(n).or_else(|| {
                    let x = (n..(k + 32).min(self.range.end)).find(|&x| {
                        stop(&x)
                            && x + 1 < self.range.end
                            && self.is_word(x + 1)
                            && (self.is_name_word(x + 1)
                                || PRONOUNS.contains(&self.lower(x + 1).as_str()))
                    })?;
                    let verb = (n..x).any(|m| {
                        self.is_word(m) && !self.is_cap(m) && self.lower(m).ends_with("ed")
                    });
                    if verb { None } else { self.subject_from(x + 1) }
                });
                // "In an article on the website, the Paper, and widely shared, Shen …": an
                // apposition inside the phrase, which runs on after "and".
                if let Some(np) = &np
                    && np.toks.end + 2 < self.range.end
                    && self.toks[np.toks.end].is_punct(',')
                    && matches!(self.lower_at(np.toks.end + 1).as_str(), "and" | "or")
                    && self.is_word(np.toks.end + 2)
                    && !self.is_cap(np.toks.end + 2)
                    && let Some(x) = (np.toks.end + 2..(np.toks.end + 16).min(self.range.end))
                        .find(|&x| stop(&x) && subject_at(x + 1))
                {
                    return self.subject_from(x + 1);
                }
                return np;
            }
        }
        // "Hours later, Trump …", "Early in his campaign, Trump …", "Then just 19, she
        // …": a word that opens an introductory phrase, not a name.
        let opens_phrase = k < self.range.end
            && self.is_word(k)
            && !PRONOUNS.contains(&self.lower(k).as_str())
            && (self.is_cap(k)
                || !(PRONOUNS.contains(&self.lower(k).as_str())
                    || DETERMINERS.contains(&self.lower(k).as_str())));
        if opens_phrase
            && !(k + 1 < self.range.end && (self.is_name_word(k + 1) || self.is_particle(k + 1)))
        {
            let lx = lexicon();
            let comma = (k + 2..(k + 9).min(self.range.end)).find(|m| self.toks[*m].is_punct(','));
            if let Some(c) = comma {
                // A cue form that matches there ("in" alone, as in "Here in Columbia,",
                // is not "in a statement").
                let cue_between = (k + 1..c).any(|m| {
                    self.is_word(m)
                        && !self.is_cap(m)
                        && lx.cues.get(self.lower(m).as_str()).is_some_and(|forms| {
                            forms.iter().any(|f| {
                                f.words.iter().enumerate().all(|(i, w)| {
                                    m + i < c && self.is_word(m + i) && self.lower(m + i) == *w
                                })
                            })
                        })
                });
                let next_is_subject = c + 1 < self.range.end
                    && self.is_word(c + 1)
                    && (self.is_name_word(c + 1) || PRONOUNS.contains(&self.lower(c + 1).as_str()));
                // "The complaint, which was filed …": a relative clause follows the noun
                // phrase it is about, which is the subject.
                if !cue_between
                    && next_is_subject
                    && matches!(self.lower(c + 1).as_str(), "who" | "which")
                    && let Some(np) = self.np_left(c - 1).filter(|np| np.toks.start == k)
                {
                    return Some(np);
                }
                if !cue_between && next_is_subject {
                    return self.subject_from(c + 1);
                }
            }
        }
        // "A few days later, Trump …", "The next morning, she …": a time phrase after a
        // determiner.
        if k < self.range.end
            && self.is_word(k)
            && DETERMINERS.contains(&self.lower(k).as_str())
            && let Some(c) =
                (k + 2..(k + 7).min(self.range.end)).find(|&m| self.toks[m].is_punct(','))
            && (k + 1..c).all(|m| self.is_word(m) && !self.is_cap(m))
            && matches!(
                self.lower(c - 1).as_str(),
                "later"
                    | "ago"
                    | "earlier"
                    | "day"
                    | "days"
                    | "week"
                    | "weeks"
                    | "month"
                    | "months"
                    | "year"
                    | "years"
                    | "morning"
                    | "afternoon"
                    | "evening"
                    | "night"
                    | "time"
            )
            && c + 1 < self.range.end
            && self.is_word(c + 1)
            && (self.is_name_word(c + 1) || PRONOUNS.contains(&self.lower(c + 1).as_str()))
        {
            return self.subject_from(c + 1);
        }
        // "Instead he reserved …", "Even Clinton conceded …": a sentence adverb.
        if k + 1 < self.range.end
            && self.is_cap(k)
            && not_name(self.word(k))
            && self.is_word(k + 1)
            && (self.is_name_word(k + 1) || PRONOUNS.contains(&self.lower(k + 1).as_str()))
            && !DETERMINERS.contains(&self.lower(k).as_str())
        {
            return self.subject_from(k + 1);
        }
        if k >= self.range.end {
            return None;
        }
        let lw = self.lower(k);
        if PRONOUNS.contains(&lw.as_str()) || pronoun_contraction(&lw).is_some() {
            return self.np_left(k);
        }
        if self.is_name_word(k) || self.is_cap(k) && lx.title_first.contains(self.word(k)) {
            let mut e = k + 1;
            while e < self.range.end && (self.is_name_word(e) || self.is_particle(e)) {
                e += 1;
            }
            // "Minnesota state delegate Mary Susan": a place, a role, then the person.
            let mut m = e;
            while m < self.range.end
                && m < e + 3
                && self.is_word(m)
                && !self.is_cap(m)
                && !FUNCTION_WORDS.contains(&self.lower(m).as_str())
            {
                if lx.roles.get(self.lower(m).as_str()) == Some(&RoleClass::Role)
                    && m + 1 < self.range.end
                    && self.is_name_word(m + 1)
                {
                    let mut ne = m + 2;
                    while ne < self.range.end && (self.is_name_word(ne) || self.is_particle(ne)) {
                        ne += 1;
                    }
                    if let Some(mut np) = self.name_np(m + 1..ne)
                        && np.kind == SpeakerKind::Person
                    {
                        let role = self.toks[k].span.start..self.toks[m].span.end;
                        np.role = Some(self.prose[role].to_string());
                        return Some(np);
                    }
                    break;
                }
                m += 1;
            }
            // "Sanders protesters", "Clinton aides": the name modifies a role noun.
            if e < self.range.end
                && self.is_word(e)
                && !self.is_cap(e)
                && let Some(class) = lx.roles.get(self.lower(e).as_str())
                && *class == RoleClass::Role
                && self.lower(e).ends_with('s')
            {
                return Some(self.np(k..e + 1, SpeakerKind::Role, None));
            }
            return self.name_np(k..e);
        }
        if lw == "the" && k + 1 < self.range.end && self.is_name_word(k + 1) {
            let mut e = k + 2;
            while e < self.range.end && (self.is_name_word(e) || self.is_particle(e)) {
                e += 1;
            }
            return self.name_np(k + 1..e);
        }
        // "One of them", "Some of the residents": a part of a group.
        if matches!(
            lw.as_str(),
            "one" | "some" | "many" | "several" | "most" | "two" | "three" | "none"
        ) && k + 2 < self.range.end
            && self.lower(k + 1) == "of"
        {
            let mut e = k + 2;
            while e < self.range.end
                && e < k + 6
                && self.is_word(e)
                && !FUNCTION_WORDS.contains(&self.lower(e).as_str())
            {
                e += 1;
            }
            if e > k + 2 {
                return Some(self.np(k..e, SpeakerKind::Role, None));
            }
        }
        if DETERMINERS.contains(&lw.as_str()) || lw == "the" {
            for h in k + 1..(k + 6).min(self.range.end) {
                if !self.is_word(h) {
                    break;
                }
                if lx.roles.contains_key(self.lower(h).as_str()) {
                    let np = self.np_left(h)?;
                    // Only the head noun phrase: the next word must not continue it.
                    return Some(np);
                }
            }
            // "A familiar voice celebrated", "The audience gathered … followed": a short
            // lower-case phrase, then a listed cue (after an auxiliary or not).
            let adverb = |x: usize| {
                let w = self.lower_at(x);
                SKIP_LEFT.contains(&w.as_str()) || w.ends_with("ly") && w.len() > 4
            };
            let e = (k + 1..(k + 4).min(self.range.end))
                .find(|&x| {
                    !self.is_word(x)
                        || self.is_cap(x)
                        || adverb(x)
                        || FUNCTION_WORDS.contains(&self.lower(x).as_str())
                        || AUXILIARIES.contains(&self.lower(x).as_str())
                        || lx.cues.contains_key(self.lower(x).as_str())
                })
                .unwrap_or(self.range.end);
            // "The clerk first said": an adverb between the phrase and its verb.
            let mut v = e;
            while v < self.range.end && v < e + 2 && self.is_word(v) && adverb(v) {
                v += 1;
            }
            let cue_at = |x: usize| {
                x < self.range.end
                    && self.is_word(x)
                    && !self.is_cap(x)
                    && lx.cues.contains_key(self.lower(x).as_str())
            };
            if e > k + 1
                && (cue_at(v)
                    || v < self.range.end
                        && AUXILIARIES.contains(&self.lower_at(v).as_str())
                        // Not a passive ("his salespersons were told").
                        && !matches!(self.lower_at(v).as_str(), "is" | "was" | "were" | "are")
                        && cue_at(v + 1))
            {
                return Some(self.np(k..e, SpeakerKind::Role, None));
            }
        }
        None
    }
}
