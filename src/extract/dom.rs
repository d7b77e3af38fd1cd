//! The page as the extraction stages walk it: the content nodes of the
//! parsed [`Tree`] laid out flat, in pre-order. Every node knows its parent
//! and where its subtree ends, so subtree sums are one backward pass and
//! every walk is a loop (no recursion, so no stack overflow on deep pages).
//! Elements that never carry content (scripts, styles, SVG, forms' controls,
//! `<head>`) stay in the tree, where selectors and metadata find them, but
//! are left out of the layout, so no walk has to skip them. Names,
//! attributes and text are borrowed from the tree, never copied.
//!
//! The DOM holds no modes: whether hidden nodes count is a [`Show`] passed
//! to the walks, so one DOM serves every attempt at a page.

use html5ever::local_name;

use super::tree::{Data, Element, Id, Tree, DOCUMENT, NO as NO_ID};
use crate::selector::{ElementRef, Selector};
use crate::text::Measure;

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
    /// The kind of the element `name`; `None` for elements that never
    /// carry content, which the layout leaves out.
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

    /// True when the element named `name` (lower case) is laid out as a
    /// block: the white space beside its tags never shows.
    pub(crate) fn is_block_name(name: &str) -> bool {
        Tag::of(name).is_some_and(Tag::is_block)
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
    /// Hidden for good: `hidden`, `aria-hidden`, `display:none`.
    Hidden,
    /// Read to screen readers only (`sr-only`, `visually-hidden`): hidden
    /// even when a script reveals the page, as no script shows it.
    ScreenReader,
}

/// Which nodes the walks count as visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Show {
    /// Hidden nodes are skipped.
    #[default]
    Visible,
    /// Hidden nodes count as shown: the fallback for pages whose content is
    /// all hidden until a script reveals it (streamed React, `<noscript>`
    /// crawler views).
    All,
}

/// One node of the layout.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// Parent index, [`NONE`] for the root.
    pub parent: Ix,
    /// One past the last node of this subtree.
    pub end: Ix,
    /// Element kind, or `Text`.
    pub tag: Tag,
    /// The node in the parsed tree (for selector matching).
    pub tree: Id,
    /// The text of a text node, as written (white space not collapsed).
    pub text: &'a str,
    /// Where the text's collapsed form is in [`Dom`]'s buffer (see
    /// [`Dom::flat`]); `None` when it is the text as written.
    flat: Option<(u32, u32)>,
    /// A text node's words and characters, and its commas: measured once
    /// here, read by every pass of [`super::stats::compute`].
    measure: (Measure, u32),
    /// Inside an `<a href>`.
    pub in_link: bool,
    /// Inside `<pre>`: white space is kept.
    pub in_pre: bool,
    /// What its own attributes say of its visibility.
    pub visibility: Visibility,
    /// Its `role` is `dialog` or `alertdialog` (any case): see
    /// `locate::is_dialog`.
    pub dialog: bool,
    /// The element's `id` attribute ("" when none).
    pub html_id: &'a str,
    /// The element's `class` attribute ("" when none).
    pub class: &'a str,
    /// The number of `class` among the page's distinct values ([`NO_CLASS`]
    /// when none): see [`Dom::class_no`].
    class_no: u32,
}

/// The class number of nodes without a `class` (see [`Dom::class_no`]).
pub const NO_CLASS: u32 = u32::MAX;

/// What a pass works out from nodes' class values, once per distinct value
/// of the page (see [`Dom::class_no`]) and found again by its number.
pub struct PerClass<T>(Vec<Option<T>>);

impl<T: Copy> PerClass<T> {
    /// Nothing worked out yet, for the values of `dom`.
    pub fn new(dom: &Dom<'_>) -> Self {
        PerClass(vec![None; dom.class_count()])
    }

    /// What `work` makes of the class value of the node at `ix`, worked
    /// out the first time the value is met; `None` for a node without one.
    pub fn get(&mut self, dom: &Dom<'_>, ix: Ix, work: impl FnOnce(&str) -> T) -> Option<T> {
        let slot = self.0.get_mut(dom.class_no(ix) as usize)?;
        Some(*slot.get_or_insert_with(|| work(dom.nodes[ix as usize].class)))
    }
}

/// The layout of a page's content.
#[derive(Debug)]
pub struct Dom<'a> {
    /// Nodes in document order; node 0 is the root (the document).
    pub nodes: Vec<Node<'a>>,
    /// The tree the nodes come from.
    tree: &'a Tree,
    /// The elements left out of the layout whose ancestors are all in it
    /// (a `<script>` in the body, a `<button>` in a form), in document
    /// order: the roots of the subtrees no walk sees.
    pub left_out: Vec<Id>,
    /// `<label>`s of radio buttons and checkboxes: the options of a picker
    /// (size, colour, plan), which name a choice rather than describe.
    choice_labels: Vec<Ix>,
    /// The text nodes' text with white space collapsed, where that differs
    /// from the text as written. Collapsed once here: the text of a node is
    /// asked for again for each of its ancestors (prune's furniture
    /// checks, locate's samples) and once more by the renderer.
    flat_text: String,
    /// The words of the elements' `id` and `class` values, split once per
    /// distinct pair (see [`Dom::class_tokens`]).
    class_words: super::vocab::TokenMemo<'a>,
}

