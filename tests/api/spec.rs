//! `openapi.yaml` and the router cannot drift apart: every route (expanded over the
//! resources and what each allows) is described, every described operation is served.

use std::collections::BTreeSet;

use gateway::http::route_table;
use gateway::resources::definition::Write;
use serde_json::Value;

use crate::common::*;

fn described() -> BTreeSet<(String, String)> {
    let doc: Value = yaml_serde::from_str(gateway::resources::schema::OPENAPI).unwrap();
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            out.insert((method.to_uppercase(), path.clone()));
        }
    }
    out
}

/// The router's routes, with `{resource}` expanded to each resource and its writes.
fn served(env: &Env) -> BTreeSet<(String, String)> {
    let registry = env.state.registry();
    let mut out = BTreeSet::new();
    for route in route_table() {
        for method in route.methods {
            if !route.path.contains("{resource}") {
                let path = route.path.replace("{*path}", "api/{path}");
                out.insert((method.to_string(), path));
                continue;
            }
            for eff in registry.all(None) {
                let r = &eff.resource;
                let allowed = match (route.path, *method) {
                    (p, "POST") if p.ends_with("{resource}") => r.writes.contains(&Write::Create),
                    (p, "PATCH") if p.ends_with("{id}") => r.writes.contains(&Write::Update),
                    (p, "POST") if p.ends_with("{action}") => !r.actions.is_empty(),
                    _ => true,
                };
                if !allowed {
                    continue;
                }
                let base = route.path.replace("{resource}", &r.name);
                if base.contains("{action}") {
                    for action in r.actions.keys() {
                        out.insert((method.to_string(), base.replace("{action}", action)));
                    }
                } else {
                    out.insert((method.to_string(), base));
                }
            }
        }
    }
    out
}

#[tokio::test]
async fn openapi_describes_exactly_the_routes_served() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let described = described();
    let served = served(&env);
    let missing: Vec<_> = served.difference(&described).collect();
    let extra: Vec<_> = described.difference(&served).collect();
    assert!(
        missing.is_empty(),
        "served but not in openapi.yaml: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "in openapi.yaml but not served: {extra:?}"
    );

    // And every described operation reaches a handler, not the router's fallbacks.
    for (method, path) in &described {
        let url = path.replace("{id}", "1").replace("{path}", "suppliers");
        let r = env
            .req(
                reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                "acme",
                &url,
            )
            .bearer_auth(ADMIN_KEY)
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let body = r.text().await.unwrap_or_default();
        let fallback = (status == 404 && body.contains("no such route"))
            || (status == 405 && body.contains("is not a method of this path"));
        assert!(
            !fallback,
            "{method} {url} is described but not routed: {status} {body}"
        );
    }
}

#[tokio::test]
async fn openapi_is_served() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let r = env
        .http
        .get(format!("{}/openapi.yaml", env.gateway))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/yaml");
    let doc: Value = yaml_serde::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
}

/// Each writable resource's write schema and its request mapping agree: the schema
/// accepts exactly the top-level fields the mapping reads (a field only the schema named
/// would be accepted and dropped; one only the mapping read could never be sent), the
/// create schema's required fields are among them, and an update requires nothing.
#[tokio::test]
async fn write_schemas_and_request_mappings_name_the_same_fields() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let registry = env.state.registry();
    let mut checked = 0;
    for eff in registry.all(None) {
        let r = &eff.resource;
        for write in &r.writes {
            let schema = eff
                .write_check
                .schema(*write)
                .unwrap_or_else(|| panic!("{}: no write schema for {write:?}", r.name));
            let props: BTreeSet<String> = schema["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            let read = eff.write_shape.known_fields.clone().unwrap();
            // The unified write schemas are Coupa's request mappings' fields; another
            // provider's mapping may write fewer (the rest are refused as unknown for its
            // tenants), never more.
            let is_coupa = registry
                .deployment(gateway::config::Provider::Coupa, &r.name)
                .is_some_and(|c| std::sync::Arc::ptr_eq(c, eff));
            if is_coupa {
                assert_eq!(props, read, "{}: schema vs request mapping", r.name);
            } else {
                assert!(read.is_subset(&props), "{}: {read:?} vs {props:?}", r.name);
            }
            let required: Vec<&str> = schema["required"]
                .as_array()
                .map(|a| a.iter().map(|v| v.as_str().unwrap()).collect())
                .unwrap_or_default();
            match write {
                Write::Create => {
                    assert!(
                        !required.is_empty(),
                        "{}: create names its required fields",
                        r.name
                    );
                    assert!(required.iter().all(|f| props.contains(*f)), "{}", r.name);
                }
                Write::Update => assert!(required.is_empty(), "{}: an update is partial", r.name),
            }
            checked += 1;
        }
    }
    assert!(checked >= 14, "{checked}");
}

/// `x-procura-providers` in openapi.yaml is the operations matrix the shipped mappings
/// define, provider by provider.
#[tokio::test]
async fn openapi_carries_the_provider_matrix_of_the_mappings() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let doc: Value = yaml_serde::from_str(gateway::resources::schema::OPENAPI).unwrap();
    let declared = doc["x-procura-providers"].clone();
    let actual = serde_json::to_value(env.state.registry().provider_matrix()).unwrap();
    assert_eq!(
        declared, actual,
        "update x-procura-providers in openapi.yaml"
    );
}

