//! `coherent.transactions`: argument conversion only; see `coherent::resources::transactions`.

use coherent::resources::transactions;
use napi::bindgen_prelude::*;

use crate::call::{self, Api, ApiPromise};
use crate::{coherent as root, js};

/// Payment links (transactions): create, get, refund, void.
#[napi(js_name = "TransactionAPI")]
pub struct TransactionApi {
    api: Api,
}

impl TransactionApi {
    pub fn from_api(api: Api) -> Self {
        TransactionApi { api }
    }
}

#[napi]
impl TransactionApi {
    /// Builds a stand-alone client for this namespace, as the official package's classes allow:
    /// `new TransactionAPI(baseUrl, accessToken)`. `coherent.transactions` is the usual way in.
    #[napi(constructor)]
    pub fn new(env: Env, base_url: String, access_token: String) -> Result<Self> {
        Ok(TransactionApi {
            api: root::standalone_api(&env, base_url, access_token)?,
        })
    }

    /// Creates a payment link (`POST /api/v1/transaction`) and optionally notifies the patient
    /// by email and/or SMS. Each call creates a new link. Only the documented fields are sent;
    /// the result's payment fields are always `null` at creation.
    #[napi(
        ts_args_type = "request: CreateTransactionRequest, options?: CallOptions",
        ts_return_type = "Promise<Transaction>"
    )]
    pub fn create<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::request_object(request, "request")
            .and_then(|r| js::picked_body(env, "request", &r, &transactions::CREATE))
            .and_then(transactions::create);
        call::spawn(env, &self.api, built, options)
    }

    /// Fetches a transaction (`GET /api/v1/transaction/{uuid}`); `null` if the server sends an
    /// empty body.
    #[napi(
        ts_args_type = "uuid: string, options?: CallOptions",
        ts_return_type = "Promise<Transaction>"
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
            js::id(uuid, "uuid").and_then(|id| transactions::get(&id)),
            options,
        )
    }

    /// Refunds part or all of a paid transaction (`POST /api/v1/transaction/{uuid}/refund`).
    /// `amount` is in minor units; several partial refunds are allowed up to the paid amount.
    #[napi(
        ts_args_type = "request: CreateRefundRequest, options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn refund<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::request_object(request, "request").and_then(|r| {
            let uuid = js::id(js::property(&r, "transactionUuid")?, "transactionUuid")?;
            transactions::refund(
                &uuid,
                js::picked_body(env, "request", &r, &transactions::REFUND)?,
            )
        });
        call::spawn(env, &self.api, built, options)
    }

    /// Changes a transaction's status (`PUT /api/v1/transaction/{uuid}/status`); only `'void'`
    /// (cancel an unpaid link) is supported.
    #[napi(
        ts_args_type = "transactionUuid: string, status: 'void', options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn update_status<'env>(
        &self,
        env: &'env Env,
        transaction_uuid: Unknown<'env>,
        status: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::id(transaction_uuid, "transactionUuid").and_then(|id| {
            transactions::update_status(&id, js::single_key_body(env, "status", status)?)
        });
        call::spawn(env, &self.api, built, options)
    }
}

// Request types: declarations only, for the generated TypeScript. The values are read as plain
// JS objects (JSON.stringify, as 0.0.61 sends them); their rules and wire order are the core's
// `transactions::CREATE` / `REFUND` tables, which `__test__/request-types.test.js` holds these to.

/// Argument of `transactions.create`. Each call creates a new payment link, so store the
/// returned `uuid` against your invoice rather than creating another link for it.
///
/// Only the fields below (except `location`) are sent; any other key is dropped.
#[allow(dead_code)]
#[napi(object)]
pub struct CreateTransactionRequest {
    /// Amount to collect, as a positive integer in minor units: `1000` is £10.00.
    pub amount: f64,
    /// The patient's name.
    pub name: String,
    /// Internal note on what the payment is for, visible later to all clinic users.
    #[napi(ts_type = "string | undefined")]
    pub note: Option<String>,
    /// Email address of the patient; the link is emailed there when `emailNotify` is `true`.
    #[napi(ts_type = "string | undefined")]
    pub email: Option<String>,
    /// Send the payment request to `email`.
    #[napi(ts_type = "boolean | undefined")]
    pub email_notify: Option<bool>,
    /// A note shown to the patient while paying.
    #[napi(ts_type = "string | undefined")]
    pub patient_note: Option<String>,
    /// Mobile number with country code (only `+44…` numbers are supported for SMS).
    #[napi(ts_type = "string | undefined")]
    pub phone: Option<String>,
    /// Send the payment request by SMS to `phone`.
    #[napi(ts_type = "boolean | undefined")]
    pub sms_notify: Option<bool>,
    /// **Not sent.** Declared by the official typings, whose client silently drops it; this
    /// client drops it too, so the request on the wire is the same.
    #[napi(ts_type = "{ uuid: string; name: string } | undefined")]
    pub location: Option<String>,
    /// Where the patient is redirected after a successful payment.
    #[napi(ts_type = "string | undefined")]
    pub success_url: Option<String>,
    /// Where the patient is redirected after a rejected payment.
    #[napi(ts_type = "string | undefined")]
    pub failure_url: Option<String>,
    /// Links the transaction to a customer (patient record).
    #[napi(ts_type = "string | undefined")]
    pub customer_uuid: Option<String>,
    /// Links the transaction to an invoice.
    #[napi(ts_type = "string | undefined")]
    pub invoice_uuid: Option<String>,
    /// Mail order / telephone order: set when the patient reads the card details out over the phone.
    #[napi(ts_type = "boolean | undefined")]
    pub is_moto: Option<bool>,
    /// The patient's billing postcode, prefilled on the checkout (useful for MOTO).
    #[napi(ts_type = "string | undefined")]
    pub postcode: Option<String>,
}

/// Argument of `transactions.refund`. Several partial refunds are allowed, up to the amount paid.
#[allow(dead_code)]
#[napi(object)]
pub struct CreateRefundRequest {
    /// The transaction to refund.
    pub transaction_uuid: String,
    /// Amount to refund, as a positive integer in minor units.
    pub amount: f64,
    /// Why the money is refunded (free text).
    #[napi(ts_type = "string | undefined")]
    pub reason: Option<String>,
}
