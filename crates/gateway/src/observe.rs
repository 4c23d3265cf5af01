//! What operators see: the Prometheus recorder, the per-request metrics layer, the names
//! of every metric the gateway records, and the text of a contained panic for the log.
//! Labels carry tenant ids, never keys or tokens.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

pub const HTTP_REQUESTS: &str = "procura_http_requests_total";
pub const HTTP_DURATION: &str = "procura_http_request_duration_seconds";
pub const UPSTREAM_REQUESTS: &str = "procura_upstream_requests_total";
pub const UPSTREAM_DURATION: &str = "procura_upstream_request_duration_seconds";
pub const UPSTREAM_BYTES: &str = "procura_upstream_response_bytes_total";
pub const UPSTREAM_429: &str = "procura_upstream_rate_limited_total";
pub const TOKEN_GRANTS: &str = "procura_token_grants_total";
pub const TOKEN_FAILURES: &str = "procura_token_failures_total";
pub const MAPPING_ERRORS: &str = "procura_mapping_errors_total";
pub const CURSOR_REJECTIONS: &str = "procura_cursor_rejections_total";
pub const RELOADS: &str = "procura_mapping_reloads_total";
pub const BODY_BUFFERED: &str = "procura_request_body_buffered_bytes";

const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The process-wide recorder (installed on first use; later calls share it).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("duration_seconds".into()), LATENCY_BUCKETS)
            .expect("bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics may be empty");
        }
        handle
    })
}

/// `GET /metrics`.
pub async fn render() -> ([(axum::http::HeaderName, &'static str); 1], String) {
    let h = handle();
    h.run_upkeep();
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        h.render(),
    )
}

/// Counts each request and its latency by route template, resource and status.
pub async fn http_metrics(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let resource = resource_of(&route, req.uri().path());
    let started = Instant::now();
    let resp = next.run(req).await;
    // Unknown resources are not labelled, so callers cannot grow the label set.
    let resource = if resp.status() == axum::http::StatusCode::NOT_FOUND {
        String::new()
    } else {
        resource
    };
    let status = resp.status().as_u16().to_string();
    metrics::counter!(HTTP_REQUESTS, "route" => route.clone(), "resource" => resource.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(HTTP_DURATION, "route" => route, "resource" => resource)
        .record(started.elapsed().as_secs_f64());
    resp
}

/// The `{resource}` segment of a unified route, else empty.
fn resource_of(route: &str, path: &str) -> String {
    if !route.starts_with("/unified/procurement/{resource}") {
        return String::new();
    }
    path.split('/')
        .nth(3)
        .filter(|s| s.len() <= 64 && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        .unwrap_or("")
        .to_string()
}

/// The message a panic carried, when it carried text.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
