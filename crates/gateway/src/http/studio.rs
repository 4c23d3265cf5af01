//! The studio over HTTP: the page itself (`/studio`, assets embedded in the binary,
//! strict Content-Security-Policy), tenants created, changed and deleted at runtime
//! (`/admin/tenants`), remote fields of live records, the preview of an override, and
//! saving and restoring overrides. Every change is logged as one audit line (who, what,
//! when; never a secret).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::admin::view;
use super::caller::{AdminCaller, KeyGrant, TenantCaller};
use super::problem::ApiError;
use super::unified::read_body;
use crate::field_message::FieldMessage;
use crate::providers::upstream::Auth;
use crate::resources::definition::{Level, MappingFile};
use crate::resources::listing;
use crate::resources::schema::schemas;
use crate::resources::studio_path;
use crate::studio::{self, CompileError, TenantPatch, TenantSpec};
use crate::tenant::Tenant;

// ---------------------------------------------------------------------------------------
// The page

const INDEX_HTML: &str = include_str!("../../studio/index.html");
const APP_JS: &str = include_str!("../../studio/app.js");
const APP_CSS: &str = include_str!("../../studio/app.css");

/// Scripts, styles and calls from this origin only; no inline code, no frames.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// `GET /studio`: the page.
pub async fn page() -> Response {
    asset("text/html; charset=utf-8", INDEX_HTML)
}

/// `GET /studio/{asset}`: its script and style sheet.
pub async fn asset_file(Path(name): Path<String>) -> Result<Response, ApiError> {
    match name.as_str() {
        "app.js" => Ok(asset("text/javascript; charset=utf-8", APP_JS)),
        "app.css" => Ok(asset("text/css; charset=utf-8", APP_CSS)),
        _ => Err(ApiError::NotFound(format!("no studio asset {name:?}"))),
    }
}

// ---------------------------------------------------------------------------------------
// Shared helpers

/// Who made a change, for the audit line: the admin key by the start of its digest.
pub(super) fn who(key: &KeyGrant) -> String {
    format!("key:{}", hex::encode(&key.digest[..4]))
}

fn all_tenants(key: &KeyGrant) -> Result<(), ApiError> {
    if key.tenants.iter().any(|t| t == "*") {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "changing tenants needs an admin key for all tenants".into(),
        ))
    }
}

fn may_act_for(key: &KeyGrant, tenant: &str) -> Result<(), ApiError> {
    if key.may_act_for(tenant) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "this API key may not act for tenant {tenant:?}"
        )))
    }
}

pub(super) async fn json_body<T: serde::de::DeserializeOwned>(
    state: &AppState,
    req: Request,
) -> Result<T, ApiError> {
    let (_held, value) = read_body(state, req).await?;
    serde_json::from_value(value).map_err(|e| ApiError::bad_param("body", format!("body: {e}")))
}

fn store_failed(e: crate::state::StateError) -> ApiError {
    tracing::error!(error = %e, "studio store");
    ApiError::Unavailable(format!("the state store failed: {e}"))
}

pub(super) fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    let message = message.into();
    ApiError::Validation {
        detail: format!("{field}: {message}"),
        errors: vec![FieldMessage::new(field, message)],
    }
}

/// Obtains a token (or, for fixed credentials, reads one record) with a tenant not yet in
/// service: a change is committed only when its credentials work.
async fn verify(candidate: &Tenant, state: &AppState) -> Result<(), ApiError> {
    let failed = |detail: String| ApiError::Validation {
        detail: format!("the tenant's credentials were not accepted: {detail}"),
        errors: vec![FieldMessage::about_record(detail)],
    };
    match &candidate.upstream.auth {
        Auth::OAuth(tokens) => {
            tokens.verify().await.map_err(|e| failed(e.to_string()))?;
            let refused = tokens.status().refused_scopes;
            if !refused.is_empty() {
                return Err(failed(format!(
                    "the token endpoint refused the scopes {}",
                    refused.join(", ")
                )));
            }
        }
        Auth::Basic(_) => {
            let registry = state.registry();
            let eff = registry
                .deployment(candidate.provider, "purchase_orders")
                .or_else(|| registry.all(None).next())
                .ok_or_else(|| failed("no resource to read".into()))?;
            listing::sample(candidate, eff, 1)
                .await
                .map_err(|e| failed(ApiError::from(e).to_string()))?;
        }
    }
    Ok(())
}

