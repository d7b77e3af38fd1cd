//! One Full-Text RSS site config to one rule file: each directive mapped to
//! its place in our format (or to the reason it has none), and the TOML
//! written with the config's provenance and a note for every directive that
//! was converted approximately or not at all.
//!
//! Everything written is compiled here before it goes in (selectors with
//! scraper, regexes with regex), so a generated file always loads; whatever
//! fails that check is reported like any other rule that did not convert.

use std::fmt::Write as _;

use super::config::{self, Directive};
use super::xpath::{self, Target};
use super::{Outcome, Provenance};
use crate::rules::parse;

/// What one directive became.
#[derive(Debug, Clone)]
pub struct DirectiveReport {
    /// Line in the source config.
    pub line: usize,
    /// `strip`, `http_header(user-agent)`...
    pub directive: String,
    /// The value as written.
    pub value: String,
    /// Where it went (`content.drop`), empty when nowhere.
    pub into: String,
    /// How well.
    pub outcome: Outcome,
}

/// The conversion of one config file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The config's file name.
    pub source: String,
    /// The rule file written (`example.com.toml`), `None` when none was.
    pub output: Option<String>,
    /// The hosts the rule file claims.
    pub hosts: Vec<String>,
    /// A problem with the whole file (its name is not a host...).
    pub file_problem: Option<String>,
    /// Every directive.
    pub directives: Vec<DirectiveReport>,
}

impl FileReport {
    /// True when every directive was converted (exactly or approximately)
    /// or needs no counterpart, and the file was written.
    pub fn complete(&self) -> bool {
        self.output.is_some()
            && self
                .directives
                .iter()
                .all(|d| !matches!(d.outcome, Outcome::NotConverted(_)))
    }

    /// Whether the config has a `body` rule, and whether all of them were
    /// converted.
    pub fn body(&self) -> (bool, bool) {
        let bodies: Vec<&DirectiveReport> = self
            .directives
            .iter()
            .filter(|d| d.directive == "body")
            .collect();
        let converted = self.output.is_some()
            && bodies
                .iter()
                .all(|d| !matches!(d.outcome, Outcome::NotConverted(_)));
        (!bodies.is_empty(), converted)
    }
}

/// A converted config: the rule file's text (when anything could be
/// written) and the report.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The TOML.
    pub toml: Option<String>,
    /// What happened to each directive.
    pub report: FileReport,
}

/// The hosts a config file name stands for, and a note when the mapping
/// is approximate. `example.com.txt` is example.com and www.example.com;
/// `.example.com.txt` is every subdomain of example.com (but not
/// example.com itself, which our host matching cannot leave out).
pub fn host_of(file_name: &str) -> Result<(String, Option<String>), String> {
    let stem = file_name
        .strip_suffix(".txt")
        .ok_or_else(|| format!("`{file_name}` does not end in .txt"))?;
    let (raw, note) = match stem.strip_prefix('.') {
        Some(rest) => (
            rest,
            Some(format!(
                "the leading `.` means subdomains of {rest} only; our rule files also cover {rest} itself"
            )),
        ),
        None => (stem, None),
    };
    let host = parse::validate_host(raw)?;
    Ok((host, note))
}

/// The rule file being built.
#[derive(Default)]
struct Draft {
    root: Vec<Item>,
    drop: Vec<Item>,
    drop_text: Vec<Item>,
    stop_at: Vec<Item>,
    title: Option<Item>,
    author: Option<Item>,
    published: Option<Item>,
    replace_html: Vec<(String, String, usize)>,
    headers: Vec<(String, String, usize)>,
    cookies: Vec<(String, String, usize)>,
    next_page: Option<Item>,
    single_page: Option<Item>,
    /// The line of an `autodetect_next_page: no`.
    no_next_page_detection: Option<usize>,
    tests: Vec<TestDraft>,
}

/// A value and the config line it came from.
#[derive(Clone)]
struct Item {
    value: String,
    line: usize,
}

struct TestDraft {
    url: String,
    line: usize,
    contains: Vec<String>,
}

/// Hosts chosen for a config other than the one its file name gives,
/// with the rule file's name and the note that says why.
#[derive(Debug, Clone)]
pub struct HostOverride {
    /// The hosts the file claims.
    pub hosts: Vec<String>,
    /// The rule file's name.
    pub output: String,
    /// Why, for the file's header.
    pub note: String,
}

