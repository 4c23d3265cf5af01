//! procura: a unified procurement API gateway in front of Coupa.
//!
//! The request path runs one way: [`http`] (route, caller, tenant) → [`coupa`] (tokens,
//! wire client) → back out to the caller. [`sandbox`] is a separate room: a Coupa
//! simulator that the gateway never imports. See `ARCHITECTURE.md`.

pub mod app;
pub mod cli;
pub mod config;
pub mod coupa;
pub mod demo;
pub mod events;
pub mod http;
pub mod jsonata;
pub mod observe;
pub mod resources;
pub mod sandbox;
pub mod state;
