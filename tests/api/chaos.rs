//! Chaos paging: clients page two tenants at once through a provider that fails one call
//! in ten (Coupa: 5xx, resets, slow and truncated bodies, 429s; Oracle Fusion: maintenance
//! 503s, 500s, 502s, gateway timeouts, resets, slow and cut-off answers, in an undetermined
//! order) while records are inserted, updated and deleted between pages. A client retries
//! a failed page with the same cursor, as a real one would; each ends with every record
//! exactly once. The same clients run against a Coupa and an Oracle Fusion upstream.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gateway::app::App;
use gateway::config::Config;
use procura::config_toml::{ConfigToml, TenantToml};
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use simulators::coupa::SandboxControl;
use simulators::oracle_fusion::OracleFusionControl;

use crate::common::*;

const TENANTS: [&str; 2] = ["acme", "globex"];

/// The upstream under chaos, through its simulator's control.
#[derive(Clone)]
enum Upstream {
    Coupa(SandboxControl),
    Oracle(OracleFusionControl),
}

impl Upstream {
    fn ids(&self) -> Vec<i64> {
        match self {
            Upstream::Coupa(c) => c.ids("purchase_orders"),
            Upstream::Oracle(c) => c
                .keys("purchaseOrders")
                .iter()
                .map(|k| k.parse().unwrap())
                .collect(),
        }
    }

    /// A new order, a copy of `like` numbered `number`; its id.
    fn insert_like(&self, like: i64, number: &str) -> i64 {
        match self {
            Upstream::Coupa(c) => {
                let mut rec = c.get("purchase_orders", like).unwrap();
                rec["po-number"] = json!(number);
                c.insert("purchase_orders", rec)
            }
            Upstream::Oracle(c) => {
                let row = c.get("purchaseOrders", &like.to_string()).unwrap();
                // Its own attributes; the simulator gives the copy a key and timestamps.
                let mut attrs: serde_json::Map<String, Value> = row
                    .as_object()
                    .unwrap()
                    .iter()
                    .filter(|(k, v)| {
                        ![
                            "POHeaderId",
                            "CreationDate",
                            "LastUpdateDate",
                            "CreatedBy",
                            "LastUpdatedBy",
                        ]
                        .contains(&k.as_str())
                            && !v.is_array()
                            && !v.is_object()
                    })
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                attrs.insert("OrderNumber".into(), json!(number));
                c.insert("purchaseOrders", Value::Object(attrs))
                    .unwrap()
                    .parse()
                    .unwrap()
            }
        }
    }

    fn delete(&self, id: i64) -> bool {
        match self {
            Upstream::Coupa(c) => c.delete("purchase_orders", id),
            Upstream::Oracle(c) => c.delete("purchaseOrders", &id.to_string()),
        }
    }

    fn update(&self, id: i64) -> bool {
        match self {
            Upstream::Coupa(c) => c.update("purchase_orders", id, json!({"status": "closed"})),
            Upstream::Oracle(c) => c.update(
                "purchaseOrders",
                &id.to_string(),
                json!({"Description": "Changed during chaos"}),
            ),
        }
    }

    fn set_fault_rate(&self, percent: u32, seed: u64) {
        match self {
            Upstream::Coupa(c) => c.set_fault_rate(percent, seed),
            Upstream::Oracle(c) => c.set_fault_rate(percent, seed),
        }
    }

    fn counters(&self) -> simulators::coupa::Counters {
        match self {
            Upstream::Coupa(c) => c.counters(),
            Upstream::Oracle(c) => c.counters(),
        }
    }

    fn reset_counters(&self) {
        match self {
            Upstream::Coupa(c) => c.reset_counters(),
            Upstream::Oracle(c) => c.reset_counters(),
        }
    }
}

/// A gateway with the tenants `acme` and `globex` on one upstream, each with its own key.
struct Rig {
    gateway: String,
    http: reqwest::Client,
    upstream: Upstream,
    _running: Box<dyn std::any::Any + Send + Sync>,
}

