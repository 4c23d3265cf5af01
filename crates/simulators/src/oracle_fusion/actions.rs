//! Custom actions (`POST …/action/<name>`): what each does to the rows and the
//! `result` it answers. Those with an effect: `submit` on a draft order (it becomes a
//! purchase order, approved at once), `close`/`cancel` on orders and order lines,
//! `submit`/`cancel` on requisitions, `validateInvoice`/`cancelInvoice` on invoices,
//! `cancel` on agreements, `resetPassword` and friends on user accounts (no effect).
//! The rest answer `SUCCESS` without changing anything.

use base64::Engine;
use serde_json::{Map, Value, json};

use super::catalog::{Node, Resource, by_name};
use super::clock;
use super::fail::Fail;
use super::keys::RowKey;
use super::store::{Row, Step, Store};
use super::writes::{WriteCtx, touch};

/// An action's parameters, from either payload style.
pub fn parameters(body: &Value) -> Result<(Option<String>, Map<String, Value>), Fail> {
    let Some(m) = body.as_object() else {
        if body.is_null() {
            return Ok((None, Map::new()));
        }
        return Err(Fail::invalid("The action payload must be a JSON object."));
    };
    // `{"name": "close", "parameters": [{"closeAction": "close"}, {…}]}`
    if let (Some(Value::String(name)), Some(Value::Array(ps))) =
        (m.get("name"), m.get("parameters"))
    {
        let mut out = Map::new();
        for p in ps {
            if let Value::Object(pm) = p {
                out.extend(pm.clone());
            }
        }
        return Ok((Some(name.clone()), out));
    }
    Ok((None, m.clone()))
}

fn param<'a>(params: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| v.as_str())
}

fn set_status(row: &mut Row, code: &str, name: &str) {
    row.set("StatusCode", json!(code));
    row.set("Status", json!(name));
}

/// Sets the status of a row and of every line, schedule below it.
fn cascade_status(row: &mut Row, code: &str, name: &str) {
    set_status(row, code, name);
    for acc in ["lines", "schedules"] {
        if let Some(kids) = row.children.get_mut(acc) {
            for k in kids {
                cascade_status(k, code, name);
            }
        }
    }
}

