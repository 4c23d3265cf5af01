//! Writes over real HTTP: create and update through request mappings, validation errors
//! in unified names, idempotency, custom fields on the way in.

use serde_json::{Value, json};

use crate::common::*;

fn post(env: &Env, tenant: &str, path: &str, body: &Value) -> reqwest::RequestBuilder {
    env.req(reqwest::Method::POST, tenant, path).json(body)
}

fn patch(env: &Env, tenant: &str, path: &str, body: &Value) -> reqwest::RequestBuilder {
    env.req(reqwest::Method::PATCH, tenant, path).json(body)
}

async fn send(r: reqwest::RequestBuilder) -> (u16, Value) {
    let r = r.send().await.unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

/// The record as the list endpoint shows it.
async fn listed(env: &Env, tenant: &str, resource: &str, id: &str) -> Value {
    let (records, _) = env
        .page_all(
            tenant,
            &format!("/unified/procurement/{resource}?created_after=2000-01-01T00:00:00Z"),
            200,
        )
        .await;
    records
        .into_iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("{resource} {id} not listed"))
}

async fn some(env: &Env, resource: &str) -> Value {
    let (s, page) = env
        .get_json("acme", &format!("/unified/procurement/{resource}?limit=1"))
        .await;
    assert_eq!(s, 200);
    page["result"][0].clone()
}

#[tokio::test]
async fn create_and_update_every_writable_resource() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let supplier = some(&env, "suppliers").await;
    let user = some(&env, "users").await;
    let account = some(&env, "accounts").await;
    let po = some(&env, "purchase_orders").await;
    let line_id = po["lines"][0]["id"].clone();
    let sup = json!({"id": supplier["id"]});
    let acct = json!({"code": account["code"]});
    let bodies = [
        (
            "suppliers",
            json!({"name": "Zeta Supplies", "number": "Z-100", "status": "active"}),
            json!({"website": "https://zeta.example"}),
        ),
        (
            "purchase_orders",
            json!({
                "number": "EXT-1", "supplier": sup, "currency": "USD",
                "lines": [{"line_number": "1", "description": "Paper", "quantity": "3", "unit_price": "4.50", "account": acct}]
            }),
            Value::Null,
        ),
        (
            "invoices",
            json!({
                "number": "INV-NEW-1", "invoice_date": "2026-03-01", "supplier": sup, "currency": "USD",
                "lines": [{"line_number": "1", "description": "Paper", "quantity": "3", "unit_price": "4.50", "total": "13.50"}]
            }),
            json!({"number": "INV-NEW-1B"}),
        ),
        (
            "requisitions",
            json!({
                "title": "Chairs", "requester": {"id": user["id"]}, "currency": "USD",
                "lines": [{"description": "Chair", "quantity": "2", "unit_price": "99.00", "supplier": sup}]
            }),
            Value::Null,
        ),
        (
            "expense_reports",
            json!({"title": "Trip", "expensed_by": {"id": user["id"]}, "currency": "USD"}),
            json!({"title": "Trip to Berlin"}),
        ),
        (
            "contracts",
            json!({"name": "Master agreement", "number": "C-900", "supplier": sup, "currency": "USD"}),
            json!({"max_value": "10000.00"}),
        ),
        (
            "users",
            json!({"login": "newbie", "email": "newbie@example.com", "first_name": "New", "last_name": "Bie"}),
            json!({"last_name": "Bee"}),
        ),
        (
            "receipts",
            json!({"quantity": "1", "purchase_order_line": {"id": line_id}}),
            Value::Null,
        ),
    ];
    // Every answer holds to the record's schema in openapi.yaml.
    let holds = |resource: &str, record: &Value| {
        let eff = env.state.registry().get("acme", resource).unwrap().clone();
        let schema = gateway::resources::schema::schemas().record(&eff).unwrap();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let broken: Vec<String> = validator
            .iter_errors(record)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(broken.is_empty(), "{resource}: {broken:?} in {record}");
    };
    for (resource, create, update) in bodies {
        let (s, created) = send(post(
            &env,
            "acme",
            &format!("/unified/procurement/{resource}"),
            &create,
        ))
        .await;
        assert_eq!(s, 201, "{resource}: {created}");
        holds(resource, &created);
        let id = created["id"].as_str().unwrap().to_string();
        assert_eq!(
            listed(&env, "acme", resource, &id).await,
            created,
            "{resource}: list agrees with the create answer"
        );
        if !update.is_null() {
            let (s, updated) = send(patch(
                &env,
                "acme",
                &format!("/unified/procurement/{resource}/{id}"),
                &update,
            ))
            .await;
            assert_eq!(s, 200, "{resource}: {updated}");
            holds(resource, &updated);
            for (k, v) in update.as_object().unwrap() {
                assert_eq!(&updated[k], v, "{resource}.{k} updated");
            }
            assert_eq!(
                listed(&env, "acme", resource, &id).await,
                updated,
                "{resource}: list agrees with the update answer"
            );
        }
    }
    let invented = crate::coupa_swagger::sandbox_problems(&env.control());
    assert!(
        invented.is_empty(),
        "written records hold only fields Coupa defines:\n{}",
        invented.join("\n")
    );
}

