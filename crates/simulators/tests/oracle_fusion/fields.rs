//! 8–10. fields, expand, onlyData, links.

use crate::support::*;

#[tokio::test]
async fn fields_with_child_syntax_win_over_expand() {
    let api = shared().v(Some(2));
    let v = api
        .ok(&api.fscm("purchaseOrders?limit=3&fields=OrderNumber,POHeaderId;lines:LineNumber,Price&expand=DFF"))
        .await;
    for po in items(&v) {
        let keys: Vec<&String> = po.as_object().unwrap().keys().collect();
        // the resource's attribute order, whatever the order in `fields`
        assert_eq!(keys, ["POHeaderId", "OrderNumber", "lines", "links"]);
        for line in po["lines"].as_array().unwrap() {
            let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["LineNumber", "Price", "links"]);
        }
    }
    // a nested accessor implies its parents, which show no attributes of their own
    let v = api
        .ok(&api.fscm("purchaseOrders?limit=2&fields=lines.schedules:NeedByDate&onlyData=true"))
        .await;
    let po = &items(&v)[0];
    assert_eq!(
        po.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["lines"]
    );
    let line = &po["lines"][0];
    assert_eq!(
        line.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["schedules"]
    );
    assert!(line["schedules"][0]["NeedByDate"].is_string());
    // `fields=` alone: links only
    let v = api.ok(&api.fscm("purchaseOrders?limit=2&fields=")).await;
    assert_eq!(
        items(&v)[0].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["links"]
    );
    assert_eq!(
        api.get(&api.fscm("purchaseOrders?fields=NoSuchField"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        api.get(&api.fscm("purchaseOrders?expand=nope"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn expanded_children_are_arrays_until_version_3_then_paged_collections() {
    let shared = shared();
    let q = format!(
        "purchaseOrders?q={}&expand=lines.schedules",
        enc("OrderNumber = '1000183'")
    );
    for v in [1u8, 2] {
        let api = shared.v(Some(v));
        let url = if v == 1 {
            api.fscm("purchaseOrders?q=OrderNumber=1000183&expand=lines.schedules")
        } else {
            api.fscm(&q)
        };
        let page = api.ok(&url).await;
        let po = &items(&page)[0];
        assert!(po["lines"].is_array(), "v{v}");
        assert!(po["lines"][0]["schedules"].is_array(), "v{v}");
    }
    let api = shared.v(Some(3));
    let page = api.ok(&api.fscm(&q)).await;
    let po = &items(&page)[0];
    let lines = &po["lines"];
    assert!(lines.is_object());
    assert_eq!(lines["limit"], 25);
    assert_eq!(lines["offset"], 0);
    assert_eq!(lines["hasMore"], false);
    assert_eq!(lines["count"], 1);
    assert!(lines["items"][0]["schedules"]["items"].is_array());
    assert!(
        lines["links"][0]["href"]
            .as_str()
            .unwrap()
            .ends_with("/child/lines")
    );
    // expand=all: every direct child
    let all = api.ok(&api.fscm(&format!("{q}&expand=all"))).await;
    let all = &items(&all)[0];
    assert!(all["lines"].is_object() && all["DFF"].is_object());
}

#[tokio::test]
async fn expanded_child_collections_page_at_25_in_version_3() {
    let (_sb, api, control) = own(|c| c.child_limit = 2).await;
    let api = api.v(Some(3));
    let po = control.keys("purchaseOrders");
    let many = po
        .iter()
        .find(|k| {
            control.get("purchaseOrders", k).unwrap()["lines"]
                .as_array()
                .unwrap()
                .len()
                > 2
        })
        .unwrap()
        .clone();
    let v = api
        .ok(&api.fscm(&format!("purchaseOrders/{many}?expand=lines")))
        .await;
    assert_eq!(v["lines"]["count"], 2);
    assert_eq!(v["lines"]["hasMore"], true);
    assert_eq!(v["lines"]["limit"], 2);
    // the whole child collection is one GET away
    let all = api
        .ok(&api.fscm(&format!("purchaseOrders/{many}/child/lines")))
        .await;
    assert!(all["count"].as_i64().unwrap() > 2);
}

#[tokio::test]
async fn only_data_strips_links_and_links_filters_them() {
    let api = shared().v(Some(3));
    let v = api
        .ok(&api.fscm("purchaseOrders?limit=2&expand=lines&onlyData=true"))
        .await;
    assert!(v.get("links").is_none());
    let s = v.to_string();
    assert!(!s.contains("\"links\""), "no links anywhere");
    let v = api.ok(&api.fscm("purchaseOrders?limit=1")).await;
    let rels: Vec<String> = links_of(&items(&v)[0])
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    assert_eq!(rels, ["self", "canonical", "child", "child"]);
    let self_link = &items(&v)[0]["links"][0];
    assert!(
        self_link["properties"]["changeIndicator"]
            .as_str()
            .unwrap()
            .starts_with("ACED0005")
    );
    let v = api.ok(&api.fscm("purchaseOrders?limit=1&links=self")).await;
    let rels: Vec<String> = links_of(&items(&v)[0])
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    assert_eq!(rels, ["self"]);
    // child items link to their parent
    let line = api
        .ok(&format!("{}/child/lines?limit=1", self_href(&items(&v)[0])))
        .await;
    assert!(
        links_of(&items(&line)[0])
            .iter()
            .any(|(r, _)| r == "parent")
    );
}

#[tokio::test]
async fn version_6_moves_the_item_context_under_at_context() {
    let api = shared().v(Some(6));
    let v = api.ok(&api.fscm("purchaseOrders?limit=1")).await;
    let po = &items(&v)[0];
    assert!(po.get("links").is_none());
    assert!(po["@context"]["links"].is_array());
    assert!(
        po["@context"]["headers"]["ETag"]
            .as_str()
            .unwrap()
            .starts_with("ACED0005")
    );
    assert_eq!(po["@context"]["key"], po["POHeaderId"].to_string());
    assert_eq!(
        shared()
            .v(Some(7))
            .get(&api.fscm("purchaseOrders"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}
