//! A flat, pre-order copy of the parsed page that the extraction stages work
//! on. `scraper`'s tree is good for CSS selectors but awkward for scoring:
//! here every node knows its parent and where its subtree ends, so subtree
//! sums are one backward pass and every walk is a loop (no recursion, so no
//! stack overflow on deep pages). Nodes that never carry content (scripts,
//! styles, SVG, forms' controls) are left out when the copy is made.

use ego_tree::NodeId;
use scraper::node::Element;
use scraper::{ElementRef, Html, Node as HtmlNode, Selector};

use super::classify::Signals;

/// Index of a node in [`Dom::nodes`].
pub type Ix = u32;

/// "No node" (the parent of the root).
pub const NONE: Ix = Ix::MAX;

/// The element kinds extraction distinguishes; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Text,
    Root,
    Html,
    Body,
    Div,
    Span,
    P,
    A,
    H(u8),
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Table,
    Tr,
    Td,
    Th,
    TableSection,
    Caption,
    Pre,
    Code,
    Blockquote,
    Br,
    Hr,
    Img,
    Figure,
    Figcaption,
    Article,
    Main,
    Section,
    Header,
    Footer,
    Nav,
    Aside,
    Form,
    Label,
    Em,
    Strong,
    Time,
    Address,
    Details,
    Summary,
    /// A block-level element we don't treat specially.
    OtherBlock,
    /// An inline element we don't treat specially.
    OtherInline,
}

impl Tag {
    fn of(name: &str) -> Option<Tag> {
        use Tag::*;
        Some(match name {
            "html" => Html,
            "body" => Body,
            "div" => Div,
            "span" => Span,
            "p" => P,
            "a" => A,
            "h1" => H(1),
            "h2" => H(2),
            "h3" => H(3),
            "h4" => H(4),
            "h5" => H(5),
            "h6" => H(6),
            "ul" | "menu" => Ul,
            "ol" => Ol,
            "li" => Li,
            "dl" => Dl,
            "dt" => Dt,
            "dd" => Dd,
            "table" => Table,
            "tr" => Tr,
            "td" => Td,
            "th" => Th,
            "thead" | "tbody" | "tfoot" => TableSection,
            "caption" => Caption,
            "pre" | "listing" | "plaintext" | "xmp" => Pre,
            "code" | "kbd" | "samp" | "tt" => Code,
            "blockquote" => Blockquote,
            "br" => Br,
            "hr" => Hr,
            "img" => Img,
            "figure" => Figure,
            "figcaption" => Figcaption,
            "article" => Article,
            "main" => Main,
            "section" => Section,
            "header" => Header,
            "footer" => Footer,
            "nav" => Nav,
            "aside" => Aside,
            "form" => Form,
            "label" => Label,
            "em" | "i" | "cite" | "dfn" | "var" => Em,
            "strong" | "b" => Strong,
            "time" => Time,
            "address" => Address,
            "details" => Details,
            "summary" => Summary,
            // Never content, or never visible text.
            "script" | "style" | "template" | "svg" | "math" | "iframe" | "frame" | "frameset"
            | "object" | "embed" | "canvas" | "video" | "audio" | "map" | "select" | "input"
            | "button" | "textarea" | "dialog" | "head" | "title" | "meta" | "link" | "base"
            | "picture" | "source" | "track" | "datalist" | "output" | "progress" | "meter"
            | "slot" | "portal" | "search-form" | "noembed" | "noframes" => return None,
            // Parsed as markup (scripting off), hidden unless a page has nothing else.
            "noscript" => OtherBlock,
            "center" | "fieldset" | "legend" | "hgroup" | "optgroup" | "option" | "colgroup"
            | "dir" | "multicol" | "center-block" => OtherBlock,
            _ if name.contains('-') => OtherBlock,
            _ => OtherInline,
        })
    }

    /// Block-level: text on either side of it never runs together.
    pub fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Text
                | Tag::Span
                | Tag::A
                | Tag::Code
                | Tag::Em
                | Tag::Strong
                | Tag::Time
                | Tag::Label
                | Tag::Img
                | Tag::OtherInline
                | Tag::Br
        )
    }
}

/// How visible a node is, from its own attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Visibility {
    /// Nothing says it is hidden.
    #[default]
    Shown,
    /// Hidden now but shown on a click: tab panels, accordions, `<details>`.
    /// Kept unless its text is duplicated elsewhere.
    Collapsed,
    /// Hidden for good: `hidden`, `aria-hidden`, `display:none`, screen-reader-only.
    Hidden,
}

