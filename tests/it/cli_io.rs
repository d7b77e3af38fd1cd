//! Tests: what every command does with its standard streams and flags, run
//! through the real binary with real pipes. Output that cannot be written
//! is an error, never silently lost; a reader that went away (`| head`)
//! ends the command quietly, never with a panic; a flag a command does not
//! use is refused; several JSON results are JSON Lines; log lines carry no
//! colour codes into files; an empty result says why.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use tempfile::TempDir;

use super::cmd::stderr;
use crate::server::{Reply, Server};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_thresh"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The shipped fixtures, as a test's input.
fn project() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn s(p: &Path) -> &str {
    p.to_str().expect("paths are UTF-8")
}

/// An article page with a recognisable first sentence.
fn article(sentence: &str) -> String {
    format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Story</title></head><body>\
         <nav><a href=/>Home</a></nav><article><h1>Story</h1>\
         <p>{sentence} The council met on Tuesday evening to discuss the plan in detail.</p>\
         <p>Residents asked many questions about the schedule, the cost and the noise, and the \
         engineers answered each of them patiently before the vote was taken.</p>\
         </article></body></html>"
    )
}

/// A folder with pages `a.html` and `b.html`.
fn two_pages() -> (TempDir, PathBuf, PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let a = dir.path().join("a.html");
    let b = dir.path().join("b.html");
    std::fs::write(&a, article("Page A tells its story.")).expect("write");
    std::fs::write(&b, article("Page B tells its story.")).expect("write");
    (dir, a, b)
}

/// A page big enough that printing it overflows any pipe buffer, so a
/// writer always meets the closed pipe however early or late it closed.
fn big_page(dir: &Path) -> PathBuf {
    let body: String = (0..20_000)
        .map(|i| format!("<p>Paragraph {i} of the long page says something sensible.</p>\n"))
        .collect();
    let path = dir.join("big.html");
    std::fs::write(
        &path,
        format!("<html><body><article>{body}</article></body></html>"),
    )
    .expect("write");
    path
}

/// A server answering robots.txt with 404 and any other path with an article.
fn site() -> Server {
    Server::start(|r| match r.path() {
        "/robots.txt" => Reply::status(404),
        p => Reply::html(article(&format!("The page at {p} tells its story."))),
    })
}

// ---------------------------------------------------------------------------
// Output that cannot be written

/// Runs `cmd` with stdout on `/dev/full` (every write fails with ENOSPC).
fn to_full_disk(mut cmd: Command) -> Option<Output> {
    let full = File::options().write(true).open("/dev/full").ok()?;
    Some(
        cmd.stdout(full)
            .stderr(Stdio::piped())
            .output()
            .expect("thresh runs"),
    )
}

fn assert_write_error(out: &Output) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "stderr:\n{err}");
    assert!(
        err.contains("cannot write to standard output"),
        "the failure is not named:\n{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn extract_to_a_full_disk_fails_with_exit_1() {
    let (_dir, a, b) = two_pages();
    let mut one = bin();
    one.args(["extract", s(&a)]);
    let Some(out) = to_full_disk(one) else {
        return; // no /dev/full on this system
    };
    assert_write_error(&out);
    let mut several = bin();
    several.args(["extract", "--format", "json", s(&a), s(&b)]);
    assert_write_error(&to_full_disk(several).expect("/dev/full"));
}

#[test]
fn fetch_to_a_full_disk_fails_with_exit_1() {
    let server = site();
    let mut cmd = bin();
    cmd.args(["fetch", &server.url("/story")]);
    let Some(out) = to_full_disk(cmd) else {
        return;
    };
    assert_write_error(&out);
}

#[test]
fn rules_check_to_a_full_disk_fails_with_exit_1() {
    let mut cmd = bin();
    cmd.args(["rules", "check"]);
    let Some(out) = to_full_disk(cmd) else {
        return;
    };
    assert_write_error(&out);
}

// ---------------------------------------------------------------------------
// A reader that went away

/// The write end of a pipe whose reader has already exited, so any write
/// to it fails with a broken pipe from the first byte: no race with the
/// child's start-up.
fn closed_pipe() -> Stdio {
    let mut reader: Child = Command::new("true")
        .stdin(Stdio::piped())
        .spawn()
        .expect("`true` runs");
    let write_end = reader.stdin.take().expect("piped stdin");
    reader.wait().expect("`true` exits");
    Stdio::from(write_end)
}

