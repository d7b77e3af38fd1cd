//! Site profiles through the real binary: a hand-built shop-and-blog site
//! of ten pages (six stories, four products) carrying a promo box on every
//! page, a "read also" line in every story and a legal line in every
//! product description. `extract` over the pages drops the promo and the
//! read-also line and keeps the legal line, identically in any order and
//! on any number of threads; `--no-learn` and a single page keep them;
//! `rules suggest` writes a rule file that `rules check` accepts and that
//! drops the promo; `refresh` learns in one run and uses it from the first
//! page of the next, against the real local server.

use std::path::{Path, PathBuf};
use std::process::Output;

use super::cmd::thresh;
use crate::server::{Reply, Server};

// Worded so that the extractor alone keeps them (its own word lists know
// the usual "Read also:" and promo classes): only the profile can tell.
const PROMO: &str = "Every Thursday our shop in Harbour Street stays open late, with tea and cake for everyone who comes by.";
const READ_ALSO: &str = "Also worth your time: our guide to winter cycling in the city";
const LEGAL: &str =
    "Wash at thirty degrees; this garment meets the textile labelling rules of the European Union";

/// Words that make page `i`'s own text differ from every other page's.
fn own(i: usize, what: &str) -> String {
    let names = [
        "harbour",
        "orchard",
        "quarry",
        "lighthouse",
        "meadow",
        "viaduct",
        "granary",
        "ferry",
        "mill",
        "bridge",
    ];
    let n = names[i % names.len()];
    format!(
        "The {n} {what} number {i} was opened in the spring, after the council of the {n} \
         district found the money, and the people of the {n} came to see it on the first day."
    )
}

fn story(i: usize) -> String {
    format!(
        r#"<!doctype html><html lang=en><head><title>Story {i}</title>
<link rel="canonical" href="https://shop.test/blog/story-{i}">
<meta property="og:type" content="article"></head>
<body><nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>
<main><article><h1>The {i} story of the week</h1>
<p>{a}</p><p class="read-also">{READ_ALSO}</p><p>{b}</p><p>{c}</p>
<div class="panel-green"><p>{PROMO}</p></div>
</article></main></body></html>"#,
        a = own(i, "story"),
        b = own(i, "tale"),
        c = own(i, "account"),
    )
}

fn product(i: usize) -> String {
    format!(
        r#"<!doctype html><html lang=en><head><title>Jumper {i}</title>
<link rel="canonical" href="https://shop.test/products/jumper-{i}">
<script type="application/ld+json">{{"@type":"Product","name":"Jumper {i}"}}</script></head>
<body><nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>
<main><h1>Wool jumper {i}</h1><p class="price">$8{i}.00</p>
<div class="description"><p>{a}</p><p>{b}</p><p>{LEGAL}</p>
<div class="panel-green"><p>{PROMO}</p></div></div>
</main></body></html>"#,
        a = own(i, "jumper"),
        b = own(i, "pattern"),
    )
}

/// The ten pages, by file name: six stories, four products.
fn site_pages() -> Vec<(String, String)> {
    (0..6)
        .map(|i| (format!("story-{i}.html"), story(i)))
        .chain((0..4).map(|i| (format!("jumper-{i}.html"), product(i))))
        .collect()
}

fn write_site(dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    site_pages()
        .into_iter()
        .map(|(name, html)| {
            let path = dir.join(name);
            std::fs::write(&path, html).unwrap();
            path
        })
        .collect()
}

