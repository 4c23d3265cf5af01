//! The tree-walking evaluator: paths, predicates, operators, constructors,
//! variables, lambdas, closures, tail calls, with depth and time limits.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Instant;

use serde_json::Value as J;

use crate::ast::{BinOp, GroupBy, Kind, Node, SortTerm, Stage, TransformDef};
use crate::bindings::Bindings;
use crate::builtins::Builtin;
use crate::error::{Error, R};
use crate::ops::{
    append, boolean, boolize, check_array_len, check_string_len, cmp_str, deep_equal, deep_own,
    descendants, display, exists, lookup_field, merge_sort, push_flat, quote, regex_match_object,
    strict_equal, wildcard,
};
use crate::output::Output;
use crate::text::to_string;
use smallvec::SmallVec;
mod shape;

use crate::value::{CONS, FrameId, Func, KEEP, OUTER, Obj, SEQ, Tuple, V, Value, json_get_hinted};

pub(crate) struct Frame<'a> {
    parent: Option<FrameId>,
    /// A lambda call binds a few parameters: they live in the frame itself.
    vars: SmallVec<[(Arc<str>, V<'a>); 3]>,
}

/// Whether a bound name is `name`: the same text, usually the very same string,
/// as names are shared within a compiled expression.
#[inline]
fn same_name(bound: &str, name: &str) -> bool {
    (std::ptr::eq(bound.as_ptr(), name.as_ptr()) && bound.len() == name.len()) || bound == name
}

/// Per-evaluation state.
pub(crate) struct Ctx<'a> {
    frames: RefCell<Vec<Frame<'a>>>,
    depth: Cell<usize>,
    max_depth: usize,
    deadline: Option<Instant>,
    ticks: Cell<u32>,
    pub now_ms: f64,
    bindings: &'a Bindings<'a>,
    pub rng_state: Cell<u64>,
    /// Closures made so far: a call that made none cannot return one closed over
    /// its own frames, so those frames are dropped without looking at the result.
    closures: Cell<u64>,
}

pub(crate) const ROOT: FrameId = 0;

