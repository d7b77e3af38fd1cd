//! Shields the HTML parser from hostile nesting. html5ever follows the HTML
//! spec faithfully, and the spec's tree-building steps scan the stack of open
//! elements: 100,000 nested `<div>`s take half a minute, and ten thousand
//! unclosed `<b>`s with distinct attributes take seconds. Browsers cap the
//! depth; we do the same before parsing, with one linear scan that drops
//! start tags nested deeper than [`MAX_DEPTH`] (and their end tags). Real
//! pages nest a few dozen deep, so they pass through untouched.
//!
//! The scan must never believe the parser's tree shallower than it will be,
//! or a page can nest without bound behind its back. So it reads tags as
//! the HTML tokenizer does (tag names, quoted attributes, `/>`, comments)
//! and closes elements only where the tree builder surely closes them: an
//! end tag does not close past a "special" element or a scope boundary,
//! `/>` means nothing on HTML elements, raw text exists only in HTML
//! content, and formatting elements that the parser will reopen
//! ("reconstruct the active formatting elements") stay counted after they
//! close by mistake. Where unsure, it counts an element as open: that only
//! lowers the depth at which a pathological page gets flattened.
//!
//! The same scan closes `<iframe ... />`. The slash means nothing to an HTML
//! parser, and an iframe's content is raw text up to `</iframe>`: an unclosed
//! one swallows the rest of the page. Browsers run scripts, so to them a
//! `<noscript>` (where tag managers write `<noscript><iframe .../></noscript>`)
//! is itself raw text and the iframe is never opened; we parse with
//! scripting off, so we close it.
//!
//! And it spares the parser what is never text: the bodies of scripts
//! (other than JSON: structured data and app state are read), style
//! sheets, inline SVG drawings and comments are a third to half of a
//! page's bytes, which html5ever would otherwise tokenize character by
//! character. Their ends are found as the tokenizer finds them
//! (`</script` inside a string ends a script; `<!--<script>` escapes do
//! not), and the elements themselves stay, empty, so the tree is shaped as
//! before. For extraction ([`prepare`] with a filter) it also cuts the
//! attributes nobody reads, which the same reading of tags delimits, and
//! the white space between tags down to what shows (none beside a block's
//! tags, one character elsewhere, all of it in `<pre>`).
//!
//! The extractor's parse does not rewrite the page and read it again: its
//! tokenizer ([`super::lex`]) hands the [`Guard`] each tag as it reads it
//! and applies the verdict to the tokens. Only a drawing needs a look
//! ahead (whether it closes cleanly), which [`Guard::svg_close`] reads.
//! The rewrite ([`Guard::rewrite`]) remains for what html5ever's own
//! tokenizer reads, and the tests hold the two to the same tree.

use std::borrow::Cow;
use std::collections::HashMap;

use super::dom::Tag;

/// Attributes html5ever's tree builder reads: an input's `type` (hidden
/// ones leave the frameset flag alone), `<font>`'s breakout of foreign
/// content, MathML's `encoding`, declarative shadow roots.
const TREE_BUILDER_ATTRIBUTES: &[&str] = &[
    "type",
    "color",
    "face",
    "size",
    "encoding",
    "shadowrootmode",
    "shadowrootdelegatesfocus",
    "shadowrootclonable",
    "shadowrootserializable",
];

/// Deepest element nesting passed to the parser.
pub const MAX_DEPTH: usize = 512;

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];

/// Elements the parser closes implicitly when a sibling starts (`<p>a<p>b`),
/// or ignores outside their context (`<td>` outside a table); they are not
/// counted, since an unclosed one does not deepen the tree. Ruby parts and
/// `<optgroup>` are not here: without their parent they nest.
const AUTO_CLOSED: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot", "colgroup",
    "caption", "html", "head", "body",
];

/// Start tags that close open table content back to the nearest table.
const TABLE_PARTS: &[&str] = &[
    "td", "th", "tr", "tbody", "thead", "tfoot", "caption", "colgroup",
];

/// Elements whose content is raw text (in HTML content): tags inside them
/// are not tags. `<noscript>` is not here: pages are parsed with scripting
/// off, where it holds markup.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// The spec's "special" elements: an end tag for an ordinary element does
/// not close past one of them.
const SPECIAL: &[&str] = &[
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "base",
    "basefont",
    "bgsound",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "img",
    "input",
    "keygen",
    "li",
    "link",
    "listing",
    "main",
    "marquee",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "p",
    "param",
    "plaintext",
    "pre",
    "script",
    "search",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "wbr",
    "xmp",
    "svg",
    "math",
    "foreignobject",
    "desc",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "annotation-xml",
];

/// End tags the tree builder closes "if in scope", popping whatever is
/// above: the closing stops only at a scope boundary.
const SCOPED_END: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "button",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "pre",
    "search",
    "section",
    "summary",
    "ul",
    "applet",
    "marquee",
    "object",
];

/// Where "in scope" searches stop.
const SCOPE_BOUNDARY: &[&str] = &[
    "applet",
    "caption",
    "html",
    "table",
    "td",
    "th",
    "marquee",
    "object",
    "template",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "annotation-xml",
    "foreignobject",
    "desc",
    "title",
    "svg",
    "math",
];

/// Formatting elements: closed by mistake, the parser reopens them.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// HTML elements that break out of SVG/MathML content back to HTML.
const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
    "font",
];

/// Elements inside SVG/MathML whose content is HTML again.
const INTEGRATION_POINTS: &[&str] = &[
    "foreignobject",
    "desc",
    "title",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "annotation-xml",
];

/// What the lists above say about one tag name, as bits, so the scan
/// looks a name up once per tag instead of searching ten lists.
mod class {
    pub const VOID: u32 = 1;
    pub const AUTO_CLOSED: u32 = 1 << 1;
    pub const RAW_TEXT: u32 = 1 << 2;
    pub const SPECIAL: u32 = 1 << 3;
    pub const SCOPED_END: u32 = 1 << 4;
    pub const SCOPE_BOUNDARY: u32 = 1 << 5;
    pub const FORMATTING: u32 = 1 << 6;
    pub const BREAKOUT: u32 = 1 << 7;
    pub const INTEGRATION_POINT: u32 = 1 << 8;
    pub const TABLE_PART: u32 = 1 << 9;
    pub const HEADING: u32 = 1 << 10;
    pub const FOREIGN_ROOT: u32 = 1 << 11;
    pub const PREFORMATTED: u32 = 1 << 12;
    // The names the scan treats one by one: a bit is a test of a few
    // instructions where comparing names, any case, was a dozen a tag.
    pub const A: u32 = 1 << 13;
    pub const HTML_OR_BODY: u32 = 1 << 14;
    pub const SVG: u32 = 1 << 15;
    pub const IFRAME: u32 = 1 << 16;
    pub const SCRIPT: u32 = 1 << 17;
    pub const STYLE: u32 = 1 << 18;
    pub const TABLE: u32 = 1 << 19;
    pub const TEMPLATE: u32 = 1 << 20;
    pub const FORM: u32 = 1 << 21;
    pub const P_OR_BR: u32 = 1 << 22;
}

