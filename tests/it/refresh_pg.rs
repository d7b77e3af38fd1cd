//! `thresh refresh --state postgres://...`: several real `thresh` processes
//! sharing one real PostgreSQL queue, against the real test server listening
//! on many loopback addresses (127.0.0.x, one host each): every URL done
//! exactly once, per-host spacing held across workers (from the server's
//! request log), a list loaded twice queued once, a worker killed with
//! `kill -9` whose leased URLs another finishes after the lease, a failed
//! save never marked done, a newer schema refused, and an unreachable
//! database named without its password.
//!
//! The database comes from `THRESH_TEST_POSTGRES` (`.ci/run` starts a
//! throwaway server and sets it; by hand: `source .ci/postgres`). Without
//! it the tests say so and skip, except under CI, where they fail.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use threshing::refresh::shared::{Enqueue, SharedError, SharedState};

use crate::refresh::page;
use crate::server::{Reply, Request, Server};

/// The server's PostgreSQL, or `None` (after saying so) when there is none
/// outside CI.
fn postgres() -> Option<String> {
    match std::env::var("THRESH_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("THRESH_TEST_POSTGRES is not set under CI: .ci/run must start PostgreSQL")
        }
        _ => {
            eprintln!(
                "SKIPPED: PostgreSQL missing: set THRESH_TEST_POSTGRES=postgres://... \
                 (`source .ci/postgres` starts a throwaway server)"
            );
            None
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Runs `sql` on the database at `url`, returning the first column of each
/// row as text.
fn sql(url: &str, sql: &str) -> Vec<String> {
    runtime().block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        let rows = client.simple_query(sql).await.unwrap();
        rows.into_iter()
            .filter_map(|m| match m {
                tokio_postgres::SimpleQueryMessage::Row(r) => {
                    Some(r.get(0).unwrap_or("").to_string())
                }
                _ => None,
            })
            .collect()
    })
}

/// A new, empty database on the test server, so tests never share a queue.
fn fresh_db(base: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "thresh_t{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        Instant::now().elapsed().subsec_nanos()
    );
    sql(base, &format!("CREATE DATABASE {name}"));
    let mut url = url::Url::parse(base).unwrap();
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// A server on `hosts` loopback addresses whose pages take `slow` to answer.
fn site(hosts: u8, slow: Duration) -> Server {
    Server::start_on_loopbacks(hosts, move |r| match r.path() {
        "/robots.txt" => Reply::status(404),
        p => Reply::html(page(p)).delay(slow),
    })
}

/// `per_host` URLs on each of `hosts` hosts, interleaved by host.
fn urls(server: &Server, hosts: u8, per_host: usize) -> Vec<String> {
    (0..per_host)
        .flat_map(|j| (1..=hosts).map(move |h| (h, j)))
        .map(|(h, j)| server.url_on(h, &format!("/h{h}/p{j}")))
        .collect()
}

struct Setup {
    dir: tempfile::TempDir,
    list: PathBuf,
    db: String,
}

impl Setup {
    fn new(db: String, urls: &[String]) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("list.txt");
        std::fs::write(&list, urls.join("\n") + "\n").unwrap();
        Setup { dir, list, db }
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn worker(&self, n: usize, extra: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_thresh"));
        c.arg("refresh")
            .arg(&self.list)
            .arg("--out-dir")
            .arg(self.out())
            .args(["--state", &self.db, "--retries", "0", "-q"])
            .arg("--report")
            .arg(self.dir.path().join(format!("report{n}.jsonl")))
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c
    }

