//! Tests: `thresh rules check` and `thresh rules explain`, run as the built
//! binary, the way a rule author uses them.

use super::cmd::{stderr, thresh};
use std::path::Path;
use std::process::{Command, Output};

/// `thresh` run in `dir`, as a user working in a project folder.
fn thresh_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thresh"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run thresh")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A temporary folder holding the given rule files.
fn rules_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write rule file");
    }
    dir
}

fn check(dir: &Path) -> Output {
    thresh(&["rules", "check", dir.to_str().expect("utf-8 path")])
}

const GOOD: &str = r#"hosts = ["example-news.com", "example-news.co.uk"]

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
"#;

#[test]
fn check_accepts_a_good_folder() {
    let dir = rules_dir(&[
        ("example-news.com.toml", GOOD),
        ("_global.toml", "[content]\ndrop = ['#cookie-notice']\n"),
        ("README.md", "not a rule file"),
    ]);
    let out = check(dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("2 rule files ok"), "{}", stdout(&out));
}

#[test]
fn check_accepts_the_shipped_rules() {
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let out = thresh_in(elsewhere.path(), &["rules", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("ok (built-in)"), "{}", stdout(&out));
}

/// Runs `rules check` on one file and returns its error lines.
fn check_errors(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = rules_dir(&[(name, text)]);
    let out = check(dir.path());
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected failure: {}",
        stdout(&out)
    );
    (dir, stderr(&out))
}

#[test]
fn unknown_key_is_named_with_file_and_line() {
    let (dir, err) = check_errors(
        "example.com.toml",
        "[content]\nroot = ['article']\ndorp = ['.x']\n",
    );
    let file = dir.path().join("example.com.toml");
    let expected = format!("{}:3: `content.dorp`: unknown key", file.display());
    assert!(err.contains(&expected), "{err}");
}

#[test]
fn bad_selector_is_an_error() {
    let (_dir, err) = check_errors(
        "example.com.toml",
        "[content]\n\ndrop = ['.ok', 'div[class=']\n",
    );
    assert!(
        err.contains(
            "example.com.toml:3: `content.drop[1]`: selector `div[class=` does not compile"
        ),
        "{err}"
    );
}

#[test]
fn bad_regex_is_an_error() {
    let (_dir, err) = check_errors(
        "example.com.toml",
        "[content]\ndrop_text = ['(?i)^join (our']\n",
    );
    assert!(
        err.contains(
            "example.com.toml:2: `content.drop_text[0]`: regex `(?i)^join (our` does not compile"
        ),
        "{err}"
    );
}

#[test]
fn bad_toml_is_an_error() {
    let (_dir, err) = check_errors("example.com.toml", "[content]\nroot = ['article'\n");
    assert!(err.contains("example.com.toml:2: not valid TOML"), "{err}");
}

#[test]
fn every_error_of_every_file_is_listed() {
    let dir = rules_dir(&[
        (
            "a.com.toml",
            "[content]\ndrop = ['[']\n[meta]\ntitle = 'h1@'\n",
        ),
        ("b.com.toml", "[fetch]\nheaders = { 'Bad Name' = 'x' }\n"),
        ("c.com.toml", "[content]\ndrop = ['.fine']\n"),
    ]);
    let out = check(dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("a.com.toml:2: `content.drop[0]`"), "{err}");
    assert!(err.contains("a.com.toml:4: `meta.title`"), "{err}");
    assert!(
        err.contains("b.com.toml:2: `fetch.headers.\"Bad Name\"`"),
        "{err}"
    );
    assert!(err.contains("3 errors"), "{err}");
    assert!(!err.contains("c.com.toml"), "{err}");
}

