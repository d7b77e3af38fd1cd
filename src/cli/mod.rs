//! The `thresh` command line: flags in, one validated [`Config`] out, then
//! the command. Per-input failures are reported on stderr as they happen and
//! the run carries on; the exit code says at the end whether any failed.

mod extract;
mod fetch;
mod fixtures;
mod refresh;
mod rules;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use crate::format::Format;
use crate::rules::RuleSet;

/// `thresh`: turn web pages into clean article text.
#[derive(Debug, Parser)]
#[command(name = "thresh", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
struct GlobalArgs {
    /// Write output files into DIR instead of printing.
    #[arg(long, global = true, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, global = true, default_value = "txt", value_parser = ["txt", "md", "json"])]
    format: String,
    /// Extra rule files; they win over built-in ones for the same host.
    #[arg(long, global = true, value_name = "DIR")]
    selectors: Vec<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', global = true, value_name = "N")]
    jobs: Option<usize>,
    /// Print only errors.
    #[arg(long, short = 'q', global = true)]
    quiet: bool,
    /// More detail on stderr (repeat for more).
    #[arg(long, short = 'v', global = true, action = clap::ArgAction::Count)]
    verbose: u8,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract clean text from HTML files on disk (.html, .htm, .html.gz, folders, or -).
    Extract(extract::ExtractArgs),
    /// Download pages and extract their clean text.
    Fetch(fetch::FetchArgs),
    /// Keep a folder of clean articles up to date from a URL list.
    Refresh(refresh::RefreshArgs),
    /// Regenerate or check the saved fixtures.
    #[command(subcommand)]
    Fixtures(fixtures::FixturesCommand),
    /// Validate and explain rule files.
    #[command(subcommand)]
    Rules(rules::RulesCommand),
}

/// The validated settings every command runs with.
#[derive(Debug)]
pub struct Config {
    /// Where to write output; `None` prints to stdout.
    pub out_dir: Option<PathBuf>,
    /// Output format.
    pub format: Format,
    /// Compiled rules: built-in, the project's `selectors/`, `--selectors`.
    pub rules: Arc<RuleSet>,
    /// The user rule folders in force, lowest priority first: the
    /// project's `selectors/` (found the way cargo finds `Cargo.toml`), then
    /// `--selectors`.
    pub selector_dirs: Vec<PathBuf>,
    /// Worker threads.
    pub jobs: usize,
    /// `-q`.
    pub quiet: bool,
}

impl Config {
    fn from_args(args: &GlobalArgs) -> anyhow::Result<Config> {
        let format: Format = args.format.parse().map_err(anyhow::Error::msg)?;
        let selector_dirs = rule_dirs(&args.selectors);
        let rules = RuleSet::load(&selector_dirs).context("bad rule files")?;
        let jobs = match args.jobs {
            Some(0) => anyhow::bail!("--jobs must be at least 1"),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        Ok(Config {
            out_dir: args.out_dir.clone(),
            format,
            rules: Arc::new(rules),
            selector_dirs,
            jobs,
            quiet: args.quiet,
        })
    }
}

/// The user rule folders to load over the built-in rules: the project's
/// `selectors/` (in the working directory or the nearest one above it), so
/// a rule file just written is used without rebuilding `thresh`, then the
/// `--selectors` folders, which win over it.
fn rule_dirs(selectors: &[PathBuf]) -> Vec<PathBuf> {
    let project = std::env::current_dir()
        .ok()
        .and_then(|cwd| crate::rules::project_dir(&cwd));
    project
        .into_iter()
        .chain(selectors.iter().cloned())
        .collect()
}

/// How a command ended, when it ran at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every input was done.
    Success,
    /// Some inputs failed (each was reported on stderr).
    SomeFailed,
    /// Stopped by Ctrl-C before the end (exit 130, the shell's code for it).
    Interrupted,
}

impl Outcome {
    /// `SomeFailed` when `failures > 0`.
    pub fn from_failures(failures: usize) -> Self {
        if failures == 0 {
            Outcome::Success
        } else {
            Outcome::SomeFailed
        }
    }
}

fn init_logging(args: &GlobalArgs) {
    let level = if args.quiet {
        "error"
    } else {
        match args.verbose {
            0 => "warn",
            1 => "info",
            2 => "debug",
            _ => "trace",
        }
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("THRESH_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("threshing={level}")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

/// Runs `thresh` with the process's arguments. Exit codes: 0 all done, 1 some
/// inputs failed, 2 bad usage or bad rule files, 130 interrupted (Ctrl-C).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli.global);
    let config = match Config::from_args(&cli.global) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("thresh: error: {e:#}");
            return ExitCode::from(2);
        }
    };
    let result = match &cli.command {
        Command::Extract(args) => extract::run(args, &config),
        Command::Fetch(args) => fetch::run(args, &config),
        Command::Refresh(args) => refresh::run(args, &config),
        Command::Fixtures(cmd) => fixtures::run(cmd, &config),
        Command::Rules(cmd) => rules::run(cmd, &config),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::SomeFailed) => ExitCode::from(1),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Err(e) => {
            eprintln!("thresh: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
