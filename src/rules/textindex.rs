//! Which of a file's text patterns could match a block, found for all of
//! them at once. Every `stop_at` and `drop_text` pattern is tried on every
//! rendered block; asked one pattern at a time, even the quick tests that
//! turn most blocks away (the block's length, its first byte, a scan for
//! the words a match must hold) cost a scan of the block per pattern, and
//! `_global.toml` alone has seventy. Here the length and first-byte tests
//! are one table look-up each for the whole file, and the words of the
//! patterns still in question are found in one multi-needle pass over the
//! block (a few of them, each by a vector scan), so only the patterns a
//! block gets past all three tests with enter their automata.
//!
//! The length is counted in characters, not bytes as the pattern's own
//! test does: both bounds hold for every match, and the character one
//! turns away more prose (`.{0,200}` is 200 characters, 800 bytes). The
//! first-byte test is the pattern's own; so is the words test, which must
//! be: it can miss a match spelt with a non-ASCII case fold (see
//! `analysis::letter`), and matches it misses must stay missed. So
//! [`Candidates::is_match`] answers as [`TextPattern::is_match`] on every
//! text (the test `index_answers_as_each_pattern_does` holds it to that).

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use super::{Needle, TextPattern};
use crate::warm::Warm;

/// A set of patterns, one bit each, by their place in the index.
type Bits = Box<[u64]>;

/// The tests of [`TextPattern`] that turn a block away unread, for a list
/// of patterns (a file's `stop_at`, then its `drop_text`), as tables.
///
/// Inside, patterns are placed by their longest match, shortest first
/// (unbounded last): the patterns a text is not too long for are then
/// those from some place on, found by one binary search, and building
/// stays linear in the number of patterns.
#[derive(Debug, Clone)]
pub struct TextIndex {
    /// Each pattern's place, by its number.
    place: Box<[usize]>,
    /// `u64` words per set.
    words: usize,
    /// The longest match (characters) of each bounded pattern, by place:
    /// ascending.
    bounds: Box<[usize]>,
    /// For each first byte, then (at 256) for the empty text, the patterns
    /// a text opening so can match: `words` each, in one run (it is built
    /// for `_global.toml` at every start).
    first: Box<[u64]>,
    /// The patterns that need one of their words in a text.
    needled: Bits,
    /// Those words, by place (none for the other patterns): a text that
    /// only a few need be looked for in is searched for each alone.
    words_of: Box<[Box<[Needle]>]>,
    /// Every pattern's words (ASCII letters lower-cased), each once.
    needle_texts: Vec<Vec<u8>>,
    /// For each of them, the patterns it lets through.
    needle_patterns: Vec<Bits>,
    /// An automaton of all the words, ASCII case aside: its DFA takes as
    /// long to build as a small page's whole run, so it is built only
    /// after [`SEARCH_AFTER`] texts would have used it; until then each
    /// word is looked for alone.
    search: Warm<AhoCorasick>,
}

/// Which patterns of a [`TextIndex`] each of a run of blocks can match, in
/// the blocks' order; removing blocks keeps the rest lined up.
#[derive(Debug, Clone)]
pub struct Candidates<'a> {
    index: &'a TextIndex,
    /// `index.words` per block.
    bits: Vec<u64>,
}

impl Default for TextIndex {
    /// The index of no patterns.
    fn default() -> Self {
        TextIndex::new([])
    }
}

