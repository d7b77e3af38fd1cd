//! From one page's bytes to an [`Article`]: decode -> parse -> clean ->
//! locate -> prune -> render. [`Extractor`] holds the compiled rules and is
//! shared by every thread; each call works on its own page.

mod classify;
mod clean;
pub(crate) mod dom;
mod guard;
mod lex;
mod lexicon;
mod locate;
mod meta;
mod policy;
mod prune;
mod render;
mod shop;
mod stats;
pub mod tree;
pub(crate) mod vocab;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use thiserror::Error;
use url::Url;

use crate::article::{Article, Block, BlockKind};
use crate::decode::DecodeError;
use crate::rules::{Applied, RuleSet, TextIndex};
use crate::text;

use dom::{Dom, Show};
pub use lexicon::Furniture;
use locate::Located;
use policy::Policy;
pub use prune::Cut;

/// One page to extract: its bytes and what is known about where it came from.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    /// The raw body (any charset, possibly gzip-compressed).
    pub bytes: &'a [u8],
    /// Where the page lives; chooses the site rules. When `None`, the page's
    /// canonical URL is used.
    pub url: Option<&'a Url>,
    /// The HTTP `Content-Type`, whose charset wins over the page's own.
    pub content_type: Option<&'a str>,
    /// The HTTP `Content-Language` header: the article's language when the
    /// page itself declares none (`<html lang>`, a `content-language` meta).
    pub content_language: Option<&'a str>,
}

impl<'a> Page<'a> {
    /// A page from bytes alone.
    pub fn new(bytes: &'a [u8]) -> Self {
        Page {
            bytes,
            url: None,
            content_type: None,
            content_language: None,
        }
    }
}

/// Why a page yielded no article.
#[derive(Debug, Error)]
pub enum ExtractError {
    /// The bytes are not usable text.
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

/// What the rules did to a page, for `thresh rules explain`.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The rule files that applied.
    pub applied: Vec<String>,
    /// How the article root was found.
    pub root: String,
    /// Each rule that removed something, with what it removed.
    pub removals: Vec<Removal>,
    /// Why the article came out empty, when it did although the page
    /// could be read (so the CLI can say so instead of printing nothing).
    pub empty: Option<EmptyReason>,
    /// Each way of reading the content that was tried, in order.
    pub attempts: Vec<Tried>,
}

/// One way of reading a page's content that was tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tried {
    /// Which.
    pub attempt: Attempt,
    /// Words it found.
    pub words: usize,
    /// Whether its result was taken over the one before.
    pub chosen: bool,
}

/// The ways of reading a page's content, in the order they are tried: every
/// page is read [`Attempt::AsIs`]; each fallback runs only when what was
/// found so far looks wrong in a way it can fix, and is taken by the one
/// rule of [`Attempt::prefer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Locate, prune and render with the page's rules.
    AsIs,
    /// Drop rules left next to nothing of the article: the drops that cut
    /// into the content found without them are undone.
    UndoDrops,
    /// Next to nothing is visible: hidden nodes count too (content a script
    /// would show).
    RevealHidden,
    /// The page's JSON-LD `articleBody` holds more than twice the words
    /// found: it is the text.
    LdBody,
}

impl Attempt {
    /// Every attempt, in the order they run.
    const ALL: [Attempt; 4] = [
        Attempt::AsIs,
        Attempt::UndoDrops,
        Attempt::RevealHidden,
        Attempt::LdBody,
    ];

    /// How `rules explain` names it.
    pub fn describe(self) -> &'static str {
        match self {
            Attempt::AsIs => "as is",
            Attempt::UndoDrops => "drop rules that left next to nothing undone",
            Attempt::RevealHidden => "hidden content revealed",
            Attempt::LdBody => "replaced by the JSON-LD articleBody",
        }
    }

    /// Runs the attempt when `found` calls for it; `None` when it does not.
    fn run(
        self,
        page: &PageContext<'_, '_>,
        found: &Found,
        dropped: &[clean::Dropped],
        removed: &[bool],
    ) -> Option<Found> {
        let PageContext {
            dom,
            applied,
            policy,
            ld_body,
            descriptions,
        } = *page;
        match self {
            Attempt::AsIs => Some(content(
                dom,
                applied,
                descriptions,
                &mut removed.to_vec(),
                policy,
            )),
            Attempt::UndoDrops => {
                if found.words >= REVEAL_BELOW_WORDS || dropped.is_empty() {
                    return None;
                }
                // Find the rules that cut into the content found without
                // them: those are undone, on a copy until the attempt is
                // taken.
                let bare = vec![false; dom.len()];
                let (_, located) = locate_content(dom, applied, descriptions, &bare, policy);
                let mut kept = removed.to_vec();
                let mut undo = Vec::new();
                for (k, d) in dropped.iter().enumerate() {
                    let cuts = d.nodes.iter().any(|&n| {
                        located
                            .roots
                            .iter()
                            .any(|&r| dom.contains(n, r) || dom.contains(r, n))
                    });
                    if cuts {
                        undo.push(k);
                        for &n in &d.nodes {
                            kept[n as usize] = false;
                        }
                    }
                }
                if undo.is_empty() {
                    return None;
                }
                let mut found = content(dom, applied, descriptions, &mut kept, policy);
                found.undo = undo;
                Some(found)
            }
            Attempt::RevealHidden => {
                if found.words >= REVEAL_BELOW_WORDS {
                    return None;
                }
                let all = Policy {
                    show: Show::All,
                    ..policy
                };
                Some(content(
                    dom,
                    applied,
                    descriptions,
                    &mut removed.to_vec(),
                    all,
                ))
            }
            Attempt::LdBody => {
                let body = ld_body?;
                let ld_words = text::word_count(body);
                if ld_words < LD_BODY_MIN_WORDS || found.words * 2 >= ld_words {
                    return None;
                }
                let blocks: Vec<Block> = body
                    .split('\n')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| {
                        Block::plain(
                            BlockKind::Paragraph,
                            p.split_whitespace().collect::<Vec<_>>().join(" "),
                        )
                    })
                    .collect();
                Some(Found {
                    words: word_count(&blocks),
                    blocks,
                    ..Found::default()
                })
            }
        }
    }

    /// Whether `candidate`, this attempt's result, replaces `found`.
    fn prefer(self, found: &Found, candidate: &Found) -> bool {
        match self {
            Attempt::AsIs | Attempt::LdBody => true,
            // Drops that left nothing are undone outright; drops that left
            // a line or two (a rule written for another layout of the site,
            // dropping what is now the article's wrapper) only when undoing
            // them finds clearly more.
            Attempt::UndoDrops => found.words == 0 || clearly_more(found, candidate),
            Attempt::RevealHidden => clearly_more(found, candidate),
        }
    }
}

/// At least twice the words, and twice half of [`REVEAL_BELOW_WORDS`]: a
/// fallback must find clearly more, as hidden menus and dialogs, and the
/// parts of a page drop rules were written to remove, are text too.
fn clearly_more(found: &Found, candidate: &Found) -> bool {
    candidate.words >= 2 * found.words.max(REVEAL_BELOW_WORDS / 2)
}

/// What every attempt reads of one page.
#[derive(Clone, Copy)]
struct PageContext<'a, 'd> {
    dom: &'a Dom<'d>,
    applied: &'a Applied<'a>,
    policy: Policy,
    ld_body: Option<&'a str>,
    descriptions: &'a [String],
}

/// Why extraction gave up on a page's text and returned no content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyReason {
    /// Fewer words of content than the least an article can have: a page
    /// a script would fill, a bot wall, an empty page.
    TooFewWords {
        /// Words found.
        words: usize,
        /// The least kept.
        min: usize,
    },
    /// A product page whose only text is a few links (its menu or footer):
    /// a shell whose product a script would have filled in.
    ScriptShell {
        /// Words found, mostly link text.
        words: usize,
    },
    /// All that was found is a few lines signed off with a copyright
    /// notice: the page's footer.
    FooterOnly {
        /// Words found.
        words: usize,
    },
}

impl std::fmt::Display for EmptyReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EmptyReason::TooFewWords { words, min } => {
                write!(f, "too few words ({words} < {min})")
            }
            EmptyReason::ScriptShell { words } => write!(
                f,
                "script shell (a product page whose {words} words are mostly links)"
            ),
            EmptyReason::FooterOnly { words } => write!(
                f,
                "footer only ({words} words signed off with a copyright notice)"
            ),
        }
    }
}

/// What one rule removed.
#[derive(Debug, Clone)]
pub struct Removal {
    /// Rule file name (`_global.toml`), or `generic` for built-in heuristics.
    pub file: String,
    /// Which kind of rule, or why generic pruning removed it.
    pub kind: RemovalKind,
    /// The selector or pattern as written (for pruning, the reason in words).
    pub pattern: String,
    /// The first words of each removed piece.
    pub samples: Vec<String>,
    /// Undone because it would have emptied the article.
    pub undone: bool,
}

