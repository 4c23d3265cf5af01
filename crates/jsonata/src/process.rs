//! The post-parse processor: turns the raw syntax tree into the compiled tree.
//! Flattens `a.b[p].c` into path steps, attaches predicates, group-by, order-by,
//! focus (`@`), index (`#`) and parent (`%`) bindings to the steps, resolves
//! built-in names and regex literals, and marks calls in tail position of
//! lambda bodies.

use std::sync::Arc;

use rustc_hash::FxHashSet as HashSet;

use crate::ast::{Ann, BinOp, GroupBy, Kind, LambdaDef, Node, SortTerm, Stage, TransformDef};
use crate::builtins::Builtin;
use crate::error::Error;
use crate::parser::{MAX_NESTING, P, PN, too_deep};
use crate::regex::RegexDef;

/// Turns a raw tree into a compiled tree (before the optimizer's annotations).
pub(crate) fn process(raw: PN) -> Result<Node, Error> {
    let mut proc = Processor {
        slots: Vec::new(),
        names: HashSet::default(),
    };
    let mut node = proc.process(raw)?;
    if matches!(node.kind, Kind::Parent(_)) || !node.ann.seeking.is_empty() {
        return Err(Error::new("S0217").at(node.pos).token("parent"));
    }
    proc.fix_labels(&mut node);
    Ok(node)
}

struct Slot {
    label: usize,
    level: i64,
}

struct Processor {
    slots: Vec<Slot>,
    /// Every variable name of the expression, once: each use and binding of a name
    /// shares one string, so the evaluator's lookups mostly compare pointers.
    names: HashSet<Arc<str>>,
}

impl Processor {
    fn name(&mut self, name: &str) -> Arc<str> {
        if let Some(n) = self.names.get(name) {
            return n.clone();
        }
        let n: Arc<str> = Arc::from(name);
        self.names.insert(n.clone());
        n
    }

    fn label_name(&mut self, label: usize) -> Arc<str> {
        self.name(&format!("!{label}"))
    }
}

fn path(steps: Vec<Node>, pos: usize) -> Node {
    Node::new(
        Kind::Path {
            steps,
            keep_singleton: false,
        },
        pos,
    )
}

fn is_array_cons(node: &Node) -> bool {
    matches!(node.kind, Kind::Array(_))
}

impl Processor {
    fn pair_node(&mut self, l: PN, r: PN, pos: usize, coalesce: bool) -> Result<Node, Error> {
        let mut ann = Ann::default();
        let l = self.process(l)?;
        Self::push_ancestry(&mut ann, &l);
        let r = self.process(r)?;
        Self::push_ancestry(&mut ann, &r);
        let kind = if coalesce {
            Kind::Coalesce(Box::new(l), Box::new(r))
        } else {
            Kind::Elvis(Box::new(l), Box::new(r))
        };
        let mut n = Node::new(kind, pos);
        n.ann.seeking = ann.seeking;
        Ok(n)
    }

