//! Array functions.

use std::cell::Cell;

use super::args::arg;
use crate::builtins::Builtin;
use crate::error::R;
use crate::ops::{append, check_array_len, deep_equal};
use crate::value::{SEQ, V, Value};

pub(crate) fn call<'a>(rng: &Cell<u64>, b: Builtin, args: Vec<V<'a>>) -> R<V<'a>> {
    match b {
        Builtin::Zip => {
            let lists: Vec<Vec<Value<'a>>> = args
                .iter()
                .map(|a| match a {
                    Some(v) if v.is_array() => v.to_vec(),
                    _ => Vec::new(),
                })
                .collect();
            let len = lists.iter().map(Vec::len).min().unwrap_or(0);
            let out = (0..len)
                .map(|i| Value::array(lists.iter().filter_map(|l| l.get(i).cloned()).collect()))
                .collect();
            Ok(Some(Value::array(out)))
        }
        Builtin::Append => {
            let len = |i: usize| arg(&args, i).map_or(0, |v| v.array_len().unwrap_or(1));
            check_array_len(len(0) + len(1))?;
            Ok(append(arg(&args, 0), arg(&args, 1)))
        }
        Builtin::Reverse => {
            let Some(v) = arg(&args, 0) else {
                return Ok(None);
            };
            if v.array_len().unwrap_or(0) <= 1 {
                return Ok(Some(v));
            }
            let mut items = v.to_vec();
            items.reverse();
            Ok(Some(Value::array(items)))
        }
        Builtin::Shuffle => {
            let Some(v) = arg(&args, 0) else {
                return Ok(None);
            };
            if v.array_len().unwrap_or(0) <= 1 {
                return Ok(Some(v));
            }
            let mut items = v.to_vec();
            for i in (1..items.len()).rev() {
                let j = (super::numeric::random(rng) * (i + 1) as f64) as usize;
                items.swap(i, j.min(i));
            }
            Ok(Some(Value::array(items)))
        }
        Builtin::Distinct => {
            let Some(v) = arg(&args, 0) else {
                return Ok(None);
            };
            if !v.is_array() || v.array_len().unwrap_or(0) <= 1 {
                return Ok(Some(v));
            }
            let seq = v.flags() & SEQ != 0;
            let mut out: Vec<Value<'a>> = Vec::new();
            for item in v.to_vec() {
                if !out.iter().any(|x| deep_equal(x, &item)) {
                    out.push(item);
                }
            }
            Ok(Some(if seq {
                Value::seq(out)
            } else {
                Value::array(out)
            }))
        }
        _ => Ok(None),
    }
}
