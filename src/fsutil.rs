//! File writes that never leave a half-written file: every output goes to a
//! temporary file in the same folder and is renamed into place, so a reader
//! (or a killed process) sees the old file or the new one, nothing in
//! between.
//!
//! The data is not fsynced: that guards against power loss, not against a
//! crash or `kill -9`, and costs a disk flush per file, which on a bulk
//! refresh of thousands of articles dominated the time. Refresh state uses
//! SQLite's `synchronous=NORMAL`, the same trade.

use std::io::Write;
use std::path::Path;

/// Writes `contents` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        TMP_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Whether `name` is one of [`write_atomic`]'s temporary files
/// (`.<name>.<pid>.<n>.tmp`): left behind only when a process was killed
/// mid-write, and safe to delete once that process is gone.
pub fn is_temp_name(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    let mut parts = inner.rsplitn(3, '.');
    let numeric =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    numeric(parts.next()) && numeric(parts.next()) && parts.next().is_some_and(|n| !n.is_empty())
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
}
