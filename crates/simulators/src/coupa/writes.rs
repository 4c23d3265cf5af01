//! Creates and updates as Coupa does them: required attributes, associations looked up
//! by id or natural key and stored whole (users as Coupa's `UserSimple`), read-only
//! attributes ignored, lines numbered and totalled (order headers carry no total),
//! imported purchase orders closed to changes.

use serde_json::{Map, Value, json};

use super::data::{money, user_simple};
use super::store::{Store, stamp_now};

/// A validation failure: (attribute, message), as Coupa's `errors` object holds them.
pub type Invalid = Vec<(String, String)>;

/// What a resource accepts.
pub struct WriteSpec {
    pub required: &'static [&'static str],
    pub create: bool,
    pub update: bool,
}

pub fn spec(table: &str) -> Option<WriteSpec> {
    let (required, create, update): (&'static [&'static str], bool, bool) = match table {
        "purchase_orders" => (
            &["po-number", "supplier", "currency", "order-lines"],
            true,
            true,
        ),
        "invoices" => (
            &[
                "invoice-number",
                "invoice-date",
                "supplier",
                "currency",
                "invoice-lines",
            ],
            true,
            true,
        ),
        "suppliers" => (&["name"], true, true),
        "users" => (&["login", "email"], true, true),
        "requisitions" => (&["requisition-lines"], true, false),
        "expense_reports" => (&["expensed-by", "title"], true, true),
        "contracts" => (&["name", "supplier"], true, true),
        "inventory_transactions" => (&["quantity"], true, false),
        _ => return None,
    };
    Some(WriteSpec {
        required,
        create,
        update,
    })
}

const READ_ONLY: &[&str] = &["id", "created-at", "updated-at", "created-by", "updated-by"];
const LINE_KEYS: &[&str] = &[
    "order-lines",
    "invoice-lines",
    "requisition-lines",
    "expense-lines",
];

/// Keys with dashes, all the way down.
pub fn dasherize(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (k.replace('_', "-"), dasherize(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(dasherize).collect()),
        other => other,
    }
}

