//! `thresh fetch` and the `fetch` library against a real HTTP server on
//! 127.0.0.1 (see `server.rs`): redirects, status errors, retries, stalls,
//! compression, caps, content types, robots.txt, site `[fetch]` rules,
//! politeness, and the saved files.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use threshing::fetch::{FetchConfig, FetchError, Fetched, Fetcher, Validators};
use threshing::store::{self, Store, StoredMeta};
use threshing::RuleSet;
use url::Url;

use super::cmd::{stderr, thresh};
use crate::server::{Body, Reply, Request, Server};

const PAGE: &str = "<!doctype html><html lang=en><head><title>A story</title></head>\
<body><article><h1>A story</h1><p>Once upon a time there was a polite crawler. \
It asked robots.txt first, waited its turn, and never took more than it needed.</p>\
</article></body></html>";

/// Quick settings for tests: short timeouts, fast retries.
fn quick() -> FetchConfig {
    FetchConfig {
        connect_timeout: Duration::from_secs(5),
        timeout: Duration::from_secs(10),
        retries: 0,
        backoff: Duration::from_millis(10),
        max_retry_wait: Duration::from_secs(2),
        ..FetchConfig::default()
    }
}

fn fetcher(config: FetchConfig) -> Fetcher {
    Fetcher::new(config, Arc::new(RuleSet::empty())).unwrap()
}

fn url(s: &str) -> Url {
    Url::parse(s).unwrap()
}

async fn get(config: FetchConfig, server: &Server, path: &str) -> Result<Fetched, FetchError> {
    fetcher(config).fetch(&url(&server.url(path)), None).await
}

/// Answers robots.txt with 404 and `/page` with [`PAGE`]; anything else
/// goes to `f`.
fn site(f: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
    Server::start(move |r| match r.path() {
        "/robots.txt" => Reply::status(404),
        "/page" => Reply::html(PAGE),
        _ => f(r),
    })
}

#[tokio::test]
async fn redirect_chain_is_followed_and_final_url_recorded() {
    let server = site(|r| match r.path() {
        "/a" => Reply::redirect(301, "/b"),
        "/b" => Reply::redirect(302, "c"),
        "/c" => Reply::redirect(307, "/page#frag"),
        _ => Reply::status(404),
    });
    let f = get(quick(), &server, "/a").await.unwrap();
    assert_eq!(f.url.as_str(), server.url("/a"));
    assert_eq!(f.final_url.as_str(), server.url("/page"));
    let chain: Vec<String> = f.chain.iter().map(Url::to_string).collect();
    assert_eq!(
        chain,
        ["/a", "/b", "/c", "/page"].map(|p| server.url(p)).to_vec()
    );
    assert_eq!(f.status, 200);
    assert_eq!(f.body, PAGE.as_bytes());
}

