//! 1. paths.

use crate::support::*;

#[tokio::test]
async fn paths_version_alias_children_and_applications() {
    let api = shared();
    let po = &items(
        &api.ok(&api.fscm("purchaseOrders?limit=1&q=OrderNumber=1000183"))
            .await,
    )[0]
    .clone();
    let id = po["POHeaderId"].as_i64().unwrap();
    // the version alias answers the same row
    let latest = api
        .ok(&format!(
            "{}/fscmRestApi/resources/latest/purchaseOrders/{id}",
            api.base
        ))
        .await;
    assert_eq!(latest["OrderNumber"], "1000183");
    // self links follow the URL used, canonical links name the version
    let links = links_of(&latest);
    assert!(
        links
            .iter()
            .any(|(r, h)| r == "self" && h.contains("/resources/latest/purchaseOrders/"))
    );
    assert!(
        links
            .iter()
            .any(|(r, h)| r == "canonical" && h.contains("/resources/11.13.18.05/purchaseOrders/"))
    );
    // children nest under /child/<accessor>/<key>
    let lines = api
        .ok(&api.fscm(&format!("purchaseOrders/{id}/child/lines")))
        .await;
    let line = &items(&lines)[0];
    let line_id = line["POLineId"].as_i64().unwrap();
    let one = api
        .ok(&api.fscm(&format!("purchaseOrders/{id}/child/lines/{line_id}")))
        .await;
    assert_eq!(one["POHeaderId"], id);
    let scheds = api
        .ok(&format!("{}/child/schedules", self_href(&one)))
        .await;
    let sched = &items(&scheds)[0];
    let dists = api
        .ok(&format!("{}/child/distributions", self_href(sched)))
        .await;
    assert!(items(&dists)[0]["PODistributionId"].is_i64());
    // HCM resources live under hcmRestApi, not fscmRestApi
    assert_eq!(
        api.get(&api.fscm("workers")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(api.ok(&api.hcm("workers?limit=1")).await["count"], 1);
    assert_eq!(
        api.get(&api.fscm("nonsense")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.get(&format!(
            "{}/fscmRestApi/resources/11.13.18.04/purchaseOrders",
            api.base
        ))
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.get(&api.fscm("purchaseOrders/42")).await.status,
        StatusCode::NOT_FOUND
    );
}