/// Converts one config.
pub fn convert(file_name: &str, text: &str, provenance: &Provenance) -> Converted {
    convert_as(file_name, text, provenance, None)
}

/// Converts one config, for other hosts than its name gives when
/// `over` says so.
pub fn convert_as(
    file_name: &str,
    text: &str,
    provenance: &Provenance,
    over: Option<&HostOverride>,
) -> Converted {
    let parsed = config::parse(text);
    let mut report = FileReport {
        source: file_name.to_owned(),
        output: None,
        hosts: Vec::new(),
        file_problem: None,
        directives: Vec::new(),
    };
    for bad in &parsed.bad {
        report.directives.push(DirectiveReport {
            line: bad.line,
            directive: "(line)".to_owned(),
            value: bad.text.clone(),
            into: String::new(),
            outcome: Outcome::NotConverted("not a `directive: value` line".to_owned()),
        });
    }
    let (host, host_note) = match host_of(file_name) {
        Ok(h) => h,
        Err(e) => {
            report.file_problem = Some(format!("the file name is not a host: {e}"));
            for d in &parsed.directives {
                report.directives.push(DirectiveReport {
                    line: d.line,
                    directive: label(d),
                    value: d.value.clone(),
                    into: String::new(),
                    outcome: Outcome::NotConverted("the file name is not a host".to_owned()),
                });
            }
            return Converted { toml: None, report };
        }
    };
    let (hosts, host_note, output) = match over {
        Some(o) => (o.hosts.clone(), Some(o.note.clone()), o.output.clone()),
        None => (vec![host.clone()], host_note, format!("{host}.toml")),
    };
    report.hosts = hosts.clone();
    let mut draft = Draft::default();
    let mut c = Converter {
        draft: &mut draft,
        hosts: &hosts,
        pending_find: None,
        reports: Vec::new(),
    };
    for d in &parsed.directives {
        let (into, outcome) = c.directive(d);
        c.reports.push(DirectiveReport {
            line: d.line,
            directive: label(d),
            value: d.value.clone(),
            into,
            outcome,
        });
    }
    if let Some(find) = c.pending_find.take() {
        c.reports[find.index].outcome =
            Outcome::NotConverted("`find_string` without a `replace_string` after it".to_owned());
    }
    let mut reports = std::mem::take(&mut c.reports);
    report.directives.append(&mut reports);
    report.directives.sort_by_key(|d| d.line);
    let toml = write_toml(
        file_name,
        &hosts,
        host_note.as_deref(),
        &draft,
        &report,
        provenance,
    );
    report.output = Some(output);
    Converted {
        toml: Some(toml),
        report,
    }
}

fn label(d: &Directive) -> String {
    match &d.arg {
        Some(arg) => format!("{}({arg})", d.name),
        None => d.name.clone(),
    }
}

struct PendingFind {
    index: usize,
    find: String,
}

struct Converter<'a> {
    draft: &'a mut Draft,
    hosts: &'a [String],
    pending_find: Option<PendingFind>,
    reports: Vec<DirectiveReport>,
}

fn exact(into: &str) -> (String, Outcome) {
    (into.to_owned(), Outcome::Exact)
}

fn not(why: impl Into<String>) -> (String, Outcome) {
    (String::new(), Outcome::NotConverted(why.into()))
}

fn not_needed(why: impl Into<String>) -> (String, Outcome) {
    (String::new(), Outcome::NotNeeded(why.into()))
}