impl<'a> Dom<'a> {
    /// Lays out the content of `tree`.
    pub fn build(tree: &'a Tree) -> Dom<'a> {
        // Room for every node of the tree: growing copied the layout a dozen
        // times a page, and what is left unused is never touched.
        let mut nodes: Vec<Node<'a>> = Vec::with_capacity(tree.len() + 1);
        nodes.push(Node {
            parent: NONE,
            end: 1,
            tag: Tag::Root,
            tree: DOCUMENT,
            text: "",
            flat: None,
            measure: Default::default(),
            in_link: false,
            in_pre: false,
            visibility: Visibility::Shown,
            dialog: false,
            html_id: "",
            class: "",
            class_no: NO_CLASS,
        });
        // The open elements: (tree node, layout index).
        let mut stack: Vec<(Id, Ix)> = Vec::new();
        let mut left_out = Vec::new();
        // Ids of radio buttons and checkboxes, for labels that name them by
        // `for` rather than wrap them.
        let mut choice_ids: Vec<&'a str> = Vec::new();
        let mut choice_labels: Vec<Ix> = Vec::new();
        let mut flat_text = String::new();
        let mut classes = Classes::default();
        let mut cur = tree.node(DOCUMENT).first;
        while cur != NO_ID {
            let tn = tree.node(cur);
            let parent = stack.last().map_or(0, |&(_, ix)| ix);
            let (p_link, p_pre) = {
                let p = &nodes[parent as usize];
                (p.in_link, p.in_pre)
            };
            let mut descend = false;
            match &tn.data {
                Data::Element(el) => {
                    let el = tree.view(el);
                    // An accordion's toggle inside a heading carries the
                    // heading's words (an FAQ's question, a section's
                    // title); anywhere else a button is a control.
                    let tag = Tag::of(el.name()).or_else(|| {
                        (el.name() == "button" && in_heading(&nodes, &stack)).then_some(Tag::Span)
                    });
                    if let Some(tag) = tag {
                        let ix = nodes.len() as Ix;
                        let mut attrs = read_attrs(el, &mut classes);
                        // The panel of an accordion or tab set is often a
                        // plain hidden block inside a named container, or
                        // right after its question (an FAQ's answer).
                        if matches!(
                            attrs.visibility,
                            Visibility::Hidden | Visibility::ScreenReader
                        ) && el.name() != "noscript"
                            && ([parent, nodes[parent as usize].parent]
                                .into_iter()
                                .filter(|&a| a != NONE)
                                .any(|a| panel_name(nodes[a as usize].class))
                                || answers_question(tree, cur))
                        {
                            attrs.visibility = Visibility::Collapsed;
                        }
                        nodes.push(Node {
                            parent,
                            end: ix + 1,
                            tag,
                            tree: cur,
                            text: "",
                            flat: None,
                            measure: Default::default(),
                            in_link: p_link || (tag == Tag::A && attrs.href),
                            in_pre: p_pre || tag == Tag::Pre,
                            visibility: attrs.visibility,
                            dialog: attrs.dialog,
                            html_id: attrs.id,
                            class: attrs.class,
                            class_no: attrs.class_no,
                        });
                        stack.push((cur, ix));
                        descend = true;
                    } else {
                        left_out.push(cur);
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
                    }
                }
                Data::Text(t) if !stack.is_empty() => {
                    let ix = nodes.len() as Ix;
                    let from = flat_text.len();
                    let changed = collapse_into(&mut flat_text, t, false);
                    let flat = if !changed {
                        flat_text.truncate(from);
                        None
                    } else {
                        Some((from as u32, (flat_text.len() - from) as u32))
                    };
                    nodes.push(Node {
                        parent,
                        end: ix + 1,
                        tag: Tag::Text,
                        tree: cur,
                        text: t,
                        flat,
                        measure: (Measure::of(t), commas(t)),
                        in_link: p_link,
                        in_pre: p_pre,
                        visibility: Visibility::Shown,
                        dialog: false,
                        html_id: "",
                        class: "",
                        class_no: NO_CLASS,
                    });
                }
                _ => {}
            }
            if descend && tn.first != NO_ID {
                cur = tn.first;
                continue;
            }
            // Close what ends here and move on to the next sibling, of this
            // node or of the nearest ancestor that has one.
            let mut n = cur;
            cur = loop {
                if stack.last().is_some_and(|&(id, _)| id == n) {
                    let (_, ix) = stack.pop().expect("checked above");
                    nodes[ix as usize].end = nodes.len() as Ix;
                }
                let node = tree.node(n);
                if node.next != NO_ID {
                    break node.next;
                }
                if node.parent == DOCUMENT || node.parent == NO_ID {
                    break NO_ID;
                }
                n = node.parent;
            };
        }
        let n = nodes.len() as Ix;
        nodes[0].end = n;
        if !choice_ids.is_empty() {
            choice_ids.sort_unstable();
            for (ix, node) in nodes.iter().enumerate() {
                if node.tag == Tag::Label
                    && tree
                        .element(node.tree)
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
            tree,
            left_out,
            choice_labels,
            flat_text,
            class_words: super::vocab::TokenMemo::new(classes.kinds.len()),
        }
    }

    /// The number of the `class` value of the node at `ix` among the
    /// page's distinct values (`0..`[`Dom::class_count`], in the order
    /// met), [`NO_CLASS`] when it has none: what is worked out from a class
    /// list can be worked out once per value.
    pub fn class_no(&self, ix: Ix) -> u32 {
        self.nodes[ix as usize].class_no
    }

    /// How many distinct `class` values the page has.
    pub fn class_count(&self) -> usize {
        self.class_words.classes()
    }

    /// The words and characters of the text node at `ix`, and its commas
    /// (any script's); zero for other nodes.
    pub fn measure(&self, ix: Ix) -> (Measure, u32) {
        self.nodes[ix as usize].measure
    }

    /// The text of the text node at `ix` with white space collapsed as
    /// [`push_collapsed`] collapses it after a word: a leading run of white
    /// space is one space. Empty for other nodes.
    pub fn flat(&self, ix: Ix) -> &str {
        let n = &self.nodes[ix as usize];
        match n.flat {
            None => n.text,
            Some((from, len)) => &self.flat_text[from as usize..(from + len) as usize],
        }
    }

    /// The parsed tree the layout is of.
    pub fn tree(&self) -> &'a Tree {
        self.tree
    }

    /// True when the node at `ix` is the `<label>` of a radio button or a
    /// checkbox.
    pub fn is_choice_label(&self, ix: Ix) -> bool {
        self.choice_labels.binary_search(&ix).is_ok()
    }

    /// True when the node at `ix` is hidden and `show` skips hidden nodes.
    pub fn hidden(&self, ix: Ix, show: Show) -> bool {
        match self.nodes[ix as usize].visibility {
            Visibility::Hidden => show == Show::Visible,
            Visibility::ScreenReader => true,
            Visibility::Shown | Visibility::Collapsed => false,
        }
    }

    /// The element at `ix` as selectors see it.
    pub fn element_ref(&self, ix: Ix) -> Option<ElementRef<'a>> {
        self.tree.element_ref(self.nodes[ix as usize].tree)
    }

