//! Articles that run over several pages: find where a fetched article
//! continues, fetch the following pages through the same [`Fetcher`] (so
//! robots.txt, pacing and retries apply to each as to any request), and
//! join their text into one [`Article`]; or read the site's single-page
//! (print) version instead when its rule file names one.
//!
//! Where the next page is:
//! - the site's `[fetch] next_page` rule (`selector@attr`, `href` when no
//!   attribute is named), on any page;
//! - otherwise (unless the site's file says `detect_next_page = false`),
//!   only on pages the extractor judged articles (or could not
//!   type: not listings, forums, shops or documentation): an untitled
//!   `<link rel=next>` (WordPress titles its link to the next post), or a
//!   pager link: an anchor reading "next page" (in a few languages), or
//!   `rel=next`, "next", "›" or "»" inside an element whose class or id names
//!   a pager. A guessed link must also go on from the article's URL
//!   ([`continues`]): "next post" and "next article" links are not pages.
//!
//! Limits: at most [`MAX_PAGES`] pages in all; only pages of the same site,
//! which here means the same host once a leading `www.` is set aside (the
//! registrable domain would need the public suffix list, which we do not
//! ship, and articles continue on their own host); no page twice (URLs
//! compared without fragment, `www.` or a trailing `/`). A following page
//! that cannot be had, or the cap cut short, makes the article
//! [`partial`](crate::article::Pages::partial), with a warning: never
//! silently short. Blocks already seen on an earlier page (the headline, a
//! byline, the site's furniture) are not repeated.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use regex::bytes::Regex as BytesRegex;
use regex::Regex;
use thiserror::Error;
use url::Url;

use super::{redact, FetchError, Fetched, Fetcher};
use crate::article::{Article, PageFailure, PageType};
use crate::extract::tree::{Id, Tree, NO};
use crate::extract::Extractor;
use crate::rules::{MetaSelector, RuleSet};
use crate::selector::Selector;

/// The most pages joined into one article, the first included.
pub const MAX_PAGES: usize = 10;

/// Why a following page was not joined (the article is then partial).
#[derive(Debug, Error)]
pub enum PageError {
    /// It could not be fetched or extracted.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// It came, but holds no text of its own.
    #[error("{url}: no article text on this page")]
    Empty {
        /// The page.
        url: String,
    },
    /// The article goes on past the cap.
    #[error("{url}: not fetched: an article is joined from at most {limit} pages")]
    Cap {
        /// The first page not fetched.
        url: String,
        /// [`MAX_PAGES`].
        limit: usize,
    },
}

impl PageError {
    /// The page concerned.
    pub fn url(&self) -> String {
        match self {
            PageError::Fetch(e) => e.url().unwrap_or_default().to_string(),
            PageError::Empty { url } | PageError::Cap { url, .. } => url.clone(),
        }
    }
}

/// Where a page says its article goes on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Continuation {
    /// The next page, when there is one on the same site.
    pub next: Option<Url>,
    /// The single-page version the site's rule points to.
    pub single: Option<Url>,
    /// `next` was guessed from the page (not named by a rule): it is only
    /// followed when its URL continues the article's (see [`continues`]).
    pub guessed: bool,
}

/// Fetches the article at `url`: its first page, then its single-page
/// version or its following pages as [`follow`] does.
pub async fn fetch_article(
    fetcher: &Fetcher,
    extractor: &Arc<Extractor>,
    url: &Url,
) -> Result<(Fetched, Article), FetchError> {
    let fetched = fetcher.fetch(url, None).await?;
    let (article, links) = read(extractor, &fetched).await?;
    let article = follow(fetcher, extractor, &fetched, article, links).await;
    Ok((fetched, article))
}

/// Extracts a fetched page and finds where it continues, on a blocking
/// thread (both parse the page). Replaces [`super::extract`] where pages
/// are to be followed.
pub async fn read(
    extractor: &Arc<Extractor>,
    fetched: &Fetched,
) -> Result<(Article, Continuation), FetchError> {
    let article = super::extract(extractor, fetched).await?;
    let extractor = Arc::clone(extractor);
    let (body, base, content_type) = (
        fetched.body.clone(),
        fetched.final_url.clone(),
        fetched.content_type.clone(),
    );
    // Listings, forums, shops and documentation link their own next page
    // (of results, posts, chapters): not more of one article. A page with
    // no stronger signal (`service`) may be an article that does not say so.
    let is_article = article
        .page_type
        .is_none_or(|t| matches!(t, PageType::Article | PageType::Service));
    let links = tokio::task::spawn_blocking(move || {
        continuation(
            extractor.rules(),
            &body,
            content_type.as_deref(),
            &base,
            is_article,
        )
    })
    .await
    .unwrap_or_default();
    Ok((article, links))
}