#[tokio::test]
async fn missing_required_field_is_a_422_in_unified_names() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let supplier = some(&env, "suppliers").await;
    let body = json!({"invoice_date": "2026-03-01", "supplier": {"id": supplier["id"]}, "currency": "USD",
                      "lines": [{"description": "x", "quantity": "1", "unit_price": "1.00", "total": "1.00"}]});
    let (s, p) = send(post(&env, "acme", "/unified/procurement/invoices", &body)).await;
    assert_eq!(s, 422, "{p}");
    assert!(p["type"].as_str().unwrap().ends_with("validation_error"));
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"number"), "{fields:?}");
    let body = json!({"number": "X", "invoice_date": "2026-03-01", "supplier": {"name": "No Such Supplier"}, "currency": "USD", "lines": []});
    let (s, p) = send(post(&env, "acme", "/unified/procurement/invoices", &body)).await;
    assert_eq!(s, 422, "{p}");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"supplier"), "{fields:?}");
}

#[tokio::test]
async fn bad_bodies_are_refused_before_coupa() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let before = env
        .control()
        .counters()
        .requests
        .get("/api/suppliers")
        .copied();
    let (s, p) = send(post(
        &env,
        "acme",
        "/unified/procurement/suppliers",
        &json!({"name": "A", "colour": "red"}),
    ))
    .await;
    assert_eq!(s, 422, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("colour"), "{p}");
    assert_eq!(p["errors"][0]["field"], "colour", "{p}");
    let big = "x".repeat(1024 * 1024 + 10);
    let (s, _) = send(post(
        &env,
        "acme",
        "/unified/procurement/suppliers",
        &json!({"name": big}),
    ))
    .await;
    assert_eq!(s, 413);
    let r = env
        .req(
            reqwest::Method::POST,
            "acme",
            "/unified/procurement/suppliers",
        )
        .header("content-type", "text/plain")
        .body("name=A")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    let r = env
        .req(
            reqwest::Method::POST,
            "acme",
            "/unified/procurement/suppliers",
        )
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let (s, _) = send(post(
        &env,
        "acme",
        "/unified/procurement/suppliers",
        &json!(["a"]),
    ))
    .await;
    assert_eq!(s, 400, "a body that is not an object");
    let (s, _) = send(post(
        &env,
        "acme",
        "/unified/procurement/departments",
        &json!({"name": "A"}),
    ))
    .await;
    assert_eq!(s, 405, "departments are read-only");
    assert_eq!(
        env.control()
            .counters()
            .requests
            .get("/api/suppliers")
            .copied(),
        before
    );
}

