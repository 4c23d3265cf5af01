//! The logs of the whole test run hold no secret: no client secret, Coupa or Oracle access token,
//! API key, cursor or webhook secret, whatever the test did (admin calls, errors, panics,
//! bad credentials, child processes). CI runs the suite with `PROCURA_TEST_LOG` set, which
//! sends every log line of every gateway and sandbox to one file, then runs this scan:
//! `cargo test --test api secrets -- --ignored`.

use crate::common::*;

/// Every secret the tests (and the demo they run) hand to a gateway or sandbox;
/// `the_scan_knows_every_secret_the_tests_use` keeps the list complete.
const SECRETS: &[&str] = &[
    "sandbox-secret",
    "globex-secret-never-shared",
    "definitely-wrong-secret-77",
    "wrong-secret",
    "late-secret",
    "narrow-secret",
    "webhook-secret",
    "test-cursor-secret-0123456789",
    ADMIN_KEY,
    ALL_KEY,
    "key-for-",
    "ops-test-api-key-5f2a",
    "ops-test-admin-key-91c3",
    "ops-test-cursor-secret-123456",
    "soak-test-api-key-7d1e",
    "soak-cursor-secret-0123456789",
    "scale-test-api-key-0001",
    "scale-test-cursor-secret-0001",
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
    "providers-test-key-0001",
    "providers-cursor-secret-0123456789",
    "chaos-cursor-secret-0123456789",
    "read-schema-cursor-secret-0123",
    "oracle-oauth-key-0001",
    "oracle-oauth-cursor-secret-0123",
    "cli-config-cursor-secret-01",
    "cli-test-secret",
    "Welcome1",
    // The Basic credentials of the Oracle tenants, as they travel.
    "cGF0LnN0b2NrOldlbGNvbWUx",
    "procura-demo-cursor-secret",
    "notify-test-cursor-secret-01",
    // The notify tests' subscription secret (whsec_ and base64 of the key).
    "dGVzdC1zdWJzY3JpcHRpb24tc2VjcmV0LTMyYnl0ZXM",
    // The secret of the subscriptions the notify tests create at runtime.
    "cnVudGltZS1zdWJzY3JpcHRpb24tc2VjcmV0LTMyYnk",
    "notify-admin-key-",
    "a-cursor-secret-0123456789",
    "a-test-key-0001",
    "not-a-key-at-all",
];

/// String literals in the test sources that look like credentials and are not secrets
/// handed to a gateway (names of settings, parts of messages).
const NOT_SECRETS: &[&str] = &[
    "client_secret",
    "cursor_secret",
    "server.cursor_secret",
    "key_sha256",
];

