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
    AROUND_HEADING, BYLINE, COUNTER, CREDIT, DATE, LABEL, PROMPT, TEASER,
};
use super::vocab::sources::COOKIE_PHRASES;

/// Cookie notices, found as substrings of the lower-cased text (a phrase
/// anywhere in a short block), all phrases in one pass.
static COOKIE: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::new(COOKIE_PHRASES).expect("built-in cookie phrases")
});

/// True when `text` holds a cookie notice's phrase.
fn is_cookie_notice(text: &str) -> bool {
    COOKIE.is_match(&text.to_lowercase())
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

/// Blocks of up to this many words may be cookie notices.
pub const COOKIE_MAX_WORDS: u32 = 150;

/// What a block of `words` words reading `text` is, if it is furniture
/// by its words. `bylines` is false where bylines are content (a forum
/// post's author line).
pub fn furniture(text: &str, words: u32, bylines: bool) -> Option<Furniture> {
    // The patterns are anchored at the start and leave the length to this
    // test: bounded repeats of `.` make large automata, and most blocks
    // fail on their first words anyway.
    let chars = text.chars().count();
    if words <= LABEL_MAX_WORDS && chars <= LABEL_MAX_CHARS {
        if LABEL.is_match(text) {
            return Some(Furniture::Label);
        }
        if AROUND_HEADING.is_match(text) {
            return Some(Furniture::Heading);
        }
        if COUNTER.is_match(text) {
            return Some(Furniture::Counter);
        }
        if bylines && is_byline_or_date(text) {
            return Some(Furniture::BylineOrDate);
        }
    }
    if words <= TEASER_MAX_WORDS && chars <= TEASER_MAX_CHARS {
        if TEASER.is_match(text) {
            return Some(Furniture::Teaser);
        }
        if PROMPT.is_match(text) {
            return Some(Furniture::Prompt);
        }
        if CREDIT.is_match(text) {
            return Some(Furniture::Credit);
        }
    }
    if words <= COOKIE_MAX_WORDS && is_cookie_notice(text) {
        return Some(Furniture::Cookie);
    }
    None
}

/// True when `text`, a line of at most a few words, is a byline, a date, or
/// both side by side ("Anna Muster | 12.03.2024", "Von Jan Nowak · 5 min").
pub fn is_byline_or_date(text: &str) -> bool {
    let parts: Vec<&str> = text
        .split(['|', '·', '•', '—', '–'])
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
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for re in [
            &AROUND_HEADING,
            &TEASER,
            &LABEL,
            &PROMPT,
            &COUNTER,
            &CREDIT,
            &DATE,
            &BYLINE,
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
}
