//! Gateway core over real HTTP: callers, tokens, the upstream client, /proxy, rate-limit
//! headers, errors and request ids.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::post;
use serde_json::Value;
use simulators::coupa::{Client, Fault};

use crate::common::*;

const PO_LIST: &str = "/unified/procurement/purchase_orders?limit=2";

/// Deliveries seen: (signature header, body).
type Deliveries = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// A webhook receiver on loopback that records what it is sent.
struct Receiver {
    url: String,
    got: Deliveries,
}

async fn receiver() -> Receiver {
    let got: Deliveries = Arc::default();
    let sink = got.clone();
    let app = axum::Router::new().route(
        "/events",
        post(
            move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                let sink = sink.clone();
                async move {
                    let sig = headers
                        .get("x-procura-signature")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_string();
                    sink.lock().unwrap().push((sig, body.to_vec()));
                    "ok"
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    Receiver {
        url: format!("http://{addr}/events"),
        got,
    }
}

async fn wait_for<F: Fn() -> bool>(what: &str, f: F) {
    for _ in 0..200 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn thirty_concurrent_first_requests_mint_one_token() {
    let env = Setup {
        token_min_age: Duration::from_millis(500),
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let mut calls = Vec::new();
    for _ in 0..30 {
        let r = env.get("acme", PO_LIST);
        calls.push(tokio::spawn(async move {
            r.send().await.unwrap().status().as_u16()
        }));
    }
    for c in calls {
        assert_eq!(c.await.unwrap(), 200);
    }
    let counters = env.control().counters();
    assert_eq!(counters.token_grants.get("sandbox-client"), Some(&1));
    // Nobody was shown Coupa's refusal of a young token: one upstream call per request.
    assert_eq!(counters.requests.get("/api/purchase_orders"), Some(&30));
}

#[tokio::test]
async fn a_revoked_token_is_replaced_transparently() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    assert_eq!(env.get("acme", PO_LIST).send().await.unwrap().status(), 200);
    env.control().revoke_tokens();
    let r = env.get("acme", PO_LIST).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        env.control().counters().token_grants.get("sandbox-client"),
        Some(&2)
    );
}

#[tokio::test]
async fn a_wrong_secret_is_one_signed_webhook_and_needs_reauth() {
    let hook = receiver().await;
    let env = Setup {
        webhook: Some(hook.url.clone()),
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme").secret("wrong-secret"))
    .start()
    .await;
    for _ in 0..5 {
        let r = env.get("acme", PO_LIST).send().await.unwrap();
        assert_eq!(r.status(), 502);
        assert_eq!(
            r.headers()["content-type"].to_str().unwrap(),
            "application/problem+json"
        );
        let p: Value = r.json().await.unwrap();
        assert!(
            p["type"]
                .as_str()
                .unwrap()
                .ends_with("authentication_error"),
            "{p}"
        );
        assert!(!p.to_string().contains("wrong-secret"));
    }
    wait_for("the webhook", || !hook.got.lock().unwrap().is_empty()).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got = hook.got.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "one webhook per failure episode");
    let (sig, body) = &got[0];
    let expected =
        gateway::events::signature(&gateway::config::Secret::new("webhook-secret"), body);
    assert_eq!(sig, &expected);
    let event: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(event["event"], "integrated_account:authentication_error");
    assert_eq!(event["tenant_id"], "acme");
    assert!(event["at"].is_string() && event["detail"].is_string());
    assert!(!String::from_utf8_lossy(body).contains("wrong-secret"));

    let admin = env.admin("/admin/tenants/acme").await;
    assert_eq!(admin["auth"]["state"], "needs_reauth", "{admin}");
    assert!(!admin.to_string().contains("wrong-secret"));
}

#[tokio::test]
async fn recovery_ends_the_episode_and_a_new_failure_starts_another() {
    let hook = receiver().await;
    let env = Setup {
        webhook: Some(hook.url.clone()),
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme").client("late-client", "late-secret"))
    .start()
    .await;
    assert_eq!(env.get("acme", PO_LIST).send().await.unwrap().status(), 502);
    env.control().add_client(Client {
        id: "late-client".into(),
        secret: "late-secret".into(),
        scopes: None,
    });
    let mut ok = false;
    for _ in 0..100 {
        if env.get("acme", PO_LIST).send().await.unwrap().status() == 200 {
            ok = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ok, "the tenant recovered once the client existed");
    env.control().remove_client("late-client");
    env.control().revoke_tokens();
    assert_eq!(env.get("acme", PO_LIST).send().await.unwrap().status(), 502);
    wait_for("a second webhook", || hook.got.lock().unwrap().len() >= 2).await;
    assert_eq!(hook.got.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn refused_scopes_are_dropped_and_the_grant_retried() {
    let env = Setup {
        extra_clients: vec![Client {
            id: "narrow".into(),
            secret: "narrow-secret".into(),
            scopes: Some(vec![
                "core.common.read".into(),
                "core.purchase_order.read".into(),
            ]),
        }],
        ..Setup::default()
    }
    .tenant(
        TenantSetup::new("acme")
            .client("narrow", "narrow-secret")
            .scopes(&[
                "core.common.read",
                "core.purchase_order.read",
                "core.invoice.write",
            ]),
    )
    .start()
    .await;
    assert_eq!(env.get("acme", PO_LIST).send().await.unwrap().status(), 200);
    let admin = env.admin("/admin/tenants/acme").await;
    assert_eq!(
        admin["auth"]["refused_scopes"],
        serde_json::json!(["core.invoice.write"])
    );
    assert_eq!(admin["auth"]["state"], "ok");
}

#[tokio::test]
async fn xml_only_coupa_still_yields_json() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let (_, json_page) = env
        .get_json("acme", "/unified/procurement/purchase_orders?limit=3")
        .await;
    for _ in 0..3 {
        env.control().push_fault(Fault::XmlAnyway);
    }
    let (status, xml_page) = env
        .get_json("acme", "/unified/procurement/purchase_orders?limit=3")
        .await;
    assert_eq!(status, 200, "{xml_page}");
    assert_eq!(xml_page["result"], json_page["result"]);
    // An empty query answered in XML is Coupa's 404 document: an empty list for us.
    env.control().push_fault(Fault::XmlAnyway);
    let (status, empty) = env
        .get_json(
            "acme",
            "/unified/procurement/purchase_orders?number=NO-SUCH-PO",
        )
        .await;
    assert_eq!(status, 200, "{empty}");
    assert_eq!(empty["result"], serde_json::json!([]));
}

fn assert_rate_headers(h: &reqwest::header::HeaderMap) {
    use sfv::{BareItem, ListEntry, Parser};
    let n = |name: &str| h[name].to_str().unwrap().parse::<i64>().unwrap();
    let (limit, remaining, reset) = (
        n("ratelimit-limit"),
        n("ratelimit-remaining"),
        n("ratelimit-reset"),
    );
    // Both Structured Fields parse, name the "coupa" policy and agree with the three fields.
    let item = |name: &str| -> (String, Vec<(String, i64)>) {
        let list = Parser::parse_list(h[name].as_bytes()).expect("a Structured Field list");
        assert_eq!(list.len(), 1, "{name}");
        let ListEntry::Item(item) = &list[0] else {
            panic!("{name}: not an item")
        };
        let BareItem::String(policy) = &item.bare_item else {
            panic!("{name}: not a string")
        };
        let params = item
            .params
            .iter()
            .map(|(k, v)| (k.clone(), v.as_int().expect("integer parameter")))
            .collect();
        (policy.clone(), params)
    };
    let (name, params) = item("ratelimit-policy");
    assert_eq!(name, "coupa");
    assert_eq!(
        params,
        vec![("q".to_string(), limit), ("w".to_string(), params[1].1)]
    );
    let (name, params) = item("ratelimit");
    assert_eq!(name, "coupa");
    assert_eq!(
        params,
        vec![("r".to_string(), remaining), ("t".to_string(), reset)]
    );
}

#[tokio::test]
async fn an_injected_429_reaches_the_caller_byte_for_byte() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme").rate_limit(25, 1))
        .start()
        .await;
    assert_eq!(env.get("acme", PO_LIST).send().await.unwrap().status(), 200);
    env.control().push_fault(Fault::TooMany {
        body: "Slow down".into(),
        retry_after: None,
        content_type: "text/plain".into(),
    });
    let r = env.get("acme", PO_LIST).send().await.unwrap();
    assert_eq!(r.status(), 429);
    let h = r.headers().clone();
    assert_eq!(h["content-type"], "text/plain");
    assert_rate_headers(&h);
    assert_eq!(h["ratelimit-remaining"], "0");
    let retry: u64 = h["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=1).contains(&retry), "{retry}");
    assert!(h["ratelimit"].to_str().unwrap().contains("r=0"));
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"Slow down");

    // Coupa's own Retry-After is kept.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    env.control().push_fault(Fault::TooMany {
        body: "<html>busy</html>".into(),
        retry_after: Some(7),
        content_type: "text/html".into(),
    });
    let r = env
        .get("acme", "/proxy/api/invoices?limit=1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "7");
    assert_eq!(r.headers()["ratelimit-reset"], "7");
    assert_eq!(r.headers()["content-type"], "text/html");
    assert_eq!(r.text().await.unwrap(), "<html>busy</html>");
}

#[tokio::test]
async fn rate_headers_on_every_tenant_response() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme").rate_limit(25, 1))
        .start()
        .await;
    for path in [
        PO_LIST,
        "/unified/procurement/purchase_orders/999999999",
        "/unified/procurement/purchase_orders?limit=0",
        "/proxy/api/suppliers?limit=1",
    ] {
        let r = env.get("acme", path).send().await.unwrap();
        assert_rate_headers(r.headers());
        let policy = r.headers()["ratelimit-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert_eq!(policy, "\"coupa\";q=25;w=1");
    }
}

#[tokio::test]
async fn learned_budget_after_a_429() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let r = env.get("acme", PO_LIST).send().await.unwrap();
    assert!(
        r.headers().get("ratelimit-limit").is_none(),
        "no budget known yet"
    );
    env.control().push_fault(Fault::TooMany {
        body: "Rate limit exceeded".into(),
        retry_after: None,
        content_type: "text/plain".into(),
    });
    let r = env.get("acme", PO_LIST).send().await.unwrap();
    assert_eq!(r.status(), 429);
    assert_rate_headers(r.headers());
    assert_eq!(r.headers()["ratelimit-remaining"], "0");
}

#[tokio::test]
async fn proxy_passes_coupa_answers_byte_for_byte() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let path = "/api/purchase_orders?limit=2&order_by=id";
    let via = env
        .get("acme", &format!("/proxy{path}"))
        .header("accept", "application/xml")
        .send()
        .await
        .unwrap();
    assert_eq!(via.status(), 200);
    assert!(
        via.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("xml")
    );
    let via = via.bytes().await.unwrap();
    // The same call straight to the sandbox, with a token of our own.
    let token: Value = env
        .http
        .post(format!("{}/oauth2/token", env.sandbox.base_url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "sandbox-client"),
            ("client_secret", "sandbox-secret"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(250)).await;
    let direct = env
        .http
        .get(format!("{}{path}", env.sandbox.base_url()))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .header("accept", "application/xml")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(via, direct);
    assert!(via.starts_with(b"<?xml"));
}

#[tokio::test]
async fn proxy_refuses_every_escape_and_sends_nothing() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    assert_eq!(env.get("acme", PO_LIST).send().await.unwrap().status(), 200);
    let before = env.control().counters();
    let cases: &[(&str, u16)] = &[
        ("/proxy//evil.example/api/invoices", 400),
        ("/proxy/api/../oauth2/token", 400),
        ("/proxy/api/%2e%2e/oauth2/token", 400),
        ("/proxy/api/%2E%2E/%2E%2E/x", 400),
        ("/proxy/api/invoices%2f..%2f..%2foauth2", 400),
        ("/proxy/api\\..\\oauth2/token", 400),
        ("/proxy/api/invoices%5c..%5coauth2", 400),
        ("/proxy/api/invoices%00", 400),
        ("/proxy/api/@evil.example", 400),
        ("/proxy/api/invoices%40evil.example", 400),
        ("/proxy/http://evil.example/api/invoices", 400),
        ("/proxy/api//invoices", 400),
        ("/proxy/api/./invoices", 400),
        ("/proxy/api/%252e%252e/oauth2", 400),
        ("/proxy/oauth2/token", 403),
        ("/proxy/__sandbox/counters", 403),
        ("/proxy/apix/invoices", 403),
    ];
    for (path, status) in cases {
        // Send the raw target without client-side normalisation.
        let r = raw_get(&env, path, "acme").await;
        assert_eq!(r, *status, "{path}");
    }
    let after = env.control().counters();
    assert_eq!(
        before.requests.values().sum::<u64>(),
        after.requests.values().sum::<u64>(),
        "nothing reached Coupa"
    );
    assert_eq!(before.token_grants, after.token_grants);
}

/// A GET with the request target exactly as given, over a plain TCP connection.
async fn raw_get(env: &Env, target: &str, tenant: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = env.gateway.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nX-Tenant-Id: {tenant}\r\nConnection: close\r\n\r\n",
        key_of(tenant)
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf);
    text.split_whitespace()
        .nth(1)
        .unwrap_or("0")
        .parse()
        .unwrap_or(0)
}

