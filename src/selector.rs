//! CSS selectors as rule files write them, matched on the extractor's own
//! tree. The dialect is scraper's (its `selector::Parser` and `Simple` over
//! the `selectors` crate: no pseudo-classes but the tree-structural ones,
//! `:not`, `:is`, `:where` and `:has`; no pseudo-elements), so a rule means
//! what it meant when scraper's tree was matched; only the tree it runs on
//! is ours ([`ElementRef`] implements `selectors::Element`).

use std::fmt;

use cssparser::{BasicParseErrorKind, ParseErrorKind, ToCss};
use html5ever::{ns, Namespace};
use scraper::selector::{CssLocalName, CssString, NonTSPseudoClass, Parser, PseudoElement, Simple};
use selectors::attr::{AttrSelectorOperation, CaseSensitivity, NamespaceConstraint};
use selectors::bloom::BloomFilter;
use selectors::matching::{
    self, ElementSelectorFlags, MatchingContext, MatchingForInvalidation, MatchingMode,
    NeedsSelectorFlags, QuirksMode, SelectorCaches,
};
use selectors::parser::{ParseRelative, SelectorList, SelectorParseErrorKind};
use selectors::OpaqueElement;
use thiserror::Error;

use crate::extract::tree::{Data, Element, Id, Tree, NO};

/// A compiled selector list (`a, b > c`).
#[derive(Clone)]
pub struct Selector {
    list: SelectorList<Simple>,
}

/// What matching learns about one tree (`:nth-child` positions, `:has`
/// results), reused across the selectors and elements of that tree. Never
/// share one between trees: it is keyed by element.
#[derive(Default)]
pub struct MatchCaches(SelectorCaches);

/// Why a selector does not compile.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[error("selector `{selector}` does not compile: {reason}")]
pub struct SelectorError {
    /// The selector as written.
    pub selector: String,
    /// What is wrong, in words.
    pub reason: &'static str,
}

impl Selector {
    /// Compiles a selector list.
    pub fn parse(source: &str) -> Result<Selector, SelectorError> {
        let mut parser = cssparser::Parser::new(source);
        SelectorList::parse(&Parser, &mut parser, ParseRelative::No)
            .map(|list| Selector { list })
            .map_err(|e| SelectorError {
                selector: source.to_string(),
                reason: reason(&e.kind),
            })
    }

    /// True when `element` matches one of the selectors of the list.
    pub fn matches(&self, element: &ElementRef<'_>) -> bool {
        self.matches_with(element, &mut MatchCaches::default())
    }

    /// [`Selector::matches`], with caches kept across the calls made on one
    /// tree: setting them up and dropping them cost more than most matches.
    pub fn matches_with(&self, element: &ElementRef<'_>, caches: &mut MatchCaches) -> bool {
        let mut context = MatchingContext::new(
            MatchingMode::Normal,
            None,
            &mut caches.0,
            QuirksMode::NoQuirks,
            NeedsSelectorFlags::No,
            MatchingForInvalidation::No,
        );
        self.list
            .slice()
            .iter()
            .any(|s| matching::matches_selector(s, 0, None, element, &mut context))
    }
}

impl fmt::Debug for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Selector({:?})", self.list.to_css_string())
    }
}

/// A parse error in words a rule author can act on.
fn reason(kind: &ParseErrorKind<SelectorParseErrorKind>) -> &'static str {
    use SelectorParseErrorKind as S;
    match kind {
        ParseErrorKind::Basic(b) => match b {
            BasicParseErrorKind::UnexpectedToken => "an unexpected character or token",
            BasicParseErrorKind::EndOfInput => "it ends too early",
            BasicParseErrorKind::TooManyNestedBlocks => "too deeply nested",
            BasicParseErrorKind::AtRuleInvalid
            | BasicParseErrorKind::AtRuleBodyInvalid
            | BasicParseErrorKind::QualifiedRuleInvalid => "not a selector",
        },
        ParseErrorKind::Custom(k) => match k {
            S::EmptySelector => "empty selector",
            S::DanglingCombinator => "a combinator with nothing after it",
            S::NonCompoundSelector => "a compound selector is needed here",
            S::UnexpectedTokenInAttributeSelector
            | S::BadValueInAttr
            | S::ExpectedBarInAttr
            | S::InvalidQualNameInAttr
            | S::NoQualifiedNameInAttributeSelector => "a malformed attribute selector",
            S::PseudoElementExpectedColon
            | S::PseudoElementExpectedIdent
            | S::NoIdentForPseudo
            | S::UnsupportedPseudoClassOrElement
            | S::NonPseudoElementAfterSlotted
            | S::InvalidPseudoElementAfterSlotted
            | S::InvalidPseudoElementInsideWhere => {
                "an unsupported pseudo-class or pseudo-element (only tree-structural \
                 ones, :not, :is, :where and :has are)"
            }
            S::ClassNeedsIdent => "a class name is needed after `.`",
            S::ExpectedNamespace | S::ExplicitNamespaceUnexpectedToken => "an unknown namespace",
            S::UnexpectedIdent | S::InvalidState => "an unexpected name",
        },
    }
}