/// What the scan reads off a tag's name. The tokenizer works it out once
/// per name a page uses (it memoises names), not once per tag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Named {
    /// Its [`class`] bits.
    pub class: u32,
    /// Laid out as a block (see [`is_block`]).
    pub block: bool,
}

impl Named {
    /// What `name` (any case) is.
    pub(super) fn of(name: &str) -> Named {
        Named {
            class: class_of(name),
            block: is_block(name),
        }
    }
}

/// Longest name in any list (`annotation-xml`); longer names have no class.
const LONGEST_CLASSED: usize = 14;

/// The class bits of a tag name (any case).
fn class_of(name: &str) -> u32 {
    // Looked up for every tag of every page: FNV hashes a short name in a
    // fraction of SipHash's time, and the keys are ours.
    type Table = HashMap<&'static str, u32, std::hash::BuildHasherDefault<crate::text::Fnv1a>>;
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    if name.len() > LONGEST_CLASSED {
        return 0;
    }
    let table = TABLE.get_or_init(|| {
        let mut t = Table::default();
        let lists: [(&[&'static str], u32); 10] = [
            (VOID, class::VOID),
            (AUTO_CLOSED, class::AUTO_CLOSED),
            (RAW_TEXT, class::RAW_TEXT),
            (SPECIAL, class::SPECIAL),
            (SCOPED_END, class::SCOPED_END),
            (SCOPE_BOUNDARY, class::SCOPE_BOUNDARY),
            (FORMATTING, class::FORMATTING),
            (BREAKOUT, class::BREAKOUT),
            (INTEGRATION_POINTS, class::INTEGRATION_POINT),
            (TABLE_PARTS, class::TABLE_PART),
        ];
        for (list, bit) in lists {
            for name in list {
                *t.entry(name).or_default() |= bit;
            }
        }
        for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
            *t.entry(h).or_default() |= class::HEADING;
        }
        for f in ["svg", "math"] {
            *t.entry(f).or_default() |= class::FOREIGN_ROOT;
        }
        for p in ["pre", "listing"] {
            *t.entry(p).or_default() |= class::PREFORMATTED;
        }
        let named = [
            ("a", class::A),
            ("html", class::HTML_OR_BODY),
            ("body", class::HTML_OR_BODY),
            ("svg", class::SVG),
            ("iframe", class::IFRAME),
            ("script", class::SCRIPT),
            ("style", class::STYLE),
            ("table", class::TABLE),
            ("template", class::TEMPLATE),
            ("form", class::FORM),
            ("p", class::P_OR_BR),
            ("br", class::P_OR_BR),
        ];
        for (name, bit) in named {
            *t.entry(name).or_default() |= bit;
        }
        t
    });
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        let mut buf = [0u8; LONGEST_CLASSED];
        let lower = &mut buf[..name.len()];
        lower.copy_from_slice(name.as_bytes());
        lower.make_ascii_lowercase();
        std::str::from_utf8(lower)
            .ok()
            .and_then(|l| table.get(l).copied())
            .unwrap_or(0)
    } else {
        table.get(name).copied().unwrap_or(0)
    }
}

/// A counted open element.
#[derive(Clone)]
struct Open<'a> {
    /// As written in the page (any case).
    name: &'a str,
    /// Its [`class`] bits.
    class: u32,
    /// For content inside this element: the index of the `<svg>`/`<math>`
    /// it is foreign content of, if any (kept per element, so the question
    /// costs nothing however deep the stack).
    foreign_root: Option<usize>,
    /// This element or one it is inside keeps its white space (`<pre>`).
    preformatted: bool,
    /// This element or one it is inside is a formatting element.
    formatted: bool,
}

/// The scan's picture of the parser's open elements.
#[derive(Default, Clone)]
struct Stack<'a> {
    open: Vec<Open<'a>>,
    /// Formatting elements closed by another element's end tag, which the
    /// parser will reopen. Never forgotten: the parser's own bound on them
    /// (three identical ones) limits its list, not the elements already
    /// reopened, which stay open and nest.
    lingering: usize,
}

impl<'a> Stack<'a> {
    fn depth(&self) -> usize {
        self.open.len() + self.lingering
    }

    fn push(&mut self, name: &'a str, class: u32) {
        let foreign_root = if class & class::FOREIGN_ROOT != 0 {
            Some(self.open.len())
        } else if class & (class::INTEGRATION_POINT | class::BREAKOUT) != 0 {
            None
        } else {
            self.foreign_root()
        };
        let (preformatted, formatted) = self
            .open
            .last()
            .map_or((false, false), |o| (o.preformatted, o.formatted));
        self.open.push(Open {
            name,
            class,
            foreign_root,
            preformatted: preformatted || class & class::PREFORMATTED != 0,
            formatted: formatted || class & class::FORMATTING != 0,
        });
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.open
            .iter()
            .rposition(|o| o.name.eq_ignore_ascii_case(name))
    }

    /// The topmost open element with a bit of `class`.
    fn position_of(&self, class: u32) -> Option<usize> {
        self.open.iter().rposition(|o| o.class & class != 0)
    }

    /// Pops everything from `pos` up; formatting elements other than
    /// `leaving` (the one an end tag names) linger.
    fn truncate(&mut self, pos: usize, leaving: Option<usize>) {
        for (k, o) in self.open.drain(pos..).enumerate() {
            if Some(pos + k) != leaving && o.class & class::FORMATTING != 0 {
                self.lingering += 1;
            }
        }
    }

    /// The index of the `<svg>`/`<math>` whose foreign content the current
    /// node is, if any (an HTML integration point or a breakout element in
    /// between makes it HTML again).
    fn foreign_root(&self) -> Option<usize> {
        self.open.last().and_then(|o| o.foreign_root)
    }

    /// True when text here keeps its white space as written.
    fn preformatted(&self) -> bool {
        self.open.last().is_some_and(|o| o.preformatted)
    }

    /// True when the parser may hold a formatting element (`<b>`, `<a>`)
    /// that white space reopens: one is open, or one was closed by
    /// another element's end tag.
    fn may_reopen(&self) -> bool {
        self.lingering > 0 || self.open.last().is_some_and(|o| o.formatted)
    }

    /// True when no element above `pos` has a class in `stops`.
    fn closable(&self, pos: usize, stops: u32) -> bool {
        self.open[pos + 1..].iter().all(|o| o.class & stops == 0)
    }

