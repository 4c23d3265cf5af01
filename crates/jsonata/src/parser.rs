//! Pratt parser: source text to a raw syntax tree (binding powers as in the
//! JSONata reference). The tree is turned into the compiled form by `process`.

use crate::error::Error;
use crate::lexer::{Lexer, Tok, Token};
use crate::signature::Signature;

/// Maximum nesting of the source (parentheses, brackets, operators).
pub(crate) const MAX_PARSE_DEPTH: usize = 400;

#[derive(Debug, Clone)]
pub(crate) enum P {
    Name(String),
    Var(String),
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Regex(String, String),
    Wildcard,
    Descendant,
    Parent,
    Placeholder,
    Binary(&'static str, Box<PN>, Box<PN>),
    GroupBy(Box<PN>, Vec<(PN, PN)>),
    OrderBy(Box<PN>, Vec<(bool, PN)>),
    Neg(Box<PN>),
    Array(Vec<PN>),
    Object(Vec<(PN, PN)>),
    Function(Box<PN>, Vec<PN>),
    Partial(Box<PN>, Vec<PN>),
    Lambda(Vec<String>, Option<Signature>, Box<PN>),
    Condition(Box<PN>, Box<PN>, Option<Box<PN>>),
    Coalesce(Box<PN>, Box<PN>),
    Elvis(Box<PN>, Box<PN>),
    Block(Vec<PN>),
    Transform(Box<PN>, Box<PN>, Option<Box<PN>>),
}

#[derive(Debug, Clone)]
pub(crate) struct PN {
    pub p: P,
    pub pos: usize,
    pub keep_array: bool,
}

fn pn(p: P, pos: usize) -> PN {
    PN {
        p,
        pos,
        keep_array: false,
    }
}

fn lbp(tok: &Tok) -> u32 {
    match tok {
        Tok::Op(op) => match *op {
            "." => 75,
            "[" | "(" | "@" | "#" => 80,
            "{" => 70,
            "?" => 20,
            "+" | "-" | "&" => 50,
            "*" | "/" | "%" => 60,
            "=" | "<" | ">" | "^" | "!=" | "<=" | ">=" | "~>" | "?:" | "??" | "in" => 40,
            ":=" => 10,
            "and" => 30,
            "or" => 25,
            _ => 0,
        },
        _ => 0,
    }
}

fn tok_text(tok: &Tok) -> String {
    match tok {
        Tok::Op(o) => o.to_string(),
        Tok::Name(n) => n.clone(),
        Tok::Var(v) => format!("${v}"),
        Tok::Str(s) => s.clone(),
        Tok::Num(n) => crate::json_out::number_to_string(*n),
        Tok::Bool(b) => b.to_string(),
        Tok::Null => "null".into(),
        Tok::Regex(p, _) => p.clone(),
        Tok::End => "(end)".into(),
    }
}

struct Parser {
    lexer: Lexer,
    node: Token,
    depth: usize,
}

impl Parser {
    fn advance(&mut self, infix: bool) -> Result<(), Error> {
        self.node = self.lexer.next(infix)?;
        if let Tok::Op(op) = self.node.tok {
            if op == "!" || op == "~" {
                return Err(Error::new("S0204").at(self.node.pos).token(op));
            }
        }
        Ok(())
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.node.tok, Tok::Op(o) if o == op)
    }

    fn expect(&mut self, op: &str, infix: bool) -> Result<(), Error> {
        if !self.is_op(op) {
            let code = if self.node.tok == Tok::End {
                "S0203"
            } else {
                "S0202"
            };
            return Err(Error::new(code)
                .at(self.node.pos)
                .token(tok_text(&self.node.tok))
                .value(op.to_string()));
        }
        self.advance(infix)
    }

