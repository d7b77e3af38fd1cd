//! Located, pruned content to [`Block`]s. The walk follows how a browser lays
//! text out: block-level elements start and end blocks, inline text is joined
//! exactly as written (so `<b>W</b>ord` stays one word and `<li>Home</li><li>About</li>`
//! never becomes "HomeAbout"; inline siblings of one tag with nothing between
//! them, like metadata items CSS spaces apart, get a space where a new item
//! visibly starts), white space is collapsed, and `<pre>` is kept
//! verbatim. Data tables become one row a line with cells split by ` | `.

use crate::article::{Block, BlockKind};

use super::dom::{is_invisible, push_flat, Dom, Ix, Show, Tag};

/// Renders the subtrees at `roots` (in document order) into blocks, skipping
/// removed nodes and those `show` hides.
pub fn render(dom: &Dom<'_>, roots: &[Ix], removed: &[bool], show: Show) -> Vec<Block> {
    let mut r = Renderer {
        dom,
        removed,
        show,
        blocks: Vec::new(),
        text: String::new(),
        md: String::new(),
        stack: Vec::new(),
        last_inline: None,
        pending_space: false,
    };
    for &root in roots {
        r.walk(root);
    }
    r.blocks
}

struct Renderer<'d, 'a> {
    dom: &'d Dom<'a>,
    removed: &'d [bool],
    /// Whether hidden nodes count.
    show: Show,
    blocks: Vec<Block>,
    text: String,
    md: String,
    /// Open elements: (index, end).
    stack: Vec<(Ix, Ix)>,
    /// The inline element closed last, when nothing has been written since.
    last_inline: Option<Ix>,
    /// A space goes before the next text if it would glue two words.
    pending_space: bool,
}

impl Renderer<'_, '_> {
    fn skip(&self, i: Ix) -> bool {
        self.removed[i as usize] || self.dom.hidden(i, self.show)
    }

    fn walk(&mut self, root: Ix) {
        let end = self.dom.node(root).end;
        let mut i = root;
        self.stack.clear();
        while i < end {
            self.close_until(i);
            if self.skip(i) {
                i = self.dom.node(i).end;
                continue;
            }
            let node = self.dom.node(i);
            match node.tag {
                Tag::Text => {
                    self.last_inline = None;
                    // Only where a new item visibly starts (a capital or a
                    // digit after a word of two letters or more): per-letter
                    // spans of animated headings and `child<span>ren</span>`
                    // highlights stay whole.
                    if std::mem::take(&mut self.pending_space)
                        && self.text.chars().rev().take(2).all(char::is_alphanumeric)
                        && self.text.chars().count() >= 2
                        && node
                            .text
                            .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                    {
                        self.text.push(' ');
                        self.md.push(' ');
                    }
                    if node.in_pre {
                        self.text
                            .extend(node.text.chars().filter(|c| !is_invisible(*c)));
                        self.md.push_str(node.text);
                    } else {
                        let flat = self.dom.flat(i);
                        push_flat(&mut self.text, flat);
                        push_flat(&mut self.md, flat);
                    }
                    i += 1;
                    continue;
                }
                Tag::Br => {
                    self.text.push('\n');
                    self.md.push_str("  \n");
                    i += 1;
                    continue;
                }
                Tag::Pre => {
                    self.flush(i);
                    let code = self.verbatim(i);
                    if !code.trim().is_empty() {
                        self.blocks.push(Block::plain(
                            BlockKind::Code,
                            code.trim_matches('\n').to_string(),
                        ));
                    }
                    i = node.end;
                    continue;
                }
                Tag::Table if is_data_table(self.dom, i, self.removed, self.show) => {
                    self.flush(i);
                    self.table(i);
                    i = node.end;
                    continue;
                }
                _ => {}
            }
            if node.tag.is_block() {
                self.flush(i);
            } else {
                // Inline siblings of one tag with nothing between them
                // (`<span class=year>2026</span><span class=time>1h 54m</span>`,
                // a row of links) are separate items that CSS spaces apart;
                // `<b>W</b>ord` is not touched.
                if let Some(prev) = self.last_inline.take() {
                    if self.dom.node(prev).end == i && self.dom.node(prev).tag == node.tag {
                        self.pending_space = true;
                    }
                }
                self.md.push_str(self.md_open(i));
            }
            self.stack.push((i, node.end));
            i += 1;
        }
        self.close_until(end);
        self.flush(root);
    }

