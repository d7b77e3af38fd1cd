//! Refresh state and a work queue in PostgreSQL (`--state postgres://...`),
//! shared by any number of `thresh refresh` workers on any number of
//! machines. The embedded SQLite state ([`super::state`]) keeps one run per
//! folder; this one lets many processes work through one list together.
//!
//! Why it is built this way:
//! - Every step is one SQL statement (data-modifying CTEs), so it is atomic
//!   without an explicit transaction and one connection can pipeline the
//!   statements of all a worker's tasks.
//! - A claim takes hosts, not URLs: it locks hosts whose `next_allowed_at`
//!   has passed and that nobody holds (`FOR UPDATE SKIP LOCKED`, so workers
//!   never wait on each other), leases each for this worker and leases one
//!   queued URL of each. Politeness is thus the claim itself: one request
//!   at a time per host across all workers, and the next one only after the
//!   host's delay has passed since the last one finished.
//! - Leases expire: a worker killed mid-request leaves its URLs and hosts
//!   leased until `lease_until`, then any worker claims them again.
//! - A URL is marked `done` in the same statement that releases its host,
//!   and only after its article was saved (or nothing needed saving): a
//!   killed worker's URL is never done, it comes back.
//! - Loading is idempotent: a URL already queued, leased or settled in the
//!   same run is left alone, so two workers given the same list queue it
//!   once, and a worker that joins late does not redo what others did.
//! - A host with nothing queued is marked `idle` when its last URL is
//!   settled, so claims walk only hosts with work (an index on
//!   `next_allowed_at` of the busy ones); loading marks its hosts busy.
//! - Times are the database's clock (`clock_timestamp()`), so the machines'
//!   clocks never have to agree.
//! - The schema is versioned in `thresh_schema`; the tool creates and
//!   upgrades it under an advisory lock, and refuses a newer one.

use std::time::Duration;

use thiserror::Error;
use tokio_postgres::{Client, NoTls};
use url::Url;

use super::state::{Record, UrlState};

/// The schema this code reads and writes.
pub const SCHEMA_VERSION: i32 = 1;

/// Advisory lock key for schema changes and run creation ("thresh" in ASCII).
const LOCK_KEY: i64 = 0x7468_7265_7368;

/// Why the shared state could not be used. Every variant names the database
/// with its password hidden.
#[derive(Debug, Error)]
pub enum SharedError {
    /// `--state` is not a PostgreSQL URL.
    #[error("--state {0}: not a PostgreSQL URL (postgres://user:password@host:port/database)")]
    BadUrl(String),
    /// The server could not be reached or refused the login.
    // The driver's error is printed with its causes here (`cause`, not
    // `source`), so the message is whole however it is printed, and says
    // each part once.
    #[error("cannot connect to the refresh state database {db}: {}", chain(cause))]
    Connect {
        /// The database, password hidden.
        db: String,
        /// What the driver said.
        cause: tokio_postgres::Error,
    },
    /// A statement failed.
    #[error("refresh state database {db}: cannot {what}: {}", chain(cause))]
    Query {
        /// The database, password hidden.
        db: String,
        /// What was being done.
        what: &'static str,
        /// What the server said.
        cause: tokio_postgres::Error,
    },
    /// Written by a newer `thresh`.
    #[error("refresh state database {db}: schema version {found} is newer than this thresh understands ({SCHEMA_VERSION}); upgrade thresh")]
    Version {
        /// The database, password hidden.
        db: String,
        /// The version found.
        found: i32,
    },
}

/// `e` and its causes, `: `-separated (the driver's own message names only
/// the step: "error connecting to server").
fn chain(e: &tokio_postgres::Error) -> String {
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// `url` with its password replaced by `***`, for messages.
pub fn redact_db_url(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        Ok(u) => u.to_string(),
        Err(_) => "(unparsable database URL)".to_string(),
    }
}

/// Whether `text` is a URL `--state` accepts.
pub fn is_postgres_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

/// A URL to load into the queue.
#[derive(Debug, Clone)]
pub struct Enqueue {
    /// Normalised, without credentials: the state's key.
    pub url: String,
    /// `host:port`, the unit of politeness.
    pub host: String,
    /// The URL to request when it differs from `url` (it has credentials).
    pub fetch_url: Option<String>,
    /// Its line in the list.
    pub line: u64,
}

