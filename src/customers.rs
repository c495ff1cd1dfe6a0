//! `coherent.customers` / `CustomerAPI`: argument conversion only; see
//! `coherent::resources::customers`.

use coherent::resources::customers;
use napi::bindgen_prelude::*;

use crate::call::{self, Api, ApiPromise};
use crate::{coherent as root, js};

/// Patients (customers) and their stored payment methods (wallets).
#[napi(js_name = "CustomerAPI")]
pub struct CustomerApi {
    api: Api,
}

impl CustomerApi {
    pub fn from_api(api: Api) -> Self {
        CustomerApi { api }
    }
}

#[napi]
impl CustomerApi {
    /// Builds a stand-alone customer client, as the official package allows:
    /// `new CustomerAPI('https://service.coherenthealthcare.com', token)`.
    #[napi(constructor)]
    pub fn new(env: Env, base_url: String, access_token: String) -> Result<Self> {
        Ok(CustomerApi {
            api: root::standalone_api(&env, base_url, access_token)?,
        })
    }

    /// Creates a patient record (`POST /api/v1/customer`); `providerReferenceId` is your own
    /// patient id.
    #[napi(
        ts_args_type = "request: CreateCustomerRequest, options?: CallOptions",
        ts_return_type = "Promise<Customer>"
    )]
    pub fn create<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::body(env, "request", request).and_then(customers::create);
        call::spawn(env, &self.api, built, options)
    }

    /// Fetches a customer (`GET /api/v1/customer/{uuid}`), as the server sent it.
    #[napi(
        ts_args_type = "uuid: string, options?: CallOptions",
        ts_return_type = "Promise<Customer>"
    )]
    pub fn get<'env>(
        &self,
        env: &'env Env,
        uuid: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        call::spawn(
            env,
            &self.api,
            js::id(uuid, "uuid").and_then(|id| customers::get(&id)),
            options,
        )
    }

    /// Lists a customer's wallets (`GET /api/v1/customer/{uuid}/wallet`). Check that `status`
    /// is `authorised` before debiting one.
    #[napi(
        ts_args_type = "uuid: string, options?: CallOptions",
        ts_return_type = "Promise<CustomerWallet[]>"
    )]
    pub fn list_wallets<'env>(
        &self,
        env: &'env Env,
        uuid: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        call::spawn(
            env,
            &self.api,
            js::id(uuid, "uuid").and_then(|id| customers::list_wallets(&id)),
            options,
        )
    }

    /// Sends the customer a link to save a card (`POST /api/v1/customer/{uuid}/wallet`).
    #[napi(
        ts_args_type = "uuid: string, request: CreateWalletRequest, options?: CallOptions",
        ts_return_type = "Promise<WalletCreated>"
    )]
    pub fn create_wallet<'env>(
        &self,
        env: &'env Env,
        uuid: Unknown<'env>,
        request: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::id(uuid, "uuid").and_then(|id| {
            let body = js::body(env, "request", request)?;
            customers::create_wallet(&id, body)
        });
        call::spawn(env, &self.api, built, options)
    }

    /// Charges a stored card (`POST /api/v1/customer/{uuid}/wallet/debit`); without
    /// `walletUuid` the first authorised wallet is charged. Resolves to the new transaction's uuid.
    #[napi(
        ts_args_type = "uuid: string, request: DebitWalletRequest, options?: CallOptions",
        ts_return_type = "Promise<{ transactionUuid?: string }>"
    )]
    pub fn debit_wallet<'env>(
        &self,
        env: &'env Env,
        uuid: Unknown<'env>,
        request: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::id(uuid, "uuid").and_then(|id| {
            let body = js::body(env, "request", request)?;
            customers::debit_wallet(&id, body)
        });
        call::spawn(env, &self.api, built, options)
    }
}

// Request types: declarations only, for the generated TypeScript. The values are sent as the
// caller gave them (JSON.stringify); the rules are the core's `customers::CREATE` /
// `CREATE_WALLET` / `DEBIT_WALLET` tables (`__test__/request-types.test.js` holds these to them).

/// Argument of `customers.create`.
#[allow(dead_code)]
#[napi(object)]
pub struct CreateCustomerRequest {
    /// The patient's id in your own system, used to reconcile Coherent records with yours.
    pub provider_reference_id: String,
    /// First name.
    #[napi(ts_type = "string | undefined")]
    pub first_name: Option<String>,
    /// Last name.
    #[napi(ts_type = "string | undefined")]
    pub last_name: Option<String>,
    /// Email address.
    #[napi(ts_type = "string | undefined")]
    pub email: Option<String>,
    /// Mobile number with country code.
    #[napi(ts_type = "string | undefined")]
    pub mobile: Option<String>,
    /// Whether the record is active (the server defaults to `true`).
    #[napi(ts_type = "boolean | undefined")]
    pub active: Option<bool>,
}

/// Argument of `customers.createWallet`: a request to the customer to save a card.
#[allow(dead_code)]
#[napi(object)]
pub struct CreateWalletRequest {
    /// Label the patient sees on the saved-card request.
    pub name: String,
    /// Email address to send the link to.
    #[napi(ts_type = "string | undefined")]
    pub email: Option<String>,
    /// Phone number (with country code) to send the link to.
    #[napi(ts_type = "string | undefined")]
    pub phone: Option<String>,
    /// Send the link by email (required, `true` or `false`).
    pub email_notify: bool,
    /// Send the link by SMS (required, `true` or `false`).
    pub sms_notify: bool,
}

/// Argument of `customers.debitWallet`.
#[allow(dead_code)]
#[napi(object)]
pub struct DebitWalletRequest {
    /// Amount to charge, as a positive integer in minor units.
    pub amount: f64,
    /// The wallet to charge; when omitted the customer's first authorised wallet is charged.
    #[napi(ts_type = "string | undefined")]
    pub wallet_uuid: Option<String>,
}
