//! Importing Full-Text RSS site configs (the public-domain ftr-site-config
//! library, one `host.txt` of XPath rules per site) as our rule files.
//!
//! `config` splits the line format, `xpath` turns XPath into CSS or text
//! patterns, `convert` maps each directive and writes one TOML file; this
//! module runs that over a folder, settles which file gets a host two
//! configs claim, writes the files and the report (`REPORT.md`, and
//! `report.tsv` with one row per directive), so no rule is lost without
//! a line saying why.

pub mod config;
pub mod convert;
pub mod xpath;

use std::collections::BTreeMap;
use std::fmt;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use thiserror::Error;

pub use convert::{convert, convert_as, Converted, DirectiveReport, FileReport, HostOverride};

/// The first line of every generated file: how the importer recognises
/// its own output when it replaces a previous import.
pub const HEADER: &str = "# Imported from Full-Text RSS; generated file.";

/// What became of one directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Converted with the same meaning.
    Exact,
    /// Converted; how it differs.
    Approximate(String),
    /// Has no counterpart and needs none; why.
    NotNeeded(String),
    /// Could not be converted; why.
    NotConverted(String),
}

impl Outcome {
    /// `exact`, `approximate`, `not needed`, `not converted`.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Exact => "exact",
            Outcome::Approximate(_) => "approximate",
            Outcome::NotNeeded(_) => "not needed",
            Outcome::NotConverted(_) => "not converted",
        }
    }

    /// The explanation, empty for exact.
    pub fn why(&self) -> &str {
        match self {
            Outcome::Exact => "",
            Outcome::Approximate(w) | Outcome::NotNeeded(w) | Outcome::NotConverted(w) => w,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Exact => f.write_str("exact"),
            other => write!(f, "{}: {}", other.kind(), other.why()),
        }
    }
}

/// Where the configs came from, written into every file.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// The ftr-site-config commit (`SOURCE_COMMIT`), or `unknown`.
    pub commit: String,
    /// The licence (`CC0-1.0` when `LICENSE.txt` says so).
    pub license: String,
}

impl Provenance {
    /// Reads `SOURCE_COMMIT` and `LICENSE.txt` of a config folder.
    pub fn of_dir(dir: &Path) -> Provenance {
        let commit = std::fs::read_to_string(dir.join("SOURCE_COMMIT"))
            .ok()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit()))
            .unwrap_or_else(|| "unknown".to_owned());
        let licence_text = std::fs::read_to_string(dir.join("LICENSE.txt")).unwrap_or_default();
        let license = if licence_text.contains("publicdomain/zero") {
            "CC0-1.0 (public domain)".to_owned()
        } else {
            "unknown: see the source's licence".to_owned()
        };
        Provenance { commit, license }
    }
}

/// An import that could not run.
#[derive(Debug, Error)]
pub enum FtrError {
    /// The config folder or the output folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The folder holds no site configs.
    #[error("{0}: no Full-Text RSS site configs (*.txt) in this folder")]
    Empty(PathBuf),
}

/// The result of an import.
#[derive(Debug, Clone)]
pub struct Import {
    /// One report per config, in file-name order.
    pub files: Vec<FileReport>,
    /// Where the rule files went.
    pub out: PathBuf,
    /// Provenance written into each.
    pub provenance: Provenance,
}

/// Totals of an import, for the command's summary and the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Configs read.
    pub configs: usize,
    /// Rule files written.
    pub written: usize,
    /// Configs whose every directive converted (exactly, approximately, or
    /// needing no counterpart).
    pub complete: usize,
    /// Configs with a `body` rule.
    pub with_body: usize,
    /// ... whose `body` rules all converted.
    pub body_converted: usize,
    /// Directives by outcome: exact, approximate, not needed, not converted.
    pub directives: [usize; 4],
}

impl Import {
    /// Counts over all files.
    pub fn totals(&self) -> Totals {
        let mut t = Totals {
            configs: self.files.len(),
            ..Totals::default()
        };
        for f in &self.files {
            t.written += usize::from(f.output.is_some());
            t.complete += usize::from(f.complete());
            let (has, ok) = f.body();
            t.with_body += usize::from(has);
            t.body_converted += usize::from(has && ok);
            for d in &f.directives {
                t.directives[outcome_index(&d.outcome)] += 1;
            }
        }
        t
    }
}

