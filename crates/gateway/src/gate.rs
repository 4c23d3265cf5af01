//! A bound on work in flight, fair between tenants: at most `total` pieces of work at
//! once in the process, at most `per_tenant` of one tenant.
//!
//! Work first takes a permit of its tenant's share (the rest of that tenant's work waits
//! in its own FIFO line), then one of the process's permits (FIFO across tenants). With
//! `per_tenant` below `total`, one tenant filling its share leaves permits free for the
//! others, so a busy tenant never queues another behind it. Waiting is cancel-safe: work
//! abandoned while it waits takes no permit.

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The process's permits and each tenant's share of them.
#[derive(Debug, Clone)]
pub struct Gate {
    all: Arc<Semaphore>,
    per_tenant: usize,
}

/// One tenant's share of a [`Gate`].
#[derive(Debug, Clone)]
pub struct Share {
    all: Arc<Semaphore>,
    own: Arc<Semaphore>,
}

/// Both permits of one piece of work, given back when dropped.
#[derive(Debug)]
pub struct Entry {
    _own: OwnedSemaphorePermit,
    _all: OwnedSemaphorePermit,
}

impl Gate {
    /// `total` at once, at most `per_tenant` of one tenant. Zeroes are taken as one.
    pub fn new(total: usize, per_tenant: usize) -> Self {
        Gate {
            all: Arc::new(Semaphore::new(total.clamp(1, Semaphore::MAX_PERMITS))),
            per_tenant: per_tenant.clamp(1, Semaphore::MAX_PERMITS),
        }
    }

    /// A new tenant's share.
    pub fn share(&self) -> Share {
        Share {
            all: self.all.clone(),
            own: Arc::new(Semaphore::new(self.per_tenant)),
        }
    }
}

impl Share {
    /// Waits for a permit of this share, then one of the process's.
    pub async fn enter(&self) -> Entry {
        // Neither semaphore is ever closed, so acquiring only ends with a permit.
        let own = self.own.clone().acquire_owned().await;
        let own = own.expect("a share's semaphore is never closed");
        let all = self.all.clone().acquire_owned().await;
        let all = all.expect("a gate's semaphore is never closed");
        Entry {
            _own: own,
            _all: all,
        }
    }

    /// Pieces of this tenant's work allowed to start right now.
    pub fn available(&self) -> usize {
        self.own.available_permits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A tenant never holds more than its share, another tenant still enters while the
    /// first one's line is full, and the process never exceeds its total.
    #[tokio::test]
    async fn a_full_share_leaves_room_for_others() {
        let gate = Gate::new(3, 2);
        let (busy, other, third) = (gate.share(), gate.share(), gate.share());
        let held = [busy.enter().await, busy.enter().await];
        assert_eq!(busy.available(), 0);
        let waiting = tokio::time::timeout(Duration::from_millis(50), busy.enter()).await;
        assert!(waiting.is_err(), "a third entry of a share of two waits");
        let theirs = other.enter().await;
        let full = tokio::time::timeout(Duration::from_millis(50), third.enter()).await;
        assert!(full.is_err(), "a fourth entry of a gate of three waits");
        drop(theirs);
        let _now = third.enter().await;
        drop(held);
        assert_eq!(busy.available(), 2, "an abandoned wait took no permit");
    }
}
