//! Transcript files → speaker turns: plain text and Markdown (`ORTIZ:`, `Lena Ortiz:`,
//! `Q:`/`A:`, `**Ortiz:**`, an optional leading `[00:01:02]` timestamp), WebVTT (cue
//! timings, `<v Speaker>` voices, tags skipped) and SRT (cue timings, `NAME:` labels).
//!
//! The output is a list of segments: byte ranges of spoken text (no labels, tags or
//! timings inside) with the speaker, the 1-based line and the cue's timestamp. Header
//! lines (`Interviewee: Lena Ortiz`, `Date: …`) are metadata, not speech; they name who
//! `A:` and `Q:` are. Parsing never fails.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TranscriptFormat {
    Text,
    Markdown,
    WebVtt,
    Srt,
}

impl TranscriptFormat {
    /// The format of a file by its extension (`.txt`, `.md`/`.markdown`, `.vtt`, `.srt`).
    pub fn from_path(path: &str) -> Option<TranscriptFormat> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" => TranscriptFormat::Text,
            "md" | "markdown" => TranscriptFormat::Markdown,
            "vtt" => TranscriptFormat::WebVtt,
            "srt" => TranscriptFormat::Srt,
            _ => return None,
        })
    }
}

/// A run of spoken text.
#[derive(Debug, Clone)]
pub struct Segment {
    /// Byte range into the transcript text.
    pub span: Range<usize>,
    /// Index into [`Parsed::speakers`].
    pub speaker: Option<u32>,
    /// 1-based line of the segment's start.
    pub line: u32,
    /// Byte range of the timestamp that applies (the cue's start time, or a leading
    /// `[hh:mm:ss]`).
    pub time: Option<Range<usize>>,
}

#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Speaker labels as written (`ORTIZ`, `Lena Ortiz`, `Q`, `A`), deduplicated.
    pub speakers: Vec<String>,
    pub segments: Vec<Segment>,
    /// Who `Q:` is (an `Interviewer:`/`Reporter:` header line).
    pub interviewer: Option<String>,
    /// Who `A:` is (an `Interviewee:`/`Subject:`/`Source:` header line).
    pub interviewee: Option<String>,
    /// Per speaker: how many lines carry the label.
    pub label_lines: Vec<u32>,
}

impl Parsed {
    fn speaker_id(&mut self, label: &str) -> u32 {
        let i = match self.speakers.iter().position(|s| s == label) {
            Some(i) => i,
            None => {
                self.speakers.push(label.to_string());
                self.label_lines.push(0);
                self.speakers.len() - 1
            }
        };
        self.label_lines[i] += 1;
        i as u32
    }
}

/// Parse a transcript.
pub fn parse(text: &str, format: TranscriptFormat) -> Parsed {
    match format {
        TranscriptFormat::Text | TranscriptFormat::Markdown => {
            parse_lines(text, format == TranscriptFormat::Markdown)
        }
        TranscriptFormat::WebVtt | TranscriptFormat::Srt => parse_cues(text),
    }
}

/// Lines with their byte start and 1-based number, without the line break.
fn lines(text: &str) -> impl Iterator<Item = (usize, u32, &str)> {
    let mut start = 0;
    let mut n = 0u32;
    text.split_inclusive('\n').map(move |l| {
        let s = start;
        start += l.len();
        n += 1;
        let l = l.strip_suffix('\n').unwrap_or(l);
        let l = l.strip_suffix('\r').unwrap_or(l);
        (s, n, l)
    })
}

const HEADER_KEYS: &[&str] = &[
    "date",
    "time",
    "location",
    "place",
    "recorded",
    "duration",
    "file",
    "title",
    "topic",
    "note",
    "notes",
    "interview",
    "reporter",
    "interviewer",
    "interviewee",
    "subject",
    "source",
    "speakers",
];

/// The length of a timestamp at the start of `s` (`00:01:02`, `1:02`, `00:01:02.500`,
/// `00:00:01,000`), 0 if none.
fn timestamp_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    let mut groups = 0;
    loop {
        let d = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if d == 0 || d > 2 && groups > 0 || d > 3 {
            return 0;
        }
        i += d;
        groups += 1;
        if i < b.len() && b[i] == b':' && groups < 3 {
            i += 1;
            continue;
        }
        break;
    }
    if groups < 2 {
        return 0;
    }
    if i + 1 < b.len() && (b[i] == b'.' || b[i] == b',') && b[i + 1].is_ascii_digit() {
        i += 1;
        i += b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    }
    i
}

