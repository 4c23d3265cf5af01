//! Configuration: the TOML file of SPEC 2, `${VAR}` interpolation from the environment,
//! and validation at load. Secrets are held in [`Secret`], which never prints.

use std::collections::HashSet;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// A string that must never reach a log, an error or an API response.
/// `Debug` and `Display` print `[redacted]`; read it with [`Secret::expose`].
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The whole configuration, validated.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub server: ServerConfig,
    #[serde(default)]
    pub mappings: MappingsConfig,
    #[serde(default)]
    pub api_keys: Vec<ApiKeyConfig>,
    #[serde(default)]
    pub tenants: Vec<TenantConfig>,
    #[serde(default)]
    pub webhooks: Option<WebhookConfig>,
    #[serde(default)]
    pub state: StateConfig,
    #[serde(default)]
    pub studio: StudioConfig,
    /// Change notifications: signed webhooks for created, updated and deleted records.
    #[serde(default)]
    pub subscriptions: Vec<SubscriptionConfig>,
}

/// Tenants created at runtime (`/admin/tenants`, the studio).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudioConfig {
    /// Hosts a runtime tenant's URLs may name: exact names, or `*.example.com` for any
    /// subdomain. Empty: any host the base-URL rules allow (https, or http on loopback).
    #[serde(default)]
    pub tenant_hosts: Vec<String>,
    /// How many tenants may be created at runtime.
    #[serde(default = "default_max_runtime_tenants")]
    pub max_runtime_tenants: usize,
    /// Previous versions kept of each override saved through the studio.
    #[serde(default = "default_override_versions")]
    pub override_versions: usize,
    /// Hosts the `url` of a subscription created at runtime may name, as `tenant_hosts`.
    /// Empty: any host the URL rules allow (https, or http on loopback).
    #[serde(default)]
    pub subscription_hosts: Vec<String>,
    /// How many subscriptions may be created at runtime.
    #[serde(default = "default_max_runtime_subscriptions")]
    pub max_runtime_subscriptions: usize,
}

impl Default for StudioConfig {
    fn default() -> Self {
        StudioConfig {
            tenant_hosts: Vec::new(),
            max_runtime_tenants: default_max_runtime_tenants(),
            override_versions: default_override_versions(),
            subscription_hosts: Vec::new(),
            max_runtime_subscriptions: default_max_runtime_subscriptions(),
        }
    }
}

fn default_max_runtime_tenants() -> usize {
    100
}
fn default_max_runtime_subscriptions() -> usize {
    100
}
fn default_override_versions() -> usize {
    20
}

/// One `[[subscriptions]]` entry: which tenant's records to watch and where to send
/// their changes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionConfig {
    pub id: String,
    pub tenant: String,
    pub resources: Vec<String>,
    #[serde(default = "default_events")]
    pub events: Vec<String>,
    pub url: String,
    /// `whsec_` and the base64 of the signing key, as Standard Webhooks has it.
    pub secret: Secret,
    /// Poll period in seconds (at least `[server] subscription_min_interval_secs`).
    #[serde(default = "default_interval_secs")]
    pub interval_secs: u64,
    /// Id sweep period for `deleted`, in seconds.
    #[serde(default = "default_deletion_sweep_secs")]
    pub deletion_sweep_secs: u64,
    /// How long a failing delivery is retried before the subscription is disabled.
    #[serde(default = "default_retry_for_secs")]
    pub retry_for_secs: u64,
}

/// The events a subscription may ask for.
pub const SUBSCRIPTION_EVENTS: [&str; 3] = ["created", "updated", "deleted"];

pub fn default_events() -> Vec<String> {
    SUBSCRIPTION_EVENTS.iter().map(|e| e.to_string()).collect()
}
pub fn default_interval_secs() -> u64 {
    60
}
pub fn default_deletion_sweep_secs() -> u64 {
    3600
}
pub fn default_retry_for_secs() -> u64 {
    24 * 3600
}

