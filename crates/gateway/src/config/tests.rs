//! The config loader's unit tests: interpolation, validation and the errors it names.

use super::*;

const GOOD: &str = r#"
[server]
cursor_secret = "${SECRET}"

[[api_keys]]
key = "backend-key-1"
tenants = ["acme"]

[[tenants]]
id = "acme"
base_url = "https://acme.coupahost.com"
client_id = "cid"
client_secret = "${ACME_SECRET}"
"#;

fn env(name: &str) -> Option<String> {
    match name {
        "SECRET" => Some("0123456789abcdef0123".into()),
        "ACME_SECRET" => Some("s3cret-value".into()),
        _ => None,
    }
}

fn load(text: &str) -> Result<Config, ConfigError> {
    Config::from_toml(
        text,
        Path::new("procura.toml"),
        Path::new("/etc/procura"),
        &env,
    )
}

#[test]
fn interpolates_and_resolves_paths() {
    let c = load(GOOD).unwrap();
    assert_eq!(c.tenants[0].client_secret.expose(), "s3cret-value");
    assert_eq!(c.mappings.base_dir, Path::new("/etc/procura/mappings"));
    assert!(!format!("{c:?}").contains("s3cret-value"));
}

#[test]
fn an_interpolated_value_is_never_quoted_in_an_error() {
    let text = GOOD.replace(
        "cursor_secret = \"${SECRET}\"",
        "cursor_secret = \"${SECRET}\"\nmax_page_size = \"${ACME_SECRET}\"",
    );
    assert_ne!(text, GOOD);
    let e = load(&text).unwrap_err().to_string();
    assert!(!e.contains("s3cret-value"), "{e}");
    assert!(e.contains("[redacted]"), "{e}");
}

