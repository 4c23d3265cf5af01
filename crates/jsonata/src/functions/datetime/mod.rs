//! Date/time functions (`$now`, `$millis`, `$fromMillis`, `$toMillis`). Dates
//! are proleptic Gregorian, in UTC milliseconds as in JavaScript.

mod calendar;
mod date_picture;
pub(super) mod integer_picture;

use std::sync::OnceLock;

use calendar::date_utc;
use date_picture::{format_date_time, parse_date_time};

use super::args::{num_arg, str_arg};
use crate::builtins::Builtin;
use crate::error::{Error, R};
use crate::value::{V, Value};

/// `Date.parse` of the ISO 8601 forms JSONata accepts.
fn parse_iso(s: &str) -> Option<f64> {
    static ISO: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let re = ISO
        .get_or_init(|| {
            regex::Regex::new(
                r"^([0-9]{4})(?:-([01][0-9]))?(?:-([0-3][0-9]))?(?:T([0-2][0-9]):([0-5][0-9]):([0-5][0-9]))?(?:\.([0-9]+))?([+-][0-2][0-9]:?[0-5][0-9]|Z)?$",
            )
            .ok()
        })
        .as_ref()?;
    let m = re.captures(s)?;
    let grp = |i: usize| m.get(i).map(|g| g.as_str());
    let num = |i: usize, def: f64| grp(i).and_then(|t| t.parse::<f64>().ok()).unwrap_or(def);
    let y = num(1, 0.0);
    let mo = num(2, 1.0);
    let d = num(3, 1.0);
    let h = num(4, 0.0);
    let mi = num(5, 0.0);
    let sec = num(6, 0.0);
    let frac = grp(7)
        .map_or(0.0, |f| {
            format!("0.{f}").parse::<f64>().unwrap_or(0.0) * 1000.0
        })
        .floor();
    if !(1.0..=12.0).contains(&mo) || !(1.0..=31.0).contains(&d) || h > 24.0 {
        return None;
    }
    let mut ms = date_utc(y, mo - 1.0, d, h, mi, sec, frac);
    if let Some(tz) = grp(8) {
        if tz != "Z" {
            let sign = if tz.starts_with('-') { -1.0 } else { 1.0 };
            let digits: String = tz.chars().filter(|c| c.is_ascii_digit()).collect();
            let hh: f64 = digits.get(..2).and_then(|x| x.parse().ok()).unwrap_or(0.0);
            let mm: f64 = digits.get(2..).and_then(|x| x.parse().ok()).unwrap_or(0.0);
            ms -= sign * (hh * 60.0 + mm) * 60_000.0;
        }
    }
    Some(ms)
}

pub(crate) fn call<'a>(now_ms: f64, b: Builtin, args: &[V<'a>]) -> R<V<'a>> {
    match b {
        Builtin::Millis => Ok(Some(Value::Num(now_ms))),
        Builtin::Now => Ok(Some(Value::string(format_date_time(
            now_ms,
            str_arg(args, 0),
            str_arg(args, 1),
        )?))),
        Builtin::FromMillis => {
            let Some(ms) = num_arg(args, 0) else {
                return Ok(None);
            };
            Ok(Some(Value::string(format_date_time(
                ms,
                str_arg(args, 1),
                str_arg(args, 2),
            )?)))
        }
        Builtin::ToMillis => {
            let Some(s) = str_arg(args, 0) else {
                return Ok(None);
            };
            match str_arg(args, 1) {
                None => match parse_iso(s) {
                    Some(ms) => Ok(Some(Value::Num(ms))),
                    None => Err(Error::new("D3110").value(format!("{s:?}"))),
                },
                Some(p) => Ok(parse_date_time(now_ms, s, p)?.map(Value::Num)),
            }
        }
        _ => Ok(None),
    }
}