impl Rig {
    async fn coupa() -> Rig {
        let mut setup = Setup {
            records: 1000,
            upstream_timeout_ms: 3_000,
            ..Setup::default()
        };
        for t in TENANTS {
            setup = setup.tenant(TenantSetup::new(t));
        }
        let env = setup.start().await;
        Rig {
            gateway: env.gateway.clone(),
            http: env.http.clone(),
            upstream: Upstream::Coupa(env.control()),
            _running: Box::new(env),
        }
    }

    async fn oracle() -> Rig {
        capture_logs();
        let sandbox = crate::common::oracle_sandbox(1000).await;
        let dir = tempfile::tempdir().unwrap();
        let mut config = ConfigToml::new("chaos-cursor-secret-0123456789")
            .server("upstream_timeout_ms", 3_000)
            .mappings("base_dir", crate::common::shipped_mappings());
        for t in TENANTS {
            config = config
                .api_key(&key_of(t), &[t], false)
                .tenant(TenantToml::oracle_basic(
                    t,
                    &sandbox.base_url(),
                    simulators::oracle_fusion::DEFAULT_USER,
                    simulators::oracle_fusion::DEFAULT_PASSWORD,
                ));
        }
        let text = config.render();
        let config = Config::from_toml(&text, Path::new("chaos.toml"), dir.path(), &|_| None)
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        let app = App::build(config).await.unwrap_or_else(|e| panic!("{e}"));
        let addr = app.spawn();
        Rig {
            gateway: format!("http://{addr}"),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
            upstream: Upstream::Oracle(sandbox.control()),
            _running: Box::new((sandbox, dir)),
        }
    }

    fn get(&self, tenant: &str, path: &str) -> reqwest::RequestBuilder {
        self.http
            .get(format!("{}{path}", self.gateway))
            .bearer_auth(key_of(tenant))
            .header("x-tenant-id", tenant)
    }
}

const POS: &str = "/unified/procurement/purchase_orders";

/// What one client saw: every id of every page in order, and what the sync token added.
struct Run {
    paged: Vec<i64>,
    synced: BTreeSet<i64>,
    /// When the sync pass began: records inserted later are the next sync's business.
    sync_started: std::time::Instant,
    retries: u32,
}

/// GETs `url` until it answers 200, retrying 429, 5xx and broken connections.
async fn get_retrying(env: &Rig, tenant: &str, url: &str, retries: &mut u32) -> Value {
    for _ in 0..200 {
        match env.get(tenant, url).send().await {
            Ok(r) if r.status() == 200 => match r.json::<Value>().await {
                Ok(v) => return v,
                Err(_) => *retries += 1,
            },
            Ok(r) => {
                let status = r.status().as_u16();
                assert!(
                    status == 429 || status >= 500,
                    "{url}: {status} is not a retryable failure: {}",
                    r.text().await.unwrap_or_default()
                );
                *retries += 1;
                let wait = r
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse::<u64>().ok())
                    .map_or(Duration::from_millis(50), |s| {
                        Duration::from_secs(s).min(Duration::from_millis(500))
                    });
                tokio::time::sleep(wait).await;
            }
            Err(_) => *retries += 1,
        }
    }
    panic!("{url}: no success after 200 tries");
}

async fn client(env: Arc<Rig>, tenant: &'static str, limit: u32) -> Run {
    let mut run = Run {
        paged: Vec::new(),
        synced: BTreeSet::new(),
        sync_started: std::time::Instant::now(),
        retries: 0,
    };
    let mut url = format!("{POS}?limit={limit}");
    let sync = loop {
        let body = get_retrying(&env, tenant, &url, &mut run.retries).await;
        run.paged.extend(ids(body["result"].as_array().unwrap()));
        match body["next_cursor"].as_str() {
            Some(c) => url = format!("{POS}?limit={limit}&cursor={}", encode(c)),
            None => break body["sync_token"].as_str().unwrap().to_string(),
        }
    };
    // What changed since the run began, paged to its end the same way.
    run.sync_started = std::time::Instant::now();
    let mut url = format!("{POS}?limit=100&sync_token={}", encode(&sync));
    loop {
        let body = get_retrying(&env, tenant, &url, &mut run.retries).await;
        run.synced.extend(ids(body["result"].as_array().unwrap()));
        match body["next_cursor"].as_str() {
            Some(c) => url = format!("{POS}?limit=100&cursor={}", encode(c)),
            None => break,
        }
    }
    run
}

