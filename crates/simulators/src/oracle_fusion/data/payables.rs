//! Payables and expenses: invoices (PO-matched and unmatched, with lines,
//! distributions, project flexfields, installments and flexfields) and expense reports.

use rand::Rng;
use serde_json::{Value, json};

use super::procurement::OrderRef;
use super::reference::World;
use super::{DAY_MS, Gen, attrs, round2};
use crate::oracle_fusion::clock::{self, EPOCH_MS};
use crate::oracle_fusion::store::Row;

pub fn generate(g: &mut Gen, w: &World, orders: &[OrderRef], n: usize) {
    invoices(g, w, orders, n);
    expense_reports(g, w, n);
}

fn invoices(g: &mut Gen, w: &World, orders: &[OrderRef], n: usize) {
    let count = (n * 5 / 4).max(10);
    let created = g.creation_times(count);
    let clerks: Vec<usize> = (0..w.workers.len()).filter(|i| i % 4 == 1).collect();
    for (i, at) in created.into_iter().enumerate() {
        let id = g.id();
        // two in three invoices match an order created before them
        let po = if g.chance(66) {
            let older: Vec<&OrderRef> =
                orders.iter().filter(|o| o.created < at && o.open).collect();
            (!older.is_empty()).then(|| older[g.rng.gen_range(0..older.len())])
        } else {
            None
        };
        let (sup_ix, site_ix, bu_ix, currency) = match po {
            Some(o) => (o.supplier, o.site, o.bu, o.currency),
            None => {
                let s = g.rng.gen_range(0..w.suppliers.len());
                let site = g.rng.gen_range(0..w.suppliers[s].sites.len());
                let bu = w.suppliers[s].sites[site].bu;
                (s, site, bu, w.bus[bu].currency)
            }
        };
        let sup = &w.suppliers[sup_ix];
        let site = &sup.sites[site_ix];
        let bu = &w.bus[bu_ix];
        let clerk = w.workers[*g.pick(&clerks)].username.clone();
        let project = i < 3 || g.chance(8);
        let mut inv = InvoiceLines {
            id,
            at,
            clerk: &clerk,
            project,
            bu_name: bu.name,
            world: w,
            rows: Vec::new(),
            total: 0.0,
            count: 0,
        };
        match po {
            Some(o) => {
                for (ln, sn, qty, price, desc) in &o.lines {
                    if g.chance(80) {
                        let q = qty.min(g.rng.gen_range(1.0..=qty.max(1.0)).round());
                        inv.push(
                            g,
                            "Item",
                            q * price,
                            json!(q),
                            json!(price),
                            desc.clone(),
                            Some((&o.number, *ln, *sn)),
                        );
                    }
                }
            }
            None => {
                for _ in 0..g.rng.gen_range(1..=3) {
                    let amount = g.money(50.0, 5000.0);
                    let desc = [
                        "Office supplies",
                        "Consulting hours",
                        "Facility maintenance",
                        "Software subscription",
                    ][g.rng.gen_range(0..4)]
                    .to_string();
                    inv.push(g, "Item", amount, Value::Null, Value::Null, desc, None);
                }
            }
        }
        if inv.count == 0 || g.chance(20) {
            let amount = g.money(10.0, 120.0);
            inv.push(
                g,
                "Freight",
                amount,
                Value::Null,
                Value::Null,
                "Freight".to_string(),
                None,
            );
        }
        let total = round2(inv.total);
        let lines = std::mem::take(&mut inv.rows);
        let age_days = (EPOCH_MS - at) / DAY_MS;
        let (validation, approval, paid, accounting) = if i % 37 == 5 {
            ("Not validated", "Required", "Unpaid", "Unaccounted")
        } else if age_days > 45 {
            ("Validated", "Approved", "Paid", "Accounted")
        } else if age_days > 15 {
            (
                "Validated",
                "Approved",
                if g.chance(50) {
                    "Partially paid"
                } else {
                    "Unpaid"
                },
                "Accounted",
            )
        } else {
            ("Validated", "Required", "Unpaid", "Unaccounted")
        };
        let canceled = i % 53 == 17;
        let amount_paid = match paid {
            "Paid" => total,
            "Partially paid" => round2(total / 2.0),
            _ => 0.0,
        };
        let terms_days = [30, 45, 0][sup_ix % 3];
        // batch names: a date, or a month like the guides' "Aug2020"
        let invoice_group = if i % 3 == 0 {
            let d = clock::date(at);
            let month = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ][d[5..7].parse::<usize>().unwrap_or(1) - 1];
            format!("{month}{}", &d[..4])
        } else {
            clock::date(at)
        };
        let mut m = attrs(json!({
            "InvoiceId": id,
            "InvoiceNumber": format!("{}-{}", ["INV", "SI", "AP"][i % 3], 40_000 + i * 3),
            "InvoiceCurrency": currency,
            "PaymentCurrency": currency,
            "InvoiceAmount": if canceled { 0.0 } else { total },
            "InvoiceDate": clock::date(at),
            "InvoiceType": "Standard",
            "InvoiceSource": if po.is_some() { "Manual Invoice Entry" } else { "Spreadsheet" },
            "BusinessUnit": bu.name,
            "ProcurementBU": bu.name,
            "LegalEntity": bu.legal_entity,
            "LegalEntityId": bu.legal_entity_id,
            "Supplier": sup.name,
            "SupplierNumber": sup.number,
            "SupplierSite": site.name,
            "InvoiceGroup": invoice_group,
            "Description": if po.is_some() { json!("PO matched invoice") } else { json!("Supplies") },
            "PurchaseOrderNumber": po.map_or(Value::Null, |o| json!(o.number)),
            "PaymentTerms": (["Net 30", "Net 45", "Immediate"][sup_ix % 3]),
            "TermsDate": clock::date(at),
            "PaymentMethod": (["Check", "Electronic"][i % 2]),
            "PayGroup": "Standard",
            "AccountingDate": clock::date(at),
            "ValidationStatus": if canceled { "Canceled" } else { validation },
            "ApprovalStatus": approval,
            "PaidStatus": paid,
            "AccountingStatus": accounting,
            "CanceledFlag": canceled,
            "AmountPaid": amount_paid,
        }));
        g.who(&mut m, at, &clerk);
        let mut row = Row::new(m);
        row.children.insert("invoiceLines".into(), lines);
        let inst = attrs(json!({
            "InvoiceId": id,
            "InstallmentNumber": 1,
            "DueDate": clock::date(at + terms_days * DAY_MS),
            "GrossAmount": total,
            "UnpaidAmount": round2(total - amount_paid),
            "PaymentMethod": (["Check", "Electronic"][i % 2]),
            "HoldFlag": false,
        }));
        row.children
            .insert("invoiceInstallments".into(), vec![Row::new(inst)]);
        let dff = g.flex_rows("invoices/invoiceDff", &[("InvoiceId", json!(id))]);
        row.children.insert("invoiceDff".into(), dff);
        let gdf = g.flex_rows("invoices/invoiceGdf", &[("InvoiceId", json!(id))]);
        row.children.insert("invoiceGdf".into(), gdf);
        g.put("invoices", row);
    }
}

