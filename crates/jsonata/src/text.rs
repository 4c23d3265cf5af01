//! JSONata's conversion of any value to text (`$string` and the `&` operator):
//! numbers to 15 significant digits, structures as compact or indented JSON.

use serde_json::Value as J;

use crate::error::{Error, R};
use crate::json_out::{number_to_string, write_json, write_str};
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
            write_precise(&mut out, &j, if pretty { Some(2) } else { None }, 0);
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

fn precise15(n: f64) -> f64 {
    if n.fract() == 0.0 {
        return n;
    }
    format!("{n:.14e}").parse().unwrap_or(n)
}

fn write_precise(out: &mut String, v: &J, indent: Option<usize>, level: usize) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || match v {
        J::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(0.0);
            out.push_str(&number_to_string(precise15(f)));
        }
        J::Array(a) if !a.is_empty() => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, indent, level + 1);
                write_precise(out, x, indent, level + 1);
            }
            nl(out, indent, level);
            out.push(']');
        }
        J::Object(m) if !m.is_empty() => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, indent, level + 1);
                write_str(out, k);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_precise(out, x, indent, level + 1);
            }
            nl(out, indent, level);
            out.push('}');
        }
        other => write_json(out, other, indent, level),
    })
}

fn nl(out: &mut String, indent: Option<usize>, level: usize) {
    if let Some(n) = indent {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', n * level));
    }
}
