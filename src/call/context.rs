//! The async context of the code that made a call (its `AsyncLocalStorage` stores, its
//! async_hooks parent), kept so that the callbacks run for the call when it settles (the
//! `onRequest` / `onResponse` hooks, attempt events on the tracing channel) run in it.
//!
//! Calls settle through one thread-safe function per JS thread (`settle.rs`), whose own async
//! context is that of whichever call created it: without this, every hook would see the first
//! call's store. An async context per call (`napi_async_init`, entered with a callback scope) is
//! what Node's `AsyncResource` is, built from native code: its `init` event gives the resource the
//! caller's stores.

use std::ptr;

use napi::bindgen_prelude::*;
use napi::sys;

/// Names the resource in async_hooks (`type` of its `init` event).
const RESOURCE_NAME: &str = "coherent.call";

/// A call's async context, from its start until it settles. Made and used on the JS thread.
pub(super) struct CallerContext {
    context: sys::napi_async_context,
    resource: sys::napi_ref,
}

impl CallerContext {
    /// Captures the current async context. `None` if Node refuses (the callbacks then run in the
    /// settle channel's context, as they would without this).
    pub(super) fn capture(env: &Env) -> Option<Self> {
        let env = env.raw();
        let mut resource = ptr::null_mut();
        let mut name = ptr::null_mut();
        let mut context = ptr::null_mut();
        let mut reference = ptr::null_mut();
        unsafe {
            ok(sys::napi_create_object(env, &mut resource))?;
            ok(sys::napi_create_string_utf8(
                env,
                RESOURCE_NAME.as_ptr().cast(),
                RESOURCE_NAME.len() as isize,
                &mut name,
            ))?;
            // Node holds only a weak reference to a resource it was given: ours keeps it alive.
            ok(sys::napi_create_reference(env, resource, 1, &mut reference))?;
            if sys::napi_async_init(env, resource, name, &mut context) != sys::Status::napi_ok {
                sys::napi_delete_reference(env, reference);
                return None;
            }
        }
        Some(CallerContext {
            context,
            resource: reference,
        })
    }

    /// Runs `f` inside the captured context, then ends it (async_hooks `destroy`).
    pub(super) fn run<R>(self, env: &Env, f: impl FnOnce() -> R) -> R {
        let raw = env.raw();
        let mut resource = ptr::null_mut();
        let mut scope = ptr::null_mut();
        let opened = unsafe {
            sys::napi_get_reference_value(raw, self.resource, &mut resource) == sys::Status::napi_ok
                && !resource.is_null()
                && sys::napi_open_callback_scope(raw, resource, self.context, &mut scope)
                    == sys::Status::napi_ok
        };
        let result = f();
        unsafe {
            if opened {
                sys::napi_close_callback_scope(raw, scope);
            }
            sys::napi_async_destroy(raw, self.context);
            sys::napi_delete_reference(raw, self.resource);
        }
        result
    }
}

fn ok(status: sys::napi_status) -> Option<()> {
    (status == sys::Status::napi_ok).then_some(())
}
