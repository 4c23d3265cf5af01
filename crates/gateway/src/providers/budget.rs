//! A tenant's rate budget as the gateway sees it: upstream calls counted per fixed window,
//! the limit configured or learned from the provider's 429s (Oracle Fusion: also 503s with
//! `Retry-After`), and the block such an answer starts.
//!
//! Once the budget is known, calls are also paced by a leaky bucket like the upstream's
//! (drained at the budget's rate, as deep as the provider's burst): a call the bucket
//! would refuse waits for its turn, up to [`MAX_TURN`], instead of being sent into a 429
//! whose Retry-After (whole seconds) would cost its caller far longer; a call whose turn
//! is further off goes at once, and the upstream answers for it (its 429 passes through
//! to the caller). A 429 fills the bucket. The window's count and the block keep telling
//! callers the budget's story in the `ratelimit-*` headers.
//!
//! With a shared store the counts, the learned limit and the block live there, in windows
//! aligned to the epoch, so every replica tells the same story; the local count is kept
//! too and answers while the store is away.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::clock;
use crate::config::RateLimitConfig;
use crate::state::redis::Redis;

/// What the `ratelimit-*` headers say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RateLimitStatus {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the budget is whole again.
    pub reset_secs: u64,
    pub window_secs: u64,
}

/// Coupa documents its budget per second.
const LEARNED_WINDOW: Duration = Duration::from_secs(1);

/// How many calls shallower the pacing bucket is than the upstream's, so that calls
/// arriving there closer together than they left here cannot overflow it.
const SLACK: f64 = 1.0;

/// The longest a call waits for its turn in the pacing bucket. A call whose turn is
/// further off goes at once without taking a place: the gateway never holds a caller
/// longer than a 429's `Retry-After` would, and never queues without bound.
pub const MAX_TURN: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub struct Budget {
    configured: Option<RateLimitConfig>,
    /// The provider's documented burst (how deep its bucket is), when it has one.
    burst: Option<u32>,
    inner: Mutex<State>,
    shared: Option<(Redis, String)>,
}

#[derive(Debug)]
struct State {
    window_start: Instant,
    count: u32,
    learned: Option<u32>,
    blocked_until: Option<Instant>,
    /// The pacing bucket: its level (calls) at `drained_at`.
    level: f64,
    drained_at: Instant,
}

impl State {
    /// The pacing bucket as it is at `now`, drained at `rate` calls a second.
    fn drain(&mut self, now: Instant, rate: f64) {
        let drained = now.saturating_duration_since(self.drained_at).as_secs_f64() * rate;
        self.level = (self.level - drained).max(0.0);
        self.drained_at = now;
    }
}

impl Budget {
    pub fn new(configured: Option<RateLimitConfig>) -> Self {
        Budget::shared(configured, None)
    }

    /// A budget kept in `shared` for `tenant` (and locally).
    pub fn shared(configured: Option<RateLimitConfig>, shared: Option<(Redis, String)>) -> Self {
        let now = Instant::now();
        Budget {
            shared,
            configured,
            burst: None,
            inner: Mutex::new(State {
                window_start: now,
                count: 0,
                learned: None,
                blocked_until: None,
                level: 0.0,
                drained_at: now,
            }),
        }
    }

    /// The upstream's bucket is at most `burst` calls deep (Coupa: 20), whatever the
    /// budget per window.
    pub fn with_burst(mut self, burst: Option<u32>) -> Self {
        self.burst = burst;
        self
    }

    /// The pacing bucket's rate (calls a second) and depth, once the budget is known.
    fn bucket(&self, learned: Option<u32>) -> Option<(f64, f64)> {
        let limit = self.configured.map(|c| c.requests).or(learned)?.max(1);
        let rate = f64::from(limit) / self.window().as_secs_f64().max(1e-3);
        let depth = self.burst.map_or(limit, |b| b.min(limit)).max(1);
        // one call of margin below the upstream's depth (at least one call a turn)
        Some((rate, (f64::from(depth) - SLACK).max(1.0)))
    }

    /// Waits until the upstream's bucket, as mirrored here, has room for one more call,
    /// and takes it. Returns at once while the budget is unknown.
    pub async fn pace(&self) {
        let wait = {
            let now = Instant::now();
            let mut s = self.inner.lock().unwrap_or_else(|p| p.into_inner());
            let Some((rate, depth)) = self.bucket(s.learned) else {
                return;
            };
            s.drain(now, rate);
            // the call takes its place now; it waits until the level ahead of it has
            // drained to the depth
            let over = s.level + 1.0 - depth;
            if over <= 0.0 {
                s.level += 1.0;
                None
            } else {
                let turn = Duration::from_secs_f64(over / rate);
                // a turn beyond MAX_TURN: sent now, outside the bucket (the upstream
                // answers for it)
                (turn <= MAX_TURN).then(|| {
                    s.level += 1.0;
                    turn
                })
            }
        };
        if let Some(wait) = wait {
            tokio::time::sleep(wait).await;
        }
    }

