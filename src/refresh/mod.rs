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

pub mod list;
pub mod lock;
pub mod progress;
pub mod report;
pub mod state;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use thiserror::Error;
use tokio::sync::{mpsc, oneshot, Notify, OwnedSemaphorePermit, Semaphore};
use url::Url;

use crate::extract::Extractor;
use crate::fetch::{self, FetchError, Fetcher, Validators};
use crate::format::Format;
use crate::store::{self, Refusal, Store, StorePaths, StoredMeta};

use self::list::{Entry, ListReader, Seen};
use self::lock::{FolderLock, LockError};
use self::progress::{Progress, ProgressMode};
use self::report::{Report, ReportLine};
use self::state::{now_secs, Record, State, StateError, UrlState};

/// How a refresh runs.
#[derive(Debug, Clone)]
pub struct RefreshOptions {
    /// The store (articles, and the state in `.thresh/`).
    pub out_dir: PathBuf,
    /// Format of the article files.
    pub format: Format,
    /// Requests in flight at once, over all hosts.
    pub concurrency: usize,
    /// Pages extracted at once (CPU-bound: about the number of cores). The
    /// runtime's blocking pool should be larger, for the file writes.
    pub extract_jobs: usize,
    /// Skip URLs whose last success is more recent than this.
    pub max_age: Option<Duration>,
    /// Where to write the per-URL JSON lines report.
    pub report: Option<PathBuf>,
    /// How to show progress.
    pub progress: ProgressMode,
    /// Save an extraction that lost most of the stored article's words
    /// (normally refused as `shrunk`; see [`crate::store::check_shrinkage`]).
    pub accept_shrinkage: bool,
}

/// Where the list comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListSource {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl ListSource {
    /// `-` is stdin; anything else a file path.
    pub fn from_arg(arg: &str) -> Self {
        if arg == "-" {
            ListSource::Stdin
        } else {
            ListSource::File(PathBuf::from(arg))
        }
    }

    fn open(&self) -> io::Result<Box<dyn BufRead + Send>> {
        Ok(match self {
            ListSource::Stdin => Box::new(BufReader::new(io::stdin())),
            ListSource::File(path) => Box::new(BufReader::new(std::fs::File::open(path)?)),
        })
    }

    /// How the list is named in messages.
    pub fn name(&self) -> String {
        match self {
            ListSource::Stdin => "-".to_string(),
            ListSource::File(path) => path.display().to_string(),
        }
    }

    /// Identifies "the same command" for resuming: the list's absolute path.
    fn key(&self, format: Format) -> String {
        let list = match self {
            ListSource::Stdin => "-".to_string(),
            ListSource::File(p) => std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string(),
        };
        format!("{list}\t{}", format.extension())
    }
}

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
    /// Another run holds the folder.
    #[error(transparent)]
    Locked(#[from] LockError),
    /// Bad settings.
    #[error("{0}")]
    Config(String),
}

/// What happened to one list entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Saved for the first time.
    New,
    /// Saved over an older version whose text (or format) differed.
    Updated,
    /// 304, or the same text as stored: nothing written.
    Unchanged,
    /// Not fetched.
    Skipped(Skip),
    /// The same URL (after normalisation) came earlier in the list.
    Duplicate,
    /// The refresh failed; what was stored is as it was.
    Failed(Failure),
    /// The line is not a usable URL.
    Invalid,
}

/// Why a URL was not fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Refreshed within `--max-age`.
    Fresh,
    /// Settled earlier in the interrupted run being resumed.
    Done,
}

/// Why a refresh failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Fetching or extracting failed, for this [`FetchError::kind`].
    Fetch(&'static str),
    /// The extraction is no article, or lost most of the stored one.
    Refused(Refusal),
    /// The article could not be written.
    Store,
}

impl Failure {
    /// The cause as reports and summaries name it: a [`FetchError::kind`],
    /// `empty`, `shrunk` or `store`.
    pub fn kind(&self) -> &'static str {
        match self {
            Failure::Fetch(kind) => kind,
            Failure::Refused(r) => r.kind(),
            Failure::Store => "store",
        }
    }
}

