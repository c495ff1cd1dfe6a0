//! `/sandbox/...`: routes that play the patient, the bank and the calendar. No access-token.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::sync::Arc;

use super::{Id, JsonBody, Shared};
use crate::cards::Card;
use crate::clock::iso_ms;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::validate::Fields;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/sandbox/health", get(health))
        .route("/sandbox/reset", post(reset))
        .route("/sandbox/clock", get(clock))
        .route("/sandbox/clock/advance", post(advance))
        .route("/sandbox/webhooks", get(webhooks))
        .route("/sandbox/transactions/{uuid}/pay", post(pay))
        .route("/sandbox/transactions/{uuid}/decline", post(decline))
        .route(
            "/sandbox/payment-plans/{uuid}/authorise",
            post(authorise_plan),
        )
        .route("/sandbox/wallets/{uuid}/authorise", post(authorise_wallet))
        .route("/sandbox/terminals/{id}/tap", post(tap))
}

async fn health() -> Json<Value> {
    Json(json!({ "ok": true }))
}

async fn reset(State(state): Shared) -> Json<Value> {
    state.reset();
    Json(json!({ "ok": true }))
}

async fn clock(State(state): Shared) -> Json<Value> {
    Json(json!({ "now": iso_ms(state.store().now_ms()) }))
}

async fn advance(State(state): Shared, JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    let f = Fields::of(&body)?;
    let days = match f.map().get("days") {
        Some(Value::Number(n)) => n.as_i64().filter(|d| (1..=3660).contains(d)),
        _ => None,
    };
    let Some(days) = days else {
        return Err(ApiError::field(
            "days",
            "must be a whole number of days from 1 to 3660",
        ));
    };
    let mut store = state.store();
    let created = store.advance_clock(days);
    Ok(Json(
        json!({ "now": iso_ms(store.now_ms()), "transactions": created }),
    ))
}

async fn webhooks(State(state): Shared) -> Json<Value> {
    let store = state.store();
    Json(Value::Array(
        store.deliveries.iter().map(|d| d.json()).collect(),
    ))
}

/// `{ "card"? }` from a control body; the success card when absent.
fn card_from(body: &Value) -> ApiResult<Card> {
    let body = if body.is_null() { &Value::Null } else { body };
    let typed = match body {
        Value::Null => None,
        Value::Object(map) => match map.get("card") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(ApiError::field("card", "must be a string")),
        },
        _ => return Err(ApiError::field("body", "must be a JSON object")),
    };
    match typed {
        None => Ok(Card::success()),
        Some(number) => Card::parse(&number).map_err(|m| ApiError::field("card", m)),
    }
}

fn transaction_json(state: &AppState, uuid: &str) -> ApiResult<Json<Value>> {
    let store = state.store();
    let t = store
        .transactions
        .get(uuid)
        .ok_or_else(|| ApiError::not_found("transaction", uuid))?;
    Ok(Json(store.transaction_json(t, &state.config.base_url)))
}

async fn pay(
    State(state): Shared,
    Id(uuid): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let card = card_from(&body)?;
    state.store().pay_transaction(&uuid, &card, None, None)?;
    transaction_json(&state, &uuid)
}

async fn decline(State(state): Shared, Id(uuid): Id<String>) -> ApiResult<Json<Value>> {
    state.store().decline_transaction(&uuid)?;
    transaction_json(&state, &uuid)
}

async fn authorise_plan(
    State(state): Shared,
    Id(uuid): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let card = card_from(&body)?;
    let mut store = state.store();
    store.authorise_plan(&uuid, &card)?;
    let plan = store
        .plans
        .get(&uuid)
        .ok_or_else(|| ApiError::not_found("payment plan", &uuid))?;
    Ok(Json(plan.json(&state.config.base_url)))
}

async fn authorise_wallet(
    State(state): Shared,
    Id(uuid): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let card = card_from(&body)?;
    let mut store = state.store();
    store.authorise_wallet(&uuid, &card)?;
    let wallet = store
        .wallets
        .get(&uuid)
        .ok_or_else(|| ApiError::not_found("wallet", &uuid))?;
    Ok(Json(wallet.json()))
}

async fn tap(
    State(state): Shared,
    Id(id): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut card = card_from(&body)?;
    let outcome = match body.get("outcome") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s == "paid" || s == "declined" => Some(s.clone()),
        Some(_) => {
            return Err(ApiError::field(
                "outcome",
                "must be \"paid\" or \"declined\"",
            ))
        }
    };
    if outcome.as_deref() == Some("declined") {
        card = Card::declined();
    }
    let transaction = {
        let mut store = state.store();
        let terminal = store
            .terminals
            .get(&id)
            .ok_or_else(|| ApiError::not_found("terminal", &id))?;
        let Some(transaction) = terminal.transaction_uuid.clone() else {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "no transaction is waiting on this terminal",
            ));
        };
        store.pay_transaction(&transaction, &card, None, Some("contactless"))?;
        transaction
    };
    transaction_json(&state, &transaction)
}
