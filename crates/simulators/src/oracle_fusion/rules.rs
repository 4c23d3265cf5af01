//! What each writable resource derives and checks on a write, as Fusion does: names
//! resolved to ids and back (business units, suppliers, sites, items, accounts),
//! defaults (currency from the business unit, buyer and preparer from the signed-in
//! user, numbers, statuses), amounts and totals, and default schedules, distributions
//! and installments. Unknown names are 400s worded like Fusion's
//! "The value of the attribute … isn't valid."

use serde_json::{Map, Value, json};

use super::clock;
use super::fail::Fail;
use super::store::{Row, Store};
use super::writes::{Place, WriteCtx};

fn invalid_value(attr: &str) -> Fail {
    Fail::invalid(format!("The value of the attribute {attr} isn't valid.")).at(attr)
}

fn required(attr: &str, node: &str) -> Fail {
    Fail::invalid(format!("The attribute {attr} is required for {node}.")).at(attr)
}

fn get<'a>(attrs: &'a Map<String, Value>, k: &str) -> &'a Value {
    attrs.get(k).unwrap_or(&Value::Null)
}

fn set(attrs: &mut Map<String, Value>, k: &str, v: impl Into<Value>) {
    attrs.insert(k.to_string(), v.into());
}

fn num(attrs: &Map<String, Value>, k: &str) -> Option<f64> {
    get(attrs, k).as_f64()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Resolves a pair like `ProcurementBUId`/`ProcurementBU` against a table's id and
/// name columns, filling the other half; `Ok(None)` when neither is given.
fn resolve<'s>(
    store: &'s Store,
    attrs: &mut Map<String, Value>,
    (id_attr, name_attr): (&str, &str),
    table: &str,
    (id_col, name_col): (&str, &str),
) -> Result<Option<&'s Row>, Fail> {
    let id = get(attrs, id_attr).clone();
    let name = get(attrs, name_attr).clone();
    let row = match (&id, &name) {
        (Value::Null, Value::Null) => return Ok(None),
        (Value::Null, n) => store
            .find_by(table, name_col, n)
            .ok_or_else(|| invalid_value(name_attr))?,
        (i, n) => {
            let r = store
                .find_by(table, id_col, i)
                .ok_or_else(|| invalid_value(id_attr))?;
            if !n.is_null() && r.get(name_col) != n {
                return Err(invalid_value(name_attr));
            }
            r
        }
    };
    set(attrs, id_attr, row.get(id_col).clone());
    set(attrs, name_attr, row.get(name_col).clone());
    Ok(Some(row))
}

fn bu(
    store: &Store,
    attrs: &mut Map<String, Value>,
    id: &str,
    name: &str,
) -> Result<Option<Row>, Fail> {
    Ok(resolve(
        store,
        attrs,
        (id, name),
        "finBusinessUnitsLOV",
        ("BusinessUnitId", "BusinessUnitName"),
    )?
    .cloned())
}

/// The worker the signed-in user is (through the user account's `PersonId`).
fn me(ctx: &WriteCtx, store: &Store) -> Option<(i64, String, String)> {
    let account = store.rows("userAccounts").find(|u| {
        u.get("Username")
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case(ctx.user))
    })?;
    let person_id = account.get("PersonId").as_i64()?;
    let worker = store
        .rows("workers")
        .find(|w| w.get("PersonId").as_i64() == Some(person_id))?;
    let name = worker
        .children_of("names")
        .first()?
        .get("DisplayName")
        .as_str()?
        .to_string();
    let email = worker
        .children_of("emails")
        .first()
        .and_then(|e| e.get("EmailAddress").as_str())
        .unwrap_or("")
        .to_string();
    Some((person_id, name, email))
}

fn worker_by(
    store: &Store,
    attrs: &mut Map<String, Value>,
    id_attr: &str,
    name_attr: &str,
) -> Result<bool, Fail> {
    let display = |w: &Row| {
        w.children_of("names")
            .first()
            .map(|n| n.get("DisplayName").clone())
            .unwrap_or(Value::Null)
    };
    match (get(attrs, id_attr).clone(), get(attrs, name_attr).clone()) {
        (Value::Null, Value::Null) => Ok(false),
        (Value::Null, name) => {
            let w = store
                .rows("workers")
                .find(|w| display(w) == name)
                .ok_or_else(|| invalid_value(name_attr))?;
            set(attrs, id_attr, w.get("PersonId").clone());
            Ok(true)
        }
        (id, _) => {
            let w = store
                .rows("workers")
                .find(|w| w.get("PersonId") == &id)
                .ok_or_else(|| invalid_value(id_attr))?;
            set(attrs, name_attr, display(w));
            Ok(true)
        }
    }
}

