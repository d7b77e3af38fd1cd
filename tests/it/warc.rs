//! Tests: WARC in and out. `thresh extract` over WARC files built here
//! from hand-written pages (a small [`WarcBuilder`]), checked against
//! `extract` over the same pages as HTML files; charsets from the HTTP
//! header; skipped records counted; damage reported without losing the
//! rest; and `fetch --warc` / `refresh --warc` against the local server,
//! read back by `extract`.
//!
//! `build_corpus_warc` (ignored) is the helper that builds a WARC of a
//! page corpus for the README's figures; it reads the corpus at run time.

use std::io::Write;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

use super::cmd::{stderr, thresh};
use crate::server::{Reply, Server};

/// Builds WARC files record by record, plain or with a gzip member per
/// record, as crawlers write them.
struct WarcBuilder {
    out: Vec<u8>,
    gzip: bool,
    n: usize,
}

impl WarcBuilder {
    fn new(gzip: bool) -> Self {
        let mut b = WarcBuilder {
            out: Vec::new(),
            gzip,
            n: 0,
        };
        b.record(
            "warcinfo",
            None,
            "application/warc-fields",
            &[],
            b"software: test\r\n",
        );
        b
    }

    /// Appends one record; returns its offset.
    fn record(
        &mut self,
        kind: &str,
        uri: Option<&str>,
        content_type: &str,
        extra: &[(&str, &str)],
        block: &[u8],
    ) -> u64 {
        self.n += 1;
        let mut raw = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{:012}>\r\n\
             WARC-Date: 2026-01-02T03:04:05Z\r\nContent-Type: {content_type}\r\n",
            self.n
        );
        if let Some(uri) = uri {
            raw.push_str(&format!("WARC-Target-URI: {uri}\r\n"));
        }
        for (name, value) in extra {
            raw.push_str(&format!("{name}: {value}\r\n"));
        }
        raw.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
        let mut raw = raw.into_bytes();
        raw.extend_from_slice(block);
        raw.extend_from_slice(b"\r\n\r\n");
        let offset = self.out.len() as u64;
        if self.gzip {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&raw).unwrap();
            self.out.extend(e.finish().unwrap());
        } else {
            self.out.extend(raw);
        }
        offset
    }

    /// A `response` record of `status` with these HTTP headers and body.
    fn http(&mut self, uri: &str, status: &str, headers: &[(&str, &str)], body: &[u8]) -> u64 {
        let mut block = format!("HTTP/1.1 {status}\r\n");
        for (name, value) in headers {
            block.push_str(&format!("{name}: {value}\r\n"));
        }
        block.push_str("\r\n");
        let mut block = block.into_bytes();
        block.extend_from_slice(body);
        self.record(
            "response",
            Some(uri),
            "application/http; msgtype=response",
            &[],
            &block,
        )
    }

    /// A page as crawlers store it: its request, then a 200 response.
    fn page(&mut self, uri: &str, content_type: &str, body: &[u8]) -> u64 {
        let request = format!("GET / HTTP/1.1\r\nHost: {uri}\r\n\r\n");
        self.record(
            "request",
            Some(uri),
            "application/http; msgtype=request",
            &[],
            request.as_bytes(),
        );
        self.http(uri, "200 OK", &[("Content-Type", content_type)], body)
    }

    fn write(&self, path: &Path) {
        std::fs::write(path, &self.out).unwrap();
    }
}

