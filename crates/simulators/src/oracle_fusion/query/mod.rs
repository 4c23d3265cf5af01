//! The collection query parameters of the ADF REST framework and how a collection GET
//! applies them: `q` (query by example under framework version 1, row-match
//! expressions from version 2, see [`qbe`] and [`rowmatch`]), `finder`, `orderBy`
//! (without it the order is undetermined), `limit` (default 25, capped at 500),
//! `offset` and `totalResults`. Projection (`fields`, `expand`, `onlyData`, `links`) is
//! parsed here and applied by [`super::render`].

pub mod filter;
pub mod qbe;
pub mod rowmatch;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use super::catalog::{FinderOp, Resource};
use super::fail::Fail;
use super::store::Row;
use filter::{Expr, Lit, Op, Pred, Scope, Test};

/// The query parameters of a request, as sent.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pub limit: Option<String>,
    pub offset: Option<String>,
    pub total_results: bool,
    pub order_by: Option<String>,
    pub q: Option<String>,
    pub finder: Option<String>,
    pub fields: Option<String>,
    pub expand: Option<String>,
    pub only_data: bool,
    /// `links=self,canonical`: only these relations.
    pub links: Option<Vec<String>>,
}

fn flag(name: &str, v: &str) -> Result<bool, Fail> {
    match v {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(Fail::param(name, v, "Use true or false.")),
    }
}

/// Reads the query string (`+` is a space, as in any form-encoded query: an unencoded
/// `+00:00` offset arrives as ` 00:00`).
pub fn parse_params(query: &str) -> Result<Params, Fail> {
    let mut p = Params::default();
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        let v = v.into_owned();
        match k.as_ref() {
            "limit" => p.limit = Some(v),
            "offset" => p.offset = Some(v),
            "totalResults" => p.total_results = flag("totalResults", &v)?,
            "orderBy" => p.order_by = Some(v),
            "q" => p.q = Some(v),
            "finder" => p.finder = Some(v),
            "fields" => p.fields = Some(v),
            "expand" => p.expand = Some(v),
            "onlyData" => p.only_data = flag("onlyData", &v)?,
            "links" => {
                p.links = Some(
                    v.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                )
            }
            // effectiveDate, dependency and anything else: accepted, no effect here
            _ => {}
        }
    }
    Ok(p)
}

/// Page sizes.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub default_limit: usize,
    pub max_limit: usize,
    /// A page at the cap holds one row fewer (what clients saw with `limit=500`).
    pub short_at_cap: bool,
}

/// One page of a collection.
pub struct Page<'a> {
    pub rows: Vec<&'a Row>,
    pub total: usize,
    pub has_more: bool,
    /// The page size used, as echoed in `limit`.
    pub limit: usize,
    pub offset: usize,
}

/// The filter of `q` for the framework version.
pub fn q_filter(q: &str, version: u8, scope: &Scope) -> Result<Pred, Fail> {
    let expr = if version >= 2 {
        rowmatch::parse(q)?
    } else {
        qbe::parse(q)?
    };
    filter::bind(&expr, scope, q)
}

/// The filter of a `finder` on a resource.
pub fn finder_filter(text: &str, res: &Resource, scope: &Scope) -> Result<Option<Pred>, Fail> {
    let (name, vars) = text.split_once(';').unwrap_or((text, ""));
    let bad = |why: String| Fail::param("finder", text, why);
    let vars: Vec<(&str, &str)> = vars
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.trim(), v.trim()))
                .ok_or_else(|| bad(format!("{kv} is not name=value.")))
        })
        .collect::<Result<_, _>>()?;
    let mut clauses = Vec::new();
    if name == "PrimaryKey" {
        for (var, value) in vars {
            if !res.node.key_names().any(|k| k == var) {
                return Err(bad(format!(
                    "{var} is not a variable of the finder PrimaryKey."
                )));
            }
            clauses.push(Expr::Attr {
                path: vec![var.to_string()],
                test: Test::Cmp(Op::Eq, Lit::Bare(value.to_string())),
            });
        }
    } else {
        let finder = res
            .finders
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| bad(format!("The finder {name} does not exist.")))?;
        for (var, value) in vars {
            let (_, attr, op) = finder
                .vars
                .iter()
                .find(|(v, _, _)| *v == var)
                .ok_or_else(|| bad(format!("{var} is not a variable of the finder {name}.")))?;
            let op = match op {
                FinderOp::Eq => Op::Eq,
                FinderOp::AtLeast => Op::Ge,
                FinderOp::AtMost => Op::Le,
                FinderOp::OneOf(allowed) => {
                    if !allowed.contains(&value) {
                        return Err(bad(format!("{value} is not a valid value of {var}.")));
                    }
                    continue;
                }
            };
            clauses.push(Expr::Attr {
                path: vec![attr.to_string()],
                test: Test::Cmp(op, Lit::Bare(value.to_string())),
            });
        }
    }
    if clauses.is_empty() {
        return Ok(None);
    }
    filter::bind(&Expr::And(clauses), scope, text).map(Some)
}

