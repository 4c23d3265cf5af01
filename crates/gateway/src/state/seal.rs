//! AES-256-GCM sealing of state at rest (tokens, idempotency bodies, runtime tenants'
//! secrets): the random 12-byte nonce first, then the ciphertext and its tag.

use std::sync::Arc;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;

use super::StateError;
use crate::config::Secret;

const NONCE: usize = 12;

/// A key that seals and opens; cheap to clone.
#[derive(Clone)]
pub struct Sealer(Arc<Aes256Gcm>);

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer")
    }
}

impl Sealer {
    /// The key of `[state] encryption_key`: 32 bytes as 64 hex digits.
    pub fn from_hex(key: &Secret) -> Result<Sealer, StateError> {
        let mut raw = [0u8; 32];
        hex::decode_to_slice(key.expose(), &mut raw).map_err(|_| StateError::Corrupt)?;
        Ok(Sealer::from_bytes(&raw))
    }

    /// A key of this process only (state that does not outlive it).
    pub fn random() -> Sealer {
        let mut raw = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut raw);
        Sealer::from_bytes(&raw)
    }

    fn from_bytes(raw: &[u8; 32]) -> Sealer {
        Sealer(Arc::new(Aes256Gcm::new(raw.into())))
    }

    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = self
            .0
            .encrypt(Nonce::from_slice(&nonce), plaintext)
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(sealed);
        out
    }

    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, StateError> {
        if sealed.len() < NONCE {
            return Err(StateError::Corrupt);
        }
        let (nonce, body) = sealed.split_at(NONCE);
        self.0
            .decrypt(Nonce::from_slice(nonce), body)
            .map_err(|_| StateError::Corrupt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_opens_with_its_key_only() {
        let a = Sealer::random();
        let sealed = a.seal(b"secret");
        assert_ne!(&sealed[NONCE..], b"secret");
        assert_eq!(a.open(&sealed).unwrap(), b"secret");
        assert!(Sealer::random().open(&sealed).is_err());
        assert!(a.open(&sealed[..5]).is_err());
        let key = Secret::new("ab".repeat(32));
        let (b, c) = (
            Sealer::from_hex(&key).unwrap(),
            Sealer::from_hex(&key).unwrap(),
        );
        assert_eq!(c.open(&b.seal(b"x")).unwrap(), b"x");
        assert!(Sealer::from_hex(&Secret::new("zz")).is_err());
    }
}
