//! Saved pages and the clean text they must produce (`fixtures/<host>/<name>.*`).
//!
//! Fixtures are how a rule author sees what a change does: regenerate every
//! fixture's text with the current rules and read the diff. This module finds
//! fixtures, regenerates or checks their expected text, re-downloads their
//! pages (through a [`PageSource`], so the policy "replace only on success"
//! does not depend on how pages are fetched), runs the `[[test]]` blocks of
//! rule files against them, and scaffolds a new site's rule file and fixture.
//!
//! A fixture is three files side by side:
//! - `<name>.html`: the page as saved,
//! - `<name>.toml`: [`FixtureMeta`] (its URL, when it was fetched, where it came from),
//! - `<name>.txt`: the expected clean text ([`Format::Txt`]).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use similar::TextDiff;
use thiserror::Error;
use url::Url;

use crate::extract::{ExtractError, Extractor, Page};
use crate::format::{render, Format};
use crate::rules::RuleTest;

/// Where fixtures live, relative to the project root.
pub const DEFAULT_ROOT: &str = "fixtures";

/// The contents of a fixture's `.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureMeta {
    /// The page's URL: chooses the site rules, and is where `--refetch` downloads from.
    pub url: String,
    /// When the HTML was downloaded (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<String>,
    /// Where the HTML came from, when not from `url` directly (e.g. a benchmark).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The licence of HTML taken from elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// For hand-built pages: the seed text the page was modelled on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<String>,
    /// Anything a reader of the fixture should know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// One fixture on disk, found by [`discover`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixture {
    /// The host folder, e.g. `mirror.co.uk`.
    pub host: String,
    /// The file stem, e.g. `putin-permanent-peace`.
    pub name: String,
    /// `<name>.html`.
    pub html: PathBuf,
}

impl Fixture {
    /// `host/name`, the form `[[test]] fixture = ...` uses.
    pub fn id(&self) -> String {
        format!("{}/{}", self.host, self.name)
    }

    /// `<name>.toml`.
    pub fn meta_path(&self) -> PathBuf {
        self.html.with_extension("toml")
    }

    /// `<name>.txt`.
    pub fn expected_path(&self) -> PathBuf {
        self.html.with_extension("txt")
    }

    /// Reads and validates `<name>.toml`.
    pub fn load_meta(&self) -> Result<FixtureMeta, FixtureError> {
        let path = self.meta_path();
        let text = read_string(&path)?;
        let meta: FixtureMeta = toml::from_str(&text).map_err(|e| FixtureError::Meta {
            path: path.clone(),
            message: e.to_string(),
        })?;
        parse_url(&path, &meta.url)?;
        Ok(meta)
    }
}

/// Why a fixture (or the fixture folder) could not be used. Every variant
/// names the file or URL concerned.
#[derive(Debug, Error)]
pub enum FixtureError {
    /// The fixture root folder does not exist.
    #[error("{}: no fixture folder here (use --root DIR)", .path.display())]
    RootMissing {
        /// The folder looked for.
        path: PathBuf,
    },
    /// A host was asked for that has no folder.
    #[error("{}: no fixtures for host {host:?}", .root.display())]
    UnknownHost {
        /// The host asked for.
        host: String,
        /// The fixture root.
        root: PathBuf,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The `.toml` is not valid (bad TOML, unknown key, missing `url`).
    #[error("{}: {message}", .path.display())]
    Meta {
        /// The `.toml` file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The page could not be extracted.
    #[error("{}: {source}", .path.display())]
    Extract {
        /// The `.html` file.
        path: PathBuf,
        /// Why.
        source: ExtractError,
    },
    /// Downloading a fresh copy failed; the old page was kept.
    #[error("{url}: fetch failed, kept the old page: {message}")]
    Fetch {
        /// The fixture's URL.
        url: String,
        /// Why.
        message: String,
    },
    /// A `.toml` or `.txt` with no `.html` beside it.
    #[error("{}: no .html beside it (left over from a renamed or deleted fixture?)", .path.display())]
    Orphan {
        /// The file.
        path: PathBuf,
    },
    /// Scaffolding would overwrite an existing file.
    #[error("{}: already exists, not overwriting", .path.display())]
    Exists {
        /// The file that exists.
        path: PathBuf,
    },
    /// A host name that cannot be a file name.
    #[error("{host:?} is not a host name")]
    BadHost {
        /// As given.
        host: String,
    },
}

/// What happened to one fixture in [`regen`] or [`check`].
#[derive(Debug)]
pub struct FixtureResult {
    /// `host/name`, or the path when the fixture could not even be named.
    pub id: String,
    /// What happened.
    pub status: Status,
}

/// The outcome for one fixture.
#[derive(Debug)]
pub enum Status {
    /// The output is the expected text.
    Unchanged,
    /// The output differs from the expected text; `diff` is unified, expected -> new.
    Changed {
        /// A compact unified diff.
        diff: String,
    },
    /// There was no `.txt` yet (regen wrote it; check counts it as a difference).
    New {
        /// The text extracted now.
        text: String,
    },
    /// The fixture could not be processed.
    Failed(FixtureError),
}

impl FixtureResult {
    /// True unless the output matched the expected text.
    pub fn differs(&self) -> bool {
        !matches!(self.status, Status::Unchanged)
    }
}

/// Counts over a run, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Output differed from the expected text.
    pub changed: usize,
    /// Output matched.
    pub unchanged: usize,
    /// No expected text existed.
    pub new: usize,
    /// Could not be processed.
    pub failed: usize,
}

impl Summary {
    /// Counts `results`.
    pub fn of(results: &[FixtureResult]) -> Self {
        let mut s = Summary::default();
        for r in results {
            match r.status {
                Status::Unchanged => s.unchanged += 1,
                Status::Changed { .. } => s.changed += 1,
                Status::New { .. } => s.new += 1,
                Status::Failed(_) => s.failed += 1,
            }
        }
        s
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} changed, {} unchanged", self.changed, self.unchanged)?;
        if self.new > 0 {
            write!(f, ", {} new", self.new)?;
        }
        if self.failed > 0 {
            write!(f, ", {} failed", self.failed)?;
        }
        Ok(())
    }
}