/// One node of the flat copy.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// Parent index, [`NONE`] for the root.
    pub parent: Ix,
    /// One past the last node of this subtree.
    pub end: Ix,
    /// Element kind, or `Text`.
    pub tag: Tag,
    /// The element (attributes), `None` for text and the root.
    pub element: Option<&'a Element>,
    /// The element's node in the parsed tree (for selector matching).
    pub id: Option<NodeId>,
    /// The text of a text node, as written (white space not collapsed).
    pub text: &'a str,
    /// Inside an `<a href>`.
    pub in_link: bool,
    /// Inside `<pre>`: white space is kept.
    pub in_pre: bool,
    /// What its own attributes say of its visibility.
    pub visibility: Visibility,
    /// The element's `id` attribute ("" when none).
    pub html_id: &'a str,
    /// The element's `class` attribute ("" when none).
    pub class: &'a str,
}

/// The flat copy of a page.
#[derive(Debug)]
pub struct Dom<'a> {
    /// Nodes in document order; node 0 is the root.
    pub nodes: Vec<Node<'a>>,
    /// Treat hidden nodes as shown: the fallback for pages whose content is
    /// all hidden until a script reveals it (streamed React, `<noscript>`
    /// crawler views).
    pub reveal_hidden: bool,
    /// Counts the page type is judged by (prices, cart buttons, code
    /// blocks), taken while the copy is made rather than in another walk.
    pub signals: Signals,
    /// `<label>`s of radio buttons and checkboxes: the options of a picker
    /// (size, colour, plan), which name a choice rather than describe.
    pub choice_labels: Vec<Ix>,
}

