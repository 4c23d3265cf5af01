//! Random expression + random JSON input, evaluated with small limits.
//! Input bytes: `<expression>\n<json>`; an unparsable JSON part falls back to
//! a fixed sample document, so the fuzzer can concentrate on expressions.
//! Differential checks: the gateway's evaluation (`evaluate_output`) serializes to
//! the same bytes as `evaluate_with`, and the input pruned to the expression's input
//! paths gives the same outcome (time-limit errors and clock or random functions,
//! `$toMillis` among them as a partial picture takes the missing parts from today,
//! aside, which differ from run to run by nature).
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use jsonata::{Bindings, Expression, Limits, Pruner, to_json_string};
use serde_json::Value;

const SAMPLE: &str = r#"{"a": 1, "b": [1, 2, {"c": "x"}], "s": "hello", "o": {"k": [true, null, 2.5]},
  "order-lines": [{"id": 1, "account": {"code": "A"}}, {"id": 2, "price": "3.50"}]}"#;

/// A time or depth limit hit: such outcomes may differ from one run to the next.
fn timed_out<T>(r: &Result<T, jsonata::Error>) -> bool {
    r.as_ref().is_err_and(|e| e.code == "U1001")
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (expr, json) = text.split_once('\n').unwrap_or((&text, ""));
    let input: Value = serde_json::from_str(json)
        .or_else(|_| serde_json::from_str(SAMPLE))
        .unwrap_or(Value::Null);
    let Ok(compiled) = Expression::compile(expr) else {
        return;
    };
    let _ = compiled.input_paths();
    let limits = Limits {
        max_depth: 200,
        time_limit: Some(Duration::from_millis(200)),
    };
    let bindings = Bindings::new().with("base", serde_json::json!({"x": 1}));
    let json_out = compiled.evaluate_with(Some(&input), &bindings, &limits);
    if let Ok(Some(v)) = &json_out {
        let _ = to_json_string(v);
    }
    let volatile = ["$random", "$now", "$millis", "$eval", "$toMillis"]
        .iter()
        .any(|f| expr.contains(f));
    let out = compiled.evaluate_output(Some(&input), &bindings, &limits);
    if !volatile && !timed_out(&json_out) && !timed_out(&out) {
        match (&json_out, &out) {
            (Ok(a), Ok(b)) => assert_eq!(
                a.as_ref()
                    .map(|v| serde_json::to_string(v).unwrap_or_default()),
                b.as_ref()
                    .map(|v| serde_json::to_string(v).unwrap_or_default()),
                "evaluate_output differs for {expr:?}"
            ),
            (Err(a), Err(b)) => assert_eq!(a.code, b.code, "{expr:?}"),
            (a, b) => panic!("{expr:?}: {a:?} vs {b:?}"),
        }
    }
    let paths = compiled.input_paths();
    if !volatile && !paths.needs_everything() {
        let text = serde_json::to_vec(&input).unwrap_or_default();
        if let Ok(pruned) = Pruner::new(&paths.root).read(&text) {
            let again = compiled.evaluate_with(Some(&pruned), &bindings, &limits);
            if !timed_out(&json_out) && !timed_out(&again) {
                match (&json_out, &again) {
                    (Ok(a), Ok(b)) => assert_eq!(a, b, "pruning changed {expr:?} on {pruned}"),
                    (Err(a), Err(b)) => assert_eq!(a.code, b.code, "{expr:?}"),
                    (a, b) => panic!("pruning changed {expr:?}: {a:?} vs {b:?}"),
                }
            }
        }
    }
});
