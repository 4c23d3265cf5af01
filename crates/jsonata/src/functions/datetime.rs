//! Date/time functions (`$now`, `$millis`, `$fromMillis`, `$toMillis`) with
//! XPath picture strings, and the integer pictures (`$formatInteger`,
//! `$parseInteger`). Dates are proleptic Gregorian, in UTC milliseconds as in
//! JavaScript.

use super::{Builtin, num_arg, str_arg};
use crate::error::Error;
use crate::eval::{Ctx, R, V};
use crate::value::Value;

const MS_DAY: f64 = 86_400_000.0;

// ----- calendar arithmetic -----

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `Date.UTC(y, m0, d, h, mi, s, ms)` with JavaScript's overflow rules.
fn date_utc(y: f64, m0: f64, d: f64, h: f64, mi: f64, s: f64, ms: f64) -> f64 {
    if ![y, m0, d, h, mi, s, ms].iter().all(|x| x.is_finite()) {
        return f64::NAN;
    }
    // beyond ±400 000 years nothing is representable anyway
    let m0 = m0.trunc().clamp(-1e7, 1e7) as i64;
    let y = (y.trunc().clamp(-1e7, 1e7) as i64).saturating_add(m0.div_euclid(12));
    let m = m0.rem_euclid(12) + 1;
    let days = days_from_civil(y.clamp(-400_000, 400_000), m, 1) as f64 + d.trunc() - 1.0;
    days * MS_DAY
        + h.trunc() * 3_600_000.0
        + mi.trunc() * 60_000.0
        + s.trunc() * 1000.0
        + ms.trunc()
}

#[derive(Clone, Copy)]
struct Dt {
    millis: f64,
    year: i64,
    month: i64, // 0-based
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    ms: i64,
    wday: i64, // 0 = Sunday
}

fn dt(millis: f64) -> Dt {
    let m = millis.clamp(-8.64e15, 8.64e15);
    let days = (m / MS_DAY).floor();
    let rem = (m - days * MS_DAY) as i64;
    let (y, mo, d) = civil_from_days(days as i64);
    Dt {
        millis: m,
        year: y,
        month: mo - 1,
        day: d,
        hour: rem / 3_600_000,
        minute: rem / 60_000 % 60,
        second: rem / 1000 % 60,
        ms: rem % 1000,
        wday: (days as i64 + 4).rem_euclid(7),
    }
}

fn start_of_first_week(year: i64, month: i64) -> f64 {
    let jan1 = date_utc(year as f64, month as f64, 1.0, 0.0, 0.0, 0.0, 0.0);
    let mut dow = dt(jan1).wday;
    if dow == 0 {
        dow = 7;
    }
    if dow > 4 {
        jan1 + (8 - dow) as f64 * MS_DAY
    } else {
        jan1 - (dow - 1) as f64 * MS_DAY
    }
}

fn next_month(y: i64, m: i64) -> (i64, i64) {
    if m == 11 { (y + 1, 0) } else { (y, m + 1) }
}

fn prev_month(y: i64, m: i64) -> (i64, i64) {
    if m == 0 { (y - 1, 11) } else { (y, m - 1) }
}

fn delta_weeks(start: f64, end: f64) -> f64 {
    (end - start) / (MS_DAY * 7.0) + 1.0
}

