//! Refresh throughput and memory, against a local HTTP server (the test
//! server of `tests/it/server.rs`) on 127.0.0.1 serving 10,000 pages under
//! 100 host names (mapped to the loopback address with `resolve`), with a
//! politeness delay of 0:
//!
//! 1. extraction alone: the same bodies through one shared [`Extractor`] on
//!    as many threads as refresh gets for extraction (what `thresh extract`
//!    does, without file reading);
//! 2. a first refresh of all 10,000 URLs into an empty store;
//! 3. a second refresh with nothing changed (every page answers 304 to its
//!    ETag: no extraction, no writes);
//! 4. peak memory (VmHWM) of a refresh over a 1,000,000-line list whose URLs
//!    are all within `--max-age` (state pre-populated), in a child process so
//!    nothing else inflates the peak.
//!
//! The page server runs in a child process, so the CPU time printed for
//! each phase is the refresh's own.
//!
//! Pages: the WCXB corpus pages (`/work/shared/corpus/wcxb-dev/html`) when
//! present, cycled; generated article pages otherwise. `THRESH_BENCH_PAGES`
//! changes the page count. Run: `cargo bench --bench refresh`.

#[path = "../tests/it/server.rs"]
mod server;

use std::io::{BufRead, BufWriter, Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use threshing::fetch::{FetchConfig, Fetcher};
use threshing::refresh::progress::ProgressMode;
use threshing::refresh::state::{Record, State};
use threshing::refresh::{self, Cancel, ListSource, RefreshOptions, Summary};
use threshing::{Extractor, Format, Page, RuleSet};

use server::{Reply, Server};

const CORPUS: &str = "/work/shared/corpus/wcxb-dev/html";
const HOSTS: usize = 100;
const DISTINCT_PAGES: usize = 200;
const MEMORY_LIST: usize = 1_000_000;

fn main() {
    if std::env::args().any(|a| a == "--memory-child") {
        memory_child();
        return;
    }
    if std::env::args().any(|a| a == "--serve-child") {
        serve_child();
        return;
    }
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let count: usize = std::env::var("THRESH_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let (bodies, source) = load_pages();
    let bodies = Arc::new(bodies);
    println!(
        "refresh bench: {count} pages over {HOSTS} hosts, {} distinct bodies ({source}), {jobs} threads",
        bodies.len()
    );

    let extract_only = || {
        let cpu = cpu_secs();
        let took = extract_baseline(&bodies, count, jobs);
        println!(
            "extract only:         {:>7.2} s  {:>7.1} pages/s  cpu {:.1} s",
            took.as_secs_f64(),
            count as f64 / took.as_secs_f64(),
            cpu_secs() - cpu
        );
        took
    };
    let mut extract_time = extract_only();

    // The server runs in a child process, so its CPU time is not counted
    // as refresh's (a real site's server is elsewhere).
    let mut serve = std::process::Command::new(std::env::current_exe().expect("own path"))
        .arg("--serve-child")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("server process");
    let addr: SocketAddr = {
        let mut line = String::new();
        std::io::BufReader::new(serve.stdout.as_mut().expect("server stdout"))
            .read_line(&mut line)
            .expect("server address");
        line.trim().parse().expect("server address")
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let list = dir.path().join("list.txt");
    let hosts: Vec<String> = (0..HOSTS).map(|h| format!("h{h}.bench")).collect();
    write_list(&list, count, |i| {
        format!("http://{}:{}/p/{i}", hosts[i % HOSTS], addr.port())
    });
    let out = dir.path().join("out");
    let runtime = runtime(jobs);
    let run = |label: &str| {
        let (t, cpu) = (Instant::now(), cpu_secs());
        let summary = runtime.block_on(run_refresh(addr, &hosts, &list, &out, None));
        let took = t.elapsed();
        println!(
            "{label} {:>7.2} s  {:>7.1} pages/s  cpu {:.1} s  [{summary}]",
            took.as_secs_f64(),
            count as f64 / took.as_secs_f64(),
            cpu_secs() - cpu
        );
        took
    };
    let first = run("refresh, first run:  ");
    let second = run("refresh, nothing new:");
    // Again, and the better of the two: the machine may be shared.
    extract_time = extract_time.min(extract_only());
    println!(
        "first run throughput = {:.0}% of extract only; second run = {:.1}% of the first run's time",
        100.0 * extract_time.as_secs_f64() / first.as_secs_f64(),
        100.0 * second.as_secs_f64() / first.as_secs_f64()
    );
    // Closing its stdin stops the server, which says what it cost.
    drop(serve.stdin.take());
    let mut last = String::new();
    let _ = serve
        .stdout
        .take()
        .expect("server stdout")
        .read_to_string(&mut last);
    print!("{last}");
    serve.wait().expect("server process");

    let child = std::process::Command::new(std::env::current_exe().expect("own path"))
        .arg("--memory-child")
        .status()
        .expect("memory run");
    assert!(child.success(), "the memory run failed");
}

fn runtime(jobs: usize) -> tokio::runtime::Runtime {
    refresh::runtime(jobs).expect("runtime")
}

async fn run_refresh(
    server: SocketAddr,
    hosts: &[String],
    list: &Path,
    out: &Path,
    max_age: Option<Duration>,
) -> Summary {
    let config = FetchConfig {
        min_host_delay: Duration::ZERO,
        retries: 0,
        resolve: hosts.iter().map(|h| (h.clone(), server)).collect(),
        ..FetchConfig::default()
    };
    let rules = Arc::new(RuleSet::builtin().expect("built-in rules"));
    let fetcher = Arc::new(Fetcher::new(config, rules.clone()).expect("fetcher"));
    let extractor = Arc::new(Extractor::new_shared(rules));
    let options = RefreshOptions {
        out_dir: out.to_path_buf(),
        format: Format::Txt,
        concurrency: 32,
        extract_jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        max_age,
        report: None,
        progress: ProgressMode::Off,
        accept_shrinkage: false,
        state: refresh::StateLocation::Folder,
        lease: refresh::DEFAULT_LEASE,
        learn: true,
        warc: None,
    };
    refresh::refresh(
        &options,
        &ListSource::File(list.to_path_buf()),
        fetcher,
        extractor,
        Cancel::new(),
    )
    .await
    .expect("refresh")
}

/// The page server: prints its address, serves until stdin closes. Page
/// `/p/N` is body N (cycling) with ETag `"pN"`, and 304 to that ETag.
fn serve_child() {
    let (bodies, _) = load_pages();
    let server = Server::start(move |r| {
        if r.path() == "/robots.txt" {
            return Reply::status(404);
        }
        let n: usize = r
            .path()
            .trim_start_matches("/p/")
            .parse()
            .unwrap_or_default();
        let etag = format!("\"p{n}\"");
        if r.header("if-none-match") == Some(etag.as_str()) {
            return Reply::status(304).header("ETag", &etag);
        }
        Reply::html(bodies[n % bodies.len()].clone()).header("ETag", &etag)
    });
    println!("{}", server.addr());
    std::io::stdout().flush().expect("stdout");
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    println!(
        "page server: {} requests, cpu {:.1} s",
        server.requests().len(),
        cpu_secs()
    );
}

/// Extracts `count` bodies (cycling) on `jobs` threads sharing one extractor.
fn extract_baseline(bodies: &Arc<Vec<Vec<u8>>>, count: usize, jobs: usize) -> Duration {
    let extractor = Arc::new(Extractor::new(RuleSet::builtin().expect("built-in rules")));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let t = Instant::now();
    let threads: Vec<_> = (0..jobs)
        .map(|_| {
            let (extractor, bodies, next) = (extractor.clone(), bodies.clone(), next.clone());
            std::thread::spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= count {
                    break;
                }
                let body = &bodies[i % bodies.len()];
                // The URL refresh extracts under (no site rules match it).
                let url =
                    url::Url::parse(&format!("http://h{}.bench/p/{i}", i % HOSTS)).expect("url");
                let _ = std::hint::black_box(extractor.extract(&Page {
                    bytes: body,
                    url: Some(&url),
                    // What the bench server sends.
                    content_type: Some("text/html; charset=utf-8"),
                    content_language: None,
                }));
            })
        })
        .collect();
    for t in threads {
        t.join().expect("extract thread");
    }
    t.elapsed()
}

/// Corpus pages when present, else generated ones.
fn load_pages() -> (Vec<Vec<u8>>, String) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(CORPUS)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files.truncate(DISTINCT_PAGES);
    let pages: Vec<Vec<u8>> = files
        .iter()
        .filter_map(|p| {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(p).ok()?)
                .read_to_end(&mut out)
                .ok()?;
            Some(out)
        })
        .collect();
    if !pages.is_empty() {
        return (pages, format!("corpus {CORPUS}"));
    }
    (
        (0..DISTINCT_PAGES).map(generated_page).collect(),
        "generated".into(),
    )
}

