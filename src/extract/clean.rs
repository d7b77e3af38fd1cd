//! Removes what never is content before anything is scored: the elements
//! matched by the `drop` selectors of `_global.toml` and the site's rule file
//! (each removal recorded for `thresh rules explain`), matched on the page's
//! own tree. Scripts, styles and form controls are never in the DOM's
//! layout at all (see `dom`), and hidden elements are skipped by every walk
//! through their [`Visibility`].
//!
//! [`Visibility`]: super::dom::Visibility

use crate::rules::Applied;
use crate::selector::MatchCaches;

use super::dom::{Dom, Ix, PerClass, Show};
use super::{sample, Removal, RemovalKind};

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
pub fn drop_rules(dom: &Dom<'_>, rules: &Applied<'_>, removed: &mut [bool]) -> Vec<Dropped> {
    let mut out = Vec::new();
    let mut candidates = Vec::new();
    let mut caches = MatchCaches::default();
    let mut class_rules = Vec::new();
    for file in rules.iter() {
        let drop = &file.content.drop;
        if drop.is_empty() {
            continue;
        }
        let index = &file.content.drop_index;
        // The rules each class value brings: (start, length) in `class_rules`.
        let mut by_class = PerClass::new(dom);
        class_rules.clear();
        let mut hits: Vec<Vec<Ix>> = vec![Vec::new(); drop.len()];
        for ix in 1..dom.len() as Ix {
            let Some(el) = dom.element(ix) else {
                continue;
            };
            let (id, _) = dom.id_class(ix as Ix);
            let range = by_class.get(dom, ix as Ix, |class| {
                let from = class_rules.len();
                index.by_class_value(class, &mut class_rules);
                (from, class_rules.len() - from)
            });
            index.candidates_with(
                (!id.is_empty()).then_some(id),
                range.map(|(from, len)| &class_rules[from..from + len]),
                el.name(),
                el.attrs.iter().map(|a| (&a.name.local, &*a.value)),
                &mut candidates,
            );
            if candidates.is_empty() {
                continue;
            }
            let Some(element) = dom.element_ref(ix as Ix) else {
                continue;
            };
            for &k in &candidates {
                if drop[k].compiled.matches_with(&element, &mut caches) {
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
                samples.push(sample(&dom.text_of(ix, removed, 200, Show::Visible)));
                removed[ix as usize] = true;
                kept.push(ix);
            }
            if !kept.is_empty() {
                out.push(Dropped {
                    removal: Removal {
                        file: file.name.clone(),
                        kind: RemovalKind::Drop,
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

/// Forward pass: a node is dead when it, or any ancestor, is removed or
/// hidden (as `show` has it).
pub fn dead(dom: &Dom<'_>, removed: &[bool], show: Show) -> Vec<bool> {
    let mut dead = vec![false; dom.len()];
    for i in 0..dom.len() {
        let n = &dom.nodes[i];
        dead[i] = removed[i]
            || dom.hidden(i as Ix, show)
            || (n.parent != super::dom::NONE && dead[n.parent as usize]);
    }
    dead
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tree::parse;

    #[test]
    fn drop_selectors_match_on_the_dom() {
        let rules = crate::rules::SiteRules::parse(
            "a.test.toml",
            "a.test.toml",
            "[content]\ndrop = ['.ad', 'div#promo', 'aside > p:first-child', \
             'p:has(> a.share)', '[data-role=banner i]', 'section:not(.keep) h3', \
             '[ID^=tab]', ':not(p)[class*=klav]']\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let applied = Applied {
            global: None,
            site: Some(&rules),
        };
        let tree = parse(
            "<div class='x ad'>ad one</div><div id=promo>promo</div>\
             <aside><p>first</p><p>second</p></aside>\
             <p>share: <a class=share href=/s>s</a></p><div data-role=BANNER>b</div>\
             <section class=keep><h3>kept</h3></section><section><h3>gone</h3></section>\
             <script class=ad>not in the layout</script><p>body</p>\
             <div id=taboola-1>tab</div><div id=notab>kept</div><p class=klav>p</p><div class='x klaviyo'>k</div>",
        );
        let dom = Dom::build(&tree);
        let mut removed = vec![false; dom.len()];
        let dropped = drop_rules(&dom, &applied, &mut removed);
        let samples: Vec<(&str, Vec<String>)> = dropped
            .iter()
            .map(|d| (d.removal.pattern.as_str(), d.removal.samples.clone()))
            .collect();
        assert_eq!(
            samples,
            [
                (".ad", vec!["ad one".to_string()]),
                ("div#promo", vec!["promo".to_string()]),
                ("aside > p:first-child", vec!["first".to_string()]),
                ("p:has(> a.share)", vec!["share: s".to_string()]),
                ("[data-role=banner i]", vec!["b".to_string()]),
                ("section:not(.keep) h3", vec!["gone".to_string()]),
                ("[ID^=tab]", vec!["tab".to_string()]),
                (":not(p)[class*=klav]", vec!["k".to_string()]),
            ]
        );
        let kept = dom.text_of(0, &removed, usize::MAX, Show::Visible);
        assert_eq!(kept, "second kept body kept p");
    }
}
