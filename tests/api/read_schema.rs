//! What reads emit holds to the published read schemas: for a tenant with the shipped
//! example overrides, every record of every resource validates (formats included)
//! against the schema widened by those overrides, and every field declared a date or a
//! date-time is one.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use crate::common::*;

/// The shipped example overrides of the demo tenant, as override files.
fn demo_overrides() -> Vec<(String, String)> {
    let dir: PathBuf = repo().join("examples/overrides/tenants/demo");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("yaml"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

async fn demo_env() -> Env {
    let mut tenant = TenantSetup::new("demo");
    for (name, yaml) in demo_overrides() {
        tenant = tenant.override_file(&name, &yaml);
    }
    Setup {
        records: 60,
        ..Setup::default()
    }
    .tenant(tenant)
    .start()
    .await
}

/// Every record of every resource, and one got by id.
async fn all_records(env: &Env, resource: &str) -> Vec<Value> {
    let (mut records, _) = env
        .page_all("demo", &format!("/unified/procurement/{resource}"), 200)
        .await;
    assert!(!records.is_empty(), "{resource} has records");
    let id = records[0]["id"].as_str().unwrap().to_string();
    let (status, one) = env
        .get_json("demo", &format!("/unified/procurement/{resource}/{id}"))
        .await;
    assert_eq!(status, 200, "{resource}/{id}: {one}");
    assert_eq!(one, records[0], "{resource}: get and list agree");
    records.push(one);
    records
}

fn resources(env: &Env) -> Vec<String> {
    let names: Vec<String> = env
        .state
        .registry()
        .all(Some("demo"))
        .map(|e| e.resource.name.clone())
        .collect();
    assert_eq!(names.len(), 14);
    names
}

#[tokio::test]
async fn reads_of_a_tenant_with_overrides_hold_to_its_widened_schema() {
    let env = demo_env().await;
    // Records written through the gateway are read back too.
    let (_, suppliers) = env
        .get_json("demo", "/unified/procurement/suppliers?limit=1")
        .await;
    let created = env
        .req(reqwest::Method::POST, "demo", "/unified/procurement/purchase_orders")
        .json(&serde_json::json!({
            "number": "EXT-READ-1", "supplier": {"id": suppliers["result"][0]["id"]}, "currency": "EUR",
            "lines": [
                {"description": "Paper", "quantity": "3", "unit_price": "0.10", "need_by_date": "2026-03-01"},
                {"description": "Pens", "quantity": "1", "unit_price": "0.20"}
            ],
            "custom_fields": {"cost_center": "CC-7"}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["total"], "0.50", "no float artefacts: {created}");
    let schemas = gateway::resources::schema::schemas();
    let mut widened = 0;
    for name in resources(&env) {
        let eff = env.state.registry().get("demo", &name).unwrap().clone();
        let schema = schemas.record(&eff).unwrap();
        if !eff.schema_additions.is_empty() {
            widened += 1;
            for path in eff.schema_additions.keys() {
                let pointer = format!("/properties/{}", path.replace('.', "/properties/"));
                assert!(
                    schema.pointer(&pointer).is_some(),
                    "{name}: {path} declared"
                );
            }
        }
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let records = all_records(&env, &name).await;
        let mut broken = Vec::new();
        for r in &records {
            for e in validator.iter_errors(r) {
                broken.push(format!("record {}: {e} at {}", r["id"], e.instance_path));
            }
        }
        broken.truncate(20);
        assert!(
            broken.is_empty(),
            "{name} breaks its schema:\n{}",
            broken.join("\n")
        );
    }
    assert!(widened > 0, "the demo overrides widen a schema");
}

/// Where a schema declares `format: date` or `date-time`: dotted paths (`[]` for array
/// items), following `$ref`, `oneOf` and `items`.
fn dated_fields(defs: &Value, schema: &Value, at: &str, out: &mut BTreeMap<String, String>) {
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
    {
        return dated_fields(defs, &defs[name], at, out);
    }
    if let Some(f @ ("date" | "date-time")) = schema.get("format").and_then(Value::as_str) {
        out.insert(at.to_string(), f.to_string());
    }
    for alt in schema["oneOf"].as_array().into_iter().flatten() {
        dated_fields(defs, alt, at, out);
    }
    if let Some(items) = schema.get("items") {
        dated_fields(defs, items, &format!("{at}[]"), out);
    }
    for (k, v) in schema["properties"].as_object().into_iter().flatten() {
        let here = if at.is_empty() {
            k.clone()
        } else {
            format!("{at}.{k}")
        };
        dated_fields(defs, v, &here, out);
    }
}

/// The values at a dotted path (`[]` expands arrays).
fn values_at<'a>(v: &'a Value, path: &str, out: &mut Vec<&'a Value>) {
    let Some(first) = path.split('.').next().filter(|s| !s.is_empty()) else {
        out.push(v);
        return;
    };
    let rest = path[first.len()..].trim_start_matches('.');
    let (key, expand) = match first.strip_suffix("[]") {
        Some(k) => (k, true),
        None => (first, false),
    };
    let Some(child) = v.get(key) else { return };
    if expand {
        for item in child.as_array().into_iter().flatten() {
            values_at(item, rest, out);
        }
    } else {
        values_at(child, rest, out);
    }
}

fn is_date(s: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    s.len() == 10 && time::Date::parse(s, &format).is_ok()
}

fn is_date_time(s: &str) -> bool {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
}

#[tokio::test]
async fn every_field_declared_a_date_or_date_time_is_one_in_all_fourteen_resources() {
    let env = demo_env().await;
    let schemas = gateway::resources::schema::schemas();
    let mut checked = BTreeMap::new();
    for name in resources(&env) {
        let eff = env.state.registry().get("demo", &name).unwrap().clone();
        let schema = schemas.record(&eff).unwrap();
        let mut fields = BTreeMap::new();
        dated_fields(&schema["$defs"], &schema, "", &mut fields);
        assert!(
            fields.contains_key("created_at") && fields.contains_key("updated_at"),
            "{name}: {fields:?}"
        );
        let records = all_records(&env, &name).await;
        for (path, format) in &fields {
            let mut values = Vec::new();
            for r in &records {
                values_at(r, path, &mut values);
            }
            let mut seen = 0;
            for v in values {
                if v.is_null() {
                    continue;
                }
                let s = v.as_str().unwrap_or_else(|| panic!("{name}.{path}: {v}"));
                let ok = match format.as_str() {
                    "date" => is_date(s),
                    _ => is_date_time(s),
                };
                assert!(ok, "{name}.{path} is declared {format} but reads {s:?}");
                seen += 1;
            }
            assert!(seen > 0, "{name}.{path}: no value to check");
            checked.insert(format!("{name}.{path}"), seen);
        }
    }
    println!("dates and date-times checked: {checked:?}");
}
