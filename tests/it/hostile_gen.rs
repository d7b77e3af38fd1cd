//! Property tests: random tag soup through the extractor. The hand-written
//! hostile cases in `cli_extract.rs` cover what someone thought of; these
//! pages are built at random from the pieces that break HTML tools (deep
//! and unclosed nesting, stray `</script`, entities, odd attributes,
//! comments, CDATA, raw text elements, mixed encodings and byte-order
//! marks, gzip that stops half-way) and each must come out of extraction
//! without a panic, in bounded time and output, and the same on a re-run.
//!
//! `cargo test` runs a few dozen pages from a fixed seed, so a failure
//! replays. For a long hunt set `THRESH_PROPTEST_CASES` (e.g. 100000): the
//! seed is then random and a failure is shrunk to a small page, printed.

use std::io::Write;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use threshing::{render, Article, Extractor, Format, Page, RuleSet};
use url::Url;

/// Pages in a plain `cargo test` run: a few seconds in a debug build.
const DEFAULT_CASES: u32 = 48;

/// Far above any honest page of this size, even in a debug build on a busy
/// machine: the check is for runaway (quadratic, looping) work, not speed.
const TIME_LIMIT: Duration = Duration::from_secs(10);

const TAGS: &[&str] = &[
    "div",
    "p",
    "span",
    "a",
    "b",
    "i",
    "em",
    "article",
    "main",
    "section",
    "nav",
    "aside",
    "header",
    "footer",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tbody",
    "tr",
    "td",
    "th",
    "caption",
    "colgroup",
    "h1",
    "h2",
    "h3",
    "h6",
    "pre",
    "code",
    "blockquote",
    "figure",
    "figcaption",
    "script",
    "style",
    "noscript",
    "iframe",
    "textarea",
    "title",
    "svg",
    "math",
    "template",
    "select",
    "option",
    "optgroup",
    "form",
    "input",
    "button",
    "label",
    "br",
    "img",
    "hr",
    "frameset",
    "frame",
    "xmp",
    "noembed",
    "plaintext",
    "font",
    "center",
    "marquee",
    "ruby",
    "rt",
    "object",
    "embed",
    "head",
    "body",
    "html",
    "meta",
    "link",
    "base",
    "foreignObject",
    "desc",
    "mi",
    "annotation-xml",
    "x-custom",
    "DIV",
    "Script",
];

const WORDS: &[&str] = &[
    "the",
    "council",
    "met",
    "on",
    "Tuesday",
    "to",
    "discuss",
    "bridge",
    "residents",
    "asked",
    "questions",
    "about",
    "cost",
    "and",
    "noise",
    "engineers",
    "answered",
    "patiently",
    "vote",
    "Crème",
    "brûlée",
    "naïve",
    "日本語",
    "東京",
    "Köln",
    "Ελλάδα",
    "مرحبا",
    "שלום",
    "😀",
    "subscribe",
    "newsletter",
    "cookies",
    "share",
    "related",
    "comments",
    "menu",
    "©",
    "—",
    "…",
];

const ENTITIES: &[&str] = &[
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&nbsp;",
    "&copy",
    "&notin;",
    "&notit;",
    "&amp",
    "&#0;",
    "&#x0;",
    "&#65;",
    "&#x1F600;",
    "&#xD800;",
    "&#xDFFF;",
    "&#x110000;",
    "&#99999999999;",
    "&#128;",
    "&#x9F;",
    "&#;",
    "&#x;",
    "&bogus;",
    "&",
    "&&&",
    "&#x20AC",
    "&NotNestedGreaterGreater;",
    "&zwj;",
    "&#8203;",
    "&#xFEFF;",
];

const CHARSETS: &[&str] = &[
    "utf-8",
    "UTF-8",
    "windows-1252",
    "iso-8859-1",
    "shift_jis",
    "euc-jp",
    "gb18030",
    "big5",
    "koi8-r",
    "utf-16",
    "utf-16le",
    "x-user-defined",
    "replacement",
    "bogus-charset",
    "",
];

