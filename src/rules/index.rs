//! Which selectors could match an element, found without trying them all.
//! `_global.toml` holds hundreds of `drop` selectors; matching each against
//! every element of every page cost a third of extraction time. Like a
//! browser's style engine, we file each selector under the id, class or tag
//! its rightmost compound requires, and try only those an element could
//! satisfy (plus the few that require none of them). A compound with no id,
//! class or tag but an attribute test (`[id^=taboola]`) is filed under the
//! attribute's name: the element must at least carry it, and hold the
//! test's value somewhere in it (every `id` and `class` carries a value,
//! and `[class*=klaviyo-form-]` was tried on every element with a class).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use html5ever::{local_name, LocalName};

use super::{Needle, Rule};
use crate::text::Fnv1a;

/// Names to rules. Keys are short and looked up for every element of every
/// page: FNV hashes them in a fraction of SipHash's time, and the keys come
/// from rule files, not from pages, so flooding is no concern.
type Map = HashMap<String, Vec<usize>, BuildHasherDefault<Fnv1a>>;

/// A [`Map`] with a bit set for the length and the end letters of each name
/// filed. An element carries a dozen class names that no rule names (a
/// utility-class page, far more), and the bit turns most of them away
/// before they are hashed.
#[derive(Debug, Clone)]
struct Names {
    map: Map,
    filed: Box<[u64; Names::WORDS]>,
}

impl Default for Names {
    fn default() -> Self {
        Names {
            map: Map::default(),
            filed: Box::new([0; Names::WORDS]),
        }
    }
}

impl Names {
    const WORDS: usize = 64;

    /// The bit of `name`: its length and end letters, any case.
    fn bit(name: &str) -> usize {
        let b = name.as_bytes();
        let (first, last) = match (b.first(), b.last()) {
            (Some(f), Some(l)) => (f.to_ascii_lowercase(), l.to_ascii_lowercase()),
            _ => (0, 0),
        };
        (b.len() * 131 + usize::from(first) * 31 + usize::from(last)) % (Names::WORDS * 64)
    }

    /// The rules filed under `name`, to add to.
    fn entry(&mut self, name: String) -> &mut Vec<usize> {
        let bit = Names::bit(&name);
        self.filed[bit / 64] |= 1 << (bit % 64);
        self.map.entry(name).or_default()
    }

    /// The rules filed under `name`, compared lower-cased when it has capitals.
    fn get(&self, name: &str) -> Option<&Vec<usize>> {
        let bit = Names::bit(name);
        if self.filed[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        match self.map.get(name) {
            Some(v) => Some(v),
            None if name.bytes().any(|b| b.is_ascii_uppercase()) => {
                self.map.get(&name.to_ascii_lowercase())
            }
            None => None,
        }
    }
}

/// Selectors (by index into their rule list) filed by what they require.
#[derive(Debug, Default, Clone)]
pub struct SelectorIndex {
    by_id: Names,
    by_class: Names,
    by_tag: Names,
    /// Few (a handful of attribute names), so a list beats a map; names
    /// are atoms, as the parse gives them, so each is one word compared.
    by_attr: Vec<(LocalName, Vec<AttrRule>)>,
    universal: Vec<usize>,
}

/// What the rightmost compound of one selector requires.
#[derive(Debug, PartialEq, Eq)]
enum Key {
    Id(String),
    Class(String),
    Tag(String),
    /// An attribute's name, and the value its test compares with, if any
    /// (ASCII lower-cased).
    Attr(String, Option<String>),
}

/// A rule filed under an attribute's name: whatever the test's operator
/// (`=`, `~=`, `|=`, `^=`, `$=`, `*=`) and case, an element it matches
/// holds `value` in that attribute, ASCII case aside.
#[derive(Debug, Clone)]
struct AttrRule {
    rule: usize,
    value: Option<Needle>,
}

impl AttrRule {
    /// True when an element whose attribute reads `held` may match.
    fn may_match(&self, held: &str) -> bool {
        self.value
            .as_ref()
            .is_none_or(|value| value.found_in(held.as_bytes()))
    }
}

impl SelectorIndex {
    /// Files every rule of `rules` by its selector text.
    pub fn new<T>(rules: &[Rule<T>]) -> Self {
        let mut index = SelectorIndex::default();
        for (k, rule) in rules.iter().enumerate() {
            match keys(&rule.source) {
                Some(keys) => {
                    for key in keys {
                        let list = match key {
                            Key::Id(n) => index.by_id.entry(n),
                            Key::Class(n) => index.by_class.entry(n),
                            Key::Tag(n) => index.by_tag.entry(n),
                            Key::Attr(n, value) => {
                                index.file_attr(n, k, value);
                                continue;
                            }
                        };
                        if list.last() != Some(&k) {
                            list.push(k);
                        }
                    }
                }
                None => index.universal.push(k),
            }
        }
        index
    }