/// A URL this worker leased.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// The state's key.
    pub url: String,
    /// What to request.
    pub fetch_url: String,
    /// `host:port`.
    pub host: String,
    /// Its line in the list.
    pub line: u64,
    /// What the state knew of it before.
    pub prev: Option<UrlState>,
}

/// Where a run's queue stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Remaining {
    /// URLs queued or leased (by anyone, lease expired or not).
    pub open: i64,
    /// Whether the whole list has been loaded by some worker.
    pub loaded: bool,
}

/// One connection to the shared state, for one worker.
pub struct SharedState {
    client: Client,
    db: String,
    worker: String,
}

impl std::fmt::Debug for SharedState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedState")
            .field("db", &self.db)
            .field("worker", &self.worker)
            .finish()
    }
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

impl SharedState {
    /// Connects (within 10 s unless the URL sets `connect_timeout`), and
    /// creates or upgrades the schema. Call inside a tokio runtime: the
    /// connection is driven by a task of its own.
    pub async fn connect(url: &str) -> Result<SharedState, SharedError> {
        let db = redact_db_url(url);
        if !is_postgres_url(url) {
            return Err(SharedError::BadUrl(db));
        }
        let mut config: tokio_postgres::Config =
            url.parse().map_err(|cause| SharedError::Connect {
                db: db.clone(),
                cause,
            })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        config.application_name("thresh refresh");
        let (client, connection) =
            config
                .connect(NoTls)
                .await
                .map_err(|cause| SharedError::Connect {
                    db: db.clone(),
                    cause,
                })?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::error!("refresh state database connection: {e}");
            }
        });
        let host = std::fs::read_to_string("/etc/hostname")
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|_| "host".to_string());
        let worker = format!("{host}:{}:{:x}", std::process::id(), rand_tag());
        let state = SharedState { client, db, worker };
        state.migrate().await?;
        Ok(state)
    }

    /// This worker's name in leases: host name, process id and a random tag.
    pub fn worker(&self) -> &str {
        &self.worker
    }

    /// The database, password hidden.
    pub fn db(&self) -> &str {
        &self.db
    }

    fn err(&self, what: &'static str) -> impl Fn(tokio_postgres::Error) -> SharedError + '_ {
        move |cause| SharedError::Query {
            db: self.db.clone(),
            what,
            cause,
        }
    }

    async fn migrate(&self) -> Result<(), SharedError> {
        // Several workers start at once: one creates the schema, the others
        // wait on the lock and then find it done.
        let err = self.err("create the schema");
        self.client
            .batch_execute(&format!(
                "BEGIN;
                 SELECT pg_advisory_xact_lock({LOCK_KEY});
                 CREATE TABLE IF NOT EXISTS thresh_schema (version integer NOT NULL);
                 INSERT INTO thresh_schema (version)
                     SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM thresh_schema);
                 COMMIT;"
            ))
            .await
            .map_err(&err)?;
        let found: i32 = self
            .client
            .query_one("SELECT version FROM thresh_schema", &[])
            .await
            .map_err(&err)?
            .get(0);
        if found > SCHEMA_VERSION {
            return Err(SharedError::Version {
                db: self.db.clone(),
                found,
            });
        }
        if found == SCHEMA_VERSION {
            return Ok(());
        }
        // Each step runs only if the version (read again under the lock) is
        // below it; later versions add steps here.
        self.client
            .batch_execute(&format!(
                "BEGIN;
                 SELECT pg_advisory_xact_lock({LOCK_KEY});
                 DO $$ BEGIN
                 IF (SELECT version FROM thresh_schema) < 1 THEN
                     CREATE TABLE thresh_runs (
                         id bigserial PRIMARY KEY,
                         key text NOT NULL,
                         started timestamptz NOT NULL DEFAULT clock_timestamp(),
                         loaded timestamptz,
                         finished timestamptz
                     );
                     CREATE UNIQUE INDEX thresh_runs_open ON thresh_runs (key) WHERE finished IS NULL;
                     CREATE TABLE thresh_hosts (
                         host text PRIMARY KEY,
                         next_allowed_at timestamptz NOT NULL DEFAULT '-infinity',
                         leased_until timestamptz,
                         lease_owner text,
                         idle boolean NOT NULL DEFAULT false
                     );
                     CREATE INDEX thresh_hosts_due ON thresh_hosts (next_allowed_at) WHERE NOT idle;
                     CREATE TABLE thresh_urls (
                         url text PRIMARY KEY,
                         host text NOT NULL,
                         fetch_url text,
                         line bigint NOT NULL DEFAULT 0,
                         run_id bigint,
                         state text NOT NULL DEFAULT 'queued'
                             CHECK (state IN ('queued', 'leased', 'done', 'failed')),
                         lease_until timestamptz,
                         lease_owner text,
                         last_attempt timestamptz,
                         last_success timestamptz,
                         status integer,
                         etag text,
                         last_modified text,
                         text_hash text,
                         attempts integer NOT NULL DEFAULT 0,
                         failures integer NOT NULL DEFAULT 0,
                         error_kind text,
                         last_error text
                     );
                     CREATE INDEX thresh_urls_open ON thresh_urls (host, run_id, line)
                         WHERE state IN ('queued', 'leased');
                     UPDATE thresh_schema SET version = 1;
                 END IF;
                 END $$;
                 COMMIT;"
            ))
            .await
            .map_err(self.err("upgrade the schema"))?;
        Ok(())
    }

    /// Joins the open run with `key` (another worker's, over the same list),
    /// or starts one. Returns its id and whether its list is already loaded.
    pub async fn begin_run(&self, key: &str) -> Result<(i64, bool), SharedError> {
        let err = self.err("start a run");
        // The unique index on open runs' keys makes the insert a no-op when
        // a run is open; the run may finish between the two statements (its
        // last URL settled), then a new one is started.
        loop {
            self.client
                .execute(
                    "INSERT INTO thresh_runs (key) VALUES ($1)
                     ON CONFLICT (key) WHERE finished IS NULL DO NOTHING",
                    &[&key],
                )
                .await
                .map_err(&err)?;
            let row = self
                .client
                .query_opt(
                    "SELECT id, loaded IS NOT NULL FROM thresh_runs
                     WHERE key = $1 AND finished IS NULL",
                    &[&key],
                )
                .await
                .map_err(&err)?;
            if let Some(row) = row {
                return Ok((row.get(0), row.get(1)));
            }
        }
    }

    /// Queues `urls` for `run`; a URL already in this run (queued, leased or
    /// settled), leased by another run, or refreshed after `fresh_after`
    /// (Unix seconds) is left as it is. Returns how many were queued.
    pub async fn enqueue(
        &self,
        run: i64,
        urls: &[Enqueue],
        fresh_after: Option<i64>,
    ) -> Result<u64, SharedError> {
        let mut urls: Vec<&Enqueue> = urls.iter().collect();
        // One order for every worker, so concurrent loads of the same list
        // lock rows in the same order and cannot deadlock.
        urls.sort_by(|a, b| a.url.cmp(&b.url));
        let keys: Vec<&str> = urls.iter().map(|u| u.url.as_str()).collect();
        let hosts: Vec<&str> = urls.iter().map(|u| u.host.as_str()).collect();
        let fetch: Vec<Option<&str>> = urls.iter().map(|u| u.fetch_url.as_deref()).collect();
        let lines: Vec<i64> = urls.iter().map(|u| u.line as i64).collect();
        let fresh = fresh_after.map(|s| s as f64);
        let n = self
            .client
            .execute(
                "WITH input AS (
                     SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::int8[])
                         AS i(url, host, fetch_url, line)),
                 hosts AS (INSERT INTO thresh_hosts AS h (host)
                     SELECT DISTINCT host FROM input ORDER BY host
                     ON CONFLICT (host) DO UPDATE SET idle = false WHERE h.idle)
                 INSERT INTO thresh_urls AS u (url, host, fetch_url, line, run_id, state)
                 SELECT url, host, fetch_url, line, $1, 'queued' FROM input ORDER BY url
                 ON CONFLICT (url) DO UPDATE SET
                     run_id = EXCLUDED.run_id, state = 'queued', host = EXCLUDED.host,
                     fetch_url = EXCLUDED.fetch_url, line = EXCLUDED.line,
                     lease_until = NULL, lease_owner = NULL
                 WHERE u.run_id IS DISTINCT FROM EXCLUDED.run_id
                   AND u.state <> 'leased'
                   AND ($6::float8 IS NULL OR u.last_success IS NULL
                        OR u.last_success <= to_timestamp($6::float8))",
                &[&run, &keys, &hosts, &fetch, &lines, &fresh],
            )
            .await
            .map_err(self.err("queue the list"))?;
        Ok(n)
    }

    /// Records that `run`'s whole list is queued, so workers that join
    /// later need not read it again, and a run can end.
    pub async fn mark_loaded(&self, run: i64) -> Result<(), SharedError> {
        self.client
            .execute(
                "UPDATE thresh_runs SET loaded = clock_timestamp() WHERE id = $1 AND loaded IS NULL",
                &[&run],
            )
            .await
            .map_err(self.err("mark the list loaded"))?;
        Ok(())
    }

    /// Leases up to `max` URLs of `run`, each of a different host that is
    /// free and whose delay has passed, for `lease`.
    pub async fn claim(
        &self,
        run: i64,
        max: usize,
        lease: Duration,
    ) -> Result<Vec<Claimed>, SharedError> {
        let rows = self
            .client
            .query(
                "WITH h AS (
                     SELECT h.host FROM thresh_hosts h
                     WHERE NOT h.idle AND h.next_allowed_at <= clock_timestamp()
                       AND (h.leased_until IS NULL OR h.leased_until < clock_timestamp())
                       AND EXISTS (SELECT 1 FROM thresh_urls q
                                   WHERE q.host = h.host AND q.run_id = $1
                                     AND q.state IN ('queued', 'leased')
                                     AND (q.state = 'queued' OR q.lease_until < clock_timestamp()))
                     ORDER BY h.next_allowed_at
                     LIMIT $2
                     FOR UPDATE SKIP LOCKED),
                 picked AS (
                     SELECT p.url, h.host FROM h CROSS JOIN LATERAL (
                         SELECT q.url FROM thresh_urls q
                         WHERE q.host = h.host AND q.run_id = $1
                           AND q.state IN ('queued', 'leased')
                           AND (q.state = 'queued' OR q.lease_until < clock_timestamp())
                         ORDER BY q.line LIMIT 1
                         FOR UPDATE SKIP LOCKED) p),
                 hosts AS (
                     UPDATE thresh_hosts t
                     SET leased_until = clock_timestamp() + make_interval(secs => $3),
                         lease_owner = $4
                     FROM picked WHERE t.host = picked.host)
                 UPDATE thresh_urls u
                 SET state = 'leased', lease_until = clock_timestamp() + make_interval(secs => $3),
                     lease_owner = $4
                 FROM picked WHERE u.url = picked.url
                 RETURNING u.url, COALESCE(u.fetch_url, u.url), u.host, u.line,
                     extract(epoch FROM u.last_success)::int8, u.etag, u.last_modified,
                     u.text_hash, u.attempts",
                &[&run, &(max as i64), &secs(lease), &self.worker],
            )
            .await
            .map_err(self.err("claim URLs"))?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let attempts: i32 = r.get(8);
                let prev = UrlState {
                    last_success: r.get(4),
                    etag: r.get(5),
                    last_modified: r.get(6),
                    text_hash: r.get(7),
                    run_id: None,
                };
                Claimed {
                    url: r.get(0),
                    fetch_url: r.get(1),
                    host: r.get(2),
                    line: r.get::<_, i64>(3) as u64,
                    prev: (attempts > 0 || prev != UrlState::default()).then_some(prev),
                }
            })
            .collect())
    }

    /// Settles a leased URL with its outcome and frees its host until
    /// `delay` from now. Returns false when the lease was lost (it expired
    /// and another worker took the URL): then nothing is changed.
    pub async fn complete(
        &self,
        claimed: &Claimed,
        record: &Record,
        delay: Duration,
    ) -> Result<bool, SharedError> {
        let (state, status, etag, last_modified, text_hash, kind, message) = match record {
            Record::Success {
                status,
                etag,
                last_modified,
                text_hash,
                ..
            } => (
                "done",
                Some(i32::from(*status)),
                etag.as_deref(),
                last_modified.as_deref(),
                text_hash.as_deref(),
                None,
                None,
            ),
            Record::Failure {
                status,
                kind,
                message,
                ..
            } => (
                "failed",
                status.map(i32::from),
                None,
                None,
                None,
                Some(kind.as_str()),
                Some(message.as_str()),
            ),
        };
        let row = self
            .client
            .query_one(
                "WITH u AS (
                     UPDATE thresh_urls SET
                         state = $3, lease_until = NULL, lease_owner = NULL,
                         last_attempt = clock_timestamp(),
                         last_success = CASE WHEN $3 = 'done' THEN clock_timestamp() ELSE last_success END,
                         status = COALESCE($4, status),
                         etag = CASE WHEN $3 = 'done' THEN $5 ELSE etag END,
                         last_modified = CASE WHEN $3 = 'done' THEN $6 ELSE last_modified END,
                         text_hash = CASE WHEN $3 = 'done' THEN $7 ELSE text_hash END,
                         attempts = attempts + 1,
                         failures = CASE WHEN $3 = 'done' THEN 0 ELSE failures + 1 END,
                         error_kind = $8, last_error = $9
                     WHERE url = $1 AND state = 'leased' AND lease_owner = $2
                     RETURNING host),
                 h AS (
                     UPDATE thresh_hosts h SET leased_until = NULL, lease_owner = NULL,
                         next_allowed_at = clock_timestamp() + make_interval(secs => $10),
                         idle = NOT EXISTS (SELECT 1 FROM thresh_urls q
                                            WHERE q.host = h.host AND q.state = 'queued')
                     FROM u WHERE h.host = u.host AND h.lease_owner = $2)
                 SELECT count(*) FROM u",
                &[
                    &claimed.url,
                    &self.worker,
                    &state,
                    &status,
                    &etag,
                    &last_modified,
                    &text_hash,
                    &kind,
                    &message,
                    &secs(delay),
                ],
            )
            .await
            .map_err(self.err("record an outcome"))?;
        Ok(row.get::<_, i64>(0) > 0)
    }

    /// Gives a leased URL back untouched (the run was stopped before its
    /// request), and frees its host at once.
    pub async fn release(&self, claimed: &Claimed) -> Result<(), SharedError> {
        self.client
            .execute(
                "WITH u AS (
                     UPDATE thresh_urls SET state = 'queued', lease_until = NULL, lease_owner = NULL
                     WHERE url = $1 AND state = 'leased' AND lease_owner = $2 RETURNING host)
                 UPDATE thresh_hosts h SET leased_until = NULL, lease_owner = NULL
                 FROM u WHERE h.host = u.host AND h.lease_owner = $2",
                &[&claimed.url, &self.worker],
            )
            .await
            .map_err(self.err("give back a URL"))?;
        Ok(())
    }

    /// Marks hosts busy again that were marked idle while a URL was being
    /// queued for them (the two statements raced): claims skip idle hosts,
    /// so an idle worker with work still open calls this.
    pub async fn wake(&self) -> Result<u64, SharedError> {
        self.client
            .execute(
                "UPDATE thresh_hosts h SET idle = false
                 WHERE h.idle AND EXISTS (SELECT 1 FROM thresh_urls q
                                          WHERE q.host = h.host AND q.state IN ('queued', 'leased'))",
                &[],
            )
            .await
            .map_err(self.err("wake hosts"))
    }

    /// How much of `run` is still open.
    pub async fn remaining(&self, run: i64) -> Result<Remaining, SharedError> {
        let row = self
            .client
            .query_one(
                "SELECT (SELECT count(*) FROM thresh_urls
                         WHERE run_id = $1 AND state IN ('queued', 'leased')),
                        (SELECT loaded IS NOT NULL FROM thresh_runs WHERE id = $1)",
                &[&run],
            )
            .await
            .map_err(self.err("count what is left"))?;
        Ok(Remaining {
            open: row.get(0),
            loaded: row.get::<_, Option<bool>>(1).unwrap_or(false),
        })
    }

    /// Marks `run` finished if its list is loaded and nothing is open, so
    /// the next refresh of the same list starts a new pass.
    pub async fn finish_if_done(&self, run: i64) -> Result<bool, SharedError> {
        let n = self
            .client
            .execute(
                "UPDATE thresh_runs SET finished = clock_timestamp()
                 WHERE id = $1 AND finished IS NULL AND loaded IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM thresh_urls
                                   WHERE run_id = $1 AND state IN ('queued', 'leased'))",
                &[&run],
            )
            .await
            .map_err(self.err("finish the run"))?;
        Ok(n > 0)
    }
}

/// A random tag from the standard library's randomly keyed hasher: two
/// workers with the same host name and pid (containers) still differ.
fn rand_tag() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact_db_url("postgres://bob:s3cret@db.example:5432/crawl"),
            "postgres://bob:***@db.example:5432/crawl"
        );
        assert_eq!(
            redact_db_url("postgres://bob@db/crawl"),
            "postgres://bob@db/crawl"
        );
        assert!(is_postgres_url("postgresql://x/y"));
        assert!(!is_postgres_url("mysql://x/y"));
    }
}
