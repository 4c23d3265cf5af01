//! The integration tests: one binary, a module per feature, real HTTP on loopback.

mod cli;
mod deploy;
