//! Runs a core request on the tokio runtime and settles the JS Promise on the JS thread. Also
//! reads the per-call options (`{ timeout, signal, maxNetworkRetries }`) and delivers the config's
//! `onRequest` / `onResponse` hooks.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use coherent::config::MAX_NETWORK_RETRIES_LIMIT;
use coherent::transport::{self, CallOptions, Observer, RequestEvent, ResponseEvent};
use coherent::{Client, Config, Error, Request};
use napi::bindgen_prelude::*;
use napi::{JsValue, ValueType};

use crate::{errors, js, results, settle};

/// The Promise every API method returns. A request that failed to build (validation) rejects
/// without any I/O.
pub type ApiPromise<'env> = Result<PromiseRaw<'env, Unknown<'env>>>;

/// The keys a per-call options object may have.
const OPTION_KEYS: &[&str] = &["timeout", "signal", "maxNetworkRetries"];

/// What every namespace object holds: the shared core client and the config's hooks.
#[derive(Clone)]
pub struct Api {
    client: Arc<Client>,
    hooks: Option<Rc<Hooks>>,
}

impl Api {
    pub fn new(client: Arc<Client>, hooks: Option<Rc<Hooks>>) -> Self {
        Api { client, hooks }
    }

    pub fn client(&self) -> &Arc<Client> {
        &self.client
    }

    /// What a namespace class built stand-alone as `new XxxAPI(baseUrl, accessToken)` holds: its
    /// own client with the default policy and no hooks.
    pub fn standalone(env: &Env, base_url: String, token: String) -> Result<Api> {
        Config::builder()
            .base_url(base_url)
            .token(token)
            .build()
            .and_then(Client::new)
            .map(|client| Api::new(Arc::new(client), None))
            .map_err(|e| errors::to_js(env, e, None))
    }
}

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
enum Event {
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
    },
}

/// Collects the attempts of one call on the runtime's threads; replayed to the hooks on settle.
#[derive(Default)]
struct Recorder(Mutex<Vec<Event>>);

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
            });
        }
    }
}

/// The listener a call registered on its `AbortSignal`, removed when the call settles.
struct SignalLink {
    // No leak check: if the environment shuts down before the call settles, the reference goes
    // with it.
    signal: ObjectRef<false>,
    /// The call's id and its bound listener; `None` when the signal was already aborted.
    listener: Option<(u64, FunctionRef<Unknown<'static>, Unknown<'static>>)>,
}

impl SignalLink {
    /// `signal.reason`: what the caller aborted with (e.g. a `TimeoutError` from
    /// `AbortSignal.timeout`).
    fn reason<'e>(&self, env: &'e Env) -> Option<Unknown<'e>> {
        let signal = self.signal.get_value(env).ok()?;
        signal.get_named_property::<Unknown>("reason").ok()
    }

    fn unlink(self, env: &Env) {
        let _ = (|| -> Result<()> {
            let Some((id, listener)) = &self.listener else {
                return Ok(());
            };
            CANCELLERS.with(|c| c.borrow_mut().remove(id));
            let signal = self.signal.get_value(env)?;
            let remove: Function<FnArgs<(&str, Unknown)>, Unknown> =
                signal.get_named_property("removeEventListener")?;
            let listener = listener.borrow_back(env)?.to_unknown();
            remove.apply(signal, FnArgs::from(("abort", listener)))?;
            Ok(())
        })();
        let _ = self.signal.unref(env);
    }
}

/// Per-call options read from JS, ready for the core.
struct Options {
    call: CallOptions,
    link: Option<SignalLink>,
}

