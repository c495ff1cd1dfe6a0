//! The per-call options object, `{ timeout, signal, maxNetworkRetries }`, read into the core's
//! [`CallOptions`].

use std::time::Duration;

use coherent::config::MAX_NETWORK_RETRIES_LIMIT;
use coherent::transport::{self, CallOptions};
use coherent::Error;
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
    let Some(value) = value.filter(|v| !js::is_nullish(v)) else {
        return Ok(options);
    };
    let object = js::request_object(value, "options")?;
    js::known_keys(&object, "options", OPTION_KEYS, "option")?;
    if let Some(ms) = js::optional_number(&object, "timeout", "options.timeout")? {
        options.call.timeout = Some(timeout(ms, "options.timeout")?);
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

/// The largest timeout, in milliseconds: what Node's `setTimeout` accepts.
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

/// Checks a timeout in milliseconds (`config.timeout`, `options.timeout`): a number from 1 to
/// 2^31-1. A fraction is rounded up, so the limit is never shorter than the caller asked for.
pub fn timeout(ms: f64, field: &str) -> coherent::Result<Duration> {
    if !(1.0..=MAX_TIMEOUT_MS).contains(&ms) {
        return Err(Error::validation(
            field,
            format!("{field} must be a positive number of milliseconds (1 to 2147483647)"),
        ));
    }
    Ok(Duration::from_millis(ms.ceil() as u64))
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
