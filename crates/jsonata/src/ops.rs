//! Operations on values that the evaluator and the built-ins share: truthiness,
//! equality, ordering, sequence building (`append`, flattening), field lookup,
//! deep copies, size caps and the short rendering used in error messages.

use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::AtomicU32;

use serde_json::Value as J;

use crate::error::{Error, R};
use crate::regex::{Found, RegexDef, utf16_index};
use crate::value::{MAX_VALUE_DEPTH, OUTER, Obj, SEQ, V, Value, json_get_hinted, too_deep};

/// Copies a value so that every object and array is owned (has an identity).
pub(crate) fn deep_own<'a>(v: &Value<'a>) -> R<Value<'a>> {
    deep_own_at(v, 0)
}

fn deep_own_at<'a>(v: &Value<'a>, depth: usize) -> R<Value<'a>> {
    if depth > MAX_VALUE_DEPTH {
        return Err(too_deep());
    }
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || deep_own_inner(v, depth))
}

fn deep_own_inner<'a>(v: &Value<'a>, depth: usize) -> R<Value<'a>> {
    Ok(match v {
        Value::Json(J::Object(m)) => {
            let mut o = Obj::with_capacity_and_hasher(m.len(), Default::default());
            for (k, x) in m {
                o.insert(
                    Arc::from(k.as_str()),
                    deep_own_at(&Value::from_json(x), depth + 1)?,
                );
            }
            Value::object(o)
        }
        Value::Json(J::Array(a)) => Value::array(
            a.iter()
                .map(|x| deep_own_at(&Value::from_json(x), depth + 1))
                .collect::<R<Vec<_>>>()?,
        ),
        Value::Object(m) => {
            let mut o = Obj::with_capacity_and_hasher(m.len(), Default::default());
            for (k, x) in m.iter() {
                o.insert(k.clone(), deep_own_at(x, depth + 1)?);
            }
            Value::object(o)
        }
        Value::Array(a, f) => Value::Array(
            Rc::new(
                a.iter()
                    .map(|x| deep_own_at(x, depth + 1))
                    .collect::<R<Vec<_>>>()?,
            ),
            *f,
        ),
        other => other.clone(),
    })
}

/// Stable merge sort with a fallible "a sorts after b" comparator.
pub(crate) fn merge_sort<T>(items: Vec<T>, after: &dyn Fn(&T, &T) -> R<bool>) -> R<Vec<T>> {
    if items.len() <= 1 {
        return Ok(items);
    }
    let mut items = items;
    let right = items.split_off(items.len() / 2);
    let left = merge_sort(items, after)?;
    let right = merge_sort(right, after)?;
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut l = left.into_iter().peekable();
    let mut r = right.into_iter().peekable();
    loop {
        match (l.peek(), r.peek()) {
            (Some(a), Some(b)) => {
                if after(a, b)? {
                    if let Some(x) = r.next() {
                        out.push(x);
                    }
                } else if let Some(x) = l.next() {
                    out.push(x);
                }
            }
            (Some(_), None) => out.extend(l.by_ref()),
            (None, Some(_)) => out.extend(r.by_ref()),
            (None, None) => break,
        }
    }
    Ok(out)
}

/// JavaScript string comparison (UTF-16 code unit order).
pub(crate) fn cmp_str(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Property lookup as in `fn.lookup`: maps over arrays, flattening results.
pub(crate) fn lookup_field<'a>(input: Option<&Value<'a>>, key: &str, hint: &AtomicU32) -> V<'a> {
    match input? {
        Value::Json(J::Object(m)) => json_get_hinted(m, key, hint).map(Value::from_json),
        Value::Object(m) => m.get(key).cloned(),
        v @ (Value::Array(..) | Value::Json(J::Array(_))) => {
            let mut out = Vec::new();
            for item in v.to_vec() {
                if let Some(r) = lookup_field(Some(&item), key, hint) {
                    push_flat(&mut out, r);
                }
            }
            Some(Value::seq(out))
        }
        _ => None,
    }
}

pub(crate) fn push_flat<'a>(out: &mut Vec<Value<'a>>, v: Value<'a>) {
    match v {
        Value::Array(items, _) => out.extend(items.iter().cloned()),
        Value::Json(J::Array(a)) => out.extend(a.iter().map(Value::from_json)),
        other => out.push(other),
    }
}

fn flatten_into<'a>(out: &mut Vec<Value<'a>>, v: Value<'a>) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
        if v.is_array() {
            for x in v.to_vec() {
                flatten_into(out, x);
            }
        } else {
            out.push(v);
        }
    })
}

pub(crate) fn wildcard<'a>(input: Option<&Value<'a>>) -> V<'a> {
    let mut input = input?.clone();
    if let Value::Array(items, f) = &input {
        if f & OUTER != 0 {
            if let Some(first) = items.first() {
                input = first.clone();
            }
        }
    }
    let mut out = Vec::new();
    let members: Vec<Value<'a>> = if input.is_array() {
        input.to_vec()
    } else {
        input.entries().into_iter().map(|(_, v)| v).collect()
    };
    for v in members {
        if v.is_array() {
            let mut flat = Vec::new();
            flatten_into(&mut flat, v);
            out.extend(flat);
        } else {
            out.push(v);
        }
    }
    Some(Value::seq(out))
}

pub(crate) fn descendants<'a>(input: Option<&Value<'a>>) -> V<'a> {
    let input = input?;
    let mut out = Vec::new();
    recurse_descendants(input, &mut out);
    if out.len() == 1 {
        return out.pop();
    }
    Some(Value::seq(out))
}

