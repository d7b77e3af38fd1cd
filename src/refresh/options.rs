//! How a refresh is asked for: its options, where its list comes from, and
//! the durations its flags take, apart from the machinery that runs it.

use std::io::{self, BufRead, BufReader};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::format::Format;

use super::progress::ProgressMode;

/// How a refresh runs.
#[derive(Debug, Clone)]
pub struct RefreshOptions {
    /// The store (articles, and the state in `.thresh/`).
    pub out_dir: PathBuf,
    /// Format of the article files.
    pub format: Format,
    /// Requests in flight at once, over all hosts.
    pub concurrency: usize,
    /// Pages extracted at once (CPU-bound: about the number of cores). The
    /// runtime's blocking pool should be larger, for the file writes.
    pub extract_jobs: usize,
    /// Skip URLs whose last success is more recent than this.
    pub max_age: Option<Duration>,
    /// Where to write the per-URL JSON lines report.
    pub report: Option<PathBuf>,
    /// How to show progress.
    pub progress: ProgressMode,
    /// Save an extraction that lost most of the stored article's words
    /// (normally refused as `shrunk`; see [`crate::store::check_shrinkage`]).
    pub accept_shrinkage: bool,
    /// Where the refresh state lives.
    pub state: StateLocation,
    /// With a shared state: how long a claimed URL stays this worker's
    /// before another may take it (a killed worker's URLs come back then).
    pub lease: Duration,
    /// Site profiles: drop what the store's profile says recurs on a host's
    /// pages, and record what each page shows for the next run
    /// (`--no-learn` turns it off; see [`crate::profile::store`]).
    pub learn: bool,
    /// Where to append every page downloaded, as WARC records (`--warc`).
    pub warc: Option<Arc<crate::warc::Writer>>,
}

/// Where the refresh state lives: the same run, behind one interface, on
/// either store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum StateLocation {
    /// SQLite in `DIR/.thresh/`: one run per folder at a time.
    #[default]
    Folder,
    /// PostgreSQL at this URL (`postgres://...`), with a work queue shared by
    /// any number of workers.
    Postgres(String),
}

/// The default [`RefreshOptions::lease`]: longer than any one URL's
/// fetch (with retries), extraction and save.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(600);

/// Where the list comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListSource {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl ListSource {
    /// `-` is stdin; anything else a file path.
    pub fn from_arg(arg: &str) -> Self {
        if arg == "-" {
            ListSource::Stdin
        } else {
            ListSource::File(PathBuf::from(arg))
        }
    }

    pub(super) fn open(&self) -> io::Result<Box<dyn BufRead + Send>> {
        Ok(match self {
            ListSource::Stdin => Box::new(BufReader::new(io::stdin())),
            ListSource::File(path) => Box::new(BufReader::new(std::fs::File::open(path)?)),
        })
    }

    /// How the list is named in messages.
    pub fn name(&self) -> String {
        match self {
            ListSource::Stdin => "-".to_string(),
            ListSource::File(path) => path.display().to_string(),
        }
    }

    /// Identifies "the same command" for resuming: the list's absolute path.
    pub(super) fn key(&self, format: Format) -> String {
        let list = match self {
            ListSource::Stdin => "-".to_string(),
            ListSource::File(p) => std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string(),
        };
        format!("{list}\t{}", format.extension())
    }

    /// Identifies "the same list" for workers sharing a database, possibly
    /// on other machines where its path differs: its file name and size.
    pub(super) fn shared_key(&self, format: Format) -> String {
        let list = match self {
            ListSource::Stdin => "-".to_string(),
            ListSource::File(p) => {
                let name = p.file_name().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let size = std::fs::metadata(p).map_or(0, |m| m.len());
                format!("{name}\t{size}")
            }
        };
        format!("{list}\t{}", format.extension())
    }
}

/// Parses a duration like `45s`, `30m`, `6h`, `2d`, `1w` or a sum of them
/// (`1h30m`); a bare number is seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || format!("{text:?} is not a duration (use e.g. 90s, 30m, 6h, 2d, 1w)");
    let text = text.trim();
    if text.is_empty() {
        return Err(bad());
    }
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return Err(bad()),
        };
        let n: u64 = digits.parse().map_err(|_| bad())?;
        digits.clear();
        total = n
            .checked_mul(unit)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(bad)?;
    }
    if !digits.is_empty() {
        return Err(bad());
    }
    Ok(Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("6h"), Ok(Duration::from_secs(6 * 3600)));
        assert_eq!(parse_duration("2d"), Ok(Duration::from_secs(2 * 86_400)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        for bad in ["", "h", "5x", "1h5", "-3h", "99999999999999999999w"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