/// The item named by `ItemId` or `Item` (an item number), in any organisation.
fn item(store: &Store, attrs: &mut Map<String, Value>) -> Result<Option<Row>, Fail> {
    let found = match (get(attrs, "ItemId").clone(), get(attrs, "Item").clone()) {
        (Value::Null, Value::Null) => return Ok(None),
        (Value::Null, n) => store
            .find_by("itemsV2", "ItemNumber", &n)
            .ok_or_else(|| invalid_value("Item"))?,
        (id, _) => store
            .find_by("itemsV2", "ItemId", &id)
            .ok_or_else(|| invalid_value("ItemId"))?,
    };
    set(attrs, "ItemId", found.get("ItemId").clone());
    set(attrs, "Item", found.get("ItemNumber").clone());
    Ok(Some(found.clone()))
}

fn account(store: &Store, code: &Value, attr: &str) -> Result<Row, Fail> {
    let row = store
        .find_by("accountCombinationsLOV", "ConcatenatedSegments", code)
        .ok_or_else(|| invalid_value(attr))?;
    if row.get("EnabledFlag") != &Value::Bool(true) {
        return Err(Fail::invalid(format!("The account {code} is disabled.")).at(attr));
    }
    Ok(row.clone())
}

fn next_number(siblings: &[Row], attr: &str) -> i64 {
    siblings
        .iter()
        .filter_map(|r| r.get(attr).as_i64())
        .max()
        .unwrap_or(0)
        + 1
}

fn currency_name(code: &str) -> &'static str {
    match code {
        "EUR" => "Euro",
        "GBP" => "Pound Sterling",
        "CAD" => "Canadian Dollar",
        "JPY" => "Yen",
        "CHF" => "Swiss Franc",
        _ => "US Dollar",
    }
}

fn next_order_number(store: &Store) -> String {
    let max = ["purchaseOrders", "draftPurchaseOrders"]
        .iter()
        .flat_map(|t| store.rows(t))
        .filter_map(|r| r.get("OrderNumber").as_str()?.parse::<i64>().ok())
        .max()
        .unwrap_or(1_000_000);
    (max + 1).to_string()
}

/// Line defaults shared by draft orders and requisitions.
fn goods_line(
    store: &Store,
    attrs: &mut Map<String, Value>,
    siblings: &[Row],
    type_attr: &str,
) -> Result<(), Fail> {
    if get(attrs, "LineNumber").is_null() {
        set(attrs, "LineNumber", next_number(siblings, "LineNumber"));
    }
    if let Some(it) = item(store, attrs)? {
        for (to, from) in [
            ("ItemDescription", "ItemDescription"),
            ("UOM", "PrimaryUOMValue"),
        ] {
            if get(attrs, to).is_null() {
                set(attrs, to, it.get(from).clone());
            }
        }
        if get(attrs, "Price").is_null() {
            set(attrs, "Price", it.get("ListPrice").clone());
        }
        let cat = it.get("CategoryCode").clone();
        for name in ["Category", "CategoryName"] {
            if (attrs.contains_key(name) || name == "Category") && get(attrs, name).is_null() {
                set(attrs, name, cat.clone());
            }
        }
    } else if get(attrs, "ItemDescription").is_null() {
        return Err(required("ItemDescription", "a line without an item"));
    }
    if get(attrs, type_attr).is_null() {
        set(attrs, type_attr, "Goods");
    }
    if get(attrs, "UOM").is_null() && get(attrs, "UOMCode").is_null() {
        set(attrs, "UOMCode", "Ea");
        set(attrs, "UOM", "Each");
    }
    if get(attrs, "UOMCode").is_null() {
        let code = match get(attrs, "UOM").as_str() {
            Some("Hours") => "HRS",
            _ => "Ea",
        };
        set(attrs, "UOMCode", code);
    }
    let qty = num(attrs, "Quantity").ok_or_else(|| required("Quantity", "a line"))?;
    if qty <= 0.0 {
        return Err(Fail::invalid("The quantity must be greater than zero.").at("Quantity"));
    }
    let price = num(attrs, "Price").ok_or_else(|| required("Price", "a line"))?;
    set(attrs, "Amount", round2(qty * price));
    Ok(())
}

