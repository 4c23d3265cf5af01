//! Coupa XML to JSON: any bytes convert or are refused, never a panic, and a converted
//! document serializes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use gateway::providers::coupa::xml::{error_messages, to_json};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = to_json(data) {
        let _ = error_messages(&doc);
        let _ = serde_json::to_string(&doc.value);
    }
});
