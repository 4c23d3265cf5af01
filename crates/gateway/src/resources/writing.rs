//! Writes: a unified body checked against the tenant's write schema (nothing is sent
//! when it breaks it), mapped to the provider's by the request chain, sent once (writes
//! are never retried), and the answer mapped back. The provider's validation
//! errors come back in unified field names, found by asking the request chain which
//! unified field produces which upstream attribute.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use bytes::Bytes;
use serde_json::{Map, Value};

use super::Effective;
use super::chain::{Chain, Direction};
use super::definition::Write;
use super::listing::{ResourceError, bad, check_id, map_record};
use crate::field_message::FieldMessage;
use crate::providers::{UpstreamError, UpstreamRequest};
use crate::tenant::Tenant;
use jsonata::{Output, PathNode};

/// What the request chain tells about the unified write body, worked out at load.
#[derive(Debug, Clone, Default)]
pub struct WriteShape {
    /// Top-level fields the request chain reads; `None` when it reads the body whole.
    pub known_fields: Option<BTreeSet<String>>,
    /// Every path the request chain reads; `None` when it reads the body whole.
    pub reads: Option<PathNode>,
    /// Upstream attribute (dashes as underscores) → the unified field that produces it.
    pub upstream_to_unified: BTreeMap<String, String>,
}

impl WriteShape {
    pub fn of(chain: &Chain) -> WriteShape {
        let mut root = PathNode::default();
        let mut dynamic = false;
        let mut any = false;
        for (_, expr) in chain.expressions(Direction::Request) {
            any = true;
            let p = expr.input_paths();
            dynamic |= p.dynamic || p.root.whole;
            merge_paths(&mut root, &p.root);
        }
        if !any {
            return WriteShape::default();
        }
        let known: BTreeSet<String> = root.children.keys().cloned().collect();
        let template = placeholder_object(&root);
        let mut upstream_to_unified = BTreeMap::new();
        if let Ok(Value::Object(full)) = chain.request(&template, Write::Create) {
            for field in &known {
                let mut without = template.clone();
                if let Value::Object(m) = &mut without {
                    m.shift_remove(field);
                }
                let reduced = chain
                    .request(&without, Write::Create)
                    .unwrap_or(Value::Null);
                for (upstream_key, value) in &full {
                    if reduced.get(upstream_key) != Some(value) {
                        upstream_to_unified
                            .entry(normalize(upstream_key))
                            .or_insert_with(|| field.clone());
                    }
                }
            }
        }
        WriteShape {
            known_fields: (!dynamic).then_some(known),
            reads: (!dynamic).then_some(root),
            upstream_to_unified,
        }
    }

    /// The unified name of an upstream attribute named in an error.
    pub fn unified_field(&self, upstream_field: &str) -> String {
        let norm = normalize(upstream_field);
        if let Some(f) = self.upstream_to_unified.get(&norm) {
            return f.clone();
        }
        // `order_lines.price` or `order_lines[0].price`: map the head, keep the rest.
        let head = norm.split(['.', '[']).next().unwrap_or(&norm);
        match self.upstream_to_unified.get(head) {
            Some(f) => format!("{f}{}", &norm[head.len()..]),
            None => norm,
        }
    }
}

fn normalize(name: &str) -> String {
    name.replace('-', "_").to_ascii_lowercase()
}

fn merge_paths(into: &mut PathNode, from: &PathNode) {
    into.whole |= from.whole;
    for (k, v) in &from.children {
        merge_paths(into.children.entry(k.clone()).or_default(), v);
    }
}

/// A body holding every field the chain reads, leaves set to `"1"` (a value that reads
/// as a string, a number and a non-empty value alike).
fn placeholder_object(paths: &PathNode) -> Value {
    let mut m = Map::new();
    for (k, child) in &paths.children {
        let v = if child.children.is_empty() {
            Value::String("1".into())
        } else {
            placeholder_object(child)
        };
        m.insert(k.clone(), v);
    }
    Value::Object(m)
}

/// Who refuses a body that breaks the write schema.
pub const REFUSED_BY_PROCURA: &str = "procura";

