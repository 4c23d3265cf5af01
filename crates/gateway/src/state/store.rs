//! A small key-value store behind `[state] backend`, for state the gateway must keep
//! between requests and, with a durable backend, across restarts: subscription
//! watermarks, delivery queues, sweep sets, runtime tenants.
//!
//! - `memory` (default): a sorted map in this process, lost on restart;
//! - `file:PATH`: an embedded database file (`redb`: copy-on-write B-trees, each commit
//!   fsynced, so a crash leaves the last committed state); one process holds the file;
//! - `redis://…` / `rediss://…`: the shared Redis connection, for several replicas.
//!
//! Keys are plain strings namespaced by their owner (`sub:{id}:…`, `tenant:{id}`).
//! Values are bytes; what must stay secret at rest is sealed by the owner with
//! [`Store::seal`] (AES-256-GCM under `[state] encryption_key`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use redb::TableDefinition;

use super::StateError;
use super::redis::Redis;
use super::seal::Sealer;
use crate::config::StateConfig;

const TABLE: TableDefinition<&str, &[u8]> = TableDefinition::new("procura");

/// One change of an [`Store::apply`] batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Put(String, Vec<u8>),
    Delete(String),
}

impl Op {
    /// The key and what to put there (`None`: delete it), as the Redis scripts take them.
    fn into_pair(self) -> (String, Option<Vec<u8>>) {
        match self {
            Op::Put(k, v) => (k, Some(v)),
            Op::Delete(k) => (k, None),
        }
    }
}

/// The configured store; cheap to clone (everything inside is shared).
#[derive(Clone)]
pub struct Store {
    backend: Backend,
    sealer: Sealer,
}

#[derive(Clone)]
enum Backend {
    Memory(Arc<Mutex<BTreeMap<String, Vec<u8>>>>),
    File(Arc<redb::Database>),
    Redis(Redis),
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("kind", &self.kind()).finish()
    }
}

fn file_error(e: impl std::fmt::Display) -> StateError {
    StateError::File(e.to_string())
}

