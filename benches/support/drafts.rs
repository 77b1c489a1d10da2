//! Generated news-like drafts for the benchmarks (shared by `benches/engine.rs`,
//! `examples/profile_engine.rs` and `examples/lsp_bench.rs` through `#[path]`).
//!
//! The drafts repeat the paragraphs of `examples/drafts/council-vote.md` with the names
//! varied, so quotes, speakers and sources scale with the length.

/// A Markdown draft of at least `words` words.
pub fn draft(words: usize) -> String {
    let base = include_str!("../../examples/drafts/council-vote.md");
    let body: Vec<&str> = base
        .split("\n\n")
        .filter(|p| !p.starts_with("---") && !p.starts_with('#'))
        .collect();
    let names = [
        "Ortiz",
        "Delgado",
        "Ruiz",
        "Brenner",
        "Okafor",
        "Lindqvist",
        "Ambrose",
    ];
    let mut out = String::from("# Generated draft\n\n");
    let mut count = 2;
    let mut i = 0;
    while count < words {
        let p = body[i % body.len()];
        let name = names[(i / body.len()) % names.len()];
        let p = p.replace("Ortiz", name);
        count += p.split_whitespace().count();
        out.push_str(&p);
        out.push_str("\n\n");
        i += 1;
    }
    out
}
