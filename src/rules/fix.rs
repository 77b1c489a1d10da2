//! Applying fixes to text: the one definition of "apply every safe fix", shared by
//! `copydesk check --fix` and the server's `source.fixAll.copydesk` action.

use super::{Applicability, Edit, Finding};

/// For each finding in order, the index of the Safe fix taken: its first Safe fix none of
/// whose edits overlaps (or starts at the same offset as) an edit already taken.
///
/// The edits taken are kept by start (they never overlap one another, as each fix is
/// taken only when it clashes with none of them), so a clash is a lookup of the
/// neighbours, not a comparison with every edit taken: that was quadratic in the number
/// of fixes (15,000 straight-quote fixes on one draft: 80 s).
pub fn taken_fixes(findings: &[Finding]) -> Vec<(usize, usize)> {
    // start → end of every edit taken.
    let mut taken: std::collections::BTreeMap<usize, usize> = Default::default();
    let clashes = |taken: &std::collections::BTreeMap<usize, usize>, e: &Edit| {
        // One taken at the same start or inside the edit …
        taken
            .range(e.span.start..e.span.end.max(e.span.start + 1))
            .next()
            .is_some()
            // … or the one before it running into it.
            || taken
                .range(..e.span.start)
                .next_back()
                .is_some_and(|(_, &end)| end > e.span.start)
    };
    let mut out = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        for (j, fix) in f.fixes.iter().enumerate() {
            if fix.applicability != Applicability::Safe {
                continue;
            }
            if !fix.edits.iter().any(|e| clashes(&taken, e)) {
                for e in &fix.edits {
                    let end = taken.entry(e.span.start).or_insert(e.span.end);
                    *end = (*end).max(e.span.end);
                }
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

    #[test]
    fn taken_fixes_agree_with_comparing_every_edit_taken() {
        // The definition, edit against every edit taken, on generated fixes of one or two
        // edits (empty, short, long, same starts) against the indexed version.
        fn naive(findings: &[Finding]) -> Vec<(usize, usize)> {
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
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        for _ in 0..200 {
            let mut fs = Vec::new();
            for _ in 0..40 {
                let mut fixes = Vec::new();
                for _ in 0..1 + next(2) {
                    let a = if next(4) == 0 {
                        Applicability::Unsafe
                    } else {
                        Applicability::Safe
                    };
                    let mut edits = Vec::new();
                    let start = next(60);
                    edits.push(edit(start..start + next(4), "x"));
                    if next(3) == 0 {
                        let s2 = start + 4 + next(20);
                        edits.push(edit(s2..s2 + next(3), "y"));
                    }
                    fixes.push((a, edits));
                }
                fs.push(finding(0..1, &fixes));
            }
            assert_eq!(taken_fixes(&fs), naive(&fs));
        }
    }
}
