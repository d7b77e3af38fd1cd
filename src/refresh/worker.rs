//! One URL's refresh: wait for its host's turn, fetch it conditionally,
//! extract it (joining an article's further pages, see [`crate::fetch::pages`]),
//! refuse an empty, shrunk or partial extraction, and save it atomically
//! only when its text changed. Everything that turns a page into an
//! outcome, and nothing about queues or the database.

use std::sync::Arc;

use tokio::sync::Semaphore;
use url::Url;

use crate::extract::Extractor;
use crate::fetch::{self, FetchError, Fetcher, Validators};
use crate::format::Format;
use crate::store::{self, Refusal, Store, StoredMeta};

use super::cancel::Cancel;
use super::outcome::{Failure, Outcome};
use super::record::{Done, Event};
use super::state::{Record, UrlState};
use super::RefreshOptions;

/// A URL to refresh, with what the state knows of it.
pub(super) struct Task {
    /// Its line in the list.
    pub line: u64,
    /// As given (credentials included, for the request only).
    pub url: Url,
    /// Its state, if it has been refreshed before.
    pub prev: Option<UrlState>,
}

/// What refreshing a page needs, shared by every task of a run.
pub(super) struct Worker {
    pub fetcher: Arc<Fetcher>,
    pub extractor: Arc<Extractor>,
    pub store: Store,
    pub format: Format,
    pub accept_shrinkage: bool,
    pub warc: Option<Arc<crate::warc::Writer>>,
    /// Requests in flight, over all hosts.
    pub slots: Arc<Semaphore>,
    /// Extractions at once.
    pub extracting: Semaphore,
    pub cancel: Arc<Cancel>,
    /// Site profiles as the run found them, and where to send what each
    /// page shows them; `None` with `--no-learn`.
    pub profiles: Option<(
        Arc<crate::profile::Profiles>,
        tokio::sync::mpsc::Sender<Event>,
    )>,
}

impl Worker {
    /// The worker of a run with `options`.
    pub fn new(
        options: &RefreshOptions,
        fetcher: Arc<Fetcher>,
        extractor: Arc<Extractor>,
        cancel: Arc<Cancel>,
    ) -> Worker {
        Worker {
            fetcher,
            extractor,
            store: Store::new(&options.out_dir),
            format: options.format,
            accept_shrinkage: options.accept_shrinkage,
            slots: Arc::new(Semaphore::new(options.concurrency)),
            extracting: Semaphore::new(options.extract_jobs.max(1) + 1),
            cancel,
            profiles: None,
            warc: options.warc.clone(),
        }
    }

