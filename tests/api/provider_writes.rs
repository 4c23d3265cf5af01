//! Writes through the unified API on Oracle Fusion, beside Coupa's: draft purchase
//! orders with their submit action, requisitions, invoices, and refusals named in unified
//! fields. The tenants and the world they run in are `providers.rs`'s.

use serde_json::{Value, json};

use crate::providers::{ORACLE, TENANTS, World, world};

/// The fields a problem's `errors` name.
fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The record without the fields a write moves on its own.
fn without_stamps(record: &Value) -> Value {
    let mut r = record.clone();
    let m = r.as_object_mut().unwrap();
    m.remove("updated_at");
    r
}

/// The seeded supplier of Oracle's guides, whose site FRESNO belongs to the business
/// unit the tenant's override names.
const GUIDE_SUPPLIER: &str = "Advanced Network Devices";
const GUIDE_SITE: &str = "FRESNO";
const ACCOUNT: &str = "01-000-7110-0000-000";

async fn guide_supplier_id(w: &World) -> String {
    let (status, page) = w
        .get(
            ORACLE,
            "/unified/procurement/suppliers?name=Advanced%20Network%20Devices",
        )
        .await;
    assert_eq!(status, 200, "{page}");
    page["result"][0]["id"].as_str().unwrap().to_string()
}

/// An Oracle purchase order through the unified API: created as a draft with two lines
/// (replayed, not re-sent, under the same Idempotency-Key), read back by id, one field
/// updated, submitted, then listed.
#[tokio::test]
async fn an_oracle_purchase_order_is_drafted_updated_submitted_and_listed() {
    let w = world().await;
    let control = w.oracle.control();
    let supplier_id = guide_supplier_id(&w).await;
    let body = json!({
        "number": "PO-DRAFT-0001",
        "supplier": {"id": supplier_id},
        "currency": "USD",
        "custom_fields": {"supplier_site": GUIDE_SITE},
        "lines": [
            {"line_number": "1", "description": "Copy paper A4 box", "quantity": "10",
             "unit_price": "4.25", "need_by_date": "2026-05-01"},
            {"line_number": "2", "description": "Toner cartridge", "quantity": "2",
             "unit_price": "88.00", "account": {"code": ACCOUNT}}
        ]
    });
    let path = "/unified/procurement/purchase_orders";
    let (status, created) = w
        .send(reqwest::Method::POST, ORACLE, path, &body, Some("po-1"))
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["status"], "incomplete", "a draft: {created}");
    assert_eq!(
        created["number"], "PO-DRAFT-0001",
        "the number given: {created}"
    );
    assert_eq!(created["supplier"]["id"], supplier_id.as_str());
    assert_eq!(created["supplier"]["name"], GUIDE_SUPPLIER);
    assert_eq!(created["currency"], "USD");
    assert_eq!(created["total"], "218.5");
    assert_eq!(created["custom_fields"]["supplier_site"], GUIDE_SITE);
    let lines = created["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{created}");
    assert_eq!(lines[0]["description"], "Copy paper A4 box");
    assert_eq!(lines[0]["quantity"], "10");
    assert_eq!(lines[0]["unit_price"], "4.25");
    assert_eq!(lines[0]["total"], "42.5");
    assert_eq!(lines[0]["need_by_date"], "2026-05-01");
    assert_eq!(lines[1]["total"], "176");
    let draft = control.get("draftPurchaseOrders", &id).unwrap();
    assert_eq!(draft["ProcurementBU"], "Vision Operations");
    assert_eq!(draft["SupplierSite"], GUIDE_SITE);
    let charged = &draft["lines"][1]["schedules"][0]["distributions"][0];
    assert_eq!(charged["POChargeAccount"], ACCOUNT, "{draft}");

    // The same key and body: the stored answer, and no second call to Oracle.
    let calls = || control.counters().requests.values().sum::<u64>();
    let before = calls();
    let drafts = control.keys("draftPurchaseOrders").len();
    let replay = w
        .req(reqwest::Method::POST, ORACLE, path)
        .header("idempotency-key", "po-1")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.json::<Value>().await.unwrap(), created);
    assert_eq!(calls(), before, "a replay reaches no one");
    assert_eq!(control.keys("draftPurchaseOrders").len(), drafts);

    // Readable by id before it is submitted; not listed until then.
    let one = format!("{path}/{id}");
    let (status, read) = w.get(ORACLE, &one).await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read, created, "a get is the create's answer");
    let number = created["number"].as_str().unwrap();
    let (_, listed) = w.get(ORACLE, &format!("{path}?number={number}")).await;
    assert_eq!(listed["result"], json!([]), "a draft is not listed");

    // One field changed, the others as they were.
    let (status, updated) = w
        .send(
            reqwest::Method::PATCH,
            ORACLE,
            &one,
            &json!({"currency": "EUR"}),
            None,
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["currency"], "EUR");
    let mut expected = without_stamps(&created);
    expected["currency"] = json!("EUR");
    assert_eq!(without_stamps(&updated), expected, "only currency changed");
    let (_, read) = w.get(ORACLE, &one).await;
    assert_eq!(read, updated);
    // Lines are written with the order, not by an update.
    let (status, refused) = w
        .send(
            reqwest::Method::PATCH,
            ORACLE,
            &one,
            &json!({"lines": [{"quantity": "1"}]}),
            None,
        )
        .await;
    assert_eq!(status, 400, "{refused}");

    // Submitted: an open purchase order with the same id, listed.
    let submit = w
        .req(reqwest::Method::POST, ORACLE, &format!("{one}/submit"))
        .send()
        .await
        .unwrap();
    assert_eq!(submit.status(), 200);
    let submitted: Value = submit.json().await.unwrap();
    assert_eq!(submitted["id"], id.as_str());
    // Oracle's approval opens the order and its lines; nothing else moves.
    let mut expected = without_stamps(&updated);
    expected["status"] = json!("open");
    for line in expected["lines"].as_array_mut().unwrap() {
        line["status"] = json!("open");
    }
    assert_eq!(without_stamps(&submitted), expected);
    assert!(control.get("draftPurchaseOrders", &id).is_none());
    let (status, listed) = w.get(ORACLE, &format!("{path}?number={number}")).await;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["result"], json!([submitted]));
    let (_, read) = w.get(ORACLE, &one).await;
    assert_eq!(read, submitted);
    // A submitted order is no draft any more: updates and a second submit find none.
    let (status, gone) = w
        .send(
            reqwest::Method::PATCH,
            ORACLE,
            &one,
            &json!({"currency": "USD"}),
            None,
        )
        .await;
    assert_eq!(status, 404, "{gone}");
    assert!(
        gone["detail"]
            .as_str()
            .unwrap()
            .contains("not yet submitted"),
        "{gone}"
    );
    let again = w
        .req(reqwest::Method::POST, ORACLE, &format!("{one}/submit"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);
}