/// The lines of the invoice being generated.
struct InvoiceLines<'a> {
    id: i64,
    at: i64,
    clerk: &'a str,
    project: bool,
    bu_name: &'a str,
    world: &'a World,
    rows: Vec<Row>,
    total: f64,
    count: i64,
}

impl InvoiceLines<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        g: &mut Gen,
        kind: &str,
        amount: f64,
        qty: Value,
        price: Value,
        desc: String,
        po_ref: Option<(&str, i64, i64)>,
    ) {
        self.count += 1;
        self.total += amount;
        let (id, at, line_no) = (self.id, self.at, self.count);
        let account = if self.project {
            self.world
                .accounts
                .iter()
                .find(|a| a.code == "01-000-7640-0000-000")
                .cloned()
                .unwrap_or_else(|| self.world.accounts[0].clone())
        } else {
            g.pick(&self.world.accounts).clone()
        };
        let mut lm = attrs(json!({
            "InvoiceId": id,
            "LineNumber": line_no,
            "LineType": kind,
            "LineAmount": round2(amount),
            "Quantity": qty,
            "UnitPrice": price,
            "UOM": if po_ref.is_some() { json!("Each") } else { Value::Null },
            "Description": desc,
            "ItemDescription": if kind == "Item" { json!(desc) } else { Value::Null },
            "PurchaseOrderNumber": po_ref.map_or(Value::Null, |p| json!(p.0)),
            "PurchaseOrderLineNumber": po_ref.map_or(Value::Null, |p| json!(p.1)),
            "PurchaseOrderScheduleLineNumber": po_ref.map_or(Value::Null, |p| json!(p.2)),
            "DistributionCombination": account.code,
            "TaxClassification": if kind == "Item" && g.chance(30) { json!("EXP STD") } else { Value::Null },
            "AccountingDate": clock::date(at),
            "CanceledFlag": false,
        }));
        g.who(&mut lm, at, self.clerk);
        let mut line = Row::new(lm);
        let dist_id = g.id();
        let mut dm = attrs(json!({
            "InvoiceDistributionId": dist_id,
            "DistributionLineNumber": 1,
            "DistributionLineType": kind,
            "DistributionAmount": round2(amount),
            "DistributionCombination": account.code,
            "AccountingDate": clock::date(at),
            "Description": null,
            "PurchaseOrderNumber": po_ref.map_or(Value::Null, |p| json!(p.0)),
        }));
        g.who(&mut dm, at, self.clerk);
        line.children
            .insert("invoiceDistributions".into(), vec![Row::new(dm)]);
        let project_rows = if self.project && kind == "Item" {
            vec![Row::new(attrs(json!({
                "InvoiceId": id,
                "LineNumber": line_no,
                "_PROJECT_ID_Display": "BAT-PJCBAT-Proj-02",
                "_TASK_ID_Display": "1.2",
                "_EXPENDITURE_ITEM_DATE": clock::date(at),
                "_EXPENDITURE_TYPE_ID_Display": (["Architects Fees", "Airfare", "Supplies"][line_no as usize % 3]),
                "_ORGANIZATION_ID_Display": self.bu_name,
            })))]
        } else {
            Vec::new()
        };
        line.children
            .insert("invoiceLineProjectDff".into(), project_rows);
        self.rows.push(line);
    }
}

