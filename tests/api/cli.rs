//! The binary's command line.

use std::process::Command;

fn procura() -> Command {
    Command::new(env!("CARGO_BIN_EXE_procura"))
}

#[test]
fn every_subcommand_has_help() {
    for args in [
        vec!["--help"],
        vec!["demo", "--help"],
        vec!["serve", "--help"],
        vec!["sandbox", "--help"],
        vec!["mappings", "check", "--help"],
        vec!["mappings", "test", "--help"],
    ] {
        let out = procura().args(&args).output().expect("run procura");
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert!(!out.stdout.is_empty(), "{args:?} printed no help");
    }
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let out = procura().arg("frobnicate").output().expect("run procura");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn mappings_check_passes_on_the_shipped_mappings() {
    let out = procura()
        .args(["mappings", "check", "--config", "no-such-config.toml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run procura");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("purchase_orders") && text.contains("fields=["),
        "{text}"
    );
    assert!(text.contains("all mappings compiled"));
}

#[test]
fn mappings_check_points_to_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let mappings = dir.path().join("mappings/coupa");
    std::fs::create_dir_all(&mappings).unwrap();
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/coupa");
    for entry in std::fs::read_dir(base).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, mappings.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        mappings.join("departments.yaml"),
        "singular: department\npath: /api/departments\nid: id\nresponse: |\n  {\n    \"id\": $string(id),\n    \"name\": name.(\n  }\n",
    )
    .unwrap();
    let out = procura()
        .args(["mappings", "check", "--config", "absent.toml"])
        .current_dir(dir.path())
        .output()
        .expect("run procura");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("departments.yaml:8:"), "{err}");
    assert!(err.contains("at column 3"), "{err}");
    assert!(err.contains("JSONata error"), "{err}");
}

/// `mappings check` on a 20 000-step path once aborted with a stack overflow: it compiles
/// now, and a 20 000-deep nest is an error at file:line, never a crash.
#[test]
fn mappings_check_survives_huge_expressions() {
    let dir = tempfile::tempdir().unwrap();
    let mappings = dir.path().join("mappings/coupa");
    std::fs::create_dir_all(&mappings).unwrap();
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/coupa");
    for entry in std::fs::read_dir(base).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, mappings.join(p.file_name().unwrap())).unwrap();
    }
    let check = |expr: String| {
        std::fs::write(
            mappings.join("departments.yaml"),
            format!(
                "singular: department\npath: /api/departments\nid: id\nresponse: |\n  {expr}\n"
            ),
        )
        .unwrap();
        procura()
            .args(["mappings", "check", "--config", "absent.toml"])
            .current_dir(dir.path())
            .output()
            .expect("run procura")
    };
    let out = check(vec!["a"; 20_000].join("."));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = check(format!("{}1{}", "[".repeat(20_000), "]".repeat(20_000)));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("departments.yaml:5:"), "{err}");
    assert!(err.contains("nesting"), "{err}");
}

#[test]
fn mappings_test_maps_a_raw_record() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("po.json");
    std::fs::write(
        &input,
        r#"{"id": 7, "po-number": "PO-7", "status": "issued",
            "supplier": {"id": 3, "name": "Acme", "number": "S3"}, "currency": {"code": "USD"},
            "order-lines": [{"id": 70, "line-num": "1", "quantity": "2.0", "price": "5.00", "total": "10.00"}],
            "custom-fields": {"cost-center-code": "CC-1", "project-code": "P-2"},
            "created-at": "2025-01-01T00:00:00Z", "updated-at": "2025-01-02T00:00:00Z"}"#,
    )
    .unwrap();
    let out = procura()
        .args([
            "mappings",
            "test",
            "--resource",
            "purchase_orders",
            "--input",
        ])
        .arg(&input)
        .args(["--config", "absent.toml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run procura");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "7");
    assert_eq!(v["supplier"]["name"], "Acme");
    assert_eq!(v["lines"][0]["unit_price"], "5.00");
    assert_eq!(v["total"], "10.00", "the sum of the lines' totals");
    assert_eq!(v["custom_fields"], serde_json::json!({}));
}

/// `procura serve` refuses an Oracle Fusion tenant's mistakes at start, naming the key:
/// an unknown provider, a missing base URL, OAuth without a token URL or a scope.
#[test]
fn serve_names_the_key_of_an_oracle_tenant_mistake() {
    let dir = tempfile::tempdir().unwrap();
    let tenant = |lines: &[&str]| {
        format!(
            "[server]\ncursor_secret = \"cli-config-cursor-secret-01\"\n\n[[tenants]]\nid = \"initech\"\n{}\n",
            lines.join("\n")
        )
    };
    let base = "base_url = \"https://initech.fa.us2.oraclecloud.com\"";
    let token_url = "token_url = \"https://idcs-1.identity.oraclecloud.com/oauth2/v1/token\"";
    let scope = "scope = \"urn:opc:resource:fa:instanceid=1urn:opc:resource:consumer::all\"";
    let oauth = |parts: &[&str]| {
        format!(
            "auth = {{ kind = \"oauth\", client_id = \"cid\", client_secret = \"cli-test-secret\", {} }}",
            parts.join(", ")
        )
    };
    let cases = [
        (
            tenant(&["provider = \"oracle\"", base, &oauth(&[token_url, scope])]),
            "tenants[0].provider",
        ),
        (
            tenant(&["provider = \"oracle_fusion\"", &oauth(&[token_url, scope])]),
            "tenants[0].base_url",
        ),
        (
            tenant(&["provider = \"oracle_fusion\"", base, &oauth(&[scope])]),
            "tenants[0].auth.token_url",
        ),
        (
            tenant(&["provider = \"oracle_fusion\"", base, &oauth(&[token_url])]),
            "tenants[0].auth.scope",
        ),
    ];
    for (i, (text, key)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("bad-{i}.toml"));
        std::fs::write(&path, text).unwrap();
        let out = procura()
            .args(["serve", "--config"])
            .arg(&path)
            .output()
            .expect("run procura");
        assert_eq!(out.status.code(), Some(1), "{text}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("config error") && err.contains(&format!(": {key}: ")),
            "{key}: {err}"
        );
        assert!(!err.contains("cli-test-secret"), "{err}");
    }
}
