//! Site profiles: a site's boilerplate learnt from its own pages.
//!
//! A site's promo boxes, "read also" lines, newsletter prompts and author
//! boxes repeat, word for word, on its pages, in whatever language, while
//! what its authors wrote does not. When several pages of one host go
//! through a run, the blocks of their extracted articles are counted per
//! host by a fingerprint of their normalised text; a block seen on enough
//! of the host's pages ([`MIN_PAGES`], [`MIN_SHARE_PERCENT`]) is boilerplate
//! of that host and is dropped from its pages. The extractor is not
//! involved: profiles work on the [`Article`]s it already made, so a run
//! with profiles parses each page once.
//!
//! The decision for a page depends only on the page and the profile, never
//! on the order pages came in: `extract` counts every page of the run before
//! it filters any ([`learn`]), and `refresh` uses the profile as stored when
//! the run started ([`store`]) and adds what it sees for the next run.
//!
//! What is kept although it recurs:
//! - a recurring block on a templated page (a product page, a page of
//!   documentation: see [`templated`]), when at least half the pages it is
//!   seen on are templated: a shop's legal line belongs to its product
//!   descriptions, a reference's "widely available" note to its entries,
//!   while a box seen on every kind of page is the site's;
//! - short blocks (a heading like "Comments", "Ingredients", a button),
//!   unless they label a recurring box that goes: on their own they say too
//!   little to tell a site's furniture from a recipe's headings;
//! - the page's title, and any `<h1>`;
//! - everything, when dropping would leave an article too short (the undo
//!   rule of rule files, and the store's own idea of "empty" and "shrunk").

pub mod learn;
pub mod store;
pub mod suggest;

use std::collections::HashMap;

use url::Url;

use crate::article::{Article, Block, BlockKind};
use crate::extract::dom::{Dom, Ix, Tag};
use crate::extract::Removal;
use crate::text;

/// A block is boilerplate only if seen on at least this many pages of its
/// host: two pages sharing a paragraph may quote each other or be two
/// versions of one story; three is a pattern.
pub const MIN_PAGES: u32 = 3;

/// ... and on at least this share of the host's pages (in percent). A site's
/// pages come from several sections (stories, videos, galleries, shop
/// pages), each with its own boxes, so a box of one section is on a third
/// of a mixed sample rather than on most of it; text a third of a site's
/// pages share word for word is not something its authors wrote page by
/// page. Under 10 pages, [`MIN_PAGES`] is the stricter of the two.
pub const MIN_SHARE_PERCENT: u32 = 30;

/// Blocks of fewer words than this ("Comments", "Share", "Ingredients",
/// "Add to cart") go only as the label of a recurring box that goes: alone,
/// a short recurring line is as likely a section heading of the content.
pub const LONE_MIN_WORDS: usize = 4;

/// A page left with fewer words than this is not filtered at all: the
/// profile would have emptied it (the store's own least article).
pub const MIN_WORDS_LEFT: usize = crate::store::MIN_ARTICLE_WORDS;

/// ... nor one left with less than this share of its words (in percent):
/// what recurs there is most of the page, so the page is more likely a
/// duplicate, or the extractor took the site's chrome for its content,
/// than an article with a large footer. It is the share under which
/// `refresh` refuses a new text as "shrunk".
pub const MIN_SHARE_LEFT_PERCENT: usize = crate::store::SHRINK_PERCENT;

/// The name profile removals carry in reports (`rules explain`), where
/// rule files carry their file name.
pub const SOURCE: &str = "profile";

/// What is counted of one block text across a host's pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextStat {
    /// Pages the text was seen on.
    pub pages: u32,
    /// Of those, templated pages ([`templated`]).
    pub templated_pages: u32,
    /// Its words.
    pub words: u32,
    /// The text as seen on one page, for reports and suggested rules.
    pub sample: String,
    /// The block's position key ([`Block::path`]) on one page.
    pub key: Option<String>,
}