    fn fix_labels(&mut self, node: &mut Node) {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.fix_labels_inner(node));
    }

    fn fix_labels_inner(&mut self, node: &mut Node) {
        if let Some(slot) = node.ann.slot {
            let label = self.slots.get(slot).map(|s| s.label).unwrap_or(slot);
            node.kind = Kind::Parent(self.label_name(label));
        }
        if let Some(slot) = node.ann.anc_slot {
            let label = self.slots.get(slot).map(|s| s.label).unwrap_or(slot);
            node.ann.ancestor = Some(self.label_name(label));
        }
        crate::walk::children_mut(node, &mut |c| self.fix_labels(c));
    }

    fn seek_parent(&mut self, node: &mut Node, slot: usize) -> Result<(), Error> {
        match &mut node.kind {
            Kind::Name(_) | Kind::Wildcard => {
                if let Some(s) = self.slots.get_mut(slot) {
                    s.level -= 1;
                    if s.level == 0 {
                        if let Some(existing) = node.ann.anc_slot {
                            let label = self
                                .slots
                                .get(existing)
                                .map(|s| s.label)
                                .unwrap_or(existing);
                            if let Some(s) = self.slots.get_mut(slot) {
                                s.label = label;
                            }
                        }
                        node.ann.anc_slot = Some(slot);
                        node.ann.tuple = true;
                    }
                }
            }
            Kind::Parent(_) => {
                if let Some(s) = self.slots.get_mut(slot) {
                    s.level += 1;
                    // `%.%.%…` climbs one ancestor per `%`: bounded like nesting, so
                    // resolving a chain of them stays linear in its length
                    if s.level > i64::from(MAX_NESTING) {
                        return Err(too_deep(node.pos));
                    }
                }
            }
            Kind::Block(exprs) => {
                if let Some(last) = exprs.last_mut() {
                    node.ann.tuple = true;
                    self.seek_parent(last, slot)?;
                }
            }
            Kind::Path { steps, .. } => {
                node.ann.tuple = true;
                let mut index = steps.len();
                if index > 0 {
                    index -= 1;
                    if let Some(step) = steps.get_mut(index) {
                        self.seek_parent(step, slot)?;
                    }
                    while self.level(slot) > 0 && index > 0 {
                        index -= 1;
                        if let Some(step) = steps.get_mut(index) {
                            self.seek_parent(step, slot)?;
                        }
                    }
                }
            }
            _ => {
                return Err(Error::new("S0217")
                    .at(node.pos)
                    .token(kind_name(&node.kind)));
            }
        }
        Ok(())
    }

    fn level(&self, slot: usize) -> i64 {
        self.slots.get(slot).map(|s| s.level).unwrap_or(0)
    }

    fn resolve_ancestry(&mut self, path: &mut Node) -> Result<(), Error> {
        let Kind::Path { steps, .. } = &mut path.kind else {
            return Ok(());
        };
        let Some(last) = steps.last() else {
            return Ok(());
        };
        let mut slots: Vec<usize> = last.ann.seeking.clone();
        if let Some(s) = last.ann.slot {
            slots.push(s);
        }
        let mut escaping = Vec::new();
        for slot in slots {
            let mut index = steps.len() as i64 - 2;
            while self.level(slot) > 0 {
                if index < 0 {
                    escaping.push(slot);
                    break;
                }
                let mut i = index as usize;
                index -= 1;
                while index >= 0
                    && steps.get(i).is_some_and(|s| s.ann.focus.is_some())
                    && steps
                        .get(index as usize)
                        .is_some_and(|s| s.ann.focus.is_some())
                {
                    i = index as usize;
                    index -= 1;
                }
                if let Some(step) = steps.get_mut(i) {
                    self.seek_parent(step, slot)?;
                }
            }
        }
        path.ann.seeking.extend(escaping);
        Ok(())
    }

    /// `a.b.c`: the steps in order, each appended to the path the ones before
    /// made. Each step is checked once, when it is appended, so a path is built
    /// in time linear in its length.
    fn path(&mut self, steps: Vec<PN>, pos: usize) -> Result<Node, Error> {
        let mut steps = steps.into_iter();
        let Some(first) = steps.next() else {
            return Ok(path(Vec::new(), pos));
        };
        let lstep = self.process(first)?;
        let lstep_slot = lstep.ann.slot;
        let mut result = if lstep.is_path() {
            lstep
        } else {
            path(vec![lstep], pos)
        };
        if let Some(s) = lstep_slot {
            result.ann.seeking = vec![s];
        }
        let mut checked = 0;
        for rhs in steps {
            let rest = self.process(rhs)?;
            let Kind::Path {
                steps,
                keep_singleton,
            } = &mut result.kind
            else {
                return Err(Error::new("S0201").at(pos));
            };
            match rest.kind {
                Kind::Path {
                    steps: mut rsteps, ..
                } => steps.append(&mut rsteps),
                _ => {
                    let mut rest = rest;
                    if !rest.ann.predicate.is_empty() {
                        let preds = std::mem::take(&mut rest.ann.predicate);
                        rest.ann.stages.extend(preds.into_iter().map(Stage::Filter));
                    }
                    steps.push(rest);
                }
            }
            for step in steps.iter_mut().skip(checked) {
                match &step.kind {
                    Kind::Num(n) => {
                        return Err(Error::new("S0213")
                            .at(step.pos)
                            .value(crate::json_out::number_to_string(*n)));
                    }
                    Kind::Bool(b) => {
                        return Err(Error::new("S0213").at(step.pos).value(b.to_string()));
                    }
                    Kind::Null => {
                        return Err(Error::new("S0213").at(step.pos).value("null"));
                    }
                    Kind::Str(s) => {
                        step.kind = Kind::Name(s.clone());
                    }
                    _ => {}
                }
                if step.ann.keep_array {
                    *keep_singleton = true;
                }
            }
            checked = steps.len();
            if let Some(first) = steps.first_mut() {
                if is_array_cons(first) {
                    first.ann.consarray = true;
                }
            }
            if let Some(last) = steps.last_mut() {
                if is_array_cons(last) {
                    last.ann.consarray = true;
                }
            }
            self.resolve_ancestry(&mut result)?;
        }
        Ok(result)
    }

    fn process(&mut self, e: PN) -> Result<Node, Error> {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.process_inner(e))
    }

    fn push_ancestry(result: &mut Ann, value: &Node) {
        result.seeking.extend(value.ann.seeking.iter().copied());
        if let Some(s) = value.ann.slot {
            result.seeking.push(s);
        }
    }

    fn process_inner(&mut self, e: PN) -> Result<Node, Error> {
        let pos = e.pos;
        let keep_array = e.keep_array;
        let mut result = match e.p {
            P::Path(steps) => self.path(steps, pos)?,
            P::Binary("[", lhs, rhs) => {
                let mut result = self.process(*lhs)?;
                let predicate = self.process(*rhs)?;
                let is_path = result.is_path();
                let step: &mut Node = if is_path {
                    match &mut result.kind {
                        Kind::Path { steps, .. } => match steps.last_mut() {
                            Some(s) => s,
                            None => return Err(Error::new("S0201").at(pos)),
                        },
                        _ => return Err(Error::new("S0201").at(pos)),
                    }
                } else {
                    &mut result
                };
                if step.ann.group.is_some() {
                    return Err(Error::new("S0209").at(pos));
                }
                let mut pred_slots = predicate.ann.seeking.clone();
                if let Some(s) = predicate.ann.slot {
                    pred_slots.push(s);
                }
                let mut keep_seeking = Vec::new();
                for slot in pred_slots {
                    if self.level(slot) == 1 {
                        self.seek_parent(step, slot)?;
                    } else if let Some(s) = self.slots.get_mut(slot) {
                        s.level -= 1;
                    }
                    keep_seeking.push(slot);
                }
                step.ann.seeking.extend(keep_seeking);
                let filter = predicate;
                if is_path {
                    step.ann.stages.push(Stage::Filter(filter));
                } else {
                    step.ann.predicate.push(filter);
                }
                result
            }
            P::GroupBy(lhs, pairs) => {
                let mut result = self.process(*lhs)?;
                if result.ann.group.is_some() {
                    return Err(Error::new("S0210").at(pos));
                }
                let mut ps = Vec::new();
                for (k, v) in pairs {
                    ps.push((self.process(k)?, self.process(v)?));
                }
                result.ann.group = Some(Box::new(GroupBy {
                    pairs: ps,
                    pos,
                    static_keys: false,
                }));
                result
            }
            P::OrderBy(lhs, terms) => {
                let lhs = self.process(*lhs)?;
                let mut result = if lhs.is_path() {
                    lhs
                } else {
                    path(vec![lhs], pos)
                };
                let mut ann = Ann::default();
                let mut ts = Vec::new();
                for (descending, t) in terms {
                    let expr = self.process(t)?;
                    Self::push_ancestry(&mut ann, &expr);
                    ts.push(SortTerm { descending, expr });
                }
                let mut sort = Node::new(Kind::Sort(ts), pos);
                sort.ann.seeking = ann.seeking;
                if let Kind::Path { steps, .. } = &mut result.kind {
                    steps.push(sort);
                }
                self.resolve_ancestry(&mut result)?;
                result
            }
            P::Binary(":=", lhs, rhs) => {
                let name = match lhs.p {
                    P::Var(v) => v,
                    _ => return Err(Error::new("S0212").at(lhs.pos)),
                };
                let rhs = self.process(*rhs)?;
                let mut n = Node::new(
                    Kind::Bind(self.name(&name), Box::new(Node::new(Kind::Null, pos))),
                    pos,
                );
                Self::push_ancestry(&mut n.ann, &rhs);
                if let Kind::Bind(_, b) = &mut n.kind {
                    **b = rhs;
                }
                n
            }
            P::Binary("@", lhs, rhs) => {
                let var = match rhs.p {
                    P::Var(v) => v,
                    _ => return Err(Error::new("S0214").at(rhs.pos).token("@")),
                };
                let var = self.name(&var);
                let mut result = self.process(*lhs)?;
                with_last_step(&mut result, |step| {
                    if !step.ann.stages.is_empty() || !step.ann.predicate.is_empty() {
                        return Err(Error::new("S0215").at(pos).token("@"));
                    }
                    if matches!(step.kind, Kind::Sort(_)) {
                        return Err(Error::new("S0216").at(pos).token("@"));
                    }
                    if keep_array {
                        step.ann.keep_array = true;
                    }
                    step.ann.focus = Some(var);
                    step.ann.tuple = true;
                    Ok(())
                })?;
                result
            }
            P::Binary("#", lhs, rhs) => {
                let var: Arc<str> = match rhs.p {
                    P::Var(v) => self.name(&v),
                    _ => return Err(Error::new("S0214").at(rhs.pos).token("#")),
                };
                let lhs = self.process(*lhs)?;
                let mut result = if lhs.is_path() {
                    lhs
                } else {
                    let mut lhs = lhs;
                    if !lhs.ann.predicate.is_empty() {
                        let preds = std::mem::take(&mut lhs.ann.predicate);
                        lhs.ann.stages.extend(preds.into_iter().map(Stage::Filter));
                    }
                    path(vec![lhs], pos)
                };
                with_last_step(&mut result, |step| {
                    if step.ann.stages.is_empty() {
                        step.ann.index = Some(var);
                    } else {
                        step.ann.stages.push(Stage::Index(var));
                    }
                    step.ann.tuple = true;
                });
                result
            }
            P::Binary("~>", lhs, rhs) => {
                let lhs = self.process(*lhs)?;
                let rhs = self.process(*rhs)?;
                let keep = lhs.ann.keep_array || rhs.ann.keep_array;
                let mut n = Node::new(Kind::Apply(Box::new(lhs), Box::new(rhs)), pos);
                n.ann.keep_array = keep;
                n
            }
            P::Binary(op, lhs, rhs) => {
                let bop = match op {
                    "+" => BinOp::Add,
                    "-" => BinOp::Sub,
                    "*" => BinOp::Mul,
                    "/" => BinOp::Div,
                    "%" => BinOp::Mod,
                    "=" => BinOp::Eq,
                    "!=" => BinOp::Ne,
                    "<" => BinOp::Lt,
                    "<=" => BinOp::Le,
                    ">" => BinOp::Gt,
                    ">=" => BinOp::Ge,
                    "&" => BinOp::Concat,
                    "and" => BinOp::And,
                    "or" => BinOp::Or,
                    "in" => BinOp::In,
                    ".." => BinOp::Range,
                    _ => return Err(Error::new("S0201").at(pos).token(op)),
                };
                let lhs = self.process(*lhs)?;
                let rhs = self.process(*rhs)?;
                let mut ann = Ann::default();
                Self::push_ancestry(&mut ann, &lhs);
                Self::push_ancestry(&mut ann, &rhs);
                let mut n = Node::new(Kind::Binary(bop, Box::new(lhs), Box::new(rhs)), pos);
                n.ann.seeking = ann.seeking;
                n
            }
            P::Array(items) => {
                let mut ann = Ann::default();
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    let v = self.process(i)?;
                    Self::push_ancestry(&mut ann, &v);
                    out.push(v);
                }
                let mut n = Node::new(Kind::Array(out), pos);
                n.ann.seeking = ann.seeking;
                n
            }
            P::Object(pairs) => {
                let mut ann = Ann::default();
                let mut out = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    let k = self.process(k)?;
                    Self::push_ancestry(&mut ann, &k);
                    let v = self.process(v)?;
                    Self::push_ancestry(&mut ann, &v);
                    out.push((k, v));
                }
                let mut n = Node::new(
                    Kind::Object(Box::new(GroupBy {
                        pairs: out,
                        pos,
                        static_keys: false,
                    })),
                    pos,
                );
                n.ann.seeking = ann.seeking;
                n
            }
            P::Neg(inner) => {
                let inner = self.process(*inner)?;
                if let Kind::Num(v) = inner.kind {
                    Node::new(Kind::Num(-v), inner.pos)
                } else {
                    let mut ann = Ann::default();
                    Self::push_ancestry(&mut ann, &inner);
                    let mut n = Node::new(Kind::Neg(Box::new(inner)), pos);
                    n.ann.seeking = ann.seeking;
                    n
                }
            }
            P::Function(procedure, args) => {
                let mut ann = Ann::default();
                let mut out = Vec::with_capacity(args.len());
                for a in args {
                    let a = self.process(a)?;
                    Self::push_ancestry(&mut ann, &a);
                    out.push(a);
                }
                let procedure = self.process(*procedure)?;
                let builtin = match &procedure.kind {
                    Kind::Variable { builtin, .. } => *builtin,
                    _ => None,
                };
                let mut n = Node::new(
                    Kind::Function {
                        proc: Box::new(procedure),
                        args: out,
                        builtin,
                    },
                    pos,
                );
                n.ann.seeking = ann.seeking;
                n
            }
            P::Partial(procedure, args) => {
                let mut ann = Ann::default();
                let mut out = Vec::with_capacity(args.len());
                for a in args {
                    if matches!(a.p, P::Placeholder) {
                        out.push(None);
                    } else {
                        let a = self.process(a)?;
                        Self::push_ancestry(&mut ann, &a);
                        out.push(Some(a));
                    }
                }
                let procedure = self.process(*procedure)?;
                let mut n = Node::new(
                    Kind::Partial {
                        proc: Box::new(procedure),
                        args: out,
                    },
                    pos,
                );
                n.ann.seeking = ann.seeking;
                n
            }
            P::Lambda(params, signature, body) => {
                let body = self.process(*body)?;
                let body = tail_call_optimize(body);
                let def = LambdaDef {
                    params: params.iter().map(|p| self.name(p)).collect(),
                    signature,
                    body,
                };
                Node::new(Kind::Lambda(Arc::new(def)), pos)
            }
            P::Condition(c, t, f) => {
                let mut ann = Ann::default();
                let c = self.process(*c)?;
                Self::push_ancestry(&mut ann, &c);
                let t = self.process(*t)?;
                Self::push_ancestry(&mut ann, &t);
                let f = match f {
                    Some(f) => {
                        let f = self.process(*f)?;
                        Self::push_ancestry(&mut ann, &f);
                        Some(Box::new(f))
                    }
                    None => None,
                };
                let mut n = Node::new(Kind::Condition(Box::new(c), Box::new(t), f), pos);
                n.ann.seeking = ann.seeking;
                n
            }
            P::Coalesce(l, r) => self.pair_node(*l, *r, pos, true)?,
            P::Elvis(l, r) => self.pair_node(*l, *r, pos, false)?,
            P::Transform(pattern, update, delete) => {
                let pattern = self.process(*pattern)?;
                let update = self.process(*update)?;
                let delete = match delete {
                    Some(d) => Some(self.process(*d)?),
                    None => None,
                };
                Node::new(
                    Kind::Transform(Arc::new(TransformDef {
                        pattern,
                        update,
                        delete,
                        pos,
                    })),
                    pos,
                )
            }
            P::Block(exprs) => {
                let mut ann = Ann::default();
                let mut out = Vec::with_capacity(exprs.len());
                let mut consarray = false;
                for x in exprs {
                    let part = self.process(x)?;
                    Self::push_ancestry(&mut ann, &part);
                    if part.ann.consarray
                        || matches!(&part.kind, Kind::Path { steps, .. } if steps.first().is_some_and(|s| s.ann.consarray))
                    {
                        consarray = true;
                    }
                    out.push(part);
                }
                let mut n = Node::new(Kind::Block(out), pos);
                n.ann.seeking = ann.seeking;
                n.ann.consarray = consarray;
                n
            }
            P::Name(name) => {
                let mut step = Node::new(Kind::Name(Arc::from(name)), pos);
                step.ann.keep_array = keep_array;
                let mut p = path(vec![step], pos);
                if keep_array {
                    if let Kind::Path { keep_singleton, .. } = &mut p.kind {
                        *keep_singleton = true;
                    }
                }
                p
            }
            P::Parent => {
                let slot = self.slots.len();
                self.slots.push(Slot {
                    label: slot,
                    level: 1,
                });
                let mut n = Node::new(Kind::Parent(Arc::from("")), pos);
                n.ann.slot = Some(slot);
                n
            }
            P::Str(s) => Node::new(Kind::Str(Arc::from(s)), pos),
            P::Num(n) => Node::new(Kind::Num(n), pos),
            P::Bool(b) => Node::new(Kind::Bool(b), pos),
            P::Null => Node::new(Kind::Null, pos),
            P::Wildcard => Node::new(Kind::Wildcard, pos),
            P::Descendant => Node::new(Kind::Descendant, pos),
            P::Var(v) => {
                let builtin = Builtin::from_name(&v);
                Node::new(
                    Kind::Variable {
                        name: self.name(&v),
                        builtin,
                    },
                    pos,
                )
            }
            P::Regex(pattern, flags) => {
                let def = RegexDef::new(&pattern, &flags).map_err(|e| e.at(pos))?;
                Node::new(Kind::Regex(Arc::new(def)), pos)
            }
            P::Placeholder => return Err(Error::new("S0201").at(pos).token("?")),
        };
        if keep_array {
            result.ann.keep_array = true;
        }
        Ok(result)
    }
}

