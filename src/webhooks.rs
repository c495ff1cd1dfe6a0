//! `coherent.webhooks`: argument conversion only; see `coherent::resources::webhooks`.

use coherent::resources::webhooks::{self, WebhookNotice};
use coherent::Error;
use napi::bindgen_prelude::*;
use napi::{JsValue, ValueType};

use crate::call::{self, ApiPromise};
use crate::js;
use crate::namespace::namespace_class;

namespace_class!(
    WebhookApi,
    "WebhookAPI",
    "Webhooks: turn a transaction-status notification into the gateway's own record of it.",
    [
        "Builds a stand-alone client for this namespace: `new WebhookAPI(baseUrl, accessToken)`.",
        "`coherent.webhooks` is the usual way in."
    ]
);

#[napi]
impl WebhookApi {
    /// Verifies a transaction-status webhook by asking the gateway: reads the transaction
    /// `uuid` from the payload and resolves with that transaction as `transactions.get`
    /// returns it (`GET /api/v1/transaction/{uuid}` with your token).
    ///
    /// Act on the returned `status`, never on the payload's: anyone can POST a forged
    /// "paid" notification to a webhook URL, but only the gateway can answer for the
    /// transaction. `body` is the raw request body (string, `Buffer`, `Uint8Array` or
    /// `ArrayBuffer`) or the object your framework already parsed.
    ///
    /// Rejects with `CoherentValidationError` (`field` `'body'` or `'uuid'`), before any
    /// request, when the body is not a JSON object naming a transaction; with
    /// `CoherentApiError` (e.g. 404) when the gateway does not know the transaction.
    ///
    /// ```js
    /// app.post('/webhooks/coherent', express.raw({ type: 'application/json' }), async (req, res) => {
    ///   const transaction = await coherent.webhooks.verify(req.body)
    ///   if (transaction.status === 'paid') markInvoicePaid(transaction.uuid)
    ///   res.sendStatus(204)
    /// })
    /// ```
    #[napi(
        ts_args_type = "body: string | Uint8Array | ArrayBuffer | WebhookPayload | Record<string, unknown>, options?: CallOptions",
        ts_return_type = "Promise<Transaction>"
    )]
    pub fn verify<'env>(
        &self,
        env: &'env Env,
        body: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = notice(env, body).and_then(|n| webhooks::verify(&n));
        call::spawn(env, &self.api, "webhooks.verify", built, options)
    }
}

/// Reads the notice from whichever form the body arrived in.
fn notice(env: &Env, body: Unknown) -> coherent::Result<WebhookNotice> {
    let js_failed = |e: napi::Error| Error::validation("body", format!("body: {}", e.reason));
    match body.get_type().map_err(js_failed)? {
        ValueType::String => {
            webhooks::parse_text(&unsafe { body.cast::<String>() }.map_err(js_failed)?)
        }
        ValueType::Object if body.is_typedarray().map_err(js_failed)? => {
            let bytes = unsafe { body.cast::<Uint8ArraySlice>() }.map_err(|_| {
                Error::validation(
                    "body",
                    "body must be a Buffer or Uint8Array when it is a typed array",
                )
            })?;
            webhooks::parse_bytes(&bytes)
        }
        ValueType::Object if body.is_arraybuffer().map_err(js_failed)? => {
            let bytes = unsafe { body.cast::<ArrayBuffer>() }.map_err(js_failed)?;
            webhooks::parse_bytes(&bytes)
        }
        ValueType::Object => webhooks::from_value(js::body(env, "body", body)?.value()),
        other => Err(Error::validation(
            "body",
            format!(
                "body must be the webhook body (a string, Buffer or parsed object), got {}",
                js_values::type_name(other)
            ),
        )),
    }
}
