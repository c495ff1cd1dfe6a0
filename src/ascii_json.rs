//! The response body as JSON text in ASCII, which V8 keeps as one byte per character (see
//! `results::body_string`). Runs on the runtime thread for every response, so the scan for
//! non-ASCII bytes goes a word at a time.

/// `body` with every non-ASCII character replaced by its JSON escape, or `None` when one follows
/// a backslash: there the escape could turn an invalid JSON escape (`\é`) into a valid one.
/// Everywhere else the two texts parse to the same value, or both fail: in valid JSON non-ASCII
/// characters only occur inside strings.
pub fn ascii_json(body: &str) -> Option<std::borrow::Cow<'_, str>> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = body.as_bytes();
    let Some(mut at) = first_non_ascii(bytes, 0) else {
        return Some(std::borrow::Cow::Borrowed(body));
    };
    let mut out = String::with_capacity(body.len() + 64);
    // Start of the ASCII run not yet copied; `at` is the non-ASCII character that ends it.
    let mut run = 0;
    loop {
        // The byte before is ASCII or part of a non-ASCII character, never half a backslash.
        if at > 0 && bytes[at - 1] == b'\\' {
            return None;
        }
        out.push_str(&body[run..at]);
        let c = body[at..].chars().next()?;
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            out.push_str("\\u");
            for shift in [12, 8, 4, 0] {
                out.push(HEX[usize::from(*unit >> shift & 0xf)] as char);
            }
        }
        run = at + c.len_utf8();
        match first_non_ascii(bytes, run) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.push_str(&body[run..]);
    Some(std::borrow::Cow::Owned(out))
}

/// The index of the first byte at or after `from` with its high bit set (the first byte of a
/// non-ASCII character, as `from` is a character boundary). Reads 32 bytes per step as four
/// words: a byte-by-byte search cost ~4 instructions per byte of every response body.
fn first_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word = |i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[i..i + 8]);
        u64::from_le_bytes(w) & HIGH
    };
    let mut i = from;
    while i + 32 <= bytes.len() {
        if word(i) | word(i + 8) | word(i + 16) | word(i + 24) != 0 {
            break;
        }
        i += 32;
    }
    while i + 8 <= bytes.len() {
        let high = word(i);
        if high != 0 {
            // Little-endian: the lowest set bit is the earliest byte.
            return Some(i + high.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    bytes[i..].iter().position(|b| !b.is_ascii()).map(|p| i + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_json_escapes_only_non_ascii() {
        assert!(matches!(
            ascii_json(r#"{"a":"b"}"#),
            Some(std::borrow::Cow::Borrowed(_))
        ));
        assert_eq!(
            ascii_json(r#"{"n":"Zoë •• 😀","q":"\"é\\"}"#).as_deref(),
            Some(r#"{"n":"Zo\u00eb \u2022\u2022 \ud83d\ude00","q":"\"\u00e9\\"}"#)
        );
    }

    /// The rule of [`ascii_json`] one character at a time, to check the word-wise scan against.
    fn ascii_json_by_char(body: &str) -> Option<String> {
        let mut out = String::new();
        let mut previous = None;
        for c in body.chars() {
            if c.is_ascii() {
                out.push(c);
            } else if previous == Some('\\') {
                return None;
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            previous = Some(c);
        }
        Some(out)
    }

    #[test]
    fn word_wise_scan_agrees_with_the_per_character_rule() {
        // Non-ASCII characters of 2, 3 and 4 bytes, backslashes and plain text at every offset
        // around the 8- and 32-byte steps of the scan.
        let pieces = [
            "a",
            "\\",
            "\"",
            "é",
            "•",
            "😀",
            "{\"k\":",
            "0123456789abcdef",
        ];
        let mut seed = 0x2545_f491_u32;
        for _ in 0..4000 {
            let mut body = String::new();
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            for _ in 0..(seed >> 16) % 24 {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                body.push_str(pieces[(seed >> 16) as usize % pieces.len()]);
            }
            let expected = ascii_json_by_char(&body);
            assert_eq!(
                ascii_json(&body).map(|t| t.into_owned()),
                expected,
                "{body:?}"
            );
            let bytes = body.as_bytes();
            for from in (0..=bytes.len()).filter(|&i| body.is_char_boundary(i)) {
                let naive = bytes[from..]
                    .iter()
                    .position(|b| *b >= 0x80)
                    .map(|p| from + p);
                assert_eq!(first_non_ascii(bytes, from), naive, "{body:?} from {from}");
            }
        }
    }

    #[test]
    fn ascii_json_keeps_bodies_where_an_escape_would_change_the_meaning() {
        // `\é` is an invalid escape; `\\u00e9` would be a valid one.
        assert_eq!(ascii_json(r#"{"a":"\é"}"#), None);
        // Even when the backslash is itself escaped (valid JSON): kept, to stay simple.
        assert_eq!(ascii_json(r#"{"a":"\\é"}"#), None);
    }
}
