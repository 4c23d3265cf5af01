//! Object functions.

use std::sync::Arc;

use super::args::{arg, str_arg};
use crate::builtins::Builtin;
use crate::error::R;
use crate::ops::{deep_own, lookup_field};
use crate::value::{Obj, V, Value};

fn keys_of<'a>(v: &Value<'a>, out: &mut Vec<Arc<str>>) {
    if v.is_array() {
        for item in v.to_vec() {
            keys_of(&item, out);
        }
    } else {
        for k in v.keys() {
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
}

fn spread<'a>(v: Value<'a>, out: &mut Vec<Value<'a>>) {
    if v.is_array() {
        for item in v.to_vec() {
            spread(item, out);
        }
    } else if v.is_object() {
        for (k, x) in v.entries() {
            let mut o = Obj::default();
            o.insert(k, x);
            out.push(Value::object(o));
        }
    } else {
        out.push(v);
    }
}

pub(crate) fn call<'a>(b: Builtin, args: Vec<V<'a>>) -> R<V<'a>> {
    match b {
        Builtin::Keys => {
            let Some(v) = arg(&args, 0) else {
                return Ok(None);
            };
            let mut ks = Vec::new();
            keys_of(&v, &mut ks);
            Ok(Some(Value::seq(ks.into_iter().map(Value::Str).collect())))
        }
        Builtin::Lookup => {
            let key = str_arg(&args, 1).unwrap_or("");
            Ok(lookup_field(
                arg(&args, 0).as_ref(),
                key,
                &std::sync::atomic::AtomicU32::new(0),
            ))
        }
        Builtin::Spread => {
            let Some(v) = arg(&args, 0) else {
                return Ok(None);
            };
            if !v.is_array() && !v.is_object() {
                return Ok(Some(v));
            }
            let mut out = Vec::new();
            spread(v, &mut out);
            Ok(Some(Value::seq(out)))
        }
        Builtin::Merge => {
            let Some(v) = arg(&args, 0) else {
                return Ok(None);
            };
            let mut o = Obj::default();
            for item in v.to_vec() {
                for (k, x) in item.entries() {
                    o.insert(k, x);
                }
            }
            Ok(Some(Value::object(o)))
        }
        Builtin::Clone => arg(&args, 0).map(|v| deep_own(&v)).transpose(),
        _ => Ok(None),
    }
}
