//! CPU-heavy work (mapping records) runs here, never on the async threads that accept
//! connections and answer `/healthz`: a bounded number of blocking threads, a fair share
//! of them per tenant, and a time budget per request.
//!
//! Each job first takes a permit of its tenant's share (at most `per_tenant` jobs of one
//! tenant run at once; the rest wait in that tenant's FIFO line), then one of the pool's
//! `threads` permits (FIFO across tenants): a [`Gate`]. With the defaults — twice as many threads as
//! cores, each tenant limited to as many jobs as cores — one tenant saturating its share
//! leaves threads free for every other tenant, and the operating system time-slices the
//! cores between them, so a neighbour's expensive override slows others by a bounded
//! factor instead of queueing them behind it. Several saturating tenants split the pool
//! in arrival order. A job's budget starts when it starts running; a job whose request
//! was abandoned still holds its permits until it returns, so the bound is never
//! exceeded.

use std::time::{Duration, Instant};

use crate::gate::{Gate, Share};

/// The shared pool: how many jobs may run at once, and each tenant's share of them.
#[derive(Debug, Clone)]
pub struct CpuPool {
    threads: Gate,
    budget: Duration,
}

/// One tenant's share of the pool.
#[derive(Debug, Clone)]
pub struct CpuShare {
    share: Share,
    budget: Duration,
}

/// The job could not run: the runtime is shutting down, or the job panicked outside
/// the mapping engine's own containment.
#[derive(Debug, thiserror::Error)]
#[error("the mapping pool is unavailable")]
pub struct Unavailable;

impl CpuPool {
    /// `threads` jobs at once, at most `per_tenant` of one tenant, `budget` of time per
    /// job. Zeroes are taken as one.
    pub fn new(threads: usize, per_tenant: usize, budget: Duration) -> Self {
        CpuPool {
            threads: Gate::new(threads, per_tenant),
            budget,
        }
    }

    /// Cores available to this process (1 when unknown).
    pub fn cores() -> usize {
        std::thread::available_parallelism().map_or(1, usize::from)
    }

    /// A new tenant's share.
    pub fn share(&self) -> CpuShare {
        CpuShare {
            share: self.threads.share(),
            budget: self.budget,
        }
    }

    pub fn budget(&self) -> Duration {
        self.budget
    }
}

impl CpuShare {
    /// Runs `work` on a pool thread within this tenant's share; `work` is given its
    /// deadline (now + the pool's budget, taken when it starts).
    pub async fn run<R, F>(&self, work: F) -> Result<R, Unavailable>
    where
        F: FnOnce(Instant) -> R + Send + 'static,
        R: Send + 'static,
    {
        let permits = self.share.enter().await;
        let budget = self.budget;
        tokio::task::spawn_blocking(move || {
            let _permits = permits;
            work(Instant::now() + budget)
        })
        .await
        .map_err(|_| Unavailable)
    }

    /// Jobs of this tenant running or allowed to start right now.
    pub fn available(&self) -> usize {
        self.share.available()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A tenant never runs more than its share at once, and another tenant's job runs
    /// while the first one's line is full.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_tenant_keeps_to_its_share_and_others_still_run() {
        let pool = CpuPool::new(4, 2, Duration::from_secs(5));
        let busy = pool.share();
        let other = pool.share();
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let release_rx = Arc::new(std::sync::Mutex::new(release_rx));
        let mut jobs = Vec::new();
        for _ in 0..6 {
            let (running, peak, release_rx) = (running.clone(), peak.clone(), release_rx.clone());
            let busy = busy.clone();
            jobs.push(tokio::spawn(async move {
                busy.run(move |_| {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    release_rx.lock().unwrap().recv().ok();
                    running.fetch_sub(1, Ordering::SeqCst);
                })
                .await
                .unwrap()
            }));
        }
        // Wait until the busy tenant fills its share.
        while running.load(Ordering::SeqCst) < 2 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(busy.available(), 0);
        // The other tenant is not queued behind the four waiting jobs.
        let answer = other.run(|_| 42).await.unwrap();
        assert_eq!(answer, 42);
        for _ in 0..6 {
            release_tx.send(()).unwrap();
        }
        for j in jobs {
            j.await.unwrap();
        }
        assert_eq!(peak.load(Ordering::SeqCst), 2, "never more than the share");
    }

    #[tokio::test]
    async fn the_deadline_is_the_budget_from_the_start() {
        let pool = CpuPool::new(1, 1, Duration::from_millis(250));
        let before = Instant::now();
        let deadline = pool.share().run(|d| d).await.unwrap();
        assert!(deadline >= before + Duration::from_millis(250));
    }
}
