//! `thresh rules`: the rule author's tools. `check` validates rule files and
//! lists every problem as `file:line: message`; `explain` shows what the
//! rules (and, when asked, a site profile) did to one saved page; `suggest`
//! turns what recurs on a site's pages into rules.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;
use url::Url;

use super::output::Stdout;
use super::{Config, Flags, JobsArgs, LogArgs, Outcome, RulesArgs};
use crate::extract::{Extractor, Page, Report};
use crate::rules::RuleSet;
use crate::Article;

/// How many words of a removed piece `explain` shows.
const SAMPLE_WORDS: usize = 10;
/// How many lines of the resulting text `explain` shows.
const TEXT_LINES: usize = 20;

/// Subcommands of `thresh rules`.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate rule files: every one in force (built-in, the project's selectors/,
    /// --selectors), or every *.toml in DIR.
    Check {
        /// A folder of rule files (default: every rule file in force).
        dir: Option<PathBuf>,
        #[command(flatten)]
        log: LogArgs,
    },
    /// Show which rules applied to a page, what each removed, and the result.
    Explain {
        /// A saved page (.html, .htm, .html.gz), or a URL.
        target: String,
        /// The page's URL, which chooses the site rules (default: the
        /// page's canonical URL).
        #[arg(long)]
        url: Option<String>,
        #[command(flatten)]
        profile: ProfileArgs,
        #[command(flatten)]
        rules: RulesArgs,
        #[command(flatten)]
        log: LogArgs,
    },
    /// Suggest rules for what recurs on a site's pages: prints `drop`
    /// selectors and `drop_text` patterns, ready to review and paste into
    /// selectors/HOST.toml, each with how many pages it was seen on.
    Suggest {
        /// The site's host name, e.g. example-news.com.
        host: String,
        #[command(flatten)]
        profile: ProfileArgs,
        #[command(flatten)]
        rules: RulesArgs,
        #[command(flatten)]
        jobs: JobsArgs,
        #[command(flatten)]
        log: LogArgs,
    },
    /// Start a rule file and a fixture for a site, from a saved page or a URL.
    New {
        /// The site's host name, e.g. example-news.com.
        host: String,
        /// The page to start from: a saved file or an http(s) URL.
        #[arg(long, value_name = "FILE|URL")]
        from: String,
        /// The page's URL when --from is a file (default: its canonical URL).
        #[arg(long)]
        url: Option<String>,
        /// Where the fixtures live.
        #[arg(long, value_name = "DIR", default_value = "fixtures")]
        fixtures: PathBuf,
        /// Where the rule files live.
        #[arg(long = "rules-dir", value_name = "DIR", default_value = "selectors")]
        rules_dir: PathBuf,
        #[command(flatten)]
        rules: RulesArgs,
        #[command(flatten)]
        log: LogArgs,
    },
    /// Convert Full-Text RSS site configs (a folder of host.txt files) into
    /// rule files, with a report of what converted and what did not.
    #[command(name = "import-ftr")]
    ImportFtr {
        /// The ftr-site-config folder.
        dir: PathBuf,
        /// Where the rule files and REPORT.md go (replaces a previous
        /// import there; hand-written files are kept).
        #[arg(long, value_name = "DIR", default_value = "selectors/ftr")]
        out: PathBuf,
        #[command(flatten)]
        log: LogArgs,
    },
    /// Run every [[test]] of the rule files in force (those of HOST only,
    /// when given) on the saved fixtures; with --refetch on each test's
    /// URL, downloaded now. Reports pass / fail / no fixture (unreachable
    /// with --refetch) per host.
    Test {
        /// Test only the rule files covering these hosts.
        hosts: Vec<String>,
        /// Download each test URL (politely: robots.txt, one request at a
        /// time) instead of reading fixtures.
        #[arg(long)]
        refetch: bool,
        /// Where the fixtures live.
        #[arg(long, value_name = "DIR", default_value = "fixtures")]
        fixtures: PathBuf,
        #[command(flatten)]
        rules: RulesArgs,
        #[command(flatten)]
        log: LogArgs,
    },
}

/// Where a site profile comes from: pages on disk, or a refresh store.
#[derive(Debug, clap::Args)]
#[group(multiple = false)]
pub struct ProfileArgs {
    /// Learn the site's profile from a folder of its saved pages
    /// (.html, .htm, .html.gz).
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// Use the site's profile kept by `thresh refresh --out-dir DIR`.
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
}

