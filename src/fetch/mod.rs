//! Downloading pages politely and robustly, for `thresh fetch` and
//! `thresh refresh`. The rest of the crate works on bytes; this module is the
//! one place that talks HTTP, so every rule about how we behave on the network
//! lives here: which URLs we accept, redirects, timeouts, body caps, what
//! counts as HTML, robots.txt, per-host pacing and retries.
//!
//! Build one [`Fetcher`] per run from a validated [`FetchConfig`] and share it
//! (it is cheap to clone behind an `Arc` and safe to use from many tasks).

mod client;
pub mod pages;
mod politeness;
mod robots;

use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use thiserror::Error;
use url::Url;

pub use client::{extract, host_key, is_html, Fetcher};

/// The product token robots.txt groups are matched against.
pub const ROBOTS_TOKEN: &str = "threshing";

/// Where users can read what the bot is (sent in the User-Agent): the
/// `repository` of Cargo.toml, so there is one URL to keep right.
pub const PROJECT_URL: &str = env!("CARGO_PKG_REPOSITORY");

/// Default body cap: real articles are a few MB at most.
pub const DEFAULT_MAX_BYTES: usize = 32 * 1024 * 1024;

/// The default, truthful User-Agent: `threshing/<version> (+<repository>)`,
/// e.g. `threshing/0.1.0 (+https://github.com/threshing/threshing)`.
pub fn default_user_agent() -> String {
    format!(
        "{ROBOTS_TOKEN}/{} (+{PROJECT_URL})",
        env!("CARGO_PKG_VERSION")
    )
}

/// How a [`Fetcher`] behaves. Start from [`FetchConfig::default`] and change
/// what you need; [`Fetcher::new`] validates it.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Sent with every request, robots.txt included.
    pub user_agent: String,
    /// Time allowed to open a connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// Time allowed for one request, from sending it to the last body byte.
    /// A stalled body fails with [`FetchError::Timeout`] when it runs out.
    pub timeout: Duration,
    /// The largest body accepted, after decompression; enforced while the
    /// body streams in, whatever `Content-Length` says.
    pub max_bytes: usize,
    /// Redirects followed before giving up with [`FetchError::TooManyRedirects`].
    pub max_redirects: usize,
    /// Obey robots.txt.
    pub robots: bool,
    /// Retries after a connection failure, a 429 or a 5xx (so up to
    /// `retries + 1` attempts).
    pub retries: u32,
    /// First backoff delay; doubled on each retry, with jitter.
    pub backoff: Duration,
    /// The longest wait we accept from `Retry-After` (or backoff); a longer
    /// `Retry-After` is shortened to this.
    pub max_retry_wait: Duration,
    /// The least time between two requests to the same host.
    pub min_host_delay: Duration,
    /// The longest robots.txt `Crawl-delay` honoured; a longer one is capped.
    pub max_crawl_delay: Duration,
    /// Host names resolved to fixed addresses instead of DNS (tests, benchmarks).
    pub resolve: Vec<(String, SocketAddr)>,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: default_user_agent(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_bytes: DEFAULT_MAX_BYTES,
            max_redirects: 10,
            robots: true,
            retries: 3,
            backoff: Duration::from_millis(500),
            max_retry_wait: Duration::from_secs(60),
            min_host_delay: Duration::ZERO,
            max_crawl_delay: Duration::from_secs(30),
            resolve: Vec::new(),
        }
    }
}

impl FetchConfig {
    /// Checks that the settings can work; the error says which one is wrong.
    pub fn validate(&self) -> Result<(), FetchError> {
        let bad = |reason: &str| {
            Err(FetchError::Config {
                reason: reason.to_string(),
            })
        };
        if self.user_agent.trim().is_empty() {
            return bad("the user agent is empty");
        }
        if reqwest::header::HeaderValue::from_str(&self.user_agent).is_err() {
            return bad("the user agent holds characters not allowed in an HTTP header");
        }
        if self.connect_timeout.is_zero() {
            return bad("the connect timeout must be more than zero");
        }
        if self.timeout.is_zero() {
            return bad("the timeout must be more than zero");
        }
        if self.max_bytes == 0 {
            return bad("the body size cap must be at least one byte");
        }
        Ok(())
    }
}

