//! Text measures that hold in every script. Counting words by white space
//! works for English and German but not for Chinese and Japanese, which
//! write no spaces between words, nor for Thai, Lao, Khmer or Burmese, which
//! put spaces between phrases: a five-paragraph Japanese article is a
//! handful of "words" by white space, and every threshold written in words
//! (the shortest article, a paragraph, a caption) turns it away.
//!
//! So every count of words and characters goes through here:
//!
//! - **words**: runs between white space, as before, except that in the
//!   scripts without spaces each ideograph or kana counts as a word (the
//!   convention of word processors for East Asian text; a Chinese word is one
//!   to two characters, so this counts a little high, which errs towards
//!   keeping text), and a Thai-family run counts one word per
//!   [`PHRASE_LETTERS_PER_WORD`] letters (its words run three to six letters).
//! - **characters** ([`Measure::chars`]): non-space characters, where an
//!   ideograph, kana or Hangul syllable weighs [`DENSE_CHAR_WEIGHT`]: one
//!   of them carries about what two or three Latin letters do, and the
//!   thresholds written in characters (a 40-character paragraph, a 25-
//!   character line) were set on Latin text.

/// How many Latin characters one ideograph, kana or Hangul syllable is
/// worth in character thresholds.
pub const DENSE_CHAR_WEIGHT: u32 = 2;

/// Letters of a Thai, Lao, Khmer or Burmese run that count as one word.
pub const PHRASE_LETTERS_PER_WORD: u32 = 4;

/// What kind of writing a character belongs to, as far as counting goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    /// Words separated by spaces (Latin, Cyrillic, Greek, Arabic, Hangul...).
    Spaced,
    /// Han ideographs, kana, and their punctuation: a word per character.
    Ideographic,
    /// Thai, Lao, Khmer, Myanmar: no spaces between words.
    Unspaced,
}

/// Which way `c` is counted. Hangul is spaced, but its syllables are dense.
fn script(c: char) -> Script {
    match c as u32 {
        // Hiragana, Katakana, CJK symbols and punctuation, Bopomofo, Kanbun,
        // CJK strokes, Katakana extensions, enclosed CJK, compatibility.
        0x2E80..=0x2FDF
        | 0x3000..=0x303F
        | 0x3040..=0x30FF
        | 0x3100..=0x312F
        | 0x3190..=0x31FF
        | 0x3200..=0x33FF => Script::Ideographic,
        // CJK unified ideographs and extension A; compatibility ideographs;
        // half-width katakana; extensions B and later.
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF01..=0xFF60 | 0xFF66..=0xFF9F => {
            Script::Ideographic
        }
        0x20000..=0x323AF => Script::Ideographic,
        // Thai, Lao, Myanmar, Khmer.
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF => Script::Unspaced,
        _ => Script::Spaced,
    }
}

/// True for Hangul syllables and jamo: spaced, but dense.
fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F)
}

/// True when `c` is a punctuation mark of the ideographic block (`、。「」`),
/// which separates words rather than being one.
fn is_ideographic_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x30FB | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20)
}

/// Words and weighted characters of a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Measure {
    /// Words, counted as the module explains.
    pub words: u32,
    /// Non-space characters, dense scripts weighted.
    pub chars: u32,
}

