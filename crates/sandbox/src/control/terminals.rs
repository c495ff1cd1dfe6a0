//! What happens at a terminal: a card is tapped, or the payment waiting on it is cancelled.

use serde_json::Value;

use super::{card_from, no_fields, transaction};
use crate::api_error::{ApiError, ApiResult};
use crate::cards::{Card, INSUFFICIENT_FUNDS_CARD};
use crate::state::Store;
use crate::validate::Fields;

/// `terminals/{id}/tap`: `{ outcome?, card? }`; pays the transaction waiting on it.
pub fn tap(store: &mut Store, base: &str, terminal: &str, body: &Value) -> ApiResult<Value> {
    let card = tap_card(body)?;
    let waiting = waiting_on(store, terminal)?;
    store.pay_transaction(&waiting, &card, None, Some("contactless"))?;
    transaction(store, base, &waiting)
}

/// `terminals/{id}/cancel`: the transaction stays unpaid, the terminal is free.
pub fn cancel(store: &mut Store, base: &str, terminal: &str, body: &Value) -> ApiResult<Value> {
    no_fields(body)?;
    waiting_on(store, terminal)?;
    let merchant = store.terminals[terminal].merchant_uuid.clone();
    store.clear_terminal(&merchant, terminal)?;
    let t = &store.terminals[terminal];
    Ok(store.terminal_json(t, base))
}

/// `{ outcome?, card? }` of a tap: the outcome picks a test card; `card` names one itself.
fn tap_card(body: &Value) -> ApiResult<Card> {
    let mut card = card_from(body)?;
    let mut f = Fields::of_optional(body)?;
    let outcome = f.opt_enum(
        "outcome",
        &["approved", "paid", "declined", "insufficient_funds"],
    );
    f.finish()?;
    match outcome.as_deref() {
        Some("declined") => card = Card::declined(),
        Some("insufficient_funds") => {
            card = Card::parse(INSUFFICIENT_FUNDS_CARD).map_err(|m| ApiError::field("card", m))?
        }
        Some(_) if body.get("card").is_some_and(|c| !c.is_null()) => {}
        Some(_) => card = Card::success(),
        None => {}
    }
    Ok(card)
}

/// The transaction waiting on a terminal; 409 when there is none.
fn waiting_on(store: &Store, terminal: &str) -> ApiResult<String> {
    let t = store
        .terminals
        .get(terminal)
        .ok_or_else(|| ApiError::not_found("terminal", terminal))?;
    t.transaction_uuid
        .clone()
        .ok_or_else(|| ApiError::conflict("no transaction is waiting on this terminal"))
}