#[tokio::test]
async fn racing_posts_with_one_idempotency_key_create_one_record() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let count = |env: &Env| env.control().ids("suppliers").len();
    let before = count(&env);
    let body = json!({"name": "Racing Supplier", "number": "R-1"});
    let mut calls = Vec::new();
    for _ in 0..2 {
        let r = post(&env, "acme", "/unified/procurement/suppliers", &body)
            .header("idempotency-key", "key-123");
        calls.push(tokio::spawn(async move {
            let r = r.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }));
    }
    let mut answers = Vec::new();
    for c in calls {
        answers.push(c.await.unwrap());
    }
    assert_eq!(answers[0], answers[1], "both get the first response");
    assert_eq!(answers[0].0, 201);
    assert_eq!(count(&env), before + 1, "one record created");
    // A later retry replays; another body with the same key conflicts.
    let r = post(&env, "acme", "/unified/procurement/suppliers", &body)
        .header("idempotency-key", "key-123")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["idempotent-replayed"], "true");
    assert_eq!(r.text().await.unwrap(), answers[0].1);
    let (s, _) = send(
        post(
            &env,
            "acme",
            "/unified/procurement/suppliers",
            &json!({"name": "Other"}),
        )
        .header("idempotency-key", "key-123"),
    )
    .await;
    assert_eq!(s, 409);
    assert_eq!(count(&env), before + 1);
}

#[tokio::test]
async fn a_failed_write_frees_its_idempotency_key() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    env.control().push_fault(simulators::coupa::Fault::Status {
        status: 503,
        body: "down".into(),
    });
    let body = json!({"name": "Flaky Supplier"});
    let (s, _) = send(
        post(&env, "acme", "/unified/procurement/suppliers", &body)
            .header("idempotency-key", "k-9"),
    )
    .await;
    assert_eq!(s, 502);
    let (s, created) = send(
        post(&env, "acme", "/unified/procurement/suppliers", &body)
            .header("idempotency-key", "k-9"),
    )
    .await;
    assert_eq!(s, 201, "the retry runs: {created}");
}

const DEMO_OVERRIDE: &str =
    include_str!("../../examples/overrides/tenants/demo/purchase_orders.yaml");

#[tokio::test]
async fn a_tenant_override_writes_its_custom_field() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme").override_file("purchase_orders.yaml", DEMO_OVERRIDE))
        .start()
        .await;
    let supplier = some(&env, "suppliers").await;
    let body = json!({
        "number": "EXT-CC", "supplier": {"id": supplier["id"]}, "currency": "USD",
        "lines": [{"description": "Desk", "quantity": "1", "unit_price": "300.00"}],
        "custom_fields": {"cost_center": "CC-42"}
    });
    let (s, created) = send(post(
        &env,
        "acme",
        "/unified/procurement/purchase_orders",
        &body,
    ))
    .await;
    assert_eq!(s, 201, "{created}");
    assert_eq!(created["custom_fields"]["cost_center"], "CC-42");
    let id: i64 = created["id"].as_str().unwrap().parse().unwrap();
    let raw = env.control().get("purchase_orders", id).unwrap();
    assert_eq!(
        raw["custom-fields"]["cost-center-code"], "CC-42",
        "the sandbox holds it"
    );
}

#[tokio::test]
async fn mark_exported_and_imported_orders_stay_read_only() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let (records, _) = env
        .page_all("acme", "/unified/procurement/invoices?exported=false", 50)
        .await;
    let id = records[0]["id"].as_str().unwrap();
    let (s, inv) = send(env.req(
        reqwest::Method::POST,
        "acme",
        &format!("/unified/procurement/invoices/{id}/mark_exported"),
    ))
    .await;
    assert_eq!(s, 200, "{inv}");
    assert_eq!(inv["exported"], true);
    let supplier = some(&env, "suppliers").await;
    let (s, po) = send(post(
        &env,
        "acme",
        "/unified/procurement/purchase_orders",
        &json!({
            "number": "EXT-RO", "supplier": {"id": supplier["id"]}, "currency": "USD",
            "lines": [{"description": "x", "quantity": "1", "unit_price": "1.00"}]
        }),
    ))
    .await;
    assert_eq!(s, 201);
    let (s, p) = send(patch(
        &env,
        "acme",
        &format!(
            "/unified/procurement/purchase_orders/{}",
            po["id"].as_str().unwrap()
        ),
        &json!({"status": "closed"}),
    ))
    .await;
    assert_eq!(s, 422, "Coupa refuses changes to imported orders: {p}");
}