/// What removed a piece of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemovalKind {
    /// A rule file's `drop` selector.
    Drop,
    /// A rule file's `drop_text` pattern.
    DropText,
    /// A rule file's `stop_at` pattern (the article ends there).
    StopAt,
    /// Generic pruning, and why.
    Prune(prune::Cut),
    /// A site profile: the block recurs on the host's pages (`crate::profile`).
    Recurring,
}

impl std::fmt::Display for RemovalKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RemovalKind::Drop => "drop",
            RemovalKind::DropText => "drop_text",
            RemovalKind::StopAt => "stop_at",
            RemovalKind::Prune(_) => "prune",
            RemovalKind::Recurring => "recurring",
        })
    }
}

/// The extraction engine: compiled rules plus options. Cheap to share.
#[derive(Debug)]
pub struct Extractor {
    rules: Arc<RuleSet>,
    max_bytes: usize,
    /// The attributes the parse keeps: [`READ_ATTRIBUTES`] and those the
    /// rules' selectors name. Looked up for every attribute of a page, so
    /// hashed with FNV (short keys, no untrusted input to fear).
    attributes: HashSet<Box<str>, std::hash::BuildHasherDefault<text::Fnv1a>>,
}

impl Extractor {
    /// An extractor using `rules`.
    pub fn new(rules: RuleSet) -> Self {
        Self::new_shared(Arc::new(rules))
    }

    /// An extractor using rules shared with other parts of a program.
    pub fn new_shared(rules: Arc<RuleSet>) -> Self {
        let attributes = READ_ATTRIBUTES
            .iter()
            .copied()
            .chain(rules.attribute_names())
            .map(Box::from)
            .collect();
        Extractor {
            rules,
            max_bytes: crate::decode::DEFAULT_MAX_BYTES,
            attributes,
        }
    }

    /// Sets the largest page accepted (after decompression).
    pub fn with_max_bytes(mut self, max_bytes: usize) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// The rules in use.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The parse extraction runs: [`parse`], leaving out the attributes
    /// that neither the extractor ([`READ_ATTRIBUTES`]) nor any rule's
    /// selectors read. Other tools (fixtures, multi-page detection) parse
    /// with every attribute.
    pub fn parse(&self, text: &str) -> tree::Tree {
        let keep = |name: &str| self.attributes.contains(name);
        tree::parse_guarded(text, Some(&keep))
    }

    /// Extracts the article from one page.
    pub fn extract(&self, page: &Page<'_>) -> Result<Article, ExtractError> {
        self.extract_with_report(page).map(|(a, _)| a)
    }

    /// Extracts the article and reports what each rule did.
    pub fn extract_with_report(&self, page: &Page<'_>) -> Result<(Article, Report), ExtractError> {
        let decoded = crate::decode::decode(page.bytes, page.content_type, self.max_bytes)?;
        let mut tree = self.parse(&decoded.text);
        let url = page.url.cloned().or_else(|| meta::canonical_url(&tree));
        let applied = self.rules.for_host(url.as_ref().and_then(Url::host_str));
        // A site's `replace_html` rules edit the source, which is then
        // parsed again (only pages of such sites pay for it).
        let mut edited: Option<String> = None;
        for file in applied.iter() {
            let base: &str = edited.as_deref().unwrap_or(&decoded.text);
            if let Some(e) = file.content.rewrite_html(base) {
                edited = Some(e);
            }
        }
        if let Some(edited) = edited {
            tree = self.parse(&edited);
        }
        let meta = meta::read(&tree, &applied, page.content_language);
        let dom = Dom::build(&tree);
        let signals = classify::signals(&dom);
        let page_type = classify::classify(&meta, url.as_ref(), &signals);
        tracing::debug!(?signals, ?page_type, "classified");
        let policy = Policy::for_page(&meta, page_type, classify::dated_url(url.as_ref()));

        let mut report = Report {
            applied: applied.names(),
            ..Report::default()
        };
        let mut removed = vec![false; dom.len()];
        let mut dropped = clean::drop_rules(&dom, &applied, &mut removed);
        let page = PageContext {
            dom: &dom,
            applied: &applied,
            policy,
            ld_body: meta.ld_body.as_deref(),
            descriptions: &meta.descriptions,
        };
        // The page is read as is, then by each fallback it calls for.
        let mut found = Found::default();
        for attempt in Attempt::ALL {
            let Some(mut candidate) = attempt.run(&page, &found, &dropped, &removed) else {
                continue;
            };
            let chosen = attempt.prefer(&found, &candidate);
            report.attempts.push(Tried {
                attempt,
                words: candidate.words,
                chosen,
            });
            if chosen {
                for &k in &candidate.undo {
                    let d = &mut dropped[k];
                    d.removal.undone = true;
                    for &n in &d.nodes {
                        removed[n as usize] = false;
                    }
                }
                if attempt != Attempt::AsIs {
                    if candidate.how.is_empty() {
                        candidate.how = std::mem::take(&mut found.how);
                    }
                    candidate.how = format!("{}, {}", candidate.how, attempt.describe());
                }
                found = candidate;
            }
        }
        let Found {
            mut blocks,
            how,
            pruned,
            link_density,
            sections,
            ..
        } = found;
        // What only `og:type` called an article turned out to be a landing
        // page's sections: a service page.
        let page_type = if sections {
            classify::PageType::Service
        } else {
            page_type
        };
        report
            .removals
            .extend(dropped.into_iter().map(|d| d.removal));
        report.removals.extend(pruned);
        tracing::debug!(root = %how, words = word_count(&blocks), link_density, "located");
        report.root = format!("{how} (page type: {})", page_type.name());
        apply_text_rules(&applied, &mut blocks, &mut report, policy);
        dedupe(&mut blocks, policy.dedupe_min_words);
        shop::drop_near_repeats(&mut blocks, policy);
        shop::cut_blocks_at_shop_heading(&mut blocks, policy);
        if shop::add_ld_description(&mut blocks, meta.ld_product_description.as_deref(), policy) {
            report
                .root
                .push_str(", with the JSON-LD product description");
        }
        drop_machine_ids(&mut blocks);
        render::join_item_lines(&mut blocks);
        for b in &mut blocks {
            b.text = text::to_nfc(std::mem::take(&mut b.text));
        }
        // Only small counts matter here: counting stops past the largest.
        let words = word_count_up_to(&blocks, MIN_PAGE_WORDS.max(SHELL_MAX_WORDS));
        // A product is described in prose, specs and prices; if all that was
        // found is a few links (a footer, a menu), the page is a shell whose
        // product a script would have filled in. Listings may be all links.
        let shell = page_type == classify::PageType::Product
            && words < SHELL_MAX_WORDS
            && link_density > SHELL_LINK_DENSITY;
        // A few lines that sign the page off with a copyright notice are
        // its footer (an address, opening hours): all a page shows whose
        // content a script or an image carries.
        let footer_only = words < REVEAL_BELOW_WORDS && blocks.iter().any(|b| signs_off(&b.text));
        report.empty = if words < MIN_PAGE_WORDS {
            Some(EmptyReason::TooFewWords {
                words,
                min: MIN_PAGE_WORDS,
            })
        } else if shell {
            Some(EmptyReason::ScriptShell { words })
        } else if footer_only {
            Some(EmptyReason::FooterOnly { words })
        } else {
            None
        };
        if report.empty.is_some() {
            blocks.clear();
        }

        let text = crate::format::render_text(&blocks);
        // A page that does not say its language is read for it.
        let language = meta.language.or_else(|| text::detect_language(&text));
        let article = Article {
            url: url.map(|u| u.to_string()),
            title: meta.title,
            author: meta.author,
            published: meta.published,
            language,
            text,
            blocks,
            rules: report.applied.clone(),
            page_type: Some(page_type),
            pages: Default::default(),
        };
        Ok((article, report))
    }
}

/// Every attribute extraction reads, besides those rule selectors name:
/// names and visibility (`dom`, `classify`; `tabindex` tells a redundant
/// link from hidden text), links, metadata (`meta`),
/// landmarks (`locate`), choice labels.
const READ_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "style",
    "hidden",
    "aria-hidden",
    "tabindex",
    "aria-label",
    "href",
    "rel",
    "role",
    "itemprop",
    "content",
    "name",
    "property",
    "http-equiv",
    "charset",
    "lang",
    "xml:lang",
    "datetime",
    "title",
    "for",
    "value",
    "type",
];

/// Parses decoded page text into its tree, as every stage and tool reads
/// a page: the nesting guard first, then html5ever with scripting off, so
/// `<noscript>` holds markup rather than one text node of escaped tags (its
/// content stays hidden unless revealed).
pub fn parse(text: &str) -> tree::Tree {
    tree::parse_guarded(text, None)
}

/// The canonical URL a page names for itself (`<link rel=canonical>`, else
/// `og:url`), when it is an absolute http(s) URL; `text` is the decoded page.
pub fn canonical_url(text: &str) -> Option<Url> {
    meta::canonical_url(&parse(text))
}

