//! What page furniture says, in the languages of the web: the lead-ins of
//! teasers for other stories ("Lesen Sie auch:", "À lire aussi"), section
//! headings around an article ("Das könnte Sie auch interessieren",
//! "関連記事"), share, follow, print and advertising labels, newsletter and
//! paywall prompts, cookie notices, view counters, image credits, and the
//! shapes of bylines and dates.
//!
//! Structure finds most boilerplate (link density, position, repetition);
//! these words catch what structure cannot tell from a short paragraph of
//! the article. The word lists and patterns are in `vocab::sources`; this
//! module decides which of them a block is tested against. The lists are
//! phrases, not single common words, except where a word alone on a line
//! can only be a label ("Teilen", "Anzeige").
//!
//! Every pattern is anchored at the start of a block, labels and headings
//! at both ends, and [`furniture`] tests only blocks of a few words and a
//! few hundred characters, so a paragraph that merely mentions a newsletter
//! is never a match. Lengths are tested here, apart from the patterns:
//! counted repeats make automata large.

use std::sync::LazyLock;

use super::vocab::patterns::{
    AROUND_HEADING, BYLINE, CONTACT, COUNTER, CREDIT, DATE, DATE_LED, LABEL, MORE_HEADING, NOTICE,
    PROMPT, SIGNATURE, SOURCE, TEASER,
};
use super::vocab::sources::{
    APP_CALLS, CHANNEL_CALLS, COOKIE_PHRASES, CREDIT_WORDS, FORM_NOTES, NOTICE_MAX_WORDS,
};

/// Cookie notices, found as substrings of the lower-cased text (a phrase
/// anywhere in a short block). Most phrases say "cookie", and nearly every
/// block does not: those are searched, all in one pass, only in blocks
/// that hold the word (one SIMD substring search). The few phrases of
/// languages with their own word are searched in every block: a block all
/// in ASCII (most) can hold only the ones in ASCII, a substring search or
/// two. Each automaton is built the first time a block needs it: building
/// them was a fifteenth of a one-page run, which may need neither.
static COOKIE_WORDED: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    // An automaton quick to build (a DFA of them takes longer to build
    // than a one-page run spends searching).
    quick_automaton(&cookie_phrases(true)).expect("built-in cookie phrases")
});

/// See [`COOKIE_WORDED`]: the phrases without the word.
static COOKIE_OTHER: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::new(cookie_phrases(false)).expect("built-in cookie phrases")
});

/// See [`COOKIE_WORDED`]: the phrases without the word that are in ASCII.
static COOKIE_OTHER_ASCII: LazyLock<Needles> =
    LazyLock::new(|| Needles::of(cookie_phrases(false).into_iter().filter(|p| p.is_ascii())));

/// A few phrases, each with its searcher built once: a text is asked for
/// them block after block, and building a search per phrase and text cost
/// more than the search.
struct Needles(Vec<memchr::memmem::Finder<'static>>);

impl Needles {
    fn of(phrases: impl IntoIterator<Item = &'static str>) -> Needles {
        Needles(
            (phrases.into_iter())
                .map(|p| memchr::memmem::Finder::new(p.as_bytes()))
                .collect(),
        )
    }

    /// True when `text` holds one of the phrases.
    fn any_in(&self, text: &str) -> bool {
        self.0.iter().any(|f| f.find(text.as_bytes()).is_some())
    }
}

/// The cookie notices' phrases that say "cookie" (`worded`), or the others.
fn cookie_phrases(worded: bool) -> Vec<&'static str> {
    (COOKIE_PHRASES.iter().copied())
        .filter(|p| p.contains(COOKIE_WORD) == worded)
        .collect()
}

/// An automaton for phrases searched in few or short texts: built in a
/// fraction of the time of the DFA `AhoCorasick::new` picks for small sets,
/// and searched somewhat slower.
fn quick_automaton(
    phrases: &[&str],
) -> Result<aho_corasick::AhoCorasick, aho_corasick::BuildError> {
    aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(phrases)
}

/// The word most cookie notices' phrases share.
const COOKIE_WORD: &str = "cookie";

/// True when `lower` (lower-cased) holds a cookie notice's phrase.
fn is_cookie_notice(lower: &str) -> bool {
    (memchr::memmem::find(lower.as_bytes(), COOKIE_WORD.as_bytes()).is_some()
        && COOKIE_WORDED.is_match(lower))
        || if lower.is_ascii() {
            COOKIE_OTHER_ASCII.any_in(lower)
        } else {
            COOKIE_OTHER.is_match(lower)
        }
}