    /// Closes every open element whose subtree ends at or before `i`.
    fn close_until(&mut self, i: Ix) {
        while let Some(&(ix, end)) = self.stack.last() {
            if end > i {
                break;
            }
            if self.dom.node(ix).tag.is_block() {
                self.flush(ix);
                self.last_inline = None;
            } else {
                self.md_close(ix);
                self.last_inline = Some(ix);
            }
            self.stack.pop();
        }
    }

    fn md_open(&self, i: Ix) -> &'static str {
        match self.dom.node(i).tag {
            Tag::A if self.dom.attr(i, "href").is_some() => "[",
            Tag::Em => "*",
            Tag::Strong => "**",
            Tag::Code => "`",
            _ => "",
        }
    }

    /// Writes the Markdown that closes inline element `i` (written
    /// in place: a link's was formatted into a new string per link).
    fn md_close(&mut self, i: Ix) {
        match self.dom.node(i).tag {
            Tag::A => {
                if let Some(h) = self.dom.attr(i, "href") {
                    self.md.push_str("](");
                    for (k, part) in h.trim().split(' ').enumerate() {
                        if k > 0 {
                            self.md.push_str("%20");
                        }
                        self.md.push_str(part);
                    }
                    self.md.push(')');
                }
            }
            Tag::Em => self.md.push('*'),
            Tag::Strong => self.md.push_str("**"),
            Tag::Code => self.md.push('`'),
            _ => {}
        }
    }

    /// The kind of block that text at this point belongs to, from the open elements.
    fn kind(&self, at: Ix) -> BlockKind {
        let mut candidates = self.stack.iter().map(|&(ix, _)| ix).collect::<Vec<_>>();
        candidates.push(at);
        for &ix in candidates.iter().rev() {
            match self.dom.node(ix).tag {
                Tag::H(level) => return BlockKind::Heading { level },
                Tag::Li => {
                    let lists: Vec<Ix> = self
                        .dom
                        .ancestors(ix)
                        .filter(|&a| matches!(self.dom.node(a).tag, Tag::Ul | Tag::Ol))
                        .collect();
                    let ordered = lists
                        .first()
                        .is_some_and(|&l| self.dom.node(l).tag == Tag::Ol);
                    let depth = lists.len().saturating_sub(1).min(8) as u8;
                    return BlockKind::ListItem { ordered, depth };
                }
                Tag::Blockquote => return BlockKind::Quote,
                _ => {}
            }
        }
        BlockKind::Paragraph
    }

    /// The innermost list item open at `at` (`at` itself included).
    fn item(&self, at: Ix) -> Option<Ix> {
        std::iter::once(at)
            .chain(self.stack.iter().rev().map(|&(ix, _)| ix))
            .find(|&ix| self.dom.node(ix).tag == Tag::Li)
    }

    fn flush(&mut self, at: Ix) {
        let text = self.text.trim();
        if text.is_empty() || !text.chars().any(char::is_alphanumeric) {
            self.text.clear();
            self.md.clear();
            return;
        }
        let kind = self.kind(at);
        let text = tidy_lines(text);
        let markdown = tidy_lines(self.md.trim());
        let item = matches!(kind, BlockKind::ListItem { .. })
            .then(|| self.item(at))
            .flatten();
        self.blocks.push(Block {
            kind,
            text,
            markdown,
            path: crate::profile::position_key(self.dom, at),
            item,
        });
        self.text.clear();
        self.md.clear();
    }

    fn verbatim(&self, root: Ix) -> String {
        let mut out = String::new();
        let end = self.dom.node(root).end;
        let mut i = root;
        while i < end {
            if self.skip(i) {
                i = self.dom.node(i).end;
                continue;
            }
            let n = self.dom.node(i);
            match n.tag {
                Tag::Text => out.extend(n.text.chars().filter(|c| !is_invisible(*c))),
                Tag::Br => out.push('\n'),
                t if t.is_block() && i != root && !out.is_empty() && !out.ends_with('\n') => {
                    out.push('\n')
                }
                _ => {}
            }
            i += 1;
        }
        out
    }

    fn table(&mut self, table: Ix) {
        let end = self.dom.node(table).end;
        let mut i = table + 1;
        while i < end {
            if self.skip(i) {
                i = self.dom.node(i).end;
                continue;
            }
            let n = self.dom.node(i);
            match n.tag {
                Tag::Tr => {
                    let mut cells = Vec::new();
                    let mut all_th = true;
                    for c in self.dom.children(i) {
                        let tag = self.dom.node(c).tag;
                        if !matches!(tag, Tag::Td | Tag::Th) || self.skip(c) {
                            continue;
                        }
                        all_th &= tag == Tag::Th;
                        let t = self.dom.text_of(c, self.removed, usize::MAX, self.show);
                        cells.push(t.replace('|', "\\|"));
                    }
                    if cells.iter().any(|c| c.chars().any(char::is_alphanumeric)) {
                        let text = cells.join(" | ");
                        self.blocks
                            .push(Block::plain(BlockKind::TableRow { header: all_th }, text));
                    }
                    i = n.end;
                }
                Tag::Caption => {
                    let t = self.dom.text_of(i, self.removed, usize::MAX, self.show);
                    if !t.is_empty() {
                        self.blocks.push(Block::plain(BlockKind::Paragraph, t));
                    }
                    i = n.end;
                }
                _ => i += 1,
            }
        }
    }
}

