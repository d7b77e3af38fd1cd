//! Embeds what the program would otherwise build at every start:
//!
//! - the shipped rule files: a table of every `selectors/*.toml`
//!   (hand-written) and `selectors/<folder>/*.toml` (imported, e.g. `ftr/`)
//!   with the hosts each file claims, read here so a run can find a host's
//!   file without parsing the others. The contents go in with
//!   `include_str!`, so cargo rebuilds when a file changes; and every
//!   attribute name their selectors can read, so the parser can be spared
//!   the others without reading the files at run time; and what the syntax
//!   of each of their text patterns allows (`src/rules/analysis.rs`), so a
//!   run need not parse them;
//! - the built-in text and URL patterns of `src/extract/vocab/sources.rs`,
//!   each compiled to a sparse DFA (`vocab/*.dfa` in OUT_DIR) with a table
//!   of statics that load them (`vocab_patterns.rs`);
//! - and it asks the linker to pack the binary's relative relocations
//!   where the C library can read them (see `link_args`).

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "src/rules/scan.rs"]
mod scan;

#[path = "src/rules/analysis.rs"]
mod analysis;

// The program uses the word lists too; the build needs only the patterns.
#[allow(dead_code)]
#[path = "src/extract/vocab/sources.rs"]
mod sources;

fn main() {
    selectors();
    patterns();
    link_args();
}

/// Relative relocations packed (DT_RELR) where the C library reads them:
/// the binary's tables of built-in rules, words and patterns point into its
/// own data, some 44,000 pointers that the dynamic loader otherwise reads
/// as one 24-byte entry each at every start (a megabyte of the binary).
/// Packed, they are a bitmap of a few kilobytes that it walks in a fraction
/// of the time, and the binary is a megabyte smaller (docs/scaling.md has
/// what a start saved). glibc reads them
/// since 2.36, and a binary that has them refuses to start on an older one,
/// so this asks the C library of the machine it builds on, and only for a
/// native build; GNU ld before 2.38 ignores the option, with a warning.
fn link_args() {
    let native = env::var("HOST").ok() == env::var("TARGET").ok();
    let linux_gnu = env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux")
        && env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|e| e == "gnu");
    if native && linux_gnu && glibc_at_least(2, 36) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether the build machine's glibc (`getconf GNU_LIBC_VERSION`, "glibc
/// 2.36") is at least `major.minor`; false when it cannot tell.
fn glibc_at_least(major: u32, minor: u32) -> bool {
    let Ok(out) = std::process::Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
    else {
        return false;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text
        .trim()
        .trim_start_matches("glibc ")
        .split('.')
        .map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(a), Some(b)) => (a, b) >= (major, minor),
        _ => false,
    }
}

/// Compiles every built-in pattern to a DFA and writes the statics that
/// embed them.
fn patterns() {
    use regex_automata::dfa::{dense, StartKind};
    println!("cargo:rerun-if-changed=src/extract/vocab/sources.rs");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let dir = out.join("vocab");
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut code = String::new();
    let mut names = Vec::new();
    for source in sources::all() {
        let start = if source.anchored {
            StartKind::Anchored
        } else {
            StartKind::Unanchored
        };
        let dfa = dense::Builder::new()
            .configure(dense::Config::new().start_kind(start))
            .build(&source.pattern)
            .unwrap_or_else(|e| panic!("built-in pattern {}: {e}", source.name));
        let digit = needs_digit(&source.pattern);
        let bytes =
            sparse_bytes(&dfa).unwrap_or_else(|e| panic!("built-in pattern {}: {e}", source.name));
        let path = dir.join(format!("{}.dfa", source.name));
        fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let path = path.to_str().expect("OUT_DIR is not UTF-8");
        writeln!(
            code,
            "/// The `{name}` pattern of `sources.rs`.\npub static {name}: Pattern = Pattern::new({name:?}, {anchored}, {digit}, include_bytes!({path:?}));",
            name = source.name,
            anchored = source.anchored,
        )
        .expect("write to String");
        names.push(source.name);
    }
    writeln!(
        code,
        "/// Every pattern, in the order of `sources::all`.\n#[allow(dead_code)]\npub static ALL: &[&Pattern] = &[{}];",
        names.iter().map(|n| format!("&{n}")).collect::<Vec<_>>().join(", ")
    )
    .expect("write to String");
    let dest = out.join("vocab_patterns.rs");
    fs::write(&dest, code).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

/// True when every match of `pattern` holds a `\d` digit: the pattern with
/// each `\d` made a class that matches nothing can match nothing. Dates,
/// times and counters need one, and most lines a pattern is tried on have
/// none, which a scan for a digit tells quicker than the DFA.
fn needs_digit(pattern: &str) -> bool {
    // An escaped backslash before a `d` is no digit class.
    if pattern.contains(r"\\") {
        return false;
    }
    let without = pattern.replace(r"\d", r"[^\s\S]");
    regex_syntax::Parser::new()
        .parse(&without)
        .is_ok_and(|hir| !can_match(&hir))
}

/// True when `hir` matches some text (look-arounds taken as satisfiable).
/// `Properties::minimum_len` will not do: it calls `x*` unmatchable when
/// `x` is.
fn can_match(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => true,
        HirKind::Class(Class::Unicode(c)) => !c.ranges().is_empty(),
        HirKind::Class(Class::Bytes(c)) => !c.ranges().is_empty(),
        HirKind::Repetition(r) => r.min == 0 || can_match(&r.sub),
        HirKind::Capture(c) => can_match(&c.sub),
        HirKind::Concat(all) => all.iter().all(can_match),
        HirKind::Alternation(any) => any.iter().any(can_match),
    }
}