enum Frag {
    Num(f64),
    Text(&'static str),
    None,
}

fn fragment(d: &Dt, component: char) -> Frag {
    let n = |x: i64| Frag::Num(x as f64);
    match component {
        'Y' => n(d.year),
        'M' => n(d.month + 1),
        'D' => n(d.day),
        'd' => {
            let today = date_utc(
                d.year as f64,
                d.month as f64,
                d.day as f64,
                0.0,
                0.0,
                0.0,
                0.0,
            );
            let jan1 = date_utc(d.year as f64, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0);
            Frag::Num((today - jan1) / MS_DAY + 1.0)
        }
        'F' => n(if d.wday == 0 { 7 } else { d.wday }),
        'W' => {
            let start = start_of_first_week(d.year, 0);
            let today = date_utc(
                d.year as f64,
                d.month as f64,
                d.day as f64,
                0.0,
                0.0,
                0.0,
                0.0,
            );
            let mut week = delta_weeks(start, today);
            if week > 52.0 {
                if today >= start_of_first_week(d.year + 1, 0) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                week = delta_weeks(start_of_first_week(d.year - 1, 0), today);
            }
            Frag::Num(week.floor())
        }
        'w' => {
            let start = start_of_first_week(d.year, d.month);
            let today = date_utc(
                d.year as f64,
                d.month as f64,
                d.day as f64,
                0.0,
                0.0,
                0.0,
                0.0,
            );
            let mut week = delta_weeks(start, today);
            if week > 4.0 {
                let (ny, nm) = next_month(d.year, d.month);
                if today >= start_of_first_week(ny, nm) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                let (py, pm) = prev_month(d.year, d.month);
                week = delta_weeks(start_of_first_week(py, pm), today);
            }
            Frag::Num(week.floor())
        }
        'X' => {
            let start = start_of_first_week(d.year, 0);
            let end = start_of_first_week(d.year + 1, 0);
            n(if d.millis < start {
                d.year - 1
            } else if d.millis >= end {
                d.year + 1
            } else {
                d.year
            })
        }
        'x' => {
            let start = start_of_first_week(d.year, d.month);
            let (ny, nm) = next_month(d.year, d.month);
            let end = start_of_first_week(ny, nm);
            n(if d.millis < start {
                prev_month(d.year, d.month).1 + 1
            } else if d.millis >= end {
                nm + 1
            } else {
                d.month + 1
            })
        }
        'H' => n(d.hour),
        'h' => {
            let h = d.hour % 12;
            n(if h == 0 { 12 } else { h })
        }
        'P' => Frag::Text(if d.hour >= 12 { "pm" } else { "am" }),
        'm' => n(d.minute),
        's' => n(d.second),
        'f' => n(d.ms),
        'C' | 'E' => Frag::Text("ISO"),
        _ => Frag::None,
    }
}

// ----- integer pictures -----

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Primary {
    Decimal,
    Letters,
    Roman,
    Words,
    Sequence,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Case {
    Upper,
    Lower,
    Title,
}

#[derive(Clone, Debug)]
struct IntFormat {
    primary: Primary,
    case: Case,
    ordinal: bool,
    zero: u32,
    mandatory: usize,
    optional: usize,
    regular: Option<(usize, char)>,
    separators: Vec<(usize, char)>,
    token: String,
    parse_width: Option<usize>,
}

const DECIMAL_GROUPS: &[u32] = &[
    0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10,
];

fn analyse_integer_picture(picture: &str) -> R<IntFormat> {
    let mut f = IntFormat {
        primary: Primary::Decimal,
        case: Case::Lower,
        ordinal: false,
        zero: 0x30,
        mandatory: 0,
        optional: 0,
        regular: None,
        separators: Vec::new(),
        token: String::new(),
        parse_width: None,
    };
    let primary = match picture.rfind(';') {
        None => picture,
        Some(i) => {
            if picture.get(i + 1..).is_some_and(|m| m.starts_with('o')) {
                f.ordinal = true;
            }
            picture.get(..i).unwrap_or("")
        }
    };
    match primary {
        "A" => {
            f.case = Case::Upper;
            f.primary = Primary::Letters;
        }
        "a" => f.primary = Primary::Letters,
        "I" => {
            f.case = Case::Upper;
            f.primary = Primary::Roman;
        }
        "i" => f.primary = Primary::Roman,
        "W" => {
            f.case = Case::Upper;
            f.primary = Primary::Words;
        }
        "Ww" => {
            f.case = Case::Title;
            f.primary = Primary::Words;
        }
        "w" => f.primary = Primary::Words,
        _ => {
            let mut zero: Option<u32> = None;
            let mut mandatory = 0;
            let mut optional = 0;
            let mut seps: Vec<(usize, char)> = Vec::new();
            let mut pos = 0;
            for c in primary.chars().rev() {
                let cp = c as u32;
                if let Some(group) = DECIMAL_GROUPS.iter().find(|g| cp >= **g && cp <= **g + 9) {
                    mandatory += 1;
                    pos += 1;
                    match zero {
                        None => zero = Some(*group),
                        Some(z) if z != *group => return Err(Error::new("D3131")),
                        _ => {}
                    }
                } else if c == '#' {
                    pos += 1;
                    optional += 1;
                } else {
                    seps.push((pos, c));
                }
            }
            if mandatory > 0 {
                f.primary = Primary::Decimal;
                f.zero = zero.unwrap_or(0x30);
                f.mandatory = mandatory;
                f.optional = optional;
                let regular = regular_repeat(&seps);
                if regular > 0 {
                    f.regular = seps.first().map(|(_, c)| (regular, *c));
                }
                f.separators = seps;
            } else {
                f.primary = Primary::Sequence;
                f.token = primary.to_string();
            }
        }
    }
    Ok(f)
}

fn regular_repeat(seps: &[(usize, char)]) -> usize {
    let Some((_, c0)) = seps.first() else {
        return 0;
    };
    if seps.iter().any(|(_, c)| c != c0) {
        return 0;
    }
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let factor = seps.iter().map(|(p, _)| *p).fold(0, gcd);
    if factor == 0 {
        return 0;
    }
    for i in 1..=seps.len() {
        if !seps.iter().any(|(p, _)| *p == i * factor) {
            return 0;
        }
    }
    factor
}

const FEW: [&str; 20] = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
];
const ORDINALS: [&str; 20] = [
    "Zeroth",
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
];
const DECADES: [&str; 9] = [
    "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred",
];
const MAGNITUDES: [&str; 4] = ["Thousand", "Million", "Billion", "Trillion"];

fn words(num: f64, prev: bool, ord: bool, depth: usize) -> String {
    if depth > 20 {
        return String::new();
    }
    let get = |arr: &[&str], i: f64| arr.get(i as usize).copied().unwrap_or("").to_string();
    if num <= 19.0 {
        format!(
            "{}{}",
            if prev { " and " } else { "" },
            get(if ord { &ORDINALS } else { &FEW }, num)
        )
    } else if num < 100.0 {
        let tens = (num / 10.0).floor();
        let rem = num % 10.0;
        let mut w = format!(
            "{}{}",
            if prev { " and " } else { "" },
            get(&DECADES, tens - 2.0)
        );
        if rem > 0.0 {
            w = format!("{w}-{}", words(rem, false, ord, depth + 1));
        } else if ord {
            w.pop();
            w.push_str("ieth");
        }
        w
    } else if num < 1000.0 {
        let hundreds = (num / 100.0).floor();
        let rem = num % 100.0;
        let mut w = format!(
            "{}{} Hundred",
            if prev { ", " } else { "" },
            get(&FEW, hundreds)
        );
        if rem > 0.0 {
            w.push_str(&words(rem, true, ord, depth + 1));
        } else if ord {
            w.push_str("th");
        }
        w
    } else {
        let mut mag = (num.log10() / 3.0).floor() as usize;
        if mag > MAGNITUDES.len() {
            mag = MAGNITUDES.len();
        }
        let factor = 10f64.powi(mag as i32 * 3);
        let mant = (num / factor).floor();
        let rem = num - mant * factor;
        let mut w = format!(
            "{}{} {}",
            if prev { ", " } else { "" },
            words(mant, false, false, depth + 1),
            MAGNITUDES.get(mag.saturating_sub(1)).copied().unwrap_or("")
        );
        if rem > 0.0 {
            w.push_str(&words(rem, true, ord, depth + 1));
        } else if ord {
            w.push_str("th");
        }
        w
    }
}

fn word_values() -> Vec<(String, f64)> {
    let mut v: Vec<(String, f64)> = Vec::new();
    for (i, w) in FEW.iter().enumerate() {
        v.push((w.to_lowercase(), i as f64));
    }
    for (i, w) in ORDINALS.iter().enumerate() {
        v.push((w.to_lowercase(), i as f64));
    }
    for (i, w) in DECADES.iter().enumerate() {
        let lw = w.to_lowercase();
        let val = ((i + 2) * 10) as f64;
        v.push((lw.clone(), val));
        let mut ieth = lw;
        ieth.pop();
        v.push((ieth + "ieth", val));
    }
    v.push(("hundredth".into(), 100.0));
    for (i, w) in MAGNITUDES.iter().enumerate() {
        let lw = w.to_lowercase();
        let val = 10f64.powi((i as i32 + 1) * 3);
        v.push((lw.clone(), val));
        v.push((lw + "th", val));
    }
    v
}

fn words_to_number(text: &str) -> f64 {
    let table = word_values();
    let normalized = text.replace(", ", " ").replace(" and ", " ");
    let mut segs: Vec<f64> = vec![0.0];
    for part in normalized.split(|c: char| c.is_whitespace() || c == '-') {
        let value = table
            .iter()
            .rev()
            .find(|(w, _)| w == part)
            .map_or(f64::NAN, |(_, v)| *v);
        if value < 100.0 {
            let mut top = segs.pop().unwrap_or(0.0);
            if top >= 1000.0 {
                segs.push(top);
                top = 0.0;
            }
            segs.push(top + value);
        } else {
            let top = segs.pop().unwrap_or(0.0);
            segs.push(top * value);
        }
    }
    segs.iter().sum()
}

fn to_roman(mut v: f64) -> String {
    const NUMERALS: [(f64, &str); 13] = [
        (1000.0, "m"),
        (900.0, "cm"),
        (500.0, "d"),
        (400.0, "cd"),
        (100.0, "c"),
        (90.0, "xc"),
        (50.0, "l"),
        (40.0, "xl"),
        (10.0, "x"),
        (9.0, "ix"),
        (5.0, "v"),
        (4.0, "iv"),
        (1.0, "i"),
    ];
    let mut out = String::new();
    if v > 1e7 {
        return out;
    }
    for (n, s) in NUMERALS {
        while v >= n {
            out.push_str(s);
            v -= n;
        }
    }
    out
}

fn from_roman(s: &str) -> f64 {
    let mut dec = 0.0;
    let mut max = 1.0;
    for c in s.chars().rev() {
        let v = match c {
            'M' => 1000.0,
            'D' => 500.0,
            'C' => 100.0,
            'L' => 50.0,
            'X' => 10.0,
            'V' => 5.0,
            'I' => 1.0,
            _ => f64::NAN,
        };
        if v < max {
            dec -= v;
        } else {
            max = v;
            dec += v;
        }
    }
    dec
}

fn to_letters(mut v: f64, a: char) -> String {
    let mut out = Vec::new();
    while v > 0.0 && out.len() < 100 {
        let d = ((v - 1.0) % 26.0) as u32;
        out.push(char::from_u32(a as u32 + d).unwrap_or('?'));
        v = ((v - 1.0) / 26.0).floor();
    }
    out.iter().rev().collect()
}

fn from_letters(s: &str, a: char) -> f64 {
    let mut dec = 0.0;
    for (i, c) in s.chars().rev().enumerate() {
        dec += (c as u32 as f64 - a as u32 as f64 + 1.0) * 26f64.powi(i as i32);
    }
    dec
}

fn format_int(value: f64, f: &IntFormat) -> R<String> {
    let negative = value < 0.0;
    let value = value.abs();
    let mut s = match f.primary {
        Primary::Letters => to_letters(value, if f.case == Case::Upper { 'A' } else { 'a' }),
        Primary::Roman => {
            let r = to_roman(value);
            if f.case == Case::Upper {
                r.to_uppercase()
            } else {
                r
            }
        }
        Primary::Words => {
            let w = words(value, false, f.ordinal, 0);
            match f.case {
                Case::Upper => w.to_uppercase(),
                Case::Lower => w.to_lowercase(),
                Case::Title => w,
            }
        }
        Primary::Decimal => {
            let mut s = crate::json_out::number_to_string(value);
            let pad = f.mandatory as i64 - s.chars().count() as i64;
            if pad > 0 {
                s = "0".repeat(pad as usize) + &s;
            }
            if f.zero != 0x30 {
                s = s
                    .chars()
                    .map(|c| char::from_u32(c as u32 + f.zero - 0x30).unwrap_or(c))
                    .collect();
            }
            let mut chars: Vec<char> = s.chars().collect();
            if let Some((every, sep)) = f.regular {
                let n = (chars.len().saturating_sub(1)) / every.max(1);
                for ii in (1..=n).rev() {
                    let pos = chars.len() - ii * every;
                    chars.insert(pos, sep);
                }
            } else {
                for (p, c) in f.separators.iter().rev() {
                    let pos = chars.len().saturating_sub(*p);
                    chars.insert(pos, *c);
                }
            }
            let mut s: String = chars.into_iter().collect();
            if f.ordinal {
                let cs: Vec<char> = s.chars().collect();
                let last = cs.last().copied();
                let before = if cs.len() > 1 {
                    cs.get(cs.len() - 2).copied()
                } else {
                    None
                };
                let mut suffix = match last {
                    Some('1') => "st",
                    Some('2') => "nd",
                    Some('3') => "rd",
                    _ => "th",
                };
                if before == Some('1') {
                    suffix = "th";
                }
                s.push_str(suffix);
            }
            s
        }
        Primary::Sequence => return Err(Error::new("D3130").value(f.token.clone())),
    };
    if negative {
        s = format!("-{s}");
    }
    Ok(s)
}

pub(crate) fn format_integer_fn<'a>(args: &[V<'a>]) -> R<V<'a>> {
    let Some(v) = num_arg(args, 0) else {
        return Ok(None);
    };
    let f = analyse_integer_picture(str_arg(args, 1).unwrap_or(""))?;
    Ok(Some(Value::string(format_int(v.floor(), &f)?)))
}

