//! 23. metadata.

use crate::support::*;

#[tokio::test]
async fn context_root_lists_framework_versions_and_describe_lists_attributes() {
    let (_sb, api, control) = own(|_| {}).await;
    let root = api.ok(&format!("{}/fscmRestApi/resources", api.base)).await;
    let item = &items(&root)[0];
    assert_eq!(item["version"], "11.13.18.05");
    assert_eq!(item["isLatest"], true);
    assert_eq!(item["adf:extension"]["defaultFrameworkVersion"], "1");
    assert_eq!(
        item["adf:extension"]["allowedFrameworkVersions"],
        json!(["1", "2", "3", "4", "5", "6"])
    );
    control.set_framework_versions(3, 4);
    let root = api.ok(&format!("{}/hcmRestApi/resources", api.base)).await;
    assert_eq!(
        items(&root)[0]["adf:extension"]["defaultFrameworkVersion"],
        "3"
    );
    assert_eq!(
        items(&root)[0]["adf:extension"]["allowedFrameworkVersions"],
        json!(["1", "2", "3", "4"])
    );
    // the default now applies to requests without the header
    let v3 = api
        .v(None)
        .ok(&api.fscm("purchaseOrders?limit=1&expand=lines"))
        .await;
    assert!(items(&v3)[0]["lines"].is_object());
    let d = api.ok(&api.fscm("invoices/describe")).await;
    let inv = &d["Resources"]["invoices"];
    assert_eq!(inv["title"], "Invoices");
    let attrs = inv["attributes"].as_array().unwrap();
    let id = attrs.iter().find(|a| a["name"] == "InvoiceId").unwrap();
    assert_eq!(
        (id["type"].as_str(), id["updatable"].as_bool()),
        (Some("integer"), Some(false))
    );
    let amount = attrs.iter().find(|a| a["name"] == "InvoiceAmount").unwrap();
    assert_eq!(amount["type"], "number");
    assert_eq!(
        attrs.iter().find(|a| a["name"] == "InvoiceDate").unwrap()["type"],
        "date"
    );
    assert_eq!(
        attrs
            .iter()
            .find(|a| a["name"] == "LastUpdateDate")
            .unwrap()["type"],
        "datetime"
    );
    assert!(
        inv["children"]["invoiceLines"]["children"]["invoiceDistributions"]["attributes"]
            .is_array()
    );
    let actions: Vec<&str> = inv["item"]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"validateInvoice") && actions.contains(&"update"));
    let all = api.ok(&api.fscm("describe")).await;
    assert!(
        all["Resources"]["purchaseOrders"].is_object() && all["Resources"].get("workers").is_none()
    );
}
