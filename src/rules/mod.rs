//! Per-site rule files (`selectors/*.toml`): what to keep, what to drop, how
//! to ask a site for its page. This module parses and validates them into a
//! [`RuleSet`], compiling each file once, so extraction never re-parses a
//! selector or a regex, and so a bad user file is refused before any work
//! starts.
//!
//! The format is fixed by DESIGN.md; see the README for a guide.
//!
//! Where rules come from: the shipped `selectors/` compiled into the binary
//! ([`RuleSet::builtin`]: files imported from elsewhere in its subfolders,
//! such as `ftr/`, then the hand-written `*.toml`, which win a host over
//! them), then each user folder in turn ([`RuleSet::load`]); a later file of
//! the same name replaces an earlier one, and a later file claiming the
//! same host wins for that host. Shipped files are compiled per host, on
//! first use (see [`RuleSet`]).

mod analysis;
pub(crate) mod embedded;
pub mod ftr;
mod index;
mod parse;
// Its host reader serves build.rs and the tests; the library reads only
// attribute names with it.
#[allow(dead_code)]
mod scan;
mod textindex;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::selector::Selector;
use crate::text::Fnv1a;
use regex::Regex;
use regex_automata::meta::{Config as MetaConfig, Regex as MetaRegex};
use thiserror::Error;

use embedded::{Embedded, HostList};
pub use index::SelectorIndex;
pub use textindex::{Candidates, TextIndex};

/// A `drop_text` or `stop_at` pattern, matched against a block's whole text.
#[derive(Debug, Clone)]
pub struct TextPattern {
    /// The pattern as written.
    source: String,
    /// The compiled pattern. A pattern not compiled at load is compiled
    /// the first time a block gets past the checks below (for a shipped
    /// one with a DFA of its own, never): compiling the Unicode automata
    /// of `_global.toml` cost five times the rest of a small page's run,
    /// and most patterns never see a block that could match.
    regex: OnceLock<Regex>,
    /// A looser pattern every match of this one also matches, quick to
    /// compile, run first: `None` when the pattern has nothing to loosen.
    /// Counted repetitions (`.{0,200}`) are most of the cost of compiling
    /// a pattern: each allowed copy of a Unicode class is a copy of its
    /// UTF-8 automaton, so the exact pattern takes milliseconds while the
    /// same one with those counts unbounded takes a tenth of that. Most
    /// blocks that reach the regex engine fail the loose pattern too, and
    /// the exact one is compiled only for a block the loose one matches.
    /// Built from the source the first time it is needed; a shipped
    /// pattern's loose form is its `automaton` instead. With it, the most
    /// characters a text can have for the loose form to answer exactly
    /// (see [`analysis::loosened_exact_up_to`]).
    loose: OnceLock<Option<(MetaRegex, usize)>>,
    /// The pattern itself, for the few texts its quick automaton (or loose
    /// form) cannot decide, when `regex` is not compiled already: asked
    /// only whether it matches, it is built without the lazy DFA, which
    /// needs the whole pattern compiled a second time in reverse. That
    /// halves the compile, a whole-process cost (milliseconds for a
    /// pattern of `.{0,200}` form), and the texts it reads are few and
    /// short. `None` when it does not build (then `regex` decides).
    exact: OnceLock<Option<MetaRegex>>,
    /// The longest text (in bytes) an anchored pattern can match; `None` when
    /// unbounded or unanchored. Most patterns are short phrases, and most
    /// blocks are longer than any of them: those are skipped unread.
    max_len: Option<usize>,
    /// The same in characters, which [`TextIndex`] cuts by.
    max_chars: Option<usize>,
    /// The bytes a match can start with (a 256-bit set), when the pattern is
    /// anchored at the start and begins with one of a few literals. Every
    /// short block is tried against every pattern; most fail on their first
    /// byte, and this answers that without entering the regex engine.
    first_bytes: Option<[u64; 4]>,
    /// Texts one of which every match contains (ASCII case aside). They
    /// matter most for patterns that open with `^.{0,N}`: the regex engine
    /// walks such a block to its end, a substring search does not.
    needles: Option<Box<[Needle]>>,
    /// See [`TextPattern::may_match_empty`].
    may_match_empty: bool,
    /// A shipped pattern's DFA (or its loose form's), built by the build,
    /// and loaded on first use: compiling patterns was a fifth of a
    /// one-page run.
    automaton: Option<&'static embedded::Automaton>,
}

