//! The automata `build.rs` embeds in the binary (the built-in vocabulary's
//! patterns, the shipped rule files' text patterns), loaded the first time
//! one is searched. Building them when the program runs cost a one-page
//! `thresh extract` several times the rest of its work.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::OnceLock;

use regex_automata::dfa::{sparse, Automaton};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, Input};

/// A sparse DFA serialized by `build.rs`; only whether a text matches is
/// ever asked.
pub struct EmbeddedDfa {
    /// Built for searches anchored at the text's start.
    anchored: bool,
    bytes: &'static [u8],
    loaded: OnceLock<Loaded>,
}

/// The DFA once loaded, and where its first step leads from each byte.
struct Loaded {
    dfa: sparse::DFA<&'static [u8]>,
    /// The state a search starts in (at the text's start).
    start: StateID,
    /// Where the start state goes on each byte, filled in as bytes are met
    /// (`UNKNOWN` until then; two threads filling one entry write the same
    /// value). A sparse state finds its transition by a linear search of
    /// its byte ranges, and the start state of a pattern of many words has
    /// the most: that first step was about a third of the searches' time.
    first_step: [AtomicU32; 256],
    /// Steps taken lately, `(state, byte) -> state`, each packed in one
    /// word (see [`Loaded::next`]). A search spends most of its steps in a
    /// few states near the start, whose sparse transitions are as slow to
    /// find as the start state's.
    steps: Box<[AtomicU64]>,
}

/// The entries of [`Loaded::steps`] (a power of two): 4 KiB an automaton.
const STEPS: usize = 512;

/// A `first_step` entry not yet worked out: no state has this id (ids are
/// offsets into the transition table, which is far smaller).
const UNKNOWN: u32 = u32::MAX;

