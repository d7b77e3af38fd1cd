//! `thresh rules suggest`: a host's profile written as rules a person can
//! review and keep. A profile acts only on the runs that learn it; a rule
//! file acts on every page, a single `fetch` included, and goes through the
//! fixture loop (`fixtures regen` shows its diff), so the rules are the
//! durable form of what a profile found.
//!
//! A position key becomes a `drop` selector when every block ever seen
//! under it recurs (the container holds nothing but boilerplate); the other
//! recurring texts become anchored, escaped `drop_text` patterns. Short
//! texts and texts that belong to templated pages are left out, as the
//! profile itself leaves them (see [`super`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{HostProfile, TextStat, LONE_MIN_WORDS, MIN_PAGES, MIN_SHARE_PERCENT};

/// Patterns of texts longer than this many words match their first
/// [`PREFIX_WORDS`] words: enough to be unique to the box, and a pattern a
/// person can read.
const FULL_MAX_WORDS: usize = 12;

/// See [`FULL_MAX_WORDS`].
const PREFIX_WORDS: usize = 10;

/// The most words of a sample shown in a comment.
const COMMENT_WORDS: usize = 12;

/// The rule-file text suggested for `host` from `profile`: a `[content]`
/// table with `drop` and `drop_text`, each rule with a comment saying on
/// how many pages it was seen and what it removes.
pub fn suggest(host: &str, profile: &HostProfile) -> String {
    let recurring: Vec<&TextStat> = profile
        .recurring()
        .into_iter()
        .map(|(_, t)| t)
        .filter(|t| !(t.templated_pages > 0 && t.templated_pages * 2 >= t.pages))
        .collect();
    // Per key, the page-sightings of its recurring texts: when they are
    // all the key was ever seen holding, the key is boilerplate only.
    let mut by_key: BTreeMap<&str, (u32, Vec<&TextStat>)> = BTreeMap::new();
    for t in &recurring {
        if let Some(key) = &t.key {
            let entry = by_key.entry(key).or_default();
            entry.0 += t.pages;
            entry.1.push(t);
        }
    }
    let drops: Vec<(&str, u32, &TextStat)> = by_key
        .iter()
        .filter_map(|(&key, (sightings, texts))| {
            let stat = profile.keys.get(key)?;
            let pure = profile.recurs(stat.pages) && *sightings >= stat.blocks;
            // The longest text says best what the container is.
            let shown = texts
                .iter()
                .max_by_key(|t| (t.words, std::cmp::Reverse(&t.sample)))?;
            pure.then_some((key, stat.pages, *shown))
        })
        .collect();
    let covered = |t: &TextStat| {
        t.key
            .as_deref()
            .is_some_and(|k| drops.iter().any(|(d, _, _)| *d == k))
    };
    let texts: Vec<&TextStat> = recurring
        .iter()
        .copied()
        .filter(|t| t.words as usize >= LONE_MIN_WORDS && !covered(t))
        .collect();

    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Suggested for {host} by `thresh rules suggest` from {} pages: blocks seen on\n\
         # at least {MIN_PAGES} and {MIN_SHARE_PERCENT}% of them. Review each rule, keep what is boilerplate, add\n\
         # it to selectors/{host}.toml, then `thresh fixtures regen {host}` shows its effect.",
        profile.pages
    );
    if drops.is_empty() && texts.is_empty() {
        let _ = writeln!(out, "# Nothing recurs: no rule to suggest.");
        return out;
    }
    let _ = writeln!(out, "\n[content]");
    let list = |out: &mut String, name: &str, items: Vec<(String, u32, &str)>| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(out, "{name} = [");
        for (rule, pages, sample) in items {
            let _ = writeln!(
                out,
                "    # on {pages} of {} pages: {}",
                profile.pages,
                comment_text(sample)
            );
            let _ = writeln!(out, "    {},", toml_string(&rule));
        }
        let _ = writeln!(out, "]");
    };
    list(
        &mut out,
        "drop",
        drops
            .iter()
            .map(|(key, pages, t)| ((*key).to_owned(), *pages, t.sample.as_str()))
            .collect(),
    );
    list(
        &mut out,
        "drop_text",
        texts
            .iter()
            .map(|t| (pattern(&t.sample), t.pages, t.sample.as_str()))
            .collect(),
    );
    out
}

