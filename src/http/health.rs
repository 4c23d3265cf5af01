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

/// Ready: config loaded and mappings compiled.
pub async fn readyz(State(state): State<Arc<AppState>>) -> (StatusCode, Json<Value>) {
    let tenants = state.coupa.tenants().count();
    (
        StatusCode::OK,
        Json(json!({ "status": "ready", "checks": { "config": "loaded", "tenants": tenants } })),
    )
}

/// `GET /openapi.yaml`: the API description, as shipped.
pub async fn openapi() -> ([(axum::http::HeaderName, &'static str); 1], &'static str) {
    (
        [(axum::http::header::CONTENT_TYPE, "application/yaml")],
        crate::resources::schema::OPENAPI,
    )
}