struct Matcher {
    regex: String,
    kind: ParseKind,
}

enum ParseKind {
    Int(IntFormat),
    Offset { z: bool, sep: Option<char> },
    Fraction,
    Names(Vec<(String, f64)>),
    None,
}

fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if ".*+?^${}()|[]\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn int_matcher(f: &IntFormat) -> R<Matcher> {
    let upper = f.case == Case::Upper;
    let regex = match f.primary {
        Primary::Letters => (if upper { "[A-Z]+" } else { "[a-z]+" }).to_string(),
        Primary::Roman => (if upper { "[MDCLXVI]+" } else { "[mdclxvi]+" }).to_string(),
        Primary::Words => {
            let mut alts: Vec<String> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for (w, _) in word_values() {
                if seen.insert(w.clone()) {
                    alts.push(w);
                }
            }
            alts.push("and".into());
            alts.push("[\\-, ]".into());
            format!("(?:{})+", alts.join("|"))
        }
        Primary::Decimal => {
            let mut r = String::from("[0-9]");
            match f.parse_width {
                Some(w) => r.push_str(&format!("{{{w}}}")),
                None => r.push('+'),
            }
            if f.ordinal {
                r.push_str("(?:th|st|nd|rd)");
            }
            r
        }
        Primary::Sequence => return Err(Error::new("D3130").value(f.token.clone())),
    };
    Ok(Matcher {
        regex,
        kind: ParseKind::Int(f.clone()),
    })
}

