//! The recorder: the one thread that writes outcomes to the state, so
//! workers never wait on the database, and commits them in batches (one
//! transaction for many URLs) while counting the summary, printing
//! failures and writing the `--report`.

use tokio::sync::mpsc;

use crate::profile::store::{Observation, ProfileDb};
use crate::store::StorePaths;

use super::outcome::{Outcome, Summary};
use super::progress::Progress;
use super::report::{Report, ReportLine};
use super::state::{now_secs, Record, State};
use super::RefreshError;

/// One settled entry, for the recorder.
#[derive(Debug)]
pub(super) struct Done {
    /// Its line in the list.
    pub line: u64,
    /// The URL without credentials.
    pub url: String,
    pub outcome: Outcome,
    pub status: Option<u16>,
    /// The message to print and report.
    pub error: Option<String>,
    /// Where the article is, when there is one.
    pub paths: Option<StorePaths>,
    /// What to commit to the state.
    pub record: Option<Record>,
}

/// What the recorder receives.
pub(super) enum Event {
    Done(Box<Done>),
    /// What a page showed its host's profile, for the next run.
    Observed(Box<Observation>),
    /// Everything that will be settled is; `complete` when the whole list was.
    End {
        complete: bool,
    },
}

/// The recorder thread: commits outcomes in batches, counts, reports.
#[allow(clippy::too_many_arguments)] // the recorder owns every sink of a run
pub(super) fn record_all(
    mut state: State,
    mut profiles: Option<ProfileDb>,
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
    let mut observed: Vec<Observation> = Vec::new();
    while !ended {
        let Some(first) = events.blocking_recv() else {
            break;
        };
        let mut next = Some(first);
        while let Some(event) = next.take() {
            match event {
                Event::Done(done) => batch.push(done),
                Event::Observed(page) => observed.push(*page),
                Event::End { complete: c } => {
                    complete = c;
                    ended = true;
                    break;
                }
            }
            if batch.len() + observed.len() < 4096 {
                next = events.try_recv().ok();
            }
        }
        let records: Vec<Record> = batch.iter_mut().filter_map(|d| d.record.take()).collect();
        if !records.is_empty() {
            state.record(run, now_secs(), &records)?;
        }
        if let Some(db) = profiles.as_mut() {
            db.record(&observed)?;
        }
        observed.clear();
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
