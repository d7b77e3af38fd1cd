//! What the extractor does differently by page type, and the thresholds
//! every stage shares, each named with its reason. The type comes from
//! `classify`; [`Policy::for_page`] is the one place that turns it into
//! behaviour, so a change for, say, product pages is made here and read
//! wherever it matters.

use super::classify::PageType;
use super::dom::Show;
use super::meta::PageMeta;

/// How locating, pruning and rendering treat one page, from its type.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy {
    /// Comments and user lines are the content.
    pub forum: bool,
    /// Drop the headline (`<h1>`): article text does not repeat it.
    pub drop_h1: bool,
    /// Documentation: captions are kept (they explain the figures), and so
    /// is the summary above the body.
    pub docs: bool,
    /// A product page: reviews, pickers, cart boxes and recommendations are
    /// not content.
    pub product: bool,
    /// Signals say article, post, thread or docs: one main block of text.
    pub article_like: bool,
    /// A shop category or collection page: its items are the content.
    pub collection: bool,
    /// A service or category page, whose banner (hero) states what the
    /// page offers rather than advertising something else.
    pub banner_is_content: bool,
    /// Whether hidden nodes count: all of them when the page's content is
    /// revealed (the attempt for pages hidden until a script runs).
    pub show: Show,
    /// Link density of the whole content above which it is treated as a
    /// listing, and link lists inside it are kept: 0.35, or 0.7 on a
    /// product page, where a link-dense block is more likely
    /// recommendations than the page's point.
    pub listing_link_density: f32,
    /// Blocks shorter than this many words are never dropped as repeats:
    /// "Add to cart" or a table cell may rightly recur. 5, or 3 on a
    /// product page, whose feature slides, spec labels and callouts are
    /// often rendered twice (a desktop and a mobile copy, a slide and its
    /// thumbnail caption) as short lines.
    pub dedupe_min_words: usize,
    /// An article by `og:type` alone, undated (see
    /// [`PageMeta::article_by_og_alone`]): it may be a landing or service
    /// page in several headed sections, whose one scored block is then a
    /// small part of the content (see `locate`).
    pub maybe_sections: bool,
}

impl Policy {
    /// The policy for a page of type `kind` with metadata `meta`;
    /// `dated_url` when its URL holds a date (a post).
    pub fn for_page(meta: &PageMeta, kind: PageType, dated_url: bool) -> Policy {
        let forum = kind == PageType::Forum;
        let docs = kind == PageType::Documentation;
        let product = kind == PageType::Product;
        Policy {
            forum,
            drop_h1: meta.says_article() && !forum,
            product,
            article_like: forum || docs || kind == PageType::Article,
            collection: kind == PageType::Collection,
            banner_is_content: matches!(kind, PageType::Service | PageType::Collection),
            docs,
            show: Show::Visible,
            listing_link_density: if product { 0.7 } else { 0.35 },
            dedupe_min_words: if product { 3 } else { DEDUPE_MIN_WORDS },
            maybe_sections: kind == PageType::Article && !dated_url && meta.article_by_og_alone(),
        }
    }
}

/// Blocks shorter than this are never dropped as repeats (see
/// [`Policy::dedupe_min_words`]); also the floor for pages of no type.
pub const DEDUPE_MIN_WORDS: usize = 5;

/// Shares of the content's words: pruning judges a block by how much of the
/// content it would take with it.
pub mod share {
    /// A block holding more than this is the content, whatever its class
    /// or tag says.
    pub const NEVER_ABOVE: f32 = 0.5;
    /// A block whose class or id names boilerplate, a call-to-action box,
    /// shop chrome, grid controls, or a section under a "Related" heading:
    /// removed up to this share, as the name is strong evidence.
    pub const NAMED_MAX: f32 = 0.35;
    /// Chrome found by shape alone (a footer or header, a link list,
    /// furniture words): removed up to this share.
    pub const CHROME_MAX: f32 = 0.3;
    /// Small things that must stay small to be what they seem (a form, a
    /// caption): removed up to this share.
    pub const SMALL_MAX: f32 = 0.2;
}
