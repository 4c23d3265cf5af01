//! Date/time functions (`$now`, `$millis`, `$fromMillis`, `$toMillis`). Dates
//! are proleptic Gregorian, in UTC milliseconds as in JavaScript.

mod calendar;
mod date_picture;
pub(super) mod integer_picture;

use calendar::date_utc;
use date_picture::{format_date_time, parse_date_time};

use super::args::{num_arg, str_arg};
use crate::builtins::Builtin;
use crate::error::{Error, R};
use crate::value::{V, Value};

/// The parts of an ISO 8601 date JSONata accepts, as text: year, month, day, hour,
/// minute, second, fraction, zone. The grammar is [`ISO_PATTERN`]'s, read by hand
/// (a regex per call cost more than the rest of the conversion).
#[derive(Debug, Default, PartialEq)]
struct IsoParts<'s> {
    year: &'s str,
    month: Option<&'s str>,
    day: Option<&'s str>,
    time: Option<(&'s str, &'s str, &'s str)>,
    frac: Option<&'s str>,
    zone: Option<&'s str>,
}

/// The grammar [`split_iso`] reads (kept as the reference for its tests).
#[cfg(test)]
const ISO_PATTERN: &str = r"^([0-9]{4})(?:-([01][0-9]))?(?:-([0-3][0-9]))?(?:T([0-2][0-9]):([0-5][0-9]):([0-5][0-9]))?(?:\.([0-9]+))?([+-][0-2][0-9]:?[0-5][0-9]|Z)?$";

fn split_iso(s: &str) -> Option<IsoParts<'_>> {
    let b = s.as_bytes();
    if !(0..4).all(|i| digit(b, i, b'9')) {
        return None;
    }
    let mut parts = IsoParts {
        year: &s[..4],
        ..IsoParts::default()
    };
    iso_rest(s, 4, 0, &mut parts).then_some(parts)
}

fn digit(b: &[u8], i: usize, hi: u8) -> bool {
    b.get(i).is_some_and(|c| (b'0'..=hi).contains(c))
}

/// Two digits at `i`, the first at most `hi`.
fn two(b: &[u8], i: usize, hi: u8) -> bool {
    digit(b, i, hi) && digit(b, i + 1, b'9')
}

/// Matches the optional groups from `group` on (month, day, time, fraction, zone,
/// end) at `i`, each taken when it can be and skipped when the rest fails with it,
/// as the pattern's backtracking does (`2024-1000` is a year and a zone).
fn iso_rest<'s>(s: &'s str, i: usize, group: u8, parts: &mut IsoParts<'s>) -> bool {
    let b = s.as_bytes();
    match group {
        0 | 1 => {
            let hi = if group == 0 { b'1' } else { b'3' };
            if b.get(i) == Some(&b'-') && two(b, i + 1, hi) {
                let text = Some(&s[i + 1..i + 3]);
                if group == 0 {
                    parts.month = text;
                } else {
                    parts.day = text;
                }
                if iso_rest(s, i + 3, group + 1, parts) {
                    return true;
                }
                if group == 0 {
                    parts.month = None;
                } else {
                    parts.day = None;
                }
            }
        }
        2 => {
            if b.get(i) == Some(&b'T')
                && two(b, i + 1, b'2')
                && b.get(i + 3) == Some(&b':')
                && two(b, i + 4, b'5')
                && b.get(i + 6) == Some(&b':')
                && two(b, i + 7, b'5')
            {
                parts.time = Some((&s[i + 1..i + 3], &s[i + 4..i + 6], &s[i + 7..i + 9]));
                if iso_rest(s, i + 9, 3, parts) {
                    return true;
                }
                parts.time = None;
            }
        }
        3 => {
            // fewer digits would leave a digit, which nothing after the fraction takes
            if b.get(i) == Some(&b'.') && digit(b, i + 1, b'9') {
                let mut end = i + 1;
                while digit(b, end, b'9') {
                    end += 1;
                }
                parts.frac = Some(&s[i + 1..end]);
                if iso_rest(s, end, 4, parts) {
                    return true;
                }
                parts.frac = None;
            }
        }
        4 => {
            let len = match b.get(i) {
                Some(b'Z') => 1,
                Some(b'+' | b'-') if two(b, i + 1, b'2') => {
                    let colon = usize::from(b.get(i + 3) == Some(&b':'));
                    if two(b, i + 3 + colon, b'5') {
                        5 + colon
                    } else {
                        0
                    }
                }
                _ => 0,
            };
            if len > 0 && i + len == b.len() {
                parts.zone = Some(&s[i..i + len]);
                return true;
            }
        }
        _ => return i == b.len(),
    }
    iso_rest(s, i, group + 1, parts)
}

