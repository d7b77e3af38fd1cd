//! `--report FILE`: one JSON object a line per list entry, for scripts that
//! want to know what happened to each URL. The lines stream into a
//! temporary file beside FILE, renamed into place when the run ends (also
//! after Ctrl-C), so FILE is never seen half-written and a million-line
//! report never sits in memory.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

/// One report line.
#[derive(Debug, Serialize)]
pub struct ReportLine<'a> {
    /// Line number in the list.
    pub line: u64,
    /// The URL, normalised (or the line's text when it is not a URL).
    pub url: &'a str,
    /// `new`, `updated`, `unchanged`, `skipped`, `duplicate`, `failed`, `invalid`.
    pub outcome: &'a str,
    /// Why it was skipped: `fresh` (within `--max-age`) or `done` (finished
    /// earlier in the interrupted run being resumed); why it failed: the
    /// same as `error_kind`, e.g. `status`, `timeout`, `empty` (the page
    /// gave no article), `shrunk` (it lost most of the stored article).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    /// The detail of an `empty` or `shrunk` failure: `too few words`,
    /// `shell page`, `12 words, 800 stored`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<&'a str>,
    /// HTTP status, when there was a response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The kind of a failure: a [`crate::fetch::FetchError::kind`], `empty`,
    /// `shrunk`, `store`, or `bad-url` for an invalid line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_kind: Option<&'a str>,
    /// The failure's message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
    /// The article file, when stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a Path>,
    /// The metadata file, when stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<&'a Path>,
}

/// The report being written.
#[derive(Debug)]
pub struct Report {
    path: PathBuf,
    tmp: PathBuf,
    out: BufWriter<File>,
}

impl Report {
    /// Starts a report that will become `path`.
    pub fn create(path: &Path) -> io::Result<Report> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        remove_leftovers(dir, &name);
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let out = BufWriter::new(File::create(&tmp)?);
        Ok(Report {
            path: path.to_path_buf(),
            tmp,
            out,
        })
    }

    /// Appends one line.
    pub fn write(&mut self, line: &ReportLine<'_>) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, line)?;
        self.out.write_all(b"\n")
    }

    /// Flushes and moves the report into place.
    pub fn finish(self) -> io::Result<PathBuf> {
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&self.tmp, &self.path)?;
        Ok(self.path)
    }
}

/// Removes the temporary reports of earlier runs that were killed before
/// they could rename theirs (`.NAME.<pid>.tmp`).
fn remove_leftovers(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let pid = file
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"));
        if pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_appear_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        let mut r = Report::create(&path).unwrap();
        r.write(&ReportLine {
            line: 3,
            url: "https://a.test/x",
            outcome: "failed",
            reason: Some("status"),
            why: None,
            status: Some(404),
            error_kind: Some("status"),
            error: Some("https://a.test/x: http status 404"),
            text: None,
            meta: None,
        })
        .unwrap();
        assert!(!path.exists());
        r.finish().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(v["line"], 3);
        assert_eq!(v["error_kind"], "status");
        assert!(v.get("text").is_none());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // A killed run's temporary report is cleared by the next run.
        std::fs::write(dir.path().join(".r.jsonl.999.tmp"), "partial").unwrap();
        Report::create(&path).unwrap().finish().unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