fn lines(o: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn article(title: &str, words: &str) -> String {
    let para = |n: usize| {
        format!("<p>{words} This is paragraph {n} of the story, with enough words to be an article body, and more.</p>")
    };
    format!(
        "<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav>\
         <article><h1>{title}</h1>{}</article><footer>Copyright footer text</footer></body></html>",
        (1..=6).map(para).collect::<String>()
    )
}

const PAGES: [(&str, &str); 3] = [
    ("http://news.test/a/first-story", "First story"),
    ("http://blog.test/2026/01/second", "Second post"),
    ("https://www.example-news.test/x?id=3", "Third report"),
];

#[test]
fn json_lines_match_extract_over_the_same_pages_plain_and_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    let mut plain = WarcBuilder::new(false);
    let mut gz = WarcBuilder::new(true);
    let mut offsets = Vec::new();
    for (k, (url, title)) in PAGES.iter().enumerate() {
        let html = article(title, &format!("Words of page {k}."));
        offsets.push(plain.page(url, "text/html", html.as_bytes()));
        gz.page(url, "text/html", html.as_bytes());
        let file = dir.path().join(format!("p{k}.html"));
        std::fs::write(&file, &html).unwrap();
        let out = thresh(&[
            "extract",
            "--format",
            "json",
            "--url",
            url,
            file.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        expected.push(serde_json::from_slice::<Value>(&out.stdout).unwrap());
    }
    let plain_path = dir.path().join("crawl.warc");
    let gz_path = dir.path().join("crawl.warc.gz");
    plain.write(&plain_path);
    gz.write(&gz_path);

    let mut texts = Vec::new();
    for path in [&plain_path, &gz_path] {
        let out = thresh(&["extract", path.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let got = lines(&out);
        assert_eq!(got.len(), PAGES.len(), "{}", stderr(&out));
        for (line, want) in got.iter().zip(&expected) {
            for field in [
                "url",
                "title",
                "author",
                "published",
                "language",
                "text",
                "rules",
            ] {
                assert_eq!(line[field], want[field], "{field} of {}", want["url"]);
            }
            assert_eq!(line["input"], path.display().to_string());
            assert_eq!(line["warc_date"], "2026-01-02T03:04:05Z");
            assert!(line["warc_record_id"]
                .as_str()
                .unwrap()
                .starts_with("<urn:uuid:"));
            assert!(!line["text"].as_str().unwrap().contains("Copyright footer"));
        }
        texts.push(got);
        assert!(
            stderr(&out)
                .contains("7 records: 3 extracted, 4 skipped (3 request, 1 warcinfo), 0 failed"),
            "{}",
            stderr(&out)
        );
    }
    // Offsets point at each record (plain) and differ in the gzip file.
    for (line, offset) in texts[0].iter().zip(&offsets) {
        assert_eq!(line["warc_offset"], *offset);
    }
    // One worker or many: the same lines, in record order.
    let one = thresh(&["extract", "--jobs", "1", gz_path.to_str().unwrap()]);
    assert_eq!(lines(&one), texts[1]);
}

#[test]
fn the_http_header_charset_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let body = article("Caf\u{e9} review", "Caf\u{e9} na\u{ef}ve.");
    // Latin-1 bytes; no <meta charset>, so only the header says what they are.
    let latin1: Vec<u8> = body.chars().map(|c| c as u32 as u8).collect();
    let mut w = WarcBuilder::new(true);
    w.page(
        "http://a.test/labelled",
        "text/html; charset=windows-1251",
        &latin1,
    );
    w.page("http://a.test/unlabelled", "text/html", &latin1);
    let path = dir.path().join("c.warc.gz");
    w.write(&path);
    let out = thresh(&["extract", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let got = lines(&out);
    // windows-1251 reads byte E9 as Cyrillic small letter short i.
    assert!(
        got[0]["text"]
            .as_str()
            .unwrap()
            .contains("Caf\u{439} na\u{43f}ve"),
        "{}",
        got[0]["text"]
    );
    assert!(
        got[1]["text"]
            .as_str()
            .unwrap()
            .contains("Caf\u{e9} na\u{ef}ve"),
        "{}",
        got[1]["text"]
    );

    // Shift_JIS named only by the header.
    let jp = "<html><body><article><p>日本語の記事です。これは本文の段落で、十分な長さがあります。東京で今日、新しい図書館が開館しました。多くの市民が訪れ、本を借りました。</p><p>館長は、地域の学びの場にしたいと話しました。開館を記念して、子ども向けの読み聞かせ会も開かれました。</p></article></body></html>";
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(jp);
    let mut w = WarcBuilder::new(false);
    w.page("http://jp.test/a", "text/html; charset=Shift_JIS", &sjis);
    let path = dir.path().join("jp.warc");
    w.write(&path);
    let out = thresh(&["extract", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(lines(&out)[0]["text"]
        .as_str()
        .unwrap()
        .contains("新しい図書館が開館しました"));
}

#[test]
fn the_http_content_language_names_a_page_that_declares_none() {
    let dir = tempfile::tempdir().unwrap();
    // English text, no `lang`: only the header says German.
    let body = article("Story", "Words.");
    let mut w = WarcBuilder::new(false);
    w.http(
        "http://a.test/de",
        "200 OK",
        &[("Content-Type", "text/html"), ("Content-Language", "de-DE")],
        body.as_bytes(),
    );
    w.page("http://a.test/none", "text/html", body.as_bytes());
    let path = dir.path().join("lang.warc");
    w.write(&path);
    let out = thresh(&["extract", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let got = lines(&out);
    assert_eq!(got[0]["language"], "de-DE");
    assert_eq!(got[1]["language"], "en");
}

#[test]
fn records_without_a_page_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = WarcBuilder::new(true);
    w.page(
        "http://a.test/good",
        "text/html",
        article("Good", "Fine.").as_bytes(),
    );
    w.record(
        "metadata",
        Some("http://a.test/good"),
        "application/warc-fields",
        &[],
        b"via: x\r\n",
    );
    w.record(
        "revisit",
        Some("http://a.test/good"),
        "application/http; msgtype=response",
        &[(
            "WARC-Profile",
            "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",
        )],
        b"HTTP/1.1 200 OK\r\n\r\n",
    );
    let truncated = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{}",
        article("Cut", "Cut.")
    );
    w.record(
        "response",
        Some("http://a.test/cut"),
        "application/http; msgtype=response",
        &[("WARC-Truncated", "length")],
        &truncated.as_bytes()[..300],
    );
    w.http(
        "http://a.test/img.png",
        "200 OK",
        &[("Content-Type", "image/png")],
        b"\x89PNG\r\n\x1a\n",
    );
    w.http(
        "http://a.test/old",
        "301 Moved Permanently",
        &[("Location", "/good")],
        b"",
    );
    w.record(
        "response",
        Some("dns:a.test"),
        "text/dns",
        &[],
        b"a.test. 300 IN A 127.0.0.1\n",
    );
    let path = dir.path().join("mixed.warc.gz");
    w.write(&path);

    let out = thresh(&["extract", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(lines(&out).len(), 1);
    let err = stderr(&out);
    assert!(
        err.contains(
            "9 records: 1 extracted, 8 skipped (1 metadata, 1 not-2xx, 1 not-html, 1 not-http, \
             1 request, 1 revisit, 1 truncated, 1 warcinfo), 0 failed"
        ),
        "{err}"
    );
    // -v names each skip with its offset; -q says nothing.
    let out = thresh(&["extract", "-v", path.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(err.contains("skipped: a revisit record"), "{err}");
    assert!(err.contains("skipped: http status 301"), "{err}");
    assert!(err.contains("skipped: truncated by the crawler"), "{err}");
    let out = thresh(&["extract", "-q", path.to_str().unwrap()]);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn damage_is_reported_with_its_offset_and_the_rest_extracted() {
    let dir = tempfile::tempdir().unwrap();
    for gzip in [true, false] {
        let mut w = WarcBuilder::new(gzip);
        w.page(
            "http://a.test/1",
            "text/html",
            article("One", "First.").as_bytes(),
        );
        let bad = w.page(
            "http://a.test/2",
            "text/html",
            article("Two", "Second.").as_bytes(),
        );
        let after = w.out.len();
        w.page(
            "http://a.test/3",
            "text/html",
            article("Three", "Third.").as_bytes(),
        );
        let tail = w.out.len();
        w.page(
            "http://a.test/4",
            "text/html",
            article("Four", "Fourth.").as_bytes(),
        );
        // Damage the middle of record 2, and cut the file inside record 4.
        let mid = (bad as usize + after) / 2;
        w.out[mid..mid + 16].copy_from_slice(&[0xA5; 16]);
        if !gzip {
            // In a plain file, make record 2's length wrong.
            let at = bad as usize;
            let key = b"Content-Length: ";
            let cl = w.out[at..]
                .windows(key.len())
                .position(|x| x == key)
                .unwrap();
            w.out[at + cl + key.len()] = b'9';
        }
        let cut = tail + (w.out.len() - tail) / 2;
        w.out.truncate(cut);
        let name = if gzip { "d.warc.gz" } else { "d.warc" };
        let path = dir.path().join(name);
        w.write(&path);

        let out = thresh(&["extract", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let urls: Vec<Value> = lines(&out).iter().map(|l| l["url"].clone()).collect();
        assert_eq!(
            urls,
            ["http://a.test/1", "http://a.test/3"],
            "{name}: {}",
            stderr(&out)
        );
        let err = stderr(&out);
        let shown = path.display().to_string();
        assert!(
            err.lines()
                .any(|l| l.contains(&shown) && l.contains(&format!("offset {bad}"))),
            "{name}: {err}"
        );
        assert!(err.contains("failed"), "{err}");
    }
}

#[test]
fn out_dir_gets_one_jsonl_per_warc_and_folders_find_warcs() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let mut w = WarcBuilder::new(true);
    w.page(
        PAGES[0].0,
        "text/html",
        article(PAGES[0].1, "A.").as_bytes(),
    );
    w.write(&inputs.join("CC-1.warc.gz"));
    let mut w = WarcBuilder::new(false);
    w.page(
        PAGES[1].0,
        "text/html",
        article(PAGES[1].1, "B.").as_bytes(),
    );
    w.page(
        PAGES[2].0,
        "text/html",
        article(PAGES[2].1, "C.").as_bytes(),
    );
    w.write(&inputs.join("CC-2.warc"));
    std::fs::write(inputs.join("page.html"), article("Loose page", "D.")).unwrap();
    let out_dir = dir.path().join("out");
    let out = thresh(&[
        "extract",
        "--out-dir",
        out_dir.to_str().unwrap(),
        inputs.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["CC-1.jsonl", "CC-2.jsonl", "page.txt"]);
    let count = |f: &str| {
        std::fs::read_to_string(out_dir.join(f))
            .unwrap()
            .lines()
            .count()
    };
    assert_eq!((count("CC-1.jsonl"), count("CC-2.jsonl")), (1, 2));

    // Markdown has no JSON Lines form: a usage error, before any work.
    let out = thresh(&["extract", "--format", "md", inputs.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // Records carry their own URL.
    let out = thresh(&["extract", "--url", PAGES[0].0, inputs.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("WARC-Target-URI"), "{}", stderr(&out));
}

fn story(n: usize) -> String {
    article(
        &format!("Story {n}"),
        &format!("Story {n} says something new."),
    )
}

/// `/s1`, `/s2` plain; `/gz` gzip-encoded; `/latin` windows-1252 by header.
fn site() -> Server {
    Server::start(|r| match r.path() {
        "/robots.txt" => Reply::status(404),
        "/gz" => Reply::html(story(9)).gzip(),
        "/latin" => Reply::new(
            200,
            "text/html; charset=windows-1252",
            article("Caf\u{e9}", "Caf\u{e9} cr\u{e8}me.")
                .chars()
                .map(|c| c as u32 as u8)
                .collect::<Vec<u8>>(),
        ),
        p => Reply::html(story(p.len())),
    })
}

#[test]
fn fetch_warc_then_extract_gives_the_texts_fetch_gave() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    // Credentials in a URL are sent, never written to the WARC.
    let secret = server.url("/s1").replace("http://", "http://user:s3cret@");
    let urls = [secret, server.url("/gz"), server.url("/latin")];
    for name in ["f.warc.gz", "f.warc"] {
        let warc = dir.path().join(name);
        let mut args = vec![
            "fetch",
            "--format",
            "json",
            "--warc",
            warc.to_str().unwrap(),
        ];
        args.extend(urls.iter().map(String::as_str));
        let fetched = thresh(&args);
        assert!(fetched.status.success(), "{}", stderr(&fetched));
        let fetched = lines(&fetched);
        let out = thresh(&["extract", warc.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let extracted = lines(&out);
        assert_eq!(extracted.len(), urls.len(), "{}", stderr(&out));
        for want in &fetched {
            let got = extracted
                .iter()
                .find(|l| l["url"] == want["url"])
                .unwrap_or_else(|| panic!("{} not in the WARC", want["url"]));
            assert_eq!(got["text"], want["text"], "{}", want["url"]);
            assert_eq!(got["title"], want["title"]);
        }
        assert!(extracted
            .iter()
            .any(|l| l["text"].as_str().unwrap().contains("Caf\u{e9} cr\u{e8}me")));
        // The records carry digests and the request that was sent.
        let mut raw = std::fs::read(&warc).unwrap();
        if name.ends_with(".gz") {
            let mut inflated = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::MultiGzDecoder::new(&raw[..]),
                &mut inflated,
            )
            .unwrap();
            raw = inflated;
        }
        let raw = String::from_utf8_lossy(&raw);
        assert!(raw.contains("WARC-Payload-Digest: sha1:"));
        assert!(raw.contains("WARC-Type: request"));
        assert!(raw.to_ascii_lowercase().contains("user-agent: threshing/"));
        assert!(!raw.contains("s3cret"), "credentials kept in {name}");
    }
}

#[test]
fn appending_twice_fetch_then_refresh_keeps_both_runs() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let warc = dir.path().join("runs.warc.gz");
    let warc_arg = warc.to_str().unwrap();
    let out = thresh(&["fetch", "--warc", warc_arg, &server.url("/s1")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let size = std::fs::metadata(&warc).unwrap().len();

    let list = dir.path().join("list.txt");
    std::fs::write(
        &list,
        format!("{}\n{}\n", server.url("/s22"), server.url("/gz")),
    )
    .unwrap();
    let store = dir.path().join("store");
    let out = thresh(&[
        "refresh",
        list.to_str().unwrap(),
        "--out-dir",
        store.to_str().unwrap(),
        "--delay",
        "0",
        "--warc",
        warc_arg,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::metadata(&warc).unwrap().len() > size);

    let out = thresh(&["extract", warc_arg]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut urls: Vec<String> = lines(&out)
        .iter()
        .map(|l| l["url"].as_str().unwrap().to_string())
        .collect();
    urls.sort();
    let mut want = vec![server.url("/gz"), server.url("/s1"), server.url("/s22")];
    want.sort();
    assert_eq!(urls, want);
    assert!(stderr(&out).contains("2 warcinfo"), "{}", stderr(&out));
}

/// Builds a WARC of a page corpus (`NNNN.html.gz` pages in `html/`, their
/// URLs in `ground-truth/NNNN.json`) for the throughput and memory figures:
/// `THRESH_CORPUS=DIR THRESH_WARC=OUT.warc.gz [THRESH_REPEAT=N] cargo test
/// --test it warc::build_corpus_warc -- --ignored`. Each page is a request
/// and a 200 response (`text/html`, no charset: as extract over the files
/// sees them); `THRESH_REPEAT` writes the whole set N times. A page
/// without a URL gets `http://unknown.invalid/NNNN`.
#[test]
#[ignore]
fn build_corpus_warc() {
    let (Some(corpus), Some(out)) = (
        std::env::var_os("THRESH_CORPUS"),
        std::env::var_os("THRESH_WARC"),
    ) else {
        panic!("set THRESH_CORPUS and THRESH_WARC");
    };
    let repeat: usize = std::env::var("THRESH_REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let corpus = Path::new(&corpus);
    let mut pages: Vec<_> = std::fs::read_dir(corpus.join("html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    let mut file = std::io::BufWriter::new(std::fs::File::create(&out).unwrap());
    let mut w = WarcBuilder::new(true);
    for _ in 0..repeat {
        for page in &pages {
            let id = page.file_name().unwrap().to_string_lossy();
            let id = id.split('.').next().unwrap();
            let truth: Value = serde_json::from_slice(
                &std::fs::read(corpus.join("ground-truth").join(format!("{id}.json"))).unwrap(),
            )
            .unwrap();
            // A page the corpus has no URL for gets one that names it.
            let url = truth["url"]
                .as_str()
                .filter(|u| !u.is_empty())
                .map_or_else(|| format!("http://unknown.invalid/{id}"), str::to_string);
            let url = url.as_str();
            let mut html = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::MultiGzDecoder::new(std::fs::File::open(page).unwrap()),
                &mut html,
            )
            .unwrap();
            w.page(url, "text/html", &html);
            file.write_all(&w.out).unwrap();
            w.out.clear();
        }
    }
    file.write_all(&w.out).unwrap();
}
