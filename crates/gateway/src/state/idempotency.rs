//! `Idempotency-Key` on writes: the first request with a key runs, later ones with the
//! same key and body get its response, a concurrent duplicate waits for it, and the same
//! key with another body is a conflict. Keys are per tenant and live 24 hours.
//!
//! Records live in memory, or in the shared store when replicas run side by side (then a
//! duplicate on another replica waits for the first just the same). If the shared store
//! is away, the memory store stands in. With `[state] backend = "file:PATH"` the finished
//! records are also written to the file (the kept response sealed), so a retry after a
//! restart is still answered from them; expired ones are swept from the file hourly.
//!
//! The memory store is bounded by bytes (`state.idempotency_max_bytes`): each record
//! weighs its key and the response kept, and the least recently used go first. Callers
//! claim a key only for a request about to reach the provider, and keep a response no
//! larger than `state.idempotency_max_record_bytes` (`http::unified`).

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use bytes::Bytes;
use moka::sync::Cache;
use sha2::{Digest, Sha256};

use super::redis::{IdemRecord, Redis};
use super::store::Store;
use tokio::sync::watch;

/// How long a key is remembered.
pub const TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// A response kept for replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub status: u16,
    pub content_type: String,
    pub body: Bytes,
}

#[derive(Debug, Clone)]
enum Outcome {
    Done(Stored),
    /// The first request failed in a way a retry may fix: the key is free again.
    Forgotten,
}

#[derive(Debug)]
struct Slot {
    fingerprint: [u8; 32],
    outcome: watch::Sender<Option<Outcome>>,
}

type Key = (String, String);

/// A running request's claim lives this long in the shared store (a replica that dies
/// mid-request frees the key after it).
const LEASE: Duration = Duration::from_secs(180);

/// What to do with a request carrying an idempotency key.
pub enum Begin {
    /// First with this key: run it, then hand the response to the guard.
    Run(Guard),
    /// Seen before with the same body: answer with this.
    Replay(Stored),
    /// The key was used with another body.
    Conflict,
}

/// The idempotency store.
#[derive(Clone)]
pub struct Idempotency {
    slots: Cache<Key, Arc<Slot>>,
    shared: Option<Redis>,
    /// The `file:` store, where finished records outlive the process.
    file: Option<Store>,
}

/// A finished record as the `file:` store keeps it (sealed).
#[derive(serde::Serialize, serde::Deserialize)]
struct FileRecord {
    fp: String,
    /// Unix seconds after which the record is gone.
    expires: i64,
    status: u16,
    content_type: String,
    /// Base64.
    body: String,
}

/// Where the `file:` store keeps a record: the tenant and the SHA-256 of the key.
fn file_key(tenant: &str, key: &str) -> String {
    format!(
        "idem:{tenant}/{}",
        hex::encode(Sha256::digest(key.as_bytes()))
    )
}

impl std::fmt::Debug for Idempotency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Idempotency")
            .field("keys", &self.slots.entry_count())
            .field("bytes", &self.slots.weighted_size())
            .finish()
    }
}

impl Default for Idempotency {
    fn default() -> Self {
        Idempotency::new(None, 64 * 1024 * 1024)
    }
}

/// What one record is reckoned to hold beyond its key and response: the slot, its
/// channel, the cache's entry.
const RECORD_OVERHEAD: usize = 256;