/// The most words of a block of a list item that is joined to the item's
/// first block as a line (see [`join_item_lines`])...
const ITEM_LINE_MAX_WORDS: usize = 12;

/// ...and of the whole item so joined: a card, not a post.
const ITEM_MAX_WORDS: usize = 40;

/// Joins the blocks of one list item into one, a line each, when every one
/// is short ([`ITEM_LINE_MAX_WORDS`], [`ITEM_MAX_WORDS`] in all): a product
/// card's name, price and note are one item, and read as one. Items of
/// paragraphs (posts, steps) keep their blocks. Runs after pruning, which
/// judges furniture and repeats block by block.
pub fn join_item_lines(blocks: &mut Vec<Block>) {
    let words = |b: &Block| crate::text::word_count(&b.text);
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut run_words = 0;
    for b in blocks.drain(..) {
        // Only an item's lines join, so only items are counted.
        if b.item.is_none() {
            run_words = 0;
            out.push(b);
            continue;
        }
        let w = words(&b);
        if let Some(last) = out.last_mut() {
            if last.item == b.item
                && w <= ITEM_LINE_MAX_WORDS
                && last
                    .text
                    .lines()
                    .all(|l| crate::text::word_count(l) <= ITEM_LINE_MAX_WORDS)
                && run_words + w <= ITEM_MAX_WORDS
            {
                last.text.push('\n');
                last.text.push_str(&b.text);
                last.markdown.push('\n');
                last.markdown.push_str(&b.markdown);
                run_words += w;
                continue;
            }
        }
        run_words = w;
        out.push(b);
    }
    *blocks = out;
}

