//! The `thresh` command line: flags in, one validated [`Config`] out, then
//! the command. Per-input failures are reported on stderr as they happen and
//! the run carries on; the exit code says at the end whether any failed.
//!
//! Each command declares the flag groups it uses (the small `*Args` structs
//! here, flattened into its arguments) and nothing else, so a flag it would
//! ignore is a usage error; `Flags` gathers what it was given into the
//! [`Config`] all commands share. Results go to stdout through
//! `output::Stdout`, whose failures are judged once, in [`main`].

mod extract;
mod extract_warc;
mod fetch;
mod fixtures;
mod output;
mod refresh;
mod rules;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use crate::format::Format;
use crate::rules::RuleSet;
use output::OutputError;

/// `thresh`: turn web pages into clean article text.
#[derive(Debug, Parser)]
#[command(name = "thresh", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract clean text from HTML files on disk (.html, .htm, .html.gz, .warc, .warc.gz, folders, or -).
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

// The flag groups below are flattened into each command that uses them, so
// a command takes exactly the flags it acts on: a flag it would ignore is a
// usage error, not a silent no-op.

/// `-q` / `-v`: every command logs.
#[derive(Debug, Args)]
pub(super) struct LogArgs {
    /// Print only errors.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// More detail on stderr (repeat for more).
    #[arg(long, short = 'v', action = clap::ArgAction::Count)]
    verbose: u8,
}

/// `--selectors`: for commands that extract or fetch with the rules.
#[derive(Debug, Args)]
pub(super) struct RulesArgs {
    /// Extra rule files; they win over built-in ones for the same host.
    #[arg(long, value_name = "DIR")]
    selectors: Vec<PathBuf>,
    /// Leave out the imported rule library (selectors/ftr/): hand-written
    /// rules and generic extraction only, e.g. to see what the library does.
    #[arg(long)]
    no_library: bool,
}

/// `--jobs`: for commands that spread work over threads.
#[derive(Debug, Args)]
pub(super) struct JobsArgs {
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
}

/// `--no-learn`: for commands that learn site profiles (what recurs on a
/// site's pages) from the pages they see.
#[derive(Debug, Args)]
pub(super) struct LearnArgs {
    /// Judge each page alone: do not learn and drop what recurs on a site's
    /// pages (site profiles; see `thresh rules suggest`).
    #[arg(long)]
    pub(super) no_learn: bool,
}

/// `--format`: for commands that write articles.
#[derive(Debug, Args)]
pub(super) struct FormatArgs {
    /// Output format.
    #[arg(long, default_value = "txt", value_parser = ["txt", "md", "json"])]
    format: String,
}

/// `--out-dir` (optional) and `--format`: commands that print articles or
/// save them.
#[derive(Debug, Args)]
pub(super) struct OutputArgs {
    /// Write output files into DIR instead of printing.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    #[command(flatten)]
    format: FormatArgs,
}

/// `--out-dir` (required) and `--format`: commands that keep a folder.
#[derive(Debug, Args)]
pub(super) struct StoreArgs {
    /// The folder the articles are kept in.
    #[arg(long, value_name = "DIR", required = true)]
    out_dir: PathBuf,
    #[command(flatten)]
    format: FormatArgs,
}

/// The flag groups one command was given; the groups it does not take are
/// absent and their settings take defaults.
#[derive(Debug, Clone, Copy)]
pub(super) struct Flags<'a> {
    log: &'a LogArgs,
    rules: Option<&'a RulesArgs>,
    jobs: Option<&'a JobsArgs>,
    out_dir: Option<&'a Path>,
    format: Option<&'a FormatArgs>,
}

impl<'a> Flags<'a> {
    /// A command that takes only `-q` / `-v`.
    pub(super) fn new(log: &'a LogArgs) -> Self {
        Flags {
            log,
            rules: None,
            jobs: None,
            out_dir: None,
            format: None,
        }
    }

    /// With `--selectors`.
    pub(super) fn rules(self, rules: &'a RulesArgs) -> Self {
        Flags {
            rules: Some(rules),
            ..self
        }
    }