/// A JSON-LD `articleBody` shorter than this is a summary, not the text.
const LD_BODY_MIN_WORDS: usize = 100;

/// Below this many words, hidden content is tried too.
const REVEAL_BELOW_WORDS: usize = 50;

/// True when `text` holds a copyright notice ("©", "Copyright", "All
/// rights reserved"), which signs off a page's footer.
fn signs_off(text: &str) -> bool {
    text.contains('©') || {
        let lower = text.to_lowercase();
        lower.contains("copyright") || lower.contains("all rights reserved")
    }
}

/// Fewer words than this is a shell page (a script-rendered app, a bot
/// wall): the honest output is nothing.
const MIN_PAGE_WORDS: usize = 10;

/// A product page result this short whose text is mostly links is the
/// page's chrome.
const SHELL_MAX_WORDS: usize = 150;

/// Link share above which a short result counts as chrome.
const SHELL_LINK_DENSITY: f32 = 0.5;

/// What [`content`] found.
#[derive(Default)]
struct Found {
    blocks: Vec<Block>,
    /// How the content was located.
    how: String,
    /// What generic pruning removed, by reason.
    pruned: Vec<Removal>,
    /// Words in `blocks`.
    words: usize,
    /// Share of the kept text that is link text.
    link_density: f32,
    /// The drop rules (indices into the page's drops) this result undid.
    undo: Vec<usize>,
    /// The content is a landing page's sections ([`Located::sections`]).
    sections: bool,
}

/// Words, characters and link characters of some subtrees.
#[derive(Default)]
struct Totals {
    words: u32,
    chars: u32,
    links: u32,
}

impl Totals {
    /// Sums over disjoint subtrees, so what pruning leaves of the content is
    /// a subtraction.
    fn of(stats: &[stats::Stats], roots: impl Iterator<Item = dom::Ix>) -> Self {
        roots.fold(Totals::default(), |t, r| {
            let st = &stats[r as usize];
            Totals {
                words: t.words + st.words,
                chars: t.chars + st.chars,
                links: t.links + st.link_chars,
            }
        })
    }
}

/// The pruned subtrees that were visible (hidden ones never counted).
fn visible<'c, 'a>(
    dom: &'c Dom<'a>,
    cuts: &'c [(dom::Ix, prune::Cut)],
    show: Show,
) -> impl Iterator<Item = dom::Ix> + use<'c, 'a> {
    cuts.iter()
        .map(|&(ix, _)| ix)
        .filter(move |&ix| !dom.hidden(ix, show) && !dom.ancestors(ix).any(|a| dom.hidden(a, show)))
}

/// Locates, prunes and renders the content.
fn content(
    dom: &Dom<'_>,
    applied: &Applied<'_>,
    descriptions: &[String],
    removed: &mut [bool],
    policy: Policy,
) -> Found {
    let (stats, located) = locate_content(dom, applied, descriptions, removed, policy);
    let before = removed.to_vec();
    let mut passed = prune::Passed::default();
    let mut cuts = prune::prune(dom, &stats, &located.roots, removed, policy, &mut passed);
    let found = Totals::of(&stats, located.roots.iter().copied());
    let cut = Totals::of(&stats, visible(dom, &cuts, policy.show));
    let mut how = located.how;
    // The content located is itself named for comments (the scored block
    // is the thread's `ol.comments`): its posts are what the page holds,
    // whatever share pruning took.
    let thread_root = || {
        located.roots.iter().any(|&r| {
            dom.name_tokens(r)
                .iter()
                .any(|t| t.eq_ignore_ascii_case("comments") || t.eq_ignore_ascii_case("comment"))
        })
    };
    let left = found.words.saturating_sub(cut.words);
    let again = if found.words < 100 || policy.forum {
        None
    } else if left * 4 < found.words {
        Some("pruning took three quarters")
    } else if left * 2 < found.words && thread_root() {
        Some("pruning took half of a block named for comments")
    } else {
        None
    };
    if let Some(why) = again {
        how.push_str(&format!(", pruned again as a thread ({why})"));
        // Pruning took three quarters of what was found: the class words it
        // went by (`comment`, `author`) name the content here, as on a
        // thread nobody marked as one. Prune again as for a forum.
        removed.copy_from_slice(&before);
        cuts = prune::prune(
            dom,
            &stats,
            &located.roots,
            removed,
            Policy {
                forum: true,
                ..policy
            },
            &mut passed,
        );
    }
    // On a product page, the shop's sections after the product go with
    // the first one pruning found.
    let after = shop::cut_after_shop_section(dom, &stats, &located.roots, removed, &cuts, policy);
    cuts.extend(after.into_iter().map(|ix| (ix, prune::Cut::AroundSection)));
    if let Some(lead) = located.standfirst {
        spare(dom, removed, &before, lead);
    }
    // How much of what is left is link text (a menu or footer left over).
    let cut = Totals::of(&stats, visible(dom, &cuts, policy.show));
    let kept_chars = found.chars.saturating_sub(cut.chars);
    let link_density = if kept_chars > 0 {
        found.links.saturating_sub(cut.links) as f32 / kept_chars as f32
    } else {
        0.0
    };
    let mut pruned: Vec<Removal> = Vec::new();
    for (ix, why) in cuts {
        let text = dom.text_of(ix, &[], 200, policy.show);
        note_cut(&mut pruned, why, &text);
    }
    let mut blocks = render::render(dom, &located.roots, removed, policy.show);
    let (furniture, words) = prune::furniture_blocks(&mut blocks, policy, &passed);
    for (why, text) in furniture {
        note_cut(&mut pruned, why, &text);
    }
    Found {
        words,
        link_density,
        blocks,
        how,
        pruned,
        undo: Vec::new(),
        sections: located.sections,
    }
}

/// Files a piece generic pruning removed under its reason, for the report.
fn note_cut(pruned: &mut Vec<Removal>, why: prune::Cut, text: &str) {
    if text.is_empty() {
        return;
    }
    match pruned
        .iter_mut()
        .find(|r| r.kind == RemovalKind::Prune(why))
    {
        Some(r) => r.samples.push(sample(text)),
        None => pruned.push(Removal {
            file: "generic".into(),
            kind: RemovalKind::Prune(why),
            pattern: why.to_string(),
            samples: vec![sample(text)],
            undone: false,
        }),
    }
}

/// Undoes the pruning of a `<header>` that took `keep` with it: the header stays
/// removed but for the path down to `keep`, whose siblings on the way are
/// removed instead (a header's kicker and byline go, its standfirst stays).
/// `before` is what was removed before pruning, which stays removed.
fn spare(dom: &Dom<'_>, removed: &mut [bool], before: &[bool], keep: dom::Ix) {
    let Some(cut) = std::iter::once(keep)
        .chain(dom.ancestors(keep))
        .find(|&a| removed[a as usize] && !before[a as usize])
    else {
        return;
    };
    // Only a header is cut for what it usually holds (kicker, headline,
    // byline) rather than for what it is; other cuts judged the block.
    if dom.node(cut).tag != dom::Tag::Header {
        return;
    }
    let mut at = cut;
    while at != keep {
        removed[at as usize] = false;
        let mut next = keep;
        for c in dom.children(at) {
            if dom.contains(c, keep) {
                next = c;
            } else {
                removed[c as usize] = true;
            }
        }
        at = next;
    }
    removed[keep as usize] = false;
}

/// The site's `root` rule when one matches something with text, else
/// generic detection, with the standfirst above it that the page's
/// `descriptions` of itself point to. Also returns the stats it computed.
fn locate_content(
    dom: &Dom<'_>,
    applied: &Applied<'_>,
    descriptions: &[String],
    removed: &[bool],
    policy: Policy,
) -> (Vec<stats::Stats>, Located) {
    let stats = stats::compute(dom, removed, policy.show);
    let dead = clean::dead(dom, removed, policy.show);
    let mut located = locate_roots(dom, applied, &stats, &dead, policy);
    match locate::standfirst(dom, &stats, &dead, &located.roots, descriptions) {
        Some(locate::Standfirst::Above(lead)) => {
            located.roots.push(lead);
            located.roots.sort_unstable();
            located
                .how
                .push_str(" with the standfirst the page's description names");
        }
        Some(locate::Standfirst::Inside(lead)) => located.standfirst = Some(lead),
        None => {}
    }
    (stats, located)
}

