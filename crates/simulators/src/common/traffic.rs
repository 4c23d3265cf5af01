//! Traffic shaping and accounting shared by the simulators: the leaky-bucket rate
//! budget, the requests and bytes counted per path, and the last requests recorded.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::time::Instant;

/// The rate budget: `requests` per `window`, in a leaky bucket `burst` deep.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RateLimit {
    pub requests: u32,
    pub window: Duration,
    pub burst: u32,
}

impl RateLimit {
    /// Coupa's documented budget: 25 requests a second, bursts of 20.
    pub fn coupa() -> Self {
        RateLimit {
            requests: 25,
            window: Duration::from_secs(1),
            burst: 20,
        }
    }

    /// `N/SECS` (e.g. `25/1`) with bursts of at most `max_burst`.
    pub fn parse(text: &str, max_burst: u32) -> Result<RateLimit, String> {
        let (n, secs) = text
            .split_once('/')
            .ok_or_else(|| format!("rate limit {text:?} is not N/SECS"))?;
        let requests: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("{n:?} is not a count"))?;
        let secs: f64 = secs
            .trim()
            .parse()
            .map_err(|_| format!("{secs:?} is not seconds"))?;
        if requests == 0 || !(secs > 0.0 && secs.is_finite()) {
            return Err("rate limit must be positive".into());
        }
        Ok(RateLimit {
            requests,
            window: Duration::from_secs_f64(secs),
            burst: requests.min(max_burst.max(1)),
        })
    }
}

/// A leaky bucket filled by requests and drained at the budget's rate.
pub(crate) struct Bucket {
    limit: RateLimit,
    level: f64,
    last: Instant,
}

impl Bucket {
    pub(crate) fn new(limit: RateLimit) -> Bucket {
        Bucket {
            limit,
            level: 0.0,
            last: Instant::now(),
        }
    }

    /// Takes one drop; false when it would overflow.
    pub(crate) fn admit(&mut self) -> bool {
        let now = Instant::now();
        let rate = self.limit.requests as f64 / self.limit.window.as_secs_f64().max(1e-3);
        let leaked = now.duration_since(self.last).as_secs_f64() * rate;
        self.level = (self.level - leaked).max(0.0);
        self.last = now;
        if self.level + 1.0 > self.limit.burst.max(1) as f64 {
            return false;
        }
        self.level += 1.0;
        true
    }
}

/// One request as received.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
}

impl RecordedRequest {
    pub(crate) fn new(
        method: &axum::http::Method,
        uri: &axum::http::Uri,
        headers: &axum::http::HeaderMap,
    ) -> Self {
        RecordedRequest {
            method: method.to_string(),
            path: uri.path().to_string(),
            query: uri.query().unwrap_or("").to_string(),
            headers: headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
        }
    }
}

/// What a simulator has served.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Counters {
    /// API requests per path (query left out).
    pub requests: BTreeMap<String, u64>,
    /// Response body bytes per path.
    pub bytes: BTreeMap<String, u64>,
    /// Token grants per client.
    pub token_grants: BTreeMap<String, u64>,
    /// Faults acted out (queued or drawn by the fault rate), by kind.
    pub faults: BTreeMap<String, u64>,
    /// The last requests, oldest first.
    pub recent: Vec<RecordedRequest>,
}

/// How many requests [`Counters::recent`] keeps.
pub(crate) const RECENT: usize = 500;

impl Counters {
    pub(crate) fn record(&mut self, req: RecordedRequest) {
        *self.requests.entry(req.path.clone()).or_default() += 1;
        self.recent.push(req);
        if self.recent.len() > RECENT {
            let excess = self.recent.len() - RECENT;
            self.recent.drain(..excess);
        }
    }
}
