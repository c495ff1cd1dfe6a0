//! `coherent.terminals`: argument conversion only; see `coherent::resources::terminals`.

use coherent::resources::terminals;
use napi::bindgen_prelude::*;

use crate::call::{self, ApiPromise};
use crate::js;
use crate::namespace::namespace_class;

namespace_class!(
    TerminalApi,
    "TerminalAPI",
    "Card terminals of the clinic.",
    [
        "Builds a stand-alone client for this namespace, as the official package's classes allow:",
        "`new TerminalAPI(baseUrl, accessToken)`. `coherent.terminals` is the usual way in."
    ]
);

#[napi]
impl TerminalApi {
    /// Lists the clinic's terminals (`GET /api/v1/terminal`), returned as the server sent them.
    #[napi(
        ts_args_type = "options?: CallOptions",
        ts_return_type = "Promise<Terminal[]>"
    )]
    pub fn list<'env>(&self, env: &'env Env, options: Option<Unknown<'env>>) -> ApiPromise<'env> {
        call::spawn(
            env,
            &self.api,
            "terminals.list",
            Ok(terminals::list()),
            options,
        )
    }

    /// Gives a terminal a friendly name (`PUT /api/v1/terminal/{terminalId}`).
    #[napi(
        ts_args_type = "request: RenameTerminalRequest, options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn rename<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::args(request, "request").and_then(|r| {
            let id = js::id(r.get("terminalId")?, "terminalId")?;
            terminals::rename(&id, js::single_key_body(env, "name", r.get("name")?)?)
        });
        call::spawn(env, &self.api, "terminals.rename", built, options)
    }

    /// Sends a transaction to a terminal for the patient to pay
    /// (`PUT /api/v1/terminal/{terminalId}/transaction`).
    #[napi(
        ts_args_type = "request: SetTerminalTransactionRequest, options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn set_transaction<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::args(request, "request").and_then(|r| {
            let id = js::id(r.get("terminalId")?, "terminalId")?;
            let body = js::single_key_body(env, "transactionUuid", r.get("transactionUuid")?)?;
            terminals::set_transaction(&id, body)
        });
        call::spawn(env, &self.api, "terminals.setTransaction", built, options)
    }

    /// Clears the transaction shown on a terminal (same path as `setTransaction`, body `null`).
    #[napi(
        ts_args_type = "request: ClearTerminalTransactionRequest, options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn clear_transaction<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::args(request, "request").and_then(|r| {
            terminals::clear_transaction(&js::id(r.get("terminalId")?, "terminalId")?)
        });
        call::spawn(env, &self.api, "terminals.clearTransaction", built, options)
    }
}
