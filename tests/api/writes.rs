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
    for (resource, create, update) in bodies {
        let (s, created) = send(post(
            &env,
            "acme",
            &format!("/unified/procurement/{resource}"),
            &create,
        ))
        .await;
        assert_eq!(s, 201, "{resource}: {created}");
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
    assert_eq!(s, 400);
    assert!(p["detail"].as_str().unwrap().contains("colour"), "{p}");
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
