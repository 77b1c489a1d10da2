//! Speaker noun phrases left and right of a cue, and the choice between them.

use super::*;

impl Sent<'_> {
    /// Index of the token before `k` after skipping adverbs, auxiliaries and time words.
    pub(super) fn skip_left(&self, mut k: usize) -> Option<usize> {
        loop {
            if k <= self.range.start {
                return None;
            }
            k -= 1;
            if !self.is_word(k) {
                return Some(k);
            }
            let lw = self.lower(k);
            if SKIP_LEFT.contains(&lw.as_str())
                || time_word(&lw)
                || lw.ends_with("ly") && lw.len() > 4 && !self.is_cap(k)
            {
                continue;
            }
            if lw == "on" && k + 1 < self.range.end && time_word(&self.lower(k + 1)) {
                continue;
            }
            return Some(k);
        }
    }

    /// The speaker left of a cue: `Ortiz said`, `the mayor, Lena Ortiz, said`, `she said`.
    pub fn speaker_left(&self, cue_start: usize) -> Option<Np> {
        let j = self.skip_left(cue_start)?;
        // "so subdued that Mr. Trump was prompted to say", "Ortiz was quick to add": the
        // person before the words that govern the infinitive.
        if self.is_word(j) && self.lower(j) == "to" {
            let mut m = j;
            while m > self.range.start
                && m + 4 > j
                && self.is_word(m - 1)
                && !self.is_cap(m - 1)
                && !matches!(
                    self.lower(m - 1).as_str(),
                    "and" | "or" | "but" | "that" | "which" | "who" | "to" | "of" | "in" | "for"
                )
            {
                m -= 1;
            }
            if m < j
                && let Some(np) = self.np_left(m.wrapping_sub(1))
                && matches!(np.kind, SpeakerKind::Person | SpeakerKind::Pronoun)
            {
                return Some(np);
            }
        }
        // "Washington, star of television’s “Scandal,” thanked": a short quotation inside
        // the appositive, its comma within the marks, ends the appositive.
        let quoted_comma = self.embedded_quote(j)
            && self.prose[self.toks[j].span.clone()]
                .trim_end_matches(['”', '"', '’', '\''])
                .ends_with(',');
        if self.toks[j].is_punct(',') || quoted_comma {
            // Appositive or relative clause: NAME, the mayor, said / NAME, who …, said.
            // The speaker is the noun phrase that opens the clause.
            // "Gov. John Kasich (R-OH), said": the name before the parenthesis.
            if j > self.range.start + 1
                && self.toks[j].is_punct(',')
                && self.toks[j - 1].is_punct(')')
                && let Some(open) = (j.saturating_sub(9).max(self.range.start)..j - 1)
                    .rev()
                    .find(|&m| self.toks[m].is_punct('('))
                && let Some(np) = self.np_left(open.wrapping_sub(1))
                && np.kind == SpeakerKind::Person
            {
                return Some(np);
            }
            // The phrase starts after a quotation, a colon or a parenthesis still open at
            // the cue ("(Lemkin, who coined the word, once said, “…”)").
            let mut start = self.range.start;
            let mut depth = 0usize;
            for m in (self.range.start..j).rev() {
                if self.toks[m].is_punct(')') {
                    depth += 1;
                } else if self.toks[m].is_punct('(') && depth > 0 {
                    depth -= 1;
                } else if (self.toks[m].quote().is_some() && !self.embedded_quote(m))
                    || self.toks[m].is_punct(':')
                    || self.toks[m].is_punct('(')
                {
                    start = m + 1;
                    break;
                }
            }
            while start < j && !self.is_word(start) {
                start += 1;
            }
            // "a woman in Worcester, Massachusetts, told him": the commas set off a
            // place's state, not an appositive; the speaker is the phrase before the town.
            if let Some(pc) = (start..j).rev().find(|&m| self.toks[m].is_punct(','))
                && pc > start
                && pc + 1 < j
                && (pc + 1..j).all(|x| self.is_name_word(x))
                && self.is_place(pc + 1..j)
                && let Some(np) = self
                    .np_left(pc - 1)
                    .and_then(|np| self.head_of_modifier(np))
                && !(start..np.toks.start).any(|m| self.toks[m].is_punct(','))
            {
                return Some(np);
            }
            // "Joe Scarborough who, after trading insults with Mr. Hannity, said": the
            // relative pronoun before the parenthetical phrase is the subject.
            if let Some(open) = (start..j)
                .rev()
                .take(16)
                .find(|&m| self.toks[m].is_punct(','))
                && open > start
                && matches!(
                    self.lower_at(open - 1).as_str(),
                    "who" | "which" | "he" | "she" | "they" | "we" | "i"
                )
            {
                // "and he, once again, pledged": a subject pronoun before the phrase too.
                return self.np_left(open - 1);
            }
            // "its president, Esteban Ruano, said": a role, then the name between commas.
            if let Some(mut name) = self.np_left(j.wrapping_sub(1)) {
                let before = name.toks.start.wrapping_sub(1);
                if name.kind == SpeakerKind::Person
                    && before > start
                    && before < self.range.end
                    && self.toks[before].is_punct(',')
                    && let Some(role) = self.np_left(before - 1)
                    && role.kind == SpeakerKind::Role
                {
                    name.role = Some(self.prose[role.span.clone()].to_string());
                    return Some(name);
                }
            }
            // "As Amar, a professor at Yale, put it, “…”": the phrase after "as" opens
            // the clause.
            if start + 1 < j && self.lower_at(start) == "as" && self.is_name_word(start + 1) {
                start += 1;
            }
            if j - start <= 45
                && let Some(mut head) = self.subject_from(start)
            {
                // "the city's transit director, Lena Ortiz, said": the name.
                if head.kind == SpeakerKind::Role
                    && head.toks.end < j
                    && self.toks[head.toks.end].is_punct(',')
                    && let Some(mut name) = self.np_left(j.wrapping_sub(1))
                    && name.kind == SpeakerKind::Person
                    && name.toks.start == head.toks.end + 1
                {
                    name.role = Some(self.prose[head.span.clone()].to_string());
                    return Some(name);
                }
                if head.toks.end <= j {
                    if head.role.is_none() && head.kind == SpeakerKind::Person {
                        let app_start = head.toks.end + 1;
                        if app_start < j {
                            let span = self.toks[app_start].span.start..self.toks[j - 1].span.end;
                            head.role = Some(self.prose[span].to_string());
                        }
                    }
                    return Some(head);
                }
            }
            // "the bishop, Allan Casicas, said": the name right before the comma.
            return self
                .np_left(j.wrapping_sub(1))
                .filter(|np| np.kind == SpeakerKind::Person && np.toks.start > start);
        }
        if self.toks[j].is_punct(')') {
            // "Gov. John Kasich (R-OH) said": skip the parenthesis.
            let mut m = j;
            while m > self.range.start && !self.toks[m].is_punct('(') {
                m -= 1;
            }
            if m > self.range.start && j - m <= 8 {
                return self.np_left(m.wrapping_sub(1));
            }
        }
        let np = self.np_left(j)?;
        // A participle's subject is the phrase right before it ("footage of Clinton
        // asking, “…”").
        if self.lower(cue_start).ends_with("ing") {
            return Some(np);
        }
        self.head_of_modifier(np)
    }

    /// A short title in the middle of a phrase ("the co-author of “Going Viral,”"): a
    /// word right before it, a capital first, at most four words inside.
    fn embedded_quote(&self, m: usize) -> bool {
        let text = &self.prose[self.toks[m].span.clone()];
        self.toks[m].quote().is_some()
            && m > self.range.start
            && self.is_word(m - 1)
            && text
                .trim_start_matches(['“', '"', '‘', '\''])
                .starts_with(char::is_uppercase)
            && text.split_whitespace().count() <= 4
    }

    /// "Residents at the meeting said", "a spokesperson for Mayor Ortiz said", "Protesters
    /// marching through the streets chanted": the noun phrase before a cue may be the
    /// object of a preposition; the speaker is the phrase it modifies.
    ///
    /// None when the phrase is a preposition's object right after a conjunction ("…, but
    /// in a later interview said"): the coordinated cue's subject is the clause's, found
    /// by the caller's fallbacks.
    fn head_of_modifier(&self, np: Np) -> Option<Np> {
        let mut np = np;
        for _ in 0..2 {
            let p = np.toks.start.wrapping_sub(1);
            if p < self.range.start + 1 || p >= self.range.end || !self.is_word(p) {
                break;
            }
            // "A source speaking to Fox News said": "to" after a participle too.
            let to_after_participle = self.lower(p) == "to"
                && p > self.range.start + 1
                && self.is_word(p - 1)
                && self.lower(p - 1).ends_with("ing");
            if !PREPOSITIONS.contains(&self.lower(p).as_str()) && !to_after_participle {
                break;
            }
            let mut h = p - 1;
            // "marching through the streets": skip the participle.
            if self.is_word(h) && h > self.range.start && self.lower(h).ends_with("ing") {
                h -= 1;
            }
            match self.np_left(h) {
                Some(head) if head.kind != SpeakerKind::Pronoun => np = head,
                // "Beck, who has in the past described": the phrase is the object of a
                // preposition between an auxiliary and the cue; the subject is before the
                // auxiliary.
                None if self.is_word(h)
                    && SKIP_LEFT.contains(&self.lower(h).as_str())
                    && let Some(k) = self.skip_left(p)
                    && let Some(subject) = self.np_left(k) =>
                {
                    return Some(subject);
                }
                None if self.is_word(h) && matches!(self.lower(h).as_str(), "and" | "but") => {
                    return None;
                }
                _ => break,
            }
        }
        Some(np)
    }

    /// A noun phrase whose last token is `j`.
    pub fn np_left(&self, j: usize) -> Option<Np> {
        // `j` may be `start - 1` wrapped around by a caller; out of range means none.
        if j < self.range.start || j >= self.range.end || !self.is_word(j) {
            return None;
        }
        let lw = self.lower(j);
        if PRONOUNS.contains(&lw.as_str()) || pronoun_contraction(&lw).is_some() {
            return Some(self.np(j..j + 1, SpeakerKind::Pronoun, None));
        }
        // "Another said", "Some chanted": a bare quantifier opening its clause.
        if BARE_GROUP.contains(&lw.as_str())
            && (j == self.range.start
                || !self.is_word(j - 1) && self.toks[j - 1].quote().is_none()
                || matches!(
                    self.lower(j - 1).as_str(),
                    "and" | "but" | "then" | "so" | "yet"
                ))
        {
            return Some(self.np(j..j + 1, SpeakerKind::Role, None));
        }
        if self.is_name_word(j) {
            let mut k = j;
            while k > self.range.start && (self.is_name_word(k - 1) || self.is_particle(k - 1)) {
                k -= 1;
            }
            while self.is_particle(k) && k < j {
                k += 1;
            }
            return self.name_np(k..j + 1);
        }
        // A role phrase: "a city hall spokesperson", "the company", "officials".
        let lx = lexicon();
        let class = match lx.roles.get(lw.as_str()) {
            Some(c) => *c,
            None => {
                // Any noun after a determiner: "a young boy", "the unsigned opinion".
                if FUNCTION_WORDS.contains(&lw.as_str()) {
                    return None;
                }
                let after_determiner = (1..=3).any(|d| {
                    j >= self.range.start + d
                        && (1..d).all(|x| self.is_word(j - x) && !self.is_cap(j - x))
                        && self.is_word(j - d)
                        && matches!(
                            self.lower(j - d).as_str(),
                            "a" | "an" | "the" | "one" | "another"
                        )
                });
                if !after_determiner {
                    return self.of_phrase(j);
                }
                RoleClass::Role
            }
        };
        let mut k = j;
        let mut steps = 0;
        while k > self.range.start && steps < 6 {
            let p = k - 1;
            if !self.is_word(p) {
                break;
            }
            let pw = self.lower(p);
            if DETERMINERS.contains(&pw.as_str())
                || self.word(p).ends_with("’s")
                || self.word(p).ends_with("'s")
            {
                k = p;
                // "Trump's campaign" / "the mayor's spokesperson": take the possessor too.
                if !DETERMINERS.contains(&pw.as_str()) {
                    while k > self.range.start && self.is_name_word(k - 1) {
                        k -= 1;
                    }
                    if k > self.range.start && DETERMINERS.contains(&self.lower(k - 1).as_str()) {
                        k -= 1;
                    }
                }
                break;
            }
            // "what analysts described": the relative word is not part of the phrase.
            if lx.cues.contains_key(pw.as_str())
                || matches!(
                    pw.as_str(),
                    "and"
                        | "that"
                        | "but"
                        | "what"
                        | "which"
                        | "who"
                        | "while"
                        | "whereas"
                        | "although"
                        | "though"
                        | "because"
                        | "when"
                        | "if"
                )
            {
                break;
            }
            k = p;
            steps += 1;
        }
        let kind = speaker_kind(class);
        Some(self.np(k..j + 1, kind, None))
    }

    /// "the 34-year-old mother of three", "a member of the board": a person noun, then
    /// "of" and one or two lower-case words ending at `j`.
    fn of_phrase(&self, j: usize) -> Option<Np> {
        let of = (1..=2).map(|d| j.checked_sub(d)).find_map(|m| {
            let m = m.filter(|&m| m > self.range.start && self.is_word(m))?;
            (self.lower(m) == "of").then_some(m)
        })?;
        if (of + 1..=j).any(|k| {
            !self.is_word(k)
                || self.is_cap(k)
                || lexicon().cues.contains_key(self.lower(k).as_str())
                || matches!(self.lower(k).as_str(), "that" | "and" | "who" | "which")
        }) {
            return None;
        }
        // The head is a person noun from the roles list ("the most obvious change of all"
        // is not a speaker).
        if lexicon().roles.get(self.lower(of - 1).as_str()) != Some(&RoleClass::Role) {
            return None;
        }
        let head = self.np_left(of - 1)?;
        if head.kind != SpeakerKind::Role || head.toks.end != of {
            return None;
        }
        let mut np = self.np(head.toks.start..j + 1, SpeakerKind::Role, None);
        np.role = head.role;
        Some(np)
    }

    /// Classify a capitalised chain: strip a leading title, tell people from organisations.
    pub(super) fn name_np(&self, chain: Range<usize>) -> Option<Np> {
        let lx = lexicon();
        let words: Vec<&str> = chain.clone().map(|k| self.word(k)).collect();
        for p in 1..words.len() {
            // Only titles whose first word is `words[p]` can match here.
            if !lx.title_first.contains(words[p]) {
                continue;
            }
            for t in &lx.titles {
                let rest = &words[p..];
                if t.len() < rest.len()
                    && rest.iter().zip(t).all(|(a, b)| a == b)
                    && !rest[t.len()..]
                        .iter()
                        .any(|w| lx.org_words.contains_key(*w))
                {
                    let person = chain.start + p + t.len()..chain.end;
                    let mut np = self.name_np(person)?;
                    let role_span = self.toks[chain.start].span.start
                        ..self.toks[chain.start + p + t.len() - 1].span.end;
                    np.role = Some(self.prose[role_span].to_string());
                    return Some(np);
                }
            }
        }
        // "(the ambassador to) Germany Richard Grenell", "Vermont Bernie Sanders", "Actor
        // Denzel Washington": a listed place or party, or a capitalised role noun, before
        // a name of two or more words is not part of the name.
        if words.len() >= 3 {
            let name_like = |w: &&str| {
                !lx.org_words.contains_key(*w)
                    && !lx.places.contains(*w)
                    && !lx.title_first.contains(*w)
                    && !w.ends_with("’s")
                    && !w.ends_with("'s")
            };
            for p in (1..=words.len() - 2).rev() {
                let prefix_is_place = lx.places.contains(&words[..p].join(" "));
                let prefix_is_role =
                    p == 1 && lx.roles.get(Lower::of(words[0]).as_str()) == Some(&RoleClass::Role);
                if (prefix_is_place || prefix_is_role) && words[p..].iter().all(name_like) {
                    let mut np = self.name_np(chain.start + p..chain.end)?;
                    if prefix_is_role && np.role.is_none() {
                        np.role = Some(words[0].to_string());
                    }
                    return Some(np);
                }
            }
        }
        // Organisation or publication words anywhere in the chain.
        let mut kind = None;
        // "Corvell’s CrispPro": something that belongs to someone is not a person.
        if words[..words.len().saturating_sub(1)]
            .iter()
            .any(|w| w.ends_with("’s") || w.ends_with("'s"))
        {
            kind = Some(SpeakerKind::Organization);
        }
        for w in &words {
            if let Some(c) = lx.org_words.get(*w) {
                kind = Some(match c {
                    RoleClass::Publication => SpeakerKind::Publication,
                    RoleClass::Document => SpeakerKind::Document,
                    _ => SpeakerKind::Organization,
                });
            }
        }
        let mut start = chain.start;
        let mut role = None;
        if kind.is_none() && words.first().is_some_and(|w| lx.title_first.contains(*w)) {
            for t in &lx.titles {
                if t.len() < words.len() && words.iter().zip(t).all(|(a, b)| a == b) {
                    start = chain.start + t.len();
                    role = Some(t.join(" "));
                    break;
                }
            }
        }
        if kind.is_none()
            && words.len() == 1
            && let Some(&class) = lx.roles.get(Lower::of(words[0]).as_str())
        {
            // "Officials said" at the start of a sentence.
            kind = Some(speaker_kind(class));
        }
        // A place or nationality ("New York", "Republicans") speaks as a collective.
        if kind.is_none() {
            let rest = &words[start - chain.start..];
            let listed = match rest {
                [one] => lx.places.contains(*one),
                _ => lx.places.contains(&rest.join(" ")),
            };
            if listed || words.iter().all(|w| lx.places.contains(*w)) {
                kind = Some(SpeakerKind::Organization);
            }
        }
        // "the Justice Department", "The New York Times": include the article.
        let mut first = start;
        if kind.is_some() && first > self.range.start && self.lower(first - 1) == "the" {
            first -= 1;
        }
        let mut np = self.np(first..chain.end, kind.unwrap_or(SpeakerKind::Person), role);
        if np.kind == SpeakerKind::Person {
            let name_span = self.toks[start].span.start..self.toks[chain.end - 1].span.end;
            np.name = self.prose[name_span].to_string();
        }
        Some(np)
    }

    /// The speaker right of a cue: `said Ortiz`, `said the mayor, Lena Ortiz`,
    /// `according to the report`.
    pub fn speaker_right(&self, cue_end: usize) -> Option<Np> {
        let mut k = cue_end;
        while k < self.range.end && self.is_word(k) {
            let lw = self.lower(k);
            // "said 9/11 widow Terry Strada": a number modifying the phrase.
            let number = lw.starts_with(|c: char| c.is_ascii_digit())
                && k + 1 < self.range.end
                && (self.is_word(k + 1) || self.toks[k + 1].is_punct('/'))
                && !lw.ends_with('%');
            if number {
                k += 1;
                while k + 1 < self.range.end && self.toks[k].is_punct('/') {
                    k += 1;
                }
                continue;
            }
            if time_word(&lw)
                || lw == "on"
                || lw == "in" && self.lower_at(k + 1) == "a" && self.lower_at(k + 2) == "statement"
            {
                k += if lw == "in" { 3 } else { 1 };
                continue;
            }
            break;
        }
        if k >= self.range.end || !self.is_word(k) {
            return None;
        }
        let lw = self.lower(k);
        if PRONOUNS.contains(&lw.as_str()) {
            return Some(self.np(k..k + 1, SpeakerKind::Pronoun, None));
        }
        let lx = lexicon();
        let mut head = None;
        let mut e = k;
        while e < self.range.end && self.is_word(e) && e - k < 8 {
            let w = self.lower(e);
            let title = self.is_cap(e) && lx.title_first.contains(self.word(e));
            if (self.is_name_word(e) || title) && head.is_some_and(|h| h + 1 < e) {
                // "the notice posted by the U.S. …": the name modifies the phrase.
                break;
            }
            if self.is_name_word(e) || title {
                let mut ne = e + 1;
                while ne < self.range.end && (self.is_name_word(ne) || self.is_particle(ne)) {
                    ne += 1;
                }
                let mut np = self.name_np(e..ne)?;
                if e > k && np.kind == SpeakerKind::Person {
                    let prefix =
                        self.prose[self.toks[k].span.start..self.toks[e - 1].span.end].to_string();
                    if prefix != "the" {
                        np.role = Some(match np.role.take() {
                            Some(t) => format!("{prefix} {t}"),
                            None => prefix,
                        });
                    }
                }
                return Some(np);
            }
            // "said master of ceremonies Asab Al-Tabchi": "of" inside a role title.
            let of_in_title = w == "of" && head.is_none();
            if e > k
                && !of_in_title
                && matches!(
                    w.as_str(),
                    "for" | "of" | "at" | "with" | "who" | "that" | "in" | "on" | "and" | "to"
                )
            {
                break;
            }
            if lx.roles.contains_key(w.as_str()) {
                head = Some(e);
            }
            e += 1;
        }
        // "a witness list", "the league's official statistics": a noun after the role
        // word is the real head, so the phrase names a thing.
        if let Some(h) = head
            && h + 1 < self.range.end
            && self.is_word(h + 1)
            && !self.is_cap(h + 1)
            && !FUNCTION_WORDS.contains(&self.lower(h + 1).as_str())
            && !AUXILIARIES.contains(&self.lower(h + 1).as_str())
            && !self.lower(h + 1).ends_with("ed")
            && !lx.cues.contains_key(self.lower(h + 1).as_str())
            && !matches!(
                self.lower(h + 1).as_str(),
                "for" | "of" | "at" | "with" | "who" | "in" | "on" | "by" | "said"
            )
        {
            return Some(self.np(k..h + 2, SpeakerKind::Document, None));
        }
        let h = match head {
            Some(h) => h,
            None => {
                // "wrote one commenter", "said a woman in the crowd": any short noun
                // phrase after a determiner.
                let det = self.lower(k);
                if !matches!(det.as_str(), "a" | "an" | "the" | "one" | "another") {
                    return None;
                }
                let mut e = k + 1;
                while e < self.range.end
                    && e < k + 4
                    && self.is_word(e)
                    && !FUNCTION_WORDS.contains(&self.lower(e).as_str())
                    && !AUXILIARIES.contains(&self.lower(e).as_str())
                {
                    e += 1;
                }
                if e == k + 1 {
                    // "“…,” read one.", "tweeted another": the quantifier alone.
                    let alone = e >= self.range.end || !self.is_word(e);
                    return (alone && matches!(det.as_str(), "one" | "another"))
                        .then(|| self.np(k..e, SpeakerKind::Role, None));
                }
                return Some(self.np(k..e, SpeakerKind::Role, None));
            }
        };
        let class = lx.roles[self.lower(h).as_str()];
        let kind = speaker_kind(class);
        Some(self.np(k..h + 1, kind, None))
    }

    /// Speaker for a cue, given where the quotation is (token index of the quote, if in
    /// this sentence).
    /// The possessor before a speech noun at `noun`: `his`/`her`/`their`/`its`/`my`/`our`,
    /// or a name or role ending in `’s` (`Donald Trump’s claim`, `the mayor’s remark`),
    /// with up to two modifiers between (`her March comment`, `Obama’s patronizing
    /// suggestion`).
    pub fn possessor(&self, noun: usize) -> Option<Np> {
        for gap in 0..=2 {
            let p = noun.checked_sub(1 + gap)?;
            if p < self.range.start || !self.is_word(p) {
                return None;
            }
            let lw = self.lower(p);
            if matches!(lw.as_str(), "his" | "her" | "their" | "its" | "my" | "our") {
                return Some(self.np(p..p + 1, SpeakerKind::Pronoun, None));
            }
            let w = self.word(p);
            if let Some(stem) = w.strip_suffix("’s").or_else(|| w.strip_suffix("'s")) {
                let suffix = w.len() - stem.len();
                let mut np = self.np_left(p)?;
                if np.toks.end != p + 1 || np.kind == SpeakerKind::Pronoun {
                    return None;
                }
                np.span.end -= suffix;
                if let Some(n) = np
                    .name
                    .strip_suffix("’s")
                    .or_else(|| np.name.strip_suffix("'s"))
                {
                    np.name = n.to_string();
                }
                return Some(np);
            }
            // Modifiers only: not a determiner, preposition, cue or another noun's end.
            if DETERMINERS.contains(&lw.as_str())
                || FUNCTION_WORDS.contains(&lw.as_str())
                || lexicon().cues.contains_key(lw.as_str())
            {
                return None;
            }
        }
        None
    }

    pub fn speaker_for(&self, cue: &CueHit, quote_tok: Option<usize>) -> Option<Np> {
        if std::ptr::eq(cue.form, &lexicon().speech_noun) {
            return self.possessor(cue.toks.start);
        }
        if cue.is_according_to() {
            return self.speaker_right(cue.toks.end);
        }
        // Inverted order right after a quotation: “…,” said Ortiz.
        let inverted = match quote_tok {
            Some(q) => {
                q < cue.toks.start
                    && (q + 1..cue.toks.start)
                        .all(|k| !self.is_word(k) && self.toks[k].quote().is_none())
            }
            None => cue.toks.start == self.range.start,
        } || cue.toks.start == self.range.start;
        if cue.form.lemma == "—" {
            return self.speaker_right(cue.toks.end);
        }
        if cue.form.lemma == ":" {
            // The lead-in's own subject: "Ortiz put it simply: “…”". A dash ends a
            // headline before it ("Pollsters agree - Carl Bialik: “…”").
            let mut start = self.range.start;
            for m in (self.range.start..cue.toks.start).rev() {
                if self.toks[m].quote().is_some()
                    || matches!(self.toks[m].kind, TokKind::Punct('—' | '–' | '-'))
                        && m + 1 < cue.toks.start
                        && self.is_name_word(m + 1)
                {
                    start = m + 1;
                    break;
                }
            }
            // "More from Jones: “…”": a roundup's follow-up names its source after "from".
            while start < cue.toks.start && !self.is_word(start) {
                start += 1;
            }
            if start + 2 < cue.toks.start
                && self.word(start) == "More"
                && self.lower_at(start + 1) == "from"
            {
                start += 2;
            }
            // "The crowd cheers, and then Wallnau continues: “…”": the subject of a verb
            // right before the colon.
            let v = cue.toks.start.wrapping_sub(1);
            if v > start
                && v < self.range.end
                && self.is_word(v)
                && !self.is_cap(v)
                && self.lower(v).len() > 4
                && tensed_verb_shape(self.lower(v).as_str())
                && let Some(np) = self.speaker_left(v)
                && matches!(np.kind, SpeakerKind::Person | SpeakerKind::Pronoun)
                && np.toks.start > start
                // Not inside a relative clause ("this sound bite for which she later
                // apologized: “…”").
                && !matches!(
                    self.lower_at(np.toks.start - 1).as_str(),
                    "which" | "whom" | "who" | "that"
                )
            {
                return Some(np);
            }
            // The lead-in's subject ("She then addressed the supporters again: “…”"),
            // which is the whole lead-in when that is a bare name ("HuffPollster: “…”").
            return self
                .subject_from(start)
                .filter(|np| np.toks.end <= cue.toks.start)
                .or_else(|| self.speaker_left(cue.toks.start));
        }
        let told = cue.form.lemma == "tell";
        // After a comma, or a quotation closed with one ("“New York values,” saying
        // …"), a participle's subject is the clause's, found by the caller.
        let participle = self.word(cue.toks.start).ends_with("ing")
            && cue.toks.start > self.range.start
            && (self.toks[cue.toks.start - 1].is_punct(',')
                || self.toks[cue.toks.start - 1].quote().is_some()
                    && self.prose[self.toks[cue.toks.start - 1].span.clone()]
                        .trim_end_matches(['”', '"', '’', '\''])
                        .ends_with(','));
        if participle {
            return None;
        }
        if inverted
            && !told
            && let Some(np) = self.speaker_right(cue.toks.end).filter(|np| {
                // "…,” said the candidate could win": a clause, not an inversion.
                !(np.toks.end < self.range.end
                    && self.is_word(np.toks.end)
                    && AUXILIARIES.contains(&self.lower(np.toks.end).as_str()))
                    // "Ortiz summed up the plan as “a mess,” denounced the budget and
                    // said …": the subject's verbs in a series, the phrase an object.
                    && !(np.toks.end + 1 < self.range.end
                        && matches!(self.lower_at(np.toks.end).as_str(), "and" | "but")
                        && self.is_word(np.toks.end + 1)
                        && !self.is_cap(np.toks.end + 1)
                        && (self.lower(np.toks.end + 1).ends_with("ed")
                            || lexicon()
                                .cues
                                .contains_key(self.lower(np.toks.end + 1).as_str())))
            })
        {
            return Some(np);
        }
        // "“This will be a challenge” for Clinton, said Kunin.": after the quotation and a
        // comma, a name right after the cue that ends the clause is the speaker (not the
        // name before the comma).
        if !told
            && quote_tok.is_some_and(|q| q < cue.toks.start)
            && cue.toks.start > self.range.start
            && self.toks[cue.toks.start - 1].is_punct(',')
            && let Some(np) = self.speaker_right(cue.toks.end).filter(|np| {
                np.kind == SpeakerKind::Person
                    && np.toks.start == cue.toks.end
                    && (np.toks.end >= self.range.end
                        || !self.is_word(np.toks.end) && self.toks[np.toks.end].quote().is_none())
            })
        {
            return Some(np);
        }
        self.speaker_left(cue.toks.start)
            .or_else(|| {
                // "“…” in the 2008 primary, said Paul Beck.": inverted after a phrase.
                let before = cue.toks.start.checked_sub(1)?;
                (before >= self.range.start && self.toks[before].is_punct(',') && !told)
                    .then(|| self.speaker_right(cue.toks.end))
                    .flatten()
            })
            .or_else(|| {
                // "When Mook was asked …, he laughed and said …": a coordinated cue
                // shares the subject of its clause, a pronoun right after a comma.
                let conj = self.skip_left(cue.toks.start)?;
                if !(self.is_word(conj) && matches!(self.lower(conj).as_str(), "and" | "but")) {
                    return None;
                }
                (self.range.start + 1..conj)
                    .rev()
                    .take_while(|&m| self.toks[m].quote().is_none())
                    .find(|&m| {
                        self.toks[m - 1].is_punct(',')
                            && self.is_word(m)
                            && matches!(self.lower(m).as_str(), "he" | "she" | "they" | "we" | "i")
                    })
                    .and_then(|m| self.np_left(m))
            })
            .or_else(|| {
                // "McConnell was quick to embrace him and said …": the clause's subject.
                let mut start = self.range.start;
                for m in (self.range.start..cue.toks.start).rev() {
                    if self.toks[m].quote().is_some() {
                        start = m + 1;
                        break;
                    }
                }
                self.subject_from(start)
                    .filter(|np| np.toks.end <= cue.toks.start)
            })
    }
}
