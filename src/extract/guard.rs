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

use std::borrow::Cow;
use std::collections::HashMap;

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

/// A counted open element.
struct Open {
    name: String,
    /// For content inside this element: the index of the `<svg>`/`<math>`
    /// it is foreign content of, if any (kept per element, so the question
    /// costs nothing however deep the stack).
    foreign_root: Option<usize>,
}

/// The scan's picture of the parser's open elements.
#[derive(Default)]
struct Stack {
    open: Vec<Open>,
    /// Formatting elements closed by another element's end tag, which the
    /// parser will reopen. Never forgotten: the parser's own bound on them
    /// (three identical ones) limits its list, not the elements already
    /// reopened, which stay open and nest.
    lingering: usize,
    /// How many open elements bear each name: an end tag for an element
    /// that is not open is answered without a walk down the stack.
    named: HashMap<String, usize>,
}

impl Stack {
    fn depth(&self) -> usize {
        self.open.len() + self.lingering
    }

    fn push(&mut self, name: String) {
        let foreign_root = if name == "svg" || name == "math" {
            Some(self.open.len())
        } else if INTEGRATION_POINTS.contains(&name.as_str()) || BREAKOUT.contains(&name.as_str()) {
            None
        } else {
            self.foreign_root()
        };
        *self.named.entry(name.clone()).or_default() += 1;
        self.open.push(Open { name, foreign_root });
    }

    fn position(&self, name: &str) -> Option<usize> {
        if self.named.get(name).is_none_or(|&n| n == 0) {
            return None;
        }
        self.open.iter().rposition(|o| o.name == name)
    }

