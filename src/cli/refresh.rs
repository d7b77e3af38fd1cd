//! `thresh refresh`: flags to [`RefreshOptions`] and a [`FetchConfig`],
//! then [`crate::refresh::refresh`] does the work.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use super::fetch::NetArgs;
use super::{Config, Flags, JobsArgs, LearnArgs, LogArgs, Outcome, RulesArgs, StoreArgs};
use crate::extract::Extractor;
use crate::fetch::Fetcher;
use crate::refresh::progress::ProgressMode;
use crate::refresh::shared::{is_postgres_url, redact_db_url};
use crate::refresh::{self, Cancel, ListSource, RefreshOptions, StateLocation};

/// Arguments of `thresh refresh`.
#[derive(Debug, Args)]
#[command(after_help = "\
--out-dir DIR is required: the folder the articles are kept in.

LIST: one URL a line; blank lines and lines starting with # are skipped; - \
reads stdin. The URL is the first field of a line: anything after white space \
(URL<TAB>title, a date, notes) is ignored. URLs are normalised (scheme and \
host lower-case, default port and fragment dropped) and each is refreshed once \
however often it appears. A line that is not an http(s) URL is reported with \
its line number. Credentials in a URL (https://user:pass@host/) are sent to \
the site but never written to the store, the state, the report or the log.

Articles go to DIR/<host>/<slug>.txt (or .md) beside DIR/<host>/<slug>.json, \
as with `thresh fetch --out-dir`; state (validators, text hashes, failures) in \
DIR/.thresh/state.sqlite. A page answering 304 to its stored ETag / \
Last-Modified, or whose clean text did not change, is not rewritten; a \
change of --format rewrites the article in the new format and removes the old \
format's file. A failed refresh leaves the stored article as it was. A page \
that gives no article (fewer than 10 words: a block page, consent wall or \
script shell) fails as `empty`; a text with under 20% of the stored \
article's words fails as `shrunk` and the stored one is kept, unless \
--accept-shrinkage. Words are counted so that Chinese, Japanese or Thai text \
counts each character as a word.

Site profiles: what recurs word for word on at least 3 and 30% of a site's \
pages (promo boxes, read-also lines, newsletter prompts) is dropped from its \
articles. Each run records what its pages show in DIR/.thresh/state.sqlite and \
filters every page with the profile as the run found it, so a profile learnt \
in one run is used from the first page of the next. --no-learn turns it off; \
`thresh rules suggest HOST --store DIR` turns a profile into rules.

One run per folder: a second refresh on the same DIR exits 2 naming the \
process that holds it. A run first removes temporary files left by killed \
runs and finishes any save they interrupted.

Resuming: Ctrl-C stops starting new URLs, lets the ones in flight finish and \
prints the summary (exit 130). After Ctrl-C, a crash or kill -9, running the \
same command (same LIST and --format) again resumes that run: URLs it settled \
are skipped as `done`. A run that made no progress for 24 hours is not \
resumed: the next run starts afresh.

Many workers: with --state postgres://user:password@host:port/db the state \
and a work queue live in PostgreSQL, and any number of `thresh refresh` \
processes on any machines, given the same list (same file name and size) and \
the same shared DIR, share the work: the first queues the list, the others \
join; one request at a time per host across all of them, --delay apart; a \
claimed URL is leased for --lease (default 10m), so a killed worker's URLs \
are taken by another after that. No folder lock then; each worker prints its \
own summary and report. The tool creates and upgrades its tables.

Exit status: 0 every URL was attempted (failures are counted in the summary), \
1 with --strict when any URL failed or a line was invalid, 2 bad usage or DIR \
in use by another run, 130 interrupted.")]
pub struct RefreshArgs {
    /// The URL list (a file, or - for stdin).
    #[arg(value_name = "LIST")]
    list: String,
    /// Requests in flight at once, over all hosts (each host still gets one at a time).
    #[arg(long, value_name = "N", default_value_t = 32)]
    concurrency: usize,
    /// Least time between two requests to one host, in seconds (a longer robots.txt Crawl-delay wins).
    #[arg(long, value_name = "SECS", default_value_t = 1.0)]
    delay: f64,
    /// Skip URLs refreshed successfully more recently than this (e.g. 90s, 30m, 6h, 2d, 1w).
    #[arg(long, value_name = "DURATION", value_parser = refresh::parse_duration)]
    max_age: Option<Duration>,
    /// Write one JSON line per list entry to FILE.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Exit 1 when any URL failed or any line was invalid.
    #[arg(long)]
    strict: bool,
    /// Save a new text even when it lost over 80% of the stored article's words.
    #[arg(long)]
    accept_shrinkage: bool,
    /// Keep the state and a work queue in PostgreSQL (postgres://user:password@host:port/db),
    /// shared by any number of workers, instead of SQLite in DIR/.thresh/.
    #[arg(long, value_name = "URL")]
    state: Option<String>,
    /// With --state: how long a claimed URL stays this worker's; a killed worker's URLs come back after it.
    #[arg(long, value_name = "DURATION", value_parser = refresh::parse_duration, default_value = "10m")]
    lease: Duration,
    #[command(flatten)]
    net: NetArgs,
    #[command(flatten)]
    store: StoreArgs,
    #[command(flatten)]
    rules: RulesArgs,
    #[command(flatten)]
    jobs: JobsArgs,
    #[command(flatten)]
    learn: LearnArgs,
    #[command(flatten)]
    log: LogArgs,
}

impl RefreshArgs {
    pub(super) fn flags(&self) -> Flags<'_> {
        Flags::new(&self.log)
            .rules(&self.rules)
            .jobs(&self.jobs)
            .store(&self.store)
    }
}