fn recurse_descendants<'a>(v: &Value<'a>, out: &mut Vec<Value<'a>>) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
        if v.is_array() {
            for x in v.to_vec() {
                recurse_descendants(&x, out);
            }
        } else {
            out.push(v.clone());
            if v.is_object() {
                for (_, x) in v.entries() {
                    recurse_descendants(&x, out);
                }
            }
        }
    })
}

/// `fn.append`: concatenates, wrapping non-arrays.
pub(crate) fn append<'a>(a: V<'a>, b: V<'a>) -> V<'a> {
    match (a, b) {
        (None, b) => b,
        (a, None) => a,
        (Some(a), Some(b)) => {
            let mut out = a.into_vec();
            push_flat(&mut out, b);
            Some(Value::array(out))
        }
    }
}

/// Longest string an evaluation may build (bytes).
pub(crate) const MAX_STRING_LEN: usize = 1 << 26;
/// Most items an evaluation may put in one array.
pub(crate) const MAX_ARRAY_LEN: usize = 10_000_000;

pub(crate) fn check_string_len(len: usize) -> R<()> {
    if len > MAX_STRING_LEN {
        return Err(
            Error::new("D2015").message(format!("String length exceeds {MAX_STRING_LEN} bytes"))
        );
    }
    Ok(())
}

pub(crate) fn check_array_len(len: usize) -> R<()> {
    if len > MAX_ARRAY_LEN {
        return Err(
            Error::new("D2015").message(format!("Sequence length exceeds {MAX_ARRAY_LEN} items"))
        );
    }
    Ok(())
}

/// `fn.boolean`: JSONata truthiness (undefined stays undefined).
pub(crate) fn boolean(v: Option<&Value<'_>>) -> Option<bool> {
    let v = v?;
    Some(match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Num(n) => *n != 0.0 && !n.is_nan(),
        Value::Str(s) => !s.is_empty(),
        Value::Json(J::String(s)) => !s.is_empty(),
        Value::Array(..) | Value::Json(J::Array(_)) => {
            let len = v.array_len().unwrap_or(0);
            if len == 1 {
                boolean(v.array_get(0).as_ref()).unwrap_or(false)
            } else {
                v.to_vec().iter().any(|x| boolean(Some(x)) == Some(true))
            }
        }
        Value::Object(m) => !m.is_empty(),
        Value::Json(J::Object(m)) => !m.is_empty(),
        Value::Json(_) => false,
        Value::Func(_) | Value::TailCall(_) => false,
        Value::Tuples(t) => !t.is_empty(),
    })
}

pub(crate) fn boolize(v: Option<&Value<'_>>) -> bool {
    boolean(v).unwrap_or(false)
}

/// `$exists` semantics on a defined value.
pub(crate) fn exists(v: &Value<'_>) -> bool {
    match v {
        Value::Array(items, f) if f & SEQ != 0 => !items.is_empty(),
        _ => true,
    }
}

pub(crate) fn strict_equal(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Null, Value::Null) => true,
        _ => match (a.as_str(), b.as_str()) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

/// Deep equality as `isDeepEqual`.
pub(crate) fn deep_equal(a: &Value<'_>, b: &Value<'_>) -> bool {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
        if a.is_array() && b.is_array() {
            let (x, y) = (a.to_vec(), b.to_vec());
            return x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| deep_equal(p, q));
        }
        if a.is_object() && b.is_object() {
            let (x, y) = (a.entries(), b.entries());
            if x.len() != y.len() {
                return false;
            }
            return x
                .iter()
                .all(|(k, v)| b.get_field(k).is_some_and(|w| deep_equal(v, &w)));
        }
        if let (Value::Func(f), Value::Func(g)) = (a, b) {
            return Rc::ptr_eq(f, g);
        }
        strict_equal(a, b)
    })
}

pub(crate) fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A short JSON rendering of a value for error messages.
pub(crate) fn display(v: &Value<'_>) -> String {
    let s = v
        .to_json()
        .map(|j| crate::json_out::to_json_string(&j))
        .unwrap_or_default();
    if s.chars().count() > 100 {
        s.chars().take(100).collect::<String>() + "…"
    } else {
        s
    }
}

/// The object a regex produces when called as a function.
pub(crate) fn regex_match_object<'a>(def: &RegexDef, text: &str, from: usize) -> R<V<'a>> {
    Ok(def
        .find_at(text, from)?
        .map(|m| match_object(text, &m, true)))
}

pub(crate) fn match_object<'a>(text: &str, m: &Found, with_range: bool) -> Value<'a> {
    let mut o = Obj::default();
    o.insert(
        Arc::from("match"),
        Value::str(text.get(m.start..m.end).unwrap_or("")),
    );
    if with_range {
        o.insert(
            Arc::from("start"),
            Value::Num(utf16_index(text, m.start) as f64),
        );
        o.insert(
            Arc::from("end"),
            Value::Num(utf16_index(text, m.end) as f64),
        );
    } else {
        o.insert(
            Arc::from("index"),
            Value::Num(utf16_index(text, m.start) as f64),
        );
    }
    let groups = m
        .groups
        .iter()
        .map(|g| match g {
            Some((a, b)) => Value::str(text.get(*a..*b).unwrap_or("")),
            None => Value::str(""),
        })
        .collect();
    o.insert(Arc::from("groups"), Value::array(groups));
    Value::object(o)
}
