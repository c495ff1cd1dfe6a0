//! `coherent.request(init, options?)`: converts the JS request object into the core's
//! [`RawRequest`]; every rule (methods, path template, escaping, query encoding, no body on GET)
//! lives in `coherent::resources::raw`. Here only JS types are checked and JS values turned into
//! text as JS itself would (`String(n)` for numbers).

use coherent::resources::raw::{self, RawRequest};
use coherent::{Error, Request};
use napi::bindgen_prelude::*;
use napi::{JsValue, ValueType};

use crate::js;

type CoreResult<T> = coherent::Result<T>;

/// The keys a request object may have.
const KEYS: &[&str] = &["method", "path", "params", "query", "body"];

/// A request to an endpoint this client does not wrap yet, for `coherent.request(init)`.
/// Checked before any I/O: every problem rejects with a `CoherentValidationError` naming its
/// field (`'method'`, `'path'`, `'params.uuid'`, `'query.status'`, `'body'`, `'request.x'`).
///
/// @example
/// const invoice = await coherent.request({ method: 'GET', path: '/api/v1/invoice/{uuid}', params: { uuid } })
#[napi(object)]
#[allow(dead_code)] // declared for the generated TypeScript only; `read` reads the values by hand
pub struct RawRequestInit {
    /// `'GET'`, `'POST'`, `'PUT'`, `'PATCH'` or `'DELETE'`, in any case. GET, PUT and DELETE are
    /// retried like the wrapped GET and PUT calls; POST and PATCH only when the request provably
    /// never left this machine.
    #[napi(
        ts_type = "'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'get' | 'post' | 'put' | 'patch' | 'delete'"
    )]
    pub method: String,
    /// The path under the base URL, starting with `/`, e.g. `'/api/v1/invoice/{uuid}/lines'`.
    /// Literal segments may hold letters, digits and `- . _ ~ ! $ & ' ( ) * + , ; = : @`; no
    /// `?`, `#`, `%`, spaces, backslashes, empty, `.` or `..` segments. Ids go in `{name}`
    /// segments, filled from {@link RawRequestInit.params}.
    pub path: String,
    /// The values of the path's `{name}` segments, each percent-encoded as one segment (as every
    /// method encodes ids): `'../x?y'` is sent as `..%2Fx%3Fy`. Strings (non-empty, not `.` or
    /// `..`) or integers; every key must be used by the path.
    #[napi(ts_type = "Record<string, string | number>")]
    pub params: Option<String>,
    /// Query parameters, sent in key order as `key=value&…`, each part encoded as
    /// `encodeURIComponent` does. Values: strings, finite numbers (as `String(n)`) or booleans;
    /// `undefined` leaves the key out. `null`, arrays and objects are refused (list encodings
    /// differ between servers: join values yourself).
    #[napi(ts_type = "Record<string, string | number | boolean | undefined>")]
    pub query: Option<String>,
    /// The JSON body, serialized with `JSON.stringify` (key order kept) and sent with
    /// `Content-Type: application/json`; `null` is sent as `null`. Leave it out (or
    /// `undefined`) to send no body. Not allowed on GET.
    #[napi(ts_type = "unknown")]
    pub body: Option<String>,
}

/// Reads `init` and builds the request.
pub fn read(env: &Env, init: Unknown) -> CoreResult<Request> {
    let object = js::args(init, "request")?;
    object.refuse_unknown(KEYS, "key")?;
    let body = object.get("body")?;
    raw::build(RawRequest {
        method: js::string(object.get("method")?, "method")?,
        path: js::string(object.get("path")?, "path")?,
        params: entries(&object, "params", param)?,
        query: entries(&object, "query", query_value)?
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect(),
        body: match body.get_type() {
            Ok(ValueType::Undefined) => None,
            _ => Some(json_body(env, body)?),
        },
    })
}

/// The body as JSON text; a bad value inside it is named under `body` (`body.amount`).
fn json_body(env: &Env, value: Unknown) -> CoreResult<coherent::JsonBody> {
    js::body(env, "body", value).map_err(|e| match e {
        Error::Validation { field, message } if field != "body" => {
            Error::validation(format!("body.{field}"), message)
        }
        other => other,
    })
}

/// The own keys of the object at `key` (absent, `undefined` or `null`: none), each value read by
/// `value` with its field (`params.x`).
fn entries<T>(
    object: &js::Args,
    key: &str,
    value: fn(Unknown, &str) -> CoreResult<T>,
) -> CoreResult<Vec<(String, T)>> {
    let Some(inner) = js::optional_args(Some(object.get(key)?), key)? else {
        return Ok(Vec::new());
    };
    inner
        .keys()?
        .into_iter()
        .map(|name| {
            let found = inner.get(&name)?;
            Ok((name.clone(), value(found, &inner.field(&name))?))
        })
        .collect()
}

/// A path parameter: a string, or an integer (as `String(n)`).
fn param(value: Unknown, field: &str) -> CoreResult<String> {
    match value.get_type() {
        Ok(ValueType::Number) => {
            let n = number(value, field)?;
            if n.fract() != 0.0 || n.abs() > coherent::validate::MAX_SAFE_INTEGER as f64 {
                return Err(Error::validation(
                    field,
                    format!("{field} must be a string or a safe integer"),
                ));
            }
            Ok(format!("{}", n as i64))
        }
        _ => js::id(value, field),
    }
}

/// A query value: text, or `None` for `undefined` (the key is left out).
fn query_value(value: Unknown, field: &str) -> CoreResult<Option<String>> {
    let wrong = |got: &str| {
        Error::validation(
            field,
            format!("{field} must be a string, a finite number or a boolean, got {got}"),
        )
    };
    match value.get_type() {
        Ok(ValueType::Undefined) => Ok(None),
        Ok(ValueType::String) => js::string(value, field).map(Some),
        Ok(ValueType::Boolean) => unsafe { value.cast::<bool>() }
            .map(|b| Some(b.to_string()))
            .map_err(|e| Error::validation(field, e.reason)),
        Ok(ValueType::Number) => {
            if !number(value, field)?.is_finite() {
                return Err(wrong("a number that is not finite"));
            }
            // `String(n)`: JS's own number formatting (`1e+21`, `0.1`, `-0` as `0`).
            let text = value
                .coerce_to_string()
                .and_then(|s| s.into_utf8())
                .and_then(|s| s.into_owned())
                .map_err(|e| Error::validation(field, e.reason))?;
            Ok(Some(text))
        }
        Ok(ValueType::Object) if value.is_array().unwrap_or(false) => Err(wrong(
            "an array (join the values yourself: servers differ on how lists are sent)",
        )),
        Ok(t) => Err(wrong(js_values::type_name(t))),
        Err(e) => Err(Error::validation(field, e.reason)),
    }
}

fn number(value: Unknown, field: &str) -> CoreResult<f64> {
    unsafe { value.cast::<f64>() }.map_err(|e| Error::validation(field, e.reason))
}
