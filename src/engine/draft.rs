//! Draft model: Markdown (or plain text) → blocks of prose with byte spans.
//!
//! The model keeps one `prose` string exactly as long as the source: every byte that is
//! not prose a reader sees (markup, code, HTML, link destinations, front matter) is
//! replaced by a space, line breaks are kept. All later passes work on `prose`, so every
//! offset they produce is an offset into the original source.

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// How the draft is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    /// Plain text: every line break is a paragraph break.
    Text,
}

impl Format {
    /// Guess the format from a file name (`.txt` → text, anything else → Markdown).
    pub fn from_path(path: &str) -> Self {
        if path.to_ascii_lowercase().ends_with(".txt") {
            Format::Text
        } else {
            Format::Markdown
        }
    }
}

/// Where a block sits; each scope is its own unit for quotes and attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    Body,
    Heading,
    BlockQuote,
    ListItem,
    TableCell,
}

/// A paragraph as a reader sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub span: Range<usize>,
    pub scope: Scope,
    /// True when the block came from splitting pasted wire copy.
    pub wire_line: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FrontMatterFormat {
    Yaml,
    Toml,
}

/// Front matter, kept raw and parsed as a generic JSON value for later use.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub format: FrontMatterFormat,
    pub span: Range<usize>,
    pub raw: String,
    /// `None` when the front matter does not parse; the error text is in `error`.
    pub value: Option<serde_json::Value>,
    pub error: Option<String>,
}

/// An HTML comment (suppression comments live here).
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub span: Range<usize>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub format: Format,
    pub prose: String,
    pub blocks: Vec<Block>,
    pub front_matter: Option<FrontMatter>,
    pub comments: Vec<Comment>,
}

impl Draft {
    pub fn parse(source: &str, format: Format) -> Draft {
        match format {
            Format::Text => parse_text(source),
            Format::Markdown => parse_markdown(source).0,
        }
    }
}

/// A Markdown block before wire-copy splitting and trimming ([`split_block`]): from the
/// start of its first text segment to the end of its last one (the engine cache keeps
/// these to redo one paragraph after a small edit).
pub(crate) type RawBlock = (Range<usize>, Scope);

fn parse_text(source: &str) -> Draft {
    let mut blocks = Vec::new();
    let mut start = 0;
    let bytes = source.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        if i == bytes.len() || bytes[i] == b'\n' || bytes[i] == b'\r' {
            push_trimmed(&mut blocks, source, start..i, Scope::Body, false);
            if i + 1 < bytes.len() && bytes[i] == b'\r' && bytes[i + 1] == b'\n' {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    Draft {
        format: Format::Text,
        prose: source.to_string(),
        blocks,
        front_matter: None,
        comments: Vec::new(),
    }
}

fn push_trimmed(blocks: &mut Vec<Block>, text: &str, r: Range<usize>, scope: Scope, wire: bool) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail >= s.len() {
        return;
    }
    blocks.push(Block {
        span: r.start + lead..r.end - trail,
        scope,
        wire_line: wire,
    });
}

struct Open {
    scope: Scope,
    /// From the start of its first text segment to the end of its last one.
    span: Option<Range<usize>>,
}

/// The draft of a Markdown source and its raw blocks, sorted by start.
pub(crate) fn parse_markdown(source: &str) -> (Draft, Vec<RawBlock>) {
    let mut prose: Vec<u8> = source
        .bytes()
        .map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect();
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    opts.insert(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);
    let mut stack: Vec<Open> = Vec::new();
    let mut scopes: Vec<Scope> = Vec::new();
    let mut raw_blocks: Vec<(Range<usize>, Scope)> = Vec::new();
    let mut front_matter = None;
    let mut meta: Option<(MetadataBlockKind, Range<usize>)> = None;
    let mut skip_depth = 0usize; // inside images, footnote definitions, autolinks
    let mut comments = Vec::new();

    for (event, range) in Parser::new_ext(source, opts).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::MetadataBlock(kind) => meta = Some((kind, range)),
                Tag::Image { .. } | Tag::FootnoteDefinition(_) | Tag::CodeBlock(_) => {
                    skip_depth += 1
                }
                Tag::Link {
                    link_type: pulldown_cmark::LinkType::Autolink | pulldown_cmark::LinkType::Email,
                    ..
                } => skip_depth += 1,
                Tag::BlockQuote(_) => scopes.push(Scope::BlockQuote),
                Tag::Paragraph => stack.push(Open {
                    scope: *scopes.last().unwrap_or(&Scope::Body),
                    span: None,
                }),
                Tag::Heading { .. } => stack.push(Open {
                    scope: Scope::Heading,
                    span: None,
                }),
                Tag::TableCell => stack.push(Open {
                    scope: Scope::TableCell,
                    span: None,
                }),
                Tag::Item => {
                    scopes.push(Scope::ListItem);
                    stack.push(Open {
                        scope: Scope::ListItem,
                        span: None,
                    })
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::MetadataBlock(_) => {
                    if let Some((kind, r)) = meta.take() {
                        front_matter = Some(parse_front_matter(source, kind, r));
                    }
                }
                TagEnd::Image | TagEnd::FootnoteDefinition | TagEnd::CodeBlock => {
                    skip_depth = skip_depth.saturating_sub(1)
                }
                TagEnd::Link
                    // Autolinks pushed a skip level; ordinary links did not.
                    if skip_depth > 0
                        && source[range.clone()].starts_with('<')
                        && source[range.clone()].ends_with('>')
                    => {
                        skip_depth -= 1;
                    }
                TagEnd::BlockQuote(_) => {
                    scopes.pop();
                }
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item => {
                    if matches!(tag, TagEnd::Item) {
                        scopes.pop();
                    }
                    if let Some(open) = stack.pop()
                        && let Some(span) = open.span
                        {
                            raw_blocks.push((span, open.scope));
                        }
                }
                _ => {}
            },
            Event::Text(_) => {
                if meta.is_some() || skip_depth > 0 {
                    continue;
                }
                if let Some(open) = stack.last_mut() {
                    prose[range.clone()].copy_from_slice(&source.as_bytes()[range.clone()]);
                    open.span = Some(match open.span.take() {
                        Some(span) => span.start..range.end,
                        None => range,
                    });
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                let text = &source[range.clone()];
                let mut off = 0;
                while let Some(s) = text[off..].find("<!--") {
                    let s = off + s;
                    // An unclosed comment runs to the end of the HTML.
                    let (inner_end, e) = match text[s + 4..].find("-->") {
                        Some(i) => (s + 4 + i, s + 4 + i + 3),
                        None => (text.len(), text.len()),
                    };
                    comments.push(Comment {
                        span: range.start + s..range.start + e,
                        text: text[s + 4..inner_end].trim().to_string(),
                    });
                    off = e;
                }
            }
            _ => {}
        }
    }
    // An item whose text all sat in inner paragraphs produced no segments of its own.
    let _ = stack;
    let prose = String::from_utf8(prose).unwrap_or_else(|e| {
        // Only whole Text ranges were copied, so this cannot happen; stay total anyway.
        String::from_utf8_lossy(e.as_bytes()).into_owned()
    });
    raw_blocks.sort_by_key(|b| b.0.start);
    let mut blocks = Vec::new();
    for (span, scope) in &raw_blocks {
        split_block(&mut blocks, &prose, span.clone(), *scope);
    }
    let draft = Draft {
        format: Format::Markdown,
        prose,
        blocks,
        front_matter,
        comments,
    };
    (draft, raw_blocks)
}

