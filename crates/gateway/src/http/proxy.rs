//! `/proxy/{upstream path}`: raw pass-through to the tenant's system with auth added.
//! Only `GET`, `POST`, `PUT`, `PATCH` and `DELETE` pass (any other method is a 405 that
//! reaches no one: `TRACE` would reflect the tenant's token, `HEAD` and `OPTIONS` are not
//! part of what `/proxy` declares), and only paths under the provider's API roots (Coupa:
//! `/api/…`), checked on the raw request target before anything is sent.
//!
//! Bodies stream through both ways: the caller's body goes upstream as it arrives (cut
//! off, and the upstream request aborted, past `body_limit_bytes`), and the upstream's
//! answer goes back as it arrives, so neither is held whole in memory; only an answer
//! that declares at most `WHOLE_ANSWER_MAX` bytes (256 KiB) is read whole first and sent
//! on in one piece (`Upstream::open`).

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures::StreamExt;

use super::AppState;
use super::body::{declared_length, unreadable};
use super::caller::TenantCaller;
use super::problem::ApiError;
use super::ratelimit::TenantTag;
use crate::providers::{AnswerBody, StreamedBody, UpstreamError, UpstreamRequest};

/// The methods `/proxy` forwards, as the route table declares them.
pub const METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];
const ALLOW: &str = "GET, POST, PUT, PATCH, DELETE";

pub async fn proxy(
    State(state): State<Arc<AppState>>,
    caller: TenantCaller,
    req: Request,
) -> Response {
    let tag = TenantTag(caller.tenant.clone());
    let mut resp = match forward(&state, &caller, req).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    };
    resp.extensions_mut().insert(tag);
    resp
}

/// Why the caller's body stopped while it was being streamed upstream.
#[derive(Debug, Clone, Copy)]
enum BodyFailure {
    TooLarge,
    Unreadable,
}

async fn forward(
    state: &AppState,
    caller: &TenantCaller,
    req: Request,
) -> Result<Response, ApiError> {
    if !METHODS.contains(req.method()) {
        return Err(ApiError::MethodRefused {
            detail: format!("/proxy forwards {ALLOW} only; {} is not", req.method()),
            allow: ALLOW.into(),
        });
    }
    let raw_path = req.uri().path();
    let upstream_path = raw_path.strip_prefix("/proxy").unwrap_or(raw_path);
    check_path(upstream_path, caller.tenant.provider.proxy_roots())?;
    let query = forwarded_query(req.uri().query());
    let path_and_query = match query {
        Some(q) => format!("{upstream_path}?{q}"),
        None => upstream_path.to_string(),
    };
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("application/json"));
    let content_type = req.headers().get(header::CONTENT_TYPE).cloned();
    let method = req.method().clone();
    let limit = state.config.server.body_limit_bytes;
    let declared = declared_length(req.headers());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ApiError::PayloadTooLarge(limit));
    }
    // The first bytes of the body before anything is sent: a body that cannot be read
    // at all never reaches the upstream.
    let mut frames = req.into_body().into_data_stream();
    let first = loop {
        match frames.next().await {
            None => break None,
            Some(Err(_)) => return Err(unreadable()),
            Some(Ok(chunk)) if chunk.is_empty() => continue,
            Some(Ok(chunk)) if chunk.len() > limit => {
                return Err(ApiError::PayloadTooLarge(limit));
            }
            Some(Ok(chunk)) => break Some(chunk),
        }
    };
    let failure = Arc::new(Mutex::new(None::<BodyFailure>));
    let has_body = first.is_some();
    let streamed = first.map(|first| StreamedBody {
        body: reqwest::Body::wrap_stream(limited(first, frames, limit, failure.clone())),
        length: declared,
    });
    let upstream_req = UpstreamRequest {
        method,
        path_and_query,
        accept,
        content_type: if has_body {
            Some(content_type.unwrap_or_else(|| HeaderValue::from_static("application/json")))
        } else {
            content_type
        },
        body: None,
    };
    let opened = caller.tenant.upstream.open(&upstream_req, streamed).await;
    let failed = *failure.lock().unwrap_or_else(|p| p.into_inner());
    let upstream = match (opened, failed) {
        (_, Some(BodyFailure::TooLarge)) => return Err(ApiError::PayloadTooLarge(limit)),
        (_, Some(BodyFailure::Unreadable)) => return Err(unreadable()),
        (Err(e), None) => return Err(e.into()),
        (Ok(u), None) => u,
    };
    let status = axum::http::StatusCode::from_u16(upstream.status).map_err(|_| {
        ApiError::Upstream(UpstreamError::Malformed {
            status: upstream.status,
            reason: "not an HTTP status".into(),
        })
    })?;
    let body = match upstream.body {
        AnswerBody::Whole(bytes) => Body::from(bytes),
        AnswerBody::Streamed(chunks) => Body::from_stream(chunks),
    };
    let mut resp = Response::new(body);
    *resp.status_mut() = status;
    for name in [
        header::CONTENT_TYPE,
        header::RETRY_AFTER,
        header::LOCATION,
        header::ETAG,
    ] {
        if let Some(v) = upstream.headers.get(&name) {
            resp.headers_mut().insert(name, v.clone());
        }
    }
    if let Some(n) = upstream.length {
        resp.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(n));
    }
    Ok(resp)
}

