//! Standard output for every command. `print!` panics when stdout is a
//! closed pipe and its errors are easy to drop, so commands write through
//! [`Stdout`] instead: every failed write becomes an [`OutputError`], and
//! [`super::main`] decides once what each kind means (a reader that went
//! away ends the run quietly, as `| head` users expect; any other failure,
//! such as a full disk, is an error, since the output was lost).

use std::fmt;
use std::io::{self, Write};

use thiserror::Error;

use crate::article::Article;
use crate::format::{render, render_json_line, Format};

/// Why standard output could not be written.
#[derive(Debug, Error)]
pub enum OutputError {
    /// The reader closed the pipe (`thresh ... | head -1`): nobody wants
    /// the rest, so the command stops without a message.
    #[error("standard output was closed")]
    Closed,
    /// Anything else (`> /dev/full`, a vanished disk): output was lost.
    #[error("cannot write to standard output: {0}")]
    Write(io::Error),
}

impl From<io::Error> for OutputError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            OutputError::Closed
        } else {
            OutputError::Write(e)
        }
    }
}

/// The process's standard output, for commands' results. Lines reach the
/// reader as they are written (stdout is line-buffered); [`Stdout::finish`]
/// flushes the rest and must be called before reporting success, so a
/// failure of the last write is not lost at exit.
#[derive(Debug)]
pub struct Stdout {
    inner: io::Stdout,
}

impl Stdout {
    /// Standard output.
    pub fn new() -> Self {
        Stdout {
            inner: io::stdout(),
        }
    }

    /// Writes `text` as is.
    pub fn write_str(&mut self, text: &str) -> Result<(), OutputError> {
        self.inner.lock().write_all(text.as_bytes())?;
        Ok(())
    }

    /// What `write!` and `writeln!` call, so they work on a [`Stdout`] and
    /// give an [`OutputError`].
    pub fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> Result<(), OutputError> {
        self.inner.lock().write_fmt(args)?;
        Ok(())
    }

    /// Flushes what is still buffered.
    pub fn finish(mut self) -> Result<(), OutputError> {
        self.inner.flush()?;
        Ok(())
    }
}

impl Default for Stdout {
    fn default() -> Self {
        Self::new()
    }
}

/// How one of a command's results is printed: alone, it is just the
/// article; among several, each is told apart from the next. With `json`
/// that makes JSON Lines (one object a line, naming its `input`), which
/// tools read a line at a time; otherwise a `==> input <==` line precedes
/// each, as `head` and `tail` do.
pub fn render_result(article: &Article, format: Format, input: &str, several: bool) -> String {
    match (several, format) {
        (false, _) => render(article, format),
        (true, Format::Json) => render_json_line(article, input),
        (true, _) => format!("==> {input} <==\n{}\n", render(article, format)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pipe_is_closed_and_the_rest_are_write_errors() {
        let pipe = io::Error::from(io::ErrorKind::BrokenPipe);
        assert!(matches!(OutputError::from(pipe), OutputError::Closed));
        let full = io::Error::other("no space left on device");
        assert!(matches!(OutputError::from(full), OutputError::Write(_)));
    }

    #[test]
    fn several_json_results_are_one_line_each() {
        let article = Article {
            title: Some("T".into()),
            text: "a\n\nb\n".into(),
            ..Article::default()
        };
        let line = render_result(&article, Format::Json, "p.html", true);
        assert_eq!(line.matches('\n').count(), 1, "{line}");
        assert!(line.ends_with('\n'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["input"], "p.html");
        assert_eq!(v["title"], "T");
        let text = render_result(&article, Format::Txt, "p.html", true);
        assert!(text.starts_with("==> p.html <==\n"), "{text}");
    }
}
