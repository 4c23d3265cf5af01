//! String functions that need no pattern: `$string`, `$substring…`, case,
//! `$trim`, `$pad`, `$join`, and the Base64 and URL encodings.

use base64::Engine;

use super::args::{arg, num_arg, str_arg};
use crate::builtins::Builtin;
use crate::error::{Error, R};
use crate::ops::{check_string_len, quote};
use crate::text::stringify;
use crate::value::{V, Value};

fn s<'a>(v: String) -> R<V<'a>> {
    Ok(Some(Value::string(v)))
}

/// A string value of a part of an argument: one copy, into the value.
fn part<'a>(v: &str) -> R<V<'a>> {
    Ok(Some(Value::str(v)))
}

/// JavaScript `slice` on the code points of `text` (`len` of them).
fn slice_chars(text: &str, len: usize, start: f64, end: Option<f64>) -> &str {
    let lenf = len as f64;
    let norm = |x: f64| {
        let x = x.trunc();
        if x < 0.0 {
            (lenf + x).max(0.0)
        } else {
            x.min(lenf)
        }
    };
    let a = norm(start) as usize;
    let b = end.map_or(len, |e| norm(e) as usize);
    if a >= b {
        return "";
    }
    // byte offsets of code points `a` and `b`: the same numbers in ASCII text
    let at = |n: usize| {
        if len == text.len() {
            n
        } else {
            text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
        }
    };
    text.get(at(a)..at(b)).unwrap_or("")
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
        let items = list.to_vec();
        let total: usize = items
            .iter()
            .map(|x| x.as_str().map_or(0, str::len) + sep.len())
            .sum();
        check_string_len(total)?;
        let mut out = String::with_capacity(total);
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(x.as_str().unwrap_or(""));
        }
        return s(out);
    }
    let Some(text) = str_arg(args, 0) else {
        return Ok(None);
    };
    match b {
        B::Substring => {
            let len = text.chars().count();
            let lenf = len as f64;
            let mut start = num_arg(args, 1).unwrap_or(0.0);
            if lenf + start < 0.0 {
                start = 0.0;
            }
            match num_arg(args, 2) {
                Some(l) => {
                    if l <= 0.0 || l.is_nan() {
                        return part("");
                    }
                    let end = if start >= 0.0 {
                        start + l
                    } else {
                        lenf + start + l
                    };
                    part(slice_chars(text, len, start, Some(end)))
                }
                None => part(slice_chars(text, len, start, None)),
            }
        }
        B::SubstringBefore => {
            let pat = str_arg(args, 1).unwrap_or("");
            part(match text.find(pat) {
                Some(i) => text.get(..i).unwrap_or(""),
                None => text,
            })
        }
        B::SubstringAfter => {
            let pat = str_arg(args, 1).unwrap_or("");
            part(match text.find(pat) {
                Some(i) => text.get(i + pat.len()..).unwrap_or(""),
                None => text,
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
            part(t.strip_suffix(' ').unwrap_or(t))
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
                return part(text);
            }
            check_string_len(need.min(1e18) as usize)?;
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
