//! Finds the article in a page nobody wrote a rule for. Two views are taken:
//! a Readability-style score (paragraph text credited to its ancestors,
//! weighed by tag, class words and link density, then promoted to a common
//! ancestor and merged with good siblings), and the page's own semantic
//! markers (`itemprop=articleBody`, `entry-content`, `<article>`, `<main>`).
//! The choice between them weighs how much of the text each holds.

use super::dom::{Dom, Ix, Show, Tag, NONE};
use super::stats::{child_groups, holds_prose_run, same_text, Stats};
use super::vocab;
use super::Policy;

// Paragraph scoring in the manner of Readability: commas, length and link
// text score a block and its ancestors; the top candidate and the siblings
// that score near it are the content.

/// A block with fewer characters of its own text is not scored.
const SCORED_MIN_CHARS: u32 = 25;

/// Commas count a point each, up to this many: prose has commas, menus none.
const SCORED_MAX_COMMAS: u32 = 20;

/// A point per hundred characters, up to this many points.
const SCORED_MAX_LENGTH_POINTS: f32 = 3.0;

/// A block's score goes up to this many ancestors (divided by 1, 2, then
/// three times the level), so the container of many paragraphs wins.
const SCORED_ANCESTORS: u32 = 5;

/// Candidates scoring at least this share of the top one are near-equal:
/// three of them apart from the top make their common ancestor the content.
const NEAR_TIE: f32 = 0.75;

/// A parent with at most this many characters more than its top child is
/// that child (a wrapper), and stands for it.
const ONLY_CHILD_SLACK_CHARS: u32 = 20;

/// A sibling of the top block joins the content when it scores this share
/// of the top's score...
const SIBLING_MIN_SHARE_OF_TOP: f32 = 0.2;

/// ...and at least this much.
const SIBLING_MIN_SCORE: f32 = 10.0;

/// A sibling with the top block's class gets this share of its score for
/// free: split bodies share a class.
const SAME_CLASS_BONUS: f32 = 0.2;

/// A `<p>` sibling longer than this, and with less link text than
/// [`PROSE_SIBLING_MAX_LINK_DENSITY`], is prose of the article.
const PROSE_SIBLING_MIN_CHARS: u32 = 80;

/// See [`PROSE_SIBLING_MIN_CHARS`].
const PROSE_SIBLING_MAX_LINK_DENSITY: f32 = 0.25;

/// A good block (one that reads as text) has at least this many characters
/// of its own...
const GOOD_BLOCK_MIN_CHARS: u32 = 15;

/// ...and less link text than this share.
const GOOD_BLOCK_MAX_LINK_DENSITY: f32 = 0.5;

/// A content marker (`<article>`, `itemprop=articleBody`) broader than the
/// scored block is taken when the scored block holds less than this share
/// of its words (or when the marker is the page's only `<h1>` level).
const MARKER_BROADER_MIN_SHARE: f32 = 0.5;

/// A marker narrower than the scored block is trusted when it holds this
/// share of the scored block's words; at `<h1>` level...
const MARKER_NARROWER_MIN_SHARE_H1: f32 = 0.3;

/// ...and below it.
const MARKER_NARROWER_MIN_SHARE: f32 = 0.6;

/// The located content: one or more subtrees in document order.
#[derive(Debug, Clone)]
pub struct Located {
    /// Subtree roots.
    pub roots: Vec<Ix>,
    /// How it was found, for the report.
    pub how: String,
    /// Prose siblings above a scored block (a lead, an intro, a hero's
    /// text) that did not score as content: pages other than articles and
    /// threads take them when the scored block is the one chosen.
    pub lead: Vec<Ix>,
    /// The standfirst inside the content, which pruning must spare (see
    /// [`standfirst`]); set after locating.
    pub standfirst: Option<Ix>,
    /// The content is a landing page's sections, found on a page only
    /// `og:type` called an article (see [`sections_instead`]): the page is
    /// a service page.
    pub sections: bool,
}

/// Locates the content generically, as suits a page of `policy`'s kind.
pub fn locate(dom: &Dom<'_>, stats: &[Stats], dead: &[bool], policy: Policy) -> Located {
    let chrome = chrome_flags(dom);
    // On an article the text is one block; elsewhere (threads, services,
    // listings) the top block may sit inside one of several look-alikes.
    let repeat_levels = if policy.article_like && !policy.forum {
        0
    } else {
        REPEAT_LEVELS
    };
    let mut chosen = choose(dom, stats, dead, &chrome, repeat_levels);
    if policy.article_like && !policy.forum {
        join_split_body(dom, stats, dead, &chrome, &mut chosen);
    }
    if policy.forum {
        // A forum's index lists threads: rows of links and counts that
        // hold no prose to score. The rows are the page, as posts are a
        // thread's.
        if let Some(items) = item_group(dom, stats, dead, &chrome) {
            let chosen_words: u32 = chosen.roots.iter().map(|&r| stats[r as usize].words).sum();
            let inside = chosen.roots.iter().any(|&r| dom.contains(r, items));
            if !inside && stats[items as usize].words as f32 >= AGGREGATE_GAIN * chosen_words as f32
            {
                return Located {
                    roots: vec![items],
                    how: "repeated items (thread list)".into(),
                    lead: Vec::new(),
                    standfirst: None,
                    sections: false,
                };
            }
        }
    }
    if policy.maybe_sections {
        if let Some(sections) = sections_instead(dom, stats, dead, &chrome, &chosen) {
            return sections;
        }
    }
    if policy.article_like {
        // A docs page opens with a summary above its body; a story's
        // standfirst and a thread's title block are not their text.
        if policy.docs {
            take_lead(&mut chosen);
        }
        return chosen;
    }
    // Pages of many short sections (services, landing pages) spread their
    // text over the whole main column: take all of it when the chosen block
    // holds little of the page's readable text.
    let mut best = match aggregate(dom, stats, dead, &chrome) {
        Some((agg, agg_words)) => {
            let chosen_words: u32 = chosen
                .roots
                .iter()
                .map(|&r| good_words(dom, stats, dead, &chrome, r))
                .sum();
            tracing::trace!(agg_words, chosen_words, agg = ?agg.roots, "aggregate");
            if agg_words as f32 >= AGGREGATE_GAIN * chosen_words as f32 {
                agg
            } else {
                chosen
            }
        }
        None => chosen,
    };
    // Listings and collections: a run of look-alike items (teasers, product
    // tiles, job rows) whose text is mostly links, which the readable-text
    // views above pass over.
    if let Some(items) = item_group(dom, stats, dead, &chrome) {
        let inside = best.roots.iter().any(|&r| dom.contains(r, items));
        let best_words: u32 = best.roots.iter().map(|&r| stats[r as usize].words).sum();
        // On a category or collection page the items are the page; elsewhere
        // they must outweigh the readable text.
        let gain = if policy.collection {
            COLLECTION_ITEMS_SHARE
        } else {
            AGGREGATE_GAIN
        };
        if !inside && stats[items as usize].words as f32 >= gain * best_words as f32 {
            best = Located {
                roots: vec![items],
                how: "repeated items".into(),
                lead: Vec::new(),
                standfirst: None,
                sections: false,
            };
        }
    }
    take_lead(&mut best);
    add_hero(dom, stats, dead, &chrome, policy, &mut best);
    if policy.collection {
        add_intro(dom, stats, dead, &chrome, &mut best);
    }
    best
}

