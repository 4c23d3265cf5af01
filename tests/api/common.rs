//! Test environment: a Coupa sandbox and a gateway, both in-process on loopback ports,
//! talking real HTTP. Configs go through the real TOML loader.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use gateway::app::App;
use gateway::config::Config;
use gateway::http::AppState;
use procura::config_toml::{ConfigToml, TenantToml};
use serde_json::Value;
use simulators::coupa::{Client, RateLimit, Sandbox, SandboxConfig, SandboxControl};

pub const ADMIN_KEY: &str = "admin-key-0001";
pub const ALL_KEY: &str = "all-tenants-key-0001";

pub fn key_of(tenant: &str) -> String {
    format!("key-for-{tenant}")
}

/// One tenant of the gateway, wired to the sandbox.
#[derive(Clone)]
pub struct TenantSetup {
    pub id: String,
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Vec<String>,
    pub rate_limit: Option<(u32, u64)>,
    /// Override files (name, YAML) for this tenant.
    pub overrides: Vec<(String, String)>,
    /// Another Coupa than the setup's sandbox.
    pub base_url: Option<String>,
}

impl TenantSetup {
    pub fn new(id: &str) -> Self {
        TenantSetup {
            id: id.to_string(),
            client_id: "sandbox-client".into(),
            client_secret: "sandbox-secret".into(),
            scopes: vec!["core.common.read".into(), "core.purchase_order.read".into()],
            rate_limit: None,
            overrides: Vec::new(),
            base_url: None,
        }
    }
    pub fn base_url(mut self, url: &str) -> Self {
        self.base_url = Some(url.into());
        self
    }
    pub fn secret(mut self, secret: &str) -> Self {
        self.client_secret = secret.into();
        self
    }
    pub fn client(mut self, id: &str, secret: &str) -> Self {
        self.client_id = id.into();
        self.client_secret = secret.into();
        self
    }
    pub fn scopes(mut self, scopes: &[&str]) -> Self {
        self.scopes = scopes.iter().map(|s| s.to_string()).collect();
        self
    }
    pub fn rate_limit(mut self, requests: u32, window_secs: u64) -> Self {
        self.rate_limit = Some((requests, window_secs));
        self
    }
    pub fn override_file(mut self, name: &str, yaml: &str) -> Self {
        self.overrides.push((name.into(), yaml.into()));
        self
    }
}

pub struct Setup {
    pub records: usize,
    pub seed: u64,
    /// Coupa's refusal of young tokens, on both sides.
    pub token_min_age: Duration,
    pub sandbox_rate_limit: Option<RateLimit>,
    pub extra_clients: Vec<Client>,
    pub tenants: Vec<TenantSetup>,
    pub webhook: Option<String>,
    pub upstream_timeout_ms: u64,
    /// More `[server]` settings.
    pub server: Vec<(&'static str, i64)>,
    /// Lines of the `[state]` table, when not empty.
    pub state_extra: String,
    /// Deployment override files (name, YAML): `[mappings] override_dir`, level 2.
    pub deployment_overrides: Vec<(String, String)>,
    /// `[state]`: backend URL and encryption key.
    pub state: Option<(String, String)>,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            records: 120,
            seed: 1,
            token_min_age: Duration::from_millis(200),
            sandbox_rate_limit: None,
            extra_clients: Vec::new(),
            tenants: Vec::new(),
            webhook: None,
            upstream_timeout_ms: 5_000,
            server: Vec::new(),
            state_extra: String::new(),
            deployment_overrides: Vec::new(),
            state: None,
        }
    }
}

pub struct Env {
    pub sandbox: Sandbox,
    pub gateway: String,
    pub state: Arc<AppState>,
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The mappings procura ships (`mappings/`), as a config's `[mappings] base_dir`.
pub fn shipped_mappings() -> String {
    repo().join("mappings").display().to_string()
}

/// An Oracle Fusion sandbox on a loopback port with `purchase_orders` seeded orders.
pub async fn oracle_sandbox(
    purchase_orders: usize,
) -> simulators::oracle_fusion::OracleFusionSandbox {
    use simulators::oracle_fusion::{OracleFusionConfig, OracleFusionSandbox};
    OracleFusionSandbox::start(OracleFusionConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        purchase_orders,
        ..OracleFusionConfig::default()
    })
    .await
    .unwrap()
}

impl Setup {
    pub fn tenant(mut self, t: TenantSetup) -> Self {
        self.tenants.push(t);
        self
    }

    /// A deployment override file (level 2, under every tenant's own).
    pub fn deployment_override(mut self, name: &str, yaml: &str) -> Self {
        self.deployment_overrides.push((name.into(), yaml.into()));
        self
    }

