//! `thresh extract` over WARC files: every HTML page in an archive to one
//! line of JSON Lines, on all cores, in bounded memory whatever the
//! archive's size.
//!
//! One thread reads records (inflating gzip members is the only serial
//! work) and hands them over a bounded channel to extraction workers; the
//! calling thread writes results in record order. The reader may run at
//! most [`window`] records ahead of the writer, so one slow page holds
//! back at most that many finished ones: memory is the window times the
//! record cap, not the file.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};

use serde::Serialize;
use url::Url;

use crate::article::Article;
use crate::decode::{DecodeError, DEFAULT_MAX_BYTES};
use crate::extract::{ExtractError, Extractor, Page};
use crate::warc::{http, Reader, Record, Skip};

/// What became of one WARC file's records.
#[derive(Debug, Default)]
pub(super) struct Tally {
    /// Records read.
    pub records: usize,
    /// Pages extracted (one output line each).
    pub extracted: usize,
    /// Records skipped, by [`Skip::label`].
    pub skipped: BTreeMap<String, usize>,
    /// Damaged records and pages that failed (each reported on stderr).
    pub failed: usize,
}

impl Tally {
    fn skip(&mut self, skip: &Skip) {
        *self.skipped.entry(skip.label().to_string()).or_default() += 1;
    }

    /// `12 records: 9 extracted, 3 skipped (2 request, 1 not-html), 0 failed`.
    pub fn summary(&self) -> String {
        let skipped: usize = self.skipped.values().sum();
        let detail = if skipped == 0 {
            String::new()
        } else {
            let parts: Vec<String> = self
                .skipped
                .iter()
                .map(|(label, n)| format!("{n} {label}"))
                .collect();
            format!(" ({})", parts.join(", "))
        };
        format!(
            "{} records: {} extracted, {skipped} skipped{detail}, {} failed",
            self.records, self.extracted, self.failed
        )
    }
}

/// One output line: the record's identity, then the article as the
/// `json` format has it.
#[derive(Serialize)]
struct Line<'a> {
    input: &'a str,
    warc_record_id: &'a str,
    warc_date: &'a str,
    warc_offset: u64,
    #[serde(flatten)]
    article: &'a Article,
}

/// What a worker made of a record.
enum Done {
    Line(String),
    Skipped(Skip),
    Failed(String),
}

/// How far the reader may run ahead of the writer, in records.
fn window(jobs: usize) -> u64 {
    (jobs as u64 * 4).max(16)
}

