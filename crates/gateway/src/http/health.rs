//! Liveness, readiness and the API description.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::AppState;

/// Live: the process answers.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Ready: config loaded and mappings compiled. Shared state that is away is reported
/// but does not make the gateway unready: it serves on local state meanwhile.
pub async fn readyz(State(state): State<Arc<AppState>>) -> (StatusCode, Json<Value>) {
    let tenants = state.tenants.len();
    let resources = state.registry().all(None).count();
    let shared = match &state.shared {
        None => json!({ "backend": "memory" }),
        Some(redis) => {
            let reachable = redis.ping().await;
            json!({
                "backend": "redis",
                "reachable": reachable,
                "mode": if reachable { "shared" } else { "local fallback: tokens, budgets and idempotency keys are per replica until Redis returns" },
            })
        }
    };
    (
        StatusCode::OK,
        Json(json!({
            "status": "ready",
            "checks": { "config": "loaded", "tenants": tenants, "resources": resources, "state": shared }
        })),
    )
}

/// `GET /openapi.yaml`: the API description as shipped, with this deployment's page size
/// bound (`server.max_page_size`).
pub async fn openapi(
    State(state): State<Arc<AppState>>,
) -> (
    [(axum::http::HeaderName, &'static str); 1],
    axum::body::Bytes,
) {
    (
        [(axum::http::header::CONTENT_TYPE, "application/yaml")],
        state.openapi.clone(),
    )
}
