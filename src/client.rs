//! The `Coherent` class: validates the config object and owns the namespace objects, which
//! share one core client (one connection pool).

use std::sync::Arc;

use coherent::{Client, Config, Environment, Error};
use napi::bindgen_prelude::*;
use napi::ValueType;

use crate::call::{self, Api, ApiPromise, Hooks};
use crate::customers::CustomerApi;
use crate::merchants::MerchantApi;
use crate::onboarding::OnboardingApi;
use crate::payment_plans::PaymentPlanApi;
use crate::terminals::TerminalApi;
use crate::transactions::TransactionApi;
use crate::webhooks::WebhookApi;
use crate::{errors, js, raw_request};

const CONFIG_KEYS: &[&str] = &[
    "environment",
    "token",
    "baseUrl",
    "timeout",
    "userAgent",
    "maxNetworkRetries",
    "http2",
    "maxConnections",
    "onRequest",
    "onResponse",
    "asyncStackTraces",
];

/// The Coherent Payments API client.
///
/// ```js
/// const coherent = new Coherent({ environment: 'TEST', token: process.env.COHERENT_TOKEN })
/// const link = await coherent.transactions.create({ amount: 1000, name: 'John Smith' })
/// ```
///
/// The token is held in native memory: it never appears in `JSON.stringify(coherent)`,
/// `util.inspect`, errors or logs.
#[napi]
pub struct Coherent {
    transactions: Reference<TransactionApi>,
    terminals: Reference<TerminalApi>,
    payment_plans: Reference<PaymentPlanApi>,
    customers: Reference<CustomerApi>,
    merchants: Reference<MerchantApi>,
    onboarding: Reference<OnboardingApi>,
    webhooks: Reference<WebhookApi>,
    /// For `request`, the calls no namespace wraps.
    api: Api,
}

#[napi]
impl Coherent {
    /// Creates a client. Throws `CoherentValidationError` (with `field`) for an unknown
    /// environment, a missing token, an unknown config key or a value of the wrong type.
    #[napi(constructor, ts_args_type = "config: Config")]
    pub fn new(env: Env, config: Unknown) -> Result<Self> {
        let api = api_from_config(config).map_err(|e| errors::to_js(&env, e, None))?;
        Ok(Coherent {
            transactions: TransactionApi::from_api(api.clone()).into_reference(env)?,
            terminals: TerminalApi::from_api(api.clone()).into_reference(env)?,
            payment_plans: PaymentPlanApi::from_api(api.clone()).into_reference(env)?,
            customers: CustomerApi::from_api(api.clone()).into_reference(env)?,
            merchants: MerchantApi::from_api(api.clone()).into_reference(env)?,
            onboarding: OnboardingApi::from_api(api.clone()).into_reference(env)?,
            webhooks: WebhookApi::from_api(api.clone()).into_reference(env)?,
            api,
        })
    }

    /// Calls an endpoint this client does not wrap yet, with the same token, escaping,
    /// validation, retries (by method), timeout, hooks, abort and errors as every method.
    /// Resolves with the parsed JSON body as it is (`null` for an empty body); a 2xx body that
    /// is not JSON rejects with `CoherentApiError`. Bad input rejects with
    /// `CoherentValidationError` before any I/O.
    ///
    /// ```js
    /// const lines = await coherent.request({ method: 'GET', path: '/api/v1/invoice/{uuid}/lines', params: { uuid }, query: { page: 2 } })
    /// ```
    #[napi(
        ts_generic_types = "T = unknown",
        ts_args_type = "request: RawRequestInit, options?: CallOptions",
        ts_return_type = "Promise<T>"
    )]
    pub fn request<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        call::spawn(
            env,
            &self.api,
            "request",
            raw_request::read(env, request),
            options,
        )
    }

    /// Payment links: create, get, refund, void.
    #[napi(getter)]
    pub fn transactions(&self, env: Env) -> Result<Reference<TransactionApi>> {
        self.transactions.clone(env)
    }

    /// Card terminals: list, rename, put a transaction on a terminal, clear it.
    #[napi(getter)]
    pub fn terminals(&self, env: Env) -> Result<Reference<TerminalApi>> {
        self.terminals.clone(env)
    }

    /// Recurring Direct Debit / card plans and on-demand holds.
    #[napi(getter)]
    pub fn payment_plans(&self, env: Env) -> Result<Reference<PaymentPlanApi>> {
        self.payment_plans.clone(env)
    }

    /// Patients and their stored cards (wallets).
    #[napi(getter)]
    pub fn customers(&self, env: Env) -> Result<Reference<CustomerApi>> {
        self.customers.clone(env)
    }

    /// Partner-level merchant, account, API key and webhook management.
    #[napi(getter)]
    pub fn merchants(&self, env: Env) -> Result<Reference<MerchantApi>> {
        self.merchants.clone(env)
    }

    /// Partner onboarding of new clinics.
    #[napi(getter)]
    pub fn onboarding(&self, env: Env) -> Result<Reference<OnboardingApi>> {
        self.onboarding.clone(env)
    }

    /// Verifies transaction-status webhooks against the API (the payload itself is never trusted).
    #[napi(getter)]
    pub fn webhooks(&self, env: Env) -> Result<Reference<WebhookApi>> {
        self.webhooks.clone(env)
    }
}

