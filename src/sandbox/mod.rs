//! A Coupa Core REST API simulator: OAuth, paging, `fields`, XML, rate limits, faults.
//! It shares nothing with the gateway but the documented wire format.
//!
//! Placeholder with the simulator's public API; the simulator lands separately.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use serde_json::Value;

#[derive(Debug, Clone)]
pub struct RateLimit {
    pub requests: u32,
    pub window: Duration,
    pub burst: u32,
}

#[derive(Debug, Clone)]
pub struct Client {
    pub id: String,
    pub secret: String,
    pub scopes: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub listen: SocketAddr,
    pub seed: u64,
    pub records: usize,
    pub latency: Duration,
    pub rate_limit: Option<RateLimit>,
    pub clients: Vec<Client>,
    pub token_ttl: Duration,
    pub token_min_age: Duration,
    pub api_key: Option<String>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 9090)),
            seed: 1,
            records: 500,
            latency: Duration::ZERO,
            rate_limit: None,
            clients: Vec::new(),
            token_ttl: Duration::from_secs(86_399),
            token_min_age: Duration::from_secs(5),
            api_key: None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Fault {
    Pass,
    Status {
        status: u16,
        body: String,
    },
    Reset,
    Slow(Duration),
    Truncated,
    Malformed,
    XmlAnyway,
    TooMany {
        body: String,
        retry_after: Option<u64>,
        content_type: String,
    },
}

#[derive(Debug, Clone, Default)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct Counters {
    pub requests: BTreeMap<String, u64>,
    pub bytes: BTreeMap<String, u64>,
    pub token_grants: BTreeMap<String, u64>,
    pub recent: Vec<RecordedRequest>,
}

#[derive(Debug, Clone)]
pub struct SandboxControl;

impl SandboxControl {
    pub fn insert(&self, _resource: &str, _record: Value) -> i64 {
        0
    }
    pub fn update(&self, _resource: &str, _id: i64, _patch: Value) {}
    pub fn delete(&self, _resource: &str, _id: i64) {}
    pub fn get(&self, _resource: &str, _id: i64) -> Option<Value> {
        None
    }
    pub fn ids(&self, _resource: &str) -> Vec<i64> {
        Vec::new()
    }
    pub fn push_fault(&self, _fault: Fault) {}
    pub fn revoke_tokens(&self) {}
    pub fn add_client(&self, _client: Client) {}
    pub fn remove_client(&self, _id: &str) {}
    pub fn counters(&self) -> Counters {
        Counters::default()
    }
    pub fn reset_counters(&self) {}
}

pub struct Sandbox;

impl Sandbox {
    pub async fn start(_cfg: SandboxConfig) -> std::io::Result<Sandbox> {
        Err(std::io::Error::other("the sandbox is not built in"))
    }
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], 0))
    }
    pub fn base_url(&self) -> String {
        String::new()
    }
    pub fn control(&self) -> SandboxControl {
        SandboxControl
    }
    pub async fn shutdown(self) {}
}
