//! `/unified/procurement/{resource}[/{id}]`: the unified API. Each handler names the
//! tenant's effective resource, hands the query to `resources`, and shapes the answer.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{Map, Value, json};

use super::AppState;
use super::body::{self, Buffered};
use super::caller::TenantCaller;
use super::problem::{ApiError, PROBLEM_JSON, PendingProblem};
use super::ratelimit::TenantTag;
use crate::observe;
use crate::providers::UpstreamError;
use crate::resources::Effective;
use crate::resources::definition::Write;
use crate::resources::listing::{self, RecordMappingError, ResourceError};
use crate::resources::schema::{schemas, widen_with_sample};
use crate::resources::writing;
use crate::state::idempotency::{self, Begin, Stored};

impl From<ResourceError> for ApiError {
    fn from(e: ResourceError) -> Self {
        match e {
            ResourceError::BadParam { parameter, detail } => ApiError::BadRequest {
                detail: format!("{parameter}: {detail}"),
                parameter: Some(parameter),
            },
            ResourceError::NotFound(d) => ApiError::NotFound(d),
            ResourceError::Unsupported(d) => ApiError::Unsupported(d),
            ResourceError::NotAllowed(d) => ApiError::NotAllowed(d),
            ResourceError::Validation { refused_by, errors } => ApiError::Validation {
                detail: format!(
                    "{refused_by} refused the record: {}",
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                errors,
            },
            ResourceError::WriteOutcomeUnknown(d) => ApiError::WriteOutcomeUnknown(d),
            ResourceError::Unavailable(d) => ApiError::Unavailable(d),
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
    let mut resp = match work.await {
        Ok(r) => r,
        Err(e) => {
            count(caller, resource, &e);
            ApiError::from(e).into_response()
        }
    };
    resp.extensions_mut()
        .insert(TenantTag(caller.tenant.clone()));
    resp
}

/// Counts the errors the metrics name: failed mappings and refused cursors.
fn count(caller: &TenantCaller, resource: &str, e: &ResourceError) {
    let counter = match e {
        ResourceError::Mapping(_) => Some(observe::MAPPING_ERRORS),
        ResourceError::BadParam { parameter, .. }
            if parameter == "cursor" || parameter == "sync_token" =>
        {
            Some(observe::CURSOR_REJECTIONS)
        }
        _ => None,
    };
    if let Some(name) = counter {
        let tenant = caller.tenant.id.clone();
        metrics::counter!(name, "tenant" => tenant, "resource" => resource.to_string())
            .increment(1);
    }
}

fn effective(
    state: &AppState,
    caller: &TenantCaller,
    resource: &str,
) -> Result<Arc<Effective>, ResourceError> {
    tracing::Span::current().record("resource", resource);
    let registry = state.registry();
    match registry.get(&caller.tenant.id, resource) {
        Some(eff) => Ok(eff.clone()),
        None if registry.is_known(resource) => Err(ResourceError::Unsupported(format!(
            "{} has no {resource} resource in procura's mappings for this tenant",
            caller.tenant.provider.display_name()
        ))),
        None => Err(ResourceError::NotFound(format!("no resource {resource:?}"))),
    }
}

/// A list answer: the records as the mapping threads serialized them.
#[derive(serde::Serialize)]
struct ListBody {
    result: Vec<listing::Mapped>,
    next_cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sync_token: Option<String>,
}

/// Takes the query as its own string, not the request's `Uri`: hyper parses a request's
/// head in place, so its `Uri` shares the connection's 8 kB read buffer, and a request
/// that waits for a place among the tenant's pages in flight would keep that buffer while
/// hyper allocates another to watch the connection.
pub async fn list(
    State(state): State<Arc<AppState>>,
    caller: TenantCaller,
    Path(resource): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    tagged(&caller, &resource, async {
        let eff = effective(&state, &caller, &resource)?;
        let settings = state.list_settings();
        let plan = listing::plan(
            query.as_deref(),
            &eff,
            &caller.tenant.id,
            &state.signer,
            settings,
        )?;
        let page = listing::list(&caller.tenant, &eff, plan, &state.signer, settings).await?;
        let body = Json(ListBody {
            result: page.records,
            next_cursor: page.next_cursor,
            sync_token: page.sync_token,
        })
        .into_response();
        // The body is built: the next page may take this one's place.
        drop(page.held);
        Ok(body)
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
        let (remote_data, fields) = get_params(uri.query())?;
        let selection = fields
            .map(|f| listing::get_selection(&caller.tenant, &eff, &f))
            .transpose()?;
        let record = listing::get(&caller.tenant, &eff, &id, remote_data, selection).await?;
        Ok(Json(record).into_response())
    })
    .await
}

/// A get takes `remote_data` and `fields` (and `tenant_id`).
fn get_params(query: Option<&str>) -> Result<(bool, Option<String>), ResourceError> {
    let mut remote_data = false;
    let mut fields = None;
    let params = crate::query_string::unique_but(query, &[crate::resources::selection::PARAM])
        .map_err(|e| listing::bad(&e.name, e.message))?;
    for (k, v) in &params {
        match (k.as_str(), v.as_str()) {
            ("tenant_id", _) => {}
            ("remote_data", "true") => remote_data = true,
            ("remote_data", "false") => remote_data = false,
            ("remote_data", _) => {
                return Err(listing::bad("remote_data", "must be true or false"));
            }
            ("fields", f) => fields = Some(f.to_string()),
            (other, _) => {
                return Err(listing::bad(
                    other,
                    "unknown parameter; a get takes remote_data and fields",
                ));
            }
        }
    }
    Ok((remote_data, fields))
}

/// The body of a write: JSON, within the size limit and the budget of buffered bodies.
pub(crate) async fn read_body(
    state: &AppState,
    req: Request,
) -> Result<(Buffered, Value), ApiError> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|ct| {
            let ct = ct.split(';').next().unwrap_or("").trim();
            ct.eq_ignore_ascii_case("application/json") || ct.ends_with("+json")
        })
        .unwrap_or(false);
    if !is_json {
        return Err(ApiError::UnsupportedMediaType(
            "send the body as Content-Type: application/json".into(),
        ));
    }
    let (parts, body) = req.into_parts();
    let buffered = body::read(
        &state.body_budget,
        state.config.server.body_limit_bytes,
        &parts.headers,
        body,
    )
    .await?;
    let value = serde_json::from_slice(&buffered.bytes)
        .map_err(|e| ApiError::bad_param("body", format!("body: not valid JSON: {e}")))?;
    Ok((buffered, value))
}

/// The `Idempotency-Key` header, checked.
fn idempotency_key(req: &Request) -> Result<Option<String>, ApiError> {
    let Some(v) = req.headers().get("idempotency-key") else {
        return Ok(None);
    };
    let key = v
        .to_str()
        .ok()
        .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| (b' '..=b'~').contains(&b)))
        .ok_or_else(|| {
            ApiError::bad_param(
                "Idempotency-Key",
                "must be 1 to 255 visible ASCII characters",
            )
        })?;
    Ok(Some(key.to_string()))
}

