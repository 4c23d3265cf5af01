//! Write bodies checked before anything leaves: against the tenant's write schema (the
//! resource's `…Write` schema in `openapi.yaml`, widened by the fields its overrides
//! declare under `schema:` and write), compiled once per tenant, resource and write when
//! the mappings load, swapped with them on reload. A failure names each field in unified
//! dotted form (`lines[0].quantity`).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_json::{Value, json};

use super::definition::Write;
use super::schema::{Schemas, add_property};
use crate::field_message::FieldMessage;
use jsonata::PathNode;

/// At most this many field messages in one answer; the rest are counted.
const MAX_MESSAGES: usize = 50;

/// One compiled write schema.
struct Compiled {
    schema: Value,
    validator: jsonschema::Validator,
    /// `Decimal`'s pattern, to word its failures as decimals.
    decimal_pattern: Option<String>,
}

/// The checks of a resource's writes for one tenant.
#[derive(Clone, Default)]
pub struct WriteCheck {
    create: Option<Arc<Compiled>>,
    update: Option<Arc<Compiled>>,
}

impl std::fmt::Debug for WriteCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteCheck")
            .field("create", &self.create.is_some())
            .field("update", &self.update.is_some())
            .finish()
    }
}

/// Compiled validators shared by every tenant whose write schema is the same (most
/// tenants add nothing to most resources), for the duration of one load.
#[derive(Default)]
pub struct Compilations {
    done: RefCell<HashMap<String, Arc<Compiled>>>,
}

impl Compilations {
    fn compile(&self, schemas: &Schemas, schema: Value) -> Option<Arc<Compiled>> {
        let key = schema.to_string();
        if let Some(c) = self.done.borrow().get(&key) {
            return Some(c.clone());
        }
        let validator = super::schema::compile(&schema, true)
            .map_err(|e| tracing::error!(error = %e, "a write schema does not compile"))
            .ok()?;
        let compiled = Arc::new(Compiled {
            decimal_pattern: schemas.decimal_pattern().map(str::to_string),
            schema,
            validator,
        });
        self.done.borrow_mut().insert(key, compiled.clone());
        Some(compiled)
    }
}

impl WriteCheck {
    /// The checks of `resource`'s allowed writes. `additions` are the fields overrides
    /// declare (dotted path → schema); those the request chain reads (`reads`, `None`
    /// when it reads the body whole) become writable.
    pub fn new(
        schemas: &Schemas,
        compilations: &Compilations,
        resource: &str,
        writes: &[Write],
        additions: &BTreeMap<String, Value>,
        reads: Option<&PathNode>,
    ) -> WriteCheck {
        let mut check = WriteCheck::default();
        for write in writes {
            let Some(schema) = write_schema(schemas, resource, additions, reads, *write) else {
                continue;
            };
            let compiled = compilations.compile(schemas, schema);
            match write {
                Write::Create => check.create = compiled,
                Write::Update => check.update = compiled,
            }
        }
        check
    }

    /// The schema a body of `write` is held to, if the resource has one.
    pub fn schema(&self, write: Write) -> Option<&Value> {
        self.compiled(write).map(|c| &c.schema)
    }

    fn compiled(&self, write: Write) -> Option<&Compiled> {
        match write {
            Write::Create => self.create.as_deref(),
            Write::Update => self.update.as_deref(),
        }
    }

    /// Every way `body` breaks the schema of `write`, in unified field names; `Ok` when it
    /// holds (or the resource has no write schema).
    pub fn check(&self, write: Write, body: &Value) -> Result<(), Vec<FieldMessage>> {
        let Some(c) = self.compiled(write) else {
            return Ok(());
        };
        let mut out: Vec<FieldMessage> = Vec::new();
        let mut more = 0usize;
        for error in c.validator.iter_errors(body) {
            for m in messages(c, body, &error) {
                if out.iter().any(|o| o.field == m.field) {
                    continue;
                }
                if out.len() == MAX_MESSAGES {
                    more += 1;
                } else {
                    out.push(m);
                }
            }
        }
        if more > 0 {
            out.push(FieldMessage::about_record(format!(
                "and {more} more field(s) not listed"
            )));
        }
        if out.is_empty() { Ok(()) } else { Err(out) }
    }
}

