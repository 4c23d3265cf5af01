//! Simulators of procurement systems' APIs, faithful to their public documentation,
//! for procura's tests, its demo and `procura sandbox`.
//!
//! Each simulator shares nothing with the gateway but the documented wire format: the
//! gateway crate never depends on this one, so a test that passes against a simulator
//! checks the gateway against the wire, not against shared code.
//!
//! - [`coupa`]: the Coupa Core REST API.
//! - [`oracle_fusion`]: Oracle Fusion Cloud Procurement and Payables (ADF REST).
//!
//! Both share one harness (fault injection, rate budget, latency, counters, OAuth
//! clients and tokens), so a fault or a counter means the same in either.

mod common;
pub mod coupa;
pub mod oracle_fusion;