/// The site's `root` rule when one matches something with text, else
/// generic detection.
fn locate_roots(
    dom: &Dom<'_>,
    applied: &Applied<'_>,
    stats: &[stats::Stats],
    dead: &[bool],
    policy: Policy,
) -> Located {
    // Generic detection, worked out once and only when a root rule's find
    // is small enough to need the comparison.
    let mut generic: Option<Located> = None;
    let mut passed_over = Vec::new();
    for file in applied.iter() {
        for rule in &file.content.root {
            // Every match holding text, outermost only: a selector list
            // (`.intro, .body`) names the parts of one article, and on a
            // page of several stories each story's body.
            let mut hits: Vec<dom::Ix> = Vec::new();
            for ix in dom.matching(&rule.compiled) {
                let inside = hits.last().is_some_and(|&h| dom.contains(h, ix));
                if !inside && !dead[ix as usize] && stats[ix as usize].words > 0 {
                    hits.push(ix);
                }
            }
            if hits.is_empty() {
                continue;
            }
            let words: u32 = hits.iter().map(|&h| stats[h as usize].words).sum();
            if words < ROOT_TRUSTED_WORDS {
                // A root that holds a line or two where the page has an
                // article was written for another layout of the site (or
                // translated loosely from another library's rule).
                let g = generic.get_or_insert_with(|| locate::locate(dom, stats, dead, policy));
                let generic_words: u32 = g.roots.iter().map(|&r| stats[r as usize].words).sum();
                if generic_words >= ROOT_OUTWEIGHED_BY * words {
                    passed_over.push(format!(
                        "{:?} of {} ({words} words)",
                        rule.source, file.name
                    ));
                    continue;
                }
            }
            let how = format!("root rule {:?} of {}", rule.source, file.name);
            return Located {
                roots: hits,
                how,
                lead: Vec::new(),
                standfirst: None,
                sections: false,
            };
        }
    }
    let mut located = generic.unwrap_or_else(|| locate::locate(dom, stats, dead, policy));
    if !passed_over.is_empty() {
        located.how.push_str(&format!(
            "; root rule passed over, it found too little: {}",
            passed_over.join(", ")
        ));
    }
    located
}

/// A root rule's find of at least this many words is taken as the article
/// without a second look.
const ROOT_TRUSTED_WORDS: u32 = 100;

/// A smaller find gives way to generic detection when that finds this many
/// times more words.
const ROOT_OUTWEIGHED_BY: u32 = 3;

/// Applies `drop_text` and `stop_at` to the rendered blocks; a rule that
/// would leave nothing is undone and reported.
///
/// `stop_at` patterns of `_global.toml` are written for articles, where a
/// "Related stories" heading ends the story; on other pages the same words
/// head a section of the content. So a global stop is obeyed only outside
/// forums and only where it cuts off no more than the text before it.
fn apply_text_rules(
    applied: &Applied<'_>,
    blocks: &mut Vec<Block>,
    report: &mut Report,
    policy: Policy,
) {
    for file in applied.iter() {
        let global = applied.global.is_some_and(|g| std::ptr::eq(g, file));
        let content = &file.content;
        let (stops, drops) = (&content.stop_at, &content.drop_text);
        // Which patterns each block can match, asked once per block for the
        // whole file; an index out of step with the lists (changed after
        // parsing) is rebuilt rather than trusted.
        let rebuilt;
        let index = if content.text_index.len() == stops.len() + drops.len() {
            &content.text_index
        } else {
            rebuilt = TextIndex::new(stops.iter().chain(drops).map(|r| &r.compiled));
            &rebuilt
        };
        let mut candidates = index.candidates(blocks.iter().map(|b| b.text.as_str()));
        for (number, rule) in stops.iter().enumerate() {
            let Some(pos) = (0..blocks.len())
                .position(|i| candidates.is_match(i, &blocks[i].text, number, &rule.compiled))
            else {
                continue;
            };
            if global && (policy.forum || word_count(&blocks[..pos]) < word_count(&blocks[pos..])) {
                continue;
            }
            let undone = pos == 0;
            let samples = blocks[pos..]
                .iter()
                .take(5)
                .map(|b| sample(&b.text))
                .collect();
            report.removals.push(Removal {
                file: file.name.clone(),
                kind: RemovalKind::StopAt,
                pattern: rule.source.clone(),
                samples,
                undone,
            });
            if !undone {
                blocks.truncate(pos);
                candidates.truncate(pos);
            }
        }
        for (n, rule) in drops.iter().enumerate() {
            let number = stops.len() + n;
            let hits: Vec<usize> = (0..blocks.len())
                .filter(|&i| candidates.is_match(i, &blocks[i].text, number, &rule.compiled))
                .collect();
            if hits.is_empty() {
                continue;
            }
            let undone = hits.len() == blocks.len();
            report.removals.push(Removal {
                file: file.name.clone(),
                kind: RemovalKind::DropText,
                pattern: rule.source.clone(),
                samples: hits.iter().map(|&i| sample(&blocks[i].text)).collect(),
                undone,
            });
            if !undone {
                let mut k = 0;
                blocks.retain(|_| {
                    let keep = !hits.contains(&k);
                    k += 1;
                    keep
                });
                candidates.remove(&hits);
            }
        }
    }
}

/// Drops repeated blocks of `min_words` words or more (mobile/desktop copies,
/// carousel clones, sticky headlines); the first copy stays. Blocks are
/// compared by a hash of their words ([`text::hash_words`]): pages run to
/// thousands of blocks, and a normalised copy of each cost more than the
/// rest of the pass. Two different blocks sharing a 64-bit hash is not a
/// practical concern.
fn dedupe(blocks: &mut Vec<Block>, min_words: usize) {
    use std::hash::Hasher;
    // Most blocks are like no other: only those whose letters another
    // block shares ([`text::letter_tally`]) are hashed. A block without a
    // tally could repeat any, so then every block is.
    let tallies: Option<Vec<[u32; 3]>> =
        blocks.iter().map(|b| text::letter_tally(&b.text)).collect();
    let mut shared: HashMap<[u32; 3], bool, std::hash::BuildHasherDefault<text::Fx8>> =
        HashMap::default();
    for tally in tallies.iter().flatten() {
        shared
            .entry(*tally)
            .and_modify(|more| *more = true)
            .or_insert(false);
    }
    let mut seen = HashSet::new();
    let mut k = 0;
    blocks.retain(|b| {
        let alone = tallies
            .as_ref()
            .is_some_and(|t| shared.get(&t[k]) == Some(&false));
        k += 1;
        if alone {
            return true;
        }
        let mut hash = text::Fnv1a::default();
        text::hash_words(&b.text, &mut hash) < min_words || seen.insert(hash.finish())
    });
}

/// Drops blocks that are mostly machine ids ([`is_machine_id`]): at
/// least [`MACHINE_ID_MIN`] of them and half the block's words. Anti-scraping
/// markup and tracking widgets render such runs as visible text, and each id
/// splits into five or more words of nobody's reading. Code keeps them (a
/// command line may well name a UUID).
fn drop_machine_ids(blocks: &mut Vec<Block>) {
    blocks.retain(|b| {
        if b.kind == BlockKind::Code {
            return true;
        }
        // Each id holds four digits or more: a block with fewer digits
        // than that many ids (most prose) need not be split into words.
        let digits = b.text.bytes().filter(u8::is_ascii_digit).count();
        if digits < MACHINE_ID_MIN * MACHINE_ID_MIN_DIGITS {
            return true;
        }
        let (mut words, mut ids) = (0usize, 0usize);
        for w in b.text.split_whitespace() {
            words += 1;
            ids += usize::from(is_machine_id(w));
        }
        ids < MACHINE_ID_MIN || ids * 2 < words
    });
}

/// See [`drop_machine_ids`]: one id may be a product's code.
const MACHINE_ID_MIN: usize = 2;

/// The fewest decimal digits of a machine id (see [`is_machine_id`]).
const MACHINE_ID_MIN_DIGITS: usize = 4;

/// A token of 16 characters or more made of hexadecimal digits and dashes
/// (two other characters allowed, as stuck-on letters), with at least four
/// decimal digits and three hex letters: a UUID or a hash, never a word,
/// a model number or a date.
fn is_machine_id(token: &str) -> bool {
    let b = token.as_bytes();
    if b.len() < 16 {
        return false;
    }
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    let hex_letters = b
        .iter()
        .filter(|c| matches!(c, b'a'..=b'f' | b'A'..=b'F'))
        .count();
    let dashes = b.iter().filter(|&&c| c == b'-').count();
    digits >= MACHINE_ID_MIN_DIGITS
        && hex_letters >= 3
        && digits + hex_letters + dashes + 2 >= b.len()
}

fn word_count(blocks: &[Block]) -> usize {
    blocks.iter().map(|b| text::word_count(&b.text)).sum()
}

/// [`word_count`], or any number above `max` once the blocks read so far
/// hold more than `max` words.
fn word_count_up_to(blocks: &[Block], max: usize) -> usize {
    let mut words = 0;
    for b in blocks {
        words += text::word_count(&b.text);
        if words > max {
            break;
        }
    }
    words
}