#[tokio::test]
async fn redirect_loop_is_reported_with_its_chain() {
    let server = site(|r| match r.path() {
        "/a" => Reply::redirect(302, "/b"),
        "/b" => Reply::redirect(302, "/a"),
        _ => Reply::status(404),
    });
    let e = get(quick(), &server, "/a").await.unwrap_err();
    assert_eq!(e.kind(), "redirect-loop");
    match &e {
        FetchError::RedirectLoop { url, chain } => {
            assert_eq!(url, &server.url("/a"));
            assert_eq!(chain, &["/a", "/b", "/a"].map(|p| server.url(p)).to_vec());
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains(" -> "), "{e}");
    // Detected without going round again.
    assert_eq!(server.hits("/a"), 1);
}

#[tokio::test]
async fn too_many_redirects_stop_at_the_limit() {
    let server = site(|r| {
        let n: u32 = r.path().trim_start_matches("/r/").parse().unwrap_or(0);
        Reply::redirect(302, &format!("/r/{}", n + 1))
    });
    let config = FetchConfig {
        max_redirects: 3,
        ..quick()
    };
    let e = get(config, &server, "/r/0").await.unwrap_err();
    assert_eq!(e.kind(), "too-many-redirects");
    assert!(matches!(e, FetchError::TooManyRedirects { limit: 3, .. }));
    // The first request plus three redirects followed.
    let pages = server
        .requests()
        .iter()
        .filter(|r| r.path().starts_with("/r/"))
        .count();
    assert_eq!(pages, 4);
}

#[tokio::test]
async fn error_statuses_carry_the_status_and_url() {
    let server = site(|r| match r.path() {
        "/gone" => Reply::status(410),
        "/boom" => Reply::status(500),
        _ => Reply::status(404),
    });
    for (path, code) in [("/missing", 404), ("/gone", 410), ("/boom", 500)] {
        let e = get(quick(), &server, path).await.unwrap_err();
        assert_eq!(e.kind(), "status", "{e}");
        assert!(
            matches!(e, FetchError::Status { status, .. } if status == code),
            "{e}"
        );
        assert_eq!(e.url(), Some(server.url(path).as_str()));
        assert!(e.to_string().contains(&code.to_string()));
    }
    // 404 and 410 are final: no retries even when retries are allowed.
    let config = FetchConfig {
        retries: 2,
        ..quick()
    };
    get(config.clone(), &server, "/gone").await.unwrap_err();
    assert_eq!(server.hits("/gone"), 2);
    // 500 is retried: one attempt plus two retries.
    get(config, &server, "/boom").await.unwrap_err();
    assert_eq!(server.hits("/boom"), 1 + 3);
}

#[tokio::test]
async fn retry_after_is_honoured_then_success() {
    let server = site(|r| match (r.path(), r.hit) {
        ("/busy", 1) => Reply::status(503).header("Retry-After", "1"),
        ("/busy", 2) => Reply::status(429).header("Retry-After", "Thu, 01 Jan 1970 00:00:00 GMT"),
        ("/busy", _) => Reply::html(PAGE),
        // A Retry-After far longer than we accept is cut to the cap.
        ("/slow", 1) => Reply::status(503).header("Retry-After", "86400"),
        ("/slow", _) => Reply::html(PAGE),
        _ => Reply::status(404),
    });
    let config = FetchConfig {
        retries: 3,
        max_retry_wait: Duration::from_millis(200),
        ..quick()
    };
    let f = get(
        FetchConfig {
            max_retry_wait: Duration::from_secs(5),
            ..config.clone()
        },
        &server,
        "/busy",
    )
    .await
    .unwrap();
    assert_eq!(f.status, 200);
    assert_eq!(f.attempts, 3);
    assert_eq!(server.hits("/busy"), 3);
    let busy: Vec<Request> = server
        .requests()
        .into_iter()
        .filter(|r| r.path() == "/busy")
        .collect();
    // The server asked for a second; we waited at least that long.
    assert!(busy[1].at - busy[0].at >= Duration::from_secs(1));

    let f = get(config, &server, "/slow").await.unwrap();
    assert_eq!(f.attempts, 2);
}

#[tokio::test]
async fn a_stalled_body_times_out() {
    let server =
        site(|_| Reply::html("").body(Body::Stall(b"<html><body><p>The beginning".to_vec())));
    let config = FetchConfig {
        timeout: Duration::from_millis(500),
        ..quick()
    };
    let e = get(config, &server, "/stall").await.unwrap_err();
    assert_eq!(e.kind(), "timeout", "{e}");
    assert!(e.to_string().contains(&server.url("/stall")));
}

#[tokio::test]
async fn compressed_bodies_are_decompressed() {
    let server = site(|r| match r.path() {
        "/gz" => Reply::html(PAGE).gzip(),
        "/br" => Reply::html(PAGE).brotli(),
        "/zstd" => Reply::html(PAGE).zstd(),
        "/deflate" => Reply::html(PAGE).deflate(),
        _ => Reply::status(404),
    });
    for path in ["/gz", "/br", "/zstd", "/deflate"] {
        let f = get(quick(), &server, path).await.unwrap();
        assert_eq!(f.body, PAGE.as_bytes(), "{path}");
    }
    let accept = server.requests()[1]
        .header("accept-encoding")
        .unwrap_or_default()
        .to_string();
    for enc in ["gzip", "br", "zstd", "deflate"] {
        assert!(accept.contains(enc), "{accept}");
    }
}

#[tokio::test]
async fn the_header_charset_is_passed_on_untouched() {
    // UTF-8 bytes labelled Latin-1: what the server said must reach the
    // decoder, which decides (the header wins over the page's meta).
    let body = "<html><body><p>Grüße aus Köln</p></body></html>";
    let server = site(move |_| Reply::new(200, "text/html; charset=ISO-8859-1", body));
    let f = get(quick(), &server, "/latin").await.unwrap();
    assert_eq!(
        f.content_type.as_deref(),
        Some("text/html; charset=ISO-8859-1")
    );
    assert_eq!(f.body, body.as_bytes());
}

#[tokio::test]
async fn an_endless_body_is_cut_off_at_the_cap() {
    let server = site(|r| match r.path() {
        "/endless" => Reply::html("").body(Body::Endless(vec![b'x'; 16 * 1024])),
        "/big" => Reply::html(vec![b'y'; 300_000]),
        // Small on the wire, large once inflated.
        "/bomb" => Reply::html(vec![b'z'; 5_000_000]).gzip(),
        _ => Reply::status(404),
    });
    let config = FetchConfig {
        max_bytes: 100_000,
        ..quick()
    };
    for path in ["/endless", "/big", "/bomb"] {
        let e = get(config.clone(), &server, path).await.unwrap_err();
        assert!(
            matches!(e, FetchError::TooLarge { limit: 100_000, .. }),
            "{path}: {e}"
        );
        assert!(e.to_string().contains("too large"));
    }
}

#[tokio::test]
async fn a_pdf_is_not_html() {
    let server = site(|r| match r.path() {
        "/doc.pdf" => Reply::new(200, "application/pdf", b"%PDF-1.7\n...".to_vec()),
        "/untyped" => Reply::html("").body(Body::Full(b"%PDF-1.7 binary".to_vec())),
        _ => Reply::status(404),
    });
    let e = get(quick(), &server, "/doc.pdf").await.unwrap_err();
    assert_eq!(e.kind(), "not-html");
    assert!(e.to_string().contains("application/pdf"), "{e}");

    // No content type: the body decides; HTML without a type is accepted.
    let untyped = Server::start(|r| match r.path() {
        "/robots.txt" => Reply::status(404),
        "/html" => Reply::html(PAGE).without_header("Content-Type"),
        _ => Reply::new(200, "", b"%PDF-1.7 binary".to_vec()).without_header("Content-Type"),
    });
    let e = get(quick(), &untyped, "/pdf").await.unwrap_err();
    assert!(
        matches!(
            e,
            FetchError::NotHtml {
                content_type: None,
                ..
            }
        ),
        "{e}"
    );
    let f = get(quick(), &untyped, "/html").await.unwrap();
    assert_eq!(f.content_type, None);
}

#[tokio::test]
async fn robots_txt_disallow_is_obeyed_and_cached() {
    let server = Server::start(|r| match r.path() {
        "/robots.txt" => Reply::new(
            200,
            "text/plain",
            "User-agent: *\nDisallow: /\n\nUser-agent: threshing\nDisallow: /private\n",
        ),
        _ => Reply::html(PAGE),
    });
    let f = fetcher(quick());
    let e = f
        .fetch(&url(&server.url("/private/1")), None)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "robots");
    assert!(e.to_string().contains("robots.txt"));
    assert_eq!(server.hits("/private/1"), 0);
    f.fetch(&url(&server.url("/public")), None).await.unwrap();
    assert_eq!(server.hits("/robots.txt"), 1, "robots.txt is fetched once");

    // The flag to ignore it.
    let free = fetcher(FetchConfig {
        robots: false,
        ..quick()
    });
    free.fetch(&url(&server.url("/private/1")), None)
        .await
        .unwrap();
    assert_eq!(server.hits("/private/1"), 1);
    assert_eq!(server.hits("/robots.txt"), 1);
}