/// The write body schema of `resource` for `write`: what a create requires (the POST
/// body's `required`) holds on create only (an update names just what it changes).
fn write_schema(
    schemas: &Schemas,
    resource: &str,
    additions: &BTreeMap<String, Value>,
    reads: Option<&PathNode>,
    write: Write,
) -> Option<Value> {
    let mut schema = schemas.standalone(schemas.write_name(resource)?)?;
    for (path, field_schema) in additions {
        let written = match reads {
            None => true,
            Some(paths) => paths.get(&path.split('.').collect::<Vec<_>>()).is_some(),
        };
        if written {
            add_property(&mut schema, path, field_schema.clone(), false);
        }
    }
    if write == Write::Create
        && let Some(o) = schema.as_object_mut()
    {
        o.insert(
            "required".into(),
            Value::Array(schemas.create_required(resource)),
        );
    }
    // A field this provider's request mapping does not read cannot be required of its
    // tenants.
    if let Some(paths) = reads
        && let Some(Value::Array(required)) = schema.get_mut("required")
    {
        required.retain(|f| f.as_str().is_some_and(|f| paths.get(&[f]).is_some()));
    }
    Some(schema)
}

/// A JSON pointer into `body` as a unified field name: `/lines/0/quantity` →
/// `lines[0].quantity`.
fn field_name(body: &Value, pointer: &str) -> String {
    let mut out = String::new();
    let mut node = Some(body);
    for raw in pointer.split('/').skip(1) {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        match node {
            Some(Value::Array(items)) => {
                out.push_str(&format!("[{seg}]"));
                node = seg.parse::<usize>().ok().and_then(|i| items.get(i));
            }
            other => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&seg);
                node = other.and_then(|v| v.get(&seg));
            }
        }
    }
    out
}

fn child(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

fn type_name(t: jsonschema::JsonType) -> &'static str {
    use jsonschema::JsonType::*;
    match t {
        Array => "an array",
        Boolean => "true or false",
        Integer => "an integer",
        Null => "null",
        Number => "a number",
        Object => "an object",
        String => "a string",
    }
}

/// What one schema failure says, as field messages.
fn messages(c: &Compiled, body: &Value, error: &jsonschema::ValidationError) -> Vec<FieldMessage> {
    use jsonschema::error::{TypeKind, ValidationErrorKind as K};
    let at = field_name(body, error.instance_path.as_str());
    let one = |message: String| vec![FieldMessage::new(at.clone(), message)];
    let is_decimal = |pattern: &str| c.decimal_pattern.as_deref() == Some(pattern);
    match &error.kind {
        K::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            vec![FieldMessage::new(child(&at, name), "is required")]
        }
        K::AdditionalProperties { unexpected } => {
            let allowed = allowed_here(c, error.schema_path.as_str());
            unexpected
                .iter()
                .map(|name| {
                    let message = match &allowed {
                        Some(a) if !a.is_empty() => {
                            format!("is not a known field (known here: {})", a.join(", "))
                        }
                        _ => "is not a known field".to_string(),
                    };
                    FieldMessage::new(child(&at, name), message)
                })
                .collect()
        }
        K::Type { kind } => {
            let mut wanted: Vec<&str> = match kind {
                TypeKind::Single(t) => vec![type_name(*t)],
                TypeKind::Multiple(set) => set.iter().map(type_name).collect(),
            };
            // "a string or null" reads better than "null or a string".
            wanted.sort_by_key(|t| *t == "null");
            if wanted == ["a string"] && schema_is_decimal(c, error.schema_path.as_str()) {
                one(DECIMAL_MESSAGE.into())
            } else {
                one(format!("must be {}", wanted.join(" or ")))
            }
        }
        K::Pattern { pattern } if is_decimal(pattern) => one(DECIMAL_MESSAGE.into()),
        K::Pattern { pattern } => one(format!("must match {pattern}")),
        K::Format { format } => one(match format.as_str() {
            "date" => "must be a date, YYYY-MM-DD (e.g. 2026-03-01)".into(),
            "date-time" => "must be an RFC 3339 date-time (e.g. 2026-03-01T09:30:00Z)".into(),
            other => format!("must be a valid {other}"),
        }),
        K::Enum { options } => one(format!("must be one of {options}")),
        K::MinItems { limit } => one(format!("must hold at least {limit} item(s)")),
        K::MaxItems { limit } => one(format!("must hold at most {limit} item(s)")),
        K::MinLength { limit } => one(format!("must be at least {limit} character(s) long")),
        K::MaxLength { limit } => one(format!("must be at most {limit} character(s) long")),
        K::MinProperties { limit } => one(format!("must name at least {limit} field(s)")),
        _ => one(format!(
            "is not valid ({})",
            keyword(error.schema_path.as_str())
        )),
    }
}