fn parse_int_value(f: &IntFormat, value: &str) -> f64 {
    let upper = f.case == Case::Upper;
    match f.primary {
        Primary::Letters => from_letters(value, if upper { 'A' } else { 'a' }),
        Primary::Roman => from_roman(&if upper {
            value.to_string()
        } else {
            value.to_uppercase()
        }),
        Primary::Words => words_to_number(&value.to_lowercase()),
        Primary::Decimal => {
            let mut digits = value.to_string();
            if f.ordinal {
                let n = digits.chars().count().saturating_sub(2);
                digits = digits.chars().take(n).collect();
            }
            if f.regular.is_some() {
                digits = digits.replace(',', "");
            } else {
                for (_, c) in &f.separators {
                    digits = digits.replace(*c, "");
                }
            }
            if f.zero != 0x30 {
                digits = digits
                    .chars()
                    .map(|c| {
                        char::from_u32((c as u32).wrapping_sub(f.zero).wrapping_add(0x30))
                            .unwrap_or(c)
                    })
                    .collect();
            }
            parse_int_prefix(&digits)
        }
        Primary::Sequence => f64::NAN,
    }
}

/// JavaScript `parseInt(s, 10)`.
fn parse_int_prefix(s: &str) -> f64 {
    let t = s.trim_start();
    let (neg, rest) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        return f64::NAN;
    }
    let v: f64 = digits.parse().unwrap_or(f64::NAN);
    if neg { -v } else { v }
}