impl RulesCommand {
    pub(super) fn flags(&self) -> Flags<'_> {
        match self {
            RulesCommand::Check { log, .. } | RulesCommand::ImportFtr { log, .. } => {
                Flags::new(log)
            }
            RulesCommand::Explain { rules, log, .. }
            | RulesCommand::New { rules, log, .. }
            | RulesCommand::Test { rules, log, .. } => Flags::new(log).rules(rules),
            RulesCommand::Suggest {
                rules, jobs, log, ..
            } => Flags::new(log).rules(rules).jobs(jobs),
        }
    }
}

/// Runs `thresh rules ...`.
pub fn run(cmd: &RulesCommand, config: &Config) -> anyhow::Result<Outcome> {
    match cmd {
        RulesCommand::Check { dir, .. } => check(dir.as_ref(), config),
        RulesCommand::Explain {
            target,
            url,
            profile,
            ..
        } => explain(target, url.as_deref(), profile, config),
        RulesCommand::Suggest { host, profile, .. } => suggest(host, profile, config),
        RulesCommand::New {
            host,
            from,
            url,
            fixtures,
            rules_dir,
            ..
        } => new(host, from, url.as_deref(), fixtures, rules_dir, config),
        RulesCommand::ImportFtr { dir, out, .. } => import_ftr(dir, out),
        RulesCommand::Test {
            hosts,
            refetch,
            fixtures,
            ..
        } => test(hosts, *refetch, fixtures, config),
    }
}

/// The verdict on one `[[test]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Verdict {
    Pass,
    Fail(Vec<String>),
    /// Offline: the test names no fixture, or its file is missing.
    NoFixture,
    /// `--refetch`: the page could not be downloaded.
    Unreachable(String),
}

/// Counts per host, in the order pass, fail, no fixture, unreachable.
type Tally = std::collections::BTreeMap<String, [usize; 4]>;

fn test(
    hosts: &[String],
    refetch: bool,
    fixtures: &std::path::Path,
    config: &Config,
) -> anyhow::Result<Outcome> {
    let wanted: Vec<String> = hosts
        .iter()
        .map(|h| crate::rules::validate_host(h).map_err(|e| anyhow::anyhow!("{h}: {e}")))
        .collect::<anyhow::Result<_>>()?;
    let extractor = Extractor::new_shared(config.rules.clone());
    // Only the file in force for a name is tested (a user's file overrides
    // a shipped one of the same name).
    let mut seen = std::collections::HashSet::new();
    let mut files: Vec<&crate::rules::SiteRules> = config
        .rules
        .files()
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .filter(|f| seen.insert(f.name.clone()))
        .filter(|f| wanted.is_empty() || wanted.iter().any(|h| f.covers(h)))
        .collect();
    files.reverse();
    let fetcher = if refetch {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the async runtime")?;
        let fetcher =
            crate::fetch::Fetcher::new(crate::fetch::FetchConfig::default(), config.rules.clone())?;
        Some((runtime, fetcher))
    } else {
        None
    };
    let mut out = Stdout::new();
    let mut tally = Tally::new();
    let mut failed = 0usize;
    for file in &files {
        for t in &file.tests {
            let host = Url::parse(&t.url)
                .ok()
                .and_then(|u| u.host_str().map(crate::rules::normalize_host))
                .unwrap_or_else(|| file.name.clone());
            // One request at a time, in file order: the fetcher also
            // spaces requests to one host and obeys robots.txt.
            let verdict = match &fetcher {
                Some((runtime, fetcher)) => {
                    let source = crate::fixtures::FetcherSource { fetcher, runtime };
                    test_online(&extractor, &source, t)
                }
                None => test_offline(&extractor, fixtures, t),
            };
            let slot = match &verdict {
                Verdict::Pass => 0,
                Verdict::Fail(problems) => {
                    failed += 1;
                    writeln!(out, "FAIL {} [[test]] {}", file.name, t.url)?;
                    for p in problems {
                        writeln!(out, "  {p}")?;
                    }
                    1
                }
                Verdict::NoFixture => 2,
                Verdict::Unreachable(why) => {
                    writeln!(out, "UNREACHABLE {} [[test]] {}: {why}", file.name, t.url)?;
                    3
                }
            };
            tally.entry(host).or_default()[slot] += 1;
        }
    }
    out.write_str(&tally_lines(&tally, refetch))?;
    out.finish()?;
    Ok(Outcome::from_failures(failed))
}