impl Outcome {
    /// `new`, `updated`, `unchanged`, `skipped`, `duplicate`, `failed` or
    /// `invalid`.
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::New => "new",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Skipped(_) => "skipped",
            Outcome::Duplicate => "duplicate",
            Outcome::Failed(_) => "failed",
            Outcome::Invalid => "invalid",
        }
    }

    /// Why it was skipped (`fresh`, `done`) or failed (its kind).
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Outcome::Skipped(Skip::Fresh) => Some("fresh"),
            Outcome::Skipped(Skip::Done) => Some("done"),
            Outcome::Failed(f) => Some(f.kind()),
            Outcome::Invalid => Some("bad-url"),
            _ => None,
        }
    }

    /// The detail of a refused extraction (`too few words`, `shell page`,
    /// `12 words, 800 stored`).
    pub fn why(&self) -> Option<String> {
        match self {
            Outcome::Failed(Failure::Refused(r)) => Some(r.why()),
            _ => None,
        }
    }
}

/// The counts of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Articles saved for the first time.
    pub new: u64,
    /// Articles rewritten with changed text (or in a new format).
    pub updated: u64,
    /// 304 or same text: nothing written.
    pub unchanged: u64,
    /// Not fetched (fresh within `--max-age`, or done before the interruption).
    pub skipped: u64,
    /// Repeated URLs.
    pub duplicates: u64,
    /// Failures by [`Failure::kind`].
    pub failed: BTreeMap<String, u64>,
    /// Lines that are not usable URLs.
    pub invalid: u64,
    /// The run was stopped (Ctrl-C) before the end of the list; running
    /// the same command again resumes it.
    pub interrupted: bool,
    /// This run resumed an interrupted one.
    pub resumed: bool,
    /// An interrupted run of the same command was too old to resume (see
    /// [`state::RESUME_WITHIN`]), so this one started afresh.
    pub restarted: bool,
    /// Wall-clock time.
    pub elapsed: Duration,
}

impl Summary {
    /// Entries settled so far.
    pub fn entries(&self) -> u64 {
        self.new
            + self.updated
            + self.unchanged
            + self.skipped
            + self.duplicates
            + self.invalid
            + self.failed.values().sum::<u64>()
    }

    /// Failed URLs plus invalid lines: what `--strict` counts.
    pub fn failed_total(&self) -> u64 {
        self.failed.values().sum::<u64>() + self.invalid
    }

    fn count(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::New => self.new += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Skipped(_) => self.skipped += 1,
            Outcome::Duplicate => self.duplicates += 1,
            Outcome::Failed(f) => *self.failed.entry(f.kind().to_string()).or_default() += 1,
            Outcome::Invalid => self.invalid += 1,
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} entries in {:.1} s: {} new, {} updated, {} unchanged, {} skipped, {} duplicate, {} invalid, {} failed",
            self.entries(),
            self.elapsed.as_secs_f64(),
            self.new,
            self.updated,
            self.unchanged,
            self.skipped,
            self.duplicates,
            self.invalid,
            self.failed.values().sum::<u64>()
        )?;
        if !self.failed.is_empty() {
            let causes: Vec<String> = self
                .failed
                .iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect();
            write!(f, " ({})", causes.join(", "))?;
        }
        let kept = ["empty", "shrunk"]
            .iter()
            .filter_map(|k| self.failed.get(*k))
            .sum::<u64>();
        if kept > 0 {
            write!(
                f,
                "; {kept} empty or shrunk extractions not saved (stored articles kept)"
            )?;
            if self.failed.contains_key("shrunk") {
                write!(f, " (--accept-shrinkage takes shrunk ones)")?;
            }
        }
        if self.resumed {
            write!(f, "; resumed an interrupted run")?;
        }
        if self.restarted {
            write!(
                f,
                "; an interrupted run was too old to resume (idle over {} h): started afresh",
                state::RESUME_WITHIN.as_secs() / 3600
            )?;
        }
        if self.interrupted {
            write!(f, "; interrupted: run the same command again to resume")?;
        }
        Ok(())
    }
}

/// Asks a running refresh to stop: no new URL is started, the ones in
/// flight finish and are recorded, then the summary comes back.
#[derive(Debug, Default)]
pub struct Cancel {
    flag: AtomicBool,
    notify: Notify,
}

impl Cancel {
    /// A token not yet cancelled.
    pub fn new() -> Arc<Cancel> {
        Arc::new(Cancel::default())
    }

    /// Requests the stop.
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// Whether a stop was requested.
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    async fn cancelled(&self) {
        loop {
            let notified = self.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }

    /// Cancels on the first Ctrl-C; a second one exits at once with 130
    /// (files are still whole: every write is atomic). Call inside the
    /// runtime that runs the refresh.
    pub fn cancel_on_ctrl_c(self: &Arc<Self>) {
        let cancel = Arc::clone(self);
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
            eprintln!(
                "thresh refresh: stopping: finishing requests in flight (Ctrl-C again to quit now)"
            );
            cancel.cancel();
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        });
    }
}

