//! JSON Schemas of unified records, taken from `openapi.yaml` (the one description of the
//! unified model) and widened per tenant by what its overrides declare or produce.

use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use super::Effective;

/// The API description, compiled in.
pub const OPENAPI: &str = include_str!("../../../../openapi.yaml");

/// The `limit` parameter's bounds as `openapi.yaml` ships them (`server.max_page_size`'s
/// default).
const SHIPPED_LIMIT: &str = "        minimum: 1
        maximum: 200
        default: 50
      description: Most records per page, 1..=max_page_size (200 by default).";

/// `openapi.yaml` for a deployment whose `server.max_page_size` is `max_page_size`: the
/// `limit` parameter's maximum (and default, when the maximum is below 50) are the ones
/// the gateway enforces, so clients generated from the served description accept
/// exactly the pages the gateway serves.
pub fn openapi_for(max_page_size: u32) -> std::borrow::Cow<'static, str> {
    if max_page_size == 200 {
        return OPENAPI.into();
    }
    let limit = format!(
        "        minimum: 1
        maximum: {max_page_size}
        default: {}
      description: Most records per page, 1..=max_page_size ({max_page_size} in this deployment).",
        max_page_size.min(50)
    );
    OPENAPI.replacen(SHIPPED_LIMIT, &limit, 1).into()
}

/// The parsed description: component schemas as `$defs`, and each resource's schema names.
#[derive(Debug)]
pub struct Schemas {
    defs: Map<String, Value>,
    paths: Map<String, Value>,
}

/// Parsed once, on first use.
pub fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let doc: Value = yaml_serde::from_str(OPENAPI).unwrap_or(Value::Null);
        let mut defs = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for v in defs.values_mut() {
            rewrite_refs(v);
        }
        let paths = doc
            .get("paths")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        Schemas { defs, paths }
    })
}

/// `#/components/schemas/X` → `#/$defs/X`, so a schema stands on its own.
fn rewrite_refs(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref")
                && let Some(name) = r.strip_prefix("#/components/schemas/")
            {
                *r = format!("#/$defs/{name}");
            }
            m.values_mut().for_each(rewrite_refs);
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// Where [`compile`] registers the schema it compiles.
const COMPILED_URI: &str = "urn:procura:schema";

/// How the schema paths of [`compile`]d validators' errors begin: the root's one `$ref`.
pub const COMPILED_ROOT: &str = "/$ref";

/// Compiles a schema procura composed (a definition of `openapi.yaml` with its `$defs`,
/// widened by the field schemas overrides declare, each of which is checked on its own
/// when its file loads). The schema is a resource behind a root that is one `$ref` to
/// it, so `jsonschema` does not check it against the draft's meta-schema: that check
/// unrolls the meta-schema's recursive references over every node of the document and
/// caches them for the life of the process (about 100 MB for `openapi.yaml`'s
/// definitions, against 5 MB for the validators themselves). Error schema paths begin
/// with [`COMPILED_ROOT`].
pub fn compile(schema: &Value, formats: bool) -> Result<jsonschema::Validator, String> {
    let resource =
        jsonschema::Resource::from_contents(schema.clone()).map_err(|e| e.to_string())?;
    jsonschema::options()
        .should_validate_formats(formats)
        .with_resource(COMPILED_URI, resource)
        .build(&json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": COMPILED_URI,
        }))
        .map_err(|e| e.to_string())
}

/// The names of the definitions `v` refers to (`#/$defs/X`).
fn refs_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(name) = m
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
            {
                out.push(name.to_string());
            }
            m.values().for_each(|v| refs_in(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs_in(v, out)),
        _ => {}
    }
}

fn ref_name(v: &Value) -> Option<&str> {
    v.get("$ref")?.as_str()?.rsplit('/').next()
}

impl Schemas {
    fn op(&self, path: &str, method: &str) -> Option<&Value> {
        self.paths.get(path)?.get(method)
    }

    /// Name of the record schema of `resource` (from its get operation).
    pub fn record_name(&self, resource: &str) -> Option<&str> {
        let op = self.op(&format!("/unified/procurement/{resource}/{{id}}"), "get")?;
        ref_name(op.pointer("/responses/200/content/application~1json/schema")?)
    }

    /// The JSON body schema of an operation.
    fn body(&self, path: &str, method: &str) -> Option<&Value> {
        self.op(path, method)?
            .pointer("/requestBody/content/application~1json/schema")
    }

    /// Name of the write body schema of `resource`, when it has one: what an update
    /// (PATCH) takes, and what a create (POST) takes with the fields it requires
    /// (`required` beside the `$ref`).
    pub fn write_name(&self, resource: &str) -> Option<&str> {
        let create = self.body(&format!("/unified/procurement/{resource}"), "post");
        let body = create
            .or_else(|| self.body(&format!("/unified/procurement/{resource}/{{id}}"), "patch"))?;
        ref_name(body)
    }