/// What is counted of one position key across a host's pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyStat {
    /// Pages the key was seen on.
    pub pages: u32,
    /// Distinct block texts seen under the key, summed over pages.
    pub blocks: u32,
}

/// One host's profile: how many pages were seen, and on how many each
/// block text and position key was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostProfile {
    /// Pages seen (with an article).
    pub pages: u32,
    /// Of those, templated pages ([`templated`]).
    pub templated_pages: u32,
    /// By text fingerprint ([`fingerprint`]).
    pub texts: HashMap<u64, TextStat>,
    /// By position key.
    pub keys: HashMap<String, KeyStat>,
}

impl HostProfile {
    /// Whether a text seen on `pages` pages is boilerplate of this host.
    pub fn recurs(&self, pages: u32) -> bool {
        pages >= MIN_PAGES && pages * 100 >= MIN_SHARE_PERCENT * self.pages
    }

    /// The recurring texts, most pages first (then by sample, so the order
    /// is stable).
    pub fn recurring(&self) -> Vec<(u64, &TextStat)> {
        let mut out: Vec<(u64, &TextStat)> = self
            .texts
            .iter()
            .filter(|(_, t)| self.recurs(t.pages))
            .map(|(&fp, t)| (fp, t))
            .collect();
        out.sort_by(|a, b| b.1.pages.cmp(&a.1.pages).then(a.1.sample.cmp(&b.1.sample)));
        out
    }
}

/// Profiles of many hosts, by host ([`host_of`]).
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    hosts: HashMap<String, HostProfile>,
}

impl Profiles {
    /// No profiles: every page is left as it is.
    pub fn new() -> Self {
        Profiles::default()
    }

    /// The profile of `host`, if any.
    pub fn get(&self, host: &str) -> Option<&HostProfile> {
        self.hosts.get(host)
    }

    /// The profile of `host`, created empty.
    pub fn entry(&mut self, host: &str) -> &mut HostProfile {
        self.hosts.entry(host.to_owned()).or_default()
    }

    /// Sets the profile of `host`.
    pub fn insert(&mut self, host: String, profile: HostProfile) {
        self.hosts.insert(host, profile);
    }

    /// Hosts with a profile.
    pub fn len(&self) -> usize {
        self.hosts.len()
    }

    /// True when no host has a profile.
    pub fn is_empty(&self) -> bool {
        self.hosts.is_empty()
    }

    /// Drops the profile's boilerplate from `article` (see [`filter`]);
    /// what was dropped, for reports. Pages of hosts without a profile,
    /// and pages without a host, are left alone.
    pub fn apply(&self, article: &mut Article) -> Option<Removal> {
        let host = host_of(article)?;
        let profile = self.hosts.get(&host)?;
        filter(article, profile, &host)
    }
}

/// Whether a page is of a kind whose content is partly written once for
/// many pages: product descriptions carry a shop's legal and care lines,
/// reference documentation its status and compatibility notes. Text that
/// recurs mostly on such pages is theirs, not the site's.
pub fn templated(article: &Article) -> bool {
    matches!(
        article.page_type,
        Some(crate::PageType::Product | crate::PageType::Documentation)
    )
}

/// The host an article is profiled under: its URL's host, without `www.`.
pub fn host_of(article: &Article) -> Option<String> {
    let url = Url::parse(article.url.as_deref()?).ok()?;
    url.host_str().map(crate::rules::normalize_host)
}

/// A fingerprint of a block's text, the same whatever its case, spacing and
/// punctuation, with its word count; `None` for a block without words.
/// FNV-1a, written out: profiles are stored, so the hash must not change
/// between builds (the standard library's may).
pub fn fingerprint(text: &str) -> Option<(u64, usize)> {
    use std::hash::Hasher;
    let mut hash = text::Fnv1a::default();
    (text::hash_words(text, &mut hash) > 0).then(|| (hash.finish(), text::word_count(text)))
}

