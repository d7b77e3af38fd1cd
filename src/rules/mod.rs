//! Per-site rule files (`selectors/*.toml`): what to keep, what to drop, how
//! to ask a site for its page. This module parses and validates them into a
//! compiled [`RuleSet`] once, so extraction never re-parses a selector or a
//! regex, and so a bad rule file is refused before any work starts.
//!
//! The format is fixed by DESIGN.md; see the README for a guide.
//!
//! Where rules come from: the shipped `selectors/*.toml`, compiled into the
//! binary ([`RuleSet::builtin`]), then each user folder in turn
//! ([`RuleSet::load`]); a later file of the same name replaces an earlier
//! one, and a later file claiming the same host wins for that host.

mod embedded;
mod index;
mod parse;

use std::path::{Path, PathBuf};

use crate::selector::Selector;
use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind};
use thiserror::Error;

pub use index::SelectorIndex;

/// A `drop_text` or `stop_at` pattern, matched against a block's whole text.
#[derive(Debug, Clone)]
pub struct TextPattern {
    regex: Regex,
    /// The longest text (in bytes) an anchored pattern can match; `None` when
    /// unbounded or unanchored. Most patterns are short phrases, and most
    /// blocks are longer than any of them: those are skipped unread.
    max_len: Option<usize>,
    /// The bytes a match can start with (a 256-bit set), when the pattern is
    /// anchored at the start and begins with one of a few literals. Every
    /// short block is tried against every pattern; most fail on their first
    /// byte, and this answers that without entering the regex engine.
    first_bytes: Option<[u64; 4]>,
    /// Texts one of which every match contains (ASCII case aside). They
    /// matter most for patterns that open with `^.{0,N}`: the regex engine
    /// walks such a block to its end, a substring search does not.
    needles: Option<Box<[Needle]>>,
}

/// Literal text a match must contain, with the position of its rarest
/// letter in English text, where the search for it starts.
#[derive(Debug, Clone)]
struct Needle {
    text: Box<[u8]>,
    pivot: usize,
}

impl Needle {
    fn new(text: Vec<u8>) -> Self {
        const BY_FREQUENCY: &[u8] = b" etaoinshrdlcumwfgypbvkjxqz";
        let rarity = |b: u8| {
            BY_FREQUENCY
                .iter()
                .position(|&f| f == b)
                .unwrap_or(BY_FREQUENCY.len())
        };
        let pivot = (0..text.len())
            .max_by_key(|&k| rarity(text[k]))
            .unwrap_or(0);
        Needle {
            text: text.into_boxed_slice(),
            pivot,
        }
    }

    /// True when `hay` holds the text, ASCII case aside: each place the
    /// pivot letter occurs (in either case) is compared in full. Most
    /// blocks hold few of a rare letter.
    fn found_in(&self, hay: &[u8]) -> bool {
        let (text, k) = (&self.text[..], self.pivot);
        let Some(&pivot) = text.get(k) else {
            return true;
        };
        memchr::memchr2_iter(pivot, pivot.to_ascii_uppercase(), hay).any(|i| {
            i >= k
                && hay.len() - (i - k) >= text.len()
                && hay[i - k..i - k + text.len()].eq_ignore_ascii_case(text)
        })
    }
}

impl TextPattern {
    /// Wraps a compiled pattern, working out from its syntax what lets a
    /// block be turned away unread: its longest match when it is anchored
    /// at both ends, the bytes it can start with, the words it must hold.
    pub fn new(regex: Regex) -> Self {
        use regex_syntax::hir::Look;
        let hir = regex_syntax::Parser::new().parse(regex.as_str()).ok();
        let anchored = hir
            .as_ref()
            .filter(|hir| hir.properties().look_set_prefix().contains(Look::Start));
        let max_len = anchored
            .filter(|hir| hir.properties().look_set_suffix().contains(Look::End))
            .and_then(|hir| hir.properties().maximum_len());
        let first_bytes = anchored.and_then(first_bytes);
        let needles = hir.as_ref().and_then(needles);
        TextPattern {
            regex,
            max_len,
            first_bytes,
            needles,
        }
    }

