//! `/unified/procurement/{resource}[/{id}]`: the unified API. Each handler names the
//! tenant's effective resource, hands the query to `resources`, and shapes the answer.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::AppState;
use super::caller::TenantCaller;
use super::problem::ApiError;
use super::ratelimit::TenantTag;
use crate::observe;
use crate::resources::Effective;
use crate::resources::listing::{self, RecordMappingError, ResourceError};

impl From<ResourceError> for ApiError {
    fn from(e: ResourceError) -> Self {
        match e {
            ResourceError::BadParam { parameter, detail } => ApiError::BadRequest {
                detail: format!("{parameter}: {detail}"),
                parameter: Some(parameter),
            },
            ResourceError::NotFound(d) => ApiError::NotFound(d),
            ResourceError::Upstream(u) => ApiError::Upstream(u),
            ResourceError::Mapping(m) => {
                let RecordMappingError {
                    resource,
                    tenant,
                    record_id,
                    error,
                } = *m;
                let mut extra = Map::new();
                extra.insert("resource".into(), json!(resource));
                extra.insert("tenant_id".into(), json!(tenant));
                extra.insert("record_id".into(), json!(record_id));
                let file = error
                    .file
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                extra.insert("mapping_file".into(), json!(file));
                extra.insert("jsonata_code".into(), json!(error.code));
                extra.insert("jsonata_error".into(), json!(error.message));
                ApiError::Mapping {
                    detail: format!(
                        "the {resource} mapping failed on record {record_id} of tenant {tenant}: {} {}",
                        error.code, error.message
                    ),
                    extra,
                }
            }
        }
    }
}

/// Runs a tenant handler and tags its answer, errors included, for the rate-limit headers.
async fn tagged<F>(caller: &TenantCaller, resource: &str, work: F) -> Response
where
    F: Future<Output = Result<Response, ResourceError>>,
{
    let tenant = caller.tenant.id.clone();
    let mut resp = match work.await {
        Ok(r) => r,
        Err(e) => {
            let counter = match &e {
                ResourceError::Mapping(_) => Some(observe::MAPPING_ERRORS),
                ResourceError::BadParam { parameter, .. }
                    if parameter == "cursor" || parameter == "sync_token" =>
                {
                    Some(observe::CURSOR_REJECTIONS)
                }
                _ => None,
            };
            if let Some(name) = counter {
                metrics::counter!(name, "tenant" => tenant, "resource" => resource.to_string())
                    .increment(1);
            }
            ApiError::from(e).into_response()
        }
    };
    resp.extensions_mut()
        .insert(TenantTag(caller.tenant.clone()));
    resp
}

fn effective(
    state: &AppState,
    caller: &TenantCaller,
    resource: &str,
) -> Result<Arc<Effective>, ResourceError> {
    state
        .registry()
        .get(&caller.tenant.id, resource)
        .cloned()
        .ok_or_else(|| ResourceError::NotFound(format!("no resource {resource:?}")))
}

pub async fn list(
    State(state): State<Arc<AppState>>,
    caller: TenantCaller,
    Path(resource): Path<String>,
    uri: Uri,
) -> Response {
    tagged(&caller, &resource, async {
        let eff = effective(&state, &caller, &resource)?;
        let settings = state.list_settings();
        let plan = listing::plan(
            uri.query(),
            &eff,
            &caller.tenant.id,
            &state.signer,
            settings,
        )?;
        let page = listing::list(&caller.tenant, &eff, plan, &state.signer, settings).await?;
        let mut body = Map::new();
        body.insert("result".into(), Value::Array(page.records));
        body.insert("next_cursor".into(), json!(page.next_cursor));
        if let Some(token) = page.sync_token {
            body.insert("sync_token".into(), json!(token));
        }
        Ok(Json(Value::Object(body)).into_response())
    })
    .await
}

pub async fn get(
    State(state): State<Arc<AppState>>,
    caller: TenantCaller,
    Path((resource, id)): Path<(String, String)>,
    uri: Uri,
) -> Response {
    tagged(&caller, &resource, async {
        let eff = effective(&state, &caller, &resource)?;
        let remote_data = get_params(uri.query())?;
        let record = listing::get(&caller.tenant, &eff, &id, remote_data).await?;
        Ok(Json(record).into_response())
    })
    .await
}

/// A get takes `remote_data` only (and `tenant_id`).
fn get_params(query: Option<&str>) -> Result<bool, ResourceError> {
    let mut remote_data = false;
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        match (k.as_ref(), v.as_ref()) {
            ("tenant_id", _) => {}
            ("remote_data", "true") => remote_data = true,
            ("remote_data", "false") => remote_data = false,
            ("remote_data", _) => {
                return Err(listing::bad("remote_data", "must be true or false"));
            }
            (other, _) => {
                return Err(listing::bad(
                    other,
                    "unknown parameter; a get takes remote_data",
                ));
            }
        }
    }
    Ok(remote_data)
}