/// An article page with the usual surroundings: navigation, a share bar,
/// a cookie notice, related links, a footer.
fn generated_page(n: usize) -> Vec<u8> {
    let mut html = format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Story {n}</title>\
         <meta property='og:title' content='Story {n}'></head><body>\
         <div class=cookie-banner>We use cookies. <a href=/privacy>Accept</a></div>\
         <nav><ul>{}</ul></nav><main><article><h1>Story number {n}</h1>\
         <p class=byline>By A. Writer</p><div class=share>Share on Facebook Twitter</div>",
        (0..20)
            .map(|i| format!("<li><a href=/section/{i}>Section {i}</a></li>"))
            .collect::<String>()
    );
    for p in 0..12 {
        html.push_str(&format!(
            "<p>Paragraph {p} of story {n}. The council met on Tuesday to discuss the budget, \
             and after a long debate, members agreed to fund the new library, the repairs \
             to the bridge, and a study of the harbour. Residents said they were pleased.</p>"
        ));
    }
    html.push_str("</article><aside class=related><h2>Related</h2><ul>");
    for i in 0..10 {
        html.push_str(&format!(
            "<li><a href=/story/{i}>Another story {i}</a></li>"
        ));
    }
    html.push_str(
        "</ul></aside></main><footer>© Example News. All rights reserved.</footer></body></html>",
    );
    html.into_bytes()
}

