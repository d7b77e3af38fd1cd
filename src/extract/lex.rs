//! The tokenizer in front of html5ever's tree builder. html5ever's own
//! tokenizer reads markup a character at a time through shared tendrils:
//! each character of a tag or attribute name costs 150-200 instructions,
//! a third of a small page's run, more than a peer's whole extraction
//! spends beyond the same parse. This one reads the same tokens by byte
//! search (tags, attributes, text, character references, the raw text of
//! `<title>`, `<style>`, `<script>`...) and hands them to html5ever's tree
//! builder, so the tree is built by the standard's rules exactly as
//! before.
//!
//! It covers what pages are made of and nothing more. At the first
//! construct it does not read (a CDATA section, a bogus comment after
//! `<!`, an unusual doctype, a NUL, `<plaintext>`, a tag or comment cut off
//! by the end of the page) it stops at the start of that
//! token, in the tokenizer's data state, and html5ever's tokenizer reads
//! the rest of the page into the same tree builder. Tests compare the
//! trees both ways build ([`parse_document`] against html5ever's
//! driver).
//!
//! It also runs the nesting guard ([`super::guard`]) as it reads, so a page
//! is read once: the guard judges each tag, and what it would have cut
//! from the page is left out of the tokens instead.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{ns, Attribute, LocalName, QualName, TokenizerResult};
// The entity tables html5ever's tokenizer reads, so references decode the
// same either way.
use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

use super::guard::{lowered, Guard, Keep, Named, TagRead, Verdict};

/// Parses `source` into `sink` as html5ever's `parse_document` does.
pub fn parse_document<S: TreeSink>(source: &str, sink: S, opts: TreeBuilderOpts) -> S::Output {
    parse(source, sink, opts, None)
}

/// Parses `source` as html5ever would parse it after `guard::prepare`
/// with `keep`: the nesting guard reads each tag as this tokenizer reads
/// it, and its verdicts are applied to the tokens (white space between
/// tags shrunk, over-deep tags and the attributes nobody reads left out,
/// script and style bodies and closed drawings skipped unread), so the
/// page is read once rather than rewritten and read again.
pub fn parse_guarded<S: TreeSink>(
    source: &str,
    sink: S,
    opts: TreeBuilderOpts,
    keep: Option<Keep<'_>>,
) -> S::Output {
    parse(source, sink, opts, Some(keep))
}

/// [`parse_document`], or with `guard` (the attributes kept, if filtered)
/// [`parse_guarded`].
fn parse<S: TreeSink>(
    source: &str,
    sink: S,
    opts: TreeBuilderOpts,
    guard: Option<Option<Keep<'_>>>,
) -> S::Output {
    let tokenizer = Tokenizer::new(TreeBuilder::new(sink, opts), TokenizerOpts::default());
    // The input stream's preprocessing: line breaks become `\n`.
    let normalised;
    let source = if memchr::memchr(b'\r', source.as_bytes()).is_some() {
        normalised = line_breaks_normalised(source);
        normalised.as_str()
    } else {
        source
    };
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut guard = guard.map(|keep| Guard::new(source, keep));
    // A NUL is read differently in every state: html5ever reads such a page.
    let (handed_over, unguarded_to) = if memchr::memchr(0, source.as_bytes()).is_some() {
        (Some(Handover::At(0)), 0)
    } else {
        let mut lexer = Lexer {
            src: source,
            bytes: source.as_bytes(),
            page: Page::of(source),
            pos: 0,
            tokenizer: &tokenizer,
            guard: guard.as_mut(),
            names: Names::default(),
            unguarded_to: 0,
        };
        (lexer.run(), lexer.unguarded_to)
    };
    if let Some(handover) = handed_over {
        // The guard read `<plaintext>`'s content as raw text, untouched,
        // and may be reading raw text already.
        let (at, raw_to) = match handover {
            Handover::At(at) => (at, unguarded_to.max(at)),
            Handover::Plaintext(at, raw_to) => {
                tokenizer.set_plaintext_state();
                (at, raw_to.unwrap_or(at).max(unguarded_to))
            }
        };
        // The rest goes to html5ever as the guard would have rewritten it,
        // its reading carried on from where this one stopped.
        let rest = match guard {
            Some(guard) if raw_to > at => {
                std::borrow::Cow::Owned(source[at..raw_to].to_owned() + &guard.rewrite(raw_to))
            }
            Some(guard) => guard.rewrite(at),
            None => std::borrow::Cow::Borrowed(&source[at..]),
        };
        let queue = BufferQueue::default();
        queue.push_back(StrTendril::from_slice(&rest));
        while !matches!(tokenizer.feed(&queue), TokenizerResult::Done) {}
    }
    tokenizer.end();
    tokenizer.sink.sink.finish()
}

