//! The gateway against the alternatives, with the real release binary.
//!
//! `target/release/procura` runs as child processes: `procura sandbox` (the Coupa
//! simulator) and `procura serve` (the gateway, configured by a temporary TOML file).
//! This program is the client. Every figure is a ratio against a baseline measured in
//! the same run:
//!
//! * `overhead` — p50/p99 latency and throughput of `GET /unified/procurement/
//!   purchase_orders?limit=50` through the gateway vs the same page read straight from
//!   the sandbox with a token, at a fixed offered load from an open-loop generator
//!   (requests leave on a fixed schedule; latency counts from the scheduled send time, so
//!   a slow answer cannot hide the queue behind it), sandbox latency 0 and 30 ms.
//! * `passthrough` — closed-loop throughput of `/proxy/api/purchase_orders` through
//!   the gateway vs nginx `proxy_pass` to the same sandbox (nginx started here on a
//!   loopback port with a temporary config, `PROCURA_BENCH_NGINX` or `nginx` on `PATH`),
//!   and procura's peak RSS over its idle RSS while it streams one ~100 MB answer.
//! * `sync` — time and upstream bytes to read every purchase order (sandbox at 30 ms and
//!   25 requests/s) through the gateway (cursor paging, projection) vs the naive loop of
//!   Coupa's guides (offset paging, 50 a page, full payloads).
//! * `fields` — per page of 200 purchase orders, the bytes Coupa sends and the gateway's
//!   CPU time (user + system, from `/proc`) for `fields=id,number,total` vs the full
//!   record, alternating over the same records.
//! * `memory` — peak RSS of a fresh `procura serve` idle and under 500 concurrent
//!   paging clients.
//!
//! `PROCURA_BENCH_QUICK=1` shortens everything (and syncs 1 000 POs instead of 10 000);
//! `PROCURA_BENCH_ONLY=overhead,sync` picks benches. Each bench prints its ratio last.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use procura::config_toml::{ConfigToml, TenantToml};
use serde_json::Value;

const GATEWAY_KEY: &str = "bench-key-0001";
const ADMIN_KEY: &str = "bench-admin-key-0001";

type Error = Box<dyn std::error::Error + Send + Sync>;
type Result<T> = std::result::Result<T, Error>;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn binary() -> PathBuf {
    std::env::var_os("PROCURA_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/release/procura"))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A child process killed when dropped.
struct Proc {
    child: Child,
    url: String,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Proc {
    /// `VmHWM` and `VmRSS` in KiB.
    fn memory(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        };
        (field("VmHWM:"), field("VmRSS:"))
    }
}

async fn wait_up(http: &reqwest::Client, url: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if http.get(url).send().await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("{url} did not come up").into())
}

