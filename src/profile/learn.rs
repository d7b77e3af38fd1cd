//! Learning profiles from the pages of one run: [`Learner`] counts the
//! blocks of extracted articles per host, and [`Together`] is the two-pass
//! run `thresh extract` makes over many pages: every page extracted first
//! (in parallel, as without profiles), then each filtered by the profile
//! of all of them. Counting is a sum over pages, so the profile, and every
//! page's output, is the same whatever order the pages came in and however
//! many threads extracted them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{host_of, page_texts, sample_of, HostProfile, Profiles, TextStat, MIN_PAGES};
use crate::article::Article;

/// Counts pages into per-host profiles, for filtering (see
/// [`count_page`] for what `detail` adds).
#[derive(Debug, Default)]
pub struct Learner {
    profiles: Profiles,
    detail: bool,
}

impl Learner {
    /// Nothing counted yet; with `detail`, samples and keys are kept too.
    pub fn new(detail: bool) -> Self {
        Learner {
            detail,
            ..Learner::default()
        }
    }

    /// Counts `article` under its host; pages without a host or without
    /// text are not counted.
    pub fn add(&mut self, article: &Article) {
        if let Some(host) = counted_host(article) {
            self.add_under(&host, article);
        }
    }

    /// Counts `article` under `host`, already worked out.
    fn add_under(&mut self, host: &str, article: &Article) {
        count_page(self.profiles.entry(host), article, self.detail);
    }

    /// The profiles of hosts with enough pages to learn from.
    pub fn finish(mut self) -> Profiles {
        self.profiles.hosts.retain(|_, p| p.pages >= MIN_PAGES);
        self.profiles
    }
}

/// The host `article` counts under: none without text or a host.
fn counted_host(article: &Article) -> Option<String> {
    if article.blocks.is_empty() {
        return None;
    }
    host_of(article)
}

/// Adds one page to `profile`. With `detail`, also what suggesting rules
/// needs: a sample and a position key per text, and per key its counts
/// (filtering needs neither, and a run over many pages saves their copies).
/// Where a text's sample or key differ from page to page, the least is
/// kept, so neither depends on the order.
pub fn count_page(profile: &mut HostProfile, article: &Article, detail: bool) {
    let templated = u32::from(super::templated(article));
    profile.pages += 1;
    profile.templated_pages += templated;
    let mut keys: HashMap<&str, u32> = HashMap::new();
    for (fp, words, block) in page_texts(&article.blocks) {
        let stat = profile.texts.entry(fp).or_insert_with(|| TextStat {
            words: words as u32,
            ..TextStat::default()
        });
        stat.pages += 1;
        stat.templated_pages += templated;
        if !detail {
            continue;
        }
        if stat.sample.is_empty() || block.text < stat.sample {
            stat.sample = sample_of(&block.text);
        }
        if let Some(key) = &block.path {
            if stat.key.as_ref().is_none_or(|k| key < k) {
                stat.key = Some(key.clone());
            }
            *keys.entry(key).or_default() += 1;
        }
    }
    for (key, blocks) in keys {
        let stat = profile.keys.entry(key.to_owned()).or_default();
        stat.pages += 1;
        stat.blocks += blocks;
    }
}

/// The pages of one run, extracted, with the profiles learnt from them.
#[derive(Debug)]
pub struct Together {
    articles: Mutex<Vec<Option<Article>>>,
    profiles: Profiles,
}

impl Together {
    /// Pass one: runs `extract` on pages `0..count` over `jobs` threads and
    /// learns the profiles of their hosts. A page `extract` gives `None`
    /// for (it failed) is left for the caller to extract again and report.
    pub fn extract(
        count: usize,
        jobs: usize,
        extract: impl Fn(usize) -> Option<Article> + Sync,
    ) -> Together {
        let articles = extract_all(count, jobs, extract);
        // Only hosts with enough pages get a profile: counting the texts
        // of the others (most hosts of a mixed folder) is work thrown away.
        let hosts: Vec<Option<String>> = articles
            .iter()
            .map(|a| a.as_ref().and_then(counted_host))
            .collect();
        let mut pages: HashMap<&str, u32> = HashMap::new();
        for host in hosts.iter().flatten() {
            *pages.entry(host).or_default() += 1;
        }
        let mut learner = Learner::new(false);
        for (article, host) in articles.iter().zip(&hosts) {
            if let (Some(article), Some(host)) = (article, host) {
                if pages[host.as_str()] >= MIN_PAGES {
                    learner.add_under(host, article);
                }
            }
        }
        let profiles = learner.finish();
        tracing::info!(
            "site profiles: {} hosts with {MIN_PAGES} or more of the {count} pages",
            profiles.len()
        );
        Together {
            articles: Mutex::new(articles),
            profiles,
        }
    }