/// Split a block into lines when it looks like pasted wire copy, else keep it whole.
/// What it pushes depends only on `prose[span]` without its leading and trailing
/// whitespace (lines are trimmed, blank ones dropped).
pub(crate) fn split_block(blocks: &mut Vec<Block>, prose: &str, span: Range<usize>, scope: Scope) {
    let text = &prose[span.clone()];
    // One line (most blocks) is never wire copy.
    if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none() {
        push_trimmed(blocks, prose, span, scope, false);
        return;
    }
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    // Line breaks are ASCII: a byte scan finds them at the same offsets.
    for (i, &c) in text.as_bytes().iter().enumerate() {
        if c == b'\n' || c == b'\r' {
            if start < i {
                lines.push(start..i);
            }
            start = i + 1;
        }
    }
    if start < text.len() {
        lines.push(start..text.len());
    }
    let lines: Vec<Range<usize>> = lines
        .into_iter()
        .filter(|r| !text[r.clone()].trim().is_empty())
        .collect();
    // Pasted wire copy: one paragraph per line. Soft-wrapped prose ends most lines
    // mid-sentence; pasted copy ends (nearly) every line with terminal punctuation or a
    // closing mark and starts it with a capital or an opening mark. A few lines that do
    // not (a subhead, a dateline) are tolerated when the block has several lines.
    let ends_para = |r: &Range<usize>| {
        let l = text[r.clone()].trim();
        let last = l.chars().last().unwrap_or(' ');
        let first = l.chars().next().unwrap_or(' ');
        matches!(last, '.' | '?' | '!' | '"' | '”' | '’' | '\'')
            && (first.is_uppercase()
                || first.is_ascii_digit()
                || matches!(first, '"' | '“' | '‘' | '\''))
    };
    let good = lines.iter().filter(|r| ends_para(r)).count();
    let wire = lines.len() >= 2
        && scope != Scope::Heading
        && (good == lines.len() || (lines.len() >= 4 && good * 10 >= lines.len() * 7));
    if wire {
        for r in lines {
            push_trimmed(
                blocks,
                prose,
                span.start + r.start..span.start + r.end,
                scope,
                true,
            );
        }
    } else {
        push_trimmed(blocks, prose, span, scope, false);
    }
}

fn parse_front_matter(source: &str, kind: MetadataBlockKind, r: Range<usize>) -> FrontMatter {
    // The block range covers the fences; take the lines between them.
    let block = &source[r.clone()];
    let inner = {
        let mut lines: Vec<&str> = block.lines().collect();
        if lines
            .first()
            .is_some_and(|l| l.trim() == "---" || l.trim() == "+++")
        {
            lines.remove(0);
        }
        if lines
            .last()
            .is_some_and(|l| matches!(l.trim(), "---" | "+++" | "..."))
        {
            lines.pop();
        }
        lines.join("\n")
    };
    let (format, parsed): (FrontMatterFormat, Result<serde_json::Value, String>) = match kind {
        MetadataBlockKind::YamlStyle => (
            FrontMatterFormat::Yaml,
            serde_yaml_ng::from_str::<serde_json::Value>(&inner).map_err(|e| e.to_string()),
        ),
        MetadataBlockKind::PlusesStyle => (
            FrontMatterFormat::Toml,
            toml::from_str::<serde_json::Value>(&inner).map_err(|e| e.to_string()),
        ),
    };
    let (value, error) = match parsed {
        Ok(v) => (Some(v), None),
        Err(e) => (None, Some(e)),
    };
    FrontMatter {
        format,
        span: r,
        raw: inner,
        value,
        error,
    }
}
