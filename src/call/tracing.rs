//! Publishes each API call, and each of its HTTP attempts, to the diagnostics_channel
//! TracingChannels of `lib/tracing.js` (README "Observability"). With no subscriber the only
//! cost is one `hasSubscribers` read per call: no context is built and no header is added.
//!
//! Attempts are recorded on the runtime's threads (the hooks' recorder) and published when the
//! call settles, in order, before the call's `asyncStart`, each with its own start and end
//! time: publishing them live would need a second thread-safe function, whose deliveries are
//! not ordered with the settling one.

// `register_tracing` is called from index.js only; `cargo test` builds compile the napi
// registration out, which leaves it looking unused.
#![cfg_attr(test, allow(dead_code))]

use std::cell::RefCell;
use std::ptr;
use std::rc::Rc;
use std::time::Instant;

use coherent::path::PathTemplate;
use coherent::transport::CallOptions;
use coherent::Client;
use napi::bindgen_prelude::*;
use napi::{sys, JsValue, ValueType};

use super::hooks::Event;
use super::ApiPromise;

/// The trace-context headers a `start` subscriber may set on `context.headers`: the only ones
/// read from it.
const TRACE_HEADERS: [&str; 2] = ["traceparent", "tracestate"];

/// What `lib/tracing.js` exports: the subscriber flag and probes, and the publishing functions.
struct Channels {
    /// `active[0]`: 1 while either channel has a subscriber (kept current by lib/tracing.js),
    /// read without entering JS; with the typed array holding it alive. `None`: ask `probe`.
    active: Option<(*const u8, ObjectRef<false>)>,
    probe: ObjectRef<false>,
    attempt_probe: ObjectRef<false>,
    trace_call: FunctionRef<Unknown<'static>, Unknown<'static>>,
    publish_attempt: FunctionRef<Unknown<'static>, Unknown<'static>>,
}

thread_local! {
    // One JS thread per env: the main thread and each worker register their own.
    static CHANNELS: RefCell<Option<Channels>> = const { RefCell::new(None) };
}

/// Called once by `index.js` with the exports of `lib/tracing.js`.
#[napi(js_name = "__registerTracing", ts_args_type = "tracing: object")]
pub fn register_tracing(env: Env, tracing: Object) -> Result<()> {
    let function = |name: &str| -> Result<FunctionRef<Unknown<'static>, Unknown<'static>>> {
        let f: Function<Unknown<'static>, Unknown<'static>> = tracing.get_named_property(name)?;
        f.create_ref()
    };
    let probe = |name: &str| -> Result<ObjectRef<false>> {
        tracing.get_named_property::<Object>(name)?.create_ref()
    };
    let channels = Channels {
        active: flag(&env, tracing.get_named_property("active")?)?,
        probe: probe("probe")?,
        attempt_probe: probe("attemptProbe")?,
        trace_call: function("traceCall")?,
        publish_attempt: function("publishAttempt")?,
    };
    CHANNELS.with(|c| *c.borrow_mut() = Some(channels));
    Ok(())
}

/// The first byte of `value` when it is a typed array (`active`), else `None`.
fn flag(env: &Env, value: Unknown) -> Result<Option<(*const u8, ObjectRef<false>)>> {
    let mut is_typed_array = false;
    check_status!(unsafe { sys::napi_is_typedarray(env.raw(), value.raw(), &mut is_typed_array) })?;
    if !is_typed_array {
        return Ok(None);
    }
    let (mut kind, mut length, mut data) = (0, 0, ptr::null_mut());
    let (mut buffer, mut offset) = (ptr::null_mut(), 0);
    check_status!(unsafe {
        sys::napi_get_typedarray_info(
            env.raw(),
            value.raw(),
            &mut kind,
            &mut length,
            &mut data,
            &mut buffer,
            &mut offset,
        )
    })?;
    if kind != sys::TypedarrayType::uint8_array || length < 1 || data.is_null() {
        return Ok(None);
    }
    let array: Object = unsafe { value.cast() }?;
    Ok(Some((data.cast_const().cast(), array.create_ref()?)))
}