    pub fn config_text(&self, sandbox_url: &str, dir: &Path) -> String {
        let mut config = ConfigToml::new("test-cursor-secret-0123456789")
            .server("token_min_age_ms", self.token_min_age.as_millis() as i64)
            .server("upstream_timeout_ms", self.upstream_timeout_ms as i64)
            .mappings("base_dir", repo().join("mappings").display().to_string())
            .api_key(ADMIN_KEY, &["*"], true)
            .api_key(ALL_KEY, &["*"], false);
        for (key, value) in &self.server {
            config = config.server(key, *value);
        }
        if !self.deployment_overrides.is_empty() {
            let ddir = dir.join("deployment");
            std::fs::create_dir_all(&ddir).unwrap();
            for (name, yaml) in &self.deployment_overrides {
                std::fs::write(ddir.join(name), yaml).unwrap();
            }
            config = config.mappings("override_dir", ddir.display().to_string());
        }
        if let Some((backend, key)) = &self.state {
            config = config.state(backend, key);
        }
        for t in &self.tenants {
            config = config.api_key(&key_of(&t.id), &[&t.id], false);
        }
        for t in &self.tenants {
            let scopes: Vec<&str> = t.scopes.iter().map(String::as_str).collect();
            let mut tenant = TenantToml::new(
                &t.id,
                t.base_url.as_deref().unwrap_or(sandbox_url),
                &t.client_id,
                &t.client_secret,
            )
            .scopes(&scopes);
            if let Some((r, w)) = t.rate_limit {
                tenant = tenant.rate_limit(r, w as u32);
            }
            if !t.overrides.is_empty() {
                let odir = dir.join("tenants").join(&t.id);
                std::fs::create_dir_all(&odir).unwrap();
                for (name, yaml) in &t.overrides {
                    std::fs::write(odir.join(name), yaml).unwrap();
                }
                tenant = tenant.overrides(&odir);
            }
            config = config.tenant(tenant);
        }
        if !self.state_extra.is_empty() {
            config = config.raw(&format!("[state]\n{}\n", self.state_extra));
        }
        if let Some(url) = &self.webhook {
            config = config.webhook(url, "webhook-secret");
        }
        config.render()
    }

    pub async fn start(self) -> Env {
        self.start_with(|_| {}).await
    }

    /// Starts with a last adjustment of the sandbox's configuration.
    pub async fn start_with(self, adjust: impl FnOnce(&mut SandboxConfig)) -> Env {
        capture_logs();
        let mut clients = vec![Client {
            id: "sandbox-client".into(),
            secret: "sandbox-secret".into(),
            scopes: None,
        }];
        clients.extend(self.extra_clients.clone());
        let mut sandbox_config = SandboxConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            seed: self.seed,
            records: self.records,
            rate_limit: self.sandbox_rate_limit.clone(),
            clients,
            token_min_age: self.token_min_age,
            ..SandboxConfig::default()
        };
        adjust(&mut sandbox_config);
        let sandbox = Sandbox::start(sandbox_config)
            .await
            .expect("sandbox starts");
        let dir = tempfile::tempdir().unwrap();
        let text = self.config_text(&sandbox.base_url(), dir.path());
        let config = Config::from_toml(&text, Path::new("test.toml"), dir.path(), &|_| None)
            .unwrap_or_else(|e| panic!("test config: {e}\n{text}"));
        let app = App::build(config).await.unwrap_or_else(|e| panic!("{e}"));
        let state = app.state();
        let addr = app.spawn();
        Env {
            sandbox,
            gateway: format!("http://{addr}"),
            state,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
            _dir: dir,
        }
    }
}

impl Env {
    pub fn control(&self) -> SandboxControl {
        self.sandbox.control()
    }

    /// A request for `tenant` with its own key.
    pub fn req(
        &self,
        method: reqwest::Method,
        tenant: &str,
        path: &str,
    ) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.gateway))
            .bearer_auth(key_of(tenant))
            .header("x-tenant-id", tenant)
    }

    pub fn get(&self, tenant: &str, path: &str) -> reqwest::RequestBuilder {
        self.req(reqwest::Method::GET, tenant, path)
    }

    /// `GET` with the admin key, as JSON.
    pub async fn admin(&self, path: &str) -> Value {
        self.http
            .get(format!("{}{path}", self.gateway))
            .bearer_auth(ADMIN_KEY)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub async fn get_json(&self, tenant: &str, path: &str) -> (u16, Value) {
        let r = self.get(tenant, path).send().await.unwrap();
        let status = r.status().as_u16();
        let body = r.json().await.unwrap_or(Value::Null);
        (status, body)
    }

    /// Pages a list to the end; returns every record and the last page's sync token.
    pub async fn page_all(
        &self,
        tenant: &str,
        path: &str,
        limit: u32,
    ) -> (Vec<Value>, Option<String>) {
        let mut out = Vec::new();
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut url = format!("{path}{sep}limit={limit}");
        for _ in 0..10_000 {
            let (status, body) = self.get_json(tenant, &url).await;
            assert_eq!(status, 200, "{url}: {body}");
            out.extend(body["result"].as_array().unwrap().iter().cloned());
            match body["next_cursor"].as_str() {
                Some(c) => url = format!("{path}{sep}limit={limit}&cursor={}", encode(c)),
                None => return (out, body["sync_token"].as_str().map(str::to_string)),
            }
        }
        panic!("paging never ended");
    }
}

pub fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Ids of unified records, in order.
pub fn ids(records: &[Value]) -> Vec<i64> {
    records
        .iter()
        .map(|r| r["id"].as_str().unwrap().parse().unwrap())
        .collect()
}

/// Sends every log line of the in-process gateways and sandboxes, at the most detailed
/// level, to the file `PROCURA_TEST_LOG` names (CI sets it; the secrets scan reads it).
pub fn capture_logs() {
    static INIT: std::sync::Once = std::sync::Once::new();
    let Some(path) = std::env::var_os("PROCURA_TEST_LOG") else {
        return;
    };
    INIT.call_once(|| {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .expect("the test log opens");
        let _ = tracing_subscriber::fmt()
            .with_env_filter("trace,hyper=info,h2=info,reqwest=debug,rustls=info")
            .with_ansi(false)
            .with_writer(std::sync::Mutex::new(file))
            .try_init();
    });
}

/// Adds a child process's log to the captured test log.
pub fn append_to_capture(log: &[u8]) {
    use std::io::Write;
    let Some(path) = std::env::var_os("PROCURA_TEST_LOG") else {
        return;
    };
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = f.write_all(log);
    }
}

/// Whether tests that need outside tools must fail (CI) or may skip (a developer's box).
pub fn strict() -> bool {
    std::env::var("PROCURA_TEST_STRICT").is_ok_and(|v| v == "1")
}
