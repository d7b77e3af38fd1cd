//! `thresh refresh` against a real HTTP server on 127.0.0.1 (see
//! `server.rs`) and a real SQLite state: conditional requests, unchanged
//! detection, resuming after `kill -9` and Ctrl-C, per-host pacing, failures
//! that keep the old article, duplicates, malformed lines, `--max-age`,
//! `--report` and `--strict`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use threshing::fetch::{FetchConfig, Fetcher};
use threshing::refresh::progress::ProgressMode;
use threshing::refresh::state::State;
use threshing::refresh::{self, Cancel, ListSource, RefreshOptions};
use threshing::{Extractor, RuleSet};

use super::cmd::stderr;
use crate::server::{Body, Reply, Request, Server};

/// A page whose text names `what`, so each URL's article differs.
pub(crate) fn page(what: &str) -> String {
    format!(
        "<!doctype html><html lang=en><head><title>{what}</title></head><body><article>\
         <h1>{what}</h1><p>This is the story of {what}. It has several sentences, \
         so that the extractor keeps it as the article. Nothing else happens in it, \
         which is fine for a test page about {what}.</p></article></body></html>"
    )
}

/// robots.txt is 404; everything else goes to `f`.
fn site(f: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
    Server::start(move |r| match r.path() {
        "/robots.txt" => Reply::status(404),
        _ => f(r),
    })
}

struct Setup {
    dir: tempfile::TempDir,
    list: PathBuf,
}

impl Setup {
    fn new(lines: &[String]) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("list.txt");
        std::fs::write(&list, lines.join("\n") + "\n").unwrap();
        Setup { dir, list }
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn report(&self) -> PathBuf {
        self.dir.path().join("report.jsonl")
    }

    fn command(&self, extra: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_thresh"));
        c.arg("refresh")
            .arg(&self.list)
            .arg("--out-dir")
            .arg(self.out())
            .arg("--report")
            .arg(self.report())
            .args(["--delay", "0", "--retries", "0"])
            .args(extra);
        c
    }

    fn run(&self, extra: &[&str]) -> Output {
        self.command(extra).output().unwrap()
    }

