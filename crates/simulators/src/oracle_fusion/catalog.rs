//! The resources the sandbox serves: their REST paths, key attributes, which methods
//! and actions each allows, children, finders, privileges and the few facts about
//! attributes the data cannot show (not queryable, read-only). Attribute names and
//! types come from the seeded rows ([`super::schema`]).

use super::keys::KeyType;

/// The REST application a resource belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// `/fscmRestApi/resources/…` (Procurement, Payables, SCM, Financials).
    Fscm,
    /// `/hcmRestApi/resources/…` (workers, user accounts).
    Hcm,
}

impl Api {
    pub fn root(self) -> &'static str {
        match self {
            Api::Fscm => "fscmRestApi",
            Api::Hcm => "hcmRestApi",
        }
    }

    pub fn from_root(root: &str) -> Option<Api> {
        match root {
            "fscmRestApi" => Some(Api::Fscm),
            "hcmRestApi" => Some(Api::Hcm),
            _ => None,
        }
    }
}

/// Which writes a collection or item accepts (GET is always allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Writes {
    pub create: bool,
    pub update: bool,
    pub delete: bool,
}

pub const READ_ONLY: Writes = Writes {
    create: false,
    update: false,
    delete: false,
};
pub const CRUD: Writes = Writes {
    create: true,
    update: true,
    delete: true,
};
/// Create and update, no delete.
pub const CRU: Writes = Writes {
    create: true,
    update: true,
    delete: false,
};
pub const UPDATE_ONLY: Writes = Writes {
    create: false,
    update: true,
    delete: false,
};

/// A resource or a child accessor.
#[derive(Debug)]
pub struct Node {
    /// The resource name (`purchaseOrders`) or accessor (`lines`, `DFF`).
    pub name: &'static str,
    pub title: &'static str,
    pub keys: &'static [(&'static str, KeyType)],
    /// Links name rows by their `…UniqID` hash even for a single-attribute key.
    pub hash_links: bool,
    pub writes: Writes,
    pub actions: &'static [&'static str],
    pub children: &'static [Node],
    /// Attributes `/describe` marks `queryable: false` (calculated ones).
    pub not_queryable: &'static [&'static str],
    /// Attributes a client may not set, beyond keys and the who-columns.
    pub read_only: &'static [&'static str],
    /// Attributes of `read_only` a client may still set when it creates a row (a draft
    /// order's number, where the business unit numbers orders manually).
    pub create_only: &'static [&'static str],
    /// A descriptive flexfield: `__FLEX_Context` plus configured segments.
    pub flex: bool,
}

impl Node {
    pub fn child(&self, accessor: &str) -> Option<&'static Node> {
        self.children.iter().find(|c| c.name == accessor)
    }

    pub fn key_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.keys.iter().map(|(n, _)| *n)
    }

    pub fn key_types(&self) -> Vec<KeyType> {
        self.keys.iter().map(|(_, t)| *t).collect()
    }
}

/// How a finder variable filters.
#[derive(Debug, Clone, Copy)]
pub enum FinderOp {
    Eq,
    AtLeast,
    AtMost,
    /// Only these values are accepted; the finder does not narrow the rows.
    OneOf(&'static [&'static str]),
}

/// A predefined finder: `finder=<name>;<var>=<value>,…`.
#[derive(Debug)]
pub struct Finder {
    pub name: &'static str,
    /// Variable, the attribute it filters, how.
    pub vars: &'static [(&'static str, &'static str, FinderOp)],
}

/// A top-level resource.
#[derive(Debug)]
pub struct Resource {
    pub node: Node,
    pub api: Api,
    /// The privilege a user needs to call it.
    pub privilege: &'static str,
    /// Finders besides `PrimaryKey` (which every resource has).
    pub finders: &'static [Finder],
    /// Attribute sets that identify a row for `Upsert-Mode: true`, tried in order.
    pub natural_keys: &'static [&'static [&'static str]],
    /// On create, one attribute of each group must be given.
    pub required: &'static [&'static [&'static str]],
}

/// Who-columns: set by the server, never by a client.
pub const WHO: &[&str] = &[
    "CreatedBy",
    "CreationDate",
    "LastUpdatedBy",
    "LastUpdateDate",
];

const fn node(name: &'static str, title: &'static str) -> Node {
    Node {
        name,
        title,
        keys: &[],
        hash_links: false,
        writes: READ_ONLY,
        actions: &[],
        children: &[],
        not_queryable: &[],
        read_only: &[],
        create_only: &[],
        flex: false,
    }
}

const fn dff(
    title: &'static str,
    keys: &'static [(&'static str, KeyType)],
    writes: Writes,
) -> Node {
    Node {
        keys,
        writes,
        flex: true,
        ..node("DFF", title)
    }
}

