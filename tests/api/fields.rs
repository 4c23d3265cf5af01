//! Field selection (`fields=`): only the named unified fields come back, the mapping
//! chain builds only them and the provider is asked only for what they read; unknown
//! fields are 400 naming them; cursors and sync tokens bind the selection.

use serde_json::{Map, Value};

use crate::common::*;

const POS: &str = "/unified/procurement/purchase_orders";
const PICK: &str = "id,number,total,supplier.name,lines.total";

/// `record` cut to dotted `fields` (arrays are transparent), as the caller should see it.
pub fn cut(record: &Value, fields: &[&str]) -> Value {
    fn put(out: &mut Value, src: &Value, path: &[&str]) {
        let Some((first, rest)) = path.split_first() else {
            *out = src.clone();
            return;
        };
        match src {
            Value::Array(items) => {
                if !out.is_array() {
                    *out = Value::Array(vec![Value::Null; items.len()]);
                }
                let slots = out.as_array_mut().unwrap();
                for (slot, item) in slots.iter_mut().zip(items) {
                    put(slot, item, path);
                }
            }
            Value::Object(map) => {
                let Some(child) = map.get(*first) else { return };
                if !out.is_object() {
                    *out = Value::Object(Map::new());
                }
                let slot = out
                    .as_object_mut()
                    .unwrap()
                    .entry(first.to_string())
                    .or_insert(Value::Null);
                if rest.is_empty() {
                    *slot = child.clone();
                } else if child.is_object() || child.is_array() {
                    put(slot, child, rest);
                } else {
                    *slot = child.clone();
                }
            }
            other => *out = other.clone(),
        }
    }
    let mut out = Value::Object(Map::new());
    for f in fields {
        let parts: Vec<&str> = f.split('.').collect();
        put(&mut out, record, &parts);
    }
    out
}

/// What the schema requires beside a selection: the record's required fields and those
/// of each object on the way to a selected field.
pub fn required_beside(schema: &Value, fields: &[&str]) -> Vec<String> {
    fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
        if let Some(r) = node["$ref"].as_str() {
            let name = r.rsplit('/').next().unwrap();
            return resolve(root, &root["$defs"][name]);
        }
        if let Some(alts) = node["oneOf"].as_array().or(node["anyOf"].as_array()) {
            if let Some(obj) = alts
                .iter()
                .map(|a| resolve(root, a))
                .find(|a| a.get("properties").is_some() || a.get("items").is_some())
            {
                return obj;
            }
        }
        if node.get("items").is_some() {
            return resolve(root, &node["items"]);
        }
        node
    }
    let required = |node: &Value, prefix: &str| -> Vec<String> {
        node["required"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                let r = r.as_str().unwrap();
                if prefix.is_empty() {
                    r.to_string()
                } else {
                    format!("{prefix}.{r}")
                }
            })
            .collect()
    };
    let mut out = required(schema, "");
    for f in fields {
        let parts: Vec<&str> = f.split('.').collect();
        let mut node = schema;
        for depth in 0..parts.len() - 1 {
            node = resolve(schema, &node["properties"][parts[depth]]);
            out.extend(required(node, &parts[..=depth].join(".")));
        }
    }
    out
}

/// `fields` with what the schema requires beside them.
async fn with_required(env: &Env, resource: &str, fields: &[&str]) -> Vec<String> {
    let (_, schema) = env
        .get_json("acme", &format!("/unified/procurement/{resource}/schema"))
        .await;
    let mut all: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
    all.extend(required_beside(&schema, fields));
    all
}

