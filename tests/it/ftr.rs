//! Tests: `thresh rules import-ftr` (a folder of Full-Text RSS configs in,
//! rule files and a report out) and `thresh rules test` (every `[[test]]`
//! on the fixtures, or with `--refetch` on pages served by the local test
//! server), run as the built binary.

use std::path::Path;

use super::cmd::thresh;
use crate::server::{Reply, Server};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Site configs written for these tests in the Full-Text RSS format.
const CONFIGS: &[(&str, &str)] = &[
    (
        "example-news.com.txt",
        "# a comment\ntitle: //h1[@class='headline']\nbody: //div[@id='story']\n\
         strip_id_or_class: share-bar\nstrip: //p[contains(., 'Sign up for our newsletter')]\n\
         date: //time/@datetime\nhttp_header(user-agent): Mozilla/5.0 (Test)\nprune: no\n\
         test_url: https://www.example-news.com/world/1\ntest_contains: permanent peace\n",
    ),
    (
        ".example-blogs.org.txt",
        "body: //article\nstrip: //div[count(p) > 3]\nrequires_login: yes\n",
    ),
    ("www.example-news.com.txt", "body: //main\n"),
    (
        "LICENSE.txt",
        "https://creativecommons.org/publicdomain/zero/1.0/\n",
    ),
    (
        "SOURCE_COMMIT",
        "0123456789abcdef0123456789abcdef01234567\n",
    ),
];

