//! Reading JS values in a napi binding, shared by the client's binding and the sandbox's.
//!
//! An object argument (`config`, `options`) is read key by key through [`Fields`]: each reader
//! returns `None` for `undefined` and an error naming `argument.key` for a value of another type.
//! The error type is the binding's own (the client's core validation error, the sandbox's
//! `TypeError` message), built by the [`Invalid`] function it passes in, so `?` works unchanged.
//!
//! ```ignore
//! let config = Fields::of(value, "config", invalid)?;
//! config.refuse_unknown(CONFIG_KEYS, "config key")?;
//! if let Some(ms) = config.number("timeout")? { builder = builder.timeout_millis(ms) }
//! ```

use napi::bindgen_prelude::*;
use napi::ValueType;

/// Builds the binding's error from a field (`config.timeout`) and a message.
pub type Invalid<E> = fn(String, String) -> E;

/// A JS value by its type, read once.
pub enum Value<'e> {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    /// An array (an object for `typeof`).
    Array(Object<'e>),
    Object(Object<'e>),
    Function(Unknown<'e>),
    /// A symbol or a bigint.
    Other(ValueType),
}

impl<'e> Value<'e> {
    pub fn read(value: Unknown<'e>) -> Result<Self> {
        Ok(match value.get_type()? {
            ValueType::Undefined => Value::Undefined,
            ValueType::Null => Value::Null,
            ValueType::Boolean => Value::Bool(unsafe { value.cast::<bool>() }?),
            ValueType::Number => Value::Number(unsafe { value.cast::<f64>() }?),
            ValueType::String => Value::String(unsafe { value.cast::<String>() }?),
            ValueType::Object if value.is_array()? => Value::Array(unsafe { value.cast() }?),
            ValueType::Object => Value::Object(unsafe { value.cast() }?),
            ValueType::Function => Value::Function(value),
            other => Value::Other(other),
        })
    }

    /// What it is, for messages: `a string`, `an array`, `null`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Array(_) => "an array",
            Value::Undefined => type_name(ValueType::Undefined),
            Value::Null => type_name(ValueType::Null),
            Value::Bool(_) => type_name(ValueType::Boolean),
            Value::Number(_) => type_name(ValueType::Number),
            Value::String(_) => type_name(ValueType::String),
            Value::Object(_) => type_name(ValueType::Object),
            Value::Function(_) => type_name(ValueType::Function),
            Value::Other(t) => type_name(*t),
        }
    }
}

/// What a JS type is, for messages: `a string`, `an object`, `undefined`.
pub fn type_name(t: ValueType) -> &'static str {
    match t {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "a boolean",
        ValueType::Number => "a number",
        ValueType::String => "a string",
        ValueType::Symbol => "a symbol",
        ValueType::Object => "an object",
        ValueType::Function => "a function",
        ValueType::BigInt => "a bigint",
        _ => "an unsupported value",
    }
}

/// The enumerable string keys of an object (`napi_get_property_names`), in order.
pub fn own_keys(object: &Object) -> Result<Vec<String>> {
    Object::keys(object)
}

/// An object argument read key by key; every problem names `argument.key`.
pub struct Fields<'e, E> {
    object: Object<'e>,
    argument: String,
    invalid: Invalid<E>,
}

impl<'e, E> Fields<'e, E> {
    /// `value` must be an object, not an array: else `{argument} must be an object, got ...`.
    pub fn of(
        value: Unknown<'e>,
        argument: &str,
        invalid: Invalid<E>,
    ) -> std::result::Result<Self, E> {
        let fail = |message: String| invalid(argument.to_string(), message);
        match Value::read(value).map_err(|e| fail(e.reason))? {
            Value::Object(object) => Ok(Fields::new(object, argument, invalid)),
            other => Err(fail(format!(
                "{argument} must be an object, got {}",
                other.type_name()
            ))),
        }
    }

    /// Like [`Fields::of`], but `undefined` and `null` (or no argument) mean "not given".
    pub fn optional(
        value: Option<Unknown<'e>>,
        argument: &str,
        invalid: Invalid<E>,
    ) -> std::result::Result<Option<Self>, E> {
        match value {
            Some(v) if !matches!(v.get_type(), Ok(ValueType::Undefined | ValueType::Null)) => {
                Fields::of(v, argument, invalid).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// An object already known to be one, e.g. a nested option.
    pub fn new(object: Object<'e>, argument: &str, invalid: Invalid<E>) -> Self {
        Fields {
            object,
            argument: argument.to_string(),
            invalid,
        }
    }

    pub fn object(&self) -> &Object<'e> {
        &self.object
    }

    /// `argument.key`, the name errors give.
    pub fn field(&self, key: &str) -> String {
        format!("{}.{key}", self.argument)
    }

    /// An error on `argument.key`, the message said as it is.
    pub fn wrong(&self, key: &str, message: impl Into<String>) -> E {
        (self.invalid)(self.field(key), message.into())
    }

    /// The own enumerable keys, in order.
    pub fn keys(&self) -> std::result::Result<Vec<String>, E> {
        own_keys(&self.object).map_err(|e| (self.invalid)(self.argument.clone(), e.reason))
    }

    /// Refuses a key outside `allowed`, naming the first one; `noun` says what a key is
    /// (`config key`, `option`).
    pub fn refuse_unknown(&self, allowed: &[&str], noun: &str) -> std::result::Result<(), E> {
        match self.keys()?.iter().find(|k| !allowed.contains(&k.as_str())) {
            Some(unknown) => Err(self.wrong(
                unknown,
                format!(
                    "unknown {noun} '{unknown}' (allowed: {})",
                    allowed.join(", ")
                ),
            )),
            None => Ok(()),
        }
    }

    /// The value of `key` as it is.
    pub fn get(&self, key: &str) -> std::result::Result<Unknown<'e>, E> {
        self.object
            .get_named_property::<Unknown>(key)
            .map_err(|e| self.wrong(key, format!("{}: {}", self.field(key), e.reason)))
    }

    /// The value of `key` by its type.
    pub fn value(&self, key: &str) -> std::result::Result<Value<'e>, E> {
        Value::read(self.get(key)?).map_err(|e| self.wrong(key, e.reason))
    }

    /// A string, or `None` when `undefined`.
    pub fn string(&self, key: &str) -> std::result::Result<Option<String>, E> {
        match self.value(key)? {
            Value::Undefined => Ok(None),
            Value::String(s) => Ok(Some(s)),
            _ => Err(self.must_be(key, "a string")),
        }
    }

    /// A number, or `None` when `undefined`.
    pub fn number(&self, key: &str) -> std::result::Result<Option<f64>, E> {
        match self.value(key)? {
            Value::Undefined => Ok(None),
            Value::Number(n) => Ok(Some(n)),
            _ => Err(self.must_be(key, "a number")),
        }
    }

    /// A boolean, or `None` when `undefined`.
    pub fn bool(&self, key: &str) -> std::result::Result<Option<bool>, E> {
        match self.value(key)? {
            Value::Undefined => Ok(None),
            Value::Bool(b) => Ok(Some(b)),
            _ => Err(self.must_be(key, "a boolean")),
        }
    }

    /// A function, or `None` when `undefined`.
    pub fn function(&self, key: &str) -> std::result::Result<Option<Unknown<'e>>, E> {
        match self.value(key)? {
            Value::Undefined => Ok(None),
            Value::Function(f) => Ok(Some(f)),
            _ => Err(self.must_be(key, "a function")),
        }
    }

    fn must_be(&self, key: &str, what: &str) -> E {
        self.wrong(key, format!("{} must be {what}", self.field(key)))
    }
}