/// The bytes a record holds, as the memory store counts them.
fn weight(key: &Key, slot: &Arc<Slot>) -> u32 {
    let kept = match &*slot.outcome.borrow() {
        Some(Outcome::Done(s)) => s.body.len() + s.content_type.len(),
        _ => 0,
    };
    let n = key.0.len() + key.1.len() + RECORD_OVERHEAD + kept;
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Fingerprint of a request: method, path and body.
pub fn fingerprint(method: &str, path: &str, body: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(body);
    h.finalize().into()
}

impl Idempotency {
    /// A store whose memory records weigh at most `max_bytes` together.
    pub fn new(shared: Option<Redis>, max_bytes: usize) -> Self {
        Idempotency {
            slots: Cache::builder()
                .time_to_live(TTL)
                .weigher(weight)
                .max_capacity(max_bytes as u64)
                // a new claim is always admitted; the oldest records make room
                .eviction_policy(moka::policy::EvictionPolicy::lru())
                .build(),
            shared,
            file: None,
        }
    }

    /// Also keeps finished records in `store` when it is a `file:` store.
    pub fn with_file(mut self, store: &Store) -> Self {
        if store.kind() == "file" {
            self.file = Some(store.clone());
        }
        self
    }

    /// Deletes the expired records of the `file:` store, then again every hour, for as
    /// long as the process runs.
    pub async fn sweep_file(self) {
        let Some(file) = self.file else { return };
        loop {
            let now = crate::clock::unix_secs();
            match file.scan("idem:").await {
                Ok(entries) => {
                    let expired: Vec<super::store::Op> = entries
                        .into_iter()
                        .filter(|(_, sealed)| {
                            file.unseal(sealed)
                                .ok()
                                .and_then(|p| serde_json::from_slice::<FileRecord>(&p).ok())
                                .is_none_or(|r| r.expires <= now)
                        })
                        .map(|(k, _)| super::store::Op::Delete(k))
                        .collect();
                    if !expired.is_empty()
                        && let Err(e) = file.apply(expired).await
                    {
                        tracing::warn!(error = %e, "expired idempotency records not swept");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "idempotency records not swept"),
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    }

    /// The finished record the `file:` store holds for (tenant, key), unexpired.
    async fn filed_record(&self, tenant: &str, key: &str) -> Option<FileRecord> {
        let file = self.file.as_ref()?;
        let sealed = file.get(&file_key(tenant, key)).await.ok()??;
        let record: FileRecord = serde_json::from_slice(&file.unseal(&sealed).ok()?).ok()?;
        (record.expires > crate::clock::unix_secs()).then_some(record)
    }

    /// Records in the memory store, and the bytes they weigh.
    pub fn usage(&self) -> (u64, u64) {
        self.slots.run_pending_tasks();
        (self.slots.entry_count(), self.slots.weighted_size())
    }

    /// Claims `key` for `tenant`, or tells how the earlier request with it went. A
    /// duplicate that arrives while the first still runs waits for it.
    pub async fn begin(&self, tenant: &str, key: &str, fingerprint: [u8; 32]) -> Begin {
        if let Some(redis) = &self.shared
            && let Some(begin) = self.begin_shared(redis, tenant, key, fingerprint).await
        {
            return begin;
        }
        // A record this process does not hold in memory may be in the file (written
        // before a restart).
        if self.file.is_some()
            && !self
                .slots
                .contains_key(&(tenant.to_string(), key.to_string()))
            && let Some(r) = self.filed_record(tenant, key).await
        {
            if r.fp != hex::encode(fingerprint) {
                return Begin::Conflict;
            }
            return Begin::Replay(Stored {
                status: r.status,
                content_type: r.content_type,
                body: Bytes::from(
                    base64::engine::general_purpose::STANDARD
                        .decode(&r.body)
                        .unwrap_or_default(),
                ),
            });
        }
        self.begin_local(tenant, key, fingerprint).await
    }

    /// `None` when the shared store is away.
    async fn begin_shared(
        &self,
        redis: &Redis,
        tenant: &str,
        key: &str,
        fingerprint: [u8; 32],
    ) -> Option<Begin> {
        let fp = hex::encode(fingerprint);
        let owner = format!("{:032x}", rand::random::<u128>());
        let claim = IdemRecord {
            fp: fp.clone(),
            owner: owner.clone(),
            done: false,
            status: 0,
            content_type: String::new(),
            body: String::new(),
        };
        let deadline = tokio::time::Instant::now() + LEASE;
        loop {
            let existing = match redis.idem_claim(tenant, key, &claim, LEASE).await.ok()? {
                None => {
                    return Some(Begin::Run(Guard {
                        kind: Kind::Shared {
                            redis: redis.clone(),
                            tenant: tenant.to_string(),
                            key: key.to_string(),
                            record: claim,
                        },
                        finished: false,
                    }));
                }
                Some(r) => r,
            };
            if existing.fp != fp {
                return Some(Begin::Conflict);
            }
            let mut current = Some(existing);
            // Wait for the first request (on any replica) to finish.
            while let Some(r) = &current {
                if r.done {
                    let body = base64::engine::general_purpose::STANDARD
                        .decode(&r.body)
                        .unwrap_or_default();
                    return Some(Begin::Replay(Stored {
                        status: r.status,
                        content_type: r.content_type.clone(),
                        body: Bytes::from(body),
                    }));
                }
                if tokio::time::Instant::now() > deadline {
                    return Some(Begin::Conflict);
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                current = redis.idem_get(tenant, key).await.ok()?;
            }
            // Freed: claim it ourselves.
        }
    }

    async fn begin_local(&self, tenant: &str, key: &str, fingerprint: [u8; 32]) -> Begin {
        let k: Key = (tenant.to_string(), key.to_string());
        loop {
            let entry = self.slots.entry(k.clone()).or_insert_with(|| {
                Arc::new(Slot {
                    fingerprint,
                    outcome: watch::channel(None).0,
                })
            });
            let slot = entry.value().clone();
            if entry.is_fresh() {
                return Begin::Run(Guard {
                    kind: Kind::Local {
                        store: self.clone(),
                        key: k,
                        slot,
                    },
                    finished: false,
                });
            }
            if slot.fingerprint != fingerprint {
                return Begin::Conflict;
            }
            let mut rx = slot.outcome.subscribe();
            drop(slot);
            let outcome = loop {
                if let Some(o) = rx.borrow_and_update().clone() {
                    break Some(o);
                }
                if rx.changed().await.is_err() {
                    break None;
                }
            };
            match outcome {
                Some(Outcome::Done(stored)) => return Begin::Replay(stored),
                // The first attempt let go of the key: try to claim it ourselves.
                Some(Outcome::Forgotten) | None => continue,
            }
        }
    }
}

/// Held by the request that runs; dropping it unfinished frees the key.
pub struct Guard {
    kind: Kind,
    finished: bool,
}

enum Kind {
    Local {
        store: Idempotency,
        key: Key,
        slot: Arc<Slot>,
    },
    Shared {
        redis: Redis,
        tenant: String,
        key: String,
        record: IdemRecord,
    },
}

impl Guard {
    /// Keeps `stored` for replays.
    pub async fn remember(mut self, stored: Stored) {
        self.finished = true;
        match &self.kind {
            Kind::Local { store, key, slot } => {
                if let Some(file) = &store.file {
                    let record = FileRecord {
                        fp: hex::encode(slot.fingerprint),
                        expires: crate::clock::unix_secs() + TTL.as_secs() as i64,
                        status: stored.status,
                        content_type: stored.content_type.clone(),
                        body: base64::engine::general_purpose::STANDARD.encode(&stored.body),
                    };
                    if let Ok(plain) = serde_json::to_vec(&record)
                        && let Err(e) = file.put(&file_key(&key.0, &key.1), file.seal(&plain)).await
                    {
                        tracing::warn!(error = %e, "idempotency record kept in memory only");
                    }
                }
                slot.outcome.send_replace(Some(Outcome::Done(stored)));
                // weighed again, now with its response (unless it was evicted meanwhile)
                store
                    .slots
                    .entry(key.clone())
                    .and_compute_with(|current| match current {
                        Some(e) if Arc::ptr_eq(e.value(), slot) => {
                            moka::ops::compute::Op::Put(slot.clone())
                        }
                        _ => moka::ops::compute::Op::Nop,
                    });
            }
            Kind::Shared {
                redis,
                tenant,
                key,
                record,
            } => {
                let done = IdemRecord {
                    done: true,
                    status: stored.status,
                    content_type: stored.content_type,
                    body: base64::engine::general_purpose::STANDARD.encode(&stored.body),
                    ..record.clone()
                };
                let _ = redis.idem_finish(tenant, key, &done, TTL).await;
            }
        }
    }

    /// Frees the key (the write failed in a way a retry may fix).
    pub async fn forget(mut self) {
        self.finished = true;
        match &self.kind {
            Kind::Local { .. } => self.release_local(),
            Kind::Shared {
                redis,
                tenant,
                key,
                record,
            } => {
                let _ = redis.idem_release(tenant, key, &record.owner).await;
            }
        }
    }

    fn release_local(&self) {
        if let Kind::Local { store, key, slot } = &self.kind {
            store.slots.invalidate(key);
            slot.outcome.send_replace(Some(Outcome::Forgotten));
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        match &self.kind {
            Kind::Local { .. } => self.release_local(),
            Kind::Shared {
                redis,
                tenant,
                key,
                record,
            } => {
                let (redis, tenant, key, owner) = (
                    redis.clone(),
                    tenant.clone(),
                    key.clone(),
                    record.owner.clone(),
                );
                tokio::spawn(async move { redis.idem_release(&tenant, &key, &owner).await });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(body: &str) -> Stored {
        Stored {
            status: 201,
            content_type: "application/json".into(),
            body: Bytes::from(body.to_string()),
        }
    }

    /// A new process (a new memory) on the same `file:` store answers from the records
    /// the former one finished; expired records are swept.
    #[tokio::test]
    async fn finished_records_outlive_the_process_with_a_file_store() {
        let dir = tempfile::tempdir().unwrap();
        let config = crate::config::StateConfig {
            backend: crate::config::Secret::new(format!(
                "file:{}",
                dir.path().join("state.redb").display()
            )),
            ..Default::default()
        };
        let file = Store::open(&config, None).await.unwrap();
        let fp = fingerprint("POST", "/x", b"{}");
        let first = Idempotency::default().with_file(&file);
        let Begin::Run(guard) = first.begin("t", "k", fp).await else {
            panic!()
        };
        guard.remember(stored("first")).await;
        let Begin::Run(unfinished) = first.begin("t", "running", fp).await else {
            panic!()
        };
        drop(first);
        drop(unfinished);

        let second = Idempotency::default().with_file(&file);
        assert!(
            matches!(second.begin("t", "k", fp).await, Begin::Replay(s) if s == stored("first"))
        );
        let other = fingerprint("POST", "/x", b"{\"a\":1}");
        assert!(matches!(
            second.begin("t", "k", other).await,
            Begin::Conflict
        ));
        assert!(matches!(second.begin("u", "k", fp).await, Begin::Run(_)));
        assert!(matches!(
            second.begin("t", "running", fp).await,
            Begin::Run(_)
        ));
        // Nothing of the kept response is in the file in clear.
        let raw = file.scan("idem:").await.unwrap();
        assert_eq!(raw.len(), 1);
        assert!(!raw[0].1.windows(5).any(|w| w == b"first"));

        // An expired record is neither answered nor kept.
        let mut record: FileRecord =
            serde_json::from_slice(&file.unseal(&raw[0].1).unwrap()).unwrap();
        record.expires = crate::clock::unix_secs() - 1;
        file.put(&raw[0].0, file.seal(&serde_json::to_vec(&record).unwrap()))
            .await
            .unwrap();
        let third = Idempotency::default().with_file(&file);
        assert!(matches!(third.begin("t", "k", fp).await, Begin::Run(_)));
        let sweep = tokio::spawn(third.clone().sweep_file());
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while !file.scan("idem:").await.unwrap().is_empty() {
            assert!(tokio::time::Instant::now() < deadline, "not swept");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        sweep.abort();
    }

    #[tokio::test]
    async fn replay_conflict_and_forget() {
        let store = Idempotency::default();
        let fp = fingerprint("POST", "/x", b"{}");
        let Begin::Run(guard) = store.begin("t", "k", fp).await else {
            panic!()
        };
        guard.remember(stored("first")).await;
        assert!(
            matches!(store.begin("t", "k", fp).await, Begin::Replay(s) if s == stored("first"))
        );
        let other = fingerprint("POST", "/x", b"{\"a\":1}");
        assert!(matches!(
            store.begin("t", "k", other).await,
            Begin::Conflict
        ));
        // Keys are per tenant.
        assert!(matches!(store.begin("u", "k", other).await, Begin::Run(_)));
        let fp2 = fingerprint("POST", "/y", b"");
        let Begin::Run(guard) = store.begin("t", "k2", fp2).await else {
            panic!()
        };
        guard.forget().await;
        assert!(matches!(store.begin("t", "k2", fp2).await, Begin::Run(_)));
    }

    #[tokio::test]
    async fn a_racing_duplicate_waits_for_the_first() {
        let store = Idempotency::default();
        let fp = fingerprint("POST", "/x", b"{}");
        let Begin::Run(guard) = store.begin("t", "k", fp).await else {
            panic!()
        };
        let waiter = {
            let store = store.clone();
            tokio::spawn(async move { store.begin("t", "k", fp).await })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiter.is_finished());
        guard.remember(stored("once")).await;
        assert!(matches!(waiter.await.unwrap(), Begin::Replay(s) if s == stored("once")));
    }

    #[tokio::test]
    async fn records_are_bounded_by_bytes_oldest_first() {
        let store = Idempotency::new(None, 8 * 1024);
        let body = "x".repeat(1000);
        for i in 0..20 {
            let fp = fingerprint("POST", "/x", format!("{i}").as_bytes());
            let Begin::Run(guard) = store.begin("t", &format!("k{i}"), fp).await else {
                panic!()
            };
            guard.remember(stored(&body)).await;
        }
        let (records, bytes) = store.usage();
        assert!(bytes <= 8 * 1024, "{bytes}");
        assert!((1..20).contains(&records), "{records}");
        // each record weighs its response, not just its key
        assert!(bytes >= records * 1000, "{records} records, {bytes} bytes");
        // the newest is kept, the oldest went
        let newest = fingerprint("POST", "/x", b"19");
        assert!(matches!(
            store.begin("t", "k19", newest).await,
            Begin::Replay(_)
        ));
        let oldest = fingerprint("POST", "/x", b"0");
        assert!(matches!(
            store.begin("t", "k0", oldest).await,
            Begin::Run(_)
        ));
    }

    #[tokio::test]
    async fn a_dropped_run_frees_the_key_for_the_waiter() {
        let store = Idempotency::default();
        let fp = fingerprint("POST", "/x", b"{}");
        let Begin::Run(guard) = store.begin("t", "k", fp).await else {
            panic!()
        };
        let waiter = {
            let store = store.clone();
            tokio::spawn(async move { matches!(store.begin("t", "k", fp).await, Begin::Run(_)) })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        drop(guard);
        assert!(waiter.await.unwrap());
    }
}