async fn sandbox(http: &reqwest::Client, records: usize, rate_limit: Option<&str>) -> Result<Proc> {
    let port = free_port();
    let mut cmd = Command::new(binary());
    cmd.args(["sandbox", "--listen", &format!("127.0.0.1:{port}")])
        .args(["--records", &records.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(rl) = rate_limit {
        cmd.args(["--rate-limit", rl]);
    }
    let p = Proc {
        child: cmd.spawn()?,
        url: format!("http://127.0.0.1:{port}"),
    };
    wait_up(http, &format!("{}/__sandbox/counters", p.url)).await?;
    if rate_limit.is_none() {
        http.put(format!("{}/__sandbox/rate_limit", p.url))
            .json(&Value::Null)
            .send()
            .await?
            .error_for_status()?;
    }
    Ok(p)
}

async fn set_latency(http: &reqwest::Client, sandbox: &str, ms: u64) -> Result<()> {
    http.put(format!("{sandbox}/__sandbox/latency"))
        .json(&serde_json::json!({ "ms": ms }))
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

/// Upstream bytes served for `path` since the last reset.
async fn counters(http: &reqwest::Client, sandbox: &str, path: &str) -> Result<(u64, u64)> {
    let c: Value = http
        .get(format!("{sandbox}/__sandbox/counters"))
        .send()
        .await?
        .json()
        .await?;
    Ok((
        c["requests"][path].as_u64().unwrap_or(0),
        c["bytes"][path].as_u64().unwrap_or(0),
    ))
}

async fn reset_counters(http: &reqwest::Client, sandbox: &str) -> Result<()> {
    http.post(format!("{sandbox}/__sandbox/counters/reset"))
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

/// `procura serve` with one tenant `bench` on `sandbox`, started and warmed up (its first
/// call waits out the sandbox's 5 s refusal of young tokens). `upstream_slots` sets
/// `server.max_upstream_concurrency` (default 8 calls in flight per tenant).
async fn gateway(
    http: &reqwest::Client,
    dir: &Path,
    sandbox: &str,
    rate_limit: bool,
    upstream_slots: Option<usize>,
) -> Result<Proc> {
    let port = free_port();
    let mut tenant = TenantToml::sandbox("bench", sandbox)
        .scopes(&["core.common.read", "core.purchase_order.read"])
        .overrides(&repo().join("examples/overrides/tenants/demo"));
    if rate_limit {
        tenant = tenant.rate_limit(25, 1);
    }
    let file = dir.join(format!("procura-{port}.toml"));
    let mut config = ConfigToml::new("bench-cursor-secret-0123456789");
    if let Some(n) = upstream_slots {
        config = config.server("max_upstream_concurrency", n as i64);
    }
    config
        .server("listen", format!("127.0.0.1:{port}"))
        .mappings("base_dir", repo().join("mappings").display().to_string())
        .api_key(ADMIN_KEY, &["*"], true)
        .api_key(GATEWAY_KEY, &["bench"], false)
        .tenant(tenant)
        .write(&file)?;
    let p = Proc {
        child: Command::new(binary())
            .args(["serve", "--config"])
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
        url: format!("http://127.0.0.1:{port}"),
    };
    wait_up(http, &format!("{}/healthz", p.url)).await?;
    let warm = http
        .get(format!(
            "{}/unified/procurement/purchase_orders?limit=1",
            p.url
        ))
        .bearer_auth(GATEWAY_KEY)
        .header("x-tenant-id", "bench")
        .send()
        .await?;
    if !warm.status().is_success() {
        return Err(format!("gateway warm-up answered {}", warm.status()).into());
    }
    Ok(p)
}

/// A sandbox OAuth token, old enough for the sandbox to accept it.
async fn token(http: &reqwest::Client, sandbox: &str) -> Result<String> {
    let body: Value = http
        .post(format!("{sandbox}/oauth2/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "sandbox-client"),
            ("client_secret", "sandbox-secret"),
            ("scope", "core.common.read core.purchase_order.read"),
        ])
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let token = body["access_token"]
        .as_str()
        .ok_or("no access_token")?
        .to_string();
    tokio::time::sleep(Duration::from_millis(5_200)).await;
    Ok(token)
}

/// One kind of request, replayed by the load generators.
#[derive(Clone)]
struct Target {
    url: String,
    headers: Vec<(&'static str, String)>,
}

impl Target {
    fn gateway(base: &str, path: &str) -> Target {
        Target {
            url: format!("{base}{path}"),
            headers: vec![
                ("authorization", format!("Bearer {GATEWAY_KEY}")),
                ("x-tenant-id", "bench".into()),
                ("accept", "application/json".into()),
            ],
        }
    }

    fn direct(base: &str, path: &str, token: &str) -> Target {
        Target {
            url: format!("{base}{path}"),
            headers: vec![
                ("authorization", format!("Bearer {token}")),
                ("accept", "application/json".into()),
            ],
        }
    }

    /// Sends once and reads the whole body: (ok, body bytes).
    async fn send(&self, http: &reqwest::Client) -> (bool, usize) {
        let mut req = http.get(&self.url);
        for (k, v) in &self.headers {
            req = req.header(*k, v);
        }
        match req.send().await {
            Ok(r) => {
                let ok = r.status().is_success();
                match r.bytes().await {
                    Ok(b) => (ok, b.len()),
                    Err(_) => (false, 0),
                }
            }
            Err(_) => (false, 0),
        }
    }
}

struct LoadResult {
    hist: Histogram<u64>,
    ok: u64,
    errors: u64,
    elapsed: Duration,
}

impl LoadResult {
    fn p(&self, q: f64) -> f64 {
        self.hist.value_at_quantile(q) as f64 / 1000.0
    }
    fn throughput(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }
}

/// Open loop: request `i` leaves at `start + i / rate` whatever happened before; its
/// latency is measured from that scheduled time.
async fn open_loop(
    http: &reqwest::Client,
    target: &Target,
    rate: f64,
    duration: Duration,
) -> LoadResult {
    let n = (rate * duration.as_secs_f64()).round() as u64;
    let start = tokio::time::Instant::now() + Duration::from_millis(20);
    let mut tasks = Vec::with_capacity(n as usize);
    for i in 0..n {
        let at = start + Duration::from_secs_f64(i as f64 / rate);
        tokio::time::sleep_until(at).await;
        let http = http.clone();
        let target = target.clone();
        tasks.push(tokio::spawn(async move {
            let (ok, _) = target.send(&http).await;
            (ok, at.elapsed())
        }));
    }
    let mut hist = Histogram::<u64>::new_with_bounds(1, 600_000_000, 3).expect("histogram");
    let (mut ok, mut errors) = (0, 0);
    for t in tasks {
        match t.await {
            Ok((true, latency)) => {
                ok += 1;
                hist.saturating_record(latency.as_micros() as u64);
            }
            _ => errors += 1,
        }
    }
    LoadResult {
        hist,
        ok,
        errors,
        elapsed: start.elapsed(),
    }
}

/// Closed loop: `workers` clients each send, wait for the answer, and send again.
async fn closed_loop(
    http: &reqwest::Client,
    target: &Target,
    workers: usize,
    duration: Duration,
) -> (f64, u64) {
    let ok = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let (http, target, ok, errors) =
                (http.clone(), target.clone(), ok.clone(), errors.clone());
            tokio::spawn(async move {
                while start.elapsed() < duration {
                    match target.send(&http).await {
                        (true, _) => ok.fetch_add(1, Ordering::Relaxed),
                        _ => errors.fetch_add(1, Ordering::Relaxed),
                    };
                }
            })
        })
        .collect();
    for t in tasks {
        let _ = t.await;
    }
    (
        ok.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64(),
        errors.load(Ordering::Relaxed),
    )
}

struct Settings {
    quick: bool,
}

impl Settings {
    fn secs(&self, quick: u64, full: u64) -> Duration {
        Duration::from_secs(if self.quick { quick } else { full })
    }
}

fn report(name: &str, r: &LoadResult) {
    println!(
        "  {name:<24} p50 {:>8.2} ms  p99 {:>8.2} ms  throughput {:>7.1} req/s  ok {}  errors {}",
        r.p(0.5),
        r.p(0.99),
        r.throughput(),
        r.ok,
        r.errors
    );
}

async fn overhead(s: &Settings, http: &reqwest::Client, dir: &Path) -> Result<()> {
    // A full page of 50 sandbox purchase orders is about 1.7 MB of JSON: the sandbox
    // serves a few dozen a second on two cores, so the comparison with the full page runs
    // at 5 req/s. The gateway's own Coupa call (projected, about 110 kB) and procura run
    // side by side at `rate`, then procura alone at rising rates until its p99 doubles.
    let full_rate = 5.0;
    let rate = if s.quick { 50.0 } else { 200.0 };
    let duration = s.secs(3, 15);
    let sb = sandbox(http, 500, None).await?;
    // The tenant may keep 32 calls in flight instead of the default 8: at 200 requests/s
    // and 30 ms of upstream latency, 7 calls are in flight on average (Little's law), so
    // with 8 slots any jitter queues requests behind the tenant's own limit, and the
    // bench would measure that setting rather than the gateway's overhead.
    let (gw, token) = tokio::join!(
        gateway(http, dir, &sb.url, false, Some(32)),
        token(http, &sb.url)
    );
    let (gw, token) = (gw?, token?);
    let via = Target::gateway(&gw.url, "/unified/procurement/purchase_orders?limit=50");
    let direct = Target::direct(&sb.url, "/api/purchase_orders?limit=50", &token);
    // The exact Coupa call the gateway makes for that page (projected `fields`, one
    // record more than asked), read back from the sandbox's request log.
    via.send(http).await;
    let c: Value = http
        .get(format!("{}/__sandbox/counters", sb.url))
        .send()
        .await?
        .json()
        .await?;
    let query = c["recent"]
        .as_array()
        .and_then(|r| r.iter().rev().find(|q| q["path"] == "/api/purchase_orders"))
        .and_then(|q| q["query"].as_str())
        .ok_or("overhead: the gateway's Coupa call is not in the sandbox log")?
        .to_string();
    let same = Target::direct(&sb.url, &format!("/api/purchase_orders?{query}"), &token);
    println!(
        "overhead: GET purchase_orders?limit=50, open loop for {} s each: the full page at {full_rate} req/s, the gateway's own call and procura at {rate} req/s",
        duration.as_secs()
    );
    println!("  the gateway's own Coupa call: /api/purchase_orders?{query}");
    for latency in [0, 30] {
        set_latency(http, &sb.url, latency).await?;
        // Warm every path (connections, caches) before measuring.
        open_loop(http, &direct, full_rate, Duration::from_secs(1)).await;
        for t in [&same, &via] {
            open_loop(http, t, rate, Duration::from_secs(1)).await;
        }
        let d = open_loop(http, &direct, full_rate, duration).await;
        let p = open_loop(http, &same, rate, duration).await;
        let g = open_loop(http, &via, rate, duration).await;
        println!("overhead sandbox latency {latency} ms:");
        report("sandbox full page", &d);
        report("sandbox gateway's call", &p);
        report("procura", &g);
        if d.ok == 0 || g.ok == 0 || p.ok == 0 {
            return Err("overhead: no successful request".into());
        }
        println!(
            "overhead latency={latency}ms at {rate} req/s vs the gateway's own Coupa call: added p50 {:+.2} ms, p99 {:+.2} ms (p50 ratio {:.2}, p99 ratio {:.2}, throughput ratio {:.2}); vs the full page at {full_rate} req/s: added p50 {:+.2} ms, p99 {:+.2} ms",
            g.p(0.5) - p.p(0.5),
            g.p(0.99) - p.p(0.99),
            g.p(0.5) / p.p(0.5),
            g.p(0.99) / p.p(0.99),
            g.throughput() / p.throughput(),
            g.p(0.5) - d.p(0.5),
            g.p(0.99) - d.p(0.99),
        );
    }
    // The highest offered rate procura sustains (sandbox latency 0) before its p99
    // doubles against the lowest rate's, each step as long as the runs above.
    set_latency(http, &sb.url, 0).await?;
    let rates: &[f64] = if s.quick {
        &[25.0, 50.0, 100.0]
    } else {
        &[25.0, 50.0, 100.0, 200.0, 300.0, 400.0, 600.0]
    };
    let step = s.secs(2, 8);
    let mut base_p99 = None;
    let mut sustained = None;
    println!(
        "overhead rate sweep (procura, sandbox latency 0, {} s per step):",
        step.as_secs()
    );
    for &r in rates {
        let g = open_loop(http, &via, r, step).await;
        report(&format!("procura at {r} req/s"), &g);
        let p99 = g.p(0.99);
        let base = *base_p99.get_or_insert(p99);
        if g.errors > 0 || p99 > 2.0 * base || g.throughput() < 0.95 * r {
            break;
        }
        sustained = Some(r);
    }
    match sustained {
        Some(r) => println!(
            "overhead sustained rate: {r} req/s before p99 doubles (50-record pages, sandbox on the same machine)"
        ),
        None => println!("overhead sustained rate: below {} req/s", rates[0]),
    }
    Ok(())
}

fn nginx_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PROCURA_BENCH_NGINX") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin")])
        .map(|d| d.join("nginx"))
        .find(|p| p.is_file())
}

