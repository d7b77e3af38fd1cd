//! Reading one rule file: TOML text to a compiled [`SiteRules`].
//!
//! Rule authors fix files faster when they see every problem at once, so the
//! file is not deserialized straight into typed structs (serde stops at the
//! first error). It is read into a small tree that keeps the position of every
//! value, then walked key by key: each unknown key, wrong type, selector that
//! does not compile or bad regex becomes its own error naming the file, the
//! line and the key, and the walk carries on.

use std::fmt;
use std::ops::Range;

use crate::selector::Selector;
use regex::{Regex, RegexBuilder};
use reqwest::header::{HeaderName, HeaderValue};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

use super::index::SelectorIndex;
use super::textindex::TextIndex;
use super::{
    ContentRules, FetchRules, HtmlReplace, MetaRules, MetaSelector, Rewrite, Rule, RuleError,
    RuleSource, RuleTest, SiteRules, TextPattern, GLOBAL_FILE,
};

/// Compiled regexes are bounded so a pathological pattern cannot eat memory.
pub(super) const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A parsed rule file plus what is needed to check it against its siblings.
pub(crate) struct Parsed {
    pub(crate) rules: SiteRules,
    /// Each host with the line it was declared on (1 for the file name).
    pub(crate) host_lines: Vec<(String, usize)>,
}

/// Parses and compiles one rule file. `name` is the file name
/// (`example.com.toml`), `file` how errors refer to it (a path), `origin`
/// where it came from (`built-in` or the path).
pub(crate) fn parse(name: &str, file: &str, origin: &str, text: &str) -> Result<Parsed, RuleError> {
    parse_with(name, file, origin, text, false)
}

/// [`parse`], with `lazy_patterns`: `drop_text` and `stop_at` patterns are
/// only checked for syntax and compiled on first use (for shipped files,
/// which the tests compile in full).
pub(crate) fn parse_with(
    name: &str,
    file: &str,
    origin: &str,
    text: &str,
    lazy_patterns: bool,
) -> Result<Parsed, RuleError> {
    // Editors on Windows may save a byte-order mark, which TOML does not allow.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: Spanned<Node> = match toml::from_str(text) {
        Ok(root) => root,
        Err(e) => {
            // An error at the end of the file (an unclosed array) is reported
            // on the last line written, not on the empty line after it.
            let end = text.trim_end().len();
            let line = e
                .span()
                .map_or(1, |span| Lines::new(text).of(span.start.min(end)));
            return Err(RuleError::Invalid {
                file: file.to_owned(),
                line,
                message: format!("not valid TOML: {}", one_line(e.message())),
            });
        }
    };
    let mut walker = Walker {
        file,
        lines: Lines::new(text),
        lazy_patterns,
        errors: Vec::new(),
    };
    let parsed = walker.file(name, origin, &root);
    // Reported in file order, whichever part of the walk found them.
    walker.errors.sort_by_key(|e| match e {
        RuleError::Invalid { line, .. } => *line,
        _ => 0,
    });
    match RuleError::from_list(walker.errors) {
        Some(e) => Err(e),
        None => Ok(parsed),
    }
}

/// Compiles a rule's regex, bounded in size.
pub(crate) fn build_regex(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
}

/// Splits `selector@attr` at the last `@` outside brackets, parentheses and
/// quotes (an `@` can only appear in a selector inside those), giving the
/// selector and the attribute to read, if any.
pub fn split_attr(spec: &str) -> (&str, Option<&str>) {
    match top_level(spec, '@').last() {
        Some(i) => (spec[..i].trim(), Some(spec[i + 1..].trim())),
        None => (spec.trim(), None),
    }
}

/// Where `target` occurs in a selector outside brackets, parentheses and
/// quotes (backslash escapes honoured): the places where it means something
/// to us (`@attr`, a list's comma) rather than to CSS.
pub(crate) fn top_level(spec: &str, target: char) -> impl Iterator<Item = usize> + '_ {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    spec.char_indices()
        .filter(move |&(_, c)| {
            if escaped {
                escaped = false;
                return false;
            }
            match (c, quote) {
                ('\\', _) => escaped = true,
                (q, Some(open)) if q == open => quote = None,
                (_, Some(_)) => {}
                ('"' | '\'', None) => quote = Some(c),
                ('[' | '(', None) => depth += 1,
                (']' | ')', None) => depth = depth.saturating_sub(1),
                (c, None) if c == target && depth == 0 => return true,
                _ => {}
            }
            false
        })
        .map(|(i, _)| i)
}

/// Lower-cases a host and strips a trailing dot and a leading `www.`, the
/// form rule files and lookups are compared in.
pub fn normalize_host(host: &str) -> String {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    match host.strip_prefix("www.") {
        Some(rest) => rest.to_owned(),
        None => host,
    }
}

/// A rule file's host as written, checked and normalized: a bare host name
/// (or IP address), never a URL, a path or a port.
pub fn validate_host(raw: &str) -> Result<String, String> {
    if raw.contains("://") {
        return Err(format!(
            "`{raw}` is a URL; give a bare host name like example.com"
        ));
    }
    let host = normalize_host(raw);
    if host.is_empty() {
        return Err("empty host name".to_owned());
    }
    match url::Host::parse(&host) {
        Ok(url::Host::Domain(domain)) if domain.split('.').all(|l| !l.is_empty()) => Ok(domain),
        Ok(url::Host::Ipv4(ip)) => Ok(ip.to_string()),
        Ok(url::Host::Ipv6(_)) | Ok(url::Host::Domain(_)) | Err(_) => Err(format!(
            "`{raw}` is not a host name (give a bare host like example.com: no scheme, path or port)"
        )),
    }
}

