//! Numeric functions and aggregates.

use std::cell::Cell;

use super::args::{arg, num_arg};
use crate::builtins::Builtin;
use crate::error::{Error, R};
use crate::json_out::number_to_string;
use crate::ops::display;
use crate::value::{V, Value};

fn nums(args: &[V<'_>]) -> Option<Vec<f64>> {
    let v = arg(args, 0)?;
    Some(v.to_vec().iter().filter_map(|x| x.as_num()).collect())
}

pub(crate) fn aggregate<'a>(b: Builtin, args: &[V<'a>]) -> R<V<'a>> {
    if b == Builtin::Count {
        return Ok(Some(Value::Num(
            arg(args, 0).map_or(0, |v| v.array_len().unwrap_or(1)) as f64,
        )));
    }
    let Some(ns) = nums(args) else {
        return Ok(None);
    };
    Ok(match b {
        Builtin::Sum => Some(Value::Num(ns.iter().sum())),
        Builtin::Max => ns.iter().copied().reduce(f64::max).map(Value::Num),
        Builtin::Min => ns.iter().copied().reduce(f64::min).map(Value::Num),
        _ => {
            if ns.is_empty() {
                None
            } else {
                Some(Value::Num(ns.iter().sum::<f64>() / ns.len() as f64))
            }
        }
    })
}

/// `$number` casting rules.
pub(crate) fn to_number(v: &Value<'_>) -> Option<f64> {
    match v {
        Value::Num(n) => Some(*n),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        _ => {
            let s = v.as_str()?;
            if is_decimal(s) {
                let n: f64 = s.parse().ok()?;
                return n.is_finite().then_some(n);
            }
            let (radix, digits) = match s.get(..2) {
                Some("0x" | "0X") => (16, s.get(2..)?),
                Some("0o" | "0O") => (8, s.get(2..)?),
                Some("0b" | "0B") => (2, s.get(2..)?),
                _ => return None,
            };
            if digits.is_empty() {
                return None;
            }
            let mut n = 0f64;
            for c in digits.chars() {
                n = n * radix as f64 + c.to_digit(radix)? as f64;
            }
            Some(n)
        }
    }
}

fn is_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i += 1;
    }
    let start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if i == start {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let fs = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == fs {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let es = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == es {
            return false;
        }
    }
    i == b.len()
}

/// Round half to even at `precision` decimal places, as `$round`.
pub(crate) fn round(x: f64, precision: f64) -> f64 {
    let p = precision.trunc() as i32;
    let shifted = if p != 0 { shift(x, p) } else { x };
    let mut r = shifted.round();
    let diff = r - shifted;
    if diff.abs() == 0.5 && (r % 2.0).abs() == 1.0 {
        r -= 1.0;
    }
    // JavaScript's Math.round rounds half up (towards +inf)
    if (shifted - shifted.trunc()).abs() == 0.5 && shifted < 0.0 {
        r = shifted.ceil();
        if (r % 2.0).abs() == 1.0 {
            r -= 1.0;
        }
    }
    let out = if p != 0 {
        shift(r, p.saturating_neg())
    } else {
        r
    };
    if out == 0.0 { 0.0 } else { out }
}

/// Multiplies by 10^p through the decimal string, as the reference does.
fn shift(x: f64, p: i32) -> f64 {
    let s = number_to_string(x);
    let (mant, exp) = match s.split_once('e') {
        Some((m, e)) => (m.to_string(), e.parse::<i32>().unwrap_or(0)),
        None => (s.clone(), 0),
    };
    format!("{mant}e{}", i64::from(exp) + i64::from(p))
        .parse()
        .unwrap_or(x)
}

pub(crate) fn call<'a>(rng: &Cell<u64>, b: Builtin, args: &[V<'a>]) -> R<V<'a>> {
    if b == Builtin::Random {
        return Ok(Some(Value::Num(random(rng))));
    }
    let Some(v) = arg(args, 0) else {
        return Ok(None);
    };
    if b == Builtin::Number {
        return match to_number(&v) {
            Some(n) => Ok(Some(Value::Num(n))),
            None => Err(Error::new("D3030").value(display(&v))),
        };
    }
    let x = v.as_num().unwrap_or(f64::NAN);
    let r = match b {
        Builtin::Floor => x.floor(),
        Builtin::Ceil => x.ceil(),
        Builtin::Abs => x.abs(),
        Builtin::Round => round(x, num_arg(args, 1).unwrap_or(0.0)),
        Builtin::Sqrt => {
            if x < 0.0 {
                return Err(Error::new("D3060").value(number_to_string(x)));
            }
            x.sqrt()
        }
        Builtin::Power => {
            let e = num_arg(args, 1).unwrap_or(f64::NAN);
            let r = x.powf(e);
            if !r.is_finite() {
                return Err(Error::new("D3061").value(number_to_string(x)));
            }
            r
        }
        _ => return Ok(None),
    };
    Ok(Some(Value::Num(r)))
}

/// xorshift64*: a cheap per-evaluation generator for `$random` and `$shuffle`.
pub(crate) fn random(rng: &Cell<u64>) -> f64 {
    let mut x = rng.get();
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng.set(x);
    let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
    (r >> 11) as f64 / (1u64 << 53) as f64
}
