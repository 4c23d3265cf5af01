//! The `/__sandbox/` control API: the same operations as [`crate::coupa::SandboxControl`]
//! over HTTP, for tests in other processes and for trying the gateway by hand.

use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::Shared;
use crate::common::{Client, Counters, Fault, RateLimit};

fn ok_json(v: Value) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], v.to_string()).into_response()
}

pub(super) async fn ctl_ids(State(s): State<Shared>, Path(resource): Path<String>) -> Response {
    ok_json(json!(s.read().ids(&resource)))
}

pub(super) async fn ctl_insert(
    State(s): State<Shared>,
    Path(resource): Path<String>,
    body: Bytes,
) -> Response {
    match serde_json::from_slice::<Value>(&body) {
        Ok(v) => ok_json(json!({"id": s.write().insert(&resource, v)})),
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

pub(super) async fn ctl_get(
    State(s): State<Shared>,
    Path((resource, id)): Path<(String, i64)>,
) -> Response {
    match s.read().get(&resource, id) {
        Some(v) => ok_json(v.clone()),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub(super) async fn ctl_update(
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

pub(super) async fn ctl_delete(
    State(s): State<Shared>,
    Path((resource, id)): Path<(String, i64)>,
) -> Response {
    if s.write().delete(&resource, id) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}

pub(super) async fn ctl_rate_limit(State(s): State<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<Option<RateLimit>>(&body) {
        Ok(limit) => {
            s.harness.set_rate_limit(limit);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

pub(super) async fn ctl_fields(State(s): State<Shared>, body: Bytes) -> Response {
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

pub(super) async fn ctl_latency(State(s): State<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("ms")?.as_u64())
    {
        Some(ms) => {
            s.harness.set_latency(Duration::from_millis(ms));
            StatusCode::NO_CONTENT.into_response()
        }
        None => (StatusCode::BAD_REQUEST, "send {\"ms\": N}").into_response(),
    }
}

pub(super) async fn ctl_fault(State(s): State<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<Fault>(&body) {
        Ok(f) => {
            s.harness.push_fault(f);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

pub(super) async fn ctl_fault_rate(State(s): State<Shared>, body: Bytes) -> Response {
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let percent = v.get("percent").and_then(Value::as_u64).unwrap_or(0) as u32;
    let seed = v.get("seed").and_then(Value::as_u64).unwrap_or(1);
    s.harness.set_fault_rate(percent, seed);
    StatusCode::NO_CONTENT.into_response()
}

pub(super) async fn ctl_revoke(State(s): State<Shared>) -> Response {
    s.harness.registry().revoke_all();
    StatusCode::NO_CONTENT.into_response()
}

pub(super) async fn ctl_add_client(State(s): State<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<Client>(&body) {
        Ok(c) => {
            s.harness.registry().add(c);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

pub(super) async fn ctl_remove_client(State(s): State<Shared>, Path(id): Path<String>) -> Response {
    s.harness.registry().remove(&id);
    StatusCode::NO_CONTENT.into_response()
}

pub(super) async fn ctl_counters(State(s): State<Shared>) -> Response {
    let c: Counters = s.harness.counters();
    ok_json(serde_json::to_value(c).unwrap_or(Value::Null))
}

pub(super) async fn ctl_reset(State(s): State<Shared>) -> Response {
    s.harness.reset_counters();
    StatusCode::NO_CONTENT.into_response()
}
