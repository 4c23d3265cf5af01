//! Field selection: a copy of a compiled expression that builds only some of the
//! fields of its result, so that [`crate::Expression::input_paths`] of the copy names
//! only what those fields read.
//!
//! Only shapes whose pruning cannot change the fields kept are pruned: an object
//! constructor with literal keys loses the pairs not selected (a pair with a computed
//! key stays); the branches of a condition, the last expression of a block, the items
//! of an array constructor and the last step of a path (`lines.{…}`) are pruned with
//! the same selection. Anything else (a function call, `??`, a predicate or grouping on
//! the node) is kept whole: the copy may build more than was selected, never less, so
//! callers still cut the result to the selection ([`crate::Output::select`]).

use crate::ast::{Ann, Kind, Node};
use crate::paths::PathNode;

/// True when `sel` keeps the whole value (no narrower selection below it).
pub(crate) fn keeps_all(sel: &PathNode) -> bool {
    sel.whole || sel.children.is_empty()
}

/// No annotation that would read the node's value before it is returned.
fn untouched(ann: &Ann) -> bool {
    ann.predicate.is_empty()
        && ann.stages.is_empty()
        && ann.group.is_none()
        && ann.focus.is_none()
        && ann.index.is_none()
        && !ann.tuple
}

pub(crate) fn prune(node: &Node, sel: &PathNode) -> Node {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || prune_inner(node, sel))
}

fn prune_inner(node: &Node, sel: &PathNode) -> Node {
    if keeps_all(sel) || !untouched(&node.ann) {
        return node.clone();
    }
    let kind = match &node.kind {
        Kind::Object(group) => {
            let mut group = group.clone();
            group.pairs = group
                .pairs
                .iter()
                .filter_map(|(key, value)| match &key.kind {
                    Kind::Str(name) => sel
                        .children
                        .get(&**name)
                        .map(|child| (key.clone(), prune(value, child))),
                    // a computed key may name any field: kept whole
                    _ => Some((key.clone(), value.clone())),
                })
                .collect();
            Kind::Object(group)
        }
        Kind::Condition(test, then, otherwise) => Kind::Condition(
            test.clone(),
            Box::new(prune(then, sel)),
            otherwise.as_ref().map(|o| Box::new(prune(o, sel))),
        ),
        Kind::Block(items) if !items.is_empty() => {
            let mut items = items.clone();
            if let Some(last) = items.last_mut() {
                *last = prune(last, sel);
            }
            Kind::Block(items)
        }
        Kind::Array(items) => Kind::Array(items.iter().map(|i| prune(i, sel)).collect()),
        Kind::Path {
            steps,
            keep_singleton,
        } if steps.len() > 1 => {
            let mut steps = steps.clone();
            if let Some(last) = steps.last_mut() {
                *last = prune(last, sel);
            }
            Kind::Path {
                steps,
                keep_singleton: *keep_singleton,
            }
        }
        _ => return node.clone(),
    };
    Node {
        kind,
        ..node.clone()
    }
}