#[tokio::test]
async fn upstream_failures_are_classified() {
    let env = Setup {
        upstream_timeout_ms: 700,
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    assert_eq!(env.get("acme", PO_LIST).send().await.unwrap().status(), 200);
    let cases = [
        (
            Fault::Status {
                status: 503,
                body: "down".into(),
            },
            502,
            "upstream_error",
        ),
        (Fault::Malformed, 502, "upstream_error"),
        (Fault::Reset, 502, "upstream_error"),
        (Fault::Truncated, 502, "upstream_error"),
        (Fault::Slow(Duration::from_secs(3)), 504, "upstream_timeout"),
    ];
    for (fault, status, kind) in cases {
        let label = format!("{fault:?}");
        env.control().push_fault(fault);
        let r = env.get("acme", PO_LIST).send().await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{label}");
        let p: Value = r.json().await.unwrap();
        assert!(p["type"].as_str().unwrap().ends_with(kind), "{label}: {p}");
        assert!(p["request_id"].is_string());
    }
    let p = env.get_json("acme", PO_LIST).await;
    assert_eq!(p.0, 200, "healthy again");
}

#[tokio::test]
async fn callers_are_authenticated_and_bound_to_their_tenants() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .tenant(TenantSetup::new("globex"))
        .start()
        .await;
    let url = format!("{}{PO_LIST}", env.gateway);
    let no_key = env
        .http
        .get(&url)
        .header("x-tenant-id", "acme")
        .send()
        .await
        .unwrap();
    assert_eq!(no_key.status(), 401);
    assert_eq!(no_key.headers()["www-authenticate"], "Bearer");
    let bad_key = env
        .http
        .get(&url)
        .bearer_auth("nope-nope-nope")
        .header("x-tenant-id", "acme")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_key.status(), 401);
    let other = env
        .http
        .get(&url)
        .bearer_auth(key_of("acme"))
        .header("x-tenant-id", "globex")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 403);
    let by_query = env
        .http
        .get(format!("{url}&tenant_id=acme"))
        .bearer_auth(key_of("acme"))
        .send()
        .await
        .unwrap();
    assert_eq!(by_query.status(), 200);
    let no_tenant = env
        .http
        .get(&url)
        .bearer_auth(key_of("acme"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_tenant.status(), 400);
    let unknown = env
        .http
        .get(&url)
        .bearer_auth(ALL_KEY)
        .header("x-tenant-id", "nobody")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let admin = env
        .http
        .get(format!("{}/admin/tenants", env.gateway))
        .bearer_auth(key_of("acme"))
        .send()
        .await
        .unwrap();
    assert_eq!(admin.status(), 403);
    let admin = env.admin("/admin/tenants").await;
    assert_eq!(admin["tenants"].as_array().unwrap().len(), 2);
    assert!(!admin.to_string().contains("sandbox-secret"));
}

