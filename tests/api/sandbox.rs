//! The Coupa sandbox itself, over real HTTP: each documented Coupa behaviour has a test
//! that fails if the simulator drifts from it.

use std::time::Duration;

use serde_json::{Value, json};
use simulators::coupa::{Client, Fault, RateLimit, Sandbox, SandboxConfig};

struct Sb {
    sandbox: Sandbox,
    http: reqwest::Client,
    token: String,
}

async fn start(cfg: SandboxConfig) -> Sb {
    crate::common::capture_logs();
    let sandbox = Sandbox::start(SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        ..cfg
    })
    .await
    .unwrap();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let token = grant(
        &http,
        &sandbox.base_url(),
        "sandbox-client",
        "sandbox-secret",
        "",
    )
    .await
    .1["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    Sb {
        sandbox,
        http,
        token,
    }
}

/// A sandbox with young tokens accepted at once and no rate limit.
async fn quick(records: usize) -> Sb {
    start(SandboxConfig {
        records,
        token_min_age: Duration::ZERO,
        rate_limit: None,
        ..SandboxConfig::default()
    })
    .await
}

async fn grant(
    http: &reqwest::Client,
    base: &str,
    id: &str,
    secret: &str,
    scope: &str,
) -> (u16, Value) {
    let mut form = vec![
        ("grant_type", "client_credentials"),
        ("client_id", id),
        ("client_secret", secret),
    ];
    if !scope.is_empty() {
        form.push(("scope", scope));
    }
    let r = http
        .post(format!("{base}/oauth2/token"))
        .form(&form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

impl Sb {
    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.http
            .get(format!("{}{path}", self.sandbox.base_url()))
            .bearer_auth(&self.token)
    }

    async fn json(&self, path: &str) -> (u16, Value) {
        let r = self
            .get(path)
            .header("accept", "application/json")
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    async fn ids(&self, path: &str) -> Vec<i64> {
        let (s, v) = self.json(path).await;
        assert_eq!(s, 200, "{path}: {v}");
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect()
    }
}

#[tokio::test]
async fn oauth_grants_and_refusals() {
    let sb = start(SandboxConfig {
        clients: vec![
            Client {
                id: "sandbox-client".into(),
                secret: "sandbox-secret".into(),
                scopes: None,
            },
            Client {
                id: "narrow".into(),
                secret: "s".into(),
                scopes: Some(vec!["core.common.read".into()]),
            },
        ],
        ..SandboxConfig::default()
    })
    .await;
    let base = sb.sandbox.base_url();
    let (s, ok) = grant(
        &sb.http,
        &base,
        "sandbox-client",
        "sandbox-secret",
        "core.common.read core.invoice.read",
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(ok["expires_in"], 86399);
    assert_eq!(ok["token_type"], "bearer");
    assert_eq!(ok["scope"], "core.common.read core.invoice.read");
    assert!(
        ok["access_token"].as_str().unwrap().len() > 200,
        "a long JWT-like token"
    );
    let (s, e) = grant(&sb.http, &base, "sandbox-client", "wrong", "").await;
    assert_eq!((s, e["error"].as_str()), (401, Some("invalid_client")));
    let (s, e) = grant(&sb.http, &base, "nobody", "x", "").await;
    assert_eq!((s, e["error"].as_str()), (401, Some("invalid_client")));
    let (s, e) = grant(
        &sb.http,
        &base,
        "narrow",
        "s",
        "core.common.read core.invoice.write",
    )
    .await;
    assert_eq!((s, e["error"].as_str()), (400, Some("invalid_scope")));
    assert!(
        e["error_description"]
            .as_str()
            .unwrap()
            .contains("core.invoice.write")
    );
    let r = sb
        .http
        .post(format!("{base}/oauth2/token"))
        .form(&[("grant_type", "password")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        sb.sandbox
            .control()
            .counters()
            .token_grants
            .get("sandbox-client"),
        Some(&2)
    );
}

#[tokio::test]
async fn a_token_is_refused_before_it_is_old_enough_and_after_it_expires() {
    let sb = start(SandboxConfig {
        records: 10,
        token_min_age: Duration::from_millis(400),
        token_ttl: Duration::from_millis(1500),
        rate_limit: None,
        ..SandboxConfig::default()
    })
    .await;
    let (s, _) = sb.json("/api/suppliers?limit=1").await;
    assert_eq!(s, 401, "too young");
    tokio::time::sleep(Duration::from_millis(450)).await;
    let (s, _) = sb.json("/api/suppliers?limit=1").await;
    assert_eq!(s, 200, "old enough");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let (s, _) = sb.json("/api/suppliers?limit=1").await;
    assert_eq!(s, 401, "expired");
}

#[tokio::test]
async fn api_calls_need_a_token_or_the_legacy_key_and_revocation_works() {
    let sb = quick(10).await;
    let base = sb.sandbox.base_url();
    let r = sb
        .http
        .get(format!("{base}/api/suppliers"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = sb
        .http
        .get(format!("{base}/api/suppliers?limit=1"))
        .header("x-coupa-api-key", "sandbox-api-key")
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(sb.json("/api/suppliers?limit=1").await.0, 200);
    sb.sandbox.control().revoke_tokens();
    assert_eq!(sb.json("/api/suppliers?limit=1").await.0, 401);
}

#[tokio::test]
async fn pages_are_capped_at_fifty_and_ordered_by_id() {
    let sb = quick(120).await;
    let ids = sb.ids("/api/purchase_orders?limit=200").await;
    assert_eq!(ids.len(), 50, "limit is capped at 50");
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "default order is id ascending"
    );
    assert_eq!(sb.ids("/api/purchase_orders").await.len(), 50);
    let second = sb.ids("/api/purchase_orders?offset=50&limit=50").await;
    assert!(second[0] > ids[49]);
    let desc = sb
        .ids("/api/purchase_orders?order_by=id&dir=desc&limit=5")
        .await;
    assert!(desc.windows(2).all(|w| w[0] > w[1]));
    let after = sb
        .ids(&format!(
            "/api/purchase_orders?order_by=id&dir=asc&id%5Bgt%5D={}&limit=3",
            ids[9]
        ))
        .await;
    assert_eq!(after, ids[10..13].to_vec(), "keyset paging with id[gt]");
    let all = sb.sandbox.control().ids("purchase_orders");
    assert_eq!(all.len(), 120);
    assert!(all.windows(2).any(|w| w[1] - w[0] > 1), "ids have gaps");
    let (s, v) = sb.json("/api/purchase_orders?limit=abc").await;
    assert_eq!(s, 400);
    assert!(v["errors"]["limit"].is_array());
}

#[tokio::test]
async fn xml_by_default_and_coupas_404_for_an_empty_result() {
    let sb = quick(20).await;
    let r = sb.get("/api/purchase_orders?limit=2").send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("xml")
    );
    let body = r.text().await.unwrap();
    assert!(body.starts_with("<?xml"));
    assert!(body.contains("<order-headers type=\"array\">"));
    assert!(body.contains("<order-header>") && body.contains("<po-number>"));
    assert!(
        body.contains("type=\"integer\"")
            && body.contains("type=\"decimal\"")
            && body.contains("type=\"datetime\"")
    );
    let r = sb
        .get("/api/purchase_orders?po_number=NOPE")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("<errors><error>No results match your search criteria.</error></errors>")
    );
    let (s, v) = sb.json("/api/purchase_orders?po_number=NOPE").await;
    assert_eq!((s, v), (200, json!([])));
    let r = sb
        .get("/api/purchase_orders?limit=1")
        .header("accept", "*/*")
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("xml")
    );
}

#[tokio::test]
async fn records_are_dasherized_bloated_and_typed_as_coupa_sends_them() {
    let sb = quick(60).await;
    let r = sb
        .get("/api/purchase_orders?limit=50")
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    let body = r.bytes().await.unwrap();
    println!("a 50-PO JSON page weighs {} KB", body.len() / 1024);
    assert!(
        body.len() > 300 * 1024,
        "bloated like Coupa's: {} bytes",
        body.len()
    );
    let page: Value = serde_json::from_slice(&body).unwrap();
    let po = &page[0];
    for key in [
        "po-number",
        "order-lines",
        "created-at",
        "updated-at",
        "ship-to-address",
        "payment-term",
        "custom-fields",
    ] {
        assert!(po.get(key).is_some(), "PO has {key}");
    }
    assert!(po["id"].is_i64());
    assert!(po["exported"].is_boolean());
    assert!(
        po["order-lines"][0]["total"]
            .as_str()
            .unwrap()
            .contains('.'),
        "decimals are strings"
    );
    assert!(
        po.get("total").is_none(),
        "Coupa's order header has no total"
    );
    assert!(
        po["supplier"]["primary-contact"]["email"].is_string(),
        "associations inline whole"
    );
    assert!(po["requester"]["email"].is_string());
    assert!(
        po["requester"].get("department").is_none(),
        "users inside records are Coupa's UserSimple"
    );
    assert!(po["order-lines"][0]["account"]["segment-1"].is_string());
    assert!(po["custom-fields"]["cost-center-code"].is_string());
    for r in [
        "purchase_orders",
        "purchase_order_lines",
        "invoices",
        "suppliers",
        "requisitions",
        "expense_reports",
        "contracts",
        "users",
        "departments",
        "accounts",
        "approvals",
        "inventory_transactions",
        "items",
        "exchange_rates",
    ] {
        let ids = sb.ids(&format!("/api/{r}?limit=2")).await;
        assert!(!ids.is_empty(), "{r} lists");
        let (s, one) = sb.json(&format!("/api/{r}/{}", ids[0])).await;
        assert_eq!(s, 200, "{r} gets");
        assert_eq!(one["id"], ids[0]);
        assert!(
            one["created-at"].is_string() && one["updated-at"].is_string(),
            "{r} has timestamps"
        );
        let xml = sb
            .get(&format!("/api/{r}/{}", ids[0]))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(xml.starts_with("<?xml"), "{r} in XML");
    }
    let (s, _) = sb.json("/api/purchase_orders/1").await;
    assert_eq!(s, 404);
    let (s, _) = sb.json("/api/widgets").await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data() {
    let a = quick(30).await;
    let b = quick(30).await;
    assert_eq!(
        a.json("/api/invoices?limit=5").await,
        b.json("/api/invoices?limit=5").await
    );
}

#[tokio::test]
async fn every_filter_operator() {
    let sb = quick(80).await;
    let (_, page) = sb.json("/api/purchase_orders?limit=50").await;
    let po = page[10].clone();
    let id = po["id"].as_i64().unwrap();
    let number = po["po-number"].as_str().unwrap().to_string();
    let supplier = po["supplier"]["name"].as_str().unwrap().to_string();
    let code = po["order-lines"][0]["account"]["code"]
        .as_str()
        .unwrap()
        .to_string();
    let cc = po["custom-fields"]["cost-center-code"]
        .as_str()
        .unwrap()
        .to_string();
    let q = |s: &str| s.replace('[', "%5B").replace(']', "%5D");
    let ids = sb
        .ids(&q(&format!("/api/purchase_orders?id[gt]={id}&limit=50")))
        .await;
    assert!(ids.iter().all(|i| *i > id) && !ids.is_empty());
    let ids = sb
        .ids(&q(&format!("/api/purchase_orders?id[lt]={id}")))
        .await;
    assert!(ids.iter().all(|i| *i < id) && ids.len() == 10);
    let ids = sb
        .ids(&q(&format!(
            "/api/purchase_orders?id[gt_or_eq]={id}&limit=1"
        )))
        .await;
    assert_eq!(ids, vec![id]);
    let ids = sb
        .ids(&q(&format!(
            "/api/purchase_orders?id[lt_or_eq]={id}&order_by=id&dir=desc&limit=1"
        )))
        .await;
    assert_eq!(ids, vec![id]);
    let ids = sb
        .ids(&q(&format!(
            "/api/purchase_orders?id[not_eq]={id}&limit=50"
        )))
        .await;
    assert!(!ids.contains(&id));
    let ids = sb
        .ids(&q(&format!(
            "/api/purchase_orders?id[in]={id},{}",
            id + 100000
        )))
        .await;
    assert_eq!(ids, vec![id]);
    let ids = sb
        .ids(&q(&format!(
            "/api/purchase_orders?id[not_in]={id}&limit=50"
        )))
        .await;
    assert!(!ids.contains(&id));
    let ids = sb
        .ids(&format!("/api/purchase_orders?po_number={number}"))
        .await;
    assert_eq!(ids, vec![id]);
    let ids = sb
        .ids(&format!("/api/purchase_orders?po-number={number}"))
        .await;
    assert_eq!(ids, vec![id], "dashes work too");
    let ids = sb
        .ids(&q(&format!(
            "/api/purchase_orders?po_number[contains]={}",
            &number[3..]
        )))
        .await;
    assert!(ids.contains(&id));
    let ids = sb
        .ids(&q(&format!(
            "/api/purchase_orders?po_number[starts_with]={}",
            &number[..4]
        )))
        .await;
    assert!(ids.contains(&id));
    let ids = sb
        .ids(&q(&format!(
            "/api/purchase_orders?po_number[ends_with]={}",
            &number[number.len() - 3..]
        )))
        .await;
    assert!(ids.contains(&id));
    let ids = sb
        .ids(&q(
            "/api/purchase_orders?acknowledged_at[blank]=true&limit=50",
        ))
        .await;
    assert!(!ids.is_empty());
    let ids = sb
        .ids(&q(&format!(
            "/api/purchase_orders?supplier[name]={}",
            supplier.replace(' ', "+")
        )))
        .await;
    assert!(ids.contains(&id));
    let ids = sb
        .ids(&q(&format!(
            "/api/purchase_orders?supplier[name][starts_with]={}",
            &supplier[..3]
        )))
        .await;
    assert!(ids.contains(&id));
    let ids = sb
        .ids(&q(&format!(
            "/api/purchase_orders?order_lines[account][code]={code}&limit=50"
        )))
        .await;
    assert!(ids.contains(&id), "collections match on any element");
    let ids = sb
        .ids(&q(&format!(
            "/api/purchase_orders?custom_fields[cost_center_code]={cc}&limit=50"
        )))
        .await;
    assert!(ids.contains(&id));
    let (_, all) = sb
        .json("/api/purchase_orders?exported=false&limit=50")
        .await;
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .all(|r| r["exported"] == false)
    );
    let updated = po["updated-at"].as_str().unwrap().to_string();
    let ids = sb
        .ids(&q(&format!(
            "/api/purchase_orders?updated-at[gt_or_eq]={}&limit=50",
            updated.replace('+', "%2B")
        )))
        .await;
    assert!(ids.contains(&id));
    let ids = sb
        .ids(&q("/api/purchase_orders?updated_at[gt]=2099-01-01"))
        .await;
    assert!(ids.is_empty());
    let (s, v) = sb.json(&q("/api/purchase_orders?colour[eq]=red")).await;
    assert_eq!(s, 400);
    assert!(v["errors"]["colour"].is_array());
}

#[tokio::test]
async fn fields_and_return_object_shape_the_output() {
    let sb = quick(20).await;
    let fields = r#"["id","po_number",{"supplier":["id","name"]},{"order_lines":["id",{"account":["code"]}]},{"custom_fields":{}}]"#;
    let enc: String = url::form_urlencoded::byte_serialize(fields.as_bytes()).collect();
    let (s, v) = sb
        .json(&format!("/api/purchase_orders?limit=2&fields={enc}"))
        .await;
    assert_eq!(s, 200);
    let po = v[0].as_object().unwrap();
    let keys: Vec<&str> = po.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        vec![
            "id",
            "po-number",
            "supplier",
            "order-lines",
            "custom-fields"
        ]
    );
    assert_eq!(po["supplier"].as_object().unwrap().len(), 2);
    let line = po["order-lines"][0].as_object().unwrap();
    assert_eq!(line.keys().collect::<Vec<_>>(), vec!["id", "account"]);
    assert_eq!(
        line["account"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        vec!["code"]
    );
    assert!(
        po["custom-fields"]["cost-center-code"].is_string(),
        "{{}} keeps the whole object"
    );
    let (s, _) = sb.json("/api/purchase_orders?fields=%5Bnot-json").await;
    assert_eq!(s, 400);

    let (_, limited) = sb
        .json("/api/purchase_orders?limit=3&return_object=limited")
        .await;
    for r in limited.as_array().unwrap() {
        assert_eq!(
            r.as_object().unwrap().keys().collect::<Vec<_>>(),
            vec!["id"],
            "limited is ids only"
        );
    }
    let (_, shallow) = sb
        .json("/api/purchase_orders?limit=1&return_object=shallow")
        .await;
    let s0 = shallow[0].as_object().unwrap();
    assert!(s0["po-number"].is_string());
    assert!(s0.get("order-lines").is_none(), "collections dropped");
    let sup = s0["supplier"].as_object().unwrap();
    assert!(
        sup.contains_key("id") && sup.contains_key("name") && !sup.contains_key("primary-contact")
    );
}

#[tokio::test]
async fn a_429_is_plain_with_no_rate_limit_headers() {
    let sb = start(SandboxConfig {
        records: 10,
        token_min_age: Duration::ZERO,
        rate_limit: Some(RateLimit {
            requests: 5,
            window: Duration::from_secs(1),
            burst: 3,
        }),
        ..SandboxConfig::default()
    })
    .await;
    let mut statuses = Vec::new();
    let mut limited = None;
    for _ in 0..8 {
        let r = sb
            .get("/api/suppliers?limit=1")
            .header("accept", "application/json")
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
        if r.status() == 429 && limited.is_none() {
            limited = Some(r);
        }
    }
    assert_eq!(
        &statuses[..3],
        &[200, 200, 200],
        "a burst of 3 goes through"
    );
    let r = limited.expect("the budget runs out");
    for h in r.headers().keys() {
        let h = h.as_str();
        assert!(
            !h.starts_with("ratelimit") && !h.starts_with("x-ratelimit") && h != "retry-after",
            "{h}"
        );
    }
    assert_eq!(r.headers()["content-type"], "text/plain");
    assert_eq!(r.text().await.unwrap(), "Rate limit exceeded");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(
        sb.json("/api/suppliers?limit=1").await.0,
        200,
        "the bucket drains"
    );
}

#[tokio::test]
async fn faults_come_in_order() {
    let sb = quick(10).await;
    let c = sb.sandbox.control();
    c.push_fault(Fault::Status {
        status: 502,
        body: "bad gateway".into(),
    });
    c.push_fault(Fault::Pass);
    c.push_fault(Fault::XmlAnyway);
    c.push_fault(Fault::Malformed);
    c.push_fault(Fault::Reset);
    c.push_fault(Fault::Truncated);
    c.push_fault(Fault::TooMany {
        body: "Slow down".into(),
        retry_after: Some(3),
        content_type: "text/plain".into(),
    });
    c.push_fault(Fault::Slow(Duration::from_millis(600)));
    let get = || {
        sb.get("/api/suppliers?limit=2")
            .header("accept", "application/json")
    };
    let r = get().send().await.unwrap();
    assert_eq!(r.status(), 502);
    assert_eq!(get().send().await.unwrap().status(), 200);
    let r = get().send().await.unwrap();
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("xml")
    );
    let r = get().send().await.unwrap();
    assert!(
        serde_json::from_slice::<Value>(&r.bytes().await.unwrap()).is_err(),
        "malformed"
    );
    for what in ["reset", "truncated"] {
        if let Ok(r) = get().send().await {
            assert!(r.bytes().await.is_err(), "{what}: no complete body");
        }
    }
    let r = get().send().await.unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "3");
    let t = std::time::Instant::now();
    assert_eq!(get().send().await.unwrap().status(), 200);
    assert!(t.elapsed() >= Duration::from_millis(550), "slow");
    assert_eq!(
        get().send().await.unwrap().status(),
        200,
        "queue empty again"
    );
}

