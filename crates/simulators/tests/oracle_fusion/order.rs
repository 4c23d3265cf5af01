//! 5. order.

use crate::support::*;

#[tokio::test]
async fn order_by_ascending_descending_and_several_attributes() {
    let api = shared();
    let ids = |v: &Value| -> Vec<i64> {
        items(v)
            .iter()
            .map(|i| i["POHeaderId"].as_i64().unwrap())
            .collect()
    };
    let asc = ids(&api
        .ok(&api.fscm("purchaseOrders?orderBy=POHeaderId:asc&limit=50"))
        .await);
    assert!(asc.windows(2).all(|w| w[0] < w[1]));
    let desc = ids(&api
        .ok(&api.fscm("purchaseOrders?orderBy=POHeaderId:desc&limit=50"))
        .await);
    assert!(desc.windows(2).all(|w| w[0] > w[1]));
    let default_dir = ids(&api
        .ok(&api.fscm("purchaseOrders?orderBy=POHeaderId&limit=50"))
        .await);
    assert_eq!(default_dir, asc);
    let two = api
        .ok(&api.fscm("purchaseOrders?orderBy=CurrencyCode:desc,POHeaderId:asc&limit=500&fields=CurrencyCode,POHeaderId"))
        .await;
    let pairs: Vec<(String, i64)> = items(&two)
        .iter()
        .map(|i| {
            (
                i["CurrencyCode"].as_str().unwrap().to_string(),
                i["POHeaderId"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(
        pairs
            .windows(2)
            .all(|w| w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1))
    );
    assert_eq!(
        api.get(&api.fscm("purchaseOrders?orderBy=Nope:asc"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        api.get(&api.fscm("purchaseOrders?orderBy=POHeaderId:up"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn without_order_by_the_order_is_undetermined_but_seedable() {
    let api = shared();
    let first = |v: Value| -> Vec<i64> {
        items(&v)
            .iter()
            .map(|i| i["POHeaderId"].as_i64().unwrap())
            .collect()
    };
    let a = first(api.ok(&api.fscm("purchaseOrders?fields=POHeaderId")).await);
    let b = first(api.ok(&api.fscm("purchaseOrders?fields=POHeaderId")).await);
    assert_ne!(a, b, "two reads of the same page differ");
    // offset paging without a unique order skips and repeats rows
    let mut seen = Vec::new();
    for offset in (0..1200).step_by(100) {
        seen.extend(first(
            api.ok(&api.fscm(&format!(
                "purchaseOrders?fields=POHeaderId&limit=100&offset={offset}"
            )))
            .await,
        ));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert!(unique.len() < 1200, "unordered paging misses rows");
    // the same seed gives the same sequence of orders
    let (_s1, a1, _) = own(|c| c.seed = 9).await;
    let (_s2, a2, c2) = own(|c| c.seed = 9).await;
    let x = first(a1.ok(&a1.fscm("purchaseOrders?fields=POHeaderId")).await);
    let y = first(a2.ok(&a2.fscm("purchaseOrders?fields=POHeaderId")).await);
    assert_eq!(x, y);
    // key order on request
    c2.set_unordered(Unordered::KeyOrder, 0);
    let k1 = first(a2.ok(&a2.fscm("purchaseOrders?fields=POHeaderId")).await);
    let k2 = first(a2.ok(&a2.fscm("purchaseOrders?fields=POHeaderId")).await);
    assert_eq!(k1, k2);
    assert!(k1.windows(2).all(|w| w[0] < w[1]));
}

#[tokio::test]
async fn keyset_paging_by_the_primary_key_returns_every_order_once() {
    let api = shared();
    let mut last = 0i64;
    let mut all: Vec<i64> = Vec::new();
    loop {
        let page = api
            .ok(&api.fscm(&format!(
                "purchaseOrders?q={}&orderBy=POHeaderId:asc&limit=500&fields=POHeaderId&onlyData=true",
                enc(&format!("POHeaderId > {last}"))
            )))
            .await;
        let ids: Vec<i64> = items(&page)
            .iter()
            .map(|i| i["POHeaderId"].as_i64().unwrap())
            .collect();
        all.extend(&ids);
        if page["hasMore"] != true {
            break;
        }
        last = *ids.last().unwrap();
    }
    assert_eq!(all.len(), 1200);
    let mut u = all.clone();
    u.dedup();
    assert_eq!(u.len(), 1200);
}
