//! Pacing: at most one request in flight per host, a minimum gap between
//! requests to the same host, and how long to wait before a retry. Kept apart
//! from the HTTP code so the rules can be read (and tested) in one place.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

/// Per-host state: when the last request to it finished and how far apart
/// requests must be.
#[derive(Debug, Default)]
pub(crate) struct HostState {
    last_done: Option<Instant>,
    delay: Duration,
}

/// The right to send one request to a host. While it is held nobody else
/// talks to that host; dropping it records the time, so the next request
/// waits out the host's delay from here.
#[derive(Debug)]
pub(crate) struct HostPermit {
    guard: OwnedMutexGuard<HostState>,
}

impl Drop for HostPermit {
    fn drop(&mut self) {
        self.guard.last_done = Some(Instant::now());
    }
}

/// The per-host slots of one run, keyed by `host:port`.
#[derive(Debug)]
pub(crate) struct Hosts {
    min_delay: Duration,
    slots: Mutex<HashMap<String, Arc<AsyncMutex<HostState>>>>,
}

impl Hosts {
    pub(crate) fn new(min_delay: Duration) -> Self {
        Hosts {
            min_delay,
            slots: Mutex::new(HashMap::new()),
        }
    }

    fn slot(&self, key: &str) -> Arc<AsyncMutex<HostState>> {
        // A poisoned map only means another task panicked while inserting;
        // the map itself is still consistent.
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        slots
            .entry(key.to_string())
            .or_insert_with(|| {
                Arc::new(AsyncMutex::new(HostState {
                    last_done: None,
                    delay: self.min_delay,
                }))
            })
            .clone()
    }

    /// Waits until this host is free and its delay has passed.
    pub(crate) async fn acquire(&self, key: &str) -> HostPermit {
        let guard = self.slot(key).lock_owned().await;
        if let Some(last) = guard.last_done {
            let ready = last + guard.delay;
            if ready > Instant::now() {
                tokio::time::sleep_until(ready.into()).await;
            }
        }
        HostPermit { guard }
    }

    /// When the next request to this host may start, if that is still in
    /// the future; `None` when it may start now or a request is in flight
    /// (then [`Hosts::acquire`] queues behind it as usual).
    pub(crate) fn ready_at(&self, key: &str) -> Option<Instant> {
        let slot = self.slot(key);
        let state = slot.try_lock().ok()?;
        let ready = state.last_done? + state.delay;
        (ready > Instant::now()).then_some(ready)
    }

    /// The least time between two requests to this host: the minimum, or
    /// the host's longer robots.txt `Crawl-delay` once known.
    pub(crate) fn delay(&self, key: &str) -> Duration {
        let slot = self.slot(key);
        let delay = slot.try_lock().map_or(self.min_delay, |s| s.delay);
        delay.max(self.min_delay)
    }

    /// Raises a host's delay (robots.txt `Crawl-delay`); never lowers it
    /// below the configured minimum.
    pub(crate) async fn set_delay(&self, key: &str, delay: Duration) {
        let slot = self.slot(key);
        let mut state = slot.lock().await;
        state.delay = delay.max(self.min_delay);
    }
}

/// A random fraction in `[0, 1)`, from the standard library's randomly keyed
/// hasher: enough to spread retries, no extra dependency.
fn random_fraction() -> f64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait before retry number `retry` (0 for the first retry): `base`
/// doubled per retry, with "equal jitter" (half fixed, half random) so that
/// many clients do not retry in step; never more than `cap`.
pub(crate) fn backoff(base: Duration, retry: u32, cap: Duration) -> Duration {
    let full = base.saturating_mul(1u32 << retry.min(20)).min(cap);
    full / 2 + full.mul_f64(random_fraction() / 2.0)
}

/// A `Retry-After` value as a wait from `now`: delta-seconds or an HTTP-date.
/// `None` when it is neither; a date in the past means no wait.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }

    #[test]
    fn backoff_doubles_within_jitter_and_is_capped() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(1);
        for retry in 0..3 {
            let full = base * (1 << retry);
            let d = backoff(base, retry, cap);
            assert!(d >= full / 2 && d <= full, "{retry}: {d:?}");
        }
        assert!(backoff(base, 30, cap) <= cap);
    }

    #[tokio::test]
    async fn ready_at_reports_the_end_of_the_host_delay() {
        let hosts = Hosts::new(Duration::from_secs(60));
        assert_eq!(hosts.ready_at("a:80"), None);
        let before = Instant::now();
        drop(hosts.acquire("a:80").await);
        let ready = hosts.ready_at("a:80").unwrap();
        assert!(ready >= before + Duration::from_secs(60));
        // A longer crawl-delay moves it further.
        hosts.set_delay("a:80", Duration::from_secs(120)).await;
        assert!(hosts.ready_at("a:80").unwrap() >= before + Duration::from_secs(120));
        assert_eq!(hosts.ready_at("b:80"), None);
    }

    #[tokio::test]
    async fn one_request_per_host_at_a_time() {
        let hosts = Arc::new(Hosts::new(Duration::ZERO));
        let first = hosts.acquire("a:80").await;
        // Another host is not blocked.
        let _other = hosts.acquire("b:80").await;
        let h = hosts.clone();
        let waiter = tokio::spawn(async move {
            let _p = h.acquire("a:80").await;
        });
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        drop(first);
        waiter.await.unwrap();
    }
}
