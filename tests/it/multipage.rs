//! Articles over several pages, against the real server in `server.rs`:
//! following a rule's `next_page`, `<link rel=next>` and pager links;
//! stopping at loops, off-site links and the page cap; a failing page that
//! makes the article partial (never silently short); a rule's
//! `single_page` version; and `thresh fetch` and `thresh refresh` on them.

use std::process::{Command, Output};
use std::sync::Arc;
use std::time::Duration;

use threshing::fetch::pages::{self, MAX_PAGES};
use threshing::fetch::{FetchConfig, Fetcher};
use threshing::{Article, Extractor, RuleSet};
use url::Url;

use super::cmd::thresh;
use crate::server::{Reply, Request, Server};

/// Page `n` of a story: the same headline and standfirst on every page, three
/// paragraphs of its own, and `extra` (pager links) after the article.
fn story(n: usize, head: &str, extra: &str) -> String {
    format!(
        "<!doctype html><html lang=en><head><title>The long story</title>\
         <meta property=og:type content=article>{head}</head><body>\
         <nav><a href='/'>Home</a> <a href='/news'>News</a></nav>\
         <article><h1>The long story</h1><p>The standfirst that every page of this story repeats above its own text, word for word.</p>\
         <p>Part {n} opens here, where the writer keeps telling the story of the river, \
         the mill and the people who worked there for many years.</p>\
         <p>In part {n} the miller counts the sacks again, and the count is never the same, \
         which worries everyone in the village more than they say.</p>\
         <p>Part {n} ends with the water rising, slowly, as it always does in spring, \
         and with a promise that the next part will say what happened.</p>\
         </article>{extra}<footer><p>Copyright the Paper</p></footer></body></html>"
    )
}

fn quick() -> FetchConfig {
    FetchConfig {
        connect_timeout: Duration::from_secs(5),
        timeout: Duration::from_secs(10),
        retries: 0,
        backoff: Duration::from_millis(10),
        ..FetchConfig::default()
    }
}

/// robots.txt is 404; everything else goes to `f`.
fn site(f: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
    Server::start(move |r| match r.path() {
        "/robots.txt" => Reply::status(404),
        _ => f(r),
    })
}

/// A rule folder with `127.0.0.1.toml` holding `body`.
fn rules_dir(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("127.0.0.1.toml"), body).unwrap();
    dir
}

async fn article(rules: RuleSet, server: &Server, path: &str) -> Article {
    let rules = Arc::new(rules);
    let fetcher = Fetcher::new(quick(), rules.clone()).unwrap();
    let extractor = Arc::new(Extractor::new_shared(rules));
    let url = Url::parse(&server.url(path)).unwrap();
    let (_, article) = pages::fetch_article(&fetcher, &extractor, &url)
        .await
        .unwrap();
    article
}

/// The parts of the story the text holds, in order.
fn parts(article: &Article) -> Vec<usize> {
    (1..=20)
        .filter_map(|n| {
            article
                .text
                .find(&format!("Part {n} opens"))
                .map(|at| (at, n))
        })
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_values()
        .collect()
}

#[tokio::test]
async fn a_rules_next_page_joins_three_pages_in_order() {
    let server = site(|r| {
        let n: usize = r.path().trim_start_matches("/a").parse().unwrap_or(0);
        match n {
            1 | 2 => Reply::html(story(
                n,
                "",
                &format!(
                    "<div><a class=next-part href='/a{}'>continue</a></div>",
                    n + 1
                ),
            )),
            3 => Reply::html(story(3, "", "")),
            _ => Reply::status(404),
        }
    });
    // A rule's link is followed wherever it leads on the site.
    let dir = rules_dir("[fetch]\nnext_page = \"a.next-part\"\n");
    let rules = RuleSet::load(&[dir.path().to_path_buf()]).unwrap();
    let a = article(rules, &server, "/a1").await;
    assert_eq!(parts(&a), [1, 2, 3], "{}", a.text);
    // What every page repeats is said once.
    assert_eq!(a.text.matches("The standfirst").count(), 1, "{}", a.text);
    assert!(!a.pages.partial);
    let urls: Vec<String> = ["/a1", "/a2", "/a3"]
        .iter()
        .map(|p| server.url(p))
        .collect();
    assert_eq!(a.pages.page_urls, urls);
    assert_eq!(a.url.as_deref(), Some(server.url("/a1").as_str()));
    for p in ["/a1", "/a2", "/a3"] {
        assert_eq!(server.hits(p), 1, "{p}");
    }
}

