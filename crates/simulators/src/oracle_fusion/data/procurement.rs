//! Procurement rows: purchase orders with lines, schedules, distributions and
//! flexfields; draft orders; requisitions; blanket agreements; and the receiving
//! history of the orders' schedules.

use rand::Rng;
use serde_json::{Value, json};

use super::reference::{World, currency_name};
use super::{DAY_MS, Gen, attrs, round2};
use crate::oracle_fusion::clock::{self, EPOCH_MS};
use crate::oracle_fusion::store::Row;

/// What invoices need of an order.
pub struct OrderRef {
    pub number: String,
    pub supplier: usize,
    pub site: usize,
    pub bu: usize,
    pub currency: &'static str,
    pub created: i64,
    /// Line number, schedule number, quantity, unit price, item description.
    pub lines: Vec<(i64, i64, f64, f64, String)>,
    pub open: bool,
}

const PO_STATUS: &[(&str, &str, u32)] = &[
    ("OPEN", "Open", 55),
    ("CLOSED FOR RECEIVING", "Closed for Receiving", 10),
    ("CLOSED FOR INVOICING", "Closed for Invoicing", 5),
    ("CLOSED", "Closed", 15),
    ("FINALLY CLOSED", "Finally Closed", 5),
    ("CANCELED", "Canceled", 5),
    ("ON HOLD", "On Hold", 5),
];

fn status(g: &mut Gen) -> (&'static str, &'static str) {
    let mut roll = g.rng.gen_range(0..100);
    for (code, name, weight) in PO_STATUS {
        if roll < *weight {
            return (code, name);
        }
        roll -= weight;
    }
    ("OPEN", "Open")
}

/// Header, lines, schedules and distributions of one order (or draft).
struct OrderShape {
    row: Row,
    reference: OrderRef,
}

