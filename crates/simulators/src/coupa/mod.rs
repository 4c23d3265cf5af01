//! A Coupa Core REST API simulator: OAuth client credentials with Coupa's token rules,
//! seeded bloated records for every resource, Coupa's query language, `fields` and
//! `return_object`, XML by default, writes with Coupa's validation, a leaky-bucket rate
//! limit whose 429 carries no headers, and injectable faults.
//!
//! It shares nothing with the gateway but the documented wire format. Tests drive it in
//! process through [`SandboxControl`]; the same operations are served over HTTP under
//! `/__sandbox/` (see `README.md` beside this file).

mod data;
mod http;
mod query;
mod store;
mod writes;
mod xml;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use rand::Rng;
use rand::rngs::StdRng;
use serde_json::Value;

use crate::common::Harness;
use store::Store;

pub use crate::common::{Client, Counters, Fault, RateLimit, RecordedRequest};

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub listen: SocketAddr,
    pub seed: u64,
    /// Number of purchase orders; other resources scale from it.
    pub records: usize,
    pub latency: Duration,
    pub rate_limit: Option<RateLimit>,
    pub clients: Vec<Client>,
    pub token_ttl: Duration,
    /// Coupa refuses a token younger than this.
    pub token_min_age: Duration,
    /// Legacy `X-COUPA-API-KEY` accepted when set.
    pub api_key: Option<String>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 9090)),
            seed: 1,
            records: 500,
            latency: Duration::ZERO,
            rate_limit: Some(RateLimit::coupa()),
            clients: vec![Client {
                id: "sandbox-client".into(),
                secret: "sandbox-secret".into(),
                scopes: None,
            }],
            token_ttl: Duration::from_secs(86_399),
            token_min_age: Duration::from_secs(5),
            api_key: Some("sandbox-api-key".into()),
        }
    }
}

pub(crate) struct Inner {
    store: RwLock<Store>,
    harness: Harness,
    token_ttl: Duration,
    token_min_age: Duration,
    api_key: Option<String>,
    /// Answer with whole records whatever `fields` asks for.
    ignore_fields: AtomicBool,
}

impl Inner {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(|p| p.into_inner())
    }
}

/// The random faults of the fault rate, as Coupa's edge produces them.
fn fault_mix(rng: &mut StdRng) -> Fault {
    match rng.gen_range(0..6) {
        0 => Fault::Status {
            status: 503,
            body: "Service Unavailable".into(),
        },
        1 => Fault::Reset,
        2 => Fault::Slow(Duration::from_millis(rng.gen_range(200..800))),
        3 => Fault::Truncated,
        4 => Fault::TooMany {
            body: "Rate limit exceeded".into(),
            retry_after: None,
            content_type: "text/plain".into(),
        },
        _ => Fault::Status {
            status: 500,
            body: "Internal Server Error".into(),
        },
    }
}

/// In-process control of a running sandbox (the same as `/__sandbox/` over HTTP).
#[derive(Clone)]
pub struct SandboxControl {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for SandboxControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SandboxControl")
    }
}

impl SandboxControl {
    /// Adds a record (dasherized keys) with a new id and now-timestamps; returns the id.
    pub fn insert(&self, resource: &str, record: Value) -> i64 {
        self.inner.write().insert(resource, record)
    }

    /// Merges `patch` into a record and bumps its `updated-at`.
    pub fn update(&self, resource: &str, id: i64, patch: Value) -> bool {
        self.inner.write().update(resource, id, patch)
    }

    pub fn delete(&self, resource: &str, id: i64) -> bool {
        self.inner.write().delete(resource, id)
    }

    pub fn get(&self, resource: &str, id: i64) -> Option<Value> {
        self.inner.read().get(resource, id).cloned()
    }

    pub fn ids(&self, resource: &str) -> Vec<i64> {
        self.inner.read().ids(resource)
    }

    pub fn set_rate_limit(&self, limit: Option<RateLimit>) {
        self.inner.harness.set_rate_limit(limit);
    }

    pub fn set_latency(&self, latency: Duration) {
        self.inner.harness.set_latency(latency);
    }

    /// Whether `fields=[…]` is honoured (true at start); false imitates an instance
    /// that sends whole records whatever the projection asks.
    pub fn set_fields_honoured(&self, honoured: bool) {
        self.inner.ignore_fields.store(!honoured, Ordering::Relaxed);
    }

    pub fn push_fault(&self, fault: Fault) {
        self.inner.harness.push_fault(fault);
    }

    /// Random faults of mixed kinds on `percent` of `/api/` responses (0 turns them off).
    pub fn set_fault_rate(&self, percent: u32, seed: u64) {
        self.inner.harness.set_fault_rate(percent, seed);
    }

    pub fn revoke_tokens(&self) {
        self.inner.harness.registry().revoke_all();
    }

    /// The bearer values of the tokens issued and not revoked (tests look for them where
    /// they must not be, such as the gateway's shared store).
    pub fn issued_tokens(&self) -> Vec<String> {
        self.inner.harness.registry().issued()
    }

    pub fn add_client(&self, client: Client) {
        self.inner.harness.registry().add(client);
    }

    pub fn remove_client(&self, id: &str) {
        self.inner.harness.registry().remove(id);
    }

    pub fn counters(&self) -> Counters {
        self.inner.harness.counters()
    }

    pub fn reset_counters(&self) {
        self.inner.harness.reset_counters();
    }
}

/// A running sandbox.
pub struct Sandbox {
    addr: SocketAddr,
    control: SandboxControl,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Sandbox {
    /// Generates the data, binds `cfg.listen` (port 0 allowed) and serves in the background.
    pub async fn start(cfg: SandboxConfig) -> std::io::Result<Sandbox> {
        let store = data::generate(cfg.seed, cfg.records);
        let inner = Arc::new(Inner {
            store: RwLock::new(store),
            harness: Harness::new(
                cfg.clients.clone(),
                cfg.latency,
                cfg.rate_limit.clone(),
                fault_mix,
            ),
            token_ttl: cfg.token_ttl,
            token_min_age: cfg.token_min_age,
            api_key: cfg.api_key.clone(),
            ignore_fields: AtomicBool::new(false),
        });
        let listener = tokio::net::TcpListener::bind(cfg.listen).await?;
        let addr = listener.local_addr()?;
        let app = http::router(inner.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Sandbox {
            addr,
            control: SandboxControl { inner },
            stop,
            task,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn control(&self) -> SandboxControl {
        self.control.clone()
    }

    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let _ = tokio::time::timeout(Duration::from_secs(5), self.task).await;
    }
}

/// `N/SECS` (e.g. `25/1`) as a rate limit with Coupa's burst of 20.
pub fn parse_rate_limit(text: &str) -> Result<RateLimit, String> {
    RateLimit::parse(text, 20)
}