/// Adding a secret to a test without adding it to [`SECRETS`] fails here: every string
/// literal of the test sources, the demo and the test-config builder that looks like a
/// secret (`…secret…`, `…-key-…`, a password) is in the list.
#[test]
fn the_scan_knows_every_secret_the_tests_use() {
    let mut sources = Vec::new();
    for dir in ["tests/api", "src"] {
        for entry in std::fs::read_dir(repo().join(dir)).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "rs") && !p.ends_with("secrets.rs") {
                sources.push(std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let looks_secret = |s: &str| {
        !s.contains(' ')
            && !s.contains('{')
            && (s.contains("secret") || s.contains("-key-") || s.starts_with("Welcome"))
            && s.len() >= 8
    };
    let mut missing = std::collections::BTreeSet::new();
    for text in &sources {
        for literal in text.split('"').skip(1).step_by(2) {
            if looks_secret(literal)
                && !NOT_SECRETS.contains(&literal)
                && !SECRETS.iter().any(|s| literal.contains(s))
            {
                missing.insert(literal.to_string());
            }
        }
    }
    assert!(missing.is_empty(), "add to SECRETS: {missing:?}");
}

/// The shape of every access token the Coupa sandbox issues: a JWT-like header, then
/// random base64 (only the constant header may be logged, never the random part).
const TOKEN_HEADER: &str = "eyJhbGciOiJSUzI1NiJ9.";

/// Secrets made at random, which no list can name: a whole JWT (the Oracle Fusion
/// sandbox's tokens: header, claims and signature), a Standard Webhooks secret, and a
/// 256-bit key in hex (the demo's state key). Logs may carry none of these shapes.
fn random_secret_shapes() -> [(&'static str, regex::Regex); 3] {
    [
        (
            "a JWT",
            regex::Regex::new(r"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16,}").unwrap(),
        ),
        (
            "a webhook secret",
            regex::Regex::new(r"whsec_[A-Za-z0-9+/]{16,}").unwrap(),
        ),
        (
            "a 256-bit hex key",
            regex::Regex::new(r"(^|[^0-9a-fA-F])[0-9a-fA-F]{64}([^0-9a-fA-F]|$)").unwrap(),
        ),
    ]
}

/// The shapes catch what they are meant to, and not a request id or a digest prefix.
#[test]
fn the_random_secret_shapes_match_what_they_name() {
    let shapes = random_secret_shapes();
    let hit = |line: &str| {
        shapes
            .iter()
            .filter(|(_, re)| re.is_match(line))
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
    };
    let jwt =
        "token eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    assert_eq!(hit(jwt), ["a JWT"]);
    assert_eq!(
        hit("secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        ["a webhook secret"]
    );
    assert_eq!(
        hit(&format!("key {}", "ab".repeat(32))),
        ["a 256-bit hex key"]
    );
    assert!(
        hit(
            "request 0190b6a2-7c1e-7d9a-8f00-123456789abc, whsec_ (redacted), eyJhbGciOiJSUzI1NiJ9."
        )
        .is_empty()
    );
    assert!(
        hit(&"ab".repeat(40)).is_empty(),
        "a longer hex run is not a 256-bit key"
    );
}

/// The header of every access token the Oracle Fusion simulator's identity domain issues
/// (claims and a random signature follow it).
pub(crate) fn oracle_token_header() -> String {
    use base64::Engine;
    let header =
        serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": "SIGNING_KEY", "x5t": "sandbox"});
    format!(
        "{}.",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(header.to_string())
    )
}

#[test]
#[ignore = "runs after the suite, on the log it captured"]
fn the_logs_of_the_whole_run_hold_no_secret() {
    let Some(path) = std::env::var_os("PROCURA_TEST_LOG") else {
        panic!("PROCURA_TEST_LOG names no captured log: run the suite with it set first");
    };
    let log = std::fs::read_to_string(&path).expect("the captured log reads");
    let lines = log.lines().count();
    assert!(
        lines > 1_000 && log.contains("request") && log.contains("token"),
        "the captured log looks empty ({lines} lines): was the suite run with PROCURA_TEST_LOG?"
    );
    assert!(
        log.contains("--- procura demo (stderr) ---"),
        "the demo's own log was not captured"
    );
    let shapes = random_secret_shapes();
    let mut found = Vec::new();
    let oracle_header = oracle_token_header();
    for (n, line) in log.lines().enumerate() {
        for (name, shape) in &shapes {
            if shape.is_match(line) {
                found.push(format!("line {}: {name} in {line}", n + 1));
            }
        }
        for s in SECRETS {
            if line.contains(s) {
                found.push(format!("line {}: {s:?} in {line}", n + 1));
            }
        }
        for header in [TOKEN_HEADER, oracle_header.as_str()] {
            let mut rest = line;
            while let Some(at) = rest.find(header) {
                let after = &rest[at + header.len()..];
                let random = after
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
                    .count();
                if random >= 16 {
                    found.push(format!("line {}: an access token in {line}", n + 1));
                }
                rest = after;
            }
        }
    }
    println!("secrets scan: {lines} log lines checked");
    assert!(
        found.is_empty(),
        "{} secret(s) in the logs:\n{}",
        found.len(),
        found
            .iter()
            .take(20)
            .map(|l| &l[..l.len().min(400)])
            .collect::<Vec<_>>()
            .join("\n")
    );
}
