//! Regular expression literals (`/ab+c/i`) with ECMAScript semantics.
//!
//! Patterns that the linear-time `regex` crate can express (after translating
//! JavaScript's classes: `\d`, `\w`, `\s`, `.`) run there, so a hostile
//! pattern cannot backtrack for ever; patterns that need backreferences or
//! look-around fall back to `regress`, a backtracking ECMAScript engine.

use crate::error::Error;

#[derive(Debug)]
enum Engine {
    Linear(regex::Regex),
    Backtrack(regress::Regex),
}

/// A compiled regex literal.
#[derive(Debug)]
pub(crate) struct RegexDef {
    pub source: String,
    engine: Engine,
}

/// One match: byte range of the whole match and of each group.
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub groups: Vec<Option<(usize, usize)>>,
}

const JS_SPACE: &str = "\\t\\n\\x0B\\x0C\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";

/// Translates a JavaScript pattern into `regex` crate syntax, or `None` when
/// it uses features only a backtracking engine has.
fn translate(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut i = 0;
    let mut in_class = false;
    while let Some(&c) = chars.get(i) {
        i += 1;
        if c == '\\' {
            let e = *chars.get(i)?;
            i += 1;
            match e {
                'd' => out.push_str(if in_class { "0-9" } else { "[0-9]" }),
                'w' => out.push_str(if in_class {
                    "0-9A-Za-z_"
                } else {
                    "[0-9A-Za-z_]"
                }),
                's' => {
                    if in_class {
                        out.push_str(JS_SPACE);
                    } else {
                        out.push('[');
                        out.push_str(JS_SPACE);
                        out.push(']');
                    }
                }
                'D' | 'W' | 'S' if in_class => return None,
                'D' => out.push_str("[^0-9]"),
                'W' => out.push_str("[^0-9A-Za-z_]"),
                'S' => {
                    out.push_str("[^");
                    out.push_str(JS_SPACE);
                    out.push(']');
                }
                'b' if in_class => out.push_str("\\x08"),
                'b' => out.push_str("(?-u:\\b)"),
                'B' => out.push_str("(?-u:\\B)"),
                'n' | 'r' | 't' | 'f' | 'v' => {
                    out.push_str(match e {
                        'n' => "\\n",
                        'r' => "\\r",
                        't' => "\\t",
                        'f' => "\\x0C",
                        _ => "\\x0B",
                    });
                }
                '0' if !chars.get(i).is_some_and(char::is_ascii_digit) => out.push_str("\\x00"),
                'u' => {
                    let hex: String = chars.get(i..i + 4)?.iter().collect();
                    if !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                        return None;
                    }
                    i += 4;
                    out.push_str(&format!("\\x{{{hex}}}"));
                }
                'x' => {
                    let hex: String = chars.get(i..i + 2)?.iter().collect();
                    if !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                        return None;
                    }
                    i += 2;
                    out.push_str(&format!("\\x{{{hex}}}"));
                }
                e if e.is_ascii_punctuation() => {
                    out.push('\\');
                    out.push(e);
                }
                // backreferences, \k<name>, \c, \p{…} and other escapes
                _ => return None,
            }
            continue;
        }
        if in_class {
            match c {
                ']' => {
                    in_class = false;
                    out.push(']');
                }
                '[' | '&' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                '-' if chars.get(i) == Some(&'-') => return None,
                _ => out.push(c),
            }
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                out.push('[');
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                // `[]` matches nothing and `[^]` anything in JavaScript
                if chars.get(i) == Some(&']') {
                    return None;
                }
            }
            '.' => out.push_str("[^\\n\\r\\x{2028}\\x{2029}]"),
            '(' if chars.get(i) == Some(&'?') => {
                // only non-capturing and named groups are linear-time friendly
                match (chars.get(i + 1), chars.get(i + 2)) {
                    (Some(':'), _) => out.push('('),
                    (Some('<'), Some(n)) if *n != '=' && *n != '!' => out.push('('),
                    _ => return None,
                }
            }
            '{' => {
                // a brace that does not start a quantifier is a literal in JavaScript
                let rest: String = chars
                    .get(i..)
                    .map(|r| r.iter().collect())
                    .unwrap_or_default();
                let quant = rest
                    .find('}')
                    .and_then(|end| rest.get(..end))
                    .is_some_and(|q| {
                        q.starts_with(|ch: char| ch.is_ascii_digit())
                            && q.chars().all(|ch| ch.is_ascii_digit() || ch == ',')
                    });
                out.push_str(if quant { "{" } else { "\\{" });
            }
            '}' => {
                let opened = out.rfind('{').is_some_and(|o| {
                    !out.get(..o).is_some_and(|p| p.ends_with('\\'))
                        && !out.get(o..).is_some_and(|p| p.contains('}'))
                });
                out.push_str(if opened { "}" } else { "\\}" });
            }
            _ => out.push(c),
        }
    }
    if in_class {
        return None;
    }
    Some(out)
}

/// Deepest nesting of groups a pattern may have: the regex libraries parse
/// recursively, so this bounds the stack they use.
const MAX_GROUP_NESTING: usize = 100;