/// The fewest words a block must hold to be joined to a split body as a
/// part of it; shorter look-alikes are captions, teasers or ad slots.
const SPLIT_PART_MIN_WORDS: u32 = 15;

/// The most link text a part of a split body may hold (a "read also" box
/// of the same shape is mostly links).
const SPLIT_PART_MAX_LINK_DENSITY: f32 = 0.25;

/// How far up from the located block its look-alikes are sought: the parts
/// of a body may each sit in a wrapper of their own (`div.row > div.text`).
const SPLIT_LEVELS: usize = 2;

/// Joins the parts of an article body split around figures, ads, embeds or
/// "read also" boxes: when the located block has siblings of its own tag and
/// class (or, up to [`SPLIT_LEVELS`] wrappers up, siblings holding such a
/// block at the same depth) that read as prose, they are the same body,
/// and all become roots, in document order.
fn join_split_body(
    dom: &Dom<'_>,
    stats: &[Stats],
    dead: &[bool],
    chrome: &[bool],
    located: &mut Located,
) {
    let [root] = located.roots[..] else {
        return;
    };
    let root = named_body(dom, stats, root);
    // Equal class values have one number (see `Dom::class_no`).
    let (tag, class_no) = (dom.node(root).tag, dom.class_no(root));
    if class_no == super::dom::NO_CLASS || !tag.is_block() {
        return;
    }
    let prose = |ix: Ix| {
        let st = &stats[ix as usize];
        !dead[ix as usize]
            && !chrome[ix as usize]
            && st.words >= SPLIT_PART_MIN_WORDS
            && st.link_density() <= SPLIT_PART_MAX_LINK_DENSITY
    };
    let alike = |ix: Ix| dom.node(ix).tag == tag && dom.class_no(ix) == class_no;
    // `level` wrappers up from the root: the wrapper and the path back down.
    let mut wrapper = root;
    for level in 0..=SPLIT_LEVELS {
        let parent = dom.node(wrapper).parent;
        if parent == NONE || parent == 0 {
            return;
        }
        // The look-alike of the root inside a sibling of the wrapper, found by
        // descending `level` times through the only child of that shape.
        let part_of = |sib: Ix| -> Option<Ix> {
            let mut at = sib;
            for _ in 0..level {
                at = dom
                    .children(at)
                    .find(|&c| dom.node(c).tag != Tag::Text && stats[c as usize].words > 0)?;
            }
            (alike(at) && prose(at)).then_some(at)
        };
        let parts: Vec<Ix> = dom
            .children(parent)
            .filter(|&sib| sib != wrapper && dom.node(sib).tag != Tag::Text)
            .filter_map(part_of)
            .collect();
        if !parts.is_empty() {
            let n = parts.len();
            located.roots.extend(parts);
            located.roots.sort_unstable();
            located.how.push_str(&format!(
                " joined with {n} look-alike part{}",
                if n == 1 { "" } else { "s" }
            ));
            return;
        }
        wrapper = parent;
    }
}

/// The block that names a located body: the body itself, or, when it is
/// a classless wrapper (scoring stands a block's only content child for its
/// parent), the block inside holding nearly all its text whose class reads
/// as text. Split parts share the inner block's class, not the wrapper's
/// lack of one.
fn named_body(dom: &Dom<'_>, stats: &[Stats], root: Ix) -> Ix {
    let mut at = root;
    while dom.node(at).class.is_empty() {
        let mut worded = dom
            .children(at)
            .filter(|&c| dom.node(c).tag != Tag::Text && stats[c as usize].words > 0);
        let (Some(only), None) = (worded.next(), worded.next()) else {
            return root;
        };
        if stats[at as usize].chars > stats[only as usize].chars + ONLY_CHILD_SLACK_CHARS {
            return root;
        }
        at = only;
    }
    // A layout column (`col-12 col-lg-8`) is shared by teasers and boxes
    // around the body; only a name that reads as text names the body.
    let class = dom.node(at).class;
    let names_text = vocab::class_weight(&dom.class_tokens(at)) > 0.0
        || class.split_whitespace().any(|t| {
            vocab::BODY_CLASSES
                .iter()
                .any(|b| t.eq_ignore_ascii_case(b))
        });
    if names_text {
        at
    } else {
        root
    }
}

/// The fewest characters of a page description (normalised) that can
/// identify a standfirst: shorter ones are taglines or titles.
const STANDFIRST_MIN_KEY_CHARS: usize = 30;

/// How many leading characters of the description are sought.
const STANDFIRST_KEY_CHARS: usize = 80;

/// How far into a block the description may start (a dateline, "Berlin
/// (dpa) -", may come first).
const STANDFIRST_MAX_OFFSET_CHARS: usize = 120;

/// The most words a standfirst block may hold: a larger block matching the
/// description is a wrapper of more than the summary.
const STANDFIRST_MAX_WORDS: u32 = 150;