/// `source` with each `\r\n` and lone `\r` made `\n`, as the input stream
/// is preprocessed. One pass, copying runs between carriage returns (two
/// generic `replace` calls took a tenth of such a page's parse).
fn line_breaks_normalised(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut from = 0;
    for at in memchr::memchr_iter(b'\r', bytes) {
        out.push_str(&source[from..at]);
        out.push('\n');
        from = if bytes.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
    }
    out.push_str(&source[from..]);
    out
}

/// Where html5ever's tokenizer takes over, and in which state.
enum Handover {
    /// In the data state, at this byte.
    At(usize),
    /// In the PLAINTEXT state (after `<plaintext>`), at this byte; the
    /// guard read on as raw text to the second.
    Plaintext(usize, Option<usize>),
}

/// Tag and attribute names met lately, by their bytes as written: the atom
/// each lower-cases to, what the guard reads off a tag's name, and whether
/// it keeps an attribute. Making an atom copies the name into it, or for a
/// name of more than seven bytes hashes it into the static set (and takes a
/// lock for one not there); the guard's answers hash the name into its
/// tables; a page names the same few dozen things thousands of times.
/// Names longer than a slot holds are worked out each time.
#[derive(Default)]
struct Names(std::cell::RefCell<Vec<NameSlot>>);

/// One name of [`Names`].
#[derive(Clone, Default)]
struct NameSlot {
    bytes: [u8; Names::LONGEST],
    len: u8,
    atom: LocalName,
    /// What the guard reads off it as a tag's name, once asked.
    named: Option<Named>,
    /// The guard's answer for it as an attribute's name, once asked.
    kept: Option<bool>,
}

impl Names {
    const LONGEST: usize = 24;
    const SLOTS: usize = 256;

    /// The atom of the tag name `name` (as written), and what the guard
    /// reads off it.
    fn tag(&self, name: &str) -> (LocalName, Named) {
        self.with(
            name,
            |slot| {
                let named = *slot.named.get_or_insert_with(|| Named::of(name));
                (slot.atom.clone(), named)
            },
            || (LocalName::from(lowered(name).as_ref()), Named::of(name)),
        )
    }

    /// The atom of the attribute name `name` (as written), and with
    /// `keeps` (the guard's test of a lower-cased name) whether it is kept.
    fn attribute(&self, name: &str, keeps: Option<&dyn Fn(&str) -> bool>) -> (LocalName, bool) {
        let ask = |keeps: &dyn Fn(&str) -> bool| keeps(&lowered(name));
        self.with(
            name,
            |slot| {
                let kept = keeps.is_none_or(|k| *slot.kept.get_or_insert_with(|| ask(k)));
                (slot.atom.clone(), kept)
            },
            || {
                (
                    LocalName::from(lowered(name).as_ref()),
                    keeps.is_none_or(ask),
                )
            },
        )
    }

    /// `hit` of the slot of `name`, filled with its atom if it held
    /// another name; `unslotted()` for a name no slot holds.
    fn with<T>(
        &self,
        name: &str,
        hit: impl FnOnce(&mut NameSlot) -> T,
        unslotted: impl FnOnce() -> T,
    ) -> T {
        let b = name.as_bytes();
        if b.is_empty() || b.len() > Names::LONGEST {
            return unslotted();
        }
        let mut slots = self.0.borrow_mut();
        if slots.is_empty() {
            slots.resize(Names::SLOTS, NameSlot::default());
        }
        // A slot by the name's length and a few of its letters.
        let slot = (b.len() * 31
            + usize::from(b[0]) * 7
            + usize::from(b[b.len() - 1]) * 3
            + usize::from(b[b.len() / 2]))
            % Names::SLOTS;
        let entry = &mut slots[slot];
        if usize::from(entry.len) != b.len() || !same_bytes(&entry.bytes, b) {
            entry.bytes[..b.len()].copy_from_slice(b);
            entry.len = b.len() as u8;
            entry.atom = LocalName::from(lowered(name).as_ref());
            entry.named = None;
            entry.kept = None;
        }
        hit(entry)
    }
}

/// Whether `name` (at most [`Names::LONGEST`] bytes) opens `slot`: eight
/// bytes compared at a time, where a slice comparison called the C
/// library's for a dozen bytes (every tag and attribute name of a page).
fn same_bytes(slot: &[u8; Names::LONGEST], name: &[u8]) -> bool {
    let word = |b: &[u8]| u64::from_ne_bytes(b.try_into().expect("eight bytes"));
    let mut words = name.chunks_exact(8);
    let whole = words
        .by_ref()
        .zip(slot.chunks_exact(8))
        .all(|(a, b)| word(a) == word(b));
    let tail = words.remainder();
    let at = name.len() - tail.len();
    whole && tail.iter().zip(&slot[at..]).all(|(a, b)| a == b)
}

/// Attributes on one tag past which duplicates are found by a set.
const MANY_ATTRIBUTES: usize = 16;

/// The tokenizer's white space (a carriage return is a line feed by now).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b' ')
}

