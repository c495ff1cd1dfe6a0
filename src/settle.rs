//! Settles call Promises through one thread-safe function per JS thread.
//!
//! napi-rs's `Env::spawn_future_with_callback` creates a thread-safe function for every call (a
//! libuv handle, an async resource and an env cleanup hook) and tears it down afterwards, and
//! libuv scans every live handle on each wake-up. Here each JS thread creates one, holds the
//! event loop open only while calls are pending, and finished futures post their output to it.
//! [`spawn_future_with_callback`] is a drop-in for the napi-rs method.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::c_void;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::{Arc, Mutex};

use napi::bindgen_prelude::*;
use napi::sys;

/// Turns a future's boxed output into the settled value, on the JS thread.
type Settle = Box<dyn FnOnce(&Env, Box<dyn Any + Send>) -> Result<sys::napi_value>>;

/// The sending side, shared with futures on runtime threads.
struct Channel {
    /// `None` once the env is being torn down: outcomes posted later are dropped.
    tsfn: Mutex<Option<Tsfn>>,
}

struct Tsfn(sys::napi_threadsafe_function);
// A thread-safe function is made to be called from any thread.
unsafe impl Send for Tsfn {}

/// What a future posts: which call finished, and its output.
struct Outcome {
    id: u64,
    output: Box<dyn Any + Send>,
}

/// The JS-thread side: the calls waiting for their outcome.
struct Local {
    env: sys::napi_env,
    channel: Arc<Channel>,
    tsfn: sys::napi_threadsafe_function,
    next_id: u64,
    pending: HashMap<u64, (sys::napi_deferred, Settle)>,
}

thread_local! {
    // One JS thread per env: the main thread and each worker have their own.
    static LOCAL: RefCell<Option<Local>> = const { RefCell::new(None) };
}

/// Runs `fut` on the runtime and settles the returned Promise on the JS thread with
/// `callback(env, output)`; an `Err` from either rejects it with that error's value.
pub fn spawn_future_with_callback<'env, T, V, F, R>(
    env: &'env Env,
    fut: F,
    callback: R,
) -> Result<PromiseRaw<'env, V>>
where
    T: 'static + Send,
    V: ToNapiValue,
    F: 'static + Send + Future<Output = Result<T>>,
    R: 'static + FnOnce(&'env Env, T) -> Result<V>,
{
    let raw_env = env.raw();
    let mut deferred = ptr::null_mut();
    let mut promise = ptr::null_mut();
    check_status!(unsafe { sys::napi_create_promise(raw_env, &mut deferred, &mut promise) })?;
    let settle: Settle = Box::new(move |env: &Env, output: Box<dyn Any + Send>| {
        // The callback was written for the env it was spawned from, which is this one.
        let env: &'env Env = unsafe { std::mem::transmute::<&Env, &'env Env>(env) };
        let output = output
            .downcast::<Result<T>>()
            .map_err(|_| Error::from_reason("internal error: unexpected call outcome"))?;
        let value = (*output).and_then(|t| callback(env, t))?;
        unsafe { V::to_napi_value(env.raw(), value) }
    });
    let (id, channel) = match register(raw_env, deferred, settle) {
        Ok(registered) => registered,
        Err(error) => {
            // The Promise exists already: reject it rather than leave it pending forever.
            let reason = unsafe { ToNapiValue::to_napi_value(raw_env, error) }?;
            check_status!(unsafe { sys::napi_reject_deferred(raw_env, deferred, reason) })?;
            return Ok(PromiseRaw::new(raw_env, promise));
        }
    };
    napi::bindgen_prelude::spawn(async move {
        let output: Box<dyn Any + Send> = Box::new(fut.await);
        post(&channel, Outcome { id, output });
    });
    Ok(PromiseRaw::new(raw_env, promise))
}

/// Records a pending call on this JS thread (creating the channel on first use) and keeps the
/// event loop alive while any call is pending.
fn register(
    env: sys::napi_env,
    deferred: sys::napi_deferred,
    settle: Settle,
) -> Result<(u64, Arc<Channel>)> {
    LOCAL.with(|local| {
        let mut local = local.borrow_mut();
        if local.as_ref().is_none_or(|l| l.env != env) {
            *local = Some(open(env)?);
        }
        let Some(l) = local.as_mut() else {
            return Err(Error::from_reason("settle channel missing"));
        };
        if l.pending.is_empty() {
            check_status!(unsafe { sys::napi_ref_threadsafe_function(env, l.tsfn) })?;
        }
        let id = l.next_id;
        l.next_id += 1;
        l.pending.insert(id, (deferred, settle));
        Ok((id, Arc::clone(&l.channel)))
    })
}