/// `dfa` as a sparse DFA serialized for the target's byte order, which the
/// program loads as is.
fn sparse_bytes(dfa: &regex_automata::dfa::dense::DFA<Vec<u32>>) -> Result<Vec<u8>, String> {
    let sparse = dfa.to_sparse().map_err(|e| e.to_string())?;
    let big_endian = env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    Ok(if big_endian {
        sparse.to_bytes_big_endian()
    } else {
        sparse.to_bytes_little_endian()
    })
}

/// A shipped text pattern's automaton, built here so that a run need not.
struct PatternDfa {
    /// The most characters a text can have for it to answer exactly: all
    /// for the pattern itself, some for its loose form
    /// (`analysis::loosened_exact_up_to`).
    exact_up_to: usize,
    /// Every match starts at the text's start.
    anchored: bool,
    /// The sparse DFA, serialized for this target.
    bytes: Vec<u8>,
}

/// The exact pattern's DFA when it is small; else its loose form's
/// (`analysis::loosened`: counted repetitions unbounded), which turns most
/// blocks away before the exact pattern need be compiled; `None` when
/// neither builds (a Unicode word boundary, say: the run compiles those).
fn pattern_automaton(hir: &regex_syntax::hir::Hir) -> Option<PatternDfa> {
    use regex_automata::dfa::{dense, StartKind};
    use regex_automata::nfa::thompson;
    use regex_syntax::hir::Look;
    // The exact DFA of a pattern of `.{0,200}` form is megabytes; past this
    // the loose one serves.
    const EXACT_LIMIT: usize = 256 << 10;
    const LOOSE_LIMIT: usize = 4 << 20;
    let anchored = hir.properties().look_set_prefix().contains(Look::Start);
    let start = if anchored {
        StartKind::Anchored
    } else {
        StartKind::Unanchored
    };
    let build = |hir: &regex_syntax::hir::Hir, limit: usize| {
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
            .build_from_hir(hir)
            .ok()?;
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .start_kind(start)
                    .dfa_size_limit(Some(limit))
                    .determinize_size_limit(Some(limit)),
            )
            .build_from_nfa(&nfa)
            .ok()?;
        sparse_bytes(&dfa).ok()
    };
    if let Some(bytes) = build(hir, EXACT_LIMIT) {
        return Some(PatternDfa {
            exact_up_to: usize::MAX,
            anchored,
            bytes,
        });
    }
    let loose = analysis::loosened(hir)?;
    build(&loose, LOOSE_LIMIT).map(|bytes| PatternDfa {
        exact_up_to: analysis::loosened_exact_up_to(hir).unwrap_or(0),
        anchored,
        bytes,
    })
}