fn outcome_index(o: &Outcome) -> usize {
    match o {
        Outcome::Exact => 0,
        Outcome::Approximate(_) => 1,
        Outcome::NotNeeded(_) => 2,
        Outcome::NotConverted(_) => 3,
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> FtrError + '_ {
    move |source| FtrError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Converts every config in `dir` into `out`, replacing the rule files of a
/// previous import there (files that start with [`HEADER`]; others are
/// left alone), and writes `REPORT.md` and `report.tsv` beside them.
pub fn import(dir: &Path, out: &Path) -> Result<Import, FtrError> {
    let provenance = Provenance::of_dir(dir);
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.ends_with(".txt") && name != "LICENSE.txt" && path.is_file() {
            names.push(name.to_owned());
        }
    }
    if names.is_empty() {
        return Err(FtrError::Empty(dir.to_owned()));
    }
    names.sort();
    let mut converted = Vec::with_capacity(names.len());
    let mut texts = Vec::with_capacity(names.len());
    for name in &names {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).map_err(io(&path))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        converted.push(convert(name, &text, &provenance));
        texts.push(text);
    }
    settle_shared_hosts(&mut converted, &texts, &provenance);
    add_test_aliases(&mut converted, &texts, &provenance);
    std::fs::create_dir_all(out).map_err(io(out))?;
    remove_previous_import(out)?;
    for c in &converted {
        if let (Some(toml), Some(file)) = (&c.toml, &c.report.output) {
            let path = out.join(file);
            crate::fsutil::write_atomic(&path, toml.as_bytes()).map_err(io(&path))?;
        }
    }
    let import = Import {
        files: converted.into_iter().map(|c| c.report).collect(),
        out: out.to_owned(),
        provenance,
    };
    let report = out.join("REPORT.md");
    crate::fsutil::write_atomic(&report, markdown_report(&import).as_bytes())
        .map_err(io(&report))?;
    let tsv = out.join("report.tsv");
    crate::fsutil::write_atomic(&tsv, tsv_report(&import).as_bytes()).map_err(io(&tsv))?;
    Ok(import)
}

/// Two configs may name one host: `example.com.txt` and
/// `.example.com.txt` (the site and its subdomains), or `example.com.txt`
/// and `www.example.com.txt`. Our files cover a host and its subdomains
/// alike, so one file per host: the plain name wins. A `.` config then
/// covers the subdomains its own test URLs name (and no host another
/// config claims), which is as far as it can be known to apply; when it
/// names none, or for a `www.` twin, it is reported and not written.
fn settle_shared_hosts(converted: &mut [Converted], texts: &[String], provenance: &Provenance) {
    let rank = |source: &str| -> u8 {
        if source.starts_with('.') {
            2
        } else if source.starts_with("www.") {
            1
        } else {
            0
        }
    };
    let mut by_host: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let claimed: std::collections::HashSet<String> = converted
        .iter()
        .filter_map(|c| c.report.hosts.first().cloned())
        .collect();
    for (i, c) in converted.iter().enumerate() {
        if let Some(host) = c.report.hosts.first() {
            if c.report.output.is_some() {
                by_host.entry(host.clone()).or_default().push(i);
            }
        }
    }
    for (host, mut claimants) in by_host {
        if claimants.len() < 2 {
            continue;
        }
        claimants.sort_by_key(|&i| (rank(&converted[i].report.source), i));
        let winner = converted[claimants[0]].report.source.clone();
        for &i in &claimants[1..] {
            if let Some(over) = subdomain_hosts(&converted[i], &host, &claimed, &winner) {
                converted[i] = convert_as(
                    &converted[i].report.source.clone(),
                    &texts[i],
                    provenance,
                    Some(&over),
                );
                continue;
            }
            let c = &mut converted[i];
            c.toml = None;
            c.report.output = None;
            let why = format!("{winner} also maps to {host}, and one file serves a host");
            c.report.file_problem = Some(why.clone());
            for d in &mut c.report.directives {
                if !matches!(d.outcome, Outcome::NotNeeded(_)) {
                    d.outcome = Outcome::NotConverted(why.clone());
                    d.into.clear();
                }
            }
        }
    }
}

