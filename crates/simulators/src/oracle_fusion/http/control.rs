//! The `/__sandbox/` control API: the same operations as
//! [`crate::oracle_fusion::OracleFusionControl`] over HTTP, for tests in other
//! processes and for trying the gateway by hand. No authentication: it is a test tool.

use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::Shared;
use crate::common::{Client, Fault, RateLimit, lock};
use crate::oracle_fusion::catalog::{RESOURCES, Resource, by_name};
use crate::oracle_fusion::keys::{self, KeyType};
use crate::oracle_fusion::store::Row;
use crate::oracle_fusion::writes::{Place, WriteCtx};
use crate::oracle_fusion::{FusionUser, Inner, Unordered, clock, rules};

fn key_of(res: &Resource, segment: &str) -> Option<keys::RowKey> {
    keys::parse_segment(&res.node.key_types(), segment)
}

fn segment(res: &Resource, row: &Row) -> String {
    keys::segment(
        &res.node.key_types(),
        &row.key(&res.node),
        res.node.hash_links,
    )
}

pub fn reset(s: &Inner) {
    let seeded =
        crate::oracle_fusion::data::generate(s.cfg.seed, s.cfg.purchase_orders, &s.cfg.flexfields);
    *s.write() = seeded;
    s.harness.reset_counters();
    s.harness.clear_faults();
    s.requests.store(0, Ordering::Relaxed);
}

pub fn keys(s: &Inner, resource: &str) -> Vec<String> {
    let Some(res) = by_name(resource) else {
        return Vec::new();
    };
    s.read().rows(resource).map(|r| segment(res, r)).collect()
}

pub fn get(s: &Inner, resource: &str, key: &str) -> Option<Value> {
    let res = by_name(resource)?;
    s.read().get(resource, &key_of(res, key)?).map(Row::to_json)
}

pub fn update(s: &Inner, resource: &str, key: &str, patch: Value) -> bool {
    let Some(res) = by_name(resource) else {
        return false;
    };
    let Some(k) = key_of(res, key) else {
        return false;
    };
    let mut store = s.write();
    let Some(row) = store.get_mut(resource, &k) else {
        return false;
    };
    if let Value::Object(p) = patch {
        for (name, v) in p {
            if !res.node.key_names().any(|n| n == name) && res.node.child(&name).is_none() {
                row.attrs.insert(name, v);
            }
        }
    }
    if row.attrs.contains_key("LastUpdateDate") {
        row.set("LastUpdateDate", json!(clock::stamp(clock::now_ms())));
        row.set("LastUpdatedBy", json!("SANDBOX.CONTROL"));
    }
    row.version += 1;
    true
}

pub fn delete(s: &Inner, resource: &str, key: &str) -> bool {
    let (Some(res), true) = (by_name(resource), true) else {
        return false;
    };
    match key_of(res, key) {
        Some(k) => s.write().remove(resource, &k).is_some(),
        None => false,
    }
}

pub fn insert(s: &Inner, resource: &str, attrs: Value) -> Option<String> {
    let res = by_name(resource)?;
    let mut store = s.write();
    let template = store.rows(resource).next()?.clone();
    let mut m: Map<String, Value> = template
        .attrs
        .keys()
        .map(|k| (k.clone(), Value::Null))
        .collect();
    if let Some((first, KeyType::Long)) = res.node.keys.first() {
        m.insert(first.to_string(), json!(store.id()));
    }
    let now = json!(clock::stamp(clock::now_ms()));
    for w in ["CreationDate", "LastUpdateDate"] {
        if m.contains_key(w) {
            m.insert(w.into(), now.clone());
        }
    }
    for w in ["CreatedBy", "LastUpdatedBy"] {
        if m.contains_key(w) {
            m.insert(w.into(), json!("SANDBOX.CONTROL"));
        }
    }
    if let Value::Object(given) = attrs {
        m.extend(given);
    }
    let mut row = Row::new(m);
    for c in res.node.children {
        row.children.insert(c.name.to_string(), Vec::new());
    }
    let ctx = WriteCtx {
        schema: &s.schema,
        flexfields: &s.cfg.flexfields,
        user: "SANDBOX.CONTROL",
        now: clock::now_ms(),
    };
    let place = Place {
        res,
        node: &res.node,
        spath: resource.to_string(),
        inherited: Default::default(),
        parent: None,
    };
    rules::after_children(&ctx, &mut store, &place, &mut row).ok()?;
    if store.get(resource, &row.key(&res.node)).is_some() {
        return None;
    }
    let seg = segment(res, &row);
    store.put(res, row);
    Some(seg)
}

fn ok_json(v: Value) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], v.to_string()).into_response()
}