/// Page furniture recognised by its words, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Furniture {
    /// A label alone on its line: share, print, advertisement, comments.
    Label,
    /// A heading of related stories, comments, newsletters.
    Heading,
    /// A lead-in and the headline of another story.
    Teaser,
    /// A prompt to subscribe, follow, register or pay.
    Prompt,
    /// A cookie notice.
    Cookie,
    /// A view or comment counter.
    Counter,
    /// An image credit.
    Credit,
    /// A byline or a date.
    BylineOrDate,
    /// A disclosure, a licence or a "filed under" line about the page.
    Notice,
    /// The line a mobile app signs a post with ("Sent from my phone
    /// using Tapatalk").
    Signature,
}

impl Furniture {
    /// How `thresh rules explain` names it.
    pub fn reason(self) -> &'static str {
        match self {
            Furniture::Label => "share, print, ad or comment label",
            Furniture::Heading => "heading of related stories or comments",
            Furniture::Teaser => "teaser for another story",
            Furniture::Prompt => "subscribe, follow or paywall prompt",
            Furniture::Cookie => "cookie notice",
            Furniture::Counter => "view or comment counter",
            Furniture::Credit => "image credit",
            Furniture::BylineOrDate => "byline or date line",
            Furniture::Notice => "disclosure, licence or filed-under notice",
            Furniture::Signature => "app signature under a post",
        }
    }
}

/// Lines of up to this many words may be labels, headings, counters,
/// bylines or dates.
pub const LABEL_MAX_WORDS: u32 = 12;

/// The longest label, heading, counter, byline or date line, in characters.
const LABEL_MAX_CHARS: usize = 120;

/// The longest teaser, prompt or credit, in characters.
const TEASER_MAX_CHARS: usize = 300;

/// Lines of up to this many words may be teasers, prompts or credits.
pub const TEASER_MAX_WORDS: u32 = 40;

/// The longest notice, in characters.
const NOTICE_MAX_CHARS: usize = 600;

/// A comment form's field label with its note is a few words.
const FORM_NOTE_MAX_WORDS: u32 = 8;

/// Form field notes, found as substrings of the lower-cased text.
static FORM_NOTE: LazyLock<aho_corasick::AhoCorasick> =
    LazyLock::new(|| quick_automaton(FORM_NOTES).expect("built-in form notes"));

/// True when `lower` (lower-cased) labels a comment form's field: "E-Mail (wird nicht
/// veröffentlicht)", "Name (required)".
fn is_form_field(lower: &str) -> bool {
    FORM_NOTE.is_match(lower)
}

/// Blocks of up to this many words may be cookie notices.
pub const COOKIE_MAX_WORDS: u32 = 150;

/// What a block of `words` words reading `text` is, if it is furniture
/// by its words. `bylines` is false where bylines are content (a forum
/// post's author line); `offers` is true on pages that offer what they
/// show (a service, a product), where an invitation to get an app or
/// join a channel may be the content.
pub fn furniture(text: &str, words: u32, bylines: bool, offers: bool) -> Option<Furniture> {
    // The patterns are anchored at the start and leave the length to this
    // test: bounded repeats of `.` make large automata, and most blocks
    // fail on their first words anyway.
    let chars = if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    };
    // Lower-cased once, for the checks that read it so, and only for
    // those a text not in ASCII could pass (see `Lowered`).
    let lowered = std::cell::OnceCell::new();
    let lower = || lowered.get_or_init(|| lowercase(text)).as_str();
    let could = Lowered::of(text);
    let may = |check| could.may(check);
    if words <= LABEL_MAX_WORDS && chars <= LABEL_MAX_CHARS {
        if LABEL.is_match(text) {
            return Some(Furniture::Label);
        }
        if SIGNATURE.is_match(text) {
            return Some(Furniture::Signature);
        }
        if AROUND_HEADING.is_match(text) || MORE_HEADING.is_match(text) {
            return Some(Furniture::Heading);
        }
        if COUNTER.is_match(text) {
            return Some(Furniture::Counter);
        }
        if bylines && is_byline_or_date(text) {
            return Some(Furniture::BylineOrDate);
        }
        if words <= FORM_NOTE_MAX_WORDS && may(Check::FormNote) && is_form_field(lower()) {
            return Some(Furniture::Label);
        }
        // A press office's phone and the agency a story came from are
        // not the story; on a service page they may be what it offers.
        if !offers && bylines && (CONTACT.is_match(text) || SOURCE.is_match(text)) {
            return Some(Furniture::Credit);
        }
    }
    if words <= TEASER_MAX_WORDS && chars <= TEASER_MAX_CHARS {
        if TEASER.is_match(text) {
            return Some(Furniture::Teaser);
        }
        if PROMPT.is_match(text) {
            return Some(Furniture::Prompt);
        }
        if CREDIT.is_match(text) || ends_in_credit(text) {
            return Some(Furniture::Credit);
        }
        if bylines && (is_meta_run(text) || DATE_LED.is_match(text)) {
            return Some(Furniture::BylineOrDate);
        }
        if !offers && may(Check::Channel) && is_channel_prompt(lower()) {
            return Some(Furniture::Prompt);
        }
    }
    if words <= NOTICE_MAX_WORDS && chars <= NOTICE_MAX_CHARS && NOTICE.is_match(text) {
        return Some(Furniture::Notice);
    }
    if words <= COOKIE_MAX_WORDS && may(Check::Cookie) && is_cookie_notice(lower()) {
        return Some(Furniture::Cookie);
    }
    None
}

