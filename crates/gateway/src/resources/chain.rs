//! The mapping chain: base → deployment override → tenant override. An override sees the
//! input as `$` and the level below's result as `$base`; its result is deep-merged over
//! `$base` (null removes a key) unless the override says `mode: replace`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

use super::definition::{MappingFile, Mode, Write};
use jsonata::{Bindings, Expression, Limits, Output};

/// Why a record could not be mapped.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}: {message}", file.display())]
pub struct MappingError {
    /// The mapping file whose expression failed.
    pub file: PathBuf,
    pub code: String,
    pub message: String,
}

/// Which way a mapping runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Coupa record → unified record.
    Response,
    /// Unified body → Coupa body.
    Request,
}

#[derive(Debug)]
pub struct Chain {
    levels: Vec<MappingFile>,
    /// Per level: whether its response and its request expression read `$base`.
    reads_base: Vec<[bool; 2]>,
    limits: Limits,
}

/// A runaway expression is stopped after this long on one record.
const TIME_LIMIT: Duration = Duration::from_millis(500);
const MAX_DEPTH: usize = 400;

impl Chain {
    pub fn new(levels: Vec<MappingFile>) -> Self {
        let reads = |e: &Option<Expression>| e.as_ref().is_some_and(|e| e.reads_variable("base"));
        let reads_base = levels
            .iter()
            .map(|l| [reads(&l.response), reads(&l.request)])
            .collect();
        Chain {
            levels,
            reads_base,
            limits: Limits {
                max_depth: MAX_DEPTH,
                time_limit: Some(TIME_LIMIT),
            },
        }
    }

    pub fn levels(&self) -> &[MappingFile] {
        &self.levels
    }

    /// The expressions of one direction, base first.
    pub fn expressions(&self, dir: Direction) -> impl Iterator<Item = (&MappingFile, &Expression)> {
        self.steps(dir).map(|(level, expr, _)| (level, expr))
    }

    /// [`Chain::expressions`] with, for each, whether it reads `$base`.
    fn steps(&self, dir: Direction) -> impl Iterator<Item = (&MappingFile, &Expression, bool)> {
        self.levels
            .iter()
            .zip(&self.reads_base)
            .filter_map(move |(l, &[response, request])| match dir {
                Direction::Response => l.response.as_ref().map(|e| (l, e, response)),
                Direction::Request => l.request.as_ref().map(|e| (l, e, request)),
            })
    }

    /// Maps a raw Coupa record to the unified record.
    pub fn response(&self, raw: &Value) -> Result<Output, MappingError> {
        self.run(Direction::Response, raw, None)
    }

    /// Maps a unified request body to the Coupa body. `$write` is `"create"` or
    /// `"update"`, so a mapping can send a field only when creating.
    pub fn request(&self, body: &Value, write: Write) -> Result<Value, MappingError> {
        let op = Value::String(
            match write {
                Write::Create => "create",
                Write::Update => "update",
            }
            .into(),
        );
        self.run(Direction::Request, body, Some(&op))
            .map(Output::into_value)
    }

    fn run(
        &self,
        dir: Direction,
        input: &Value,
        write: Option<&Value>,
    ) -> Result<Output, MappingError> {
        let mut result: Option<Output> = None;
        for (level, expr, reads_base) in self.steps(dir) {
            // `$base` is built as a JSON value only for a level that reads it
            let base = match &result {
                Some(r) if reads_base => Some(r.clone().into_value()),
                _ => None,
            };
            let out = {
                let mut bindings = Bindings::new();
                if let Some(base) = &base {
                    bindings.insert_ref("base", base);
                }
                if let Some(op) = write {
                    bindings.insert_ref("write", op);
                }
                evaluate(expr, input, &bindings, &self.limits)
            };
            let out = out.map_err(|(code, message)| MappingError {
                file: level.file.clone(),
                code,
                message,
            })?;
            result = match (result, out, level.mode) {
                (None, out, _) => out,
                (Some(base), None, _) => Some(base),
                (Some(_), Some(out), Mode::Replace) => Some(out),
                (Some(base), Some(out), Mode::Merge) => Some(base.merge(out)),
            };
        }
        Ok(result.unwrap_or(Output::Object(Vec::new())))
    }
}

/// Evaluates with the engine's panics contained: a broken expression fails its record,
/// never the process.
fn evaluate(
    expr: &Expression,
    input: &Value,
    bindings: &Bindings,
    limits: &Limits,
) -> Result<Option<Output>, (String, String)> {
    match catch_unwind(AssertUnwindSafe(|| {
        expr.evaluate_output(Some(input), bindings, limits)
    })) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err((e.code.clone(), e.message.clone())),
        Err(panic) => {
            let what = crate::observe::panic_message(panic.as_ref());
            tracing::error!(panic = %what, "the mapping engine panicked");
            Err(("U0500".into(), format!("the mapping engine failed: {what}")))
        }
    }
}
