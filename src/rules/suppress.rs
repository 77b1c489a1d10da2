//! Suppression comments:
//! `<!-- copydesk-disable-next-line [ids] -->`, `<!-- copydesk-disable [ids] -->` …
//! `<!-- copydesk-enable [ids] -->`, and `<!-- copydesk-disable-file [ids] -->`.
//! No ids means every rule. An unknown id is itself a finding.

use super::ctx::Ctx;
use super::{Finding, rule};
use std::ops::Range;

/// A suppressed region for some rules (`None` = all rules).
struct Region {
    span: Range<usize>,
    ids: Option<Vec<String>>,
}

impl Region {
    fn covers(&self, f: &Finding) -> bool {
        self.span.contains(&f.span.start)
            && self
                .ids
                .as_ref()
                .is_none_or(|ids| ids.iter().any(|i| i == f.rule))
    }
}

pub fn apply(cx: &Ctx, out: &mut Vec<Finding>) {
    let src = cx.src;
    let mut regions: Vec<Region> = Vec::new();
    // Open `disable` regions: (start, ids).
    let mut open: Vec<(usize, Option<Vec<String>>)> = Vec::new();
    let mut unknown: Vec<Finding> = Vec::new();
    for c in &cx.a.draft.comments {
        let mut parts = c.text.split_whitespace();
        let Some(directive) = parts.next() else {
            continue;
        };
        if !matches!(
            directive,
            "copydesk-disable-next-line"
                | "copydesk-disable"
                | "copydesk-enable"
                | "copydesk-disable-file"
        ) {
            continue;
        }
        let ids: Vec<String> = parts
            .flat_map(|p| p.split(','))
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        for id in &ids {
            if rule(id).is_none() {
                let at = src[c.span.clone()]
                    .find(id.as_str())
                    .map_or(c.span.clone(), |o| {
                        c.span.start + o..c.span.start + o + id.len()
                    });
                unknown.push(cx.finding(
                    "unknown-rule-in-suppression",
                    at,
                    format!(
                        "“{id}” is not a copydesk rule; this comment suppresses nothing for it."
                    ),
                ));
            }
        }
        let ids = (!ids.is_empty()).then_some(ids);
        match directive {
            "copydesk-disable-file" => regions.push(Region {
                span: 0..src.len() + 1,
                ids,
            }),
            "copydesk-disable" => open.push((c.span.end, ids)),
            "copydesk-enable" => {
                // Close the matching regions (all of them when no ids are given).
                let mut keep = Vec::new();
                for (start, oids) in open.drain(..) {
                    let closes = match (&ids, &oids) {
                        (None, _) => true,
                        (Some(e), Some(o)) => o.iter().all(|x| e.contains(x)),
                        (Some(_), None) => false,
                    };
                    if closes {
                        regions.push(Region {
                            span: start..c.span.start,
                            ids: oids,
                        });
                    } else {
                        keep.push((start, oids));
                    }
                }
                open = keep;
            }
            _ => {
                // The next non-blank line after the comment.
                let mut p = cx.line_end(c.span.end);
                while p < src.len() {
                    let start = p + 1;
                    let end = cx.line_end(start.min(src.len()));
                    if !src[start.min(src.len())..end].trim().is_empty() {
                        regions.push(Region {
                            span: start..end + 1,
                            ids: ids.clone(),
                        });
                        break;
                    }
                    p = end;
                }
                // A comment followed by text on its own line suppresses that text too.
                let rest = c.span.end..cx.line_end(c.span.end);
                if !src[rest.clone()].trim().is_empty() {
                    regions.push(Region { span: rest, ids });
                }
            }
        }
    }
    for (start, ids) in open {
        regions.push(Region {
            span: start..src.len() + 1,
            ids,
        });
    }
    out.retain(|f| !regions.iter().any(|r| r.covers(f)));
    if cx.on("unknown-rule-in-suppression") {
        if let Some(Some(s)) = cx.cfg.level("unknown-rule-in-suppression") {
            for f in &mut unknown {
                f.severity = s;
            }
        }
        out.extend(unknown);
    }
}