fn done(ok: bool) -> Response {
    if ok {
        StatusCode::NO_CONTENT.into_response()
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}

fn bad(e: impl std::fmt::Display) -> Response {
    (StatusCode::BAD_REQUEST, e.to_string()).into_response()
}

pub(super) async fn ctl_reset(State(s): State<Shared>) -> Response {
    reset(&s);
    StatusCode::NO_CONTENT.into_response()
}

pub(super) async fn ctl_tables(State(s): State<Shared>) -> Response {
    let sizes = s.read().sizes();
    let _ = RESOURCES;
    ok_json(json!(sizes))
}

pub(super) async fn ctl_keys(State(s): State<Shared>, Path(resource): Path<String>) -> Response {
    if by_name(&resource).is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    ok_json(json!(keys(&s, &resource)))
}

pub(super) async fn ctl_insert(
    State(s): State<Shared>,
    Path(resource): Path<String>,
    body: Bytes,
) -> Response {
    match serde_json::from_slice::<Value>(&body) {
        Ok(v) => match insert(&s, &resource, v) {
            Some(key) => ok_json(json!({"key": key})),
            None => StatusCode::NOT_FOUND.into_response(),
        },
        Err(e) => bad(e),
    }
}

pub(super) async fn ctl_get(
    State(s): State<Shared>,
    Path((resource, key)): Path<(String, String)>,
) -> Response {
    match get(&s, &resource, &key) {
        Some(v) => ok_json(v),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub(super) async fn ctl_update(
    State(s): State<Shared>,
    Path((resource, key)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    match serde_json::from_slice::<Value>(&body) {
        Ok(v) => done(update(&s, &resource, &key, v)),
        Err(e) => bad(e),
    }
}

pub(super) async fn ctl_delete(
    State(s): State<Shared>,
    Path((resource, key)): Path<(String, String)>,
) -> Response {
    done(delete(&s, &resource, &key))
}

pub(super) async fn ctl_rate_limit(State(s): State<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<Option<RateLimit>>(&body) {
        Ok(limit) => {
            s.harness.set_rate_limit(limit);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => bad(e),
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
        None => bad("send {\"ms\": N}"),
    }
}

pub(super) async fn ctl_fault(State(s): State<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<Fault>(&body) {
        Ok(f) => {
            s.harness.push_fault(f);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => bad(e),
    }
}

pub(super) async fn ctl_fault_rate(State(s): State<Shared>, body: Bytes) -> Response {
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let percent = v.get("percent").and_then(Value::as_u64).unwrap_or(0) as u32;
    let seed = v.get("seed").and_then(Value::as_u64).unwrap_or(1);
    s.harness.set_fault_rate(percent, seed);
    StatusCode::NO_CONTENT.into_response()
}

pub(super) async fn ctl_order(State(s): State<Shared>, body: Bytes) -> Response {
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mode: Option<Unordered> = v
        .get("mode")
        .and_then(|m| serde_json::from_value(m.clone()).ok());
    let Some(mode) = mode else {
        return bad("send {\"mode\": \"shuffle\" | \"key_order\", \"seed\": N}");
    };
    let mut st = lock(&s.settings);
    st.unordered = mode;
    if let Some(seed) = v.get("seed").and_then(Value::as_u64) {
        st.shuffle_seed = seed;
    }
    StatusCode::NO_CONTENT.into_response()
}

pub(super) async fn ctl_framework(State(s): State<Shared>, body: Bytes) -> Response {
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mut st = lock(&s.settings);
    if let Some(d) = v.get("default").and_then(Value::as_u64) {
        st.default_framework_version = (d as u8).clamp(1, 6);
    }
    if let Some(m) = v.get("max").and_then(Value::as_u64) {
        st.max_framework_version = (m as u8).clamp(1, 6);
    }
    StatusCode::NO_CONTENT.into_response()
}

pub(super) async fn ctl_page_cap(State(s): State<Shared>, body: Bytes) -> Response {
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mut st = lock(&s.settings);
    if let Some(m) = v.get("max_limit").and_then(Value::as_u64) {
        st.max_limit = (m as usize).max(1);
    }
    if let Some(b) = v.get("short_at_cap").and_then(Value::as_bool) {
        st.short_page_at_cap = b;
    }
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
        Err(e) => bad(e),
    }
}

pub(super) async fn ctl_remove_client(State(s): State<Shared>, Path(id): Path<String>) -> Response {
    s.harness.registry().remove(&id);
    StatusCode::NO_CONTENT.into_response()
}

pub(super) async fn ctl_add_user(State(s): State<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<FusionUser>(&body) {
        Ok(u) => {
            let mut users = lock(&s.users);
            users.retain(|x| !x.username.eq_ignore_ascii_case(&u.username));
            users.push(u);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => bad(e),
    }
}

pub(super) async fn ctl_remove_user(State(s): State<Shared>, Path(name): Path<String>) -> Response {
    lock(&s.users).retain(|x| !x.username.eq_ignore_ascii_case(&name));
    StatusCode::NO_CONTENT.into_response()
}

pub(super) async fn ctl_counters(State(s): State<Shared>) -> Response {
    ok_json(serde_json::to_value(s.harness.counters()).unwrap_or(Value::Null))
}

pub(super) async fn ctl_counters_reset(State(s): State<Shared>) -> Response {
    s.harness.reset_counters();
    StatusCode::NO_CONTENT.into_response()
}
