//! What a text pattern's syntax tells about the blocks it can match, so a
//! block is turned away without entering the regex engine: its longest
//! match, the bytes a match can start with, the words every match holds.
//!
//! Plain `std` and `regex_syntax` only: `build.rs` includes this file as is
//! and works these out for the shipped files' patterns, which a run then
//! looks up instead of parsing them (parsing the case-insensitive Unicode
//! patterns of `_global.toml` was half of a one-page run). The build and
//! the program use the same `regex-syntax` (one version in Cargo.lock, all
//! Unicode features), so the two readings agree; the test
//! `shipped_patterns_read_at_build_time_as_at_run_time` holds them to it.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// What the syntax of a pattern allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The longest text (bytes) a match can span, when the pattern is
    /// anchored at both ends: a longer block cannot match.
    pub max_len: Option<usize>,
    /// The same in characters: `.{0,200}` spans at most 200 characters
    /// but 800 bytes, so a block of English prose is over this bound long
    /// before it is over `max_len`.
    pub max_chars: Option<usize>,
    /// The bytes a match can start with (a 256-bit set), when the pattern
    /// is anchored at the start and opens with one of a few literals.
    pub first_bytes: Option<[u64; 4]>,
    /// Texts one of which every match contains (ASCII letters lower-cased);
    /// empty when there are none worth searching for.
    pub needles: Vec<Vec<u8>>,
    /// Whether the syntax allows a match of no text.
    pub may_match_empty: bool,
}

/// The analysis of a pattern's syntax tree.
pub fn analyse(hir: &Hir) -> Analysis {
    let anchored = hir.properties().look_set_prefix().contains(Look::Start);
    let whole = anchored && hir.properties().look_set_suffix().contains(Look::End);
    Analysis {
        max_len: whole.then(|| hir.properties().maximum_len()).flatten(),
        max_chars: whole.then(|| max_chars(hir)).flatten(),
        first_bytes: if anchored { first_bytes(hir) } else { None },
        needles: needles(hir).unwrap_or_default(),
        may_match_empty: hir.properties().minimum_len() == Some(0),
    }
}

/// The most characters a match of `hir` can span; `None` when unbounded.
/// A class matches one character (a byte class one byte, at most one
/// character); a literal as many as it spells.
fn max_chars(hir: &Hir) -> Option<usize> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(lit) => {
            Some(std::str::from_utf8(&lit.0).map_or(lit.0.len(), |text| text.chars().count()))
        }
        HirKind::Class(_) => Some(1),
        HirKind::Repetition(rep) => {
            max_chars(&rep.sub)?.checked_mul(usize::try_from(rep.max?).ok()?)
        }
        HirKind::Capture(cap) => max_chars(&cap.sub),
        HirKind::Concat(all) => all
            .iter()
            .try_fold(0usize, |sum, sub| sum.checked_add(max_chars(sub)?)),
        HirKind::Alternation(any) => any
            .iter()
            .try_fold(0usize, |most, sub| Some(most.max(max_chars(sub)?))),
    }
}

/// What every match of `hir` must contain, read from its top-level
/// sequence: the longest run of literal text, or an alternation of such runs
/// (`(amazon|affiliate)`), whichever has the longest shortest member; at
/// least four bytes, ASCII letters lower-cased.
fn needles(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let mut best: Vec<Vec<u8>> = Vec::new();
    let shortest = |set: &[Vec<u8>]| set.iter().map(Vec::len).min().unwrap_or(0);
    let mut consider = |set: Vec<Vec<u8>>| {
        if shortest(&set) > shortest(&best) {
            best = set;
        }
    };
    let mut run = Vec::new();
    for part in parts {
        match letter(part) {
            Some(bytes) => {
                run.extend(bytes);
                consider(vec![run.clone()]);
            }
            None => {
                run.clear();
                if let Some(set) = alternatives(part) {
                    consider(set);
                }
            }
        }
    }
    (shortest(&best) >= 4).then_some(best)
}

