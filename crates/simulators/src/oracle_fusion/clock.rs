//! Dates and timestamps as Fusion writes them (`2019-08-01`,
//! `2019-05-14T18:20:59.164+00:00`), and the literals a `q` may compare them with.

/// Seeded records are dated before this instant (2026-01-01T00:00:00Z), in milliseconds.
pub const EPOCH_MS: i64 = 1_767_225_600_000;

/// Now, in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

fn civil(ms: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

/// A timestamp with milliseconds and a `+00:00` offset.
pub fn stamp(ms: i64) -> String {
    let t = civil(ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}+00:00",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// A date (`yyyy-MM-dd`).
pub fn date(ms: i64) -> String {
    let t = civil(ms);
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

/// Reads a date or a timestamp into milliseconds since the Unix epoch: `2024-01-31`,
/// `2024-01-31T10:00:00`, `2024-01-31 10:00:00`, with optional fractions and an offset
/// (`Z`, `+00:00`, `-0800`); without an offset the time is UTC.
pub fn parse(text: &str) -> Option<i64> {
    let s = text.trim();
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let month = time::Month::try_from(u8::try_from(mo).ok()?).ok()?;
    let day = time::Date::from_calendar_date(y as i32, month, u8::try_from(d).ok()?).ok()?;
    let mut ms = day.midnight().assume_utc().unix_timestamp() * 1000;
    if b.len() == 10 {
        return Some(ms);
    }
    if !matches!(b[10], b'T' | b' ') || b.len() < 16 || b[13] != b':' {
        return None;
    }
    let (h, mi) = (num(11, 2)?, num(14, 2)?);
    let mut at = 16;
    let mut sec = 0;
    if b.get(at) == Some(&b':') {
        sec = num(at + 1, 2)?;
        at += 3;
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    ms += (h * 3600 + mi * 60 + sec) * 1000;
    if b.get(at) == Some(&b'.') {
        let start = at + 1;
        let mut end = start;
        while b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        if end == start {
            return None;
        }
        let frac = &s[start..end.min(start + 3)];
        let scale = 10i64.pow(3 - frac.len() as u32);
        ms += frac.parse::<i64>().ok()? * scale;
        at = end;
    }
    match b.get(at) {
        None => Some(ms),
        Some(b'Z') if at + 1 == b.len() => Some(ms),
        Some(sign @ (b'+' | b'-')) => {
            let rest = &s[at + 1..];
            let (oh, om) = match rest.len() {
                5 if rest.as_bytes()[2] == b':' => (num(at + 1, 2)?, num(at + 4, 2)?),
                4 => (num(at + 1, 2)?, num(at + 3, 2)?),
                2 => (num(at + 1, 2)?, 0),
                _ => return None,
            };
            let offset = (oh * 60 + om) * 60_000;
            Some(if *sign == b'+' {
                ms - offset
            } else {
                ms + offset
            })
        }
        _ => None,
    }
}

/// Whether a string is a plain date (`yyyy-MM-dd`).
pub fn is_date(s: &str) -> bool {
    s.len() == 10 && parse(s).is_some()
}

/// Whether a string is a timestamp with a time part.
pub fn is_timestamp(s: &str) -> bool {
    s.len() > 10 && s.as_bytes()[10] == b'T' && parse(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_reads_back() {
        let t = 1_700_000_000_123;
        assert_eq!(stamp(t), "2023-11-14T22:13:20.123+00:00");
        assert_eq!(parse(&stamp(t)), Some(t));
        assert_eq!(date(t), "2023-11-14");
    }

    #[test]
    fn literal_forms() {
        let base = parse("2024-01-31T10:00:00+00:00").unwrap();
        assert_eq!(parse("2024-01-31T10:00:00Z"), Some(base));
        assert_eq!(parse("2024-01-31 10:00:00"), Some(base));
        assert_eq!(parse("2024-01-31T10:00"), Some(base));
        assert_eq!(parse("2024-01-31T02:00:00-08:00"), Some(base));
        assert_eq!(parse("2024-01-31T11:00:00+0100"), Some(base));
        assert_eq!(parse("2024-01-31T10:00:00.5+00:00"), Some(base + 500));
        assert_eq!(parse("2024-01-31"), Some(base - 10 * 3_600_000));
        assert_eq!(parse("2024-02-30"), None);
        assert_eq!(parse("yesterday"), None);
        assert_eq!(parse("2024-01-31T10:00:00+00:00 "), Some(base));
    }
}