impl<'a> Ctx<'a> {
    pub fn new(bindings: &'a Bindings<'a>, max_depth: usize, deadline: Option<Instant>) -> Ctx<'a> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as f64)
            .unwrap_or(0.0);
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9E37_79B9_7F4A_7C15)
            | 1;
        Ctx {
            frames: RefCell::new(vec![Frame {
                parent: None,
                vars: SmallVec::new(),
            }]),
            depth: Cell::new(0),
            max_depth,
            deadline,
            ticks: Cell::new(0),
            now_ms: now,
            bindings,
            rng_state: Cell::new(seed),
            closures: Cell::new(0),
        }
    }

    // ----- environment -----

    pub fn new_frame(&self, parent: FrameId) -> FrameId {
        let mut frames = self.frames.borrow_mut();
        frames.push(Frame {
            parent: Some(parent),
            vars: SmallVec::new(),
        });
        frames.len() - 1
    }

    /// A new frame under `parent` binding `names` to `args` in order (undefined past
    /// the end of `args`), as a lambda call does.
    fn call_frame(
        &self,
        parent: FrameId,
        names: &[Arc<str>],
        args: impl IntoIterator<Item = V<'a>>,
    ) -> FrameId {
        let mut vars: SmallVec<[(Arc<str>, V<'a>); 3]> = SmallVec::new();
        let mut args = args.into_iter();
        for name in names {
            let value = args.next().flatten();
            // a name given twice is bound once, to its last value
            if let Some(slot) = vars.iter_mut().find(|(k, _)| *k == *name) {
                slot.1 = value;
            } else {
                vars.push((name.clone(), value));
            }
        }
        let mut frames = self.frames.borrow_mut();
        frames.push(Frame {
            parent: Some(parent),
            vars,
        });
        frames.len() - 1
    }

    pub fn bind(&self, frame: FrameId, name: Arc<str>, value: V<'a>) {
        let mut frames = self.frames.borrow_mut();
        if let Some(f) = frames.get_mut(frame) {
            if let Some(slot) = f.vars.iter_mut().find(|(k, _)| *k == name) {
                slot.1 = value;
            } else {
                f.vars.push((name, value));
            }
        }
    }

    /// Looks a variable up: `Some(v)` when bound (even to undefined).
    pub fn lookup(&self, frame: FrameId, name: &str) -> Option<V<'a>> {
        {
            let frames = self.frames.borrow();
            let mut cur = Some(frame);
            while let Some(id) = cur {
                let Some(f) = frames.get(id) else { break };
                if let Some((_, v)) = f.vars.iter().rev().find(|(k, _)| same_name(k, name)) {
                    return Some(v.clone());
                }
                cur = f.parent;
            }
        }
        if let Some(v) = self.bindings.get(name) {
            return Some(Some(v));
        }
        Builtin::from_name(name).map(|b| Some(Value::func(Func::Builtin(b))))
    }

    fn lookup_var(&self, frame: FrameId, name: &str, builtin: Option<Builtin>) -> V<'a> {
        match self.lookup(frame, name) {
            Some(v) => v,
            None => builtin.map(|b| Value::func(Func::Builtin(b))),
        }
    }

    fn frame_from_tuple(&self, parent: FrameId, tuple: &Tuple<'a>) -> FrameId {
        let mut frames = self.frames.borrow_mut();
        let mut vars: SmallVec<[(Arc<str>, V<'a>); 3]> = tuple.vars.iter().cloned().collect();
        static AT: std::sync::OnceLock<Arc<str>> = std::sync::OnceLock::new();
        let at = AT.get_or_init(|| Arc::from("@")).clone();
        vars.push((at, Some(tuple.at.clone())));
        frames.push(Frame {
            parent: Some(parent),
            vars,
        });
        frames.len() - 1
    }

    // ----- limits -----

    #[inline]
    fn enter(&self) -> R<()> {
        let d = self.depth.get() + 1;
        self.depth.set(d);
        if d > self.max_depth {
            return Err(Error::new("U1001"));
        }
        self.tick()
    }

    #[inline]
    pub fn tick(&self) -> R<()> {
        self.charge(1)
    }

    /// Counts `n` units of work done in one step (items copied into an array), so the
    /// clock is polled by work as well as by nodes: a step whose cost grows each time
    /// (an array doubling per recursive call) cannot outrun the time limit.
    #[inline]
    pub fn charge(&self, n: usize) -> R<()> {
        let before = self.ticks.get();
        let after = before.wrapping_add(n as _);
        self.ticks.set(after);
        if before >> 10 != after >> 10 {
            if let Some(deadline) = self.deadline {
                if Instant::now() > deadline {
                    return Err(Error::new("U1001")
                        .message("Expression evaluation timeout: Check for infinite loop"));
                }
            }
        }
        Ok(())
    }

    #[inline]
    fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    // ----- evaluation -----

    pub fn eval(&self, node: &Node, input: Option<&Value<'a>>, env: FrameId) -> R<V<'a>> {
        let mut result = self.level(|| self.eval_node(node, input, env))?;
        if let Some(Value::Array(items, flags)) = &result {
            if flags & SEQ != 0 {
                let mut flags = *flags;
                if node.ann.keep_array {
                    flags |= KEEP;
                }
                if items.is_empty() {
                    return Ok(None);
                }
                if items.len() == 1 && flags & KEEP == 0 {
                    return Ok(items.first().cloned());
                }
                if flags != result.as_ref().map_or(0, |r| r.flags()) {
                    result = Some(Value::Array(items.clone(), flags));
                }
            }
        }
        Ok(result)
    }

    /// [`Ctx::eval`] for a result that leaves the engine as an [`Output`]: an object
    /// constructor with literal keys (directly, or as a branch of a condition) is
    /// built as an `Output` as it is evaluated, with no engine object in between;
    /// anything else is evaluated and then converted.
    pub fn eval_out(
        &self,
        node: &Node,
        input: Option<&Value<'a>>,
        env: FrameId,
    ) -> R<Option<Output>> {
        let plain = node.ann.plain;
        match &node.kind {
            Kind::Object(group)
                if plain
                    && group.static_keys
                    && !input.is_some_and(|v| v.is_array() || matches!(v, Value::Tuples(_))) =>
            {
                self.level(|| {
                    let mut out = Vec::with_capacity(group.pairs.len());
                    for (k, v) in &group.pairs {
                        if let Kind::Str(key) = &k.kind
                            && let Some(val) = self.eval_out(v, input, env)?
                        {
                            out.push((key.clone(), val));
                        }
                    }
                    Ok(Some(Output::Object(out)))
                })
            }
            Kind::Array(items) if plain => {
                self.level(|| {
                    let mut out = Vec::with_capacity(items.len());
                    for item in items {
                        if item.ann.map_path && self.map_path_out(item, input, env, &mut out)? {
                            check_array_len(out.len())?;
                            continue;
                        }
                        let Some(v) = self.eval(item, input, env)? else {
                            continue;
                        };
                        self.charge(v.array_len().unwrap_or(1))?;
                        // as the array constructor does: items that are arrays are
                        // spliced in, unless written as array constructors
                        match v.to_output()? {
                            Output::Array(inner) if !matches!(item.kind, Kind::Array(_)) => {
                                out.extend(inner)
                            }
                            o => out.push(o),
                        }
                        check_array_len(out.len())?;
                    }
                    Ok(Some(Output::Array(out)))
                })
            }
            Kind::Path { .. } if node.ann.map_path => {
                // `lines.{ … }`: each object built as an `Output`, as in an array
                // constructor; the path's one result is itself, several an array
                let mut out = Vec::new();
                if self.level(|| self.map_path_out(node, input, env, &mut out))? {
                    return Ok(match out.len() {
                        0 => None,
                        1 => out.pop(),
                        _ => Some(Output::Array(out)),
                    });
                }
                self.eval_then_output(node, input, env)
            }
            Kind::Condition(c, t, f) if plain => self.level(|| {
                let cond = self.eval(c, input, env)?;
                if boolean(cond.as_ref()) == Some(true) {
                    self.eval_out(t, input, env)
                } else if let Some(f) = f {
                    self.eval_out(f, input, env)
                } else {
                    Ok(None)
                }
            }),
            _ => self.eval_then_output(node, input, env),
        }
    }

    /// `node` evaluated as an engine value, then converted to an [`Output`].
    fn eval_then_output(
        &self,
        node: &Node,
        input: Option<&Value<'a>>,
        env: FrameId,
    ) -> R<Option<Output>> {
        self.eval(node, input, env)?
            .map(|v| v.to_output())
            .transpose()
    }

    /// A `map_path` item of an array constructor (`[lines.{ … }]`): the objects it
    /// yields, appended to `out` as outputs. False (nothing appended) when the path
    /// needs the general algorithm (arrays nested in arrays on the way).
    fn map_path_out(
        &self,
        item: &Node,
        input: Option<&Value<'a>>,
        env: FrameId,
        out: &mut Vec<Output>,
    ) -> R<bool> {
        let Kind::Path { steps, .. } = &item.kind else {
            return Ok(false);
        };
        let Some((object, names)) = steps.split_last() else {
            return Ok(false);
        };
        let contexts = match simple_path(names, input) {
            None => return Ok(false),
            Some(None) => return Ok(true),
            Some(Some(v)) => v,
        };
        match &contexts {
            Value::Json(J::Array(items)) => {
                if items.iter().any(J::is_array) {
                    return Ok(false);
                }
                out.reserve(items.len());
                for x in items {
                    if let Some(o) = self.eval_out(object, Some(&Value::from_json(x)), env)? {
                        out.push(o);
                    }
                }
            }
            v if v.is_array() => return Ok(false),
            v => {
                if let Some(o) = self.eval_out(object, Some(v), env)? {
                    out.push(o);
                }
            }
        }
        Ok(true)
    }

    /// Runs `f` one evaluation level deeper: counted against the depth limit and the
    /// clock, with enough stack. The stack is checked every fourth level: far fewer
    /// checks, and four levels stay well inside the 128 KiB red zone.
    fn level<T>(&self, f: impl FnOnce() -> R<T>) -> R<T> {
        self.enter()?;
        let r = if self.depth.get() % 4 == 0 {
            stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, f)
        } else {
            f()
        };
        self.leave();
        r
    }

    fn eval_node(&self, node: &Node, input: Option<&Value<'a>>, env: FrameId) -> R<V<'a>> {
        let mut result = match &node.kind {
            Kind::Path { .. } => return self.eval_path(node, input, env),
            Kind::Name(name) => lookup_field(input, name, &node.hint),
            Kind::Str(s) => Some(Value::Str(s.clone())),
            Kind::Num(n) => Some(Value::Num(*n)),
            Kind::Bool(b) => Some(Value::Bool(*b)),
            Kind::Null => Some(Value::Null),
            Kind::Wildcard => wildcard(input),
            Kind::Descendant => descendants(input),
            Kind::Parent(label) => self.lookup(env, label).flatten(),
            Kind::Binary(op, l, r) => self.eval_binary(*op, l, r, node.pos, input, env)?,
            Kind::Neg(e) => match self.eval(e, input, env)? {
                None => None,
                Some(Value::Num(n)) => Some(Value::Num(-n)),
                Some(v) => {
                    return Err(Error::new("D1002")
                        .at(node.pos)
                        .token("-")
                        .value(display(&v)));
                }
            },
            Kind::Array(items) => {
                let mut out: Vec<Value<'a>> = Vec::with_capacity(items.len());
                for item in items {
                    let v = self.eval(item, input, env)?;
                    if let Some(v) = v {
                        self.charge(v.array_len().unwrap_or(1))?;
                        if matches!(item.kind, Kind::Array(_)) {
                            out.push(v);
                        } else {
                            push_flat(&mut out, v);
                        }
                        check_array_len(out.len())?;
                    }
                }
                Some(Value::Array(
                    Rc::new(out),
                    if node.ann.consarray { CONS } else { 0 },
                ))
            }
            Kind::Object(group) => Some(self.eval_group(group, input.cloned(), env)?),
            Kind::Condition(c, t, f) => {
                let cond = self.eval(c, input, env)?;
                if boolean(cond.as_ref()) == Some(true) {
                    self.eval(t, input, env)?
                } else if let Some(f) = f {
                    self.eval(f, input, env)?
                } else {
                    None
                }
            }
            Kind::Coalesce(l, r) => match self.eval(l, input, env)? {
                Some(v) if exists(&v) => Some(v),
                _ => self.eval(r, input, env)?,
            },
            Kind::Elvis(l, r) => {
                let v = self.eval(l, input, env)?;
                if boolean(v.as_ref()) == Some(true) {
                    v
                } else {
                    self.eval(r, input, env)?
                }
            }
            Kind::Block(exprs) => {
                let frame = self.new_frame(env);
                let mut last = None;
                for e in exprs {
                    last = self.eval(e, input, frame)?;
                }
                last
            }
            Kind::Bind(name, rhs) => {
                let v = self.eval(rhs, input, env)?;
                self.bind(env, name.clone(), v.clone());
                v
            }
            Kind::Regex(def) => Some(Value::func(Func::Regex(def.clone()))),
            Kind::Variable { name, builtin } => {
                if name.is_empty() {
                    match input {
                        Some(Value::Array(items, f)) if f & OUTER != 0 => items.first().cloned(),
                        other => other.cloned(),
                    }
                } else {
                    self.lookup_var(env, name, *builtin)
                }
            }
            Kind::Function { .. } => {
                let r = self.eval_function(node, input, env, None)?;
                if node.ann.tail {
                    return Ok(r);
                }
                self.resolve_tail(r, input)?
            }
            Kind::Lambda(def) => Some(self.closure(Func::Lambda {
                def: def.clone(),
                input: input.cloned(),
                env,
                params: None,
            })),
            Kind::Partial { proc, args } => Some(self.eval_partial(node, proc, args, input, env)?),
            Kind::Apply(l, r) => self.eval_apply(node, l, r, input, env)?,
            Kind::Transform(def) => Some(self.closure(Func::Transform {
                def: def.clone(),
                env,
            })),
            Kind::Sort(terms) => {
                let items = input.map(|v| v.to_vec()).unwrap_or_default();
                Some(Value::seq(self.sort_values(items, terms, node.pos, env)?))
            }
        };
        for pred in &node.ann.predicate {
            result = self.filter(pred, result, env)?;
        }
        if let Some(group) = &node.ann.group {
            result = Some(self.eval_group(group, result, env)?);
        }
        Ok(result)
    }

    // ----- paths -----

    fn eval_path(&self, node: &Node, input: Option<&Value<'a>>, env: FrameId) -> R<V<'a>> {
        let Kind::Path {
            steps,
            keep_singleton,
        } = &node.kind
        else {
            return Ok(None);
        };
        if node.ann.simple_path {
            if let Some(r) = simple_path(steps, input) {
                return Ok(r);
            }
        }
        if node.ann.var_path
            && let Some((first, names)) = steps.split_first()
        {
            // the variable's value is the one input of the field steps; an array
            // (a sequence to map over) takes the general algorithm below
            match self.eval(first, input, env)? {
                None => return Ok(None),
                Some(v) if !v.is_array() && !matches!(v, Value::Tuples(_)) => {
                    if let Some(r) = simple_path(names, Some(&v)) {
                        return Ok(r);
                    }
                }
                Some(_) => {}
            }
        }
        // The input sequence: an array input is used as is, anything else is wrapped.
        let first_is_var = steps
            .first()
            .is_some_and(|s| matches!(s.kind, Kind::Variable { .. }));
        let mut inputs: Vec<Option<Value<'a>>> = match input {
            Some(v) if v.is_array() && !first_is_var => match v {
                Value::Array(items, _) => items.iter().cloned().map(Some).collect(),
                other => other.to_vec().into_iter().map(Some).collect(),
            },
            other => vec![other.cloned()],
        };
        let mut input_value: Option<Value<'a>> = input.cloned();
        let mut result: Value<'a> = Value::seq(Vec::new());
        let mut tuples: Option<Vec<Tuple<'a>>> = None;
        let mut tuple_mode = false;
        let last_index = steps.len().saturating_sub(1);
        for (i, step) in steps.iter().enumerate() {
            if step.ann.tuple {
                tuple_mode = true;
            }
            if i == 0 && step.ann.consarray {
                let ctx = match &input_value {
                    Some(v) if v.is_array() && !first_is_var => Some(v.clone()),
                    Some(v) => Some(Value::seq(vec![v.clone()])),
                    None => None,
                };
                result = self
                    .eval(step, ctx.as_ref(), env)?
                    .unwrap_or_else(|| Value::seq(Vec::new()));
                if !result.is_array() {
                    result = Value::seq(vec![result]);
                }
            } else if tuple_mode {
                tuples = Some(self.tuple_step(step, &inputs, tuples, env)?);
            } else {
                result = self.step(step, &inputs, env, i == last_index)?;
            }
            if !tuple_mode && result.array_len().unwrap_or(0) == 0 {
                break;
            }
            // the next step's inputs (the last step has none to make)
            if step.ann.focus.is_none() && i != last_index {
                inputs = result.to_vec().into_iter().map(Some).collect();
                input_value = Some(result.clone());
            }
        }
        if tuple_mode {
            if let Some(group) = &node.ann.group {
                let ts = Value::Tuples(Rc::new(tuples.unwrap_or_default()));
                return Ok(Some(self.eval_group(group, Some(ts), env)?));
            }
        }
        let mut result = if tuple_mode {
            let ts = tuples.unwrap_or_default();
            if node.ann.tuple {
                Value::Tuples(Rc::new(ts))
            } else {
                Value::seq(ts.into_iter().map(|t| t.at).collect())
            }
        } else {
            result
        };
        if *keep_singleton {
            if let Value::Array(_, f) = &result {
                if f & CONS != 0 && f & SEQ == 0 {
                    result = Value::seq(vec![result]);
                }
            } else if let Value::Json(J::Array(_)) = &result {
                // a raw input array: flag a copy so it is kept as an array
            }
            result = match result {
                Value::Array(v, f) => Value::Array(v, f | KEEP),
                Value::Json(J::Array(a)) => {
                    Value::Array(Rc::new(a.iter().map(Value::from_json).collect()), KEEP)
                }
                other => other,
            };
        }
        if let Some(group) = &node.ann.group {
            return Ok(Some(self.eval_group(group, Some(result), env)?));
        }
        Ok(Some(result))
    }

    fn step(
        &self,
        step: &Node,
        inputs: &[Option<Value<'a>>],
        env: FrameId,
        last: bool,
    ) -> R<Value<'a>> {
        if let Kind::Sort(terms) = &step.kind {
            let items: Vec<Value<'a>> = inputs.iter().flatten().cloned().collect();
            let sorted = self.sort_values(items, terms, step.pos, env)?;
            let mut result = Some(Value::seq(sorted));
            for stage in &step.ann.stages {
                if let Stage::Filter(p) = stage {
                    result = self.filter(p, result, env)?;
                }
            }
            return Ok(result.unwrap_or_else(|| Value::seq(Vec::new())));
        }
        let mut results: Vec<Value<'a>> = Vec::with_capacity(inputs.len());
        for item in inputs {
            let mut res = self.eval(step, item.as_ref(), env)?;
            for stage in &step.ann.stages {
                if let Stage::Filter(p) = stage {
                    res = self.filter(p, res, env)?;
                }
            }
            if let Some(r) = res {
                results.push(r);
            }
        }
        if last && results.len() == 1 {
            if let Some(first) = results.first() {
                if first.is_array() && !first.is_seq() {
                    return Ok(first.clone());
                }
            }
        }
        let total: usize = results.iter().map(|r| r.array_len().unwrap_or(1)).sum();
        check_array_len(total)?;
        let mut out = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Value::Array(v, f) if f & CONS == 0 => out.extend(v.iter().cloned()),
                Value::Json(J::Array(a)) => out.extend(a.iter().map(Value::from_json)),
                other => out.push(other),
            }
        }
        Ok(Value::seq(out))
    }

    fn tuple_step(
        &self,
        step: &Node,
        inputs: &[Option<Value<'a>>],
        tuples: Option<Vec<Tuple<'a>>>,
        env: FrameId,
    ) -> R<Vec<Tuple<'a>>> {
        if let Kind::Sort(terms) = &step.kind {
            let mut result = match tuples {
                Some(ts) => self.sort_tuples(ts, terms, step.pos, env)?,
                None => {
                    let items: Vec<Value<'a>> = inputs.iter().flatten().cloned().collect();
                    let sorted = self.sort_values(items, terms, step.pos, env)?;
                    sorted
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| {
                            let mut t = Tuple {
                                at: v,
                                vars: Vec::new(),
                            };
                            if let Some(ix) = &step.ann.index {
                                t.set(ix.clone(), Some(Value::Num(i as f64)));
                            }
                            t
                        })
                        .collect()
                }
            };
            result = self.stages(&step.ann.stages, result, env)?;
            return Ok(result);
        }
        let tuples = tuples.unwrap_or_else(|| {
            inputs
                .iter()
                .flatten()
                .map(|v| Tuple {
                    at: v.clone(),
                    vars: Vec::new(),
                })
                .collect()
        });
        let mut result = Vec::new();
        for tuple in &tuples {
            let frame = self.frame_from_tuple(env, tuple);
            let res = self.eval(step, Some(&tuple.at), frame)?;
            let Some(res) = res else { continue };
            if let Value::Tuples(ts) = &res {
                for t in ts.iter() {
                    let mut nt = tuple.clone();
                    for (k, v) in &t.vars {
                        nt.set(k.clone(), v.clone());
                    }
                    nt.at = t.at.clone();
                    result.push(nt);
                }
                continue;
            }
            let items = if res.is_array() {
                res.to_vec()
            } else {
                vec![res]
            };
            for (bb, item) in items.into_iter().enumerate() {
                let mut nt = tuple.clone();
                if let Some(focus) = &step.ann.focus {
                    nt.set(focus.clone(), Some(item));
                } else {
                    nt.at = item;
                }
                if let Some(ix) = &step.ann.index {
                    nt.set(ix.clone(), Some(Value::Num(bb as f64)));
                }
                if let Some(anc) = &step.ann.ancestor {
                    nt.set(anc.clone(), Some(tuple.at.clone()));
                }
                result.push(nt);
            }
        }
        self.stages(&step.ann.stages, result, env)
    }

    fn stages(
        &self,
        stages: &[Stage],
        mut tuples: Vec<Tuple<'a>>,
        env: FrameId,
    ) -> R<Vec<Tuple<'a>>> {
        for stage in stages {
            match stage {
                Stage::Filter(p) => tuples = self.filter_tuples(p, tuples, env)?,
                Stage::Index(name) => {
                    for (i, t) in tuples.iter_mut().enumerate() {
                        t.set(name.clone(), Some(Value::Num(i as f64)));
                    }
                }
            }
        }
        Ok(tuples)
    }

    fn filter_tuples(
        &self,
        pred: &Node,
        tuples: Vec<Tuple<'a>>,
        env: FrameId,
    ) -> R<Vec<Tuple<'a>>> {
        let len = tuples.len();
        if let Kind::Num(n) = pred.kind {
            let idx = index_of(n, len);
            return Ok(idx
                .and_then(|i| tuples.into_iter().nth(i))
                .into_iter()
                .collect());
        }
        let mut out = Vec::new();
        for (index, t) in tuples.into_iter().enumerate() {
            let frame = self.frame_from_tuple(env, &t);
            let res = self.eval(pred, Some(&t.at), frame)?;
            if predicate_selects(res.as_ref(), index, len)? {
                out.push(t);
            }
        }
        Ok(out)
    }

    /// Applies a predicate to a value (or sequence).
    pub fn filter(&self, pred: &Node, input: V<'a>, env: FrameId) -> R<V<'a>> {
        if let Some(Value::Tuples(ts)) = &input {
            let ts = self.filter_tuples(pred, ts.as_ref().clone(), env)?;
            return Ok(Some(Value::Tuples(Rc::new(ts))));
        }
        let items: Vec<Value<'a>> = match input {
            None => Vec::new(),
            Some(v) if v.is_array() => v.into_vec(),
            Some(v) => vec![v],
        };
        let len = items.len();
        if let Kind::Num(n) = pred.kind {
            let item = index_of(n, len).and_then(|i| items.into_iter().nth(i));
            return Ok(Some(match item {
                Some(v) if v.is_array() => v,
                Some(v) => Value::seq(vec![v]),
                None => Value::seq(Vec::new()),
            }));
        }
        let mut out = Vec::new();
        for (index, item) in items.into_iter().enumerate() {
            let res = self.eval(pred, Some(&item), env)?;
            if predicate_selects(res.as_ref(), index, len)? {
                out.push(item);
            }
        }
        Ok(Some(Value::seq(out)))
    }

    // ----- operators -----

    fn eval_binary(
        &self,
        op: BinOp,
        l: &Node,
        r: &Node,
        pos: usize,
        input: Option<&Value<'a>>,
        env: FrameId,
    ) -> R<V<'a>> {
        let lhs = self.eval(l, input, env)?;
        let fail = |e: Error| e.at(pos).token(op.symbol());
        match op {
            BinOp::And => {
                if !boolize(lhs.as_ref()) {
                    return Ok(Some(Value::Bool(false)));
                }
                let rhs = self.eval(r, input, env)?;
                return Ok(Some(Value::Bool(boolize(rhs.as_ref()))));
            }
            BinOp::Or => {
                if boolize(lhs.as_ref()) {
                    return Ok(Some(Value::Bool(true)));
                }
                let rhs = self.eval(r, input, env)?;
                return Ok(Some(Value::Bool(boolize(rhs.as_ref()))));
            }
            _ => {}
        }
        let rhs = self.eval(r, input, env)?;
        match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod => {
                let a = match &lhs {
                    None => None,
                    Some(Value::Num(n)) => Some(check_finite(*n).map_err(fail)?),
                    Some(_) => return Err(fail(Error::new("T2001"))),
                };
                let b = match &rhs {
                    None => None,
                    Some(Value::Num(n)) => Some(check_finite(*n).map_err(fail)?),
                    Some(_) => return Err(fail(Error::new("T2002"))),
                };
                let (Some(a), Some(b)) = (a, b) else {
                    return Ok(None);
                };
                let v = match op {
                    BinOp::Add => a + b,
                    BinOp::Sub => a - b,
                    BinOp::Mul => a * b,
                    BinOp::Div => a / b,
                    _ => a % b,
                };
                Ok(Some(Value::Num(v)))
            }
            BinOp::Eq | BinOp::Ne => {
                let (Some(a), Some(b)) = (&lhs, &rhs) else {
                    return Ok(Some(Value::Bool(false)));
                };
                let eq = deep_equal(a, b);
                Ok(Some(Value::Bool(if op == BinOp::Eq { eq } else { !eq })))
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let comparable =
                    |v: &V<'a>| v.as_ref().is_none_or(|v| v.is_string() || v.is_number());
                if !comparable(&lhs) || !comparable(&rhs) {
                    let bad = if comparable(&lhs) { &rhs } else { &lhs };
                    return Err(fail(
                        Error::new("T2010").value(bad.as_ref().map(display).unwrap_or_default()),
                    ));
                }
                let (Some(a), Some(b)) = (&lhs, &rhs) else {
                    return Ok(None);
                };
                let ord = match (a, b) {
                    (Value::Num(x), Value::Num(y)) => x.partial_cmp(y),
                    _ => match (a.as_str(), b.as_str()) {
                        (Some(x), Some(y)) => Some(cmp_str(x, y)),
                        _ => return Err(fail(Error::new("T2009"))),
                    },
                };
                let Some(ord) = ord else {
                    return Ok(Some(Value::Bool(false)));
                };
                use std::cmp::Ordering::*;
                let v = match op {
                    BinOp::Lt => ord == Less,
                    BinOp::Le => ord != Greater,
                    BinOp::Gt => ord == Greater,
                    _ => ord != Less,
                };
                Ok(Some(Value::Bool(v)))
            }
            BinOp::Concat => {
                let mut s = String::new();
                if let Some(a) = &lhs {
                    s.push_str(&to_string(a).map_err(fail)?);
                }
                if let Some(b) = &rhs {
                    s.push_str(&to_string(b).map_err(fail)?);
                }
                check_string_len(s.len()).map_err(fail)?;
                Ok(Some(Value::string(s)))
            }
            BinOp::In => {
                let (Some(a), Some(b)) = (&lhs, &rhs) else {
                    return Ok(Some(Value::Bool(false)));
                };
                let found = if b.is_array() {
                    b.to_vec().iter().any(|x| strict_equal(a, x))
                } else {
                    strict_equal(a, b)
                };
                Ok(Some(Value::Bool(found)))
            }
            BinOp::Range => {
                let a = match &lhs {
                    None => None,
                    Some(Value::Num(n)) if n.fract() == 0.0 && n.is_finite() => Some(*n),
                    Some(_) => return Err(fail(Error::new("T2003"))),
                };
                let b = match &rhs {
                    None => None,
                    Some(Value::Num(n)) if n.fract() == 0.0 && n.is_finite() => Some(*n),
                    Some(_) => return Err(fail(Error::new("T2004"))),
                };
                let (Some(a), Some(b)) = (a, b) else {
                    return Ok(None);
                };
                if a > b {
                    return Ok(None);
                }
                let size = b - a + 1.0;
                if size > 1e7 {
                    return Err(fail(
                        Error::new("D2014").value(crate::json_out::number_to_string(size)),
                    ));
                }
                let mut out = Vec::with_capacity(size as usize);
                let mut x = a;
                while x <= b {
                    out.push(Value::Num(x));
                    x += 1.0;
                    if out.len() & 0xffff == 0 {
                        self.tick_now()?;
                    }
                }
                Ok(Some(Value::seq(out)))
            }
            BinOp::And | BinOp::Or => Ok(None),
        }
    }

    /// Checks the time limit immediately (for long loops inside one node).
    pub fn tick_now(&self) -> R<()> {
        if let Some(deadline) = self.deadline {
            if Instant::now() > deadline {
                return Err(Error::new("U1001")
                    .message("Expression evaluation timeout: Check for infinite loop"));
            }
        }
        Ok(())
    }

    // ----- functions -----

    /// Calls the function of a `Kind::Function` node; `applied` is the left side of
    /// `~>`, passed as the first argument.
    fn eval_function(
        &self,
        node: &Node,
        input: Option<&Value<'a>>,
        env: FrameId,
        applied: Option<V<'a>>,
    ) -> R<V<'a>> {
        let Kind::Function {
            proc,
            args,
            builtin,
        } = &node.kind
        else {
            return Ok(None);
        };
        let builtin = *builtin;
        if node.ann.direct_builtin && !node.ann.tail {
            if let (Some(b), Kind::Variable { name, .. }) = (builtin, &proc.kind) {
                if self.bindings.get(name).is_none() {
                    let mut evaluated = Vec::with_capacity(args.len() + 1);
                    if let Some(a) = applied {
                        evaluated.push(a);
                    }
                    for a in args {
                        evaluated.push(self.eval(a, input, env)?);
                    }
                    let r = b
                        .signature()
                        .validate(evaluated, input)
                        .and_then(|v| self.call_builtin(b, v, input, env));
                    return r.map_err(|e| e.token_if_none(name).pos_if_none(node.pos));
                }
            }
        }
        let name = proc_name(proc);
        let f = match (&proc.kind, builtin) {
            (Kind::Variable { name, .. }, Some(b)) => self.lookup_var(env, name, Some(b)),
            _ => self.eval(proc, input, env)?,
        };
        if f.is_none() {
            if let Kind::Path { steps, .. } = &proc.kind {
                if let Some(Node {
                    kind: Kind::Name(n),
                    ..
                }) = steps.first()
                {
                    if self.lookup(env, n).is_some_and(|v| v.is_some()) {
                        return Err(Error::new("T1005").at(node.pos).token(n.to_string()));
                    }
                }
            }
        }
        let mut evaluated = Vec::with_capacity(args.len() + 1);
        if let Some(a) = applied {
            evaluated.push(a);
        }
        for a in args {
            evaluated.push(self.eval(a, input, env)?);
        }
        let Some(f) = f else {
            return Err(Error::new("T1006").at(node.pos).token(name));
        };
        if node.ann.tail {
            if let Value::Func(func) = &f {
                if matches!(**func, Func::Lambda { .. }) {
                    return Ok(Some(Value::TailCall(Rc::new((f, evaluated)))));
                }
            }
        }
        self.apply(&f, evaluated, input, env)
            .map_err(|e| e.token_if_none(&name).pos_if_none(node.pos))
    }

    fn resolve_tail(&self, v: V<'a>, input: Option<&Value<'a>>) -> R<V<'a>> {
        match v {
            Some(Value::TailCall(tc)) => {
                let (f, args) =
                    Rc::try_unwrap(tc).unwrap_or_else(|rc| (rc.0.clone(), rc.1.clone()));
                self.apply(&f, args, input, ROOT)
            }
            other => Ok(other),
        }
    }

    /// Applies a function value to arguments.
    pub fn apply(
        &self,
        f: &Value<'a>,
        args: Vec<V<'a>>,
        input: Option<&Value<'a>>,
        env: FrameId,
    ) -> R<V<'a>> {
        let Value::Func(func) = f else {
            return Err(Error::new("T1006"));
        };
        let mut result = self.apply_inner(func, args, input, env)?;
        // trampoline for tail calls
        while let Some(Value::TailCall(tc)) = &result {
            self.tick_now_cheap()?;
            let (next, next_args) = (tc.0.clone(), tc.1.clone());
            let Value::Func(nf) = &next else {
                return Err(Error::new("T1006"));
            };
            result = self.apply_inner(nf, next_args, input, env)?;
        }
        Ok(result)
    }

    /// A function value closed over a frame (counted, see [`Ctx::closures`]).
    fn closure(&self, f: Func<'a>) -> Value<'a> {
        self.closures.set(self.closures.get() + 1);
        Value::func(f)
    }

    fn tick_now_cheap(&self) -> R<()> {
        self.tick()
    }

    fn apply_inner(
        &self,
        func: &Rc<Func<'a>>,
        args: Vec<V<'a>>,
        input: Option<&Value<'a>>,
        env: FrameId,
    ) -> R<V<'a>> {
        match &**func {
            Func::Lambda {
                def,
                input: lin,
                env: lenv,
                params,
            } => {
                let args = match (&def.signature, params) {
                    (Some(sig), None) => sig.validate(args, input)?,
                    _ => args,
                };
                let names = params.as_ref().unwrap_or(&def.params);
                let frame = self.call_frame(*lenv, names, args);
                let closures = self.closures.get();
                let result = self.eval(&def.body, lin.as_ref(), frame)?;
                // Frames made by this call die with it unless a closure escapes.
                if self.closures.get() == closures
                    || !result.as_ref().is_some_and(|r| refers_to_frames(r, frame))
                {
                    self.frames.borrow_mut().truncate(frame);
                }
                Ok(result)
            }
            Func::Builtin(b) => {
                let args = b.signature().validate(args, input)?;
                self.call_builtin(*b, args, input, env)
            }
            Func::Partial {
                func: inner,
                args: bound,
            } => {
                let mut supplied = args.into_iter();
                let full: Vec<V<'a>> = bound
                    .iter()
                    .map(|a| match a {
                        Some(v) => v.clone(),
                        None => supplied.next().flatten(),
                    })
                    .collect();
                match inner {
                    Value::Func(f) => match &**f {
                        Func::Builtin(b) => {
                            let args = b.signature().validate(full, None)?;
                            self.call_builtin(*b, args, None, env)
                        }
                        _ => self.apply_inner(f, full, input, env),
                    },
                    _ => Err(Error::new("T1006")),
                }
            }
            Func::Chain(f, g) => {
                let x = args.into_iter().next().flatten();
                let mid = self.apply(f, vec![x], input, env)?;
                self.apply(g, vec![mid], input, env)
            }
            Func::Regex(def) => {
                let s = args.into_iter().next().flatten();
                match s.as_ref().and_then(|v| v.as_str()) {
                    Some(s) => regex_match_object(def, s, 0),
                    None => Ok(None),
                }
            }
            Func::Transform { def, env: tenv } => {
                let obj = args.into_iter().next().flatten();
                let Some(obj) = obj else { return Ok(None) };
                if !(obj.is_object() || obj.is_array()) {
                    return Err(Error::new("T0410").at(def.pos).value("1"));
                }
                self.transform(def, obj, *tenv)
            }
        }
    }

    fn eval_partial(
        &self,
        node: &Node,
        proc: &Node,
        args: &[Option<Node>],
        input: Option<&Value<'a>>,
        env: FrameId,
    ) -> R<Value<'a>> {
        let mut evaluated = Vec::with_capacity(args.len());
        for a in args {
            evaluated.push(match a {
                Some(a) => Some(self.eval(a, input, env)?),
                None => None,
            });
        }
        let f = self.eval(proc, input, env)?;
        let name = proc_name(proc);
        let Some(Value::Func(func)) = &f else {
            if f.is_none() {
                if let Kind::Path { steps, .. } = &proc.kind {
                    if let Some(Node {
                        kind: Kind::Name(n),
                        ..
                    }) = steps.first()
                    {
                        if self.lookup(env, n).is_some_and(|v| v.is_some()) {
                            return Err(Error::new("T1007").at(node.pos).token(n.to_string()));
                        }
                    }
                }
            }
            return Err(Error::new("T1008").at(node.pos).token(name));
        };
        if let Func::Lambda {
            def,
            input: lin,
            env: lenv,
            params,
        } = &**func
        {
            let frame = self.new_frame(*lenv);
            let names = params.as_ref().unwrap_or(&def.params);
            let mut unbound = Vec::new();
            for (i, pname) in names.iter().enumerate() {
                match evaluated.get(i) {
                    Some(Some(v)) => self.bind(frame, pname.clone(), v.clone()),
                    Some(None) => unbound.push(pname.clone()),
                    None => self.bind(frame, pname.clone(), None),
                }
            }
            return Ok(self.closure(Func::Lambda {
                def: def.clone(),
                input: lin.clone(),
                env: frame,
                params: Some(unbound),
            }));
        }
        Ok(Value::func(Func::Partial {
            func: f.clone().unwrap_or(Value::Null),
            args: evaluated,
        }))
    }

    fn eval_apply(
        &self,
        node: &Node,
        l: &Node,
        r: &Node,
        input: Option<&Value<'a>>,
        env: FrameId,
    ) -> R<V<'a>> {
        let lhs = self.eval(l, input, env)?;
        if let Kind::Function { .. } = &r.kind {
            let res = self.eval_function(r, input, env, Some(lhs))?;
            return self.resolve_tail(res, input);
        }
        let f = self.eval(r, input, env)?;
        let Some(f @ Value::Func(_)) = f else {
            return Err(Error::new("T2006").at(node.pos).token("~>"));
        };
        if let Some(l @ Value::Func(_)) = lhs {
            return Ok(Some(Value::func(Func::Chain(l, f))));
        }
        self.apply(&f, vec![lhs], input, env)
    }
}

