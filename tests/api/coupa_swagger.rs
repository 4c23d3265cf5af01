//! Coupa's published object definitions (`tests/fixtures/coupa-swagger`, from Coupa's R39
//! Swagger specs) against what procura believes of Coupa: every Coupa field a shipped
//! mapping reads or writes, and every field of every record the sandbox serves, is one
//! Coupa defines. Custom fields are Coupa's own namespace (`custom-fields`) and pass.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gateway::resources::chain::Chain;
use gateway::resources::definition::{Level, MappingFile, Write};
use jsonata::PathNode;
use serde_json::{Map, Value};
use simulators::coupa::SandboxControl;

use crate::common::*;

/// Each resource's Coupa object: the sandbox table, the Swagger file and the definition.
pub const OBJECTS: &[(&str, &str, &str, &str)] = &[
    (
        "purchase_orders",
        "purchase_orders",
        "R39_Purchasing_API.json",
        "OrderHeader",
    ),
    (
        "purchase_order_lines",
        "purchase_order_lines",
        "R39_Purchasing_API.json",
        "OrderLine",
    ),
    (
        "requisitions",
        "requisitions",
        "R39_Purchasing_API.json",
        "RequisitionHeader",
    ),
    ("items", "items", "R39_Purchasing_API.json", "Item"),
    (
        "contracts",
        "contracts",
        "R39_Purchasing_API.json",
        "Contract",
    ),
    (
        "invoices",
        "invoices",
        "R39_Invoicing_API.json",
        "InvoiceHeader",
    ),
    (
        "suppliers",
        "suppliers",
        "R39_Core_Platform_API.json",
        "Supplier",
    ),
    ("users", "users", "R39_Core_Platform_API.json", "User"),
    (
        "accounts",
        "accounts",
        "R39_Core_Platform_API.json",
        "Account",
    ),
    (
        "departments",
        "departments",
        "R39_Core_Platform_API.json",
        "Department",
    ),
    (
        "exchange_rates",
        "exchange_rates",
        "R39_Core_Platform_API.json",
        "ExchangeRate",
    ),
    (
        "approvals",
        "approvals",
        "R39_Core_Platform_API.json",
        "Approval",
    ),
    (
        "expense_reports",
        "expense_reports",
        "R39_Expense_Reporting_API.json",
        "ExpenseReport",
    ),
    (
        "receipts",
        "inventory_transactions",
        "R39_Inventory_API.json",
        "InventoryTransaction",
    ),
];

/// Where the published specs are plainly wrong, and what is meant instead:
/// (file, definition, property, the definition it should name, why).
const CORRECTIONS: &[(&str, &str, &str, &str, &str)] = &[(
    "R39_Expense_Reporting_API.json",
    "ExpenseReport",
    "currency",
    "Currency",
    "the spec has it name ExpenseReport itself; every other currency of the file \
     (reimbursable-total-currency, ExpenseLine.currency) is a Currency",
)];

/// Coupa's namespace of custom fields: whatever is below it is the customer's.
const CUSTOM_FIELDS: &str = "custom-fields";

/// The Swagger definitions, by file.
pub struct Swagger {
    files: BTreeMap<String, Map<String, Value>>,
}

/// What a field is in Coupa's definitions.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// One of these definitions (objects with properties).
    Objects(Vec<String>),
    /// A string, number or boolean.
    Scalar,
}

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/coupa-swagger")
}

pub fn swagger() -> &'static Swagger {
    static SWAGGER: OnceLock<Swagger> = OnceLock::new();
    SWAGGER.get_or_init(|| {
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(fixtures()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let defs = doc["definitions"].as_object().unwrap().clone();
            files.insert(
                path.file_name().unwrap().to_string_lossy().into_owned(),
                defs,
            );
        }
        Swagger { files }
    })
}

/// Dashes and underscores are one to Coupa.
fn norm(name: &str) -> String {
    name.replace('_', "-")
}

impl Swagger {
    fn def(&self, file: &str, name: &str) -> &Map<String, Value> {
        self.files[file]
            .get(name)
            .and_then(Value::as_object)
            .unwrap_or_else(|| panic!("{file} defines no {name}"))
    }