pub(crate) fn parse_integer_fn<'a>(args: &[V<'a>]) -> R<V<'a>> {
    let Some(s) = str_arg(args, 0) else {
        return Ok(None);
    };
    let f = analyse_integer_picture(str_arg(args, 1).unwrap_or(""))?;
    let m = int_matcher(&f)?;
    drop(m);
    let v = parse_int_value(&f, s);
    Ok(if v.is_nan() {
        None
    } else {
        Some(Value::Num(v))
    })
}

// ----- date/time pictures -----

#[derive(Clone, Debug)]
enum Part {
    Literal(String),
    Marker(Marker),
}

#[derive(Clone, Debug)]
struct Marker {
    component: char,
    width: Option<(Option<usize>, Option<usize>)>,
    presentation1: String,
    presentation2: Option<char>,
    names: Option<Case>,
    int: Option<IntFormat>,
    n: i64,
}

fn analyse_picture(picture: &str) -> R<Vec<Part>> {
    let chars: Vec<char> = picture.chars().collect();
    let mut spec: Vec<Part> = Vec::new();
    let add_literal = |spec: &mut Vec<Part>, a: usize, b: usize| {
        if b > a {
            let lit: String = chars
                .get(a..b)
                .map(|s| s.iter().collect())
                .unwrap_or_default();
            spec.push(Part::Literal(lit.replace("]]", "]")));
        }
    };
    let mut start = 0;
    let mut pos = 0;
    while pos < chars.len() {
        if chars.get(pos) == Some(&'[') {
            if chars.get(pos + 1) == Some(&'[') {
                add_literal(&mut spec, start, pos);
                spec.push(Part::Literal("[".into()));
                pos += 2;
                start = pos;
                continue;
            }
            add_literal(&mut spec, start, pos);
            start = pos;
            let Some(end) = chars
                .iter()
                .skip(start)
                .position(|c| *c == ']')
                .map(|i| i + start)
            else {
                return Err(Error::new("D3135"));
            };
            pos = end;
            let marker: String = chars
                .get(start + 1..pos)
                .map(|s| s.iter().filter(|c| !c.is_whitespace()).collect())
                .unwrap_or_default();
            let mchars: Vec<char> = marker.chars().collect();
            let component = mchars.first().copied().unwrap_or(' ');
            let comma = mchars.iter().rposition(|c| *c == ',');
            let mut width = None;
            let pres: String = match comma {
                Some(ci) => {
                    let wm: String = mchars
                        .get(ci + 1..)
                        .map(|s| s.iter().collect())
                        .unwrap_or_default();
                    let parse_w = |w: Option<&str>| -> Option<usize> {
                        match w {
                            None | Some("*") => None,
                            Some(w) => {
                                let v = parse_int_prefix(w);
                                if v.is_nan() {
                                    None
                                } else {
                                    Some(v.clamp(0.0, 1000.0) as usize)
                                }
                            }
                        }
                    };
                    let (min, max) = match wm.split_once('-') {
                        None => (parse_w(Some(&wm)), None),
                        Some((a, b)) => (parse_w(Some(a)), parse_w(Some(b))),
                    };
                    width = Some((min, max));
                    mchars
                        .get(1..ci)
                        .map(|s| s.iter().collect())
                        .unwrap_or_default()
                }
                None => mchars
                    .get(1..)
                    .map(|s| s.iter().collect())
                    .unwrap_or_default(),
            };
            let pc: Vec<char> = pres.chars().collect();
            let mut p2 = None;
            let p1: Option<String> = if pc.len() == 1 {
                Some(pres.clone())
            } else if pc.len() > 1 {
                let last = pc.last().copied().unwrap_or(' ');
                if "atco".contains(last) {
                    p2 = Some(last);
                    Some(
                        pc.get(..pc.len() - 1)
                            .map(|s| s.iter().collect())
                            .unwrap_or_default(),
                    )
                } else {
                    Some(pres.clone())
                }
            } else {
                default_presentation(component).map(str::to_string)
            };
            let Some(p1) = p1 else {
                return Err(Error::new("D3132").value(component.to_string()));
            };
            let mut m = Marker {
                component,
                width,
                presentation1: p1.clone(),
                presentation2: p2,
                names: None,
                int: None,
                n: -1,
            };
            let first = p1.chars().next();
            let second = p1.chars().nth(1);
            if first == Some('n') {
                m.names = Some(Case::Lower);
            } else if first == Some('N') {
                m.names = Some(if second == Some('n') {
                    Case::Title
                } else {
                    Case::Upper
                });
            } else if "YMDdFWwXxHhmsf".contains(component) {
                let mut pattern = p1.clone();
                if let Some(p2) = p2 {
                    pattern.push(';');
                    pattern.push(p2);
                }
                let mut f = analyse_integer_picture(&pattern)?;
                if let Some((Some(min), _)) = m.width {
                    if f.mandatory < min {
                        f.mandatory = min;
                    }
                }
                if component == 'Y' {
                    m.n = -1;
                    if let Some((_, Some(max))) = m.width {
                        m.n = max as i64;
                        f.mandatory = max;
                    } else {
                        let w = f.mandatory + f.optional;
                        if w >= 2 {
                            m.n = w as i64;
                        }
                    }
                }
                if let Some(Part::Marker(prev)) = spec.last_mut() {
                    if let Some(pf) = &mut prev.int {
                        pf.parse_width = Some(pf.mandatory);
                    }
                }
                m.int = Some(f);
            }
            if component == 'Z' || component == 'z' {
                m.int = Some(analyse_integer_picture(&m.presentation1)?);
            }
            spec.push(Part::Marker(m));
            start = pos + 1;
        }
        pos += 1;
    }
    add_literal(&mut spec, start, pos.min(chars.len()));
    Ok(spec)
}