/// nginx in the foreground on a loopback port, `proxy_pass` to `upstream` with kept-alive
/// upstream connections (as procura pools its own).
async fn nginx(http: &reqwest::Client, dir: &Path, upstream: &str) -> Result<Proc> {
    let bin =
        nginx_binary().ok_or("passthrough: nginx is not installed (bench/run installs it)")?;
    let port = free_port();
    let prefix = dir.join("nginx");
    std::fs::create_dir_all(prefix.join("logs"))?;
    let upstream = upstream.trim_start_matches("http://");
    let conf = format!(
        r#"
worker_processes auto;
error_log {prefix}/logs/error.log warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream sandbox {{
        server {upstream};
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location /api/ {{
            proxy_pass http://sandbox;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }}
    }}
}}
"#,
        prefix = prefix.display()
    );
    let file = prefix.join("nginx.conf");
    std::fs::write(&file, conf)?;
    let p = Proc {
        child: Command::new(bin)
            .arg("-p")
            .arg(&prefix)
            .arg("-c")
            .arg(&file)
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
        url: format!("http://127.0.0.1:{port}"),
    };
    wait_up(http, &format!("{}/", p.url)).await?;
    Ok(p)
}

async fn passthrough(s: &Settings, http: &reqwest::Client, dir: &Path) -> Result<()> {
    let sb = sandbox(http, 500, None).await?;
    let ngx = nginx(http, dir, &sb.url).await?;
    let (gw, token) = tokio::join!(
        gateway(http, dir, &sb.url, false, None),
        token(http, &sb.url)
    );
    let (gw, token) = (gw?, token?);
    let nginx = ngx.url.clone();
    // First, while the gateway has served nothing but its warm-up: its peak RSS below
    // is then the transfer's, not the closed loops'.
    streamed_memory(s, http, &sb.url, &gw).await?;
    let small_fields = percent_encoding::utf8_percent_encode(
        r#"["id","po-number","status","version","created-at","updated-at",{"supplier":["id","name"]}]"#,
        percent_encoding::NON_ALPHANUMERIC,
    )
    .to_string();
    // (name, upstream path and query, closed-loop clients): small bodies at 64 clients,
    // where the proxy's own cost shows, and the 1.7 MB page at 16 clients, where both
    // wait on the sandbox
    let cases = [
        (
            "small",
            format!("/api/purchase_orders?limit=4&fields={small_fields}"),
            64,
        ),
        ("medium", "/api/purchase_orders?limit=2".to_string(), 64),
        ("large", "/api/purchase_orders?limit=50".to_string(), 16),
    ];
    let duration = s.secs(3, 10);
    println!(
        "passthrough: closed-loop clients, {} s per case and side, sandbox latency 0",
        duration.as_secs()
    );
    for (name, path, workers) in cases {
        let via = Target::gateway(&gw.url, &format!("/proxy{path}"));
        let ng = Target::direct(&nginx, &path, &token);
        let (_, size) = ng.send(http).await;
        closed_loop(http, &ng, workers, Duration::from_secs(1)).await;
        closed_loop(http, &via, workers, Duration::from_secs(1)).await;
        let cpu = tree_cpu_secs(ngx.child.id());
        let (n, n_err) = closed_loop(http, &ng, workers, duration).await;
        let n_cpu = tree_cpu_secs(ngx.child.id()) - cpu;
        let cpu = cpu_secs(gw.child.id());
        let (p, p_err) = closed_loop(http, &via, workers, duration).await;
        let p_cpu = cpu_secs(gw.child.id()) - cpu;
        // CPU per request moves far less than throughput when other work shares the cores
        let per_request = |cpu: f64, rate: f64| cpu * 1e6 / (rate * duration.as_secs_f64());
        println!("  {name} body {size} B, {workers} clients: {path}");
        println!(
            "    nginx   {n:>8.1} req/s  errors {n_err}  CPU {:.0} us/request",
            per_request(n_cpu, n)
        );
        println!(
            "    procura {p:>8.1} req/s  errors {p_err}  CPU {:.0} us/request",
            per_request(p_cpu, p)
        );
        if n == 0.0 || p == 0.0 {
            return Err("passthrough: no successful request".into());
        }
        println!(
            "passthrough {name} ({:.0} kB, {workers} clients) procura/nginx throughput {:.3}",
            size as f64 / 1000.0,
            p / n
        );
    }
    Ok(())
}