/// An action is a POST like the creates: `Idempotency-Key` is checked (1 to 255 visible
/// ASCII characters) and honoured, a retry with the key replays the first answer.
#[tokio::test]
async fn an_action_honours_idempotency_key() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let (records, _) = env
        .page_all("acme", "/unified/procurement/invoices?exported=false", 50)
        .await;
    let id = records[0]["id"].as_str().unwrap();
    let path = format!("/unified/procurement/invoices/{id}/mark_exported");
    let action = |key: &str| {
        env.req(reqwest::Method::POST, "acme", &path)
            .header("idempotency-key", key)
    };
    let puts = || {
        env.control()
            .counters()
            .recent
            .iter()
            .filter(|r| r.method == "PUT" && r.path == format!("/api/invoices/{id}"))
            .count()
    };
    for bad in ["", "a\tb", &"k".repeat(256)] {
        let (s, p) = send(action(bad)).await;
        assert_eq!(s, 400, "{bad:?}: {p}");
        assert_eq!(p["parameter"], "Idempotency-Key");
    }
    assert_eq!(puts(), 0, "a refused key sends nothing");
    let first = action("export-1").send().await.unwrap();
    assert_eq!(first.status(), 200);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["exported"], true);
    let again = action("export-1").send().await.unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    assert_eq!(puts(), 1, "the retry reached no one");
}

#[tokio::test]
async fn a_write_that_times_out_is_not_retried_and_says_the_outcome_is_unknown() {
    let env = Setup {
        upstream_timeout_ms: 600,
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let _ = some(&env, "suppliers").await;
    let before = env
        .control()
        .counters()
        .requests
        .get("/api/suppliers")
        .copied()
        .unwrap_or(0);
    env.control().push_fault(simulators::coupa::Fault::Slow(
        std::time::Duration::from_secs(2),
    ));
    let (s, p) = send(post(
        &env,
        "acme",
        "/unified/procurement/suppliers",
        &json!({"name": "Slow Co"}),
    ))
    .await;
    assert_eq!(s, 504, "{p}");
    assert_eq!(p["outcome"], "unknown");
    assert!(
        p["detail"].as_str().unwrap().contains("created_after"),
        "{p}"
    );
    let after = env
        .control()
        .counters()
        .requests
        .get("/api/suppliers")
        .copied()
        .unwrap_or(0);
    assert_eq!(after, before + 1, "sent once, never retried");
}

/// Calls that reached the sandbox's `/api/`.
fn api_calls(env: &Env) -> u64 {
    env.control()
        .counters()
        .requests
        .iter()
        .filter(|(path, _)| path.starts_with("/api/"))
        .map(|(_, n)| n)
        .sum()
}

fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors: {problem}"))
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect()
}

