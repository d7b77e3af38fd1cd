//! The shipped `selectors/*.toml`, compiled into the binary so an installed
//! `thresh` works from any folder. `build.rs` writes the table.

include!(concat!(env!("OUT_DIR"), "/builtin_selectors.rs"));
