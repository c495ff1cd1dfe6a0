//! Request-body rules, checked before any I/O. Bodies arrive as the exact JSON text that will be
//! sent (so the wire matches the official client byte for byte); rules read its parsed form.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The largest integer a JS number holds exactly.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

// The request tables and their vocabulary live in the dependency-free schema crate (the binding's
// build script reads them too); re-exported here, where bodies are checked against them.
pub use coherent_schema::{
    not_sent, optional, path_id, required, required_unless, BodyFrom, Field, Kind, Need, Place,
    RequestType,
};

/// A JSON body ready to send: the exact text plus its parsed form for the rules.
#[derive(Debug, Clone)]
pub struct JsonBody {
    text: String,
    value: Value,
}

impl JsonBody {
    /// Parses a body that is to be sent verbatim. `argument` names it in errors.
    pub fn parse(argument: &str, text: String) -> Result<Self> {
        let value = match serde_json::from_str(&text) {
            Ok(value) => value,
            Err(e) => without_lone_surrogates(&text)
                .and_then(|t| serde_json::from_str(&t).ok())
                .ok_or_else(|| {
                    Error::validation(argument, format!("{argument} is not valid JSON: {e}"))
                })?,
        };
        Ok(JsonBody { text, value })
    }

    /// Serializes a Rust value (for Rust callers of the core).
    pub fn from_serialize(argument: &str, value: &impl serde::Serialize) -> Result<Self> {
        let value = serde_json::to_value(value).map_err(|e| {
            Error::validation(argument, format!("{argument} cannot be serialized: {e}"))
        })?;
        let text = value.to_string();
        Ok(JsonBody { text, value })
    }

    /// The literal body `{}`.
    pub fn empty_object() -> Self {
        JsonBody {
            text: "{}".into(),
            value: Value::Object(Map::new()),
        }
    }

    /// The literal body `null`.
    pub fn null() -> Self {
        JsonBody {
            text: "null".into(),
            value: Value::Null,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn value(&self) -> &Value {
        &self.value
    }

    pub fn into_text(self) -> String {
        self.text
    }

    /// Checks that the body is an object whose [`Place::Body`] fields obey `rules`; unknown keys
    /// pass. Kinds and plain requirements first, in order, then [`Need::RequiredUnless`].
    pub fn check(self, argument: &str, rules: &[Field]) -> Result<Self> {
        let object = self.value.as_object().ok_or_else(|| {
            Error::validation(
                argument,
                format!(
                    "{argument} must be an object, got {}",
                    describe(&self.value)
                ),
            )
        })?;
        let body_rules = rules.iter().filter(|r| r.place == Place::Body);
        for rule in body_rules.clone() {
            check_field(object, rule)?;
        }
        for rule in body_rules {
            if let Need::RequiredUnless(other) = rule.need {
                // The field itself counts when non-empty (its kind is already checked); the
                // other one whenever present and not null.
                let given = |name: &str| !matches!(object.get(name), None | Some(Value::Null));
                let empty = object.get(rule.name) == Some(&Value::String(String::new()));
                if (!given(rule.name) || empty) && !given(other) {
                    let name = rule.name;
                    return Err(Error::validation(
                        name,
                        format!("{name} is required (unless {other} is given)"),
                    ));
                }
            }
        }
        Ok(self)
    }

    /// The object field `name`, if present and not null.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.value.get(name).filter(|v| !v.is_null())
    }
}

/// `JSON.stringify` writes an unpaired UTF-16 surrogate (e.g. a string cut mid-emoji) as a
/// `\uD83D` escape: valid JSON, sent as is by the official client, but serde_json refuses it.
/// For the rules only, such escapes are read as U+FFFD; the text sent stays unchanged.
/// `None` when the text has no unpaired surrogate escape.
fn without_lone_surrogates(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let unit = |i: usize| -> Option<u16> {
        let h = b.get(i..i + 4)?;
        if !h.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
    };
    let escape_at = |i: usize| b.get(i) == Some(&b'\\') && b.get(i + 1) == Some(&b'u');
    let (high, low) = (0xD800..0xDC00u16, 0xDC00..0xE000u16);
    let mut out = String::with_capacity(text.len());
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(u) = unit(i + 2).filter(|_| escape_at(i)) else {
            i += 2; // some other escape (`\\`, `\"`, `\n`, ...)
            continue;
        };
        if high.contains(&u) && escape_at(i + 6) && unit(i + 8).is_some_and(|v| low.contains(&v)) {
            i += 12; // a proper pair
        } else if high.contains(&u) || low.contains(&u) {
            out.push_str(&text[copied..i]);
            out.push_str("\\ufffd");
            i += 6;
            copied = i;
        } else {
            i += 6;
        }
    }
    (copied > 0).then(|| out + &text[copied..])
}

