//! Regular expression literals (`/ab+c/i`) with ECMAScript semantics, every
//! match bounded.
//!
//! Patterns that the linear-time `regex` crate can express (after translating
//! JavaScript's classes: `\d`, `\w`, `\s`, `.`) run there: a match costs time
//! linear in the text whatever the pattern. Patterns that need backreferences or
//! look-around run on `fancy-regex`, a backtracking engine that hands the parts
//! without them to the linear engine, with a cap of [`BACKTRACK_LIMIT`]
//! backtracking steps per search: a catastrophic pattern ends in the time-limit
//! error (`U1001`) instead of running for ever. Between matches the caller's
//! `poll` is charged with the text scanned, so the evaluation's time limit is
//! also checked while a text is searched match by match.

use crate::error::Error;

#[derive(Debug)]
enum Engine {
    Linear(regex::Regex),
    Backtrack(fancy_regex::Regex),
}

/// Most backtracking steps one search of a backtracking pattern may take (about
/// a few tens of milliseconds of work).
pub(crate) const BACKTRACK_LIMIT: usize = 1_000_000;

/// Largest compiled program of either engine (bytes).
const SIZE_LIMIT: usize = 1 << 22;

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

/// Translates a JavaScript pattern into `regex` crate syntax, or `None` when it
/// uses features the target lacks. With `backtrack`, the target is `fancy-regex`,
/// which also has backreferences (`\1`, `\k<name>`) and look-around.
fn translate(pattern: &str, backtrack: bool) -> Option<String> {
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
                // inside a class, a negated class is nested (a union)
                'D' if in_class => out.push_str("[^0-9]"),
                'W' if in_class => out.push_str("[^0-9A-Za-z_]"),
                'S' if in_class => {
                    out.push_str("[^");
                    out.push_str(JS_SPACE);
                    out.push(']');
                }
                'D' => out.push_str("[^0-9]"),
                'W' => out.push_str("[^0-9A-Za-z_]"),
                'S' => {
                    out.push_str("[^");
                    out.push_str(JS_SPACE);
                    out.push(']');
                }
                'b' if in_class => out.push_str("\\x08"),
                // JavaScript's word boundaries are ASCII ones; fancy-regex cannot
                // switch Unicode off, so there they are spelled with look-around
                'b' if backtrack => out.push_str(
                    "(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))",
                ),
                'B' if backtrack => out.push_str(
                    "(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))",
                ),
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
                '1'..='9' if backtrack && !in_class => {
                    out.push('\\');
                    out.push(e);
                    while let Some(d) = chars.get(i).filter(|d| d.is_ascii_digit()) {
                        out.push(*d);
                        i += 1;
                    }
                }
                'k' if backtrack && !in_class && chars.get(i) == Some(&'<') => {
                    let end = i + chars.get(i..)?.iter().position(|c| *c == '>')?;
                    out.push_str("\\k");
                    out.extend(chars.get(i..=end)?);
                    i = end + 1;
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
                    let negated = out.ends_with("[^");
                    out.truncate(out.len() - if negated { 2 } else { 1 });
                    out.push_str(if negated {
                        "[\\x{0}-\\x{10FFFF}]"
                    } else {
                        "[^\\x{0}-\\x{10FFFF}]"
                    });
                    in_class = false;
                    i += 1;
                }
            }
            '.' => out.push_str("[^\\n\\r\\x{2028}\\x{2029}]"),
            '(' if chars.get(i) == Some(&'?') => {
                // only non-capturing and named groups are linear-time friendly
                match (chars.get(i + 1), chars.get(i + 2)) {
                    (Some(':'), _) => out.push('('),
                    (Some('<'), Some(n)) if *n != '=' && *n != '!' => out.push('('),
                    // look-ahead and look-behind
                    (Some('=' | '!'), _) | (Some('<'), Some('=' | '!')) if backtrack => {
                        out.push('(')
                    }
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
        let source = pattern.to_string();
        if let Some(t) = translate(pattern, false) {
            let built = regex::RegexBuilder::new(&t)
                .case_insensitive(icase)
                .multi_line(multi)
                .size_limit(SIZE_LIMIT)
                .build();
            if let Ok(r) = built {
                return Ok(RegexDef {
                    source,
                    engine: Engine::Linear(r),
                });
            }
        }
        let unsupported = || Error::new("S0303").value(format!("/{pattern}/ is not supported"));
        let t = translate(pattern, true).ok_or_else(unsupported)?;
        let mut inline = String::new();
        if icase || multi {
            inline = format!(
                "(?{}{})",
                if icase { "i" } else { "" },
                if multi { "m" } else { "" }
            );
        }
        let r = fancy_regex::RegexBuilder::new(&(inline + &t))
            .backtrack_limit(BACKTRACK_LIMIT)
            .delegate_size_limit(SIZE_LIMIT)
            .build()
            .map_err(|e| Error::new("S0303").value(e.to_string()))?;
        Ok(RegexDef {
            source,
            engine: Engine::Backtrack(r),
        })
    }

    /// The error of a search that ran out of backtracking steps.
    fn runaway(&self) -> Error {
        Error::new("U1001").message(format!(
            "Expression evaluation timeout: the regular expression /{}/ took more than {BACKTRACK_LIMIT} backtracking steps",
            self.source
        ))
    }

    /// First match at or after byte offset `from`; `U1001` when a backtracking
    /// search runs out of steps.
    pub fn find_at(&self, text: &str, from: usize) -> Result<Option<Found>, Error> {
        if from > text.len() {
            return Ok(None);
        }
        let groups = |n: usize, get: &dyn Fn(usize) -> Option<(usize, usize)>| {
            (1..n).map(get).collect::<Vec<_>>()
        };
        Ok(match &self.engine {
            Engine::Linear(r) => r.captures_at(text, from).and_then(|caps| {
                let whole = caps.get(0)?;
                Some(Found {
                    start: whole.start(),
                    end: whole.end(),
                    groups: groups(caps.len(), &|i| caps.get(i).map(|m| (m.start(), m.end()))),
                })
            }),
            Engine::Backtrack(r) => {
                let caps = r
                    .captures_from_pos(text, from)
                    .map_err(|_| self.runaway())?;
                caps.and_then(|caps| {
                    let whole = caps.get(0)?;
                    Some(Found {
                        start: whole.start(),
                        end: whole.end(),
                        groups: groups(caps.len(), &|i| caps.get(i).map(|m| (m.start(), m.end()))),
                    })
                })
            }
        })
    }

    /// All matches, in order, as JavaScript's global `exec` loop finds them (at
    /// most `limit`). `poll` is charged with the bytes each search scanned and
    /// may stop the search with its error. `D1004` when the pattern matches an
    /// empty string.
    pub fn find_all(
        &self,
        text: &str,
        limit: Option<usize>,
        poll: &mut dyn FnMut(usize) -> Result<(), Error>,
    ) -> Result<Vec<Found>, Error> {
        let backtracking = matches!(self.engine, Engine::Backtrack(_));
        let mut out = Vec::new();
        let mut from = 0;
        while limit.is_none_or(|l| out.len() < l) {
            let found = self.find_at(text, from)?;
            let scanned = found
                .as_ref()
                .map_or(text.len(), |m| m.end)
                .saturating_sub(from);
            // a backtracking search may have taken up to BACKTRACK_LIMIT steps: charge
            // enough that the clock is read after each one
            poll(scanned + if backtracking { 1024 } else { 1 })?;
            let Some(m) = found else {
                break;
            };
            if m.end == m.start {
                return Err(Error::new("D1004").value(self.source.clone()));
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

    fn first(p: &str, text: &str) -> Option<(usize, usize)> {
        let r = RegexDef::new(p, "").ok()?;
        r.find_at(text, 0).ok().flatten().map(|m| (m.start, m.end))
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
            "[\\D]",
            "[]",
            "[^]",
            "(?<year>\\d{4})",
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
        assert!(r.is_some_and(|r| r.find_at(&text, 0).is_ok_and(|m| m.is_none())));
    }

    #[test]
    fn backtracking_features_keep_javascript_meaning() {
        assert_eq!(first("(a)\\1", "xaa"), Some((1, 3)));
        assert_eq!(first("(?<q>['\"]).*?\\k<q>", "say 'hi'"), Some((4, 8)));
        assert_eq!(first("a(?=b)", "acab"), Some((2, 3)));
        assert_eq!(first("a(?!b)", "abac"), Some((2, 3)));
        assert_eq!(first("(?<=\\$)\\d+", "cost $42"), Some((6, 8)));
        assert_eq!(first("(?<!\\$)\\b\\d+", "$42 17"), Some((4, 6)));
        assert_eq!(first("[]", "abc"), None);
        assert_eq!(first("[^]", "\n"), Some((0, 1)));
        let r = RegexDef::new("A(?=B)", "i").ok();
        assert!(r.is_some_and(|r| r.find_at("xab", 0).is_ok_and(|m| m.is_some())));
    }

    #[test]
    fn a_runaway_backtracking_search_is_the_time_limit_error() {
        let r = RegexDef::new("^(\\w+\\s?)+(?=\\d)", "").ok();
        let text = "An input string that takes a"; // 28 characters
        let err = r.and_then(|r| r.find_at(text, 0).err());
        assert_eq!(err.map(|e| e.code), Some("U1001".to_string()));
    }

    #[test]
    fn find_all_polls_with_the_work_done() {
        let r = RegexDef::new("b", "").ok();
        let mut charged = 0;
        let found = r.map(|r| {
            r.find_all("abab", None, &mut |n| {
                charged += n;
                Ok(())
            })
        });
        assert_eq!(found.map(|f| f.map(|v| v.len())), Some(Ok(2)));
        assert!(charged >= 4);
        let r = RegexDef::new("b", "").ok();
        let stopped = r.map(|r| r.find_all("abab", None, &mut |_| Err(Error::new("U1001"))));
        assert!(stopped.is_some_and(|s| s.is_err()));
    }

    #[test]
    fn javascript_classes_keep_their_meaning() {
        // Arabic-Indic digits are not \d in JavaScript
        assert_eq!(first("\\d+", "\u{0663}\u{0664}"), None);
        assert_eq!(first("a{", "xa{"), Some((1, 3)));
        assert_eq!(first("[\\D]+", "12ab3"), Some((2, 4)));
        assert_eq!(first("[^\\S]", "ab c"), Some((2, 3)));
    }
}
