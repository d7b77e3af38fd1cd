//! The URL list: read line by line as a stream (a list may hold millions of
//! URLs; only the current line is in memory), each URL normalised so the
//! same page written two ways is one entry, and duplicates recognised with
//! a compact set of 64-bit hashes.
//!
//! Format: one URL a line; blank lines and lines starting with `#` (after
//! leading spaces) are skipped. The URL is the line's first
//! whitespace-separated field; any fields after it (a tab and a title, a
//! date, ...) are ignored, so lists exported from spreadsheets and other
//! tools work as they are. A `#` inside the URL belongs to it (it starts a
//! fragment, which normalisation drops).

use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher, Hasher};
use std::io::{self, BufRead, Read};

use url::Url;

use super::outcome::Outcome;
use crate::fetch::{self, parse_url, FetchError};

/// Lines longer than this are not URLs anyone means; they are reported as
/// invalid without being held in memory.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// One entry of the list.
#[derive(Debug)]
pub enum Entry {
    /// A usable URL, normalised.
    Url {
        /// 1-based line number.
        line: u64,
        /// The URL.
        url: Url,
    },
    /// A line that is not a usable URL.
    Invalid {
        /// 1-based line number.
        line: u64,
        /// The line as given (cut to 200 characters).
        text: String,
        /// Why.
        error: FetchError,
    },
}

/// The normal form of a URL given by a user: http(s) with a host (see
/// [`parse_url`]); scheme and host lower-case, default port dropped, path
/// dots resolved (all done by the `url` parser), fragment dropped (never
/// sent to the server). Query parameters are kept in their order: their
/// meaning is the site's.
pub fn normalise(text: &str) -> Result<Url, FetchError> {
    let mut url = parse_url(text)?;
    url.set_fragment(None);
    Ok(url)
}

/// Reads entries from a list, one line at a time.
pub struct ListReader<R> {
    inner: R,
    line: u64,
    buf: Vec<u8>,
}

impl<R: BufRead> ListReader<R> {
    /// Reads from `inner`.
    pub fn new(inner: R) -> Self {
        ListReader {
            inner,
            line: 0,
            buf: Vec::new(),
        }
    }

    /// The next line as bytes without its end, `None` at the end of input.
    /// A line over [`MAX_LINE_BYTES`] comes back cut, its rest skipped.
    fn next_line(&mut self) -> io::Result<Option<bool>> {
        self.buf.clear();
        let limit = MAX_LINE_BYTES as u64 + 1;
        let n = (&mut self.inner)
            .take(limit)
            .read_until(b'\n', &mut self.buf)?;
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        let mut too_long = false;
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
        } else if n as u64 == limit {
            too_long = true;
            // Skip to the end of the line without keeping it.
            let mut skipped = Vec::new();
            loop {
                skipped.clear();
                let m = (&mut self.inner)
                    .take(limit)
                    .read_until(b'\n', &mut skipped)?;
                if m == 0 || skipped.last() == Some(&b'\n') {
                    break;
                }
            }
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        Ok(Some(too_long))
    }
}

impl<R: BufRead> Iterator for ListReader<R> {
    type Item = io::Result<Entry>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let too_long = match self.next_line() {
                Ok(Some(t)) => t,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            };
            let text = String::from_utf8_lossy(&self.buf);
            let trimmed = text.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let line = self.line;
            let shown =
                || crate::fetch::redact_text(&trimmed.chars().take(200).collect::<String>());
            if too_long {
                return Some(Ok(Entry::Invalid {
                    line,
                    text: shown(),
                    error: FetchError::BadUrl {
                        url: shown(),
                        reason: format!("line longer than {MAX_LINE_BYTES} bytes"),
                    },
                }));
            }
            // The URL ends at the first white space (a URL cannot hold any).
            let url = trimmed.split_whitespace().next().unwrap_or(trimmed);
            return Some(Ok(match normalise(url) {
                Ok(url) => Entry::Url { line, url },
                Err(error) => Entry::Invalid {
                    line,
                    text: shown(),
                    // A line of words is named whole, not by its first one.
                    error: match error {
                        FetchError::BadUrl { reason, .. } => FetchError::BadUrl {
                            url: shown(),
                            reason,
                        },
                        other => other,
                    },
                },
            }));
        }
    }
}

/// Counts the entries (non-blank, non-comment lines) of a list, streaming;
/// for a progress bar's total.
pub fn count_entries(reader: impl BufRead) -> io::Result<u64> {
    let mut count = 0;
    for line in reader.split(b'\n') {
        let line = line?;
        let t = line.trim_ascii();
        if !t.is_empty() && t[0] != b'#' {
            count += 1;
        }
    }
    Ok(count)
}

/// The URLs seen so far in a run, as 64-bit hashes: 8 bytes a URL plus the
/// table's slack (about 16 MB a million URLs), whatever the URLs' length.
/// Two different URLs share a hash with probability about n²/2⁶⁵ (3 in 100
/// million for a million URLs); the cost would be one URL wrongly reported
/// as a duplicate.
#[derive(Debug, Default)]
pub struct Seen {
    hashes: HashSet<u64, BuildHasherDefault<Identity>>,
}

impl Seen {
    /// An empty set.
    pub fn new() -> Self {
        Seen::default()
    }

