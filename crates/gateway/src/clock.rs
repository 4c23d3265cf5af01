//! The wall clock, read one way everywhere: unix milliseconds and seconds for windows,
//! tokens and sync watermarks, RFC 3339 for what people read.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the unix epoch (0 for a clock set before it).
pub fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Seconds since the unix epoch.
pub fn unix_secs() -> i64 {
    i64::try_from(unix_ms() / 1000).unwrap_or(i64::MAX)
}

/// Now, as RFC 3339 in UTC.
pub fn rfc3339_now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
