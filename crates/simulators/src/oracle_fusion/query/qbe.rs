//! `q` under REST framework version 1: query by example. `;` separates attribute
//! clauses (all must hold); a clause is `Attr<op>value`, and one attribute may carry
//! more conditions joined by `and`/`or` (`Deptno>=10 and <= 30`). Values are unquoted
//! and run to the end of the condition; quotes are part of the value. Operators:
//! `=`, `!=`, `>`, `>=`, `<`, `<=`. No `LIKE`, no child paths, no parentheses.

use super::filter::{Expr, Lit, Op, Test};
use crate::oracle_fusion::fail::Fail;

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The operator at the start of `s` and its length.
fn operator(s: &str) -> Option<(Op, usize)> {
    for sym in [">=", "<=", "!=", "<>", "=", ">", "<"] {
        if s.starts_with(sym) {
            return Op::parse(sym).map(|op| (op, sym.len()));
        }
    }
    None
}

/// Splits `rest` at the first ` and `/` or ` that is followed by an operator.
fn next_join(rest: &str) -> Option<(usize, usize, bool)> {
    let lower = rest.to_ascii_lowercase();
    let mut from = 0;
    loop {
        let and = lower[from..].find(" and ").map(|i| (i + from, 5, true));
        let or = lower[from..].find(" or ").map(|i| (i + from, 4, false));
        let hit = match (and, or) {
            (Some(a), Some(o)) => Some(if a.0 <= o.0 { a } else { o }),
            (a, o) => a.or(o),
        }?;
        let after = rest[hit.0 + hit.1..].trim_start();
        if operator(after).is_some() {
            return Some(hit);
        }
        from = hit.0 + 1;
    }
}

fn clause(text: &str, raw: &str) -> Result<Expr, Fail> {
    let text = text.trim();
    let name_len = text.find(|c: char| !is_name_char(c)).unwrap_or(text.len());
    let name = &text[..name_len];
    if name.is_empty() {
        return Err(Fail::param(
            "q",
            raw,
            format!("The clause {text} names no attribute."),
        ));
    }
    let mut rest = text[name_len..].trim_start();
    let mut alternatives: Vec<(bool, Expr)> = Vec::new();
    let mut joined_by_and = true;
    loop {
        let (op, len) = operator(rest).ok_or_else(|| {
            Fail::param(
                "q",
                raw,
                format!("The clause {text} has no comparison operator after {name}."),
            )
        })?;
        rest = &rest[len..];
        let (value, next) = match next_join(rest) {
            Some((at, len, is_and)) => (&rest[..at], Some((at + len, is_and))),
            None => (rest, None),
        };
        let value = value.trim();
        let test = Expr::Attr {
            path: vec![name.to_string()],
            test: Test::Cmp(op, Lit::Bare(value.to_string())),
        };
        alternatives.push((joined_by_and, test));
        match next {
            Some((skip, is_and)) => {
                rest = rest[skip..].trim_start();
                joined_by_and = is_and;
            }
            None => break,
        }
    }
    // `and` binds tighter than `or`: `>=1 and <=3 or =9` is (>=1 and <=3) or =9
    let mut ors: Vec<Vec<Expr>> = vec![Vec::new()];
    for (by_and, e) in alternatives {
        if !by_and {
            ors.push(Vec::new());
        }
        if let Some(last) = ors.last_mut() {
            last.push(e);
        }
    }
    let mut groups: Vec<Expr> = ors
        .into_iter()
        .map(|mut g| {
            if g.len() == 1 {
                g.remove(0)
            } else {
                Expr::And(g)
            }
        })
        .collect();
    Ok(if groups.len() == 1 {
        groups.remove(0)
    } else {
        Expr::Or(groups)
    })
}

/// Parses a version-1 `q`.
pub fn parse(q: &str) -> Result<Expr, Fail> {
    let clauses: Vec<Expr> = q
        .split(';')
        .filter(|c| !c.trim().is_empty())
        .map(|c| clause(c, q))
        .collect::<Result<_, _>>()?;
    if clauses.is_empty() {
        return Err(Fail::param("q", q, "The query is empty."));
    }
    Ok(Expr::And(clauses))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(name: &str, op: Op, v: &str) -> Expr {
        Expr::Attr {
            path: vec![name.into()],
            test: Test::Cmp(op, Lit::Bare(v.into())),
        }
    }

    #[test]
    fn clauses_and_ranges() {
        assert_eq!(
            parse("Deptno>=10 and <= 30;Loc!=NY").unwrap(),
            Expr::And(vec![
                Expr::And(vec![
                    cmp("Deptno", Op::Ge, "10"),
                    cmp("Deptno", Op::Le, "30")
                ]),
                cmp("Loc", Op::Ne, "NY"),
            ])
        );
        assert_eq!(
            parse("Supplier=Advanced Network Devices").unwrap(),
            Expr::And(vec![cmp("Supplier", Op::Eq, "Advanced Network Devices")])
        );
        assert_eq!(
            parse("Description=Fish and chips").unwrap(),
            Expr::And(vec![cmp("Description", Op::Eq, "Fish and chips")])
        );
        assert_eq!(
            parse("Status=OPEN or =CLOSED").unwrap(),
            Expr::And(vec![Expr::Or(vec![
                cmp("Status", Op::Eq, "OPEN"),
                cmp("Status", Op::Eq, "CLOSED")
            ])])
        );
    }

    #[test]
    fn v2_syntax_is_not_v1() {
        // quotes stay in the value
        assert_eq!(
            parse("CurrencyCode = 'USD'").unwrap(),
            Expr::And(vec![cmp("CurrencyCode", Op::Eq, "'USD'")])
        );
        assert!(parse("Supplier LIKE 'A%'").is_err());
        assert!(parse("lines.Item=AS54888").is_err());
        assert!(parse("").is_err());
    }
}