fn expense_reports(g: &mut Gen, w: &World, n: usize) {
    let count = (n / 3).clamp(10, 20_000);
    let created = g.creation_times(count);
    const STATUS: &[(&str, &str)] = &[
        ("PAID", "Paid"),
        ("PAID", "Paid"),
        ("PEND_MGR_APPROVAL", "Pending manager approval"),
        ("MGRAPPR", "Approved by manager"),
        ("SAVED", "Saved"),
        ("REJECTED", "Rejected"),
    ];
    const TYPES: &[(&str, &str, f64, f64)] = &[
        ("Airfare", "AIRFARE", 180.0, 1400.0),
        ("Hotel", "ACCOMMODATIONS", 90.0, 450.0),
        ("Meals", "MEALS", 12.0, 120.0),
        ("Car Rental", "CAR_RENTAL", 40.0, 300.0),
        ("Taxi", "GROUND_TRANSPORTATION", 8.0, 90.0),
    ];
    for (i, at) in created.into_iter().enumerate() {
        let id = g.id();
        let who = w.workers[g.rng.gen_range(0..w.workers.len())].clone();
        let (code, meaning) = *g.pick(STATUS);
        let mut items = Vec::new();
        let mut total = 0.0;
        for _ in 0..g.rng.gen_range(1..=5) {
            let (name, cat, lo, hi) = *g.pick(TYPES);
            let amount = g.money(lo, hi);
            total += amount;
            let day = at - g.rng.gen_range(1..10) * DAY_MS;
            let eid = g.id();
            let mut m = attrs(json!({
                "ExpenseId": eid,
                "ExpenseReportId": id,
                "ExpenseType": name,
                "ExpenseTypeCategoryCode": cat,
                "StartDate": clock::date(day),
                "EndDate": null,
                "ReceiptAmount": amount,
                "ReceiptCurrencyCode": "USD",
                "ExchangeRate": 1,
                "ReimbursableAmount": amount,
                "Description": format!("{name} for customer visit"),
                "MerchantName": (["Delta", "Marriott", "Hertz", "Uber", "Local Bistro"][g.rng.gen_range(0..5)]),
                "Location": (["Boston", "Chicago", "Seattle", "London"][g.rng.gen_range(0..4)]),
            }));
            g.who(&mut m, at, &who.username);
            items.push(Row::new(m));
        }
        let mut m = attrs(json!({
            "ExpenseReportId": id,
            "ExpenseReportNumber": format!("EXP{:07}", 1_200 + i),
            "PersonId": who.id,
            "PersonName": who.display,
            "AssignmentId": who.assignment_id,
            "Purpose": (["Customer visit", "Conference", "Training", "Team offsite"][i % 4]),
            "ReportSubmitDate": if code == "SAVED" { Value::Null } else { json!(clock::date(at)) },
            "ExpenseReportTotal": round2(total),
            "ReimbursementCurrencyCode": "USD",
            "ExpenseStatusCode": code,
            "ExpenseStatusCodeMeaning": meaning,
            "PaymentMethodCode": "CHECK",
            "OrgId": 204,
        }));
        g.who(&mut m, at, &who.username);
        let mut row = Row::new(m);
        row.children.insert("Expense".into(), items);
        g.put("expenseReports", row);
    }
}