/// Which of the checks that read a text lower-cased (a form field's note,
/// a channel or app prompt, a cookie notice) it could pass, told from the
/// text as it is. Lower-casing a text not in ASCII goes through the Unicode
/// tables a character at a time, and cookie notices are looked for in
/// every block of up to 150 words: it was a sixth of [`furniture`]'s time.
/// So each phrase of those checks has a piece that lower-casing cannot make
/// out of anything but itself, ASCII case aside ([`is_stable`]), and a
/// text that holds none of a check's pieces (ASCII case aside) cannot pass
/// it: it is not lower-cased for it. Asked check by check: most texts are
/// asked only about cookies.
struct Lowered<'t> {
    text: &'t str,
    /// The text with its ASCII letters lower-cased, once a check asks;
    /// `None` for a text that may pass every check: one in ASCII (cheap to
    /// lower-case), or one holding a character that lower-cases to ASCII.
    folded: std::cell::OnceCell<Option<String>>,
}

/// The checks of [`Lowered`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    FormNote = 0,
    Channel = 1,
    Cookie = 2,
}

/// For each [`Check`], a search for its pieces (lower-cased); `None` for a
/// check with a phrase without such a piece, which every text may pass.
/// Each is searched in the ASCII-lower-cased text rather than built to
/// ignore ASCII case: that rules out the library's vector prefilter, and
/// the automaton alone read every byte of every block.
static PIECES: LazyLock<[Option<aho_corasick::AhoCorasick>; 3]> = LazyLock::new(|| {
    let other_cookies = cookie_phrases(false);
    // Each of these checks needs one of its phrases in the text: a form
    // note; a messenger's or a store's name (or "android", of "iOS and
    // Android"); the word "cookie" or a notice's phrase without it.
    let phrases: [Vec<&str>; 3] = [
        FORM_NOTES.to_vec(),
        (MESSENGERS.iter().chain(STORES).chain([&ANDROID]))
            .copied()
            .collect(),
        std::iter::once(COOKIE_WORD).chain(other_cookies).collect(),
    ];
    phrases.map(|phrases| {
        let mut pieces = Vec::<String>::new();
        for phrase in phrases {
            let piece = phrase
                .split(|c| !is_stable(c))
                .max_by_key(|piece| piece.len())
                .unwrap_or_default()
                .to_ascii_lowercase();
            if piece.is_empty() {
                return None;
            }
            if !pieces.contains(&piece) {
                pieces.push(piece);
            }
        }
        // Only whether one is there is asked; leftmost-first is the kind
        // the vector prefilter serves.
        let search = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(&pieces)
            .expect("built-in phrases");
        Some(search)
    })
});

impl<'t> Lowered<'t> {
    fn of(text: &'t str) -> Lowered<'t> {
        Lowered {
            text,
            folded: std::cell::OnceCell::new(),
        }
    }

    /// False when the text cannot pass `check`.
    fn may(&self, check: Check) -> bool {
        let folded = self.folded.get_or_init(|| {
            let text = self.text;
            (!text.is_ascii() && !crate::text::holds_to_ascii(text))
                .then(|| text.to_ascii_lowercase())
        });
        match (folded, &PIECES[check as usize]) {
            (Some(folded), Some(search)) => search.is_match(folded.as_str()),
            _ => true,
        }
    }
}

/// True when lower-casing makes `c` out of nothing but itself, or, for an
/// ASCII letter, itself or its capital: ASCII, or a character without case
/// (kana, hanzi, hangul, signs), but for the dot above U+0307, which `İ`
/// lower-cases to after an `i`. Two more make ASCII letters, the Kelvin
/// sign (`k`) and `İ` (`i`): a text holding either is lower-cased for
/// every check. The test `lower_casing_makes_stable_characters_only_of_themselves`
/// holds the Unicode tables to this.
fn is_stable(c: char) -> bool {
    c.is_ascii()
        || (c != '\u{307}'
            && c.to_lowercase().eq(std::iter::once(c))
            && c.to_uppercase().eq(std::iter::once(c)))
}

/// `text` lower-cased; ASCII text (most of it) without the Unicode tables.
fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase()
    }
}

