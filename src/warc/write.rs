//! Appending what `fetch` and `refresh` download to a WARC file: for each
//! page a `request` record and a `response` record, after one `warcinfo`
//! record per run, so the pages can be extracted again later
//! (`thresh extract FILE.warc.gz`) without refetching.
//!
//! The file is only ever appended to (a file from an earlier run keeps its
//! records) and held with an exclusive lock for the run. Each download's
//! records go out in one write, so a crash leaves at most one partial last
//! record, which readers (ours included) step over; the next run starts on
//! a fresh line after it. A name ending in `.gz`
//! gets one gzip member per record, the convention that lets a reader
//! start at any record and read a file while it grows.
//!
//! The HTTP client hands over bodies with their transfer and content
//! codings already undone (the raw bytes are gone by then), so records
//! store the body as decoded, as Common Crawl does: `Content-Length` is the
//! stored body's, and headers describing the encoded form are kept renamed
//! (`X-Crawler-Transfer-Encoding`, `X-Crawler-Content-Length`).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::WarcError;
use crate::fetch::Fetched;

/// An open WARC file that downloads are appended to. Shared between
/// threads (`&self` methods).
#[derive(Debug)]
pub struct Writer {
    path: PathBuf,
    gzip: bool,
    info_id: String,
    file: Mutex<File>,
}

/// One HTTP exchange to record.
#[derive(Debug, Clone, Copy)]
pub struct Exchange<'a> {
    /// The URL the response came from.
    pub url: &'a url::Url,
    /// When the response arrived, RFC 3339 UTC.
    pub date: &'a str,
    /// `HTTP/1.1`, `HTTP/2.0`.
    pub http_version: &'a str,
    /// The status code.
    pub status: u16,
    /// The response's headers as received.
    pub headers: &'a [(String, Vec<u8>)],
    /// The body, decoded.
    pub body: &'a [u8],
    /// The request's headers.
    pub request_headers: &'a [(String, Vec<u8>)],
}

impl<'a> From<&'a Fetched> for Exchange<'a> {
    fn from(f: &'a Fetched) -> Self {
        Exchange {
            url: &f.final_url,
            date: &f.fetched_at,
            http_version: &f.http_version,
            status: f.status,
            headers: &f.headers,
            body: &f.body,
            request_headers: &f.request_headers,
        }
    }
}