/// Runs `thresh refresh`.
pub fn run(args: &RefreshArgs, config: &Config) -> anyhow::Result<Outcome> {
    let out_dir = config
        .out_dir
        .clone()
        .context("refresh needs --out-dir DIR (where the articles are kept)")?;
    if args.concurrency == 0 {
        anyhow::bail!("--concurrency must be at least 1");
    }
    if !(args.delay.is_finite() && args.delay >= 0.0 && args.delay < 86_400.0) {
        anyhow::bail!("--delay must be a number of seconds, 0 or more");
    }
    if args.lease < Duration::from_secs(1) {
        anyhow::bail!(
            "--lease must be at least 1s (a URL's fetch, extraction and save must fit in it)"
        );
    }
    let list = ListSource::from_arg(&args.list);
    if let ListSource::File(path) = &list {
        if !path.is_file() {
            anyhow::bail!("{}: no such list file", path.display());
        }
    }
    let mut fetch_config = args.net.fetch_config()?;
    fetch_config.min_host_delay = Duration::from_secs_f64(args.delay);
    let fetcher = Arc::new(Fetcher::new(fetch_config, config.rules.clone())?);
    let extractor = Arc::new(Extractor::new_shared(config.rules.clone()));
    let options = RefreshOptions {
        out_dir,
        format: config.format,
        concurrency: args.concurrency,
        extract_jobs: config.jobs,
        max_age: args.max_age,
        report: args.report.clone(),
        progress: ProgressMode::detect(config.quiet),
        accept_shrinkage: args.accept_shrinkage,
        state: match &args.state {
            Some(db) if is_postgres_url(db) => StateLocation::Postgres(db.clone()),
            Some(db) => anyhow::bail!(
                "--state {}: not a PostgreSQL URL (postgres://user:password@host:port/database)",
                redact_db_url(db)
            ),
            None => StateLocation::Folder,
        },
        lease: args.lease,
        learn: !args.learn.no_learn,
        warc: args.net.warc_writer()?,
    };
    let runtime = refresh::runtime(config.jobs).context("cannot start the async runtime")?;
    let summary = runtime.block_on(async {
        let cancel = Cancel::new();
        cancel.cancel_on_ctrl_c();
        refresh::refresh(&options, &list, fetcher, extractor, cancel).await
    })?;
    if !config.quiet {
        eprintln!("thresh refresh: {summary}");
    }
    Ok(if summary.interrupted {
        Outcome::Interrupted
    } else if args.strict && summary.failed_total() > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Success
    })
}
