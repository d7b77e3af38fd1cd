//! Metadata and structured hints read from the whole page before any
//! cleaning: title, author, date, language, canonical URL, and the page's
//! JSON-LD (article body, types), which locate uses as a cross-check.

use html5ever::local_name;
use serde_json::Value;
use url::Url;

use crate::rules::{Applied, MetaSelector, Rule};

use super::tree::{Id, Tree};

/// What the page says about itself.
#[derive(Debug, Default, Clone)]
pub struct PageMeta {
    /// Headline.
    pub title: Option<String>,
    /// Author(s).
    pub author: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Language tag.
    pub language: Option<String>,
    /// `og:type`, lower-cased.
    pub og_type: Option<String>,
    /// Every JSON-LD `@type` on the page.
    pub ld_types: Vec<String>,
    /// The longest JSON-LD `articleBody` / `text` of an article-like object.
    pub ld_body: Option<String>,
    /// The page's summaries of itself (`og:description`, `description`,
    /// `twitter:description`), distinct, in that order: an article's
    /// standfirst often repeats one of them.
    pub descriptions: Vec<String>,
    /// The longest JSON-LD `description` of a `Product` (markup removed):
    /// what the shop wrote of it, when a script renders the page.
    pub ld_product_description: Option<String>,
}

impl PageMeta {
    /// True when structured data or `og:type` says this is an article.
    pub fn says_article(&self) -> bool {
        self.og_type.as_deref() == Some("article")
            || self.ld_types.iter().any(|t| {
                matches!(
                    t.as_str(),
                    "Article"
                        | "NewsArticle"
                        | "BlogPosting"
                        | "Report"
                        | "ScholarlyArticle"
                        | "TechArticle"
                        | "OpinionNewsArticle"
                        | "AnalysisNewsArticle"
                        | "ReportageNewsArticle"
                        | "LiveBlogPosting"
                        | "SatiricalArticle"
                )
            })
    }

    /// True when only `og:type` says this is an article: no structured
    /// data names an article type and the page carries no publication
    /// date. Site templates (SEO plugins) give every page of a site that
    /// `og:type`, its landing and service pages included; a post is dated.
    pub fn article_by_og_alone(&self) -> bool {
        self.og_type.as_deref() == Some("article")
            && self.published.is_none()
            && !self
                .ld_types
                .iter()
                .any(|t| t.contains("Article") || t.contains("Posting") || t == "Report")
    }

    /// True when structured data or `og:type` says this is a product page.
    pub fn says_product(&self) -> bool {
        // Collection pages list many products; a product page describes one.
        let products = self.ld_types.iter().filter(|t| *t == "Product").count();
        let listed = self
            .ld_types
            .iter()
            .any(|t| t == "ItemList" || t == "CollectionPage" || t == "OfferCatalog");
        !listed
            && (products == 1
                || (products == 0
                    && matches!(
                        self.og_type.as_deref(),
                        Some("product" | "product.item" | "og:product")
                    ))
                || self.ld_types.iter().any(|t| t == "ProductGroup"))
    }

    /// True when structured data names a forum thread or Q&A page (a
    /// `Question` inside an `FAQPage` is the site's own FAQ, not a thread).
    pub fn says_forum(&self) -> bool {
        let faq = self.ld_types.iter().any(|t| t == "FAQPage");
        self.ld_types.iter().any(|t| {
            matches!(t.as_str(), "DiscussionForumPosting" | "QAPage") || (t == "Question" && !faq)
        })
    }
}

