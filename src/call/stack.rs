//! The stack of the code that made a call, so that a rejection built when the call settles (an
//! HTTP status, a refused connection, a timeout, an abort) shows where the app made the call.
//!
//! A settled call's error is built from the event loop, with no JS frame of the app on the stack:
//! its own stack is just its message line. So an `Error` is made when the call starts (V8 records
//! its frames then, `at async` ones included, and formats them only if `stack` is read), and a
//! rejection's `stack` becomes its own first line followed by those frames: what a synchronous
//! `throw` at the call would have shown. Frames are function names and file positions: never an
//! argument, so never the token or patient data.

use std::ptr;

use napi::bindgen_prelude::*;
use napi::{sys, ValueType};

/// The frames of the call's caller, from its start until it settles. Made and used on the JS
/// thread.
pub(super) struct CallSite(sys::napi_ref);

impl CallSite {
    /// Records the current stack. `None` if Node refuses (the rejection keeps its own stack).
    pub(super) fn capture(env: &Env) -> Option<Self> {
        let env = env.raw();
        let mut message = ptr::null_mut();
        let mut error = ptr::null_mut();
        let mut reference = ptr::null_mut();
        let made = unsafe {
            sys::napi_create_string_utf8(env, ptr::null(), 0, &mut message) == sys::Status::napi_ok
                && sys::napi_create_error(env, ptr::null_mut(), message, &mut error)
                    == sys::Status::napi_ok
                && sys::napi_create_reference(env, error, 1, &mut reference) == sys::Status::napi_ok
        };
        made.then_some(CallSite(reference))
    }

    /// The call succeeded: the recorded frames are dropped unread (never formatted).
    pub(super) fn release(self, env: &Env) {
        unsafe { sys::napi_delete_reference(env.raw(), self.0) };
    }

    /// Gives the rejection `error` the caller's frames. Anything unexpected (a `stack` that is
    /// not a string, as a custom `Error.prepareStackTrace` may make) leaves it as it was.
    pub(super) fn attach(self, env: &Env, error: napi::Error) -> napi::Error {
        let raw = env.raw();
        let mut site = ptr::null_mut();
        let found = unsafe { sys::napi_get_reference_value(raw, self.0, &mut site) };
        self.release(env);
        if found != sys::Status::napi_ok || site.is_null() {
            return error;
        }
        let Ok(rejection) = (unsafe { ToNapiValue::to_napi_value(raw, error) }) else {
            return napi::Error::from_reason("internal error while settling the call");
        };
        let _ = graft(env, site, rejection);
        napi::Error::from(unsafe { Unknown::from_raw_unchecked(raw, rejection) })
    }
}

/// `rejection.stack = <its first line> + <the frames of site.stack>`.
fn graft(env: &Env, site: sys::napi_value, rejection: sys::napi_value) -> Result<()> {
    let site = Object::from_raw(env.raw(), site);
    let mut rejection = Object::from_raw(env.raw(), rejection);
    let (Some(frames), Some(own)) = (stack_of(&site)?, stack_of(&rejection)?) else {
        return Ok(());
    };
    // The site's own first line is `Error` (it has no message); its frames follow from the first
    // line break. The rejection's stack has no frames of the app to keep.
    let Some(at) = frames.find('\n') else {
        return Ok(());
    };
    let head_end = own.find("\n    at ").unwrap_or(own.len());
    let stack = format!("{}{}", own[..head_end].trim_end(), &frames[at..]);
    rejection.set_named_property("stack", stack)
}

/// `value.stack` when it is a string.
fn stack_of(value: &Object) -> Result<Option<String>> {
    let stack: Unknown = value.get_named_property("stack")?;
    if stack.get_type()? != ValueType::String {
        return Ok(None);
    }
    Ok(Some(unsafe { stack.cast::<String>() }?))
}