/// Bodies that break the write schema (JSON types, decimal strings, dates, required
/// fields, unknown keys at any depth, arrays for objects) are a 422 naming each field in
/// unified names, and nothing reaches Coupa.
#[tokio::test]
async fn bodies_that_break_the_write_schema_are_a_422_before_anything_is_sent() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme").override_file("purchase_orders.yaml", DEMO_OVERRIDE))
        .start()
        .await;
    let supplier = some(&env, "suppliers").await;
    let po = some(&env, "purchase_orders").await;
    let good = json!({
        "number": "EXT-V1", "supplier": {"id": supplier["id"]}, "currency": "USD",
        "lines": [{"line_number": "1", "description": "Paper", "quantity": "3", "unit_price": "4.50", "need_by_date": "2026-03-01"}],
        "custom_fields": {"cost_center": "CC-1"}
    });
    let with = |path: &[&str], value: Value| {
        let mut body = good.clone();
        let mut node = &mut body;
        for p in &path[..path.len() - 1] {
            node = match p.parse::<usize>() {
                Ok(i) => &mut node[i],
                Err(_) => &mut node[*p],
            };
        }
        node[path[path.len() - 1]] = value;
        body
    };
    let without = |field: &str| {
        let mut body = good.clone();
        body.as_object_mut().unwrap().remove(field);
        body
    };
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        (
            "a number for a string",
            with(&["number"], json!(12345)),
            "number",
            "must be a string",
        ),
        (
            "a quantity that is no decimal",
            with(&["lines", "0", "quantity"], json!("abc")),
            "lines[0].quantity",
            "decimal",
        ),
        (
            "a price as a JSON number",
            with(&["lines", "0", "unit_price"], json!(2)),
            "lines[0].unit_price",
            "decimal",
        ),
        (
            "a date that is no date",
            with(&["lines", "0", "need_by_date"], json!("soon")),
            "lines[0].need_by_date",
            "YYYY-MM-DD",
        ),
        (
            "a date-time for a date",
            with(
                &["lines", "0", "need_by_date"],
                json!("2026-03-01T10:00:00Z"),
            ),
            "lines[0].need_by_date",
            "YYYY-MM-DD",
        ),
        (
            "lines as an object",
            with(&["lines"], json!({"description": "Paper", "quantity": "3"})),
            "lines",
            "must be an array",
        ),
        (
            "a supplier as a string",
            with(&["supplier"], json!("Acme")),
            "supplier",
            "must be an object",
        ),
        (
            "an unknown key in a line",
            with(&["lines", "0", "colour"], json!("red")),
            "lines[0].colour",
            "not a known field",
        ),
        (
            "an unknown key in a reference",
            with(&["supplier", "vat"], json!("X")),
            "supplier.vat",
            "not a known field",
        ),
        (
            "an unknown custom field",
            with(&["custom_fields", "colour"], json!("red")),
            "custom_fields.colour",
            "not a known field",
        ),
        (
            "a custom field of the wrong type",
            with(&["custom_fields", "cost_center"], json!(7)),
            "custom_fields.cost_center",
            "must be a string or null",
        ),
        (
            "a missing required field",
            without("currency"),
            "currency",
            "is required",
        ),
    ];
    let before = api_calls(&env);
    for (what, body, field, message) in cases {
        let (s, p) = send(post(
            &env,
            "acme",
            "/unified/procurement/purchase_orders",
            &body,
        ))
        .await;
        assert_eq!(s, 422, "{what}: {p}");
        assert!(
            p["type"].as_str().unwrap().ends_with("validation_error"),
            "{p}"
        );
        let error = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["field"] == field)
            .unwrap_or_else(|| panic!("{what}: no error for {field}: {p}"));
        assert!(
            error["message"].as_str().unwrap().contains(message),
            "{what}: {error}"
        );
        assert!(
            p["detail"].as_str().unwrap().starts_with("procura refused"),
            "{p}"
        );
    }
    // Every fault of one body at once; an update is held to the same types.
    let mut body = with(&["number"], json!(12345));
    body["lines"][0]["quantity"] = json!("abc");
    body["lines"][0]["unit_price"] = json!(2);
    body["lines"][0]["need_by_date"] = json!("soon");
    let (s, p) = send(post(
        &env,
        "acme",
        "/unified/procurement/purchase_orders",
        &body,
    ))
    .await;
    assert_eq!(s, 422);
    let mut fields = error_fields(&p);
    fields.sort();
    assert_eq!(
        fields,
        [
            "lines[0].need_by_date",
            "lines[0].quantity",
            "lines[0].unit_price",
            "number"
        ]
    );
    let po_path = format!(
        "/unified/procurement/purchase_orders/{}",
        po["id"].as_str().unwrap()
    );
    let (s, p) = send(patch(
        &env,
        "acme",
        &po_path,
        &json!({"lines": {"quantity": "1"}}),
    ))
    .await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(error_fields(&p), ["lines"]);
    let (s, p) = send(patch(
        &env,
        "acme",
        "/unified/procurement/invoices/1",
        &json!({"invoice_date": "soon"}),
    ))
    .await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(error_fields(&p), ["invoice_date"]);
    assert_eq!(api_calls(&env), before, "nothing reached Coupa");
    // The good body passes, and a PATCH need not name required fields.
    let (s, created) = send(post(
        &env,
        "acme",
        "/unified/procurement/purchase_orders",
        &good,
    ))
    .await;
    assert_eq!(s, 201, "{created}");
    assert_eq!(created["lines"][0]["need_by_date"], "2026-03-01");
    assert_eq!(created["total"], "13.50", "the sum of the lines' totals");
    let (s, p) = send(patch(
        &env,
        "acme",
        &po_path,
        &json!({"ship_to_attention": "Dock 4"}),
    ))
    .await;
    assert_eq!(s, 200, "{p}");
}

