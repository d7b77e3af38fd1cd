//! A refresh run as one of many workers on a shared PostgreSQL queue
//! ([`super::shared`]): load the list into the queue (once, whoever comes
//! first), then claim URLs whose hosts are free and due, refresh each with
//! the same [`Worker`] as a local run, and settle it in the database as
//! soon as its article is written, which also frees its host.
//!
//! Unlike a local run there is no folder lock and no repair of the store on
//! start: other workers are writing into the same folder at the same time,
//! and their temporary files are not leftovers.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use tokio::task::JoinSet;

use crate::extract::Extractor;
use crate::fetch::{self, Fetcher};

use super::cancel::Cancel;
use super::list::{Listed, Listing};
use super::outcome::Summary;
use super::progress::Progress;
use super::record::{Done, Tally};
use super::shared::{Claimed, Enqueue, SharedError, SharedState};
use super::state::now_secs;
use super::worker::{Task, Worker};
use super::{open_report, spawn_thread, ListSource, RefreshError, RefreshOptions};

/// URLs queued per statement while loading.
const LOAD_BATCH: usize = 2000;

/// How long to wait before asking again when no host is due.
const IDLE_POLL: Duration = Duration::from_millis(50);

/// How often an idle worker checks for hosts wrongly left idle.
const WAKE_EVERY: Duration = Duration::from_secs(1);

/// What the list reader hands the loader.
enum Loaded {
    /// URLs to queue.
    Batch(Vec<Enqueue>),
    /// A line settled without the queue (invalid, duplicate).
    Settled(Box<Done>),
}

