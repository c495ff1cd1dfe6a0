//! Turns a core [`Error`] into the rejected JS error: an instance of the classes defined in
//! `lib/errors.js` (registered at load), built on the JS thread. The token is never part of it.
//!
//! The contract with `lib/errors.js` is [`ErrorDetails`]: Rust fills it, JS reads it, and its
//! generated TypeScript form types the reading side (`tsc` checks `lib/errors.js`), so a renamed
//! field fails the type check instead of reading `undefined`. Adding an error class: a variant in
//! the core's `Error`, its class in `lib/errors.js` (plus its `index.js` export line) and its
//! arm in [`class_of`].

// `register_error_classes` is called from index.js only; `cargo test` builds compile the napi
// registration out, which leaves it looking unused.
#![cfg_attr(test, allow(dead_code))]

use std::cell::RefCell;
use std::sync::Arc;

use coherent::{Client, Error, Request};
use napi::bindgen_prelude::*;
use napi::{JsValue, ValueType};
use serde::Serialize;

use crate::results;

/// Which request failed, for `err.config` (method and URL only: never headers).
pub struct Target {
    method: &'static str,
    url: String,
}

impl Target {
    pub fn new(client: &Arc<Client>, request: &Request) -> Self {
        Target {
            method: request.method.as_str(),
            url: format!("{}{}", client.base_url(), request.path),
        }
    }
}

/// What `lib/errors.js` builds an error from: `new Class(message, JSON.stringify(details),
/// data)`, where `data` is the response body as axios's `response.data` (made by the same
/// shaper as results). Absent fields are left out of the JSON.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Serialize, Default)]
pub struct ErrorDetails {
    /// HTTP attempts made (1 + retries); 0 when the call failed before any I/O.
    pub attempts: u32,
    /// The request's method, upper case (when a request was made).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The request's full URL (when a request was made).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The invalid argument or field (validation errors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The HTTP status (the server answered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u32>,
    /// Response headers, names lower-cased, in arrival order (the server answered).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "Record<string, string>")]
    pub headers: Option<serde_json::Map<String, serde_json::Value>>,
    /// The Node system code of a connection failure, e.g. `ECONNREFUSED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The time limit that ran out, in milliseconds (timeouts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u32>,
    /// The gateway's request id (`x-request-id` of the response, cleaned by the core), when the
    /// server answered with one.
    #[serde(skip_serializing_if = "Option::is_none", rename = "requestId")]
    pub request_id: Option<String>,
}

/// A registered class, called as `new Class(message, detailsJson, data)`: details travel as JSON
/// so no JS handle outlives its scope.
type ErrorClass = FunctionRef<Unknown<'static>, Unknown<'static>>;

thread_local! {
    // One JS thread per env: the main thread and each worker register their own classes, by
    // class name.
    static CLASSES: RefCell<Vec<(String, ErrorClass)>> = const { RefCell::new(Vec::new()) };
}

/// Called once by `index.js` with the exports of `lib/errors.js`; every function among them is
/// registered under its export name.
#[napi(
    js_name = "__registerErrorClasses",
    ts_args_type = "classes: Record<string, Function>"
)]
pub fn register_error_classes(classes: Object) -> Result<()> {
    let names = classes.get_property_names()?;
    let mut registered = Vec::new();
    for i in 0..names.get_array_length()? {
        let name = names.get_element::<String>(i)?;
        let value: Unknown = classes.get_named_property(&name)?;
        if value.get_type()? == ValueType::Function {
            let class: Function<Unknown<'static>, Unknown<'static>> = unsafe { value.cast() }?;
            registered.push((name, class.create_ref()?));
        }
    }
    CLASSES.with(|c| *c.borrow_mut() = registered);
    Ok(())
}

/// The `lib/errors.js` class each core error becomes.
fn class_of(error: &Error) -> &'static str {
    match error {
        Error::Validation { .. } => "CoherentValidationError",
        Error::Api { .. } | Error::InvalidResponse { .. } => "CoherentApiError",
        Error::Connection { .. } => "CoherentConnectionError",
        Error::Timeout { .. } => "CoherentTimeoutError",
        Error::Aborted { .. } => "CoherentAbortError",
    }
}

/// The details of `error` (and which request it belongs to, if any).
pub fn details(error: &Error, target: Option<&Target>) -> ErrorDetails {
    let mut d = ErrorDetails {
        attempts: error.attempts(),
        method: target.map(|t| t.method.to_string()),
        url: target.map(|t| t.url.clone()),
        request_id: error.request_id(),
        ..ErrorDetails::default()
    };
    match error {
        Error::Validation { field, .. } => d.field = Some(field.clone()),
        Error::Api {
            status, headers, ..
        }
        | Error::InvalidResponse {
            status, headers, ..
        } => {
            d.status = Some(u32::from(*status));
            d.headers = Some(
                headers
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::from(v.clone())))
                    .collect(),
            );
        }
        Error::Connection { code, .. } => d.code = Some(code.clone()),
        Error::Timeout { limit, .. } => {
            d.timeout = Some(u32::try_from(limit.as_millis()).unwrap_or(u32::MAX))
        }
        Error::Aborted { .. } => {}
    }
    d
}

/// Builds the JS error for `error`; the result rejects the Promise (or is thrown) verbatim.
pub fn to_js(env: &Env, error: Error, target: Option<&Target>) -> napi::Error {
    to_js_with_cause(env, error, target, None)
}

/// As [`to_js`], with `err.cause` set (an aborted call's `signal.reason`).
pub fn to_js_with_cause(
    env: &Env,
    error: Error,
    target: Option<&Target>,
    cause: Option<Unknown>,
) -> napi::Error {
    let built = build(env, &error, target).and_then(|js| {
        if let Some(cause) = cause {
            let mut object: Object = unsafe { js.cast() }?;
            object.set_named_property("cause", cause)?;
        }
        Ok(js)
    });
    match built {
        Ok(js) => napi::Error::from(js),
        // Building the rich error failed (no classes registered): fall back to a plain Error
        // that still carries the message.
        Err(_) => napi::Error::new(Status::GenericFailure, error.to_string()),
    }
}

fn build<'e>(env: &'e Env, error: &Error, target: Option<&Target>) -> Result<Unknown<'e>> {
    let details = serde_json::to_string(&details(error, target))
        .map_err(|e| napi::Error::from_reason(e.to_string()))?;
    let data = match error {
        Error::Api { body, .. } | Error::InvalidResponse { body, .. } => {
            results::response_data(env, body)?
        }
        _ => ().into_unknown(env)?,
    };
    let name = class_of(error);
    CLASSES.with(|classes| {
        let classes = classes.borrow();
        let (_, class) = classes.iter().find(|(n, _)| n == name).ok_or_else(|| {
            napi::Error::from_reason(format!("error class {name} not registered"))
        })?;
        let class: Function<FnArgs<(String, String, Unknown)>, Unknown> =
            unsafe { class.borrow_back(env)?.to_unknown().cast() }?;
        class.new_instance(FnArgs::from((error.to_string(), details, data)))
    })
}