    /// Handles an end tag; true when the scan closed something.
    fn end_tag(&mut self, name: &str, class: u32) -> bool {
        if let Some(root) = self.foreign_root() {
            if class & class::P_OR_BR != 0 {
                // Breaks out of foreign content.
                self.truncate(root, None);
                return true;
            }
            if let Some(pos) = self.position(name).filter(|&p| p >= root) {
                self.truncate(pos, Some(pos));
                return true;
            }
        }
        if class & class::HEADING != 0 {
            let heading = self.position_of(class::HEADING);
            if let Some(pos) = heading.filter(|&p| self.closable(p, class::SCOPE_BOUNDARY)) {
                self.truncate(pos, Some(pos));
                return true;
            }
            return false;
        }
        let Some(pos) = self.position(name) else {
            return false;
        };
        if class & class::FORM != 0 {
            // `</form>` removes the form alone; its open children stay open.
            if self.closable(pos, class::SCOPE_BOUNDARY) {
                self.open.remove(pos);
                // Elements above moved down one place.
                for o in &mut self.open[pos..] {
                    if let Some(root) = o.foreign_root.as_mut().filter(|r| **r > pos) {
                        *root -= 1;
                    }
                }
                return true;
            }
            return false;
        }
        let closes = if class & class::TABLE != 0 {
            // Table scope: only a template stops `</table>`.
            self.closable(pos, class::TEMPLATE)
        } else if class & class::SCOPED_END != 0 {
            self.closable(pos, class::SCOPE_BOUNDARY)
        } else {
            // Ordinary and formatting elements: with a special element above,
            // the end tag is ignored, or (formatting) the tree is reshuffled
            // without getting shallower.
            self.closable(pos, class::SPECIAL)
        };
        if closes {
            self.truncate(pos, Some(pos));
        }
        closes
    }
}

/// An `<svg>` being read.
#[derive(Clone, Copy)]
struct OpenSvg {
    /// Its place in the stack of open elements.
    depth: usize,
    /// Where its content starts.
    body: usize,
}

/// Returns the page with over-deep start tags (and their end tags) removed,
/// self-closed iframes closed, and the bodies of scripts, styles, SVG
/// drawings and comments cut; borrowed unchanged when none of these occurs.
#[cfg(test)]
pub fn limit_nesting(html: &str) -> Cow<'_, str> {
    prepare(html, None)
}

/// [`limit_nesting`], and with `keep` also the attributes of start tags
/// whose (lower-cased) name it refuses cut out. Attributes are two thirds
/// of what the tokenizer reads once scripts and styles are gone (class
/// lists, links, tracking and framework `data-*` values), and each one it
/// reads is copied twice more on its way into the tree. Attributes the
/// tree builder itself reads ([`TREE_BUILDER_ATTRIBUTES`]) always stay.
///
/// The extractor's own parse does not call this: its tokenizer runs a
/// [`Guard`] tag by tag as it reads them (see [`super::lex`]), so the page
/// is read once; the two give the parser the same tokens.
#[cfg(test)]
pub fn prepare<'h>(html: &'h str, keep: Option<Keep<'_>>) -> Cow<'h, str> {
    Guard::new(html, keep).rewrite(0)
}

/// Which start tags' attributes stay, by lower-cased name.
pub(crate) type Keep<'k> = &'k dyn Fn(&str) -> bool;

/// A tag as the scan reads it.
#[derive(Debug, Clone, Copy)]
pub(super) struct TagRead<'h> {
    /// Where its `<` is.
    pub start: usize,
    /// Just past its `>`.
    pub end: usize,
    /// Its name, as written.
    pub name: &'h str,
    /// What its name is.
    pub named: Named,
    /// An end tag.
    pub closing: bool,
    /// Ends in `/>`.
    pub self_closing: bool,
}

/// What the scan makes of one tag.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Verdict {
    /// The white space between the last tag and this one, replaced by
    /// this text: `(from, to, text)`.
    pub blank: Option<(usize, usize, &'static str)>,
    /// The tag goes: a start tag past the depth cap, or the end tag of one.
    pub dropped: bool,
    /// A self-closed `<iframe/>`: its end tag follows at once.
    pub close_iframe: bool,
    /// The start tag opens raw text that ends here; `true` when the body
    /// goes (code and style sheets).
    pub raw_text: Option<(usize, bool)>,
    /// The start tag opens an `<svg>` whose drawing goes if it closes cleanly.
    pub svg_opened: bool,
    /// The end tag closes cleanly the `<svg>` whose drawing starts here.
    pub svg_closed: Option<usize>,
}

/// The scan's reading of a page so far: its picture of the parser's open
/// elements and the last tag read. [`prepare`] runs it over a whole page
/// and applies its verdicts as cuts; the extractor's tokenizer hands it
/// each tag it reads and applies them to the tokens.
#[derive(Clone)]
pub(super) struct Guard<'h, 'k> {
    html: &'h str,
    /// The attributes kept (lower-cased names); `None` keeps all, and
    /// white space as written.
    keep: Option<Keep<'k>>,
    stack: Stack<'h>,
    /// Start tags dropped past the cap, by name, whose end tags go too.
    dropped: HashMap<String, usize>,
    /// The outermost `<svg>` in HTML content, whose drawing is cut when it
    /// closes cleanly.
    open_svg: Option<OpenSvg>,
    /// The last tag read, for the white space between it and the next.
    prev: Option<Prev>,
    /// Bytes the tokenizer may still have read ahead for drawings (see
    /// [`Guard::svg_close`]); a hostile page of unclosed drawings must not
    /// make that quadratic.
    ahead_budget: usize,
}

/// What the scan meets besides tags.
enum Event<'a, 'h> {
    /// A comment, cut whole.
    Comment(usize, usize),
    /// A tag, its attribute spans (start, end of name, end; for a start
    /// tag when attributes are filtered) and the verdict.
    Tag(&'a TagRead<'h>, &'a [(usize, usize, usize)], Verdict),
}

impl<'h, 'k> Guard<'h, 'k> {
    /// A scan of `html` from its start.
    pub(super) fn new(html: &'h str, keep: Option<Keep<'k>>) -> Self {
        Guard {
            html,
            keep,
            stack: Stack::default(),
            dropped: HashMap::new(),
            open_svg: None,
            prev: None,
            ahead_budget: 2 * html.len() + 4096,
        }
    }

    /// True when a start tag's attribute (lower-cased `name`) stays.
    pub(super) fn keeps(&self, name: &str) -> bool {
        self.keep.is_none_or(|keep| kept(keep, name))
    }

    /// True when attributes are filtered at all.
    pub(super) fn filters(&self) -> bool {
        self.keep.is_some()
    }