    fn window(&self) -> Duration {
        self.configured
            .map(|c| Duration::from_secs(c.window_secs))
            .unwrap_or(LEARNED_WINDOW)
    }

    fn state(&self, now: Instant) -> std::sync::MutexGuard<'_, State> {
        let mut s = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let window = self.window();
        let elapsed = now.saturating_duration_since(s.window_start);
        if elapsed >= window {
            let windows = elapsed.as_nanos() / window.as_nanos().max(1);
            s.window_start += window.mul_f64(windows as f64);
            if s.window_start > now {
                s.window_start = now;
            }
            s.count = 0;
        }
        if s.blocked_until.is_some_and(|b| now >= b) {
            s.blocked_until = None;
        }
        s
    }

    fn window_ms(&self) -> u64 {
        self.window().as_millis().max(1) as u64
    }

    /// Counts one upstream call.
    pub async fn record_call(&self) {
        self.record_call_local();
        if let Some((redis, tenant)) = &self.shared {
            let w = self.window_ms();
            let _ = redis.count_call(tenant, clock::unix_ms() / w, w).await;
        }
    }

    fn record_call_local(&self) {
        let now = Instant::now();
        self.state(now).count += 1;
    }

    /// The provider answered 429 (or throttled otherwise) to the call just counted. Learns the budget when none is
    /// configured: the calls that went through in this window.
    pub async fn record_429(&self, retry_after: Option<Duration>) {
        self.record_429_local(retry_after);
        if let Some((redis, tenant)) = &self.shared {
            let w = self.window_ms();
            let now = clock::unix_ms();
            let learned = if self.configured.is_none() {
                match redis.budget(tenant, now / w).await {
                    Ok((count, _, _)) => Some((count.saturating_sub(1).max(1)) as u32),
                    Err(_) => self.local_learned(),
                }
            } else {
                None
            };
            let until = match retry_after {
                Some(d) => now + d.as_millis() as u64,
                None => (now / w + 1) * w,
            };
            let _ = redis.record_429(tenant, learned, until.max(now + 1)).await;
        }
    }

    fn local_learned(&self) -> Option<u32> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).learned
    }

    fn record_429_local(&self, retry_after: Option<Duration>) {
        let now = Instant::now();
        let window = self.window();
        let mut s = self.state(now);
        if self.configured.is_none() {
            let passed = s.count.saturating_sub(1).max(1);
            s.learned = Some(passed);
        }
        let until = match retry_after {
            Some(d) => now + d,
            None => s.window_start + window,
        };
        s.blocked_until = Some(until.max(now + Duration::from_millis(1)));
        // the upstream's bucket is full: the next call waits a turn
        if let Some((rate, depth)) = self.bucket(s.learned) {
            s.drain(now, rate);
            s.level = s.level.max(depth);
        }
    }

    pub fn limit(&self) -> Option<u32> {
        self.configured
            .map(|c| c.requests)
            .or_else(|| self.local_learned())
    }

    /// The headers' story now; `None` while the budget is unknown.
    pub async fn status(&self) -> Option<RateLimitStatus> {
        if let Some((redis, tenant)) = &self.shared {
            let w = self.window_ms();
            let now = clock::unix_ms();
            if let Ok((count, learned, blocked)) = redis.budget(tenant, now / w).await {
                let limit = self.configured.map(|c| c.requests).or(learned)?;
                let (remaining, reset_at) = match blocked.filter(|b| *b > now) {
                    Some(until) => (0, until),
                    None => (limit.saturating_sub(count as u32), (now / w + 1) * w),
                };
                return Some(RateLimitStatus {
                    limit,
                    remaining,
                    reset_secs: ceil_secs(Duration::from_millis(reset_at.saturating_sub(now)))
                        .max(1),
                    window_secs: (w / 1000).max(1),
                });
            }
        }
        self.status_local()
    }

    fn status_local(&self) -> Option<RateLimitStatus> {
        let now = Instant::now();
        let window = self.window();
        let s = self.state(now);
        let limit = self.configured.map(|c| c.requests).or(s.learned)?;
        let (remaining, reset_at) = match s.blocked_until {
            Some(until) => (0, until),
            None => (limit.saturating_sub(s.count), s.window_start + window),
        };
        let reset = reset_at.saturating_duration_since(now);
        Some(RateLimitStatus {
            limit,
            remaining,
            reset_secs: ceil_secs(reset).max(1),
            window_secs: window.as_secs().max(1),
        })
    }
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn configured_budget_counts_calls_per_window() {
        let b = Budget::new(Some(RateLimitConfig {
            requests: 25,
            window_secs: 1,
        }));
        for _ in 0..8 {
            b.record_call().await;
        }
        let s = b.status().await.unwrap();
        assert_eq!((s.limit, s.remaining, s.reset_secs), (25, 17, 1));
        tokio::time::advance(Duration::from_millis(1001)).await;
        assert_eq!(b.status().await.unwrap().remaining, 25);
    }

    #[tokio::test(start_paused = true)]
    async fn unknown_until_a_429_teaches_it() {
        let b = Budget::new(None);
        assert!(b.status().await.is_none());
        for _ in 0..21 {
            b.record_call().await;
        }
        b.record_429(None).await;
        let s = b.status().await.unwrap();
        assert_eq!((s.limit, s.remaining), (20, 0));
        tokio::time::advance(Duration::from_secs(1)).await;
        assert_eq!(b.status().await.unwrap().remaining, 20);
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_sets_the_reset() {
        let b = Budget::new(Some(RateLimitConfig {
            requests: 5,
            window_secs: 1,
        }));
        b.record_call().await;
        b.record_429(Some(Duration::from_secs(7))).await;
        let s = b.status().await.unwrap();
        assert_eq!((s.remaining, s.reset_secs), (0, 7));
        tokio::time::advance(Duration::from_secs(3)).await;
        assert_eq!(b.status().await.unwrap().remaining, 0);
        tokio::time::advance(Duration::from_secs(5)).await;
        assert_eq!(b.status().await.unwrap().remaining, 5);
    }

    fn assert_near(d: Duration, ms: u64, what: &str) {
        let ms = Duration::from_millis(ms);
        let off = d.abs_diff(ms);
        assert!(off < Duration::from_micros(10), "{what}: {d:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn pacing_mirrors_the_upstreams_bucket() {
        let b = Budget::new(Some(RateLimitConfig {
            requests: 25,
            window_secs: 1,
        }))
        .with_burst(Some(20));
        let start = Instant::now();
        for _ in 0..19 {
            b.pace().await;
        }
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "the burst, less one, at once"
        );
        b.pace().await;
        assert_near(start.elapsed(), 40, "then one turn at 25/s");
        b.pace().await;
        assert_near(start.elapsed(), 80, "and one more");
        // idle for a second: the bucket drained, a burst goes at once again
        tokio::time::advance(Duration::from_secs(1)).await;
        let again = Instant::now();
        for _ in 0..19 {
            b.pace().await;
        }
        assert_eq!(again.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn no_call_waits_longer_than_one_turn_limit() {
        let b = Budget::new(Some(RateLimitConfig {
            requests: 10,
            window_secs: 1,
        }))
        .with_burst(Some(5));
        // 4 at once, then turns of 100 ms up to MAX_TURN: 10 more calls
        let start = Instant::now();
        let waits: Vec<Duration> = futures::future::join_all((0..40).map(|_| async {
            let t = Instant::now();
            b.pace().await;
            t.elapsed()
        }))
        .await;
        // (the timer's millisecond granularity aside)
        let longest = MAX_TURN + Duration::from_millis(2);
        assert!(waits.iter().all(|w| *w <= longest), "{waits:?}");
        let waited = waits.iter().filter(|w| !w.is_zero()).count();
        assert_eq!(waited, 10, "{waits:?}");
        assert_eq!(
            waits.iter().filter(|w| w.is_zero()).count(),
            30,
            "4 within the burst, 26 beyond the longest turn go at once"
        );
        assert!(start.elapsed() <= longest);
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_fills_the_bucket_and_an_unknown_budget_is_not_paced() {
        let unknown = Budget::new(None);
        let start = Instant::now();
        for _ in 0..100 {
            unknown.pace().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        let b = Budget::new(Some(RateLimitConfig {
            requests: 10,
            window_secs: 1,
        }));
        b.pace().await;
        b.record_call().await;
        b.record_429(None).await;
        let start = Instant::now();
        b.pace().await;
        assert_near(start.elapsed(), 100, "one turn at 10/s");
    }
}
