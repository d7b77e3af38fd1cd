//! `thresh extract`: HTML files on disk to clean text, on all cores.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{bail, Context};
use clap::Args;
use url::Url;

use super::extract_warc;
use super::output::{render_result, Stdout};
use super::{Config, Flags, JobsArgs, LearnArgs, LogArgs, Outcome, OutputArgs, RulesArgs};
use crate::extract::{Extractor, Page};
use crate::format::Format;
use crate::fsutil::{write_atomic, Staged};

/// Arguments of `thresh extract`.
#[derive(Debug, Args)]
#[command(after_help = "\
WARC input: each HTML page of a WARC file's response records (complete, \
2xx, HTML; chunked and gzip bodies undone) becomes one line of JSON Lines \
with the fields of --format json (url, title, author, published, language, \
text, ...) plus input, warc_record_id, warc_date and warc_offset; the URL of \
each record chooses its site rules and its HTTP Content-Type its charset. \
Other records are skipped and counted (a summary per file on stderr; -v \
names each). With --out-dir DIR, FILE.warc.gz gives DIR/FILE.jsonl, written \
under a temporary name and renamed when the file is done. Damaged records \
are reported with their offset and the rest still read (exit status 1).")]
pub struct ExtractArgs {
    /// HTML files (.html, .htm, .html.gz), WARC files (.warc, .warc.gz), folders of them, or - for stdin.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<PathBuf>,
    /// The pages' URL, for choosing site rules (default: the page's canonical URL).
    #[arg(long)]
    url: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    rules: RulesArgs,
    #[command(flatten)]
    jobs: JobsArgs,
    #[command(flatten)]
    learn: LearnArgs,
    #[command(flatten)]
    log: LogArgs,
}

impl ExtractArgs {
    pub(super) fn flags(&self) -> Flags<'_> {
        Flags::new(&self.log)
            .rules(&self.rules)
            .jobs(&self.jobs)
            .output(&self.output)
    }
}

/// One input: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    pub(super) fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".into(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// Reads the input, refusing more than the decoder would accept, so an
    /// endless stream (`/dev/zero`, a runaway pipe) cannot exhaust memory.
    pub(super) fn read(&self) -> std::io::Result<Vec<u8>> {
        let limit = crate::decode::DEFAULT_MAX_BYTES as u64;
        let mut buf = Vec::new();
        match self {
            Input::Stdin => std::io::stdin()
                .lock()
                .take(limit + 1)
                .read_to_end(&mut buf)?,
            Input::File(p) => {
                let file = std::fs::File::open(p)?;
                // Room for the whole file up front: grown from empty, the
                // buffer was reallocated and copied a dozen times a page.
                let size = file.metadata().map_or(0, |m| m.len()).min(limit + 1);
                buf.reserve_exact(usize::try_from(size).unwrap_or(0));
                file.take(limit + 1).read_to_end(&mut buf)?
            }
        };
        if buf.len() as u64 > limit {
            return Err(std::io::Error::other(format!(
                "too large: more than {limit} bytes"
            )));
        }
        Ok(buf)
    }

    /// The output file stem: the file name without `.html`, `.htm` or `.html.gz`.
    fn stem(&self) -> String {
        match self {
            Input::Stdin => "stdin".into(),
            Input::File(p) => stem(p),
        }
    }
}

fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    for ext in [".html.gz", ".htm.gz", ".xhtml", ".html", ".htm", ".gz"] {
        if lower.ends_with(ext) && lower.len() > ext.len() {
            return name[..name.len() - ext.len()].to_string();
        }
    }
    name
}

fn is_html_file(path: &Path) -> bool {
    let lower = path.to_string_lossy().to_ascii_lowercase();
    [".html", ".htm", ".xhtml", ".html.gz", ".htm.gz"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Whether a folder's file is an input: an HTML page or a WARC file.
fn is_input_file(path: &Path) -> bool {
    is_html_file(path) || crate::warc::is_warc_path(path)
}

/// `path` as an http(s) URL, when that is what it is and no such file
/// exists: a user who meant `fetch`.
fn web_address(path: &Path) -> Option<&str> {
    let text = path.to_str()?;
    let url = Url::parse(text).ok()?;
    (matches!(url.scheme(), "http" | "https") && !path.exists()).then_some(text)
}

/// Expands folders (recursively, sorted) into their HTML and WARC files.
pub(super) fn expand(inputs: &[PathBuf]) -> anyhow::Result<Vec<Input>> {
    let mut out = Vec::new();
    for p in inputs {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
            continue;
        }
        if let Some(url) = web_address(p) {
            bail!("{url}: extract reads saved pages; to download and extract a page, run `thresh fetch {url}`");
        }
        // A path that is not a folder (missing ones included) is one input;
        // reading it reports its own error and the others still run.
        if !p.is_dir() {
            out.push(Input::File(p.clone()));
            continue;
        }
        let mut stack = vec![p.clone()];
        let mut found = Vec::new();
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).with_context(|| format!("{}", dir.display()))? {
                let entry = entry.with_context(|| format!("{}", dir.display()))?;
                let path = entry.path();
                // The listing's own file type spares a lookup per file; a
                // link is followed to tell a linked folder from a file.
                let is_dir = match entry.file_type() {
                    Ok(t) if !t.is_symlink() => t.is_dir(),
                    _ => path.is_dir(),
                };
                if is_dir {
                    stack.push(path);
                } else if is_input_file(&path) {
                    found.push(path);
                }
            }
        }
        found.sort();
        out.extend(found.into_iter().map(Input::File));
    }
    if out.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        bail!("- (stdin) given more than once");
    }
    Ok(out)
}

