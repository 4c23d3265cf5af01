//! String functions, including the regex-aware `$match`, `$contains`,
//! `$replace`, `$split`, and the encodings.

use std::sync::Arc;

use base64::Engine;
use serde_json::Value as J;

use super::{Builtin, arg, num_arg, str_arg};
use crate::error::Error;
use crate::eval::{Ctx, R, V};
use crate::json_out::{number_to_string, write_str};
use crate::regex::{Found, RegexDef, utf16_index};
use crate::value::{FrameId, Func, Obj, Value};

/// `fn.string` without prettification (used by `&` too).
pub(crate) fn to_string(v: &Value<'_>) -> R<String> {
    stringify(v, false)
}

fn stringify(v: &Value<'_>, pretty: bool) -> R<String> {
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
                if other.flags() & crate::value::OUTER != 0 && !a.is_empty() {
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
        other => crate::json_out::write_json(out, other, indent, level),
    })
}

fn nl(out: &mut String, indent: Option<usize>, level: usize) {
    if let Some(n) = indent {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', n * level));
    }
}

fn s<'a>(v: String) -> R<V<'a>> {
    Ok(Some(Value::string(v)))
}

/// JavaScript `slice` on a code point array.
fn slice_chars(chars: &[char], start: f64, end: Option<f64>) -> String {
    let len = chars.len() as f64;
    let norm = |x: f64| {
        let x = x.trunc();
        if x < 0.0 {
            (len + x).max(0.0)
        } else {
            x.min(len)
        }
    };
    let a = norm(start) as usize;
    let b = end.map_or(len as usize, |e| norm(e) as usize);
    if a >= b {
        return String::new();
    }
    chars
        .get(a..b)
        .map(|c| c.iter().collect())
        .unwrap_or_default()
}