/// A leading `[00:01:02]`, `(01:02)` or `00:01:02 -`: (timestamp span in `s`, bytes to skip).
fn leading_timestamp(s: &str) -> Option<(Range<usize>, usize)> {
    let (open, close) = match s.as_bytes().first()? {
        b'[' => (1, Some(b']')),
        b'(' => (1, Some(b')')),
        _ => (0, None),
    };
    let n = timestamp_len(&s[open..]);
    if n == 0 {
        return None;
    }
    let mut end = open + n;
    if let Some(c) = close {
        if s.as_bytes().get(end) != Some(&c) {
            return None;
        }
        end += 1;
    }
    let rest = &s[end..];
    let trimmed = rest.trim_start_matches([' ', '\t', '-', '–', '—']);
    if !rest.is_empty() && trimmed.len() == rest.len() {
        return None; // `12:30pm` is text, not a timestamp
    }
    Some((open..open + n, s.len() - trimmed.len()))
}

/// A speaker label at the start of `s`: (label, bytes to skip up to the text). Labels are
/// `Q`/`A`, or one to four capitalised or upper-case words before a colon, optionally in
/// `**bold**`; `ORTIZ (00:12:01):` keeps its timestamp.
fn label(s: &str) -> Option<(String, usize)> {
    let head_len = s.find(':')?;
    if head_len == 0 || head_len > 48 {
        return None;
    }
    let after = &s[head_len + 1..];
    if !(after.is_empty() || after.starts_with([' ', '\t', '*', '_'])) {
        return None; // `12:30`, `http://`
    }
    let head = s[..head_len].trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    // `ORTIZ (00:12:01)`
    let head = match head.rfind('(') {
        Some(i) if head.ends_with(')') && timestamp_len(&head[i + 1..]) > 0 => head[..i].trim(),
        _ => head,
    };
    let words: Vec<&str> = head.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 {
        return None;
    }
    let ok = words.iter().all(|w| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
    });
    if !ok {
        return None;
    }
    let skip = head_len + 1 + (after.len() - after.trim_start_matches(['*', '_']).len());
    let skip = skip + (s[skip..].len() - s[skip..].trim_start().len());
    Some((head.to_string(), skip))
}

/// Plain text and Markdown: one segment per non-empty line; a label changes the speaker
/// until the next label. A label that is neither upper case (`ORTIZ:`), `Q`/`A`, nor
/// in bold (`**Lena Ortiz:**`) must label two lines or more, so that a line like
/// `Update: the vote moved` is text, not a speaker.
fn parse_lines(text: &str, markdown: bool) -> Parsed {
    let first = scan_lines(text, markdown, None);
    let weak: Vec<String> = first
        .speakers
        .iter()
        .zip(&first.label_lines)
        .filter(|&(l, &n)| !strong_label(l) && n < 2)
        .map(|(l, _)| l.clone())
        .collect();
    if weak.is_empty() {
        return first;
    }
    scan_lines(text, markdown, Some(&weak))
}

/// Upper case labels and `Q`/`A` are labels wherever they appear.
fn strong_label(l: &str) -> bool {
    !l.chars().any(char::is_lowercase)
}