#[derive(Default)]
struct Churn {
    inserted: BTreeSet<i64>,
    inserted_at: std::collections::BTreeMap<i64, std::time::Instant>,
    deleted: BTreeSet<i64>,
    updated: u32,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn paging_through_faults_and_churn_returns_every_record_once_from_coupa() {
    chaos(Rig::coupa().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn paging_through_faults_and_churn_returns_every_record_once_from_oracle() {
    chaos(Rig::oracle().await).await;
}

async fn chaos(rig: Rig) {
    let env = Arc::new(rig);
    // Both tenants' tokens first, so the fault rate falls on record calls only.
    for t in TENANTS {
        let r = env.get(t, &format!("{POS}?limit=1")).send().await.unwrap();
        assert_eq!(r.status(), 200);
    }
    let c = env.upstream.clone();
    let initial: BTreeSet<i64> = c.ids().into_iter().collect();
    c.reset_counters();
    c.set_fault_rate(10, 7);

    let churn = Arc::new(Mutex::new(Churn::default()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mutator = {
        let (c, churn, stop) = (c.clone(), churn.clone(), stop.clone());
        tokio::spawn(async move {
            let mut rng = rand::rngs::StdRng::seed_from_u64(11);
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                tokio::time::sleep(Duration::from_millis(20)).await;
                let live = c.ids();
                let mut ch = churn.lock().unwrap();
                match rng.gen_range(0..4) {
                    1 if live.len() < 300 => {}
                    0 => {
                        let like = live[rng.gen_range(0..live.len())];
                        let id = c.insert_like(like, &format!("CHAOS-{n}"));
                        n += 1;
                        ch.inserted.insert(id);
                        ch.inserted_at.insert(id, std::time::Instant::now());
                    }
                    1 => {
                        let id = live[rng.gen_range(0..live.len())];
                        c.delete(id);
                        ch.deleted.insert(id);
                    }
                    _ => {
                        let id = live[rng.gen_range(0..live.len())];
                        c.update(id);
                        ch.updated += 1;
                    }
                }
            }
        })
    };

    let mut clients = Vec::new();
    for tenant in TENANTS {
        for limit in [17, 50, 100] {
            clients.push((
                tenant,
                limit,
                tokio::spawn(client(env.clone(), tenant, limit)),
            ));
        }
    }
    let mut runs = Vec::new();
    for (tenant, limit, handle) in clients {
        runs.push((tenant, limit, handle.await.expect("a client finished")));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    mutator.await.unwrap();
    c.set_fault_rate(0, 0);

    let churn = churn.lock().unwrap();
    let live_now: BTreeSet<i64> = c.ids().into_iter().collect();
    let ever: BTreeSet<i64> = initial.union(&churn.inserted).copied().collect();
    let mut checked = 0;
    let mut retries = 0;
    for (tenant, limit, run) in &runs {
        let who = format!("{tenant} at limit {limit}");
        let paged: BTreeSet<i64> = run.paged.iter().copied().collect();
        assert_eq!(paged.len(), run.paged.len(), "{who}: a record came twice");
        assert!(paged.is_subset(&ever), "{who}: a record that never existed");
        for id in initial.difference(&churn.deleted) {
            assert!(
                paged.contains(id),
                "{who}: {id} existed throughout but was missed"
            );
        }
        let seen: BTreeSet<i64> = paged.union(&run.synced).copied().collect();
        for id in &live_now {
            let later = churn
                .inserted_at
                .get(id)
                .is_some_and(|at| *at > run.sync_started);
            assert!(
                later || seen.contains(id),
                "{who}: {id} is live but neither paged nor synced"
            );
        }
        checked += run.paged.len();
        retries += run.retries;
    }
    let faults = c.counters().faults;
    let injected: u64 = faults.values().sum();
    assert!(injected > 0, "the fault rate injected nothing");
    assert!(retries > 0, "no client had to retry");
    println!(
        "chaos: {} clients, {checked} records checked, {injected} faults injected {faults:?}, \
         {retries} client retries, churn: {} inserted, {} deleted, {} updated",
        runs.len(),
        churn.inserted.len(),
        churn.deleted.len(),
        churn.updated
    );
}
