//! Integer pictures (`$formatInteger`, `$parseInteger`, and the numeric
//! components of date pictures): decimal digits with grouping, words, Roman
//! numerals, letters and ordinals, in both directions.

use super::super::args::{num_arg, str_arg};
use crate::error::{Error, R};
use crate::value::{V, Value};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Primary {
    Decimal,
    Letters,
    Roman,
    Words,
    Sequence,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Case {
    Upper,
    Lower,
    Title,
}

#[derive(Clone, Debug)]
pub(super) struct IntFormat {
    pub(super) primary: Primary,
    pub(super) case: Case,
    pub(super) ordinal: bool,
    pub(super) zero: u32,
    pub(super) mandatory: usize,
    pub(super) optional: usize,
    pub(super) regular: Option<(usize, char)>,
    pub(super) separators: Vec<(usize, char)>,
    pub(super) token: String,
    pub(super) parse_width: Option<usize>,
}

const DECIMAL_GROUPS: &[u32] = &[
    0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10,
];

pub(super) fn analyse_integer_picture(picture: &str) -> R<IntFormat> {
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

pub(super) fn regular_repeat(seps: &[(usize, char)]) -> usize {
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

pub(super) fn words(num: f64, prev: bool, ord: bool, depth: usize) -> String {
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

pub(super) fn word_values() -> Vec<(String, f64)> {
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

pub(super) fn words_to_number(text: &str) -> f64 {
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

pub(super) fn to_roman(mut v: f64) -> String {
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

pub(super) fn from_roman(s: &str) -> f64 {
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

pub(super) fn to_letters(mut v: f64, a: char) -> String {
    let mut out = Vec::new();
    while v > 0.0 && out.len() < 100 {
        let d = ((v - 1.0) % 26.0) as u32;
        out.push(char::from_u32(a as u32 + d).unwrap_or('?'));
        v = ((v - 1.0) / 26.0).floor();
    }
    out.iter().rev().collect()
}

pub(super) fn from_letters(s: &str, a: char) -> f64 {
    let mut dec = 0.0;
    for (i, c) in s.chars().rev().enumerate() {
        dec += (c as u32 as f64 - a as u32 as f64 + 1.0) * 26f64.powi(i as i32);
    }
    dec
}

pub(super) fn format_int(value: f64, f: &IntFormat) -> R<String> {
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
        Primary::Decimal => decimal(value, f),
        Primary::Sequence => return Err(Error::new("D3130").value(f.token.clone())),
    };
    if negative {
        s = format!("-{s}");
    }
    Ok(s)
}

/// `value` (not negative) in decimal digits as the picture `f` writes them.
fn decimal(value: f64, f: &IntFormat) -> String {
    // the common picture (ASCII digits, zero-padded, no grouping or ordinal) of a
    // whole number short of exponent notation: its digits, padded
    if f.zero == 0x30
        && f.regular.is_none()
        && f.separators.is_empty()
        && !f.ordinal
        && value.fract() == 0.0
        && value < 1e15
    {
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(value as u64);
        let mut s = String::with_capacity(digits.len().max(f.mandatory));
        s.extend(std::iter::repeat_n(
            '0',
            f.mandatory.saturating_sub(digits.len()),
        ));
        s.push_str(digits);
        return s;
    }
    decimal_in_full(value, f)
}

/// [`decimal`] for any picture and value.
fn decimal_in_full(value: f64, f: &IntFormat) -> String {
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

pub(crate) fn format_integer_fn<'a>(args: &[V<'a>]) -> R<V<'a>> {
    let Some(v) = num_arg(args, 0) else {
        return Ok(None);
    };
    let f = analyse_integer_picture(str_arg(args, 1).unwrap_or(""))?;
    Ok(Some(Value::string(format_int(v.floor(), &f)?)))
}

pub(super) struct Matcher {
    pub(super) regex: String,
    pub(super) kind: ParseKind,
}

pub(super) enum ParseKind {
    Int(IntFormat),
    Offset { z: bool, sep: Option<char> },
    Fraction,
    Names(Vec<(String, f64)>),
    None,
}

pub(super) fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if ".*+?^${}()|[]\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(super) fn int_matcher(f: &IntFormat) -> R<Matcher> {
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

pub(super) fn parse_int_value(f: &IntFormat, value: &str) -> f64 {
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
pub(super) fn parse_int_prefix(s: &str) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::{analyse_integer_picture, decimal, decimal_in_full};
    use proptest::prelude::*;

    proptest! {
        /// The short way for plain pictures writes what the full one does.
        #[test]
        fn plain_decimal_pictures_write_as_in_full(
            v in prop_oneof![0u64..100_000, 0u64..2_000_000_000_000_000],
            width in 1usize..20,
        ) {
            let f = analyse_integer_picture(&"0".repeat(width)).expect("picture");
            let x = v as f64;
            prop_assert_eq!(decimal(x, &f), decimal_in_full(x, &f));
        }
    }
}
