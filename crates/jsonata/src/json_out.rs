//! JSON text exactly as JavaScript's `JSON.stringify` writes it, and
//! JavaScript's number-to-string conversion.

use serde_json::Value as J;

/// Formats a double as JavaScript's `Number.prototype.toString()` does.
pub fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if n == 0.0 {
        return "0".into();
    }
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        return (n as i64).to_string();
    }
    if n.fract() == 0.0 && n.abs() < 1e21 {
        return format!("{n:.0}");
    }
    // shortest round-trip digits and decimal exponent
    let e = format!("{:e}", n.abs());
    let (mant, exp) = e.split_once('e').unwrap_or((e.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let point = exp + 1; // position of the decimal point relative to the digits
    let sign = if n < 0.0 { "-" } else { "" };
    let body = if (1..=21).contains(&point) {
        if k <= point {
            format!("{digits}{}", "0".repeat((point - k) as usize))
        } else {
            let (a, b) = digits.split_at(point as usize);
            format!("{a}.{b}")
        }
    } else if (-5..=0).contains(&point) {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let (a, b) = digits.split_at(1);
        let e = point - 1;
        let es = if e >= 0 {
            format!("+{e}")
        } else {
            e.to_string()
        };
        if b.is_empty() {
            format!("{a}e{es}")
        } else {
            format!("{a}.{b}e{es}")
        }
    };
    format!("{sign}{body}")
}

/// How a writer renders non-integer numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Numbers {
    /// As JavaScript's `Number.prototype.toString` does.
    Plain,
    /// Rounded to 15 significant digits first, as `$string` does.
    Precise15,
}

/// Serialises like `JSON.stringify(v)`.
pub fn to_json_string(v: &J) -> String {
    let mut out = String::new();
    write_json(&mut out, v, None, 0, Numbers::Plain);
    out
}

/// Serialises like `JSON.stringify(v, null, 2)` when `indent` is given.
pub(crate) fn write_json(
    out: &mut String,
    v: &J,
    indent: Option<usize>,
    level: usize,
    numbers: Numbers,
) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || match v {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Number(n) if n.is_f64() && numbers == Numbers::Precise15 => {
            out.push_str(&number_to_string(precise15(n.as_f64().unwrap_or(0.0))));
        }
        J::Number(n) => {
            if let Some(i) = n.as_i64() {
                out.push_str(&i.to_string());
            } else if let Some(u) = n.as_u64() {
                out.push_str(&u.to_string());
            } else {
                let f = n.as_f64().unwrap_or(0.0);
                if f.is_finite() {
                    out.push_str(&number_to_string(f));
                } else {
                    out.push_str("null");
                }
            }
        }
        J::String(s) => write_str(out, s),
        J::Array(a) => {
            if a.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, level + 1);
                write_json(out, x, indent, level + 1, numbers);
            }
            newline(out, indent, level);
            out.push(']');
        }
        J::Object(m) => {
            if m.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, level + 1);
                write_str(out, k);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_json(out, x, indent, level + 1, numbers);
            }
            newline(out, indent, level);
            out.push('}');
        }
    })
}

/// A number rounded to 15 significant digits (integers as they are).
pub(crate) fn precise15(n: f64) -> f64 {
    if n.fract() == 0.0 {
        return n;
    }
    format!("{n:.14e}").parse().unwrap_or(n)
}

fn newline(out: &mut String, indent: Option<usize>, level: usize) {
    if let Some(n) = indent {
        out.push('\n');
        for _ in 0..n * level {
            out.push(' ');
        }
    }
}

pub(crate) fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_javascript() {
        assert_eq!(number_to_string(5.0), "5");
        assert_eq!(number_to_string(1e21), "1e+21");
        assert_eq!(number_to_string(1e-7), "1e-7");
        assert_eq!(number_to_string(0.000001), "0.000001");
        assert_eq!(number_to_string(123.456), "123.456");
        assert_eq!(number_to_string(-0.5), "-0.5");
        assert_eq!(number_to_string(1.5e300), "1.5e+300");
        assert_eq!(
            number_to_string(9.33262154439441e155),
            "9.33262154439441e+155"
        );
        assert_eq!(number_to_string(100.0), "100");
        assert_eq!(number_to_string(0.1 + 0.2), "0.30000000000000004");
    }

    #[test]
    fn stringify_matches_javascript() {
        let v = serde_json::json!({"a": [1, 2.5, "x\n"], "b": {}, "c": 1e21});
        assert_eq!(
            to_json_string(&v),
            r#"{"a":[1,2.5,"x\n"],"b":{},"c":1e+21}"#
        );
    }
}
