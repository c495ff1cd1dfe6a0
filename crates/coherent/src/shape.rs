//! How each method turns `response.data` into its return value, exactly as the official client
//! does. The shape is data, so the Node binding (on JS values) and Rust callers (on
//! `serde_json::Value`) apply the same rules.

use serde_json::{Map, Value};

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
    /// A new object with these keys in this order, from a body that must be a JSON object.
    /// With `null_if_empty`, an empty body or JSON `null` gives `null` instead (as the
    /// official `get` methods do); any other body that is not an object is an error.
    Pick {
        keys: &'static [Key],
        null_if_empty: bool,
    },
    /// `{ transactionUuid: response.data.transactionUuid }`, from a body that must be a JSON
    /// object.
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

    /// Applies the shape to a decoded body. `None` stands for JS `undefined`; `Err` holds why
    /// the body does not fit (see [`unfit_body`]).
    pub fn apply(self, data: Data) -> std::result::Result<Option<Value>, String> {
        match self {
            Shape::Raw => Ok(Some(match data {
                Data::Json(v) => v,
                Data::Text(t) => Value::String(t),
            })),
            Shape::Json => Ok(Some(match data {
                Data::Json(v) => v,
                // Only the empty body gets here: `requires_json` refuses other text.
                Data::Text(_) => Value::Null,
            })),
            Shape::Nothing => Ok(None),
            Shape::Pick {
                keys,
                null_if_empty,
            } => {
                let source = match data {
                    Data::Json(Value::Object(map)) => map,
                    Data::Json(Value::Null) if null_if_empty => return Ok(Some(Value::Null)),
                    Data::Text(t) if t.is_empty() && null_if_empty => return Ok(Some(Value::Null)),
                    other => return Err(unfit_body(&other)),
                };
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
                let Data::Json(Value::Object(source)) = data else {
                    return Err(unfit_body(&data));
                };
                let mut out = Map::new();
                if let Some(v) = source.get("transactionUuid") {
                    out.insert("transactionUuid".into(), v.clone());
                }
                Ok(Some(Value::Object(out)))
            }
        }
    }
}

/// Why a 2xx body cannot be the object a shaped method returns: it names what the body is,
/// never what it holds. The official client would resolve with an object of `undefined`s (or
/// of forced `null`s) built from it: a proxy's answer is not a transaction.
pub fn unfit_body(data: &Data) -> String {
    let what = match data {
        Data::Text(t) if t.is_empty() => "is empty",
        Data::Text(_) => return "the response body is not valid JSON".into(),
        Data::Json(Value::Null) => "is JSON null",
        Data::Json(Value::Bool(_)) => "is a JSON boolean",
        Data::Json(Value::Number(_)) => "is a JSON number",
        Data::Json(Value::String(_)) => "is a JSON string",
        Data::Json(Value::Array(_)) => "is a JSON array",
        Data::Json(Value::Object(_)) => "is a JSON object",
    };
    format!("the response body {what} where a JSON object was expected")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PICK: Shape = Shape::Pick {
        keys: &[Key::Copy("uuid"), Key::Null("paid"), Key::Copy("status")],
        null_if_empty: true,
    };
    const STRICT: Shape = Shape::Pick {
        keys: &[Key::Copy("uuid"), Key::Null("paid")],
        null_if_empty: false,
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
    fn an_empty_body_or_null_gives_null_where_the_official_get_does() {
        for body in ["", "null"] {
            assert_eq!(
                PICK.apply(Data::decode(body)).unwrap(),
                Some(Value::Null),
                "{body}"
            );
        }
    }

    #[test]
    fn bodies_that_are_not_objects_are_refused_by_every_shaped_method() {
        for (body, what) in [
            ("\"u1\"", "is a JSON string"),
            ("42", "is a JSON number"),
            ("0", "is a JSON number"),
            ("true", "is a JSON boolean"),
            ("false", "is a JSON boolean"),
            ("\"\"", "is a JSON string"),
            ("[{\"uuid\":\"u\"}]", "is a JSON array"),
        ] {
            for shape in [PICK, STRICT, Shape::TransactionUuid] {
                let why = shape.apply(Data::decode(body)).unwrap_err();
                assert_eq!(
                    why,
                    format!("the response body {what} where a JSON object was expected"),
                    "{shape:?} on {body}"
                );
            }
        }
        for shape in [STRICT, Shape::TransactionUuid] {
            for (body, what) in [("", "is empty"), ("null", "is JSON null")] {
                let why = shape.apply(Data::decode(body)).unwrap_err();
                assert!(why.contains(what), "{shape:?} on {body:?}: {why}");
            }
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
            Shape::TransactionUuid.apply(Data::decode("{}")).unwrap(),
            Some(json!({}))
        );
    }
}