/// The page's own canonical URL, when it is an absolute http(s) URL: the
/// first such of `link[rel~=canonical]`'s `href`s, else of
/// `meta[property='og:url']`'s `content`s. Asked of every page that comes
/// without its URL; one walk over the elements reads both, where the two
/// selectors took a walk each.
pub fn canonical_url(tree: &Tree) -> Option<Url> {
    let (mut links, mut og_urls) = (Vec::new(), Vec::new());
    // Names told apart by atom (a word compared), not read back into text:
    // every element of the page is asked.
    for (_, e) in tree.attached_elements() {
        match e.name.local {
            // `rel` is among the attributes whose values selectors compare
            // ignoring ASCII case in HTML.
            local_name!("link")
                if e.attr("rel").is_some_and(|rel| {
                    let html = e.name.ns == html5ever::ns!(html);
                    rel.split_ascii_whitespace().any(|w| {
                        if html {
                            w.eq_ignore_ascii_case("canonical")
                        } else {
                            w == "canonical"
                        }
                    })
                }) =>
            {
                links.extend(e.attr("href"));
            }
            local_name!("meta") if e.attr("property") == Some("og:url") => {
                og_urls.extend(e.attr("content"))
            }
            _ => {}
        }
    }
    links
        .into_iter()
        .chain(og_urls)
        .filter_map(|h| Url::parse(h.trim()).ok())
        .find(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

/// The elements metadata is read from, found in one walk over the page
/// (a selector per kind would walk it once each).
#[derive(Default)]
struct Sources<'a> {
    metas: Vec<Id>,
    title: Option<Id>,
    lang: Option<&'a str>,
    ld_json: Vec<Id>,
    time: Option<&'a str>,
    rel_author: Vec<Id>,
}

impl<'a> Sources<'a> {
    fn find(tree: &'a Tree) -> Self {
        let mut s = Sources::default();
        let Some(root) = tree.root_element() else {
            return s;
        };
        for el in std::iter::once(root).chain(tree.descendants(root)) {
            let Some(e) = tree.element(el) else {
                continue;
            };
            // By atom, as in `canonical_url`.
            match e.name.local {
                local_name!("meta") => s.metas.push(el),
                local_name!("title") if s.title.is_none() => s.title = Some(el),
                local_name!("html") if s.lang.is_none() => {
                    s.lang = e.attr("lang").or_else(|| e.attr("xml:lang"))
                }
                local_name!("script")
                    if e.attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
                {
                    s.ld_json.push(el)
                }
                local_name!("time") if s.time.is_none() => s.time = e.attr("datetime"),
                _ => {}
            }
            // `rel` belongs to links only; asking every element for it
            // cost an atom lookup each.
            if matches!(
                e.name.local,
                local_name!("a") | local_name!("link") | local_name!("area")
            ) && e
                .attr("rel")
                .is_some_and(|r| r.split_ascii_whitespace().any(|w| w == "author"))
            {
                s.rel_author.push(el);
            }
        }
        s
    }
}

/// Reads the page's metadata; site `[meta]` rules win over everything else.
/// `http_language` is the HTTP `Content-Language` header, if the page came
/// with one.
pub fn read(tree: &Tree, rules: &Applied<'_>, http_language: Option<&str>) -> PageMeta {
    let mut m = PageMeta::default();
    let found = Sources::find(tree);
    let mut metas: Vec<(String, String)> = Vec::new();
    for el in found.metas.iter().filter_map(|&id| tree.element(id)) {
        let key = el
            .attr("property")
            .or_else(|| el.attr("name"))
            .or_else(|| el.attr("itemprop"))
            .or_else(|| el.attr("http-equiv"));
        if let (Some(k), Some(v)) = (key, el.attr("content")) {
            let v = v.trim();
            if !v.is_empty() {
                metas.push((k.to_ascii_lowercase(), v.to_string()));
            }
        }
    }
    let meta = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| metas.iter().find(|(mk, _)| mk == k).map(|(_, v)| v.clone()))
    };
    read_json_ld(tree, &found.ld_json, &mut m);
    let ld = std::mem::take(&mut m.title);
    let ld_author = std::mem::take(&mut m.author);
    let ld_date = std::mem::take(&mut m.published);

    m.og_type = meta(&["og:type"]).map(|t| t.to_ascii_lowercase());
    // Every value: a page may carry two of a kind (a theme's and a plugin's),
    // one of them the standfirst.
    for key in ["og:description", "description", "twitter:description"] {
        for (_, d) in metas.iter().filter(|(k, _)| k == key) {
            let d = collapse(d);
            if !m.descriptions.contains(&d) {
                m.descriptions.push(d);
            }
        }
    }
    m.title = rule_value(tree, rules, |r| r.meta.title.as_ref())
        .or(ld)
        .or_else(|| meta(&["og:title", "twitter:title", "dc.title"]))
        .or_else(|| {
            found
                .title
                .map(|t| collapse(&tree.text_of(t)))
                .filter(|t| !t.is_empty())
        });
    m.author = rule_value(tree, rules, |r| r.meta.author.as_ref())
        .or(ld_author)
        .or_else(|| {
            meta(&[
                "author",
                "article:author",
                "dc.creator",
                "parsely-author",
                "sailthru.author",
            ])
        })
        .filter(|a| !a.starts_with("http"))
        .or_else(|| {
            found
                .rel_author
                .iter()
                .map(|&e| collapse(&tree.text_of(e)))
                .find(|t| !t.is_empty() && t.len() < 100)
        });
    m.published = rule_value(tree, rules, |r| r.meta.published.as_ref())
        .or(ld_date)
        .or_else(|| {
            meta(&[
                "article:published_time",
                "datepublished",
                "date",
                "dc.date",
                "dc.date.issued",
                "pubdate",
                "publishdate",
                "og:published_time",
                "sailthru.date",
                "parsely-pub-date",
            ])
        })
        .or_else(|| found.time.map(str::to_string));
    // What the document says of itself beats what its server says (one
    // server sends one header for pages of many languages); the header
    // beats `og:locale`, which templates fill with a site-wide default.
    m.language = found
        .lang
        .and_then(language_tag)
        .or_else(|| {
            meta(&["content-language"])
                .as_deref()
                .and_then(language_tag)
        })
        .or_else(|| http_language.and_then(language_tag))
        .or_else(|| {
            meta(&["og:locale", "language"])
                .as_deref()
                .and_then(language_tag)
        });
    m
}

