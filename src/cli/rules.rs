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
}

/// Runs `thresh rules ...`.
pub fn run(cmd: &RulesCommand, config: &Config) -> anyhow::Result<Outcome> {
    match cmd {
        RulesCommand::Check { dir } => check(dir.as_ref()),
        RulesCommand::Explain { target, url } => explain(target, url.as_deref(), config),
    }
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
    let path = PathBuf::from(target);
    let is_web_url = Url::parse(target).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    if is_web_url && !path.exists() {
        anyhow::bail!("fetching is not available yet; save the page and pass FILE --url URL");
    }
    let url = url
        .map(|u| Url::parse(u).with_context(|| format!("--url {u}: not a valid URL")))
        .transpose()?;
    let bytes = std::fs::read(&path).with_context(|| format!("{target}: cannot read"))?;
    let extractor = Extractor::new(RuleSet::clone(&config.rules));
    let page = Page {
        bytes: &bytes,
        url: url.as_ref(),
        content_type: None,
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
