//! The sandbox's HTTP face: `/oauth2/token`, `/api/…` with Coupa's wire rules, and the
//! `/__sandbox/` control API.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post, put};
use rand::Rng;
use serde_json::{Value, json};
use tokio::time::Instant;

use super::query::{self, ListQuery};
use super::writes::{self, UpdateError};
use super::{Client, Counters, Fault, Inner, RateLimit, RecordedRequest, Token, lock, xml};

type Shared = Arc<Inner>;

pub fn router(inner: Shared) -> Router {
    Router::new()
        .route("/oauth2/token", post(token))
        .route("/api/{*rest}", any(api))
        .route(
            "/__sandbox/records/{resource}",
            get(ctl_ids).post(ctl_insert),
        )
        .route(
            "/__sandbox/records/{resource}/{id}",
            get(ctl_get).patch(ctl_update).delete(ctl_delete),
        )
        .route("/__sandbox/rate_limit", put(ctl_rate_limit))
        .route("/__sandbox/latency", put(ctl_latency))
        .route("/__sandbox/fields", put(ctl_fields))
        .route("/__sandbox/faults", post(ctl_fault))
        .route("/__sandbox/fault_rate", put(ctl_fault_rate))
        .route("/__sandbox/revoke_tokens", post(ctl_revoke))
        .route("/__sandbox/clients", post(ctl_add_client))
        .route(
            "/__sandbox/clients/{id}",
            axum::routing::delete(ctl_remove_client),
        )
        .route("/__sandbox/counters", get(ctl_counters))
        .route("/__sandbox/counters/reset", post(ctl_reset))
        .fallback(|| async { (StatusCode::NOT_FOUND, "Not Found") })
        .with_state(inner)
}

// ---- OAuth ---------------------------------------------------------------------------

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        json!({"error": error, "error_description": description}).to_string(),
    )
        .into_response()
}

async fn token(State(s): State<Shared>, body: Bytes) -> Response {
    let mut grant = String::new();
    let mut id = String::new();
    let mut secret = String::new();
    let mut scope = String::new();
    for (k, v) in url::form_urlencoded::parse(&body) {
        match k.as_ref() {
            "grant_type" => grant = v.into_owned(),
            "client_id" => id = v.into_owned(),
            "client_secret" => secret = v.into_owned(),
            "scope" => scope = v.into_owned(),
            _ => {}
        }
    }
    if grant != "client_credentials" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only client_credentials is supported",
        );
    }
    let client: Option<Client> = lock(&s.clients).iter().find(|c| c.id == id).cloned();
    let Some(client) = client.filter(|c| c.secret == secret) else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication failed",
        );
    };
    let asked: Vec<&str> = scope.split_whitespace().collect();
    if let Some(allowed) = &client.scopes {
        let refused: Vec<&str> = asked
            .iter()
            .copied()
            .filter(|s| !allowed.iter().any(|a| a == s))
            .collect();
        if !refused.is_empty() {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                &format!("scope(s) not allowed: {}", refused.join(" ")),
            );
        }
    }
    let granted = if asked.is_empty() {
        client.scopes.clone().unwrap_or_default().join(" ")
    } else {
        asked.join(" ")
    };
    let value = jwt_like(&mut rand::thread_rng());
    lock(&s.tokens).insert(
        value.clone(),
        Token {
            issued: Instant::now(),
            ttl: s.token_ttl,
        },
    );
    *lock(&s.counters).token_grants.entry(client.id).or_default() += 1;
    (
        [(header::CONTENT_TYPE, "application/json")],
        json!({
            "access_token": value,
            "token_type": "bearer",
            "expires_in": s.token_ttl.as_secs(),
            "scope": granted,
        })
        .to_string(),
    )
        .into_response()
}

/// A long opaque token shaped like a JWT.
fn jwt_like(rng: &mut impl Rng) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut part = |n: usize| {
        let bytes: Vec<u8> = (0..n).map(|_| rng.r#gen()).collect();
        b64.encode(bytes)
    };
    format!("eyJhbGciOiJSUzI1NiJ9.{}.{}", part(180), part(128))
}