/// Runs a write, honouring `Idempotency-Key` on POST. Only a write that reaches the
/// provider is remembered under its key: one refused before (a body too large,
/// unreadable or not JSON, unknown fields, a body the mapping cannot handle, a resource
/// that cannot be written) claims nothing and stores nothing.
async fn write<P>(
    state: &AppState,
    caller: &TenantCaller,
    eff: &Arc<Effective>,
    req: Request,
    ok: StatusCode,
    prepare: P,
) -> Response
where
    P: AsyncFnOnce(&Value) -> Result<writing::Prepared, ResourceError>,
{
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let key = match idempotency_key(&req) {
        Ok(k) => k.filter(|_| method == Method::POST),
        Err(e) => return e.into_response(),
    };
    let (buffered, body) = match read_body(state, req).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let prepared = match prepare(&body).await {
        Ok(p) => p,
        Err(e) => return ApiError::from(e).into_response(),
    };
    drop(body);
    let fp = idempotency::fingerprint(method.as_str(), &path, &buffered.bytes);
    drop(buffered);
    let send = async || {
        writing::send(&caller.tenant, eff, &prepared)
            .await
            .map(|record| (ok, record))
            .map_err(ApiError::from)
    };
    once(state, caller, key, fp, send).await
}

/// Runs `send` once per `Idempotency-Key` (always, without one): a retry with the same
/// key and fingerprint replays the first answer, one with another fingerprint is a 409.
async fn once<S>(
    state: &AppState,
    caller: &TenantCaller,
    key: Option<String>,
    fp: [u8; 32],
    send: S,
) -> Response
where
    S: AsyncFnOnce() -> Result<(StatusCode, Value), ApiError>,
{
    let Some(key) = key else {
        return respond(send().await);
    };
    let guard = match state.idempotency.begin(&caller.tenant.id, &key, fp).await {
        Begin::Replay(stored) => return replay(stored),
        Begin::Conflict => {
            return ApiError::Conflict(
                "this Idempotency-Key was used with another request body".into(),
            )
            .into_response();
        }
        Begin::Run(guard) => guard,
    };
    let result = send().await;
    // The provider's answer was too large to read: the write itself went through.
    let applied = matches!(
        &result,
        Err(ApiError::Upstream(UpstreamError::TooLarge { status, .. })) if (200..300).contains(status)
    );
    let mut resp = respond(result);
    let status = resp.status();
    // Failures a retry may fix free the key; everything else is the answer for good,
    // including a timed-out write, whose outcome is unknown.
    let keep = status.is_success()
        || (status.is_client_error() && status != StatusCode::TOO_MANY_REQUESTS)
        || status == StatusCode::GATEWAY_TIMEOUT
        || applied;
    if !keep {
        guard.forget().await;
        return resp;
    }
    let stored = match stored_of(&mut resp).await {
        Some(s) => s,
        None => {
            guard.forget().await;
            return ApiError::Internal.into_response();
        }
    };
    let max_record = state.config.state.idempotency_max_record_bytes;
    if stored.body.len() + stored.content_type.len() > max_record {
        // Kept as done, without the body: a replay is told so instead of running twice.
        let mut marker = ApiError::Conflict(format!(
            "the request with this Idempotency-Key already ran (status {}); its answer, {} \
             bytes, was larger than the {max_record} bytes kept for replay \
             (state.idempotency_max_record_bytes): read the record instead",
            stored.status,
            stored.body.len()
        ))
        .into_response();
        match stored_of(&mut marker).await {
            Some(m) => guard.remember(m).await,
            None => guard.forget().await,
        }
        return replay_parts(stored, false);
    }
    guard.remember(stored.clone()).await;
    replay_parts(stored, false)
}

