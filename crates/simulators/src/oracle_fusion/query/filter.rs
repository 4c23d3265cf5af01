//! The filter both `q` syntaxes parse into, how its literals are typed against the
//! attributes they meet, and how a bound filter tests a row (through child
//! collections for paths like `lines.ItemDescription`: any child row may match).

use std::cmp::Ordering;

use serde_json::Value;

use crate::oracle_fusion::catalog::Node;
use crate::oracle_fusion::clock;
use crate::oracle_fusion::fail::Fail;
use crate::oracle_fusion::schema::{AttrType, Schema};
use crate::oracle_fusion::store::Row;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    pub fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "=" | "==" => Op::Eq,
            "!=" | "<>" => Op::Ne,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "<" => Op::Lt,
            "<=" => Op::Le,
            _ => return None,
        })
    }

    fn holds(self, o: Ordering) -> bool {
        match self {
            Op::Eq => o == Ordering::Equal,
            Op::Ne => o != Ordering::Equal,
            Op::Gt => o == Ordering::Greater,
            Op::Ge => o != Ordering::Less,
            Op::Lt => o == Ordering::Less,
            Op::Le => o != Ordering::Greater,
        }
    }
}

/// A literal as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    /// Unquoted text of a v1 query (typed by the attribute).
    Bare(String),
    /// A quoted string.
    Str(String),
    Num(String),
    Bool(bool),
    /// `date '…'`, `datetime '…'`, `timestamp '…'`.
    Time(String),
    /// An unquoted word where a value was expected (v2).
    Word(String),
}

/// A test on one attribute (possibly down child accessors).
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Cmp(Op, Lit),
    Like(String),
    Null,
    Between(Lit, Lit),
    In(Vec<Lit>),
}

/// A parsed `q`.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    /// `path` is accessors then the attribute.
    Attr {
        path: Vec<String>,
        test: Test,
    },
}

/// A value typed for comparison.
#[derive(Debug, Clone, PartialEq)]
enum Typed {
    Num(f64),
    Str(String),
    Bool(bool),
    Time(i64),
}

