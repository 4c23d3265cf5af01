//! The integration tests: one binary, a module per feature, real HTTP on loopback.

mod cli;
mod common;
mod deploy;
mod external;
mod gateway;
mod jsonata_diff;
mod ops;
mod process;
mod sandbox;
mod scale;
mod spec;
mod unified;
mod writes;
