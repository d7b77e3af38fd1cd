//! Tests: fetch.
