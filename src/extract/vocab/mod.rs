//! What the extractor knows by name, in one place: the words in `class`
//! and `id` attributes that say what a block is (here), and the phrases and
//! shapes of text and URLs ([`sources`], compiled into [`patterns`] at build
//! time). Generic boilerplate found by its words lives here; what is
//! specific to a site, or phrased as a site would, goes in rule files.
//!
//! Class words: matching is by whole token (`overflow-hidden` is not `hidden`, a forum `message` is
//! not boilerplate): attribute values are split on anything that is not a
//! letter or digit, and on lower-to-upper case changes (`relatedPosts`).

use std::sync::OnceLock;

pub mod patterns;
// The program reads the cookie phrases from it; the patterns are for
// build.rs, and for the tests that check the DFAs against their sources.
#[cfg_attr(not(test), allow(dead_code))]
pub mod sources;

/// Splits `id`/`class` values into tokens, borrowed from the values (no
/// copies: this runs on every scored element). Lists below are lower-case
/// ASCII and compared ignoring ASCII case.
pub fn tokens<'a>(values: &[&'a str]) -> Vec<&'a str> {
    // Utility-class lists run to dozens of tokens: room for a few grows
    // once or not at all.
    let mut out = Vec::with_capacity(8);
    // Utility-class names with variants or arbitrary values
    // (`lg:has-[>[data-slot=banner]]:pt-0`) style a block; the words inside
    // them say nothing of what it is.
    // So do names that hide something (`hide-read-more-ad`, `dn-print`):
    // what they name is what is hidden, not the block.
    // The marks are ASCII, so bytes tell; searching for them as characters
    // decoded every name.
    let names = values
        .iter()
        .flat_map(|v| v.split_ascii_whitespace())
        .filter(|name| {
            !name.bytes().any(|b| matches!(b, b':' | b'[' | b'=' | b'(')) && !hides(name)
        });
    for v in names {
        if v.is_ascii() {
            ascii_tokens(v, &mut out);
        } else {
            any_tokens(v, &mut out);
        }
    }
    out
}

/// [`tokens`] of `id` and `class` pairs, each pair split once per page.
/// Cards, list items and menu entries repeat their names, and the same
/// element is asked about by locating and by pruning: on the smaller half
/// of the WCXB dev pages three in five elements with an id or class repeat
/// another's pair, and a split of a utility-class list costs some twenty
/// times a lookup. A class value comes with its number on the page (see
/// `Dom::class_no`), so most pairs (those without an id) are found by it
/// rather than by hashing and comparing their text.
///
/// What it holds is bounded ([`TokenMemo::MAX_HELD`]): a hostile page of a
/// million distinct class lists is split pair by pair as before, not kept.
pub struct TokenMemo<'a> {
    /// By class number, the tokens of the value alone (no id).
    by_class: std::cell::RefCell<Vec<Option<std::rc::Rc<[&'a str]>>>>,
    /// The tokens of an id with a class value (by number; `u32::MAX` for
    /// none). Ids are the page's, so the map is seeded per process.
    with_id: std::cell::RefCell<WithId<'a>>,
    /// The tokens of no names.
    none: std::rc::Rc<[&'a str]>,
    /// Tokens held, over all pairs.
    held: std::cell::Cell<usize>,
}

/// What [`TokenMemo`] holds of pairs with an id.
type WithId<'a> =
    std::collections::HashMap<(&'a str, u32), std::rc::Rc<[&'a str]>, foldhash::fast::RandomState>;

impl<'a> TokenMemo<'a> {
    /// The most tokens held at once (a megabyte of them), far above what
    /// a real page's names hold.
    pub const MAX_HELD: usize = 1 << 16;

    /// A memo for a page of `classes` distinct class values.
    pub fn new(classes: usize) -> Self {
        TokenMemo {
            by_class: std::cell::RefCell::new(vec![None; classes]),
            with_id: Default::default(),
            none: std::rc::Rc::new([]),
            held: std::cell::Cell::new(0),
        }
    }

    /// How many class values it was made for.
    pub fn classes(&self) -> usize {
        self.by_class.borrow().len()
    }

    /// `tokens(&[id, class])`, split once; `class_no` is the number of
    /// `class` (out of range, `u32::MAX`, when it has none).
    pub fn tokens(&self, id: &'a str, class_no: u32, class: &'a str) -> std::rc::Rc<[&'a str]> {
        if id.is_empty() && class.is_empty() {
            return self.none.clone();
        }
        if id.is_empty() {
            if let Some(Some(found)) = self.by_class.borrow().get(class_no as usize) {
                return found.clone();
            }
        } else if let Some(found) = self.with_id.borrow().get(&(id, class_no)) {
            return found.clone();
        }
        let split: std::rc::Rc<[&'a str]> = tokens(&[id, class]).into();
        let held = self.held.get() + split.len() + 1;
        if held <= Self::MAX_HELD {
            if id.is_empty() {
                if let Some(slot) = self.by_class.borrow_mut().get_mut(class_no as usize) {
                    *slot = Some(split.clone());
                    self.held.set(held);
                }
            } else {
                self.with_id
                    .borrow_mut()
                    .insert((id, class_no), split.clone());
                self.held.set(held);
            }
        }
        split
    }
}

impl std::fmt::Debug for TokenMemo<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenMemo")
            .field("held", &self.held.get())
            .finish()
    }
}

