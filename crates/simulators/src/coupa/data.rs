//! Seeded, deterministic Coupa-shaped records: dasherized keys, integer ids with gaps,
//! decimals as strings, timestamps over the two years before a fixed epoch, and every
//! association inlined whole, as Coupa's default responses are.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value, json};

use super::store::{Store, stamp};

/// Seeded records are dated before this instant (2026-01-01T00:00:00Z).
pub const EPOCH: i64 = 1_767_225_600;
const TWO_YEARS: i64 = 2 * 365 * 24 * 3600;

/// A decimal string with two places.
pub fn money(x: f64) -> String {
    format!("{x:.2}")
}

struct Gen {
    rng: StdRng,
}

const FIRST: &[&str] = &[
    "Ana", "Ben", "Chloe", "Dev", "Elena", "Femi", "Grace", "Hiro", "Ines", "Jon", "Kira", "Luis",
    "Maya", "Nils", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tara",
];
const LAST: &[&str] = &[
    "Adams", "Brook", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen",
    "Khan", "Lopez", "Moreau", "Novak", "Okafor", "Patel", "Rossi", "Silva", "Tanaka", "Weber",
];
const COMPANY: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Hooli",
    "Vandelay",
    "Soylent",
    "Tyrell",
    "Cyberdyne",
    "Wonka",
    "Gringotts",
    "Monarch",
    "Oscorp",
    "Aperture",
];
const KIND: &[&str] = &[
    "Supplies",
    "Industries",
    "Logistics",
    "Office",
    "Systems",
    "Services",
    "Components",
    "Labs",
];
const CITY: &[(&str, &str, &str)] = &[
    ("San Mateo", "CA", "US"),
    ("Austin", "TX", "US"),
    ("Chicago", "IL", "US"),
    ("London", "LDN", "GB"),
    ("Berlin", "BE", "DE"),
    ("Toronto", "ON", "CA"),
    ("Lyon", "ARA", "FR"),
];
const DEPARTMENTS: &[&str] = &[
    "Finance",
    "Engineering",
    "Marketing",
    "Operations",
    "Sales",
    "Legal",
    "IT",
    "Facilities",
];
const COMMODITIES: &[&str] = &[
    "Office Supplies",
    "IT Hardware",
    "Software",
    "Consulting",
    "Travel",
    "Facilities",
    "Marketing",
    "Logistics",
    "Raw Materials",
    "Telecom",
    "Training",
    "Furniture",
];
const GOODS: &[&str] = &[
    "Laptop",
    "Monitor",
    "Desk chair",
    "Printer paper",
    "Toner",
    "Headset",
    "Standing desk",
    "Server rack",
    "USB-C dock",
    "Whiteboard",
    "Notebook",
    "Projector",
    "Cable kit",
    "Keyboard",
];
const PO_STATUS: &[&str] = &[
    "issued",
    "issued",
    "issued",
    "draft",
    "buyer_hold",
    "soft_closed",
    "closed",
    "cancelled",
];
const INV_STATUS: &[&str] = &[
    "approved",
    "approved",
    "pending_approval",
    "draft",
    "disputed",
    "voided",
];
pub const CURRENCIES: &[(&str, &str, &str)] = &[
    ("USD", "US Dollar", "$"),
    ("EUR", "Euro", "€"),
    ("GBP", "British Pound", "£"),
    ("CAD", "Canadian Dollar", "$"),
    ("JPY", "Japanese Yen", "¥"),
    ("CHF", "Swiss Franc", "Fr"),
];

