//! Hostile input at the edge: oversized heads, bodies and query strings, deep JSON,
//! invalid UTF-8, garbage request lines and slow-loris clients. Each gets a clear 4xx or
//! a closed connection; the gateway never panics and keeps serving.

use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::*;

const POS: &str = "/unified/procurement/purchase_orders";

async fn env() -> Env {
    Setup {
        server: vec![
            ("header_read_timeout_ms", 1000),
            ("max_header_bytes", 16384),
            ("body_limit_bytes", 65536),
        ],
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await
}

fn host(env: &Env) -> String {
    env.gateway.trim_start_matches("http://").to_string()
}

/// Sends raw bytes and reads until the server closes or 10 s pass. Returns the status
/// (0 when the connection closed without an answer) and the whole answer.
async fn raw(env: &Env, bytes: &[u8]) -> (u16, String) {
    raw_in_parts(env, &[(Duration::ZERO, bytes)]).await
}

/// [`raw`], the bytes sent in parts, each after its pause (the first one's counted
/// from the connect).
async fn raw_in_parts(env: &Env, parts: &[(Duration, &[u8])]) -> (u16, String) {
    let mut s = TcpStream::connect(host(env)).await.unwrap();
    for (pause, bytes) in parts {
        tokio::time::sleep(*pause).await;
        // The server may close mid-write on an oversized head; that is an answer too.
        let _ = s.write_all(bytes).await;
    }
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out)).await;
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|t| t.get(..3))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn request(method: &str, target: &str, extra_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "{method} {target} HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer {}\r\nx-tenant-id: acme\r\n\
         content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n{extra_headers}\r\n",
        key_of("acme"),
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn refused(what: &str, status: u16, text: &str) {
    println!(
        "{what}: {}",
        if status == 0 {
            "closed".to_string()
        } else {
            status.to_string()
        }
    );
    assert!(
        status == 0 || (400..500).contains(&status),
        "{what}: expected a 4xx or a closed connection, got {status}:\n{}",
        &text[..text.len().min(600)]
    );
}

fn problem(what: &str, status: u16, expected: u16, text: &str) {
    assert_eq!(status, expected, "{what}: {text}");
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("");
    assert!(
        text.to_ascii_lowercase()
            .contains("content-type: application/problem+json"),
        "{what}: not problem+json: {text}"
    );
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    assert_eq!(v["status"], expected, "{what}: {body}");
}

#[tokio::test]
async fn oversized_and_malformed_requests_are_refused_clearly() {
    let env = env().await;
    let big = "x".repeat(100_000);

    let (s, t) = raw(
        &env,
        &request("GET", POS, &format!("x-big: {big}\r\n"), b""),
    )
    .await;
    refused("a 100 kB header", s, &t);
    let many: String = (0..500).map(|i| format!("x-h{i}: v\r\n")).collect();
    let (s, t) = raw(&env, &request("GET", POS, &many, b"")).await;
    refused("500 headers", s, &t);
    let (s, t) = raw(
        &env,
        &request("GET", &format!("{POS}?status={big}"), "", b""),
    )
    .await;
    refused("a 100 kB query string", s, &t);

    let body = format!("{{\"name\": \"{}\"}}", "y".repeat(200_000));
    let (s, t) = raw(
        &env,
        &request(
            "POST",
            "/unified/procurement/suppliers",
            "",
            body.as_bytes(),
        ),
    )
    .await;
    problem("a body over the limit", s, 413, &t);
    // Declared too large: refused before it is read.
    let head = format!(
        "POST /unified/procurement/suppliers HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer {}\r\n\
         x-tenant-id: acme\r\ncontent-type: application/json\r\ncontent-length: 10000000000\r\nconnection: close\r\n\r\n",
        key_of("acme")
    );
    let (s, t) = raw(&env, head.as_bytes()).await;
    problem(
        "a declared 10 GB body, refused before it is read",
        s,
        413,
        &t,
    );

    let deep = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
    let (s, t) = raw(
        &env,
        &request(
            "POST",
            "/unified/procurement/suppliers",
            "",
            deep.as_bytes(),
        ),
    )
    .await;
    problem("JSON nested 30 000 deep", s, 400, &t);
    let deep_obj = format!("{}1{}", "{\"a\":".repeat(5_000), "}".repeat(5_000));
    let (s, t) = raw(&env, &request("POST", "/mcp", "", deep_obj.as_bytes())).await;
    assert!(
        s == 200 || (400..500).contains(&s),
        "deep JSON to /mcp: {t}"
    );
    assert!(
        !t.contains("\"result\""),
        "deep JSON to /mcp was accepted: {t}"
    );

    let (s, t) = raw(
        &env,
        &request(
            "POST",
            "/unified/procurement/suppliers",
            "",
            b"{\"name\": \"\xff\xfe bad\"}",
        ),
    )
    .await;
    problem("invalid UTF-8 in a body", s, 400, &t);
    let (s, t) = raw(
        &env,
        &request("GET", &format!("{POS}?status=%ff%fe"), "", b""),
    )
    .await;
    refused("invalid UTF-8 in a query", s, &t);
    let mut target = format!("{POS}?status=").into_bytes();
    target.extend_from_slice(b"\xff\xfe");
    let mut req = b"GET ".to_vec();
    req.extend_from_slice(&target);
    req.extend_from_slice(&request("", "", "", b"")[2..]);
    let (s, t) = raw(&env, &req).await;
    refused("raw invalid UTF-8 in the request line", s, &t);
    let (s, t) = raw(
        &env,
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n",
    )
    .await;
    refused("a TLS hello on the plain port", s, &t);
    let (s, t) = raw(&env, b"GET /healthz HTTP/9.9\r\nhost: gw\r\n\r\n").await;
    refused("an unknown HTTP version", s, &t);
    let (s, t) = raw(
        &env,
        format!(
            "POST /mcp HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer {}\r\nx-tenant-id: acme\r\n\
             transfer-encoding: chunked\r\ncontent-length: 5\r\n\r\nzz\r\n",
            key_of("acme")
        )
        .as_bytes(),
    )
    .await;
    refused("a smuggling-shaped request", s, &t);

    // Still healthy, and no handler panicked along the way.
    let r = env
        .http
        .get(format!("{}/healthz", env.gateway))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (s, _) = env.get_json("acme", &format!("{POS}?limit=2")).await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn slow_clients_are_cut_off_and_others_are_served() {
    let env = env().await;
    // A slow-loris head: one byte at a time, never finished.
    let started = Instant::now();
    let mut slow = TcpStream::connect(host(&env)).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\n").await.unwrap();
    let mut closed = false;
    for _ in 0..150 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if slow.write_all(b"x").await.is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 256];
        if let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(1), slow.read(&mut buf)).await
        {
            // An answer (408) or end of stream: either way the server hung up.
            let _ = n;
            closed = true;
            break;
        }
    }
    assert!(
        closed,
        "a slow head was still open after {:?}",
        started.elapsed()
    );

    // A connection that sends nothing at all is closed too.
    let mut idle = TcpStream::connect(host(&env)).await.unwrap();
    let mut buf = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(15), idle.read(&mut buf)).await;
    assert!(read.is_ok(), "a silent connection was kept open");

    // Meanwhile, and after, ordinary callers are served.
    let (s, _) = env.get_json("acme", &format!("{POS}?limit=2")).await;
    assert_eq!(s, 200);
}

