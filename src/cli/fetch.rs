//! `thresh fetch`: flags to a [`FetchConfig`], then fetch, extract and print
//! or store each URL. All the work is in [`crate::fetch`] and [`crate::store`].

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use futures_util::StreamExt;
use url::Url;

use super::output::{render_result, Stdout};
use super::{Config, Flags, JobsArgs, LogArgs, Outcome, OutputArgs, RulesArgs};
use crate::article::Article;
use crate::extract::Extractor;
use crate::fetch::{self, FetchConfig, FetchError, Fetched, Fetcher};
use crate::format::Format;
use crate::store::{self, Store, StorePaths, StoredMeta};

/// Arguments of `thresh fetch`.
#[derive(Debug, Args)]
#[command(after_help = "\
Output: one URL without --out-dir prints its article to stdout. Several URLs \
without --out-dir print one after another, each after a line `==> URL <==`, \
in the order given. With --out-dir DIR each article is saved as \
DIR/<host>/<slug>.txt (or .md) beside DIR/<host>/<slug>.json (metadata); \
with --format json the text goes into that .json file.

Saving: a page that gives no article (fewer than 10 words: a block page, \
consent wall or script shell) is a failure and nothing is saved; over a \
stored article, a text with under 20% of its words is a failure too and the \
stored article is kept, unless --accept-shrinkage. Credentials in a URL \
(https://user:pass@host/) are sent to the site, never saved or printed.

Politeness: robots.txt is obeyed, one request at a time per host (spaced by \
the site's Crawl-delay), retries back off and honour Retry-After. Site rule \
files can add headers, cookies and a URL rewrite in a [fetch] section.

Pages: an article that continues over further pages (the site's next_page \
rule, or on article pages a rel=next or \"next page\" pager link) is fetched \
page by page (at most 10, same host, each page once) and joined; a site's \
single_page rule reads its one-page version instead. When a following page \
fails, the article is marked partial (\"partial\": true in JSON) with a \
warning, and a partial article never replaces a whole stored one (unless \
--accept-shrinkage).

Exit status: 0 all fetched, 1 some failed (each named on stderr), 2 bad usage.")]
pub struct FetchArgs {
    /// Pages to fetch (http or https).
    #[arg(value_name = "URL", required = true)]
    urls: Vec<String>,
    /// With --out-dir: save a new text even when it lost over 80% of the stored article's words.
    #[arg(long)]
    accept_shrinkage: bool,
    #[command(flatten)]
    net: NetArgs,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    rules: RulesArgs,
    #[command(flatten)]
    jobs: JobsArgs,
    #[command(flatten)]
    log: LogArgs,
}

impl FetchArgs {
    pub(super) fn flags(&self) -> Flags<'_> {
        Flags::new(&self.log)
            .rules(&self.rules)
            .jobs(&self.jobs)
            .output(&self.output)
    }
}

/// The network flags `fetch` and `refresh` share.
#[derive(Debug, Args)]
pub(super) struct NetArgs {
    /// Fetch pages even where robots.txt disallows them.
    #[arg(long)]
    ignore_robots: bool,
    /// User-Agent header.
    #[arg(long, value_name = "UA", default_value_t = fetch::default_user_agent())]
    user_agent: String,
    /// Seconds allowed per request, body included.
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    timeout: f64,
    /// Largest page accepted, in bytes (after decompression).
    #[arg(long, value_name = "BYTES", default_value_t = fetch::DEFAULT_MAX_BYTES)]
    max_bytes: usize,
    /// Retries after a connection error, 429 or 5xx.
    #[arg(long, value_name = "N", default_value_t = 3)]
    retries: u32,
    /// Also append each page downloaded to this WARC file (request and
    /// response records; FILE.warc.gz: a gzip member per record).
    #[arg(long, value_name = "FILE")]
    warc: Option<PathBuf>,
}

impl NetArgs {
    /// The `--warc` file, opened for appending and locked for the run.
    pub(super) fn warc_writer(&self) -> anyhow::Result<Option<Arc<crate::warc::Writer>>> {
        self.warc
            .as_deref()
            .map(|path| {
                crate::warc::Writer::open(path)
                    .map(Arc::new)
                    .with_context(|| format!("--warc {}", path.display()))
            })
            .transpose()
    }

    /// The fetch settings these flags ask for, validated.
    pub(super) fn fetch_config(&self) -> anyhow::Result<FetchConfig> {
        if !(self.timeout.is_finite() && self.timeout > 0.0 && self.timeout < 86_400.0) {
            anyhow::bail!("--timeout must be a number of seconds above 0");
        }
        let timeout = Duration::from_secs_f64(self.timeout);
        let defaults = FetchConfig::default();
        let config = FetchConfig {
            user_agent: self.user_agent.clone(),
            connect_timeout: defaults.connect_timeout.min(timeout),
            timeout,
            max_bytes: self.max_bytes,
            robots: !self.ignore_robots,
            retries: self.retries,
            ..defaults
        };
        config.validate()?;
        Ok(config)
    }
}

/// Downloads one page with default settings, outside any async context
/// (for `rules explain URL` and `rules new --from URL`).
pub(super) fn fetch_blocking(url: &Url, config: &Config) -> anyhow::Result<Fetched> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let fetcher = Fetcher::new(FetchConfig::default(), config.rules.clone())?;
    Ok(runtime.block_on(fetcher.fetch(url, None))?)
}

/// Runs `thresh fetch`.
pub fn run(args: &FetchArgs, config: &Config) -> anyhow::Result<Outcome> {
    // Every URL is checked before the first request.
    let urls = args
        .urls
        .iter()
        .map(|u| fetch::parse_url(u))
        .collect::<Result<Vec<Url>, FetchError>>()?;
    let fetch_config = args.net.fetch_config()?;
    let fetcher = Fetcher::new(fetch_config, config.rules.clone())?;
    let extractor = Arc::new(Extractor::new_shared(config.rules.clone()));
    let store = config.out_dir.as_ref().map(Store::new);
    let warc = args.net.warc_writer()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.jobs.clamp(1, 8))
        .max_blocking_threads(config.jobs.max(1))
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let several = urls.len() > 1;
    let (failures, printed) = runtime.block_on(async {
        // Network-bound: more requests in flight than cores; the fetcher
        // still sends one at a time per host.
        let mut results = futures_util::stream::iter(urls.iter().enumerate())
            .map(|(i, url)| {
                let (fetcher, extractor, warc) = (&fetcher, &extractor, warc.as_deref());
                async move { (i, fetch_one(fetcher, extractor, warc, url).await) }
            })
            .buffer_unordered(config.jobs.saturating_mul(4).clamp(4, 64));
        let mut done: Vec<Option<Article>> = vec![None; urls.len()];
        let mut failures = 0;
        while let Some((i, result)) = results.next().await {
            let url = &urls[i];
            let saved = result.and_then(|(fetched, article)| match &store {
                Some(store) => {
                    let paths = save(store, url, &fetched, &article, config.format, args)?;
                    tracing::info!("{}: saved {}", fetch::redact(url), paths.meta.display());
                    Ok(())
                }
                None => {
                    done[i] = Some(article);
                    Ok(())
                }
            });
            if let Err(e) = saved {
                failures += 1;
                eprintln!("thresh: {}", describe(url, &e));
            }
        }
        let mut out = Stdout::new();
        let printed = urls
            .iter()
            .zip(&done)
            .try_for_each(|(url, page)| match page {
                Some(article) => out.write_str(&render_result(
                    article,
                    config.format,
                    &fetch::redact(url),
                    several,
                )),
                None => Ok(()),
            });
        (failures, printed.and_then(|()| out.finish()))
    });
    printed?;
    Ok(Outcome::from_failures(failures))
}

async fn fetch_one(
    fetcher: &Fetcher,
    extractor: &Arc<Extractor>,
    warc: Option<&crate::warc::Writer>,
    url: &Url,
) -> anyhow::Result<(Fetched, Article)> {
    let fetched = fetcher.fetch(url, None).await?;
    if let Some(warc) = warc {
        warc.write_fetched(&fetched).with_context(|| {
            format!(
                "{}: cannot write the WARC file {}",
                fetch::redact(url),
                warc.path().display()
            )
        })?;
    }
    // An article over several pages comes back joined (or marked partial);
    // the WARC holds the first page (the one the state and store are keyed by).
    let (article, links) = fetch::pages::read(extractor, &fetched).await?;
    let article = fetch::pages::follow(fetcher, extractor, &fetched, article, links).await;
    Ok((fetched, article))
}

/// Saves `article` into `store` unless it is no article, or (without
/// `--accept-shrinkage`) it lost most of the stored article's words.
fn save(
    store: &Store,
    url: &Url,
    fetched: &Fetched,
    article: &Article,
    format: Format,
    args: &FetchArgs,
) -> anyhow::Result<StorePaths> {
    let shown = fetch::redact(url);
    let words = store::check_not_empty(article).with_context(|| shown.clone())?;
    if !args.accept_shrinkage {
        match store.load_meta(url) {
            Ok(Some(stored)) => {
                store::check_partial(article, &stored).with_context(|| shown.clone())?;
                store
                    .check_shrinkage(url, &stored, words)
                    .with_context(|| shown.clone())?
            }
            Ok(None) => {}
            // Unreadable metadata vouches for nothing: it is saved over.
            Err(e) => tracing::warn!("{e}: it will be replaced"),
        }
    }
    let meta = StoredMeta::new(fetched, article, format);
    store
        .save(url, article, &meta, format)
        .with_context(|| format!("{shown}: cannot save"))
}

/// `<url>: <reason>`, naming the URL given even when a redirect target failed.
fn describe(url: &Url, e: &anyhow::Error) -> String {
    let shown = fetch::redact(url);
    match e.downcast_ref::<FetchError>() {
        Some(fe) if fe.url() == Some(shown.as_str()) => fe.to_string(),
        Some(fe) => format!("{shown}: {fe}"),
        None => format!("{e:#}"),
    }
}
