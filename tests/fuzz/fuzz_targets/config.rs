//! The configuration parser (`copydesk.toml`, front-matter `copydesk:` blocks, editor
//! settings) and the `drafts` glob matcher on arbitrary input: errors, never panics, and
//! user-supplied globs match in bounded time.
#![no_main]

use copydesk::config::{Config, glob_match};
use copydesk::engine::{Format, analyze};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = copydesk_fuzz::text(data);
    if let Ok(cfg) = Config::from_toml(&text) {
        for p in ["a.md", "drafts/x/y.md", "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p.txt"] {
            let _ = cfg.is_draft(p);
        }
        let _ = copydesk::rules::check("“Hello,” she said.", Format::Markdown, &cfg);
    }
    // The same text as a YAML front-matter block and as editor settings (JSON).
    let draft = format!("---\ncopydesk:\n{text}\n---\n“Hi,” Ortiz said.\n");
    let a = analyze(&draft, Format::Markdown);
    let _ = Config::default().with_front_matter(&a);
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
        let _ = copydesk::server::workspace::apply_settings(&Config::default(), &v);
    }
    // Globs: the text split into a pattern and a path.
    if let Some((pat, path)) = text.split_once('\n') {
        let _ = glob_match(pat, path);
    }
});