    /// The elements `selector` matches, in document order.
    pub fn matching<'s>(
        &'s self,
        selector: &'s Selector,
    ) -> impl Iterator<Item = Ix> + use<'s, 'a> {
        let mut caches = crate::selector::MatchCaches::default();
        (1..self.nodes.len() as Ix).filter(move |&ix| {
            self.element_ref(ix)
                .is_some_and(|el| selector.matches_with(&el, &mut caches))
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

    /// The element at `ix` (name, attributes), `None` for text and the
    /// root.
    pub fn element(&self, ix: Ix) -> Option<Element<'a>> {
        self.tree.element(self.nodes[ix as usize].tree)
    }

    /// An attribute of the element at `ix`.
    pub fn attr(&self, ix: Ix, name: &str) -> Option<&'a str> {
        self.element(ix).and_then(|e| e.attr(name))
    }

    /// The element's `id` and `class` together, for token matching.
    pub fn id_class(&self, ix: Ix) -> (&'a str, &'a str) {
        let node = &self.nodes[ix as usize];
        (node.html_id, node.class)
    }

    /// [`super::vocab::tokens`] of the `id` and `class` of the node at
    /// `ix`, split the first time a pair is asked for and remembered: a
    /// memo of what the values say, not state of the layout.
    pub fn name_tokens(&self, ix: Ix) -> std::rc::Rc<[&'a str]> {
        let n = &self.nodes[ix as usize];
        self.class_words.tokens(n.html_id, n.class_no, n.class)
    }

    /// [`Dom::name_tokens`] of the `class` alone.
    pub fn class_tokens(&self, ix: Ix) -> std::rc::Rc<[&'a str]> {
        let n = &self.nodes[ix as usize];
        self.class_words.tokens("", n.class_no, n.class)
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
    pub fn ancestors(&self, ix: Ix) -> impl Iterator<Item = Ix> + use<'_, 'a> {
        let mut cur = self.nodes[ix as usize].parent;
        std::iter::from_fn(move || {
            (cur != NONE).then(|| {
                let c = cur;
                cur = self.nodes[c as usize].parent;
                c
            })
        })
    }

    /// The text of a subtree, white space collapsed, skipping removed nodes
    /// and those `show` hides (`removed` may be shorter than the DOM:
    /// missing is kept), stopping once `limit` bytes are collected.
    pub fn text_of(&self, ix: Ix, removed: &[bool], limit: usize, show: Show) -> String {
        // Most calls read a line or a few hundred bytes of a block: room
        // for that up front spares growing the string byte count by byte
        // count (it was six regrowths a call).
        let mut out = String::with_capacity(limit.min(256));
        let mut i = ix;
        let end = self.nodes[ix as usize].end;
        while i < end && out.len() < limit {
            let n = &self.nodes[i as usize];
            if removed.get(i as usize).copied().unwrap_or(false) || self.hidden(i, show) {
                i = n.end;
                continue;
            }
            if n.tag == Tag::Text {
                push_flat(&mut out, self.flat(i));
            } else if n.tag.is_block() && !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            i += 1;
        }
        // Leading white space never gets in (see `push_collapsed`).
        let kept = out.trim_end().len();
        out.truncate(kept);
        out
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

/// Commas of any script: a sign of prose.
fn commas(text: &str) -> u32 {
    let b = text.as_bytes();
    let ascii = memchr::memchr_iter(b',', b).count();
    // The others by their last byte (`，` EF BC 8C, `、` E3 80 81, `،` D8
    // 8C) and the bytes before it: a text with a curly quote was decoded
    // a character at a time for them.
    let others = memchr::memchr2_iter(0x8c, 0x81, b)
        .filter(|&i| {
            matches!(
                (b[i], &b[..i]),
                (0x8c, [.., 0xef, 0xbc] | [.., 0xd8]) | (0x81, [.., 0xe3, 0x80])
            )
        })
        .count();
    (ascii + others) as u32
}

/// Appends `text` to `out` with runs of white space collapsed to one space.
/// (The extractor collapses each text once, see [`Dom::flat`]; this is
/// what that must equal.)
#[cfg(test)]
fn push_collapsed(out: &mut String, text: &str) {
    let after_space = out.is_empty() || out.ends_with(' ');
    collapse_into(out, text, after_space);
}

/// Appends `flat`, a text collapsed by [`collapse_into`] after a word (see
/// [`Dom::flat`]), to `out` as [`push_collapsed`] appends the text it came
/// from: the two differ only in a leading space, which goes where `out` is
/// empty or already ends in one.
pub fn push_flat(out: &mut String, flat: &str) {
    let flat = match flat.strip_prefix(' ') {
        Some(rest) if out.is_empty() || out.ends_with(' ') => rest,
        _ => flat,
    };
    out.push_str(flat);
}

/// [`push_collapsed`] with the state it starts in given: `after_space`
/// when white space at the start of `text` is to be dropped. Returns
/// whether what it appended differs from `text`: it differs exactly when
/// a character was dropped or replaced, which ends a run.
fn collapse_into(out: &mut String, text: &str, mut after_space: bool) -> bool {
    // Most white space is a single space between words, kept as it is:
    // the text is copied in runs that end only where the output must
    // differ (a tab or line break, a second space, a space opening the
    // output, an invisible character). Bytes below 0x80 are ASCII
    // characters whatever surrounds them, so only the others are decoded.
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while they are kept as they are; a byte at
        // a time through the next eight where they may not be.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if let Some(ends_in_space) = kept_run(x, after_space) {
                after_space = ends_in_space;
                i += 8;
                continue;
            }
        }
        let stop = (i + 8).min(bytes.len());
        while i < stop {
            let b = bytes[i];
            let (len, space, invisible) = if b < 0x80 {
                if !is_ascii_space(b) {
                    after_space = false;
                    i += 1;
                    continue;
                }
                if b == b' ' && !after_space {
                    after_space = true;
                    i += 1;
                    continue;
                }
                (1, true, false)
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.len_utf8(), is_space(c), is_invisible(c))
            };
            if space || invisible {
                out.push_str(&text[start..i]);
                if space && !after_space {
                    out.push(' ');
                    after_space = true;
                }
                start = i + len;
            } else {
                after_space = false;
            }
            i += len;
        }
    }
    out.push_str(&text[start..]);
    start > 0
}

