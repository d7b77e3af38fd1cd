//! Which hosts a rule file claims, read without a TOML parser. The build
//! script uses it to file every shipped rule file under its hosts, so a run
//! finds the file for a host without parsing (let alone compiling) the two
//! thousand others. Plain `std` only: `build.rs` includes this file as is.
//!
//! Also which attributes a rule file's selectors can read
//! ([`attribute_names`]): the parser is spared the others; and the text
//! patterns it holds ([`pattern_strings`]), which the build reads ahead of
//! any run.
//!
//! It reads the file's top level (the part before the first `[table]`),
//! where `hosts` is the only key allowed. Anything it does not follow
//! (escapes, dotted keys, other keys, multi-line strings) gives
//! [`Hosts::Unknown`], and the file is then parsed in full at startup: the
//! real parser always has the last word.

/// What a rule file's top level says about its hosts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hosts {
    /// `hosts = [...]`, the strings as written.
    Listed(Vec<String>),
    /// No `hosts` key: the file name gives the host.
    FromName,
    /// Not read here; ask the real parser.
    Unknown,
}

/// The hosts `text` (a whole rule file) declares.
pub fn hosts(text: &str) -> Hosts {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut scanner = Scanner {
        rest: text.as_bytes(),
    };
    let mut found = None;
    loop {
        scanner.skip_blank(true);
        match scanner.peek() {
            None | Some(b'[') => break,
            Some(_) => {}
        }
        if found.is_some() {
            return Hosts::Unknown;
        }
        match scanner.key_value() {
            Some(list) => found = Some(list),
            None => return Hosts::Unknown,
        }
    }
    match found {
        Some(list) if !list.is_empty() => Hosts::Listed(list),
        Some(_) => Hosts::Unknown,
        None => Hosts::FromName,
    }
}

struct Scanner<'a> {
    rest: &'a [u8],
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    fn bump(&mut self) {
        self.rest = &self.rest[1..];
    }

    /// Skips spaces, tabs and comments, and line ends when `newlines`.
    fn skip_blank(&mut self, newlines: bool) {
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' => self.bump(),
                b'\r' | b'\n' if newlines => self.bump(),
                b'#' => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.bump();
                    }
                }
                _ => break,
            }
        }
    }

    /// `hosts = [ "a", 'b', ]` up to the end of its line; `None` for
    /// anything else.
    fn key_value(&mut self) -> Option<Vec<String>> {
        let key = match self.peek()? {
            b'"' | b'\'' => self.string()?,
            _ => {
                let len = self
                    .rest
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
                    .count();
                let key = std::str::from_utf8(&self.rest[..len]).ok()?.to_owned();
                self.rest = &self.rest[len..];
                key
            }
        };
        self.skip_blank(false);
        if key != "hosts" || self.peek()? != b'=' {
            return None;
        }
        self.bump();
        self.skip_blank(false);
        if self.peek()? != b'[' {
            return None;
        }
        self.bump();
        let mut list = Vec::new();
        loop {
            self.skip_blank(true);
            match self.peek()? {
                b']' => {
                    self.bump();
                    break;
                }
                _ => list.push(self.string()?),
            }
            self.skip_blank(true);
            match self.peek()? {
                b',' => self.bump(),
                b']' => {}
                _ => return None,
            }
        }
        self.skip_blank(false);
        match self.peek() {
            None | Some(b'\n') => Some(list),
            Some(b'\r') if self.rest.get(1) == Some(&b'\n') => Some(list),
            Some(_) => None,
        }
    }

    /// A one-line string without escapes, in either kind of quote (a
    /// backslash is only an escape in `"..."`).
    fn string(&mut self) -> Option<String> {
        let quote = self.peek()?;
        if !matches!(quote, b'"' | b'\'') || self.rest.get(1) == Some(&quote) {
            // Not a string, or `""`/`"""`: empty, or multi-line.
            return None;
        }
        self.bump();
        let len = self.rest.iter().position(|&c| c == quote)?;
        let body = &self.rest[..len];
        if body
            .iter()
            .any(|&c| (c == b'\\' && quote == b'"') || c == b'\n' || c == b'\r')
        {
            return None;
        }
        let value = std::str::from_utf8(body).ok()?.to_owned();
        self.rest = &self.rest[len + 1..];
        Some(value)
    }
}

/// The strings of a rule file's `drop_text` and `stop_at` arrays, as far as
/// this scan follows them (one-line strings without escapes): the build
/// works out what their syntax allows ahead of time (`analysis.rs`). A
/// pattern missed here is read at run time instead.
pub fn pattern_strings(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, line) in line_starts(text) {
        let key = line.trim_start();
        let Some(rest) = ["drop_text", "stop_at"]
            .iter()
            .find_map(|k| key.strip_prefix(k))
        else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        // Just after the `=`.
        let offset = at + (line.len() - rest.len());
        let mut scanner = Scanner {
            rest: &text.as_bytes()[offset..],
        };
        scanner.skip_blank(false);
        if scanner.peek() != Some(b'[') {
            continue;
        }
        scanner.bump();
        loop {
            scanner.skip_blank(true);
            if scanner.peek() == Some(b']') {
                break;
            }
            let Some(string) = scanner.string() else {
                break;
            };
            found.push(string);
            scanner.skip_blank(true);
            match scanner.peek() {
                Some(b',') => scanner.bump(),
                _ => break,
            }
        }
    }
    found
}