/// Where each line of a file starts, so the line of any rule is found by a
/// binary search: counting newlines from the top for every rule made a file
/// of tens of thousands of rules (a converted block list) take minutes.
struct Lines {
    /// Byte offset of every `\n`, in order.
    newlines: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        Lines {
            newlines: memchr::memchr_iter(b'\n', text.as_bytes()).collect(),
        }
    }

    /// 1-based line of a byte offset.
    fn of(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&n| n < offset) + 1
    }
}

/// Error messages from other crates sometimes span lines (regex draws a caret
/// under the pattern); reports are one line per error.
pub(crate) fn one_line(message: &str) -> String {
    if let Some(last) = message
        .lines()
        .find_map(|l| l.trim().strip_prefix("error: "))
    {
        return last.to_owned();
    }
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A TOML value that remembers where each of its parts was written.
#[derive(Debug)]
enum Node {
    Str(String),
    Array(Vec<Spanned<Node>>),
    Table(Vec<(String, Spanned<Node>)>),
    /// Integers, floats, booleans, dates: never valid in a rule file; kept
    /// only to name their type in the error.
    /// A boolean: only `[fetch] detect_next_page` takes one.
    Bool(bool),
    Other(&'static str),
}

impl Node {
    fn type_name(&self) -> &'static str {
        match self {
            Node::Str(_) => "a string",
            Node::Array(_) => "an array",
            Node::Table(_) => "a table",
            Node::Bool(_) => "a boolean",
            Node::Other(name) => name,
        }
    }
}

/// The key toml uses to hand a date-time to a visitor.
const DATETIME_KEY: &str = "$__toml_private_datetime";

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a TOML value")
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Other("an integer"))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Other("an integer"))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Other("a float"))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == DATETIME_KEY {
                map.next_value::<String>()?;
                return Ok(Node::Other("a date-time"));
            }
            entries.push((key, map.next_value()?));
        }
        Ok(Node::Table(entries))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

type Entries = [(String, Spanned<Node>)];

/// Walks the tree of one file, compiling what is valid and noting the rest.
struct Walker<'a> {
    file: &'a str,
    lines: Lines,
    /// Text patterns compiled on first use (see [`parse_with`]).
    lazy_patterns: bool,
    errors: Vec<RuleError>,
}

