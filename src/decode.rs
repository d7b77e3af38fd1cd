//! Bytes to text. Pages arrive as bytes in whatever encoding the server or the
//! file happened to use, sometimes gzip-compressed, sometimes lying about
//! their charset; everything after this stage works on text (`str`): a view
//! of the bytes when they are already clean UTF-8 (most pages), else a copy.
//!
//! Order of evidence: a byte-order mark, then the HTTP `Content-Type` charset,
//! then `<meta charset>` / `http-equiv` in the first bytes, then detection with
//! `chardetng`. A declared charset that the bytes contradict (a page labelled
//! UTF-8 that is not valid UTF-8) falls through to detection.

use std::borrow::Cow;
use std::io::Read;

use encoding_rs::Encoding;
use thiserror::Error;

/// The largest page we accept after decompression (bytes). Real pages are a
/// few MB at most; this bounds memory for a gzip bomb or a runaway body.
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;

/// Why a page's bytes could not be turned into text.
#[derive(Debug, Error)]
pub enum DecodeError {
    /// Nothing to decode.
    #[error("empty input")]
    Empty,
    /// Larger than the configured limit (after decompression).
    #[error("too large: more than {limit} bytes")]
    TooLarge {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// The bytes are not text (NULs and control bytes throughout).
    #[error("binary data, not HTML ({reason})")]
    Binary {
        /// What gave it away.
        reason: &'static str,
    },
    /// A gzip stream that does not inflate.
    #[error("corrupt gzip data: {0}")]
    Gzip(#[source] std::io::Error),
}

/// Text decoded from a page, with the encoding that was used.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    /// The page as text: the page's own bytes when they were valid UTF-8
    /// with nothing to repair, so a page is not copied before it is parsed.
    pub text: Cow<'a, str>,
    /// The encoding used, by its WHATWG name (`UTF-8`, `windows-1252`).
    pub encoding: &'static str,
    /// Where the encoding came from.
    pub source: CharsetSource,
}

/// Which piece of evidence chose the encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// A byte-order mark.
    Bom,
    /// The HTTP `Content-Type` header.
    Header,
    /// A `<meta>` declaration in the page.
    Meta,
    /// Statistical detection.
    Detected,
}

/// True when the bytes start like a gzip stream.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
}

/// Inflates gzip data, refusing to produce more than `limit` bytes.
pub fn gunzip(bytes: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(4).min(limit));
    let mut reader = flate2::read::MultiGzDecoder::new(bytes).take(limit as u64 + 1);
    reader.read_to_end(&mut out).map_err(DecodeError::Gzip)?;
    if out.len() > limit {
        return Err(DecodeError::TooLarge { limit });
    }
    Ok(out)
}

/// Decodes a page: inflates gzip, checks size and binary content, picks the
/// charset and decodes. Invalid byte sequences become U+FFFD; NUL bytes and
/// the other control characters that are never text (C0 except whitespace,
/// DEL, C1) are dropped.
pub fn decode<'a>(
    bytes: &'a [u8],
    content_type: Option<&str>,
    limit: usize,
) -> Result<Decoded<'a>, DecodeError> {
    if is_gzip(bytes) {
        let inflated = gunzip(bytes, limit)?;
        let decoded = decode_plain(&inflated, content_type, limit)?;
        return Ok(Decoded {
            text: Cow::Owned(decoded.text.into_owned()),
            ..decoded
        });
    }
    decode_plain(bytes, content_type, limit)
}