    /// True when the pattern matches `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.max_len.is_none_or(|max| text.len() <= max)
            && self.first_bytes.is_none_or(|set| {
                text.as_bytes()
                    .first()
                    .is_some_and(|&b| set[usize::from(b / 64)] & (1 << (b % 64)) != 0)
            })
            && self
                .needles
                .as_deref()
                .is_none_or(|needles| needles.iter().any(|n| n.found_in(text.as_bytes())))
            && self.regex.is_match(text)
    }
}

/// What every match of `hir` must contain, read from its top-level
/// sequence: the longest run of literal text, or an alternation of such runs
/// (`(amazon|affiliate)`), whichever has the longest shortest member; at
/// least four bytes, ASCII letters lower-cased.
fn needles(hir: &Hir) -> Option<Box<[Needle]>> {
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let mut best: Vec<Vec<u8>> = Vec::new();
    let shortest = |set: &[Vec<u8>]| set.iter().map(Vec::len).min().unwrap_or(0);
    let mut consider = |set: Vec<Vec<u8>>| {
        if shortest(&set) > shortest(&best) {
            best = set;
        }
    };
    let mut run = Vec::new();
    for part in parts {
        match letter(part) {
            Some(bytes) => {
                run.extend(bytes);
                consider(vec![run.clone()]);
            }
            None => {
                run.clear();
                if let Some(set) = alternatives(part) {
                    consider(set);
                }
            }
        }
    }
    (shortest(&best) >= 4).then(|| best.into_iter().map(Needle::new).collect())
}

