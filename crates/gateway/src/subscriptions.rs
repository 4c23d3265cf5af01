//! Change notifications: for each subscription and each of its resources a poller reads
//! what changed since its watermark (the sync-token machinery of `resources::listing`,
//! so any provider works) and posts one signed event per created or updated record to
//! the subscriber, the Standard Webhooks way.
//!
//! Delivery is at least once and in order: the changes of one cycle are sorted by
//! (updated_at, id) and sent one at a time; the watermark (kept in the `[state]` store)
//! moves past a change only after the receiver answered 2xx. A change's `webhook-id` is
//! derived from the change itself (subscription, resource, id, updated_at and the
//! record's content), so every redelivery carries the same id and receivers dedupe on
//! it. Nothing of a record is stored: what the store keeps is a time and the ids of the
//! events delivered inside the overlap margin.
//!
//! Subscriptions come from the config file or are created at runtime
//! (`POST /admin/subscriptions`). A runtime one is kept in the store under
//! `subscription:{id}`, sealed (it holds the signing secret), and every change of them
//! writes a fresh `subscriptions:version`, which replicas sharing a Redis store poll to
//! start and stop the same subscriptions. A subscription's own state lives under
//! `sub:{id}:…` and goes with it when it is deleted.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::sync::Notify;

use crate::config::{Secret, SubscriptionConfig};
use crate::events::{Event, EventSink};
use crate::http::AppState;
use crate::providers::UpstreamError;
use crate::resources::listing::{self, ListPlan, ResourceError};
use crate::state::StateError;
use crate::state::store::{Op, Store};

/// Metric names.
pub const EVENTS_EMITTED: &str = "procura_subscription_events_emitted_total";
pub const EVENTS_DELIVERED: &str = "procura_subscription_events_delivered_total";
pub const DELIVERIES_FAILED: &str = "procura_subscription_delivery_failures_total";
pub const LAG: &str = "procura_subscription_lag_seconds";
pub const POLL_CALLS: &str = "procura_subscription_upstream_calls_total";
pub const SWEEP_DURATION: &str = "procura_subscription_sweep_duration_seconds";

/// Attempts kept per subscription for `GET /admin/subscriptions/{id}/deliveries`.
const KEPT_ATTEMPTS: usize = 100;
/// Changes one cycle reads at most; the rest wait for the next cycle.
const MAX_CYCLE_CHANGES: usize = 5_000;
/// How long one delivery attempt may take.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

/// The Standard Webhooks signature: `v1,` and the base64 HMAC-SHA256 of
/// `{id}.{timestamp}.{body}` under the key `whsec_` carries.
pub fn sign(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// The signing key of a `whsec_…` secret (checked at load).
pub fn signing_key(secret: &Secret) -> Vec<u8> {
    secret
        .expose()
        .strip_prefix("whsec_")
        .and_then(|b| STANDARD.decode(b).ok())
        .unwrap_or_default()
}

/// The `webhook-id` of a change: the same for every delivery of it.
fn change_id(sub: &str, resource: &str, id: &str, updated: i64, record: &[u8]) -> String {
    let mut h = Sha256::new();
    for part in [sub.as_bytes(), resource.as_bytes(), id.as_bytes()] {
        h.update(part);
        h.update([0]);
    }
    h.update(updated.to_be_bytes());
    h.update(Sha256::digest(record));
    format!("msg_{}", &hex::encode(h.finalize())[..32])
}

/// A subscription as `POST /admin/subscriptions` describes it (the fields of a config
/// file's `[[subscriptions]]` entry), and as the store keeps a runtime one (sealed).
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionSpec {
    pub id: String,
    pub tenant: String,
    pub resources: Vec<String>,
    #[serde(default = "crate::config::default_events")]
    pub events: Vec<String>,
    pub url: String,
    /// Write-only: sealed in the store, never shown or logged.
    pub secret: String,
    #[serde(
        default = "crate::config::default_interval_secs",
        deserialize_with = "crate::studio::whole"
    )]
    pub interval_secs: u64,
    #[serde(
        default = "crate::config::default_deletion_sweep_secs",
        deserialize_with = "crate::studio::whole"
    )]
    pub deletion_sweep_secs: u64,
    #[serde(
        default = "crate::config::default_retry_for_secs",
        deserialize_with = "crate::studio::whole"
    )]
    pub retry_for_secs: u64,
}

impl std::fmt::Debug for SubscriptionSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubscriptionSpec")
            .field("id", &self.id)
            .field("tenant", &self.tenant)
            .finish_non_exhaustive()
    }
}

impl SubscriptionSpec {
    pub fn config(&self) -> SubscriptionConfig {
        SubscriptionConfig {
            id: self.id.clone(),
            tenant: self.tenant.clone(),
            resources: self.resources.clone(),
            events: self.events.clone(),
            url: self.url.clone(),
            secret: Secret::new(self.secret.clone()),
            interval_secs: self.interval_secs,
            deletion_sweep_secs: self.deletion_sweep_secs,
            retry_for_secs: self.retry_for_secs,
        }
    }
}

/// Changed with every change of the runtime subscriptions (what other replicas poll).
pub const VERSION_KEY: &str = "subscriptions:version";

fn spec_key(id: &str) -> String {
    format!("subscription:{id}")
}

/// The prefix of every key a subscription's pollers keep.
fn state_prefix(id: &str) -> String {
    format!("sub:{id}:")
}

/// A replay asked for a (subscription, resource): the time, unix seconds.
fn replay_key(id: &str, resource: &str) -> String {
    format!("sub:{id}:{resource}:replay")
}

/// The delivery attempts of a (subscription, resource), with Redis.
fn attempts_key(id: &str, resource: &str) -> String {
    format!("sub:{id}:{resource}:attempts")
}

/// A fresh value for [`VERSION_KEY`].
fn bump() -> Op {
    Op::Put(VERSION_KEY.into(), rand::random::<[u8; 16]>().to_vec())
}

/// One delivery attempt, as `/admin/subscriptions/{id}/deliveries` shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attempt {
    pub at: String,
    pub webhook_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub resource: String,
    pub record_id: Option<String>,
    pub attempt: u32,
    pub status: Option<u16>,
    pub latency_ms: u64,
    pub ok: bool,
    pub error: Option<String>,
}

