//! Static analysis of which input fields an expression reads, so that callers
//! can project payloads down to what a mapping needs.
//!
//! The analysis walks the compiled tree with an abstract context: the set of
//! input locations (field-name paths from the root; arrays are transparent, as
//! in JSONata paths) that the current value may come from. Navigation extends
//! those paths; any use of a value as a whole (output, comparison, string
//! conversion, function argument …) marks the location `whole`. Anything the
//! analysis cannot follow marks the location whole or sets `dynamic`: it may
//! over-report, never under-report.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::ast::{Kind, LambdaDef, Node, Stage};
use crate::builtins::Builtin;

/// A tree of field names read from the root input.
///
/// A node with no children is read as a value: keep all of it. A node with
/// children is only navigated through, unless `whole` is set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathNode {
    /// The whole value at this node is used (copied out, compared, converted,
    /// or read in ways the analysis cannot name): keep its entire subtree.
    pub whole: bool,
    /// Fields read below this node.
    pub children: BTreeMap<String, PathNode>,
}

impl PathNode {
    /// The node at `path` below this one, if it was recorded.
    pub fn get(&self, path: &[&str]) -> Option<&PathNode> {
        let mut cur = self;
        for p in path {
            cur = cur.children.get(*p)?;
        }
        Some(cur)
    }

    fn insert(&mut self, path: &[Arc<str>]) -> &mut PathNode {
        let mut cur = self;
        for p in path {
            cur = cur.children.entry(p.to_string()).or_default();
        }
        cur
    }

    fn paths_into(&self, prefix: &mut Vec<String>, out: &mut Vec<(String, bool)>) {
        for (k, child) in &self.children {
            prefix.push(k.clone());
            out.push((prefix.join("."), child.whole));
            child.paths_into(prefix, out);
            prefix.pop();
        }
    }
}

/// What an expression reads from its root input (`$` at the top, and `$$`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputPaths {
    /// The fields read, starting at the root input.
    pub root: PathNode,
    /// True when the expression may read input it cannot name statically
    /// (e.g. `$eval`, or the whole root is used): supply the whole input.
    pub dynamic: bool,
}

impl InputPaths {
    /// True when the whole input must be supplied.
    pub fn needs_everything(&self) -> bool {
        self.dynamic || self.root.whole
    }

    /// Every recorded path as dotted text with its `whole` flag (for logs and tests).
    pub fn flatten(&self) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        self.root.paths_into(&mut Vec::new(), &mut out);
        out
    }
}

type Path = Vec<Arc<str>>;

#[derive(Clone, Default)]
struct Abs<'n> {
    /// Input locations the value may come from.
    paths: Vec<Path>,
    /// The value lies inside a subtree already marked whole.
    covered: bool,
    /// Function values the expression may hold.
    funcs: Vec<FuncAbs<'n>>,
}

#[derive(Clone)]
enum FuncAbs<'n> {
    Lambda {
        def: &'n LambdaDef,
        ctx: Box<Abs<'n>>,
        scope: Vec<(Arc<str>, Abs<'n>)>,
    },
    Builtin(Builtin),
    Other,
}

