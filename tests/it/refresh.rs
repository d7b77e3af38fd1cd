//! Tests: refresh.