fn scan_lines(text: &str, markdown: bool, weak: Option<&[String]>) -> Parsed {
    let mut p = Parsed::default();
    let mut speaker: Option<u32> = None;
    let mut time: Option<Range<usize>> = None;
    let mut in_front_matter = false;
    let mut in_fence = false;
    for (start, n, line) in lines(text) {
        if markdown {
            let t = line.trim();
            if n == 1 && (t == "---" || t == "+++") {
                in_front_matter = true;
                continue;
            }
            if in_front_matter {
                if t == "---" || t == "+++" || t == "..." {
                    in_front_matter = false;
                }
                continue;
            }
            if t.starts_with("```") || t.starts_with("~~~") {
                in_fence = !in_fence;
                continue;
            }
            if in_fence || t.starts_with('#') || t.starts_with("<!--") || t == "---" {
                continue;
            }
        }
        let lead = line.len() - line.trim_start_matches([' ', '\t', '>']).len();
        let mut off = lead;
        if markdown {
            let rest = &line[off..];
            for m in ["- ", "* ", "+ "] {
                if let Some(r) = rest.strip_prefix(m) {
                    off += rest.len() - r.len();
                    break;
                }
            }
        }
        let mut rest = &line[off..];
        // Leading `**` of a bold label.
        let bold = rest.len() - rest.trim_start_matches(['*', '_']).len();
        if let Some((ts, skip)) = leading_timestamp(&rest[bold..]) {
            time = Some(start + off + bold + ts.start..start + off + bold + ts.end);
            off += bold + skip;
            rest = &line[off..];
        }
        let found = label(rest).filter(|(l, _)| {
            bold > 0
                || weak.is_none_or(|w| {
                    !w.contains(l) || HEADER_KEYS.contains(&l.to_lowercase().as_str())
                })
        });
        if let Some((l, skip)) = found {
            let key = l.to_lowercase();
            if HEADER_KEYS.contains(&key.as_str()) {
                let value = rest[skip..].trim().trim_matches(['*', '_']).trim();
                match key.as_str() {
                    "interviewer" | "reporter" if !value.is_empty() => {
                        p.interviewer = Some(value.to_string())
                    }
                    "interviewee" | "subject" | "source" if !value.is_empty() => {
                        p.interviewee = Some(value.to_string())
                    }
                    _ => {}
                }
                continue;
            }
            speaker = Some(p.speaker_id(&l));
            off += skip;
        }
        let body = &line[off..];
        if body.trim().is_empty() {
            continue;
        }
        p.segments.push(Segment {
            span: start + off..start + line.len(),
            speaker,
            line: n,
            time: time.clone(),
        });
    }
    p
}

/// WebVTT and SRT: blank-line separated cues with a `-->` timing line; the payload's
/// `<v Name>` voice or `NAME:` label sets the speaker, which carries over to later cues
/// until another is named.
fn parse_cues(text: &str) -> Parsed {
    let mut p = Parsed::default();
    let mut speaker: Option<u32> = None;
    let mut time: Option<Range<usize>> = None;
    let mut in_payload = false;
    let mut skip_block = false;
    let mut block_start = true;
    for (start, n, line) in lines(text) {
        let t = line.trim();
        if t.is_empty() {
            in_payload = false;
            skip_block = false;
            block_start = true;
            continue;
        }
        let first = block_start;
        block_start = false;
        if skip_block {
            continue;
        }
        if first
            && (t.starts_with("WEBVTT")
                || t.starts_with("NOTE")
                || t.starts_with("STYLE")
                || t.starts_with("REGION"))
        {
            skip_block = true;
            continue;
        }
        if let Some(i) = line.find("-->") {
            let lead = line.len() - line.trim_start().len();
            let ts = &line[lead..i];
            let ts_trim = ts.trim_end();
            time = Some(start + lead..start + lead + ts_trim.len());
            in_payload = true;
            continue;
        }
        if !in_payload {
            continue; // cue identifier
        }
        payload_line(&mut p, &mut speaker, text, start, n, line, &time);
    }
    p
}