fn assert_quiet_success(args: &[&str], out: &Output) {
    let err = stderr(out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "thresh {args:?} into a closed pipe: stderr:\n{err}"
    );
    assert!(
        err.is_empty(),
        "thresh {args:?} into a closed pipe said something:\n{err}"
    );
}

fn into_closed_pipe(args: &[&str]) {
    let out = bin()
        .args(args)
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .output()
        .expect("thresh runs");
    assert_quiet_success(args, &out);
}

#[test]
fn every_printing_command_ends_quietly_on_a_closed_pipe() {
    let (_dir, a, b) = two_pages();
    let fixtures = project().join("fixtures");
    let fixture = fixtures.join("caliber.az/us-envoy-putin-open-to-lasting-peace.html");
    let server = site();
    let commands: Vec<Vec<&str>> = vec![
        vec!["rules", "check"],
        vec!["rules", "explain", s(&fixture)],
        vec!["fixtures", "check", "--root", s(&fixtures), "caliber.az"],
        vec!["extract", s(&a)],
        vec!["extract", s(&a), s(&b)],
        vec!["extract", "--format", "json", s(&a), s(&b)],
    ];
    for args in &commands {
        into_closed_pipe(args);
    }
    let url = server.url("/one");
    into_closed_pipe(&["fetch", &url]);
}

