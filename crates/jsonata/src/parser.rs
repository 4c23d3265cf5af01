//! Pratt parser: source text to a raw syntax tree (binding powers as in the
//! JSONata reference). The tree is turned into the compiled form by `process`.

use crate::error::Error;
use crate::lexer::{Lexer, Tok, Token};
use crate::signature::Signature;

/// Deepest syntax tree a source may produce: nesting of parentheses, brackets,
/// braces, lambdas, conditions, unary minus, bindings, and operands of chained
/// binary operators (`1 + 2 + …` nests to the left) all count; the steps of a
/// path (`a.b.c`) do not, as they are kept in a list. Evaluation enters at most a
/// couple of levels per syntactic level, so an accepted expression stays within
/// the default evaluation depth limit (`Limits::max_depth`, 1000).
pub(crate) const MAX_NESTING: u32 = 400;

/// The error for a source nested deeper than [`MAX_NESTING`], at `pos`.
pub(crate) fn too_deep(pos: usize) -> Error {
    Error::new("U1001")
        .at(pos)
        .message(format!("Expression nesting exceeds {MAX_NESTING} levels"))
}

#[derive(Debug, Clone)]
pub(crate) enum P {
    Name(String),
    Var(String),
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Regex(String, String),
    /// Steps joined by `.` (`a.b.c`), in order: a list, not a nested tree.
    Path(Vec<PN>),
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
    /// Height of this subtree (a leaf is 1).
    pub height: u32,
}

/// A node over `p`, whose height is one more than its tallest child's; an error
/// past [`MAX_NESTING`].
fn pn(p: P, pos: usize) -> Result<PN, Error> {
    let height = 1 + tallest_child(&p);
    if height > MAX_NESTING {
        return Err(too_deep(pos));
    }
    Ok(PN {
        p,
        pos,
        keep_array: false,
        height,
    })
}

fn tallest_child(p: &P) -> u32 {
    let h = |n: &PN| n.height;
    let all = |ns: &[PN]| ns.iter().map(h).max().unwrap_or(0);
    let pairs = |ps: &[(PN, PN)]| ps.iter().map(|(k, v)| h(k).max(h(v))).max().unwrap_or(0);
    match p {
        P::Name(_)
        | P::Var(_)
        | P::Str(_)
        | P::Num(_)
        | P::Bool(_)
        | P::Null
        | P::Regex(..)
        | P::Wildcard
        | P::Descendant
        | P::Parent
        | P::Placeholder => 0,
        P::Path(steps) | P::Array(steps) | P::Block(steps) => all(steps),
        P::Binary(_, l, r) | P::Coalesce(l, r) | P::Elvis(l, r) => h(l).max(h(r)),
        P::GroupBy(l, ps) => h(l).max(pairs(ps)),
        P::Object(ps) => pairs(ps),
        P::OrderBy(l, terms) => terms.iter().map(|(_, t)| h(t)).fold(h(l), u32::max),
        P::Neg(e) => h(e),
        P::Function(f, args) | P::Partial(f, args) => h(f).max(all(args)),
        P::Lambda(_, _, body) => h(body),
        P::Condition(c, t, e) => h(c).max(h(t)).max(e.as_deref().map_or(0, h)),
        P::Transform(a, b, c) => h(a).max(h(b)).max(c.as_deref().map_or(0, h)),
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
        // every level of recursion here nests the tree one level deeper, so this
        // bounds the parser's own recursion before any node is built
        self.depth += 1;
        if self.depth > MAX_NESTING as usize {
            return Err(too_deep(self.node.pos));
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
                                item = pn(P::Binary("..", Box::new(item), Box::new(rhs)), rpos)?;
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
        pn(p, pos)
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
            "." => {
                let rhs = self.expression(bp)?;
                return append_step(left, rhs, pos);
            }
            "+" | "-" | "*" | "/" | "%" | "=" | "<" | ">" | "!=" | "<=" | ">=" | "&" | "and"
            | "or" | "in" | "~>" => {
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
        pn(p, pos)
    }

    fn call(&mut self, left: PN, pos: usize) -> Result<PN, Error> {
        let mut args = Vec::new();
        let mut partial = false;
        if !self.is_op(")") {
            loop {
                if self.is_op("?") {
                    partial = true;
                    args.push(pn(P::Placeholder, self.node.pos)?);
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
            return pn(p, pos);
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
        pn(P::Lambda(params, signature, Box::new(body)), pos)
    }
}

/// `left.rhs`: `rhs` becomes the next step of the path `left` is (or starts), so a
/// long path is a list, built in time linear in its length.
fn append_step(left: PN, rhs: PN, pos: usize) -> Result<PN, Error> {
    match left {
        PN {
            p: P::Path(mut steps),
            pos: lpos,
            keep_array: false,
            height,
        } => {
            let height = height.max(rhs.height + 1);
            if height > MAX_NESTING {
                return Err(too_deep(rhs.pos));
            }
            steps.push(rhs);
            Ok(PN {
                p: P::Path(steps),
                pos: lpos,
                keep_array: false,
                height,
            })
        }
        left => pn(P::Path(vec![left, rhs]), pos),
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