/// [`decode`] of bytes that are not gzip.
fn decode_plain<'a>(
    bytes: &'a [u8],
    content_type: Option<&str>,
    limit: usize,
) -> Result<Decoded<'a>, DecodeError> {
    if bytes.len() > limit {
        return Err(DecodeError::TooLarge { limit });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    let choice = choose_encoding(bytes, content_type);
    let encoding = choice.encoding;
    if encoding != encoding_rs::UTF_16LE && encoding != encoding_rs::UTF_16BE {
        check_not_binary(bytes)?;
    }
    let text = match (encoding == encoding_rs::UTF_8, choice.valid_utf8) {
        // Already validated (without a byte-order mark, or the choice
        // would have come from it): decoding would validate it again.
        (true, Some(text)) => Cow::Borrowed(text),
        _ => encoding.decode(bytes).0,
    };
    let text = match without_mojibake(&text) {
        Some(fixed) => Cow::Owned(fixed),
        None => text,
    };
    let text = match without_junk_controls(&text) {
        Some(clean) => Cow::Owned(clean),
        None => text,
    };
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        source: choice.source,
    })
}

/// The windows-1252 characters in 0x80..=0x9F, by byte; `None` where the
/// code page has no character there.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The UTF-8 continuation byte (0x80..=0xBF) that `c` stood for when UTF-8
/// was read as windows-1252 or Latin-1.
fn continuation_byte(c: char) -> Option<u8> {
    match c as u32 {
        // Latin-1 reads 0x80..=0xBF as the same code points.
        code @ 0x80..=0xbf => Some(code as u8),
        _ => CP1252_HIGH
            .iter()
            .position(|&w| w == Some(c))
            .map(|i| 0x80 + i as u8),
    }
}

/// The character spelled by the mojibake opening `s`, and how many bytes of
/// `s` it takes. Only the lead bytes of the common cases: 0xC2 and 0xC3
/// (Latin-1 symbols and accented letters: "Â°", "Ã©") and 0xE2 (general
/// punctuation: "â€™", "â€œ", "â€”"). As text, "Ã" or "â" before such
/// symbols never occurs, so a match is mojibake, not a word.
fn mojibake_at(s: &str) -> Option<(char, usize)> {
    let mut chars = s.chars();
    let lead = chars.next()?;
    let (lead_byte, need) = match lead {
        '\u{c2}' => (0xc2, 1),
        '\u{c3}' => (0xc3, 1),
        '\u{e2}' => (0xe2, 2),
        _ => return None,
    };
    let mut buf = [lead_byte, 0, 0];
    let mut len = lead.len_utf8();
    for slot in buf.iter_mut().skip(1).take(need) {
        let c = chars.next()?;
        *slot = continuation_byte(c)?;
        len += c.len_utf8();
    }
    let fixed = std::str::from_utf8(&buf[..=need]).ok()?.chars().next()?;
    // 0xC2 before 0x80..=0x9F spells a C1 control, which is no text.
    (fixed >= '\u{a0}').then_some((fixed, len))
}

/// `text` with its mojibake repaired: pages that went through UTF-8 read
/// as windows-1252 (or Latin-1) and saved again show "donâ€™t" for
/// "don’t" and "360Â°" for "360°", which no reader wants and no search
/// matches. `None` when it has none (nearly every page).
fn without_mojibake(text: &str) -> Option<String> {
    // The three leads are U+00C2, U+00C3 and U+00E2: in UTF-8, 0xC3 and
    // 0x82, 0x83 or 0xA2. A byte search finds them (a search by character
    // decoded every page, a tenth of a run's instructions).
    let bytes = text.as_bytes();
    let mut edit = Splice::default();
    for i in memchr::memchr_iter(0xc3, bytes) {
        if i < edit.copied || !matches!(bytes.get(i + 1), Some(0x82 | 0x83 | 0xa2)) {
            continue;
        }
        if let Some((fixed, len)) = mojibake_at(&text[i..]) {
            edit.replace(text, i, len, Some(fixed));
        }
    }
    edit.finish(text)
}

/// A copy of a text with some byte ranges replaced, made only once the
/// first is: the text between them is copied in runs.
#[derive(Default)]
struct Splice {
    out: Option<String>,
    /// Where the text not yet copied starts.
    copied: usize,
}

