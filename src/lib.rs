//! procura: a unified procurement API gateway in front of Coupa.
//!
//! The request path runs one way: [`http`] (route, caller, tenant) → [`resources`]
//! (definition, mapping chain, cursor) → [`coupa`] (tokens, wire client) → back out
//! through the mapping. [`sandbox`] is a separate room: a Coupa simulator that the
//! gateway never imports. See `ARCHITECTURE.md`.

pub mod cli;
pub mod jsonata;
pub mod sandbox;