/// True when a class name is a visibility modifier that opens with a word
/// that hides (`hide-read-more-ad`, `no-print`, `dn-print`): what it names
/// is what is hidden inside or where, not the block. `hide-from-toc` is not
/// one: the page leaves that block out of its outline, as a table of
/// contents leaves out what is not the article.
fn hides(name: &str) -> bool {
    let opens = |prefix: &str| {
        name.len() > prefix.len()
            && name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    };
    ["hide-", "hide_", "no-", "no_", "dn-"]
        .iter()
        .any(|p| opens(p))
        && !opens("hide-from")
        && !opens("hide_from")
}

/// [`tokens`] of one name in any script.
fn any_tokens<'a>(name: &'a str, out: &mut Vec<&'a str>) {
    for word in name.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        // Split on lower-to-upper case changes: `relatedPosts`.
        let mut start = 0;
        let mut prev_lower = false;
        for (i, c) in word.char_indices() {
            if c.is_uppercase() && prev_lower && i > start {
                out.push(&word[start..i]);
                start = i;
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
        }
        out.push(&word[start..]);
    }
}

/// [`any_tokens`] of one ASCII name, a byte at a time (nearly every class name;
/// the character tables cost more than the split).
fn ascii_tokens<'a>(name: &'a str, out: &mut Vec<&'a str>) {
    let bytes = name.as_bytes();
    let mut start = None;
    let mut prev_lower = false;
    for (i, &b) in bytes.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            if let Some(s) = start.take() {
                out.push(&name[s..i]);
            }
            continue;
        }
        match start {
            None => start = Some(i),
            Some(s) if b.is_ascii_uppercase() && prev_lower && i > s => {
                out.push(&name[s..i]);
                start = Some(i);
            }
            Some(_) => {}
        }
        prev_lower = b.is_ascii_lowercase() || b.is_ascii_digit();
    }
    if let Some(s) = start {
        out.push(&name[s..]);
    }
}

/// A list of class-name words (lower-case), filed by length and first
/// letter. Pages styled with utility classes carry dozens of tokens per
/// block, and each token was compared with every word of every list; now
/// only with the words of its length that open with its letter (none or
/// one, nearly always).
pub struct Words {
    list: &'static [&'static str],
    filed: OnceLock<Filed>,
}

/// [`Words`] filed: the words sorted by length and first letter, and for
/// each such pair the range of them that has it.
struct Filed {
    words: Vec<&'static str>,
    /// By `length * SLOTS + slot of the first letter`: where its words
    /// start and end in `words`.
    ranges: Vec<(u16, u16)>,
}

