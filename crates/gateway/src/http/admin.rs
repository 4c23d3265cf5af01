//! `/admin/tenants[/{id}]`: each tenant's token state, last error and rate budget, and
//! `/admin/subscriptions…`: change-notification subscriptions, their progress and
//! delivery attempts, created and deleted at runtime; for admin keys and only the
//! tenants the key lists. Never a secret.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
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

// ---- subscriptions -----------------------------------------------------------------

/// `GET /admin/subscriptions`: the subscriptions of the tenants the key lists, each with
/// its progress per resource; never a secret.
pub async fn subscriptions(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
) -> Json<serde_json::Value> {
    let subs: Vec<serde_json::Value> = state
        .subscriptions
        .all()
        .iter()
        .filter(|s| key.may_act_for(&s.config.tenant))
        .map(|s| s.view())
        .collect();
    Json(serde_json::json!({ "subscriptions": subs }))
}

fn visible(
    state: &AppState,
    key: &super::caller::KeyGrant,
    id: &str,
) -> Result<Arc<crate::subscriptions::Subscription>, ApiError> {
    state
        .subscriptions
        .get(id)
        .filter(|s| key.may_act_for(&s.config.tenant))
        .ok_or_else(|| ApiError::NotFound(format!("no subscription {id:?}")))
}

/// `POST /admin/subscriptions`: a subscription created at runtime, checked as a config
/// file's is (and its URL against `[studio] subscription_hosts`), stored with its secret
/// sealed, and polled at once. The secret is write-only.
pub async fn create_subscription(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
    req: Request,
) -> Result<Response, ApiError> {
    let spec: crate::subscriptions::SubscriptionSpec =
        super::studio::json_body(&state, req).await?;
    if !key.may_act_for(&spec.tenant) {
        return Err(ApiError::Forbidden(format!(
            "this API key may not act for tenant {:?}",
            spec.tenant
        )));
    }
    let config = spec.config();
    let in_service: Vec<String> = state.tenants.all().iter().map(|t| t.id.clone()).collect();
    let known: std::collections::HashSet<&str> = in_service.iter().map(String::as_str).collect();
    state
        .config
        .check_runtime_subscription(&config, &known)
        .map_err(|(field, reason)| super::studio::invalid(&field, reason))?;
    let registry = state.registry();
    if let Some(r) = config
        .resources
        .iter()
        .find(|r| registry.get(&config.tenant, r).is_none())
    {
        return Err(super::studio::invalid(
            "resources",
            format!("tenant {:?} has no resource {r:?}", config.tenant),
        ));
    }
    drop(registry);
    let _one = state.subscriptions.changes.lock().await;
    let taken = state.config.subscriptions.iter().any(|s| s.id == spec.id)
        || state.subscriptions.get(&spec.id).is_some();
    if taken {
        return Err(ApiError::Conflict(format!(
            "a subscription {:?} already exists",
            spec.id
        )));
    }
    let max = state.config.studio.max_runtime_subscriptions;
    if state.subscriptions.runtime_count() >= max {
        return Err(ApiError::Conflict(format!(
            "{max} subscriptions were created at runtime, the most [studio] \
             max_runtime_subscriptions allows"
        )));
    }
    let (id, tenant) = (spec.id.clone(), spec.tenant.clone());
    let sub = state
        .subscriptions
        .create(&state, spec)
        .await
        .map_err(store_failed)?;
    super::studio::audit(
        &super::studio::who(&key),
        "subscription.create",
        &tenant,
        None,
    );
    tracing::info!(subscription = %id, tenant = %tenant, "subscription created");
    let mut resp = (StatusCode::CREATED, Json(sub.view())).into_response();
    if let Ok(loc) = HeaderValue::from_str(&format!("/admin/subscriptions/{id}")) {
        resp.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(resp)
}

/// `DELETE /admin/subscriptions/{id}`: a runtime subscription stops polling and is
/// forgotten with its watermarks and sweep sets. Those of the config file stay.
pub async fn delete_subscription(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let sub = visible(&state, &key, &id)?;
    if sub.origin == "config" {
        return Err(ApiError::Conflict(format!(
            "subscription {id:?} is defined in the config file; remove it there"
        )));
    }
    let _one = state.subscriptions.changes.lock().await;
    visible(&state, &key, &id)?;
    state
        .subscriptions
        .delete(&id)
        .await
        .map_err(store_failed)?;
    super::studio::audit(
        &super::studio::who(&key),
        "subscription.delete",
        &sub.config.tenant,
        None,
    );
    Ok(StatusCode::NO_CONTENT)
}

fn store_failed(e: crate::state::StateError) -> ApiError {
    tracing::error!(error = %e, "subscription store");
    ApiError::Unavailable(format!("the state store failed: {e}"))
}

/// `GET /admin/subscriptions/{id}`.
pub async fn subscription(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(visible(&state, &key, &id)?.view()))
}

/// `GET /admin/subscriptions/{id}/deliveries`: the latest delivery attempts, newest
/// first, with status, latency and error (with Redis, those of every replica).
pub async fn deliveries(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let sub = visible(&state, &key, &id)?;
    let attempts = state.subscriptions.attempts(&sub).await;
    Ok(Json(serde_json::json!({ "deliveries": attempts })))
}

/// `POST /admin/subscriptions/{id}/replay?since=RFC3339`: every change since `since` is
/// delivered again (with the `webhook-id` it had, so receivers that kept it skip it); a
/// time to come means now. Replaying far back costs upstream calls, within the poller's
/// budget share like any poll.
pub async fn replay(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
    Path(id): Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<(axum::http::StatusCode, Json<serde_json::Value>), ApiError> {
    let sub = visible(&state, &key, &id)?;
    let bad = |detail: &str| ApiError::BadRequest {
        detail: format!("since: {detail}"),
        parameter: Some("since".into()),
    };
    let params =
        crate::query_string::unique(query.as_deref()).map_err(|e| ApiError::BadRequest {
            detail: format!("{}: {}", e.name, e.message),
            parameter: Some(e.name.clone()),
        })?;
    if let Some(other) = params.keys().find(|k| k.as_str() != "since") {
        return Err(ApiError::BadRequest {
            detail: format!("{other}: unknown parameter; replay takes since"),
            parameter: Some(other.clone()),
        });
    }
    let since = params
        .get("since")
        .ok_or_else(|| bad("is required (an RFC 3339 datetime)"))?;
    let t = time::OffsetDateTime::parse(since, &time::format_description::well_known::Rfc3339)
        .map_err(|_| bad("must be an RFC 3339 datetime such as 2025-01-31T08:00:00Z"))?;
    // A time to come means "from now on".
    let from = t.unix_timestamp().min(crate::clock::unix_secs());
    state
        .subscriptions
        .replay(&sub, from)
        .await
        .map_err(store_failed)?;
    Ok((
        axum::http::StatusCode::ACCEPTED,
        Json(serde_json::json!({ "id": id, "status": "replaying", "since": since })),
    ))
}