fn check_field(object: &Map<String, Value>, rule: &Field) -> Result<()> {
    let name = rule.name;
    let required = rule.need == Need::Required;
    let value = match object.get(name) {
        None | Some(Value::Null) if required => {
            return Err(Error::validation(name, format!("{name} is required")));
        }
        None | Some(Value::Null) => return Ok(()),
        Some(v) => v,
    };
    let fail = |expected: &str| {
        Err(Error::validation(
            name,
            format!("{name} must be {expected}, got {}", describe(value)),
        ))
    };
    match rule.kind {
        Kind::Amount => {
            if !is_amount(value) {
                return fail("a positive integer amount in minor units (e.g. 1000 for £10.00)");
            }
        }
        Kind::AmountOrDigits => {
            let ok = is_amount(value)
                || value.as_str().is_some_and(|s| {
                    !s.is_empty()
                        && s.bytes().all(|b| b.is_ascii_digit())
                        && s.parse::<u64>()
                            .is_ok_and(|n| n > 0 && n <= MAX_SAFE_INTEGER)
                });
            if !ok {
                return fail(
                    "a positive integer amount in minor units (a number, or a string of digits)",
                );
            }
        }
        Kind::Text => match value.as_str() {
            Some("") if required => return fail("a non-empty string"),
            Some(_) => {}
            None => return fail("a string"),
        },
        Kind::Bool => {
            if !value.is_boolean() {
                return fail("a boolean");
            }
        }
        Kind::OneOf(allowed) => {
            if !value.as_str().is_some_and(|s| allowed.contains(&s)) {
                return fail(&format!("one of {}", allowed.join(", ")));
            }
        }
        Kind::Date => {
            if !value.as_str().is_some_and(is_iso_date) {
                return fail("a valid Date or an ISO-8601 date string (YYYY-MM-DD...)");
            }
        }
        Kind::Object => {
            if !value.is_object() {
                return fail("an object");
            }
        }
    }
    Ok(())
}

fn is_amount(value: &Value) -> bool {
    value
        .as_u64()
        .is_some_and(|n| n > 0 && n <= MAX_SAFE_INTEGER)
        || value
            .as_f64()
            .is_some_and(|f| f.fract() == 0.0 && f >= 1.0 && f <= MAX_SAFE_INTEGER as f64)
}

/// `YYYY-MM-DD`, optionally followed by a time part (`T...`); month and day in range.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| {
        b[r.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| s[r].parse::<u32>().ok())
            .flatten()
    };
    let (Some(_), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    (1..=12).contains(&m)
        && (1..=31).contains(&d)
        && (b.len() == 10 || b[10] == b'T' || b[10] == b' ')
}

/// A short description of a value for error messages. Strings are not echoed: they may hold
/// patient data.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.is_empty() => "an empty string".into(),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