    /// Reads one tag: updates the picture of the open elements and says
    /// what becomes of the tag and of the white space before it.
    pub(super) fn tag(&mut self, t: &TagRead<'h>) -> Verdict {
        let bytes = self.html.as_bytes();
        let (name, closing) = (t.name, t.closing);
        let class = t.named.class;
        // White space here is layout only in HTML content that is not
        // preformatted; near the depth cap, where tags get dropped, it is
        // left alone. Where the parser may reopen a formatting element for
        // it, some of it stays, so that the element is reopened as before.
        let stack = &self.stack;
        let blank_run = self.prev.take().filter(|p| {
            // Most tags follow text or another tag: the first byte says.
            p.end < t.start
                && matches!(bytes[p.end], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
                && self.keep.is_some()
                && stack.foreign_root().is_none()
                && !stack.preformatted()
                && stack.depth() + 1 < MAX_DEPTH
        });
        let removable = !self.stack.may_reopen();
        // Whether the parser surely opens or closes an element here. A
        // start tag always opens its element, but `<html>` and `<body>`
        // again only add attributes to the open one.
        let surely = if closing {
            self.stack.end_tag(name, class)
        } else {
            class & class::HTML_OR_BODY == 0
        };
        let mut verdict = Verdict {
            blank: blank_run
                .and_then(|p| p.blank_before(bytes, t.start, surely && t.named.block, removable)),
            ..Verdict::default()
        };
        self.prev = Some(Prev {
            end: t.end,
            block: t.named.block,
            surely,
        });
        if closing {
            let closed = surely;
            let depth = self.stack.open.len();
            if let Some(svg) = self.open_svg.take_if(|svg| depth <= svg.depth) {
                if closed && depth == svg.depth && class & class::SVG != 0 {
                    // Closed by its own end tag: the parser's state after
                    // it is that of an empty `<svg></svg>`.
                    verdict.svg_closed = Some(svg.body);
                }
            }
            if !closed && !self.dropped.is_empty() {
                let key = name.to_ascii_lowercase();
                if let Some(n) = self.dropped.get_mut(&key).filter(|n| **n > 0) {
                    *n -= 1;
                    verdict.dropped = true;
                }
            }
            return verdict;
        }
        if let Some(root) = self.stack.foreign_root() {
            if class & class::BREAKOUT != 0 {
                self.stack.truncate(root, None);
            }
        }
        let depth = self.stack.open.len();
        if self.open_svg.as_ref().is_some_and(|svg| depth <= svg.depth) {
            // Broken out of: what follows is HTML again, so nothing is cut.
            self.open_svg = None;
        }
        let foreign = self.stack.foreign_root().is_some();
        if !foreign && t.self_closing && class & class::IFRAME != 0 {
            verdict.close_iframe = true;
            return verdict;
        }
        if !foreign && class & class::RAW_TEXT != 0 {
            // Skip to the matching end tag without reading tags inside.
            let script = class & class::SCRIPT != 0;
            let body_end = raw_text_end(bytes, t.end, name.as_bytes(), script);
            // What follows the body is its end tag.
            self.prev = None;
            // Code and style sheets are never text, and are a third to half
            // of a page's bytes: the parser need not read them. JSON
            // (structured data, app state) is read by `meta`.
            let cut =
                (script && !mentions_json(&bytes[t.start..t.end])) || class & class::STYLE != 0;
            verdict.raw_text = Some((body_end, cut && body_end > t.end));
            return verdict;
        }
        if !foreign && class & class::TABLE_PART != 0 {
            // A cell, row or section start closes open table content back
            // to the table (no template in between).
            if let Some(pos) = self.stack.position_of(class::TABLE) {
                if self.stack.closable(pos, class::TEMPLATE) {
                    self.stack.truncate(pos + 1, None);
                }
            }
        }
        if !foreign && class & class::A != 0 {
            // A new link closes an open one (unless a block sits between,
            // where the parser reshuffles instead).
            if let Some(pos) = self
                .stack
                .position_of(class::A)
                .filter(|&p| self.stack.closable(p, class::SPECIAL))
            {
                self.stack.truncate(pos, Some(pos));
            }
        }
        // In SVG/MathML, `/>` closes and every other tag nests; in HTML,
        // `/>` means nothing and void or implicitly closed elements do not nest.
        let nests = if foreign {
            !t.self_closing
        } else {
            class & (class::VOID | class::AUTO_CLOSED) == 0
        };
        if nests {
            if self.stack.depth() >= MAX_DEPTH {
                self.prev = None;
                *self.dropped.entry(name.to_ascii_lowercase()).or_default() += 1;
                verdict.dropped = true;
            } else {
                if !foreign && !t.self_closing && self.open_svg.is_none() && class & class::SVG != 0
                {
                    self.open_svg = Some(OpenSvg {
                        depth: self.stack.open.len(),
                        body: t.end,
                    });
                    verdict.svg_opened = true;
                }
                self.stack.push(name, class);
            }
        }
        verdict
    }

    /// Where the `<svg>` whose start tag just ended at `from` closes
    /// cleanly (the start of its end tag), and the scan as it stands after
    /// that end tag; `None` when it is broken out of, never closes, or the
    /// budget for reading ahead is spent. The tokenizer, which cannot take
    /// back what it has handed the parser, asks this before the drawing.
    pub(super) fn svg_close(&mut self, from: usize) -> Option<(usize, Guard<'h, 'k>)> {
        let mut ahead = self.clone();
        let (stop, outcome) = ahead.scan(from, true, |_| {});
        self.ahead_budget = self.ahead_budget.saturating_sub(stop - from);
        ahead.ahead_budget = self.ahead_budget;
        outcome.map(|close| (close, ahead))
    }

    /// Reads tags from `from` on, handing each event to `on`, to the end
    /// of the page, or (`until_svg`) until the open `<svg>` is resolved:
    /// then also the start of its end tag if it closed cleanly. Returns
    /// where it stopped.
    fn scan(
        &mut self,
        from: usize,
        until_svg: bool,
        mut on: impl FnMut(Event<'_, 'h>),
    ) -> (usize, Option<usize>) {
        let html = self.html;
        let bytes = html.as_bytes();
        // The attributes of the tag at hand: (start, end of name, end).
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        let mut i = from;
        while let Some(off) = memchr(b'<', &bytes[i..]) {
            if until_svg && i - from > self.ahead_budget {
                return (i, None);
            }
            let start = i + off;
            let rest = &bytes[start + 1..];
            match rest.first() {
                Some(b'!') if rest.starts_with(b"!--") => {
                    // Comments are never text either.
                    i = comment_end(bytes, start + 2);
                    on(Event::Comment(start, i));
                    continue;
                }
                // Doctype, bogus comments, CDATA: up to the first `>`.
                Some(b'!' | b'?') => {
                    i = memchr(b'>', rest).map_or(bytes.len(), |e| start + 1 + e + 1);
                    continue;
                }
                Some(b'/') => match rest.get(1) {
                    Some(c) if c.is_ascii_alphabetic() => {}
                    Some(b'>') => {
                        i = start + 3;
                        continue;
                    }
                    Some(_) => {
                        i = memchr(b'>', rest).map_or(bytes.len(), |e| start + 1 + e + 1);
                        continue;
                    }
                    None => break,
                },
                Some(c) if c.is_ascii_alphabetic() => {}
                _ => {
                    i = start + 1;
                    continue;
                }
            }
            let closing = rest.first() == Some(&b'/');
            let name_start = start + 1 + usize::from(closing);
            let name_len = bytes[name_start..]
                .iter()
                .take_while(|&&b| {
                    !matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
                })
                .count();
            // The name ends at an ASCII byte or the end, so it is a whole str.
            let name = html
                .get(name_start..name_start + name_len)
                .unwrap_or_default();
            spans.clear();
            let wanted = (self.keep.is_some() && !closing && !until_svg).then_some(&mut spans);
            let (end, self_closing) = tag_end(bytes, name_start + name_len, wanted);
            if end > bytes.len() {
                // A tag cut off by the end of the page is dropped by the parser.
                break;
            }
            let tag = TagRead {
                start,
                end,
                name,
                named: Named::of(name),
                closing,
                self_closing,
            };
            let verdict = self.tag(&tag);
            on(Event::Tag(&tag, &spans, verdict));
            i = match verdict.raw_text {
                Some((body_end, _)) => body_end,
                None => end,
            };
            if until_svg && self.open_svg.is_none() {
                return (i, verdict.svg_closed.map(|_| start));
            }
        }
        (bytes.len(), None)
    }

    /// The page from `from` on with the scan's verdicts applied as cuts;
    /// borrowed when nothing is cut.
    pub(super) fn rewrite(mut self, from: usize) -> Cow<'h, str> {
        let html = self.html;
        let keep = self.keep;
        // Edits in page order: the byte range replaced, and what replaces it.
        let mut cuts: Vec<(usize, usize, &str)> = Vec::new();
        // The cuts made before the open `<svg>`'s drawing (those inside it
        // are replaced by one when it closes cleanly).
        let mut before_svg = 0;
        self.scan(from, false, |event| match event {
            Event::Comment(start, end) => cuts.push((start, end, "")),
            Event::Tag(t, spans, verdict) => {
                cuts.extend(verdict.blank);
                // Undone if the whole tag goes.
                let before_attributes = cuts.len();
                if let Some(keep) = keep {
                    cut_attributes(html, spans, keep, &mut cuts);
                }
                if let Some(body) = verdict.svg_closed.filter(|&b| b >= from) {
                    cuts.truncate(before_svg);
                    cuts.push((body, t.start, ""));
                }
                if verdict.dropped {
                    cuts.truncate(before_attributes);
                    cuts.push((t.start, t.end, ""));
                }
                if verdict.close_iframe {
                    cuts.push((t.end, t.end, "</iframe>"));
                }
                if let Some((body_end, true)) = verdict.raw_text {
                    cuts.push((t.end, body_end, ""));
                }
                if verdict.svg_opened {
                    before_svg = cuts.len();
                }
            }
        });
        if cuts.is_empty() {
            return Cow::Borrowed(&html[from..]);
        }
        let mut out = String::with_capacity(html.len() - from);
        let mut last = from;
        for (s, e, insert) in cuts {
            out.push_str(&html[last..s]);
            out.push_str(insert);
            last = e;
        }
        out.push_str(&html[last..]);
        Cow::Owned(out)
    }
}

/// True when an attribute named `lower` (lower-cased) stays: the tree
/// builder reads it, or `keep` takes it.
fn kept(keep: Keep<'_>, lower: &str) -> bool {
    TREE_BUILDER_ATTRIBUTES.contains(&lower) || keep(lower)
}

/// `name` with ASCII capitals lowered, borrowed when it has none.
pub(super) fn lowered(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Cuts out the attributes in `spans` that `keep` refuses, each with the
/// white space before it.
fn cut_attributes<'h>(
    html: &'h str,
    spans: &[(usize, usize, usize)],
    keep: Keep<'_>,
    cuts: &mut Vec<(usize, usize, &'h str)>,
) {
    let bytes = html.as_bytes();
    for &(from, name_end, to) in spans {
        // Spans end at ASCII delimiters, so on character bounds; were one
        // not, the attribute would stay.
        let (Some(attr), true) = (html.get(from..name_end), html.is_char_boundary(to)) else {
            continue;
        };
        if !kept(keep, &lowered(attr)) {
            // With the white space before it, unless the next attribute is
            // glued on (`a="1"b`) and would join the one before, or a `/`
            // follows, which would join an unquoted value before
            // (`type=hidden name=x/>`).
            let glued = !bytes
                .get(to)
                .is_some_and(|&b| b.is_ascii_whitespace() || b == b'>');
            let blank = bytes[..from]
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            cuts.push((if glued { from } else { from - blank }, to, ""));
        }
    }
}

/// A tag the scan has read, as the start of the text that follows it.
#[derive(Clone, Copy)]
struct Prev {
    /// Just past its `>`.
    end: usize,
    /// Its element is laid out as a block.
    block: bool,
    /// The parser surely opens or closes an element here (a stray end tag
    /// is ignored, and the text on its two sides runs together).
    surely: bool,
}

impl Prev {
    /// The cut that shrinks what lies between this tag and the tag at
    /// `next` when it is white space alone: none of it shows beside a
    /// block's tag (`next_block`: the next tag's element is a block, and
    /// the tag surely opens or closes it), and elsewhere one character shows as much as many. It
    /// goes whole only when `removable`. Indented pages are a newline and
    /// a run of spaces between every two tags, and the tokenizer and tree
    /// builder step through each (the tokenizer stops at every newline).
    fn blank_before(
        &self,
        bytes: &[u8],
        next: usize,
        next_block: bool,
        removable: bool,
    ) -> Option<(usize, usize, &'static str)> {
        let run = bytes.get(self.end..next).filter(|r| !r.is_empty())?;
        if !run
            .iter()
            .all(|b| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' '))
        {
            return None;
        }
        let beside_block = (self.surely && self.block) || next_block;
        if removable && beside_block {
            Some((self.end, next, ""))
        } else if run.len() > 1 {
            Some((
                self.end,
                next,
                if run.contains(&b'\n') { "\n" } else { " " },
            ))
        } else {
            None
        }
    }
}

/// True when the element named `name` (any case) is laid out as a block.
fn is_block(name: &str) -> bool {
    const LONGEST: usize = 32;
    if !name.bytes().any(|b| b.is_ascii_uppercase()) {
        return Tag::is_block_name(name);
    }
    if name.len() > LONGEST {
        return Tag::is_block_name(&name.to_ascii_lowercase());
    }
    let mut buf = [0u8; LONGEST];
    let lower = &mut buf[..name.len()];
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).is_ok_and(Tag::is_block_name)
}