/// Finds the fixtures under `root`, in a stable order; only those of `hosts`
/// when it is not empty. A fixture is a `<name>.html` in a host folder.
pub fn discover(root: &Path, hosts: &[String]) -> Result<Vec<Fixture>, FixtureError> {
    scan(root, hosts).map(|(fixtures, _)| fixtures)
}

/// The fixtures, and the `.toml`/`.txt` files that have no `.html` beside
/// them (left over from a renamed or deleted fixture).
fn scan(root: &Path, hosts: &[String]) -> Result<(Vec<Fixture>, Vec<PathBuf>), FixtureError> {
    if !root.is_dir() {
        return Err(FixtureError::RootMissing {
            path: root.to_path_buf(),
        });
    }
    for host in hosts {
        if !valid_host(host) || !root.join(host).is_dir() {
            return Err(FixtureError::UnknownHost {
                host: host.clone(),
                root: root.to_path_buf(),
            });
        }
    }
    let mut fixtures = Vec::new();
    let mut orphans = Vec::new();
    for host_dir in sorted_entries(root)? {
        let Some(host) = file_name(&host_dir) else {
            continue;
        };
        if host.starts_with('.')
            || !host_dir.is_dir()
            || (!hosts.is_empty() && !hosts.contains(&host))
        {
            continue;
        }
        for path in sorted_entries(&host_dir)? {
            let ext = path.extension().and_then(|e| e.to_str());
            let hidden = file_name(&path).is_none_or(|n| n.starts_with('.'));
            match ext {
                _ if hidden => {}
                Some("html") => {
                    if let Some(name) = path.file_stem().and_then(|s| s.to_str()) {
                        fixtures.push(Fixture {
                            host: host.clone(),
                            name: name.to_string(),
                            html: path.clone(),
                        });
                    }
                }
                Some("toml" | "txt") if !path.with_extension("html").exists() => orphans.push(path),
                _ => {}
            }
        }
    }
    Ok((fixtures, orphans))
}

/// Re-extracts every fixture (of `hosts`, or all) and rewrites each `.txt`
/// whose text changed or was missing. One fixture's failure does not stop the others.
pub fn regen(
    root: &Path,
    hosts: &[String],
    extractor: &Extractor,
) -> Result<Vec<FixtureResult>, FixtureError> {
    compare_all(root, hosts, extractor, true)
}

/// Like [`regen`], but writes nothing: reports what regen would change.
pub fn check(
    root: &Path,
    hosts: &[String],
    extractor: &Extractor,
) -> Result<Vec<FixtureResult>, FixtureError> {
    compare_all(root, hosts, extractor, false)
}

fn compare_all(
    root: &Path,
    hosts: &[String],
    extractor: &Extractor,
    write: bool,
) -> Result<Vec<FixtureResult>, FixtureError> {
    let (fixtures, orphans) = scan(root, hosts)?;
    let mut results: Vec<FixtureResult> = fixtures
        .iter()
        .map(|f| FixtureResult {
            id: f.id(),
            status: compare(f, extractor, write).unwrap_or_else(Status::Failed),
        })
        .collect();
    results.extend(orphans.into_iter().map(|path| FixtureResult {
        id: path.display().to_string(),
        status: Status::Failed(FixtureError::Orphan { path }),
    }));
    Ok(results)
}

fn compare(fixture: &Fixture, extractor: &Extractor, write: bool) -> Result<Status, FixtureError> {
    let meta = fixture.load_meta()?;
    let text = extract_text(extractor, &fixture.html, &meta.url)?;
    let expected_path = fixture.expected_path();
    let expected = match std::fs::read_to_string(&expected_path) {
        Ok(s) => Some(s),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(FixtureError::Io {
                path: expected_path,
                source: e,
            })
        }
    };
    let status = match expected {
        Some(old) if old == text => return Ok(Status::Unchanged),
        Some(old) => Status::Changed {
            diff: unified_diff(&old, &text, &fixture.id()),
        },
        None => Status::New { text: text.clone() },
    };
    if write {
        write_atomic(&expected_path, text.as_bytes())?;
    }
    Ok(status)
}

/// The clean text of the page in `html`, extracted as if fetched from `url`.
pub fn extract_text(extractor: &Extractor, html: &Path, url: &str) -> Result<String, FixtureError> {
    let url = parse_url(html, url)?;
    let bytes = std::fs::read(html).map_err(|source| FixtureError::Io {
        path: html.to_path_buf(),
        source,
    })?;
    let page = Page {
        bytes: &bytes,
        url: Some(&url),
        content_type: None,
    };
    let article = extractor
        .extract(&page)
        .map_err(|source| FixtureError::Extract {
            path: html.to_path_buf(),
            source,
        })?;
    Ok(render(&article, Format::Txt))
}