/// The article's standfirst, when the located content leaves it out: the
/// block above the content whose text opens with one of the page's own
/// descriptions of itself (`og:description`, `<meta name=description>`).
/// Sites put their summary in a lead paragraph over the body (in the
/// header, beside the photo, in an `excerpt` box) and repeat it in the
/// description; a root found by its class or by scoring the body misses it.
/// The page saying so is the evidence, so no class or position vocabulary
/// is needed; nor when the block is marked `itemprop=description`. Without
/// such evidence, a block under the headline whose class names it the
/// headline's summary (`heading__subtitle`, `dek`) is taken. Returns
/// the smallest such block, outside page navigation,
/// asides and footers, low in links; when the content holds it already,
/// that block, for pruning to spare.
pub fn standfirst(
    dom: &Dom<'_>,
    stats: &[Stats],
    dead: &[bool],
    roots: &[Ix],
    descriptions: &[String],
) -> Option<Standfirst> {
    let keys: Vec<String> = descriptions
        .iter()
        .filter_map(|d| standfirst_key(d))
        .collect();
    // Built once: `str::find` set up a search for its key each time,
    // several times the cost of the search in a text this short.
    let finders: Vec<memchr::memmem::Finder<'_>> =
        keys.iter().map(memchr::memmem::Finder::new).collect();
    let first = roots.iter().copied().min()?;
    let matches = |ix: Ix| {
        if keys.is_empty() {
            return false;
        }
        // A key sought near the start needs only that much of the text
        // normalised, not all that was read.
        let text = normalise_prefix(
            &dom.text_of(ix, dead, 1200, Show::All),
            STANDFIRST_MAX_OFFSET_CHARS + STANDFIRST_KEY_CHARS,
        );
        // A key is whole characters, so it is found on a boundary.
        finders.iter().any(|k| {
            k.find(text.as_bytes())
                .is_some_and(|at| text[..at].chars().count() <= STANDFIRST_MAX_OFFSET_CHARS)
        })
    };
    // Already in the content: nothing to add, but pruning must not take it
    // (a `<header>` holding kicker, headline, standfirst and byline goes
    // whole).
    if let Some(&root) = roots.iter().find(|&&r| matches(r)) {
        return smallest_match(
            dom,
            stats,
            dead,
            root + 1,
            dom.node(root).end,
            roots,
            &matches,
        )
        .map(Standfirst::Inside);
    }
    // The page's microdata may name its summary outright, and so may its
    // class when the block sits under the headline.
    let named = |ix: Ix| {
        dom.attr(ix, "itemprop").is_some_and(|v| {
            v.split_whitespace()
                .any(|t| t.eq_ignore_ascii_case("description"))
        }) || (vocab::is_dek(&dom.name_tokens(ix)) && under_headline(dom, ix))
    };
    smallest_match(dom, stats, dead, 1, first, roots, &|ix| {
        named(ix) || matches(ix)
    })
    // A header holds the headline and byline too: take the block inside it.
    .filter(|&b| dom.node(b).tag != Tag::Header)
    .map(Standfirst::Above)
}

/// How many levels up from a block named as a summary its headline may
/// be found: the dek and the `<h1>` share a header box, give or take a
/// wrapper each.
const DEK_HEADLINE_LEVELS: usize = 3;

/// True when an `<h1>` comes before `ix` inside one of its nearest
/// ancestors ([`DEK_HEADLINE_LEVELS`]): `ix` sits under the page's
/// headline, not in a card or a section further down.
fn under_headline(dom: &Dom<'_>, ix: Ix) -> bool {
    dom.ancestors(ix)
        .take(DEK_HEADLINE_LEVELS)
        .any(|a| (a..ix).any(|i| dom.node(i).tag == Tag::H(1)))
}

/// Where the standfirst was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standfirst {
    /// Above the content, left out of it: a root to add.
    Above(Ix),
    /// Inside the content: to keep when pruning removes what holds it.
    Inside(Ix),
}

/// The smallest block in `from..to` (outside navigation, asides, footers
/// and forms, holding no root) that `matches`, low in links and short.
fn smallest_match(
    dom: &Dom<'_>,
    stats: &[Stats],
    dead: &[bool],
    from: Ix,
    to: Ix,
    roots: &[Ix],
    matches: &dyn Fn(Ix) -> bool,
) -> Option<Ix> {
    let mut best: Option<Ix> = None;
    // The block last read, and whether it matched: a block inside it
    // reading the same text does the same.
    let mut last: Option<(Ix, bool)> = None;
    let mut i = from as usize;
    while i < to as usize {
        let node = &dom.nodes[i];
        let st = &stats[i];
        if dead[i]
            || matches!(node.tag, Tag::Nav | Tag::Aside | Tag::Footer | Tag::Form)
            || st.words == 0
        {
            i = node.end as usize;
            continue;
        }
        let holds_root = roots.iter().any(|&r| dom.contains(i as Ix, r));
        let block = matches!(
            node.tag,
            Tag::P | Tag::Div | Tag::Section | Tag::OtherBlock | Tag::Blockquote | Tag::Header
        );
        let read = |last: &mut Option<(Ix, bool)>| match *last {
            Some((p, hit)) if same_text(dom, stats, p, i as Ix) => hit,
            _ => {
                let hit = matches(i as Ix);
                *last = Some((i as Ix, hit));
                hit
            }
        };
        if !holds_root
            && block
            && st.words <= STANDFIRST_MAX_WORDS
            && st.link_density() < GOOD_BLOCK_MAX_LINK_DENSITY
            && read(&mut last)
        {
            // Nested matches come later in document order and are smaller.
            best = Some(i as Ix);
        }
        i += 1;
    }
    best
}

/// The leading part of a description that a standfirst must contain:
/// normalised, cut to [`STANDFIRST_KEY_CHARS`] at a word end; `None` when
/// too short to tell a summary from a tagline.
fn standfirst_key(description: &str) -> Option<String> {
    let norm = normalise(description);
    let mut key: String = norm.chars().take(STANDFIRST_KEY_CHARS).collect();
    if key.len() < norm.len() {
        // The description runs on (or was cut with an ellipsis): end the
        // key on a whole word, unless the script has no spaces.
        if let Some(sp) = key.rfind(' ') {
            key.truncate(sp);
        }
    }
    (key.chars().count() >= STANDFIRST_MIN_KEY_CHARS).then_some(key)
}

/// Lower-cased letters and digits, every other run of characters one space:
/// punctuation, quotes and markup spacing differ between a description and
/// the page's text.
fn normalise(text: &str) -> String {
    normalise_prefix(text, usize::MAX)
}