#[tokio::test]
async fn link_rel_next_is_followed_without_a_rule() {
    let server = site(|r| {
        match r.path() {
        "/story-b" => Reply::html(story(1, "<link rel=next href='/story-b/2'>", "")),
        "/story-b/2" => Reply::html(story(
            2,
            "<link rel='prev' href='/story-b'><link rel=next href='3'>",
            "",
        )),
        // WordPress's link to the next post carries its title: not a page.
        "/story-b/3" => Reply::html(story(
            3,
            "<link rel=prev href='/story-b/2'><link rel=next title='Another post' href='/story-b/3/x'>",
            "",
        )),
        _ => Reply::status(404),
    }
    });
    let a = article(RuleSet::empty(), &server, "/story-b").await;
    assert_eq!(parts(&a), [1, 2, 3], "{}", a.text);
    assert!(!a.pages.partial);

    // So is a pager's "Next page" link.
    let server = site(|r| match r.path() {
        "/p" => Reply::html(story(1, "", "<p><a href='/p/2'>Next page »</a></p>")),
        "/p/2" => Reply::html(story(2, "", "")),
        _ => Reply::status(404),
    });
    let a = article(RuleSet::empty(), &server, "/p").await;
    assert_eq!(parts(&a), [1, 2], "{}", a.text);
}

#[tokio::test]
async fn pager_loops_stop_and_read_each_page_once() {
    // 1 -> 2 -> 1, and 2 -> 3 -> 2 (under another spelling of the URL).
    let server = site(|r| match r.path() {
        "/story-c" => Reply::html(story(1, "<link rel=next href='/story-c/2'>", "")),
        "/story-c/2" => Reply::html(story(2, "<link rel=next href='/story-c#top'>", "")),
        "/d" => Reply::html(story(1, "<link rel=next href='/d/2'>", "")),
        "/d/2" => Reply::html(story(2, "<link rel=next href='/d/3'>", "")),
        "/d/3" => Reply::html(story(3, "<link rel=next href='/d/2/'>", "")),
        _ => Reply::status(404),
    });
    let a = article(RuleSet::empty(), &server, "/story-c").await;
    assert_eq!(parts(&a), [1, 2], "{}", a.text);
    assert!(!a.pages.partial);
    let a = article(RuleSet::empty(), &server, "/d").await;
    assert_eq!(parts(&a), [1, 2, 3], "{}", a.text);
    assert!(!a.pages.partial);
    for p in ["/story-c", "/story-c/2", "/d", "/d/2", "/d/3"] {
        assert_eq!(server.hits(p), 1, "{p}");
    }
}

#[tokio::test]
async fn a_next_link_off_site_is_not_followed() {
    let server = site(|r| match r.path() {
        "/e" => {
            // `localhost` is another host than 127.0.0.1, though it is this server.
            let port = r.header("host").and_then(|h| h.rsplit(':').next()).unwrap();
            let next = format!("http://localhost:{port}/e/2");
            Reply::html(story(1, &format!("<link rel=next href='{next}'>"), ""))
        }
        _ => Reply::html(story(2, "", "")),
    });
    let a = article(RuleSet::empty(), &server, "/e").await;
    assert_eq!(parts(&a), [1], "{}", a.text);
    assert!(a.pages.is_single(), "{:?}", a.pages);
    assert_eq!(server.hits("/e/2"), 0);

    // Nor is a guessed link whose URL does not go on from the article's.
    let server = site(|r| match r.path() {
        "/w" => Reply::html(story(
            1,
            "",
            "<p><a href='/another-story'>Next page</a></p>",
        )),
        _ => Reply::html(story(2, "", "")),
    });
    let a = article(RuleSet::empty(), &server, "/w").await;
    assert_eq!(parts(&a), [1], "{}", a.text);
    assert_eq!(server.hits("/another-story"), 0);
}

#[tokio::test]
async fn a_failing_second_page_makes_the_article_partial() {
    let server = site(|r| match r.path() {
        "/f" => Reply::html(story(1, "<link rel=next href='/f/2'>", "")),
        "/f/2" => Reply::status(500),
        "/g" => Reply::html(story(1, "<link rel=next href='/g/2'>", "")),
        "/g/2" => Reply::html(story(2, "<link rel=next href='/g/3'>", "")),
        "/g/3" => Reply::reset(),
        _ => Reply::status(404),
    });
    let a = article(RuleSet::empty(), &server, "/f").await;
    assert_eq!(parts(&a), [1]);
    assert!(a.pages.partial);
    let failure = a.pages.page_failure.as_ref().unwrap();
    assert_eq!(failure.url, server.url("/f/2"));
    assert!(failure.error.contains("500"), "{failure:?}");

    // A dead connection on page 3: pages 1 and 2 are kept, marked partial.
    let a = article(RuleSet::empty(), &server, "/g").await;
    assert_eq!(parts(&a), [1, 2]);
    assert!(a.pages.partial);
    assert_eq!(
        a.pages.page_failure.as_ref().unwrap().url,
        server.url("/g/3")
    );
}

