//! Higher-order functions: `$map`, `$filter`, `$single`, `$reduce`, `$sift`,
//! `$each`, `$sort`.

use super::args::arg;
use crate::builtins::Builtin;
use crate::error::{Error, R};
use crate::eval::Ctx;
use crate::ops::{boolean, cmp_str, merge_sort};
use crate::value::{FrameId, Obj, V, Value};

fn arity(f: &Value<'_>) -> usize {
    match f {
        Value::Func(func) => func.arity(),
        _ => 0,
    }
}

/// Arguments (value, index, whole) trimmed to the function's arity.
fn hof_args<'a>(f: &Value<'a>, v: Value<'a>, i: Value<'a>, all: &Value<'a>) -> Vec<V<'a>> {
    let n = arity(f);
    let mut out = vec![Some(v)];
    if n >= 2 {
        out.push(Some(i));
    }
    if n >= 3 {
        out.push(Some(all.clone()));
    }
    out
}

pub(crate) fn call<'a>(ctx: &Ctx<'a>, b: Builtin, args: Vec<V<'a>>, env: FrameId) -> R<V<'a>> {
    let first = arg(&args, 0);
    let f = arg(&args, 1);
    match b {
        Builtin::Map | Builtin::Filter | Builtin::Single => {
            let Some(list) = first else { return Ok(None) };
            // the items are taken one at a time from the list as it is: no copy of it
            let len = list.array_len().unwrap_or(1);
            let mut out = Vec::with_capacity(if b == Builtin::Map { len } else { 0 });
            let mut found: Option<Value<'a>> = None;
            for i in 0..len {
                ctx.tick()?;
                let item = list.array_get(i).unwrap_or_else(|| list.clone());
                let res = match &f {
                    Some(f) => ctx.apply(
                        f,
                        hof_args(f, item.clone(), Value::Num(i as f64), &list),
                        None,
                        env,
                    )?,
                    None => Some(Value::Bool(true)),
                };
                match b {
                    Builtin::Map => {
                        if let Some(r) = res {
                            out.push(r);
                        }
                    }
                    Builtin::Filter => {
                        if boolean(res.as_ref()) == Some(true) {
                            out.push(item);
                        }
                    }
                    _ => {
                        if boolean(res.as_ref()) == Some(true) {
                            if found.is_some() {
                                return Err(Error::new("D3138"));
                            }
                            found = Some(item);
                        }
                    }
                }
            }
            if b == Builtin::Single {
                return match found {
                    Some(v) => Ok(Some(v)),
                    None => Err(Error::new("D3139")),
                };
            }
            Ok(Some(Value::seq(out)))
        }
        Builtin::Reduce => {
            let Some(list) = first else { return Ok(None) };
            let Some(f) = f else { return Ok(None) };
            let n = arity(&f);
            if n < 2 {
                return Err(Error::new("D3050"));
            }
            let items = list.to_vec();
            let init = arg(&args, 2);
            let (mut acc, start) = match init {
                None if !items.is_empty() => (items.first().cloned(), 1),
                other => (other, 0),
            };
            for (i, item) in items.iter().enumerate().skip(start) {
                ctx.tick()?;
                let mut a = vec![acc, Some(item.clone())];
                if n >= 3 {
                    a.push(Some(Value::Num(i as f64)));
                }
                if n >= 4 {
                    a.push(Some(list.clone()));
                }
                acc = ctx.apply(&f, a, None, env)?;
            }
            Ok(acc)
        }
        Builtin::Sift | Builtin::Each => {
            let Some(obj) = first else { return Ok(None) };
            let Some(f) = f else { return Ok(None) };
            let mut out_obj = Obj::default();
            let mut out = Vec::new();
            for (k, v) in obj.entries() {
                ctx.tick()?;
                let res = ctx.apply(
                    &f,
                    hof_args(&f, v.clone(), Value::Str(k.clone()), &obj),
                    None,
                    env,
                )?;
                if b == Builtin::Sift {
                    if boolean(res.as_ref()) == Some(true) {
                        out_obj.insert(k, v);
                    }
                } else if let Some(r) = res {
                    out.push(r);
                }
            }
            if b == Builtin::Sift {
                return Ok(if out_obj.is_empty() {
                    None
                } else {
                    Some(Value::object(out_obj))
                });
            }
            Ok(Some(Value::seq(out)))
        }
        Builtin::Sort => {
            let Some(list) = first else { return Ok(None) };
            if list.array_len().unwrap_or(0) <= 1 {
                return Ok(Some(list));
            }
            let items = list.to_vec();
            let sorted = match &f {
                None => {
                    let all_num = items.iter().all(|x| x.is_number());
                    let all_str = items.iter().all(|x| x.is_string());
                    if !all_num && !all_str {
                        return Err(Error::new("D3070"));
                    }
                    merge_sort(items, &|a: &Value<'a>, b: &Value<'a>| {
                        Ok(match (a, b) {
                            (Value::Num(x), Value::Num(y)) => x > y,
                            _ => {
                                cmp_str(a.as_str().unwrap_or(""), b.as_str().unwrap_or(""))
                                    == std::cmp::Ordering::Greater
                            }
                        })
                    })?
                }
                Some(f) => merge_sort(items, &|a: &Value<'a>, b: &Value<'a>| {
                    ctx.tick()?;
                    let r = ctx.apply(f, vec![Some(a.clone()), Some(b.clone())], None, env)?;
                    Ok(boolean(r.as_ref()) == Some(true))
                })?,
            };
            Ok(Some(Value::array(sorted)))
        }
        _ => Ok(None),
    }
}
