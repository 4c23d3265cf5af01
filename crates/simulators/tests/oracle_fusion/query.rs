//! 6–7. q.

use crate::support::*;

#[tokio::test]
async fn q_is_query_by_example_under_version_1() {
    let api = shared().v(Some(1));
    let eur = api
        .ok(&api.fscm(&format!(
            "purchaseOrders?q={}&limit=500",
            enc("CurrencyCode=EUR")
        )))
        .await;
    assert!(eur["count"].as_i64().unwrap() > 0);
    assert!(items(&eur).iter().all(|i| i["CurrencyCode"] == "EUR"));
    // several clauses, a range on one attribute, unquoted text with spaces
    let q = "Supplier=Advanced Network Devices;POHeaderId>=1 and <=999999999999999999";
    let v = api
        .ok(&api.fscm(&format!("purchaseOrders?q={}&limit=500", enc(q))))
        .await;
    assert!(v["count"].as_i64().unwrap() >= 1);
    assert!(
        items(&v)
            .iter()
            .all(|i| i["Supplier"] == "Advanced Network Devices")
    );
    // v2 syntax means something else in v1: the quotes are part of the value
    let quoted = api
        .ok(&api.fscm(&format!("purchaseOrders?q={}", enc("CurrencyCode = 'EUR'"))))
        .await;
    assert_eq!(quoted["count"], 0);
    // no LIKE, no child paths in v1
    for q in ["Supplier LIKE 'Adv%'", "lines.Item=AS54000"] {
        assert_eq!(
            api.get(&api.fscm(&format!("purchaseOrders?q={}", enc(q))))
                .await
                .status,
            StatusCode::BAD_REQUEST,
            "{q}"
        );
    }
    // no header at all: version 1 too
    let none = shared().v(None);
    let v = none
        .ok(&none.fscm(&format!("purchaseOrders?q={}", enc("CurrencyCode=EUR"))))
        .await;
    assert!(v["count"].as_i64().unwrap() > 0);
}

#[tokio::test]
async fn q_is_a_row_match_expression_from_version_2() {
    let api = shared().v(Some(2));
    let v = api
        .ok(&api.fscm(&format!(
            "purchaseOrders?q={}&limit=500",
            enc("CurrencyCode = 'EUR' and (StatusCode = 'OPEN' or StatusCode = 'CLOSED')")
        )))
        .await;
    assert!(v["count"].as_i64().unwrap() > 0);
    assert!(items(&v).iter().all(|i| i["CurrencyCode"] == "EUR"
        && (i["StatusCode"] == "OPEN" || i["StatusCode"] == "CLOSED")));
    let like = api
        .ok(&api.fscm(&format!(
            "purchaseOrders?q={}&limit=500",
            enc("Supplier LIKE 'Adv%'")
        )))
        .await;
    assert!(like["count"].as_i64().unwrap() > 0);
    assert!(
        items(&like)
            .iter()
            .all(|i| i["Supplier"].as_str().unwrap().starts_with("Adv"))
    );
    // a child path matches orders with some such line
    let child = api
        .ok(&api.fscm(&format!(
            "purchaseOrders?q={}&limit=20&expand=lines",
            enc("lines.ItemDescription LIKE '%Laptop%'")
        )))
        .await;
    assert!(child["count"].as_i64().unwrap() > 0);
    for po in items(&child) {
        assert!(
            po["lines"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["ItemDescription"].as_str().unwrap().contains("Laptop"))
        );
    }
    // timestamps compare as instants, whatever the literal's form
    let since = "2025-06-01T00:00:00+00:00";
    let recent = api
        .ok(&api.fscm(&format!(
            "purchaseOrders?q={}&limit=500&fields=LastUpdateDate",
            enc(&format!("LastUpdateDate > '{since}'"))
        )))
        .await;
    assert!(recent["count"].as_i64().unwrap() > 0);
    assert!(
        items(&recent)
            .iter()
            .all(|i| i["LastUpdateDate"].as_str().unwrap() > since)
    );
    let same = api
        .ok(&api.fscm(&format!(
            "purchaseOrders?q={}&totalResults=true&limit=1",
            enc("LastUpdateDate > '2025-05-31T17:00:00-07:00'")
        )))
        .await;
    let again = api
        .ok(&api.fscm(&format!(
            "purchaseOrders?q={}&totalResults=true&limit=1",
            enc(&format!("LastUpdateDate > '{since}'"))
        )))
        .await;
    assert_eq!(same["totalResults"], again["totalResults"]);
    // is null, between, in, not
    let more = [
        "SupplierOrder is null",
        "POHeaderId between 1 and 900000000000000",
        "CurrencyCode in ('GBP', 'CAD')",
        "not (CurrencyCode = 'USD')",
    ];
    for q in more {
        let v = api
            .ok(&api.fscm(&format!("purchaseOrders?q={}", enc(q))))
            .await;
        assert!(v["count"].as_i64().unwrap() > 0, "{q}");
    }
    // v1 syntax is an error in v2: an unquoted word is not a value, `;` not a joiner
    for q in [
        "CurrencyCode=EUR",
        "CurrencyCode='EUR';StatusCode='OPEN'",
        "CurrencyCode = 'EUR",
    ] {
        let r = api
            .get(&api.fscm(&format!("purchaseOrders?q={}", enc(q))))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}");
    }
    // numbers need no quotes; a malformed date is refused
    assert!(
        api.ok(&api.fscm(&format!("purchaseOrders?q={}", enc("POHeaderId > 0"))))
            .await["count"]
            .as_i64()
            .unwrap()
            > 0
    );
    assert_eq!(
        api.get(&api.fscm(&format!(
            "purchaseOrders?q={}",
            enc("LastUpdateDate > 'yesterday'")
        )))
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn an_unencoded_plus_in_an_offset_is_a_space_and_an_error() {
    let api = shared();
    let raw = format!(
        "{}?q=LastUpdateDate%20%3E%20'2025-06-01T00:00:00+00:00'",
        api.fscm("purchaseOrders")
    );
    assert_eq!(api.get(&raw).await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn q_on_a_non_queryable_or_unknown_attribute_is_400() {
    let api = shared();
    let describe = api.ok(&api.fscm("purchaseOrders/describe")).await;
    let attrs = describe["Resources"]["purchaseOrders"]["attributes"]
        .as_array()
        .unwrap();
    let total = attrs.iter().find(|a| a["name"] == "Total").unwrap();
    assert_eq!(total["queryable"], false);
    let number = attrs.iter().find(|a| a["name"] == "OrderNumber").unwrap();
    assert_eq!(number["queryable"], true);
    let r = api
        .get(&api.fscm(&format!("purchaseOrders?q={}", enc("Total > 10"))))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json()["o:errorDetails"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("not queryable")
    );
    let r = api
        .get(&api.fscm(&format!("purchaseOrders?q={}", enc("Bogus = 1"))))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}