/// The reading position in a page, and the tree builder its tokens go to.
struct Lexer<'s, 't, 'g, 'k, H, S>
where
    S: TreeSink<Handle = H>,
{
    src: &'s str,
    bytes: &'s [u8],
    /// The page in one shared buffer, which text and attribute values
    /// that are the page's own characters are views of.
    page: Page<'s>,
    pos: usize,
    tokenizer: &'t Tokenizer<TreeBuilder<H, S>>,
    /// The nesting guard, when the parse is guarded.
    guard: Option<&'g mut Guard<'s, 'k>>,
    /// Names met lately, and the guard's answers for them.
    names: Names,
    /// The guard does not read before this: raw text to its reading that
    /// the tree builder reads as markup (`<xmp>` in a frameset), which the
    /// guard's rewrite leaves as it is.
    unguarded_to: usize,
}

impl<'s, H: Clone, S: TreeSink<Handle = H>> Lexer<'s, '_, '_, '_, H, S> {
    /// Hands a token to the tree builder. Only a start tag's answer
    /// matters (it may switch the tokenizer to raw text); the others'
    /// (`</script>` pausing for the script) mean nothing here.
    fn emit(&self, token: Token) -> TokenSinkResult<H> {
        self.tokenizer.sink.process_token(token, 1)
    }

    fn put(&self, token: Token) {
        let _ = self.emit(token);
    }

    fn emit_text(&self, text: &mut Pending) {
        if let Some(text) = text.take(&self.page) {
            self.put(Token::CharacterTokens(text));
        }
    }

    /// Reads tokens to the end of the page or the first one it leaves to
    /// html5ever (returned).
    fn run(&mut self) -> Option<Handover> {
        let mut text = Pending::default();
        loop {
            let rest = &self.bytes[self.pos..];
            let Some(off) = memchr::memchr2(b'<', b'&', rest) else {
                text.read(self.src, self.pos, self.src.len());
                self.emit_text(&mut text);
                return None;
            };
            let at = self.pos + off;
            text.read(self.src, self.pos, at);
            if self.bytes[at] == b'&' {
                self.pos = at + 1;
                match char_ref(self.src, self.pos, false) {
                    Some((chars, end)) => {
                        text.copied(self.src).extend(chars);
                        self.pos = end;
                    }
                    None => text.read(self.src, at, at + 1),
                }
                continue;
            }
            let next = self.bytes.get(at + 1).copied();
            match next {
                Some(c) if c.is_ascii_alphabetic() => {
                    let Some((tag, verdict, end)) =
                        self.next_tag(at, at + 1, TagKind::StartTag, &mut text)
                    else {
                        return Some(Handover::At(at));
                    };
                    if let Some(handover) = self.start_tag(tag, verdict, end, &mut text) {
                        return Some(handover);
                    }
                }
                Some(b'/') => match self.bytes.get(at + 2) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        let Some((tag, verdict, _)) =
                            self.next_tag(at, at + 2, TagKind::EndTag, &mut text)
                        else {
                            return Some(Handover::At(at));
                        };
                        if !verdict.dropped {
                            self.put(Token::TagToken(tag));
                        }
                    }
                    // `</>` is nothing at all.
                    Some(b'>') => self.pos = at + 3,
                    _ => {
                        self.emit_text(&mut text);
                        return Some(Handover::At(at));
                    }
                },
                Some(b'!') if self.bytes[at..].starts_with(b"<!--") => {
                    let end = super::guard::comment_end(self.bytes, at + 2);
                    if end > self.bytes.len() || !self.bytes[..end].ends_with(b">") {
                        self.emit_text(&mut text);
                        return Some(Handover::At(at));
                    }
                    // The guard cuts comments: the text on their two sides
                    // runs together.
                    let guarded = self.guarding(at);
                    self.pos = end;
                    if !guarded {
                        self.emit_text(&mut text);
                        // The sink keeps no comment text: only the node counts.
                        self.put(Token::CommentToken(StrTendril::new()));
                    }
                }
                Some(b'!') => {
                    self.emit_text(&mut text);
                    match self.doctype(at) {
                        Some((doctype, end)) => {
                            self.pos = end;
                            self.put(Token::DoctypeToken(doctype));
                        }
                        None => return Some(Handover::At(at)),
                    }
                }
                Some(b'?') => {
                    // `<?xml ...?>`: a bogus comment up to the first `>`.
                    self.emit_text(&mut text);
                    let Some(e) = memchr::memchr(b'>', &self.bytes[at..]) else {
                        return Some(Handover::At(at));
                    };
                    self.put(Token::CommentToken(StrTendril::from_slice(
                        &self.src[at + 1..at + e],
                    )));
                    self.pos = at + e + 1;
                }
                // Not a tag: the `<` is text.
                _ => {
                    text.read(self.src, at, at + 1);
                    self.pos = at + 1;
                }
            }
        }
    }

    /// Reads the tag whose `<` is at `at` and name at `from`, has the guard
    /// judge it, and hands the tree builder the text before it; reading
    /// goes on past the tag. `None` when the page ends inside the tag (the
    /// text is handed over all the same).
    fn next_tag(
        &mut self,
        at: usize,
        from: usize,
        kind: TagKind,
        text: &mut Pending,
    ) -> Option<(Tag, Verdict, usize)> {
        let Some((tag, named, name_end, end)) = self.tag(from, kind) else {
            self.emit_text(text);
            return None;
        };
        let verdict = self.judge(at, name_end, end, (&tag, named), text);
        self.emit_text(text);
        self.pos = end;
        Some((tag, verdict, end))
    }

    /// Hands the tree builder a start tag ending at `end`, as the guard's
    /// `verdict` has it, and reads what its answer makes raw text; the
    /// hand-over to html5ever if it opens `<plaintext>`.
    fn start_tag(
        &mut self,
        tag: Tag,
        verdict: Verdict,
        end: usize,
        text: &mut Pending,
    ) -> Option<Handover> {
        if verdict.dropped {
            return None;
        }
        if verdict.svg_opened {
            if let Some((end_tag, close)) = self.skip_drawing(end) {
                self.put(Token::TagToken(tag));
                self.put(Token::TagToken(end_tag));
                self.pos = close;
                return None;
            }
        }
        let name = tag.name.clone();
        let answer = self.emit(Token::TagToken(tag));
        if verdict.close_iframe {
            // What `<iframe/>` means to a browser that runs scripts (see
            // `guard`); its raw text is empty.
            self.put(Token::TagToken(Tag {
                kind: TagKind::EndTag,
                name,
                self_closing: false,
                attrs: Vec::new(),
                had_duplicate_attributes: false,
            }));
            return None;
        }
        match verdict.raw_text {
            // Code or a style sheet: its end tag is next.
            Some((body_end, true)) => {
                self.pos = body_end;
                return None;
            }
            Some((body_end, false)) if !matches!(answer, TokenSinkResult::RawData(_)) => {
                self.unguarded_to = body_end;
            }
            _ => {}
        }
        match answer {
            TokenSinkResult::RawData(kind) => self.raw_text(kind, &name, text),
            TokenSinkResult::Plaintext => {
                let raw_to = verdict.raw_text.map(|(to, _)| to);
                return Some(Handover::Plaintext(end, raw_to));
            }
            _ => {}
        }
        None
    }

    /// True when the guard reads the page at `at`.
    fn guarding(&self, at: usize) -> bool {
        self.guard.is_some() && at >= self.unguarded_to
    }

    /// The body of a raw text element whose start tag `name` ends at
    /// `self.pos`, up to its end tag (left for the main loop), as text.
    fn raw_text(&mut self, kind: RawKind, name: &LocalName, text: &mut Pending) {
        let from = self.pos;
        let end = super::guard::raw_text_end(
            self.bytes,
            from,
            name.as_bytes(),
            kind == RawKind::ScriptData,
        );
        if kind == RawKind::Rcdata {
            // Character references are read in titles and text areas.
            push_decoded(text.copied(self.src), &self.src[from..end], false);
        } else {
            text.read(self.src, from, end);
        }
        self.emit_text(text);
        self.pos = end;
    }

    /// Hands the tag just read (its `<` at `at`) to the guard, if any, and
    /// applies its verdict on the white space before it, which is what
    /// `text` holds then. No guard: the tag stays as it is.
    fn judge(
        &mut self,
        at: usize,
        name_end: usize,
        end: usize,
        (tag, named): (&Tag, Named),
        text: &mut Pending,
    ) -> Verdict {
        let guarded = self.guarding(at);
        let Some(guard) = self.guard.as_deref_mut().filter(|_| guarded) else {
            return Verdict::default();
        };
        let closing = tag.kind == TagKind::EndTag;
        let verdict = guard.tag(&TagRead {
            start: at,
            end,
            name: &self.src[at + 1 + usize::from(closing)..name_end],
            named,
            closing,
            self_closing: tag.self_closing,
        });
        if let Some((from, to, with)) = verdict.blank {
            debug_assert_eq!(text.as_str(self.src), &self.src[from..to]);
            text.set(with);
        }
        verdict
    }

    /// When the `<svg>` whose start tag ends at `from` closes cleanly: its
    /// end tag and where reading goes on, past it, the drawing between
    /// skipped unread (as the guard cuts it). `None` when it does not:
    /// then the drawing is read.
    fn skip_drawing(&mut self, from: usize) -> Option<(Tag, usize)> {
        let guard = self.guard.as_deref_mut()?;
        let (close, after) = guard.svg_close(from)?;
        let (tag, _, _, end) = self.tag(close + 2, TagKind::EndTag)?;
        // The guard's reading carries on from past the end tag.
        **self.guard.as_mut()? = after;
        Some((tag, end))
    }

    /// Reads a tag whose name starts at `from`: the token, what the guard
    /// reads off its name, the end of its name and the index just past its
    /// `>`, or `None` when the page ends inside it. A start tag's
    /// attributes that the guard does not keep are left out.
    fn tag(&self, from: usize, kind: TagKind) -> Option<(Tag, Named, usize, usize)> {
        let bytes = self.bytes;
        let name_end = from
            + bytes[from..]
                .iter()
                .position(|&b| is_space(b) || b == b'/' || b == b'>')?;
        let (name, named) = self.names.tag(&self.src[from..name_end]);
        // End tags' attributes are dropped: they are read past, not kept.
        let filter = match kind {
            TagKind::StartTag => self
                .guard
                .as_deref()
                .filter(|g| g.filters() && self.guarding(from)),
            TagKind::EndTag => None,
        };
        let start_tag = kind == TagKind::StartTag;
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut duplicates = false;
        let mut seen: Option<std::collections::HashSet<LocalName>> = None;
        let mut self_closing = false;
        let mut k = name_end;
        // The states between attributes: before a name, or after a `/`.
        loop {
            let b = *bytes.get(k)?;
            if is_space(b) {
                k += 1;
                continue;
            }
            if b == b'>' {
                k += 1;
                break;
            }
            if b == b'/' {
                if *bytes.get(k + 1)? == b'>' {
                    self_closing = true;
                    k += 2;
                    break;
                }
                k += 1;
                continue;
            }
            // An attribute name: its first character may be `=`.
            let start = k;
            k += 1;
            k += bytes[k..]
                .iter()
                .position(|&b| is_space(b) || matches!(b, b'/' | b'>' | b'='))?;
            let attr_name = &self.src[start..k];
            // After the name: white space, then `=` or the next attribute.
            while is_space(*bytes.get(k)?) {
                k += 1;
            }
            let mut value = (k, k);
            if bytes[k] == b'=' {
                k += 1;
                while is_space(*bytes.get(k)?) {
                    k += 1;
                }
                match bytes[k] {
                    q @ (b'"' | b'\'') => {
                        let len = memchr::memchr(q, &bytes[k + 1..])?;
                        value = (k + 1, k + 1 + len);
                        k += len + 2;
                    }
                    // No value at all: `a=>`.
                    b'>' => {}
                    _ => {
                        let len = bytes[k..].iter().position(|&b| is_space(b) || b == b'>')?;
                        value = (k, k + len);
                        k += len;
                    }
                }
            }
            if !start_tag {
                continue;
            }
            let keeps = filter.map(|g| move |name: &str| g.keeps(name));
            let (local, kept) = self.names.attribute(
                attr_name,
                keeps.as_ref().map(|k| k as &dyn Fn(&str) -> bool),
            );
            if !kept {
                continue;
            }
            // A hostile tag may hold thousands of attributes: past a few,
            // duplicates are looked up in a set, not the list.
            let seen_before = if attrs.len() < MANY_ATTRIBUTES {
                attrs.iter().any(|a| a.name.local == local)
            } else {
                let seen = seen
                    .get_or_insert_with(|| attrs.iter().map(|a| a.name.local.clone()).collect());
                !seen.insert(local.clone())
            };
            if seen_before {
                duplicates = true;
            } else {
                attrs.push(Attribute {
                    name: QualName::new(None, ns!(), local),
                    value: self.attribute_value(value.0, value.1),
                });
            }
            // After a quoted value a name may follow at once (`a="1"b`):
            // the loop reads it as the next attribute either way.
        }
        Some((
            Tag {
                kind,
                name,
                self_closing,
                attrs,
                had_duplicate_attributes: duplicates,
            },
            named,
            name_end,
            k,
        ))
    }

    /// An attribute's value between `from` and `to`, references decoded.
    fn attribute_value(&self, from: usize, to: usize) -> StrTendril {
        let raw = &self.src[from..to];
        if memchr::memchr(b'&', raw.as_bytes()).is_none() {
            return self.page.slice(from, to);
        }
        let mut value = String::with_capacity(raw.len());
        push_decoded(&mut value, raw, true);
        StrTendril::from(value)
    }

    /// Reads `<!DOCTYPE name>` with optional public and system ids at
    /// `at`; `None` for any other `<!` construct or form.
    fn doctype(&self, at: usize) -> Option<(Doctype, usize)> {
        let bytes = self.bytes;
        let head = bytes.get(at..at + 9)?;
        if !head.eq_ignore_ascii_case(b"<!doctype") {
            return None;
        }
        let mut k = at + 9;
        let spaces = |k: &mut usize| -> Option<usize> {
            let from = *k;
            while is_space(*bytes.get(*k)?) {
                *k += 1;
            }
            Some(*k - from)
        };
        if spaces(&mut k)? == 0 {
            return None;
        }
        let name_len = bytes[k..].iter().position(|&b| is_space(b) || b == b'>')?;
        if name_len == 0 {
            return None;
        }
        let name = lowered(&self.src[k..k + name_len]).into_owned();
        k += name_len;
        let mut doctype = Doctype {
            name: Some(StrTendril::from(name)),
            public_id: None,
            system_id: None,
            force_quirks: false,
        };
        let quoted = |k: &mut usize| -> Option<StrTendril> {
            let q = *bytes.get(*k)?;
            if q != b'"' && q != b'\'' {
                return None;
            }
            let len = memchr::memchr(q, &bytes[*k + 1..])?;
            let id = &self.src[*k + 1..*k + 1 + len];
            // A `>` inside ends the doctype early: left to html5ever.
            if id.contains('>') {
                return None;
            }
            *k += len + 2;
            Some(StrTendril::from_slice(id))
        };
        spaces(&mut k)?;
        let keyword = bytes.get(k..k + 6)?;
        if keyword.eq_ignore_ascii_case(b"public") {
            k += 6;
            if spaces(&mut k)? == 0 {
                return None;
            }
            doctype.public_id = Some(quoted(&mut k)?);
            if spaces(&mut k)? > 0 && bytes.get(k) != Some(&b'>') {
                doctype.system_id = Some(quoted(&mut k)?);
                spaces(&mut k)?;
            }
        } else if keyword.eq_ignore_ascii_case(b"system") {
            k += 6;
            if spaces(&mut k)? == 0 {
                return None;
            }
            doctype.system_id = Some(quoted(&mut k)?);
            spaces(&mut k)?;
        }
        (bytes.get(k) == Some(&b'>')).then_some((doctype, k + 1))
    }
}

