//! The config's `onRequest` / `onResponse` hooks: attempts are recorded on the runtime's threads
//! and replayed to the hooks on the JS thread when the call settles.

use std::rc::Rc;
use std::sync::Mutex;

use coherent::transport::{Observer, RequestEvent, ResponseEvent};
use napi::bindgen_prelude::*;
use napi::JsValue;

type HookFn = FunctionRef<Unknown<'static>, Unknown<'static>>;

/// The `onRequest` / `onResponse` functions of a `Coherent` config.
pub struct Hooks {
    on_request: Option<HookFn>,
    on_response: Option<HookFn>,
}

impl Hooks {
    /// `None` when neither hook is given.
    pub fn new(on_request: Option<HookFn>, on_response: Option<HookFn>) -> Option<Rc<Self>> {
        (on_request.is_some() || on_response.is_some()).then(|| {
            Rc::new(Hooks {
                on_request,
                on_response,
            })
        })
    }
}

/// One attempt as the hooks see it: never a body, a header value other than the request id, or
/// the token.
pub(super) enum Event {
    Request {
        method: &'static str,
        path: String,
        attempt: u32,
    },
    Response {
        method: &'static str,
        path: String,
        attempt: u32,
        status: Option<u16>,
        error: Option<String>,
        elapsed_ms: f64,
        request_id: Option<String>,
        http_version: Option<&'static str>,
    },
}

/// Collects the attempts of one call on the runtime's threads; replayed to the hooks on settle.
#[derive(Default)]
pub(super) struct Recorder(Mutex<Vec<Event>>);

impl Observer for Recorder {
    fn on_request(&self, e: &RequestEvent<'_>) {
        if let Ok(mut events) = self.0.lock() {
            events.push(Event::Request {
                method: e.method,
                path: e.path.to_string(),
                attempt: e.attempt,
            });
        }
    }

    fn on_response(&self, e: &ResponseEvent<'_>) {
        if let Ok(mut events) = self.0.lock() {
            events.push(Event::Response {
                method: e.method,
                path: e.path.to_string(),
                attempt: e.attempt,
                status: e.status,
                error: e.error_code.map(str::to_string),
                elapsed_ms: (e.elapsed.as_secs_f64() * 1e6).round() / 1e3,
                request_id: e.request_id.map(str::to_string),
                http_version: e.http_version,
            });
        }
    }
}

/// Calls the hooks once per recorded event, in order. A hook that throws is ignored: observing
/// a call must never change its outcome.
pub(super) fn deliver(env: &Env, hooks: &Hooks, recorder: &Recorder) {
    let events = match recorder.0.lock() {
        Ok(mut events) => std::mem::take(&mut *events),
        Err(_) => return,
    };
    for event in events {
        let _ = (|| -> Result<()> {
            let (hook, object) = match event {
                Event::Request {
                    method,
                    path,
                    attempt,
                } => {
                    let Some(hook) = &hooks.on_request else {
                        return Ok(());
                    };
                    let mut o = Object::new(env)?;
                    o.set_named_property("method", method)?;
                    o.set_named_property("path", path)?;
                    o.set_named_property("attempt", attempt)?;
                    (hook, o)
                }
                Event::Response {
                    method,
                    path,
                    attempt,
                    status,
                    error,
                    elapsed_ms,
                    request_id,
                    http_version,
                } => {
                    let Some(hook) = &hooks.on_response else {
                        return Ok(());
                    };
                    let mut o = Object::new(env)?;
                    o.set_named_property("method", method)?;
                    o.set_named_property("path", path)?;
                    o.set_named_property("attempt", attempt)?;
                    o.set_named_property("status", status)?;
                    o.set_named_property("elapsedMs", elapsed_ms)?;
                    o.set_named_property("requestId", request_id)?;
                    o.set_named_property("httpVersion", http_version)?;
                    if let Some(code) = error {
                        o.set_named_property("error", code)?;
                    }
                    (hook, o)
                }
            };
            let hook = hook.borrow_back(env)?.to_unknown();
            let hook: Function<Unknown, Unknown> = unsafe { hook.cast() }?;
            hook.call(object.to_unknown())?;
            Ok(())
        })();
    }
}
