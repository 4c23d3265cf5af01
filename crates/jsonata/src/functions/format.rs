//! `$formatNumber` (XPath picture strings) and `$formatBase`;
//! `$formatInteger`/`$parseInteger` live in the date/time module.

use super::args::{arg, num_arg, str_arg};
use crate::builtins::Builtin;
use crate::error::{Error, R};
use crate::value::{V, Value};

pub(crate) fn call<'a>(b: Builtin, args: &[V<'a>]) -> R<V<'a>> {
    match b {
        Builtin::FormatNumber => {
            let Some(value) = num_arg(args, 0) else {
                return Ok(None);
            };
            let picture = str_arg(args, 1).unwrap_or("");
            let opts = arg(args, 2);
            Ok(Some(Value::string(format_number(
                value,
                picture,
                opts.as_ref(),
            )?)))
        }
        Builtin::FormatBase => {
            let Some(value) = num_arg(args, 0) else {
                return Ok(None);
            };
            let value = super::numeric::round(value, 0.0);
            let radix = num_arg(args, 1).map_or(10.0, |r| super::numeric::round(r, 0.0));
            if !(2.0..=36.0).contains(&radix) {
                return Err(Error::new("D3100").value(crate::json_out::number_to_string(radix)));
            }
            Ok(Some(Value::string(to_radix(value, radix as u32))))
        }
        Builtin::FormatInteger => super::datetime::integer_picture::format_integer_fn(args),
        Builtin::ParseInteger => super::datetime::integer_picture::parse_integer_fn(args),
        _ => Ok(None),
    }
}

fn to_radix(value: f64, radix: u32) -> String {
    let neg = value < 0.0;
    let mut n = value.abs();
    if !n.is_finite() {
        return crate::json_out::number_to_string(value);
    }
    let mut digits = Vec::new();
    if n < 1.0 {
        digits.push('0');
    }
    while n >= 1.0 {
        let d = (n % radix as f64) as u32;
        digits.push(std::char::from_digit(d, radix).unwrap_or('0'));
        n = (n / radix as f64).floor();
    }
    if neg {
        digits.push('-');
    }
    digits.iter().rev().collect()
}

struct Props {
    decimal: char,
    grouping: char,
    exponent: char,
    minus: String,
    percent: char,
    per_mille: char,
    zero: char,
    digit: char,
    pattern_sep: char,
    infinity: String,
    nan: String,
}

struct Parts {
    prefix: String,
    suffix: String,
    active: Vec<char>,
    mantissa: Vec<char>,
    exponent: Option<Vec<char>>,
    integer: Vec<char>,
    fractional: Vec<char>,
    picture: Vec<char>,
}

#[derive(Clone)]
struct Analysed {
    integer_grouping: Vec<usize>,
    regular: usize,
    min_int: usize,
    scaling: usize,
    prefix: String,
    fractional_grouping: Vec<usize>,
    min_frac: usize,
    max_frac: usize,
    min_exp: usize,
    suffix: String,
    picture: Vec<char>,
}

fn first_char(v: &Value<'_>) -> Option<char> {
    v.as_str().and_then(|s| s.chars().next())
}