/// Validators from an earlier fetch, for a conditional request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// Sent as `If-None-Match`.
    pub etag: Option<String>,
    /// Sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// A page as it came off the network.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL asked for (before any site rewrite).
    pub url: Url,
    /// Where the page really came from: after the rewrite and every redirect.
    pub final_url: Url,
    /// Every URL requested, in order: the first (rewritten) one, then each
    /// redirect target.
    pub chain: Vec<Url>,
    /// HTTP status of the final response (200, or 304 when not modified).
    pub status: u16,
    /// The server answered 304 to a conditional request: `body` is empty and
    /// the stored copy is still current.
    pub not_modified: bool,
    /// The `Content-Type` header as sent (its charset is what decoding uses).
    pub content_type: Option<String>,
    /// The `Content-Language` header: the article's language when the page
    /// declares none.
    pub content_language: Option<String>,
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Last-Modified` header.
    pub last_modified: Option<String>,
    /// The body, decompressed.
    pub body: Vec<u8>,
    /// The final response's HTTP version (`HTTP/1.1`, `HTTP/2.0`).
    pub http_version: String,
    /// The final response's headers as received, in order, except
    /// `Content-Encoding` and `Content-Length` when the client decompressed
    /// the body (they described bytes that are gone).
    pub headers: Vec<(String, Vec<u8>)>,
    /// The headers the final request was sent with: `User-Agent` and the
    /// ones we set (`Accept`, validators, site rules), never the
    /// `Authorization` made from credentials in the URL. The HTTP client
    /// adds `Host`, `Accept-Encoding` and the cookie jar's cookies itself.
    pub request_headers: Vec<(String, Vec<u8>)>,
    /// When the final response arrived, RFC 3339 UTC (`2026-01-02T03:04:05Z`).
    pub fetched_at: String,
    /// Requests made for the final hop (1 unless it was retried).
    pub attempts: u32,
}

impl Fetched {
    /// The validators to send next time.
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
        }
    }
}

/// Why a URL was not fetched. Every variant names the URL (the one that
/// failed, which may be a redirect target) and its [`kind`](FetchError::kind)
/// says the category.
#[derive(Debug, Error)]
pub enum FetchError {
    /// The settings cannot work.
    #[error("bad fetch settings: {reason}")]
    Config {
        /// Which setting and why.
        reason: String,
    },
    /// Not a URL at all.
    #[error("{url}: bad url: {reason}")]
    BadUrl {
        /// The text given.
        url: String,
        /// What the parser said.
        reason: String,
    },
    /// A scheme other than http or https (`file://`, `ftp://`, ...).
    #[error("{url}: unsupported scheme {scheme:?} (only http and https are fetched)")]
    Scheme {
        /// The URL.
        url: String,
        /// Its scheme.
        scheme: String,
    },
    /// A site rule could not be applied (a header that is not a valid header).
    #[error("{url}: site rule {rule}: {reason}")]
    Rule {
        /// The URL.
        url: String,
        /// The rule file.
        rule: String,
        /// What is wrong.
        reason: String,
    },
    /// The host name did not resolve.
    #[error("{url}: dns: {reason}")]
    Dns {
        /// The URL.
        url: String,
        /// The resolver's message.
        reason: String,
    },
    /// No connection, or one dropped before the answer was complete
    /// (refused, reset, closed early, unreachable).
    #[error("{url}: connect: {reason}")]
    Connect {
        /// The URL.
        url: String,
        /// What happened.
        reason: String,
    },
    /// The TLS handshake failed (bad certificate, protocol mismatch).
    #[error("{url}: tls: {reason}")]
    Tls {
        /// The URL.
        url: String,
        /// What the TLS library said.
        reason: String,
    },
    /// Connecting or the whole request took too long.
    #[error("{url}: timeout after {secs:.1} s")]
    Timeout {
        /// The URL.
        url: String,
        /// The limit that ran out, in seconds.
        secs: f64,
    },
    /// The server answered with an error status (4xx, 5xx after retries).
    #[error("{url}: http status {status}")]
    Status {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The body is larger than the cap.
    #[error("{url}: too large: body exceeds {limit} bytes")]
    TooLarge {
        /// The URL.
        url: String,
        /// The cap.
        limit: usize,
    },
    /// Not an HTML page.
    #[error("{url}: not html: content-type is {}", content_type.as_deref().unwrap_or("missing and the body does not look like HTML"))]
    NotHtml {
        /// The URL.
        url: String,
        /// The `Content-Type` sent, if any.
        content_type: Option<String>,
    },
    /// robots.txt forbids us this URL.
    #[error("{url}: disallowed by robots.txt (use --ignore-robots to override)")]
    Robots {
        /// The URL.
        url: String,
    },
    /// A redirect leads back to a URL already visited.
    #[error("{url}: redirect loop: {}", join_chain(chain))]
    RedirectLoop {
        /// The URL first asked for.
        url: String,
        /// Every URL visited, ending with the repeated one.
        chain: Vec<String>,
    },
    /// More redirects than allowed.
    #[error("{url}: too many redirects (more than {limit}): {}", join_chain(chain))]
    TooManyRedirects {
        /// The URL first asked for.
        url: String,
        /// The limit.
        limit: usize,
        /// Every URL visited.
        chain: Vec<String>,
    },
    /// A redirect without a usable `Location`.
    #[error("{url}: bad redirect: {reason}")]
    BadRedirect {
        /// The URL that redirected.
        url: String,
        /// What is wrong with its `Location`.
        reason: String,
    },
    /// Any other failure of the HTTP exchange (a malformed response, a body
    /// cut short, a decompression error).
    #[error("{url}: http: {reason}")]
    Http {
        /// The URL.
        url: String,
        /// What happened.
        reason: String,
    },
    /// The page came but the extractor could not use it.
    #[error("{url}: extract: {reason}")]
    Extract {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
}

fn join_chain(chain: &[String]) -> String {
    chain.join(" -> ")
}

impl FetchError {
    /// A short category name: `dns`, `connect`, `tls`, `timeout`, `status`,
    /// `too-large`, `not-html`, `robots`, `redirect-loop`, `too-many-redirects`,
    /// `bad-redirect`, `bad-url`, `scheme`, `rule`, `http`, `extract`, `config`.
    /// Stable: refresh records it.
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::Config { .. } => "config",
            FetchError::BadUrl { .. } => "bad-url",
            FetchError::Scheme { .. } => "scheme",
            FetchError::Rule { .. } => "rule",
            FetchError::Dns { .. } => "dns",
            FetchError::Connect { .. } => "connect",
            FetchError::Tls { .. } => "tls",
            FetchError::Timeout { .. } => "timeout",
            FetchError::Status { .. } => "status",
            FetchError::TooLarge { .. } => "too-large",
            FetchError::NotHtml { .. } => "not-html",
            FetchError::Robots { .. } => "robots",
            FetchError::RedirectLoop { .. } => "redirect-loop",
            FetchError::TooManyRedirects { .. } => "too-many-redirects",
            FetchError::BadRedirect { .. } => "bad-redirect",
            FetchError::Http { .. } => "http",
            FetchError::Extract { .. } => "extract",
        }
    }

    /// The URL the error is about (`None` for [`FetchError::Config`]).
    pub fn url(&self) -> Option<&str> {
        match self {
            FetchError::Config { .. } => None,
            FetchError::BadUrl { url, .. }
            | FetchError::Scheme { url, .. }
            | FetchError::Rule { url, .. }
            | FetchError::Dns { url, .. }
            | FetchError::Connect { url, .. }
            | FetchError::Tls { url, .. }
            | FetchError::Timeout { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::NotHtml { url, .. }
            | FetchError::Robots { url }
            | FetchError::RedirectLoop { url, .. }
            | FetchError::TooManyRedirects { url, .. }
            | FetchError::BadRedirect { url, .. }
            | FetchError::Http { url, .. }
            | FetchError::Extract { url, .. } => Some(url),
        }
    }

    /// Whether trying the same URL later might work (refresh uses this to
    /// decide between "retry next run" and "give up").
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Dns { .. }
            | FetchError::Connect { .. }
            | FetchError::Timeout { .. }
            | FetchError::Http { .. } => true,
            FetchError::Status { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

/// Parses and checks a URL given by a user: it must be absolute, `http` or
/// `https`, and have a host. Run on every input before any request.
pub fn parse_url(input: &str) -> Result<Url, FetchError> {
    let url = Url::parse(input.trim()).map_err(|e| FetchError::BadUrl {
        url: redact_text(input),
        reason: e.to_string(),
    })?;
    check_scheme(&url)?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::BadUrl {
            url: redact_text(input),
            reason: "no host".to_string(),
        });
    }
    Ok(url)
}

