//! Where a product page's own content ends. A shop lays a product out as
//! the product first (name, price, description, features, details) and the
//! shop after it: what else it sells (related items, accessories, "complete
//! the look"), what buyers say of the seller (testimonials, review
//! summaries), its warranty and shipping terms. Pruning removes such a
//! section by its heading, but only the section, and only when it is small;
//! the sections after it (more carousels, the reviews, the footer's
//! furniture) are rarely headed by words it knows. Here, once the product has
//! been read, the first shop section ends the content: everything after it
//! in the located roots goes too. Two passes, both linear: one over the DOM
//! after pruning (the sections pruning took), one over the rendered blocks
//! (headings pruning kept, because their section was too large to judge
//! alone, or was not marked up as a section).
//!
//! A product page that shows too little of itself (its description is
//! rendered by a script) takes the JSON-LD description the shop wrote
//! ([`add_ld_description`]). A collection's grid is judged here too: its cards, one by one small,
//! may carry a class that names boilerplate ([`grid_card`]).

use crate::article::{Block, BlockKind};
use crate::text;

use super::dom::{Dom, Ix, Tag, NONE};
use super::policy::{share, Policy};
use super::prune::Cut;
use super::stats::Stats;
use super::vocab::patterns::{EN_AROUND_HEADING, EN_PRODUCT_AROUND_HEADING};

/// The share of the content that must come before a shop section for it to
/// end the product: a cross-sell box above the description (some shops put
/// "Frequently bought together" right under the buy box) does not.
const PRODUCT_BEFORE_SHARE: f32 = 0.3;

/// The fewest words of the section pruning took for it to end the product:
/// an empty "Accessories" tab ("No accessories available") ends nothing.
const SECTION_MIN_WORDS: u32 = 15;

/// A short line matching a section heading heads a section even when the
/// page did not mark it as a heading ("Shipping and Returns" in a `<p>`).
const HEADING_LINE_MAX_WORDS: usize = 5;

/// A heading longer than this is a headline, not a section name.
const HEADING_MAX_WORDS: usize = 8;

/// On a product page, removes everything in `roots` after the first
/// section that pruning took as the shop's own (its heading one of
/// [`EN_PRODUCT_AROUND_HEADING`]), when at least [`PRODUCT_BEFORE_SHARE`] of
/// what pruning kept comes before it. Returns the subtrees it removed.
/// `cuts` is what pruning removed; one walk over the roots.
pub fn cut_after_shop_section(
    dom: &Dom<'_>,
    stats: &[Stats],
    roots: &[Ix],
    removed: &mut [bool],
    cuts: &[(Ix, Cut)],
    policy: Policy,
) -> Vec<Ix> {
    let mut out = Vec::new();
    if !policy.product {
        return out;
    }
    // A section is its heading (with the siblings up to the next heading,
    // each a cut of its own) or the container the heading opens.
    let sections: Vec<Ix> = cuts
        .iter()
        .filter(|(_, why)| *why == Cut::AroundSection)
        .map(|&(ix, _)| ix)
        .collect();
    let words_of = |at: Ix| -> u32 {
        let parent = dom.node(at).parent;
        sections
            .iter()
            .filter(|&&s| s >= at && dom.node(s).parent == parent)
            .map(|&s| stats[s as usize].words)
            .sum::<u32>()
    };
    let shop_heading = |at: Ix| {
        (at..dom.node(at).end)
            .find(|&i| matches!(dom.node(i).tag, Tag::H(_)))
            .is_some_and(|h| {
                EN_PRODUCT_AROUND_HEADING.is_match(&dom.text_of(h, &[], 120, policy.show))
            })
    };
    let Some(at) = sections
        .iter()
        .copied()
        .filter(|&s| shop_heading(s))
        .min()
        .filter(|&s| words_of(s) >= SECTION_MIN_WORDS)
    else {
        return out;
    };
    // Kept words before the section and after it.
    let (mut before, mut after) = (0u32, 0u32);
    for &r in roots {
        let end = dom.node(r).end;
        let mut i = r;
        while i < end {
            let n = dom.node(i);
            if removed[i as usize] || dom.hidden(i, policy.show) {
                i = n.end;
                continue;
            }
            if n.tag == Tag::Text {
                if i < at {
                    before += stats[i as usize].words;
                } else {
                    after += stats[i as usize].words;
                }
            }
            i += 1;
        }
    }
    if (before as f32) < PRODUCT_BEFORE_SHARE * (before + after) as f32 {
        return out;
    }
    let from = dom.node(at).end;
    for &r in roots {
        let end = dom.node(r).end;
        let mut i = r.max(from);
        while i < end {
            let n = dom.node(i);
            if !removed[i as usize] {
                removed[i as usize] = true;
                if stats[i as usize].words > 0 {
                    out.push(i);
                }
            }
            i = n.end.max(i + 1);
        }
    }
    out
}