/// Where a comment whose `<!` is at `from - 1` ends, as the tokenizer sees
/// it: `<!-->` and `<!--->` are whole comments, `--!>` ends one too. Never
/// later than the tokenizer's end.
pub(super) fn comment_end(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    let mut k = 0;
    while let Some(d) = memchr(b'-', &rest[k..]) {
        let at = k + d;
        if rest[at..].starts_with(b"-->") {
            return from + at + 3;
        }
        if rest[at..].starts_with(b"--!>") {
            return from + at + 4;
        }
        k = at + 1;
    }
    bytes.len()
}

/// Reads a tag's attributes from `from` (just past its name) like the HTML
/// tokenizer: returns the index just past its `>` (past the end of `bytes`
/// when the page ends inside the tag) and whether it ends in a real `/>`
/// (not a `/` inside an unquoted attribute value). With `spans`, each
/// attribute's start, the end of its name and its end are pushed there.
fn tag_end(
    bytes: &[u8],
    from: usize,
    mut spans: Option<&mut Vec<(usize, usize, usize)>>,
) -> (usize, bool) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        BeforeName,
        Name,
        AfterName,
        BeforeValue,
        AfterQuoted,
        Unquoted,
        SelfClosing,
    }
    let mut state = State::BeforeName;
    let mut k = from;
    while k < bytes.len() {
        let b = bytes[k];
        let space = matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
        let was = state;
        state = match state {
            State::BeforeName | State::AfterName if space => state,
            State::Name if space => State::AfterName,
            // After a `/` that no `>` follows, white space is the white
            // space before a name, not the start of one.
            State::Unquoted | State::AfterQuoted | State::SelfClosing if space => State::BeforeName,
            _ if b == b'>' => return (k + 1, state == State::SelfClosing),
            State::Unquoted => state,
            State::BeforeValue if space => state,
            State::BeforeValue if b == b'"' || b == b'\'' => {
                // Values are most of a tag's bytes: jump to the closing quote.
                match memchr(b, &bytes[k + 1..]) {
                    Some(e) => {
                        k += e + 2;
                        state = State::AfterQuoted;
                        if let Some(last) = spans.as_deref_mut().and_then(|s| s.last_mut()) {
                            last.2 = k;
                        }
                        continue;
                    }
                    None => return (bytes.len() + 1, false),
                }
            }
            State::BeforeValue => State::Unquoted,
            _ if b == b'/' => State::SelfClosing,
            State::Name | State::AfterName if b == b'=' => State::BeforeValue,
            State::Name => state,
            // A `/` not followed by `>`, or junk after a quoted value, starts
            // a new attribute name.
            State::SelfClosing | State::AfterQuoted | State::BeforeName | State::AfterName => {
                State::Name
            }
        };
        if let Some(spans) = spans.as_deref_mut() {
            match state {
                State::Name if was != State::Name => spans.push((k, k + 1, k + 1)),
                State::Name => {
                    if let Some(last) = spans.last_mut() {
                        (last.1, last.2) = (k + 1, k + 1);
                    }
                }
                State::BeforeValue | State::Unquoted if !space => {
                    if let Some(last) = spans.last_mut() {
                        last.2 = k + 1;
                    }
                }
                _ => {}
            }
        }
        k += 1;
        // The rest of a name or an unquoted value in one run: a state
        // step per byte was most of the scan's time.
        // (Each search a loop of its own: through a function pointer, the
        // test was a call per byte.)
        let rest = &bytes[k..];
        let run = match state {
            State::Name => rest.iter().position(|&b| {
                matches!(
                    b,
                    b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'=' | b'>'
                )
            }),
            State::Unquoted => rest
                .iter()
                .position(|&b| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'>')),
            _ => continue,
        }
        .unwrap_or(rest.len());
        if run > 0 {
            k += run;
            if let Some(last) = spans.as_deref_mut().and_then(|s| s.last_mut()) {
                if state == State::Name {
                    last.1 = k;
                }
                last.2 = k;
            }
        }
    }
    (bytes.len() + 1, false)
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    memchr::memchr(needle, haystack)
}

