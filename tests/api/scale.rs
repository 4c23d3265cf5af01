//! Three `procura serve` replicas sharing state through a real `redis-server`: one token
//! mint for all, one rate-budget story, one record per idempotency key, and no request
//! lost when Redis goes away.
//!
//! Needs `redis-server` on the PATH (`.ci/run` installs Debian's package). Without it the
//! tests say so and pass, unless `PROCURA_TEST_STRICT=1`.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use simulators::coupa::{Fault, Sandbox, SandboxConfig};

use crate::common::{repo, strict};
use crate::process::{self, Process, free_port};
use procura::config_toml::{ConfigToml, TenantToml};

const KEY: &str = "scale-test-api-key-0001";
const ENC: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

pub(crate) struct RedisServer {
    child: Child,
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn redis_server(port: u16) -> Option<RedisServer> {
    let spawned = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match spawned {
        Ok(child) => {
            for _ in 0..100 {
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Some(RedisServer { child })
        }
        Err(_) if strict() => panic!("redis-server is not installed (.ci/run installs it)"),
        Err(_) => {
            eprintln!("SKIPPED: redis-server is not installed; run .ci/run's set-up to get it");
            None
        }
    }
}

struct Cluster {
    sandbox: Sandbox,
    replicas: Vec<Process>,
    _dir: tempfile::TempDir,
}

async fn cluster(redis_port: u16, n: usize) -> Cluster {
    let sandbox = Sandbox::start(SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        records: 60,
        token_min_age: Duration::from_millis(500),
        rate_limit: None,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut replicas = Vec::new();
    for i in 0..n {
        let port = free_port();
        let path = dir.path().join(format!("replica-{i}.toml"));
        ConfigToml::new("scale-test-cursor-secret-0001")
            .server("listen", format!("127.0.0.1:{port}"))
            .server("token_min_age_ms", 500)
            .mappings("base_dir", repo().join("mappings").display().to_string())
            .state(&format!("redis://127.0.0.1:{redis_port}/0"), ENC)
            .api_key(KEY, &["*"], true)
            .tenant(TenantToml::sandbox("shared", &sandbox.base_url()).rate_limit(25, 1))
            .write(&path)
            .unwrap();
        replicas.push(process::serve(&path, port, "json", &[]).await);
    }
    Cluster {
        sandbox,
        replicas,
        _dir: dir,
    }
}

fn get(url: &str, path: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .get(format!("{url}{path}"))
        .bearer_auth(KEY)
        .header("x-tenant-id", "shared")
        .timeout(Duration::from_secs(30))
}

#[tokio::test]
async fn sixty_first_requests_on_three_replicas_mint_one_token() {
    let port = free_port();
    let Some(_redis) = redis_server(port) else {
        return;
    };
    let c = cluster(port, 3).await;
    let mut calls = Vec::new();
    for i in 0..60 {
        let r = get(
            &c.replicas[i % 3].url,
            "/unified/procurement/suppliers?limit=1",
        );
        calls.push(tokio::spawn(async move {
            r.send().await.map(|r| r.status().as_u16())
        }));
    }
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), 200);
    }
    let grants = c.sandbox.control().counters().token_grants;
    assert_eq!(
        grants.get("sandbox-client"),
        Some(&1),
        "one token for every replica: {grants:?}"
    );
}

#[tokio::test]
async fn a_429_on_one_replica_is_remaining_zero_on_all() {
    let port = free_port();
    let Some(_redis) = redis_server(port) else {
        return;
    };
    let c = cluster(port, 3).await;
    for r in &c.replicas {
        assert_eq!(
            get(&r.url, "/unified/procurement/suppliers?limit=1")
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
    }
    c.sandbox.control().push_fault(Fault::TooMany {
        body: "Slow down".into(),
        retry_after: Some(5),
        content_type: "text/plain".into(),
    });
    let r = get(&c.replicas[0].url, "/unified/procurement/suppliers?limit=1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    for other in &c.replicas[1..] {
        let r = get(&other.url, "/proxy/api/suppliers?limit=1")
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.headers()["ratelimit-remaining"],
            "0",
            "replica {}",
            other.url
        );
        assert!(r.headers()["ratelimit"].to_str().unwrap().contains("r=0"));
    }
}

#[tokio::test]
async fn one_idempotency_key_raced_on_two_replicas_creates_one_record() {
    let port = free_port();
    let Some(_redis) = redis_server(port) else {
        return;
    };
    let c = cluster(port, 2).await;
    let before = c.sandbox.control().ids("suppliers").len();
    let body = json!({"name": "Replicated Supplier", "number": "RS-1"});
    let mut calls = Vec::new();
    for r in &c.replicas {
        let req = reqwest::Client::new()
            .post(format!("{}/unified/procurement/suppliers", r.url))
            .bearer_auth(KEY)
            .header("x-tenant-id", "shared")
            .header("idempotency-key", "raced-key")
            .json(&body);
        calls.push(tokio::spawn(async move {
            let r = req.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }));
    }
    let mut answers = Vec::new();
    for call in calls {
        answers.push(call.await.unwrap());
    }
    assert_eq!(answers[0].0, 201, "{answers:?}");
    assert_eq!(answers[0], answers[1]);
    assert_eq!(c.sandbox.control().ids("suppliers").len(), before + 1);
}

#[tokio::test]
async fn killing_redis_loses_no_request() {
    let port = free_port();
    let Some(redis) = redis_server(port) else {
        return;
    };
    let c = cluster(port, 2).await;
    let mut ok = 0;
    let mut redis = Some(redis);
    for i in 0..40 {
        if i == 10 {
            drop(redis.take());
        }
        let r = get(
            &c.replicas[i % 2].url,
            "/unified/procurement/suppliers?limit=1",
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 200, "request {i}");
        ok += 1;
    }
    assert_eq!(ok, 40);
    let ready: Value = reqwest::get(format!("{}/readyz", c.replicas[0].url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["checks"]["state"]["reachable"], false, "{ready}");
    // Redis back on the same port: the replicas use it again.
    let _again = redis_server(port).unwrap();
    let mut back = false;
    for _ in 0..60 {
        let ready: Value = reqwest::get(format!("{}/readyz", c.replicas[0].url))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if ready["checks"]["state"]["reachable"] == true {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(back, "the replica reconnected to Redis");
    let r = get(&c.replicas[1].url, "/unified/procurement/suppliers?limit=1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}
