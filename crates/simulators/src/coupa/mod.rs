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

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::time::Instant;

use store::Store;

/// The rate budget: `requests` per `window`, in a leaky bucket `burst` deep.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RateLimit {
    pub requests: u32,
    pub window: Duration,
    pub burst: u32,
}

impl RateLimit {
    /// Coupa's documented budget: 25 requests a second, bursts of 20.
    pub fn coupa() -> Self {
        RateLimit {
            requests: 25,
            window: Duration::from_secs(1),
            burst: 20,
        }
    }
}

/// An OAuth client; `scopes: None` allows every scope.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Client {
    pub id: String,
    pub secret: String,
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
}

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

/// A misbehaviour for the next `/api/` response.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// Answer normally (lets one response through in a queue of faults).
    Pass,
    Status {
        status: u16,
        body: String,
    },
    /// Close the connection without an answer.
    Reset,
    /// `302 Found` to this location.
    Redirect {
        location: String,
    },
    Slow(Duration),
    /// Declare the whole body, send half, close.
    Truncated,
    /// 200 with a body that does not parse.
    Malformed,
    /// XML whatever the `Accept`.
    XmlAnyway,
    TooMany {
        body: String,
        retry_after: Option<u64>,
        content_type: String,
    },
}

/// One request as received.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
}

/// What the sandbox has served.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Counters {
    /// `/api/` requests per path (query left out).
    pub requests: BTreeMap<String, u64>,
    /// Response body bytes per path.
    pub bytes: BTreeMap<String, u64>,
    /// Token grants per client.
    pub token_grants: BTreeMap<String, u64>,
    /// Faults acted out (queued or drawn by the fault rate), by kind.
    pub faults: BTreeMap<String, u64>,
    /// The last requests, oldest first.
    pub recent: Vec<RecordedRequest>,
}

const RECENT: usize = 500;

struct Token {
    issued: Instant,
    ttl: Duration,
}

struct Bucket {
    limit: RateLimit,
    level: f64,
    last: Instant,
}

pub(crate) struct Inner {
    store: RwLock<Store>,
    clients: Mutex<Vec<Client>>,
    tokens: Mutex<HashMap<String, Token>>,
    token_ttl: Duration,
    token_min_age: Duration,
    api_key: Option<String>,
    bucket: Mutex<Option<Bucket>>,
    latency: Mutex<Duration>,
    /// Answer with whole records whatever `fields` asks for.
    pub(crate) ignore_fields: std::sync::atomic::AtomicBool,
    faults: Mutex<VecDeque<Fault>>,
    fault_rate: Mutex<Option<(u32, StdRng)>>,
    counters: Mutex<Counters>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Inner {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(|p| p.into_inner())
    }

    /// The next fault to act out, if any.
    fn next_fault(&self) -> Option<Fault> {
        let fault = self.draw_fault()?;
        let kind = match &fault {
            Fault::Pass => return Some(fault),
            Fault::Status { status, .. } => status.to_string(),
            Fault::Reset => "reset".into(),
            Fault::Redirect { .. } => "redirect".into(),
            Fault::Slow(_) => "slow".into(),
            Fault::Truncated => "truncated".into(),
            Fault::Malformed => "malformed".into(),
            Fault::XmlAnyway => "xml".into(),
            Fault::TooMany { .. } => "429".into(),
        };
        *lock(&self.counters).faults.entry(kind).or_default() += 1;
        Some(fault)
    }

    fn draw_fault(&self) -> Option<Fault> {
        if let Some(f) = lock(&self.faults).pop_front() {
            return Some(f);
        }
        let mut rate = lock(&self.fault_rate);
        let (percent, rng) = rate.as_mut()?;
        if rng.gen_range(0..100) >= *percent {
            return None;
        }
        Some(match rng.gen_range(0..6) {
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
        })
    }