#[tokio::test]
async fn robots_txt_is_checked_on_every_redirect_hop() {
    let server = Server::start(|r| match r.path() {
        "/robots.txt" => Reply::new(200, "text/plain", "User-agent: *\nDisallow: /secret\n"),
        "/open" => Reply::redirect(302, "/secret/page"),
        _ => Reply::html(PAGE),
    });
    let e = get(quick(), &server, "/open").await.unwrap_err();
    assert_eq!(e.kind(), "robots");
    assert_eq!(e.url(), Some(server.url("/secret/page").as_str()));
    assert_eq!(server.hits("/secret/page"), 0);
}

#[tokio::test]
async fn unavailable_robots_txt_allows_all() {
    let server = Server::start(|r| match r.path() {
        "/robots.txt" => Reply::status(500),
        _ => Reply::html(PAGE),
    });
    get(quick(), &server, "/page").await.unwrap();
}

#[tokio::test]
async fn other_schemes_are_refused_before_any_request() {
    let f = fetcher(quick());
    for u in [
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        "data:text/html,<p>x",
    ] {
        let e = f.fetch(&url(u), None).await.unwrap_err();
        assert_eq!(e.kind(), "scheme", "{u}");
        assert!(e.to_string().contains(u.split(':').next().unwrap()), "{e}");
    }
    // A redirect to one is refused too.
    let server = site(|_| Reply::redirect(302, "file:///etc/passwd"));
    let e = get(quick(), &server, "/x").await.unwrap_err();
    assert_eq!(e.kind(), "scheme");
}