/// Extracts every HTML page of the WARC file `path` (shown as `name`),
/// passing each JSON line to `emit` in record order. Damaged records and
/// failed pages are reported on stderr and counted; the rest go on. An
/// error is returned only when the file cannot be opened or `emit` fails
/// (then reading stops).
pub(super) fn extract_warc(
    path: &Path,
    name: &str,
    extractor: &Extractor,
    jobs: usize,
    emit: &mut dyn FnMut(&str) -> anyhow::Result<()>,
) -> anyhow::Result<Tally> {
    let file = File::open(path)?;
    let reader = Reader::new(file, DEFAULT_MAX_BYTES)?;
    let (job_tx, job_rx) = mpsc::sync_channel::<(u64, Record)>(jobs * 2);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<(u64, Done)>();
    let written = (Mutex::new(0u64), Condvar::new());
    let stop = AtomicBool::new(false);
    let window = window(jobs);

    std::thread::scope(|s| {
        let reading = s.spawn(|| {
            let mut tally = Tally::default();
            let mut seq = 0u64;
            for item in reader {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                tally.records += 1;
                let record = match item {
                    Ok(r) => r,
                    Err(e) => {
                        eprintln!("thresh: {name}: {e}");
                        tally.failed += 1;
                        continue;
                    }
                };
                if let Some(skip) = http::skip_by_header(&record) {
                    log_skip(name, record.offset, &record.id(), &skip);
                    tally.skip(&skip);
                    continue;
                }
                let (lock, turn) = &written;
                let mut done = lock.lock().unwrap_or_else(|p| p.into_inner());
                while seq >= *done + window && !stop.load(Ordering::Relaxed) {
                    done = turn.wait(done).unwrap_or_else(|p| p.into_inner());
                }
                drop(done);
                if job_tx.send((seq, record)).is_err() {
                    break;
                }
                seq += 1;
            }
            drop(job_tx);
            tally
        });
        for _ in 0..jobs.max(1) {
            let done_tx = done_tx.clone();
            let (job_rx, stop) = (&job_rx, &stop);
            s.spawn(move || loop {
                let job = job_rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
                let Ok((seq, record)) = job else { break };
                if stop.load(Ordering::Relaxed) {
                    continue;
                }
                let done = extract_record(name, &record, extractor);
                if done_tx.send((seq, done)).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);

        // Results in record order: those that finish early wait here.
        let mut tally = Tally::default();
        let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
        let mut next = 0u64;
        let mut outcome = Ok(());
        for (seq, done) in done_rx {
            pending.insert(seq, done);
            while let Some(done) = pending.remove(&next) {
                match done {
                    Done::Line(line) if outcome.is_ok() => {
                        tally.extracted += 1;
                        if let Err(e) = emit(&line) {
                            outcome = Err(e);
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                    Done::Line(_) => {}
                    Done::Skipped(skip) => tally.skip(&skip),
                    Done::Failed(message) => {
                        eprintln!("thresh: {name}: {message}");
                        tally.failed += 1;
                    }
                }
                next += 1;
                *written.0.lock().unwrap_or_else(|p| p.into_inner()) = next;
                written.1.notify_all();
            }
        }
        let read = match reading.join() {
            Ok(tally) => tally,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        tally.records = read.records;
        tally.failed += read.failed;
        for (label, n) in read.skipped {
            *tally.skipped.entry(label).or_default() += n;
        }
        outcome.map(|()| tally)
    })
}

/// A worker's job: the page in `record`, extracted and rendered.
fn extract_record(name: &str, record: &Record, extractor: &Extractor) -> Done {
    let id = record.id();
    let at = |what: String| format!("offset {} ({id}): {what}", record.offset);
    let response = match http::page(record, DEFAULT_MAX_BYTES) {
        Ok(Ok(r)) => r,
        Ok(Err(skip)) => {
            log_skip(name, record.offset, &id, &skip);
            return Done::Skipped(skip);
        }
        Err(e) => return Done::Failed(at(e.to_string())),
    };
    let target = record.target_uri();
    let url = target.as_deref().and_then(|u| Url::parse(u).ok());
    let page = Page {
        bytes: &response.body,
        url: url.as_ref(),
        content_type: response.content_type.as_deref(),
        content_language: response.content_language.as_deref(),
    };
    let article = match extractor.extract_with_report(&page) {
        Ok((mut article, report)) => {
            if let Some(why) = report.empty {
                tracing::info!("{name}: {}", at(format!("no text extracted: {why}")));
            }
            if article.url.is_none() {
                article.url = target;
            }
            article
        }
        Err(ExtractError::Decode(e)) => {
            let skip = match e {
                DecodeError::Empty => Skip::Empty,
                DecodeError::Binary { .. } => Skip::NotHtml,
                DecodeError::TooLarge { .. } => Skip::TooLarge,
                other => return Done::Failed(at(other.to_string())),
            };
            log_skip(name, record.offset, &id, &skip);
            return Done::Skipped(skip);
        }
    };
    let date = record.header(::warc::WarcHeader::Date).unwrap_or_default();
    let line = Line {
        input: name,
        warc_record_id: &id,
        warc_date: &date,
        warc_offset: record.offset,
        article: &article,
    };
    let mut text = serde_json::to_string(&line).expect("an Article always serialises");
    text.push('\n');
    Done::Line(text)
}

fn log_skip(name: &str, offset: u64, id: &str, skip: &Skip) {
    tracing::info!("{name}: offset {offset} ({id}): skipped: {skip}");
}

/// The `--out-dir` file of each WARC input, `DIR/<stem>.jsonl`; `None`
/// (reported, and counted in `failures`) for one whose name another input
/// already took.
pub(super) fn destinations(
    dir: &Path,
    warcs: &[&Path],
    taken: &mut HashMap<String, String>,
    failures: &mut usize,
) -> Vec<Option<std::path::PathBuf>> {
    warcs
        .iter()
        .map(|path| {
            let file = format!("{}.jsonl", crate::warc::warc_stem(path));
            let name = path.display().to_string();
            if let Some(first) = taken.get(&file) {
                eprintln!(
                    "thresh: {name}: output {file} would overwrite the one of {first}; skipped"
                );
                *failures += 1;
                None
            } else {
                taken.insert(file.clone(), name);
                Some(dir.join(file))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_names_each_kind_of_skip() {
        let mut t = Tally {
            records: 5,
            extracted: 2,
            failed: 1,
            ..Tally::default()
        };
        t.skip(&Skip::Kind("request".into()));
        t.skip(&Skip::NotHtml);
        assert_eq!(
            t.summary(),
            "5 records: 2 extracted, 2 skipped (1 not-html, 1 request), 1 failed"
        );
    }
}