/// What [`gather`] found past an article's first page.
#[derive(Debug)]
pub enum Gathered {
    /// The single-page version, which replaces the pages (boxed: a page
    /// is large beside the other variant).
    Single(Box<(Fetched, Article)>),
    /// The following pages in order (none for a one-page article), and the
    /// failure that stopped them short, if any.
    Pages(Vec<(Fetched, Article)>, Option<PageError>),
}

/// Completes `article`, read from `first`: with the single-page version
/// when `links` has one that gives text (else the pages as they are), and
/// the following pages joined in order. Failures of later pages are logged
/// and recorded in the article, which is then partial.
pub async fn follow(
    fetcher: &Fetcher,
    extractor: &Arc<Extractor>,
    first: &Fetched,
    article: Article,
    links: Continuation,
) -> Article {
    match gather(fetcher, extractor, first, links).await {
        Gathered::Single(single) => {
            let (fetched, mut whole) = *single;
            whole.url = article.url;
            whole.pages.single_page = Some(redact(&fetched.final_url));
            whole
        }
        Gathered::Pages(following, failure) => {
            let mut pages = vec![(redact(&first.final_url), article)];
            pages.extend(
                following
                    .into_iter()
                    .map(|(fetched, page)| (redact(&fetched.final_url), page)),
            );
            let joined = join(pages);
            match failure {
                Some(e) => partial(joined, &e, &first.url),
                None => joined,
            }
        }
    }
}

