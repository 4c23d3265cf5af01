//! 21. errors by framework version.

use crate::support::*;

#[tokio::test]
async fn errors_are_json_from_version_4_and_plain_text_below() {
    let api = shared();
    let url = api.fscm(&format!("purchaseOrders?q={}", enc("Nope = 1")));
    let r = api.v(Some(4)).get(&url).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.header("content-type"),
        "application/vnd.oracle.adf.error+json"
    );
    let e = r.json();
    assert_eq!(e["title"], "Bad Request");
    assert_eq!(e["status"], "400");
    assert!(e["type"].as_str().unwrap().contains("rfc2616"));
    assert!(e["o:errorCode"].is_string());
    assert_eq!(e["o:errorDetails"][0]["o:errorPath"], "Nope");
    for v in [1u8, 3] {
        let url = if v == 1 {
            api.fscm("purchaseOrders?q=Nope=1")
        } else {
            url.clone()
        };
        let r = api.v(Some(v)).get(&url).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.header("content-type").starts_with("text/plain"), "v{v}");
        assert!(r.text.contains("Nope"));
    }
    // an Accept without JSON gets text even in v4
    let r = api
        .send(
            api.v(Some(4))
                .req(reqwest::Method::GET, &url)
                .header("Accept", "text/plain"),
        )
        .await;
    assert!(r.header("content-type").starts_with("text/plain"));
    // 404 too
    let r = api.v(Some(4)).get(&api.fscm("purchaseOrders/1")).await;
    assert_eq!(r.json()["status"], "404");
    // media types: vendor by default, plain JSON on request, 406 otherwise
    let r = api.get(&api.fscm("purchaseOrders?limit=1")).await;
    assert_eq!(
        r.header("content-type"),
        "application/vnd.oracle.adf.resourcecollection+json"
    );
    let r = api
        .send(
            api.req(reqwest::Method::GET, &api.fscm("purchaseOrders?limit=1"))
                .header("Accept", "application/json"),
        )
        .await;
    assert_eq!(r.header("content-type"), "application/json");
    let r = api
        .send(
            api.req(reqwest::Method::GET, &api.fscm("purchaseOrders?limit=1"))
                .header("Accept", "application/xml"),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_ACCEPTABLE);
    let r = api
        .v(None)
        .send(
            api.v(None)
                .req(reqwest::Method::GET, &api.fscm("purchaseOrders"))
                .header("REST-Framework-Version", "x"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}
