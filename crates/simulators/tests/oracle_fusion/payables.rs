//! Payables.

use crate::support::*;

#[tokio::test]
async fn invoices_are_created_from_oracles_documented_example() {
    let (_sb, api, _c) = own(|c| c.purchase_orders = 400).await;
    // The body of Oracle's guide "Create an Invoice with a PO Matched Line and Freight Line".
    let body = json!({
        "InvoiceNumber": "1000183-3", "InvoiceCurrency": "USD", "InvoiceAmount": "130.80",
        "InvoiceDate": "2019-08-01", "BusinessUnit": "Vision Operations",
        "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO",
        "InvoiceGroup": "2019-08-01", "Description": "Supplies",
        "invoiceLines": [
            {"LineNumber": "1", "LineType": "Item", "Quantity": "1", "UnitPrice": "100.25", "LineAmount": "100.25",
             "PurchaseOrderNumber": "1000183", "PurchaseOrderLineNumber": "1", "PurchaseOrderScheduleLineNumber": "1"},
            {"LineNumber": "2", "LineType": "Freight", "LineAmount": "30.55"}
        ]
    });
    let r = api.post(&api.fscm("invoices"), &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let inv = r.json();
    assert_eq!(inv["InvoiceAmount"], 130.8);
    assert_eq!(inv["PaymentCurrency"], "USD");
    assert_eq!(inv["AccountingDate"].as_str().unwrap().len(), 10);
    assert_eq!(inv["ValidationStatus"], "Not validated");
    let id = inv["InvoiceId"].as_i64().unwrap();
    // the created children come back with the item (a collection under v4)
    let lines = &inv["invoiceLines"]["items"];
    assert_eq!(lines[0]["LineNumber"], 1);
    assert_eq!(lines[1]["LineAmount"], 30.55);
    // the unmatched project example, then the extra line with a project DFF
    let project = json!({
        "InvoiceNumber": "AND_Unmatched_Project_Invoice1", "InvoiceCurrency": "USD", "InvoiceAmount": 2212.75,
        "InvoiceDate": "2020-08-01", "BusinessUnit": "Vision Operations", "Supplier": "Advanced Network Devices",
        "SupplierSite": "FRESNO", "InvoiceGroup": "Aug2020", "Description": "Office Supplies",
        "invoiceLines": [{"LineNumber": 1, "LineAmount": 2212.75, "DistributionCombination": "01-000-7110-0000-000",
            "TaxClassification": "EXP STD",
            "invoiceLineProjectDff": [{"_PROJECT_ID_Display": "BAT-PJCBAT-Proj-02", "_TASK_ID_Display": "1.2",
                "_EXPENDITURE_ITEM_DATE": "2020-08-01", "_EXPENDITURE_TYPE_ID_Display": "Architects Fees",
                "_ORGANIZATION_ID_Display": "Vision Operations"}]}]
    });
    let r = api.post(&api.fscm("invoices"), &project).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let pid = r.json()["InvoiceId"].as_i64().unwrap();
    let extra = json!({"LineNumber": 2, "LineAmount": 112.75, "DistributionCombination": "01-000-7640-0000-000",
        "invoiceLineProjectDff": [{"_PROJECT_ID_Display": "BAT-PJCBAT-Proj-02", "_TASK_ID_Display": "1.2",
            "_EXPENDITURE_ITEM_DATE": "2020-09-01", "_EXPENDITURE_TYPE_ID_Display": "Airfare", "_ORGANIZATION_ID_Display": "Vision Operations"}]});
    let r = api
        .post(
            &api.fscm(&format!("invoices/{pid}/child/invoiceLines")),
            &extra,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert!(r.header("location").ends_with(&hash_long_int(pid, 2)));
    let dff = api
        .ok(&api.fscm(&format!(
            "invoices/{pid}/child/invoiceLines/{}/child/invoiceLineProjectDff",
            hash_long_int(pid, 2)
        )))
        .await;
    assert_eq!(items(&dff)[0]["_EXPENDITURE_TYPE_ID_Display"], "Airfare");
    // the same number for the same supplier again is a duplicate
    assert_eq!(
        api.post(&api.fscm("invoices"), &body).await.status,
        StatusCode::BAD_REQUEST
    );
    // bad names and accounts are 400s
    let mut bad = body.clone();
    bad["InvoiceNumber"] = json!("X-1");
    bad["invoiceLines"][0]["PurchaseOrderNumber"] = json!("999999999");
    assert_eq!(
        api.post(&api.fscm("invoices"), &bad).await.status,
        StatusCode::BAD_REQUEST
    );
    // validate, cancel, delete
    let r = api
        .action(
            &api.fscm(&format!("invoices/{id}/action/validateInvoice")),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        api.ok(&api.fscm(&format!("invoices/{id}"))).await["ValidationStatus"],
        "Validated"
    );
    let r = api
        .send(api.req(
            reqwest::Method::DELETE,
            &api.fscm(&format!(
                "invoices/{pid}/child/invoiceLines/{}",
                hash_long_int(pid, 2)
            )),
        ))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = api
        .send(api.req(
            reqwest::Method::DELETE,
            &api.fscm(&format!("invoices/{pid}")),
        ))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        api.get(&api.fscm(&format!("invoices/{pid}"))).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn requisitions_and_items_are_written_too() {
    let (_sb, api, _c) = own(|_| {}).await;
    let r = api
        .post(
            &api.fscm("purchaseRequisitions"),
            &json!({"RequisitioningBUId": 204, "ExternallyManagedFlag": false, "Description": "Laptops",
                    "lines": [{"LineNumber": 1, "LineTypeCode": "Goods", "CategoryName": "Computer Hardware",
                               "ItemDescription": "Laptop 14in", "Quantity": 2, "Price": 1450, "UOM": "Each"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let req = r.json();
    assert_eq!(req["DocumentStatusCode"], "INCOMPLETE");
    assert_eq!(req["RequisitioningBU"], "Vision Operations");
    assert_eq!(req["Preparer"], "Pat Stock");
    let loc = r.header("location").to_string();
    let r = api
        .action(&format!("{loc}/action/submit"), &json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(api.ok(&loc).await["DocumentStatusCode"], "APPROVED");
    assert_eq!(
        api.send(api.req(reqwest::Method::DELETE, &loc))
            .await
            .status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    let r = api
        .post(&api.fscm("itemsV2"), &json!({"ItemNumber": "NEW-1", "OrganizationCode": "M1", "ItemClass": "Root Item Class", "ItemDescription": "New widget"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let item = r.json();
    assert_eq!(item["OrganizationId"], 207);
    assert!(
        r.header("location")
            .contains("/itemsV2/00020000000EACED00057708")
    );
    let r = api
        .patch(
            r.header("location"),
            &json!({"ItemDescription": "Newer widget"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["ItemDescription"], "Newer widget");
}