/// The literal text a piece of a pattern stands for, ASCII letters
/// lower-cased. A case-insensitive letter counts when its class holds both
/// ASCII cases of it; the class may also hold a non-ASCII fold (`k` matches
/// the Kelvin sign, `s` the long s), and a match spelt with one is then
/// missed by the search: rule patterns are written for today's promo text.
fn letter(part: &Hir) -> Option<Vec<u8>> {
    match part.kind() {
        HirKind::Literal(lit) => Some(lit.0.to_ascii_lowercase()),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            if ranges.len() > 3 || ranges.iter().any(|r| r.start() != r.end()) {
                return None;
            }
            let ascii: Vec<char> = ranges
                .iter()
                .map(|r| r.start())
                .filter(char::is_ascii)
                .collect();
            match ascii[..] {
                [upper, lower]
                    if upper.is_ascii_uppercase() && upper.to_ascii_lowercase() == lower =>
                {
                    Some(vec![lower as u8])
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// For an alternation (in a group or not) whose every branch opens with
/// literal text, those opening texts.
fn alternatives(part: &Hir) -> Option<Vec<Vec<u8>>> {
    let part = match part.kind() {
        HirKind::Capture(cap) => &cap.sub,
        _ => part,
    };
    let HirKind::Alternation(branches) = part.kind() else {
        return None;
    };
    branches
        .iter()
        .map(|branch| {
            let pieces = match branch.kind() {
                HirKind::Concat(pieces) => &pieces[..],
                _ => std::slice::from_ref(branch),
            };
            let mut text = Vec::new();
            for piece in pieces {
                match letter(piece) {
                    Some(bytes) => text.extend(bytes),
                    None => break,
                }
            }
            (!text.is_empty()).then_some(text)
        })
        .collect()
}

/// The first bytes of every literal a match of `hir` must begin with; `None`
/// when the prefixes are not a finite set of non-empty literals (a pattern
/// opening with `.` or a wide class).
fn first_bytes(hir: &Hir) -> Option<[u64; 4]> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let mut set = [0u64; 4];
    for literal in seq.literals()? {
        let &b = literal.as_bytes().first()?;
        set[usize::from(b / 64)] |= 1 << (b % 64);
    }
    Some(set)
}

pub use parse::{normalize_host, split_attr, validate_host};

/// The file that applies to every host.
pub const GLOBAL_FILE: &str = "_global.toml";

/// Every rule file in force: the shipped ones plus the user's, compiled.
#[derive(Debug, Default, Clone)]
pub struct RuleSet {
    global: Option<SiteRules>,
    sites: Vec<SiteRules>,
}

/// The rule files that apply to one page: `_global.toml`, then the most
/// specific site file, if any.
#[derive(Debug, Clone, Copy, Default)]
pub struct Applied<'a> {
    /// `_global.toml`.
    pub global: Option<&'a SiteRules>,
    /// The site's own file.
    pub site: Option<&'a SiteRules>,
}

impl<'a> Applied<'a> {
    /// Global first, then the site file.
    pub fn iter(&self) -> impl Iterator<Item = &'a SiteRules> {
        self.global.into_iter().chain(self.site)
    }

    /// The file names, global first: what [`crate::Article::rules`] lists.
    pub fn names(&self) -> Vec<String> {
        self.iter().map(|s| s.name.clone()).collect()
    }
}

/// One compiled rule file.
#[derive(Debug, Clone)]
pub struct SiteRules {
    /// The file name, e.g. `example.com.toml` or `_global.toml`.
    pub name: String,
    /// Where it was read from (a path, or `built-in`).
    pub origin: String,
    /// The hosts it applies to (and their subdomains).
    pub hosts: Vec<String>,
    /// `[content]`.
    pub content: ContentRules,
    /// `[meta]`.
    pub meta: MetaRules,
    /// `[fetch]`.
    pub fetch: FetchRules,
    /// `[[test]]`.
    pub tests: Vec<RuleTest>,
}

/// A compiled rule with the text it was written as, for reports.
#[derive(Debug, Clone)]
pub struct Rule<T> {
    /// As written in the file.
    pub source: String,
    /// The line of the file it was written on.
    pub line: usize,
    /// Compiled form.
    pub compiled: T,
}

/// `[content]`: the article root, and what to remove from it.
#[derive(Debug, Default, Clone)]
pub struct ContentRules {
    /// First matching selector is the article; none matching: generic detection.
    pub root: Vec<Rule<Selector>>,
    /// Elements removed before anything else.
    pub drop: Vec<Rule<Selector>>,
    /// Blocks whose text matches are removed.
    pub drop_text: Vec<Rule<TextPattern>>,
    /// The article ends before the first block whose text matches.
    pub stop_at: Vec<Rule<TextPattern>>,
    /// `drop` selectors by the id, class or tag they need.
    pub drop_index: SelectorIndex,
}

/// `[meta]`: where to read the article's metadata.
#[derive(Debug, Default, Clone)]
pub struct MetaRules {
    /// Headline.
    pub title: Option<Rule<MetaSelector>>,
    /// Author.
    pub author: Option<Rule<MetaSelector>>,
    /// Publication date.
    pub published: Option<Rule<MetaSelector>>,
}

/// A selector plus an optional attribute to read (`selector@attr`).
#[derive(Debug, Clone)]
pub struct MetaSelector {
    /// Element to find.
    pub selector: Selector,
    /// Attribute to read; the element's text when `None`.
    pub attr: Option<String>,
}

/// `[fetch]`: how to ask this site for a page.
#[derive(Debug, Default, Clone)]
pub struct FetchRules {
    /// Extra request headers.
    pub headers: Vec<(String, String)>,
    /// Cookies sent with every request to the site.
    pub cookies: Vec<(String, String)>,
    /// URL rewrite (to a print or single-page version).
    pub rewrite: Option<Rewrite>,
}

/// A regex rewrite of the request URL.
#[derive(Debug, Clone)]
pub struct Rewrite {
    /// Pattern matched against the whole URL.
    pub from: Regex,
    /// Replacement, with `${1}`-style groups.
    pub to: String,
}

impl Rewrite {
    /// The rewritten URL, or `None` when the pattern does not match.
    pub fn apply(&self, url: &str) -> Option<String> {
        self.from
            .is_match(url)
            .then(|| self.from.replace(url, self.to.as_str()).into_owned())
    }
}

/// `[[test]]`: an expectation checked by `cargo test` and `thresh fixtures check`.
#[derive(Debug, Clone)]
pub struct RuleTest {
    /// The page's URL (chooses the rules).
    pub url: String,
    /// `host/name` of a fixture under `fixtures/`.
    pub fixture: Option<String>,
    /// Strings the output must contain.
    pub contains: Vec<String>,
    /// Strings the output must not contain.
    pub excludes: Vec<String>,
}

/// A rule file that cannot be used. Every variant names the file, and where
/// it can, the line and the key.
#[derive(Debug, Error)]
pub enum RuleError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// Bad TOML, an unknown key or a value of the wrong type.
    #[error("{file}:{line}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong, naming the key.
        message: String,
    },
    /// Several errors, all reported at once.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Many(Vec<RuleError>),
}