impl<'a> Dom<'a> {
    /// Builds the flat copy of `html`.
    pub fn build(html: &'a Html) -> Dom<'a> {
        let mut nodes: Vec<Node<'a>> = Vec::with_capacity(html.tree.nodes().len() / 2 + 1);
        nodes.push(Node {
            parent: NONE,
            end: 1,
            tag: Tag::Root,
            element: None,
            id: None,
            text: "",
            in_link: false,
            in_pre: false,
            visibility: Visibility::Shown,
            html_id: "",
            class: "",
        });
        // Stack of (ego node, arena index or NONE when skipped).
        let mut stack: Vec<(NodeId, Ix)> = Vec::new();
        let mut skipping: Option<NodeId> = None;
        let mut signals = Signals::default();
        // The outermost price box open, so nested ones count once.
        let mut price_box: Option<NodeId> = None;
        // Ids of radio buttons and checkboxes, for labels that name them by
        // `for` rather than wrap them.
        let mut choice_ids: Vec<&'a str> = Vec::new();
        let mut choice_labels: Vec<Ix> = Vec::new();
        for edge in html.tree.root().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(node) => {
                    if skipping.is_some() {
                        continue;
                    }
                    let parent = stack.last().map_or(0, |&(_, ix)| ix);
                    let (p_link, p_pre) = {
                        let p = &nodes[parent as usize];
                        (p.in_link, p.in_pre)
                    };
                    match node.value() {
                        HtmlNode::Element(el) => {
                            let Some(tag) = Tag::of(el.name()) else {
                                if matches!(el.name(), "button" | "input")
                                    && is_cart_control(el, node)
                                {
                                    signals.control();
                                }
                                if el.name() == "input"
                                    && el
                                        .attr("type")
                                        .is_some_and(|t| matches!(t, "radio" | "checkbox"))
                                {
                                    if let Some(id) = el.attr("id") {
                                        choice_ids.push(id);
                                    }
                                    if let Some(&(_, label)) = stack
                                        .iter()
                                        .rev()
                                        .take(3)
                                        .find(|&&(_, ix)| nodes[ix as usize].tag == Tag::Label)
                                    {
                                        choice_labels.push(label);
                                    }
                                }
                                skipping = Some(node.id());
                                continue;
                            };
                            let ix = nodes.len() as Ix;
                            let mut attrs = read_attrs(el);
                            // The panel of an accordion or tab set is often
                            // a plain hidden block inside a named container.
                            if attrs.visibility == Visibility::Hidden
                                && el.name() != "noscript"
                                && [parent, nodes[parent as usize].parent]
                                    .into_iter()
                                    .filter(|&a| a != NONE)
                                    .any(|a| panel_name(nodes[a as usize].class))
                            {
                                attrs.visibility = Visibility::Collapsed;
                            }
                            if signals.element(tag, attrs.class, price_box.is_some()) {
                                price_box = Some(node.id());
                            }
                            nodes.push(Node {
                                parent,
                                end: ix + 1,
                                tag,
                                element: Some(el),
                                id: Some(node.id()),
                                text: "",
                                in_link: p_link || (tag == Tag::A && attrs.href),
                                in_pre: p_pre || tag == Tag::Pre,
                                visibility: attrs.visibility,
                                html_id: attrs.id,
                                class: attrs.class,
                            });
                            stack.push((node.id(), ix));
                        }
                        HtmlNode::Text(t) => {
                            if stack.is_empty() {
                                continue;
                            }
                            let ix = nodes.len() as Ix;
                            signals.text(t, p_link);
                            nodes.push(Node {
                                parent,
                                end: ix + 1,
                                tag: Tag::Text,
                                element: None,
                                id: None,
                                text: t,
                                in_link: p_link,
                                in_pre: p_pre,
                                visibility: Visibility::Shown,
                                html_id: "",
                                class: "",
                            });
                        }
                        _ => {}
                    }
                }
                ego_tree::iter::Edge::Close(node) => {
                    if let Some(skip) = skipping {
                        if skip == node.id() {
                            skipping = None;
                        }
                        continue;
                    }
                    if price_box == Some(node.id()) {
                        price_box = None;
                    }
                    if stack.last().is_some_and(|&(id, _)| id == node.id()) {
                        let (_, ix) = stack.pop().expect("checked above");
                        nodes[ix as usize].end = nodes.len() as Ix;
                    }
                }
            }
        }
        let n = nodes.len() as Ix;
        nodes[0].end = n;
        if !choice_ids.is_empty() {
            choice_ids.sort_unstable();
            for (ix, node) in nodes.iter().enumerate() {
                if node.tag == Tag::Label
                    && node
                        .element
                        .and_then(|e| e.attr("for"))
                        .is_some_and(|f| choice_ids.binary_search(&f).is_ok())
                {
                    choice_labels.push(ix as Ix);
                }
            }
        }
        choice_labels.sort_unstable();
        choice_labels.dedup();
        Dom {
            nodes,
            reveal_hidden: false,
            signals,
            choice_labels,
        }
    }

    /// True when the node at `ix` is the `<label>` of a radio button or a
    /// checkbox.
    pub fn is_choice_label(&self, ix: Ix) -> bool {
        self.choice_labels.binary_search(&ix).is_ok()
    }

    /// True when the node at `ix` is hidden (and hidden nodes are not revealed).
    pub fn hidden(&self, ix: Ix) -> bool {
        !self.reveal_hidden && self.nodes[ix as usize].visibility == Visibility::Hidden
    }

    /// The element at `ix` as `scraper` sees it, for selector matching.
    pub fn element_ref(&self, html: &'a Html, ix: Ix) -> Option<ElementRef<'a>> {
        let id = self.nodes[ix as usize].id?;
        html.tree.get(id).and_then(ElementRef::wrap)
    }

    /// The elements `selector` matches, in document order.
    pub fn matching<'s>(
        &'s self,
        html: &'a Html,
        selector: &'s Selector,
    ) -> impl Iterator<Item = Ix> + 's {
        (1..self.nodes.len() as Ix).filter(move |&ix| {
            self.element_ref(html, ix)
                .is_some_and(|el| selector.matches(&el))
        })
    }

    /// Number of nodes.
    #[allow(clippy::len_without_is_empty)] // never empty: the root is always there
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The node at `ix`.
    pub fn node(&self, ix: Ix) -> &Node<'a> {
        &self.nodes[ix as usize]
    }

    /// An attribute of the element at `ix`.
    pub fn attr(&self, ix: Ix, name: &str) -> Option<&'a str> {
        self.nodes[ix as usize].element.and_then(|e| e.attr(name))
    }

    /// The element's `id` and `class` together, for token matching.
    pub fn id_class(&self, ix: Ix) -> (&'a str, &'a str) {
        let node = &self.nodes[ix as usize];
        (node.html_id, node.class)
    }

    /// True when `a` is `d` or one of its ancestors.
    pub fn contains(&self, a: Ix, d: Ix) -> bool {
        a <= d && d < self.nodes[a as usize].end
    }

    /// Children of `ix`, in order.
    pub fn children(&self, ix: Ix) -> Children<'_, 'a> {
        Children {
            dom: self,
            next: ix + 1,
            end: self.nodes[ix as usize].end,
        }
    }

    /// Ancestors of `ix`, nearest first (not `ix` itself).
    pub fn ancestors(&self, ix: Ix) -> impl Iterator<Item = Ix> + '_ {
        let mut cur = self.nodes[ix as usize].parent;
        std::iter::from_fn(move || {
            (cur != NONE).then(|| {
                let c = cur;
                cur = self.nodes[c as usize].parent;
                c
            })
        })
    }

    /// The text of a subtree, white space collapsed, skipping removed and
    /// hidden nodes (`removed` may be shorter than the DOM: missing is kept),
    /// stopping once `limit` bytes are collected.
    pub fn text_of(&self, ix: Ix, removed: &[bool], limit: usize) -> String {
        let mut out = String::new();
        let mut i = ix;
        let end = self.nodes[ix as usize].end;
        while i < end && out.len() < limit {
            let n = &self.nodes[i as usize];
            if removed.get(i as usize).copied().unwrap_or(false)
                || n.visibility == Visibility::Hidden
            {
                i = n.end;
                continue;
            }
            if n.tag == Tag::Text {
                push_collapsed(&mut out, n.text);
            } else if n.tag.is_block() && !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            i += 1;
        }
        out.trim().to_string()
    }
}

