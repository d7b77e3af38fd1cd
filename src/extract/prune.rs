//! Inside the located content, removes what is still not the article:
//! navigation and asides, blocks whose class words say boilerplate (share
//! bars, related links, bylines, comment threads), link lists, captions, and
//! short lines that read as bylines, dates or calls to action. Nothing that
//! holds most of the content is removed, whatever its class says.

use crate::article::{Block, BlockKind};

use super::dom::{Dom, Ix, Tag};
use super::policy::{share, Policy};
use super::stats::{child_groups, holds_prose_run, same_text, Stats};
use super::vocab::patterns::{
    AROUND_HEADING, EN_AROUND_HEADING, EN_BYLINE, EN_CALL_TO_ACTION, EN_DATE_ONLY, EN_LEARN_MORE,
    EN_MINUTES_READ, EN_PRODUCT_AROUND_HEADING, EN_RATING, EN_RELATED_LONG_HEADING, EN_SHORT_NOISE,
    IN_PAGE_JUMP, LABEL, MORE_HEADING,
};
use super::{lexicon, vocab};

/// How much of a block's text the furniture checks read: past the longest
/// line they match (300 characters, up to 3 bytes each).
const FURNITURE_READ_BYTES: usize = 1000;

/// The most words a block named as a caption or credit may hold and still
/// be pruned as one (a long "caption" is a photo essay's text).
const CAPTION_MAX_WORDS: u32 = 60;

/// A `<header>` inside the content with fewer words than this is its
/// kicker, date and byline; a longer one holds the story's opening.
const HEADER_MAX_WORDS: u32 = 60;

/// A form with at most this many words is a newsletter box, a search or a
/// login (a large one may wrap the whole page, as ASP.NET and forum
/// software do).
const FORM_MAX_WORDS: u32 = 60;

/// A line of at most this many words may be a label, a byline, a date or a
/// picker option; longer ones are prose.
const LINE_MAX_WORDS: u32 = 12;

/// A link or line of at most this many words may be a button ("Sign up
/// for free").
const BUTTON_MAX_WORDS: u32 = 6;

/// A link whose class names a button is one with at most this many words;
/// a longer one is a card or a headline styled as one.
const BUTTON_LINK_MAX_WORDS: u32 = 4;

/// A block with more link text than this share is a list of links (a
/// menu, a tag cloud, related stories) when it has fewer than
/// [`LINK_LIST_MAX_WORDS`] words...
const LINK_LIST_DENSITY: f32 = 0.8;

/// ...a list too long to be a menu is judged item by item.
const LINK_LIST_MAX_WORDS: u32 = 120;

/// A shorter block needs less link text to be a link list...
const SHORT_LINK_LIST_DENSITY: f32 = 0.6;

/// ...when it has fewer words than this.
const SHORT_LINK_LIST_MAX_WORDS: u32 = 40;

/// A link line behind arrows is a teaser up to this many words...
const ARROW_TEASER_MAX_WORDS: u32 = 30;

/// ...when at least this share of its text is the link.
const ARROW_TEASER_DENSITY: f32 = 0.8;

/// A heading of more words than this is a headline, not "Related stories".
const AROUND_HEADING_MAX_WORDS: u32 = 8;

/// A poster card's facts, rendered as lines of one block, hold at most
/// this many words.
const POSTER_CARD_MAX_WORDS: u32 = 30;

/// A block with at least this many words...
const PROSE_MIN_WORDS: u32 = 30;

/// ...a paragraph, and less link text than this share reads as prose (see
/// [`reads_as_prose`]).
const PROSE_MAX_LINK_DENSITY: f32 = 0.2;

/// The most words a block named as a call to action (`cta`) may hold and
/// still be pruned as one.
const CTA_BOX_MAX_WORDS: u32 = 15;

/// Why generic pruning removed a block: what `thresh rules explain` and
/// `--report` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// A `<nav>` element.
    Nav,
    /// An `<aside>` element.
    Aside,
    /// A `<footer>` of the content.
    Footer,
    /// A `<header>` that is not a teaser's headline.
    Header,
    /// A `<figcaption>` (kept in documentation).
    Figcaption,
    /// A dialog (`role=dialog`): a consent box, a sign-up or quick-view
    /// overlay.
    Dialog,
    /// A product's size, colour or plan choice.
    PickerOption,
    /// The `<h1>`, which the title field carries.
    Headline,
    /// A small form: newsletter box, search, login.
    SmallForm,
    /// A block whose class or id names boilerplate.
    BoilerplateName,
    /// A button-like link or box ("Sign up", "Shop now").
    CallToAction,
    /// Reviews, pickers or cart on a product page.
    ShopChrome,
    /// A collection's filters or sorting.
    GridControl,
    /// A block named as a caption or credit.
    CaptionName,
    /// A block that is mostly links.
    LinkList,
    /// A share, read-more, tag or label line.
    ShortNoise,
    /// A product's rating line.
    Rating,
    /// A byline or date line (English shapes).
    BylineOrDate,
    /// A fact of a thread's poster card: join date, post count, location,
    /// online status.
    PosterFact,
    /// A section headed "Related", "Comments" and the like.
    AroundSection,
    /// A link that moves within the page ("Back to top", "Jump to
    /// review").
    InPageJump,
    /// Furniture recognised by its words, in many languages.
    Furniture(lexicon::Furniture),
}

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Cut::Nav => "<nav>",
            Cut::Aside => "<aside>",
            Cut::Footer => "<footer>",
            Cut::Header => "<header>",
            Cut::Figcaption => "caption",
            Cut::Dialog => "dialog",
            Cut::PickerOption => "picker option",
            Cut::Headline => "headline",
            Cut::SmallForm => "small form",
            Cut::BoilerplateName => "boilerplate class or id",
            Cut::CallToAction => "call to action",
            Cut::ShopChrome => "reviews, pickers or cart",
            Cut::GridControl => "filters or sorting",
            Cut::CaptionName => "caption or credit",
            Cut::LinkList => "link list",
            Cut::ShortNoise => "share, read-more or label line",
            Cut::Rating => "rating line",
            Cut::BylineOrDate => "byline or date line",
            Cut::PosterFact => "poster's join date, post count or location",
            Cut::AroundSection => "related, comments or share section",
            Cut::InPageJump => "link within the page",
            Cut::Furniture(furniture) => furniture.reason(),
        };
        f.write_str(text)
    }
}

/// Marks boilerplate inside `roots` as removed. Returns each removed
/// subtree with the reason.
///
/// The texts it reads and finds no furniture in are added to `passed`.
pub fn prune(
    dom: &Dom<'_>,
    stats: &[Stats],
    roots: &[Ix],
    removed: &mut [bool],
    policy: Policy,
    passed: &mut Passed,
) -> Vec<(Ix, Cut)> {
    let total: u32 = roots
        .iter()
        .map(|&r| stats[r as usize].words)
        .sum::<u32>()
        .max(1);
    let (chars, links) = roots.iter().fold((0u32, 0u32), |(c, l), &r| {
        (
            c + stats[r as usize].chars,
            l + stats[r as usize].link_chars,
        )
    });
    // Content that is mostly links is a listing: its links are the content.
    // A product page's own text is not links; if nearly all of it is, the
    // page lists products after all.
    let density = if chars > 0 {
        links as f32 / chars as f32
    } else {
        0.0
    };
    let listing = density >= policy.listing_link_density;
    tracing::trace!(listing, chars, links, product = policy.product, "prune");
    // A second prune judges by other settings.
    passed.last = None;
    let mut out = Vec::new();
    for &root in roots {
        // Merged sibling blocks are judged like any other block: a reviews
        // box beside the description is still a reviews box.
        if roots.len() > 1 {
            if let Some(why) = should_remove(dom, stats, root, root, total, policy, listing, passed)
            {
                removed[root as usize] = true;
                out.push((root, why));
                continue;
            }
        }
        let end = dom.node(root).end;
        let mut i = root + 1;
        while i < end {
            let node = dom.node(i);
            if removed[i as usize] || node.tag == Tag::Text {
                i = if node.tag == Tag::Text {
                    i + 1
                } else {
                    node.end
                };
                continue;
            }
            if let Some(section) = around_section(dom, stats, i, total, policy) {
                for ix in section {
                    removed[ix as usize] = true;
                    out.push((ix, Cut::AroundSection));
                }
                i = node.end;
                continue;
            }
            if let Some(why) = should_remove(dom, stats, i, root, total, policy, listing, passed) {
                tracing::trace!(ix = i, %why, id_class = ?dom.id_class(i), "pruned");
                removed[i as usize] = true;
                out.push((i, why));
                if why == Cut::Furniture(lexicon::Furniture::Heading) && !policy.forum {
                    if let Some(list) = teasers_after(dom, stats, i, total) {
                        removed[list as usize] = true;
                        out.push((list, Cut::AroundSection));
                    }
                }
                i = node.end;
            } else if matches!(node.tag, Tag::Pre | Tag::Code) {
                // Code is highlighted in spans named for its tokens
                // (`hljs-comment`, `token comment`, `sp-syntax-meta`): the
                // names say what the code says, not what the page is.
                i = node.end;
            } else {
                i += 1;
            }
        }
    }
    out
}