/// [`normalise`] of as much of `text` as makes `chars` characters of it
/// or more: the same characters as the whole's normalised start.
fn normalise_prefix(text: &str, chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(chars.saturating_mul(4)));
    let mut made = 0;
    for c in text.chars() {
        if made >= chars {
            break;
        }
        // ASCII (most of it) without the Unicode tables.
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            made += 1;
        } else if !c.is_ascii() && c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                out.push(lower);
                made += 1;
            }
        } else if !out.ends_with(' ') {
            // A space opening the text is trimmed: it makes nothing.
            made += usize::from(!out.is_empty());
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// Adds the scored block's lead (see [`Located::lead`]) to its roots.
fn take_lead(located: &mut Located) {
    if !located.lead.is_empty() {
        located.roots.append(&mut located.lead);
        located.roots.sort_unstable();
        located.how.push_str(" with its lead");
    }
}

/// A category page introduces its products in a paragraph or two above the
/// grid. Adds such prose blocks found before the content (and outside page
/// chrome) as further roots, in document order.
fn add_intro(dom: &Dom<'_>, stats: &[Stats], dead: &[bool], chrome: &[bool], best: &mut Located) {
    const MIN_WORDS: u32 = 20;
    const MAX_LINK_DENSITY: f32 = 0.2;
    let mut extra = Vec::new();
    let first = best.roots.iter().copied().min().unwrap_or(0);
    let mut i = 1;
    while i < first as usize {
        let node = &dom.nodes[i];
        // `dead` holds the nodes hidden in this attempt.
        if dead[i] || chrome[i] || best.roots.contains(&(i as Ix)) {
            i = node.end as usize;
            continue;
        }
        if best.roots.iter().any(|&r| dom.contains(i as Ix, r)) {
            i += 1;
            continue;
        }
        let st = &stats[i];
        let prose = match node.tag {
            Tag::P => st.chars,
            Tag::Div | Tag::Section | Tag::OtherBlock => st.own_chars,
            _ => 0,
        };
        if prose > 0 && st.words >= MIN_WORDS && st.link_density() < MAX_LINK_DENSITY {
            extra.push(i as Ix);
            i = node.end as usize;
            continue;
        }
        i += 1;
    }
    if !extra.is_empty() {
        best.roots.extend(extra);
        best.roots.sort_unstable();
        best.how.push_str(" with the category intro");
    }
}

/// The element holding the largest run of look-alike children (same tag
/// and class, at least four, a few words each), outside page chrome.
fn item_group(dom: &Dom<'_>, stats: &[Stats], dead: &[bool], chrome: &[bool]) -> Option<Ix> {
    const MIN_ITEMS: u32 = 4;
    const MIN_WORDS_PER_ITEM: u32 = 3;
    let mut best: Option<(Ix, u32)> = None;
    let mut groups = Vec::new();
    for p in 1..dom.len() {
        if dead[p]
            || chrome[p]
            || dom.nodes[p].tag == Tag::Text
            || stats[p].words < MIN_ITEMS * MIN_WORDS_PER_ITEM
        {
            continue;
        }
        child_groups(dom, stats, p as Ix, MIN_WORDS_PER_ITEM, dead, &mut groups);
        for g in &groups {
            if g.count >= MIN_ITEMS && best.is_none_or(|(_, w)| g.words > w) {
                best = Some((p as Ix, g.words));
            }
        }
    }
    best.map(|(p, _)| p)
}

/// On a collection URL, the item group is taken when it holds at least this
/// share of the words of the block found otherwise.
const COLLECTION_ITEMS_SHARE: f32 = 0.5;

/// How much more readable text the section aggregate must hold to be taken.
const AGGREGATE_GAIN: f32 = 1.5;

/// A block that reads as text: paragraph-level, low in links.
fn is_good_block(dom: &Dom<'_>, stats: &[Stats], i: usize) -> bool {
    let st = &stats[i];
    let text_chars = match dom.nodes[i].tag {
        Tag::P | Tag::H(_) | Tag::Li | Tag::Td | Tag::Dd | Tag::Dt | Tag::Blockquote | Tag::Pre => {
            st.chars
        }
        Tag::Div | Tag::Section | Tag::Article | Tag::OtherBlock | Tag::Span => st.own_chars,
        _ => return false,
    };
    text_chars >= GOOD_BLOCK_MIN_CHARS && st.link_density() < GOOD_BLOCK_MAX_LINK_DENSITY
}

/// Words of good blocks under `root` (outside chrome).
fn good_words(dom: &Dom<'_>, stats: &[Stats], dead: &[bool], chrome: &[bool], root: Ix) -> u32 {
    let mut words = 0;
    let mut i = root as usize;
    let end = dom.node(root).end as usize;
    while i < end {
        if dead[i] || chrome[i] {
            i = dom.nodes[i].end as usize;
            continue;
        }
        if is_good_block(dom, stats, i) {
            words += stats[i].words;
            i = dom.nodes[i].end as usize;
            continue;
        }
        i += 1;
    }
    words
}

/// The smallest element holding most of the page's good-block words, and
/// those words.
fn aggregate(
    dom: &Dom<'_>,
    stats: &[Stats],
    dead: &[bool],
    chrome: &[bool],
) -> Option<(Located, u32)> {
    let n = dom.len();
    let mut acc = vec![0u32; n];
    let mut i = 1;
    while i < n {
        if dead[i] || chrome[i] {
            i = dom.nodes[i].end as usize;
            continue;
        }
        if is_good_block(dom, stats, i) {
            let w = stats[i].words;
            acc[i] += w;
            for a in dom.ancestors(i as Ix) {
                acc[a as usize] += w;
            }
            i = dom.nodes[i].end as usize;
            continue;
        }
        i += 1;
    }
    let total = acc[0];
    if total == 0 {
        return None;
    }
    let mut cur: Ix = 0;
    loop {
        let next = dom
            .children(cur)
            .find(|&c| acc[c as usize] as f32 >= AGGREGATE_SHARE * total as f32);
        match next {
            Some(c) if dom.node(c).tag != Tag::Text => cur = c,
            _ => break,
        }
    }
    (cur != 0).then(|| {
        (
            Located {
                roots: vec![cur],
                how: "section aggregate".into(),
                lead: Vec::new(),
                standfirst: None,
                sections: false,
            },
            acc[cur as usize],
        )
    })
}

/// The fewest headings outside the scored block that make the rest of
/// the main column a run of sections: one heading ("House rules",
/// "Related") heads a box, several head a landing page's parts.
const SECTIONS_MIN_HEADINGS: u32 = 4;

/// The most link text the sections outside the scored block may hold; more
/// is a menu or a list of teasers around a short story.
const SECTIONS_MAX_LINK_DENSITY: f32 = 0.45;

/// On a page that may be in sections (see [`Policy::maybe_sections`]): the
/// section aggregate instead of the scored block `chosen`, when it holds
/// clearly more readable words ([`AGGREGATE_GAIN`]) and what it adds is
/// prose under several headings (a story's one extra box, or the menu and
/// teasers around it, is not). One walk over the aggregate.
fn sections_instead(
    dom: &Dom<'_>,
    stats: &[Stats],
    dead: &[bool],
    chrome: &[bool],
    chosen: &Located,
) -> Option<Located> {
    let (agg, agg_words) = aggregate(dom, stats, dead, chrome)?;
    let chosen_words: u32 = chosen
        .roots
        .iter()
        .map(|&r| good_words(dom, stats, dead, chrome, r))
        .sum();
    if (agg_words as f32) < AGGREGATE_GAIN * chosen_words as f32 {
        return None;
    }
    let root = agg.roots[0];
    let (mut chars, mut links) = (stats[root as usize].chars, stats[root as usize].link_chars);
    for &r in chosen.roots.iter().filter(|&&r| dom.contains(root, r)) {
        chars = chars.saturating_sub(stats[r as usize].chars);
        links = links.saturating_sub(stats[r as usize].link_chars);
    }
    if chars == 0 || links as f32 > SECTIONS_MAX_LINK_DENSITY * chars as f32 {
        return None;
    }
    let mut headings = 0;
    let mut i = root + 1;
    while i < dom.node(root).end {
        let node = dom.node(i);
        if dead[i as usize] || chrome[i as usize] || chosen.roots.contains(&i) {
            i = node.end;
            continue;
        }
        if matches!(node.tag, Tag::H(2..=6)) && stats[i as usize].words > 0 {
            headings += 1;
        }
        i += 1;
    }
    (headings >= SECTIONS_MIN_HEADINGS).then(|| Located {
        how: "section aggregate (an article by og:type alone, in sections)".into(),
        sections: true,
        ..agg
    })
}

/// Share of the page's good-block words the aggregate must hold.
const AGGREGATE_SHARE: f32 = 0.85;

/// The better of generic scoring and the page's own markers.
fn choose(
    dom: &Dom<'_>,
    stats: &[Stats],
    dead: &[bool],
    chrome: &[bool],
    repeat_levels: usize,
) -> Located {
    let generic = score(dom, stats, dead, chrome, repeat_levels);
    let semantic = semantic(dom, stats, dead);
    tracing::debug!(generic = ?generic.as_ref().map(|g| describe(dom, &g.roots)), semantic = ?semantic.as_ref().map(|s| (describe(dom, &s.0.roots), s.1)), "candidates");
    let words = |roots: &[Ix]| roots.iter().map(|&r| stats[r as usize].words).sum::<u32>() as f32;
    match (generic, semantic) {
        (None, None) => Located {
            roots: vec![0],
            how: "whole page (nothing scored)".into(),
            lead: Vec::new(),
            standfirst: None,
            sections: false,
        },
        (Some(g), None) => g,
        (None, Some((s, _))) => s,
        (Some(g), Some((s, level))) => {
            let gw = words(&g.roots);
            let sw = words(&s.roots);
            tracing::trace!(gw, sw, "candidate words");
            let s_root = s.roots[0];
            let g_top = g.roots[0];
            if dom.contains(s_root, g_top) {
                // The marker is broader than the scored block.
                if level <= 1 || gw < MARKER_BROADER_MIN_SHARE * sw {
                    s
                } else {
                    g
                }
            } else if dom.contains(g_top, s_root)
                || g.roots.iter().any(|&r| dom.contains(r, s_root))
            {
                // The marker is narrower: trust it when it holds enough.
                let need = if level <= 1 {
                    MARKER_NARROWER_MIN_SHARE_H1
                } else {
                    MARKER_NARROWER_MIN_SHARE
                };
                if sw >= need * gw {
                    s
                } else {
                    g
                }
            } else {
                let good = |roots: &[Ix]| {
                    roots
                        .iter()
                        .map(|&r| {
                            let st = &stats[r as usize];
                            st.chars as f32 * (1.0 - st.link_density())
                        })
                        .sum::<f32>()
                };
                if good(&s.roots) >= good(&g.roots) {
                    s
                } else {
                    g
                }
            }
        }
    }
}

/// True when `ix` is a dialog (`role=dialog` or `alertdialog`): a consent
/// box, a sign-up, login or quick-view overlay laid over the page, never
/// its content (the `<dialog>` element is left out of the DOM altogether).
pub fn is_dialog(dom: &Dom<'_>, ix: Ix) -> bool {
    let node = dom.node(ix);
    node.tag.is_block() && node.dialog
}

/// Marks nodes inside page chrome (nav, header, footer, aside, dialogs),
/// whose text is not scored.
fn chrome_flags(dom: &Dom<'_>) -> Vec<bool> {
    let mut chrome = vec![false; dom.len()];
    for i in 1..dom.len() {
        let n = &dom.nodes[i];
        chrome[i] = chrome[n.parent as usize]
            || matches!(n.tag, Tag::Nav | Tag::Aside | Tag::Footer)
            || is_dialog(dom, i as Ix)
            || (n.tag == Tag::Header
                && !dom
                    .ancestors(i as Ix)
                    .any(|a| matches!(dom.node(a).tag, Tag::Article | Tag::Main)));
    }
    chrome
}

fn base_score(dom: &Dom<'_>, ix: Ix) -> f32 {
    let tag = match dom.node(ix).tag {
        Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => {
            -3.0
        }
        Tag::H(_) | Tag::Th => -5.0,
        _ => 0.0,
    };
    tag + vocab::class_weight(&dom.name_tokens(ix))
}

/// The least words, and the most link text, of a sibling above the scored
/// block that counts as its lead (see [`Located::lead`]).
const LEAD_MIN_WORDS: u32 = 10;
const LEAD_MAX_LINK_DENSITY: f32 = 0.35;
/// A lead reads as prose: it holds a paragraph, or this much text of its own
/// (a product grid above the scored block does neither).
const LEAD_MIN_PROSE_CHARS: u32 = 40;

/// How many levels above the content a hero is sought: a landing page's
/// hero (its headline and what the page offers) sits in a section of its
/// own, some wrappers away from the body it introduces.
const HERO_LEVELS: usize = 12;

/// A hero is an introduction, not a second body: it holds at most this
/// many words.
const HERO_MAX_WORDS: u32 = 150;

/// Adds the page's hero to content found below it: a block before the
/// content's first root (among the siblings of the root or of one of its
/// ancestors, up to [`HERO_LEVELS`] and never beyond the page's `<main>`
/// or `<article>`) that reads as a hero (see [`is_hero`]) and is short
/// ([`HERO_MAX_WORDS`]).
fn add_hero(
    dom: &Dom<'_>,
    stats: &[Stats],
    dead: &[bool],
    chrome: &[bool],
    policy: Policy,
    best: &mut Located,
) {
    let Some(&first) = best.roots.iter().min() else {
        return;
    };
    let mut found = Vec::new();
    let mut cur = first;
    for _ in 0..HERO_LEVELS {
        if matches!(
            dom.node(cur).tag,
            Tag::Main | Tag::Article | Tag::Body | Tag::Html
        ) {
            break;
        }
        let up = dom.node(cur).parent;
        if up == NONE || up == 0 {
            break;
        }
        found.extend(dom.children(up).take_while(|&s| s < cur).filter(|&s| {
            !best.roots.contains(&s)
                && stats[s as usize].words <= HERO_MAX_WORDS
                && is_hero(dom, stats, dead, chrome, policy, s)
        }));
        cur = up;
    }
    if !found.is_empty() {
        best.roots.extend(found);
        best.roots.sort_unstable();
        best.how.push_str(" with the hero above it");
    }
}

/// True when `s` reads as a page's hero: it holds the headline (`<h1>`)
/// and a sentence of prose under it, with few links, outside page chrome
/// (a `<header>` inside `<main>` is not chrome: it is the hero's usual box)
/// and not named for boilerplate (a newsletter box with a headline).
fn is_hero(
    dom: &Dom<'_>,
    stats: &[Stats],
    dead: &[bool],
    chrome: &[bool],
    policy: Policy,
    s: Ix,
) -> bool {
    let st = &stats[s as usize];
    let end = dom.node(s).end;
    !dead[s as usize]
        && !vocab::is_boilerplate(&dom.name_tokens(s), false, policy.banner_is_content)
        && !chrome[s as usize]
        && dom.node(s).tag != Tag::Text
        && dom.node(s).tag != Tag::Form
        && st.words >= LEAD_MIN_WORDS
        && st.link_density() < LEAD_MAX_LINK_DENSITY
        && (s..end).any(|i| dom.node(i).tag == Tag::H(1) && !dead[i as usize])
        && (st.paras > 0 || holds_prose_run(dom, stats, s, |i| dead[i as usize]))
}

/// Readability-style scoring; `None` when no paragraph scores.
fn score(
    dom: &Dom<'_>,
    stats: &[Stats],
    dead: &[bool],
    chrome: &[bool],
    repeat_levels: usize,
) -> Option<Located> {
    let n = dom.len();
    let mut scores = vec![f32::NAN; n];
    let mut candidates: Vec<Ix> = Vec::new();
    for i in 1..n {
        if dead[i] || chrome[i] {
            continue;
        }
        let node = &dom.nodes[i];
        let chars = match node.tag {
            Tag::P | Tag::Pre | Tag::Td | Tag::Blockquote | Tag::Dd => stats[i].chars,
            Tag::Div | Tag::Section | Tag::Article | Tag::OtherBlock | Tag::Li => {
                stats[i].own_chars
            }
            _ => continue,
        };
        if chars < SCORED_MIN_CHARS {
            continue;
        }
        let st = &stats[i];
        let unit = (1.0
            + st.commas.min(SCORED_MAX_COMMAS) as f32
            + (chars as f32 / 100.0).min(SCORED_MAX_LENGTH_POINTS))
            * (1.0 - st.link_density());
        // Direct-text containers score themselves too.
        let mut targets: Vec<(Ix, f32)> = Vec::new();
        if matches!(
            node.tag,
            Tag::Div | Tag::Section | Tag::Article | Tag::OtherBlock
        ) {
            targets.push((i as Ix, 1.0));
        }
        let mut level = 0;
        let mut a = node.parent;
        while a != NONE && a != 0 && level < SCORED_ANCESTORS {
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            targets.push((a, div));
            level += 1;
            a = dom.node(a).parent;
        }
        for (t, div) in targets {
            let s = &mut scores[t as usize];
            if s.is_nan() {
                *s = base_score(dom, t);
                candidates.push(t);
            }
            *s += unit / div;
        }
    }
    if candidates.is_empty() {
        return None;
    }
    let final_score = |ix: Ix| scores[ix as usize] * (1.0 - stats[ix as usize].link_density());
    candidates.sort_by(|&a, &b| final_score(b).total_cmp(&final_score(a)));
    let mut top = candidates[0];
    let top_score = final_score(top);
    // Promote to a common ancestor when several near-equal candidates sit apart.
    let alternatives: Vec<Ix> = candidates[1..candidates.len().min(5)]
        .iter()
        .copied()
        .filter(|&c| {
            final_score(c) >= NEAR_TIE * top_score && !dom.contains(c, top) && !dom.contains(top, c)
        })
        .collect();
    if alternatives.len() >= 3 {
        for a in dom.ancestors(top) {
            if a == 0 || matches!(dom.node(a).tag, Tag::Body | Tag::Html) {
                break;
            }
            if alternatives.iter().filter(|&&c| dom.contains(a, c)).count() >= 3 {
                top = a;
                break;
            }
        }
    }
    // The top block, or one of its near ancestors (a quote inside a post
    // sits inside the post), may be one of several look-alikes.
    let near: Vec<Ix> = std::iter::once(top)
        .chain(dom.ancestors(top).take(repeat_levels))
        .take_while(|&a| a != 0 && !matches!(dom.node(a).tag, Tag::Body | Tag::Html))
        .collect();
    if let Some(lca) = repeated_items(dom, stats, dead, &near) {
        top = lca;
    }
    // A top candidate that is its parent's only content child stands for the parent.
    loop {
        let p = dom.node(top).parent;
        if p == NONE || p == 0 || matches!(dom.node(p).tag, Tag::Body | Tag::Html) {
            break;
        }
        if stats[p as usize].chars > stats[top as usize].chars + ONLY_CHILD_SLACK_CHARS {
            break;
        }
        top = p;
    }
    // Merge siblings that score well or read like paragraphs.
    let threshold = (SIBLING_MIN_SHARE_OF_TOP * final_score(top)).max(SIBLING_MIN_SCORE);
    let parent = dom.node(top).parent;
    let (mut roots, mut lead) = (Vec::new(), Vec::new());
    if parent == NONE {
        roots.push(top);
    } else {
        let top_class = dom.class_no(top);
        for s in dom.children(parent) {
            if s == top {
                roots.push(s);
                continue;
            }
            if dead[s as usize] || dom.node(s).tag == Tag::Text {
                continue;
            }
            let st = &stats[s as usize];
            let mut sscore = if scores[s as usize].is_nan() {
                0.0
            } else {
                final_score(s)
            };
            if top_class != super::dom::NO_CLASS && dom.class_no(s) == top_class {
                sscore += SAME_CLASS_BONUS * final_score(top);
            }
            let ld = st.link_density();
            let keep = sscore >= threshold
                || (dom.node(s).tag == Tag::P
                    && ((st.chars > PROSE_SIBLING_MIN_CHARS
                        && ld < PROSE_SIBLING_MAX_LINK_DENSITY)
                        || (st.chars > 0
                            && ld == 0.0
                            && dom.text_of(s, dead, 400, Show::All).ends_with('.'))));
            if keep {
                roots.push(s);
            } else if s < top
                && st.words >= LEAD_MIN_WORDS
                && ld < LEAD_MAX_LINK_DENSITY
                && (st.paras > 0 || st.own_chars >= LEAD_MIN_PROSE_CHARS)
                && !chrome[s as usize]
                && !matches!(dom.node(s).tag, Tag::Header | Tag::Form)
            {
                lead.push(s);
            }
        }
    }
    Some(Located {
        how: format!(
            "generic scoring ({} block{})",
            roots.len(),
            if roots.len() == 1 { "" } else { "s" }
        ),
        roots,
        lead,
        standfirst: None,
        sections: false,
    })
}

/// The page's own markers, most specific first; returns the located content
/// and its level (0: itemprop, 1: body classes, 2: `<article>`, 3: `<main>`).
fn semantic(dom: &Dom<'_>, stats: &[Stats], dead: &[bool]) -> Option<(Located, u8)> {
    const MIN_WORDS: u32 = 30;
    let live = |i: usize| !dead[i] && stats[i].words >= MIN_WORDS;
    let find = |pred: &dyn Fn(Ix) -> bool| {
        (1..dom.len())
            .find(|&i| live(i) && pred(i as Ix))
            .map(|i| i as Ix)
    };
    let levels: [(&str, &dyn Fn(Ix) -> bool); 4] = [
        ("itemprop=articleBody", &|i| {
            dom.attr(i, "itemprop")
                .is_some_and(|v| v.split_whitespace().any(|t| t == "articleBody"))
        }),
        ("article body class", &|i| {
            dom.node(i).class.split_whitespace().any(|t| {
                vocab::BODY_CLASSES
                    .iter()
                    .any(|b| t.eq_ignore_ascii_case(b))
            })
        }),
        ("<article>", &|i| dom.node(i).tag == Tag::Article),
        ("<main>", &|i| {
            dom.node(i).tag == Tag::Main || dom.attr(i, "role") == Some("main")
        }),
    ];
    for (level, (how, pred)) in levels.iter().enumerate() {
        if level == 2 {
            // Many <article>s make a listing, not an article.
            let articles = (1..dom.len())
                .filter(|&i| live(i) && dom.nodes[i].tag == Tag::Article)
                .count();
            if articles > 2 {
                continue;
            }
        }
        if let Some(ix) = find(pred) {
            return Some((
                Located {
                    roots: vec![ix],
                    how: format!("page marker {how}"),
                    lead: Vec::new(),
                    standfirst: None,
                    sections: false,
                },
                level as u8,
            ));
        }
    }
    None
}

/// A short description of nodes for debug logs: `tag#id.class`.
fn describe(dom: &Dom<'_>, roots: &[Ix]) -> String {
    roots
        .iter()
        .map(|&r| {
            let (id, class) = dom.id_class(r);
            let name = dom.element(r).map_or("#root", |e| e.name());
            format!(
                "{r}:{name}#{id}.{}",
                class
                    .split_whitespace()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(".")
            )
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// How far above the top candidate to look for look-alike blocks (not on
/// articles).
const REPEAT_LEVELS: usize = 4;

/// When the top candidate is one of several look-alike blocks (same tag and
/// class: forum posts, answers, listing cards), the content is all of them:
/// returns their nearest common ancestor, if the items make up most of it.
fn repeated_items(dom: &Dom<'_>, stats: &[Stats], dead: &[bool], near: &[Ix]) -> Option<Ix> {
    const MIN_CHARS: u32 = 50;
    // Classes by their number on the page (see `Dom::class_no`).
    let keys: Vec<(Tag, u32)> = near
        .iter()
        .map(|&c| (dom.node(c).tag, dom.class_no(c)))
        .collect();
    // One pass for all candidates. Nested look-alikes (quotes inside posts)
    // count once, by the outer one; in document order an item inside
    // another comes right after it, so the last outer one is all to check.
    let mut outer: Vec<Vec<Ix>> = vec![Vec::new(); near.len()];
    for i in 1..dom.len() {
        let n = &dom.nodes[i];
        if n.tag == Tag::Text || dead[i] || stats[i].chars < MIN_CHARS {
            continue;
        }
        let class = dom.class_no(i as Ix);
        for (list, key) in outer.iter_mut().zip(&keys) {
            if key.0 == n.tag
                && key.1 == class
                && list.last().is_none_or(|&l| !dom.contains(l, i as Ix))
            {
                list.push(i as Ix);
            }
        }
    }
    keys.iter().zip(&outer).find_map(|(&(tag, class), items)| {
        if items.len() < 3 || (class == super::dom::NO_CLASS && tag == Tag::Div) {
            return None;
        }
        let mut lca = items[0];
        for &i in &items[1..] {
            while !dom.contains(lca, i) {
                lca = dom.node(lca).parent;
                if lca == NONE {
                    return None;
                }
            }
        }
        let covered: u32 = items.iter().map(|&i| stats[i as usize].chars).sum();
        (lca != 0
            && !matches!(dom.node(lca).tag, Tag::Body | Tag::Html)
            && covered * 2 >= stats[lca as usize].chars)
            .then_some(lca)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::classify::PageType;
    use crate::extract::meta::PageMeta;

    /// The text of the roots `locate` finds in `html`, read as an article.
    fn located_text(html: &str) -> String {
        located_text_as(html, PageType::Article)
    }

    /// The text of the roots `locate` finds in `html`, read as a `kind` page.
    fn located_text_as(html: &str, kind: PageType) -> String {
        let tree = crate::extract::tree::parse(html);
        let dom = Dom::build(&tree);
        let removed = vec![false; dom.len()];
        let stats = super::super::stats::compute(&dom, &removed, Show::Visible);
        let dead = super::super::clean::dead(&dom, &removed, Show::Visible);
        let policy = Policy::for_page(&PageMeta::default(), kind, false);
        let located = locate(&dom, &stats, &dead, policy);
        located
            .roots
            .iter()
            .map(|&r| dom.text_of(r, &dead, 100_000, Show::Visible))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn paragraphs(topic: &str, n: usize) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "<p>Part {i} of the {topic} says what the testers measured, how the \
                     models compared on the trail, and which of them they would buy again.</p>"
                )
            })
            .collect()
    }

    #[test]
    fn a_split_body_joins_its_parts_when_the_scored_block_is_a_classless_wrapper() {
        // The intro and the body are each `div.text`, the body inside a
        // wrapper with no class of its own, which scoring stands for it.
        let html = format!(
            "<html><body><nav><a href=\"/\">Home</a> <a href=\"/r\">Reviews</a></nav>\
             <div id=\"main\"><div class=\"byline\">By A. Tester</div>\
             <div class=\"summary\"><div class=\"text\">{}</div></div>\
             <div class=\"toc\"><a href=\"#a\">Best overall</a></div>\
             <div><div class=\"text\">{}</div></div></div>\
             <footer><p>About us and our contact page.</p></footer></body></html>",
            paragraphs("intro", 2),
            paragraphs("review", 40)
        );
        let text = located_text(&html);
        assert!(text.contains("Part 1 of the intro"), "{text}");
        assert!(text.contains("Part 39 of the review"), "{text}");
        assert!(!text.contains("About us"), "{text}");
    }

    #[test]
    fn a_landing_pages_hero_above_the_body_is_content() {
        // The hero (headline and what the page offers) sits in a section of
        // its own inside `<main>`, wrappers away from the scored body.
        let page = |hero: &str| {
            format!(
                "<html><body><nav><a href=\"/\">Home</a> <a href=\"/p\">Pricing</a></nav><main>\
                 <div class=\"promo\"><p>Spring offer: a free month of storage when you book \
                 a move before the end of May this year.</p></div>{hero}\
                 <section class=\"grid\"><div class=\"row\"><div class=\"col\">\
                 <div class=\"text\">{}</div></div><div class=\"col\">\
                 <a href=\"/quote\">Get a quote for your move today</a></div></div></section></main>\
                 <footer><p>About us and our contact page.</p></footer></body></html>",
                paragraphs("moving plan", 12)
            )
        };
        let hero = |class: &str| {
            format!(
                "<section class=\"{class}\"><div class=\"inner\"><h1>Movers for every home</h1>\
                 <div class=\"lede\"><p>Book local movers in minutes, with a fixed price \
                 agreed before the truck arrives.</p></div></div></section>"
            )
        };
        let text = located_text_as(&page(&hero("intro")), PageType::Service);
        assert!(text.contains("Movers for every home"), "{text}");
        assert!(text.contains("fixed price agreed"), "{text}");
        assert!(text.contains("Part 11 of the moving plan"), "{text}");
        // A block without a headline is not the hero, and neither is one
        // named for boilerplate.
        assert!(!text.contains("Spring offer"), "{text}");
        let named = located_text_as(&page(&hero("newsletter")), PageType::Service);
        assert!(!named.contains("fixed price agreed"), "{named}");
        // A story's text is its body.
        let story = located_text_as(&page(&hero("intro")), PageType::Article);
        assert!(!story.contains("fixed price agreed"), "{story}");
    }

    #[test]
    fn a_standfirst_key_is_the_descriptions_opening_in_whole_words() {
        assert_eq!(
            normalise("„Die Türen“ – öffnen, sagt sie…"),
            "die türen öffnen sagt sie"
        );
        // A normalised start is the whole's, and long enough to hold what
        // is sought in it.
        for text in [
            "",
            "  ...  Plain words, then more; and more",
            "„Die Türen“ – öffnen, sagt sie… \u{130}stanbul, KELVIN \u{212A}",
            "a,,,,,,,,,,,,,,,,,b c d e f g h",
        ] {
            let whole = normalise(text);
            for n in 0..whole.chars().count() + 2 {
                let start = normalise_prefix(text, n);
                assert!(whole.starts_with(&start), "{text:?} {n}: {start:?}");
                let need = n.min(whole.chars().count());
                assert!(start.chars().count() + 1 >= need, "{text:?} {n}: {start:?}");
            }
        }
        let long = "The river rose over the old walls on Tuesday night, and the town spent the \
                    next three days moving sandbags, furniture and livestock to higher ground.";
        let key = standfirst_key(long).expect("long enough");
        assert!(key.len() <= STANDFIRST_KEY_CHARS, "{key}");
        assert!(
            long.to_lowercase().replace(',', "").starts_with(&key),
            "{key}"
        );
        assert!(key.ends_with("spent the next"), "cut at a word end: {key}");
        // A tagline is too short to point at one block.
        assert_eq!(standfirst_key("News from the valley."), None);
        // Scripts without spaces keep their characters.
        assert_eq!(
            standfirst_key("川の水位が火曜日の夜に古い城壁を越え、町は三日間かけて土のうと家具を高台に運んだ。")
                .map(|k| k.chars().count()),
            Some(40)
        );
    }
}