/// An element of a [`Tree`] as selector matching sees it.
#[derive(Clone, Copy)]
pub struct ElementRef<'a> {
    tree: &'a Tree,
    id: Id,
}

impl fmt::Debug for ElementRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}> (node {})", self.element().name(), self.id)
    }
}

impl<'a> ElementRef<'a> {
    /// The element `id` of `tree`; `id` must be an element.
    pub(crate) fn new(tree: &'a Tree, id: Id) -> Self {
        ElementRef { tree, id }
    }

    /// The node's index in its tree.
    pub fn id(&self) -> Id {
        self.id
    }

    /// Its name and attributes.
    pub fn element(&self) -> Element<'a> {
        self.tree
            .element(self.id)
            .expect("an ElementRef is only made for an element")
    }

    /// The first element among `id` and the siblings `step` leads to.
    fn element_from(&self, mut id: Id, step: impl Fn(Id) -> Id) -> Option<Self> {
        while id != NO {
            if self.tree.element(id).is_some() {
                return Some(ElementRef::new(self.tree, id));
            }
            id = step(id);
        }
        None
    }
}

impl selectors::Element for ElementRef<'_> {
    type Impl = Simple;

    fn opaque(&self) -> OpaqueElement {
        OpaqueElement::new(self.tree.node(self.id))
    }

    fn parent_element(&self) -> Option<Self> {
        let parent = self.tree.node(self.id).parent;
        (parent != NO && self.tree.element(parent).is_some())
            .then(|| ElementRef::new(self.tree, parent))
    }

    fn parent_node_is_shadow_root(&self) -> bool {
        false
    }

    fn containing_shadow_host(&self) -> Option<Self> {
        None
    }

    fn is_pseudo_element(&self) -> bool {
        false
    }

    fn prev_sibling_element(&self) -> Option<Self> {
        let tree = self.tree;
        self.element_from(tree.node(self.id).prev, |i| tree.node(i).prev)
    }

    fn next_sibling_element(&self) -> Option<Self> {
        let tree = self.tree;
        self.element_from(tree.node(self.id).next, |i| tree.node(i).next)
    }

    fn first_element_child(&self) -> Option<Self> {
        let tree = self.tree;
        self.element_from(tree.node(self.id).first, |i| tree.node(i).next)
    }

    fn is_html_element_in_html_document(&self) -> bool {
        self.element().name.ns == ns!(html)
    }

    fn has_local_name(&self, name: &CssLocalName) -> bool {
        self.element().name.local == name.0
    }

    fn has_namespace(&self, namespace: &Namespace) -> bool {
        &self.element().name.ns == namespace
    }

    fn is_same_type(&self, other: &Self) -> bool {
        self.element().name == other.element().name
    }

    fn attr_matches(
        &self,
        ns: &NamespaceConstraint<&Namespace>,
        local_name: &CssLocalName,
        operation: &AttrSelectorOperation<&CssString>,
    ) -> bool {
        self.element().attrs.iter().any(|a| {
            !matches!(*ns, NamespaceConstraint::Specific(url) if *url != a.name.ns)
                && local_name.0 == a.name.local
                && operation.eval_str(&a.value)
        })
    }

    fn match_non_ts_pseudo_class(
        &self,
        pc: &NonTSPseudoClass,
        _context: &mut MatchingContext<'_, Simple>,
    ) -> bool {
        // The dialect has none: the enum is empty.
        match *pc {}
    }

    fn match_pseudo_element(
        &self,
        pe: &PseudoElement,
        _context: &mut MatchingContext<'_, Simple>,
    ) -> bool {
        match *pe {}
    }

    fn apply_selector_flags(&self, _flags: ElementSelectorFlags) {}

    fn is_link(&self) -> bool {
        // As scraper has it (`:link` and `:any-link` do not parse anyway).
        self.element().name() == "link"
    }

    fn is_html_slot_element(&self) -> bool {
        true
    }

    fn has_id(&self, id: &CssLocalName, case_sensitivity: CaseSensitivity) -> bool {
        // The first `id` attribute in any namespace, as scraper reads it.
        self.element()
            .attrs
            .iter()
            .find(|a| a.name.local == html5ever::local_name!("id"))
            .is_some_and(|a| case_sensitivity.eq(id.0.as_bytes(), a.value.as_bytes()))
    }

    fn has_class(&self, name: &CssLocalName, case_sensitivity: CaseSensitivity) -> bool {
        self.element().attrs.iter().any(|a| {
            a.name.local == html5ever::local_name!("class")
                && a.value
                    .split_ascii_whitespace()
                    .any(|c| case_sensitivity.eq(c.as_bytes(), name.0.as_bytes()))
        })
    }

    fn has_custom_state(&self, _name: &CssLocalName) -> bool {
        false
    }

    fn imported_part(&self, _name: &CssLocalName) -> Option<CssLocalName> {
        None
    }

    fn is_part(&self, _name: &CssLocalName) -> bool {
        false
    }

    fn is_empty(&self) -> bool {
        !self
            .tree
            .children(self.id)
            .any(|c| matches!(self.tree.node(c).data, Data::Element(_) | Data::Text(_)))
    }

    fn is_root(&self) -> bool {
        let parent = self.tree.node(self.id).parent;
        parent != NO && matches!(self.tree.node(parent).data, Data::Document)
    }

    fn add_element_unique_hashes(&self, _filter: &mut BloomFilter) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tree::{parse, DOCUMENT};

    /// Every element of the page carries an `id`, so matches are named.
    const PAGE: &str = r#"<html id=html><head id=head><title id=title>t</title>
        <meta id=m1 name=author content="Ann"><meta id=m2 property="og:url" content="https://a.test/x">
        <link id=l1 rel="canonical stylesheet" href="https://a.test/x">
        <script id=ld type="application/ld+json">{}</script></head>
        <body id=body class="page Home">
        <div id=d1 class="a b" data-x="A" lang="en-GB" title="one two">
          <h2 id=h1>Head</h2><p id=p1 class=a>one</p><p id=p2>two <img id=i1 src=x.png></p>
          <span id=s1></span><p id=p3 class="b x">three</p>
        </div>
        <div id=d2 class="b" data-x="a b" lang="en"><p id=p4><a id=a1 href="https://example.com/doc.pdf">pdf</a></p>
          <section id=sec><h2 id=h2>Other</h2><div id=d3 hidden><p id=p5>deep</p></div></section>
        </div>
        <ul id=ul><li id=li1 class=x>1</li><li id=li2>2</li><li id=li3 class=x>3</li><li id=li4>4</li></ul>
        <form id=f><input id=in1 type=checkbox name=c><input id=in2 type=CHECKBOX><label id=lab>x</label></form>
        <DIV id=UP Data-Y=v CLASS=Mixed>caps</DIV>
        <svg id=svg><a id=sa href=s><circle id=c1 /></a></svg>
        <template id=tpl><p id=tp>in template</p></template>
        </body></html>"#;

    /// The ids of the elements `selector` matches: ours, then scraper's.
    fn both(selector: &str) -> (Vec<String>, Vec<String>) {
        let tree = parse(PAGE);
        let ours = Selector::parse(selector).unwrap_or_else(|e| panic!("{e}"));
        let id = |e: Element| e.attr("id").unwrap_or("?").to_string();
        let mine: Vec<String> = tree
            .select(&ours)
            .filter_map(|i| tree.element(i).map(id))
            .collect();
        let html = scraper::Html::parse_document(PAGE);
        let theirs = scraper::Selector::parse(selector).expect("scraper parses it too");
        let scrapers: Vec<String> = html
            .select(&theirs)
            .map(|e| e.value().attr("id").unwrap_or("?").to_string())
            .collect();
        (mine, scrapers)
    }

    /// Asserts that `selector` matches `expected`, as scraper does.
    fn check(selector: &str, expected: &[&str]) {
        let (mine, scrapers) = both(selector);
        assert_eq!(mine, scrapers, "`{selector}`: ours vs scraper's");
        assert_eq!(mine, expected, "`{selector}`");
    }

    #[test]
    fn attribute_operators() {
        check("[data-x]", &["d1", "d2"]);
        check("[data-x=A]", &["d1"]);
        check("[data-x='a b']", &["d2"]);
        check("[data-x~=b]", &["d2"]);
        check("[title~=two]", &["d1"]);
        check("[lang|=en]", &["d1", "d2"]);
        check("[href^='https://a.test']", &["l1"]);
        check("[href$='.pdf']", &["a1"]);
        check("[href*=example]", &["a1"]);
        check("[rel~=canonical]", &["l1"]);
        check("meta[property='og:url']", &["m2"]);
        check("[type='application/ld+json']", &["ld"]);
    }

    #[test]
    fn attribute_case() {
        // `i` makes the value case-insensitive; without it the value's case
        // counts, except for attributes HTML defines as case-insensitive
        // (`type`, `lang`, ...).
        check("[data-x=a]", &[]);
        check("[data-x=a i]", &["d1"]);
        check("[data-x^=A i]", &["d1", "d2"]);
        check("[type=checkbox]", &["in1", "in2"]);
        check("[type=checkbox s]", &["in1"]);
        check("[lang='EN-gb']", &["d1"]);
        // Attribute names are case-insensitive in HTML.
        check("[DATA-X=A]", &["d1"]);
        check("[data-y]", &["UP"]);
    }

    #[test]
    fn ids_classes_and_names() {
        check("#p1", &["p1"]);
        check("#P1", &[]);
        check(".a", &["d1", "p1"]);
        check(".a.b", &["d1"]);
        check("p.b.x", &["p3"]);
        check(".Home", &["body"]);
        check(".home", &[]);
        check(".Mixed", &["UP"]);
        // Tag names are case-insensitive in HTML, classes and ids are not.
        check("div#UP", &["UP"]);
        check("DIV.Mixed", &["UP"]);
        check("Li", &["li1", "li2", "li3", "li4"]);
        check("h2, #s1", &["h1", "s1", "h2"]);
        check("*:not(html):not(head):not(body) > title", &[]);
    }

    #[test]
    fn combinators() {
        check("div p", &["p1", "p2", "p3", "p4", "p5"]);
        check("div > p", &["p1", "p2", "p3", "p4", "p5"]);
        check("#d2 > p", &["p4"]);
        check("body > div > p", &["p1", "p2", "p3", "p4"]);
        check("h2 + p", &["p1"]);
        check("h2 ~ p", &["p1", "p2", "p3"]);
        check("section p", &["p5"]);
        check("h2 ~ div p", &["p5"]);
        check("ul > li + li", &["li2", "li3", "li4"]);
    }

    #[test]
    fn structural_pseudo_classes() {
        check("li:first-child", &["li1"]);
        check("li:last-child", &["li4"]);
        check("li:nth-child(2)", &["li2"]);
        check("li:nth-child(odd)", &["li1", "li3"]);
        check("li:nth-child(2n+2)", &["li2", "li4"]);
        check("li:nth-last-child(1)", &["li4"]);
        // A template's content has no parent element but has siblings.
        check("p:first-of-type", &["p1", "p4", "p5", "tp"]);
        check("p:nth-of-type(2)", &["p2"]);
        check("#d1 > :only-child", &[]);
        check("#d3 > :only-child", &["p5"]);
        check("span:empty", &["s1"]);
        check(":root", &["html"]);
        // Scripts and templates are siblings like any element: the
        // `<link>` before the `<script>` is not the head's last child.
        check("head > :last-child", &["ld"]);
    }

    #[test]
    fn negation_is_where_and_has() {
        check("p:not(.a)", &["p2", "p3", "p4", "p5", "tp"]);
        check("div:not([hidden]):not(.a)", &["d2", "UP"]);
        check("li:not(:nth-child(2n))", &["li1", "li3"]);
        check(":is(h2, span)", &["h1", "s1", "h2"]);
        check("div :where(.x)", &["p3"]);
        // `:has` is part of the dialect (scraper turns it on).
        check("div:has(> h2)", &["d1"]);
        check("div:has(img)", &["d1"]);
        check("section:has(p)", &["sec"]);
        check("h2:has(+ p)", &["h1"]);
        check("p:has(~ span)", &["p1", "p2"]);
        check("div:not(:has(p))", &["UP"]);
    }

    #[test]
    fn foreign_and_template_content() {
        // SVG elements match by name; a template's content has no parent
        // element, so no descendant selector reaches it.
        check("svg a", &["sa"]);
        check("circle", &["c1"]);
        check("#tp", &["tp"]);
        check("template p", &[]);
        check("body p", &["p1", "p2", "p3", "p4", "p5"]);
    }

    #[test]
    fn bad_selectors_say_what_is_wrong() {
        let err = |s: &str| Selector::parse(s).expect_err(s).to_string();
        assert_eq!(
            err("div["),
            "selector `div[` does not compile: it ends too early"
        );
        assert!(
            err("a:hover").contains("unsupported pseudo-class"),
            "{}",
            err("a:hover")
        );
        assert!(err("p::before").contains("pseudo"), "{}", err("p::before"));
        assert!(err("div >").contains("it ends too early") || err("div >").contains("combinator"));
        assert!(err("").contains("does not compile"));
        assert!(err("p..x").contains("does not compile"));
        // Scraper refuses the same ones.
        for s in ["div[", "a:hover", "p::before", "div >", "", "p..x"] {
            assert!(scraper::Selector::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn matches_one_element() {
        let tree = parse("<p class=a>x</p><p>y</p>");
        let sel = Selector::parse("p.a").expect("compiles");
        let hits: Vec<bool> = tree
            .descendants(DOCUMENT)
            .filter_map(|id| tree.element_ref(id))
            .filter(|e| e.element().name() == "p")
            .map(|e| sel.matches(&e))
            .collect();
        assert_eq!(hits, [true, false]);
        assert_eq!(format!("{sel:?}"), "Selector(\"p.a\")");
    }
}