impl Writer {
    /// Opens `path` for appending (creating it and its folder), locks it,
    /// and writes this run's `warcinfo` record.
    pub fn open(path: &Path) -> Result<Writer, WarcError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        if file.try_lock().is_err() {
            return Err(WarcError::Locked {
                path: path.display().to_string(),
            });
        }
        let gzip = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().ends_with(".gz"));
        let writer = Writer {
            path: path.to_path_buf(),
            gzip,
            info_id: record_id(),
            file: Mutex::new(file),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let info = format!(
            "software: threshing/{} (+{})\r\nformat: WARC File Format 1.1\r\n\
             conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n",
            env!("CARGO_PKG_VERSION"),
            crate::fetch::PROJECT_URL
        );
        let now = crate::fetch::rfc3339(std::time::SystemTime::now());
        let mut record = Vec::new();
        if !gzip && !ends_a_record(path)? {
            // A crash cut the last record: start on a line of our own, where
            // readers looking for the next record find it.
            record.extend_from_slice(b"\r\n");
        }
        record.extend(writer.record(
            &[
                ("WARC-Type", "warcinfo"),
                ("WARC-Record-ID", &writer.info_id),
                ("WARC-Date", &now),
                ("WARC-Filename", &name),
                ("Content-Type", "application/warc-fields"),
            ],
            info.as_bytes(),
        )?);
        writer.append(&record)?;
        Ok(writer)
    }

    /// The file written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends a download: its `request` and `response` records, in one write.
    pub fn write(&self, exchange: &Exchange<'_>) -> Result<(), WarcError> {
        let url = crate::fetch::redact(exchange.url);
        let response_id = record_id();
        let request_id = record_id();

        let mut block = status_line(exchange.http_version, exchange.status).into_bytes();
        let length = exchange.body.len().to_string();
        for (name, value) in exchange.headers {
            let name = match name.to_ascii_lowercase().as_str() {
                // The body is stored joined and decoded (see the module comment).
                "transfer-encoding" => "X-Crawler-Transfer-Encoding",
                "content-length" if value.as_slice() != length.as_bytes() => {
                    "X-Crawler-Content-Length"
                }
                "content-length" => continue,
                _ => name.as_str(),
            };
            push_field(&mut block, name, value);
        }
        push_field(&mut block, "Content-Length", length.as_bytes());
        block.extend_from_slice(b"\r\n");
        block.extend_from_slice(exchange.body);
        let block_digest = sha1(&block);
        let payload_digest = sha1(exchange.body);
        let mut out = self.record(
            &[
                ("WARC-Type", "response"),
                ("WARC-Record-ID", &response_id),
                ("WARC-Date", exchange.date),
                ("WARC-Target-URI", &url),
                ("WARC-Warcinfo-ID", &self.info_id),
                ("WARC-Block-Digest", &block_digest),
                ("WARC-Payload-Digest", &payload_digest),
                ("Content-Type", "application/http; msgtype=response"),
            ],
            &block,
        )?;

        let mut request = request_line(exchange.url).into_bytes();
        for (name, value) in exchange.request_headers {
            push_field(&mut request, name, value);
        }
        request.extend_from_slice(b"\r\n");
        let request_digest = sha1(&request);
        out.extend(self.record(
            &[
                ("WARC-Type", "request"),
                ("WARC-Record-ID", &request_id),
                ("WARC-Date", exchange.date),
                ("WARC-Target-URI", &url),
                ("WARC-Warcinfo-ID", &self.info_id),
                ("WARC-Concurrent-To", &response_id),
                ("WARC-Block-Digest", &request_digest),
                ("Content-Type", "application/http; msgtype=request"),
            ],
            &request,
        )?);
        self.append(&out)
    }

    /// Appends `fetched` (nothing for a 304 answer, which has no body).
    pub fn write_fetched(&self, fetched: &Fetched) -> Result<(), WarcError> {
        if fetched.not_modified {
            return Ok(());
        }
        self.write(&Exchange::from(fetched))
    }

    /// One record's bytes, gzipped as its own member for a `.gz` file.
    fn record(&self, fields: &[(&str, &str)], block: &[u8]) -> Result<Vec<u8>, WarcError> {
        let mut raw = Vec::with_capacity(block.len() + 512);
        raw.extend_from_slice(b"WARC/1.1\r\n");
        for (name, value) in fields {
            push_field(&mut raw, name, value.as_bytes());
        }
        push_field(
            &mut raw,
            "Content-Length",
            block.len().to_string().as_bytes(),
        );
        raw.extend_from_slice(b"\r\n");
        raw.extend_from_slice(block);
        raw.extend_from_slice(b"\r\n\r\n");
        if !self.gzip {
            return Ok(raw);
        }
        let mut gz = flate2::write::GzEncoder::new(
            Vec::with_capacity(raw.len() / 3),
            flate2::Compression::default(),
        );
        gz.write_all(&raw)?;
        Ok(gz.finish()?)
    }

    fn append(&self, bytes: &[u8]) -> Result<(), WarcError> {
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        file.write_all(bytes)?;
        Ok(())
    }
}

/// Whether the plain WARC file at `path` is empty or ends the way every
/// record does (a blank line).
fn ends_a_record(path: &Path) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(true);
    }
    if len < 4 {
        return Ok(false);
    }
    let mut end = [0u8; 4];
    file.seek(SeekFrom::End(-4))?;
    file.read_exact(&mut end)?;
    Ok(&end == b"\r\n\r\n")
}

/// A fresh `<urn:uuid:...>` record id (random, version 4).
fn record_id() -> String {
    ::warc::Record::<::warc::BufferedBody>::generate_record_id()
}

/// A header line; line breaks in a value (never legal) become spaces so
/// they cannot forge fields.
fn push_field(out: &mut Vec<u8>, name: &str, value: &[u8]) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend(
        value
            .iter()
            .map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b }),
    );
    out.extend_from_slice(b"\r\n");
}