#[tokio::test]
async fn a_rules_single_page_version_is_read_instead() {
    let whole = story(
        1,
        "",
        "",
    )
    .replace("</article>", "<p>Part 2 opens here as well, in the print version that holds the whole story at once.</p></article>");
    let server = site(move |r| match r.path() {
        "/h" => Reply::html(story(
            1,
            "<link rel=next href='/h/2'>",
            "<a class=print href='/h/print'>Print</a>",
        )),
        "/h/print" => Reply::html(whole.clone()),
        "/h/2" => Reply::html(story(2, "", "")),
        // A single-page link that fails: the pages are read instead.
        "/k" => Reply::html(story(
            1,
            "<link rel=next href='/k/2'>",
            "<a class=print href='/k/print'>Print</a>",
        )),
        "/k/2" => Reply::html(story(2, "", "")),
        _ => Reply::status(404),
    });
    let dir = rules_dir("[fetch]\nsingle_page = \"a.print@href\"\n");
    let rules = || RuleSet::load(&[dir.path().to_path_buf()]).unwrap();
    let a = article(rules(), &server, "/h").await;
    assert!(a.text.contains("in the print version"), "{}", a.text);
    assert_eq!(
        a.pages.single_page.as_deref(),
        Some(server.url("/h/print").as_str())
    );
    assert_eq!(a.url.as_deref(), Some(server.url("/h").as_str()));
    assert_eq!(
        server.hits("/h/2"),
        0,
        "the print version is the whole article"
    );

    let a = article(rules(), &server, "/k").await;
    assert_eq!(parts(&a), [1, 2], "{}", a.text);
    assert_eq!(a.pages.single_page, None);
    assert!(!a.pages.partial);
    assert_eq!(server.hits("/k/print"), 1);
}

#[tokio::test]
async fn at_most_ten_pages_are_joined_and_the_rest_is_marked() {
    let server = site(|r| {
        let n: usize = r
            .target
            .split_once("?page=")
            .and_then(|(_, n)| n.parse().ok())
            .unwrap_or(1);
        Reply::html(story(
            n,
            &format!("<link rel=next href='/m?page={}'>", n + 1),
            "",
        ))
    });
    let a = article(RuleSet::empty(), &server, "/m").await;
    assert_eq!(parts(&a), (1..=MAX_PAGES).collect::<Vec<_>>());
    assert_eq!(a.pages.page_urls.len(), MAX_PAGES);
    assert!(a.pages.partial, "an article cut at the cap is not whole");
    let failure = a.pages.page_failure.as_ref().unwrap();
    let eleventh = format!("/m?page={}", MAX_PAGES + 1);
    assert_eq!(failure.url, server.url(&eleventh));
    assert!(failure.error.contains("at most 10 pages"), "{failure:?}");
    assert!(server.requests().iter().all(|r| r.target != eleventh));
    assert_eq!(server.hits("/m"), MAX_PAGES);
}

