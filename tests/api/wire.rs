//! The wire, hardened: no body is held without a bound (upstream answers, idempotency
//! records, slow request bodies), and `/proxy` forwards only what it declares. Every
//! check is an answer or a counter of our own structures, never a clock or the RSS
//! (`bench/wire-memory` measures RSS for `RELIABILITY.md`).

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::Request;
use axum::routing::{any, post};
use bytes::Bytes;
use futures::StreamExt;
use serde_json::{Value, json};
use simulators::coupa::Fault;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use crate::common::*;

const MIB: u64 = 1024 * 1024;
const SUPPLIERS: &str = "/unified/procurement/suppliers";

fn host(env: &Env) -> String {
    env.gateway.trim_start_matches("http://").to_string()
}

/// One raw HTTP/1.1 exchange: `bytes` sent on a fresh connection, everything read until
/// the server closes. The status (0 when it closed without one), the lowercased head,
/// and the body.
async fn raw(env: &Env, bytes: &[u8]) -> (u16, String, String) {
    let mut s = TcpStream::connect(host(env)).await.unwrap();
    let _ = s.write_all(bytes).await;
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    split_answer(&out)
}

fn split_answer(out: &[u8]) -> (u16, String, String) {
    let text = String::from_utf8_lossy(out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .strip_prefix("HTTP/1.1 ")
        .and_then(|t| t.get(..3))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_string())
}

/// A request head for `acme` with its key; `extra` ends with `\r\n` when not empty.
fn head(method: &str, target: &str, extra: &str) -> String {
    format!(
        "{method} {target} HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer {}\r\n\
         x-tenant-id: acme\r\nconnection: close\r\n{extra}\r\n",
        key_of("acme")
    )
}

/// Asserts a problem+json answer with `status`; returns its body.
fn problem(what: &str, status: u16, head: &str, body: &str, expected: u16) -> Value {
    assert_eq!(status, expected, "{what}: {head}\n{body}");
    assert!(
        head.contains("content-type: application/problem+json"),
        "{what}: not problem+json: {head}"
    );
    let v: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("{what}: {body}"));
    assert_eq!(v["status"], expected, "{what}: {v}");
    v
}

/// Requests the sandbox's `/api/` received, all paths together.
fn upstream_calls(env: &Env) -> u64 {
    env.control().counters().requests.values().sum()
}

// ---- 1. upstream bodies -----------------------------------------------------------