/// Constant memory on a large answer: one ~100 MB upstream body (20 MB in quick mode;
/// the sandbox's `flood` fault, its length declared) read through `/proxy` by a client
/// at full speed, and procura's peak RSS (`VmHWM`) against its RSS before the transfer.
async fn streamed_memory(
    s: &Settings,
    http: &reqwest::Client,
    sandbox: &str,
    gw: &Proc,
) -> Result<()> {
    let bytes: u64 = if s.quick { 20 << 20 } else { 100 << 20 };
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (_, idle) = gw.memory();
    http.post(format!("{sandbox}/__sandbox/faults"))
        .json(&serde_json::json!({"kind": "flood", "bytes": bytes, "chunked": false}))
        .send()
        .await?
        .error_for_status()?;
    let started = Instant::now();
    let mut r = http
        .get(format!("{}/proxy/api/purchase_orders?limit=1", gw.url))
        .bearer_auth(GATEWAY_KEY)
        .header("x-tenant-id", "bench")
        .send()
        .await?
        .error_for_status()?;
    let mut got = 0u64;
    while let Some(chunk) = r.chunk().await? {
        got += chunk.len() as u64;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (peak, _) = gw.memory();
    if got != bytes {
        return Err(format!("passthrough huge: {got} of {bytes} bytes arrived").into());
    }
    if idle == 0 || peak == 0 {
        return Err("passthrough huge: could not read /proc/<pid>/status".into());
    }
    println!(
        "  huge body {} MB streamed in {elapsed:.2} s ({:.0} MB/s)",
        bytes >> 20,
        bytes as f64 / 1e6 / elapsed
    );
    println!(
        "passthrough huge ({} MB body) idle RSS {:.1} MiB  peak RSS {:.1} MiB  peak-idle {:.1} MiB",
        bytes >> 20,
        idle as f64 / 1024.0,
        peak as f64 / 1024.0,
        peak.saturating_sub(idle) as f64 / 1024.0
    );
    Ok(())
}

/// GET with a retry after 429 (Retry-After, else `ratelimit-reset`, else 1 s).
async fn get_patiently(
    http: &reqwest::Client,
    url: &str,
    headers: &[(&str, String)],
) -> Result<(Value, usize)> {
    loop {
        let mut req = http.get(url);
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        let r = req.send().await?;
        if r.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
            let wait = ["retry-after", "ratelimit-reset"]
                .iter()
                .find_map(|h| r.headers().get(*h)?.to_str().ok()?.parse::<f64>().ok())
                .unwrap_or(1.0)
                .max(0.05);
            tokio::time::sleep(Duration::from_secs_f64(wait)).await;
            continue;
        }
        let r = r.error_for_status()?;
        let body = r.bytes().await?;
        return Ok((serde_json::from_slice(&body)?, body.len()));
    }
}

