//! Tokenizer: turns expression source into tokens with character positions.

use crate::error::Error;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Op(&'static str),
    Name(String),
    Var(String),
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Regex(String, String),
    End,
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub tok: Tok,
    pub pos: usize,
}

const OPS: &[&str] = &[
    ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%", "|",
    "=", "<", ">", "^", "&", "!", "~",
];

fn single_op(c: char) -> Option<&'static str> {
    OPS.iter()
        .find(|o| o.starts_with(c) && o.len() == c.len_utf8())
        .copied()
}

pub(crate) struct Lexer {
    src: Vec<char>,
    pos: usize,
}

impl Lexer {
    pub fn new(src: &str) -> Lexer {
        Lexer {
            src: src.chars().collect(),
            pos: 0,
        }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.src.get(i).copied()
    }

    /// Next token; `infix` is true where a `/` is division rather than a regex.
    pub fn next(&mut self, infix: bool) -> Result<Token, Error> {
        loop {
            while let Some(c) = self.at(self.pos) {
                if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}') {
                    self.pos += 1;
                } else {
                    break;
                }
            }
            if self.at(self.pos) == Some('/') && self.at(self.pos + 1) == Some('*') {
                let start = self.pos;
                self.pos += 2;
                loop {
                    if self.pos + 1 >= self.src.len() {
                        return Err(Error::new("S0106").at(start));
                    }
                    if self.at(self.pos) == Some('*') && self.at(self.pos + 1) == Some('/') {
                        self.pos += 2;
                        break;
                    }
                    self.pos += 1;
                }
                continue;
            }
            break;
        }
        let start = self.pos;
        let tok = |tok: Tok| Ok(Token { tok, pos: start });
        let Some(c) = self.at(self.pos) else {
            return tok(Tok::End);
        };
        if !infix && c == '/' {
            self.pos += 1;
            return self.regex(start);
        }
        let c1 = self.at(self.pos + 1);
        let two = match (c, c1) {
            ('.', Some('.')) => Some(".."),
            (':', Some('=')) => Some(":="),
            ('!', Some('=')) => Some("!="),
            ('>', Some('=')) => Some(">="),
            ('<', Some('=')) => Some("<="),
            ('*', Some('*')) => Some("**"),
            ('~', Some('>')) => Some("~>"),
            ('?', Some(':')) => Some("?:"),
            ('?', Some('?')) => Some("??"),
            _ => None,
        };
        if let Some(op) = two {
            self.pos += 2;
            return tok(Tok::Op(op));
        }
        if let Some(op) = single_op(c) {
            self.pos += 1;
            return tok(Tok::Op(op));
        }
        if c == '"' || c == '\'' {
            self.pos += 1;
            let mut s = String::new();
            while let Some(ch) = self.at(self.pos) {
                if ch == '\\' {
                    self.pos += 1;
                    let Some(e) = self.at(self.pos) else {
                        break;
                    };
                    match e {
                        '"' => s.push('"'),
                        '\\' => s.push('\\'),
                        '/' => s.push('/'),
                        'b' => s.push('\u{8}'),
                        'f' => s.push('\u{c}'),
                        'n' => s.push('\n'),
                        'r' => s.push('\r'),
                        't' => s.push('\t'),
                        'u' => {
                            let cp = self
                                .hex4(self.pos + 1)
                                .ok_or_else(|| Error::new("S0104").at(self.pos))?;
                            self.pos += 4;
                            if (0xD800..0xDC00).contains(&cp)
                                && self.at(self.pos + 1) == Some('\\')
                                && self.at(self.pos + 2) == Some('u')
                            {
                                if let Some(lo) = self.hex4(self.pos + 3) {
                                    if (0xDC00..0xE000).contains(&lo) {
                                        let full = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                                        s.push(char::from_u32(full).unwrap_or('\u{FFFD}'));
                                        self.pos += 6;
                                        self.pos += 1;
                                        continue;
                                    }
                                }
                            }
                            s.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                        }
                        other => {
                            return Err(Error::new("S0103").at(self.pos).token(other.to_string()));
                        }
                    }
                } else if ch == c {
                    self.pos += 1;
                    return tok(Tok::Str(s));
                } else {
                    s.push(ch);
                }
                self.pos += 1;
            }
            return Err(Error::new("S0101").at(self.pos));
        }
        if let Some(len) = self.number_len() {
            let text: String = self.src[self.pos..self.pos + len].iter().collect();
            let num: f64 = text.parse().unwrap_or(f64::NAN);
            if num.is_finite() {
                self.pos += len;
                return tok(Tok::Num(num));
            }
            return Err(Error::new("S0102").at(start).token(text));
        }
        if c == '`' {
            self.pos += 1;
            let from = self.pos;
            while let Some(ch) = self.at(self.pos) {
                if ch == '`' {
                    let name: String = self.src[from..self.pos].iter().collect();
                    self.pos += 1;
                    return tok(Tok::Name(name));
                }
                self.pos += 1;
            }
            return Err(Error::new("S0105").at(self.pos));
        }
        let mut i = self.pos;
        while let Some(ch) = self.at(i) {
            if matches!(ch, ' ' | '\t' | '\n' | '\r' | '\u{b}') || single_op(ch).is_some() {
                break;
            }
            i += 1;
        }
        let word: String = self.src[self.pos..i].iter().collect();
        self.pos = i;
        if let Some(var) = word.strip_prefix('$') {
            return tok(Tok::Var(var.to_string()));
        }
        match word.as_str() {
            "or" => tok(Tok::Op("or")),
            "and" => tok(Tok::Op("and")),
            "in" => tok(Tok::Op("in")),
            "true" => tok(Tok::Bool(true)),
            "false" => tok(Tok::Bool(false)),
            "null" => tok(Tok::Null),
            _ => tok(Tok::Name(word)),
        }
    }

    fn hex4(&self, from: usize) -> Option<u32> {
        let mut v = 0u32;
        for k in 0..4 {
            let d = self.at(from + k)?.to_digit(16)?;
            v = v * 16 + d;
        }
        Some(v)
    }

    fn number_len(&self) -> Option<usize> {
        let s = &self.src;
        let mut i = self.pos;
        let digit = |i: usize| s.get(i).is_some_and(|c| c.is_ascii_digit());
        if s.get(i) == Some(&'-') {
            i += 1;
        }
        if s.get(i) == Some(&'0') {
            i += 1;
        } else if digit(i) {
            while digit(i) {
                i += 1;
            }
        } else {
            return None;
        }
        if s.get(i) == Some(&'.') && digit(i + 1) {
            i += 1;
            while digit(i) {
                i += 1;
            }
        }
        if matches!(s.get(i), Some('e' | 'E')) {
            let mut j = i + 1;
            if matches!(s.get(j), Some('+' | '-')) {
                j += 1;
            }
            if digit(j) {
                while digit(j) {
                    j += 1;
                }
                i = j;
            }
        }
        Some(i - self.pos)
    }

    fn regex(&mut self, _start: usize) -> Result<Token, Error> {
        let begin = self.pos;
        let mut depth: i64 = 0;
        while let Some(c) = self.at(self.pos) {
            if c == '/' && depth == 0 {
                let mut backslashes = 0;
                while self.pos > backslashes && self.at(self.pos - backslashes - 1) == Some('\\') {
                    backslashes += 1;
                }
                if backslashes % 2 == 0 {
                    let pattern: String = self.src[begin..self.pos].iter().collect();
                    if pattern.is_empty() {
                        return Err(Error::new("S0301").at(self.pos));
                    }
                    self.pos += 1;
                    let fstart = self.pos;
                    while matches!(self.at(self.pos), Some('i' | 'm')) {
                        self.pos += 1;
                    }
                    let flags: String = self.src[fstart..self.pos].iter().collect();
                    return Ok(Token {
                        tok: Tok::Regex(pattern, flags),
                        pos: begin - 1,
                    });
                }
            }
            let prev_escape = self.pos > 0 && self.at(self.pos - 1) == Some('\\');
            if matches!(c, '(' | '[' | '{') && !prev_escape {
                depth += 1;
            }
            if matches!(c, ')' | ']' | '}') && !prev_escape {
                depth -= 1;
            }
            self.pos += 1;
        }
        Err(Error::new("S0302").at(self.pos))
    }
}