impl RuleError {
    /// `None` for no errors, the error itself for one, [`RuleError::Many`]
    /// otherwise.
    pub fn from_list(mut errors: Vec<RuleError>) -> Option<RuleError> {
        match errors.len() {
            0 => None,
            1 => errors.pop(),
            _ => Some(RuleError::Many(errors)),
        }
    }

    /// Every single error, with [`RuleError::Many`] flattened, in order.
    pub fn errors(&self) -> Vec<&RuleError> {
        match self {
            RuleError::Many(list) => list.iter().flat_map(RuleError::errors).collect(),
            single => vec![single],
        }
    }
}

impl SiteRules {
    /// Parses and compiles one rule file. `name` is its file name (it gives
    /// the default host and marks `_global.toml`), `file` how errors refer
    /// to it (usually its path). Every problem in the file is reported.
    pub fn parse(name: &str, file: &str, text: &str) -> Result<SiteRules, RuleError> {
        parse::parse(name, file, file, text).map(|p| p.rules)
    }

    /// Whether this file applies to `host` (itself or a subdomain).
    pub fn covers(&self, host: &str) -> bool {
        let host = normalize_host(host);
        self.hosts.iter().any(|h| parse::host_matches(&host, h))
    }
}

impl RuleSet {
    /// An empty rule set: generic extraction only.
    pub fn empty() -> Self {
        RuleSet::default()
    }