/// One payload line: tags (`<v Name>`, `<i>`, `<00:00:01.500>`), `{\an8}` and entities
/// split the text into segments.
fn payload_line(
    p: &mut Parsed,
    speaker: &mut Option<u32>,
    _text: &str,
    start: usize,
    n: u32,
    line: &str,
    time: &Option<Range<usize>>,
) {
    let b = line.as_bytes();
    let mut i = 0;
    let mut seg_start = 0;
    let mut at_line_start = true;
    let push = |p: &mut Parsed, sp: Option<u32>, s: usize, e: usize| {
        if line[s..e].trim().is_empty() {
            return;
        }
        p.segments.push(Segment {
            span: start + s..start + e,
            speaker: sp,
            line: n,
            time: time.clone(),
        });
    };
    // A `- ` dialogue dash or `>>` speaker-change mark at the start.
    let lead = line.len() - line.trim_start_matches([' ', '-', '>']).len();
    i += lead;
    seg_start = seg_start.max(i);
    while i < b.len() {
        let c = b[i];
        let close = match c {
            b'<' => line[i..].find('>').map(|k| i + k),
            b'{' if b.get(i + 1) == Some(&b'\\') => line[i..].find('}').map(|k| i + k),
            b'&' => line[i..]
                .find(';')
                .filter(|&k| {
                    k <= 8
                        && line[i + 1..i + k]
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '#')
                })
                .map(|k| i + k),
            _ => None,
        };
        if at_line_start && c != b'<' && c != b'{' {
            at_line_start = false;
            if let Some((l, skip)) = label(&line[i..]) {
                *speaker = Some(p.speaker_id(&l));
                i += skip;
                seg_start = i;
                continue;
            }
        }
        match close {
            Some(e) => {
                push(p, *speaker, seg_start, i);
                let tag = &line[i + 1..e];
                if c == b'<' && (tag.starts_with("v ") || tag.starts_with("v.")) {
                    let name = tag.split_once(' ').map(|x| x.1.trim()).unwrap_or("");
                    if !name.is_empty() {
                        *speaker = Some(p.speaker_id(name));
                    }
                }
                i = e + 1;
                seg_start = i;
            }
            None => i += line[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    push(p, *speaker, seg_start, b.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spoken(
        text: &str,
        f: TranscriptFormat,
    ) -> Vec<(Option<String>, String, u32, Option<String>)> {
        let p = parse(text, f);
        p.segments
            .iter()
            .map(|s| {
                (
                    s.speaker.map(|i| p.speakers[i as usize].clone()),
                    text[s.span.clone()].to_string(),
                    s.line,
                    s.time.clone().map(|t| text[t].to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn plain_labels_and_timestamps() {
        let t = "Interviewee: Lena Ortiz\n\n[00:01:02] ORTIZ: We will not close.\nIt stays open.\nQ: Why?\n**Lena Ortiz:** Because.\nAt 12:30 we met.\n";
        let s = spoken(t, TranscriptFormat::Markdown);
        assert_eq!(
            s[0],
            (
                Some("ORTIZ".into()),
                "We will not close.".into(),
                3,
                Some("00:01:02".into())
            )
        );
        assert_eq!(s[1].0.as_deref(), Some("ORTIZ"));
        assert_eq!(s[2].0.as_deref(), Some("Q"));
        assert_eq!(
            s[3],
            (
                Some("Lena Ortiz".into()),
                "Because.".into(),
                6,
                Some("00:01:02".into())
            )
        );
        assert_eq!(s[4].1, "At 12:30 we met.");
        // A Title-case label used once is text; bold or repeated ones are labels.
        let t2 = "ORTIZ: We met.\nUpdate: the vote moved.\nLena Ortiz: Yes.\nLena Ortiz: No.\n";
        let s2 = spoken(t2, TranscriptFormat::Text);
        assert_eq!(
            s2[1],
            (
                Some("ORTIZ".into()),
                "Update: the vote moved.".into(),
                2,
                None
            )
        );
        assert_eq!(s2[3].0.as_deref(), Some("Lena Ortiz"));
        assert_eq!(
            parse(t, TranscriptFormat::Text).interviewee.as_deref(),
            Some("Lena Ortiz")
        );
    }

    #[test]
    fn webvtt_voices() {
        let t = "WEBVTT\n\nNOTE a note\nmore\n\n1\n00:00:01.000 --> 00:00:04.000 align:start\n<v Lena Ortiz>We will <i>not</i> close.</v>\n\n00:00:05.000 --> 00:00:06.000\nThe library stays.\n";
        let s = spoken(t, TranscriptFormat::WebVtt);
        let words: Vec<&str> = s.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(words, ["We will ", "not", " close.", "The library stays."]);
        assert!(s.iter().all(|x| x.0.as_deref() == Some("Lena Ortiz")));
        assert_eq!(s[0].3.as_deref(), Some("00:00:01.000"));
        assert_eq!(s[3].2, 11);
    }

    #[test]
    fn srt_labels() {
        let t = "1\r\n00:00:01,000 --> 00:00:02,000\r\nREYES: Is it closing?\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nORTIZ: No.\r\n<i>Never.</i>\r\n";
        let s = spoken(t, TranscriptFormat::Srt);
        assert_eq!(
            s[0],
            (
                Some("REYES".into()),
                "Is it closing?".into(),
                3,
                Some("00:00:01,000".into())
            )
        );
        assert_eq!(s[1].0.as_deref(), Some("ORTIZ"));
        assert_eq!(
            s[2],
            (
                Some("ORTIZ".into()),
                "Never.".into(),
                8,
                Some("00:00:03,000".into())
            )
        );
    }
}
