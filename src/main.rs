//! The `copydesk` binary: the command line lives in [`copydesk::cli`].

fn main() -> std::process::ExitCode {
    copydesk::cli::main()
}