impl TextIndex {
    /// Files `patterns`, numbered in the order given.
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a TextPattern>) -> Self {
        let patterns: Vec<&TextPattern> = patterns.into_iter().collect();
        let n = patterns.len();
        let words = n.div_ceil(64);
        let empty = || vec![0u64; words].into_boxed_slice();
        let set = |bits: &mut Bits, at: usize| bits[at / 64] |= 1 << (at % 64);

        let mut by_bound: Vec<usize> = (0..n).collect();
        by_bound.sort_by_key(|&k| patterns[k].max_chars.unwrap_or(usize::MAX));
        let mut place = vec![0; n].into_boxed_slice();
        for (at, &k) in by_bound.iter().enumerate() {
            place[k] = at;
        }
        let bounds = by_bound
            .iter()
            .map_while(|&k| patterns[k].max_chars)
            .collect();

        let mut first = vec![0u64; 257 * words].into_boxed_slice();
        let mut set_first = |b: usize, at: usize| first[b * words + at / 64] |= 1 << (at % 64);
        let mut needled = empty();
        let mut words_of: Vec<Box<[Needle]>> = vec![Box::default(); n];
        let mut needle_texts: Vec<Vec<u8>> = Vec::new();
        let mut text_number: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut needle_patterns: Vec<Bits> = Vec::new();
        for (k, p) in patterns.iter().enumerate() {
            let at = place[k];
            match p.first_bytes {
                // The empty text has no first byte, so only a pattern
                // without a first-byte test lets it through.
                None => (0..=256).for_each(|b| set_first(b, at)),
                Some(allowed) => (0..4)
                    .flat_map(|w| places(allowed[w]).map(move |b| w * 64 + b))
                    .for_each(|b| set_first(b, at)),
            }
            let Some(needles) = p.needles.as_deref() else {
                continue;
            };
            // An empty word is found in every text (see `Needle::found_in`):
            // such a pattern needs no search.
            if needles.iter().any(|n| n.text.is_empty()) {
                continue;
            }
            set(&mut needled, at);
            words_of[at] = needles.into();
            for needle in needles {
                let text = needle.text.to_ascii_lowercase();
                let number = *text_number.entry(text.clone()).or_insert_with(|| {
                    needle_texts.push(text);
                    needle_patterns.push(empty());
                    needle_texts.len() - 1
                });
                set(&mut needle_patterns[number], at);
            }
        }
        TextIndex {
            place,
            words,
            bounds,
            first,
            needled,
            words_of: words_of.into(),
            needle_texts,
            needle_patterns,
            search: Warm::new(SEARCH_AFTER),
        }
    }

    /// How many patterns the index was built over.
    pub fn len(&self) -> usize {
        self.place.len()
    }

    /// True when it was built over no pattern.
    pub fn is_empty(&self) -> bool {
        self.place.is_empty()
    }

    /// For each of `texts`, the patterns it gets past the tests of.
    pub fn candidates<'t>(&self, texts: impl IntoIterator<Item = &'t str>) -> Candidates<'_> {
        let mut bits = Vec::new();
        if self.is_empty() {
            return Candidates { index: self, bits };
        }
        let texts = texts.into_iter();
        bits.reserve(texts.size_hint().0 * self.words);
        let mut scratch = vec![0u64; 2 * self.words];
        for text in texts {
            let start = bits.len();
            let first = text.as_bytes().first().map_or(256, |&b| usize::from(b));
            bits.extend_from_slice(&self.first[first * self.words..][..self.words]);
            let out = &mut bits[start..];
            // Too long for the patterns before this place; characters are
            // counted only when the bytes are too many.
            let mut from = self.bounds.partition_point(|&bound| bound < text.len());
            if from > 0 && !text.is_ascii() {
                let chars = text.chars().count();
                from = self.bounds.partition_point(|&bound| bound < chars);
            }
            out[..from / 64].fill(0);
            if let Some(word) = out.get_mut(from / 64) {
                *word &= u64::MAX << (from % 64);
            }
            self.look_for_words(text, out, &mut scratch);
        }
        Candidates { index: self, bits }
    }

    /// Takes out of `out` the patterns none of whose words `text` holds.
    /// A few words are each looked for alone (a vector search for its
    /// rarest letter); more, in one pass for all of them. `scratch` holds
    /// twice as many words as `out`.
    fn look_for_words(&self, text: &str, out: &mut [u64], scratch: &mut [u64]) {
        let mut words = 0;
        for (w, (o, n)) in out.iter().zip(&self.needled[..]).enumerate() {
            for b in places(o & n) {
                words += self.words_of[w * 64 + b].len();
            }
        }
        if words == 0 {
            return;
        }
        let search = (words > FEW_WORDS)
            .then(|| self.search.get(|| self.automaton()))
            .flatten();
        let Some(search) = search else {
            for (w, (o, n)) in out.iter_mut().zip(&self.needled[..]).enumerate() {
                for b in places(*o & n) {
                    let words = &self.words_of[w * 64 + b];
                    if !words.iter().any(|word| word.found_in(text.as_bytes())) {
                        *o &= !(1 << b);
                    }
                }
            }
            return;
        };
        let (found, missing) = scratch.split_at_mut(out.len());
        found.fill(0);
        for ((m, o), n) in missing.iter_mut().zip(&*out).zip(&self.needled[..]) {
            *m = o & n;
        }
        for hit in search.find_overlapping_iter(text) {
            let patterns = &self.needle_patterns[hit.pattern().as_usize()];
            or_into(found, patterns);
            for (m, p) in missing.iter_mut().zip(&patterns[..]) {
                *m &= !p;
            }
            if missing.iter().all(|&m| m == 0) {
                break;
            }
        }
        // Through: the patterns found, and those of no words.
        for ((o, f), n) in out.iter_mut().zip(&found[..]).zip(&self.needled[..]) {
            *o &= f | !n;
        }
    }
}

