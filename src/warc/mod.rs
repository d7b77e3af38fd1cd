//! WARC (ISO 28500), the web archive format every crawler writes: reading
//! the pages out of an archive for `thresh extract`, and writing what
//! `fetch` and `refresh` download so a run can be re-extracted later
//! without going back to the network.
//!
//! A WARC file is a sequence of records, each a header block (`WARC/1.1`,
//! then `Name: value` lines) and a content block of `Content-Length`
//! bytes; a `.warc.gz` file is usually one gzip member per record, so a
//! record can be found by its offset and a damaged member loses only its
//! own record. The header block is parsed by the `warc` crate; the framing,
//! the gzip members and recovery after damage are ours ([`read`]), because
//! the crate's readers inflate the whole file as one stream (no member
//! offsets, nothing after a corrupt member) and read header blocks without
//! a bound. [`http`] takes the HTTP message apart inside a `response`
//! record; [`write`] appends records.

pub mod http;
pub mod read;
pub mod write;

use thiserror::Error;

pub use http::{HttpResponse, Skip};
pub use read::{Reader, Record};
pub use write::{Exchange, Writer};

/// Why a WARC file, or one of its records, could not be read or written.
/// Record errors carry the record's offset in the file (for a `.warc.gz`,
/// the offset of its gzip member, which is where a reader starts).
#[derive(Debug, Error)]
pub enum WarcError {
    /// Reading or writing the file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A gzip member that does not inflate (corrupt, or cut short at the
    /// end of the file).
    #[error("offset {offset}: corrupt or truncated gzip member: {source}")]
    Gzip {
        /// Where the member starts.
        offset: u64,
        /// What inflating said.
        source: std::io::Error,
    },
    /// A header block that is not WARC.
    #[error("offset {offset}: bad WARC header block: {reason}")]
    Header {
        /// Where the record starts.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// The file ends inside a record.
    #[error("offset {offset}: record {id} cut short: {got} of {expected} content bytes")]
    Truncated {
        /// Where the record starts.
        offset: u64,
        /// Its `WARC-Record-ID`.
        id: String,
        /// `Content-Length`.
        expected: u64,
        /// Bytes present.
        got: u64,
    },
    /// A record whose content block is not followed by the blank line that
    /// ends every record: its `Content-Length` is wrong.
    #[error("offset {offset}: record {id} does not end where its Content-Length says")]
    Framing {
        /// Where the record starts.
        offset: u64,
        /// Its `WARC-Record-ID`.
        id: String,
    },
    /// A `response` record whose content is not an HTTP response.
    #[error("bad HTTP response: {reason}")]
    Http {
        /// What is wrong.
        reason: String,
    },
    /// Another process is writing the same WARC file.
    #[error("{path}: another thresh is writing this WARC file")]
    Locked {
        /// The file.
        path: String,
    },
}

/// Whether `path` names a WARC file (`.warc`, `.warc.gz`, any case).
pub fn is_warc_path(path: &std::path::Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// The file name of a WARC without `.warc` or `.warc.gz`
/// (`CC-MAIN-1.warc.gz` -> `CC-MAIN-1`).
pub fn warc_stem(path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    for ext in [".warc.gz", ".warc"] {
        if lower.ends_with(ext) && lower.len() > ext.len() {
            return name[..name.len() - ext.len()].to_string();
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn names() {
        assert!(is_warc_path(Path::new("a/CC-1.warc.gz")));
        assert!(is_warc_path(Path::new("x.WARC")));
        assert!(!is_warc_path(Path::new("x.warc.html")));
        assert_eq!(warc_stem(Path::new("d/CC-MAIN-1.warc.gz")), "CC-MAIN-1");
        assert_eq!(warc_stem(Path::new("run.Warc")), "run");
    }
}
