//! Tests: cli_extract.
