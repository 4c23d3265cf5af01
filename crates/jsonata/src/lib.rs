//! The JSONata mapping engine: compiles expressions once, evaluates them on
//! `serde_json` values from any thread. Payloads are data, never code.
//!
#![doc = include_str!("../README.md")]
//!
//! # Design
//!
//! * **Compiling** — `compile` runs the pipeline: `lexer` tokenizes with
//!   character positions; `parser` is a Pratt parser (binding powers as in the
//!   JSONata reference) producing a raw tree; `process` flattens `a.b[p].c` into
//!   path steps, attaches predicates, group-by, order-by, focus (`@`), index (`#`)
//!   and parent (`%`) bindings to the steps, and marks calls in tail position of
//!   lambda bodies; `optimize` marks the evaluator's fast paths. Compilation is
//!   linear in the source and bounded in depth (400 levels) and size (2^20
//!   characters), so hostile nesting yields an error (`U1001`), not a stack
//!   overflow.
//! * **Modules** — leaves first: `error`, `json_out`, `lexer`, `regex`,
//!   `signature` (parsing), `builtins` (the function table), `ast`, `value`,
//!   `check` (arguments against signatures), `ops` (shared value operations),
//!   `text`, `output`, the leaf built-ins in `functions` (numeric, string,
//!   format, object, array, date/time); then `eval`. The one cycle is the
//!   inherent one between `eval` and the built-ins that call back into it
//!   (`functions` dispatch, `functions::hof`, `functions::pattern`, `$eval`).
//! * **Compiled form** — the annotated tree in `ast` is immutable and shared
//!   behind an `Arc`: [`Expression`] is `Send + Sync + Clone`. Names and string
//!   literals are `Arc<str>`, built-in function references are resolved to an
//!   enum at compile time, regex literals are compiled once, lambda bodies are
//!   shared (`Arc`) so closures never copy code.
//! * **Values** — evaluation works on an internal value type whose `Json`
//!   variant *borrows* nodes of the input (`&serde_json::Value`): walking a path
//!   copies nothing; only the final output is materialised, as an owned
//!   `serde_json::Value` ([`Expression::evaluate_with`]) or as an [`Output`]
//!   ([`Expression::evaluate_output`]: keys shared with the compiled tree, no
//!   hashing, serialized as built). Built values (`Array`, `Object`) are reference-counted;
//!   sequences carry JSONata's singleton/keep-array flags. Variables live in a
//!   per-evaluation arena of frames (no reference cycles between closures and
//!   scopes), so everything is freed when the evaluation returns.
//! * **Limits** — every node evaluation counts towards [`Limits::max_depth`] and
//!   cheaply polls the clock for [`Limits::time_limit`] (error `U1001` either
//!   way); ranges are capped at 10^7 items (`D2014`); deep recursion grows the
//!   stack on the heap (`stacker`), so evaluation is safe on small thread stacks.
//!   No code path panics on any expression or input.
//! * **Reading input** — [`Pruner`] parses JSON text down to an
//!   [`InputPaths`] tree, skipping what the expression never reads.
//! * **Output** — numbers are IEEE doubles as in JavaScript; integral results
//!   come back as JSON integers, and [`to_json_string`] prints exactly like
//!   `JSON.stringify`.
//!
//! We own this engine because the available crates miss our goals: jsonata-rs
//! 0.3 panics on some inputs, evaluates payload text as code, is `!Send` with a
//! private AST and passes ~72 % of the official suite; jsonata-core passes ~99 %
//! but uses `Rc` values (not shareable across threads) and runs at ~4.6× the
//! time of jsonata-js.

mod ast;
mod bindings;
mod builtins;
mod check;
mod compile;
mod error;
mod eval;
mod functions;
mod json_out;
mod lexer;
mod ops;
mod optimize;
mod output;
mod parser;
mod paths;
mod process;
mod prune;
mod regex;
mod select;
mod signature;
mod text;
mod value;
mod walk;

use std::sync::Arc;
use std::time::{Duration, Instant};

pub use bindings::Bindings;
pub use error::Error;
pub use json_out::to_json_string;
pub use output::Output;
pub use paths::{InputPaths, PathNode};
pub use prune::Pruner;

use serde_json::Value as J;

/// A compiled JSONata expression. Cheap to clone; evaluate from any thread.
#[derive(Clone)]
pub struct Expression {
    inner: Arc<Compiled>,
}

struct Compiled {
    root: ast::Node,
    paths: InputPaths,
}

impl std::fmt::Debug for Expression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Expression").finish_non_exhaustive()
    }
}

