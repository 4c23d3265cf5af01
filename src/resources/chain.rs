//! The mapping chain: base → deployment override → tenant override. An override sees the
//! input as `$` and the level below's result as `$base`; its result is deep-merged over
//! `$base` (null removes a key) unless the override says `mode: replace`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Map, Value};

use super::definition::{MappingFile, Mode, Write};
use crate::jsonata::{Bindings, Expression, Limits};

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
    limits: Limits,
}

/// A runaway expression is stopped after this long on one record.
const TIME_LIMIT: Duration = Duration::from_millis(500);
const MAX_DEPTH: usize = 400;

impl Chain {
    pub fn new(levels: Vec<MappingFile>) -> Self {
        Chain {
            levels,
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
        self.levels.iter().filter_map(move |l| {
            let e = match dir {
                Direction::Response => l.response.as_ref(),
                Direction::Request => l.request.as_ref(),
            };
            e.map(|e| (l, e))
        })
    }

    /// Maps a raw Coupa record to the unified record.
    pub fn response(&self, raw: &Value) -> Result<Value, MappingError> {
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
    }

    fn run(
        &self,
        dir: Direction,
        input: &Value,
        write: Option<&Value>,
    ) -> Result<Value, MappingError> {
        let mut result: Option<Value> = None;
        for (level, expr) in self.expressions(dir) {
            let out = {
                let mut bindings = Bindings::new();
                if let Some(base) = &result {
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
                (Some(base), Some(out), Mode::Merge) => Some(deep_merge(base, out)),
            };
        }
        Ok(result.unwrap_or(Value::Object(Map::new())))
    }
}

/// Evaluates with the engine's panics contained: a broken expression fails its record,
/// never the process.
fn evaluate(
    expr: &Expression,
    input: &Value,
    bindings: &Bindings,
    limits: &Limits,
) -> Result<Option<Value>, (String, String)> {
    match catch_unwind(AssertUnwindSafe(|| {
        expr.evaluate_with(Some(input), bindings, limits)
    })) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err((e.code.clone(), e.message.clone())),
        Err(panic) => {
            let what = panic_message(panic.as_ref());
            tracing::error!(panic = %what, "the mapping engine panicked");
            Err(("U0500".into(), format!("the mapping engine failed: {what}")))
        }
    }
}

/// The message a panic carried, when it carried text.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// `overlay` merged into `base`: objects merge key by key, a `null` in the overlay removes
/// the key, anything else replaces.
pub fn deep_merge(base: Value, overlay: Value) -> Value {
    match (base, overlay) {
        (Value::Object(mut b), Value::Object(o)) => {
            for (k, v) in o {
                if v.is_null() {
                    b.shift_remove(&k);
                    continue;
                }
                match b.get_mut(&k) {
                    Some(existing) => {
                        let old = existing.take();
                        *existing = deep_merge(old, v);
                    }
                    None => {
                        b.insert(k, v);
                    }
                }
            }
            Value::Object(b)
        }
        (_, overlay) => overlay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_replaces_deletes_and_recurses() {
        let base = json!({"a": 1, "b": {"x": 1, "y": 2}, "c": [1, 2], "d": "keep"});
        let over = json!({"a": 2, "b": {"y": null, "z": 3}, "c": [3], "e": {"new": true}});
        assert_eq!(
            deep_merge(base, over),
            json!({"a": 2, "b": {"x": 1, "z": 3}, "c": [3], "d": "keep", "e": {"new": true}})
        );
    }

    #[test]
    fn merge_keeps_key_order_of_base() {
        let merged = deep_merge(
            json!({"id": "1", "b": 2}),
            json!({"b": 3, "custom_fields": {}}),
        );
        assert_eq!(
            serde_json::to_string(&merged).unwrap(),
            r#"{"id":"1","b":3,"custom_fields":{}}"#
        );
    }
}