async fn sync(s: &Settings, http: &reqwest::Client, dir: &Path) -> Result<()> {
    let records = if s.quick { 1_000 } else { 10_000 };
    let sb = sandbox(http, records, Some("25/1")).await?;
    set_latency(http, &sb.url, 30).await?;
    let (gw, token) = tokio::join!(
        gateway(http, dir, &sb.url, true, None),
        token(http, &sb.url)
    );
    let (gw, token) = (gw?, token?);
    let path = "/api/purchase_orders";

    // The naive loop from Coupa's guides: offset paging, 50 a page, full records.
    tokio::time::sleep(Duration::from_secs(2)).await;
    reset_counters(http, &sb.url).await?;
    let headers = [
        ("authorization", format!("Bearer {token}")),
        ("accept", "application/json".into()),
    ];
    let start = Instant::now();
    let (mut naive_records, mut offset) = (0usize, 0usize);
    loop {
        let url = format!("{}{path}?offset={offset}&limit=50", sb.url);
        let (page, _) = get_patiently(http, &url, &headers).await?;
        let n = page.as_array().map_or(0, Vec::len);
        naive_records += n;
        offset += n;
        if n < 50 {
            break;
        }
    }
    let naive_time = start.elapsed();
    let (naive_calls, naive_bytes) = counters(http, &sb.url, path).await?;

    // procura: unified cursor paging, 200 a page, projected Coupa calls.
    tokio::time::sleep(Duration::from_secs(2)).await;
    reset_counters(http, &sb.url).await?;
    let headers = [
        ("authorization", format!("Bearer {GATEWAY_KEY}")),
        ("x-tenant-id", "bench".to_string()),
    ];
    let start = Instant::now();
    let mut procura_records = 0usize;
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{}/unified/procurement/purchase_orders?limit=200", gw.url);
        if let Some(c) = &cursor {
            url.push_str("&cursor=");
            url.push_str(
                &percent_encoding::utf8_percent_encode(c, percent_encoding::NON_ALPHANUMERIC)
                    .to_string(),
            );
        }
        let (page, _) = get_patiently(http, &url, &headers).await?;
        procura_records += page["result"].as_array().map_or(0, Vec::len);
        match page["next_cursor"].as_str() {
            Some(c) if !c.is_empty() => cursor = Some(c.to_string()),
            _ => break,
        }
    }
    let procura_time = start.elapsed();
    let (procura_calls, procura_bytes) = counters(http, &sb.url, path).await?;

    println!(
        "sync: all {records} purchase orders{}, sandbox latency 30 ms, budget 25 req/s (burst 20)",
        if s.quick {
            " (quick mode: 1 000, not 10 000)"
        } else {
            ""
        }
    );
    println!(
        "  naive   {naive_records:>6} records  {:>7.2} s  {naive_calls:>5} Coupa calls  {naive_bytes:>11} upstream bytes",
        naive_time.as_secs_f64()
    );
    println!(
        "  procura {procura_records:>6} records  {:>7.2} s  {procura_calls:>5} Coupa calls  {procura_bytes:>11} upstream bytes",
        procura_time.as_secs_f64()
    );
    if naive_records != records || procura_records != records {
        return Err(format!(
            "sync: expected {records} records, naive read {naive_records}, procura {procura_records}"
        )
        .into());
    }
    // The floor the budget sets: procura's upstream calls at 25 a second.
    let floor = procura_calls as f64 / 25.0;
    println!(
        "sync procura/naive time {:.3}  procura/naive upstream bytes {:.3}  procura/naive calls {:.3}  procura/budget-floor time {:.2} (floor {floor:.2} s = {procura_calls} calls / 25 per s)",
        procura_time.as_secs_f64() / naive_time.as_secs_f64(),
        procura_bytes as f64 / naive_bytes.max(1) as f64,
        procura_calls as f64 / naive_calls.max(1) as f64,
        procura_time.as_secs_f64() / floor,
    );
    Ok(())
}