/// Each line of `text` with the byte offset where it starts.
fn line_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len() + 1;
        Some((start, line))
    })
}

/// The attribute names (lower-cased) that a rule file's selectors may read:
/// every `[name]`, `[name=...]` (any operator) and `selector@name` in its
/// text. A plain scan, not a parse: it also picks up table headers and
/// words after an `@` in comments, which only keeps a few attributes more.
pub fn attribute_names(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let ident = |from: usize| {
        let len = bytes[from..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
            .count();
        (from + len, text[from..from + len].to_ascii_lowercase())
    };
    let space = |mut k: usize| {
        while bytes.get(k).is_some_and(u8::is_ascii_whitespace) {
            k += 1;
        }
        k
    };
    let mut names: Vec<String> = Vec::new();
    for (k, &b) in bytes.iter().enumerate() {
        let name = match b {
            b'@' => Some(ident(k + 1).1),
            b'[' => {
                let (mut end, mut name) = ident(space(k + 1));
                // A namespace prefix (`[xlink|href]`): the local name counts.
                if bytes.get(end) == Some(&b'|') && bytes.get(end + 1) != Some(&b'=') {
                    (end, name) = ident(end + 1);
                }
                let after = space(end);
                let operator = match bytes.get(after) {
                    Some(b']' | b'=') => true,
                    Some(b'~' | b'|' | b'^' | b'$' | b'*' | b'!') => {
                        bytes.get(after + 1) == Some(&b'=')
                    }
                    _ => false,
                };
                operator.then_some(name)
            }
            _ => None,
        };
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(hosts: &[&str]) -> Hosts {
        Hosts::Listed(hosts.iter().map(|h| h.to_string()).collect())
    }

    #[test]
    fn pattern_arrays_are_read_up_to_a_string_they_do_not_follow() {
        let text = "[content]\n\
            drop = ['.ad']\n\
            drop_text = [\n\
            \x20   # a comment\n\
            \x20   '(?i)^copy link$',  '^a\\s+b$', # trailing\n\
            \x20   \"^plain$\",\n\
            ]\n\
            stop_at = [\"^x\\\\y$\", '^never read$']\n";
        assert_eq!(
            pattern_strings(text),
            ["(?i)^copy link$", "^a\\s+b$", "^plain$"],
            "{text}"
        );
    }

    #[test]
    fn reads_the_hosts_of_the_top_level() {
        assert_eq!(
            hosts("# x\nhosts = [\"a.com\", 'B.org'] # both\n[content]\nhosts = 1\n"),
            listed(&["a.com", "B.org"])
        );
        assert_eq!(
            hosts("\u{feff}hosts = [\r\n  \"a.com\", # first\r\n  \"b.com\",\r\n]\r\n"),
            listed(&["a.com", "b.com"])
        );
        assert_eq!(hosts("\"hosts\"=['a.com']"), listed(&["a.com"]));
    }

    #[test]
    fn no_hosts_key_means_the_file_name() {
        assert_eq!(hosts(""), Hosts::FromName);
        assert_eq!(
            hosts("# only a comment\n\n[content]\nroot = ['a']\n"),
            Hosts::FromName
        );
        assert_eq!(hosts("[[test]]\nurl = 'x'\n"), Hosts::FromName);
    }

    #[test]
    fn anything_unusual_is_left_to_the_parser() {
        for text in [
            "hosts = [\"a\\u002ecom\"]\n",
            "hosts = [\"\"\"a.com\"\"\"]\n",
            "hosts = []\n",
            "hosts = 'a.com'\n",
            "hosts = ['a.com'] x\n",
            "hosts.x = ['a.com']\n",
            "host = ['a.com']\n",
            "hosts = ['a.com']\nhosts = ['b.com']\n",
            "hosts = ['a.com'\n",
            "hosts = ['a.com\n']\n",
            "hosts = [['a.com']]\n",
            "hosts = { a = 'b' }\n",
        ] {
            assert_eq!(hosts(text), Hosts::Unknown, "{text:?}");
        }
    }

    #[test]
    fn attribute_names_are_read_from_selectors() {
        let text = "hosts = ['a.test']\n[content]\ndrop = ['div[data-Promo]', \"[ itemprop = 'x' ]\", 'a[rel~=next]', '[xlink|href]', 'p[lang|=en]', '.x [ y ]']\n[meta]\ndate = 'time@datetime'\n";
        let names = attribute_names(text);
        for want in [
            "data-promo",
            "itemprop",
            "rel",
            "href",
            "lang",
            "y",
            "datetime",
        ] {
            assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
        }
        assert!(
            !names.iter().any(|n| n == "a.test" || n == "xlink"),
            "{names:?}"
        );
    }
}