/// True when form `i` has a field a reader fills or a button to press:
/// an input other than a hidden one, a text area, a list to pick from.
/// A form of hidden inputs only carries a post's text for an editor
/// that a script opens (a comment's body on some forums), and is that text.
fn has_field(dom: &Dom<'_>, i: Ix) -> bool {
    let tree = dom.tree();
    tree.descendants(dom.node(i).tree).any(|d| {
        tree.element(d).is_some_and(|e| match e.name() {
            "input" => !e
                .attr("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("hidden")),
            "textarea" | "select" | "button" => true,
            _ => false,
        })
    })
}

/// True when `i` is a heading or sits in one (a heading's own link): a
/// heading named for a table of contents (`tocHeader`, a docs page's
/// `toc-backref` link back to it) is listed there, and is no list itself.
fn in_heading(dom: &Dom<'_>, i: Ix) -> bool {
    std::iter::once(i)
        .chain(dom.ancestors(i).take(3))
        .any(|a| matches!(dom.node(a).tag, Tag::H(_)))
}

/// Texts [`prune`] found no furniture in. Pages wrap a paragraph in layers
/// of `<div>`s, each reading the same text, and most blocks
/// [`furniture_blocks`] reads are paragraphs prune read whole: reading a
/// text for furniture (lower-casing it, searching it for cookie phrases)
/// costs more than hashing it.
#[derive(Default)]
pub struct Passed {
    texts: std::collections::HashSet<u64, std::hash::BuildHasherDefault<crate::text::Fnv1a>>,
    /// The element whose text passed last: an element inside it with the
    /// same text passes without being read.
    last: Option<Ix>,
}

impl Passed {
    /// True when `i` reads as the element that passed last (see
    /// [`same_text`]).
    fn wraps(&self, dom: &Dom<'_>, stats: &[Stats], i: Ix) -> bool {
        self.last.is_some_and(|p| same_text(dom, stats, p, i))
    }

    /// What [`lexicon::furniture`]'s verdict depends on, hashed eight bytes
    /// at a step ([`crate::text::Fx8`]: a byte-wise hash would cost a third
    /// of the reading it saves). A collision would only skip one block's
    /// check.
    fn key(text: &str, words: u32, bylines: bool, offers: bool) -> u64 {
        use std::hash::Hasher;
        let mut h = crate::text::Fx8::default();
        h.write(text.as_bytes());
        h.write_u64(u64::from(words) << 2 | u64::from(bylines) | u64::from(offers) << 1);
        h.finish()
    }

    /// True when `text` passed with these settings, or with bylines looked
    /// for too (a check that only adds tests).
    fn has(&self, text: &str, words: u32, bylines: bool, offers: bool) -> bool {
        self.texts.contains(&Self::key(text, words, true, offers))
            || (!bylines && self.texts.contains(&Self::key(text, words, false, offers)))
    }

    /// True when `text` passed with exactly these settings.
    fn has_exactly(&self, text: &str, words: u32, bylines: bool, offers: bool) -> bool {
        self.texts
            .contains(&Self::key(text, words, bylines, offers))
    }
}

// One call judges one element; its inputs are the walk's state.
#[allow(clippy::too_many_arguments)]
fn should_remove(
    dom: &Dom<'_>,
    stats: &[Stats],
    i: Ix,
    root: Ix,
    total: u32,
    policy: Policy,
    listing: bool,
    passed: &mut Passed,
) -> Option<Cut> {
    let node = dom.node(i);
    let st = &stats[i as usize];
    // Every check by words reads the block's start: read once, as far as
    // the longest of them needs.
    let text = std::cell::OnceCell::new();
    let text = || {
        text.get_or_init(|| dom.text_of(i, &[], FURNITURE_READ_BYTES, policy.show))
            .as_str()
    };
    let share = st.words as f32 / total as f32;
    // Never remove what holds most of the content.
    if share > share::NEVER_ABOVE {
        return None;
    }
    let verdict = |yes: bool, why: Cut| yes.then_some(why);
    if super::locate::is_dialog(dom, i) {
        return Some(Cut::Dialog);
    }
    match node.tag {
        Tag::Nav => return Some(Cut::Nav),
        Tag::Aside => return Some(Cut::Aside),
        Tag::Footer => {
            return verdict(
                share < share::CHROME_MAX || beside_larger(dom, stats, i),
                Cut::Footer,
            )
        }
        // The header of one of several `<article>` teasers holds its
        // headline; the header of the page or of the one article does not,
        // nor a forum post's (permalink, post number), nor a product page's
        // recommendation tiles.
        Tag::Header => {
            let teaser = !policy.forum
                && !policy.product
                && i != root
                && dom
                    .ancestors(i)
                    .take_while(|&a| a != root)
                    .any(|a| dom.node(a).tag == Tag::Article);
            // On a landing page each section may open with a `<header>`
            // holding its title and a line of what it offers: the page's
            // own header holds the `<h1>`, a section's a lower heading and
            // more words than it (a heading alone titles a list of links).
            // The page's own header there is its hero when it says, under
            // the `<h1>`, what the page offers in a sentence.
            let (section_head, hero) = if !policy.article_like && !policy.product {
                let (mut levels, mut heading_words) = (0u32, 0u32);
                let mut h1 = false;
                for j in i + 1..node.end {
                    if let Tag::H(n) = dom.node(j).tag {
                        levels += 1;
                        h1 |= n == 1;
                        heading_words += stats[j as usize].words;
                    }
                }
                (
                    levels > 0 && !h1 && st.words > heading_words,
                    h1 && holds_prose_run(dom, stats, i, |j| dom.hidden(j, policy.show)),
                )
            } else {
                (false, false)
            };
            return verdict(
                st.words < HEADER_MAX_WORDS
                    && share < share::CHROME_MAX
                    && !teaser
                    && !section_head
                    && !hero,
                Cut::Header,
            );
        }
        Tag::Figcaption => return verdict(!policy.docs, Cut::Figcaption),
        // A product's size, colour or plan options are radio buttons or
        // checkboxes; their labels name a choice, not the product.
        Tag::Label if policy.product && dom.is_choice_label(i) => {
            return verdict(st.words <= LINE_MAX_WORDS, Cut::PickerOption)
        }
        // On a collection, checkboxes and radio buttons filter the grid.
        Tag::Label if policy.collection && dom.is_choice_label(i) => {
            return verdict(st.words <= LINE_MAX_WORDS, Cut::GridControl)
        }
        Tag::H(1) => return verdict(policy.drop_h1, Cut::Headline),
        // A small form is a newsletter box, a search or a login (a large one
        // may wrap the whole page, as ASP.NET and forum software do).
        Tag::Form => {
            return verdict(
                st.words <= FORM_MAX_WORDS && share < share::SMALL_MAX && has_field(dom, i),
                Cut::SmallForm,
            )
        }
        _ => {}
    }
    let (id, class) = dom.id_class(i);
    // A heading's id is a slug of its text (`#consider-legal-support`), not
    // a name for what the block is.
    let heading = matches!(node.tag, Tag::H(_));
    let id = if heading { "" } else { id };
    if !id.is_empty() || !class.is_empty() {
        let tokens = if heading {
            dom.class_tokens(i)
        } else {
            dom.name_tokens(i)
        };
        let protected = vocab::is_protected(&tokens);
        // A block named for links (a table of contents, a menu, pagination)
        // that reads as prose is what the links point at. On a collection
        // such a block is the grid's filters, whatever it reads like; an
        // `<article>` is a teaser card, whose class words name its post's
        // categories (`category-menu-drops`).
        let points_at = vocab::names_only_links(&tokens)
            && ((!policy.collection && node.tag != Tag::Article && reads_as_prose(st))
                || in_heading(dom, i));
        let named = (vocab::is_boilerplate(&tokens, policy.forum, policy.banner_is_content)
            && !points_at)
            || ((vocab::is_footer_name(&[id, class])
                // A footer named inside a longer name ends a page or a
                // region of it, on pages of one body (an article, a
                // thread, a product); on a landing or category page a
                // section's foot may carry its offer.
                || (vocab::is_footer_token(&tokens) && (policy.article_like || policy.product)))
                && !protected);
        // On an article the text is one body, whose parts may carry such a
        // name; on other pages a run of named look-alikes (promo tiles, a
        // docs site's navigation cards) can outweigh the content.
        let story = policy.article_like && !policy.forum && !policy.docs;
        if named
            && (share < share::NAMED_MAX || beside_larger(dom, stats, i))
            && !(story && body_part(dom, stats, i, total))
            && !(policy.collection && super::shop::grid_card(dom, stats, i, total))
        {
            return Some(Cut::BoilerplateName);
        }
        // A small call-to-action box; larger ones are feature cards.
        if vocab::is_cta(&tokens)
            && !protected
            && st.words <= CTA_BOX_MAX_WORDS
            && share < share::NAMED_MAX
        {
            return Some(Cut::CallToAction);
        }
        // A link styled as a button, alone on its line, whatever it says
        // ("Try the app now", "Record now"): the phrases of
        // `EN_CALL_TO_ACTION` cannot list every offer.
        if node.tag == Tag::A
            && vocab::is_button(&tokens)
            && !protected
            && st.words <= BUTTON_LINK_MAX_WORDS
            && !node.in_pre
            && standalone(dom, i)
        {
            return Some(Cut::CallToAction);
        }
        if policy.product && vocab::is_shop_chrome(&tokens) && share < share::NAMED_MAX {
            return Some(Cut::ShopChrome);
        }
        if policy.collection && vocab::is_grid_control(&tokens) && share < share::NAMED_MAX {
            return Some(Cut::GridControl);
        }
        // Captions and credits describe a photo, not the story.
        if policy.article_like
            && !policy.docs
            && !policy.forum
            && vocab::is_caption(&tokens)
            && !protected
            && st.words <= CAPTION_MAX_WORDS
            && share < share::SMALL_MAX
        {
            return Some(Cut::CaptionName);
        }
    }
    // On a collection, a row of links may be its subcategories, which
    // are content.
    if !policy.collection
        && st.words <= SEPARATED_MENU_MAX_WORDS
        && share < share::CHROME_MAX
        && is_separated_menu(dom, stats, i, policy)
    {
        // Kept link lists (a listing's, a card group's) are entries of a
        // few words each on lines of their own, never a row of them
        // strung on separators.
        return Some(Cut::LinkList);
    }
    let ld = st.link_density();
    // A plain `<li>` goes with its list: in a list that was kept for its
    // text, an item that is a link is a list entry like its neighbours (a
    // reading list, sources). Only a list of links too long to be judged
    // whole (a forum's "jump to" menu) loses its items one by one. On a
    // collection a block of links is a product tile (name and price are
    // both links), not a menu.
    let listish = match node.tag {
        Tag::Ul | Tag::Ol | Tag::Dl | Tag::P | Tag::Table => true,
        Tag::Div | Tag::Section => !policy.collection,
        Tag::Li => {
            !class.is_empty()
                || (node.parent != super::dom::NONE
                    && stats[node.parent as usize].link_density() > LINK_LIST_DENSITY)
        }
        _ => false,
    };
    if matches!(node.tag, Tag::P | Tag::Div)
        && policy.article_like
        && !policy.forum
        && st.words <= ARROW_TEASER_MAX_WORDS
        && ld > ARROW_TEASER_DENSITY
    {
        // A link alone on its line behind arrows (">> Headline <<", "»
        // Headline") points away from the story, even among its paragraphs
        // (on a listing, arrows may mark each of its entries).
        let text = text().trim_start();
        if text.starts_with(['»', '►', '▶', '→']) || text.starts_with(">>") {
            return Some(Cut::Furniture(lexicon::Furniture::Teaser));
        }
    }
    // On a listing, a category page or a thread a linked headline heads
    // an item of the page (a teaser, a tile, a post's title); in a story
    // or beside a product it points away.
    let items_are_content = (policy.forum || !policy.article_like) && !policy.product;
    // An item's authors or cast, strung on commas, belong to it on a page
    // that lists items; on a thread such a line is the post's tags.
    let lists_items = !policy.article_like && !policy.product;
    if listish
        && !listing
        && st.chars > 0
        && ((ld > LINK_LIST_DENSITY && st.words < LINK_LIST_MAX_WORDS)
            || (ld > SHORT_LINK_LIST_DENSITY && st.words < SHORT_LINK_LIST_MAX_WORDS))
        && share < share::CHROME_MAX
        && !is_card_group(dom, stats, i)
        && !(node.parent != super::dom::NONE && is_card_group(dom, stats, node.parent))
        && !(items_are_content && is_linked_heading(dom, stats, i))
        && !(lists_items && is_link_enumeration(dom, i))
    {
        return Some(Cut::LinkList);
    }
    // A link of a few words alone on its line (no running text beside it).
    let lone_link = |max_words: u32| {
        node.tag == Tag::A
            && !node.in_pre
            && st.chars > 0
            && st.words <= max_words
            && standalone(dom, i)
    };
    if lone_link(BUTTON_MAX_WORDS)
        && dom
            .attr(i, "href")
            .is_some_and(|href| href.len() > 1 && href.starts_with('#'))
        && IN_PAGE_JUMP.is_match(text())
    {
        // A link on its own that moves within the page: to the top, to
        // the review, past a listing or back to a section.
        return Some(Cut::InPageJump);
    }
    if !policy.product
        && !policy.article_like
        && lone_link(LINE_MAX_WORDS)
        && EN_LEARN_MORE.is_match(text())
    {
        // "Learn more about <the offer>" under a landing page's section
        // leads to another page; in a story it may be a pointer the text
        // makes, and on a product page it opens the product's own details.
        return Some(Cut::CallToAction);
    }
    if lone_link(BUTTON_MAX_WORDS) && EN_CALL_TO_ACTION.is_match(text()) {
        // A button-like link on its own ("Sign up", "Shop now"), not a link
        // inside running text.
        return Some(Cut::CallToAction);
    }
    if matches!(node.tag, Tag::A | Tag::Span | Tag::Label | Tag::OtherInline)
        && !node.in_pre
        && st.words <= BUTTON_MAX_WORDS
        && st.chars > 0
        && standalone(dom, i)
        && LABEL.is_match(text())
    {
        // A share, print or gallery button among others on one line
        // ("Rezept drucken", "Bild anzeigen"), which renders into one
        // block with them and so is never a line of its own.
        return Some(Cut::Furniture(lexicon::Furniture::Label));
    }
    // The checks by words below depend on the text, its words and these
    // settings (the policy is the same for all of one prune's blocks).
    let (bylines, offers) = (!policy.forum, offers(policy));
    let furniture_sized = st.words <= lexicon::COOKIE_MAX_WORDS && share < share::CHROME_MAX;
    if !node.tag.is_block()
        || st.chars == 0
        || !(st.words <= LINE_MAX_WORDS || furniture_sized)
        || passed.wraps(dom, stats, i)
        || passed.has_exactly(text(), st.words, bylines, offers)
    {
        return None;
    }
    if st.words <= LINE_MAX_WORDS {
        let text = text();
        if is_short_noise(text) {
            return Some(Cut::ShortNoise);
        }
        if st.words <= BUTTON_MAX_WORDS && EN_CALL_TO_ACTION.is_match(text) {
            return Some(Cut::CallToAction);
        }
        if policy.product && EN_RATING.is_match(text) {
            return Some(Cut::Rating);
        }
        if !policy.forum && (EN_BYLINE.is_match(text) || EN_DATE_ONLY.is_match(text)) {
            return Some(Cut::BylineOrDate);
        }
        // A thread keeps each post's author and date, but not the card
        // around them.
        if policy.forum && vocab::is_poster_fact(text) {
            return Some(Cut::PosterFact);
        }
    }
    if furniture_sized {
        // Every check but the cookie notice's reads a few hundred
        // characters at most, and a notice says "cookies" in its first
        // sentence: reading more of a long block (and again for each
        // block nested in it) only costs.
        if let Some(f) = lexicon::furniture(text(), st.words, bylines, offers) {
            return Some(Cut::Furniture(f));
        }
        passed
            .texts
            .insert(Passed::key(text(), st.words, bylines, offers));
        passed.last = Some(i);
    }
    None
}

/// Removes from the rendered `blocks` the furniture that no element of its
/// own held, so [`prune`], which judges elements, never read it alone:
/// text of inline elements and loose text between `<br>`s ("<a><b>Von:</b>
/// <br>Anna Muster</a>" at the end of a story, a "Kommentare insgesamt: 0"
/// line of bare text), whole blocks or lines at a block's start or end
/// ("…the last paragraph.<br><br><i>Tell us in the comments: …</i>").
/// Returns what went, with the reason. Data rows and code hold no
/// furniture lines, and a block holding much of what was found is kept.
/// Texts in `passed` are not read again. Returns what went, and the words
/// of what stays.
pub fn furniture_blocks(
    blocks: &mut Vec<Block>,
    policy: Policy,
    passed: &Passed,
) -> (Vec<(Cut, String)>, usize) {
    let bylines = policy.article_like && !policy.forum && !policy.docs;
    let offers = offers(policy);
    let counts: Vec<u32> = blocks
        .iter()
        .map(|b| crate::text::word_count(&b.text) as u32)
        .collect();
    let total = (counts.iter().sum::<u32>().max(1)) as f32;
    let judge = |text: &str, words: u32| {
        // Poster cards written as lines of one block ("Posts: 96<br>
        // Joined: Feb 2011").
        if policy.forum && words <= POSTER_CARD_MAX_WORDS && vocab::is_poster_fact(text) {
            return Some(Cut::PosterFact);
        }
        (words > 0
            && words <= lexicon::COOKIE_MAX_WORDS
            && (words as f32) < share::CHROME_MAX * total
            && !passed.has(text, words, bylines, offers))
        .then(|| lexicon::furniture(text, words, bylines, offers))
        .flatten()
        .map(Cut::Furniture)
    };
    let judge_line = |line: &str| judge(line, crate::text::word_count(line) as u32);
    let mut out = Vec::new();
    let mut k = 0;
    let mut kept = 0;
    blocks.retain_mut(|b| {
        let words = counts[k];
        k += 1;
        if matches!(b.kind, BlockKind::Code | BlockKind::TableRow { .. }) {
            kept += words as usize;
            return true;
        }
        if let Some(why) = judge(&b.text, words) {
            out.push((why, std::mem::take(&mut b.text)));
            return false;
        }
        kept += if trim_furniture_lines(b, &judge_line, &mut out) {
            crate::text::word_count(&b.text)
        } else {
            words as usize
        };
        true
    });
    debug_assert_eq!(
        kept,
        blocks
            .iter()
            .map(|b| crate::text::word_count(&b.text))
            .sum::<usize>()
    );
    (out, kept)
}

/// Drops the furniture lines at the start and the end of a block of
/// several lines, in its text and, when its lines match, its Markdown.
/// True when any went.
fn trim_furniture_lines(
    block: &mut Block,
    judge: &impl Fn(&str) -> Option<Cut>,
    out: &mut Vec<(Cut, String)>,
) -> bool {
    // Most blocks are one line: not split into a list to learn that.
    if memchr::memchr(b'\n', block.text.as_bytes()).is_none() {
        return false;
    }
    let lines: Vec<&str> = block.text.split('\n').collect();
    let (mut first, mut last) = (0, lines.len());
    let blank = |l: &str| l.trim().is_empty();
    // One line at least stays: a block that is furniture throughout was
    // judged whole.
    while first + 1 < last {
        let line = lines[last - 1];
        if !blank(line) {
            let Some(why) = judge(line) else { break };
            out.push((why, line.to_owned()));
        }
        last -= 1;
    }
    while first + 1 < last {
        let line = lines[first];
        if !blank(line) {
            let Some(why) = judge(line) else { break };
            out.push((why, line.to_owned()));
        }
        first += 1;
    }
    if (first, last) == (0, lines.len()) {
        return false;
    }
    let md: Vec<&str> = block.markdown.split('\n').collect();
    if md.len() == lines.len() {
        block.markdown = md[first..last].join("\n").trim().to_owned();
    }
    block.text = lines[first..last].join("\n").trim().to_owned();
    true
}

/// A page that offers what it shows (a service, a product, a shop's
/// collection), whose app or channel links may be its content.
fn offers(policy: Policy) -> bool {
    policy.product || policy.banner_is_content
}

/// True when `i` is one of several look-alike siblings (same tag and class)
/// that together hold most of the content: the sections of one body that a
/// site names by a modifier (`Report__Section--Ads`, a section that carries
/// an ad slot), which judged one by one would each look small enough to be
/// boilerplate, and together are the article.
fn body_part(dom: &Dom<'_>, stats: &[Stats], i: Ix, total: u32) -> bool {
    let node = dom.node(i);
    if node.parent == super::dom::NONE || node.class.is_empty() {
        return false;
    }
    let (mut count, mut words) = (0u32, 0u32);
    for sib in dom.children(node.parent) {
        let s = dom.node(sib);
        if s.tag == node.tag && dom.class_no(sib) == dom.class_no(i) {
            count += 1;
            words += stats[sib as usize].words;
        }
    }
    count >= 2 && words as f32 > share::NEVER_ABOVE * total as f32
}

/// True when a sibling of `i` holds more words than it and is not named
/// for boilerplate itself: `i` is a column or a section beside the content
/// (a `#sidebar` of reviews next to the description, a `<footer>` under the
/// text), which its name or tag may then take up to [`share::NEVER_ABOVE`]
/// of the words, as the larger sibling is what the page holds. Only blocks
/// past the share their kind may otherwise take are asked, so the siblings
/// are seldom read.
fn beside_larger(dom: &Dom<'_>, stats: &[Stats], i: Ix) -> bool {
    let node = dom.node(i);
    if node.parent == super::dom::NONE {
        return false;
    }
    let words = stats[i as usize].words;
    dom.children(node.parent).any(|sib| {
        sib != i && dom.node(sib).tag != Tag::Text && stats[sib as usize].words > words && {
            !vocab::is_boilerplate(&dom.name_tokens(sib), false, false)
        }
    })
}

/// True when a block reads as prose, whatever its name says: a block named
/// for links (`toc`, `menu`, `pagination`) that does is what the links
/// point at.
fn reads_as_prose(st: &Stats) -> bool {
    st.words >= PROSE_MIN_WORDS && st.paras > 0 && st.link_density() < PROSE_MAX_LINK_DENSITY
}

/// True when no text runs right beside `i` in its parent: it stands on its
/// own line, like a button, rather than inside a sentence. Only the nodes
/// next to it are read (a menu of a thousand links is not rescanned per link).
fn standalone(dom: &Dom<'_>, i: Ix) -> bool {
    let node = dom.node(i);
    let prose = |ix: Ix| {
        (ix as usize) < dom.len() && {
            let n = dom.node(ix);
            n.tag == Tag::Text && n.parent == node.parent && !n.text.trim().is_empty()
        }
    };
    node.parent != super::dom::NONE && !prose(i - 1) && !prose(node.end)
}

/// When `h` is a heading like "Related articles" or "Comments", the section it
/// heads: its container when it opens one, else itself and the following
/// siblings up to the next heading of the same or a higher level.
fn around_section(
    dom: &Dom<'_>,
    stats: &[Stats],
    h: Ix,
    total: u32,
    policy: Policy,
) -> Option<Vec<Ix>> {
    let Tag::H(level) = dom.node(h).tag else {
        return None;
    };
    if level == 1 || stats[h as usize].words > AROUND_HEADING_MAX_WORDS {
        return None;
    }
    let text = dom.text_of(h, &[], 120, policy.show);
    let around = EN_AROUND_HEADING.is_match(&text)
        || (!policy.forum && AROUND_HEADING.is_match(&text))
        || (policy.product && EN_PRODUCT_AROUND_HEADING.is_match(&text))
        || (!policy.collection
            && !policy.docs
            && !policy.forum
            && EN_RELATED_LONG_HEADING.is_match(&text));
    // "Weitere Tipps für den Garten" may head the story's own tips: such a
    // heading takes its section only when that is a list of links.
    let more = !around && !policy.forum && MORE_HEADING.is_match(&text);
    if !around && !more {
        return None;
    }
    if policy.forum {
        let lower = text.to_lowercase();
        if lower.contains("comment") || lower.contains("repl") {
            return None;
        }
    }
    let parent = dom.node(h).parent;
    let first = dom
        .children(parent)
        .find(|&c| stats[c as usize].chars > 0 && dom.node(c).tag != Tag::Text);
    let linky = |ix: Ix| stats[ix as usize].link_density() >= TEASER_LIST_DENSITY;
    // A section named for what is around the content may take up to a
    // third of the words; one of teasers (mostly links: a grid of other
    // products or stories) up to half, as it is no part of the content
    // whatever its size.
    let fits = |words: u32, teasers: bool| {
        let max = if teasers {
            share::NEVER_ABOVE
        } else {
            share::NAMED_MAX
        };
        (words as f32) < max * total as f32
    };
    if first == Some(h)
        && fits(stats[parent as usize].words, linky(parent))
        && parent != 0
        && (!more || linky(parent))
    {
        return Some(vec![parent]);
    }
    let mut section = vec![h];
    let (mut words, mut chars, mut link_chars) = (0, 0, 0);
    for sib in dom.children(parent).skip_while(|&c| c != h).skip(1) {
        if matches!(dom.node(sib).tag, Tag::H(l) if l <= level) {
            break;
        }
        // Under a heading that offers more, the teasers are the links
        // right after it; prose there is the story's own section.
        if more && stats[sib as usize].chars > 0 && !linky(sib) {
            break;
        }
        let st = &stats[sib as usize];
        words += st.words;
        chars += st.chars;
        link_chars += st.link_chars;
        section.push(sib);
    }
    if more && words == 0 {
        // The heading alone is still furniture: the line checks take it.
        return None;
    }
    let teasers = chars > 0 && link_chars as f32 >= TEASER_LIST_DENSITY * chars as f32;
    fits(words, teasers).then_some(section)
}

/// The list under a heading that offers more stories is teasers when at
/// least this share of its text is links.
const TEASER_LIST_DENSITY: f32 = 0.5;

/// The list of links right after `i`, a line that heads related stories
/// without being a heading element ("<p><b>Lesen Sie auch:</b></p><ul>…"):
/// the teasers it announces.
fn teasers_after(dom: &Dom<'_>, stats: &[Stats], i: Ix, total: u32) -> Option<Ix> {
    let parent = dom.node(i).parent;
    if parent == super::dom::NONE {
        return None;
    }
    let next = dom
        .children(parent)
        .skip_while(|&c| c != i)
        .skip(1)
        .find(|&c| dom.node(c).tag != Tag::Text || !dom.node(c).text.trim().is_empty())?;
    let n = dom.node(next);
    let st = &stats[next as usize];
    (matches!(
        n.tag,
        Tag::Ul | Tag::Ol | Tag::P | Tag::Div | Tag::Blockquote
    ) && st.chars > 0
        && st.link_density() >= TEASER_LIST_DENSITY
        && (st.words as f32) < share::NAMED_MAX * total as f32)
        .then_some(next)
}

/// A menu written as one line has at most this many words...
const SEPARATED_MENU_MAX_WORDS: u32 = 60;

/// ...in at least this many links...
const SEPARATED_MENU_MIN_ITEMS: u32 = 4;

/// ...of at most this many words each.
const SEPARATED_MENU_ITEM_MAX_WORDS: u32 = 5;

/// True when `i` is a menu written as one line: short links with nothing
/// between them but separators ("Home | About | Contact", "Terms · Privacy
/// · Help"). A listing keeps its link lists, as its entries are links, but
/// an entry is never a row of links strung on bars, and a footer or a
/// site's top bar often is. A link may sit in a wrapper of its own
/// (`<b><a>Site</a></b>`); a line with any other text (a label, "Tags:",
/// a post's "12 points by") is not a menu.
fn is_separated_menu(dom: &Dom<'_>, stats: &[Stats], i: Ix, policy: Policy) -> bool {
    let st = &stats[i as usize];
    if st.own_chars == 0 || st.link_chars == 0 || st.link_chars < st.chars / 2 {
        return false;
    }
    let (mut items, mut separators) = (0u32, 0u32);
    for c in dom.children(i) {
        if dom.hidden(c, policy.show) {
            continue;
        }
        let node = dom.node(c);
        if node.tag == Tag::Text {
            let text = node.text.trim();
            if text.is_empty() {
                continue;
            }
            if !text
                .chars()
                .all(|ch| MENU_SEPARATORS.contains(&ch) || ch.is_whitespace())
            {
                return false;
            }
            separators += 1;
            continue;
        }
        let s = &stats[c as usize];
        if s.chars == 0 {
            continue;
        }
        if s.link_chars < s.chars || s.words > SEPARATED_MENU_ITEM_MAX_WORDS {
            return false;
        }
        items += 1;
    }
    items >= SEPARATED_MENU_MIN_ITEMS && separators + 2 >= items
}

/// A block whose text is mostly one heading: an item's linked headline
/// (`<div><a><h3>Title</h3></a></div>` on a card), however link-dense, is
/// not a list of links. Read only for blocks about to go as a link list.
fn is_linked_heading(dom: &Dom<'_>, stats: &[Stats], i: Ix) -> bool {
    let words = stats[i as usize].words;
    (i + 1..dom.node(i).end)
        .any(|d| matches!(dom.node(d).tag, Tag::H(_)) && stats[d as usize].words * 5 >= words * 4)
}

/// A block of links strung on commas ("Ann Lee, Bo Chen, Cy Diaz"): an
/// item's authors or cast, enumerated in a sentence's way, where a menu
/// lays its links out side by side or on separators. Read only for blocks
/// about to go as a link list.
fn is_link_enumeration(dom: &Dom<'_>, i: Ix) -> bool {
    let mut commas = 0;
    for d in i + 1..dom.node(i).end {
        let n = dom.node(d);
        if n.tag != Tag::Text || n.in_link {
            continue;
        }
        for c in n.text.chars() {
            match c {
                ',' | '，' | '、' => commas += 1,
                c if c.is_whitespace() => {}
                _ => return false,
            }
        }
    }
    commas >= 2
}

/// True when `text` is a line of English page furniture
/// (`EN_SHORT_NOISE`), or a byline's reading time after a bar.
fn is_short_noise(text: &str) -> bool {
    EN_SHORT_NOISE.is_match(text)
        || text
            .split_once('|')
            .is_some_and(|(before, after)| !before.is_empty() && EN_MINUTES_READ.is_match(after))
}

/// What sites string menu links on.
const MENU_SEPARATORS: &[char] = &['|', '·', '•', '/', '-', '–', '—', '¦', '∙', '⋅'];

/// A container of cards: at least three children of one tag and class that
/// each carry a few words (product tiles, story teasers, search results),
/// unlike a menu, whose items are a word or two.
fn is_card_group(dom: &Dom<'_>, stats: &[Stats], container: Ix) -> bool {
    let mut groups = Vec::new();
    let total = child_groups(dom, stats, container, 1, &[], &mut groups);
    groups
        .iter()
        .any(|g| g.count >= 3 && g.count * 5 >= total * 3 && g.words >= 5 * g.count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_to_action_and_section_headings() {
        for cta in [
            "Shop all dresses",
            "Book a free consultation",
            "Already have an account? Log in",
            "Get your discount code",
            "Talk to our experts",
            "SHARE YOUR STORY",
            "Share your thoughts!",
        ] {
            assert!(EN_CALL_TO_ACTION.is_match(cta), "{cta}");
        }
        for prose in [
            "Book your flight early",
            "Shop assistants were polite",
            "Share your story with the team before Friday.",
        ] {
            assert!(!EN_CALL_TO_ACTION.is_match(prose), "{prose}");
        }
        assert!(EN_AROUND_HEADING.is_match("Stay up to date"));
        assert!(EN_AROUND_HEADING.is_match("Sign up for our newsletter"));
        for h in [
            "Explore related items",
            "Choose your add-ons",
            "Accessories for this desk",
            "Most Popular Accessories & Related Items",
            "Compare with similar products",
            "Seller feedback (1,024)",
            "Frequently purchased with",
            "Featured products",
        ] {
            assert!(EN_PRODUCT_AROUND_HEADING.is_match(h), "{h}");
        }
        for h in ["Product details", "Specifications", "What's in the box"] {
            assert!(!EN_PRODUCT_AROUND_HEADING.is_match(h), "{h}");
        }
    }

    #[test]
    fn short_noise_patterns() {
        assert!(EN_BYLINE.is_match("By Jane Smith"));
        assert!(EN_BYLINE.is_match("BY JOHN O'NEIL and Ann Lee, Reuters"));
        assert!(!EN_BYLINE.is_match("By the end of the year, prices rose."));
        for t in [
            "Published: 3 April 2025",
            "5 min read",
            "Share this article",
            "Advertisement",
            "Read more: a story",
            "Jane Doe | 5 min read",
            "Jane Doe |5 Minutes Read.",
            " | 12 mins read",
            "Page 2 of 8",
            "Pin this for later",
            "Tags",
            "Loaded 120 results",
            "1–24 of 310 products",
            "Sort: Best Match",
            "Slide 2 of 5",
            "Image unavailable",
        ] {
            assert!(is_short_noise(t), "{t}");
        }
        for prose in [
            "Tags are how the forum files a thread.",
            "Sort the cards by colour first.",
            "| 5 min read",
            "A | B | 5 min read",
            "Jane Doe | 5 min read in the morning",
        ] {
            assert!(!is_short_noise(prose), "{prose}");
        }
        for t in [
            "April 3, 2025",
            "3 April 2025 at 10:30",
            "2025-04-03",
            "Thu, April 3, 2025",
        ] {
            assert!(EN_DATE_ONLY.is_match(t), "{t}");
        }
    }
}

/// What the tests of pruning read: the cuts on a hand-made page.
#[cfg(test)]
mod wrapper_tests_api {
    use super::*;
    use crate::extract::classify::PageType;
    use crate::extract::dom::Show;
    use crate::extract::meta::PageMeta;

    /// What [`prune`] cuts inside `#c` of `html` on a page of type `kind`,
    /// as (text, reason).
    pub(super) fn cuts(html: &str, kind: PageType) -> Vec<(String, Cut)> {
        let tree = crate::extract::tree::parse(html);
        let dom = Dom::build(&tree);
        let root = (0..dom.len() as Ix)
            .find(|&i| dom.id_class(i).0 == "c")
            .expect("#c");
        let mut removed = vec![false; dom.len()];
        let stats = super::super::stats::compute(&dom, &removed, Show::Visible);
        let policy = Policy::for_page(&PageMeta::default(), kind, false);
        prune(
            &dom,
            &stats,
            &[root],
            &mut removed,
            policy,
            &mut Passed::default(),
        )
        .iter()
        .map(|&(ix, why)| (dom.text_of(ix, &[], 200, Show::Visible), why))
        .collect()
    }
}

#[cfg(test)]
mod wrapper_tests {
    use super::wrapper_tests_api::cuts;
    use super::*;
    use crate::extract::classify::PageType;
    use crate::extract::dom::Show;
    use crate::extract::meta::PageMeta;

    /// A listing keeps its link lists, but not a menu strung on bars at
    /// its top or bottom; its entries' lines, with words between the
    /// links, stay.
    #[test]
    fn a_menu_strung_on_separators_goes_even_on_a_listing() {
        let html = "<body><div id=c>\
            <span><b><a href=/>Example News</a></b><a href=/new>new</a> | \
            <a href=/past>past</a> | <a href=/ask>ask</a> | <a href=/jobs>jobs</a></span>\
            <ol><li><a href=/a>A first story about rivers</a> <span>12 points by \
            <a href=/u>ann</a> | <a href=/h>hide</a> | <a href=/d>discuss</a> | \
            <a href=/f>favourite</a></span></li>\
            <li><a href=/b>A second story about bridges</a></li>\
            <li><a href=/c>A third story about tunnels</a></li></ol>\
            <center><a href=/g>Guidelines</a> | <a href=/faq>FAQ</a> | \
            <a href=/api>API</a> · <a href=/legal>Legal</a></center></div></body>";
        let cut = cuts(html, PageType::Listing);
        assert_eq!(
            cut,
            [
                (
                    "Example Newsnew | past | ask | jobs".to_string(),
                    Cut::LinkList
                ),
                ("Guidelines | FAQ | API · Legal".to_string(), Cut::LinkList),
            ]
        );
        // A shop's row of subcategories is what its collection page shows.
        let shop = "<body><div id=c><p>Our boots, for every season and every trail, \
            in every size.</p><p><a href=/a>Sale Boots</a> | <a href=/w>Women's Boots</a> | \
            <a href=/m>Men's Boots</a> | <a href=/k>Kids' Boots</a></p></div></body>";
        assert_eq!(cuts(shop, PageType::Collection), []);
    }

    /// Highlighted code names its spans for the tokens they colour: a
    /// comment in a code block is code, not a comment thread.
    #[test]
    fn spans_of_highlighted_code_are_not_judged_by_their_names() {
        let html = "<body><div id=c><p>To start, make the folder a repository and \
            commit what is in it, as the steps below show for the shell.</p>\
            <pre><code class=\"language-bash hljs\"><span class=\"hljs-comment\"># make the \
            repository</span>\ngit init\n<span class=\"token comment\">// then commit</span>\n\
            git commit -m first</code></pre>\
            <div class=comments><p>Ann: thanks, this helped.</p></div></div></body>";
        for kind in [PageType::Article, PageType::Documentation] {
            assert_eq!(
                cuts(html, kind),
                [(
                    "Ann: thanks, this helped.".to_string(),
                    Cut::BoilerplateName
                )],
                "{kind:?}"
            );
        }
    }

    /// A landing page's sections open with headers of their own, holding a
    /// sub-heading and what the section offers; the page's header holds
    /// the `<h1>`.
    #[test]
    fn a_landing_pages_section_headers_stay_but_not_its_page_header() {
        let html = "<body><div id=c><header><h1>Payments</h1><p>Updated in May</p></header>\
            <p>Take payments online and in person, in every currency your customers \
            use, with one account and one set of reports.</p>\
            <section><header><h2>Convert more customers</h2><p>Checkout that adapts to \
            each buyer.</p></header><p>Show the methods each buyer knows, in their own \
            language, and cut the steps it takes them to pay.</p></section></div></body>";
        let page_header = ("Payments Updated in May".to_string(), Cut::Header);
        assert_eq!(
            cuts(html, PageType::Service),
            std::slice::from_ref(&page_header)
        );
        let section_header = (
            "Convert more customers Checkout that adapts to each buyer.".to_string(),
            Cut::Header,
        );
        assert_eq!(cuts(html, PageType::Article), [page_header, section_header]);
        // A header of a heading alone titles what follows (a list of links).
        let titled = "<body><div id=c><p>Take payments online and in person, in every \
            currency your customers use, with one account and one set of reports.</p>\
            <section><header><h2>Quick links</h2></header><p>Show the methods each buyer \
            knows, in their own language, and cut the steps it takes them to pay.</p>\
            </section></div></body>";
        assert_eq!(
            cuts(titled, PageType::Service),
            [("Quick links".to_string(), Cut::Header)]
        );
    }

    /// The page's header on a landing page is its hero when it says what
    /// the page offers in a sentence under the `<h1>`; on an article it is
    /// the headline box, whatever it holds.
    #[test]
    fn a_landing_pages_header_saying_what_it_offers_is_its_hero() {
        let html = "<body><div id=c><header><h1>Payments</h1><p>Take payments online \
            and in person with one account.</p></header>\
            <p>Show the methods each buyer knows, in their own language, and cut the \
            steps it takes them to pay, in every currency your customers use.</p>\
            <p>One set of reports covers every sale, online and in the shop, with \
            refunds and disputes handled from the same place.</p></div></body>";
        assert_eq!(cuts(html, PageType::Service), []);
        assert_eq!(
            cuts(html, PageType::Article),
            [(
                "Payments Take payments online and in person with one account.".to_string(),
                Cut::Header
            )]
        );
    }

    /// A form with nothing to fill carries a post's text; a form with a
    /// field is a box to fill in.
    #[test]
    fn a_form_of_hidden_inputs_is_its_text() {
        let html = "<body><div id=c><div class=post><form class=usertext>\
            <input type=hidden name=thing value=t1><div class=md><p>The second one worked \
            for me last winter, after I cleaned the filter and reset the valve.</p></div>\
            </form></div><div class=post><form class=usertext><input type=hidden name=thing \
            value=t2><div class=md><p>Same here, the valve was the problem all along and the \
            filter only made it worse.</p></div></form></div>\
            <form><p>Get the weekly digest</p><input type=email name=e>\
            <button>Subscribe</button></form></div></body>";
        assert_eq!(
            cuts(html, PageType::Forum),
            [("Get the weekly digest".to_string(), Cut::SmallForm)]
        );
    }

    /// Headings named for the table of contents that lists them stay;
    /// the table goes.
    #[test]
    fn headings_named_for_the_table_of_contents_stay() {
        let html = "<body><div id=c><div class=toc><a href=#a>Types of leave</a> \
            <a href=#b>How to ask</a></div>\
            <h2 class=tocHeader>Types of leave</h2><p>Most teams offer paid time off, sick \
            days and public holidays, each with rules of its own for who may take them.</p>\
            <h2><a class=toc-backref href=#top>How to ask</a></h2><p>Ask your manager in \
            writing two weeks ahead, and say which days you will be away and who covers.</p>\
            </div></body>";
        for kind in [PageType::Article, PageType::Documentation] {
            assert_eq!(
                cuts(html, kind),
                [(
                    "Types of leave How to ask".to_string(),
                    Cut::BoilerplateName
                )],
                "{kind:?}"
            );
        }
    }

    /// Under a heading of what is around the content, a grid of links to
    /// other items goes even when it holds more words than a named block
    /// may; prose under the same heading that large stays.
    #[test]
    fn a_large_grid_of_teasers_under_a_related_heading_goes() {
        let body = "<p>The lamp stands a foot tall on a brass base, with a linen shade \
            and a switch on the cord, and it takes any bulb up to sixty watts.</p>\
            <p>It ships assembled in a box of recycled card, with the bulb inside.</p>";
        let cards: String = (1..=4)
            .map(|n| {
                format!("<li><a href=/p{n}>Brass desk lamp number {n} in green</a> $4{n}</li>")
            })
            .collect();
        let html =
            format!("<body><div id=c>{body}<h2>More like this</h2><ul>{cards}</ul></div></body>");
        let cut = cuts(&html, PageType::Service);
        assert!(
            cut.iter()
                .any(|(t, why)| t.starts_with("Brass desk lamp number 1")
                    && *why == Cut::AroundSection),
            "{cut:?}"
        );
        let prose: String = (1..=3)
            .map(|n| {
                format!(
                    "<p>Another paragraph number {n} that talks about the lamp and its shade.</p>"
                )
            })
            .collect();
        let html = format!("<body><div id=c>{body}<h2>More like this</h2>{prose}</div></body>");
        assert!(cuts(&html, PageType::Service)
            .iter()
            .all(|(t, _)| !t.starts_with("Another")));
    }

    /// A longer heading of related items heads a section around the
    /// content on a landing or product page; on a category page related
    /// categories are what it lists.
    #[test]
    fn a_longer_related_heading_heads_what_is_around() {
        let html = "<body><div id=c><p>The lamp stands a foot tall on a brass base, \
            with a linen shade and a switch on the cord, and it takes any bulb up to \
            sixty watts. It ships assembled in a box of recycled card.</p>\
            <h2>Related lamps and shades</h2>\
            <p>Green glass shade for desk lamps, sold alone</p></div></body>";
        let cut = cuts(html, PageType::Service);
        assert!(
            cut.iter()
                .any(|(t, why)| t.starts_with("Green glass") && *why == Cut::AroundSection),
            "{cut:?}"
        );
        assert!(cuts(html, PageType::Collection)
            .iter()
            .all(|(t, _)| !t.starts_with("Green glass")));
    }

    /// A `<footer>` beside a larger block goes even when it holds more than
    /// a footer found by shape may (a shop's contact and links at the foot
    /// of its category text); a footer larger than all beside it stays.
    #[test]
    fn a_footer_beside_a_larger_block_goes() {
        let main = "<div><p>Our chairs are built in a small shop by the river, from oak \
            and ash that we dry for a year before a single cut is made.</p>\
            <p>Each one is finished by hand with oil and wax, and signed under the seat.</p></div>";
        let foot = "<footer><p>Visit us at the river shop any day but Sunday, or write \
            to us for a catalogue of every chair and table we make.</p></footer>";
        let html = format!("<body><div id=c>{main}{foot}</div></body>");
        let cut = cuts(&html, PageType::Collection);
        assert_eq!(cut.len(), 1, "{cut:?}");
        assert!(cut[0].0.starts_with("Visit us"), "{cut:?}");
        assert_eq!(cut[0].1, Cut::Footer);
        let html = format!("<body><div id=c><p>Chairs.</p>{foot}</div></body>");
        assert!(cuts(&html, PageType::Collection).is_empty());
    }

    /// A column named for boilerplate beside a larger one goes even when it
    /// holds more than a named block may (reviews in a `#sidebar` next to
    /// the description); where it is the larger column, it stays.
    #[test]
    fn a_named_column_beside_a_larger_one_goes() {
        let main = "<div class=entry><p>The tent sleeps two and packs down small, with \
            a rain fly that reaches the ground and two doors, one on each side.</p>\
            <p>Its poles are aluminium and clip to the body, so it pitches in a few \
            minutes even in wind, and the floor is thick enough for rocky ground.</p></div>";
        let side = "<div id=sidebar><p>Great gear, arrived early and clean, would rent \
            again from these people for our next family trip up north.</p>\
            <p>Friendly staff who answered every question we had about the packs.</p></div>";
        let html = format!("<body><div id=c>{main}{side}</div></body>");
        let cut = cuts(&html, PageType::Article);
        assert_eq!(cut.len(), 1, "{cut:?}");
        assert!(cut[0].0.starts_with("Great gear"), "{cut:?}");
        assert_eq!(cut[0].1, Cut::BoilerplateName);
        let html = format!("<body><div id=c>{side}{side}<div>A short note.</div></div></body>");
        assert!(cuts(&html, PageType::Article).is_empty());
    }

    /// A footer named inside a longer class name ends a region of an
    /// article; a card's or a quote's foot is part of it, and on a landing
    /// page a section's foot may carry its offer.
    #[test]
    fn a_region_footer_by_class_word_but_not_a_card_foot() {
        let html = "<body><div id=c><p>The story runs on for a while, with enough words \
            in it to be the content of the page and more than any footer has.</p>\
            <p>It goes on with a second paragraph, about what the town did next and why.</p>\
            <div class=card><p>A card in the story</p><div class=card-footer>Ann Lee, March</div></div>\
            <div class=top-recipes-footer><p>Our cookbook: enter your email and we send it.</p></div>\
            </div></body>";
        assert_eq!(
            cuts(html, PageType::Article),
            [(
                "Our cookbook: enter your email and we send it.".to_string(),
                Cut::BoilerplateName
            )]
        );
        assert_eq!(cuts(html, PageType::Service), []);
    }

    /// "Learn more about ..." alone on its line under a landing page's
    /// section points to another page; with a colon it leads into a list,
    /// and in a story it is a pointer the text makes.
    #[test]
    fn learn_more_links_under_a_landing_pages_sections() {
        let html = "<body><div id=c><h2>Data strategy</h2><section><p>We plan the data work \
            with you from the first call to the last report, and keep it on time.</p>\
            <a href=/strategy>Learn more about data strategy services</a></section>\
            <h2>Reporting</h2><section><p>We build the reports your teams read every morning, \
            and we keep them fast.</p><a href=/kinds>Learn more about the kinds of reports:</a>\
            <ul><li>Sales reports for each region</li><li>Stock reports for each store</li></ul>\
            </section></div></body>";
        assert_eq!(
            cuts(html, PageType::Service),
            [(
                "Learn more about data strategy services".to_string(),
                Cut::CallToAction
            )]
        );
        assert_eq!(cuts(html, PageType::Article), []);
    }

    #[test]
    fn links_that_move_within_the_page() {
        let html = "<body><div id=c><p>The review runs on for a while, with enough \
            words in it to be the content of the page, and then some more.</p>\
            <p><a href=#top>&lt; Back to top</a></p>\
            <p><a href=#list>Skip listing</a></p>\
            <p><a href=#project>Back to Project</a></p>\
            <p><a href=#specs>Specifications</a></p>\
            <p><a href=#return-values>Return Values and Scope</a></p>\
            <p><a href=#skip-lists>Skip Lists</a></p>\
            <p><a href=/elsewhere>Back to school deals</a></p>\
            <p>Read on, or <a href=#end>skip ahead</a> to the verdict.</p></div></body>";
        assert_eq!(
            cuts(html, PageType::Article),
            [
                ("< Back to top".to_string(), Cut::InPageJump),
                ("Skip listing".to_string(), Cut::InPageJump),
                ("Back to Project".to_string(), Cut::InPageJump),
            ]
        );
    }

    /// A label in layers of `<div>`s, beside a block a rule removed: the
    /// outer layer counts the label's words but reads the removed text too,
    /// so it passes; the label, read alone, still goes.
    #[test]
    fn a_line_in_layers_is_read_alone_where_an_outer_layer_read_more() {
        let tree = crate::extract::tree::parse(
            "<body><div id=c><p>The story runs on for a while, with enough words in it \
             to be the content of the page and more than a label has.</p>\
             <div id=w> <div><div>Share it</div></div> <div id=gone>Facebook Twitter \
             LinkedIn Email</div></div></div></body>",
        );
        let dom = Dom::build(&tree);
        let find = |id: &str| {
            (0..dom.len() as Ix)
                .find(|&i| dom.id_class(i).0 == id)
                .unwrap_or_else(|| panic!("#{id}"))
        };
        let mut removed = vec![false; dom.len()];
        removed[find("gone") as usize] = true;
        let stats = super::super::stats::compute(&dom, &removed, Show::Visible);
        let policy = Policy::for_page(&PageMeta::default(), PageType::Article, false);
        let mut passed = Passed::default();
        let cuts = prune(
            &dom,
            &stats,
            &[find("c")],
            &mut removed,
            policy,
            &mut passed,
        );
        let texts: Vec<(String, Cut)> = cuts
            .iter()
            .map(|&(ix, why)| (dom.text_of(ix, &[], 100, Show::Visible), why))
            .collect();
        assert_eq!(texts, [("Share it".to_string(), Cut::ShortNoise)]);
    }
}

#[cfg(test)]
mod linked_heading_tests {
    use super::wrapper_tests_api::cuts;
    use super::*;
    use crate::extract::classify::PageType;

    /// A listing's item titled by a linked heading keeps its title, a
    /// block of links without one still goes, and in a story the same
    /// linked headline (a teaser) goes.
    #[test]
    fn a_linked_headline_heads_an_item_of_a_listing_but_not_of_a_story() {
        let html = "<body><div id=c>\
            <p>Ranked by how often readers looked each title up this week, across every region.</p>\
            <div class=item><span>#1</span><div class=title><a href=/t/1><h3>The Long Winter</h3></a></div>\
            <span>2026</span> <span>1h 54m</span> <span>Rated R for violence</span></div>\
            <div class=links><a href=/a>Alpha</a> <a href=/b>Beta</a> <a href=/c>Gamma</a></div>\
            </div></body>";
        let listing = cuts(html, PageType::Listing);
        assert!(
            !listing.iter().any(|(t, _)| t.contains("Long Winter")),
            "{listing:?}"
        );
        assert!(listing.contains(&("Alpha Beta Gamma".to_string(), Cut::LinkList)));
        let story = cuts(html, PageType::Article);
        assert!(story.contains(&("The Long Winter".to_string(), Cut::LinkList)));
    }

    /// An item's authors, links strung on commas, stay on a listing; the
    /// same links side by side are a menu there, and in a story the
    /// enumeration goes too.
    #[test]
    fn links_strung_on_commas_are_an_items_authors_on_a_listing() {
        let html = "<body><div id=c>\
            <p>New papers in the field this week, with their authors and subjects, newest first. \
            Each entry links to its abstract, its full text and the pages of its authors, and \
            the list is rebuilt every night from the submissions of the day before.</p>\
            <dl><dt>[1] Paper one</dt><dd><div class=title>Title: Rivers of sand in the desert</div>\
            <div class=authors><a href=/a/1>Ann Lee</a>, <a href=/a/2>Bo Chen</a>, \
            <a href=/a/3>Cy Diaz</a></div></dd></dl>\
            <div><a href=/new>New</a> <a href=/past>Past</a> <a href=/find>Find</a></div>\
            </div></body>";
        let listing = cuts(html, PageType::Listing);
        assert!(
            !listing.iter().any(|(t, _)| t.contains("Bo Chen")),
            "{listing:?}"
        );
        assert!(listing.contains(&("New Past Find".to_string(), Cut::LinkList)));
        let story = cuts(html, PageType::Article);
        assert!(story.contains(&("Ann Lee, Bo Chen, Cy Diaz".to_string(), Cut::LinkList)));
    }
}