/// CPU seconds (user + system) a process has used so far, from `/proc/<pid>/stat`.
fn cpu_secs(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // the fields after the command name, which is in parentheses
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    let ticks = f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
    // the kernel reports in clock ticks, 100 a second on Linux
    ticks as f64 / 100.0
}

/// CPU seconds of a process and its children (nginx's master and its workers).
fn tree_cpu_secs(pid: u32) -> f64 {
    let children =
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    cpu_secs(pid)
        + children
            .split_whitespace()
            .filter_map(|c| c.parse().ok())
            .map(cpu_secs)
            .sum::<f64>()
}

/// `fields=`: a three-field selection against the full record, page by page over the
/// same purchase orders: bytes Coupa sends and gateway CPU, in the same run.
async fn fields(s: &Settings, http: &reqwest::Client, dir: &Path) -> Result<()> {
    let records = if s.quick { 1_000 } else { 5_000 };
    let rounds = if s.quick { 2 } else { 6 };
    let sb = sandbox(http, records, None).await?;
    let gw = gateway(http, dir, &sb.url, false, None).await?;
    let path = "/api/purchase_orders";
    let headers = [
        ("authorization", format!("Bearer {GATEWAY_KEY}")),
        ("x-tenant-id", "bench".to_string()),
    ];
    // (pages, upstream bytes, gateway CPU seconds, response bytes) per query
    let mut totals = [(0u64, 0u64, 0f64, 0u64); 2];
    let queries = ["", "&fields=id,number,total"];
    for round in 0..rounds {
        for first in 0..queries.len() {
            // alternate the order, so neither always runs on a warmer process
            let i = if round % 2 == 0 { first } else { 1 - first };
            reset_counters(http, &sb.url).await?;
            let cpu = cpu_secs(gw.child.id());
            let (mut pages, mut body_bytes) = (0u64, 0u64);
            let mut cursor: Option<String> = None;
            loop {
                let mut url = format!(
                    "{}/unified/procurement/purchase_orders?limit=200{}",
                    gw.url, queries[i]
                );
                if let Some(c) = &cursor {
                    url.push_str("&cursor=");
                    url.push_str(
                        &percent_encoding::utf8_percent_encode(
                            c,
                            percent_encoding::NON_ALPHANUMERIC,
                        )
                        .to_string(),
                    );
                }
                let (page, _) = get_patiently(http, &url, &headers).await?;
                pages += 1;
                body_bytes += page.to_string().len() as u64;
                match page["next_cursor"].as_str() {
                    Some(c) if !c.is_empty() => cursor = Some(c.to_string()),
                    _ => break,
                }
            }
            let cpu = cpu_secs(gw.child.id()) - cpu;
            let (_, bytes) = counters(http, &sb.url, path).await?;
            let t = &mut totals[i];
            t.0 += pages;
            t.1 += bytes;
            t.2 += cpu;
            t.3 += body_bytes;
        }
    }
    println!(
        "fields: {records} purchase orders, 200 a page, {rounds} rounds of each, sandbox latency 0 ms"
    );
    for (name, (pages, bytes, cpu, body)) in
        ["full record", "fields=id,number,total"].iter().zip(totals)
    {
        println!(
            "  {name:<24} per page: {:>9.0} Coupa bytes  {:>7.2} ms gateway CPU  {:>8.0} response bytes",
            bytes as f64 / pages as f64,
            1000.0 * cpu / pages as f64,
            body as f64 / pages as f64
        );
    }
    let [full, three] = totals;
    println!(
        "fields three/full Coupa bytes per page {:.3}  gateway CPU per page {:.3}",
        (three.1 as f64 / three.0 as f64) / (full.1 as f64 / full.0 as f64),
        (three.2 / three.0 as f64) / (full.2 / full.0 as f64).max(1e-9)
    );
    Ok(())
}