#[tokio::test]
async fn request_ids_are_echoed_or_generated_and_in_problems() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let r = env
        .get("acme", "/unified/procurement/purchase_orders?limit=0")
        .header("x-request-id", "trace-123")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["x-request-id"], "trace-123");
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["request_id"], "trace-123");
    assert_eq!(p["status"], 400);
    assert_eq!(p["parameter"], "limit");
    let r = env
        .http
        .get(format!("{}/healthz", env.gateway))
        .send()
        .await
        .unwrap();
    assert!(!r.headers()["x-request-id"].is_empty());
    let r = env
        .http
        .get(format!("{}/no/such/route", env.gateway))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let r = env
        .http
        .delete(format!("{}/healthz", env.gateway))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn a_panic_is_a_500_problem() {
    use tower::ServiceExt;
    let app = gateway::http::with_edge(
        axum::Router::new().route(
            "/boom",
            axum::routing::get(|| async {
                if std::hint::black_box(true) {
                    panic!("boom");
                }
                "unreachable"
            }),
        ),
        Duration::from_secs(5),
    );
    let resp = app
        .oneshot(
            axum::http::Request::get("/boom")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(resp.status(), 500);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    let body = axum::body::to_bytes(resp.into_body(), 10_000)
        .await
        .unwrap();
    let p: Value = serde_json::from_slice(&body).unwrap();
    assert!(p["type"].as_str().unwrap().ends_with("internal_error"));
    assert!(p["request_id"].as_str().is_some_and(|s| !s.is_empty()));
}

#[tokio::test]
async fn health_and_readiness() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    for path in ["/healthz", "/readyz"] {
        let r = env
            .http
            .get(format!("{}{path}", env.gateway))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn tokens_are_prewarmed_and_renewed_before_expiry() {
    // Coupa's 24 h life scaled down: a 3 s token is renewed at 2.5 s.
    let env = Setup {
        token_min_age: Duration::from_millis(200),
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start_with(|cfg| cfg.token_ttl = Duration::from_secs(3))
    .await;
    wait_for("the pre-warm grant", || {
        env.control().counters().token_grants.get("sandbox-client") == Some(&1)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(3200)).await;
    let grants = env
        .control()
        .counters()
        .token_grants
        .get("sandbox-client")
        .copied();
    assert_eq!(
        grants,
        Some(2),
        "renewed once, ahead of expiry, without any request"
    );
    assert_eq!(env.get("acme", PO_LIST).send().await.unwrap().status(), 200);
    let admin = env.admin("/admin/tenants/acme").await;
    assert_eq!(admin["auth"]["state"], "ok");
    assert_eq!(admin["auth"]["grants"], 2);
}

#[tokio::test]
async fn a_webhook_is_retried_until_the_receiver_is_up() {
    // The receiver's port is known but nothing listens yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let env = Setup {
        webhook: Some(format!("http://127.0.0.1:{port}/events")),
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme").secret("wrong-secret"))
    .start()
    .await;
    assert_eq!(env.get("acme", PO_LIST).send().await.unwrap().status(), 502);
    tokio::time::sleep(Duration::from_millis(800)).await;
    let got: Deliveries = Arc::default();
    let sink = got.clone();
    let app = axum::Router::new().route(
        "/events",
        post(move |body: axum::body::Bytes| {
            let sink = sink.clone();
            async move {
                sink.lock().unwrap().push((String::new(), body.to_vec()));
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    wait_for("the retried webhook", || !got.lock().unwrap().is_empty()).await;
    let event: Value = serde_json::from_slice(&got.lock().unwrap()[0].1).unwrap();
    assert_eq!(event["event"], "integrated_account:authentication_error");
}