/// Per host, then a total: `host: 2 pass, 1 fail, 3 no fixture`.
fn tally_lines(tally: &Tally, refetch: bool) -> String {
    let names = ["pass", "fail", "no fixture", "unreachable"];
    let line = |counts: &[usize; 4]| -> String {
        let parts: Vec<String> = names
            .iter()
            .zip(counts)
            .enumerate()
            .filter(|&(i, (_, &n))| n > 0 || i < 2 || (i == 3 && refetch))
            .map(|(_, (name, n))| format!("{n} {name}"))
            .collect();
        parts.join(", ")
    };
    let mut out = String::new();
    let mut total = [0usize; 4];
    for (host, counts) in tally {
        let _ = writeln!(out, "{host}: {}", line(counts));
        for (t, c) in total.iter_mut().zip(counts) {
            *t += c;
        }
    }
    let _ = writeln!(out, "total: {} ({} hosts)", line(&total), tally.len());
    out
}

fn test_offline(
    extractor: &Extractor,
    fixtures: &std::path::Path,
    t: &crate::rules::RuleTest,
) -> Verdict {
    let present = t
        .fixture
        .as_ref()
        .is_some_and(|f| fixtures.join(format!("{f}.html")).is_file());
    if !present {
        return Verdict::NoFixture;
    }
    match crate::fixtures::run_rule_test(extractor, fixtures, t) {
        problems if problems.is_empty() => Verdict::Pass,
        problems => Verdict::Fail(problems),
    }
}

fn test_online(
    extractor: &Extractor,
    source: &dyn crate::fixtures::PageSource,
    t: &crate::rules::RuleTest,
) -> Verdict {
    let Ok(url) = Url::parse(&t.url) else {
        return Verdict::Fail(vec![format!("{} is not a URL", t.url)]);
    };
    let page = match source.get(&url) {
        Ok(page) => page,
        Err(e) => return Verdict::Unreachable(e),
    };
    let article = match crate::fixtures::fresh_article(extractor, &url, &page) {
        Ok(a) => a,
        Err(e) => return Verdict::Fail(vec![format!("cannot extract: {e}")]),
    };
    let text = crate::format::render(&article, crate::format::Format::Txt);
    // A test with no strings still says the rules must find an article.
    let mut problems = crate::fixtures::expectation_problems(&text, t);
    if text.trim().is_empty() {
        problems.insert(0, "extracted no text".to_owned());
    }
    if problems.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(problems)
    }
}

fn import_ftr(dir: &std::path::Path, dest: &std::path::Path) -> anyhow::Result<Outcome> {
    let import = crate::rules::ftr::import(dir, dest)?;
    let t = import.totals();
    let mut out = Stdout::new();
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            a as f64 * 100.0 / b as f64
        }
    };
    writeln!(
        out,
        "{} configs: {} rule files written to {}",
        t.configs,
        t.written,
        dest.display()
    )?;
    writeln!(
        out,
        "converted completely: {} ({:.1}%); body converted: {} of {} ({:.1}%)",
        t.complete,
        pct(t.complete, t.configs),
        t.body_converted,
        t.with_body,
        pct(t.body_converted, t.with_body)
    )?;
    writeln!(
        out,
        "directives: {} exact, {} approximate, {} not needed, {} not converted",
        t.directives[0], t.directives[1], t.directives[2], t.directives[3]
    )?;
    writeln!(out, "report: {}", dest.join("REPORT.md").display())?;
    out.finish()?;
    Ok(Outcome::Success)
}