/// Runs this process's share of the refresh of `list` with the state in
/// the PostgreSQL database at `db`.
pub(super) async fn refresh_shared(
    options: &RefreshOptions,
    db: &str,
    list: &ListSource,
    fetcher: Arc<Fetcher>,
    extractor: Arc<Extractor>,
    cancel: Arc<Cancel>,
) -> Result<Summary, RefreshError> {
    let start = Instant::now();
    let state = Arc::new(SharedState::connect(db).await?);
    let (run, loaded) = state.begin_run(&list.shared_key(options.format)).await?;
    tracing::info!(
        "worker {} on run {run} in {}{}",
        state.worker(),
        state.db(),
        if loaded { " (list already queued)" } else { "" }
    );
    let report = open_report(options)?;
    let mut tally = Tally::new(
        Progress::new(options.progress, None),
        report,
        list.name(),
        Summary::default(),
    );

    // Loading runs beside the claims, so work starts with the first batch.
    let (loaded_tx, mut loaded_rx) = mpsc::channel::<Loaded>(4);
    let mut loading = if loaded {
        drop(loaded_tx);
        None
    } else {
        let reader = list.open().map_err(|source| RefreshError::List {
            list: list.name(),
            source,
        })?;
        let name = list.name();
        let cancel = cancel.clone();
        Some(spawn_thread(move || {
            read_into_queue(reader, &loaded_tx, &cancel)
                .map_err(|source| RefreshError::List { list: name, source })
        }))
    };
    let fresh_after = options
        .max_age
        .map(|age| now_secs() - age.as_secs().min(i64::MAX as u64) as i64);
    let mut queued_here = 0u64;
    let mut list_done = loaded;
    let mut last_wake = Instant::now();

    let worker = Arc::new(Worker::new(options, fetcher, extractor, cancel.clone()));
    let mut tasks: JoinSet<Result<Option<Done>, SharedError>> = JoinSet::new();
    loop {
        // Take what the reader has for the queue, without waiting for it
        // and without starving the claims.
        let mut batches = 0;
        while !list_done && batches < 8 {
            match loaded_rx.try_recv() {
                Ok(Loaded::Batch(batch)) => {
                    batches += 1;
                    queued_here += state.enqueue(run, &batch, fresh_after).await?;
                }
                Ok(Loaded::Settled(done)) => tally.settle(&done),
                Err(mpsc::error::TryRecvError::Empty) => break,
                Err(mpsc::error::TryRecvError::Disconnected) => {
                    if let Some(reader) = loading.take() {
                        reader.await?;
                    }
                    if !cancel.is_cancelled() {
                        state.mark_loaded(run).await?;
                    }
                    list_done = true;
                }
            }
        }
        if cancel.is_cancelled() {
            break;
        }
        let free = options.concurrency.saturating_sub(tasks.len());
        let claimed = if free > 0 {
            state.claim(run, free, options.lease).await?
        } else {
            Vec::new()
        };
        let idle = claimed.is_empty();
        for claimed in claimed {
            tasks.spawn(settle_one(worker.clone(), state.clone(), claimed));
        }
        if idle && tasks.is_empty() && list_done {
            let remaining = state.remaining(run).await?;
            if remaining.loaded && remaining.open == 0 {
                state.finish_if_done(run).await?;
                break;
            }
            if remaining.open > 0 && last_wake.elapsed() >= WAKE_EVERY {
                // Leased by others, or a host wrongly left idle.
                state.wake().await?;
                last_wake = Instant::now();
            }
        }
        // Wait for a task to end (a slot and maybe a host come free), more
        // of the list, or a host's turn.
        if idle || free <= 1 {
            tokio::select! {
                Some(joined) = tasks.join_next() => settle_joined(joined, &mut tally)?,
                () = tokio::time::sleep(IDLE_POLL) => {}
                () = cancel.cancelled() => {}
            }
        }
        while let Some(joined) = tasks.try_join_next() {
            settle_joined(joined, &mut tally)?;
        }
        tally.update();
    }
    while let Some(joined) = tasks.join_next().await {
        settle_joined(joined, &mut tally)?;
    }
    tracing::info!("{queued_here} URLs queued by this worker");
    let mut summary = tally.finish();
    summary.interrupted = cancel.is_cancelled();
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// Counts a finished task's outcome; a database failure ends the run.
fn settle_joined(
    joined: Result<Result<Option<Done>, SharedError>, tokio::task::JoinError>,
    tally: &mut Tally,
) -> Result<(), RefreshError> {
    match joined {
        Ok(Ok(Some(done))) => {
            tally.settle(&done);
            Ok(())
        }
        Ok(Ok(None)) => Ok(()),
        Ok(Err(e)) => Err(e.into()),
        Err(e) => Err(RefreshError::Config(format!("a refresh task failed: {e}"))),
    }
}

/// Refreshes one claimed URL and settles it in the database; a URL whose
/// request never started (the run was stopped) goes back to the queue.
async fn settle_one(
    worker: Arc<Worker>,
    state: Arc<SharedState>,
    claimed: Claimed,
) -> Result<Option<Done>, SharedError> {
    let task = match fetch::parse_url(&claimed.fetch_url) {
        Ok(url) => Task {
            line: claimed.line,
            url,
            prev: claimed.prev.clone(),
        },
        Err(e) => {
            // Only a URL this code queued gets here; say so rather than loop.
            tracing::error!("{}: unusable queued URL: {e}", claimed.url);
            state.release(&claimed).await?;
            return Err(SharedError::BadUrl(claimed.url));
        }
    };
    let Some(mut done) = worker.refresh_one(&task).await else {
        state.release(&claimed).await?;
        return Ok(None);
    };
    let delay = worker.fetcher.host_delay(&task.url);
    if let Some(record) = done.record.take() {
        if !state.complete(&claimed, &record, delay).await? {
            tracing::warn!(
                "{}: the lease ran out before it was settled; another worker took it (raise --lease)",
                claimed.url
            );
        }
    }
    Ok(Some(done))
}

/// The reader thread of a shared run: parses the list, settles invalid and
/// repeated lines, and sends the rest to be queued in batches.
fn read_into_queue(
    reader: Box<dyn std::io::BufRead + Send>,
    out: &mpsc::Sender<Loaded>,
    cancel: &Cancel,
) -> std::io::Result<()> {
    let mut batch = Vec::with_capacity(LOAD_BATCH);
    for listed in Listing::new(reader) {
        if cancel.is_cancelled() {
            return Ok(());
        }
        let sent = match listed? {
            Listed::Settled {
                line,
                key,
                outcome,
                error,
            } => out
                .blocking_send(Loaded::Settled(Done::listed(line, key, outcome, error)))
                .is_ok(),
            Listed::New { line, url, key } => {
                let given = url.to_string();
                batch.push(Enqueue {
                    fetch_url: (given != key).then_some(given),
                    host: fetch::host_key(&url),
                    url: key,
                    line,
                });
                batch.len() < LOAD_BATCH
                    || out
                        .blocking_send(Loaded::Batch(std::mem::take(&mut batch)))
                        .is_ok()
            }
        };
        if !sent {
            return Ok(());
        }
    }
    if !batch.is_empty() {
        let _ = out.blocking_send(Loaded::Batch(batch));
    }
    Ok(())
}