/// An anchored, case-insensitive pattern for a block whose text is `text`:
/// the whole text when short, else its first words.
pub fn pattern(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (words, end) = if words.len() <= FULL_MAX_WORDS {
        (&words[..], "$")
    } else {
        (&words[..PREFIX_WORDS], "")
    };
    let body: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    format!("(?i)^{}{end}", body.join(r"\s+"))
}

/// A sample for a one-line comment: its first words, quoted.
fn comment_text(text: &str) -> String {
    let mut words = text.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(COMMENT_WORDS).collect();
    let more = if words.next().is_some() { " ..." } else { "" };
    format!("\"{}{more}\"", head.join(" "))
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::super::{fingerprint, KeyStat};
    use super::*;

    fn text(sample: &str, pages: u32, templated: u32, key: Option<&str>) -> (u64, TextStat) {
        let (fp, words) = fingerprint(sample).unwrap();
        (
            fp,
            TextStat {
                pages,
                templated_pages: templated,
                words: words as u32,
                sample: sample.into(),
                key: key.map(Into::into),
            },
        )
    }

    #[test]
    fn patterns_are_anchored_and_escaped() {
        let p = pattern("Read also: (our) guide to winter cycling?");
        assert_eq!(
            p,
            r"(?i)^Read\s+also:\s+\(our\)\s+guide\s+to\s+winter\s+cycling\?$"
        );
        let re = regex::Regex::new(&p).unwrap();
        assert!(re.is_match("read ALSO: (our) guide to  winter cycling?"));
        assert!(!re.is_match("Read also: (our) guide to winter cycling? Now"));
        let long = "one two three four five six seven eight nine ten eleven twelve thirteen";
        assert_eq!(
            pattern(long),
            r"(?i)^one\s+two\s+three\s+four\s+five\s+six\s+seven\s+eight\s+nine\s+ten"
        );
    }

    #[test]
    fn pure_containers_become_selectors_and_the_rest_patterns() {
        let promo = "Get the best of the week in your inbox every Friday";
        let read = "Read also: our guide to winter cycling";
        let legal = "Supplements are not a substitute for a varied diet";
        let profile = HostProfile {
            pages: 10,
            templated_pages: 4,
            texts: [
                text(promo, 10, 4, Some("aside.promo")),
                text("Newsletter", 10, 4, Some("aside.promo")),
                text(read, 6, 0, Some("div.body")),
                text(legal, 4, 4, Some("div.body")),
                text("Once only, a story", 1, 0, Some("div.body")),
            ]
            .into_iter()
            .collect(),
            keys: [
                (
                    "aside.promo".to_owned(),
                    KeyStat {
                        pages: 10,
                        blocks: 20,
                    },
                ),
                (
                    "div.body".to_owned(),
                    KeyStat {
                        pages: 10,
                        blocks: 40,
                    },
                ),
            ]
            .into_iter()
            .collect(),
        };
        let toml = suggest("shop.test", &profile);
        assert!(
            toml.contains("drop = [\n    # on 10 of 10 pages: \"Get the best"),
            "{toml}"
        );
        assert!(toml.contains("\"aside.promo\","), "{toml}");
        assert!(toml.contains("# on 6 of 10 pages: \"Read also"), "{toml}");
        assert!(toml.contains(r"'(?i)^Read\s+also:"), "{toml}");
        assert!(!toml.contains("div.body"), "{toml}");
        assert!(!toml.contains("Supplements"), "{toml}");
        assert!(!toml.contains("inbox every Friday$"), "{toml}");
        let parsed: toml::Value = toml.parse().expect("valid TOML");
        assert_eq!(parsed["content"]["drop"].as_array().unwrap().len(), 1);
        assert_eq!(parsed["content"]["drop_text"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn nothing_recurring_is_said_so() {
        let toml = suggest("a.test", &HostProfile::default());
        assert!(toml.contains("Nothing recurs"), "{toml}");
        assert!(toml.parse::<toml::Value>().is_ok());
    }
}
