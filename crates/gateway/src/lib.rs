//! The procura gateway: one unified procurement API in front of each tenant's
//! procurement system.
//!
//! A request runs one way and back: [`http`] (route, caller, tenant) → [`resources`]
//! (definition, query, cursor, mapping chain) → [`coupa`] (tokens, budget, the wire call)
//! → back up through the mapping chain to the caller. [`state`] holds what outlives one
//! request; [`config`] is the TOML file; [`app`] composes them into a running server.
//! The mapping engine is the `jsonata` crate; the simulators the tests use are a crate
//! this one never depends on. See `ARCHITECTURE.md` at the repository root.

pub mod app;
pub mod clock;
pub mod config;
pub mod cpu;
pub mod events;
pub mod field_message;
pub mod gate;
pub mod http;
pub mod observe;
pub mod outbound;
pub mod providers;
pub mod query_string;
pub mod resources;
pub mod state;
pub mod studio;
pub mod subscriptions;
pub mod tenant;
