//! `/admin/tenants[/{id}]`: each tenant's token state, last error and rate budget, for
//! admin keys and only the tenants the key lists. Never a secret.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;

use super::AppState;
use super::caller::AdminCaller;
use super::problem::ApiError;
use crate::providers::budget::RateLimitStatus;
use crate::providers::token::TokenStatus;
use crate::tenant::Tenant;

#[derive(Serialize)]
pub struct TenantView {
    id: String,
    provider: crate::providers::Provider,
    base_url: String,
    auth: TokenStatus,
    rate_limit: RateLimitView,
    /// `config` (the config file's, read-only) or `runtime` (created through the API).
    source: &'static str,
    /// Upstream calls and 429s since this process started serving the tenant.
    upstream: UpstreamCounts,
}

#[derive(Serialize)]
struct UpstreamCounts {
    requests: u64,
    rate_limited: u64,
}

#[derive(Serialize)]
struct RateLimitView {
    configured: Option<crate::config::RateLimitConfig>,
    known_limit: Option<u32>,
    now: Option<RateLimitStatus>,
}

pub async fn view(state: &AppState, tenant: &Tenant) -> TenantView {
    let relaxed = std::sync::atomic::Ordering::Relaxed;
    TenantView {
        source: if state.config.tenant(&tenant.id).is_some() {
            "config"
        } else {
            "runtime"
        },
        upstream: UpstreamCounts {
            requests: tenant.upstream.counts.requests.load(relaxed),
            rate_limited: tenant.upstream.counts.rate_limited.load(relaxed),
        },
        id: tenant.id.clone(),
        provider: tenant.provider,
        base_url: tenant.upstream.base_url().to_string(),
        auth: tenant.upstream.auth.status(),
        rate_limit: RateLimitView {
            configured: state.tenant_config(&tenant.id).and_then(|t| t.rate_limit),
            known_limit: tenant.budget().limit(),
            now: tenant.budget().status().await,
        },
    }
}

pub async fn list(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
) -> Json<serde_json::Value> {
    let mut tenants: Vec<TenantView> = futures::future::join_all(
        state
            .tenants
            .all()
            .into_iter()
            .filter(|t| key.may_act_for(&t.id))
            .map(|t| {
                let state = &state;
                async move { view(state, &t).await }
            }),
    )
    .await;
    tenants.sort_by(|a, b| a.id.cmp(&b.id));
    let mut body = serde_json::json!({ "tenants": tenants });
    if key.tenants.iter().any(|t| t == "*") {
        body["last_reload"] = serde_json::json!(state.last_reload());
    }
    Json(body)
}

/// `POST /admin/reload`: reloads mappings and overrides, for deployments without
/// signals. Needs an admin key for every tenant (`tenants = ["*"]`).
pub async fn reload(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
) -> Result<Json<serde_json::Value>, ApiError> {
    if !key.tenants.iter().any(|t| t == "*") {
        return Err(ApiError::Forbidden(
            "reloading mappings needs an admin key for all tenants".into(),
        ));
    }
    match state.reload() {
        Ok(()) => Ok(Json(serde_json::json!({
            "status": "reloaded",
            "resources": state.registry().all(None).count(),
        }))),
        Err(errors) => Err(ApiError::ReloadRejected(
            errors.iter().map(ToString::to_string).collect(),
        )),
    }
}

pub async fn get(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
    Path(id): Path<String>,
) -> Result<Json<TenantView>, ApiError> {
    if !key.may_act_for(&id) {
        return Err(ApiError::Forbidden(format!(
            "this API key may not act for tenant {id:?}"
        )));
    }
    let up = state
        .tenants
        .get(&id)
        .ok_or_else(|| ApiError::NotFound(format!("no tenant {id:?}")))?;
    Ok(Json(view(&state, &up).await))
}