/// Writes the table of shipped rule files.
fn selectors() {
    println!("cargo:rerun-if-changed=selectors");
    println!("cargo:rerun-if-changed=src/rules/scan.rs");
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let dir = manifest.join("selectors");
    let mut imported = Vec::new();
    for folder in entries(&dir).into_iter().filter(|p| p.is_dir()) {
        let prefix = format!("{}/", utf8_name(&folder));
        imported.extend(
            rule_files(&folder)
                .into_iter()
                .map(|(name, path)| (format!("{prefix}{name}"), path)),
        );
    }
    let hand_written = rule_files(&dir);
    let mut out = String::from(
        "/// Every shipped rule file: the imported ones (in subfolders) first,\n\
         /// then the hand-written ones, which win a host over them; each\n\
         /// group sorted by name.\n\
         pub(crate) static FILES: &[Embedded] = &[\n",
    );
    let mut attributes = std::collections::BTreeSet::new();
    let mut patterns = std::collections::BTreeMap::new();
    for (imported, files) in [(true, &imported), (false, &hand_written)] {
        for (name, path) in files {
            let text = fs::read_to_string(path).unwrap_or_default();
            attributes.extend(scan::attribute_names(&text));
            for source in scan::pattern_strings(&text) {
                // One that does not parse is the rule parser's to report.
                if let Ok(hir) = regex_syntax::Parser::new().parse(&source) {
                    let automaton = pattern_automaton(&hir);
                    patterns.insert(source, (analysis::analyse(&hir), automaton));
                }
            }
            let hosts = match scan::hosts(&text) {
                scan::Hosts::Listed(list) => format!("HostList::Listed(&{list:?})"),
                scan::Hosts::FromName => "HostList::FromName".to_owned(),
                scan::Hosts::Unknown => "HostList::Unknown".to_owned(),
            };
            let path = path.to_str().expect("selectors path is not UTF-8");
            let shown = format!("selectors/{name}");
            writeln!(
                out,
                "    Embedded {{ name: {name:?}, file: {shown:?}, imported: {imported}, hosts: {hosts}, text: include_str!({path:?}) }},"
            )
            .expect("write to String");
        }
    }
    out.push_str("];\n");
    writeln!(
        out,
        "/// Every attribute name the shipped files' selectors can read, sorted.\npub(crate) static ATTRIBUTES: &[&str] = &{:?};",
        attributes.iter().collect::<Vec<_>>()
    )
    .expect("write to String");
    out.push_str(
        "/// What the syntax of each of the shipped files' text patterns allows,\n\
         /// sorted by pattern (an array: each holds its automaton's lazy cell).\n",
    );
    writeln!(
        out,
        "pub(crate) static PATTERNS: [(&str, Analysed); {}] = [",
        patterns.len()
    )
    .expect("write to String");
    let dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR")).join("rules");
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for (n, (source, (a, automaton))) in patterns.iter().enumerate() {
        let automaton = match automaton {
            Some(dfa) => {
                let path = dir.join(format!("{n}.dfa"));
                fs::write(&path, &dfa.bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let path = path.to_str().expect("OUT_DIR is not UTF-8");
                format!(
                    "Some(Automaton {{ exact_up_to: {}, dfa: EmbeddedDfa::new({}, include_bytes!({path:?})) }})",
                    dfa.exact_up_to, dfa.anchored
                )
            }
            None => "None".to_owned(),
        };
        writeln!(
            out,
            "    ({source:?}, Analysed {{ max_len: {:?}, max_chars: {:?}, first_bytes: {:?}, needles: &[{}], may_match_empty: {}, automaton: {automaton} }}),",
            a.max_len,
            a.max_chars,
            a.first_bytes,
            a.needles
                .iter()
                .map(|n| format!("&{n:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            a.may_match_empty,
        )
        .expect("write to String");
    }
    out.push_str("];\n");
    let dest = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR")).join("builtin_selectors.rs");
    fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

/// The entries of `dir` except dot files (editors' lock and backup files), sorted.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            entry
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .path()
        })
        .filter(|path| !utf8_name(path).starts_with('.'))
        .collect();
    paths.sort();
    paths
}

/// `(file name, path)` of every `*.toml` file directly in `dir`, sorted.
fn rule_files(dir: &Path) -> Vec<(String, PathBuf)> {
    entries(dir)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "toml") && path.is_file())
        .map(|path| (utf8_name(&path).to_owned(), path))
        .collect()
}

fn utf8_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_else(|| panic!("{}: file name is not UTF-8", path.display()))
}
