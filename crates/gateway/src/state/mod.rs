//! Operational state that outlives one request: idempotency records of writes, and the
//! key-value [`store::Store`] (memory, an embedded file, or Redis) that subscriptions and
//! runtime tenants keep their state in. Records themselves are never stored; only the
//! response a write produced, for its replay.

pub mod idempotency;
pub mod redis;
pub mod seal;
pub mod store;

/// Why shared or stored state could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("Redis did not answer in time")]
    Timeout,
    #[error("Redis: {0}")]
    Redis(String),
    #[error("state file: {0}")]
    File(String),
    #[error("stored state could not be read")]
    Corrupt,
}