pub fn spawn<'env>(
    env: &'env Env,
    api: &Api,
    request: coherent::Result<Request>,
    options: Option<Unknown<'env>>,
) -> ApiPromise<'env> {
    let client = Arc::clone(&api.client);
    let hooks = api.hooks.clone();
    let prepared = request.and_then(|request| Ok((request, read_options(env, options)?)));
    let (request, options) = match prepared {
        Ok(ready) => ready,
        Err(e) => return reject(env, e),
    };
    let recorder = hooks.as_ref().map(|_| Arc::new(Recorder::default()));
    let Options { mut call, link } = options;
    call.observer = recorder.clone().map(|r| r as Arc<dyn Observer>);
    let sender = Arc::clone(&client);
    settle::spawn_future_with_callback(
        env,
        async move {
            Ok(match sender.send_with(&request, &call).await {
                // Readied here, on the runtime thread, to keep work off the event loop.
                Ok(response) => Ok((request, results::prepare(response))),
                Err(e) => Err((e, Some(request))),
            })
        },
        move |env, outcome| {
            // This runs on the JS thread from the event loop: a panic here would abort Node, so
            // one (there should be none) becomes a rejection instead.
            std::panic::catch_unwind(AssertUnwindSafe(|| {
                let aborted = matches!(outcome, Err((Error::Aborted { .. }, _)));
                let cause = link
                    .as_ref()
                    .filter(|_| aborted)
                    .and_then(|l| l.reason(env));
                if let Some(link) = link {
                    link.unlink(env);
                }
                if let (Some(hooks), Some(recorder)) = (hooks, recorder) {
                    deliver(env, &hooks, &recorder);
                }
                let (error, request) = match outcome {
                    Ok((request, prepared)) => match results::to_js(env, request.shape, prepared) {
                        Ok(value) => return Ok(value),
                        Err(e) => (e, Some(request)),
                    },
                    Err(failure) => failure,
                };
                // Which request failed is worked out only when one does.
                let target = request.map(|r| errors::Target::new(&client, &r));
                Err(errors::to_js_with_cause(env, error, target.as_ref(), cause))
            }))
            .unwrap_or_else(|_| {
                Err(napi::Error::from_reason(
                    "internal error while settling the call",
                ))
            })
        },
    )
}

/// A Promise rejected with `error` (settled from the event loop, as every call is): bad input
/// rejects, it never throws synchronously.
fn reject<'env>(env: &'env Env, error: Error) -> ApiPromise<'env> {
    let error = errors::to_js(env, error, None);
    settle::spawn_future_with_callback(env, async { Ok(()) }, move |_, ()| -> Result<Unknown> {
        Err(error)
    })
}

