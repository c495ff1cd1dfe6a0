//! `PaymentMethod`: static display helpers over `coherent::payment_method`.

use coherent::payment_method;
use napi::bindgen_prelude::*;
use napi::{JsValue, ValueType};

/// Formats payment-method variant codes (`mc_applepay`, `directdebit_GB`, ...) for display.
/// Output matches the official client byte for byte.
#[napi]
pub struct PaymentMethod {}

/// Falsy input gives `None` (the caller answers `'Other'`); a non-string throws `TypeError`, as
/// the official helpers do.
fn method_arg(env: &Env, method: Unknown) -> Result<Option<String>> {
    if !method.coerce_to_bool()? {
        return Ok(None);
    }
    match method.get_type()? {
        ValueType::String => Ok(Some(unsafe { method.cast::<String>() }?)),
        _ => {
            env.throw_type_error("method must be a string", None)?;
            Err(Error::new(
                Status::PendingException,
                "method must be a string",
            ))
        }
    }
}

#[napi]
impl PaymentMethod {
    /// The helpers are static; constructing is allowed (and useless), as with the official class.
    #[napi(constructor)]
    pub fn new() -> Self {
        PaymentMethod {}
    }

    /// `'mc_applepay'` -> `'Mastercard (ApplePay)'`; falsy input -> `'Other'`.
    #[napi(ts_args_type = "method: string | null | undefined")]
    pub fn format(env: &Env, method: Unknown) -> Result<String> {
        Ok(method_arg(env, method)?
            .map_or_else(|| "Other".to_string(), |m| payment_method::format(&m)))
    }

    /// `'Amex' | 'Card' | 'Direct Debit' | 'Pay By Bank' | 'Other'`.
    #[napi(ts_args_type = "method: string | null | undefined")]
    pub fn format_group(env: &Env, method: Unknown) -> Result<&'static str> {
        Ok(method_arg(env, method)?.map_or("Other", |m| payment_method::format_group(&m)))
    }

    /// `'Amex' | 'Card' | 'DD' | 'PBB' | 'Other'`. Unlike the official helper it works when
    /// detached from the class (`const f = PaymentMethod.abbreviatePaymentMethod`).
    #[napi(ts_args_type = "method: string | null | undefined")]
    pub fn abbreviate_payment_method(env: &Env, method: Unknown) -> Result<&'static str> {
        Ok(method_arg(env, method)?.map_or("Other", |m| payment_method::abbreviate(&m)))
    }
}