fn with_last_step<T>(result: &mut Node, f: impl FnOnce(&mut Node) -> T) -> T {
    if let Kind::Path { steps, .. } = &mut result.kind {
        if let Some(s) = steps.last_mut() {
            return f(s);
        }
    }
    f(result)
}

fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::Path { .. } => "path",
        Kind::Name(_) => "name",
        Kind::Str(_) => "string",
        Kind::Num(_) => "number",
        Kind::Bool(_) | Kind::Null => "value",
        Kind::Wildcard => "wildcard",
        Kind::Descendant => "descendant",
        Kind::Parent(_) => "parent",
        Kind::Binary(..) | Kind::Apply(..) => "binary",
        Kind::Neg(_) | Kind::Array(_) | Kind::Object(_) => "unary",
        Kind::Condition(..) | Kind::Coalesce(..) | Kind::Elvis(..) => "condition",
        Kind::Block(_) => "block",
        Kind::Bind(..) => "bind",
        Kind::Regex(_) => "regex",
        Kind::Function { .. } => "function",
        Kind::Partial { .. } => "partial",
        Kind::Lambda(_) => "lambda",
        Kind::Variable { .. } => "variable",
        Kind::Transform(_) => "transform",
        Kind::Sort(_) => "sort",
    }
}

/// Marks function calls in tail position of a lambda body so that the
/// evaluator can run them in a loop instead of recursing.
fn tail_call_optimize(mut node: Node) -> Node {
    let plain = node.ann.predicate.is_empty() && node.ann.group.is_none() && !node.ann.keep_array;
    if !plain {
        return node;
    }
    match &mut node.kind {
        Kind::Function { .. } => {
            node.ann.tail = true;
        }
        Kind::Condition(_, t, f) => {
            let t2 = std::mem::replace(&mut **t, Node::new(Kind::Null, 0));
            **t = tail_call_optimize(t2);
            if let Some(f) = f {
                let f2 = std::mem::replace(&mut **f, Node::new(Kind::Null, 0));
                **f = tail_call_optimize(f2);
            }
        }
        Kind::Block(exprs) => {
            if let Some(last) = exprs.pop() {
                exprs.push(tail_call_optimize(last));
            }
        }
        _ => {}
    }
    node
}