async fn memory(s: &Settings, http: &reqwest::Client, dir: &Path) -> Result<()> {
    let clients = 1000;
    let pages = if s.quick { 1 } else { 10 };
    let sb = sandbox(http, 500, None).await?;
    let gw = gateway(http, dir, &sb.url, false, None).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (_, idle) = gw.memory();
    // A client of its own, so every client has its connection open at once. It lets an
    // idle connection go after 30 s, before the gateway's 60 s idle timeout closes it:
    // otherwise a connection left idle in the pool can be picked for a request just as
    // the gateway hangs up on it, and that request fails half sent.
    let load = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .pool_idle_timeout(Duration::from_secs(30))
        .build()?;
    let start = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (http, base) = (load.clone(), gw.url.clone());
            tokio::spawn(async move {
                let headers = [
                    ("authorization", format!("Bearer {GATEWAY_KEY}")),
                    ("x-tenant-id", "bench".to_string()),
                ];
                let mut cursor: Option<String> = None;
                for _ in 0..pages {
                    let mut url = format!("{base}/unified/procurement/purchase_orders?limit=50");
                    if let Some(c) = &cursor {
                        url.push_str("&cursor=");
                        url.push_str(
                            &percent_encoding::utf8_percent_encode(
                                c,
                                percent_encoding::NON_ALPHANUMERIC,
                            )
                            .to_string(),
                        );
                    }
                    let (page, _) = get_patiently(&http, &url, &headers).await?;
                    match page["next_cursor"].as_str() {
                        Some(c) if !c.is_empty() => cursor = Some(c.to_string()),
                        _ => break,
                    }
                }
                Ok::<(), Error>(())
            })
        })
        .collect();
    let mut failed = 0;
    for t in tasks {
        let why = match t.await {
            Ok(Ok(())) => continue,
            Ok(Err(e)) => format!("{e:?}"),
            Err(e) => e.to_string(),
        };
        if failed == 0 {
            println!("  first failure: {why}");
        }
        failed += 1;
    }
    let elapsed = start.elapsed();
    let (peak, after) = gw.memory();
    println!(
        "memory: procura serve idle, then {clients} concurrent clients paging {pages} pages of 50 ({:.1} s, {failed} failed)",
        elapsed.as_secs_f64()
    );
    println!(
        "  idle RSS {:.1} MiB  peak RSS (VmHWM) under load {:.1} MiB  RSS after {:.1} MiB",
        idle as f64 / 1024.0,
        peak as f64 / 1024.0,
        after as f64 / 1024.0
    );
    if idle == 0 || peak == 0 {
        return Err("memory: could not read /proc/<pid>/status".into());
    }
    println!(
        "memory idle {:.1} MiB  peak with {clients} clients {:.1} MiB  peak/idle {:.2}",
        idle as f64 / 1024.0,
        peak as f64 / 1024.0,
        peak as f64 / idle as f64
    );
    Ok(())
}

