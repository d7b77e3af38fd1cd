//! What kind of page this is: article, forum thread, product, collection,
//! listing, documentation or service page. The type chooses how the content
//! is looked for and pruned (a product keeps its specs but not its reviews; a
//! collection's cards are its content), so it is decided before any of that,
//! from what the page says of itself (structured data, `og:type`), its URL,
//! and a few counts over the page (prices, cart buttons, code blocks),
//! gathered here in one walk over the DOM.
//!
//! The rules are hand-weighted over generic signals, never over particular
//! sites; a strong signal (structured data) beats a weak one (a URL word).

use url::Url;

use super::dom::{Dom, Ix, PerClass, Tag};
use super::meta::PageMeta;
use super::tree::{Element, Id, Tree};
use super::vocab::patterns;
pub use crate::article::PageType;

/// The counts over a page that the type rules read.
#[derive(Debug, Default, Clone, Copy)]
pub struct Signals {
    /// "Add to cart" controls: buttons and inputs by label or name, other
    /// elements by class.
    pub carts: u32,
    /// Short text nodes that read as a price (`$19.99`, `€ 5,00`).
    pub prices: u32,
    /// Elements whose class names a price (`price`, `product-price__amount`),
    /// outermost only.
    pub price_boxes: u32,
    /// `<pre>` blocks.
    pub pre: u32,
    /// `<article>` elements.
    pub articles: u32,
    /// Short texts opening with a forum poster card's label ("Joined:",
    /// "Posts:"): one card per post.
    pub poster_labels: u32,
}

/// Counts the signals of a page in one walk over its DOM, and a look at the
/// controls left out of it (buttons and inputs).
pub fn signals(dom: &Dom<'_>) -> Signals {
    let mut s = Signals::default();
    // Where the outermost price box open ends, so nested ones count once.
    let mut price_box_end: Ix = 0;
    // What each distinct class value names.
    let mut names = PerClass::new(dom);
    for (i, n) in dom.nodes.iter().enumerate().skip(1) {
        if n.tag == Tag::Text {
            s.text(n.text, n.in_link);
            continue;
        }
        let (cart, price) = names
            .get(dom, i as Ix, |class| cart_and_price(class.as_bytes()))
            .unwrap_or((false, false));
        if s.element(n.tag, cart, price, (i as Ix) < price_box_end) {
            price_box_end = n.end;
        }
    }
    let tree = dom.tree();
    for &id in &dom.left_out {
        if let Some(el) = tree.element(id) {
            if matches!(el.name(), "button" | "input") && is_cart_control(tree, id, el) {
                s.carts += 1;
            }
        }
    }
    s
}

impl Signals {
    /// Counts an element whose class names a cart control (`cart`) or a
    /// price (`price`: see [`cart_and_price`]); `in_price_box` when an
    /// ancestor was counted as a price box (nested ones count once).
    /// Returns whether this element is a price box.
    fn element(&mut self, tag: Tag, cart: bool, price: bool, in_price_box: bool) -> bool {
        match tag {
            Tag::Pre => self.pre += 1,
            Tag::Article => self.articles += 1,
            _ => {}
        }
        // Cart links (WooCommerce's `add_to_cart_button`) are elements of
        // the DOM; buttons and inputs, left out of it, are counted by
        // [`is_cart_control`].
        if cart {
            self.carts += 1;
        }
        let price_box = !in_price_box && price;
        if price_box {
            self.price_boxes += 1;
        }
        price_box
    }

    /// Counts a text node.
    fn text(&mut self, text: &str, in_link: bool) {
        if text.len() <= 40 && !in_link && maybe_price(text) && patterns::PRICE.is_match(text) {
            self.prices += 1;
        }
        if text.len() <= 40 && !in_link && super::vocab::opens_with_poster_label(text) {
            self.poster_labels += 1;
        }
    }
}

/// Whether `class` names an add-to-cart control (`to_cart`, `to-cart`,
/// `tocart`, `ToCart`), and whether it names a price (`price`, `Price`).
/// Every element's class is read: one search for the `r` all of them hold
/// (most classes have few) rather than six substring searches.
fn cart_and_price(class: &[u8]) -> (bool, bool) {
    let (mut cart, mut price) = (false, false);
    for r in memchr::memchr_iter(b'r', class) {
        let (before, after) = class.split_at(r);
        cart |= after.starts_with(b"rt")
            && [&b"to_ca"[..], b"to-ca", b"toca", b"ToCa"]
                .iter()
                .any(|w| before.ends_with(w));
        price |= after.starts_with(b"rice") && (before.ends_with(b"p") || before.ends_with(b"P"));
    }
    (cart, price)
}