// ---- the API -------------------------------------------------------------------------

/// The XML element of one record of a resource.
fn element(resource: &str) -> Option<&'static str> {
    Some(match resource {
        "purchase_orders" => "order-header",
        "purchase_order_lines" => "order-line",
        "invoices" => "invoice-header",
        "suppliers" => "supplier",
        "requisitions" => "requisition-header",
        "expense_reports" => "expense-report",
        "contracts" => "contract",
        "users" => "user",
        "departments" => "department",
        "accounts" => "account",
        "approvals" => "approval",
        "inventory_transactions" => "inventory-transaction",
        "items" => "item",
        "exchange_rates" => "exchange-rate",
        "currencies" => "currency",
        "payment_terms" => "payment-term",
        "commodities" => "commodity",
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Xml,
}

/// A finished answer, before faults bend it.
struct Answer {
    status: StatusCode,
    format: Format,
    body: String,
}

impl Answer {
    fn errors(status: StatusCode, format: Format, errors: &[(String, String)]) -> Answer {
        let body = match format {
            Format::Json => {
                let mut m = serde_json::Map::new();
                for (attr, msg) in errors {
                    if let Some(a) = m
                        .entry(attr.clone())
                        .or_insert_with(|| json!([]))
                        .as_array_mut()
                    {
                        a.push(json!(msg));
                    }
                }
                json!({ "errors": m }).to_string()
            }
            Format::Xml => xml::errors(
                &errors
                    .iter()
                    .map(|(a, m)| {
                        if a == "base" {
                            m.clone()
                        } else {
                            format!("{} {m}", humanize(a))
                        }
                    })
                    .collect::<Vec<_>>(),
            ),
        };
        Answer {
            status,
            format,
            body,
        }
    }
}

/// `po-number` → `Po number`, as Coupa words attribute names in messages.
fn humanize(attr: &str) -> String {
    let words = attr.replace(['-', '_', '.'], " ");
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

async fn api(
    State(s): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let query = uri.query().unwrap_or("").to_string();
    s.record(RecordedRequest {
        method: method.to_string(),
        path: path.clone(),
        query: query.clone(),
        headers: headers
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
    });
    let latency = *lock(&s.latency);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let fault = s.next_fault();
    let mut force_xml = false;
    match &fault {
        Some(Fault::Status { status, body }) => {
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            s.count_bytes(&path, body.len());
            return (status, [(header::CONTENT_TYPE, "text/html")], body.clone()).into_response();
        }
        Some(Fault::Reset) => return reset(),
        Some(Fault::Redirect { location }) => {
            return (
                StatusCode::FOUND,
                [(header::LOCATION, location.as_str())],
                "",
            )
                .into_response();
        }
        Some(Fault::Slow(d)) => tokio::time::sleep(*d).await,
        Some(Fault::TooMany {
            body,
            retry_after,
            content_type,
        }) => {
            s.count_bytes(&path, body.len());
            let mut r = (StatusCode::TOO_MANY_REQUESTS, body.clone()).into_response();
            if let Ok(ct) = content_type.parse() {
                r.headers_mut().insert(header::CONTENT_TYPE, ct);
            }
            if let Some(ra) = retry_after {
                r.headers_mut().insert(header::RETRY_AFTER, (*ra).into());
            }
            return r;
        }
        Some(Fault::XmlAnyway) => force_xml = true,
        Some(Fault::Flood {
            bytes,
            chunked,
            stall_after,
        }) => return s.flood(&path, *bytes, *chunked, *stall_after),
        _ => {}
    }
    if !s.admit() {
        let body = "Rate limit exceeded";
        s.count_bytes(&path, body.len());
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::CONTENT_TYPE, "text/plain")],
            body,
        )
            .into_response();
    }
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let format = if accept.contains("json") && !force_xml {
        Format::Json
    } else {
        Format::Xml
    };
    let answer = handle(&s, &method, &path, &query, &headers, &body, format);
    let mut body_text = answer.body;
    if fault == Some(Fault::Malformed) {
        body_text = match answer.format {
            Format::Json => "[{\"id\": 1, \"po-number\": ".into(),
            Format::Xml => {
                "<?xml version=\"1.0\"?><order-headers type=\"array\"><order-header>".into()
            }
        };
    }
    s.count_bytes(&path, body_text.len());
    let content_type = match answer.format {
        Format::Json => "application/json; charset=utf-8",
        Format::Xml => "application/xml; charset=utf-8",
    };
    if fault == Some(Fault::Truncated) {
        return truncated(answer.status, content_type, body_text);
    }
    (
        answer.status,
        [(header::CONTENT_TYPE, content_type)],
        body_text,
    )
        .into_response()
}

