//! The public result of analysing a draft: quotations, speakers, cues and sources.
//! All spans are byte ranges into the source text, end exclusive.

use super::lexicon::CueClass;
use super::quotes::MarkStyle;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A full quotation (a sentence or more of someone's words).
    Quotation,
    /// A fragment of someone's words inside the writer's sentence.
    Partial,
    /// Marks around a word or term nobody is quoted as saying.
    Scare,
    /// The title of a work.
    Title,
    /// A nickname between first and last name.
    Nickname,
}

impl QuoteKind {
    /// Quotations and partial quotes are someone's words and need a speaker.
    pub fn is_speech(self) -> bool {
        matches!(self, QuoteKind::Quotation | QuoteKind::Partial)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    Person,
    Role,
    Organization,
    Publication,
    Document,
    Pronoun,
}

/// How a quotation got its speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Attribution {
    /// Cue and speaker in the quotation's own sentence.
    Sentence,
    /// `“….” Ortiz said.`: the cue is in the next sentence.
    NextSentence,
    /// A later quotation in a paragraph whose earlier quotation is attributed.
    Continuation,
    /// A quote-led paragraph after a paragraph whose last quotation is attributed.
    Floating,
    /// A lead-in ending in a colon before the quotation or block quote.
    LeadIn,
    /// Later paragraphs of a quotation that runs over several paragraphs.
    Running,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    pub span: Range<usize>,
    pub text: String,
    pub lemma: String,
    pub classes: Vec<CueClass>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Speaker {
    /// The resolved name ("Lena Ortiz"; for a pronoun, the person it refers to).
    pub name: String,
    /// The mention as written ("she", "Ortiz", "a city hall spokesperson").
    pub mention: String,
    pub span: Range<usize>,
    pub kind: SpeakerKind,
    /// What the speaker is, when the draft says ("the mayor").
    pub role: Option<String>,
    pub how: Attribution,
    /// Index into `Analysis::sources`.
    pub source: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// From the opening mark to the closing mark (or the end of the last block).
    pub span: Range<usize>,
    /// One piece per paragraph for quotations that run over several.
    pub pieces: Vec<Range<usize>>,
    /// The quoted words without the outer marks.
    pub text: String,
    pub style: MarkStyle,
    pub straight: bool,
    pub closed: bool,
    pub kind: QuoteKind,
    /// Block index of the first piece.
    pub block: usize,
    /// Byte span of the sentence that holds the first piece.
    pub sentence: Range<usize>,
    pub cue: Option<Cue>,
    pub speaker: Option<Speaker>,
    /// Nested quotations (single inside double) inside this one.
    pub nested: Vec<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Person,
    Role,
    Organization,
    Publication,
    Document,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResponseKind {
    Responded,
    Denied,
    Declined,
    NoResponse,
    Pending,
    Unreachable,
    Refused,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub kind: ResponseKind,
    pub span: Range<usize>,
    pub phrase: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Anonymity {
    /// The descriptor's class from the anonymity list (vague, anon, unnamed-official…).
    pub class: String,
    /// The reason given for anonymity, if any.
    pub reason: Option<Range<usize>>,
    /// The reason is rote ("not authorized to speak publicly").
    pub boilerplate_reason: bool,
}

/// A ledger entry: one person, organisation or other source.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub name: String,
    pub kind: SourceKind,
    /// Other names the draft uses (surname, title + surname).
    pub aliases: Vec<String>,
    pub role: Option<String>,
    /// The first reference that uses the full name (or the first mention otherwise).
    pub first_reference: Range<usize>,
    pub mentions: Vec<Range<usize>>,
    /// Indices into `Analysis::quotes`.
    pub quotes: Vec<usize>,
    pub anonymous: Option<Anonymity>,
    pub response: Option<Response>,
}