    /// What a property's schema names.
    fn kind_of(&self, file: &str, owner: &str, prop: &str, schema: &Value) -> Kind {
        if let Some((.., to, _)) = CORRECTIONS
            .iter()
            .find(|(f, d, p, ..)| *f == file && *d == owner && *p == prop)
        {
            return Kind::Objects(vec![to.to_string()]);
        }
        let schema = match schema.get("items") {
            Some(items) if schema["type"] == "array" => items,
            _ => schema,
        };
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            return Kind::Objects(vec![r.rsplit('/').next().unwrap().to_string()]);
        }
        // "Approver. Can be one of multiple objects: User, ApprovalGroup" (no type).
        let description = schema["description"].as_str().unwrap_or("");
        if schema.get("type").is_none()
            && let Some((_, names)) = description.split_once("Can be one of multiple objects:")
        {
            return Kind::Objects(
                names
                    .split(',')
                    .map(|n| n.trim().trim_end_matches('.').to_string())
                    .collect(),
            );
        }
        Kind::Scalar
    }

    /// The kind of `key` below a value of kind `of`, or why it is not defined.
    fn field(&self, file: &str, of: &Kind, key: &str) -> Result<Kind, String> {
        let Kind::Objects(names) = of else {
            return Err("sits below a field Coupa defines as a plain value".into());
        };
        let key = norm(key);
        let mut found = Vec::new();
        for name in names {
            let def = self.def(file, name);
            let props = def.get("properties").and_then(Value::as_object);
            let Some((prop, schema)) = props.into_iter().flatten().find(|(k, _)| norm(k) == key)
            else {
                continue;
            };
            found.push(self.kind_of(file, name, prop, schema));
        }
        match found.len() {
            0 => Err(format!("is not defined on {}", names.join(" or "))),
            _ => {
                let mut objects = Vec::new();
                for k in found {
                    match k {
                        Kind::Objects(n) => objects.extend(n),
                        Kind::Scalar => return Ok(Kind::Scalar),
                    }
                }
                Ok(Kind::Objects(objects))
            }
        }
    }

    /// Every read path of `paths` below `of` that Coupa does not define.
    fn check_paths(
        &self,
        file: &str,
        of: &Kind,
        paths: &PathNode,
        at: &str,
        out: &mut Vec<String>,
    ) {
        for (key, child) in &paths.children {
            let here = format!("{at}{key}");
            if norm(key) == CUSTOM_FIELDS {
                continue;
            }
            match self.field(file, of, key) {
                Ok(kind) => self.check_paths(file, &kind, child, &format!("{here}."), out),
                Err(why) => out.push(format!("{here} {why}")),
            }
        }
    }

    /// Every field of `value` below `of` that Coupa does not define (array items as `[]`).
    fn check_value(&self, file: &str, of: &Kind, value: &Value, at: &str, out: &mut Vec<String>) {
        match value {
            Value::Array(items) => {
                for v in items {
                    self.check_value(file, of, v, &format!("{at}[]"), out);
                }
            }
            Value::Object(m) => {
                for (key, v) in m {
                    let here = if at.is_empty() {
                        key.clone()
                    } else {
                        format!("{at}.{key}")
                    };
                    if norm(key) == CUSTOM_FIELDS {
                        continue;
                    }
                    match self.field(file, of, key) {
                        Ok(kind) => self.check_value(file, &kind, v, &here, out),
                        Err(why) => out.push(format!("{here} {why}")),
                    }
                }
            }
            Value::Null => {}
            _ => {
                if let Kind::Objects(names) = of {
                    out.push(format!(
                        "{at} is a plain value where Coupa defines {}",
                        names.join(" or ")
                    ));
                }
            }
        }
    }
}

fn object(resource: &str) -> (&'static str, &'static str, Kind) {
    let (_, table, file, def) = OBJECTS
        .iter()
        .find(|(r, ..)| *r == resource)
        .unwrap_or_else(|| {
            panic!("{resource}: name its Coupa object (Swagger definition) in OBJECTS")
        });
    (table, file, Kind::Objects(vec![def.to_string()]))
}

/// A body holding every field `paths` names, leaves `"1"` (reads as string and number).
fn placeholder(paths: &PathNode) -> Value {
    Value::Object(
        paths
            .children
            .iter()
            .map(|(k, child)| {
                let v = if child.children.is_empty() {
                    Value::String("1".into())
                } else {
                    placeholder(child)
                };
                (k.clone(), v)
            })
            .collect(),
    )
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("yaml"))
        .collect();
    files.sort();
    files
}