/// The `fields=` Coupa was asked for on the last request to `path`.
fn last_coupa_fields(env: &Env, path: &str) -> String {
    let recent = env.control().counters().recent;
    let req = recent
        .iter()
        .rev()
        .find(|r| r.path == path)
        .expect("a request to the collection");
    url::form_urlencoded::parse(req.query.as_bytes())
        .find(|(k, _)| k == "fields")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_selection_returns_only_its_fields_and_asks_coupa_only_for_what_they_read() {
    let env = Setup {
        records: 150,
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let c = env.control();
    c.reset_counters();
    let (full, _) = env.page_all("acme", POS, 50).await;
    let full_bytes = c.counters().bytes["/api/purchase_orders"];
    let full_fields = last_coupa_fields(&env, "/api/purchase_orders");
    c.reset_counters();
    let (picked, _) = env
        .page_all("acme", &format!("{POS}?fields={}", encode(PICK)), 50)
        .await;
    let picked_bytes = c.counters().bytes["/api/purchase_orders"];
    let picked_fields = last_coupa_fields(&env, "/api/purchase_orders");
    let names = with_required(
        &env,
        "purchase_orders",
        &PICK.split(',').collect::<Vec<_>>(),
    )
    .await;
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    // what the schema requires comes too, so a selected record holds to it
    for required in [
        "created_at",
        "updated_at",
        "custom_fields",
        "supplier.id",
        "lines.id",
    ] {
        assert!(names.contains(&required), "{names:?}");
    }
    assert_eq!(picked.len(), full.len());
    for (p, f) in picked.iter().zip(&full) {
        assert_eq!(p, &cut(f, &names));
    }
    // Coupa was asked for what those five fields read, and nothing else
    for read in ["po_number", "order_lines", "total", "supplier", "name"] {
        assert!(
            picked_fields.contains(read),
            "{read} not in {picked_fields}"
        );
    }
    for unread in [
        "ship_to_address",
        "requester",
        "payment_term",
        "acknowledged",
    ] {
        assert!(
            full_fields.contains(unread),
            "{unread} not in {full_fields}"
        );
        assert!(
            !picked_fields.contains(unread),
            "{unread} in {picked_fields}"
        );
    }
    println!(
        "fields={PICK}: Coupa sent {picked_bytes} bytes for {} orders, {full_bytes} for the full records ({:.1}x fewer)",
        picked.len(),
        full_bytes as f64 / picked_bytes.max(1) as f64
    );
    assert!(picked_bytes < full_bytes, "{picked_bytes} vs {full_bytes}");
    // A get takes the same selection.
    let id = full[3]["id"].as_str().unwrap();
    let (status, one) = env
        .get_json(
            "acme",
            &format!("{POS}/{id}?fields=number,lines.account.code"),
        )
        .await;
    assert_eq!(status, 200, "{one}");
    let names = with_required(&env, "purchase_orders", &["number", "lines.account.code"]).await;
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_eq!(one, cut(&full[3], &names));
    let get_fields = last_coupa_fields(&env, &format!("/api/purchase_orders/{id}"));
    assert!(!get_fields.contains("supplier"), "{get_fields}");
    // remote_data comes beside a selection, whole.
    let (status, one) = env
        .get_json(
            "acme",
            &format!("{POS}/{id}?fields=number&remote_data=true"),
        )
        .await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["number"], full[3]["number"]);
    assert!(one["remote_data"]["ship-to-address"].is_object(), "{one}");
    assert_eq!(one.as_object().unwrap().len(), 6, "{one}");
}

#[tokio::test]
async fn every_resource_selects_as_the_full_record_cut() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme").override_file(
            "purchase_orders.yaml",
            "response: |\n  { \"custom_fields\": { \"cost_center\": `custom-fields`.`cost-center-code` } }\n",
        ))
        .start()
        .await;
    let mut resources: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/mappings/coupa"))
            .unwrap()
            .flatten()
            .filter_map(|e| Some(e.path().file_stem()?.to_str()?.to_string()))
            .collect();
    resources.sort();
    assert!(resources.len() >= 10, "{resources:?}");
    for resource in &resources {
        let path = format!("/unified/procurement/{resource}");
        let (full, _) = env.page_all("acme", &path, 40).await;
        // id, the last field the schema lists and one nested field where there is one
        let (_, schema) = env.get_json("acme", &format!("{path}/schema")).await;
        let props = schema["properties"].as_object().unwrap();
        let mut fields = vec!["id".to_string()];
        let last = props
            .keys()
            .rfind(|k| *k != "remote_data" && *k != "id")
            .unwrap();
        fields.push(last.clone());
        if let Some(nested) = full.iter().find_map(|r| {
            r.as_object()?.iter().find_map(|(k, v)| {
                let inner = v.as_object().filter(|o| !o.is_empty())?;
                (k != "custom_fields").then(|| format!("{k}.{}", inner.keys().next().unwrap()))
            })
        }) {
            fields.push(nested);
        }
        let query = fields.join(",");
        let (picked, _) = env
            .page_all("acme", &format!("{path}?fields={}", encode(&query)), 40)
            .await;
        let names: Vec<&str> = fields.iter().map(String::as_str).collect();
        let names = with_required(&env, resource, &names).await;
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(picked.len(), full.len(), "{resource}");
        for (p, f) in picked.iter().zip(&full) {
            assert_eq!(p, &cut(f, &names), "{resource} fields={query}");
        }
    }
    // An override's custom field is selectable, alone.
    let (picked, _) = env
        .page_all(
            "acme",
            &format!("{POS}?fields=custom_fields.cost_center"),
            50,
        )
        .await;
    assert!(
        picked[0]["custom_fields"]["cost_center"].is_string(),
        "{}",
        picked[0]
    );
    let names = with_required(&env, "purchase_orders", &["custom_fields.cost_center"]).await;
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let (full, _) = env.page_all("acme", POS, 50).await;
    assert_eq!(picked[0], cut(&full[0], &names));
}

