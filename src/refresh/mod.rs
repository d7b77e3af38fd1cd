//! `thresh refresh`: keep a folder of clean articles up to date from a list
//! of URLs, thousands to millions of them, politely, cheaply and resumably.
//!
//! How a run flows:
//! - A reader thread streams the list ([`list`]), normalises and
//!   de-duplicates each URL, looks it up in the state ([`state`]) and either
//!   settles it at once (skipped: fresh within `--max-age`, or finished
//!   earlier in the interrupted run being resumed) or hands it on through a
//!   bounded channel, so scheduling starts with the first line and memory
//!   does not grow with the list.
//! - The scheduler keeps one queue per host and at most one task per host
//!   (the fetcher's one-connection-per-host rule), and a global limit of
//!   `concurrency` requests in flight. A host task first waits out its
//!   host's pacing (minimum delay, robots.txt `Crawl-delay`) and only then
//!   takes a global slot, so one slow or slow-paced host never fills the
//!   slots with waiters while other hosts have work. The number of URLs
//!   queued at once is bounded too: when it is reached, reading pauses.
//! - Each page is fetched conditionally with its stored validators (a 304
//!   is "unchanged", with no extraction), extracted on the blocking pool,
//!   and saved through [`crate::store`] (atomic writes) only when its text
//!   hash differs from the stored one, or the stored copy is in another
//!   format (then it is fetched in full and rewritten). An extraction that
//!   is no article (`empty`) or lost most of the stored one's words
//!   (`shrunk`, unless `accept_shrinkage`) is a failure of the URL: the
//!   stored article is never replaced by a block page or a script shell.
//! - A recorder thread commits every outcome to the state in small
//!   transactions as they come, updates the progress display
//!   ([`progress`]) and the `--report` ([`report`]), and counts the summary.
//!
//! One run per folder: a run holds the folder's [`lock`] from start to end,
//! so it can also clear what killed runs left: temporary files, and saves
//! interrupted between their renames ([`Store::repair`]).
//!
//! Finished and resuming: each run has a key (the list's path, or `-` for
//! stdin, and the format). A run that ends without being interrupted is
//! marked finished. A run interrupted by Ctrl-C, a crash or `kill -9` is
//! resumed by the next run with the same key, if it made progress within
//! [`state::RESUME_WITHIN`]: URLs with an outcome recorded in it (success
//! or failure) are skipped as `done`, everything else is done now. A failed
//! refresh only updates the state's error and attempt counts; the stored
//! article stays as it was.
//!
//! Credentials in a list's URLs go into the request only: the state, the
//! report, the messages and the store key URLs without them.

//! The parts: `options.rs` (what a run is asked to do), `schedule.rs` (the
//! reader and the per-host queues), `worker.rs` (one URL's fetch, extract
//! and save), `record.rs` (the recorder thread), `outcome.rs` (what
//! happened, and the counts), `cancel.rs` (stopping cleanly); this file
//! wires them into a run.
//!
//! With `--state postgres://...` ([`StateLocation::Postgres`]) the state and
//! the queue are shared by many workers ([`shared`]): `queue.rs` loads the
//! list into the database and claims due hosts' URLs from it in place of
//! the reader, the host queues and the recorder, and drives the same worker
//! and the same tally of outcomes.

mod cancel;
pub mod list;
pub mod lock;
mod options;
mod outcome;
pub mod progress;
mod queue;
mod record;
pub mod report;
mod schedule;
pub mod shared;
pub mod state;
mod worker;

use std::io::{self, BufReader};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use thiserror::Error;
use tokio::sync::{mpsc, oneshot};

use crate::extract::Extractor;
use crate::fetch::{self, Fetcher};
use crate::store::{self, Store};

pub use self::cancel::Cancel;
pub use self::options::{parse_duration, ListSource, RefreshOptions, StateLocation, DEFAULT_LEASE};
pub use self::outcome::{Failure, Outcome, Skip, Summary};

use self::lock::{FolderLock, LockError};
use self::progress::{Progress, ProgressMode};
use self::record::{record_all, Event, Tally};
use self::report::Report;
use self::schedule::{read_list, schedule, Ctx, Queued, ReadError};
use self::state::{State, StateError};
use self::worker::Worker;