#[tokio::test]
async fn a_reset_closes_the_connection_without_an_answer() {
    let sb = quick(5).await;
    sb.sandbox.control().push_fault(Fault::Reset);
    let r = sb
        .get("/api/suppliers")
        .header("accept", "application/json")
        .send()
        .await;
    if let Ok(resp) = r {
        assert!(resp.bytes().await.is_err(), "no complete answer");
    }
}

#[tokio::test]
async fn writes_validate_look_up_and_store_as_coupa_does() {
    let sb = quick(20).await;
    let base = sb.sandbox.base_url();
    let post = |path: &str, body: Value| {
        sb.http
            .post(format!("{base}{path}"))
            .bearer_auth(&sb.token)
            .header("accept", "application/json")
            .json(&body)
    };
    let supplier = sb.json("/api/suppliers?limit=1").await.1[0].clone();
    // Required fields, JSON errors.
    let r = post(
        "/api/invoices",
        json!({"invoice_date": "2026-01-05", "supplier": {"id": supplier["id"]}}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 400);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["errors"]["invoice-number"], json!(["can't be blank"]));
    assert!(e["errors"]["currency"].is_array());
    // XML errors.
    let r = sb
        .http
        .post(format!("{base}/api/suppliers"))
        .bearer_auth(&sb.token)
        .header("content-type", "application/xml")
        .header("accept", "application/xml")
        .body("<supplier><number>X</number></supplier>")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("<error>Name can't be blank</error>")
    );
    // Content-Type and Accept must agree.
    let r = sb
        .http
        .post(format!("{base}/api/suppliers"))
        .bearer_auth(&sb.token)
        .header("content-type", "application/json")
        .header("accept", "application/xml")
        .body("{\"name\": \"X\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 406);
    // Natural-key look-ups; the stored record is whole; read-only fields ignored.
    let r = post("/api/purchase_orders", json!({
        "id": 1, "po_number": "EXT-9", "supplier": {"number": supplier["number"]}, "currency": {"code": "EUR"},
        "order_lines": [{"description": "Pens", "quantity": "2", "price": "1.25", "account": {"code": sb.json("/api/accounts?limit=1").await.1[0]["code"]}}],
        "custom_fields": {"cost_center_code": "CC-9", "my-own-field": "kept"}
    })).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let po: Value = r.json().await.unwrap();
    assert_ne!(po["id"], 1);
    assert_eq!(po["type"], "ExternalOrderHeader");
    assert_eq!(po["supplier"]["id"], supplier["id"]);
    assert!(po["supplier"]["primary-contact"].is_object());
    assert_eq!(po["currency"]["code"], "EUR");
    assert_eq!(po["order-lines"][0]["total"], "2.50");
    assert_eq!(po["custom-fields"]["my-own-field"], "kept");
    let id = po["id"].as_i64().unwrap();
    // Imported orders cannot be modified.
    let r = sb
        .http
        .put(format!("{base}/api/purchase_orders/{id}"))
        .bearer_auth(&sb.token)
        .header("accept", "application/json")
        .json(&json!({"status": "closed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // Unknown association.
    let r = post(
        "/api/contracts",
        json!({"name": "C", "supplier": {"name": "No Such Co"}}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap()["errors"]["supplier"],
        json!(["not found"])
    );
    // return_object=none and limited.
    let r = post(
        "/api/suppliers?return_object=none",
        json!({"name": "Quiet Co"}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 201);
    assert!(r.text().await.unwrap().is_empty());
    let r = post(
        "/api/suppliers?return_object=limited",
        json!({"name": "Brief Co"}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(
        r.json::<Value>().await.unwrap().as_object().unwrap().len(),
        1
    );
    // Mark exported: PUT ?exported=true with no body.
    let inv = sb.json("/api/invoices?exported=false&limit=1").await.1[0].clone();
    let r = sb
        .http
        .put(format!("{base}/api/invoices/{}?exported=true", inv["id"]))
        .bearer_auth(&sb.token)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let marked: Value = r.json().await.unwrap();
    assert_eq!(marked["exported"], true);
    assert!(marked["last-exported-at"].is_string());
}

#[tokio::test]
async fn the_control_api_over_http() {
    let sb = quick(10).await;
    let base = sb.sandbox.base_url();
    let http = &sb.http;
    let id: Value = http
        .post(format!("{base}/__sandbox/records/departments"))
        .json(&json!({"name": "Research", "active": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = id["id"].as_i64().unwrap();
    let (s, d) = sb.json(&format!("/api/departments/{id}")).await;
    assert_eq!((s, d["name"].as_str()), (200, Some("Research")));
    assert_eq!(
        http.patch(format!("{base}/__sandbox/records/departments/{id}"))
            .json(&json!({"name": "R&D"}))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        sb.json(&format!("/api/departments/{id}")).await.1["name"],
        "R&D"
    );
    assert_eq!(
        http.delete(format!("{base}/__sandbox/records/departments/{id}"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(sb.json(&format!("/api/departments/{id}")).await.0, 404);
    assert_eq!(
        http.post(format!("{base}/__sandbox/faults"))
            .json(&json!({"kind": "status", "status": 503, "body": "x"}))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(sb.json("/api/departments").await.0, 503);
    assert_eq!(
        http.put(format!("{base}/__sandbox/latency"))
            .json(&json!({"ms": 0}))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        http.put(format!("{base}/__sandbox/rate_limit"))
            .json(&Value::Null)
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    let counters: Value = http
        .get(format!("{base}/__sandbox/counters"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let departments: u64 = counters["requests"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(path, _)| path.starts_with("/api/departments"))
        .map(|(_, n)| n.as_u64().unwrap())
        .sum();
    assert!(departments >= 4, "{counters}");
    assert!(counters["bytes"]["/api/departments"].as_u64().unwrap() > 0);
    assert!(
        counters["recent"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["path"] == "/api/departments")
    );
    assert_eq!(
        http.post(format!("{base}/__sandbox/revoke_tokens"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(sb.json("/api/departments").await.0, 401);
    assert_eq!(
        http.post(format!("{base}/__sandbox/counters/reset"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    let counters: Value = http
        .get(format!("{base}/__sandbox/counters"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(counters["requests"], json!({}));
}
