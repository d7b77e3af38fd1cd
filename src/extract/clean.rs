//! Removes what never is content before anything is scored: the elements
//! matched by the `drop` selectors of `_global.toml` and the site's rule file
//! (each removal recorded for `thresh rules explain`). Scripts, styles and
//! form controls never enter the flat DOM at all (see `dom`), and hidden
//! elements are skipped by every walk through their [`Visibility`].
//!
//! [`Visibility`]: super::dom::Visibility

use scraper::Html;

use crate::rules::Applied;

use super::dom::{Dom, Ix};
use super::{sample, Removal};

/// What one `drop` rule removed: the rule's report entry and the nodes.
pub struct Dropped {
    /// For the report.
    pub removal: Removal,
    /// The removed subtrees' roots.
    pub nodes: Vec<Ix>,
}

/// Applies every `drop` selector of the applied rule files, marking the
/// matched subtrees in `removed`. Each element is tried only against the
/// selectors its id, classes and tag allow (see [`SelectorIndex`]).
///
/// [`SelectorIndex`]: crate::rules::SelectorIndex
pub fn drop_rules(
    html: &Html,
    dom: &Dom<'_>,
    rules: &Applied<'_>,
    removed: &mut [bool],
) -> Vec<Dropped> {
    let mut out = Vec::new();
    let mut candidates = Vec::new();
    for file in rules.iter() {
        let drop = &file.content.drop;
        if drop.is_empty() {
            continue;
        }
        let mut hits: Vec<Vec<Ix>> = vec![Vec::new(); drop.len()];
        for (ix, node) in dom.nodes.iter().enumerate().skip(1) {
            let Some(el) = node.element else {
                continue;
            };
            // The raw attributes, not scraper's `id()`/`classes()`: those
            // intern every class name in a global atom table, which cost more
            // than the lookups themselves.
            let (id, class) = dom.id_class(ix as Ix);
            file.content.drop_index.candidates(
                (!id.is_empty()).then_some(id),
                class.split_ascii_whitespace(),
                el.name(),
                &mut candidates,
            );
            if candidates.is_empty() {
                continue;
            }
            let Some(element) = dom.element_ref(html, ix as Ix) else {
                continue;
            };
            for &k in &candidates {
                if drop[k].compiled.matches(&element) {
                    hits[k].push(ix as Ix);
                }
            }
        }
        for (rule, nodes) in drop.iter().zip(hits) {
            let mut kept = Vec::new();
            let mut samples = Vec::new();
            for ix in nodes {
                if removed[ix as usize] {
                    continue;
                }
                samples.push(sample(&dom.text_of(ix, removed, 200)));
                removed[ix as usize] = true;
                kept.push(ix);
            }
            if !kept.is_empty() {
                out.push(Dropped {
                    removal: Removal {
                        file: file.name.clone(),
                        kind: "drop",
                        pattern: rule.source.clone(),
                        samples,
                        undone: false,
                    },
                    nodes: kept,
                });
            }
        }
    }
    out
}

/// Forward pass: a node is dead when it, or any ancestor, is removed or hidden.
pub fn dead(dom: &Dom<'_>, removed: &[bool]) -> Vec<bool> {
    let mut dead = vec![false; dom.len()];
    for i in 0..dom.len() {
        let n = &dom.nodes[i];
        dead[i] = removed[i]
            || dom.hidden(i as Ix)
            || (n.parent != super::dom::NONE && dead[n.parent as usize]);
    }
    dead
}