fn format_number(value: f64, picture: &str, opts: Option<&Value<'_>>) -> R<String> {
    let mut p = Props {
        decimal: '.',
        grouping: ',',
        exponent: 'e',
        minus: "-".into(),
        percent: '%',
        per_mille: '\u{2030}',
        zero: '0',
        digit: '#',
        pattern_sep: ';',
        infinity: "Infinity".into(),
        nan: "NaN".into(),
    };
    if let Some(o) = opts {
        for (k, v) in o.entries() {
            let c = first_char(&v);
            match (&*k, c) {
                ("decimal-separator", Some(c)) => p.decimal = c,
                ("grouping-separator", Some(c)) => p.grouping = c,
                ("exponent-separator", Some(c)) => p.exponent = c,
                ("minus-sign", _) => p.minus = v.as_str().unwrap_or("-").to_string(),
                ("percent", Some(c)) => p.percent = c,
                ("per-mille", Some(c)) => p.per_mille = c,
                ("zero-digit", Some(c)) => p.zero = c,
                ("digit", Some(c)) => p.digit = c,
                ("pattern-separator", Some(c)) => p.pattern_sep = c,
                ("infinity", _) => p.infinity = v.as_str().unwrap_or("Infinity").to_string(),
                ("NaN", _) => p.nan = v.as_str().unwrap_or("NaN").to_string(),
                _ => {}
            }
        }
    }
    let zero = p.zero as u32;
    let family: Vec<char> = (0..10).filter_map(|i| char::from_u32(zero + i)).collect();
    let is_digit = |c: char| family.contains(&c);
    let mut active: Vec<char> = family.clone();
    active.extend([p.decimal, p.exponent, p.grouping, p.digit, p.pattern_sep]);
    let is_active = |c: char| active.contains(&c);

    let pic: Vec<char> = picture.chars().collect();
    let subs: Vec<Vec<char>> = pic
        .split(|c| *c == p.pattern_sep)
        .map(|s| s.to_vec())
        .collect();
    if subs.len() > 2 {
        return Err(Error::new("D3080"));
    }
    let split = |sub: &Vec<char>| -> Parts {
        let pre_end = sub
            .iter()
            .position(|c| is_active(*c) && *c != p.exponent)
            .unwrap_or(sub.len());
        let prefix: String = if pre_end == sub.len() {
            String::new()
        } else {
            sub.iter().take(pre_end).collect()
        };
        let suf_start = sub
            .iter()
            .rposition(|c| is_active(*c) && *c != p.exponent)
            .map_or(sub.len(), |i| i + 1);
        let suffix: String = if suf_start == sub.len() && pre_end == sub.len() {
            String::new()
        } else {
            sub.iter().skip(suf_start).collect()
        };
        let plen = prefix.chars().count();
        let slen = suffix.chars().count();
        let active_part: Vec<char> = sub
            .get(plen..sub.len().saturating_sub(slen))
            .map(|s| s.to_vec())
            .unwrap_or_default();
        let exp_pos = sub
            .iter()
            .skip(plen)
            .position(|c| *c == p.exponent)
            .map(|i| i + plen);
        let (mantissa, exponent) = match exp_pos {
            Some(ep) if ep <= sub.len() - slen => {
                let rel = ep - plen;
                (
                    active_part
                        .get(..rel)
                        .map(|s| s.to_vec())
                        .unwrap_or_default(),
                    Some(
                        active_part
                            .get(rel + 1..)
                            .map(|s| s.to_vec())
                            .unwrap_or_default(),
                    ),
                )
            }
            _ => (active_part.clone(), None),
        };
        let (integer, fractional) = match mantissa.iter().position(|c| *c == p.decimal) {
            None => (mantissa.clone(), suffix.chars().collect()),
            Some(d) => (
                mantissa.get(..d).map(|s| s.to_vec()).unwrap_or_default(),
                mantissa
                    .get(d + 1..)
                    .map(|s| s.to_vec())
                    .unwrap_or_default(),
            ),
        };
        Parts {
            prefix,
            suffix,
            active: active_part,
            mantissa,
            exponent,
            integer,
            fractional,
            picture: sub.clone(),
        }
    };
    let parts: Vec<Parts> = subs.iter().map(split).collect();
    for part in &parts {
        validate(part, &p, &is_digit, &is_active)?;
    }
    let mut vars: Vec<Analysed> = parts.iter().map(|x| analyse(x, &p, &is_digit)).collect();
    if vars.len() == 1 {
        if let Some(first) = vars.first() {
            let mut neg = first.clone();
            neg.prefix = format!("{}{}", p.minus, neg.prefix);
            vars.push(neg);
        }
    }
    let Some(pic) = (if value >= 0.0 {
        vars.first()
    } else {
        vars.get(1)
    }) else {
        return Ok(String::new());
    };
    if value.is_nan() {
        return Ok(p.nan.clone());
    }
    if value.is_infinite() {
        return Ok(format!("{}{}{}", pic.prefix, p.infinity, pic.suffix));
    }
    let adjusted = if pic.picture.contains(&p.percent) {
        value * 100.0
    } else if pic.picture.contains(&p.per_mille) {
        value * 1000.0
    } else {
        value
    };
    let mut mantissa = adjusted;
    let mut exponent: Option<i32> = None;
    if pic.min_exp != 0 {
        let max_m = 10f64.powi(pic.scaling as i32);
        let min_m = 10f64.powi(pic.scaling as i32 - 1);
        let mut e = 0;
        if mantissa != 0.0 {
            let mut guard = 0;
            while mantissa.abs() < min_m && guard < 400 {
                mantissa *= 10.0;
                e -= 1;
                guard += 1;
            }
            while mantissa.abs() > max_m && guard < 800 {
                mantissa /= 10.0;
                e += 1;
                guard += 1;
            }
        }
        exponent = Some(e);
    }
    let rounded = super::numeric::round(mantissa, pic.max_frac as f64);
    let make = |v: f64, dp: usize| -> String {
        let s = format!("{:.*}", dp.min(100), v.abs());
        s.chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    char::from_u32(zero + (c as u32 - '0' as u32)).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect()
    };
    let mut sv: Vec<char> = make(rounded, pic.max_frac).chars().collect();
    match sv.iter().position(|c| *c == '.') {
        None => sv.push(p.decimal),
        Some(i) => {
            if let Some(c) = sv.get_mut(i) {
                *c = p.decimal;
            }
        }
    }
    while sv.first() == Some(&p.zero) {
        sv.remove(0);
    }
    while sv.last() == Some(&p.zero) {
        sv.pop();
    }
    let dpos = sv.iter().position(|c| *c == p.decimal).unwrap_or(0);
    let pad_left = pic.min_int as i64 - dpos as i64;
    let pad_right = pic.min_frac as i64 - (sv.len() as i64 - dpos as i64 - 1);
    if pad_left > 0 {
        let mut pre = vec![p.zero; pad_left as usize];
        pre.append(&mut sv);
        sv = pre;
    }
    if pad_right > 0 {
        sv.extend(std::iter::repeat_n(p.zero, pad_right as usize));
    }
    let mut dpos = sv.iter().position(|c| *c == p.decimal).unwrap_or(0);
    if let Some(groups) = (dpos.saturating_sub(1)).checked_div(pic.regular) {
        for g in 1..=groups {
            let at = dpos - g * pic.regular;
            sv.insert(at, p.grouping);
        }
    } else {
        for pos in &pic.integer_grouping {
            if *pos <= dpos {
                sv.insert(dpos - pos, p.grouping);
                dpos += 1;
            }
        }
    }
    let dpos = sv.iter().position(|c| *c == p.decimal).unwrap_or(0);
    for pos in &pic.fractional_grouping {
        let at = pos + dpos + 1;
        if at <= sv.len() {
            sv.insert(at, p.grouping);
        }
    }
    let dpos = sv.iter().position(|c| *c == p.decimal);
    if !pic.picture.contains(&p.decimal) || dpos == Some(sv.len().saturating_sub(1)) {
        sv.pop();
    }
    let mut out: String = sv.into_iter().collect();
    if let Some(e) = exponent {
        let mut es = make(e as f64, 0);
        let pad = pic.min_exp as i64 - es.chars().count() as i64;
        if pad > 0 {
            es = format!("{}{es}", p.zero.to_string().repeat(pad as usize));
        }
        out = format!(
            "{out}{}{}{es}",
            p.exponent,
            if e < 0 { p.minus.as_str() } else { "" }
        );
    }
    Ok(format!("{}{out}{}", pic.prefix, pic.suffix))
}

