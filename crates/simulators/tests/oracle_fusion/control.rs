//! Control API.

use crate::auth::token;
use crate::support::*;

#[tokio::test]
async fn control_changes_move_last_update_date_so_sync_sees_them() {
    let (_sb, api, control) = own(|_| {}).await;
    let api = api.v(Some(4));
    let keys = control.keys("purchaseOrders");
    let mark = "2026-01-01T00:00:00+00:00";
    let q = enc(&format!("LastUpdateDate > '{mark}'"));
    assert_eq!(
        api.ok(&api.fscm(&format!("purchaseOrders?q={q}"))).await["count"],
        0
    );
    // in process
    assert!(control.update(
        "purchaseOrders",
        &keys[3],
        json!({"Description": "changed in the UI"})
    ));
    // over HTTP
    let r = api
        .http
        .patch(format!(
            "{}/__sandbox/records/purchaseOrders/{}",
            api.base, keys[5]
        ))
        .json(&json!({"Description": "changed too"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let changed = api
        .ok(&api.fscm(&format!("purchaseOrders?q={q}&orderBy=LastUpdateDate:asc")))
        .await;
    assert_eq!(changed["count"], 2);
    assert_eq!(items(&changed)[0]["Description"], "changed in the UI");
    // delete, in process and over HTTP
    assert!(control.delete("purchaseOrders", &keys[0]));
    let r = api
        .http
        .delete(format!(
            "{}/__sandbox/records/purchaseOrders/{}",
            api.base, keys[1]
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        api.get(&api.fscm(&format!("purchaseOrders/{}", keys[0])))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let total = api
        .ok(&api.fscm("purchaseOrders?limit=1&totalResults=true"))
        .await;
    assert_eq!(total["totalResults"], 198);
    // insert
    let key = control
        .insert("suppliers", json!({"Supplier": "Inserted Supplier Co"}))
        .unwrap();
    assert_eq!(
        api.ok(&api.fscm(&format!("suppliers/{key}"))).await["Supplier"],
        "Inserted Supplier Co"
    );
    let listed: Vec<String> = api
        .http
        .get(format!("{}/__sandbox/records/suppliers", api.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(listed.contains(&key));
    let row: Value = api
        .http
        .get(format!("{}/__sandbox/records/suppliers/{key}", api.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(row["Supplier"], "Inserted Supplier Co");
    // reset: seeded data back
    let r = api
        .http
        .post(format!("{}/__sandbox/reset", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        api.ok(&api.fscm(&format!("purchaseOrders?q={q}"))).await["count"],
        0
    );
    assert_eq!(
        api.ok(&api.fscm("purchaseOrders?limit=1&totalResults=true"))
            .await["totalResults"],
        200
    );
    assert!(control.get("suppliers", &key).is_none());
    let tables: Value = api
        .http
        .get(format!("{}/__sandbox/tables", api.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(tables["purchaseOrders"], 200);
}

#[tokio::test]
async fn control_over_http_injects_faults_and_changes_settings() {
    let (_sb, api, _c) = own(|_| {}).await;
    let ctl = |p: &str| format!("{}/__sandbox/{p}", api.base);
    let put = |p: &str, v: Value| api.http.put(ctl(p)).json(&v).send();
    let r = api
        .http
        .post(ctl("faults"))
        .json(&json!({"kind": "maintenance", "body": "down", "retry_after": 30}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let got = api.get(&api.fscm("purchaseOrders")).await;
    assert_eq!(
        (got.status, got.text.as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "down")
    );
    assert_eq!(
        put("order", json!({"mode": "key_order"}))
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    let a = api.ok(&api.fscm("purchaseOrders?fields=POHeaderId")).await;
    let b = api.ok(&api.fscm("purchaseOrders?fields=POHeaderId")).await;
    assert_eq!(a, b);
    assert_eq!(
        put("page_cap", json!({"max_limit": 10}))
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.ok(&api.fscm("purchaseOrders?limit=100")).await["limit"],
        10
    );
    assert_eq!(
        put("framework", json!({"default": 4, "max": 4}))
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    let r = api
        .v(None)
        .get(&api.fscm(&format!("purchaseOrders?q={}", enc("Nope = 1"))))
        .await;
    assert_eq!(
        r.header("content-type"),
        "application/vnd.oracle.adf.error+json",
        "v4 by default now"
    );
    assert_eq!(
        put("latency", json!({"ms": 30})).await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    let t = std::time::Instant::now();
    api.get(&api.fscm("purchaseOrders?limit=1")).await;
    assert!(t.elapsed() >= Duration::from_millis(30));
    let r = api
        .http
        .post(ctl("users"))
        .json(&json!({"username": "viewer", "password": "pw", "privileges": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = api
        .http
        .get(api.fscm("invoices"))
        .basic_auth("viewer", Some("pw"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = api
        .http
        .post(ctl("clients"))
        .json(&json!({"id": "c2", "secret": "s2"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let scope = "urn:opc:resource:fa:instanceid=sandbox0001urn:opc:resource:consumer::all";
    let r = token(
        &api,
        &[("grant_type", "client_credentials"), ("scope", scope)],
        ("c2", "s2"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
}
