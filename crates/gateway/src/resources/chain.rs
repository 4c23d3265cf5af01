//! The mapping chain: base → deployment override → tenant override. An override sees the
//! input as `$` and the level below's result as `$base`; its result is deep-merged over
//! `$base` (null removes a key) unless the override says `mode: replace`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

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
/// The engine's code for a time limit reached, also used when the request's budget is.
const BUDGET_CODE: &str = "U1001";

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

    /// A chain whose response expressions build only the fields `selection` names (see
    /// `jsonata::Expression::select`). When an override reads `$base` it may read fields
    /// of the level below that the selection leaves out, so then no level is pruned.
    pub fn select(&self, selection: &jsonata::PathNode) -> Chain {
        let prunable = self.reads_base.iter().all(|[response, _]| !response);
        let levels = self
            .levels
            .iter()
            .map(|level| {
                let mut level = level.clone();
                if prunable {
                    level.response = level.response.as_ref().map(|e| e.select(selection));
                }
                level
            })
            .collect();
        Chain::new(levels)
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

    /// Maps a raw provider record to the unified record.
    pub fn response(&self, raw: &Value) -> Result<Output, MappingError> {
        self.run(Direction::Response, raw, None, None)
    }

    /// [`Chain::response`] within a request's mapping budget, which ends at `deadline`.
    pub fn response_by(&self, raw: &Value, deadline: Instant) -> Result<Output, MappingError> {
        self.run(Direction::Response, raw, None, Some(deadline))
    }

    /// Maps a unified request body to the provider's body. `$write` is `"create"` or
    /// `"update"`, so a mapping can send a field only when creating.
    pub fn request(&self, body: &Value, write: Write) -> Result<Value, MappingError> {
        self.request_by(body, write, None)
    }

    /// [`Chain::request`] within a request's mapping budget, when there is one.
    pub fn request_by(
        &self,
        body: &Value,
        write: Write,
        deadline: Option<Instant>,
    ) -> Result<Value, MappingError> {
        let op = Value::String(write.operation().into());
        self.run(Direction::Request, body, Some(&op), deadline)
            .map(Output::into_value)
    }

    fn run(
        &self,
        dir: Direction,
        input: &Value,
        write: Option<&Value>,
        deadline: Option<Instant>,
    ) -> Result<Output, MappingError> {
        let mut result: Option<Output> = None;
        for (level, expr, reads_base) in self.steps(dir) {
            // Each evaluation gets the per-record limit, or what is left of the
            // request's budget when that is less.
            let mut limits = self.limits.clone();
            if let Some(deadline) = deadline {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(MappingError {
                        file: level.file.clone(),
                        code: BUDGET_CODE.into(),
                        message: "the request used up its mapping time budget".into(),
                    });
                }
                limits.time_limit = Some(limits.time_limit.map_or(left, |t| t.min(left)));
            }
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
                evaluate(expr, input, &bindings, &limits)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::definition::Level;
    use std::path::Path;

    fn chain(response: &str) -> Chain {
        let text = format!("singular: thing\npath: /api/things\nresponse: |\n  {response}\n");
        let file = MappingFile::parse(Path::new("things.yaml"), &text, Level::Base).unwrap();
        Chain::new(vec![file])
    }

    #[test]
    fn a_spent_budget_stops_the_next_record_before_it_runs() {
        let c = chain("{\"id\": $string(id)}");
        let raw = serde_json::json!({"id": 1});
        let out = c
            .response_by(&raw, Instant::now() + Duration::from_secs(5))
            .unwrap();
        assert_eq!(out.into_value(), serde_json::json!({"id": "1"}));
        let err = c.response_by(&raw, Instant::now()).unwrap_err();
        assert_eq!(err.code, "U1001");
        assert!(err.message.contains("budget"), "{}", err.message);
    }

    #[test]
    fn the_budget_shortens_the_per_record_limit() {
        let c = chain("$reduce([1..9000000], function($a, $b) { $a + $b })");
        let started = Instant::now();
        let err = c
            .response_by(&serde_json::json!({}), started + Duration::from_millis(50))
            .unwrap_err();
        assert_eq!(err.code, "U1001");
        // Stopped by what was left of the budget, not by the 500 ms per-record limit
        // (a ratio, not a threshold: the limit it would otherwise have used).
        assert!(started.elapsed() < TIME_LIMIT, "{:?}", started.elapsed());
    }
}
