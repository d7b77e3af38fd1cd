//! The page inside a WARC record: which records hold one (an HTTP
//! `response` of HTML, complete and successful), and its body with the
//! HTTP transfer and content codings undone. Common Crawl stores bodies
//! already decoded (and renames the headers that said otherwise); wget,
//! Heritrix and warcio store them as the server sent them, chunked or
//! gzipped, so both are handled: a coding is undone when the bytes are in
//! it, and bytes already decoded are taken as they are.

use std::io::Read;

use ::warc::RecordType;

use super::{Record, WarcError};

/// A page found in a `response` record.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// The HTTP status code (2xx).
    pub status: u16,
    /// The `Content-Type` header, whose charset decoding honours.
    pub content_type: Option<String>,
    /// The `Content-Language` header: the article's language when the page
    /// declares none.
    pub content_language: Option<String>,
    /// The body, transfer and content codings undone.
    pub body: Vec<u8>,
}

/// Why a record holds no page to extract. Skips are counted, not failures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Not a `response` record (`request`, `revisit`, `warcinfo`, ...);
    /// the record type.
    Kind(String),
    /// The crawler cut the record short (`WARC-Truncated`).
    Truncated,
    /// The content block is over the size cap.
    TooLarge,
    /// A response that is not HTTP (`dns:` lookups, for instance).
    NotHttp,
    /// An HTTP status other than 2xx (redirects, errors).
    Status(u16),
    /// Not an HTML page.
    NotHtml,
    /// A content coding we do not undo (`br`, `zstd`).
    Encoding(String),
    /// An empty body.
    Empty,
}

impl Skip {
    /// The name skips are counted under: the record type, or `truncated`,
    /// `too-large`, `not-http`, `not-2xx`, `not-html`, `encoding`, `empty`.
    pub fn label(&self) -> &str {
        match self {
            Skip::Kind(kind) => kind,
            Skip::Truncated => "truncated",
            Skip::TooLarge => "too-large",
            Skip::NotHttp => "not-http",
            Skip::Status(_) => "not-2xx",
            Skip::NotHtml => "not-html",
            Skip::Encoding(_) => "encoding",
            Skip::Empty => "empty",
        }
    }
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::Kind(kind) => write!(f, "a {kind} record"),
            Skip::Truncated => f.write_str("truncated by the crawler (WARC-Truncated)"),
            Skip::TooLarge => f.write_str("larger than the size cap"),
            Skip::NotHttp => f.write_str("not an HTTP response"),
            Skip::Status(s) => write!(f, "http status {s}"),
            Skip::NotHtml => f.write_str("not HTML"),
            Skip::Encoding(e) => write!(f, "content-encoding {e} is not supported"),
            Skip::Empty => f.write_str("an empty body"),
        }
    }
}

/// Why a record's page is skipped, judged from its WARC header alone (so
/// a reader can decide before anything else is done with it).
pub fn skip_by_header(record: &Record) -> Option<Skip> {
    match record.record_type() {
        RecordType::Response => {}
        other => return Some(Skip::Kind(other.to_string())),
    }
    if record.header(::warc::WarcHeader::Truncated).is_some() {
        return Some(Skip::Truncated);
    }
    if !record.is_whole() {
        return Some(Skip::TooLarge);
    }
    let content_type = record.header(::warc::WarcHeader::ContentType);
    if content_type.is_some_and(|ct| !ct.to_ascii_lowercase().starts_with("application/http")) {
        return Some(Skip::NotHttp);
    }
    None
}

/// The HTML page in `record`, or why there is none; an error when the
/// record claims an HTTP response and holds none. `max_bytes` caps the
/// body once decoded.
pub fn page(record: &Record, max_bytes: usize) -> Result<Result<HttpResponse, Skip>, WarcError> {
    if let Some(skip) = skip_by_header(record) {
        return Ok(Err(skip));
    }
    let mut names = [httparse::EMPTY_HEADER; 128];
    let mut head = httparse::Response::new(&mut names);
    let head_len = match head.parse(&record.block) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            return Err(WarcError::Http {
                reason: "the header ends before its blank line".into(),
            })
        }
        Err(e) => {
            return Err(WarcError::Http {
                reason: e.to_string(),
            })
        }
    };
    let status = head.code.unwrap_or(0);
    if !(200..300).contains(&status) {
        return Ok(Err(Skip::Status(status)));
    }
    let header = |name: &str| {
        head.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
    };
    let content_type = header("content-type").filter(|c| !c.is_empty());
    let mut body = record.block[head_len..].to_vec();
    if header("transfer-encoding").is_some_and(|te| te.to_ascii_lowercase().contains("chunked")) {
        if let Some(joined) = dechunk(&body, max_bytes) {
            body = joined;
        }
    }
    if let Some(coding) = header("content-encoding") {
        match undo_content_coding(&coding, body, max_bytes) {
            Ok(decoded) => body = decoded,
            Err(skip) => return Ok(Err(skip)),
        }
    }
    if !crate::fetch::is_html(content_type.as_deref(), &body) {
        return Ok(Err(Skip::NotHtml));
    }
    Ok(Ok(HttpResponse {
        status,
        content_type,
        content_language: header("content-language").filter(|l| !l.is_empty()),
        body,
    }))
}

