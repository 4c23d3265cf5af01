//! Change notifications end to end: the Coupa sandbox changes records, `procura serve`
//! (the real binary, state in a `file:` store) polls and posts signed events, and a
//! receiver built on the official Standard Webhooks library (`standardwebhooks` from
//! PyPI, in the virtualenv `.ci/test` creates) verifies each one. The receiver only
//! receives: it must end with exactly the changes made, after dedupe on `webhook-id`,
//! through a receiver outage and a SIGKILL of the gateway; deletions are found by the
//! id sweep.
//!
//! Without the virtualenv the test says so and passes, unless `PROCURA_TEST_STRICT=1`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use simulators::coupa::{Sandbox, SandboxConfig, SandboxControl};

use crate::common::{ADMIN_KEY, repo, strict};
use crate::process::{self, Process, free_port};
use procura::config_toml::{ConfigToml, TenantToml};

/// A Standard Webhooks secret: `whsec_` and base64 of 32 bytes.
const SECRET: &str = "whsec_dGVzdC1zdWJzY3JpcHRpb24tc2VjcmV0LTMyYnl0ZXM=";
const ENC: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const POS: &str = "purchase_orders";

struct Receiver {
    child: Child,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn python() -> Option<PathBuf> {
    let dir = std::env::var("PROCURA_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo().join(".venv"));
    let python = dir.join("bin/python");
    let ok = Command::new(&python)
        .args(["-c", "import standardwebhooks"])
        .status()
        .is_ok_and(|s| s.success());
    match ok {
        true => Some(python),
        false if strict() => panic!(
            "the webhook test needs standardwebhooks in the virtualenv .ci/test creates (PROCURA_VENV)"
        ),
        false => {
            eprintln!("SKIPPED: the webhook test needs the Python virtualenv; run .ci/test");
            None
        }
    }
}

/// Starts the Python receiver on `port`, appending verified events to `file`.
async fn receiver(python: &Path, port: u16, file: &Path) -> Receiver {
    let child = Command::new(python)
        .arg(repo().join("tests/external/webhook_receiver.py"))
        .arg(port.to_string())
        .arg(file)
        .env("PROCURA_SUBSCRIPTION_SECRET", SECRET)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the receiver did not come up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Receiver { child }
}

/// Every line the receiver wrote.
fn received(file: &Path) -> Vec<Value> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// The record events received, deduplicated on `webhook-id`: id → (type, record).
fn record_events(file: &Path) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for line in received(file) {
        assert!(line.get("invalid").is_none(), "a signature failed: {line}");
        let event = &line["event"];
        if event["type"]
            .as_str()
            .is_some_and(|t| t.starts_with("record."))
        {
            out.insert(
                line["webhook_id"].as_str().unwrap().to_string(),
                event.clone(),
            );
        }
    }
    out
}

/// Waits until the receiver has seen, for every expected (record id, predicate), an event.
async fn wait_for(file: &Path, what: &str, done: impl Fn(&BTreeMap<String, Value>) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if done(&record_events(file)) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: not delivered within 60 s; received: {:#?}",
            received(file)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The record id an event names.
fn id_of(event: &Value) -> Option<i64> {
    event["data"]["id"].as_str()?.parse().ok()
}

/// Whether a `record.deleted` event names `id`.
fn has_deleted(events: &BTreeMap<String, Value>, id: i64) -> bool {
    events
        .values()
        .any(|e| e["type"] == "record.deleted" && id_of(e) == Some(id))
}

/// Whether an event of `kind` for record `id` carries the number `number`.
fn has(events: &BTreeMap<String, Value>, kind: &str, id: i64, number: &str) -> bool {
    events.values().any(|e| {
        e["type"] == kind && id_of(e) == Some(id) && e["data"]["record"]["number"] == number
    })
}

fn config(dir: &Path, port: u16, sandbox: &str, receiver: u16) -> PathBuf {
    let state = format!("file:{}", dir.join("state.redb").display());
    config_on(dir, "procura.toml", &state, port, sandbox, receiver, None)
}

fn config_on(
    dir: &Path,
    name: &str,
    state: &str,
    port: u16,
    sandbox: &str,
    receiver: u16,
    rate_limit: Option<(u32, u32)>,
) -> PathBuf {
    let path = dir.join(name);
    let mut tenant = TenantToml::sandbox("acme", sandbox);
    if let Some((requests, window_secs)) = rate_limit {
        tenant = tenant.rate_limit(requests, window_secs);
    }
    ConfigToml::new("notify-test-cursor-secret-01")
        .server("listen", format!("127.0.0.1:{port}"))
        .server("token_min_age_ms", 200)
        .server("subscription_min_interval_secs", 1)
        .server("subscription_min_sweep_secs", 1)
        .server("subscription_max_backoff_ms", 1000)
        .server("subscription_lease_ms", 2000)
        .mappings("base_dir", repo().join("mappings").display().to_string())
        .api_key(ADMIN_KEY, &["*"], true)
        .state(state, ENC)
        .tenant(tenant)
        .raw(&format!(
            r#"
[[subscriptions]]
id = "acme-orders"
tenant = "acme"
resources = ["{POS}"]
url = "http://127.0.0.1:{receiver}/events"
secret = "${{SUB_SECRET}}"
interval_secs = 1
deletion_sweep_secs = 2
"#
        ))
        .write(&path)
        .unwrap();
    path
}

async fn serve(config: &Path, port: u16) -> Process {
    process::serve(config, port, "json", &[("SUB_SECRET", SECRET)]).await
}

/// A new purchase order, copied from a seeded one with its own number.
fn insert(c: &SandboxControl, number: &str) -> i64 {
    let mut rec = c.get(POS, c.ids(POS)[0]).unwrap();
    rec["po-number"] = json!(number);
    c.insert(POS, rec)
}

fn update(c: &SandboxControl, id: i64, number: &str) {
    assert!(c.update(POS, id, json!({"po-number": number})));
}

#[tokio::test]
async fn every_change_reaches_a_receiver_once_through_an_outage_and_a_sigkill() {
    let Some(python) = python() else { return };
    let sandbox = Sandbox::start(SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        records: 30,
        token_min_age: Duration::from_millis(200),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let c = sandbox.control();
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    let (gw, rx) = (free_port(), free_port());
    let config = config(dir.path(), gw, &sandbox.base_url(), rx);
    let receiver1 = receiver(&python, rx, &events).await;
    let gateway = serve(&config, gw).await;
    // The watermark starts at "now": let the first cycle pass before changing anything.
    tokio::time::sleep(Duration::from_millis(1500)).await;

    // 1. Created and updated records arrive, verified by the official library.
    let created = insert(&c, "NOTIFY-NEW-1");
    let seeded = c.ids(POS)[3];
    update(&c, seeded, "NOTIFY-UPD-1");
    let deleted = c.ids(POS)[10];
    assert!(c.delete(POS, deleted));
    wait_for(&events, "a create, an update and a deletion", |e| {
        has(e, "record.created", created, "NOTIFY-NEW-1")
            && has(e, "record.updated", seeded, "NOTIFY-UPD-1")
            && has_deleted(e, deleted)
    })
    .await;

    // 2. The receiver goes away; changes wait and arrive once it is back.
    drop(receiver1);
    let created2 = insert(&c, "NOTIFY-NEW-2");
    let seeded2 = c.ids(POS)[4];
    update(&c, seeded2, "NOTIFY-UPD-2");
    let admin = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    let deliveries = loop {
        let deliveries: Value = admin
            .get(format!(
                "{}/admin/subscriptions/acme-orders/deliveries",
                gateway.url
            ))
            .bearer_auth(ADMIN_KEY)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let failed = deliveries["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["ok"] == false && a["error"].is_string())
            .count();
        // Two failed attempts: the receiver stayed away through a retry.
        if failed >= 2 {
            break deliveries;
        }
        assert!(
            Instant::now() < deadline,
            "failed attempts are listed with their error: {deliveries}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let attempts = deliveries["deliveries"].as_array().unwrap();
    assert!(
        attempts
            .iter()
            .any(|a| a["ok"] == true && a["status"] == 204)
    );
    let receiver2 = receiver(&python, rx, &events).await;
    wait_for(&events, "changes made while the receiver was down", |e| {
        has(e, "record.created", created2, "NOTIFY-NEW-2")
            && has(e, "record.updated", seeded2, "NOTIFY-UPD-2")
    })
    .await;

    // 3. The gateway is killed (no shutdown); changes made meanwhile arrive after restart.
    let mut gateway = gateway;
    process::signal(&gateway.child, "KILL");
    let _ = gateway.child.wait();
    let log = gateway.log_text();
    drop(gateway);
    let created3 = insert(&c, "NOTIFY-NEW-3");
    let seeded3 = c.ids(POS)[5];
    update(&c, seeded3, "NOTIFY-UPD-3");
    let deleted3 = c.ids(POS)[11];
    assert!(c.delete(POS, deleted3));
    let gateway = serve(&config, gw).await;
    wait_for(&events, "changes made while the gateway was down", |e| {
        has(e, "record.created", created3, "NOTIFY-NEW-3")
            && has(e, "record.updated", seeded3, "NOTIFY-UPD-3")
            && has_deleted(e, deleted3)
    })
    .await;
    // One more cycle, to see that nothing is sent twice under another id.
    tokio::time::sleep(Duration::from_millis(2500)).await;

    // Exactly the changes made, once each after dedupe on webhook-id.
    let got = record_events(&events);
    let mut seen: BTreeSet<(String, String, String)> = BTreeSet::new();
    for e in got.values() {
        let key = (
            e["type"].as_str().unwrap().to_string(),
            e["data"]["id"].as_str().unwrap().to_string(),
            e["data"]["record"]["number"]
                .as_str()
                .unwrap_or("")
                .to_string(),
        );
        assert!(
            seen.insert(key.clone()),
            "one change under two webhook ids: {key:?}"
        );
        assert_eq!(e["data"]["tenant"], "acme");
        assert_eq!(e["data"]["resource"], POS);
    }
    let expected: BTreeSet<(String, String, String)> = [
        ("record.created", created, "NOTIFY-NEW-1"),
        ("record.updated", seeded, "NOTIFY-UPD-1"),
        ("record.created", created2, "NOTIFY-NEW-2"),
        ("record.updated", seeded2, "NOTIFY-UPD-2"),
        ("record.created", created3, "NOTIFY-NEW-3"),
        ("record.updated", seeded3, "NOTIFY-UPD-3"),
        ("record.deleted", deleted, ""),
        ("record.deleted", deleted3, ""),
    ]
    .into_iter()
    .map(|(t, id, n)| (t.to_string(), id.to_string(), n.to_string()))
    .collect();
    assert_eq!(seen, expected);
    // sync.completed follows cycles with changes.
    assert!(
        received(&events)
            .iter()
            .any(|l| l["event"]["type"] == "sync.completed")
    );

    // The admin view shows the subscription, never its secret.
    let view = admin
        .get(format!("{}/admin/subscriptions", gateway.url))
        .bearer_auth(ADMIN_KEY)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        view.contains("acme-orders") && view.contains("\"active\""),
        "{view}"
    );
    let key_b64 = SECRET.trim_start_matches("whsec_");
    assert!(!view.contains(key_b64), "the secret is never shown");
    let log = log + &gateway.stop();
    assert!(!log.contains(key_b64), "the secret is never logged");
    drop(receiver2);
}

/// How often each `webhook-id` reached the receiver (before dedupe).
fn raw_counts(file: &Path) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for line in received(file) {
        if let Some(id) = line["webhook_id"].as_str() {
            *out.entry(id.to_string()).or_default() += 1;
        }
    }
    out
}

async fn attempts(http: &reqwest::Client, gateway: &str) -> usize {
    let v: Value = http
        .get(format!(
            "{gateway}/admin/subscriptions/acme-orders/deliveries"
        ))
        .bearer_auth(ADMIN_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["deliveries"].as_array().map_or(0, Vec::len)
}

/// Two replicas share a Redis: one works the subscription under a fenced lease, so each
/// change is delivered by one of them; when it is killed the other takes over within a
/// lease period (2 s here) and nothing is missing.
#[tokio::test]
async fn two_replicas_on_redis_deliver_each_change_once_and_one_takes_over() {
    let Some(python) = python() else { return };
    let redis_port = free_port();
    let Some(_redis) = crate::scale::redis_server(redis_port) else {
        return;
    };
    let sandbox = Sandbox::start(SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        records: 30,
        token_min_age: Duration::from_millis(200),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let c = sandbox.control();
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    let (gw1, gw2, rx) = (free_port(), free_port(), free_port());
    let backend = format!("redis://127.0.0.1:{redis_port}/0");
    let c1 = config_on(
        dir.path(),
        "a.toml",
        &backend,
        gw1,
        &sandbox.base_url(),
        rx,
        None,
    );
    let c2 = config_on(
        dir.path(),
        "b.toml",
        &backend,
        gw2,
        &sandbox.base_url(),
        rx,
        None,
    );
    let _receiver = receiver(&python, rx, &events).await;
    let mut replicas = vec![serve(&c1, gw1).await, serve(&c2, gw2).await];
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let created = insert(&c, "REPLICA-NEW-1");
    let seeded = c.ids(POS)[3];
    update(&c, seeded, "REPLICA-UPD-1");
    wait_for(&events, "changes with two replicas", |e| {
        has(e, "record.created", created, "REPLICA-NEW-1")
            && has(e, "record.updated", seeded, "REPLICA-UPD-1")
    })
    .await;

    // The replica that delivered dies; the other takes over.
    let http = reqwest::Client::new();
    let (a, b) = (
        attempts(&http, &replicas[0].url).await,
        attempts(&http, &replicas[1].url).await,
    );
    let mut leader = replicas.remove(if a >= b { 0 } else { 1 });
    process::signal(&leader.child, "KILL");
    let _ = leader.child.wait();
    drop(leader);
    let created2 = insert(&c, "REPLICA-NEW-2");
    let seeded2 = c.ids(POS)[4];
    update(&c, seeded2, "REPLICA-UPD-2");
    let deleted = c.ids(POS)[10];
    assert!(c.delete(POS, deleted));
    wait_for(&events, "changes after the failover", |e| {
        has(e, "record.created", created2, "REPLICA-NEW-2")
            && has(e, "record.updated", seeded2, "REPLICA-UPD-2")
            && has_deleted(e, deleted)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(2500)).await;

    let kinds: BTreeSet<(String, i64)> = record_events(&events)
        .values()
        .map(|e| (e["type"].as_str().unwrap().to_string(), id_of(e).unwrap()))
        .collect();
    let expected: BTreeSet<(String, i64)> = [
        ("record.created", created),
        ("record.updated", seeded),
        ("record.created", created2),
        ("record.updated", seeded2),
        ("record.deleted", deleted),
    ]
    .into_iter()
    .map(|(t, id)| (t.to_string(), id))
    .collect();
    assert_eq!(
        kinds, expected,
        "exactly the changes made, once each after dedupe"
    );
    assert_eq!(record_events(&events).len(), expected.len());
    // Each change was delivered by one replica: at most the one in flight at the kill
    // arrives twice.
    let twice = raw_counts(&events).values().filter(|n| **n > 1).count();
    assert!(twice <= 1, "{:?}", raw_counts(&events));
}

/// Upstream calls to the purchase-order collection so far.
fn po_calls(c: &SandboxControl) -> u64 {
    c.counters()
        .requests
        .iter()
        .filter(|(path, _)| path.starts_with("/api/purchase_orders"))
        .map(|(_, n)| n)
        .sum()
}

/// The poller's upstream calls measured against the tenant's budget: with 10 calls per
/// 5 s configured and nobody else calling, polling every second and sweeping every 2 s
/// would make some 15 calls in 10 s; its 20 % share allows 2 per window. Then a 429
/// with `Retry-After: 5` stops it until the reset.
#[tokio::test]
async fn polling_keeps_to_its_budget_share_and_pauses_on_429() {
    let Some(python) = python() else { return };
    let sandbox = Sandbox::start(SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        records: 30,
        token_min_age: Duration::from_millis(200),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let c = sandbox.control();
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    let (gw, rx) = (free_port(), free_port());
    let state = format!("file:{}", dir.path().join("state.redb").display());
    let cfg = config_on(
        dir.path(),
        "p.toml",
        &state,
        gw,
        &sandbox.base_url(),
        rx,
        Some((10, 5)),
    );
    let _receiver = receiver(&python, rx, &events).await;
    let gateway = serve(&cfg, gw).await;
    let start = po_calls(&c);
    let began = Instant::now();
    tokio::time::sleep(Duration::from_millis(10_500)).await;
    let used = po_calls(&c) - start;
    let windows = began.elapsed().as_secs_f64() / 5.0;
    eprintln!("poller: {used} upstream calls in {windows:.1} budget windows of 10 calls");
    assert!(used >= 1, "the poller polls");
    assert!(
        used as f64 <= 2.0 * (windows.ceil() + 1.0),
        "{used} calls in {windows:.1} windows: more than 20 % of 10 per window"
    );
    drop(gateway);

    // A 429 with Retry-After pauses polling until the reset (no budget configured:
    // interval 1 s would call every second).
    let gw = free_port();
    let cfg = config_on(
        dir.path(),
        "q.toml",
        &format!("file:{}", dir.path().join("q.redb").display()),
        gw,
        &sandbox.base_url(),
        rx,
        None,
    );
    let gateway = serve(&cfg, gw).await;
    c.push_fault(simulators::coupa::Fault::TooMany {
        body: "{\"error\":\"rate limited\"}".into(),
        retry_after: Some(5),
        content_type: "application/json".into(),
    });
    let deadline = Instant::now() + Duration::from_secs(15);
    while c.counters().faults.is_empty() {
        assert!(Instant::now() < deadline, "the 429 was never served");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let at_429 = po_calls(&c);
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert_eq!(po_calls(&c), at_429, "no call before the reset");
    let deadline = Instant::now() + Duration::from_secs(20);
    while po_calls(&c) == at_429 {
        assert!(Instant::now() < deadline, "polling resumes after the reset");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drop(gateway);
}
