//! The [`Fetcher`]: one HTTP client per run, with our own redirect loop (so
//! each hop is checked for scheme and robots.txt, and loops are reported
//! with their chain), retries, site `[fetch]` rules and a streamed body cap.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;
use url::Url;

use super::politeness::{backoff, parse_retry_after, HostPermit, Hosts};
use super::robots::{robots_url, RobotsCache, RobotsPolicy};
use super::{
    check_scheme, redact, redacted, rfc3339, FetchConfig, FetchError, Fetched, Validators,
    ROBOTS_TOKEN,
};
use crate::article::Article;
use crate::extract::{Extractor, Page};
use crate::rules::{FetchRules, Rewrite, RuleSet, SiteRules};

/// RFC 9309 asks crawlers to parse at least 500 KiB of robots.txt.
const ROBOTS_MAX_BYTES: usize = 512 * 1024;
/// RFC 9309 asks crawlers to follow at least five redirects for robots.txt.
const ROBOTS_MAX_REDIRECTS: usize = 5;

/// Fetches pages. Build one per run and share it: it holds the connection
/// pool, the cookie jar, the robots.txt cache and the per-host pacing.
#[derive(Debug)]
pub struct Fetcher {
    config: FetchConfig,
    client: reqwest::Client,
    jar: Arc<Jar>,
    rules: Arc<RuleSet>,
    hosts: Hosts,
    robots: RobotsCache,
}

/// What a request is for: it decides the body cap, whether robots.txt is
/// consulted, and which responses are acceptable.
#[derive(Debug, Clone, Copy)]
enum Purpose<'a> {
    Page(Option<&'a Validators>),
    Robots,
}

/// One response, with the body read when the status called for it.
#[derive(Debug)]
struct Response {
    status: StatusCode,
    version: reqwest::Version,
    headers: HeaderMap,
    request_headers: HeaderMap,
    body: Vec<u8>,
    attempts: u32,
    at: SystemTime,
}

impl Fetcher {
    /// A fetcher with `config` (validated here) and the site rules whose
    /// `[fetch]` sections shape requests.
    pub fn new(config: FetchConfig, rules: Arc<RuleSet>) -> Result<Self, FetchError> {
        config.validate()?;
        let jar = Arc::new(Jar::default());
        let mut builder = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .cookie_provider(jar.clone())
            .gzip(true)
            .brotli(true)
            .zstd(true)
            .deflate(true);
        for (host, addr) in &config.resolve {
            builder = builder.resolve(host, *addr);
        }
        let client = builder.build().map_err(|e| FetchError::Config {
            reason: format!("cannot build the HTTP client: {}", error_text(&e)),
        })?;
        Ok(Fetcher {
            hosts: Hosts::new(config.min_host_delay),
            config,
            client,
            jar,
            rules,
            robots: RobotsCache::default(),
        })
    }

    /// The settings in force.
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// The rules whose `[fetch]` sections shape requests.
    pub fn rules(&self) -> &Arc<RuleSet> {
        &self.rules
    }

    /// When the next request to `url`'s host may start under its pacing
    /// (`min_host_delay`, or a longer robots.txt `Crawl-delay`), if that is
    /// still in the future. A scheduler can wait for it before taking one of
    /// its own connection slots, so slots are not spent sleeping.
    pub fn ready_at(&self, url: &Url) -> Option<std::time::Instant> {
        self.hosts.ready_at(&host_key(url))
    }

    /// The least time between two requests to `url`'s host (`min_host_delay`,
    /// or its longer robots.txt `Crawl-delay` once read): what a shared
    /// scheduler spaces requests by across processes.
    pub fn host_delay(&self, url: &Url) -> Duration {
        self.hosts.delay(&host_key(url))
    }

