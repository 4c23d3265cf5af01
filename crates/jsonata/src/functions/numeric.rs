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

/// Multiplies by 10^p through the decimal string, as the reference does: the
/// result is the double nearest to (the shortest decimal text of `x`) × 10^p.
fn shift(x: f64, p: i32) -> f64 {
    shift_exact(x, p).unwrap_or_else(|| shift_text(x, p))
}

/// Exact powers of ten as doubles.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// [`shift`] without text when the result is one correctly rounded operation: the
/// decimal text of `x` is `d × 10^e` with `d` below 2^53, and `e + p` within ±22,
/// so `d` and the power of ten are exact doubles and one multiplication or division
/// rounds to the same double the text would parse to. `None` otherwise.
fn shift_exact(x: f64, p: i32) -> Option<f64> {
    const EXACT: u64 = 1 << 53;
    if x == 0.0 {
        return Some(0.0);
    }
    if !x.is_finite() {
        return None;
    }
    // integral values are written out in full (not as their shortest digits)
    let (d, e) = if x.fract() == 0.0 {
        if x.abs() >= EXACT as f64 {
            return None;
        }
        (x.abs() as u64, 0i32)
    } else {
        shortest_decimal(x.abs())?
    };
    if d >= EXACT {
        return None;
    }
    let scale = e.checked_add(p)?;
    let pow = *POW10.get(scale.unsigned_abs() as usize)?;
    let m = if scale >= 0 {
        d as f64 * pow
    } else {
        d as f64 / pow
    };
    Some(if x < 0.0 { -m } else { m })
}

/// The shortest round-trip decimal digits of a positive finite `x` as an integer and
/// its exponent (`x ≈ d × 10^e`), without allocating. `None` past 19 digits.
fn shortest_decimal(x: f64) -> Option<(u64, i32)> {
    // ryu writes the shortest digits as `123.45`, `0.001` or `1.5e-7`
    let mut buf = ryu::Buffer::new();
    let text = buf.format_finite(x).as_bytes();
    let (mant, exp) = match text.iter().position(|&c| c == b'e') {
        Some(at) => {
            let (mant, exp) = text.split_at(at);
            let exp: i32 = std::str::from_utf8(exp.get(1..)?).ok()?.parse().ok()?;
            (mant, exp)
        }
        None => (text, 0),
    };
    let mut d: u64 = 0;
    let mut fraction_digits = 0i32;
    let mut after_point = false;
    for &c in mant {
        match c {
            b'.' => after_point = true,
            b'0'..=b'9' => {
                d = d.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
                if after_point {
                    fraction_digits += 1;
                }
            }
            _ => return None,
        }
    }
    Some((d, exp - fraction_digits))
}

fn shift_text(x: f64, p: i32) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::{shift_exact, shift_text};
    use proptest::prelude::*;

    fn agree(x: f64, p: i32) {
        if let Some(fast) = shift_exact(x, p) {
            let slow = shift_text(x, p);
            assert_eq!(
                fast.to_bits(),
                slow.to_bits(),
                "shift({x:e}, {p}): {fast:e} vs {slow:e}"
            );
        }
    }

    #[test]
    fn shift_exact_agrees_with_the_text_on_edges() {
        for x in [
            0.5,
            1.005,
            2.675,
            1.45,
            -1.45,
            0.1,
            0.2 + 0.1,
            123.456,
            9007199254740991.0,
            9007199254740993.0,
            1e21,
            1e-7,
            5e-324,
            1.7976931348623157e308,
            12345.678901234567,
            -0.0,
            4.35,
            1234.5678,
        ] {
            for p in -25..=25 {
                agree(x, p);
            }
        }
    }

    proptest! {
        #[test]
        fn shift_exact_agrees_with_the_text(bits in any::<u64>(), p in -24i32..24) {
            agree(f64::from_bits(bits), p);
        }

        #[test]
        fn shift_exact_agrees_on_money(cents in -10_000_000_000i64..10_000_000_000, q in 1u32..7, p in -6i32..6) {
            agree(cents as f64 / 10f64.powi(q as i32), p);
        }
    }
}