/// A declared language as one tag: the first of a list (`de, en` names
/// the audience's languages, the first is the main one), with `_` (as in
/// `og:locale`'s `en_GB`) made `-`; `None` when nothing is declared.
fn language_tag(declared: &str) -> Option<String> {
    declared
        .split(',')
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| l.replace('_', "-"))
}

/// The value of a site's `[meta]` rule (the last applied file that has one wins).
fn rule_value(
    tree: &Tree,
    rules: &Applied<'_>,
    pick: impl Fn(&crate::rules::SiteRules) -> Option<&Rule<MetaSelector>>,
) -> Option<String> {
    rules
        .iter()
        .filter_map(pick)
        .last()
        .and_then(|rule| select_value(tree, &rule.compiled))
}

/// The first non-empty value a meta selector finds: its attribute, or
/// the element's text.
fn select_value(tree: &Tree, ms: &MetaSelector) -> Option<String> {
    tree.select(&ms.selector).find_map(|el| {
        let v = match &ms.attr {
            Some(a) => tree.element(el)?.attr(a).map(collapse),
            None => Some(collapse(&tree.text_of(el))),
        }?;
        (!v.is_empty()).then_some(v)
    })
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read_json_ld(tree: &Tree, scripts: &[Id], m: &mut PageMeta) {
    for &script in scripts {
        let raw = tree.text_of(script);
        let raw = raw
            .trim()
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("]]>")
            .trim();
        let Ok(value) = serde_json::from_str::<Value>(raw) else {
            continue;
        };
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items.iter()),
                Value::Object(obj) => {
                    if let Some(g) = obj.get("@graph") {
                        stack.push(g);
                    }
                    let types: Vec<String> = match obj.get("@type") {
                        Some(Value::String(t)) => vec![t.clone()],
                        Some(Value::Array(ts)) => ts
                            .iter()
                            .filter_map(|t| t.as_str().map(str::to_string))
                            .collect(),
                        _ => vec![],
                    };
                    let articleish = types
                        .iter()
                        .any(|t| t.contains("Article") || t.contains("Posting") || t == "Report");
                    if articleish {
                        if m.title.is_none() {
                            m.title = obj.get("headline").and_then(Value::as_str).map(collapse);
                        }
                        if m.author.is_none() {
                            m.author = obj.get("author").and_then(author_names);
                        }
                        if m.published.is_none() {
                            m.published = obj
                                .get("datePublished")
                                .and_then(Value::as_str)
                                .map(str::to_string);
                        }
                        if let Some(body) = obj.get("articleBody").and_then(Value::as_str) {
                            if m.ld_body.as_ref().is_none_or(|b| b.len() < body.len()) {
                                m.ld_body = Some(body.to_string());
                            }
                        }
                    }
                    if types.iter().any(|t| t == "Product") {
                        if let Some(d) = obj.get("description").and_then(Value::as_str) {
                            let d = strip_markup(d);
                            if m.ld_product_description
                                .as_ref()
                                .is_none_or(|p| p.len() < d.len())
                            {
                                m.ld_product_description = Some(d);
                            }
                        }
                    }
                    m.ld_types.extend(types);
                    if let Some(e) = obj.get("mainEntity") {
                        stack.push(e);
                    }
                }
                _ => {}
            }
        }
    }
}