/// The page in one shared buffer (`None` past the 4 GiB a tendril
/// holds). A view of it costs a count, where a copy of each text and
/// attribute value cost an allocation each, and the allocator's fast path
/// ran at a quarter of the speed of the code around it (cache misses on
/// blocks just freed).
struct Page<'s> {
    src: &'s str,
    shared: Option<StrTendril>,
}

impl<'s> Page<'s> {
    fn of(src: &'s str) -> Page<'s> {
        let shared = u32::try_from(src.len())
            .ok()
            .map(|_| StrTendril::from_slice(src));
        Page { src, shared }
    }

    /// `src[from..to]` as a tendril.
    fn slice(&self, from: usize, to: usize) -> StrTendril {
        let src = self.src;
        match &self.shared {
            Some(page) if src.is_char_boundary(from) && src.is_char_boundary(to) && from <= to => {
                // SAFETY: `page` holds `src`'s bytes, and `from..to` is a
                // range of `src` between character boundaries, so the view
                // is in bounds and valid UTF-8 (what `subtendril` would
                // check again, character by character, at both ends). Both
                // fit in u32: the whole page does.
                unsafe { page.unsafe_subtendril(from as u32, (to - from) as u32) }
            }
            _ => StrTendril::from_slice(&src[from..to]),
        }
    }
}

/// The text read since the last token: while it is one run of the page's
/// own characters, that run (handed over as a view of the page); once a
/// reference is decoded in it or the guard shrinks it, a copy.
#[derive(Default)]
struct Pending {
    from: usize,
    to: usize,
    /// The text is `buf`, not `from..to`.
    is_copy: bool,
    buf: String,
}

impl Pending {
    /// Appends the page's `src[from..to]`.
    fn read(&mut self, src: &str, from: usize, to: usize) {
        if from == to {
            return;
        }
        if !self.is_copy {
            if self.from == self.to {
                (self.from, self.to) = (from, to);
                return;
            }
            if self.to == from {
                self.to = to;
                return;
            }
        }
        self.copied(src).push_str(&src[from..to]);
    }