/// A keep-alive connection waiting for its next request is held for `idle_timeout_ms`,
/// not cut at the (shorter) head timeout, and closed once that idle time is up.
#[tokio::test]
async fn keep_alive_connections_last_the_idle_timeout() {
    let env = Setup {
        server: vec![("header_read_timeout_ms", 400), ("idle_timeout_ms", 3000)],
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let mut s = TcpStream::connect(host(&env)).await.unwrap();
    let get = b"GET /healthz HTTP/1.1\r\nhost: gw\r\n\r\n";
    async fn answer(s: &mut TcpStream) -> String {
        let mut buf = vec![0u8; 4096];
        let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
            .await
            .expect("an answer in time")
            .unwrap_or(0);
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }
    s.write_all(get).await.unwrap();
    assert!(answer(&mut s).await.starts_with("HTTP/1.1 200"));
    // idle for three head timeouts: still open, and serving
    tokio::time::sleep(Duration::from_millis(1200)).await;
    s.write_all(get).await.unwrap();
    let second = answer(&mut s).await;
    assert!(second.starts_with("HTTP/1.1 200"), "{second:?}");
    // idle past the idle timeout: the server hangs up
    let started = Instant::now();
    let mut buf = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf)).await;
    assert!(
        matches!(read, Ok(Ok(0)) | Ok(Err(_))),
        "still open after {:?}",
        started.elapsed()
    );
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "closed too early"
    );
}

