//! The pattern functions `$match`, `$contains`, `$replace` and `$split`: a
//! pattern is a string, a regex literal, or a function returning match objects
//! (which, like a function replacement, is called back through the evaluator).

use super::args::{arg, num_arg, str_arg};
use crate::builtins::Builtin;
use crate::error::{Error, R};
use crate::eval::Ctx;
use crate::json_out::number_to_string;
use crate::ops::{check_string_len, match_object};
use crate::regex::{Found, RegexDef};
use crate::value::{FrameId, Func, V, Value};

enum Pattern<'x, 'a> {
    Str(&'x str),
    Regex(&'x RegexDef),
    Custom(&'x Value<'a>),
}

fn pattern<'x, 'a>(v: &'x V<'a>) -> Option<Pattern<'x, 'a>> {
    match v {
        Some(f @ Value::Func(func)) => match &**func {
            Func::Regex(def) => Some(Pattern::Regex(def)),
            _ => Some(Pattern::Custom(f)),
        },
        Some(v) => v.as_str().map(Pattern::Str),
        None => None,
    }
}

/// Every match of a regex in `text` (at most `limit`), the work charged to the
/// evaluation's clock.
fn all_matches(ctx: &Ctx<'_>, def: &RegexDef, text: &str, limit: Option<usize>) -> R<Vec<Found>> {
    def.find_all(text, limit, &mut |scanned| ctx.charge(scanned))
}

fn limit_arg(args: &[V<'_>], i: usize, code: &str) -> R<Option<usize>> {
    match num_arg(args, i) {
        None => Ok(None),
        Some(l) if l < 0.0 => Err(Error::new(code).value(number_to_string(l))),
        Some(l) => Ok(Some(l.min(1e9) as usize)),
    }
}

pub(crate) fn call<'a>(ctx: &Ctx<'a>, b: Builtin, args: Vec<V<'a>>, env: FrameId) -> R<V<'a>> {
    use Builtin as B;
    let Some(text) = str_arg(&args, 0) else {
        return Ok(None);
    };
    let pat_v = arg(&args, 1);
    match b {
        B::Contains => match pattern(&pat_v) {
            Some(Pattern::Str(p)) => Ok(Some(Value::Bool(text.contains(p)))),
            Some(Pattern::Regex(def)) => Ok(Some(Value::Bool(def.find_at(text, 0)?.is_some()))),
            Some(Pattern::Custom(f)) => Ok(Some(Value::Bool(
                !custom_found(ctx, f, text, Some(1), env)?.is_empty(),
            ))),
            None => Ok(None),
        },
        B::Match => {
            let limit = limit_arg(&args, 2, "D3040")?;
            let found = match pattern(&pat_v) {
                Some(Pattern::Regex(def)) => all_matches(ctx, def, text, limit)?,
                Some(Pattern::Custom(f)) => custom_found(ctx, f, text, limit, env)?,
                _ => return Ok(None),
            };
            Ok(Some(Value::seq(
                found.iter().map(|m| match_object(text, m, false)).collect(),
            )))
        }
        B::Split => {
            let limit = limit_arg(&args, 2, "D3020")?;
            let parts: Vec<Value<'a>> = match pattern(&pat_v) {
                Some(Pattern::Str(sep)) => {
                    let mut v: Vec<Value<'a>> = if sep.is_empty() {
                        text.chars()
                            .map(|c| Value::str(c.encode_utf8(&mut [0; 4])))
                            .collect()
                    } else {
                        text.split(sep).map(Value::str).collect()
                    };
                    if let Some(l) = limit {
                        v.truncate(l);
                    }
                    v
                }
                Some(p @ (Pattern::Regex(_) | Pattern::Custom(_))) => {
                    let found = match p {
                        Pattern::Regex(def) => all_matches(ctx, def, text, limit)?,
                        Pattern::Custom(f) => custom_found(ctx, f, text, limit, env)?,
                        Pattern::Str(_) => Vec::new(),
                    };
                    let mut v = Vec::new();
                    let mut start = 0;
                    for m in &found {
                        v.push(Value::str(text.get(start..m.start).unwrap_or("")));
                        start = m.end;
                    }
                    if limit.is_none_or(|l| found.len() < l) {
                        v.push(Value::str(text.get(start..).unwrap_or("")));
                    }
                    v
                }
                None => return Ok(None),
            };
            Ok(Some(Value::array(parts)))
        }
        B::Replace => {
            if matches!(pattern(&pat_v), Some(Pattern::Str(""))) {
                return Err(Error::new("D3010").value("\"\""));
            }
            let limit = limit_arg(&args, 3, "D3011")?;
            let repl = arg(&args, 2);
            match pattern(&pat_v) {
                Some(Pattern::Str(p)) => {
                    let r = repl
                        .as_ref()
                        .and_then(|r| r.as_str())
                        .unwrap_or("")
                        .to_string();
                    let mut out = String::new();
                    let mut rest = text;
                    let mut count = 0;
                    while limit.is_none_or(|l| count < l) {
                        let Some(i) = rest.find(p) else { break };
                        out.push_str(rest.get(..i).unwrap_or(""));
                        out.push_str(&r);
                        check_string_len(out.len())?;
                        rest = rest.get(i + p.len()..).unwrap_or("");
                        count += 1;
                    }
                    out.push_str(rest);
                    Ok(Some(Value::string(out)))
                }
                Some(p @ (Pattern::Regex(_) | Pattern::Custom(_))) => {
                    let found = match p {
                        _ if limit == Some(0) => Vec::new(),
                        Pattern::Regex(def) => all_matches(ctx, def, text, limit)?,
                        Pattern::Custom(f) => custom_found(ctx, f, text, limit, env)?,
                        Pattern::Str(_) => Vec::new(),
                    };
                    let mut out = String::new();
                    let mut pos = 0;
                    for m in &found {
                        out.push_str(text.get(pos..m.start).unwrap_or(""));
                        match &repl {
                            Some(Value::Func(_)) => {
                                let mo = match_object(text, m, true);
                                let r = ctx.apply(
                                    repl.as_ref().unwrap_or(&Value::Null),
                                    vec![Some(mo)],
                                    None,
                                    env,
                                )?;
                                match r.as_ref().and_then(|v| v.as_str()) {
                                    Some(x) => out.push_str(x),
                                    None => {
                                        return Err(Error::new("D3012"));
                                    }
                                }
                            }
                            other => {
                                let r = other.as_ref().and_then(|v| v.as_str()).unwrap_or("");
                                out.push_str(&substitute(r, text, m));
                                check_string_len(out.len())?;
                            }
                        }
                        pos = m.end;
                    }
                    out.push_str(text.get(pos..).unwrap_or(""));
                    Ok(Some(Value::string(out)))
                }
                None => Ok(None),
            }
        }
        _ => Ok(None),
    }
}

/// Expands `$0`, `$1`… and `$$` in a replacement string.
fn substitute(repl: &str, text: &str, m: &Found) -> String {
    let groups: Vec<&str> = m
        .groups
        .iter()
        .map(|g| g.and_then(|(a, b)| text.get(a..b)).unwrap_or(""))
        .collect();
    let whole = text.get(m.start..m.end).unwrap_or("");
    let chars: Vec<char> = repl.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or('$');
        if c != '$' {
            out.push(c);
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied();
        match next {
            Some('$') => {
                out.push('$');
                i += 2;
            }
            Some('0') => {
                out.push_str(whole);
                i += 2;
            }
            Some(d) if d.is_ascii_digit() => {
                let max_digits = if groups.is_empty() {
                    1
                } else {
                    (groups.len() as f64).log10().floor() as usize + 1
                };
                let mut digits: String = chars
                    .iter()
                    .skip(i + 1)
                    .take(max_digits)
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                let mut idx: usize = digits.parse().unwrap_or(0);
                if max_digits > 1 && idx > groups.len() && digits.len() > 1 {
                    digits.pop();
                    idx = digits.parse().unwrap_or(0);
                }
                if !groups.is_empty() && idx >= 1 {
                    if let Some(g) = groups.get(idx - 1) {
                        out.push_str(g);
                    }
                }
                i += 1 + digits.len();
            }
            _ => {
                out.push('$');
                i += 1;
            }
        }
    }
    out
}

/// Runs a user-supplied matcher function (returning `{match, start, end,
/// groups, next}`) to a list of matches.
fn custom_found<'a>(
    ctx: &Ctx<'a>,
    f: &Value<'a>,
    text: &str,
    limit: Option<usize>,
    env: FrameId,
) -> R<Vec<Found>> {
    let mut out = Vec::new();
    let mut m = ctx.apply(f, vec![Some(Value::str(text))], None, env)?;
    while let Some(mv) = m {
        if limit.is_some_and(|l| out.len() >= l) {
            break;
        }
        let start = mv.get_field("start").and_then(|v| v.as_num());
        let end = mv.get_field("end").and_then(|v| v.as_num());
        let groups = mv.get_field("groups");
        let next = mv.get_field("next");
        let valid = start.is_some()
            || end.is_some()
            || groups.as_ref().is_some_and(|g| g.is_array())
            || matches!(next, Some(Value::Func(_)));
        if !valid || !mv.is_object() {
            return Err(Error::new("T1010"));
        }
        let to_byte = |u: f64| -> usize {
            let mut units = 0usize;
            for (b, c) in text.char_indices() {
                if units as f64 >= u {
                    return b;
                }
                units += c.len_utf16();
            }
            text.len()
        };
        let sb = to_byte(start.unwrap_or(0.0));
        let eb = to_byte(end.unwrap_or(0.0)).max(sb);
        out.push(Found {
            start: sb,
            end: eb,
            groups: Vec::new(),
        });
        m = match next {
            Some(next @ Value::Func(_)) => ctx.apply(&next, Vec::new(), None, env)?,
            _ => None,
        };
        ctx.tick()?;
    }
    Ok(out)
}