impl Filed {
    /// Places for first bytes: a letter each (any case), one for the rest.
    const SLOTS: usize = 27;

    fn slot(first: u8) -> usize {
        let lower = first.to_ascii_lowercase();
        if lower.is_ascii_lowercase() {
            usize::from(lower - b'a')
        } else {
            Self::SLOTS - 1
        }
    }

    fn place(word: &str) -> usize {
        word.len() * Self::SLOTS + word.bytes().next().map_or(Self::SLOTS - 1, Self::slot)
    }
}

impl Words {
    /// The words of `list`, filed on first use.
    pub const fn new(list: &'static [&'static str]) -> Self {
        Words {
            list,
            filed: OnceLock::new(),
        }
    }

    /// True when `token` is one of the words (ignoring ASCII case).
    pub fn contains(&self, token: &str) -> bool {
        let filed = self.filed.get_or_init(|| {
            let mut words = self.list.to_vec();
            words.sort_by_key(|w| Filed::place(w));
            let places = words
                .iter()
                .map(|w| Filed::place(w))
                .max()
                .map_or(0, |p| p + 1);
            let mut ranges = vec![(0u16, 0u16); places];
            for (k, w) in words.iter().enumerate() {
                let r = &mut ranges[Filed::place(w)];
                if r.0 == r.1 {
                    r.0 = k as u16;
                }
                r.1 = k as u16 + 1;
            }
            Filed { words, ranges }
        });
        let Some(&(from, to)) = filed.ranges.get(Filed::place(token)) else {
            return false;
        };
        filed.words[usize::from(from)..usize::from(to)]
            .iter()
            .any(|w| token.eq_ignore_ascii_case(w))
    }
}

/// True when a token is one of `words` (ignoring ASCII case).
fn any_in(tokens: &[&str], words: &Words) -> bool {
    tokens.iter().any(|t| words.contains(t))
}

/// Tokens of content containers.
static POSITIVE: Words = Words::new(&[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "main",
    "page",
    "post",
    "text",
    "blog",
    "story",
    "prose",
    "markdown",
    "richtext",
    "copy",
    "description",
    "documentation",
    "docs",
    "question",
    "answer",
    "thread",
    "topic",
    "message",
    "product",
    "detail",
    "details",
]);

/// Tokens of everything around the content.
static NEGATIVE: Words = Words::new(&[
    "combx",
    "comment",
    "comments",
    "contact",
    "foot",
    "footer",
    "footnote",
    "masthead",
    "outbrain",
    "promo",
    "promotion",
    "related",
    "scroll",
    "share",
    "sharing",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "sponsored",
    "shopping",
    "tags",
    "tag",
    "tool",
    "tools",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "social",
    "subscribe",
    "subscription",
    "newsletter",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "banner",
    "popup",
    "modal",
    "cookie",
    "cookies",
    "consent",
    "login",
    "signup",
    "byline",
    "recommended",
    "recommendations",
    "trending",
    "popular",
    "taboola",
    "disqus",
    "pagination",
    "pager",
    "header",
    "toolbar",
    "hidden",
    "rail",
    "aside",
    "teaser",
    "more",
]);

/// Tokens that mark a block as boilerplate wherever it sits.
static BOILERPLATE: Words = Words::new(&[
    "share",
    "sharing",
    "sharebar",
    "social",
    "newsletter",
    "cookie",
    "cookies",
    "consent",
    "breadcrumb",
    "breadcrumbs",
    "related",
    "recommended",
    "recommendations",
    "sidebar",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adslot",
    "adsense",
    "dfp",
    "promo",
    "popup",
    "modal",
    "subscribe",
    "subscription",
    "signup",
    "byline",
    "toc",
    "pagination",
    "pager",
    "navigation",
    "navbar",
    "nav",
    "menu",
    "print",
    "taboola",
    "outbrain",
    "disqus",
    "sponsored",
    "trending",
    "paywall",
    "banner",
    "masthead",
    "comment",
    "comments",
    "tags",
    "tagcloud",
    "author",
    "bio",
    "meta",
    "postmeta",
    "entrymeta",
    "dateline",
    "timestamp",
    "follow",
    "login",
    "donate",
    "rating",
    "reactions",
    "likes",
    "upsell",
    "contact",
    "guest",
    "notice",
    "signature",
    "feedback",
    "partner",
    "cart",
    "minicart",
    "usp",
]);