    /// The report lines of worker `n`.
    fn report(&self, n: usize) -> Vec<serde_json::Value> {
        std::fs::read_to_string(self.dir.path().join(format!("report{n}.jsonl")))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn finish(child: Child) -> Output {
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Page requests (robots.txt left out) by `Host`, in arrival order.
fn by_host(requests: &[Request]) -> BTreeMap<String, Vec<Request>> {
    let mut hosts: BTreeMap<String, Vec<Request>> = BTreeMap::new();
    for r in requests.iter().filter(|r| r.path() != "/robots.txt") {
        hosts
            .entry(r.header("host").unwrap().to_string())
            .or_default()
            .push(r.clone());
    }
    hosts
}

/// The least gap between two requests to one host.
fn least_gap(requests: &[Request]) -> Duration {
    by_host(requests)
        .values()
        .flat_map(|rs| rs.windows(2).map(|w| w[1].at - w[0].at))
        .min()
        .unwrap_or(Duration::MAX)
}

#[test]
fn workers_share_one_list_each_url_once_and_hosts_stay_spaced() {
    let Some(base) = postgres() else { return };
    let (hosts, per_host) = (8u8, 5usize);
    let server = site(hosts, Duration::ZERO);
    let list = urls(&server, hosts, per_host);
    let s = Setup::new(fresh_db(&base), &list);
    let delay = Duration::from_millis(250);
    // Three workers given the same list at the same moment: it is queued
    // once, and each URL is fetched by exactly one of them.
    let workers: Vec<Child> = (0..3)
        .map(|n| {
            s.worker(n, &["--delay", "0.25", "--concurrency", "4"])
                .spawn()
                .unwrap()
        })
        .collect();
    for w in workers {
        finish(w);
    }
    let requests = server.requests();
    let mut hits: HashMap<(String, String), usize> = HashMap::new();
    for r in requests.iter().filter(|r| r.path() != "/robots.txt") {
        *hits
            .entry((r.header("host").unwrap().to_string(), r.target.clone()))
            .or_default() += 1;
    }
    assert_eq!(hits.len(), list.len(), "every URL fetched");
    assert!(hits.values().all(|&n| n == 1), "each once: {hits:?}");
    // Spacing per host, whichever worker made each request.
    let gap = least_gap(&requests);
    assert!(
        gap >= delay,
        "least gap between requests to one host: {gap:?}"
    );
    // The reports together settle every URL once, as new.
    let settled: Vec<serde_json::Value> = (0..3).flat_map(|n| s.report(n)).collect();
    assert_eq!(settled.len(), list.len());
    assert!(settled.iter().all(|l| l["outcome"] == "new"), "{settled:?}");
    assert_eq!(articles(&s.out()).len(), list.len());
    let open = sql(
        &s.db,
        "SELECT count(*) FROM thresh_urls WHERE state <> 'done'",
    );
    assert_eq!(open, ["0"]);
    assert_eq!(
        sql(
            &s.db,
            "SELECT count(*) FROM thresh_runs WHERE finished IS NOT NULL"
        ),
        ["1"]
    );
}

#[test]
fn loading_a_list_twice_queues_it_once() {
    let Some(base) = postgres() else { return };
    let db = fresh_db(&base);
    runtime().block_on(async {
        let state = SharedState::connect(&db).await.unwrap();
        let (run, loaded) = state.begin_run("list.txt\t10\ttxt").await.unwrap();
        assert!(!loaded);
        let batch: Vec<Enqueue> = (0..50)
            .map(|i| Enqueue {
                url: format!("http://127.0.0.{}:9/p{i}", 1 + i % 5),
                host: format!("127.0.0.{}:9", 1 + i % 5),
                fetch_url: None,
                line: i + 1,
            })
            .collect();
        assert_eq!(state.enqueue(run, &batch, None).await.unwrap(), 50);
        // A second worker with the same list joins the same run and queues
        // nothing new.
        let other = SharedState::connect(&db).await.unwrap();
        let (same, _) = other.begin_run("list.txt\t10\ttxt").await.unwrap();
        assert_eq!(same, run);
        assert_eq!(other.enqueue(run, &batch, None).await.unwrap(), 0);
        // One claim takes one URL per host.
        let claimed = state
            .claim(run, 100, Duration::from_secs(60))
            .await
            .unwrap();
        assert_eq!(claimed.len(), 5);
        let other_claim = other
            .claim(run, 100, Duration::from_secs(60))
            .await
            .unwrap();
        assert!(other_claim.is_empty(), "hosts are leased: {other_claim:?}");
        // Loading again while they are leased leaves them leased.
        assert_eq!(other.enqueue(run, &batch, None).await.unwrap(), 0);
    });
    assert_eq!(sql(&db, "SELECT count(*) FROM thresh_urls"), ["50"]);
    assert_eq!(
        sql(
            &db,
            "SELECT count(*) FROM thresh_urls WHERE state = 'leased'"
        ),
        ["5"]
    );
}

#[test]
fn a_finished_list_run_again_is_a_new_pass_and_max_age_skips_what_is_fresh() {
    let Some(base) = postgres() else { return };
    let server = site(2, Duration::ZERO);
    let list = urls(&server, 2, 2);
    let s = Setup::new(fresh_db(&base), &list);
    let pages = || {
        server
            .requests()
            .iter()
            .filter(|r| r.path() != "/robots.txt")
            .count()
    };
    finish(s.worker(0, &["--delay", "0"]).spawn().unwrap());
    assert_eq!(pages(), 4);
    // Within --max-age: nothing is queued, nothing fetched.
    finish(
        s.worker(1, &["--delay", "0", "--max-age", "1h"])
            .spawn()
            .unwrap(),
    );
    assert_eq!(pages(), 4);
    assert!(s.report(1).is_empty(), "{:?}", s.report(1));
    // Without it the next pass refreshes everything again (unchanged).
    finish(s.worker(2, &["--delay", "0"]).spawn().unwrap());
    assert_eq!(pages(), 8);
    let outcomes: Vec<String> = s
        .report(2)
        .iter()
        .map(|l| l["outcome"].to_string())
        .collect();
    assert_eq!(outcomes, ["\"unchanged\""; 4]);
    assert_eq!(sql(&s.db, "SELECT count(*) FROM thresh_runs"), ["3"]);
}

#[test]
fn a_killed_workers_urls_are_finished_by_another_after_the_lease() {
    let Some(base) = postgres() else { return };
    let (hosts, per_host) = (4u8, 3usize);
    // Every page takes a while, so the first worker is killed mid-request.
    let server = site(hosts, Duration::from_millis(1500));
    let list = urls(&server, hosts, per_host);
    let s = Setup::new(fresh_db(&base), &list);
    let lease = ["--lease", "3s", "--delay", "0", "--concurrency", "8"];
    let mut first = s.worker(0, &lease).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while server
        .requests()
        .iter()
        .filter(|r| r.path() != "/robots.txt")
        .count()
        < 2
    {
        assert!(Instant::now() < deadline, "the first worker never asked");
        std::thread::sleep(Duration::from_millis(20));
    }
    first.kill().unwrap(); // SIGKILL
    first.wait().unwrap();
    let leased = sql(
        &s.db,
        "SELECT count(*) FROM thresh_urls WHERE state = 'leased'",
    );
    assert_ne!(leased, ["0"], "the killed worker held URLs");
    assert_eq!(
        sql(
            &s.db,
            "SELECT count(*) FROM thresh_urls WHERE state = 'done'"
        ),
        ["0"],
        "nothing done before its article was written"
    );
    let started = Instant::now();
    finish(s.worker(1, &lease).spawn().unwrap());
    // Its hosts were held until the lease ran out.
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(articles(&s.out()).len(), list.len(), "nothing lost");
    assert_eq!(
        sql(
            &s.db,
            "SELECT count(*) FROM thresh_urls WHERE state = 'done'"
        ),
        [list.len().to_string()]
    );
    for article in articles(&s.out()) {
        let text = std::fs::read_to_string(&article).unwrap();
        assert!(text.contains("This is the story of"), "{article:?}: {text}");
    }
    // The second worker settled everything, the killed one's URLs included.
    assert_eq!(s.report(1).len(), list.len());
}

#[test]
fn a_url_whose_article_cannot_be_written_is_never_done() {
    let Some(base) = postgres() else { return };
    let server = site(2, Duration::ZERO);
    let list = urls(&server, 2, 2);
    let s = Setup::new(fresh_db(&base), &list);
    // The store is a file: no article can be written under it.
    std::fs::write(s.out(), "not a folder").unwrap();
    let out = s.worker(0, &["--delay", "0"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        sql(
            &s.db,
            "SELECT state || ' ' || error_kind FROM thresh_urls GROUP BY 1"
        ),
        ["failed store"]
    );
}

#[test]
fn a_newer_schema_is_refused() {
    let Some(base) = postgres() else { return };
    let db = fresh_db(&base);
    runtime().block_on(async {
        SharedState::connect(&db).await.unwrap();
    });
    assert_eq!(sql(&db, "SELECT version FROM thresh_schema"), ["1"]);
    sql(&db, "UPDATE thresh_schema SET version = 99");
    let err = runtime().block_on(SharedState::connect(&db)).unwrap_err();
    assert!(
        matches!(err, SharedError::Version { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("upgrade thresh"), "{err}");
}

#[test]
fn an_unreachable_database_is_named_without_its_password() {
    // Needs no server: nothing listens on port 1.
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    std::fs::write(&list, "http://127.0.0.1:9/a\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_thresh"))
        .arg("refresh")
        .arg(&list)
        .arg("--out-dir")
        .arg(dir.path().join("out"))
        .args(["--state", "postgres://bob:s3cret@127.0.0.1:1/crawl"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "cannot connect to the refresh state database postgres://bob:***@127.0.0.1:1/crawl"
        ),
        "{err}"
    );
    assert!(!err.contains("s3cret"), "{err}");
    // A URL that is no PostgreSQL URL is bad usage.
    let out = Command::new(env!("CARGO_BIN_EXE_thresh"))
        .arg("refresh")
        .arg(&list)
        .arg("--out-dir")
        .arg(dir.path().join("out"))
        .args(["--state", "mysql://x/y"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a PostgreSQL URL"));
}

/// An `--ignored` benchmark, not a test: 1 worker, then 4, over
/// `THRESH_BENCH_URLS` URLs (default 20,000) on `THRESH_BENCH_HOSTS` hosts
/// (default 200, 127.0.0.x) with `--delay THRESH_BENCH_DELAY` (default 0.1 s),
/// `--concurrency THRESH_BENCH_CONCURRENCY` (default 32) per worker, and
/// pages answering after `THRESH_BENCH_LATENCY_MS` (default 0, as the
/// internet's round trips would); prints URLs/s, the least gap per host and
/// the database writes per URL.
/// `THRESH_TEST_POSTGRES=... cargo test --test it bench_workers -- --ignored --nocapture`
#[test]
#[ignore]
fn bench_workers() {
    let Some(base) = postgres() else { return };
    let env = |name: &str, default: f64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(default)
    };
    let count = env("THRESH_BENCH_URLS", 20_000.0) as usize;
    let hosts = env("THRESH_BENCH_HOSTS", 200.0).clamp(1.0, 254.0) as u8;
    let delay = env("THRESH_BENCH_DELAY", 0.1);
    let concurrency = env("THRESH_BENCH_CONCURRENCY", 32.0).max(1.0) as usize;
    let latency = Duration::from_millis(env("THRESH_BENCH_LATENCY_MS", 0.0) as u64);
    let server = site(hosts, latency);
    let list = urls(&server, hosts, count.div_ceil(usize::from(hosts)));
    for workers in [1usize, 4] {
        let before = server.requests().len();
        let s = Setup::new(fresh_db(&base), &list);
        let started = Instant::now();
        let children: Vec<Child> = (0..workers)
            .map(|n| {
                s.worker(
                    n,
                    &[
                        "--delay",
                        &delay.to_string(),
                        "--concurrency",
                        &concurrency.to_string(),
                    ],
                )
                .spawn()
                .unwrap()
            })
            .collect();
        for c in children {
            finish(c);
        }
        let secs = started.elapsed().as_secs_f64();
        std::thread::sleep(Duration::from_millis(1500)); // statistics flush
        let requests = server.requests()[before..].to_vec();
        let pages = requests
            .iter()
            .filter(|r| r.path() != "/robots.txt")
            .count();
        let rows = sql(
            &s.db,
            "SELECT sum(n_tup_ins + n_tup_upd) FROM pg_stat_user_tables",
        );
        let commits = sql(
            &s.db,
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()",
        );
        let done = sql(
            &s.db,
            "SELECT count(*) FROM thresh_urls WHERE state = 'done'",
        );
        let rows: f64 = rows[0].parse().unwrap_or(0.0);
        let commits: f64 = commits[0].parse().unwrap_or(0.0);
        println!(
            "{workers} worker(s) x {concurrency} in flight: {} URLs on {hosts} hosts, delay {delay} s, \
             latency {latency:?}: {secs:.1} s, {:.0} URLs/s; \
             {pages} page requests, {} done; least gap per host {:?}; \
             {:.2} rows written and {:.2} transactions per URL",
            list.len(),
            list.len() as f64 / secs,
            done[0],
            least_gap(&requests),
            rows / list.len() as f64,
            commits / list.len() as f64,
        );
    }
}

/// An `--ignored` benchmark of the queue alone: `THRESH_BENCH_CLIENTS`
/// connections (default 8) claiming and settling URLs as fast as they can,
/// without HTTP; prints claim+complete pairs per second.
#[test]
#[ignore]
fn bench_queue_transactions() {
    use threshing::refresh::state::Record;
    let Some(base) = postgres() else { return };
    let clients: usize = std::env::var("THRESH_BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let db = fresh_db(&base);
    let (urls, hosts) = (40_000u64, 2_000u64);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let loader = SharedState::connect(&db).await.unwrap();
        let (run, _) = loader.begin_run("bench").await.unwrap();
        let batch: Vec<Enqueue> = (0..urls)
            .map(|i| Enqueue {
                url: format!("http://h{}.test/p{i}", i % hosts),
                host: format!("h{}.test:80", i % hosts),
                fetch_url: None,
                line: i + 1,
            })
            .collect();
        let started = Instant::now();
        for chunk in batch.chunks(2000) {
            loader.enqueue(run, chunk, None).await.unwrap();
        }
        loader.mark_loaded(run).await.unwrap();
        println!(
            "loaded {urls} URLs in {:.2} s ({:.0} URLs/s)",
            started.elapsed().as_secs_f64(),
            urls as f64 / started.elapsed().as_secs_f64()
        );
        let started = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..clients {
            let db = db.clone();
            tasks.spawn(async move {
                let state = SharedState::connect(&db).await.unwrap();
                let mut n = 0u64;
                loop {
                    let claimed = state.claim(run, 1, Duration::from_secs(60)).await.unwrap();
                    if claimed.is_empty() {
                        if state.remaining(run).await.unwrap().open == 0 {
                            return n;
                        }
                        continue;
                    }
                    for c in &claimed {
                        let record = Record::Success {
                            url: c.url.clone(),
                            status: 200,
                            etag: None,
                            last_modified: None,
                            text_hash: Some("fnv1a64:0".into()),
                        };
                        state.complete(c, &record, Duration::ZERO).await.unwrap();
                        n += 1;
                    }
                }
            });
        }
        let mut total = 0;
        while let Some(n) = tasks.join_next().await {
            total += n.unwrap();
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{clients} clients: {total} claim+complete pairs in {secs:.1} s: {:.0} URLs/s ({:.0} transactions/s)",
            total as f64 / secs,
            2.0 * total as f64 / secs
        );
    });
}

/// Every `.txt` article under `dir`.
fn articles(dir: &Path) -> Vec<PathBuf> {
    super::cmd::files_under(dir, &|p| p.extension().is_some_and(|e| e == "txt"))
}