/// Whether `v` holds a function closed over a frame numbered `mark` or above.
fn refers_to_frames(v: &Value<'_>, mark: FrameId) -> bool {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || match v {
        Value::Func(f) => match &**f {
            Func::Lambda { env, input, .. } => {
                *env >= mark || input.as_ref().is_some_and(|i| refers_to_frames(i, mark))
            }
            Func::Transform { env, .. } => *env >= mark,
            Func::Partial { func, args } => {
                refers_to_frames(func, mark)
                    || args
                        .iter()
                        .flatten()
                        .flatten()
                        .any(|a| refers_to_frames(a, mark))
            }
            Func::Chain(a, b) => refers_to_frames(a, mark) || refers_to_frames(b, mark),
            Func::Builtin(_) | Func::Regex(_) => false,
        },
        Value::Array(items, _) => items.iter().any(|x| refers_to_frames(x, mark)),
        Value::Object(m) => m.values().any(|x| refers_to_frames(x, mark)),
        Value::Tuples(ts) => ts.iter().any(|t| {
            refers_to_frames(&t.at, mark)
                || t.vars
                    .iter()
                    .any(|(_, v)| v.as_ref().is_some_and(|v| refers_to_frames(v, mark)))
        }),
        Value::TailCall(tc) => {
            refers_to_frames(&tc.0, mark)
                || tc.1.iter().flatten().any(|a| refers_to_frames(a, mark))
        }
        Value::Null | Value::Bool(_) | Value::Num(_) | Value::Str(_) | Value::Json(_) => false,
    })
}