/// Calls the hooks once per recorded event, in order. A hook that throws is ignored: observing
/// a call must never change its outcome.
fn deliver(env: &Env, hooks: &Hooks, recorder: &Recorder) {
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

/// Reads `{ timeout, signal, maxNetworkRetries }`; `undefined` and `null` mean no options.
fn read_options(env: &Env, value: Option<Unknown>) -> coherent::Result<Options> {
    let mut options = Options {
        call: CallOptions::default(),
        link: None,
    };
    let Some(value) = value.filter(|v| !js::is_nullish(v)) else {
        return Ok(options);
    };
    let object = js::request_object(value, "options")?;
    let keys = js::own_keys(&object).map_err(|e| Error::validation("options", e.reason))?;
    if let Some(unknown) = keys.iter().find(|k| !OPTION_KEYS.contains(&k.as_str())) {
        return Err(Error::validation(
            format!("options.{unknown}"),
            format!(
                "unknown option '{unknown}' (allowed: {})",
                OPTION_KEYS.join(", ")
            ),
        ));
    }
    if let Some(ms) = js::optional_number(&object, "timeout", "options.timeout")? {
        if !(1.0..=2_147_483_647.0).contains(&ms) || ms.fract() != 0.0 {
            return Err(Error::validation(
                "options.timeout",
                "options.timeout must be a positive integer number of milliseconds",
            ));
        }
        options.call.timeout = Some(Duration::from_millis(ms as u64));
    }
    if let Some(n) = js::optional_number(&object, "maxNetworkRetries", "options.maxNetworkRetries")?
    {
        options.call.max_network_retries = Some(retries(n, "options.maxNetworkRetries")?);
    }
    let signal = js::property(&object, "signal")?;
    if !matches!(signal.get_type(), Ok(ValueType::Undefined)) {
        let (canceller, cancellation) = transport::cancellation();
        // When already aborted the canceller has fired, so the call rejects with an AbortError
        // before any I/O.
        options.link = Some(link_signal(env, signal, canceller)?);
        options.call.cancel = Some(cancellation);
    }
    Ok(options)
}

/// Checks a retry count: an integer from 0 to the limit.
pub fn retries(n: f64, field: &str) -> coherent::Result<u32> {
    if n.fract() != 0.0 || !(0.0..=f64::from(MAX_NETWORK_RETRIES_LIMIT)).contains(&n) {
        return Err(Error::validation(
            field,
            format!("{field} must be an integer from 0 to {MAX_NETWORK_RETRIES_LIMIT}"),
        ));
    }
    Ok(n as u32)
}

thread_local! {
    /// Cancellers of the calls with a signal in flight on this JS thread, by id. Each call's
    /// listener is the one shared native function bound to its id: a bound function is a plain
    /// JS object, while a native closure per call would carry a finalizer that keeps it (and
    /// V8's heap) alive longer.
    static CANCELLERS: RefCell<HashMap<u64, transport::Canceller>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
    static ON_ABORT: RefCell<Option<FunctionRef<Unknown<'static>, Unknown<'static>>>> =
        const { RefCell::new(None) };
}

/// The shared `abort` listener, `onAbort(id)`, created once per JS thread.
fn on_abort<'e>(env: &'e Env) -> Result<Unknown<'e>> {
    ON_ABORT.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            let function =
                env.create_function_from_closure::<Unknown, (), _>("onAbort", |ctx| {
                    let id = ctx.get::<f64>(0)? as u64;
                    if let Some(canceller) = CANCELLERS.with(|c| c.borrow_mut().remove(&id)) {
                        canceller.cancel();
                    }
                    Ok(())
                })?;
            let function: Function<Unknown<'static>, Unknown<'static>> =
                unsafe { function.to_unknown().cast() }?;
            *slot = Some(function.create_ref()?);
        }
        match slot.as_ref() {
            Some(function) => Ok(function.borrow_back(env)?.to_unknown()),
            None => Err(napi::Error::from_reason("onAbort listener missing")),
        }
    })
}

/// Registers an 'abort' listener that cancels the call; when the signal is already aborted,
/// cancels at once and registers nothing.
fn link_signal(
    env: &Env,
    signal: Unknown,
    canceller: transport::Canceller,
) -> coherent::Result<SignalLink> {
    let not_a_signal =
        || Error::validation("options.signal", "options.signal must be an AbortSignal");
    let is_signal = (|| -> Result<bool> {
        let class: Function<Unknown, Unknown> =
            env.get_global()?.get_named_property("AbortSignal")?;
        signal.instanceof(class)
    })()
    .unwrap_or(false);
    if !is_signal {
        return Err(not_a_signal());
    }
    let object: Object = unsafe { signal.cast() }.map_err(|_| not_a_signal())?;
    let aborted: bool = object
        .get_named_property("aborted")
        .map_err(|_| not_a_signal())?;
    let link = (|| -> Result<SignalLink> {
        if aborted {
            canceller.cancel();
            return Ok(SignalLink {
                signal: object.create_ref::<false>()?,
                listener: None,
            });
        }
        let id = NEXT_ID.with(|n| {
            let id = n.get();
            n.set(id + 1);
            id
        });
        let shared = on_abort(env)?;
        let bind: Function<FnArgs<(Undefined, f64)>, Unknown> =
            unsafe { shared.cast::<Object>() }?.get_named_property("bind")?;
        let listener = bind.apply(shared, FnArgs::from(((), id as f64)))?;
        let add: Function<FnArgs<(&str, Unknown)>, Unknown> =
            object.get_named_property("addEventListener")?;
        add.apply(object, FnArgs::from(("abort", listener)))?;
        CANCELLERS.with(|c| c.borrow_mut().insert(id, canceller));
        let listener: Function<Unknown<'static>, Unknown<'static>> = unsafe { listener.cast() }?;
        Ok(SignalLink {
            signal: object.create_ref::<false>()?,
            listener: Some((id, listener.create_ref()?)),
        })
    })()
    .map_err(|e| Error::validation("options.signal", e.reason))?;
    Ok(link)
}