    /// Fetches one page: applies the site's `[fetch]` rewrite, headers and
    /// cookies, follows redirects (each hop checked for scheme and
    /// robots.txt), retries transient failures, and returns the decompressed
    /// body of an HTML page. With `conditional`, a 304 answer comes back as a
    /// [`Fetched`] marked `not_modified`.
    pub async fn fetch(
        &self,
        url: &Url,
        conditional: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        check_scheme(url)?;
        let start = self.rewrite(url)?;
        let (chain, response) = self.follow(&start, Purpose::Page(conditional)).await?;
        let final_url = chain.last().cloned().unwrap_or_else(|| start.clone());
        let status = response.status;
        let not_modified = status == StatusCode::NOT_MODIFIED && conditional.is_some();
        if !status.is_success() && !not_modified {
            return Err(FetchError::Status {
                url: redact(&final_url),
                status: status.as_u16(),
            });
        }
        let content_type = header_text(&response.headers, header::CONTENT_TYPE);
        if !not_modified && !is_html(content_type.as_deref(), &response.body) {
            return Err(FetchError::NotHtml {
                url: redact(&final_url),
                content_type,
            });
        }
        Ok(Fetched {
            url: redacted(url),
            final_url: redacted(&final_url),
            chain: chain.iter().map(redacted).collect(),
            status: status.as_u16(),
            not_modified,
            content_type,
            content_language: header_text(&response.headers, header::CONTENT_LANGUAGE),
            etag: header_text(&response.headers, header::ETAG),
            last_modified: header_text(&response.headers, header::LAST_MODIFIED),
            http_version: format!("{:?}", response.version),
            headers: header_list(&response.headers),
            request_headers: header_list(&response.request_headers),
            body: response.body,
            fetched_at: rfc3339(response.at),
            attempts: response.attempts,
        })
    }

    /// The site's `[fetch]` rules for `url`'s host, if a site file applies.
    fn site_rules(&self, url: &Url) -> Option<&SiteRules> {
        self.rules.for_host(url.host_str()).site
    }

    /// The URL after the site's `rewrite` rule, if it has one.
    fn rewrite(&self, url: &Url) -> Result<Url, FetchError> {
        match self.site_rules(url) {
            Some(site) => match &site.fetch.rewrite {
                Some(rewrite) => apply_rewrite(url, &site.name, rewrite),
                None => Ok(url.clone()),
            },
            None => Ok(url.clone()),
        }
    }

    /// Requests `start` and follows redirects. Returns every URL visited and
    /// the last response (not a redirect).
    async fn follow(
        &self,
        start: &Url,
        purpose: Purpose<'_>,
    ) -> Result<(Vec<Url>, Response), FetchError> {
        let max_redirects = match purpose {
            Purpose::Page(_) => self.config.max_redirects,
            Purpose::Robots => ROBOTS_MAX_REDIRECTS,
        };
        let mut chain = vec![start.clone()];
        loop {
            let current = chain.last().unwrap_or(start).clone();
            if matches!(purpose, Purpose::Page(_)) && self.config.robots {
                self.check_robots(&current).await?;
            }
            let response = self.exchange(&current, purpose).await?;
            if !is_redirect(response.status) {
                return Ok((chain, response));
            }
            let next = redirect_target(&current, &response.headers)?;
            check_scheme(&next)?;
            let seen = chain.contains(&next);
            let too_many = chain.len() > max_redirects;
            if seen || too_many {
                let url = redact(start);
                let mut visited: Vec<String> = chain.iter().map(redact).collect();
                visited.push(redact(&next));
                return Err(if seen {
                    FetchError::RedirectLoop {
                        url,
                        chain: visited,
                    }
                } else {
                    FetchError::TooManyRedirects {
                        url,
                        limit: max_redirects,
                        chain: visited,
                    }
                });
            }
            tracing::debug!("{}: redirected to {}", redact(&current), redact(&next));
            chain.push(next);
        }
    }

