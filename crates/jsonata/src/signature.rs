//! Function signatures (`<s-nn?:s>`): parsing into parameters. Checking
//! arguments against them is `check`'s job.

use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quant {
    One,
    Opt,
    Plus,
}

#[derive(Debug, Clone)]
pub(crate) struct Param {
    /// Symbols accepted by this parameter (`m` = missing/undefined).
    pub class: &'static str,
    pub choice: Option<String>,
    pub ty: char,
    pub subtype: Option<String>,
    pub quant: Quant,
    pub context: bool,
}

impl Param {
    pub fn accepts(&self, sym: char) -> bool {
        match &self.choice {
            Some(c) => c.contains(sym) || sym == 'm',
            None => self.class.contains(sym),
        }
    }
}

/// A parsed signature.
#[derive(Debug, Clone, Default)]
pub(crate) struct Signature {
    pub params: Vec<Param>,
}

impl Signature {
    /// The signature with no parameters.
    pub const EMPTY: Signature = Signature { params: Vec::new() };

    pub fn parse(sig: &str) -> Result<Signature, Error> {
        let chars: Vec<char> = sig.chars().collect();
        let mut params: Vec<Param> = Vec::new();
        let mut i = 1;
        while i < chars.len() {
            let c = chars.get(i).copied().unwrap_or(':');
            if c == ':' {
                break;
            }
            let simple = |class: &'static str, ty: char| Param {
                class,
                choice: None,
                ty,
                subtype: None,
                quant: Quant::One,
                context: false,
            };
            match c {
                's' => params.push(simple("sm", 's')),
                'n' => params.push(simple("nm", 'n')),
                'b' => params.push(simple("bm", 'b')),
                'l' => params.push(simple("lm", 'l')),
                'o' => params.push(simple("om", 'o')),
                'a' => params.push(simple("asnblfom", 'a')),
                'f' => params.push(simple("f", 'f')),
                'j' => params.push(simple("asnblom", 'j')),
                'x' => params.push(simple("asnblfom", 'x')),
                '-' => {
                    if let Some(p) = params.last_mut() {
                        p.context = true;
                        p.quant = Quant::Opt;
                    }
                }
                '?' => {
                    if let Some(p) = params.last_mut() {
                        p.quant = Quant::Opt;
                    }
                }
                '+' => {
                    if let Some(p) = params.last_mut() {
                        p.quant = Quant::Plus;
                    }
                }
                '(' => {
                    let end = closing(&chars, i, '(', ')');
                    let choice: String = chars
                        .get(i + 1..end)
                        .map(|s| s.iter().collect())
                        .unwrap_or_default();
                    if choice.contains('<') {
                        return Err(Error::new("S0402").at(i).value(choice));
                    }
                    params.push(Param {
                        class: "",
                        choice: Some(choice),
                        ty: '(',
                        subtype: None,
                        quant: Quant::One,
                        context: false,
                    });
                    i = end;
                }
                '<' => {
                    let ok = params.last().is_some_and(|p| p.ty == 'a' || p.ty == 'f');
                    if !ok {
                        return Err(Error::new("S0401").at(i));
                    }
                    let end = closing(&chars, i, '<', '>');
                    let sub: String = chars
                        .get(i + 1..end)
                        .map(|s| s.iter().collect())
                        .unwrap_or_default();
                    if let Some(p) = params.last_mut() {
                        p.subtype = Some(sub);
                    }
                    i = end;
                }
                _ => {}
            }
            i += 1;
        }
        Ok(Signature { params })
    }

    /// Whether a call with `nargs` arguments takes its first argument from the
    /// context (`name.$uppercase()`).
    pub fn uses_context(&self, nargs: usize) -> bool {
        let required = self
            .params
            .iter()
            .filter(|p| p.context || p.quant != Quant::Opt)
            .count();
        self.params.iter().any(|p| p.context) && nargs < required
    }
}

fn closing(chars: &[char], start: usize, open: char, close: char) -> usize {
    let mut depth = 1;
    let mut i = start;
    while i + 1 < chars.len() {
        i += 1;
        let c = chars.get(i).copied().unwrap_or(close);
        if c == close {
            depth -= 1;
            if depth == 0 {
                break;
            }
        } else if c == open {
            depth += 1;
        }
    }
    i
}