/// Why a refresh could not run (per-URL failures are not errors: they are
/// counted in the [`Summary`]).
#[derive(Debug, Error)]
pub enum RefreshError {
    /// The state database.
    #[error(transparent)]
    State(#[from] StateError),
    /// The list could not be read.
    #[error("{list}: {source}")]
    List {
        /// The list.
        list: String,
        /// What the OS said.
        source: io::Error,
    },
    /// The report could not be written.
    #[error("{path}: cannot write the report: {source}")]
    Report {
        /// The report file.
        path: PathBuf,
        /// What the OS said.
        source: io::Error,
    },
    /// The shared PostgreSQL state.
    #[error(transparent)]
    Shared(#[from] self::shared::SharedError),
    /// Another run holds the folder.
    #[error(transparent)]
    Locked(#[from] LockError),
    /// The site profiles kept with the state.
    #[error(transparent)]
    Profiles(#[from] crate::profile::store::ProfileDbError),
    /// Bad settings.
    #[error("{0}")]
    Config(String),
}

/// Refreshes every URL of `list` into `options.out_dir`. Returns the
/// summary, also when `cancel` stopped the run early (then
/// [`Summary::interrupted`] is set).
pub async fn refresh(
    options: &RefreshOptions,
    list: &ListSource,
    fetcher: Arc<Fetcher>,
    extractor: Arc<Extractor>,
    cancel: Arc<Cancel>,
) -> Result<Summary, RefreshError> {
    if options.concurrency == 0 {
        return Err(RefreshError::Config(
            "--concurrency must be at least 1".into(),
        ));
    }
    if let StateLocation::Postgres(db) = &options.state {
        return queue::refresh_shared(options, db, list, fetcher, extractor, cancel).await;
    }
    let start = Instant::now();
    // Held to the end: one run per folder.
    let _lock = FolderLock::acquire(&options.out_dir)?;
    let state = State::open(&options.out_dir)?;
    let run = state.begin_run(&list.key(options.format))?;
    // Site profiles as earlier runs left them: every page of this run is
    // filtered by the same profile, whatever order the pages come in.
    let profile_db = if options.learn {
        Some(crate::profile::store::ProfileDb::open(&options.out_dir)?)
    } else {
        None
    };
    let profiles = match &profile_db {
        Some(db) => Some(Arc::new(db.load()?)),
        None => None,
    };
    let when =
        |secs: i64| fetch::rfc3339(std::time::UNIX_EPOCH + Duration::from_secs(secs.max(0) as u64));
    if run.resumed {
        tracing::warn!(
            "resuming the interrupted run of {} (started {})",
            list.name(),
            when(run.started)
        );
    }
    if let Some(active) = run.abandoned {
        tracing::warn!(
            "the interrupted run of {} last made progress at {}, too long ago to resume: starting afresh",
            list.name(),
            when(active)
        );
    }
    // Any earlier run (or `fetch --out-dir`) may have been killed
    // mid-write; with the folder locked, its leftovers can be dealt with.
    let repaired = Store::new(&options.out_dir).repair();
    if repaired != store::Repaired::default() {
        tracing::info!(
            "{} temporary files left by a killed run removed, {} interrupted saves finished",
            repaired.removed,
            repaired.finished
        );
    }
    let list_err = |source| RefreshError::List {
        list: list.name(),
        source,
    };
    let reader = list.open().map_err(list_err)?;
    let total = match (list, options.progress) {
        (ListSource::File(path), mode) if mode != ProgressMode::Off => {
            let file = std::fs::File::open(path).map_err(list_err)?;
            Some(list::count_entries(BufReader::new(file)).map_err(list_err)?)
        }
        _ => None,
    };
    let report = open_report(options)?;

    let max_pending = options.concurrency.saturating_mul(16).max(256);
    let (events, events_rx) = mpsc::channel::<Event>(1024);
    let (jobs, jobs_rx) = mpsc::channel::<Queued>(256);

    let recorder = {
        let summary = Summary {
            resumed: run.resumed,
            restarted: run.abandoned.is_some(),
            ..Summary::default()
        };
        let tally = Tally::new(
            Progress::new(options.progress, total),
            report,
            list.name(),
            summary,
        );
        spawn_thread(move || record_all(state, profile_db, run.id, events_rx, tally))
    };
    let reader = {
        let events = events.clone();
        let cancel = cancel.clone();
        let out_dir = options.out_dir.clone();
        let max_age = options.max_age;
        let list_name = list.name();
        spawn_thread(move || {
            read_list(reader, &out_dir, run.id, max_age, &jobs, &events, &cancel).map_err(|e| {
                match e {
                    ReadError::List(source) => RefreshError::List {
                        list: list_name,
                        source,
                    },
                    ReadError::State(e) => RefreshError::State(e),
                }
            })
        })
    };

    let mut worker = Worker::new(options, fetcher, extractor, cancel.clone());
    worker.profiles = profiles.map(|p| (p, events.clone()));
    schedule(
        Arc::new(Ctx::new(worker, events.clone())),
        jobs_rx,
        max_pending,
    )
    .await;
    let read = if cancel.is_cancelled() {
        // The reader may be blocked reading stdin: do not wait for it.
        None
    } else {
        Some(reader.await)
    };
    let complete = matches!(read, Some(Ok(())));
    let _ = events.send(Event::End { complete }).await;
    drop(events);
    let mut summary = recorder.await?;
    summary.interrupted = cancel.is_cancelled();
    summary.elapsed = start.elapsed();
    if let Some(Err(e)) = read {
        return Err(e);
    }
    Ok(summary)
}

/// Blocking threads for writing articles, beside the extraction threads:
/// each write ends with an fsync, which waits on the disk, not a core.
const WRITE_THREADS: usize = 4;

/// The async runtime a refresh with `extract_jobs` extraction threads runs
/// best on: a few workers for the network, and a blocking pool for the
/// extraction plus the file writes.
pub fn runtime(extract_jobs: usize) -> io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(extract_jobs.clamp(1, 8))
        .max_blocking_threads(extract_jobs.max(1) + 1 + WRITE_THREADS)
        .enable_all()
        .build()
}

/// Runs `f` on its own thread; the result comes back through a future, so
/// waiting for it never blocks the async runtime.
fn spawn_thread<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, RefreshError> + Send + 'static,
) -> impl std::future::Future<Output = Result<T, RefreshError>> {
    let (tx, rx) = oneshot::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    async move {
        rx.await
            .unwrap_or_else(|_| Err(RefreshError::Config("a refresh thread panicked".into())))
    }
}

/// The `--report` file asked for, started (as a temporary file until the
/// run ends); shared by the folder run and the shared queue's.
fn open_report(options: &RefreshOptions) -> Result<Option<Report>, RefreshError> {
    options
        .report
        .as_deref()
        .map(|path| {
            Report::create(path).map_err(|source| RefreshError::Report {
                path: path.to_owned(),
                source,
            })
        })
        .transpose()
}