/// One piece of a page, as bytes (some pieces are not UTF-8 on purpose).
fn piece() -> impl Strategy<Value = Vec<u8>> {
    let tag = prop::sample::select(TAGS);
    let word = prop::sample::select(WORDS);
    let junk_text = prop::collection::vec(any::<char>(), 0..16)
        .prop_map(|cs| cs.into_iter().collect::<String>().into_bytes());
    prop_oneof![
        // Text: ordinary words, so some pages have an article to find.
        6 => prop::collection::vec(word.clone(), 1..40).prop_map(|w| w.join(" ").into_bytes()),
        2 => junk_text,
        4 => (tag.clone(), prop::collection::vec(attribute(), 0..4), any::<bool>()).prop_map(
            |(t, attrs, self_close)| {
                format!("<{t}{}{}>", attrs.concat(), if self_close { "/" } else { "" })
                    .into_bytes()
            }
        ),
        3 => tag.clone().prop_map(|t| format!("</{t}>").into_bytes()),
        // Deep nesting, closed or not, past the parser guard's 512.
        1 => (tag.clone(), 1usize..1200, any::<bool>()).prop_map(|(t, n, closed)| {
            let mut s = format!("<{t}>").repeat(n);
            s.push_str("deep words here");
            if closed {
                s.push_str(&format!("</{t}>").repeat(n));
            }
            s.into_bytes()
        }),
        1 => (1usize..400).prop_map(|n| "<p><b><i><a href=x>".repeat(n).into_bytes()),
        2 => prop::sample::select(ENTITIES).prop_map(|e| e.as_bytes().to_vec()),
        2 => prop::sample::select(&[
            "</script", "</script >", "</scr", "<script>", "</style", "<!--", "-->", "--!>",
            "<!-->", "<!--->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "<!doctype", "<?xml version=\"1.0\"?>",
            "<", ">", "</", "<>", "</>", "< p>", "<p", "=\"", "'", "\"", "<a href=\"", "<img src=x onerror=",
            "</body>", "</html>", "<html>", "<body>", "<head>", "\u{0}", "\r", "\r\n", "\t",
        ][..])
        .prop_map(|s| s.as_bytes().to_vec()),
        1 => prop::collection::vec(word.clone(), 0..10)
            .prop_map(|w| format!("<!--{}-->", w.join(" ")).into_bytes()),
        1 => prop::collection::vec(word, 0..10)
            .prop_map(|w| format!("<svg><![CDATA[{}]]></svg>", w.join(" ")).into_bytes()),
        1 => prop::sample::select(CHARSETS)
            .prop_map(|c| format!("<meta charset=\"{c}\">").into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..24),
    ]
}

/// An attribute with a leading space: quoted, unquoted, valueless, odd.
fn attribute() -> impl Strategy<Value = String> {
    let name = prop::sample::select(
        &[
            "class",
            "id",
            "style",
            "hidden",
            "href",
            "src",
            "rel",
            "itemprop",
            "aria-hidden",
            "role",
            "data-x",
            "lang",
            "type",
            "content",
            "property",
            "name",
            "x:y",
            "\"",
            "=",
        ][..],
    );
    let value = prop::sample::select(
        &[
            "",
            "content",
            "article",
            "nav",
            "hidden",
            "display:none",
            "true",
            "canonical",
            "articleBody",
            "https://example.test/a",
            "a\"b",
            "a'b",
            "&amp;",
            "&quot",
            "x y z",
            "sidebar related",
            "comment",
            "main",
            "<p>",
            "{{x}}",
        ][..],
    );
    (name, value, 0..4u8).prop_map(|(n, v, q)| match q {
        0 => format!(" {n}=\"{v}\""),
        1 => format!(" {n}='{v}'"),
        2 => format!(" {n}={v}"),
        _ => format!(" {n}"),
    })
}

/// How the page's bytes are finally written.
#[derive(Debug, Clone, Copy)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Windows1252,
    ShiftJis,
    Utf16LeBom,
    Utf16BeBom,
}

/// A whole test page: its pieces, how it is encoded, and whether it is
/// gzipped (and cut short).
#[derive(Clone)]
struct Soup {
    pieces: Vec<Vec<u8>>,
    encoding: Encoding,
    /// `None`: plain. `Some(1.0)`: whole gzip. Below 1: cut to that share.
    gzip: Option<f64>,
    /// The page's URL, which chooses site rules (`None`: its canonical link, if any).
    url: Option<&'static str>,
}

fn soup() -> impl Strategy<Value = Soup> {
    let encoding = prop_oneof![
        6 => Just(Encoding::Utf8),
        1 => Just(Encoding::Utf8Bom),
        2 => Just(Encoding::Windows1252),
        1 => Just(Encoding::ShiftJis),
        1 => Just(Encoding::Utf16LeBom),
        1 => Just(Encoding::Utf16BeBom),
    ];
    let gzip = prop_oneof![
        6 => Just(None),
        1 => Just(Some(1.0)),
        1 => (0.0..1.0f64).prop_map(Some),
    ];
    let url = prop::option::of(prop::sample::select(
        &[
            "https://caliber.az/en/post/x",
            "https://www.presstv.ir/Detail/2025/1/1/1/",
            "https://example.test/story",
            "http://127.0.0.1:8080/a",
        ][..],
    ));
    (prop::collection::vec(piece(), 0..120), encoding, gzip, url).prop_map(
        |(pieces, encoding, gzip, url)| Soup {
            pieces,
            encoding,
            gzip,
            url,
        },
    )
}