pub(crate) fn call<'a>(b: Builtin, args: &[V<'a>]) -> R<V<'a>> {
    use Builtin as B;
    if b == B::String {
        let Some(v) = arg(args, 0) else {
            return Ok(None);
        };
        let pretty = matches!(arg(args, 1), Some(Value::Bool(true)));
        if let Value::Str(_) = v {
            return Ok(Some(v));
        }
        return s(stringify(&v, pretty)?);
    }
    if b == B::Join {
        let Some(list) = arg(args, 0) else {
            return Ok(None);
        };
        let sep = str_arg(args, 1).unwrap_or("");
        let total: usize = list
            .to_vec()
            .iter()
            .map(|x| x.as_str().map_or(0, str::len) + sep.len())
            .sum();
        crate::eval::check_string_len(total)?;
        let parts: Vec<String> = list
            .to_vec()
            .iter()
            .map(|x| x.as_str().unwrap_or("").to_string())
            .collect();
        return s(parts.join(sep));
    }
    let Some(text) = str_arg(args, 0) else {
        return Ok(None);
    };
    match b {
        B::Substring => {
            let chars: Vec<char> = text.chars().collect();
            let len = chars.len() as f64;
            let mut start = num_arg(args, 1).unwrap_or(0.0);
            if len + start < 0.0 {
                start = 0.0;
            }
            match num_arg(args, 2) {
                Some(l) => {
                    if l <= 0.0 || l.is_nan() {
                        return s(String::new());
                    }
                    let end = if start >= 0.0 {
                        start + l
                    } else {
                        len + start + l
                    };
                    s(slice_chars(&chars, start, Some(end)))
                }
                None => s(slice_chars(&chars, start, None)),
            }
        }
        B::SubstringBefore => {
            let pat = str_arg(args, 1).unwrap_or("");
            s(match text.find(pat) {
                Some(i) => text.get(..i).unwrap_or("").to_string(),
                None => text.to_string(),
            })
        }
        B::SubstringAfter => {
            let pat = str_arg(args, 1).unwrap_or("");
            s(match text.find(pat) {
                Some(i) => text.get(i + pat.len()..).unwrap_or("").to_string(),
                None => text.to_string(),
            })
        }
        B::Lowercase => s(text.to_lowercase()),
        B::Uppercase => s(text.to_uppercase()),
        B::Length => Ok(Some(Value::Num(text.chars().count() as f64))),
        B::Trim => {
            let mut out = String::with_capacity(text.len());
            let mut in_ws = false;
            for c in text.chars() {
                if matches!(c, ' ' | '\t' | '\n' | '\r') {
                    if !in_ws {
                        out.push(' ');
                    }
                    in_ws = true;
                } else {
                    out.push(c);
                    in_ws = false;
                }
            }
            let t = out.strip_prefix(' ').unwrap_or(&out);
            let t = t.strip_suffix(' ').unwrap_or(t);
            s(t.to_string())
        }
        B::Pad => {
            let width = num_arg(args, 1).unwrap_or(0.0).trunc();
            let pad = match str_arg(args, 2) {
                Some(p) if !p.is_empty() => p,
                _ => " ",
            };
            let len = text.chars().count() as f64;
            let need = width.abs() - len;
            if need <= 0.0 || !need.is_finite() {
                return s(text.to_string());
            }
            crate::eval::check_string_len(need.min(1e18) as usize)?;
            let need = need as usize;
            let padding: String = pad.chars().cycle().take(need).collect();
            if width > 0.0 {
                s(format!("{text}{padding}"))
            } else {
                s(format!("{padding}{text}"))
            }
        }
        B::Base64Encode => {
            let bytes: Vec<u8> = text.chars().map(|c| (c as u32 & 0xff) as u8).collect();
            s(base64::engine::general_purpose::STANDARD.encode(bytes))
        }
        B::Base64Decode => {
            let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(
                    cleaned.trim_end_matches('=').to_string()
                        + &"=".repeat((4 - cleaned.trim_end_matches('=').len() % 4) % 4),
                )
                .unwrap_or_default();
            s(bytes.iter().map(|b| *b as char).collect())
        }
        B::EncodeUrlComponent => s(encode_uri(text, "-_.!~*'()")),
        B::EncodeUrl => s(encode_uri(text, "-_.!~*'();/?:@&=+$,#")),
        B::DecodeUrlComponent => decode_uri(text, "")
            .map(|d| Some(Value::string(d)))
            .map_err(|_| {
                Error::new("D3140")
                    .token("decodeUrlComponent")
                    .value(quote(text))
            }),
        B::DecodeUrl => decode_uri(text, ";/?:@&=+$,#")
            .map(|d| Some(Value::string(d)))
            .map_err(|_| Error::new("D3140").token("decodeUrl").value(quote(text))),
        _ => Ok(None),
    }
}

fn quote(t: &str) -> String {
    serde_json::to_string(t).unwrap_or_default()
}

fn encode_uri(text: &str, keep: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || keep.contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn decode_uri(text: &str, reserved: &str) -> Result<String, ()> {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(0);
        if b != b'%' {
            out.push(b);
            i += 1;
            continue;
        }
        let hex = text.get(i + 1..i + 3).ok_or(())?;
        let v = u8::from_str_radix(hex, 16).map_err(|_| ())?;
        if v < 0x80 && reserved.contains(v as char) {
            out.extend_from_slice(text.get(i..i + 3).ok_or(())?.as_bytes());
        } else {
            out.push(v);
        }
        i += 3;
    }
    String::from_utf8(out).map_err(|_| ())
}

/// The object a regex produces when called as a function.
pub(crate) fn regex_match_object<'a>(def: &RegexDef, text: &str, from: usize) -> V<'a> {
    let m = def.find_at(text, from)?;
    Some(match_object(text, &m, true))
}