impl EmbeddedDfa {
    /// The DFA in `bytes`, as `build.rs` wrote it; `anchored` as it built it.
    pub const fn new(anchored: bool, bytes: &'static [u8]) -> Self {
        EmbeddedDfa {
            anchored,
            bytes,
            loaded: OnceLock::new(),
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

    fn loaded(&self) -> &Loaded {
        self.loaded.get_or_init(|| {
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
            let dfa = loaded
                .unwrap_or_else(|e| panic!("an automaton embedded by build.rs: {e}"))
                .0;
            let config = start::Config::new().anchored(self.anchoring());
            let start = dfa
                .start_state(&config)
                .unwrap_or_else(|e| panic!("an automaton embedded by build.rs: {e}"));
            Loaded {
                dfa,
                start,
                first_step: [const { AtomicU32::new(UNKNOWN) }; 256],
                steps: (0..STEPS).map(|_| AtomicU64::new(0)).collect(),
            }
        })
    }

    fn anchoring(&self) -> Anchored {
        if self.anchored {
            Anchored::Yes
        } else {
            Anchored::No
        }
    }

    /// False when no text starting with `byte` can match: the DFA dies on
    /// it. A check cheaper than [`EmbeddedDfa::is_match`] for a caller
    /// with a second test to make before the search.
    pub fn can_start_with(&self, byte: u8) -> bool {
        let loaded = self.loaded();
        !loaded.dfa.is_dead_state(loaded.first(byte))
    }

    /// True when the DFA finds a match in `text` (from its start only when
    /// anchored).
    pub fn is_match(&self, text: &str) -> bool {
        let loaded = self.loaded();
        let Loaded { dfa, start, .. } = loaded;
        let bytes = text.as_bytes();
        // The search of `regex_automata::dfa::search`, asking only whether
        // there is a match (earliest), with the first step from the table.
        let Some(&first) = bytes.first() else {
            return dfa.is_match_state(dfa.next_eoi_state(*start));
        };
        let mut state = loaded.first(first);
        let mut at = 1;
        loop {
            // A match is reported one byte late: a match state here means
            // the text up to the byte before matched.
            if dfa.is_special_state(state) {
                if dfa.is_match_state(state) {
                    return true;
                }
                if dfa.is_dead_state(state) {
                    return false;
                }
                if dfa.is_quit_state(state) {
                    return self.searched(text);
                }
                if dfa.is_accel_state(state) {
                    // The state loops on every byte but these few: skip
                    // to the next one.
                    let needles = dfa.accelerator(state);
                    let rest = &bytes[at..];
                    let found = match *needles {
                        [a] => memchr::memchr(a, rest),
                        [a, b] => memchr::memchr2(a, b, rest),
                        [a, b, c] => memchr::memchr3(a, b, c, rest),
                        _ => Some(0),
                    };
                    at = found.map_or(bytes.len(), |i| at + i);
                }
            }
            let Some(&b) = bytes.get(at) else { break };
            state = loaded.next(state, b);
            at += 1;
        }
        dfa.is_match_state(dfa.next_eoi_state(state))
    }

    /// [`EmbeddedDfa::is_match`] as the library searches.
    fn searched(&self, text: &str) -> bool {
        let input = Input::new(text).anchored(self.anchoring()).earliest(true);
        // A search errs only on quit bytes or Unicode word boundaries, and
        // `build.rs` builds with neither.
        matches!(self.loaded().dfa.try_search_fwd(&input), Ok(Some(_)))
    }
}

impl Loaded {
    /// Where `state` goes on `byte`, from [`Loaded::steps`] when it holds
    /// the step. An entry is the step's key (state and byte, plus one, so
    /// that no key is 0, the empty entry) above the state it leads to, in
    /// one atomic word: a thread reads a whole entry or another whole one.
    fn next(&self, state: StateID, byte: u8) -> StateID {
        let id = u64::from(state.as_u32());
        // Ids are offsets into a transition table of a few megabytes at
        // most; one too large for the key's bits goes uncached.
        if id >= 1 << 23 {
            return self.dfa.next_state(state, byte);
        }
        let key = (id << 8 | u64::from(byte)) + 1;
        let slot = &self.steps
            [(key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - STEPS.trailing_zeros())) as usize];
        let entry = slot.load(Ordering::Relaxed);
        if entry >> 32 == key {
            return StateID::new_unchecked((entry & 0xffff_ffff) as usize);
        }
        let next = self.dfa.next_state(state, byte);
        slot.store(key << 32 | u64::from(next.as_u32()), Ordering::Relaxed);
        next
    }

    /// Where the start state goes on `byte`.
    fn first(&self, byte: u8) -> StateID {
        let slot = &self.first_step[usize::from(byte)];
        let known = slot.load(Ordering::Relaxed);
        if known != UNKNOWN {
            return StateID::new_unchecked(known as usize);
        }
        let next = self.dfa.next_state(self.start, byte);
        slot.store(next.as_u32(), Ordering::Relaxed);
        next
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Lines to search: every line of the fixtures' articles (prose in
    /// several languages, with credits, dates and headings among it), and
    /// lines made to reach the corners of the search.
    pub(crate) fn lines() -> Vec<String> {
        let mut lines: Vec<String> = [
            "",
            " ",
            "\n",
            "©",
            "© 2024 Example Media. All rights reserved",
            "Foto: dpa",
            "Photo: John Smith / Reuters",
            "12. März 2024, 14:30 Uhr",
            "Related stories",
            "Sent from my iPhone using Tapatalk",
            "Von Anna Muster",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        // Long runs a state loops on, which the search skips by byte search.
        for lead in [
            "Copyright ",
            "(c) ",
            "Foto: ",
            "© ",
            "By Anna ",
            "Related: ",
        ] {
            lines.push(format!("{lead}{}", "word ".repeat(300)));
            lines.push(format!("{lead}{}.", "Wörter und mehr ".repeat(40)));
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for host in std::fs::read_dir(&root).expect("fixtures folder") {
            let host = host.expect("fixtures entry").path();
            let Ok(files) = std::fs::read_dir(&host) else {
                continue;
            };
            for file in files {
                let path = file.expect("fixture entry").path();
                if path.extension().is_some_and(|e| e == "txt") {
                    let text = std::fs::read_to_string(&path).expect("fixture text");
                    lines.extend(text.lines().map(str::to_owned));
                }
            }
        }
        lines
    }

    #[test]
    fn the_search_answers_as_the_library_does() {
        let mut automata: Vec<(&str, &EmbeddedDfa)> = crate::extract::vocab::patterns::ALL
            .iter()
            .map(|p| (p.name(), p.dfa()))
            .collect();
        automata.extend(
            crate::rules::embedded::PATTERNS
                .iter()
                .filter_map(|(source, a)| Some((*source, &a.automaton.as_ref()?.dfa))),
        );
        let lines = lines();
        assert!(lines.len() > 500, "{} lines", lines.len());
        let mut matched = 0;
        for (name, dfa) in automata {
            for line in &lines {
                let found = dfa.is_match(line);
                assert_eq!(found, dfa.searched(line), "{name} on {line:?}");
                if let Some(&b) = line.as_bytes().first() {
                    assert!(dfa.can_start_with(b) || !found, "{name} on {line:?}");
                }
                matched += usize::from(found);
            }
        }
        assert!(matched > 200, "too few lines match to test: {matched}");
    }
}
