//! The `thresh` binary: parse flags, hand over to the library, exit.

use std::process::ExitCode;

fn main() -> ExitCode {
    threshing::cli::main()
}
