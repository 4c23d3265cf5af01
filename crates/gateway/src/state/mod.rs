//! Operational state that outlives one request: idempotency records of writes. Records
//! themselves are never stored; only the response a write produced, for its replay.

pub mod idempotency;
pub mod local;
pub mod redis;