/// Creates this JS thread's thread-safe function, unreferenced so an idle process can exit.
fn open(env: sys::napi_env) -> Result<Local> {
    let mut name = ptr::null_mut();
    let label = "coherent.settle";
    check_status!(unsafe {
        sys::napi_create_string_utf8(env, label.as_ptr().cast(), label.len() as isize, &mut name)
    })?;
    let mut tsfn = ptr::null_mut();
    check_status!(unsafe {
        sys::napi_create_threadsafe_function(
            env,
            ptr::null_mut(),
            ptr::null_mut(),
            name,
            0,
            1,
            ptr::null_mut(),
            None,
            ptr::null_mut(),
            Some(deliver),
            &mut tsfn,
        )
    })?;
    check_status!(unsafe { sys::napi_unref_threadsafe_function(env, tsfn) })?;
    let channel = Arc::new(Channel {
        tsfn: Mutex::new(Some(Tsfn(tsfn))),
    });
    // Registered after the thread-safe function, so it runs before Node finalizes it.
    let hook_data = Arc::into_raw(Arc::clone(&channel)) as *mut c_void;
    check_status!(unsafe { sys::napi_add_env_cleanup_hook(env, Some(close), hook_data) })?;
    Ok(Local {
        env,
        channel,
        tsfn,
        next_id: 0,
        pending: HashMap::new(),
    })
}

/// Runtime thread: hands an outcome to the JS thread, or drops it if the env is gone.
fn post(channel: &Channel, outcome: Outcome) {
    let data = Box::into_raw(Box::new(outcome));
    let guard = match channel.tsfn.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    let queued = guard.as_ref().is_some_and(|tsfn| {
        let status = unsafe {
            sys::napi_call_threadsafe_function(
                tsfn.0,
                data.cast(),
                sys::ThreadsafeFunctionCallMode::nonblocking,
            )
        };
        status == sys::Status::napi_ok
    });
    drop(guard);
    if !queued {
        drop(unsafe { Box::from_raw(data) });
    }
}

/// JS thread: settles the call an outcome belongs to. `env` is null when Node drains the queue
/// at teardown; the outcome is then only freed.
unsafe extern "C" fn deliver(
    env: sys::napi_env,
    _js_callback: sys::napi_value,
    _context: *mut c_void,
    data: *mut c_void,
) {
    let outcome = unsafe { Box::from_raw(data.cast::<Outcome>()) };
    if env.is_null() {
        return;
    }
    let taken = LOCAL.with(|local| {
        let mut local = local.borrow_mut();
        let l = local.as_mut()?;
        let entry = l.pending.remove(&outcome.id)?;
        if l.pending.is_empty() {
            unsafe { sys::napi_unref_threadsafe_function(env, l.tsfn) };
        }
        Some(entry)
    });
    let Some((deferred, settle)) = taken else {
        return;
    };
    let js_env = Env::from_raw(env);
    // A panic must not unwind into Node; it rejects the call instead.
    let result = catch_unwind(AssertUnwindSafe(|| settle(&js_env, outcome.output)))
        .unwrap_or_else(|_| Err(Error::from_reason("internal error while settling the call")));
    unsafe {
        match result {
            Ok(value) => {
                sys::napi_resolve_deferred(env, deferred, value);
            }
            Err(error) => {
                let mut reason = ToNapiValue::to_napi_value(env, error).unwrap_or(ptr::null_mut());
                if reason.is_null() {
                    let mut message = ptr::null_mut();
                    let text = "internal error while settling the call";
                    sys::napi_create_string_utf8(
                        env,
                        text.as_ptr().cast(),
                        text.len() as isize,
                        &mut message,
                    );
                    sys::napi_create_error(env, ptr::null_mut(), message, &mut reason);
                }
                sys::napi_reject_deferred(env, deferred, reason);
            }
        }
    }
}

/// Env teardown (JS thread): stop posting, and drop the pending callbacks here, where the JS
/// values they hold belong.
unsafe extern "C" fn close(data: *mut c_void) {
    let channel = unsafe { Arc::from_raw(data.cast::<Channel>()) };
    match channel.tsfn.lock() {
        Ok(mut tsfn) => *tsfn = None,
        Err(poisoned) => *poisoned.into_inner() = None,
    }
    let local = LOCAL.with(|local| local.borrow_mut().take());
    drop(local);
}
