//! 13. formats.

use crate::support::*;

#[tokio::test]
async fn ids_are_integers_money_numbers_dates_and_timestamps_fusion_shaped() {
    let api = shared().v(Some(3));
    let page = api
        .ok(&api.fscm("purchaseOrders?limit=50&expand=lines.schedules"))
        .await;
    for po in items(&page) {
        assert!(po["POHeaderId"].is_i64());
        assert!(po["SupplierId"].is_i64());
        assert!(po["Total"].is_number());
        assert!(po["OrderNumber"].is_string());
        let d = po["OrderedDate"].as_str().unwrap();
        assert_eq!(d.len(), 10);
        let ts = po["LastUpdateDate"].as_str().unwrap();
        assert!(
            ts.len() == 29 && ts.ends_with("+00:00") && &ts[10..11] == "T",
            "{ts}"
        );
        assert!(po["CreationDate"].as_str().unwrap() <= ts);
        for line in items(&po["lines"]) {
            assert!(
                line["Price"].is_number()
                    && line["Quantity"].is_number()
                    && line["Amount"].is_number()
            );
            assert!(line["NegotiatedFlag"].is_boolean());
        }
    }
    let nulls = items(&page)
        .iter()
        .filter(|p| p["SupplierOrder"].is_null())
        .count();
    assert_eq!(nulls, 50, "unset values are null, not missing");
}
