//! `procura demo`: the Coupa sandbox and the gateway wired to it in one process, with
//! the demo tenant `demo` and the API key `demo-key`. A composition root, like `cli`.

use std::net::SocketAddr;

use gateway::app::App;
use gateway::config::Config;
use simulators::coupa::{Sandbox, SandboxConfig};

use crate::config_toml::{ConfigToml, TenantToml, shipped};

pub const DEMO_KEY: &str = "demo-key";
pub const DEMO_TENANT: &str = "demo";

/// The gateway config of the demo, pointed at a sandbox.
pub fn config(listen: SocketAddr, sandbox_url: &str) -> Result<Config, String> {
    ConfigToml::new("procura-demo-cursor-secret")
        .server("listen", listen.to_string())
        .api_key(DEMO_KEY, &[DEMO_TENANT], true)
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
    ]
}

/// Starts both, prints where they listen and how to call them, serves until `shutdown`.
pub async fn run(
    listen: SocketAddr,
    sandbox_listen: SocketAddr,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let sandbox = Sandbox::start(SandboxConfig {
        listen: sandbox_listen,
        ..SandboxConfig::default()
    })
    .await
    .map_err(|e| format!("cannot start the sandbox on {sandbox_listen}: {e}"))?;
    let config = config(listen, &sandbox.base_url())?;
    let app = App::build(config).await.map_err(|e| e.to_string())?;
    let gateway = app.local_addr();
    println!("procura demo");
    println!("  Coupa sandbox: {}", sandbox.base_url());
    println!("  gateway:       http://{gateway}  (tenant {DEMO_TENANT}, API key {DEMO_KEY})");
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
    Ok(())
}