/// The page as text (bytes that are not UTF-8 escaped), so a failing case
/// prints as something to paste into a file.
impl std::fmt::Debug for Soup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Soup")
            .field("page", &self.pieces.concat().escape_ascii().to_string())
            .field("encoding", &self.encoding)
            .field("gzip", &self.gzip)
            .field("url", &self.url)
            .finish()
    }
}

impl Soup {
    /// The bytes as written before gzip, and the bytes given to the extractor.
    fn bytes(&self) -> (Vec<u8>, Vec<u8>) {
        let raw: Vec<u8> = self.pieces.concat();
        let text = String::from_utf8_lossy(&raw);
        let encoded = match self.encoding {
            // Raw pieces stay raw: invalid UTF-8 is part of the soup.
            Encoding::Utf8 => raw.clone(),
            Encoding::Utf8Bom => [&b"\xEF\xBB\xBF"[..], &raw].concat(),
            Encoding::Windows1252 => encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(),
            Encoding::ShiftJis => encoding_rs::SHIFT_JIS.encode(&text).0.into_owned(),
            Encoding::Utf16LeBom => std::iter::once(0xFEFF)
                .chain(text.encode_utf16())
                .flat_map(u16::to_le_bytes)
                .collect(),
            Encoding::Utf16BeBom => std::iter::once(0xFEFF)
                .chain(text.encode_utf16())
                .flat_map(u16::to_be_bytes)
                .collect(),
        };
        let given = match self.gzip {
            None => encoded.clone(),
            Some(share) => {
                let mut enc =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                enc.write_all(&encoded).expect("gzip in memory");
                let mut z = enc.finish().expect("gzip in memory");
                if share < 1.0 {
                    z.truncate((z.len() as f64 * share) as usize);
                }
                z
            }
        };
        (encoded, given)
    }
}

/// Everything a user could get out of one extraction, for comparing runs.
fn outputs(article: &Article) -> [String; 3] {
    [Format::Txt, Format::Md, Format::Json].map(|f| render(article, f))
}

/// Extracts `soup` twice and checks the properties; `Err` says which failed.
fn check(extractor: &Extractor, soup: &Soup) -> Result<(), TestCaseError> {
    let (encoded, given) = soup.bytes();
    let url = soup.url.map(|u| Url::parse(u).expect("test URLs parse"));
    let page = Page {
        bytes: &given,
        url: url.as_ref(),
        content_type: None,
        content_language: None,
    };
    let started = Instant::now();
    let first = extractor.extract(&page);
    let took = started.elapsed();
    prop_assert!(
        took < TIME_LIMIT,
        "extraction of {} bytes took {took:?}",
        given.len()
    );
    let second = extractor.extract(&page);
    match (first, second) {
        (Ok(a), Ok(b)) => {
            let (out_a, out_b) = (outputs(&a), outputs(&b));
            prop_assert_eq!(&out_a, &out_b, "a second run gave different output");
            // Output grows at most linearly with input: decoding, entities
            // and Markdown markers multiply a byte a few times, never more.
            let bound = 32 * encoded.len() + 4096;
            for out in &out_a {
                prop_assert!(
                    out.len() <= bound,
                    "{} bytes of output from {} bytes of page",
                    out.len(),
                    encoded.len()
                );
            }
        }
        (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
        (a, b) => prop_assert!(false, "runs disagree: {a:?} vs {b:?}"),
    }
    Ok(())
}

#[test]
fn random_tag_soup_never_panics_stays_bounded_and_is_stable() {
    let from_env = std::env::var("THRESH_PROPTEST_CASES")
        .ok()
        .map(|v| v.parse::<u32>().expect("THRESH_PROPTEST_CASES is a number"));
    let config = Config {
        cases: from_env.unwrap_or(DEFAULT_CASES),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = match from_env {
        // A long hunt: new ground each time.
        Some(_) => TestRunner::new(config),
        // `cargo test`: the same pages every time.
        None => TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha)),
    };
    let extractor = Extractor::new(RuleSet::builtin().expect("shipped rules compile"));
    let started = Instant::now();
    let result = runner.run(&soup(), |soup| check(&extractor, &soup));
    eprintln!("hostile_gen: {:?} for the run", started.elapsed());
    if let Err(e) = result {
        panic!("{e}");
    }
}
