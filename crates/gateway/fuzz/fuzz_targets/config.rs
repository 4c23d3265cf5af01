//! The config loader: any text loads or gives an error naming the file, never a panic.
//! `${VAR}` values come from a fixed environment.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use gateway::config::Config;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let env = |name: &str| match name {
        "SECRET" => Some("s3cr3t-value".to_string()),
        "EMPTY" => Some(String::new()),
        "NESTED" => Some("${SECRET}".to_string()),
        _ => None,
    };
    match Config::from_toml(
        text,
        Path::new("fuzz.toml"),
        Path::new("/nonexistent"),
        &env,
    ) {
        Ok(_) => {}
        Err(e) => {
            let message = e.to_string();
            assert!(
                message.contains("fuzz.toml"),
                "an error without the file: {message}"
            );
            // A secret that came from the environment never shows; one written into the
            // file itself (the fuzzer learns the value from comparisons) may be quoted.
            assert!(
                text.contains("s3cr3t-value") || !message.contains("s3cr3t-value"),
                "a secret in an error: {message}"
            );
        }
    }
});