    /// With `--jobs`.
    pub(super) fn jobs(self, jobs: &'a JobsArgs) -> Self {
        Flags {
            jobs: Some(jobs),
            ..self
        }
    }

    /// With an optional `--out-dir` and `--format`.
    pub(super) fn output(self, output: &'a OutputArgs) -> Self {
        Flags {
            out_dir: output.out_dir.as_deref(),
            format: Some(&output.format),
            ..self
        }
    }

    /// With a required `--out-dir` and `--format`.
    pub(super) fn store(self, store: &'a StoreArgs) -> Self {
        Flags {
            out_dir: Some(&store.out_dir),
            format: Some(&store.format),
            ..self
        }
    }
}

impl Command {
    fn flags(&self) -> Flags<'_> {
        match self {
            Command::Extract(args) => args.flags(),
            Command::Fetch(args) => args.flags(),
            Command::Refresh(args) => args.flags(),
            Command::Fixtures(cmd) => cmd.flags(),
            Command::Rules(cmd) => cmd.flags(),
        }
    }
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
    fn from_flags(flags: Flags<'_>) -> anyhow::Result<Config> {
        let format: Format = match flags.format {
            Some(f) => f.format.parse().map_err(anyhow::Error::msg)?,
            None => Format::default(),
        };
        let selectors = flags.rules.map_or(&[][..], |r| &r.selectors[..]);
        let library = !flags.rules.is_some_and(|r| r.no_library);
        let selector_dirs = rule_dirs(selectors);
        let rules = RuleSet::load_with(&selector_dirs, library).context("bad rule files")?;
        let jobs = match flags.jobs.and_then(|j| j.jobs) {
            Some(0) => anyhow::bail!("--jobs must be at least 1"),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        Ok(Config {
            out_dir: flags.out_dir.map(Path::to_path_buf),
            format,
            rules: Arc::new(rules),
            selector_dirs,
            jobs,
            quiet: flags.log.quiet,
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

fn init_logging(args: &LogArgs) {
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
        .with_ansi(colour(
            std::io::stderr().is_terminal(),
            std::env::var_os("NO_COLOR").as_deref(),
        ))
        .with_target(false)
        .try_init();
}

/// Whether log lines get colours: only for a person at a terminal, and
/// not when they asked for none (<https://no-color.org>: `NO_COLOR` set
/// to anything but the empty string). Codes in a log file or a pipe are
/// noise.
fn colour(stderr_is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    stderr_is_terminal && no_color.is_none_or(|v| v.is_empty())
}

/// Runs `thresh` with the process's arguments. Exit codes: 0 all done (or
/// stdout closed by its reader, which ends the run quietly), 1 some inputs
/// failed or output could not be written, 2 bad usage or bad rule files,
/// 130 interrupted (Ctrl-C).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let flags = cli.command.flags();
    init_logging(flags.log);
    let config = match Config::from_flags(flags) {
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
    // The process ends here and the system takes its memory back at once:
    // freeing the rule set piece by piece (thousands of shipped files,
    // the compiled ones' automata) was a sixteenth of a one-page run.
    std::mem::forget(config);
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::SomeFailed) => ExitCode::from(1),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Err(e) => match e.chain().find_map(|c| c.downcast_ref::<OutputError>()) {
            // The one place a closed stdout is recognised, for every command.
            Some(OutputError::Closed) => ExitCode::SUCCESS,
            Some(OutputError::Write(_)) => {
                eprintln!("thresh: error: {e:#}");
                ExitCode::from(1)
            }
            None => {
                eprintln!("thresh: error: {e:#}");
                ExitCode::from(2)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_flag_groups_make_a_valid_command_line() {
        Cli::command().debug_assert();
    }

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        use std::ffi::OsStr;
        assert!(colour(true, None));
        assert!(colour(true, Some(OsStr::new(""))));
        assert!(!colour(true, Some(OsStr::new("1"))));
        assert!(!colour(false, None));
    }
}
