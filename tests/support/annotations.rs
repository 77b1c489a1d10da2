//! Caret annotations for fixture drafts.
//!
//! A fixture is a draft with annotation lines. An annotation line starts (after optional
//! spaces) with one or more `^` and annotates the nearest preceding text line: the carets'
//! columns (counted in characters) mark the span on that line, and the rest of the line
//! is the annotation (`quote kind=partial speaker="Lena Ortiz" cue=said`, or a rule id and
//! message fragment for rule fixtures). Annotation lines are removed before the draft is
//! analysed; spans are byte offsets into the cleaned draft. Every other line is a line
//! where nothing is expected unless an annotation says so.
#![allow(dead_code)]

use std::ops::Range;

#[derive(Debug, Clone)]
pub struct Annotation {
    /// Byte span in the cleaned text.
    pub span: Range<usize>,
    /// 1-based line number of the annotation in the fixture file (for messages).
    pub fixture_line: usize,
    /// The first word after the carets.
    pub tag: String,
    /// `key=value` pairs after the tag (values may be "quoted").
    pub attrs: Vec<(String, String)>,
}

impl Annotation {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug)]
pub struct Fixture {
    pub text: String,
    pub annotations: Vec<Annotation>,
    /// Byte range of every text line in `text` (without its line break).
    pub lines: Vec<Range<usize>>,
}

fn is_annotation(line: &str) -> bool {
    line.trim_start().starts_with('^')
}

fn parse_attrs(rest: &str) -> (String, Vec<(String, String)>) {
    let mut tag = String::new();
    let mut attrs = Vec::new();
    let mut chars = rest.trim().chars().peekable();
    let mut first = true;
    while chars.peek().is_some() {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' {
                break;
            }
            key.push(c);
            chars.next();
        }
        if key.is_empty() {
            break;
        }
        if chars.peek() == Some(&'=') {
            chars.next();
            let mut val = String::new();
            if chars.peek() == Some(&'"') {
                chars.next();
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    val.push(c);
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    val.push(c);
                    chars.next();
                }
            }
            attrs.push((key, val));
        } else if first {
            tag = key;
        } else {
            attrs.push((key, String::new()));
        }
        first = false;
    }
    (tag, attrs)
}

pub fn parse(source: &str) -> Fixture {
    let mut text = String::new();
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut annotations = Vec::new();
    for (i, raw) in source.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        if is_annotation(line) {
            let Some(target) = lines.last().cloned() else {
                panic!("annotation on line {} has no text line above it", i + 1);
            };
            let target_text = &text[target.clone()];
            let start_col = line.chars().take_while(|c| *c == ' ').count();
            let carets = line[start_col..].chars().take_while(|c| *c == '^').count();
            let byte_at = |col: usize| -> usize {
                target.start
                    + target_text
                        .char_indices()
                        .nth(col)
                        .map(|(b, _)| b)
                        .unwrap_or(target_text.len())
            };
            let (tag, attrs) = parse_attrs(&line[start_col + carets..]);
            annotations.push(Annotation {
                span: byte_at(start_col)..byte_at(start_col + carets),
                fixture_line: i + 1,
                tag,
                attrs,
            });
            continue;
        }
        let start = text.len();
        text.push_str(raw);
        lines.push(start..start + line.len());
    }
    Fixture {
        text,
        annotations,
        lines,
    }
}

/// 1-based line of a byte offset in the cleaned text.
pub fn line_of(f: &Fixture, offset: usize) -> usize {
    f.lines.partition_point(|l| l.end < offset) + 1
}
