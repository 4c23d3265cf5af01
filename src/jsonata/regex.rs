//! Regular expression literals (`/ab+c/i`), with ECMAScript semantics.

use super::error::Error;

/// A compiled regex literal.
#[derive(Debug)]
pub(crate) struct RegexDef {
    pub source: String,
    pub regex: regress::Regex,
}

/// One match: byte range of the whole match and of each group.
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub groups: Vec<Option<(usize, usize)>>,
}

impl RegexDef {
    pub fn new(pattern: &str, flags: &str) -> Result<RegexDef, Error> {
        let mut f = String::from("u");
        if flags.contains('i') {
            f.push('i');
        }
        if flags.contains('m') {
            f.push('m');
        }
        let regex = match regress::Regex::with_flags(pattern, f.as_str()) {
            Ok(r) => r,
            Err(_) => regress::Regex::with_flags(pattern, &f[1..])
                .map_err(|e| Error::new("S0303").value(e.to_string()))?,
        };
        Ok(RegexDef {
            source: pattern.to_string(),
            regex,
        })
    }

    /// First match at or after byte offset `from`.
    pub fn find_at(&self, text: &str, from: usize) -> Option<Found> {
        if from > text.len() {
            return None;
        }
        let m = self.regex.find_from(text, from).next()?;
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