impl Typed {
    fn cmp(&self, other: &Typed) -> Option<Ordering> {
        match (self, other) {
            (Typed::Num(a), Typed::Num(b)) => a.partial_cmp(b),
            (Typed::Str(a), Typed::Str(b)) => Some(a.cmp(b)),
            (Typed::Bool(a), Typed::Bool(b)) => Some(a.cmp(b)),
            (Typed::Time(a), Typed::Time(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
enum BoundTest {
    Cmp(Op, Typed),
    Like(Vec<LikePart>),
    Null,
    Between(Typed, Typed),
    In(Vec<Typed>),
}

#[derive(Debug, Clone, PartialEq)]
enum LikePart {
    Text(char),
    One,
    Any,
}

/// A filter checked against the schema, ready to test rows.
#[derive(Debug, Clone)]
pub enum Pred {
    And(Vec<Pred>),
    Or(Vec<Pred>),
    Not(Box<Pred>),
    Attr {
        accessors: Vec<String>,
        attr: String,
        ty: AttrType,
        test: BoundTestBox,
    },
}

/// Keeps the bound test private to this module.
#[derive(Debug, Clone)]
pub struct BoundTestBox(BoundTest);

/// Where a filter starts: the node, its schema path and its resource name for messages.
pub struct Scope<'a> {
    pub node: &'static Node,
    pub path: String,
    pub schema: &'a Schema,
}

fn type_literal(lit: &Lit, ty: AttrType, raw_q: &str) -> Result<Typed, Fail> {
    let bad = |why: String| Fail::param("q", raw_q, why);
    let text = match lit {
        Lit::Bare(s) | Lit::Str(s) | Lit::Num(s) | Lit::Time(s) => s.clone(),
        Lit::Bool(b) => b.to_string(),
        Lit::Word(w) => {
            return Err(bad(format!(
                "{w} is not a valid value; quote strings with single quotes."
            )));
        }
    };
    Ok(match ty {
        AttrType::Integer | AttrType::Number => Typed::Num(
            text.trim()
                .parse::<f64>()
                .map_err(|_| bad(format!("{text} is not a number.")))?,
        ),
        AttrType::Boolean => Typed::Bool(match text.trim() {
            "true" | "Y" | "y" => true,
            "false" | "N" | "n" => false,
            _ => return Err(bad(format!("{text} is not a boolean."))),
        }),
        AttrType::Date | AttrType::DateTime => Typed::Time(
            clock::parse(&text)
                .ok_or_else(|| bad(format!("{text} is not a valid date or timestamp.")))?,
        ),
        AttrType::String => Typed::Str(text),
    })
}

fn typed_value(v: &Value, ty: AttrType) -> Option<Typed> {
    match (v, ty) {
        (Value::Null, _) => None,
        (Value::Number(n), _) => n.as_f64().map(Typed::Num),
        (Value::Bool(b), _) => Some(Typed::Bool(*b)),
        (Value::String(s), AttrType::Date | AttrType::DateTime) => clock::parse(s).map(Typed::Time),
        (Value::String(s), _) => Some(Typed::Str(s.clone())),
        _ => None,
    }
}

fn like_pattern(p: &str) -> Vec<LikePart> {
    p.chars()
        .map(|c| match c {
            '%' | '*' => LikePart::Any,
            '_' => LikePart::One,
            c => LikePart::Text(c),
        })
        .collect()
}

fn like(text: &[char], pat: &[LikePart]) -> bool {
    match pat.split_first() {
        None => text.is_empty(),
        Some((LikePart::Any, rest)) => (0..=text.len()).any(|i| like(&text[i..], rest)),
        Some((LikePart::One, rest)) => !text.is_empty() && like(&text[1..], rest),
        Some((LikePart::Text(c), rest)) => text.first() == Some(c) && like(&text[1..], rest),
    }
}

/// Checks a parsed filter against the attributes it names and types its literals.
pub fn bind(expr: &Expr, scope: &Scope, raw_q: &str) -> Result<Pred, Fail> {
    Ok(match expr {
        Expr::And(xs) => Pred::And(
            xs.iter()
                .map(|x| bind(x, scope, raw_q))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Or(xs) => Pred::Or(
            xs.iter()
                .map(|x| bind(x, scope, raw_q))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Not(x) => Pred::Not(Box::new(bind(x, scope, raw_q)?)),
        Expr::Attr { path, test } => {
            let (attr, accessors) = path
                .split_last()
                .ok_or_else(|| Fail::param("q", raw_q, "An attribute is missing."))?;
            let mut node = scope.node;
            let mut spath = scope.path.clone();
            for acc in accessors {
                node = node.child(acc).ok_or_else(|| {
                    Fail::param(
                        "q",
                        raw_q,
                        format!("{acc} is not a child of {}.", node.name),
                    )
                })?;
                spath = format!("{spath}/{acc}");
            }
            let ty = scope
                .schema
                .node(&spath)
                .get(attr)
                .ok_or_else(|| Fail::unknown_attribute(node.name, attr))?;
            if node.not_queryable.contains(&attr.as_str()) {
                return Err(Fail::new(
                    400,
                    "27503",
                    format!(
                        "The attribute {attr} of the resource {} is not queryable.",
                        node.name
                    ),
                )
                .at(attr.clone()));
            }
            let bound = match test {
                Test::Cmp(op, lit) => BoundTest::Cmp(*op, type_literal(lit, ty, raw_q)?),
                Test::Like(p) => BoundTest::Like(like_pattern(p)),
                Test::Null => BoundTest::Null,
                Test::Between(a, b) => {
                    BoundTest::Between(type_literal(a, ty, raw_q)?, type_literal(b, ty, raw_q)?)
                }
                Test::In(xs) => BoundTest::In(
                    xs.iter()
                        .map(|x| type_literal(x, ty, raw_q))
                        .collect::<Result<_, _>>()?,
                ),
            };
            Pred::Attr {
                accessors: accessors.to_vec(),
                attr: attr.clone(),
                ty,
                test: BoundTestBox(bound),
            }
        }
    })
}

impl Pred {
    /// Whether a row passes.
    pub fn test(&self, row: &Row) -> bool {
        match self {
            Pred::And(xs) => xs.iter().all(|x| x.test(row)),
            Pred::Or(xs) => xs.iter().any(|x| x.test(row)),
            Pred::Not(x) => !x.test(row),
            Pred::Attr {
                accessors,
                attr,
                ty,
                test,
            } => reach(row, accessors, &|r| test_value(r.get(attr), *ty, &test.0)),
        }
    }
}

/// Whether some row down `accessors` (or `row` itself when there are none) passes.
fn reach(row: &Row, accessors: &[String], f: &dyn Fn(&Row) -> bool) -> bool {
    match accessors.split_first() {
        None => f(row),
        Some((acc, rest)) => row.children_of(acc).iter().any(|c| reach(c, rest, f)),
    }
}

fn test_value(v: &Value, ty: AttrType, test: &BoundTest) -> bool {
    if let BoundTest::Null = test {
        return v.is_null();
    }
    if let BoundTest::Like(p) = test {
        let text = match v {
            Value::Null => return false,
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        return like(&text.chars().collect::<Vec<_>>(), p);
    }
    let Some(have) = typed_value(v, ty) else {
        return false;
    };
    match test {
        BoundTest::Cmp(op, lit) => have.cmp(lit).is_some_and(|o| op.holds(o)),
        BoundTest::Between(lo, hi) => {
            have.cmp(lo).is_some_and(|o| o != Ordering::Less)
                && have.cmp(hi).is_some_and(|o| o != Ordering::Greater)
        }
        BoundTest::In(xs) => xs.iter().any(|x| have.cmp(x) == Some(Ordering::Equal)),
        BoundTest::Null | BoundTest::Like(_) => false,
    }
}

/// An attribute's value as `orderBy` compares it, typed once per row before a sort
/// (typing in the comparator would parse and copy it at every comparison).
#[derive(Debug)]
pub struct SortKey(Option<Typed>);

impl SortKey {
    pub fn of(v: &Value, ty: AttrType) -> SortKey {
        SortKey(typed_value(v, ty))
    }

    /// Orders two keys as Oracle's database does: nulls last when ascending.
    pub fn order(&self, other: &SortKey) -> Ordering {
        match (&self.0, &other.0) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(x), Some(y)) => x.cmp(y).unwrap_or(Ordering::Equal),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards() {
        let t = |s: &str, p: &str| like(&s.chars().collect::<Vec<_>>(), &like_pattern(p));
        assert!(t("Laptop 14in", "Lap%"));
        assert!(t("Laptop 14in", "%14%"));
        assert!(t("AB", "A_"));
        assert!(!t("ABC", "A_"));
        assert!(!t("Monitor", "Lap%"));
    }
}
