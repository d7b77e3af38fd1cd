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
#[ignore = "enable when extraction lands"]
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
        fixtures::run_rule_tests(&extractor, &root)
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
