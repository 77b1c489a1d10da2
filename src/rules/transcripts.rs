//! Quotations checked against interview transcripts: `quote-not-in-transcript`,
//! `quote-altered`, `quote-speaker-mismatch`.
//!
//! The engine finds each quotation's passage ([`crate::engine::transcript`]); this file
//! decides which transcripts belong to a draft and turns the verifications into
//! findings. A transcript is *for the draft* when the draft's front matter names it
//! (`copydesk: {transcripts: [...]}`, globs matched against its path relative to the root
//! or its file name) or when it sits in the draft's folder or below; without front matter
//! naming any, a draft at the root owns every transcript. It is *for a speaker* when one
//! of its speaker labels names the quote's speaker (full name or surname). A quotation
//! is reported as not found only when some transcript is for the draft or for its
//! speaker.

use super::ctx::Ctx;
use super::{Applicability, Edit, Finding, edit};
use crate::config::{Config, glob_match};
use crate::engine::Analysis;
use crate::engine::transcript::{Status, Transcript, TranscriptIndex, Verification, verify_quotes};

/// The transcripts a draft is checked against.
#[derive(Debug, Clone, Copy)]
pub struct TranscriptInput<'a> {
    pub index: &'a TranscriptIndex,
    /// The draft's folder relative to the root (`/`-separated, `""` at the root);
    /// `None` when the draft has no place on disk (standard input, an unsaved buffer).
    pub draft_dir: Option<&'a str>,
}

/// Whether a transcript belongs to the draft.
pub fn for_draft(t: &Transcript, draft_dir: Option<&str>, named: Option<&[String]>) -> bool {
    if let Some(named) = named {
        let file = t.id.rsplit('/').next().unwrap_or(&t.id);
        if named.iter().any(|g| {
            let g = g.trim_start_matches("./");
            glob_match(g, &t.id) || glob_match(g, file)
        }) {
            return true;
        }
    }
    match draft_dir {
        Some("") => true,
        Some(d) => t.id.starts_with(d) && t.id[d.len()..].starts_with('/'),
        None => false,
    }
}

/// Every quotation's verification (`config` with the draft's front matter applied).
pub fn verify(a: &Analysis, config: &Config, input: &TranscriptInput) -> Vec<Option<Verification>> {
    let named = config.draft_transcripts.as_deref();
    verify_quotes(a, input.index, &|t| for_draft(t, input.draft_dir, named))
}

/// The verifications for a draft, with its front matter applied to `config`.
pub fn verify_draft(
    a: &Analysis,
    config: &Config,
    input: &TranscriptInput,
) -> Vec<Option<Verification>> {
    match config.with_front_matter(a) {
        Ok(Some(c)) => verify(a, &c, input),
        _ => verify(a, config, input),
    }
}

fn quoted(s: &str) -> String {
    let s: String = if s.chars().count() > 60 {
        s.chars().take(59).collect::<String>() + "…"
    } else {
        s.to_string()
    };
    format!("\"{s}\"")
}

pub(super) fn run(cx: &Ctx, out: &mut Vec<Finding>) {
    for (qi, v) in cx.verifications.iter().enumerate() {
        let Some(v) = v else { continue };
        let q = &cx.a.quotes[qi];
        let span = q.span.clone();
        match (&v.passage, v.status) {
            (None, _) | (_, Status::NotFound) => {
                if cx.on("quote-not-in-transcript") {
                    out.push(cx.finding(
                        "quote-not-in-transcript",
                        span.clone(),
                        "no transcript has this quotation or a close passage".to_string(),
                    ));
                }
            }
            (Some(p), status) => {
                let place = format!("{}:{}", p.transcript_id, p.line);
                if status == Status::Altered && cx.on("quote-altered") {
                    let diffs: Vec<String> = p
                        .hunks
                        .iter()
                        .take(3)
                        .map(|h| {
                            format!(
                                "transcript: {}, draft: {}",
                                quoted(&h.transcript_text),
                                quoted(&h.draft_text)
                            )
                        })
                        .collect();
                    let more = if p.hunks.len() > 3 {
                        format!(" (and {} more)", p.hunks.len() - 3)
                    } else {
                        String::new()
                    };
                    let edits: Vec<Edit> = p.hunks.iter().map(|h| hunk_edit(cx.src, h)).collect();
                    let mut f = cx.finding(
                        "quote-altered",
                        span.clone(),
                        format!(
                            "quotation differs from the transcript ({place}): {}{more}",
                            diffs.join("; ")
                        ),
                    );
                    if !edits.is_empty() {
                        f = f.with_fix(
                            "Use the transcript's wording",
                            Applicability::Unsafe,
                            edits,
                        );
                    }
                    out.push(f);
                }
                if p.speaker_mismatch && cx.on("quote-speaker-mismatch") {
                    let said_by = p.speaker.clone().unwrap_or_default();
                    let attributed =
                        crate::engine::transcript::quote_speaker(cx.a, qi).unwrap_or_default();
                    let mut f = cx.finding(
                        "quote-speaker-mismatch",
                        span.clone(),
                        format!(
                            "the transcript ({place}) has these words from {said_by}, not {attributed}"
                        ),
                    );
                    if let Some(s) = &q.speaker {
                        f = f.with_related(
                            s.span.clone(),
                            format!("attributed to {attributed} here"),
                        );
                    }
                    out.push(f);
                }
            }
        }
    }
}

