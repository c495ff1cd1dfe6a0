//! Runs a core request on the tokio runtime and settles the JS Promise on the JS thread. The
//! pieces of a call: `call_options` (the per-call options object), `hooks` (the config's
//! `onRequest` / `onResponse`), `abort` (the `AbortSignal` link), `context` (the caller's async
//! context, where the hooks run), `stack` (the caller's frames, for rejections).

mod abort;
mod call_options;
mod context;
mod hooks;
mod stack;
mod tracing;

use std::panic::AssertUnwindSafe;
use std::rc::Rc;
use std::sync::Arc;

use coherent::transport::Observer;
use coherent::{Client, Config, Error, Request};
use napi::bindgen_prelude::*;

use crate::{js, js_error, results, settle};
use abort::SignalLink;
use call_options::{read_options, Options};
use context::CallerContext;
pub use hooks::Hooks;
use hooks::{deliver, Recorder};
use stack::CallSite;

/// The Promise every API method returns. A request that failed to build (validation) rejects
/// without any I/O.
pub type ApiPromise<'env> = Result<PromiseRaw<'env, Unknown<'env>>>;

/// What every namespace object holds: the shared core client, the config's hooks, and whether
/// rejections get the caller's stack (`asyncStackTraces`).
#[derive(Clone)]
pub struct Api {
    client: Arc<Client>,
    hooks: Option<Rc<Hooks>>,
    stack_traces: bool,
}

impl Api {
    pub fn new(client: Arc<Client>, hooks: Option<Rc<Hooks>>, stack_traces: bool) -> Self {
        Api {
            client,
            hooks,
            stack_traces,
        }
    }

    pub fn client(&self) -> &Arc<Client> {
        &self.client
    }

    /// What a namespace class built stand-alone as `new XxxAPI(baseUrl, accessToken)` holds: its
    /// own client with the default policy (stack traces on) and no hooks. Bad arguments throw a
    /// `CoherentValidationError` naming them.
    pub fn standalone(env: &Env, base_url: Unknown, access_token: Unknown) -> Result<Api> {
        let build = || {
            let config = Config::builder()
                .base_url(js::string(base_url, "baseUrl")?)
                .token(js::string(access_token, "accessToken")?)
                .build()?;
            Client::new(config)
        };
        build()
            .map(|client| Api::new(Arc::new(client), None, true))
            .map_err(|e| js_error::to_js(env, e, None))
    }
}

/// Starts the call `operation` (`'transactions.create'`, the JS method called); traced when the
/// call channel has subscribers.
pub fn spawn<'env>(
    env: &'env Env,
    api: &Api,
    operation: &'static str,
    request: coherent::Result<Request>,
    options: Option<Unknown<'env>>,
) -> ApiPromise<'env> {
    let prepared = request.and_then(|request| Ok((request, read_options(env, options)?)));
    // Recorded here, before tracing adds its own frames; a bad input is rejected on the caller's
    // stack already.
    let site = match &prepared {
        Ok(_) if api.stack_traces => CallSite::capture(env),
        _ => None,
    };
    if !tracing::active(env) {
        return send(env, api.clone(), prepared, site, None);
    }
    let endpoint = prepared
        .as_ref()
        .ok()
        .map(|(request, _)| (request.method.as_str(), request.template.clone()));
    let client = Arc::clone(&api.client);
    let api = api.clone();
    tracing::traced(env, operation, endpoint, &client, move |env, trace| {
        send(env, api, prepared, site, trace)
    })
}

fn send<'env>(
    env: &'env Env,
    api: Api,
    prepared: coherent::Result<(Request, Options)>,
    site: Option<CallSite>,
    trace: Option<tracing::CallTrace>,
) -> ApiPromise<'env> {
    let Api { client, hooks, .. } = api;
    let (request, options) = match prepared {
        Ok(ready) => ready,
        Err(e) => return reject(env, e, trace),
    };
    let Options { mut call, link } = options;
    if let Some(trace) = &trace {
        trace.add_headers(env, &mut call);
    }
    let observed = hooks.is_some() || trace.is_some();
    let recorder = observed.then(|| Arc::new(Recorder::default()));
    call.observer = recorder.clone().map(|r| r as Arc<dyn Observer>);
    // Hooks and attempt events run when the call settles, in the context of the code that made it.
    let caller = observed.then(|| CallerContext::capture(env)).flatten();
    let sender = Arc::clone(&client);
    let settling = Settling {
        client,
        hooks,
        trace,
        link,
        recorder,
        caller,
        site,
    };
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
            std::panic::catch_unwind(AssertUnwindSafe(|| settling.settle(env, outcome)))
                .unwrap_or_else(|_| {
                    Err(napi::Error::from_reason(
                        "internal error while settling the call",
                    ))
                })
        },
    )
}

/// How a call ended on the runtime: the request with its readied response, or the error (with
/// the request, when one was built).
type Outcome = std::result::Result<(Request, results::Prepared), (Error, Option<Request>)>;

/// What a call in flight keeps for its settling, on the JS thread.
struct Settling {
    client: Arc<Client>,
    hooks: Option<Rc<Hooks>>,
    trace: Option<tracing::CallTrace>,
    link: Option<SignalLink>,
    recorder: Option<Arc<Recorder>>,
    caller: Option<CallerContext>,
    site: Option<CallSite>,
}

impl Settling {
    /// Unlinks the signal, replays the attempts to the hooks and the trace (in the caller's async
    /// context), then resolves with the shaped result or rejects with the typed error.
    fn settle(self, env: &Env, outcome: Outcome) -> Result<Unknown<'_>> {
        let Settling {
            client,
            hooks,
            trace,
            link,
            recorder,
            caller,
            site,
        } = self;
        let aborted = matches!(outcome, Err((Error::Aborted { .. }, _)));
        let cause = link
            .as_ref()
            .filter(|_| aborted)
            .and_then(|l| l.reason(env));
        if let Some(link) = link {
            link.unlink(env);
        }
        let events = recorder.map(|r| r.take()).unwrap_or_default();
        let observe = || {
            if let Some(hooks) = hooks {
                deliver(env, &hooks, &events);
            }
            if let Some(trace) = trace {
                trace.settle(env, &events);
            }
        };
        match caller {
            Some(caller) => caller.run(env, observe),
            None => observe(),
        }
        let (error, request) = match outcome {
            Ok((request, prepared)) => match results::to_js(env, request.shape, prepared) {
                Ok(value) => {
                    if let Some(site) = site {
                        site.release(env);
                    }
                    return Ok(value);
                }
                Err(e) => (e, Some(request)),
            },
            Err(failure) => failure,
        };
        // Which request failed is worked out only when one does.
        let target = request.map(|r| js_error::Target::new(&client, &r));
        let error = js_error::to_js_with_cause(env, error, target.as_ref(), cause);
        Err(match site {
            Some(site) => site.attach(env, error),
            None => error,
        })
    }
}

/// A Promise rejected with `error` (settled from the event loop, as every call is): bad input
/// rejects, it never throws synchronously.
fn reject<'env>(
    env: &'env Env,
    error: Error,
    trace: Option<tracing::CallTrace>,
) -> ApiPromise<'env> {
    let error = js_error::to_js(env, error, None);
    settle::spawn_future_with_callback(env, async { Ok(()) }, move |env, ()| -> Result<Unknown> {
        if let Some(trace) = trace {
            trace.settle(env, &[]);
        }
        Err(error)
    })
}