fn order(
    g: &mut Gen,
    w: &World,
    number: String,
    at: i64,
    draft: bool,
    force_first: bool,
) -> OrderShape {
    let header_id = g.id();
    let sup_ix = if force_first {
        0
    } else {
        g.rng.gen_range(0..w.suppliers.len())
    };
    let sup = &w.suppliers[sup_ix];
    let site_ix = if force_first {
        0
    } else {
        g.rng.gen_range(0..sup.sites.len())
    };
    let site = &sup.sites[site_ix];
    let bu = &w.bus[site.bu];
    let buyer = &w.workers[*g.pick(&w.buyers)];
    let requester = w.workers[g.rng.gen_range(0..w.workers.len())].clone();
    let (code, name) = if draft {
        if g.chance(80) {
            ("INCOMPLETE", "Incomplete")
        } else {
            ("PENDING APPROVAL", "Pending Approval")
        }
    } else if force_first {
        ("OPEN", "Open")
    } else {
        status(g)
    };
    let currency = bu.currency;
    let rate = w
        .rates
        .iter()
        .find(|(c, _)| *c == currency)
        .map(|(_, r)| *r);
    let creator = buyer.username.clone();
    let ship_org = &w.orgs[if currency == "EUR" {
        2
    } else {
        g.rng.gen_range(0..2)
    }];
    let n_lines = if force_first {
        1
    } else {
        g.rng.gen_range(1..=5)
    };
    let mut lines = Vec::with_capacity(n_lines);
    let mut ordered = 0.0;
    let mut refs = Vec::new();
    for ln in 1..=n_lines as i64 {
        let item = w.items[g.rng.gen_range(0..w.items.len())].clone();
        let line_id = g.id();
        let qty = if item.goods {
            g.rng.gen_range(1..40) as f64
        } else {
            g.rng.gen_range(8..160) as f64
        };
        let price = if force_first { 100.25 } else { item.price };
        let qty = if force_first { 1.0 } else { qty };
        let amount = round2(qty * price);
        ordered += amount;
        let (lcode, lname) = (code, name);
        let mut lm = attrs(json!({
            "POLineId": line_id,
            "POHeaderId": header_id,
            "LineNumber": ln,
            "LineTypeId": if item.goods { 1 } else { 3 },
            "LineType": if item.goods { "Goods" } else { "Services" },
            "ItemId": item.id,
            "Item": item.number,
            "ItemDescription": item.description,
            "ItemRevision": null,
            "CategoryId": item.category_id,
            "Category": item.category,
            "Quantity": qty,
            "UOMCode": item.uom_code,
            "UOM": item.uom,
            "Price": price,
            "Amount": amount,
            "CurrencyCode": currency,
            "Currency": currency_name(currency),
            "StatusCode": lcode,
            "Status": lname,
            "SupplierItem": if g.chance(40) { json!(format!("SUP-{}", item.number)) } else { Value::Null },
            "NegotiatedFlag": g.chance(30),
            "NoteToSupplier": null,
        }));
        g.who(&mut lm, at, &creator);
        let mut line = Row::new(lm);
        let n_sched = if force_first {
            1
        } else if g.chance(25) {
            2
        } else {
            1
        };
        let mut scheds = Vec::new();
        let mut left = qty;
        for sn in 1..=n_sched as i64 {
            let sq = if sn == n_sched as i64 {
                left
            } else {
                (qty / 2.0).floor().max(1.0)
            };
            left -= sq;
            let sched_id = g.id();
            let need_by = at + g.rng.gen_range(7..60) * DAY_MS;
            let received = match code {
                "CLOSED" | "FINALLY CLOSED" | "CLOSED FOR RECEIVING" => sq,
                "OPEN" if !draft && item.goods && g.chance(50) && need_by < EPOCH_MS => {
                    (sq * g.rng.gen_range(0.3..1.0)).round()
                }
                _ => 0.0,
            };
            let billed = match code {
                "CLOSED" | "FINALLY CLOSED" | "CLOSED FOR INVOICING" => sq,
                _ if received > 0.0 && g.chance(50) => received,
                _ => 0.0,
            };
            let mut sm = attrs(json!({
                "LineLocationId": sched_id,
                "POHeaderId": header_id,
                "POLineId": line_id,
                "ScheduleNumber": sn,
                "Quantity": sq,
                "Amount": round2(sq * price),
                "QuantityReceived": received,
                "QuantityAccepted": received,
                "QuantityBilled": billed,
                "ShipToOrganizationId": ship_org.id,
                "ShipToOrganizationCode": ship_org.code,
                "ShipToLocationId": ship_org.location_id,
                "ShipToLocationCode": ship_org.location,
                "NeedByDate": clock::date(need_by),
                "PromisedDeliveryDate": if g.chance(50) { json!(clock::date(need_by - DAY_MS)) } else { Value::Null },
                "StatusCode": lcode,
                "Status": lname,
                "DestinationTypeCode": if item.goods { "INVENTORY" } else { "EXPENSE" },
                "InvoiceMatchOptionCode": "P",
                "MatchApprovalLevelCode": if item.goods { "3" } else { "2" },
                "ReceiptCloseTolerancePercent": 0,
                "InvoiceCloseTolerancePercent": 0,
            }));
            g.who(&mut sm, at, &creator);
            let mut sched = Row::new(sm);
            let n_dist = if g.chance(15) { 2 } else { 1 };
            let mut dists = Vec::new();
            let mut dleft = sq;
            for dn in 1..=n_dist as i64 {
                let dq = if dn == n_dist as i64 {
                    dleft
                } else {
                    (sq / 2.0).floor()
                };
                dleft -= dq;
                let account = if force_first {
                    w.accounts
                        .iter()
                        .find(|a| a.code == "01-000-7110-0000-000")
                        .cloned()
                        .unwrap_or_else(|| w.accounts[0].clone())
                } else {
                    g.pick(&w.accounts).clone()
                };
                let dist_id = g.id();
                let mut dm = attrs(json!({
                    "PODistributionId": dist_id,
                    "POHeaderId": header_id,
                    "POLineId": line_id,
                    "LineLocationId": sched_id,
                    "DistributionNumber": dn,
                    "Quantity": dq,
                    "Amount": round2(dq * price),
                    "BudgetDate": clock::date(at),
                    "ChartOfAccountId": 101,
                    "POChargeAccountId": account.id,
                    "POChargeAccount": account.code,
                    "ConversionRate": rate.map_or(Value::Null, |r| json!((1.0 / r * 1e6).round() / 1e6)),
                    "ConversionRateDate": if rate.is_some() { json!(clock::date(at)) } else { Value::Null },
                    "ConversionRateType": if rate.is_some() { json!("Corporate") } else { Value::Null },
                    "Currency": currency_name(currency),
                    "CurrencyCode": currency,
                    "DeliverToCustomerId": null,
                    "DeliverToLocationId": ship_org.location_id,
                    "DeliverToLocationCode": ship_org.location,
                    "RequesterId": requester.id,
                    "Requester": requester.display,
                }));
                g.who(&mut dm, at, &creator);
                let mut dist = Row::new(dm);
                let dff = g.flex_rows(
                    if draft {
                        "draftPurchaseOrders/lines/schedules/distributions/DFF"
                    } else {
                        "purchaseOrders/lines/schedules/distributions/DFF"
                    },
                    &[("PODistributionId", json!(dist_id))],
                );
                dist.children.insert("DFF".into(), dff);
                dists.push(dist);
            }
            sched.children.insert("distributions".into(), dists);
            let dff = g.flex_rows(
                if draft {
                    "draftPurchaseOrders/lines/schedules/DFF"
                } else {
                    "purchaseOrders/lines/schedules/DFF"
                },
                &[("LineLocationId", json!(sched_id))],
            );
            sched.children.insert("DFF".into(), dff);
            scheds.push(sched);
            refs.push((ln, sn, sq, price, item.description.clone()));
        }
        line.children.insert("schedules".into(), scheds);
        let dff = g.flex_rows(
            if draft {
                "draftPurchaseOrders/lines/DFF"
            } else {
                "purchaseOrders/lines/DFF"
            },
            &[("POLineId", json!(line_id))],
        );
        line.children.insert("DFF".into(), dff);
        lines.push(line);
    }
    let ordered = round2(ordered);
    let tax = if force_first {
        0.0
    } else {
        round2(ordered * [0.0, 0.05, 0.0725, 0.19][g.rng.gen_range(0..4)])
    };
    let description = if force_first {
        json!("Supplies")
    } else if g.chance(70) {
        let what = lines[0]
            .get("ItemDescription")
            .as_str()
            .unwrap_or("Goods")
            .to_string();
        let why = [
            "Q1 restock",
            "new hires",
            "project Atlas",
            "site refresh",
            "maintenance",
        ][g.rng.gen_range(0..5)];
        json!(format!("{what} for {why}"))
    } else {
        Value::Null
    };
    let rate_type = if rate.is_some() {
        json!("Corporate")
    } else {
        Value::Null
    };
    let rate_value = rate.map_or(Value::Null, |r| json!((1.0 / r * 1e6).round() / 1e6));
    let rate_date = if rate.is_some() {
        json!(clock::date(at))
    } else {
        Value::Null
    };
    let funds = if g.chance(70) {
        "NOT_APPLICABLE"
    } else {
        "RESERVED"
    };
    let freight = if g.chance(50) {
        json!("Due")
    } else {
        Value::Null
    };
    let revision = if g.chance(15) { 1 } else { 0 };
    let mut hm = attrs(json!({
        "POHeaderId": header_id,
        "OrderNumber": number.clone(),
        "Description": description,
        "SoldToLegalEntityId": bu.legal_entity_id,
        "SoldToLegalEntity": bu.legal_entity,
        "ProcurementBUId": bu.id,
        "ProcurementBU": bu.name,
        "RequisitioningBUId": bu.id,
        "RequisitioningBU": bu.name,
        "BillToBUId": bu.id,
        "BillToBU": bu.name,
        "BuyerId": buyer.id,
        "Buyer": buyer.display,
        "BuyerEmail": buyer.email,
    }));
    hm.extend(attrs(json!({
        "SupplierId": sup.id,
        "Supplier": sup.name,
        "SupplierSiteId": site.id,
        "SupplierSite": site.name,
        "SupplierContactId": sup.contact_id,
        "SupplierContact": sup.contact,
        "CurrencyCode": currency,
        "Currency": currency_name(currency),
        "ConversionRateType": rate_type,
        "ConversionRate": rate_value,
        "ConversionRateDate": rate_date,
        "DocumentStyleId": 1,
        "DocumentStyle": "Purchase Order",
        "StatusCode": code,
        "Status": name,
        "FundsStatus": funds,
        "PaymentTermsId": 10000 + (sup_ix % 3) as i64,
        "PaymentTerms": (["Net 30", "Net 45", "Immediate"][sup_ix % 3]),
        "FreightTermsCode": freight,
        "FOBCode": null,
        "ShipToLocationId": ship_org.location_id,
        "ShipToLocationCode": ship_org.location,
        "BillToLocationId": 204,
        "BillToLocationCode": "V1- New York City",
        "RequiredAcknowledgmentCode": "N",
        "AcknowledgmentDueDate": null,
        "SupplierOrder": null,
    })));
    hm.extend(attrs(json!({
        "RevisionNumber": revision,
        "Ordered": ordered,
        "TotalTax": tax,
        "Total": round2(ordered + tax),
        "OrderedDate": clock::date(at),
    })));
    g.who(&mut hm, at, &creator);
    let mut row = Row::new(hm);
    row.children.insert("lines".into(), lines);
    let dff = g.flex_rows(
        if draft {
            "draftPurchaseOrders/DFF"
        } else {
            "purchaseOrders/DFF"
        },
        &[("POHeaderId", json!(header_id))],
    );
    row.children.insert("DFF".into(), dff);
    let open = code == "OPEN";
    OrderShape {
        row,
        reference: OrderRef {
            number,
            supplier: sup_ix,
            site: site_ix,
            bu: site.bu,
            currency,
            created: at,
            lines: refs,
            open,
        },
    }
}

