//! What happened to each list entry, and the counts of a run: the
//! vocabulary the worker produces, the recorder counts and the report and
//! summary print, kept apart so each of them reads it from one place.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use crate::store::Refusal;

use super::state;

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
    /// Fetching or extracting failed, for this [`crate::fetch::FetchError::kind`].
    Fetch(&'static str),
    /// The extraction is no article, or lost most of the stored one.
    Refused(Refusal),
    /// The article could not be written.
    Store,
}

impl Failure {
    /// The cause as reports and summaries name it: a [`crate::fetch::FetchError::kind`],
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

    pub(super) fn count(&mut self, outcome: &Outcome) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