/// The literal text a piece of a pattern stands for, ASCII letters
/// lower-cased. A case-insensitive letter counts when its class holds both
/// ASCII cases of it; the class may also hold a non-ASCII fold (`k` matches
/// the Kelvin sign, `s` the long s), and a match spelt with one is then
/// missed by the search: rule patterns are written for today's promo text.
fn letter(part: &Hir) -> Option<Vec<u8>> {
    match part.kind() {
        HirKind::Literal(lit) => Some(lit.0.to_ascii_lowercase()),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            if ranges.len() > 3 || ranges.iter().any(|r| r.start() != r.end()) {
                return None;
            }
            let ascii: Vec<char> = ranges
                .iter()
                .map(|r| r.start())
                .filter(char::is_ascii)
                .collect();
            match ascii[..] {
                [upper, lower]
                    if upper.is_ascii_uppercase() && upper.to_ascii_lowercase() == lower =>
                {
                    Some(vec![lower as u8])
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// For an alternation (in a group or not) whose every branch opens with
/// literal text, those opening texts.
fn alternatives(part: &Hir) -> Option<Vec<Vec<u8>>> {
    let part = match part.kind() {
        HirKind::Capture(cap) => &cap.sub,
        _ => part,
    };
    let HirKind::Alternation(branches) = part.kind() else {
        return None;
    };
    branches
        .iter()
        .map(|branch| {
            let pieces = match branch.kind() {
                HirKind::Concat(pieces) => &pieces[..],
                _ => std::slice::from_ref(branch),
            };
            let mut text = Vec::new();
            for piece in pieces {
                match letter(piece) {
                    Some(bytes) => text.extend(bytes),
                    None => break,
                }
            }
            (!text.is_empty()).then_some(text)
        })
        .collect()
}

/// The first bytes of every literal a match of `hir` must begin with; `None`
/// when the prefixes are not a finite set of non-empty literals (a pattern
/// opening with `.` or a wide class).
fn first_bytes(hir: &Hir) -> Option<[u64; 4]> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    // Only first bytes are wanted: longer prefixes multiply out (each
    // case-insensitive letter doubles them) for nothing.
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_literal_len(1)
        .extract(hir);
    let mut set = [0u64; 4];
    for literal in seq.literals()? {
        let &b = literal.as_bytes().first()?;
        set[usize::from(b / 64)] |= 1 << (b % 64);
    }
    Some(set)
}

/// Counted repetitions allowing more copies than this become unbounded in
/// a pattern's loose form; fewer cost little to compile (`\d{4}`, `(ad ){2}`).
const LOOSEN_ABOVE: u32 = 8;

/// Whether [`loosened`] makes this repetition unbounded.
fn loosens(rep: &regex_syntax::hir::Repetition) -> bool {
    rep.max.is_some_and(|max| max > LOOSEN_ABOVE)
}

/// The longest text (in characters) on which the loose form matches
/// exactly when the pattern does; `None` when [`loosened`] unbounds no
/// repetition. A text the loose form matches and the pattern does not
/// holds a match in which some unbounded repetition took more copies than
/// its count allows (empty copies can be left out), beside the fewest
/// characters the rest of the match needs: `reading time\s*\d+.{0,20}`
/// needs 21 characters of `.` and 13 more, so on 33 characters the loose
/// form answers (counting the repetition alone said 20).
pub fn loosened_exact_up_to(hir: &Hir) -> Option<usize> {
    loose_only_min_chars(hir).map(|n| n.saturating_sub(1))
}

/// The fewest characters of a match of [`loosened`]`(hir)` that is no
/// match of `hir` (a lower bound); `None` when there is none.
fn loose_only_min_chars(hir: &Hir) -> Option<usize> {
    match hir.kind() {
        HirKind::Repetition(rep) => {
            let own = rep.max.filter(|_| loosens(rep)).map(|max| {
                (max as usize)
                    .saturating_add(1)
                    .saturating_mul(min_chars(&rep.sub).max(1))
            });
            own.into_iter().chain(loose_only_min_chars(&rep.sub)).min()
        }
        HirKind::Capture(cap) => loose_only_min_chars(&cap.sub),
        // One part's match is the loose form's own; the others need
        // their fewest characters.
        HirKind::Concat(subs) => {
            let all = subs
                .iter()
                .map(min_chars)
                .fold(0usize, usize::saturating_add);
            subs.iter()
                .filter_map(|s| Some(loose_only_min_chars(s)?.saturating_add(all - min_chars(s))))
                .min()
        }
        HirKind::Alternation(subs) => subs.iter().filter_map(loose_only_min_chars).min(),
        _ => None,
    }
}

/// The fewest characters a match of `hir` spans (a lower bound): a byte
/// class may match the second byte of a character, so counts nothing.
fn min_chars(hir: &Hir) -> usize {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 0,
        // Bytes that start a character (a byte literal may not be UTF-8).
        HirKind::Literal(lit) => lit.0.iter().filter(|&&b| b & 0xc0 != 0x80).count(),
        HirKind::Class(Class::Unicode(_)) => 1,
        HirKind::Class(Class::Bytes(c)) => {
            usize::from(c.ranges().iter().all(|r| r.end() < 0x80) && !c.ranges().is_empty())
        }
        HirKind::Repetition(rep) => (rep.min as usize).saturating_mul(min_chars(&rep.sub)),
        HirKind::Capture(cap) => min_chars(&cap.sub),
        HirKind::Concat(subs) => subs.iter().map(min_chars).fold(0, usize::saturating_add),
        HirKind::Alternation(subs) => subs.iter().map(min_chars).min().unwrap_or(0),
    }
}

/// `hir` with every repetition of more than [`LOOSEN_ABOVE`] copies made
/// unbounded (`.{0,200}` becomes `.*`, `x{3,40}` becomes `x{3,}`), or
/// `None` when it has none. Widening a repetition only adds matches, so
/// whatever the result does not match, `hir` does not match either.
pub fn loosened(hir: &Hir) -> Option<Hir> {
    use regex_syntax::hir::{Capture, Repetition};
    let each = |subs: &[Hir]| -> Option<Vec<Hir>> {
        let new: Vec<Option<Hir>> = subs.iter().map(loosened).collect();
        new.iter().any(Option::is_some).then(|| {
            new.into_iter()
                .zip(subs)
                .map(|(new, old)| new.unwrap_or_else(|| old.clone()))
                .collect()
        })
    };
    match hir.kind() {
        HirKind::Repetition(rep) => {
            let sub = loosened(&rep.sub);
            let unbound = loosens(rep);
            (unbound || sub.is_some()).then(|| {
                Hir::repetition(Repetition {
                    min: rep.min,
                    max: if unbound { None } else { rep.max },
                    greedy: rep.greedy,
                    sub: Box::new(sub.unwrap_or_else(|| (*rep.sub).clone())),
                })
            })
        }
        HirKind::Capture(cap) => loosened(&cap.sub).map(|sub| {
            Hir::capture(Capture {
                index: cap.index,
                name: cap.name.clone(),
                sub: Box::new(sub),
            })
        }),
        HirKind::Concat(subs) => each(subs).map(Hir::concat),
        HirKind::Alternation(subs) => each(subs).map(Hir::alternation),
        _ => None,
    }
}
