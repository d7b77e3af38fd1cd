//! `thresh rules`: the rule author's tools. `check` validates rule files and
//! lists every problem as `file:line: message`; `explain` shows what the
//! rules did to one saved page.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use url::Url;

use super::{Config, Outcome};
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
    /// Validate rule files: the built-in ones, or every *.toml in DIR.
    Check {
        /// A folder of rule files (default: the built-in rules).
        dir: Option<PathBuf>,
    },
    /// Show which rules applied to a page, what each removed, and the result.
    Explain {
        /// A saved page (.html, .htm, .html.gz), or a URL.
        target: String,
        /// The page's URL, which chooses the site rules (default: the
        /// page's canonical URL).
        #[arg(long)]
        url: Option<String>,
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
    },
}

/// Runs `thresh rules ...`.
pub fn run(cmd: &RulesCommand, config: &Config) -> anyhow::Result<Outcome> {
    match cmd {
        RulesCommand::Check { dir } => check(dir.as_ref()),
        RulesCommand::Explain { target, url } => explain(target, url.as_deref(), config),
        RulesCommand::New {
            host,
            from,
            url,
            fixtures,
            rules_dir,
        } => new(host, from, url.as_deref(), fixtures, rules_dir, config),
    }
}

/// A page to work on: read from disk, or downloaded when `target` is a URL
/// and no such file exists. Returns the bytes, the page's URL (the one
/// given, else the final URL of a download), its content type and, for a
/// download, when it was fetched.
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
                fetched_at: Some(fetched.fetched_at),
                bytes: fetched.body,
            })
        }
        _ => Ok(LoadedPage {
            bytes: std::fs::read(&path).with_context(|| format!("{target}: cannot read"))?,
            url,
            content_type: None,
            fetched_at: None,
        }),
    }
}

struct LoadedPage {
    bytes: Vec<u8>,
    url: Option<Url>,
    content_type: Option<String>,
    fetched_at: Option<String>,
}

fn new(
    host: &str,
    from: &str,
    url: Option<&str>,
    fixtures_root: &std::path::Path,
    rules_dir: &std::path::Path,
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
    println!("wrote {}", done.rule_file.display());
    println!("wrote {}", done.html.display());
    println!("wrote {}", done.meta.display());
    match &done.root_guess {
        Some(root) => println!("guessed article root: {root}"),
        None => println!("no article root guessed: generic detection until you set one"),
    }
    println!(
        "next: thresh rules explain {} --url {url}, edit the rule file, then thresh fixtures regen {host}",
        done.html.display()
    );
    Ok(Outcome::Success)
}

fn check(dir: Option<&PathBuf>) -> anyhow::Result<Outcome> {
    let (result, what) = match dir {
        Some(dir) => (RuleSet::from_dir(dir), dir.display().to_string()),
        None => (RuleSet::builtin(), "built-in".to_owned()),
    };
    match result {
        Ok(set) => {
            match set.files().count() {
                0 => println!("no rule files (*.toml) in {what}"),
                n => println!("{n} rule file{} ok ({what})", if n == 1 { "" } else { "s" }),
            }
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

fn explain(target: &str, url: Option<&str>, config: &Config) -> anyhow::Result<Outcome> {
    let loaded = load_page(target, url, config)?;
    let extractor = Extractor::new_shared(config.rules.clone());
    let page = Page {
        bytes: &loaded.bytes,
        url: loaded.url.as_ref(),
        content_type: loaded.content_type.as_deref(),
    };
    let (article, report) = extractor
        .extract_with_report(&page)
        .with_context(|| format!("{target}: cannot extract"))?;
    print!("{}", describe(&article, &report));
    Ok(Outcome::Success)
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
    use crate::extract::Removal;

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
                    kind: "drop",
                    pattern: "#onetrust-consent-sdk".into(),
                    samples: vec![
                        "We use cookies to give you the best experience on our site and more"
                            .into(),
                    ],
                    undone: false,
                },
                Removal {
                    file: "example.com.toml".into(),
                    kind: "stop_at",
                    pattern: "(?i)^more$".into(),
                    samples: vec!["More".into(), "More".into()],
                    undone: true,
                },
            ],
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
