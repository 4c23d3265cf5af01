//! `procura demo`: the Coupa and Oracle Fusion sandboxes and the gateway wired to them in
//! one process, with the demo tenants `demo` (Coupa) and `demo-oracle` (Oracle Fusion)
//! and the API key `demo-key`. A composition root, like `cli`.

use std::net::SocketAddr;

use gateway::app::App;
use gateway::config::Config;
use simulators::coupa::{Sandbox, SandboxConfig};
use simulators::oracle_fusion::{self, OracleFusionConfig, OracleFusionSandbox};

use crate::config_toml::{ConfigToml, TenantToml, shipped};

pub const DEMO_KEY: &str = "demo-key";
pub const DEMO_TENANT: &str = "demo";
/// The demo's Oracle Fusion tenant.
pub const DEMO_ORACLE_TENANT: &str = "demo-oracle";

/// The gateway config of the demo, pointed at the two sandboxes.
pub fn config(listen: SocketAddr, sandbox_url: &str, oracle_url: &str) -> Result<Config, String> {
    ConfigToml::new("procura-demo-cursor-secret")
        .server("listen", listen.to_string())
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
        // Tenants created in the studio may point at this machine's sandboxes only.
        .raw("[studio]\ntenant_hosts = [\"127.0.0.1\", \"localhost\"]\n")
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
    let config = config(listen, &sandbox.base_url(), &oracle.base_url())?;
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
    println!("  (the first call waits up to 5 s: Coupa refuses a token in its first seconds)");
    println!();
    println!("Try:");
    for line in curl_lines(gateway) {
        println!("  {line}");
    }
    println!();
    app.reload_on_signals();
    app.run_until(shutdown).await.map_err(|e| e.to_string())?;
    sandbox.shutdown().await;
    oracle.shutdown().await;
    Ok(())
}
