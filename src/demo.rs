//! `procura demo`: the Coupa and Oracle Fusion sandboxes and the gateway wired to them in
//! one process, with the demo tenants `demo` (Coupa) and `demo-oracle` (Oracle Fusion)
//! and the API key `demo-key`. A composition root, like `cli`.
//!
//! The demo also subscribes to the Coupa tenant's purchase orders (state in a `file:`
//! store in a temporary directory) and runs a receiver that verifies each signed event
//! and prints it, so a change made in the sandbox shows up within seconds.

use std::net::SocketAddr;
use std::path::Path;

use gateway::app::App;
use gateway::config::Config;
use simulators::coupa::{Sandbox, SandboxConfig};
use simulators::oracle_fusion::{self, OracleFusionConfig, OracleFusionSandbox};

use crate::config_toml::{ConfigToml, TenantToml, shipped};

pub const DEMO_KEY: &str = "demo-key";
pub const DEMO_TENANT: &str = "demo";
/// The demo's Oracle Fusion tenant.
pub const DEMO_ORACLE_TENANT: &str = "demo-oracle";

/// The demo's change-notification subscription.
pub const DEMO_SUBSCRIPTION: &str = "demo-orders";

/// Where the demo keeps its state and sends its events.
pub struct DemoState<'a> {
    /// Directory of the `file:` store.
    pub dir: &'a Path,
    /// The demo receiver's URL.
    pub receiver: &'a str,
    /// The subscription's secret (`whsec_…`).
    pub secret: &'a str,
}

/// The gateway config of the demo, pointed at the two sandboxes.
pub fn config(
    listen: SocketAddr,
    sandbox_url: &str,
    oracle_url: &str,
    state: Option<DemoState<'_>>,
) -> Result<Config, String> {
    let mut toml = ConfigToml::new("procura-demo-cursor-secret");
    if let Some(state) = &state {
        let key = hex::encode(rand::random::<[u8; 32]>());
        toml = toml
            .state(
                &format!("file:{}", state.dir.join("state.redb").display()),
                &key,
            )
            .raw(&format!(
                "[[subscriptions]]\nid = \"{DEMO_SUBSCRIPTION}\"\ntenant = \"{DEMO_TENANT}\"\n\
                 resources = [\"purchase_orders\"]\nurl = \"{}\"\nsecret = \"{}\"\n\
                 interval_secs = 5\ndeletion_sweep_secs = 30\n",
                state.receiver, state.secret
            ));
    }
    toml.server("listen", listen.to_string())
        // An admin key for every tenant (there are two), so the demo can reload its
        // mappings too (POST /admin/reload takes an admin key for all tenants).
        .api_key(DEMO_KEY, &["*"], true)
        .tenant(
            TenantToml::sandbox(DEMO_TENANT, sandbox_url)
                .scopes(&[
                    "core.common.read",
                    "core.purchase_order.read",
                    "core.purchase_order.write",
                    "core.invoice.read",
                    "core.invoice.write",
                    "core.supplier.read",
                    "core.supplier.write",
                ])
                .overrides(&shipped("examples/overrides/tenants/demo"))
                .rate_limit(25, 1),
        )
        .tenant(
            TenantToml::oracle_basic(
                DEMO_ORACLE_TENANT,
                oracle_url,
                oracle_fusion::DEFAULT_USER,
                oracle_fusion::DEFAULT_PASSWORD,
            )
            .overrides(&shipped("examples/overrides/tenants/demo-oracle")),
        )
        // Tenants created in the studio may point at this machine's sandboxes only, and
        // subscriptions created at runtime post to this machine only.
        .raw(
            "[studio]\ntenant_hosts = [\"127.0.0.1\", \"localhost\"]\n\
             subscription_hosts = [\"127.0.0.1\", \"localhost\"]\n",
        )
        .load("(demo)")
}

/// The three curl lines the demo prints; each works as printed.
pub fn curl_lines(gateway: SocketAddr) -> Vec<String> {
    let auth = format!("-H 'Authorization: Bearer {DEMO_KEY}' -H 'X-Tenant-Id: {DEMO_TENANT}'");
    vec![
        format!("curl -s {auth} 'http://{gateway}/unified/procurement/purchase_orders?limit=2'"),
        format!(
            "curl -s {auth} 'http://{gateway}/unified/procurement/invoices?limit=3&exported=false'"
        ),
        format!(
            "curl -s {auth} -H 'Accept: application/xml' 'http://{gateway}/proxy/api/suppliers?limit=1'"
        ),
        format!(
            "curl -s -H 'Authorization: Bearer {DEMO_KEY}' -H 'X-Tenant-Id: {DEMO_ORACLE_TENANT}' 'http://{gateway}/unified/procurement/purchase_orders?limit=2'"
        ),
    ]
}