/// `orderBy=A:asc,B:desc` as attribute and descending flag.
pub fn order_by(text: &str, scope: &Scope) -> Result<Vec<(String, bool)>, Fail> {
    let ns = scope.schema.node(&scope.path);
    text.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|part| {
            let (attr, dir) = part.split_once(':').unwrap_or((part, "asc"));
            let attr = attr.trim();
            let desc = match dir.trim() {
                "asc" => false,
                "desc" => true,
                other => {
                    return Err(Fail::param(
                        "orderBy",
                        text,
                        format!("{other} is not asc or desc."),
                    ));
                }
            };
            if !ns.has(attr) {
                return Err(Fail::unknown_attribute(scope.node.name, attr).at("orderBy"));
            }
            if scope.node.not_queryable.contains(&attr) {
                return Err(Fail::param(
                    "orderBy",
                    text,
                    format!("The attribute {attr} cannot be sorted."),
                ));
            }
            Ok((attr.to_string(), desc))
        })
        .collect()
}

/// Filters, orders and pages `rows`. Without `orderBy`, `shuffle` (when given) makes
/// the order undetermined; with it, ties keep that undetermined order too.
pub fn page<'a>(
    mut rows: Vec<&'a Row>,
    filters: &[Pred],
    order: &[(String, bool)],
    scope: &Scope,
    params: &Params,
    paging: Paging,
    shuffle: Option<&mut StdRng>,
) -> Result<Page<'a>, Fail> {
    let limit = match &params.limit {
        None => paging.default_limit,
        Some(l) => match l.trim().parse::<i64>() {
            Ok(n) if n >= 1 => (n as usize).min(paging.max_limit),
            _ => {
                return Err(Fail::param(
                    "limit",
                    l,
                    "The limit must be a positive integer.",
                ));
            }
        },
    };
    let offset = match &params.offset {
        None => 0,
        Some(o) => match o.trim().parse::<i64>() {
            Ok(n) if n >= 0 => n as usize,
            _ => return Err(Fail::param("offset", o, "The offset must be zero or more.")),
        },
    };
    rows.retain(|r| filters.iter().all(|f| f.test(r)));
    if let Some(rng) = shuffle {
        rows.shuffle(rng);
    }
    if !order.is_empty() {
        let ns = scope.schema.node(&scope.path);
        let types: Vec<_> = order
            .iter()
            .map(|(a, _)| ns.get(a).unwrap_or(super::schema::AttrType::String))
            .collect();
        let mut keyed: Vec<(Vec<filter::SortKey>, &Row)> = rows
            .into_iter()
            .map(|row| {
                let keys = order
                    .iter()
                    .zip(&types)
                    .map(|((attr, _), ty)| filter::SortKey::of(row.get(attr), *ty))
                    .collect();
                (keys, row)
            })
            .collect();
        // stable: ties keep the undetermined order the shuffle gave them
        keyed.sort_by(|(a, _), (b, _)| {
            for ((x, y), (_, desc)) in a.iter().zip(b).zip(order) {
                let o = x.order(y);
                let o = if *desc { o.reverse() } else { o };
                if o != std::cmp::Ordering::Equal {
                    return o;
                }
            }
            std::cmp::Ordering::Equal
        });
        rows = keyed.into_iter().map(|(_, row)| row).collect();
    }
    let total = rows.len();
    let size = if paging.short_at_cap && limit == paging.max_limit {
        limit - 1
    } else {
        limit
    };
    let page: Vec<&Row> = rows.into_iter().skip(offset).take(size).collect();
    let has_more = offset + page.len() < total;
    Ok(Page {
        rows: page,
        total,
        has_more,
        limit,
        offset,
    })
}
