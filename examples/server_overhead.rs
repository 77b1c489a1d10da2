//! What a keystroke costs in the server outside the engine and the rules, in process, on
//! the generated drafts (`benches/support/drafts.rs`): applying the edit to the rope,
//! the rope to a `String`, findings → LSP diagnostics (positions in UTF-16, typing
//! state on and off; the line index they use is built once per version, timed apart),
//! the rope's own per-position conversion and the old path (typing filter per finding,
//! rope positions) for comparison, and the JSON of the `publishDiagnostics`
//! notification. Engine and rules are timed alongside for scale (best of 3). Median of
//! `--runs` (default 21) runs per step, in ms.
//!
//! ```sh
//! cargo run --release --example server_overhead -- --words 10000,100000
//! ```
#[path = "../benches/support/drafts.rs"]
mod drafts;

use copydesk::config::Config;
use copydesk::engine::Format;
use copydesk::server::diagnostics::diagnostics;
use copydesk::server::document::{Snapshot, Typing};
use copydesk::server::position::{Encoding, LineIndex, apply_change, position};
use ropey::Rope;
use std::time::Instant;
use tower_lsp_server::ls_types::{PublishDiagnosticsParams, Range, Uri};

#[path = "../benches/support/args.rs"]
mod args;
use args::arg;

/// Median wall time of `runs` calls of `f`, in ms.
fn median(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

fn main() {
    let runs: usize = arg("--runs").and_then(|r| r.parse().ok()).unwrap_or(21);
    let words: Vec<usize> = arg("--words")
        .unwrap_or_else(|| "10000,100000".into())
        .split(',')
        .filter_map(|w| w.trim().parse().ok())
        .collect();
    let uri: Uri = "file:///tmp/draft.md".parse().unwrap();
    let cfg = Config::default();
    println!(
        "| words | findings | rope edit | rope → String | engine + rules | → diagnostics typing (not typing) | line index | rope positions | old filter + positions | JSON | JSON via Value | bytes |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for w in words {
        let text = drafts::draft(w);
        let mut rope = Rope::from_str(&text);
        // One character typed in the middle of the draft, as an editor sends it.
        let mid = text[..text.len() / 2].rfind(' ').unwrap_or(0);
        let p = position(&rope, mid, Encoding::Utf16);
        let edit = median(runs, || {
            let mut r = rope.clone();
            apply_change(&mut r, Some(Range::new(p, p)), "x", Encoding::Utf16);
        });
        let at = apply_change(&mut rope, Some(Range::new(p, p)), "x", Encoding::Utf16);
        let to_string = median(runs, || {
            std::hint::black_box(rope.to_string());
        });
        // Engine and rules, best of 3; the last snapshot is converted below.
        let mut analysis = f64::INFINITY;
        let mut snap = None;
        for _ in 0..3 {
            let t = Instant::now();
            snap = Some(Snapshot::compute_with_rope(
                rope.clone(),
                rope.to_string(),
                Some(2),
                Format::Markdown,
                &cfg,
                None,
            ));
            analysis = analysis.min(t.elapsed().as_secs_f64() * 1e3);
        }
        let snap = snap.expect("three runs");
        let typing = Some(Typing { at, generation: 1 });
        let convert = median(runs, || {
            std::hint::black_box(diagnostics(&snap, typing, &uri, Encoding::Utf16));
        });
        let not_typing = median(runs, || {
            std::hint::black_box(diagnostics(&snap, None, &uri, Encoding::Utf16));
        });
        // The rope's own O(log n) conversion per position (what the diagnostics used
        // before the line index), and building the index (once per version).
        let rope_positions = median(runs, || {
            for f in &snap.findings {
                std::hint::black_box(copydesk::server::position::range(
                    &snap.rope,
                    &f.span,
                    Encoding::Utf16,
                ));
            }
        });
        // The path before the line index and the once-per-publication paragraph: the
        // typing filter per finding (a scan of the blocks each) and rope positions.
        let old_path = median(runs, || {
            let kept = snap
                .findings
                .iter()
                .filter(|f| !copydesk::server::diagnostics::quiet(f, &snap, typing));
            for f in kept {
                std::hint::black_box(copydesk::server::position::range(
                    &snap.rope,
                    &f.span,
                    Encoding::Utf16,
                ));
                for (sp, _) in &f.related {
                    std::hint::black_box(copydesk::server::position::range(
                        &snap.rope,
                        sp,
                        Encoding::Utf16,
                    ));
                }
            }
        });
        let index = median(runs, || {
            std::hint::black_box(LineIndex::new(&snap.text));
        });
        let diags = diagnostics(&snap, typing, &uri, Encoding::Utf16);
        let params = PublishDiagnosticsParams::new(uri.clone(), diags, Some(2));
        let json = median(runs, || {
            std::hint::black_box(serde_json::to_string(&params).unwrap());
        });
        // What tower-lsp-server does with a notification: params → `serde_json::Value`,
        // then the message → text (and the tree dropped).
        let via_value = median(runs, || {
            let v = serde_json::to_value(&params).unwrap();
            std::hint::black_box(serde_json::to_string(&v).unwrap());
        });
        println!(
            "| {w} | {} | {edit:.3} | {to_string:.3} | {analysis:.1} (best of 3) | {convert:.3} ({not_typing:.3}) | {index:.3} | {rope_positions:.3} | {old_path:.3} | {json:.3} | {via_value:.3} | {} |",
            snap.findings.len(),
            serde_json::to_string(&params).unwrap().len()
        );
    }
}