/// A config's test URLs sometimes sit on another name of the same site
/// (`arstechnica.co.uk` in `arstechnica.com.txt`): such a host, when it
/// shares the site's name (a label of five letters or more) and no other
/// config claims it, joins the file's hosts, so the test can run and the
/// rules serve the site under both names.
fn add_test_aliases(converted: &mut [Converted], texts: &[String], provenance: &Provenance) {
    let mut claimed: std::collections::HashSet<String> = converted
        .iter()
        .filter(|c| c.report.output.is_some())
        .flat_map(|c| c.report.hosts.iter().cloned())
        .collect();
    for (i, text) in texts.iter().enumerate() {
        let c = &converted[i];
        let Some(output) = c.report.output.clone() else {
            continue;
        };
        let names: Vec<&str> = c
            .report
            .hosts
            .iter()
            .flat_map(|h| h.split('.'))
            .filter(|l| l.len() >= 5)
            .collect();
        let mut aliases: Vec<String> = Vec::new();
        for d in &c.report.directives {
            let uncovered = d.directive == "test_url"
                && matches!(&d.outcome, Outcome::NotConverted(w) if w.starts_with("the URL's host"));
            let Some(host) = url::Url::parse(&d.value)
                .ok()
                .and_then(|u| u.host_str().map(crate::rules::normalize_host))
                .filter(|_| uncovered)
            else {
                continue;
            };
            let same_site = host.split('.').any(|l| names.contains(&l));
            if same_site && !claimed.contains(&host) && !aliases.contains(&host) {
                aliases.push(host);
            }
        }
        if aliases.is_empty() {
            continue;
        }
        let mut hosts = c.report.hosts.clone();
        let note = format!(
            "{} added: test URLs of this config are on {}",
            if aliases.len() == 1 {
                "an alias"
            } else {
                "aliases"
            },
            aliases.join(", ")
        );
        claimed.extend(aliases.iter().cloned());
        hosts.extend(aliases);
        let over = HostOverride {
            hosts,
            output,
            note,
        };
        let source = c.report.source.clone();
        converted[i] = convert_as(&source, text, provenance, Some(&over));
    }
}

/// For a `.host` config that lost `host` to `winner`: the subdomains its
/// test URLs name that no config claims, as the hosts of `_.host.toml`.
fn subdomain_hosts(
    c: &Converted,
    host: &str,
    claimed: &std::collections::HashSet<String>,
    winner: &str,
) -> Option<HostOverride> {
    if !c.report.source.starts_with('.') {
        return None;
    }
    let mut hosts: Vec<String> = Vec::new();
    for d in c
        .report
        .directives
        .iter()
        .filter(|d| d.directive == "test_url")
    {
        let Some(sub) = url::Url::parse(&d.value)
            .ok()
            .and_then(|u| u.host_str().map(crate::rules::normalize_host))
        else {
            continue;
        };
        let proper = sub.len() > host.len() && crate::rules::parse::host_matches(&sub, host);
        if proper && !claimed.contains(&sub) && !hosts.contains(&sub) {
            hosts.push(sub);
        }
    }
    if hosts.is_empty() {
        return None;
    }
    Some(HostOverride {
        note: format!(
            "{winner} serves {host}; this config (for its subdomains) is applied to the ones its test URLs name: {}",
            hosts.join(", ")
        ),
        output: format!("_.{host}.toml"),
        hosts,
    })
}