/// Whether [`collapse_into`] keeps the eight bytes of `x` as they are
/// (ASCII, no white space but single spaces, none opening white space
/// already begun when `after_space`), and then whether the last is a space.
fn kept_run(x: u64, after_space: bool) -> Option<bool> {
    use crate::text::lanes;
    if x & lanes::HIGH != 0 || lanes::within(x, b'\t', b'\r') != 0 {
        return None;
    }
    let space = lanes::equal(x, b' ');
    let doubled = space & (space << 8) != 0;
    let opens_with_space = after_space && space & 0x80 != 0;
    (!doubled && !opens_with_space).then_some(space >> 63 != 0)
}

/// The ASCII characters [`is_space`] holds white space (tab, line feed,
/// vertical tab, form feed, carriage return, space).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
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

/// True when the innermost open elements (`stack`, into `nodes`) are in a
/// heading, the button's parent or grandparent (a heading's `<span>`).
fn in_heading(nodes: &[Node<'_>], stack: &[(Id, Ix)]) -> bool {
    stack
        .iter()
        .rev()
        .take(2)
        .any(|&(_, ix)| matches!(nodes[ix as usize].tag, Tag::H(_)))
}

/// True when a class list or id names an accordion, a tab panel or another
/// block that opens on a click.
fn panel_name(names: &str) -> bool {
    // The words hold no white space, so searching the whole list finds what
    // searching each name would: all words in one pass, any case.
    static PANEL: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(super::vocab::PANEL_WORDS)
            .expect("built-in panel words")
    });
    PANEL.is_match(names)
}