    /// One request with retries: waits for the host's turn, sends, and reads
    /// the body when the status and content type call for it. Connection
    /// failures (refused, reset, closed before the answer or mid-body), 429
    /// and 5xx are retried (honouring `Retry-After`); the last 429/5xx
    /// response is returned for the caller to report.
    async fn exchange(&self, url: &Url, purpose: Purpose<'_>) -> Result<Response, FetchError> {
        let host = host_key(url);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let retries_left = attempts <= self.config.retries;
            // A connection failure is worth another try while tries are left.
            let retry_after = |err: &FetchError| {
                (retries_left && matches!(err, FetchError::Connect { .. }))
                    .then(|| self.backoff(attempts))
            };
            let permit = self.hosts.acquire(&host).await;
            let request = self
                .request(url, purpose)?
                .build()
                .map_err(|e| classify(url, &e, &self.config))?;
            let mut request_headers = request.headers().clone();
            // Credentials from the URL travel as Basic authentication; like
            // the URL's, they are never kept.
            request_headers.remove(header::AUTHORIZATION);
            request_headers.remove(header::PROXY_AUTHORIZATION);
            if let Ok(agent) = HeaderValue::from_str(&self.config.user_agent) {
                request_headers.insert(header::USER_AGENT, agent);
            }
            let response = match self.client.execute(request).await {
                Ok(r) => r,
                Err(e) => {
                    let err = classify(url, &e, &self.config);
                    drop(permit);
                    if let Some(wait) = retry_after(&err) {
                        tracing::info!("{err}; retry {attempts} in {wait:?}");
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    return Err(err);
                }
            };
            let status = response.status();
            let version = response.version();
            let headers = response.headers().clone();
            let retryable = status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error();
            if retryable && retries_left {
                drop(response);
                drop(permit);
                let wait = header_text(&headers, header::RETRY_AFTER)
                    .and_then(|v| parse_retry_after(&v, SystemTime::now()))
                    .map(|d| d.min(self.config.max_retry_wait))
                    .unwrap_or_else(|| self.backoff(attempts));
                tracing::info!(
                    "{}: http status {status}; retry {attempts} in {wait:?}",
                    redact(url)
                );
                tokio::time::sleep(wait).await;
                continue;
            }
            let body = if wants_body(status, &headers, purpose, url)? {
                match self.read_body(url, response, purpose, permit).await {
                    Ok(body) => body,
                    Err(err) => match retry_after(&err) {
                        Some(wait) => {
                            tracing::info!("{err}; retry {attempts} in {wait:?}");
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                        None => return Err(err),
                    },
                }
            } else {
                Vec::new()
            };
            return Ok(Response {
                status,
                version,
                headers,
                request_headers,
                body,
                attempts,
                at: SystemTime::now(),
            });
        }
    }

    fn backoff(&self, attempts: u32) -> Duration {
        backoff(
            self.config.backoff,
            attempts.saturating_sub(1),
            self.config.max_retry_wait,
        )
    }

    /// A GET for `url` with the site's headers and cookies and, for a page,
    /// the validators of a conditional request.
    fn request(
        &self,
        url: &Url,
        purpose: Purpose<'_>,
    ) -> Result<reqwest::RequestBuilder, FetchError> {
        let mut headers = HeaderMap::new();
        if let Purpose::Page(conditional) = purpose {
            headers.insert(
                header::ACCEPT,
                HeaderValue::from_static("text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"),
            );
            if let Some(v) = conditional {
                for (name, value) in [
                    (header::IF_NONE_MATCH, &v.etag),
                    (header::IF_MODIFIED_SINCE, &v.last_modified),
                ] {
                    if let Some(value) =
                        value.as_deref().and_then(|s| HeaderValue::from_str(s).ok())
                    {
                        headers.insert(name, value);
                    }
                }
            }
            if let Some(site) = self.site_rules(url) {
                let jar = self.jar.cookies(url);
                let jar = jar.as_ref().and_then(|v| v.to_str().ok());
                add_site_headers(url, &site.name, &site.fetch, jar, &mut headers)?;
            }
        }
        Ok(self.client.get(url.clone()).headers(headers))
    }

    /// Streams the body, failing as soon as it passes the cap (robots.txt is
    /// cut at its cap instead). The host permit is held until the last byte.
    async fn read_body(
        &self,
        url: &Url,
        mut response: reqwest::Response,
        purpose: Purpose<'_>,
        permit: HostPermit,
    ) -> Result<Vec<u8>, FetchError> {
        let (limit, truncate) = match purpose {
            Purpose::Page(_) => (self.config.max_bytes, false),
            Purpose::Robots => (ROBOTS_MAX_BYTES, true),
        };
        let too_large = || FetchError::TooLarge {
            url: redact(url),
            limit,
        };
        if !truncate && response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| classify(url, &e, &self.config))?
        {
            if body.len() + chunk.len() > limit {
                if truncate {
                    body.extend_from_slice(&chunk[..limit - body.len()]);
                    break;
                }
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        drop(permit);
        Ok(body)
    }

    /// Refuses `url` when its site's robots.txt disallows it.
    async fn check_robots(&self, url: &Url) -> Result<(), FetchError> {
        let cell = self.robots.cell(url);
        let policy = cell.get_or_init(|| self.load_robots(url)).await;
        if policy.allows(url) {
            Ok(())
        } else {
            Err(FetchError::Robots { url: redact(url) })
        }
    }

    /// Fetches and parses `url`'s robots.txt (see the robots module for what
    /// each outcome means), and applies its `Crawl-delay` to the host.
    async fn load_robots(&self, url: &Url) -> Arc<RobotsPolicy> {
        let robots = robots_url(url);
        // Boxed: `follow` checks robots.txt, which may come back here.
        let policy = match Box::pin(self.follow(&robots, Purpose::Robots)).await {
            Ok((_, r)) if r.status.is_success() => {
                RobotsPolicy::parse(ROBOTS_TOKEN, &r.body, &robots)
            }
            Ok((_, r)) if r.status.is_client_error() => RobotsPolicy::AllowAll,
            Ok((_, r)) => {
                tracing::warn!("{robots}: http status {}, allowing all", r.status);
                RobotsPolicy::AllowAll
            }
            // The page request meets the same failure and reports it.
            Err(e) => {
                tracing::info!("robots.txt unavailable, allowing all: {e}");
                RobotsPolicy::AllowAll
            }
        };
        if let Some(delay) = policy.crawl_delay() {
            let delay = delay.min(self.config.max_crawl_delay);
            tracing::debug!("{robots}: crawl-delay {delay:?}");
            self.hosts.set_delay(&host_key(url), delay).await;
        }
        Arc::new(policy)
    }
}

/// Extracts the article from a fetched page on a blocking thread, so the
/// parsing work never stalls the async runtime's threads.
pub async fn extract(extractor: &Arc<Extractor>, fetched: &Fetched) -> Result<Article, FetchError> {
    let extractor = Arc::clone(extractor);
    let body = fetched.body.clone();
    let url = fetched.final_url.clone();
    let content_type = fetched.content_type.clone();
    let content_language = fetched.content_language.clone();
    let name = redact(&url);
    tokio::task::spawn_blocking(move || {
        extractor.extract(&Page {
            bytes: &body,
            url: Some(&url),
            content_type: content_type.as_deref(),
            content_language: content_language.as_deref(),
        })
    })
    .await
    .map_err(|e| FetchError::Extract {
        url: name.clone(),
        reason: format!("the extractor crashed: {e}"),
    })?
    .map_err(|e| FetchError::Extract {
        url: name,
        reason: e.to_string(),
    })
}

/// `url` rewritten by a site's `rewrite` rule (to a print or single-page
/// version), checked like any other URL; unchanged when it does not match.
fn apply_rewrite(url: &Url, rule_file: &str, rewrite: &Rewrite) -> Result<Url, FetchError> {
    let Some(rewritten) = rewrite.apply(url.as_str()) else {
        return Ok(url.clone());
    };
    let new = Url::parse(&rewritten).map_err(|e| FetchError::Rule {
        url: redact(url),
        rule: rule_file.to_string(),
        reason: format!("rewrite gives {rewritten:?}, not a URL: {e}"),
    })?;
    check_scheme(&new)?;
    tracing::debug!(
        "{}: rewritten to {} by {rule_file}",
        redact(url),
        redact(&new)
    );
    Ok(new)
}

/// Adds a site's `[fetch]` headers, and its cookies merged with `jar` (the
/// cookies the run's jar holds for the URL: setting `Cookie` ourselves stops
/// reqwest adding the jar's, so both go in one header).
fn add_site_headers(
    url: &Url,
    rule_file: &str,
    rules: &FetchRules,
    jar: Option<&str>,
    headers: &mut HeaderMap,
) -> Result<(), FetchError> {
    let bad = |reason: String| FetchError::Rule {
        url: redact(url),
        rule: rule_file.to_string(),
        reason,
    };
    for (name, value) in &rules.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| bad(format!("{name:?} is not a valid header name")))?;
        let value = HeaderValue::from_str(value)
            .map_err(|_| bad(format!("header {name}: {value:?} is not a valid value")))?;
        headers.insert(name, value);
    }
    if rules.cookies.is_empty() {
        return Ok(());
    }
    let mut cookie: Vec<String> = rules
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    cookie.extend(jar.map(str::to_string));
    let value = HeaderValue::from_str(&cookie.join("; "))
        .map_err(|_| bad("cookies hold characters not allowed in a header".to_string()))?;
    headers.insert(header::COOKIE, value);
    Ok(())
}