/// Engine switches of Full-Text RSS and why our pipeline needs none.
fn engine_option(name: &str, value: &str) -> Option<(String, Outcome)> {
    let yes = matches!(value.to_ascii_lowercase().as_str(), "yes" | "true" | "1");
    Some(match name {
        "tidy" => not_needed("HTML Tidy clean-up; html5ever parses broken HTML to spec"),
        "parser" => not_needed("picks Full-Text RSS's HTML parser; we always use html5ever"),
        "prune" => not_needed(
            "Readability's pruning switch; our pruning inside the root only drops boilerplate blocks",
        ),
        "convert_double_br_tags" => {
            not_needed("<br><br> to paragraphs; our renderer already breaks paragraphs there")
        }
        "autodetect_on_failure" if yes => {
            not_needed("generic detection when `body` matches nothing is what we always do")
        }
        "autodetect_on_failure" => {
            not("we always fall back to generic detection; there is no switch to turn it off")
        }
        "insert_detected_image" => not_needed("images are not part of our text output"),
        "src_lazy_load_attr" => not_needed("images are not part of our text output"),
        "strip_image_src" => return None,
        "strip_comments" => not_needed("HTML comments never reach our text output"),
        "dissolve" => not_needed("unwraps an element and keeps its children: the text is the same"),
        "single_page_link_in_feed" => not_needed("applies to feeds, which we do not read"),
        "skip_json_ld" => not("we read JSON-LD as a hint and cross-check; there is no switch"),
        "native_ad_clue" => not("marks sponsored pages; we have no such flag"),
        "footnotes" if !yes => not_needed("leaves footnotes as they are, which is what we do"),
        "footnotes" => not("footnote handling has no counterpart"),
        "wrap_in" => not_needed(
            "wraps elements in another element: the text is the same (Markdown output shows no quote marks)",
        ),
        "move_into" => not("moving elements has no counterpart"),
        "requires_login" | "login_uri" | "login_username_field" | "login_password_field"
        | "login_extra_fields" | "not_logged_in_xpath" => not("we do not log in to sites"),
        "if_page_contains" => not("conditional multi-page rules have no counterpart"),
        "autodetect_next_page" if yes => not_needed(
            "next pages are found on article pages (rel=next, pager links) unless a file says not to",
        ),
        _ => return None,
    })
}