    /// Files rule `k` under attribute `name`, with the value its test
    /// compares with, if any.
    fn file_attr(&mut self, name: String, k: usize, value: Option<String>) {
        let name = LocalName::from(name);
        let list = match self.by_attr.iter().position(|(a, _)| *a == name) {
            Some(p) => &mut self.by_attr[p].1,
            None => {
                self.by_attr.push((name, Vec::new()));
                &mut self.by_attr.last_mut().expect("just pushed").1
            }
        };
        let value = value.map(|v| Needle::new(v.into_bytes()));
        match list.last_mut() {
            // Filed twice under one name (`[id^=a], [id^=b]`), a rule
            // needs either value: it keeps neither.
            Some(last) if last.rule == k => {
                if last.value != value {
                    last.value = None;
                }
            }
            _ => list.push(AttrRule { rule: k, value }),
        }
    }

    /// The rules that could match an element with this id, these classes,
    /// this tag and these attributes (names lower-case, as the parse gives
    /// them, and values), sorted and without repeats, into `out` (cleared
    /// first). Names are compared lower-cased, so quirks-mode pages (where
    /// id and class match without case) lose nothing.
    pub fn candidates<'c>(
        &self,
        id: Option<&str>,
        classes: impl Iterator<Item = &'c str>,
        tag: &str,
        attrs: impl Iterator<Item = (&'c LocalName, &'c str)>,
        out: &mut Vec<usize>,
    ) {
        out.clear();
        self.by_classes(classes, out);
        self.add_others(id, tag, attrs, out);
    }