    /// The fields a create of `resource` requires (`required` of its POST body).
    pub fn create_required(&self, resource: &str) -> Vec<Value> {
        self.body(&format!("/unified/procurement/{resource}"), "post")
            .and_then(|s| s.get("required"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    /// A self-contained JSON Schema (draft 2020-12) for the definition `name`.
    pub fn standalone(&self, name: &str) -> Option<Value> {
        let mut schema = self.defs.get(name)?.clone();
        let obj = schema.as_object_mut()?;
        obj.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        obj.insert("$defs".into(), Value::Object(self.reachable(name)));
        Some(schema)
    }

    /// The definitions `name` refers to, directly or through others, itself included
    /// (the whole of them is 65 definitions; a record or write schema needs a few).
    fn reachable(&self, name: &str) -> Map<String, Value> {
        let mut found = Map::new();
        let mut todo = vec![name.to_string()];
        while let Some(name) = todo.pop() {
            if found.contains_key(&name) {
                continue;
            }
            let Some(def) = self.defs.get(&name) else {
                continue;
            };
            refs_in(def, &mut todo);
            found.insert(name, def.clone());
        }
        // in `openapi.yaml`'s order, as before
        self.defs
            .iter()
            .filter(|(k, _)| found.contains_key(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// The tenant's record schema: the shipped one plus the fields its overrides declare
    /// (`schema:` in an override, dotted path → JSON Schema).
    pub fn record(&self, eff: &Effective) -> Option<Value> {
        let mut schema = self.standalone(self.record_name(&eff.resource.name)?)?;
        for (path, field_schema) in &eff.schema_additions {
            add_property(&mut schema, path, field_schema.clone(), true);
        }
        Some(schema)
    }

    /// The pattern of `Decimal`, the schema of decimal numbers sent as strings.
    pub fn decimal_pattern(&self) -> Option<&str> {
        self.defs.get("Decimal")?.get("pattern")?.as_str()
    }
}

/// Puts `field_schema` at a dotted `path` of an object schema, creating objects on the way
/// (`open` ones take other fields too; closed ones only those declared).
pub fn add_property(schema: &mut Value, path: &str, field_schema: Value, open: bool) {
    let mut node = schema;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let Some(obj) = node.as_object_mut() else {
            return;
        };
        let props = obj
            .entry("properties")
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(props) = props.as_object_mut() else {
            return;
        };
        if parts.peek().is_none() {
            props.insert(part.to_string(), field_schema);
            return;
        }
        node = props.entry(part.to_string()).or_insert_with(|| {
            if open {
                json!({"type": "object", "properties": {}})
            } else {
                json!({"type": "object", "properties": {}, "additionalProperties": false})
            }
        });
    }
}

/// A schema for a sampled value: its JSON type, or null.
pub fn sampled(v: &Value) -> Value {
    let t = match v {
        Value::Null => return json!({"type": "null", "description": "Seen as null only."}),
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    json!({"type": [t, "null"], "description": "Type sampled from a record."})
}

/// Adds sampled types for fields of `record` the schema does not describe yet.
pub fn widen_with_sample(schema: &mut Value, record: &Value) {
    let Value::Object(fields) = record else {
        return;
    };
    for (k, v) in fields {
        if k == "remote_data" {
            continue;
        }
        let known = schema.pointer(&format!(
            "/properties/{}",
            k.replace('~', "~0").replace('/', "~1")
        ));
        match (known, v) {
            (None, _) => add_property(schema, k, sampled(v), true),
            (Some(_), Value::Object(_)) if k == "custom_fields" => {
                if let Some(child) = schema.pointer_mut("/properties/custom_fields") {
                    widen_with_sample(child, v);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The served description's `limit` bounds follow `server.max_page_size`; the shipped
    /// text is served unchanged at the default.
    #[test]
    fn the_limit_parameter_follows_the_page_size() {
        assert!(
            OPENAPI.contains(SHIPPED_LIMIT),
            "openapi.yaml's Limit changed"
        );
        assert_eq!(openapi_for(200), OPENAPI);
        for (max, default) in [(500, 50), (20, 20)] {
            let text = openapi_for(max);
            let doc: serde_json::Value = yaml_serde::from_str(&text).expect("parses");
            let limit = &doc["components"]["parameters"]["Limit"];
            assert_eq!(limit["schema"]["maximum"], max);
            assert_eq!(limit["schema"]["default"], default);
            let said = limit["description"].as_str().unwrap();
            assert!(
                said.contains(&format!("({max} in this deployment)")),
                "{said}"
            );
        }
    }

    #[test]
    fn every_resource_has_a_record_schema() {
        let s = schemas();
        for r in [
            "purchase_orders",
            "invoices",
            "suppliers",
            "receipts",
            "exchange_rates",
        ] {
            let name = s.record_name(r).unwrap_or_else(|| panic!("{r}"));
            assert!(s.standalone(name).is_some());
        }
        assert_eq!(s.write_name("invoices"), Some("InvoiceWrite"));
        assert_eq!(
            s.write_name("receipts"),
            Some("ReceiptWrite"),
            "created only"
        );
        assert_eq!(s.write_name("departments"), None);
        assert!(s.create_required("invoices").contains(&json!("number")));
    }

    #[test]
    fn additions_nest() {
        let mut schema =
            json!({"type": "object", "properties": {"custom_fields": {"type": "object"}}});
        add_property(
            &mut schema,
            "custom_fields.cost_center",
            json!({"type": "string"}),
            true,
        );
        assert_eq!(
            schema.pointer("/properties/custom_fields/properties/cost_center/type"),
            Some(&json!("string"))
        );
    }
}
