//! The studio's store of runtime tenants and saved overrides, in this process's memory:
//! ordered keys, atomic batches, and AES-256-GCM sealing of secrets with `[state]
//! encryption_key` (a key drawn at start when none is configured, since nothing sealed
//! here outlives the process). The interface is the one a durable store offers (get,
//! put, delete, ordered scan, atomic batch, seal), so a durable backend can take its
//! place without touching its users.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;

use crate::config::StateConfig;

/// Why the store could not do what was asked.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("stored state could not be read")]
    Corrupt,
}

/// One change of an atomic batch.
#[derive(Debug, Clone)]
pub enum Op {
    Put(String, Vec<u8>),
    Delete(String),
}

#[derive(Clone)]
pub struct Store {
    map: Arc<Mutex<BTreeMap<String, Vec<u8>>>>,
    cipher: Arc<Aes256Gcm>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("kind", &self.kind()).finish()
    }
}

impl Store {
    pub fn open(config: &StateConfig) -> Store {
        let mut key = [0u8; 32];
        match config
            .encryption_key
            .as_ref()
            .and_then(|k| hex::decode(k.expose()).ok())
        {
            Some(k) if k.len() == 32 => key.copy_from_slice(&k),
            _ => rand::thread_rng().fill_bytes(&mut key),
        }
        Store {
            map: Arc::default(),
            cipher: Arc::new(Aes256Gcm::new(&key.into())),
        }
    }

    pub fn kind(&self) -> &'static str {
        "memory"
    }

    pub fn durable(&self) -> bool {
        false
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Vec<u8>>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.lock().get(key).cloned())
    }

    pub async fn put(&self, key: &str, value: Vec<u8>) -> Result<(), StoreError> {
        self.lock().insert(key.to_string(), value);
        Ok(())
    }

    pub async fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.lock().remove(key);
        Ok(())
    }

    /// Every key starting with `prefix`, in key order.
    pub async fn scan(&self, prefix: &str) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        Ok(self
            .lock()
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }

    /// Applies every op or none.
    pub async fn apply(&self, ops: Vec<Op>) -> Result<(), StoreError> {
        let mut map = self.lock();
        for op in ops {
            match op {
                Op::Put(k, v) => {
                    map.insert(k, v);
                }
                Op::Delete(k) => {
                    map.remove(&k);
                }
            }
        }
        Ok(())
    }

    /// Encrypts: a random 12-byte nonce followed by the ciphertext.
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        let mut out = nonce.to_vec();
        out.extend(
            self.cipher
                .encrypt(Nonce::from_slice(&nonce), plaintext)
                .unwrap_or_default(),
        );
        out
    }

    pub fn unseal(&self, sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
        if sealed.len() < 12 {
            return Err(StoreError::Corrupt);
        }
        let (nonce, body) = sealed.split_at(12);
        self.cipher
            .decrypt(Nonce::from_slice(nonce), body)
            .map_err(|_| StoreError::Corrupt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn scans_in_key_order_and_seals_round_trip() {
        let s = Store::open(&StateConfig::default());
        s.apply(vec![
            Op::Put("tenant:b".into(), b"2".to_vec()),
            Op::Put("tenant:a".into(), b"1".to_vec()),
            Op::Put("other".into(), b"x".to_vec()),
        ])
        .await
        .unwrap();
        let keys: Vec<String> = s
            .scan("tenant:")
            .await
            .unwrap()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["tenant:a", "tenant:b"]);
        let sealed = s.seal(b"secret");
        assert!(!sealed.windows(6).any(|w| w == b"secret"));
        assert_eq!(s.unseal(&sealed).unwrap(), b"secret");
        assert!(s.unseal(&sealed[..5]).is_err());
    }
}