/// A page to work on: read from disk, or downloaded when `target` is a URL
/// and no such file exists. Returns the bytes, the page's URL (the one
/// given, else the final URL of a download), its content type and language
/// headers and, for a download, when it was fetched.
fn load_page(target: &str, url: Option<&str>, config: &Config) -> anyhow::Result<LoadedPage> {
    let url = url
        .map(|u| Url::parse(u).with_context(|| format!("--url {u}: not a valid URL")))
        .transpose()?;
    let path = PathBuf::from(target);
    let web = Url::parse(target)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"));
    match web {
        Some(web) if !path.exists() => {
            let fetched = super::fetch::fetch_blocking(&web, config)?;
            Ok(LoadedPage {
                url: Some(url.unwrap_or(fetched.final_url)),
                content_type: fetched.content_type,
                content_language: fetched.content_language,
                fetched_at: Some(fetched.fetched_at),
                bytes: fetched.body,
            })
        }
        _ => Ok(LoadedPage {
            bytes: std::fs::read(&path).with_context(|| format!("{target}: cannot read"))?,
            url,
            content_type: None,
            content_language: None,
            fetched_at: None,
        }),
    }
}

struct LoadedPage {
    bytes: Vec<u8>,
    url: Option<Url>,
    content_type: Option<String>,
    content_language: Option<String>,
    fetched_at: Option<String>,
}

fn new(
    host: &str,
    from: &str,
    url: Option<&str>,
    fixtures_root: &Path,
    rules_dir: &Path,
    config: &Config,
) -> anyhow::Result<Outcome> {
    let page = load_page(from, url, config)?;
    let url = match page.url {
        Some(u) => u,
        None => {
            let html = crate::decode::decode(&page.bytes, None, crate::decode::DEFAULT_MAX_BYTES)
                .with_context(|| format!("{from}: cannot read the page"))?;
            crate::extract::canonical_url(&html.text)
                .with_context(|| format!("{from}: the page names no canonical URL; pass --url"))?
        }
    };
    let done = crate::fixtures::scaffold(
        fixtures_root,
        rules_dir,
        host,
        &page.bytes,
        &url,
        page.fetched_at,
    )?;
    let mut out = Stdout::new();
    writeln!(out, "wrote {}", done.rule_file.display())?;
    writeln!(out, "wrote {}", done.html.display())?;
    writeln!(out, "wrote {}", done.meta.display())?;
    if let Some(page_host) = &done.page_host {
        writeln!(
            out,
            "hosts: {host} and {page_host} (the page's host, which {host} does not cover)"
        )?;
    }
    match &done.root_guess {
        Some(root) => writeln!(out, "guessed article root: {root}")?,
        None => writeln!(
            out,
            "no article root guessed: generic detection until you set one"
        )?,
    }
    out.write_str(&next_steps(host, &done, &url, fixtures_root, rules_dir))?;
    out.finish()?;
    Ok(Outcome::Success)
}

/// The commands that carry on from `rules new`, written so they pick up
/// the new rule file and fixture when run from the same folder: with
/// `--selectors` when the rule folder is not the project's `selectors/`
/// (which every command loads), with `--root` when the fixtures are not
/// in `./fixtures`.
fn next_steps(
    host: &str,
    done: &crate::fixtures::Scaffolded,
    url: &Url,
    fixtures_root: &Path,
    rules_dir: &Path,
) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let project = crate::rules::project_dir(&cwd);
    let selectors = match project {
        Some(project) if same_dir(&project, rules_dir) => String::new(),
        _ => format!(
            " --selectors {}",
            shell_word(&rules_dir.display().to_string())
        ),
    };
    let root = if same_dir(&cwd.join(crate::fixtures::DEFAULT_ROOT), fixtures_root) {
        String::new()
    } else {
        format!(
            " --root {}",
            shell_word(&fixtures_root.display().to_string())
        )
    };
    let host = shell_word(host);
    format!(
        "next: see what the rules do, edit {rule_file}, regenerate and review the diff, check:\n  \
         thresh rules explain {html} --url {url}{selectors}\n  \
         thresh fixtures regen {host}{root}{selectors}\n  \
         thresh fixtures check {host}{root}{selectors}\n",
        html = shell_word(&done.html.display().to_string()),
        url = shell_word(url.as_str()),
        rule_file = shell_word(&done.rule_file.display().to_string()),
    )
}