#[test]
fn import_ftr_converts_reports_and_writes_loadable_files() {
    let src = tempfile::tempdir().expect("tempdir");
    for (name, body) in CONFIGS {
        std::fs::write(src.path().join(name), body).expect("write config");
    }
    let out = tempfile::tempdir().expect("tempdir");
    // A hand-written file in the output folder survives the import; a
    // stale generated one does not.
    std::fs::write(
        out.path().join("mine.com.toml"),
        "[content]\nroot = ['main']\n",
    )
    .expect("write");
    std::fs::write(
        out.path().join("gone.com.toml"),
        format!("{}\n", threshing::rules::ftr::HEADER),
    )
    .expect("write");
    let run = thresh(&[
        "rules",
        "import-ftr",
        path(src.path()),
        "--out",
        path(out.path()),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let said = text(&run.stdout);
    assert!(said.contains("3 configs: 2 rule files written"), "{said}");
    assert!(said.contains("converted completely: 1 (33.3%)"), "{said}");

    let news = std::fs::read_to_string(out.path().join("example-news.com.toml")).expect("news");
    assert!(news.starts_with(threshing::rules::ftr::HEADER), "{news}");
    assert!(news.contains("file = 'example-news.com.txt'"), "{news}");
    assert!(
        news.contains("commit = '0123456789abcdef0123456789abcdef01234567'"),
        "{news}"
    );
    assert!(
        news.contains("license = 'CC0-1.0 (public domain)'"),
        "{news}"
    );
    assert!(news.contains(r#"'div[id="story"]',  # line 3"#), "{news}");
    assert!(
        news.contains(r#"'[class*="share-bar"], [id*="share-bar"]',  # line 4"#),
        "{news}"
    );
    assert!(
        news.contains(r"'Sign\s+up\s+for\s+our\s+newsletter',  # line 5"),
        "{news}"
    );
    assert!(news.contains("published = 'time@datetime'"), "{news}");
    assert!(news.contains("User-Agent = 'Mozilla/5.0 (Test)'"), "{news}");
    let blogs = std::fs::read_to_string(out.path().join("example-blogs.org.toml")).expect("blogs");
    assert!(
        blogs.contains("# line 2: strip: //div[count(p) > 3]\n#   not converted"),
        "{blogs}"
    );
    assert!(
        blogs.contains("# line 3: requires_login: yes\n#   not converted: we do not log in"),
        "{blogs}"
    );
    assert!(out.path().join("mine.com.toml").exists());
    assert!(!out.path().join("gone.com.toml").exists());
    assert!(!out.path().join("www.example-news.com.toml").exists());

    let report = std::fs::read_to_string(out.path().join("REPORT.md")).expect("report");
    assert!(report.contains("| configs | 3 | |"), "{report}");
    assert!(
        report.contains(
            "`www.example-news.com.txt`: example-news.com.txt also maps to example-news.com"
        ),
        "{report}"
    );
    let tsv = std::fs::read_to_string(out.path().join("report.tsv")).expect("tsv");
    assert!(
        tsv.contains(".example-blogs.org.txt\t3\trequires_login\tnot converted\t"),
        "{tsv}"
    );
    assert_eq!(tsv.lines().count(), 1 + 9 + 3 + 1, "{tsv}");

    let check = thresh(&["rules", "check", path(out.path())]);
    assert!(check.status.success(), "{}", text(&check.stderr));
}

#[test]
fn import_ftr_names_a_folder_without_configs() {
    let empty = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    let run = thresh(&[
        "rules",
        "import-ftr",
        path(empty.path()),
        "--out",
        path(out.path()),
    ]);
    assert!(!run.status.success());
    assert!(
        text(&run.stderr).contains("no Full-Text RSS site configs"),
        "{}",
        text(&run.stderr)
    );
}

const STORY: &str = "<html><head><title>Story</title></head><body><nav><a href='/'>Home</a></nav>\
<div id='story'><h1>Talks end</h1><p>The two sides agreed on a permanent peace after a long night \
of talks in the capital, officials said on Tuesday morning.</p><p>Both delegations will meet again \
next month to sign the agreement in public, a spokesman added.</p></div></body></html>";

/// A selectors folder and a fixtures folder for the offline runs.
fn offline_setup() -> (tempfile::TempDir, tempfile::TempDir) {
    let rules = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        rules.path().join("example-news.com.toml"),
        "[content]\nroot = ['#story']\n\
         [[test]]\nurl = 'https://example-news.com/a'\nfixture = 'example-news.com/a'\ncontains = ['permanent peace']\n\
         [[test]]\nurl = 'https://example-news.com/b'\nfixture = 'example-news.com/a'\ncontains = ['ceasefire collapsed']\n\
         [[test]]\nurl = 'https://example-news.com/c'\ncontains = ['anything']\n",
    )
    .expect("write rules");
    let fixtures = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(fixtures.path().join("example-news.com")).expect("mkdir");
    std::fs::write(fixtures.path().join("example-news.com/a.html"), STORY).expect("write");
    (rules, fixtures)
}

#[test]
fn rules_test_runs_offline_and_reports_missing_fixtures() {
    let (rules, fixtures) = offline_setup();
    let run = thresh(&[
        "rules",
        "test",
        "example-news.com",
        "--selectors",
        path(rules.path()),
        "--fixtures",
        path(fixtures.path()),
    ]);
    let out = text(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{out}{}", text(&run.stderr));
    assert!(
        out.contains("FAIL example-news.com.toml [[test]] https://example-news.com/b"),
        "{out}"
    );
    assert!(
        out.contains("output lacks \"ceasefire collapsed\""),
        "{out}"
    );
    assert!(
        out.contains("example-news.com: 1 pass, 1 fail, 1 no fixture"),
        "{out}"
    );
    // Another host's files are not run.
    let other = thresh(&[
        "rules",
        "test",
        "elsewhere.org",
        "--selectors",
        path(rules.path()),
        "--fixtures",
        path(fixtures.path()),
    ]);
    assert!(other.status.success(), "{}", text(&other.stdout));
    assert!(
        text(&other.stdout).contains("total: 0 pass, 0 fail (0 hosts)"),
        "{}",
        text(&other.stdout)
    );
}

#[test]
fn rules_test_refetch_downloads_each_test_url() {
    let server = Server::start(|r| match r.path() {
        "/robots.txt" => Reply::status(404),
        "/story" | "/changed" => Reply::html(STORY),
        _ => Reply::status(404),
    });
    let rules = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        rules.path().join("127.0.0.1.toml"),
        format!(
            "[content]\nroot = ['#story']\n\
             [[test]]\nurl = '{}'\ncontains = ['permanent peace']\n\
             [[test]]\nurl = '{}'\ncontains = ['ceasefire collapsed']\n\
             [[test]]\nurl = '{}'\n",
            server.url("/story"),
            server.url("/changed"),
            server.url("/missing")
        ),
    )
    .expect("write rules");
    let run = thresh(&[
        "rules",
        "test",
        "127.0.0.1",
        "--refetch",
        "--selectors",
        path(rules.path()),
    ]);
    let out = text(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{out}{}", text(&run.stderr));
    assert!(
        out.contains("127.0.0.1: 1 pass, 1 fail, 1 unreachable"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "UNREACHABLE 127.0.0.1.toml [[test]] {}",
            server.url("/missing")
        )),
        "{out}"
    );
    for p in ["/story", "/changed", "/missing"] {
        assert_eq!(server.hits(p), 1, "{p}");
    }
}
