//! Soak: a real `procura serve` process under steady mixed traffic (lists, paging, gets,
//! proxy calls, bad requests) at a fixed rate against a sandbox that injects faults.
//! Every answer is the one its request calls for, or a failure the sandbox injected; the
//! process's memory stays bounded and it leaks no file descriptors.
//!
//! CI runs 20 s at 60 requests/s, beside the rest of the suite on a small machine. The
//! long run, alone (10 minutes at 200 requests/s):
//! `PROCURA_SOAK_SECS=600 PROCURA_SOAK_RATE=200 cargo test --release --test api soak -- --nocapture`

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use simulators::coupa::{Sandbox, SandboxConfig};

use crate::common::*;
use crate::process::{self, free_port};
use procura::config_toml::{ConfigToml, TenantToml};

const KEY: &str = "soak-test-api-key-7d1e";

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn proc_status(pid: u32, field: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    List,
    NextPage,
    Get,
    Proxy,
    BadLimit,
    TamperedCursor,
    UnknownResource,
    NoKey,
}

impl Kind {
    fn expected(self) -> u16 {
        match self {
            Kind::List | Kind::NextPage | Kind::Get | Kind::Proxy => 200,
            Kind::BadLimit | Kind::TamperedCursor => 400,
            Kind::UnknownResource => 404,
            Kind::NoKey => 401,
        }
    }
}