impl Splice {
    /// Replaces the `len` bytes of `text` at `at` (after the last range
    /// replaced) with `with`, or with nothing.
    fn replace(&mut self, text: &str, at: usize, len: usize, with: Option<char>) {
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(&text[self.copied..at]);
        out.extend(with);
        self.copied = at + len;
    }

    /// The edited text; `None` when nothing was replaced.
    fn finish(self, text: &str) -> Option<String> {
        let mut out = self.out?;
        out.push_str(&text[self.copied..]);
        Some(out)
    }
}

/// Control characters that are never text: C0 controls other than tab,
/// line feed, form feed and carriage return; DEL; the C1 range. Pages carry
/// them by accident (pasted from word processors, legacy bytes with no
/// character), and a reader never wants them.
fn is_junk_control(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// What a C1 control (U+0080..U+009F) becomes: in web pages these are
/// windows-1252 punctuation that went through a Latin-1 conversion (U+0097
/// was an em dash, U+0092 an apostrophe), so they get their windows-1252
/// character back where it has one, and are dropped where it has none.
fn c1_replacement(code: u8) -> Option<char> {
    let byte = [code];
    let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
    decoded.chars().next().filter(|&w| !is_junk_control(w))
}

/// `text` without its junk controls ([`is_junk_control`]), C1 controls
/// replaced ([`c1_replacement`]); `None` when it has none (nearly every
/// page). Works on bytes: in UTF-8 the C0 controls and DEL are single
/// bytes, and a C1 control is 0xC2 and a byte in 0x80..=0x9F. The text
/// between junk is copied in runs.
fn without_junk_controls(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    // The length of the junk control at `i`, if one starts there.
    let junk_at = |i: usize| match bytes[i] {
        0x00..=0x08 | 0x0b | 0x0e..=0x1f | 0x7f => Some(1),
        0xc2 if bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)) => Some(2),
        _ => None,
    };
    let mut edit = Splice::default();
    // In chunks, with a branch-free test per byte that the compiler
    // vectorises; only a chunk that may hold one is read byte by byte. A
    // C1 control's second byte may open the next chunk: the first is 0xC2.
    const CHUNK: usize = 64;
    // 0xC2 is common (it leads a no-break space, a copyright sign, a
    // guillemet): a chunk holding one but no C0 control is searched for
    // that byte alone.
    for (n, chunk) in bytes.chunks(CHUNK).enumerate() {
        let (control, lead) = chunk.iter().fold((false, false), |(control, lead), &b| {
            (
                control | (b < 0x09) | (b == 0x0b) | (b.wrapping_sub(0x0e) < 0x12) | (b == 0x7f),
                lead | (b == 0xc2),
            )
        });
        let mut at = |i: usize| {
            if i < edit.copied {
                return;
            }
            match junk_at(i) {
                Some(1) => edit.replace(text, i, 1, None),
                Some(len) => edit.replace(text, i, len, c1_replacement(bytes[i + 1])),
                None => {}
            }
        };
        if control {
            (n * CHUNK..n * CHUNK + chunk.len()).for_each(at);
        } else if lead {
            memchr::memchr_iter(0xc2, chunk).for_each(|off| at(n * CHUNK + off));
        }
    }
    edit.finish(text)
}

/// The encoding [`choose_encoding`] picked, and why.
struct Choice<'a> {
    encoding: &'static Encoding,
    source: CharsetSource,
    /// The bytes as text, when they were found to be valid UTF-8 on the way.
    valid_utf8: Option<&'a str>,
}