fn write_list(path: &Path, count: usize, url: impl Fn(usize) -> String) {
    let mut out = BufWriter::new(std::fs::File::create(path).expect("list"));
    for i in 0..count {
        writeln!(out, "{}", url(i)).expect("list");
    }
    out.flush().expect("list");
}

/// CPU time (user + system) this process has used, in seconds: on a shared
/// machine a fairer comparison than wall time. Assumes Linux's usual 100
/// clock ticks a second.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok());
    match (ticks(11), ticks(12)) {
        (Some(user), Some(system)) => (user + system) / 100.0,
        _ => f64::NAN,
    }
}

/// `VmHWM` (peak resident memory) of this process, in MB.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The 1,000,000-line run, all URLs fresh within `--max-age`.
fn memory_child() {
    let dir = tempfile::tempdir().expect("temp dir");
    let list = dir.path().join("list.txt");
    let out = dir.path().join("out");
    let url = |i: usize| {
        format!(
            "https://h{}.bench/articles/{i}/a-long-enough-slug-for-a-story",
            i % HOSTS
        )
    };
    write_list(&list, MEMORY_LIST, url);
    let t = Instant::now();
    {
        let mut state = State::open(&out).expect("state");
        let run = state.begin_run("prepopulate").expect("run");
        let mut batch = Vec::with_capacity(50_000);
        for i in 0..MEMORY_LIST {
            batch.push(Record::Success {
                url: url(i),
                status: 200,
                etag: Some(format!("\"{i}\"")),
                last_modified: None,
                text_hash: Some(format!("fnv1a64:{i:016x}")),
            });
            if batch.len() == batch.capacity() {
                state
                    .record(run.id, threshing::refresh::state::now_secs(), &batch)
                    .expect("record");
                batch.clear();
            }
        }
        state
            .record(run.id, threshing::refresh::state::now_secs(), &batch)
            .expect("record");
    }
    let before = peak_mb();
    // Start the peak afresh (Linux: writing 5 to clear_refs resets VmHWM).
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    println!(
        "memory: state pre-populated with {MEMORY_LIST} URLs in {:.1} s (peak so far {before:.0} MB{})",
        t.elapsed().as_secs_f64(),
        if reset { ", reset" } else { ", could not reset: the figure below includes it" }
    );
    let server = Server::start(|_| Reply::status(404));
    let server = server.addr();
    let hosts: Vec<String> = (0..HOSTS).map(|h| format!("h{h}.bench")).collect();
    let t = Instant::now();
    let summary =
        runtime(std::thread::available_parallelism().map_or(1, |n| n.get())).block_on(run_refresh(
            server,
            &hosts,
            &list,
            &out,
            Some(Duration::from_secs(86_400)),
        ));
    println!(
        "memory: {MEMORY_LIST}-line list, --max-age 1d: {:.1} s, peak memory (VmHWM) {:.0} MB  [{summary}]",
        t.elapsed().as_secs_f64(),
        peak_mb()
    );
}
