//! Node.js binding of the offline gateway (crates/sandbox): the native binary of the npm package
//! `@coherentx/coherent-sandbox`. Files here only convert between JS values and the gateway's
//! types. The client's binding (the root crate, `@coherentx/coherent`) does not link this, so a
//! production deploy of the client carries no server; the two addons share a process when a
//! test starts a sandbox and calls it with the client.

#[macro_use]
extern crate napi_derive;

mod command_line;
mod control_methods;
mod sandbox;
mod start_options;

/// Runs once when the addon is loaded: a small runtime for the gateway (a development server
/// beside the app's own work), instead of napi-rs's default of one thread per core.
#[napi_derive::module_init]
fn init_runtime() {
    let mut builder = napi::tokio::runtime::Builder::new_multi_thread();
    builder.enable_all().thread_name("coherent-sandbox");
    if std::env::var_os("TOKIO_WORKER_THREADS").is_none() {
        builder.worker_threads(2);
    }
    if let Ok(runtime) = builder.build() {
        napi::bindgen_prelude::create_custom_tokio_runtime(runtime);
    }
}
