//! The JSONata mapping engine: compiles expressions once, evaluates them on
//! `serde_json` values from any thread. Payloads are data, never code.
//!
//! Placeholder with the engine's public API; the engine itself lands separately.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;

#[derive(Debug, Clone)]
pub struct Expression;

#[derive(Debug, Clone, thiserror::Error)]
#[error("{code}: {message}")]
pub struct Error {
    pub code: String,
    pub position: Option<usize>,
    pub token: Option<String>,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Bindings {
    values: BTreeMap<String, Value>,
}

impl Bindings {
    pub fn new() -> Self {
        Bindings::default()
    }
    pub fn insert(&mut self, name: &str, value: Value) {
        self.values.insert(name.to_string(), value);
    }
}

#[derive(Debug, Clone)]
pub struct Limits {
    pub max_depth: usize,
    pub time_limit: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 500,
            time_limit: Some(Duration::from_secs(1)),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct InputPaths {
    pub dynamic: bool,
    pub whole: bool,
    pub children: BTreeMap<String, InputPaths>,
}

impl Expression {
    pub fn compile(_src: &str) -> Result<Expression, Error> {
        Err(Error {
            code: "U0000".into(),
            position: None,
            token: None,
            message: "the JSONata engine is not built in".into(),
        })
    }
    pub fn evaluate(
        &self,
        _input: Option<&Value>,
        _bindings: &Bindings,
    ) -> Result<Option<Value>, Error> {
        Ok(None)
    }
    pub fn evaluate_with(
        &self,
        _input: Option<&Value>,
        _bindings: &Bindings,
        _limits: &Limits,
    ) -> Result<Option<Value>, Error> {
        Ok(None)
    }
    pub fn input_paths(&self) -> InputPaths {
        InputPaths {
            dynamic: true,
            ..Default::default()
        }
    }
}