/// What a (subscription, resource) poller keeps in the store.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Watermark {
    /// Every change updated before this (unix seconds) was delivered.
    w: i64,
    /// Changes before this are never asked for (where watching started, or a replay's
    /// `since`), overlap margin or not.
    #[serde(default)]
    floor: i64,
    /// Events delivered whose change is inside the overlap margin: (updated_at, record
    /// id, webhook-id). Only ids: never a record.
    seen: Vec<(i64, String, String)>,
}

impl Watermark {
    fn key(sub: &str, resource: &str) -> String {
        format!("sub:{sub}:{resource}:watermark")
    }

    fn prune(&mut self, margin: i64) {
        let floor = self.w - margin;
        self.seen.retain(|(u, _, _)| *u >= floor);
    }
}

/// Per-resource progress, for the admin view and the lag metric.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Progress {
    /// RFC 3339: every change before this was delivered.
    pub watermark: Option<String>,
    /// Seconds since the oldest change not yet delivered was made (0 when none waits).
    pub lag_secs: i64,
    pub last_cycle_at: Option<String>,
    pub last_error: Option<String>,
}

/// A running subscription.
pub struct Subscription {
    pub config: SubscriptionConfig,
    /// Where it was defined: `config` (the file) or `runtime` (the admin API).
    pub origin: &'static str,
    key: Vec<u8>,
    disabled: AtomicBool,
    /// Deleted: its pollers end.
    stopped: AtomicBool,
    /// Its pollers' tasks.
    tasks: Mutex<Vec<tokio::task::JoinHandle<()>>>,
    disabled_reason: Mutex<Option<String>>,
    attempts: Mutex<VecDeque<Attempt>>,
    progress: Mutex<BTreeMap<String, Progress>>,
    wake: Notify,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("id", &self.config.id)
            .finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Subscription {
    pub fn is_disabled(&self) -> bool {
        self.disabled.load(Ordering::Relaxed)
    }

    /// Disabled or deleted: nothing more is delivered.
    fn halted(&self) -> bool {
        self.is_disabled() || self.stopped.load(Ordering::Relaxed)
    }

    pub fn attempts(&self) -> Vec<Attempt> {
        lock(&self.attempts).iter().rev().cloned().collect()
    }

    /// The subscription as `/admin/subscriptions` shows it: never the secret.
    pub fn view(&self) -> Value {
        json!({
            "id": self.config.id,
            "tenant": self.config.tenant,
            "resources": self.config.resources,
            "events": self.config.events,
            "url": self.config.url,
            "interval_secs": self.config.interval_secs,
            "deletion_sweep_secs": self.config.deletion_sweep_secs,
            "retry_for_secs": self.config.retry_for_secs,
            "origin": self.origin,
            "status": if self.is_disabled() { "disabled" } else { "active" },
            "disabled_reason": lock(&self.disabled_reason).clone(),
            "progress": lock(&self.progress).clone(),
        })
    }

    fn record(&self, attempt: Attempt) {
        let mut a = lock(&self.attempts);
        if a.len() == KEPT_ATTEMPTS {
            a.pop_front();
        }
        a.push_back(attempt);
    }

    fn progress(&self, resource: &str, f: impl FnOnce(&mut Progress)) {
        let mut p = lock(&self.progress);
        f(p.entry(resource.to_string()).or_default());
    }
}

/// Every subscription of the gateway.
#[derive(Debug)]
pub struct Subscriptions {
    by_id: Mutex<BTreeMap<String, Arc<Subscription>>>,
    /// One change of the runtime subscriptions at a time.
    pub changes: tokio::sync::Mutex<()>,
    store: Store,
    events: EventSink,
    http: reqwest::Client,
}

impl Subscriptions {
    pub fn new(store: Store, events: EventSink, http: reqwest::Client) -> Self {
        Subscriptions {
            by_id: Mutex::default(),
            changes: tokio::sync::Mutex::new(()),
            store,
            events,
            http,
        }
    }

    pub fn get(&self, id: &str) -> Option<Arc<Subscription>> {
        lock(&self.by_id).get(id).cloned()
    }

    pub fn all(&self) -> Vec<Arc<Subscription>> {
        lock(&self.by_id).values().cloned().collect()
    }

    /// Starts the subscriptions of the config file, each resource's poller on its own
    /// task.
    pub async fn start_all(app: &Arc<AppState>) {
        if !app.store.durable() && !app.config.subscriptions.is_empty() {
            tracing::warn!(
                "state backend is memory: subscription watermarks start at now, so changes \
                 made while procura was not running are not notified (use [state] backend = \
                 \"file:PATH\" or Redis to keep them)"
            );
        }
        for config in app.config.subscriptions.clone() {
            app.subscriptions.start(app, config, "config").await;
        }
        if let Err(e) = Subscriptions::sync_runtime(app).await {
            tracing::error!(error = %e, "subscriptions created at runtime could not be read");
        }
    }

    /// The value of [`VERSION_KEY`] now (`None` before the first change).
    pub async fn version(&self) -> Result<Option<Vec<u8>>, StateError> {
        self.store.get(VERSION_KEY).await
    }

    /// How many subscriptions were created at runtime.
    pub fn runtime_count(&self) -> usize {
        lock(&self.by_id)
            .values()
            .filter(|s| s.origin == "runtime")
            .count()
    }

    /// Puts the runtime subscriptions the store holds in service here: starts those not
    /// running, stops those deleted (by another replica).
    pub async fn sync_runtime(app: &Arc<AppState>) -> Result<(), StateError> {
        let subs = &app.subscriptions;
        let _one = subs.changes.lock().await;
        let mut stored = BTreeMap::new();
        for (key, sealed) in subs.store.scan("subscription:").await? {
            // One unreadable entry (sealed under another encryption_key, say) does not
            // keep the others from running.
            let spec = subs
                .store
                .unseal(&sealed)
                .ok()
                .and_then(|plain| serde_json::from_slice::<SubscriptionSpec>(&plain).ok());
            match spec {
                Some(spec) => {
                    stored.insert(spec.id.clone(), spec);
                }
                None => tracing::warn!(%key, "stored subscription unreadable; skipped"),
            }
        }
        for sub in subs.all() {
            if sub.origin == "runtime" && !stored.contains_key(&sub.config.id) {
                subs.stop(&sub.config.id).await;
            }
        }
        for (id, spec) in stored {
            let in_config = app.config.subscriptions.iter().any(|c| c.id == id);
            if !in_config && subs.get(&id).is_none() {
                subs.start(app, spec.config(), "runtime").await;
            }
        }
        Ok(())
    }

