//! Command-line options of the bench and example binaries (`--name value`), shared with
//! `#[path]` like `drafts.rs`.

/// The value after `name` on the command line, if any.
pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}
