//! `/api/v1/terminal...`: the merchant's card terminals.

use axum::extract::State;
use axum::Json;
use coherent_schema::terminals::{RENAME, SET_TRANSACTION};
use serde_json::Value;

use super::{Caller, Id, JsonBody, Shared};
use crate::api_error::{ApiError, ApiResult};
use crate::state::in_order;
use crate::validate::{required, Fields};

pub async fn list(State(state): Shared, caller: Caller) -> Json<Value> {
    let store = state.store();
    let mine = in_order(
        store
            .terminals
            .values()
            .filter(|t| t.merchant_uuid == caller.merchant),
        |t| t.seq,
    );
    Json(Value::Array(
        mine.into_iter()
            .map(|t| store.terminal_json(t, &state.config.base_url))
            .collect(),
    ))
}

pub async fn rename(
    State(state): Shared,
    caller: Caller,
    Id(id): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut store = state.store();
    store.terminal(&caller.merchant, &id)?;
    let mut f = Fields::of(&body)?;
    let name = f.req_str("name");
    f.rest(&RENAME);
    f.finish()?;
    let Some(terminal) = store.terminals.get_mut(&id) else {
        return Err(ApiError::not_found("terminal", &id));
    };
    terminal.name = name;
    let terminal = terminal.clone();
    Ok(Json(store.terminal_json(&terminal, &state.config.base_url)))
}

/// `{ transactionUuid }` puts a transaction on the terminal; the literal body `null` (what
/// `clearTransaction` sends) clears it.
pub async fn set_or_clear(
    State(state): Shared,
    caller: Caller,
    Id(id): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut store = state.store();
    store.terminal(&caller.merchant, &id)?;
    if body.is_null() {
        store.clear_terminal(&caller.merchant, &id)?;
    } else {
        let mut f = Fields::of(&body)?;
        let transaction = f.req_str("transactionUuid");
        f.rest(&SET_TRANSACTION);
        f.finish()?;
        let transaction = required(transaction, "transactionUuid")?;
        store.set_terminal_transaction(&caller.merchant, &id, &transaction)?;
    }
    let terminal = store.terminal(&caller.merchant, &id)?;
    Ok(Json(store.terminal_json(terminal, &state.config.base_url)))
}