/// The most words a question heading an FAQ answer holds.
const QUESTION_MAX_WORDS: usize = 40;

/// The most characters (markup whitespace included) read of the element
/// before a hidden block when looking for a question.
const QUESTION_MAX_CHARS: usize = 600;

/// True when the element `id` follows a question: the element before it
/// (a `<button>`, a heading, a toggle `<div>`) reads as one line ending in
/// a question mark. A hidden block there is the answer of an FAQ accordion
/// whose container bears no name, shown on a click like any panel.
fn answers_question(tree: &Tree, id: Id) -> bool {
    let mut prev = tree.node(id).prev;
    while prev != NO_ID {
        match &tree.node(prev).data {
            Data::Element(_) => {
                // Read only as much as a question can hold: the element
                // before may be a whole section.
                let mut text = String::new();
                for t in tree.descendants(prev).filter_map(|d| tree.text(d)) {
                    text.push_str(t);
                    if text.len() > QUESTION_MAX_CHARS {
                        return false;
                    }
                }
                let text = text.trim();
                let words = crate::text::word_count(text);
                return (2..=QUESTION_MAX_WORDS).contains(&words)
                    && text.ends_with(['?', '？'])
                    && answer_words(tree, id) >= ANSWER_MIN_WORDS;
            }
            Data::Text(t) if !t.trim().is_empty() => return false,
            _ => prev = tree.node(prev).prev,
        }
    }
    false
}

/// The fewest words an FAQ answer holds: a feedback box's hidden "Thanks
/// for your feedback!" after "Was this page helpful?" is no answer.
const ANSWER_MIN_WORDS: usize = 5;

/// Words under `id`, counted up to [`ANSWER_MIN_WORDS`].
fn answer_words(tree: &Tree, id: Id) -> usize {
    let mut words = 0;
    for t in tree.descendants(id).filter_map(|d| tree.text(d)) {
        words += crate::text::word_count(t);
        if words >= ANSWER_MIN_WORDS {
            break;
        }
    }
    words
}

/// What one pass over an element's attributes finds: its visibility and
/// the attributes later stages read on every element, read in one pass
/// rather than looked up one by one.
struct Attrs<'a> {
    visibility: Visibility,
    id: &'a str,
    class: &'a str,
    class_no: u32,
    href: bool,
    dialog: bool,
}

/// The distinct `class` values of a page, numbered as met, with what each
/// says of visibility. Cards, list items and menu entries repeat their
/// class lists: a list is split and its names compared once per value,
/// not once per element. The values are the page's, so they are hashed
/// with a per-process seed: a page of values made to collide cannot be
/// written in advance.
#[derive(Default)]
struct Classes<'a> {
    numbers: std::collections::HashMap<&'a str, u32, foldhash::fast::RandomState>,
    /// By number: (a name hides the element, a name keeps it for screen
    /// readers only).
    kinds: Vec<(bool, bool)>,
}

impl<'a> Classes<'a> {
    /// The number of `class` and what its names say.
    fn of(&mut self, class: &'a str) -> (u32, bool, bool) {
        if class.is_empty() {
            return (NO_CLASS, false, false);
        }
        if let Some(&no) = self.numbers.get(class) {
            let (hiding, screen_reader) = self.kinds[no as usize];
            return (no, hiding, screen_reader);
        }
        let no = self.kinds.len() as u32;
        let (mut hiding, mut screen_reader) = (false, false);
        for c in class.split_ascii_whitespace() {
            hiding |= matches!(
                c,
                "hidden"
                    | "is-hidden"
                    | "d-none"
                    | "hide"
                    | "invisible"
                    | "u-hidden"
                    | "offscreen"
                    | "element-invisible"
                    | "slick-cloned"
                    | "swiper-slide-duplicate"
            );
            screen_reader |= matches!(
                c,
                "sr-only"
                    | "visually-hidden"
                    | "visuallyhidden"
                    | "screen-reader-text"
                    | "screen-reader-only"
                    | "screenreader-only"
            );
        }
        self.numbers.insert(class, no);
        self.kinds.push((hiding, screen_reader));
        (no, hiding, screen_reader)
    }
}

