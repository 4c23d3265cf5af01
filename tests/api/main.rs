//! The integration tests: one binary, a module per feature, real HTTP on loopback.

mod chaos;
mod cli;
mod common;
mod coupa_swagger;
mod deploy;
mod external;
mod gateway;
mod hostile;
mod isolation;
mod jsonata_diff;
mod neighbours;
mod notify;
mod ops;
mod process;
mod providers;
mod read_schema;
mod sandbox;
mod scale;
mod secrets;
mod soak;
mod spec;
mod ssrf;
mod unified;
mod wire;
mod writes;