    /// The text as a copy, to append what is not the page's own.
    fn copied(&mut self, src: &str) -> &mut String {
        if !self.is_copy {
            self.buf.clear();
            self.buf.push_str(&src[self.from..self.to]);
            self.is_copy = true;
        }
        &mut self.buf
    }

    /// Replaces the text with `text`.
    fn set(&mut self, text: &str) {
        self.is_copy = true;
        self.buf.clear();
        self.buf.push_str(text);
    }

    /// The text, `src` being the page.
    fn as_str<'a>(&'a self, src: &'a str) -> &'a str {
        if self.is_copy {
            &self.buf
        } else {
            &src[self.from..self.to]
        }
    }

    /// The text as a token's, if any, leaving none.
    fn take(&mut self, page: &Page<'_>) -> Option<StrTendril> {
        let text = if self.is_copy {
            (!self.buf.is_empty()).then(|| StrTendril::from_slice(&self.buf))
        } else {
            (self.from < self.to).then(|| page.slice(self.from, self.to))
        };
        self.is_copy = false;
        (self.from, self.to) = (0, 0);
        text
    }
}

/// Appends `text` to `out` with its character references decoded (as in
/// an attribute's value when `in_attribute`).
fn push_decoded(out: &mut String, text: &str, in_attribute: bool) {
    let mut k = 0;
    while let Some(off) = memchr::memchr(b'&', &text.as_bytes()[k..]) {
        out.push_str(&text[k..k + off]);
        k += off + 1;
        match char_ref(text, k, in_attribute) {
            Some((chars, end)) => {
                out.extend(chars);
                k = end;
            }
            None => out.push('&'),
        }
    }
    out.push_str(&text[k..]);
}

/// The character reference whose text starts at `from` (just past the
/// `&`) in `src`: its characters and the index past it, or `None` when
/// the `&` is text. Follows html5ever's reading: the longest name in the
/// table (with or without `;`), except that in an attribute a name without
/// `;` followed by `=` or a letter or digit is text; numbers with or
/// without `;`, out-of-range ones replaced.
fn char_ref(src: &str, from: usize, in_attribute: bool) -> Option<(CharRefChars, usize)> {
    let bytes = src.as_bytes();
    match *bytes.get(from)? {
        b'#' => numeric_ref(bytes, from + 1),
        b if b.is_ascii_alphanumeric() => {
            // Most references are a name and `;` (`&amp;`): names end at
            // `;`, so such a name in the table is the longest match, found
            // with one lookup rather than one per letter.
            let run = bytes[from..]
                .iter()
                .take(LONGEST_ENTITY)
                .position(|b| !b.is_ascii_alphanumeric());
            if let Some(len) = run.filter(|&len| bytes[from + len] == b';') {
                if let Some(&(c1, c2)) = NAMED_ENTITIES.get(&src[from..=from + len]) {
                    if c1 != 0 {
                        return entity(c1, c2, from + len + 1);
                    }
                }
            }
            let mut best: Option<(u32, u32, usize)> = None;
            let mut k = from;
            while k < bytes.len() && bytes[k].is_ascii() {
                match NAMED_ENTITIES.get(&src[from..=k]) {
                    Some(&(c1, c2)) => {
                        if c1 != 0 {
                            best = Some((c1, c2, k + 1));
                        }
                        k += 1;
                    }
                    None => break,
                }
            }
            let (c1, c2, end) = best?;
            if in_attribute
                && bytes[end - 1] != b';'
                && bytes
                    .get(end)
                    .is_some_and(|&b| b == b'=' || b.is_ascii_alphanumeric())
            {
                return None;
            }
            entity(c1, c2, end)
        }
        _ => None,
    }
}

/// The longest entity name in the table, `;` included.
const LONGEST_ENTITY: usize = 32;

/// A named reference's one or two characters (`c2` 0 for one), ending at `end`.
fn entity(c1: u32, c2: u32, end: usize) -> Option<(CharRefChars, usize)> {
    let first = char::from_u32(c1)?;
    let second = if c2 == 0 {
        None
    } else {
        Some(char::from_u32(c2)?)
    };
    Some((CharRefChars(Some(first), second), end))
}

/// The one or two characters a reference stands for.
struct CharRefChars(Option<char>, Option<char>);

impl Iterator for CharRefChars {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        self.0.take().or_else(|| self.1.take())
    }
}