const DECIMAL_MESSAGE: &str = "must be a decimal number as a string, e.g. \"12.50\"";

/// The last segment of a schema path: the keyword that failed.
fn keyword(schema_path: &str) -> &str {
    schema_path.rsplit('/').next().unwrap_or(schema_path)
}

/// The schema node at `pointer` (a schema path, whose last segment is the keyword),
/// following `$ref`s into `$defs`.
fn schema_node<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let pointer = pointer
        .strip_prefix(super::schema::COMPILED_ROOT)
        .unwrap_or(pointer);
    let mut node = root;
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    let (_, parents) = segments.split_last()?;
    for seg in parents {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if seg == "$ref" {
            let name = node.get("$ref")?.as_str()?.rsplit('/').next()?;
            node = root.get("$defs")?.get(name)?;
            continue;
        }
        node = match node {
            Value::Array(items) => items.get(seg.parse::<usize>().ok()?)?,
            other => other.get(&seg)?,
        };
    }
    Some(node)
}

/// The field names an object schema takes, for a message about an unknown one.
fn allowed_here(c: &Compiled, schema_path: &str) -> Option<Vec<String>> {
    let node = schema_node(&c.schema, schema_path)?;
    Some(
        node.get("properties")?
            .as_object()?
            .keys()
            .cloned()
            .collect(),
    )
}

