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

impl Done {
    /// A URL settled from the list alone, never fetched (skipped as fresh,
    /// a duplicate, a bad line).
    pub fn listed(line: u64, url: String, outcome: Outcome, error: Option<String>) -> Box<Done> {
        Box::new(Done {
            line,
            url,
            outcome,
            status: None,
            error,
            paths: None,
            record: None,
        })
    }
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

/// Where settled entries go once their state is recorded: the summary's
/// counts, the messages, the progress display and the `--report`. Shared
/// by the recorder thread (SQLite state) and the shared-queue worker.
pub(super) struct Tally {
    progress: Progress,
    report: Option<Report>,
    list_name: String,
    /// The counts so far.
    pub summary: Summary,
}

impl Tally {
    /// A tally of a run over `list_name` that starts from `summary`.
    pub fn new(
        progress: Progress,
        report: Option<Report>,
        list_name: String,
        summary: Summary,
    ) -> Tally {
        Tally {
            progress,
            report,
            list_name,
            summary,
        }
    }

    /// Counts, prints and reports one settled entry.
    pub fn settle(&mut self, done: &Done) {
        self.summary.count(&done.outcome);
        if let Some(error) = &done.error {
            let message = match done.outcome {
                Outcome::Invalid => format!("thresh: {}:{}: {error}", self.list_name, done.line),
                _ => format!("thresh: {error}"),
            };
            self.progress.println(&message);
        }
        if let Some(report) = self.report.as_mut() {
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

    /// Shows the counts so far.
    pub fn update(&mut self) {
        self.progress.update(&self.summary);
    }

    /// Closes the display and the report; returns the counts.
    pub fn finish(self) -> Summary {
        self.progress.finish();
        if let Some(report) = self.report {
            if let Err(e) = report.finish() {
                tracing::error!("cannot write the report: {e}");
            }
        }
        self.summary
    }
}

/// The recorder thread: commits outcomes in batches, counts, reports.
#[allow(clippy::too_many_arguments)] // the recorder owns every sink of a run
pub(super) fn record_all(
    mut state: State,
    mut profiles: Option<ProfileDb>,
    run: i64,
    mut events: mpsc::Receiver<Event>,
    mut tally: Tally,
) -> Result<Summary, RefreshError> {
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
            tally.settle(&done);
        }
        tally.update();
    }
    let summary = tally.finish();
    if complete {
        state.finish_run(run)?;
    }
    Ok(summary)
}