fn count(s: &[char], f: impl Fn(char) -> bool) -> usize {
    s.iter().filter(|c| f(**c)).count()
}

fn validate(
    x: &Parts,
    p: &Props,
    is_digit: &dyn Fn(char) -> bool,
    is_active: &dyn Fn(char) -> bool,
) -> R<()> {
    let sub = &x.picture;
    let mut err = None;
    if count(sub, |c| c == p.decimal) > 1 {
        err = Some("D3081");
    }
    if count(sub, |c| c == p.percent) > 1 {
        err = Some("D3082");
    }
    if count(sub, |c| c == p.per_mille) > 1 {
        err = Some("D3083");
    }
    if sub.contains(&p.percent) && sub.contains(&p.per_mille) {
        err = Some("D3084");
    }
    if !x.mantissa.iter().any(|c| is_digit(*c) || *c == p.digit) {
        err = Some("D3085");
    }
    if x.active.iter().any(|c| !is_active(*c)) {
        err = Some("D3086");
    }
    match sub.iter().position(|c| *c == p.decimal) {
        Some(d) => {
            let before = d.checked_sub(1).and_then(|i| sub.get(i)).copied();
            let after = sub.get(d + 1).copied();
            if before == Some(p.grouping) || after == Some(p.grouping) {
                err = Some("D3087");
            }
        }
        None => {
            if x.integer.last() == Some(&p.grouping) {
                err = Some("D3088");
            }
        }
    }
    if sub
        .windows(2)
        .any(|w| w.first() == Some(&p.grouping) && w.get(1) == Some(&p.grouping))
    {
        err = Some("D3089");
    }
    if let Some(od) = x.integer.iter().position(|c| *c == p.digit) {
        if x.integer.iter().take(od).any(|c| is_digit(*c)) {
            err = Some("D3090");
        }
    }
    if let Some(od) = x.fractional.iter().rposition(|c| *c == p.digit) {
        if x.fractional.iter().skip(od).any(|c| is_digit(*c)) {
            err = Some("D3091");
        }
    }
    if let Some(e) = &x.exponent {
        if !e.is_empty() && (sub.contains(&p.percent) || sub.contains(&p.per_mille)) {
            err = Some("D3092");
        }
        if e.is_empty() || e.iter().any(|c| !is_digit(*c)) {
            err = Some("D3093");
        }
    }
    match err {
        Some(code) => Err(Error::new(code)),
        None => Ok(()),
    }
}

