//! The one builder of gateway configurations for the demo, the tests and the benches: a
//! `procura.toml` assembled from parts and rendered by the TOML serializer (so paths and
//! secrets are always quoted correctly), then either written to a file for a `procura
//! serve` process or parsed in-process. Values may be `${VAR}` references, as in a
//! hand-written file.

use std::path::{Path, PathBuf};

use gateway::config::Config;
use toml::{Table, Value};

/// The sandbox's built-in OAuth client (its default configuration accepts it).
pub const SANDBOX_CLIENT_ID: &str = "sandbox-client";
pub const SANDBOX_CLIENT_SECRET: &str = "sandbox-secret";

/// A gateway configuration being assembled.
#[derive(Debug, Clone)]
pub struct ConfigToml {
    server: Table,
    mappings: Table,
    state: Option<Table>,
    webhooks: Option<Table>,
    api_keys: Vec<Table>,
    tenants: Vec<Table>,
    /// TOML appended verbatim after the rendered parts.
    raw: String,
}

/// One `[[tenants]]` entry.
#[derive(Debug, Clone)]
pub struct TenantToml(Table);

impl ConfigToml {
    /// Listening on an ephemeral loopback port, with the shipped mappings.
    pub fn new(cursor_secret: &str) -> Self {
        let mut server = Table::new();
        server.insert("listen".into(), "127.0.0.1:0".into());
        server.insert("cursor_secret".into(), cursor_secret.into());
        let mut mappings = Table::new();
        mappings.insert("base_dir".into(), path_value(&shipped("mappings")));
        ConfigToml {
            server,
            mappings,
            state: None,
            webhooks: None,
            api_keys: Vec::new(),
            tenants: Vec::new(),
            raw: String::new(),
        }
    }

    /// Sets one `[server]` key.
    pub fn server(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.server.insert(key.into(), value.into());
        self
    }

    /// Sets one `[mappings]` key.
    pub fn mappings(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.mappings.insert(key.into(), value.into());
        self
    }

    /// `[state]`: a backend URL and the key encrypting what it holds.
    pub fn state(mut self, backend: &str, encryption_key: &str) -> Self {
        let mut t = Table::new();
        t.insert("backend".into(), backend.into());
        t.insert("encryption_key".into(), encryption_key.into());
        self.state = Some(t);
        self
    }

    /// `[webhooks]`: where operator events go.
    pub fn webhook(mut self, url: &str, secret: &str) -> Self {
        let mut t = Table::new();
        t.insert("url".into(), url.into());
        t.insert("secret".into(), secret.into());
        self.webhooks = Some(t);
        self
    }

    /// An API key for `tenants` (`"*"` for all); `admin` also opens `/admin`.
    pub fn api_key(mut self, key: &str, tenants: &[&str], admin: bool) -> Self {
        let mut t = Table::new();
        t.insert("key".into(), key.into());
        t.insert(
            "tenants".into(),
            Value::Array(tenants.iter().map(|s| Value::from(*s)).collect()),
        );
        if admin {
            t.insert("admin".into(), true.into());
        }
        self.api_keys.push(t);
        self
    }

    pub fn tenant(mut self, tenant: TenantToml) -> Self {
        self.tenants.push(tenant.0);
        self
    }

    /// TOML text appended as it is (e.g. a deliberately broken tenant).
    pub fn raw(mut self, text: &str) -> Self {
        self.raw.push('\n');
        self.raw.push_str(text);
        self
    }

    /// The file's text.
    pub fn render(&self) -> String {
        let mut doc = Table::new();
        doc.insert("server".into(), Value::Table(self.server.clone()));
        doc.insert("mappings".into(), Value::Table(self.mappings.clone()));
        if let Some(s) = &self.state {
            doc.insert("state".into(), Value::Table(s.clone()));
        }
        if let Some(w) = &self.webhooks {
            doc.insert("webhooks".into(), Value::Table(w.clone()));
        }
        let array =
            |items: &[Table]| Value::Array(items.iter().cloned().map(Value::Table).collect());
        if !self.api_keys.is_empty() {
            doc.insert("api_keys".into(), array(&self.api_keys));
        }
        if !self.tenants.is_empty() {
            doc.insert("tenants".into(), array(&self.tenants));
        }
        let mut text = toml::to_string(&doc).expect("a TOML table renders");
        text.push_str(&self.raw);
        text
    }