/// Drops from `article` its blocks that are boilerplate of `host` by
/// `profile`, and renders its text again. Returns what was dropped, or
/// what would have been and was undone; `None` when nothing recurs.
pub fn filter(article: &mut Article, profile: &HostProfile, host: &str) -> Option<Removal> {
    let drop = boilerplate(article, profile);
    let hits: Vec<usize> = (0..drop.len()).filter(|&i| drop[i].is_some()).collect();
    if hits.is_empty() {
        return None;
    }
    let before: usize = article
        .blocks
        .iter()
        .map(|b| text::word_count(&b.text))
        .sum();
    let removed: usize = hits
        .iter()
        .map(|&i| text::word_count(&article.blocks[i].text))
        .sum();
    let left = before - removed;
    let undone = left < MIN_WORDS_LEFT || left * 100 < before * MIN_SHARE_LEFT_PERCENT;
    let samples = hits
        .iter()
        .map(|&i| {
            let pages = drop[i].unwrap_or(0);
            format!(
                "({pages} pages) {}",
                crate::extract::sample(&article.blocks[i].text)
            )
        })
        .collect();
    let removal = Removal {
        file: SOURCE.to_owned(),
        kind: crate::extract::RemovalKind::Recurring,
        pattern: format!(
            "blocks on at least {MIN_PAGES} and {MIN_SHARE_PERCENT}% of the {} pages seen of {host}",
            profile.pages
        ),
        samples,
        undone,
    };
    if !undone {
        let mut k = 0;
        article.blocks.retain(|_| {
            let keep = drop[k].is_none();
            k += 1;
            keep
        });
        article.text = crate::format::render_text(&article.blocks);
    }
    Some(removal)
}

/// For each block of `article`, `Some(pages it was seen on)` when it is
/// boilerplate by `profile`.
fn boilerplate(article: &Article, profile: &HostProfile) -> Vec<Option<u32>> {
    let templated = templated(article);
    let title = article.title.as_deref().and_then(fingerprint).map(|f| f.0);
    // Recurring blocks, with whether they are short; kept ones are None.
    let recurring: Vec<Option<(u32, bool)>> = article
        .blocks
        .iter()
        .map(|b| {
            if matches!(b.kind, BlockKind::Heading { level: 1 }) {
                return None;
            }
            let (fp, words) = fingerprint(&b.text)?;
            if Some(fp) == title {
                return None;
            }
            let stat = profile.texts.get(&fp)?;
            if !profile.recurs(stat.pages) || (templated && stat.templated_pages * 2 >= stat.pages)
            {
                return None;
            }
            Some((stat.pages, words < LONE_MIN_WORDS))
        })
        .collect();
    let mut drop: Vec<Option<u32>> = recurring
        .iter()
        .map(|r| r.and_then(|(pages, short)| (!short).then_some(pages)))
        .collect();
    // Short recurring blocks go with the box they label: next to a block
    // that goes, in a run of recurring blocks either way.
    for forward in [true, false] {
        let order: Box<dyn Iterator<Item = usize>> = if forward {
            Box::new(1..drop.len())
        } else {
            Box::new((0..drop.len().saturating_sub(1)).rev())
        };
        for i in order {
            let neighbour = if forward { i - 1 } else { i + 1 };
            if drop[i].is_none() && drop[neighbour].is_some() {
                if let Some((pages, true)) = recurring[i] {
                    drop[i] = Some(pages);
                }
            }
        }
    }
    drop
}

/// The blocks of one page as a profile counts them: each distinct text
/// once, with its words, a position key and the block it came from.
pub fn page_texts(blocks: &[Block]) -> Vec<(u64, usize, &Block)> {
    let mut seen = std::collections::HashSet::new();
    blocks
        .iter()
        .filter_map(|b| fingerprint(&b.text).map(|(fp, words)| (fp, words, b)))
        .filter(|(fp, _, _)| seen.insert(*fp))
        .collect()
}

/// The most characters of a sample kept in a profile.
const SAMPLE_CHARS: usize = 300;

/// A block's text cut to [`SAMPLE_CHARS`], for profiles.
pub(crate) fn sample_of(text: &str) -> String {
    match text.char_indices().nth(SAMPLE_CHARS) {
        Some((at, _)) => text[..at].to_owned(),
        None => text.to_owned(),
    }
}

