//! Compile-time annotations that let the evaluator take fast paths: plain
//! field paths, object constructors with literal keys, and direct calls of
//! built-ins that the expression never rebinds.

use std::collections::HashSet;
use std::sync::Arc;

use crate::ast::{GroupBy, Kind, Node, Stage};
use crate::walk::{children, children_mut};

pub(crate) fn annotate(root: &mut Node, direct_builtins: bool) {
    let mut bound: HashSet<Arc<str>> = HashSet::new();
    collect_bound(root, &mut bound);
    mark(root, &bound, direct_builtins);
}

fn collect_bound(node: &Node, out: &mut HashSet<Arc<str>>) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
        match &node.kind {
            Kind::Bind(name, _) => {
                out.insert(name.clone());
            }
            Kind::Lambda(def) => out.extend(def.params.iter().cloned()),
            _ => {}
        }
        if let Some(f) = &node.ann.focus {
            out.insert(f.clone());
        }
        if let Some(i) = &node.ann.index {
            out.insert(i.clone());
        }
        for s in &node.ann.stages {
            if let Stage::Index(i) = s {
                out.insert(i.clone());
            }
        }
        children(node, &mut |c| collect_bound(c, out));
    })
}

fn plain(node: &Node) -> bool {
    let a = &node.ann;
    !a.keep_array
        && a.predicate.is_empty()
        && a.stages.is_empty()
        && a.group.is_none()
        && a.focus.is_none()
        && a.index.is_none()
        && !a.tuple
        && a.ancestor.is_none()
        && !a.consarray
}

/// Every step is a field name with no annotations.
fn plain_names(steps: &[Node]) -> bool {
    steps
        .iter()
        .all(|s| matches!(s.kind, Kind::Name(_)) && plain(s))
}

/// Every key of the constructor is a distinct string literal.
fn literal_keys(g: &GroupBy) -> bool {
    let mut seen = HashSet::new();
    g.pairs.iter().all(|(k, _)| match &k.kind {
        Kind::Str(s) => plain(k) && seen.insert(s.clone()),
        _ => false,
    })
}

fn mark(node: &mut Node, bound: &HashSet<Arc<str>>, direct: bool) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
        // The steps of a path not kept as a singleton array and with no annotation of
        // its own (`plain`): what each fast path below is checked against.
        let steps = match &node.kind {
            Kind::Path {
                steps,
                keep_singleton: false,
            } if plain(node) => Some(steps.as_slice()),
            _ => None,
        };
        node.ann.simple_path = steps.is_some_and(|s| !s.is_empty() && plain_names(s));
        node.ann.var_path = steps.is_some_and(|s| {
            s.split_first().is_some_and(|(first, names)| {
                !names.is_empty()
                    && matches!(first.kind, Kind::Variable { .. })
                    && plain(first)
                    && plain_names(names)
            })
        });
        node.ann.map_path = steps.is_some_and(|s| {
            s.split_last().is_some_and(|(last, names)| {
                !names.is_empty()
                    && plain_names(names)
                    && plain(last)
                    && matches!(&last.kind, Kind::Object(g) if literal_keys(g))
            })
        });
        node.ann.plain = plain(node);
        if let Kind::Function {
            proc,
            builtin: Some(_),
            ..
        } = &node.kind
        {
            if let Kind::Variable { name, .. } = &proc.kind {
                node.ann.direct_builtin = direct && !bound.contains(name);
            }
        }
        if let Kind::Object(g) = &mut node.kind {
            g.static_keys = literal_keys(g);
        }
        children_mut(node, &mut |c| mark(c, bound, direct));
    })
}