/// Fetches what follows `first` (whose continuation is `links`): its
/// single-page version when that gives text, else its following pages, each
/// extracted, until the last, a loop, the cap or a failure. For callers
/// that keep the pages themselves (fixtures); [`follow`] joins them.
pub async fn gather(
    fetcher: &Fetcher,
    extractor: &Arc<Extractor>,
    first: &Fetched,
    links: Continuation,
) -> Gathered {
    let mut seen: HashSet<String> = [&first.url, &first.final_url]
        .into_iter()
        .chain(&first.chain)
        .map(page_key)
        .collect();
    if let Some(single) = links.single.filter(|u| seen.insert(page_key(u))) {
        match fetch_page(fetcher, extractor, &single).await {
            Ok((fetched, whole, _)) => {
                tracing::info!(
                    "{}: read from its single page {}",
                    redact(&first.url),
                    redact(&single)
                );
                return Gathered::Single(Box::new((fetched, whole)));
            }
            Err(e) => tracing::warn!(
                "{}: single-page version unusable, reading the article's pages: {e}",
                redact(&first.url)
            ),
        }
    }
    let mut pages = Vec::new();
    let mut next = links.next;
    let mut failure: Option<PageError> = None;
    let mut guessed = links.guessed;
    while let Some(url) = next.take() {
        if guessed && !continues(&first.final_url, &url) {
            tracing::debug!(
                "{}: next link {} is not a page of this article",
                redact(&first.url),
                redact(&url)
            );
            break;
        }
        if !seen.insert(page_key(&url)) {
            tracing::debug!("{}: pager leads back to a page already read", redact(&url));
            break;
        }
        if pages.len() + 1 >= MAX_PAGES {
            failure = Some(PageError::Cap {
                url: redact(&url),
                limit: MAX_PAGES,
            });
            break;
        }
        match fetch_page(fetcher, extractor, &url).await {
            Ok((fetched, page, links)) => {
                seen.extend(fetched.chain.iter().map(page_key));
                next = links.next;
                guessed = links.guessed;
                pages.push((fetched, page));
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    Gathered::Pages(pages, failure)
}

/// Marks `article` partial for `e`, and says so on stderr.
fn partial(mut article: Article, e: &PageError, first: &Url) -> Article {
    tracing::warn!(
        "{}: article is partial: page {} failed: {e}",
        redact(first),
        e.url()
    );
    article.pages.partial = true;
    article.pages.page_failure = Some(PageFailure {
        url: e.url(),
        error: e.to_string(),
    });
    article
}

/// One following page: fetched, extracted, holding text, and where it
/// continues.
async fn fetch_page(
    fetcher: &Fetcher,
    extractor: &Arc<Extractor>,
    url: &Url,
) -> Result<(Fetched, Article, Continuation), PageError> {
    let fetched = fetcher.fetch(url, None).await?;
    let (article, links) = read(extractor, &fetched).await?;
    if article.blocks.is_empty() {
        return Err(PageError::Empty {
            url: redact(&fetched.final_url),
        });
    }
    Ok((fetched, article, links))
}

/// Joins the pages of one article, in order: the first page's metadata,
/// every page's blocks except those an earlier page already had.
pub fn join(pages: Vec<(String, Article)>) -> Article {
    let mut pages = pages.into_iter();
    let Some((first_url, mut article)) = pages.next() else {
        return Article::default();
    };
    let mut urls = vec![first_url];
    let mut seen: HashSet<String> = article.blocks.iter().map(|b| b.text.clone()).collect();
    for (url, page) in pages {
        urls.push(url);
        for block in page.blocks {
            if seen.insert(block.text.clone()) {
                article.blocks.push(block);
            }
        }
    }
    if urls.len() > 1 {
        article.text = crate::format::render_text(&article.blocks);
        article.pages.page_urls = urls;
    }
    article
}

/// Where a page continues: its site's `next_page` and `single_page` rules,
/// else (on article pages) its `rel=next` or pager link. Only links to the
/// same site, other than the page itself, count.
pub fn continuation(
    rules: &RuleSet,
    body: &[u8],
    content_type: Option<&str>,
    base: &Url,
    is_article: bool,
) -> Continuation {
    let site = rules.for_host(base.host_str()).site;
    let fetch_rules = site.map(|s| &s.fetch);
    let next_rule = fetch_rules.and_then(|f| f.next_page.as_ref());
    let single_rule = fetch_rules.and_then(|f| f.single_page.as_ref());
    let detect = fetch_rules.and_then(|f| f.detect_next_page) != Some(false);
    let guess = detect && is_article && next_rule.is_none() && may_have_pager(body);
    if next_rule.is_none() && single_rule.is_none() && !guess {
        return Continuation::default();
    }
    let Ok(decoded) = crate::decode::decode(body, content_type, crate::decode::DEFAULT_MAX_BYTES)
    else {
        return Continuation::default();
    };
    let tree = crate::extract::parse(&decoded.text);
    let usable = |href: &str| {
        let url = base.join(href.trim()).ok()?;
        (matches!(url.scheme(), "http" | "https")
            && same_site(&url, base)
            && page_key(&url) != page_key(base))
        .then_some(url)
    };
    let by_rule = |rule: Option<&crate::rules::Rule<MetaSelector>>| {
        let ms = &rule?.compiled;
        let attr = ms.attr.as_deref().unwrap_or("href");
        tree.select(&ms.selector)
            .filter_map(|id| tree.element(id)?.attr(attr))
            .find_map(usable)
    };
    let next = if next_rule.is_some() {
        by_rule(next_rule)
    } else if guess {
        pager_links(&tree)
            .into_iter()
            .find_map(|href| usable(&href))
    } else {
        None
    };
    Continuation {
        next,
        single: by_rule(single_rule),
        guessed: next_rule.is_none(),
    }
}

/// Words of a link to an article's next page, alone or before an arrow.
static NEXT_PAGE_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:next page|page suivante|nächste seite|página siguiente|pagina successiva|volgende pagina|próxima página|następna strona)\s*[›»>→]*$",
    )
    .expect("valid regex")
});

/// A bare "next" or arrow: a pager link only inside a pager.
static NEXT_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:next|suivant|weiter|siguiente|successiva|volgende|próxima|następna)?\s*[›»>→]*$",
    )
    .expect("valid regex")
});

/// Class or id words of a pager.
static PAGER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)pagination|pager|paging|page-?nav|pagenav|page-?links|multi-?page|article-?pages",
    )
    .expect("valid regex")
});

/// Whether a page can hold a `rel=next` or pager link at all: most do not,
/// and they are spared a second parse.
fn may_have_pager(body: &[u8]) -> bool {
    static HINT: LazyLock<BytesRegex> = LazyLock::new(|| {
        BytesRegex::new(
            r#"(?i)rel\s*=\s*["']?[^"'>]*\bnext\b|next\s+page|pagination|pager|paging|page-?nav|page-?links|multi-?page|suivante|nächste|siguiente|successiva|volgende|próxima|następna"#,
        )
        .expect("valid regex")
    });
    HINT.is_match(body)
}

static REL_NEXT: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("link[rel~=next][href]").expect("valid selector"));
static ANCHORS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href]").expect("valid selector"));