pub fn generate(g: &mut Gen, w: &World, n: usize) -> Vec<OrderRef> {
    let created = g.creation_times(n);
    let mut refs = Vec::with_capacity(n);
    for (i, at) in created.into_iter().enumerate() {
        let number = format!("{}", 1_000_001 + i);
        let shape = order(g, w, number, at, false, i == 182);
        receipts(g, w, &shape);
        g.put("purchaseOrders", shape.row);
        refs.push(shape.reference);
    }
    let drafts = (n / 40).clamp(6, 500);
    let created = g.creation_times(drafts);
    for (i, at) in created.into_iter().enumerate() {
        let at = (at + EPOCH_MS * 3) / 4;
        let number = format!("{}", 1_000_001 + n + i);
        let shape = order(g, w, number, at, true, false);
        g.put("draftPurchaseOrders", shape.row);
    }
    requisitions(g, w, n, &refs);
    agreements(g, w, n);
    refs
}

/// A RECEIVE and a DELIVER transaction for each received schedule.
fn receipts(g: &mut Gen, w: &World, shape: &OrderShape) {
    let header = &shape.row;
    let mut receipt_no: Option<String> = None;
    for line in header.children_of("lines") {
        for sched in line.children_of("schedules") {
            let qty = sched.get("QuantityReceived").as_f64().unwrap_or(0.0);
            if qty <= 0.0 {
                continue;
            }
            let need =
                clock::parse(sched.get("NeedByDate").as_str().unwrap_or("")).unwrap_or(EPOCH_MS);
            let when = (need + g.rng.gen_range(-3..5) * DAY_MS).min(EPOCH_MS - 3_600_000);
            let number = receipt_no
                .get_or_insert_with(|| {
                    format!(
                        "{}",
                        7_000 + g.store.len("receivingTransactionsHistory") / 2
                    )
                })
                .clone();
            let org_id = sched.get("ShipToOrganizationId").clone();
            let org_code = sched.get("ShipToOrganizationCode").clone();
            let receive_id = g.id();
            let mut parent = Value::Null;
            for (kind, id) in [("RECEIVE", receive_id), ("DELIVER", g.id())] {
                let at = when + if kind == "DELIVER" { 3_600_000 } else { 0 };
                let mut m = attrs(json!({
                    "TransactionId": id,
                    "ParentTransactionId": parent,
                    "TransactionType": kind,
                    "TransactionDate": clock::stamp(at),
                    "ReceiptNumber": number,
                    "ReceiptSourceCode": "VENDOR",
                    "SourceDocumentCode": "PO",
                    "PONumber": header.get("OrderNumber"),
                    "POHeaderId": header.get("POHeaderId"),
                    "POLineNumber": line.get("LineNumber"),
                    "POLineId": line.get("POLineId"),
                    "POScheduleNumber": sched.get("ScheduleNumber"),
                    "POLineLocationId": sched.get("LineLocationId"),
                    "ItemId": line.get("ItemId"),
                    "ItemNumber": line.get("Item"),
                    "ItemDescription": line.get("ItemDescription"),
                    "Quantity": qty,
                    "UOMCode": line.get("UOMCode"),
                    "UnitOfMeasure": line.get("UOM"),
                    "OrganizationId": org_id,
                    "OrganizationCode": org_code,
                    "SupplierId": header.get("SupplierId"),
                    "Supplier": header.get("Supplier"),
                    "SupplierSite": header.get("SupplierSite"),
                    "DestinationTypeCode": if kind == "DELIVER" { sched.get("DestinationTypeCode").clone() } else { json!("RECEIVING") },
                    "Subinventory": if kind == "DELIVER" { json!("Stores") } else { Value::Null },
                    "EmployeeId": w.workers[0].id,
                }));
                let who = w.workers[g.rng.gen_range(0..w.workers.len())]
                    .username
                    .clone();
                g.who(&mut m, at, &who);
                g.put("receivingTransactionsHistory", Row::new(m));
                parent = json!(receive_id);
            }
        }
    }
}