#[tokio::test]
async fn an_override_reading_base_still_selects_right() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme").override_file(
            "purchase_orders.yaml",
            "response: |\n  { \"number\": $base.number & \"/\" & $base.supplier.name }\n",
        ))
        .start()
        .await;
    let (full, _) = env.page_all("acme", POS, 50).await;
    let (picked, _) = env
        .page_all("acme", &format!("{POS}?fields=number"), 50)
        .await;
    assert!(full[0]["number"].as_str().unwrap().contains('/'));
    let names = with_required(&env, "purchase_orders", &["number"]).await;
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    for (p, f) in picked.iter().zip(&full) {
        assert_eq!(p, &cut(f, &names));
    }
}

#[tokio::test]
async fn unknown_fields_are_400_naming_them() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    for (fields, named) in [
        ("id,nope", "`nope`"),
        ("supplier.nope", "`supplier.nope`"),
        ("number.length", "`number.length`"),
        ("lines.nope", "`lines.nope`"),
        ("id,,number", "empty"),
        ("", "empty"),
        ("remote_data", "remote_data=true"),
    ] {
        for path in [POS.to_string(), format!("{POS}/1001")] {
            let r = env
                .get("acme", &format!("{path}?fields={}", encode(fields)))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 400, "{fields}");
            assert!(
                r.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("application/problem+json")
            );
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["parameter"], "fields", "{body}");
            let detail = body["detail"].as_str().unwrap();
            assert!(detail.contains(named), "{fields}: {detail}");
        }
    }
    let long = vec!["id"; 101].join(",");
    let (status, _) = env.get_json("acme", &format!("{POS}?fields={long}")).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn cursors_and_sync_tokens_bind_the_selection() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let (status, page) = env
        .get_json("acme", &format!("{POS}?limit=10&fields=number,id"))
        .await;
    assert_eq!(status, 200);
    let cursor = encode(page["next_cursor"].as_str().unwrap());
    // the same selection in another order, or none at all, continues the run
    for same in ["&fields=id,number", "&fields=id,number,id", ""] {
        let (status, next) = env
            .get_json("acme", &format!("{POS}?limit=10&cursor={cursor}{same}"))
            .await;
        assert_eq!(status, 200, "{same}: {next}");
        let first = next["result"][0].as_object().unwrap();
        assert!(
            first.contains_key("number") && !first.contains_key("status"),
            "{same}: {first:?}"
        );
    }
    // the parameter repeated is the same selection (clients that explode arrays)
    let (status, next) = env
        .get_json(
            "acme",
            &format!("{POS}?limit=10&cursor={cursor}&fields=id&fields=number"),
        )
        .await;
    assert_eq!(status, 200, "{next}");
    // another selection does not
    let (status, body) = env
        .get_json("acme", &format!("{POS}?limit=10&cursor={cursor}&fields=id"))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["parameter"], "cursor");
    // the sync token of a selected run keeps its selection
    let (_, token) = env
        .page_all("acme", &format!("{POS}?fields=number"), 100)
        .await;
    let token = encode(&token.unwrap());
    let (status, body) = env
        .get_json("acme", &format!("{POS}?sync_token={token}&fields=id"))
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = env
        .get_json("acme", &format!("{POS}?sync_token={token}"))
        .await;
    assert_eq!(status, 200, "{body}");
    for r in body["result"].as_array().unwrap() {
        assert!(
            r.get("number").is_some() && r.get("status").is_none(),
            "{r}"
        );
    }
}
