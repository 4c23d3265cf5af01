//! 2–4. envelope, limits, offset.

use crate::support::*;

#[tokio::test]
async fn collection_envelope_and_total_results_on_request() {
    let api = shared();
    let page = api.ok(&api.fscm("purchaseOrders")).await;
    let keys: Vec<&String> = page.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["items", "count", "hasMore", "limit", "offset", "links"]
    );
    assert_eq!(page["count"], 25);
    assert_eq!(page["limit"], 25);
    assert_eq!(page["offset"], 0);
    assert_eq!(page["hasMore"], true);
    assert_eq!(page["links"][0]["rel"], "self");
    assert_eq!(page["links"][0]["kind"], "collection");
    assert_eq!(page["links"][0]["name"], "purchaseOrders");
    let with_total = api
        .ok(&api.fscm("purchaseOrders?totalResults=true&limit=1"))
        .await;
    assert_eq!(
        with_total["totalResults"], 1200,
        "at least 1200 orders to page through"
    );
}

#[tokio::test]
async fn limit_is_capped_at_500_and_echoed() {
    let api = shared();
    let page = api
        .ok(&api.fscm("purchaseOrders?limit=1000&fields=POHeaderId&onlyData=true"))
        .await;
    assert_eq!(page["limit"], 500);
    assert_eq!(page["count"], 500);
    assert_eq!(page["hasMore"], true);
    let page = api.ok(&api.fscm("purchaseOrders?limit=7")).await;
    assert_eq!(
        (page["limit"].as_i64(), page["count"].as_i64()),
        (Some(7), Some(7))
    );
    for bad in ["0", "-1", "ten"] {
        assert_eq!(
            api.get(&api.fscm(&format!("purchaseOrders?limit={bad}")))
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
    }
}

#[tokio::test]
async fn a_page_at_the_cap_can_be_one_short() {
    let (_sb, api, control) = own(|c| {
        c.purchase_orders = 600;
        c.short_page_at_cap = true;
    })
    .await;
    let page = api
        .ok(&api.fscm("purchaseOrders?limit=500&fields=POHeaderId"))
        .await;
    assert_eq!(
        (page["limit"].as_i64(), page["count"].as_i64()),
        (Some(500), Some(499))
    );
    control.set_page_cap(500, false);
    let page = api
        .ok(&api.fscm("purchaseOrders?limit=500&fields=POHeaderId"))
        .await;
    assert_eq!(page["count"], 500);
}

#[tokio::test]
async fn offset_past_the_end_is_an_empty_page() {
    let api = shared();
    let page = api.ok(&api.fscm("purchaseOrders?offset=5000")).await;
    assert_eq!(items(&page).len(), 0);
    assert_eq!(page["count"], 0);
    assert_eq!(page["hasMore"], false);
    assert_eq!(page["offset"], 5000);
    let last = api
        .ok(&api.fscm("purchaseOrders?offset=1190&limit=25"))
        .await;
    assert_eq!(
        (last["count"].as_i64(), last["hasMore"].as_bool()),
        (Some(10), Some(false))
    );
}