/// The first words of a removed piece, for reports.
pub(crate) fn sample(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(11).collect();
    if words.len() > 10 {
        format!("{}…", words[..10].join(" "))
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_is_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Extractor>();
    }

    #[test]
    fn dedupe_keeps_the_first_copy_of_long_blocks_only() {
        let block = |text: &str| Block::plain(crate::article::BlockKind::Paragraph, text);
        let mut blocks = vec![
            block("Free shipping on every order over fifty dollars"),
            block("Größe wählen"),
            block("FREE SHIPPING on every order, over fifty dollars!"),
            block("Größe wählen"),
            block("Free shipping on every order over sixty dollars"),
        ];
        dedupe(&mut blocks, policy::DEDUPE_MIN_WORDS);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Free shipping on every order over fifty dollars",
                "Größe wählen",
                "Größe wählen",
                "Free shipping on every order over sixty dollars",
            ]
        );
    }

    #[test]
    fn blocks_of_machine_ids_are_dropped_but_code_and_part_numbers_stay() {
        assert!(is_machine_id("9303097ac-d3e5-41e1-baf5-303640756ebf"));
        assert!(is_machine_id("Sf2f260c3-bf1f-466a-b856-6f031758a086p"));
        assert!(is_machine_id("e3b0c44298fc1c149afbf4c8996fb924"));
        for word in [
            "SM-X510NZAAMEA",
            "2024-05-12T10:30:00",
            "internationalisation",
            "KOV-GSV-RMW",
        ] {
            assert!(!is_machine_id(word), "{word}");
        }
        let ids = "9303097ac-d3e5-41e1-baf5-303640756ebf X2bf8403c-6590-4d73-8b16-95f6c3ecdef8 \
                   84f535a2-9d93-4358-b5a8-c77d761c12e9";
        let mut blocks = vec![
            Block::plain(BlockKind::Paragraph, "A cotton tee in a regular fit."),
            Block::plain(BlockKind::Paragraph, ids),
            Block::plain(BlockKind::Code, ids),
            Block::plain(
                BlockKind::Paragraph,
                "Order 9303097ac-d3e5-41e1-baf5-303640756ebf ships on Monday from the warehouse.",
            ),
        ];
        drop_machine_ids(&mut blocks);
        let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [BlockKind::Paragraph, BlockKind::Code, BlockKind::Paragraph]
        );
        assert!(blocks[2].text.starts_with("Order"));
    }

    #[test]
    fn a_dialog_is_neither_located_nor_kept() {
        let consent = "<p>Cookies are small data files that allow a website to collect and \
                       store data on your computer, laptop or mobile device, and help us to \
                       provide features and functionality, and to understand how you use the \
                       site, so that we can improve it and show you relevant offers.</p>";
        let html = format!(
            "<html><body><div class=page><h1>River notes</h1>{}</div>\
             <section role=dialog><h2>Your cookie settings</h2>{}{}{}</section></body></html>",
            story(3),
            consent,
            consent,
            consent
        );
        let (article, _) = attempts(RuleSet::default(), &html);
        assert!(
            article.text.contains("Paragraph 2 of the story"),
            "{}",
            article.text
        );
        assert!(
            !article.text.contains("Cookies are small"),
            "{}",
            article.text
        );
    }

    fn attempts(rules: RuleSet, html: &str) -> (Article, Vec<Tried>) {
        let url = Url::parse("https://example.com/story").expect("test URL");
        let page = Page {
            bytes: html.as_bytes(),
            url: Some(&url),
            content_type: None,
            content_language: None,
        };
        let (article, report) = Extractor::new(rules)
            .extract_with_report(&page)
            .expect("extracts");
        (article, report.attempts)
    }

    fn story(paragraphs: usize) -> String {
        (0..paragraphs)
            .map(|i| format!("<p>Paragraph {i} of the story tells how the river rose over the old walls and what the town did next.</p>"))
            .collect()
    }

    #[test]
    fn attributes_a_user_rule_names_survive_the_parse() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("example.com.toml"),
            "[content]\ndrop = [\"[data-Promo-Box~=yes]\"]\n",
        )
        .expect("rule file");
        let rules = RuleSet::from_dir(dir.path()).expect("rules");
        let html = format!(
            "<html><body><article>{}<p data-promo-box='x yes' data-unread=1>Buy the mug today.</p>{}</article></body></html>",
            story(3),
            story(3)
        );
        let (article, _) = attempts(rules, &html);
        assert!(article.text.contains("Paragraph 2"), "{}", article.text);
        assert!(!article.text.contains("Buy the mug"), "{}", article.text);
    }

    #[test]
    fn a_drop_rule_that_empties_the_article_is_undone_as_an_attempt() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("example.com.toml"),
            "[content]\ndrop = [\"article\"]\n",
        )
        .expect("rule file");
        let rules = RuleSet::from_dir(dir.path()).expect("rules");
        let html = format!("<html><body><article>{}</article></body></html>", story(6));
        let (article, tried) = attempts(rules, &html);
        assert!(article.text.contains("Paragraph 5"), "{}", article.text);
        let kinds: Vec<(Attempt, bool)> = tried.iter().map(|t| (t.attempt, t.chosen)).collect();
        assert_eq!(kinds, [(Attempt::AsIs, true), (Attempt::UndoDrops, true)]);
        assert_eq!(tried[0].words, 0);
    }

    #[test]
    fn a_drop_rule_that_leaves_a_line_is_undone_when_that_finds_clearly_more() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("example.com.toml"),
            "[content]\ndrop = [\"main\", \".promo\"]\n",
        )
        .expect("rule file");
        let rules = RuleSet::from_dir(dir.path()).expect("rules");
        let html = format!(
            "<html><body><div class=intro><p>A short line that stays above everything else on the page here.</p></div>\
             <main><article>{}</article></main><p class=promo>Subscribe now for more stories like this one every day.</p></body></html>",
            story(6)
        );
        let (article, tried) = attempts(rules, &html);
        assert!(article.text.contains("Paragraph 5"), "{}", article.text);
        let undo = tried
            .iter()
            .find(|t| t.attempt == Attempt::UndoDrops)
            .expect("tried");
        assert!(undo.chosen && tried[0].words > 0, "{tried:?}");
        // A drop outside the article stays.
        assert!(!article.text.contains("Subscribe now"), "{}", article.text);
    }

    #[test]
    fn hidden_content_and_the_json_ld_body_are_attempts_taken_on_evidence() {
        let hidden = format!(
            "<html><body><nav><a href=/>Home</a></nav><div style=\"display:none\"><article>{}</article></div></body></html>",
            story(6)
        );
        let (article, tried) = attempts(RuleSet::empty(), &hidden);
        assert!(article.text.contains("Paragraph 5"), "{}", article.text);
        assert!(tried
            .iter()
            .any(|t| t.attempt == Attempt::RevealHidden && t.chosen));

        let body = (0..12)
            .map(|i| {
                format!("Sentence {i} of the full text that only the structured data carries.")
            })
            .collect::<Vec<_>>()
            .join("\\n");
        let ld = format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{body}"}}</script></head><body><article><p>A short teaser of the story, a line.</p></article></body></html>"#
        );
        let (article, tried) = attempts(RuleSet::empty(), &ld);
        assert!(article.text.contains("Sentence 11"), "{}", article.text);
        let last = tried.last().expect("attempts");
        assert_eq!((last.attempt, last.chosen), (Attempt::LdBody, true));
        // A page read well as is tries nothing else.
        let plain = format!("<html><body><article>{}</article></body></html>", story(6));
        let (_, tried) = attempts(RuleSet::empty(), &plain);
        assert_eq!(tried.len(), 1);
    }

    /// The article of `html` as a page at `url`, with no site rules
    /// (also the shop tests').
    pub(crate) fn extract_at(html: &str, url: &str) -> Article {
        let extractor = Extractor::new(RuleSet::empty());
        let url = Url::parse(url).expect("test URL");
        let page = Page {
            bytes: html.as_bytes(),
            url: Some(&url),
            content_type: None,
            content_language: None,
        };
        extractor.extract(&page).expect("extracts")
    }

    /// Widgets that tools embed in a page, named by the shipped global
    /// rules: a Google reviews widget, a theme's related products, the
    /// metadata table Edge Delivery Services pages carry unseen.
    #[test]
    fn shipped_global_rules_drop_tool_widgets() {
        let html = format!(
            "<html><body><main><div class=section-metadata><div><div>source</div>\
             <div>landing_hero_block</div></div></div><article>{}\
             <div class=\"wp-gr rpi\"><div class=grw-review><a href=/r>Reviewer Name Here</a>\
             <p>A great company to work with, we would recommend them.</p></div></div>\
             <div class=\"related products entry-product-section\"><h3>You will love these</h3>\
             <ul><li><a href=/p1>Linen Summer Dress</a></li><li><a href=/p2>Wool Winter Coat</a>\
             </li></ul></div></article></main></body></html>",
            story(6)
        );
        let extractor = Extractor::new(RuleSet::builtin().expect("shipped rules"));
        let url = Url::parse("https://example.com/guide/").expect("test URL");
        let page = Page {
            bytes: html.as_bytes(),
            url: Some(&url),
            content_type: None,
            content_language: None,
        };
        let text = extractor.extract(&page).expect("extracts").text;
        assert!(text.contains("Paragraph 5"), "{text}");
        for gone in [
            "landing_hero_block",
            "Reviewer Name",
            "recommend them",
            "Linen Summer",
        ] {
            assert!(!text.contains(gone), "{gone} in {text}");
        }
    }

    #[test]
    fn a_thread_keeps_its_posters_but_not_their_cards() {
        let post = |who: &str, text: &str| {
            format!(
                "<div class=post><dl class=profile><dt><a href=/u/{who}>{who}</a></dt>\
                 <dd>Member</dd><dd><strong>Joined:</strong> 4 Jul 2012</dd>\
                 <dd><strong>Posts:</strong> 1,204</dd><dd>Location: Leeds</dd><dd>Offline</dd></dl>\
                 <div class=content><p>{text}</p></div></div>"
            )
        };
        let html = format!(
            "<html><body><div class=thread>{}{}{}</div></body></html>",
            post(
                "anna",
                "My router drops the connection every evening around eight, \
                 and restarting it only helps for an hour or so. Any ideas?"
            ),
            post(
                "ben",
                "Check the channel it uses: in the evening the neighbours' networks \
                 crowd the same one, so pick a free channel and see."
            ),
            post(
                "cleo",
                "Also look at the firmware: an update fixed the same fault on mine, \
                 where the radio restarted whenever the load rose."
            ),
        );
        let text = extract_at(&html, "https://forum.example.com/threads/router-drops.12/").text;
        assert!(text.contains("anna") && text.contains("ben"), "{text}");
        assert!(text.contains("pick a free channel"), "{text}");
        for fact in ["Joined", "1,204", "Leeds", "Offline"] {
            assert!(!text.contains(fact), "{fact} in {text}");
        }
    }

    /// A page nothing marks as a thread whose content is its comment list
    /// (a link aggregator's discussion): the comments are the page.
    #[test]
    fn a_located_comment_list_is_pruned_as_a_thread() {
        // Three of five are named for comments, which pruning takes: less
        // than three quarters of the list, but more than half.
        let comment = |who: &str, i: usize| {
            let name = if i < 3 { "comment" } else { "reply" };
            format!(
                "<li><div class=\"{name}\"><p class=\"who\"><a href=/u/{who}>{who}</a></p>\
                 <div class=\"body\"><p>Reply \
                 {i}: the goal list reads well, and the part about async closures matters most \
                 to me, since every service I maintain spawns tasks that capture shared state \
                 and the workarounds today cost more than the feature would.</p></div></div></li>"
            )
        };
        let list: String = ["ann", "bo", "cy", "di", "ed"]
            .iter()
            .enumerate()
            .map(|(i, w)| comment(w, i))
            .collect();
        let html = format!(
            "<html><body><nav><a href=/>Home</a> <a href=/recent>Recent</a></nav>\
             <div class=\"story\"><a href=\"https://example.org/goals\">Project goals for the \
             year</a></div><ol class=\"comments\">{list}</ol></body></html>"
        );
        let text = extract_at(&html, "https://links.example.com/s/abc/project_goals").text;
        for i in 0..5 {
            assert!(text.contains(&format!("Reply {i}:")), "{text}");
        }
    }

    /// A landing page: an intro of prose marked as the body, then
    /// `sections` short sections under headings, with `head` in its
    /// `<head>`.
    fn landing_page(head: &str, sections: usize) -> String {
        let intro = story(8);
        let parts: String = (0..sections)
            .map(|i| {
                format!(
                    "<section><h2>Service number {i}</h2><p>We plan service {i} with you \
                     from the first call to the last visit and keep the work on time.</p></section>"
                )
            })
            .collect();
        format!(
            "<html><head>{head}</head><body><div class=page><div class=hero><h1>Our services</h1>\
             <div class=entry-content>{intro}</div></div><div class=more>{parts}</div></div></body></html>"
        )
    }

    #[test]
    fn an_undated_article_by_og_type_alone_keeps_its_sections() {
        let og = r#"<meta property="og:type" content="article">"#;
        let read = |head: &str, sections: usize| {
            extract_at(
                &landing_page(head, sections),
                "https://example.com/services/",
            )
        };
        // Site templates call every page an article: undated, the page's
        // headed sections are its content too, and it is a service page.
        let page = read(og, 5);
        assert_eq!(page.page_type, Some(crate::PageType::Service));
        assert!(
            page.text.contains("Paragraph 7 of the story"),
            "{}",
            page.text
        );
        assert!(
            page.text.contains("We plan service 4 with you"),
            "{}",
            page.text
        );
        // A dated article is one body; so is one with a single box beside it.
        let dated = format!(r#"{og}<meta property="article:published_time" content="2025-01-02">"#);
        let story = read(&dated, 5);
        assert_eq!(story.page_type, Some(crate::PageType::Article));
        assert!(
            story.text.contains("Paragraph 7 of the story"),
            "{}",
            story.text
        );
        assert!(!story.text.contains("We plan service"), "{}", story.text);
        let one_box = read(og, 1);
        assert_eq!(one_box.page_type, Some(crate::PageType::Article));
        assert!(
            !one_box.text.contains("We plan service"),
            "{}",
            one_box.text
        );
    }

    #[test]
    fn links_styled_as_buttons_are_calls_to_action() {
        let html = format!(
            "<html><body><article>{}<p><a class=\"btn btn-primary\" href=/app>Try the app today</a></p>\
             <div><a class=\"hero_button\" href=/tour>Take the tour</a></div>\
             <p>Read <a class=button href=/guide>the guide</a> before you start.</p>\
             <p><a class=btn href=/long>A headline styled as a button runs longer</a></p></article></body></html>",
            story(6)
        );
        let text = extract_at(&html, "https://example.com/a").text;
        assert!(!text.contains("Try the app today"), "{text}");
        assert!(!text.contains("Take the tour"), "{text}");
        assert!(text.contains("Read the guide before you start."), "{text}");
        assert!(
            text.contains("A headline styled as a button runs longer"),
            "{text}"
        );
    }

    /// The language given to an English story in `<html{html_attrs}>`
    /// with `head`, served with the `Content-Language` header `header`.
    fn language_of(html_attrs: &str, head: &str, header: Option<&str>) -> Option<String> {
        let html = format!(
            "<html{html_attrs}><head>{head}</head><body><article>{}</article></body></html>",
            story(6)
        );
        let page = Page {
            bytes: html.as_bytes(),
            url: None,
            content_type: None,
            content_language: header,
        };
        let extractor = Extractor::new(RuleSet::empty());
        extractor.extract(&page).expect("extracts").language
    }

    #[test]
    fn the_content_language_header_names_a_page_that_declares_none() {
        // The story is English: the header wins over detection.
        assert_eq!(language_of("", "", None).as_deref(), Some("en"));
        assert_eq!(language_of("", "", Some("de-DE")).as_deref(), Some("de-DE"));
        // Of a list, the first; the page's own declaration beats the header.
        assert_eq!(
            language_of("", "", Some(" en-US, de")).as_deref(),
            Some("en-US")
        );
        assert_eq!(
            language_of(" lang=fr", "", Some("de")).as_deref(),
            Some("fr")
        );
        assert_eq!(
            language_of(" xml:lang=fr", "", Some("de")).as_deref(),
            Some("fr")
        );
        let equiv = r#"<meta http-equiv="content-language" content="nl, en">"#;
        assert_eq!(language_of("", equiv, Some("de")).as_deref(), Some("nl"));
        // A site-wide `og:locale` default gives way to the header, not to
        // an empty one.
        let locale = r#"<meta property="og:locale" content="pt_BR">"#;
        assert_eq!(language_of("", locale, Some("de")).as_deref(), Some("de"));
        assert_eq!(language_of("", locale, Some(" ")).as_deref(), Some("pt-BR"));
        assert_eq!(
            language_of(" lang=''", locale, None).as_deref(),
            Some("pt-BR")
        );
    }

    const PROSE: &str = "The mug is thrown by hand from a stoneware clay that holds heat well, \
        glazed in a speckled cream, and fired twice so that it stands up to the dishwasher.";

    #[test]
    fn product_pages_keep_the_description_not_the_reviews() {
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"Product","name":"Mug"}}</script></head>
            <body><main><h1>Stoneware mug</h1><p class="price">$24.00</p>
            <div class="description"><p>{PROSE}</p><p>{PROSE}</p></div>
            <div class="product-reviews-content"><h3>Lovely mug</h3>
            <p>I bought two of these for my sister and she uses them every single morning without fail.</p></div>
            <div class="swatches"><span>Cream</span><span>Slate</span><span>Moss</span></div>
            </main></body></html>"#
        );
        let article = extract_at(&html, "https://shop.test/products/mug");
        assert_eq!(article.page_type, Some(crate::PageType::Product));
        assert!(article.text.contains("thrown by hand"), "{}", article.text);
        assert!(!article.text.contains("my sister"), "{}", article.text);
        assert!(!article.text.contains("Slate"), "{}", article.text);
    }

    #[test]
    fn a_product_page_of_links_only_is_a_shell() {
        let links: String = (0..30)
            .map(|i| format!("<li><a href=/p{i}>Policy link number {i}</a></li>"))
            .collect();
        let html = format!(
            r#"<html><head><meta property="og:type" content="product"></head>
            <body><div id="root"></div><ul>{links}</ul></body></html>"#
        );
        let article = extract_at(&html, "https://shop.test/item/123.html");
        assert_eq!(
            article.text, "",
            "a script-rendered product page yields nothing"
        );
    }

    #[test]
    fn a_page_whose_only_text_is_its_signed_off_footer_yields_nothing() {
        let footer = "<div class=info><p>12 Example Lane, Sampletown 01234, 555-0100</p>\
            <p>Open Thursday to Saturday 10 to 5, Sunday 12 to 5</p>\
            <p>Copyright © 2014 Example Gallery. All rights reserved.</p></div>";
        let html = format!(
            "<html><body><div id=app><img src=/hero.jpg alt=''></div>{footer}</body></html>"
        );
        let article = extract_at(&html, "https://gallery.test/");
        assert_eq!(article.text, "", "a footer is no content");
        // The same lines under a text of their own stay with it.
        let html = format!("<html><body><article><p>{PROSE}</p>{footer}</article></body></html>");
        let article = extract_at(&html, "https://gallery.test/about");
        assert!(article.text.contains("Sunday 12 to 5"), "{}", article.text);
    }

    #[test]
    fn button_links_go_but_links_in_sentences_stay() {
        let html = format!(
            r#"<html><body><article><p>{PROSE}</p>
            <p>Please <a href="/join">sign up</a> to read the rest of the care guide for this mug.</p>
            <p>{PROSE}</p><div><a class="btn" href="/join">Sign up</a></div>
            <pre><code>def <a href="/docs/login">login</a>():
    return 'login'</code></pre></article></body></html>"#
        );
        let article = extract_at(&html, "https://blog.test/2024/05/mugs");
        assert!(
            article.text.contains("Please sign up to read"),
            "{}",
            article.text
        );
        assert!(!article.text.contains("\nSign up\n"), "{}", article.text);
        assert!(article.text.contains("def login():"), "{}", article.text);
    }

    #[test]
    fn utility_class_variants_do_not_mark_content_as_boilerplate() {
        let html = format!(
            r#"<html><body><main><div class="stack lg:has-[>[data-slot=banner]]:pt-0">
            <p>{PROSE}</p><p>{PROSE}</p></div></main></body></html>"#
        );
        let article = extract_at(&html, "https://app.test/");
        assert!(article.text.contains("thrown by hand"), "{}", article.text);
    }

    #[test]
    fn a_self_closed_iframe_in_noscript_does_not_swallow_the_page() {
        let html = format!(
            r#"<html><body><noscript><iframe src="https://tags.test/ns" height="0" /></noscript>
            <article><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"#
        );
        let article = extract_at(&html, "https://blog.test/2024/05/mugs");
        assert!(article.text.contains("thrown by hand"), "{}", article.text);
    }

    #[test]
    fn service_and_docs_pages_keep_the_lead_above_the_scored_block() {
        let section = |i: u32| {
            format!(
                "<p>Our crews handle step {i} of every move, packing, loading, driving, \
                 and unloading, with the same care for a studio as for a farmhouse.</p>"
            )
        };
        let body: String = (0..6).map(section).collect();
        let html = format!(
            r#"<html><body><div class="wrap">
            <div class="hero"><p>Local movers you can book in minutes, with prices fixed before the truck arrives.</p></div>
            <div class="features">{body}</div>
            </div></body></html>"#
        );
        let service = extract_at(&html, "https://movers.test/");
        assert!(service.text.contains("book in minutes"), "{}", service.text);
        // An article's text is its body: the lead of a story page is not
        // taken on the scored block's word.
        let docs = extract_at(&html, "https://docs.movers.test/guide/moving");
        assert_eq!(docs.page_type, Some(crate::PageType::Documentation));
        assert!(docs.text.contains("book in minutes"), "{}", docs.text);
        let story = extract_at(&html, "https://news.test/2024/05/01/movers");
        assert!(!story.text.contains("book in minutes"), "{}", story.text);
        assert!(story.text.contains("farmhouse"), "{}", story.text);
    }

    #[test]
    fn links_in_a_kept_list_stay_one_by_one() {
        let html = format!(
            r#"<html><body><article><p>{PROSE}</p><p>{PROSE}</p>
            <ul><li>Glaze notes, page four.</li>
            <li><a href="/notebook">Studio notebook</a></li>
            <li>Firing schedules.</li></ul>
            </article></body></html>"#
        );
        let article = extract_at(&html, "https://potter.test/notes");
        assert!(article.text.contains("Studio notebook"), "{}", article.text);
    }

    #[test]
    fn collections_keep_their_intro() {
        let cards: String = (0..8)
            .map(|i| {
                format!(
                    r#"<li class="card"><a href="/products/mug-{i}">Speckled mug number {i}</a><span class="price">${i}4.00</span></li>"#
                )
            })
            .collect();
        let html = format!(
            r#"<html><body><main><h1>Mugs</h1>
            <div class="intro">Our mugs are thrown by hand in a small studio by the sea, glazed in colours taken from the coast, and fired twice.</div>
            <ul class="grid">{cards}</ul></main></body></html>"#
        );
        let article = extract_at(&html, "https://shop.test/collections/mugs");
        assert_eq!(article.page_type, Some(crate::PageType::Collection));
        assert!(
            article.text.contains("small studio by the sea"),
            "{}",
            article.text
        );
        assert!(
            article.text.contains("Speckled mug number 7"),
            "{}",
            article.text
        );
    }

    #[test]
    fn revealed_content_keeps_hidden_text_in_table_cells() {
        // All content hidden until a script runs: the reveal attempt takes
        // it, hidden text inside a table cell included.
        let html = format!(
            r#"<html><body><div hidden><article><p>{PROSE}</p><p>{PROSE}</p>
            <table><tr><th>Size</th><th>Weight</th></tr>
            <tr><td>Large <span hidden>mug</span></td><td>2 kg</td></tr></table>
            </article></div></body></html>"#
        );
        let article = extract_at(&html, "https://potter.test/2024/05/mugs");
        assert!(article.text.contains("thrown by hand"), "{}", article.text);
        assert!(
            article.text.contains("Large mug | 2 kg"),
            "{}",
            article.text
        );
    }

    #[test]
    fn the_standfirst_the_description_names_opens_the_article() {
        let lead = "The river rose over the old walls on Tuesday night, and the town spent \
                    three days moving what it could to higher ground.";
        let page = |description: &str| {
            format!(
                r#"<html><head><meta property="og:type" content="article">
                <meta name="description" content="{description}"></head><body>
                <header class="story-head"><h1>Flood</h1><p class="tagline">The valley's own paper since 1901, every week.</p>
                <p class="summary">{lead}</p></header>
                <div class="article-body">{}</div></body></html>"#,
                story(6)
            )
        };
        let article = extract_at(
            &page("The river rose over the old walls on Tuesday night, and the town spent three days…"),
            "https://news.test/2024/05/01/flood",
        );
        assert!(
            article
                .text
                .starts_with("The river rose over the old walls"),
            "{}",
            article.text
        );
        assert!(article.text.contains("Paragraph 5"), "{}", article.text);
        assert!(!article.text.contains("own paper"), "{}", article.text);
        // A description that is not on the page adds nothing.
        let article = extract_at(
            &page("A summary written for search engines alone, found nowhere in the page text."),
            "https://news.test/2024/05/01/flood",
        );
        assert!(!article.text.contains("Tuesday night"), "{}", article.text);
    }

    #[test]
    fn a_standfirst_marked_in_microdata_opens_the_article() {
        let html = format!(
            r#"<html><head><meta property="og:type" content="article"></head><body>
            <div itemscope itemtype="https://schema.org/NewsArticle">
            <h1 itemprop="headline">Flood</h1>
            <div class="teaser" itemprop="description"><p>Thousands cross the old bridge every day: soon they will see the new dyke from it.</p></div>
            <div itemprop="articleBody">{}</div></div></body></html>"#,
            story(6)
        );
        let article = extract_at(&html, "https://news.test/2024/05/01/flood");
        assert!(
            article.text.starts_with("Thousands cross the old bridge"),
            "{}",
            article.text
        );
        assert!(article.text.contains("Paragraph 5"), "{}", article.text);
    }

    #[test]
    fn a_standfirst_named_as_the_headlines_subtitle_opens_the_article() {
        let page = |dek_at_top: bool| {
            let dek = r#"<p class="heading__subtitle">Thousands cross the old bridge every day, and soon they will see the new dyke from it.</p>"#;
            format!(
                r#"<html><head><meta property="og:type" content="article"></head><body>
                <div class="card"><p class="card-subtitle">{}</p></div>
                <div class="article-header"><div class="heading"><h1>Flood</h1>{}</div>
                <div class="byline">By A. Reporter</div></div>
                <div class="article-body">{}</div></body></html>"#,
                if dek_at_top {
                    "A teaser for another story, in a card at the top of the page."
                } else {
                    ""
                },
                if dek_at_top { "" } else { dek },
                story(6)
            )
        };
        let article = extract_at(&page(false), "https://news.test/2024/05/01/flood");
        assert!(
            article.text.starts_with("Thousands cross the old bridge"),
            "{}",
            article.text
        );
        assert!(article.text.contains("Paragraph 5"), "{}", article.text);
        assert!(!article.text.contains("By A. Reporter"), "{}", article.text);
        // A subtitle that does not sit under the headline is some other
        // block's (a card's), not the article's summary.
        let other = extract_at(&page(true), "https://news.test/2024/05/01/flood");
        assert!(!other.text.contains("A teaser"), "{}", other.text);
    }

    #[test]
    fn a_standfirst_inside_the_articles_header_survives_the_header() {
        let lead = "The river rose over the old walls on Tuesday night, and the town spent \
                    three days moving what it could to higher ground.";
        let html = format!(
            r#"<html><head><meta property="og:type" content="article">
            <meta property="og:description" content="A first summary that some plugin wrote and nobody shows anywhere.">
            <meta property="og:description" content="{lead}"></head><body><article>
            <header><span class="kicker">Floods</span><h2>The night the river came</h2>
            <div class="intro">{lead}</div><div class="author">Reporting by Ann Lee</div></header>
            {}</article></body></html>"#,
            story(6)
        );
        let article = extract_at(&html, "https://news.test/2024/05/01/flood");
        assert!(
            article
                .text
                .starts_with("The river rose over the old walls"),
            "{}",
            article.text
        );
        // The rest of the header still goes.
        assert!(!article.text.contains("Ann Lee"), "{}", article.text);
        assert!(!article.text.contains("Floods"), "{}", article.text);
        assert!(article.text.contains("Paragraph 5"), "{}", article.text);
    }

    #[test]
    fn look_alike_sections_holding_the_body_stay_whatever_their_modifier() {
        let section = |i: usize| {
            format!(
                r#"<section class="report__section report__section--ads"><h2>Part {i}</h2>
                <p>{PROSE}</p><p>Section {i} goes on about the glaze, the kiln and the clay.</p></section>"#
            )
        };
        let body: String = (0..5).map(section).collect();
        let html = format!(
            r#"<html><head><meta property="og:type" content="article"></head><body><article>
            <p>{PROSE}</p>{body}<div class="ads"><p>Buy a kiln today from our partner, the best prices in town.</p></div>
            </article></body></html>"#
        );
        let article = extract_at(&html, "https://potter.test/2024/05/kilns");
        for i in 0..5 {
            assert!(
                article.text.contains(&format!("Section {i} goes on")),
                "{}",
                article.text
            );
        }
        // A box named as an ad that is no part of such a run still goes.
        assert!(!article.text.contains("Buy a kiln"), "{}", article.text);
    }

    #[test]
    fn blocks_named_for_links_that_hold_prose_stay_but_the_links_go() {
        // Each part of the story sits in a block the table of contents
        // links to (`toc_…`), or in a tab panel behind a `tabs-menu`.
        let part = |i: usize, name: &str| {
            format!(
                r#"<div {name}><h2>Part {i}</h2><p>{PROSE}</p>
                <p>Part {i} goes on about the glaze, the kiln, the clay and the hands that shape it.</p></div>"#
            )
        };
        let parts: String = (0..4)
            .map(|i| part(i, &format!(r#"id="toc_part-{i}""#)))
            .chain(std::iter::once(part(4, r#"class="faq-tabs-menu""#)))
            .collect();
        let links: String = (0..4)
            .map(|i| format!(r##"<li><a href="#toc_part-{i}">Part {i} of the guide</a></li>"##))
            .collect();
        let html = format!(
            r#"<html><body><article><p>{PROSE}</p>
            <div class="toc"><p>Contents of this guide, in order</p><ul>{links}</ul></div>{parts}
            </article></body></html>"#
        );
        let article = extract_at(&html, "https://potter.test/guide/kilns");
        for i in 0..5 {
            assert!(
                article.text.contains(&format!("Part {i} goes on")),
                "{}",
                article.text
            );
        }
        assert!(
            !article.text.contains("Contents of this guide"),
            "{}",
            article.text
        );
    }

    #[test]
    fn hostile_pages_give_text_or_nothing() {
        let extractor = Extractor::new(RuleSet::empty());
        let deep = "<div>".repeat(100_000)
            + "<p>deep words here in a paragraph of text that is long enough</p>";
        let article = extractor
            .extract(&Page::new(deep.as_bytes()))
            .expect("deep page");
        assert!(article.text.contains("deep words"), "{}", article.text);
        let unclosed: String = (0..20_000)
            .map(|i| format!("<b class=c{i}>w{i} "))
            .collect();
        assert!(extractor.extract(&Page::new(unclosed.as_bytes())).is_ok());
    }

    /// The text extracted from a German story of several paragraphs inside
    /// `<article>`, with `before` and `after` it, for the furniture tests.
    fn story_text(before: &str, after: &str) -> String {
        let paragraphs: String = (1..=6)
            .map(|n| {
                format!(
                    "<p>Der Verein hat am Wochenende seine neue Halle eröffnet, nach {n} Jahren \
                     Bauzeit und vielen Diskussionen im Gemeinderat über die Kosten, die am Ende \
                     deutlich höher ausfielen als geplant (Abschnitt {n}).</p>"
                )
            })
            .collect();
        let html =
            format!("<html><body><article>{before}{paragraphs}{after}</article></body></html>");
        extract_at(&html, "https://verein.test/2024/05/halle").text
    }

    #[test]
    fn furniture_outside_block_elements_goes_in_any_language() {
        // A byline in an inline link after the story, a label line and a
        // prompt after <br>s at a paragraph's end, a form field's note.
        let text = &story_text(
            "",
            r#"
            <p>Die Halle steht allen Mitgliedern offen.<br><br><i>Verraten Sie gerne in den Kommentaren: Was meinen Sie?</i></p>
            <a href="mailto:x@example.org"><b>Von:</b><br><br>Anna Beispiel</a>
            <div>Name (required)</div>
            "#,
        );
        assert!(
            text.contains("Die Halle steht allen Mitgliedern offen."),
            "{text}"
        );
        assert!(!text.contains("Verraten Sie"), "{text}");
        assert!(!text.contains("Von:"), "{text}");
        assert!(!text.contains("Name (required)"), "{text}");
    }

    #[test]
    fn a_line_offering_more_takes_its_link_list_but_a_heading_keeps_its_prose() {
        let text = &story_text(
            "",
            r#"
            <h2>Weitere Tipps für die Halle</h2><p>Die Halle ist ab sieben Uhr geöffnet, am Wochenende ab neun Uhr, und Gäste zahlen einen kleinen Beitrag für die Nutzung.</p>
            <p><strong>Lesen Sie auch die folgenden Beiträge:</strong></p>
            <ul><li><a href="/a">Neue Trainer für die Jugendmannschaft des Vereins gesucht</a></li>
            <li><a href="/b">Die Bilanz der Saison in Zahlen und Bildern aus der Halle</a></li>
            <li><a href="/c">So wird das Sommerfest des Vereins in diesem Jahr gefeiert</a></li></ul>
            <p><a href="/d">&gt;&gt; Wegen Regen: Das Sommerfest wird verschoben &lt;&lt;</a></p>
            "#,
        );
        assert!(
            text.contains("Die Halle ist ab sieben Uhr geöffnet"),
            "{text}"
        );
        assert!(!text.contains("Lesen Sie auch"), "{text}");
        assert!(!text.contains("Neue Trainer"), "{text}");
        assert!(!text.contains("Sommerfest wird verschoben"), "{text}");
    }

    #[test]
    fn captions_credits_and_disclosures_go_from_stories() {
        let text = &story_text(
            "<p>*Werbung. Dieser Beitrag enthält Werbung für eine Marke.</p>",
            r#"
            <p>Die Halle am Eröffnungstag. © Agentur / JAN MUSTER</p>
            <p>Crédits photos : Agence Exemple</p>
            <p>Telefon: +49 (30) 123 45 - 67</p>
            <p>Quelle: Beispielverband (BV), 2. Februar 2022</p>
            <p>aja/PAP</p>
            "#,
        );
        assert!(text.contains("nach 2 Jahren Bauzeit"), "{text}");
        for gone in [
            "Werbung",
            "JAN MUSTER",
            "Crédits",
            "Telefon",
            "Quelle",
            "PAP",
        ] {
            assert!(!text.contains(gone), "{gone}: {text}");
        }
    }
}