impl Gen {
    fn pick<'a>(&mut self, xs: &'a [&'a str]) -> &'a str {
        xs[self.rng.gen_range(0..xs.len())]
    }

    /// A creation time in the two years before the epoch and an update time after it.
    fn times(&mut self) -> (i64, i64) {
        let created = EPOCH - self.rng.gen_range(3600..TWO_YEARS);
        let updated = created + self.rng.gen_range(0..(EPOCH - created).max(1));
        (created, updated)
    }

    fn stamps(&mut self, m: &mut Map<String, Value>) {
        let (c, u) = self.times();
        m.insert("created-at".into(), json!(stamp(c)));
        m.insert("updated-at".into(), json!(stamp(u)));
    }
}

/// Ids from `base` with gaps of 1 to 3.
fn ids(g: &mut Gen, base: i64, n: usize) -> Vec<i64> {
    let mut id = base;
    (0..n)
        .map(|_| {
            id += g.rng.gen_range(1..=3);
            id
        })
        .collect()
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

pub fn currency(i: usize) -> Value {
    let (code, name, symbol) = CURRENCIES[i % CURRENCIES.len()];
    json!({
        "id": i as i64 + 1, "code": code, "name": name, "symbol": symbol,
        "decimals": if code == "JPY" { 0 } else { 2 }, "enabled": true
    })
}

fn address(g: &mut Gen, id: i64, name: &str) -> Value {
    let (city, state, country) = CITY[g.rng.gen_range(0..CITY.len())];
    let n = g.rng.gen_range(1..999);
    let (c, u) = g.times();
    json!({
        "id": id, "name": name, "street1": format!("{n} {} Street", g.pick(LAST)),
        "street2": if n % 3 == 0 { json!(format!("Suite {}", n % 40 + 1)) } else { Value::Null },
        "street3": null, "street4": null, "city": city, "state": state,
        "postal-code": format!("{:05}", g.rng.gen_range(10000..99999)),
        "country": {"id": country.len() as i64 + 100, "code": country, "name": country},
        "attention": null, "active": true, "location-code": format!("LOC-{}", id % 97),
        "business-group-name": null, "vat-number": null, "local-tax-number": null,
        "created-at": stamp(c), "updated-at": stamp(u)
    })
}

fn phone(g: &mut Gen) -> Value {
    json!({"country-code": "1", "area-code": format!("{}", g.rng.gen_range(200..999)),
           "number": format!("{}-{:04}", g.rng.gen_range(200..999), g.rng.gen_range(0..9999)), "extension": null})
}

/// A user as other records carry it: Coupa's `UserSimple` (no department, roles,
/// addresses or manager).
pub fn user_simple(user: &Value) -> Value {
    const KEYS: &[&str] = &[
        "id",
        "login",
        "email",
        "employee-number",
        "firstname",
        "lastname",
        "fullname",
        "avatar-thumb-url",
        "salesforce-id",
        "created-at",
        "updated-at",
    ];
    let mut out = Map::new();
    for k in KEYS {
        out.insert((*k).into(), user.get(*k).cloned().unwrap_or(Value::Null));
    }
    Value::Object(out)
}

/// An address as an invoice's remit-to (Coupa's `RemitToAddress`: no attention line,
/// location code or business group).
fn remit_to(address: &Value) -> Value {
    let mut a = address.clone();
    if let Value::Object(m) = &mut a {
        for k in ["attention", "location-code", "business-group-name"] {
            m.remove(k);
        }
    }
    a
}

/// Everything the generator makes, by Coupa resource path name.
pub fn generate(seed: u64, records: usize) -> Store {
    let mut g = Gen {
        rng: StdRng::seed_from_u64(seed),
    };
    let mut store = Store::default();
    let n = records.max(1);

    let currencies: Vec<Value> = (0..CURRENCIES.len()).map(currency).collect();
    let usd = currencies[0].clone();
    for c in &currencies {
        store.put("currencies", c.clone());
    }
    let uoms: Vec<Value> = [("EA", "Each"), ("BX", "Box"), ("HR", "Hour"), ("KG", "Kilogram")]
        .iter()
        .enumerate()
        .map(|(i, (code, name))| json!({"id": i as i64 + 1, "code": code, "name": name, "allowable-precision": 2, "active": true}))
        .collect();
    let payment_terms: Vec<Value> = ["Net 30", "Net 45", "Net 60", "2/10 Net 30"]
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let days = [30, 45, 60, 30][i];
            json!({"id": i as i64 + 1, "code": code, "description": format!("Payment due in {days} days"),
                   "days-for-net-payment": days, "days-for-discount-payment": if i == 3 { json!(10) } else { Value::Null },
                   "discount-rate": if i == 3 { json!("2.0") } else { Value::Null }, "active": true, "type": "PaymentTerm"})
        })
        .collect();
    for t in &payment_terms {
        store.put("payment_terms", t.clone());
    }
    let commodities: Vec<Value> = COMMODITIES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut m = obj(json!({"id": 300 + i as i64 * 2, "name": name, "active": true,
                "category": "Indirect", "subcategory": name, "deductibility": null, "parent": null}));
            g.stamps(&mut m);
            Value::Object(m)
        })
        .collect();
    for c in &commodities {
        store.put("commodities", c.clone());
    }

    let departments: Vec<Value> = ids(&mut g, 10, DEPARTMENTS.len())
        .into_iter()
        .zip(DEPARTMENTS)
        .map(|(id, name)| {
            let mut m = obj(json!({"id": id, "name": name, "active": true}));
            g.stamps(&mut m);
            m.insert("custom-fields".into(), json!({}));
            Value::Object(m)
        })
        .collect();
    for d in &departments {
        store.put("departments", d.clone());
    }

    let account_types = [
        json!({"id": 1, "name": "US Chart of Accounts", "active": true, "currency": usd}),
        json!({"id": 2, "name": "EU Chart of Accounts", "active": true, "currency": currencies[1]}),
    ];
    let accounts: Vec<Value> = ids(&mut g, 500, 40)
        .into_iter()
        .enumerate()
        .map(|(i, id)| {
            let dept = 1000 + (i % 8) * 100;
            let gl = 6000 + (i / 8) * 10;
            let project = g.rng.gen_range(1..30);
            let mut m = obj(json!({
                "id": id, "code": format!("{dept}-{gl}-{project:03}"),
                "name": format!("{} / {gl} / P{project:03}", DEPARTMENTS[i % 8]),
                "active": i % 13 != 0, "account-type": account_types[i % 2],
                "account-type-id": (i % 2) as i64 + 1,
                "segment-1": dept.to_string(), "segment-2": gl.to_string(), "segment-3": format!("{project:03}")
            }));
            for s in 4..=20 {
                m.insert(format!("segment-{s}"), Value::Null);
            }
            g.stamps(&mut m);
            m.insert("custom-fields".into(), json!({}));
            Value::Object(m)
        })
        .collect();
    for a in &accounts {
        store.put("accounts", a.clone());
    }

    let n_users = (n / 10).max(12);
    let user_ids = ids(&mut g, 100, n_users);
    let mut users: Vec<Value> = Vec::new();
    for (i, id) in user_ids.iter().enumerate() {
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i * 7) % LAST.len()];
        let login = format!("{}.{}{}", first.to_lowercase(), last.to_lowercase(), i);
        let dept = departments[i % departments.len()].clone();
        let manager = users.first().map(|m: &Value| {
            json!({"id": m["id"], "login": m["login"], "email": m["email"], "fullname": m["fullname"]})
        });
        let mut m = obj(json!({
            "id": id, "login": login, "email": format!("{login}@example.com"),
            "firstname": first, "lastname": last, "fullname": format!("{first} {last}"),
            "active": i % 17 != 5, "employee-number": format!("E{:05}", 1000 + i),
            "purchasing-user": true, "expense-user": i % 2 == 0, "api-user": false,
            "department": dept, "default-currency": usd,
            "default-address": address(&mut g, 9000 + i as i64, "Home office"),
            "default-account": accounts[i % accounts.len()],
            "roles": [{"id": 1, "name": "User", "description": "Requests and approves"},
                      {"id": 2 + (i % 3) as i64, "name": (["Buyer", "AP Clerk", "Approver"][i % 3]), "description": "Assigned role"}],
            "manager": manager.unwrap_or(Value::Null),
            "approval-limit": {"id": 1, "amount": "10000.00", "currency": usd},
            "phone-work": phone(&mut g), "phone-mobile": phone(&mut g),
            "sso-identifier": null, "authentication-method": "coupa_credentials",
        }));
        g.stamps(&mut m);
        m.insert(
            "custom-fields".into(),
            json!({"badge-id": format!("B-{}", 5000 + i)}),
        );
        users.push(Value::Object(m));
    }
    for u in &users {
        store.put("users", u.clone());
    }
    let user_ref = user_simple;

    let n_suppliers = (n / 5).max(10);
    let supplier_ids = ids(&mut g, 2000, n_suppliers);
    let mut suppliers: Vec<Value> = Vec::new();
    for (i, id) in supplier_ids.iter().enumerate() {
        let name = format!(
            "{} {}",
            COMPANY[i % COMPANY.len()],
            KIND[(i / COMPANY.len()) % KIND.len()]
        );
        let name = if i >= COMPANY.len() * KIND.len() {
            format!("{name} {i}")
        } else {
            name
        };
        let contacts: Vec<Value> = (0..g.rng.gen_range(1..=3))
            .map(|k| {
                let (c, u) = g.times();
                let first = g.pick(FIRST);
                let last = g.pick(LAST);
                json!({"id": id * 10 + k, "name-given": first, "name-family": last,
                       "email": format!("{}.{}@{}.example", first.to_lowercase(), last.to_lowercase(), COMPANY[i % COMPANY.len()].to_lowercase()),
                       "phone-work": phone(&mut g), "phone-mobile": phone(&mut g), "phone-fax": null,
                       "purposes": [{"id": 1, "name": "Ordering"}], "created-at": stamp(c), "updated-at": stamp(u)})
            })
            .collect();
        let addresses: Vec<Value> = (0..2)
            .map(|k| {
                address(
                    &mut g,
                    id * 10 + k,
                    if k == 0 { "Headquarters" } else { "Remit to" },
                )
            })
            .collect();
        let mut m = obj(json!({
            "id": id, "name": name, "display-name": name, "number": format!("S{:05}", id),
            "status": if i % 11 == 3 { "inactive" } else { "active" },
            "tax-id": format!("{:02}-{:07}", g.rng.gen_range(10..99), g.rng.gen_range(0..9999999)),
            "duns": format!("{:09}", g.rng.gen_range(100000000u64..999999999)),
            "website": format!("https://{}.example", COMPANY[i % COMPANY.len()].to_lowercase()),
            "account-number": format!("ACC-{}", 7000 + i), "payment-method": if i % 4 == 0 { "virtual_card" } else { "invoice" },
            "po-method": (["email", "cxml", "prompt"][i % 3]), "po-email": format!("orders@{}.example", COMPANY[i % COMPANY.len()].to_lowercase()),
            "on-hold": i % 19 == 7, "one-time-supplier": i % 23 == 9, "invoice-matching-level": "3-way",
            "payment-term": payment_terms[i % payment_terms.len()], "shipping-term": {"id": 1, "code": "FOB", "active": true},
            "primary-contact": contacts[0], "contacts": contacts,
            "primary-address": addresses[0], "supplier-addresses": addresses,
            "commodity": commodities[i % commodities.len()], "tax-code": {"id": 4, "code": "STD", "percentage": "8.25"},
            "cxml-domain": null, "cxml-identity": null, "allow-cxml-invoicing": i % 3 == 1,
            "diversities": [], "supplier-sites": [],
        }));
        g.stamps(&mut m);
        m.insert(
            "custom-fields".into(),
            json!({"tax-region": (["US-West", "US-East", "EMEA", "APAC"][i % 4]), "risk-tier": (["low", "medium", "high"][i % 3])}),
        );
        suppliers.push(Value::Object(m));
    }
    for s in &suppliers {
        store.put("suppliers", s.clone());
    }

    let items: Vec<Value> = ids(&mut g, 800, 60)
        .into_iter()
        .enumerate()
        .map(|(i, id)| {
            let good = GOODS[i % GOODS.len()];
            let mut m = obj(json!({
                "id": id, "name": if i < GOODS.len() { good.to_string() } else { format!("{good} {}", i / GOODS.len() + 1) },
                "item-number": format!("IT-{:05}", id), "description": format!("{good}, standard model"),
                "active": i % 9 != 4, "item-type": "Item", "uom": uoms[i % 2], "commodity": commodities[i % commodities.len()],
                "manufacturer-name": COMPANY[(i * 3) % COMPANY.len()], "manufacturer-part-number": format!("MPN-{}", 40000 + i * 7),
                "image-url": null, "storage-quantity": 0, "pack-qty": null, "net-weight": null
            }));
            g.stamps(&mut m);
            m.insert("custom-fields".into(), json!({}));
            Value::Object(m)
        })
        .collect();
    for it in &items {
        store.put("items", it.clone());
    }

    // Purchase orders and their lines.
    let po_ids = ids(&mut g, 4000, n);
    let mut line_id = 70_000i64;
    let mut po_lines: Vec<Value> = Vec::new();
    for (i, id) in po_ids.iter().enumerate() {
        let supplier = suppliers[g.rng.gen_range(0..suppliers.len())].clone();
        let requester = user_ref(&users[g.rng.gen_range(0..users.len())]);
        let creator = user_ref(&users[g.rng.gen_range(0..users.len())]);
        let cur = if i % 7 == 3 {
            currencies[1].clone()
        } else {
            usd.clone()
        };
        let (c, u) = g.times();
        let number = format!("PO{:06}", id);
        let mut lines = Vec::new();
        for k in 0..g.rng.gen_range(1..=6) {
            line_id += g.rng.gen_range(1..=3);
            let item = items[g.rng.gen_range(0..items.len())].clone();
            let qty = g.rng.gen_range(1..40) as f64;
            let price = (g.rng.gen_range(100..90000) as f64) / 100.0;
            let need = c + g.rng.gen_range(5..60) * 86400;
            lines.push(json!({
                "id": line_id, "line-num": (k + 1).to_string(), "description": item["name"],
                "type": "OrderQuantityLine", "status": if i % 5 == 0 { "received" } else { "created" },
                "quantity": format!("{qty:.1}"), "price": money(price), "total": money(qty * price),
                "uom": item["uom"], "need-by-date": stamp(need), "account": accounts[g.rng.gen_range(0..accounts.len())],
                "commodity": item["commodity"], "item": item, "currency": cur, "source-part-num": null,
                "order-header-id": id, "order-header-number": number, "supplier": supplier,
                "received": if i % 5 == 0 { format!("{qty:.1}") } else { "0.0".into() },
                "total-invoiced": money(0.0), "receipt-required": true, "version": 1,
                "created-at": stamp(c), "updated-at": stamp(u), "custom-fields": {}
            }));
        }
        let mut m = obj(json!({
            "id": id, "po-number": number, "status": PO_STATUS[i % PO_STATUS.len()], "type": "OrderHeader",
            "version": g.rng.gen_range(1..4), "exported": i % 3 == 0,
            "acknowledged-flag": i % 4 == 1, "acknowledged-at": if i % 4 == 1 { json!(stamp(u)) } else { Value::Null },
            "last-exported-at": if i % 3 == 0 { json!(stamp(u)) } else { Value::Null },
            "payment-method": "invoice", "ship-to-attention": format!("{} {}", g.pick(FIRST), g.pick(LAST)),
            "currency": cur, "supplier": supplier, "requester": requester, "created-by": creator,
            "updated-by": requester, "ship-to-address": address(&mut g, 8000 + i as i64, "Main warehouse"),
            "ship-to-user": null, "payment-term": supplier["payment-term"], "shipping-term": {"id": 1, "code": "FOB", "active": true},
            "transmission-status": "sent_via_email", "transmission-method-override": "supplier_default",
            "order-lines": lines, "attachments": [],
            "created-at": stamp(c), "updated-at": stamp(u),
            "custom-fields": {
                "cost-center-code": format!("CC-{}", 100 + (i % 12)),
                "project-code": format!("PRJ-{}", 20 + (i % 7)),
                "gl-override": if i % 5 == 0 { json!("6100") } else { Value::Null }
            }
        }));
        m.insert("invoice-stop".into(), json!(false));
        for l in m["order-lines"].as_array().cloned().unwrap_or_default() {
            po_lines.push(l);
        }
        store.put("purchase_orders", Value::Object(m));
    }
    for l in &po_lines {
        store.put("purchase_order_lines", l.clone());
    }

    // Invoices against those orders.
    let inv_ids = ids(&mut g, 20_000, n);
    let mut inv_line = 90_000i64;
    for (i, id) in inv_ids.iter().enumerate() {
        let po = store.nth("purchase_orders", i % n).unwrap_or_default();
        let supplier = po["supplier"].clone();
        let cur = po["currency"].clone();
        let (c, u) = g.times();
        let mut lines = Vec::new();
        let mut gross = 0.0;
        for (k, ol) in po["order-lines"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .enumerate()
            .take(4)
        {
            inv_line += g.rng.gen_range(1..=3);
            let qty: f64 = ol["quantity"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .unwrap_or(1.0);
            let price: f64 = ol["price"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .unwrap_or(1.0);
            gross += qty * price;
            lines.push(json!({
                "id": inv_line, "line-num": k as i64 + 1, "description": ol["description"],
                "type": "InvoiceQuantityLine", "quantity": ol["quantity"], "price": ol["price"],
                "total": money(qty * price), "uom": ol["uom"], "po-number": po["po-number"],
                "order-line-id": ol["id"], "order-line-num": ol["line-num"], "account": ol["account"],
                "commodity": ol["commodity"], "currency": cur, "tax-amount": money(qty * price * 0.0825),
                "created-at": stamp(c), "updated-at": stamp(u)
            }));
        }
        let tax = gross * 0.0825;
        let status = INV_STATUS[i % INV_STATUS.len()];
        let m = json!({
            "id": id, "invoice-number": format!("INV-{}-{:05}", COMPANY[i % COMPANY.len()].to_uppercase(), id),
            "invoice-date": stamp(c), "status": status, "document-type": if i % 29 == 4 { "Credit Note" } else { "Invoice" },
            "is-credit-note": i % 29 == 4, "supplier": supplier, "currency": cur,
            "gross-total": money(gross), "tax-amount": money(tax), "total-with-taxes": money(gross + tax),
            "amount-due": if status == "approved" && i % 2 == 0 { money(0.0) } else { money(gross + tax) },
            "payment-term": supplier["payment-term"], "net-due-date": stamp(c + 30 * 86400),
            "paid": status == "approved" && i % 2 == 0, "exported": i % 4 == 0,
            "last-exported-at": if i % 4 == 0 { json!(stamp(u)) } else { Value::Null },
            "invoice-lines": lines, "requested-by": po["requester"], "created-by": po["created-by"],
            "updated-by": po["requester"], "ship-to-address": po["ship-to-address"],
            "remit-to-address": remit_to(&supplier["primary-address"]), "tax-lines": [], "attachments": [], "approvals": [],
            "created-at": stamp(c), "updated-at": stamp(u),
            "custom-fields": {"ap-batch": format!("B{}", 100 + i % 20), "approval-route": (["standard", "fast-track"][i % 2])}
        });
        store.put("invoices", m);
    }

    // Requisitions.
    for (i, id) in ids(&mut g, 30_000, (n / 2).max(5)).into_iter().enumerate() {
        let requester = user_ref(&users[i % users.len()]);
        let (c, u) = g.times();
        let mut lines = Vec::new();
        let mut total = 0.0;
        for k in 0..g.rng.gen_range(1..=4) {
            let item = items[g.rng.gen_range(0..items.len())].clone();
            let qty = g.rng.gen_range(1..10) as f64;
            let price = (g.rng.gen_range(500..50000) as f64) / 100.0;
            total += qty * price;
            lines.push(json!({
                "id": id * 10 + k, "line-num": k + 1, "description": item["name"], "line-type": "RequisitionQuantityLine",
                "status": "approved", "quantity": format!("{qty:.1}"), "unit-price": money(price), "total": money(qty * price),
                "uom": item["uom"], "supplier": suppliers[(i + k as usize) % suppliers.len()],
                "account": accounts[i % accounts.len()], "commodity": item["commodity"], "item": item,
                "currency": usd, "order-line-id": null, "need-by-date": stamp(c + 14 * 86400)
            }));
        }
        store.put("requisitions", json!({
            "id": id, "req-title": format!("{} for {}", GOODS[i % GOODS.len()], DEPARTMENTS[i % 8]),
            "status": (["approved", "ordered", "pending_approval", "draft"][i % 4]),
            "requested-by": requester, "requester": requester, "created-by": requester, "updated-by": requester,
            "department": departments[i % departments.len()], "currency": "USD", "total": money(total),
            "need-by-date": stamp(c + 14 * 86400), "submitted-at": stamp(c + 3600),
            "justification": "Needed for the team", "ship-to-attention": requester["fullname"],
            "ship-to-address": address(&mut g, 8500 + i as i64, "Office"), "exported": i % 5 == 0,
            "requisition-lines": lines, "approvals": [], "tags": [],
            "created-at": stamp(c), "updated-at": stamp(u), "custom-fields": {"budget-code": format!("BUD-{}", i % 9)}
        }));
    }

    // Expense reports.
    for (i, id) in ids(&mut g, 40_000, (n / 4).max(5)).into_iter().enumerate() {
        let who = user_ref(&users[i % users.len()]);
        let (c, u) = g.times();
        let mut lines = Vec::new();
        let mut total = 0.0;
        for k in 0..g.rng.gen_range(1..=5) {
            let amount = (g.rng.gen_range(500..40000) as f64) / 100.0;
            total += amount;
            let mut line = obj(json!({
                "id": id * 10 + k, "line-number": k + 1, "description": (["Taxi", "Hotel", "Dinner", "Flight", "Parking"][k as usize % 5]),
                "merchant": format!("{} {}", g.pick(LAST), (["Cabs", "Hotels", "Bistro", "Air", "Parking"][k as usize % 5])),
                "expense-date": stamp(c - k * 86400), "amount": money(amount), "currency": usd,
                "expense-category": {"id": k + 1, "name": (["Ground transport", "Lodging", "Meals", "Airfare", "Parking"][k as usize % 5])},
                "employee-reimbursable": k % 4 != 3, "account": accounts[(i + k as usize) % accounts.len()],
                "status": "approved", "created-at": stamp(c), "updated-at": stamp(u)
            }));
            for f in 1..=20 {
                line.insert(
                    format!("custom-field-{f}"),
                    if f == 1 {
                        json!("client-visit")
                    } else {
                        Value::Null
                    },
                );
            }
            lines.push(Value::Object(line));
        }
        store.put("expense_reports", json!({
            "id": id, "title": format!("Trip to {}", CITY[i % CITY.len()].0),
            "status": (["approved", "paid", "pending_approval", "draft"][i % 4]), "expensed-by": who,
            "submitted-by": who, "currency": usd, "total": money(total), "reimbursable-total-amount": money(total * 0.9),
            "reimbursable-total-currency": usd, "start-date": stamp(c - 5 * 86400), "end-date": stamp(c),
            "submitted-at": stamp(c + 86400), "paid": i % 4 == 1, "exported": i % 3 == 0,
            "expense-lines": lines, "approvals": [], "events": [],
            "created-at": stamp(c), "updated-at": stamp(u), "custom-fields": {"trip-purpose": "Customer meeting"}
        }));
    }

    // Contracts.
    for (i, id) in ids(&mut g, 50_000, (n / 10).max(5)).into_iter().enumerate() {
        let (c, u) = g.times();
        store.put("contracts", json!({
            "id": id, "name": format!("{} master agreement", suppliers[i % suppliers.len()]["name"].as_str().unwrap_or("")),
            "number": format!("CON-{:05}", id), "status": (["published", "draft", "expired"][i % 3]),
            "type": "MasterAgreement", "supplier": suppliers[i % suppliers.len()], "currency": usd,
            "start-date": stamp(c), "end-date": stamp(c + 365 * 86400), "minimum-value": money(1000.0),
            "maximum-value": money(100000.0 + i as f64 * 500.0), "contract-owner": user_ref(&users[i % users.len()]),
            "department": departments[i % departments.len()], "payment-term": payment_terms[i % payment_terms.len()],
            "description": "Framework agreement for recurring purchases", "terms": null, "version": 1,
            "created-at": stamp(c), "updated-at": stamp(u), "custom-fields": {"renewal-owner": "procurement"}
        }));
    }

    // Approvals of orders and invoices.
    for (i, id) in ids(&mut g, 60_000, n).into_iter().enumerate() {
        let (c, u) = g.times();
        let (kind, target) = if i % 2 == 0 {
            ("OrderHeader", po_ids[i % po_ids.len()])
        } else {
            ("InvoiceHeader", inv_ids[i % inv_ids.len()])
        };
        store.put("approvals", json!({
            "id": id, "status": (["approved", "pending_approval", "rejected"][i % 3]), "type": "UserApproval",
            "approvable-type": kind, "approvable-id": target, "position": (i % 3) as i64 + 1,
            "approver": user_ref(&users[i % users.len()]), "approval-date": stamp(u), "note": null,
            "holdable": false, "created-at": stamp(c), "updated-at": stamp(u)
        }));
    }

    // Receipts (inventory transactions) against order lines.
    for (i, id) in ids(&mut g, 80_000, (n / 2).max(5)).into_iter().enumerate() {
        let line = po_lines[i % po_lines.len()].clone();
        let (c, u) = g.times();
        let qty: f64 = line["quantity"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1.0);
        let price: f64 = line["price"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1.0);
        store.put("inventory_transactions", json!({
            "id": id, "type": "ReceivingQuantityConsumption", "status": "created",
            "transaction-date": stamp(u), "quantity": format!("{qty:.1}"), "price": money(price), "total": money(qty * price),
            "currency": line["currency"], "uom": line["uom"], "item": line["item"], "order-line": line,
            "account": line["account"], "barcode": format!("BC{:08}", id), "comments": null, "exported": i % 2 == 0,
            "created-at": stamp(c), "updated-at": stamp(u), "custom-fields": {}
        }));
    }

    // Exchange rates.
    for (i, id) in ids(&mut g, 90_000, 30).into_iter().enumerate() {
        let (c, u) = g.times();
        let from = currencies[i % currencies.len()].clone();
        let to = currencies[(i + 1) % currencies.len()].clone();
        store.put(
            "exchange_rates",
            json!({
                "id": id, "from-currency": from, "to-currency": to,
                "rate": format!("{:.6}", 0.5 + g.rng.gen_range(0..1500) as f64 / 1000.0),
                "rate-date": stamp(c), "created-at": stamp(c), "updated-at": stamp(u)
            }),
        );
    }
    store
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_for_a_seed() {
        let a = generate(7, 30);
        let b = generate(7, 30);
        assert_eq!(a.ids("purchase_orders"), b.ids("purchase_orders"));
        assert_eq!(a.nth("invoices", 3), b.nth("invoices", 3));
        assert_ne!(
            generate(8, 30).nth("purchase_orders", 0),
            a.nth("purchase_orders", 0)
        );
    }

    #[test]
    fn stamps_are_iso_with_offset() {
        assert_eq!(stamp(EPOCH), "2025-12-31T16:00:00-08:00");
    }
}