/// On a product page, truncates the rendered `blocks` at the first heading
/// (or heading-like short line) that names a section around the content
/// ([`EN_AROUND_HEADING`], [`EN_PRODUCT_AROUND_HEADING`]), when at least
/// [`PRODUCT_BEFORE_SHARE`] of the words come before it. Returns how many
/// blocks were dropped.
pub fn cut_blocks_at_shop_heading(blocks: &mut Vec<Block>, policy: Policy) -> usize {
    if !policy.product {
        return 0;
    }
    let total: usize = blocks.iter().map(|b| text::word_count(&b.text)).sum();
    let mut before = 0usize;
    for (k, b) in blocks.iter().enumerate() {
        let words = text::word_count(&b.text);
        // A short line ending in a colon labels what follows ("Recommended:"
        // over a game's system requirements), it does not head a section.
        let heading = matches!(b.kind, BlockKind::Heading { .. })
            || (b.kind == BlockKind::Paragraph
                && words <= HEADING_LINE_MAX_WORDS
                && !b.text.trim_end().ends_with(':'));
        if heading
            && words <= HEADING_MAX_WORDS
            && before as f32 >= PRODUCT_BEFORE_SHARE * total as f32
            && (EN_PRODUCT_AROUND_HEADING.is_match(&b.text) || EN_AROUND_HEADING.is_match(&b.text))
        {
            let dropped = blocks.len() - k;
            blocks.truncate(k);
            return dropped;
        }
        before += words;
    }
    0
}

/// A product page read to fewer words than this is the shell of one a
/// script renders: what was found is a name, a price and a few buttons.
const DESCRIPTION_BELOW_WORDS: usize = 100;

/// The share of the description's words the text must already hold for the
/// description to add nothing.
const DESCRIPTION_FOUND_SHARE: f32 = 0.5;

/// On a product page whose text is short ([`DESCRIPTION_BELOW_WORDS`]),
/// appends the product's JSON-LD `description` when the text holds less
/// than [`DESCRIPTION_FOUND_SHARE`] of its words: the shop wrote it for
/// the page, and a script was to render it. Returns whether it did.
pub fn add_ld_description(
    blocks: &mut Vec<Block>,
    description: Option<&str>,
    policy: Policy,
) -> bool {
    let Some(description) = description.filter(|_| policy.product) else {
        return false;
    };
    let found: usize = blocks.iter().map(|b| text::word_count(&b.text)).sum();
    if found >= DESCRIPTION_BELOW_WORDS {
        return false;
    }
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let have: std::collections::HashSet<String> =
        blocks.iter().flat_map(|b| words(&b.text)).collect();
    let wanted = words(description);
    let known = wanted.iter().filter(|w| have.contains(*w)).count();
    if wanted.is_empty() || known as f32 >= DESCRIPTION_FOUND_SHARE * wanted.len() as f32 {
        return false;
    }
    blocks.extend(
        description
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| Block::plain(BlockKind::Paragraph, l)),
    );
    true
}