/// A purchase order in the body openapi.yaml describes (its required number, supplier,
/// currency and lines) is created on both providers and reads back the same way; the
/// Oracle tenant adds the supplier site its override declares.
#[tokio::test]
async fn a_purchase_order_as_the_spec_describes_it_is_created_on_both_providers() {
    let w = world().await;
    for tenant in TENANTS {
        let supplier_id = if tenant == ORACLE {
            guide_supplier_id(&w).await
        } else {
            let (_, page) = w
                .get(tenant, "/unified/procurement/suppliers?limit=1")
                .await;
            page["result"][0]["id"].as_str().unwrap().to_string()
        };
        let number = format!("SPEC-{tenant}-0001");
        let mut body = json!({
            "number": number,
            "supplier": {"id": supplier_id},
            "currency": "USD",
            "lines": [{"description": "Desk lamp", "quantity": "3", "unit_price": "24.50"}]
        });
        if tenant == ORACLE {
            body["custom_fields"] = json!({"supplier_site": GUIDE_SITE});
        }
        let path = "/unified/procurement/purchase_orders";
        let (status, created) = w
            .send(reqwest::Method::POST, tenant, path, &body, None)
            .await;
        assert_eq!(status, 201, "{tenant}: {created}");
        assert_eq!(created["number"], number.as_str(), "{tenant}: {created}");
        assert_eq!(created["supplier"]["id"], supplier_id.as_str(), "{tenant}");
        assert_eq!(created["currency"], "USD", "{tenant}");
        assert_eq!(created["lines"][0]["quantity"], "3", "{tenant}: {created}");
        let id = created["id"].as_str().unwrap();
        let (status, read) = w.get(tenant, &format!("{path}/{id}")).await;
        assert_eq!(status, 200, "{tenant}: {read}");
        assert_eq!(read["number"], number.as_str(), "{tenant}: {read}");
    }
    let raw = w
        .oracle
        .control()
        .keys("draftPurchaseOrders")
        .into_iter()
        .filter_map(|k| w.oracle.control().get("draftPurchaseOrders", &k))
        .find(|d| d["OrderNumber"] == "SPEC-oracle-co-0001");
    assert!(raw.is_some(), "Oracle's draft holds the number given");
}