/// Reads and checks the config object; every problem names its key.
fn api_from_config(config: Unknown) -> coherent::Result<Api> {
    let config = js::request_object(config, "config")?;
    js::known_keys(&config, "config", CONFIG_KEYS, "config key")?;
    let mut builder = Config::builder();
    if let Some(name) = optional_string(&config, "environment")? {
        let environment = Environment::parse(&name).ok_or_else(|| {
            Error::validation(
                "config.environment",
                "environment must be one of LOCAL, TEST, PRODUCTION",
            )
        })?;
        builder = builder.environment(environment);
    }
    match optional_string(&config, "token")? {
        Some(token) => builder = builder.token(token),
        None => {
            return Err(Error::validation(
                "config.token",
                "token is required (your Coherent API key)",
            ))
        }
    }
    if let Some(url) = optional_string(&config, "baseUrl")? {
        builder = builder.base_url(url);
    }
    if let Some(ms) = optional_number(&config, "timeout")? {
        builder = builder.timeout(call::timeout(ms, "config.timeout")?);
    }
    if let Some(suffix) = optional_string(&config, "userAgent")? {
        builder = builder.user_agent_suffix(suffix);
    }
    if let Some(n) = optional_number(&config, "maxNetworkRetries")? {
        builder = builder.max_network_retries(call::retries(n, "config.maxNetworkRetries")?);
    }
    if let Some(enabled) = optional_bool(&config, "http2")? {
        builder = builder.http2(enabled);
    }
    if let Some(n) = optional_number(&config, "maxConnections")? {
        builder = builder.max_connections(max_connections(n)?);
    }
    let stack_traces = optional_bool(&config, "asyncStackTraces")?;
    let hooks = Hooks::new(
        optional_function(&config, "onRequest")?,
        optional_function(&config, "onResponse")?,
    );
    let config = builder.build().map_err(|e| match e {
        Error::Validation { field, message } => Error::Validation {
            field: format!("config.{field}"),
            message,
        },
        other => other,
    })?;
    Ok(Api::new(
        Arc::new(Client::new(config)?),
        hooks,
        stack_traces.unwrap_or(true),
    ))
}

/// A hook function, kept for the client's lifetime.
fn optional_function(
    config: &Object,
    key: &str,
) -> coherent::Result<Option<FunctionRef<Unknown<'static>, Unknown<'static>>>> {
    let value = js::property(config, key)?;
    match value.get_type() {
        Ok(ValueType::Undefined) => Ok(None),
        Ok(ValueType::Function) => {
            unsafe { value.cast::<Function<Unknown<'static>, Unknown<'static>>>() }
                .and_then(|f| f.create_ref())
                .map(Some)
                .map_err(|e| Error::validation(format!("config.{key}"), e.reason))
        }
        _ => Err(Error::validation(
            format!("config.{key}"),
            format!("{key} must be a function"),
        )),
    }
}

fn optional_string(config: &Object, key: &str) -> coherent::Result<Option<String>> {
    optional_of(config, key, ValueType::String, "a string")
}

fn optional_bool(config: &Object, key: &str) -> coherent::Result<Option<bool>> {
    optional_of(config, key, ValueType::Boolean, "a boolean")
}

/// A `config` value of JS type `kind` (`what` in the message), or `undefined`.
fn optional_of<T: FromNapiValue>(
    config: &Object,
    key: &str,
    kind: ValueType,
    what: &str,
) -> coherent::Result<Option<T>> {
    let value = js::property(config, key)?;
    match value.get_type() {
        Ok(ValueType::Undefined) => Ok(None),
        Ok(t) if t == kind => unsafe { value.cast::<T>() }
            .map(Some)
            .map_err(|e| Error::validation(format!("config.{key}"), e.reason)),
        _ => Err(Error::validation(
            format!("config.{key}"),
            format!("{key} must be {what}"),
        )),
    }
}

/// `config.maxConnections`: an integer from 1 to the core's limit.
fn max_connections(n: f64) -> coherent::Result<u32> {
    let limit = coherent::config::MAX_CONNECTIONS_LIMIT;
    if n.fract() != 0.0 || !(1.0..=f64::from(limit)).contains(&n) {
        return Err(Error::validation(
            "config.maxConnections",
            format!("maxConnections must be an integer from 1 to {limit}"),
        ));
    }
    Ok(n as u32)
}

fn optional_number(config: &Object, key: &str) -> coherent::Result<Option<f64>> {
    js::optional_number(config, key, &format!("config.{key}"))
}