use KeyType::{Int, Long, Str};

const PO_HEADER: &[(&str, KeyType)] = &[("POHeaderId", Long)];
const PO_LINE: &[(&str, KeyType)] = &[("POLineId", Long)];
const PO_SCHEDULE: &[(&str, KeyType)] = &[("LineLocationId", Long)];
const PO_DIST: &[(&str, KeyType)] = &[("PODistributionId", Long)];

/// Lines, schedules and distributions of an order, read-only or writable.
const fn order_children(
    w: Writes,
    dff_w: Writes,
    line_actions: &'static [&'static str],
) -> [Node; 2] {
    [
        Node {
            keys: PO_LINE,
            writes: w,
            actions: line_actions,
            children: if w.create {
                &DRAFT_LINE_CHILDREN
            } else {
                &PO_LINE_CHILDREN
            },
            not_queryable: &["Amount"],
            read_only: &["Amount"],
            ..node("lines", "Lines")
        },
        dff("Flexfields for Purchase Orders", PO_HEADER, dff_w),
    ]
}

const PO_DIST_NODE: Node = Node {
    keys: PO_DIST,
    hash_links: true,
    children: &[dff("Flexfields for Distributions", PO_DIST, READ_ONLY)],
    ..node("distributions", "Distributions")
};
const PO_SCHEDULE_CHILDREN: [Node; 2] = [
    PO_DIST_NODE,
    dff("Flexfields for Schedules", PO_SCHEDULE, READ_ONLY),
];
const PO_LINE_CHILDREN: [Node; 2] = [
    Node {
        keys: PO_SCHEDULE,
        hash_links: true,
        children: &PO_SCHEDULE_CHILDREN,
        ..node("schedules", "Schedules")
    },
    dff("Flexfields for Purchase Order Lines", PO_LINE, READ_ONLY),
];
const DRAFT_SCHEDULE_CHILDREN: [Node; 2] = [
    Node {
        writes: CRUD,
        actions: &["rebuildAccounts"],
        children: &[dff("Flexfields for Distributions", PO_DIST, UPDATE_ONLY)],
        ..PO_DIST_NODE
    },
    dff("Flexfields for Schedules", PO_SCHEDULE, UPDATE_ONLY),
];
const DRAFT_LINE_CHILDREN: [Node; 2] = [
    Node {
        keys: PO_SCHEDULE,
        hash_links: true,
        writes: CRUD,
        children: &DRAFT_SCHEDULE_CHILDREN,
        ..node("schedules", "Schedules")
    },
    dff("Flexfields for Purchase Order Lines", PO_LINE, UPDATE_ONLY),
];

const ORDER_NOT_QUERYABLE: &[&str] = &["Total", "TotalTax", "Ordered"];
const ORDER_READ_ONLY: &[&str] = &[
    "Total",
    "TotalTax",
    "Ordered",
    "OrderNumber",
    "Status",
    "StatusCode",
];