/// Literal text a match must contain, with the position of its rarest
/// letter in English text, where the search for it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        let analysis = regex_syntax::Parser::new()
            .parse(regex.as_str())
            .ok()
            .map(|hir| analysis::analyse(&hir));
        let mut pattern = Self::with(regex.as_str().to_owned(), analysis);
        // Compiled already (a user's, checked at load): a loose form would
        // gain nothing.
        pattern.regex = OnceLock::from(regex);
        pattern.loose = OnceLock::from(None);
        pattern
    }

    /// True when the pattern's syntax allows a match of no text: only then
    /// can it match an empty block, which compiling it tells for sure.
    pub(crate) fn may_match_empty(&self) -> bool {
        self.may_match_empty
    }

    /// Compiles the pattern now if it is not yet: the error, if it does not
    /// compile (too large an automaton: its syntax was checked at load).
    pub(crate) fn compile_now(&self) -> Result<&Regex, String> {
        if let Some(regex) = self.regex.get() {
            return Ok(regex);
        }
        parse::build_regex(&self.source)
            .map(|regex| self.regex.get_or_init(|| regex))
            .map_err(|e| e.to_string())
    }

    /// A pattern compiled on first use; only its syntax is checked here
    /// (`thresh rules check` and the tests compile every pattern).
    /// A shipped file's pattern is not even parsed: the build read its
    /// syntax already (`embedded::PATTERNS`).
    pub(crate) fn lazy(source: &str) -> Result<Self, String> {
        let read = embedded::analysed(source);
        let analysis = match read {
            Some(read) => analysis::Analysis {
                max_len: read.max_len,
                max_chars: read.max_chars,
                first_bytes: read.first_bytes,
                needles: read.needles.iter().map(|n| n.to_vec()).collect(),
                may_match_empty: read.may_match_empty,
            },
            None => regex_syntax::Parser::new()
                .parse(source)
                .map(|hir| analysis::analyse(&hir))
                .map_err(|e| e.to_string())?,
        };
        let mut pattern = Self::with(source.to_owned(), Some(analysis));
        pattern.automaton = read.and_then(|read| read.automaton.as_ref());
        Ok(pattern)
    }

    /// A pattern not compiled yet; `analysis` is `None` when its syntax
    /// could not be read (nothing is then ruled out before the regex).
    fn with(source: String, analysis: Option<analysis::Analysis>) -> Self {
        let analysis = analysis.unwrap_or(analysis::Analysis {
            max_len: None,
            max_chars: None,
            first_bytes: None,
            needles: Vec::new(),
            may_match_empty: true,
        });
        let needles = (!analysis.needles.is_empty())
            .then(|| analysis.needles.into_iter().map(Needle::new).collect());
        TextPattern {
            source,
            regex: OnceLock::new(),
            loose: OnceLock::new(),
            exact: OnceLock::new(),
            max_len: analysis.max_len,
            max_chars: analysis.max_chars,
            first_bytes: analysis.first_bytes,
            needles,
            may_match_empty: analysis.may_match_empty,
            automaton: None,
        }
    }

    /// The compiled pattern, compiling it on first use; `None` (logged)
    /// when it does not compile, which the tests rule out for shipped files.
    fn regex(&self) -> Option<&Regex> {
        self.compile_now()
            .map_err(|e| tracing::error!("pattern `{}` left out: {e}", self.source))
            .ok()
    }

    /// True when the pattern itself matches `text`: the compiled pattern
    /// if there is one, else its forward-only form (see
    /// [`TextPattern::exact`]), built on first use.
    fn exactly_matches(&self, text: &str) -> bool {
        if let Some(regex) = self.regex.get() {
            return regex.is_match(text);
        }
        let exact = self.exact.get_or_init(|| {
            let hir = regex_syntax::Parser::new().parse(&self.source).ok()?;
            let config = MetaConfig::new()
                .nfa_size_limit(Some(parse::REGEX_SIZE_LIMIT))
                .hybrid(false)
                .dfa(false)
                .onepass(false);
            matcher(&hir, config)
        });
        match exact {
            Some(exact) => exact.is_match(text),
            None => self.regex().is_some_and(|regex| regex.is_match(text)),
        }
    }

    /// The loose form of the pattern (see [`TextPattern::loose`]) and the
    /// longest text it answers exactly; `None` when there is none, or it
    /// cannot be built (then the exact pattern decides alone).
    fn loose(&self) -> Option<&(MetaRegex, usize)> {
        self.loose
            .get_or_init(|| {
                let hir = regex_syntax::Parser::new().parse(&self.source).ok()?;
                let regex = matcher(&analysis::loosened(&hir)?, MetaConfig::new())?;
                Some((regex, analysis::loosened_exact_up_to(&hir)?))
            })
            .as_ref()
    }

    /// True when the pattern matches `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.passes_prefilters(text) && self.matches_prefiltered(text)
    }

    /// False when a test quicker than the automaton turns `text` away: it
    /// is longer than any match, or fails [`TextPattern::opens_and_holds`].
    fn passes_prefilters(&self, text: &str) -> bool {
        self.max_len.is_none_or(|max| text.len() <= max) && self.opens_and_holds(text)
    }

    /// False when `text` starts with a byte no match starts with, or holds
    /// none of the words every match holds. [`TextIndex`] answers the same
    /// for all of a file's patterns at once.
    fn opens_and_holds(&self, text: &str) -> bool {
        self.first_bytes.is_none_or(|set| {
            text.as_bytes()
                .first()
                .is_some_and(|&b| set[usize::from(b / 64)] & (1 << (b % 64)) != 0)
        }) && self
            .needles
            .as_deref()
            .is_none_or(|needles| needles.iter().any(|n| n.found_in(text.as_bytes())))
    }

    /// [`TextPattern::is_match`] for a text that got past the pattern's
    /// quick tests (as its file's [`TextIndex`] tells): only the automaton
    /// is left to ask.
    fn matches_prefiltered(&self, text: &str) -> bool {
        // Whether the quick automaton matches, and on how long a text (in
        // characters) that is the pattern's own answer, if on any.
        let (found, exact_up_to) = match self.automaton {
            Some(automaton) => (automaton.dfa.is_match(text), Some(automaton.exact_up_to)),
            None => match self.loose() {
                Some((loose, exact_up_to)) => (loose.is_match(text), Some(*exact_up_to)),
                None => (true, None),
            },
        };
        found
            && (exact_up_to.is_some_and(|max| at_most_chars(text, max))
                || self.exactly_matches(text))
    }
}

/// A regex of `hir` that only tells whether a text matches (no groups).
fn matcher(hir: &regex_syntax::hir::Hir, config: MetaConfig) -> Option<MetaRegex> {
    MetaRegex::builder()
        .configure(config.which_captures(regex_automata::nfa::thompson::WhichCaptures::None))
        .build_from_hir(hir)
        .ok()
}

/// True when `text` has at most `max` characters.
fn at_most_chars(text: &str, max: usize) -> bool {
    text.len() <= max || text.chars().count() <= max
}

pub(crate) use parse::host_matches;
pub use parse::{normalize_host, split_attr, validate_host};

/// The file that applies to every host.
pub const GLOBAL_FILE: &str = "_global.toml";

/// Where a project keeps its own rule files; found by [`project_dir`].
pub const PROJECT_DIR: &str = "selectors";

/// Every rule file in force: the shipped ones plus the user's.
///
/// The shipped library holds thousands of files, and a run meets a handful
/// of hosts, so a shipped file is compiled on first use, once, and shared
/// by every thread (the build script has already filed each one under its
/// hosts). User folders are small and are input: they are read and checked
/// when loaded, so their mistakes stop the run before any work starts. Only
/// their text patterns' automata are built on first use, like the shipped
/// ones' (a pattern of `.{0,200}` form takes milliseconds): the syntax is
/// checked at load, and `thresh rules check` builds every automaton.
#[derive(Debug, Default, Clone)]
pub struct RuleSet {
    /// In load order: a later file wins a host over an earlier one.
    files: Vec<RuleFile>,
    /// The `_global.toml` in force, as an index into `files`.
    global: Option<usize>,
    /// Each claimed host (normalized) and the file in force for it. FNV:
    /// thousands of shipped hosts are filed at every start.
    by_host: HashMap<Cow<'static, str>, usize, BuildHasherDefault<Fnv1a>>,
    /// Attribute names (lower-cased) that the user's files can read; the
    /// shipped files' are in [`embedded::ATTRIBUTES`].
    user_attributes: HashSet<String>,
}

