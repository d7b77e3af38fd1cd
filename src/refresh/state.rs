//! Refresh state: what was fetched when, with which validators and result,
//! kept in SQLite at `DIR/.thresh/state.sqlite` so a refresh is cheap (a
//! conditional request, no rewrite of an unchanged article) and resumable
//! (a run's progress is committed as it goes and survives `kill -9`).
//!
//! SQLite runs in WAL mode: the list reader looks URLs up on its own
//! connection while the recorder writes on another. `synchronous=NORMAL`
//! keeps commits cheap; a power cut may lose the last commits, never the
//! database, and losing them only means those URLs are fetched again.
//!
//! The schema version is SQLite's `user_version`; a database written by a
//! newer version is refused rather than misread, an older one is upgraded
//! in place.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension};
use thiserror::Error;

/// The schema this code reads and writes. 2 added `runs.last_active`.
pub const SCHEMA_VERSION: i64 = 2;

/// An interrupted run is resumed only if it made progress this recently;
/// an older one is abandoned and the next run starts afresh, since what it
/// settled days ago is stale and skipping it as `done` would be wrong.
pub const RESUME_WITHIN: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// The state file inside an output folder.
pub fn state_path(out_dir: &Path) -> PathBuf {
    out_dir.join(".thresh").join("state.sqlite")
}

/// Why the state database could not be used.
#[derive(Debug, Error)]
pub enum StateError {
    /// SQLite failed (a locked, corrupt or unwritable database).
    #[error("{path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The folder for the database could not be created.
    #[error("{path}: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// Written by a newer `thresh` whose schema this one does not know.
    #[error("{path}: state schema version {found} is newer than this thresh understands ({SCHEMA_VERSION}); upgrade thresh")]
    Version {
        /// The database file.
        path: PathBuf,
        /// The version found.
        found: i64,
    },
}

/// What the state knows about one URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlState {
    /// Last successful refresh (fetched, or confirmed unchanged), Unix seconds.
    pub last_success: Option<i64>,
    /// `ETag` of the last good response.
    pub etag: Option<String>,
    /// `Last-Modified` of the last good response.
    pub last_modified: Option<String>,
    /// [`crate::store::content_hash`] of the stored article's text.
    pub text_hash: Option<String>,
    /// The run that last recorded an outcome for this URL.
    pub run_id: Option<i64>,
}

/// A URL's attempt history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempts {
    /// Refreshes tried, ever.
    pub attempts: i64,
    /// Failures in a row since the last success.
    pub failures: i64,
    /// The last failure's kind, while failing.
    pub error_kind: Option<String>,
    /// The last failure's message, while failing.
    pub last_error: Option<String>,
    /// The last HTTP status.
    pub status: Option<i64>,
}

/// One outcome to record.
#[derive(Debug, Clone)]
pub enum Record {
    /// The article is current: fetched and saved, unchanged, or 304.
    Success {
        /// Normalised URL.
        url: String,
        /// HTTP status (200, 304...).
        status: u16,
        /// Validators to send next time.
        etag: Option<String>,
        /// Validators to send next time.
        last_modified: Option<String>,
        /// Hash of the stored text.
        text_hash: Option<String>,
    },
    /// The refresh failed; the stored article (if any) is untouched.
    Failure {
        /// Normalised URL.
        url: String,
        /// HTTP status, when the failure was one.
        status: Option<u16>,
        /// [`crate::fetch::FetchError::kind`].
        kind: String,
        /// The full message.
        message: String,
    },
}

/// A run: one pass over a list. An interrupted run is resumed by the next
/// run with the same key, within [`RESUME_WITHIN`] of its last progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Row id.
    pub id: i64,
    /// Whether this continues an interrupted run.
    pub resumed: bool,
    /// When the run (the original, if resumed) started, Unix seconds.
    pub started: i64,
    /// An interrupted run with this key that was too old to resume: when it
    /// last made progress, Unix seconds.
    pub abandoned: Option<i64>,
}

