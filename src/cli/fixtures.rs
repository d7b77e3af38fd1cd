//! `thresh fixtures`: regenerate or check the saved fixtures. The work is in
//! [`crate::fixtures`]; this file turns flags into calls and results into
//! lines on stdout/stderr.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Subcommand};

use super::output::Stdout;
use super::{Config, Flags, LogArgs, Outcome, RulesArgs};
use crate::extract::Extractor;
use crate::fetch::{FetchConfig, Fetcher};
use crate::fixtures::{self, FetcherSource, FixtureResult, Refetched, Status, Summary};

/// Subcommands of `thresh fixtures`.
#[derive(Debug, Subcommand)]
pub enum FixturesCommand {
    /// Re-extract every fixture (or those of HOST...) and rewrite its expected text.
    Regen(RegenArgs),
    /// Compare every fixture's output with its expected text, and run the rule files' tests.
    Check(CheckArgs),
}

/// Arguments shared by `regen` and `check`.
#[derive(Debug, Args)]
pub struct Selection {
    /// The fixture folder.
    #[arg(long, value_name = "DIR", default_value = fixtures::DEFAULT_ROOT)]
    root: PathBuf,
    /// Only the fixtures of these hosts (folder names under the root).
    #[arg(value_name = "HOST")]
    hosts: Vec<String>,
    #[command(flatten)]
    rules: RulesArgs,
    #[command(flatten)]
    log: LogArgs,
}

impl FixturesCommand {
    pub(super) fn flags(&self) -> Flags<'_> {
        let selection = match self {
            FixturesCommand::Regen(args) => &args.selection,
            FixturesCommand::Check(args) => &args.selection,
        };
        Flags::new(&selection.log).rules(&selection.rules)
    }
}

/// Arguments of `thresh fixtures regen`.
#[derive(Debug, Args)]
pub struct RegenArgs {
    /// Download each fixture's page again from its URL first (a failed download keeps the old page).
    #[arg(long)]
    refetch: bool,
    #[command(flatten)]
    selection: Selection,
}

/// Arguments of `thresh fixtures check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    selection: Selection,
}

/// Runs `thresh fixtures ...`.
pub fn run(cmd: &FixturesCommand, config: &Config) -> anyhow::Result<Outcome> {
    let extractor = Extractor::new_shared(config.rules.clone());
    match cmd {
        FixturesCommand::Regen(args) => regen(args, &extractor, config),
        FixturesCommand::Check(args) => check(args, &extractor, config),
    }
}

fn regen(args: &RegenArgs, extractor: &Extractor, config: &Config) -> anyhow::Result<Outcome> {
    let Selection { root, hosts, .. } = &args.selection;
    let mut out = Stdout::new();
    let mut failures = 0;
    if args.refetch {
        failures += refetch(root, hosts, config, &mut out)?;
    }
    let results = fixtures::regen(root, hosts, extractor)?;
    failures += report(&results, config, "new", &mut out)?;
    out.finish()?;
    Ok(Outcome::from_failures(failures))
}

fn check(args: &CheckArgs, extractor: &Extractor, config: &Config) -> anyhow::Result<Outcome> {
    let Selection { root, hosts, .. } = &args.selection;
    let mut out = Stdout::new();
    let results = fixtures::check(root, hosts, extractor)?;
    report(
        &results,
        config,
        "no expected text; run `thresh fixtures regen`",
        &mut out,
    )?;
    out.finish()?;
    let differing = results.iter().filter(|r| r.differs()).count();
    let rule_failures = fixtures::run_rule_tests(extractor, root, hosts);
    for f in &rule_failures {
        eprintln!("{f}");
    }
    Ok(Outcome::from_failures(differing + rule_failures.len()))
}

/// Prints each result (diffs on stdout, errors on stderr) and the summary;
/// returns how many fixtures failed outright.
fn report(
    results: &[FixtureResult],
    config: &Config,
    new_label: &str,
    out: &mut Stdout,
) -> anyhow::Result<usize> {
    for r in results {
        match &r.status {
            Status::Unchanged => {}
            Status::Changed { diff } if !config.quiet => write!(out, "changed: {}\n{diff}", r.id)?,
            Status::New { .. } if !config.quiet => writeln!(out, "{}: {new_label}", r.id)?,
            Status::Changed { .. } | Status::New { .. } => {}
            Status::Failed(e) => eprintln!("thresh: {}: {e}", r.id),
        }
    }
    let summary = Summary::of(results);
    if !config.quiet {
        writeln!(out, "{summary}")?;
    }
    Ok(summary.failed)
}

/// Downloads fresh pages (see [`fixtures::refetch`]) and reports each;
/// returns how many could not be refetched.
fn refetch(
    root: &Path,
    hosts: &[String],
    config: &Config,
    out: &mut Stdout,
) -> anyhow::Result<usize> {
    let fetcher = Fetcher::new(FetchConfig::default(), config.rules.clone())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let source = FetcherSource {
        fetcher: &fetcher,
        runtime: &runtime,
    };
    let results = fixtures::refetch(root, hosts, &source)?;
    let mut failed = 0;
    for r in &results {
        match &r.outcome {
            Ok(Refetched::Replaced) if !config.quiet => writeln!(out, "{}: refetched", r.id)?,
            Ok(Refetched::Skipped(why)) if !config.quiet => {
                writeln!(out, "{}: not refetched, {why}", r.id)?
            }
            Ok(_) => {}
            Err(e) => {
                failed += 1;
                eprintln!("thresh: {}: {e}", r.id);
            }
        }
    }
    Ok(failed)
}
