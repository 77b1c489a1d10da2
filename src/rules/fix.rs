//! Applying fixes to text: the one definition of "apply every safe fix", shared by
//! `copydesk check --fix` and the server's `source.fixAll.copydesk` action.

use super::{Applicability, Edit, Finding};

/// For each finding in order, the index of the Safe fix taken: its first Safe fix none of
/// whose edits overlaps (or starts at the same offset as) an edit already taken.
pub fn taken_fixes(findings: &[Finding]) -> Vec<(usize, usize)> {
    let mut taken: Vec<&Edit> = Vec::new();
    let mut out = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        for (j, fix) in f.fixes.iter().enumerate() {
            if fix.applicability != Applicability::Safe {
                continue;
            }
            let clash = fix.edits.iter().any(|e| {
                taken.iter().any(|t| {
                    (e.span.start < t.span.end && t.span.start < e.span.end)
                        || e.span.start == t.span.start
                })
            });
            if !clash {
                taken.extend(fix.edits.iter());
                out.push((i, j));
                break;
            }
        }
    }
    out
}

/// Every Safe fix of every finding ([`taken_fixes`]), edits sorted by span.
pub fn safe_edits(findings: &[Finding]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = taken_fixes(findings)
        .into_iter()
        .flat_map(|(i, j)| findings[i].fixes[j].edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    edits
}

/// Apply non-overlapping edits to `source`, back to front. Edits that overlap an edit
/// already applied, run past the end or split a character are skipped.
pub fn apply_edits(source: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = source.to_string();
    // The start of the last edit applied: later (earlier-in-text) edits must end before it.
    let mut limit = source.len();
    for e in sorted.into_iter().rev() {
        let (s, t) = (e.span.start, e.span.end);
        if s > t || t > limit || !source.is_char_boundary(s) || !source.is_char_boundary(t) {
            continue;
        }
        out.replace_range(s..t, &e.replacement);
        limit = s;
    }
    out
}

/// `source` with every safe fix of `findings` applied ([`safe_edits`], [`apply_edits`]).
pub fn apply_fixes(source: &str, findings: &[Finding]) -> String {
    apply_edits(source, &safe_edits(findings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Severity, edit};

    fn finding(span: std::ops::Range<usize>, fixes: &[(Applicability, Vec<Edit>)]) -> Finding {
        let mut f = Finding {
            rule: "straight-quotes",
            severity: Severity::Warning,
            message: String::new(),
            span,
            related: Vec::new(),
            fixes: Vec::new(),
        };
        for (a, e) in fixes {
            f = f.with_fix("fix", *a, e.clone());
        }
        f
    }

    #[test]
    fn applies_safe_non_overlapping_edits_back_to_front() {
        let src = "He said \"hi\" and e-mail.";
        let fs = vec![
            finding(
                8..12,
                &[(
                    Applicability::Safe,
                    vec![edit(8..9, "“"), edit(11..12, "”")],
                )],
            ),
            // Overlaps the first: skipped.
            finding(8..9, &[(Applicability::Safe, vec![edit(8..12, "X")])]),
            // Unsafe: never applied.
            finding(0..2, &[(Applicability::Unsafe, vec![edit(0..2, "She")])]),
            finding(
                17..23,
                &[(Applicability::Safe, vec![edit(17..23, "email")])],
            ),
        ];
        assert_eq!(apply_fixes(src, &fs), "He said “hi” and email.");
        assert_eq!(safe_edits(&fs).len(), 3);
    }

    #[test]
    fn insertions_at_the_same_offset_are_taken_once() {
        let fs = vec![
            finding(0..0, &[(Applicability::Safe, vec![edit(0..0, "A")])]),
            finding(0..0, &[(Applicability::Safe, vec![edit(0..0, "B")])]),
        ];
        assert_eq!(apply_fixes("x", &fs), "Ax");
    }

    #[test]
    fn bad_spans_are_skipped() {
        let src = "é";
        let edits = vec![edit(1..2, "x"), edit(0..9, "y")];
        assert_eq!(apply_edits(src, &edits), "é");
    }
}