    /// Writes the file as `path`.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        std::fs::write(path, self.render())
    }

    /// Parses it in-process (`${VAR}` references unresolved).
    pub fn load(&self, origin: &str) -> Result<Config, String> {
        Config::from_toml(&self.render(), Path::new(origin), Path::new("."), &|_| None)
            .map_err(|e| e.to_string())
    }
}

impl TenantToml {
    /// A tenant of the Coupa sandbox at `base_url`, with the sandbox's client.
    pub fn sandbox(id: &str, base_url: &str) -> Self {
        TenantToml::new(id, base_url, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET)
    }

    pub fn new(id: &str, base_url: &str, client_id: &str, client_secret: &str) -> Self {
        let mut t = Table::new();
        t.insert("id".into(), id.into());
        t.insert("base_url".into(), base_url.into());
        t.insert("client_id".into(), client_id.into());
        t.insert("client_secret".into(), client_secret.into());
        TenantToml(t)
    }

    /// A tenant of an Oracle Fusion system at `base_url`, with Basic credentials.
    pub fn oracle_basic(id: &str, base_url: &str, username: &str, password: &str) -> Self {
        let mut t = Table::new();
        t.insert("id".into(), id.into());
        t.insert("provider".into(), "oracle_fusion".into());
        t.insert("base_url".into(), base_url.into());
        let mut auth = Table::new();
        auth.insert("kind".into(), "basic".into());
        auth.insert("username".into(), username.into());
        auth.insert("password".into(), password.into());
        t.insert("auth".into(), Value::Table(auth));
        TenantToml(t)
    }

    /// A tenant of an Oracle Fusion system at `base_url`, with an identity domain's OAuth
    /// client (client credentials at `token_url`, for `scope`).
    pub fn oracle_oauth(
        id: &str,
        base_url: &str,
        token_url: &str,
        client: (&str, &str),
        scope: &str,
    ) -> Self {
        let mut t = Table::new();
        t.insert("id".into(), id.into());
        t.insert("provider".into(), "oracle_fusion".into());
        t.insert("base_url".into(), base_url.into());
        let mut auth = Table::new();
        auth.insert("kind".into(), "oauth".into());
        auth.insert("token_url".into(), token_url.into());
        auth.insert("client_id".into(), client.0.into());
        auth.insert("client_secret".into(), client.1.into());
        auth.insert("scope".into(), scope.into());
        t.insert("auth".into(), Value::Table(auth));
        TenantToml(t)
    }

    pub fn scopes(self, scopes: &[&str]) -> Self {
        let list = Value::Array(scopes.iter().map(|s| Value::from(*s)).collect());
        self.set("scopes", list)
    }

    /// The tenant's budget: `requests` per `window_secs`.
    pub fn rate_limit(self, requests: u32, window_secs: u32) -> Self {
        let mut t = Table::new();
        t.insert("requests".into(), i64::from(requests).into());
        t.insert("window_secs".into(), i64::from(window_secs).into());
        self.set("rate_limit", Value::Table(t))
    }

    /// The tenant's override directory.
    pub fn overrides(self, dir: &Path) -> Self {
        self.set("overrides", path_value(dir))
    }

    /// Any other key.
    pub fn set(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0.insert(key.into(), value.into());
        self
    }
}

fn path_value(p: &Path) -> Value {
    Value::String(p.display().to_string())
}

/// Where a shipped file is: the working directory when it holds it, else the source tree
/// the binary was built from.
pub fn shipped(rel: &str) -> PathBuf {
    let here = PathBuf::from(rel);
    if here.exists() {
        return here;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_config_the_gateway_loads() {
        let config = ConfigToml::new("a-cursor-secret-0123456789")
            .server("upstream_timeout_ms", 5000)
            .api_key("a-test-key-0001", &["acme"], true)
            .tenant(
                TenantToml::sandbox("acme", "http://127.0.0.1:9")
                    .scopes(&["core.common.read"])
                    .rate_limit(25, 1),
            )
            .load("(test)")
            .expect("loads");
        assert_eq!(config.tenants.len(), 1);
        assert_eq!(config.server.upstream_timeout_ms, 5000);
    }

    #[test]
    fn quotes_what_needs_quoting() {
        let text = ConfigToml::new("s\"ecret\\x").render();
        let back: Table = toml::from_str(&text).unwrap();
        assert_eq!(
            back["server"]["cursor_secret"].as_str(),
            Some("s\"ecret\\x")
        );
    }
}
