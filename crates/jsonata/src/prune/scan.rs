//! Finding where a JSON value ends, checking its syntax on the way, without
//! building it: the part of a pruned read that passes over unread fields.
//!
//! It accepts exactly RFC 8259 JSON, which is what serde_json accepts when it
//! skips a value (`IgnoredAny`): strings without raw control characters and with
//! only the eight one-letter escapes or `\u` and four hex digits (what a `\u`
//! escape encodes is not checked, as serde_json does not check it when skipping),
//! numbers by the JSON grammar, `true`, `false`, `null`, and nesting. Any doubt
//! is reported as `None` and settled by serde_json itself (see `Pruner::read_str`),
//! so rejecting too much costs time, never correctness; accepting too much would.
//!
//! It runs about twice as fast as serde_json's skip on large records: one loop
//! with the nesting on a byte stack, strings scanned eight bytes at a time.

/// The index after the JSON value that starts at or after `i` (after whitespace),
/// or `None` if the text there is not one JSON value, or nests deeper than `room`.
/// `stack` is scratch space for the nesting (its contents are discarded).
pub(super) fn value(b: &[u8], mut i: usize, stack: &mut Vec<u8>, room: usize) -> Option<usize> {
    stack.clear();
    loop {
        i = whitespace(b, i);
        match *b.get(i)? {
            b'"' => i = string(b, i + 1)?,
            open @ (b'{' | b'[') => {
                // serde_json counts empty containers against its limit too
                if stack.len() >= room {
                    return None;
                }
                i = whitespace(b, i + 1);
                let close = if open == b'{' { b'}' } else { b']' };
                if b.get(i) == Some(&close) {
                    i += 1;
                } else {
                    stack.push(close);
                    if close == b'}' {
                        i = member_key(b, i)?;
                    }
                    continue;
                }
            }
            b't' => i = literal(b, i, b"true")?,
            b'f' => i = literal(b, i, b"false")?,
            b'n' => i = literal(b, i, b"null")?,
            _ => i = number(b, i)?,
        }
        // after a value: the end of enclosing containers, or a comma and the next one
        loop {
            let Some(&close) = stack.last() else {
                return Some(i);
            };
            i = whitespace(b, i);
            match *b.get(i)? {
                b',' => {
                    i += 1;
                    if close == b'}' {
                        i = member_key(b, whitespace(b, i))?;
                    }
                    break;
                }
                c if c == close => {
                    i += 1;
                    stack.pop();
                }
                _ => return None,
            }
        }
    }
}

/// Skips JSON whitespace from `i`.
#[inline]
pub(super) fn whitespace(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = b.get(i) {
        i += 1;
    }
    i
}

/// A member's key and colon at `i` (no whitespace before): the index after the colon.
fn member_key(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let i = whitespace(b, string(b, i + 1)?);
    (b.get(i) == Some(&b':')).then_some(i + 1)
}

fn literal(b: &[u8], i: usize, word: &[u8]) -> Option<usize> {
    (b.get(i..i + word.len())? == word).then_some(i + word.len())
}

/// The string whose contents start at `i` (after the opening quote): the index
/// after its closing quote.
#[inline(always)]
pub(super) fn string(b: &[u8], i: usize) -> Option<usize> {
    string_escapes(b, i).map(|(end, _)| end)
}

/// [`string`], and whether the string has an escape (a reader of its text takes it
/// as it stands when it has none, without searching it again). Always inlined: most
/// strings of a record are short keys, for which a call's entry and exit cost about
/// half as much as scanning them.
#[inline(always)]
pub(super) fn string_escapes(b: &[u8], mut i: usize) -> Option<(usize, bool)> {
    const ONES: u64 = u64::MAX / 255;
    let mut escaped = false;
    loop {
        // eight bytes at a time while none is a quote, a backslash or a control
        // character (the classic has-zero-byte test on each of the three)
        while let Some(chunk) = b.get(i..i + 8) {
            let c = u64::from_le_bytes(chunk.try_into().ok()?);
            let ctrl = c.wrapping_sub(ONES * 0x20) & !c;
            let q = c ^ (ONES * u64::from(b'"'));
            let quote = q.wrapping_sub(ONES) & !q;
            let s = c ^ (ONES * u64::from(b'\\'));
            let backslash = s.wrapping_sub(ONES) & !s;
            let found = (ctrl | quote | backslash) & (ONES << 7);
            if found != 0 {
                i += found.trailing_zeros() as usize / 8;
                break;
            }
            i += 8;
        }
        match *b.get(i)? {
            b'"' => return Some((i + 1, escaped)),
            b'\\' => {
                escaped = true;
                match *b.get(i + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                    b'u' if b.get(i + 2..i + 6)?.iter().all(u8::is_ascii_hexdigit) => i += 6,
                    _ => return None,
                }
            }
            0..0x20 => return None,
            _ => i += 1,
        }
    }
}

/// The number at `i`, by the JSON grammar: the index after it.
fn number(b: &[u8], mut i: usize) -> Option<usize> {
    let digits = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i)? {
        b'0' => i += 1,
        b'1'..=b'9' => i = digits(i + 1),
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        if !b.get(i + 1)?.is_ascii_digit() {
            return None;
        }
        i = digits(i + 1);
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        if !b.get(i)?.is_ascii_digit() {
            return None;
        }
        i = digits(i);
    }
    Some(i)
}
