//! 18. flexfields.

use crate::support::*;

#[tokio::test]
async fn descriptive_flexfields_are_one_row_child_collections() {
    let api = shared().v(Some(2));
    let v = api
        .ok(&api.fscm("purchaseOrders?limit=100&expand=DFF"))
        .await;
    let mut contexts = std::collections::BTreeSet::new();
    for po in items(&v) {
        let dff = po["DFF"].as_array().unwrap();
        assert_eq!(dff.len(), 1);
        assert_eq!(dff[0]["POHeaderId"], po["POHeaderId"]);
        assert!(dff[0].as_object().unwrap().contains_key("__FLEX_Context"));
        assert!(
            dff[0]
                .as_object()
                .unwrap()
                .contains_key("contractReference")
        );
        contexts.insert(dff[0]["__FLEX_Context"].as_str().unwrap_or("").to_string());
        match dff[0]["__FLEX_Context"].as_str() {
            Some("CAPEX") => {
                assert_eq!(dff[0]["__FLEX_Context_DisplayValue"], "Capital Expenditure");
                assert!(dff[0].as_object().unwrap().contains_key("assetCategory"));
            }
            Some("SERVICES") => assert!(dff[0].as_object().unwrap().contains_key("headcount")),
            _ => assert!(!dff[0].as_object().unwrap().contains_key("assetCategory")),
        }
    }
    assert!(contexts.len() >= 3, "{contexts:?}");
    let po = &items(&v)[0];
    let dff = api.ok(&format!("{}/child/DFF", self_href(po))).await;
    assert_eq!(dff["count"], 1);
    // q reaches segments through the child path
    let q = enc("DFF.__FLEX_Context = 'CAPEX'");
    let capex = api
        .ok(&api.fscm(&format!("purchaseOrders?q={q}&expand=DFF&limit=10")))
        .await;
    assert!(
        items(&capex)
            .iter()
            .all(|p| p["DFF"][0]["__FLEX_Context"] == "CAPEX")
    );
}

#[tokio::test]
async fn flexfield_segments_are_configurable_and_validated_on_write() {
    let (_sb, api, control) = own(|c| {
        c.flexfields = vec![Flexfield {
            path: "invoices/invoiceDff".into(),
            global: vec![Segment {
                name: "costCentre".into(),
                kind: SegmentKind::Text,
            }],
            contexts: vec![FlexContext {
                code: "GRANT".into(),
                display: "Grant Funded".into(),
                segments: vec![Segment {
                    name: "grantNumber".into(),
                    kind: SegmentKind::Number,
                }],
            }],
        }];
    })
    .await;
    let id = control.keys("invoices")[0].clone();
    let dff_url = api.fscm(&format!("invoices/{id}/child/invoiceDff"));
    let row = &items(&api.ok(&dff_url).await)[0].clone();
    assert!(row.as_object().unwrap().contains_key("costCentre"));
    let href = self_href(row);
    let r = api
        .patch(
            &href,
            &json!({"__FLEX_Context": "GRANT", "grantNumber": "42", "costCentre": "510"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json();
    assert_eq!(v["grantNumber"], 42.0);
    assert_eq!(v["__FLEX_Context_DisplayValue"], "Grant Funded");
    let r = api.patch(&href, &json!({"assetCategory": "IT"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = api.patch(&href, &json!({"__FLEX_Context": "NOPE"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // the DFF row cannot be created or deleted on its own
    assert_eq!(
        api.post(&dff_url, &json!({})).await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}