#[tokio::test]
async fn conditional_requests_get_not_modified() {
    let server = site(|r| match r.header("if-none-match") {
        Some("\"v1\"") => Reply::status(304),
        _ => Reply::html(PAGE)
            .header("ETag", "\"v1\"")
            .header("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT"),
    });
    let f = fetcher(quick());
    let first = f.fetch(&url(&server.url("/v")), None).await.unwrap();
    assert_eq!(first.etag.as_deref(), Some("\"v1\""));
    assert!(!first.not_modified);
    let v: Validators = first.validators();
    let again = f.fetch(&url(&server.url("/v")), Some(&v)).await.unwrap();
    assert!(again.not_modified);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let sent = &server.requests()[2];
    assert_eq!(
        sent.header("if-modified-since"),
        Some("Sun, 06 Nov 1994 08:49:37 GMT")
    );
}

#[tokio::test]
async fn one_request_at_a_time_per_host() {
    let server = site(|_| Reply::html(PAGE).delay(Duration::from_millis(50)));
    let f = Arc::new(fetcher(quick()));
    let tasks: Vec<_> = (0..6)
        .map(|i| {
            let f = f.clone();
            let u = url(&server.url(&format!("/p{i}")));
            tokio::spawn(async move { f.fetch(&u, None).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(server.requests().len(), 7);
    assert_eq!(server.max_in_flight(), 1);
}

#[tokio::test]
async fn user_agent_is_truthful_and_overridable() {
    let server = site(|_| Reply::html(PAGE));
    get(quick(), &server, "/page").await.unwrap();
    let ua = server.requests()[0]
        .header("user-agent")
        .unwrap()
        .to_string();
    // One project URL, the repository's, wherever the agent is named.
    let want = format!(
        "threshing/{} (+https://github.com/threshing/threshing)",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(ua, want);
    let help = thresh(&["fetch", "--help"]);
    // Joined again where the help text wraps it.
    let help = String::from_utf8_lossy(&help.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(help.contains(&want), "{help}");
    assert!(!help.contains("<project url>"), "{help}");
    let config = FetchConfig {
        user_agent: "my-bot/1.0".into(),
        ..quick()
    };
    get(config, &server, "/page").await.unwrap();
    let last = server.requests().pop().unwrap();
    assert_eq!(last.header("user-agent"), Some("my-bot/1.0"));
}

#[tokio::test]
async fn cookies_set_by_the_site_are_kept_within_a_run() {
    let server = site(|r| match r.path() {
        "/login" => Reply::html(PAGE).header("Set-Cookie", "session=abc; Path=/"),
        _ => Reply::html(PAGE),
    });
    let f = fetcher(quick());
    f.fetch(&url(&server.url("/login")), None).await.unwrap();
    f.fetch(&url(&server.url("/next")), None).await.unwrap();
    let next = server.requests().pop().unwrap();
    assert_eq!(next.header("cookie"), Some("session=abc"));
}

#[tokio::test]
async fn host_names_can_be_resolved_to_the_test_server() {
    let server = site(|_| Reply::html(PAGE));
    let config = FetchConfig {
        resolve: vec![("news.example".into(), server.addr())],
        ..quick()
    };
    let f = fetcher(config)
        .fetch(&url(&server.url_as("news.example", "/page")), None)
        .await
        .unwrap();
    assert_eq!(f.final_url.host_str(), Some("news.example"));
    let host = server.requests()[1].header("host").unwrap().to_string();
    assert!(host.starts_with("news.example"), "{host}");
}

/// A rule folder with one site file for 127.0.0.1.
fn rules_dir(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("127.0.0.1.toml"), body).unwrap();
    dir
}

#[tokio::test]
async fn site_fetch_rules_shape_the_request() {
    let server = site(|r| match r.path() {
        "/story" if r.target.ends_with("?print=1") => Reply::html(PAGE),
        _ => Reply::status(404),
    });
    let dir = rules_dir(
        r#"
[fetch]
headers = { "Accept-Language" = "en-GB", "X-Test" = "yes" }
cookies = { "consent" = "yes" }
rewrite = { from = '^(http://127\.0\.0\.1:\d+/story)$', to = '${1}?print=1' }
"#,
    );
    let rules = RuleSet::load(&[dir.path().to_path_buf()]).unwrap();
    let f = Fetcher::new(quick(), Arc::new(rules)).unwrap();
    let fetched = f.fetch(&url(&server.url("/story")), None).await.unwrap();
    assert_eq!(fetched.url.as_str(), server.url("/story"));
    assert_eq!(fetched.final_url.as_str(), server.url("/story?print=1"));
    let sent = server.requests().pop().unwrap();
    assert_eq!(sent.target, "/story?print=1");
    assert_eq!(sent.header("accept-language"), Some("en-GB"));
    assert_eq!(sent.header("x-test"), Some("yes"));
    assert_eq!(sent.header("cookie"), Some("consent=yes"));
}

#[test]
fn cli_prints_one_article_and_saves_with_out_dir() {
    let server = site(|r| match r.path() {
        "/old" => Reply::redirect(301, "/story"),
        _ => Reply::html(PAGE).header("ETag", "\"e1\""),
    });
    // One URL, stdout.
    let out = thresh(&["fetch", &server.url("/page")]);
    assert!(out.status.success(), "{}", stderr(&out));

    // Saved into the store layout.
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().to_str().unwrap();
    let out = thresh(&["fetch", "--out-dir", out_dir, &server.url("/old")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let requested = url(&server.url("/old"));
    let host = dir.path().join(store::host_dir(&requested));
    assert!(host.join("old.txt").is_file());
    let meta: StoredMeta =
        serde_json::from_slice(&std::fs::read(host.join("old.json")).unwrap()).unwrap();
    assert_eq!(meta.url, server.url("/old"));
    assert_eq!(meta.final_url, server.url("/story"));
    assert_eq!(meta.status, 200);
    assert_eq!(meta.etag.as_deref(), Some("\"e1\""));
    assert!(meta.fetched_at.ends_with('Z') && meta.fetched_at.len() == 20);
    assert!(meta.content_hash.starts_with("fnv1a64:"));
    assert_eq!(meta.format, "txt");
    assert_eq!(
        Store::new(dir.path()).load_meta(&requested).unwrap(),
        Some(meta)
    );
    // Nothing half-written is left.
    let names = list(&host);
    assert_eq!(names, ["old.json", "old.txt"], "{names:?}");

    // Markdown.
    let out = thresh(&[
        "fetch",
        "--format",
        "md",
        "--out-dir",
        out_dir,
        &server.url("/page"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(host.join("page.md").is_file());

    // JSON: the text goes into the metadata file, no separate article file.
    let out = thresh(&[
        "fetch",
        "--format",
        "json",
        "--out-dir",
        out_dir,
        &server.url("/j"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let meta: StoredMeta =
        serde_json::from_slice(&std::fs::read(host.join("j.json")).unwrap()).unwrap();
    assert_eq!(meta.format, "json");
    assert!(meta.text.is_some());
    assert!(!list(&host)
        .iter()
        .any(|n| n.starts_with("j.") && n != "j.json"));
}

#[test]
fn cli_json_takes_the_language_from_content_language_when_the_page_has_none() {
    // PAGE without its `lang`: English text, so detection alone would say `en`.
    let unmarked = PAGE.replace(" lang=en", "");
    let server = site(move |r| match r.path() {
        "/de" => Reply::html(unmarked.as_str()).header("Content-Language", "de-DE, en"),
        _ => Reply::html(PAGE).header("Content-Language", "de"),
    });
    let language = |path: &str| {
        let out = thresh(&["fetch", "--format", "json", &server.url(path)]);
        assert!(out.status.success(), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["language"].clone()
    };
    assert_eq!(language("/de"), "de-DE");
    // The page's own `lang` wins over the header.
    assert_eq!(language("/declared"), "en");
}

fn list(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn cli_reports_each_failure_and_finishes_the_others() {
    let server = site(|r| match r.path() {
        "/doc.pdf" => Reply::new(200, "application/pdf", b"%PDF".to_vec()),
        "/latin" => Reply::new(200, "text/html; charset=iso-8859-1", PAGE),
        _ => Reply::status(404),
    });
    let (ok, missing, pdf, latin) = (
        server.url("/page"),
        server.url("/missing"),
        server.url("/doc.pdf"),
        server.url("/latin"),
    );
    let out = thresh(&["fetch", &ok, &missing, &pdf, &latin]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("thresh: {missing}: http status 404")),
        "{err}"
    );
    assert!(err.contains(&format!("thresh: {pdf}: not html")), "{err}");
    assert!(err.contains("application/pdf"), "{err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&format!("==> {ok} <==")), "{stdout}");
    assert!(stdout.contains(&format!("==> {latin} <==")), "{stdout}");
    assert!(!stdout.contains(&missing));
    assert_eq!(server.hits("/page"), 1);
    assert_eq!(server.hits("/latin"), 1);
}

#[test]
fn cli_validates_every_url_before_any_request() {
    let server = site(|_| Reply::html(PAGE));
    for bad in ["file:///etc/passwd", "not a url"] {
        let out = thresh(&["fetch", &server.url("/page"), bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).contains(bad), "{}", stderr(&out));
    }
    assert!(server.requests().is_empty());
}

#[test]
fn cli_flags_reach_the_fetcher() {
    let server = Server::start(|r| match r.path() {
        "/robots.txt" => Reply::new(200, "text/plain", "User-agent: *\nDisallow: /\n"),
        "/big" => Reply::html(vec![b'x'; 5000]),
        _ => Reply::html(PAGE),
    });
    let page = server.url("/page");
    let out = thresh(&["fetch", &page]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("robots.txt"), "{}", stderr(&out));
    let out = thresh(&["fetch", "--ignore-robots", "--user-agent", "probe/2", &page]);
    assert!(out.status.success(), "{}", stderr(&out));
    let last = server.requests().pop().unwrap();
    assert_eq!(last.header("user-agent"), Some("probe/2"));
    let out = thresh(&[
        "fetch",
        "--ignore-robots",
        "--max-bytes",
        "1000",
        &server.url("/big"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("too large"), "{}", stderr(&out));
    let out = thresh(&["fetch", "--timeout", "0", &page]);
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test]
async fn robots_crawl_delay_spaces_requests_to_the_host() {
    let server = Server::start(|r| match r.path() {
        "/robots.txt" => Reply::new(200, "text/plain", "User-agent: *\nCrawl-delay: 1\n"),
        _ => Reply::html(PAGE),
    });
    let f = fetcher(quick());
    for p in ["/one", "/two"] {
        f.fetch(&url(&server.url(p)), None).await.unwrap();
    }
    let r = server.requests();
    assert_eq!(r.len(), 3);
    // Each request starts at least the delay after the previous one ended.
    assert!(r[2].at - r[1].at >= Duration::from_secs(1));
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let config = FetchConfig {
        robots: false,
        retries: 1,
        ..quick()
    };
    let u = url(&format!("http://127.0.0.1:{port}/x"));
    let e = fetcher(config).fetch(&u, None).await.unwrap_err();
    assert_eq!(e.kind(), "connect", "{e}");
    assert!(e.to_string().starts_with(u.as_str()), "{e}");
}

#[tokio::test]
async fn a_server_that_does_not_speak_tls_is_a_tls_error() {
    // Answers plain HTTP to whatever arrives, so a TLS handshake fails.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        while let Ok((mut s, _)) = listener.accept().await {
            let _ = s
                .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                .await;
        }
    });
    let config = FetchConfig {
        robots: false,
        ..quick()
    };
    let u = url(&format!("https://127.0.0.1:{port}/x"));
    let e = fetcher(config).fetch(&u, None).await.unwrap_err();
    assert_eq!(e.kind(), "tls", "{e}");
}

#[tokio::test]
async fn a_reset_connection_is_retried() {
    let server = site(|r| match (r.path(), r.hit) {
        ("/flaky", 1) => Reply::reset(),
        ("/flaky", _) => Reply::html(PAGE),
        ("/down", _) => Reply::reset(),
        _ => Reply::status(404),
    });
    let config = FetchConfig {
        retries: 2,
        ..quick()
    };
    let f = get(config.clone(), &server, "/flaky").await.unwrap();
    assert_eq!((f.status, f.attempts), (200, 2));
    assert_eq!(server.hits("/flaky"), 2);
    // A server that always resets: every retry is used, then a connect error.
    let e = get(config, &server, "/down").await.unwrap_err();
    assert_eq!(e.kind(), "connect", "{e}");
    assert_eq!(server.hits("/down"), 3);
}

#[test]
fn credentials_in_a_url_are_sent_but_never_saved_or_printed() {
    let server = site(|r| match (r.path(), r.header("authorization")) {
        ("/old", Some(_)) => Reply::redirect(301, "/story"),
        ("/story", Some(_)) => Reply::html(PAGE),
        _ => Reply::status(401),
    });
    let port = server.addr().port();
    let dir = tempfile::tempdir().unwrap();
    let secret = |path: &str| format!("http://reader:s3cr3t-pw@127.0.0.1:{port}{path}");
    let out = thresh(&[
        "fetch",
        "-v",
        "--out-dir",
        dir.path().to_str().unwrap(),
        &secret("/old"),
        &secret("/missing"),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains("s3cr3t"), "{err}");
    assert!(
        err.contains(&format!(
            "thresh: {}: http status 401",
            server.url("/missing")
        )),
        "{err}"
    );
    let sent = server
        .requests()
        .into_iter()
        .find(|r| r.path() == "/story")
        .unwrap();
    assert!(sent.header("authorization").is_some());
    let host = dir.path().join(store::host_dir(&url(&server.url("/old"))));
    let json = std::fs::read_to_string(host.join("old.json")).unwrap();
    assert!(
        !json.contains("s3cr3t") && !json.contains("reader"),
        "{json}"
    );
    let meta: StoredMeta = serde_json::from_str(&json).unwrap();
    assert_eq!(meta.url, server.url("/old"));
    assert_eq!(meta.final_url, server.url("/story"));
    // Printed articles name the URL without them too.
    let out = thresh(&["fetch", &secret("/story"), &secret("/story?again")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("==> {} <==", server.url("/story"))),
        "{stdout}"
    );
    assert!(!stdout.contains("s3cr3t"), "{stdout}");
}

#[test]
fn fetch_out_dir_never_saves_an_empty_or_shrunk_article() {
    let long = format!(
        "<!doctype html><html><body><article><h1>Long</h1><p>{}</p></article></body></html>",
        "A long and careful account of what happened at the harbour. ".repeat(40)
    );
    let server = site(move |r| match (r.path(), r.hit) {
        ("/story", 1) => Reply::html(long.clone()),
        ("/story", 2) => Reply::html("<html><body><p>Access denied</p></body></html>"),
        ("/story", _) => Reply::html(PAGE),
        _ => Reply::html("<html><body><div id=app></div></body></html>"),
    });
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().to_str().unwrap();
    let story = server.url("/story");
    let fetch = |extra: &[&str]| {
        let mut args = vec!["fetch", "--out-dir", out_dir, &story];
        args.extend_from_slice(extra);
        thresh(&args)
    };
    assert!(fetch(&[]).status.success());
    let host = dir.path().join(store::host_dir(&url(&story)));
    let good = std::fs::read(host.join("story.txt")).unwrap();
    let good_meta = std::fs::read(host.join("story.json")).unwrap();

    let out = fetch(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("thresh: {story}: empty: too few words")),
        "{}",
        stderr(&out)
    );
    let out = fetch(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("thresh: {story}: shrunk: ")),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(host.join("story.txt")).unwrap(), good);
    assert_eq!(std::fs::read(host.join("story.json")).unwrap(), good_meta);
    assert!(fetch(&["--accept-shrinkage"]).status.success());
    assert_ne!(std::fs::read(host.join("story.txt")).unwrap(), good);

    // A page that never had an article leaves no files.
    let out = thresh(&["fetch", "--out-dir", out_dir, &server.url("/shell")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!host.join("shell.json").exists() && !host.join("shell.txt").exists());
}