/// Starts both, prints where they listen and how to call them, serves until `shutdown`.
pub async fn run(
    listen: SocketAddr,
    sandbox_listen: SocketAddr,
    oracle_listen: SocketAddr,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let sandbox = Sandbox::start(SandboxConfig {
        listen: sandbox_listen,
        ..SandboxConfig::default()
    })
    .await
    .map_err(|e| format!("cannot start the sandbox on {sandbox_listen}: {e}"))?;
    let oracle = OracleFusionSandbox::start(OracleFusionConfig {
        listen: oracle_listen,
        ..OracleFusionConfig::default()
    })
    .await
    .map_err(|e| format!("cannot start the Oracle Fusion sandbox on {oracle_listen}: {e}"))?;
    // Change notifications: a file store in a temporary directory and a receiver that
    // verifies and prints what arrives.
    let dir = std::env::temp_dir().join(format!("procura-demo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let secret = {
        use base64::Engine;
        format!(
            "whsec_{}",
            base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>())
        )
    };
    let receiver = receiver::start(&secret)
        .await
        .map_err(|e| format!("cannot start the demo receiver: {e}"))?;
    let receiver_url = format!("http://{receiver}/events");
    let config = config(
        listen,
        &sandbox.base_url(),
        &oracle.base_url(),
        Some(DemoState {
            dir: &dir,
            receiver: &receiver_url,
            secret: &secret,
        }),
    )?;
    let app = App::build(config).await.map_err(|e| e.to_string())?;
    let gateway = app.local_addr();
    println!("procura demo");
    println!("  Coupa sandbox:         {}", sandbox.base_url());
    println!("  Oracle Fusion sandbox: {}", oracle.base_url());
    println!(
        "  gateway:               http://{gateway}  (tenants {DEMO_TENANT} on Coupa and \
         {DEMO_ORACLE_TENANT} on Oracle Fusion, API key {DEMO_KEY})"
    );
    println!("  studio:                http://{gateway}/studio  (sign in with {DEMO_KEY})");
    println!(
        "  demo receiver:         {receiver_url}  (subscription {DEMO_SUBSCRIPTION}: \
         {DEMO_TENANT}'s purchase orders, polled every 5 s; state in {})",
        dir.display()
    );
    println!("  (the first call waits up to 5 s: Coupa refuses a token in its first seconds)");
    println!();
    println!("Try:");
    for line in curl_lines(gateway) {
        println!("  {line}");
    }
    println!();
    println!("Change a record in the sandbox; the receiver prints the verified event:");
    let first = sandbox
        .control()
        .ids("purchase_orders")
        .first()
        .copied()
        .unwrap_or(1);
    println!(
        "  curl -s -X PATCH -H 'Content-Type: application/json' -d '{{\"po-number\": \"CHANGED-1\"}}' \
         {}/__sandbox/records/purchase_orders/{first}",
        sandbox.base_url()
    );
    println!();
    app.reload_on_signals();
    let served = app.run_until(shutdown).await.map_err(|e| e.to_string());
    sandbox.shutdown().await;
    oracle.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
    served
}

/// The demo's receiver: checks each event's Standard Webhooks signature and age, prints
/// it, answers 204 (400 to a forgery).
mod receiver {
    use std::net::SocketAddr;

    use axum::body::Bytes;
    use axum::http::{HeaderMap, StatusCode};
    use gateway::config::Secret;
    use gateway::subscriptions::{sign, signing_key};
    use serde_json::Value;

    pub async fn start(secret: &str) -> std::io::Result<SocketAddr> {
        let key = signing_key(&Secret::new(secret));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let app = axum::Router::new().route(
            "/events",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let key = key.clone();
                async move { receive(&key, &headers, &body) }
            }),
        );
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(addr)
    }

    fn receive(key: &[u8], headers: &HeaderMap, body: &[u8]) -> StatusCode {
        let header = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("");
        let id = header("webhook-id");
        let Ok(timestamp) = header("webhook-timestamp").parse::<i64>() else {
            println!("event refused: no webhook-timestamp");
            return StatusCode::BAD_REQUEST;
        };
        let fresh = (gateway::clock::unix_secs() - timestamp).abs() <= 300;
        let expected = sign(key, id, timestamp, body);
        if !fresh
            || !header("webhook-signature")
                .split(' ')
                .any(|s| s == expected)
        {
            println!("event refused: the signature does not verify");
            return StatusCode::BAD_REQUEST;
        }
        let event: Value = serde_json::from_slice(body).unwrap_or_default();
        let data = &event["data"];
        let what = match event["type"].as_str().unwrap_or("") {
            "sync.completed" => format!("{}", data["counts"]),
            _ => format!(
                "{} {}{}",
                data["resource"].as_str().unwrap_or(""),
                data["id"].as_str().unwrap_or(""),
                data["record"]["number"]
                    .as_str()
                    .map(|n| format!(" (number {n})"))
                    .unwrap_or_default()
            ),
        };
        println!(
            "event {} {what}  [webhook-id {id}, signature verified]",
            event["type"].as_str().unwrap_or("?")
        );
        StatusCode::NO_CONTENT
    }
}
