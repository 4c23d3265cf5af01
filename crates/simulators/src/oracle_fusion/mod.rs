//! An Oracle Fusion Cloud Procurement and Payables REST API simulator, faithful to
//! Oracle's public documentation (see `README.md` beside this file for what it
//! imitates, its control API and where public facts run out).
//!
//! It serves `/fscmRestApi/resources/{11.13.18.05|latest}/…` and
//! `/hcmRestApi/resources/…` with the ADF REST framework's rules: framework versions
//! chosen by `REST-Framework-Version`, `q` as query-by-example (v1) or row-match
//! expressions (v2+), `orderBy`, `fields`/`expand`/`onlyData`, 25-row pages capped at
//! 500, an undetermined order without `orderBy`, descriptive flexfields, ETags, custom
//! actions, Basic auth and OAuth tokens from an identity-domain token endpoint.
//!
//! Rooms: [`catalog`] (resources, keys, methods), [`data`] (seeded rows), [`store`],
//! [`schema`], [`keys`] (UniqID hashes, ETags), [`query`] (`q`, finders, ordering,
//! paging), [`render`] (projection, links, envelopes), [`writes`] + [`rules`] +
//! [`actions`] (changes), [`http`] (auth, API, metadata, errors, control). Faults,
//! rate budget, latency, counters and OAuth clients are the shared harness of
//! [`crate::common`].

mod actions;
mod catalog;
mod clock;
mod data;
mod fail;
mod flex;
mod http;
mod keys;
mod query;
mod render;
mod rules;
mod schema;
mod store;
mod writes;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use rand::Rng;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::common::traffic::Bucket;
use crate::common::{Harness, lock};
use schema::Schema;
use store::Store;

pub use crate::common::{Client, Counters, Fault, RateLimit, RecordedRequest};
pub use flex::{FlexContext, Flexfield, Segment, SegmentKind};

/// The resource version in every path (`latest` is accepted as an alias).
pub const API_VERSION: &str = "11.13.18.05";

/// A Fusion user who may call the API with Basic auth or through a token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FusionUser {
    pub username: String,
    pub password: String,
    /// The REST privileges the user's roles grant (see `README.md` for each
    /// resource's); `None` grants all.
    #[serde(default)]
    pub privileges: Option<Vec<String>>,
}

/// The order of a collection read without `orderBy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unordered {
    /// A different permutation on every collection read: the n-th read after a start
    /// or a reset gets the same one for the same seed.
    Shuffle,
    /// Primary-key order, every time.
    KeyOrder,
}

#[derive(Debug, Clone)]
pub struct OracleFusionConfig {
    pub listen: SocketAddr,
    pub seed: u64,
    /// Number of purchase orders; every other resource is scaled from it.
    pub purchase_orders: usize,
    pub latency: Duration,
    /// A request budget; Fusion documents none, so none by default.
    pub rate_limit: Option<RateLimit>,
    pub users: Vec<FusionUser>,
    /// OAuth clients of the identity domain.
    pub clients: Vec<Client>,
    /// The Fusion user a `client_credentials` token acts as.
    pub client_credentials_user: String,
    /// The Fusion instance id in the OAuth scope
    /// `urn:opc:resource:fa:instanceid=<id>urn:opc:resource:consumer::all`.
    pub instance_id: String,
    pub token_ttl: Duration,
    /// The identity domain's budget for token requests (IAM: 40 a second).
    pub token_rate_limit: Option<RateLimit>,
    /// The framework version of a request without `REST-Framework-Version`.
    pub default_framework_version: u8,
    /// The highest version accepted (1 to 6 are implemented).
    pub max_framework_version: u8,
    pub default_limit: usize,
    pub max_limit: usize,
    /// A page at the cap holds one row fewer than asked (`limit=500` gives 499).
    pub short_page_at_cap: bool,
    /// Rows per expanded child collection under framework version 3+.
    pub child_limit: usize,
    pub unordered: Unordered,
    /// Name every row by its `…UniqID` hash in links, even single-key ones.
    pub hash_all_keys: bool,
    pub flexfields: Vec<Flexfield>,
    /// A write to a child row (a draft's line) moves its parents' `LastUpdateDate`.
    pub child_writes_touch_parent: bool,
}

/// The default user, a buyer of the seeded data.
pub const DEFAULT_USER: &str = "pat.stock";
pub const DEFAULT_PASSWORD: &str = "Welcome1";
pub const DEFAULT_CLIENT_ID: &str = "sandbox-client";
pub const DEFAULT_CLIENT_SECRET: &str = "sandbox-secret";
pub const DEFAULT_INSTANCE_ID: &str = "sandbox0001";

