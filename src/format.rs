//! Article to output text: `txt`, `md` or `json`. One place decides how a
//! block looks on the page, so `extract`, `fetch`, `refresh` and the fixtures
//! all write the same thing.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::article::{Article, Block, BlockKind};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Plain text: headings on their own lines, blank lines between paragraphs.
    #[default]
    Txt,
    /// Markdown: headings, lists, links and emphasis kept.
    Md,
    /// JSON: the metadata and the text.
    Json,
}

impl Format {
    /// The file extension for this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Json => "json",
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "txt" | "text" => Ok(Format::Txt),
            "md" | "markdown" => Ok(Format::Md),
            "json" => Ok(Format::Json),
            other => Err(format!(
                "unknown format {other:?} (expected txt, md or json)"
            )),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// Renders an article in `format`. Text output ends with one newline, and is
/// empty for an article with no content.
pub fn render(article: &Article, format: Format) -> String {
    match format {
        Format::Txt => render_text(&article.blocks),
        Format::Md => render_markdown(article),
        Format::Json => render_json(article),
    }
}

/// Plain text for a sequence of blocks: list items and table rows of one run
/// stay on consecutive lines; everything else is separated by a blank line.
pub fn render_text(blocks: &[Block]) -> String {
    join_blocks(blocks, |b| match b.kind {
        BlockKind::ListItem { depth, .. } => {
            format!("{}- {}", "  ".repeat(depth as usize), b.text).into()
        }
        _ => Cow::Borrowed(&b.text),
    })
}

fn render_markdown(article: &Article) -> String {
    let mut counters = [0u32; 8];
    let body = join_blocks(&article.blocks, |b| match b.kind {
        BlockKind::Heading { level } => {
            format!("{} {}", "#".repeat(level.clamp(1, 6) as usize), b.markdown).into()
        }
        BlockKind::ListItem { ordered, depth } => {
            let d = (depth as usize).min(counters.len() - 1);
            let indent = "   ".repeat(d);
            if ordered {
                counters[d] += 1;
                format!("{indent}{}. {}", counters[d], b.markdown).into()
            } else {
                format!("{indent}- {}", b.markdown).into()
            }
        }
        BlockKind::Quote => b
            .markdown
            .lines()
            .map(|l| format!("> {l}"))
            .collect::<Vec<_>>()
            .join("\n")
            .into(),
        BlockKind::Code => {
            let fence = if b.text.contains("```") {
                "~~~~"
            } else {
                "```"
            };
            format!("{fence}\n{}\n{fence}", b.text).into()
        }
        BlockKind::TableRow { .. } => format!("| {} |", b.markdown).into(),
        BlockKind::Paragraph => Cow::Borrowed(&b.markdown),
    });
    match &article.title {
        Some(title) if !body.is_empty() => format!("# {title}\n\n{body}"),
        _ => body,
    }
}

fn render_json(article: &Article) -> String {
    let mut s = serde_json::to_string_pretty(article).expect("an Article always serialises");
    s.push('\n');
    s
}

/// An article as one line of JSON Lines: the `json` object on one line,
/// with `input` first naming where it came from (a file, `<stdin>`, a URL),
/// since among many lines the article's own `url` may be missing or differ.
pub fn render_json_line(article: &Article, input: &str) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        input: &'a str,
        #[serde(flatten)]
        article: &'a Article,
    }
    let mut s =
        serde_json::to_string(&Line { input, article }).expect("an Article always serialises");
    s.push('\n');
    s
}

/// Joins rendered blocks: consecutive list items or table rows with a single
/// newline, anything else with a blank line.
fn join_blocks<'b>(blocks: &'b [Block], mut line: impl FnMut(&'b Block) -> Cow<'b, str>) -> String {
    let mut out = String::new();
    let mut prev: Option<BlockKind> = None;
    for b in blocks {
        let rendered = line(b);
        if rendered.trim().is_empty() {
            continue;
        }
        if let Some(p) = prev {
            let tight = matches!(
                (p, b.kind),
                (BlockKind::ListItem { .. }, BlockKind::ListItem { .. })
                    | (BlockKind::TableRow { .. }, BlockKind::TableRow { .. })
            );
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        out.push_str(&rendered);
        prev = Some(b.kind);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Article {
        Article {
            title: Some("Title".into()),
            blocks: vec![
                Block::plain(BlockKind::Heading { level: 2 }, "Intro"),
                Block {
                    kind: BlockKind::Paragraph,
                    text: "See the docs.".into(),
                    markdown: "See [the docs](https://x.test/).".into(),
                    path: None,
                    item: None,
                },
                Block::plain(
                    BlockKind::ListItem {
                        ordered: true,
                        depth: 0,
                    },
                    "one",
                ),
                Block::plain(
                    BlockKind::ListItem {
                        ordered: true,
                        depth: 0,
                    },
                    "two",
                ),
                Block::plain(BlockKind::TableRow { header: true }, "a | b"),
            ],
            ..Article::default()
        }
    }

    #[test]
    fn text_separates_blocks_and_keeps_lists_tight() {
        assert_eq!(
            render(&sample(), Format::Txt),
            "Intro\n\nSee the docs.\n\n- one\n- two\n\na | b\n"
        );
    }

    #[test]
    fn markdown_keeps_structure() {
        let md = render(&sample(), Format::Md);
        assert!(md.starts_with("# Title\n\n## Intro\n\nSee [the docs](https://x.test/)."));
        assert!(md.contains("1. one\n2. two"));
        assert!(md.contains("| a | b |"));
    }

    #[test]
    fn empty_article_renders_empty_text() {
        assert_eq!(render(&Article::default(), Format::Txt), "");
    }
}
