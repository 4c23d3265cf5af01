//! Generic traversal of the compiled tree's children.

use crate::ast::{Kind, Node, Stage};

/// Calls `f` on every direct child of `node` (including annotations).
pub(crate) fn children<'n>(node: &'n Node, f: &mut dyn FnMut(&'n Node)) {
    match &node.kind {
        Kind::Path { steps, .. } => steps.iter().for_each(&mut *f),
        Kind::Binary(_, l, r) | Kind::Coalesce(l, r) | Kind::Elvis(l, r) | Kind::Apply(l, r) => {
            f(l);
            f(r);
        }
        Kind::Neg(e) | Kind::Bind(_, e) => f(e),
        Kind::Array(items) | Kind::Block(items) => items.iter().for_each(&mut *f),
        Kind::Object(g) => {
            for (k, v) in &g.pairs {
                f(k);
                f(v);
            }
        }
        Kind::Condition(c, t, e) => {
            f(c);
            f(t);
            if let Some(e) = e {
                f(e);
            }
        }
        Kind::Function { proc, args, .. } => {
            f(proc);
            args.iter().for_each(&mut *f);
        }
        Kind::Partial { proc, args } => {
            f(proc);
            args.iter().flatten().for_each(&mut *f);
        }
        Kind::Lambda(def) => f(&def.body),
        Kind::Transform(def) => {
            f(&def.pattern);
            f(&def.update);
            if let Some(d) = &def.delete {
                f(d);
            }
        }
        Kind::Sort(terms) => terms.iter().for_each(|t| f(&t.expr)),
        _ => {}
    }
    node.ann.predicate.iter().for_each(&mut *f);
    for s in &node.ann.stages {
        if let Stage::Filter(e) = s {
            f(e);
        }
    }
    if let Some(g) = &node.ann.group {
        for (k, v) in &g.pairs {
            f(k);
            f(v);
        }
    }
}

/// Mutable variant of [`children`]; lambda and transform bodies (shared) are skipped.
pub(crate) fn children_mut(node: &mut Node, f: &mut dyn FnMut(&mut Node)) {
    match &mut node.kind {
        Kind::Path { steps, .. } => steps.iter_mut().for_each(&mut *f),
        Kind::Binary(_, l, r) | Kind::Coalesce(l, r) | Kind::Elvis(l, r) | Kind::Apply(l, r) => {
            f(l);
            f(r);
        }
        Kind::Neg(e) | Kind::Bind(_, e) => f(e),
        Kind::Array(items) | Kind::Block(items) => items.iter_mut().for_each(&mut *f),
        Kind::Object(g) => {
            for (k, v) in &mut g.pairs {
                f(k);
                f(v);
            }
        }
        Kind::Condition(c, t, e) => {
            f(c);
            f(t);
            if let Some(e) = e {
                f(e);
            }
        }
        Kind::Function { proc, args, .. } => {
            f(proc);
            args.iter_mut().for_each(&mut *f);
        }
        Kind::Partial { proc, args } => {
            f(proc);
            args.iter_mut().flatten().for_each(&mut *f);
        }
        Kind::Lambda(def) => {
            if let Some(def) = std::sync::Arc::get_mut(def) {
                f(&mut def.body);
            }
        }
        Kind::Transform(def) => {
            if let Some(def) = std::sync::Arc::get_mut(def) {
                f(&mut def.pattern);
                f(&mut def.update);
                if let Some(d) = &mut def.delete {
                    f(d);
                }
            }
        }
        Kind::Sort(terms) => terms.iter_mut().for_each(|t| f(&mut t.expr)),
        _ => {}
    }
    node.ann.predicate.iter_mut().for_each(&mut *f);
    for s in &mut node.ann.stages {
        if let Stage::Filter(e) = s {
            f(e);
        }
    }
    if let Some(g) = &mut node.ann.group {
        for (k, v) in &mut g.pairs {
            f(k);
            f(v);
        }
    }
}
