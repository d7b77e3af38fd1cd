//! The built-in patterns of [`super::sources`], as the DFAs `build.rs`
//! made of them. Compiling them when the program runs cost a one-page
//! `thresh extract` some 60 ms, five times the rest of its work; a DFA
//! embedded in the binary is ready the moment it is first used.

use crate::dfa::EmbeddedDfa;

/// A built-in pattern: only whether a text matches it is ever asked.
pub struct Pattern {
    name: &'static str,
    /// Every match holds a digit (`\d`, worked out by the build): dates,
    /// times, counters. Most lines have none, and a scan for one is
    /// quicker than the DFA.
    digit: bool,
    dfa: EmbeddedDfa,
}

impl Pattern {
    const fn new(name: &'static str, anchored: bool, digit: bool, bytes: &'static [u8]) -> Self {
        Pattern {
            name,
            digit,
            dfa: EmbeddedDfa::new(anchored, bytes),
        }
    }

    /// The name it has in `sources.rs`.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Its automaton, for tests that search it directly.
    #[cfg(test)]
    pub fn dfa(&self) -> &EmbeddedDfa {
        &self.dfa
    }

    /// True when `text` matches: from its start for line patterns, anywhere
    /// for the others.
    pub fn is_match(&self, text: &str) -> bool {
        // Most lines a pattern is tried on fail on their first byte, which
        // is told quicker than whether they hold a digit.
        if let Some(&b) = text.as_bytes().first() {
            if !self.dfa.can_start_with(b) {
                return false;
            }
        }
        if self.digit && !has_digit(text) {
            return false;
        }
        self.dfa.is_match(text)
    }
}

/// True when `text` may hold a character `\d` matches (a decimal digit of
/// any script): every numeric character counts, a superset.
fn has_digit(text: &str) -> bool {
    if text.is_ascii() {
        text.bytes().any(|b| b.is_ascii_digit())
    } else {
        text.chars().any(char::is_numeric)
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pattern").field("name", &self.name).finish()
    }
}

include!(concat!(env!("OUT_DIR"), "/vocab_patterns.rs"));

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::dfa::sparse;

    #[test]
    fn most_line_patterns_turn_texts_away_by_their_first_byte() {
        let anchored: Vec<&&Pattern> = ALL.iter().filter(|p| p.dfa.anchored()).collect();
        let filtered = anchored
            .iter()
            .filter(|p| (0..=255).any(|b| !p.dfa.can_start_with(b)))
            .count();
        assert!(
            filtered * 2 > anchored.len(),
            "{filtered} of {}",
            anchored.len()
        );
        // A search anywhere in the text can start with any byte.
        for p in ALL.iter().filter(|p| !p.dfa.anchored()) {
            assert!((0..=255).all(|b| p.dfa.can_start_with(b)), "{}", p.name);
        }
    }

    #[test]
    fn dates_and_counters_need_a_digit_and_lines_without_one_are_turned_away() {
        let by_name = |name: &str| ALL.iter().find(|p| p.name == name).expect(name);
        for name in ["DATE", "DATE_LED", "EN_DATE_ONLY", "COUNTER"] {
            assert!(by_name(name).digit, "{name}");
        }
        for name in ["LABEL", "TEASER", "BYLINE", "EN_SHORT_NOISE"] {
            assert!(!by_name(name).digit, "{name}");
        }
        assert!(has_digit("am ٣ März") && has_digit("3") && !has_digit("März, Montag"));
        assert!(by_name("DATE").is_match("12. März 2024"));
        assert!(
            by_name("DATE").is_match("١٢.٠٣.٢٠٢٤"),
            "digits of another script"
        );
        assert!(!by_name("DATE").is_match("März"));
    }

    #[test]
    fn every_pattern_deserializes_checked() {
        for p in ALL {
            sparse::DFA::from_bytes(p.dfa.bytes()).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        }
    }

    #[test]
    fn the_dfas_agree_with_the_regex_crate() {
        // The same sources compiled by `regex` at test time, asked about
        // lines that match some patterns and not others.
        let lines = [
            "Related stories",
            "Lesen Sie auch: Der Bürgermeister tritt zurück",
            "Teilen",
            "Abonnieren Sie unseren Newsletter",
            "1.234 Aufrufe",
            "Foto: dpa",
            "12. März 2024, 14:30 Uhr",
            "Von Anna Muster",
            "By John Smith and Jane Doe",
            "Published on March 3, 2024",
            "Sign up",
            "4.5 out of 5 stars",
            "March 3, 2024",
            "Accessories for the kitchen",
            "The river rose over the old town walls during the night.",
            "12,99 €",
            "/2024/05/story",
            "/collections/shoes",
            "/products/x/",
            "/blog/",
        ];
        let sources = super::super::sources::all();
        assert_eq!(sources.len(), ALL.len());
        for (source, pattern) in sources.iter().zip(ALL) {
            assert_eq!(
                (source.name, source.anchored),
                (pattern.name, pattern.dfa.anchored())
            );
            let re = regex::Regex::new(&source.pattern).expect(source.name);
            for line in lines {
                assert_eq!(
                    pattern.is_match(line),
                    re.is_match(line),
                    "{} on {line:?}",
                    source.name
                );
            }
        }
    }
}