/// Where an association is looked up, and by which keys besides `id`.
fn association(key: &str) -> Option<(&'static str, &'static [&'static str])> {
    Some(match key {
        "supplier" => ("suppliers", &["name", "number"]),
        "currency" | "default-currency" => ("currencies", &["code"]),
        "requester" | "requested-by" | "expensed-by" | "contract-owner" | "manager"
        | "approver" => ("users", &["login", "email"]),
        "department" => ("departments", &["name"]),
        "account" | "default-account" => ("accounts", &["code"]),
        "commodity" => ("commodities", &["name"]),
        "item" => ("items", &["item-number", "name"]),
        "payment-term" => ("payment_terms", &["code"]),
        "order-line" => ("purchase_order_lines", &[]),
        _ => return None,
    })
}

fn find(store: &Store, table: &str, keys: &[&str], given: &Value) -> Option<Value> {
    let rows = store.table(table)?;
    if let Some(id) = given
        .get("id")
        .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
    {
        return rows.get(&id).cloned();
    }
    for k in keys {
        if let Some(want) = given.get(*k).and_then(Value::as_str) {
            if let Some(hit) = rows
                .values()
                .find(|r| r.get(*k).and_then(Value::as_str) == Some(want))
            {
                return Some(hit.clone());
            }
        }
    }
    None
}

/// Replaces association references by the records they name; lines recursively.
fn resolve(store: &Store, m: &mut Map<String, Value>, errors: &mut Invalid, prefix: &str) {
    let keys: Vec<String> = m.keys().cloned().collect();
    for key in keys {
        let Some(v) = m.get(&key).cloned() else {
            continue;
        };
        if LINE_KEYS.contains(&key.as_str()) {
            if let Value::Array(items) = v {
                let mut out = Vec::new();
                for item in items {
                    let mut line = match item {
                        Value::Object(l) => l,
                        _ => {
                            errors.push((key.clone(), "is invalid".into()));
                            continue;
                        }
                    };
                    resolve(store, &mut line, errors, &format!("{key}."));
                    out.push(Value::Object(line));
                }
                m.insert(key, Value::Array(out));
            }
            continue;
        }
        let Some((table, natural)) = association(&key) else {
            continue;
        };
        match &v {
            Value::Null => {}
            Value::Object(_) | Value::String(_) => {
                let given = match &v {
                    Value::String(s) => json!({ natural.first().copied().unwrap_or("id"): s }),
                    other => other.clone(),
                };
                match find(store, table, natural, &given) {
                    // Users inside other records are Coupa's UserSimple.
                    Some(full) if table == "users" => {
                        m.insert(key, user_simple(&full));
                    }
                    Some(full) => {
                        m.insert(key, full);
                    }
                    None => errors.push((format!("{prefix}{key}"), "not found".into())),
                }
            }
            _ => errors.push((format!("{prefix}{key}"), "is invalid".into())),
        }
    }
}

fn number(v: Option<&Value>) -> f64 {
    match v {
        Some(Value::String(s)) => s.trim().parse().unwrap_or(0.0),
        Some(Value::Number(n)) => n.as_f64().unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Ids, numbers and totals for new lines.
fn finish_lines(store: &mut Store, table: &str, record: &mut Map<String, Value>) -> f64 {
    let mut total = 0.0;
    for key in LINE_KEYS {
        let Some(Value::Array(lines)) = record.get_mut(*key) else {
            continue;
        };
        for (k, line) in lines.iter_mut().enumerate() {
            let Value::Object(l) = line else { continue };
            let amount = if *key == "expense-lines" {
                number(l.get("amount"))
            } else {
                let qty = number(l.get("quantity"));
                let price = number(l.get("price").or_else(|| l.get("unit-price")));
                match l.get("total") {
                    Some(t) if !t.is_null() => number(Some(t)),
                    _ => qty * price,
                }
            };
            if *key != "expense-lines" {
                l.insert("total".into(), json!(money(amount)));
            }
            total += amount;
            if !l.contains_key("id") {
                let line_table = format!("{table}#lines");
                let id = store.next_id(&line_table).max(500_000);
                store.put(&line_table, json!({"id": id}));
                l.insert("id".into(), json!(id));
            }
            let num_key = if *key == "expense-lines" {
                "line-number"
            } else {
                "line-num"
            };
            if l.get(num_key).is_none_or(Value::is_null) {
                l.insert(num_key.into(), json!((k + 1).to_string()));
            }
            let now = stamp_now();
            l.entry("created-at").or_insert(json!(now.clone()));
            l.insert("updated-at".into(), json!(now));
        }
    }
    total
}

fn clean(body: Value) -> Result<Map<String, Value>, Invalid> {
    match dasherize(body) {
        Value::Object(mut m) => {
            for k in READ_ONLY {
                m.remove(*k);
            }
            Ok(m)
        }
        _ => Err(vec![("base".into(), "must be an object".into())]),
    }
}

/// Creates a record; returns it as stored.
pub fn create(store: &mut Store, table: &str, body: Value) -> Result<Value, Invalid> {
    let spec = spec(table).filter(|s| s.create).ok_or_else(|| {
        vec![(
            "base".to_string(),
            "cannot be created through the API".to_string(),
        )]
    })?;
    let mut m = clean(body)?;
    let mut errors = Invalid::new();
    resolve(store, &mut m, &mut errors, "");
    if table == "inventory_transactions"
        && m.get("order-line").is_none_or(Value::is_null)
        && m.get("item").is_none_or(Value::is_null)
    {
        errors.push(("order-line".into(), "can't be blank".into()));
    }
    for r in spec.required {
        let present = match m.get(*r) {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !s.trim().is_empty(),
            _ => true,
        };
        if !present && !errors.iter().any(|(a, _)| a == r) {
            errors.push(((*r).to_string(), "can't be blank".into()));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let total = finish_lines(store, table, &mut m);
    defaults(table, &mut m, total);
    m.entry("custom-fields").or_insert(json!({}));
    complete(store, table, &mut m);
    let id = store.insert(table, Value::Object(m));
    link_lines(store, table, id);
    Ok(store.get(table, id).cloned().unwrap_or(Value::Null))
}

/// Coupa answers with every attribute of a record, null when unset: the attributes of
/// the table's other records (and of their lines) that the new one lacks become null.
fn complete(store: &Store, table: &str, m: &mut Map<String, Value>) {
    let Some(sample) = store.table(table).and_then(|t| t.values().next()).cloned() else {
        return;
    };
    let Value::Object(sample) = sample else {
        return;
    };
    for (k, v) in &sample {
        if LINE_KEYS.contains(&k.as_str()) {
            let line_sample = v
                .as_array()
                .and_then(|a| a.first())
                .and_then(Value::as_object);
            if let (Some(line_sample), Some(Value::Array(lines))) = (line_sample, m.get_mut(k)) {
                for line in lines.iter_mut().filter_map(Value::as_object_mut) {
                    for lk in line_sample.keys() {
                        line.entry(lk.clone()).or_insert(Value::Null);
                    }
                }
            }
        }
        m.entry(k.clone()).or_insert(Value::Null);
    }
}

fn defaults(table: &str, m: &mut Map<String, Value>, total: f64) {
    let set = |m: &mut Map<String, Value>, k: &str, v: Value| {
        if m.get(k).is_none_or(Value::is_null) {
            m.insert(k.into(), v);
        }
    };
    match table {
        "purchase_orders" => {
            m.insert("type".into(), json!("ExternalOrderHeader"));
            set(m, "status", json!("issued"));
            set(m, "version", json!(1));
            set(m, "exported", json!(false));
            set(m, "acknowledged-flag", json!(false));
        }
        "invoices" => {
            set(m, "status", json!("draft"));
            set(m, "document-type", json!("Invoice"));
            set(m, "is-credit-note", json!(false));
            set(m, "paid", json!(false));
            set(m, "exported", json!(false));
            m.insert("gross-total".into(), json!(money(total)));
            set(m, "tax-amount", json!(money(0.0)));
            let tax = number(m.get("tax-amount"));
            m.insert("total-with-taxes".into(), json!(money(total + tax)));
            m.insert("amount-due".into(), json!(money(total + tax)));
        }
        "suppliers" => {
            set(m, "status", json!("active"));
            set(m, "on-hold", json!(false));
            set(m, "one-time-supplier", json!(false));
            if let Some(n) = m.get("name").cloned() {
                set(m, "display-name", n);
            }
        }
        "users" => {
            set(m, "active", json!(true));
            let full = format!(
                "{} {}",
                m.get("firstname").and_then(Value::as_str).unwrap_or(""),
                m.get("lastname").and_then(Value::as_str).unwrap_or("")
            );
            m.insert("fullname".into(), json!(full.trim()));
        }
        "requisitions" => {
            set(m, "status", json!("pending_approval"));
            if let Some(code) = m.get("currency").and_then(|c| c.get("code")).cloned() {
                m.insert("currency".into(), code);
            }
            m.insert("total".into(), json!(money(total)));
            set(m, "exported", json!(false));
        }
        "expense_reports" => {
            set(m, "status", json!("draft"));
            m.insert("total".into(), json!(money(total)));
            set(m, "paid", json!(false));
            set(m, "exported", json!(false));
        }
        "contracts" => set(m, "status", json!("draft")),
        "inventory_transactions" => {
            set(m, "type", json!("ReceivingQuantityConsumption"));
            set(m, "status", json!("created"));
            set(m, "transaction-date", json!(stamp_now()));
            set(m, "exported", json!(false));
            if let Some(line) = m.get("order-line").cloned() {
                for k in ["item", "account", "currency", "uom", "price"] {
                    if let Some(v) = line.get(k) {
                        set(m, k, v.clone());
                    }
                }
            }
            let t = number(m.get("quantity")) * number(m.get("price"));
            m.insert("total".into(), json!(money(t)));
        }
        _ => {}
    }
}

/// A purchase order's lines are also listed on their own.
fn link_lines(store: &mut Store, table: &str, id: i64) {
    if table != "purchase_orders" {
        return;
    }
    let Some(po) = store.get(table, id).cloned() else {
        return;
    };
    for line in po["order-lines"].as_array().cloned().unwrap_or_default() {
        let mut l = line;
        if let Value::Object(m) = &mut l {
            m.insert("order-header-id".into(), json!(id));
            m.insert("order-header-number".into(), po["po-number"].clone());
            m.insert("supplier".into(), po["supplier"].clone());
            m.insert("currency".into(), po["currency"].clone());
            m.entry("custom-fields").or_insert(json!({}));
        }
        store.put("purchase_order_lines", l);
    }
}

/// Why an update cannot happen.
pub enum UpdateError {
    NotFound,
    Invalid(Invalid),
}

/// Updates the named attributes of a record; `exported` marks it exported.
pub fn update(
    store: &mut Store,
    table: &str,
    id: i64,
    body: Option<Value>,
    exported: Option<bool>,
) -> Result<Value, UpdateError> {
    let current = store.get(table, id).cloned().ok_or(UpdateError::NotFound)?;
    let marking_only = body.is_none() && exported.is_some();
    let updatable = spec(table).is_some_and(|s| s.update);
    if !updatable && !marking_only {
        return Err(UpdateError::Invalid(vec![(
            "base".into(),
            "cannot be updated through the API".into(),
        )]));
    }
    if table == "purchase_orders" && current["type"] == "ExternalOrderHeader" && !marking_only {
        return Err(UpdateError::Invalid(vec![(
            "base".into(),
            "External purchase orders cannot be modified".into(),
        )]));
    }
    let mut m = match body {
        Some(b) => clean(b).map_err(UpdateError::Invalid)?,
        None => Map::new(),
    };
    let mut errors = Invalid::new();
    resolve(store, &mut m, &mut errors, "");
    if !errors.is_empty() {
        return Err(UpdateError::Invalid(errors));
    }
    let relined = LINE_KEYS.iter().any(|k| m.contains_key(*k));
    let total = finish_lines(store, table, &mut m);
    // Coupa's order headers carry no total (their lines do).
    if relined && table != "purchase_orders" {
        let key = match table {
            "invoices" => "gross-total",
            _ => "total",
        };
        m.insert(key.into(), json!(money(total)));
    }
    if let Some(flag) = exported.or_else(|| m.get("exported").and_then(Value::as_bool)) {
        m.insert("exported".into(), json!(flag));
        if flag {
            m.insert("last-exported-at".into(), json!(stamp_now()));
        }
    }
    if let (Some(Value::Object(old)), Some(Value::Object(new))) =
        (current.get("custom-fields"), m.get_mut("custom-fields"))
    {
        for (k, v) in old {
            new.entry(k.clone()).or_insert(v.clone());
        }
    }
    store.update(table, id, Value::Object(m));
    link_lines(store, table, id);
    store.get(table, id).cloned().ok_or(UpdateError::NotFound)
}