/// Oracle's refusals of a create come back as 422 naming unified fields, nested ones too.
#[tokio::test]
async fn oracle_refusals_of_writes_name_unified_fields() {
    let w = world().await;
    let supplier_id = guide_supplier_id(&w).await;
    let path = "/unified/procurement/purchase_orders";
    let line = json!({"description": "Chair", "quantity": "1", "unit_price": "489"});
    let cases = [
        // a supplier Oracle does not know, by name
        (
            json!({"number": "PO-R-1", "currency": "USD", "supplier": {"name": "No Such Supplier"},
                   "custom_fields": {"supplier_site": GUIDE_SITE}, "lines": [line]}),
            "supplier",
        ),
        // no site: what the tenant's override writes
        (
            json!({"number": "PO-R-2", "currency": "USD", "supplier": {"id": supplier_id},
                   "lines": [line]}),
            "custom_fields.supplier_site",
        ),
        // a line without a quantity
        (
            json!({"number": "PO-R-3", "currency": "USD", "supplier": {"id": supplier_id},
                   "custom_fields": {"supplier_site": GUIDE_SITE},
                   "lines": [{"description": "Chair", "unit_price": "489"}]}),
            "lines.quantity",
        ),
        // a number an order already holds
        (
            json!({"number": w.oracle.control().get("purchaseOrders",
                        &w.oracle.control().keys("purchaseOrders")[0]).unwrap()["OrderNumber"],
                   "currency": "USD", "supplier": {"id": supplier_id},
                   "custom_fields": {"supplier_site": GUIDE_SITE}, "lines": [line]}),
            "number",
        ),
    ];
    let drafts = w.oracle.control().keys("draftPurchaseOrders").len();
    for (body, field) in cases {
        let (status, p) = w
            .send(reqwest::Method::POST, ORACLE, path, &body, None)
            .await;
        assert_eq!(status, 422, "{body}: {p}");
        assert!(
            p["type"].as_str().unwrap().ends_with("validation_error"),
            "{p}"
        );
        assert_eq!(error_fields(&p), vec![field.to_string()], "{body}: {p}");
    }
    assert_eq!(w.oracle.control().keys("draftPurchaseOrders").len(), drafts);
    // What Oracle's drafts have no attribute for is refused before Oracle, and so is a
    // body without what the unified API requires of a new order.
    let (status, p) = w
        .send(
            reqwest::Method::POST,
            ORACLE,
            path,
            &json!({"ship_to_attention": "Dock 4"}),
            None,
        )
        .await;
    assert_eq!(status, 422, "{p}");
    let fields = error_fields(&p);
    for f in [
        "ship_to_attention",
        "number",
        "supplier",
        "currency",
        "lines",
    ] {
        assert!(fields.contains(&f.to_string()), "{f}: {p}");
    }
    assert_eq!(w.oracle.control().keys("draftPurchaseOrders").len(), drafts);
    // An invoice line names its account by code: a unified account's id (Oracle's code
    // combination id) alone is refused before Oracle, asking for the code.
    let (_, accounts) = w.get(ORACLE, "/unified/procurement/accounts?limit=1").await;
    let account_id = accounts["result"][0]["id"].as_str().unwrap();
    let invoices = w.oracle.control().keys("invoices").len();
    let (status, p) = w
        .send(
            reqwest::Method::POST,
            ORACLE,
            "/unified/procurement/invoices",
            &json!({"number": "INV-ACCOUNT-ID", "supplier": {"name": GUIDE_SUPPLIER},
                    "invoice_date": "2025-06-01", "currency": "USD",
                    "custom_fields": {"supplier_site": GUIDE_SITE},
                    "lines": [{"total": "10.00", "account": {"id": account_id}}]}),
            None,
        )
        .await;
    assert_eq!(status, 400, "{p}");
    let detail = p["detail"].as_str().unwrap();
    assert!(
        detail.contains("lines.account") && detail.contains("by its code"),
        "{p}"
    );
    assert_eq!(w.oracle.control().keys("invoices").len(), invoices);
}