/// A URL on its way to being refreshed.
struct Job {
    line: u64,
    url: Url,
    prev: Option<UrlState>,
    /// Holds one of the bounded queue's places until the URL is settled.
    _queued: OwnedSemaphorePermit,
}

/// One settled entry, for the recorder.
#[derive(Debug)]
struct Done {
    line: u64,
    url: String,
    outcome: Outcome,
    status: Option<u16>,
    error: Option<String>,
    paths: Option<StorePaths>,
    record: Option<Record>,
}

enum Event {
    Done(Box<Done>),
    /// Everything that will be settled is; `complete` when the whole list was.
    End {
        complete: bool,
    },
}

/// What the host tasks share.
struct Ctx {
    fetcher: Arc<Fetcher>,
    extractor: Arc<Extractor>,
    store: Store,
    format: Format,
    accept_shrinkage: bool,
    slots: Arc<Semaphore>,
    extracting: Semaphore,
    queues: Mutex<HashMap<String, VecDeque<Job>>>,
    events: mpsc::Sender<Event>,
    cancel: Arc<Cancel>,
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
    let start = Instant::now();
    // Held to the end: one run per folder.
    let _lock = FolderLock::acquire(&options.out_dir)?;
    let state = State::open(&options.out_dir)?;
    let run = state.begin_run(&list.key(options.format))?;
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
    let report = match &options.report {
        Some(path) => Some(Report::create(path).map_err(|source| RefreshError::Report {
            path: path.clone(),
            source,
        })?),
        None => None,
    };

    let max_pending = options.concurrency.saturating_mul(16).max(256);
    let (events, events_rx) = mpsc::channel::<Event>(1024);
    let (jobs, mut jobs_rx) = mpsc::channel::<(u64, Url, Option<UrlState>)>(256);

