//! Shields the HTML parser from hostile nesting. html5ever follows the HTML
//! spec faithfully, and the spec's tree-building steps scan the stack of open
//! elements: 100,000 nested `<div>`s take half a minute, and ten thousand
//! unclosed `<b>`s with distinct attributes take seconds. Browsers cap the
//! depth; we do the same before parsing, with one linear scan that drops
//! start tags nested deeper than [`MAX_DEPTH`] (and their end tags). Real
//! pages nest a few dozen deep, so they pass through untouched.

use std::borrow::Cow;
use std::collections::HashMap;

/// Deepest element nesting passed to the parser.
pub const MAX_DEPTH: usize = 512;

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];

/// Elements the parser closes implicitly (`<p>a<p>b`); they are not counted,
/// since an unclosed one does not deepen the tree.
const AUTO_CLOSED: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "rp", "rt", "rb", "rtc", "caption", "html", "head", "body",
];

/// Elements whose content is raw text: tags inside them are not tags.
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

/// Returns the page with over-deep start tags (and their end tags) removed;
/// borrowed unchanged when nothing is too deep.
pub fn limit_nesting(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut stack: Vec<&str> = Vec::new();
    let mut dropped: HashMap<String, usize> = HashMap::new();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let start = i + off;
        let rest = &bytes[start + 1..];
        if rest.starts_with(b"!--") {
            i = find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"!") || rest.starts_with(b"?") {
            i = memchr(b'>', rest).map_or(bytes.len(), |e| start + 1 + e + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let name = &html[name_start..name_start + name_len];
        let end = tag_end(bytes, name_start + name_len);
        let lower = name.to_ascii_lowercase();
        let self_closing = end >= 2 && bytes[end - 2] == b'/';
        if closing {
            if let Some(pos) = stack.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
                stack.truncate(pos);
            } else if let Some(n) = dropped.get_mut(&lower).filter(|n| **n > 0) {
                *n -= 1;
                cuts.push((start, end));
            }
            i = end;
            continue;
        }
        if RAW_TEXT.contains(&lower.as_str()) {
            // Skip to the matching end tag without reading tags inside.
            let close = format!("</{lower}");
            i = find_ci(bytes, end, close.as_bytes()).unwrap_or(bytes.len());
            continue;
        }
        if !self_closing
            && !VOID.contains(&lower.as_str())
            && !AUTO_CLOSED.contains(&lower.as_str())
        {
            if stack.len() >= MAX_DEPTH {
                *dropped.entry(lower).or_default() += 1;
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

/// The index just past the `>` that ends a tag whose attributes start at `from`,
/// honouring quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes[from..].iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return from + k + 1,
            None => {}
        }
    }
    bytes.len()
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
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

    #[test]
    fn ordinary_pages_pass_untouched() {
        let page = "<html><body><div><p>a<p>b<ul><li>x<li>y</ul><script>if (a<b) {}</script></div></body></html>";
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
}
