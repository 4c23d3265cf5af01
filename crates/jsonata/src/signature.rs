//! Function signatures (`<s-nn?:s>`): parsing and argument validation.

use smallvec::SmallVec;

use super::error::Error;
use super::value::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quant {
    One,
    Opt,
    Plus,
}

#[derive(Debug, Clone)]
struct Param {
    /// Symbols accepted by this parameter (`m` = missing/undefined).
    class: &'static str,
    choice: Option<String>,
    ty: char,
    subtype: Option<String>,
    quant: Quant,
    context: bool,
}

impl Param {
    fn accepts(&self, sym: char) -> bool {
        match &self.choice {
            Some(c) => c.contains(sym) || sym == 'm',
            None => self.class.contains(sym),
        }
    }
}

/// A parsed signature.
#[derive(Debug, Clone)]
pub(crate) struct Signature {
    params: Vec<Param>,
}

impl Signature {
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

    /// Checks `args` against the signature, filling in the context argument
    /// and wrapping singletons where an array is expected.
    pub fn validate<'a>(
        &self,
        args: Vec<Option<Value<'a>>>,
        context: Option<&Value<'a>>,
    ) -> Result<Vec<Option<Value<'a>>>, Error> {
        // the common call: one plain argument per parameter, each of a type the
        // parameter accepts, trailing optional ones left out; the general match
        // below would take them as they are (the left-out ones as undefined)
        if args.len() <= self.params.len()
            && self
                .params
                .iter()
                .zip(&args)
                .all(|(p, a)| p.quant != Quant::Plus && p.ty != 'a' && p.accepts(symbol(a)))
            && self.params[args.len()..]
                .iter()
                .all(|p| p.quant == Quant::Opt && !p.context)
        {
            let mut args = args;
            args.resize(self.params.len(), None);
            return Ok(args);
        }
        let syms: SmallVec<[char; 8]> = args.iter().map(symbol).collect();
        let Some(counts) = self.matches(&syms, true) else {
            return Err(self.mismatch(&syms));
        };
        let mut out = Vec::with_capacity(self.params.len());
        let mut arg_index = 0;
        // arguments are consumed strictly in order
        let mut args = args.into_iter();
        let mut take = |_: usize| args.next().flatten();
        for (param, count) in self.params.iter().zip(counts) {
            if count == 0 {
                if param.context {
                    let sym = context.map_or('m', Value::sig_symbol);
                    if param.accepts(sym) {
                        out.push(context.cloned());
                    } else {
                        return Err(Error::new("T0411").value((arg_index + 1).to_string()));
                    }
                } else {
                    out.push(take(arg_index));
                    arg_index += 1;
                }
                continue;
            }
            for k in 0..count {
                let arg = take(arg_index);
                let single = syms.get(arg_index).copied().unwrap_or('m');
                if param.ty == 'a' {
                    if single == 'm' {
                        out.push(None);
                    } else {
                        let mut ok = true;
                        if let Some(sub) = &param.subtype {
                            let sub0 = sub.chars().next().unwrap_or('x');
                            if single != 'a' {
                                ok = count == 1 && k == 0 && sub.len() == 1 && single == sub0;
                            } else if let Some(a) = &arg {
                                ok = a.array_all(|item| item.sig_symbol() == sub0);
                            }
                        }
                        if !ok {
                            return Err(Error::new("T0412").value((arg_index + 1).to_string()));
                        }
                        match arg {
                            Some(a) if single != 'a' => out.push(Some(Value::array(vec![a]))),
                            other => out.push(other),
                        }
                    }
                } else {
                    out.push(arg);
                }
                arg_index += 1;
            }
        }
        Ok(out)
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

    fn mismatch(&self, syms: &[char]) -> Error {
        let mut good_to = 0;
        for n in 1..=self.params.len() {
            let prefix = Signature {
                params: self.params.get(..n).map(|p| p.to_vec()).unwrap_or_default(),
            };
            match prefix.matches(syms, false) {
                None => break,
                Some(counts) => good_to = counts.iter().sum(),
            }
        }
        Error::new("T0410").value((good_to + 1).to_string())
    }

    /// Regex-like match of argument symbols against parameters (greedy, with
    /// backtracking). `anchored` requires every symbol to be consumed.
    fn matches(&self, syms: &[char], anchored: bool) -> Option<SmallVec<[usize; 8]>> {
        let mut counts = SmallVec::new();
        if self.try_match(0, 0, syms, anchored, &mut counts) {
            Some(counts)
        } else {
            None
        }
    }

    fn try_match(
        &self,
        pi: usize,
        si: usize,
        syms: &[char],
        anchored: bool,
        counts: &mut SmallVec<[usize; 8]>,
    ) -> bool {
        let Some(p) = self.params.get(pi) else {
            return !anchored || si == syms.len();
        };
        let mut max = 0;
        while syms.get(si + max).is_some_and(|s| p.accepts(*s)) {
            max += 1;
            if p.quant != Quant::Plus {
                break;
            }
        }
        let (lo, hi) = match p.quant {
            Quant::One => (1, 1),
            Quant::Opt => (0, 1),
            Quant::Plus => (1, max),
        };
        let hi = hi.min(max);
        let mut n = hi;
        loop {
            if n < lo {
                return false;
            }
            counts.push(n);
            if self.try_match(pi + 1, si + n, syms, anchored, counts) {
                return true;
            }
            counts.pop();
            if n == 0 {
                return false;
            }
            n -= 1;
        }
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

/// The signature symbol of a value (`m` for undefined).
pub(crate) fn symbol(v: &Option<Value<'_>>) -> char {
    match v {
        None => 'm',
        Some(v) => v.sig_symbol(),
    }
}
