//! `coherent.transactions`: argument conversion only; see `coherent::resources::transactions`.

use coherent::resources::transactions;
use napi::bindgen_prelude::*;

use crate::call::{self, ApiPromise};
use crate::js;
use crate::namespace::namespace_class;

namespace_class!(
    TransactionApi,
    "TransactionAPI",
    "Payment links (transactions): create, get, refund, void.",
    [
        "Builds a stand-alone client for this namespace, as the official package's classes allow:",
        "`new TransactionAPI(baseUrl, accessToken)`. `coherent.transactions` is the usual way in."
    ]
);

#[napi]
impl TransactionApi {
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
        let built = js::args(request, "request")
            .and_then(|r| js::picked_body(env, "request", r.object(), &transactions::CREATE))
            .and_then(transactions::create);
        call::spawn(env, &self.api, "transactions.create", built, options)
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
            "transactions.get",
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
        let built = js::args(request, "request").and_then(|r| {
            let uuid = js::id(r.get("transactionUuid")?, "transactionUuid")?;
            transactions::refund(
                &uuid,
                js::picked_body(env, "request", r.object(), &transactions::REFUND)?,
            )
        });
        call::spawn(env, &self.api, "transactions.refund", built, options)
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
        call::spawn(env, &self.api, "transactions.updateStatus", built, options)
    }
}