fn analyse(x: &Parts, p: &Props, is_digit: &dyn Fn(char) -> bool) -> Analysed {
    let grouping_positions = |part: &[char], to_left: bool| -> Vec<usize> {
        let mut out = Vec::new();
        for (i, c) in part.iter().enumerate() {
            if *c == p.grouping {
                let side: &[char] = if to_left {
                    part.get(..i).unwrap_or(&[])
                } else {
                    part.get(i..).unwrap_or(&[])
                };
                out.push(count(side, |c| is_digit(c) || c == p.digit));
            }
        }
        out
    };
    let integer_grouping = grouping_positions(&x.integer, false);
    let regular = {
        if integer_grouping.is_empty() {
            0
        } else {
            fn gcd(a: usize, b: usize) -> usize {
                if b == 0 { a } else { gcd(b, a % b) }
            }
            let factor = integer_grouping.iter().copied().fold(0, gcd);
            let ok = factor > 0
                && (1..=integer_grouping.len()).all(|i| integer_grouping.contains(&(i * factor)));
            if ok { factor } else { 0 }
        }
    };
    let fractional_grouping = grouping_positions(&x.fractional, true);
    let mut min_int = count(&x.integer, is_digit);
    let scaling = min_int;
    let mut min_frac = count(&x.fractional, is_digit);
    let mut max_frac = count(&x.fractional, |c| is_digit(c) || c == p.digit);
    let exp_present = x.exponent.is_some();
    if min_int == 0 && max_frac == 0 {
        if exp_present {
            min_frac = 1;
            max_frac = 1;
        } else {
            min_int = 1;
        }
    }
    if exp_present && min_int == 0 && x.integer.contains(&p.digit) {
        min_int = 1;
    }
    if min_int == 0 && min_frac == 0 {
        min_frac = 1;
    }
    let min_exp = x.exponent.as_ref().map_or(0, |e| count(e, is_digit));
    Analysed {
        integer_grouping,
        regular,
        min_int,
        scaling,
        prefix: x.prefix.clone(),
        fractional_grouping,
        min_frac,
        max_frac,
        min_exp,
        suffix: x.suffix.clone(),
        picture: x.picture.clone(),
    }
}