impl Measure {
    /// Measures `text`.
    pub fn of(text: &str) -> Measure {
        let bytes = text.as_bytes();
        if text.is_ascii() {
            // Most text on most pages: white space alone separates words
            // (vertical tab not among it, as `u8::is_ascii_whitespace` has it).
            let run = AsciiRun::of(bytes, true, false);
            return Measure {
                words: run.words,
                chars: run.chars,
            };
        }
        let mut m = Measure::default();
        // A spaced run in progress; letters of an unspaced run not yet counted.
        let mut in_word = false;
        let mut unspaced = 0u32;
        let flush = |unspaced: &mut u32, words: &mut u32| {
            *words += unspaced.div_ceil(PHRASE_LETTERS_PER_WORD);
            *unspaced = 0;
        };
        let mut i = 0;
        while i < bytes.len() {
            // Latin-script text with a few accents (most of it) is ASCII
            // but for those: its ASCII runs are counted without the tables.
            let ascii = bytes[i..]
                .iter()
                .position(|&b| !b.is_ascii())
                .unwrap_or(bytes.len() - i);
            if ascii > 0 {
                // As `char::is_whitespace` has it (vertical tab included).
                let run = AsciiRun::of(&bytes[i..i + ascii], !in_word, true);
                flush(&mut unspaced, &mut m.words);
                m.chars += run.chars;
                m.words += run.words;
                in_word = !run.ends_in_space;
                i += ascii;
                if i == bytes.len() {
                    break;
                }
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            if c.is_whitespace() {
                flush(&mut unspaced, &mut m.words);
                in_word = false;
                continue;
            }
            match script(c) {
                Script::Ideographic => {
                    flush(&mut unspaced, &mut m.words);
                    m.chars += DENSE_CHAR_WEIGHT;
                    if !is_ideographic_punctuation(c) {
                        m.words += 1;
                    }
                    // What follows an ideograph starts a new word.
                    in_word = false;
                }
                Script::Unspaced => {
                    m.chars += 1;
                    // Combining vowel and tone marks are part of a letter.
                    if !is_combining(c) {
                        unspaced += 1;
                    }
                    in_word = false;
                }
                Script::Spaced => {
                    flush(&mut unspaced, &mut m.words);
                    m.chars += if is_hangul(c) { DENSE_CHAR_WEIGHT } else { 1 };
                    if !in_word {
                        m.words += 1;
                        in_word = true;
                    }
                }
            }
        }
        flush(&mut unspaced, &mut m.words);
        m
    }
}

/// Eight bytes of text read as one `u64` (little-endian), for scans that
/// test eight ASCII bytes at once: each test leaves the high bit of each
/// byte that passes. The bytes tested must all be below 0x80 (see
/// [`lanes::HIGH`]), so no sum carries into the next byte.
pub(crate) mod lanes {
    /// 0x01 in every byte.
    pub const ONES: u64 = 0x0101_0101_0101_0101;
    /// The high bit of every byte: `x & HIGH == 0` when all eight are ASCII.
    pub const HIGH: u64 = 0x8080_8080_8080_8080;

    /// The bytes of `x` equal to `v`: their xor with it is zero, and only
    /// zero stays below 0x80 when 0x7f is added.
    pub fn equal(x: u64, v: u8) -> u64 {
        !((x ^ (u64::from(v) * ONES)) + 0x7f * ONES) & HIGH
    }