impl Store {
    /// Opens the backend `config.backend` names. A Redis backend uses `redis` (the
    /// connection the rest of the gateway shares); a file backend creates its file.
    pub async fn open(config: &StateConfig, redis: Option<Redis>) -> Result<Store, StateError> {
        let sealer = match &config.encryption_key {
            Some(key) => Sealer::from_hex(key)?,
            None => Sealer::random(),
        };
        let backend = config.backend.expose();
        let backend = if backend == "memory" {
            Backend::Memory(Arc::default())
        } else if let Some(path) = backend.strip_prefix("file:") {
            let path = PathBuf::from(path);
            let db = tokio::task::spawn_blocking(move || -> Result<redb::Database, StateError> {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(file_error)?;
                }
                let db = redb::Database::create(&path).map_err(file_error)?;
                let tx = db.begin_write().map_err(file_error)?;
                tx.open_table(TABLE).map_err(file_error)?;
                tx.commit().map_err(file_error)?;
                Ok(db)
            })
            .await
            .map_err(file_error)??;
            Backend::File(Arc::new(db))
        } else {
            match redis {
                Some(r) => Backend::Redis(r),
                None => return Err(StateError::Redis("no connection configured".into())),
            }
        };
        Ok(Store { backend, sealer })
    }

    /// A memory store with a random key (tests, tools).
    pub fn memory() -> Store {
        Store {
            backend: Backend::Memory(Arc::default()),
            sealer: Sealer::random(),
        }
    }

    /// `"memory"`, `"file"` or `"redis"`.
    pub fn kind(&self) -> &'static str {
        match self.backend {
            Backend::Memory(_) => "memory",
            Backend::File(_) => "file",
            Backend::Redis(_) => "redis",
        }
    }

    /// Whether what is stored outlives this process.
    pub fn durable(&self) -> bool {
        !matches!(self.backend, Backend::Memory(_))
    }

    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StateError> {
        match &self.backend {
            Backend::Memory(map) => Ok(lock(map).get(key).cloned()),
            Backend::File(db) => {
                let (db, key) = (db.clone(), key.to_string());
                blocking(move || {
                    let tx = db.begin_read().map_err(file_error)?;
                    let table = tx.open_table(TABLE).map_err(file_error)?;
                    let value = table.get(key.as_str()).map_err(file_error)?;
                    Ok(value.map(|v| v.value().to_vec()))
                })
                .await
            }
            Backend::Redis(r) => r.kv_get(key).await,
        }
    }

    pub async fn put(&self, key: &str, value: Vec<u8>) -> Result<(), StateError> {
        self.apply(vec![Op::Put(key.to_string(), value)]).await
    }

    pub async fn delete(&self, key: &str) -> Result<(), StateError> {
        self.apply(vec![Op::Delete(key.to_string())]).await
    }

    /// Every (key, value) whose key starts with `prefix`, in key order.
    pub async fn scan(&self, prefix: &str) -> Result<Vec<(String, Vec<u8>)>, StateError> {
        match &self.backend {
            Backend::Memory(map) => Ok(lock(map)
                .range(prefix.to_string()..)
                .take_while(|(k, _)| k.starts_with(prefix))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()),
            Backend::File(db) => {
                let (db, prefix) = (db.clone(), prefix.to_string());
                blocking(move || {
                    let tx = db.begin_read().map_err(file_error)?;
                    let table = tx.open_table(TABLE).map_err(file_error)?;
                    let mut out = Vec::new();
                    for entry in table.range(prefix.as_str()..).map_err(file_error)? {
                        let (k, v) = entry.map_err(file_error)?;
                        if !k.value().starts_with(prefix.as_str()) {
                            break;
                        }
                        out.push((k.value().to_string(), v.value().to_vec()));
                    }
                    Ok(out)
                })
                .await
            }
            Backend::Redis(r) => r.kv_scan(prefix).await,
        }
    }

    /// Several puts and deletes, all or none.
    pub async fn apply(&self, ops: Vec<Op>) -> Result<(), StateError> {
        match &self.backend {
            Backend::Memory(map) => {
                let mut map = lock(map);
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
            Backend::File(db) => {
                let db = db.clone();
                blocking(move || {
                    let tx = db.begin_write().map_err(file_error)?;
                    {
                        let mut table = tx.open_table(TABLE).map_err(file_error)?;
                        for op in &ops {
                            match op {
                                Op::Put(k, v) => {
                                    table.insert(k.as_str(), v.as_slice()).map_err(file_error)?;
                                }
                                Op::Delete(k) => {
                                    table.remove(k.as_str()).map_err(file_error)?;
                                }
                            }
                        }
                    }
                    tx.commit().map_err(file_error)
                })
                .await
            }
            Backend::Redis(r) => {
                r.kv_apply(ops.into_iter().map(Op::into_pair).collect())
                    .await
            }
        }
    }

    /// Takes or renews the lease `name` for `holder` for `ttl`, so one of several
    /// replicas does a job at a time: the fencing number while `holder` holds it, `None`
    /// while another does. Memory and file stores belong to one process, which always
    /// holds every lease (fence 0).
    pub async fn lease(
        &self,
        name: &str,
        holder: &str,
        ttl: std::time::Duration,
    ) -> Result<Option<u64>, StateError> {
        match &self.backend {
            Backend::Redis(r) => r.kv_lease(name, holder, ttl).await,
            _ => Ok(Some(0)),
        }
    }

    /// [`Store::apply`] only while the lease `name` still carries `fence`; `false` (and
    /// nothing written) when it does not.
    pub async fn apply_fenced(
        &self,
        name: &str,
        fence: u64,
        ops: Vec<Op>,
    ) -> Result<bool, StateError> {
        match &self.backend {
            Backend::Redis(r) => {
                r.kv_apply_fenced(name, fence, ops.into_iter().map(Op::into_pair).collect())
                    .await
            }
            _ => self.apply(ops).await.map(|()| true),
        }
    }

    /// AES-256-GCM under the configured key, the random 12-byte nonce first. A memory
    /// store without a key uses a key of this process.
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        self.sealer.seal(plaintext)
    }

    pub fn unseal(&self, sealed: &[u8]) -> Result<Vec<u8>, StateError> {
        self.sealer.open(sealed)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StateError> + Send + 'static,
) -> Result<T, StateError> {
    tokio::task::spawn_blocking(f).await.map_err(file_error)?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    fn config(backend: &str) -> StateConfig {
        StateConfig {
            backend: Secret::new(backend),
            encryption_key: Some(Secret::new(KEY)),
            ..StateConfig::default()
        }
    }

    /// The contract every backend keeps.
    async fn exercise(store: &Store) {
        assert_eq!(store.get("sub:a:w").await.unwrap(), None);
        store.put("sub:a:w", b"1".to_vec()).await.unwrap();
        store.put("sub:a:q:2", b"two".to_vec()).await.unwrap();
        store.put("sub:a:q:1", b"one".to_vec()).await.unwrap();
        store.put("sub:ab:x", b"other".to_vec()).await.unwrap();
        store.put("tenant:a", vec![0, 255, 7]).await.unwrap();
        assert_eq!(store.get("sub:a:w").await.unwrap(), Some(b"1".to_vec()));
        assert_eq!(store.get("tenant:a").await.unwrap(), Some(vec![0, 255, 7]));
        let scanned = store.scan("sub:a:").await.unwrap();
        let keys: Vec<&str> = scanned.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["sub:a:q:1", "sub:a:q:2", "sub:a:w"]);
        assert_eq!(scanned[0].1, b"one");
        store
            .apply(vec![
                Op::Delete("sub:a:q:1".into()),
                Op::Put("sub:a:w".into(), b"2".to_vec()),
                Op::Put("sub:a:q:3".into(), b"three".to_vec()),
            ])
            .await
            .unwrap();
        let keys: Vec<String> = store
            .scan("sub:a:")
            .await
            .unwrap()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["sub:a:q:2", "sub:a:q:3", "sub:a:w"]);
        assert_eq!(store.get("sub:a:w").await.unwrap(), Some(b"2".to_vec()));
        store.delete("sub:a:w").await.unwrap();
        store.delete("never-there").await.unwrap();
        assert_eq!(store.get("sub:a:w").await.unwrap(), None);
        assert!(store.scan("nothing:").await.unwrap().is_empty());
        let sealed = store.seal(b"whsec_secret");
        assert!(!sealed.windows(6).any(|w| w == b"secret"));
        assert_eq!(store.unseal(&sealed).unwrap(), b"whsec_secret");
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(store.unseal(&tampered).is_err());
        assert!(store.unseal(b"short").is_err());
    }

    #[tokio::test]
    async fn memory_backend() {
        let store = Store::open(&StateConfig::default(), None).await.unwrap();
        assert_eq!((store.kind(), store.durable()), ("memory", false));
        exercise(&store).await;
        exercise(&Store::memory()).await;
    }

    #[tokio::test]
    async fn file_backend_survives_reopening_and_holds_one_process() {
        let dir = tempfile::tempdir().unwrap();
        let backend = format!("file:{}", dir.path().join("sub/state.redb").display());
        {
            let store = Store::open(&config(&backend), None).await.unwrap();
            assert_eq!((store.kind(), store.durable()), ("file", true));
            exercise(&store).await;
            store.put("kept", b"yes".to_vec()).await.unwrap();
            let sealed = store.seal(b"secret");
            store.put("sealed", sealed).await.unwrap();
            // A second opening of the same file while the first holds it is refused.
            assert!(Store::open(&config(&backend), None).await.is_err());
        }
        let store = Store::open(&config(&backend), None).await.unwrap();
        assert_eq!(store.get("kept").await.unwrap(), Some(b"yes".to_vec()));
        let sealed = store.get("sealed").await.unwrap().unwrap();
        assert_eq!(store.unseal(&sealed).unwrap(), b"secret");
    }

    #[tokio::test]
    async fn file_backend_in_a_directory_it_cannot_create_is_an_error() {
        let err = Store::open(&config("file:/proc/procura/state.redb"), None)
            .await
            .expect_err("refused");
        assert!(matches!(err, StateError::File(_)), "{err}");
    }

    /// Uses a `redis-server` of its own on a free port (Debian's package, which
    /// `.ci/test` installs); without one it says so and passes, unless
    /// `PROCURA_TEST_STRICT=1`.
    #[tokio::test]
    async fn redis_backend() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let spawned = std::process::Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(_) if std::env::var("PROCURA_TEST_STRICT").as_deref() == Ok("1") => {
                panic!("redis-server is not installed (.ci/test installs it)")
            }
            Err(_) => {
                eprintln!("SKIPPED: redis-server is not installed");
                return;
            }
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let url = format!("redis://127.0.0.1:{port}/0");
        let redis = Redis::connect(&Secret::new(&url), &Secret::new(KEY)).unwrap();
        let store = Store::open(&config(&url), Some(redis)).await.unwrap();
        assert_eq!((store.kind(), store.durable()), ("redis", true));
        exercise(&store).await;
        // A lease: one holder at a time, a new fence when taken again, fenced writes.
        let ttl = std::time::Duration::from_millis(300);
        let a = store
            .lease("job", "a", ttl)
            .await
            .unwrap()
            .expect("free lease");
        assert_eq!(store.lease("job", "b", ttl).await.unwrap(), None);
        assert_eq!(store.lease("job", "a", ttl).await.unwrap(), Some(a));
        let write = |v: &str| vec![Op::Put("fenced".into(), v.as_bytes().to_vec())];
        assert!(store.apply_fenced("job", a, write("a")).await.unwrap());
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        let b = store
            .lease("job", "b", ttl)
            .await
            .unwrap()
            .expect("lapsed lease");
        assert!(b > a);
        assert!(!store.apply_fenced("job", a, write("stale")).await.unwrap());
        assert!(store.apply_fenced("job", b, write("b")).await.unwrap());
        assert_eq!(store.get("fenced").await.unwrap(), Some(b"b".to_vec()));
        let _ = child.kill();
        let _ = child.wait();
    }
}