impl JsonBody {
    /// A new object holding only the body fields of `request` from `source`, in table order
    /// (absent ones omitted).
    pub fn pick(argument: &str, source: &Value, request: &RequestType) -> Result<Self> {
        let object = source
            .as_object()
            .ok_or_else(|| Error::validation(argument, format!("{argument} must be an object")))?;
        let picked: Map<String, Value> = request
            .body_keys()
            .filter_map(|f| object.get(f).map(|v| (f.to_string(), v.clone())))
            .collect();
        Self::from_serialize(argument, &Value::Object(picked))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[Field] = &[
        required("amount", Kind::Amount),
        required("name", Kind::Text),
        optional("emailNotify", Kind::Bool),
        optional("type", Kind::OneOf(&["recurring", "on_demand"])),
        optional("startDate", Kind::Date),
    ];

    fn check(text: &str) -> Result<JsonBody> {
        JsonBody::parse("request", text.to_string())?.check("request", RULES)
    }

    fn field_of(text: &str) -> String {
        match check(text) {
            Err(Error::Validation { field, .. }) => field,
            other => panic!("expected a validation error for {text}, got {other:?}"),
        }
    }

    #[test]
    fn accepts_valid_bodies_and_keeps_the_text() {
        let text = r#"{"amount":1000,"name":"Zoë","emailNotify":null,"extra":{"a":1},"startDate":"2025-01-01T00:00:00.000Z"}"#;
        assert_eq!(check(text).unwrap().text(), text);
    }

    #[test]
    fn rejects_bad_amounts() {
        for amount in [
            "0",
            "-5",
            "10.5",
            "1e300",
            "9007199254740992",
            "\"1000\"",
            "null",
            "true",
        ] {
            assert_eq!(
                field_of(&format!(r#"{{"amount":{amount},"name":"a"}}"#)),
                "amount",
                "{amount}"
            );
        }
        assert_eq!(field_of(r#"{"name":"a"}"#), "amount");
    }

    #[test]
    fn rejects_wrong_types_naming_the_field() {
        assert_eq!(field_of(r#"{"amount":1,"name":""}"#), "name");
        assert_eq!(field_of(r#"{"amount":1,"name":5}"#), "name");
        assert_eq!(
            field_of(r#"{"amount":1,"name":"a","emailNotify":"yes"}"#),
            "emailNotify"
        );
        assert_eq!(
            field_of(r#"{"amount":1,"name":"a","type":"weekly"}"#),
            "type"
        );
        assert_eq!(
            field_of(r#"{"amount":1,"name":"a","startDate":"tomorrow"}"#),
            "startDate"
        );
        assert_eq!(field_of("[1]"), "request");
        assert_eq!(field_of("null"), "request");
    }

    #[test]
    fn lone_surrogate_escapes_are_accepted_and_sent_verbatim() {
        // What JSON.stringify produces for strings cut mid-emoji.
        let text = r#"{"amount":1,"name":"Zo\u00eb \ud83d","note":"\udc00x\ud800","ok":"\ud83d\ude00","esc":"\\ud800"}"#;
        let body = check(text).unwrap();
        assert_eq!(body.text(), text);
        assert_eq!(body.value()["name"], "Zo\u{eb} \u{fffd}");
        assert_eq!(body.value()["note"], "\u{fffd}x\u{fffd}");
        assert_eq!(body.value()["ok"], "\u{1f600}");
        assert_eq!(body.value()["esc"], "\\ud800");
        assert!(without_lone_surrogates(r#"{"a":"\ud83d\ude00 \\ud800"}"#).is_none());
        assert!(JsonBody::parse("r", r#"{"a":"\ud83d"#.into()).is_err());
    }

    #[test]
    fn digit_strings_only_where_allowed() {
        let rules = [required("amount", Kind::AmountOrDigits)];
        let ok = |t: &str| {
            JsonBody::parse("r", t.into())
                .unwrap()
                .check("r", &rules)
                .is_ok()
        };
        assert!(ok(r#"{"amount":"1000"}"#));
        assert!(ok(r#"{"amount":1000}"#));
        assert!(!ok(r#"{"amount":"10.5"}"#));
        assert!(!ok(r#"{"amount":"0"}"#));
        assert!(!ok(r#"{"amount":" 1"}"#));
    }
}
