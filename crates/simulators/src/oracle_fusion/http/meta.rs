//! Metadata: the context root (`GET /fscmRestApi/resources`: the API version and the
//! framework versions the server allows, under `adf:extension`) and `describe`
//! (attributes with type, `updatable`, `mandatory` and `queryable`; finders; actions;
//! children) for one resource or, at the version root, for all.

use serde_json::{Map, Value, json};

use crate::oracle_fusion::catalog::{Api, Node, RESOURCES, Resource, WHO};
use crate::oracle_fusion::schema::Schema;
use crate::oracle_fusion::{API_VERSION, Settings};

/// `GET /<api>/resources`.
pub fn context_root(origin: &str, api: Api, settings: &Settings) -> Value {
    let allowed: Vec<String> = (1..=settings.max_framework_version)
        .map(|v| v.to_string())
        .collect();
    let href = format!("{origin}/{}/resources/{API_VERSION}", api.root());
    json!({
        "items": [{
            "version": API_VERSION,
            "isLatest": true,
            "adf:extension": {
                "defaultFrameworkVersion": settings.default_framework_version.to_string(),
                "allowedFrameworkVersions": allowed,
            },
            "links": [{"rel": "self", "href": href, "name": API_VERSION, "kind": "collection"}],
        }],
    })
}

/// `GET /<api>/resources/<version>`: the resources served, as links.
pub fn catalogue(base: &str, api: Api) -> Value {
    let items: Vec<Value> = RESOURCES
        .iter()
        .filter(|r| r.api == api)
        .map(|r| {
            json!({
                "name": r.node.name,
                "title": r.node.title,
                "links": [
                    {"rel": "self", "href": format!("{base}/{}", r.node.name), "name": r.node.name, "kind": "collection"},
                    {"rel": "describe", "href": format!("{base}/{}/describe", r.node.name), "name": r.node.name, "kind": "describe"},
                ],
            })
        })
        .collect();
    json!({"items": items})
}

fn describe_node(
    res: &Resource,
    node: &'static Node,
    spath: &str,
    href: &str,
    schema: &Schema,
) -> Value {
    let ns = schema.node(spath);
    let attributes: Vec<Value> = ns
        .attrs
        .iter()
        .map(|(name, ty)| {
            let is_key = node.key_names().any(|k| k == name);
            let fixed = WHO.contains(&name.as_str()) || node.read_only.contains(&name.as_str());
            let mandatory = is_key
                || (spath == res.node.name
                    && res
                        .required
                        .iter()
                        .any(|group| group.first() == Some(&name.as_str())));
            json!({
                "name": name,
                "type": ty.name(),
                "updatable": !(is_key || fixed) && node.writes.update,
                "mandatory": mandatory,
                "queryable": !node.not_queryable.contains(&name.as_str()),
                "allowChanges": if is_key || fixed { "never" } else { "always" },
            })
        })
        .collect();
    let mut finders = vec![json!({
        "name": "PrimaryKey",
        "attributes": node.key_names().map(|k| json!({"name": k, "type": ns.get(k).map_or("string", |t| t.name())})).collect::<Vec<_>>(),
    })];
    if spath == res.node.name {
        for f in res.finders {
            finders.push(json!({
                "name": f.name,
                "attributes": f.vars.iter().map(|(v, _, _)| json!({"name": v, "type": "string"})).collect::<Vec<_>>(),
            }));
        }
    }
    let mut collection_actions = vec![
        json!({"name": "get", "method": "GET", "responseType": ["application/json", "application/vnd.oracle.adf.resourcecollection+json"]}),
    ];
    if node.writes.create {
        collection_actions.push(json!({"name": "create", "method": "POST", "requestType": ["application/vnd.oracle.adf.resourceitem+json"], "responseType": ["application/json", "application/vnd.oracle.adf.resourceitem+json"]}));
    }
    let mut item_actions = vec![
        json!({"name": "get", "method": "GET", "responseType": ["application/json", "application/vnd.oracle.adf.resourceitem+json"]}),
    ];
    if node.writes.update {
        item_actions.push(json!({"name": "update", "method": "PATCH", "requestType": ["application/vnd.oracle.adf.resourceitem+json"], "responseType": ["application/json", "application/vnd.oracle.adf.resourceitem+json"]}));
    }
    if node.writes.delete {
        item_actions.push(json!({"name": "delete", "method": "DELETE"}));
    }
    for a in node.actions {
        item_actions.push(json!({"name": a, "method": "POST", "requestType": ["application/vnd.oracle.adf.action+json"], "responseType": ["application/json", "application/vnd.oracle.adf.actionresult+json"]}));
    }
    let mut children = Map::new();
    for c in node.children {
        children.insert(
            c.name.to_string(),
            describe_node(
                res,
                c,
                &format!("{spath}/{}", c.name),
                &format!("{href}/{{id}}/child/{}", c.name),
                schema,
            ),
        );
    }
    json!({
        "discrColumnType": node.flex,
        "title": node.title,
        "titlePlural": node.title,
        "attributes": attributes,
        "collection": {
            "rangeSize": 25,
            "finders": finders,
            "links": [{"rel": "self", "href": href, "name": "self", "kind": "collection"}],
            "actions": collection_actions,
        },
        "item": {
            "links": [{"rel": "self", "href": format!("{href}/{{id}}"), "name": "self", "kind": "item"}],
            "actions": item_actions,
        },
        "children": children,
    })
}

/// `GET …/<resource>/describe`, or every resource of `api` when `only` is `None`.
pub fn describe(base: &str, api: Api, only: Option<&'static Resource>, schema: &Schema) -> Value {
    let mut resources = Map::new();
    for r in RESOURCES.iter().filter(|r| r.api == api) {
        if only.is_some_and(|o| o.node.name != r.node.name) {
            continue;
        }
        resources.insert(
            r.node.name.to_string(),
            describe_node(
                r,
                &r.node,
                r.node.name,
                &format!("{base}/{}", r.node.name),
                schema,
            ),
        );
    }
    json!({"Resources": resources})
}
