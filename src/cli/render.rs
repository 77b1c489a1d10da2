//! Text renderings of findings: human (rustc-style snippets), concise, GitHub annotations.

use crate::output::LineIndex;
use crate::rules::{Applicability, Finding, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::NOTE.with_name("hint"),
    }
}

/// A byte range clamped into `src` on char boundaries.
fn clamp(src: &str, r: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let fix = |mut o: usize| {
        o = o.min(src.len());
        while !src.is_char_boundary(o) {
            o -= 1;
        }
        o
    };
    let (s, e) = (fix(r.start), fix(r.end));
    s..e.max(s)
}

/// The fix hint under a finding: its first fix, or the rule's advice.
fn hint(f: &Finding) -> String {
    match f.fixes.first() {
        Some(x) if x.applicability == Applicability::Safe => {
            format!("{} (safe: `copydesk check --fix` applies it)", x.title)
        }
        Some(x) => format!("{} (review it: not applied by --fix)", x.title),
        None => crate::rules::rule(f.rule)
            .map(|r| first_sentence(r.fix).to_string())
            .unwrap_or_default(),
    }
}

fn first_sentence(s: &str) -> &str {
    match s.find(". ") {
        Some(i) => &s[..=i],
        None => s,
    }
}

/// One finding as a rustc-style report: the flagged text underlined, related places
/// labelled, and a `help:` line.
pub fn human_finding(renderer: &Renderer, shown: &str, lines: &LineIndex, f: &Finding) -> String {
    // Only the lines the annotations touch go to the renderer: giving it the whole draft
    // for every finding was quadratic on a large draft.
    let src = lines.src();
    let primary = clamp(src, &f.span);
    // On a very long line, related places more than a window away from the flagged text
    // are left out of the snippet (they would make it the whole line again); the JSON
    // and the editor still carry them.
    let (p_line, p_col) = lines.line_col(primary.start);
    let long = lines.line_end(p_line) - lines.line_start(p_line) > LONG_LINE;
    let near = |r: &std::ops::Range<usize>| {
        !long || r.start + WINDOW >= primary.start && r.end <= primary.end + WINDOW
    };
    let related: Vec<(std::ops::Range<usize>, &str)> = f
        .related
        .iter()
        .map(|(r, m)| (clamp(src, r), m.as_str()))
        .filter(|(r, _)| near(r))
        .collect();
    let lo = related
        .iter()
        .map(|(r, _)| r.start)
        .fold(primary.start, usize::min);
    let hi = related
        .iter()
        .map(|(r, _)| r.end)
        .fold(primary.end, usize::max);
    let (first_line, _) = lines.line_col(lo);
    let mut start = lines.line_start(first_line);
    let mut end = lines.line_end(lines.line_col(hi).0);
    // A very long line (a draft pasted as one line) is cut to a window around the
    // annotations: the renderer reads the whole snippet for every finding, which was
    // quadratic (a 330 KB line with 15,000 findings: over 7 minutes). The renderer
    // shows only about a terminal's width of it anyway.
    let mut cut_before = false;
    if end - start > LONG_LINE {
        let mut s = lo.saturating_sub(WINDOW).max(start);
        while !src.is_char_boundary(s) {
            s += 1;
        }
        let mut e = (hi + WINDOW).min(end);
        while !src.is_char_boundary(e) {
            e -= 1;
        }
        cut_before = s > start;
        (start, end) = (s, e);
    }
    let shift = |r: std::ops::Range<usize>| r.start - start..r.end - start;
    let mut snippet = Snippet::source(&src[start..end])
        .line_start(first_line)
        .path(shown)
        .fold(true)
        .annotation(
            AnnotationKind::Primary
                .span(shift(primary.clone()))
                .label(f.rule),
        );
    for (r, m) in &related {
        snippet = snippet.annotation(AnnotationKind::Context.span(shift(r.clone())).label(*m));
    }
    let help = hint(f);
    let mut groups = vec![
        level(f.severity)
            .primary_title(f.message.as_str())
            .id(f.rule)
            .element(snippet),
    ];
    if !help.is_empty() {
        groups.push(Group::with_title(Level::HELP.secondary_title(help)));
    }
    let out = renderer.render(&groups);
    // The renderer counts the column from the window's start: give the line's.
    if cut_before && p_line == first_line {
        let shown_col = src[start..primary.start].chars().count() + 1;
        return out.replacen(
            &format!("{shown}:{p_line}:{shown_col}"),
            &format!("{shown}:{p_line}:{p_col}"),
            1,
        );
    }
    out
}

/// Lines longer than this many bytes are cut to the annotations and [`WINDOW`] bytes
/// on each side before rendering.
const LONG_LINE: usize = 4096;
const WINDOW: usize = 512;

/// The summary line of human output.
pub fn summary(files: usize, counts: [usize; 4], fixable: usize, failed: usize) -> String {
    let total: usize = counts.iter().sum();
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut s = format!("{} checked: ", plural(files, "file", "files"));
    if total == 0 {
        s.push_str("no findings");
    } else {
        s.push_str(&format!(
            "{} ({}, {}, {}, {})",
            plural(total, "finding", "findings"),
            plural(counts[0], "error", "errors"),
            plural(counts[1], "warning", "warnings"),
            counts[2].to_string() + " info",
            plural(counts[3], "hint", "hints"),
        ));
    }
    if fixable > 0 {
        s.push_str(&format!(
            "; {} with a safe fix (`copydesk check --fix`)",
            fixable
        ));
    }
    if failed > 0 {
        s.push_str(&format!(
            "; {} could not be checked",
            plural(failed, "file", "files")
        ));
    }
    s
}

/// `path:line:col: severity rule message`, one line per finding.
pub fn concise(shown: &str, src: &str, findings: &[Finding]) -> String {
    let mut out = String::new();
    let lines = LineIndex::new(src);
    for f in findings {
        let (l, c) = lines.line_col(f.span.start);
        out.push_str(&format!(
            "{shown}:{l}:{c}: {} {} {}\n",
            f.severity.as_str(),
            f.rule,
            one_line(&f.message)
        ));
    }
    out
}

fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…::message`.
pub fn github(shown: &str, src: &str, findings: &[Finding]) -> String {
    let mut out = String::new();
    let lines = LineIndex::new(src);
    for f in findings {
        let (l, c) = lines.line_col(f.span.start);
        let (el, ec) = lines.line_col(f.span.end);
        let kind = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        out.push_str(&format!(
            "::{kind} file={},line={l},col={c},endLine={el},endColumn={ec},title={}::{}\n",
            escape_property(shown),
            escape_property(&format!("copydesk {}", f.rule)),
            escape_data(&format!("{} [{}]", f.message, f.rule)),
        ));
    }
    out
}

/// A GitHub annotation for a file that could not be checked.
pub fn github_error(shown: &str, message: &str) -> String {
    format!(
        "::error file={},title=copydesk::{}\n",
        escape_property(shown),
        escape_data(message)
    )
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes() {
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("50% off\nnow"), "50%25 off%0Anow");
    }

    #[test]
    fn summary_line() {
        assert_eq!(summary(1, [0; 4], 0, 0), "1 file checked: no findings");
        assert_eq!(
            summary(3, [1, 2, 0, 1], 2, 1),
            "3 files checked: 4 findings (1 error, 2 warnings, 0 info, 1 hint); 2 with a safe fix (`copydesk check --fix`); 1 file could not be checked"
        );
    }
}