/// A response whose body fails at once: the connection closes with no answer.
fn reset() -> Response {
    let stream = futures::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("connection reset by the sandbox"))
    });
    Response::new(Body::from_stream(stream))
}

/// The full length declared, half the bytes sent, then the connection closes.
fn truncated(status: StatusCode, content_type: &str, body: String) -> Response {
    let len = body.len();
    let half = Bytes::from(body.into_bytes()).slice(..len / 2);
    let stream = futures::stream::iter(vec![
        Ok(half),
        Err(std::io::Error::other("truncated by the sandbox")),
    ]);
    let mut r = Response::new(Body::from_stream(stream));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        content_type.parse().expect("valid header"),
    );
    r.headers_mut().insert(header::CONTENT_LENGTH, len.into());
    r
}

fn authorized(s: &Inner, headers: &HeaderMap) -> Result<(), &'static str> {
    if let (Some(key), Some(given)) = (&s.api_key, headers.get("x-coupa-api-key")) {
        return if given.as_bytes() == key.as_bytes() {
            Ok(())
        } else {
            Err("Invalid API key")
        };
    }
    let Some(auth) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Err("Authorization required");
    };
    let Some(token) = auth
        .strip_prefix("Bearer ")
        .or_else(|| auth.strip_prefix("bearer "))
    else {
        return Err("Authorization required");
    };
    let tokens = lock(&s.tokens);
    let Some(t) = tokens.get(token.trim()) else {
        return Err("Invalid or revoked access token");
    };
    let age = t.issued.elapsed();
    if age < s.token_min_age {
        return Err("Access token is not yet valid");
    }
    if age >= t.ttl {
        return Err("Access token expired");
    }
    Ok(())
}

