//! How each method turns `response.data` into its return value, exactly as the official client
//! does. The shape is data, so the Node binding (on JS values) and Rust callers (on
//! `serde_json::Value`) apply the same rules.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// One key of a picked result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Copied from the response (`undefined` in JS when the response lacks it).
    Copy(&'static str),
    /// Always `null`, whatever the server sent (`transactions.create` does this).
    Null(&'static str),
}

impl Key {
    pub fn name(self) -> &'static str {
        match self {
            Key::Copy(n) | Key::Null(n) => n,
        }
    }
}

/// The result shape of a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `response.data` untouched: parsed JSON, else the raw text, `""` when empty.
    Raw,
    /// `undefined`: the body is read and discarded.
    Nothing,
    /// A new object with these keys in this order. With `null_if_falsy`, a falsy
    /// `response.data` (empty body, `null`, `0`, `false`) gives `null` instead.
    Pick {
        keys: &'static [Key],
        null_if_falsy: bool,
    },
    /// `{ transactionUuid: response.data?.transactionUuid }`.
    TransactionUuid,
    /// The parsed JSON body as it is, `null` for an empty body; text that is not JSON is an
    /// error (raw requests: `coherent.request`).
    Json,
}

/// The axios notion of `response.data`: JSON when the body parses, else the text.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    Json(Value),
    Text(String),
}

impl Data {
    /// Decodes a body as axios does: `""` stays `""`, JSON is parsed, anything else is text.
    pub fn decode(body: &str) -> Data {
        if body.is_empty() {
            return Data::Text(String::new());
        }
        match serde_json::from_str(body) {
            Ok(v) => Data::Json(v),
            Err(_) => Data::Text(body.to_string()),
        }
    }

    /// JavaScript truthiness of the value.
    pub fn is_truthy(&self) -> bool {
        match self {
            Data::Text(s) => !s.is_empty(),
            Data::Json(Value::Null) => false,
            Data::Json(Value::Bool(b)) => *b,
            Data::Json(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
            Data::Json(Value::String(s)) => !s.is_empty(),
            Data::Json(_) => true,
        }
    }
}

impl Shape {
    /// Whether a non-empty body that is not JSON is an error. Only `Raw` passes text through
    /// (as the official client does); the shaped methods would otherwise return objects of
    /// `undefined`s built from an HTML error page.
    pub fn requires_json(self) -> bool {
        !matches!(self, Shape::Raw | Shape::Nothing)
    }

    /// Applies the shape to a decoded body. `None` stands for JS `undefined`.
    pub fn apply(self, data: Data) -> Result<Option<Value>> {
        let as_value = |data: Data| match data {
            Data::Json(v) => v,
            Data::Text(t) => Value::String(t),
        };
        match self {
            Shape::Raw => Ok(Some(as_value(data))),
            Shape::Json => Ok(Some(match data {
                Data::Json(v) => v,
                // Only the empty body gets here: `requires_json` refuses other text.
                Data::Text(_) => Value::Null,
            })),
            Shape::Nothing => Ok(None),
            Shape::Pick {
                keys,
                null_if_falsy,
            } => {
                if null_if_falsy && !data.is_truthy() {
                    return Ok(Some(Value::Null));
                }
                let source = as_value(data);
                if source.is_null() {
                    return Err(Error::InvalidResponse {
                        status: 200,
                        headers: Vec::new(),
                        body: "null".into(),
                        message: "the response body was null where an object was expected".into(),
                        attempts: 1,
                    });
                }
                let mut out = Map::new();
                for key in keys {
                    match key {
                        Key::Null(name) => {
                            out.insert((*name).into(), Value::Null);
                        }
                        Key::Copy(name) => {
                            if let Some(v) = source.get(*name) {
                                out.insert((*name).into(), v.clone());
                            }
                        }
                    }
                }
                Ok(Some(Value::Object(out)))
            }
            Shape::TransactionUuid => {
                let mut out = Map::new();
                if let Some(v) = as_value(data).get("transactionUuid") {
                    out.insert("transactionUuid".into(), v.clone());
                }
                Ok(Some(Value::Object(out)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PICK: Shape = Shape::Pick {
        keys: &[Key::Copy("uuid"), Key::Null("paid"), Key::Copy("status")],
        null_if_falsy: true,
    };

    #[test]
    fn decode_follows_axios() {
        assert_eq!(Data::decode(""), Data::Text(String::new()));
        assert_eq!(Data::decode("null"), Data::Json(Value::Null));
        assert_eq!(Data::decode("<html>"), Data::Text("<html>".into()));
        assert_eq!(Data::decode(r#"{"a":1}"#), Data::Json(json!({"a":1})));
    }

    #[test]
    fn pick_copies_forces_nulls_and_drops_extras() {
        let out = PICK
            .apply(Data::decode(
                r#"{"uuid":"u","paid":"x","extra":1,"status":"unpaid"}"#,
            ))
            .unwrap();
        assert_eq!(out, Some(json!({"uuid":"u","paid":null,"status":"unpaid"})));
        let keys: Vec<_> = out.unwrap().as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["uuid", "paid", "status"]);
    }

    #[test]
    fn falsy_bodies_give_null() {
        for body in ["", "null", "0", "false", "\"\""] {
            assert_eq!(
                PICK.apply(Data::decode(body)).unwrap(),
                Some(Value::Null),
                "{body}"
            );
        }
    }

    #[test]
    fn json_is_the_body_as_it_is_and_null_when_empty() {
        assert!(Shape::Json.requires_json());
        assert_eq!(
            Shape::Json.apply(Data::decode("")).unwrap(),
            Some(Value::Null)
        );
        for body in [
            "0",
            "false",
            "\"\"",
            "[1,{\"a\":null}]",
            "{\"b\":1,\"a\":2}",
        ] {
            let expected: Value = serde_json::from_str(body).unwrap();
            assert_eq!(
                Shape::Json.apply(Data::decode(body)).unwrap(),
                Some(expected)
            );
        }
    }

    #[test]
    fn transaction_uuid_keeps_only_that_key() {
        let out = Shape::TransactionUuid
            .apply(Data::decode(r#"{"transactionUuid":"t","x":1}"#))
            .unwrap();
        assert_eq!(out, Some(json!({"transactionUuid":"t"})));
        assert_eq!(
            Shape::TransactionUuid.apply(Data::decode("")).unwrap(),
            Some(json!({}))
        );
    }
}