/// On a product or collection page, drops a block that repeats the block
/// kept right before it, word for word, whatever its length: a card names
/// its product in the image link, the title and the quick-view button, and
/// shows its price twice (a copy for small screens). Blocks further apart
/// may rightly say the same (two cards at one price), as may two items of
/// a list (two cards' "1 colour"), and other pages keep their short
/// repeats (see [`Policy::dedupe_min_words`]). Returns how many went.
pub fn drop_near_repeats(blocks: &mut Vec<Block>, policy: Policy) -> usize {
    use std::hash::Hasher;
    if !(policy.product || policy.collection) {
        return 0;
    }
    let before = blocks.len();
    let item = |b: &Block| matches!(b.kind, BlockKind::ListItem { .. });
    let mut last: Option<(u64, bool)> = None;
    blocks.retain(|b| {
        let mut hash = text::Fnv1a::default();
        if text::hash_words(&b.text, &mut hash) == 0 {
            return true;
        }
        let key = (hash.finish(), item(b));
        // Two items of a list are two entries (two cards' "1 colour").
        let repeat = last.is_some_and(|(k, was_item)| k == key.0 && !(was_item && key.1));
        last = Some(key);
        !repeat
    });
    before - blocks.len()
}

/// The fewest look-alike cards that make a product grid.
const GRID_MIN_CARDS: u32 = 3;

/// How many wrappers a card may sit in alone (`li > div.card-wrapper`)
/// and still be found among its look-alikes.
const CARD_WRAPPER_LEVELS: usize = 2;

