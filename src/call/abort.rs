//! A call's `AbortSignal`: one shared native listener per JS thread cancels the call through the
//! core's cancellation, and is removed again when the call settles.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use coherent::transport;
use coherent::Error;
use napi::bindgen_prelude::*;
use napi::JsValue;

/// The listener a call registered on its `AbortSignal`, removed when the call settles.
pub(super) struct SignalLink {
    // No leak check: if the environment shuts down before the call settles, the reference goes
    // with it.
    signal: ObjectRef<false>,
    /// The call's id and its bound listener; `None` when the signal was already aborted.
    listener: Option<(u64, FunctionRef<Unknown<'static>, Unknown<'static>>)>,
}

impl SignalLink {
    /// `signal.reason`: what the caller aborted with (e.g. a `TimeoutError` from
    /// `AbortSignal.timeout`).
    pub(super) fn reason<'e>(&self, env: &'e Env) -> Option<Unknown<'e>> {
        let signal = self.signal.get_value(env).ok()?;
        signal.get_named_property::<Unknown>("reason").ok()
    }

    pub(super) fn unlink(self, env: &Env) {
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
pub(super) fn link_signal(
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