/// One file of a [`RuleSet`], compiled or still to be.
#[derive(Debug, Clone)]
struct RuleFile {
    /// As [`SiteRules::name`]. The strings of a shipped file are borrowed
    /// from the build's table: thousands are filed at every start.
    name: Cow<'static, str>,
    /// The hosts it claims (normalized, no repeats), each with its line.
    hosts: Vec<(Cow<'static, str>, usize)>,
    /// How errors name it: its path, or `selectors/<name>` when shipped.
    file: Cow<'static, str>,
    /// A shipped file's text, compiled on first use.
    text: Option<&'static str>,
    /// The compiled file; `None` when it does not compile (logged). Boxed:
    /// thousands of shipped files wait uncompiled, each a few words wide.
    compiled: OnceLock<Option<Box<SiteRules>>>,
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
    /// `[source]`: where an imported file came from.
    pub source: Option<RuleSource>,
}

/// `[source]`: the provenance of an imported rule file.
#[derive(Debug, Clone, Default)]
pub struct RuleSource {
    /// The file it was converted from.
    pub file: String,
    /// The commit of the library it came from.
    pub commit: String,
    /// The library's licence.
    pub license: String,
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
    /// The `stop_at` patterns then the `drop_text` ones, numbered in that
    /// order, by what a block must be like to match each: rebuild it
    /// ([`TextIndex::new`]) after changing either list.
    pub text_index: TextIndex,
    /// Literal replacements made in the page's HTML before it is parsed,
    /// in order (imported from Full-Text RSS's find/replace rules).
    pub replace_html: Vec<HtmlReplace>,
}

/// One `replace_html` entry: every occurrence of `find` becomes `with`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlReplace {
    /// The text to find (never empty).
    pub find: String,
    /// What replaces it.
    pub with: String,
}

impl ContentRules {
    /// `html` with the `replace_html` rules applied, or `None` when none
    /// changes it.
    pub fn rewrite_html(&self, html: &str) -> Option<String> {
        let mut out: Option<String> = None;
        for r in &self.replace_html {
            let current = out.as_deref().unwrap_or(html);
            if current.contains(r.find.as_str()) {
                out = Some(current.replace(r.find.as_str(), &r.with));
            }
        }
        out
    }
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
    /// Where an article's next page is linked (`selector@attr`, usually
    /// `@href`).
    pub next_page: Option<Rule<MetaSelector>>,
    /// Where a page links its single-page (or print) version.
    pub single_page: Option<Rule<MetaSelector>>,
    /// `detect_next_page = false`: without a `next_page` rule, do not look
    /// for `rel=next` or pager links on this site's pages (`None`: look).
    pub detect_next_page: Option<bool>,
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

    /// Whether this file was imported from elsewhere (it is in a subfolder
    /// of the shipped `selectors/`, such as `ftr/`): such files come
    /// without fixtures, so they are not required to have a `[[test]]`.
    pub fn imported(&self) -> bool {
        self.name.contains('/')
    }

    /// Whether this file applies to `host` (itself or a subdomain).
    pub fn covers(&self, host: &str) -> bool {
        let host = normalize_host(host);
        self.hosts.iter().any(|h| parse::host_matches(&host, h))
    }
}

impl RuleFile {
    /// A file compiled when it was loaded.
    fn compiled(parsed: parse::Parsed, file: String) -> Self {
        let mut hosts: Vec<(Cow<'static, str>, usize)> = Vec::new();
        for (host, line) in parsed.host_lines {
            if !hosts.iter().any(|(h, _)| *h == host) {
                hosts.push((Cow::Owned(host), line));
            }
        }
        RuleFile {
            name: Cow::Owned(parsed.rules.name.clone()),
            hosts,
            file: Cow::Owned(file),
            text: None,
            compiled: OnceLock::from(Some(Box::new(parsed.rules))),
        }
    }

    /// A shipped file, filed under the hosts the build script read, to be
    /// compiled on first use. When those hosts cannot be had without the
    /// real parser (unusual syntax, a bad host), it is compiled now.
    fn shipped(embedded: &Embedded) -> Result<Self, RuleError> {
        let base = base_name(embedded.name);
        let raws: &[&'static str] = match &embedded.hosts {
            HostList::Listed(raws) => raws,
            HostList::FromName if base == GLOBAL_FILE => &[],
            HostList::FromName => &[base.strip_suffix(".toml").unwrap_or(base)],
            HostList::Unknown => &[],
        };
        let mut unique: Vec<(Cow<'static, str>, usize)> = Vec::with_capacity(raws.len());
        let mut readable = !matches!(embedded.hosts, HostList::Unknown);
        for &raw in raws {
            let Some(host) = canonical_host(raw) else {
                readable = false;
                break;
            };
            if !unique.iter().any(|(h, _)| *h == host) {
                unique.push((host, 1));
            }
        }
        if !readable {
            let parsed = parse_shipped(embedded.name, embedded.file, embedded.text, false)?;
            return Ok(RuleFile {
                text: Some(embedded.text),
                file: Cow::Borrowed(embedded.file),
                ..RuleFile::compiled(parsed, String::new())
            });
        }
        Ok(RuleFile {
            name: Cow::Borrowed(embedded.name),
            hosts: unique,
            file: Cow::Borrowed(embedded.file),
            text: Some(embedded.text),
            compiled: OnceLock::new(),
        })
    }

    /// The compiled rules, compiling a shipped file on first use. A shipped
    /// file that does not compile is logged and left out (the tests compile
    /// every shipped file, so this is a bug that escaped them).
    fn get(&self) -> Option<&SiteRules> {
        self.compiled
            .get_or_init(|| {
                let text = self.text?;
                self.compile(text, true)
                    .map(Box::new)
                    .map_err(|e| tracing::error!("rule file left out: {e}"))
                    .ok()
            })
            .as_deref()
    }

    /// Compiles a shipped file, checking it claims the hosts the build
    /// script filed it under; `lazy` leaves its text patterns to be
    /// compiled on first use.
    fn compile(&self, text: &str, lazy: bool) -> Result<SiteRules, RuleError> {
        let parsed = parse_shipped(&self.name, &self.file, text, lazy)?;
        let filed: Vec<&str> = self.hosts.iter().map(|(h, _)| h.as_ref()).collect();
        if parsed.rules.hosts != filed {
            return Err(RuleError::Invalid {
                file: self.file.to_string(),
                line: 1,
                message: format!(
                    "`hosts`: the build filed this file under [{}] but it declares [{}] (a bug in src/rules/scan.rs)",
                    filed.join(", "),
                    parsed.rules.hosts.join(", ")
                ),
            });
        }
        Ok(parsed.rules)
    }
}

/// [`validate_host`] of a host from the build's index, without its URL
/// parser (or a copy) for the common case of a host already written as it
/// would return it (lower-case letters, digits and dashes, no `www.`, no
/// punycode, a name not a number): thousands are read at every start.
fn canonical_host(raw: &'static str) -> Option<Cow<'static, str>> {
    let plain = !raw.starts_with("www.")
        && raw.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with("xn--")
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        && raw
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.bytes().any(|b| b.is_ascii_lowercase()));
    if plain {
        Some(Cow::Borrowed(raw))
    } else {
        validate_host(raw).ok().map(Cow::Owned)
    }
}

/// Parses a shipped file; `name` is its path under `selectors/`, which
/// names it (`ftr/example.com.toml`), while its base name gives its default
/// host. `lazy`: its text patterns are compiled on first use.
fn parse_shipped(
    name: &str,
    file: &str,
    text: &str,
    lazy: bool,
) -> Result<parse::Parsed, RuleError> {
    let mut parsed = parse::parse_with(base_name(name), file, "built-in", text, lazy)?;
    parsed.rules.name = name.to_owned();
    Ok(parsed)
}

/// `example.com.toml` of `ftr/example.com.toml`.
fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// The project's own rule folder: `selectors/` in `start` or in the nearest
/// folder above it that has one, the way cargo finds `Cargo.toml`. The CLI
/// loads it (after the shipped files, before `--selectors`), so a rule
/// written with `thresh rules new` is used by the next command without
/// rebuilding anything.
pub fn project_dir(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(PROJECT_DIR))
        .find(|dir| dir.is_dir())
}

impl RuleSet {
    /// An empty rule set: generic extraction only.
    pub fn empty() -> Self {
        RuleSet::default()
    }