/// A method a path does not take is 405, and `Allow` names exactly the methods
/// `openapi.yaml` declares for the path (OPTIONS is never declared, so it asks every path).
#[tokio::test]
async fn allow_names_the_methods_openapi_declares() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let doc: Value = yaml_serde::from_str(gateway::resources::schema::OPENAPI).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let declared: BTreeSet<String> = item
            .as_object()
            .unwrap()
            .keys()
            .map(|m| m.to_uppercase())
            .collect();
        let url = path.replace("{id}", "1").replace("{path}", "suppliers");
        let r = env
            .req(reqwest::Method::OPTIONS, "acme", &url)
            .bearer_auth(ADMIN_KEY)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 405, "OPTIONS {url}");
        let allow: BTreeSet<String> = r.headers()["allow"]
            .to_str()
            .unwrap()
            .split(',')
            .map(|m| m.trim().to_string())
            .collect();
        assert_eq!(allow, declared, "Allow of {url}");
    }
}

/// The problem types `openapi.yaml` enumerates are the ones procura answers with.
#[test]
fn openapi_enumerates_the_problem_types() {
    use gateway::http::problem::{PROBLEM_BASE, PROBLEM_TYPES};
    let doc: Value = yaml_serde::from_str(gateway::resources::schema::OPENAPI).unwrap();
    let declared: BTreeSet<String> = doc["components"]["schemas"]["Problem"]["properties"]["type"]
        ["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let answered: BTreeSet<String> = PROBLEM_TYPES
        .iter()
        .map(|t| format!("{PROBLEM_BASE}{t}"))
        .collect();
    assert_eq!(declared, answered);
}

/// openapi.yaml says what the server holds writes to: a PATCH body's schema requires
/// nothing (an update names what it changes), a POST body is that schema (`$ref`) with
/// the fields a create requires (`required` beside it).
#[test]
fn openapi_requires_fields_of_creates_only() {
    let doc: Value = yaml_serde::from_str(gateway::resources::schema::OPENAPI).unwrap();
    let body = |op: &Value| op["requestBody"]["content"]["application/json"]["schema"].clone();
    let schema_of = |r: &Value| {
        let name = r.as_str().unwrap().rsplit('/').next().unwrap().to_string();
        doc["components"]["schemas"][&name].clone()
    };
    let mut creates = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/unified/") {
            continue;
        }
        if let Some(patch) = item.get("patch") {
            let schema = schema_of(&body(patch)["$ref"]);
            assert!(
                schema.get("required").is_none(),
                "PATCH {path} requires fields"
            );
        }
        if let Some(post) = item.get("post")
            && let Some(create) = body(post).get("$ref")
            && create.as_str().unwrap().ends_with("Write")
        {
            let schema = schema_of(create);
            assert!(
                schema.get("required").is_none(),
                "{path}: the write schema itself requires"
            );
            assert!(
                body(post)["required"]
                    .as_array()
                    .is_some_and(|r| !r.is_empty()),
                "{path}"
            );
            creates += 1;
        }
    }
    assert!(creates >= 8, "{creates}");
}

/// Every list and get of a resource declares `fields`, an array (comma-separated) of
/// exactly the paths procura accepts: those of the record schema.
#[test]
fn openapi_fields_name_exactly_the_selectable_paths() {
    use gateway::resources::{schema::schemas, selection::selectable};
    let doc: Value = yaml_serde::from_str(gateway::resources::schema::OPENAPI).unwrap();
    let params = &doc["components"]["parameters"];
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let Some(rest) = path.strip_prefix("/unified/procurement/") else {
            continue;
        };
        let (resource, get) = match rest.split_once('/') {
            Some((r, "{id}")) => (r, true),
            None if item.get("get").is_some() && rest != "coverage" => (rest, false),
            _ => continue,
        };
        let record = schemas().record_name(resource).unwrap();
        let refs: Vec<&str> = item["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["$ref"].as_str())
            .collect();
        let name = format!("#/components/parameters/{record}Fields");
        assert!(
            refs.contains(&name.as_str()),
            "{path} (get: {get}) lacks {name}"
        );
        let param = &params[format!("{record}Fields")];
        assert_eq!(param["name"], "fields");
        assert_eq!(param["style"], "form");
        assert_eq!(param["explode"], false);
        let declared: Vec<String> = param["schema"]["items"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let schema = schemas().standalone(record).unwrap();
        let mut accepted = selectable(&schema);
        accepted.sort();
        let mut sorted = declared.clone();
        sorted.sort();
        assert_eq!(sorted, accepted, "{record}Fields");
        checked += 1;
    }
    assert!(checked >= 28, "{checked}");
}

/// The examples of openapi.yaml, checked against the schemas they illustrate.
struct Examples<'a> {
    doc: &'a Value,
    checked: usize,
    broken: Vec<String>,
    used: BTreeSet<String>,
}