impl Converter<'_> {
    fn directive(&mut self, d: &Directive) -> (String, Outcome) {
        if d.value.is_empty() && d.name != "replace_string" {
            return not("empty value");
        }
        if let Some(r) = engine_option(&d.name, &d.value) {
            return r;
        }
        if d.name == "autodetect_next_page" {
            // "no" (any value but yes): the site's pages must not be guessed at.
            self.draft.no_next_page_detection = Some(d.line);
            return exact("fetch.detect_next_page");
        }
        match (d.name.as_str(), d.arg.as_deref()) {
            ("body", None) => self.selector_list(&d.value, d.line, "content.root", Slot::Root),
            ("strip", None) => self.strip(&d.value, d.line),
            ("strip_id_or_class", None) => {
                let name = d.value.replace(['\'', '"'], "");
                let name = name.trim();
                if name.is_empty() {
                    return not("empty value");
                }
                let q = xpath::quote(name);
                self.push_css(
                    format!("[class*={q}], [id*={q}]"),
                    d.line,
                    "content.drop",
                    Slot::Drop,
                    Vec::new(),
                )
            }
            ("strip_image_src", None) => self.push_css(
                format!("img[src*={}]", xpath::quote(&d.value)),
                d.line,
                "content.drop",
                Slot::Drop,
                Vec::new(),
            ),
            ("strip_attr", None) => strip_attr(&d.value),
            ("title", None) => self.meta(&d.value, d.line, "meta.title", Slot::Title),
            ("author", None) => self.meta(&d.value, d.line, "meta.author", Slot::Author),
            ("date", None) => self.meta(&d.value, d.line, "meta.published", Slot::Published),
            ("next_page_link", None) => {
                self.meta(&d.value, d.line, "fetch.next_page", Slot::NextPage)
            }
            ("single_page_link", None) => {
                self.meta(&d.value, d.line, "fetch.single_page", Slot::SinglePage)
            }
            ("http_header", Some(name)) => self.header(name, &d.value, d.line),
            ("test_url", None) => self.test_url(&d.value, d.line),
            ("test_contains", None) => match self.draft.tests.last_mut() {
                Some(t) => {
                    t.contains.push(d.value.clone());
                    exact("test.contains")
                }
                None => not("`test_contains` before any `test_url`"),
            },
            ("find_string", None) => {
                if let Some(prev) = self.pending_find.take() {
                    self.reports[prev.index].outcome = Outcome::NotConverted(
                        "`find_string` without a `replace_string` after it".to_owned(),
                    );
                }
                self.pending_find = Some(PendingFind {
                    index: self.reports.len(),
                    find: d.value.clone(),
                });
                // Settled by the `replace_string` that completes the pair.
                exact("content.replace_html")
            }
            ("replace_string", None) => match self.pending_find.take() {
                Some(find) => self.replace_html(find.find, &d.value, d.line),
                None => not("`replace_string` without a `find_string` before it"),
            },
            ("replace_string", Some(find)) => self.replace_html(find.to_owned(), &d.value, d.line),
            _ => not(format!(
                "`{}` is not a Full-Text RSS directive we know",
                label(d)
            )),
        }
    }

    /// A find/replace on the page's HTML before parsing: `replace_html`,
    /// which does the same literal replacement of every occurrence.
    fn replace_html(&mut self, find: String, with: &str, line: usize) -> (String, Outcome) {
        if find.is_empty() {
            return not("finds empty text");
        }
        self.draft.replace_html.push((find, with.to_owned(), line));
        exact("content.replace_html")
    }

    fn strip(&mut self, value: &str, line: usize) -> (String, Outcome) {
        let tr = match xpath::translate(value, true) {
            Ok(tr) => tr,
            Err(e) => return not(format!("XPath with no CSS form: {e}")),
        };
        let mut intos = Vec::new();
        for target in tr.targets {
            match target {
                Target::Css { selector, attr } => {
                    if attr.is_some() {
                        return strip_attr(value);
                    }
                    if !compiles(&selector) {
                        return not(format!("scraper cannot compile `{selector}`"));
                    }
                    self.draft.drop.push(Item {
                        value: selector,
                        line,
                    });
                    intos.push("content.drop");
                }
                Target::Text(re) => {
                    if !text_pattern_ok(&re) {
                        return not(format!("the text pattern `{re}` is not usable"));
                    }
                    self.draft.drop_text.push(Item { value: re, line });
                    intos.push("content.drop_text");
                }
                Target::StopAt(re) => {
                    if !text_pattern_ok(&re) {
                        return not(format!("the text pattern `{re}` is not usable"));
                    }
                    self.draft.stop_at.push(Item { value: re, line });
                    intos.push("content.stop_at");
                }
            }
        }
        intos.dedup();
        let into = intos.join(", ");
        if tr.notes.is_empty() {
            (into, Outcome::Exact)
        } else {
            (into, Outcome::Approximate(tr.notes.join("; ")))
        }
    }

    fn selector_list(
        &mut self,
        value: &str,
        line: usize,
        into: &str,
        slot: Slot,
    ) -> (String, Outcome) {
        let tr = match xpath::translate(value, false) {
            Ok(tr) => tr,
            Err(e) => return not(format!("XPath with no CSS form: {e}")),
        };
        let mut notes = tr.notes;
        let selector = match &tr.targets[..] {
            [Target::Css {
                selector,
                attr: None,
            }] => selector.clone(),
            [Target::Css { attr: Some(a), .. }] => {
                return not(format!("selects the attribute `{a}`, not an element"))
            }
            _ => return not("does not select elements"),
        };
        if value.contains('|') && slot == Slot::Root {
            notes.push(
                "Full-Text RSS joins every element a union matches; our root takes the first match"
                    .to_owned(),
            );
        }
        self.push_css(selector, line, into, slot, notes)
    }

    fn push_css(
        &mut self,
        selector: String,
        line: usize,
        into: &str,
        slot: Slot,
        notes: Vec<String>,
    ) -> (String, Outcome) {
        if !compiles(&selector) {
            return not(format!("scraper cannot compile `{selector}`"));
        }
        let item = Item {
            value: selector,
            line,
        };
        match slot {
            Slot::Root => self.draft.root.push(item),
            Slot::Drop => self.draft.drop.push(item),
            _ => unreachable_slot(),
        }
        if notes.is_empty() {
            exact(into)
        } else {
            (into.to_owned(), Outcome::Approximate(notes.join("; ")))
        }
    }

    /// `title`, `author`, `date`, `next_page_link`, `single_page_link`:
    /// one selector (with `@attr`) each. A second rule of the same kind is
    /// a fallback: joined to the first as a selector list when both read
    /// the same thing (the earlier one in the page then wins, not the
    /// earlier rule).
    fn meta(&mut self, value: &str, line: usize, into: &str, slot: Slot) -> (String, Outcome) {
        let metadata = matches!(slot, Slot::Title | Slot::Author | Slot::Published);
        if metadata && value.contains("ld+json") {
            return not_needed(
                "reads JSON-LD, which our extractor reads itself (headline, author, datePublished)",
            );
        }
        let tr = match xpath::translate(value, false) {
            Ok(tr) => tr,
            Err(e) => return not(format!("XPath with no CSS form: {e}")),
        };
        let mut notes = tr.notes;
        let (selector, attr) = match &tr.targets[..] {
            [Target::Css { selector, attr }] => (selector.clone(), attr.clone()),
            _ => return not("does not select elements"),
        };
        if !compiles(&selector) {
            return not(format!("scraper cannot compile `{selector}`"));
        }
        let attr = match (slot, attr) {
            // A link's target is what the multi-page rules read.
            // Full-Text RSS reads a selected element's href.
            (Slot::NextPage | Slot::SinglePage, None) => Some("href".to_owned()),
            (_, a) => a,
        };
        let spec = match &attr {
            Some(a) => format!("{selector}@{a}"),
            None => selector.clone(),
        };
        let current = match slot {
            Slot::Title => &mut self.draft.title,
            Slot::Author => &mut self.draft.author,
            Slot::Published => &mut self.draft.published,
            Slot::NextPage => &mut self.draft.next_page,
            Slot::SinglePage => &mut self.draft.single_page,
            _ => unreachable_slot(),
        };
        match current {
            None => {
                *current = Some(Item { value: spec, line });
            }
            Some(prev) => {
                let (prev_sel, prev_attr) = parse::split_attr(&prev.value);
                if prev_attr != attr.as_deref() {
                    if generic_source(slot, &selector, attr.as_deref()) {
                        return not_needed(
                            "a fallback to metadata our reader falls back to itself when the rule finds nothing",
                        );
                    }
                    return not(format!(
                        "a fallback reading something else than line {}'s rule; [meta] holds one selector",
                        prev.line
                    ));
                }
                let joined = format!("{prev_sel}, {selector}");
                if !compiles(&joined) {
                    return not(format!("scraper cannot compile `{joined}`"));
                }
                prev.value = match &attr {
                    Some(a) => format!("{joined}@{a}"),
                    None => joined,
                };
                notes.push(format!(
                    "a fallback to line {}: joined into one selector list, so whichever matches first in the page wins",
                    prev.line
                ));
            }
        }
        if notes.is_empty() {
            exact(into)
        } else {
            (into.to_owned(), Outcome::Approximate(notes.join("; ")))
        }
    }

    fn header(&mut self, name: &str, value: &str, line: usize) -> (String, Outcome) {
        let lower = name.trim().to_ascii_lowercase();
        if lower == "cookie" {
            let mut added = 0;
            let mut bad = Vec::new();
            for pair in value.split(';') {
                let pair = pair.trim();
                if pair.is_empty() {
                    continue;
                }
                match pair.split_once('=') {
                    Some((k, v)) if parse::is_cookie_pair(k.trim(), v.trim()) => {
                        self.draft
                            .cookies
                            .push((k.trim().to_owned(), v.trim().to_owned(), line));
                        added += 1;
                    }
                    _ => bad.push(pair.to_owned()),
                }
            }
            return match (added, bad.is_empty()) {
                (0, _) => not("no valid `name=value` cookie"),
                (_, true) => exact("fetch.cookies"),
                (_, false) => (
                    "fetch.cookies".to_owned(),
                    Outcome::Approximate(format!("invalid cookies left out: {}", bad.join("; "))),
                ),
            };
        }
        let canonical = match lower.as_str() {
            "user-agent" => "User-Agent".to_owned(),
            "referer" => "Referer".to_owned(),
            "accept-language" => "Accept-Language".to_owned(),
            "accept" => "Accept".to_owned(),
            _ => name.trim().to_owned(),
        };
        if !parse::is_header(&canonical, value) {
            return not("not a legal HTTP header name or value");
        }
        self.draft
            .headers
            .retain(|(n, _, _)| !n.eq_ignore_ascii_case(&canonical));
        self.draft.headers.push((canonical, value.to_owned(), line));
        exact("fetch.headers")
    }

    fn test_url(&mut self, value: &str, line: usize) -> (String, Outcome) {
        let url = match url::Url::parse(value) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => u,
            _ => return not("not an http(s) URL"),
        };
        let host = url
            .host_str()
            .map(parse::normalize_host)
            .unwrap_or_default();
        if !self.hosts.iter().any(|h| parse::host_matches(&host, h)) {
            return not(format!(
                "the URL's host {host} is not covered by this file's hosts ({})",
                self.hosts.join(", ")
            ));
        }
        self.draft.tests.push(TestDraft {
            url: value.to_owned(),
            line,
            contains: Vec::new(),
        });
        exact("test.url")
    }
}

