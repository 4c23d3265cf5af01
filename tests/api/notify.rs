//! Change notifications end to end: the Coupa sandbox changes records, `procura serve`
//! (the real binary, state in a `file:` store) polls and posts signed events, and a
//! receiver built on the official Standard Webhooks library (`standardwebhooks` from
//! PyPI, in the virtualenv `.ci/test` creates) verifies each one. The receiver only
//! receives: it must end with exactly the changes made, after dedupe on `webhook-id`,
//! through a receiver outage and a SIGKILL of the gateway; deletions are found by the
//! id sweep.
//!
//! Subscriptions created at runtime (`POST /admin/subscriptions`) go the same way, on a
//! Coupa and on an Oracle Fusion tenant, and stop when deleted.
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
/// The secret of the subscriptions created at runtime (another key than [`SECRET`]).
const RUNTIME_SECRET: &str = "whsec_cnVudGltZS1zdWJzY3JpcHRpb24tc2VjcmV0LTMyYnk=";
/// Admin keys for one tenant each.
const ACME_ADMIN: &str = "notify-admin-key-acme";
const GLOBEX_ADMIN: &str = "notify-admin-key-globex";

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
    receiver_with(python, port, file, SECRET).await
}

/// A receiver that verifies with `secret`.
async fn receiver_with(python: &Path, port: u16, file: &Path, secret: &str) -> Receiver {
    let child = Command::new(python)
        .arg(repo().join("tests/external/webhook_receiver.py"))
        .arg(port.to_string())
        .arg(file)
        .env("PROCURA_SUBSCRIPTION_SECRET", secret)
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
        .mappings("base_dir", crate::common::shipped_mappings())
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

/// One purchase order created, one updated and one deleted in the sandbox, tagged so
/// their events can be told from others'.
struct ThreeChanges {
    tag: String,
    created: i64,
    updated: i64,
    deleted: i64,
}

fn three_changes(c: &SandboxControl, tag: &str) -> ThreeChanges {
    let created = insert(c, &format!("{tag}-NEW-1"));
    let updated = c.ids(POS)[3];
    update(c, updated, &format!("{tag}-UPD-1"));
    let deleted = c.ids(POS)[10];
    assert!(c.delete(POS, deleted));
    ThreeChanges {
        tag: tag.to_string(),
        created,
        updated,
        deleted,
    }
}

impl ThreeChanges {
    /// The three events are among `events`.
    fn arrived(&self, events: &BTreeMap<String, Value>) -> bool {
        let tag = &self.tag;
        has(
            events,
            "record.created",
            self.created,
            &format!("{tag}-NEW-1"),
        ) && has(
            events,
            "record.updated",
            self.updated,
            &format!("{tag}-UPD-1"),
        ) && has_deleted(events, self.deleted)
    }
}

/// A Coupa sandbox of `records` seeded records per resource, handing out tokens quickly.
async fn coupa(records: usize) -> Sandbox {
    Sandbox::start(SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        records,
        token_min_age: Duration::from_millis(200),
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn every_change_reaches_a_receiver_once_through_an_outage_and_a_sigkill() {
    let Some(python) = python() else { return };
    let sandbox = coupa(30).await;
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
    let three = three_changes(&c, "NOTIFY");
    wait_for(&events, "a create, an update and a deletion", |e| {
        three.arrived(e)
    })
    .await;
    let (created, seeded, deleted) = (three.created, three.updated, three.deleted);

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
    let sandbox = coupa(30).await;
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

    // Either replica lists the delivery attempts, whichever made them.
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (a, b) = (
            attempts(&http, &replicas[0].url).await,
            attempts(&http, &replicas[1].url).await,
        );
        if a >= 2 && a == b {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "deliveries on each replica: {a} and {b}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The replica that delivered dies; the other takes over.
    let leading = replicas
        .iter_mut()
        .position(|r| {
            r.log_text()
                .contains("this replica works the subscription now")
        })
        .expect("one replica took the lease");
    let mut leader = replicas.remove(leading);
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
    let sandbox = coupa(30).await;
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

// ---------------------------------------------------------------------------------------
// Subscriptions created at runtime

/// A gateway with tenants `acme` and `globex` (both on `sandbox`), optionally
/// `acme-oracle` on an Oracle Fusion sandbox, admin keys for all and for one tenant each,
/// and one config-file subscription (`globex-invoices`). `fast`: subscription minimums of
/// 1 s, as the delivery tests need; otherwise the defaults (5 s, 10 s).
fn runtime_config(
    dir: &Path,
    port: u16,
    sandbox: &str,
    oracle: Option<&str>,
    fast: bool,
) -> PathBuf {
    let state = format!("file:{}", dir.join("runtime.redb").display());
    runtime_config_on(dir, "runtime.toml", &state, port, sandbox, oracle, fast)
}

/// [`runtime_config`] on the state backend `state`, written to `name`.
fn runtime_config_on(
    dir: &Path,
    name: &str,
    state: &str,
    port: u16,
    sandbox: &str,
    oracle: Option<&str>,
    fast: bool,
) -> PathBuf {
    let path = dir.join(name);
    let mut config = ConfigToml::new("notify-test-cursor-secret-01")
        .server("listen", format!("127.0.0.1:{port}"))
        .server("token_min_age_ms", 200)
        .server("subscription_max_backoff_ms", 1000)
        .server("subscription_lease_ms", 2000)
        .mappings("base_dir", crate::common::shipped_mappings())
        .api_key(ADMIN_KEY, &["*"], true)
        .api_key(
            ACME_ADMIN,
            if oracle.is_some() {
                &["acme", "acme-oracle"]
            } else {
                &["acme"]
            },
            true,
        )
        .api_key(GLOBEX_ADMIN, &["globex"], true)
        .state(state, ENC)
        .tenant(TenantToml::sandbox("acme", sandbox))
        .tenant(TenantToml::sandbox("globex", sandbox));
    if fast {
        config = config
            .server("subscription_min_interval_secs", 1)
            .server("subscription_min_sweep_secs", 1);
    }
    if let Some(oracle) = oracle {
        config = config.tenant(TenantToml::oracle_basic(
            "acme-oracle",
            oracle,
            simulators::oracle_fusion::DEFAULT_USER,
            simulators::oracle_fusion::DEFAULT_PASSWORD,
        ));
    }
    config
        .raw(
            r#"
[studio]
subscription_hosts = ["127.0.0.1"]

[[subscriptions]]
id = "globex-invoices"
tenant = "globex"
resources = ["invoices"]
url = "http://127.0.0.1:9/events"
secret = "${SUB_SECRET}"
interval_secs = 3600
"#,
        )
        .write(&path)
        .unwrap();
    path
}

/// Every answer the tests saw, to look for the secret in.
#[derive(Default)]
struct Seen(String);

impl Seen {
    async fn call(
        &mut self,
        method: reqwest::Method,
        url: String,
        key: &str,
        body: Option<Value>,
    ) -> (u16, Value, reqwest::header::HeaderMap) {
        let mut r = reqwest::Client::new().request(method, url).bearer_auth(key);
        if let Some(b) = body {
            r = r.json(&b);
        }
        let r = r.send().await.unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap();
        self.0.push_str(&text);
        for (k, v) in &headers {
            self.0
                .push_str(&format!("{k}: {}\n", v.to_str().unwrap_or("")));
        }
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::Null),
            headers,
        )
    }
}

fn runtime_sub(id: &str, tenant: &str, receiver: u16) -> Value {
    json!({
        "id": id,
        "tenant": tenant,
        "resources": [POS],
        "url": format!("http://127.0.0.1:{receiver}/events"),
        "secret": RUNTIME_SECRET,
        "interval_secs": 1,
        "deletion_sweep_secs": 2,
    })
}

#[tokio::test]
async fn a_subscription_created_at_runtime_delivers_survives_a_restart_and_stops_when_deleted() {
    let Some(python) = python() else { return };
    let sandbox = coupa(30).await;
    let c = sandbox.control();
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    let (gw, rx) = (free_port(), free_port());
    let config = runtime_config(dir.path(), gw, &sandbox.base_url(), None, true);
    let _receiver = receiver_with(&python, rx, &events, RUNTIME_SECRET).await;
    let gateway = serve(&config, gw).await;
    let mut seen = Seen::default();
    let subs = format!("{}/admin/subscriptions", gateway.url);

    // Created with the admin key of its tenant: 201, as GET shows it, never the secret.
    let (status, created, headers) = seen
        .call(
            reqwest::Method::POST,
            subs.clone(),
            ACME_ADMIN,
            Some(runtime_sub("acme-rt", "acme", rx)),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(headers["location"], "/admin/subscriptions/acme-rt");
    assert_eq!(created["origin"], "runtime");
    assert_eq!(created["status"], "active");
    assert_eq!(created["resources"], json!([POS]));
    assert!(created.get("secret").is_none(), "{created}");
    let (status, got, _) = seen
        .call(
            reqwest::Method::GET,
            format!("{subs}/acme-rt"),
            ACME_ADMIN,
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(got["id"], "acme-rt");
    assert_eq!(got["url"], created["url"]);
    // The watermark starts at "now": let the first cycle and sweep pass.
    tokio::time::sleep(Duration::from_millis(2500)).await;

    let three = three_changes(&c, "RT");
    wait_for(&events, "a runtime subscription's events", |e| {
        three.arrived(e)
    })
    .await;
    let (new1, seeded, deleted) = (three.created, three.updated, three.deleted);

    // Killed and restarted on the same file: the subscription and its watermark stay,
    // so a change made meanwhile arrives.
    let mut gateway = gateway;
    process::signal(&gateway.child, "KILL");
    let _ = gateway.child.wait();
    let mut log = gateway.log_text();
    drop(gateway);
    let new2 = insert(&c, "RT-NEW-2");
    let gateway = serve(&config, gw).await;
    let (status, got, _) = seen
        .call(
            reqwest::Method::GET,
            format!("{subs}/acme-rt"),
            ADMIN_KEY,
            None,
        )
        .await;
    assert_eq!(status, 200, "kept across the restart: {got}");
    assert_eq!(got["origin"], "runtime");
    wait_for(&events, "a change made while the gateway was down", |e| {
        has(e, "record.created", new2, "RT-NEW-2")
    })
    .await;

    // Deleted: 204, then 404, and nothing more is delivered.
    let (status, body, _) = seen
        .call(
            reqwest::Method::DELETE,
            format!("{subs}/acme-rt"),
            ACME_ADMIN,
            None,
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let (status, _, _) = seen
        .call(
            reqwest::Method::GET,
            format!("{subs}/acme-rt"),
            ACME_ADMIN,
            None,
        )
        .await;
    assert_eq!(status, 404);
    let before = received(&events).len();
    let new3 = insert(&c, "RT-NEW-3");
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert_eq!(
        received(&events).len(),
        before,
        "an event after the delete: {:#?}",
        &received(&events)[before..]
    );
    assert!(!has(
        &record_events(&events),
        "record.created",
        new3,
        "RT-NEW-3"
    ));

    // Exactly the changes made, once each after dedupe on webhook-id.
    let got: BTreeSet<(String, String, String)> = record_events(&events)
        .values()
        .map(|e| {
            (
                e["type"].as_str().unwrap().to_string(),
                e["data"]["id"].as_str().unwrap().to_string(),
                e["data"]["record"]["number"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String, String)> = [
        ("record.created", new1, "RT-NEW-1"),
        ("record.updated", seeded, "RT-UPD-1"),
        ("record.deleted", deleted, ""),
        ("record.created", new2, "RT-NEW-2"),
    ]
    .into_iter()
    .map(|(t, id, n)| (t.to_string(), id.to_string(), n.to_string()))
    .collect();
    assert_eq!(got, expected);
    assert_eq!(record_events(&events).len(), expected.len());

    // Deleted for good: a restart does not bring it back.
    process::signal(&gateway.child, "KILL");
    let mut gateway = gateway;
    let _ = gateway.child.wait();
    log += &gateway.log_text();
    drop(gateway);
    let gateway = serve(&config, gw).await;
    let (status, _, _) = seen
        .call(
            reqwest::Method::GET,
            format!("{subs}/acme-rt"),
            ADMIN_KEY,
            None,
        )
        .await;
    assert_eq!(status, 404, "deleted subscriptions stay deleted");
    let log = log + &gateway.stop();
    assert!(log.contains("subscription.create"), "an audit line");
    let key_b64 = RUNTIME_SECRET.trim_start_matches("whsec_");
    assert!(!seen.0.contains(key_b64), "the secret is never answered");
    assert!(!log.contains(key_b64), "the secret is never logged");
}

#[tokio::test]
async fn runtime_subscriptions_are_checked_field_by_field_and_scoped_to_their_tenants() {
    let sandbox = coupa(10).await;
    let dir = tempfile::tempdir().unwrap();
    let gw = free_port();
    let config = runtime_config(dir.path(), gw, &sandbox.base_url(), None, false);
    let gateway = serve(&config, gw).await;
    let subs = format!("{}/admin/subscriptions", gateway.url);
    let mut seen = Seen::default();
    let good = || {
        let mut s = runtime_sub("acme-checked", "acme", 9);
        s["interval_secs"] = json!(5);
        s["deletion_sweep_secs"] = json!(3600);
        s
    };

    // Each refused field is named, in a problem document; nothing is created.
    let cases: Vec<(&str, Value)> = vec![
        ("url", json!("ftp://127.0.0.1/events")),
        ("url", json!("http://backend.example.com/events")),
        ("url", json!("https://backend.example.com/events")),
        ("interval_secs", json!(4)),
        ("resources", json!(["no_such_resource"])),
        ("tenant", json!("no-such-tenant")),
        ("secret", json!("not-a-whsec")),
        ("secret", json!("whsec_c2hvcnQ=")),
        ("events", json!(["created", "exploded"])),
        ("id", json!("has a space")),
    ];
    for (field, value) in cases {
        let mut body = good();
        body[field] = value.clone();
        let (status, problem, headers) = seen
            .call(reqwest::Method::POST, subs.clone(), ADMIN_KEY, Some(body))
            .await;
        assert_eq!(status, 422, "{field} = {value}: {problem}");
        assert_eq!(headers["content-type"], "application/problem+json");
        assert_eq!(
            problem["errors"][0]["field"], field,
            "{field} = {value}: {problem}"
        );
        assert!(
            problem["detail"].as_str().unwrap().starts_with(field),
            "{problem}"
        );
    }
    let (_, list, _) = seen
        .call(reqwest::Method::GET, subs.clone(), ADMIN_KEY, None)
        .await;
    assert_eq!(list["subscriptions"].as_array().unwrap().len(), 1, "{list}");

    // An admin key of another tenant: 403 to create on acme; acme's subscriptions are
    // not found to it, neither to read nor to delete.
    let (status, body, _) = seen
        .call(
            reqwest::Method::POST,
            subs.clone(),
            GLOBEX_ADMIN,
            Some(good()),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    let (status, body, _) = seen
        .call(
            reqwest::Method::POST,
            subs.clone(),
            ACME_ADMIN,
            Some(good()),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    for method in [reqwest::Method::GET, reqwest::Method::DELETE] {
        let (status, body, _) = seen
            .call(
                method.clone(),
                format!("{subs}/acme-checked"),
                GLOBEX_ADMIN,
                None,
            )
            .await;
        assert_eq!(status, 404, "{method}: {body}");
    }
    let (_, list, _) = seen
        .call(reqwest::Method::GET, subs.clone(), GLOBEX_ADMIN, None)
        .await;
    let ids: Vec<&str> = list["subscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["globex-invoices"]);
    // A tenant key that is not an admin key changes nothing.
    let (status, _, _) = seen
        .call(
            reqwest::Method::DELETE,
            format!("{subs}/acme-checked"),
            "not-a-key-at-all",
            None,
        )
        .await;
    assert_eq!(status, 401);

    // Ids are unique across the config file and runtime; config subscriptions stay.
    for id in ["acme-checked", "globex-invoices"] {
        let mut body = good();
        body["id"] = json!(id);
        let (status, body, _) = seen
            .call(reqwest::Method::POST, subs.clone(), ADMIN_KEY, Some(body))
            .await;
        assert_eq!(status, 409, "{id}: {body}");
    }
    let (status, body, _) = seen
        .call(
            reqwest::Method::DELETE,
            format!("{subs}/globex-invoices"),
            ADMIN_KEY,
            None,
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["detail"].as_str().unwrap().contains("config file"),
        "{body}"
    );
    let (status, _, _) = seen
        .call(
            reqwest::Method::DELETE,
            format!("{subs}/acme-checked"),
            ACME_ADMIN,
            None,
        )
        .await;
    assert_eq!(status, 204);
    let (status, _, _) = seen
        .call(
            reqwest::Method::DELETE,
            format!("{subs}/acme-checked"),
            ACME_ADMIN,
            None,
        )
        .await;
    assert_eq!(status, 404);
    let log = gateway.stop();
    let key_b64 = RUNTIME_SECRET.trim_start_matches("whsec_");
    assert!(!seen.0.contains(key_b64), "the secret is never answered");
    assert!(!log.contains(key_b64), "the secret is never logged");
}

/// The same machinery on Oracle Fusion: its sync tokens and its `LastUpdateDate`.
#[tokio::test]
async fn a_subscription_on_an_oracle_fusion_tenant_delivers_created_and_updated_orders() {
    let Some(python) = python() else { return };
    let sandbox = coupa(10).await;
    let oracle = crate::common::oracle_sandbox(40).await;
    let o = oracle.control();
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    let (gw, rx) = (free_port(), free_port());
    let config = runtime_config(
        dir.path(),
        gw,
        &sandbox.base_url(),
        Some(&oracle.base_url()),
        true,
    );
    let _receiver = receiver_with(&python, rx, &events, RUNTIME_SECRET).await;
    let gateway = serve(&config, gw).await;
    let mut seen = Seen::default();
    let (status, body, _) = seen
        .call(
            reqwest::Method::POST,
            format!("{}/admin/subscriptions", gateway.url),
            ACME_ADMIN,
            Some(runtime_sub("oracle-orders", "acme-oracle", rx)),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    tokio::time::sleep(Duration::from_millis(2500)).await;

    let created = o
        .insert("purchaseOrders", json!({"OrderNumber": "ORA-NEW-1"}))
        .expect("inserted");
    let existing = o.keys("purchaseOrders")[2].clone();
    assert!(o.update(
        "purchaseOrders",
        &existing,
        json!({"OrderNumber": "ORA-UPD-1"})
    ));
    let number_of = |e: &Value| e["data"]["record"]["number"].as_str().map(str::to_string);
    wait_for(&events, "Oracle Fusion changes", |e| {
        let kinds: BTreeSet<(String, String)> = e
            .values()
            .filter_map(|e| Some((e["type"].as_str()?.to_string(), number_of(e)?)))
            .collect();
        kinds.contains(&("record.created".into(), "ORA-NEW-1".into()))
            && kinds.contains(&("record.updated".into(), "ORA-UPD-1".into()))
    })
    .await;
    let got = record_events(&events);
    for e in got.values() {
        assert_eq!(e["data"]["tenant"], "acme-oracle");
        assert_eq!(e["data"]["resource"], POS);
    }
    let created_event = got
        .values()
        .find(|e| e["type"] == "record.created")
        .unwrap();
    assert_eq!(created_event["data"]["id"], json!(created));
    let updated_event = got
        .values()
        .find(|e| e["type"] == "record.updated")
        .unwrap();
    assert_eq!(updated_event["data"]["id"], json!(existing));
    assert_eq!(got.len(), 2, "exactly the two changes, once each: {got:#?}");
    drop(gateway);
}

/// Runtime subscriptions with two replicas on Redis: created on one, the other takes it
/// up; a replay asked of the replica that does not hold the lease is done by the one that
/// does; deleted on the other, neither delivers any more.
#[tokio::test]
async fn runtime_subscriptions_reach_every_replica_on_redis() {
    let Some(python) = python() else { return };
    let redis_port = free_port();
    let Some(_redis) = crate::scale::redis_server(redis_port) else {
        return;
    };
    let sandbox = coupa(30).await;
    let c = sandbox.control();
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    let (gw1, gw2, rx) = (free_port(), free_port(), free_port());
    let backend = format!("redis://127.0.0.1:{redis_port}/0");
    let base = sandbox.base_url();
    let c1 = runtime_config_on(dir.path(), "a.toml", &backend, gw1, &base, None, true);
    let c2 = runtime_config_on(dir.path(), "b.toml", &backend, gw2, &base, None, true);
    let _receiver = receiver_with(&python, rx, &events, RUNTIME_SECRET).await;
    let mut replicas = vec![serve(&c1, gw1).await, serve(&c2, gw2).await];
    let mut seen = Seen::default();
    let (status, body, _) = seen
        .call(
            reqwest::Method::POST,
            format!("{}/admin/subscriptions", replicas[0].url),
            ACME_ADMIN,
            Some(runtime_sub("acme-shared", "acme", rx)),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    // The other replica has it within its version poll (a second).
    let other = format!("{}/admin/subscriptions/acme-shared", replicas[1].url);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, body, _) = seen
            .call(reqwest::Method::GET, other.clone(), ADMIN_KEY, None)
            .await;
        if status == 200 {
            assert_eq!(body["origin"], "runtime");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the other replica: {status} {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;

    let before = time::OffsetDateTime::now_utc() - Duration::from_secs(2);
    let new1 = insert(&c, "SHARED-NEW-1");
    let seeded = c.ids(POS)[3];
    update(&c, seeded, "SHARED-UPD-1");
    wait_for(
        &events,
        "a runtime subscription's events with two replicas",
        |e| {
            has(e, "record.created", new1, "SHARED-NEW-1")
                && has(e, "record.updated", seeded, "SHARED-UPD-1")
        },
    )
    .await;
    assert_eq!(record_events(&events).len(), 2);

    // A replay asked of the replica without the lease: the holder delivers again, under
    // the same webhook-ids.
    let holder = replicas
        .iter_mut()
        .position(|r| {
            r.log_text().lines().any(|l| {
                l.contains("this replica works the subscription now") && l.contains("acme-shared")
            })
        })
        .expect("one replica holds the lease");
    let asked = &replicas[1 - holder];
    let since = before
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let (status, body, _) = seen
        .call(
            reqwest::Method::POST,
            format!(
                "{}/admin/subscriptions/acme-shared/replay?since={since}",
                asked.url
            ),
            ACME_ADMIN,
            None,
        )
        .await;
    assert_eq!(status, 202, "{body}");
    let created_id = record_events(&events)
        .iter()
        .find(|(_, e)| e["type"] == "record.created")
        .map(|(id, _)| id.clone())
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while raw_counts(&events)[&created_id] < 2 {
        assert!(
            Instant::now() < deadline,
            "the replay asked of the other replica was not done: {:#?}",
            received(&events)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        record_events(&events).len(),
        2,
        "the same webhook-ids again"
    );

    // Deleted on the replica that did not create it: gone from both, nothing delivered.
    let (status, body, _) = seen
        .call(reqwest::Method::DELETE, other.clone(), ACME_ADMIN, None)
        .await;
    assert_eq!(status, 204, "{body}");
    let first = format!("{}/admin/subscriptions/acme-shared", replicas[0].url);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, _, _) = seen
            .call(reqwest::Method::GET, first.clone(), ADMIN_KEY, None)
            .await;
        if status == 404 {
            break;
        }
        assert!(Instant::now() < deadline, "still on the first replica");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let delivered = received(&events).len();
    let new2 = insert(&c, "SHARED-NEW-2");
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert_eq!(
        received(&events).len(),
        delivered,
        "an event after the delete"
    );
    assert!(!has(
        &record_events(&events),
        "record.created",
        new2,
        "SHARED-NEW-2"
    ));
    let mut log = String::new();
    for r in replicas {
        log += &r.stop();
    }
    let key_b64 = RUNTIME_SECRET.trim_start_matches("whsec_");
    assert!(!seen.0.contains(key_b64), "the secret is never answered");
    assert!(!log.contains(key_b64), "the secret is never logged");
}

/// A subscription may name a tenant created at runtime; deleting the tenant deletes it.
#[tokio::test]
async fn a_runtime_tenant_can_be_subscribed_to_and_takes_its_subscriptions_along() {
    let Some(python) = python() else { return };
    let sandbox = coupa(20).await;
    let c = sandbox.control();
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    let (gw, rx) = (free_port(), free_port());
    let config = runtime_config(dir.path(), gw, &sandbox.base_url(), None, true);
    let _receiver = receiver_with(&python, rx, &events, RUNTIME_SECRET).await;
    let gateway = serve(&config, gw).await;
    let mut seen = Seen::default();
    let (status, body, _) = seen
        .call(
            reqwest::Method::POST,
            format!("{}/admin/tenants", gateway.url),
            ADMIN_KEY,
            Some(json!({
                "id": "initech",
                "base_url": sandbox.base_url(),
                "client_id": "sandbox-client",
                "client_secret": "sandbox-secret",
                "scopes": ["core.common.read", "core.purchase_order.read"],
            })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body, _) = seen
        .call(
            reqwest::Method::POST,
            format!("{}/admin/subscriptions", gateway.url),
            ADMIN_KEY,
            Some(runtime_sub("initech-orders", "initech", rx)),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let new1 = insert(&c, "INITECH-NEW-1");
    wait_for(&events, "the runtime tenant's new order", |e| {
        has(e, "record.created", new1, "INITECH-NEW-1")
    })
    .await;
    assert!(
        record_events(&events)
            .values()
            .all(|e| e["data"]["tenant"] == "initech")
    );

    let (status, body, _) = seen
        .call(
            reqwest::Method::DELETE,
            format!("{}/admin/tenants/initech", gateway.url),
            ADMIN_KEY,
            None,
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let (status, _, _) = seen
        .call(
            reqwest::Method::GET,
            format!("{}/admin/subscriptions/initech-orders", gateway.url),
            ADMIN_KEY,
            None,
        )
        .await;
    assert_eq!(status, 404, "the subscription went with its tenant");
    let delivered = received(&events).len();
    insert(&c, "INITECH-NEW-2");
    tokio::time::sleep(Duration::from_millis(3000)).await;
    assert_eq!(received(&events).len(), delivered);
    drop(gateway);
}

/// A receiver answering 410 Gone: each POST is counted, none is accepted.
async fn gone_receiver() -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let app = axum::Router::new().route(
        "/events",
        axum::routing::post(move || {
            let counted = counted.clone();
            async move {
                counted.fetch_add(1, Ordering::SeqCst);
                axum::http::StatusCode::GONE
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (port, hits)
}

/// A receiver that answers 410 disables its subscription at once, and on Redis every
/// replica then shows it disabled and none delivers to it again, not even the one that
/// takes the lease over when the holder stops.
#[tokio::test]
async fn a_410_disables_the_subscription_on_every_replica() {
    use std::sync::atomic::Ordering;
    let redis_port = free_port();
    let Some(_redis) = crate::scale::redis_server(redis_port) else {
        return;
    };
    let sandbox = coupa(30).await;
    let c = sandbox.control();
    let dir = tempfile::tempdir().unwrap();
    let (gw1, gw2) = (free_port(), free_port());
    let backend = format!("redis://127.0.0.1:{redis_port}/0");
    let base = sandbox.base_url();
    let c1 = runtime_config_on(dir.path(), "a.toml", &backend, gw1, &base, None, true);
    let c2 = runtime_config_on(dir.path(), "b.toml", &backend, gw2, &base, None, true);
    let (rx, hits) = gone_receiver().await;
    let mut replicas = vec![serve(&c1, gw1).await, serve(&c2, gw2).await];
    let mut seen = Seen::default();
    let (status, body, _) = seen
        .call(
            reqwest::Method::POST,
            format!("{}/admin/subscriptions", replicas[0].url),
            ACME_ADMIN,
            Some(runtime_sub("acme-gone", "acme", rx)),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    insert(&c, "GONE-NEW-1");

    // Both replicas show it disabled, with the reason.
    let deadline = Instant::now() + Duration::from_secs(20);
    for replica in &replicas {
        let url = format!("{}/admin/subscriptions/acme-gone", replica.url);
        loop {
            let (status, body, _) = seen
                .call(reqwest::Method::GET, url.clone(), ADMIN_KEY, None)
                .await;
            assert_eq!(status, 200, "{body}");
            if body["status"] == "disabled" {
                assert!(
                    body["disabled_reason"]
                        .as_str()
                        .unwrap_or("")
                        .contains("410"),
                    "{body}"
                );
                break;
            }
            assert!(Instant::now() < deadline, "not disabled on {url}: {body}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    assert_eq!(hits.load(Ordering::SeqCst), 1, "one delivery, answered 410");

    // The holder stops; the other replica takes the lease over and delivers nothing.
    let holder = replicas
        .iter_mut()
        .position(|r| {
            r.log_text().lines().any(|l| {
                l.contains("this replica works the subscription now") && l.contains("acme-gone")
            })
        })
        .expect("one replica held the lease");
    replicas.remove(holder).stop();
    insert(&c, "GONE-NEW-2");
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "a disabled subscription was delivered again after the lease moved"
    );
    let log = replicas[0].log_text();
    assert!(!log.contains(RUNTIME_SECRET), "the secret was logged");
}
