//! The automata `build.rs` embeds in the binary (the built-in vocabulary's
//! patterns, the shipped rule files' text patterns), loaded the first time
//! one is searched. Building them when the program runs cost a one-page
//! `thresh extract` several times the rest of its work.

use std::sync::OnceLock;

use regex_automata::dfa::{sparse, Automaton};
use regex_automata::{Anchored, Input};

/// A sparse DFA serialized by `build.rs`; only whether a text matches is
/// ever asked.
pub struct EmbeddedDfa {
    /// Built for searches anchored at the text's start.
    anchored: bool,
    bytes: &'static [u8],
    dfa: OnceLock<sparse::DFA<&'static [u8]>>,
}

impl EmbeddedDfa {
    /// The DFA in `bytes`, as `build.rs` wrote it; `anchored` as it built it.
    pub const fn new(anchored: bool, bytes: &'static [u8]) -> Self {
        EmbeddedDfa {
            anchored,
            bytes,
            dfa: OnceLock::new(),
        }
    }

    /// Whether searches start only at the text's start.
    pub fn anchored(&self) -> bool {
        self.anchored
    }

    /// The serialized DFA.
    pub fn bytes(&self) -> &'static [u8] {
        self.bytes
    }

    /// True when the DFA finds a match in `text` (from its start only when
    /// anchored).
    pub fn is_match(&self, text: &str) -> bool {
        let dfa = self.dfa.get_or_init(|| {
            // SAFETY: the bytes were written by `build.rs` with
            // `to_bytes_*_endian` for this target's endianness, by the same
            // regex-automata release (Cargo.lock resolves the build
            // dependency and the dependency, both 0.4, to one version), and
            // embedded unchanged; the tests of each table that holds them
            // (`every_pattern_deserializes_checked`,
            // `shipped_pattern_automata_load_checked_and_agree`) validate
            // every one in full. Unchecked loading skips that validation,
            // which costs milliseconds per automaton at every start.
            let loaded = unsafe { sparse::DFA::from_bytes_unchecked(self.bytes) };
            loaded
                .unwrap_or_else(|e| panic!("an automaton embedded by build.rs: {e}"))
                .0
        });
        let anchored = if self.anchored {
            Anchored::Yes
        } else {
            Anchored::No
        };
        let input = Input::new(text).anchored(anchored).earliest(true);
        // A search errs only on quit bytes or Unicode word boundaries, and
        // `build.rs` builds with neither.
        matches!(dfa.try_search_fwd(&input), Ok(Some(_)))
    }
}

impl std::fmt::Debug for EmbeddedDfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedDfa")
            .field("anchored", &self.anchored)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}