    /// Stores a runtime subscription (sealed; state a former one of the same id left
    /// behind is dropped) and starts it. The caller holds [`Subscriptions::changes`] and
    /// checked the spec and that its id is free.
    pub async fn create(
        &self,
        app: &Arc<AppState>,
        spec: SubscriptionSpec,
    ) -> Result<Arc<Subscription>, StateError> {
        let plain = serde_json::to_vec(&spec).map_err(|_| StateError::Corrupt)?;
        let mut ops: Vec<Op> = self
            .store
            .scan(&state_prefix(&spec.id))
            .await?
            .into_iter()
            .map(|(k, _)| Op::Delete(k))
            .collect();
        ops.push(Op::Put(spec_key(&spec.id), self.store.seal(&plain)));
        ops.push(bump());
        self.store.apply(ops).await?;
        Ok(self.start(app, spec.config(), "runtime").await)
    }

    /// Stops a runtime subscription's pollers and forgets it with its state (watermarks,
    /// sweep sets, queued deletions). The caller holds [`Subscriptions::changes`].
    pub async fn delete(&self, id: &str) -> Result<(), StateError> {
        self.stop(id).await;
        let mut ops: Vec<Op> = self
            .store
            .scan(&state_prefix(id))
            .await?
            .into_iter()
            .map(|(k, _)| Op::Delete(k))
            .collect();
        ops.push(Op::Delete(spec_key(id)));
        ops.push(bump());
        self.store.apply(ops).await
    }

    /// Takes a subscription out of service here and waits until its pollers ended.
    async fn stop(&self, id: &str) {
        let Some(sub) = lock(&self.by_id).remove(id) else {
            return;
        };
        sub.stopped.store(true, Ordering::Relaxed);
        sub.wake.notify_waiters();
        let tasks = std::mem::take(&mut *lock(&sub.tasks));
        for task in &tasks {
            task.abort();
        }
        for task in tasks {
            let _ = task.await;
        }
        tracing::info!(subscription = %id, "subscription stopped");
    }

    /// Starts one subscription (replacing none: the caller checked the id is free).
    async fn start(
        &self,
        app: &Arc<AppState>,
        config: SubscriptionConfig,
        origin: &'static str,
    ) -> Arc<Subscription> {
        let disabled = self
            .store
            .get(&disabled_key(&config.id))
            .await
            .ok()
            .flatten()
            .map(|r| String::from_utf8_lossy(&r).into_owned());
        let sub = Arc::new(Subscription {
            key: signing_key(&config.secret),
            origin,
            disabled: AtomicBool::new(disabled.is_some()),
            stopped: AtomicBool::new(false),
            tasks: Mutex::default(),
            disabled_reason: Mutex::new(disabled),
            attempts: Mutex::default(),
            progress: Mutex::default(),
            wake: Notify::new(),
            config,
        });
        for resource in &sub.config.resources {
            let poller = Poller {
                app: Arc::downgrade(app),
                sub: sub.clone(),
                resource: resource.clone(),
                fence: AtomicU64::new(0),
            };
            let task = tokio::spawn(poller.run());
            lock(&sub.tasks).push(task);
        }
        lock(&self.by_id).insert(sub.config.id.clone(), sub.clone());
        sub
    }

    /// Replays every change since `since` (unix seconds): each poller goes back to it.
    /// The request is kept in the store, so with Redis the replica that holds a
    /// resource's lease takes it, whichever replica was asked.
    pub async fn replay(&self, sub: &Subscription, since: i64) -> Result<(), StateError> {
        let ops = sub
            .config
            .resources
            .iter()
            .map(|r| {
                Op::Put(
                    replay_key(&sub.config.id, r),
                    since.to_string().into_bytes(),
                )
            })
            .collect();
        self.store.apply(ops).await?;
        sub.wake.notify_waiters();
        Ok(())
    }

    /// The latest delivery attempts, newest first. With Redis they are read from the
    /// store, where each replica keeps the attempts it made while holding a lease, so
    /// every replica answers the same.
    pub async fn attempts(&self, sub: &Subscription) -> Vec<Attempt> {
        if self.store.kind() != "redis" {
            return sub.attempts();
        }
        let mut all: Vec<Attempt> = Vec::new();
        for resource in &sub.config.resources {
            if let Ok(Some(raw)) = self
                .store
                .get(&attempts_key(&sub.config.id, resource))
                .await
                && let Ok(kept) = serde_json::from_slice::<Vec<Attempt>>(&raw)
            {
                all.extend(kept);
            }
        }
        let at = |a: &Attempt| {
            time::OffsetDateTime::parse(&a.at, &time::format_description::well_known::Rfc3339)
                .map(|t| t.unix_timestamp_nanos())
                .unwrap_or_default()
        };
        all.sort_by_key(|a| std::cmp::Reverse(at(a)));
        all.truncate(KEPT_ATTEMPTS);
        all
    }

    async fn disable(&self, sub: &Subscription, reason: String) {
        if sub.disabled.swap(true, Ordering::Relaxed) {
            return;
        }
        tracing::error!(subscription = %sub.config.id, %reason, "subscription disabled");
        *lock(&sub.disabled_reason) = Some(reason.clone());
        let _ = self
            .store
            .put(&disabled_key(&sub.config.id), reason.clone().into_bytes())
            .await;
        self.events.send(Event {
            event: "subscription.disabled",
            tenant_id: sub.config.tenant.clone(),
            at: crate::clock::rfc3339_now(),
            detail: format!("subscription {}: {reason}", sub.config.id),
        });
    }
}

/// One change found by a cycle.
struct Change {
    updated: i64,
    created: i64,
    id: i64,
    record: Value,
}

enum CycleEnd {
    /// Wait the interval.
    Done,
}

struct Poller {
    app: Weak<AppState>,
    sub: Arc<Subscription>,
    resource: String,
    /// The fence of the lease this replica holds on (subscription, resource).
    fence: AtomicU64,
}

/// Who this process is, as a lease holder.
fn holder() -> &'static str {
    static HOLDER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOLDER.get_or_init(|| format!("{:032x}", rand::random::<u128>()))
}