    /// The rule files that apply to `host` (`None`: global only). The host
    /// itself is tried first, then each parent domain, so the most specific
    /// file wins; among files claiming the same host, the last loaded wins.
    /// A shipped file is compiled here the first time its host is met.
    pub fn for_host(&self, host: Option<&str>) -> Applied<'_> {
        Applied {
            global: self.global.and_then(|i| self.files[i].get()),
            site: host.and_then(|host| self.site_for(&normalize_host(host))),
        }
    }

    /// The attribute names (lower-case) that selectors of the rule files
    /// may read, some more than once: attributes the others can be left
    /// out of the parse.
    pub fn attribute_names(&self) -> impl Iterator<Item = &str> {
        embedded::ATTRIBUTES
            .iter()
            .copied()
            .chain(self.user_attributes.iter().map(String::as_str))
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
            if let Some(&i) = self.by_host.get(candidate) {
                return self.files[i].get();
            }
            if is_ip {
                return None;
            }
            candidate = candidate.split_once('.')?.1;
        }
    }

    /// Every rule file, global first, compiling any not compiled yet.
    pub fn files(&self) -> impl Iterator<Item = &SiteRules> {
        let global = self.global;
        global
            .into_iter()
            .chain((0..self.files.len()).filter(move |&i| Some(i) != global))
            .filter_map(|i| self.files[i].get())
    }

    /// Compiles every file not compiled yet and reports every error of
    /// every file: what `thresh rules check` runs, and how the tests cover
    /// the whole shipped library. Returns how many files are in force.
    pub fn check(&self) -> Result<usize, RuleError> {
        let mut errors = Vec::new();
        for file in &self.files {
            let Some(text) = file.text else { continue };
            if matches!(file.compiled.get(), Some(Some(_))) {
                continue;
            }
            match file.compile(text, false) {
                Ok(rules) => {
                    let _ = file.compiled.set(Some(Box::new(rules)));
                }
                Err(e) => errors.push(e),
            }
        }
        // Text patterns compile on first use (shipped files compiled for a
        // page, and folders); their syntax was checked at load, but an
        // automaton may still be too large.
        for file in &self.files {
            let Some(Some(rules)) = file.compiled.get() else {
                continue;
            };
            let content = &rules.content;
            let patterns = (content.drop_text.iter().map(|r| ("drop_text", r)))
                .chain(content.stop_at.iter().map(|r| ("stop_at", r)));
            for (key, rule) in patterns {
                if let Err(e) = rule.compiled.compile_now() {
                    errors.push(RuleError::Invalid {
                        file: file.file.to_string(),
                        line: rule.line,
                        message: format!(
                            "`{key}`: regex `{}` does not compile: {}",
                            rule.source,
                            parse::one_line(&e)
                        ),
                    });
                }
            }
        }
        match RuleError::from_list(errors) {
            Some(e) => Err(e),
            None => Ok(self.files.len()),
        }
    }

    /// The rule files shipped inside the binary, filed by host, each
    /// compiled on first use: hand-written ones (`selectors/*.toml`) win a
    /// host over imported ones (`selectors/<folder>/*.toml`).
    pub fn builtin() -> Result<Self, RuleError> {
        Self::from_embedded(embedded::FILES, true)
    }

    /// The shipped rule files; `library`: with the imported library
    /// (`selectors/ftr/`), else the hand-written files alone.
    fn from_embedded(files: &[Embedded], library: bool) -> Result<Self, RuleError> {
        let mut set = RuleSet::empty();
        let mut errors = Vec::new();
        let groups: &[bool] = if library { &[true, false] } else { &[false] };
        let in_group = |imported: bool| files.iter().filter(|e| e.imported == imported).count();
        for &imported in groups {
            // The first group becomes the set's list as it is (see
            // `add_group`), so it has room for every file taken.
            let room = if set.files.is_empty() {
                groups.iter().map(|&g| in_group(g)).sum()
            } else {
                in_group(imported)
            };
            let mut group = Vec::with_capacity(room);
            group.extend(
                files
                    .iter()
                    .filter(|e| e.imported == imported)
                    .filter_map(|e| RuleFile::shipped(e).map_err(|e| errors.push(e)).ok()),
            );
            set.add_group(group, &mut errors);
        }
        set.reindex();
        match RuleError::from_list(errors) {
            Some(e) => Err(e),
            None => Ok(set),
        }
    }

    /// The shipped rule files plus those in `dirs`, later folders winning:
    /// a file replaces an earlier one of the same name (a user
    /// `_global.toml` replaces the shipped one), and wins over earlier
    /// files claiming the same host. Every error of every file is reported.
    pub fn load(dirs: &[PathBuf]) -> Result<Self, RuleError> {
        Self::load_with(dirs, true)
    }

    /// [`RuleSet::load`], with or without the imported library
    /// (`thresh --no-library`).
    pub fn load_with(dirs: &[PathBuf], library: bool) -> Result<Self, RuleError> {
        let mut errors = Vec::new();
        let mut set = Self::from_embedded(embedded::FILES, library).unwrap_or_else(|e| {
            errors.push(e);
            RuleSet::empty()
        });
        for dir in dirs {
            set.add_dir(dir, &mut errors);
        }
        set.reindex();
        match RuleError::from_list(errors) {
            Some(e) => Err(e),
            None => Ok(set),
        }
    }

    /// Only the rule files in `dir` (every `*.toml` in it), without the
    /// shipped ones: what `thresh rules check DIR` validates.
    pub fn from_dir(dir: &Path) -> Result<Self, RuleError> {
        let mut errors = Vec::new();
        let mut set = RuleSet::empty();
        set.add_dir(dir, &mut errors);
        set.reindex();
        match RuleError::from_list(errors) {
            Some(e) => Err(e),
            None => Ok(set),
        }
    }

    /// Compiles the `*.toml` files of `dir` (not its subfolders) and lays
    /// them over the set.
    fn add_dir(&mut self, dir: &Path, errors: &mut Vec<RuleError>) {
        let io = |source| RuleError::Io {
            path: dir.to_owned(),
            source,
        };
        let mut paths = Vec::new();
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return errors.push(io(e)),
        };
        for entry in entries {
            let path = match entry {
                Ok(entry) => entry.path(),
                Err(e) => return errors.push(io(e)),
            };
            // Dot files are editors' lock and backup files, not rules.
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if path.extension().is_some_and(|e| e == "toml") && path.is_file() && !hidden {
                paths.push(path);
            }
        }
        paths.sort();
        let group = paths
            .into_iter()
            .filter_map(|path| {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let file = path.display().to_string();
                std::fs::read_to_string(&path)
                    .map_err(|source| RuleError::Io {
                        path: path.clone(),
                        source,
                    })
                    .and_then(|text| {
                        self.user_attributes.extend(scan::attribute_names(&text));
                        // Patterns compile on first use, as the shipped
                        // ones do: a folder's `_global.toml` of `.{0,200}`
                        // patterns took a tenth of a second to compile at
                        // each start. Their syntax is checked here, and
                        // `rules check` compiles them all.
                        parse::parse_with(&name, &file, &file, &text, true)
                    })
                    .map(|parsed| RuleFile::compiled(parsed, file))
                    .map_err(|e| errors.push(e))
                    .ok()
            })
            .collect();
        self.add_group(group, errors);
    }

    /// Lays one group of files (the shipped ones of a tier, or one folder)
    /// over the set: same-named files are replaced, the rest appended after,
    /// so they win lookups for hosts they share. Two files of a group
    /// claiming the same host is an error: which one wins would depend on
    /// file names, not on the author's intent. Call [`Self::reindex`] after.
    fn add_group(&mut self, group: Vec<RuleFile>, errors: &mut Vec<RuleError>) {
        // host, file name
        let mut claimed: HashMap<&str, &str, BuildHasherDefault<Fnv1a>> =
            HashMap::with_capacity_and_hasher(
                group.iter().map(|f| f.hosts.len()).sum(),
                BuildHasherDefault::default(),
            );
        for file in &group {
            for (host, line) in &file.hosts {
                match claimed.get(host.as_ref()) {
                    Some(other) if *other != file.name => errors.push(RuleError::Invalid {
                        file: file.file.to_string(),
                        line: *line,
                        message: format!("`hosts`: host `{host}` is also claimed by {other}"),
                    }),
                    Some(_) => {}
                    None => {
                        claimed.insert(host, &file.name);
                    }
                }
            }
        }
        if self.files.is_empty() {
            // The shipped library, thousands of files at every start: taken
            // as it is, not copied (a megabyte of pages touched a run).
            self.files = group;
            return;
        }
        let names: HashSet<&str, BuildHasherDefault<Fnv1a>> =
            group.iter().map(|f| f.name.as_ref()).collect();
        self.files.retain(|f| !names.contains(f.name.as_ref()));
        self.files.extend(group);
    }

    /// Rebuilds the host index after files were added.
    fn reindex(&mut self) {
        self.global = self.files.iter().rposition(|f| f.name == GLOBAL_FILE);
        self.by_host.clear();
        self.by_host
            .reserve(self.files.iter().map(|f| f.hosts.len()).sum());
        for (i, file) in self.files.iter().enumerate() {
            for (host, _) in &file.hosts {
                self.by_host.insert(host.clone(), i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::dfa::sparse;

    /// A rule set from in-memory files, as one group.
    fn set(files: &[(&str, &str)]) -> Result<RuleSet, RuleError> {
        let mut errors = Vec::new();
        let group = files
            .iter()
            .filter_map(|&(name, text)| {
                parse::parse(name, name, "test", text)
                    .map(|parsed| RuleFile::compiled(parsed, name.to_owned()))
                    .map_err(|e| errors.push(e))
                    .ok()
            })
            .collect();
        let mut set = RuleSet::empty();
        set.add_group(group, &mut errors);
        set.reindex();
        match RuleError::from_list(errors) {
            Some(e) => Err(e),
            None => Ok(set),
        }
    }

    fn site_name(set: &RuleSet, host: &str) -> Option<String> {
        set.for_host(Some(host)).site.map(|s| s.name.clone())
    }

    #[test]
    fn rule_sets_can_be_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<RuleSet>();
    }

    /// Every shipped file, imported ones included, compiles, and claims the
    /// hosts the build script filed it under.
    #[test]
    fn shipped_rules_compile() {
        let set = RuleSet::builtin().unwrap_or_else(|e| panic!("shipped rules:\n{e}"));
        let count = set
            .check()
            .unwrap_or_else(|e| panic!("shipped rules:\n{e}"));
        assert_eq!(count, embedded::FILES.len());
        assert_eq!(set.files().count(), count);
        for file in embedded::FILES {
            let expected = match scan::hosts(file.text) {
                scan::Hosts::Unknown => "Unknown",
                scan::Hosts::Listed(_) => "Listed",
                scan::Hosts::FromName => "FromName",
            };
            let filed = match file.hosts {
                HostList::Unknown => "Unknown",
                HostList::Listed(_) => "Listed",
                HostList::FromName => "FromName",
            };
            assert_eq!(filed, expected, "{}", file.name);
        }
        let global = set.for_host(None).global.expect("_global.toml is shipped");
        assert!(!global.content.drop.is_empty());
        assert!(!global.content.drop_text.is_empty());
        assert!(!global.content.stop_at.is_empty());
    }

    /// The build's reading of the shipped patterns' syntax is the one a run
    /// would make, and it covers every pattern of every shipped file: a run
    /// parses none of them.
    #[test]
    fn shipped_patterns_read_at_build_time_as_at_run_time() {
        assert!(
            embedded::PATTERNS.len() > 50,
            "{}",
            embedded::PATTERNS.len()
        );
        for (source, read) in &embedded::PATTERNS {
            let hir = regex_syntax::Parser::new().parse(source).expect("parses");
            let now = analysis::analyse(&hir);
            let needles: Vec<Vec<u8>> = read.needles.iter().map(|n| n.to_vec()).collect();
            assert_eq!(
                (
                    read.max_len,
                    read.max_chars,
                    read.first_bytes,
                    needles,
                    read.may_match_empty
                ),
                (
                    now.max_len,
                    now.max_chars,
                    now.first_bytes,
                    now.needles,
                    now.may_match_empty
                ),
                "{source}"
            );
        }
        let set = RuleSet::builtin().unwrap_or_else(|e| panic!("shipped rules:\n{e}"));
        set.check()
            .unwrap_or_else(|e| panic!("shipped rules:\n{e}"));
        for rules in set.files() {
            let content = &rules.content;
            for rule in content.drop_text.iter().chain(&content.stop_at) {
                assert!(
                    embedded::analysed(&rule.source).is_some(),
                    "{}: `{}` was not read by the build (src/rules/scan.rs)",
                    rules.name,
                    rule.source
                );
            }
        }
    }

    /// The build's automata load (checked in full here; a run loads them
    /// unchecked) and answer as the patterns do: an exact one exactly, a
    /// loose one never ruling out a line the pattern matches, and exactly
    /// on lines as short as its `exact_up_to`.
    #[test]
    fn shipped_pattern_automata_load_checked_and_agree() {
        let lines = [
            "Follow us on Twitter",
            "Follow us on Instagram for more recipes and tips",
            "Share this article",
            "Share on Facebook",
            "Copy link",
            "Subscribe",
            "Subscribe now!",
            "Sign up for our newsletter to get the latest stories in your inbox",
            "Newsletter",
            "Click here to subscribe",
            "Join our WhatsApp channel for the latest updates",
            "Download our free app",
            "Advertisement",
            "ADVERTISEMENT",
            "Related articles",
            "Read more",
            "Read more: The best laptops of the year",
            "We use cookies to improve your experience on our site.",
            "Accept all cookies",
            "Photo: Getty Images",
            "Image credit: Shutterstock",
            "This article contains affiliate links.",
            "Leave a comment",
            "Comments",
            "Never miss a story",
            "All rights reserved.",
            "© 2024 Example Media. All rights reserved.",
            "Lesen Sie auch: Der Bürgermeister tritt zurück",
            "The council voted on Tuesday to approve the new budget for schools.",
            "She said the plan would follow us into next year, whatever happens.",
            "",
            "Ad",
            "Skip to main content",
            "Table of contents",
            "Tags: politics, economy",
            "Posted in News",
        ];
        // And every line of the fixtures' articles, whole and cut to a
        // loose automaton's exact length, where it alone decides.
        let fixture_lines = crate::dfa::tests::lines();
        let mut checked = 0;
        for (source, read) in &embedded::PATTERNS {
            let Some(automaton) = &read.automaton else {
                continue;
            };
            let loose = automaton.exact_up_to < usize::MAX;
            let cut: Vec<String> = (fixture_lines.iter())
                .filter(|_| loose)
                .map(|l| l.chars().take(automaton.exact_up_to).collect())
                .collect();
            let lines = lines
                .iter()
                .copied()
                .chain(fixture_lines.iter().map(String::as_str))
                .chain(cut.iter().map(String::as_str));
            sparse::DFA::from_bytes(automaton.dfa.bytes())
                .unwrap_or_else(|e| panic!("{source}: {e}"));
            let regex = parse::build_regex(source).expect("shipped patterns compile");
            for line in lines {
                let found = automaton.dfa.is_match(line);
                let matches = regex.is_match(line);
                if line.chars().count() <= automaton.exact_up_to {
                    assert_eq!(found, matches, "{source} on {line:?}");
                } else {
                    assert!(found || !matches, "{source} on {line:?}");
                }
                checked += usize::from(matches);
            }
        }
        assert!(
            checked > 20,
            "the lines match too few patterns to test: {checked}"
        );
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
    fn lazy_patterns_compile_when_a_block_gets_past_the_prefilters() {
        // Not a shipped pattern: no automaton from the build.
        let p = TextPattern::lazy("(?i)^copy this link$").expect("valid syntax");
        assert!(p.automaton.is_none());
        assert!(!p.is_match(&"copy this link ".repeat(20)));
        assert!(!p.is_match("Paste this link"));
        assert!(p.exact.get().is_none(), "turned away unread");
        assert!(p.is_match("Copy This Link"));
        assert!(p.exact.get().is_some_and(Option::is_some));
        assert!(p.regex.get().is_none(), "only the forward-only form built");
        assert!(TextPattern::lazy("(?i)^join (our").is_err());

        // A shipped one is decided by the build's automaton: nothing is
        // compiled at all.
        let shipped = TextPattern::lazy("(?i)^copy link$").expect("valid syntax");
        assert!(shipped
            .automaton
            .is_some_and(|a| a.exact_up_to == usize::MAX));
        assert!(shipped.is_match("Copy Link") && !shipped.is_match("Paste link"));
        assert!(shipped.exact.get().is_none() && shipped.loose.get().is_none());
    }

    #[test]
    fn loose_forms_widen_long_counts_and_decide_only_with_the_exact_pattern() {
        let source = r"(?i)^(?:\d{4} )?.{0,12}(?-u:\b)follow us(?-u:\b).{0,20}$";
        let hir = regex_syntax::Parser::new().parse(source).expect("valid");
        let printed = analysis::loosened(&hir)
            .expect("long counts loosened")
            .to_string();
        assert!(
            !printed.contains("{0,12}") && !printed.contains("{0,20}"),
            "{printed}"
        );
        assert!(printed.contains("{4}"), "short counts kept: {printed}");
        let short = regex_syntax::Parser::new()
            .parse(r"^\d{4}$")
            .expect("valid");
        assert!(analysis::loosened(&short).is_none());

        let p = TextPattern::lazy(source).expect("valid syntax");
        assert!(p.loose.get().is_none(), "built on first use");

        // Too much before the phrase: the loose form matches, the exact one
        // decides (and is compiled only now).
        assert!(!p.is_match("Text well before the words, follow us"));
        assert!(p.loose.get().is_some_and(Option::is_some));
        assert!(p.exact.get().is_some_and(Option::is_some));
        assert!(p.is_match("2024 Please follow us on X"));
        // Too much after it; a line break where `.` matches none.
        assert!(!p.is_match("Follow us, for a great many more words than twenty"));
        assert!(!p.is_match("Follow us\non X"));

        // Turned away by the loose form alone: the exact one never compiles.
        let q = TextPattern::lazy(r"(?i)^.{0,30}(?-u:\b)sign up(?-u:\b).{0,30}$").expect("valid");
        assert!(!q.is_match("Please do sign in here"));
        assert!(q.exact.get().is_none());
    }

    /// On a text shorter than any match only the loose form has (a widened
    /// count's copies past its bound, and what the rest of the pattern
    /// needs), a loose form answers for the pattern, which is then never
    /// compiled; on a longer one the pattern decides.
    #[test]
    fn loose_forms_decide_texts_shorter_than_their_counts() {
        let up_to = |source: &str| {
            let hir = regex_syntax::Parser::new().parse(source).expect("valid");
            analysis::loosened_exact_up_to(&hir)
        };
        // 121 characters of `.` and 19 of the phrase.
        assert_eq!(up_to(r"(?i)^.{0,120}\ball rights reserved\.?$"), Some(139));
        // 31 `x` and one character of the group before.
        assert_eq!(up_to(r"^(a.{0,40}|b{3,200})(\w+ ){0,2}x{0,30}$"), Some(31));
        assert_eq!(up_to(r"^(x.{0,9}){0,20}$"), Some(10));
        assert_eq!(up_to(r"^\d{4} (ad ){0,8}$"), None);

        // Not a shipped pattern: its loose form is built at run time.
        let source = r"(?i)^follow [^.!?]{1,30} on (x|threads).{0,40}$";
        let p = TextPattern::lazy(source).expect("valid");
        let regex = Regex::new(source).expect("valid");
        for text in [
            "Follow Jane on X",
            "Follow the whole team on X",
            "Follow Jane on Threads!",
            "Follow Jane on X, every day",
            "Follow Jane on Xmas",
            "Follow Jane on X\nnow",
        ] {
            assert_eq!(p.is_match(text), regex.is_match(text), "{text:?}");
        }
        assert!(p.exact.get().is_none(), "short texts: never compiled");
        let long = "Follow the entire newsroom and all of its editors on X";
        assert!(!p.is_match(long) && !regex.is_match(long));
        assert!(p.exact.get().is_some(), "a long one: compiled");

        // A shipped one with a loose automaton decides short texts alone.
        let shipped = TextPattern::lazy(r"(?i)^tags?\s*:.{0,150}$").expect("valid");
        assert!(shipped.automaton.is_some_and(|a| a.exact_up_to == 154));
        assert!(shipped.is_match("Tags: politics, economy"));
        assert!(!shipped.is_match(&format!("Tags: {}", "word ".repeat(20) + "\n")));
        assert!(shipped.exact.get().is_none());
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

    fn shipped(name: &'static str, imported: bool, text: &'static str) -> Embedded {
        let hosts = match scan::hosts(text) {
            scan::Hosts::Listed(list) => {
                HostList::Listed(Vec::leak(list.into_iter().map(|h| &*h.leak()).collect()))
            }
            scan::Hosts::FromName => HostList::FromName,
            scan::Hosts::Unknown => HostList::Unknown,
        };
        Embedded {
            name,
            file: format!("selectors/{name}").leak(),
            imported,
            hosts,
            text,
        }
    }

    /// How many files of the set are compiled so far.
    fn compiled(set: &RuleSet) -> Vec<&str> {
        set.files
            .iter()
            .filter(|f| f.compiled.get().is_some())
            .map(|f| f.name.as_ref())
            .collect()
    }

    #[test]
    fn shipped_files_compile_on_first_use_once_for_all_threads() {
        let set = RuleSet::from_embedded(
            &[
                shipped("_global.toml", false, "[content]\ndrop = ['.ad']\n"),
                shipped("a.com.toml", false, "[content]\ndrop = ['.a']\n"),
                shipped("b.toml", false, "hosts = ['b.com', 'www.B.org']\n"),
                shipped("c.com.toml", false, "[content]\ndrop = ['<']\n"),
                shipped("d.com.toml", false, "hosts = \"\"\"x\"\"\"\n"),
            ],
            true,
        );
        // d.com.toml's hosts are not for the build script to read: it is
        // compiled at once, and its error stops the load.
        let err = set.expect_err("d.com.toml is broken").to_string();
        assert!(err.starts_with("selectors/d.com.toml:1: `hosts`"), "{err}");

        let files = [
            shipped("_global.toml", false, "[content]\ndrop = ['.ad']\n"),
            shipped("a.com.toml", false, "[content]\ndrop = ['.a']\n"),
            shipped("b.toml", false, "hosts = ['b.com', 'www.B.org']\n"),
            shipped("c.com.toml", false, "[content]\ndrop = ['<']\n"),
        ];
        let set = RuleSet::from_embedded(&files, true).unwrap_or_else(|e| panic!("{e}"));
        assert!(compiled(&set).is_empty());
        std::thread::scope(|scope| {
            let lookups: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| set.for_host(Some("news.b.org")).site))
                .collect();
            let found: Vec<&SiteRules> = lookups
                .into_iter()
                .map(|t| t.join().expect("thread").expect("b.toml applies"))
                .collect();
            assert!(
                found.windows(2).all(|w| std::ptr::eq(w[0], w[1])),
                "compiled once"
            );
        });
        assert_eq!(compiled(&set), ["_global.toml", "b.toml"]);
        // A shipped file that does not compile is left out, not a crash;
        // `check` reports it.
        assert!(set.for_host(Some("c.com")).site.is_none());
        let err = set.check().expect_err("c.com.toml is broken").to_string();
        assert!(
            err.starts_with("selectors/c.com.toml:2: `content.drop[0]`"),
            "{err}"
        );
        assert_eq!(set.files().count(), 3);
    }

    /// The size the library will grow to: finding one host's rules
    /// compiles that file alone.
    #[test]
    fn a_lookup_among_two_thousand_shipped_files_compiles_one() {
        let files: Vec<Embedded> = (0..2000)
            .map(|k| {
                let name: &'static str = format!("ftr/site-{k}.example.toml").leak();
                let text: &'static str = format!(
                    "hosts = ['site-{k}.example', 'site-{k}.example.net']\n\
                     [content]\nroot = ['article.body-{k}']\ndrop = ['.ad-{k}', '#promo-{k}']\n\
                     drop_text = ['(?i)^advert {k}$']\n"
                )
                .leak();
                shipped(name, true, text)
            })
            .collect();
        let set = RuleSet::from_embedded(&files, true).unwrap_or_else(|e| panic!("{e}"));
        let site = set.for_host(Some("news.site-1234.example.net")).site;
        assert_eq!(
            site.map(|s| s.name.as_str()),
            Some("ftr/site-1234.example.toml")
        );
        assert_eq!(compiled(&set), ["ftr/site-1234.example.toml"]);
        assert_eq!(set.check().unwrap_or_else(|e| panic!("{e}")), 2000);
    }

    #[test]
    fn hand_written_files_win_a_host_over_imported_ones() {
        let files = [
            shipped(
                "ftr/a.com.toml",
                true,
                "hosts = ['a.com', 'a.net']\n[content]\ndrop = ['.ftr']\n",
            ),
            shipped("ftr/b.com.toml", true, ""),
            shipped("a.com.toml", false, "[content]\ndrop = ['.mine']\n"),
        ];
        let set = RuleSet::from_embedded(&files, true).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(site_name(&set, "www.a.com").as_deref(), Some("a.com.toml"));
        assert_eq!(site_name(&set, "a.net").as_deref(), Some("ftr/a.com.toml"));
        let b = set.for_host(Some("b.com")).site.expect("imported file");
        assert!(b.imported() && b.hosts == ["b.com"], "{b:?}");
        // Without the library (`--no-library`) only the hand-written file is left.
        let bare = RuleSet::from_embedded(&files, false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(site_name(&bare, "a.net"), None);
        assert_eq!(site_name(&bare, "a.com").as_deref(), Some("a.com.toml"));
        assert!(!set
            .for_host(Some("a.com"))
            .site
            .is_some_and(SiteRules::imported));
        // A user folder wins over both.
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.net.toml"), "").expect("write");
        let mut set = set;
        let mut errors = Vec::new();
        set.add_dir(dir.path(), &mut errors);
        set.reindex();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(site_name(&set, "a.net").as_deref(), Some("a.net.toml"));
        // Two imported files claiming one host is an error, as in a folder.
        let clash = [
            shipped("ftr/a.com.toml", true, ""),
            shipped("ftr/other.toml", true, "hosts = ['a.com']\n"),
        ];
        let err = RuleSet::from_embedded(&clash, true)
            .expect_err("clash")
            .to_string();
        assert_eq!(
            err,
            "selectors/ftr/other.toml:1: `hosts`: host `a.com` is also claimed by ftr/a.com.toml"
        );
    }

    #[test]
    fn project_dir_is_the_nearest_selectors_folder_up_from_a_folder() {
        let root = tempfile::tempdir().expect("tempdir");
        let deep = root.path().join("a/b");
        std::fs::create_dir_all(&deep).expect("mkdir");
        assert_eq!(
            project_dir(&deep).filter(|d| d.starts_with(root.path())),
            None
        );
        std::fs::create_dir(root.path().join(PROJECT_DIR)).expect("mkdir");
        assert_eq!(project_dir(&deep), Some(root.path().join(PROJECT_DIR)));
        std::fs::create_dir(root.path().join("a").join(PROJECT_DIR)).expect("mkdir");
        assert_eq!(
            project_dir(&deep),
            Some(root.path().join("a").join(PROJECT_DIR))
        );
        // A file called `selectors` is not a folder of rules.
        std::fs::write(deep.join(PROJECT_DIR), "").expect("write");
        assert_eq!(
            project_dir(&deep),
            Some(root.path().join("a").join(PROJECT_DIR))
        );
    }

    #[test]
    fn hosts_read_at_start_are_those_validate_host_gives() {
        for raw in [
            "example.com",
            "news.bbc.co.uk",
            "a-b.example",
            "WWW.Example.com",
            "www.example.com",
            "example.com.",
            "0.0.1",
            "127.0.0.1",
            "xn--bcher-kva.de",
            "bücher.de",
            "1.2.3.4.5",
            "a..b",
            "a_b.com",
        ] {
            assert_eq!(
                canonical_host(raw).map(Cow::into_owned),
                validate_host(raw).ok(),
                "{raw}"
            );
        }
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

    /// Writes one rule file into a test folder.
    fn write_rule(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).expect("write rule file");
    }

    #[test]
    fn a_folders_patterns_are_checked_at_load_and_built_on_first_use() {
        let dir = tempfile::tempdir().expect("tempdir");
        let write = |name: &str, text: &str| write_rule(dir.path(), name, text);
        // Syntax and empty matches are refused at load, as before.
        write("a.com.toml", "[content]\ndrop_text = ['(?i)^ok$', '(']\n");
        write("b.com.toml", "[content]\nstop_at = ['^\\s*$']\n");
        let err = RuleSet::from_dir(dir.path()).expect_err("bad patterns");
        let lines: Vec<String> = err.errors().iter().map(|e| e.to_string()).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].contains("a.com.toml:2") && lines[0].contains("does not compile"));
        assert!(lines[1].contains("b.com.toml:2") && lines[1].contains("matches empty text"));

        // A pattern of sound syntax whose automaton is too large loads, and
        // `check` (what `thresh rules check` runs) reports it with its line.
        write("a.com.toml", "[content]\ndrop_text = ['(?i)^ok$']\n");
        write(
            "b.com.toml",
            "[content]\nstop_at = [\n  '^x$',\n  '\\w{500}\\w{500}',\n]\n",
        );
        let set = RuleSet::from_dir(dir.path()).expect("syntax is sound");
        let rules = set.for_host(Some("a.com")).site.expect("a.com's file");
        let ok = &rules.content.drop_text[0].compiled;
        assert!(ok.regex.get().is_none(), "built on first use");
        assert!(ok.is_match("OK"));
        let err = set.check().expect_err("too large");
        let lines: Vec<String> = err.errors().iter().map(|e| e.to_string()).collect();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].contains("b.com.toml:4: `stop_at`: regex") && lines[0].contains("size limit"),
            "{lines:?}"
        );
    }

    #[test]
    fn user_files_override_builtin_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let write = |name: &str, text: &str| write_rule(dir.path(), name, text);
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
        let mut errors = Vec::new();
        set.add_dir(dir.path(), &mut errors);
        set.reindex();
        assert!(errors.is_empty(), "{errors:?}");
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
