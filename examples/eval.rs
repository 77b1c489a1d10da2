//! Scores the engine on PolNeAR (quotes, cues, speakers) and counts unattributed
//! quotations on the Wikinews articles.
//!
//! cargo run --release --example eval -- [--corpus ../shared/corpus] [--split dev|train|all]
//!     [--show-misses N] [--check] [--wikinews-only]
//!
//! With `--check` the process exits 1 when a figure is below the gates in
//! `.ci/gates.toml` (the ratchet).

use copydesk::engine::{Analysis, Format, Scope, analyze};
use serde_json::Value;
use std::ops::Range;
use std::path::PathBuf;

#[derive(Default, Debug)]
struct Score {
    pred: usize,
    pred_hit: usize,
    gold: usize,
    gold_hit: usize,
    cue_tp: usize,
    cue_fp: usize,
    cue_fn: usize,
    spk_total: usize,
    spk_ok: usize,
    spk_same_total: usize,
    spk_same_ok: usize,
    /// Gold records whose cue and speaker spans were swapped back (see `score_article`).
    swapped: usize,
}

/// Gold speaker texts that are cue verbs: the record has cue and speaker swapped.
const SWAPPED_SPEAKERS: [&str; 6] = ["said", "says", "asked", "told", "added", "wrote"];