    fn expression(&mut self, rbp: u32) -> Result<PN, Error> {
        self.depth += 1;
        if self.depth > MAX_PARSE_DEPTH {
            return Err(Error::new("U1001")
                .at(self.node.pos)
                .message("Expression nesting is too deep"));
        }
        let r = stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
            let t = self.node.clone();
            self.advance(true)?;
            let mut left = self.nud(t)?;
            while rbp < lbp(&self.node.tok) {
                let t = self.node.clone();
                self.advance(false)?;
                left = self.led(t, left)?;
            }
            Ok(left)
        });
        self.depth -= 1;
        r
    }

    fn nud(&mut self, t: Token) -> Result<PN, Error> {
        let pos = t.pos;
        let p = match t.tok {
            Tok::Name(n) => P::Name(n),
            Tok::Var(v) => P::Var(v),
            Tok::Str(s) => P::Str(s),
            Tok::Num(n) => P::Num(n),
            Tok::Bool(b) => P::Bool(b),
            Tok::Null => P::Null,
            Tok::Regex(p, f) => P::Regex(p, f),
            Tok::End => return Err(Error::new("S0207").at(pos).token("(end)")),
            Tok::Op(op) => match op {
                "and" | "or" | "in" => P::Name(op.to_string()),
                "-" => P::Neg(Box::new(self.expression(70)?)),
                "*" => P::Wildcard,
                "**" => P::Descendant,
                "%" => P::Parent,
                "(" => {
                    let mut exprs = Vec::new();
                    while !self.is_op(")") {
                        exprs.push(self.expression(0)?);
                        if !self.is_op(";") {
                            break;
                        }
                        self.advance(false)?;
                    }
                    self.expect(")", true)?;
                    P::Block(exprs)
                }
                "[" => {
                    let mut items = Vec::new();
                    if !self.is_op("]") {
                        loop {
                            let mut item = self.expression(0)?;
                            if self.is_op("..") {
                                let rpos = self.node.pos;
                                self.advance(false)?;
                                let rhs = self.expression(0)?;
                                item = pn(P::Binary("..", Box::new(item), Box::new(rhs)), rpos);
                            }
                            items.push(item);
                            if !self.is_op(",") {
                                break;
                            }
                            self.advance(false)?;
                        }
                    }
                    self.expect("]", true)?;
                    P::Array(items)
                }
                "{" => P::Object(self.object_body()?),
                "|" => {
                    let pattern = self.expression(0)?;
                    self.expect("|", false)?;
                    let update = self.expression(0)?;
                    let mut delete = None;
                    if self.is_op(",") {
                        self.advance(false)?;
                        delete = Some(Box::new(self.expression(0)?));
                    }
                    self.expect("|", false)?;
                    P::Transform(Box::new(pattern), Box::new(update), delete)
                }
                "?" => P::Placeholder,
                _ => return Err(Error::new("S0211").at(pos).token(op)),
            },
        };
        Ok(pn(p, pos))
    }

    fn object_body(&mut self) -> Result<Vec<(PN, PN)>, Error> {
        let mut pairs = Vec::new();
        if !self.is_op("}") {
            loop {
                let k = self.expression(0)?;
                self.expect(":", false)?;
                let v = self.expression(0)?;
                pairs.push((k, v));
                if !self.is_op(",") {
                    break;
                }
                self.advance(false)?;
            }
        }
        self.expect("}", true)?;
        Ok(pairs)
    }

    fn led(&mut self, t: Token, left: PN) -> Result<PN, Error> {
        let pos = t.pos;
        let Tok::Op(op) = t.tok else {
            return Err(Error::new("S0201").at(pos).token(tok_text(&t.tok)));
        };
        let bp = lbp(&t.tok);
        let p = match op {
            "." | "+" | "-" | "*" | "/" | "%" | "=" | "<" | ">" | "!=" | "<=" | ">=" | "&"
            | "and" | "or" | "in" | "~>" => {
                let rhs = self.expression(bp)?;
                P::Binary(op, Box::new(left), Box::new(rhs))
            }
            "??" => {
                let rhs = self.expression(0)?;
                P::Coalesce(Box::new(left), Box::new(rhs))
            }
            "?:" => {
                let rhs = self.expression(0)?;
                P::Elvis(Box::new(left), Box::new(rhs))
            }
            "?" => {
                let then = self.expression(0)?;
                let mut els = None;
                if self.is_op(":") {
                    self.advance(false)?;
                    els = Some(Box::new(self.expression(0)?));
                }
                P::Condition(Box::new(left), Box::new(then), els)
            }
            ":=" => {
                if !matches!(left.p, P::Var(_)) {
                    return Err(Error::new("S0212").at(left.pos));
                }
                let rhs = self.expression(bp - 1)?;
                P::Binary(":=", Box::new(left), Box::new(rhs))
            }
            "@" | "#" => {
                let rhs = self.expression(bp)?;
                if !matches!(rhs.p, P::Var(_)) {
                    return Err(Error::new("S0214").at(rhs.pos).token(op));
                }
                P::Binary(op, Box::new(left), Box::new(rhs))
            }
            "[" => {
                if self.is_op("]") {
                    let mut left = left;
                    mark_keep_array(&mut left);
                    self.advance(true)?;
                    return Ok(left);
                }
                let rhs = self.expression(0)?;
                self.expect("]", true)?;
                P::Binary("[", Box::new(left), Box::new(rhs))
            }
            "{" => P::GroupBy(Box::new(left), self.object_body()?),
            "^" => {
                self.expect("(", false)?;
                let mut terms = Vec::new();
                loop {
                    let mut desc = false;
                    if self.is_op("<") {
                        self.advance(false)?;
                    } else if self.is_op(">") {
                        desc = true;
                        self.advance(false)?;
                    }
                    terms.push((desc, self.expression(0)?));
                    if !self.is_op(",") {
                        break;
                    }
                    self.advance(false)?;
                }
                self.expect(")", true)?;
                P::OrderBy(Box::new(left), terms)
            }
            "(" => return self.call(left, pos),
            _ => return Err(Error::new("S0201").at(pos).token(op)),
        };
        Ok(pn(p, pos))
    }

    fn call(&mut self, left: PN, pos: usize) -> Result<PN, Error> {
        let mut args = Vec::new();
        let mut partial = false;
        if !self.is_op(")") {
            loop {
                if self.is_op("?") {
                    partial = true;
                    args.push(pn(P::Placeholder, self.node.pos));
                    self.advance(false)?;
                } else {
                    args.push(self.expression(0)?);
                }
                if !self.is_op(",") {
                    break;
                }
                self.advance(false)?;
            }
        }
        self.expect(")", true)?;
        let is_lambda = matches!(&left.p, P::Name(n) if n == "function" || n == "\u{3bb}");
        if !is_lambda {
            let p = if partial {
                P::Partial(Box::new(left), args)
            } else {
                P::Function(Box::new(left), args)
            };
            return Ok(pn(p, pos));
        }
        let mut params = Vec::new();
        for (i, a) in args.into_iter().enumerate() {
            match a.p {
                P::Var(v) => params.push(v),
                _ => {
                    return Err(Error::new("S0208").at(a.pos).value((i + 1).to_string()));
                }
            }
        }
        let mut signature = None;
        if self.is_op("<") {
            let sig_pos = self.node.pos;
            let mut depth = 1;
            let mut sig = String::from("<");
            while depth > 0 && !self.is_op("{") && self.node.tok != Tok::End {
                self.advance(false)?;
                if self.is_op(">") {
                    depth -= 1;
                } else if self.is_op("<") {
                    depth += 1;
                }
                sig.push_str(&tok_text(&self.node.tok));
            }
            self.expect(">", false)?;
            signature = Some(Signature::parse(&sig).map_err(|e| {
                let off = e.position.unwrap_or(0);
                e.at(sig_pos + off)
            })?);
        }
        self.expect("{", false)?;
        let body = self.expression(0)?;
        self.expect("}", true)?;
        Ok(pn(P::Lambda(params, signature, Box::new(body)), pos))
    }
}

fn mark_keep_array(node: &mut PN) {
    let mut step = node;
    while let P::Binary("[", ref mut lhs, _) = step.p {
        step = lhs;
    }
    step.keep_array = true;
}

/// Parses `src` into a raw syntax tree.
pub(crate) fn parse(src: &str) -> Result<PN, Error> {
    let mut lexer = Lexer::new(src);
    let first = lexer.next(false)?;
    let mut parser = Parser {
        lexer,
        node: first,
        depth: 0,
    };
    let raw = parser.expression(0)?;
    if parser.node.tok != Tok::End {
        return Err(Error::new("S0201")
            .at(parser.node.pos)
            .token(tok_text(&parser.node.tok)));
    }
    Ok(raw)
}
