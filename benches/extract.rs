//! Throughput benchmark: full extraction against the HTML parse alone, over
//! the wcxb-dev corpus held in memory, so disk and gzip never count.
//!
//! Run with `cargo bench --bench extract`. The corpus folder is
//! `$THRESH_BENCH_CORPUS`, else `../shared/corpus/wcxb-dev/html` (or
//! `../../shared/...`) beside the crate; without it the bench says so and
//! exits 0.
//!
//! Single-threaded, best of [`PASSES`] passes each, on text already decoded
//! with `threshing::decode::decode`, so parsing starts from the same text
//! extraction sees:
//! - parse: `Extractor::parse`, the parse extraction runs (nesting guard,
//!   which also leaves out the attributes nothing reads, then html5ever into
//!   the extractor's tree);
//! - html5ever: `tree::parse_by_html5ever`, html5ever's own tokenizer and
//!   tree builder into the extractor's tree (what our tokenizer replaced);
//! - scraper: `scraper::Html::parse_document` on the same text, for scale
//!   (html5ever into scraper's tree, scripting on);
//! - extract: `Extractor::extract` on the raw bytes with the built-in rules
//!   (decoding included, so the ratio is if anything pessimistic).
//!
//! Then extraction on every core. Peak memory is the process's VmHWM, reset
//! before each phase (`/proc/self/clear_refs`), so each figure is that
//! phase's own peak, not an earlier one's.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use threshing::decode::{decode, gunzip, DEFAULT_MAX_BYTES};
use threshing::{Extractor, Page, RuleSet};

/// Passes per single-threaded measurement; the best one is reported.
const PASSES: usize = 3;

fn corpus_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("THRESH_BENCH_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        "../shared/corpus/wcxb-dev/html",
        "../../shared/corpus/wcxb-dev/html",
    ]
    .iter()
    .map(|rel| crate_dir.join(rel))
    .find(|p| p.is_dir())
}

/// Every `*.html.gz` (or `*.html`) page of `dir`, decompressed, sorted by name.
fn load(dir: &Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".html.gz") || name.ends_with(".html")
        })
        .collect();
    paths.sort();
    let mut pages = Vec::with_capacity(paths.len());
    for p in paths {
        let raw = std::fs::read(&p)?;
        let bytes = if threshing::decode::is_gzip(&raw) {
            match gunzip(&raw, DEFAULT_MAX_BYTES) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("skipping {}: {e}", p.display());
                    continue;
                }
            }
        } else {
            raw
        };
        pages.push((p.display().to_string(), bytes));
    }
    Ok(pages)
}

/// A `/proc/self/status` field in kB.
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Resets VmHWM to the current RSS; false where the kernel does not allow it.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn mb(kb: Option<u64>) -> String {
    kb.map_or_else(|| "?".into(), |k| format!("{:.0} MB", k as f64 / 1024.0))
}

/// Runs `pass` [`PASSES`] times and returns the fastest, with the phase's
/// peak resident memory.
fn best_of(mut pass: impl FnMut()) -> (Duration, Option<u64>) {
    let resettable = reset_peak();
    let mut best = Duration::MAX;
    for _ in 0..PASSES {
        let t = Instant::now();
        pass();
        best = best.min(t.elapsed());
    }
    (best, resettable.then(|| status_kb("VmHWM")).flatten())
}

fn rate(pages: usize, took: Duration) -> f64 {
    pages as f64 / took.as_secs_f64()
}

/// Prints a single-threaded phase's pages and megabytes per second and
/// its peak memory.
fn phase_line(label: &str, pages: usize, total_mb: f64, (took, peak): (Duration, Option<u64>)) {
    println!(
        "{label:<13}(1 thread): {:>7.1} pages/s  ({:.2} s per pass, {:.1} MB/s), peak RSS {}",
        rate(pages, took),
        took.as_secs_f64(),
        total_mb / took.as_secs_f64(),
        mb(peak)
    );
}

