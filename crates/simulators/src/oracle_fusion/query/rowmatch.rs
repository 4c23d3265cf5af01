//! `q` under REST framework version 2 and later: row-match expressions.
//! `Attr op value` with `=`, `!=`, `<>`, `>`, `>=`, `<`, `<=`; strings in single quotes
//! (`''` escapes one); numbers bare; `true`/`false`; `date '…'`, `datetime '…'`,
//! `timestamp '…'`; `LIKE` with `%`/`_` (and `*`); `IS [NOT] NULL`; `[NOT] BETWEEN a AND
//! b`; `[NOT] IN (a, b)`; `AND`, `OR`, `NOT`, parentheses; keywords in any case; child
//! paths (`lines.ItemDescription`, `workRelationships.assignments.AssignmentNumber`)
//! match when some child row does. An unquoted word where a value belongs is an error.

use super::filter::{Expr, Lit, Op, Test};
use crate::oracle_fusion::fail::Fail;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Num(String),
    Op(Op),
    Open,
    Close,
    Comma,
}

fn lex(q: &str) -> Result<Vec<Tok>, Fail> {
    let bad = |why: String| Fail::param("q", q, why);
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Tok::Open);
                i += 1;
            }
            ')' => {
                out.push(Tok::Close);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            '\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(bad("A string literal is not closed.".into())),
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            s.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(c) => {
                            s.push(*c);
                            i += 1;
                        }
                    }
                }
                out.push(Tok::Str(s));
            }
            '=' | '!' | '<' | '>' => {
                let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
                let (sym, len) = if Op::parse(&two).is_some() {
                    (two, 2)
                } else {
                    (c.to_string(), 1)
                };
                let op =
                    Op::parse(&sym).ok_or_else(|| bad(format!("{sym} is not an operator.")))?;
                out.push(Tok::Op(op));
                i += len;
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                let start = i;
                i += 1;
                while i < chars.len()
                    && (chars[i].is_ascii_digit()
                        || chars[i] == '.'
                        || chars[i] == 'E'
                        || chars[i] == 'e')
                {
                    i += 1;
                }
                out.push(Tok::Num(chars[start..i].iter().collect()));
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.')
                {
                    i += 1;
                }
                out.push(Tok::Word(chars[start..i].iter().collect()));
            }
            other => return Err(bad(format!("The character {other} is not expected."))),
        }
    }
    Ok(out)
}

struct Parser<'a> {
    toks: Vec<Tok>,
    at: usize,
    raw: &'a str,
}

impl Parser<'_> {
    fn bad(&self, why: impl Into<String>) -> Fail {
        Fail::param("q", self.raw, why.into())
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn keyword(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(kw))
    }

    fn eat_keyword(&mut self, kw: &str) -> bool {
        let hit = self.keyword(kw);
        if hit {
            self.at += 1;
        }
        hit
    }

    fn or(&mut self) -> Result<Expr, Fail> {
        let mut xs = vec![self.and()?];
        while self.eat_keyword("or") {
            xs.push(self.and()?);
        }
        Ok(if xs.len() == 1 {
            xs.remove(0)
        } else {
            Expr::Or(xs)
        })
    }

    fn and(&mut self) -> Result<Expr, Fail> {
        let mut xs = vec![self.unary()?];
        while self.eat_keyword("and") {
            xs.push(self.unary()?);
        }
        Ok(if xs.len() == 1 {
            xs.remove(0)
        } else {
            Expr::And(xs)
        })
    }

    fn unary(&mut self) -> Result<Expr, Fail> {
        if self.eat_keyword("not") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.peek() == Some(&Tok::Open) {
            self.at += 1;
            let e = self.or()?;
            if self.peek() != Some(&Tok::Close) {
                return Err(self.bad("A parenthesis is not closed."));
            }
            self.at += 1;
            return Ok(e);
        }
        self.condition()
    }

    fn value(&mut self) -> Result<Lit, Fail> {
        let tok = self
            .peek()
            .cloned()
            .ok_or_else(|| self.bad("A value is missing."))?;
        self.at += 1;
        Ok(match tok {
            Tok::Str(s) => Lit::Str(s),
            Tok::Num(n) => Lit::Num(n),
            Tok::Word(w) if w.eq_ignore_ascii_case("true") => Lit::Bool(true),
            Tok::Word(w) if w.eq_ignore_ascii_case("false") => Lit::Bool(false),
            Tok::Word(w)
                if ["date", "datetime", "timestamp"]
                    .iter()
                    .any(|k| w.eq_ignore_ascii_case(k)) =>
            {
                match self.peek().cloned() {
                    Some(Tok::Str(s)) => {
                        self.at += 1;
                        Lit::Time(s)
                    }
                    _ => return Err(self.bad(format!("{w} must be followed by a quoted value."))),
                }
            }
            Tok::Word(w) => Lit::Word(w),
            other => return Err(self.bad(format!("{other:?} is not a value."))),
        })
    }

    fn condition(&mut self) -> Result<Expr, Fail> {
        let path = match self.peek().cloned() {
            Some(Tok::Word(w)) => {
                self.at += 1;
                w
            }
            _ => return Err(self.bad("An attribute name is expected.")),
        };
        if self.peek() == Some(&Tok::Open) {
            return Err(self.bad(format!("The function {path} is not supported.")));
        }
        let parts: Vec<String> = path.split('.').map(str::to_string).collect();
        if parts.iter().any(String::is_empty) {
            return Err(self.bad(format!("{path} is not a valid attribute path.")));
        }
        let attr = |test: Test| Expr::Attr {
            path: parts.clone(),
            test,
        };
        if let Some(Tok::Op(op)) = self.peek().cloned() {
            self.at += 1;
            if self.eat_keyword("null") {
                return match op {
                    Op::Eq => Ok(attr(Test::Null)),
                    Op::Ne => Ok(Expr::Not(Box::new(attr(Test::Null)))),
                    _ => Err(self.bad("Only = and != compare with null.")),
                };
            }
            let v = self.value()?;
            return Ok(attr(Test::Cmp(op, v)));
        }
        if self.eat_keyword("is") {
            let negate = self.eat_keyword("not");
            if !self.eat_keyword("null") {
                return Err(self.bad("IS must be followed by NULL or NOT NULL."));
            }
            let e = attr(Test::Null);
            return Ok(if negate { Expr::Not(Box::new(e)) } else { e });
        }
        let negate = self.eat_keyword("not");
        let e = if self.eat_keyword("like") {
            match self.value()? {
                Lit::Str(p) => attr(Test::Like(p)),
                _ => return Err(self.bad("LIKE takes a quoted pattern.")),
            }
        } else if self.eat_keyword("between") {
            let lo = self.value()?;
            if !self.eat_keyword("and") {
                return Err(self.bad("BETWEEN needs AND."));
            }
            let hi = self.value()?;
            attr(Test::Between(lo, hi))
        } else if self.eat_keyword("in") {
            if self.peek() != Some(&Tok::Open) {
                return Err(self.bad("IN takes a parenthesised list."));
            }
            self.at += 1;
            let mut xs = vec![self.value()?];
            while self.peek() == Some(&Tok::Comma) {
                self.at += 1;
                xs.push(self.value()?);
            }
            if self.peek() != Some(&Tok::Close) {
                return Err(self.bad("The IN list is not closed."));
            }
            self.at += 1;
            attr(Test::In(xs))
        } else {
            return Err(self.bad(format!("An operator is expected after {path}.")));
        };
        Ok(if negate { Expr::Not(Box::new(e)) } else { e })
    }
}