fn has_subscribers(env: &Env, probe: impl Fn(&Channels) -> &ObjectRef<false>) -> bool {
    CHANNELS.with(|c| {
        c.borrow().as_ref().is_some_and(|channels| {
            probe(channels)
                .get_value(env)
                .and_then(|p| p.get_named_property::<bool>("hasSubscribers"))
                .unwrap_or(false)
        })
    })
}

/// Whether anyone listens on the call or the attempt channel: checked once per call.
pub(super) fn active(env: &Env) -> bool {
    let flag = CHANNELS.with(|c| c.borrow().as_ref().map(|c| c.active.as_ref().map(|a| a.0)));
    match flag {
        None => false,
        // The byte lives in an ArrayBuffer this thread's JS owns and never detaches.
        Some(Some(byte)) => unsafe { byte.read_volatile() != 0 },
        Some(None) => has_subscribers(env, |c| &c.probe),
    }
}

/// A traced call: its context object (the one every event of the call carries) and the clocks
/// its attempts' times are measured against.
pub(super) struct CallTrace {
    context: ObjectRef<false>,
    /// `performance.now()` at `start`, and the same moment on Rust's monotonic clock.
    start_ms: f64,
    started: Instant,
}

/// `traceCall(operation, httpMethod, pathTemplate, serverAddress, serverPort, url, send)`: the
/// context is built in JS from these (one call instead of a dozen property sets through N-API).
type TraceCallArgs<'a> = (
    &'static str,
    Option<&'static str>,
    Option<&'a str>,
    &'a str,
    Option<u16>,
    String,
    Function<'a, Unknown<'a>, Raw>,
);

/// `publishAttempt(call, attempt, retryDelayMs, startTime, endTime, elapsedMs, status,
/// errorCode, requestId, httpVersion)`.
type PublishAttemptArgs<'a> = (
    Object<'a>,
    u32,
    f64,
    f64,
    f64,
    f64,
    Option<u16>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

/// The value the `send` closure hands back to JS.
struct Raw(sys::napi_value);

impl ToNapiValue for Raw {
    unsafe fn to_napi_value(_: sys::napi_env, value: Self) -> Result<sys::napi_value> {
        Ok(value.0)
    }
}