async fn capped() -> Env {
    Setup {
        server: vec![("max_upstream_body_bytes", 1048576)],
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await
}

async fn problem_of(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let ct = r.headers()["content-type"].to_str().unwrap().to_string();
    assert_eq!(ct, "application/problem+json");
    (status, r.json().await.unwrap())
}

fn names_the_cap(v: &Value) {
    assert_eq!(
        v["type"], "https://procura.dev/problems/upstream_too_large",
        "{v}"
    );
    assert_eq!(v["limit_bytes"], 1_048_576, "{v}");
    let detail = v["detail"].as_str().unwrap();
    assert!(
        detail.contains("1048576") && detail.contains("server.max_upstream_body_bytes"),
        "{detail}"
    );
}

/// A unified call refuses an upstream answer above `max_upstream_body_bytes` with a 502
/// naming the cap: at once when the declared length is beyond it, and as soon as the
/// count passes it for a chunked answer. Both answers stall after sending more than the
/// cap, so a gateway that waited for the whole body would answer 504 instead.
#[tokio::test]
async fn a_unified_call_refuses_an_upstream_answer_above_the_cap() {
    let env = capped().await;
    let (s, page) = env
        .get_json("acme", "/unified/procurement/purchase_orders?limit=2")
        .await;
    assert_eq!(s, 200, "an ordinary page is under the cap: {page}");
    let id = page["result"][0]["id"].as_str().unwrap().to_string();

    // 400 MB declared: refused on the head, before any of it is read.
    env.control().push_fault(Fault::Flood {
        bytes: 400_000_000,
        chunked: false,
        stall_after: Some(64 * 1024),
    });
    let r = env
        .get("acme", "/unified/procurement/purchase_orders?limit=2")
        .send()
        .await
        .unwrap();
    let (s, v) = problem_of(r).await;
    assert_eq!(s, 502, "{v}");
    names_the_cap(&v);
    assert!(v["detail"].as_str().unwrap().contains("400000000"), "{v}");

    // Chunked, no length declared: counted chunk by chunk, dropped past the cap.
    env.control().push_fault(Fault::Flood {
        bytes: 400_000_000,
        chunked: true,
        stall_after: Some(2 * MIB),
    });
    let r = env
        .get(
            "acme",
            &format!("/unified/procurement/purchase_orders/{id}"),
        )
        .send()
        .await
        .unwrap();
    let (s, v) = problem_of(r).await;
    assert_eq!(s, 502, "{v}");
    names_the_cap(&v);

    // A write's answer too: the write went through, so its idempotency key keeps the 502.
    let body = json!({"name": "Flooded Supplier"});
    let before = env.control().ids("suppliers").len();
    env.control().push_fault(Fault::Flood {
        bytes: 3 * MIB,
        chunked: true,
        stall_after: None,
    });
    let mut answers = Vec::new();
    for _ in 0..2 {
        let r = env
            .req(reqwest::Method::POST, "acme", SUPPLIERS)
            .header("idempotency-key", "flooded-1")
            .json(&body)
            .send()
            .await
            .unwrap();
        let (s, v) = problem_of(r).await;
        assert_eq!(s, 502, "{v}");
        names_the_cap(&v);
        answers.push(v);
    }
    // The sandbox answered the flood instead of creating: no record, and one call only.
    assert_eq!(env.control().ids("suppliers").len(), before);
    assert_eq!(
        env.control().counters().faults.get("flood").copied(),
        Some(3),
        "the second write was replayed, not sent"
    );
    assert_eq!(answers[0]["detail"], answers[1]["detail"]);

    // Still serving.
    let (s, _) = env
        .get_json("acme", "/unified/procurement/purchase_orders?limit=2")
        .await;
    assert_eq!(s, 200);
}

/// `/proxy` streams answers through as they arrive: a body the upstream stops sending
/// half-way still reaches the caller up to that point (a gateway that held the answer
/// whole would wait for the end and answer 504), and an answer far above
/// `max_upstream_body_bytes` passes whole.
#[tokio::test]
async fn proxy_streams_upstream_answers_through() {
    let env = capped().await;
    env.control().push_fault(Fault::Flood {
        bytes: 400_000_000,
        chunked: true,
        stall_after: Some(MIB),
    });
    let r = env
        .get("acme", "/proxy/api/purchase_orders?limit=1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let mut body = r.bytes_stream();
    let mut got = 0u64;
    while got < MIB {
        let chunk = body.next().await.expect("the stream goes on").unwrap();
        if got == 0 {
            assert_eq!(chunk[0], b'[');
        }
        got += chunk.len() as u64;
    }
    assert_eq!(got, MIB, "everything the upstream sent, and nothing else");
    drop(body);

    // Eight times the unified cap, declared: passed through whole, length and all.
    env.control().push_fault(Fault::Flood {
        bytes: 8 * MIB,
        chunked: false,
        stall_after: None,
    });
    let r = env
        .get("acme", "/proxy/api/purchase_orders?limit=1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.content_length(), Some(8 * MIB));
    let mut body = r.bytes_stream();
    let (mut got, mut last) = (0u64, 0u8);
    while let Some(chunk) = body.next().await {
        let chunk = chunk.unwrap();
        got += chunk.len() as u64;
        last = *chunk.last().unwrap_or(&last);
    }
    assert_eq!((got, last), (8 * MIB, b']'));
}

/// A `/proxy` answer that declares a short length is read whole before it is passed on:
/// one the upstream stops sending half-way is a 504 problem at the upstream timeout, not
/// a 200 whose body breaks off, and the next one arrives whole, its length as declared.
#[tokio::test]
async fn a_short_proxied_answer_cut_short_is_a_problem() {
    let env = Setup {
        upstream_timeout_ms: 1000,
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let path = "/proxy/api/purchase_orders?limit=2";
    env.control().push_fault(Fault::Flood {
        bytes: 4000,
        chunked: false,
        stall_after: Some(1000),
    });
    let r = env.get("acme", path).send().await.unwrap();
    let (s, v) = problem_of(r).await;
    assert_eq!(s, 504, "{v}");
    let r = env.get("acme", path).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let declared = r.content_length();
    let body = r.bytes().await.unwrap();
    assert_eq!(declared, Some(body.len() as u64));
    assert!(body.len() > 1000);
}

/// A caller that stops reading a streamed `/proxy` answer cannot pin the tenant's
/// upstream slot: the call (body included) ends at the upstream timeout, the slot goes
/// back, and the cut answer ends in an error, not a clean end.
#[tokio::test]
async fn a_caller_that_stops_reading_a_proxied_answer_frees_the_upstream_slot() {
    let env = Setup {
        server: vec![
            ("max_upstream_concurrency", 1),
            ("request_timeout_ms", 20000),
        ],
        upstream_timeout_ms: 2000,
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let list = "/unified/procurement/purchase_orders?limit=2";
    assert_eq!(env.get("acme", list).send().await.unwrap().status(), 200);
    env.control().push_fault(Fault::Flood {
        bytes: 400_000_000,
        chunked: true,
        stall_after: None,
    });
    let mut stalled = TcpStream::connect(host(&env)).await.unwrap();
    stalled
        .write_all(head("GET", "/proxy/api/purchase_orders", "").as_bytes())
        .await
        .unwrap();
    let mut first = [0u8; 12];
    stalled.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    // The caller reads nothing more; the one upstream slot is needed by a list.
    let r = env.get("acme", list).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let mut rest = Vec::new();
    let _ = stalled.read_to_end(&mut rest).await;
    assert!(
        !rest.ends_with(b"\r\n0\r\n\r\n"),
        "the cut answer looks complete"
    );
    assert!(rest.len() < 400_000_000);
}

/// A Coupa stand-in that tells when a request's head arrives, then reads its body and
/// answers with the number of bytes it got.
async fn upload_counter() -> (String, mpsc::UnboundedReceiver<&'static str>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = axum::Router::new()
        .route(
            "/oauth2/token",
            post(|| async {
                axum::Json(json!({"access_token": "upload-token", "token_type": "bearer", "expires_in": 86399}))
            }),
        )
        .route(
            "/api/{*rest}",
            any(move |req: Request| {
                let tx = tx.clone();
                async move {
                    let _ = tx.send("head");
                    let mut n = 0usize;
                    let mut frames = req.into_body().into_data_stream();
                    while let Some(Ok(chunk)) = frames.next().await {
                        n += chunk.len();
                    }
                    let _ = tx.send("end");
                    axum::Json(json!({"received": n}))
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, rx)
}

/// `/proxy` streams request bodies upstream as they arrive: the upstream sees the
/// request while the caller is still sending (a gateway that collected the body first
/// would hold it until the request deadline). Bodies within the limit arrive whole; one
/// that grows past it is cut off with 413.
#[tokio::test]
async fn proxy_streams_request_bodies_within_the_limit() {
    let (upstream, mut events) = upload_counter().await;
    let env = Setup {
        server: vec![("body_limit_bytes", 65536), ("request_timeout_ms", 4000)],
        token_min_age: Duration::ZERO,
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme").base_url(&upstream))
    .start()
    .await;

    // One chunk, then nothing more until the upstream has seen the request.
    let (more_tx, more_rx) = tokio::sync::oneshot::channel::<()>();
    let body = futures::stream::once(async { Ok::<_, Infallible>(Bytes::from(vec![b'a'; 1000])) })
        .chain(futures::stream::once(async move {
            let _ = more_rx.await;
            Ok(Bytes::from(vec![b'b'; 2000]))
        }));
    let mut call = tokio::spawn(
        env.req(reqwest::Method::POST, "acme", "/proxy/api/uploads")
            .header("content-type", "application/octet-stream")
            .body(reqwest::Body::wrap_stream(body))
            .send(),
    );
    let first = tokio::select! {
        e = events.recv() => e,
        r = &mut call => panic!(
            "the caller was answered before the upstream saw the request: {:?}",
            r.unwrap().map(|r| r.status())
        ),
    };
    assert_eq!(first, Some("head"), "the upstream saw the request mid-body");
    more_tx.send(()).unwrap();
    assert_eq!(events.recv().await, Some("end"));
    let r = call.await.unwrap().unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["received"], 3000);
}

/// (The second half of the request-body checks, kept apart so the first stays simple.)
#[tokio::test]
async fn proxy_request_bodies_over_the_limit_are_413() {
    let (upstream, _events) = upload_counter().await;
    let env = Setup {
        server: vec![("body_limit_bytes", 65536)],
        token_min_age: Duration::ZERO,
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme").base_url(&upstream))
    .start()
    .await;
    // Within the limit, chunked: arrives whole.
    let chunks: Vec<Result<Bytes, Infallible>> =
        (0..16).map(|_| Ok(Bytes::from(vec![b'x'; 4000]))).collect();
    let r = env
        .req(reqwest::Method::POST, "acme", "/proxy/api/uploads")
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["received"], 64_000);
    // Past the limit, chunked (no length to refuse up front): cut off with 413.
    let chunks: Vec<Result<Bytes, Infallible>> =
        (0..40).map(|_| Ok(Bytes::from(vec![b'x'; 4000]))).collect();
    let r = env
        .req(reqwest::Method::POST, "acme", "/proxy/api/uploads")
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    let (s, v) = problem_of(r).await;
    assert_eq!(s, 413, "{v}");
    // Declared past the limit: refused before any of it is read.
    let (s, h, b) = raw(
        &env,
        format!(
            "{}{}",
            head("POST", "/proxy/api/uploads", "content-length: 10000000\r\n"),
            "x".repeat(100)
        )
        .as_bytes(),
    )
    .await;
    problem("a declared body over the limit", s, &h, &b, 413);
}

// ---- 2. idempotency records -----------------------------------------------------------

fn post_supplier(env: &Env, key: &str, body: &Value) -> reqwest::RequestBuilder {
    env.req(reqwest::Method::POST, "acme", SUPPLIERS)
        .header("idempotency-key", key)
        .json(body)
}

/// Requests refused before they reach Coupa leave nothing in the idempotency store,
/// whatever key they carry: bad bodies, unknown fields, a body over the limit, a wrong
/// content type, a resource that cannot be written, a bad or missing API key. A write
/// that reaches Coupa is stored once and replayed.
#[tokio::test]
async fn rejected_writes_leave_no_idempotency_record() {
    let env = Setup {
        server: vec![("body_limit_bytes", 65536)],
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let calls_before = upstream_calls(&env);
    let big = json!({"name": "x".repeat(70_000)});
    for i in 0..50 {
        for key in [format!("k-{i}"), "the-same-key".to_string()] {
            let unknown = post_supplier(&env, &key, &json!({"name": "A", "nope": i}));
            assert_eq!(unknown.send().await.unwrap().status(), 422);
            let not_json = env
                .req(reqwest::Method::POST, "acme", SUPPLIERS)
                .header("idempotency-key", &key)
                .header("content-type", "application/json")
                .body("{not json");
            assert_eq!(not_json.send().await.unwrap().status(), 400);
            let too_big = post_supplier(&env, &key, &big);
            assert_eq!(too_big.send().await.unwrap().status(), 413);
            let wrong_type = env
                .req(reqwest::Method::POST, "acme", SUPPLIERS)
                .header("idempotency-key", &key)
                .body("name=A");
            assert_eq!(wrong_type.send().await.unwrap().status(), 415);
            let read_only = env
                .req(
                    reqwest::Method::POST,
                    "acme",
                    "/unified/procurement/departments",
                )
                .header("idempotency-key", &key)
                .json(&json!({"name": "A"}));
            assert_eq!(read_only.send().await.unwrap().status(), 405);
            let bad_key = env
                .http
                .post(format!("{}{SUPPLIERS}", env.gateway))
                .bearer_auth("not-a-key-at-all")
                .header("x-tenant-id", "acme")
                .header("idempotency-key", &key)
                .json(&json!({"name": "A"}));
            assert_eq!(bad_key.send().await.unwrap().status(), 401);
        }
    }
    assert_eq!(
        env.state.idempotency.usage(),
        (0, 0),
        "rejected requests stored nothing"
    );
    assert_eq!(upstream_calls(&env), calls_before, "none reached Coupa");

    // The key a rejected request carried is still free: a valid body with it runs.
    let body = json!({"name": "Kept Supplier", "number": "K-1"});
    let r = post_supplier(&env, "the-same-key", &body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert!(r.headers().get("idempotent-replayed").is_none());
    let first = r.text().await.unwrap();
    let r = post_supplier(&env, "the-same-key", &body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["idempotent-replayed"], "true");
    assert_eq!(r.text().await.unwrap(), first);
    assert_eq!(
        upstream_calls(&env),
        calls_before + 1,
        "one write reached Coupa"
    );
    let (records, bytes) = env.state.idempotency.usage();
    assert_eq!(records, 1);
    assert!(bytes >= first.len() as u64, "{bytes} < {}", first.len());
}

/// The memory store is bounded by bytes: past `idempotency_max_bytes` the oldest records
/// go, so an old key runs again; a response over `idempotency_max_record_bytes` is kept
/// as done without its body, and a replay says so rather than writing twice.
#[tokio::test]
async fn the_idempotency_store_is_bounded_by_bytes() {
    let env = Setup {
        state_extra: "idempotency_max_bytes = 16384\nidempotency_max_record_bytes = 4096".into(),
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let body =
        |i: usize| json!({"name": format!("Bounded Supplier {i}"), "number": format!("B-{i}")});
    let mut one = 0;
    for i in 0..40 {
        let r = post_supplier(&env, &format!("bounded-{i}"), &body(i))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        one = r.bytes().await.unwrap().len();
    }
    let (records, bytes) = env.state.idempotency.usage();
    println!("{records} records kept of 40, {bytes} bytes; one answer is {one} bytes");
    assert!(bytes <= 16384, "{bytes} bytes kept");
    assert!(
        records < 40 && records > 0,
        "{records} records of {one} bytes"
    );
    // The first key was evicted: the same request runs again.
    let before = env.control().ids("suppliers").len();
    let r = post_supplier(&env, "bounded-0", &body(0))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert!(r.headers().get("idempotent-replayed").is_none());
    assert_eq!(env.control().ids("suppliers").len(), before + 1);
    // The last is still there.
    let r = post_supplier(&env, "bounded-39", &body(39))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["idempotent-replayed"], "true");

    // A response over the per-record cap: its caller gets it whole, a replay a 409.
    let huge = json!({"name": "Wide Supplier", "number": "W-1", "website": format!("https://{}.example", "w".repeat(5000))});
    let r = post_supplier(&env, "wide", &huge).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let whole = r.text().await.unwrap();
    assert!(whole.len() > 4096, "{}", whole.len());
    let before = env.control().ids("suppliers").len();
    let r = post_supplier(&env, "wide", &huge).send().await.unwrap();
    assert_eq!(r.headers()["idempotent-replayed"], "true");
    let (s, v) = problem_of(r).await;
    assert_eq!(s, 409, "{v}");
    let detail = v["detail"].as_str().unwrap();
    assert!(
        detail.contains("status 201") && detail.contains("idempotency_max_record_bytes"),
        "{detail}"
    );
    assert_eq!(
        env.control().ids("suppliers").len(),
        before,
        "not written twice"
    );
}

// ---- 3. slow request bodies -----------------------------------------------------------

/// Bodies held in memory share one budget across connections: with room for three
/// bodies at the limit, three slow ones take it all, a fourth body is refused with 503
/// and `Retry-After`, and once the slow ones go the room is back (nothing stays held).
#[tokio::test]
async fn slow_bodies_beyond_the_global_buffer_are_refused_with_503() {
    let env = Setup {
        server: vec![
            ("body_limit_bytes", 65536),
            ("max_buffered_body_bytes", 196608),
        ],
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let mut slow = Vec::new();
    for target in [SUPPLIERS, SUPPLIERS, "/mcp"] {
        let mut s = TcpStream::connect(host(&env)).await.unwrap();
        let h = head(
            "POST",
            target,
            "content-type: application/json\r\ncontent-length: 65535\r\n",
        );
        s.write_all(h.as_bytes()).await.unwrap();
        s.write_all(&[b' '; 60_000]).await.unwrap();
        slow.push(s);
    }
    while env.state.body_budget.in_use() < 3 * 65535 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let r = env
        .req(reqwest::Method::POST, "acme", SUPPLIERS)
        .json(&json!({"name": "Waiting Supplier"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["retry-after"], "1");
    let (s, v) = problem_of(r).await;
    assert_eq!(s, 503, "{v}");
    assert!(
        v["detail"]
            .as_str()
            .unwrap()
            .contains("max_buffered_body_bytes"),
        "{v}"
    );
    // A chunked body finds no room either.
    let (s, h, b) = raw(
        &env,
        format!(
            "{}5\r\n{{\"a\":\r\n0\r\n\r\n",
            head(
                "POST",
                SUPPLIERS,
                "content-type: application/json\r\ntransfer-encoding: chunked\r\n"
            )
        )
        .as_bytes(),
    )
    .await;
    problem("a chunked body with no room", s, &h, &b, 503);

    drop(slow);
    while env.state.body_budget.in_use() > 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let r = env
        .req(reqwest::Method::POST, "acme", SUPPLIERS)
        .json(&json!({"name": "Served Supplier"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(
        env.state.body_budget.in_use(),
        0,
        "given back after the request"
    );
}

// ---- 4. what /proxy forwards ------------------------------------------------------------

/// Only GET, POST, PUT, PATCH and DELETE pass `/proxy`; TRACE (which a reflecting
/// upstream would answer with the tenant's token), WebDAV methods, HEAD, OPTIONS and
/// made-up methods are 405 problem+json with `Allow`, and reach no one.
#[tokio::test]
async fn proxy_forwards_only_the_methods_it_declares() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    assert_eq!(
        env.get("acme", "/proxy/api/suppliers?limit=1")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let before = env.control().counters();
    for method in [
        "TRACE",
        "TRACK",
        "PROPFIND",
        "PROPPATCH",
        "MKCOL",
        "COPY",
        "MOVE",
        "LOCK",
        "OPTIONS",
        "HEAD",
        "PURGE",
        "FOO",
    ] {
        let (s, h, b) = raw(&env, head(method, "/proxy/api/suppliers", "").as_bytes()).await;
        assert_eq!(s, 405, "{method}: {h}");
        assert!(
            h.contains("allow: get, post, put, patch, delete"),
            "{method}: {h}"
        );
        assert!(
            h.contains("content-type: application/problem+json"),
            "{method}: {h}"
        );
        if method != "HEAD" {
            problem(method, s, &h, &b, 405);
        }
    }
    let after = env.control().counters();
    assert_eq!(before.requests, after.requests, "nothing reached Coupa");
    assert_eq!(before.token_grants, after.token_grants);
}

/// Escapes beyond the ones already refused: percent-encoded bytes that are not UTF-8
/// (overlong `%c0%ae`, `%ff`), IIS's `%u` escapes, full-width dots raw or encoded, and
/// `..;` path parameters are 400, and reach no one.
#[tokio::test]
async fn proxy_refuses_encoded_and_lookalike_escapes() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    assert_eq!(
        env.get("acme", "/proxy/api/suppliers?limit=1")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let before = env.control().counters();
    for target in [
        "/proxy/api/%c0%ae%c0%ae/oauth2/token",
        "/proxy/api/%c0%af..%c0%afoauth2",
        "/proxy/api/invoices/%ff",
        "/proxy/api/%u002e%u002e/oauth2/token",
        "/proxy/api/%U002E%U002E/oauth2/token",
        "/proxy/api/\u{ff0e}\u{ff0e}/oauth2/token",
        "/proxy/api/%ef%bc%8e%ef%bc%8e/oauth2/token",
        "/proxy/api/..;/oauth2/token",
        "/proxy/api/invoices/..;jsessionid=x/..;/oauth2",
        "/proxy/api/invoices%3b/x",
    ] {
        let (s, h, b) = raw(&env, head("GET", target, "").as_bytes()).await;
        let v = problem(target, s, &h, &b, 400);
        assert!(
            v["detail"]
                .as_str()
                .unwrap()
                .starts_with("proxy path refused"),
            "{target}: {v}"
        );
    }
    let after = env.control().counters();
    assert_eq!(before.requests, after.requests, "nothing reached Coupa");
    assert_eq!(before.token_grants, after.token_grants);
}

/// A chunked body whose chunk-size line is not hex is a 400 problem (the body is
/// malformed, not too large) on every route that reads bodies, and `/proxy` sends
/// nothing upstream.
#[tokio::test]
async fn malformed_chunked_bodies_are_400() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    assert_eq!(
        env.get("acme", "/proxy/api/suppliers?limit=1")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let before = upstream_calls(&env);
    for target in [SUPPLIERS, "/mcp", "/proxy/api/suppliers"] {
        for bad in [
            "zz\r\n{}\r\n0\r\n\r\n",
            "5\r\n{\"a\":1}\r\n0\r\n\r\n",
            "-1\r\n",
        ] {
            let h = head(
                "POST",
                target,
                "content-type: application/json\r\ntransfer-encoding: chunked\r\n",
            );
            let (s, h, b) = raw(&env, format!("{h}{bad}").as_bytes()).await;
            problem(&format!("{target} with {bad:?}"), s, &h, &b, 400);
        }
    }
    assert_eq!(upstream_calls(&env), before, "nothing reached Coupa");
}

/// What hyper does with `Content-Length` and `Transfer-Encoding: chunked` together (RFC
/// 9112 §6.3): the body is read as chunked, the length is dropped, and the connection is
/// closed after the answer, so nothing after the body on that connection is served.
#[tokio::test]
async fn content_length_with_chunked_is_read_as_chunked_and_the_connection_closes() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let ping = br#"{"jsonrpc":"2.0","id":7,"method":"ping"}"#;
    let smuggled = format!(
        "GET /proxy/api/suppliers HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer {}\r\n\
         x-tenant-id: acme\r\n\r\n",
        key_of("acme")
    );
    let req = format!(
        "POST /mcp HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer {}\r\nx-tenant-id: acme\r\n\
         content-type: application/json\r\ncontent-length: 4\r\ntransfer-encoding: chunked\r\n\r\n\
         {:x}\r\n{}\r\n0\r\n\r\n{smuggled}",
        key_of("acme"),
        ping.len(),
        String::from_utf8_lossy(ping),
    );
    let before = upstream_calls(&env);
    let (s, h, b) = raw(&env, req.as_bytes()).await;
    assert_eq!(s, 200, "{h}\n{b}");
    assert!(h.contains("connection: close"), "{h}");
    let answer: Value = serde_json::from_str(&b).unwrap_or_else(|_| panic!("one answer only: {b}"));
    assert_eq!(answer["id"], 7, "the whole chunked body was read: {answer}");
    assert_eq!(
        upstream_calls(&env),
        before,
        "the request after the body was not served"
    );
}

/// With Redis as the store: requests refused before Coupa leave no key in Redis, and a
/// response over `idempotency_max_record_bytes` is stored as a small marker, not whole.
#[tokio::test]
async fn redis_idempotency_records_are_capped_and_rejections_store_nothing() {
    let port = crate::process::free_port();
    let Some(_redis) = crate::scale::redis_server(port) else {
        return;
    };
    let cli = |args: &[&str]| -> Option<String> {
        let out = std::process::Command::new("redis-cli")
            .args(["-p", &port.to_string()])
            .args(args)
            .output()
            .ok()?;
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let idem_keys = || -> Vec<String> {
        cli(&["--scan", "--pattern", "procura:*:idem:*"])
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    };
    if cli(&["ping"]).is_none() {
        assert!(!strict(), "redis-cli is not installed");
        eprintln!("SKIPPED: redis-cli is not installed");
        return;
    }
    let env = Setup {
        state_extra: format!(
            "backend = \"redis://127.0.0.1:{port}/0\"\n\
             encryption_key = \"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\"\n\
             idempotency_max_record_bytes = 4096"
        ),
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    for i in 0..20 {
        let r = post_supplier(&env, &format!("r-{i}"), &json!({"name": "A", "nope": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
    }
    assert_eq!(
        idem_keys(),
        Vec::<String>::new(),
        "rejections stored nothing"
    );

    let huge = json!({"name": "Wide Supplier", "number": "W-2", "website": format!("https://{}.example", "w".repeat(5000))});
    let r = post_supplier(&env, "wide", &huge).send().await.unwrap();
    assert_eq!(r.status(), 201);
    assert!(r.text().await.unwrap().len() > 4096);
    let keys = idem_keys();
    assert_eq!(keys.len(), 1, "{keys:?}");
    let stored: usize = cli(&["strlen", &keys[0]]).unwrap().trim().parse().unwrap();
    assert!(stored < 4096, "the record in Redis is {stored} bytes");
    let r = post_supplier(&env, "wide", &huge).send().await.unwrap();
    assert_eq!(r.headers()["idempotent-replayed"], "true");
    assert_eq!(r.status(), 409);
}
