//! Cursors and sync tokens: opaque, HMAC-signed, bound to tenant, resource and query.
//!
//! Wire form: `base64url(json) "." base64url(hmac)`. The MAC covers the encoded payload,
//! and decoding insists on the canonical encoding, so any altered byte is refused.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::config::Secret;

/// Longest token accepted, in bytes (a real one is a few hundred).
const MAX_LEN: usize = 4096;

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// Tenant.
    pub t: String,
    /// Resource.
    pub r: String,
    /// The canonical query of the run.
    pub q: BTreeMap<String, String>,
    /// Id of the last record returned.
    pub a: i64,
    /// Unix seconds at which the run's first page was read.
    pub s: i64,
}

/// Where the next incremental run starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncToken {
    pub t: String,
    pub r: String,
    /// The canonical query of the run, without `updated_after`.
    pub q: BTreeMap<String, String>,
    /// Unix seconds: list what was updated at or after this.
    pub w: i64,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "k")]
enum Payload {
    #[serde(rename = "c")]
    Cursor(Cursor),
    #[serde(rename = "s")]
    Sync(SyncToken),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("it is not a token this gateway issued, or it was altered")]
    Invalid,
    #[error("it is a sync token, not a cursor")]
    NotACursor,
    #[error("it is a cursor, not a sync token")]
    NotASyncToken,
}

/// Signs and verifies tokens with the configured `cursor_secret`.
#[derive(Clone)]
pub struct Signer {
    key: Secret,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer([redacted])")
    }
}

impl Signer {
    pub fn new(secret: &Secret) -> Self {
        Signer {
            key: secret.clone(),
        }
    }

    fn mac(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.key.expose().as_bytes())
            .expect("HMAC accepts keys of any length");
        mac.update(b"procura-token-v1.");
        mac.update(payload.as_bytes());
        mac
    }

    fn seal(&self, payload: &Payload) -> String {
        let json = serde_json::to_vec(payload).unwrap_or_default();
        let body = URL_SAFE_NO_PAD.encode(json);
        let tag = URL_SAFE_NO_PAD.encode(self.mac(&body).finalize().into_bytes());
        format!("{body}.{tag}")
    }

    fn open(&self, token: &str) -> Result<Payload, TokenError> {
        if token.len() > MAX_LEN {
            return Err(TokenError::Invalid);
        }
        let (body, tag) = token.split_once('.').ok_or(TokenError::Invalid)?;
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| TokenError::Invalid)?;
        let expected = self.mac(body).finalize().into_bytes();
        if tag.len() != expected.len() || !bool::from(expected.as_slice().ct_eq(&tag)) {
            return Err(TokenError::Invalid);
        }
        let json = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| TokenError::Invalid)?;
        if URL_SAFE_NO_PAD.encode(&json) != body {
            return Err(TokenError::Invalid);
        }
        serde_json::from_slice(&json).map_err(|_| TokenError::Invalid)
    }

    pub fn cursor(&self, c: Cursor) -> String {
        self.seal(&Payload::Cursor(c))
    }

    pub fn sync_token(&self, s: SyncToken) -> String {
        self.seal(&Payload::Sync(s))
    }

    pub fn open_cursor(&self, token: &str) -> Result<Cursor, TokenError> {
        match self.open(token)? {
            Payload::Cursor(c) => Ok(c),
            Payload::Sync(_) => Err(TokenError::NotACursor),
        }
    }

    pub fn open_sync_token(&self, token: &str) -> Result<SyncToken, TokenError> {
        match self.open(token)? {
            Payload::Sync(s) => Ok(s),
            Payload::Cursor(_) => Err(TokenError::NotASyncToken),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn signer() -> Signer {
        Signer::new(&Secret::new("a-cursor-secret-of-some-length"))
    }

    fn cursor() -> Cursor {
        Cursor {
            t: "acme".into(),
            r: "purchase_orders".into(),
            q: BTreeMap::from([("status".into(), "issued".into())]),
            a: 1234,
            s: 1_700_000_000,
        }
    }

    #[test]
    fn round_trip() {
        let s = signer();
        let token = s.cursor(cursor());
        assert_eq!(s.open_cursor(&token).unwrap(), cursor());
        assert_eq!(s.open_sync_token(&token), Err(TokenError::NotASyncToken));
    }

    #[test]
    fn other_secret_refuses() {
        let token = signer().cursor(cursor());
        let other = Signer::new(&Secret::new("another-secret-entirely"));
        assert_eq!(other.open_cursor(&token), Err(TokenError::Invalid));
    }

    proptest! {
        #[test]
        fn any_altered_byte_is_refused(pos in 0usize..400, byte in 0u8..128) {
            let s = signer();
            let token = s.cursor(cursor());
            let mut bytes = token.clone().into_bytes();
            let pos = pos % bytes.len();
            prop_assume!(bytes[pos] != byte);
            bytes[pos] = byte;
            let altered = String::from_utf8_lossy(&bytes).into_owned();
            prop_assert!(s.open_cursor(&altered).is_err());
        }

        #[test]
        fn truncation_and_extension_are_refused(cut in 1usize..50, extra in "[A-Za-z0-9_.-]{1,8}") {
            let s = signer();
            let token = s.cursor(cursor());
            let cut = cut.min(token.len());
            prop_assert!(s.open_cursor(&token[..token.len() - cut]).is_err());
            let longer = format!("{token}{extra}");
            prop_assert!(s.open_cursor(&longer).is_err());
        }

        #[test]
        fn garbage_never_panics(text in ".{0,600}") {
            let _ = signer().open_cursor(&text);
        }
    }
}