/// Where a block sits on its page: a CSS selector for the nearest element
/// at or above `at` with a stable class or id, stopping at `<body>`.
/// Called by the renderer for each block (the one hook profiles need in
/// the extractor). Class names with digits are left out: they are
/// generated per build or per page (`css-1x2y3z`, `post-1234`).
pub(crate) fn position_key(dom: &Dom<'_>, at: Ix) -> Option<String> {
    // Built by hand in one buffer, not with `format!`: every rendered
    // block gets a key.
    let mut key = String::new();
    for ix in std::iter::once(at).chain(dom.ancestors(at)) {
        let node = dom.node(ix);
        if matches!(node.tag, Tag::Body | Tag::Html | Tag::Root) {
            return None;
        }
        let Some(el) = dom.element(ix) else { continue };
        let name = el.name();
        // Custom elements' names (`my-promo`) are fine; odd ones are not.
        if !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            continue;
        }
        let (id, class) = dom.id_class(ix);
        let id = id.trim();
        key.clear();
        key.push_str(name);
        if stable_token(id) {
            key.push('#');
            key.push_str(id);
            return Some(key);
        }
        for c in (class.split_ascii_whitespace())
            .filter(|c| stable_token(c))
            .take(3)
        {
            key.push('.');
            key.push_str(c);
        }
        if key.len() > name.len() {
            return Some(key);
        }
    }
    None
}

