//! Descriptive flexfields (DFFs): the customer-defined segments a tenant adds to
//! purchase orders, lines, invoices, suppliers…, served as one-row `DFF` child
//! collections with `__FLEX_Context`, `__FLEX_Context_DisplayValue`, the global
//! segments and those of the row's context.

use serde::{Deserialize, Serialize};

/// The kind of value a segment holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    Text,
    Number,
    Date,
}

/// One segment, by its REST attribute name (`contractReference`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub name: String,
    pub kind: SegmentKind,
}

/// A context: its code (`__FLEX_Context`), display value and own segments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlexContext {
    pub code: String,
    pub display: String,
    pub segments: Vec<Segment>,
}

/// The flexfield of one DFF child, named by its path: `purchaseOrders/DFF`,
/// `purchaseOrders/lines/DFF`, `invoices/invoiceDff`, `suppliers/DFF`, …
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flexfield {
    pub path: String,
    /// Segments every row has, whatever its context.
    pub global: Vec<Segment>,
    pub contexts: Vec<FlexContext>,
}

impl Flexfield {
    /// The segments a row of `context` carries.
    pub fn segments(&self, context: Option<&str>) -> Vec<&Segment> {
        let mut out: Vec<&Segment> = self.global.iter().collect();
        if let Some(c) = self
            .contexts
            .iter()
            .find(|c| Some(c.code.as_str()) == context)
        {
            out.extend(c.segments.iter());
        }
        out
    }

    /// Every segment of every context (what `q` and `/describe` know).
    pub fn all_segments(&self) -> Vec<&Segment> {
        let mut out: Vec<&Segment> = self.global.iter().collect();
        for c in &self.contexts {
            for s in &c.segments {
                if !out.iter().any(|o| o.name == s.name) {
                    out.push(s);
                }
            }
        }
        out
    }

    pub fn context(&self, code: &str) -> Option<&FlexContext> {
        self.contexts.iter().find(|c| c.code == code)
    }
}

fn seg(name: &str, kind: SegmentKind) -> Segment {
    Segment {
        name: name.into(),
        kind,
    }
}

/// The flexfields of a typical tenant: a contract reference and capital-expense or
/// services contexts on orders, a cost centre on lines, a batch reference on
/// invoices, diversity data on suppliers.
pub fn defaults() -> Vec<Flexfield> {
    use SegmentKind::{Date, Number, Text};
    let order = |path: &str| Flexfield {
        path: path.into(),
        global: vec![seg("contractReference", Text)],
        contexts: vec![
            FlexContext {
                code: "CAPEX".into(),
                display: "Capital Expenditure".into(),
                segments: vec![seg("assetCategory", Text), seg("capexProjectNumber", Text)],
            },
            FlexContext {
                code: "SERVICES".into(),
                display: "Services Purchase".into(),
                segments: vec![seg("serviceStartDate", Date), seg("headcount", Number)],
            },
        ],
    };
    let line = |path: &str| Flexfield {
        path: path.into(),
        global: vec![seg("costCentre", Text)],
        contexts: vec![],
    };
    vec![
        order("purchaseOrders/DFF"),
        order("draftPurchaseOrders/DFF"),
        line("purchaseOrders/lines/DFF"),
        line("draftPurchaseOrders/lines/DFF"),
        Flexfield {
            path: "invoices/invoiceDff".into(),
            global: vec![seg("batchReference", Text)],
            contexts: vec![FlexContext {
                code: "INTERCOMPANY".into(),
                display: "Intercompany".into(),
                segments: vec![seg("partnerCompany", Text)],
            }],
        },
        Flexfield {
            path: "suppliers/DFF".into(),
            global: vec![],
            contexts: vec![FlexContext {
                code: "DIVERSITY".into(),
                display: "Diversity Data".into(),
                segments: vec![
                    seg("diversityCertified", Text),
                    seg("certificationExpiry", Date),
                ],
            }],
        },
        Flexfield {
            path: "purchaseRequisitions/DFF".into(),
            global: vec![seg("businessJustification", Text)],
            contexts: vec![],
        },
    ]
}
