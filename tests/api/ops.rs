//! Operations with real processes: the `procura serve` binary against an in-process
//! sandbox, metrics, mapping reload (good and bad), graceful shutdown, secrets in logs.

use std::process::Command;
use std::time::Duration;

use serde_json::Value;
use simulators::coupa::{Fault, Sandbox, SandboxConfig};

use crate::process::{self, Process, free_port, signal};
use procura::config_toml::{ConfigToml, SANDBOX_CLIENT_ID, TenantToml};

const CLIENT_SECRET: &str = "sandbox-secret";
const API_KEY: &str = "ops-test-api-key-5f2a";
const ADMIN: &str = "ops-test-admin-key-91c3";

struct Gateway {
    process: Process,
    url: String,
    dir: tempfile::TempDir,
}

impl Gateway {
    fn overrides(&self) -> std::path::PathBuf {
        self.dir.path().join("overrides")
    }

    /// Stops the process and returns what it logged.
    fn stop(self) -> String {
        self.process.stop()
    }
}

/// Starts `procura serve` with a config whose secrets come from the environment.
async fn serve(sandbox: &Sandbox, extra_tenants: &str, log_format: &str) -> Gateway {
    serve_with(sandbox, extra_tenants, log_format, false).await
}

async fn serve_with(
    sandbox: &Sandbox,
    extra_tenants: &str,
    log_format: &str,
    watch: bool,
) -> Gateway {
    let dir = tempfile::tempdir().unwrap();
    let overrides = dir.path().join("overrides");
    std::fs::create_dir_all(&overrides).unwrap();
    let port = free_port();
    let config = ConfigToml::new("${CURSOR_SECRET}")
        .server("listen", format!("127.0.0.1:{port}"))
        .server("token_min_age_ms", 200)
        .server("shutdown_grace_ms", 10000)
        .mappings("base_dir", crate::common::shipped_mappings())
        .mappings("watch", watch)
        .api_key("${API_KEY}", &["*"], false)
        .api_key("${ADMIN_KEY}", &["*"], true)
        .tenant(
            TenantToml::new(
                "opsco",
                &sandbox.base_url(),
                SANDBOX_CLIENT_ID,
                "${CLIENT_SECRET}",
            )
            .overrides(&overrides)
            .rate_limit(25, 1),
        )
        .raw(extra_tenants);
    let path = dir.path().join("procura.toml");
    config.write(&path).unwrap();
    let process = process::serve(
        &path,
        port,
        log_format,
        &[
            ("CURSOR_SECRET", "ops-test-cursor-secret-123456"),
            ("API_KEY", API_KEY),
            ("ADMIN_KEY", ADMIN),
            ("CLIENT_SECRET", CLIENT_SECRET),
        ],
    )
    .await;
    let url = process.url.clone();
    Gateway { process, url, dir }
}

