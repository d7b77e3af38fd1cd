//! File writes that never leave a half-written file: every output goes to a
//! temporary file in the same folder and is renamed into place, so a reader
//! (or a killed process) sees the old file or the new one, nothing in
//! between. A write can also be staged (written to its temporary file) and
//! committed later, so two files that belong together (an article and its
//! metadata) can be renamed in an order a later run knows how to finish.
//!
//! The data is not fsynced: that guards against power loss, not against a
//! crash or `kill -9`, and costs a disk flush per file, which on a bulk
//! refresh of thousands of articles dominated the time. Refresh state uses
//! SQLite's `synchronous=NORMAL`, the same trade.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Writes `contents` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    Staged::write(path, contents)?.commit()
}

/// A file written to its temporary name and not yet renamed into place.
/// Dropping it without [`Staged::commit`] deletes the temporary file.
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    path: PathBuf,
    committed: bool,
}

impl Staged {
    /// Writes `contents` to a temporary file beside `path` (creating parent
    /// folders); `path` itself is not touched yet.
    pub fn write(path: &Path, contents: &[u8]) -> std::io::Result<Staged> {
        let (staged, mut f) = Staged::create(path)?;
        // On failure `staged` is dropped, which removes the partial file.
        f.write_all(contents)?;
        Ok(staged)
    }

    /// Creates the temporary file beside `path` (creating parent folders)
    /// and returns it open for writing, for output written bit by bit
    /// (`extract`'s JSON Lines of a whole WARC file).
    pub fn create(path: &Path) -> std::io::Result<(Staged, std::fs::File)> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(
            ".{name}.{}.{}.tmp",
            own_pid(),
            TMP_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let staged = Staged {
            tmp,
            path: path.to_path_buf(),
            committed: false,
        };
        // The folder is made only when the file cannot be: a bulk run writes
        // thousands of files into one folder, and asking for it each time
        // was a system call per file.
        let f = match std::fs::File::create(&staged.tmp) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(dir)?;
                std::fs::File::create(&staged.tmp)?
            }
            other => other?,
        };
        Ok((staged, f))
    }

    /// Renames the temporary file into place.
    pub fn commit(mut self) -> std::io::Result<()> {
        std::fs::rename(&self.tmp, &self.path)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// This process's id, asked of the system once: it names every temporary
/// file, thousands in a bulk run.
fn own_pid() -> u32 {
    static PID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *PID.get_or_init(std::process::id)
}

/// The parts of a temporary file name of [`write_atomic`] or [`Staged`]:
/// `.<name>.<pid>.<n>.tmp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TempName<'a> {
    /// The name of the file it was going to become.
    pub target: &'a str,
    /// The process that wrote it.
    pub pid: u32,
}

impl<'a> TempName<'a> {
    /// Parses `name`; `None` when it is not such a temporary file.
    pub fn parse(name: &'a str) -> Option<TempName<'a>> {
        let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
        let mut parts = inner.rsplitn(3, '.');
        let numeric = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        // The counter that keeps one process's temporary names apart.
        parts.next().filter(|p| numeric(p))?;
        let pid = parts.next().filter(|p| numeric(p))?;
        let target = parts.next().filter(|n| !n.is_empty())?;
        Some(TempName {
            target,
            pid: pid.parse().ok()?,
        })
    }
}

/// Whether `name` is one of [`write_atomic`]'s temporary files
/// (`.<name>.<pid>.<n>.tmp`): left behind only when a process was killed
/// mid-write, and safe to delete once that process is gone.
pub fn is_temp_name(name: &str) -> bool {
    TempName::parse(name).is_some()
}

/// A temporary file older than this is a leftover whatever its process id
/// says (ids are reused; no write takes a day).
const ABANDONED_AFTER: Duration = Duration::from_secs(24 * 3600);

/// Whether a temporary file written by process `pid`, last modified at
/// `modified`, can no longer be finished by its writer: that process is
/// gone (where `/proc` says so), or the file is a day old. Without `/proc`
/// only files over an hour old count, so a concurrent writer's file is
/// never taken from under it.
pub fn is_abandoned(pid: u32, modified: SystemTime) -> bool {
    if pid == own_pid() {
        return false;
    }
    let age = SystemTime::now()
        .duration_since(modified)
        .unwrap_or(Duration::ZERO);
    if age >= ABANDONED_AFTER {
        return true;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        !proc.join(pid.to_string()).exists()
    } else {
        age >= Duration::from_secs(3600)
    }
}

static TMP_COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/out.txt");
        write_atomic(&p, b"first").unwrap();
        write_atomic(&p, b"second").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "second");
        let entries: Vec<_> = std::fs::read_dir(dir.path().join("sub")).unwrap().collect();
        assert_eq!(entries.len(), 1);
        assert!(is_temp_name(".out.txt.123.4.tmp"));
        assert_eq!(
            TempName::parse(".a.b.json.77.0.tmp"),
            Some(TempName {
                target: "a.b.json",
                pid: 77
            })
        );
        for name in [
            "out.txt",
            ".out.txt.tmp",
            ".out.txt.1.tmp",
            ".x.1.y.tmp",
            "a.1.2.tmp",
        ] {
            assert!(!is_temp_name(name), "{name}");
        }
    }

    #[test]
    fn a_staged_write_appears_only_on_commit_and_vanishes_if_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        let staged = Staged::write(&p, b"x").unwrap();
        assert!(!p.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"x");
        drop(Staged::write(&p, b"y").unwrap());
        assert_eq!(std::fs::read(&p).unwrap(), b"x");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn only_files_of_gone_or_ancient_writers_are_abandoned() {
        let now = SystemTime::now();
        assert!(!is_abandoned(std::process::id(), now));
        assert!(is_abandoned(
            std::process::id() + 1,
            now - ABANDONED_AFTER - Duration::from_secs(1)
        ));
        if Path::new("/proc/self").exists() {
            // A live process (pid 1 always is), a fresh file: not abandoned.
            assert!(!is_abandoned(1, now));
            assert!(is_abandoned(u32::MAX - 1, now));
        }
    }
}
