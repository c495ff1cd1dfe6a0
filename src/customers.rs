//! `coherent.customers` / `CustomerAPI`: argument conversion only; see
//! `coherent::resources::customers`.

use coherent::resources::customers;
use napi::bindgen_prelude::*;

use crate::call::{self, ApiPromise};
use crate::js;
use crate::namespace::namespace_class;

namespace_class!(
    CustomerApi,
    "CustomerAPI",
    "Patients (customers) and their stored payment methods (wallets).",
    [
        "Builds a stand-alone customer client, as the official package allows:",
        "`new CustomerAPI('https://service.coherenthealthcare.com', token)`."
    ]
);

#[napi]
impl CustomerApi {
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
        call::spawn(env, &self.api, "customers.create", built, options)
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
            "customers.get",
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
            "customers.listWallets",
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
        call::spawn(env, &self.api, "customers.createWallet", built, options)
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
        call::spawn(env, &self.api, "customers.debitWallet", built, options)
    }
}