/// The caller's body as a stream for the upstream request: `first`, then the rest as it
/// arrives. Past `limit` bytes, or when the caller's body breaks, the stream fails (which
/// aborts the upstream request) and `failure` says why.
fn limited(
    first: Bytes,
    rest: axum::body::BodyDataStream,
    limit: usize,
    failure: Arc<Mutex<Option<BodyFailure>>>,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    let seen = first.len();
    let head = futures::stream::once(async move { Ok(first) });
    let tail = futures::stream::unfold((rest, seen, false), move |(mut rest, seen, failed)| {
        let failure = failure.clone();
        async move {
            if failed {
                return None;
            }
            let fail = |why: BodyFailure, rest| {
                *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(why);
                let e = std::io::Error::other(match why {
                    BodyFailure::TooLarge => "the request body is over the limit",
                    BodyFailure::Unreadable => "the request body could not be read",
                });
                Some((Err(e), (rest, seen, true)))
            };
            match rest.next().await {
                None => None,
                Some(Err(_)) => fail(BodyFailure::Unreadable, rest),
                Some(Ok(chunk)) if seen + chunk.len() > limit => fail(BodyFailure::TooLarge, rest),
                Some(Ok(chunk)) => {
                    let seen = seen + chunk.len();
                    Some((Ok(chunk), (rest, seen, false)))
                }
            }
        }
    });
    head.chain(tail)
}

/// The query as sent, minus our own `tenant_id`.
fn forwarded_query(query: Option<&str>) -> Option<String> {
    let q = query?;
    let kept: Vec<&str> = q
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or("");
            name != "tenant_id"
        })
        .collect();
    (!kept.is_empty()).then(|| kept.join("&"))
}

