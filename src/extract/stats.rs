//! Per-subtree text measures (characters, words, link text, commas,
//! paragraphs), computed in one backward pass over the flat DOM. Scoring and
//! pruning read them instead of re-walking subtrees.

use super::dom::{Dom, Ix, Show, Tag, NONE};

/// Text measures of one subtree, ignoring removed and hidden nodes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Non-space characters (ideographs weigh more: see [`crate::text`]).
    pub chars: u32,
    /// Non-space characters inside links.
    pub link_chars: u32,
    /// Words (in every script: see [`crate::text`]).
    pub words: u32,
    /// Commas (any script's).
    pub commas: u32,
    /// `<p>` elements with at least 40 characters.
    pub paras: u32,
    /// Characters in direct text children (not in child elements).
    pub own_chars: u32,
}

impl Stats {
    /// Share of the text that is link text.
    pub fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

/// Computes [`Stats`] for every node; hidden nodes count as `show` says.
pub fn compute(dom: &Dom<'_>, removed: &[bool], show: Show) -> Vec<Stats> {
    let mut stats = vec![Stats::default(); dom.len()];
    for i in (0..dom.len()).rev() {
        let n = &dom.nodes[i];
        if n.tag == Tag::Text {
            let (measure, commas) = dom.measure(i as Ix);
            let mut s = Stats {
                words: measure.words,
                chars: measure.chars,
                commas,
                ..Stats::default()
            };
            if n.in_link {
                s.link_chars = s.chars;
            }
            stats[i] = s;
        } else if n.tag == Tag::P && stats[i].chars >= 40 {
            stats[i].paras += 1;
        }
        if removed[i] || dom.hidden(i as super::dom::Ix, show) || n.parent == NONE {
            continue;
        }
        let s = stats[i];
        let p = &mut stats[n.parent as usize];
        p.chars += s.chars;
        p.link_chars += s.link_chars;
        p.words += s.words;
        p.commas += s.commas;
        p.paras += s.paras;
        if n.tag == Tag::Text {
            p.own_chars += s.chars;
        }
    }
    stats
}

/// A run of text of its own this long, in one block, is a sentence (see
/// [`holds_prose_run`]).
pub const PROSE_RUN_MIN_CHARS: u32 = 40;

/// True when a block under `root` (itself included), outside headings and
/// the nodes `skip` names, has a run of text of its own of
/// [`PROSE_RUN_MIN_CHARS`] or more: a sentence, not a headline. Heroes
/// and leads are told from titles and menus by it.
pub fn holds_prose_run(
    dom: &Dom<'_>,
    stats: &[Stats],
    root: Ix,
    skip: impl Fn(Ix) -> bool,
) -> bool {
    let mut i = root;
    while i < dom.node(root).end {
        let node = dom.node(i);
        if skip(i) || matches!(node.tag, Tag::H(_)) {
            i = node.end;
            continue;
        }
        if node.tag != Tag::Text && stats[i as usize].own_chars >= PROSE_RUN_MIN_CHARS {
            return true;
        }
        i += 1;
    }
    false
}

/// True when `inner`, inside `outer`, reads the same text: as many
/// characters and words, and nothing but white space around it in `outer`.
/// Pages wrap a paragraph in layers of `<div>`s; a check that read the
/// outer layer need not read the inner ones. Equal counts alone do not
/// make equal texts: text read with a removed or hidden node in it holds
/// more than its counts.
pub fn same_text(dom: &Dom<'_>, stats: &[Stats], outer: Ix, inner: Ix) -> bool {
    let (o, i) = (&stats[outer as usize], &stats[inner as usize]);
    if o.chars != i.chars || o.words != i.words || outer == inner || !dom.contains(outer, inner) {
        return false;
    }
    let blank = |from: Ix, to: Ix| {
        (from..to).all(|k| {
            let n = dom.node(k);
            n.tag != Tag::Text || n.text.bytes().all(|b| b.is_ascii_whitespace())
        })
    };
    blank(outer + 1, inner) && blank(dom.node(inner).end, dom.node(outer).end)
}

/// Look-alike siblings: children of one element with the same tag and class.
#[derive(Debug, Clone, Copy)]
pub struct ChildGroup {
    /// Their tag.
    pub tag: Tag,
    /// The number of their `class` value on the page (see `Dom::class_no`).
    pub class_no: u32,
    /// How many children share it.
    pub count: u32,
    /// Their words together.
    pub words: u32,
}

/// Groups the element children of `parent` with at least `min_words` words
/// (and not marked in `dead`, which may be empty) by tag and class, into
/// `out` (cleared first). Returns how many children were counted.
pub fn child_groups(
    dom: &Dom<'_>,
    stats: &[Stats],
    parent: Ix,
    min_words: u32,
    dead: &[bool],
    out: &mut Vec<ChildGroup>,
) -> u32 {
    out.clear();
    let mut total = 0;
    for c in dom.children(parent) {
        let n = dom.node(c);
        let words = stats[c as usize].words;
        if n.tag == Tag::Text
            || words < min_words.max(1)
            || dead.get(c as usize).copied().unwrap_or(false)
        {
            continue;
        }
        total += 1;
        let class_no = dom.class_no(c);
        match out
            .iter_mut()
            .find(|g| g.tag == n.tag && g.class_no == class_no)
        {
            Some(g) => {
                g.count += 1;
                g.words += words;
            }
            None => out.push(ChildGroup {
                tag: n.tag,
                class_no,
                count: 1,
                words,
            }),
        }
    }
    total
}
