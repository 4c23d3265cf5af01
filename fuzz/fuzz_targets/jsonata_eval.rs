//! Random expression + random JSON input, evaluated with small limits.
//! Input bytes: `<expression>\n<json>`; an unparsable JSON part falls back to
//! a fixed sample document, so the fuzzer can concentrate on expressions.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use procura::jsonata::{Bindings, Expression, Limits, to_json_string};
use serde_json::Value;

const SAMPLE: &str = r#"{"a": 1, "b": [1, 2, {"c": "x"}], "s": "hello", "o": {"k": [true, null, 2.5]},
  "order-lines": [{"id": 1, "account": {"code": "A"}}, {"id": 2, "price": "3.50"}]}"#;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (expr, json) = text.split_once('\n').unwrap_or((&text, ""));
    let input: Value = serde_json::from_str(json)
        .or_else(|_| serde_json::from_str(SAMPLE))
        .unwrap_or(Value::Null);
    let Ok(compiled) = Expression::compile(expr) else { return };
    let _ = compiled.input_paths();
    let limits = Limits { max_depth: 200, time_limit: Some(Duration::from_millis(200)) };
    let bindings = Bindings::new().with("base", serde_json::json!({"x": 1}));
    if let Ok(Some(v)) = compiled.evaluate_with(Some(&input), &bindings, &limits) {
        let _ = to_json_string(&v);
    }
});
