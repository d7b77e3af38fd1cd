//! What extraction produces: a page's clean text as typed blocks, plus the
//! metadata users file it under. Renderers, the store and the CLI all work
//! from this one type, so it is the library's main output contract.

use serde::{Deserialize, Serialize};

/// The clean content of one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The page's URL: the one given by the caller, else the page's canonical URL.
    pub url: Option<String>,
    /// Headline, from site rules, structured data, meta tags or `<title>`.
    pub title: Option<String>,
    /// Author name(s), comma-separated when there are several.
    pub author: Option<String>,
    /// Publication date as the page states it (usually ISO 8601).
    pub published: Option<String>,
    /// Language tag (`en`, `de-CH`) as the page declares it (`<html lang>`,
    /// a `content-language` meta), else the HTTP `Content-Language` header,
    /// else `og:locale`, else detected from the text.
    pub language: Option<String>,
    /// The clean text, rendered as plain text (see [`crate::render`]).
    pub text: String,
    /// The content as blocks, in reading order.
    pub blocks: Vec<Block>,
    /// The rule files that applied, e.g. `["_global.toml", "example.com.toml"]`.
    pub rules: Vec<String>,
    /// What kind of page the text came from, as extraction judged it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_type: Option<PageType>,
    /// How the text was gathered when it took more than this one page (see
    /// [`crate::fetch::pages`]); empty, and absent from JSON, for a page read alone.
    #[serde(flatten)]
    pub pages: Pages,
}

/// An article that runs over several pages, or was read from its
/// single-page version: which pages gave the text, and whether any is
/// missing. Its fields sit at the top level of the JSON output.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pages {
    /// The text is known to be short of the article: a following page could
    /// not be had (see `page_failure`). Never set silently.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// The URLs whose text was joined, in order, when there was more than
    /// one page (the first is the article's own page).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub page_urls: Vec<String>,
    /// The single-page (or print) version the text was read from instead
    /// of the article's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_page: Option<String>,
    /// The following page that could not be had, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_failure: Option<PageFailure>,
}

impl Pages {
    /// Nothing to say: the article is one page, read as it was.
    pub fn is_single(&self) -> bool {
        *self == Pages::default()
    }
}

/// A page of an article that was not joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageFailure {
    /// The page's URL.
    pub url: String,
    /// Why it was not joined.
    pub error: String,
}

/// The kinds of page extraction tells apart; each is handled its own way
/// (see the README's "How extraction works").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageType {
    /// A news story, blog post, recipe or essay: one body of prose.
    Article,
    /// A thread or Q&A page: posts in order.
    Forum,
    /// One product: description, features, specs, price.
    Product,
    /// A shop category: intro and product cards.
    Collection,
    /// A list of posts or items: a home page, blog index, search results.
    Listing,
    /// Technical documentation: prose, code and tables.
    Documentation,
    /// A company, service or landing page of many short sections.
    Service,
}

impl PageType {
    /// The name used in JSON output and reports.
    pub fn name(self) -> &'static str {
        match self {
            PageType::Article => "article",
            PageType::Forum => "forum",
            PageType::Product => "product",
            PageType::Collection => "collection",
            PageType::Listing => "listing",
            PageType::Documentation => "documentation",
            PageType::Service => "service",
        }
    }
}

/// One block of content: a paragraph, a heading, a list item, ...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// What kind of block this is; renderers format by it.
    pub kind: BlockKind,
    /// Plain text, white space collapsed (verbatim for code).
    pub text: String,
    /// The same text with inline Markdown (links, emphasis, inline code).
    pub markdown: String,
    /// Where the block sat on its page, as a CSS selector of its nearest
    /// element with a stable class or id (`aside.promo-box`), for site
    /// profiles and the `drop` rules they suggest (see [`crate::profile`]).
    /// Not part of the output: it says how a page was built, not what it says.
    #[serde(skip)]
    pub path: Option<String>,
    /// The list item (`<li>`, by its position in the page) the block was
    /// written for: the blocks of one short item (a product card's name,
    /// price and note) are joined as its lines. Not part of the output.
    #[serde(skip)]
    pub item: Option<u32>,
}

/// The kinds of block the renderers know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockKind {
    /// `<h1>`..`<h6>`.
    Heading {
        /// 1 to 6.
        level: u8,
    },
    /// Running text.
    Paragraph,
    /// An item of a list; `depth` 0 is the outermost list.
    ListItem {
        /// Numbered (`<ol>`) rather than bulleted.
        ordered: bool,
        /// Nesting depth, 0 for a top-level list.
        depth: u8,
    },
    /// A block quotation.
    Quote,
    /// Preformatted text or code, kept verbatim.
    Code,
    /// A table row; cells are separated by ` | ` in `text`.
    TableRow {
        /// The row is made of header cells.
        header: bool,
    },
}

impl Block {
    /// A block whose Markdown is the same as its text.
    pub fn plain(kind: BlockKind, text: impl Into<String>) -> Self {
        let text = text.into();
        Block {
            kind,
            markdown: text.clone(),
            text,
            path: None,
            item: None,
        }
    }
}