/// `url` without the user name and password of `https://user:pass@host/`:
/// the form every URL takes when it is shown, logged or stored. The
/// credentials themselves only ever go into the request (as HTTP Basic
/// authentication, which is how the HTTP client uses them).
pub fn redacted(url: &Url) -> Url {
    let mut shown = url.clone();
    if !shown.username().is_empty() || shown.password().is_some() {
        // Only URLs without a host refuse these, and they have no userinfo.
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
    }
    shown
}

/// [`redacted`] as a string.
pub fn redact(url: &Url) -> String {
    if url.username().is_empty() && url.password().is_none() {
        url.to_string()
    } else {
        redacted(url).to_string()
    }
}

/// Text that was meant as a URL but may not parse, with anything between
/// `://` and an `@` in the authority cut out, so a mistyped URL with
/// credentials is not echoed in messages either.
pub fn redact_text(text: &str) -> String {
    let Some(start) = text.find("://").map(|i| i + 3) else {
        return text.to_string();
    };
    let rest = &text[start..];
    let authority = rest.find(['/', '?', '#']).map_or(rest, |end| &rest[..end]);
    match authority.rfind('@') {
        Some(at) => format!("{}{}", &text[..start], &rest[at + 1..]),
        None => text.to_string(),
    }
}

/// Refuses anything but `http` and `https`.
pub fn check_scheme(url: &Url) -> Result<(), FetchError> {
    match url.scheme() {
        "http" | "https" => Ok(()),
        other => Err(FetchError::Scheme {
            url: redact(url),
            scheme: other.to_string(),
        }),
    }
}

