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
use super::listing::{self, ResourceError, bad, check_id, map_record};
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
    /// Upstream attribute (dashes as underscores, lower case) → the unified field that
    /// produces it: a top-level field for the attributes it makes (`supplier` for
    /// `SupplierId`), else the path to the nested field (`lines.quantity` for a line's
    /// `Quantity`).
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
        let mut leaves = Vec::new();
        leaf_paths(&root, &mut Vec::new(), &mut leaves);
        let mut upstream_to_unified = BTreeMap::new();
        // A body the mapping refuses tells nothing (and blames nothing).
        let eval = |body: &Value| {
            chain
                .request(body, Write::Create)
                .ok()
                .filter(Value::is_object)
        };
        // Top-level fields name what they change in the record and its rows; fields
        // inside them only what they change in rows (a line's `Quantity`).
        let changed = |a: &Value, b: &Value, nested: bool| {
            let mut keys = Vec::new();
            changed_keys(a, b, !nested, nested, &mut keys);
            keys
        };
        if let Some(full) = eval(&template) {
            // Top-level fields first: what a field makes is named after it. A field read
            // in several ways (a supplier by id, else by name) is tried each way alone.
            for field in &known {
                // A field read through one nested leaf only is named by it
                // (`custom_fields.supplier_site`).
                let mut under = leaves.iter().filter(|l| &l[0] == field);
                let name = match (under.next(), under.next()) {
                    (Some(leaf), None) => leaf.join("."),
                    _ => field.clone(),
                };
                let mut without = template.clone();
                remove_path(&mut without, std::slice::from_ref(field));
                let Some(reduced) = eval(&without) else {
                    continue;
                };
                let mut keys = changed(&full, &reduced, false);
                for leaf in leaves.iter().filter(|l| l.len() > 1 && &l[0] == field) {
                    let mut one = without.clone();
                    set_path(&mut one, leaf);
                    if let Some(alone) = eval(&one) {
                        keys.extend(changed(&alone, &reduced, false));
                    }
                }
                for key in keys {
                    upstream_to_unified
                        .entry(normalize(&key))
                        .or_insert_with(|| name.clone());
                }
            }
            // Then the fields inside them, for what only they make (a line's attributes),
            // named by their path (`lines.quantity`): left out, and alone in their object
            // (a line's supplier by name, when the id is absent).
            for leaf in leaves.iter().filter(|l| l.len() > 1) {
                let mut keys = Vec::new();
                let mut without = template.clone();
                remove_path(&mut without, leaf);
                if let Some(reduced) = eval(&without) {
                    keys.extend(changed(&full, &reduced, true));
                }
                let parent = &leaf[..leaf.len() - 1];
                if parent.len() > 1 {
                    let mut no_parent = template.clone();
                    remove_path(&mut no_parent, parent);
                    let mut alone = no_parent.clone();
                    set_path(&mut alone, leaf);
                    if let (Some(a), Some(b)) = (eval(&alone), eval(&no_parent)) {
                        keys.extend(changed(&a, &b, true));
                    }
                }
                for key in keys {
                    upstream_to_unified
                        .entry(normalize(&key))
                        .or_insert_with(|| leaf.join("."));
                }
            }
        }
        WriteShape {
            known_fields: (!dynamic).then_some(known),
            reads: (!dynamic).then_some(root),
            upstream_to_unified,
        }
    }

    /// The unified name of an upstream attribute named in an error; an attribute no
    /// unified field produces keeps its upstream name (dashes as underscores). The id of
    /// something (`SupplierSiteId`) no field makes is blamed on the field that makes the
    /// thing itself (`SupplierSite`, by name).
    pub fn unified_field(&self, upstream_field: &str) -> String {
        let norm = normalize(upstream_field);
        if let Some(f) = self.upstream_to_unified.get(&norm) {
            return f.clone();
        }
        if let Some(f) = norm
            .strip_suffix("id")
            .map(|thing| thing.trim_end_matches('_'))
            .filter(|thing| !thing.is_empty())
            .and_then(|thing| self.upstream_to_unified.get(thing))
        {
            return f.clone();
        }
        // `order_lines.price` or `order_lines[0].price`: map the head, keep the rest.
        let head = norm.split(['.', '[']).next().unwrap_or(&norm);
        match self.upstream_to_unified.get(head) {
            Some(f) => format!("{f}{}", &norm[head.len()..]),
            None => upstream_field.replace('-', "_"),
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

/// The paths of the leaves of a tree of read paths (`["lines", "quantity"]`).
fn leaf_paths(node: &PathNode, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    for (name, child) in &node.children {
        at.push(name.clone());
        if child.children.is_empty() {
            out.push(at.clone());
        } else {
            leaf_paths(child, at, out);
        }
        at.pop();
    }
}

/// Sets the leaf at `path` to the placeholder `"1"`, making the objects on the way.
fn set_path(value: &mut Value, path: &[String]) {
    let Some((last, heads)) = path.split_last() else {
        return;
    };
    let mut at = value;
    for head in heads {
        let Value::Object(m) = at else { return };
        at = m
            .entry(head.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if let Value::Object(m) = at {
        m.insert(last.clone(), Value::String("1".into()));
    }
}

fn remove_path(value: &mut Value, path: &[String]) {
    let Value::Object(m) = value else { return };
    match path {
        [] => {}
        [last] => {
            m.shift_remove(last);
        }
        [head, rest @ ..] => {
            if let Some(child) = m.get_mut(head) {
                remove_path(child, rest);
            }
        }
    }
}

/// The attributes whose values differ between `full` and `reduced` (present in the
/// first, absent or other in the second): the keys of the top object (`top`) and of
/// rows, the objects of arrays (child records), innermost where both sides hold
/// containers. `deep`: a key gone takes the row attributes below it along.
fn changed_keys(full: &Value, reduced: &Value, top: bool, deep: bool, out: &mut Vec<String>) {
    fn row_keys(v: &Value, row: bool, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    if row {
                        out.push(k.clone());
                    }
                    row_keys(v, false, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|v| row_keys(v, true, out)),
            _ => {}
        }
    }
    let container = |v: &Value| v.is_object() || v.is_array();
    match (full, reduced) {
        (Value::Object(f), Value::Object(r)) => {
            for (k, fv) in f {
                match r.get(k) {
                    Some(rv) if rv == fv => {}
                    Some(rv) if container(fv) && container(rv) => {
                        changed_keys(fv, rv, false, deep, out);
                    }
                    _ => {
                        if top {
                            out.push(k.clone());
                        }
                        if deep {
                            row_keys(fv, false, out);
                        }
                    }
                }
            }
        }
        (Value::Array(f), Value::Array(r)) => {
            for (i, fv) in f.iter().enumerate() {
                match r.get(i) {
                    Some(rv) => changed_keys(fv, rv, true, deep, out),
                    None if deep => row_keys(fv, true, out),
                    None => {}
                }
            }
        }
        _ if deep => row_keys(full, top, out),
        _ => {}
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
    let mut errors = match eff.write_check.check(write, body) {
        Ok(()) => Vec::new(),
        Err(errors) => errors,
    };
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
        for u in unknown {
            if !errors.iter().any(|e| e.field == u.field) {
                errors.push(u);
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(refused(errors))
    }
}

/// Whether the resource can be written so (405 otherwise).
pub fn require(eff: &Effective, write: Write) -> Result<(), ResourceError> {
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
                Ok(_) => listing::get(tenant, eff, id, false, None)
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

/// Sends a write once and maps the record back: the answer itself when the provider
/// answers with the whole record, else the record read back from where it was written.
/// Validation failures become field messages in unified names; a timeout says the
/// outcome is unknown.
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
            let raw = if tenant.provider.write_answers_record() {
                raw
            } else {
                read_back(tenant, eff, raw, &record_id).await
            };
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

/// The record a write produced, read from the collection writes go to with the
/// resource's projection. Should that read fail, the write's own answer stands in (the
/// write went through: an error would invite sending it again), in the shape reads have;
/// children it lacks then map as empty.
async fn read_back(tenant: &Tenant, eff: &Effective, answer: Value, id: &str) -> Value {
    let outcome = if id.is_empty() {
        Ok(None)
    } else {
        listing::read_record(tenant, eff, &eff.resource.write_path, id, false).await
    };
    match outcome {
        Ok(Some(record)) => record,
        outcome => {
            let reason = match outcome {
                Err(e) => e.to_string(),
                _ => "not found".to_string(),
            };
            tracing::warn!(
                tenant = %tenant.id,
                resource = %eff.resource.name,
                id,
                %reason,
                "a written record could not be read back; answering with the write's own answer"
            );
            tenant.provider.write_answer(answer)
        }
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
            let resource = &eff.resource;
            let mut detail = format!("no {} record with id {}", resource.name, id.unwrap_or(""));
            if resource.write_path != resource.path {
                // Written in one collection (drafts), read from another once submitted.
                detail.push_str(
                    " open to writes: only a record not yet submitted can be changed here",
                );
            }
            ResourceError::NotFound(detail)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::definition::{Level, MappingFile};
    use std::path::Path;

    fn shape(request: &str) -> WriteShape {
        let text = format!(
            "singular: thing\npath: /api/things\nwrites: [create]\nresponse: |\n  {{}}\nrequest: |\n{}\n",
            request
                .lines()
                .map(|l| format!("  {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        let file = MappingFile::parse(Path::new("things.yaml"), &text, Level::Base).unwrap();
        WriteShape::of(&Chain::new(vec![file]))
    }

    #[test]
    fn upstream_attributes_are_named_after_the_unified_fields_that_make_them() {
        let s = shape(
            r#"{
  "SupplierId": supplier.id,
  "Supplier": $not($exists(supplier.id)) ? supplier.name,
  "Description": title,
  "Site": custom.site,
  "lines": [lines.{
    "Quantity": quantity,
    "CurrencyCode": $$.currency,
    "Supplier": supplier.name,
    "schedules": need_by ? [{"NeedByDate": need_by}]
  }]
}"#,
        );
        let f = |upstream: &str| s.unified_field(upstream);
        assert_eq!(f("SupplierId"), "supplier");
        // made only when the id is absent: found by trying each way alone
        assert_eq!(f("Supplier"), "supplier");
        assert_eq!(f("Description"), "title");
        // a field read through one nested leaf is named by it
        assert_eq!(f("Site"), "custom.site");
        assert_eq!(f("SiteId"), "custom.site");
        // a line's attributes, by the path of the field inside the line
        assert_eq!(f("Quantity"), "lines.quantity");
        assert_eq!(f("NeedByDate"), "lines.need_by");
        // a header field written onto every line is still the header field
        assert_eq!(f("CurrencyCode"), "currency");
        assert_eq!(f("lines"), "lines");
        // what no field makes keeps the upstream's name
        assert_eq!(f("ProcurementBUId"), "ProcurementBUId");
        assert_eq!(f("order-lines[0].price"), "order_lines[0].price");
    }

    #[test]
    fn a_mapping_that_refuses_a_partial_body_blames_nothing_on_it() {
        let s = shape(
            r#"(
  $not($exists(b)) ? $error("b is required");
  {"AId": a.id, "B": b, "C": c}
)"#,
        );
        assert_eq!(s.unified_field("AId"), "a.id");
        assert_eq!(s.unified_field("C"), "c");
        // without b the mapping refuses the body: what changes tells nothing
        assert_eq!(s.unified_field("B"), "B");
        assert_eq!(
            s.known_fields,
            Some(["a", "b", "c"].iter().map(|s| s.to_string()).collect())
        );
    }
}