impl Walker<'_> {
    fn line(&self, span: &Range<usize>) -> usize {
        self.lines.of(span.start)
    }

    fn error(&mut self, span: &Range<usize>, key: &str, message: impl fmt::Display) {
        let line = self.line(span);
        self.errors.push(RuleError::Invalid {
            file: self.file.to_owned(),
            line,
            message: format!("`{key}`: {message}"),
        });
    }

    fn wrong_type(&mut self, node: &Spanned<Node>, key: &str, expected: &str) {
        let found = node.get_ref().type_name();
        self.error(
            &node.span(),
            key,
            format!("expected {expected}, found {found}"),
        );
    }

    fn unknown(&mut self, node: &Spanned<Node>, key: &str, allowed: &[&str]) {
        self.error(
            &node.span(),
            key,
            format!("unknown key (expected one of: {})", allowed.join(", ")),
        );
    }

    fn table<'n>(&mut self, node: &'n Spanned<Node>, key: &str) -> Option<&'n Entries> {
        match node.get_ref() {
            Node::Table(entries) => Some(entries),
            _ => {
                self.wrong_type(node, key, "a table");
                None
            }
        }
    }

    fn boolean(&mut self, node: &Spanned<Node>, key: &str) -> Option<bool> {
        match node.get_ref() {
            Node::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(node, key, "true or false");
                None
            }
        }
    }

    fn string<'n>(&mut self, node: &'n Spanned<Node>, key: &str) -> Option<&'n str> {
        match node.get_ref() {
            Node::Str(s) => Some(s),
            _ => {
                self.wrong_type(node, key, "a string");
                None
            }
        }
    }

    /// An array of strings, each with its span; wrong elements are reported.
    fn strings<'n>(&mut self, node: &'n Spanned<Node>, key: &str) -> Vec<(&'n str, Range<usize>)> {
        let Node::Array(items) = node.get_ref() else {
            self.wrong_type(node, key, "an array of strings");
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                self.string(item, &format!("{key}[{i}]"))
                    .map(|s| (s, item.span()))
            })
            .collect()
    }

    fn selector(&mut self, source: &str, span: &Range<usize>, key: &str) -> Option<Selector> {
        if source.trim().is_empty() {
            self.error(span, key, "empty selector");
            return None;
        }
        match Selector::parse(source) {
            Ok(selector) => Some(selector),
            Err(e) => {
                self.error(span, key, e.to_string());
                None
            }
        }
    }

    fn regex(&mut self, source: &str, span: &Range<usize>, key: &str) -> Option<Regex> {
        match build_regex(source) {
            Ok(re) => Some(re),
            Err(e) => {
                self.error(
                    span,
                    key,
                    format!(
                        "regex `{source}` does not compile: {}",
                        one_line(&e.to_string())
                    ),
                );
                None
            }
        }
    }

    /// A list of rules, each compiled by `compile`; the ones that fail are
    /// reported and left out.
    fn rules<T>(
        &mut self,
        node: &Spanned<Node>,
        key: &str,
        mut compile: impl FnMut(&mut Self, &str, &Range<usize>, &str) -> Option<T>,
    ) -> Vec<Rule<T>> {
        let mut rules = Vec::new();
        for (i, (source, span)) in self.strings(node, key).into_iter().enumerate() {
            if let Some(compiled) = compile(self, source, &span, &format!("{key}[{i}]")) {
                rules.push(Rule {
                    source: source.to_owned(),
                    line: self.line(&span),
                    compiled,
                });
            }
        }
        rules
    }

    /// A text pattern, matched against every block: one that matches empty
    /// text would match every block, so it is refused.
    fn text_pattern(
        &mut self,
        source: &str,
        span: &Range<usize>,
        key: &str,
    ) -> Option<TextPattern> {
        let compile_error = |e: &str| format!("regex `{source}` does not compile: {}", one_line(e));
        let pattern = if self.lazy_patterns {
            TextPattern::lazy(source)
                .map_err(|e| self.error(span, key, compile_error(&e)))
                .ok()?
        } else {
            TextPattern::new(self.regex(source, span, key)?)
        };
        // Only a pattern whose syntax allows an empty match can match an
        // empty block; a lazy one is compiled now to tell.
        if pattern.may_match_empty() {
            match pattern.compile_now() {
                Ok(regex) if regex.is_match("") => {
                    self.error(
                        span,
                        key,
                        format!(
                            "regex `{source}` matches empty text, so it would match every block"
                        ),
                    );
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.error(span, key, compile_error(&e));
                    return None;
                }
            }
        }
        Some(pattern)
    }

    fn file(&mut self, name: &str, origin: &str, root: &Spanned<Node>) -> Parsed {
        let is_global = name == GLOBAL_FILE;
        let mut rules = SiteRules {
            name: name.to_owned(),
            origin: origin.to_owned(),
            hosts: Vec::new(),
            content: ContentRules::default(),
            meta: MetaRules::default(),
            fetch: FetchRules::default(),
            tests: Vec::new(),
            source: None,
        };
        let mut host_lines = Vec::new();
        let mut hosts_given = false;
        let mut test_nodes = Vec::new();
        let entries = self.table(root, "(file)").unwrap_or_default();
        for (key, value) in entries {
            match key.as_str() {
                "hosts" if is_global => self.error(
                    &value.span(),
                    key,
                    format!("not allowed in {GLOBAL_FILE}, which applies to every host"),
                ),
                "hosts" => {
                    hosts_given = true;
                    let raws = self.strings(value, key);
                    if raws.is_empty() && matches!(value.get_ref(), Node::Array(_)) {
                        self.error(
                            &value.span(),
                            key,
                            "empty; list at least one host, or leave `hosts` out to use the file name",
                        );
                    }
                    for (i, (raw, span)) in raws.into_iter().enumerate() {
                        match validate_host(raw) {
                            Ok(host) => host_lines.push((host, self.line(&span))),
                            Err(e) => self.error(&span, &format!("hosts[{i}]"), e),
                        }
                    }
                }
                "content" => rules.content = self.content(value),
                "meta" => rules.meta = self.meta(value),
                "fetch" => rules.fetch = self.fetch(value),
                "source" => rules.source = self.source(value),
                "test" => match value.get_ref() {
                    Node::Array(items) => test_nodes.extend(items.iter()),
                    _ => self.wrong_type(value, key, "an array of tables ([[test]])"),
                },
                _ => self.unknown(
                    value,
                    key,
                    &["hosts", "content", "meta", "fetch", "test", "source"],
                ),
            }
        }
        if !is_global && !hosts_given {
            let stem = name.strip_suffix(".toml").unwrap_or(name);
            match validate_host(stem) {
                Ok(host) => host_lines.push((host, 1)),
                Err(_) => self.error(
                    &(0..0),
                    "hosts",
                    format!("the file name `{name}` is not a host name; name the file after its host or add `hosts = [...]`"),
                ),
            }
        }
        for (host, _) in &host_lines {
            if !rules.hosts.contains(host) {
                rules.hosts.push(host.clone());
            }
        }
        let covered = (!is_global).then(|| rules.hosts.clone());
        for (i, node) in test_nodes.into_iter().enumerate() {
            if let Some(test) = self.test(node, i, covered.as_deref()) {
                rules.tests.push(test);
            }
        }
        Parsed { rules, host_lines }
    }

    fn content(&mut self, node: &Spanned<Node>) -> ContentRules {
        let mut content = ContentRules::default();
        for (key, value) in self.table(node, "content").unwrap_or_default() {
            let path = format!("content.{key}");
            match key.as_str() {
                "root" => content.root = self.rules(value, &path, Self::selector),
                "drop" => content.drop = self.rules(value, &path, Self::selector),
                "drop_text" => content.drop_text = self.rules(value, &path, Self::text_pattern),
                "stop_at" => content.stop_at = self.rules(value, &path, Self::text_pattern),
                "replace_html" => content.replace_html = self.replace_html(value, &path),
                _ => self.unknown(
                    value,
                    &path,
                    &["root", "drop", "drop_text", "stop_at", "replace_html"],
                ),
            }
        }
        content.drop_index = SelectorIndex::new(&content.drop);
        content.text_index = TextIndex::new(
            (content.stop_at.iter())
                .chain(&content.drop_text)
                .map(|rule| &rule.compiled),
        );
        content
    }

    fn meta(&mut self, node: &Spanned<Node>) -> MetaRules {
        let mut meta = MetaRules::default();
        for (key, value) in self.table(node, "meta").unwrap_or_default() {
            let path = format!("meta.{key}");
            let slot = match key.as_str() {
                "title" => &mut meta.title,
                "author" => &mut meta.author,
                "published" => &mut meta.published,
                _ => {
                    self.unknown(value, &path, &["title", "author", "published"]);
                    continue;
                }
            };
            *slot = self.meta_selector(value, &path);
        }
        meta
    }

    fn meta_selector(&mut self, node: &Spanned<Node>, key: &str) -> Option<Rule<MetaSelector>> {
        let source = self.string(node, key)?;
        let span = node.span();
        let (selector, attr) = split_attr(source);
        if let Some(attr) = attr {
            if !is_attribute_name(attr) {
                let message = if attr.is_empty() {
                    "nothing after `@`: name the attribute to read".to_owned()
                } else {
                    format!("`{attr}` after `@` is not an attribute name")
                };
                self.error(&span, key, message);
                return None;
            }
        }
        let selector = self.selector(selector, &span, key)?;
        Some(Rule {
            source: source.to_owned(),
            line: self.line(&span),
            compiled: MetaSelector {
                selector,
                attr: attr.map(str::to_owned),
            },
        })
    }

    fn fetch(&mut self, node: &Spanned<Node>) -> FetchRules {
        let mut fetch = FetchRules::default();
        for (key, value) in self.table(node, "fetch").unwrap_or_default() {
            let path = format!("fetch.{key}");
            match key.as_str() {
                "headers" => fetch.headers = self.headers(value, &path),
                "cookies" => fetch.cookies = self.cookies(value, &path),
                "rewrite" => fetch.rewrite = self.rewrite(value, &path),
                "next_page" => fetch.next_page = self.meta_selector(value, &path),
                "single_page" => fetch.single_page = self.meta_selector(value, &path),
                "detect_next_page" => fetch.detect_next_page = self.boolean(value, &path),
                _ => self.unknown(
                    value,
                    &path,
                    &[
                        "headers",
                        "cookies",
                        "rewrite",
                        "next_page",
                        "single_page",
                        "detect_next_page",
                    ],
                ),
            }
        }
        fetch
    }

    /// `replace_html = [{ find = "...", with = "..." }, ...]`.
    fn replace_html(&mut self, node: &Spanned<Node>, key: &str) -> Vec<HtmlReplace> {
        let Node::Array(items) = node.get_ref() else {
            self.wrong_type(node, key, "an array of { find, with } tables");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("{key}[{i}]");
            let Some(entries) = self.table(item, &path) else {
                continue;
            };
            let (mut find, mut with) = (None, None);
            for (name, value) in entries {
                let sub = format!("{path}.{name}");
                match name.as_str() {
                    "find" => find = self.string(value, &sub),
                    "with" => with = self.string(value, &sub),
                    _ => self.unknown(value, &sub, &["find", "with"]),
                }
            }
            match (find, with) {
                (Some(""), _) => self.error(&item.span(), &path, "`find` is empty"),
                (Some(find), Some(with)) => out.push(HtmlReplace {
                    find: find.to_owned(),
                    with: with.to_owned(),
                }),
                _ => self.error(&item.span(), &path, "needs both `find` and `with`"),
            }
        }
        out
    }

    /// `[source]`: where an imported file came from. All three keys are
    /// required, so provenance is never half-written.
    fn source(&mut self, node: &Spanned<Node>) -> Option<RuleSource> {
        let mut source = RuleSource::default();
        let mut given = [false; 3];
        for (key, value) in self.table(node, "source").unwrap_or_default() {
            let path = format!("source.{key}");
            let (slot, i) = match key.as_str() {
                "file" => (&mut source.file, 0),
                "commit" => (&mut source.commit, 1),
                "license" => (&mut source.license, 2),
                _ => {
                    self.unknown(value, &path, &["file", "commit", "license"]);
                    continue;
                }
            };
            if let Some(text) = self.string(value, &path) {
                if text.trim().is_empty() {
                    self.error(&value.span(), &path, "empty");
                } else {
                    *slot = text.to_owned();
                    given[i] = true;
                }
            }
        }
        let mut ok = true;
        for (given, name) in given.iter().zip(["file", "commit", "license"]) {
            if !given {
                ok = false;
                self.error(&node.span(), "source", format!("`{name}` is missing"));
            }
        }
        ok.then_some(source)
    }

    /// Name/value pairs of a table whose values must all be strings.
    fn string_table<'n>(
        &mut self,
        node: &'n Spanned<Node>,
        key: &str,
    ) -> Vec<(&'n str, &'n str, Range<usize>, String)> {
        let mut pairs = Vec::new();
        for (name, value) in self.table(node, key).unwrap_or_default() {
            let path = format!("{key}.\"{name}\"");
            if let Some(v) = self.string(value, &path) {
                pairs.push((name.as_str(), v, value.span(), path));
            }
        }
        pairs
    }

    fn headers(&mut self, node: &Spanned<Node>, key: &str) -> Vec<(String, String)> {
        let mut headers = Vec::new();
        for (name, value, span, path) in self.string_table(node, key) {
            if HeaderName::from_bytes(name.as_bytes()).is_err() {
                self.error(&span, &path, "not a legal HTTP header name");
            } else if name.eq_ignore_ascii_case("cookie") {
                self.error(&span, &path, "set cookies with `[fetch] cookies`");
            } else if HeaderValue::from_str(value).is_err() {
                self.error(
                    &span,
                    &path,
                    "not a legal HTTP header value (visible ASCII, spaces and tabs only)",
                );
            } else {
                headers.push((name.to_owned(), value.to_owned()));
            }
        }
        headers
    }

    fn cookies(&mut self, node: &Spanned<Node>, key: &str) -> Vec<(String, String)> {
        let mut cookies = Vec::new();
        for (name, value, span, path) in self.string_table(node, key) {
            // A cookie name has the grammar of a header name (an RFC 7230
            // token), so the http crate's check serves for both.
            if name.is_empty() || HeaderName::from_bytes(name.as_bytes()).is_err() {
                self.error(&span, &path, "not a legal cookie name");
            } else if !is_cookie_value(value) {
                self.error(
                    &span,
                    &path,
                    "not a legal cookie value (no spaces, quotes, commas, semicolons or backslashes)",
                );
            } else {
                cookies.push((name.to_owned(), value.to_owned()));
            }
        }
        cookies
    }

    fn rewrite(&mut self, node: &Spanned<Node>, key: &str) -> Option<Rewrite> {
        let entries = self.table(node, key)?;
        let (mut from, mut to) = (None, None);
        let (mut from_given, mut to_given) = (false, false);
        for (name, value) in entries {
            let path = format!("{key}.{name}");
            match name.as_str() {
                "from" => {
                    from_given = true;
                    from = self
                        .string(value, &path)
                        .and_then(|s| self.regex(s, &value.span(), &path));
                }
                "to" => {
                    to_given = true;
                    to = self
                        .string(value, &path)
                        .map(|s| (s.to_owned(), value.span(), path));
                }
                _ => self.unknown(value, &path, &["from", "to"]),
            }
        }
        for (given, name) in [(from_given, "from"), (to_given, "to")] {
            if !given {
                self.error(&node.span(), key, format!("`{name}` is missing"));
            }
        }
        let (from, (to, to_span, to_path)) = (from?, to?);
        // The regex crate replaces a reference to a group that does not exist
        // with nothing, so `$1_print` (group `1_print`) would silently drop
        // the URL: catch it here.
        let mut ok = true;
        for group in group_refs(&to) {
            let exists = match group.parse::<usize>() {
                Ok(n) => n < from.captures_len(),
                Err(_) => from.capture_names().flatten().any(|name| name == group),
            };
            if !exists {
                ok = false;
                self.error(
                    &to_span,
                    &to_path,
                    format!("refers to group `{group}`, which `from` does not have (write `${{1}}` to end a group number)"),
                );
            }
        }
        ok.then_some(Rewrite { from, to })
    }

    /// One `[[test]]`. `hosts` are the file's hosts, which the test's URL must
    /// fall under (`None` for `_global.toml`, which covers every host).
    fn test(
        &mut self,
        node: &Spanned<Node>,
        index: usize,
        hosts: Option<&[String]>,
    ) -> Option<RuleTest> {
        let prefix = format!("test[{index}]");
        let entries = self.table(node, &prefix)?;
        let mut test = RuleTest {
            url: String::new(),
            fixture: None,
            contains: Vec::new(),
            excludes: Vec::new(),
        };
        let mut ok = true;
        for (key, value) in entries {
            let path = format!("{prefix}.{key}");
            let errors_before = self.errors.len();
            match key.as_str() {
                "url" => {
                    if let Some(url) = self.string(value, &path) {
                        self.test_url(url, &value.span(), &path, hosts);
                        test.url = url.to_owned();
                    }
                }
                "fixture" => {
                    if let Some(fixture) = self.string(value, &path) {
                        if let Err(e) = check_fixture(fixture) {
                            self.error(&value.span(), &path, e);
                        }
                        test.fixture = Some(fixture.to_owned());
                    }
                }
                "contains" | "excludes" => {
                    let strings = self.strings(value, &path);
                    let list = if key == "contains" {
                        &mut test.contains
                    } else {
                        &mut test.excludes
                    };
                    list.extend(strings.into_iter().map(|(s, _)| s.to_owned()));
                }
                _ => self.unknown(value, &path, &["url", "fixture", "contains", "excludes"]),
            }
            ok &= self.errors.len() == errors_before;
        }
        if test.url.is_empty() && ok {
            self.error(&node.span(), &prefix, "`url` is missing");
            ok = false;
        }
        ok.then_some(test)
    }

    fn test_url(&mut self, raw: &str, span: &Range<usize>, key: &str, hosts: Option<&[String]>) {
        let url = match url::Url::parse(raw) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => url,
            Ok(_) => return self.error(span, key, format!("`{raw}` is not an http(s) URL")),
            Err(e) => return self.error(span, key, format!("`{raw}` is not a URL: {e}")),
        };
        let host = url.host_str().map(normalize_host).unwrap_or_default();
        let Some(hosts) = hosts else { return };
        if !hosts.iter().any(|h| host_matches(&host, h)) {
            self.error(
                span,
                key,
                format!(
                    "host `{host}` is not covered by this file's hosts ({})",
                    hosts.join(", ")
                ),
            );
        }
    }
}