/// Refuses any path that could leave the provider's API roots on the tenant's host: 400
/// for dot segments, encoded separators or dots, backslashes, NUL, `@`, a scheme, empty
/// segments, path parameters (`;`), anything outside ASCII (raw or percent-encoded, so
/// overlong UTF-8 such as `%c0%ae` and look-alike dots such as U+FF0E too) and any `%`
/// that does not start a two-hex-digit escape (`%u002e`); 403 for well-formed paths
/// outside `roots` (the OAuth endpoints among them).
pub fn check_path(path: &str, roots: &[&str]) -> Result<(), ApiError> {
    let bad = |why: &str| Err(ApiError::bad_request(format!("proxy path refused: {why}")));
    if !path.starts_with('/') {
        return bad("it must start with /");
    }
    if path.starts_with("//") {
        return bad("a second leading slash");
    }
    let lower = path.to_ascii_lowercase();
    for (needle, why) in [
        ("%2e", "an encoded dot"),
        ("%2f", "an encoded slash"),
        ("%5c", "an encoded backslash"),
        ("%00", "an encoded NUL"),
        ("%40", "an encoded @"),
        ("%3a", "an encoded colon"),
        ("%25", "an encoded percent sign"),
        ("\\", "a backslash"),
        ("\0", "a NUL byte"),
        ("@", "an @"),
        (":", "a colon (scheme or port)"),
    ] {
        if lower.contains(needle) {
            return bad(why);
        }
    }
    if !path.is_ascii() {
        // a full-width dot (U+FF0E) and its kin become `.` on servers that normalise
        return bad("a character outside ASCII");
    }
    if lower.contains(';') || lower.contains("%3b") {
        // `..;/` is `..` to servers that strip path parameters
        return bad("a semicolon (path parameters)");
    }
    check_escapes(path.as_bytes())
        .map_err(|why| ApiError::bad_request(format!("proxy path refused: {why}")))?;
    for segment in path[1..].split('/') {
        match segment {
            "" => return bad("an empty segment"),
            "." | ".." => return bad("a dot segment"),
            _ => {}
        }
    }
    if !roots.iter().any(|root| path.starts_with(root)) {
        return Err(ApiError::Forbidden(format!(
            "only paths under {} can be proxied for this tenant",
            roots.join(", ")
        )));
    }
    Ok(())
}

/// Every `%` starts two hex digits, and what they encode is ASCII.
fn check_escapes(path: &[u8]) -> Result<(), &'static str> {
    let mut i = 0;
    while i < path.len() {
        if path[i] == b'%' {
            let hex = path
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
            let Some(hex) = hex else {
                return Err("a % that is not a two-digit escape (such as %u002e)");
            };
            let value = u8::from_str_radix(std::str::from_utf8(hex).unwrap_or("zz"), 16)
                .map_err(|_| "a % that is not a two-digit escape")?;
            if !value.is_ascii() {
                return Err("an escape of a byte outside ASCII (overlong or non-ASCII UTF-8)");
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUPA: &[&str] = crate::providers::coupa::PROXY_ROOTS;

    #[test]
    fn accepts_api_paths() {
        for p in [
            "/api/invoices",
            "/api/purchase_orders/12",
            "/api/invoices/3/mark_exported",
        ] {
            assert!(check_path(p, COUPA).is_ok(), "{p}");
        }
    }

    #[test]
    fn refuses_escapes() {
        for p in [
            "//evil.com/api/x",
            "/api/../oauth2/token",
            "/api/./invoices",
            "/api/%2e%2e/oauth2/token",
            "/api/%2E%2E/x",
            "/api/invoices%2f..%2f..",
            "/api\\..\\oauth2",
            "/api/invoices%5c..",
            "/api/x%00",
            "/api/@evil.com",
            "/api/x%40evil",
            "/http://evil.com/api/x",
            "/api//invoices",
            "/api/invoices/..",
            "/api/%252e%252e/x",
            "api/invoices",
            "/api/%c0%ae%c0%ae/oauth2",
            "/api/%ff/x",
            "/api/%u002e%u002e/oauth2",
            "/api/x%2",
            "/api/\u{ff0e}\u{ff0e}/oauth2",
            "/api/%ef%bc%8e%ef%bc%8e/oauth2",
            "/api/..;/oauth2/token",
            "/api/invoices;jsessionid=1",
            "/api/..%3b/oauth2",
        ] {
            assert!(
                matches!(check_path(p, COUPA), Err(ApiError::BadRequest { .. })),
                "{p} was not refused with 400"
            );
        }
    }

    #[test]
    fn non_api_paths_are_forbidden() {
        for p in ["/oauth2/token", "/apix/y", "/__sandbox/counters"] {
            assert!(
                matches!(check_path(p, COUPA), Err(ApiError::Forbidden(_))),
                "{p}"
            );
        }
    }

    #[test]
    fn drops_only_tenant_id() {
        assert_eq!(
            forwarded_query(Some("status=draft&tenant_id=acme&limit=5")).as_deref(),
            Some("status=draft&limit=5")
        );
        assert_eq!(forwarded_query(Some("tenant_id=acme")), None);
    }
}