impl Score {
    fn precision(&self) -> f64 {
        ratio(self.pred_hit, self.pred)
    }
    fn recall(&self) -> f64 {
        ratio(self.gold_hit, self.gold)
    }
    fn cue_f1(&self) -> f64 {
        ratio(2 * self.cue_tp, 2 * self.cue_tp + self.cue_fp + self.cue_fn)
    }
    fn spk(&self) -> f64 {
        ratio(self.spk_ok, self.spk_total)
    }
    fn spk_same(&self) -> f64 {
        ratio(self.spk_same_ok, self.spk_same_total)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

struct Gold {
    spans: Vec<Range<usize>>,
    cue: Option<Range<usize>>,
    speaker: Option<(Range<usize>, String)>,
}

fn char_to_byte(text: &str) -> Vec<usize> {
    let mut map: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    map.push(text.len());
    map
}

fn surname(s: &str) -> String {
    s.split_whitespace()
        .last()
        .unwrap_or("")
        .trim_end_matches("’s")
        .trim_end_matches("'s")
        .to_lowercase()
}

/// Does a gold speaker mention name the person `name` resolves to? True when the
/// mention contains the name's surname as a capitalised word.
fn names_person(gold: &str, name: &str) -> bool {
    let sur = surname(name);
    sur.len() > 2
        && name.chars().next().is_some_and(char::is_uppercase)
        && gold
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| w.chars().next().is_some_and(char::is_uppercase) && w.to_lowercase() == sur)
}

/// Is the cue in the quotation's own sentence (no sentence end between them)?
fn same_sentence(text: &str, q: &Range<usize>, cue: &Range<usize>) -> bool {
    let between = if cue.start >= q.end {
        &text[q.end..cue.start]
    } else if cue.end <= q.start {
        &text[cue.end..q.start]
    } else {
        return true;
    };
    !(between.contains(". ")
        || between.contains('\n')
        || between.contains("? ")
        || between.contains("! "))
}

fn score_article(rec: &Value, s: &mut Score, misses: &mut Vec<String>) {
    // The headline (line 1) is a heading: analyse "# " + text and shift offsets back.
    let raw = rec["text"].as_str().unwrap_or_default();
    let owned = format!("# {raw}");
    let text = &owned[2..];
    let map = char_to_byte(text);
    let b = |v: &Value| v.as_u64().map(|c| map[(c as usize).min(map.len() - 1)]);
    let mut golds = Vec::new();
    for q in rec["quotes"].as_array().into_iter().flatten() {
        let ty = q["type"].as_str().unwrap_or("");
        // Articles that use doubled apostrophes ('') as quotation marks had their quotes
        // typed "indirect" by the corpus' mark detection; they are direct quotes.
        let doubled = || {
            let (Some(st), Some(en)) = (q["start"].as_u64(), q["end"].as_u64()) else {
                return false;
            };
            let t: String = text
                .chars()
                .skip(st as usize)
                .take((en - st) as usize)
                .collect();
            t.matches("''").count() >= 2
        };
        if ty != "direct" && ty != "mixed" && !doubled() {
            continue;
        }
        let mut spans: Vec<Range<usize>> = q["spans"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| Some(b(&p[0])?..b(&p[1])?))
            .collect();
        if spans.is_empty()
            && let (Some(st), Some(en)) = (b(&q["start"]), b(&q["end"]))
        {
            spans.push(st..en);
        }
        let cue = match (b(&q["cue_start"]), b(&q["cue_end"])) {
            (Some(st), Some(en)) if en > st => Some(st..en),
            _ => None,
        };
        let speaker = match (
            b(&q["speaker_start"]),
            b(&q["speaker_end"]),
            q["speaker"].as_str(),
        ) {
            (Some(st), Some(en), Some(name)) if en > st => Some((st..en, name.to_string())),
            _ => None,
        };
        // A few records have the cue and speaker spans swapped ("…,” said Hester":
        // speaker "said", cue "Hester"); a cue verb is never the speaker, so swap back.
        let (cue, speaker) = match (cue, speaker) {
            (Some(c), Some((sp, name)))
                if SWAPPED_SPEAKERS.contains(&name.as_str())
                    && text[c.clone()].starts_with(char::is_uppercase) =>
            {
                s.swapped += 1;
                let cue_text = text[c.clone()].to_string();
                (Some(sp), Some((c, cue_text)))
            }
            other => other,
        };
        golds.push(Gold {
            spans,
            cue,
            speaker,
        });
    }
    let mut a: Analysis = analyze(&owned, Format::Markdown);
    shift(&mut a, 2);
    let preds: Vec<&copydesk::engine::Quote> =
        // Headlines are outside PolNeAR's annotation (1 of 482 headline quotes is
        // annotated), so quotations in the heading are not scored.
        a.quotes
            .iter()
            .filter(|q| q.kind.is_speech() && a.draft.blocks[q.block].scope != Scope::Heading)
            .collect();
    s.pred += preds.len();
    for p in &preds {
        let hit = golds
            .iter()
            .any(|g| g.spans.iter().any(|gs| overlaps(gs, &p.span)));
        if hit {
            s.pred_hit += 1;
        } else if misses.len() < 100000 {
            misses.push(format!(
                "FP  {:?}",
                &text[p.span.clone()].chars().take(90).collect::<String>()
            ));
        }
    }
    for g in &golds {
        s.gold += 1;
        let matched: Vec<&&copydesk::engine::Quote> = preds
            .iter()
            .filter(|p| g.spans.iter().any(|gs| overlaps(gs, &p.span)))
            .collect();
        if matched.is_empty() {
            let first = &g.spans[0];
            let kinds: Vec<String> = a
                .quotes
                .iter()
                .filter(|q| g.spans.iter().any(|gs| overlaps(gs, &q.span)))
                .map(|q| format!("{:?}", q.kind))
                .collect();
            misses.push(format!(
                "FN  kinds={} cue={:?} spk={:?} :: {:?}",
                kinds.join(","),
                g.cue.as_ref().map(|c| &text[c.clone()]),
                g.speaker.as_ref().map(|s| &s.1),
                text[first.clone()].chars().take(120).collect::<String>()
            ));
        } else {
            s.gold_hit += 1;
        }
        // Cue.
        // A gold quotation can cover several predicted pieces (a mixed quote); its cue is
        // found when any of them carries it.
        let pred_cue = matched
            .iter()
            .filter_map(|p| p.cue.as_ref())
            .find(|c| g.cue.as_ref().is_some_and(|gc| overlaps(gc, &c.span)))
            .or_else(|| matched.iter().find_map(|p| p.cue.as_ref()));
        match (&g.cue, pred_cue) {
            (Some(gc), Some(pc)) if overlaps(gc, &pc.span) => s.cue_tp += 1,
            (Some(gc), Some(pc)) => {
                s.cue_fp += 1;
                s.cue_fn += 1;
                misses.push(format!(
                    "CUE gold={:?} got={:?} :: {:?}",
                    &text[gc.clone()],
                    pc.text,
                    text[gc.start.min(pc.span.start).min(g.spans[0].start)
                        ..gc.end.max(pc.span.end).max(g.spans[0].end)]
                        .chars()
                        .take(220)
                        .collect::<String>()
                ));
            }
            (Some(gc), None) => {
                s.cue_fn += 1;
                if !matched.is_empty() {
                    misses.push(format!(
                        "CUE gold={:?} got=- :: {:?}",
                        &text[gc.clone()],
                        text[g.spans[0].clone()]
                            .chars()
                            .take(60)
                            .collect::<String>()
                    ));
                }
            }
            (None, Some(pc)) => {
                s.cue_fp += 1;
                misses.push(format!(
                    "CUE gold=- got={:?} :: {:?}",
                    pc.text,
                    text[g.spans[0].clone()]
                        .chars()
                        .take(60)
                        .collect::<String>()
                ));
            }
            (None, None) => {}
        }
        // Speaker.
        if let Some((gspan, gname)) = &g.speaker {
            let same = g
                .cue
                .as_ref()
                .is_some_and(|c| g.spans.iter().any(|gs| same_sentence(text, gs, c)));
            let ok = matched.iter().any(|p| {
                p.speaker.as_ref().is_some_and(|sp| {
                    // The mention overlaps the gold one, or the resolved name is the
                    // person the gold mention names ("Marc H. Morial, the chief …").
                    overlaps(&sp.span, gspan) || names_person(gname, &sp.name)
                })
            });
            s.spk_total += 1;
            s.spk_ok += ok as usize;
            if same {
                s.spk_same_total += 1;
                s.spk_same_ok += ok as usize;
            }
            if !ok && !matched.is_empty() {
                let got = matched
                    .iter()
                    .find_map(|p| p.speaker.as_ref())
                    .map(|sp| format!("{} [{}] how={:?}", sp.mention, sp.name, sp.how))
                    .unwrap_or_else(|| "-".into());
                misses.push(format!(
                    "SPK gold={:?} got={} cue={:?} same={} :: {:?}",
                    gname,
                    got,
                    g.cue.as_ref().map(|c| &text[c.clone()]),
                    same,
                    text[gspan.start.min(g.spans[0].start)..gspan.end.max(g.spans[0].end)]
                        .chars()
                        .take(200)
                        .collect::<String>()
                ));
            }
        }
    }
}

/// Move every span used here back by `by` bytes (the "# " prefix).
fn shift(a: &mut Analysis, by: usize) {
    let mv = |r: &mut Range<usize>| {
        r.start = r.start.saturating_sub(by);
        r.end = r.end.saturating_sub(by);
    };
    for q in &mut a.quotes {
        mv(&mut q.span);
        if let Some(c) = q.cue.as_mut() {
            mv(&mut c.span);
        }
        if let Some(s) = q.speaker.as_mut() {
            mv(&mut s.span);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let corpus = PathBuf::from(arg("--corpus").unwrap_or_else(|| "../shared/corpus".into()));
    let show: usize = arg("--show-misses")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let filter = arg("--filter");
    let check = args.iter().any(|a| a == "--check");
    let splits: Vec<&str> = match arg("--split").as_deref() {
        Some("dev") => vec!["dev"],
        Some("train") => vec!["train"],
        _ => vec!["dev", "train"],
    };
    let mut results = Vec::new();
    if !args.iter().any(|a| a == "--wikinews-only") {
        println!(
            "{:<8} {:>6} {:>6} {:>9} {:>7} {:>7} {:>11} {:>9}",
            "split", "quotes", "gold", "precision", "recall", "cue F1", "spk(same)", "spk(all)"
        );
        for split in splits {
            let path = corpus
                .join("polnear")
                .join(format!("polnear_{split}.jsonl"));
            let Ok(data) = std::fs::read_to_string(&path) else {
                eprintln!("cannot read {}", path.display());
                std::process::exit(2);
            };
            let mut s = Score::default();
            let mut misses = Vec::new();
            for line in data.lines() {
                let Ok(rec) = serde_json::from_str::<Value>(line) else {
                    continue;
                };
                score_article(&rec, &mut s, &mut misses);
            }
            if args.iter().any(|a| a == "--counts") {
                println!("{s:?}");
            }
            println!(
                "{:<8} {:>6} {:>6} {:>9.3} {:>7.3} {:>7.3} {:>11.3} {:>9.3}",
                split,
                s.pred,
                s.gold,
                s.precision(),
                s.recall(),
                s.cue_f1(),
                s.spk_same(),
                s.spk()
            );
            if s.swapped > 0 {
                println!(
                    "    ({} gold records with cue and speaker swapped, scored swapped back)",
                    s.swapped
                );
            }
            for m in misses
                .iter()
                .filter(|m| filter.as_ref().is_none_or(|f| m.starts_with(f.as_str())))
                .take(show)
            {
                println!("    {m}");
            }
            results.push((split.to_string(), s));
        }
    }
    // Wikinews: quotations with no speaker.
    let dir = corpus.join("wikinews");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut unsourced = 0;
    let mut quotations = 0;
    let mut listed = Vec::new();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let a = analyze(&text, Format::Markdown);
        for q in a.quotes.iter().filter(|q| q.kind.is_speech()) {
            quotations += 1;
            if q.speaker.is_none() && q.kind == copydesk::engine::QuoteKind::Quotation {
                unsourced += 1;
                listed.push(format!(
                    "{}: {:?}",
                    f.file_name().unwrap_or_default().to_string_lossy(),
                    text[q.span.clone()].chars().take(100).collect::<String>()
                ));
            }
        }
    }
    let per20 = if files.is_empty() {
        0.0
    } else {
        unsourced as f64 * 20.0 / files.len() as f64
    };
    println!(
        "wikinews: {} articles, {} quotations, {} quotations without a speaker ({:.2} per 20 articles)",
        files.len(),
        quotations,
        unsourced,
        per20
    );
    if args.iter().any(|a| a == "--show-unsourced") {
        for l in &listed {
            println!("    {l}");
        }
    }
    if check {
        let gates = std::fs::read_to_string(".ci/gates.toml").unwrap_or_default();
        let gates: toml::Table = toml::from_str(&gates).unwrap_or_default();
        let mut failed = false;
        for (split, s) in &results {
            let Some(g) = gates.get(split).and_then(|v| v.as_table()) else {
                continue;
            };
            for (name, got) in [
                ("precision", s.precision()),
                ("recall", s.recall()),
                ("cue_f1", s.cue_f1()),
                ("speaker_same_sentence", s.spk_same()),
                ("speaker_overall", s.spk()),
            ] {
                if let Some(min) = g.get(name).and_then(|v| v.as_float())
                    && got + 1e-9 < min
                {
                    eprintln!("GATE FAILED: {split} {name} {got:.3} < {min:.3}");
                    failed = true;
                }
            }
        }
        if let Some(max) = gates
            .get("wikinews")
            .and_then(|w| w.get("unsourced_per_20_articles"))
            .and_then(|v| v.as_float())
            && per20 > max + 1e-9
        {
            eprintln!("GATE FAILED: wikinews unsourced per 20 articles {per20:.2} > {max:.2}");
            failed = true;
        }
        if failed {
            std::process::exit(1);
        }
        println!("evaluation gates: passed");
    }
}
