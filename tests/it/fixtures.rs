//! Tests: the shipped fixtures produce their expected text, and every
//! `[[test]]` of the shipped rule files holds. Calls the library, not the
//! binary, and reports every failure at once.

use std::path::{Path, PathBuf};

use threshing::fixtures::{self, Status};
use threshing::{Extractor, RuleSet};

fn project() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shipped_extractor() -> Extractor {
    let selectors = project().join("selectors");
    let dirs: Vec<PathBuf> = if selectors.is_dir() {
        vec![selectors]
    } else {
        Vec::new()
    };
    Extractor::new(RuleSet::load(&dirs).expect("shipped rule files are valid"))
}

// Enable when extraction lands: until then the extractor returns an empty
// article, so no fixture can match its hand-written or regenerated text.
#[test]
fn shipped_fixtures_match_their_expected_text_and_rule_tests_hold() {
    let extractor = shipped_extractor();
    let root = project().join(fixtures::DEFAULT_ROOT);
    let mut problems = Vec::new();
    let results = fixtures::check(&root, &[], &extractor).expect("fixture folder is readable");
    assert!(
        !results.is_empty(),
        "no fixtures found under {}",
        root.display()
    );
    for r in &results {
        match &r.status {
            Status::Unchanged => {}
            Status::Changed { diff } => problems.push(format!("{} differs:\n{diff}", r.id)),
            Status::New { .. } => problems.push(format!(
                "{} has no .txt (run `thresh fixtures regen`)",
                r.id
            )),
            Status::Failed(e) => problems.push(format!("{}: {e}", r.id)),
        }
    }
    problems.extend(
        fixtures::run_rule_tests(&extractor, &root, &[])
            .iter()
            .map(ToString::to_string),
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// What can be checked before extraction works: every fixture has valid
/// metadata, and every shipped site rule file names an existing fixture.
#[test]
fn shipped_fixtures_have_valid_metadata_and_rule_files_name_them() {
    let root = project().join(fixtures::DEFAULT_ROOT);
    let found = fixtures::discover(&root, &[]).expect("fixture folder is readable");
    let mut problems: Vec<String> = found
        .iter()
        .filter_map(|f| f.load_meta().err().map(|e| e.to_string()))
        .collect();
    let selectors = project().join("selectors");
    for entry in std::fs::read_dir(&selectors).expect("selectors/ exists") {
        let path = entry.expect("readable").path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".toml") || name.starts_with('_') {
            continue;
        }
        let value: toml::Value = toml::from_str(&std::fs::read_to_string(&path).expect("readable"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let tests = value
            .get("test")
            .and_then(|t| t.as_array())
            .cloned()
            .unwrap_or_default();
        if tests.is_empty() {
            problems.push(format!("{name}: no [[test]]"));
        }
        for t in tests {
            let fixture = t.get("fixture").and_then(|f| f.as_str()).unwrap_or("");
            if !root.join(format!("{fixture}.html")).is_file() {
                problems.push(format!(
                    "{name}: [[test]] fixture {fixture:?} does not exist"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `thresh fixtures ...` run in `dir`.
fn thresh(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_thresh"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("thresh runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn add_fixture(root: &Path, host: &str, name: &str, meta: &str, txt: Option<&str>) {
    let dir = root.join(host);
    std::fs::create_dir_all(&dir).unwrap();
    let page = "<html><body><article><p>The envoy met the president on Friday.</p></article></body></html>";
    std::fs::write(dir.join(format!("{name}.html")), page).unwrap();
    std::fs::write(dir.join(format!("{name}.toml")), meta).unwrap();
    if let Some(txt) = txt {
        std::fs::write(dir.join(format!("{name}.txt")), txt).unwrap();
    }
}

#[test]
fn cli_check_fails_with_a_diff_regen_rewrites_then_check_passes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("fixtures");
    add_fixture(
        &root,
        "a.test",
        "story",
        "url = 'https://a.test/story'",
        Some("old line\n"),
    );
    let expected = root.join("a.test/story.txt");

    let out = thresh(tmp.path(), &["fixtures", "check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("changed: a.test/story"), "{stdout}");
    assert!(stdout.contains("-old line"), "{stdout}");
    assert!(stdout.contains("1 changed, 0 unchanged"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&expected).unwrap(), "old line\n");

    let out = thresh(tmp.path(), &["fixtures", "regen", "a.test"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1 changed, 0 unchanged"));
    assert_ne!(std::fs::read_to_string(&expected).unwrap(), "old line\n");

    let out = thresh(
        tmp.path(),
        &["fixtures", "check", "--root", root.to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("0 changed, 1 unchanged"));
}

#[test]
fn cli_reports_a_bad_fixture_by_path_and_still_writes_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("fixtures");
    add_fixture(&root, "a.test", "good", "url = 'https://a.test/good'", None);
    add_fixture(
        &root,
        "a.test",
        "bad",
        "url = 'https://a.test/bad'\nwhen = 'yesterday'",
        None,
    );
    let out = thresh(tmp.path(), &["fixtures", "regen"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("bad.toml") && stderr.contains("when"),
        "{stderr}"
    );
    assert!(text(&out.stdout).contains("a.test/good: new"));
    assert!(root.join("a.test/good.txt").exists());
    assert!(!root.join("a.test/bad.txt").exists());
}

#[test]
fn cli_without_a_fixture_folder_or_with_an_unknown_host_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = thresh(tmp.path(), &["fixtures", "check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no fixture folder"),
        "{}",
        text(&out.stderr)
    );
    add_fixture(
        &tmp.path().join("fixtures"),
        "a.test",
        "x",
        "url = 'https://a.test/x'",
        None,
    );
    let out = thresh(tmp.path(), &["fixtures", "regen", "b.test"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("b.test"),
        "{}",
        text(&out.stderr)
    );
}

/// A server with a fresh page at `/fresh`; everything else is 404.
fn page_server() -> crate::server::Server {
    use crate::server::{Reply, Server};
    Server::start(|r| match r.path() {
        "/fresh" => Reply::html(
            "<html><body><article><p>The fresh copy of the page.</p></article></body></html>",
        ),
        _ => Reply::status(404),
    })
}

#[test]
fn refetch_through_the_fetcher_replaces_pages_that_download_and_keeps_the_rest() {
    use threshing::fetch::{FetchConfig, Fetcher};
    use threshing::fixtures::{FetcherSource, Refetched};

    let server = page_server();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("fixtures");
    let fresh_url = server.url("/fresh");
    let gone_url = server.url("/gone");
    add_fixture(
        &root,
        "a.test",
        "fresh",
        &format!("url = '{fresh_url}'\nnotes = 'kept'"),
        None,
    );
    add_fixture(
        &root,
        "a.test",
        "gone",
        &format!("url = '{gone_url}'"),
        None,
    );
    let old_page = std::fs::read(root.join("a.test/gone.html")).unwrap();

    let fetcher = Fetcher::new(
        FetchConfig::default(),
        std::sync::Arc::new(RuleSet::empty()),
    )
    .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let source = FetcherSource {
        fetcher: &fetcher,
        runtime: &runtime,
    };
    let results = fixtures::refetch(&root, &[], &source).unwrap();

    let outcome = |id: &str| &results.iter().find(|r| r.id == id).unwrap().outcome;
    assert!(
        matches!(outcome("a.test/fresh"), Ok(Refetched::Replaced)),
        "{results:?}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("a.test/fresh.html")).unwrap(),
        "<html><body><article><p>The fresh copy of the page.</p></article></body></html>"
    );
    let meta = std::fs::read_to_string(root.join("a.test/fresh.toml")).unwrap();
    assert!(
        meta.contains("fetched_at") && meta.contains("notes = \"kept\""),
        "{meta}"
    );

    let err = outcome("a.test/gone").as_ref().unwrap_err().to_string();
    assert!(err.contains(&gone_url) && err.contains("404"), "{err}");
    assert_eq!(
        std::fs::read(root.join("a.test/gone.html")).unwrap(),
        old_page
    );
}

#[test]
fn cli_regen_refetch_reports_a_failed_download_and_regenerates_everything() {
    let server = page_server();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("fixtures");
    add_fixture(
        &root,
        "a.test",
        "fresh",
        &format!("url = '{}'", server.url("/fresh")),
        None,
    );
    add_fixture(
        &root,
        "a.test",
        "gone",
        &format!("url = '{}'", server.url("/gone")),
        None,
    );
    let out = thresh(tmp.path(), &["fixtures", "regen", "--refetch"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("a.test/fresh: refetched"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stderr).contains("a.test/gone"),
        "{}",
        text(&out.stderr)
    );
    assert!(std::fs::read_to_string(root.join("a.test/fresh.html"))
        .unwrap()
        .contains("fresh copy"));
    assert!(root.join("a.test/fresh.txt").exists() && root.join("a.test/gone.txt").exists());
}
