//! Resources.

use crate::support::*;

#[tokio::test]
async fn every_resource_serves_its_rows_with_their_ids_and_timestamps() {
    let api = shared();
    // resource, under HCM, id attribute, timestamps, child accessors
    type Case<'a> = (&'a str, bool, &'a str, &'a [&'a str], &'a [&'a str]);
    let cases: &[Case] = &[
        (
            "purchaseOrders",
            false,
            "POHeaderId",
            &["CreationDate", "LastUpdateDate"],
            &["lines", "DFF"],
        ),
        (
            "draftPurchaseOrders",
            false,
            "POHeaderId",
            &["CreationDate", "LastUpdateDate"],
            &["lines", "DFF"],
        ),
        (
            "purchaseRequisitions",
            false,
            "RequisitionHeaderId",
            &["CreationDate", "LastUpdateDate"],
            &["lines", "DFF"],
        ),
        (
            "suppliers",
            false,
            "SupplierId",
            &["CreationDate", "LastUpdateDate"],
            &[
                "addresses",
                "sites",
                "contacts",
                "businessClassifications",
                "productsAndServices",
                "DFF",
            ],
        ),
        (
            "invoices",
            false,
            "InvoiceId",
            &["CreationDate", "LastUpdateDate"],
            &[
                "invoiceLines",
                "invoiceInstallments",
                "invoiceDff",
                "invoiceGdf",
            ],
        ),
        (
            "receivingTransactionsHistory",
            false,
            "TransactionId",
            &["CreationDate", "LastUpdateDate", "TransactionDate"],
            &[],
        ),
        (
            "itemsV2",
            false,
            "ItemId",
            &["CreationDate", "LastUpdateDate"],
            &[],
        ),
        (
            "currencyRates",
            false,
            "ConversionRate",
            &["CreationDate", "LastUpdateDate"],
            &[],
        ),
        (
            "purchaseAgreements",
            false,
            "AgreementHeaderId",
            &["CreationDate", "LastUpdateDate"],
            &["lines"],
        ),
        (
            "expenseReports",
            false,
            "ExpenseReportId",
            &["CreationDate", "LastUpdateDate"],
            &["Expense"],
        ),
        (
            "accountCombinationsLOV",
            false,
            "_CODE_COMBINATION_ID",
            &[],
            &[],
        ),
        ("finBusinessUnitsLOV", false, "BusinessUnitId", &[], &[]),
        (
            "workers",
            true,
            "PersonId",
            &["CreationDate", "LastUpdateDate"],
            &["names", "emails", "workRelationships"],
        ),
        (
            "userAccounts",
            true,
            "UserId",
            &["CreationDate", "LastUpdateDate"],
            &["userAccountRoles"],
        ),
    ];
    for (name, hcm, id, stamps, children) in cases {
        let url = if *hcm {
            api.hcm(&format!("{name}?limit=3"))
        } else {
            api.fscm(&format!("{name}?limit=3"))
        };
        let page = api.ok(&url).await;
        assert!(page["count"].as_i64().unwrap() >= 1, "{name}");
        let row = &items(&page)[0];
        assert!(row[*id].is_number(), "{name}.{id}");
        for s in *stamps {
            assert!(
                row[*s].as_str().is_some_and(|t| t.contains('T')),
                "{name}.{s}"
            );
        }
        let child_links: Vec<String> = links_of(row)
            .into_iter()
            .filter(|(r, _)| r == "child")
            .map(|(_, h)| h.rsplit('/').next().unwrap().to_string())
            .collect();
        assert_eq!(
            child_links,
            children.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
            "{name}"
        );
        // the item link answers the same row
        let one = api.ok(&self_href(row)).await;
        assert_eq!(one[*id], row[*id], "{name}");
    }
    // scale: enough rows to page through
    for (name, at_least) in [
        ("invoices", 1200),
        ("receivingTransactionsHistory", 300),
        ("suppliers", 100),
        ("purchaseRequisitions", 500),
    ] {
        let v = api
            .ok(&api.fscm(&format!("{name}?limit=1&totalResults=true")))
            .await;
        assert!(
            v["totalResults"].as_i64().unwrap() >= at_least,
            "{name}: {}",
            v["totalResults"]
        );
    }
}

#[tokio::test]
async fn workers_match_on_nested_assignment_numbers() {
    let api = shared().v(Some(4));
    let w = &items(
        &api.ok(&api.hcm("workers?limit=1&expand=workRelationships.assignments"))
            .await,
    )[0]
    .clone();
    let number = w["workRelationships"]["items"][0]["assignments"]["items"][0]["AssignmentNumber"]
        .as_str()
        .unwrap()
        .to_string();
    let q = enc(&format!(
        "workRelationships.assignments.AssignmentNumber = '{number}'"
    ));
    let found = api.ok(&api.hcm(&format!("workers?q={q}"))).await;
    assert_eq!(found["count"], 1);
    assert_eq!(items(&found)[0]["PersonId"], w["PersonId"]);
    let accounts = api
        .ok(&api.hcm(&format!(
            "userAccounts?q={}",
            enc(&format!("PersonId = {}", w["PersonId"]))
        )))
        .await;
    assert_eq!(items(&accounts)[0]["PersonNumber"], w["PersonNumber"]);
    assert_eq!(items(&accounts)[0]["GUID"].as_str().unwrap().len(), 32);
}

#[tokio::test]
async fn receipts_point_at_order_lines() {
    let api = shared().v(Some(2));
    let receipts = api
        .ok(&api.fscm(&format!(
            "receivingTransactionsHistory?q={}&limit=5",
            enc("TransactionType = 'RECEIVE'")
        )))
        .await;
    for r in items(&receipts) {
        let po = api
            .ok(&api.fscm(&format!(
                "purchaseOrders/{}/child/lines/{}",
                r["POHeaderId"], r["POLineId"]
            )))
            .await;
        assert_eq!(po["ItemDescription"], r["ItemDescription"]);
    }
}