impl<'a> Examples<'a> {
    /// What a local `$ref` points at (followed until it is not a `$ref`).
    fn resolve(&self, mut v: &'a Value) -> &'a Value {
        while let Some(r) = v.get("$ref").and_then(Value::as_str) {
            let pointer = r
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("non-local $ref {r}"));
            v = self
                .doc
                .pointer(pointer)
                .unwrap_or_else(|| panic!("$ref {r} resolves to nothing"));
        }
        v
    }

    /// Checks the `example` and `examples` of `holder` (a parameter, header or media type)
    /// against `schema`; answers how many it has.
    fn check(&mut self, at: &str, schema: Option<&Value>, holder: &'a Value) -> usize {
        let mut values = Vec::new();
        if let Some(v) = holder.get("example") {
            values.push(("example".to_string(), v));
        }
        for (name, example) in holder
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(r) = example.get("$ref").and_then(Value::as_str) {
                self.used.insert(r.to_string());
            }
            match self.resolve(example).get("value") {
                Some(v) => values.push((name.clone(), v)),
                None => self
                    .broken
                    .push(format!("{at}: example {name} has no value")),
            }
        }
        if values.is_empty() {
            return 0;
        }
        // The schema with the document's components beside it, so its `$ref`s resolve.
        let mut root = match schema {
            Some(Value::Object(m)) => m.clone(),
            Some(Value::Bool(false)) => panic!("{at}: schema false"),
            _ => serde_json::Map::new(),
        };
        root.insert("components".into(), self.doc["components"].clone());
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&Value::Object(root))
            .unwrap_or_else(|e| panic!("{at}: the schema does not compile: {e}"));
        for (name, value) in &values {
            for e in validator.iter_errors(value) {
                self.broken
                    .push(format!("{at}, example {name}: {e} at {}", e.instance_path));
            }
        }
        self.checked += values.len();
        values.len()
    }
}

/// Every operation of openapi.yaml shows how it is used: an example for each required
/// parameter, for each media type of its request body and of its success answer (2xx, or
/// `default` where that is its only answer). And every example in the document (of
/// parameters, request bodies, answers and their headers, shared or not) holds to the
/// schema beside it, `$ref`s resolved against the document, formats included; every
/// shared example is used.
#[test]
fn openapi_examples_cover_every_operation_and_hold_to_their_schemas() {
    let doc: Value = yaml_serde::from_str(gateway::resources::schema::OPENAPI).unwrap();
    let mut ex = Examples {
        doc: &doc,
        checked: 0,
        broken: Vec::new(),
        used: BTreeSet::new(),
    };
    let mut lacking = Vec::new();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let at = format!("{} {path}", method.to_uppercase());
            let before = ex.checked;
            for p in op["parameters"].as_array().into_iter().flatten() {
                let p = ex.resolve(p);
                let name = p["name"].as_str().unwrap();
                let n = ex.check(&format!("{at} parameter {name}"), p.get("schema"), p);
                if n == 0 && p["required"] == true {
                    lacking.push(format!("{at}: parameter {name}"));
                }
            }
            if let Some(body) = op.get("requestBody") {
                for (media_type, media) in ex.resolve(body)["content"].as_object().unwrap() {
                    let n = ex.check(
                        &format!("{at} body {media_type}"),
                        media.get("schema"),
                        media,
                    );
                    if n == 0 {
                        lacking.push(format!("{at}: request body {media_type}"));
                    }
                }
            }
            let responses = op["responses"].as_object().unwrap();
            let only_default = !responses.keys().any(|s| s.starts_with('2'));
            for (status, response) in responses {
                let response = ex.resolve(response);
                let success = status.starts_with('2') || (only_default && status == "default");
                for (name, header) in response["headers"].as_object().into_iter().flatten() {
                    let header = ex.resolve(header);
                    ex.check(
                        &format!("{at} {status} header {name}"),
                        header.get("schema"),
                        header,
                    );
                }
                for (media_type, media) in response["content"].as_object().into_iter().flatten() {
                    let n = ex.check(
                        &format!("{at} {status} {media_type}"),
                        media.get("schema"),
                        media,
                    );
                    if n == 0 && success {
                        lacking.push(format!("{at}: answer {status} {media_type}"));
                    }
                }
            }
            if ex.checked == before {
                lacking.push(format!("{at}: no example at all"));
            }
        }
    }
    let unused: Vec<String> = doc["components"]["examples"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, _)| format!("#/components/examples/{name}"))
        .filter(|r| !ex.used.contains(r))
        .collect();
    assert!(
        lacking.is_empty(),
        "without an example:\n{}",
        lacking.join("\n")
    );
    assert!(
        ex.broken.is_empty(),
        "examples breaking their schemas:\n{}",
        ex.broken.join("\n")
    );
    assert!(
        unused.is_empty(),
        "shared examples nothing uses: {unused:?}"
    );
    assert!(operations >= 90, "{operations} operations");
    assert!(
        ex.checked >= operations,
        "{} examples for {operations} operations",
        ex.checked
    );
}