/// Full sync of Oracle Fusion purchase orders: procura's cursor paging (keyset on the
/// primary key with an explicit order, projected fields) against the naive loop Oracle
/// clients write (offset paging in the default, undetermined order, `expand=all`),
/// counting what each missed or read twice.
async fn oracle_sync(s: &Settings, http: &reqwest::Client, dir: &Path) -> Result<()> {
    let records: usize = if s.quick { 1_000 } else { 5_000 };
    let port = free_port();
    let sb = Proc {
        child: Command::new(binary())
            .args(["sandbox", "--provider", "oracle-fusion"])
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(["--records", &records.to_string(), "--latency-ms", "30"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
        url: format!("http://127.0.0.1:{port}"),
    };
    wait_up(http, &format!("{}/__sandbox/counters", sb.url)).await?;
    let gport = free_port();
    let file = dir.join(format!("procura-oracle-{gport}.toml"));
    ConfigToml::new("bench-cursor-secret-0123456789")
        .server("listen", format!("127.0.0.1:{gport}"))
        .mappings("base_dir", repo().join("mappings").display().to_string())
        .api_key(GATEWAY_KEY, &["bench-oracle"], false)
        .tenant(TenantToml::oracle_basic(
            "bench-oracle",
            &sb.url,
            "pat.stock",
            "Welcome1",
        ))
        .write(&file)?;
    let gw = Proc {
        child: Command::new(binary())
            .args(["serve", "--config"])
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
        url: format!("http://127.0.0.1:{gport}"),
    };
    wait_up(http, &format!("{}/healthz", gw.url)).await?;
    let path = "/fscmRestApi/resources/11.13.18.05/purchaseOrders";
    let id_of = |r: &Value, key: &str| r[key].to_string().trim_matches('"').to_string();

    // The naive loop: offset paging, Oracle's order, whole records with their children.
    reset_counters(http, &sb.url).await?;
    let basic = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            "pat.stock:Welcome1"
        )
    );
    let headers = [("authorization", basic)];
    let start = Instant::now();
    let (mut naive, mut offset) = (Vec::new(), 0usize);
    loop {
        let url = format!("{}{path}?offset={offset}&limit=500&expand=all", sb.url);
        let (page, _) = get_patiently(http, &url, &headers).await?;
        let items = page["items"].as_array().cloned().unwrap_or_default();
        offset += items.len();
        naive.extend(items.iter().map(|r| id_of(r, "POHeaderId")));
        if !page["hasMore"].as_bool().unwrap_or(false) {
            break;
        }
    }
    let naive_time = start.elapsed();
    let (naive_calls, naive_bytes) = counters(http, &sb.url, path).await?;

    // procura: unified cursor paging.
    reset_counters(http, &sb.url).await?;
    let headers = [
        ("authorization", format!("Bearer {GATEWAY_KEY}")),
        ("x-tenant-id", "bench-oracle".to_string()),
    ];
    let start = Instant::now();
    let mut procura = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{}/unified/procurement/purchase_orders?limit=200", gw.url);
        if let Some(c) = &cursor {
            url.push_str("&cursor=");
            url.push_str(
                &percent_encoding::utf8_percent_encode(c, percent_encoding::NON_ALPHANUMERIC)
                    .to_string(),
            );
        }
        let (page, _) = get_patiently(http, &url, &headers).await?;
        let items = page["result"].as_array().cloned().unwrap_or_default();
        procura.extend(items.iter().map(|r| id_of(r, "id")));
        match page["next_cursor"].as_str() {
            Some(c) if !c.is_empty() => cursor = Some(c.to_string()),
            _ => break,
        }
    }
    let procura_time = start.elapsed();
    let (procura_calls, procura_bytes) = counters(http, &sb.url, path).await?;
    let tally = |ids: &[String]| {
        let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
        (
            records.saturating_sub(unique.len()),
            ids.len() - unique.len(),
        )
    };
    let (naive_missed, naive_twice) = tally(&naive);
    let (procura_missed, procura_twice) = tally(&procura);
    println!(
        "oracle-sync: all {records} Oracle Fusion purchase orders, sandbox latency 30 ms{}",
        if s.quick { " (quick mode)" } else { "" }
    );
    println!(
        "  naive   {:>6} read  {naive_missed:>5} missed  {naive_twice:>5} twice  {:>7.2} s  {naive_calls:>4} calls  {naive_bytes:>11} upstream bytes",
        naive.len(),
        naive_time.as_secs_f64()
    );
    println!(
        "  procura {:>6} read  {procura_missed:>5} missed  {procura_twice:>5} twice  {:>7.2} s  {procura_calls:>4} calls  {procura_bytes:>11} upstream bytes",
        procura.len(),
        procura_time.as_secs_f64()
    );
    if procura_missed != 0 || procura_twice != 0 {
        return Err(format!(
            "oracle-sync: procura missed {procura_missed} and read {procura_twice} twice"
        )
        .into());
    }
    println!(
        "oracle-sync procura/naive time {:.3}  procura/naive upstream bytes {:.3}  naive missed {naive_missed} and read {naive_twice} twice",
        procura_time.as_secs_f64() / naive_time.as_secs_f64(),
        procura_bytes as f64 / naive_bytes.max(1) as f64
    );
    Ok(())
}

fn main() {
    // `cargo test --all-targets` runs bench binaries without `--bench`: nothing to
    // measure then (`bench/run` and `cargo bench` pass it).
    if !std::env::args().any(|a| a == "--bench") {
        println!("benchmark: run it with `bench/run` or `cargo bench`");
        return;
    }
    let s = Settings {
        quick: std::env::var_os("PROCURA_BENCH_QUICK").is_some_and(|v| v != "0"),
    };
    let only: Vec<String> = std::env::var("PROCURA_BENCH_ONLY")
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect())
        .unwrap_or_else(|_| {
            [
                "overhead",
                "passthrough",
                "sync",
                "oracle-sync",
                "fields",
                "memory",
            ]
            .map(String::from)
            .to_vec()
        });
    if !binary().exists() {
        eprintln!(
            "{} is missing: run `cargo build --release` first",
            binary().display()
        );
        std::process::exit(1);
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let http = reqwest::Client::new();
    let mut failed = false;
    for name in &only {
        let started = Instant::now();
        let outcome = rt.block_on(async {
            match name.as_str() {
                "overhead" => overhead(&s, &http, dir.path()).await,
                "passthrough" => passthrough(&s, &http, dir.path()).await,
                "sync" => sync(&s, &http, dir.path()).await,
                "oracle-sync" => oracle_sync(&s, &http, dir.path()).await,
                "fields" => fields(&s, &http, dir.path()).await,
                "memory" => memory(&s, &http, dir.path()).await,
                other => Err(format!("unknown bench {other:?}").into()),
            }
        });
        if let Err(e) = outcome {
            eprintln!("bench {name} failed: {e}");
            failed = true;
        }
        eprintln!("bench {name} took {:.1} s", started.elapsed().as_secs_f64());
    }
    if failed {
        std::process::exit(1);
    }
}