/// Whether the type that failed at `schema_path` is `Decimal`'s.
fn schema_is_decimal(c: &Compiled, schema_path: &str) -> bool {
    let Some(pattern) = &c.decimal_pattern else {
        return false;
    };
    schema_node(&c.schema, schema_path)
        .and_then(|n| n.get("pattern"))
        .is_some_and(|p| p == &json!(pattern))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::schema::schemas;

    fn check(resource: &str, write: Write, body: Value) -> Vec<(String, String)> {
        let c = WriteCheck::new(
            schemas(),
            &Compilations::default(),
            resource,
            &[Write::Create, Write::Update],
            &BTreeMap::new(),
            None,
        );
        match c.check(write, &body) {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|m| (m.field, m.message)).collect(),
        }
    }

    fn fields(v: &[(String, String)]) -> Vec<&str> {
        v.iter().map(|(f, _)| f.as_str()).collect()
    }

    #[test]
    fn field_names_are_unified_dotted_paths() {
        let body = json!({"lines": [{"a": 1}, {"quantity": "x"}], "supplier": {"id": 1}});
        assert_eq!(field_name(&body, "/lines/1/quantity"), "lines[1].quantity");
        assert_eq!(field_name(&body, "/supplier/id"), "supplier.id");
        assert_eq!(field_name(&body, ""), "");
        assert_eq!(field_name(&json!({"0": {"a": 1}}), "/0/a"), "0.a");
    }

    #[test]
    fn every_kind_of_failure_is_named() {
        let good = json!({
            "number": "PO-1", "supplier": {"id": "12"}, "currency": "USD",
            "lines": [{"description": "Paper", "quantity": "3", "unit_price": "4.50", "need_by_date": "2026-03-01"}]
        });
        assert_eq!(
            check("purchase_orders", Write::Create, good.clone()),
            Vec::<(String, String)>::new()
        );
        let mut bad = good.clone();
        bad["number"] = json!(12345);
        bad["lines"][0]["quantity"] = json!("abc");
        bad["lines"][0]["unit_price"] = json!(2);
        bad["lines"][0]["need_by_date"] = json!("soon");
        bad["lines"][0]["colour"] = json!("red");
        bad["supplier"]["size"] = json!("L");
        let errors = check("purchase_orders", Write::Create, bad);
        assert_eq!(
            fields(&errors),
            [
                "number",
                "supplier.size",
                "lines[0].quantity",
                "lines[0].unit_price",
                "lines[0].need_by_date",
                "lines[0].colour",
            ],
            "{errors:?}"
        );
        assert_eq!(errors[0].1, "must be a string");
        assert!(errors[2].1.contains("\"12.50\""), "{errors:?}");
        assert!(errors[3].1.contains("\"12.50\""), "{errors:?}");
        assert!(errors[4].1.contains("YYYY-MM-DD"), "{errors:?}");
        assert!(
            errors[5].1.contains("description"),
            "lists the known fields"
        );
        let errors = check(
            "purchase_orders",
            Write::Create,
            json!({"lines": {"quantity": "1"}}),
        );
        assert!(
            errors.contains(&("lines".into(), "must be an array".into())),
            "{errors:?}"
        );
        for required in ["number", "supplier", "currency"] {
            assert!(fields(&errors).contains(&required), "{errors:?}");
        }
    }

    #[test]
    fn an_update_is_partial() {
        assert!(
            check(
                "purchase_orders",
                Write::Update,
                json!({"status": "closed"})
            )
            .is_empty()
        );
        assert_eq!(
            fields(&check(
                "purchase_orders",
                Write::Create,
                json!({"number": "X", "supplier": {"id": "1"}, "currency": "USD"})
            )),
            ["lines"]
        );
        assert_eq!(
            fields(&check(
                "invoices",
                Write::Update,
                json!({"invoice_date": "March"})
            )),
            ["invoice_date"]
        );
    }

    #[test]
    fn declared_fields_the_request_reads_are_writable() {
        let mut additions = BTreeMap::new();
        additions.insert(
            "custom_fields.cost_center".to_string(),
            json!({"type": ["string", "null"]}),
        );
        additions.insert(
            "custom_fields.read_only".to_string(),
            json!({"type": "string"}),
        );
        let mut reads = PathNode::default();
        reads
            .children
            .entry("custom_fields".into())
            .or_default()
            .children
            .entry("cost_center".into())
            .or_default();
        let c = WriteCheck::new(
            schemas(),
            &Compilations::default(),
            "purchase_orders",
            &[Write::Update],
            &additions,
            Some(&reads),
        );
        assert!(
            c.check(
                Write::Update,
                &json!({"custom_fields": {"cost_center": "CC-1"}})
            )
            .is_ok()
        );
        let e = c
            .check(
                Write::Update,
                &json!({"custom_fields": {"cost_center": 7, "read_only": "x"}}),
            )
            .unwrap_err();
        let f: Vec<&str> = e.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(
            f,
            ["custom_fields.cost_center", "custom_fields.read_only"],
            "{e:?}"
        );
        assert_eq!(e[0].message, "must be a string or null");
        assert!(
            c.check(Write::Create, &json!({})).is_ok(),
            "no create check: not allowed"
        );
    }

    #[test]
    fn many_failures_are_capped() {
        let lines: Vec<Value> = (0..200).map(|_| json!({"quantity": 1})).collect();
        let errors = check("purchase_orders", Write::Update, json!({ "lines": lines }));
        assert_eq!(errors.len(), MAX_MESSAGES + 1);
        assert!(errors.last().unwrap().1.contains("150 more"), "{errors:?}");
    }
}
