//! JSONata's conversion of any value to text (`$string` and the `&` operator):
//! numbers to 15 significant digits, structures as compact or indented JSON.

use serde_json::Value as J;

use crate::error::{Error, R};
use crate::json_out::{Numbers, number_to_string, precise15, write_json};
use crate::value::{OUTER, Value};

/// `fn.string` without prettification (used by `&` too).
pub(crate) fn to_string(v: &Value<'_>) -> R<String> {
    stringify(v, false)
}

pub(crate) fn stringify(v: &Value<'_>, pretty: bool) -> R<String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        Value::Json(J::String(s)) => Ok(s.clone()),
        Value::Func(_) | Value::TailCall(_) => Ok(String::new()),
        Value::Num(n) if !n.is_finite() => Err(Error::new("D3001").value(number_to_string(*n))),
        Value::Num(n) => Ok(number_to_string(precise15(*n))),
        other => {
            check_finite_deep(other)?;
            let mut j = other.to_json()?;
            if let J::Array(a) = &j {
                if other.flags() & OUTER != 0 && !a.is_empty() {
                    j = a.first().cloned().unwrap_or(J::Null);
                }
            }
            let mut out = String::new();
            write_json(
                &mut out,
                &j,
                if pretty { Some(2) } else { None },
                0,
                Numbers::Precise15,
            );
            Ok(out)
        }
    }
}

fn check_finite_deep(v: &Value<'_>) -> R<()> {
    match v {
        Value::Num(n) if !n.is_finite() => Err(Error::new("D1001").value(number_to_string(*n))),
        Value::Array(items, _) => items.iter().try_for_each(check_finite_deep),
        Value::Object(m) => m.values().try_for_each(check_finite_deep),
        _ => Ok(()),
    }
}
