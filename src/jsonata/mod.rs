//! The JSONata mapping engine: compiles expressions once, evaluates them on
//! `serde_json` values from any thread. Payloads are data, never code.