/// A compact unified diff from `old` to `new` (two lines of context).
pub fn unified_diff(old: &str, new: &str, id: &str) -> String {
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("{id}.txt (expected)"), &format!("{id}.txt (now)"))
        .to_string()
}

/// Somewhere fresh copies of pages come from. The CLI's implementation goes
/// through the fetch module; tests use their own.
pub trait PageSource {
    /// The page, or why it could not be had.
    fn get(&self, url: &Url) -> Result<FreshPage, String>;
}

/// A page just downloaded by a [`PageSource`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreshPage {
    /// The body as served (decompressed).
    pub body: Vec<u8>,
    /// When it arrived, RFC 3339 UTC; recorded as the fixture's `fetched_at`.
    pub fetched_at: String,
}

/// Pages from the network through the fetch module (robots.txt, politeness,
/// the site's `[fetch]` rules), for callers that are not async themselves.
pub struct FetcherSource<'a> {
    /// Does the downloading.
    pub fetcher: &'a crate::fetch::Fetcher,
    /// Runs it; must not be called from inside another runtime.
    pub runtime: &'a tokio::runtime::Runtime,
}

impl PageSource for FetcherSource<'_> {
    fn get(&self, url: &Url) -> Result<FreshPage, String> {
        let fetched = self
            .runtime
            .block_on(self.fetcher.fetch(url, None))
            .map_err(|e| e.to_string())?;
        Ok(FreshPage {
            body: fetched.body,
            fetched_at: fetched.fetched_at,
        })
    }
}

/// What happened to one fixture in [`refetch`].
#[derive(Debug)]
pub struct RefetchResult {
    /// `host/name`.
    pub id: String,
    /// What was done; an error means the old page was kept.
    pub outcome: Result<Refetched, FixtureError>,
}

/// A fixture [`refetch`] dealt with without error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refetched {
    /// The page was downloaded and replaced.
    Replaced,
    /// The page is not a copy of what its URL serves (hand-built, or taken
    /// from a benchmark), so downloading would destroy it; left alone.
    Skipped(&'static str),
}

/// Downloads a fresh copy of each fixture's page from its URL. On success the
/// `.html` is replaced atomically and `fetched_at` recorded in the `.toml`; on
/// failure both are left as they were. Fixtures with a `seed` (hand-built) or
/// a `source` (copied from elsewhere) are skipped. Regenerate afterwards.
pub fn refetch(
    root: &Path,
    hosts: &[String],
    source: &dyn PageSource,
) -> Result<Vec<RefetchResult>, FixtureError> {
    let fixtures = discover(root, hosts)?;
    Ok(fixtures
        .iter()
        .map(|f| RefetchResult {
            id: f.id(),
            outcome: refetch_one(f, source),
        })
        .collect())
}

fn refetch_one(fixture: &Fixture, source: &dyn PageSource) -> Result<Refetched, FixtureError> {
    let meta_path = fixture.meta_path();
    let mut meta = fixture.load_meta()?;
    if meta.seed.is_some() {
        return Ok(Refetched::Skipped("hand-built (has a seed)"));
    }
    if meta.source.is_some() {
        return Ok(Refetched::Skipped(
            "copied from its source, not from its url",
        ));
    }
    let url = parse_url(&meta_path, &meta.url)?;
    let fetch_error = |message: String| FixtureError::Fetch {
        url: meta.url.clone(),
        message,
    };
    let fresh = source.get(&url).map_err(fetch_error)?;
    if fresh.body.iter().all(u8::is_ascii_whitespace) {
        return Err(fetch_error("empty page".to_string()));
    }
    write_atomic(&fixture.html, &fresh.body)?;
    meta.fetched_at = Some(fresh.fetched_at);
    write_meta(&meta_path, &meta)?;
    Ok(Refetched::Replaced)
}

