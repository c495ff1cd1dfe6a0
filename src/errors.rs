//! Turns a core [`Error`] into the rejected JS error: an instance of the classes defined in
//! `lib/errors.js` (registered at load), built on the JS thread. The token is never part of it.

// `register_error_classes` is called from index.js only; `cargo test` builds compile the napi
// registration out, which leaves it looking unused.
#![cfg_attr(test, allow(dead_code))]

use std::cell::RefCell;
use std::sync::Arc;

use coherent::{Client, Error, Request};
use napi::bindgen_prelude::*;

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

/// `new Class(message, detailsJson)`: details travel as JSON so no JS handle outlives its scope.
type ErrorClass = FunctionRef<FnArgs<(String, String)>, Unknown<'static>>;

struct Classes {
    validation: ErrorClass,
    api: ErrorClass,
    connection: ErrorClass,
    timeout: ErrorClass,
    abort: ErrorClass,
}

thread_local! {
    // One JS thread per env: the main thread and each worker register their own classes.
    static CLASSES: RefCell<Option<Classes>> = const { RefCell::new(None) };
}

/// Called once by `index.js` with the error classes of `lib/errors.js`.
#[napi(
    js_name = "__registerErrorClasses",
    ts_args_type = "classes: Record<string, Function>"
)]
pub fn register_error_classes(classes: Object) -> Result<()> {
    let get = |name: &str| -> Result<ErrorClass> {
        classes
            .get_named_property::<Function<FnArgs<(String, String)>, Unknown>>(name)?
            .create_ref()
    };
    let registered = Classes {
        validation: get("CoherentValidationError")?,
        api: get("CoherentApiError")?,
        connection: get("CoherentConnectionError")?,
        timeout: get("CoherentTimeoutError")?,
        abort: get("CoherentAbortError")?,
    };
    CLASSES.with(|c| *c.borrow_mut() = Some(registered));
    Ok(())
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
    let mut details = serde_json::Map::new();
    if let Some(t) = target {
        details.insert("method".into(), t.method.into());
        details.insert("url".into(), t.url.clone().into());
    }
    details.insert("attempts".into(), error.attempts().into());
    let kind = match error {
        Error::Validation { field, .. } => {
            details.insert("field".into(), field.clone().into());
            Kind::Validation
        }
        Error::Api {
            status,
            headers,
            body,
            ..
        }
        | Error::InvalidResponse {
            status,
            headers,
            body,
            ..
        } => {
            details.insert("status".into(), (*status).into());
            details.insert("body".into(), body.clone().into());
            let headers: serde_json::Map<_, _> = headers
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::from(v.clone())))
                .collect();
            details.insert("headers".into(), headers.into());
            Kind::Api
        }
        Error::Connection { code, .. } => {
            details.insert("code".into(), code.clone().into());
            Kind::Connection
        }
        Error::Timeout { limit, .. } => {
            details.insert("timeout".into(), (limit.as_millis() as u64).into());
            Kind::Timeout
        }
        Error::Aborted { .. } => Kind::Abort,
    };
    let args = FnArgs::from((
        error.to_string(),
        serde_json::Value::Object(details).to_string(),
    ));
    CLASSES.with(|classes| {
        let classes = classes.borrow();
        let classes = classes
            .as_ref()
            .ok_or_else(|| napi::Error::from_reason("error classes not registered"))?;
        classes.of(kind).borrow_back(env)?.new_instance(args)
    })
}

#[derive(Clone, Copy)]
enum Kind {
    Validation,
    Api,
    Connection,
    Timeout,
    Abort,
}

impl Classes {
    fn of(&self, kind: Kind) -> &ErrorClass {
        match kind {
            Kind::Validation => &self.validation,
            Kind::Api => &self.api,
            Kind::Connection => &self.connection,
            Kind::Timeout => &self.timeout,
            Kind::Abort => &self.abort,
        }
    }
}