/// `text` without its tags (shops write HTML into JSON-LD descriptions),
/// each tag a line break so block tags keep words apart, and white space
/// runs within a line collapsed.
fn strip_markup(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push('\n');
            }
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    plain
        .lines()
        .map(collapse)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn author_names(v: &Value) -> Option<String> {
    let names: Vec<String> = match v {
        Value::String(s) => vec![collapse(s)],
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(collapse)
            .into_iter()
            .collect(),
        Value::Array(items) => items.iter().filter_map(author_names).collect(),
        _ => vec![],
    };
    let names: Vec<String> = names
        .into_iter()
        .filter(|n| !n.is_empty() && !n.starts_with("http"))
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tree::parse;

    #[test]
    fn reads_meta_and_json_ld() {
        let tree = parse(
            r#"<html lang="en-GB"><head><title>Page | Site</title>
            <meta property="og:title" content="OG title">
            <link rel="canonical" href="https://example.com/story">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"LD headline","author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Chan"}],"datePublished":"2025-04-01T10:00:00Z","articleBody":"Body text."}]}</script>
            </head><body></body></html>"#,
        );
        let m = read(&tree, &Applied::default(), None);
        assert_eq!(m.title.as_deref(), Some("LD headline"));
        assert_eq!(m.author.as_deref(), Some("Ann Lee, Bo Chan"));
        assert_eq!(m.published.as_deref(), Some("2025-04-01T10:00:00Z"));
        assert_eq!(m.language.as_deref(), Some("en-GB"));
        assert_eq!(
            canonical_url(&tree).map(String::from).as_deref(),
            Some("https://example.com/story")
        );
        assert_eq!(m.ld_body.as_deref(), Some("Body text."));
        assert!(m.says_article());
    }

    #[test]
    fn a_products_json_ld_description_is_read_without_its_markup() {
        let tree = parse(
            r#"<head><script type="application/ld+json">[{"@type":"Organization","description":"A shop."},
            {"@type":"Product","name":"Mug","description":"<p>Thrown by hand.</p><ul><li>Stoneware</li><li>350  ml</li></ul>"}]</script></head>"#,
        );
        let m = read(&tree, &Applied::default(), None);
        assert_eq!(
            m.ld_product_description.as_deref(),
            Some("Thrown by hand.\nStoneware\n350 ml")
        );
    }

    #[test]
    fn descriptions_are_read_once_each_in_order() {
        let tree = parse(
            r#"<head><meta name="description" content="A  summary of the story.">
            <meta property="og:description" content="The social summary.">
            <meta name="twitter:description" content="A summary of the story.">
            <meta property="og:description" content="A second social summary."></head>"#,
        );
        let m = read(&tree, &Applied::default(), None);
        assert_eq!(
            m.descriptions,
            [
                "The social summary.",
                "A second social summary.",
                "A summary of the story."
            ]
        );
    }

    #[test]
    fn an_faq_is_not_a_thread() {
        let faq = PageMeta {
            ld_types: vec!["FAQPage".into(), "Question".into(), "Answer".into()],
            ..PageMeta::default()
        };
        assert!(!faq.says_forum());
        let qa = PageMeta {
            ld_types: vec!["QAPage".into(), "Question".into()],
            ..PageMeta::default()
        };
        assert!(qa.says_forum());
    }

    #[test]
    fn broken_json_ld_is_ignored() {
        let tree = parse(
            r#"<script type="application/ld+json">{"@type": "Article", </script><meta name=author content="Jo">"#,
        );
        let m = read(&tree, &Applied::default(), None);
        assert_eq!(m.author.as_deref(), Some("Jo"));
    }

    #[test]
    fn meta_rules_select_any_element_and_read_attributes() {
        let rules = crate::rules::SiteRules::parse(
            "a.test.toml",
            "a.test.toml",
            "[meta]\ntitle = 'h1.headline'\nauthor = 'script#byline@data-name'\n\
             published = \"meta[property='article:published_time']@content\"\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let applied = Applied {
            global: None,
            site: Some(&rules),
        };
        let tree = parse(
            r#"<head><meta property="article:published_time" content=" 2025-01-02 ">
            <script id=byline data-name="Ann  Lee">var x;</script></head>
            <body><h1 class=headline>  </h1><h1 class=headline>The <b>real</b>  one</h1></body>"#,
        );
        let m = read(&tree, &applied, None);
        // The first non-empty match, white space collapsed.
        assert_eq!(m.title.as_deref(), Some("The real one"));
        // Elements left out of the DOM's layout (a script) are still found.
        assert_eq!(m.author.as_deref(), Some("Ann Lee"));
        assert_eq!(m.published.as_deref(), Some("2025-01-02"));
    }

    #[test]
    fn canonical_falls_back_to_og_url_and_skips_relative_links() {
        let tree = parse(
            r#"<link rel="canonical" href="/relative"><meta property="og:url" content="https://a.test/s">"#,
        );
        assert_eq!(
            canonical_url(&tree).map(String::from).as_deref(),
            Some("https://a.test/s")
        );
    }

    /// What the selectors `link[rel~=canonical]` and
    /// `meta[property='og:url']` match: `rel` is a list of words whose case
    /// does not matter in HTML, `property` is compared as written, and
    /// links come first wherever they stand.
    #[test]
    fn canonical_reads_rel_as_the_selector_does() {
        let by_selectors = |tree: &Tree| {
            let select = |css: &str, attr: &'static str| {
                let selector = crate::selector::Selector::parse(css).expect("valid");
                tree.select(&selector)
                    .filter_map(|id| tree.element(id).and_then(|e| e.attr(attr)))
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            };
            let mut all = select("link[rel~=canonical]", "href");
            all.extend(select("meta[property='og:url']", "content"));
            all.into_iter()
                .find_map(|h| Url::parse(h.trim()).ok())
                .map(String::from)
        };
        let cases = [
            (
                r#"<link rel="Alternate CANONICAL" href="https://a.test/1">"#,
                Some("https://a.test/1"),
            ),
            (r#"<link rel="canonicalish" href="https://a.test/1">"#, None),
            (
                r#"<meta property="OG:URL" content="https://a.test/2">"#,
                None,
            ),
            (
                r#"<meta property="og:url" content="https://a.test/2"><link rel="canonical" href="https://a.test/1">"#,
                Some("https://a.test/1"),
            ),
            (
                r#"<svg><link rel="CANONICAL" href="https://a.test/3"/></svg>"#,
                None,
            ),
            (
                r#"<svg><link rel="canonical" href="https://a.test/3"/></svg>"#,
                Some("https://a.test/3"),
            ),
        ];
        for (html, want) in cases {
            let tree = parse(html);
            let found = canonical_url(&tree).map(String::from);
            assert_eq!(found.as_deref(), want, "{html}");
            assert_eq!(found, by_selectors(&tree), "{html}");
        }
    }
}