/// Picks the encoding per the order in the module comment.
fn choose_encoding<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Choice<'a> {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return Choice {
            encoding,
            source: CharsetSource::Bom,
            valid_utf8: None,
        };
    }
    let declared = content_type
        .and_then(charset_from_content_type)
        .map(|e| (e, CharsetSource::Header))
        .or_else(|| meta_charset(bytes).map(|e| (e, CharsetSource::Meta)));
    let utf8 = Utf8Evidence::of(bytes);
    let choice = |encoding, source| Choice {
        encoding,
        source,
        valid_utf8: utf8.valid,
    };
    if let Some((enc, source)) = declared {
        // UTF-16 labels on ASCII-compatible bytes are always wrong (the
        // WHATWG rule: a meta that says UTF-16 means UTF-8).
        let utf16 = enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE;
        if utf16 && source == CharsetSource::Meta {
            return choice(encoding_rs::UTF_8, source);
        }
        if enc == encoding_rs::UTF_8 {
            // A UTF-8 label is believed when the bytes are (mostly) UTF-8: a
            // few broken sequences in a UTF-8 page become U+FFFD rather than
            // sending the whole page to detection, which would garble every
            // correct character. A page without a single multi-byte sequence
            // but with stray high bytes was saved in a legacy charset.
            if utf8.mostly_utf8() {
                return choice(enc, source);
            }
        } else if utf8.invalid == 0 && utf8.multibyte > 0 {
            // Any other label on bytes that are flawless UTF-8 with non-ASCII
            // text is a lie: legacy-encoded text is essentially never valid
            // UTF-8 by accident (a template saved as UTF-8 under an old header).
            return choice(encoding_rs::UTF_8, CharsetSource::Detected);
        } else {
            return choice(enc, source);
        }
    }
    if utf8.mostly_utf8() {
        return choice(encoding_rs::UTF_8, CharsetSource::Detected);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    choice(
        detector.guess(None, chardetng::Utf8Detection::Allow),
        CharsetSource::Detected,
    )
}

/// How UTF-8-like a page's bytes are.
#[derive(Debug, Clone, Copy)]
struct Utf8Evidence<'a> {
    /// Well-formed multi-byte characters (in valid UTF-8, just 1 when
    /// there are any).
    multibyte: usize,
    /// Maximal invalid byte sequences.
    invalid: usize,
    /// The bytes as text, when they are valid UTF-8.
    valid: Option<&'a str>,
}

impl<'a> Utf8Evidence<'a> {
    fn of(bytes: &'a [u8]) -> Self {
        // The common case, valid UTF-8, on the fast validator; only the
        // presence of multi-byte characters matters then.
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Utf8Evidence {
                multibyte: usize::from(!bytes.is_ascii()),
                invalid: 0,
                valid: Some(text),
            };
        }
        let mut evidence = Utf8Evidence {
            multibyte: 0,
            invalid: 0,
            valid: None,
        };
        for chunk in bytes.utf8_chunks() {
            evidence.multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
            evidence.invalid += usize::from(!chunk.invalid().is_empty());
        }
        evidence
    }

    /// Valid UTF-8, or UTF-8 with some broken sequences among at least as
    /// many good ones (a truncated character, a pasted legacy snippet).
    /// Legacy-encoded text has next to no valid multi-byte sequences: almost
    /// every non-ASCII byte in it is an invalid sequence of its own.
    fn mostly_utf8(&self) -> bool {
        self.invalid == 0 || (self.multibyte > 0 && self.multibyte >= self.invalid)
    }
}

/// The charset parameter of a `Content-Type` value, if it names a known encoding.
pub fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(value.trim().trim_matches(['"', '\'']).as_bytes())
    })
}