fn default_presentation(c: char) -> Option<&'static str> {
    Some(match c {
        'Y' | 'M' | 'D' | 'd' | 'W' | 'w' | 'X' | 'x' | 'H' | 'h' | 'f' => "1",
        'F' | 'P' | 'C' | 'E' => "n",
        'm' | 's' => "01",
        'Z' | 'z' => "01:01",
        _ => return None,
    })
}

const DAYS: [&str; 8] = [
    "",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn format_date_time(millis: f64, picture: Option<&str>, tz: Option<&str>) -> R<String> {
    let (mut oh, mut om) = (0.0f64, 0.0f64);
    if let Some(tz) = tz {
        let offset = parse_int_prefix(tz);
        if offset.is_finite() {
            oh = (offset / 100.0).floor();
            om = offset % 100.0;
        }
    }
    let spec = analyse_picture(
        picture.unwrap_or("[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"),
    )?;
    let offset_ms = (60.0 * oh + om) * 60_000.0;
    let d = dt(millis + offset_ms);
    let mut out = String::new();
    for part in &spec {
        match part {
            Part::Literal(s) => out.push_str(s),
            Part::Marker(m) => out.push_str(&format_component(&d, m, oh, om)?),
        }
    }
    Ok(out)
}

fn format_component(d: &Dt, m: &Marker, oh: f64, om: f64) -> R<String> {
    let c = m.component;
    let frag = fragment(d, c);
    if "YMDdFWwXxHhms".contains(c) {
        let Frag::Num(mut v) = frag else {
            return Ok(String::new());
        };
        if c == 'Y' && m.n != -1 {
            v %= 10f64.powi(m.n as i32);
        }
        if let Some(case) = m.names {
            let name = if c == 'M' || c == 'x' {
                MONTHS
                    .get((v as usize).wrapping_sub(1))
                    .copied()
                    .unwrap_or("")
            } else if c == 'F' {
                DAYS.get(v as usize).copied().unwrap_or("")
            } else {
                return Err(Error::new("D3133").value(c.to_string()));
            };
            let mut name = match case {
                Case::Upper => name.to_uppercase(),
                Case::Lower => name.to_lowercase(),
                Case::Title => name.to_string(),
            };
            if let Some((_, Some(max))) = m.width {
                if name.chars().count() > max {
                    name = name.chars().take(max).collect();
                }
            }
            return Ok(name);
        }
        return match &m.int {
            Some(f) => format_int(v, f),
            None => Ok(String::new()),
        };
    }
    match c {
        'f' => match (&m.int, frag) {
            (Some(f), Frag::Num(v)) => format_int(v, f),
            _ => Ok(String::new()),
        },
        'Z' | 'z' => {
            let Some(f) = &m.int else {
                return Ok(String::new());
            };
            let offset = oh * 100.0 + om;
            let mut s = if f.regular.is_some() {
                format_int(offset, f)?
            } else {
                match f.mandatory {
                    1 | 2 => {
                        let mut s = format_int(oh, f)?;
                        if om != 0.0 {
                            let two = analyse_integer_picture("00")?;
                            s = format!("{s}:{}", format_int(om, &two)?);
                        }
                        s
                    }
                    3 | 4 => format_int(offset, f)?,
                    n => return Err(Error::new("D3134").value(n.to_string())),
                }
            };
            if offset >= 0.0 {
                s = format!("+{s}");
            }
            if c == 'z' {
                s = format!("GMT{s}");
            }
            if offset == 0.0 && m.presentation2 == Some('t') {
                s = "Z".into();
            }
            Ok(s)
        }
        'P' => {
            let s = match frag {
                Frag::Text(t) => t.to_string(),
                _ => String::new(),
            };
            Ok(if m.names == Some(Case::Upper) {
                s.to_uppercase()
            } else {
                s
            })
        }
        _ => Ok(match frag {
            Frag::Text(t) => t.to_string(),
            Frag::Num(n) => crate::json_out::number_to_string(n),
            Frag::None => String::new(),
        }),
    }
}

fn part_matcher(part: &Part) -> R<Matcher> {
    match part {
        Part::Literal(s) => Ok(Matcher {
            regex: escape(s),
            kind: ParseKind::None,
        }),
        Part::Marker(m) if m.component == 'Z' || m.component == 'z' => {
            let sep = m.int.as_ref().and_then(|f| f.regular.map(|(_, c)| c));
            let mut regex = String::new();
            if m.component == 'z' {
                regex.push_str("GMT");
            }
            regex.push_str("[-+][0-9]+");
            if let Some(c) = sep {
                regex.push_str(&escape(&c.to_string()));
                regex.push_str("[0-9]+");
            }
            Ok(Matcher {
                regex,
                kind: ParseKind::Offset {
                    z: m.component == 'z',
                    sep,
                },
            })
        }
        Part::Marker(m) if m.component == 'f' => Ok(Matcher {
            regex: "[0-9]+".into(),
            kind: ParseKind::Fraction,
        }),
        Part::Marker(m) => match &m.int {
            Some(f) => int_matcher(f),
            None => {
                let max = m.width.and_then(|(_, max)| max);
                let trunc = |s: &str| match max {
                    Some(mx) => s.chars().take(mx).collect::<String>(),
                    None => s.to_string(),
                };
                let names: Vec<(String, f64)> = match m.component {
                    'M' | 'x' => MONTHS
                        .iter()
                        .enumerate()
                        .map(|(i, n)| (trunc(n), (i + 1) as f64))
                        .collect(),
                    'F' => DAYS
                        .iter()
                        .enumerate()
                        .skip(1)
                        .map(|(i, n)| (trunc(n), i as f64))
                        .collect(),
                    'P' => vec![
                        ("am".into(), 0.0),
                        ("AM".into(), 0.0),
                        ("pm".into(), 1.0),
                        ("PM".into(), 1.0),
                    ],
                    c => return Err(Error::new("D3133").value(c.to_string())),
                };
                Ok(Matcher {
                    regex: "[a-zA-Z]+".into(),
                    kind: ParseKind::Names(names),
                })
            }
        },
    }
}

fn parse_date_time(ctx_now: f64, timestamp: &str, picture: &str) -> R<Option<f64>> {
    let spec = analyse_picture(picture)?;
    let mut matchers = Vec::new();
    for p in &spec {
        matchers.push((p, part_matcher(p)?));
    }
    let full = format!(
        "^{}$",
        matchers
            .iter()
            .map(|(_, m)| format!("({})", m.regex))
            .collect::<String>()
    );
    let re = regress::Regex::with_flags(&full, "i").map_err(|_| Error::new("D3136"))?;
    let Some(found) = re.find(timestamp) else {
        return Ok(None);
    };
    let mut comps: std::collections::HashMap<char, f64> = std::collections::HashMap::new();
    for (i, (part, m)) in matchers.iter().enumerate() {
        let Part::Marker(mk) = part else { continue };
        let text = found
            .captures
            .get(i)
            .and_then(|c| c.clone())
            .and_then(|r| timestamp.get(r))
            .unwrap_or("");
        let v = match &m.kind {
            ParseKind::Int(f) => parse_int_value(f, text),
            ParseKind::Fraction => {
                let t: String = text.chars().take(3).collect();
                format!("0.{t}").parse::<f64>().unwrap_or(0.0) * 1000.0
            }
            ParseKind::Offset { z, sep } => {
                let t = if *z {
                    text.get(3..).unwrap_or("")
                } else {
                    text
                };
                let (h, mi) = match sep {
                    Some(c) => match t.split_once(*c) {
                        Some((a, b)) => (parse_int_prefix(a), parse_int_prefix(b)),
                        None => (parse_int_prefix(t), 0.0),
                    },
                    None => {
                        let n = t.chars().count().saturating_sub(1);
                        if n <= 2 {
                            (parse_int_prefix(t), 0.0)
                        } else {
                            (
                                parse_int_prefix(t.get(..3).unwrap_or("")),
                                parse_int_prefix(t.get(3..).unwrap_or("")),
                            )
                        }
                    }
                };
                h * 60.0 + mi
            }
            ParseKind::Names(names) => names
                .iter()
                .find(|(n, _)| n == text)
                .map_or(f64::NAN, |(_, v)| *v),
            ParseKind::None => continue,
        };
        comps.insert(mk.component, v);
    }
    if comps.is_empty() {
        return Ok(None);
    }
    let has = |c: char, comps: &std::collections::HashMap<char, f64>| {
        comps.get(&c).is_some_and(|v| *v != 0.0 && !v.is_nan())
    };
    let mut mask: u32 = 0;
    for c in "YXMxWwdD".chars() {
        mask = (mask << 1) + has(c, &comps) as u32;
    }
    let is_type = |t: u32, mask: u32| (!t & mask) == 0 && (t & mask) != 0;
    let date_a = is_type(161, mask);
    let date_b = !date_a && is_type(130, mask);
    let date_c = is_type(84, mask);
    let date_d = !date_c && is_type(72, mask);
    mask = 0;
    for c in "PHhmsf".chars() {
        mask = (mask << 1) + has(c, &comps) as u32;
    }
    let time_a = is_type(23, mask);
    let time_b = !time_a && is_type(47, mask);
    let date_comps = if date_b {
        "YD"
    } else if date_c {
        "XxwF"
    } else if date_d {
        "XWF"
    } else {
        "YMD"
    };
    let time_comps = if time_b { "Phmsf" } else { "Hmsf" };
    let now = dt(ctx_now);
    let mut start_specified = false;
    let mut end_specified = false;
    for c in date_comps.chars().chain(time_comps.chars()) {
        if let std::collections::hash_map::Entry::Vacant(slot) = comps.entry(c) {
            if start_specified {
                slot.insert(if "MDd".contains(c) { 1.0 } else { 0.0 });
                end_specified = true;
            } else {
                slot.insert(match fragment(&now, c) {
                    Frag::Num(n) => n,
                    _ => 0.0,
                });
            }
        } else {
            start_specified = true;
            if end_specified {
                return Err(Error::new("D3136"));
            }
        }
    }
    let g = |c: char, comps: &std::collections::HashMap<char, f64>| {
        comps.get(&c).copied().unwrap_or(0.0)
    };
    let mut month = g('M', &comps);
    month = if month > 0.0 { month - 1.0 } else { 0.0 };
    let mut day = g('D', &comps);
    if date_b {
        let jan1 = date_utc(g('Y', &comps), 0.0, 1.0, 0.0, 0.0, 0.0, 0.0);
        let derived = dt(jan1 + (g('d', &comps) - 1.0) * MS_DAY);
        month = derived.month as f64;
        day = derived.day as f64;
    }
    if date_c || date_d {
        return Err(Error::new("D3136"));
    }
    let mut hour = g('H', &comps);
    if time_b {
        let h = g('h', &comps);
        hour = if h == 12.0 { 0.0 } else { h };
        if g('P', &comps) == 1.0 {
            hour += 12.0;
        }
    }
    let mut millis = date_utc(
        g('Y', &comps),
        month,
        day,
        hour,
        g('m', &comps),
        g('s', &comps),
        g('f', &comps),
    );
    let tz = comps
        .get(&'Z')
        .or_else(|| comps.get(&'z'))
        .copied()
        .unwrap_or(0.0);
    if tz != 0.0 && !tz.is_nan() {
        millis -= tz * 60_000.0;
    }
    Ok(if millis.is_nan() { None } else { Some(millis) })
}

/// `Date.parse` of the ISO 8601 forms JSONata accepts.
fn parse_iso(s: &str) -> Option<f64> {
    let re = regress::Regex::new(
        r"^(\d{4})(?:-([01]\d))?(?:-([0-3]\d))?(?:T([0-2]\d):([0-5]\d):([0-5]\d))?(?:\.(\d+))?([+-][0-2]\d:?[0-5]\d|Z)?$",
    )
    .ok()?;
    let m = re.find(s)?;
    let grp = |i: usize| {
        m.captures
            .get(i.wrapping_sub(1))
            .and_then(|c| c.clone())
            .and_then(|r| s.get(r))
    };
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

pub(crate) fn call<'a>(ctx: &Ctx<'a>, b: Builtin, args: &[V<'a>]) -> R<V<'a>> {
    match b {
        Builtin::Millis => Ok(Some(Value::Num(ctx.now_ms))),
        Builtin::Now => Ok(Some(Value::string(format_date_time(
            ctx.now_ms,
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
                Some(p) => Ok(parse_date_time(ctx.now_ms, s, p)?.map(Value::Num)),
            }
        }
        _ => Ok(None),
    }
}