#[test]
fn extract_into_head_ends_quietly() {
    // `thresh extract big.html | head -1`: head reads a line and leaves.
    let dir = TempDir::new().expect("temp dir");
    let page = big_page(dir.path());
    let mut child = bin()
        .args(["extract", s(&page)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("thresh runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut first)
        .expect("one line");
    // The reader is dropped here: the pipe is closed with most still to come.
    assert!(first.contains("Paragraph 0"), "{first}");
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("piped")
        .read_to_string(&mut err)
        .expect("stderr");
    let status = child.wait().expect("thresh exits");
    assert_eq!(status.code(), Some(0), "stderr:\n{err}");
    assert!(err.is_empty(), "{err}");
}

// ---------------------------------------------------------------------------
// Flags a command does not use

fn thresh(args: &[&str]) -> Output {
    bin().args(args).output().expect("thresh runs")
}

#[test]
fn a_flag_the_command_does_not_use_is_a_usage_error() {
    let (dir, a, _b) = two_pages();
    let out_dir = dir.path().join("out");
    for args in [
        vec!["rules", "check", "--format", "json"],
        vec!["rules", "check", "--out-dir", s(&out_dir)],
        vec!["rules", "check", "--selectors", s(dir.path())],
        vec!["rules", "explain", "--format", "md", s(&a)],
        vec!["rules", "explain", "--jobs", "2", s(&a)],
        vec!["fixtures", "check", "--format", "json"],
        vec!["fixtures", "check", "--out-dir", s(&out_dir)],
        vec!["fixtures", "regen", "--jobs", "2"],
    ] {
        let out = thresh(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "thresh {args:?}: {err}");
        let flag = args.iter().find(|a| a.starts_with("--")).expect("a flag");
        assert!(
            err.contains(flag),
            "thresh {args:?} does not name {flag}: {err}"
        );
    }
    assert!(!out_dir.exists(), "a refused command wrote something");
}

#[test]
fn the_flags_a_command_uses_are_still_taken() {
    let (dir, a, _b) = two_pages();
    let out_dir = dir.path().join("out");
    let out = thresh(&[
        "extract",
        "-q",
        "-v",
        "--jobs",
        "1",
        "--selectors",
        s(&project().join("selectors")),
        "--format",
        "md",
        "--out-dir",
        s(&out_dir),
        s(&a),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out_dir.join("a.md").is_file());
    let out = thresh(&["rules", "check", "-q", s(&project().join("selectors"))]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn refresh_requires_out_dir_and_says_so_in_help() {
    let help = thresh(&["refresh", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = stdout(&help);
    let usage = text
        .lines()
        .find(|l| l.starts_with("Usage:"))
        .unwrap_or_else(|| panic!("no usage line:\n{text}"));
    assert!(
        usage.contains(" --out-dir <DIR>") && !usage.contains("[--out-dir"),
        "--out-dir is not shown as required: {usage}"
    );
    let out = thresh(&["refresh", "urls.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--out-dir"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------
// Several JSON results, URLs given to extract, logs, empty results

/// Each line of `text` as a JSON object.
fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn several_inputs_as_json_are_json_lines() {
    let (_dir, a, b) = two_pages();
    let out = thresh(&["extract", "--format", "json", s(&a), s(&b)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 2, "{}", stdout(&out));
    assert_eq!(lines[0]["input"], s(&a));
    assert_eq!(lines[1]["input"], s(&b));
    assert!(lines[0]["text"]
        .as_str()
        .unwrap()
        .contains("Page A tells its story."));
    assert!(lines[1]["text"]
        .as_str()
        .unwrap()
        .contains("Page B tells its story."));

    // One input stays one (pretty) JSON document.
    let one = thresh(&["extract", "--format", "json", s(&a)]);
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).expect("one JSON document");
    assert!(v.get("input").is_none(), "{v}");

    let server = site();
    let (u1, u2) = (server.url("/one"), server.url("/two"));
    let out = thresh(&["fetch", "--format", "json", &u1, &u2]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 2, "{}", stdout(&out));
    assert_eq!(lines[0]["input"], u1.as_str());
    assert_eq!(lines[1]["input"], u2.as_str());
    assert!(lines[1]["text"].as_str().unwrap().contains("/two tells"));
}

#[test]
fn extract_of_a_url_points_to_fetch() {
    let out = thresh(&["extract", "https://example.com/story"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("thresh fetch https://example.com/story"),
        "{err}"
    );
    assert!(!err.to_lowercase().contains("no such file"), "{err}");
}

#[test]
fn an_empty_result_says_why_at_v_and_in_rules_explain() {
    let dir = TempDir::new().expect("temp dir");
    let tiny = dir.path().join("tiny.html");
    std::fs::write(
        &tiny,
        "<html><body><p>Only five words here.</p></body></html>",
    )
    .expect("write");
    let out = thresh(&["extract", "-v", s(&tiny)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(stdout(&out).is_empty());
    let line = err
        .lines()
        .find(|l| l.contains(s(&tiny)))
        .unwrap_or_else(|| panic!("the empty result is not explained:\n{err}"));
    assert!(line.contains("too few words (4 < 10)"), "{line}");

    // Without -v, nothing is said (a folder of pages would be noisy).
    let quiet = thresh(&["extract", s(&tiny)]);
    assert!(stderr(&quiet).is_empty(), "{}", stderr(&quiet));

    let explain = thresh(&["rules", "explain", s(&tiny)]);
    assert_eq!(explain.status.code(), Some(0), "{}", stderr(&explain));
    assert!(
        stdout(&explain).contains("empty: too few words (4 < 10)"),
        "{}",
        stdout(&explain)
    );
}

/// Runs `thresh` with `args` under a pseudo-terminal (util-linux `script`),
/// with `NO_COLOR` set to `no_color` if given; returns what the terminal
/// showed. `None` when `script` is not installed.
fn on_a_terminal(args: &[&str], no_color: Option<&str>) -> Option<String> {
    let script = ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    let command = std::iter::once(env!("CARGO_BIN_EXE_thresh"))
        .chain(args.iter().copied())
        .map(|a| format!("'{a}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut cmd = Command::new(script);
    cmd.args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .env_remove("NO_COLOR");
    if let Some(v) = no_color {
        cmd.env("NO_COLOR", v);
    }
    let out = cmd.output().expect("script runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    Some(stdout(&out))
}

#[test]
fn log_lines_are_coloured_only_on_a_terminal_without_no_color() {
    let (_dir, a, _b) = two_pages();
    // Debug lines (what extraction found) are logged for any page.
    let args = ["extract", "-vv", s(&a)];
    let piped = bin()
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("thresh runs");
    let log = stderr(&piped);
    assert!(log.contains("DEBUG"), "no log lines to look at: {log}");
    assert!(
        !log.contains('\x1b'),
        "colour codes in a log to a pipe: {log:?}"
    );

    let Some(terminal) = on_a_terminal(&args, None) else {
        return;
    };
    assert!(terminal.contains("DEBUG"), "{terminal}");
    assert!(
        terminal.contains('\x1b'),
        "no colour on a terminal: {terminal:?}"
    );
    let plain = on_a_terminal(&args, Some("1")).expect("script ran before");
    assert!(plain.contains("DEBUG"), "{plain}");
    assert!(
        !plain.contains('\x1b'),
        "colour despite NO_COLOR: {plain:?}"
    );
}
