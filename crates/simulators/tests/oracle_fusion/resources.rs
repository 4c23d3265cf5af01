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
            &["CreationDate", "LastUpdateDate"],
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

#[tokio::test]
async fn items_are_defined_in_the_master_organisation_and_assigned_to_others() {
    let api = shared().v(Some(2));
    let all = api
        .ok(&api.fscm("itemsV2?limit=500&onlyData=true&totalResults=true"))
        .await;
    let rows = items(&all);
    assert_eq!(all["totalResults"].as_i64().unwrap() as usize, rows.len());
    let in_org = |code: &str| -> Vec<i64> {
        rows.iter()
            .filter(|r| r["OrganizationCode"] == code)
            .map(|r| r["ItemId"].as_i64().unwrap())
            .collect()
    };
    let master = in_org("M1");
    let assigned = in_org("M2");
    assert!(!assigned.is_empty() && assigned.len() < master.len());
    assert!(assigned.iter().all(|id| master.contains(id)));
    // Within the master organisation an ItemId is one row: keyset paging on it, in the
    // organisation, walks every item once.
    let mut after = 0i64;
    let mut seen = Vec::new();
    loop {
        let q = enc(&format!("OrganizationCode = 'M1' and ItemId > {after}"));
        let page = api
            .ok(&api.fscm(&format!(
                "itemsV2?onlyData=true&orderBy=ItemId:asc&limit=7&q={q}&fields=ItemId,ItemNumber,CategoryId,LastUpdateDate"
            )))
            .await;
        for r in items(&page) {
            assert_eq!(r.as_object().unwrap().len(), 4, "{r}");
            after = r["ItemId"].as_i64().unwrap();
            seen.push(after);
        }
        if page["hasMore"] == false {
            break;
        }
    }
    assert_eq!(seen, {
        let mut m = master.clone();
        m.sort_unstable();
        m
    });
}

#[tokio::test]
async fn account_combinations_carry_segments_and_who_columns() {
    let api = shared().v(Some(2));
    let q = enc("ConcatenatedSegments = '01-000-7110-0000-000'");
    let page = api
        .ok(&api.fscm(&format!("accountCombinationsLOV?onlyData=true&q={q}")))
        .await;
    assert_eq!(page["count"], 1);
    let a = &items(&page)[0];
    assert_eq!(a["Segment1"], "01");
    assert_eq!(a["Segment3"], "7110");
    assert!(a["Segment6"].is_null() && a["Segment30"].is_null());
    assert_eq!(a["EnabledFlag"], true);
    assert!(a["_CODE_COMBINATION_ID"].is_i64());
    assert_eq!(a["_CHART_OF_ACCOUNTS_ID"], 101);
    // keyset on the combination id, and a sync window on LastUpdateDate
    let id = a["_CODE_COMBINATION_ID"].as_i64().unwrap();
    let q = enc(&format!("_CODE_COMBINATION_ID > {id}"));
    let after = api
        .ok(&api.fscm(&format!(
            "accountCombinationsLOV?onlyData=true&orderBy=_CODE_COMBINATION_ID:asc&limit=3&q={q}"
        )))
        .await;
    let ids: Vec<i64> = items(&after)
        .iter()
        .map(|r| r["_CODE_COMBINATION_ID"].as_i64().unwrap())
        .collect();
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]) && ids[0] > id,
        "{ids:?}"
    );
    let q = enc("EnabledFlag = false");
    let disabled = api
        .ok(&api.fscm(&format!("accountCombinationsLOV?onlyData=true&q={q}")))
        .await;
    let d = &items(&disabled)[0];
    assert_eq!(d["EndDateActive"], "2024-12-31");
    let q = enc(&format!(
        "LastUpdateDate > '{}'",
        a["LastUpdateDate"].as_str().unwrap()
    ));
    let changed = api
        .ok(&api.fscm(&format!(
            "accountCombinationsLOV?onlyData=true&limit=500&q={q}"
        )))
        .await;
    assert!(items(&changed).iter().any(|r| r["EnabledFlag"] == false));
}