/// The page's next-page links, best first: `<link rel=next>`, then pager
/// anchors. A `<link rel=next>` with a `title` names another post (as
/// WordPress and Sphinx write them), and an `<a rel=next>` is often "next
/// post": those count only inside a pager.
fn pager_links(tree: &Tree) -> Vec<String> {
    let element = |id: Id| tree.element(id);
    let href = |id: Id| element(id)?.attr("href").map(str::to_string);
    let untitled = |id: &Id| {
        element(*id)
            .and_then(|e| e.attr("title"))
            .is_none_or(|t| t.trim().is_empty())
    };
    let mut links: Vec<String> = tree
        .select(&REL_NEXT)
        .filter(untitled)
        .filter_map(href)
        .collect();
    for a in tree.select(&ANCHORS) {
        let text = tree.text_of(a);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let explicit = NEXT_PAGE_TEXT.is_match(&text);
        let rel_next = element(a).and_then(|e| e.attr("rel")).is_some_and(|r| {
            r.split_ascii_whitespace()
                .any(|v| v.eq_ignore_ascii_case("next"))
        });
        let bare =
            (rel_next || (!text.is_empty() && NEXT_TEXT.is_match(&text))) && in_pager(tree, a);
        if explicit || bare {
            links.extend(href(a));
        }
    }
    links
}

/// Whether `id` sits inside an element named as a pager (within a few levels).
fn in_pager(tree: &Tree, id: Id) -> bool {
    let mut node = id;
    for _ in 0..5 {
        if node == NO {
            return false;
        }
        if let Some(e) = tree.element(node) {
            let named = e.id().is_some_and(|i| PAGER_NAME.is_match(i))
                || e.attr("class").is_some_and(|c| PAGER_NAME.is_match(c))
                || e.attr("aria-label").is_some_and(|c| PAGER_NAME.is_match(c));
            if named {
                return true;
            }
        }
        node = tree.node(node).parent;
    }
    false
}

/// Whether `next`, a guessed next-page link, continues the article that
/// began at `first`: its path is the first page's (a query names the page),
/// or extends it once an extension and trailing `/` are set aside
/// (`/story/` -> `/story/2/`, `/story-123.html` -> `/story-123-2.html`).
/// A link to another post fails: a pager names pages of one article.
pub fn continues(first: &Url, next: &Url) -> bool {
    let stem = |u: &Url| {
        let path = u.path().trim_end_matches('/');
        match path.rsplit_once('.') {
            Some((stem, ext)) if !ext.contains('/') && ext.len() <= 5 => stem.to_string(),
            _ => path.to_string(),
        }
    };
    let (first, next) = (stem(first), stem(next));
    // `/story/1` goes on as `/story/1/2` or `/story/1-2`, not `/story/10`.
    next.strip_prefix(&first)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '-', '_', '.', ',', ';']))
}

/// The same site: the same host, a leading `www.` aside.
fn same_site(a: &Url, b: &Url) -> bool {
    let host = |u: &Url| {
        let h = u.host_str().unwrap_or_default().to_ascii_lowercase();
        h.strip_prefix("www.").map(str::to_string).unwrap_or(h)
    };
    host(a) == host(b)
}