#[test]
fn cli_fetch_joins_pages_and_reports_a_partial_article() {
    let server = site(|r| match r.path() {
        "/n" => Reply::html(story(1, "<link rel=next href='/n/2'>", "")),
        "/n/2" => Reply::html(story(2, "<link rel=next href='/n/3'>", "")),
        "/n/3" => Reply::html(story(3, "", "")),
        "/q" => Reply::html(story(1, "<link rel=next href='/q/2'>", "")),
        "/q/2" => Reply::status(500),
        _ => Reply::status(404),
    });
    let out = thresh(&["fetch", "--retries", "0", &server.url("/n")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for n in 1..=3 {
        assert!(text.contains(&format!("Part {n} opens")), "{text}");
    }

    let out = thresh(&[
        "fetch",
        "--retries",
        "0",
        "--format",
        "json",
        &server.url("/q"),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["partial"], true, "{json}");
    assert_eq!(json["page_failure"]["url"], server.url("/q/2"));
    assert!(
        stderr.contains(&server.url("/q/2")) && stderr.contains("500"),
        "{stderr}"
    );
    assert!(stderr.contains("partial"), "{stderr}");
}

/// `thresh refresh` of `list` into `out`, with a report; returns the run
/// and the report's one line.
fn refresh(dir: &std::path::Path, url: &str) -> (Output, serde_json::Value) {
    let list = dir.join("list.txt");
    std::fs::write(&list, format!("{url}\n")).unwrap();
    let report = dir.join("report.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_thresh"))
        .arg("refresh")
        .arg(&list)
        .arg("--out-dir")
        .arg(dir.join("out"))
        .arg("--report")
        .arg(&report)
        .args(["--delay", "0", "--retries", "0"])
        .output()
        .unwrap();
    let line = std::fs::read_to_string(&report).unwrap();
    (out, serde_json::from_str(line.trim()).unwrap())
}

/// The state's `(error_kind, etag)` for the one URL refreshed into `dir`.
fn state_row(dir: &std::path::Path) -> (Option<String>, Option<String>) {
    let path = threshing::refresh::state::state_path(&dir.join("out"));
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("SELECT error_kind, etag FROM urls", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .unwrap()
}

#[test]
fn refresh_joins_pages_per_article_and_keeps_a_whole_article_over_a_partial_one() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let broken = Arc::new(AtomicBool::new(false));
    let page_two_fails = broken.clone();
    let server = site(move |r| match r.path() {
        "/s" => Reply::html(story(1, "<link rel=next href='/s/2'>", "")).header("ETag", "\"s1\""),
        "/s/2" if page_two_fails.load(Ordering::SeqCst) => Reply::status(500),
        "/s/2" => Reply::html(story(2, "", "")),
        _ => Reply::status(404),
    });
    let dir = tempfile::tempdir().unwrap();
    let url = server.url("/s");
    let text_path = threshing::store::Store::new(dir.path().join("out"))
        .paths(&Url::parse(&url).unwrap(), threshing::Format::Txt)
        .text
        .unwrap();

    // One article, two pages, one entry in the state.
    let (out, line) = refresh(dir.path(), &url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(line["outcome"], "new", "{line}");
    let whole = std::fs::read_to_string(&text_path).unwrap();
    assert!(
        whole.contains("Part 1 opens") && whole.contains("Part 2 opens"),
        "{whole}"
    );
    assert_eq!(state_row(dir.path()), (None, Some("\"s1\"".to_string())));

    // Page 2 now fails: the whole article stays, the URL failed as `partial`.
    broken.store(true, Ordering::SeqCst);
    // (This server never answers 304, so the pages are read again.)
    let (out, line) = refresh(dir.path(), &url);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(line["outcome"], "failed", "{line}");
    assert_eq!(line["error_kind"], "partial", "{line}");
    assert!(
        stderr.contains(&server.url("/s/2")) && stderr.contains("500"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&text_path).unwrap(), whole);
    assert_eq!(state_row(dir.path()).0.as_deref(), Some("partial"));

    // With nothing stored, a partial article is saved, marked, and the state
    // keeps no validators for it, so the next run fetches it in full.
    let fresh = tempfile::tempdir().unwrap();
    let (out, line) = refresh(fresh.path(), &url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(line["outcome"], "new", "{line}");
    assert_eq!(state_row(fresh.path()), (Some("partial".to_string()), None));
    let meta = threshing::store::Store::new(fresh.path().join("out"))
        .load_meta(&Url::parse(&url).unwrap())
        .unwrap()
        .unwrap();
    assert!(meta.pages.partial);
    assert_eq!(meta.pages.page_failure.unwrap().url, server.url("/s/2"));
}

#[test]
fn fixtures_regen_refetch_saves_every_page_and_joins_their_text() {
    let server = site(|r| match r.path() {
        "/t" => Reply::html(story(1, "<link rel=next href='/t/2'>", "")),
        "/t/2" => Reply::html(story(2, "", "")),
        "/u" => Reply::html(story(1, "<link rel=next href='/u/2'>", "")),
        "/u/2" => Reply::status(500),
        _ => Reply::status(404),
    });
    let tmp = tempfile::tempdir().unwrap();
    let host = tmp.path().join("fixtures/127.0.0.1");
    std::fs::create_dir_all(&host).unwrap();
    for (name, path) in [("whole", "/t"), ("broken", "/u")] {
        std::fs::write(host.join(format!("{name}.html")), "<p>old page</p>").unwrap();
        std::fs::write(
            host.join(format!("{name}.toml")),
            format!("url = '{}'\n", server.url(path)),
        )
        .unwrap();
    }
    let root = tmp.path().join("fixtures");
    let out = thresh(&[
        "fixtures",
        "regen",
        "--refetch",
        "--root",
        root.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The article short of a page is not saved: its old page stays.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("partial") && stderr.contains(&server.url("/u/2")),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(host.join("broken.html")).unwrap(),
        "<p>old page</p>"
    );
    assert!(!host.join("broken.pages").exists());

    assert!(host.join("whole.pages/2.html").is_file());
    let meta = std::fs::read_to_string(host.join("whole.toml")).unwrap();
    assert!(meta.contains(&server.url("/t/2")), "{meta}");
    let text = std::fs::read_to_string(host.join("whole.txt")).unwrap();
    assert!(
        text.contains("Part 1 opens") && text.contains("Part 2 opens"),
        "{text}"
    );
    assert_eq!(text.matches("The standfirst").count(), 1, "{text}");
}