/// Whether two paths name the same folder (either may be relative).
fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// `word` as one shell word: as is when it holds nothing a shell reads
/// specially, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-:=@%+,".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// `rules check`: every `*.toml` of `dir`, or every file in force (the
/// built-in library, compiled in full here, plus the user folders, which
/// were checked when loaded).
fn check(dir: Option<&PathBuf>, config: &Config) -> anyhow::Result<Outcome> {
    let (result, what) = match dir {
        Some(dir) => (
            RuleSet::from_dir(dir).and_then(|set| set.check()),
            dir.display().to_string(),
        ),
        None => (
            config.rules.check(),
            std::iter::once("built-in".to_owned())
                .chain(config.selector_dirs.iter().map(|d| d.display().to_string()))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    };
    match result {
        Ok(count) => {
            let mut out = Stdout::new();
            match count {
                0 => writeln!(out, "no rule files (*.toml) in {what}")?,
                n => writeln!(
                    out,
                    "{n} rule file{} ok ({what})",
                    if n == 1 { "" } else { "s" }
                )?,
            }
            out.finish()?;
            Ok(Outcome::Success)
        }
        Err(e) => {
            let errors = e.errors();
            for error in &errors {
                eprintln!("{error}");
            }
            anyhow::bail!(
                "{} error{} in rule files ({what})",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            )
        }
    }
}

fn explain(
    target: &str,
    url: Option<&str>,
    profile: &ProfileArgs,
    config: &Config,
) -> anyhow::Result<Outcome> {
    let loaded = load_page(target, url, config)?;
    let extractor = Extractor::new_shared(config.rules.clone());
    let page = Page {
        bytes: &loaded.bytes,
        url: loaded.url.as_ref(),
        content_type: loaded.content_type.as_deref(),
        content_language: loaded.content_language.as_deref(),
    };
    let (mut article, mut report) = extractor
        .extract_with_report(&page)
        .with_context(|| format!("{target}: cannot extract"))?;
    if profile.from.is_some() || profile.store.is_some() {
        let host = crate::profile::host_of(&article).with_context(|| {
            format!("{target}: the page names no URL to find its site's profile by; pass --url")
        })?;
        if let Some(learnt) = site_profile(&host, profile, config)? {
            if let Some(removal) = crate::profile::filter(&mut article, &learnt, &host) {
                report.removals.push(removal);
            }
        }
    }
    let mut out = Stdout::new();
    out.write_str(&describe(&article, &report))?;
    out.finish()?;
    Ok(Outcome::Success)
}

/// `rules suggest`: the host's profile, learnt from `--from DIR` or read
/// from `--store DIR`, as rule-file text.
fn suggest(host: &str, profile: &ProfileArgs, config: &Config) -> anyhow::Result<Outcome> {
    let host = crate::rules::validate_host(host).map_err(|e| anyhow::anyhow!("{host}: {e}"))?;
    if profile.from.is_none() && profile.store.is_none() {
        anyhow::bail!("rules suggest needs --from DIR (the site's saved pages) or --store DIR (a refresh folder)");
    }
    let learnt = site_profile(&host, profile, config)?.unwrap_or_default();
    let mut out = Stdout::new();
    out.write_str(&crate::profile::suggest::suggest(&host, &learnt))?;
    out.finish()?;
    Ok(Outcome::Success)
}

/// The profile of `host` from `--from DIR` (every page there counts for
/// the host, and is extracted with its rules) or `--store DIR`; `None`
/// when the store has no page of the host.
fn site_profile(
    host: &str,
    profile: &ProfileArgs,
    config: &Config,
) -> anyhow::Result<Option<crate::profile::HostProfile>> {
    if let Some(dir) = &profile.store {
        let db = crate::profile::store::ProfileDb::open_existing(dir)?;
        let found = db.load_host(host)?;
        if found.is_none() {
            tracing::warn!(
                "{}: no page of {host} recorded in its profiles",
                dir.display()
            );
        }
        return Ok(found);
    }
    let Some(dir) = &profile.from else {
        return Ok(None);
    };
    if !dir.is_dir() {
        anyhow::bail!("--from {}: not a folder of saved pages", dir.display());
    }
    let inputs = super::extract::expand(std::slice::from_ref(dir))?;
    if inputs.is_empty() {
        anyhow::bail!("--from {}: no HTML files found", dir.display());
    }
    let url = Url::parse(&format!("https://{host}/"))
        .with_context(|| format!("{host}: not a host name"))?;
    let extractor = Extractor::new_shared(config.rules.clone());
    let learnt = crate::profile::learn::learn_host(inputs.len(), config.jobs, |k| {
        let input = &inputs[k];
        let extracted = input.read().map_err(anyhow::Error::from).and_then(|bytes| {
            let page = Page {
                bytes: &bytes,
                url: Some(&url),
                content_type: None,
                content_language: None,
            };
            Ok(extractor.extract(&page)?)
        });
        match extracted {
            Ok(article) => Some(article),
            Err(e) => {
                eprintln!("thresh: {}: {e:#}", input.name());
                None
            }
        }
    });
    Ok(Some(learnt))
}

/// The explanation of one page: rule files, root, removals, then the start
/// of the text.
fn describe(article: &Article, report: &Report) -> String {
    let mut out = String::new();
    let files = if report.applied.is_empty() {
        "none".to_owned()
    } else {
        report.applied.join(", ")
    };
    // Writing to a String cannot fail.
    let _ = writeln!(out, "rule files: {files}");
    let root = if report.root.is_empty() {
        "(not reported)"
    } else {
        &report.root
    };
    let _ = writeln!(out, "root: {root}");
    if report.attempts.len() > 1 {
        let tried: Vec<String> = report
            .attempts
            .iter()
            .map(|t| {
                let taken = if t.chosen { ", taken" } else { "" };
                format!("{} ({} words{taken})", t.attempt.describe(), t.words)
            })
            .collect();
        let _ = writeln!(out, "attempts: {}", tried.join("; "));
    }
    if report.removals.is_empty() {
        let _ = writeln!(out, "removed: nothing");
    } else {
        let _ = writeln!(out, "removed:");
    }
    for removal in &report.removals {
        let count = removal.samples.len();
        let undone = if removal.undone {
            "  UNDONE: it would have emptied the article"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {} {} `{}`: {count} piece{}{undone}",
            removal.file,
            removal.kind,
            removal.pattern,
            if count == 1 { "" } else { "s" }
        );
        for sample in &removal.samples {
            let _ = writeln!(out, "    - {}", first_words(sample, SAMPLE_WORDS));
        }
    }
    if let Some(why) = &report.empty {
        let _ = writeln!(out, "empty: {why}");
    }
    let lines: Vec<&str> = article.text.lines().collect();
    let _ = writeln!(out, "text ({} lines):", lines.len());
    for line in lines.iter().take(TEXT_LINES) {
        let _ = writeln!(out, "  {line}");
    }
    if lines.len() > TEXT_LINES {
        let _ = writeln!(out, "  ...");
    }
    out
}

/// The first `n` words of `text`, with an ellipsis when cut.
fn first_words(text: &str, n: usize) -> String {
    let mut words = text.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(n).collect();
    let mut out = head.join(" ");
    if words.next().is_some() {
        out.push_str(" ...");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Removal, RemovalKind};

    #[test]
    fn first_words_cuts_and_marks() {
        assert_eq!(first_words("a  b\nc", 10), "a b c");
        assert_eq!(first_words("one two three", 2), "one two ...");
    }

    #[test]
    fn describe_lists_every_removal_and_marks_undone() {
        let report = Report {
            applied: vec!["_global.toml".into(), "example.com.toml".into()],
            root: "site rule `article`".into(),
            removals: vec![
                Removal {
                    file: "_global.toml".into(),
                    kind: RemovalKind::Drop,
                    pattern: "#onetrust-consent-sdk".into(),
                    samples: vec![
                        "We use cookies to give you the best experience on our site and more"
                            .into(),
                    ],
                    undone: false,
                },
                Removal {
                    file: "example.com.toml".into(),
                    kind: RemovalKind::StopAt,
                    pattern: "(?i)^more$".into(),
                    samples: vec!["More".into(), "More".into()],
                    undone: true,
                },
            ],
            ..Report::default()
        };
        let article = Article {
            text: "First paragraph.\n\nSecond.".into(),
            ..Article::default()
        };
        let out = describe(&article, &report);
        assert!(
            out.contains("rule files: _global.toml, example.com.toml"),
            "{out}"
        );
        assert!(out.contains("root: site rule `article`"), "{out}");
        assert!(
            out.contains("_global.toml drop `#onetrust-consent-sdk`: 1 piece\n"),
            "{out}"
        );
        assert!(
            out.contains("- We use cookies to give you the best experience on ..."),
            "{out}"
        );
        assert!(
            out.contains("stop_at `(?i)^more$`: 2 pieces  UNDONE"),
            "{out}"
        );
        assert!(out.contains("  First paragraph."), "{out}");
    }
}