/// A URL as pages are told apart: no scheme, fragment, `www.` or trailing `/`.
fn page_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    let host = host.strip_prefix("www.").unwrap_or(host);
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = url.path().trim_end_matches('/');
    match url.query() {
        Some(q) => format!("{host}{port}{path}?{q}"),
        None => format!("{host}{port}{path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Block, BlockKind};

    fn page(texts: &[&str]) -> Article {
        let blocks: Vec<Block> = texts
            .iter()
            .map(|t| Block::plain(BlockKind::Paragraph, *t))
            .collect();
        Article {
            title: Some("T".into()),
            text: crate::format::render_text(&blocks),
            blocks,
            ..Article::default()
        }
    }

    #[test]
    fn join_keeps_order_and_drops_blocks_seen_before() {
        let joined = join(vec![
            ("u1".into(), page(&["Headline", "One."])),
            ("u2".into(), page(&["Headline", "Two.", "One."])),
            ("u3".into(), page(&["Three."])),
        ]);
        assert_eq!(joined.text, "Headline\n\nOne.\n\nTwo.\n\nThree.\n");
        assert_eq!(joined.pages.page_urls, ["u1", "u2", "u3"]);
        assert_eq!(joined.title.as_deref(), Some("T"));
        let alone = join(vec![("u1".into(), page(&["One."]))]);
        assert!(alone.pages.is_single());
    }

    fn links(html: &str, base: &str) -> Continuation {
        continuation(
            &RuleSet::empty(),
            html.as_bytes(),
            None,
            &Url::parse(base).unwrap(),
            true,
        )
    }

    #[test]
    fn pager_links_are_found_and_others_are_not() {
        let base = "https://www.news.test/story/1";
        let next = |html: &str| links(html, base).next.map(|u| u.to_string());
        assert_eq!(
            next("<head><link rel=next href='/story/1?page=2'></head><p>x</p>").as_deref(),
            Some("https://www.news.test/story/1?page=2")
        );
        assert_eq!(
            next("<p>x</p><a href='1/2'>Next page »</a>").as_deref(),
            Some("https://www.news.test/story/1/2")
        );
        assert_eq!(
            next("<nav class='pagination'><a href='/story/1/p2'>›</a></nav>").as_deref(),
            Some("https://www.news.test/story/1/p2")
        );
        // A bare "Next" outside a pager is a carousel or the next story.
        assert_eq!(next("<div><a href='/story/2'>Next</a></div>"), None);
        // So are WordPress's next-post links: a titled <link rel=next>, and
        // <a rel=next> outside a pager.
        assert_eq!(
            next("<link rel=next title='Other post' href='/story/2'>"),
            None
        );
        assert_eq!(
            next("<div class=post-nav><a rel=next href='/story/2'>Other post</a></div>"),
            None
        );
        assert_eq!(
            next("<div class=page-links><a rel=next href='/story/1/2'>2</a></div>").as_deref(),
            Some("https://www.news.test/story/1/2")
        );
        assert_eq!(next("<a href='/story/2'>Next article</a>"), None);
        // Off-site, itself, or not http: not a continuation.
        assert_eq!(next("<link rel=next href='https://other.test/2'>"), None);
        assert_eq!(next("<link rel=next href='/story/1/#top'>"), None);
        assert_eq!(next("<link rel=next href='javascript:next()'>"), None);
        // The same site under another leading www.
        assert_eq!(
            next("<link rel=next href='https://news.test/story/1/2'>").as_deref(),
            Some("https://news.test/story/1/2")
        );
        // Only article pages are guessed at (a listing's rel=next is its own).
        let listing = continuation(
            &RuleSet::empty(),
            b"<link rel=next href='/page/2'>",
            None,
            &Url::parse(base).unwrap(),
            false,
        );
        assert_eq!(listing, Continuation::default());
    }

    #[test]
    fn a_site_file_can_turn_detection_off_but_not_its_own_rule() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("news.test.toml");
        let html = b"<link rel=next href='/story/1/2'><a class=more href='/story/1/3'>x</a>";
        let base = Url::parse("https://news.test/story/1").unwrap();
        let next = |toml: &str| {
            std::fs::write(&file, toml).unwrap();
            let rules = RuleSet::load(&[dir.path().to_path_buf()]).unwrap();
            continuation(&rules, html, None, &base, true)
                .next
                .map(|u| u.path().to_string())
        };
        assert_eq!(next("[fetch]\n").as_deref(), Some("/story/1/2"));
        assert_eq!(next("[fetch]\ndetect_next_page = false\n"), None);
        assert_eq!(
            next("[fetch]\ndetect_next_page = false\nnext_page = 'a.more'\n").as_deref(),
            Some("/story/1/3")
        );
    }

    #[test]
    fn a_guessed_link_continues_the_articles_url_or_is_not_followed() {
        let ok = |a: &str, b: &str| continues(&Url::parse(a).unwrap(), &Url::parse(b).unwrap());
        assert!(ok("https://a.test/story/", "https://a.test/story/2/"));
        assert!(ok("https://a.test/story", "https://a.test/story?page=3"));
        assert!(ok(
            "https://a.test/s-123.html",
            "https://a.test/s-123-2.html"
        ));
        assert!(ok(
            "https://a.test/s-123.html",
            "https://a.test/s-123.html?p=2"
        ));
        // The next post, or another story that shares a prefix.
        assert!(!ok(
            "https://a.test/japan-trip/",
            "https://a.test/sushi-bar/"
        ));
        assert!(!ok("https://a.test/story/1", "https://a.test/story/10"));
    }

    #[test]
    fn page_keys_ignore_what_does_not_name_another_page() {
        let key = |s: &str| page_key(&Url::parse(s).unwrap());
        assert_eq!(key("https://www.a.test/x/#f"), key("http://a.test/x"));
        assert_ne!(key("https://a.test/x?p=2"), key("https://a.test/x"));
        assert_ne!(key("https://a.test:8080/x"), key("https://a.test/x"));
    }
}