impl Default for OracleFusionConfig {
    fn default() -> Self {
        OracleFusionConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 9091)),
            seed: 1,
            purchase_orders: 1200,
            latency: Duration::ZERO,
            rate_limit: None,
            users: vec![FusionUser {
                username: DEFAULT_USER.into(),
                password: DEFAULT_PASSWORD.into(),
                privileges: None,
            }],
            clients: vec![Client {
                id: DEFAULT_CLIENT_ID.into(),
                secret: DEFAULT_CLIENT_SECRET.into(),
                scopes: None,
            }],
            client_credentials_user: DEFAULT_USER.into(),
            instance_id: DEFAULT_INSTANCE_ID.into(),
            token_ttl: Duration::from_secs(3600),
            token_rate_limit: Some(RateLimit {
                requests: 40,
                window: Duration::from_secs(1),
                burst: 40,
            }),
            default_framework_version: 1,
            max_framework_version: 6,
            default_limit: 25,
            max_limit: 500,
            short_page_at_cap: false,
            child_limit: 25,
            unordered: Unordered::Shuffle,
            hash_all_keys: false,
            flexfields: flex::defaults(),
            child_writes_touch_parent: true,
        }
    }
}

impl OracleFusionConfig {
    /// The OAuth scope a token request must ask for.
    pub fn scope(&self) -> String {
        format!(
            "urn:opc:resource:fa:instanceid={}urn:opc:resource:consumer::all",
            self.instance_id
        )
    }
}

/// What may change while running.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub default_framework_version: u8,
    pub max_framework_version: u8,
    pub max_limit: usize,
    pub short_page_at_cap: bool,
    pub unordered: Unordered,
    pub shuffle_seed: u64,
}

pub(crate) struct Inner {
    store: RwLock<Store>,
    schema: Schema,
    cfg: OracleFusionConfig,
    settings: Mutex<Settings>,
    users: Mutex<Vec<FusionUser>>,
    harness: Harness,
    token_bucket: Mutex<Option<Bucket>>,
    /// Requests served since start or reset (seeds each shuffle).
    requests: AtomicU64,
}

impl Inner {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(|p| p.into_inner())
    }

    fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    fn user(&self, name: &str) -> Option<FusionUser> {
        lock(&self.users)
            .iter()
            .find(|u| u.username.eq_ignore_ascii_case(name))
            .cloned()
    }
}

/// Random faults of the fault rate, as Fusion's front end fails: maintenance 503s,
/// 500s and 502s, gateway timeouts, resets, slow and cut-off answers (no 429: Fusion
/// documents none).
fn fault_mix(rng: &mut StdRng) -> Fault {
    match rng.gen_range(0..7) {
        0 => Fault::Maintenance {
            body: http::errors::MAINTENANCE_PAGE.into(),
            retry_after: None,
        },
        1 => Fault::Status {
            status: 500,
            body: "Internal Server Error".into(),
        },
        2 => Fault::Status {
            status: 502,
            body: "Bad Gateway".into(),
        },
        3 => Fault::Reset,
        4 => Fault::Slow(Duration::from_millis(rng.gen_range(200..800))),
        5 => Fault::Truncated,
        _ => Fault::Timeout(Duration::from_millis(rng.gen_range(100..400))),
    }
}

/// In-process control of a running sandbox (the same as `/__sandbox/` over HTTP).
/// Rows are named by resource (`purchaseOrders`) and key segment: the raw id of a
/// single-attribute key or the `…UniqID` hash.
#[derive(Clone)]
pub struct OracleFusionControl {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for OracleFusionControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OracleFusionControl")
    }
}

impl OracleFusionControl {
    /// Back to the seeded data; counters, queued faults and the shuffle sequence start
    /// over; issued tokens stay valid.
    pub fn reset(&self) {
        http::control::reset(&self.inner);
    }

    /// The key segments of a resource's rows, in key order.
    pub fn keys(&self, resource: &str) -> Vec<String> {
        http::control::keys(&self.inner, resource)
    }

    /// One row as stored, children nested as arrays.
    pub fn get(&self, resource: &str, key: &str) -> Option<Value> {
        http::control::get(&self.inner, resource, key)
    }

    /// Merges top-level attributes into a row and moves its `LastUpdateDate` to now
    /// (a change made in the Fusion UI, say). False when there is no such row.
    pub fn update(&self, resource: &str, key: &str, patch: Value) -> bool {
        http::control::update(&self.inner, resource, key, patch)
    }

    /// Deletes a row (even of a resource whose API cannot).
    pub fn delete(&self, resource: &str, key: &str) -> bool {
        http::control::delete(&self.inner, resource, key)
    }

    /// Adds a row made of the first row's attributes overwritten by `attrs`, with a
    /// fresh id and now-timestamps; returns its key segment.
    pub fn insert(&self, resource: &str, attrs: Value) -> Option<String> {
        http::control::insert(&self.inner, resource, attrs)
    }

