//! The request types of the Coherent API as data, one table each: the fields in order (the order
//! on the wire for picked bodies), what each must hold, whether it is required, where it goes,
//! its TypeScript type and its documentation.
//!
//! The one source of a request's facts: the core (`coherent`) checks bodies against these
//! tables, and the Node binding's build script generates the `#[napi(object)]` declarations, and
//! so the TypeScript, from them. No dependencies, so build scripts can use it cheaply.
//!
//! Beside them, two more facts of the public API as data: its enums (`enums`) and every
//! `err.code` (`error_codes`), from which `crates/js-tables` writes the JS files that carry them.

pub mod customers;
pub mod enums;
pub mod error_codes;
pub mod onboarding;
pub mod payment_plans;
pub mod terminals;
pub mod transactions;

/// What a field must hold when it is present and not `null`.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A positive integer number of minor units, at most 2^53 - 1.
    Amount,
    /// As `Amount`, but a string of digits is accepted too (`paymentPlans.create` types it as a string).
    AmountOrDigits,
    /// Any string. Required strings must also be non-empty.
    Text,
    Bool,
    /// One of the listed strings (an enum's values: `enums::CURRENCY_CODES`, ...).
    OneOf(&'static [&'static str]),
    /// An ISO-8601 date or date-time string (a JS `Date` arrives as `toISOString()`).
    Date,
    /// A JSON object.
    Object,
}

/// Whether a field must be given (present, not `null`; a required string also non-empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Required,
    Optional,
    /// Required unless the named field is given: the gateway takes one or the other. Typed as
    /// required (as 0.0.61 types it); checked after every field's kind.
    RequiredUnless(&'static str),
}

/// Where a field of the caller's request object goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A key of the JSON body.
    Body,
    /// A path segment (an id); never in the body.
    Path,
    /// Declared by the 0.0.61 typings but never sent (0.0.61 drops it too).
    NotSent,
}

/// One field of a request type.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub need: Need,
    pub place: Place,
    /// Its documentation (the TypeScript JSDoc).
    pub doc: &'static str,
    /// Its TypeScript type where the kind alone does not say it (e.g. an enum's type name).
    pub ts: Option<&'static str>,
}

const fn field(name: &'static str, kind: Kind, need: Need, place: Place) -> Field {
    Field {
        name,
        kind,
        need,
        place,
        doc: "",
        ts: None,
    }
}

pub const fn required(name: &'static str, kind: Kind) -> Field {
    field(name, kind, Need::Required, Place::Body)
}

pub const fn optional(name: &'static str, kind: Kind) -> Field {
    field(name, kind, Need::Optional, Place::Body)
}

/// Required unless `other` is given (see [`Need::RequiredUnless`]).
pub const fn required_unless(name: &'static str, kind: Kind, other: &'static str) -> Field {
    field(name, kind, Need::RequiredUnless(other), Place::Body)
}

/// A required id that goes into the path, e.g. `terminalId`.
pub const fn path_id(name: &'static str) -> Field {
    field(name, Kind::Text, Need::Required, Place::Path)
}

/// An optional field the typings declare and the client drops (see [`Place::NotSent`]).
pub const fn not_sent(name: &'static str, kind: Kind) -> Field {
    field(name, kind, Need::Optional, Place::NotSent)
}

impl Field {
    /// With its documentation.
    pub const fn doc(self, doc: &'static str) -> Field {
        Field { doc, ..self }
    }

    /// With a TypeScript type of its own (without `| undefined`, which optional fields add).
    pub const fn ts(self, ts: &'static str) -> Field {
        Field {
            ts: Some(ts),
            ..self
        }
    }

    /// The TypeScript type the typings declare.
    pub fn ts_type(&self) -> String {
        let base = self.ts.unwrap_or(match self.kind {
            Kind::Amount => "number",
            Kind::AmountOrDigits => "number | string",
            Kind::Text | Kind::OneOf(_) => "string",
            Kind::Bool => "boolean",
            Kind::Date => "Date | string",
            Kind::Object => "Record<string, unknown>",
        });
        match self.need {
            Need::Optional => format!("{base} | undefined"),
            _ => base.to_string(),
        }
    }
}

/// How the body is made from the caller's request object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFrom {
    /// A new object of the [`Place::Body`] fields, in table order (what 0.0.61 sends); other keys
    /// are dropped.
    Picked,
    /// The caller's object as given (its key order, unknown keys kept), as 0.0.61 sends it.
    AsGiven,
    /// The literal `null`, whatever the object holds.
    Null,
}

/// One request type of the public API: its TypeScript name and documentation, how its body is
/// built, and its fields in order.
#[derive(Debug, Clone, Copy)]
pub struct RequestType {
    pub name: &'static str,
    pub doc: &'static str,
    pub body: BodyFrom,
    pub fields: &'static [Field],
}

impl RequestType {
    /// The names of the body fields, in order.
    pub fn body_keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields
            .iter()
            .filter(|f| f.place == Place::Body)
            .map(|f| f.name)
    }
}

/// Every request type of the public API.
pub const REQUEST_TYPES: &[&RequestType] = &[
    &transactions::CREATE,
    &transactions::REFUND,
    &terminals::RENAME,
    &terminals::SET_TRANSACTION,
    &terminals::CLEAR_TRANSACTION,
    &payment_plans::CREATE,
    &payment_plans::CHARGE,
    &payment_plans::RESUME_AND_CHARGE,
    &onboarding::START,
    &customers::CREATE,
    &customers::CREATE_WALLET,
    &customers::DEBIT_WALLET,
];

/// Whether no name comes twice (the tables' tests).
#[cfg(test)]
fn distinct<'a>(names: impl IntoIterator<Item = &'a str>) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    names.into_iter().all(|name| seen.insert(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_path_ids_required() {
        assert!(distinct(REQUEST_TYPES.iter().map(|r| r.name)));
        assert!(!distinct(["a", "b", "a"]));
        for request in REQUEST_TYPES {
            assert!(!request.doc.is_empty(), "{} has a doc", request.name);
            assert!(
                distinct(request.fields.iter().map(|f| f.name)),
                "{}",
                request.name
            );
            for f in request.fields {
                assert!(!f.doc.is_empty(), "{}.{} has a doc", request.name, f.name);
                assert!(f.place != Place::Path || f.need == Need::Required);
            }
        }
    }

    #[test]
    fn typescript_types() {
        assert_eq!(required("a", Kind::Amount).ts_type(), "number");
        assert_eq!(optional("a", Kind::Text).ts_type(), "string | undefined");
        assert_eq!(
            optional("t", Kind::OneOf(&["x"])).ts("T").ts_type(),
            "T | undefined"
        );
    }
}