/// Now, in Unix seconds.
pub fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// One connection to the state database.
#[derive(Debug)]
pub struct State {
    conn: Connection,
    path: PathBuf,
}

impl State {
    /// Opens (creating if needed) the state of the store in `out_dir`.
    pub fn open(out_dir: &Path) -> Result<State, StateError> {
        let path = state_path(out_dir);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| StateError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let conn = Connection::open(&path).map_err(|source| StateError::Sqlite {
            path: path.clone(),
            source,
        })?;
        let state = State { conn, path };
        state.init()?;
        Ok(state)
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> StateError + '_ {
        |source| StateError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn init(&self) -> Result<(), StateError> {
        let err = self.err();
        // Another connection (the reader, or a second thresh) may hold the
        // lock for a moment; wait rather than fail.
        self.conn
            .busy_timeout(std::time::Duration::from_secs(30))
            .map_err(&err)?;
        self.conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(&err)?;
        self.conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(&err)?;
        let version = self.version()?;
        if version < SCHEMA_VERSION {
            // Other connections (the run's list reader, a process watching
            // the state) may open a new database at the same moment: the
            // version is read again under the write lock, so exactly one
            // of them upgrades it and the others see it done.
            self.conn.execute_batch("BEGIN IMMEDIATE").map_err(&err)?;
            let upgraded = self.upgrade();
            let end = if upgraded.is_ok() {
                "COMMIT"
            } else {
                "ROLLBACK"
            };
            self.conn.execute_batch(end).map_err(&err)?;
            upgraded?;
        }
        Ok(())
    }

    fn version(&self) -> Result<i64, StateError> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(self.err())?;
        if version > SCHEMA_VERSION {
            return Err(StateError::Version {
                path: self.path.clone(),
                found: version,
            });
        }
        Ok(version)
    }