/// `Date.parse` of the ISO 8601 forms JSONata accepts.
fn parse_iso(s: &str) -> Option<f64> {
    let m = split_iso(s)?;
    // every part but the fraction is a few ASCII digits (`split_iso` checked them):
    // read as an integer, which is exact, without a float parser
    let num = |t: Option<&str>, def: f64| t.map_or(def, digits_value);
    let y = num(Some(m.year), 0.0);
    let mo = num(m.month, 1.0);
    let d = num(m.day, 1.0);
    let (h, mi, sec) = match m.time {
        Some((h, mi, sec)) => (num(Some(h), 0.0), num(Some(mi), 0.0), num(Some(sec), 0.0)),
        None => (0.0, 0.0, 0.0),
    };
    let frac = m
        .frac
        .map_or(0.0, |f| {
            format!("0.{f}").parse::<f64>().unwrap_or(0.0) * 1000.0
        })
        .floor();
    if !(1.0..=12.0).contains(&mo) || !(1.0..=31.0).contains(&d) || h > 24.0 {
        return None;
    }
    let mut ms = date_utc(y, mo - 1.0, d, h, mi, sec, frac);
    if let Some(tz) = m.zone {
        if tz != "Z" {
            let sign = if tz.starts_with('-') { -1.0 } else { 1.0 };
            // `+HH:MM` or `+HHMM`: the hours right after the sign, the minutes last
            let hh = tz.get(1..3).map_or(0.0, digits_value);
            let mm = tz
                .get(tz.len().saturating_sub(2)..)
                .map_or(0.0, digits_value);
            ms -= sign * (hh * 60.0 + mm) * 60_000.0;
        }
    }
    Some(ms)
}

/// The value of a short run of ASCII digits.
fn digits_value(t: &str) -> f64 {
    t.bytes()
        .fold(0.0, |n, c| n * 10.0 + f64::from(c.wrapping_sub(b'0')))
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

#[cfg(test)]
mod tests {
    use super::{ISO_PATTERN, IsoParts, split_iso};

    /// The hand-written reader accepts exactly what the reference pattern accepts,
    /// and splits it the same way.
    #[test]
    fn split_iso_matches_the_pattern() {
        let re = regex::Regex::new(ISO_PATTERN).expect("pattern");
        let alphabet = [
            "0", "1", "2", "3", "5", "6", "9", "-", ":", "T", "Z", "+", ".", "x",
        ];
        let mut samples: Vec<String> = vec![
            "2024-02-29T23:59:59.123+05:30".into(),
            "2024-02-29T23:59:59.123-0530".into(),
            "2024-12-31T10:00:00Z".into(),
            "2024-25".into(),
            "2024-12-25".into(),
            "2024.5Z".into(),
            "2024-01-01T24:00:00".into(),
            "2024-01-01T10:00".into(),
            "20240101".into(),
            "2024-01-01T10:00:00+05:3".into(),
            "2024-01-01T10:00:00+0530Z".into(),
            "".into(),
            "2024-1000".into(),
            "2024-10-1000".into(),
            "2024-10-05T10:00:00.5-1000".into(),
        ];
        // every string of up to five symbols after a year, and after a full date
        let mut tails = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for t in &tails {
                for a in alphabet {
                    next.push(format!("{t}{a}"));
                }
            }
            samples.extend(next.iter().map(|t| format!("2024{t}")));
            samples.extend(next.iter().map(|t| format!("2024-10-05T12:34:56{t}")));
            samples.extend(next.iter().map(|t| format!("2024-1{t}")));
            tails = next;
        }
        for s in &samples {
            let expected = re.captures(s).map(|m| {
                let g = |i: usize| m.get(i).map(|g| g.as_str());
                IsoParts {
                    year: g(1).unwrap_or(""),
                    month: g(2),
                    day: g(3),
                    time: g(4).map(|h| (h, g(5).unwrap_or(""), g(6).unwrap_or(""))),
                    frac: g(7),
                    zone: g(8),
                }
            });
            assert_eq!(split_iso(s), expected, "{s:?}");
        }
    }
}
