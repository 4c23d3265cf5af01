//! Calendar arithmetic on UTC milliseconds (proleptic Gregorian, as JavaScript's
//! `Date`): civil dates from and to day numbers, `Date.UTC`, ISO weeks, and the
//! components a date picture can show.

pub(super) const MS_DAY: f64 = 86_400_000.0;

pub(super) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(super) fn civil_from_days(z: i64) -> (i64, i64, i64) {
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
pub(super) fn date_utc(y: f64, m0: f64, d: f64, h: f64, mi: f64, s: f64, ms: f64) -> f64 {
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
pub(super) struct Dt {
    pub(super) millis: f64,
    pub(super) year: i64,
    pub(super) month: i64, // 0-based
    pub(super) day: i64,
    pub(super) hour: i64,
    pub(super) minute: i64,
    pub(super) second: i64,
    pub(super) ms: i64,
    pub(super) wday: i64, // 0 = Sunday
}

pub(super) fn dt(millis: f64) -> Dt {
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

pub(super) fn start_of_first_week(year: i64, month: i64) -> f64 {
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

pub(super) fn next_month(y: i64, m: i64) -> (i64, i64) {
    if m == 11 { (y + 1, 0) } else { (y, m + 1) }
}

pub(super) fn prev_month(y: i64, m: i64) -> (i64, i64) {
    if m == 0 { (y - 1, 11) } else { (y, m - 1) }
}

pub(super) fn delta_weeks(start: f64, end: f64) -> f64 {
    (end - start) / (MS_DAY * 7.0) + 1.0
}

pub(super) enum Frag {
    Num(f64),
    Text(&'static str),
    None,
}

pub(super) fn fragment(d: &Dt, component: char) -> Frag {
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