    /// The report lines as JSON.
    fn lines(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(self.report())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The report's outcome for the URL ending in `path`.
    fn outcome(&self, path: &str) -> String {
        let lines = self.lines();
        let line = lines
            .iter()
            .find(|l| l["url"].as_str().unwrap().ends_with(path))
            .unwrap_or_else(|| panic!("{path} not in {lines:?}"));
        line["outcome"].as_str().unwrap().to_string()
    }

    fn text_file(&self, server: &Server, path: &str) -> PathBuf {
        let url = url::Url::parse(&server.url(path)).unwrap();
        threshing::store::Store::new(self.out())
            .paths(&url, threshing::Format::Txt)
            .text
            .unwrap()
    }
}

#[test]
fn conditional_get_and_unchanged_text_write_nothing() {
    let server = site(|r| match r.path() {
        "/etag" => match r.header("if-none-match") {
            Some("\"v1\"") => Reply::status(304),
            _ => Reply::html(page("etag")).header("ETag", "\"v1\""),
        },
        "/lastmod" => match r.header("if-modified-since") {
            Some(_) => Reply::status(304),
            _ => Reply::html(page("lastmod"))
                .header("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT"),
        },
        // No validators; the markup changes, the text does not.
        "/plain" => Reply::html(page("plain").replace("<h1>", &format!("<h1 data-hit={}>", r.hit))),
        _ => Reply::status(404),
    });
    let s = Setup::new(&[
        server.url("/etag"),
        server.url("/lastmod"),
        server.url("/plain"),
    ]);
    let first = s.run(&[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(stderr(&first).contains("3 new"), "{}", stderr(&first));
    let plain = s.text_file(&server, "/plain");
    assert!(std::fs::read_to_string(&plain)
        .unwrap()
        .contains("story of plain"));
    let before = std::fs::metadata(&plain).unwrap().modified().unwrap();
    let meta = plain.with_extension("json");
    let meta_before = std::fs::metadata(&meta).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(20));

    let second = s.run(&[]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("3 unchanged"),
        "{}",
        stderr(&second)
    );
    let reqs = server.requests();
    let last = |path: &str| {
        reqs.iter()
            .rev()
            .find(|r| r.path() == path)
            .unwrap()
            .clone()
    };
    assert_eq!(last("/etag").header("if-none-match"), Some("\"v1\""));
    assert_eq!(
        last("/lastmod").header("if-modified-since"),
        Some("Sun, 06 Nov 1994 08:49:37 GMT")
    );
    assert_eq!(last("/plain").header("if-none-match"), None);
    for p in ["/etag", "/lastmod", "/plain"] {
        assert_eq!(s.outcome(p), "unchanged", "{p}");
    }
    let statuses: Vec<u64> = s
        .lines()
        .iter()
        .map(|l| l["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [304, 304, 200]);
    // Same text: neither file was rewritten.
    assert_eq!(
        std::fs::metadata(&plain).unwrap().modified().unwrap(),
        before
    );
    assert_eq!(
        std::fs::metadata(&meta).unwrap().modified().unwrap(),
        meta_before
    );
}

#[test]
fn an_article_saved_by_fetch_is_refreshed_conditionally() {
    let server = site(|r| match r.header("if-none-match") {
        Some("\"v1\"") => Reply::status(304),
        _ => Reply::html(page("fetched")).header("ETag", "\"v1\""),
    });
    let s = Setup::new(&[server.url("/f")]);
    let out = Command::new(env!("CARGO_BIN_EXE_thresh"))
        .args(["fetch", "--out-dir"])
        .arg(s.out())
        .arg(server.url("/f"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = s.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(s.outcome("/f"), "unchanged");
    assert_eq!(s.lines()[0]["status"], 304);
}

#[test]
fn changed_text_is_rewritten_and_a_failure_keeps_the_old_article() {
    let server = site(|r| match (r.path(), r.hit) {
        ("/story", 1) => Reply::html(page("version one")),
        ("/story", 2) => Reply::html(page("version two")),
        ("/story", _) => Reply::status(503),
        _ => Reply::status(404),
    });
    let s = Setup::new(&[server.url("/story")]);
    let text = s.text_file(&server, "/story");

    assert_eq!(s.run(&[]).status.code(), Some(0));
    assert_eq!(s.outcome("/story"), "new");
    assert_eq!(s.run(&[]).status.code(), Some(0));
    assert_eq!(s.outcome("/story"), "updated");
    let good = std::fs::read_to_string(&text).unwrap();
    assert!(good.contains("version two"), "{good}");
    let good_meta = std::fs::read(text.with_extension("json")).unwrap();

    // The 503: counted, reported, exit 0 without --strict, 1 with it.
    let out = s.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 failed (1 status)"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("http status 503"), "{}", stderr(&out));
    let line = &s.lines()[0];
    assert_eq!(line["outcome"], "failed");
    assert_eq!(line["error_kind"], "status");
    assert_eq!(line["status"], 503);
    let out = s.run(&["--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    // The article and its metadata are untouched; the state has the error.
    assert_eq!(std::fs::read_to_string(&text).unwrap(), good);
    assert_eq!(
        std::fs::read(text.with_extension("json")).unwrap(),
        good_meta
    );
    let state = State::open(&s.out()).unwrap();
    let a = state.attempts(&server.url("/story")).unwrap().unwrap();
    assert_eq!((a.attempts, a.failures), (4, 2));
    assert_eq!(a.error_kind.as_deref(), Some("status"));
    assert!(a.last_error.unwrap().contains("503"));
    assert!(state
        .lookup(&server.url("/story"))
        .unwrap()
        .unwrap()
        .text_hash
        .is_some());
}

#[test]
fn duplicates_once_and_malformed_lines_by_number() {
    let server = site(|r| Reply::html(page(r.path())));
    let port = server.addr().port();
    let s = Setup::new(&[
        "# my list".to_string(),
        String::new(),
        server.url("/one"),
        "not a url".to_string(),
        format!("HTTP://127.0.0.1:{port}/one#comments"),
        "ftp://127.0.0.1/file".to_string(),
        server.url("/two"),
        server.url("/one"),
    ]);
    let out = s.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let list = s.list.display().to_string();
    assert!(
        err.contains(&format!("{list}:4: not a url: bad url")),
        "{err}"
    );
    assert!(err.contains(&format!("{list}:6: ftp://")), "{err}");
    assert!(
        err.contains("2 new") && err.contains("2 duplicate") && err.contains("2 invalid"),
        "{err}"
    );
    assert_eq!(server.hits("/one"), 1);
    assert_eq!(server.hits("/two"), 1);
    let got: Vec<(u64, String)> = s
        .lines()
        .iter()
        .map(|l| {
            (
                l["line"].as_u64().unwrap(),
                l["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let want: Vec<(u64, String)> = [
        (3, "new"),
        (4, "invalid"),
        (5, "duplicate"),
        (6, "invalid"),
        (7, "new"),
        (8, "duplicate"),
    ]
    .iter()
    .map(|(n, o)| (*n, o.to_string()))
    .collect();
    assert_eq!(got, want);
    let new = s.lines().into_iter().find(|l| l["line"] == 3).unwrap();
    assert!(Path::new(new["text"].as_str().unwrap()).is_file());
    assert!(Path::new(new["meta"].as_str().unwrap()).is_file());
    // Invalid lines are failures for --strict.
    assert_eq!(s.run(&["--strict"]).status.code(), Some(1));
}

#[test]
fn max_age_skips_recent_successes() {
    let server = site(|r| Reply::html(page(r.path())));
    let s = Setup::new(&[server.url("/a"), server.url("/b")]);
    assert_eq!(s.run(&[]).status.code(), Some(0));
    let out = s.run(&["--max-age", "1h"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("2 skipped"), "{}", stderr(&out));
    assert_eq!(server.hits("/a"), 1);
    assert_eq!(s.lines()[0]["reason"], "fresh");
    // Without --max-age every URL is checked again.
    assert_eq!(s.run(&[]).status.code(), Some(0));
    assert_eq!(server.hits("/a"), 2);
    // Bad durations are bad usage.
    assert_eq!(s.run(&["--max-age", "soon"]).status.code(), Some(2));
    // So is a missing --out-dir.
    let out = Command::new(env!("CARGO_BIN_EXE_thresh"))
        .args(["refresh", s.list.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_list_on_stdin_works() {
    let server = site(|r| Reply::html(page(r.path())));
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_thresh"))
        .args(["refresh", "-", "--delay", "0", "--out-dir"])
        .arg(dir.path())
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{}\n{}", server.url("/x"), server.url("/y")).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 new"), "{}", stderr(&out));
}

/// Starts the binary on a list whose `/stall` URL hangs, and waits until the
/// URLs before it are recorded and the stall has begun.
// The child is handed back to the caller, which waits for it.
#[allow(clippy::zombie_processes)]
fn start_until_stalled(s: &Setup, server: &Server, done_before: usize) -> Child {
    let mut child = s
        .command(&["--timeout", "3"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("the run never reached the stall: {}", stderr(&out));
        }
        let recorded = std::fs::metadata(threshing::refresh::state::state_path(&s.out())).is_ok()
            && (1..=done_before).all(|i| {
                State::open(&s.out())
                    .and_then(|st| st.lookup(&server.url(&format!("/fast{i}"))))
                    .is_ok_and(|row| row.is_some_and(|r| r.last_success.is_some()))
            });
        if recorded && server.hits("/stall") > 0 {
            return child;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn resumable_site(stall: Arc<AtomicBool>) -> Server {
    site(move |r| {
        if r.path() == "/stall" && stall.load(Ordering::SeqCst) {
            Reply::html(Vec::new()).body(Body::Stall(b"<html><body><p>par".to_vec()))
        } else {
            Reply::html(page(r.path()))
        }
    })
}

fn resumable_list(server: &Server) -> Setup {
    // One host: URLs go one at a time in list order, so the stall holds
    // back /after.
    let mut lines: Vec<String> = (1..=4).map(|i| server.url(&format!("/fast{i}"))).collect();
    lines.push(server.url("/stall"));
    lines.push(server.url("/after"));
    Setup::new(&lines)
}

#[test]
fn a_killed_run_resumes_without_redoing_finished_urls() {
    let stall = Arc::new(AtomicBool::new(true));
    let server = resumable_site(stall.clone());
    let s = resumable_list(&server);
    let mut child = start_until_stalled(&s, &server, 4);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(server.hits("/after"), 0);
    // As if it had been killed while writing an article.
    let host_dir = s
        .text_file(&server, "/fast1")
        .parent()
        .unwrap()
        .to_path_buf();
    std::fs::write(host_dir.join(".fast2.txt.99999.0.tmp"), "half an art").unwrap();

    stall.store(false, Ordering::SeqCst);
    let out = s.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("resumed an interrupted run"), "{err}");
    assert!(err.contains("2 new") && err.contains("4 skipped"), "{err}");
    for i in 1..=4 {
        assert_eq!(
            server.hits(&format!("/fast{i}")),
            1,
            "/fast{i} fetched again"
        );
        assert_eq!(s.lines()[i - 1]["reason"], "done");
    }
    assert_eq!(server.hits("/stall"), 2);
    assert_eq!(server.hits("/after"), 1);
    assert!(s.text_file(&server, "/after").is_file());
    assert_eq!(temp_files(s.dir.path()), Vec::<PathBuf>::new());

    // That run finished: the next one starts afresh and checks everything.
    let out = s.run(&[]);
    assert!(stderr(&out).contains("6 unchanged"), "{}", stderr(&out));
    assert_eq!(server.hits("/fast1"), 2);
}

#[test]
fn ctrl_c_finishes_in_flight_work_prints_the_summary_and_resumes() {
    let stall = Arc::new(AtomicBool::new(true));
    let server = resumable_site(stall.clone());
    let s = resumable_list(&server);
    let child = start_until_stalled(&s, &server, 4);
    let interrupt = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupt.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    let err = stderr(&out);
    // The stalled request was in flight: it ran to its timeout and counts.
    assert!(
        err.contains("4 new") && err.contains("1 failed (1 timeout)"),
        "{err}"
    );
    assert!(err.contains("interrupted"), "{err}");
    assert_eq!(server.hits("/after"), 0);
    // The report was completed too.
    assert_eq!(s.lines().len(), 5);

    stall.store(false, Ordering::SeqCst);
    let out = s.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Settled URLs (the timeout too) are done for this run; /after is new.
    assert!(stderr(&out).contains("1 new") && stderr(&out).contains("5 skipped"));
    assert_eq!(server.hits("/stall"), 1);
    assert_eq!(server.hits("/after"), 1);
    assert_eq!(temp_files(s.dir.path()), Vec::<PathBuf>::new());
}

/// The library run with host names mapped to the test server.
async fn refresh_hosts(
    server: &Server,
    hosts: &[&str],
    lines: &[String],
    delay: Duration,
    concurrency: usize,
) -> (tempfile::TempDir, refresh::Summary) {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    std::fs::write(&list, lines.join("\n")).unwrap();
    let config = FetchConfig {
        min_host_delay: delay,
        retries: 0,
        timeout: Duration::from_secs(10),
        resolve: hosts
            .iter()
            .map(|h| (h.to_string(), server.addr()))
            .collect(),
        ..FetchConfig::default()
    };
    let fetcher = Arc::new(Fetcher::new(config, Arc::new(RuleSet::empty())).unwrap());
    let extractor = Arc::new(Extractor::new(RuleSet::empty()));
    let options = RefreshOptions {
        out_dir: dir.path().join("out"),
        format: threshing::Format::Txt,
        concurrency,
        extract_jobs: 2,
        max_age: None,
        report: None,
        progress: ProgressMode::Off,
        accept_shrinkage: false,
        state: refresh::StateLocation::Folder,
        lease: refresh::DEFAULT_LEASE,
        learn: true,
        warc: None,
    };
    let summary = refresh::refresh(
        &options,
        &ListSource::File(list),
        fetcher,
        extractor,
        Cancel::new(),
    )
    .await
    .unwrap();
    (dir, summary)
}

#[tokio::test]
async fn the_per_host_delay_is_respected() {
    let server = site(|r| Reply::html(page(r.path())));
    let lines: Vec<String> = (0..4)
        .map(|i| server.url_as("a.test", &format!("/p{i}")))
        .collect();
    let delay = Duration::from_millis(200);
    let (_dir, summary) = refresh_hosts(&server, &["a.test"], &lines, delay, 8).await;
    assert_eq!(summary.new, 4);
    let pages: Vec<Request> = server
        .requests()
        .into_iter()
        .filter(|r| r.path() != "/robots.txt")
        .collect();
    assert_eq!(pages.len(), 4);
    for pair in pages.windows(2) {
        assert!(
            pair[1].at - pair[0].at >= delay,
            "{:?}",
            pair[1].at - pair[0].at
        );
    }
    assert_eq!(server.max_in_flight(), 1);
}

#[tokio::test]
async fn robots_crawl_delay_outlasts_a_shorter_delay() {
    let server = Server::start(|r| match r.path() {
        "/robots.txt" => Reply::new(200, "text/plain", "User-agent: *\nCrawl-delay: 1\n"),
        _ => Reply::html(page(r.path())),
    });
    let lines: Vec<String> = (0..2)
        .map(|i| server.url_as("a.test", &format!("/p{i}")))
        .collect();
    let (_dir, summary) =
        refresh_hosts(&server, &["a.test"], &lines, Duration::from_millis(10), 4).await;
    assert_eq!(summary.new, 2);
    let r = server.requests();
    assert_eq!(r.len(), 3);
    assert!(r[2].at - r[1].at >= Duration::from_secs(1));
}

#[tokio::test]
async fn a_slow_host_does_not_hold_back_the_others() {
    let server = site(|r| {
        let reply = Reply::html(page(r.path()));
        if r.header("host").is_some_and(|h| h.starts_with("slow.test")) {
            reply.delay(Duration::from_millis(300))
        } else {
            reply
        }
    });
    // The slow host's URLs come first and outnumber the global slots.
    let mut lines: Vec<String> = (0..4)
        .map(|i| server.url_as("slow.test", &format!("/s{i}")))
        .collect();
    lines.extend((0..4).map(|i| server.url_as("fast.test", &format!("/f{i}"))));
    let (_dir, summary) = refresh_hosts(
        &server,
        &["slow.test", "fast.test"],
        &lines,
        Duration::ZERO,
        2,
    )
    .await;
    assert_eq!(summary.new, 8);
    let reqs = server.requests();
    let arrival = |path: &str| reqs.iter().position(|r| r.path() == path).unwrap();
    // Every fast page was asked for before the slow host's second page.
    for i in 0..4 {
        assert!(arrival(&format!("/f{i}")) < arrival("/s1"), "{reqs:?}");
    }
}

/// A page whose article has `words` words about `what`.
fn long_page(what: &str, words: usize) -> String {
    let sentence = format!("The long story of {what} goes on and on here. ");
    let per = sentence.split_whitespace().count();
    let text = sentence.repeat(words.div_ceil(per));
    format!(
        "<!doctype html><html lang=en><head><title>{what}</title></head><body><article>\
         <h1>{what}</h1><p>{text}</p></article></body></html>"
    )
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The report line of the URL ending in `path`.
fn line_of(s: &Setup, path: &str) -> serde_json::Value {
    s.lines()
        .into_iter()
        .find(|l| l["url"].as_str().unwrap().ends_with(path))
        .unwrap()
}

#[test]
fn an_empty_or_shrunk_extraction_never_replaces_a_stored_article() {
    let server = site(|r| {
        match (r.path(), r.hit) {
        ("/story", 1) => Reply::html(long_page("the harbour", 400)),
        // A block page, then a consent wall's few lines: 200 all the same.
        ("/story", 2) => Reply::html("<html><body><p>Access denied</p></body></html>"),
        ("/story", _) => Reply::html(page("a consent wall")),
        ("/never", _) => Reply::html("<html><head><script src=app.js></script></head><body><div id=root></div></body></html>"),
        _ => Reply::status(404),
    }
    });
    let s = Setup::new(&[server.url("/story"), server.url("/never")]);
    let text = s.text_file(&server, "/story");
    let out = s.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(s.outcome("/story"), "new");
    let good = read(&text);
    let good_meta = read(&text.with_extension("json"));
    assert!(String::from_utf8_lossy(&good).contains("the harbour"));
    // A page that never had an article is a failure too, and leaves nothing.
    let never = line_of(&s, "/never");
    assert_eq!(
        (&never["outcome"], &never["reason"], &never["why"]),
        (&"failed".into(), &"empty".into(), &"too few words".into())
    );
    assert!(!s
        .text_file(&server, "/never")
        .with_extension("json")
        .exists());

    // The block page: a failure of the URL, the article byte for byte kept.
    let out = s.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("0 updated") && err.contains("2 failed (2 empty)"),
        "{err}"
    );
    assert!(err.contains("the stored article is kept"), "{err}");
    let line = line_of(&s, "/story");
    assert_eq!(line["outcome"], "failed");
    assert_eq!(line["reason"], "empty");
    assert_eq!(line["why"], "too few words");
    assert_eq!(line["status"], 200);
    assert_eq!(read(&text), good);
    assert_eq!(read(&text.with_extension("json")), good_meta);

    // Far fewer words than stored: suspicious, kept, reported.
    let out = s.run(&["--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("1 shrunk") && err.contains("--accept-shrinkage"),
        "{err}"
    );
    let line = line_of(&s, "/story");
    assert_eq!(
        (&line["outcome"], &line["reason"]),
        (&"failed".into(), &"shrunk".into())
    );
    assert!(line["why"].as_str().unwrap().contains("stored"), "{line}");
    assert_eq!(read(&text), good);
    assert_eq!(read(&text.with_extension("json")), good_meta);
    let state = State::open(&s.out()).unwrap();
    let a = state.attempts(&server.url("/story")).unwrap().unwrap();
    assert_eq!((a.failures, a.error_kind.as_deref()), (2, Some("shrunk")));
    drop(state);

    // Unless the user says the shorter text is right.
    let out = s.run(&["--accept-shrinkage"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(s.outcome("/story"), "updated");
    assert!(String::from_utf8_lossy(&read(&text)).contains("a consent wall"));
}

#[test]
fn a_second_run_on_the_folder_is_refused_until_the_first_is_gone() {
    let stall = Arc::new(AtomicBool::new(true));
    let server = resumable_site(stall.clone());
    let s = resumable_list(&server);
    let mut child = start_until_stalled(&s, &server, 4);
    let host_dir = s
        .text_file(&server, "/fast1")
        .parent()
        .unwrap()
        .to_path_buf();
    // As if the live run were writing an article right now.
    let writing = host_dir.join(format!(".after.txt.{}.0.tmp", child.id()));
    std::fs::write(&writing, "half an art").unwrap();

    let out = s.run(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&s.out().display().to_string()), "{err}");
    assert!(err.contains(&format!("pid {}", child.id())), "{err}");
    // It fetched nothing and left the live run's files alone.
    assert_eq!(server.hits("/fast1"), 1);
    assert!(writing.exists());

    // kill -9 leaves no lock behind.
    child.kill().unwrap();
    child.wait().unwrap();
    stall.store(false, Ordering::SeqCst);
    let out = s.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("resumed an interrupted run"),
        "{}",
        stderr(&out)
    );
    // The dead run's temporary file went with it.
    assert!(!writing.exists());
    assert_eq!(temp_files(s.dir.path()), Vec::<PathBuf>::new());
}

#[test]
fn a_new_format_rewrites_the_store_and_drops_the_old_files() {
    let server = site(|r| match r.header("if-none-match") {
        Some("\"v1\"") => Reply::status(304),
        _ => Reply::html(page("formats")).header("ETag", "\"v1\""),
    });
    let s = Setup::new(&[server.url("/f")]);
    let txt = s.text_file(&server, "/f");
    let meta_path = txt.with_extension("json");
    let md = txt.with_extension("md");
    let meta =
        || -> threshing::store::StoredMeta { serde_json::from_slice(&read(&meta_path)).unwrap() };
    assert_eq!(s.run(&[]).status.code(), Some(0));
    assert!(txt.is_file());

    let out = s.run(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(s.outcome("/f"), "updated");
    assert!(meta().text.unwrap().contains("story of formats"));
    assert_eq!(meta().format, "json");
    assert!(!txt.exists());

    let out = s.run(&["--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(s.outcome("/f"), "updated");
    assert!(String::from_utf8_lossy(&read(&md)).contains("# formats"));
    assert_eq!((meta().format.as_str(), meta().text), ("md", None));
    assert!(!txt.exists());
    // Fetched in full each time the format changed; conditional again now.
    let out = s.run(&["--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(s.outcome("/f"), "unchanged");
    assert_eq!(s.lines()[0]["status"], 304);
    let conditional: Vec<bool> = server
        .requests()
        .iter()
        .filter(|r| r.path() == "/f")
        .map(|r| r.header("if-none-match").is_some())
        .collect();
    assert_eq!(conditional, [false, false, false, true]);
}

#[test]
fn any_run_cleans_a_killed_runs_leftovers_and_finishes_its_saves() {
    let server = site(|r| Reply::html(page(r.path())));
    let s = Setup::new(&[server.url("/a")]);
    assert_eq!(s.run(&[]).status.code(), Some(0));
    let text = s.text_file(&server, "/a");
    let host_dir = text.parent().unwrap().to_path_buf();
    // A process that no longer runs was killed in the middle of saving /a
    // over again as Markdown (after renaming the article, before its
    // metadata), and while writing another article.
    let gone = {
        let mut c = Command::new("true").spawn().unwrap();
        c.wait().unwrap();
        c.id()
    };
    let mut meta: serde_json::Value =
        serde_json::from_slice(&read(&text.with_extension("json"))).unwrap();
    meta["format"] = "md".into();
    meta["title"] = "the interrupted save".into();
    std::fs::write(
        host_dir.join(format!(".a.json.{gone}.7.tmp")),
        meta.to_string(),
    )
    .unwrap();
    std::fs::write(host_dir.join("a.md"), "# a\n\nThe new text of a.\n").unwrap();
    std::fs::write(host_dir.join(format!(".b.txt.{gone}.8.tmp")), "half an art").unwrap();

    // Another list, another format: not a resume, and still repaired.
    let other = Setup::new(&[server.url("/c")]);
    let out = Command::new(env!("CARGO_BIN_EXE_thresh"))
        .args([
            "refresh",
            other.list.to_str().unwrap(),
            "--delay",
            "0",
            "--format",
            "json",
            "--out-dir",
        ])
        .arg(s.out())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(temp_files(s.dir.path()), Vec::<PathBuf>::new());
    let stored: serde_json::Value =
        serde_json::from_slice(&read(&text.with_extension("json"))).unwrap();
    assert_eq!(stored["title"], "the interrupted save");
    assert_eq!(stored["format"], "md");
    // The pair agrees: the Markdown file, and no stale plain-text copy.
    assert!(host_dir.join("a.md").is_file());
    assert!(!text.exists());
}

#[test]
fn a_run_interrupted_long_ago_starts_afresh() {
    let stall = Arc::new(AtomicBool::new(true));
    let server = resumable_site(stall.clone());
    let s = resumable_list(&server);
    let mut child = start_until_stalled(&s, &server, 4);
    child.kill().unwrap();
    child.wait().unwrap();
    // Two days pass.
    let conn = rusqlite::Connection::open(threshing::refresh::state::state_path(&s.out())).unwrap();
    let long_ago = threshing::refresh::state::now_secs() - 2 * 86_400;
    conn.execute("UPDATE runs SET started = ?1, last_active = ?1", [long_ago])
        .unwrap();
    drop(conn);
    stall.store(false, Ordering::SeqCst);
    let out = s.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("too old to resume") && err.contains("started afresh"),
        "{err}"
    );
    assert!(!err.contains("resumed an interrupted run"), "{err}");
    // Nothing was skipped as done: every URL was checked again.
    assert!(err.contains("0 skipped"), "{err}");
    assert_eq!(server.hits("/fast1"), 2);
}

#[test]
fn credentials_in_a_url_are_used_but_never_kept() {
    let server = site(|r| match r.header("authorization") {
        Some(_) => Reply::html(page("members only")),
        None => Reply::status(401),
    });
    let port = server.addr().port();
    let secret_url = format!("http://reader:s3cr3t-pw@127.0.0.1:{port}/members");
    let s = Setup::new(&[
        secret_url,
        format!("http://reader:s3cr3t-pw@127.0.0.1:{port}/gone"),
    ]);
    let out = s.run(&["-v"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(s.outcome("/members"), "new");
    // Basic authentication went with the request...
    let sent = server
        .requests()
        .into_iter()
        .find(|r| r.path() == "/members")
        .unwrap();
    assert!(sent.header("authorization").unwrap().starts_with("Basic "));
    // ...and the password is nowhere: files, state, report, log.
    assert!(!stderr(&out).contains("s3cr3t"), "{}", stderr(&out));
    fn all_files(dir: &Path, found: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                all_files(&p, found);
            } else {
                found.push(p);
            }
        }
    }
    let mut files = Vec::new();
    all_files(&s.out(), &mut files);
    files.push(s.report());
    assert!(files.len() >= 4, "{files:?}");
    for f in files {
        let bytes = read(&f);
        assert!(
            !bytes.windows(6).any(|w| w == b"s3cr3t") && !bytes.windows(7).any(|w| w == b"reader:"),
            "{}",
            f.display()
        );
    }
    let state = State::open(&s.out()).unwrap();
    assert!(state.lookup(&server.url("/members")).unwrap().is_some());
}

#[test]
fn fields_after_the_url_on_a_line_are_ignored() {
    let server = site(|r| Reply::html(page(r.path())));
    let s = Setup::new(&[
        format!("{}\tA title with spaces", server.url("/tabbed")),
        format!("{}   2026-01-01 note", server.url("/spaced")),
    ]);
    let out = s.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 new"), "{}", stderr(&out));
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert!(targets.contains(&"/tabbed".to_string()), "{targets:?}");
    assert!(targets.contains(&"/spaced".to_string()), "{targets:?}");
    assert!(s.text_file(&server, "/tabbed").is_file());
}

/// Every file under `dir` whose name marks a temporary file.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    super::cmd::files_under(dir, &|p| p.to_string_lossy().ends_with(".tmp"))
}