    /// The rule files that apply to `host` (`None`: global only). The host
    /// itself is tried first, then each parent domain, so the most specific
    /// file wins; among files claiming the same host, the last loaded wins.
    pub fn for_host(&self, host: Option<&str>) -> Applied<'_> {
        Applied {
            global: self.global.as_ref(),
            site: host.and_then(|host| self.site_for(&normalize_host(host))),
        }
    }

    /// The rule files that apply to a page at `url`.
    pub fn for_url(&self, url: &url::Url) -> Applied<'_> {
        self.for_host(url.host_str())
    }

    fn site_for(&self, host: &str) -> Option<&SiteRules> {
        // An IP address has no parent domains: 10.0.0.1 is not under 0.0.1.
        let is_ip = host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok();
        let mut candidate = host;
        loop {
            if let Some(s) = self
                .sites
                .iter()
                .rev()
                .find(|s| s.hosts.iter().any(|h| h == candidate))
            {
                return Some(s);
            }
            if is_ip {
                return None;
            }
            candidate = candidate.split_once('.')?.1;
        }
    }

    /// Every rule file, global first.
    pub fn files(&self) -> impl Iterator<Item = &SiteRules> {
        self.global.iter().chain(self.sites.iter())
    }

    /// The rule files shipped inside the binary.
    pub fn builtin() -> Result<Self, RuleError> {
        Self::compile(embedded::FILES.iter().map(|&(name, text)| Source {
            name: name.to_owned(),
            file: format!("selectors/{name}"),
            origin: "built-in".to_owned(),
            text: Ok(text.to_owned()),
        }))
    }

    /// The shipped rule files plus those in `dirs`, later folders winning:
    /// a file replaces an earlier one of the same name (a user
    /// `_global.toml` replaces the shipped one), and wins over earlier
    /// files claiming the same host. Every error of every file is reported.
    pub fn load(dirs: &[PathBuf]) -> Result<Self, RuleError> {
        let mut errors = Vec::new();
        let mut set = Self::builtin().unwrap_or_else(|e| {
            errors.push(e);
            RuleSet::empty()
        });
        for dir in dirs {
            match Self::from_dir(dir) {
                Ok(user) => set.overlay(user),
                Err(e) => errors.push(e),
            }
        }
        match RuleError::from_list(errors) {
            Some(e) => Err(e),
            None => Ok(set),
        }
    }

    /// Only the rule files in `dir` (every `*.toml` in it), without the
    /// shipped ones: what `thresh rules check DIR` validates.
    pub fn from_dir(dir: &Path) -> Result<Self, RuleError> {
        let io = |source| RuleError::Io {
            path: dir.to_owned(),
            source,
        };
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            // Dot files are editors' lock and backup files, not rules.
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if path.extension().is_some_and(|e| e == "toml") && path.is_file() && !hidden {
                paths.push(path);
            }
        }
        paths.sort();
        Self::compile(paths.into_iter().map(|path| {
            Source {
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                file: path.display().to_string(),
                origin: path.display().to_string(),
                text: std::fs::read_to_string(&path).map_err(|source| RuleError::Io {
                    path: path.clone(),
                    source,
                }),
            }
        }))
    }

    /// Compiles one group of files (the shipped ones, or one folder). Two
    /// files of a group claiming the same host is an error: which one wins
    /// would depend on file names, not on the author's intent.
    fn compile(sources: impl Iterator<Item = Source>) -> Result<Self, RuleError> {
        let mut set = RuleSet::empty();
        let mut errors = Vec::new();
        let mut claimed: Vec<(String, String)> = Vec::new(); // host, file name
        for source in sources {
            let parsed = source
                .text
                .and_then(|text| parse::parse(&source.name, &source.file, &source.origin, &text));
            let parsed = match parsed {
                Ok(p) => p,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            for (host, line) in &parsed.host_lines {
                match claimed.iter().find(|(h, _)| h == host) {
                    Some((_, other)) if *other != parsed.rules.name => {
                        errors.push(RuleError::Invalid {
                            file: source.file.clone(),
                            line: *line,
                            message: format!("`hosts`: host `{host}` is also claimed by {other}"),
                        })
                    }
                    Some(_) => {}
                    None => claimed.push((host.clone(), parsed.rules.name.clone())),
                }
            }
            if parsed.rules.name == GLOBAL_FILE {
                set.global = Some(parsed.rules);
            } else {
                set.sites.push(parsed.rules);
            }
        }
        match RuleError::from_list(errors) {
            Some(e) => Err(e),
            None => Ok(set),
        }
    }

    /// Lays `later` over `self`: same-named files are replaced, the rest
    /// appended after, so they win lookups for hosts they share.
    fn overlay(&mut self, later: RuleSet) {
        if later.global.is_some() {
            self.global = later.global;
        }
        for site in later.sites {
            self.sites.retain(|s| s.name != site.name);
            self.sites.push(site);
        }
    }
}

/// One rule file to compile.
struct Source {
    name: String,
    file: String,
    origin: String,
    text: Result<String, RuleError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule set from in-memory files, as one group.
    fn set(files: &[(&str, &str)]) -> Result<RuleSet, RuleError> {
        RuleSet::compile(files.iter().map(|&(name, text)| Source {
            name: name.to_owned(),
            file: name.to_owned(),
            origin: "test".to_owned(),
            text: Ok(text.to_owned()),
        }))
    }

    fn site_name(set: &RuleSet, host: &str) -> Option<String> {
        set.for_host(Some(host)).site.map(|s| s.name.clone())
    }

