//! 17. Upsert-Mode.

use crate::support::*;

#[tokio::test]
async fn upsert_mode_updates_a_matching_row() {
    let (_sb, api, control) = own(|_| {}).await;
    let before = control.keys("suppliers").len();
    let body = json!({"Supplier": "Advanced Network Devices", "TaxOrganizationType": "Corporation", "AlternateName": "AND"});
    let r = api
        .send(
            api.req(reqwest::Method::POST, &api.fscm("suppliers"))
                .header(
                    "Content-Type",
                    "application/vnd.oracle.adf.resourceitem+json",
                )
                .header("Upsert-Mode", "true")
                .body(body.to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["AlternateName"], "AND");
    assert_eq!(control.keys("suppliers").len(), before);
    // no match: created
    let body = json!({"Supplier": "Brand New Co", "TaxOrganizationType": "Corporation"});
    let r = api
        .send(
            api.req(reqwest::Method::POST, &api.fscm("suppliers"))
                .header("Content-Type", "application/json")
                .header("Upsert-Mode", "true")
                .body(body.to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(control.keys("suppliers").len(), before + 1);
}