fn rfc3339(secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// Where a subscription's disabling is kept (its reason), for every replica to see.
fn disabled_key(id: &str) -> String {
    format!("sub:{id}:disabled")
}

fn parse_time(v: &Value) -> Option<i64> {
    let s = v.as_str()?;
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp())
}

impl Poller {
    async fn run(self) {
        let Some(app) = self.app.upgrade() else {
            return;
        };
        let key = Watermark::key(&self.sub.config.id, &self.resource);
        let mut wm = match app.store.get(&key).await {
            Ok(Some(raw)) => serde_json::from_slice(&raw).unwrap_or_default(),
            _ => Watermark::default(),
        };
        if wm.w == 0 {
            wm.w = crate::clock::unix_secs();
            wm.floor = wm.w;
            tracing::info!(
                subscription = %self.sub.config.id,
                resource = %self.resource,
                since = %rfc3339(wm.w),
                durable = app.store.durable(),
                "subscription starts watching changes from now"
            );
            let _ = app.store.put(&key, to_bytes(&wm)).await;
        }
        self.sub.progress(&self.resource, |p| {
            p.watermark = Some(rfc3339(wm.w));
        });
        drop(app);
        let interval = Duration::from_secs(self.sub.config.interval_secs);
        loop {
            if self.sub.stopped.load(Ordering::Relaxed) {
                return;
            }
            let Some(app) = self.app.upgrade() else {
                return;
            };
            let lease = Duration::from_millis(app.config.server.subscription_lease_ms);
            // Another replica may have disabled the subscription: every replica then
            // shows it disabled, and none that takes the lease over delivers again.
            if !self.sub.is_disabled()
                && let Ok(Some(reason)) = app.store.get(&disabled_key(&self.sub.config.id)).await
            {
                *lock(&self.sub.disabled_reason) = Some(String::from_utf8_lossy(&reason).into());
                self.sub.disabled.store(true, Ordering::Relaxed);
            }
            let held = self.renew(&app).await;
            if held {
                // Another replica may have moved the watermark while it held the lease.
                if let Ok(Some(raw)) = app.store.get(&key).await
                    && let Ok(stored) = serde_json::from_slice::<Watermark>(&raw)
                {
                    wm = stored;
                }
                let replay = replay_key(&self.sub.config.id, &self.resource);
                if let Ok(Some(raw)) = app.store.get(&replay).await {
                    let mut ops = vec![Op::Delete(replay)];
                    if let Some(since) = std::str::from_utf8(&raw)
                        .ok()
                        .and_then(|t| t.parse::<i64>().ok())
                    {
                        wm = Watermark {
                            w: since,
                            floor: since,
                            seen: Vec::new(),
                        };
                        ops.push(Op::Put(key.clone(), to_bytes(&wm)));
                    }
                    self.write(&app, ops).await;
                }
            }
            let wait = if !held {
                // Another replica works it; take over within a lease period if it dies.
                (lease / 3).min(interval)
            } else if self.sub.is_disabled() {
                interval
            } else {
                match self.cycle(&app, &key, &mut wm).await {
                    CycleEnd::Done => interval,
                }
            };
            drop(app);
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = self.sub.wake.notified() => {}
            }
        }
    }

    /// Waits until the poller may make its next upstream call (its share of the
    /// budget, no 429 block), keeping its lease meanwhile; `false` when the lease was
    /// lost or the subscription disabled. A cycle or sweep waits here and goes on where
    /// it was, rather than starting over: a listing longer than one window's share still
    /// completes.
    async fn gate(&self, app: &AppState, tenant: &crate::tenant::Tenant) -> bool {
        let share = app.config.server.subscription_budget_percent;
        while let Some(pause) = budget_pause(tenant.budget(), share).await {
            tokio::time::sleep(pause).await;
            if self.sub.halted() || !self.renew(app).await {
                return false;
            }
        }
        true
    }

    fn lease_name(&self) -> String {
        format!("sub:{}:{}", self.sub.config.id, self.resource)
    }

    /// Takes or renews this replica's lease on (subscription, resource); `false` while
    /// another replica holds it (or the store cannot say).
    async fn renew(&self, app: &AppState) -> bool {
        let ttl = Duration::from_millis(app.config.server.subscription_lease_ms);
        match app.store.lease(&self.lease_name(), holder(), ttl).await {
            Ok(Some(fence)) => {
                let before = self.fence.swap(fence, Ordering::Relaxed);
                if before != fence && app.store.kind() == "redis" {
                    tracing::info!(subscription = %self.sub.config.id, resource = %self.resource, fence, "this replica works the subscription now");
                }
                true
            }
            Ok(None) => false,
            Err(e) => {
                tracing::warn!(subscription = %self.sub.config.id, error = %e, "lease unknown; waiting");
                false
            }
        }
    }

    /// Writes state under this replica's lease: `false` when the lease was lost (another
    /// replica took over; nothing was written) or the store failed.
    async fn write(&self, app: &AppState, ops: Vec<Op>) -> bool {
        let fence = self.fence.load(Ordering::Relaxed);
        match app.store.apply_fenced(&self.lease_name(), fence, ops).await {
            Ok(true) => true,
            Ok(false) => {
                tracing::info!(subscription = %self.sub.config.id, resource = %self.resource, "lease lost; another replica goes on");
                false
            }
            Err(e) => {
                tracing::error!(subscription = %self.sub.config.id, error = %e, "subscription state not stored");
                false
            }
        }
    }

    /// One poll: reads every change since the watermark, then delivers them in order.
    async fn cycle(&self, app: &Arc<AppState>, key: &str, wm: &mut Watermark) -> CycleEnd {
        let sub = &self.sub;
        let resource = self.resource.as_str();
        let Some(tenant) = app.tenants.get(&sub.config.tenant) else {
            // A runtime tenant another replica created may not be here yet.
            sub.progress(resource, |p| {
                p.last_error = Some(format!("tenant {:?} is not in service", sub.config.tenant))
            });
            return CycleEnd::Done;
        };
        let Some(eff) = app.registry().get(&tenant.id, resource).cloned() else {
            sub.progress(resource, |p| {
                p.last_error = Some(format!("tenant has no resource {resource:?}"))
            });
            return CycleEnd::Done;
        };
        if sub.config.events.iter().any(|e| e == "deleted") {
            let sealer = IdSealer::new(&app.config.server.cursor_secret);
            if !self.deliver_deletions(app, &sealer).await {
                return CycleEnd::Done;
            }
            self.sweep(app, &tenant, &eff, &sealer).await;
            if !self.deliver_deletions(app, &sealer).await {
                return CycleEnd::Done;
            }
        }
        let margin = app.config.server.sync_margin_secs as i64;
        let since = (wm.w - margin).max(wm.floor);
        let run_started = crate::clock::unix_secs();
        let settings = app.list_settings();
        let limit = tenant
            .provider
            .page_cap()
            .min(settings.max_page_size)
            .max(1);
        let mut changes: Vec<Change> = Vec::new();
        let mut after = None;
        loop {
            if !self.gate(app, &tenant).await {
                return CycleEnd::Done;
            }
            let plan = ListPlan {
                limit,
                query: BTreeMap::from([(listing::SYNC_SINCE.to_string(), since.to_string())]),
                remote_data: false,
                after_id: after,
                run_started,
            };
            metrics::counter!(POLL_CALLS, "subscription" => sub.config.id.clone()).increment(1);
            let read = listing::list(&tenant, &eff, plan, &app.signer, settings)
                .await
                .and_then(|page| Ok((page.next_cursor.is_some(), page.values()?)));
            let (more, records) = match read {
                Ok(read) => read,
                Err(ResourceError::Upstream(UpstreamError::RateLimited(_))) => {
                    let reset = tenant
                        .budget()
                        .status()
                        .await
                        .map(|s| s.reset_secs.max(1))
                        .unwrap_or(1);
                    tracing::info!(subscription = %sub.config.id, resource, reset, "upstream said 429: polling pauses until the reset");
                    // Wait out the block, then ask the same page again.
                    tokio::time::sleep(Duration::from_secs(reset)).await;
                    continue;
                }
                Err(e) => {
                    tracing::warn!(subscription = %sub.config.id, resource, error = %e, "poll failed");
                    sub.progress(resource, |p| p.last_error = Some(e.to_string()));
                    return CycleEnd::Done;
                }
            };
            for record in records {
                let id = record.get("id").and_then(|v| match v {
                    Value::String(s) => s.parse::<i64>().ok(),
                    Value::Number(n) => n.as_i64(),
                    _ => None,
                });
                let Some(id) = id else { continue };
                after = Some(id);
                let updated = record
                    .get("updated_at")
                    .and_then(parse_time)
                    .unwrap_or(run_started);
                let created = record
                    .get("created_at")
                    .and_then(parse_time)
                    .unwrap_or(i64::MIN);
                changes.push(Change {
                    updated,
                    created,
                    id,
                    record,
                });
            }
            if !more || changes.len() >= MAX_CYCLE_CHANGES {
                break;
            }
        }
        let complete = changes.len() < MAX_CYCLE_CHANGES;
        changes.sort_by_key(|c| (c.updated, c.id));
        let window_start = wm.w;
        let mut counts = BTreeMap::<&str, u64>::new();
        let mut delivered_any = false;
        let oldest = changes.first().map(|c| c.updated);
        sub.progress(resource, |p| {
            p.last_cycle_at = Some(rfc3339(run_started));
            p.last_error = None;
            p.lag_secs = oldest.map(|o| (run_started - o).max(0)).unwrap_or(0);
        });
        for change in changes {
            let id = change.id.to_string();
            let record_bytes = serde_json::to_vec(&change.record).unwrap_or_default();
            let webhook_id =
                change_id(&sub.config.id, resource, &id, change.updated, &record_bytes);
            if wm.seen.iter().any(|(_, _, w)| *w == webhook_id) {
                continue;
            }
            let known = wm.seen.iter().any(|(_, r, _)| *r == id);
            let kind = if change.created >= window_start && !known {
                "created"
            } else {
                "updated"
            };
            if sub.config.events.iter().any(|e| e == kind) {
                let body = json!({
                    "type": format!("record.{kind}"),
                    "timestamp": rfc3339(change.updated),
                    "data": {
                        "tenant": sub.config.tenant,
                        "resource": resource,
                        "id": id,
                        "record": change.record,
                    }
                });
                metrics::counter!(EVENTS_EMITTED, "subscription" => sub.config.id.clone())
                    .increment(1);
                let lag = (crate::clock::unix_secs() - change.updated).max(0);
                metrics::gauge!(LAG, "subscription" => sub.config.id.clone()).set(lag as f64);
                if !self
                    .deliver(
                        app,
                        &webhook_id,
                        &format!("record.{kind}"),
                        &body,
                        Some(&id),
                    )
                    .await
                {
                    return CycleEnd::Done;
                }
                *counts.entry(kind).or_default() += 1;
                delivered_any = true;
            }
            wm.seen.push((change.updated, id, webhook_id));
            wm.w = wm.w.max(change.updated);
            wm.prune(margin);
            if !self
                .write(app, vec![Op::Put(key.to_string(), to_bytes(wm))])
                .await
            {
                return CycleEnd::Done;
            }
            sub.progress(resource, |p| p.watermark = Some(rfc3339(wm.w)));
        }
        if complete {
            wm.w = wm.w.max(run_started);
            wm.prune(margin);
            if !self
                .write(app, vec![Op::Put(key.to_string(), to_bytes(wm))])
                .await
            {
                return CycleEnd::Done;
            }
        }
        sub.progress(resource, |p| {
            p.watermark = Some(rfc3339(wm.w));
            p.lag_secs = 0;
        });
        metrics::gauge!(LAG, "subscription" => sub.config.id.clone()).set(0.0);
        if delivered_any {
            let body = json!({
                "type": "sync.completed",
                "timestamp": rfc3339(run_started),
                "data": {
                    "tenant": sub.config.tenant,
                    "resource": resource,
                    "counts": counts,
                    "watermark": rfc3339(wm.w),
                }
            });
            let id = change_id(
                &sub.config.id,
                resource,
                "sync.completed",
                wm.w,
                &serde_json::to_vec(&body).unwrap_or_default(),
            );
            self.deliver(app, &id, "sync.completed", &body, None).await;
        }
        CycleEnd::Done
    }

    /// Keeps an attempt in this process and, with Redis, in the store (the last
    /// [`KEPT_ATTEMPTS`] of the (subscription, resource), written under the lease), so
    /// every replica lists it.
    async fn record(&self, app: &AppState, attempt: Attempt) {
        if app.store.kind() == "redis" {
            let key = attempts_key(&self.sub.config.id, &self.resource);
            let mut kept: Vec<Attempt> = match app.store.get(&key).await {
                Ok(raw) => raw
                    .and_then(|r| serde_json::from_slice(&r).ok())
                    .unwrap_or_default(),
                Err(_) => Vec::new(),
            };
            kept.push(attempt.clone());
            let excess = kept.len().saturating_sub(KEPT_ATTEMPTS);
            kept.drain(..excess);
            if let Ok(raw) = serde_json::to_vec(&kept) {
                self.write(app, vec![Op::Put(key, raw)]).await;
            }
        }
        self.sub.record(attempt);
    }

    /// Posts one event until the receiver takes it (2xx): `true`. `false` when the
    /// subscription was disabled meanwhile (410, or failures for longer than
    /// `retry_for_secs`).
    async fn deliver(
        &self,
        app: &Arc<AppState>,
        webhook_id: &str,
        kind: &str,
        body: &Value,
        record_id: Option<&str>,
    ) -> bool {
        let sub = &self.sub;
        let body = serde_json::to_vec(body).unwrap_or_default();
        let first_failure = Instant::now();
        let retry_for = Duration::from_secs(sub.config.retry_for_secs);
        let max_backoff = Duration::from_millis(app.config.server.subscription_max_backoff_ms);
        let mut attempt = 0u32;
        loop {
            if sub.halted() || !self.renew(app).await {
                return false;
            }
            attempt += 1;
            let timestamp = crate::clock::unix_secs();
            let signature = sign(&sub.key, webhook_id, timestamp, &body);
            let started = Instant::now();
            let sent = app
                .subscriptions
                .http
                .post(&sub.config.url)
                .header("content-type", "application/json")
                .header("webhook-id", webhook_id)
                .header("webhook-timestamp", timestamp.to_string())
                .header("webhook-signature", signature)
                .body(body.clone())
                .timeout(DELIVERY_TIMEOUT)
                .send()
                .await;
            let latency_ms = started.elapsed().as_millis() as u64;
            let (status, error) = match sent {
                Ok(r) => {
                    let s = r.status().as_u16();
                    // Read (a bounded part of) the answer so the connection is reusable.
                    let _ = tokio::time::timeout(Duration::from_secs(1), r.bytes()).await;
                    let error =
                        (!(200..300).contains(&s)).then(|| format!("receiver answered {s}"));
                    (Some(s), error)
                }
                Err(e) => (None, Some(crate::outbound::without_url(&e))),
            };
            let ok = error.is_none();
            self.record(
                app,
                Attempt {
                    at: crate::clock::rfc3339_now(),
                    webhook_id: webhook_id.to_string(),
                    kind: kind.to_string(),
                    resource: self.resource.clone(),
                    record_id: record_id.map(str::to_string),
                    attempt,
                    status,
                    latency_ms,
                    ok,
                    error: error.clone(),
                },
            )
            .await;
            if ok {
                metrics::counter!(EVENTS_DELIVERED, "subscription" => sub.config.id.clone())
                    .increment(1);
                return true;
            }
            metrics::counter!(DELIVERIES_FAILED, "subscription" => sub.config.id.clone())
                .increment(1);
            tracing::warn!(
                subscription = %sub.config.id,
                webhook_id,
                attempt,
                error = error.as_deref().unwrap_or_default(),
                "delivery failed; retrying"
            );
            if status == Some(410) {
                app.subscriptions
                    .disable(sub, "the receiver answered 410 Gone".into())
                    .await;
                return false;
            }
            if first_failure.elapsed() >= retry_for {
                app.subscriptions
                    .disable(
                        sub,
                        format!(
                            "deliveries failed for {} s (last: {})",
                            retry_for.as_secs(),
                            error.unwrap_or_default()
                        ),
                    )
                    .await;
                return false;
            }
            tokio::time::sleep(backoff(attempt, max_backoff)).await;
        }
    }
}