/// `time` as RFC 3339 UTC with whole seconds, e.g. `2026-01-02T03:04:05Z`.
pub fn rfc3339(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats_known_instants() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let t = UNIX_EPOCH + Duration::from_secs(951_782_400 + 3661); // 2000-02-29
        assert_eq!(rfc3339(t), "2000-02-29T01:01:01Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_767_225_599); // last second of 2025
        assert_eq!(rfc3339(t), "2025-12-31T23:59:59Z");
    }

    #[test]
    fn parse_url_refuses_other_schemes_and_garbage() {
        assert!(parse_url("https://example.com/a").is_ok());
        let e = parse_url("file:///etc/passwd").unwrap_err();
        assert_eq!(e.kind(), "scheme");
        assert!(e.to_string().contains("file:///etc/passwd"));
        assert_eq!(parse_url("ftp://x.test/").unwrap_err().kind(), "scheme");
        assert_eq!(parse_url("not a url").unwrap_err().kind(), "bad-url");
        assert_eq!(parse_url("/relative").unwrap_err().kind(), "bad-url");
    }

    #[test]
    fn credentials_never_show() {
        let u = Url::parse("https://user:secret@a.test:8443/x?q=1").unwrap();
        assert_eq!(redact(&u), "https://a.test:8443/x?q=1");
        assert_eq!(redacted(&u).as_str(), "https://a.test:8443/x?q=1");
        let plain = Url::parse("https://a.test/x@y").unwrap();
        assert_eq!(redact(&plain), "https://a.test/x@y");
        assert_eq!(redact_text("https://u:p@[bad/x@y"), "https://[bad/x@y");
        assert_eq!(redact_text("not a url"), "not a url");
        let e = parse_url("ftp://u:p@a.test/f").unwrap_err();
        assert!(!e.to_string().contains("u:p"), "{e}");
        let e = parse_url("https://u:p@").unwrap_err();
        assert!(!e.to_string().contains("u:p"), "{e}");
    }

    #[test]
    fn config_validation_names_the_setting() {
        assert!(FetchConfig::default().validate().is_ok());
        let c = FetchConfig {
            timeout: Duration::ZERO,
            ..FetchConfig::default()
        };
        assert!(c.validate().unwrap_err().to_string().contains("timeout"));
        let c = FetchConfig {
            user_agent: "bad\nagent".into(),
            ..FetchConfig::default()
        };
        assert!(c.validate().unwrap_err().to_string().contains("user agent"));
        let ua = default_user_agent();
        assert_eq!(
            ua,
            format!(
                "threshing/{} (+https://github.com/threshing/threshing)",
                env!("CARGO_PKG_VERSION")
            )
        );
    }
}