fn ok(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `extract --out-dir OUT` over `inputs`, with `extra` flags; every output
/// file's name and bytes, sorted.
fn extract_all(inputs: &[PathBuf], out: &Path, extra: &[&str]) -> Vec<(String, Vec<u8>)> {
    let mut args = vec!["extract", "-q", "--out-dir", s(out)];
    args.extend_from_slice(extra);
    args.extend(inputs.iter().map(|p| s(p)));
    ok(&thresh(&args));
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn text(files: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, bytes) = files.iter().find(|(n, _)| n == name).unwrap();
    String::from_utf8(bytes.clone()).unwrap()
}

#[test]
fn extract_drops_the_sites_boxes_and_keeps_product_text_in_any_order() {
    let dir = tempfile::tempdir().unwrap();
    let pages = write_site(&dir.path().join("site"));
    let first = extract_all(&pages, &dir.path().join("out1"), &["--jobs", "1"]);
    assert_eq!(first.len(), 10);
    for i in 0..6 {
        let t = text(&first, &format!("story-{i}.txt"));
        assert!(!t.contains(PROMO), "promo kept in story {i}:\n{t}");
        assert!(!t.contains(READ_ALSO), "read-also kept in story {i}:\n{t}");
        assert!(t.contains(&own(i, "tale")), "story {i} lost its text:\n{t}");
    }
    for i in 0..4 {
        let t = text(&first, &format!("jumper-{i}.txt"));
        assert!(!t.contains(PROMO), "promo kept in product {i}:\n{t}");
        assert!(
            t.contains(LEGAL),
            "legal line dropped from product {i}:\n{t}"
        );
        assert!(
            t.contains(&own(i, "pattern")),
            "product {i} lost its text:\n{t}"
        );
    }
    // Every order, any number of threads: the same bytes.
    let orders: [&[usize]; 3] = [
        &[9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
        &[3, 7, 0, 9, 1, 8, 2, 6, 4, 5],
        &[6, 0, 7, 1, 8, 2, 9, 3, 5, 4],
    ];
    for (k, order) in orders.iter().enumerate() {
        let shuffled: Vec<PathBuf> = order.iter().map(|&i| pages[i].clone()).collect();
        for jobs in ["1", "2"] {
            let out = dir.path().join(format!("out-{k}-{jobs}"));
            let again = extract_all(&shuffled, &out, &["--jobs", jobs]);
            assert!(
                again == first,
                "order {order:?} with --jobs {jobs} gave other output"
            );
        }
    }
    // The folder itself, as one input, too.
    let folder = extract_all(
        &[dir.path().join("site")],
        &dir.path().join("out-folder"),
        &[],
    );
    assert!(folder == first, "a folder input gave other output");
}

/// Plain text is held as blocks' text alone until written; Markdown and
/// JSON keep what they print (headings' marks, the article's text), with
/// the profile applied all the same.
#[test]
fn markdown_and_json_keep_their_text_with_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let pages = write_site(&dir.path().join("site"));
    let md = extract_all(&pages, &dir.path().join("md"), &["--format", "md"]);
    let t = text(&md, "story-0.md");
    assert!(t.starts_with("# Story 0"), "{t}");
    assert!(t.contains(&own(0, "tale")) && !t.contains(PROMO), "{t}");
    let json = extract_all(&pages, &dir.path().join("json"), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&text(&json, "story-0.json")).unwrap();
    let body = v["text"].as_str().unwrap();
    assert!(
        body.contains(&own(0, "tale")) && !body.contains(PROMO),
        "{body}"
    );
}

#[test]
fn no_learn_and_a_single_page_keep_every_block() {
    let dir = tempfile::tempdir().unwrap();
    let pages = write_site(&dir.path().join("site"));
    let alone = extract_all(&pages, &dir.path().join("alone"), &["--no-learn"]);
    let t = text(&alone, "story-0.txt");
    assert!(t.contains(PROMO) && t.contains(READ_ALSO), "{t}");
    let t = text(&alone, "jumper-0.txt");
    assert!(t.contains(LEGAL) && t.contains(PROMO), "{t}");
    // One page printed alone is what --no-learn gives it.
    let single = ok(&thresh(&["extract", s(&pages[0])]));
    assert_eq!(
        single.as_bytes(),
        &alone[alone.iter().position(|(n, _)| n == "story-0.txt").unwrap()].1[..]
    );
}

#[test]
fn a_profile_never_empties_a_page() {
    // Four copies of one story under their own URLs: everything recurs,
    // and dropping it would leave nothing, so nothing is dropped.
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    let pages: Vec<PathBuf> = (0..4)
        .map(|i| {
            let html = story(0).replace("story-0\"", &format!("copy-{i}\""));
            let path = site.join(format!("copy-{i}.html"));
            std::fs::write(&path, html).unwrap();
            path
        })
        .collect();
    let learnt = extract_all(&pages, &dir.path().join("a"), &[]);
    let alone = extract_all(&pages, &dir.path().join("b"), &["--no-learn"]);
    assert!(!text(&alone, "copy-0.txt").is_empty());
    assert!(learnt == alone, "a profile cut into pages it would empty");
}

#[test]
fn suggested_rules_are_a_valid_rule_file_that_drops_the_promo() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let pages = write_site(&site);
    let toml = ok(&thresh(&[
        "rules",
        "suggest",
        "shop.test",
        "--from",
        s(&site),
    ]));
    assert!(toml.contains("on 10 of 10 pages"), "{toml}");
    assert!(toml.contains("div.panel-green"), "{toml}");
    assert!(toml.contains("p.read-also"), "{toml}");
    assert!(!toml.contains("Wash at"), "product text suggested:\n{toml}");
    let rules = dir.path().join("selectors");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(rules.join("shop.test.toml"), &toml).unwrap();
    let checked = ok(&thresh(&["rules", "check", s(&rules)]));
    assert!(checked.contains("1 rule file ok"), "{checked}");
    // The rules alone, without a profile, now clean a single page.
    for (page, gone) in [(&pages[0], READ_ALSO), (&pages[7], PROMO)] {
        let t = ok(&thresh(&[
            "extract",
            "--no-learn",
            "--selectors",
            s(&rules),
            s(page),
        ]));
        assert!(!t.contains(PROMO), "{t}");
        assert!(!t.contains(gone), "{t}");
        assert!(t.contains("number"), "{t}");
    }
    let product = ok(&thresh(&[
        "extract",
        "--selectors",
        s(&rules),
        s(&pages[7]),
    ]));
    assert!(product.contains(LEGAL), "{product}");
    // A suggestion needs pages to learn from.
    let out = thresh(&["rules", "suggest", "shop.test"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn explain_names_profile_removals() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let pages = write_site(&site);
    let out = ok(&thresh(&[
        "rules",
        "explain",
        s(&pages[0]),
        "--from",
        s(&site),
    ]));
    assert!(out.contains("profile recurring"), "{out}");
    assert!(
        out.contains(&format!("(10 pages) {}", &PROMO[..20])),
        "{out}"
    );
    let plain = ok(&thresh(&["rules", "explain", s(&pages[0])]));
    assert!(!plain.contains("profile recurring"), "{plain}");
}

/// The site on the local server, at the paths of its file names.
fn serve_site() -> Server {
    let pages = site_pages();
    Server::start(move |r| {
        let name = r.path().trim_start_matches('/');
        match pages.iter().find(|(n, _)| n == name) {
            Some((_, html)) => Reply::html(html.clone()),
            None => Reply::status(404),
        }
    })
}

#[test]
fn refresh_learns_in_one_run_and_uses_it_from_the_first_page_of_the_next() {
    let server = serve_site();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    let names: Vec<String> = site_pages().into_iter().map(|(n, _)| n).collect();
    let urls: Vec<String> = names.iter().map(|n| server.url(&format!("/{n}"))).collect();
    std::fs::write(&list, urls.join("\n")).unwrap();
    let out = dir.path().join("out");
    let refresh = |extra: &[&str]| {
        let mut args = vec![
            "refresh",
            s(&list),
            "--out-dir",
            s(&out),
            "--delay",
            "0",
            "--concurrency",
            "1",
            "-q",
        ];
        args.extend_from_slice(extra);
        ok(&thresh(&args));
    };
    let stored = |name: &str| -> String {
        let host = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.is_dir() && !p.ends_with(".thresh"))
            .expect("a host folder");
        let slug = name.trim_end_matches(".html");
        let file = std::fs::read_dir(&host)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.extension().is_some_and(|e| e == "txt")
                    && p.file_stem().unwrap().to_string_lossy().starts_with(slug)
            })
            .unwrap_or_else(|| panic!("no article for {name}"));
        std::fs::read_to_string(file).unwrap()
    };
    // The first run has no profile yet: it keeps everything, and learns.
    refresh(&[]);
    assert!(stored("story-0.html").contains(PROMO));
    // The second uses it from its first page on.
    refresh(&[]);
    for name in &names {
        let t = stored(name);
        assert!(!t.contains(PROMO), "{name}:\n{t}");
        assert!(!t.contains(READ_ALSO), "{name}:\n{t}");
    }
    assert!(stored("jumper-0.html").contains(LEGAL));
    // Pages seen again replace their counts: still ten pages.
    let toml = ok(&thresh(&[
        "rules",
        "suggest",
        "127.0.0.1",
        "--store",
        s(&out),
    ]));
    assert!(toml.contains("on 10 of 10 pages"), "{toml}");
    assert!(toml.contains("div.panel-green"), "{toml}");
    // --no-learn: every page judged alone again.
    refresh(&["--no-learn"]);
    assert!(stored("story-1.html").contains(PROMO));
}