/// A button or input that puts something in a cart, by its label or names.
fn is_cart_control(tree: &Tree, id: Id, el: Element<'_>) -> bool {
    let mut label = String::new();
    for name in ["class", "id", "name", "value", "aria-label", "title"] {
        if let Some(v) = el.attr(name) {
            label.push_str(v);
            label.push(' ');
        }
    }
    for t in tree.descendants(id).filter_map(|d| tree.text(d)).take(8) {
        label.push_str(t);
    }
    let label = label.to_ascii_lowercase();
    // One pass for all the phrases, not a search set up for each: every
    // button and input of a page is asked.
    static PHRASES: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::new(super::vocab::CART_PHRASES).expect("cart phrases")
        });
    PHRASES.is_match(&label)
}

/// A cheap test before the price regex: a digit and a currency sign or code.
fn maybe_price(text: &str) -> bool {
    // One pass for all of them: a search set up for each code was six for
    // every short text with a digit.
    static MARKS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new([
            "$", "€", "£", "¥", "₹", "zł", "kr", "лв", "USD", "EUR", "GBP",
        ])
        .expect("currency marks")
    });
    text.bytes().any(|b| b.is_ascii_digit()) && MARKS.is_match(text)
}

/// A product page shows its price and a few more (variants, add-ons,
/// recommendations); a collection shows one per card.
const PRODUCT_MAX_PRICES: u32 = 10;

/// A thread shows a card per post, each with a few labelled facts of its
/// poster; a page's one contact or profile box shows a few.
const THREAD_MIN_POSTER_LABELS: u32 = 4;

/// Decides the page type.
pub fn classify(meta: &PageMeta, url: Option<&Url>, s: &Signals) -> PageType {
    let path = url
        .map(|u| u.path().to_ascii_lowercase())
        .unwrap_or_default();
    let host = url.and_then(Url::host_str).unwrap_or("");
    if forum_url(host, &path) || meta.says_forum() || s.poster_labels >= THREAD_MIN_POSTER_LABELS {
        return PageType::Forum;
    }
    if docs_url(host, &path) {
        return PageType::Documentation;
    }
    let products = meta.ld_types.iter().filter(|t| *t == "Product").count();
    let listed = meta
        .ld_types
        .iter()
        .any(|t| matches!(t.as_str(), "ItemList" | "CollectionPage" | "OfferCatalog"));
    let og_product = meta
        .og_type
        .as_deref()
        .is_some_and(|t| t.contains("product") && !t.contains("group"));
    let collection = collection_path(&path);
    let prices = s.prices.max(s.price_boxes);
    let shop = s.carts > 0 || prices > 0 || products > 0;
    let article = meta.says_article() || dated_path(&path);
    if meta.says_product() {
        return PageType::Product;
    }
    if !article && !collection && !listed {
        // One product: its URL says so, or its page sells one thing (a cart
        // button next to no more prices than one product's variants and
        // add-ons show).
        if og_product || (product_path(&path) && shop) {
            return PageType::Product;
        }
        // A home page with a cart button is a shop's front, not a product.
        if s.carts >= 1
            && (1..=PRODUCT_MAX_PRICES).contains(&prices)
            && products <= 1
            && !listing_path(&path)
        {
            return PageType::Product;
        }
    }
    if collection
        || (listed && products >= 2)
        || (!article && (s.carts >= 1 || s.price_boxes > 0) && prices > PRODUCT_MAX_PRICES)
    {
        return PageType::Collection;
    }
    if article {
        return PageType::Article;
    }
    if s.pre >= 8 {
        return PageType::Documentation;
    }
    if listing_path(&path) || s.articles >= 6 {
        return PageType::Listing;
    }
    PageType::Service
}

/// Forum hosts and thread paths.
fn forum_url(host: &str, path: &str) -> bool {
    host.starts_with("forum")
        || host.starts_with("community.")
        || host.starts_with("discuss")
        || patterns::IPS_TOPIC.is_match(path)
        || [
            "/thread",
            "/forum",
            "/t/",
            "showthread",
            "viewtopic",
            "/questions/",
            "/discussion",
        ]
        .iter()
        .any(|p| path.contains(p))
}

/// Documentation hosts and paths.
fn docs_url(host: &str, path: &str) -> bool {
    host.starts_with("docs.")
        || host.starts_with("developer.")
        || path.starts_with("/docs")
        || path.contains("/documentation")
        || path.contains("/reference/")
        || path.contains("/api/")
}

/// True when `url`'s path holds a date: a post.
pub fn dated_url(url: Option<&Url>) -> bool {
    url.is_some_and(|u| dated_path(&u.path().to_ascii_lowercase()))
}

/// A URL path with a date in it (`/2024/05/...`, `/2024-05-12-...`): a post.
fn dated_path(path: &str) -> bool {
    patterns::DATED_PATH.is_match(path)
}

/// A URL path naming a category or collection of products or posts.
fn collection_path(path: &str) -> bool {
    patterns::COLLECTION_PATH.is_match(path)
}

