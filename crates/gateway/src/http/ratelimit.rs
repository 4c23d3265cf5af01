//! The IETF RateLimit fields on tenant responses, and the upstream's 429 passed through.
//!
//! Both generations of draft-ietf-httpapi-ratelimit-headers are sent: the three-field
//! form (`ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset`) and the Structured
//! Fields pair (`ratelimit-policy`, `ratelimit`).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::providers::UpstreamResponse;
use crate::providers::budget::RateLimitStatus;
use crate::tenant::Tenant;

/// Marks a response as belonging to a tenant, so [`add_headers`] can describe its budget.
#[derive(Clone)]
pub struct TenantTag(pub Arc<Tenant>);

/// An upstream 429 waiting for its `Retry-After` (added when the upstream sent none).
#[derive(Clone)]
struct PassedThrough429 {
    had_retry_after: bool,
}

/// The upstream's 429, unchanged: status, body bytes, content type and any `Retry-After`.
pub fn pass_through_429(upstream: UpstreamResponse) -> Response {
    let mut resp = Response::new(Body::from(upstream.body));
    *resp.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    if let Some(ct) = upstream.headers.get(header::CONTENT_TYPE) {
        resp.headers_mut().insert(header::CONTENT_TYPE, ct.clone());
    }
    let retry_after = upstream.headers.get(header::RETRY_AFTER).cloned();
    let had_retry_after = retry_after.is_some();
    if let Some(ra) = retry_after {
        resp.headers_mut().insert(header::RETRY_AFTER, ra);
    }
    resp.extensions_mut()
        .insert(PassedThrough429 { had_retry_after });
    resp
}

/// Adds the budget headers to every response tagged with a tenant.
pub async fn add_headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let Some(TenantTag(tenant)) = resp.extensions_mut().remove::<TenantTag>() else {
        return resp;
    };
    let status = tenant.budget().status().await;
    if let Some(s) = status {
        write_headers(resp.headers_mut(), tenant.provider.name(), &s);
    }
    if let Some(p) = resp.extensions_mut().remove::<PassedThrough429>()
        && !p.had_retry_after
    {
        let reset = status.map(|s| s.reset_secs).unwrap_or(1);
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(reset));
    }
    resp
}

/// Both generations of the fields; the policy is named after the provider.
fn write_headers(h: &mut HeaderMap, policy: &str, s: &RateLimitStatus) {
    let mut put = |name: &'static str, value: String| {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(HeaderName::from_static(name), v);
        }
    };
    put("ratelimit-limit", s.limit.to_string());
    put("ratelimit-remaining", s.remaining.to_string());
    put("ratelimit-reset", s.reset_secs.to_string());
    put(
        "ratelimit-policy",
        format!("\"{policy}\";q={};w={}", s.limit, s.window_secs),
    );
    put(
        "ratelimit",
        format!("\"{policy}\";r={};t={}", s.remaining, s.reset_secs),
    );
}