impl SubscriptionConfig {
    /// Checks one subscription; `Err((field, reason))`. `tenants` are the known tenant ids.
    pub fn check(
        &self,
        server: &ServerConfig,
        tenants: &HashSet<&str>,
    ) -> Result<(), (&'static str, String)> {
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 64
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !id_ok {
            return Err((
                "id",
                "must be 1 to 64 letters, digits, '-' or '_'".to_string(),
            ));
        }
        if !tenants.contains(self.tenant.as_str()) {
            return Err(("tenant", format!("names unknown tenant {:?}", self.tenant)));
        }
        if self.resources.is_empty() {
            return Err(("resources", "must name at least one resource".into()));
        }
        let mut seen = HashSet::new();
        for r in &self.resources {
            if !seen.insert(r) {
                return Err(("resources", format!("names {r:?} twice")));
            }
        }
        if self.events.is_empty() {
            return Err((
                "events",
                "must name at least one of created, updated, deleted".into(),
            ));
        }
        let mut named = HashSet::new();
        for e in &self.events {
            if !named.insert(e) {
                return Err(("events", format!("names {e:?} twice")));
            }
            if !SUBSCRIPTION_EVENTS.contains(&e.as_str()) {
                return Err((
                    "events",
                    format!("unknown event {e:?}; events are created, updated and deleted"),
                ));
            }
        }
        check_base_url(&self.url).map_err(|r| ("url", r))?;
        if !valid_whsec(self.secret.expose()) {
            return Err((
                "secret",
                "must be \"whsec_\" followed by the base64 of 24 to 64 random bytes (Standard Webhooks)".into(),
            ));
        }
        let min = server.subscription_min_interval_secs;
        if self.interval_secs < min || self.interval_secs > 86_400 {
            return Err((
                "interval_secs",
                format!("must be from {min} to 86400 seconds"),
            ));
        }
        let min = server.subscription_min_sweep_secs;
        if self.deletion_sweep_secs < min || self.deletion_sweep_secs > 7 * 86_400 {
            return Err((
                "deletion_sweep_secs",
                format!("must be from {min} to 604800 seconds"),
            ));
        }
        if !(1..=7 * 86_400).contains(&self.retry_for_secs) {
            return Err(("retry_for_secs", "must be from 1 to 604800 seconds".into()));
        }
        Ok(())
    }
}

/// `whsec_` + base64 of a key of 24 to 64 bytes.
fn valid_whsec(s: &str) -> bool {
    use base64::Engine;
    s.strip_prefix("whsec_")
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .is_some_and(|k| (24..=64).contains(&k.len()))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// Key of the HMAC that signs cursors and sync tokens.
    #[serde(default)]
    pub cursor_secret: Secret,
    #[serde(default = "default_upstream_timeout_ms")]
    pub upstream_timeout_ms: u64,
    #[serde(default = "default_max_page_size")]
    pub max_page_size: u32,
    #[serde(default = "default_sync_margin_secs")]
    pub sync_margin_secs: u64,
    /// Coupa refuses a token younger than this; the gateway waits it out.
    #[serde(default = "default_token_min_age_ms")]
    pub token_min_age_ms: u64,
    /// Largest request body accepted, in bytes.
    #[serde(default = "default_body_limit")]
    pub body_limit_bytes: usize,
    /// Whole-request deadline, in milliseconds.
    #[serde(default = "default_request_timeout_ms")]
    pub request_timeout_ms: u64,
    /// Upstream calls in flight per tenant; further calls wait for a slot.
    #[serde(default = "default_max_upstream_concurrency")]
    pub max_upstream_concurrency: usize,
    /// How long in-flight requests may run on after SIGTERM.
    #[serde(default = "default_shutdown_grace_ms")]
    pub shutdown_grace_ms: u64,
    /// A connection must send a complete request head within this time.
    #[serde(default = "default_header_read_timeout_ms")]
    pub header_read_timeout_ms: u64,
    /// Largest request head (request line and headers), in bytes.
    #[serde(default = "default_max_header_bytes")]
    pub max_header_bytes: usize,
    /// A keep-alive connection with nothing in flight and no bytes moving is closed after this.
    #[serde(default = "default_idle_timeout_ms")]
    pub idle_timeout_ms: u64,
    /// Connections served at once; more wait in the accept queue.
    #[serde(default = "default_max_connections")]
    pub max_connections: usize,
    /// Mapping jobs running at once, off the async threads (default: twice the cores).
    #[serde(default)]
    pub mapping_threads: Option<usize>,
    /// Mapping jobs of one tenant running at once (default: the cores).
    #[serde(default)]
    pub mapping_threads_per_tenant: Option<usize>,
    /// Unified list pages read, mapped and serialized at once in this process; a page
    /// holds its upstream answer, parsed records and mapped records until its body is
    /// built, so this bounds the memory of many concurrent callers. Further pages wait.
    #[serde(default = "default_max_pages_in_flight")]
    pub max_pages_in_flight: usize,
    /// Unified list pages of one tenant in flight at once (below the process's bound, so
    /// one tenant filling its share leaves room for the others). Further pages wait.
    #[serde(default = "default_max_pages_in_flight_per_tenant")]
    pub max_pages_in_flight_per_tenant: usize,
    /// Mapping time one request may use, over all its records, in milliseconds.
    #[serde(default = "default_mapping_budget_ms")]
    pub mapping_budget_ms: u64,
    /// Largest upstream answer a unified call reads, in bytes; a larger one is a 502
    /// (`/proxy` streams answers through and is not bound by it).
    #[serde(default = "default_max_upstream_body_bytes")]
    pub max_upstream_body_bytes: usize,
    /// Request bodies held in memory at once, across all connections, in bytes; a body
    /// that finds no room within a short wait is refused with 503.
    #[serde(default = "default_max_buffered_body_bytes")]
    pub max_buffered_body_bytes: usize,
    /// The shortest `interval_secs` a subscription may have (5; lower only for tests
    /// and sandboxes).
    #[serde(default = "default_subscription_min_interval_secs")]
    pub subscription_min_interval_secs: u64,
    /// The shortest `deletion_sweep_secs` a subscription may have (10; lower only for
    /// tests and sandboxes).
    #[serde(default = "default_subscription_min_sweep_secs")]
    pub subscription_min_sweep_secs: u64,
    /// Share of a tenant's rate budget, in percent, that subscription polling and
    /// sweeps may use together; callers' traffic keeps the rest.
    #[serde(default = "default_subscription_budget_percent")]
    pub subscription_budget_percent: u32,
    /// Longest wait between two delivery attempts of one event, in milliseconds
    /// (exponential backoff with jitter grows up to it).
    #[serde(default = "default_subscription_max_backoff_ms")]
    pub subscription_max_backoff_ms: u64,
    /// With Redis, one replica works a (subscription, resource) at a time under a lease
    /// of this length; another takes over within it when the holder dies.
    #[serde(default = "default_subscription_lease_ms")]
    pub subscription_lease_ms: u64,
}