impl TextIndex {
    /// The automaton of [`TextIndex::search`].
    fn automaton(&self) -> AhoCorasick {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // Every word found, wherever matches overlap.
            .match_kind(MatchKind::Standard)
            .build(&self.needle_texts)
            // It fails only past `u32::MAX` states: more words than a
            // file can hold.
            .expect("a rule file's words fit an automaton")
    }
}

/// How many texts of more than [`FEW_WORDS`] words are looked for word by
/// word before the automaton is built: a few thousand blocks cost less so
/// than building it (about ten million instructions for `_global.toml`).
const SEARCH_AFTER: usize = 4096;

/// Up to this many words, looking for each alone (a vector scan of the
/// text for its rarest letter, a fraction of a cycle a byte) beats one
/// automaton pass for all (a few cycles a byte).
const FEW_WORDS: usize = 6;

/// The places of the bits set in `word` (the lowest first), within it.
fn places(mut word: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (word != 0).then(|| {
            let at = word.trailing_zeros() as usize;
            word &= word - 1;
            at
        })
    })
}

impl Candidates<'_> {
    /// Whether block `block` gets past the tests of pattern number `k`.
    fn get(&self, block: usize, k: usize) -> bool {
        let at = self.index.place[k];
        self.bits[block * self.index.words + at / 64] & (1 << (at % 64)) != 0
    }

    /// [`TextPattern::is_match`] of block `block`, whose text is `text`,
    /// for `pattern`, number `k` of the index: only a block the index lets
    /// through is read.
    pub fn is_match(&self, block: usize, text: &str, k: usize, pattern: &TextPattern) -> bool {
        self.get(block, k) && pattern.matches_prefiltered(text)
    }

    /// Keeps the first `blocks` blocks.
    pub fn truncate(&mut self, blocks: usize) {
        self.bits.truncate(blocks * self.index.words);
    }

    /// Removes the blocks at `positions` (ascending).
    pub fn remove(&mut self, positions: &[usize]) {
        let words = self.index.words;
        if words == 0 {
            return;
        }
        let mut gone = positions.iter().copied().peekable();
        let mut kept = 0;
        for k in 0..self.bits.len() / words {
            if gone.next_if_eq(&k).is_none() {
                self.bits
                    .copy_within(k * words..(k + 1) * words, kept * words);
                kept += 1;
            }
        }
        self.bits.truncate(kept * words);
    }
}