    /// Adds `url`; `false` when it was already there (a duplicate).
    pub fn insert(&mut self, url: &Url) -> bool {
        // SipHash with fixed keys: well mixed, and the same in every run.
        let mut h = BuildHasherDefault::<DefaultHasher>::default().build_hasher();
        h.write(url.as_str().as_bytes());
        self.hashes.insert(h.finish())
    }

    /// How many distinct URLs were seen.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Whether none were.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }
}

/// A list entry as a run acts on it: settled by the list alone (a line that
/// is no URL, a repeat), or a URL to work on.
#[derive(Debug)]
pub enum Listed {
    /// Settled without a request.
    Settled {
        /// 1-based line number.
        line: u64,
        /// The URL without credentials, or the line as given.
        key: String,
        /// `Invalid` or `Duplicate`.
        outcome: Outcome,
        /// Why, for an invalid line.
        error: Option<String>,
    },
    /// A URL seen for the first time in this list.
    New {
        /// 1-based line number.
        line: u64,
        /// The URL as given (credentials are used for the request).
        url: Url,
        /// The URL without credentials: what state and reports know it by.
        key: String,
    },
}

/// The entries of a list with repeats told apart, as every reader of a
/// list (the folder's run, the shared queue's loader) needs them.
pub struct Listing<R> {
    entries: ListReader<R>,
    seen: Seen,
}

impl<R: BufRead> Listing<R> {
    /// The listing of the list `inner`.
    pub fn new(inner: R) -> Self {
        Listing {
            entries: ListReader::new(inner),
            seen: Seen::new(),
        }
    }
}

impl<R: BufRead> Iterator for Listing<R> {
    type Item = io::Result<Listed>;

    fn next(&mut self) -> Option<Self::Item> {
        let listed = match self.entries.next()? {
            Err(e) => return Some(Err(e)),
            Ok(Entry::Invalid { line, text, error }) => Listed::Settled {
                line,
                key: text,
                outcome: Outcome::Invalid,
                error: Some(error.to_string()),
            },
            Ok(Entry::Url { line, url }) => {
                let key = fetch::redact(&url);
                if self.seen.insert(&fetch::redacted(&url)) {
                    Listed::New { line, url, key }
                } else {
                    Listed::Settled {
                        line,
                        key,
                        outcome: Outcome::Duplicate,
                        error: None,
                    }
                }
            }
        };
        Some(Ok(listed))
    }
}

/// The keys are already hashes: hashing them again would only cost time.
#[derive(Debug, Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Vec<Entry> {
        ListReader::new(text.as_bytes())
            .collect::<io::Result<Vec<_>>>()
            .unwrap()
    }

    #[test]
    fn comments_blanks_and_line_numbers() {
        let list = "# my list\n\nhttps://A.test/x#frag\r\n   \n  # indented comment\nnot a url\nftp://a.test/f\nhttp://a.test:80/y";
        let got: Vec<String> = entries(list)
            .iter()
            .map(|e| match e {
                Entry::Url { line, url } => format!("{line} {url}"),
                Entry::Invalid { line, error, .. } => format!("{line} {}", error.kind()),
            })
            .collect();
        assert_eq!(
            got,
            [
                "3 https://a.test/x",
                "6 bad-url",
                "7 scheme",
                "8 http://a.test/y"
            ]
        );
        assert_eq!(count_entries(list.as_bytes()).unwrap(), 4);
    }

    #[test]
    fn fields_after_the_url_are_ignored() {
        let list = "https://a.test/x\tA title with spaces\nhttps://a.test/y  2024-01-01 note\n  https://a.test/z\t\n";
        let got: Vec<String> = entries(list)
            .iter()
            .map(|e| match e {
                Entry::Url { url, .. } => url.to_string(),
                Entry::Invalid { error, .. } => error.to_string(),
            })
            .collect();
        assert_eq!(
            got,
            ["https://a.test/x", "https://a.test/y", "https://a.test/z"]
        );
    }

    #[test]
    fn an_overlong_line_is_invalid_and_the_next_line_still_read() {
        let list = format!(
            "https://a.test/{}\nhttps://a.test/next\n",
            "x".repeat(MAX_LINE_BYTES * 2)
        );
        let got = entries(&list);
        assert!(matches!(got[0], Entry::Invalid { line: 1, .. }));
        assert!(matches!(&got[1], Entry::Url { line: 2, url } if url.path() == "/next"));
    }

    #[test]
    fn invalid_utf8_is_reported_not_fatal() {
        let got: Vec<_> = ListReader::new(&b"https://a.test/\xff\xfe\n"[..])
            .collect::<io::Result<Vec<_>>>()
            .unwrap();
        // The URL parser percent-encodes the replacement characters.
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn normalised_spellings_are_duplicates() {
        let mut seen = Seen::new();
        for (text, fresh) in [
            ("https://a.test/x", true),
            ("HTTPS://A.TEST:443/x#top", false),
            ("https://a.test/./x", false),
            ("https://a.test/x?b=1&a=2", true),
            ("https://a.test/x?a=2&b=1", true),
        ] {
            assert_eq!(seen.insert(&normalise(text).unwrap()), fresh, "{text}");
        }
        assert_eq!(seen.len(), 3);
    }
}
