//! Finds the article in a page nobody wrote a rule for. Two views are taken:
//! a Readability-style score (paragraph text credited to its ancestors,
//! weighed by tag, class words and link density, then promoted to a common
//! ancestor and merged with good siblings), and the page's own semantic
//! markers (`itemprop=articleBody`, `entry-content`, `<article>`, `<main>`).
//! The choice between them weighs how much of the text each holds.

use super::dom::{Dom, Ix, Tag, NONE};
use super::stats::Stats;
use super::vocab;

/// The located content: one or more subtrees in document order.
#[derive(Debug, Clone)]
pub struct Located {
    /// Subtree roots.
    pub roots: Vec<Ix>,
    /// How it was found, for the report.
    pub how: String,
}

/// Locates the content generically.
pub fn locate(dom: &Dom<'_>, stats: &[Stats], dead: &[bool]) -> Located {
    let chrome = chrome_flags(dom);
    let generic = score(dom, stats, dead, &chrome);
    let semantic = semantic(dom, stats, dead);
    tracing::debug!(generic = ?generic.as_ref().map(|g| describe(dom, &g.roots)), semantic = ?semantic.as_ref().map(|s| (describe(dom, &s.0.roots), s.1)), "candidates");
    let words = |roots: &[Ix]| roots.iter().map(|&r| stats[r as usize].words).sum::<u32>() as f32;
    match (generic, semantic) {
        (None, None) => Located {
            roots: vec![0],
            how: "whole page (nothing scored)".into(),
        },
        (Some(g), None) => g,
        (None, Some((s, _))) => s,
        (Some(g), Some((s, level))) => {
            let gw = words(&g.roots);
            let sw = words(&s.roots);
            let s_root = s.roots[0];
            let g_top = g.roots[0];
            if dom.contains(s_root, g_top) {
                // The marker is broader than the scored block.
                if level <= 1 || gw < 0.5 * sw {
                    s
                } else {
                    g
                }
            } else if dom.contains(g_top, s_root)
                || g.roots.iter().any(|&r| dom.contains(r, s_root))
            {
                // The marker is narrower: trust it when it holds enough.
                let need = if level <= 1 { 0.3 } else { 0.6 };
                if sw >= need * gw {
                    s
                } else {
                    g
                }
            } else {
                let good = |roots: &[Ix]| {
                    roots
                        .iter()
                        .map(|&r| {
                            let st = &stats[r as usize];
                            st.chars as f32 * (1.0 - st.link_density())
                        })
                        .sum::<f32>()
                };
                if good(&s.roots) >= good(&g.roots) {
                    s
                } else {
                    g
                }
            }
        }
    }
}

/// Marks nodes inside page chrome (nav, header, footer, aside), whose text
/// is not scored.
fn chrome_flags(dom: &Dom<'_>) -> Vec<bool> {
    let mut chrome = vec![false; dom.len()];
    for i in 1..dom.len() {
        let n = &dom.nodes[i];
        chrome[i] = chrome[n.parent as usize]
            || matches!(n.tag, Tag::Nav | Tag::Aside | Tag::Footer)
            || (n.tag == Tag::Header
                && !dom
                    .ancestors(i as Ix)
                    .any(|a| matches!(dom.node(a).tag, Tag::Article | Tag::Main)));
    }
    chrome
}

fn base_score(dom: &Dom<'_>, ix: Ix) -> f32 {
    let tag = match dom.node(ix).tag {
        Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => {
            -3.0
        }
        Tag::H(_) | Tag::Th => -5.0,
        _ => 0.0,
    };
    let (id, class) = dom.id_class(ix);
    tag + vocab::class_weight(&vocab::tokens(&[id, class]))
}

