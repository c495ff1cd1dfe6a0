//! The `Coherent` class: validates the config object and owns the namespace objects, which
//! share one core client (one connection pool).

use std::sync::Arc;

use coherent::config::{max_connections_from, network_retries_from, timeout_from_millis};
use coherent::{Client, Config, Environment};
use napi::bindgen_prelude::*;

use crate::call::{self, Api, ApiPromise, Hooks};
use crate::customers::CustomerApi;
use crate::merchants::MerchantApi;
use crate::onboarding::OnboardingApi;
use crate::payment_plans::PaymentPlanApi;
use crate::terminals::TerminalApi;
use crate::transactions::TransactionApi;
use crate::webhooks::WebhookApi;
use crate::{js, js_error, raw_request};

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
        let api = api_from_config(config).map_err(|e| js_error::to_js(&env, e, None))?;
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

/// Reads the config object into the core's builder; every problem names its key
/// (`config.timeout`). The rules are the core's: `build` and the `config::*_from_*` checks.
fn api_from_config(config: Unknown) -> coherent::Result<Api> {
    let config = js::args(config, "config")?;
    config.refuse_unknown(CONFIG_KEYS, "config key")?;
    let mut builder = Config::builder();
    if let Some(name) = config.string("environment")? {
        let environment = Environment::parse(&name).ok_or_else(|| {
            config.wrong(
                "environment",
                "environment must be one of LOCAL, TEST, PRODUCTION",
            )
        })?;
        builder = builder.environment(environment);
    }
    match config.string("token")? {
        Some(token) => builder = builder.token(token),
        None => return Err(config.wrong("token", "token is required (your Coherent API key)")),
    }
    if let Some(url) = config.string("baseUrl")? {
        builder = builder.base_url(url);
    }
    if let Some(ms) = config.number("timeout")? {
        builder = builder.timeout(timeout_from_millis(ms).map_err(|e| e.within("config"))?);
    }
    if let Some(suffix) = config.string("userAgent")? {
        builder = builder.user_agent_suffix(suffix);
    }
    if let Some(n) = config.number("maxNetworkRetries")? {
        builder =
            builder.max_network_retries(network_retries_from(n).map_err(|e| e.within("config"))?);
    }
    if let Some(enabled) = config.bool("http2")? {
        builder = builder.http2(enabled);
    }
    if let Some(n) = config.number("maxConnections")? {
        builder = builder.max_connections(max_connections_from(n).map_err(|e| e.within("config"))?);
    }
    let stack_traces = config.bool("asyncStackTraces")?;
    let hooks = Hooks::new(hook(&config, "onRequest")?, hook(&config, "onResponse")?);
    let config = builder.build().map_err(|e| e.within("config"))?;
    Ok(Api::new(
        Arc::new(Client::new(config)?),
        hooks,
        stack_traces.unwrap_or(true),
    ))
}

/// A hook function, kept for the client's lifetime.
fn hook(
    config: &js::Args,
    key: &str,
) -> coherent::Result<Option<FunctionRef<Unknown<'static>, Unknown<'static>>>> {
    let Some(function) = config.function(key)? else {
        return Ok(None);
    };
    unsafe { function.cast::<Function<Unknown<'static>, Unknown<'static>>>() }
        .and_then(|f| f.create_ref())
        .map(Some)
        .map_err(|e| config.wrong(key, e.reason))
}