/// Iterator over a node's children.
pub struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: Ix,
    end: Ix,
}

impl Iterator for Children<'_, '_> {
    type Item = Ix;
    fn next(&mut self) -> Option<Ix> {
        (self.next < self.end).then(|| {
            let c = self.next;
            self.next = self.dom.nodes[c as usize].end;
            c
        })
    }
}

/// A button or input that puts something in a cart, by its label or names.
fn is_cart_control(el: &Element, node: ego_tree::NodeRef<'_, HtmlNode>) -> bool {
    const PHRASES: &[&str] = &[
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
    let mut label = String::new();
    for name in ["class", "id", "name", "value", "aria-label", "title"] {
        if let Some(v) = el.attr(name) {
            label.push_str(v);
            label.push(' ');
        }
    }
    if let Some(button) = ElementRef::wrap(node) {
        for t in button.text().take(8) {
            label.push_str(t);
        }
    }
    let label = label.to_ascii_lowercase();
    PHRASES.iter().any(|p| label.contains(p))
}

/// Appends `text` to `out` with runs of white space collapsed to one space.
pub fn push_collapsed(out: &mut String, text: &str) {
    // ASCII text (most of it) has no invisible characters to filter out, so
    // its runs are copied whole.
    let ascii = text.is_ascii();
    for (k, part) in text.split(is_space).enumerate() {
        if k > 0 && !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
        if ascii {
            out.push_str(part);
        } else {
            out.extend(part.chars().filter(|c| !is_invisible(*c)));
        }
    }
}

/// White space for collapsing: ASCII white space plus no-break and other
/// Unicode spaces.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Characters that are invisible and split words when kept: soft hyphen,
/// zero-width space/joiners, BOM.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// True when a class list or id names an accordion, a tab panel or another
/// block that opens on a click.
fn panel_name(names: &str) -> bool {
    const PANEL_WORDS: &[&str] = &[
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
    names.split_ascii_whitespace().any(|c| {
        let c = c.to_ascii_lowercase();
        PANEL_WORDS.iter().any(|w| c.contains(w))
    })
}

/// What one pass over an element's attributes finds: its visibility and
/// the attributes later stages read on every element. `Element::attr` looks
/// a name up in the atom table on each call, which on every element of
/// every page cost more than reading them all here once.
struct Attrs<'a> {
    visibility: Visibility,
    id: &'a str,
    class: &'a str,
    href: bool,
}

/// How visible an element is by its own attributes, with its `id`, `class`
/// and whether it has an `href`.
fn read_attrs(el: &Element) -> Attrs<'_> {
    let (mut hidden_attr, mut aria_hidden, mut style, mut id, mut class, mut href) =
        (false, false, "", "", "", false);
    for (name, value) in el.attrs() {
        match name {
            "hidden" => hidden_attr = true,
            "aria-hidden" => aria_hidden = value.eq_ignore_ascii_case("true"),
            "style" => style = value,
            "id" => id = value,
            "class" => class = value,
            "href" => href = true,
            _ => {}
        }
    }
    let collapsible = || {
        let role = el.attr("role").unwrap_or("");
        role == "tabpanel" || el.name() == "details" || panel_name(class) || panel_name(id)
    };
    let hidden_style = !style.is_empty() && {
        // Most styles say neither; only those that might are normalised.
        let maybe = style
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"none") || w.eq_ignore_ascii_case(b"hidd"));
        maybe && {
            let s: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        }
    };
    // React streams server-rendered chunks into `<div hidden id="S:n">` and
    // moves them into place with a script: they are the page.
    let streamed = || {
        // React numbers the chunks in decimal or hex (`S:9`, `S:2e`).
        id.strip_prefix("S:")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let hiding_class = || {
        class.split_ascii_whitespace().any(|c| {
            matches!(
                c,
                "sr-only"
                    | "visually-hidden"
                    | "visuallyhidden"
                    | "screen-reader-text"
                    | "screen-reader-only"
                    | "screenreader-only"
                    | "hidden"
                    | "is-hidden"
                    | "d-none"
                    | "hide"
                    | "invisible"
                    | "u-hidden"
                    | "offscreen"
                    | "element-invisible"
                    | "slick-cloned"
                    | "swiper-slide-duplicate"
            )
        })
    };
    let hidden = el.name() == "noscript"
        || (hidden_attr && !streamed())
        || aria_hidden
        || hidden_style
        || hiding_class();
    let visibility = if !hidden {
        Visibility::Shown
    } else if el.name() != "noscript" && collapsible() {
        Visibility::Collapsed
    } else {
        Visibility::Hidden
    };
    Attrs {
        visibility,
        id,
        class,
        href,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtree_ranges_and_skipped_nodes() {
        let html = Html::parse_document(
            "<body><div id=a><p>one <b>two</b></p><script>x()</script><p>three</p></div></body>",
        );
        let dom = Dom::build(&html);
        let removed = vec![false; dom.len()];
        let div = (0..dom.len() as Ix)
            .find(|&i| dom.attr(i, "id") == Some("a"))
            .unwrap();
        assert_eq!(dom.text_of(div, &removed, usize::MAX), "one two three");
        assert_eq!(dom.children(div).count(), 2);
        assert!(dom.nodes.iter().all(|n| !n.text.contains("x()")));
    }

    #[test]
    fn labels_of_radio_buttons_and_checkboxes_are_choices() {
        let html = Html::parse_document(
            "<label id=w><input type=radio name=s> Small</label>\
             <label id=f for=c1>Blue</label><input type=checkbox id=c1>\
             <label id=t for=q>Quantity</label><input type=number id=q>",
        );
        let dom = Dom::build(&html);
        let label = |id: &str| {
            (0..dom.len() as Ix)
                .find(|&i| dom.attr(i, "id") == Some(id))
                .unwrap()
        };
        assert!(dom.is_choice_label(label("w")));
        assert!(dom.is_choice_label(label("f")));
        assert!(!dom.is_choice_label(label("t")));
    }

    #[test]
    fn hidden_and_collapsed() {
        let html = Html::parse_document(
            "<div hidden>h</div><div class='tab-pane' style='display: none'>t</div><div class=overflow-hidden>v</div>\
             <div hidden id='S:9'>s</div><div hidden id='S:2e'>x</div><div hidden id='S:'>e</div>\
             <section class='faq-accordion'><p><div hidden>a</div></p></section>\
             <div id='react-collapsed-panel-3' style='display:none'>c</div>",
        );
        let dom = Dom::build(&html);
        let vis: Vec<_> = dom
            .nodes
            .iter()
            .filter(|n| n.tag == Tag::Div)
            .map(|n| n.visibility)
            .collect();
        // React's streamed chunks (decimal or hex ids) are the page.
        assert_eq!(
            vis,
            [
                Visibility::Hidden,
                Visibility::Collapsed,
                Visibility::Shown,
                Visibility::Shown,
                Visibility::Shown,
                Visibility::Hidden,
                // A panel inside an accordion, or named as one by its id.
                Visibility::Collapsed,
                Visibility::Collapsed
            ]
        );
    }
}
