//! 11. keys.

use crate::support::*;

#[tokio::test]
async fn composite_keys_are_uniqid_hashes_single_keys_raw() {
    let api = shared();
    let inv = &items(
        &api.ok(&api.fscm("invoices?limit=1&orderBy=InvoiceId:asc"))
            .await,
    )[0]
    .clone();
    let id = inv["InvoiceId"].as_i64().unwrap();
    assert!(self_href(inv).ends_with(&format!("/invoices/{id}")));
    let lines = api
        .ok(&api.fscm(&format!(
            "invoices/{id}/child/invoiceLines?orderBy=LineNumber"
        )))
        .await;
    let line = &items(&lines)[0];
    let hash = hash_long_int(id, 1);
    assert!(
        self_href(line).ends_with(&hash),
        "{} vs {hash}",
        self_href(line)
    );
    let again = api
        .ok(&api.fscm(&format!("invoices/{id}/child/invoiceLines/{hash}")))
        .await;
    assert_eq!(again["LineNumber"], 1);
    // a single-key resource documented with a UniqID links by hash, and takes raw ids
    let bpa = &items(&api.ok(&api.fscm("purchaseAgreements?limit=1")).await)[0].clone();
    let href = self_href(bpa);
    let seg = href.rsplit('/').next().unwrap();
    assert!(seg.starts_with("00010000000EACED00057708"), "{seg}");
    let raw = bpa["AgreementHeaderId"].as_i64().unwrap();
    assert_eq!(
        api.ok(&api.fscm(&format!("purchaseAgreements/{raw}")))
            .await["AgreementHeaderId"],
        raw
    );
    assert_eq!(api.ok(&href).await["AgreementHeaderId"], raw);
    // itemsV2: (ItemId, OrganizationId)
    let item = &items(&api.ok(&api.fscm("itemsV2?limit=1")).await)[0].clone();
    let got = api.ok(&self_href(item)).await;
    assert_eq!(got["ItemNumber"], item["ItemNumber"]);
    assert_eq!(
        api.get(&api.fscm("invoices/not-a-key")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn every_row_can_be_linked_by_its_hash() {
    let (_sb, api, _c) = own(|c| c.hash_all_keys = true).await;
    let sup = &items(&api.ok(&api.fscm("suppliers?limit=1")).await)[0].clone();
    let id = sup["SupplierId"].as_i64().unwrap();
    let href = self_href(sup);
    assert!(
        href.ends_with(&format!("/suppliers/00010000000EACED00057708{id:016X}")),
        "{href}"
    );
    assert_eq!(api.ok(&href).await["SupplierId"], id);
    assert_eq!(
        api.ok(&api.fscm(&format!("suppliers/{id}"))).await["SupplierId"],
        id
    );
}