    /// Takes one drop from the leaky bucket; false when it would overflow.
    fn admit(&self) -> bool {
        let mut b = lock(&self.bucket);
        let Some(bucket) = b.as_mut() else {
            return true;
        };
        let now = Instant::now();
        let rate = bucket.limit.requests as f64 / bucket.limit.window.as_secs_f64().max(1e-3);
        let leaked = now.duration_since(bucket.last).as_secs_f64() * rate;
        bucket.level = (bucket.level - leaked).max(0.0);
        bucket.last = now;
        if bucket.level + 1.0 > bucket.limit.burst.max(1) as f64 {
            return false;
        }
        bucket.level += 1.0;
        true
    }

    fn set_rate_limit(&self, limit: Option<RateLimit>) {
        *lock(&self.bucket) = limit.map(|limit| Bucket {
            limit,
            level: 0.0,
            last: Instant::now(),
        });
    }

    fn record(&self, req: RecordedRequest) {
        let mut c = lock(&self.counters);
        *c.requests.entry(req.path.clone()).or_default() += 1;
        c.recent.push(req);
        if c.recent.len() > RECENT {
            let excess = c.recent.len() - RECENT;
            c.recent.drain(..excess);
        }
    }

    fn count_bytes(&self, path: &str, n: usize) {
        *lock(&self.counters)
            .bytes
            .entry(path.to_string())
            .or_default() += n as u64;
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
        self.inner.set_rate_limit(limit);
    }

    pub fn set_latency(&self, latency: Duration) {
        *lock(&self.inner.latency) = latency;
    }

    /// Whether `fields=[…]` is honoured (true at start); false imitates an instance
    /// that sends whole records whatever the projection asks.
    pub fn set_fields_honoured(&self, honoured: bool) {
        self.inner
            .ignore_fields
            .store(!honoured, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn push_fault(&self, fault: Fault) {
        lock(&self.inner.faults).push_back(fault);
    }

    /// Random faults of mixed kinds on `percent` of `/api/` responses (0 turns them off).
    pub fn set_fault_rate(&self, percent: u32, seed: u64) {
        *lock(&self.inner.fault_rate) =
            (percent > 0).then(|| (percent.min(100), StdRng::seed_from_u64(seed)));
    }

    pub fn revoke_tokens(&self) {
        lock(&self.inner.tokens).clear();
    }

    /// The bearer values of the tokens issued and not revoked (tests look for them where
    /// they must not be, such as the gateway's shared store).
    pub fn issued_tokens(&self) -> Vec<String> {
        lock(&self.inner.tokens).keys().cloned().collect()
    }

    pub fn add_client(&self, client: Client) {
        let mut clients = lock(&self.inner.clients);
        clients.retain(|c| c.id != client.id);
        clients.push(client);
    }

    pub fn remove_client(&self, id: &str) {
        lock(&self.inner.clients).retain(|c| c.id != id);
    }

    pub fn counters(&self) -> Counters {
        lock(&self.inner.counters).clone()
    }

    pub fn reset_counters(&self) {
        *lock(&self.inner.counters) = Counters::default();
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
            clients: Mutex::new(cfg.clients.clone()),
            tokens: Mutex::new(HashMap::new()),
            token_ttl: cfg.token_ttl,
            token_min_age: cfg.token_min_age,
            api_key: cfg.api_key.clone(),
            bucket: Mutex::new(None),
            latency: Mutex::new(cfg.latency),
            ignore_fields: std::sync::atomic::AtomicBool::new(false),
            faults: Mutex::new(VecDeque::new()),
            fault_rate: Mutex::new(None),
            counters: Mutex::new(Counters::default()),
        });
        inner.set_rate_limit(cfg.rate_limit.clone());
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
    let (n, secs) = text
        .split_once('/')
        .ok_or_else(|| format!("rate limit {text:?} is not N/SECS"))?;
    let requests: u32 = n
        .trim()
        .parse()
        .map_err(|_| format!("{n:?} is not a count"))?;
    let secs: f64 = secs
        .trim()
        .parse()
        .map_err(|_| format!("{secs:?} is not seconds"))?;
    if requests == 0 || secs <= 0.0 {
        return Err("rate limit must be positive".into());
    }
    Ok(RateLimit {
        requests,
        window: Duration::from_secs_f64(secs),
        burst: requests.min(20),
    })
}
