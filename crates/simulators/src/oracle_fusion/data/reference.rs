//! Reference data: business units, inventory organisations, locations, account
//! combinations, daily currency rates, workers and their user accounts, suppliers with
//! sites and contacts, and items.

use rand::Rng;
use serde_json::{Value, json};

use super::{DAY_MS, Gen, attrs, round2};
use crate::oracle_fusion::clock::{self, EPOCH_MS};
use crate::oracle_fusion::store::Row;

#[derive(Clone)]
pub struct Bu {
    pub id: i64,
    pub name: &'static str,
    pub currency: &'static str,
    pub legal_entity_id: i64,
    pub legal_entity: &'static str,
}

#[derive(Clone)]
pub struct Org {
    pub id: i64,
    pub code: &'static str,
    pub location_id: i64,
    pub location: &'static str,
}

#[derive(Clone)]
pub struct Person {
    pub id: i64,
    pub display: String,
    pub username: String,
    pub email: String,
    pub assignment_id: i64,
}

#[derive(Clone)]
pub struct Site {
    pub id: i64,
    pub name: String,
    pub bu: usize,
}

#[derive(Clone)]
pub struct Supplier {
    pub id: i64,
    pub name: String,
    pub number: String,
    pub sites: Vec<Site>,
    pub contact_id: i64,
    pub contact: String,
}

#[derive(Clone)]
pub struct Item {
    pub id: i64,
    pub number: String,
    pub description: String,
    pub category_id: i64,
    pub category: &'static str,
    pub uom_code: &'static str,
    pub uom: &'static str,
    pub price: f64,
    pub goods: bool,
}

#[derive(Clone)]
pub struct Account {
    pub id: i64,
    pub code: String,
}

/// What later rows refer to.
pub struct World {
    pub bus: Vec<Bu>,
    pub orgs: Vec<Org>,
    pub workers: Vec<Person>,
    pub buyers: Vec<usize>,
    pub suppliers: Vec<Supplier>,
    pub items: Vec<Item>,
    pub accounts: Vec<Account>,
    /// Units of the foreign currency per US dollar, by code.
    pub rates: Vec<(&'static str, f64)>,
}

pub const CURRENCIES: &[(&str, &str)] = &[
    ("USD", "US Dollar"),
    ("EUR", "Euro"),
    ("GBP", "Pound Sterling"),
    ("CAD", "Canadian Dollar"),
    ("JPY", "Yen"),
    ("CHF", "Swiss Franc"),
];

pub fn currency_name(code: &str) -> &'static str {
    CURRENCIES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("US Dollar", |(_, n)| n)
}

