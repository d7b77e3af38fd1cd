//! The `thresh` binary: parse flags, hand over to the library, exit.

use std::process::ExitCode;

// Parsing a page makes hundreds of thousands of small allocations; the
// library leaves the allocator to its users, the binary picks a fast one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    threshing::cli::main()
}