/// Resource limits for one evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Maximum nesting of evaluation (each expression node entered counts one).
    /// Compilation refuses sources nested more than 400 levels, which the
    /// default (1000) leaves room for: what compiles is not stopped by its
    /// nesting alone. Deeper evaluation (recursive functions) grows the stack on
    /// the heap, so no value of this limit can overflow the thread's stack.
    pub max_depth: usize,
    /// Wall-clock budget for one evaluation.
    pub time_limit: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 1000,
            time_limit: Some(Duration::from_secs(5)),
        }
    }
}

impl Expression {
    /// Compiles an expression.
    pub fn compile(src: &str) -> Result<Expression, Error> {
        let root = compile::compile(src, true).map_err(Error::finish)?;
        let paths = paths::analyse(&root);
        Ok(Expression {
            inner: Arc::new(Compiled { root, paths }),
        })
    }

    /// Evaluates with default [`Limits`]. `None` input means "undefined";
    /// a `None` result means the expression produced nothing (undefined).
    pub fn evaluate(&self, input: Option<&J>, bindings: &Bindings) -> Result<Option<J>, Error> {
        self.evaluate_with(input, bindings, &Limits::default())
    }

    /// Evaluates with explicit limits.
    pub fn evaluate_with(
        &self,
        input: Option<&J>,
        bindings: &Bindings,
        limits: &Limits,
    ) -> Result<Option<J>, Error> {
        self.run(input, bindings, limits, |ctx, root, input| {
            ctx.eval(root, input, eval::ROOT)?
                .map(|v| v.to_json())
                .transpose()
        })
    }

    /// [`Expression::evaluate_with`] returning an [`Output`]: cheaper to build than a
    /// `serde_json::Value` when the result is only serialized or merged.
    pub fn evaluate_output(
        &self,
        input: Option<&J>,
        bindings: &Bindings,
        limits: &Limits,
    ) -> Result<Option<Output>, Error> {
        self.run(input, bindings, limits, |ctx, root, input| {
            ctx.eval_out(root, input, eval::ROOT)
        })
    }

    /// True when the expression may read the variable `$name` (by name, or through
    /// `$eval`, which can name anything).
    pub fn reads_variable(&self, name: &str) -> bool {
        fn find(node: &ast::Node, name: &str) -> bool {
            if let ast::Kind::Variable { name: n, .. } = &node.kind
                && &**n == name
            {
                return true;
            }
            let mut found = false;
            walk::children(node, &mut |c| found = found || find(c, name));
            found
        }
        self.inner.paths.dynamic || find(&self.inner.root, name)
    }

    fn run<T>(
        &self,
        input: Option<&J>,
        bindings: &Bindings,
        limits: &Limits,
        eval_root: impl for<'a, 'c> FnOnce(
            &'c eval::Ctx<'a>,
            &ast::Node,
            Option<&value::Value<'a>>,
        ) -> Result<Option<T>, Error>,
    ) -> Result<Option<T>, Error> {
        let deadline = limits.time_limit.map(|d| Instant::now() + d);
        let ctx = eval::Ctx::new(bindings, limits.max_depth, deadline);
        let raw = input.map(value::Value::from_json);
        ctx.bind(eval::ROOT, Arc::from("$"), raw.clone());
        // an array input is wrapped so that `$` still denotes the whole array
        let input_value = match raw {
            Some(v @ value::Value::Json(J::Array(_))) => Some(value::Value::Array(
                std::rc::Rc::new(vec![v]),
                value::SEQ | value::OUTER,
            )),
            other => other,
        };
        eval_root(&ctx, &self.inner.root, input_value.as_ref()).map_err(Error::finish)
    }

    /// A copy that builds only the fields `selection` names of its result (a tree of
    /// field names; arrays are transparent; a node without children keeps the whole
    /// value), so that its [`Expression::input_paths`] name only what those fields
    /// read. Shapes it cannot prune safely are kept whole: the copy's result holds at
    /// least the selected fields, exactly as the original builds them, and may hold
    /// more; cut it with [`Output::select`].
    pub fn select(&self, selection: &PathNode) -> Expression {
        if select::keeps_all(selection) {
            return self.clone();
        }
        let root = select::prune(&self.inner.root, selection);
        let paths = paths::analyse(&root);
        Expression {
            inner: Arc::new(Compiled { root, paths }),
        }
    }

    /// What the expression reads from its root input (`$`, `$$`), for field
    /// projection: a tree of field names (arrays are transparent), each node
    /// marked `whole` when its entire value is used. A leaf means "keep this
    /// value"; when [`InputPaths::needs_everything`] is true, supply the whole
    /// input. Variables bound by the caller (e.g. `$base`) are not input.
    pub fn input_paths(&self) -> InputPaths {
        self.inner.paths.clone()
    }
}

#[cfg(test)]
mod tests;
