//! The per-call options object, `{ timeout, signal, maxNetworkRetries }`, read into the core's
//! [`CallOptions`]. The rules for the numbers are the core's (`coherent::config`), the same as
//! for the config's keys of the same names.

use coherent::config::{network_retries_from, timeout_from_millis};
use coherent::transport::{self, CallOptions};
use napi::bindgen_prelude::*;
use napi::ValueType;

use super::abort::{link_signal, SignalLink};
use crate::js;

/// The keys a per-call options object may have.
const OPTION_KEYS: &[&str] = &["timeout", "signal", "maxNetworkRetries"];

/// Per-call options read from JS, ready for the core.
pub(super) struct Options {
    pub(super) call: CallOptions,
    pub(super) link: Option<SignalLink>,
}

/// Reads `{ timeout, signal, maxNetworkRetries }`; `undefined` and `null` mean no options.
pub(super) fn read_options(env: &Env, value: Option<Unknown>) -> coherent::Result<Options> {
    let mut options = Options {
        call: CallOptions::default(),
        link: None,
    };
    let Some(object) = js::optional_args(value, "options")? else {
        return Ok(options);
    };
    object.refuse_unknown(OPTION_KEYS, "option")?;
    if let Some(ms) = object.number("timeout")? {
        options.call.timeout = Some(timeout_from_millis(ms).map_err(|e| e.within("options"))?);
    }
    if let Some(n) = object.number("maxNetworkRetries")? {
        let retries = network_retries_from(n).map_err(|e| e.within("options"))?;
        options.call.max_network_retries = Some(retries);
    }
    let signal = object.get("signal")?;
    if !matches!(signal.get_type(), Ok(ValueType::Undefined)) {
        let (canceller, cancellation) = transport::cancellation();
        // When already aborted the canceller has fired, so the call rejects with an AbortError
        // before any I/O.
        options.link = Some(link_signal(env, signal, canceller)?);
        options.call.cancel = Some(cancellation);
    }
    Ok(options)
}