/// The capture groups a replacement string refers to, by the regex crate's
/// rules: `${name}`, or `$` and the longest run of `[_0-9A-Za-z]`; `$$` is a
/// literal dollar.
fn group_refs(replacement: &str) -> Vec<&str> {
    let mut refs = Vec::new();
    let mut rest = replacement;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            rest = after;
        } else if let Some(after) = rest.strip_prefix('{') {
            if let Some(end) = after.find('}') {
                refs.push(&after[..end]);
                rest = &after[end + 1..];
            }
        } else {
            let end = rest
                .find(|c: char| c != '_' && !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len());
            if end > 0 {
                refs.push(&rest[..end]);
            }
            rest = &rest[end..];
        }
    }
    refs
}

/// Whether `host` (normalized) is `pattern` or one of its subdomains.
pub(crate) fn host_matches(host: &str, pattern: &str) -> bool {
    host == pattern
        || host
            .strip_suffix(pattern)
            .is_some_and(|prefix| prefix.ends_with('.'))
}

/// A fixture is named `host/name`, relative to `fixtures/`, without extension.
fn check_fixture(fixture: &str) -> Result<(), String> {
    let parts: Vec<&str> = fixture.split('/').collect();
    if parts.len() != 2
        || parts
            .iter()
            .any(|p| p.is_empty() || *p == "." || *p == "..")
    {
        return Err(format!("`{fixture}` is not of the form host/name"));
    }
    if fixture.contains('\\') {
        return Err(format!("`{fixture}` must use `/`, not `\\`"));
    }
    if fixture.ends_with(".html") || fixture.ends_with(".txt") {
        return Err(format!("`{fixture}`: leave out the extension"));
    }
    Ok(())
}