fn status_line(version: &str, status: u16) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    format!("{version} {status} {reason}\r\n")
}

fn request_line(url: &url::Url) -> String {
    let mut target = url.path().to_string();
    if let Some(q) = url.query() {
        target.push('?');
        target.push_str(q);
    }
    let host = match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => String::new(),
    };
    format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n")
}

/// `sha1:` and the digest in base 32, the form WARC tools write and check.
fn sha1(bytes: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, bytes);
    format!("sha1:{}", base32(digest.as_ref()))
}

/// RFC 4648 base 32, unpadded (a SHA-1 is 160 bits: 32 characters exactly).
fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut acc, mut bits) = (0u32, 0);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((acc << (5 - bits)) & 31) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_after_a_crash_mid_record_appends_readable_records() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["c.warc", "c.warc.gz"] {
            let path = dir.path().join(name);
            let url = url::Url::parse("http://a.test/").unwrap();
            let exchange = Exchange {
                url: &url,
                date: "2026-01-01T00:00:00Z",
                http_version: "HTTP/1.1",
                status: 200,
                headers: &[],
                body: &[b'x'; 5000],
                request_headers: &[],
            };
            Writer::open(&path).unwrap().write(&exchange).unwrap();
            // A crash in the middle of the last write.
            let len = std::fs::metadata(&path).unwrap().len();
            let file = OpenOptions::new().write(true).open(&path).unwrap();
            file.set_len(len - 100).unwrap();
            drop(file);
            Writer::open(&path).unwrap().write(&exchange).unwrap();

            let file = File::open(&path).unwrap();
            let items: Vec<_> = super::super::Reader::new(file, 1 << 20).unwrap().collect();
            let kinds: Vec<String> = items
                .iter()
                .map(|r| match r {
                    Ok(r) => r.record_type().to_string(),
                    Err(_) => "error".into(),
                })
                .collect();
            assert_eq!(
                kinds,
                ["warcinfo", "response", "error", "warcinfo", "response", "request"],
                "{name}"
            );
        }
    }

    #[test]
    fn digests_are_sha1_in_base32() {
        // RFC 4648's test vectors, and the SHA-1 of nothing as WARC tools write it.
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(sha1(b""), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
    }

    #[test]
    fn appends_readable_records_and_never_truncates() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.warc", "a.warc.gz"] {
            let path = dir.path().join(name);
            let url = url::Url::parse("http://a.test/p?q=1").unwrap();
            let headers = vec![
                ("Content-Type".to_string(), b"text/html".to_vec()),
                ("Transfer-Encoding".to_string(), b"chunked".to_vec()),
            ];
            let exchange = Exchange {
                url: &url,
                date: "2026-01-01T00:00:00Z",
                http_version: "HTTP/1.1",
                status: 200,
                headers: &headers,
                body: b"<p>hi</p>",
                request_headers: &[],
            };
            for _ in 0..2 {
                let w = Writer::open(&path).unwrap();
                // A second writer on the same file is refused while the first holds it.
                assert!(matches!(Writer::open(&path), Err(WarcError::Locked { .. })));
                w.write(&exchange).unwrap();
            }
            let file = File::open(&path).unwrap();
            let records: Vec<_> = super::super::Reader::new(file, 1 << 20)
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let kinds: Vec<String> = records
                .iter()
                .map(|r| r.record_type().to_string())
                .collect();
            assert_eq!(
                kinds,
                ["warcinfo", "response", "request", "warcinfo", "response", "request"],
                "{name}"
            );
            let page = super::super::http::page(&records[1], 1 << 20)
                .unwrap()
                .unwrap();
            assert_eq!(page.body, b"<p>hi</p>");
            assert_eq!(
                records[1].target_uri().as_deref(),
                Some("http://a.test/p?q=1")
            );
            let block = String::from_utf8_lossy(&records[1].block);
            assert!(
                block.contains("X-Crawler-Transfer-Encoding: chunked"),
                "{block}"
            );
            assert!(block.contains("Content-Length: 9\r\n"), "{block}");
        }
    }
}
