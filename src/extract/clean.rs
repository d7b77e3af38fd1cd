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
/// matched subtrees in `removed`.
pub fn drop_rules(
    html: &Html,
    dom: &Dom<'_>,
    rules: &Applied<'_>,
    removed: &mut [bool],
) -> Vec<Dropped> {
    let mut out = Vec::new();
    for file in rules.iter() {
        for rule in &file.content.drop {
            let mut nodes = Vec::new();
            let mut samples = Vec::new();
            for el in html.select(&rule.compiled) {
                let Some(ix) = dom.index_of(el.id()) else {
                    continue;
                };
                if removed[ix as usize] || ix == 0 {
                    continue;
                }
                let text = dom.text_of(ix, removed, 200);
                removed[ix as usize] = true;
                nodes.push(ix);
                samples.push(sample(&text));
            }
            if !nodes.is_empty() {
                out.push(Dropped {
                    removal: Removal {
                        file: file.name.clone(),
                        kind: "drop",
                        pattern: rule.source.clone(),
                        samples,
                        undone: false,
                    },
                    nodes,
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