/// A URL path naming one product.
fn product_path(path: &str) -> bool {
    patterns::PRODUCT_PATH.is_match(path)
}

/// A URL path of a list of posts: the home page, a blog or news index, an
/// archive, tag, author or search page, a numbered page.
fn listing_path(path: &str) -> bool {
    patterns::LISTING_PATH.is_match(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carts_and_prices_are_found_as_substrings_are() {
        for class in [
            "",
            "r",
            "art",
            "cart",
            "tocart",
            "add_to_cart_button",
            "go-to-cart",
            "btnToCart",
            "tocar",
            "to cart",
            "rice",
            "price",
            "Price-box",
            "prices rice",
            "p rice",
        ] {
            let cart = ["to_cart", "to-cart", "tocart", "ToCart"]
                .iter()
                .any(|c| class.contains(c));
            let price = class.contains("price") || class.contains("Price");
            assert_eq!(cart_and_price(class.as_bytes()), (cart, price), "{class:?}");
        }
    }

    fn meta(ld: &[&str], og: Option<&str>) -> PageMeta {
        PageMeta {
            ld_types: ld.iter().map(|t| t.to_string()).collect(),
            og_type: og.map(str::to_string),
            ..PageMeta::default()
        }
    }

    fn url(u: &str) -> Url {
        Url::parse(u).expect("test URL")
    }

    #[test]
    fn structured_data_and_urls_decide() {
        let none = Signals::default();
        let shop = Signals {
            carts: 2,
            prices: 3,
            ..Signals::default()
        };
        let many = Signals {
            carts: 20,
            prices: 30,
            ..Signals::default()
        };
        let cases = [
            (
                meta(&["Product"], None),
                "https://s.com/x",
                none,
                PageType::Product,
            ),
            (
                meta(&[], None),
                "https://s.com/products/mug",
                shop,
                PageType::Product,
            ),
            (
                meta(&[], None),
                "https://s.com/mug",
                shop,
                PageType::Product,
            ),
            (
                meta(&[], None),
                "https://s.com/collections/mugs",
                many,
                PageType::Collection,
            ),
            (
                meta(&[], None),
                "https://s.com/kitchen",
                many,
                PageType::Collection,
            ),
            (
                meta(&["NewsArticle"], None),
                "https://s.com/a",
                none,
                PageType::Article,
            ),
            (
                meta(&[], None),
                "https://s.com/2024/05/a-story",
                none,
                PageType::Article,
            ),
            (
                meta(&[], None),
                "https://forum.s.com/x",
                none,
                PageType::Forum,
            ),
            (
                meta(&[], None),
                "https://docs.s.com/x",
                none,
                PageType::Documentation,
            ),
            (meta(&[], None), "https://s.com/", none, PageType::Listing),
            (
                meta(&[], None),
                "https://s.com/blog/",
                none,
                PageType::Listing,
            ),
            (
                meta(&[], None),
                "https://s.com/pricing",
                none,
                PageType::Service,
            ),
        ];
        for (m, u, s, want) in cases {
            assert_eq!(classify(&m, Some(&url(u)), &s), want, "{u}");
        }
    }

    #[test]
    fn poster_cards_make_a_thread_of_a_page_without_a_url() {
        let card = "<dl><dt><a href=/u/1>anna</a></dt><dd><b>Joined:</b> Mar 2019</dd>\
                    <dd>Posts: 1,204</dd><dd>Location: Leeds</dd></dl><p>A reply.</p>";
        let tree = super::super::tree::parse(&format!("<div>{card}{card}</div>"));
        let s = signals(&Dom::build(&tree));
        assert_eq!(s.poster_labels, 4, "join dates and post counts, not places");
        assert_eq!(classify(&meta(&[], None), None, &s), PageType::Forum);
        let one = super::super::tree::parse(&format!("<div>{card}</div>"));
        let s = signals(&Dom::build(&one));
        assert_ne!(
            classify(&meta(&[], None), None, &s),
            PageType::Forum,
            "one profile box is no thread"
        );
    }

    #[test]
    fn counts_prices_and_carts() {
        let tree = super::super::tree::parse(
            r#"<div><span>$19.99</span><span>19,99 €</span><button>Add to Cart</button>
            <a href=/x>$5</a><pre>code</pre><input type=submit value="Add to basket">
            <div class="price"><span class="price__amount">$3</span></div>
            <select><option><button>add to cart</button></option></select></div>"#,
        );
        let s = signals(&Dom::build(&tree));
        assert_eq!(
            s.carts, 2,
            "controls inside left-out elements are not counted"
        );
        assert_eq!(s.prices, 3, "prices in links are cards, not the page's own");
        assert_eq!(s.price_boxes, 1, "a price box counts once");
        assert_eq!(s.pre, 1);
    }
}
