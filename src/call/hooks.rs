//! The config's `onRequest` / `onResponse` hooks: attempts are recorded on the runtime's threads
//! and replayed to the hooks on the JS thread when the call settles.

use std::rc::Rc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

/// One attempt as the hooks (and traces) see it: never a body, a header value other than the
/// request id, or the token.
pub(super) enum Event {
    Request {
        method: &'static str,
        path: String,
        attempt: u32,
    },
    Response(Finished),
}

/// An attempt that ended, with a response (`status`) or without one (`error`).
pub(super) struct Finished {
    pub(super) method: &'static str,
    pub(super) path: String,
    pub(super) attempt: u32,
    pub(super) status: Option<u16>,
    pub(super) error: Option<String>,
    pub(super) elapsed: Duration,
    /// When it ended (recorded as the transport reported it).
    pub(super) ended: Instant,
    pub(super) request_id: Option<String>,
    /// `"1.1"` or `"2"`, when a response arrived.
    pub(super) http_version: Option<&'static str>,
}

impl Finished {
    /// Milliseconds, rounded to the microsecond.
    pub(super) fn elapsed_ms(&self) -> f64 {
        (self.elapsed.as_secs_f64() * 1e6).round() / 1e3
    }
}

/// Collects the attempts of one call on the runtime's threads; replayed to the hooks (and the
/// trace) on settle.
#[derive(Default)]
pub(super) struct Recorder(Mutex<Vec<Event>>);

impl Recorder {
    /// The events recorded so far, in order.
    pub(super) fn take(&self) -> Vec<Event> {
        match self.0.lock() {
            Ok(mut events) => std::mem::take(&mut *events),
            Err(_) => Vec::new(),
        }
    }
}

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
            events.push(Event::Response(Finished {
                method: e.method,
                path: e.path.to_string(),
                attempt: e.attempt,
                status: e.status,
                error: e.error_code.map(str::to_string),
                elapsed: e.elapsed,
                ended: Instant::now(),
                request_id: e.request_id.map(str::to_string),
                http_version: e.http_version,
            }));
        }
    }
}

/// Calls the hooks once per recorded event, in order. A hook that throws is ignored: observing
/// a call must never change its outcome.
pub(super) fn deliver(env: &Env, hooks: &Hooks, events: &[Event]) {
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
                    o.set_named_property("method", *method)?;
                    o.set_named_property("path", path.as_str())?;
                    o.set_named_property("attempt", *attempt)?;
                    (hook, o)
                }
                Event::Response(r) => {
                    let Some(hook) = &hooks.on_response else {
                        return Ok(());
                    };
                    let mut o = Object::new(env)?;
                    o.set_named_property("method", r.method)?;
                    o.set_named_property("path", r.path.as_str())?;
                    o.set_named_property("attempt", r.attempt)?;
                    o.set_named_property("status", r.status)?;
                    o.set_named_property("elapsedMs", r.elapsed_ms())?;
                    o.set_named_property("requestId", r.request_id.as_deref())?;
                    o.set_named_property("httpVersion", r.http_version)?;
                    if let Some(code) = &r.error {
                        o.set_named_property("error", code.as_str())?;
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