    /// The bytes of `x` from `lo` to `hi` (below 0x80): at least `lo` and
    /// not at least `hi + 1`.
    pub fn within(x: u64, lo: u8, hi: u8) -> u64 {
        (x + (0x80 - u64::from(lo)) * ONES) & !(x + (0x80 - u64::from(hi) - 1) * ONES) & HIGH
    }
}

/// The counts of a run of ASCII text: non-space characters, and words
/// (where a non-space follows a space).
struct AsciiRun {
    chars: u32,
    words: u32,
    /// Its last byte is white space (or it is empty and what came before was).
    ends_in_space: bool,
}

impl AsciiRun {
    /// Counts `bytes` (all ASCII), `after_space` when what came before was
    /// white space; `vertical_tab` when `\x0b` is white space too. Eight
    /// bytes at a time: every text node of every page is measured, and a
    /// byte at a time was most of the measuring.
    fn of(bytes: &[u8], after_space: bool, vertical_tab: bool) -> AsciiRun {
        use lanes::HIGH;
        // The high bit of each byte of `x` (ASCII bytes) that is white space.
        let spaces = |x: u64| -> u64 {
            let mut space = lanes::within(x, 0x09, 0x0d) | lanes::equal(x, b' ');
            if !vertical_tab {
                space &= !lanes::equal(x, 0x0b);
            }
            space
        };
        // Per-byte counters, summed before a byte could overflow.
        let lanes = |acc: u64| -> u32 {
            let pairs = (acc & 0x00ff_00ff_00ff_00ff) + ((acc >> 8) & 0x00ff_00ff_00ff_00ff);
            (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as u32
        };
        let mut run = AsciiRun {
            chars: 0,
            words: 0,
            ends_in_space: after_space,
        };
        let mut prev_space = u64::from(after_space);
        let chunks = bytes.chunks_exact(8);
        let tail = chunks.remainder();
        let (mut chars, mut words, mut n) = (0u64, 0u64, 0);
        for chunk in chunks {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let space = spaces(x);
            let shown = !space & HIGH;
            // A byte starts a word when it shows and the one before is space.
            let starts = shown & ((space << 8) | (prev_space << 7));
            chars += shown >> 7;
            words += starts >> 7;
            prev_space = space >> 63;
            n += 1;
            if n == 255 {
                run.chars += lanes(chars);
                run.words += lanes(words);
                (chars, words, n) = (0, 0, 0);
            }
        }
        run.chars += lanes(chars);
        run.words += lanes(words);
        let mut prev_space = prev_space != 0;
        for &b in tail {
            let space = b == b' ' || ((b'\t'..=b'\r').contains(&b) && (vertical_tab || b != 0x0b));
            run.chars += u32::from(!space);
            run.words += u32::from(prev_space && !space);
            prev_space = space;
        }
        run.ends_in_space = prev_space;
        run
    }
}

/// Thai, Lao, Khmer and Burmese combining marks (vowel signs above and
/// below, tone marks), which belong to the letter before them.
fn is_combining(c: char) -> bool {
    matches!(
        c as u32,
        0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x0EB1 | 0x0EB4..=0x0EBC | 0x0EC8..=0x0ECD
            | 0x102B..=0x103E | 0x17B4..=0x17D3
    )
}

/// Words of `text` (see the module's comment).
pub fn word_count(text: &str) -> usize {
    Measure::of(text).words as usize
}

/// Words that carry letters or digits: as [`word_count`], but a run of
/// marks alone (Markdown's `#`, `-`, `**`, a lone dash) is no word. Used to
/// compare a stored text with a new one whatever their formats.
pub fn content_words(text: &str) -> usize {
    let mut words = 0;
    let mut counted = false;
    for c in text.chars() {
        if c.is_whitespace() {
            counted = false;
        } else if script(c) != Script::Spaced {
            if c.is_alphanumeric() {
                words += 1;
            }
            counted = false;
        } else if !counted && c.is_alphanumeric() {
            words += 1;
            counted = true;
        }
    }
    words
}

/// Text read to detect a language: enough for a reliable guess, little
/// enough to cost nothing beside extraction.
const DETECT_BYTES: usize = 2000;

/// The language of `text` as an ISO 639-1 code (`de`), or 639-3 where a
/// language has no two-letter code; `None` when the text is too short or
/// too mixed for a reliable guess.
pub fn detect_language(text: &str) -> Option<String> {
    let mut end = text.len().min(DETECT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() {
        return None;
    }
    use whatlang::Lang::*;
    let code = match info.lang() {
        Eng => "en",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Pol => "pl",
        Ces => "cs",
        Slk => "sk",
        Rus => "ru",
        Ukr => "uk",
        Tur => "tr",
        Swe => "sv",
        Dan => "da",
        Nob => "no",
        Fin => "fi",
        Jpn => "ja",
        Cmn => "zh",
        Kor => "ko",
        Ara => "ar",
        Heb => "he",
        Hin => "hi",
        Ell => "el",
        Hun => "hu",
        Ron => "ro",
        Bul => "bg",
        Hrv => "hr",
        Srp => "sr",
        Slv => "sl",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Vie => "vi",
        Tha => "th",
        Ind => "id",
        Pes => "fa",
        other => return Some(other.code().to_owned()),
    };
    Some(code.to_owned())
}

/// FNV-1a, 64 bits, as a [`std::hash::Hasher`]: tiny, fast and fixed
/// forever, which is what a hash kept in files across versions needs (it is
/// not a defence against attackers).
#[derive(Debug, Clone, Copy)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv1a {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// A [`std::hash::Hasher`] that takes its input eight bytes at a step
/// (FxHash's mix), for keys held only while a page is read: a byte-wise
/// hash of a long class list or text costs a good part of the work it
/// saves. Not stable across versions and no defence against attackers:
/// keys of in-memory tables only.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fx8(u64);

impl Fx8 {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn mix(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for Fx8 {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // The length first, so that where one input ends is part of it.
        self.mix(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.mix(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.mix(u64::from_le_bytes(tail));
    }

    fn write_u64(&mut self, w: u64) {
        self.mix(w);
    }
}

/// Feeds `hasher` the words of `text` lower-cased and one space apart, so
/// texts that differ only in case, spacing and punctuation hash alike.
/// Returns their [`word_count`] (0: no words).
pub fn hash_words(text: &str, hasher: &mut impl std::hash::Hasher) -> usize {
    if text.is_ascii() {
        hash_ascii_words(text.as_bytes(), hasher)
    } else {
        hash_any_words(text, hasher)
    }
}

/// [`hash_words`] of text in any script.
fn hash_any_words(text: &str, hasher: &mut impl std::hash::Hasher) -> usize {
    let mut words = 0;
    let mut buf = [0u8; 4];
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if words > 0 {
            hasher.write_u8(b' ');
        }
        if word.is_ascii() {
            // A run of ASCII letters and digits is one word.
            words += 1;
            for b in word.bytes() {
                hasher.write_u8(b.to_ascii_lowercase());
            }
        } else {
            words += word_count(word);
            for c in word.chars().flat_map(char::to_lowercase) {
                hasher.write(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    words
}

/// [`hash_words`] of ASCII text, a byte at a time: the same bytes go to
/// the hasher (an ASCII run of letters and digits is one word), without
/// splitting by Unicode classes and counting each word's script.
fn hash_ascii_words(text: &[u8], hasher: &mut impl std::hash::Hasher) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for &b in text {
        if b.is_ascii_alphanumeric() {
            if !in_word {
                if words > 0 {
                    hasher.write_u8(b' ');
                }
                words += 1;
                in_word = true;
            }
            hasher.write_u8(b.to_ascii_lowercase());
        } else {
            in_word = false;
        }
    }
    words
}

/// The characters besides ASCII capitals that lower-case to an ASCII letter.
pub const TO_ASCII: [char; 2] = ['\u{212A}', '\u{130}'];

/// Whether `text` holds one of [`TO_ASCII`].
pub fn holds_to_ascii(text: &str) -> bool {
    holds_any(text, &TO_ASCII)
}

/// True when `text` holds one of `chars`. `str::contains` with several
/// characters decodes every character of a text, and most texts hold none,
/// so are read whole: a vector search for the characters' last bytes turns
/// them away, and a text holding one is searched for each character's
/// UTF-8 bytes (which occur in UTF-8 only where that character is).
pub fn holds_any(text: &str, chars: &[char]) -> bool {
    let mut last = [0u8; 6];
    if chars.len() > last.len() {
        return text.contains(chars);
    }
    for (slot, c) in last.iter_mut().zip(chars) {
        let mut buf = [0u8; 4];
        *slot = *c
            .encode_utf8(&mut buf)
            .as_bytes()
            .last()
            .expect("a character");
    }
    let b = text.as_bytes();
    let candidate = match chars.len() {
        0 => false,
        1 => memchr::memchr(last[0], b).is_some(),
        2 => memchr::memchr2(last[0], last[1], b).is_some(),
        3 => memchr::memchr3(last[0], last[1], last[2], b).is_some(),
        n => {
            memchr::memchr3(last[0], last[1], last[2], b).is_some()
                || last[3..n].iter().any(|&l| memchr::memchr(l, b).is_some())
        }
    };
    candidate
        && chars.iter().any(|c| {
            let mut buf = [0u8; 4];
            memchr::memmem::find(b, c.encode_utf8(&mut buf).as_bytes()).is_some()
        })
}

/// A tally of a text's ASCII letters and digits, lower-cased, in any order:
/// how many, their sum and the sum of their squares. Two texts that
/// [`hash_words`] alike have equal tallies (their words hold the same ASCII
/// letters and digits, case aside), so a text whose tally no other text
/// has cannot repeat one, and need not be hashed: the tally is a few
/// instructions a byte where the hash is a multiplication a byte, one
/// after the other. `None` for a text with a character of [`TO_ASCII`],
/// whose lower-cased words hold a letter its bytes do not.
pub fn letter_tally(text: &str) -> Option<[u32; 3]> {
    // Wrapping sums of 32 bits and no branch: an equal text still tallies
    // equal, and the loop can run in vector lanes.
    let (mut count, mut sum, mut squares, mut high) = (0u32, 0u32, 0u32, 0u8);
    for &b in text.as_bytes() {
        high |= b;
        // Setting bit 5 lower-cases an ASCII letter and leaves a digit.
        let lower = b | 0x20;
        let keep = u32::from(b.is_ascii_digit() || lower.is_ascii_lowercase());
        let v = u32::from(lower) * keep;
        count = count.wrapping_add(keep);
        sum = sum.wrapping_add(v);
        squares = squares.wrapping_add(v * v);
    }
    (high < 0x80 || !holds_to_ascii(text)).then_some([count, sum, squares])
}

/// `text` in Unicode canonical composed form (NFC). Pages write the same
/// letter either way (`ä` as one code point or as `a` and a combining
/// mark; a Bengali `য়` as one or two), and text that is read, searched or
/// compared should not depend on which. Text already composed (all ASCII,
/// most of everything else) is returned as is without a copy.
pub fn to_nfc(text: String) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return text;
    }
    text.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Measures `text` a character at a time, as the module describes:
    /// what [`Measure::of`] must equal.
    fn measured_by_characters(text: &str) -> Measure {
        let mut m = Measure::default();
        let ascii = text.is_ascii();
        let (mut in_word, mut unspaced) = (false, 0u32);
        for c in text.chars() {
            let space = if ascii {
                c.is_ascii_whitespace()
            } else {
                c.is_whitespace()
            };
            let kind = if space { None } else { Some(script(c)) };
            if kind != Some(Script::Unspaced) {
                m.words += unspaced.div_ceil(PHRASE_LETTERS_PER_WORD);
                unspaced = 0;
            }
            match kind {
                None => in_word = false,
                Some(Script::Ideographic) => {
                    m.chars += DENSE_CHAR_WEIGHT;
                    m.words += u32::from(!is_ideographic_punctuation(c));
                    in_word = false;
                }
                Some(Script::Unspaced) => {
                    m.chars += 1;
                    unspaced += u32::from(!is_combining(c));
                    in_word = false;
                }
                Some(Script::Spaced) => {
                    m.chars += if is_hangul(c) { DENSE_CHAR_WEIGHT } else { 1 };
                    m.words += u32::from(!in_word);
                    in_word = true;
                }
            }
        }
        m.words += unspaced.div_ceil(PHRASE_LETTERS_PER_WORD);
        m
    }

    #[test]
    fn measures_read_eight_bytes_at_a_time_as_one_at_a_time() {
        const PIECES: &[&str] = &[
            "a",
            "word",
            " ",
            "  ",
            "\t",
            "\n",
            "\x0b",
            "\x0c",
            "\r",
            "é",
            "\u{a0}",
            "日本",
            "、",
            "ภาษาไทย",
            "한국어",
            ",",
            "x\x0by",
            "\u{3000}",
            "0123456789",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut text = String::new();
            let mut k = seed;
            for _ in 0..(seed % 60) {
                text += PIECES[(k % PIECES.len() as u64) as usize];
                k = k.rotate_left(7) ^ 0x5bd1_e995;
            }
            assert_eq!(
                Measure::of(&text),
                measured_by_characters(&text),
                "{text:?}"
            );
        }
        // Long enough to sum the per-byte counters more than once.
        let long = "ab cd\t".repeat(1000);
        assert_eq!(Measure::of(&long), measured_by_characters(&long));
        assert_eq!(
            Measure::of(&(long.clone() + "é")),
            measured_by_characters(&(long + "é"))
        );
    }

    #[test]
    fn ascii_words_hash_as_in_any_script() {
        use std::hash::Hasher;
        for text in [
            "",
            "  ",
            "Hello, brave new World!",
            "a-b_c 12:30 | x",
            "ALL CAPS   and\tTABS\n42",
        ] {
            let (mut a, mut b) = (Fnv1a::default(), Fnv1a::default());
            let n = hash_ascii_words(text.as_bytes(), &mut a);
            assert_eq!(n, hash_any_words(text, &mut b), "{text:?}");
            assert_eq!(a.finish(), b.finish(), "{text:?}");
        }
    }

    #[test]
    fn spaced_scripts_count_by_white_space() {
        assert_eq!(
            Measure::of("Hello, brave new world."),
            Measure {
                words: 4,
                chars: 20
            }
        );
        assert_eq!(word_count("  Grüße aus  Köln\n"), 3);
        assert_eq!(word_count("Привет, мир"), 2);
        assert_eq!(word_count(""), 0);
    }

    #[test]
    fn ideographs_and_kana_count_a_word_each() {
        // "I went to school today." in Japanese: 10 ideographs and kana, a full stop.
        let m = Measure::of("今日は学校に行きました。");
        assert_eq!(m.words, 11);
        assert_eq!(m.chars, 12 * DENSE_CHAR_WEIGHT);
        // Mixed with Latin: "iPhone" is one word.
        assert_eq!(word_count("新しいiPhoneを買った"), 3 + 1 + 4);
        assert_eq!(word_count("中文 文本"), 4);
    }

    #[test]
    fn hangul_is_spaced_but_dense() {
        let m = Measure::of("한국어 문장입니다");
        assert_eq!(m.words, 2);
        assert_eq!(m.chars, 8 * DENSE_CHAR_WEIGHT);
    }

    #[test]
    fn languages_are_detected_from_text() {
        let de = "Die Stadt hat am Dienstag beschlossen, den Uferweg um drei Kilometer zu verlängern. \
                  Die Befürworter sagen, dass der neue Weg den alten Hafen mit den Parks im Norden verbindet.";
        assert_eq!(detect_language(de).as_deref(), Some("de"));
        let ja = "市議会は火曜日、川沿いの遊歩道を三キロ延長することを決めた。新しい道は古い港と北の公園を結ぶ。";
        assert_eq!(detect_language(ja).as_deref(), Some("ja"));
        assert_eq!(detect_language("ok"), None);
    }

    #[test]
    fn thai_counts_letters_not_spaces() {
        // "Thailand is a beautiful country": one run, no spaces.
        let text = "ประเทศไทยเป็นประเทศที่สวยงาม";
        let letters = text.chars().filter(|&c| !is_combining(c)).count() as u32;
        assert_eq!(
            Measure::of(text).words,
            letters.div_ceil(PHRASE_LETTERS_PER_WORD)
        );
        assert!(Measure::of(text).words >= 5);
    }

    #[test]
    fn text_is_composed_whichever_way_the_page_wrote_it() {
        assert_eq!(to_nfc("Ba\u{0308}r".to_string()), "B\u{00e4}r");
        assert_eq!(to_nfc("B\u{00e4}r".to_string()), "B\u{00e4}r");
        // A letter Unicode keeps decomposed (a composition exclusion)
        // comes out in its one canonical form either way.
        assert_eq!(
            to_nfc("\u{09df}".to_string()),
            to_nfc("\u{09af}\u{09bc}".to_string())
        );
    }

    #[test]
    fn to_ascii_characters_are_found_as_a_search_by_character_finds_them() {
        for text in [
            "plain",
            "Kelvin \u{212A}",
            "\u{130}stanbul",
            "ç\u{131}k",
            "\u{212B}ngstr\u{f6}m",
            "",
        ] {
            assert_eq!(holds_to_ascii(text), text.contains(TO_ASCII), "{text}");
        }
    }

    #[test]
    fn texts_that_hash_alike_tally_alike() {
        let hash = |t: &str| {
            let mut h = Fnv1a::default();
            hash_words(t, &mut h);
            std::hash::Hasher::finish(&h)
        };
        for (a, b) in [
            ("Sign up for our Newsletter!", "sign up  for our newsletter"),
            ("Grüße aus “Köln” — 12 Fotos", "GRÜßE aus Köln 12 fotos"),
            ("naïve café\u{a0}au lait", "NAÏVE CAFÉ au lait"),
            ("東京都の天気", "東京都の天気。"),
        ] {
            assert_eq!(hash(a), hash(b), "{a} / {b}");
            assert_eq!(letter_tally(a), letter_tally(b), "{a} / {b}");
        }
        assert_eq!(letter_tally("Ab 1"), letter_tally("a-B, 1!"));
        assert_ne!(letter_tally("ab"), letter_tally("ac"));
        assert_eq!(letter_tally("Kelvin \u{212A}"), None);
        assert!(letter_tally("plain ’quoted’").is_some());
    }

    #[test]
    fn hashing_counts_each_word_as_word_count_does() {
        for text in [
            "Grüße aus “Köln” — 12 Fotos",
            "東京都の天気 is sunny, 25°C",
            "naïve café\u{a0}au lait, don’t",
            "plain ASCII words only",
        ] {
            let mut hash = Fnv1a::default();
            let expected: usize = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(word_count)
                .sum();
            assert_eq!(hash_words(text, &mut hash), expected, "{text}");
        }
    }

    #[test]
    fn holding_any_of_some_characters_is_told_by_their_last_bytes() {
        let sets: [&[char]; 5] = [
            &['|'],
            &['|', '·', '•'],
            &['|', '·', '•', '—', '–'],
            &[],
            &['a', 'b', 'c', 'd', 'e', 'f', '·'],
        ];
        for text in [
            "",
            "a | b",
            "a · b",
            "Anna — 2024",
            "x – y",
            "plain",
            "·",
            "ü é ¢ ¤",
            "€ ‚ ‡",
        ] {
            for set in sets {
                assert_eq!(holds_any(text, set), text.contains(set), "{text:?} {set:?}");
            }
        }
    }
}