/// Whether `selector@attr` reads what our metadata reader reads anyway when
/// a site rule finds nothing (see extract/meta.rs): `og:title`,
/// `twitter:title`, `dc.title` and `<title>` for the title, the author
/// and date `<meta>` names it knows.
fn generic_source(slot: Slot, selector: &str, attr: Option<&str>) -> bool {
    const TITLE: &[&str] = &["og:title", "twitter:title", "dc.title"];
    const AUTHOR: &[&str] = &[
        "author",
        "article:author",
        "dc.creator",
        "parsely-author",
        "sailthru.author",
    ];
    const DATE: &[&str] = &[
        "article:published_time",
        "datepublished",
        "date",
        "dc.date",
        "dc.date.issued",
        "pubdate",
        "publishdate",
        "og:published_time",
        "sailthru.date",
        "parsely-pub-date",
    ];
    let names = match slot {
        Slot::Title if selector == "title" && attr.is_none() => return true,
        Slot::Title => TITLE,
        Slot::Author => AUTHOR,
        Slot::Published => DATE,
        _ => return false,
    };
    attr == Some("content")
        && names.iter().any(|n| {
            ["property", "name"]
                .iter()
                .any(|a| selector == format!("meta[{a}={}]", xpath::quote(n)))
        })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Root,
    Drop,
    Title,
    Author,
    Published,
    NextPage,
    SinglePage,
}

