//! 12. finders.

use crate::support::*;

#[tokio::test]
async fn finders_primary_key_and_find_by_intent() {
    let api = shared();
    let po = &items(&api.ok(&api.fscm("purchaseOrders?limit=1")).await)[0].clone();
    let id = po["POHeaderId"].as_i64().unwrap();
    let v = api
        .ok(&api.fscm(&format!("purchaseOrders?finder=PrimaryKey;POHeaderId={id}")))
        .await;
    assert_eq!(v["count"], 1);
    assert_eq!(items(&v)[0]["POHeaderId"], id);
    let v = api
        .ok(&api.fscm("purchaseOrders?finder=findByIntent;Intent=Buyer&limit=5"))
        .await;
    assert_eq!(v["count"], 5);
    for bad in [
        "findByIntent;Intent=Janitor",
        "NoSuchFinder;X=1",
        "PrimaryKey;OrderNumber=1",
    ] {
        assert_eq!(
            api.get(&api.fscm(&format!("purchaseOrders?finder={bad}")))
                .await
                .status,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
    let rates = api
        .ok(&api.fscm("currencyRates?finder=CurrencyRatesFinder;fromCurrency=EUR,toCurrency=USD,startDate=2025-12-01,endDate=2025-12-10"))
        .await;
    assert_eq!(rates["count"], 10);
    assert!(
        items(&rates)
            .iter()
            .all(|r| r["FromCurrency"] == "EUR" && r["ToCurrency"] == "USD")
    );
}