/// Finds `<meta charset=...>` or `<meta http-equiv=content-type content="...charset=...">`
/// in the first 4 KiB, as browsers do (a light scan, not a parse).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos + 5;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(cs) = find(tag, b"charset") {
            let rest = &tag[cs + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let value = trim_start(rest);
                let value = value
                    .strip_prefix(b"\"")
                    .or_else(|| value.strip_prefix(b"'"))
                    .unwrap_or(value);
                let len = value
                    .iter()
                    .position(|b| {
                        matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>')
                            || b.is_ascii_whitespace()
                    })
                    .unwrap_or(value.len());
                if let Some(enc) = Encoding::for_label(&value[..len]) {
                    return Some(enc);
                }
            }
        }
        from = end;
    }
    None
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// Refuses data that is clearly not text: a well-known binary signature, or
/// more than one byte in 32 of the first 8 KiB a control byte (random or
/// compressed data has one in ten; text has next to none, and a page with a
/// stray NUL or bell character is still a page).
fn check_not_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF-", "PDF signature"),
        (b"\x89PNG", "PNG signature"),
        (b"\xff\xd8\xff", "JPEG signature"),
        (b"GIF8", "GIF signature"),
        (b"PK\x03\x04", "ZIP signature"),
        (b"\x7fELF", "ELF signature"),
        (b"RIFF", "RIFF signature"),
    ];
    for (sig, what) in SIGNATURES {
        if bytes.starts_with(sig) {
            return Err(DecodeError::Binary { reason: what });
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    // Counted without branches, in byte-wide lanes the compiler
    // vectorises (a chunk's count fits a byte): every page's head is read.
    let control: usize = head
        .chunks(255)
        .map(|chunk| {
            let n = chunk.iter().fold(0u8, |n, &b| {
                n + u8::from((b < 0x09) | ((b.wrapping_sub(0x0e) < 0x12) & (b != 0x1b)))
            });
            usize::from(n)
        })
        .sum();
    if control > 8 && control * 32 > head.len() {
        return Err(DecodeError::Binary {
            reason: "control bytes throughout",
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_is_repaired() {
        // UTF-8 read as windows-1252 and saved as UTF-8 again, and the same
        // through Latin-1 (C1 controls where windows-1252 has punctuation).
        let page =
            "<meta charset=utf-8><p>donâ€™t turn 360Â° â€œnowâ€\u{9d}, cafÃ© â\u{80}\u{94} ok</p>";
        let d = decode(page.as_bytes(), None, DEFAULT_MAX_BYTES).unwrap();
        assert!(
            d.text.contains("don’t turn 360° “now”, café — ok"),
            "{}",
            d.text
        );
    }

    #[test]
    fn real_letters_are_not_mojibake() {
        // "Â", "Ã" and "â" as letters, beside ordinary text and symbols.
        let page = "<p>NÃO SÃ PAULO, pâté à 5 €, Âge d'or, mâ€</p>";
        let d = decode(page.as_bytes(), None, DEFAULT_MAX_BYTES).unwrap();
        assert!(
            d.text.contains("NÃO SÃ PAULO, pâté à 5 €, Âge d'or, mâ€"),
            "{}",
            d.text
        );
    }

    #[test]
    fn header_charset_wins_over_meta() {
        let page = "<meta charset=utf-8><p>caf\u{e9}</p>";
        let bytes = encoding_rs::WINDOWS_1252.encode(page).0;
        let d = decode(
            &bytes,
            Some("text/html; charset=ISO-8859-1"),
            DEFAULT_MAX_BYTES,
        )
        .unwrap();
        assert!(d.text.contains("café"));
        assert_eq!(d.source, CharsetSource::Header);
    }

    #[test]
    fn meta_charset_is_read() {
        let bytes = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body>";
        let d = decode(bytes, None, DEFAULT_MAX_BYTES).unwrap();
        assert!(d.text.contains("Привет"), "{}", d.text);
        assert_eq!(d.source, CharsetSource::Meta);
    }

    #[test]
    fn lying_utf8_meta_falls_back_to_detection() {
        let page = "<meta charset=utf-8><p>Ça coûte très cher, déjà été là-bas à Noël</p>";
        let bytes = encoding_rs::WINDOWS_1252.encode(page).0;
        let d = decode(&bytes, None, DEFAULT_MAX_BYTES).unwrap();
        assert!(d.text.contains("coûte très"), "{}", d.text);
        assert_eq!(d.source, CharsetSource::Detected);
    }

    #[test]
    fn bom_wins() {
        let mut bytes = vec![0xef, 0xbb, 0xbf];
        bytes.extend_from_slice("<p>naïve</p>".as_bytes());
        let d = decode(&bytes, Some("text/html; charset=latin1"), DEFAULT_MAX_BYTES).unwrap();
        assert!(d.text.contains("naïve"));
        assert_eq!(d.source, CharsetSource::Bom);
    }

    #[test]
    fn clean_utf8_is_the_page_itself_and_anything_else_a_copy() {
        let clean = "<p>naïve café</p>".as_bytes();
        let d = decode(clean, None, DEFAULT_MAX_BYTES).unwrap();
        assert!(matches!(d.text, Cow::Borrowed(t) if t.as_ptr() == clean.as_ptr()));
        // A byte-order mark is left out of the view.
        let bom = b"\xef\xbb\xbf<p>x</p>";
        let d = decode(bom, None, DEFAULT_MAX_BYTES).unwrap();
        assert!(matches!(d.text, Cow::Borrowed("<p>x</p>")));
        // A control character, mojibake: each is copied without it.
        let control = "<p>a\u{1}b</p>".as_bytes();
        let mojibake = "<p>donâ€™t</p>".as_bytes();
        for (bytes, text) in [(control, "<p>ab</p>"), (mojibake, "<p>don’t</p>")] {
            let d = decode(bytes, None, DEFAULT_MAX_BYTES).unwrap();
            assert!(matches!(d.text, Cow::Owned(_)), "{text}");
            assert_eq!(d.text, text);
        }
    }

    #[test]
    fn invalid_utf8_and_nul_never_panic() {
        let bytes = b"<p>ok \xff\xfe\x00 still ok</p>";
        let d = decode(bytes, Some("text/html; charset=utf-8"), DEFAULT_MAX_BYTES).unwrap();
        assert!(d.text.contains("still ok"));
        assert!(!d.text.contains('\0'));
    }

    #[test]
    fn control_characters_are_dropped() {
        let page = "<p>bell\u{7} esc\u{1b} del\u{7f} vt\u{b} kept:\ttab\u{c}ff\r\n é</p>";
        let d = decode(page.as_bytes(), None, DEFAULT_MAX_BYTES).unwrap();
        assert_eq!(d.text, "<p>bell esc del vt kept:\ttab\u{c}ff\r\n é</p>");
        // C1 controls are windows-1252 punctuation gone astray; those with
        // no windows-1252 character (0x81) are dropped.
        let page = "<p>the place \u{97} so it\u{92}s \u{93}here\u{94}\u{85}\u{81}</p>";
        let d = decode(page.as_bytes(), None, DEFAULT_MAX_BYTES).unwrap();
        assert_eq!(d.text, "<p>the place — so it’s “here”…</p>");
        assert_eq!(without_junk_controls("<p>clean é ©\u{a0}</p>"), None);
        // A C1 control split across the scan's chunks, one far in, and
        // controls side by side at the end.
        let split = "a".repeat(63) + "\u{85}b";
        assert_eq!(
            without_junk_controls(&split).as_deref(),
            Some(("a".repeat(63) + "…b").as_str())
        );
        let far = "a\n".repeat(500) + "\u{1}z\u{7f}\u{81}";
        assert_eq!(
            without_junk_controls(&far).as_deref(),
            Some(("a\n".repeat(500) + "z").as_str())
        );
        assert_eq!(without_junk_controls(&"a\u{a0}\t\r\n".repeat(500)), None);
        // Every character as the character-by-character rule has it.
        let all: String = (0u32..0x2000).filter_map(char::from_u32).collect();
        let expected: String = all
            .chars()
            .filter_map(|c| match u32::from(c) {
                code @ 0x80..=0x9f if is_junk_control(c) => c1_replacement(code as u8),
                _ if is_junk_control(c) => None,
                _ => Some(c),
            })
            .collect();
        assert_eq!(without_junk_controls(&all), Some(expected));
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert!(matches!(decode(b"", None, 100), Err(DecodeError::Empty)));
        assert!(matches!(
            decode(b"  \n", None, 100),
            Err(DecodeError::Empty)
        ));
        assert!(matches!(
            decode(b"%PDF-1.7 blah", None, 100),
            Err(DecodeError::Binary { .. })
        ));
        let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
        assert!(matches!(
            decode(&noise, None, 1 << 20),
            Err(DecodeError::Binary { .. })
        ));
    }

    #[test]
    fn broken_sequences_in_a_utf8_page_do_not_garble_the_rest() {
        let mut bytes =
            b"<meta charset=utf-8><p>na\xc3\xafve caf\xc3\xa9, d\xc3\xa9j\xc3\xa0 vu ".to_vec();
        bytes.extend_from_slice("crème brûlée, señor, Grüße ".as_bytes());
        bytes.extend_from_slice(b"\xff broken \xc3( end</p>");
        for ct in [None, Some("text/html; charset=utf-8")] {
            let d = decode(&bytes, ct, DEFAULT_MAX_BYTES).unwrap();
            assert_eq!(d.encoding, "UTF-8");
            assert!(d.text.contains("naïve café, déjà vu"), "{}", d.text);
            assert!(
                d.text.contains("\u{fffd} broken \u{fffd}( end"),
                "{}",
                d.text
            );
        }
        // Undeclared, the same evidence wins over detection.
        let d = decode(&bytes[20..], None, DEFAULT_MAX_BYTES).unwrap();
        assert!(d.text.contains("naïve café"), "{}", d.text);
    }

    #[test]
    fn legacy_label_on_utf8_bytes_is_overruled() {
        let page = "<meta charset=shift_jis><p>日本語のページです。Grüße</p>";
        let d = decode(page.as_bytes(), None, DEFAULT_MAX_BYTES).unwrap();
        assert!(d.text.contains("日本語のページです。Grüße"), "{}", d.text);
        assert_eq!(d.encoding, "UTF-8");
        let d = decode(
            page.as_bytes(),
            Some("text/html; charset=iso-8859-1"),
            DEFAULT_MAX_BYTES,
        )
        .unwrap();
        assert!(d.text.contains("Grüße"), "{}", d.text);
        // A real Shift_JIS page keeps its label.
        let sjis = encoding_rs::SHIFT_JIS.encode(page).0;
        let d = decode(&sjis, None, DEFAULT_MAX_BYTES).unwrap();
        assert_eq!((d.encoding, d.source), ("Shift_JIS", CharsetSource::Meta));
        assert!(d.text.contains("日本語のページです。"), "{}", d.text);
    }

    #[test]
    fn random_bytes_are_binary_but_stray_control_bytes_are_not() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20 {
            let noise: Vec<u8> = (0..8192)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state >> 24) as u8
                })
                .collect();
            assert!(
                matches!(
                    decode(&noise, None, DEFAULT_MAX_BYTES),
                    Err(DecodeError::Binary { .. })
                ),
                "random bytes taken for text"
            );
        }
        let mut page = "<html><head><title>Bells</title></head><body>".to_string();
        for i in 0..40 {
            page.push_str(&format!(
                "<p>Line {i} rings a bell\u{7} with a stray byte.</p>"
            ));
        }
        let d = decode(page.as_bytes(), None, DEFAULT_MAX_BYTES).unwrap();
        assert!(d.text.contains("Line 39 rings"));
    }

    #[test]
    fn gzip_bomb_is_bounded() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..64 {
            enc.write_all(&zeros).unwrap();
        }
        let gz = enc.finish().unwrap();
        assert!(gz.len() < 1 << 20);
        assert!(matches!(
            decode(&gz, None, 8 << 20),
            Err(DecodeError::TooLarge { .. })
        ));
    }

    #[test]
    fn gzip_input_is_inflated() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all("<p>Grüße</p>".as_bytes()).unwrap();
        let gz = enc.finish().unwrap();
        let d = decode(&gz, None, DEFAULT_MAX_BYTES).unwrap();
        assert!(d.text.contains("Grüße"));
    }
}