fn write_meta(path: &Path, meta: &FixtureMeta) -> Result<(), FixtureError> {
    let text = toml::to_string(meta).map_err(|e| FixtureError::Meta {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    write_atomic(path, text.as_bytes())
}

/// A `[[test]]` of a rule file that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTestFailure {
    /// The rule file, e.g. `mirror.co.uk.toml`.
    pub file: String,
    /// The test's fixture (or URL when it names none).
    pub test: String,
    /// Every problem found, one a line.
    pub problems: Vec<String>,
}

impl fmt::Display for RuleTestFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [[test]] {}:", self.file, self.test)?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

/// Runs the `[[test]]` blocks of every rule file the extractor uses against
/// the fixtures under `root` (only those of `hosts` when it is not empty).
/// A test whose fixture's host has no folder under `root` is not run: a
/// user's fixture folder need not hold the shipped fixtures. A site rule file
/// without a test is a failure when all hosts are checked: every rule must be
/// pinned by a page (imported files aside, see [`crate::rules::SiteRules::imported`]). When several files have the same name (a user's file
/// overriding a shipped one), only the one in force is tested.
pub fn run_rule_tests(
    extractor: &Extractor,
    root: &Path,
    hosts: &[String],
) -> Vec<RuleTestFailure> {
    let files: Vec<_> = extractor.rules().files().collect();
    let mut seen = std::collections::HashSet::new();
    let mut failures = Vec::new();
    // Later files win, so walk from the end and skip names already seen.
    for file in files.iter().rev() {
        if !seen.insert(file.name.clone()) {
            continue;
        }
        // Imported files carry their library's test URLs but no
        // fixtures: `thresh rules test --refetch` runs those.
        if file.source.is_some() || file.imported() {
            continue;
        }
        if file.tests.is_empty() && hosts.is_empty() {
            failures.push(RuleTestFailure {
                file: file.name.clone(),
                test: "-".to_string(),
                problems: vec!["has no [[test]]".to_string()],
            });
        }
        for test in &file.tests {
            let host = test
                .fixture
                .as_deref()
                .and_then(|f| f.split_once('/'))
                .map(|(host, _)| host);
            let selected = match host {
                Some(host) => {
                    (hosts.is_empty() || hosts.iter().any(|h| h == host))
                        && root.join(host).is_dir()
                }
                // Reported as a problem by run_rule_test, unless filtering by host.
                None => hosts.is_empty(),
            };
            if !selected {
                continue;
            }
            let problems = run_rule_test(extractor, root, test);
            if !problems.is_empty() {
                failures.push(RuleTestFailure {
                    file: file.name.clone(),
                    test: test.fixture.clone().unwrap_or_else(|| test.url.clone()),
                    problems,
                });
            }
        }
    }
    failures.reverse();
    failures
}

/// Checks one `[[test]]`: extracts its fixture with its URL and looks for
/// each `contains` and `excludes` string. Returns the problems (none: passed).
pub fn run_rule_test(extractor: &Extractor, root: &Path, test: &RuleTest) -> Vec<String> {
    let Some(fixture) = &test.fixture else {
        return vec!["names no fixture".to_string()];
    };
    if fixture
        .split('/')
        .any(|part| part.is_empty() || part == "..")
    {
        return vec![format!("fixture {fixture:?} is not host/name")];
    }
    let html = root.join(format!("{fixture}.html"));
    match extract_text(extractor, &html, &test.url) {
        Ok(text) => expectation_problems(&text, test),
        Err(e) => vec![e.to_string()],
    }
}

/// What `text` breaks of a test's expectations: each `contains` string it
/// lacks, each `excludes` string it holds.
pub fn expectation_problems(text: &str, test: &RuleTest) -> Vec<String> {
    let mut problems = Vec::new();
    for want in &test.contains {
        if !text.contains(want.as_str()) {
            problems.push(format!("output lacks {want:?}"));
        }
    }
    for unwanted in &test.excludes {
        if text.contains(unwanted.as_str()) {
            problems.push(format!("output contains {unwanted:?}"));
        }
    }
    problems
}

/// What [`scaffold`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffolded {
    /// `selectors/<host>.toml`.
    pub rule_file: PathBuf,
    /// `fixtures/<host>/<name>.html`.
    pub html: PathBuf,
    /// `fixtures/<host>/<name>.toml`.
    pub meta: PathBuf,
    /// The article root guessed from the page, if any.
    pub root_guess: Option<String>,
    /// The page's host, listed in `hosts` beside the given host when that
    /// does not cover it (so the file's `[[test]]` URL falls under it).
    pub page_host: Option<String>,
}

/// Starts a rule file and a fixture for a new site: writes
/// `selectors_root/<host>.toml` (a commented template with a guessed article
/// root and a `[[test]]` on the new fixture) and
/// `fixtures_root/<host>/<name>.{html,toml}`. Refuses to overwrite anything;
/// the `.txt` is left for `thresh fixtures regen` to create.
pub fn scaffold(
    fixtures_root: &Path,
    selectors_root: &Path,
    host: &str,
    html: &[u8],
    url: &Url,
    fetched_at: Option<String>,
) -> Result<Scaffolded, FixtureError> {
    let host = host.trim().to_ascii_lowercase();
    if !valid_host(&host) {
        return Err(FixtureError::BadHost { host });
    }
    let name = slug_from_url(url);
    let rule_file = selectors_root.join(format!("{host}.toml"));
    let dir = fixtures_root.join(&host);
    let html_path = dir.join(format!("{name}.html"));
    let meta_path = dir.join(format!("{name}.toml"));
    for path in [&rule_file, &html_path, &meta_path] {
        if path.exists() {
            return Err(FixtureError::Exists { path: path.clone() });
        }
    }
    let root_guess = guess_root(html);
    // The `[[test]]` is on this page, and a test's URL must fall under the
    // file's hosts: a page from another domain of the site (or a mirror)
    // makes its host one of the file's.
    let page_host = url
        .host_str()
        .map(crate::rules::normalize_host)
        .filter(|page| !crate::rules::host_matches(page, &crate::rules::normalize_host(&host)));
    let template = rule_template(
        &host,
        page_host.as_deref(),
        url,
        &format!("{host}/{name}"),
        root_guess.as_deref(),
    );
    for d in [selectors_root, &dir] {
        std::fs::create_dir_all(d).map_err(|source| FixtureError::Io {
            path: d.to_path_buf(),
            source,
        })?;
    }
    write_atomic(&html_path, html)?;
    write_meta(
        &meta_path,
        &FixtureMeta {
            url: url.to_string(),
            fetched_at,
            notes: Some("scaffolded by `thresh rules new`".to_string()),
            ..FixtureMeta::default()
        },
    )?;
    write_atomic(&rule_file, template.as_bytes())?;
    Ok(Scaffolded {
        rule_file,
        html: html_path,
        meta: meta_path,
        root_guess,
        page_host,
    })
}