/// Where the raw text that starts at `from` ends: the first `</name`
/// (any case) followed by what ends a tag name, else the end of the page;
/// a script's as [`script_end`] finds it.
pub(super) fn raw_text_end(bytes: &[u8], from: usize, name: &[u8], script: bool) -> usize {
    if script {
        return script_end(bytes, from);
    }
    let mut k = from;
    while let Some(off) = memchr(b'<', &bytes[k..]) {
        let at = k + off;
        if is_tag(&bytes[at..], name, true) {
            return at;
        }
        k = at + 1;
    }
    bytes.len()
}

/// Where a script's body that starts at `from` ends, as the tokenizer's
/// script states find it: `</script` ends it, except between `<!--<script>`
/// and the next `</script>` (the "double escaped" text old pages use to
/// write script tags from a script), which `-->` also ends. The page's end
/// when nothing ends it.
fn script_end(bytes: &[u8], from: usize) -> usize {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Data;
    let mut k = from;
    loop {
        // Dashes matter only inside an escape; scripts are full of them.
        let found = if state == State::Data {
            memchr(b'<', &bytes[k..])
        } else {
            memchr::memchr2(b'<', b'-', &bytes[k..])
        };
        let Some(off) = found else {
            break;
        };
        let at = k + off;
        let rest = &bytes[at..];
        k = at + 1;
        if rest[0] == b'-' {
            if state != State::Data && rest.starts_with(b"-->") {
                state = State::Data;
                k = at + 3;
            }
            continue;
        }
        match state {
            State::Data if is_tag(rest, b"script", true) => return at,
            State::Data if rest.starts_with(b"<!--") => {
                // The dashes that open an escape may close it at once: `<!-->`.
                let dashes = rest[4..].iter().take_while(|&&b| b == b'-').count();
                k = at + 4 + dashes;
                if bytes.get(k) == Some(&b'>') {
                    k += 1;
                } else {
                    state = State::Escaped;
                }
            }
            State::Escaped if is_tag(rest, b"script", true) => return at,
            State::Escaped if is_tag(rest, b"script", false) => state = State::DoubleEscaped,
            State::DoubleEscaped if is_tag(rest, b"script", true) => state = State::Escaped,
            _ => {}
        }
    }
    bytes.len()
}