#[tokio::test]
async fn oracle_requisitions_and_invoices_are_created() {
    let w = world().await;
    // A requisition: Oracle's incomplete one, its currency and date on the line.
    let path = "/unified/procurement/requisitions";
    let body = json!({
        "title": "Laptops for new hires",
        "justification": "Two hires in May",
        "currency": "USD",
        "need_by_date": "2026-05-15",
        "lines": [{"description": "Laptop 14in", "quantity": "2", "unit_price": "1450.00",
                   "account": {"code": ACCOUNT}}]
    });
    let (status, req) = w
        .send(reqwest::Method::POST, ORACLE, path, &body, None)
        .await;
    assert_eq!(status, 201, "{req}");
    assert_eq!(req["status"], "incomplete");
    assert_eq!(req["title"], "Laptops for new hires");
    assert_eq!(req["justification"], "Two hires in May");
    assert_eq!(req["currency"], "USD");
    assert_eq!(req["need_by_date"], "2026-05-15");
    assert_eq!(req["total"], "2900");
    assert_eq!(req["lines"][0]["quantity"], "2");
    assert!(
        req["requester"]["name"].as_str().is_some(),
        "the signed-in user's worker: {req}"
    );
    let id = req["id"].as_str().unwrap();
    let (status, read) = w.get(ORACLE, &format!("{path}/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(read, req);
    let raw = w.oracle.control().get("purchaseRequisitions", id).unwrap();
    assert_eq!(raw["RequisitioningBU"], "Vision Operations");
    let (status, p) = w
        .send(
            reqwest::Method::POST,
            ORACLE,
            path,
            &json!({"title": "x", "lines": [{"description": "Laptop", "unit_price": "1"}]}),
            None,
        )
        .await;
    assert_eq!(status, 422, "{p}");
    assert_eq!(error_fields(&p), vec!["lines.quantity"], "{p}");

    // An invoice, in the body Oracle's guides document: names, not ids.
    let path = "/unified/procurement/invoices";
    let body = json!({
        "number": "ACME-2026-0042",
        "invoice_date": "2026-04-01",
        "supplier": {"name": GUIDE_SUPPLIER},
        "currency": "USD",
        "custom_fields": {"supplier_site": GUIDE_SITE},
        "lines": [
            {"line_number": "1", "description": "Supplies", "quantity": "1",
             "unit_price": "100.25", "total": "100.25", "account": {"code": ACCOUNT}},
            {"line_number": "2", "type": "Freight", "total": "30.55"}
        ]
    });
    let (status, inv) = w
        .send(reqwest::Method::POST, ORACLE, path, &body, None)
        .await;
    assert_eq!(status, 201, "{inv}");
    assert_eq!(inv["number"], "ACME-2026-0042");
    assert_eq!(inv["invoice_date"], "2026-04-01");
    assert_eq!(inv["total"], "130.8");
    assert_eq!(inv["currency"], "USD");
    assert_eq!(inv["custom_fields"]["supplier_site"], GUIDE_SITE);
    let lines = inv["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{inv}");
    assert_eq!(lines[0]["account"]["code"], ACCOUNT);
    assert_eq!(lines[1]["type"], "Freight");
    assert_eq!(lines[1]["total"], "30.55");
    let id = inv["id"].as_str().unwrap();
    let one = format!("{path}/{id}");
    let (_, read) = w.get(ORACLE, &one).await;
    assert_eq!(read, inv);
    let (status, updated) = w
        .send(
            reqwest::Method::PATCH,
            ORACLE,
            &one,
            &json!({"invoice_date": "2026-04-02"}),
            None,
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    let mut expected = without_stamps(&inv);
    expected["invoice_date"] = json!("2026-04-02");
    assert_eq!(without_stamps(&updated), expected);
    // The same number again for the supplier: Oracle's refusal, on `number`.
    let (status, p) = w
        .send(reqwest::Method::POST, ORACLE, path, &body, None)
        .await;
    assert_eq!(status, 422, "{p}");
    assert_eq!(error_fields(&p), vec!["number"], "{p}");
}