/// A selector for the article container, when the page marks one: the
/// `articleBody` microdata, else `<article>`, else `<main>`. Made specific
/// with the element's id or first class when that still matches one element.
/// The page is read as the extractor reads it (its parse, scripting off, and
/// its layout), and only elements the extractor would see count: nothing in
/// `<noscript>`, `<template>` or a hidden block.
pub fn guess_root(html: &[u8]) -> Option<String> {
    use crate::extract::dom::{Dom, Ix, Show};
    use crate::selector::Selector;
    let decoded = crate::decode::decode(html, None, crate::decode::DEFAULT_MAX_BYTES).ok()?;
    let tree = crate::extract::parse(&decoded.text);
    let dom = Dom::build(&tree);
    let shown = |ix: Ix| {
        !dom.hidden(ix, Show::Visible) && !dom.ancestors(ix).any(|a| dom.hidden(a, Show::Visible))
    };
    let found = |sel: &str| {
        let selector = Selector::parse(sel).ok()?;
        let hits: Vec<Ix> = dom.matching(&selector).filter(|&ix| shown(ix)).collect();
        Some(hits)
    };
    for candidate in ["[itemprop=articleBody]", "article", "main", "[role=main]"] {
        let Some(&first) = found(candidate).as_ref().and_then(|hits| hits.first()) else {
            continue;
        };
        let element = dom.node(first).element?;
        let tag = element.name();
        // Names with digits are usually generated (`post-123`, `tdi_37`) and
        // differ from page to page, so they make poor rules.
        let stable_ident = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_')
        };
        let specific = element
            .id()
            .filter(|id| stable_ident(id))
            .map(|id| format!("{tag}#{id}"))
            .or_else(|| {
                // A class that names content says more than a layout class.
                let classes: Vec<&str> = element
                    .classes()
                    .into_iter()
                    .filter(|c| stable_ident(c))
                    .collect();
                let content_word = |c: &&&str| {
                    [
                        "article", "content", "body", "story", "entry", "post", "main",
                    ]
                    .iter()
                    .any(|w| c.contains(w))
                };
                let class = classes.iter().find(content_word).or(classes.first());
                class.map(|c| format!("{tag}.{c}"))
            });
        if let Some(specific) = specific.filter(|s| found(s).is_some_and(|h| h.len() == 1)) {
            return Some(specific);
        }
        return Some(candidate.to_string());
    }
    None
}

fn rule_template(
    host: &str,
    page_host: Option<&str>,
    url: &Url,
    fixture: &str,
    root: Option<&str>,
) -> String {
    let hosts_line = match page_host {
        Some(page) => format!(
            "hosts = [{}, {}]   # the page below is on {page}",
            toml_string(host),
            toml_string(page)
        ),
        None => format!(
            "# hosts = [{}]   # other hosts this file covers (default: the file name)",
            toml_string(host)
        ),
    };
    let root_line = match root {
        Some(r) => format!("root = [{}]", toml_string(r)),
        None => "# root = [\"article .story-body\"]   # none found on the page: generic detection"
            .to_string(),
    };
    format!(
        r#"# Rules for {host}, scaffolded by `thresh rules new` from
# {url}
# Workflow: `thresh rules explain` the fixture, edit this file,
# `thresh fixtures regen {host}`, review the diff, repeat.

{hosts_line}

[content]
# The article container; the first selector that matches is the article.
{root_line}
# Elements to remove inside it: related links, promos, share bars, widgets.
drop = []
# Regexes: blocks whose whole text matches are removed (e.g. '(?i)^read more$').
drop_text = []
# Regexes: the article ends before the first block that matches.
stop_at = []

# [meta]
# title = "h1"
# author = "[rel=author]"
# published = "meta[property='article:published_time']@content"

[[test]]
url = {url_q}
fixture = {fixture_q}
contains = []   # a few phrases from the article's first and last paragraphs
excludes = []   # noise that must not appear
"#,
        url_q = toml_string(url.as_str()),
        fixture_q = toml_string(fixture),
    )
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A fixture name from the URL's last path segment: lowercase letters,
/// digits and dashes, at most 60 characters; `page` when nothing is left.
fn slug_from_url(url: &Url) -> String {
    let segment = url
        .path_segments()
        .and_then(|mut s| s.rfind(|seg| !seg.is_empty()))
        .unwrap_or("");
    let segment = segment
        .strip_suffix(".html")
        .or_else(|| segment.strip_suffix(".htm"))
        .unwrap_or(segment);
    let mut slug = String::new();
    for c in segment.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.chars().take(60).collect();
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "page".to_string()
    } else {
        slug.to_string()
    }
}

fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && !host.starts_with('.')
        && !host.contains("..")
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// [`crate::fsutil::write_atomic`], with the path in the error.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FixtureError> {
    crate::fsutil::write_atomic(path, bytes).map_err(|source| FixtureError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn parse_url(path: &Path, url: &str) -> Result<Url, FixtureError> {
    Url::parse(url).map_err(|e| FixtureError::Meta {
        path: path.to_path_buf(),
        message: format!("url {url:?}: {e}"),
    })
}

fn read_string(path: &Path) -> Result<String, FixtureError> {
    std::fs::read_to_string(path).map_err(|source| FixtureError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, FixtureError> {
    let io = |source| FixtureError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(io)?;
    entries.sort();
    Ok(entries)
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use std::collections::HashMap;

    const PAGE: &[u8] =
        b"<html><body><article><p>Witkoff met Putin in St Petersburg.</p></article></body></html>";

    fn extractor() -> Extractor {
        Extractor::new(RuleSet::empty())
    }

    fn add_fixture(root: &Path, host: &str, name: &str, meta: &str, txt: Option<&str>) -> Fixture {
        let dir = root.join(host);
        std::fs::create_dir_all(&dir).unwrap();
        let html = dir.join(format!("{name}.html"));
        std::fs::write(&html, PAGE).unwrap();
        std::fs::write(dir.join(format!("{name}.toml")), meta).unwrap();
        if let Some(txt) = txt {
            std::fs::write(dir.join(format!("{name}.txt")), txt).unwrap();
        }
        Fixture {
            host: host.to_string(),
            name: name.to_string(),
            html,
        }
    }

    fn now_text(f: &Fixture) -> String {
        extract_text(&extractor(), &f.html, "https://a.test/x").unwrap()
    }

    #[test]
    fn discover_is_sorted_filters_hosts_and_skips_other_files() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        add_fixture(root, "b.test", "two", "url = 'https://b.test/2'", None);
        add_fixture(root, "a.test", "one", "url = 'https://a.test/1'", None);
        std::fs::write(root.join("README.md"), "x").unwrap();
        std::fs::write(root.join("a.test/notes.md"), "x").unwrap();
        std::fs::write(root.join("a.test/renamed.txt"), "x").unwrap();
        std::fs::write(root.join("a.test/.one.txt.tmp-1-1"), "x").unwrap();
        let all: Vec<_> = discover(root, &[])
            .unwrap()
            .iter()
            .map(Fixture::id)
            .collect();
        assert_eq!(all, ["a.test/one", "b.test/two"]);
        let some: Vec<_> = discover(root, &["b.test".into()])
            .unwrap()
            .iter()
            .map(Fixture::id)
            .collect();
        assert_eq!(some, ["b.test/two"]);
        assert!(matches!(
            discover(root, &["c.test".into()]),
            Err(FixtureError::UnknownHost { .. })
        ));
        assert!(matches!(
            discover(&root.join("nope"), &[]),
            Err(FixtureError::RootMissing { .. })
        ));
        // A leftover .txt is reported by check (and regen), not ignored.
        let results = check(root, &["a.test".into()], &extractor()).unwrap();
        let orphan = results
            .iter()
            .find(|r| r.id.ends_with("renamed.txt"))
            .unwrap();
        assert!(matches!(
            &orphan.status,
            Status::Failed(FixtureError::Orphan { .. })
        ));
    }

    #[test]
    fn regen_rewrites_changed_creates_missing_and_is_then_stable() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let stale = add_fixture(
            root,
            "a.test",
            "stale",
            "url = 'https://a.test/x'",
            Some("old line\n"),
        );
        let fresh = add_fixture(root, "a.test", "fresh", "url = 'https://a.test/x'", None);
        let current = now_text(&stale);

        let results = regen(root, &[], &extractor()).unwrap();
        let by_id: HashMap<_, _> = results.iter().map(|r| (r.id.as_str(), &r.status)).collect();
        // Whatever the extractor produces, a stale text differs from it unless
        // it happens to be identical, which "old line" is not.
        match by_id["a.test/stale"] {
            Status::Changed { diff } => {
                assert!(diff.contains("-old line"), "{diff}");
                assert!(diff.contains("a.test/stale.txt"), "{diff}");
            }
            other => panic!("expected Changed, got {other:?}"),
        }
        assert!(matches!(by_id["a.test/fresh"], Status::New { .. }));
        assert_eq!(
            std::fs::read_to_string(stale.expected_path()).unwrap(),
            current
        );
        assert_eq!(
            std::fs::read_to_string(fresh.expected_path()).unwrap(),
            current
        );
        assert_eq!(
            Summary::of(&results).to_string(),
            "1 changed, 0 unchanged, 1 new"
        );

        let again = regen(root, &[], &extractor()).unwrap();
        assert!(again.iter().all(|r| !r.differs()), "{again:?}");
        assert_eq!(Summary::of(&again).to_string(), "0 changed, 2 unchanged");
        // No temporary files are left behind.
        let leftovers: Vec<_> = std::fs::read_dir(root.join("a.test"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn check_reports_differences_without_writing() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let f = add_fixture(
            root,
            "a.test",
            "stale",
            "url = 'https://a.test/x'",
            Some("old line\n"),
        );
        add_fixture(root, "a.test", "missing", "url = 'https://a.test/x'", None);
        let results = check(root, &[], &extractor()).unwrap();
        assert!(results.iter().all(FixtureResult::differs));
        assert_eq!(
            std::fs::read_to_string(f.expected_path()).unwrap(),
            "old line\n"
        );
        assert!(!root.join("a.test/missing.txt").exists());
    }

    #[test]
    fn bad_fixtures_are_reported_with_their_path_and_the_others_still_run() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let good = add_fixture(root, "a.test", "good", "url = 'https://a.test/x'", None);
        add_fixture(
            root,
            "a.test",
            "unknown-key",
            "url = 'https://a.test/x'\ncolour = 'red'",
            None,
        );
        add_fixture(root, "a.test", "no-url", "notes = 'x'", None);
        add_fixture(root, "a.test", "bad-url", "url = 'not a url'", None);
        let lost = add_fixture(
            root,
            "a.test",
            "lost-meta",
            "url = 'https://a.test/x'",
            None,
        );
        std::fs::remove_file(lost.meta_path()).unwrap();

        let results = regen(root, &[], &extractor()).unwrap();
        assert_eq!(results.len(), 5);
        for r in &results {
            if r.id == "a.test/good" {
                assert!(matches!(r.status, Status::New { .. }));
                continue;
            }
            let Status::Failed(e) = &r.status else {
                panic!("{} should have failed: {:?}", r.id, r.status);
            };
            let name = r.id.strip_prefix("a.test/").unwrap();
            let msg = e.to_string();
            assert!(msg.contains(&format!("{name}.toml")), "{msg}");
        }
        let msg = |id: &str| match &results.iter().find(|r| r.id == id).unwrap().status {
            Status::Failed(e) => e.to_string(),
            _ => unreachable!(),
        };
        assert!(msg("a.test/unknown-key").contains("colour"));
        assert!(msg("a.test/no-url").contains("url"));
        assert!(good.expected_path().exists());
        assert_eq!(Summary::of(&results).failed, 4);
    }

    #[test]
    fn unreadable_html_is_reported_with_its_path() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let f = add_fixture(root, "a.test", "empty", "url = 'https://a.test/x'", None);
        std::fs::write(&f.html, b"").unwrap();
        let results = check(root, &[], &extractor()).unwrap();
        let Status::Failed(e) = &results[0].status else {
            panic!("{:?}", results[0].status);
        };
        assert!(e.to_string().contains("empty.html"), "{e}");
    }

    struct Pages(HashMap<String, Result<Vec<u8>, String>>);

    impl PageSource for Pages {
        fn get(&self, url: &Url) -> Result<FreshPage, String> {
            let body = self
                .0
                .get(url.as_str())
                .cloned()
                .unwrap_or_else(|| Err("404 Not Found".to_string()))?;
            Ok(FreshPage {
                body,
                fetched_at: "2025-04-22T10:00:00Z".to_string(),
            })
        }
    }

    #[test]
    fn refetch_replaces_on_success_and_keeps_the_old_page_on_failure() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let meta = "url = 'https://a.test/ok'\nlicence = 'CC0'\nnotes = 'keep me'\n";
        let ok = add_fixture(root, "a.test", "ok", meta, None);
        let broken = add_fixture(
            root,
            "a.test",
            "broken",
            "url = 'https://a.test/broken'\nfetched_at = '2025-01-01T00:00:00Z'\n",
            None,
        );
        let blank = add_fixture(
            root,
            "a.test",
            "blank",
            "url = 'https://a.test/blank'\n",
            None,
        );
        let seeded = add_fixture(
            root,
            "a.test",
            "seeded",
            "url = 'https://a.test/ok'\nseed = 's.txt'\n",
            None,
        );
        let copied = add_fixture(
            root,
            "a.test",
            "copied",
            "url = 'https://a.test/ok'\nsource = 'WCXB'\n",
            None,
        );
        let new_page = b"<html><body><p>Fresh copy.</p></body></html>".to_vec();
        let pages = Pages(HashMap::from([
            ("https://a.test/ok".to_string(), Ok(new_page.clone())),
            ("https://a.test/blank".to_string(), Ok(b"  \n".to_vec())),
        ]));

        let results = refetch(root, &[], &pages).unwrap();
        let outcome = |id: &str| &results.iter().find(|r| r.id == id).unwrap().outcome;
        assert_eq!(outcome("a.test/ok").as_ref().unwrap(), &Refetched::Replaced);
        assert_eq!(std::fs::read(&ok.html).unwrap(), new_page);
        let meta = ok.load_meta().unwrap();
        assert_eq!(meta.fetched_at.as_deref(), Some("2025-04-22T10:00:00Z"));
        assert_eq!(meta.licence.as_deref(), Some("CC0"));
        assert_eq!(meta.notes.as_deref(), Some("keep me"));
        assert_eq!(meta.url, "https://a.test/ok");

        let err = outcome("a.test/broken").as_ref().unwrap_err().to_string();
        assert!(
            err.contains("https://a.test/broken") && err.contains("404"),
            "{err}"
        );
        assert_eq!(std::fs::read(&broken.html).unwrap(), PAGE);
        assert_eq!(
            broken.load_meta().unwrap().fetched_at.as_deref(),
            Some("2025-01-01T00:00:00Z")
        );
        assert!(outcome("a.test/blank").is_err());
        for skipped in [&seeded, &copied] {
            assert!(matches!(outcome(&skipped.id()), Ok(Refetched::Skipped(_))));
            assert_eq!(std::fs::read(&skipped.html).unwrap(), PAGE);
        }
        assert_eq!(std::fs::read(&blank.html).unwrap(), PAGE);
    }

    #[test]
    fn rule_test_reports_missing_and_unwanted_phrases() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        add_fixture(root, "a.test", "page", "url = 'https://a.test/x'", None);
        let text = extract_text(
            &extractor(),
            &root.join("a.test/page.html"),
            "https://a.test/x",
        )
        .unwrap();
        let test = |contains: &[&str], excludes: &[&str], fixture: Option<&str>| RuleTest {
            url: "https://a.test/x".to_string(),
            fixture: fixture.map(str::to_string),
            contains: contains.iter().map(|s| s.to_string()).collect(),
            excludes: excludes.iter().map(|s| s.to_string()).collect(),
        };
        // An excluded phrase the output cannot contain passes; a wanted phrase
        // is judged against whatever the extractor produced.
        let problems = run_rule_test(
            &extractor(),
            root,
            &test(&["Witkoff"], &["WhatsApp"], Some("a.test/page")),
        );
        assert_eq!(
            problems.is_empty(),
            text.contains("Witkoff"),
            "{problems:?}"
        );
        let problems = run_rule_test(
            &extractor(),
            root,
            &test(&["never there"], &[], Some("a.test/page")),
        );
        assert_eq!(problems, ["output lacks \"never there\""]);
        if !text.is_empty() {
            let first_word = text.split_whitespace().next().unwrap();
            let problems = run_rule_test(
                &extractor(),
                root,
                &test(&[], &[first_word], Some("a.test/page")),
            );
            assert_eq!(problems, [format!("output contains {first_word:?}")]);
        }
        let problems = run_rule_test(&extractor(), root, &test(&[], &[], Some("a.test/absent")));
        assert!(
            problems[0].contains("absent.toml") || problems[0].contains("absent.html"),
            "{problems:?}"
        );
        let problems = run_rule_test(&extractor(), root, &test(&[], &[], None));
        assert_eq!(problems, ["names no fixture"]);
        let problems = run_rule_test(&extractor(), root, &test(&[], &[], Some("../etc/passwd")));
        assert!(problems[0].contains("not host/name"));
    }

    #[test]
    fn scaffold_writes_a_rule_file_and_fixture_and_refuses_to_overwrite() {
        let tmp = tempfile::tempdir().unwrap();
        let fixtures = tmp.path().join("fixtures");
        let selectors = tmp.path().join("selectors");
        let html = br#"<html><body><nav>x</nav><article class="story"><div itemprop="articleBody" class="story-body"><p>Text.</p></div></article></body></html>"#;
        let url =
            Url::parse("https://www.news.test/world/2025/04/Putin-Peace_Talks.html?x=1").unwrap();
        let done = scaffold(&fixtures, &selectors, "News.test", html, &url, None).unwrap();
        assert_eq!(done.root_guess.as_deref(), Some("div.story-body"));
        assert_eq!(done.rule_file, selectors.join("news.test.toml"));
        assert_eq!(done.html, fixtures.join("news.test/putin-peace-talks.html"));
        assert_eq!(std::fs::read(&done.html).unwrap(), html);
        let meta: FixtureMeta =
            toml::from_str(&std::fs::read_to_string(&done.meta).unwrap()).unwrap();
        assert_eq!(meta.url, url.as_str());

        let rules = std::fs::read_to_string(&done.rule_file).unwrap();
        let parsed: toml::Value = toml::from_str(&rules).unwrap();
        assert_eq!(
            parsed["content"]["root"][0].as_str(),
            Some("div.story-body")
        );
        assert_eq!(
            parsed["test"][0]["fixture"].as_str(),
            Some("news.test/putin-peace-talks")
        );
        assert_eq!(parsed["test"][0]["url"].as_str(), Some(url.as_str()));

        std::fs::write(&done.rule_file, "# edited").unwrap();
        let again = scaffold(&fixtures, &selectors, "news.test", html, &url, None);
        assert!(matches!(again, Err(FixtureError::Exists { .. })));
        assert_eq!(
            std::fs::read_to_string(&done.rule_file).unwrap(),
            "# edited"
        );

        assert!(matches!(
            scaffold(&fixtures, &selectors, "../evil", html, &url, None),
            Err(FixtureError::BadHost { .. })
        ));
    }

    #[test]
    fn root_guess_prefers_article_body_then_article_then_main() {
        assert_eq!(
            guess_root(
                b"<main id='content'><article><p>x</p></article><article><p>y</p></article></main>"
            )
            .as_deref(),
            Some("article")
        );
        assert_eq!(
            guess_root(b"<div><main id='content'><p>x</p></main></div>").as_deref(),
            Some("main#content")
        );
        assert_eq!(guess_root(b"<div><p>no container</p></div>"), None);
        assert_eq!(
            guess_root(b"<article id='post-123' class='x1 wide entry'><p>x</p></article>")
                .as_deref(),
            Some("article.entry")
        );
        // Read as the extractor reads it: markup in `<noscript>` (parsed,
        // scripting off) and hidden blocks are not the article.
        assert_eq!(
            guess_root(
                b"<p>lead</p><noscript><article id='ns'><p>x</p></article></noscript>\
                  <div hidden><main id='h'><p>x</p></main></div><main id='shown'><p>y</p></main>"
            )
            .as_deref(),
            Some("main#shown")
        );
    }

    #[test]
    fn slugs_are_safe_file_names() {
        let slug = |u: &str| slug_from_url(&Url::parse(u).unwrap());
        assert_eq!(slug("https://a.test/"), "page");
        assert_eq!(slug("https://a.test/news/Big--Story!/"), "big-story");
        assert_eq!(slug("https://a.test/a/%2E%2E"), "page");
        assert!(slug(&format!("https://a.test/{}", "a".repeat(300))).len() <= 60);
    }
}