/// True when `rest` opens a start (or, when `end`, an end) tag named
/// `name` (any case), followed by what ends a tag name. A name cut off by
/// the page's end is no tag: the tokenizer emits it as text.
fn is_tag(rest: &[u8], name: &[u8], end: bool) -> bool {
    let open: &[u8] = if end { b"</" } else { b"<" };
    rest.starts_with(open)
        && rest
            .get(open.len()..open.len() + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        && rest
            .get(open.len() + name.len())
            .is_some_and(|&b| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'))
}

/// True when a tag's bytes say `json` anywhere (any case): a script of
/// structured data (`application/ld+json`) or app state (`application/json`).
fn mentions_json(tag: &[u8]) -> bool {
    tag.windows(4).any(|w| w.eq_ignore_ascii_case(b"json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_classed_in_any_case_and_only_by_their_whole_name() {
        let named = [
            ("a", class::A),
            ("HTML", class::HTML_OR_BODY),
            ("Body", class::HTML_OR_BODY),
            ("svg", class::SVG | class::FOREIGN_ROOT),
            ("IFrame", class::IFRAME),
            ("script", class::SCRIPT | class::RAW_TEXT),
            ("STYLE", class::STYLE | class::RAW_TEXT),
            ("table", class::TABLE),
            ("template", class::TEMPLATE),
            ("form", class::FORM),
            ("P", class::P_OR_BR),
            ("br", class::P_OR_BR | class::VOID),
        ];
        for (name, bits) in named {
            assert_eq!(class_of(name) & bits, bits, "{name}");
            assert_eq!(Named::of(name), Named::of(&name.to_ascii_lowercase()));
        }
        for name in ["abbr", "tablex", "span", "ab", "bodyx", "x-table"] {
            let one_by_one = class::A
                | class::HTML_OR_BODY
                | class::TABLE
                | class::FORM
                | class::P_OR_BR
                | class::TEMPLATE;
            assert_eq!(class_of(name) & one_by_one, 0, "{name}");
        }
        // Blocks, by the layout's reading.
        assert!(Named::of("DIV").block && Named::of("my-widget").block);
        assert!(!Named::of("span").block && !Named::of("a").block);
    }

    #[test]
    fn self_closed_iframes_are_closed() {
        let page =
            r#"<noscript><iframe src="https://t.test/ns" height="0" /></noscript><p>Text</p>"#;
        assert_eq!(
            limit_nesting(page),
            r#"<noscript><iframe src="https://t.test/ns" height="0" /></iframe></noscript><p>Text</p>"#
        );
        assert!(matches!(limit_nesting("<p>plain</p>"), Cow::Borrowed(_)));
    }

    /// The deepest element of the parsed page (iteratively: the tree may be deep).
    fn parsed_depth(page: &str) -> usize {
        let tree = super::super::tree::parse(page);
        let mut deepest = 0;
        let mut todo = vec![(super::super::tree::DOCUMENT, 0usize)];
        while let Some((node, depth)) = todo.pop() {
            deepest = deepest.max(depth);
            todo.extend(tree.children(node).map(|c| (c, depth + 1)));
        }
        deepest
    }

    /// Guarded, the page parses no deeper than the cap allows (a table
    /// level is table, tbody, tr, td: four elements for one counted).
    fn assert_bounded(what: &str, page: &str) {
        let guarded = limit_nesting(page);
        let depth = parsed_depth(&guarded);
        assert!(
            depth <= 4 * MAX_DEPTH + 8,
            "{what}: parsed {depth} deep after the guard"
        );
    }

    #[test]
    fn ordinary_pages_pass_untouched() {
        let page = "<html><body><div><p>a<p>b<ul><li>x<li>y</ul><script type=application/ld+json>{}</script></div>\
                    <svg/><b>x<i>y</b>z</i><textarea><!-- t --></textarea></body></html>";
        assert!(matches!(limit_nesting(page), Cow::Borrowed(_)));
    }

    /// The tree the parser makes of a page, as text, leaving out what the
    /// cut removes: comments and the content of scripts (but JSON), styles
    /// and drawings.
    fn parsed(page: &str) -> String {
        use crate::extract::tree::{Data, DOCUMENT};
        let tree = super::super::tree::parse(page);
        let mut out = String::new();
        let mut todo = vec![(DOCUMENT, 0usize)];
        while let Some((node, depth)) = todo.pop() {
            let mut descend = true;
            match &tree.node(node).data {
                Data::Element(el) => {
                    let el = tree.view(el);
                    out += &format!("\n{}<{}", " ".repeat(depth), el.name());
                    for (k, v) in el.attrs() {
                        out += &format!(" {k}={v:?}");
                    }
                    out += ">";
                    let json = el.attr("type").is_some_and(|t| t.contains("json"));
                    descend =
                        !matches!(el.name(), "style" | "svg") && (el.name() != "script" || json);
                }
                // Written as is, so text split by a comment reads as one.
                Data::Text(t) => out += t,
                _ => {}
            }
            if descend {
                let children: Vec<_> = tree.children(node).collect();
                todo.extend(children.into_iter().rev().map(|c| (c, depth + 1)));
            }
        }
        out
    }

    /// The page is cut as expected, and the cut page parses as the whole
    /// one does.
    fn assert_cut(page: &str, expected: &str) {
        let cut = limit_nesting(page);
        assert_eq!(cut, expected, "cut of {page:?}");
        assert_eq!(parsed(&cut), parsed(page), "parse of {page:?}");
    }

    #[test]
    fn never_text_is_cut_as_the_tokenizer_reads_it() {
        let cases = [
            // A script's body, whatever it holds, up to `</script`.
            ("<script>if (a<b) x()</script><p>t", "<script></script><p>t"),
            // `</script` inside a string still ends it, as in browsers.
            (
                "<script>s='</script>';</script><p>t",
                "<script></script>';</script><p>t",
            ),
            // Mixed case, attributes, space before `>`.
            (
                "<SCRIPT src=x.js>a()</ScRiPt ><p>t",
                "<SCRIPT src=x.js></ScRiPt ><p>t",
            ),
            // `</scripts>` is not the end tag.
            (
                "<script>a='</scripts>'</script><p>t",
                "<script></script><p>t",
            ),
            // `<!--<script>` escapes: the inner `</script>` does not end it.
            (
                "<script><!--<script>w('x')</script>--></script><p>t",
                "<script></script><p>t",
            ),
            // An escape without an inner script ends at `</script>`.
            ("<script><!-- a() </script><p>t", "<script></script><p>t"),
            // `-->` leaves the double escape too.
            (
                "<script><!--<script>a--></script><p>t",
                "<script></script><p>t",
            ),
            // `<!-->` opens and closes at once.
            (
                "<script><!--><script></script><p>t",
                "<script></script><p>t",
            ),
            // Style sheets, `</style >` with a space.
            ("<style>p{color:red}</style ><p>t", "<style></style ><p>t"),
            // Unclosed bodies run to the end of the page.
            ("<p>t<script>never closed <p>x", "<p>t<script>"),
            ("<p>t<style>never closed", "<p>t<style>"),
            // JSON stays: structured data is read.
            (
                r#"<script type="application/ld+json">{"a":1}</script><p>t"#,
                r#"<script type="application/ld+json">{"a":1}</script><p>t"#,
            ),
            // Drawings, nested ones too; a title inside is no text of the page.
            (
                "<p>a<svg viewBox='0 0 1 1'><title>Icon</title><svg><path d='M0'/></svg></svg>b",
                "<p>a<svg viewBox='0 0 1 1'></svg>b",
            ),
            // Comments.
            ("<p>a <!-- x --> b<!--> c", "<p>a  b c"),
        ];
        for (page, expected) in cases {
            assert_cut(page, expected);
        }
    }

    #[test]
    fn drawings_broken_out_of_are_left_alone() {
        // `<p>` inside an SVG ends it: what follows is the page.
        let page = "<svg><path/><p>text</p></svg><p>more";
        assert_eq!(limit_nesting(page), page);
        // A title holding a block keeps `</svg>` from closing the drawing.
        let page = "<svg><title><div>x</svg>y</div></title></svg><p>z";
        assert_eq!(parsed(&limit_nesting(page)), parsed(page));
    }

    #[test]
    fn attributes_nobody_reads_are_cut_out() {
        let keep = |name: &str| matches!(name, "class" | "id" | "href");
        let cut = |page: &str| prepare(page, Some(&keep)).into_owned();
        assert_eq!(
            cut("<div data-x=\"1 > 2\" class=a DATA-Y='z' ID=b onclick=go()>t</div>"),
            "<div class=a ID=b>t</div>"
        );
        // Unquoted values, names glued to a quoted value, `/>`, a bare name.
        assert_eq!(cut("<a x=1/ href=/p/>l</a>"), "<a href=/p/>l</a>");
        assert_eq!(cut("<p a=\"1\"class=\"c\"b>t</p>"), "<p class=\"c\">t</p>");
        assert_eq!(cut("<svg width=1 viewBox='0 0 1 1'/>"), "<svg />");
        // A value left unquoted before a `/` keeps its end.
        assert_eq!(
            cut("<input type=hidden name=\"x\"/>"),
            "<input type=hidden />"
        );
        assert_eq!(cut("<img src=x alt=y />"), "<img />");
        assert_eq!(
            cut("<p é=ü data-x=ß\u{301} class=c>t</p>"),
            "<p class=c>t</p>"
        );
        // What the tree builder reads stays; end tags are left alone.
        assert_eq!(
            cut("<input type=hidden value=v><font color=red size=2>x</font bogus=1>"),
            "<input type=hidden><font color=red size=2>x</font bogus=1>"
        );
        // A tag dropped for depth is dropped whole.
        let deep = format!("{}x", "<div data-a=1 class=c>".repeat(MAX_DEPTH + 2));
        let out = cut(&deep);
        assert_eq!(out.matches("<div class=c>").count(), MAX_DEPTH);
        assert!(!out.contains("data-a"));
        // Nothing to cut: the page comes back as it is.
        assert!(matches!(
            prepare("<p class=a>t</p>", Some(&keep)),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn white_space_between_tags_is_cut_to_what_shows() {
        let keep = |name: &str| name == "href";
        let cut = |page: &str| prepare(page, Some(&keep)).into_owned();
        let rendered = |page: &str| {
            let tree = super::super::tree::parse(page);
            let dom = super::super::dom::Dom::build(&tree);
            let removed = vec![false; dom.len()];
            super::super::render::render(&dom, &[0], &removed, Default::default())
                .into_iter()
                .map(|b| b.text)
                .collect::<Vec<_>>()
        };
        let cases = [
            // Beside a block's tags, none of it shows.
            (
                "<div>\n  <p>a</p>\n  <p>b <i>c</i></p>\n</div>\n",
                "<div><p>a</p><p>b <i>c</i></p></div>\n",
            ),
            // Between inline elements, or beside ones that never show, one
            // character shows as much as many.
            (
                "<p><span>a</span>\n   <span>b</span>  <button>x</button>\t <b>c</b></p>",
                "<p><span>a</span>\n<span>b</span> <button>x</button> <b>c</b></p>",
            ),
            // A stray end tag closes nothing: the words beside it stay apart.
            (
                "<p><span>a</span>  </div>  <span>b</span></p>",
                "<p><span>a</span> </div> <span>b</span></p>",
            ),
            // Preformatted text keeps its white space; after it, text is laid out again.
            (
                "<pre>\n  <b>a</b>\n  <b>b</b>\n</pre>\n  <p>c</p>",
                "<pre>\n  <b>a</b>\n  <b>b</b>\n</pre><p>c</p>",
            ),
            // Inside a formatting element the parser reopens that element
            // for white space after a block closes it, so some stays.
            (
                "<a href=x>\n  <div>t</div>\n</a>",
                "<a href=x>\n<div>t</div>\n</a>",
            ),
            (
                "<p>\n <em>\n  <p>a</p>\n  <p>b</p>",
                "<p><em>\n<p>a</p>\n<p>b</p>",
            ),
            // Text with white space in it is text.
            ("<p>a\n   b</p>\n", "<p>a\n   b</p>\n"),
        ];
        for (page, expected) in cases {
            let out = cut(page);
            assert_eq!(out, expected, "cut of {page:?}");
            assert_eq!(rendered(&out), rendered(page), "text of {page:?}");
        }
        // Only extraction's parse cuts it; other tools see the page as written.
        assert_eq!(
            limit_nesting("<div>\n  <p>a</p>\n</div>"),
            "<div>\n  <p>a</p>\n</div>"
        );
    }

    #[test]
    fn deep_nesting_is_capped() {
        let page = "<div>".repeat(10_000) + "deep text" + &"</div>".repeat(10_000);
        let out = limit_nesting(&page);
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
        assert!(out.contains("deep text"));
    }

    #[test]
    fn unclosed_inline_tags_are_capped() {
        let page: String = (0..5000).map(|i| format!("<b class=c{i}>t")).collect();
        let out = limit_nesting(&page);
        assert_eq!(out.matches("<b ").count(), MAX_DEPTH);
        assert_eq!(out.matches('t').count(), 5000);
    }

    #[test]
    fn unclosed_paragraphs_are_not_dropped() {
        let page = "<p>x".repeat(5000);
        assert!(matches!(limit_nesting(&page), Cow::Borrowed(_)));
    }

    #[test]
    fn attribute_spans_cover_names_and_values_of_every_form() {
        let tag = b" data-long-name=unquoted/value class=\"a b\" hidden x'y=z />";
        let mut spans = Vec::new();
        assert_eq!(tag_end(tag, 0, Some(&mut spans)), (tag.len(), true));
        let read: Vec<(&str, &str)> = spans
            .iter()
            .map(|&(from, name_end, to)| {
                let text = |a: usize, b: usize| std::str::from_utf8(&tag[a..b]).expect("ASCII");
                (text(from, name_end), text(from, to))
            })
            .collect();
        assert_eq!(
            read,
            [
                ("data-long-name", "data-long-name=unquoted/value"),
                ("class", "class=\"a b\""),
                ("hidden", "hidden"),
                ("x'y", "x'y=z"),
            ]
        );
    }

    #[test]
    fn tag_ends_follow_the_tokenizer() {
        assert_eq!(tag_end(b" a=\"x>y\">", 0, None), (9, false));
        assert_eq!(tag_end(b" a=b/>", 0, None), (6, false));
        assert_eq!(tag_end(b" a='b' />", 0, None), (9, true));
        assert_eq!(tag_end(b"/>", 0, None), (2, true));
        assert_eq!(tag_end(b" a\"b>", 0, None), (5, false));
        assert_eq!(tag_end(b" a = \"b>c\">", 0, None), (11, false));
        assert_eq!(tag_end(b" a=\"unterminated", 0, None).0, 17);
        assert_eq!(comment_end(b"<!-->x", 2), 5);
        assert_eq!(comment_end(b"<!--->x", 2), 6);
        assert_eq!(comment_end(b"<!-- a --!>x", 2), 11);
    }

    /// Each of these once slipped past the scan: the parser nests while the
    /// scan believed it did not, and parsing took minutes.
    #[test]
    fn tricks_that_nest_behind_a_naive_scan_are_capped() {
        let n = 20_000;
        let cases: Vec<(&str, String)> = vec![
            ("ruby parts without ruby", "<rt>x ".repeat(n)),
            ("optgroup", "<optgroup>x ".repeat(n)),
            ("self-closing div", "<div/>x ".repeat(n)),
            ("self-closing in unquoted value", "<svg><g a=b/>".repeat(n)),
            ("abrupt empty comment", "<!--><div>x ".repeat(n)),
            (
                "comment closed by --!>",
                "<!-- --!>".to_string() + &"<div>x ".repeat(n),
            ),
            (
                "svg title holds HTML",
                "<svg><title>".to_string() + &"<div>x ".repeat(n),
            ),
            (
                "svg breakout then self-closing",
                "<svg><br>".to_string() + &"<x/>".repeat(n),
            ),
            (
                "end tag past a special element",
                "<span><div></span>".repeat(n),
            ),
            ("quote in a tag name", "<div\"x></div>".repeat(n)),
            (
                "quote in an attribute name",
                "<div a\">".to_string() + &"<div>".repeat(n),
            ),
            ("heading end under a div", "<h1><div><h2></h1>".repeat(n)),
            (
                "formatting reopened",
                (0..n)
                    .map(|i| format!("<div><b class=c{i}></div>x"))
                    .collect(),
            ),
            ("formatting past a block", "<b><div></b>".repeat(n)),
            (
                "identical formatting reopened",
                "<div><b></div><i>x</i>".repeat(n),
            ),
            (
                "form closed around its content",
                "<form><div></form>".repeat(n),
            ),
            (
                "foster-parented in a table",
                "<table><div></td>".to_string() + &"<div></td>".repeat(n),
            ),
        ];
        for (what, page) in cases {
            assert_bounded(what, &format!("<html><body>{page}</body></html>"));
        }
    }
}