const FIRST: &[&str] = &[
    "Pat", "Calvin", "Clare", "Diane", "Ethan", "Fiona", "Gopal", "Hana", "Ivan", "Julia", "Kenji",
    "Lena", "Marco", "Nadia", "Oscar", "Priya", "Rafael", "Sofia", "Tomas", "Uma",
];
const LAST: &[&str] = &[
    "Stock", "Roth", "Jones", "Cho", "Brennan", "Dubois", "Iyer", "Kowalski", "Larsen", "Mendes",
    "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka", "Umar", "Varga",
    "Wright",
];
const SUPPLIER_WORDS: &[&str] = &[
    "Acme",
    "Allied",
    "Apex",
    "Blue Ridge",
    "Cascade",
    "Delta",
    "Evergreen",
    "Frontier",
    "Granite",
    "Harbor",
    "Keystone",
    "Lakeside",
    "Meridian",
    "Northwind",
    "Pinnacle",
    "Redwood",
    "Summit",
    "Tristar",
    "Vertex",
    "Westbrook",
];
const SUPPLIER_KIND: &[&str] = &[
    "Office Supplies",
    "Industrial",
    "Logistics",
    "Technologies",
    "Consulting",
    "Manufacturing",
    "Electronics",
    "Facilities Services",
];
const CITIES: &[(&str, &str, &str, &str)] = &[
    ("FRESNO", "Fresno", "CA", "US"),
    ("SEATTLE", "Seattle", "WA", "US"),
    ("AUSTIN", "Austin", "TX", "US"),
    ("CHICAGO", "Chicago", "IL", "US"),
    ("BOSTON", "Boston", "MA", "US"),
    ("LONDON", "London", "", "GB"),
    ("FRANKFURT", "Frankfurt", "HE", "DE"),
    ("TORONTO", "Toronto", "ON", "CA"),
];
pub const CATEGORIES: &[(i64, &str)] = &[
    (1001, "Office Supplies"),
    (1002, "Computer Hardware"),
    (1003, "Software"),
    (1004, "Professional Services"),
    (1005, "Facilities"),
    (1006, "Travel"),
    (1007, "Raw Materials"),
    (1008, "Telecommunications"),
];
const GOODS: &[(&str, usize, f64)] = &[
    ("Laptop 14in", 1, 1450.0),
    ("Monitor 27in", 1, 329.0),
    ("Ergonomic Chair", 4, 489.0),
    ("Copy Paper A4 Box", 0, 42.5),
    ("Toner Cartridge", 0, 88.0),
    ("Wireless Headset", 1, 129.99),
    ("Standing Desk", 4, 799.0),
    ("Server Rack 42U", 1, 2150.0),
    ("USB-C Dock", 1, 189.0),
    ("Whiteboard", 0, 156.0),
    ("Steel Sheet 2mm", 6, 61.25),
    ("Aluminium Bar", 6, 23.4),
    ("Mobile Phone", 7, 699.0),
    ("Router", 7, 1249.0),
    ("Database License", 2, 5400.0),
    ("Office Suite License", 2, 249.0),
];
const SERVICES: &[(&str, usize, f64)] = &[
    ("Implementation Consulting", 3, 175.0),
    ("Cleaning Services", 4, 65.0),
    ("Security Guard Services", 4, 48.0),
    ("Travel Management Fee", 5, 35.0),
];

/// Business units, after the Vision demo instance Oracle's guides use.
fn business_units() -> Vec<Bu> {
    vec![
        Bu {
            id: 204,
            name: "Vision Operations",
            currency: "USD",
            legal_entity_id: 204,
            legal_entity: "Vision Operations",
        },
        Bu {
            id: 458,
            name: "Vision Services",
            currency: "USD",
            legal_entity_id: 458,
            legal_entity: "Vision Services",
        },
        Bu {
            id: 300000046987012,
            name: "Vision Germany",
            currency: "EUR",
            legal_entity_id: 300000046975980,
            legal_entity: "Vision Germany GmbH",
        },
        Bu {
            id: 300000046987031,
            name: "Vision UK",
            currency: "GBP",
            legal_entity_id: 300000046975995,
            legal_entity: "Vision UK Ltd",
        },
        Bu {
            id: 300000046987050,
            name: "Vision Canada",
            currency: "CAD",
            legal_entity_id: 300000046976010,
            legal_entity: "Vision Canada Inc",
        },
    ]
}

pub fn generate(g: &mut Gen, n: usize) -> World {
    let bus = business_units();
    let orgs = vec![
        Org {
            id: 207,
            code: "M1",
            location_id: 204,
            location: "V1- New York City",
        },
        Org {
            id: 209,
            code: "M2",
            location_id: 1442,
            location: "Seattle Manufacturing",
        },
        Org {
            id: 300000047274444,
            code: "DE1",
            location_id: 300000047271234,
            location: "Frankfurt Distribution Center",
        },
    ];
    bu_rows(g, &bus);
    let accounts = account_rows(g);
    let rates = rate_rows(g, n);
    let workers = worker_rows(g, n, &bus);
    let buyers: Vec<usize> = (0..workers.len()).filter(|i| i % 4 == 0).collect();
    let suppliers = supplier_rows(g, n, &bus);
    let items = item_rows(g, n, &orgs);
    World {
        bus,
        orgs,
        workers,
        buyers,
        suppliers,
        items,
        accounts,
        rates,
    }
}