    /// Pass two for page `k`: its article, with its host's boilerplate
    /// dropped; `None` when pass one could not extract it (or it was taken).
    pub fn take(&self, k: usize) -> Option<Article> {
        let mut article = self
            .articles
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_mut(k)?
            .take()?;
        if let Some(removal) = self.profiles.apply(&mut article) {
            tracing::debug!(
                url = article.url.as_deref().unwrap_or(""),
                undone = removal.undone,
                "profile dropped {} blocks",
                removal.samples.len()
            );
        }
        Some(article)
    }

    /// The profiles learnt.
    pub fn profiles(&self) -> &Profiles {
        &self.profiles
    }
}

/// The profile of one host learnt from pages `0..count` (a folder of the
/// host's saved pages), extracted by `extract` over `jobs` threads; every
/// page counts for the host, whatever URL it names.
pub fn learn_host(
    count: usize,
    jobs: usize,
    extract: impl Fn(usize) -> Option<Article> + Sync,
) -> HostProfile {
    let mut profile = HostProfile::default();
    for article in extract_all(count, jobs, extract).iter().flatten() {
        if !article.blocks.is_empty() {
            count_page(&mut profile, article, true);
        }
    }
    profile
}

/// Runs `extract` on `0..count` over `jobs` threads; results in order.
fn extract_all(
    count: usize,
    jobs: usize,
    extract: impl Fn(usize) -> Option<Article> + Sync,
) -> Vec<Option<Article>> {
    let articles: Mutex<Vec<Option<Article>>> = Mutex::new(vec![None; count]);
    let next = AtomicUsize::new(0);
    let work = || loop {
        let k = next.fetch_add(1, Ordering::Relaxed);
        if k >= count {
            break;
        }
        let article = extract(k);
        articles.lock().unwrap_or_else(|p| p.into_inner())[k] = article;
    };
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, count.max(1)) {
            s.spawn(work);
        }
    });
    articles.into_inner().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Block, BlockKind, PageType};
    use crate::profile::KeyStat;

    fn page(url: &str, texts: &[&str], kind: PageType) -> Article {
        let blocks: Vec<Block> = texts
            .iter()
            .map(|t| {
                let mut b = Block::plain(BlockKind::Paragraph, *t);
                b.path = Some(if t.starts_with("Promo") {
                    "aside.promo".into()
                } else {
                    "div.body".into()
                });
                b
            })
            .collect();
        Article {
            url: Some(url.into()),
            page_type: Some(kind),
            text: crate::format::render_text(&blocks),
            blocks,
            ..Article::default()
        }
    }

    #[test]
    fn counts_pages_per_host_once_per_page() {
        let mut l = Learner::new(true);
        for i in 0..3 {
            let own = format!("Story number {i} of the harbour and the wall");
            l.add(&page(
                &format!("https://www.a.test/{i}"),
                &[&own, "Promo box text", "Promo box text"],
                PageType::Article,
            ));
        }
        l.add(&page(
            "https://b.test/1",
            &["Promo box text"],
            PageType::Product,
        ));
        let profiles = l.finish();
        assert_eq!(profiles.len(), 1, "b.test has too few pages");
        let a = profiles.get("a.test").unwrap();
        assert_eq!(a.pages, 3);
        let (fp, _) = super::super::fingerprint("Promo box text").unwrap();
        assert_eq!(a.texts[&fp].pages, 3);
        assert_eq!(a.texts[&fp].key.as_deref(), Some("aside.promo"));
        assert_eq!(
            a.keys["aside.promo"],
            KeyStat {
                pages: 3,
                blocks: 3
            }
        );
        assert_eq!(a.recurring().len(), 1);
    }

    #[test]
    fn together_is_the_same_in_any_order_and_on_any_threads() {
        let pages: Vec<Article> = (0..6)
            .map(|i| {
                page(
                    &format!("https://a.test/{i}"),
                    &[
                        &format!("Story {i}: the harbour wall was finished in the spring, two years late, after a long fight."),
                        "Promo: get the best of the week in your inbox every Friday morning",
                    ],
                    PageType::Article,
                )
            })
            .collect();
        let run = |order: &[usize], jobs: usize| -> Vec<String> {
            let t = Together::extract(order.len(), jobs, |k| Some(pages[order[k]].clone()));
            let mut out: Vec<(usize, String)> = (0..order.len())
                .map(|k| (order[k], t.take(k).unwrap().text))
                .collect();
            out.sort();
            out.into_iter().map(|(_, t)| t).collect()
        };
        let first = run(&[0, 1, 2, 3, 4, 5], 1);
        assert!(first.iter().all(|t| !t.contains("inbox")), "{first:?}");
        assert!(first.iter().all(|t| t.contains("harbour")), "{first:?}");
        assert_eq!(first, run(&[5, 3, 1, 0, 2, 4], 2));
        assert_eq!(first, run(&[2, 0, 4, 5, 1, 3], 3));
    }
}