/// The pacing key: one slot per host and port (`example.com:443`).
pub fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or_default()
    )
}

fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// The absolute URL a redirect points to, without its fragment.
fn redirect_target(current: &Url, headers: &HeaderMap) -> Result<Url, FetchError> {
    let bad = |reason: String| FetchError::BadRedirect {
        url: redact(current),
        reason,
    };
    let location = headers
        .get(header::LOCATION)
        .ok_or_else(|| bad("no Location header".to_string()))?
        .to_str()
        .map_err(|_| bad("Location is not text".to_string()))?;
    let mut next = current
        .join(location.trim())
        .map_err(|e| bad(format!("Location {location:?}: {e}")))?;
    next.set_fragment(None);
    Ok(next)
}

/// Whether to read the body: only for a 2xx, and for a page only when the
/// content type is HTML or missing (a PDF is refused before its body).
fn wants_body(
    status: StatusCode,
    headers: &HeaderMap,
    purpose: Purpose<'_>,
    url: &Url,
) -> Result<bool, FetchError> {
    if !status.is_success() {
        return Ok(false);
    }
    if let Purpose::Page(_) = purpose {
        if let Some(ct) = header_text(headers, header::CONTENT_TYPE) {
            if !is_html_type(&ct) {
                return Err(FetchError::NotHtml {
                    url: redact(url),
                    content_type: Some(ct),
                });
            }
        }
    }
    Ok(true)
}