fn requisitions(g: &mut Gen, w: &World, n: usize, orders: &[OrderRef]) {
    let count = (n / 2).clamp(10, 20_000);
    let created = g.creation_times(count);
    const STATUS: &[(&str, &str)] = &[
        ("APPROVED", "Approved"),
        ("APPROVED", "Approved"),
        ("APPROVED", "Approved"),
        ("PENDING APPROVAL", "Pending approval"),
        ("INCOMPLETE", "Incomplete"),
        ("REJECTED", "Rejected"),
        ("WITHDRAWN", "Withdrawn"),
    ];
    for (i, at) in created.into_iter().enumerate() {
        let id = g.id();
        let preparer = w.workers[g.rng.gen_range(0..w.workers.len())].clone();
        let bu = &w.bus[i % 2];
        let (code, name) = *g.pick(STATUS);
        let n_lines = g.rng.gen_range(1..=3);
        let mut lines = Vec::new();
        for ln in 1..=n_lines {
            let item = w.items[g.rng.gen_range(0..w.items.len())].clone();
            let qty = g.rng.gen_range(1..20) as f64;
            let line_id = g.id();
            let po = (code == "APPROVED" && g.chance(60))
                .then(|| &orders[g.rng.gen_range(0..orders.len())]);
            let sup = &w.suppliers
                [po.map_or_else(|| g.rng.gen_range(0..w.suppliers.len()), |p| p.supplier)];
            let mut lm = attrs(json!({
                "RequisitionLineId": line_id,
                "RequisitionHeaderId": id,
                "LineNumber": ln,
                "LineTypeCode": if item.goods { "Goods" } else { "Services" },
                "LineType": if item.goods { "Goods" } else { "Services" },
                "CategoryId": item.category_id,
                "CategoryName": item.category,
                "ItemId": item.id,
                "Item": item.number,
                "ItemDescription": item.description,
                "Quantity": qty,
                "UOMCode": item.uom_code,
                "UOM": item.uom,
                "Price": item.price,
                "Amount": round2(qty * item.price),
                "CurrencyCode": bu.currency,
                "Currency": currency_name(bu.currency),
                "RequesterId": preparer.id,
                "Requester": preparer.display,
                "DeliverToLocationId": 204,
                "DeliverToLocationCode": "V1- New York City",
                "DestinationTypeCode": "EXPENSE",
                "RequestedDeliveryDate": clock::date(at + 14 * DAY_MS),
                "SupplierId": sup.id,
                "Supplier": sup.name,
                "LineStatus": if po.is_some() { "IMPLEMENTED" } else { code },
                "LineStatusDisplayValue": if po.is_some() { "Implemented" } else { name },
                "PONumber": po.map_or(Value::Null, |p| json!(p.number)),
            }));
            g.who(&mut lm, at, &preparer.username);
            let mut line = Row::new(lm);
            let account = g.pick(&w.accounts).clone();
            let dist_id = g.id();
            let mut dm = attrs(json!({
                "RequisitionDistributionId": dist_id,
                "RequisitionLineId": line_id,
                "DistributionNumber": 1,
                "Quantity": qty,
                "Percent": 100,
                "ChargeAccountId": account.id,
                "ChargeAccount": account.code,
                "BudgetDate": clock::date(at),
            }));
            g.who(&mut dm, at, &preparer.username);
            line.children
                .insert("distributions".into(), vec![Row::new(dm)]);
            let dff = g.flex_rows(
                "purchaseRequisitions/lines/DFF",
                &[("RequisitionLineId", json!(line_id))],
            );
            line.children.insert("DFF".into(), dff);
            lines.push(line);
        }
        let mut m = attrs(json!({
            "RequisitionHeaderId": id,
            "Requisition": format!("{}", 100_000 + i),
            "RequisitioningBUId": bu.id,
            "RequisitioningBU": bu.name,
            "PreparerId": preparer.id,
            "Preparer": preparer.display,
            "PreparerEmail": preparer.email,
            "Description": format!("Request {} for {}", i + 1, ["office", "project", "lab", "warehouse"][i % 4]),
            "Justification": null,
            "DocumentStatusCode": code,
            "DocumentStatus": name,
            "ExternallyManagedFlag": false,
            "EmergencyPurchaseOrderNumber": null,
            "FundsStatus": "NOT_APPLICABLE",
            "ApprovedDate": if code == "APPROVED" { json!(clock::stamp(at + 3_600_000 * 5)) } else { Value::Null },
        }));
        g.who(&mut m, at, &preparer.username);
        let mut row = Row::new(m);
        row.children.insert("lines".into(), lines);
        let dff = g.flex_rows(
            "purchaseRequisitions/DFF",
            &[("RequisitionHeaderId", json!(id))],
        );
        row.children.insert("DFF".into(), dff);
        g.put("purchaseRequisitions", row);
    }
}