fn bu_rows(g: &mut Gen, bus: &[Bu]) {
    for (i, bu) in bus.iter().enumerate() {
        let row = attrs(json!({
            "BusinessUnitId": bu.id,
            "BusinessUnitName": bu.name,
            "ActiveFlag": true,
            "Status": "A",
            "LocationId": 204 + i as i64,
            "ManagerId": null,
            "PrimaryLedgerId": 1 + i as i64,
            "LegalEntityId": bu.legal_entity_id,
            "ProfitCenterFlag": i % 2 == 0,
            "DefaultCurrencyCode": bu.currency,
        }));
        g.put("finBusinessUnitsLOV", Row::new(row));
    }
}

fn account_rows(g: &mut Gen) -> Vec<Account> {
    const CENTRES: &[&str] = &["000", "110", "120", "210", "310", "420", "510", "520"];
    const NATURAL: &[(&str, &str)] = &[
        ("1410", "A"),
        ("1520", "A"),
        ("2210", "L"),
        ("5110", "E"),
        ("5210", "E"),
        ("6100", "E"),
        ("7110", "E"),
        ("7220", "E"),
        ("7330", "E"),
        ("7640", "E"),
        ("7710", "E"),
        ("7820", "E"),
    ];
    let mut out = Vec::new();
    let mut id = 13000;
    for company in ["01", "02"] {
        for centre in CENTRES {
            for (natural, kind) in NATURAL {
                id += g.rng.gen_range(1..5);
                let code = format!("{company}-{centre}-{natural}-0000-000");
                let enabled = !(centre == &"520" && natural == &"7820");
                // Loaded with the chart of accounts three years before the epoch, one
                // minute apart; the disabled combination was end-dated later. Drawn
                // without the random source, so the rest of the seed stays as it was.
                let created = EPOCH_MS - 3 * 365 * DAY_MS + out.len() as i64 * 60_000;
                let updated = if enabled {
                    created
                } else {
                    EPOCH_MS - 365 * DAY_MS + 9 * 3_600_000
                };
                let mut m = attrs(json!({
                        "_CODE_COMBINATION_ID": id,
                        "_CHART_OF_ACCOUNTS_ID": 101,
                        "AccountType": kind,
                        "EnabledFlag": enabled,
                        "DetailPostingAllowed": true,
                        "DetailBudgetingAllowed": true,
                        "StartDateActive": null,
                        "EndDateActive": if enabled { Value::Null } else { json!("2024-12-31") },
                        "Segment1": company,
                        "Segment2": centre,
                        "Segment3": natural,
                        "Segment4": "0000",
                        "Segment5": "000",
                        "ConcatenatedSegments": code,
                }));
                // The view object has thirty segment columns; this chart uses five.
                for n in 6..=30 {
                    m.insert(format!("Segment{n}"), Value::Null);
                }
                m.insert("CreatedBy".into(), json!("GL.SETUP"));
                m.insert("CreationDate".into(), json!(clock::stamp(created)));
                m.insert("LastUpdatedBy".into(), json!("GL.SETUP"));
                m.insert("LastUpdateDate".into(), json!(clock::stamp(updated)));
                g.put("accountCombinationsLOV", Row::new(m));
                out.push(Account { id, code });
            }
        }
    }
    out
}

fn rate_rows(g: &mut Gen, n: usize) -> Vec<(&'static str, f64)> {
    let base: Vec<(&'static str, f64)> = vec![
        ("EUR", 0.92),
        ("GBP", 0.79),
        ("CAD", 1.36),
        ("JPY", 151.2),
        ("CHF", 0.88),
    ];
    let days = (n / 10).clamp(30, 400) as i64;
    for (code, mid) in &base {
        let mut rate = *mid;
        for d in 0..days {
            let day = EPOCH_MS - (days - d) * DAY_MS;
            rate *= 1.0 + g.rng.gen_range(-0.004..0.004);
            let created = day + 3_600_000 * 20;
            for (from, to, r) in [("USD", *code, rate), (*code, "USD", 1.0 / rate)] {
                let mut m = attrs(json!({
                    "FromCurrency": from,
                    "ToCurrency": to,
                    "UserConversionType": "Corporate",
                    "ConversionType": "Corporate",
                    "ConversionDate": clock::date(day),
                    "ConversionRate": (r * 1_000_000.0).round() / 1_000_000.0,
                }));
                m.insert("CreatedBy".into(), json!("FIN_RATES_LOADER"));
                m.insert("CreationDate".into(), json!(clock::stamp(created)));
                m.insert("LastUpdatedBy".into(), json!("FIN_RATES_LOADER"));
                m.insert("LastUpdateDate".into(), json!(clock::stamp(created)));
                g.put("currencyRates", Row::new(m));
            }
        }
    }
    base
}