/// Runs `thresh extract`.
pub fn run(args: &ExtractArgs, config: &Config) -> anyhow::Result<Outcome> {
    let url = match &args.url {
        Some(u) => {
            let url = Url::parse(u).with_context(|| format!("--url {u:?} is not a valid URL"))?;
            Some(url)
        }
        None => None,
    };
    let inputs = expand(&args.inputs)?;
    if inputs.is_empty() {
        bail!(
            "no HTML or WARC files found in {}",
            args.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let (warcs, inputs): (Vec<Input>, Vec<Input>) = inputs
        .into_iter()
        .partition(|i| matches!(i, Input::File(p) if crate::warc::is_warc_path(p)));
    if !warcs.is_empty() && config.format == Format::Md {
        bail!("WARC input is written as JSON Lines; --format md does not apply to it");
    }
    if !warcs.is_empty() && url.is_some() {
        bail!("--url is for HTML files: a WARC record's URL is its WARC-Target-URI");
    }
    let extractor = Extractor::new_shared(config.rules.clone());
    let failures = AtomicUsize::new(0);

    // With --out-dir, every input gets its own file; two inputs with one stem would clash.
    let mut destinations = Vec::with_capacity(inputs.len());
    let mut owners: HashMap<String, usize> = HashMap::new();
    if let Some(dir) = &config.out_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        for (k, input) in inputs.iter().enumerate() {
            let file = format!("{}.{}", input.stem(), config.format.extension());
            if let Some(&first) = owners.get(&file) {
                eprintln!(
                    "thresh: {}: output {} would overwrite the one of {}; skipped",
                    input.name(),
                    file,
                    inputs[first].name()
                );
                failures.fetch_add(1, Ordering::Relaxed);
                destinations.push(None);
            } else {
                owners.insert(file.clone(), k);
                destinations.push(Some(dir.join(file)));
            }
        }
    }

    // Printed results of several inputs are told apart (see `render_result`);
    // files in --out-dir are one article each.
    let several = config.out_dir.is_none() && inputs.len() + warcs.len() > 1;
    let extract = |k: usize| -> anyhow::Result<crate::Article> {
        let input = &inputs[k];
        let bytes = input.read()?;
        let page = Page {
            bytes: &bytes,
            url: url.as_ref(),
            content_type: None,
            content_language: None,
        };
        let (article, report) = extractor.extract_with_report(&page)?;
        if let Some(why) = report.empty {
            tracing::info!("{}: no text extracted: {why}", input.name());
        }
        Ok(article)
    };
    // Every article is held until the last page is read, and plain text is
    // rendered from the blocks' text alone: the article's text and the
    // blocks' Markdown would be held only to be dropped (two thirds of an
    // article, and a third of the run's peak memory).
    let hold = |mut article: crate::Article| {
        if config.format == Format::Txt {
            article.text = String::new();
            for b in &mut article.blocks {
                b.markdown = String::new();
            }
        }
        article
    };
    // Site profiles: every page extracted first, then each filtered by what
    // recurs on its site's pages (see `crate::profile`).
    let together = (!args.learn.no_learn && inputs.len() >= crate::profile::MIN_PAGES as usize)
        .then(|| {
            crate::profile::learn::Together::extract(inputs.len(), config.jobs, |k| {
                extract(k).ok().map(hold)
            })
        });
    let process = |k: usize| -> Option<String> {
        let input = &inputs[k];
        let article = match together.as_ref().and_then(|t| t.take(k)) {
            Some(article) => Ok(article),
            None => extract(k),
        };
        let result = article.map(|a| render_result(&a, config.format, &input.name(), several));
        match result {
            Ok(text) => Some(text),
            Err(e) => {
                eprintln!("thresh: {}: {e:#}", input.name());
                failures.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    };

    if config.out_dir.is_some() {
        let next = AtomicUsize::new(0);
        let work = || loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= inputs.len() {
                break;
            }
            let Some(dest) = &destinations[k] else {
                continue;
            };
            if let Some(text) = process(k) {
                if let Err(e) = write_atomic(dest, text.as_bytes()) {
                    eprintln!(
                        "thresh: {}: writing {}: {e}",
                        inputs[k].name(),
                        dest.display()
                    );
                    failures.fetch_add(1, Ordering::Relaxed);
                }
            }
        };
        std::thread::scope(|s| {
            for _ in 0..config.jobs.min(inputs.len()) {
                s.spawn(work);
            }
        });
    } else if !inputs.is_empty() {
        // Printing: keep input order, so results wait for their turn.
        let results: Mutex<Vec<Option<Option<String>>>> = Mutex::new(vec![None; inputs.len()]);
        let next = AtomicUsize::new(0);
        let work = || loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= inputs.len() {
                break;
            }
            let out = process(k);
            results.lock().expect("no panics while held")[k] = Some(out);
        };
        std::thread::scope(|s| {
            for _ in 0..config.jobs.min(inputs.len()) {
                s.spawn(work);
            }
        });
        let results = results.into_inner().expect("no panics while held");
        let mut stdout = Stdout::new();
        for text in results.into_iter().flatten().flatten() {
            stdout.write_str(&text)?;
        }
        stdout.finish()?;
    }
    let mut failures = failures.into_inner();
    let warc_paths: Vec<&Path> = warcs
        .iter()
        .filter_map(|i| match i {
            Input::File(p) => Some(p.as_path()),
            Input::Stdin => None,
        })
        .collect();
    failures += run_warcs(&warc_paths, &owners, &inputs, &extractor, config)?;
    Ok(Outcome::from_failures(failures))
}

/// Extracts the WARC inputs, one after another (each on all cores), to
/// stdout or to `DIR/<stem>.jsonl`; returns how many inputs or records
/// failed. `owners` are the `--out-dir` names the HTML inputs took.
fn run_warcs(
    warcs: &[&Path],
    owners: &HashMap<String, usize>,
    html: &[Input],
    extractor: &Extractor,
    config: &Config,
) -> anyhow::Result<usize> {
    let mut failures = 0;
    let destinations = match &config.out_dir {
        Some(dir) => {
            let mut taken = owners
                .iter()
                .map(|(file, &k)| (file.clone(), html[k].name()))
                .collect();
            extract_warc::destinations(dir, warcs, &mut taken, &mut failures)
        }
        None => vec![None; warcs.len()],
    };
    let mut stdout = Stdout::new();
    for (path, dest) in warcs.iter().zip(destinations) {
        let name = path.display().to_string();
        if config.out_dir.is_some() && dest.is_none() {
            continue;
        }
        let result = match &dest {
            None => extract_warc::extract_warc(path, &name, extractor, config.jobs, &mut |line| {
                Ok(stdout.write_str(line)?)
            }),
            Some(dest) => write_warc_output(path, &name, dest, extractor, config.jobs),
        };
        match result {
            Ok(tally) => {
                failures += tally.failed;
                if !config.quiet {
                    eprintln!("thresh: {name}: {}", tally.summary());
                }
            }
            // A closed or failing stdout ends the run (see `super::main`).
            Err(e) if e.chain().any(|c| c.is::<super::output::OutputError>()) => return Err(e),
            Err(e) => {
                eprintln!("thresh: {name}: {e:#}");
                failures += 1;
            }
        }
    }
    stdout.finish()?;
    Ok(failures)
}

/// One WARC's JSON Lines into `dest`, under a temporary name until done.
fn write_warc_output(
    path: &Path,
    name: &str,
    dest: &Path,
    extractor: &Extractor,
    jobs: usize,
) -> anyhow::Result<extract_warc::Tally> {
    use std::io::Write;
    let (staged, file) =
        Staged::create(dest).with_context(|| format!("creating {}", dest.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let tally = extract_warc::extract_warc(path, name, extractor, jobs, &mut |line| {
        out.write_all(line.as_bytes())
            .with_context(|| format!("writing {}", dest.display()))
    })?;
    out.flush()
        .and_then(|()| staged.commit())
        .with_context(|| format!("writing {}", dest.display()))?;
    Ok(tally)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(stem(Path::new("a/0001.html.gz")), "0001");
        assert_eq!(stem(Path::new("x.HTM")), "x");
        assert_eq!(stem(Path::new("page.v2.html")), "page.v2");
    }
}
