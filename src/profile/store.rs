//! Profiles kept for `thresh refresh`, in the refresh state's SQLite file
//! (`DIR/.thresh/state.sqlite`), in tables of their own with their own
//! schema version (the `profile_schema` table; the state's `user_version`
//! is the refresh state's).
//!
//! A refresh sees a host's pages one at a time, over many runs, and sees
//! the same URL again and again: so what each URL last showed is kept
//! (`profile_pages`: its text fingerprints and position keys), and a URL
//! seen again replaces its old contribution to the counts instead of
//! adding to it; counts are per page, never per fetch. A run reads the
//! profiles once, when it starts ([`ProfileDb::load`]), and records what it
//! sees for the next run, so its outputs do not depend on the order in
//! which its pages arrive.
//!
//! Size: a page costs 16 bytes a block, and a host stops taking new pages
//! at [`MAX_PAGES_PER_HOST`] (its profile is settled long before); texts
//! seen on one page keep no sample.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use thiserror::Error;

use super::{host_of, page_texts, sample_of, HostProfile, KeyStat, Profiles, TextStat, MIN_PAGES};
use crate::article::Article;
use crate::refresh::state::state_path;

/// The schema of the profile tables this code reads and writes.
pub const SCHEMA_VERSION: i64 = 1;

/// A host stops taking new pages into its profile at this many (pages seen
/// before still update): a few hundred pages settle what recurs on a site,
/// and the store stays bounded however long the list.
pub const MAX_PAGES_PER_HOST: u32 = 1000;

/// Why the profile tables could not be used.
#[derive(Debug, Error)]
pub enum ProfileDbError {
    /// SQLite failed.
    #[error("{path}: site profiles: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The folder holds no refresh state.
    #[error(
        "{dir}: no refresh state here (no {path}); run `thresh refresh --out-dir {dir}` first"
    )]
    Missing {
        /// The folder given.
        dir: PathBuf,
        /// Where the state was looked for.
        path: PathBuf,
    },
    /// The folder for the database could not be created.
    #[error("{path}: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// Written by a newer `thresh`.
    #[error("{path}: site profile schema version {found} is newer than this thresh understands ({SCHEMA_VERSION}); upgrade thresh")]
    Version {
        /// The database file.
        path: PathBuf,
        /// The version found.
        found: i64,
    },
}

/// What one page showed, ready to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    host: String,
    url: String,
    templated: bool,
    /// Distinct texts: fingerprint, words, key, sample.
    texts: Vec<(u64, u32, Option<String>, String)>,
}

impl Observation {
    /// What `article` shows its host's profile; `None` for a page without
    /// a host, a URL or text.
    pub fn of(article: &Article) -> Option<Observation> {
        if article.blocks.is_empty() {
            return None;
        }
        Some(Observation {
            host: host_of(article)?,
            url: article.url.clone()?,
            templated: super::templated(article),
            texts: page_texts(&article.blocks)
                .into_iter()
                .map(|(fp, words, b)| (fp, words as u32, b.path.clone(), sample_of(&b.text)))
                .collect(),
        })
    }
}

/// The profile tables of one store's state database.
#[derive(Debug)]
pub struct ProfileDb {
    conn: Connection,
    path: PathBuf,
}

impl ProfileDb {
    /// Opens (creating if needed) the profiles of the store in `out_dir`.
    pub fn open(out_dir: &Path) -> Result<ProfileDb, ProfileDbError> {
        let path = state_path(out_dir);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| ProfileDbError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        Self::open_file(path)
    }

    /// Opens the profiles of an existing store; an error naming the folder
    /// when it has no refresh state.
    pub fn open_existing(out_dir: &Path) -> Result<ProfileDb, ProfileDbError> {
        let path = state_path(out_dir);
        if !path.is_file() {
            return Err(ProfileDbError::Missing {
                dir: out_dir.to_path_buf(),
                path,
            });
        }
        Self::open_file(path)
    }

