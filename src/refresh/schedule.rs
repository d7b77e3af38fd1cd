//! Scheduling: the reader thread that streams the list and settles what
//! needs no fetch, and the per-host queues that hand URLs to the worker one
//! at a time per host under a global limit of requests in flight, with a
//! bounded number of URLs queued so memory does not grow with the list.

use std::collections::{HashMap, VecDeque};
use std::io::{self, BufRead};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};
use url::Url;

use crate::fetch;

use super::cancel::Cancel;
use super::list::{Listed, Listing};
use super::outcome::{Outcome, Skip};
use super::record::{Done, Event};
use super::state::{now_secs, State, StateError, UrlState};
use super::worker::{Task, Worker};

/// A URL on its way to being refreshed.
struct Job {
    task: Task,
    /// Holds one of the bounded queue's places until the URL is settled.
    _queued: OwnedSemaphorePermit,
}

/// What the host tasks share.
pub(super) struct Ctx {
    pub worker: Worker,
    queues: Mutex<HashMap<String, VecDeque<Job>>>,
    events: mpsc::Sender<Event>,
}

/// What the reader thread hands on: a URL to fetch, with its line and state.
pub(super) type Queued = (u64, Url, Option<UrlState>);

impl Ctx {
    /// Host queues for `worker`, whose outcomes go to `events`.
    pub fn new(worker: Worker, events: mpsc::Sender<Event>) -> Ctx {
        Ctx {
            worker,
            queues: Mutex::new(HashMap::new()),
            events,
        }
    }
}

/// Takes URLs from the reader into per-host queues, at most `max_pending`
/// queued at once, starting a host task for each host that has none, until
/// the list ends or the run is cancelled; returns when every task is done.
pub(super) async fn schedule(
    ctx: Arc<Ctx>,
    mut jobs_rx: mpsc::Receiver<Queued>,
    max_pending: usize,
) {
    let cancel = ctx.worker.cancel.clone();
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
            task: Task { line, url, prev },
            _queued: queued,
        };
        let key = fetch::host_key(&job.task.url);
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
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A poisoned lock means a task panicked mid-update of a queue map whose
    // every state is still valid.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

pub(super) enum ReadError {
    List(io::Error),
    State(StateError),
}

/// The reader thread: settles what needs no fetch, queues the rest.
pub(super) fn read_list(
    reader: Box<dyn BufRead + Send>,
    out_dir: &Path,
    run: i64,
    max_age: Option<Duration>,
    jobs: &mpsc::Sender<Queued>,
    events: &mpsc::Sender<Event>,
    cancel: &Cancel,
) -> Result<(), ReadError> {
    let state = State::open(out_dir).map_err(ReadError::State)?;
    let fresh_after = max_age.map(|age| now_secs() - age.as_secs().min(i64::MAX as u64) as i64);
    let settle = |line: u64, key: String, outcome: Outcome, error: Option<String>| {
        events
            .blocking_send(Event::Done(Done::listed(line, key, outcome, error)))
            .is_ok()
    };
    for listed in Listing::new(reader) {
        if cancel.is_cancelled() {
            break;
        }
        let sent = match listed.map_err(ReadError::List)? {
            Listed::Settled {
                line,
                key,
                outcome,
                error,
            } => settle(line, key, outcome, error),
            // Credentials are used for the request, never kept.
            Listed::New { line, url, key } => {
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
            let next = if ctx.worker.cancel.is_cancelled() {
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
        if let Some(done) = ctx.worker.refresh_one(&job.task).await {
            if ctx.events.send(Event::Done(Box::new(done))).await.is_err() {
                return;
            }
        }
    }
}