/// Readability-style scoring; `None` when no paragraph scores.
fn score(dom: &Dom<'_>, stats: &[Stats], dead: &[bool], chrome: &[bool]) -> Option<Located> {
    let n = dom.len();
    let mut scores = vec![f32::NAN; n];
    let mut candidates: Vec<Ix> = Vec::new();
    for i in 1..n {
        if dead[i] || chrome[i] {
            continue;
        }
        let node = &dom.nodes[i];
        let chars = match node.tag {
            Tag::P | Tag::Pre | Tag::Td | Tag::Blockquote | Tag::Dd => stats[i].chars,
            Tag::Div | Tag::Section | Tag::Article | Tag::OtherBlock | Tag::Li => {
                stats[i].own_chars
            }
            _ => continue,
        };
        if chars < 25 {
            continue;
        }
        let st = &stats[i];
        let unit = (1.0 + st.commas.min(20) as f32 + (chars as f32 / 100.0).min(3.0))
            * (1.0 - st.link_density());
        // Direct-text containers score themselves too.
        let mut targets: Vec<(Ix, f32)> = Vec::new();
        if matches!(
            node.tag,
            Tag::Div | Tag::Section | Tag::Article | Tag::OtherBlock
        ) {
            targets.push((i as Ix, 1.0));
        }
        let mut level = 0;
        let mut a = node.parent;
        while a != NONE && a != 0 && level < 5 {
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            targets.push((a, div));
            level += 1;
            a = dom.node(a).parent;
        }
        for (t, div) in targets {
            let s = &mut scores[t as usize];
            if s.is_nan() {
                *s = base_score(dom, t);
                candidates.push(t);
            }
            *s += unit / div;
        }
    }
    if candidates.is_empty() {
        return None;
    }
    let final_score = |ix: Ix| scores[ix as usize] * (1.0 - stats[ix as usize].link_density());
    candidates.sort_by(|&a, &b| final_score(b).total_cmp(&final_score(a)));
    let mut top = candidates[0];
    let top_score = final_score(top);
    // Promote to a common ancestor when several near-equal candidates sit apart.
    let alternatives: Vec<Ix> = candidates[1..candidates.len().min(5)]
        .iter()
        .copied()
        .filter(|&c| {
            final_score(c) >= 0.75 * top_score && !dom.contains(c, top) && !dom.contains(top, c)
        })
        .collect();
    if alternatives.len() >= 3 {
        for a in dom.ancestors(top) {
            if a == 0 || matches!(dom.node(a).tag, Tag::Body | Tag::Html) {
                break;
            }
            if alternatives.iter().filter(|&&c| dom.contains(a, c)).count() >= 3 {
                top = a;
                break;
            }
        }
    }
    // A top candidate that is its parent's only content child stands for the parent.
    loop {
        let p = dom.node(top).parent;
        if p == NONE || p == 0 || matches!(dom.node(p).tag, Tag::Body | Tag::Html) {
            break;
        }
        if stats[p as usize].chars > stats[top as usize].chars + 20 {
            break;
        }
        top = p;
    }
    // Merge siblings that score well or read like paragraphs.
    let threshold = (0.2 * final_score(top)).max(10.0);
    let parent = dom.node(top).parent;
    let mut roots = Vec::new();
    if parent == NONE {
        roots.push(top);
    } else {
        let top_class = dom.attr(top, "class").unwrap_or("");
        for s in dom.children(parent) {
            if s == top {
                roots.push(s);
                continue;
            }
            if dead[s as usize] || dom.node(s).tag == Tag::Text {
                continue;
            }
            let st = &stats[s as usize];
            let mut sscore = if scores[s as usize].is_nan() {
                0.0
            } else {
                final_score(s)
            };
            if !top_class.is_empty() && dom.attr(s, "class") == Some(top_class) {
                sscore += 0.2 * final_score(top);
            }
            let ld = st.link_density();
            let keep = sscore >= threshold
                || (dom.node(s).tag == Tag::P
                    && ((st.chars > 80 && ld < 0.25)
                        || (st.chars > 0
                            && ld == 0.0
                            && dom.text_of(s, dead, 400).ends_with('.'))));
            if keep {
                roots.push(s);
            }
        }
    }
    Some(Located {
        how: format!(
            "generic scoring ({} block{})",
            roots.len(),
            if roots.len() == 1 { "" } else { "s" }
        ),
        roots,
    })
}

/// Class names that mark an article body on many sites.
const BODY_CLASSES: &[&str] = &[
    "entry-content",
    "post-content",
    "article-body",
    "article-content",
    "post-body",
    "story-body",
    "article__body",
    "articlebody",
    "post-entry",
    "entry-body",
    "story-content",
    "blog-post-body",
    "c-article-body",
    "article__content",
    "content-body",
    "td-post-content",
    "single-post-content",
    "post__content",
    "entry__content",
    "article-text",
    "story-text",
    "post-text",
    "blog-content",
    "article_body",
    "news-content",
    "main-article-body",
    "body-copy",
    "articletext",
];

/// The page's own markers, most specific first; returns the located content
/// and its level (0: itemprop, 1: body classes, 2: `<article>`, 3: `<main>`).
fn semantic(dom: &Dom<'_>, stats: &[Stats], dead: &[bool]) -> Option<(Located, u8)> {
    const MIN_WORDS: u32 = 30;
    let live = |i: usize| !dead[i] && stats[i].words >= MIN_WORDS;
    let find = |pred: &dyn Fn(Ix) -> bool| {
        (1..dom.len())
            .find(|&i| live(i) && pred(i as Ix))
            .map(|i| i as Ix)
    };
    let levels: [(&str, &dyn Fn(Ix) -> bool); 4] = [
        ("itemprop=articleBody", &|i| {
            dom.attr(i, "itemprop")
                .is_some_and(|v| v.split_whitespace().any(|t| t == "articleBody"))
        }),
        ("article body class", &|i| {
            dom.attr(i, "class").is_some_and(|c| {
                c.split_whitespace()
                    .any(|t| BODY_CLASSES.iter().any(|b| t.eq_ignore_ascii_case(b)))
            })
        }),
        ("<article>", &|i| dom.node(i).tag == Tag::Article),
        ("<main>", &|i| {
            dom.node(i).tag == Tag::Main || dom.attr(i, "role") == Some("main")
        }),
    ];
    for (level, (how, pred)) in levels.iter().enumerate() {
        if level == 2 {
            // Many <article>s make a listing, not an article.
            let articles = (1..dom.len())
                .filter(|&i| live(i) && dom.nodes[i].tag == Tag::Article)
                .count();
            if articles > 2 {
                continue;
            }
        }
        if let Some(ix) = find(pred) {
            return Some((
                Located {
                    roots: vec![ix],
                    how: format!("page marker {how}"),
                },
                level as u8,
            ));
        }
    }
    None
}

/// A short description of nodes for debug logs: `tag#id.class`.
fn describe(dom: &Dom<'_>, roots: &[Ix]) -> String {
    roots
        .iter()
        .map(|&r| {
            let (id, class) = dom.id_class(r);
            let name = dom.node(r).element.map_or("#root", |e| e.name());
            format!("{r}:{name}#{id}.{}", class.split_whitespace().take(3).collect::<Vec<_>>().join("."))
        })
        .collect::<Vec<_>>()
        .join(" + ")
}