    fn open_file(path: PathBuf) -> Result<ProfileDb, ProfileDbError> {
        let conn = Connection::open(&path).map_err(|source| ProfileDbError::Sqlite {
            path: path.clone(),
            source,
        })?;
        let db = ProfileDb { conn, path };
        db.init()?;
        Ok(db)
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> ProfileDbError + '_ {
        |source| ProfileDbError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn init(&self) -> Result<(), ProfileDbError> {
        let err = self.err();
        // The refresh's own connections hold the lock for moments.
        self.conn
            .busy_timeout(std::time::Duration::from_secs(30))
            .map_err(&err)?;
        self.conn
            .execute_batch(
                "BEGIN IMMEDIATE;
                 CREATE TABLE IF NOT EXISTS profile_schema (version INTEGER NOT NULL);
                 COMMIT;",
            )
            .map_err(&err)?;
        let version: Option<i64> = self
            .conn
            .query_row("SELECT MAX(version) FROM profile_schema", [], |r| r.get(0))
            .map_err(&err)?;
        let version = version.unwrap_or(0);
        if version > SCHEMA_VERSION {
            return Err(ProfileDbError::Version {
                path: self.path.clone(),
                found: version,
            });
        }
        if version < 1 {
            self.conn
                .execute_batch(
                    "BEGIN IMMEDIATE;
                     CREATE TABLE IF NOT EXISTS profile_hosts (
                         host TEXT PRIMARY KEY NOT NULL,
                         pages INTEGER NOT NULL,
                         templated_pages INTEGER NOT NULL
                     ) WITHOUT ROWID;
                     CREATE TABLE IF NOT EXISTS profile_pages (
                         host TEXT NOT NULL,
                         url TEXT NOT NULL,
                         templated INTEGER NOT NULL,
                         entries BLOB NOT NULL,
                         PRIMARY KEY (host, url)
                     ) WITHOUT ROWID;
                     CREATE TABLE IF NOT EXISTS profile_texts (
                         host TEXT NOT NULL,
                         fp INTEGER NOT NULL,
                         pages INTEGER NOT NULL,
                         templated_pages INTEGER NOT NULL,
                         words INTEGER NOT NULL,
                         sample TEXT,
                         key TEXT,
                         PRIMARY KEY (host, fp)
                     ) WITHOUT ROWID;
                     CREATE TABLE IF NOT EXISTS profile_keys (
                         host TEXT NOT NULL,
                         keyhash INTEGER NOT NULL,
                         key TEXT NOT NULL,
                         pages INTEGER NOT NULL,
                         blocks INTEGER NOT NULL,
                         PRIMARY KEY (host, keyhash)
                     ) WITHOUT ROWID;
                     DELETE FROM profile_schema;
                     INSERT INTO profile_schema (version) VALUES (1);
                     COMMIT;",
                )
                .map_err(&err)?;
        }
        Ok(())
    }

    /// The profiles of every host with enough pages, holding only the texts
    /// that recur: what a run filters its pages with.
    pub fn load(&self) -> Result<Profiles, ProfileDbError> {
        let err = self.err();
        let mut stmt = self
            .conn
            .prepare("SELECT host, pages, templated_pages FROM profile_hosts WHERE pages >= ?1")
            .map_err(&err)?;
        let hosts: Vec<(String, u32, u32)> = stmt
            .query_map([MIN_PAGES], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(&err)?
            .collect::<Result<_, _>>()
            .map_err(&err)?;
        let mut profiles = Profiles::new();
        for (host, pages, templated_pages) in hosts {
            let mut profile = HostProfile {
                pages,
                templated_pages,
                ..HostProfile::default()
            };
            profile.texts = self.texts(&host, least_recurring(pages))?;
            profiles.insert(host, profile);
        }
        Ok(profiles)
    }

    /// The profile of `host` for suggesting rules: its recurring texts and
    /// every position key. `None` when no page of it was recorded.
    pub fn load_host(&self, host: &str) -> Result<Option<HostProfile>, ProfileDbError> {
        let err = self.err();
        let Some((pages, templated_pages)) = self
            .conn
            .query_row(
                "SELECT pages, templated_pages FROM profile_hosts WHERE host = ?1",
                [host],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(&err)?
        else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare("SELECT key, pages, blocks FROM profile_keys WHERE host = ?1")
            .map_err(&err)?;
        let keys: HashMap<String, KeyStat> = stmt
            .query_map([host], |r| {
                Ok((
                    r.get(0)?,
                    KeyStat {
                        pages: r.get(1)?,
                        blocks: r.get(2)?,
                    },
                ))
            })
            .map_err(&err)?
            .collect::<Result<_, _>>()
            .map_err(&err)?;
        Ok(Some(HostProfile {
            pages,
            templated_pages,
            texts: self.texts(host, least_recurring(pages))?,
            keys,
        }))
    }

    fn texts(&self, host: &str, min: u32) -> Result<HashMap<u64, TextStat>, ProfileDbError> {
        let err = self.err();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT fp, pages, templated_pages, words, sample, key FROM profile_texts
                 WHERE host = ?1 AND pages >= ?2",
            )
            .map_err(&err)?;
        let rows = stmt
            .query_map(params![host, min], |r| {
                Ok((
                    r.get::<_, i64>(0)? as u64,
                    TextStat {
                        pages: r.get(1)?,
                        templated_pages: r.get(2)?,
                        words: r.get(3)?,
                        sample: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                        key: r.get(5)?,
                    },
                ))
            })
            .map_err(&err)?
            .collect::<Result<_, _>>()
            .map_err(&err);
        rows
    }

    /// Records what each page showed, in one transaction: a URL recorded
    /// before has its old contribution replaced.
    pub fn record(&mut self, pages: &[Observation]) -> Result<(), ProfileDbError> {
        if pages.is_empty() {
            return Ok(());
        }
        let path = self.path.clone();
        let err = |source| ProfileDbError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        for page in pages {
            record_one(&tx, page).map_err(err)?;
        }
        tx.commit().map_err(err)
    }
}

/// The fewest pages a text of a host of `pages` pages must be seen on to recur.
fn least_recurring(pages: u32) -> u32 {
    MIN_PAGES.max((pages * super::MIN_SHARE_PERCENT).div_ceil(100))
}

/// A key's hash for the page records (FNV-1a: stable across builds).
fn key_hash(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A page's texts as stored: (fingerprint, key hash or 0) pairs.
fn encode(entries: &[(u64, u64)]) -> Vec<u8> {
    entries
        .iter()
        .flat_map(|&(fp, key)| fp.to_le_bytes().into_iter().chain(key.to_le_bytes()))
        .collect()
}

fn decode(blob: &[u8]) -> Vec<(u64, u64)> {
    blob.chunks_exact(16)
        .map(|c| {
            let (fp, key) = c.split_at(8);
            (
                u64::from_le_bytes(fp.try_into().expect("8 bytes")),
                u64::from_le_bytes(key.try_into().expect("8 bytes")),
            )
        })
        .collect()
}

/// Key hashes of a page's entries, with how many texts each held.
fn key_counts(entries: &[(u64, u64)]) -> HashMap<u64, u32> {
    let mut out = HashMap::new();
    for &(_, key) in entries.iter().filter(|e| e.1 != 0) {
        *out.entry(key).or_default() += 1;
    }
    out
}

fn record_one(tx: &Transaction<'_>, page: &Observation) -> rusqlite::Result<()> {
    let host = page.host.as_str();
    let old: Option<(bool, Vec<u8>)> = tx
        .query_row(
            "SELECT templated, entries FROM profile_pages WHERE host = ?1 AND url = ?2",
            params![host, page.url],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let templated = i64::from(page.templated);
    match &old {
        Some((was_templated, blob)) => {
            let was = i64::from(*was_templated);
            let entries = decode(blob);
            let mut dec = tx.prepare_cached(
                "UPDATE profile_texts SET pages = pages - 1, templated_pages = templated_pages - ?3
                 WHERE host = ?1 AND fp = ?2",
            )?;
            let mut gone = tx.prepare_cached(
                "DELETE FROM profile_texts WHERE host = ?1 AND fp = ?2 AND pages <= 0",
            )?;
            for &(fp, _) in &entries {
                dec.execute(params![host, fp as i64, was])?;
                gone.execute(params![host, fp as i64])?;
            }
            let mut dec_key = tx.prepare_cached(
                "UPDATE profile_keys SET pages = pages - 1, blocks = blocks - ?3
                 WHERE host = ?1 AND keyhash = ?2",
            )?;
            for (key, n) in key_counts(&entries) {
                dec_key.execute(params![host, key as i64, n])?;
            }
            tx.execute(
                "DELETE FROM profile_keys WHERE host = ?1 AND pages <= 0",
                [host],
            )?;
            tx.execute(
                "UPDATE profile_hosts SET pages = pages - 1, templated_pages = templated_pages - ?2
                 WHERE host = ?1",
                params![host, was],
            )?;
        }
        None => {
            let seen: Option<u32> = tx
                .query_row(
                    "SELECT pages FROM profile_hosts WHERE host = ?1",
                    [host],
                    |r| r.get(0),
                )
                .optional()?;
            if seen.is_some_and(|n| n >= MAX_PAGES_PER_HOST) {
                return Ok(());
            }
        }
    }
    let mut add = tx.prepare_cached(
        "INSERT INTO profile_texts (host, fp, pages, templated_pages, words, sample, key)
         VALUES (?1, ?2, 1, ?3, ?4, NULL, NULL)
         ON CONFLICT(host, fp) DO UPDATE SET
             pages = pages + 1, templated_pages = templated_pages + ?3,
             sample = COALESCE(sample, ?5), key = COALESCE(key, ?6)",
    )?;
    let mut entries = Vec::with_capacity(page.texts.len());
    for (fp, words, key, sample) in &page.texts {
        add.execute(params![host, *fp as i64, templated, words, sample, key])?;
        entries.push((*fp, key.as_deref().map_or(0, key_hash)));
    }
    let mut add_key = tx.prepare_cached(
        "INSERT INTO profile_keys (host, keyhash, key, pages, blocks) VALUES (?1, ?2, ?3, 1, ?4)
         ON CONFLICT(host, keyhash) DO UPDATE SET pages = pages + 1, blocks = blocks + ?4",
    )?;
    let mut names: HashMap<u64, &str> = HashMap::new();
    for (_, _, key, _) in &page.texts {
        if let Some(key) = key {
            names.insert(key_hash(key), key);
        }
    }
    for (hash, n) in key_counts(&entries) {
        add_key.execute(params![host, hash as i64, names[&hash], n])?;
    }
    tx.execute(
        "INSERT INTO profile_hosts (host, pages, templated_pages) VALUES (?1, 1, ?2)
         ON CONFLICT(host) DO UPDATE SET pages = pages + 1, templated_pages = templated_pages + ?2",
        params![host, templated],
    )?;
    tx.execute(
        "INSERT INTO profile_pages (host, url, templated, entries) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(host, url) DO UPDATE SET templated = ?3, entries = ?4",
        params![host, page.url, templated, encode(&entries)],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Block, BlockKind, PageType};

    fn page(url: &str, texts: &[&str]) -> Article {
        let blocks: Vec<Block> = texts
            .iter()
            .map(|t| {
                let mut b = Block::plain(BlockKind::Paragraph, *t);
                b.path = Some("div.box".into());
                b
            })
            .collect();
        Article {
            url: Some(url.into()),
            page_type: Some(PageType::Article),
            blocks,
            ..Article::default()
        }
    }

    const PROMO: &str = "Get the best of the week in your inbox every Friday";

    #[test]
    fn pages_seen_again_replace_their_counts() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = ProfileDb::open(dir.path()).unwrap();
        let obs = |url: &str, texts: &[&str]| Observation::of(&page(url, texts)).unwrap();
        for round in 0..3 {
            let pages: Vec<Observation> = (0..3)
                .map(|i| {
                    let own = format!("Story {i}, round {round}, of the harbour wall");
                    obs(&format!("https://www.a.test/{i}"), &[&own, PROMO])
                })
                .collect();
            db.record(&pages).unwrap();
        }
        let profiles = db.load().unwrap();
        let a = profiles.get("a.test").expect("a.test profiled");
        assert_eq!(a.pages, 3, "three URLs, each counted once");
        let (fp, _) = super::super::fingerprint(PROMO).unwrap();
        assert_eq!(a.texts[&fp].pages, 3);
        assert_eq!(a.texts[&fp].sample, PROMO);
        assert_eq!(a.texts.len(), 1, "only what recurs is loaded");
        let full = db.load_host("a.test").unwrap().unwrap();
        assert_eq!(
            full.keys["div.box"],
            KeyStat {
                pages: 3,
                blocks: 6
            }
        );
        // A page that lost the promo takes its count with it.
        db.record(&[obs("https://www.a.test/0", &["Story zero, rewritten"])])
            .unwrap();
        let a = db.load_host("a.test").unwrap().unwrap();
        assert_eq!(a.pages, 3);
        assert!(
            !a.texts.contains_key(&fp),
            "on 2 of 3 pages now: no longer recurring"
        );
        assert_eq!(db.load_host("b.test").unwrap(), None);
    }

    #[test]
    fn a_missing_state_and_a_newer_schema_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = ProfileDb::open_existing(dir.path()).unwrap_err();
        assert!(err.to_string().contains("no refresh state"), "{err}");
        drop(ProfileDb::open(dir.path()).unwrap());
        let conn = Connection::open(state_path(dir.path())).unwrap();
        conn.execute("UPDATE profile_schema SET version = 9", [])
            .unwrap();
        drop(conn);
        assert!(matches!(
            ProfileDb::open_existing(dir.path()).unwrap_err(),
            ProfileDbError::Version { found: 9, .. }
        ));
    }

    #[test]
    fn page_entries_round_trip() {
        let e = vec![(1u64, 0u64), (u64::MAX, 7)];
        assert_eq!(decode(&encode(&e)), e);
    }
}