fn match_object<'a>(text: &str, m: &Found, with_range: bool) -> Value<'a> {
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

fn all_matches(def: &RegexDef, text: &str, limit: Option<usize>) -> R<Vec<crate::regex::Found>> {
    def.find_all(text, limit)
        .map_err(|_| Error::new("D1004").value(def.source.clone()))
}

fn limit_arg(args: &[V<'_>], i: usize, code: &str) -> R<Option<usize>> {
    match num_arg(args, i) {
        None => Ok(None),
        Some(l) if l < 0.0 => Err(Error::new(code).value(number_to_string(l))),
        Some(l) => Ok(Some(l.min(1e9) as usize)),
    }
}

pub(crate) fn call_pattern<'a>(
    ctx: &Ctx<'a>,
    b: Builtin,
    args: Vec<V<'a>>,
    env: FrameId,
) -> R<V<'a>> {
    use Builtin as B;
    let Some(text) = str_arg(&args, 0) else {
        return Ok(None);
    };
    let text = text.to_string();
    let pat_v = arg(&args, 1);
    match b {
        B::Contains => match pattern(&pat_v) {
            Some(Pattern::Str(p)) => Ok(Some(Value::Bool(text.contains(p)))),
            Some(Pattern::Regex(def)) => Ok(Some(Value::Bool(def.find_at(&text, 0).is_some()))),
            Some(Pattern::Custom(f)) => Ok(Some(Value::Bool(
                !custom_found(ctx, f, &text, Some(1), env)?.is_empty(),
            ))),
            None => Ok(None),
        },
        B::Match => {
            let limit = limit_arg(&args, 2, "D3040")?;
            let found = match pattern(&pat_v) {
                Some(Pattern::Regex(def)) => all_matches(def, &text, limit)?,
                Some(Pattern::Custom(f)) => custom_found(ctx, f, &text, limit, env)?,
                _ => return Ok(None),
            };
            Ok(Some(Value::seq(
                found
                    .iter()
                    .map(|m| match_object(&text, m, false))
                    .collect(),
            )))
        }
        B::Split => {
            let limit = limit_arg(&args, 2, "D3020")?;
            let parts: Vec<String> = match pattern(&pat_v) {
                Some(Pattern::Str(sep)) => {
                    let mut v: Vec<String> = if sep.is_empty() {
                        text.chars().map(|c| c.to_string()).collect()
                    } else {
                        text.split(sep).map(str::to_string).collect()
                    };
                    if let Some(l) = limit {
                        v.truncate(l);
                    }
                    v
                }
                Some(p @ (Pattern::Regex(_) | Pattern::Custom(_))) => {
                    let found = match p {
                        Pattern::Regex(def) => all_matches(def, &text, limit)?,
                        Pattern::Custom(f) => custom_found(ctx, f, &text, limit, env)?,
                        Pattern::Str(_) => Vec::new(),
                    };
                    let mut v = Vec::new();
                    let mut start = 0;
                    for m in &found {
                        v.push(text.get(start..m.start).unwrap_or("").to_string());
                        start = m.end;
                    }
                    if limit.is_none_or(|l| found.len() < l) {
                        v.push(text.get(start..).unwrap_or("").to_string());
                    }
                    v
                }
                None => return Ok(None),
            };
            Ok(Some(Value::array(
                parts.into_iter().map(Value::string).collect(),
            )))
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
                    let mut rest = text.as_str();
                    let mut count = 0;
                    while limit.is_none_or(|l| count < l) {
                        let Some(i) = rest.find(p) else { break };
                        out.push_str(rest.get(..i).unwrap_or(""));
                        out.push_str(&r);
                        crate::eval::check_string_len(out.len())?;
                        rest = rest.get(i + p.len()..).unwrap_or("");
                        count += 1;
                    }
                    out.push_str(rest);
                    Ok(Some(Value::string(out)))
                }
                Some(p @ (Pattern::Regex(_) | Pattern::Custom(_))) => {
                    let found = match p {
                        _ if limit == Some(0) => Vec::new(),
                        Pattern::Regex(def) => all_matches(def, &text, limit)?,
                        Pattern::Custom(f) => custom_found(ctx, f, &text, limit, env)?,
                        Pattern::Str(_) => Vec::new(),
                    };
                    let mut out = String::new();
                    let mut pos = 0;
                    for m in &found {
                        out.push_str(text.get(pos..m.start).unwrap_or(""));
                        match &repl {
                            Some(Value::Func(_)) => {
                                let mo = match_object(&text, m, true);
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
                                out.push_str(&substitute(r, &text, m));
                                crate::eval::check_string_len(out.len())?;
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