/// `text/html` or `application/xhtml+xml`, whatever the parameters.
fn is_html_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("text/html")
        || essence.eq_ignore_ascii_case("application/xhtml+xml")
}

/// An HTML content type, or none (or an empty one) and a body that looks
/// like HTML: what `fetch` accepts as a page, and what `extract` takes
/// from a WARC response.
pub fn is_html(content_type: Option<&str>, body: &[u8]) -> bool {
    match content_type.map(str::trim).filter(|c| !c.is_empty()) {
        Some(ct) => is_html_type(ct),
        None => sniffs_as_html(body),
    }
}

/// A body that opens with markup and has an HTML document tag near the top.
fn sniffs_as_html(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else { return false };
    let head = &body[start..body.len().min(start + 1024)];
    if head.first() != Some(&b'<') {
        return false;
    }
    let head = head.to_ascii_lowercase();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body"]
        .iter()
        .any(|tag| head.windows(tag.len()).any(|w| w == *tag))
}

/// Every header in `headers`, in order, values as sent.
fn header_list(headers: &HeaderMap) -> Vec<(String, Vec<u8>)> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str().to_string(), value.as_bytes().to_vec()))
        .collect()
}

fn header_text(headers: &HeaderMap, name: HeaderName) -> Option<String> {
    headers
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_string())
}