fn or_into(into: &mut [u64], bits: &[u64]) {
    into.iter_mut().zip(bits).for_each(|(i, b)| *i |= b);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use regex::Regex;

    /// Patterns of every kind the index files: the shipped global ones,
    /// plus unanchored ones, ones without words or first bytes, words
    /// shared between patterns, non-ASCII words and first bytes.
    fn patterns() -> Vec<TextPattern> {
        let set = RuleSet::builtin().unwrap_or_else(|e| panic!("{e}"));
        let global = set.for_host(None).global.expect("_global.toml");
        let content = &global.content;
        let mut all: Vec<TextPattern> = (content.stop_at.iter())
            .chain(&content.drop_text)
            .map(|r| r.compiled.clone())
            .collect();
        for source in [
            "(?i)subscribe",
            "(?i)^copy link$",
            "^(ad\\s*)+$",
            "(?i)^.{0,40}(?-u:\\b)we and our partners use cookies.{0,80}$",
            "(?i)^.{0,40}as an? (amazon|affiliate) (associate|marketer).{0,80}$",
            "(?i)^mehr zum thema .{0,40}$",
            "^Größe: .{0,20}$",
            "(?i)^.{0,30}übersetzung.{0,30}$",
            "^\\w+ us$",
            "(?i)^(join|follow) us$",
            "(?i)^kb$",
            "newsletter",
        ] {
            all.push(TextPattern::new(Regex::new(source).expect("test pattern")));
            all.push(TextPattern::lazy(source).expect("test pattern"));
        }
        all
    }

    /// Texts made of pieces that open, close and fill the patterns above,
    /// in shifting case, with non-ASCII letters and signs among them.
    fn texts() -> Vec<String> {
        const PIECES: &[&str] = &[
            "Follow us",
            "on Twitter",
            "SUBSCRIBE",
            "newsletter",
            "Sign up for our",
            "cookies",
            "We and our partners use",
            "Amazon Associate",
            "as an",
            "copy link",
            "Größe: ",
            "Übersetzung",
            "MEHR ZUM THEMA",
            "\u{212A}B",
            "ad ",
            "Ad",
            "© 2024",
            "All rights reserved.",
            "read more",
            "Related stories",
            "Advertisement",
            " ",
            "é",
            "日本語",
            ".",
            ":",
            "\n",
            "whatsapp",
            "Telegram",
            "x",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut texts = vec![String::new(), " ".to_owned(), "a".repeat(5000)];
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..next(12) {
                let piece = PIECES[next(PIECES.len())];
                match next(3) {
                    0 => text.push_str(&piece.to_uppercase()),
                    1 => text.push_str(&piece.to_lowercase()),
                    _ => text.push_str(piece),
                }
                if next(2) == 0 {
                    text.push(' ');
                }
            }
            if next(10) == 0 {
                text.push_str(&"long text ".repeat(next(200)));
            }
            texts.push(text);
        }
        texts
    }

    /// The index lets a text through for exactly the patterns it is not
    /// too long for (in characters) and whose own first-byte and words
    /// tests it passes; it never rules out a match, and it answers as each
    /// pattern does.
    #[test]
    fn index_answers_as_each_pattern_does() {
        let patterns = patterns();
        let texts = texts();
        // Looking for words one by one, then with the automaton.
        for search_after in [usize::MAX, 1] {
            let index = TextIndex {
                search: Warm::new(search_after),
                ..TextIndex::new(&patterns)
            };
            answers_as_each_pattern_does(&index, &patterns, &texts);
        }
    }

    fn answers_as_each_pattern_does(index: &TextIndex, patterns: &[TextPattern], texts: &[String]) {
        assert_eq!(index.len(), patterns.len());
        let candidates = index.candidates(texts.iter().map(String::as_str));
        let (mut through, mut matched) = (0, 0);
        for (i, text) in texts.iter().enumerate() {
            let chars = text.chars().count();
            for (k, pattern) in patterns.iter().enumerate() {
                let why = || format!("{:?} on {text:?}", pattern.source);
                let passes = pattern.max_chars.is_none_or(|max| chars <= max)
                    && pattern.opens_and_holds(text);
                assert_eq!(candidates.get(i, k), passes, "{}", why());
                let is_match = pattern.is_match(text);
                assert!(passes || !is_match, "{}", why());
                assert_eq!(
                    candidates.is_match(i, text, k, pattern),
                    is_match,
                    "{}",
                    why()
                );
                through += usize::from(passes);
                matched += usize::from(is_match);
            }
        }
        // The texts reach far enough into the patterns to test something.
        assert!(through > 5000 && matched > 500, "{through} {matched}");
    }

    #[test]
    fn an_index_of_no_patterns_lets_nothing_through_and_keeps_no_bits() {
        let index = TextIndex::default();
        assert!(index.is_empty());
        let mut candidates = index.candidates(["", "text"]);
        candidates.remove(&[0]);
        candidates.truncate(0);
        assert!(candidates.bits.is_empty());
    }

    /// Blocks removed (by a `stop_at`, by `drop_text` hits) take their
    /// answers with them: the rest stay lined up with their blocks.
    #[test]
    fn answers_follow_their_blocks_when_blocks_go() {
        let patterns: Vec<TextPattern> = (0..70)
            .map(|k| TextPattern::new(Regex::new(&format!("^w{k}$")).expect("regex")))
            .collect();
        let index = TextIndex::new(&patterns);
        let mut texts: Vec<String> = (0..10).map(|k| format!("w{}", k * 7)).collect();
        let mut candidates = index.candidates(texts.iter().map(String::as_str));
        let agree = |candidates: &Candidates, texts: &[String]| {
            for (i, text) in texts.iter().enumerate() {
                for (k, p) in patterns.iter().enumerate() {
                    assert_eq!(candidates.is_match(i, text, k, p), p.is_match(text));
                }
            }
        };
        agree(&candidates, &texts);
        for gone in [&[0usize, 3, 4][..], &[6], &[]] {
            for &i in gone.iter().rev() {
                texts.remove(i);
            }
            candidates.remove(gone);
            agree(&candidates, &texts);
        }
        texts.truncate(2);
        candidates.truncate(2);
        agree(&candidates, &texts);
        assert_eq!(candidates.bits.len(), 2 * 2);
    }
}