/// How visible an element is by its own attributes, with its `id`, `class`
/// and whether it has an `href`.
fn read_attrs<'a>(el: Element<'a>, classes: &mut Classes<'a>) -> Attrs<'a> {
    let (mut hidden_attr, mut aria_hidden, mut style, mut id, mut class, mut href) =
        (false, false, "", "", "", false);
    let mut unfocusable = false;
    let mut to_elsewhere = false;
    let mut role = "";
    // Told apart by atom (a word compared), not by name (an atom read
    // back into a string and matched): every element's attributes.
    for a in el.attrs {
        match a.name.local {
            local_name!("hidden") => hidden_attr = true,
            local_name!("aria-hidden") => aria_hidden = a.value.eq_ignore_ascii_case("true"),
            local_name!("style") => style = &a.value,
            local_name!("id") => id = &a.value,
            local_name!("class") => class = &a.value,
            local_name!("href") => {
                href = true;
                // A mark that leads within the page (a footnote's number,
                // a "back to top") is not another copy of a card's link.
                to_elsewhere = !a.value.trim_start().starts_with('#');
            }
            local_name!("tabindex") => unfocusable = a.value.trim() == "-1",
            local_name!("role") => role = &a.value,
            _ => {}
        }
    }
    let collapsible =
        || role == "tabpanel" || el.name() == "details" || panel_name(class) || panel_name(id);
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
    let (class_no, hiding_class, screen_reader) = classes.of(class);
    // A link that is both `aria-hidden` and out of the tab order
    // (`tabindex="-1"`) repeats, for sighted readers, a link a screen
    // reader already announces: a card's teaser or thumbnail linking to
    // the headline's page. It is on screen; hidden content is hidden by
    // its container, not by a link out of the focus order.
    let redundant_link = unfocusable && to_elsewhere && el.name() == "a";
    let hidden = el.name() == "noscript"
        || (hidden_attr && !streamed())
        || (aria_hidden && !redundant_link)
        || hidden_style
        || hiding_class;
    let visibility = if !hidden && !screen_reader {
        Visibility::Shown
    } else if el.name() != "noscript" && collapsible() {
        Visibility::Collapsed
    } else if screen_reader {
        Visibility::ScreenReader
    } else {
        Visibility::Hidden
    };
    Attrs {
        visibility,
        id,
        class,
        class_no,
        href,
        dialog: role.eq_ignore_ascii_case("dialog") || role.eq_ignore_ascii_case("alertdialog"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tree::parse;

    #[test]
    fn panels_are_named_in_any_case_anywhere_in_a_class_list() {
        assert!(panel_name("card js-Accordion__item"));
        assert!(panel_name("FAQ"));
        assert!(!panel_name("article body"));
        assert!(
            crate::extract::vocab::PANEL_WORDS
                .iter()
                .all(|w| !w.contains(char::is_whitespace)),
            "panel_name searches a whole class list"
        );
    }

    /// The index of the element whose `id` is `id`.
    fn by_id(dom: &Dom<'_>, id: &str) -> Ix {
        (0..dom.len() as Ix)
            .find(|&i| dom.attr(i, "id") == Some(id))
            .expect("element in the test page")
    }

    #[test]
    fn a_dialog_is_known_by_its_role_in_any_case() {
        let tree = parse(
            "<div id=a role=dialog></div><div id=b role=AlertDialog></div>\
             <div id=c role=tabpanel></div><div id=d></div>",
        );
        let dom = Dom::build(&tree);
        let dialog = |id: &str| dom.node(by_id(&dom, id)).dialog;
        assert!(dialog("a") && dialog("b"));
        assert!(!dialog("c") && !dialog("d"));
    }

    /// Each distinct class value has one number, and what its names say
    /// of visibility holds for every element that repeats it.
    #[test]
    fn class_values_are_numbered_once_and_read_alike() {
        let tree = parse(
            "<div id=a class='card x'><p id=b class=sr-only>Skip</p></div>\
             <div id=c class='card x'><p id=d class=sr-only>Skip</p></div>\
             <div id=e class='card  x'></div><div id=f class='x hidden'></div><div id=g></div>",
        );
        let dom = Dom::build(&tree);
        let no = |id: &str| dom.class_no(by_id(&dom, id));
        assert_eq!(no("a"), no("c"));
        assert_eq!(no("b"), no("d"));
        assert_ne!(no("a"), no("b"));
        // Another value, though it names the same classes.
        assert_ne!(no("a"), no("e"));
        assert_eq!(no("g"), NO_CLASS);
        assert_eq!(dom.class_count(), 4);
        for id in ["b", "d"] {
            assert_eq!(
                dom.node(by_id(&dom, id)).visibility,
                Visibility::ScreenReader
            );
        }
        assert_eq!(dom.node(by_id(&dom, "f")).visibility, Visibility::Hidden);
        assert_eq!(dom.node(by_id(&dom, "e")).visibility, Visibility::Shown);
    }

    #[test]
    fn a_button_in_a_heading_is_its_text_and_elsewhere_a_control() {
        let tree = parse(
            "<div id=q><h3 id=h><button aria-expanded=false><span>Can I pay later?</span></button></h3>\
             <p>Yes, within thirty days.</p><button id=b>Add to basket</button></div>",
        );
        let dom = Dom::build(&tree);
        let none = vec![false; dom.len()];
        let heading = dom.text_of(by_id(&dom, "h"), &none, 200, Show::Visible);
        assert_eq!(heading.trim(), "Can I pay later?");
        let all = dom.text_of(by_id(&dom, "q"), &none, 200, Show::Visible);
        assert!(!all.contains("Add to basket"), "{all}");
    }

    #[test]
    fn collapsing_keeps_one_space_between_words_and_none_at_the_start() {
        // What `push_collapsed` must equal: split at white space, drop the
        // invisible, join with one space, none leading.
        fn reference(out: &str, text: &str) -> String {
            let mut all = out.to_owned();
            for (k, part) in text.split(is_space).enumerate() {
                if k > 0 && !all.is_empty() && !all.ends_with(' ') {
                    all.push(' ');
                }
                all.extend(part.chars().filter(|c| !is_invisible(*c)));
            }
            all
        }
        let texts = [
            "",
            " ",
            "  ",
            "a",
            " a",
            "a ",
            "a  b",
            "a \t\n b",
            "\n\na b  c\r\n",
            "one two three",
            "x\u{a0}y",
            " \u{ad}z ",
            "tab\there",
            "\u{200b} w",
            "é  b",
            "a\u{a0} b",
            "a \u{200b} b",
            "’ x\u{2003}y ",
            "\u{ad}",
            "a\u{ad} b\u{feff}",
            "日本 語\u{3000}です",
            // Long enough to be read eight bytes at a time, with what ends
            // a run of kept bytes at every place in a word of eight.
            "the quick brown fox jumps over the lazy dog, twice over",
            " leading space then eight-byte words abcdefgh ijklmnop",
            "abcdefg  hijklmn\nopqrstuv\twxyz0123 45678901 \u{a0}23456789",
            "12345678 12345678  12345678\u{ad}12345678 é2345678 x",
        ];
        for before in ["", "x", "x "] {
            for text in texts {
                let mut out = before.to_owned();
                push_collapsed(&mut out, text);
                assert_eq!(out, reference(before, text), "{before:?} + {text:?}");
                // Collapsed once after a word, then appended anywhere.
                let mut flat = String::new();
                let changed = collapse_into(&mut flat, text, false);
                assert_eq!(changed, flat != text, "{text:?}");
                let mut out = before.to_owned();
                push_flat(&mut out, &flat);
                assert_eq!(out, reference(before, text), "flat {before:?} + {text:?}");
            }
        }
    }

    #[test]
    fn subtree_ranges_and_skipped_nodes() {
        let tree = parse(
            "<body><div id=a><p>one <b>two</b></p><script>x()</script><p>three</p></div></body>",
        );
        let dom = Dom::build(&tree);
        let removed = vec![false; dom.len()];
        let div = by_id(&dom, "a");
        assert_eq!(
            dom.text_of(div, &removed, usize::MAX, Show::Visible),
            "one two three"
        );
        assert_eq!(dom.children(div).count(), 2);
        assert!(dom.nodes.iter().all(|n| !n.text.contains("x()")));
        // The script stays in the tree, for selectors and metadata.
        let left_out: Vec<&str> = dom
            .left_out
            .iter()
            .filter_map(|&id| tree.element(id).map(|e| e.name()))
            .collect();
        assert_eq!(left_out, ["head", "script"]);
        assert_eq!(tree.text_of(dom.left_out[1]), "x()");
    }

    #[test]
    fn labels_of_radio_buttons_and_checkboxes_are_choices() {
        let tree = parse(
            "<label id=w><input type=radio name=s> Small</label>\
             <label id=f for=c1>Blue</label><input type=checkbox id=c1>\
             <label id=t for=q>Quantity</label><input type=number id=q>",
        );
        let dom = Dom::build(&tree);
        let label = |id: &str| by_id(&dom, id);
        assert!(dom.is_choice_label(label("w")));
        assert!(dom.is_choice_label(label("f")));
        assert!(!dom.is_choice_label(label("t")));
    }

    #[test]
    fn screen_reader_text_stays_hidden_when_the_page_is_revealed() {
        let tree = parse(
            "<div id=h style='display:none'><span id=r class='visually-hidden'>Regular price</span>\
             <span id=p>$19.99</span></div>",
        );
        let dom = Dom::build(&tree);
        let (h, r, p) = (by_id(&dom, "h"), by_id(&dom, "r"), by_id(&dom, "p"));
        assert!(dom.hidden(h, Show::Visible) && dom.hidden(r, Show::Visible));
        // A script would show the block, never the screen reader's label.
        assert!(!dom.hidden(h, Show::All) && !dom.hidden(p, Show::All));
        assert!(dom.hidden(r, Show::All));
    }

    #[test]
    fn hidden_and_collapsed() {
        let tree = parse(
            "<div hidden>h</div><div class='tab-pane' style='display: none'>t</div><div class=overflow-hidden>v</div>\
             <div hidden id='S:9'>s</div><div hidden id='S:2e'>x</div><div hidden id='S:'>e</div>\
             <section class='faq-accordion'><p><div hidden>a</div></p></section>\
             <div id='react-collapsed-panel-3' style='display:none'>c</div>",
        );
        let dom = Dom::build(&tree);
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

    #[test]
    fn a_redundant_link_out_of_the_tab_order_is_shown() {
        let tree = parse(
            "<p><a id=a href='/story' aria-hidden='true' tabindex='-1'>The teaser of a card.</a></p>\
             <p><a id=b href='/story' aria-hidden='true'>Hidden from everyone.</a></p>\
             <div id=c aria-hidden='true' tabindex='-1'>An off-screen drawer.</div>\
             <p><a id=d aria-hidden='true' tabindex='-1'>No link at all.</a></p>\
             <p>As durable as it is.<sup><a id=e href='#notes' aria-hidden='true' tabindex='-1'>8</a></sup></p>",
        );
        let dom = Dom::build(&tree);
        let vis = |id: &str| dom.nodes[by_id(&dom, id) as usize].visibility;
        assert_eq!(vis("a"), Visibility::Shown, "a link a screen reader skips");
        assert_eq!(vis("b"), Visibility::Hidden, "still focusable: hidden");
        assert_eq!(vis("c"), Visibility::Hidden, "a container, not a link");
        assert_eq!(vis("d"), Visibility::Hidden, "an anchor without href");
        assert_eq!(vis("e"), Visibility::Hidden, "a footnote mark");
    }

    #[test]
    fn a_hidden_block_after_a_question_is_a_collapsed_answer() {
        let tree = parse(
            "<div><button>What does the plan cover?</button>\n\
             <div id=a style='visibility:hidden'>Accidents and illness, and check-ups too.</div></div>\
             <div><h3>How long does it take?</h3><!-- toggle -->\
             <div id=b hidden>Four weeks from the first call.</div></div>\
             <div><p>Our plans</p><div id=c hidden>Not an answer.</div></div>\
             <div><p>Why? Because we care about every pet we insure, and say so at \
             length.</p><div id=d hidden>A teaser.</div></div>\
             <div><span>Why?</span><div id=e hidden>One word is no question.</div></div>\
             <div><p>Was this page helpful?</p><div id=f hidden>Thanks for your feedback!</div></div>\
             <div><h3>料金はいくらですか？</h3><div id=g hidden>月額千円から、初月は無料でご利用いただけます。</div></div>",
        );
        let dom = Dom::build(&tree);
        let vis = |id: &str| dom.nodes[by_id(&dom, id) as usize].visibility;
        assert_eq!(vis("a"), Visibility::Collapsed, "after a question button");
        assert_eq!(vis("b"), Visibility::Collapsed, "after a question heading");
        assert_eq!(vis("c"), Visibility::Hidden, "after a statement");
        assert_eq!(vis("d"), Visibility::Hidden, "after a paragraph");
        assert_eq!(vis("e"), Visibility::Hidden, "after a lone word");
        assert_eq!(vis("f"), Visibility::Hidden, "a thank-you is no answer");
        // Words are counted as the text measures count them, in any script.
        assert_eq!(vis("g"), Visibility::Collapsed, "a Japanese question");
    }

    #[test]
    fn collapsing_is_the_same_for_ascii_and_other_text() {
        for (before, text, want) in [
            ("", "  a \t\n b\x0b c  ", "a b c "),
            ("x", " a", "x a"),
            ("x ", "  a  ", "x a "),
            ("", "\u{a0}a\u{ad}b\u{2003} c", "ab c"),
            ("x", "\u{3000}é", "x é"),
        ] {
            let mut out = before.to_owned();
            push_collapsed(&mut out, text);
            assert_eq!(out, want, "{text:?}");
        }
    }

    #[test]
    fn text_of_reveals_hidden_text_when_asked() {
        let tree = parse(
            "<table><tr><td id=c>shown <span hidden>revealed</span></td></tr></table>\
             <div id=d><p style='display:none'>all hidden</p></div>",
        );
        let dom = Dom::build(&tree);
        let (cell, div) = (by_id(&dom, "c"), by_id(&dom, "d"));
        assert_eq!(dom.text_of(cell, &[], 100, Show::Visible), "shown");
        assert_eq!(dom.text_of(cell, &[], 100, Show::All), "shown revealed");
        assert_eq!(dom.text_of(div, &[], 100, Show::Visible), "");
        assert_eq!(dom.text_of(div, &[], 100, Show::All), "all hidden");
    }

    #[test]
    fn subtree_ends_hold_after_moved_and_merged_nodes() {
        // Misnested formatting and text foster-parented out of a table make
        // the parser move nodes after it made them; the layout is still
        // pre-order with every subtree inside its parent's.
        let tree = parse(
            "<div id=a><b>1<p>2</b>3</p><table>x<tr><td>4</td></tr>y</table><i>5<!-- c -->6</i></div>",
        );
        let dom = Dom::build(&tree);
        for (i, n) in dom.nodes.iter().enumerate().skip(1) {
            assert!(i < n.end as usize && n.end <= dom.nodes[n.parent as usize].end);
            assert!((n.parent as usize) < i);
        }
        let texts: Vec<&str> = dom
            .nodes
            .iter()
            .filter(|n| n.tag == Tag::Text)
            .map(|n| n.text)
            .collect();
        // A comment keeps the text on its two sides apart, as in a browser.
        assert_eq!(texts, ["1", "2", "3", "xy", "4", "5", "6"]);
    }

    #[test]
    fn commas_of_every_script_are_counted_by_their_bytes() {
        for text in [
            "",
            "a, b, c",
            "“quoted”, then more, and more",
            "一，二、三",
            "واحد، اثنان",
            "Ōŀ ‚ ¸ ꓹ ˛",
            "€ ⌌ ㎁ ⁁ ،،",
        ] {
            let by_char = text
                .chars()
                .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
                .count() as u32;
            assert_eq!(commas(text), by_char, "{text:?}");
        }
    }
}
