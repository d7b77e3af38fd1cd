//! One refresh per folder at a time. Two runs on one folder would fetch
//! every URL twice, race on each article's files, and one's clean-up of
//! temporary files could delete the other's. So a run holds an exclusive OS
//! lock on `DIR/.thresh/lock` for as long as it runs.
//!
//! The lock is the operating system's (`flock` on Unix, `LockFileEx` on
//! Windows), held through an open file: when the process ends in any way,
//! `kill -9` included, the OS releases it, so a crashed run never leaves a
//! stale lock behind. The file itself stays (deleting it would let a run
//! lock a file another run already unlinked); it holds the pid of the run
//! that last took it, so a refused run can say which process has the
//! folder.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

/// Why the folder could not be locked.
#[derive(Debug, Error)]
pub enum LockError {
    /// Another run holds the folder.
    #[error("{}: another thresh refresh is running on this folder ({}); one run per folder at a time", dir.display(), holder(*pid))]
    Busy {
        /// The output folder.
        dir: PathBuf,
        /// The process that holds it, when it could be read.
        pid: Option<u32>,
    },
    /// The lock file could not be opened or locked.
    #[error("{}: cannot lock: {source}", path.display())]
    Io {
        /// The lock file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

fn holder(pid: Option<u32>) -> String {
    match pid {
        Some(pid) => format!("pid {pid}"),
        None => "pid unknown".to_string(),
    }
}

/// The lock on a folder; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct FolderLock {
    // Held only for its lock.
    _file: File,
}

/// The lock file of an output folder.
pub fn lock_path(out_dir: &Path) -> PathBuf {
    out_dir.join(".thresh").join("lock")
}

impl FolderLock {
    /// Locks `out_dir` for this process, or says who holds it.
    pub fn acquire(out_dir: &Path) -> Result<FolderLock, LockError> {
        let path = lock_path(out_dir);
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(LockError::Busy {
                    dir: out_dir.to_path_buf(),
                    pid: text.trim().parse().ok(),
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
        }
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        writeln!(file, "{}", std::process::id()).map_err(io)?;
        Ok(FolderLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_and_the_next_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let first = FolderLock::acquire(dir.path()).unwrap();
        // A second open file description is refused, even in this process.
        match FolderLock::acquire(dir.path()) {
            Err(LockError::Busy { pid, .. }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("{other:?}"),
        }
        drop(first);
        let again = FolderLock::acquire(dir.path()).unwrap();
        drop(again);
        let text = std::fs::read_to_string(lock_path(dir.path())).unwrap();
        assert_eq!(text.trim(), std::process::id().to_string());
    }
}
