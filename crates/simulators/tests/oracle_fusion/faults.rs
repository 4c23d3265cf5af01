//! 22. faults, counters.

use crate::support::*;

#[tokio::test]
async fn injected_faults_maintenance_timeouts_and_server_errors() {
    let (_sb, api, control) = own(|_| {}).await;
    let url = api.fscm("purchaseOrders?limit=1");
    control.push_fault(Fault::Maintenance {
        body: String::new(),
        retry_after: Some(120),
    });
    control.push_fault(Fault::Timeout(Duration::from_millis(50)));
    control.push_fault(Fault::Status {
        status: 502,
        body: "Bad Gateway".into(),
    });
    control.push_fault(Fault::Status {
        status: 500,
        body: "Internal Server Error".into(),
    });
    control.push_fault(Fault::Reset);
    let r = api.get(&url).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.header("retry-after"), "120");
    let t = std::time::Instant::now();
    assert_eq!(api.get(&url).await.status, StatusCode::GATEWAY_TIMEOUT);
    assert!(t.elapsed() >= Duration::from_millis(50));
    assert_eq!(api.get(&url).await.status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        api.get(&url).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    let reset = match api.req(reqwest::Method::GET, &url).send().await {
        Err(_) => true,
        Ok(r) => r.text().await.is_err(),
    };
    assert!(reset, "the connection is dropped");
    assert_eq!(api.get(&url).await.status, StatusCode::OK);
    let c = control.counters();
    assert_eq!(c.faults["503"], 1);
    assert_eq!(c.faults["504"], 1);
    assert_eq!(c.faults["502"], 1);
    assert_eq!(c.faults["reset"], 1);
    // a random fault rate never answers 429 (Fusion documents none)
    control.set_fault_rate(100, 3);
    for _ in 0..20 {
        if let Ok(r) = api
            .req(reqwest::Method::GET, &url)
            .timeout(Duration::from_secs(5))
            .send()
            .await
        {
            assert_ne!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        }
    }
}

#[tokio::test]
async fn counters_count_calls_and_bytes_per_path() {
    let (_sb, api, control) = own(|_| {}).await;
    let url = api.fscm("purchaseOrders?limit=3");
    let a = api.get(&url).await;
    let b = api.get(&url).await;
    let c = control.counters();
    let path = "/fscmRestApi/resources/11.13.18.05/purchaseOrders";
    assert_eq!(c.requests[path], 2);
    assert_eq!(c.bytes[path], (a.text.len() + b.text.len()) as u64);
    assert_eq!(c.recent.last().unwrap().query, "limit=3");
    // and the same over the control API
    let over_http: Value = api
        .http
        .get(format!("{}/__sandbox/counters", api.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(over_http["requests"][path], 2);
    api.http
        .post(format!("{}/__sandbox/counters/reset", api.base))
        .send()
        .await
        .unwrap();
    assert!(control.counters().requests.is_empty());
}

#[tokio::test]
async fn a_configured_rate_limit_answers_429() {
    let (_sb, api, control) = own(|c| {
        c.rate_limit = Some(procura_simulators::oracle_fusion::RateLimit {
            requests: 1,
            window: Duration::from_secs(60),
            burst: 2,
        })
    })
    .await;
    let url = api.fscm("purchaseOrders?limit=1");
    assert_eq!(api.get(&url).await.status, StatusCode::OK);
    assert_eq!(api.get(&url).await.status, StatusCode::OK);
    assert_eq!(api.get(&url).await.status, StatusCode::TOO_MANY_REQUESTS);
    control.set_rate_limit(None);
    assert_eq!(api.get(&url).await.status, StatusCode::OK);
}