/// The causes of a reqwest error, outermost first, without reqwest's own
/// top line (which repeats the URL).
fn error_text(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        // hyper-util's "client error (Connect)" says nothing a category does not.
        let wrapper = text.starts_with("client error (") && s.source().is_some();
        if !wrapper && !parts.iter().any(|p: &String| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    if parts.is_empty() {
        e.to_string()
    } else {
        parts.join(": ")
    }
}

/// A rustls error somewhere among the causes. tokio-rustls wraps it in
/// `io::Error`s (nested), whose `source` skips the wrapped error, so look
/// inside each of those too.
fn is_tls_error(e: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let mut inner: Option<&(dyn std::error::Error + 'static)> = Some(s);
        while let Some(i) = inner {
            if i.is::<rustls::Error>() {
                return true;
            }
            inner = i
                .downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .map(|e| e as &(dyn std::error::Error + 'static));
        }
        source = s.source();
    }
    false
}

/// Sorts a reqwest error into our categories.
fn classify(url: &Url, e: &reqwest::Error, config: &FetchConfig) -> FetchError {
    let url = redact(url);
    let reason = error_text(e);
    let lower = reason.to_ascii_lowercase();
    if e.is_timeout() {
        let limit = if e.is_connect() {
            config.connect_timeout
        } else {
            config.timeout
        };
        return FetchError::Timeout {
            url,
            secs: limit.as_secs_f64(),
        };
    }
    // hyper-util reports resolver failures only as text.
    if lower.contains("dns error") || lower.contains("failed to lookup address") {
        let reason = reason.replacen("dns error: ", "", 1);
        return FetchError::Dns { url, reason };
    }
    if is_tls_error(e) {
        return FetchError::Tls { url, reason };
    }
    if e.is_connect() || is_dropped_connection(e) {
        return FetchError::Connect { url, reason };
    }
    FetchError::Http { url, reason }
}

/// A connection the server (or something on the way) dropped: reset,
/// aborted, or closed before the answer was complete. Like a refused
/// connection, it says nothing about the page, so it is worth a retry.
fn is_dropped_connection(e: &reqwest::Error) -> bool {
    use std::io::ErrorKind;
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if matches!(
                io.kind(),
                ErrorKind::ConnectionReset
                    | ErrorKind::ConnectionAborted
                    | ErrorKind::BrokenPipe
                    | ErrorKind::UnexpectedEof
            ) {
                return true;
            }
        }
        // hyper says so only in words: its error kinds are private.
        let text = s.to_string();
        if text.contains("connection closed before message completed")
            || text.contains("end of file before message length reached")
        {
            return true;
        }
        source = s.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_types_and_sniffing() {
        assert!(is_html_type("text/html; charset=iso-8859-1"));
        assert!(is_html_type("Application/XHTML+XML"));
        assert!(!is_html_type("application/pdf"));
        assert!(!is_html_type("text/plain"));
        assert!(is_html(None, b"\xEF\xBB\xBF\n  <!DOCTYPE html><p>x"));
        assert!(is_html(Some(""), b"<html><body>x</body></html>"));
        assert!(!is_html(None, b"%PDF-1.7 <html>"));
        assert!(!is_html(None, b"<?xml version='1.0'?><rss></rss>"));
        assert!(!is_html(None, b""));
    }

    #[test]
    fn site_headers_and_cookies_join_the_jar() {
        let url = Url::parse("https://a.test/x").unwrap();
        let rules = FetchRules {
            headers: vec![("Accept-Language".into(), "de".into())],
            cookies: vec![
                ("consent".into(), "yes".into()),
                ("gdpr".into(), "1".into()),
            ],
            rewrite: None,
            ..FetchRules::default()
        };
        let mut h = HeaderMap::new();
        add_site_headers(&url, "a.test.toml", &rules, Some("sid=42"), &mut h).unwrap();
        assert_eq!(h["accept-language"], "de");
        assert_eq!(h["cookie"], "consent=yes; gdpr=1; sid=42");

        let bad = FetchRules {
            headers: vec![("Bad Header".into(), "x".into())],
            ..FetchRules::default()
        };
        let e = add_site_headers(&url, "a.test.toml", &bad, None, &mut h).unwrap_err();
        assert_eq!(e.kind(), "rule");
        assert!(e.to_string().contains("a.test.toml"), "{e}");
    }

    #[test]
    fn rewrite_applies_to_matching_urls_only() {
        let rw = Rewrite {
            from: regex::Regex::new(r"^(https://a\.test/news/.*)$").unwrap(),
            to: "${1}?print=1".into(),
        };
        let u = |s: &str| Url::parse(s).unwrap();
        assert_eq!(
            apply_rewrite(&u("https://a.test/news/1"), "a.test.toml", &rw).unwrap(),
            u("https://a.test/news/1?print=1")
        );
        assert_eq!(
            apply_rewrite(&u("https://a.test/other"), "a.test.toml", &rw).unwrap(),
            u("https://a.test/other")
        );
        let to_file = Rewrite {
            from: regex::Regex::new("^.*$").unwrap(),
            to: "file:///etc/passwd".into(),
        };
        let e = apply_rewrite(&u("https://a.test/x"), "a.test.toml", &to_file).unwrap_err();
        assert_eq!(e.kind(), "scheme");
    }

    #[test]
    fn redirect_targets_resolve_and_lose_fragments() {
        let here = Url::parse("https://a.test/x/y").unwrap();
        let mut h = HeaderMap::new();
        h.insert(header::LOCATION, HeaderValue::from_static("../z#top"));
        assert_eq!(
            redirect_target(&here, &h).unwrap().as_str(),
            "https://a.test/z"
        );
        let e = redirect_target(&here, &HeaderMap::new()).unwrap_err();
        assert_eq!(e.kind(), "bad-redirect");
    }
}
