//! The Full-Text RSS site config line format: one `directive: value` a line,
//! `directive(argument): value` for the few that take an argument
//! (`http_header(user-agent)`, `replace_string(<h2)`), `#` comments.
//!
//! This only splits lines into directives, keeping each one's line number
//! for the report; what a directive means is the converter's business.

/// One directive as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// 1-based line in the source file.
    pub line: usize,
    /// The directive's name, lower-cased (`strip`, `http_header`).
    pub name: String,
    /// The part in parentheses, for `name(arg): value`.
    pub arg: Option<String>,
    /// The value after the colon, trimmed.
    pub value: String,
}

/// A line that is neither a directive, a comment nor blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based line.
    pub line: usize,
    /// The line as written.
    pub text: String,
}

/// A parsed config: its directives in file order, and the lines that are
/// not directives.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Directives in file order.
    pub directives: Vec<Directive>,
    /// Lines that could not be read as directives.
    pub bad: Vec<BadLine>,
}

/// Splits a config into directives.
pub fn parse(text: &str) -> Config {
    let mut config = Config::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match directive(line) {
            Some((name, arg, value)) => config.directives.push(Directive {
                line: i + 1,
                name,
                arg,
                value,
            }),
            None => config.bad.push(BadLine {
                line: i + 1,
                text: line.to_owned(),
            }),
        }
    }
    config
}

/// `name: value` or `name(arg): value`. The argument of `replace_string`
/// may itself hold colons (`replace_string(,"value":): x`), so it runs to
/// the first `):`.
fn directive(line: &str) -> Option<(String, Option<String>, String)> {
    let name_end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let name = line[..name_end].to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    let rest = line[name_end..].trim_start();
    if let Some(inner) = rest.strip_prefix('(') {
        let close = inner.find("):")?;
        let arg = inner[..close].to_owned();
        let value = inner[close + 2..].trim().to_owned();
        return Some((name, Some(arg), value));
    }
    let value = rest.strip_prefix(':')?.trim().to_owned();
    Some((name, None, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_arguments_comments_and_bad_lines() {
        let config = parse(
            "# comment\ntitle: //h1\n\n  strip_id_or_class:  share \nhttp_header(User-Agent): Mozilla/5.0 (X11)\n\
             replace_string(,\"value\":): ,\"invalid\":\nnot a directive\nbody://div[@id='a']\n",
        );
        let got: Vec<(usize, &str, Option<&str>, &str)> = config
            .directives
            .iter()
            .map(|d| (d.line, d.name.as_str(), d.arg.as_deref(), d.value.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "title", None, "//h1"),
                (4, "strip_id_or_class", None, "share"),
                (5, "http_header", Some("User-Agent"), "Mozilla/5.0 (X11)"),
                (6, "replace_string", Some(",\"value\":"), ",\"invalid\":"),
                (8, "body", None, "//div[@id='a']"),
            ]
        );
        assert_eq!(
            config.bad,
            [BadLine {
                line: 7,
                text: "not a directive".to_owned()
            }]
        );
    }
}