/// On a collection, true when `i` is a card of the product grid: it, or a
/// wrapper it alone fills, is one of at least [`GRID_MIN_CARDS`] look-alike
/// siblings (same tag and class) that together hold more of the `total`
/// words than a block named as boilerplate may ([`share::NAMED_MAX`]).
/// Shop themes name their cards by what the product offers
/// (`subscription-eligible`, `promo`, `banner`); one card is small, and
/// judged alone by that name the whole grid would go.
pub fn grid_card(dom: &Dom<'_>, stats: &[Stats], i: Ix, total: u32) -> bool {
    let mut at = i;
    for _ in 0..=CARD_WRAPPER_LEVELS {
        let parent = dom.node(at).parent;
        if parent == NONE {
            return false;
        }
        let tag = dom.node(at).tag;
        let (mut count, mut words, mut others) = (0u32, 0u32, 0u32);
        for sib in dom.children(parent) {
            let s = dom.node(sib);
            if s.tag == Tag::Text || stats[sib as usize].words == 0 {
                continue;
            }
            if s.tag == tag && dom.class_no(sib) == dom.class_no(at) {
                count += 1;
                words += stats[sib as usize].words;
            } else {
                others += 1;
            }
        }
        if count >= GRID_MIN_CARDS && words as f32 > share::NAMED_MAX * total as f32 {
            return true;
        }
        // Climb only out of a wrapper that holds nothing else.
        if count > 1 || others > 0 {
            return false;
        }
        at = parent;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::extract::classify::PageType;
    use crate::extract::meta::PageMeta;
    use crate::extract::tests::extract_at;

    fn product() -> Policy {
        Policy::for_page(&PageMeta::default(), PageType::Product, false)
    }

    fn para(text: &str) -> Block {
        Block::plain(BlockKind::Paragraph, text)
    }

    fn heading(text: &str) -> Block {
        Block::plain(BlockKind::Heading { level: 2 }, text)
    }

    const DESCRIPTION: &str = "A stoneware mug thrown by hand, glazed in two coats \
        and fired twice, so it keeps tea hot and stands up to the dishwasher for years.";

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn a_shop_heading_after_the_product_ends_it() {
        let mut blocks = vec![
            heading("Stoneware mug"),
            para(DESCRIPTION),
            heading("Customer testimonials"),
            para("Lovely mug, arrived quickly and well packed, would buy again."),
            heading("Materials"),
            para("Stoneware, lead-free glaze."),
        ];
        assert_eq!(cut_blocks_at_shop_heading(&mut blocks, product()), 4);
        assert_eq!(texts(&blocks), ["Stoneware mug", DESCRIPTION]);
    }

    #[test]
    fn the_block_cut_spares_labels_early_headings_and_other_pages() {
        // "Recommended:" labels a list; it heads no section.
        let mut blocks = vec![
            para(DESCRIPTION),
            para("Recommended:"),
            para("8 GB of memory and a recent graphics card."),
        ];
        assert_eq!(cut_blocks_at_shop_heading(&mut blocks, product()), 0);
        // A cross-sell box right under the name comes before the product's
        // description, which is the most of the page.
        let mut blocks = vec![
            heading("Stoneware mug"),
            heading("Frequently bought together"),
            para(DESCRIPTION),
            para(DESCRIPTION),
        ];
        assert_eq!(cut_blocks_at_shop_heading(&mut blocks, product()), 0);
        // Only product pages.
        let mut blocks = vec![para(DESCRIPTION), heading("Related products"), para("x")];
        let article = Policy::for_page(&PageMeta::default(), PageType::Article, false);
        assert_eq!(cut_blocks_at_shop_heading(&mut blocks, article), 0);
        assert_eq!(blocks.len(), 3);
    }

    /// The text of `html` as a product page.
    fn extract(html: &str) -> String {
        extract_at(html, "https://shop.example/products/mug").text
    }

    #[test]
    fn a_collections_checkbox_filters_are_not_its_content() {
        let card = |name: &str, price: &str| {
            format!("<li class=card><a href=/p/{name}><h3>{name} stoneware mug</h3></a><span>{price}</span></li>")
        };
        let cards: String = (0..6).map(|i| card(&format!("Mug{i}"), "$24.00")).collect();
        let facets: String = ["Blue", "Green", "Sand", "Charcoal"]
            .iter()
            .map(|c| format!("<li><input type=checkbox id=c-{c}><label for=c-{c}>{c}</label></li>"))
            .collect();
        let html = format!(
            "<html><body><main><h1>Mugs</h1><p>Hand-thrown stoneware mugs for tea and \
             coffee, glazed and fired twice in our workshop by the river.</p>\
             <ul>{facets}</ul><ul class=grid>{cards}</ul></main></body></html>"
        );
        let article = extract_collection(&html);
        assert_eq!(article.page_type, Some(PageType::Collection));
        assert!(
            article.text.contains("Mug3 stoneware mug"),
            "{}",
            article.text
        );
        assert!(!article.text.contains("Charcoal"), "{}", article.text);
    }

    /// `html` as a collection page.
    fn extract_collection(html: &str) -> Article {
        extract_at(html, "https://shop.example/collections/mugs")
    }

    #[test]
    fn a_short_product_page_takes_its_json_ld_description() {
        let ld = "<p>A stoneware mug thrown by hand.</p><ul><li>Holds 350 ml</li></ul>";
        let html = |body: &str| {
            format!(
                "<html><head><script type=application/ld+json>{{\"@type\":\"Product\",\
                 \"name\":\"Mug\",\"description\":\"{ld}\"}}</script></head><body><main>\
                 <h1>Stoneware mug</h1><p>$24.00</p>{body}</main></body></html>"
            )
        };
        // The page shows a name and a price; a script was to render the rest.
        let text = extract(&html(""));
        assert!(text.contains("Stoneware mug\n"), "{text}");
        assert!(text.contains("A stoneware mug thrown by hand."), "{text}");
        assert!(text.contains("Holds 350 ml"), "{text}");
        // A page that shows its description does not get it twice.
        let text = extract(&html(
            "<p>A stoneware mug thrown by hand, holds 350 ml of tea.</p>",
        ));
        assert!(!text.contains("Holds 350 ml"), "{text}");
        // Nor does a long page: its own text is the better one.
        let long: String = ["spring", "summer", "autumn", "winter", "harvest"]
            .iter()
            .map(|season| {
                format!(
                    "<p>In {season} our potters fire each piece twice in a wood kiln \
                     by the river, and every glaze is mixed in the workshop.</p>"
                )
            })
            .collect();
        let text = extract(&html(&long));
        assert!(!text.contains("thrown by hand."), "{text}");
    }

    #[test]
    fn a_shop_page_says_a_thing_once_among_its_neighbours() {
        let mut blocks = vec![
            para("Stoneware mug"),
            heading("Stoneware mug"),
            para("Stoneware mug"),
            para("$24.00"),
            para("$24.00"),
            para("Tea bowl"),
            para("$24.00"),
        ];
        let collection = Policy::for_page(&PageMeta::default(), PageType::Collection, false);
        assert_eq!(drop_near_repeats(&mut blocks, collection), 3);
        // The next card at the same price keeps its price.
        assert_eq!(
            texts(&blocks),
            ["Stoneware mug", "$24.00", "Tea bowl", "$24.00"]
        );
        // Items of a list are its entries.
        let item = || BlockKind::ListItem {
            ordered: false,
            depth: 0,
        };
        let mut blocks = vec![
            Block::plain(item(), "1 colour"),
            Block::plain(item(), "1 colour"),
        ];
        assert_eq!(drop_near_repeats(&mut blocks, collection), 0);
        // Other pages keep their short repeats.
        let mut blocks = vec![para("Yes"), para("Yes")];
        let article = Policy::for_page(&PageMeta::default(), PageType::Article, false);
        assert_eq!(drop_near_repeats(&mut blocks, article), 0);
    }

    #[test]
    fn cards_named_by_their_offer_are_the_collections_grid() {
        // Each card alone is a small block whose class names boilerplate
        // ("subscription"); together they are the page.
        let card = |i: usize| {
            format!(
                "<li class=grid__item><div class='card-wrapper subscription-eligible'>\
                 <h3><a href=/p/{i}>Stoneware mug number {i}</a></h3><span>$24.00</span></div></li>"
            )
        };
        let cards: String = (0..8).map(card).collect();
        let html = format!(
            "<html><body><main><h1>Mugs</h1><ul class=grid>{cards}</ul>\
             <div class=subscription-box><p>Subscribe to our coffee club</p></div></main></body></html>"
        );
        let article = extract_collection(&html);
        assert_eq!(article.page_type, Some(PageType::Collection));
        assert!(
            article.text.contains("Stoneware mug number 5"),
            "{}",
            article.text
        );
        assert!(article.text.contains("$24.00"), "{}", article.text);
        // A lone box of that name is still boilerplate.
        assert!(!article.text.contains("coffee club"), "{}", article.text);
    }

    #[test]
    fn a_pruned_shop_section_takes_the_rest_of_the_product_page_with_it() {
        let specs = "<h2>Details</h2><p>Stoneware, lead-free glaze, 350 ml, dishwasher \
                     and microwave safe, made in a small workshop by two potters.</p>";
        let html = format!(
            "<html><head><script type=application/ld+json>{{\"@type\":\"Product\"}}</script>\
             </head><body><main><h1>Stoneware mug</h1><p>{DESCRIPTION}</p>{specs}\
             <section><h2>Warranty info</h2><p>Every mug carries a two-year warranty \
             against cracks and crazing of the glaze; keep your receipt and write to us.</p>\
             </section><section><h2>Our story</h2><p>We started throwing pots in a shed \
             behind the house in the winter of the first lockdown and never stopped.</p>\
             </section></main></body></html>"
        );
        let text = extract(&html);
        assert!(text.contains("glazed in two coats"), "{text}");
        assert!(text.contains("lead-free glaze"), "{text}");
        assert!(!text.contains("two-year warranty"), "{text}");
        assert!(!text.contains("throwing pots"), "{text}");
    }
}