/// Before a new row is stored (children not built yet).
pub fn on_create(
    ctx: &WriteCtx,
    store: &mut Store,
    place: &Place,
    attrs: &mut Map<String, Value>,
    siblings: &[Row],
) -> Result<(), Fail> {
    let parent = place.parent;
    match place.spath.as_str() {
        "draftPurchaseOrders" => {
            let unit = bu(store, attrs, "ProcurementBUId", "ProcurementBU")?
                .ok_or_else(|| required("ProcurementBUId", "a draft purchase order"))?;
            let unit_id = unit.get("BusinessUnitId").clone();
            let unit_name = unit.get("BusinessUnitName").clone();
            for (id, name) in [
                ("RequisitioningBUId", "RequisitioningBU"),
                ("BillToBUId", "BillToBU"),
            ] {
                if bu(store, attrs, id, name)?.is_none() {
                    set(attrs, id, unit_id.clone());
                    set(attrs, name, unit_name.clone());
                }
            }
            set(
                attrs,
                "SoldToLegalEntityId",
                unit.get("LegalEntityId").clone(),
            );
            set(attrs, "SoldToLegalEntity", unit_name.clone());
            let sup = resolve(
                store,
                attrs,
                ("SupplierId", "Supplier"),
                "suppliers",
                ("SupplierId", "Supplier"),
            )?
            .cloned()
            .ok_or_else(|| required("SupplierId", "a draft purchase order"))?;
            site(&sup, attrs, Some(&unit_id))?;
            if !worker_by(store, attrs, "BuyerId", "Buyer")? {
                if let Some((id, name, email)) = me(ctx, store) {
                    set(attrs, "BuyerId", id);
                    set(attrs, "Buyer", name);
                    set(attrs, "BuyerEmail", email);
                }
            }
            let currency = get(attrs, "CurrencyCode")
                .as_str()
                .map(str::to_string)
                .or_else(|| unit.get("DefaultCurrencyCode").as_str().map(str::to_string))
                .unwrap_or_else(|| "USD".into());
            set(attrs, "Currency", currency_name(&currency));
            set(attrs, "CurrencyCode", currency);
            // A number the client gives is kept (manual numbering) when no order or
            // draft holds it; without one, the next number.
            match get(attrs, "OrderNumber").clone() {
                Value::Null => set(attrs, "OrderNumber", next_order_number(store)),
                number => {
                    let taken = ["purchaseOrders", "draftPurchaseOrders"]
                        .iter()
                        .flat_map(|t| store.rows(t))
                        .any(|r| r.get("OrderNumber") == &number);
                    if taken || number.as_str().is_none_or(|n| n.trim().is_empty()) {
                        return Err(Fail::invalid(format!(
                            "The order number {number} is already used or isn't valid."
                        ))
                        .at("OrderNumber"));
                    }
                }
            }
            set(attrs, "StatusCode", "INCOMPLETE");
            set(attrs, "Status", "Incomplete");
            set(attrs, "DocumentStyleId", 1);
            set(attrs, "DocumentStyle", "Purchase Order");
            set(attrs, "OrderedDate", clock::date(ctx.now));
            set(attrs, "RevisionNumber", 0);
            if get(attrs, "ShipToLocationId").is_null() {
                set(attrs, "ShipToLocationId", 204);
                set(attrs, "ShipToLocationCode", "V1- New York City");
            }
        }
        "draftPurchaseOrders/lines" => {
            goods_line(store, attrs, siblings, "LineType")?;
            if let Some(p) = parent {
                for k in ["CurrencyCode", "Currency", "StatusCode", "Status"] {
                    set(attrs, k, get(p, k).clone());
                }
            }
            set(
                attrs,
                "LineTypeId",
                if get(attrs, "LineType") == "Services" {
                    3
                } else {
                    1
                },
            );
        }
        "draftPurchaseOrders/lines/schedules" => {
            if get(attrs, "ScheduleNumber").is_null() {
                set(
                    attrs,
                    "ScheduleNumber",
                    next_number(siblings, "ScheduleNumber"),
                );
            }
            if let Some(p) = parent {
                if get(attrs, "Quantity").is_null() {
                    set(attrs, "Quantity", get(p, "Quantity").clone());
                }
                let price = num(p, "Price").unwrap_or(0.0);
                set(
                    attrs,
                    "Amount",
                    round2(num(attrs, "Quantity").unwrap_or(0.0) * price),
                );
                set(attrs, "StatusCode", get(p, "StatusCode").clone());
                set(attrs, "Status", get(p, "Status").clone());
                let goods = get(p, "LineType") != "Services";
                set(
                    attrs,
                    "DestinationTypeCode",
                    if goods { "INVENTORY" } else { "EXPENSE" },
                );
            }
            for (k, v) in [
                ("QuantityReceived", json!(0.0)),
                ("QuantityAccepted", json!(0.0)),
                ("QuantityBilled", json!(0.0)),
                ("ShipToOrganizationId", json!(207)),
                ("ShipToOrganizationCode", json!("M1")),
                ("ShipToLocationId", json!(204)),
                ("ShipToLocationCode", json!("V1- New York City")),
                ("InvoiceMatchOptionCode", json!("P")),
                ("MatchApprovalLevelCode", json!("3")),
            ] {
                if get(attrs, k).is_null() {
                    set(attrs, k, v);
                }
            }
        }
        "draftPurchaseOrders/lines/schedules/distributions" => {
            if get(attrs, "DistributionNumber").is_null() {
                set(
                    attrs,
                    "DistributionNumber",
                    next_number(siblings, "DistributionNumber"),
                );
            }
            if let Some(p) = parent {
                if get(attrs, "Quantity").is_null() {
                    set(attrs, "Quantity", get(p, "Quantity").clone());
                }
            }
            let code = match get(attrs, "POChargeAccount") {
                Value::Null => json!("01-000-7110-0000-000"),
                c => c.clone(),
            };
            let acct = account(store, &code, "POChargeAccount")?;
            set(attrs, "POChargeAccount", code);
            set(
                attrs,
                "POChargeAccountId",
                acct.get("_CODE_COMBINATION_ID").clone(),
            );
            set(attrs, "ChartOfAccountId", 101);
            if get(attrs, "BudgetDate").is_null() {
                set(attrs, "BudgetDate", clock::date(ctx.now));
            }
        }
        "purchaseRequisitions" => {
            let unit = bu(store, attrs, "RequisitioningBUId", "RequisitioningBU")?
                .ok_or_else(|| required("RequisitioningBUId", "a requisition"))?;
            if !worker_by(store, attrs, "PreparerId", "Preparer")? {
                if let Some((id, name, email)) = me(ctx, store) {
                    set(attrs, "PreparerId", id);
                    set(attrs, "Preparer", name);
                    set(attrs, "PreparerEmail", email);
                }
            }
            let next = store
                .rows("purchaseRequisitions")
                .filter_map(|r| r.get("Requisition").as_str()?.parse::<i64>().ok())
                .max()
                .unwrap_or(100_000)
                + 1;
            set(attrs, "Requisition", next.to_string());
            set(attrs, "DocumentStatusCode", "INCOMPLETE");
            set(attrs, "DocumentStatus", "Incomplete");
            set(attrs, "FundsStatus", "NOT_APPLICABLE");
            if get(attrs, "ExternallyManagedFlag").is_null() {
                set(attrs, "ExternallyManagedFlag", false);
            }
            let _ = unit;
        }
        "purchaseRequisitions/lines" => {
            goods_line(store, attrs, siblings, "LineTypeCode")?;
            set(attrs, "LineType", get(attrs, "LineTypeCode").clone());
            if get(attrs, "CurrencyCode").is_null() {
                set(attrs, "CurrencyCode", "USD");
            }
            let code = get(attrs, "CurrencyCode")
                .as_str()
                .unwrap_or("USD")
                .to_string();
            set(attrs, "Currency", currency_name(&code));
            set(attrs, "LineStatus", "INCOMPLETE");
            set(attrs, "LineStatusDisplayValue", "Incomplete");
            if let Some(p) = parent {
                if get(attrs, "RequesterId").is_null() {
                    set(attrs, "RequesterId", get(p, "PreparerId").clone());
                    set(attrs, "Requester", get(p, "Preparer").clone());
                }
            }
            if !get(attrs, "Supplier").is_null() || !get(attrs, "SupplierId").is_null() {
                resolve(
                    store,
                    attrs,
                    ("SupplierId", "Supplier"),
                    "suppliers",
                    ("SupplierId", "Supplier"),
                )?;
            }
        }
        "purchaseRequisitions/lines/distributions" => {
            if get(attrs, "DistributionNumber").is_null() {
                set(
                    attrs,
                    "DistributionNumber",
                    next_number(siblings, "DistributionNumber"),
                );
            }
            let code = match get(attrs, "ChargeAccount") {
                Value::Null => json!("01-000-7110-0000-000"),
                c => c.clone(),
            };
            let acct = account(store, &code, "ChargeAccount")?;
            set(attrs, "ChargeAccount", code);
            set(
                attrs,
                "ChargeAccountId",
                acct.get("_CODE_COMBINATION_ID").clone(),
            );
            if let Some(p) = parent {
                if get(attrs, "Quantity").is_null() {
                    set(attrs, "Quantity", get(p, "Quantity").clone());
                }
            }
            if get(attrs, "Percent").is_null() {
                set(attrs, "Percent", 100);
            }
        }
        "suppliers" => {
            let name = get(attrs, "Supplier").clone();
            if name.as_str().is_none_or(|s| s.trim().is_empty()) {
                return Err(required("Supplier", "a supplier"));
            }
            if store.find_by("suppliers", "Supplier", &name).is_some() {
                return Err(
                    Fail::invalid(format!("A supplier named {name} already exists."))
                        .at("Supplier"),
                );
            }
            let next = store
                .rows("suppliers")
                .filter_map(|r| r.get("SupplierNumber").as_str()?.parse::<i64>().ok())
                .max()
                .unwrap_or(1250)
                + 3;
            set(attrs, "SupplierNumber", next.to_string());
            set(attrs, "SupplierPartyId", store.id());
            for (k, v) in [
                ("SupplierType", json!("Supplier")),
                ("BusinessRelationship", json!("Prospective")),
                ("Status", json!("ACTIVE")),
                ("OneTimeSupplierFlag", json!(false)),
            ] {
                if get(attrs, k).is_null() {
                    set(attrs, k, v);
                }
            }
        }
        "suppliers/sites" => {
            if get(attrs, "SupplierSite").is_null() {
                return Err(required("SupplierSite", "a supplier site"));
            }
            bu(store, attrs, "ProcurementBUId", "ProcurementBU")?
                .ok_or_else(|| required("ProcurementBUId", "a supplier site"))?;
            if siblings
                .iter()
                .any(|s| s.get("SupplierSite") == get(attrs, "SupplierSite"))
            {
                return Err(Fail::invalid("The supplier site already exists.").at("SupplierSite"));
            }
        }
        "invoices" => invoice_header(ctx, store, attrs)?,
        "invoices/invoiceLines" => {
            if get(attrs, "LineNumber").is_null() {
                set(attrs, "LineNumber", next_number(siblings, "LineNumber"));
            }
            if get(attrs, "LineType").is_null() {
                set(attrs, "LineType", "Item");
            }
            let amount = num(attrs, "LineAmount")
                .ok_or_else(|| required("LineAmount", "an invoice line"))?;
            set(attrs, "LineAmount", round2(amount));
            if let Some(po) = get(attrs, "PurchaseOrderNumber")
                .as_str()
                .map(str::to_string)
            {
                po_match(store, attrs, &po)?;
            }
            match get(attrs, "DistributionCombination").clone() {
                Value::Null => set(attrs, "DistributionCombination", "01-000-7110-0000-000"),
                code => {
                    account(store, &code, "DistributionCombination")?;
                }
            }
            if get(attrs, "AccountingDate").is_null() {
                let d = parent.map_or(Value::Null, |p| get(p, "AccountingDate").clone());
                set(attrs, "AccountingDate", d);
            }
            set(attrs, "CanceledFlag", false);
        }
        "invoices/invoiceLines/invoiceDistributions" => {
            if get(attrs, "DistributionLineNumber").is_null() {
                set(
                    attrs,
                    "DistributionLineNumber",
                    next_number(siblings, "DistributionLineNumber"),
                );
            }
            if let Some(code) = attrs
                .get("DistributionCombination")
                .filter(|v| !v.is_null())
                .cloned()
            {
                account(store, &code, "DistributionCombination")?;
            }
            if num(attrs, "DistributionAmount").is_none() {
                return Err(required("DistributionAmount", "an invoice distribution"));
            }
        }
        "itemsV2" => {
            let org = match (
                get(attrs, "OrganizationId").clone(),
                get(attrs, "OrganizationCode").clone(),
            ) {
                (Value::Null, Value::Null) => return Err(required("OrganizationId", "an item")),
                (Value::Null, code) => store
                    .find_by("itemsV2", "OrganizationCode", &code)
                    .ok_or_else(|| invalid_value("OrganizationCode"))?,
                (id, _) => store
                    .find_by("itemsV2", "OrganizationId", &id)
                    .ok_or_else(|| invalid_value("OrganizationId"))?,
            };
            let (org_id, org_code) = (
                org.get("OrganizationId").clone(),
                org.get("OrganizationCode").clone(),
            );
            set(attrs, "OrganizationId", org_id.clone());
            set(attrs, "OrganizationCode", org_code);
            let number = get(attrs, "ItemNumber").clone();
            if let Some(existing) = store.find_by("itemsV2", "ItemNumber", &number) {
                if store
                    .rows("itemsV2")
                    .any(|r| r.get("ItemNumber") == &number && r.get("OrganizationId") == &org_id)
                {
                    return Err(Fail::invalid(format!(
                        "The item {number} already exists in the organization."
                    ))
                    .at("ItemNumber"));
                }
                // the same item assigned to another organisation keeps its id
                set(attrs, "ItemId", existing.get("ItemId").clone());
            }
            for (k, v) in [
                ("ItemStatusValue", json!("Active")),
                ("ApprovalStatusValue", json!("Approved")),
                ("LifecyclePhaseValue", json!("Production")),
                ("PrimaryUOMValue", json!("Each")),
                ("UserItemTypeValue", json!("Finished Good")),
                ("PurchasableFlag", json!(true)),
                ("PurchasingFlag", json!(true)),
            ] {
                if get(attrs, k).is_null() {
                    set(attrs, k, v);
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// The site named on a document must belong to its supplier (and to the business unit
/// when one is given).
fn site(sup: &Row, attrs: &mut Map<String, Value>, bu_id: Option<&Value>) -> Result<(), Fail> {
    let sites = sup.children_of("sites");
    let found = match (
        get(attrs, "SupplierSiteId").clone(),
        get(attrs, "SupplierSite").clone(),
    ) {
        (Value::Null, Value::Null) => return Err(required("SupplierSiteId", "the document")),
        (Value::Null, name) => sites.iter().find(|s| s.get("SupplierSite") == &name),
        (id, _) => sites.iter().find(|s| s.get("SupplierSiteId") == &id),
    }
    .ok_or_else(|| invalid_value("SupplierSite"))?;
    if let Some(b) = bu_id {
        if found.get("ProcurementBUId") != b {
            return Err(Fail::invalid(
                "The supplier site isn't valid for the procurement business unit.",
            )
            .at("SupplierSite"));
        }
    }
    set(attrs, "SupplierSiteId", found.get("SupplierSiteId").clone());
    set(attrs, "SupplierSite", found.get("SupplierSite").clone());
    Ok(())
}

fn invoice_header(
    ctx: &WriteCtx,
    store: &Store,
    attrs: &mut Map<String, Value>,
) -> Result<(), Fail> {
    let unit = store
        .find_by(
            "finBusinessUnitsLOV",
            "BusinessUnitName",
            get(attrs, "BusinessUnit"),
        )
        .ok_or_else(|| invalid_value("BusinessUnit"))?
        .clone();
    let sup = match (
        get(attrs, "Supplier").clone(),
        get(attrs, "SupplierNumber").clone(),
    ) {
        (Value::Null, Value::Null) => return Err(required("Supplier", "an invoice")),
        (Value::Null, n) => store
            .find_by("suppliers", "SupplierNumber", &n)
            .ok_or_else(|| invalid_value("SupplierNumber"))?,
        (s, _) => store
            .find_by("suppliers", "Supplier", &s)
            .ok_or_else(|| invalid_value("Supplier"))?,
    }
    .clone();
    set(attrs, "Supplier", sup.get("Supplier").clone());
    set(attrs, "SupplierNumber", sup.get("SupplierNumber").clone());
    site(&sup, attrs, None)?;
    attrs.remove("SupplierSiteId");
    let number = get(attrs, "InvoiceNumber").clone();
    if store
        .rows("invoices")
        .any(|r| r.get("InvoiceNumber") == &number && r.get("Supplier") == sup.get("Supplier"))
    {
        return Err(Fail::invalid(format!(
            "The invoice number {number} already exists for the supplier."
        ))
        .at("InvoiceNumber"));
    }
    let currency = get(attrs, "InvoiceCurrency")
        .as_str()
        .map(str::to_string)
        .or_else(|| unit.get("DefaultCurrencyCode").as_str().map(str::to_string))
        .unwrap_or_else(|| "USD".into());
    set(attrs, "InvoiceCurrency", currency.clone());
    if get(attrs, "PaymentCurrency").is_null() {
        set(attrs, "PaymentCurrency", currency);
    }
    let today = clock::date(ctx.now);
    for (k, v) in [
        ("InvoiceDate", json!(today)),
        ("AccountingDate", json!(today)),
        ("TermsDate", json!(today)),
        ("InvoiceType", json!("Standard")),
        ("InvoiceSource", json!("REST")),
        ("PaymentTerms", json!("Net 30")),
        ("PaymentMethod", json!("Check")),
        ("PayGroup", json!("Standard")),
    ] {
        if get(attrs, k).is_null() {
            set(attrs, k, v);
        }
    }
    set(attrs, "ProcurementBU", unit.get("BusinessUnitName").clone());
    set(attrs, "LegalEntityId", unit.get("LegalEntityId").clone());
    set(attrs, "LegalEntity", unit.get("BusinessUnitName").clone());
    set(attrs, "ValidationStatus", "Not validated");
    set(attrs, "ApprovalStatus", "Required");
    set(attrs, "PaidStatus", "Unpaid");
    set(attrs, "AccountingStatus", "Unaccounted");
    set(attrs, "CanceledFlag", false);
    set(attrs, "AmountPaid", 0.0);
    Ok(())
}

/// A PO-matched invoice line names an existing order, line and schedule.
fn po_match(store: &Store, attrs: &mut Map<String, Value>, po: &str) -> Result<(), Fail> {
    let order = store
        .find_by("purchaseOrders", "OrderNumber", &json!(po))
        .ok_or_else(|| invalid_value("PurchaseOrderNumber"))?;
    let line_no = get(attrs, "PurchaseOrderLineNumber").clone();
    if line_no.is_null() {
        return Ok(());
    }
    let want_line = line_no
        .as_i64()
        .or_else(|| line_no.as_str().and_then(|s| s.parse().ok()))
        .ok_or_else(|| invalid_value("PurchaseOrderLineNumber"))?;
    let line = order
        .children_of("lines")
        .iter()
        .find(|l| l.get("LineNumber").as_i64() == Some(want_line))
        .ok_or_else(|| invalid_value("PurchaseOrderLineNumber"))?;
    if let Some(sn) = get(attrs, "PurchaseOrderScheduleLineNumber")
        .clone()
        .as_i64()
        .or_else(|| {
            get(attrs, "PurchaseOrderScheduleLineNumber")
                .as_str()
                .and_then(|s| s.parse().ok())
        })
    {
        if !line
            .children_of("schedules")
            .iter()
            .any(|s| s.get("ScheduleNumber").as_i64() == Some(sn))
        {
            return Err(invalid_value("PurchaseOrderScheduleLineNumber"));
        }
    }
    if get(attrs, "ItemDescription").is_null() {
        set(
            attrs,
            "ItemDescription",
            line.get("ItemDescription").clone(),
        );
    }
    if get(attrs, "UOM").is_null() {
        set(attrs, "UOM", line.get("UOM").clone());
    }
    Ok(())
}

/// Before an updated row is stored.
pub fn on_update(
    _ctx: &WriteCtx,
    store: &mut Store,
    place: &Place,
    attrs: &mut Map<String, Value>,
) -> Result<(), Fail> {
    match place.spath.as_str() {
        "draftPurchaseOrders/lines" | "purchaseRequisitions/lines" => {
            let qty = num(attrs, "Quantity").unwrap_or(0.0);
            if qty <= 0.0 {
                return Err(Fail::invalid("The quantity must be greater than zero.").at("Quantity"));
            }
            let price = num(attrs, "Price").unwrap_or(0.0);
            set(attrs, "Amount", round2(qty * price));
        }
        "draftPurchaseOrders/lines/schedules/distributions" => {
            let code = get(attrs, "POChargeAccount").clone();
            if !code.is_null() {
                let acct = account(store, &code, "POChargeAccount")?;
                set(
                    attrs,
                    "POChargeAccountId",
                    acct.get("_CODE_COMBINATION_ID").clone(),
                );
            }
        }
        "invoices/invoiceLines" => {
            if let Some(code) = attrs
                .get("DistributionCombination")
                .filter(|v| !v.is_null())
                .cloned()
            {
                account(store, &code, "DistributionCombination")?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// After a row's children are built or changed: defaults that need them, and totals.
pub fn after_children(
    ctx: &WriteCtx,
    store: &mut Store,
    place: &Place,
    row: &mut Row,
) -> Result<(), Fail> {
    let _ = ctx;
    match place.spath.as_str() {
        "draftPurchaseOrders" => {
            let ordered = round2(
                row.children_of("lines")
                    .iter()
                    .filter_map(|l| l.get("Amount").as_f64())
                    .sum(),
            );
            let tax = row.get("TotalTax").as_f64().unwrap_or(0.0);
            row.set("Ordered", json!(ordered));
            row.set("TotalTax", json!(tax));
            row.set("Total", json!(round2(ordered + tax)));
        }
        "draftPurchaseOrders/lines" | "purchaseRequisitions/lines" => {
            let (child, keys) = if place.spath.starts_with("draft") {
                ("schedules", "LineLocationId")
            } else {
                ("distributions", "RequisitionDistributionId")
            };
            if row.children_of(child).is_empty() {
                default_child(ctx, store, place, row, child, keys)?;
            }
        }
        "draftPurchaseOrders/lines/schedules" if row.children_of("distributions").is_empty() => {
            default_child(ctx, store, place, row, "distributions", "PODistributionId")?;
        }
        "purchaseRequisitions" => {}
        "invoices" if row.children_of("invoiceInstallments").is_empty() => {
            let amount = row.get("InvoiceAmount").clone();
            let mut m = Map::new();
            m.insert("InvoiceId".into(), row.get("InvoiceId").clone());
            m.insert("InstallmentNumber".into(), json!(1));
            m.insert(
                "DueDate".into(),
                json!(clock::date(ctx.now + 30 * 86_400_000)),
            );
            m.insert("GrossAmount".into(), amount.clone());
            m.insert("UnpaidAmount".into(), amount);
            m.insert("PaymentMethod".into(), row.get("PaymentMethod").clone());
            m.insert("HoldFlag".into(), json!(false));
            row.children
                .insert("invoiceInstallments".into(), vec![Row::new(m)]);
        }
        "invoices/invoiceLines" if row.children_of("invoiceDistributions").is_empty() => {
            let mut m = Map::new();
            m.insert("InvoiceDistributionId".into(), json!(store.id()));
            m.insert("DistributionLineNumber".into(), json!(1));
            m.insert("DistributionLineType".into(), row.get("LineType").clone());
            m.insert("DistributionAmount".into(), row.get("LineAmount").clone());
            m.insert(
                "DistributionCombination".into(),
                row.get("DistributionCombination").clone(),
            );
            m.insert("AccountingDate".into(), row.get("AccountingDate").clone());
            m.insert("Description".into(), Value::Null);
            m.insert(
                "PurchaseOrderNumber".into(),
                row.get("PurchaseOrderNumber").clone(),
            );
            let now = json!(clock::stamp(ctx.now));
            m.insert("CreatedBy".into(), json!(ctx.user));
            m.insert("CreationDate".into(), now.clone());
            m.insert("LastUpdatedBy".into(), json!(ctx.user));
            m.insert("LastUpdateDate".into(), now);
            row.children
                .insert("invoiceDistributions".into(), vec![Row::new(m)]);
        }
        _ => {}
    }
    // a flexfield child nobody sent is there anyway, empty
    for child in place.node.children.iter().filter(|c| c.flex) {
        if row.children_of(child.name).is_empty() {
            let cplace = place.child(child, row);
            let r = super::writes::build(ctx, store, &cplace, &json!({}), &[])?;
            row.children.insert(child.name.to_string(), vec![r]);
        }
    }
    Ok(())
}

/// Builds the default schedule or distribution of a new row.
fn default_child(
    ctx: &WriteCtx,
    store: &mut Store,
    place: &Place,
    row: &mut Row,
    accessor: &str,
    _key: &str,
) -> Result<(), Fail> {
    let Some(node) = place.node.child(accessor) else {
        return Ok(());
    };
    let cplace = Place {
        parent: Some(&row.attrs.clone()),
        ..place.child(node, row)
    };
    let r = super::writes::build(ctx, store, &cplace, &json!({}), &[])?;
    row.children.insert(accessor.to_string(), vec![r]);
    Ok(())
}
