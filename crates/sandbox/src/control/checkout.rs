//! What the patient does on a plan's or a wallet's checkout page: authorise it with a card.

use serde_json::Value;

use super::card_from;
use crate::api_error::{ApiError, ApiResult};
use crate::state::Store;

/// `payment-plans/{uuid}/authorise`: `{ card? }`.
pub fn authorise_plan(store: &mut Store, base: &str, uuid: &str, body: &Value) -> ApiResult<Value> {
    let card = card_from(body)?;
    store.authorise_plan(uuid, &card)?;
    let plan = store
        .plans
        .get(uuid)
        .ok_or_else(|| ApiError::not_found("payment plan", uuid))?;
    Ok(plan.json(base))
}

/// `wallets/{uuid}/authorise`: `{ card? }`.
pub fn authorise_wallet(store: &mut Store, uuid: &str, body: &Value) -> ApiResult<Value> {
    let card = card_from(body)?;
    store.authorise_wallet(uuid, &card)?;
    let wallet = store
        .wallets
        .get(uuid)
        .ok_or_else(|| ApiError::not_found("wallet", uuid))?;
    Ok(wallet.json())
}