/// Deletions without storing records: ids of a resource as a sorted set of keyed 64-bit
/// values. A keyed permutation (a four-round Feistel network whose round function is
/// HMAC-SHA256 under a key derived from `[server] cursor_secret`) maps each id to a value
/// that says nothing of the id without the key, and that only the gateway can map back,
/// so a vanished id can be named in its `record.deleted` event.
pub struct IdSealer {
    key: [u8; 32],
}

impl IdSealer {
    pub fn new(secret: &Secret) -> Self {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes()).expect("HMAC takes any key");
        mac.update(b"procura subscription id sweep");
        IdSealer {
            key: mac.finalize().into_bytes().into(),
        }
    }

    fn round(&self, round: u8, half: u32) -> u32 {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key");
        mac.update(&[round]);
        mac.update(&half.to_be_bytes());
        let out = mac.finalize().into_bytes();
        u32::from_be_bytes([out[0], out[1], out[2], out[3]])
    }

    pub fn seal(&self, id: u64) -> u64 {
        let (mut l, mut r) = ((id >> 32) as u32, id as u32);
        for i in 0..4 {
            let next = l ^ self.round(i, r);
            l = r;
            r = next;
        }
        (u64::from(l) << 32) | u64::from(r)
    }

    pub fn open(&self, sealed: u64) -> u64 {
        let (mut l, mut r) = ((sealed >> 32) as u32, sealed as u32);
        for i in (0..4).rev() {
            let prev_r = l;
            l = r ^ self.round(i, l);
            r = prev_r;
        }
        (u64::from(l) << 32) | u64::from(r)
    }

    /// A value that changes with the key: a kept set sealed under another key (the cursor
    /// secret was rotated) is dropped, not compared.
    fn check(&self) -> u64 {
        self.seal(u64::MAX)
    }
}

