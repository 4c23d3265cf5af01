//! 14. read-only orders, writes through drafts.

use crate::support::*;

#[tokio::test]
async fn purchase_orders_are_read_only() {
    let api = shared();
    let po = &items(&api.ok(&api.fscm("purchaseOrders?limit=1")).await)[0].clone();
    let href = self_href(po);
    let r = api
        .post(&api.fscm("purchaseOrders"), &json!({"Description": "x"}))
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.header("allow"), "GET");
    let r = api.patch(&href, &json!({"Description": "x"})).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(r.header("allow").contains("POST"), "actions still allowed");
    let r = api.send(api.req(reqwest::Method::DELETE, &href)).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    let r = api
        .send(api.req(reqwest::Method::PUT, &href).body("{}"))
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.json()["status"], "405");
}

fn draft_body() -> Value {
    json!({
        "ProcurementBU": "Vision Operations",
        "Supplier": "Advanced Network Devices",
        "SupplierSite": "FRESNO",
        "Description": "Toner for the Denver office",
        "lines": [
            {"LineNumber": 1, "ItemDescription": "Toner cartridge black", "Quantity": "10", "Price": "88.00", "UOM": "Each",
             "schedules": [{"Quantity": 10, "NeedByDate": "2026-02-15",
                            "distributions": [{"POChargeAccount": "01-000-7110-0000-000"}]}]},
            {"LineNumber": 2, "ItemDescription": "Paper A4", "Quantity": 5, "Price": 42.5}
        ],
        "DFF": [{"__FLEX_Context": "CAPEX", "assetCategory": "IT", "contractReference": "C-77"}]
    })
}

#[tokio::test]
async fn draft_orders_are_created_changed_and_submitted_into_orders() {
    let (_sb, api, _c) = own(|_| {}).await;
    let api = api.v(Some(3));
    let r = api
        .post(&api.fscm("draftPurchaseOrders"), &draft_body())
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let location = r.header("location").to_string();
    let etag = r.header("etag").to_string();
    assert!(
        location.contains("/draftPurchaseOrders/00010000000EACED00057708"),
        "{location}"
    );
    assert!(etag.contains("ACED0005"));
    let draft = r.json();
    assert_eq!(draft["StatusCode"], "INCOMPLETE");
    assert_eq!(draft["ProcurementBUId"], 204);
    assert_eq!(draft["SupplierSite"], "FRESNO");
    assert_eq!(draft["CurrencyCode"], "USD");
    assert_eq!(
        draft["Buyer"], "Pat Stock",
        "the buyer defaults to the signed-in user"
    );
    assert_eq!(draft["Ordered"], 1092.5);
    let id = draft["POHeaderId"].as_i64().unwrap();
    let number = draft["OrderNumber"].as_str().unwrap().to_string();
    // line 2 got a default schedule and distribution; money arrived as strings, stored as numbers
    let lines = api
        .ok(&format!(
            "{location}/child/lines?expand=schedules.distributions&orderBy=LineNumber"
        ))
        .await;
    let l1 = &items(&lines)[0];
    assert_eq!(l1["Price"], 88.0);
    assert_eq!(l1["Amount"], 880.0);
    let l2 = &items(&lines)[1];
    let s2 = &items(&l2["schedules"])[0];
    assert_eq!(s2["Quantity"], 5.0);
    assert_eq!(
        items(&s2["distributions"])[0]["POChargeAccount"],
        "01-000-7110-0000-000"
    );
    // add a line through the child collection: the header's total follows
    let r = api
        .post(
            &format!("{location}/child/lines"),
            &json!({"ItemDescription": "Stapler", "Quantity": 2, "Price": 15}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json()["LineNumber"], 3);
    let header = api.ok(&location).await;
    assert_eq!(header["Ordered"], 1122.5);
    // PATCH the header
    let r = api
        .patch(&location, &json!({"Description": "Toner and paper"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["Description"], "Toner and paper");
    // not yet an order
    let q = format!("purchaseOrders?q={}", enc(&format!("POHeaderId = {id}")));
    assert_eq!(api.ok(&api.fscm(&q)).await["count"], 0);
    // submit: the action by name in the URL
    let r = api
        .action(&format!("{location}/action/submit"), &json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.header("content-type"),
        "application/vnd.oracle.adf.actionresult+json"
    );
    assert_eq!(r.json(), json!({"result": "SUCCESS"}));
    let order = api
        .ok(&api.fscm(&format!("purchaseOrders/{id}?expand=lines,DFF")))
        .await;
    assert_eq!(order["OrderNumber"], number.as_str());
    assert_eq!(order["StatusCode"], "OPEN");
    assert_eq!(order["lines"]["count"], 3);
    assert_eq!(order["DFF"]["items"][0]["assetCategory"], "IT");
    assert_eq!(
        api.get(&location).await.status,
        StatusCode::NOT_FOUND,
        "the draft is gone"
    );
}

#[tokio::test]
async fn draft_validation_errors_are_400_with_oracle_wording() {
    let (_sb, api, _c) = own(|_| {}).await;
    let cases = [
        (
            json!({"Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO"}),
            "ProcurementBU",
        ),
        (
            json!({"ProcurementBU": "Atlantis", "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO"}),
            "isn't valid",
        ),
        (
            json!({"ProcurementBU": "Vision Operations", "Supplier": "Advanced Network Devices", "SupplierSite": "NOWHERE"}),
            "SupplierSite",
        ),
        (
            json!({"ProcurementBU": "Vision Operations", "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO", "Colour": "red"}),
            "Colour",
        ),
        (
            json!({"ProcurementBU": "Vision Operations", "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO", "OrderNumber": "1000183"}),
            "already used",
        ),
        (
            json!({"ProcurementBU": "Vision Operations", "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO", "lines": [{"ItemDescription": "x", "Quantity": "lots", "Price": 1}]}),
            "Quantity",
        ),
        (
            json!({"ProcurementBU": "Vision Operations", "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO", "DFF": [{"__FLEX_Context": "CAPEX", "headcount": 3}]}),
            "headcount",
        ),
    ];
    for (body, word) in cases {
        let r = api.post(&api.fscm("draftPurchaseOrders"), &body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.text);
        assert!(r.text.contains(word), "{word} in {}", r.text);
    }
    // a number given on create is kept (manual numbering); afterwards it is read-only
    let r = api
        .post(&api.fscm("draftPurchaseOrders"), &json!({"ProcurementBU": "Vision Operations", "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO", "OrderNumber": "MANUAL-0001"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json()["OrderNumber"], "MANUAL-0001");
    let loc = r.header("location").to_string();
    let r = api
        .patch(&loc, &json!({"OrderNumber": "MANUAL-0002"}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert!(r.text.contains("read-only"), "{}", r.text);
    // a draft with no lines cannot be submitted
    let r = api
        .post(&api.fscm("draftPurchaseOrders"), &json!({"ProcurementBU": "Vision Operations", "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let loc = r.header("location").to_string();
    let r = api
        .action(&format!("{loc}/action/submit"), &json!({}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = api
        .send(
            api.req(reqwest::Method::POST, &api.fscm("draftPurchaseOrders"))
                .header("Content-Type", "text/plain")
                .body("hello"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = api
        .send(
            api.req(reqwest::Method::POST, &api.fscm("draftPurchaseOrders"))
                .header("Content-Type", "application/json")
                .body("{not json"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}