    /// [`SelectorIndex::candidates`] with what the element's `class`
    /// value brings already looked up by [`SelectorIndex::by_class_value`]
    /// (a page repeats its class values: each is looked up once); `None`
    /// when it was not, and the `class` attribute is read with the others.
    pub fn candidates_with<'c>(
        &self,
        id: Option<&str>,
        class_rules: Option<&[usize]>,
        tag: &str,
        attrs: impl Iterator<Item = (&'c LocalName, &'c str)>,
        out: &mut Vec<usize>,
    ) {
        out.clear();
        match class_rules {
            Some(rules) => {
                out.extend_from_slice(rules);
                let others = attrs.filter(|(name, _)| **name != local_name!("class"));
                self.add_others(id, tag, others, out);
            }
            None => self.add_others(id, tag, attrs, out),
        }
    }

    /// Appends to `out` the rules an element's `class` value brings: those
    /// filed under its classes, and the tests of the `class` attribute it
    /// may pass; sorted and without repeats among themselves.
    pub fn by_class_value(&self, class: &str, out: &mut Vec<usize>) {
        let from = out.len();
        self.by_classes(class.split_ascii_whitespace(), out);
        if let Some((_, v)) = self
            .by_attr
            .iter()
            .find(|(a, _)| *a == local_name!("class"))
        {
            out.extend(v.iter().filter(|r| r.may_match(class)).map(|r| r.rule));
        }
        sort_dedup(out, from);
    }

    /// Appends to `out` the rules filed under any of `classes`, sorted
    /// and without repeats among themselves.
    fn by_classes<'c>(&self, classes: impl Iterator<Item = &'c str>, out: &mut Vec<usize>) {
        let from = out.len();
        for c in classes {
            if let Some(v) = self.by_class.get(c) {
                out.extend_from_slice(v);
            }
        }
        sort_dedup(out, from);
    }

    /// Adds the rules of the id, tag and attributes, and those that
    /// require none, to `out`; sorts it and takes out repeats.
    fn add_others<'c>(
        &self,
        id: Option<&str>,
        tag: &str,
        attrs: impl Iterator<Item = (&'c LocalName, &'c str)>,
        out: &mut Vec<usize>,
    ) {
        out.extend_from_slice(&self.universal);
        if !self.by_attr.is_empty() {
            for (name, held) in attrs {
                if let Some((_, v)) = self.by_attr.iter().find(|(a, _)| a == name) {
                    out.extend(v.iter().filter(|r| r.may_match(held)).map(|r| r.rule));
                }
            }
        }
        if let Some(v) = id.and_then(|id| self.by_id.get(id)) {
            out.extend_from_slice(v);
        }
        if let Some(v) = self.by_tag.get(tag) {
            out.extend_from_slice(v);
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// Sorts `out[from..]` and takes out its repeats.
fn sort_dedup(out: &mut Vec<usize>, from: usize) {
    out[from..].sort_unstable();
    let mut kept = from;
    for k in from..out.len() {
        if kept == from || out[kept - 1] != out[k] {
            out[kept] = out[k];
            kept += 1;
        }
    }
    out.truncate(kept);
}

/// The keys of a selector list: one per comma-separated selector, or `None`
/// when any of them requires no id, class or tag (or is written in a way
/// this reader does not follow, such as escapes).
fn keys(list: &str) -> Option<Vec<Key>> {
    if list.contains('\\') {
        return None;
    }
    split_top(list, |c| c == ',')
        .into_iter()
        .map(|complex| key(rightmost_compound(complex.trim())))
        .collect()
}

/// Splits at characters matching `sep` outside brackets, parentheses and quotes.
fn split_top(s: &str, sep: impl Fn(char) -> bool) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None, 0);
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '(') => depth += 1,
            (None, ']' | ')') => depth -= 1,
            (None, c) if depth == 0 && sep(c) => {
                parts.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// The last compound selector of a complex selector (after the last combinator).
fn rightmost_compound(complex: &str) -> &str {
    split_top(complex, |c| {
        c.is_whitespace() || matches!(c, '>' | '+' | '~')
    })
    .into_iter()
    .rev()
    .find(|p| !p.is_empty())
    .unwrap_or("")
}

/// What a compound requires: its id, else its first class, else its tag,
/// else the attribute its first attribute test names.
fn key(compound: &str) -> Option<Key> {
    // Quoted values may hold brackets; such a compound is tried everywhere
    // rather than misread.
    if compound.contains(['"', '\'']) {
        return None;
    }
    // Drop attribute selectors and pseudo-class arguments: `:not(.x)` must
    // not be read as requiring class `x`. The body of the first attribute
    // test outside parentheses is kept aside.
    let mut plain = String::new();
    let mut first_attr: Option<String> = None;
    let mut in_attr = false;
    let (mut depth, mut parens) = (0, 0);
    for c in compound.chars() {
        match c {
            '[' => {
                in_attr = depth == 0 && parens == 0 && first_attr.is_none();
                if in_attr {
                    first_attr = Some(String::new());
                }
                depth += 1;
            }
            '(' => {
                depth += 1;
                parens += 1;
            }
            ']' | ')' => {
                depth -= 1;
                if c == ')' {
                    parens -= 1;
                }
                in_attr = false;
            }
            _ if depth == 0 => plain.push(c),
            _ if in_attr => first_attr.get_or_insert_with(String::new).push(c),
            _ => {}
        }
    }
    let ident = |rest: &str| -> String {
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
            .collect::<String>()
            .to_ascii_lowercase()
    };
    if let Some(pos) = plain.find('#') {
        let name = ident(&plain[pos + 1..]);
        return (!name.is_empty()).then_some(Key::Id(name));
    }
    if let Some(pos) = plain.find('.') {
        let name = ident(&plain[pos + 1..]);
        return (!name.is_empty()).then_some(Key::Class(name));
    }
    let tag = ident(&plain);
    if !tag.is_empty() && plain.starts_with(|c: char| c.is_alphabetic()) {
        return Some(Key::Tag(tag));
    }
    // `[name]`, `[name=v]`, `[name^=v i]`...; a namespace (`[ns|name]`,
    // `[*|name]`) is not followed.
    let body = first_attr?;
    let body = body.trim_start();
    let name = ident(body);
    let after = body[name.len()..].trim_start();
    let plain_name =
        after.is_empty() || after.starts_with(['=', '~', '^', '$', '*']) || after.starts_with("|=");
    // The value after the operator, up to the flag (`i`, `s`) if any.
    let value = after
        .split_once('=')
        .map(|(_, v)| {
            v.split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        })
        .filter(|v| !v.is_empty());
    (!name.is_empty() && plain_name).then_some(Key::Attr(name, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(source: &str) -> Rule<()> {
        Rule {
            source: source.into(),
            line: 1,
            compiled: (),
        }
    }

    #[test]
    fn files_by_rightmost_compound() {
        assert_eq!(
            keys("#cookie-notice"),
            Some(vec![Key::Id("cookie-notice".into())])
        );
        assert_eq!(
            keys("div.share-bar > a.Icon"),
            Some(vec![Key::Class("icon".into())])
        );
        assert_eq!(
            keys("nav[aria-label=breadcrumb i]"),
            Some(vec![Key::Tag("nav".into())])
        );
        assert_eq!(
            keys("#comments:has(#respond, .comment-list)"),
            Some(vec![Key::Id("comments".into())])
        );
        assert_eq!(keys(".a:not(.b)"), Some(vec![Key::Class("a".into())]));
        assert_eq!(
            keys("[id^=sp_message_container]"),
            Some(vec![Key::Attr(
                "id".into(),
                Some("sp_message_container".into())
            )])
        );
        assert_eq!(
            keys(".a, [Data-X]"),
            Some(vec![
                Key::Class("a".into()),
                Key::Attr("data-x".into(), None)
            ])
        );
        assert_eq!(
            keys(":not([x])[itemtype*=List i]"),
            Some(vec![Key::Attr("itemtype".into(), Some("list".into()))])
        );
        assert_eq!(keys("[ns|x]"), None);
        assert_eq!(keys("[*|x=1]"), None);
        assert_eq!(keys(":not([x])"), None);
        assert_eq!(keys("*"), None);
        assert_eq!(keys("[title=\"a]b\"]"), None);
    }

    #[test]
    fn candidates_cover_every_possible_match() {
        let rules = [
            rule("#a"),
            rule(".b"),
            rule("p"),
            rule("[x]"),
            rule(".b, #c"),
            rule(":not(p)"),
        ];
        let index = SelectorIndex::new(&rules);
        let mut out = Vec::new();
        let x = LocalName::from("x");
        index.candidates(
            Some("C"),
            ["b", "z"].into_iter(),
            "div",
            [(&x, "")].into_iter(),
            &mut out,
        );
        assert_eq!(out, [1, 3, 4, 5]);
        index.candidates(None, std::iter::empty(), "p", std::iter::empty(), &mut out);
        assert_eq!(out, [2, 5]);
    }

    /// Looking up the classes' rules first (once per class value) and the
    /// rest per element gives what one look-up of everything gives.
    #[test]
    fn class_rules_looked_up_apart_give_the_same_candidates() {
        let rules = [
            rule(".b"),
            rule("div.c"),
            rule(".b .c"),
            rule("#i"),
            rule("[x]"),
            rule("p, .c"),
            rule(":not(p)"),
            rule("[class*=klaviyo-form-]"),
            rule("[class]"),
        ];
        let index = SelectorIndex::new(&rules);
        let (x, class) = (LocalName::from("x"), LocalName::from("class"));
        for value in [
            "b z B",
            " c  c ",
            "",
            "q",
            "klaviyo-form-1 b",
            "KLAVIYO-FORM-",
        ] {
            for (id, tag) in [(None, "div"), (Some("i"), "p")] {
                let attrs = || [(&x, ""), (&class, value)].into_iter();
                let mut whole = Vec::new();
                index.candidates(id, value.split_ascii_whitespace(), tag, attrs(), &mut whole);
                let mut class_rules = vec![99];
                index.by_class_value(value, &mut class_rules);
                assert_eq!(class_rules[0], 99, "appended");
                let mut apart = Vec::new();
                index.candidates_with(id, Some(&class_rules[1..]), tag, attrs(), &mut apart);
                assert_eq!(whole, apart, "{value:?} {id:?} {tag}");
                // A `class=""` (no class names) need not be looked up.
                if value.is_empty() {
                    index.candidates_with(id, None, tag, attrs(), &mut apart);
                    assert_eq!(whole, apart, "{id:?} {tag}, not looked up");
                }
            }
        }
    }

    /// An attribute test's value turns away the elements that do not hold
    /// it anywhere, in any case; never one the selector could match.
    #[test]
    fn attribute_tests_are_tried_only_where_their_value_is_held() {
        let rules = [
            rule("[id^=div-gpt-ad]"),
            rule("[class*=klaviyo-form-]"),
            rule("[class]"),
            rule("[id^=a], [id^=b]"),
            rule("[lang|=EN]"),
        ];
        let index = SelectorIndex::new(&rules);
        let mut out = Vec::new();
        let mut ask = |attrs: &[(&'static str, &'static str)]| {
            let attrs: Vec<(LocalName, &str)> = attrs
                .iter()
                .map(|&(name, value)| (LocalName::from(name), value))
                .collect();
            index.candidates(
                None,
                std::iter::empty(),
                "div",
                attrs.iter().map(|(name, value)| (name, *value)),
                &mut out,
            );
            out.clone()
        };
        assert_eq!(ask(&[("id", "div-gpt-ad-123")]), [0, 3]);
        assert_eq!(ask(&[("id", "DIV-GPT-AD")]), [0, 3]);
        assert_eq!(ask(&[("id", "sidebar")]), [3]);
        assert_eq!(ask(&[("class", "x klaviyo-form-7 y")]), [1, 2]);
        assert_eq!(ask(&[("class", "klaviyo-form")]), [2]);
        assert_eq!(ask(&[("lang", "en-GB")]), [4]);
        assert_eq!(ask(&[("lang", "de")]), Vec::<usize>::new());
        // Every selector these pages match is among the candidates.
        let compiled: Vec<crate::selector::Selector> = rules
            .iter()
            .map(|r| crate::selector::Selector::parse(&r.source).expect("valid"))
            .collect();
        for html in [
            r#"<div id="div-gpt-ad-1"></div>"#,
            r#"<div class="klaviyo-form-x"></div>"#,
            r#"<div id="b2"></div>"#,
            r#"<div lang="EN-us"></div>"#,
            r#"<div lang="en"></div>"#,
        ] {
            let tree = crate::extract::parse(html);
            for (id, e) in tree.attached_elements().filter(|(_, e)| e.name() == "div") {
                let element = tree.element_ref(id).expect("an element");
                let attrs = e.attrs.iter().map(|a| (&a.name.local, &*a.value));
                let mut candidates = Vec::new();
                index.candidates(None, std::iter::empty(), "div", attrs, &mut candidates);
                for (k, selector) in compiled.iter().enumerate() {
                    if selector.matches(&element) {
                        assert!(candidates.contains(&k), "{} on {html}", rules[k].source);
                    }
                }
            }
        }
    }

    #[test]
    fn names_filed_are_found_in_any_case_and_others_are_not() {
        let mut names = Names::default();
        let filed = ["share-bar", "cookie-notice", "a", "Main", "x-y"];
        for (k, name) in filed.iter().enumerate() {
            names.entry(name.to_string()).push(k);
        }
        for (k, name) in filed.iter().enumerate() {
            assert_eq!(names.get(name), Some(&vec![k]), "{name}");
        }
        assert_eq!(names.get("SHARE-BAR"), Some(&vec![0]));
        assert_eq!(names.get("Cookie-Notice"), Some(&vec![1]));
        for other in ["", "b", "share-baz", "cookie-notic", "main-nav", "y-x"] {
            assert_eq!(names.get(other), None, "{other}");
        }
    }
}