/// True when `text`, a line of at most a few words, is a byline, a date, or
/// both side by side ("Anna Muster | 12.03.2024", "Von Jan Nowak · 5 min").
pub fn is_byline_or_date(text: &str) -> bool {
    const SEPARATORS: [char; 5] = ['|', '·', '•', '—', '–'];
    if !crate::text::holds_any(text, &SEPARATORS) {
        // One part: a byline or a date.
        let text = text.trim();
        return !text.is_empty() && (DATE.is_match(text) || BYLINE.is_match(text));
    }
    let parts: Vec<&str> = text
        .split(SEPARATORS)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return false;
    }
    let dated = parts.iter().any(|p| DATE.is_match(p) || BYLINE.is_match(p));
    dated
        && parts
            .iter()
            .all(|p| DATE.is_match(p) || BYLINE.is_match(p) || COUNTER.is_match(p) || is_name(p))
}

/// True when `text` is a run of a post's facts side by side, each a short
/// "label: value" or a date, byline or counter, at least one of the
/// latter: "Aufrufe: 1120 | Hinzugefügt von: Posh | Tags: Reisen",
/// "Kommentare insgesamt: 0 |".
pub fn is_meta_run(text: &str) -> bool {
    // Without a separator a text is one part, and one part is no run.
    if !crate::text::holds_any(text, &['|', '·', '•']) {
        return false;
    }
    let parts: Vec<&str> = text
        .split(['|', '·', '•'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let fact = |p: &&str| DATE.is_match(p) || BYLINE.is_match(p) || COUNTER.is_match(p);
    let labelled = |p: &&str| {
        p.split_once([':', '：']).is_some_and(|(label, value)| {
            let label_words = label.split_whitespace().count();
            (1..=3).contains(&label_words)
                && value.split_whitespace().count() <= META_VALUE_MAX_WORDS
        })
    };
    !parts.is_empty()
        && (parts.len() > 1 || text.trim_end().ends_with('|'))
        && parts.iter().any(fact)
        && parts.iter().all(|p| fact(p) || labelled(p) || is_name(p))
}

/// The most words a value of a "label: value" fact may have (tags run to
/// a few).
const META_VALUE_MAX_WORDS: usize = 8;

/// The most words of a credit after a caption ("… | © Getty Images").
const CREDIT_TAIL_MAX_WORDS: usize = 6;

/// True when `text` is a caption that ends in its credit: a "©" with a
/// few words after it and nothing else ("Der Gipfel am Morgen. © AFP /
/// Jan Muster", "… | © Augusta National/Getty Images"), or a credit word
/// left without its link ("…, Bild via", "Foto:").
pub fn ends_in_credit(text: &str) -> bool {
    let text = text.trim_end();
    if let Some((before, after)) = text.rsplit_once('©') {
        let tail = after.split_whitespace().count();
        return !before.trim().is_empty()
            && (1..=CREDIT_TAIL_MAX_WORDS).contains(&tail)
            && !after.contains(['.', '!', '?']);
    }
    // Only the last two words are read: lower-cased alone (case mapping
    // never makes or takes white space, so they split the same). Only
    // ASCII letters lower-case to "via" (the one other letter that
    // lower-cases to ASCII is the Kelvin sign), so no copy is made to ask.
    let mut last = text.split_whitespace().rev();
    match (last.next(), last.next()) {
        (Some(via), Some(word)) if via.eq_ignore_ascii_case("via") => {
            CREDIT_WORDS.contains(&lowercase(word).trim_matches(|c: char| !c.is_alphanumeric()))
        }
        _ => false,
    }
}

/// True when `lower` (a line, lower-cased) invites the reader to a messaging channel or an app:
/// it names the channel or the app stores and asks to join, follow or
/// download ("¿Ya sabías que tenemos canal de Telegram? Únete…", "Get the
/// X app for iOS and Android").
pub fn is_channel_prompt(lower: &str) -> bool {
    static PHRASES: LazyLock<[Needles; 7]> = LazyLock::new(|| {
        [
            Needles::of(MESSENGERS.iter().copied()),
            Needles::of([
                "canal",
                "channel",
                "kanal",
                "chaîne",
                "canale",
                "gruppe",
                "group",
                "grupo",
                "comunidad",
                "community",
                "канал",
                "grupa",
            ]),
            Needles::of(["ios"]),
            Needles::of([ANDROID]),
            Needles::of(STORES.iter().copied()),
            Needles::of(CHANNEL_CALLS.iter().copied()),
            Needles::of(APP_CALLS.iter().copied()),
        ]
    });
    let [messengers, channels, ios, android, stores, channel_calls, app_calls] = &*PHRASES;
    let channel = messengers.any_in(lower) && channels.any_in(lower);
    let app = (ios.any_in(lower) && android.any_in(lower)) || stores.any_in(lower);
    (channel && channel_calls.any_in(lower)) || (app && app_calls.any_in(lower))
}

/// The messaging apps whose channels [`is_channel_prompt`] finds.
const MESSENGERS: &[&str] = &["telegram", "whatsapp"];

/// The app stores [`is_channel_prompt`] finds named, besides "iOS and
/// Android".
const STORES: &[&str] = &["google play", "app store", "itunes"];

/// See [`is_channel_prompt`].
const ANDROID: &str = "android";

/// A person's or an outlet's name: one to four capitalised words.
fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    #[test]
    fn cookie_notices_with_and_without_the_word_cookie() {
        for notice in [
            "Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten.",
            "Nous utilisons des cookies pour mesurer l'audience.",
            "Käytämme evästeitä sivuston toiminnan parantamiseen.",
            "当サイトではクッキーを使用しています。",
            "Vi bruker informasjonskapsler.",
        ] {
            let words = notice.split_whitespace().count() as u32;
            assert_eq!(
                furniture(notice, words, true, false),
                Some(Furniture::Cookie),
                "{notice}"
            );
        }
        let prose = "The bakery sold cookies and bread to the whole street every morning.";
        assert_eq!(furniture(prose, 12, true, false), None);
    }

    /// [`furniture`] of a line of text, counting its words by white space,
    /// on a page that offers nothing.
    fn judged(text: &str, bylines: bool) -> Option<Furniture> {
        furniture(text, text.split_whitespace().count() as u32, bylines, false)
    }

    #[test]
    fn english_consent_banners_but_not_a_cookie_policy() {
        for notice in [
            "By clicking “Accept”, you agree to the storing of cookies on your device to enhance site navigation.",
            "This website uses cookies to improve your experience.",
            "With our cookies we would like to offer you the best shopping experience possible.",
            "The store will not work correctly when cookies are disabled.",
        ] {
            assert_eq!(
                judged(notice, true),
                Some(Furniture::Cookie),
                "{notice}"
            );
        }
        let policy = "We use cookies to remember your language and to count visits; the table below lists each of them.";
        assert_eq!(judged(policy, true), None);
        for label in ["Cookie Consent", "Cookie settings", "Accept all cookies"] {
            assert_eq!(
                furniture(label, 3, true, false),
                Some(Furniture::Label),
                "{label}"
            );
        }
    }

    #[test]
    fn app_signatures_under_a_post_but_not_prose() {
        for line in [
            "Sent from my SM-S908U using AC Forums mobile app",
            "Sent from my iPhone using Tapatalk",
            "Gesendet von meinem Pixel 7 mit Tapatalk",
            "Enviado desde mi iPhone",
        ] {
            assert_eq!(judged(line, false), Some(Furniture::Signature), "{line}");
        }
        let prose = "Sent from my hotel, the report reached the editor using a borrowed phone and a great deal of patience.";
        assert_eq!(judged(prose, true), None);
    }

    #[test]
    fn english_lines_that_lead_away() {
        for (line, why) in [
            (
                "You might also like: The Challenges of Growing Rice in Dry Years",
                Furniture::Teaser,
            ),
            ("Related: Council approves new bus lanes", Furniture::Teaser),
            ("What others are reading", Furniture::Heading),
            ("In partnership with", Furniture::Label),
            ("You may also like", Furniture::Heading),
            (
                "You may be interested in the following topics as well:",
                Furniture::Heading,
            ),
            (
                "You're browsing the Example Message Boards as a guest. Sign up for free to post messages.",
                Furniture::Prompt,
            ),
            (
                "Join to see EXIF info for this image (if available)",
                Furniture::Prompt,
            ),
            (
                "Sign in to view additional items selected just for you.",
                Furniture::Prompt,
            ),
        ] {
            assert_eq!(judged(line, true), Some(why), "{line}");
        }
        for prose in [
            "You might also like the second recipe better if you prefer less sugar.",
            "Related work on the topic is summarised in the next section.",
            "What others are reading into the result is a matter of taste.",
        ] {
            assert_eq!(judged(prose, true), None, "{prose}");
        }
    }

    use super::*;

    /// What [`is_stable`] claims of the Unicode tables std lower-cases
    /// with: a stable character comes out of lower-casing only from itself
    /// or its ASCII capital, or from the two of [`crate::text::TO_ASCII`].
    #[test]
    fn lower_casing_makes_stable_characters_only_of_themselves() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            // `Σ` lower-cases to `ς` at a word's end, in a string.
            let extra = (c == 'Σ').then_some('ς');
            for lower in c.to_lowercase().chain(extra) {
                if lower == c || !is_stable(lower) {
                    continue;
                }
                assert!(
                    c.to_ascii_lowercase() == lower || crate::text::TO_ASCII.contains(&c),
                    "{c:?} lower-cases to {lower:?}"
                );
            }
        }
    }

    /// The checks of lower-cased text are skipped only for texts that
    /// cannot pass them: each phrase in any case, with other text around
    /// it, is still found.
    #[test]
    fn texts_are_lower_cased_for_every_check_they_could_pass() {
        let may = |text: &str, check| Lowered::of(text).may(check);
        type Case = (&'static [&'static str], fn(&str) -> bool, Check);
        let checks: [Case; 3] = [
            (FORM_NOTES, is_form_field, Check::FormNote),
            (COOKIE_PHRASES, is_cookie_notice, Check::Cookie),
            (CHANNEL_CALLS, is_channel_prompt, Check::Channel),
        ];
        for (phrases, passes, check) in checks {
            for phrase in phrases {
                let upper = phrase.to_uppercase();
                for text in [
                    format!("Größe {phrase} élan"),
                    format!("{upper} 日本"),
                    format!("Grüße: join our Telegram channel {upper}"),
                    format!("ЖУРНАЛ: download the app, iOS and ANDROID, {upper}"),
                ] {
                    if passes(&lowercase(&text)) {
                        assert!(may(&text, check), "{text:?}");
                    }
                }
            }
        }
        let clouds = "Über den Wolken muss die Freiheit";
        for check in [Check::FormNote, Check::Channel, Check::Cookie] {
            assert!(!may(clouds, check), "{check:?}");
            // ASCII text is lower-cased for every check.
            assert!(may("Hello", check), "{check:?}");
        }
        assert!(may("Über COOKIES", Check::Cookie));
        assert!(!may("Über COOKIES", Check::Channel));
        assert!(may("クッキーを使用しています", Check::Cookie));
        assert!(may("Wir nutzen \u{212A}ekse", Check::Cookie));
    }

    #[test]
    fn every_pattern_compiles() {
        for re in [
            &AROUND_HEADING,
            &MORE_HEADING,
            &DATE_LED,
            &TEASER,
            &LABEL,
            &PROMPT,
            &COUNTER,
            &CREDIT,
            &DATE,
            &BYLINE,
            &SIGNATURE,
        ] {
            assert!(!re.is_match("x"), "{}", re.name());
        }
    }

    #[test]
    fn headings_around_an_article() {
        for h in [
            "Das könnte Sie auch interessieren",
            "Mehr zum Thema:",
            "À lire aussi",
            "Noticias relacionadas",
            "関連記事",
            "相关阅读",
            "Читайте также",
            "Lees ook",
        ] {
            assert!(AROUND_HEADING.is_match(h), "{h}");
        }
        assert!(AROUND_HEADING.is_match("Mehr aus Thüringen"));
        assert!(!AROUND_HEADING
            .is_match("Mehr zum Thema Klimawandel in Bayern und was die Regierung daraus folgert"));
    }

    #[test]
    fn teasers_labels_and_prompts() {
        for t in [
            "Lesen Sie auch: Wie der Winter die Ernte rettete",
            "Zum Weiterlesen: Der neue Haushalt",
            "LIRE AUSSI - Le gouvernement présente son budget",
            "Czytaj też: Nowe przepisy od stycznia",
            "Читайте также: Новый закон вступил в силу",
        ] {
            assert!(TEASER.is_match(t), "{t}");
        }
        for l in [
            "Teilen",
            "Anzeige",
            "Externer Inhalt",
            "Von:",
            "Partager",
            "広告",
            "Reklama",
        ] {
            assert!(LABEL.is_match(l), "{l}");
        }
        for p in [
            "¡Mira lo que tiene nuestro canal de YouTube!",
            "Abonnez-vous à notre newsletter pour recevoir l'essentiel",
            "Jetzt abonnieren und weiterlesen",
        ] {
            assert!(PROMPT.is_match(p), "{p}");
        }
        // Prose that starts like a label is not one.
        assert!(!LABEL.is_match("Teilen ist das neue Haben, sagen die Gründer."));
        assert!(!TEASER.is_match("Mehr als 300 Menschen kamen zum Fest."));
    }

    #[test]
    fn counters_credits_dates_and_bylines() {
        for c in [
            "Aufrufe: 1.234",
            "1,2k vues",
            "1234 просмотров",
            "조회수 120",
        ] {
            assert!(COUNTER.is_match(c), "{c}");
        }
        for c in [
            "(Image: GETTY)",
            "Photo : BSS",
            "Foto: dpa/Michael Kappeler",
            "Getty Images/iStockphoto",
            "(crédito: Reuters)",
            "© Shutterstock",
            "Bild: Keystone",
            "写真：共同",
        ] {
            assert!(CREDIT.is_match(c), "{c}");
        }
        assert!(!CREDIT.is_match("Photos show the river rising over the old town walls."));
        for d in [
            "12. März 2024",
            "12 mars 2024 à 14h30",
            "Publicado el 3 de mayo de 2023",
            "Aktualisiert am 12.03.2024, 14:30 Uhr",
            "2024年3月12日",
            "2024.03.12",
            "5 июня 2023 г.",
            "3:59 PM",
            "19:49",
        ] {
            assert!(DATE.is_match(d), "{d}");
        }
        // A price or a score is not a time.
        for n in ["12.50", "2:1", "19:49 Uhr war es, als der Zug kam."] {
            assert!(!DATE.is_match(n), "{n}");
        }
        for b in [
            "Von Anna Muster",
            "Par Jean Dupont",
            "Autor: Jan Nowak",
            "Anna Muster | 12.03.2024",
        ] {
            assert!(is_byline_or_date(b), "{b}");
        }
        assert!(!is_byline_or_date("Von Berlin nach Hamburg fährt der Zug."));
        assert!(!is_byline_or_date("Anna Muster"));
    }

    #[test]
    fn headings_that_offer_more_of_the_site() {
        for h in [
            "Weitere Tourentipps in Schweden",
            "Mehr Kolumnen auf unserer Seite:",
            "Alle Nachrichten zum Naturschutz in Bayern",
            "Entdecke weitere Wohnstorys",
            "Noch mehr Rezepte",
            "Das Thema könnte dich auch interessieren:",
            "Diese Artikel könnten Sie ebenfalls interessieren:",
            "Lesen Sie auch die folgenden Beiträge:",
            "D'autres articles sur la Bretagne",
            "Más noticias sobre el Mundial",
            "Altri articoli su Milano",
            "Więcej artykułów o zdrowiu",
            "Czytaj także nasze inne teksty:",
            "Другие новости по теме",
            "Fler artiklar om Stockholm",
        ] {
            assert!(MORE_HEADING.is_match(h), "{h}");
        }
        for h in [
            "Weitere Proteste in Hamburg",
            "Mehr als 300 Menschen kamen",
            "Alle waren sich einig",
            "Lesen Sie dazu auch die Pressemitteilungen:",
        ] {
            assert!(!MORE_HEADING.is_match(h), "{h}");
        }
    }

    #[test]
    fn labels_prompts_and_teasers_of_many_languages() {
        for l in [
            "Jetzt teilen!",
            "ERSCHIENEN IN",
            "Kontakt:",
            "Weitere Informationen:",
            "zurück",
            "COMPARTIR NOTA",
            "Retour",
            "Więcej informacji",
            "Назад",
            "Lisätietoja",
        ] {
            assert!(LABEL.is_match(l), "{l}");
        }
        for p in [
            "Wenn Ihnen unser Artikel gefallen hat: Unterstützen Sie diese Form des Journalismus.",
            "Gefällt dir unser Magazin? Dann unterstütze uns mit einem kleinen Beitrag.",
            "Lust auf mehr? Melde dich für unseren Newsletter an!",
            "Zapraszamy też do subskrypcji naszego tygodnika.",
            "Puede escribirnos a la redacción o seguirnos en las redes.",
            "Soutenez-nous en vous abonnant.",
        ] {
            assert!(PROMPT.is_match(p), "{p}");
        }
        for t in [
            "Lesen Sie hier: Neue Regeln für Radfahrer",
            "VEA TAMBIÉN: El gobierno presenta su plan",
            "Le puede interesar: La lluvia vuelve al norte",
        ] {
            assert!(TEASER.is_match(t), "{t}");
        }
        assert!(!PROMPT.is_match("Werbung ist überall, sagt die Studie."));
    }

    #[test]
    fn lines_of_post_facts() {
        for m in [
            "Aufrufe: 1120 | Hinzugefügt von: Anna | Tags: Reisen, Berge | Rating: 4.0/5",
            "Kommentare insgesamt: 0 |",
            "Views: 42 · Category: News",
        ] {
            assert!(is_meta_run(m), "{m}");
        }
        for m in [
            "Paris | London",
            "Hinweis: Das Museum ist montags geschlossen.",
            "Tags: Reisen",
        ] {
            assert!(!is_meta_run(m), "{m}");
        }
        for d in [
            "Erstellt am Dienstag 6. Mai 2014 um 23:30 und abgelegt unter Linux",
            "Veröffentlichung: 2. Februar 2022",
            "Video verfügbar bis 28.02.2021",
            "Publié le 3 mars 2023 dans Politique",
        ] {
            assert!(DATE_LED.is_match(d), "{d}");
        }
        assert!(!DATE_LED.is_match("Am 6. Mai 2014 begann der Umbau des Bahnhofs."));
    }

    #[test]
    fn captions_ending_in_credits() {
        for c in [
            "Der Gipfel am Morgen. © AFP / JAN MUSTER",
            "Die Spielerin beim Abschlag. | © Verband/Getty Images",
            "Copyright © 2024 Beispiel GmbH",
            "Modenschau in Paris, Anna Beispiel, Bild via",
            "Titelbild: Max Muster/picture-alliance",
            "Crédits photos : Agence Exemple",
            "Image illustrative : Des briques de jeu, licence Creative Commons",
            "aja/PAP",
            "© since 2010 by J.Muster All rights reserved",
        ] {
            assert!(CREDIT.is_match(c) || ends_in_credit(c), "{c}");
        }
        for c in [
            "Der Preis stieg um 5 ©-Punkte, sagte der Sprecher, und dann fiel er wieder deutlich.",
            "Wir fuhren weiter via Salzburg",
        ] {
            assert!(!CREDIT.is_match(c) && !ends_in_credit(c), "{c}");
        }
    }

    #[test]
    fn invitations_to_channels_and_apps() {
        for p in [
            "¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.",
            "Join our WhatsApp channel for the latest updates.",
            "Tritt unserem WhatsApp-Kanal bei und bleib informiert.",
            "For the latest stories download the Example News apps for iOS and Android.",
            "Die Sport-App: Jetzt kostenlos für iOS und Android!",
        ] {
            assert!(is_channel_prompt(&p.to_lowercase()), "{p}");
        }
        for p in [
            "You can download such apps from app shops like the App Store.",
            "Die Gruppe organisierte sich über einen Telegram-Kanal mit 5000 Mitgliedern.",
        ] {
            assert!(!is_channel_prompt(&p.to_lowercase()), "{p}");
        }
    }

    #[test]
    fn notices_form_fields_contacts_and_sources() {
        for n in [
            "*Werbung. Dieser Beitrag enthält Werbung für eine Marke.",
            "This post contains references to products from our advertisers. We may receive compensation.",
            "Sofern nicht anders ausgewiesen, stehen Inhalte dieser Website unter CC-BY.",
            "Dieser Eintrag wurde veröffentlicht in Podcast und verschlagwortet mit Lernen.",
            "Sauf mention contraire, les contenus sont sous licence libre.",
            "Ten wpis został opublikowany w kategorii Kultura.",
        ] {
            assert_eq!(
                furniture(n, crate::text::word_count(n) as u32, true, false),
                Some(Furniture::Notice),
                "{n}"
            );
        }
        assert!(!NOTICE.is_match("Dieser Beitrag zeigt, wie Werbung wirkt."));
        for f in [
            "E-Mail (wird benötigt und nicht veröffentlicht)",
            "Name (required)",
            "Courriel (obligatoire)",
            "Nazwa (wymagane)",
        ] {
            assert!(is_form_field(&f.to_lowercase()), "{f}");
        }
        for c in [
            "Telefon: +49 (30) 123 45 - 67",
            "E-Mail: presse@example.org",
            "Tél. : 01 23 45 67 89",
        ] {
            assert!(CONTACT.is_match(c), "{c}");
        }
        assert!(!CONTACT.is_match("Telefon: rund um die Uhr erreichbar"));
        for q in [
            "Quelle: Beispielverband (BV), 2. Februar 2022, Berlin",
            "Fuente: Agencia Ejemplo",
            "Źródło: PAP",
        ] {
            assert!(SOURCE.is_match(q), "{q}");
        }
        assert!(!SOURCE.is_match("Sources: A Guide | Another Guide"));
        // On a service page a phone line is what it offers.
        assert_eq!(furniture("Telefon: +49 30 1234", 4, true, true), None);
    }
}