/// A name usable in a selector as written and unlikely to change from page
/// to page: letters, `-` and `_` only, starting with a letter.
fn stable_token(s: &str) -> bool {
    (2..=40).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PageType;

    fn para(text: &str) -> Block {
        Block::plain(BlockKind::Paragraph, text)
    }

    /// A profile of `pages` pages where each text was seen on its count.
    fn profile(pages: u32, texts: &[(&str, u32, u32)]) -> HostProfile {
        let mut p = HostProfile {
            pages,
            ..HostProfile::default()
        };
        for &(text, seen, templated) in texts {
            let (fp, words) = fingerprint(text).unwrap();
            p.texts.insert(
                fp,
                TextStat {
                    pages: seen,
                    templated_pages: templated,
                    words: words as u32,
                    sample: text.into(),
                    key: None,
                },
            );
        }
        p
    }

    const STORY: &str = "The harbour wall was finished in the spring, two years late, after \
        the council found the money in a fund meant for roads and bridges.";
    const PROMO: &str = "Get the best of the week in your inbox every Friday morning";

    fn article(blocks: Vec<Block>, kind: PageType) -> Article {
        Article {
            url: Some("https://www.news.test/a".into()),
            title: Some("Harbour wall finished".into()),
            page_type: Some(kind),
            text: crate::format::render_text(&blocks),
            blocks,
            ..Article::default()
        }
    }

    #[test]
    fn fingerprints_ignore_case_spacing_and_punctuation() {
        let a = fingerprint("Read also: our  guide!").unwrap();
        let b = fingerprint("read ALSO our guide").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.1, 4);
        assert_ne!(a.0, fingerprint("read also our guides").unwrap().0);
        assert_eq!(fingerprint(" -- "), None);
        // Stored profiles rely on the value never changing.
        assert_eq!(fingerprint("a").unwrap().0, 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn recurring_needs_three_pages_and_a_share() {
        let p = profile(20, &[]);
        assert!(!p.recurs(2));
        assert!(!p.recurs(5));
        assert!(p.recurs(6));
        assert!(profile(3, &[]).recurs(3));
        assert!(!profile(2, &[]).recurs(2));
    }

    #[test]
    fn recurring_boxes_go_with_their_labels_and_short_lines_alone_stay() {
        let p = profile(
            10,
            &[(PROMO, 9, 0), ("Newsletter", 9, 0), ("Comments", 9, 0)],
        );
        let mut a = article(
            vec![
                Block::plain(BlockKind::Heading { level: 1 }, "Harbour wall finished"),
                para(STORY),
                Block::plain(BlockKind::Heading { level: 3 }, "Newsletter"),
                para(PROMO),
                para(STORY),
                Block::plain(BlockKind::Heading { level: 3 }, "Comments"),
                para(STORY),
            ],
            PageType::Article,
        );
        let removal = Profiles {
            hosts: HashMap::from([("news.test".to_owned(), p)]),
        }
        .apply(&mut a)
        .expect("something recurs");
        assert!(!removal.undone);
        assert_eq!(removal.file, SOURCE);
        assert_eq!(removal.samples.len(), 2, "{:?}", removal.samples);
        assert!(!a.text.contains("inbox"), "{}", a.text);
        assert!(!a.text.contains("Newsletter"), "{}", a.text);
        assert!(a.text.contains("Comments"), "{}", a.text);
        assert!(a.text.starts_with("Harbour wall finished"), "{}", a.text);
    }

    #[test]
    fn templated_pages_keep_what_recurs_on_templated_pages() {
        let legal = "Food supplements are not a substitute for a varied and balanced diet";
        let p = profile(10, &[(legal, 4, 4), (PROMO, 10, 4)]);
        let mut a = article(
            vec![para(STORY), para(legal), para(PROMO)],
            PageType::Product,
        );
        filter(&mut a, &p, "shop.test");
        assert!(a.text.contains("balanced diet"), "{}", a.text);
        assert!(!a.text.contains("inbox"), "{}", a.text);
        // The same line on an article page is the site's.
        let mut a = article(vec![para(STORY), para(legal)], PageType::Article);
        filter(&mut a, &p, "shop.test");
        assert!(!a.text.contains("balanced diet"), "{}", a.text);
    }

    #[test]
    fn a_profile_never_empties_a_page_nor_guts_it() {
        let p = profile(10, &[(PROMO, 9, 0), (STORY, 3, 0)]);
        let mut a = article(vec![para(PROMO), para(STORY)], PageType::Article);
        let before = a.clone();
        let removal = filter(&mut a, &p, "news.test").unwrap();
        assert!(removal.undone);
        assert_eq!(a, before);
        // The title is never dropped, even where it recurs.
        let p = profile(3, &[("Harbour wall finished", 3, 0)]);
        let mut a = article(
            vec![para("Harbour wall finished"), para(STORY)],
            PageType::Article,
        );
        assert!(filter(&mut a, &p, "news.test").is_none());
    }

    #[test]
    fn pages_of_other_hosts_or_none_are_untouched() {
        let profiles = Profiles {
            hosts: HashMap::from([("news.test".to_owned(), profile(10, &[(PROMO, 9, 0)]))]),
        };
        let mut a = article(vec![para(STORY), para(PROMO)], PageType::Article);
        a.url = Some("https://other.test/x".into());
        assert!(profiles.apply(&mut a).is_none());
        a.url = None;
        assert!(profiles.apply(&mut a).is_none());
        assert!(a.text.contains("inbox"));
    }

    #[test]
    fn position_keys_name_the_nearest_stable_container() {
        let html = r#"<html><body><div class="wrap post-123"><aside class="promo-box x1">
            <p>Promo</p></aside><p id="lead">Lead</p><div class="c-9f2"><p>Plain</p></div></div>
            <p>Loose</p></body></html>"#;
        let tree = crate::extract::parse(html);
        let dom = Dom::build(&tree);
        let key_of = |text: &str| {
            let ix = (0..dom.len() as Ix)
                .find(|&i| dom.node(i).tag == Tag::Text && dom.node(i).text == text)
                .unwrap();
            position_key(&dom, dom.node(ix).parent)
        };
        assert_eq!(key_of("Promo").as_deref(), Some("aside.promo-box"));
        assert_eq!(key_of("Lead").as_deref(), Some("p#lead"));
        assert_eq!(key_of("Plain").as_deref(), Some("div.wrap"));
        assert_eq!(key_of("Loose"), None);
    }
}
