//! The container and Kubernetes files stay true to the code.

use std::path::Path;

use clap::Parser;
use procura::cli::Cli;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Instructions of the Dockerfile as (keyword, rest), continuation lines joined.
fn dockerfile() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        current.push_str(line.trim_end_matches('\\'));
        current.push(' ');
        if !line.ends_with('\\') {
            let (kw, rest) = current
                .trim()
                .split_once(' ')
                .unwrap_or((current.trim(), ""));
            out.push((kw.to_uppercase(), rest.trim().to_string()));
            current.clear();
        }
    }
    out
}

#[test]
fn dockerfile_copy_sources_exist() {
    let mut copies = 0;
    for (kw, rest) in dockerfile() {
        if kw != "COPY" || rest.starts_with("--from") {
            continue;
        }
        let parts: Vec<&str> = rest.split_whitespace().collect();
        for src in &parts[..parts.len() - 1] {
            assert!(
                root().join(src).exists(),
                "Dockerfile copies {src}, which does not exist"
            );
            copies += 1;
        }
    }
    assert!(copies >= 4);
}

#[test]
fn dockerfile_runs_as_non_root_and_its_commands_parse() {
    let instructions = dockerfile();
    let get = |k: &str| -> Vec<String> {
        instructions
            .iter()
            .filter(|(kw, _)| kw == k)
            .map(|(_, r)| r.clone())
            .collect()
    };
    assert_eq!(get("USER").last().map(String::as_str), Some("nonroot"));
    let exec = |json: &str| -> Vec<String> { serde_json::from_str(json).unwrap() };
    let entry = exec(get("ENTRYPOINT").last().unwrap());
    let cmd = exec(get("CMD").last().unwrap());
    let mut argv = entry.clone();
    argv.extend(cmd);
    Cli::try_parse_from(&argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
    assert!(argv.contains(&"serve".to_string()));
    let health = get("HEALTHCHECK").pop().unwrap();
    let json = &health[health.find('[').unwrap()..];
    Cli::try_parse_from(exec(json)).expect("HEALTHCHECK command parses");
    assert!(health.contains("/healthz"));
}

fn k8s_docs() -> Vec<yaml_serde::Value> {
    k8s_docs_in("deploy/kubernetes")
}

fn k8s_docs_in(dir: &str) -> Vec<yaml_serde::Value> {
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(root().join(dir)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for doc in yaml_serde::Deserializer::from_str(&text) {
            let v = <yaml_serde::Value as serde::Deserialize>::deserialize(doc)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            docs.push(v);
        }
    }
    docs
}

#[test]
fn kubernetes_manifests_parse_and_cover_the_deployment() {
    let docs = k8s_docs();
    let kinds: Vec<&str> = docs.iter().filter_map(|d| d["kind"].as_str()).collect();
    for kind in [
        "Deployment",
        "Service",
        "ConfigMap",
        "Secret",
        "HorizontalPodAutoscaler",
    ] {
        assert!(kinds.contains(&kind), "no {kind} in deploy/kubernetes");
    }
    let deployment = docs.iter().find(|d| d["kind"] == "Deployment").unwrap();
    let pod = &deployment["spec"]["template"]["spec"];
    assert_eq!(
        pod["securityContext"]["runAsNonRoot"],
        yaml_serde::Value::Bool(true)
    );
    let container = &pod["containers"][0];
    assert_eq!(
        container["readinessProbe"]["httpGet"]["path"].as_str(),
        Some("/readyz")
    );
    assert_eq!(
        container["livenessProbe"]["httpGet"]["path"].as_str(),
        Some("/healthz")
    );
    assert!(container["resources"]["limits"]["memory"].is_string());
    let args: Vec<String> = std::iter::once("procura".to_string())
        .chain(
            container["args"]
                .as_sequence()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_string()),
        )
        .collect();
    Cli::try_parse_from(&args).expect("container args parse");
}

#[test]
fn kubernetes_config_loads_with_its_secret() {
    let docs = k8s_docs();
    let secret = docs.iter().find(|d| d["kind"] == "Secret").unwrap();
    let env = |name: &str| secret["stringData"][name].as_str().map(str::to_string);
    let config_map = docs
        .iter()
        .find(|d| d["kind"] == "ConfigMap" && d["data"]["procura.toml"].is_string())
        .unwrap();
    let toml = config_map["data"]["procura.toml"].as_str().unwrap();
    gateway::config::Config::from_toml(toml, Path::new("procura.toml"), Path::new("/"), &env)
        .expect("the ConfigMap's procura.toml loads with the Secret's variables");
}

#[test]
fn the_redis_variant_loads_and_shares_state() {
    let docs = k8s_docs_in("deploy/kubernetes/redis");
    let kinds: Vec<&str> = docs.iter().filter_map(|d| d["kind"].as_str()).collect();
    for kind in [
        "Deployment",
        "Service",
        "ConfigMap",
        "HorizontalPodAutoscaler",
    ] {
        assert!(
            kinds.contains(&kind),
            "no {kind} in deploy/kubernetes/redis"
        );
    }
    let secret = k8s_docs()
        .into_iter()
        .find(|d| d["kind"] == "Secret")
        .unwrap();
    let env = |name: &str| secret["stringData"][name].as_str().map(str::to_string);
    let cm = docs.iter().find(|d| d["kind"] == "ConfigMap").unwrap();
    let config = gateway::config::Config::from_toml(
        cm["data"]["procura.toml"].as_str().unwrap(),
        Path::new("procura.toml"),
        Path::new("/"),
        &env,
    )
    .expect("the Redis ConfigMap loads with the Secret");
    assert!(config.state.backend.expose().starts_with("redis://"));
}