/// Tokens that mark a block as shop chrome on a product page: reviews,
/// pickers, cart and delivery boxes, upsells. On other pages the same words
/// can name content (a review article, a "delivery" service page).
static SHOP_CHROME: Words = Words::new(&[
    "review",
    "reviews",
    "ratings",
    "cart",
    "basket",
    "swatch",
    "swatches",
    "popover",
    "upsell",
    "crosssell",
    "wishlist",
    "qty",
    "quantity",
    "shipping",
    "delivery",
    "fulfillment",
    "klarna",
    "afterpay",
    "affirm",
    "financing",
    "installments",
    "carousel",
    "recently",
    "viewed",
    "disclaimer",
    "disclaimers",
    "footnote",
    "footnotes",
    "legal",
]);

/// Tokens that mark a block as the controls of a product grid: filters,
/// facets, sorting. Elsewhere "filter" can name content (a water filter).
static GRID_CONTROLS: Words = Words::new(&[
    "filter",
    "filters",
    "facet",
    "facets",
    "refinement",
    "refinements",
    "sort",
    "sorting",
    "sortby",
]);

/// Tokens that keep a block even when a boilerplate token is present too
/// (`post-content share-enabled` is content).
static PROTECT: Words = Words::new(&[
    "content",
    "body",
    "text",
    "article",
    "entry",
    "prose",
    "main",
    "story",
    "description",
]);

/// Readability-style class weight: +25 for content words, -25 for chrome.
pub fn class_weight(tokens: &[&str]) -> f32 {
    let mut w = 0.0;
    if any_in(tokens, &NEGATIVE) {
        w -= 25.0;
    }
    if any_in(tokens, &POSITIVE) {
        w += 25.0;
    }
    w
}

/// Boilerplate words that name a thread's own content on a forum.
static FORUM_CONTENT: Words = Words::new(&["comment", "comments", "author", "meta"]);

/// True when the tokens name a boilerplate block. `forum` keeps comment and
/// author blocks, which are the content of a thread; `banner_is_content`
/// keeps banners, which on a service or category page are its hero.
pub fn is_boilerplate(tokens: &[&str], forum: bool, banner_is_content: bool) -> bool {
    let hit = tokens.iter().enumerate().any(|(i, t)| {
        let excused = || {
            (forum && FORUM_CONTENT.contains(t))
                || (banner_is_content && t.eq_ignore_ascii_case("banner"))
                || follow_up(tokens, i)
        };
        BOILERPLATE.contains(t) && !excused()
    });
    hit && !any_in(tokens, &PROTECT)
}

/// True when `tokens[i]` is the "follow" of "follow-up" (`follow-ups`,
/// `better__follow-up`): a reply, a comment thread or a sequel, not a
/// "follow us" box.
fn follow_up(tokens: &[&str], i: usize) -> bool {
    tokens[i].eq_ignore_ascii_case("follow")
        && tokens
            .get(i + 1)
            .is_some_and(|next| next.eq_ignore_ascii_case("up") || next.eq_ignore_ascii_case("ups"))
}

/// Boilerplate tokens that name a block by the links it lists: a table of
/// contents, pagination, a menu, breadcrumbs, a tag cloud. A block so named
/// that holds prose is what such links point at (`toc-section`, a tab's
/// panel behind `tabs-menu`), not the links.
static LINK_NAMES: Words = Words::new(&[
    "toc",
    "pagination",
    "pager",
    "nav",
    "navigation",
    "navbar",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "tags",
    "tagcloud",
]);

