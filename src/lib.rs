//! The `procura` command line and demo: the composition root that wires the gateway
//! (`procura-gateway`) to the simulators (`procura-simulators`). See `ARCHITECTURE.md`.

pub mod cli;
pub mod config_toml;
pub mod demo;