    let recorder = {
        let progress = Progress::new(options.progress, total);
        let list_name = list.name();
        let mut summary = Summary {
            resumed: run.resumed,
            restarted: run.abandoned.is_some(),
            ..Summary::default()
        };
        spawn_thread(move || {
            let result = record_all(
                state,
                run.id,
                events_rx,
                progress,
                report,
                &list_name,
                &mut summary,
            );
            result.map(|()| summary)
        })
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

    let ctx = Arc::new(Ctx {
        fetcher,
        extractor,
        store: Store::new(&options.out_dir),
        format: options.format,
        accept_shrinkage: options.accept_shrinkage,
        slots: Arc::new(Semaphore::new(options.concurrency)),
        extracting: Semaphore::new(options.extract_jobs.max(1) + 1),
        queues: Mutex::new(HashMap::new()),
        events: events.clone(),
        cancel: cancel.clone(),
    });
    let pending = Arc::new(Semaphore::new(max_pending));
    let mut tasks = tokio::task::JoinSet::new();
    loop {
        let queued = tokio::select! {
            p = pending.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => break },
            () = cancel.cancelled() => break,
        };
        let next = tokio::select! {
            j = jobs_rx.recv() => j,
            () = cancel.cancelled() => None,
        };
        let Some((line, url, prev)) = next else { break };
        let job = Job {
            line,
            url,
            prev,
            _queued: queued,
        };
        let key = fetch::host_key(&job.url);
        let spawn = {
            let mut queues = lock(&ctx.queues);
            match queues.get_mut(&key) {
                Some(queue) => {
                    queue.push_back(job);
                    false
                }
                None => {
                    queues.insert(key.clone(), VecDeque::from([job]));
                    true
                }
            }
        };
        if spawn {
            tasks.spawn(host_task(ctx.clone(), key));
        }
        while tasks.try_join_next().is_some() {}
    }
    // Stops the reader at its next URL when the run was cancelled.
    drop(jobs_rx);
    while tasks.join_next().await.is_some() {}
    drop(ctx);
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

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A poisoned lock means a task panicked mid-update of a queue map whose
    // every state is still valid.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

enum ReadError {
    List(io::Error),
    State(StateError),
}

/// The reader thread: settles what needs no fetch, queues the rest.
fn read_list(
    reader: Box<dyn BufRead + Send>,
    out_dir: &Path,
    run: i64,
    max_age: Option<Duration>,
    jobs: &mpsc::Sender<(u64, Url, Option<UrlState>)>,
    events: &mpsc::Sender<Event>,
    cancel: &Cancel,
) -> Result<(), ReadError> {
    let state = State::open(out_dir).map_err(ReadError::State)?;
    let mut seen = Seen::new();
    let fresh_after = max_age.map(|age| now_secs() - age.as_secs().min(i64::MAX as u64) as i64);
    let settle = |line: u64, url: String, outcome: Outcome, error: Option<String>| {
        events
            .blocking_send(Event::Done(Box::new(Done {
                line,
                url,
                outcome,
                status: None,
                error,
                paths: None,
                record: None,
            })))
            .is_ok()
    };
    for entry in ListReader::new(reader) {
        if cancel.is_cancelled() {
            break;
        }
        let sent = match entry.map_err(ReadError::List)? {
            Entry::Invalid { line, text, error } => {
                settle(line, text, Outcome::Invalid, Some(error.to_string()))
            }
            Entry::Url { line, url } => {
                // Credentials are used for the request, never kept.
                let key = fetch::redact(&url);
                if !seen.insert(&fetch::redacted(&url)) {
                    settle(line, key, Outcome::Duplicate, None)
                } else {
                    let prev = state.lookup(&key).map_err(ReadError::State)?;
                    let done_in_run = prev.as_ref().and_then(|p| p.run_id) == Some(run);
                    let fresh = match (&prev, fresh_after) {
                        (Some(p), Some(after)) => p.last_success.is_some_and(|t| t > after),
                        _ => false,
                    };
                    if done_in_run {
                        settle(line, key, Outcome::Skipped(Skip::Done), None)
                    } else if fresh {
                        settle(line, key, Outcome::Skipped(Skip::Fresh), None)
                    } else {
                        jobs.blocking_send((line, url, prev)).is_ok()
                    }
                }
            }
        };
        if !sent {
            break;
        }
    }
    Ok(())
}

/// Works through one host's queue, one URL at a time, until it is empty.
async fn host_task(ctx: Arc<Ctx>, key: String) {
    loop {
        let job = {
            let mut queues = lock(&ctx.queues);
            let next = if ctx.cancel.is_cancelled() {
                None
            } else {
                queues.get_mut(&key).and_then(VecDeque::pop_front)
            };
            if next.is_none() {
                queues.remove(&key);
            }
            next
        };
        let Some(job) = job else { return };
        if let Some(done) = refresh_one(&ctx, &job).await {
            if ctx.events.send(Event::Done(Box::new(done))).await.is_err() {
                return;
            }
        }
    }
}

/// Refreshes one URL; `None` when cancelled before its request started
/// (it stays to do for the resumed run).
async fn refresh_one(ctx: &Ctx, job: &Job) -> Option<Done> {
    let url = &job.url;
    let key = fetch::redact(url);
    // What is stored, and in which format. A metadata file that cannot be
    // read is saved over (its article, if any, was never trustworthy).
    let stored = match ctx.store.load_meta(url) {
        Ok(meta) => meta.filter(|m| ctx.store.has_text(url, m)),
        Err(e) => {
            tracing::warn!("{e}: it will be replaced");
            None
        }
    };
    // Another format's copy must be rewritten in this one whatever the
    // server says, so it is fetched in full.
    let reformat = stored
        .as_ref()
        .is_some_and(|m| m.format != ctx.format.extension());
    // An article stored without state (by `thresh fetch --out-dir`, or
    // before the state was deleted) still has its validators and text hash
    // in its metadata.
    let from_meta = match (&job.prev, &stored) {
        (None, Some(m)) => Some(UrlState {
            etag: m.etag.clone(),
            last_modified: m.last_modified.clone(),
            text_hash: Some(m.content_hash.clone()),
            ..UrlState::default()
        }),
        _ => None,
    };
    // The stored copy is what validators and the hash vouch for: without
    // it, fetch in full.
    let prev = job
        .prev
        .as_ref()
        .or(from_meta.as_ref())
        .filter(|_| stored.is_some());
    let validators = prev
        .map(|p| Validators {
            etag: p.etag.clone(),
            last_modified: p.last_modified.clone(),
        })
        .filter(|v| !reformat && (v.etag.is_some() || v.last_modified.is_some()));

    // Wait for the host's turn before taking a global slot.
    if let Some(at) = ctx.fetcher.ready_at(url) {
        tokio::select! {
            () = tokio::time::sleep_until(at.into()) => {}
            () = ctx.cancel.cancelled() => return None,
        }
    }
    let slot = tokio::select! {
        s = ctx.slots.acquire() => s.ok()?,
        () = ctx.cancel.cancelled() => return None,
    };
    let fetched = ctx.fetcher.fetch(url, validators.as_ref()).await;
    drop(slot);

    let done = |outcome, status, error, paths, record| Done {
        line: job.line,
        url: key.clone(),
        outcome,
        status,
        error,
        paths,
        record,
    };
    // A failure: reported with the URL of the list, recorded in the state;
    // the stored article and its validators stay as they were.
    let fail = |failure: Failure, status: Option<u16>, message: String| {
        done(
            Outcome::Failed(failure),
            status,
            Some(message.clone()),
            None,
            Some(Record::Failure {
                url: key.clone(),
                status,
                kind: failure.kind().to_string(),
                message,
            }),
        )
    };
    let fetch_failed = |e: FetchError| {
        let status = match &e {
            FetchError::Status { status, .. } => Some(*status),
            _ => None,
        };
        let message = if e.url() == Some(key.as_str()) {
            e.to_string()
        } else {
            format!("{key}: {e}")
        };
        fail(Failure::Fetch(e.kind()), status, message)
    };
    let fetched = match fetched {
        Ok(f) => f,
        Err(e) => return Some(fetch_failed(e)),
    };
    let keep = |new: &Option<String>, old: Option<&String>| new.clone().or(old.cloned());
    if fetched.not_modified {
        let record = Record::Success {
            url: key.clone(),
            status: fetched.status,
            etag: keep(
                &fetched.etag,
                validators.as_ref().and_then(|v| v.etag.as_ref()),
            ),
            last_modified: keep(
                &fetched.last_modified,
                validators.as_ref().and_then(|v| v.last_modified.as_ref()),
            ),
            text_hash: prev.and_then(|p| p.text_hash.clone()),
        };
        return Some(done(
            Outcome::Unchanged,
            Some(fetched.status),
            None,
            Some(ctx.store.paths(url, ctx.format)),
            Some(record),
        ));
    }
    // Extraction runs on one more thread than `extract_jobs`, so a core is
    // never idle while another extraction waits for its page or its write
    // (measured: 67% -> 75% of in-memory extraction throughput on 2 cores).
    let extracting = ctx.extracting.acquire().await.ok()?;
    let article = fetch::extract(&ctx.extractor, &fetched).await;
    drop(extracting);
    let article = match article {
        Ok(a) => a,
        Err(e) => return Some(fetch_failed(e)),
    };
    let status = Some(fetched.status);
    let refused = |r: Refusal| {
        let kept = if stored.is_some() {
            "; the stored article is kept"
        } else {
            ""
        };
        fail(Failure::Refused(r), status, format!("{key}: {r}{kept}"))
    };
    // A block page or script shell is a failure of the URL, never an article.
    let words = match store::check_not_empty(&article) {
        Ok(words) => words,
        Err(r) => return Some(refused(r)),
    };
    let meta = StoredMeta::new(&fetched, &article, ctx.format);
    let record = Record::Success {
        url: key.clone(),
        status: fetched.status,
        etag: fetched.etag.clone(),
        last_modified: fetched.last_modified.clone(),
        text_hash: Some(meta.content_hash.clone()),
    };
    let prev_hash = prev.and_then(|p| p.text_hash.as_deref());
    if !reformat && prev_hash == Some(meta.content_hash.as_str()) {
        return Some(done(
            Outcome::Unchanged,
            status,
            None,
            Some(ctx.store.paths(url, ctx.format)),
            Some(record),
        ));
    }
    if let (Some(m), false) = (&stored, ctx.accept_shrinkage) {
        // Read only now that the text changed: most refreshes never get here.
        if let Err(r) = ctx.store.check_shrinkage(url, m, words) {
            return Some(refused(r));
        }
    }
    let outcome = if stored.is_some() {
        Outcome::Updated
    } else {
        Outcome::New
    };
    let store = ctx.store.clone();
    let (format, target) = (ctx.format, url.clone());
    let saved =
        tokio::task::spawn_blocking(move || store.save(&target, &article, &meta, format)).await;
    match saved {
        Ok(Ok(paths)) => Some(done(outcome, status, None, Some(paths), Some(record))),
        Ok(Err(e)) => Some(fail(Failure::Store, status, format!("{key}: {e}"))),
        Err(e) => Some(fail(
            Failure::Store,
            status,
            format!("{key}: cannot save: {e}"),
        )),
    }
}

/// The recorder thread: commits outcomes in batches, counts, reports.
fn record_all(
    mut state: State,
    run: i64,
    mut events: mpsc::Receiver<Event>,
    mut progress: Progress,
    mut report: Option<Report>,
    list_name: &str,
    summary: &mut Summary,
) -> Result<(), RefreshError> {
    let mut complete = false;
    let mut ended = false;
    let mut batch: Vec<Box<Done>> = Vec::new();
    while !ended {
        let Some(first) = events.blocking_recv() else {
            break;
        };
        let mut next = Some(first);
        while let Some(event) = next.take() {
            match event {
                Event::Done(done) => batch.push(done),
                Event::End { complete: c } => {
                    complete = c;
                    ended = true;
                    break;
                }
            }
            if batch.len() < 4096 {
                next = events.try_recv().ok();
            }
        }
        let records: Vec<Record> = batch.iter_mut().filter_map(|d| d.record.take()).collect();
        if !records.is_empty() {
            state.record(run, now_secs(), &records)?;
        }
        for done in batch.drain(..) {
            summary.count(&done.outcome);
            if let Some(error) = &done.error {
                let message = match done.outcome {
                    Outcome::Invalid => format!("thresh: {list_name}:{}: {error}", done.line),
                    _ => format!("thresh: {error}"),
                };
                progress.println(&message);
            }
            if let Some(report) = report.as_mut() {
                let why = done.outcome.why();
                let line = ReportLine {
                    line: done.line,
                    url: &done.url,
                    outcome: done.outcome.name(),
                    reason: done.outcome.reason(),
                    why: why.as_deref(),
                    status: done.status,
                    error_kind: match done.outcome {
                        Outcome::Failed(_) | Outcome::Invalid => done.outcome.reason(),
                        _ => None,
                    },
                    error: done.error.as_deref(),
                    text: done.paths.as_ref().and_then(|p| p.text.as_deref()),
                    meta: done.paths.as_ref().map(|p| p.meta.as_path()),
                };
                if let Err(e) = report.write(&line) {
                    tracing::error!("cannot write the report: {e}");
                }
            }
        }
        progress.update(summary);
    }
    progress.finish();
    if let Some(report) = report {
        if let Err(e) = report.finish() {
            tracing::error!("cannot write the report: {e}");
        }
    }
    if complete {
        state.finish_run(run)?;
    }
    Ok(())
}

/// Parses a duration like `45s`, `30m`, `6h`, `2d`, `1w` or a sum of them
/// (`1h30m`); a bare number is seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || format!("{text:?} is not a duration (use e.g. 90s, 30m, 6h, 2d, 1w)");
    let text = text.trim();
    if text.is_empty() {
        return Err(bad());
    }
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return Err(bad()),
        };
        let n: u64 = digits.parse().map_err(|_| bad())?;
        digits.clear();
        total = n
            .checked_mul(unit)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(bad)?;
    }
    if !digits.is_empty() {
        return Err(bad());
    }
    Ok(Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("6h"), Ok(Duration::from_secs(6 * 3600)));
        assert_eq!(parse_duration("2d"), Ok(Duration::from_secs(2 * 86_400)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        for bad in ["", "h", "5x", "1h5", "-3h", "99999999999999999999w"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn summary_counts_and_reads() {
        let mut s = Summary::default();
        let shrunk = Failure::Refused(Refusal::Shrunk { stored: 90, new: 9 });
        for o in [
            Outcome::New,
            Outcome::Unchanged,
            Outcome::Failed(Failure::Fetch("timeout")),
            Outcome::Failed(Failure::Fetch("timeout")),
            Outcome::Failed(Failure::Fetch("status")),
            Outcome::Failed(shrunk),
            Outcome::Invalid,
            Outcome::Skipped(Skip::Fresh),
        ] {
            s.count(&o);
        }
        assert_eq!(s.entries(), 8);
        assert_eq!(s.failed_total(), 5);
        let text = s.to_string();
        assert!(text.contains("1 new"), "{text}");
        assert!(
            text.contains("4 failed (1 shrunk, 1 status, 2 timeout)"),
            "{text}"
        );
        assert!(
            text.contains("1 empty or shrunk extractions not saved"),
            "{text}"
        );
        assert_eq!(Outcome::Failed(shrunk).reason(), Some("shrunk"));
        assert_eq!(
            Outcome::Failed(shrunk).why().as_deref(),
            Some("9 words, 90 stored")
        );
        assert_eq!(Outcome::Skipped(Skip::Done).reason(), Some("done"));
    }
}
