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
    /// The symbols accepted (`class`, or `choice` and `m`), one bit each: checked
    /// for every argument of every call, so not searched for in text.
    accepted: u16,
}

impl Param {
    pub fn accepts(&self, sym: char) -> bool {
        self.accepted & symbol_bit(sym) != 0
    }

    fn with_accepted(mut self) -> Param {
        let text = self.choice.as_deref().unwrap_or(self.class);
        self.accepted = text.chars().map(symbol_bit).fold(0, |a, b| a | b);
        if self.choice.is_some() {
            self.accepted |= symbol_bit('m');
        }
        self
    }
}

/// The bit of a signature symbol in [`Param::accepted`] (none for other characters).
fn symbol_bit(sym: char) -> u16 {
    match sym {
        'a' => 1,
        's' => 1 << 1,
        'n' => 1 << 2,
        'b' => 1 << 3,
        'l' => 1 << 4,
        'f' => 1 << 5,
        'o' => 1 << 6,
        'm' => 1 << 7,
        'j' => 1 << 8,
        'x' => 1 << 9,
        _ => 0,
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
            let simple = |class: &'static str, ty: char| {
                Param {
                    class,
                    choice: None,
                    ty,
                    subtype: None,
                    quant: Quant::One,
                    context: false,
                    accepted: 0,
                }
                .with_accepted()
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
                    params.push(
                        Param {
                            class: "",
                            choice: Some(choice),
                            ty: '(',
                            subtype: None,
                            quant: Quant::One,
                            context: false,
                            accepted: 0,
                        }
                        .with_accepted(),
                    );
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