fn worker_rows(g: &mut Gen, n: usize, bus: &[Bu]) -> Vec<Person> {
    let count = (n / 10).clamp(24, 2000);
    let created = g.creation_times(count);
    let mut people = Vec::with_capacity(count);
    let mut user_id = 60;
    for (i, at) in created.into_iter().enumerate() {
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i * 7 + i / FIRST.len()) % LAST.len()];
        let id = g.id();
        let number = format!("{}", 955_160 + i);
        let username = format!("{}.{}", first.to_uppercase(), last.to_uppercase())
            + &if i >= FIRST.len() {
                (i / FIRST.len()).to_string()
            } else {
                String::new()
            };
        let email = format!("{}@vision.example.com", username.to_lowercase());
        let display = format!("{first} {last}");
        let bu = &bus[i % 2];
        let start = clock::date(at - 30 * DAY_MS);
        let name_id = g.id();
        let email_id = g.id();
        let pos_id = g.id();
        let assignment_id = g.id();
        let mut m = attrs(json!({
            "PersonId": id,
            "PersonNumber": number,
            "CorrespondenceLanguage": null,
            "BloodType": null,
            "DateOfBirth": clock::date(at - g.rng.gen_range(8_000..18_000) * DAY_MS),
            "CountryOfBirth": "US",
            "TownOfBirth": null,
            "WaiveDataProtectFlag": false,
            "EffectiveStartDate": start,
            "EffectiveEndDate": "4712-12-31",
        }));
        g.who(&mut m, at, "HCM_IMPORT");
        let mut row = Row::new(m);
        let mut name = attrs(json!({
            "PersonNameId": name_id,
            "EffectiveStartDate": start,
            "EffectiveEndDate": "4712-12-31",
            "LegislationCode": "US",
            "LastName": last,
            "FirstName": first,
            "MiddleNames": null,
            "Title": null,
            "DisplayName": display,
            "FullName": format!("{last}, {first}"),
            "ListName": format!("{last}, {first}"),
        }));
        g.who(&mut name, at, "HCM_IMPORT");
        row.children.insert("names".into(), vec![Row::new(name)]);
        let mut em = attrs(json!({
            "EmailAddressId": email_id,
            "EmailType": "W1",
            "EmailAddress": email,
            "FromDate": start,
            "ToDate": null,
            "PrimaryFlag": true,
        }));
        g.who(&mut em, at, "HCM_IMPORT");
        row.children.insert("emails".into(), vec![Row::new(em)]);
        let mut asg = attrs(json!({
            "AssignmentId": assignment_id,
            "AssignmentNumber": format!("E{number}"),
            "AssignmentName": format!("E{number}"),
            "ActionCode": "HIRE",
            "EffectiveStartDate": start,
            "EffectiveEndDate": "4712-12-31",
            "BusinessUnitId": bu.id,
            "BusinessUnitName": bu.name,
            "DepartmentName": (["Procurement", "Finance", "Operations", "IT", "Facilities"][i % 5]),
            "JobCode": (["BUYER", "ACCOUNTANT", "ENGINEER", "ANALYST"][i % 4]),
            "LocationCode": "V1- New York City",
            "AssignmentStatusType": if i % 23 == 7 { "INACTIVE" } else { "ACTIVE" },
            "PrimaryFlag": true,
            "ManagerAssignmentId": people.first().map_or(Value::Null, |p: &Person| json!(p.assignment_id)),
        }));
        g.who(&mut asg, at, "HCM_IMPORT");
        let mut rel = attrs(json!({
            "PeriodOfServiceId": pos_id,
            "LegalEmployerName": bu.legal_entity,
            "WorkerType": "E",
            "PrimaryFlag": true,
            "StartDate": start,
            "TerminationDate": null,
        }));
        g.who(&mut rel, at, "HCM_IMPORT");
        let mut rel = Row::new(rel);
        rel.children
            .insert("assignments".into(), vec![Row::new(asg)]);
        row.children.insert("workRelationships".into(), vec![rel]);
        g.put("workers", row);

        user_id += g.rng.gen_range(1..4);
        let guid: String = (0..16)
            .map(|_| format!("{:02X}", g.rng.r#gen::<u8>()))
            .collect();
        let mut u = attrs(json!({
            "GUID": guid,
            "UserId": user_id,
            "Username": username,
            "SuspendedFlag": i % 23 == 7,
            "PersonId": id,
            "PersonNumber": number,
            "CredentialsEmailSentFlag": true,
        }));
        g.who(&mut u, at, "HCM_IMPORT");
        let mut urow = Row::new(u);
        let roles: &[(&str, &str)] = match i % 4 {
            0 => &[
                ("ORA_PO_BUYER_JOB", "Buyer"),
                ("ORA_PER_EMPLOYEE_ABSTRACT", "Employee"),
            ],
            1 => &[
                (
                    "ORA_AP_ACCOUNTS_PAYABLE_SPECIALIST_JOB",
                    "Accounts Payable Specialist",
                ),
                ("ORA_PER_EMPLOYEE_ABSTRACT", "Employee"),
            ],
            _ => &[("ORA_PER_EMPLOYEE_ABSTRACT", "Employee")],
        };
        let role_rows = roles
            .iter()
            .map(|(code, name)| {
                let role_guid: String = (0..16)
                    .map(|_| format!("{:02X}", g.rng.r#gen::<u8>()))
                    .collect();
                Row::new(attrs(json!({
                    "RoleGUID": role_guid,
                    "RoleId": 300_000_000 + code.len() as i64,
                    "RoleCode": code,
                    "RoleName": name,
                    "Active": true,
                })))
            })
            .collect();
        urow.children.insert("userAccountRoles".into(), role_rows);
        g.put("userAccounts", urow);
        people.push(Person {
            id,
            display,
            username,
            email,
            assignment_id,
        });
    }
    people
}

fn supplier_rows(g: &mut Gen, n: usize, bus: &[Bu]) -> Vec<Supplier> {
    let count = (n / 8).clamp(12, 5000);
    let created = g.creation_times(count);
    let mut out = Vec::with_capacity(count);
    for (i, at) in created.into_iter().enumerate() {
        let id = g.id();
        let name = if i == 0 {
            "Advanced Network Devices".to_string()
        } else {
            let w = SUPPLIER_WORDS[i % SUPPLIER_WORDS.len()];
            let k = SUPPLIER_KIND[(i / SUPPLIER_WORDS.len() + i) % SUPPLIER_KIND.len()];
            let round = i / (SUPPLIER_WORDS.len() * SUPPLIER_KIND.len());
            if round == 0 {
                format!("{w} {k}")
            } else {
                format!("{w} {k} {}", round + 1)
            }
        };
        let number = format!("{}", 1250 + i * 3);
        let status_active = i % 19 != 11;
        let mut m = attrs(json!({
            "SupplierId": id,
            "SupplierPartyId": id + 1,
            "Supplier": name,
            "SupplierNumber": number,
            "AlternateName": null,
            "TaxOrganizationType": (["Corporation", "Partnership", "Individual"][i % 3]),
            "SupplierType": "Supplier",
            "BusinessRelationship": if i % 9 == 4 { "Prospective" } else { "Spend Authorized" },
            "Status": if status_active { "ACTIVE" } else { "INACTIVE" },
            "InactiveDate": if status_active { Value::Null } else { json!(clock::date(at + 90 * DAY_MS)) },
            "DUNSNumber": format!("{:09}", g.rng.gen_range(100_000_000..999_999_999u64)),
            "TaxpayerId": format!("{:02}-{:07}", g.rng.gen_range(10..99), g.rng.gen_range(1_000_000..9_999_999)),
            "TaxRegistrationNumber": null,
            "OneTimeSupplierFlag": false,
            "ParentSupplier": null,
            "ParentSupplierId": null,
        }));
        g.who(&mut m, at, "PROCUREMENT.ADMIN");
        let mut row = Row::new(m);
        let n_sites = if i == 0 { 2 } else { g.rng.gen_range(1..=3) };
        let mut sites = Vec::new();
        let mut site_rows = Vec::new();
        let mut addr_rows = Vec::new();
        for s in 0..n_sites {
            let (code, city, state, country) = if i == 0 && s == 0 {
                CITIES[0]
            } else {
                *g.pick(CITIES)
            };
            let site_name = if sites.iter().any(|x: &Site| x.name == code) {
                format!("{code}-{s}")
            } else {
                code.to_string()
            };
            let addr_id = g.id();
            let site_id = g.id();
            let bu_ix = if i == 0 {
                0
            } else {
                g.rng.gen_range(0..bus.len())
            };
            let mut a = attrs(json!({
                "SupplierAddressId": addr_id,
                "AddressName": format!("{city} {}", s + 1),
                "CountryCode": country,
                "Country": match country { "US" => "United States", "GB" => "United Kingdom", "DE" => "Germany", _ => "Canada" },
                "AddressLine1": format!("{} {} Avenue", g.rng.gen_range(10..9999), LAST[(i + s) % LAST.len()]),
                "AddressLine2": null,
                "City": city,
                "State": if state.is_empty() { Value::Null } else { json!(state) },
                "PostalCode": format!("{:05}", g.rng.gen_range(10000..99999)),
                "AddressPurposeOrderingFlag": true,
                "AddressPurposeRemitToFlag": true,
                "Status": "ACTIVE",
            }));
            g.who(&mut a, at, "PROCUREMENT.ADMIN");
            addr_rows.push(Row::new(a));
            let mut sm = attrs(json!({
                "SupplierSiteId": site_id,
                "SupplierSite": site_name,
                "ProcurementBUId": bus[bu_ix].id,
                "ProcurementBU": bus[bu_ix].name,
                "SupplierAddressId": addr_id,
                "SupplierAddressName": format!("{city} {}", s + 1),
                "SitePurposePurchasingFlag": true,
                "SitePurposePayFlag": true,
                "SitePurposePrimaryPayFlag": s == 0,
                "PaymentTerms": (["Net 30", "Net 45", "Immediate"][(i + s) % 3]),
                "InvoiceCurrencyCode": bus[bu_ix].currency,
                "PaymentCurrencyCode": bus[bu_ix].currency,
                "InactiveDate": null,
            }));
            g.who(&mut sm, at, "PROCUREMENT.ADMIN");
            let mut srow = Row::new(sm);
            let asg_id = g.id();
            let mut asg = attrs(json!({
                "AssignmentId": asg_id,
                "ClientBUId": bus[bu_ix].id,
                "ClientBU": bus[bu_ix].name,
                "BillToBUId": bus[bu_ix].id,
                "BillToBU": bus[bu_ix].name,
                "Status": "ACTIVE",
            }));
            g.who(&mut asg, at, "PROCUREMENT.ADMIN");
            srow.children
                .insert("assignments".into(), vec![Row::new(asg)]);
            let dff = g.flex_rows("suppliers/sites/DFF", &[("SupplierSiteId", json!(site_id))]);
            srow.children.insert("DFF".into(), dff);
            site_rows.push(srow);
            sites.push(Site {
                id: site_id,
                name: site_name,
                bu: bu_ix,
            });
        }
        row.children.insert("addresses".into(), addr_rows);
        row.children.insert("sites".into(), site_rows);
        let contact_id = g.id();
        let first = FIRST[(i * 3) % FIRST.len()];
        let last = LAST[(i * 5 + 3) % LAST.len()];
        let mut c = attrs(json!({
            "SupplierContactId": contact_id,
            "Salutation": null,
            "FirstName": first,
            "LastName": last,
            "JobTitle": "Account Manager",
            "Email": format!("{}.{}@supplier{}.example.com", first.to_lowercase(), last.to_lowercase(), i),
            "PhoneNumber": format!("555-{:04}", g.rng.gen_range(0..9999)),
            "Status": "ACTIVE",
            "AdministrativeContactFlag": true,
        }));
        g.who(&mut c, at, "PROCUREMENT.ADMIN");
        row.children.insert("contacts".into(), vec![Row::new(c)]);
        let mut classes = Vec::new();
        if i == 0 || g.chance(30) {
            let cid = g.id();
            let mut b = attrs(json!({
                "ClassificationId": cid,
                "Classification": (["Small Business", "Minority Owned", "Veteran Owned", "Woman Owned"][i % 4]),
                "SubclassificationCode": null,
                "CertifyingAgency": "SBA",
                "CertificateNumber": format!("C-{}", 10000 + i),
                "CertificateStartDate": clock::date(at),
                "CertificateExpirationDate": clock::date(at + 730 * DAY_MS),
                "Status": "ACTIVE",
            }));
            g.who(&mut b, at, "PROCUREMENT.ADMIN");
            classes.push(Row::new(b));
        }
        row.children
            .insert("businessClassifications".into(), classes);
        let (cat_id, cat) = CATEGORIES[i % CATEGORIES.len()];
        let ps_id = g.id();
        let mut ps = attrs(json!({
            "SupplierProductsAndServicesId": ps_id,
            "CategoryId": cat_id,
            "CategoryName": cat,
            "CategoryDescription": format!("{cat} products and services"),
            "CategoryType": "BROWSING",
        }));
        g.who(&mut ps, at, "PROCUREMENT.ADMIN");
        row.children
            .insert("productsAndServices".into(), vec![Row::new(ps)]);
        let dff = g.flex_rows("suppliers/DFF", &[("SupplierId", json!(id))]);
        row.children.insert("DFF".into(), dff);
        g.put("suppliers", row);
        out.push(Supplier {
            id,
            name,
            number,
            sites,
            contact_id,
            contact: format!("{first} {last}"),
        });
    }
    out
}

fn item_rows(g: &mut Gen, n: usize, orgs: &[Org]) -> Vec<Item> {
    let count = (n / 6).clamp(20, 5000);
    let created = g.creation_times(count);
    let mut out = Vec::with_capacity(count);
    for (i, at) in created.into_iter().enumerate() {
        let goods = i % 5 != 4;
        let (base, cat_ix, price) = if goods {
            GOODS[i % GOODS.len()]
        } else {
            SERVICES[i % SERVICES.len()]
        };
        let (category_id, category) = CATEGORIES[cat_ix];
        let variant = i / GOODS.len();
        let description = if variant == 0 {
            base.to_string()
        } else {
            format!("{base} Model {}", (b'A' + (variant % 26) as u8) as char)
        };
        let (uom_code, uom) = if goods {
            ("Ea", "Each")
        } else {
            ("HRS", "Hours")
        };
        let item = Item {
            id: g.id(),
            number: format!("{}{:05}", if goods { "AS" } else { "SV" }, 54_000 + i * 7),
            description,
            category_id,
            category,
            uom_code,
            uom,
            price: round2(price * g.rng.gen_range(0.9..1.15)),
            goods,
        };
        let in_orgs = if i % 3 == 0 { 2 } else { 1 };
        for org in orgs.iter().take(in_orgs) {
            let mut m = attrs(json!({
                "ItemId": item.id,
                "OrganizationId": org.id,
                "OrganizationCode": org.code,
                "ItemNumber": item.number,
                "ItemDescription": item.description,
                "LongDescription": null,
                "ItemClass": "Root Item Class",
                "Template": null,
                "ItemStatusValue": if i % 29 == 13 { "Inactive" } else { "Active" },
                "ApprovalStatusValue": "Approved",
                "LifecyclePhaseValue": "Production",
                "PrimaryUOMValue": item.uom,
                "UserItemTypeValue": if goods { "Finished Good" } else { "Service" },
                "PurchasableFlag": true,
                "PurchasingFlag": true,
                "ListPrice": item.price,
                "CategoryId": item.category_id,
                "CategoryCode": category,
            }));
            g.who(&mut m, at, "PIM.ADMIN");
            g.put("itemsV2", Row::new(m));
        }
        out.push(item);
    }
    out
}
