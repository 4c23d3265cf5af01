//! An Oracle Fusion tenant on OAuth client credentials: its tokens come from the identity
//! domain's token endpoint (the simulator's), many first calls share one grant, and a
//! token is renewed when it expires or Oracle answers 401 to it.

use std::path::Path;
use std::time::Duration;

use gateway::app::App;
use gateway::config::Config;
use procura::config_toml::{ConfigToml, TenantToml};
use serde_json::Value;
use simulators::oracle_fusion::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, OracleFusionConfig, OracleFusionControl,
    OracleFusionSandbox,
};

const KEY: &str = "oracle-oauth-key-0001";
const TENANT: &str = "initech";

struct World {
    sandbox: OracleFusionSandbox,
    gateway: String,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
}

async fn world(token_ttl: Duration) -> World {
    crate::common::capture_logs();
    let sandbox = OracleFusionSandbox::start(OracleFusionConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        purchase_orders: 40,
        token_ttl,
        ..OracleFusionConfig::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let text = ConfigToml::new("oracle-oauth-cursor-secret-0123")
        // Coupa's rule that a token waits before its first use is Coupa's: were it
        // applied here, the first calls would wait ten minutes.
        .server("token_min_age_ms", 600_000)
        .mappings("base_dir", crate::common::shipped_mappings())
        .api_key(KEY, &[TENANT], false)
        .tenant(TenantToml::oracle_oauth(
            TENANT,
            &sandbox.base_url(),
            &sandbox.token_url(),
            (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
            &sandbox.scope(),
        ))
        .render();
    let config = Config::from_toml(&text, Path::new("oauth.toml"), dir.path(), &|_| None)
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    let app = App::build(config).await.unwrap_or_else(|e| panic!("{e}"));
    World {
        gateway: format!("http://{}", app.spawn()),
        sandbox,
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap(),
        _dir: dir,
    }
}

impl World {
    fn control(&self) -> OracleFusionControl {
        self.sandbox.control()
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.gateway))
            .bearer_auth(KEY)
            .header("x-tenant-id", TENANT)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    fn grants(&self) -> u64 {
        self.control()
            .counters()
            .token_grants
            .get(DEFAULT_CLIENT_ID)
            .copied()
            .unwrap_or(0)
    }

    /// The tenant's API calls Oracle answered, token grants aside.
    fn api_calls(&self) -> u64 {
        self.control()
            .counters()
            .requests
            .iter()
            .filter(|(path, _)| path.starts_with("/fscmRestApi/"))
            .map(|(_, n)| n)
            .sum()
    }
}

/// Many first calls at once: one token request, every call answered with records.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_first_calls_share_one_token_from_the_identity_domain() {
    let w = world(Duration::from_secs(3600)).await;
    assert_eq!(w.grants(), 0);
    let calls: Vec<_> = (0..16)
        .map(|i| {
            let resource = ["suppliers", "purchase_orders", "invoices", "requisitions"][i % 4];
            let w = &w;
            async move {
                (
                    resource,
                    w.get(&format!("/unified/procurement/{resource}?limit=3"))
                        .await,
                )
            }
        })
        .collect();
    for (resource, (status, page)) in futures::future::join_all(calls).await {
        assert_eq!(status, 200, "{resource}: {page}");
        assert_eq!(
            page["result"].as_array().map(Vec::len),
            Some(3),
            "{resource}: {page}"
        );
    }
    assert_eq!(w.grants(), 1, "one token request for sixteen first calls");
    let (status, _) = w.get("/unified/procurement/suppliers?limit=1").await;
    assert_eq!(status, 200);
    assert_eq!(w.grants(), 1, "the token is reused");
    // The tokens the log scan looks for are the identity domain's.
    let token: Value = w
        .http
        .post(w.sandbox.token_url())
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", w.sandbox.scope().as_str()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access = token["access_token"].as_str().unwrap();
    assert!(
        access.starts_with(&crate::secrets::oracle_token_header()),
        "{access}"
    );
}

/// A token Oracle stops honouring (401) is dropped and replaced once; the call that met
/// the 401 still succeeds.
#[tokio::test]
async fn a_refused_token_is_replaced_and_the_call_succeeds() {
    let w = world(Duration::from_secs(3600)).await;
    let (status, _) = w.get("/unified/procurement/suppliers?limit=1").await;
    assert_eq!(status, 200);
    assert_eq!(w.grants(), 1);
    w.control().revoke_tokens();
    let before = w.api_calls();
    let (status, page) = w.get("/unified/procurement/suppliers?limit=1").await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(w.grants(), 2, "one new token");
    assert_eq!(w.api_calls() - before, 2, "the refused call and its retry");
    let (status, _) = w.get("/unified/procurement/suppliers?limit=1").await;
    assert_eq!(status, 200);
    assert_eq!(w.grants(), 2, "the new token is reused");
}

/// A token past its `expires_in` is not sent again: the next call gets a new one.
#[tokio::test]
async fn an_expired_token_is_renewed() {
    let w = world(Duration::from_secs(2)).await;
    let (status, _) = w.get("/unified/procurement/suppliers?limit=1").await;
    assert_eq!(status, 200);
    assert_eq!(w.grants(), 1);
    // Past the token's life (the identity domain refuses it from then on).
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let (status, page) = w.get("/unified/procurement/suppliers?limit=1").await;
    assert_eq!(status, 200, "{page}");
    assert!(w.grants() >= 2, "a new token: {} grants", w.grants());
}
