//! Reading request bodies field by field, collecting every problem before anything changes.
//!
//! A route reads the fields it acts on by name; [`Fields::rest`] then reads every other field
//! of the request's table in `crates/schema` by the kind the table gives it, and hands back
//! what the route keeps as given and echoes. So a new optional field in the table is accepted,
//! checked (a bad value is a 400 naming it) and echoed, with no change to the sandbox.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use coherent_schema::{Field, Kind, Need, Place, RequestType};
use serde_json::{Map, Value};

use crate::api_error::{ApiError, ApiResult, FieldError};
use crate::clock::Date;

/// The fields of a JSON object body, read with typed accessors that record what is wrong.
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
    errors: Vec<FieldError>,
    /// The fields an accessor has read (present or not): what [`Fields::rest`] leaves alone.
    read: BTreeSet<String>,
}

impl<'a> Fields<'a> {
    pub fn of(body: &'a Value) -> ApiResult<Fields<'a>> {
        match body {
            Value::Object(map) => Ok(Fields {
                map,
                errors: Vec::new(),
                read: BTreeSet::new(),
            }),
            _ => Err(ApiError::field("body", "must be a JSON object")),
        }
    }

    pub fn map(&self) -> &'a Map<String, Value> {
        self.map
    }

    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    fn present(&self, field: &str) -> Option<&'a Value> {
        self.map.get(field).filter(|v| !v.is_null())
    }

    pub fn has(&self, field: &str) -> bool {
        self.present(field).is_some()
    }

    /// The field's value (absent or `null`: `None`), marked as read.
    fn read(&mut self, field: &str) -> Option<&'a Value> {
        self.read.insert(field.to_string());
        self.present(field)
    }

    pub fn opt_str(&mut self, field: &str) -> Option<String> {
        match self.read(field)? {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.fail(field, "must be a string");
                None
            }
        }
    }

    pub fn req_str(&mut self, field: &str) -> Option<String> {
        match self.present(field) {
            None => {
                self.fail(field, "is required");
                None
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                self.fail(field, "must not be empty");
                None
            }
            Some(_) => self.opt_str(field),
        }
    }

    pub fn opt_bool(&mut self, field: &str) -> Option<bool> {
        match self.read(field)? {
            Value::Bool(b) => Some(*b),
            _ => {
                self.fail(field, "must be a boolean");
                None
            }
        }
    }

    /// Whether `field` is present; records "is required" when it is not.
    fn need(&mut self, field: &str) -> bool {
        let present = self.has(field);
        if !present {
            self.fail(field, "is required");
        }
        present
    }

    pub fn req_bool(&mut self, field: &str) -> Option<bool> {
        self.need(field).then(|| self.opt_bool(field)).flatten()
    }

    /// A positive whole number of minor units (pennies). With `strings`, a string of digits
    /// counts too (the official types declare the payment-plan amount as a string).
    pub fn opt_amount(&mut self, field: &str, strings: bool) -> Option<i64> {
        let value = self.read(field)?;
        let parsed = match value {
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(v), _) => Ok(v),
                // `-0` (parsed as a float) and every other number at or below zero.
                (None, Some(f)) if f <= 0.0 => Ok(0),
                (None, Some(f)) if f.fract() != 0.0 => {
                    Err("must be a whole number of pennies".to_string())
                }
                (None, Some(f)) if f <= 10_000_000_000.0 => Err(format!(
                    "must be written as a whole number, without a decimal point or exponent \
                     (got {n}; send {f:.0})"
                )),
                _ => Err("is too large".to_string()),
            },
            Value::String(s) if strings => {
                if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                    s.parse::<i64>().map_err(|_| "is too large".to_string())
                } else {
                    Err("must be a whole number of pennies".to_string())
                }
            }
            _ => Err("must be a number".to_string()),
        };
        match parsed {
            Ok(v) if v <= 0 => {
                self.fail(field, "must be greater than 0");
                None
            }
            Ok(v) if v > 10_000_000_000 => {
                self.fail(field, "must be at most 10000000000 pennies");
                None
            }
            Ok(v) => Some(v),
            Err(message) => {
                self.fail(field, message);
                None
            }
        }
    }

    pub fn req_amount(&mut self, field: &str, strings: bool) -> Option<i64> {
        self.need(field)
            .then(|| self.opt_amount(field, strings))
            .flatten()
    }

    /// One of a fixed set of strings.
    pub fn opt_enum(&mut self, field: &str, allowed: &[&str]) -> Option<String> {
        let value = self.opt_str(field)?;
        if allowed.contains(&value.as_str()) {
            Some(value)
        } else {
            self.fail(field, format!("must be one of {}", allowed.join(", ")));
            None
        }
    }

    pub fn req_enum(&mut self, field: &str, allowed: &[&str]) -> Option<String> {
        self.need(field)
            .then(|| self.opt_enum(field, allowed))
            .flatten()
    }

    /// An absolute http(s) URL, as written: no spaces or control characters (the URL parser
    /// would drop tabs and newlines, but the stored value goes into a `Location` header).
    pub fn opt_url(&mut self, field: &str) -> Option<String> {
        let value = self.opt_str(field)?;
        if value.chars().any(|c| c.is_control() || c.is_whitespace()) {
            self.fail(
                field,
                "must be a URL without spaces or control characters (encode them: %20, %0A)",
            );
            return None;
        }
        match reqwest::Url::parse(&value) {
            Ok(url)
                if matches!(url.scheme(), "http" | "https")
                    && crate::http_url::is_plain(&value) =>
            {
                Some(value)
            }
            _ => {
                self.fail(
                    field,
                    "must be an absolute http or https URL (host name or IP address, no spaces)",
                );
                None
            }
        }
    }

    pub fn req_url(&mut self, field: &str) -> Option<String> {
        self.need(field).then(|| self.opt_url(field)).flatten()
    }

    /// A date: `YYYY-MM-DD` or an ISO timestamp, with the text as sent.
    pub fn opt_date(&mut self, field: &str) -> Option<(String, Date)> {
        let raw = self.opt_str(field)?;
        match Date::parse(&raw) {
            Some(date) => Some((raw, date)),
            None => {
                self.fail(field, "must be a date (YYYY-MM-DD or an ISO timestamp)");
                None
            }
        }
    }

    /// Reads the body fields of `request`'s table that the route has not read, each by the
    /// kind the table gives it (a required one must be there), and returns them as given: what
    /// the route keeps and echoes without knowing them by name.
    pub fn rest(&mut self, request: &RequestType) -> Map<String, Value> {
        let unread: Vec<&Field> = request
            .fields
            .iter()
            .filter(|f| f.place == Place::Body && !self.read.contains(f.name))
            .collect();
        let mut kept = Map::new();
        for field in unread {
            if let Some(value) = self.map.get(field.name) {
                kept.insert(field.name.to_string(), value.clone());
            }
            if field.need == Need::Required && !self.has(field.name) {
                self.fail(field.name, "is required");
            }
            self.read_kind(field);
        }
        kept
    }

    /// The keys no accessor has read, as given (after [`Fields::rest`]: the keys the table
    /// does not know).
    pub fn unread(&self) -> Map<String, Value> {
        self.map
            .iter()
            .filter(|(key, _)| !self.read.contains(key.as_str()))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect()
    }

    /// Checks one field by the kind its table gives it.
    fn read_kind(&mut self, field: &Field) {
        let name = field.name;
        match field.kind {
            Kind::Amount => drop(self.opt_amount(name, false)),
            Kind::AmountOrDigits => drop(self.opt_amount(name, true)),
            Kind::Text => drop(self.opt_str(name)),
            Kind::Bool => drop(self.opt_bool(name)),
            Kind::OneOf(allowed) => drop(self.opt_enum(name, allowed)),
            Kind::Date => drop(self.opt_date(name)),
            Kind::Object => {
                if self.read(name).is_some_and(|v| !v.is_object()) {
                    self.fail(name, "must be a JSON object");
                }
            }
        }
    }

    /// The fields of an optional body: `null` (no body) reads as `{}`.
    pub fn of_optional(body: &'a Value) -> ApiResult<Fields<'a>> {
        static EMPTY: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);
        match body {
            Value::Null => Ok(Fields {
                map: &EMPTY,
                errors: Vec::new(),
                read: BTreeSet::new(),
            }),
            _ => Fields::of(body),
        }
    }

    pub fn finish(self) -> ApiResult<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::fields(self.errors))
        }
    }
}

