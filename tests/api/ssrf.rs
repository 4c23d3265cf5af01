//! Server-side request forgery: the gateway reaches the tenant's configured host and
//! nothing else. Redirects from "Coupa" to another host are neither followed nor passed
//! on; base URLs that could point elsewhere are refused at load. (Proxy path escapes are
//! in `gateway::proxy_refuses_every_escape_and_sends_nothing`; DNS pinning is unit-tested
//! in `coupa::dns`.)

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use gateway::config::Config;
use serde_json::{Value, json};
use simulators::coupa::Fault;

use crate::common::*;

/// A server that counts every request it gets: the host no request may reach.
async fn canary() -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = Router::new().fallback(move || {
        let counter = counter.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            "stolen"
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), hits)
}

#[tokio::test]
async fn redirects_to_another_host_are_not_followed_or_passed_on() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let (canary, hits) = canary().await;
    let c = env.control();
    let po = c.ids("purchase_orders")[0];
    let targets = [
        format!("{canary}/steal"),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        "//evil.example/x".to_string(),
    ];
    let calls: Vec<(reqwest::Method, String, Option<Value>)> = vec![
        (
            reqwest::Method::GET,
            "/unified/procurement/purchase_orders?limit=5".into(),
            None,
        ),
        (
            reqwest::Method::GET,
            format!("/unified/procurement/purchase_orders/{po}"),
            None,
        ),
        (
            reqwest::Method::POST,
            "/unified/procurement/suppliers".into(),
            Some(json!({"name": "Redirected Supplier"})),
        ),
        (
            reqwest::Method::GET,
            "/proxy/api/purchase_orders".into(),
            None,
        ),
        (
            reqwest::Method::POST,
            "/proxy/api/suppliers".into(),
            Some(json!({"name": "Redirected"})),
        ),
    ];
    for target in &targets {
        for (method, path, body) in &calls {
            c.push_fault(Fault::Redirect {
                location: target.clone(),
            });
            let mut r = env.req(method.clone(), "acme", path);
            if let Some(b) = body {
                r = r.json(b);
            }
            let r = r.send().await.unwrap();
            let status = r.status().as_u16();
            let location = r.headers().get("location").cloned();
            let text = r.text().await.unwrap();
            assert_eq!(
                status, 502,
                "{method} {path} redirected to {target}: {text}"
            );
            assert!(
                location.is_none(),
                "{path}: the foreign location was passed on"
            );
            let problem: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(problem["upstream_status"], 302, "{text}");
        }
    }
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "the canary host was reached"
    );

    // A redirect within the tenant's own host is Coupa's business: passed through.
    let no_follow = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let proxied = || {
        no_follow
            .get(format!("{}/proxy/api/purchase_orders", env.gateway))
            .bearer_auth(key_of("acme"))
            .header("x-tenant-id", "acme")
    };
    c.push_fault(Fault::Redirect {
        location: format!("{}/api/purchase_orders?offset=50", env.sandbox.base_url()),
    });
    let r = proxied().send().await.unwrap();
    assert_eq!(r.status(), 302);
    c.push_fault(Fault::Redirect {
        location: "/api/purchase_orders?offset=50".into(),
    });
    let r = proxied().send().await.unwrap();
    assert_eq!(r.status(), 302);
}

#[test]
fn base_urls_that_could_lead_elsewhere_are_refused_at_load() {
    let cases = [
        ("http://acme.coupahost.com", "https"),
        ("https://user:pw@acme.coupahost.com", "user info"),
        ("https://acme.coupahost.com?next=http://evil", "query"),
        ("https://acme.coupahost.com#frag", "fragment"),
        ("file:///etc/passwd", "host"),
        ("gopher://127.0.0.1:6379/_FLUSHALL", "scheme"),
        ("http://169.254.169.254", "https"),
        ("not a url", "URL"),
    ];
    for (url, reason) in cases {
        let text = format!(
            "[server]\ncursor_secret = \"0123456789abcdef\"\n\n[[api_keys]]\nkey = \"k\"\ntenants = [\"acme\"]\n\n\
             [[tenants]]\nid = \"acme\"\nbase_url = \"{url}\"\nclient_id = \"c\"\nclient_secret = \"s\"\n"
        );
        let err = Config::from_toml(&text, Path::new("p.toml"), Path::new("."), &|_| None)
            .err()
            .unwrap_or_else(|| panic!("{url} was accepted"))
            .to_string();
        assert!(
            err.contains("base_url") && err.contains(reason),
            "{url}: {err}"
        );
    }
}