/// Checks a write body before anything is sent: a JSON object (400 otherwise) that holds
/// to the tenant's write schema for `write` (422 naming each field otherwise) and names
/// only fields the tenant's request mapping reads (a provider may write fewer fields than
/// the unified schema has: the others are refused, never silently dropped).
pub fn check_body(eff: &Effective, body: &Value, write: Write) -> Result<(), ResourceError> {
    let Value::Object(fields) = body else {
        return Err(bad("body", "must be a JSON object"));
    };
    let refused = |errors| ResourceError::Validation {
        refused_by: REFUSED_BY_PROCURA.to_string(),
        errors,
    };
    if eff.write_check.schema(write).is_some() {
        eff.write_check.check(write, body).map_err(refused)?;
    }
    if let Some(known) = &eff.write_shape.known_fields {
        let unknown: Vec<FieldMessage> = fields
            .keys()
            .filter(|k| !known.contains(*k))
            .map(|k| {
                FieldMessage::new(
                    k.clone(),
                    format!(
                        "is not a known field ({} takes {})",
                        eff.resource.name,
                        known.iter().cloned().collect::<Vec<_>>().join(", ")
                    ),
                )
            })
            .collect();
        if !unknown.is_empty() {
            return Err(refused(unknown));
        }
    }
    Ok(())
}

fn require(eff: &Effective, write: Write) -> Result<(), ResourceError> {
    if eff.resource.writes.contains(&write) {
        Ok(())
    } else {
        Err(ResourceError::NotAllowed(format!(
            "{} cannot be {} through its provider's API",
            eff.resource.name,
            match write {
                Write::Create => "created",
                Write::Update => "updated",
            }
        )))
    }
}

/// A write checked and mapped to the provider's body, not sent yet: whatever refuses a
/// write before it reaches the provider (a resource that cannot be written, unknown
/// fields, a body the mapping cannot handle, a bad id) has refused it by now.
#[derive(Debug, Clone)]
pub struct Prepared {
    req: UpstreamRequest,
    id: Option<String>,
}

/// Checks and maps a create.
pub async fn prepare_create(
    tenant: &Tenant,
    eff: &Arc<Effective>,
    body: &Value,
) -> Result<Prepared, ResourceError> {
    require(eff, Write::Create)?;
    check_body(eff, body, Write::Create)?;
    let upstream_body = request_body(tenant, eff, body, Write::Create).await?;
    Ok(Prepared {
        req: UpstreamRequest::json(
            reqwest::Method::POST,
            eff.resource.write_path.clone(),
            upstream_body,
        )
        .media_type(tenant.provider.write_media_type()),
        id: None,
    })
}

/// Checks and maps an update of the named fields of a record (PATCH semantics).
pub async fn prepare_update(
    tenant: &Tenant,
    eff: &Arc<Effective>,
    id: &str,
    body: &Value,
) -> Result<Prepared, ResourceError> {
    require(eff, Write::Update)?;
    check_id(tenant, id)?;
    check_body(eff, body, Write::Update)?;
    let upstream_body = request_body(tenant, eff, body, Write::Update).await?;
    Ok(Prepared {
        req: UpstreamRequest::json(
            tenant.provider.update_method(),
            tenant
                .provider
                .record_path(&eff.resource.write_path, id, None),
            upstream_body,
        )
        .media_type(tenant.provider.write_media_type()),
        id: Some(id.to_string()),
    })
}

/// Sends a prepared write once; answers with the unified record the provider returned.
pub async fn send(
    tenant: &Tenant,
    eff: &Arc<Effective>,
    prepared: &Prepared,
) -> Result<Value, ResourceError> {
    send_write(tenant, eff, &prepared.req, prepared.id.as_deref()).await
}

/// Creates a record; answers with the unified record the provider returned.
pub async fn create(
    tenant: &Tenant,
    eff: &Arc<Effective>,
    body: &Value,
) -> Result<Value, ResourceError> {
    send(tenant, eff, &prepare_create(tenant, eff, body).await?).await
}

/// Updates the named fields of a record (PATCH semantics).
pub async fn update(
    tenant: &Tenant,
    eff: &Arc<Effective>,
    id: &str,
    body: &Value,
) -> Result<Value, ResourceError> {
    send(tenant, eff, &prepare_update(tenant, eff, id, body).await?).await
}