/// True when every boilerplate token among `tokens` names a block of
/// links (see [`LINK_NAMES`]), so that the block's text, not its name,
/// says whether it is one.
pub fn names_only_links(tokens: &[&str]) -> bool {
    tokens
        .iter()
        .filter(|t| BOILERPLATE.contains(t))
        .all(|t| LINK_NAMES.contains(t))
}

/// Labels of the facts a forum shows on each poster's card, lower-case:
/// "Joined: Mar 2019", "Posts: 1,204", "Location: Leeds".
const POSTER_FACT_LABELS: &[&str] = &[
    "joined",
    "join date",
    "registered",
    "member since",
    "posts",
    "threads",
    "messages",
    "reaction score",
    "trophy points",
    "points",
    "reputation",
    "likes received",
    "location",
    "karma",
];

/// True when `text` opens with a poster card's label that only a forum
/// shows ("Joined:", "Posts:", "Reaction score:"; not "Location:", which
/// any contact box may show).
pub fn opens_with_poster_label(text: &str) -> bool {
    // Every short text of a page is asked: one without a colon (`:`, or
    // the last byte of the full-width `：`) holds no label, whatever it
    // opens with.
    if !text.bytes().any(|b| b == b':' || b == 0x9a) {
        return false;
    }
    let text = text.trim_start();
    POSTER_FACT_LABELS
        .iter()
        .filter(|label| !matches!(**label, "location" | "points"))
        .any(|label| {
            text.get(..label.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(label))
                && text[label.len()..].trim_start().starts_with([':', '：'])
        })
}

/// What a poster's count counts: "1,204 posts", "518 helpful votes".
const POSTER_COUNTS: &[&str] = &["posts", "messages", "helpful votes", "points", "likes"];

/// The value of a poster fact is a date, a number or a place: a few words.
const POSTER_FACT_MAX_VALUE_WORDS: usize = 6;

/// True when `line` is one fact of a forum poster's card (or lines of
/// nothing else): a labelled join date, count or location, a bare count
/// ("29,553 posts"), or the online status alone. A post's own text holds such a line rarely, and never
/// as its only words.
pub fn is_poster_fact(line: &str) -> bool {
    // A card rendered as one block holds one fact a line.
    if line.trim().contains('\n') {
        let mut lines = line.lines().filter(|l| !l.trim().is_empty()).peekable();
        return lines.peek().is_some() && lines.all(is_poster_fact);
    }
    let line = line.trim().to_lowercase();
    if line == "online" || line == "offline" {
        return true;
    }
    let labelled = POSTER_FACT_LABELS.iter().any(|label| {
        line.strip_prefix(label)
            .and_then(|rest| rest.trim_start().strip_prefix([':', '：']))
            .is_some_and(|value| value.split_whitespace().count() <= POSTER_FACT_MAX_VALUE_WORDS)
    });
    let counted = line
        .split_once(char::is_whitespace)
        .is_some_and(|(n, what)| {
            n.starts_with(|c: char| c.is_ascii_digit())
                && n.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | 'k'))
                && POSTER_COUNTS.contains(&what.trim())
        });
    labelled || counted
}

/// True when a class or id name starts with `footer` (`footer-cta`,
/// `footerRegion`, `Footer_wrap__x1`): the page's footer, which the
/// word-by-word test misses when the name runs on. A card's footer
/// (`card-footer`) does not start with it.
pub fn is_footer_name(values: &[&str]) -> bool {
    values
        .iter()
        .flat_map(|v| v.split_ascii_whitespace())
        .any(|n| {
            n.len() >= 6
                && n.is_char_boundary(6)
                && n[..6].eq_ignore_ascii_case("footer")
                && !n[6..].starts_with(|c: char| c.is_ascii_lowercase())
        })
}

