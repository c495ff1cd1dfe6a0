//! What the patient and the bank do to a transaction: pay, decline, refund.

use serde_json::Value;

use super::{card_from, no_fields, transaction};
use crate::api_error::{ApiError, ApiResult};
use crate::state::Store;
use crate::validate::Fields;

/// `transactions/{uuid}/pay`: `{ card? }`.
pub fn pay(store: &mut Store, base: &str, uuid: &str, body: &Value) -> ApiResult<Value> {
    let card = card_from(body)?;
    store.pay_transaction(uuid, &card, None, None)?;
    transaction(store, base, uuid)
}

/// `transactions/{uuid}/decline`.
pub fn decline(store: &mut Store, base: &str, uuid: &str, body: &Value) -> ApiResult<Value> {
    no_fields(body)?;
    store.decline_transaction(uuid)?;
    transaction(store, base, uuid)
}

/// `transactions/{uuid}/refund`: `{ amount?, reason? }`, all that is left by default.
pub fn refund(store: &mut Store, base: &str, uuid: &str, body: &Value) -> ApiResult<Value> {
    let t = store
        .transactions
        .get(uuid)
        .ok_or_else(|| ApiError::not_found("transaction", uuid))?;
    let (merchant, left) = (t.merchant_uuid.clone(), t.amount - t.refunded_total());
    let mut f = Fields::of_optional(body)?;
    let amount = f.opt_amount("amount", false);
    let reason = f.opt_str("reason");
    f.finish()?;
    store.refund_transaction(&merchant, uuid, amount.unwrap_or(left), reason)?;
    transaction(store, base, uuid)
}