async fn sandbox() -> Sandbox {
    crate::common::capture_logs();
    Sandbox::start(SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        records: 60,
        token_min_age: Duration::from_millis(200),
        rate_limit: None,
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

fn call(gw: &Gateway, path: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .get(format!("{}{path}", gw.url))
        .bearer_auth(API_KEY)
        .header("x-tenant-id", "opsco")
        .timeout(Duration::from_secs(20))
}

/// The value of one sample line of a Prometheus text page.
fn sample(page: &str, name: &str, labels: &[(&str, &str)]) -> f64 {
    page.lines()
        .filter(|l| l.starts_with(name) && !l.starts_with('#'))
        .filter(|l| {
            labels
                .iter()
                .all(|(k, v)| l.contains(&format!("{k}=\"{v}\"")))
        })
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[tokio::test]
async fn metrics_count_traffic_by_route_tenant_and_outcome() {
    let sb = sandbox().await;
    let gw = serve(&sb, "", "json").await;
    for _ in 0..3 {
        assert_eq!(
            call(&gw, "/unified/procurement/purchase_orders?limit=2")
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
    }
    assert_eq!(
        call(&gw, "/unified/procurement/purchase_orders?limit=0")
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        call(&gw, "/unified/procurement/purchase_orders?cursor=xx")
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
    sb.control().push_fault(Fault::TooMany {
        body: "Slow down".into(),
        retry_after: None,
        content_type: "text/plain".into(),
    });
    assert_eq!(
        call(&gw, "/proxy/api/suppliers?limit=1")
            .send()
            .await
            .unwrap()
            .status(),
        429
    );
    let page = reqwest::get(format!("{}/metrics", gw.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let route = "/unified/procurement/{resource}";
    assert_eq!(
        sample(
            &page,
            "procura_http_requests_total",
            &[
                ("route", route),
                ("resource", "purchase_orders"),
                ("status", "200")
            ]
        ),
        3.0
    );
    assert_eq!(
        sample(
            &page,
            "procura_http_requests_total",
            &[("route", route), ("status", "400")]
        ),
        2.0
    );
    assert_eq!(
        sample(
            &page,
            "procura_upstream_requests_total",
            &[("tenant", "opsco"), ("status", "200")]
        ),
        3.0
    );
    assert_eq!(
        sample(
            &page,
            "procura_upstream_rate_limited_total",
            &[("tenant", "opsco")]
        ),
        1.0
    );
    assert!(
        sample(
            &page,
            "procura_upstream_response_bytes_total",
            &[("tenant", "opsco")]
        ) > 1000.0
    );
    assert_eq!(
        sample(&page, "procura_token_grants_total", &[("tenant", "opsco")]),
        1.0
    );
    assert_eq!(
        sample(
            &page,
            "procura_cursor_rejections_total",
            &[("tenant", "opsco")]
        ),
        1.0
    );
    assert!(
        sample(
            &page,
            "procura_http_request_duration_seconds_count",
            &[("route", route)]
        ) >= 5.0
    );
    assert!(!page.contains(API_KEY) && !page.contains(CLIENT_SECRET));
    gw.stop();
}

const GOOD: &str =
    "response: |\n  { \"custom_fields\": { \"project\": `custom-fields`.`project-code` } }\n";
const BROKEN: &str = "response: |\n  { \"custom_fields\": { \"project\": `custom-fields`.( } }\n";

#[tokio::test]
async fn reload_by_signal_and_endpoint_keeps_the_old_set_on_a_broken_file() {
    let sb = sandbox().await;
    let gw = serve(&sb, "", "pretty").await;
    let first = |body: Value| body["result"][0]["custom_fields"].clone();
    let po = || call(&gw, "/unified/procurement/purchase_orders?limit=1");
    assert_eq!(
        first(po().send().await.unwrap().json().await.unwrap()),
        serde_json::json!({})
    );
    // A good file, picked up by SIGHUP.
    std::fs::write(gw.overrides().join("purchase_orders.yaml"), GOOD).unwrap();
    signal(&gw.process.child, "HUP");
    let mut seen = false;
    for _ in 0..100 {
        if first(po().send().await.unwrap().json().await.unwrap())["project"].is_string() {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(seen, "SIGHUP reloaded the override");
    // A broken file: refused by the endpoint, the old set stays live.
    std::fs::write(gw.overrides().join("purchase_orders.yaml"), BROKEN).unwrap();
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{}/admin/reload", gw.url))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    assert!(
        p["errors"][0]
            .as_str()
            .unwrap()
            .contains("purchase_orders.yaml:"),
        "{p}"
    );
    assert!(first(po().send().await.unwrap().json().await.unwrap())["project"].is_string());
    let admin: Value = http
        .get(format!("{}/admin/tenants", gw.url))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(admin["last_reload"]["ok"], false, "{admin}");
    // Mended: the endpoint reloads it.
    std::fs::remove_file(gw.overrides().join("purchase_orders.yaml")).unwrap();
    let r = http
        .post(format!("{}/admin/reload", gw.url))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        first(po().send().await.unwrap().json().await.unwrap()),
        serde_json::json!({})
    );
    let log = gw.stop();
    assert!(
        log.contains("mapping reload rejected"),
        "the refusal is logged"
    );
}

/// An override of a path thousands of steps long, or nested thousands deep, once
/// aborted the process on reload with a stack overflow. Now a long path compiles and a
/// deep nest is refused at file:line, by the endpoint and by SIGHUP alike, and the
/// process serves on with the previous mappings.
#[tokio::test]
async fn a_reload_of_a_huge_expression_never_kills_the_process() {
    let sb = sandbox().await;
    let gw = serve(&sb, "", "json").await;
    let http = reqwest::Client::new();
    let reload = || {
        http.post(format!("{}/admin/reload", gw.url))
            .bearer_auth(ADMIN)
            .send()
    };
    let file = gw.overrides().join("purchase_orders.yaml");
    let first = |body: Value| body["result"][0]["custom_fields"].clone();
    let po = || call(&gw, "/unified/procurement/purchase_orders?limit=1");

    // 8 KB of path steps: compiles (linear, no deep recursion) and is live; the
    // sandbox, like Coupa, refuses a `fields` nested that deep, which is the upstream's
    // answer to relay, not a crash.
    let long_path = vec!["a"; 4000].join(".");
    std::fs::write(
        &file,
        format!("response: |\n  {{ \"custom_fields\": {{ \"deep\": {long_path} }} }}\n"),
    )
    .unwrap();
    assert_eq!(reload().await.unwrap().status(), 200);
    let r = po().send().await.unwrap();
    assert!(
        [200, 502].contains(&r.status().as_u16()),
        "{}",
        r.text().await.unwrap()
    );

    // A good file, then one nested 5000 deep: refused, the good one stays live.
    std::fs::write(&file, GOOD).unwrap();
    assert_eq!(reload().await.unwrap().status(), 200);
    let deep = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
    std::fs::write(
        &file,
        format!("response: |\n  {{ \"custom_fields\": {{ \"deep\": {deep} }} }}\n"),
    )
    .unwrap();
    let r = reload().await.unwrap();
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    let error = p["errors"][0].as_str().unwrap_or_default();
    assert!(error.contains("purchase_orders.yaml:"), "{p}");
    assert!(error.contains("nesting"), "{p}");
    signal(&gw.process.child, "HUP");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let health = http
        .get(format!("{}/healthz", gw.url))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200, "the process lives on");
    assert!(first(po().send().await.unwrap().json().await.unwrap())["project"].is_string());
    drop(gw.stop());
}

#[tokio::test]
async fn sigterm_finishes_in_flight_requests_then_exits_zero() {
    let sb = sandbox().await;
    let mut gw = serve(&sb, "", "json").await;
    assert_eq!(
        call(&gw, "/unified/procurement/suppliers?limit=1")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    sb.control()
        .push_fault(Fault::Slow(Duration::from_millis(1500)));
    let slow = call(&gw, "/unified/procurement/suppliers?limit=1");
    let in_flight = tokio::spawn(async move { slow.send().await.map(|r| r.status().as_u16()) });
    tokio::time::sleep(Duration::from_millis(300)).await;
    signal(&gw.process.child, "TERM");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let refused = reqwest::Client::new()
        .get(format!("{}/healthz", gw.url))
        .timeout(Duration::from_secs(2))
        .send()
        .await;
    assert!(refused.is_err(), "no new connections after SIGTERM");
    assert_eq!(
        in_flight.await.unwrap().unwrap(),
        200,
        "the in-flight request finished"
    );
    let status = gw.process.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[tokio::test]
async fn no_secret_reaches_the_logs() {
    let sb = sandbox().await;
    let bad_tenant = r#"
[[tenants]]
id = "badco"
base_url = "BASE"
client_id = "sandbox-client"
client_secret = "${BAD_SECRET}"
"#
    .replace("BASE", &sb.base_url());
    // The second tenant's secret is wrong on purpose.
    let gw = serve(
        &sb,
        &bad_tenant.replace("${BAD_SECRET}", "definitely-wrong-secret-77"),
        "json",
    )
    .await;
    for path in [
        "/unified/procurement/purchase_orders?limit=3",
        "/unified/procurement/purchase_orders/1",
        "/proxy/api/invoices?limit=1",
        "/unified/procurement/purchase_orders?cursor=tampered",
    ] {
        let _ = call(&gw, path).send().await.unwrap();
    }
    let r = reqwest::Client::new()
        .get(format!("{}/unified/procurement/suppliers", gw.url))
        .bearer_auth(API_KEY)
        .header("x-tenant-id", "badco")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 502);
    let _ = reqwest::Client::new()
        .get(format!("{}/admin/tenants", gw.url))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    // Every token the sandbox issued, as seen in the Authorization headers it received.
    let tokens: Vec<String> = sb
        .control()
        .counters()
        .recent
        .iter()
        .flat_map(|r| r.headers.iter())
        .filter(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.trim_start_matches("Bearer ").to_string())
        .collect();
    assert!(!tokens.is_empty());
    let log = gw.stop();
    assert!(log.len() > 1000, "the run logged at trace level");
    for secret in [
        CLIENT_SECRET,
        API_KEY,
        ADMIN,
        "definitely-wrong-secret-77",
        "ops-test-cursor-secret-123456",
    ] {
        assert!(!log.contains(secret), "a secret leaked into the logs");
    }
    for token in tokens {
        assert!(
            !log.contains(&token),
            "an access token leaked into the logs"
        );
    }
}

#[test]
fn config_errors_name_file_key_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "[server]\ncursor_secret = \"${NO_SUCH_VARIABLE_HERE}\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_procura"))
        .args(["serve", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml")
            && err.contains("server.cursor_secret")
            && err.contains("NO_SUCH_VARIABLE_HERE"),
        "{err}"
    );
}

#[tokio::test]
async fn the_file_watcher_reloads_changed_mappings() {
    let sb = sandbox().await;
    let gw = serve_with(&sb, "", "json", true).await;
    let first = |body: Value| body["result"][0]["custom_fields"].clone();
    let po = || call(&gw, "/unified/procurement/purchase_orders?limit=1");
    assert_eq!(
        first(po().send().await.unwrap().json().await.unwrap()),
        serde_json::json!({})
    );
    std::fs::write(gw.overrides().join("purchase_orders.yaml"), GOOD).unwrap();
    let mut seen = false;
    for _ in 0..100 {
        if first(po().send().await.unwrap().json().await.unwrap())["project"].is_string() {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(seen, "the watcher picked up the new override");
    gw.stop();
}