/// The body of a chunked transfer; `None` when `body` is not in chunks
/// (already joined by the crawler) or they come to more than `max_bytes`.
fn dechunk(mut body: &[u8], max_bytes: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let line_end = memchr::memmem::find(body, b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        if size > body.len() || out.len() + size > max_bytes {
            // A last chunk cut short still gives what arrived.
            if out.len() + body.len() <= max_bytes && size > body.len() {
                out.extend_from_slice(body);
                return Some(out);
            }
            return None;
        }
        out.extend_from_slice(&body[..size]);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}

/// `body` with its content coding undone. Bytes that are not in the coding
/// the header names were decoded already and are kept as they are.
fn undo_content_coding(coding: &str, body: Vec<u8>, max_bytes: usize) -> Result<Vec<u8>, Skip> {
    let coding = coding.trim().to_ascii_lowercase();
    match coding.as_str() {
        "" | "identity" | "none" => Ok(body),
        "gzip" | "x-gzip" => {
            if crate::decode::is_gzip(&body) {
                crate::decode::gunzip(&body, max_bytes).map_err(|_| Skip::TooLarge)
            } else {
                Ok(body)
            }
        }
        "deflate" => {
            // The zlib wrapper the standard asks for, or the raw deflate
            // some servers send.
            let zlib = inflate(flate2::read::ZlibDecoder::new(&body[..]), max_bytes);
            let raw = || inflate(flate2::read::DeflateDecoder::new(&body[..]), max_bytes);
            Ok(zlib.or_else(raw).unwrap_or(body))
        }
        other => Err(Skip::Encoding(other.to_string())),
    }
}

fn inflate(reader: impl Read, max_bytes: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    reader
        .take(max_bytes as u64 + 1)
        .read_to_end(&mut out)
        .ok()?;
    (out.len() <= max_bytes && !out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn response(http: &[u8]) -> Record {
        let mut file = format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:test:1>\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            http.len()
        )
        .into_bytes();
        file.extend_from_slice(http);
        file.extend_from_slice(b"\r\n\r\n");
        super::super::Reader::new(std::io::Cursor::new(file), 1 << 20)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
    }

    const PAGE: &[u8] = b"<html><body><p>Hi there.</p></body></html>";

    #[test]
    fn chunked_and_gzip_bodies_are_undone() {
        let mut chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                            Transfer-Encoding: chunked\r\n\r\n"
            .to_vec();
        for part in PAGE.chunks(10) {
            chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
            chunked.extend_from_slice(part);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        let got = page(&response(&chunked), 1 << 20).unwrap().unwrap();
        assert_eq!(got.body, PAGE);
        assert_eq!(
            got.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );

        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(PAGE).unwrap();
        let mut gz =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        gz.extend_from_slice(&e.finish().unwrap());
        assert_eq!(page(&response(&gz), 1 << 20).unwrap().unwrap().body, PAGE);

        // Common Crawl's way: decoded body, the header kept.
        let mut plain =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        plain.extend_from_slice(PAGE);
        assert_eq!(
            page(&response(&plain), 1 << 20).unwrap().unwrap().body,
            PAGE
        );
    }

    #[test]
    fn skips_say_why() {
        let redirect = b"HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n";
        assert_eq!(
            page(&response(redirect), 1 << 20).unwrap().unwrap_err(),
            Skip::Status(301)
        );
        let png = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        assert_eq!(
            page(&response(png), 1 << 20).unwrap().unwrap_err(),
            Skip::NotHtml
        );
        let br = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\nxx";
        assert_eq!(
            page(&response(br), 1 << 20).unwrap().unwrap_err().label(),
            "encoding"
        );
        assert!(page(&response(b"garbage\x00\r\n\r\n"), 1 << 20).is_err());
    }
}