/// A PATCH changes the fields it names; every other field, lines and custom fields
/// included, reads back unchanged through the gateway.
#[tokio::test]
async fn a_patch_changes_only_the_fields_it_names() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme").override_file("purchase_orders.yaml", DEMO_OVERRIDE))
        .start()
        .await;
    let unchanged_but = |before: &Value, after: &Value, changed: &[&str]| {
        let (b, a) = (before.as_object().unwrap(), after.as_object().unwrap());
        assert_eq!(
            b.keys().collect::<Vec<_>>(),
            a.keys().collect::<Vec<_>>(),
            "same fields"
        );
        for (k, v) in b {
            if k == "updated_at" || changed.contains(&k.as_str()) {
                continue;
            }
            assert_eq!(&a[k], v, "{k} unchanged");
        }
    };
    let get = |path: String| {
        let env = &env;
        async move {
            let (s, v) = env.get_json("acme", &path).await;
            assert_eq!(s, 200, "{path}: {v}");
            v
        }
    };
    // An invoice with its lines: only the number changes.
    let invoice = some(&env, "invoices").await;
    let path = format!(
        "/unified/procurement/invoices/{}",
        invoice["id"].as_str().unwrap()
    );
    let before = get(path.clone()).await;
    assert!(!before["lines"].as_array().unwrap().is_empty());
    let (s, answer) = send(patch(
        &env,
        "acme",
        &path,
        &json!({"number": "INV-PATCHED"}),
    ))
    .await;
    assert_eq!(s, 200, "{answer}");
    let after = get(path.clone()).await;
    assert_eq!(after, answer, "the answer is the record as read back");
    assert_eq!(after["number"], "INV-PATCHED");
    unchanged_but(&before, &after, &["number"]);
    // A supplier: one field among many.
    let supplier = some(&env, "suppliers").await;
    let path = format!(
        "/unified/procurement/suppliers/{}",
        supplier["id"].as_str().unwrap()
    );
    let before = get(path.clone()).await;
    let (s, _) = send(patch(
        &env,
        "acme",
        &path,
        &json!({"website": "https://patched.example"}),
    ))
    .await;
    assert_eq!(s, 200);
    let after = get(path.clone()).await;
    assert_eq!(after["website"], "https://patched.example");
    unchanged_but(&before, &after, &["website"]);
    // A purchase order's custom fields: naming one leaves the other as it was.
    let (records, _) = env
        .page_all("acme", "/unified/procurement/purchase_orders", 50)
        .await;
    let po = records
        .iter()
        .find(|r| r["type"] == "OrderHeader")
        .expect("an order Coupa lets us change");
    let path = format!(
        "/unified/procurement/purchase_orders/{}",
        po["id"].as_str().unwrap()
    );
    let before = get(path.clone()).await;
    assert!(
        before["custom_fields"]["cost_center"].is_string(),
        "{before}"
    );
    let (s, answer) = send(patch(
        &env,
        "acme",
        &path,
        &json!({"custom_fields": {"project": "PRJ-PATCHED"}}),
    ))
    .await;
    assert_eq!(s, 200, "{answer}");
    let after = get(path.clone()).await;
    assert_eq!(after["custom_fields"]["project"], "PRJ-PATCHED");
    assert_eq!(
        after["custom_fields"]["cost_center"], before["custom_fields"]["cost_center"],
        "the custom field not named is kept"
    );
    unchanged_but(&before, &after, &["custom_fields"]);
}