    #[test]
    fn rule_sets_can_be_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<RuleSet>();
    }

    #[test]
    fn shipped_rules_compile() {
        let set = RuleSet::builtin().unwrap_or_else(|e| panic!("shipped rules:\n{e}"));
        let global = set.for_host(None).global.expect("_global.toml is shipped");
        assert!(!global.content.drop.is_empty());
        assert!(!global.content.drop_text.is_empty());
        assert!(!global.content.stop_at.is_empty());
    }

    /// The shipped global patterns see every block of every page, so each
    /// must be anchored at both ends: a pattern that can match inside a
    /// paragraph would cut real sentences.
    #[test]
    fn text_patterns_skip_blocks_longer_than_they_match() {
        let p = TextPattern::new(Regex::new("(?i)^copy link$").expect("regex"));
        assert!(p.max_len.is_some_and(|m| m >= "copy link".len()));
        assert!(p.is_match("Copy Link"));
        assert!(!p.is_match(&"copy link ".repeat(50)));
        let unanchored = TextPattern::new(Regex::new("(?i)subscribe").expect("regex"));
        assert_eq!(unanchored.max_len, None);
        assert!(unanchored.is_match(&format!("{} subscribe", "word ".repeat(500))));
        let unbounded = TextPattern::new(Regex::new("^(ad\\s*)+$").expect("regex"));
        assert_eq!(unbounded.max_len, None);
    }

    #[test]
    fn text_patterns_read_only_blocks_that_start_right() {
        let p = TextPattern::new(Regex::new("(?i)^(join|follow) us$").expect("regex"));
        assert!(p.first_bytes.is_some());
        assert!(p.is_match("Follow us") && p.is_match("JOIN US"));
        assert!(!p.is_match("Please follow us") && !p.is_match(""));
        // Case folding reaches past ASCII: `k` also matches the Kelvin sign.
        let k = TextPattern::new(Regex::new("(?i)^kb$").expect("regex"));
        assert!(k.is_match("\u{212A}B"));
        for open in ["(?i)^.{0,20}cookies$", "^\\w+ us$", "(?i)cookies"] {
            let p = TextPattern::new(Regex::new(open).expect("regex"));
            assert_eq!(p.first_bytes, None, "{open}");
        }
    }

    #[test]
    fn text_patterns_read_only_blocks_holding_their_words() {
        let p = TextPattern::new(
            Regex::new("(?i)^.{0,40}(?-u:\\b)we and our partners use cookies.{0,80}$")
                .expect("regex"),
        );
        let needles = |p: &TextPattern| -> Vec<Vec<u8>> {
            p.needles
                .iter()
                .flatten()
                .map(|n| n.text.to_vec())
                .collect()
        };
        assert_eq!(needles(&p), [b"we and our partners use cookies".to_vec()]);
        assert!(p.is_match("On this site We And Our Partners use cookies."));
        assert!(!p.is_match("We and our friends use cookies."));
        let plain = TextPattern::new(Regex::new("^.{0,9}ab$").expect("regex"));
        assert!(plain.needles.is_none(), "too short to be worth a search");
        let alt = TextPattern::new(
            Regex::new(
                "(?i)^.{0,40}(?-u:\\b)as an? (amazon|affiliate) (associate|marketer).{0,80}$",
            )
            .expect("regex"),
        );
        assert_eq!(needles(&alt), [b"associate".to_vec(), b"marketer".to_vec()]);
        assert!(alt.is_match("Note: as an Amazon associate we earn from purchases."));
        assert!(alt.is_match("As an affiliate MARKETER, I earn from qualifying purchases."));
        assert!(!alt.is_match("As an Amazon seller, she earns a commission."));
    }

    #[test]
    fn global_text_patterns_are_anchored() {
        let set = RuleSet::builtin().unwrap_or_else(|e| panic!("{e}"));
        let global = set.for_host(None).global.expect("_global.toml");
        for rule in global
            .content
            .drop_text
            .iter()
            .chain(&global.content.stop_at)
        {
            assert!(
                rule.source.starts_with("(?i)^") && rule.source.ends_with('$'),
                "_global.toml:{}: `{}` is not anchored",
                rule.line,
                rule.source
            );
        }
    }

    #[test]
    fn global_text_patterns_hit_promos_not_prose() {
        let set = RuleSet::builtin().unwrap_or_else(|e| panic!("{e}"));
        let global = set.for_host(None).global.expect("_global.toml");
        let drops = |text: &str| {
            global
                .content
                .drop_text
                .iter()
                .any(|r| r.compiled.is_match(text))
        };
        let stops = |text: &str| {
            global
                .content
                .stop_at
                .iter()
                .any(|r| r.compiled.is_match(text))
        };
        for promo in [
            "Sign up for our newsletter",
            "Subscribe to our weekly newsletter for the best stories of the week.",
            "CLICK HERE TO JOIN",
            "Join our WhatsApp channel for breaking news alerts",
            "We use cookies to give you the best experience on our website.",
            "Do Not Sell or Share My Personal Information",
            "Share this article",
            "Follow us on Facebook, X and Instagram",
            "Read more: Council approves new bus lanes",
            "This article originally appeared on The Example Times.",
            "Advertisement",
            "Download our free app",
            "5 min read",
            "© 2024 Example Media Ltd. All rights reserved.",
            "Copyright 2004-2025 Jane Doe",
            "Sent from my iPhone using Tapatalk",
            "Create an account or sign in to comment",
            "As an Amazon Associate I earn from qualifying purchases.",
            "Did you make this recipe? Leave a star rating below!",
            "Want more? Follow us on Instagram for daily tips.",
            "Sign up for our weekly newsletter to get the best deals first.",
            "This article is exclusive to Premium subscribers",
        ] {
            assert!(drops(promo), "not dropped: {promo}");
        }
        for prose in [
            "She signed up for the newsletter in 2019, and the emails changed how she saw the town.",
            "The company said it would stop using third-party cookies in its browser next year.",
            "Members can join the WhatsApp group the council set up after the floods, officials said.",
            "Share prices fell 4% after the announcement.",
            "Read the full report on the council's website before the meeting on Tuesday.",
            "Advertisement revenue fell for the third quarter in a row.",
            "Related stories about the flood were published by other outlets.",
            "Copyright law changed in 1998, and all rights reserved by authors were extended.",
            "Sent from my hotel, the report reached the editor using a borrowed phone and a great deal of patience, he said.",
            "Best ask upstream: join the linux-mm mailing list and post the trace there.",
        ] {
            assert!(!drops(prose) && !stops(prose), "prose hit: {prose}");
        }
        for heading in [
            "Related stories",
            "LATEST STORIES",
            "You may also like",
            "Leave a Reply",
            "12 Comments",
        ] {
            assert!(stops(heading), "does not stop: {heading}");
        }
    }

    #[test]
    fn host_lookup_walks_parent_domains_and_most_specific_wins() {
        let set = set(&[
            ("bbc.co.uk.toml", ""),
            ("example.com.toml", ""),
            ("news.example.com.toml", ""),
            (
                "aliases.toml",
                "hosts = ['example-news.com', 'Example-News.co.uk']",
            ),
            ("_global.toml", ""),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            site_name(&set, "news.bbc.co.uk").as_deref(),
            Some("bbc.co.uk.toml")
        );
        assert_eq!(
            site_name(&set, "WWW.BBC.CO.UK.").as_deref(),
            Some("bbc.co.uk.toml")
        );
        assert_eq!(
            site_name(&set, "example.com").as_deref(),
            Some("example.com.toml")
        );
        assert_eq!(
            site_name(&set, "a.news.example.com").as_deref(),
            Some("news.example.com.toml")
        );
        assert_eq!(
            site_name(&set, "sport.example.com").as_deref(),
            Some("example.com.toml")
        );
        assert_eq!(site_name(&set, "notexample.com"), None);
        assert_eq!(site_name(&set, "example.com.evil.org"), None);
        assert_eq!(
            site_name(&set, "www.example-news.co.uk").as_deref(),
            Some("aliases.toml")
        );
        assert_eq!(site_name(&set, "co.uk"), None);
        let applied = set.for_host(Some("news.bbc.co.uk"));
        assert_eq!(applied.names(), ["_global.toml", "bbc.co.uk.toml"]);
        let applied = set.for_host(None);
        assert!(applied.global.is_some() && applied.site.is_none());
        let url = url::Url::parse("https://www.bbc.co.uk/news/1").expect("url");
        assert_eq!(
            set.for_url(&url).site.map(|s| s.name.as_str()),
            Some("bbc.co.uk.toml")
        );
    }

    #[test]
    fn ip_hosts_have_no_parents() {
        let set = set(&[("0.0.1.toml", "hosts = ['0.0.1']"), ("127.0.0.1.toml", "")])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            site_name(&set, "127.0.0.1").as_deref(),
            Some("127.0.0.1.toml")
        );
        assert_eq!(site_name(&set, "10.0.0.1"), None);
    }

    #[test]
    fn two_files_of_one_folder_claiming_a_host_is_an_error() {
        let err = set(&[("a.com.toml", ""), ("b.toml", "hosts = ['x.org', 'a.com']")])
            .expect_err("duplicate host");
        assert_eq!(
            err.to_string(),
            "b.toml:1: `hosts`: host `a.com` is also claimed by a.com.toml"
        );
    }

    #[test]
    fn errors_of_all_files_are_collected() {
        let err = set(&[
            ("a.com.toml", "[content]\ndrop = ['[']\nroot = ['(']\n"),
            ("b.com.toml", "nope = 1\n"),
            ("c.com.toml", "[content]\ndrop = ['.ok']\n"),
        ])
        .expect_err("bad files");
        let lines: Vec<String> = err.errors().iter().map(|e| e.to_string()).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(
            lines[0].starts_with("a.com.toml:2: `content.drop[0]`"),
            "{lines:?}"
        );
        assert!(
            lines[1].starts_with("a.com.toml:3: `content.root[0]`"),
            "{lines:?}"
        );
        assert!(
            lines[2].starts_with("b.com.toml:1: `nope`: unknown key"),
            "{lines:?}"
        );
    }

    #[test]
    fn user_files_override_builtin_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let write = |name: &str, text: &str| {
            std::fs::write(dir.path().join(name), text).expect("write rule file");
        };
        write("_global.toml", "[content]\ndrop = ['.user-global']\n");
        write("example.com.toml", "[content]\ndrop = ['.user-example']\n");
        write(
            "mine.toml",
            "hosts = ['example.org']\n[content]\ndrop = ['.user-org']\n",
        );
        write("notes.txt", "not a rule file");
        let base = set(&[
            ("_global.toml", "[content]\ndrop = ['.shipped-global']\n"),
            (
                "example.com.toml",
                "[content]\ndrop = ['.shipped-example']\n",
            ),
            ("example.org.toml", "[content]\ndrop = ['.shipped-org']\n"),
            ("other.net.toml", ""),
        ]);
        let mut set = base.unwrap_or_else(|e| panic!("{e}"));
        set.overlay(RuleSet::from_dir(dir.path()).unwrap_or_else(|e| panic!("{e}")));
        let drop_of = |host: Option<&str>| -> Vec<String> {
            set.for_host(host)
                .iter()
                .flat_map(|s| s.content.drop.iter().map(|r| r.source.clone()))
                .collect()
        };
        assert_eq!(drop_of(None), [".user-global"]);
        assert_eq!(
            drop_of(Some("example.com")),
            [".user-global", ".user-example"]
        );
        assert_eq!(
            drop_of(Some("www.example.org")),
            [".user-global", ".user-org"]
        );
        assert!(site_name(&set, "other.net").is_some());
        assert_eq!(set.files().count(), 5);
        let origin = set
            .for_host(Some("example.com"))
            .site
            .map(|s| s.origin.clone());
        assert!(origin.is_some_and(|o| o.ends_with("example.com.toml") && o != "test"));
    }

    #[test]
    fn load_reports_a_missing_folder_and_bad_user_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("x.com.toml"), "[content]\ndrop = ['<']\n").expect("write");
        let missing = dir.path().join("missing");
        let err = RuleSet::load(&[dir.path().to_owned(), missing.clone()]).expect_err("bad");
        let lines: Vec<String> = err.errors().iter().map(|e| e.to_string()).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].contains("x.com.toml:2: `content.drop[0]`"),
            "{lines:?}"
        );
        assert!(
            lines[1].starts_with(&missing.display().to_string()),
            "{lines:?}"
        );
    }
}