fn agreements(g: &mut Gen, w: &World, n: usize) {
    let count = (n / 15).clamp(5, 5000);
    let created = g.creation_times(count);
    for (i, at) in created.into_iter().enumerate() {
        let id = g.id();
        let sup_ix = g.rng.gen_range(0..w.suppliers.len());
        let sup = &w.suppliers[sup_ix];
        let site = &sup.sites[0];
        let bu = &w.bus[site.bu];
        let buyer = &w.workers[*g.pick(&w.buyers)];
        let end = at + 365 * DAY_MS;
        let (code, name) = if end < EPOCH_MS {
            ("CLOSED", "Closed")
        } else if i % 11 == 3 {
            ("CANCELED", "Canceled")
        } else {
            ("OPEN", "Open")
        };
        let amount = g.money(10_000.0, 500_000.0);
        let mut lines = Vec::new();
        for ln in 1..=g.rng.gen_range(1..=4) {
            let item = w.items[g.rng.gen_range(0..w.items.len())].clone();
            let line_id = g.id();
            let mut lm = attrs(json!({
                "AgreementLineId": line_id,
                "AgreementHeaderId": id,
                "LineNumber": ln,
                "LineType": if item.goods { "Goods" } else { "Services" },
                "ItemId": item.id,
                "Item": item.number,
                "ItemDescription": item.description,
                "Category": item.category,
                "Price": round2(item.price * 0.92),
                "UOM": item.uom,
                "AgreementAmount": null,
                "StatusCode": code,
                "Status": name,
            }));
            g.who(&mut lm, at, &buyer.username);
            lines.push(Row::new(lm));
        }
        let mut m = attrs(json!({
            "AgreementHeaderId": id,
            "AgreementNumber": format!("BPA{}", 5000 + i),
            "DocumentStyle": "Blanket Purchase Agreement",
            "ProcurementBUId": bu.id,
            "ProcurementBU": bu.name,
            "SupplierId": sup.id,
            "Supplier": sup.name,
            "SupplierSiteId": site.id,
            "SupplierSite": site.name,
            "BuyerId": buyer.id,
            "Buyer": buyer.display,
            "CurrencyCode": bu.currency,
            "Currency": currency_name(bu.currency),
            "AgreementAmount": amount,
            "ReleasedAmount": round2(amount * g.rng.gen_range(0.0..0.9)),
            "MinimumReleaseAmount": null,
            "StartDate": clock::date(at),
            "EndDate": clock::date(end),
            "StatusCode": code,
            "Status": name,
            "Description": format!("Blanket agreement with {}", sup.name),
        }));
        g.who(&mut m, at, &buyer.username);
        let mut row = Row::new(m);
        row.children.insert("lines".into(), lines);
        g.put("purchaseAgreements", row);
    }
}
