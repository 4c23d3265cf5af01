//! `ANY /proxy/{upstream path}`: raw pass-through to the tenant's system with auth
//! added. Only paths under the provider's API roots (Coupa: `/api/…`), checked on the
//! raw request target before anything is sent.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::caller::TenantCaller;
use super::problem::ApiError;
use super::ratelimit::TenantTag;
use crate::providers::{UpstreamError, UpstreamRequest};

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

async fn forward(
    state: &AppState,
    caller: &TenantCaller,
    req: Request,
) -> Result<Response, ApiError> {
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
    let body = axum::body::to_bytes(req.into_body(), state.config.server.body_limit_bytes)
        .await
        .map_err(|_| ApiError::PayloadTooLarge(state.config.server.body_limit_bytes))?;
    let has_body = !body.is_empty();
    let upstream_req = UpstreamRequest {
        method,
        path_and_query,
        accept,
        content_type: if has_body {
            Some(content_type.unwrap_or_else(|| HeaderValue::from_static("application/json")))
        } else {
            content_type
        },
        body: has_body.then_some(body),
    };
    let upstream = caller.tenant.upstream.send(&upstream_req).await?;
    if upstream.status == 429 {
        return Err(ApiError::Upstream(UpstreamError::RateLimited(Box::new(
            upstream,
        ))));
    }
    let mut resp = Response::new(Body::from(upstream.body));
    *resp.status_mut() = axum::http::StatusCode::from_u16(upstream.status).map_err(|_| {
        ApiError::Upstream(UpstreamError::Malformed {
            status: upstream.status,
            reason: "not an HTTP status".into(),
        })
    })?;
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
    Ok(resp)
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
/// for dot segments, encoded separators or dots, backslashes, NUL, `@`, a scheme or empty
/// segments; 403 for well-formed paths outside `roots` (the OAuth endpoints among them).
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