/// Runs action `name` on the row at `key`/`steps` of `res` (`key: None` for a
/// collection-level action, which no resource here has: 404).
#[allow(clippy::too_many_arguments)]
pub fn run(
    ctx: &WriteCtx,
    store: &mut Store,
    res: &'static Resource,
    node: &'static Node,
    key: Option<&RowKey>,
    steps: &[Step],
    name: &str,
    params: &Map<String, Value>,
) -> Result<Value, Fail> {
    // no resource here has collection-level actions
    let (Some(key), true) = (key, node.actions.contains(&name)) else {
        return Err(Fail::not_found(format!("The action {name}")));
    };
    let row = store
        .locate(res, key, steps)
        .cloned()
        .ok_or_else(|| Fail::not_found("The resource item"))?;
    let at_line = !steps.is_empty();
    let result: Value = match (res.node.name, name) {
        ("draftPurchaseOrders", "submit") => return submit(ctx, store, key, row),
        ("purchaseOrders", "close") => {
            let how = param(params, "closeAction")
                .unwrap_or("close")
                .to_ascii_uppercase();
            let (code, label) = match how.as_str() {
                "CLOSE" => ("CLOSED", "Closed"),
                "CLOSE_FOR_RECEIVING" | "CLOSE FOR RECEIVING" => {
                    ("CLOSED FOR RECEIVING", "Closed for Receiving")
                }
                "CLOSE_FOR_INVOICING" | "CLOSE FOR INVOICING" => {
                    ("CLOSED FOR INVOICING", "Closed for Invoicing")
                }
                "FINALLY_CLOSE" | "FINALLY CLOSE" => ("FINALLY CLOSED", "Finally Closed"),
                _ => {
                    return Err(Fail::invalid(format!(
                        "The value {how} of the parameter closeAction isn't valid."
                    ))
                    .at("closeAction"));
                }
            };
            let status = row.get("StatusCode").as_str().unwrap_or("");
            if matches!(status, "CANCELED" | "FINALLY CLOSED") {
                return Err(Fail::invalid(format!(
                    "The purchase order {} can't be closed because its status is {status}.",
                    row.get("OrderNumber")
                )));
            }
            change(ctx, store, res, key, steps, |r| {
                cascade_status(r, code, label)
            })?;
            json!("SUCCESS")
        }
        ("purchaseOrders", "cancel") if !at_line => {
            let status = row.get("StatusCode").as_str().unwrap_or("");
            if matches!(status, "CANCELED" | "FINALLY CLOSED" | "CLOSED") {
                return Err(Fail::invalid(format!(
                    "The purchase order can't be canceled because its status is {status}."
                )));
            }
            change(ctx, store, res, key, steps, |r| {
                cascade_status(r, "CANCELED", "Canceled")
            })?;
            json!("SUCCESS")
        }
        ("purchaseOrders", "viewPDF") => {
            let pdf = format!(
                "%PDF-1.4\n% Purchase order {}\n%%EOF\n",
                row.get("OrderNumber")
            );
            json!(base64::engine::general_purpose::STANDARD.encode(pdf))
        }
        ("purchaseRequisitions", "submit") => {
            if row.children_of("lines").is_empty() {
                return Err(Fail::invalid(
                    "The requisition must have at least one line.",
                ));
            }
            if row.get("DocumentStatusCode") != "INCOMPLETE" {
                return Err(Fail::invalid(
                    "Only an incomplete requisition can be submitted.",
                ));
            }
            change(ctx, store, res, key, steps, |r| {
                r.set("DocumentStatusCode", json!("APPROVED"));
                r.set("DocumentStatus", json!("Approved"));
                r.set("ApprovedDate", json!(clock::stamp(ctx.now)));
                if let Some(lines) = r.children.get_mut("lines") {
                    for l in lines {
                        l.set("LineStatus", json!("APPROVED"));
                        l.set("LineStatusDisplayValue", json!("Approved"));
                    }
                }
            })?;
            json!("SUCCESS")
        }
        ("purchaseRequisitions", "cancel") => {
            change(ctx, store, res, key, steps, |r| {
                r.set("DocumentStatusCode", json!("CANCELED"));
                r.set("DocumentStatus", json!("Canceled"));
            })?;
            json!("SUCCESS")
        }
        ("invoices", "validateInvoice") => {
            if row.get("CanceledFlag") == &Value::Bool(true) {
                return Err(Fail::invalid("A canceled invoice can't be validated."));
            }
            change(ctx, store, res, key, steps, |r| {
                r.set("ValidationStatus", json!("Validated"));
            })?;
            json!("SUCCESS")
        }
        ("invoices", "cancelInvoice") => {
            if row.get("PaidStatus") != "Unpaid" {
                return Err(Fail::invalid("A paid invoice can't be canceled."));
            }
            change(ctx, store, res, key, steps, |r| {
                r.set("CanceledFlag", json!(true));
                r.set("InvoiceAmount", json!(0.0));
                r.set("ValidationStatus", json!("Canceled"));
            })?;
            json!("SUCCESS")
        }
        ("purchaseAgreements", "cancel") => {
            change(ctx, store, res, key, steps, |r| {
                set_status(r, "CANCELED", "Canceled")
            })?;
            json!("SUCCESS")
        }
        _ => json!("SUCCESS"),
    };
    Ok(result)
}

/// Applies `f` to the target row and marks it (and its parents) changed.
fn change(
    ctx: &WriteCtx,
    store: &mut Store,
    res: &Resource,
    key: &RowKey,
    steps: &[Step],
    f: impl FnOnce(&mut Row),
) -> Result<(), Fail> {
    for depth in (0..steps.len()).rev() {
        if let Some(parent) = store.locate_mut(res, key, &steps[..depth]) {
            touch(ctx, parent);
        }
    }
    let row = store
        .locate_mut(res, key, steps)
        .ok_or_else(|| Fail::not_found("The resource item"))?;
    f(row);
    touch(ctx, row);
    Ok(())
}

/// A submitted draft is approved at once: it becomes (or replaces) the purchase order
/// with its id, open, and the draft is gone.
fn submit(ctx: &WriteCtx, store: &mut Store, key: &RowKey, draft: Row) -> Result<Value, Fail> {
    let lines = draft.children_of("lines");
    if lines.is_empty() {
        return Err(Fail::invalid(
            "The purchase order must have at least one line.",
        ));
    }
    for l in lines {
        if l.get("Price").is_null() || l.get("Quantity").as_f64().unwrap_or(0.0) <= 0.0 {
            return Err(Fail::invalid(format!(
                "Line {} needs a price and a quantity.",
                l.get("LineNumber")
            )));
        }
    }
    if draft.get("StatusCode") == "PENDING APPROVAL" {
        return Err(Fail::invalid(
            "The purchase order is already pending approval.",
        ));
    }
    let mut order = draft;
    cascade_status(&mut order, "OPEN", "Open");
    touch(ctx, &mut order);
    let (Some(orders), Some(drafts)) = (by_name("purchaseOrders"), by_name("draftPurchaseOrders"))
    else {
        return Err(Fail::new(
            500,
            "27500",
            "The catalogue lacks purchase orders.",
        ));
    };
    if let Some(old) = store.get("purchaseOrders", key) {
        order.version = old.version + 1;
    }
    store.put(orders, order);
    store.remove(drafts.node.name, key);
    Ok(json!("SUCCESS"))
}