/// Trims each line and drops empty ones (left by `<br>`s).
fn tidy_lines(s: &str) -> String {
    // The vector search: `str::contains` reads a word at a time.
    if memchr::memchr(b'\n', s.as_bytes()).is_none() {
        return s.to_string();
    }
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A table of data (rows of short cells) rather than one used for layout.
pub fn is_data_table(dom: &Dom<'_>, table: Ix, removed: &[bool], show: Show) -> bool {
    let end = dom.node(table).end;
    let (mut cells, mut words, mut max_cols, mut rows) = (0usize, 0usize, 0usize, 0usize);
    let mut i = table + 1;
    while i < end {
        let n = dom.node(i);
        if removed[i as usize] {
            i = n.end;
            continue;
        }
        match n.tag {
            Tag::Table => return false,
            Tag::Tr => {
                rows += 1;
                let c = dom
                    .children(i)
                    .filter(|&c| matches!(dom.node(c).tag, Tag::Td | Tag::Th))
                    .count();
                max_cols = max_cols.max(c);
            }
            Tag::Td | Tag::Th => cells += 1,
            Tag::P
            | Tag::Div
            | Tag::Ul
            | Tag::Ol
            | Tag::H(_)
            | Tag::Blockquote
            | Tag::Section
            | Tag::Article
                // Paragraph-level content inside cells: a layout table, unless short.
                if crate::text::word_count(&dom.text_of(i, removed, 400, show)) > 40 =>
            {
                return false;
            }
            Tag::Text => words += crate::text::word_count(n.text),
            _ => {}
        }
        i += 1;
    }
    rows >= 1 && max_cols >= 2 && cells > 0 && words / cells <= 30
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tree::parse;

    fn blocks(html: &str) -> Vec<Block> {
        let tree = parse(html);
        let dom = Dom::build(&tree);
        let removed = vec![false; dom.len()];
        render(&dom, &[0], &removed, Show::Visible)
    }

    fn texts(html: &str) -> Vec<String> {
        blocks(html).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn a_cards_short_blocks_are_lines_of_one_item_but_a_posts_paragraphs_stay_blocks() {
        let post = "<p>The second fix worked for me after I cleared the cache and restarted \
            the service twice.</p><p>Before that the old version kept coming back.</p>";
        let mut found = blocks(&format!(
            "<ul><li><a href=/p/1><span>Trail Lamp 400</span></a><div>$59.95</div>\
             <div>Save 25%</div></li><li><a href=/p/2>Camp Stove</a><div>$130.00</div></li>\
             <li>{post}</li></ul><p>Prices include tax.</p>"
        ));
        join_item_lines(&mut found);
        let texts: Vec<&str> = found.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Trail Lamp 400\n$59.95\nSave 25%",
                "Camp Stove\n$130.00",
                "The second fix worked for me after I cleared the cache and restarted the service twice.",
                "Before that the old version kept coming back.",
                "Prices include tax."
            ]
        );
        assert!(found[0]
            .markdown
            .starts_with("[Trail Lamp 400](/p/1)\n$59.95"));
        assert!(found[..4]
            .iter()
            .all(|b| matches!(b.kind, BlockKind::ListItem { .. })));
    }

    #[test]
    fn words_are_never_glued_or_split() {
        assert_eq!(
            texts("<ul><li>Home</li><li>About</li></ul><p><b>W</b>ord and <i>more</i>.</p><div>Step 1</div><div>Mix</div>"),
            ["Home", "About", "Word and more.", "Step 1", "Mix"]
        );
    }

    #[test]
    fn look_alike_inline_items_are_spaced_apart() {
        assert_eq!(
            texts("<p><span class=m>2026</span><span class=m>1h 54m</span><span class=m>R</span></p><nav><a class=n href=/>Home</a><a class=n href=/a>About</a></nav>"),
            ["2026 1h 54m R", "Home About"]
        );
        // Per-letter spans, highlights inside a word, and siblings of
        // different tags stay as written.
        assert_eq!(
            texts("<h2><span class=c>F</span><span class=c>l</span><span class=c>ow</span></h2><p>child<span>ren</span> and <b>W</b><b>ord</b>s <span class=a>Big</span><span class=b>Deal</span> <i>Mc</i><b>Donald</b></p>"),
            ["Flow", "children and Words Big Deal McDonald"]
        );
    }

    #[test]
    fn kinds_and_markdown() {
        let b = blocks("<h2>Head</h2><p>See <a href=' /x y z '>this</a> and <em>that</em> <code>c</code> <strong>s</strong> <a>no link</a>.</p><ol><li>one<ul><li>inner</li></ul></li></ol><blockquote>quoted</blockquote><pre>  a\n    b</pre>");
        assert_eq!(b[0].kind, BlockKind::Heading { level: 2 });
        assert_eq!(
            b[1].markdown,
            "See [this](/x%20y%20z) and *that* `c` **s** no link."
        );
        assert_eq!(
            b[2].kind,
            BlockKind::ListItem {
                ordered: true,
                depth: 0
            }
        );
        assert_eq!(
            b[3].kind,
            BlockKind::ListItem {
                ordered: false,
                depth: 1
            }
        );
        assert_eq!(b[4].kind, BlockKind::Quote);
        assert_eq!(b[5].kind, BlockKind::Code);
        assert_eq!(b[5].text, "  a\n    b");
    }

    #[test]
    fn data_tables_become_rows() {
        assert_eq!(
            texts("<table><tr><th>Name</th><th>Value</th></tr><tr><td>Weight</td><td>2 kg</td></tr></table>"),
            ["Name | Value", "Weight | 2 kg"]
        );
    }

    #[test]
    fn invisible_characters_are_stripped() {
        assert_eq!(texts("<p>in\u{ad}vis\u{200b}ible</p>"), ["invisible"]);
    }
}