/// Undefined fields a mapping file reads (response) or writes (request).
fn mapping_problems(file: &MappingFile, level_below: Option<&MappingFile>) -> Vec<String> {
    let sw = swagger();
    let (_, swagger_file, kind) = object(&file.resource);
    let mut out = Vec::new();
    if let Some(response) = &file.response {
        let paths = response.input_paths();
        assert!(
            !paths.needs_everything(),
            "{}: reads the whole record; its fields cannot be checked",
            file.file.display()
        );
        let mut found = Vec::new();
        sw.check_paths(swagger_file, &kind, &paths.root, "", &mut found);
        out.extend(found.into_iter().map(|p| format!("response reads {p}")));
    }
    if let Some(request) = &file.request {
        let paths = request.input_paths();
        let body = placeholder(&paths.root);
        let levels: Vec<MappingFile> = level_below
            .into_iter()
            .cloned()
            .chain([file.clone()])
            .collect();
        let chain = Chain::new(levels);
        for write in [Write::Create, Write::Update] {
            let sent = chain
                .request(&body, write)
                .unwrap_or_else(|e| panic!("{}: {e}", file.file.display()));
            let mut found = Vec::new();
            sw.check_value(swagger_file, &kind, &sent, "", &mut found);
            out.extend(
                found
                    .into_iter()
                    .map(|p| format!("request ({write:?}) writes {p}")),
            );
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_coupa_field_a_shipped_mapping_reads_or_writes_is_defined_by_coupa() {
    let mut problems = Vec::new();
    let mut bases = BTreeMap::new();
    for path in yaml_files(&repo().join("mappings/coupa")) {
        let file = MappingFile::load(&path, Level::Base).unwrap();
        for p in mapping_problems(&file, None) {
            problems.push(format!("{}: {p}", path.display()));
        }
        bases.insert(file.resource.clone(), file);
    }
    assert_eq!(
        bases.len(),
        OBJECTS.len(),
        "every shipped resource is checked"
    );
    // The shipped example overrides of Coupa tenants too (`demo-oracle` is the Oracle
    // Fusion demo tenant's).
    let examples = repo().join("examples/overrides/tenants");
    for tenant in std::fs::read_dir(&examples).unwrap() {
        let tenant = tenant.unwrap().path();
        if tenant.ends_with("demo-oracle") {
            continue;
        }
        for path in yaml_files(&tenant) {
            let file = MappingFile::load(&path, Level::Override).unwrap();
            for p in mapping_problems(&file, bases.get(&file.resource)) {
                problems.push(format!("{}: {p}", path.display()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "fields Coupa's Swagger does not define:\n{}",
        problems.join("\n")
    );
}

/// Every field of every record of the sandbox's mapped tables that Coupa does not define.
pub fn sandbox_problems(control: &SandboxControl) -> Vec<String> {
    let sw = swagger();
    let mut out = Vec::new();
    for (resource, ..) in OBJECTS {
        let (table, file, kind) = object(resource);
        let ids = control.ids(table);
        assert!(!ids.is_empty(), "the sandbox has {table}");
        let mut found = Vec::new();
        for id in ids {
            let record = control.get(table, id).unwrap();
            sw.check_value(file, &kind, &record, "", &mut found);
        }
        found.sort();
        found.dedup();
        out.extend(found.into_iter().map(|p| format!("{table}: {p}")));
    }
    out
}

#[tokio::test]
async fn every_field_of_every_sandbox_record_is_defined_by_coupa() {
    let sandbox = simulators::coupa::Sandbox::start(simulators::coupa::SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        records: 120,
        ..Default::default()
    })
    .await
    .unwrap();
    let problems = sandbox_problems(&sandbox.control());
    sandbox.shutdown().await;
    assert!(
        problems.is_empty(),
        "the sandbox invents fields Coupa's Swagger does not define:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_definitions_hold_what_the_corrections_name() {
    let sw = swagger();
    for (file, def, prop, to, _) in CORRECTIONS {
        assert!(
            sw.def(file, def)["properties"].get(*prop).is_some(),
            "{file}: {def}.{prop}"
        );
        sw.def(file, to);
    }
}