/// The value of a field a `req_*` accessor read, after `finish()` has passed (so it is there).
pub fn required<T>(value: Option<T>, field: &str) -> ApiResult<T> {
    value.ok_or_else(|| ApiError::field(field, "is required"))
}

#[cfg(test)]
mod tests {
    use coherent_schema::{optional, required, BodyFrom, Kind, RequestType};
    use serde_json::json;

    use super::Fields;

    const REQUEST: RequestType = RequestType {
        name: "Request",
        doc: "",
        body: BodyFrom::AsGiven,
        fields: &[
            required("name", Kind::Text),
            required("amount", Kind::Amount),
            optional("colour", Kind::OneOf(&["red", "blue"])),
            optional("note", Kind::Text),
            optional("due", Kind::Date),
        ],
    };

    #[test]
    fn the_rest_of_the_table_is_checked_by_kind_and_kept_as_given() {
        let body = json!({ "name": "A", "colour": "red", "due": "2031-01-31", "other": 1 });
        let mut f = Fields::of(&body).unwrap();
        assert_eq!(f.req_str("name").as_deref(), Some("A"));
        let kept = f.rest(&REQUEST);
        assert_eq!(json!(kept), json!({ "colour": "red", "due": "2031-01-31" }));
        assert_eq!(json!(f.unread()), json!({ "other": 1 }));
        let problems = f.finish().unwrap_err().message;
        assert_eq!(problems, "amount: is required");
    }

    #[test]
    fn a_bad_value_in_the_rest_is_refused_naming_its_field() {
        let body = json!({ "name": "A", "amount": 5, "colour": "green", "note": 3, "due": "soon" });
        let mut f = Fields::of(&body).unwrap();
        f.rest(&REQUEST);
        assert_eq!(
            f.finish().unwrap_err().message,
            "colour: must be one of red, blue; note: must be a string; \
due: must be a date (YYYY-MM-DD or an ISO timestamp)"
        );
    }
}