fn proc_name(proc: &Node) -> String {
    match &proc.kind {
        Kind::Variable { name, .. } => name.to_string(),
        Kind::Path { steps, .. } => match steps.first().map(|s| &s.kind) {
            Some(Kind::Name(n)) => n.to_string(),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

fn index_of(n: f64, len: usize) -> Option<usize> {
    let mut i = n.floor();
    if i < 0.0 {
        i += len as f64;
    }
    if i >= 0.0 && i < len as f64 {
        Some(i as usize)
    } else {
        None
    }
}

fn predicate_selects(res: Option<&Value<'_>>, index: usize, len: usize) -> R<bool> {
    match res {
        Some(Value::Num(n)) => {
            check_finite(*n)?;
            Ok(index_of(*n, len) == Some(index))
        }
        Some(v) if v.is_array() => {
            let items = v.to_vec();
            if items.iter().all(|x| matches!(x, Value::Num(_))) {
                let mut hit = false;
                for x in &items {
                    if let Value::Num(n) = x {
                        check_finite(*n)?;
                        if index_of(*n, len) == Some(index) {
                            hit = true;
                        }
                    }
                }
                Ok(hit)
            } else {
                Ok(boolean(Some(v)) == Some(true))
            }
        }
        other => Ok(boolean(other) == Some(true)),
    }
}

fn check_finite(n: f64) -> R<f64> {
    if n.is_finite() {
        Ok(n)
    } else {
        Err(Error::new("D1001").value(crate::json_out::number_to_string(n)))
    }
}

/// A path of plain names over objects: no sequences are built. Returns `None`
/// when the general algorithm is needed (arrays on the way).
fn simple_path<'a>(steps: &[Node], input: Option<&Value<'a>>) -> Option<V<'a>> {
    // the common case, a path into the input document: walk its nodes by
    // reference and make a value of the last one only
    if let Some(Value::Json(root)) = input {
        let mut j: &'a J = root;
        let last = steps.len().saturating_sub(1);
        for (i, step) in steps.iter().enumerate() {
            let Kind::Name(name) = &step.kind else {
                return None;
            };
            let next = match j {
                J::Object(m) => json_get_hinted(m, name, &step.hint),
                J::Array(_) => return None,
                _ => return Some(None),
            };
            let Some(next) = next else { return Some(None) };
            if next.is_array() {
                return if i == last {
                    Some(Some(Value::Json(next)))
                } else {
                    None
                };
            }
            j = next;
        }
        return Some(Some(Value::from_json(j)));
    }
    let mut cur = match input {
        None => return Some(None),
        Some(v) if v.is_array() => return None,
        Some(v) => v.clone(),
    };
    let last = steps.len().saturating_sub(1);
    for (i, step) in steps.iter().enumerate() {
        let Kind::Name(name) = &step.kind else {
            return None;
        };
        let next = match &cur {
            Value::Json(J::Object(m)) => json_get_hinted(m, name, &step.hint).map(Value::from_json),
            Value::Object(m) => m.get(&**name).cloned(),
            Value::Array(..) | Value::Json(J::Array(_)) | Value::Tuples(_) => return None,
            _ => return Some(None),
        };
        let Some(next) = next else { return Some(None) };
        if next.is_array() {
            if i == last && !next.is_seq() {
                return Some(Some(next));
            }
            return None;
        }
        cur = next;
    }
    Some(Some(cur))
}
