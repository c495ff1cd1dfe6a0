//! Node.js binding of the `coherent` core. Files here only convert between JS values and core
//! types; every rule (paths, validation, HTTP policy, result shapes) lives in the core crate.

#[macro_use]
extern crate napi_derive;

mod ascii_json;
mod call;
mod client;
mod customers;
mod js;
mod js_error;
mod merchants;
mod namespace;
mod onboarding;
mod option_types;
mod payment_method;
mod payment_plans;
mod raw_request;
mod request_types;
mod results;
mod settle;
mod terminals;
mod transactions;
mod webhooks;

/// Tokio worker threads for the HTTP work. Node's own thread runs the JS and turns each response
/// into values, so it needs a core of its own: on a 2-core machine one worker costs ~20% less
/// CPU per request and ~50 µs less latency than tokio's default of one per core (BENCHMARKS.md).
/// `TOKIO_WORKER_THREADS` overrides.
fn io_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (cores / 2).clamp(1, 4)
}

/// Runs once when the addon is loaded, before any call: hands napi-rs the runtime it spawns
/// calls on. If building it fails, napi-rs builds its default runtime on first use instead.
#[napi_derive::module_init]
fn init_runtime() {
    let mut builder = napi::tokio::runtime::Builder::new_multi_thread();
    builder.enable_all().thread_name("coherent-io");
    if std::env::var_os("TOKIO_WORKER_THREADS").is_none() {
        builder.worker_threads(io_threads());
    }
    if let Ok(runtime) = builder.build() {
        napi::bindgen_prelude::create_custom_tokio_runtime(runtime);
    }
}