/// How deep the groups of `pattern` nest (escapes and classes skipped).
fn group_nesting(pattern: &str) -> usize {
    let (mut depth, mut max, mut in_class, mut escaped) = (0usize, 0, false, false);
    for c in pattern.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => {
                depth += 1;
                max = max.max(depth);
            }
            ')' if !in_class => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

impl RegexDef {
    pub fn new(pattern: &str, flags: &str) -> Result<RegexDef, Error> {
        if group_nesting(pattern) > MAX_GROUP_NESTING {
            return Err(Error::new("S0303").value(format!(
                "groups nest deeper than {MAX_GROUP_NESTING} levels"
            )));
        }
        // the libraries' parsers recurse: give them room whatever stack we are on
        stacker::maybe_grow(256 * 1024, 1024 * 1024, || Self::build(pattern, flags))
    }

    fn build(pattern: &str, flags: &str) -> Result<RegexDef, Error> {
        let icase = flags.contains('i');
        let multi = flags.contains('m');
        if let Some(t) = translate(pattern) {
            let built = regex::RegexBuilder::new(&t)
                .case_insensitive(icase)
                .multi_line(multi)
                .size_limit(1 << 22)
                .build();
            if let Ok(r) = built {
                return Ok(RegexDef {
                    source: pattern.to_string(),
                    engine: Engine::Linear(r),
                });
            }
        }
        let mut f = String::from("u");
        if icase {
            f.push('i');
        }
        if multi {
            f.push('m');
        }
        let regex = match regress::Regex::with_flags(pattern, f.as_str()) {
            Ok(r) => r,
            Err(_) => regress::Regex::with_flags(pattern, &f[1..])
                .map_err(|e| Error::new("S0303").value(e.to_string()))?,
        };
        Ok(RegexDef {
            source: pattern.to_string(),
            engine: Engine::Backtrack(regex),
        })
    }

    /// First match at or after byte offset `from`.
    pub fn find_at(&self, text: &str, from: usize) -> Option<Found> {
        if from > text.len() {
            return None;
        }
        match &self.engine {
            Engine::Linear(r) => {
                let caps = r.captures_at(text, from)?;
                let whole = caps.get(0)?;
                Some(Found {
                    start: whole.start(),
                    end: whole.end(),
                    groups: (1..caps.len())
                        .map(|i| caps.get(i).map(|m| (m.start(), m.end())))
                        .collect(),
                })
            }
            Engine::Backtrack(r) => {
                let m = r.find_from(text, from).next()?;
                Some(Found {
                    start: m.range.start,
                    end: m.range.end,
                    groups: m
                        .captures
                        .iter()
                        .map(|c| c.as_ref().map(|r| (r.start, r.end)))
                        .collect(),
                })
            }
        }
    }

    /// All matches, in order, as JavaScript's global `exec` loop finds them.
    /// Returns Err(()) when the pattern matches an empty string.
    pub fn find_all(&self, text: &str, limit: Option<usize>) -> Result<Vec<Found>, ()> {
        let mut out = Vec::new();
        let mut from = 0;
        while limit.is_none_or(|l| out.len() < l) {
            let Some(m) = self.find_at(text, from) else {
                break;
            };
            if m.end == m.start {
                return Err(());
            }
            from = m.end;
            out.push(m);
            if from >= text.len() {
                break;
            }
        }
        Ok(out)
    }
}

/// UTF-16 offset of byte offset `byte` in `s` (JavaScript string index).
pub(crate) fn utf16_index(s: &str, byte: usize) -> usize {
    s.get(..byte).map_or(0, |p| p.encode_utf16().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linear(p: &str) -> bool {
        matches!(
            RegexDef::new(p, "").map(|r| r.engine),
            Ok(Engine::Linear(_))
        )
    }

    #[test]
    fn common_patterns_run_in_linear_time() {
        for p in [
            "^(a+)+$",
            "\\d{3}-\\d{4}",
            "[A-Z][a-z]+",
            "(?:ab|cd)*e",
            "a.c",
            "\\s+",
            "x{2,}",
            "[\\w.-]+@[\\w.-]+",
        ] {
            assert!(linear(p), "{p}");
        }
        assert!(!linear("(a)\\1"));
        assert!(!linear("a(?=b)"));
    }

    #[test]
    fn catastrophic_pattern_finishes() {
        let r = RegexDef::new("^(a+)+$", "").ok();
        let text = "a".repeat(5000) + "!";
        let started = std::time::Instant::now();
        assert!(r.and_then(|r| r.find_at(&text, 0)).is_none());
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn javascript_classes_keep_their_meaning() {
        let r = RegexDef::new("\\d+", "").ok();
        // Arabic-Indic digits are not \d in JavaScript
        assert!(r.and_then(|r| r.find_at("\u{0663}\u{0664}", 0)).is_none());
        let r = RegexDef::new("a{", "").ok();
        assert!(
            r.and_then(|r| r.find_at("xa{", 0))
                .is_some_and(|m| m.start == 1)
        );
    }
}
