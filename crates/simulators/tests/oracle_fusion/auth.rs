//! 19–20. authentication.

use crate::support::*;

#[tokio::test]
async fn basic_auth_and_401_and_403() {
    let (_sb, api, control) = own(|c| {
        c.users.push(FusionUser {
            username: "ap.clerk".into(),
            password: "Secret1".into(),
            privileges: Some(vec!["AP_MANAGE_PAYABLES_INVOICES_REST_PRIV".into()]),
        });
    })
    .await;
    let url = api.fscm("purchaseOrders?limit=1");
    let anon = api.http.get(&url).send().await.unwrap();
    assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(anon.text().await.unwrap(), "", "401 has no body");
    let wrong = api
        .http
        .get(&url)
        .basic_auth(DEFAULT_USER, Some("nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let case = api
        .http
        .get(&url)
        .basic_auth("PAT.STOCK", Some(DEFAULT_PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(
        case.status(),
        StatusCode::OK,
        "user names are case-insensitive"
    );
    let clerk = |u: &str| {
        api.http
            .get(u)
            .basic_auth("ap.clerk", Some("Secret1"))
            .header("REST-Framework-Version", "4")
    };
    assert_eq!(
        clerk(&api.fscm("invoices?limit=1"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let r = clerk(&url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("PO_VIEW_PURCHASE_ORDERS_REST_PRIV")
    );
    control.remove_user("ap.clerk");
    assert_eq!(
        clerk(&api.fscm("invoices?limit=1"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

pub(crate) async fn token(
    api: &Api,
    form: &[(&str, &str)],
    client: (&str, &str),
) -> reqwest::Response {
    api.http
        .post(format!("{}/oauth2/v1/token", api.base))
        .basic_auth(client.0, Some(client.1))
        .form(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn oauth_client_credentials_tokens_act_as_the_integration_user() {
    let (sb, api, control) = own(|_| {}).await;
    let scope = sb.scope();
    assert_eq!(
        scope,
        "urn:opc:resource:fa:instanceid=sandbox0001urn:opc:resource:consumer::all"
    );
    let r = token(
        &api,
        &[("grant_type", "client_credentials"), ("scope", &scope)],
        (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 3600);
    let access = t["access_token"].as_str().unwrap().to_string();
    assert_eq!(access.split('.').count(), 3, "a JWT");
    let url = api.fscm("purchaseOrders?limit=1");
    let ok = api
        .http
        .get(&url)
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let bad = api
        .http
        .get(&url)
        .bearer_auth("eyJ.nope.x")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
    // form-field client authentication works too
    let r = api
        .http
        .post(sb.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", scope.as_str()),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", DEFAULT_CLIENT_SECRET),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // wrong secret, wrong scope, wrong grant
    let r = token(
        &api,
        &[("grant_type", "client_credentials"), ("scope", &scope)],
        (DEFAULT_CLIENT_ID, "x"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_client");
    let r = token(
        &api,
        &[
            ("grant_type", "client_credentials"),
            ("scope", "urn:opc:resource:consumer::all"),
        ],
        (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_scope");
    let r = token(
        &api,
        &[("grant_type", "authorization_code"), ("scope", &scope)],
        (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    )
    .await;
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "unsupported_grant_type"
    );
    // revoked tokens stop working; grants are counted per client
    assert_eq!(control.counters().token_grants[DEFAULT_CLIENT_ID], 2);
    control.revoke_tokens();
    let gone = api
        .http
        .get(&url)
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn oauth_jwt_assertions_and_passwords_act_as_their_user_and_tokens_expire() {
    let (sb, api, _c) = own(|c| {
        c.token_ttl = Duration::from_millis(300);
        c.users.push(FusionUser {
            username: "ap.clerk".into(),
            password: "Secret1".into(),
            privileges: Some(vec!["AP_MANAGE_PAYABLES_INVOICES_REST_PRIV".into()]),
        });
    })
    .await;
    use base64::Engine;
    let b64 = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let assertion = format!(
        "{}.{}.c2ln",
        b64(json!({"alg": "RS256", "typ": "JWT"})),
        b64(
            json!({"iss": DEFAULT_CLIENT_ID, "sub": "ap.clerk", "aud": ["https://identity.oraclecloud.com/"]})
        )
    );
    let scope = sb.scope();
    let r = token(
        &api,
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ("assertion", &assertion),
            ("scope", &scope),
        ],
        (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let access = r.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let as_clerk = |u: String| api.http.get(u).bearer_auth(access.clone()).send();
    assert_eq!(
        as_clerk(api.fscm("invoices?limit=1"))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        as_clerk(api.fscm("purchaseOrders?limit=1"))
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        as_clerk(api.fscm("invoices?limit=1"))
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let r = token(
        &api,
        &[
            ("grant_type", "password"),
            ("username", "ap.clerk"),
            ("password", "wrong"),
            ("scope", &scope),
        ],
        (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_identity_domain_rate_limits_token_requests() {
    let (sb, api, _c) = own(|c| {
        c.token_rate_limit = Some(procura_simulators::oracle_fusion::RateLimit {
            requests: 2,
            window: Duration::from_secs(60),
            burst: 2,
        })
    })
    .await;
    let scope = sb.scope();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(
            token(
                &api,
                &[("grant_type", "client_credentials"), ("scope", &scope)],
                (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
            )
            .await
            .status(),
        );
    }
    assert_eq!(
        statuses,
        [
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}