fn default_subscription_min_interval_secs() -> u64 {
    5
}
fn default_subscription_min_sweep_secs() -> u64 {
    10
}
fn default_subscription_budget_percent() -> u32 {
    20
}
fn default_subscription_lease_ms() -> u64 {
    30_000
}
fn default_subscription_max_backoff_ms() -> u64 {
    5 * 60 * 1000
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: default_listen(),
            cursor_secret: Secret::default(),
            upstream_timeout_ms: default_upstream_timeout_ms(),
            max_page_size: default_max_page_size(),
            sync_margin_secs: default_sync_margin_secs(),
            token_min_age_ms: default_token_min_age_ms(),
            body_limit_bytes: default_body_limit(),
            request_timeout_ms: default_request_timeout_ms(),
            max_upstream_concurrency: default_max_upstream_concurrency(),
            shutdown_grace_ms: default_shutdown_grace_ms(),
            header_read_timeout_ms: default_header_read_timeout_ms(),
            max_header_bytes: default_max_header_bytes(),
            idle_timeout_ms: default_idle_timeout_ms(),
            max_connections: default_max_connections(),
            mapping_threads: None,
            mapping_threads_per_tenant: None,
            max_pages_in_flight: default_max_pages_in_flight(),
            max_pages_in_flight_per_tenant: default_max_pages_in_flight_per_tenant(),
            mapping_budget_ms: default_mapping_budget_ms(),
            max_upstream_body_bytes: default_max_upstream_body_bytes(),
            max_buffered_body_bytes: default_max_buffered_body_bytes(),
            subscription_min_interval_secs: default_subscription_min_interval_secs(),
            subscription_min_sweep_secs: default_subscription_min_sweep_secs(),
            subscription_budget_percent: default_subscription_budget_percent(),
            subscription_max_backoff_ms: default_subscription_max_backoff_ms(),
            subscription_lease_ms: default_subscription_lease_ms(),
        }
    }
}

