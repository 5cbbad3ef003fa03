//! The `reviewlens` binary: see `reviewlens --help`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