    /// Refreshes one URL; `None` when cancelled before its request started
    /// (it stays to do for the resumed run).
    pub(super) async fn refresh_one(&self, job: &Task) -> Option<Done> {
        let url = &job.url;
        let key = fetch::redact(url);
        // What is stored, and in which format. A metadata file that cannot be
        // read is saved over (its article, if any, was never trustworthy).
        let stored = match self.store.load_meta(url) {
            Ok(meta) => meta.filter(|m| self.store.has_text(url, m)),
            Err(e) => {
                tracing::warn!("{e}: it will be replaced");
                None
            }
        };
        // Another format's copy must be rewritten in this one whatever the
        // server says, so it is fetched in full.
        let reformat = stored
            .as_ref()
            .is_some_and(|m| m.format != self.format.extension());
        // A partial article is fetched in full until its pages all come:
        // its first page's validators say nothing about the missing ones.
        let stored_partial = stored.as_ref().is_some_and(|m| m.pages.partial);
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
            .filter(|v| {
                !reformat && !stored_partial && (v.etag.is_some() || v.last_modified.is_some())
            });

        // Wait for the host's turn before taking a global slot.
        if let Some(at) = self.fetcher.ready_at(url) {
            tokio::select! {
                () = tokio::time::sleep_until(at.into()) => {}
                () = self.cancel.cancelled() => return None,
            }
        }
        let slot = tokio::select! {
            s = self.slots.acquire() => s.ok()?,
            () = self.cancel.cancelled() => return None,
        };
        let fetched = self.fetcher.fetch(url, validators.as_ref()).await;
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
        if let Some(Err(e)) = self.warc.as_ref().map(|w| w.write_fetched(&fetched)) {
            let message = format!("{key}: cannot write the WARC file: {e}");
            return Some(fail(Failure::Store, Some(fetched.status), message));
        }
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
                Some(self.store.paths(url, self.format)),
                Some(record),
            ));
        }
        // Extraction runs on one more thread than `extract_jobs`, so a core is
        // never idle while another extraction waits for its page or its write
        // (measured: 67% -> 75% of in-memory extraction throughput on 2 cores).
        let extracting = self.extracting.acquire().await.ok()?;
        let article = fetch::pages::read(&self.extractor, &fetched).await;
        drop(extracting);
        let (article, links) = match article {
            Ok(a) => a,
            Err(e) => return Some(fetch_failed(e)),
        };
        // An article over several pages: the state stays per article (the
        // first page's validators and the joined text's hash).
        let mut article =
            fetch::pages::follow(&self.fetcher, &self.extractor, &fetched, article, links).await;
        if let Some((profiles, observations)) = &self.profiles {
            // Counted as extracted; filtered by the profile as the run began.
            if let Some(page) = crate::profile::store::Observation::of(&article) {
                let _ = observations.send(Event::Observed(Box::new(page))).await;
            }
            profiles.apply(&mut article);
        }
        let status = Some(fetched.status);
        let refused = |r: Refusal| {
            let kept = if stored.is_some() {
                "; the stored article is kept"
            } else {
                ""
            };
            fail(Failure::Refused(r), status, format!("{key}: {r}{kept}"))
        };
        // Which following page is missing, for messages about a partial article.
        let missing = article
            .pages
            .page_failure
            .as_ref()
            .map(|f| format!("{}: {}", f.url, f.error))
            .unwrap_or_default();
        // A block page or script shell is a failure of the URL, never an article.
        let words = match store::check_not_empty(&article) {
            Ok(words) => words,
            Err(r) => return Some(refused(r)),
        };
        let meta = StoredMeta::new(&fetched, &article, self.format);
        // A partial article is saved when nothing whole is stored, but the
        // state records it as a failure of kind `partial`: no validators or
        // hash to vouch for it, and not fresh, so the next run tries again.
        let partial = article
            .pages
            .partial
            .then(|| format!("{key}: article is partial, page {missing}"));
        let record = match &partial {
            Some(message) => Record::Failure {
                url: key.clone(),
                status,
                kind: Refusal::Partial.kind().to_string(),
                message: message.clone(),
            },
            None => Record::Success {
                url: key.clone(),
                status: fetched.status,
                etag: fetched.etag.clone(),
                last_modified: fetched.last_modified.clone(),
                text_hash: Some(meta.content_hash.clone()),
            },
        };
        let prev_hash = prev.and_then(|p| p.text_hash.as_deref());
        if !reformat && prev_hash == Some(meta.content_hash.as_str()) {
            return Some(done(
                Outcome::Unchanged,
                status,
                partial,
                Some(self.store.paths(url, self.format)),
                Some(record),
            ));
        }
        if let Some(m) = &stored {
            if store::check_partial(&article, m).is_err() {
                let kept = "; the stored article is whole and is kept";
                return Some(fail(
                    Failure::Refused(Refusal::Partial),
                    status,
                    format!("{key}: article is partial, page {missing}{kept}"),
                ));
            }
        }
        if let (Some(m), false) = (&stored, self.accept_shrinkage) {
            // Read only now that the text changed: most refreshes never get here.
            if let Err(r) = self.store.check_shrinkage(url, m, words) {
                return Some(refused(r));
            }
        }
        let outcome = if stored.is_some() {
            Outcome::Updated
        } else {
            Outcome::New
        };
        let store = self.store.clone();
        let (format, target) = (self.format, url.clone());
        let saved =
            tokio::task::spawn_blocking(move || store.save(&target, &article, &meta, format)).await;
        match saved {
            Ok(Ok(paths)) => Some(done(outcome, status, partial, Some(paths), Some(record))),
            Ok(Err(e)) => Some(fail(Failure::Store, status, format!("{key}: {e}"))),
            Err(e) => Some(fail(
                Failure::Store,
                status,
                format!("{key}: cannot save: {e}"),
            )),
        }
    }
}
