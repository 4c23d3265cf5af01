//! What reads emit holds to the published read schemas: for a tenant with the shipped
//! example overrides, every record of every resource validates (formats included)
//! against the schema widened by those overrides, and every field declared a date or a
//! date-time is one. Both checks run on a Coupa tenant and on an Oracle Fusion tenant.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use gateway::app::App;
use gateway::config::{Config, Provider};
use gateway::http::AppState;
use procura::config_toml::{ConfigToml, TenantToml};
use serde_json::{Value, json};

use crate::common::*;

/// The shipped example overrides of a demo tenant, as override files.
fn demo_overrides(tenant: &str) -> Vec<(String, String)> {
    let dir: PathBuf = repo().join("examples/overrides/tenants").join(tenant);
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

/// One demo tenant with its shipped overrides, behind a gateway, on its provider's
/// simulator.
struct Demo {
    tenant: &'static str,
    provider: Provider,
    /// How many resources the provider maps.
    resources: usize,
    gateway: String,
    http: reqwest::Client,
    state: Arc<AppState>,
    _running: Box<dyn std::any::Any>,
}

async fn coupa_demo() -> Demo {
    let mut tenant = TenantSetup::new("demo");
    for (name, yaml) in demo_overrides("demo") {
        tenant = tenant.override_file(&name, &yaml);
    }
    let env = Setup {
        records: 60,
        ..Setup::default()
    }
    .tenant(tenant)
    .start()
    .await;
    Demo {
        tenant: "demo",
        provider: Provider::Coupa,
        resources: 14,
        gateway: env.gateway.clone(),
        http: env.http.clone(),
        state: env.state.clone(),
        _running: Box::new(env),
    }
}

async fn oracle_demo() -> Demo {
    capture_logs();
    let tenant = "demo-oracle";
    let sandbox = crate::common::oracle_sandbox(60).await;
    let dir = tempfile::tempdir().unwrap();
    let text = ConfigToml::new("read-schema-cursor-secret-0123")
        .mappings("base_dir", crate::common::shipped_mappings())
        .api_key(&key_of(tenant), &[tenant], false)
        .tenant(
            TenantToml::oracle_basic(
                tenant,
                &sandbox.base_url(),
                simulators::oracle_fusion::DEFAULT_USER,
                simulators::oracle_fusion::DEFAULT_PASSWORD,
            )
            .overrides(&repo().join("examples/overrides/tenants").join(tenant)),
        )
        .render();
    let config = Config::from_toml(&text, Path::new("read.toml"), dir.path(), &|_| None)
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    let app = App::build(config).await.unwrap_or_else(|e| panic!("{e}"));
    let state = app.state();
    Demo {
        tenant,
        provider: Provider::OracleFusion,
        resources: 10,
        gateway: format!("http://{}", app.spawn()),
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap(),
        state,
        _running: Box::new((sandbox, dir)),
    }
}

impl Demo {
    fn req(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.gateway))
            .bearer_auth(key_of(self.tenant))
            .header("x-tenant-id", self.tenant)
    }

    async fn get_json(&self, path: &str) -> (u16, Value) {
        let r = self.req(reqwest::Method::GET, path).send().await.unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    /// Every record of a resource, and one got by id.
    async fn all_records(&self, resource: &str) -> Vec<Value> {
        let path = format!("/unified/procurement/{resource}");
        let mut records = Vec::new();
        let mut url = format!("{path}?limit=200");
        loop {
            let (status, page) = self.get_json(&url).await;
            assert_eq!(status, 200, "{url}: {page}");
            records.extend(page["result"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(c) => url = format!("{path}?limit=200&cursor={}", encode(c)),
                None => break,
            }
        }
        assert!(!records.is_empty(), "{resource} has records");
        let id = records[0]["id"].as_str().unwrap().to_string();
        let (status, one) = self.get_json(&format!("{path}/{id}")).await;
        assert_eq!(status, 200, "{resource}/{id}: {one}");
        assert_eq!(one, records[0], "{resource}: get and list agree");
        records.push(one);
        records
    }

    fn resources(&self) -> Vec<String> {
        let names: Vec<String> = self
            .state
            .registry()
            .all(Some(self.tenant))
            .map(|e| e.resource.name.clone())
            .collect();
        assert_eq!(names.len(), self.resources, "{names:?}");
        names
    }

    /// A purchase order written through the gateway, to be read back with the others.
    async fn create_order(&self) {
        // Oracle's: the guides' supplier, whose site FRESNO is in the override's unit.
        let query = match self.provider {
            Provider::Coupa => "limit=1",
            Provider::OracleFusion => "name=Advanced%20Network%20Devices",
        };
        let (_, suppliers) = self
            .get_json(&format!("/unified/procurement/suppliers?{query}"))
            .await;
        let supplier = suppliers["result"][0]["id"].clone();
        let custom_fields = match self.provider {
            Provider::Coupa => json!({"cost_center": "CC-7"}),
            Provider::OracleFusion => json!({"supplier_site": "FRESNO"}),
        };
        let created = self
            .req(reqwest::Method::POST, "/unified/procurement/purchase_orders")
            .json(&json!({
                "number": "EXT-READ-1", "supplier": {"id": supplier}, "currency": "EUR",
                "lines": [
                    {"description": "Paper", "quantity": "3", "unit_price": "0.10", "need_by_date": "2026-03-01"},
                    {"description": "Pens", "quantity": "1", "unit_price": "0.20"}
                ],
                "custom_fields": custom_fields
            }))
            .send()
            .await
            .unwrap();
        let status = created.status();
        let created: Value = created.json().await.unwrap();
        assert_eq!(status, 201, "{created}");
        assert!(
            ["0.50", "0.5"].contains(&created["total"].as_str().unwrap()),
            "no float artefacts: {created}"
        );
    }
}

#[tokio::test]
async fn reads_of_a_coupa_tenant_with_overrides_hold_to_its_widened_schema() {
    reads_hold_to_the_widened_schema(coupa_demo().await).await;
}

#[tokio::test]
async fn reads_of_an_oracle_tenant_with_overrides_hold_to_its_widened_schema() {
    reads_hold_to_the_widened_schema(oracle_demo().await).await;
}

async fn reads_hold_to_the_widened_schema(demo: Demo) {
    // Records written through the gateway are read back too.
    demo.create_order().await;
    let schemas = gateway::resources::schema::schemas();
    let mut widened = 0;
    for name in demo.resources() {
        let eff = demo
            .state
            .registry()
            .get(demo.tenant, &name)
            .unwrap()
            .clone();
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
        let records = demo.all_records(&name).await;
        let mut broken = Vec::new();
        for r in &records {
            for e in validator.iter_errors(r) {
                broken.push(format!("record {}: {e} at {}", r["id"], e.instance_path));
            }
        }
        broken.truncate(20);
        assert!(
            broken.is_empty(),
            "{} {name} breaks its schema:\n{}",
            demo.tenant,
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
async fn every_field_declared_a_date_or_date_time_is_one_in_all_fourteen_coupa_resources() {
    dated_fields_are_dates(coupa_demo().await).await;
}

#[tokio::test]
async fn every_field_declared_a_date_or_date_time_is_one_in_all_ten_oracle_resources() {
    dated_fields_are_dates(oracle_demo().await).await;
}

async fn dated_fields_are_dates(demo: Demo) {
    let schemas = gateway::resources::schema::schemas();
    let mut checked = BTreeMap::new();
    let mut never_set = Vec::new();
    for name in demo.resources() {
        let eff = demo
            .state
            .registry()
            .get(demo.tenant, &name)
            .unwrap()
            .clone();
        let schema = schemas.record(&eff).unwrap();
        let mut fields = BTreeMap::new();
        dated_fields(&schema["$defs"], &schema, "", &mut fields);
        assert!(
            fields.contains_key("created_at") && fields.contains_key("updated_at"),
            "{name}: {fields:?}"
        );
        let records = demo.all_records(&name).await;
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
            // Coupa's records carry every dated field; Oracle's lack some (its mappings
            // answer null where Oracle has no such attribute), never the record stamps.
            if seen == 0 {
                assert!(
                    demo.provider != Provider::Coupa
                        && path != "created_at"
                        && path != "updated_at",
                    "{} {name}.{path}: no value to check",
                    demo.tenant
                );
                never_set.push(format!("{name}.{path}"));
            } else {
                checked.insert(format!("{name}.{path}"), seen);
            }
        }
    }
    println!(
        "{}: dates and date-times checked: {checked:?}; always null: {never_set:?}",
        demo.tenant
    );
}