fn respond(result: Result<(StatusCode, Value), ApiError>) -> Response {
    match result {
        Ok((status, v)) => (status, Json(v)).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The response as kept for replay (problem bodies without their request id).
async fn stored_of(resp: &mut Response) -> Option<Stored> {
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .to_string();
    let body = if let Some(PendingProblem(p)) = resp.extensions().get::<PendingProblem>() {
        Bytes::from(serde_json::to_vec(p).ok()?)
    } else {
        let b = std::mem::take(resp.body_mut());
        axum::body::to_bytes(b, usize::MAX).await.ok()?
    };
    Some(Stored {
        status,
        content_type,
        body,
    })
}

fn replay(stored: Stored) -> Response {
    replay_parts(stored, true)
}

fn replay_parts(stored: Stored, replayed: bool) -> Response {
    let problem = stored.content_type.starts_with(PROBLEM_JSON);
    let mut resp = if problem {
        let map: Map<String, Value> = serde_json::from_slice(&stored.body).unwrap_or_default();
        let mut r = Response::new(axum::body::Body::empty());
        r.extensions_mut().insert(PendingProblem(map));
        r
    } else {
        Response::new(axum::body::Body::from(stored.body))
    };
    *resp.status_mut() = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    if let Ok(ct) = HeaderValue::from_str(&stored.content_type) {
        resp.headers_mut().insert(header::CONTENT_TYPE, ct);
    }
    if replayed {
        resp.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    resp
}

pub async fn create(
    State(state): State<Arc<AppState>>,
    caller: TenantCaller,
    Path(resource): Path<String>,
    req: Request,
) -> Response {
    let eff = match effective(&state, &caller, &resource) {
        Ok(e) => e,
        Err(e) => return tag(&caller, ApiError::from(e).into_response()),
    };
    if let Some(refused) = refuse_missing(&state, &caller, &eff, Write::Create, &req) {
        return tag(&caller, refused.into_response());
    }
    let resp = write(
        &state,
        &caller,
        &eff,
        req,
        StatusCode::CREATED,
        async |body| writing::prepare_create(&caller.tenant, &eff, body).await,
    )
    .await;
    tag(&caller, resp)
}

pub async fn update(
    State(state): State<Arc<AppState>>,
    caller: TenantCaller,
    Path((resource, id)): Path<(String, String)>,
    req: Request,
) -> Response {
    let eff = match effective(&state, &caller, &resource) {
        Ok(e) => e,
        Err(e) => return tag(&caller, ApiError::from(e).into_response()),
    };
    if let Some(refused) = refuse_missing(&state, &caller, &eff, Write::Update, &req) {
        return tag(&caller, refused.into_response());
    }
    let resp = write(&state, &caller, &eff, req, StatusCode::OK, async |body| {
        writing::prepare_update(&caller.tenant, &eff, &id, body).await
    })
    .await;
    tag(&caller, resp)
}

/// The refusal, before the body is read, of a write the tenant's resource lacks: 404
/// `unsupported` when another provider's resource of that name has it (the operation
/// exists in the unified API, the tenant's provider lacks it); 405 when no provider's
/// does, `Allow` naming what `openapi.yaml` declares for the path.
fn refuse_missing(
    state: &AppState,
    caller: &TenantCaller,
    eff: &Effective,
    write: Write,
    req: &Request,
) -> Option<ApiError> {
    let Err(ResourceError::NotAllowed(detail)) = writing::require(eff, write) else {
        return None;
    };
    let registry = state.registry();
    let name = &eff.resource.name;
    if registry
        .all(None)
        .any(|e| e.resource.name == *name && e.resource.writes.contains(&write))
    {
        return Some(unsupported_operation(caller, name, write.operation()));
    }
    let allow = super::declared_methods(registry.all(None), req.uri().path())
        .unwrap_or_else(|| vec!["GET"]);
    Some(ApiError::MethodRefused {
        detail,
        allow: allow.join(", ").into(),
    })
}

/// 404 `unsupported`: an operation of the unified API the tenant's provider lacks.
fn unsupported_operation(caller: &TenantCaller, resource: &str, operation: &str) -> ApiError {
    ApiError::Unsupported(format!(
        "{} has no {operation} operation on {resource} in procura's mappings for this tenant \
         (GET /unified/procurement/coverage lists what it supports)",
        caller.tenant.provider.display_name()
    ))
}

/// A declared action on a record (POST, no body), honouring `Idempotency-Key` as the
/// other POSTs do.
pub async fn action(
    State(state): State<Arc<AppState>>,
    caller: TenantCaller,
    Path((resource, id, name)): Path<(String, String, String)>,
    req: Request,
) -> Response {
    let eff = match effective(&state, &caller, &resource) {
        Ok(e) => e,
        Err(e) => return tag(&caller, ApiError::from(e).into_response()),
    };
    if !eff.resource.actions.contains_key(&name) {
        let elsewhere = state
            .registry()
            .all(None)
            .any(|e| e.resource.name == resource && e.resource.actions.contains_key(&name));
        let missing = if elsewhere {
            unsupported_operation(&caller, &resource, &name)
        } else {
            ApiError::NotFound(format!("{resource} has no action {name:?}"))
        };
        return tag(&caller, missing.into_response());
    }
    let key = match idempotency_key(&req) {
        Ok(k) => k,
        Err(e) => return tag(&caller, e.into_response()),
    };
    let fp = idempotency::fingerprint(Method::POST.as_str(), req.uri().path(), b"");
    drop(req);
    let send = async || {
        writing::action(&caller.tenant, &eff, &id, &name)
            .await
            .map(|record| (StatusCode::OK, record))
            .map_err(|e| {
                count(&caller, &resource, &e);
                ApiError::from(e)
            })
    };
    let resp = once(&state, &caller, key, fp, send).await;
    tag(&caller, resp)
}

fn tag(caller: &TenantCaller, mut resp: Response) -> Response {
    resp.extensions_mut()
        .insert(TenantTag(caller.tenant.clone()));
    resp
}

/// `GET /unified/procurement/coverage`: each resource with the operations and filters the
/// caller's tenant's provider supports.
pub async fn coverage(State(state): State<Arc<AppState>>, caller: TenantCaller) -> Response {
    tagged(&caller, "coverage", async {
        let resources = state.registry().coverage(&caller.tenant.id);
        Ok(Json(serde_json::json!({
            "tenant_id": caller.tenant.id,
            "provider": caller.tenant.provider,
            "resources": resources,
        }))
        .into_response())
    })
    .await
}

/// `GET /unified/procurement/{resource}/schema`: the tenant's JSON Schema of the record,
/// with the fields its overrides declare, and types sampled from one record for fields
/// they add without declaring.
pub async fn schema(
    State(state): State<Arc<AppState>>,
    caller: TenantCaller,
    Path(resource): Path<String>,
) -> Response {
    tagged(&caller, &resource, async {
        let eff = effective(&state, &caller, &resource)?;
        let mut schema = schemas()
            .record(&eff)
            .ok_or_else(|| ResourceError::NotFound(format!("no schema for {resource:?}")))?;
        if eff.chain.levels().len() > 1 {
            let settings = state.list_settings();
            let sample = listing::plan(
                Some("limit=1"),
                &eff,
                &caller.tenant.id,
                &state.signer,
                settings,
            )
            .map(|plan| listing::list(&caller.tenant, &eff, plan, &state.signer, settings));
            if let Ok(fut) = sample
                && let Ok(page) = fut.await
                && let Ok(records) = page.values()
                && let Some(record) = records.first()
            {
                widen_with_sample(&mut schema, record);
            }
        }
        Ok(Json(schema).into_response())
    })
    .await
}