    /// Brings the schema to [`SCHEMA_VERSION`], inside a write transaction.
    fn upgrade(&self) -> Result<(), StateError> {
        let err = self.err();
        let version = self.version()?;
        if version < 1 {
            self.conn
                .execute_batch(
                    "CREATE TABLE IF NOT EXISTS urls (
                         url TEXT PRIMARY KEY NOT NULL,
                         last_attempt INTEGER,
                         last_success INTEGER,
                         status INTEGER,
                         etag TEXT,
                         last_modified TEXT,
                         text_hash TEXT,
                         attempts INTEGER NOT NULL DEFAULT 0,
                         failures INTEGER NOT NULL DEFAULT 0,
                         error_kind TEXT,
                         last_error TEXT,
                         run_id INTEGER
                     ) WITHOUT ROWID;
                     CREATE TABLE IF NOT EXISTS runs (
                         id INTEGER PRIMARY KEY,
                         key TEXT NOT NULL,
                         started INTEGER NOT NULL,
                         finished INTEGER
                     );
                     CREATE INDEX IF NOT EXISTS runs_key ON runs(key, finished);
                     PRAGMA user_version = 1;",
                )
                .map_err(&err)?;
        }
        if version < 2 {
            self.conn
                .execute_batch(
                    "ALTER TABLE runs ADD COLUMN last_active INTEGER;
                     PRAGMA user_version = 2;",
                )
                .map_err(&err)?;
        }
        Ok(())
    }

    /// What is known about `url` (normalised), if anything.
    pub fn lookup(&self, url: &str) -> Result<Option<UrlState>, StateError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT last_success, etag, last_modified, text_hash, run_id
                 FROM urls WHERE url = ?1",
            )
            .map_err(self.err())?;
        stmt.query_row([url], |r| {
            Ok(UrlState {
                last_success: r.get(0)?,
                etag: r.get(1)?,
                last_modified: r.get(2)?,
                text_hash: r.get(3)?,
                run_id: r.get(4)?,
            })
        })
        .optional()
        .map_err(self.err())
    }

    /// Starts a run for `key`, or resumes the latest unfinished run with
    /// that key (one that was interrupted) if it made progress within
    /// [`RESUME_WITHIN`]; an older one is closed and a new run started.
    pub fn begin_run(&self, key: &str) -> Result<Run, StateError> {
        let err = self.err();
        let now = now_secs();
        let open: Option<(i64, i64, i64)> = self
            .conn
            .query_row(
                "SELECT id, started, COALESCE(last_active, started) FROM runs
                 WHERE key = ?1 AND finished IS NULL ORDER BY id DESC LIMIT 1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(&err)?;
        let mut abandoned = None;
        if let Some((id, started, active)) = open {
            if now.saturating_sub(active) <= RESUME_WITHIN.as_secs() as i64 {
                return Ok(Run {
                    id,
                    resumed: true,
                    started,
                    abandoned: None,
                });
            }
            self.finish_run(id)?;
            abandoned = Some(active);
        }
        self.conn
            .execute(
                "INSERT INTO runs (key, started, last_active) VALUES (?1, ?2, ?2)",
                params![key, now],
            )
            .map_err(&err)?;
        Ok(Run {
            id: self.conn.last_insert_rowid(),
            resumed: false,
            started: now,
            abandoned,
        })
    }

    /// Marks a run complete: the next run with its key starts afresh.
    pub fn finish_run(&self, run: i64) -> Result<(), StateError> {
        self.conn
            .execute(
                "UPDATE runs SET finished = ?2 WHERE id = ?1",
                params![run, now_secs()],
            )
            .map(drop)
            .map_err(self.err())
    }

    /// Records outcomes of `run`, all in one transaction, stamped `at`
    /// (Unix seconds). A failure leaves the validators, text hash and last
    /// success as they were: they still describe the stored article.
    pub fn record(&mut self, run: i64, at: i64, records: &[Record]) -> Result<(), StateError> {
        let path = self.path.clone();
        let err = |source| StateError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut ok = tx
                .prepare_cached(
                    "INSERT INTO urls (url, last_attempt, last_success, status, etag,
                         last_modified, text_hash, attempts, failures, run_id)
                     VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, 1, 0, ?7)
                     ON CONFLICT(url) DO UPDATE SET
                         last_attempt = ?2, last_success = ?2, status = ?3,
                         etag = ?4, last_modified = ?5, text_hash = ?6,
                         attempts = attempts + 1, failures = 0,
                         error_kind = NULL, last_error = NULL, run_id = ?7",
                )
                .map_err(err)?;
            let mut failed = tx
                .prepare_cached(
                    "INSERT INTO urls (url, last_attempt, status, attempts, failures,
                         error_kind, last_error, run_id)
                     VALUES (?1, ?2, ?3, 1, 1, ?4, ?5, ?6)
                     ON CONFLICT(url) DO UPDATE SET
                         last_attempt = ?2, status = ?3,
                         attempts = attempts + 1, failures = failures + 1,
                         error_kind = ?4, last_error = ?5, run_id = ?6",
                )
                .map_err(err)?;
            for record in records {
                match record {
                    Record::Success {
                        url,
                        status,
                        etag,
                        last_modified,
                        text_hash,
                    } => ok.execute(params![
                        url,
                        at,
                        status,
                        etag,
                        last_modified,
                        text_hash,
                        run
                    ]),
                    Record::Failure {
                        url,
                        status,
                        kind,
                        message,
                    } => failed.execute(params![url, at, status, kind, message, run]),
                }
                .map_err(err)?;
            }
            tx.execute(
                "UPDATE runs SET last_active = ?2 WHERE id = ?1",
                params![run, at],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// The attempt history of `url`; for diagnostics and tests.
    pub fn attempts(&self, url: &str) -> Result<Option<Attempts>, StateError> {
        self.conn
            .query_row(
                "SELECT attempts, failures, error_kind, last_error, status FROM urls WHERE url = ?1",
                [url],
                |r| {
                    Ok(Attempts {
                        attempts: r.get(0)?,
                        failures: r.get(1)?,
                        error_kind: r.get(2)?,
                        last_error: r.get(3)?,
                        status: r.get(4)?,
                    })
                },
            )
            .optional()
            .map_err(self.err())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn success(url: &str, hash: &str) -> Record {
        Record::Success {
            url: url.into(),
            status: 200,
            etag: Some("\"e1\"".into()),
            last_modified: None,
            text_hash: Some(hash.into()),
        }
    }

    #[test]
    fn success_then_failure_keeps_validators_and_counts_attempts() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = State::open(dir.path()).unwrap();
        let run = state.begin_run("k").unwrap();
        state
            .record(run.id, 100, &[success("https://a.test/x", "h1")])
            .unwrap();
        state
            .record(
                run.id,
                200,
                &[Record::Failure {
                    url: "https://a.test/x".into(),
                    status: Some(503),
                    kind: "status".into(),
                    message: "https://a.test/x: http status 503".into(),
                }],
            )
            .unwrap();
        let s = state.lookup("https://a.test/x").unwrap().unwrap();
        assert_eq!(s.last_success, Some(100));
        assert_eq!(s.etag.as_deref(), Some("\"e1\""));
        assert_eq!(s.text_hash.as_deref(), Some("h1"));
        let a = state.attempts("https://a.test/x").unwrap().unwrap();
        assert_eq!((a.attempts, a.failures), (2, 1));
        assert_eq!(a.error_kind.as_deref(), Some("status"));
        assert_eq!(a.status, Some(503));
        assert_eq!(state.lookup("https://a.test/other").unwrap(), None);
    }

    #[test]
    fn unfinished_runs_are_resumed_and_finished_ones_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let state = State::open(dir.path()).unwrap();
        let first = state.begin_run("list-a").unwrap();
        assert!(!first.resumed);
        let again = state.begin_run("list-a").unwrap();
        assert_eq!((again.id, again.resumed), (first.id, true));
        assert!(!state.begin_run("list-b").unwrap().resumed);
        state.finish_run(first.id).unwrap();
        let next = state.begin_run("list-a").unwrap();
        assert!(!next.resumed && next.id != first.id);
    }

    #[test]
    fn a_run_idle_for_too_long_is_not_resumed() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = State::open(dir.path()).unwrap();
        let old = state.begin_run("k").unwrap();
        let long_ago = now_secs() - RESUME_WITHIN.as_secs() as i64 - 60;
        state
            .record(old.id, long_ago, &[success("https://a.test/x", "h")])
            .unwrap();
        state
            .conn
            .execute("UPDATE runs SET started = ?1", [long_ago])
            .unwrap();
        let next = state.begin_run("k").unwrap();
        assert!(!next.resumed && next.id != old.id);
        assert_eq!(next.abandoned, Some(long_ago));
        // Recent progress keeps a run resumable, however old its start.
        let again = state.begin_run("k").unwrap();
        assert_eq!(
            (again.id, again.resumed, again.abandoned),
            (next.id, true, None)
        );
    }

    #[test]
    fn a_version_1_database_is_upgraded() {
        let dir = tempfile::tempdir().unwrap();
        let path = state_path(dir.path());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE runs (id INTEGER PRIMARY KEY, key TEXT NOT NULL,
                 started INTEGER NOT NULL, finished INTEGER);
             INSERT INTO runs (key, started) VALUES ('k', strftime('%s','now'));
             PRAGMA user_version = 1;",
        )
        .unwrap();
        drop(conn);
        let state = State::open(dir.path()).unwrap();
        // The interrupted version-1 run is still resumed.
        assert!(state.begin_run("k").unwrap().resumed);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        drop(State::open(dir.path()).unwrap());
        let conn = Connection::open(state_path(dir.path())).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = State::open(dir.path()).unwrap_err();
        assert!(
            matches!(err, StateError::Version { found: 99, .. }),
            "{err}"
        );
    }
}