/// An HTML attribute name as it can follow `@`: no white space, quotes, `=`,
/// `>`, `/` or controls (the HTML syntax's own limits).
fn is_attribute_name(name: &str) -> bool {
    !name.is_empty()
        && !name.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '>' | '/' | '=' | '@')
        })
}

/// Whether `name = value` is a header `[fetch] headers` accepts (cookies
/// go in `[fetch] cookies`).
pub(crate) fn is_header(name: &str, value: &str) -> bool {
    HeaderName::from_bytes(name.as_bytes()).is_ok()
        && !name.eq_ignore_ascii_case("cookie")
        && HeaderValue::from_str(value).is_ok()
}

/// Whether `name = value` is a cookie `[fetch] cookies` accepts.
pub(crate) fn is_cookie_pair(name: &str, value: &str) -> bool {
    !name.is_empty() && HeaderName::from_bytes(name.as_bytes()).is_ok() && is_cookie_value(value)
}

/// RFC 6265 `cookie-value`: cookie-octets, optionally in double quotes.
fn is_cookie_value(value: &str) -> bool {
    let inner = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    inner
        .bytes()
        .all(|b| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(name: &str, text: &str) -> SiteRules {
        match parse(name, name, "test", text) {
            Ok(p) => p.rules,
            Err(e) => panic!("{e}"),
        }
    }

    fn errors(name: &str, text: &str) -> Vec<String> {
        match parse(name, name, "test", text) {
            Ok(_) => Vec::new(),
            Err(e) => e.errors().iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn split_attr_takes_the_last_at_outside_brackets_and_quotes() {
        assert_eq!(
            split_attr("meta[property='article:published_time']@content"),
            ("meta[property='article:published_time']", Some("content"))
        );
        assert_eq!(split_attr("h1.headline"), ("h1.headline", None));
        assert_eq!(
            split_attr("a[href='mailto:x@y.com']"),
            ("a[href='mailto:x@y.com']", None)
        );
        assert_eq!(
            split_attr("a[title=\"a@b\"] @ data-x"),
            ("a[title=\"a@b\"]", Some("data-x"))
        );
        assert_eq!(
            split_attr("time:not([x='@'])@datetime"),
            ("time:not([x='@'])", Some("datetime"))
        );
        assert_eq!(
            split_attr("img[alt='it\\'s @ here']@src"),
            ("img[alt='it\\'s @ here']", Some("src"))
        );
    }

    #[test]
    fn hosts_are_normalized_and_checked() {
        assert_eq!(
            validate_host("WWW.Example.COM").as_deref(),
            Ok("example.com")
        );
        assert_eq!(
            validate_host("news.bbc.co.uk.").as_deref(),
            Ok("news.bbc.co.uk")
        );
        assert_eq!(validate_host("127.0.0.1").as_deref(), Ok("127.0.0.1"));
        for bad in [
            "https://example.com",
            "example.com/news",
            "example.com:8080",
            "",
            "a..com",
            "ex ample.com",
        ] {
            assert!(validate_host(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn host_matching_respects_label_boundaries() {
        assert!(host_matches("example.com", "example.com"));
        assert!(host_matches("news.example.com", "example.com"));
        assert!(!host_matches("notexample.com", "example.com"));
        assert!(!host_matches("example.com", "news.example.com"));
    }

    #[test]
    fn full_file_compiles() {
        let rules = parse_ok(
            "example-news.com.toml",
            r#"
hosts = ["Example-News.com", "www.example-news.co.uk"]

[content]
root = ["article .story-body", "main article"]
drop = [".related-links", "aside.newsletter", "[data-component=share-bar]"]
drop_text = ['(?i)^join our .* whatsapp community', '(?i)^click here to join$']
stop_at = ['(?i)^latest stories$']

[meta]
title = "h1.headline"
author = "[rel=author]"
published = "meta[property='article:published_time']@content"

[fetch]
headers = { "Accept-Language" = "en" }
cookies = { "consent" = "yes" }
rewrite = { from = '^(https://example-news\.com/.*)$', to = '${1}?print=1' }

[[test]]
url = "https://example-news.com/politics/some-story-123"
fixture = "example-news.com/some-story"
contains = ["permanent peace"]
excludes = ["WhatsApp", "Do Not Sell"]
"#,
        );
        assert_eq!(rules.hosts, ["example-news.com", "example-news.co.uk"]);
        assert_eq!(rules.content.root.len(), 2);
        assert_eq!(rules.content.drop[2].source, "[data-component=share-bar]");
        assert_eq!(rules.content.drop[2].line, 6);
        assert_eq!(rules.content.drop_text.len(), 2);
        assert!(rules.content.stop_at[0].compiled.is_match("LATEST STORIES"));
        let published = rules
            .meta
            .published
            .as_ref()
            .map(|r| r.compiled.attr.as_deref());
        assert_eq!(published, Some(Some("content")));
        assert_eq!(
            rules.meta.title.as_ref().map(|r| r.compiled.attr.is_none()),
            Some(true)
        );
        assert_eq!(
            rules.fetch.headers,
            [("Accept-Language".to_owned(), "en".to_owned())]
        );
        assert_eq!(
            rules.fetch.cookies,
            [("consent".to_owned(), "yes".to_owned())]
        );
        let rewrite = rules
            .fetch
            .rewrite
            .as_ref()
            .map(|r| r.apply("https://example-news.com/a/b"));
        assert_eq!(
            rewrite,
            Some(Some("https://example-news.com/a/b?print=1".to_owned()))
        );
        assert_eq!(rules.tests.len(), 1);
        assert_eq!(
            rules.tests[0].fixture.as_deref(),
            Some("example-news.com/some-story")
        );
        assert_eq!(rules.tests[0].excludes, ["WhatsApp", "Do Not Sell"]);
    }

    #[test]
    fn default_host_is_the_file_name() {
        let rules = parse_ok("www.bbc.co.uk.toml", "[content]\nroot = ['article']\n");
        assert_eq!(rules.hosts, ["bbc.co.uk"]);
        let errs = errors("my rules.toml", "");
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].contains("my rules.toml:1:") && errs[0].contains("hosts"),
            "{errs:?}"
        );
    }

    #[test]
    fn every_error_of_a_file_is_reported_with_line_and_key() {
        let errs = errors(
            "example.com.toml",
            r#"hosts = ["https://example.com/"]
[content]
root = ["article["]
dorp = [".x"]
drop_text = ['(?i)^join (our']
stop_at = ['(?i).*']
[meta]
title = 3
author = "a@"
[fetch]
headers = { "Bad Header" = "x", "X-Ok" = "line\nbreak", "Cookie" = "a=b" }
cookies = { "a;b" = "x", "ok" = "has space" }
rewrite = { from = '(' }
[[test]]
url = "https://other.org/x"
fixture = "../etc/passwd"
extra = 1
[[test]]
contains = ["a"]
[colour]
"#,
        );
        let expect = [
            ("example.com.toml:1:", "`hosts[0]`"),
            ("example.com.toml:3:", "`content.root[0]`"),
            ("example.com.toml:4:", "`content.dorp`: unknown key"),
            ("example.com.toml:5:", "`content.drop_text[0]`"),
            (
                "example.com.toml:6:",
                "`content.stop_at[0]`: regex `(?i).*` matches empty text",
            ),
            (
                "example.com.toml:8:",
                "`meta.title`: expected a string, found an integer",
            ),
            ("example.com.toml:9:", "`meta.author`"),
            (
                "example.com.toml:11:",
                "`fetch.headers.\"Bad Header\"`: not a legal HTTP header name",
            ),
            (
                "example.com.toml:11:",
                "`fetch.headers.\"X-Ok\"`: not a legal HTTP header value",
            ),
            ("example.com.toml:11:", "`fetch.headers.\"Cookie\"`"),
            (
                "example.com.toml:12:",
                "`fetch.cookies.\"a;b\"`: not a legal cookie name",
            ),
            (
                "example.com.toml:12:",
                "`fetch.cookies.\"ok\"`: not a legal cookie value",
            ),
            (
                "example.com.toml:13:",
                "`fetch.rewrite.from`: regex `(` does not compile",
            ),
            ("example.com.toml:13:", "`fetch.rewrite`: `to` is missing"),
            (
                "example.com.toml:15:",
                "`test[0].url`: host `other.org` is not covered",
            ),
            ("example.com.toml:16:", "`test[0].fixture`"),
            ("example.com.toml:17:", "`test[0].extra`: unknown key"),
            ("example.com.toml:18:", "`test[1]`: `url` is missing"),
            ("example.com.toml:20:", "`colour`: unknown key"),
        ];
        for (prefix, part) in expect {
            assert!(
                errs.iter()
                    .any(|e| e.starts_with(prefix) && e.contains(part)),
                "no error {prefix} {part} in {errs:#?}"
            );
        }
        assert_eq!(errs.len(), expect.len(), "{errs:#?}");
    }

    #[test]
    fn imported_files_keys_parse_and_are_checked() {
        let rules = parse_ok(
            "example.com.toml",
            "[source]\nfile = 'example.com.txt'\ncommit = 'abc123'\nlicense = 'CC0-1.0'\n\
             [content]\nreplace_html = [{ find = '<h2', with = '<h3' }]\n\
             [fetch]\nnext_page = 'a.next@href'\nsingle_page = 'a.print'\ndetect_next_page = false\n",
        );
        assert_eq!(rules.fetch.detect_next_page, Some(false));
        let source = rules.source.as_ref().expect("[source]");
        assert_eq!(
            (source.file.as_str(), source.commit.as_str()),
            ("example.com.txt", "abc123")
        );
        assert_eq!(
            rules.content.rewrite_html("<h2>a</h2>").as_deref(),
            Some("<h3>a</h2>")
        );
        let next = rules.fetch.next_page.as_ref().expect("next_page");
        assert_eq!(next.compiled.attr.as_deref(), Some("href"));
        assert!(rules.fetch.single_page.is_some());
        let errs = errors(
            "example.com.toml",
            "[source]\nfile = 'x.txt'\nlicence = 'CC0'\n[content]\nreplace_html = [{ find = '' , with = 'x' }, { find = 'a' }]\n[fetch]\nnext_page = 'a['\ndetect_next_page = 'no'\n",
        );
        let expect = [
            ("example.com.toml:1:", "`source`: `commit` is missing"),
            ("example.com.toml:1:", "`source`: `license` is missing"),
            ("example.com.toml:3:", "`source.licence`: unknown key"),
            (
                "example.com.toml:5:",
                "`content.replace_html[0]`: `find` is empty",
            ),
            (
                "example.com.toml:5:",
                "`content.replace_html[1]`: needs both",
            ),
            ("example.com.toml:7:", "`fetch.next_page`"),
            ("example.com.toml:8:", "`fetch.detect_next_page`"),
        ];
        for (prefix, part) in expect {
            assert!(
                errs.iter()
                    .any(|e| e.starts_with(prefix) && e.contains(part)),
                "no error {prefix} {part} in {errs:#?}"
            );
        }
        assert_eq!(errs.len(), expect.len(), "{errs:#?}");
    }

    #[test]
    fn bad_toml_names_the_line() {
        let errs = errors(
            "example.com.toml",
            "[content]\nroot = [\"a\",\n\ndrop = 1\n",
        );
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].starts_with("example.com.toml:4: not valid TOML"),
            "{errs:?}"
        );
        let errs = errors("example.com.toml", "[content]\nroot = ['a']\n[content]\n");
        assert!(errs[0].starts_with("example.com.toml:3:"), "{errs:?}");
    }

    #[test]
    fn lines_are_found_by_offset() {
        let lines = Lines::new("a\nbc\n\nd");
        let got: Vec<usize> = (0..=8).map(|o| lines.of(o)).collect();
        assert_eq!(got, [1, 1, 2, 2, 2, 3, 4, 4, 4]);
        assert_eq!(Lines::new("").of(0), 1);
    }

    /// A converted ad-block list: tens of thousands of `drop` selectors, one
    /// a line. Finding each rule's line by counting from the top took
    /// minutes for a file this size; it must stay linear.
    #[test]
    fn a_file_of_a_hundred_thousand_rules_loads_in_linear_time() {
        const RULES: usize = 100_000;
        let mut text = String::from("[content]\ndrop = [\n");
        for k in 0..RULES {
            text.push_str(&format!("  \"div.ad-slot-{k} > .sponsored-unit\",\n"));
        }
        text.push_str("]\n");
        assert!(text.len() > 3_000_000);
        let rules = parse_ok("example.com.toml", &text);
        assert_eq!(rules.content.drop.len(), RULES);
        let last = &rules.content.drop[RULES - 1];
        assert_eq!(last.line, RULES + 2);
        assert_eq!(
            last.source,
            format!("div.ad-slot-{} > .sponsored-unit", RULES - 1)
        );
    }

    #[test]
    fn byte_order_mark_and_crlf_are_accepted() {
        let rules = parse_ok(
            "example.com.toml",
            "\u{feff}[content]\r\nroot = ['a']\r\ndrop = ['b']\r\n",
        );
        assert_eq!(rules.content.drop[0].line, 3);
    }

    #[test]
    fn dates_and_numbers_are_type_errors_not_crashes() {
        let errs = errors(
            "example.com.toml",
            "hosts = 1979-05-27\n[meta]\ntitle = true\n",
        );
        assert!(errs[0].contains("found a date-time"), "{errs:?}");
        assert!(errs[1].contains("found a boolean"), "{errs:?}");
    }

    #[test]
    fn global_file_takes_no_hosts() {
        let errs = errors("_global.toml", "hosts = ['a.com']\n");
        assert!(errs[0].contains("not allowed in _global.toml"), "{errs:?}");
        assert!(
            parse_ok("_global.toml", "[content]\ndrop = ['#cookie-notice']\n")
                .hosts
                .is_empty()
        );
    }

    #[test]
    fn rewrite_applies_only_when_it_matches() {
        let rules = parse_ok(
            "example.com.toml",
            "[fetch]\nrewrite = { from = '^https://example\\.com/(.*)$', to = 'https://example.com/print/${1}' }\n",
        );
        let rewrite = rules.fetch.rewrite.as_ref().expect("rewrite");
        assert_eq!(
            rewrite.apply("https://example.com/news/1").as_deref(),
            Some("https://example.com/print/news/1")
        );
        assert_eq!(rewrite.apply("https://other.com/news/1"), None);
    }

    #[test]
    fn rewrite_must_refer_to_groups_that_exist() {
        assert_eq!(
            group_refs("${1}?a=$2&b=$name_x&c=$$3&d=${n}"),
            ["1", "2", "name_x", "n"]
        );
        let errs = errors(
            "example.com.toml",
            "[fetch]\nrewrite = { from = '^(https://.*)$', to = '$1_print' }\n",
        );
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].contains("`fetch.rewrite.to`: refers to group `1_print`"),
            "{errs:?}"
        );
        let rules = parse_ok(
            "example.com.toml",
            "[fetch]\nrewrite = { from = '^(?P<u>https://.*)$', to = '${u}?print=1$$' }\n",
        );
        let rewrite = rules.fetch.rewrite.as_ref().expect("rewrite");
        assert_eq!(
            rewrite.apply("https://example.com/a").as_deref(),
            Some("https://example.com/a?print=1$")
        );
    }
}