/// A numeric reference whose `#` is just before `from`.
fn numeric_ref(bytes: &[u8], from: usize) -> Option<(CharRefChars, usize)> {
    let (base, mut k) = match bytes.get(from) {
        Some(b'x' | b'X') => (16, from + 1),
        _ => (10, from),
    };
    let digits_from = k;
    let mut num: u32 = 0;
    let mut too_big = false;
    while let Some(d) = bytes.get(k).and_then(|&b| char::from(b).to_digit(base)) {
        num = num.wrapping_mul(base);
        if num > 0x10FFFF {
            too_big = true;
        }
        num = num.wrapping_add(d);
        k += 1;
    }
    if k == digits_from {
        return None;
    }
    if bytes.get(k) == Some(&b';') {
        k += 1;
    }
    let c = match num {
        n if n > 0x10FFFF || too_big => '\u{fffd}',
        0x00 | 0xD800..=0xDFFF => '\u{fffd}',
        0x80..=0x9F => C1_REPLACEMENTS[(num - 0x80) as usize]
            .unwrap_or_else(|| char::from_u32(num).unwrap_or('\u{fffd}')),
        n => char::from_u32(n).unwrap_or('\u{fffd}'),
    };
    Some((CharRefChars(Some(c), None), k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_compared_with_its_slot_byte_for_byte() {
        let mut slot = [0u8; Names::LONGEST];
        let name = b"data-very-long-attribute";
        slot.copy_from_slice(name);
        for len in 0..=Names::LONGEST {
            assert!(same_bytes(&slot, &name[..len]), "{len}");
            for k in 0..len {
                let mut other = name[..len].to_vec();
                other[k] ^= 0x20;
                assert!(!same_bytes(&slot, &other), "{len} {k}");
            }
        }
    }

    fn decoded(text: &str, in_attribute: bool) -> String {
        let mut out = String::new();
        push_decoded(&mut out, text, in_attribute);
        out
    }

    #[test]
    fn a_tag_with_many_attributes_keeps_the_first_of_each() {
        let mut page = String::from("<p");
        for i in 0..50_000 {
            page += &format!(" a{} = {i}", i % 25_000);
        }
        page += ">x";
        let tree = crate::extract::tree::parse(&page);
        let p = (0..tree.len() as crate::extract::tree::Id)
            .find_map(|id| tree.element(id).filter(|e| &*e.name.local == "p"))
            .expect("the paragraph");
        assert_eq!(p.attrs.len(), 25_000);
        assert_eq!(p.attr("a7"), Some("7"));
    }

    #[test]
    fn names_met_lately_are_never_mistaken_for_others() {
        let names = Names::default();
        // Same slot: same length and the letters the slot reads.
        let words = [
            "data-a-x",
            "data-b-x",
            "DATA-A-X",
            "class",
            "Class",
            "id",
            "x",
            &"long-".repeat(9),
        ];
        let keeps = |n: &str| n.starts_with("data-a");
        for _ in 0..3 {
            for w in words {
                let lower = w.to_ascii_lowercase();
                assert_eq!(
                    names.attribute(w, Some(&keeps)),
                    (LocalName::from(lower.as_str()), lower.starts_with("data-a"))
                );
                assert_eq!(
                    names.attribute(w, None),
                    (LocalName::from(lower.as_str()), true)
                );
                assert_eq!(
                    names.tag(w),
                    (LocalName::from(lower.as_str()), Named::of(&lower))
                );
            }
        }
        assert!(!names.attribute("", Some(&|n: &str| !n.is_empty())).1);
    }

    #[test]
    fn pending_text_is_a_view_of_the_page_until_it_cannot_be() {
        // A view points into the page's own buffer; a copy does not.
        let in_page = |page: &Page, t: &StrTendril| {
            let buf = page
                .shared
                .as_ref()
                .expect("a page under 4 GiB")
                .as_bytes()
                .as_ptr_range();
            buf.contains(&t.as_ptr())
        };
        let src = "one two three&amp;four<b>five</b>";
        let page = Page::of(src);
        let mut text = Pending::default();
        // Adjacent runs of the page join into one view.
        text.read(src, 0, 8);
        text.read(src, 8, 13);
        let t = text.take(&page).expect("text");
        assert_eq!(&*t, "one two three");
        assert!(in_page(&page, &t));
        assert!(text.take(&page).is_none(), "taking leaves nothing");
        // A decoded reference makes it a copy, which later runs extend.
        text.read(src, 0, 13);
        text.copied(src).push('&');
        text.read(src, 18, 22);
        let t = text.take(&page).expect("text");
        assert_eq!(&*t, "one two three&four");
        assert!(!in_page(&page, &t));
        // Runs apart (a comment cut between them) are copied together.
        text.read(src, 0, 3);
        text.read(src, 7, 13);
        assert_eq!(&*text.take(&page).expect("text"), "one three");
        // The guard's shrunk white space replaces what was read.
        text.read(src, 3, 4);
        text.set("\n");
        assert_eq!(&*text.take(&page).expect("text"), "\n");
        // Views end on the page's characters, not just its bytes.
        let wide = "naïve café text here";
        let page = Page::of(wide);
        let mut text = Pending::default();
        text.read(wide, 0, wide.len());
        let t = text.take(&page).expect("text");
        assert_eq!(&*t, wide);
        assert!(in_page(&page, &t));
        assert_eq!(&*page.slice(7, 20), "café text he");
    }

    #[test]
    fn line_breaks_become_line_feeds() {
        for (raw, want) in [
            ("a\r\nb\rc\n", "a\nb\nc\n"),
            ("\r\r\n\n\r", "\n\n\n\n"),
            ("é\r\n", "é\n"),
            ("none", "none"),
        ] {
            assert_eq!(line_breaks_normalised(raw), want, "{raw:?}");
            assert_eq!(raw.replace("\r\n", "\n").replace('\r', "\n"), want);
        }
    }

    #[test]
    fn no_entity_name_is_longer_than_the_fast_path_reads() {
        let longest = html5ever::data::NAMED_ENTITIES
            .entries()
            .map(|(name, _)| name.len())
            .max();
        assert_eq!(longest, Some(LONGEST_ENTITY));
    }

    #[test]
    fn references_read_as_the_standard_reads_them() {
        assert_eq!(decoded("a &amp; b &lt;c&gt;", false), "a & b <c>");
        assert_eq!(decoded("&amp &ampx &notit; &notin;", false), "& &x ¬it; ∉");
        assert_eq!(decoded("AT&T &foo; &", false), "AT&T &foo; &");
        assert_eq!(
            decoded("&#65;&#x42;&#X43&#0;&#128;&#xD800;&#1114112;", false),
            "ABC\u{fffd}€\u{fffd}\u{fffd}"
        );
        assert_eq!(decoded("&#;&#x;&#a", false), "&#;&#x;&#a");
        assert_eq!(decoded("&NotEqualTilde; &acE;", false), "≂̸ ∾̳");
        // In attributes, a legacy name glued to `=` or a letter is text.
        assert_eq!(
            decoded("?a=1&amp=2&copy3&copy;&copy", true),
            "?a=1&amp=2&copy3©©"
        );
    }
}