/// Deletes the rule files a previous import wrote, so a config removed
/// upstream does not linger; hand-written files are kept.
fn remove_previous_import(out: &Path) -> Result<(), FtrError> {
    for entry in std::fs::read_dir(out).map_err(io(out))? {
        let path = entry.map_err(io(out))?.path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let generated = std::fs::read_to_string(&path)
            .map(|t| t.starts_with(HEADER))
            .unwrap_or(false);
        if generated {
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    Ok(())
}

/// `part` of `whole` as a percentage with one decimal.
fn pct(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "-".to_owned();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

/// The human report: totals, outcomes per directive, the reasons, and every
/// file that did not convert completely.
pub fn markdown_report(import: &Import) -> String {
    let t = import.totals();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Full-Text RSS import report\n\n\
         Generated by `thresh rules import-ftr` from ftr-site-config commit {} (licence: {}).\n\
         One row per directive in `report.tsv`; each rule file lists its own notes at the end.\n",
        import.provenance.commit, import.provenance.license
    );
    let _ = writeln!(out, "## Totals\n");
    let _ = writeln!(out, "| | count | share |\n|---|---:|---:|");
    let _ = writeln!(out, "| configs | {} | |", t.configs);
    let _ = writeln!(
        out,
        "| rule files written | {} | {} |",
        t.written,
        pct(t.written, t.configs)
    );
    let _ = writeln!(
        out,
        "| converted completely (no directive left out) | {} | {} |",
        t.complete,
        pct(t.complete, t.configs)
    );
    let _ = writeln!(
        out,
        "| with a `body` rule | {} | {} |",
        t.with_body,
        pct(t.with_body, t.configs)
    );
    let _ = writeln!(
        out,
        "| ... all `body` rules converted | {} | {} of those |",
        t.body_converted,
        pct(t.body_converted, t.with_body)
    );
    let all = t.directives.iter().sum::<usize>();
    for (i, kind) in ["exact", "approximate", "not needed", "not converted"]
        .iter()
        .enumerate()
    {
        let _ = writeln!(
            out,
            "| directives {kind} | {} | {} |",
            t.directives[i],
            pct(t.directives[i], all)
        );
    }
    // Per directive.
    let mut per: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    let mut reasons: BTreeMap<(String, &'static str, String), usize> = BTreeMap::new();
    for f in &import.files {
        for d in &f.directives {
            let name = d.directive.split('(').next().unwrap_or("").to_owned();
            per.entry(name.clone()).or_default()[outcome_index(&d.outcome)] += 1;
            if !matches!(d.outcome, Outcome::Exact) {
                *reasons
                    .entry((name, d.outcome.kind(), generalize(d.outcome.why())))
                    .or_default() += 1;
            }
        }
    }
    let _ = writeln!(
        out,
        "\n## By directive\n\n| directive | exact | approximate | not needed | not converted |\n|---|---:|---:|---:|---:|"
    );
    let mut rows: Vec<_> = per.into_iter().collect();
    rows.sort_by_key(|(name, c)| (std::cmp::Reverse(c.iter().sum::<usize>()), name.clone()));
    for (name, c) in rows {
        let _ = writeln!(
            out,
            "| `{name}` | {} | {} | {} | {} |",
            c[0], c[1], c[2], c[3]
        );
    }
    let _ = writeln!(out, "\n## Why (directive, outcome, reason: count)\n");
    let mut reasons: Vec<_> = reasons.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((name, kind, why), n) in reasons {
        let _ = writeln!(out, "- `{name}` {kind}: {why} ({n})");
    }
    let _ = writeln!(out, "\n## Files not converted completely\n");
    for f in import.files.iter().filter(|f| !f.complete()) {
        let missing: Vec<String> = f
            .directives
            .iter()
            .filter(|d| matches!(d.outcome, Outcome::NotConverted(_)))
            .map(|d| format!("{} (line {})", d.directive, d.line))
            .collect();
        let problem = f.file_problem.as_deref().unwrap_or("");
        let _ = writeln!(
            out,
            "- `{}`{}{}",
            f.source,
            if problem.is_empty() {
                String::new()
            } else {
                format!(": {problem}")
            },
            if missing.is_empty() {
                String::new()
            } else {
                format!(": {}", missing.join(", "))
            }
        );
    }
    out
}

/// Reasons with the specifics (selectors, hosts, line numbers) cut off, so
/// the report can count them.
fn generalize(why: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for c in why.chars() {
        match c {
            '`' if in_code => {
                in_code = false;
                out.push_str("…`");
            }
            '`' => {
                in_code = true;
                out.push('`');
            }
            _ if in_code => {}
            // A number standing alone (a line), not a digit in a name.
            c if c.is_ascii_digit()
                && (out.ends_with(' ') || out.ends_with('N') || out.is_empty()) =>
            {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            c => out.push(c),
        }
    }
    // Host names in "x also maps to y" differ per file.
    if out.contains(" also maps to ") {
        return "another config maps to the same host, and one file serves a host".to_owned();
    }
    out
}

/// One row per directive: file, line, directive, outcome, where it went,
/// why, and the value as written.
pub fn tsv_report(import: &Import) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut out = String::from("file\tline\tdirective\toutcome\tinto\twhy\tvalue\n");
    for f in &import.files {
        for d in &f.directives {
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                clean(&f.source),
                d.line,
                clean(&d.directive),
                d.outcome.kind(),
                d.into,
                clean(d.outcome.why()),
                clean(&d.value)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    /// The shipped library (`selectors/ftr/`, generated by `thresh rules
    /// import-ftr`): every file parses and compiles as one group (so no
    /// two files claim a host), and carries its provenance.
    #[test]
    fn shipped_library_compiles() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("selectors/ftr");
        let set = RuleSet::from_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
        let files: Vec<_> = set.files().collect();
        assert!(files.len() > 1900, "only {} files", files.len());
        for f in files {
            let source = f
                .source
                .as_ref()
                .unwrap_or_else(|| panic!("{}: no [source]", f.name));
            assert!(
                source.file.ends_with(".txt") && source.license.starts_with("CC0"),
                "{}",
                f.name
            );
        }
    }

    #[test]
    fn reasons_are_counted_without_their_specifics() {
        assert_eq!(
            generalize("scraper cannot compile `a:has(b:has(c))` (line 12)"),
            "scraper cannot compile `…` (line N)"
        );
        assert_eq!(generalize("html5ever parses"), "html5ever parses");
    }
}