#[test]
fn missing_variable_names_file_key_and_variable() {
    let e = load(&GOOD.replace("${ACME_SECRET}", "${NOPE}"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "procura.toml: tenants[0].client_secret: environment variable NOPE is not set"
    );
}

#[test]
fn plain_http_only_for_loopback() {
    let e = load(&GOOD.replace("https://acme.coupahost.com", "http://acme.coupahost.com"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("tenants[0].base_url") && e.contains("https"),
        "{e}"
    );
    assert!(load(&GOOD.replace("https://acme.coupahost.com", "http://127.0.0.1:9090")).is_ok());
    assert!(load(&GOOD.replace("https://acme.coupahost.com", "http://localhost:9")).is_ok());
}

#[test]
fn duplicate_tenant_and_unknown_tenant_in_key() {
    let dup = format!(
        "{GOOD}\n[[tenants]]\nid = \"acme\"\nbase_url = \"https://x.example\"\nclient_id = \"c\"\nclient_secret = \"s\"\n"
    );
    assert!(
        load(&dup)
            .unwrap_err()
            .to_string()
            .contains("duplicate tenant id")
    );
    let unknown = GOOD.replace("tenants = [\"acme\"]", "tenants = [\"globex\"]");
    let e = load(&unknown).unwrap_err().to_string();
    assert!(
        e.contains("api_keys[0].tenants") && e.contains("globex"),
        "{e}"
    );
}

const ORACLE_OAUTH: &str = r#"
[server]
cursor_secret = "${SECRET}"

[[tenants]]
id = "initech"
provider = "oracle_fusion"
base_url = "https://initech.fa.us2.oraclecloud.com"
auth = { kind = "oauth", token_url = "https://idcs-1.identity.oraclecloud.com/oauth2/v1/token", client_id = "cid", client_secret = "${ACME_SECRET}", scope = "urn:opc:resource:fa:instanceid=1urn:opc:resource:consumer::all" }
"#;

#[test]
fn oracle_tenant_mistakes_name_their_key() {
    assert!(load(ORACLE_OAUTH).is_ok());
    let cases = [
        (
            ORACLE_OAUTH.replace(
                "base_url = \"https://initech.fa.us2.oraclecloud.com\"\n",
                "",
            ),
            "tenants[0].base_url",
            "is required",
        ),
        (
            ORACLE_OAUTH.replace(
                "token_url = \"https://idcs-1.identity.oraclecloud.com/oauth2/v1/token\", ",
                "",
            ),
            "tenants[0].auth.token_url",
            "token endpoint",
        ),
        (
            ORACLE_OAUTH.replace(
                ", scope = \"urn:opc:resource:fa:instanceid=1urn:opc:resource:consumer::all\"",
                "",
            ),
            "tenants[0].auth.scope",
            "is required",
        ),
        (
            ORACLE_OAUTH.replace(
                "urn:opc:resource:fa:instanceid=1urn:opc:resource:consumer::all",
                " ",
            ),
            "tenants[0].auth.scope",
            "is required",
        ),
        (
            ORACLE_OAUTH.replace("\"oracle_fusion\"", "\"oracle\""),
            "tenants[0].provider",
            "coupa, oracle_fusion",
        ),
        (
            ORACLE_OAUTH.replace("kind = \"oauth\"", "kind = \"saml\""),
            "tenants[0].auth.kind",
            "\"oauth\"",
        ),
        (
            ORACLE_OAUTH.replace("client_id = \"cid\", ", ""),
            "tenants[0].auth.client_id",
            "is required",
        ),
    ];
    for (text, key, words) in cases {
        assert_ne!(text, ORACLE_OAUTH, "{key}: the case changes the config");
        let e = load(&text).unwrap_err();
        assert_eq!(e.key, key, "{e}");
        assert!(e.reason.contains(words), "{e}");
        assert!(!e.to_string().contains("s3cret-value"), "{e}");
    }
    // An Oracle tenant without auth.
    let no_auth: String = ORACLE_OAUTH
        .lines()
        .filter(|l| !l.starts_with("auth = "))
        .map(|l| format!("{l}\n"))
        .collect();
    let e = load(&no_auth).unwrap_err();
    assert_eq!(e.key, "tenants[0].auth", "{e}");
    assert!(e.reason.contains("kind = \"oauth\""), "{e}");
}

#[test]
fn unknown_key_is_named() {
    let e = load(&GOOD.replace("[server]", "[server]\nlisen = \"x\""))
        .unwrap_err()
        .to_string();
    assert!(e.contains("lisen"), "{e}");
}

#[test]
fn body_and_record_bounds_are_checked() {
    let c = load(GOOD).unwrap();
    assert_eq!(c.server.max_upstream_body_bytes, 64 * 1024 * 1024);
    assert_eq!(c.server.max_buffered_body_bytes, 64 * 1024 * 1024);
    assert_eq!(c.state.idempotency_max_bytes, 64 * 1024 * 1024);
    assert_eq!(c.state.idempotency_max_record_bytes, 1024 * 1024);
    for (extra, key) in [
        (
            "[server]\nmax_upstream_body_bytes = 10",
            "server.max_upstream_body_bytes",
        ),
        (
            "[server]\nbody_limit_bytes = 2000000\nmax_buffered_body_bytes = 1000000",
            "server.max_buffered_body_bytes",
        ),
        (
            "[server]\nmax_buffered_body_bytes = 5000000000",
            "server.max_buffered_body_bytes",
        ),
        (
            "[state]\nidempotency_max_record_bytes = 100",
            "state.idempotency_max_record_bytes",
        ),
        (
            "[state]\nidempotency_max_bytes = 2048\nidempotency_max_record_bytes = 4096",
            "state.idempotency_max_bytes",
        ),
    ] {
        let text = if let Some(server) = extra.strip_prefix("[server]\n") {
            GOOD.replace("[server]", &format!("[server]\n{server}"))
        } else {
            format!("{GOOD}\n{extra}\n")
        };
        let e = load(&text).unwrap_err().to_string();
        assert!(e.contains(key), "{extra}: {e}");
    }
}

#[test]
fn file_backend_needs_a_path_and_a_key_and_is_resolved_against_the_config() {
    const ENC: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    let with = |state: &str| load(&format!("{GOOD}\n[state]\n{state}"));
    let c = with(&format!(
        "backend = \"file:state/procura.redb\"\nencryption_key = \"{ENC}\""
    ))
    .unwrap();
    assert_eq!(
        c.state.backend.expose(),
        "file:/etc/procura/state/procura.redb"
    );
    let e = with("backend = \"file:/var/lib/procura.redb\"")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("state.encryption_key") && e.contains("required with a file backend"),
        "{e}"
    );
    let e = with(&format!("backend = \"file:\"\nencryption_key = \"{ENC}\""))
        .unwrap_err()
        .to_string();
    assert!(e.contains("state.backend") && e.contains("path"), "{e}");
    let e = with("backend = \"postgres://x\"").unwrap_err().to_string();
    assert!(e.contains("file:PATH"), "{e}");
}

/// A runtime tenant is checked alone, whatever the config's subscriptions name.
#[test]
fn a_runtime_tenant_is_checked_beside_subscriptions_of_other_tenants() {
    const SUB: &str = "[[subscriptions]]\nid = \"acme-orders\"\ntenant = \"acme\"\nresources = [\"purchase_orders\"]\nurl = \"https://backend.example.com/events\"\nsecret = \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"\n";
    let c = load(&format!("{GOOD}\n{SUB}")).unwrap();
    let mut t = c.tenants[0].clone();
    t.id = "globex".into();
    t.base_url = "https://globex.coupahost.com".into();
    assert_eq!(c.check_runtime_tenant(&t), Ok(()));
}

#[test]
fn subscriptions_are_checked_field_by_field() {
    const SUB: &str = "[[subscriptions]]\nid = \"acme-orders\"\ntenant = \"acme\"\nresources = [\"purchase_orders\"]\nurl = \"https://backend.example.com/events\"\nsecret = \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"\n";
    let c = load(&format!("{GOOD}\n{SUB}")).unwrap();
    let s = &c.subscriptions[0];
    assert_eq!(s.events, ["created", "updated", "deleted"]);
    assert_eq!(
        (s.interval_secs, s.deletion_sweep_secs, s.retry_for_secs),
        (60, 3600, 86400)
    );
    for (change, key, reason) in [
        (
            "tenant = \"acme\"",
            "tenant = \"globex\"",
            "subscriptions[0].tenant",
        ),
        (
            "url = \"https://backend.example.com/events\"",
            "url = \"http://backend.example.com/events\"",
            "subscriptions[0].url",
        ),
        (
            "secret = \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"",
            "secret = \"plain-secret\"",
            "subscriptions[0].secret",
        ),
        (
            "resources = [\"purchase_orders\"]",
            "resources = []",
            "subscriptions[0].resources",
        ),
        (
            "id = \"acme-orders\"",
            "id = \"acme orders\"",
            "subscriptions[0].id",
        ),
        (
            "id = \"acme-orders\"",
            "id = \"acme-orders\"\nevents = [\"archived\"]",
            "subscriptions[0].events",
        ),
        (
            "id = \"acme-orders\"",
            "id = \"acme-orders\"\nevents = [\"created\", \"created\"]",
            "subscriptions[0].events",
        ),
        (
            "id = \"acme-orders\"",
            "id = \"acme-orders\"\ninterval_secs = 1",
            "subscriptions[0].interval_secs",
        ),
        (
            "id = \"acme-orders\"",
            "id = \"acme-orders\"\ndeletion_sweep_secs = 5",
            "subscriptions[0].deletion_sweep_secs",
        ),
    ] {
        let text = format!("{GOOD}\n{}", SUB.replace(change, key));
        let e = load(&text).unwrap_err().to_string();
        assert!(e.contains(reason), "{key}: {e}");
        assert!(!e.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "{e}");
    }
    let twice = format!("{GOOD}\n{SUB}\n{SUB}");
    let e = load(&twice).unwrap_err().to_string();
    assert!(
        e.contains("subscriptions[1].id") && e.contains("duplicate"),
        "{e}"
    );
    // Tests and sandboxes may lower the minimum interval explicitly.
    let low = format!(
        "{}\n{}",
        GOOD.replace("[server]", "[server]\nsubscription_min_interval_secs = 1"),
        SUB.replace(
            "id = \"acme-orders\"",
            "id = \"acme-orders\"\ninterval_secs = 1"
        )
    );
    assert_eq!(load(&low).unwrap().subscriptions[0].interval_secs, 1);
}

#[test]
fn runtime_subscriptions_are_held_to_subscription_hosts() {
    let text =
        format!("{GOOD}\n[studio]\nsubscription_hosts = [\"*.example.com\", \"127.0.0.1\"]\n");
    let c = load(&text).unwrap();
    let tenants: HashSet<&str> = ["acme"].into_iter().collect();
    let sub = |url: &str| SubscriptionConfig {
        id: "rt".into(),
        tenant: "acme".into(),
        resources: vec!["purchase_orders".into()],
        events: default_events(),
        url: url.into(),
        secret: Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        interval_secs: 60,
        deletion_sweep_secs: 3600,
        retry_for_secs: 86400,
    };
    for ok in [
        "https://hooks.example.com/x",
        "http://127.0.0.1:8000/events",
    ] {
        assert_eq!(c.check_runtime_subscription(&sub(ok), &tenants), Ok(()));
    }
    for bad in [
        "https://example.com.evil.net/x",
        "https://169.254.169.254/latest",
        "http://localhost:8000/events",
    ] {
        let (field, reason) = c
            .check_runtime_subscription(&sub(bad), &tenants)
            .unwrap_err();
        assert_eq!(field, "url", "{bad}");
        assert!(reason.contains("subscription_hosts"), "{bad}: {reason}");
    }
    let mut unknown = sub("https://hooks.example.com/x");
    unknown.tenant = "globex".into();
    assert_eq!(
        c.check_runtime_subscription(&unknown, &tenants)
            .unwrap_err()
            .0,
        "tenant"
    );
}

#[test]
fn syntax_error_names_line() {
    let e = load("[server\n").unwrap_err().to_string();
    assert!(e.starts_with("procura.toml: line 1"), "{e}");
}

#[test]
fn key_sha256_matches_plain_key() {
    let digest = hex::encode(Sha256::digest(b"backend-key-1"));
    let c = load(&GOOD.replace(
        "key = \"backend-key-1\"",
        &format!("key_sha256 = \"{digest}\""),
    ))
    .unwrap();
    assert_eq!(
        c.api_keys[0].digest(),
        Sha256::digest(b"backend-key-1").as_slice()
    );
}