fn main() {
    let Some(dir) = corpus_dir() else {
        println!(
            "extract bench: corpus not found (set THRESH_BENCH_CORPUS or put wcxb-dev under ../shared/corpus); skipped"
        );
        return;
    };
    let pages = match load(&dir) {
        Ok(p) if !p.is_empty() => p,
        Ok(_) => {
            println!("extract bench: no pages in {}; skipped", dir.display());
            return;
        }
        Err(e) => {
            println!("extract bench: {}: {e}; skipped", dir.display());
            return;
        }
    };
    let texts: Vec<String> = pages
        .iter()
        .filter_map(|(_, bytes)| decode(bytes, None, DEFAULT_MAX_BYTES).ok())
        .map(|d| d.text.into_owned())
        .collect();
    let total_mb = pages.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6;
    let n = pages.len();
    println!(
        "corpus: {n} pages, {total_mb:.1} MB decompressed, from {}",
        dir.display()
    );
    let loaded_rss = status_kb("VmRSS");
    println!(
        "memory after loading: RSS {}, peak so far {}",
        mb(loaded_rss),
        mb(status_kb("VmHWM"))
    );

    let extractor = Extractor::new(RuleSet::builtin().expect("built-in rules compile"));

    let (parse_time, parse_peak) = best_of(|| {
        for text in &texts {
            std::hint::black_box(extractor.parse(text));
        }
    });
    let (html5ever_time, html5ever_peak) = best_of(|| {
        for text in &texts {
            std::hint::black_box(threshing::extract::tree::parse_by_html5ever(text));
        }
    });
    let (scraper_time, scraper_peak) = best_of(|| {
        for text in &texts {
            std::hint::black_box(scraper::Html::parse_document(text));
        }
    });

    let failures = AtomicUsize::new(0);
    let (extract_time, extract_peak) = best_of(|| {
        for (_, bytes) in &pages {
            match extractor.extract(&Page::new(bytes)) {
                Ok(a) => {
                    std::hint::black_box(a);
                }
                Err(_) => {
                    failures.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    });

    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (multi_time, multi_peak) = best_of(|| {
        let next = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some((_, bytes)) = pages.get(k) else {
                        break;
                    };
                    std::hint::black_box(extractor.extract(&Page::new(bytes)).ok());
                });
            }
        });
    });

    phase_line(
        "parse only",
        texts.len(),
        total_mb,
        (parse_time, parse_peak),
    );
    phase_line(
        "html5ever",
        texts.len(),
        total_mb,
        (html5ever_time, html5ever_peak),
    );
    phase_line(
        "scraper parse",
        texts.len(),
        total_mb,
        (scraper_time, scraper_peak),
    );
    phase_line("extract", n, total_mb, (extract_time, extract_peak));
    println!(
        "extract      ({threads} threads): {:>6.1} pages/s  ({:.2} s per pass), peak RSS {}",
        rate(n, multi_time),
        multi_time.as_secs_f64(),
        mb(multi_peak)
    );
    println!(
        "extract / parse time: {:.2}x  (best of {PASSES} passes each; {} pages failed to extract per pass)",
        extract_time.as_secs_f64() / parse_time.as_secs_f64(),
        failures.load(Ordering::Relaxed) / PASSES
    );
    // The bar was set when extraction ran on html5ever's parse into
    // scraper's tree, and asked for html5ever's parse into the extractor's
    // own tree: every reading is printed.
    println!(
        "extract / html5ever parse time: {:.2}x, / scraper parse time: {:.2}x",
        extract_time.as_secs_f64() / html5ever_time.as_secs_f64(),
        extract_time.as_secs_f64() / scraper_time.as_secs_f64()
    );
    if parse_peak.is_none() {
        println!(
            "(peak memory per phase unavailable: /proc/self/clear_refs not writable; overall peak {})",
            mb(status_kb("VmHWM"))
        );
    } else {
        println!(
            "(peak RSS figures include the corpus held in memory: RSS after loading was {})",
            mb(loaded_rss)
        );
    }
}