pub(super) fn audit(who: &str, action: &str, tenant: &str, resource: Option<&str>) {
    tracing::info!(
        target: "procura::audit",
        who,
        action,
        tenant,
        resource = resource.unwrap_or(""),
        at = %crate::clock::rfc3339_now(),
        "audit"
    );
}

/// Puts a runtime tenant in service: store, mappings, then the client.
async fn commit(state: &AppState, spec: TenantSpec) -> Result<Arc<Tenant>, ApiError> {
    let config = spec.config();
    state.studio.put_tenant(spec).await.map_err(store_failed)?;
    if let Err(errors) = state.reload() {
        return Err(ApiError::ReloadRejected(
            errors.iter().map(ToString::to_string).collect(),
        ));
    }
    Ok(state.tenants.insert(&config, &state.config))
}

// ---------------------------------------------------------------------------------------
// Tenants at runtime

/// `POST /admin/tenants`.
pub async fn create_tenant(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
    req: Request,
) -> Result<Response, ApiError> {
    all_tenants(&key)?;
    let spec: TenantSpec = json_body(&state, req).await?;
    let config = spec.config();
    state
        .config
        .check_runtime_tenant(&config)
        .map_err(|(field, reason)| invalid(&field, reason))?;
    let _one = state.studio.changes.lock().await;
    if state.tenant_config(&spec.id).is_some() {
        return Err(ApiError::Conflict(format!(
            "a tenant {:?} already exists",
            spec.id
        )));
    }
    if state.studio.tenants().len() >= state.config.studio.max_runtime_tenants {
        return Err(ApiError::Conflict(format!(
            "{} tenants were created at runtime, the most [studio] max_runtime_tenants allows",
            state.config.studio.max_runtime_tenants
        )));
    }
    verify(&state.tenants.candidate(&config, &state.config), &state).await?;
    let id = spec.id.clone();
    let tenant = commit(&state, spec).await?;
    audit(&who(&key), "tenant.create", &id, None);
    let mut resp = (StatusCode::CREATED, Json(view(&state, &tenant).await)).into_response();
    if let Ok(loc) = HeaderValue::from_str(&format!("/admin/tenants/{id}")) {
        resp.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(resp)
}

/// A tenant of the config file cannot be changed here.
fn runtime_only(state: &AppState, id: &str) -> Result<TenantSpec, ApiError> {
    if state.config.tenant(id).is_some() {
        return Err(ApiError::Conflict(format!(
            "tenant {id:?} is defined in the config file and is read-only here"
        )));
    }
    state
        .studio
        .tenant(id)
        .ok_or_else(|| ApiError::NotFound(format!("no tenant {id:?}")))
}

/// `PATCH /admin/tenants/{id}`.
pub async fn update_tenant(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
    Path(id): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    all_tenants(&key)?;
    let patch: TenantPatch = json_body(&state, req).await?;
    let _one = state.studio.changes.lock().await;
    let spec = runtime_only(&state, &id)?.patched(patch);
    let config = spec.config();
    state
        .config
        .check_runtime_tenant(&config)
        .map_err(|(field, reason)| invalid(&field, reason))?;
    verify(&state.tenants.candidate(&config, &state.config), &state).await?;
    let tenant = commit(&state, spec).await?;
    audit(&who(&key), "tenant.update", &id, None);
    Ok(Json(view(&state, &tenant).await).into_response())
}

/// `DELETE /admin/tenants/{id}`: the tenant, its saved overrides and the subscriptions
/// created for it at runtime.
pub async fn delete_tenant(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    all_tenants(&key)?;
    let _one = state.studio.changes.lock().await;
    runtime_only(&state, &id)?;
    state
        .studio
        .delete_tenant(&id)
        .await
        .map_err(store_failed)?;
    state.tenants.remove(&id);
    let _ = state.reload();
    audit(&who(&key), "tenant.delete", &id, None);
    // Its subscriptions cannot poll any more: they go with it.
    let _subs = state.subscriptions.changes.lock().await;
    for sub in state.subscriptions.all() {
        if sub.config.tenant == id && sub.origin == "runtime" {
            state
                .subscriptions
                .delete(&sub.config.id)
                .await
                .map_err(store_failed)?;
            audit(&who(&key), "subscription.delete", &id, None);
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------------------------------
// Remote fields

const MAX_SAMPLE: u32 = 50;

fn sample_param(query: Option<&str>, default: u32) -> Result<u32, ApiError> {
    let mut n = default;
    for (k, v) in
        crate::query_string::pairs(query).map_err(|e| ApiError::bad_param(&e.name, e.message))?
    {
        match k.as_str() {
            "sample" => {
                n = v
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=MAX_SAMPLE).contains(n))
                    .ok_or_else(|| {
                        ApiError::bad_param(
                            "sample",
                            format!("must be a whole number from 1 to {MAX_SAMPLE}"),
                        )
                    })?;
            }
            "tenant_id" => {}
            other => {
                return Err(ApiError::bad_param(
                    other,
                    format!("unknown parameter {other:?}; this path takes sample"),
                ));
            }
        }
    }
    Ok(n)
}

/// `GET /unified/procurement/{resource}/remote_fields?sample=N` (admin keys): the field
/// paths of N live records of the tenant's provider.
pub async fn remote_fields(
    State(state): State<Arc<AppState>>,
    caller: TenantCaller,
    Path(resource): Path<String>,
    uri: axum::http::Uri,
) -> Result<Response, ApiError> {
    if !caller.key.admin {
        return Err(ApiError::Forbidden(
            "remote fields need an admin key".into(),
        ));
    }
    let n = sample_param(uri.query(), 10)?;
    let eff = effective(&state, &caller.tenant, &resource)?;
    let records = listing::sample(&caller.tenant, &eff, n).await?;
    Ok(Json(json!({
        "tenant_id": caller.tenant.id,
        "resource": resource,
        "provider": caller.tenant.provider,
        "sampled": records.len(),
        "fields": studio::remote_fields(&records),
        "records": records,
    }))
    .into_response())
}

fn effective(
    state: &AppState,
    tenant: &Tenant,
    resource: &str,
) -> Result<Arc<crate::resources::Effective>, ApiError> {
    let registry = state.registry();
    match registry.get(&tenant.id, resource) {
        Some(e) => Ok(e.clone()),
        None if registry.is_known(resource) => Err(ApiError::Unsupported(format!(
            "{} has no resource {resource:?}",
            tenant.provider.display_name()
        ))),
        None => Err(ApiError::NotFound(format!("no resource {resource:?}"))),
    }
}

// ---------------------------------------------------------------------------------------
// Preview

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    tenant_id: String,
    resource: String,
    /// The override's YAML text; empty for none.
    #[serde(rename = "override")]
    text: String,
    /// Live records to fetch when `records` is not given.
    #[serde(default, deserialize_with = "studio::whole_opt")]
    sample: Option<u32>,
    /// Raw provider records to map instead of live ones (left out, never null).
    #[serde(default, deserialize_with = "not_null")]
    records: Option<Vec<Value>>,
}

/// An optional field that may be left out but not sent as null: openapi.yaml gives it no
/// null, so a null is refused like any other value of the wrong type.
fn not_null<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// `POST /admin/mappings/preview`.
pub async fn preview(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
    req: Request,
) -> Result<Response, ApiError> {
    let body: PreviewRequest = json_body(&state, req).await?;
    may_act_for(&key, &body.tenant_id)?;
    let tenant = state
        .tenants
        .get(&body.tenant_id)
        .ok_or_else(|| ApiError::NotFound(format!("no tenant {:?}", body.tenant_id)))?;
    let current = effective(&state, &tenant, &body.resource)?;
    let n = match body.sample {
        Some(n) if !(1..=MAX_SAMPLE).contains(&n) => {
            return Err(ApiError::bad_param(
                "sample",
                format!("must be a whole number from 1 to {MAX_SAMPLE}"),
            ));
        }
        Some(n) => n,
        None => 5,
    };
    let registry = state.registry();
    let level = if body.text.trim().is_empty() {
        Ok(None)
    } else {
        MappingFile::parse(
            &studio_path(&tenant.id, &body.resource),
            &body.text,
            Level::Override,
        )
        .map(Some)
    };
    let errors: Vec<CompileError> = level
        .as_ref()
        .err()
        .map(CompileError::from)
        .into_iter()
        .collect();
    let base = registry
        .deployment(tenant.provider, &body.resource)
        .cloned()
        .ok_or_else(|| ApiError::NotFound(format!("no resource {:?}", body.resource)))?;
    let candidate = match level {
        Ok(l) => registry.with_override(tenant.provider, &body.resource, l),
        Err(_) => None,
    };
    let records = match body.records {
        Some(records) => {
            if !records.iter().all(Value::is_object) {
                return Err(ApiError::bad_param(
                    "records",
                    "each record must be a JSON object, as the provider sends it",
                ));
            }
            if records.len() > MAX_SAMPLE as usize {
                return Err(ApiError::bad_param(
                    "records",
                    format!("at most {MAX_SAMPLE} records"),
                ));
            }
            records
        }
        None => listing::sample(&tenant, &current, n).await?,
    };
    let schema = candidate.as_ref().and_then(|c| schemas().record(c));
    let validator = schema
        .as_ref()
        .and_then(|s| crate::resources::schema::compile(s, false).ok());
    let projection = candidate.as_ref().map(|c| {
        let reads = c
            .chain
            .levels()
            .last()
            .filter(|_| c.chain.levels().len() > base.chain.levels().len())
            .and_then(|l| l.response.as_ref())
            .map(|e| studio::read_paths(&e.input_paths().root))
            .unwrap_or_default();
        json!({
            "fields": c.projection.fields(),
            "base_fields": base.projection.fields(),
            "override_reads": reads,
        })
    });
    let candidate = candidate.map(Arc::new);
    let results = tenant
        .cpu
        .run(move |deadline| {
            records
                .into_iter()
                .map(|raw| {
                    let id = raw
                        .get(&base.resource.id_field)
                        .cloned()
                        .unwrap_or(Value::Null);
                    let before = base
                        .chain
                        .response_by(&raw, deadline)
                        .map(|o| o.into_value());
                    let after = candidate
                        .as_ref()
                        .map(|c| c.chain.response_by(&raw, deadline).map(|o| o.into_value()));
                    let mut one = json!({ "id": id });
                    match &before {
                        Ok(v) => one["base"] = v.clone(),
                        Err(e) => one["base_error"] = json!(e.message),
                    }
                    match &after {
                        Some(Ok(v)) => {
                            one["output"] = v.clone();
                            if let Ok(b) = &before {
                                one["diff"] = json!(studio::diff(b, v));
                            }
                            if let Some(validator) = &validator {
                                let violations: Vec<Value> = validator
                                    .iter_errors(v)
                                    .take(20)
                                    .map(|e| {
                                        json!({
                                            "path": e.instance_path.to_string(),
                                            "message": e.to_string(),
                                        })
                                    })
                                    .collect();
                                one["violations"] = json!(violations);
                            }
                        }
                        Some(Err(e)) => {
                            one["error"] = json!(format!("{} {}", e.code, e.message));
                        }
                        None => {}
                    }
                    one["raw"] = raw;
                    one
                })
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| ApiError::Unavailable(e.to_string()))?;
    Ok(Json(json!({
        "ok": errors.is_empty(),
        "errors": errors,
        "records": results,
        "projection": projection,
    }))
    .into_response())
}

// ---------------------------------------------------------------------------------------
// Saved overrides

fn override_target(
    state: &AppState,
    key: &KeyGrant,
    id: &str,
    resource: &str,
) -> Result<Arc<Tenant>, ApiError> {
    may_act_for(key, id)?;
    let tenant = state
        .tenants
        .get(id)
        .ok_or_else(|| ApiError::NotFound(format!("no tenant {id:?}")))?;
    effective(state, &tenant, resource)?;
    Ok(tenant)
}

/// The override in force for (tenant, resource), where it comes from, and its versions.
async fn override_view(state: &AppState, id: &str, resource: &str) -> Result<Value, ApiError> {
    let versions = state
        .studio
        .versions(id, resource)
        .await
        .map_err(store_failed)?;
    let (source, text) = match state.studio.override_text(id, resource) {
        Some(text) => ("studio", text),
        None => match state
            .tenant_config(id)
            .and_then(|t| t.overrides)
            .map(|dir| dir.join(format!("{resource}.yaml")))
            .and_then(|f| std::fs::read_to_string(f).ok())
        {
            Some(text) => ("file", text),
            None => ("none", String::new()),
        },
    };
    Ok(json!({
        "tenant_id": id,
        "resource": resource,
        "source": source,
        "text": text,
        "version": if source == "studio" { versions.last().map(|v| v.version) } else { None },
        "versions": versions.iter().rev().map(|v| json!({
            "version": v.version,
            "saved_at": v.saved_at,
            "by": v.by,
            "restored_from": v.restored_from,
        })).collect::<Vec<_>>(),
    }))
}

/// `GET /admin/tenants/{id}/overrides/{resource}`.
pub async fn get_override(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
    Path((id, resource)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    override_target(&state, &key, &id, &resource)?;
    Ok(Json(override_view(&state, &id, &resource).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveRequest {
    /// The override's YAML text.
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestoreRequest {
    #[serde(deserialize_with = "studio::whole")]
    version: u64,
}

/// Checks `text` as the override of (tenant, resource) with every other mapping, saves
/// it as a new version and reloads.
async fn save(
    state: &AppState,
    key: &KeyGrant,
    id: &str,
    resource: &str,
    text: String,
    restored_from: Option<u64>,
) -> Result<Value, ApiError> {
    let _one = state.studio.changes.lock().await;
    let mut overrides = state.studio.overrides();
    overrides.insert((id.to_string(), resource.to_string()), text.clone());
    if let Err(errors) = state.try_load(&overrides) {
        let errors: Vec<FieldMessage> = errors
            .iter()
            .map(|e| {
                let c = CompileError::from(e);
                FieldMessage::new(format!("{}:{}", c.line, c.column), c.message)
            })
            .collect();
        return Err(ApiError::Validation {
            detail: format!("the override of {resource} for {id} does not compile"),
            errors,
        });
    }
    state
        .studio
        .save_override(id, resource, text, who(key), restored_from)
        .await
        .map_err(store_failed)?;
    if let Err(errors) = state.reload() {
        return Err(ApiError::ReloadRejected(
            errors.iter().map(ToString::to_string).collect(),
        ));
    }
    audit(
        &who(key),
        if restored_from.is_some() {
            "override.restore"
        } else {
            "override.save"
        },
        id,
        Some(resource),
    );
    override_view(state, id, resource).await
}

/// `PUT /admin/tenants/{id}/overrides/{resource}`.
pub async fn put_override(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
    Path((id, resource)): Path<(String, String)>,
    req: Request,
) -> Result<Json<Value>, ApiError> {
    override_target(&state, &key, &id, &resource)?;
    let body: SaveRequest = json_body(&state, req).await?;
    Ok(Json(
        save(&state, &key, &id, &resource, body.text, None).await?,
    ))
}

/// `POST /admin/tenants/{id}/overrides/{resource}/restore`.
pub async fn restore_override(
    State(state): State<Arc<AppState>>,
    AdminCaller(key): AdminCaller,
    Path((id, resource)): Path<(String, String)>,
    req: Request,
) -> Result<Json<Value>, ApiError> {
    override_target(&state, &key, &id, &resource)?;
    let body: RestoreRequest = json_body(&state, req).await?;
    let versions = state
        .studio
        .versions(&id, &resource)
        .await
        .map_err(store_failed)?;
    let old = versions
        .into_iter()
        .find(|v| v.version == body.version)
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "no version {} of the {resource} override of {id}",
                body.version
            ))
        })?;
    Ok(Json(
        save(&state, &key, &id, &resource, old.text, Some(body.version)).await?,
    ))
}