/// Tokens that make a `footer` the foot of one card, item or quote (its
/// price, date, buttons or attribution), not of the page.
static PART_OF_CARD: Words = Words::new(&[
    "card",
    "item",
    "tile",
    "product",
    "teaser",
    "media",
    "grid",
    "blockquote",
    "quote",
    "testimonial",
]);

/// True when the tokens name a footer that ends the page or a region of
/// it (`top-recipes-footer`, `PageFooter__Footer`, `LegalFooter`), not a
/// card's foot (`card-footer`).
pub fn is_footer_token(tokens: &[&str]) -> bool {
    tokens.iter().any(|t| t.eq_ignore_ascii_case("footer")) && !any_in(tokens, &PART_OF_CARD)
}

/// Names of captions and image credits (`wp-caption-text`, `photo-credit`,
/// `bildunterschrift`, `legende`).
static CAPTIONS: Words = Words::new(&[
    "caption",
    "captions",
    "figcaption",
    "credit",
    "credits",
    "copyright",
    "bildunterschrift",
    "bildtext",
    "bildnachweis",
    "legende",
    "légende",
    "leyenda",
    "didascalia",
    "legenda",
    "onderschrift",
    "fotocredit",
    "bildtext",
    "kuvateksti",
]);

/// True when the tokens name a caption or an image credit.
pub fn is_caption(tokens: &[&str]) -> bool {
    any_in(tokens, &CAPTIONS)
}

/// Names of the summary a page sets under its headline (`heading__subtitle`,
/// `article-subheading`, `HeroSubtitle`, `dek`, `standfirst`).
static DEKS: Words = Words::new(&[
    "subtitle",
    "subheading",
    "subhead",
    "dek",
    "standfirst",
    "strapline",
]);

/// True when the tokens name the summary under a headline.
pub fn is_dek(tokens: &[&str]) -> bool {
    any_in(tokens, &DEKS)
}

/// True when the tokens name a call-to-action box (`blog-cta`, `cta__wrap`).
pub fn is_cta(tokens: &[&str]) -> bool {
    tokens
        .iter()
        .any(|t| t.eq_ignore_ascii_case("cta") || t.eq_ignore_ascii_case("ctas"))
}

/// True when the tokens name a button (`btn`, `cta-button`).
pub fn is_button(tokens: &[&str]) -> bool {
    tokens
        .iter()
        .any(|t| t.eq_ignore_ascii_case("btn") || t.eq_ignore_ascii_case("button"))
}

/// True when the tokens hold a content word (see [`PROTECT`]).
pub fn is_protected(tokens: &[&str]) -> bool {
    any_in(tokens, &PROTECT)
}

/// True when the tokens name shop chrome (see [`SHOP_CHROME`]); content
/// words do not protect it (`product-reviews-content` is reviews).
pub fn is_shop_chrome(tokens: &[&str]) -> bool {
    any_in(tokens, &SHOP_CHROME)
}

/// True when the tokens name the filters or sorting of a product grid.
pub fn is_grid_control(tokens: &[&str]) -> bool {
    any_in(tokens, &GRID_CONTROLS)
}

/// Class names that mark an article body on many sites.
pub const BODY_CLASSES: &[&str] = &[
    "entry-content",
    "post-content",
    "article-body",
    "article-content",
    "post-body",
    "story-body",
    "article__body",
    "articlebody",
    "post-entry",
    "entry-body",
    "story-content",
    "blog-post-body",
    "c-article-body",
    "article__content",
    "content-body",
    "td-post-content",
    "single-post-content",
    "post__content",
    "entry__content",
    "article-text",
    "story-text",
    "post-text",
    "blog-content",
    "article_body",
    "news-content",
    "main-article-body",
    "body-copy",
    "articletext",
];

/// Class or id words of an accordion, a tab panel or another block that
/// opens on a click: hidden until then, but content. None holds white
/// space (`dom::panel_name` searches a whole class list at once).
pub const PANEL_WORDS: &[&str] = &[
    "accordion",
    "collapse",
    "tab-pane",
    "tabpanel",
    "tab-content",
    "tab__content",
    "faq",
    "toggle",
    "expand",
];

