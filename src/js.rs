//! Small conversions from JS arguments to core inputs. Bodies go through `JSON.stringify`, as the
//! official client's axios does, so `undefined` keys, `null`, `Date`s and `toJSON` behave the same
//! on the wire.

use coherent::validate::RequestType;
use coherent::{Error, JsonBody};
use js_values::{own_keys, type_name, Fields};
use napi::bindgen_prelude::*;
use napi::{JsValue, ValueType};

type CoreResult<T> = coherent::Result<T>;

/// An object argument (`config`, `options`, a request object) read key by key; a bad value is
/// the core's validation error naming `argument.key`.
pub type Args<'e> = Fields<'e, Error>;

/// The client's error for a bad value: the core's validation error.
fn invalid(field: String, message: String) -> Error {
    Error::validation(field, message)
}

/// `value` as an object argument; anything else (an array too) is an error naming `argument`.
pub fn args<'e>(value: Unknown<'e>, argument: &str) -> CoreResult<Args<'e>> {
    Fields::of(value, argument, invalid)
}

/// Like [`args`], but `undefined`, `null` or no argument mean "not given".
pub fn optional_args<'e>(
    value: Option<Unknown<'e>>,
    argument: &str,
) -> CoreResult<Option<Args<'e>>> {
    Fields::optional(value, argument, invalid)
}

/// A path id: must be a string (the official client would send `/undefined` or `/[object Object]`).
pub fn id(value: Unknown, field: &str) -> CoreResult<String> {
    string_as(value, field, "a non-empty string")
}

/// A string argument; any other type is an error naming `field`.
pub fn string(value: Unknown, field: &str) -> CoreResult<String> {
    string_as(value, field, "a string")
}

/// A string, or an error on `field` saying it must be `wanted` and what it got instead.
fn string_as(value: Unknown, field: &str, wanted: &str) -> CoreResult<String> {
    match value.get_type() {
        Ok(ValueType::String) => unsafe { value.cast::<String>() }
            .map_err(|e| Error::validation(field, format!("{field}: {}", e.reason))),
        Ok(t) => Err(Error::validation(
            field,
            format!("{field} must be {wanted}, got {}", type_name(t)),
        )),
        Err(e) => Err(Error::validation(field, e.reason)),
    }
}

/// `JSON.stringify(value)` as a checked body. `argument` names the value in errors.
pub fn body(env: &Env, argument: &str, value: Unknown) -> CoreResult<JsonBody> {
    if let Ok(ValueType::Object) = value.get_type() {
        reject_lossy_values(
            &unsafe { value.cast::<Object>() }
                .map_err(|e| Error::validation(argument, e.reason))?,
        )?;
    }
    match stringify(env, value) {
        Ok(Some(text)) => JsonBody::parse(argument, text),
        Ok(None) => Err(Error::validation(
            argument,
            format!("{argument} must be an object, got undefined"),
        )),
        Err(e) => Err(Error::validation(
            argument,
            format!("{argument} cannot be serialized to JSON: {}", e.reason),
        )),
    }
}

/// `JSON.stringify` turns `NaN`, `Infinity` and an invalid `Date` into `null`, which an optional
/// field would then accept as "not given". Such values are refused here, on the JS side, naming
/// the key, before they can lose their meaning.
fn reject_lossy_values(object: &Object) -> CoreResult<()> {
    let keys = own_keys(object).unwrap_or_default();
    for key in keys {
        let Ok(value) = object.get_named_property::<Unknown>(&key) else {
            continue;
        };
        match value.get_type() {
            Ok(ValueType::Number) => {
                let n = unsafe { value.cast::<f64>() }.unwrap_or(f64::NAN);
                if !n.is_finite() {
                    let shown = match n {
                        f64::INFINITY => "Infinity",
                        f64::NEG_INFINITY => "-Infinity",
                        _ => "NaN",
                    };
                    return Err(Error::validation(
                        &key,
                        format!("{key} must be a finite number, got {shown}"),
                    ));
                }
            }
            Ok(ValueType::Object) if value.is_date().unwrap_or(false) => {
                let time = value
                    .coerce_to_number()
                    .and_then(|n| n.get_double())
                    .unwrap_or(f64::NAN);
                if !time.is_finite() {
                    return Err(Error::validation(
                        &key,
                        format!("{key} must be a valid Date, got Invalid Date"),
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Like [`body`], but `undefined` and `null` mean "no body given".
pub fn optional_body(
    env: &Env,
    argument: &str,
    value: Option<Unknown>,
) -> CoreResult<Option<JsonBody>> {
    match value {
        Some(v) if !is_nullish(&v) => body(env, argument, v).map(Some),
        _ => Ok(None),
    }
}

/// A new object with the body fields of `request` copied from `source` in table order (missing
/// ones read as `undefined`), serialized. This is how the official client builds its
/// whitelisted bodies.
pub fn picked_body(
    env: &Env,
    argument: &str,
    source: &Object,
    request: &RequestType,
) -> CoreResult<JsonBody> {
    let picked = (|| {
        let mut out = Object::new(env)?;
        for key in request.body_keys() {
            out.set_named_property(key, source.get_named_property::<Unknown>(key)?)?;
        }
        Ok::<_, napi::Error>(out)
    })()
    .map_err(|e| Error::validation(argument, format!("{argument}: {}", e.reason)))?;
    body(env, argument, picked.to_unknown())
}

/// A one-key body `{ key: value }`, e.g. `{ status }`.
pub fn single_key_body(env: &Env, key: &str, value: Unknown) -> CoreResult<JsonBody> {
    let mut out = Object::new(env).map_err(|e| Error::validation(key, e.reason))?;
    out.set_named_property(key, value)
        .map_err(|e| Error::validation(key, e.reason))?;
    body(env, key, out.to_unknown())
}

pub fn is_nullish(value: &Unknown) -> bool {
    matches!(value.get_type(), Ok(ValueType::Undefined | ValueType::Null))
}

fn stringify(env: &Env, value: Unknown) -> Result<Option<String>> {
    let json: Object = env.get_global()?.get_named_property("JSON")?;
    let stringify: Function<Unknown, Unknown> = json.get_named_property("stringify")?;
    let text = stringify.call(value)?;
    match text.get_type()? {
        ValueType::String => Ok(Some(unsafe { text.cast::<String>() }?)),
        _ => Ok(None),
    }
}
