//! The gateway's request id (`x-request-id`), the one response header a clinic quotes to
//! support. It comes from the server, so it is cleaned before it reaches errors and hooks: a
//! misbehaving proxy could put anything there, and an error's fields end up in logs.

use std::borrow::Cow;

/// The response header that carries it (lower case, as headers are kept).
pub const HEADER: &str = "x-request-id";

/// Longer ids are cut to this many characters (real ids are UUID-sized).
pub const MAX_CHARS: usize = 200;

/// The request id of a response, if it has a usable one: the first `x-request-id` header,
/// without control characters or surrounding spaces, at most [`MAX_CHARS`] characters.
/// `None` when there is no such header or nothing is left of it.
pub fn from_headers(headers: &[(String, String)]) -> Option<Cow<'_, str>> {
    let raw = headers.iter().find(|(k, _)| k == HEADER)?.1.as_str();
    clean(raw)
}

fn clean(raw: &str) -> Option<Cow<'_, str>> {
    let trimmed = raw.trim();
    let id: Cow<'_, str> =
        if trimmed.chars().any(char::is_control) || trimmed.chars().nth(MAX_CHARS).is_some() {
            let kept: String = trimmed
                .chars()
                .filter(|c| !c.is_control())
                .take(MAX_CHARS)
                .collect();
            Cow::Owned(kept.trim().to_string())
        } else {
            Cow::Borrowed(trimmed)
        };
    (!id.is_empty()).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(headers: &[(&str, &str)]) -> Option<String> {
        let owned: Vec<(String, String)> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        from_headers(&owned).map(Cow::into_owned)
    }

    #[test]
    fn reads_the_first_request_id_header() {
        assert_eq!(
            id(&[("content-type", "x"), (HEADER, "req-1"), (HEADER, "req-2")]),
            Some("req-1".into())
        );
        assert_eq!(id(&[("x-request-idx", "no")]), None);
        assert_eq!(id(&[]), None);
    }

    #[test]
    fn drops_control_characters_and_spaces_around_and_caps_the_length() {
        assert_eq!(id(&[(HEADER, " a\tb\u{7f}c\u{85}d ")]), Some("abcd".into()));
        assert_eq!(id(&[(HEADER, "\t \u{1b}")]), None);
        assert_eq!(id(&[(HEADER, "")]), None);
        let long = "é".repeat(MAX_CHARS + 50);
        assert_eq!(id(&[(HEADER, &long)]), Some("é".repeat(MAX_CHARS)));
        let inner_space = "req 1";
        assert_eq!(id(&[(HEADER, inner_space)]), Some(inner_space.into()));
    }
}