#[test]
fn bad_user_rules_stop_every_command_with_exit_2() {
    let dir = rules_dir(&[("example.com.toml", "nope = 1\n")]);
    let page = dir.path().join("page.html");
    std::fs::write(&page, "<html><body><p>Hello.</p></body></html>").expect("write page");
    let out = thresh(&[
        "rules",
        "explain",
        "--selectors",
        dir.path().to_str().expect("utf-8"),
        page.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("example.com.toml:1: `nope`: unknown key"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn explain_a_url_fetches_the_page() {
    let server = crate::server::Server::start(|req| match req.path() {
        "/news/harbour" => crate::server::Reply::html(NOISY_PAGE),
        _ => crate::server::Reply::status(404),
    });
    let out = thresh(&["rules", "explain", &server.url("/news/harbour")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("_global.toml drop `#onetrust-consent-sdk`"),
        "{text}"
    );
    assert!(text.contains("The harbour reopened on Tuesday"), "{text}");
}

#[test]
fn rules_new_scaffolds_a_rule_file_and_fixture_that_check_clean() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("page.html");
    std::fs::write(&page, NOISY_PAGE).expect("write page");
    let fixtures = dir.path().join("fixtures");
    let selectors = dir.path().join("selectors");
    let new = || {
        thresh(&[
            "rules",
            "new",
            "example.com",
            "--from",
            page.to_str().expect("utf-8"),
            "--url",
            "https://example.com/news/harbour",
            "--fixtures",
            fixtures.to_str().expect("utf-8"),
            "--rules-dir",
            selectors.to_str().expect("utf-8"),
        ])
    };
    let out = new();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(selectors.join("example.com.toml").is_file());
    assert!(
        fixtures
            .join("example.com")
            .read_dir()
            .expect("fixture folder")
            .count()
            >= 2
    );
    let check = thresh(&["rules", "check", selectors.to_str().expect("utf-8")]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    // A second run refuses to overwrite the author's files.
    let again = new();
    assert_ne!(again.status.code(), Some(0));
}

#[test]
fn explain_a_missing_file_names_it() {
    let out = thresh(&[
        "rules",
        "explain",
        "/no/such/page.html",
        "--url",
        "https://example.com/",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/no/such/page.html"),
        "{}",
        stderr(&out)
    );
}

/// A page with a consent banner, a share bar, a promo line and a
/// "Related stories" tail around a real article.
const NOISY_PAGE: &str = r##"<!doctype html><html><head><title>Story</title></head><body>
<div id="onetrust-consent-sdk"><p>We use cookies to improve your experience on our site.</p></div>
<main><article><h1>Harbour reopens after storm</h1>
<div class="sharethis-inline-share-buttons"><a href="#">Facebook</a><a href="#">Twitter</a></div>
<p>The harbour reopened on Tuesday after a week of repairs to the sea wall, the port authority said, and the first ferries left on time.</p>
<p>Fishermen said the repairs had cost them a week of catches, but the new wall should hold through the winter storms that batter the coast.</p>
<p>Sign up for our daily newsletter to get the news first.</p>
<p>The authority will publish a full report on the storm damage next month, including the cost of the work and who paid for it.</p>
<h2>Related stories</h2><ul><li><a href="/a">Another story entirely about something else</a></li></ul>
</article></main></body></html>"##;

/// `thresh rules explain` on [`NOISY_PAGE`] saved to a file.
fn explain_noisy_page() -> Output {
    let dir = rules_dir(&[]);
    let page = dir.path().join("story.html");
    std::fs::write(&page, NOISY_PAGE).expect("write page");
    thresh(&[
        "rules",
        "explain",
        page.to_str().expect("utf-8"),
        "--url",
        "https://www.example.com/news/harbour",
    ])
}

#[test]
fn explain_shows_rule_files_and_result() {
    let out = explain_noisy_page();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for part in ["rule files:", "root:", "text ("] {
        assert!(text.contains(part), "no {part:?} in:\n{text}");
    }
}

/// What a rule author needs from `explain`: which file removed what. Needs
/// the extractor to fill in its `Report`.
#[test]
fn explain_names_each_removal() {
    let out = explain_noisy_page();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("rule files: _global.toml"), "{text}");
    assert!(
        text.contains("_global.toml drop `#onetrust-consent-sdk`: 1 piece"),
        "{text}"
    );
    assert!(text.contains("We use cookies to improve"), "{text}");
    assert!(text.contains("drop_text"), "{text}");
    assert!(text.contains("Sign up for our daily newsletter"), "{text}");
    // "Related stories" ends the story: by the global stop_at, or before
    // it, by the generic pruning of sections such headings open.
    assert!(
        text.contains("stop_at") || text.contains("related, comments or share section"),
        "{text}"
    );
    assert!(text.contains("The harbour reopened on Tuesday"), "{text}");
}

/// A story with a photo credit in the site's own markup, which only a
/// site rule removes.
const PROMO_PAGE: &str = r##"<!doctype html><html><head><title>Harbour</title></head><body>
<main><article class="story"><h1>Harbour reopens after storm</h1>
<p>The harbour reopened on Tuesday after a week of repairs to the sea wall, the port authority said, and the first ferries left on time.</p>
<p class="harbour-note">Photographs by Anna Berg.</p>
<p>Fishermen said the repairs had cost them a week of catches, but the new wall should hold through the winter storms that batter the coast.</p>
<p>The authority will publish a full report on the storm damage next month, including the cost of the work and who paid for it.</p>
</article></main></body></html>"##;

/// The commands `rules new` printed as next steps, split into arguments.
fn printed_commands(out: &Output) -> Vec<Vec<String>> {
    stdout(out)
        .lines()
        .filter_map(|line| line.trim().strip_prefix("thresh "))
        .map(|cmd| cmd.split_whitespace().map(str::to_owned).collect())
        .collect()
}

fn run_printed(dir: &Path, commands: &[Vec<String>], which: &str) -> Output {
    let args = commands
        .iter()
        .find(|c| c.windows(2).any(|w| w.join(" ") == which))
        .unwrap_or_else(|| panic!("no `{which}` among {commands:?}"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    thresh_in(dir, &args)
}

/// The rule author's loop, as printed by `rules new`, in a project folder
/// of their own: the new file is used by the next commands straight away
/// (the project's `selectors/` is loaded), even though the page is on
/// another of the site's domains.
#[test]
fn rules_new_then_the_printed_loop_uses_the_new_file() {
    let project = tempfile::tempdir().expect("tempdir");
    let dir = project.path();
    std::fs::write(dir.join("page.html"), PROMO_PAGE).expect("write page");
    let url = "https://www.example-news.co.uk/news/harbour-reopens";
    let new = thresh_in(
        dir,
        &[
            "rules",
            "new",
            "example-news.com",
            "--from",
            "page.html",
            "--url",
            url,
        ],
    );
    assert_eq!(new.status.code(), Some(0), "{}", stderr(&new));
    let said = stdout(&new);
    assert!(
        said.contains("hosts: example-news.com and example-news.co.uk"),
        "{said}"
    );
    assert!(!said.contains("--selectors"), "{said}");
    let commands = printed_commands(&new);
    assert_eq!(commands.len(), 3, "{said}");

    // The new file passes `rules check`, alone and among all in force.
    let check = thresh_in(dir, &["rules", "check", "selectors"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let check = thresh_in(dir, &["rules", "check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stdout(&check).contains("ok (built-in, "),
        "{}",
        stdout(&check)
    );

    let explain = run_printed(dir, &commands, "rules explain");
    assert_eq!(explain.status.code(), Some(0), "{}", stderr(&explain));
    let text = stdout(&explain);
    assert!(
        text.contains("rule files: _global.toml, example-news.com.toml"),
        "{text}"
    );
    assert!(text.contains("Photographs by Anna Berg."), "{text}");

    let regen = run_printed(dir, &commands, "fixtures regen");
    assert_eq!(regen.status.code(), Some(0), "{}", stderr(&regen));
    assert!(stdout(&regen).contains("1 new"), "{}", stdout(&regen));

    // The author drops the credit: regen shows exactly that line going.
    let rule_file = dir.join("selectors/example-news.com.toml");
    let rules = std::fs::read_to_string(&rule_file).expect("rule file");
    assert!(rules.contains("drop = []"), "{rules}");
    std::fs::write(
        &rule_file,
        rules.replace("drop = []", "drop = [\".harbour-note\"]"),
    )
    .expect("edit rule file");
    let explain = run_printed(dir, &commands, "rules explain");
    let text = stdout(&explain);
    assert!(
        text.contains("example-news.com.toml drop `.harbour-note`: 1 piece"),
        "{text}"
    );
    let regen = run_printed(dir, &commands, "fixtures regen");
    assert_eq!(regen.status.code(), Some(0), "{}", stderr(&regen));
    let diff = stdout(&regen);
    assert!(diff.contains("\n-Photographs by Anna Berg.\n"), "{diff}");
    assert!(
        !diff
            .lines()
            .any(|l| l.starts_with('+') && !l.starts_with("+++")),
        "only the credit goes:\n{diff}"
    );
    assert!(diff.contains("1 changed, 0 unchanged"), "{diff}");

    let fixtures_check = run_printed(dir, &commands, "fixtures check");
    assert_eq!(
        fixtures_check.status.code(),
        Some(0),
        "{}{}",
        stdout(&fixtures_check),
        stderr(&fixtures_check)
    );
}

/// Rules written outside the project's `selectors/`: the printed commands
/// say where they are, and work as printed.
#[test]
fn rules_new_elsewhere_prints_the_flags_that_find_the_files() {
    let project = tempfile::tempdir().expect("tempdir");
    let dir = project.path();
    std::fs::write(dir.join("page.html"), PROMO_PAGE).expect("write page");
    let new = thresh_in(
        dir,
        &[
            "rules",
            "new",
            "example-news.com",
            "--from",
            "page.html",
            "--url",
            "https://example-news.com/news/harbour-reopens",
            "--rules-dir",
            "my-rules",
            "--fixtures",
            "pages",
        ],
    );
    assert_eq!(new.status.code(), Some(0), "{}", stderr(&new));
    let said = stdout(&new);
    assert!(
        !said.contains("hosts:"),
        "the page's host is covered: {said}"
    );
    assert!(
        said.contains("thresh rules explain pages/example-news.com/"),
        "{said}"
    );
    assert!(
        said.contains("thresh fixtures regen example-news.com --root pages --selectors my-rules"),
        "{said}"
    );
    let commands = printed_commands(&new);
    let explain = run_printed(dir, &commands, "rules explain");
    assert!(
        stdout(&explain).contains("rule files: _global.toml, example-news.com.toml"),
        "{}",
        stdout(&explain)
    );
    let regen = run_printed(dir, &commands, "fixtures regen");
    assert_eq!(regen.status.code(), Some(0), "{}", stderr(&regen));
    let check = run_printed(dir, &commands, "fixtures check");
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}