/// Runs `send` inside `traceCall` (lib/tracing.js): `start` is published first, `send` then
/// starts the call (reading the headers a subscriber set) and returns its Promise.
pub(super) fn traced<'env, F>(
    env: &'env Env,
    operation: &'static str,
    endpoint: Option<(&'static str, PathTemplate)>,
    client: &Client,
    send: F,
) -> ApiPromise<'env>
where
    F: 'static + for<'a> FnOnce(&'a Env, Option<CallTrace>) -> ApiPromise<'a>,
{
    let send = Rc::new(RefCell::new(Some(send)));
    let send_once = Rc::clone(&send);
    let traced = (|| -> Result<sys::napi_value> {
        // Called back by traceCall right after `start`, with the start time and the context.
        let closure = env.create_function_from_closure::<Unknown, Raw, _>("send", move |ctx| {
            let start_ms = ctx.get::<f64>(0).unwrap_or(0.0);
            let context = ctx.get::<Object>(1)?.create_ref()?;
            let Some(send) = send_once.borrow_mut().take() else {
                let _ = context.unref(ctx.env);
                return Err(napi::Error::from_reason("call already sent"));
            };
            let trace = CallTrace {
                context,
                start_ms,
                started: Instant::now(),
            };
            let env: &Env = ctx.env;
            send(env, Some(trace)).map(|promise| Raw(promise.raw()))
        })?;
        let base = client.base();
        let host = base.host_str().unwrap_or("");
        let port = base.port_or_known_default();
        let url = match port {
            Some(port) => format!("{}://{host}:{port}", base.scheme()),
            None => format!("{}://{host}", base.scheme()),
        };
        let template = endpoint.as_ref().map(|(_, template)| template.to_string());
        // `server.address` is the bare host; the URL keeps IPv6 brackets.
        let address = host.trim_start_matches('[').trim_end_matches(']');
        let args: TraceCallArgs = (
            operation,
            endpoint.map(|(method, _)| method),
            template.as_deref(),
            address,
            port,
            url,
            closure,
        );
        CHANNELS.with(|c| {
            let channels = c.borrow();
            let channels = channels
                .as_ref()
                .ok_or_else(|| napi::Error::from_reason("tracing not registered"))?;
            let trace_call: Function<FnArgs<TraceCallArgs>, Unknown> =
                unsafe { channels.trace_call.borrow_back(env)?.to_unknown().cast() }?;
            Ok(trace_call.call(FnArgs::from(args))?.raw())
        })
    })();
    match traced {
        Ok(promise) => Ok(PromiseRaw::new(env.raw(), promise)),
        // Tracing failed around the call; the call itself still goes out, untraced.
        Err(e) => match send.borrow_mut().take() {
            Some(send) => send(env, None),
            None => Err(e),
        },
    }
}

impl CallTrace {
    /// Adds the `traceparent` / `tracestate` string values a `start` subscriber set on
    /// `context.headers` to every attempt; anything else there is ignored, and a value that is
    /// not a valid header value is dropped (the call goes out without it).
    pub(super) fn add_headers(&self, env: &Env, call: &mut CallOptions) {
        let _ = (|| -> Result<()> {
            let context = self.context.get_value(env)?;
            let headers: Unknown = context.get_named_property("headers")?;
            if headers.get_type()? != ValueType::Object {
                return Ok(());
            }
            let headers: Object = unsafe { headers.cast() }?;
            for name in TRACE_HEADERS {
                let value: Unknown = headers.get_named_property(name)?;
                if value.get_type()? == ValueType::String {
                    let value: String = unsafe { value.cast() }?;
                    call.add_header(name, &value);
                }
            }
            Ok(())
        })();
    }

    /// On the JS thread, as the call settles (before its `error` / `asyncStart`): sets the
    /// outcome on the call context and publishes the attempts, in order.
    pub(super) fn settle(self, env: &Env, events: &[Event]) {
        let _ = self.publish(env, events);
        let _ = self.context.unref(env);
    }

    fn publish(&self, env: &Env, events: &[Event]) -> Result<()> {
        let mut context = self.context.get_value(env)?;
        let mut attempts = 0;
        let mut last = None;
        for event in events {
            if let Event::Response(response) = event {
                attempts = attempts.max(response.attempt);
                last = Some(response);
            }
        }
        context.set_named_property("attempts", attempts)?;
        set_or_undefined(&mut context, "status", last.and_then(|r| r.status))?;
        set_or_undefined(
            &mut context,
            "requestId",
            last.and_then(|r| r.request_id.as_deref()),
        )?;
        set_or_undefined(
            &mut context,
            "httpVersion",
            last.and_then(|r| r.http_version),
        )?;
        if !has_subscribers(env, |c| &c.attempt_probe) {
            return Ok(());
        }
        let publish: Function<FnArgs<PublishAttemptArgs>, Unknown> =
            CHANNELS.with(|c| -> Result<_> {
                let channels = c.borrow();
                let channels = channels
                    .as_ref()
                    .ok_or_else(|| napi::Error::from_reason("tracing not registered"))?;
                unsafe {
                    channels
                        .publish_attempt
                        .borrow_back(env)?
                        .to_unknown()
                        .cast()
                }
            })?;
        let since_start = |at: Instant| {
            self.start_ms + at.saturating_duration_since(self.started).as_secs_f64() * 1e3
        };
        let mut previous_end = None;
        for event in events {
            let Event::Response(response) = event else {
                continue;
            };
            let end = since_start(response.ended);
            let start = since_start(response.ended - response.elapsed);
            let retry_delay = previous_end.map_or(0.0, |e: f64| (start - e).max(0.0));
            previous_end = Some(end);
            let _ = publish.call(FnArgs::from((
                context,
                response.attempt,
                retry_delay,
                start,
                end,
                response.elapsed_ms(),
                response.status,
                response.error.as_deref(),
                response.request_id.as_deref(),
                response.http_version,
            )));
        }
        Ok(())
    }
}

/// Sets `name` to `value`, or to `undefined` when there is none (napi-rs would write `null`).
fn set_or_undefined<T: ToNapiValue>(
    object: &mut Object,
    name: &str,
    value: Option<T>,
) -> Result<()> {
    match value {
        Some(value) => object.set_named_property(name, value),
        None => object.set_named_property(name, ()),
    }
}