/// The edit that puts the transcript's words in place of one hunk of the draft.
fn hunk_edit(src: &str, h: &crate::engine::transcript::Hunk) -> Edit {
    let d = h.draft.clone();
    if d.is_empty() {
        // Words the draft left out: insert them with a space on the side of the text.
        let before = src[..d.start].chars().next_back();
        if before.is_some_and(char::is_alphanumeric) {
            return edit(d, format!(" {}", h.replacement));
        }
        return edit(d, format!("{} ", h.replacement));
    }
    if h.replacement.is_empty() {
        // Words the draft added: remove them with the space before.
        let start = src[..d.start].trim_end_matches([' ', '\t']).len();
        let start = if src[start..d.start].is_empty() {
            d.start
        } else {
            start
        };
        return edit(start..d.end, "");
    }
    edit(d, h.replacement.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Format;

    /// The draft after the quote-altered fix.
    fn fixed(draft: &str) -> String {
        let ix = TranscriptIndex::build(vec![(
            "transcripts/t.txt".into(),
            "ORTIZ: We will not close the branch, and our members have worked hard for it.\n"
                .into(),
        )]);
        let input = TranscriptInput {
            index: &ix,
            draft_dir: Some(""),
        };
        let f = crate::rules::check_with(draft, Format::Markdown, &Config::default(), Some(&input));
        let f: Vec<_> = f
            .into_iter()
            .filter(|f| f.rule == "quote-altered")
            .collect();
        assert_eq!(f.len(), 1, "{f:?}");
        let mut edits = f[0].fixes[0].edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut out = draft.to_string();
        for e in edits {
            out.replace_range(e.span, &e.replacement);
        }
        out
    }

    #[test]
    fn the_fix_restores_the_transcript_wording() {
        assert_eq!(
            fixed("“We won’t close the branch,” Ortiz said."),
            "“We will not close the branch,” Ortiz said."
        );
        assert_eq!(
            fixed("“Our members worked hard for it,” Ortiz said."),
            "“Our members have worked hard for it,” Ortiz said."
        );
        assert_eq!(
            fixed("“Our members have really worked hard for it,” Ortiz said."),
            "“Our members have worked hard for it,” Ortiz said."
        );
        assert_eq!(
            fixed("“Members have worked so hard for it,” Ortiz said."),
            "“Members have worked hard for it,” Ortiz said."
        );
    }

    #[test]
    fn which_transcripts_are_the_drafts() {
        let ix = TranscriptIndex::build(vec![("stories/a/notes/t.txt".into(), "X: y\n".into())]);
        let t = &ix.transcripts[0];
        assert!(for_draft(t, Some(""), None));
        assert!(for_draft(t, Some("stories/a"), None));
        assert!(!for_draft(t, Some("stories/ab"), None));
        assert!(!for_draft(t, Some("other"), None));
        assert!(!for_draft(t, None, None));
        assert!(for_draft(t, None, Some(&["t.txt".to_string()])));
        assert!(for_draft(t, None, Some(&["stories/**".to_string()])));
    }
}