    /// Pops everything from `pos` up; formatting elements other than
    /// `leaving` (the one an end tag names) linger.
    fn truncate(&mut self, pos: usize, leaving: Option<usize>) {
        for (k, o) in self.open.drain(pos..).enumerate() {
            if let Some(n) = self.named.get_mut(&o.name) {
                *n -= 1;
            }
            if Some(pos + k) != leaving && FORMATTING.contains(&o.name.as_str()) {
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

    /// True when nothing above `pos` stops an end tag: no scope boundary
    /// (`scoped`) or no special element (otherwise).
    fn closable(&self, pos: usize, scoped: bool) -> bool {
        let stops: &[&str] = if scoped { SCOPE_BOUNDARY } else { SPECIAL };
        self.open[pos + 1..]
            .iter()
            .all(|o| !stops.contains(&o.name.as_str()))
    }

    /// Handles an end tag; true when the scan closed something.
    fn end_tag(&mut self, name: &str) -> bool {
        if let Some(root) = self.foreign_root() {
            if name == "p" || name == "br" {
                // Breaks out of foreign content.
                self.truncate(root, None);
                return true;
            }
            if let Some(pos) = self.position(name).filter(|&p| p >= root) {
                self.truncate(pos, Some(pos));
                return true;
            }
        }
        if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            let heading = self
                .open
                .iter()
                .rposition(|o| matches!(o.name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"));
            if let Some(pos) = heading.filter(|&p| self.closable(p, true)) {
                self.truncate(pos, Some(pos));
                return true;
            }
            return false;
        }
        let Some(pos) = self.position(name) else {
            return false;
        };
        if name == "form" {
            // `</form>` removes the form alone; its open children stay open.
            if self.closable(pos, true) {
                let form = self.open.remove(pos);
                if let Some(n) = self.named.get_mut(&form.name) {
                    *n -= 1;
                }
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
        let closes = if name == "table" {
            // Table scope: only a template stops `</table>`.
            !self.open[pos + 1..].iter().any(|o| o.name == "template")
        } else if SCOPED_END.contains(&name) {
            self.closable(pos, true)
        } else {
            // Ordinary and formatting elements: with a special element above,
            // the end tag is ignored, or (formatting) the tree is reshuffled
            // without getting shallower.
            self.closable(pos, false)
        };
        if closes {
            self.truncate(pos, Some(pos));
        }
        closes
    }
}

/// Returns the page with over-deep start tags (and their end tags) removed;
/// borrowed unchanged when nothing is too deep.
pub fn limit_nesting(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut stack = Stack::default();
    let mut dropped: HashMap<String, usize> = HashMap::new();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let start = i + off;
        let rest = &bytes[start + 1..];
        match rest.first() {
            Some(b'!') if rest.starts_with(b"!--") => {
                i = comment_end(bytes, start + 2);
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
            .take_while(|&&b| !matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'))
            .count();
        let name = html
            .get(name_start..name_start + name_len)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let (end, self_closing) = tag_end(bytes, name_start + name_len);
        if end > bytes.len() {
            // A tag cut off by the end of the page is dropped by the parser.
            break;
        }
        if closing {
            if !stack.end_tag(&name) {
                if let Some(n) = dropped.get_mut(&name).filter(|n| **n > 0) {
                    *n -= 1;
                    cuts.push((start, end));
                }
            }
            i = end;
            continue;
        }
        if let Some(root) = stack.foreign_root() {
            if BREAKOUT.contains(&name.as_str()) {
                stack.truncate(root, None);
            }
        }
        let foreign = stack.foreign_root().is_some();
        if !foreign && RAW_TEXT.contains(&name.as_str()) {
            // Skip to the matching end tag without reading tags inside.
            let close = format!("</{name}");
            i = find_ci(bytes, end, close.as_bytes()).unwrap_or(bytes.len());
            continue;
        }
        if !foreign && TABLE_PARTS.contains(&name.as_str()) {
            // A cell, row or section start closes open table content back
            // to the table (no template in between).
            if let Some(pos) = stack.position("table") {
                if !stack.open[pos + 1..].iter().any(|o| o.name == "template") {
                    stack.truncate(pos + 1, None);
                }
            }
        }
        if !foreign && name == "a" {
            // A new link closes an open one (unless a block sits between,
            // where the parser reshuffles instead).
            if let Some(pos) = stack.position("a").filter(|&p| stack.closable(p, false)) {
                stack.truncate(pos, Some(pos));
            }
        }
        // In SVG/MathML, `/>` closes and every other tag nests; in HTML,
        // `/>` means nothing and void or implicitly closed elements do not nest.
        let nests = if foreign {
            !self_closing
        } else {
            !VOID.contains(&name.as_str()) && !AUTO_CLOSED.contains(&name.as_str())
        };
        if nests {
            if stack.depth() >= MAX_DEPTH {
                *dropped.entry(name).or_default() += 1;
                cuts.push((start, end));
            } else {
                stack.push(name);
            }
        }
        i = end;
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for (s, e) in cuts {
        out.push_str(&html[last..s]);
        last = e;
    }
    out.push_str(&html[last..]);
    Cow::Owned(out)
}

/// Where a comment whose `<!` is at `from - 1` ends, as the tokenizer sees
/// it: `<!-->` and `<!--->` are whole comments, `--!>` ends one too. Never
/// later than the tokenizer's end.
fn comment_end(bytes: &[u8], from: usize) -> usize {
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
/// (not a `/` inside an unquoted attribute value).
fn tag_end(bytes: &[u8], from: usize) -> (usize, bool) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        BeforeName,
        Name,
        AfterName,
        BeforeValue,
        Quoted(u8),
        AfterQuoted,
        Unquoted,
        SelfClosing,
    }
    let mut state = State::BeforeName;
    let mut k = from;
    while k < bytes.len() {
        let b = bytes[k];
        let space = matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
        state = match state {
            State::BeforeName | State::AfterName if space => state,
            State::Name if space => State::AfterName,
            State::Unquoted | State::AfterQuoted if space => State::BeforeName,
            State::Quoted(q) if b == q => State::AfterQuoted,
            State::Quoted(_) => state,
            _ if b == b'>' => return (k + 1, state == State::SelfClosing),
            State::Unquoted => state,
            State::BeforeValue if space => state,
            State::BeforeValue if b == b'"' || b == b'\'' => State::Quoted(b),
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
        k += 1;
    }
    (bytes.len() + 1, false)
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find_ci(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deepest element of the parsed page (iteratively: the tree may be deep).
    fn parsed_depth(page: &str) -> usize {
        let html = super::super::parse(page);
        let mut deepest = 0;
        let mut todo = vec![(html.tree.root(), 0usize)];
        while let Some((node, depth)) = todo.pop() {
            deepest = deepest.max(depth);
            todo.extend(node.children().map(|c| (c, depth + 1)));
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
        let page = "<html><body><div><p>a<p>b<ul><li>x<li>y</ul><script>if (a<b) {}</script></div>\
                    <svg><path d='M0 0'/><g/></svg><!-- c --><b>x<i>y</b>z</i></body></html>";
        assert!(matches!(limit_nesting(page), Cow::Borrowed(_)));
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
    fn tag_ends_follow_the_tokenizer() {
        assert_eq!(tag_end(b" a=\"x>y\">", 0), (9, false));
        assert_eq!(tag_end(b" a=b/>", 0), (6, false));
        assert_eq!(tag_end(b" a='b' />", 0), (9, true));
        assert_eq!(tag_end(b"/>", 0), (2, true));
        assert_eq!(tag_end(b" a\"b>", 0), (5, false));
        assert_eq!(tag_end(b" a = \"b>c\">", 0), (11, false));
        assert_eq!(tag_end(b" a=\"unterminated", 0).0, 17);
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