/// A complete sweep as the store keeps it: key check, time (unix seconds), then the
/// sorted sealed ids, 8 bytes each.
fn encode_sweep(check: u64, at: i64, ids: &[u64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + ids.len() * 8);
    out.extend(check.to_be_bytes());
    out.extend(at.to_be_bytes());
    for id in ids {
        out.extend(id.to_be_bytes());
    }
    out
}

fn decode_sweep(raw: &[u8]) -> Option<(u64, i64, Vec<u64>)> {
    if raw.len() < 16 || raw.len() % 8 != 0 {
        return None;
    }
    let word = |i: usize| u64::from_be_bytes(raw[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
    let ids = (2..raw.len() / 8).map(word).collect();
    Some((word(0), word(1) as i64, ids))
}

impl Poller {
    fn sweep_key(&self) -> String {
        format!("sub:{}:{}:sweep", self.sub.config.id, self.resource)
    }

    fn deleted_key(&self) -> String {
        format!("sub:{}:{}:deleted", self.sub.config.id, self.resource)
    }

    /// Delivers the deletions a complete sweep found and not yet delivered, in id order;
    /// `false` when the subscription was disabled meanwhile.
    async fn deliver_deletions(&self, app: &Arc<AppState>, sealer: &IdSealer) -> bool {
        let key = self.deleted_key();
        let Ok(Some(raw)) = app.store.get(&key).await else {
            return true;
        };
        let Some((_, at, mut pending)) = decode_sweep(&raw) else {
            let _ = app.store.delete(&key).await;
            return true;
        };
        while let Some(sealed) = pending.first().copied() {
            let id = sealer.open(sealed).to_string();
            let body = json!({
                "type": "record.deleted",
                "timestamp": rfc3339(at),
                "data": {
                    "tenant": self.sub.config.tenant,
                    "resource": self.resource,
                    "id": id,
                }
            });
            let webhook_id = change_id(&self.sub.config.id, &self.resource, &id, 0, b"deleted");
            metrics::counter!(EVENTS_EMITTED, "subscription" => self.sub.config.id.clone())
                .increment(1);
            if !self
                .deliver(app, &webhook_id, "record.deleted", &body, Some(&id))
                .await
            {
                return false;
            }
            pending.remove(0);
            let op = if pending.is_empty() {
                Op::Delete(key.clone())
            } else {
                Op::Put(key.clone(), encode_sweep(0, at, &pending))
            };
            if !self.write(app, vec![op]).await {
                return false;
            }
        }
        true
    }

    /// Lists every id of the resource (ids only, keyset) and, when the listing is
    /// complete, compares it with the previous complete sweep: ids gone are queued as
    /// deletions and the new set replaces the old, both in one store batch. An
    /// interrupted sweep changes nothing. It waits for its budget share and out 429s.
    async fn sweep(
        &self,
        app: &Arc<AppState>,
        tenant: &crate::tenant::Tenant,
        eff: &crate::resources::Effective,
        sealer: &IdSealer,
    ) {
        let started = Instant::now();
        let now = crate::clock::unix_secs();
        let previous = match app.store.get(&self.sweep_key()).await {
            Ok(raw) => raw.as_deref().and_then(decode_sweep),
            Err(_) => return,
        };
        if previous
            .as_ref()
            .is_some_and(|(_, at, _)| now - at < self.sub.config.deletion_sweep_secs as i64)
        {
            return;
        }
        let id_field = eff.resource.id_field.as_str();
        let mut only_id = jsonata::PathNode::default();
        only_id.children.insert(
            id_field.to_string(),
            jsonata::PathNode {
                whole: true,
                children: Default::default(),
            },
        );
        let fields = tenant.provider.render_fields(&only_id).ok();
        let limit = tenant.provider.page_cap();
        let mut ids: Vec<u64> = Vec::new();
        let mut after: Option<i64> = None;
        loop {
            if !self.gate(app, tenant).await {
                return;
            }
            let call = crate::providers::ListCall {
                path: &eff.resource.path,
                id_field,
                after_id: after,
                offset: 0,
                limit,
                filters: &eff.scope,
                fields: fields.as_deref(),
            };
            let path = tenant.provider.list_path(&call);
            metrics::counter!(POLL_CALLS, "subscription" => self.sub.config.id.clone())
                .increment(1);
            let page = match tenant
                .upstream
                .read_json_with(path, &|b| serde_json::from_slice(b))
                .await
                .and_then(|body| tenant.provider.page_records(body))
            {
                Ok(p) => p,
                Err(UpstreamError::RateLimited(_)) => {
                    // Wait out the block the budget now reports, then ask the same page
                    // again.
                    let reset = tenant.budget().status().await.map_or(1, |s| s.reset_secs);
                    tokio::time::sleep(Duration::from_secs(reset.max(1))).await;
                    continue;
                }
                Err(e) => {
                    tracing::warn!(subscription = %self.sub.config.id, resource = %self.resource, error = %e, "id sweep interrupted; the previous sweep stays");
                    return;
                }
            };
            let (items, more) = page;
            let got = items.len();
            for item in items {
                let id = match item.get(id_field) {
                    Some(Value::Number(n)) => n.as_i64(),
                    Some(Value::String(s)) => s.parse().ok(),
                    _ => None,
                };
                let Some(id) = id else {
                    tracing::warn!(subscription = %self.sub.config.id, "id sweep: a record without an integer id; sweep dropped");
                    return;
                };
                if after.is_some_and(|a| id <= a) {
                    tracing::warn!(subscription = %self.sub.config.id, "id sweep: ids out of order; sweep dropped");
                    return;
                }
                after = Some(id);
                ids.push(sealer.seal(id as u64));
            }
            if more == Some(false) || (more.is_none() && got < limit as usize) || got == 0 {
                break;
            }
        }
        ids.sort_unstable();
        let mut ops = vec![Op::Put(
            self.sweep_key(),
            encode_sweep(sealer.check(), now, &ids),
        )];
        let mut gone = Vec::new();
        if let Some((check, _, before)) = previous
            && check == sealer.check()
        {
            gone = before
                .into_iter()
                .filter(|s| ids.binary_search(s).is_err())
                .collect();
        }
        if !gone.is_empty() {
            // Queued behind any deletions still waiting from an earlier sweep.
            let mut queued = match app.store.get(&self.deleted_key()).await {
                Ok(raw) => raw
                    .as_deref()
                    .and_then(decode_sweep)
                    .map(|(_, _, q)| q)
                    .unwrap_or_default(),
                Err(_) => return,
            };
            queued.extend(gone.iter().copied());
            queued.sort_unstable_by_key(|s| sealer.open(*s));
            queued.dedup();
            ops.push(Op::Put(self.deleted_key(), encode_sweep(0, now, &queued)));
        }
        if !self.write(app, ops).await {
            return;
        }
        metrics::histogram!(SWEEP_DURATION, "subscription" => self.sub.config.id.clone())
            .record(started.elapsed().as_secs_f64());
        tracing::debug!(subscription = %self.sub.config.id, resource = %self.resource, ids = ids.len(), gone = gone.len(), "id sweep complete");
    }
}

/// Exponential backoff from 500 ms, capped, with jitter (half to all of it).
fn backoff(attempt: u32, max: Duration) -> Duration {
    let base = Duration::from_millis(500).saturating_mul(1u32 << attempt.min(20).saturating_sub(1));
    let capped = base.min(max);
    capped.mul_f64(0.5 + rand::random::<f64>() * 0.5)
}

/// Whether the poller must wait before its next upstream call: the tenant's budget is
/// blocked by a 429, or no more of it remains than callers are owed (`100 - share`
/// percent of the window, rounded down), so polling takes at most `share` percent of a
/// window (and at least one call of it, however small the budget).
async fn budget_pause(budget: &crate::providers::budget::Budget, share: u32) -> Option<Duration> {
    let status = budget.status().await?;
    let reserved = u64::from(status.limit) * u64::from(100 - share.min(100)) / 100;
    if u64::from(status.remaining) <= reserved {
        return Some(Duration::from_secs(status.reset_secs.max(1)));
    }
    None
}

fn to_bytes(wm: &Watermark) -> Vec<u8> {
    serde_json::to_vec(wm).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification.
    #[test]
    fn signature_matches_the_standard_webhooks_example() {
        let key = signing_key(&Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        let sig = sign(
            &key,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn change_ids_are_stable_and_distinct() {
        let a = change_id("s", "purchase_orders", "1", 100, b"{}");
        assert_eq!(a, change_id("s", "purchase_orders", "1", 100, b"{}"));
        assert_ne!(a, change_id("s", "purchase_orders", "1", 101, b"{}"));
        assert_ne!(a, change_id("s", "purchase_orders", "1", 100, b"{\"x\":1}"));
        assert_ne!(a, change_id("s", "invoices", "1", 100, b"{}"));
        assert!(a.starts_with("msg_") && a.len() == 36);
    }

    #[test]
    fn sealed_ids_open_to_themselves_and_depend_on_the_key() {
        let a = IdSealer::new(&Secret::new("cursor-secret-0123456789"));
        let b = IdSealer::new(&Secret::new("cursor-secret-9876543210"));
        for id in [0u64, 1, 2, 4711, 1 << 40, u64::MAX - 1] {
            let sealed = a.seal(id);
            assert_eq!(a.open(sealed), id);
            assert_ne!(sealed, id);
            assert_ne!(sealed, b.seal(id));
        }
        assert_ne!(a.check(), b.check());
        let raw = encode_sweep(a.check(), 1700000000, &[3, 9, 12]);
        assert_eq!(
            decode_sweep(&raw),
            Some((a.check(), 1700000000, vec![3, 9, 12]))
        );
        assert_eq!(decode_sweep(&raw[..20]), None);
    }

    #[tokio::test]
    async fn polling_takes_its_share_of_the_budget_and_no_more() {
        use crate::config::RateLimitConfig;
        use crate::providers::budget::Budget;
        let budget = Budget::new(Some(RateLimitConfig {
            requests: 10,
            window_secs: 60,
        }));
        // 20 %: two calls of ten, whoever made the others.
        assert_eq!(budget_pause(&budget, 20).await, None);
        budget.record_call().await;
        assert_eq!(budget_pause(&budget, 20).await, None);
        budget.record_call().await;
        assert!(
            budget_pause(&budget, 20).await.is_some(),
            "8 left are the callers'"
        );
        // Callers' calls count against the poller's room too.
        let busy = Budget::new(Some(RateLimitConfig {
            requests: 10,
            window_secs: 60,
        }));
        for _ in 0..9 {
            busy.record_call().await;
        }
        assert!(budget_pause(&busy, 20).await.is_some());
        // A tiny budget still lets one call through per window.
        let tiny = Budget::new(Some(RateLimitConfig {
            requests: 1,
            window_secs: 60,
        }));
        assert_eq!(budget_pause(&tiny, 20).await, None);
        tiny.record_call().await;
        let pause = budget_pause(&tiny, 20).await.expect("spent");
        assert!(
            pause > Duration::from_secs(50),
            "until the window resets: {pause:?}"
        );
        // A 429 blocks until its reset.
        let blocked = Budget::new(Some(RateLimitConfig {
            requests: 100,
            window_secs: 1,
        }));
        blocked.record_429(Some(Duration::from_secs(7))).await;
        let pause = budget_pause(&blocked, 20).await.expect("blocked");
        assert!(pause >= Duration::from_secs(6), "{pause:?}");
        // No known budget: nothing to share yet.
        assert_eq!(budget_pause(&Budget::new(None), 20).await, None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let max = Duration::from_secs(4);
        assert!(backoff(1, max) <= Duration::from_millis(500));
        assert!(backoff(1, max) >= Duration::from_millis(250));
        assert!(backoff(3, max) >= Duration::from_secs(1));
        assert!(backoff(30, max) <= max);
    }
}