/// Labels and names of a button or input that puts something in a cart.
pub const CART_PHRASES: &[&str] = &[
    "add to cart",
    "add-to-cart",
    "add_to_cart",
    "addtocart",
    "add to bag",
    "add-to-bag",
    "addtobag",
    "add to basket",
    "add-to-basket",
    "add_to_basket",
    "addtobasket",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list of class words.
    fn every_list() -> [&'static Words; 11] {
        [
            &POSITIVE,
            &NEGATIVE,
            &BOILERPLATE,
            &SHOP_CHROME,
            &GRID_CONTROLS,
            &PROTECT,
            &FORUM_CONTENT,
            &LINK_NAMES,
            &PART_OF_CARD,
            &CAPTIONS,
            &DEKS,
        ]
    }

    #[test]
    fn the_token_memo_answers_as_tokens_and_holds_a_bounded_amount() {
        let names: Vec<String> = (0..TokenMemo::MAX_HELD)
            .map(|k| format!("c{k} d{k}"))
            .collect();
        let memo = TokenMemo::new(names.len() + 1);
        let last = names.len() as u32;
        for _ in 0..2 {
            assert_eq!(
                &*memo.tokens("main", last, "relatedPosts x"),
                tokens(&["main", "relatedPosts x"])
            );
            assert_eq!(
                &*memo.tokens("", last, "relatedPosts x"),
                ["related", "Posts", "x"]
            );
            assert_eq!(&*memo.tokens("main", u32::MAX, ""), ["main"]);
            assert!(memo.tokens("", u32::MAX, "").is_empty());
        }
        for (k, n) in names.iter().enumerate() {
            assert_eq!(memo.tokens("", k as u32, n).len(), 2);
            assert_eq!(memo.tokens("", k as u32, n).len(), 2);
        }
        assert!(memo.held.get() <= TokenMemo::MAX_HELD);
        let kept = memo.by_class.borrow().iter().flatten().count();
        assert!(kept < names.len());
    }

    #[test]
    fn words_are_found_as_a_search_of_the_whole_list_finds_them() {
        let others = [
            "",
            "x",
            "Ad",
            "ADS",
            "adx",
            "navbar2",
            "2col",
            "é",
            "nav-",
            "Ünïcode",
        ];
        for list in every_list() {
            let every = list.list.iter().flat_map(|w| {
                [
                    w.to_string(),
                    w.to_ascii_uppercase(),
                    format!("{w}s"),
                    w[1..].to_string(),
                ]
            });
            for token in every.chain(others.iter().map(|s| s.to_string())) {
                let whole = list.list.iter().any(|w| token.eq_ignore_ascii_case(w));
                assert_eq!(list.contains(&token), whole, "{token:?}");
            }
        }
    }

    #[test]
    fn word_lists_are_lower_case_and_found_in_any_ascii_case() {
        // `Words::contains` compares first letters lower-cased.
        for words in every_list() {
            for w in words.list {
                assert!(
                    !w.is_empty() && !w.bytes().any(|b| b.is_ascii_uppercase()),
                    "{w}"
                );
                assert!(words.contains(w), "{w}");
                assert!(words.contains(&w.to_ascii_uppercase()), "{w}");
            }
        }
        assert!(CAPTIONS.contains("Légende"));
        assert!(
            !CAPTIONS.contains("LÉGENDE"),
            "non-ASCII letters keep their case"
        );
        assert!(!BOILERPLATE.contains(""));
        assert!(!BOILERPLATE.contains("sharex"));
        assert!(!BOILERPLATE.contains("a-very-long-token-no-list-holds-at-all-anywhere"));
    }

    #[test]
    fn ascii_names_split_as_names_in_any_script() {
        for name in [
            "relatedPosts",
            "post--content__body",
            "ABCWidget",
            "a1B2c3",
            "x-Y_z",
            "---",
            "col-md-12",
            "isOpen2Now",
            "HTML5Video",
        ] {
            let (mut fast, mut any) = (Vec::new(), Vec::new());
            ascii_tokens(name, &mut fast);
            any_tokens(name, &mut any);
            assert_eq!(fast, any, "{name}");
        }
        assert_eq!(tokens(&["relatedPosts main"]), ["related", "Posts", "main"]);
    }

    #[test]
    fn tokenises_by_word_and_case() {
        assert_eq!(
            tokens(&["relatedPosts", "share-bar x_y"]),
            ["related", "Posts", "share", "bar", "x", "y"]
        );
        assert!(is_boilerplate(&tokens(&["RelatedPosts"]), false, false));
    }

    #[test]
    fn utility_class_variants_say_nothing() {
        assert_eq!(
            tokens(&["stack lg:has-[>[data-slot=banner]]:pt-0 hover:bg-ad"]),
            ["stack"]
        );
    }

    #[test]
    fn poster_facts_are_labelled_counts_dates_and_places() {
        for fact in [
            "Joined: 4. Jul 2012, 16:09",
            "Registered: 2024-01-27",
            "Location: United Kingdom",
            "Reaction score: 1,046",
            "29,553 posts",
            "518 helpful votes",
            "Offline",
            "Posts: 96\nThreads: 11\n\nJoined: Feb 2011",
        ] {
            assert!(is_poster_fact(fact), "{fact}");
        }
        for line in [
            "Posts: the ones I read were all about this, and more than a few of them said so",
            "I joined: it was worth it.",
            "Thanks, that worked",
            "posts",
            "Location",
            "Posts: 96\nThanks, that worked",
        ] {
            assert!(!is_poster_fact(line), "{line}");
        }
    }

    #[test]
    fn footer_names_and_cta_boxes() {
        for name in ["footer-cta", "footerRegion", "Footer_wrap__x1", "footer"] {
            assert!(is_footer_name(&["", name]), "{name}");
        }
        for name in ["card-footer", "footers", "x footnote"] {
            assert!(!is_footer_name(&["", name]), "{name}");
        }
        for name in ["top-recipes-footer", "PageFooter__Footer", "LegalFooter"] {
            assert!(is_footer_token(&tokens(&[name])), "{name}");
        }
        for name in ["card-footer", "product-item__footer", "footnote"] {
            assert!(!is_footer_token(&tokens(&[name])), "{name}");
        }
        assert!(is_cta(&tokens(&["blog-cta"])));
        assert!(!is_cta(&tokens(&["actual"])));
    }

    #[test]
    fn boilerplate_by_whole_token() {
        assert!(is_boilerplate(&tokens(&["social-share"]), false, false));
        assert!(!is_boilerplate(
            &tokens(&["overflow-hidden shared"]),
            false,
            false
        ));
        assert!(!is_boilerplate(
            &tokens(&["entry-content share"]),
            false,
            false
        ));
        assert!(is_boilerplate(&tokens(&["comments"]), false, false));
        assert!(!is_boilerplate(&tokens(&["comments"]), true, false));
        assert!(is_boilerplate(&tokens(&["hero-banner"]), false, false));
        assert!(is_boilerplate(&tokens(&["guest-prompt"]), false, false));
        assert!(!is_boilerplate(&tokens(&["hero-banner"]), false, true));
        assert!(is_boilerplate(&tokens(&["follow-us"]), false, false));
        for name in ["grid hide-read-more-ad", "card dn-print", "x no_print"] {
            assert!(!is_boilerplate(&tokens(&[name]), false, false), "{name}");
        }
        assert!(is_boilerplate(&tokens(&["ad-slot no-print"]), false, false));
        assert!(is_boilerplate(&tokens(&["hide-from-toc"]), false, false));
        for name in [
            "follow-ups-container-12",
            "help better__follow-up",
            "followUp",
        ] {
            assert!(!is_boilerplate(&tokens(&[name]), false, false), "{name}");
        }
    }
}