fn default_mapping_budget_ms() -> u64 {
    10_000
}
fn default_listen() -> SocketAddr {
    SocketAddr::from(([0, 0, 0, 0], 8080))
}
fn default_upstream_timeout_ms() -> u64 {
    30_000
}
fn default_max_page_size() -> u32 {
    200
}
fn default_sync_margin_secs() -> u64 {
    300
}
fn default_token_min_age_ms() -> u64 {
    5_000
}
fn default_body_limit() -> usize {
    1024 * 1024
}
fn default_request_timeout_ms() -> u64 {
    120_000
}
fn default_max_upstream_concurrency() -> usize {
    8
}
fn default_max_pages_in_flight() -> usize {
    64
}
fn default_max_pages_in_flight_per_tenant() -> usize {
    16
}
fn default_shutdown_grace_ms() -> u64 {
    25_000
}
fn default_header_read_timeout_ms() -> u64 {
    10_000
}
fn default_max_header_bytes() -> usize {
    64 * 1024
}
fn default_idle_timeout_ms() -> u64 {
    60_000
}
fn default_max_connections() -> usize {
    4096
}
fn default_max_upstream_body_bytes() -> usize {
    64 * 1024 * 1024
}
fn default_max_buffered_body_bytes() -> usize {
    64 * 1024 * 1024
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingsConfig {
    #[serde(default = "default_base_dir")]
    pub base_dir: PathBuf,
    #[serde(default)]
    pub override_dir: Option<PathBuf>,
    /// Reload mappings when their files change.
    #[serde(default)]
    pub watch: bool,
}

impl Default for MappingsConfig {
    fn default() -> Self {
        MappingsConfig {
            base_dir: default_base_dir(),
            override_dir: None,
            watch: false,
        }
    }
}

fn default_base_dir() -> PathBuf {
    PathBuf::from("mappings")
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyConfig {
    #[serde(default)]
    pub key: Option<Secret>,
    /// Hex SHA-256 of the key, for configs that should not hold the key itself.
    #[serde(default)]
    pub key_sha256: Option<String>,
    pub tenants: Vec<String>,
    #[serde(default)]
    pub admin: bool,
}

impl ApiKeyConfig {
    /// SHA-256 of the key, which is what callers' keys are compared against.
    pub fn digest(&self) -> [u8; 32] {
        match (&self.key, &self.key_sha256) {
            (Some(key), _) => Sha256::digest(key.expose().as_bytes()).into(),
            (None, Some(hex_digest)) => {
                let mut out = [0u8; 32];
                // Validated at load: 64 hex digits.
                let _ = hex::decode_to_slice(hex_digest, &mut out);
                out
            }
            (None, None) => [0u8; 32],
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenantConfig {
    pub id: String,
    /// The procurement system the tenant runs (`coupa` when not named).
    #[serde(default = "default_provider")]
    pub provider: Provider,
    pub base_url: String,
    /// Coupa: the OAuth client's id and secret (token endpoint at the base URL).
    #[serde(default)]
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Secret,
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Oracle Fusion: Basic credentials, or an identity domain's OAuth client.
    #[serde(default)]
    pub auth: Option<AuthConfig>,
    #[serde(default)]
    pub overrides: Option<PathBuf>,
    #[serde(default)]
    pub rate_limit: Option<RateLimitConfig>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitConfig {
    pub requests: u32,
    #[serde(default = "one")]
    pub window_secs: u64,
}

fn one() -> u64 {
    1
}

/// How a tenant whose provider does not take `client_id`/`client_secret` authenticates.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AuthConfig {
    /// HTTP Basic with a user of the tenant's system.
    Basic { username: String, password: Secret },
    /// OAuth client credentials at `token_url` (the client authenticated with HTTP
    /// Basic, as identity domains expect), asking for `scope`.
    Oauth {
        token_url: String,
        client_id: String,
        client_secret: Secret,
        #[serde(default)]
        scope: Option<String>,
    },
}

fn default_provider() -> Provider {
    Provider::Coupa
}

/// The procurement system a tenant runs. What each one's wire looks like is
/// `crate::providers`'s business; here it is only a name in the config.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// Coupa Core REST API.
    Coupa,
    /// Oracle Fusion Cloud Procurement and Payables (ADF REST).
    OracleFusion,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    pub url: String,
    pub secret: Secret,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateConfig {
    /// `memory`, `file:PATH` (an embedded database file, one process; a relative path is
    /// taken from the config file's directory) or a `redis://` / `rediss://` URL.
    #[serde(default = "default_backend")]
    pub backend: Secret,
    /// 32 bytes as 64 hex digits: encrypts tokens and secrets stored in Redis or the file.
    #[serde(default)]
    pub encryption_key: Option<Secret>,
    /// Idempotency records held in this process's memory, in bytes, all keys together;
    /// the least recently used go first.
    #[serde(default = "default_idempotency_max_bytes")]
    pub idempotency_max_bytes: usize,
    /// Largest response kept for replay under one idempotency key, in memory or Redis;
    /// a larger one is remembered as done without its body.
    #[serde(default = "default_idempotency_max_record_bytes")]
    pub idempotency_max_record_bytes: usize,
}

impl Default for StateConfig {
    fn default() -> Self {
        StateConfig {
            backend: default_backend(),
            encryption_key: None,
            idempotency_max_bytes: default_idempotency_max_bytes(),
            idempotency_max_record_bytes: default_idempotency_max_record_bytes(),
        }
    }
}

fn default_backend() -> Secret {
    Secret::new("memory")
}
fn default_idempotency_max_bytes() -> usize {
    64 * 1024 * 1024
}
fn default_idempotency_max_record_bytes() -> usize {
    1024 * 1024
}

/// A configuration error: names the file, the key and the reason.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {key}: {reason}")]
pub struct ConfigError {
    pub file: String,
    pub key: String,
    pub reason: String,
}

impl ConfigError {
    /// The error with every occurrence of `values` in its key and reason replaced.
    fn redacted(mut self, values: &[String]) -> Self {
        let mut values: Vec<&String> = values.iter().filter(|v| !v.is_empty()).collect();
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        for v in values {
            self.key = self.key.replace(v.as_str(), "[redacted]");
            self.reason = self.reason.replace(v.as_str(), "[redacted]");
        }
        self
    }

    fn new(file: &Path, key: impl Into<String>, reason: impl Into<String>) -> Self {
        ConfigError {
            file: file.display().to_string(),
            key: key.into(),
            reason: reason.into(),
        }
    }
}

impl Config {
    /// Reads, interpolates and validates a config file. Relative paths in it are resolved
    /// against the file's directory.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::new(path, "(file)", format!("cannot read: {e}")))?;
        let base = path.parent().unwrap_or(Path::new("."));
        Config::from_toml(&text, path, base, &|name| std::env::var(name).ok())
    }

    /// Parses config text; `env` supplies `${VAR}` values. `file` names the source in errors.
    pub fn from_toml(
        text: &str,
        file: &Path,
        base_dir: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut doc: toml::Value = toml::from_str(text).map_err(|e| {
            let key = e
                .span()
                .map(|s| line_of(text, s.start))
                .map(|l| format!("line {l}"))
                .unwrap_or_else(|| "(syntax)".into());
            ConfigError::new(file, key, e.message().to_string())
        })?;
        // Values taken from the environment may be secrets: no error may quote them.
        let taken = std::cell::RefCell::new(Vec::new());
        let lookup = |name: &str| {
            let v = env(name);
            if let Some(v) = &v {
                taken.borrow_mut().push(v.clone());
            }
            v
        };
        interpolate(&mut doc, &mut String::new(), file, &lookup)?;
        let substituted = taken.into_inner();
        let redact = |e: ConfigError| e.redacted(&substituted);
        precheck_tenants(&doc, file).map_err(redact)?;
        let mut config: Config = deserialize_config(doc, file).map_err(redact)?;
        config.resolve_paths(base_dir);
        config.validate(file).map_err(redact)?;
        Ok(config)
    }

    fn resolve_paths(&mut self, base: &Path) {
        let fix = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        fix(&mut self.mappings.base_dir);
        if let Some(dir) = self.mappings.override_dir.as_mut() {
            fix(dir);
        }
        for tenant in &mut self.tenants {
            if let Some(dir) = tenant.overrides.as_mut() {
                fix(dir);
            }
        }
        if let Some(path) = self.state.backend.expose().strip_prefix("file:")
            && !path.is_empty()
        {
            let mut p = PathBuf::from(path);
            fix(&mut p);
            self.state.backend = Secret::new(format!("file:{}", p.display()));
        }
    }

    fn validate(&self, file: &Path) -> Result<(), ConfigError> {
        let err = |key: String, reason: &str| Err(ConfigError::new(file, key, reason));
        if self.server.cursor_secret.expose().len() < 16 {
            return err(
                "server.cursor_secret".into(),
                "must be set and at least 16 characters long",
            );
        }
        if self.server.max_page_size == 0 {
            return err("server.max_page_size".into(), "must be at least 1");
        }
        for (key, value) in [
            ("mapping_threads", self.server.mapping_threads),
            (
                "mapping_threads_per_tenant",
                self.server.mapping_threads_per_tenant,
            ),
        ] {
            if value == Some(0) {
                return err(format!("server.{key}"), "must be at least 1");
            }
        }
        if self.server.mapping_budget_ms == 0 {
            return err("server.mapping_budget_ms".into(), "must be at least 1");
        }
        for (key, value) in [
            ("max_pages_in_flight", self.server.max_pages_in_flight),
            (
                "max_pages_in_flight_per_tenant",
                self.server.max_pages_in_flight_per_tenant,
            ),
        ] {
            if value == 0 {
                return err(format!("server.{key}"), "must be at least 1");
            }
        }
        if self.server.max_upstream_concurrency == 0 {
            return err(
                "server.max_upstream_concurrency".into(),
                "must be at least 1",
            );
        }
        if self.server.max_upstream_body_bytes < 1024 {
            return err(
                "server.max_upstream_body_bytes".into(),
                "must be at least 1024",
            );
        }
        if self.server.max_buffered_body_bytes < self.server.body_limit_bytes {
            return err(
                "server.max_buffered_body_bytes".into(),
                "must be at least server.body_limit_bytes (a body at the limit must fit)",
            );
        }
        if self.server.max_buffered_body_bytes > u32::MAX as usize {
            return err(
                "server.max_buffered_body_bytes".into(),
                "must be below 4 GiB",
            );
        }
        if self.state.idempotency_max_record_bytes < 1024 {
            return err(
                "state.idempotency_max_record_bytes".into(),
                "must be at least 1024",
            );
        }
        if self.state.idempotency_max_bytes < self.state.idempotency_max_record_bytes {
            return err(
                "state.idempotency_max_bytes".into(),
                "must be at least state.idempotency_max_record_bytes",
            );
        }
        let mut ids = HashSet::new();
        for (i, t) in self.tenants.iter().enumerate() {
            let key = |k: &str| format!("tenants[{i}].{k}");
            if t.id.is_empty()
                || !t
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return err(
                    key("id"),
                    "must be non-empty and use only letters, digits, - and _",
                );
            }
            if !ids.insert(t.id.as_str()) {
                return err(key("id"), &format!("duplicate tenant id {:?}", t.id));
            }
            if let Err(reason) = check_base_url(&t.base_url) {
                return err(key("base_url"), &reason);
            }
            match (t.provider, &t.auth) {
                (Provider::Coupa, Some(_)) => {
                    return err(
                        key("auth"),
                        "Coupa tenants authenticate with client_id and client_secret",
                    );
                }
                (Provider::Coupa, None) => {
                    if t.client_id.is_empty() {
                        return err(key("client_id"), "must not be empty");
                    }
                    if t.client_secret.is_empty() {
                        return err(key("client_secret"), "must not be empty");
                    }
                }
                (_, None) => {
                    return err(
                        key("auth"),
                        "is required: { kind = \"basic\", username, password } or \
                         { kind = \"oauth\", token_url, client_id, client_secret, scope }",
                    );
                }
                (_, Some(auth)) => {
                    if !t.client_id.is_empty()
                        || !t.client_secret.is_empty()
                        || !t.scopes.is_empty()
                    {
                        return err(
                            key("client_id"),
                            "belongs to Coupa tenants; this provider's credentials go in `auth`",
                        );
                    }
                    match auth {
                        AuthConfig::Basic { username, password } => {
                            if username.is_empty() || password.is_empty() {
                                return err(key("auth"), "username and password must not be empty");
                            }
                        }
                        AuthConfig::Oauth {
                            token_url,
                            client_id,
                            client_secret,
                            scope,
                        } => {
                            if let Err(reason) = check_base_url(token_url) {
                                return err(key("auth.token_url"), &reason);
                            }
                            if client_id.is_empty() || client_secret.is_empty() {
                                return err(
                                    key("auth"),
                                    "client_id and client_secret must not be empty",
                                );
                            }
                            if scope.as_deref().is_none_or(|s| s.trim().is_empty()) {
                                return err(key("auth.scope"), OAUTH_SCOPE_REQUIRED);
                            }
                        }
                    }
                }
            }
            if let Some(rl) = t.rate_limit
                && (rl.requests == 0 || rl.window_secs == 0)
            {
                return err(
                    key("rate_limit"),
                    "requests and window_secs must be at least 1",
                );
            }
        }
        for (i, k) in self.api_keys.iter().enumerate() {
            let key = |f: &str| format!("api_keys[{i}].{f}");
            match (&k.key, &k.key_sha256) {
                (Some(_), Some(_)) => {
                    return err(key("key"), "set either key or key_sha256, not both");
                }
                (None, None) => return err(key("key"), "set key or key_sha256"),
                (Some(s), None) if s.expose().len() < 8 => {
                    return err(key("key"), "must be at least 8 characters long");
                }
                (None, Some(h)) if h.len() != 64 || hex::decode(h).is_err() => {
                    return err(key("key_sha256"), "must be 64 hex digits");
                }
                _ => {}
            }
            for t in &k.tenants {
                if t != "*" && !ids.contains(t.as_str()) {
                    return err(key("tenants"), &format!("names unknown tenant {t:?}"));
                }
            }
        }
        let mut digests = HashSet::new();
        for (i, k) in self.api_keys.iter().enumerate() {
            if !digests.insert(k.digest()) {
                return err(format!("api_keys[{i}]"), "the same key is configured twice");
            }
        }
        if let Some(w) = &self.webhooks {
            if let Err(reason) = check_base_url(&w.url) {
                return err("webhooks.url".into(), &reason);
            }
            if w.secret.is_empty() {
                return err("webhooks.secret".into(), "must not be empty");
            }
        }
        if self.server.subscription_min_interval_secs == 0
            || self.server.subscription_min_sweep_secs == 0
        {
            return err(
                "server.subscription_min_interval_secs".into(),
                "subscription minimums must be at least 1 second",
            );
        }
        if !(1..=100).contains(&self.server.subscription_budget_percent) {
            return err(
                "server.subscription_budget_percent".into(),
                "must be from 1 to 100",
            );
        }
        if self.server.subscription_lease_ms < 1000 {
            return err(
                "server.subscription_lease_ms".into(),
                "must be at least 1000",
            );
        }
        if self.server.subscription_max_backoff_ms < 100 {
            return err(
                "server.subscription_max_backoff_ms".into(),
                "must be at least 100",
            );
        }
        let tenant_ids: HashSet<&str> = self.tenants.iter().map(|t| t.id.as_str()).collect();
        let mut sub_ids = HashSet::new();
        for (i, s) in self.subscriptions.iter().enumerate() {
            if let Err((field, reason)) = s.check(&self.server, &tenant_ids) {
                return err(format!("subscriptions[{i}].{field}"), &reason);
            }
            if !sub_ids.insert(s.id.as_str()) {
                return err(
                    format!("subscriptions[{i}].id"),
                    &format!("duplicate subscription id {:?}", s.id),
                );
            }
        }
        let backend = self.state.backend.expose();
        if backend != "memory"
            && !backend.starts_with("redis://")
            && !backend.starts_with("rediss://")
            && !backend.starts_with("file:")
        {
            return err(
                "state.backend".into(),
                "must be \"memory\", \"file:PATH\" or a redis:// or rediss:// URL",
            );
        }
        if backend == "file:" {
            return err(
                "state.backend".into(),
                "\"file:\" needs the path of the state file after the colon",
            );
        }
        if let Some(k) = &self.state.encryption_key
            && (k.expose().len() != 64 || hex::decode(k.expose()).is_err())
        {
            return err(
                "state.encryption_key".into(),
                "must be 32 bytes as 64 hex digits",
            );
        }
        if backend != "memory" && self.state.encryption_key.is_none() {
            let which = if backend.starts_with("file:") {
                "is required with a file backend (secrets at rest are encrypted)"
            } else {
                "is required with a Redis backend (tokens at rest are encrypted)"
            };
            return err("state.encryption_key".into(), which);
        }
        Ok(())
    }

    /// A config with no tenants and the shipped mappings, for the mapping tools when no
    /// config file exists.
    pub fn mappings_only() -> Config {
        Config {
            server: ServerConfig::default(),
            mappings: MappingsConfig::default(),
            api_keys: Vec::new(),
            tenants: Vec::new(),
            webhooks: None,
            state: StateConfig::default(),
            studio: StudioConfig::default(),
            subscriptions: Vec::new(),
        }
    }

    /// Checks a tenant created at runtime as a config file's tenant is checked, and its
    /// URLs against `[studio] tenant_hosts`. The error names the field (`base_url`, …).
    pub fn check_runtime_tenant(&self, t: &TenantConfig) -> Result<(), (String, String)> {
        let mut alone = self.clone();
        alone.tenants = vec![t.clone()];
        alone.api_keys.clear();
        alone.webhooks = None;
        // The config file's subscriptions name its tenants, not this one.
        alone.subscriptions.clear();
        if let Err(e) = alone.validate(Path::new("(runtime)")) {
            let key = e
                .key
                .strip_prefix("tenants[0].")
                .unwrap_or(&e.key)
                .to_string();
            return Err((key, e.reason));
        }
        if t.id.len() > 64 {
            return Err(("id".into(), "must be at most 64 characters".into()));
        }
        if t.overrides.is_some() {
            return Err((
                "overrides".into(),
                "runtime tenants keep their overrides in the studio".into(),
            ));
        }
        let mut urls = vec![("base_url", t.base_url.as_str())];
        if let Some(AuthConfig::Oauth { token_url, .. }) = &t.auth {
            urls.push(("auth.token_url", token_url.as_str()));
        }
        for (key, raw) in urls {
            let host = host_of(raw);
            if !host_allowed(&self.studio.tenant_hosts, &host) {
                return Err((
                    key.into(),
                    format!("host {host:?} is not among [studio] tenant_hosts"),
                ));
            }
        }
        Ok(())
    }

    /// Checks a subscription created at runtime: as a config file's (`tenants` are the
    /// tenants in service), and its `url` against `[studio] subscription_hosts`. The error
    /// names the field.
    pub fn check_runtime_subscription(
        &self,
        s: &SubscriptionConfig,
        tenants: &HashSet<&str>,
    ) -> Result<(), (String, String)> {
        s.check(&self.server, tenants)
            .map_err(|(field, reason)| (field.to_string(), reason))?;
        let host = host_of(&s.url);
        if !host_allowed(&self.studio.subscription_hosts, &host) {
            return Err((
                "url".into(),
                format!("host {host:?} is not among [studio] subscription_hosts"),
            ));
        }
        Ok(())
    }

    pub fn tenant(&self, id: &str) -> Option<&TenantConfig> {
        self.tenants.iter().find(|t| t.id == id)
    }
}

/// Whether `host` (lower case) is among `patterns` (exact names, or `*.example.com` for
/// any subdomain); an empty list allows every host.
fn host_allowed(patterns: &[String], host: &str) -> bool {
    patterns.is_empty()
        || patterns.iter().any(|pattern| {
            let pattern = pattern.to_ascii_lowercase();
            match pattern.strip_prefix("*.") {
                Some(domain) => host.ends_with(&format!(".{domain}")),
                None => host == pattern,
            }
        })
}

/// The lower-case host of a URL ("" when it has none).
fn host_of(raw: &str) -> String {
    url::Url::parse(raw)
        .ok()
        .and_then(|u| {
            u.host_str()
                .map(|h| h.trim_matches(['[', ']']).to_ascii_lowercase())
        })
        .unwrap_or_default()
}

/// `https://…`, or `http://` to a loopback host (tests, the sandbox). No user info.
fn check_base_url(raw: &str) -> Result<(), String> {
    let url = url::Url::parse(raw).map_err(|e| format!("not a URL: {e}"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry user info".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("must not carry a query or fragment".into());
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => return Err("has no host".into()),
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        "http" => Err("must use https (plain http is allowed for loopback hosts only)".into()),
        other => Err(format!("unsupported scheme {other:?}")),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Replaces `${VAR}` in every string value; `key` tracks the dotted path for errors.
fn interpolate(
    value: &mut toml::Value,
    key: &mut String,
    file: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(), ConfigError> {
    match value {
        toml::Value::String(s) if s.contains("${") => {
            *s = expand(s, env).map_err(|reason| ConfigError::new(file, key.clone(), reason))?;
        }
        toml::Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let len = key.len();
                key.push_str(&format!("[{i}]"));
                interpolate(item, key, file, env)?;
                key.truncate(len);
            }
        }
        toml::Value::Table(table) => {
            for (k, v) in table.iter_mut() {
                let len = key.len();
                if !key.is_empty() {
                    key.push('.');
                }
                key.push_str(k);
                interpolate(v, key, file, env)?;
                key.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

fn expand(s: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| "unterminated ${ in value".to_string())?;
        let name = &after[..end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("invalid variable name {name:?} in ${{…}}"));
        }
        match env(name) {
            Some(v) => out.push_str(&v),
            None => return Err(format!("environment variable {name} is not set")),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

const OAUTH_SCOPE_REQUIRED: &str = "is required: the scope the identity domain issues \
     tokens for, e.g. urn:opc:resource:fa:instanceid=<id>urn:opc:resource:consumer::all";

/// Names the tenant key behind the mistakes a typed read would describe without its place:
/// an unknown provider, a missing base URL, an `auth` table without what its kind needs.
fn precheck_tenants(doc: &toml::Value, file: &Path) -> Result<(), ConfigError> {
    let Some(tenants) = doc.get("tenants").and_then(toml::Value::as_array) else {
        return Ok(());
    };
    let fail = |key: String, reason: String| Err(ConfigError::new(file, key, reason));
    for (i, t) in tenants.iter().enumerate() {
        let key = |k: &str| format!("tenants[{i}].{k}");
        let Some(t) = t.as_table() else { continue };
        if let Some(p) = t.get("provider") {
            let names: Vec<&str> = Provider::ALL.iter().map(|p| p.name()).collect();
            if !p.as_str().is_some_and(|name| names.contains(&name)) {
                return fail(
                    key("provider"),
                    format!(
                        "{p} is not a provider procura speaks; use one of {}",
                        names.join(", ")
                    ),
                );
            }
        }
        if !t.contains_key("base_url") {
            return fail(
                key("base_url"),
                "is required: the URL of the tenant's system (https://<name>.coupahost.com, \
                 https://<pod>.fa.<dc>.oraclecloud.com)"
                    .into(),
            );
        }
        let Some(auth) = t.get("auth").and_then(toml::Value::as_table) else {
            continue;
        };
        let needs: &[&str] = match auth.get("kind").and_then(toml::Value::as_str) {
            Some("basic") => &["username", "password"],
            Some("oauth") => &["token_url", "client_id", "client_secret", "scope"],
            _ => {
                return fail(
                    key("auth.kind"),
                    "must be \"basic\" (username, password) or \"oauth\" (token_url, \
                     client_id, client_secret, scope)"
                        .into(),
                );
            }
        };
        for k in needs {
            if !auth.contains_key(*k) {
                let reason = match *k {
                    "scope" => OAUTH_SCOPE_REQUIRED.to_string(),
                    "token_url" => "is required: the identity domain's token endpoint, \
                         https://<domain>.identity.oraclecloud.com/oauth2/v1/token"
                        .into(),
                    _ => "is required".into(),
                };
                return fail(key(&format!("auth.{k}")), reason);
            }
        }
    }
    Ok(())
}

/// Deserializes with the failing key in the error.
fn deserialize_config(doc: toml::Value, file: &Path) -> Result<Config, ConfigError> {
    // `toml::Value` → typed config; toml's own errors carry the key path in their message.
    Config::deserialize(doc).map_err(|e| {
        let msg = e.message().to_string();
        ConfigError::new(file, guess_key(&msg), msg)
    })
}

fn guess_key(msg: &str) -> String {
    // toml reports e.g. "unknown field `lisen`, expected one of …" or "missing field `id`".
    msg.split('`')
        .nth(1)
        .map(str::to_string)
        .unwrap_or_else(|| "(document)".into())
}

/// Which tenants an API key may act for.
pub fn tenant_allowed(tenants: &[String], tenant: &str) -> bool {
    tenants.iter().any(|t| t == "*" || t == tenant)
}

#[cfg(test)]
mod tests;
