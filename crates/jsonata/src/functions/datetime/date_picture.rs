//! Date/time pictures (XPath `[Y0001]-[M01]-[D01]` markers): analysing a
//! picture, formatting a timestamp with it, and parsing a timestamp by it.

use super::calendar::{Dt, Frag, MS_DAY, date_utc, dt, fragment};
use super::integer_picture::{
    Case, IntFormat, Matcher, ParseKind, analyse_integer_picture, escape, format_int, int_matcher,
    parse_int_prefix, parse_int_value,
};
use crate::error::{Error, R};
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Clone, Debug)]
pub(super) enum Part {
    Literal(String),
    Marker(Marker),
}

#[derive(Clone, Debug)]
pub(super) struct Marker {
    component: char,
    width: Option<(Option<usize>, Option<usize>)>,
    presentation1: String,
    presentation2: Option<char>,
    names: Option<Case>,
    int: Option<IntFormat>,
    n: i64,
}

/// Pictures analysed lately on this thread, newest last: a mapping formats every
/// record's dates with the same one or two pictures, and analysing one costs more
/// than formatting a date with it. Bounded in entries and picture length, so
/// pictures taken from data cannot grow it.
const RECENT_PICTURES: usize = 8;
const CACHED_PICTURE_LEN: usize = 128;

/// A picture's text and its analysis.
type Analysed = (Box<str>, Rc<[Part]>);

thread_local! {
    static RECENT: RefCell<Vec<Analysed>> = const { RefCell::new(Vec::new()) };
}

/// [`analyse_picture`], through the thread's cache of recent pictures.
pub(super) fn picture(picture: &str) -> R<Rc<[Part]>> {
    let hit = RECENT.with_borrow(|recent| {
        recent
            .iter()
            .rev()
            .find(|(p, _)| **p == *picture)
            .map(|(_, spec)| spec.clone())
    });
    if let Some(spec) = hit {
        return Ok(spec);
    }
    let spec: Rc<[Part]> = analyse_picture(picture)?.into();
    if picture.len() <= CACHED_PICTURE_LEN {
        RECENT.with_borrow_mut(|recent| {
            if recent.len() == RECENT_PICTURES {
                recent.remove(0);
            }
            recent.push((picture.into(), spec.clone()));
        });
    }
    Ok(spec)
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

pub(super) fn default_presentation(c: char) -> Option<&'static str> {
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

pub(super) fn format_date_time(millis: f64, picture: Option<&str>, tz: Option<&str>) -> R<String> {
    let (mut oh, mut om) = (0.0f64, 0.0f64);
    if let Some(tz) = tz {
        let offset = parse_int_prefix(tz);
        if offset.is_finite() {
            oh = (offset / 100.0).floor();
            om = offset % 100.0;
        }
    }
    let spec =
        self::picture(picture.unwrap_or("[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"))?;
    let offset_ms = (60.0 * oh + om) * 60_000.0;
    let d = dt(millis + offset_ms);
    let mut out = String::new();
    for part in spec.iter() {
        match part {
            Part::Literal(s) => out.push_str(s),
            Part::Marker(m) => out.push_str(&format_component(&d, m, oh, om)?),
        }
    }
    Ok(out)
}

pub(super) fn format_component(d: &Dt, m: &Marker, oh: f64, om: f64) -> R<String> {
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

pub(super) fn part_matcher(part: &Part) -> R<Matcher> {
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

pub(super) fn parse_date_time(ctx_now: f64, timestamp: &str, picture: &str) -> R<Option<f64>> {
    let spec = self::picture(picture)?;
    let mut matchers = Vec::new();
    for p in spec.iter() {
        matchers.push((p, part_matcher(p)?));
    }
    let full = format!(
        "^{}$",
        matchers
            .iter()
            .map(|(_, m)| format!("({})", m.regex))
            .collect::<String>()
    );
    // the linear engine: a picture is data, and its pattern must not backtrack
    let re = regex::RegexBuilder::new(&full)
        .case_insensitive(true)
        .size_limit(1 << 22)
        .build()
        .map_err(|_| Error::new("D3136"))?;
    let Some(found) = re.captures(timestamp) else {
        return Ok(None);
    };
    let mut comps: std::collections::HashMap<char, f64> = std::collections::HashMap::new();
    for (i, (part, m)) in matchers.iter().enumerate() {
        let Part::Marker(mk) = part else { continue };
        let text = found.get(i + 1).map_or("", |g| g.as_str());
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

#[cfg(test)]
mod tests {
    use super::{RECENT_PICTURES, format_date_time};

    /// More pictures than the cache holds, each used again after others: every
    /// result is the one a fresh analysis gives, and a bad picture still fails.
    #[test]
    fn cached_pictures_format_as_fresh_ones() {
        let pictures: Vec<String> = (0..RECENT_PICTURES + 3)
            .map(|i| format!("[Y0001]-[M01]-[D01] #{i} [H01]:[m01]"))
            .collect();
        let ms = 1_700_000_000_123.0;
        for round in 0..3 {
            for (i, p) in pictures.iter().enumerate().rev().skip(round) {
                let expected = format!("2023-11-14 #{i} 22:13");
                assert_eq!(
                    format_date_time(ms, Some(p), None).expect("formats"),
                    expected
                );
            }
        }
        assert!(format_date_time(ms, Some("[Y0001"), None).is_err());
        assert!(format_date_time(ms, Some("[Y0001"), None).is_err());
    }
}