fn handle(
    s: &Inner,
    method: &Method,
    path: &str,
    query: &str,
    headers: &HeaderMap,
    body: &[u8],
    format: Format,
) -> Answer {
    if let Err(why) = authorized(s, headers) {
        return Answer::errors(
            StatusCode::UNAUTHORIZED,
            format,
            &[("authorization".into(), why.into())],
        );
    }
    let parts: Vec<&str> = path
        .trim_start_matches("/api/")
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    let Some(resource) = parts.first().copied().filter(|r| element(r).is_some()) else {
        return Answer::errors(
            StatusCode::NOT_FOUND,
            format,
            &[("base".into(), "Not found".into())],
        );
    };
    let item = element(resource).unwrap_or("record");
    let id = match parts.get(1) {
        None => None,
        Some(raw) => match raw.parse::<i64>() {
            Ok(id) if parts.len() == 2 => Some(id),
            _ => {
                return Answer::errors(
                    StatusCode::NOT_FOUND,
                    format,
                    &[("base".into(), "Not found".into())],
                );
            }
        },
    };
    let has_body = !body.iter().all(u8::is_ascii_whitespace);
    let body_format = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|ct| {
            if ct.contains("xml") {
                Format::Xml
            } else {
                Format::Json
            }
        });
    if has_body && body_format.is_some_and(|bf| bf != format) {
        return Answer {
            status: StatusCode::NOT_ACCEPTABLE,
            format,
            body: String::new(),
        };
    }
    let params = match query::parse(query, &|name| s.read().known(resource, name)) {
        // an instance that ignores `fields` answers with whole records
        Ok(p) if s.ignore_fields.load(Ordering::Relaxed) => ListQuery { fields: None, ..p },
        Ok(p) => p,
        Err(e) => {
            return Answer::errors(StatusCode::BAD_REQUEST, format, &[(e.attribute, e.message)]);
        }
    };
    let parsed_body = || -> Result<Option<Value>, Answer> {
        if !has_body {
            return Ok(None);
        }
        let v = match body_format.unwrap_or(Format::Json) {
            Format::Json => serde_json::from_slice(body).ok(),
            Format::Xml => xml::read(body),
        };
        v.map(Some).ok_or_else(|| {
            Answer::errors(
                StatusCode::BAD_REQUEST,
                format,
                &[("base".into(), "request body could not be parsed".into())],
            )
        })
    };
    match (method.as_str(), id) {
        ("GET", None) => list(s, resource, item, &params, format),
        ("GET", Some(id)) => match s.read().get(resource, id).cloned() {
            Some(r) => one(StatusCode::OK, item, &r, &params, format),
            None => Answer::errors(
                StatusCode::NOT_FOUND,
                format,
                &[("base".into(), "Not found".into())],
            ),
        },
        ("POST", None) => {
            let body = match parsed_body() {
                Ok(b) => b.unwrap_or(Value::Null),
                Err(a) => return a,
            };
            let created = writes::create(&mut s.write(), resource, body);
            match created {
                Ok(r) => write_answer(StatusCode::CREATED, item, &r, &params, format),
                Err(errors) => Answer::errors(StatusCode::BAD_REQUEST, format, &errors),
            }
        }
        ("PUT" | "PATCH", Some(id)) => {
            let body = match parsed_body() {
                Ok(b) => b,
                Err(a) => return a,
            };
            let exported = url::form_urlencoded::parse(query.as_bytes())
                .find(|(k, _)| k == "exported")
                .map(|(_, v)| v == "true");
            let updated = writes::update(&mut s.write(), resource, id, body, exported);
            match updated {
                Ok(r) => write_answer(StatusCode::OK, item, &r, &params, format),
                Err(UpdateError::NotFound) => Answer::errors(
                    StatusCode::NOT_FOUND,
                    format,
                    &[("base".into(), "Not found".into())],
                ),
                Err(UpdateError::Invalid(errors)) => {
                    Answer::errors(StatusCode::BAD_REQUEST, format, &errors)
                }
            }
        }
        _ => Answer::errors(
            StatusCode::METHOD_NOT_ALLOWED,
            format,
            &[("base".into(), "Method not allowed".into())],
        ),
    }
}

fn shape(r: &Value, params: &ListQuery) -> Value {
    match (&params.return_object, &params.fields) {
        (Some(how), _) => query::reduce(r, how),
        (None, Some(spec)) => query::project(r, spec),
        (None, None) => r.clone(),
    }
}

fn list(s: &Inner, resource: &str, item: &str, params: &ListQuery, format: Format) -> Answer {
    let store = s.read();
    let Some(table) = store.table(resource) else {
        return empty(format);
    };
    let mut hits: Vec<&Value> = table
        .values()
        .filter(|r| params.filters.iter().all(|f| query::matches(r, f)))
        .collect();
    match &params.order_by {
        Some(by) => query::order(&mut hits, by, params.desc),
        None if params.desc => hits.reverse(),
        None => {}
    }
    let page: Vec<Value> = hits
        .into_iter()
        .skip(params.offset)
        .take(params.limit)
        .map(|r| shape(r, params))
        .collect();
    if page.is_empty() {
        return empty(format);
    }
    Answer {
        status: StatusCode::OK,
        format,
        body: match format {
            Format::Json => Value::Array(page).to_string(),
            Format::Xml => xml::list(item, &page),
        },
    }
}

/// No match: JSON `[]`, XML Coupa's 404 document.
fn empty(format: Format) -> Answer {
    match format {
        Format::Json => Answer {
            status: StatusCode::OK,
            format,
            body: "[]".into(),
        },
        Format::Xml => Answer {
            status: StatusCode::NOT_FOUND,
            format,
            body: xml::errors(&["No results match your search criteria.".into()]),
        },
    }
}

fn one(status: StatusCode, item: &str, r: &Value, params: &ListQuery, format: Format) -> Answer {
    let shaped = shape(r, params);
    Answer {
        status,
        format,
        body: match format {
            Format::Json => shaped.to_string(),
            Format::Xml => xml::one(item, &shaped),
        },
    }
}

