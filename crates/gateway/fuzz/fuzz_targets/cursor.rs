//! Cursor and sync-token decoding: any text is refused or opened, never a panic, and
//! nothing but a token this signer made opens.
#![no_main]

use libfuzzer_sys::fuzz_target;
use gateway::config::Secret;
use gateway::resources::cursor::Signer;

fuzz_target!(|data: &[u8]| {
    let signer = Signer::new(&Secret::new("fuzzing-cursor-secret-0123456789"));
    let text = String::from_utf8_lossy(data);
    let cursor = signer.open_cursor(&text);
    let sync = signer.open_sync_token(&text);
    // The fuzzer cannot know the secret: an opened token would be a forgery.
    assert!(
        cursor.is_err() && sync.is_err(),
        "a token opened without the secret: {text:?}"
    );
});