fn unreachable_slot() -> ! {
    // Slots are fixed by the match in `directive`; each caller passes one
    // of its own.
    panic!("internal error: a slot used by the wrong converter")
}

/// `strip_attr` (and `strip` of an attribute): removes an attribute.
/// Only a link's `href` reaches our output (Markdown links).
fn strip_attr(value: &str) -> (String, Outcome) {
    let attr = value
        .rsplit_once('@')
        .map(|(_, a)| a.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if attr == "href" || attr.is_empty() {
        not("removes an attribute; we have no rule for that")
    } else {
        not_needed(format!(
            "removes the `{attr}` attribute, which is not in our output"
        ))
    }
}

fn compiles(selector: &str) -> bool {
    scraper::Selector::parse(selector).is_ok()
}

fn text_pattern_ok(re: &str) -> bool {
    regex::Regex::new(re).is_ok_and(|r| !r.is_match(""))
}

/// The TOML of a converted config.
fn write_toml(
    source: &str,
    hosts: &[String],
    host_note: Option<&str>,
    d: &Draft,
    report: &FileReport,
    p: &Provenance,
) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "{}\n# Source: Full-Text RSS site config `{source}` (ftr-site-config, commit {}).\n\
         # Licence: {}. Converted by `thresh rules import-ftr`; edit by re-running it,\n\
         # or override with a hand-written selectors/{}.toml, which wins.",
        super::HEADER,
        p.commit,
        p.license,
        hosts.first().map_or("<host>", String::as_str)
    );
    if let Some(note) = host_note {
        let _ = writeln!(out, "# Host: {note}.");
    }
    let quoted: Vec<String> = hosts.iter().map(|h| toml_str(h)).collect();
    let _ = writeln!(out, "\nhosts = [{}]", quoted.join(", "));
    let _ = writeln!(
        out,
        "\n[source]\nfile = {}\ncommit = {}\nlicense = {}",
        toml_str(source),
        toml_str(&p.commit),
        toml_str(&p.license)
    );
    if !(d.root.is_empty()
        && d.drop.is_empty()
        && d.drop_text.is_empty()
        && d.stop_at.is_empty()
        && d.replace_html.is_empty())
    {
        out.push_str("\n[content]\n");
        for (key, items) in [
            ("root", &d.root),
            ("drop", &d.drop),
            ("drop_text", &d.drop_text),
            ("stop_at", &d.stop_at),
        ] {
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{key} = [");
            for item in items {
                let _ = writeln!(out, "  {},  # line {}", toml_str(&item.value), item.line);
            }
            out.push_str("]\n");
        }
        if !d.replace_html.is_empty() {
            out.push_str("replace_html = [\n");
            for (find, with, line) in &d.replace_html {
                let _ = writeln!(
                    out,
                    "  {{ find = {}, with = {} }},  # line {line}",
                    toml_str(find),
                    toml_str(with)
                );
            }
            out.push_str("]\n");
        }
    }
    let meta = [
        ("title", &d.title),
        ("author", &d.author),
        ("published", &d.published),
    ];
    if meta.iter().any(|(_, v)| v.is_some()) {
        out.push_str("\n[meta]\n");
        for (key, item) in meta {
            if let Some(item) = item {
                let _ = writeln!(
                    out,
                    "{key} = {}  # line {}",
                    toml_str(&item.value),
                    item.line
                );
            }
        }
    }
    if !(d.headers.is_empty()
        && d.cookies.is_empty()
        && d.next_page.is_none()
        && d.single_page.is_none()
        && d.no_next_page_detection.is_none())
    {
        out.push_str("\n[fetch]\n");
        for (key, pairs) in [("headers", &d.headers), ("cookies", &d.cookies)] {
            if pairs.is_empty() {
                continue;
            }
            let body: Vec<String> = pairs
                .iter()
                .map(|(k, v, _)| format!("{} = {}", toml_key(k), toml_str(v)))
                .collect();
            let lines: Vec<String> = pairs.iter().map(|(_, _, l)| l.to_string()).collect();
            let _ = writeln!(
                out,
                "{key} = {{ {} }}  # line {}",
                body.join(", "),
                lines.join(", ")
            );
        }
        for (key, item) in [("next_page", &d.next_page), ("single_page", &d.single_page)] {
            if let Some(item) = item {
                let _ = writeln!(
                    out,
                    "{key} = {}  # line {}",
                    toml_str(&item.value),
                    item.line
                );
            }
        }
        if let Some(line) = d.no_next_page_detection {
            let _ = writeln!(out, "detect_next_page = false  # line {line}");
        }
    }
    for t in &d.tests {
        let _ = writeln!(
            out,
            "\n[[test]]  # line {}\nurl = {}",
            t.line,
            toml_str(&t.url)
        );
        if !t.contains.is_empty() {
            let items: Vec<String> = t.contains.iter().map(|s| toml_str(s)).collect();
            let _ = writeln!(out, "contains = [{}]", items.join(", "));
        }
    }
    let noted: Vec<&DirectiveReport> = report
        .directives
        .iter()
        .filter(|r| !matches!(r.outcome, Outcome::Exact))
        .collect();
    if !noted.is_empty() {
        out.push_str("\n# Conversion notes (every directive not converted exactly):\n");
        for r in noted {
            let value = one_line(&r.value);
            let _ = writeln!(
                out,
                "# line {}: {}: {value}\n#   {}",
                r.line,
                one_line(&r.directive),
                one_line(&r.outcome.to_string())
            );
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A TOML string: a literal string ('...') when it can be one, which keeps
/// regexes readable; else a basic string with escapes.
pub(super) fn toml_str(s: &str) -> String {
    if !s.contains('\'') && !s.chars().any(char::is_control) {
        format!("'{s}'")
    } else {
        toml::Value::String(s.to_owned()).to_string()
    }
}

fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_owned()
    } else {
        toml::Value::String(k.to_owned()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::SiteRules;

    fn provenance() -> Provenance {
        Provenance {
            commit: "0123456789abcdef".to_owned(),
            license: "CC0-1.0".to_owned(),
        }
    }

    fn convert_ok(name: &str, text: &str) -> (SiteRules, FileReport, String) {
        let c = convert(name, text, &provenance());
        let toml = c.toml.expect("a rule file");
        let rules = SiteRules::parse(&format!("{}.toml", c.report.hosts[0]), name, &toml)
            .unwrap_or_else(|e| panic!("{e}\n{toml}"));
        (rules, c.report, toml)
    }

    #[test]
    fn autodetect_next_page_no_turns_next_page_detection_off() {
        let (rules, report, toml) = convert_ok(
            "example.com.txt",
            "body: //article\nautodetect_next_page: no\ntest_url: https://example.com/a\n",
        );
        assert!(report.complete(), "{report:#?}");
        assert_eq!(rules.fetch.detect_next_page, Some(false));
        assert!(
            toml.contains("detect_next_page = false  # line 2"),
            "{toml}"
        );
        let (rules, report, _) = convert_ok(
            "example.com.txt",
            "body: //article\nautodetect_next_page: yes\ntest_url: https://example.com/a\n",
        );
        assert!(report.complete(), "{report:#?}");
        assert_eq!(rules.fetch.detect_next_page, None);
    }

    #[test]
    fn a_typical_config_converts_completely() {
        let (rules, report, toml) = convert_ok(
            "example.com.txt",
            "title: //h1[@class='headline']\nbody: //div[@id='story']\nstrip_id_or_class: share\n\
             strip: //aside\ndate: //meta[@property='article:published_time']/@content\n\
             http_header(user-agent): Mozilla/5.0\nhttp_header(cookie): consent=yes; bad cookie\n\
             prune: no\ntest_url: https://www.example.com/a/1\ntest_contains: peace talks\n",
        );
        assert!(report.complete(), "{report:#?}");
        assert_eq!(report.body(), (true, true));
        assert_eq!(rules.hosts, ["example.com"]);
        assert_eq!(rules.content.root[0].source, "div[id=\"story\"]");
        let drops: Vec<&str> = rules
            .content
            .drop
            .iter()
            .map(|r| r.source.as_str())
            .collect();
        assert_eq!(drops, ["[class*=\"share\"], [id*=\"share\"]", "aside"]);
        assert_eq!(
            rules.meta.published.as_ref().map(|r| r.source.as_str()),
            Some("meta[property=\"article:published_time\"]@content")
        );
        assert_eq!(
            rules.fetch.headers,
            [("User-Agent".to_owned(), "Mozilla/5.0".to_owned())]
        );
        assert_eq!(
            rules.fetch.cookies,
            [("consent".to_owned(), "yes".to_owned())]
        );
        assert_eq!(rules.tests[0].contains, ["peace talks"]);
        assert!(toml.contains("commit = '0123456789abcdef'"), "{toml}");
        assert!(toml.contains("# line 7: http_header(cookie)"), "{toml}");
    }

    #[test]
    fn nothing_is_dropped_silently() {
        let (rules, report, toml) = convert_ok(
            ".example.org.txt",
            "body: //div[count(p) > 3]\nstrip: //p[contains(., 'Advertisement')]\n\
             requires_login: yes\nfind_string: class=\"slider\nfind_string: x\nwibble: x\n\
             test_url: https://other.net/x\n",
        );
        assert!(!report.complete());
        assert_eq!(report.body(), (true, false));
        assert!(rules.content.root.is_empty());
        assert_eq!(rules.content.drop_text[0].source, "Advertisement");
        for line in 1..=7 {
            assert!(
                toml.contains(&format!("# line {line}: ")),
                "line {line}:\n{toml}"
            );
        }
        assert!(
            toml.contains("# Host: the leading `.` means subdomains"),
            "{toml}"
        );
        let outcomes: Vec<&str> = report.directives.iter().map(|d| d.outcome.kind()).collect();
        assert_eq!(
            outcomes,
            [
                "not converted",
                "approximate",
                "not converted",
                "not converted",
                "not converted",
                "not converted",
                "not converted"
            ]
        );
    }

    #[test]
    fn find_and_replace_edit_the_html() {
        let (rules, report, _) = convert_ok(
            "example.com.txt",
            "find_string: <h2\nreplace_string: <h3\nreplace_string(class=\"slider): class=\"foo\n",
        );
        assert!(report.complete(), "{report:#?}");
        assert_eq!(
            rules
                .content
                .rewrite_html("<h2 class=\"slider\">a</h2>")
                .as_deref(),
            Some("<h3 class=\"foo\">a</h2>")
        );
    }

    #[test]
    fn file_names_give_hosts() {
        assert_eq!(
            host_of("www.example.com.txt").map(|h| h.0),
            Ok("example.com".to_owned())
        );
        assert!(host_of(".blogspot.com.txt").is_ok_and(|h| h.0 == "blogspot.com" && h.1.is_some()));
        assert!(host_of("no spaces.txt").is_err());
        assert!(host_of("example.com.toml").is_err());
    }
}