/// The write schema is the tenant's and follows its mappings: a custom field is refused
/// until an override declares it and writes it, and accepted once the mappings reload.
#[tokio::test]
async fn a_reload_swaps_the_write_schema() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme").override_file(
            "suppliers.yaml",
            "response: |\n  { \"custom_fields\": { \"risk\": `custom-fields`.`risk-tier` } }\n",
        ))
        .start()
        .await;
    let body = json!({"name": "Risky Co", "custom_fields": {"risk": "high"}});
    let (s, p) = send(post(&env, "acme", "/unified/procurement/suppliers", &body)).await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(error_fields(&p), ["custom_fields"]);
    let dir = env.state.config.tenants[0].overrides.clone().unwrap();
    std::fs::write(
        dir.join("suppliers.yaml"),
        r#"
response: |
  { "custom_fields": { "risk": `custom-fields`.`risk-tier` } }
request: |
  { "custom-fields": custom_fields ? { "risk-tier": custom_fields.risk } }
schema:
  custom_fields.risk: { type: [string, "null"], enum: [low, medium, high, null] }
"#,
    )
    .unwrap();
    let r = env
        .http
        .post(format!("{}/admin/reload", env.gateway))
        .bearer_auth(ADMIN_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let (s, p) = send(post(
        &env,
        "acme",
        "/unified/procurement/suppliers",
        &json!({"name": "Risky Co", "custom_fields": {"risk": "extreme"}}),
    ))
    .await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(error_fields(&p), ["custom_fields.risk"]);
    let (s, created) = send(post(&env, "acme", "/unified/procurement/suppliers", &body)).await;
    assert_eq!(s, 201, "{created}");
    assert_eq!(created["custom_fields"]["risk"], "high");
}

/// With `[state] backend = "file:…"` a retry after a restart of the gateway (the real
/// binary, killed) is still answered from the finished idempotency record: no second
/// record at Coupa; another body under the key is still a conflict.
#[tokio::test]
async fn idempotency_records_survive_a_restart_with_a_file_store() {
    use crate::process::{self, free_port};
    use procura::config_toml::{ConfigToml, TenantToml};
    let sandbox = simulators::coupa::Sandbox::start(simulators::coupa::SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        records: 10,
        token_min_age: std::time::Duration::from_millis(200),
        ..Default::default()
    })
    .await
    .unwrap();
    let c = sandbox.control();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let path = dir.path().join("procura.toml");
    ConfigToml::new("test-cursor-secret-0123456789")
        .server("listen", format!("127.0.0.1:{port}"))
        .server("token_min_age_ms", 200)
        .mappings("base_dir", crate::common::shipped_mappings())
        .api_key(ALL_KEY, &["*"], false)
        .state(
            &format!("file:{}", dir.path().join("state.redb").display()),
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
        )
        .tenant(TenantToml::sandbox("acme", &sandbox.base_url()).scopes(&[
            "core.common.read",
            "core.supplier.read",
            "core.supplier.write",
        ]))
        .write(&path)
        .unwrap();
    let http = reqwest::Client::new();
    let suppliers = |url: &str| format!("{url}/unified/procurement/suppliers");
    let body = json!({"name": "Restart Supplier", "number": "RS-1"});
    let before = c.ids("suppliers").len();

    let gateway = process::serve(&path, port, "json", &[]).await;
    let first = http
        .post(suppliers(&gateway.url))
        .bearer_auth(ALL_KEY)
        .header("x-tenant-id", "acme")
        .header("idempotency-key", "restart-idem-1")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 201);
    let first = first.text().await.unwrap();
    process::signal(&gateway.child, "KILL");
    drop(gateway);

    let gateway = process::serve(&path, port, "json", &[]).await;
    let again = http
        .post(suppliers(&gateway.url))
        .bearer_auth(ALL_KEY)
        .header("x-tenant-id", "acme")
        .header("idempotency-key", "restart-idem-1")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.text().await.unwrap(), first);
    let other = http
        .post(suppliers(&gateway.url))
        .bearer_auth(ALL_KEY)
        .header("x-tenant-id", "acme")
        .header("idempotency-key", "restart-idem-1")
        .json(&json!({"name": "Another Supplier"}))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 409);
    assert_eq!(c.ids("suppliers").len(), before + 1, "one record created");
    drop(gateway);
}