/// A client may open a connection and send on it only later (a pool's spare): its first
/// head is timed from its first byte, not from the connect.
#[tokio::test]
async fn a_first_head_is_timed_from_its_first_byte() {
    let env = Setup {
        server: vec![("header_read_timeout_ms", 2000)],
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let (status, text) = raw_in_parts(
        &env,
        &[
            (Duration::from_millis(1500), b"GET /healthz HTTP/1.1\r\n"),
            (
                Duration::from_millis(1400),
                b"host: gw\r\nconnection: close\r\n\r\n",
            ),
        ],
    )
    .await;
    assert_eq!(status, 200, "{text:?}");
}

/// A client's own socket, but the first `skip` bytes it writes were already sent by hand.
struct Resumed {
    inner: TcpStream,
    skip: usize,
}

impl tokio::io::AsyncRead for Resumed {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Resumed {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        if self.skip > 0 {
            let n = self.skip.min(buf.len());
            self.skip -= n;
            return std::task::Poll::Ready(Ok(n));
        }
        std::pin::Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// The gateway tells HTTP/2 with prior knowledge from HTTP/1 by a connection's first
/// bytes, also when they arrive in pieces: a preface cut short is waited for, and an
/// HTTP/1 request whose method begins like the preface (`P`) is still HTTP/1.
#[tokio::test]
async fn http2_prior_knowledge_and_http1_are_told_apart_from_the_first_bytes() {
    use hyper_util::rt::{TokioExecutor, TokioIo};

    let env = env().await;
    const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    for sent_first in [0, 1, 9] {
        let mut stream = TcpStream::connect(host(&env)).await.unwrap();
        if sent_first > 0 {
            stream.write_all(&PREFACE[..sent_first]).await.unwrap();
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        let io = TokioIo::new(Resumed {
            inner: stream,
            skip: sent_first,
        });
        let (mut send, conn) = hyper::client::conn::http2::handshake(TokioExecutor::new(), io)
            .await
            .unwrap();
        tokio::spawn(conn);
        let req = hyper::Request::get(format!("{}{POS}?limit=2", env.gateway))
            .header("authorization", format!("Bearer {}", key_of("acme")))
            .header("x-tenant-id", "acme")
            .body(axum::body::Body::empty())
            .unwrap();
        let resp = send.send_request(req).await.unwrap();
        assert_eq!(
            resp.status(),
            200,
            "HTTP/2 after {sent_first} bytes by hand"
        );
        assert_eq!(resp.version(), hyper::Version::HTTP_2);
    }

    // "P", a pause, then the rest of an HTTP/1 request: answered as HTTP/1
    let (status, text) = raw_in_parts(
        &env,
        &[
            (Duration::ZERO, b"P"),
            (
                Duration::from_millis(150),
                b"UT /healthz HTTP/1.1\r\nhost: gw\r\nconnection: close\r\n\r\n",
            ),
        ],
    )
    .await;
    assert_eq!(status, 405, "{text}");
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_in_the_queue() {
    let env = Setup {
        server: vec![("header_read_timeout_ms", 30000), ("max_connections", 4)],
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    // Four silent connections take every slot: a fifth caller is not served...
    let mut hogs = Vec::new();
    for _ in 0..4 {
        hogs.push(TcpStream::connect(host(&env)).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let waiting = env.get("acme", &format!("{POS}?limit=2")).send();
    let waiting = tokio::spawn(waiting);
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(!waiting.is_finished(), "served beyond max_connections");
    // ...until a slot frees; then it is, from the accept queue, without an error.
    drop(hogs);
    let r = waiting.await.unwrap().unwrap();
    assert_eq!(r.status(), 200);
}

/// A body to /mcp that is not one JSON-RPC message (not JSON, empty, or JSON that is not
/// an object) is refused with 400, a JSON-RPC error without id in the body, as the
/// streamable HTTP transport asks of input the server cannot accept.
#[tokio::test]
async fn mcp_refuses_what_is_not_one_json_rpc_message() {
    let env = env().await;
    for (body, code) in [
        ("{not json", -32700),
        ("", -32700),
        ("[1, 2]", -32600),
        ("\"ping\"", -32600),
    ] {
        let r = env
            .req(reqwest::Method::POST, "acme", "/mcp")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{body:?}");
        assert_eq!(r.headers()["content-type"], "application/json");
        let answer: Value = r.json().await.unwrap();
        assert_eq!(answer["id"], Value::Null, "{answer}");
        assert_eq!(answer["error"]["code"], code, "{answer}");
    }
}