#[derive(Default)]
struct Tally {
    by_kind: BTreeMap<(String, u16), u64>,
    unexpected: Vec<String>,
    failures: u64,
    sent: u64,
    cursors: Vec<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn steady_mixed_traffic_keeps_memory_and_descriptors_bounded() {
    capture_logs();
    let secs = env_number("PROCURA_SOAK_SECS", 20);
    let rate = env_number("PROCURA_SOAK_RATE", 60);
    let sandbox = Sandbox::start(SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        records: 500,
        token_min_age: Duration::from_millis(200),
        // Steady traffic within Coupa's budget: the only failures are injected ones.
        rate_limit: None,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let path = dir.path().join("procura.toml");
    ConfigToml::new("soak-cursor-secret-0123456789")
        .server("listen", format!("127.0.0.1:{port}"))
        .server("token_min_age_ms", 200)
        .server("upstream_timeout_ms", 5000)
        .mappings("base_dir", crate::common::shipped_mappings())
        .api_key(KEY, &["soakco"], false)
        .tenant(TenantToml::sandbox("soakco", &sandbox.base_url()))
        .write(&path)
        .unwrap();
    let gw = process::serve(&path, port, "json", &[("RUST_LOG", "info")]).await;
    let pid = gw.child.id();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(64)
        .build()
        .unwrap();
    let po_ids = sandbox.control().ids("purchase_orders");
    let control = sandbox.control();

    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let total = rate * secs;
    let warm_at = total / 5;
    let mut warm = (0u64, 0usize);
    let mut peak_rss = 0u64;
    let mut ticker = tokio::time::interval(Duration::from_micros(1_000_000 / rate));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut inflight = tokio::task::JoinSet::new();
    for n in 0..total {
        ticker.tick().await;
        if n == warm_at {
            // After warm-up the fault rate starts; memory and descriptors are measured here.
            control.set_fault_rate(2, 5);
            warm = (proc_status(pid, "VmRSS:"), open_fds(pid));
        }
        if n % rate == 0 {
            peak_rss = peak_rss.max(proc_status(pid, "VmRSS:"));
        }
        let kind = match n % 20 {
            0..=5 => Kind::List,
            6..=8 => Kind::NextPage,
            9..=12 => Kind::Get,
            13..=15 => Kind::Proxy,
            16 => Kind::BadLimit,
            17 => Kind::TamperedCursor,
            18 => Kind::UnknownResource,
            _ => Kind::NoKey,
        };
        let base = format!("http://127.0.0.1:{port}");
        let cursor = if kind == Kind::NextPage {
            let mut t = tally.lock().unwrap();
            match t.cursors.pop() {
                Some(c) => Some(c),
                None => continue,
            }
        } else {
            None
        };
        let url = match kind {
            Kind::List => format!(
                "{base}/unified/procurement/purchase_orders?limit={}",
                [5, 20, 50][(n % 3) as usize]
            ),
            Kind::NextPage => format!(
                "{base}/unified/procurement/purchase_orders?limit=20&cursor={}",
                encode(cursor.as_deref().unwrap_or(""))
            ),
            Kind::Get => format!(
                "{base}/unified/procurement/purchase_orders/{}",
                po_ids[(n as usize * 7) % po_ids.len()]
            ),
            Kind::Proxy => format!("{base}/proxy/api/suppliers?limit=3"),
            Kind::BadLimit => format!("{base}/unified/procurement/purchase_orders?limit=0"),
            Kind::TamperedCursor => {
                format!("{base}/unified/procurement/purchase_orders?cursor=AAAA.bbbb")
            }
            Kind::UnknownResource => format!("{base}/unified/procurement/widgets"),
            Kind::NoKey => format!("{base}/unified/procurement/invoices"),
        };
        let mut req = http.get(url).header("x-tenant-id", "soakco");
        if kind != Kind::NoKey {
            req = req.bearer_auth(KEY);
        }
        let tally = tally.clone();
        inflight.spawn(async move {
            let outcome = req.send().await;
            let (status, cursor) = match outcome {
                Ok(r) => {
                    let status = r.status().as_u16();
                    let cursor = if kind == Kind::List && status == 200 {
                        let body: Value = r.json().await.unwrap_or(Value::Null);
                        body["next_cursor"].as_str().map(str::to_string)
                    } else {
                        None
                    };
                    (Ok(status), cursor)
                }
                Err(e) => (Err(e.to_string()), None),
            };
            let mut t = tally.lock().unwrap();
            t.sent += 1;
            match status {
                Ok(status) => {
                    *t.by_kind.entry((format!("{kind:?}"), status)).or_default() += 1;
                    if status == kind.expected() {
                        if let Some(c) = cursor
                            && t.cursors.len() < 100
                        {
                            t.cursors.push(c);
                        }
                    } else if status == 429 || status >= 500 {
                        t.failures += 1;
                    } else {
                        t.unexpected.push(format!("{kind:?}: {status}"));
                    }
                }
                Err(e) => t.unexpected.push(format!("{kind:?}: transport error {e}")),
            }
        });
        while inflight.try_join_next().is_some() {}
    }
    while inflight.join_next().await.is_some() {}
    let elapsed = started.elapsed();
    control.set_fault_rate(0, 0);
    // Idle connections from the test client go; what stays open is the gateway's own.
    drop(http);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let end = (proc_status(pid, "VmRSS:"), open_fds(pid));
    let hwm = proc_status(pid, "VmHWM:");
    let injected: u64 = control.counters().faults.values().sum();

    let t = tally.lock().unwrap();
    println!(
        "soak: {} requests in {:.0?} ({:.0} req/s); RSS warm {} kB, end {} kB, peak {} kB (high-water {} kB); \
         fds warm {}, end {}; {} failures passed on from {injected} injected faults",
        t.sent,
        elapsed,
        t.sent as f64 / elapsed.as_secs_f64(),
        warm.0,
        end.0,
        peak_rss.max(end.0),
        hwm,
        warm.1,
        end.1,
        t.failures
    );
    println!("soak outcomes: {:?}", t.by_kind);
    assert!(
        t.unexpected.is_empty(),
        "{} unexpected answers, e.g. {:?}",
        t.unexpected.len(),
        &t.unexpected[..t.unexpected.len().min(10)]
    );
    assert!(
        t.failures <= injected,
        "{} failures but only {injected} faults injected",
        t.failures
    );
    assert!(
        end.0 <= (warm.0 * 2).max(warm.0 + 64 * 1024),
        "RSS grew from {} kB to {} kB",
        warm.0,
        end.0
    );
    assert!(
        end.1 <= warm.1 + 16,
        "file descriptors grew from {} to {}",
        warm.1,
        end.1
    );
    drop(gw);
}
