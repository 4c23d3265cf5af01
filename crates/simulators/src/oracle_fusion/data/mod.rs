//! Seeded, deterministic Fusion-shaped rows: PascalCase attributes, int64 ids from one
//! growing sequence (so ids grow with `CreationDate`), money as JSON numbers, dates as
//! `yyyy-MM-dd`, timestamps with milliseconds and an offset, `null` for unset values,
//! and child rows nested under their accessors. Cross references hold: a purchase
//! order's supplier, site, buyer, business unit and items exist; receipts and invoices
//! point at real order lines. The records the Oracle guides use in their examples exist
//! too (supplier "Advanced Network Devices", site "FRESNO", business unit "Vision
//! Operations", order 1000183, accounts `01-000-7110-0000-000`, `01-000-7640-0000-000`).

mod payables;
mod procurement;
mod reference;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value};

use super::catalog::{Resource, by_name};
use super::clock::{self, EPOCH_MS};
use super::flex::{Flexfield, SegmentKind};
use super::store::{Row, Store};

const DAY_MS: i64 = 24 * 3600 * 1000;
const TWO_YEARS_MS: i64 = 730 * DAY_MS;

/// The generator: a seeded random source and the store it fills.
pub(crate) struct Gen<'a> {
    pub rng: StdRng,
    pub store: Store,
    pub flexfields: &'a [Flexfield],
}

impl Gen<'_> {
    pub fn pick<'b, T>(&mut self, xs: &'b [T]) -> &'b T {
        &xs[self.rng.gen_range(0..xs.len())]
    }

    pub fn chance(&mut self, percent: u32) -> bool {
        self.rng.gen_range(0..100) < percent
    }

    /// The next id of the shared sequence, with a small gap.
    pub fn id(&mut self) -> i64 {
        let gap = self.rng.gen_range(1..40);
        for _ in 1..gap {
            self.store.id();
        }
        self.store.id()
    }

    /// `n` creation instants in the two years before the epoch, oldest first.
    pub fn creation_times(&mut self, n: usize) -> Vec<i64> {
        let mut t: Vec<i64> = (0..n)
            .map(|_| EPOCH_MS - self.rng.gen_range(DAY_MS..TWO_YEARS_MS))
            .collect();
        t.sort_unstable();
        t
    }

    /// An update instant after `created`: mostly soon after, sometimes much later.
    pub fn updated_after(&mut self, created: i64) -> i64 {
        let room = (EPOCH_MS - created).max(1);
        if self.chance(60) {
            created + self.rng.gen_range(0..room.min(3 * 3_600_000))
        } else {
            created + self.rng.gen_range(0..room)
        }
    }

    /// Money with two decimals, as a JSON number.
    pub fn money(&mut self, lo: f64, hi: f64) -> f64 {
        round2(self.rng.gen_range(lo..hi))
    }

    /// Who-columns for a row created at `created` by `who`.
    pub fn who(&mut self, m: &mut Map<String, Value>, created: i64, who: &str) {
        let updated = self.updated_after(created);
        m.insert("CreatedBy".into(), Value::from(who));
        m.insert("CreationDate".into(), Value::from(clock::stamp(created)));
        m.insert("LastUpdatedBy".into(), Value::from(who));
        m.insert("LastUpdateDate".into(), Value::from(clock::stamp(updated)));
    }

    /// The one-row DFF collection of a flexfield at `path`, keyed like its parent.
    pub fn flex_rows(&mut self, path: &str, keys: &[(&str, Value)]) -> Vec<Row> {
        let Some(f) = self.flexfields.iter().find(|f| f.path == path).cloned() else {
            let mut m = Map::new();
            for (k, v) in keys {
                m.insert((*k).into(), v.clone());
            }
            m.insert("__FLEX_Context".into(), Value::Null);
            m.insert("__FLEX_Context_DisplayValue".into(), Value::Null);
            return vec![Row::new(m)];
        };
        let mut m = Map::new();
        for (k, v) in keys {
            m.insert((*k).into(), v.clone());
        }
        let ctx = if !f.contexts.is_empty() && self.chance(60) {
            Some(self.pick(&f.contexts).clone())
        } else {
            None
        };
        m.insert(
            "__FLEX_Context".into(),
            ctx.as_ref()
                .map_or(Value::Null, |c| Value::from(c.code.clone())),
        );
        m.insert(
            "__FLEX_Context_DisplayValue".into(),
            ctx.as_ref()
                .map_or(Value::Null, |c| Value::from(c.display.clone())),
        );
        for s in f.segments(ctx.as_ref().map(|c| c.code.as_str())) {
            let v = if self.chance(15) {
                Value::Null
            } else {
                match s.kind {
                    SegmentKind::Text => Value::from(format!(
                        "{}-{}",
                        s.name.chars().take(3).collect::<String>().to_uppercase(),
                        self.rng.gen_range(100..999)
                    )),
                    SegmentKind::Number => Value::from(self.rng.gen_range(1..50)),
                    SegmentKind::Date => {
                        Value::from(clock::date(EPOCH_MS - self.rng.gen_range(0..TWO_YEARS_MS)))
                    }
                }
            };
            m.insert(s.name.clone(), v);
        }
        vec![Row::new(m)]
    }

    pub fn put(&mut self, resource: &str, row: Row) {
        let res: &Resource = by_name(resource).expect("a catalogued resource");
        self.store.put(res, row);
    }
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Turns a `json!` object into a row's attributes.
pub fn attrs(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Everything the sandbox serves, from `seed`, scaled from `purchase_orders`.
pub fn generate(seed: u64, purchase_orders: usize, flexfields: &[Flexfield]) -> Store {
    let mut g = Gen {
        rng: StdRng::seed_from_u64(seed),
        store: Store::new(),
        flexfields,
    };
    let n = purchase_orders.max(1);
    let world = reference::generate(&mut g, n);
    let orders = procurement::generate(&mut g, &world, n);
    payables::generate(&mut g, &world, &orders, n);
    g.store
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_for_a_seed() {
        let f = crate::oracle_fusion::flex::defaults();
        let a = generate(7, 60, &f);
        let b = generate(7, 60, &f);
        let c = generate(8, 60, &f);
        let dump = |s: &Store| -> String {
            s.rows("purchaseOrders")
                .map(|r| r.to_json().to_string())
                .collect()
        };
        assert_eq!(dump(&a), dump(&b));
        assert_ne!(dump(&a), dump(&c));
        assert_eq!(a.len("purchaseOrders"), 60);
    }
}
