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

use crate::common::strict;
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
            .mappings("base_dir", crate::common::shipped_mappings())
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

/// Every value Redis holds, as text, by key.
async fn redis_values(port: u16) -> Vec<(String, String)> {
    let client = redis::Client::open(format!("redis://127.0.0.1:{port}/0")).unwrap();
    let mut c = client.get_multiplexed_async_connection().await.unwrap();
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg("*")
        .query_async(&mut c)
        .await
        .unwrap();
    let mut out = Vec::new();
    for key in keys {
        let kind: String = redis::cmd("TYPE")
            .arg(&key)
            .query_async(&mut c)
            .await
            .unwrap();
        let values: Vec<Vec<u8>> = match kind.as_str() {
            "string" => vec![
                redis::cmd("GET")
                    .arg(&key)
                    .query_async(&mut c)
                    .await
                    .unwrap(),
            ],
            "hash" => redis::cmd("HGETALL")
                .arg(&key)
                .query_async(&mut c)
                .await
                .unwrap(),
            "list" => redis::cmd("LRANGE")
                .arg(&key)
                .arg(0)
                .arg(-1)
                .query_async(&mut c)
                .await
                .unwrap(),
            "set" => redis::cmd("SMEMBERS")
                .arg(&key)
                .query_async(&mut c)
                .await
                .unwrap(),
            "zset" => redis::cmd("ZRANGE")
                .arg(&key)
                .arg(0)
                .arg(-1)
                .query_async(&mut c)
                .await
                .unwrap(),
            other => panic!("{key}: unexpected type {other}"),
        };
        for v in values {
            out.push((key.clone(), String::from_utf8_lossy(&v).into_owned()));
        }
    }
    out
}

/// The texts a stored value may hide a secret in: itself, and every string in it (JSON
/// all the way down) decoded from base64 where it decodes.
fn readable_forms(value: &str) -> Vec<String> {
    fn strings(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
            Value::Object(m) => m.values().for_each(|i| strings(i, out)),
            _ => {}
        }
    }
    let mut texts = vec![value.to_string()];
    if let Ok(json) = serde_json::from_str::<Value>(value) {
        strings(&json, &mut texts);
    }
    let mut out = texts.clone();
    for t in texts {
        if let Ok(bytes) = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &t) {
            out.push(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    out
}

/// With Redis as the shared store, the Coupa token and the responses kept for
/// idempotency replays are encrypted at rest: no key of Redis holds them readable, in
/// plain text or base64, and a replay still answers with the first response.
#[tokio::test]
async fn tokens_and_idempotency_records_are_encrypted_in_redis() {
    let port = free_port();
    let Some(_redis) = redis_server(port) else {
        return;
    };
    let env = crate::common::Setup {
        state: Some((format!("redis://127.0.0.1:{port}/0"), ENC.to_string())),
        ..crate::common::Setup::default()
    }
    .tenant(crate::common::TenantSetup::new("acme"))
    .start()
    .await;
    let (status, _) = env
        .get_json("acme", "/unified/procurement/suppliers?limit=1")
        .await;
    assert_eq!(status, 200);
    let sentinel = "Sentinel Supplier Plaintext 7731";
    let post = || {
        env.req(
            reqwest::Method::POST,
            "acme",
            "/unified/procurement/suppliers",
        )
        .header("idempotency-key", "encrypted-at-rest-1")
        .json(&json!({"name": sentinel, "website": "https://sentinel.example"}))
    };
    let first = post().send().await.unwrap();
    assert_eq!(first.status(), 201);
    let first_body = first.text().await.unwrap();
    assert!(first_body.contains(sentinel));
    let tokens = env.control().issued_tokens();
    assert!(!tokens.is_empty(), "a token was minted");
    let stored = redis_values(port).await;
    let keys: Vec<&str> = stored.iter().map(|(k, _)| k.as_str()).collect();
    assert!(
        keys.iter().any(|k| k.ends_with(":token")),
        "the token is shared through Redis: {keys:?}"
    );
    assert!(
        keys.iter().any(|k| k.contains(":idem:")),
        "the idempotency record is in Redis: {keys:?}"
    );
    for (key, value) in &stored {
        for text in readable_forms(value) {
            assert!(
                !text.contains(sentinel) && !text.contains("sentinel.example"),
                "{key} holds the kept response readable: {text}"
            );
            for token in &tokens {
                assert!(
                    !text.contains(token.as_str()),
                    "{key} holds the token readable"
                );
            }
        }
    }
    let replay = post().send().await.unwrap();
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(
        replay.text().await.unwrap(),
        first_body,
        "replayed from Redis"
    );
}