/// Every resource, in the order the catalogue lists them.
pub static RESOURCES: &[Resource] = &[
    Resource {
        node: Node {
            keys: PO_HEADER,
            writes: READ_ONLY,
            actions: &[
                "acknowledge",
                "cancel",
                "close",
                "communicateOnePurchaseOrder",
                "renumberPO",
                "resubmit",
                "viewPDF",
                "viewMasterContract",
            ],
            children: &order_children(READ_ONLY, READ_ONLY, &["close"]),
            not_queryable: ORDER_NOT_QUERYABLE,
            ..node("purchaseOrders", "Purchase Orders")
        },
        api: Api::Fscm,
        privilege: "PO_VIEW_PURCHASE_ORDERS_REST_PRIV",
        finders: &[Finder {
            name: "findByIntent",
            vars: &[(
                "Intent",
                "",
                FinderOp::OneOf(&["Buyer", "Requester", "Approver", "Supplier", "Receiver"]),
            )],
        }],
        natural_keys: &[],
        required: &[],
    },
    Resource {
        node: Node {
            keys: PO_HEADER,
            hash_links: true,
            writes: CRUD,
            actions: &[
                "submit",
                "calculateTaxAndAccounting",
                "checkFunds",
                "cancelChangeOrder",
                "deleteChangeOrder",
                "addContractTerms",
                "processRequesterChanges",
            ],
            children: &order_children(CRUD, UPDATE_ONLY, &[]),
            not_queryable: ORDER_NOT_QUERYABLE,
            read_only: ORDER_READ_ONLY,
            create_only: &["OrderNumber"],
            ..node("draftPurchaseOrders", "Draft Purchase Orders")
        },
        api: Api::Fscm,
        privilege: "PO_MANAGE_DRAFT_PURCHASE_ORDERS_REST_PRIV",
        finders: &[],
        natural_keys: &[&["OrderNumber"]],
        required: &[
            &["ProcurementBUId", "ProcurementBU"],
            &["SupplierId", "Supplier"],
            &["SupplierSiteId", "SupplierSite"],
        ],
    },
    Resource {
        node: Node {
            keys: &[("RequisitionHeaderId", Long)],
            hash_links: true,
            writes: CRU,
            actions: &[
                "submit",
                "cancel",
                "calculateTax",
                "calculateTaxAndAccounting",
                "checkActionEligibility",
                "checkFunds",
                "createDefaultDistributions",
            ],
            children: &[
                Node {
                    keys: &[("RequisitionLineId", Long)],
                    writes: CRUD,
                    children: &[
                        Node {
                            keys: &[("RequisitionDistributionId", Long)],
                            writes: CRUD,
                            ..node("distributions", "Distributions")
                        },
                        dff(
                            "Flexfields for Requisition Lines",
                            &[("RequisitionLineId", Long)],
                            UPDATE_ONLY,
                        ),
                    ],
                    read_only: &["Amount"],
                    not_queryable: &["Amount"],
                    ..node("lines", "Requisition Lines")
                },
                dff(
                    "Flexfields for Requisitions",
                    &[("RequisitionHeaderId", Long)],
                    UPDATE_ONLY,
                ),
            ],
            read_only: &["Requisition", "DocumentStatus", "DocumentStatusCode"],
            ..node("purchaseRequisitions", "Purchase Requisitions")
        },
        api: Api::Fscm,
        privilege: "POR_MANAGE_REQUISITIONS_REST_PRIV",
        finders: &[],
        natural_keys: &[&["Requisition"]],
        required: &[&["RequisitioningBUId", "RequisitioningBU"]],
    },
    Resource {
        node: Node {
            keys: &[("SupplierId", Long)],
            writes: CRU,
            actions: &[
                "getSupplierProfileOptions",
                "scores",
                "signals",
                "submitSpendAuthorizationRequest",
            ],
            children: &[
                Node {
                    keys: &[("SupplierAddressId", Long)],
                    writes: CRU,
                    ..node("addresses", "Supplier Addresses")
                },
                Node {
                    keys: &[("SupplierSiteId", Long)],
                    writes: CRU,
                    children: &[
                        Node {
                            keys: &[("AssignmentId", Long)],
                            writes: CRU,
                            ..node("assignments", "Site Assignments")
                        },
                        dff(
                            "Flexfields for Supplier Sites",
                            &[("SupplierSiteId", Long)],
                            UPDATE_ONLY,
                        ),
                    ],
                    ..node("sites", "Supplier Sites")
                },
                Node {
                    keys: &[("SupplierContactId", Long)],
                    writes: CRU,
                    ..node("contacts", "Supplier Contacts")
                },
                Node {
                    keys: &[("ClassificationId", Long)],
                    writes: CRU,
                    ..node("businessClassifications", "Business Classifications")
                },
                Node {
                    keys: &[("SupplierProductsAndServicesId", Long)],
                    writes: CRUD,
                    ..node("productsAndServices", "Products and Services")
                },
                dff(
                    "Flexfields for Suppliers",
                    &[("SupplierId", Long)],
                    UPDATE_ONLY,
                ),
            ],
            read_only: &["SupplierNumber", "SupplierPartyId"],
            ..node("suppliers", "Suppliers")
        },
        api: Api::Fscm,
        privilege: "POZ_MANAGE_SUPPLIERS_REST_PRIV",
        finders: &[],
        natural_keys: &[&["SupplierNumber"], &["Supplier"]],
        required: &[&["Supplier"], &["TaxOrganizationType"]],
    },
    Resource {
        node: Node {
            keys: &[("InvoiceId", Long)],
            writes: CRUD,
            actions: &[
                "validateInvoice",
                "cancelInvoice",
                "cancelLine",
                "calculateTax",
                "applyPrepayments",
            ],
            children: &[
                Node {
                    keys: &[("InvoiceId", Long), ("LineNumber", Int)],
                    writes: CRUD,
                    children: &[
                        Node {
                            keys: &[("InvoiceDistributionId", Long)],
                            writes: CRUD,
                            ..node("invoiceDistributions", "Invoice Distributions")
                        },
                        Node {
                            keys: &[("InvoiceId", Long), ("LineNumber", Int)],
                            writes: CRU,
                            ..node(
                                "invoiceLineProjectDff",
                                "Project Flexfields for Invoice Lines",
                            )
                        },
                    ],
                    ..node("invoiceLines", "Invoice Lines")
                },
                Node {
                    keys: &[("InvoiceId", Long), ("InstallmentNumber", Long)],
                    writes: UPDATE_ONLY,
                    ..node("invoiceInstallments", "Invoice Installments")
                },
                Node {
                    name: "invoiceDff",
                    ..dff(
                        "Flexfields for Invoices",
                        &[("InvoiceId", Long)],
                        UPDATE_ONLY,
                    )
                },
                Node {
                    name: "invoiceGdf",
                    ..dff(
                        "Global Flexfields for Invoices",
                        &[("InvoiceId", Long)],
                        UPDATE_ONLY,
                    )
                },
            ],
            read_only: &[
                "ValidationStatus",
                "ApprovalStatus",
                "PaidStatus",
                "AccountingStatus",
                "CanceledFlag",
                "AmountPaid",
            ],
            ..node("invoices", "Invoices")
        },
        api: Api::Fscm,
        privilege: "AP_MANAGE_PAYABLES_INVOICES_REST_PRIV",
        finders: &[],
        natural_keys: &[
            &["InvoiceNumber", "Supplier"],
            &["InvoiceNumber", "SupplierNumber"],
        ],
        required: &[
            &["InvoiceNumber"],
            &["InvoiceAmount"],
            &["BusinessUnit"],
            &["Supplier", "SupplierNumber"],
            &["SupplierSite"],
        ],
    },
    Resource {
        node: Node {
            keys: &[("TransactionId", Long)],
            ..node(
                "receivingTransactionsHistory",
                "Receiving Transactions History",
            )
        },
        api: Api::Fscm,
        privilege: "RCV_VIEW_RECEIVING_TRANSACTIONS_REST_PRIV",
        finders: &[],
        natural_keys: &[],
        required: &[],
    },
    Resource {
        node: Node {
            keys: &[("ItemId", Long), ("OrganizationId", Long)],
            writes: CRU,
            ..node("itemsV2", "Items Version 2")
        },
        api: Api::Fscm,
        privilege: "EGP_MANAGE_ITEMS_REST_PRIV",
        finders: &[],
        natural_keys: &[
            &["ItemNumber", "OrganizationCode"],
            &["ItemNumber", "OrganizationId"],
        ],
        required: &[
            &["ItemNumber"],
            &["OrganizationId", "OrganizationCode"],
            &["ItemClass"],
        ],
    },
    Resource {
        node: Node {
            keys: &[
                ("FromCurrency", Str),
                ("ToCurrency", Str),
                ("ConversionDate", Str),
                ("UserConversionType", Str),
            ],
            ..node("currencyRates", "Currency Rates")
        },
        api: Api::Fscm,
        privilege: "GL_VIEW_DAILY_RATES_REST_PRIV",
        finders: &[Finder {
            name: "CurrencyRatesFinder",
            vars: &[
                ("fromCurrency", "FromCurrency", FinderOp::Eq),
                ("toCurrency", "ToCurrency", FinderOp::Eq),
                ("userConversionType", "UserConversionType", FinderOp::Eq),
                ("startDate", "ConversionDate", FinderOp::AtLeast),
                ("endDate", "ConversionDate", FinderOp::AtMost),
            ],
        }],
        natural_keys: &[],
        required: &[],
    },
    Resource {
        node: Node {
            keys: &[("AgreementHeaderId", Long)],
            hash_links: true,
            actions: &["cancel", "communicatePurchaseAgreement", "viewPDF"],
            children: &[Node {
                keys: &[("AgreementLineId", Long)],
                hash_links: true,
                ..node("lines", "Agreement Lines")
            }],
            ..node("purchaseAgreements", "Purchase Agreements")
        },
        api: Api::Fscm,
        privilege: "PO_VIEW_PURCHASE_AGREEMENTS_REST_PRIV",
        finders: &[],
        natural_keys: &[],
        required: &[],
    },
    Resource {
        node: Node {
            keys: &[("ExpenseReportId", Long)],
            children: &[Node {
                keys: &[("ExpenseId", Long)],
                ..node("Expense", "Expense Items")
            }],
            not_queryable: &["ExpenseReportTotal"],
            ..node("expenseReports", "Expense Reports")
        },
        api: Api::Fscm,
        privilege: "EXM_MANAGE_EXPENSE_REPORTS_REST_PRIV",
        finders: &[],
        natural_keys: &[],
        required: &[],
    },
    Resource {
        node: Node {
            keys: &[("_CODE_COMBINATION_ID", Long)],
            ..node(
                "accountCombinationsLOV",
                "Account Combinations List of Values",
            )
        },
        api: Api::Fscm,
        privilege: "FUN_GET_ENTERPRISE_STRUCTURES_REST_SERVICE_PRIV",
        finders: &[],
        natural_keys: &[],
        required: &[],
    },
    Resource {
        node: Node {
            keys: &[("BusinessUnitId", Long)],
            hash_links: true,
            ..node("finBusinessUnitsLOV", "Business Units List of Values")
        },
        api: Api::Fscm,
        privilege: "FUN_GET_ENTERPRISE_STRUCTURES_REST_SERVICE_PRIV",
        finders: &[],
        natural_keys: &[],
        required: &[],
    },
    Resource {
        node: Node {
            keys: &[("PersonId", Long)],
            hash_links: true,
            writes: UPDATE_ONLY,
            children: &[
                Node {
                    keys: &[("PersonNameId", Long)],
                    hash_links: true,
                    writes: UPDATE_ONLY,
                    ..node("names", "Person Names")
                },
                Node {
                    keys: &[("EmailAddressId", Long)],
                    writes: CRUD,
                    ..node("emails", "Email Addresses")
                },
                Node {
                    keys: &[("PeriodOfServiceId", Long)],
                    hash_links: true,
                    children: &[Node {
                        keys: &[("AssignmentId", Long)],
                        hash_links: true,
                        ..node("assignments", "Assignments")
                    }],
                    ..node("workRelationships", "Work Relationships")
                },
            ],
            read_only: &["PersonNumber"],
            ..node("workers", "Workers")
        },
        api: Api::Hcm,
        privilege: "PER_REST_SERVICE_ACCESS_WORKERS_PRIV",
        finders: &[],
        natural_keys: &[],
        required: &[],
    },
    Resource {
        node: Node {
            keys: &[("GUID", Str)],
            writes: UPDATE_ONLY,
            actions: &["resetPassword", "updatePassword", "autoprovisionRoles"],
            children: &[Node {
                keys: &[("RoleGUID", Str)],
                writes: Writes {
                    create: true,
                    update: false,
                    delete: true,
                },
                ..node("userAccountRoles", "User Account Roles")
            }],
            read_only: &["UserId", "PersonId", "PersonNumber", "Username"],
            ..node("userAccounts", "User Accounts")
        },
        api: Api::Hcm,
        privilege: "PER_REST_SERVICE_ACCESS_USER_ACCOUNTS_PRIV",
        finders: &[],
        natural_keys: &[],
        required: &[],
    },
];

/// The resource called `name` under `api`.
pub fn resource(api: Api, name: &str) -> Option<&'static Resource> {
    RESOURCES
        .iter()
        .find(|r| r.api == api && r.node.name == name)
}

/// By name alone (resource names are unique across the applications).
pub fn by_name(name: &str) -> Option<&'static Resource> {
    RESOURCES.iter().find(|r| r.node.name == name)
}