    pub fn set_rate_limit(&self, limit: Option<RateLimit>) {
        self.inner.harness.set_rate_limit(limit);
    }

    pub fn set_latency(&self, latency: Duration) {
        self.inner.harness.set_latency(latency);
    }

    pub fn push_fault(&self, fault: Fault) {
        self.inner.harness.push_fault(fault);
    }

    /// Random faults of mixed kinds on `percent` of API responses (0 turns them off).
    pub fn set_fault_rate(&self, percent: u32, seed: u64) {
        self.inner.harness.set_fault_rate(percent, seed);
    }

    pub fn set_unordered(&self, mode: Unordered, seed: u64) {
        let mut s = lock(&self.inner.settings);
        s.unordered = mode;
        s.shuffle_seed = seed;
    }

    /// The default and the highest accepted framework version.
    pub fn set_framework_versions(&self, default: u8, max: u8) {
        let mut s = lock(&self.inner.settings);
        s.default_framework_version = default.clamp(1, 6);
        s.max_framework_version = max.clamp(1, 6);
    }

    /// The page cap and whether a page at the cap is one row short.
    pub fn set_page_cap(&self, max_limit: usize, short_at_cap: bool) {
        let mut s = lock(&self.inner.settings);
        s.max_limit = max_limit.max(1);
        s.short_page_at_cap = short_at_cap;
    }

    pub fn add_user(&self, user: FusionUser) {
        let mut users = lock(&self.inner.users);
        users.retain(|u| !u.username.eq_ignore_ascii_case(&user.username));
        users.push(user);
    }

    pub fn remove_user(&self, username: &str) {
        lock(&self.inner.users).retain(|u| !u.username.eq_ignore_ascii_case(username));
    }

    pub fn revoke_tokens(&self) {
        self.inner.harness.registry().revoke_all();
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
pub struct OracleFusionSandbox {
    addr: SocketAddr,
    control: OracleFusionControl,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl OracleFusionSandbox {
    /// Seeds the data, binds `cfg.listen` (port 0 allowed) and serves in the background.
    pub async fn start(cfg: OracleFusionConfig) -> std::io::Result<OracleFusionSandbox> {
        let store = data::generate(cfg.seed, cfg.purchase_orders, &cfg.flexfields);
        let schema = Schema::build(&store, &cfg.flexfields);
        let settings = Settings {
            default_framework_version: cfg.default_framework_version.clamp(1, 6),
            max_framework_version: cfg.max_framework_version.clamp(1, 6),
            max_limit: cfg.max_limit.max(1),
            short_page_at_cap: cfg.short_page_at_cap,
            unordered: cfg.unordered,
            shuffle_seed: cfg.seed,
        };
        let inner = Arc::new(Inner {
            store: RwLock::new(store),
            schema,
            settings: Mutex::new(settings),
            users: Mutex::new(cfg.users.clone()),
            harness: Harness::new(
                cfg.clients.clone(),
                cfg.latency,
                cfg.rate_limit.clone(),
                fault_mix,
            ),
            token_bucket: Mutex::new(cfg.token_rate_limit.clone().map(Bucket::new)),
            requests: AtomicU64::new(0),
            cfg,
        });
        let listener = tokio::net::TcpListener::bind(inner.cfg.listen).await?;
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
        Ok(OracleFusionSandbox {
            addr,
            control: OracleFusionControl { inner },
            stop,
            task,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The pod's base URL (`https://<pod>.fa.<dc>.oraclecloud.com` in Fusion).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `…/fscmRestApi/resources/11.13.18.05`.
    pub fn fscm_url(&self) -> String {
        format!("{}/fscmRestApi/resources/{API_VERSION}", self.base_url())
    }

    /// `…/hcmRestApi/resources/11.13.18.05`.
    pub fn hcm_url(&self) -> String {
        format!("{}/hcmRestApi/resources/{API_VERSION}", self.base_url())
    }

    /// The identity domain's token endpoint (served by the same listener).
    pub fn token_url(&self) -> String {
        format!("{}/oauth2/v1/token", self.base_url())
    }

    /// The scope a token request asks for.
    pub fn scope(&self) -> String {
        self.control.inner.cfg.scope()
    }

    pub fn control(&self) -> OracleFusionControl {
        self.control.clone()
    }

    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let _ = tokio::time::timeout(Duration::from_secs(5), self.task).await;
    }
}

/// The n-th shuffle of a run.
pub(crate) fn next_shuffle(inner: &Inner) -> Option<StdRng> {
    use rand::SeedableRng;
    let s = inner.settings();
    let n = inner.requests.fetch_add(1, Ordering::Relaxed);
    (s.unordered == Unordered::Shuffle)
        .then(|| StdRng::seed_from_u64(s.shuffle_seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ n))
}
