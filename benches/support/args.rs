//! Command-line options of the bench and example binaries (`--name value`), shared with
//! `#[path]` like `drafts.rs`.

/// The value after `name` on the command line, if any.
pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// The `copydesk` binary to drive: `--bin PATH`, else the one built next to this
/// example (`target/release/examples/X` → `target/release/copydesk`). Panics with a
/// hint when it is not there.
#[allow(dead_code)] // not every bench that shares this file drives the binary
pub fn copydesk_bin() -> std::path::PathBuf {
    let bin = arg("--bin")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            let exe = std::env::current_exe().expect("current exe");
            exe.parent()
                .and_then(|p| p.parent())
                .expect("target dir")
                .join("copydesk")
        });
    assert!(
        bin.exists(),
        "{} not found: run `cargo build --release` first",
        bin.display()
    );
    bin
}