impl<'n> Abs<'n> {
    fn none() -> Abs<'n> {
        Abs::default()
    }

    fn root() -> Abs<'n> {
        Abs {
            paths: vec![Vec::new()],
            covered: false,
            funcs: Vec::new(),
        }
    }

    fn union(mut self, other: Abs<'n>) -> Abs<'n> {
        for p in other.paths {
            if !self.paths.contains(&p) {
                self.paths.push(p);
            }
        }
        self.covered |= other.covered;
        self.funcs.extend(other.funcs);
        self
    }

    /// The union of many values, in time linear in their number of paths.
    fn union_all(parts: Vec<Abs<'n>>) -> Abs<'n> {
        let mut out = Abs::none();
        let mut seen = std::collections::HashSet::new();
        for part in parts {
            for p in part.paths {
                if seen.insert(p.clone()) {
                    out.paths.push(p);
                }
            }
            out.covered |= part.covered;
            out.funcs.extend(part.funcs);
        }
        out
    }

    fn is_input(&self) -> bool {
        !self.paths.is_empty() || self.covered
    }
}

const MAX_CALL_DEPTH: usize = 6;
/// Longest path of field names followed: a location this deep is kept whole, so
/// a long path costs time linear in its length and the tree stays shallow.
const MAX_PATH_LEN: usize = 64;
const MAX_NODES: usize = 200_000;

struct Analyser<'n> {
    out: InputPaths,
    scope: Vec<(Arc<str>, Abs<'n>)>,
    call_depth: usize,
    visited: usize,
    /// The call about to be analysed has a third argument that is never undefined (a
    /// literal or a constructor): `$reduce`'s accumulator then starts from it, not from
    /// the first item. Taken by [`Analyser::call`].
    third_arg_defined: bool,
}

pub(crate) fn analyse(root: &Node) -> InputPaths {
    let mut a = Analyser {
        out: InputPaths::default(),
        scope: Vec::new(),
        call_depth: 0,
        visited: 0,
        third_arg_defined: false,
    };
    let r = a.node(root, &Abs::root());
    a.whole(&r);
    if a.visited > MAX_NODES {
        a.out.dynamic = true;
    }
    a.out
}

impl<'n> Analyser<'n> {
    fn whole(&mut self, v: &Abs<'n>) {
        for p in &v.paths {
            self.out.root.insert(p).whole = true;
        }
        for f in v.funcs.clone() {
            self.escape_func(&f);
        }
    }

    fn touch(&mut self, p: &Path) {
        self.out.root.insert(p);
    }

    /// A function value escapes where we cannot see how it is called:
    /// analyse its body with unknown (non-input) arguments.
    fn escape_func(&mut self, f: &FuncAbs<'n>) {
        if let FuncAbs::Lambda { def, ctx, scope } = f {
            let args = vec![Abs::none(); def.params.len()];
            let r = self.call_lambda(def, ctx, scope, args);
            self.whole(&r);
        }
    }

    fn lookup(&self, name: &str) -> Option<Abs<'n>> {
        self.scope
            .iter()
            .rev()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v.clone())
    }

    fn step_name(&mut self, ctx: &Abs<'n>, name: &Arc<str>) -> Abs<'n> {
        let mut out = Abs {
            paths: Vec::new(),
            covered: ctx.covered,
            funcs: Vec::new(),
        };
        for p in &ctx.paths {
            if p.len() >= MAX_PATH_LEN {
                self.out.root.insert(p).whole = true;
                out.covered = true;
                continue;
            }
            let mut q = p.clone();
            q.push(name.clone());
            self.touch(&q);
            out.paths.push(q);
        }
        out
    }

    fn node(&mut self, node: &'n Node, ctx: &Abs<'n>) -> Abs<'n> {
        self.visited += 1;
        if self.visited > MAX_NODES {
            self.out.dynamic = true;
            return Abs::none();
        }
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.node_inner(node, ctx))
    }

    fn node_inner(&mut self, node: &'n Node, ctx: &Abs<'n>) -> Abs<'n> {
        let mut result = match &node.kind {
            Kind::Path { steps, .. } => self.path(steps, ctx),
            Kind::Name(n) => self.step_name(ctx, n),
            Kind::Str(_) | Kind::Num(_) | Kind::Bool(_) | Kind::Null | Kind::Regex(_) => {
                Abs::none()
            }
            Kind::Wildcard | Kind::Descendant => {
                self.whole(ctx);
                Abs {
                    paths: Vec::new(),
                    covered: ctx.is_input(),
                    funcs: Vec::new(),
                }
            }
            Kind::Parent(label) => match self.lookup(label) {
                Some(v) => v,
                None => {
                    self.out.dynamic = true;
                    Abs::none()
                }
            },
            Kind::Binary(_, l, r) => {
                let a = self.node(l, ctx);
                self.whole(&a);
                let b = self.node(r, ctx);
                self.whole(&b);
                Abs::none()
            }
            Kind::Neg(e) => {
                let a = self.node(e, ctx);
                self.whole(&a);
                Abs::none()
            }
            Kind::Array(items) => {
                let parts: Vec<Abs<'n>> = items.iter().map(|i| self.node(i, ctx)).collect();
                Abs::union_all(parts)
            }
            Kind::Object(group) => {
                for (k, v) in &group.pairs {
                    let a = self.node(k, ctx);
                    self.whole(&a);
                    let b = self.node(v, ctx);
                    self.whole(&b);
                }
                Abs::none()
            }
            Kind::Condition(c, t, e) => {
                let a = self.node(c, ctx);
                self.whole(&a);
                let mut r = self.node(t, ctx);
                if let Some(e) = e {
                    let b = self.node(e, ctx);
                    r = r.union(b);
                }
                r
            }
            Kind::Coalesce(l, r) => {
                let a = self.node(l, ctx);
                let b = self.node(r, ctx);
                a.union(b)
            }
            Kind::Elvis(l, r) => {
                let a = self.node(l, ctx);
                self.whole(&a);
                let b = self.node(r, ctx);
                a.union(b)
            }
            Kind::Block(exprs) => {
                let mark = self.scope.len();
                let mut last = Abs::none();
                for e in exprs {
                    last = self.node(e, ctx);
                }
                self.scope.truncate(mark);
                last
            }
            Kind::Bind(name, rhs) => {
                let v = self.node(rhs, ctx);
                self.scope.push((name.clone(), v.clone()));
                v
            }
            Kind::Variable { name, builtin } => {
                if name.is_empty() {
                    ctx.clone()
                } else if &**name == "$" {
                    Abs::root()
                } else if let Some(v) = self.lookup(name) {
                    v
                } else if let Some(b) = builtin {
                    Abs {
                        funcs: vec![FuncAbs::Builtin(*b)],
                        ..Abs::none()
                    }
                } else {
                    Abs::none()
                }
            }
            Kind::Lambda(def) => Abs {
                funcs: vec![FuncAbs::Lambda {
                    def,
                    ctx: Box::new(ctx.clone()),
                    scope: self.scope.clone(),
                }],
                ..Abs::none()
            },
            Kind::Function { proc, args, .. } => {
                let f = self.node(proc, ctx);
                if f.funcs.iter().any(
                    |f| matches!(f, FuncAbs::Builtin(b) if b.signature().uses_context(args.len())),
                ) {
                    // built-ins with a context parameter (`name.$uppercase()`) read `$`
                    self.whole(ctx);
                }
                let mut argv = Vec::with_capacity(args.len());
                for a in args {
                    argv.push(self.node(a, ctx));
                }
                self.third_arg_defined = args.get(2).is_some_and(|a| {
                    matches!(
                        a.kind,
                        Kind::Str(_)
                            | Kind::Num(_)
                            | Kind::Bool(_)
                            | Kind::Null
                            | Kind::Array(_)
                            | Kind::Object(_)
                    )
                });
                self.call(&f, argv)
            }
            Kind::Partial { proc, args } => {
                let f = self.node(proc, ctx);
                for a in args.iter().flatten() {
                    let v = self.node(a, ctx);
                    self.whole(&v);
                }
                for func in &f.funcs {
                    self.escape_func(func);
                }
                Abs {
                    funcs: vec![FuncAbs::Other],
                    ..Abs::none()
                }
            }
            Kind::Apply(l, r) => {
                let lhs = self.node(l, ctx);
                if let Kind::Function { proc, args, .. } = &r.kind {
                    let f = self.node(proc, ctx);
                    let mut argv = vec![lhs];
                    for a in args {
                        argv.push(self.node(a, ctx));
                    }
                    self.call(&f, argv)
                } else {
                    let f = self.node(r, ctx);
                    if lhs.funcs.is_empty() {
                        self.call(&f, vec![lhs])
                    } else {
                        self.whole(&lhs);
                        self.whole(&f);
                        Abs {
                            funcs: vec![FuncAbs::Other],
                            ..Abs::none()
                        }
                    }
                }
            }
            Kind::Transform(def) => {
                let covered = Abs {
                    covered: true,
                    ..Abs::none()
                };
                let a = self.node(&def.pattern, &covered);
                self.whole(&a);
                let b = self.node(&def.update, &covered);
                self.whole(&b);
                if let Some(d) = &def.delete {
                    let c = self.node(d, &covered);
                    self.whole(&c);
                }
                Abs {
                    funcs: vec![FuncAbs::Other],
                    ..Abs::none()
                }
            }
            Kind::Sort(terms) => {
                for t in terms {
                    let v = self.node(&t.expr, ctx);
                    self.whole(&v);
                }
                ctx.clone()
            }
        };
        for p in &node.ann.predicate {
            let v = self.node(p, &result);
            self.whole(&v);
        }
        if let Some(g) = &node.ann.group {
            for (k, v) in &g.pairs {
                let a = self.node(k, &result);
                self.whole(&a);
                let b = self.node(v, &result);
                self.whole(&b);
            }
            result = Abs::none();
        }
        result
    }

    fn path(&mut self, steps: &'n [Node], ctx: &Abs<'n>) -> Abs<'n> {
        let mark = self.scope.len();
        let mut cur = ctx.clone();
        for step in steps {
            if let Some(anc) = &step.ann.ancestor {
                self.scope.push((anc.clone(), cur.clone()));
            }
            let mut res = self.node(step, &cur);
            // a focus variable is bound before the step's predicates run, and they
            // then see the context before the step as `$`
            let filter_ctx = match &step.ann.focus {
                Some(focus) => {
                    self.scope.push((focus.clone(), res.clone()));
                    res.clone().union(cur.clone())
                }
                None => res.clone(),
            };
            for stage in &step.ann.stages {
                match stage {
                    Stage::Filter(p) => {
                        let v = self.node(p, &filter_ctx);
                        self.whole(&v);
                    }
                    Stage::Index(name) => self.scope.push((name.clone(), Abs::none())),
                }
            }
            if let Some(ix) = &step.ann.index {
                self.scope.push((ix.clone(), Abs::none()));
            }
            if step.ann.focus.is_some() {
                res = cur.clone();
            }
            cur = res;
        }
        // bindings made by @ and # stay visible to later stages of an enclosing
        // path; keeping them is conservative
        let _ = mark;
        cur
    }

    fn call(&mut self, f: &Abs<'n>, args: Vec<Abs<'n>>) -> Abs<'n> {
        let third_arg_defined = std::mem::take(&mut self.third_arg_defined);
        if f.funcs.is_empty() {
            // calling something unknown (a binding or an undefined value)
            for a in &args {
                self.whole(a);
            }
            return Abs::none();
        }
        let mut result = Abs::none();
        for func in f.funcs.clone() {
            let r = match &func {
                FuncAbs::Builtin(b) => self.call_builtin(*b, &args, third_arg_defined),
                FuncAbs::Lambda { def, ctx, scope } => {
                    self.call_lambda(def, ctx, scope, args.clone())
                }
                FuncAbs::Other => {
                    for a in &args {
                        self.whole(a);
                    }
                    Abs::none()
                }
            };
            result = result.union(r);
        }
        result
    }

    fn call_lambda(
        &mut self,
        def: &'n LambdaDef,
        ctx: &Abs<'n>,
        scope: &[(Arc<str>, Abs<'n>)],
        args: Vec<Abs<'n>>,
    ) -> Abs<'n> {
        if self.call_depth >= MAX_CALL_DEPTH {
            for a in &args {
                self.whole(a);
            }
            return Abs::none();
        }
        self.call_depth += 1;
        let saved = std::mem::replace(&mut self.scope, scope.to_vec());
        let mut args = args.into_iter();
        for p in &def.params {
            let a = args.next().unwrap_or_default();
            self.scope.push((p.clone(), a));
        }
        for extra in args {
            self.whole(&extra);
        }
        let r = self.node(&def.body, ctx);
        self.scope = saved;
        self.call_depth -= 1;
        r
    }

    fn call_builtin(&mut self, b: Builtin, args: &[Abs<'n>], third_arg_defined: bool) -> Abs<'n> {
        use Builtin as B;
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        match b {
            B::Lookup => {
                // a literal key is navigation; anything else reads the whole object
                self.whole(&arg(1));
                self.whole(&arg(0));
                let covered = arg(0).is_input();
                Abs {
                    covered,
                    ..Abs::none()
                }
            }
            B::Map | B::Filter | B::Single | B::Sort | B::Each | B::Sift | B::Reduce => {
                let list = arg(0);
                // element-wise callbacks see items (or values) of the first argument
                let elem = match b {
                    B::Each | B::Sift => {
                        self.whole(&list);
                        Abs {
                            covered: list.is_input(),
                            ..Abs::none()
                        }
                    }
                    _ => list.clone(),
                };
                let f = arg(1);
                for func in &f.funcs {
                    match func {
                        FuncAbs::Lambda { def, ctx, scope } => {
                            let n = def.params.len();
                            let mut cb_args = vec![elem.clone()];
                            if b == B::Reduce && third_arg_defined {
                                // the accumulator is the initial value, then what the
                                // callback returned (marked whole below), never an item
                                cb_args = vec![arg(2), elem.clone()];
                            } else if b == B::Reduce || b == B::Sort {
                                cb_args = vec![elem.clone().union(arg(2)), elem.clone()];
                            } else if n >= 2 {
                                cb_args.push(Abs::none());
                            }
                            if n >= 3 {
                                self.whole(&list);
                                cb_args.push(Abs {
                                    covered: list.is_input(),
                                    ..Abs::none()
                                });
                            }
                            let r = self.call_lambda(def, ctx, scope, cb_args);
                            self.whole(&r);
                        }
                        FuncAbs::Builtin(inner) => {
                            let r = self.call_builtin(*inner, std::slice::from_ref(&elem), false);
                            self.whole(&r);
                        }
                        FuncAbs::Other => self.whole(&elem),
                    }
                }
                if f.funcs.is_empty() {
                    self.whole(&list);
                }
                self.whole(&arg(2));
                match b {
                    B::Filter | B::Single | B::Sort => list,
                    B::Sift => Abs {
                        covered: list.is_input(),
                        ..Abs::none()
                    },
                    _ => Abs::none(),
                }
            }
            B::Count | B::Exists => {
                // only presence and number of items matter: the locations are
                // read, their content is not
                for a in args {
                    for p in &a.paths {
                        self.touch(p);
                    }
                    for f in a.funcs.clone() {
                        self.escape_func(&f);
                    }
                }
                Abs::none()
            }
            B::Eval => {
                self.out.dynamic = true;
                for a in args {
                    self.whole(a);
                }
                Abs {
                    covered: true,
                    ..Abs::none()
                }
            }
            B::Append | B::Reverse | B::Distinct | B::Shuffle => {
                // results are the arguments' items
                let mut acc = Abs::none();
                for a in args {
                    acc = acc.union(a.clone());
                }
                acc
            }
            _ => {
                for a in args {
                    self.whole(a);
                }
                let covered = args.iter().any(Abs::is_input);
                Abs {
                    covered,
                    ..Abs::none()
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Expression;

    fn paths(src: &str) -> InputPaths {
        Expression::compile(src)
            .map(|e| e.input_paths())
            .unwrap_or_else(|e| panic!("{src}: {e}"))
    }

    fn flat(src: &str) -> Vec<(String, bool)> {
        paths(src).flatten()
    }

    fn has(ip: &InputPaths, path: &str, whole: bool) -> bool {
        let parts: Vec<&str> = path.split('.').collect();
        ip.root.get(&parts).is_some_and(|n| n.whole == whole)
    }

    #[test]
    fn simple_paths_are_named() {
        let ip = paths("a.b.c");
        assert_eq!(
            ip.flatten(),
            vec![
                ("a".into(), false),
                ("a.b".into(), false),
                ("a.b.c".into(), true)
            ]
        );
        assert!(!ip.needs_everything());
    }

    #[test]
    fn focus_variables_are_bound_for_their_own_predicates() {
        let ip = paths("library.loans@$l.books@$b[$l.isbn = $b.isbn].{ 't': $b.title }");
        assert!(has(&ip, "library.loans.isbn", true));
        assert!(has(&ip, "library.books.isbn", true));
        assert!(has(&ip, "library.books.title", true));
    }

    #[test]
    fn reduce_with_an_initial_value_reads_only_what_the_callback_reads_of_items() {
        let ip = paths("$reduce(lines, function($acc, $l) { $acc + $number($l.total) }, 0)");
        assert!(has(&ip, "lines.total", true));
        assert!(has(&ip, "lines", false));
        // without one, the first item is the accumulator: items are read whole
        let ip = paths("$reduce(lines, function($acc, $l) { $acc + $number($l.total) })");
        assert!(has(&ip, "lines", true));
        // an initial value that may be undefined is no better
        let ip = paths("$reduce(lines, function($acc, $l) { $acc + $number($l.total) }, $x)");
        assert!(has(&ip, "lines", true));
    }

    #[test]
    fn nested_contexts_follow_steps() {
        let ip = paths(
            r#"{ "po": `po-number`, "lines": `order-lines`.{ "x": account.code, "s": supplier } }"#,
        );
        assert!(has(&ip, "po-number", true));
        assert!(has(&ip, "order-lines", false));
        assert!(has(&ip, "order-lines.account.code", true));
        assert!(has(&ip, "order-lines.supplier", true));
        assert!(!ip.needs_everything());
    }

    #[test]
    fn predicates_and_function_arguments_are_read() {
        let ip = paths("lines[status = 'open' and $number(qty) > 0].{ 'id': $string(id) }");
        assert!(has(&ip, "lines.status", true));
        assert!(has(&ip, "lines.qty", true));
        assert!(has(&ip, "lines.id", true));
        assert!(!has(&ip, "lines", true));
    }

    #[test]
    fn whole_objects_copied_out_are_whole() {
        let ip = paths(r#"{ "supplier": supplier, "n": supplier.name }"#);
        assert!(has(&ip, "supplier", true));
    }

    #[test]
    fn unnameable_reads_are_flagged() {
        for src in [
            "$keys($)",
            "*",
            "**.id",
            "$each($, function($v){$v})",
            "$sift($, function($v){$v})",
            "$spread($)",
            "$string($)",
            "$",
        ] {
            assert!(paths(src).needs_everything(), "{src}");
        }
        assert!(paths("$eval('a')").dynamic);
        assert!(paths("$lookup($, $k)").needs_everything());
        // wildcards below a field only need that field
        let ip = paths("address.*");
        assert!(has(&ip, "address", true));
        assert!(!ip.needs_everything());
    }

    #[test]
    fn variables_and_lambdas_carry_paths() {
        let ip = paths("($l := lines; $f := function($x){ $x.price * 2 }; $map($l, $f))");
        assert!(has(&ip, "lines.price", true));
        let ip = paths("$map(lines, function($x, $i){ $x.account.code })");
        assert!(has(&ip, "lines.account.code", true));
        let ip = paths("lines ~> $map(function($x){ $x.id })");
        assert!(has(&ip, "lines.id", true));
        let ip = paths("$$.header.id");
        assert!(has(&ip, "header.id", true));
        let ip = paths("(function($o){ $o.total })(order)");
        assert!(has(&ip, "order.total", true));
    }

    #[test]
    fn parent_operator_reads_the_ancestor() {
        let ip = paths("lines.account.{ 'code': code, 'line': %.id }");
        assert!(has(&ip, "lines.account.code", true));
        assert!(has(&ip, "lines.id", true));
    }

    #[test]
    fn joins_and_coalescing() {
        let ip = paths("Employee@$e.Contact[ssn = $e.SSN].{ 'n': $e.Name, 'p': Phone }");
        assert!(has(&ip, "Employee.SSN", true));
        assert!(has(&ip, "Employee.Name", true));
        assert!(has(&ip, "Contact.ssn", true));
        assert!(has(&ip, "Contact.Phone", true));
        let ip = paths("a ?? b.c");
        assert!(has(&ip, "a", true));
        assert!(has(&ip, "b.c", true));
        let ip = paths("$exists(x) ? y : z");
        assert!(ip.root.get(&["x"]).is_some() && has(&ip, "y", true) && has(&ip, "z", true));
    }

    #[test]
    fn context_arguments_count_as_reads() {
        let ip = paths("supplier.name.$uppercase()");
        assert!(has(&ip, "supplier.name", true));
        let ip = paths("$formatNumber($number(total), '#,##0.00')");
        assert!(!ip.needs_everything());
        assert!(paths("$uppercase()").needs_everything());
    }

    #[test]
    fn counting_and_existence_only_touch() {
        let ip = paths("{ 'n': $count(lines), 'ids': lines.id, 'has': $exists(note) }");
        assert!(has(&ip, "lines", false));
        assert!(has(&ip, "lines.id", true));
        // a leaf only touched is still read (no children means keep it)
        assert!(ip.root.get(&["note"]).is_some());
    }

    #[test]
    fn transforms_and_sorting() {
        let ip = paths("lines^(>price, <id).sku");
        assert!(
            has(&ip, "lines.price", true)
                && has(&ip, "lines.id", true)
                && has(&ip, "lines.sku", true)
        );
        let ip = paths("order ~> |lines|{'x': 1}|");
        assert!(has(&ip, "order", true));
        let ip = paths("lines{ type: $sum(amount) }");
        assert!(has(&ip, "lines.type", true) && has(&ip, "lines.amount", true));
        let _ = flat("a");
    }
}
