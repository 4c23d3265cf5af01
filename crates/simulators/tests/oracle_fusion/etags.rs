//! 16. create, ETag, If-Match.

use crate::support::*;

#[tokio::test]
async fn create_answers_201_location_etag_and_stale_if_match_is_412() {
    let (_sb, api, _c) = own(|_| {}).await;
    let r = api
        .post(
            &api.fscm("suppliers"),
            &json!({"Supplier": "Zenith Parts", "TaxOrganizationType": "Corporation"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let loc = r.header("location").to_string();
    let etag = r.header("etag").to_string();
    let created = r.json();
    let id = created["SupplierId"].as_i64().unwrap();
    assert!(loc.ends_with(&format!("/suppliers/{id}")));
    assert!(created["SupplierNumber"].is_string());
    // GET gives the same ETag; If-None-Match answers 304
    let got = api.get(&loc).await;
    assert_eq!(got.header("etag"), etag);
    let r = api
        .send(
            api.req(reqwest::Method::GET, &loc)
                .header("If-None-Match", &etag),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    // PATCH with the current ETag works and moves it; the old one is then stale
    let r = api
        .send(
            api.req(reqwest::Method::PATCH, &loc)
                .header(
                    "Content-Type",
                    "application/vnd.oracle.adf.resourceitem+json",
                )
                .header("If-Match", &etag)
                .body(json!({"AlternateName": "ZP"}).to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_ne!(r.header("etag"), etag);
    let r = api
        .send(
            api.req(reqwest::Method::PATCH, &loc)
                .header("Content-Type", "application/json")
                .header("If-Match", &etag)
                .body(json!({"AlternateName": "ZZ"}).to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(api.ok(&loc).await["AlternateName"], "ZP");
    // a duplicate name is refused; suppliers cannot be deleted
    let r = api
        .post(
            &api.fscm("suppliers"),
            &json!({"Supplier": "Zenith Parts", "TaxOrganizationType": "Corporation"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        api.send(api.req(reqwest::Method::DELETE, &loc))
            .await
            .status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    // a site through the child collection
    let r = api
        .post(
            &format!("{loc}/child/sites"),
            &json!({"SupplierSite": "DENVER", "ProcurementBU": "Vision Operations"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert!(
        r.header("location")
            .contains(&format!("/suppliers/{id}/child/sites/"))
    );
}