/// Runs a declared action on a record (e.g. invoices' `mark_exported`).
pub async fn action(
    tenant: &Tenant,
    eff: &Arc<Effective>,
    id: &str,
    name: &str,
) -> Result<Value, ResourceError> {
    let action = eff.resource.actions.get(name).ok_or_else(|| {
        ResourceError::NotFound(format!("{} has no action {name:?}", eff.resource.name))
    })?;
    check_id(tenant, id)?;
    let method = reqwest::Method::from_bytes(action.method.to_ascii_uppercase().as_bytes())
        .map_err(|_| bad("action", "its definition names an invalid method"))?;
    let mut path = format!("{}/{id}{}", eff.resource.write_path, action.path);
    if !action.query.is_empty() {
        path.push('?');
        path.push_str(&action.query);
    }
    let mut req = UpstreamRequest::get(path);
    req.method = method;
    match tenant.provider.action_body() {
        None => send_write(tenant, eff, &req, Some(id)).await,
        // The answer is the action's result, not the record: read the record back.
        Some((media_type, body)) => {
            req = UpstreamRequest::json(req.method, req.path_and_query, Bytes::from_static(body))
                .media_type(media_type);
            match tenant.upstream.send_json(&req).await {
                Ok(_) => crate::resources::listing::get(tenant, eff, id, false)
                    .await
                    .map(Output::into_value),
                Err(e) => Err(write_error(tenant, eff, Some(id), e)),
            }
        }
    }
}

/// The provider's body for a unified one. A body the mapping cannot handle (say, an id
/// that is not a number) is the caller's to fix: 400 with the mapping's message.
async fn request_body(
    tenant: &Tenant,
    eff: &Arc<Effective>,
    body: &Value,
    write: Write,
) -> Result<Bytes, ResourceError> {
    let job = (Arc::clone(eff), body.clone());
    let mapped = tenant
        .cpu
        .run(move |deadline| {
            let (eff, body) = job;
            eff.chain.request_by(&body, write, Some(deadline))
        })
        .await
        .map_err(|e| ResourceError::Unavailable(e.to_string()))?;
    let mapped = mapped.map_err(|error| {
        bad(
            "body",
            format!(
                "cannot be mapped to a {} {}: {} {}",
                tenant.provider.display_name(),
                eff.resource.name,
                error.code,
                error.message
            ),
        )
    })?;
    Ok(Bytes::from(serde_json::to_vec(&mapped).unwrap_or_default()))
}

/// Sends a write once and maps the answer (the full record) back. Validation failures
/// become field messages in unified names; a timeout says the outcome is unknown.
async fn send_write(
    tenant: &Tenant,
    eff: &Arc<Effective>,
    req: &UpstreamRequest,
    id: Option<&str>,
) -> Result<Value, ResourceError> {
    match tenant.upstream.send_json(req).await {
        Ok(raw @ Value::Object(_)) => {
            let record_id = raw
                .get(&eff.resource.id_field)
                .map(|v| v.to_string().trim_matches('"').to_string())
                .or(id.map(str::to_string))
                .unwrap_or_default();
            map_record(tenant, eff, raw, &record_id, false)
                .await
                .map(Output::into_value)
        }
        Ok(_) => Err(ResourceError::Upstream(UpstreamError::Malformed {
            status: 200,
            reason: "a write did not return the record".into(),
        })),
        Err(e) => Err(write_error(tenant, eff, id, e)),
    }
}

/// A failed write in the caller's terms: validation failures become field messages in
/// unified names; a timeout says the outcome is unknown.
fn write_error(
    tenant: &Tenant,
    eff: &Effective,
    id: Option<&str>,
    e: UpstreamError,
) -> ResourceError {
    match e {
        UpstreamError::Status { status: 404, .. } if id.is_some() => {
            ResourceError::NotFound(format!(
                "no {} record with id {}",
                eff.resource.name,
                id.unwrap_or("")
            ))
        }
        UpstreamError::Status {
            status: 400 | 422,
            messages,
        } => ResourceError::Validation {
            refused_by: tenant.provider.display_name().to_string(),
            errors: messages
                .into_iter()
                .map(|m| {
                    if m.is_about_record() {
                        m
                    } else {
                        FieldMessage::new(eff.write_shape.unified_field(&m.field), m.message)
                    }
                })
                .collect(),
        },
        UpstreamError::Timeout(ms) => ResourceError::WriteOutcomeUnknown(format!(
            "{} did not answer the write within {ms} ms; it may or may not have been applied. \
             Writes are never retried: list {} with created_after (or read the record) to find out \
             before sending it again",
            tenant.provider.display_name(),
            eff.resource.name
        )),
        e => e.into(),
    }
}
