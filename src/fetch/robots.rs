//! robots.txt: one fetch per site per run, then every URL of that site is
//! checked against the cached rules for our product token (`threshing`),
//! falling back to the `*` group.
//!
//! Parsing is `texting_robots` (RFC 9309 groups, longest match wins, `*` and
//! `$` patterns, `Crawl-delay`). What an unusable robots.txt means is our
//! choice, following RFC 9309 section 2.3.1:
//! - 2xx: parsed; a file that does not parse allows everything (logged).
//! - 4xx (no robots.txt, or forbidden): everything is allowed.
//! - 5xx, or the site unreachable: the RFC says assume complete disallow.
//!   We allow instead and log a warning: a one-off `thresh fetch` of a page
//!   whose server has a broken robots.txt should not fail, the page request
//!   itself will hit the same server error anyway, and pacing still applies.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use texting_robots::Robot;
use tokio::sync::OnceCell;
use url::Url;

/// What robots.txt says for one site.
#[derive(Debug)]
pub(crate) enum RobotsPolicy {
    /// No usable robots.txt: everything allowed.
    AllowAll,
    /// Parsed rules for our agent.
    Rules(Box<Robot>),
}

impl RobotsPolicy {
    /// Parses a robots.txt body for `agent`; unparsable means allow all.
    pub(crate) fn parse(agent: &str, body: &[u8], robots_url: &Url) -> Self {
        match Robot::new(agent, body) {
            Ok(robot) => RobotsPolicy::Rules(Box::new(robot)),
            Err(e) => {
                tracing::warn!("{robots_url}: unparsable robots.txt, allowing all: {e:#}");
                RobotsPolicy::AllowAll
            }
        }
    }

    /// Whether `url` may be fetched.
    pub(crate) fn allows(&self, url: &Url) -> bool {
        match self {
            RobotsPolicy::AllowAll => true,
            RobotsPolicy::Rules(robot) => robot.allowed(url.as_str()),
        }
    }

    /// The site's `Crawl-delay`, if it set a sensible one.
    pub(crate) fn crawl_delay(&self) -> Option<Duration> {
        match self {
            RobotsPolicy::Rules(robot) => robot
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d.min(86_400.0))),
            RobotsPolicy::AllowAll => None,
        }
    }
}

/// The robots.txt of every site seen in this run, each fetched at most once
/// even when many tasks ask at the same time.
#[derive(Debug, Default)]
pub(crate) struct RobotsCache {
    sites: Mutex<HashMap<String, Arc<OnceCell<Arc<RobotsPolicy>>>>>,
}

impl RobotsCache {
    /// The cell for `url`'s site (`scheme://host:port`); the caller fills it.
    pub(crate) fn cell(&self, url: &Url) -> Arc<OnceCell<Arc<RobotsPolicy>>> {
        let key = url.origin().ascii_serialization();
        let mut sites = self.sites.lock().unwrap_or_else(|p| p.into_inner());
        sites.entry(key).or_default().clone()
    }
}

/// Where `url`'s site keeps its robots.txt.
pub(crate) fn robots_url(url: &Url) -> Url {
    let mut r = url.clone();
    r.set_path("/robots.txt");
    r.set_query(None);
    r.set_fragment(None);
    // Credentials never go to robots.txt; a URL that cannot hold them
    // (no host) never gets this far.
    let _ = r.set_username("");
    let _ = r.set_password(None);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn our_group_wins_and_longest_match_decides() {
        let txt = b"User-agent: *\nDisallow: /\n\nUser-agent: threshing\nDisallow: /private\nAllow: /private/open\nCrawl-delay: 2\n";
        let p = RobotsPolicy::parse("threshing", txt, &url("http://a.test/robots.txt"));
        assert!(p.allows(&url("http://a.test/news/1")));
        assert!(!p.allows(&url("http://a.test/private/x")));
        assert!(p.allows(&url("http://a.test/private/open/y")));
        assert_eq!(p.crawl_delay(), Some(Duration::from_secs(2)));
        // Another agent falls back to `*`.
        let other = RobotsPolicy::parse("otherbot", txt, &url("http://a.test/robots.txt"));
        assert!(!other.allows(&url("http://a.test/news/1")));
    }

    #[test]
    fn robots_url_drops_path_query_and_credentials() {
        assert_eq!(
            robots_url(&url("https://u:p@a.test:8443/x/y?q=1#f")).as_str(),
            "https://a.test:8443/robots.txt"
        );
    }
}