fn write_answer(
    status: StatusCode,
    item: &str,
    r: &Value,
    params: &ListQuery,
    format: Format,
) -> Answer {
    if params.return_object.as_deref() == Some("none") {
        return Answer {
            status,
            format,
            body: String::new(),
        };
    }
    one(status, item, r, params, format)
}

// ---- control API ---------------------------------------------------------------------

fn ok_json(v: Value) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], v.to_string()).into_response()
}

async fn ctl_ids(State(s): State<Shared>, Path(resource): Path<String>) -> Response {
    ok_json(json!(s.read().ids(&resource)))
}

async fn ctl_insert(
    State(s): State<Shared>,
    Path(resource): Path<String>,
    body: Bytes,
) -> Response {
    match serde_json::from_slice::<Value>(&body) {
        Ok(v) => ok_json(json!({"id": s.write().insert(&resource, v)})),
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

async fn ctl_get(State(s): State<Shared>, Path((resource, id)): Path<(String, i64)>) -> Response {
    match s.read().get(&resource, id) {
        Some(v) => ok_json(v.clone()),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn ctl_update(
    State(s): State<Shared>,
    Path((resource, id)): Path<(String, i64)>,
    body: Bytes,
) -> Response {
    match serde_json::from_slice::<Value>(&body) {
        Ok(v) => {
            if s.write().update(&resource, id, v) {
                StatusCode::NO_CONTENT.into_response()
            } else {
                StatusCode::NOT_FOUND.into_response()
            }
        }
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

async fn ctl_delete(
    State(s): State<Shared>,
    Path((resource, id)): Path<(String, i64)>,
) -> Response {
    if s.write().delete(&resource, id) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}

async fn ctl_rate_limit(State(s): State<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<Option<RateLimit>>(&body) {
        Ok(limit) => {
            s.set_rate_limit(limit);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

async fn ctl_fields(State(s): State<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("honoured")?.as_bool())
    {
        Some(honoured) => {
            s.ignore_fields.store(!honoured, Ordering::Relaxed);
            StatusCode::NO_CONTENT.into_response()
        }
        None => (StatusCode::BAD_REQUEST, "send {\"honoured\": true|false}").into_response(),
    }
}

async fn ctl_latency(State(s): State<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("ms")?.as_u64())
    {
        Some(ms) => {
            *lock(&s.latency) = Duration::from_millis(ms);
            StatusCode::NO_CONTENT.into_response()
        }
        None => (StatusCode::BAD_REQUEST, "send {\"ms\": N}").into_response(),
    }
}

async fn ctl_fault(State(s): State<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<Fault>(&body) {
        Ok(f) => {
            lock(&s.faults).push_back(f);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

async fn ctl_fault_rate(State(s): State<Shared>, body: Bytes) -> Response {
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let percent = v.get("percent").and_then(Value::as_u64).unwrap_or(0) as u32;
    let seed = v.get("seed").and_then(Value::as_u64).unwrap_or(1);
    super::SandboxControl { inner: s }.set_fault_rate(percent, seed);
    StatusCode::NO_CONTENT.into_response()
}

async fn ctl_revoke(State(s): State<Shared>) -> Response {
    lock(&s.tokens).clear();
    StatusCode::NO_CONTENT.into_response()
}

async fn ctl_add_client(State(s): State<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<Client>(&body) {
        Ok(c) => {
            super::SandboxControl { inner: s }.add_client(c);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

async fn ctl_remove_client(State(s): State<Shared>, Path(id): Path<String>) -> Response {
    lock(&s.clients).retain(|c| c.id != id);
    StatusCode::NO_CONTENT.into_response()
}

async fn ctl_counters(State(s): State<Shared>) -> Response {
    let c: Counters = lock(&s.counters).clone();
    ok_json(serde_json::to_value(c).unwrap_or(Value::Null))
}

async fn ctl_reset(State(s): State<Shared>) -> Response {
    *lock(&s.counters) = Counters::default();
    StatusCode::NO_CONTENT.into_response()
}