/// Parses a version-2+ `q`.
pub fn parse(q: &str) -> Result<Expr, Fail> {
    let toks = lex(q)?;
    if toks.is_empty() {
        return Err(Fail::param("q", q, "The query is empty."));
    }
    let mut p = Parser {
        toks,
        at: 0,
        raw: q,
    };
    let e = p.or()?;
    if p.at != p.toks.len() {
        return Err(p.bad(format!("Unexpected {:?}.", p.toks[p.at])));
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(path: &[&str], test: Test) -> Expr {
        Expr::Attr {
            path: path.iter().map(|s| s.to_string()).collect(),
            test,
        }
    }

    #[test]
    fn comparisons_and_logic() {
        assert_eq!(
            parse("CurrencyCode = 'USD' and LastUpdateDate > '2024-01-31T10:00:00+00:00'").unwrap(),
            Expr::And(vec![
                attr(&["CurrencyCode"], Test::Cmp(Op::Eq, Lit::Str("USD".into()))),
                attr(
                    &["LastUpdateDate"],
                    Test::Cmp(Op::Gt, Lit::Str("2024-01-31T10:00:00+00:00".into()))
                ),
            ])
        );
        assert_eq!(
            parse("POHeaderId > 300100071607488").unwrap(),
            attr(
                &["POHeaderId"],
                Test::Cmp(Op::Gt, Lit::Num("300100071607488".into()))
            )
        );
        assert_eq!(
            parse("not (A = 1 or B like 'x%')").unwrap(),
            Expr::Not(Box::new(Expr::Or(vec![
                attr(&["A"], Test::Cmp(Op::Eq, Lit::Num("1".into()))),
                attr(&["B"], Test::Like("x%".into())),
            ])))
        );
        assert_eq!(
            parse("workRelationships.assignments.AssignmentNumber = 'E955160008191551'").unwrap(),
            attr(
                &["workRelationships", "assignments", "AssignmentNumber"],
                Test::Cmp(Op::Eq, Lit::Str("E955160008191551".into()))
            )
        );
        assert_eq!(
            parse("A is not null").unwrap(),
            Expr::Not(Box::new(attr(&["A"], Test::Null)))
        );
        assert_eq!(
            parse("A between 1 and 3").unwrap(),
            attr(
                &["A"],
                Test::Between(Lit::Num("1".into()), Lit::Num("3".into()))
            )
        );
        assert_eq!(
            parse("A in ('x', 'it''s')").unwrap(),
            attr(
                &["A"],
                Test::In(vec![Lit::Str("x".into()), Lit::Str("it's".into())])
            )
        );
    }

    #[test]
    fn v1_syntax_is_not_v2() {
        // a bare word parses, and fails when typed against the attribute
        assert_eq!(
            parse("CurrencyCode=USD").unwrap(),
            attr(
                &["CurrencyCode"],
                Test::Cmp(Op::Eq, Lit::Word("USD".into()))
            )
        );
        assert!(parse("A=1;B=2").is_err());
        assert!(parse("A = 'open").is_err());
        assert!(parse("(A = 1").is_err());
        assert!(parse("upper(A) = 'X'").is_err());
        assert!(parse("A").is_err());
    }
}
