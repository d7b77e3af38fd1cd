//! The shipped `selectors/` (and its subfolders of imported files), compiled
//! into the binary so an installed `thresh` works from any folder.
//! `build.rs` writes the table, with the hosts of each file already read.

use crate::dfa::EmbeddedDfa;

/// One shipped rule file.
pub(crate) struct Embedded {
    /// Its path under `selectors/`: `example.com.toml`, `ftr/example.com.toml`.
    pub(crate) name: &'static str,
    /// How errors name it: `selectors/<name>`.
    pub(crate) file: &'static str,
    /// From a subfolder: imported from elsewhere, losing a host to a
    /// hand-written file.
    pub(crate) imported: bool,
    /// The hosts it claims, as the build script read them.
    pub(crate) hosts: HostList,
    /// The file's text.
    pub(crate) text: &'static str,
}

/// What the build script read of a file's `hosts` (see `scan.rs`).
// Which variants the generated table uses depends on the files shipped.
#[allow(dead_code)]
pub(crate) enum HostList {
    /// `hosts = [...]` as written.
    Listed(&'static [&'static str]),
    /// No `hosts`: the file name is the host.
    FromName,
    /// Written in a way the build script does not read: parse at startup.
    Unknown,
}

/// What the build read of one shipped text pattern's syntax: the fields
/// of `analysis::Analysis`, as statics.
pub(crate) struct Analysed {
    pub(crate) max_len: Option<usize>,
    pub(crate) max_chars: Option<usize>,
    pub(crate) first_bytes: Option<[u64; 4]>,
    pub(crate) needles: &'static [&'static [u8]],
    pub(crate) may_match_empty: bool,
    /// Its automaton, built by the build.
    pub(crate) automaton: Option<Automaton>,
}

/// A shipped pattern's DFA, or its loose form's: see `build.rs`. In the
/// static table, so each is loaded once per process, whatever the rule sets.
#[derive(Debug)]
pub(crate) struct Automaton {
    /// The pattern's own DFA, which decides a match alone; else the loose
    /// form's, which only rules matches out, except on a text of at most
    /// `exact_up_to` characters, where it decides too
    /// (`analysis::loosened_exact_up_to`): a loose form's `.*` cannot take
    /// more than a short text has. `usize::MAX` for the pattern's own DFA.
    pub(crate) exact_up_to: usize,
    pub(crate) dfa: EmbeddedDfa,
}

/// The build's reading of `source`, a shipped file's text pattern; `None`
/// for any other pattern.
pub(crate) fn analysed(source: &str) -> Option<&'static Analysed> {
    PATTERNS
        .binary_search_by(|(s, _)| (*s).cmp(source))
        .ok()
        .map(|i| &PATTERNS[i].1)
}

include!(concat!(env!("OUT_DIR"), "/builtin_selectors.rs"));
