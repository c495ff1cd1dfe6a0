//! The sandbox's control actions (the patient, the bank, the terminal, the calendar, the
//! webhook receiver's bad day) and its read-only views. One table serves three callers: the
//! JSON control routes (`POST /sandbox/...`), the dashboard's forms (`POST /dashboard/...`, the
//! same paths) and the `Sandbox` methods of Rust and Node. Every action checks its whole input
//! before it changes anything.
//!
//! One module per kind of action (each action one function taking the store, its id and its
//! body), the read-only views in `views`, and the `Sandbox` methods in `methods`.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::api_error::{ApiError, ApiResult};
use crate::cards::Card;
use crate::state::{AppState, Store};
use crate::validate::Fields;

mod checkout;
mod clock;
mod methods;
mod terminals;
mod transactions;
mod views;
mod webhooks;

pub use views::{clinics, clock, outbox, webhooks};

/// A refused control action: the HTTP status the control route answers (400 bad input,
/// 404 unknown id, 409 wrong state) and its message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ControlError {
    pub status: u16,
    pub message: String,
}

pub type ControlResult = Result<Value, ControlError>;

/// How far ahead `GET /sandbox/clock` lists the occurrences that will run.
pub const UPCOMING_DAYS: i64 = 92;

/// One control action, named by its path under `/sandbox/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Pay(String),
    Decline(String),
    Refund(String),
    AuthorisePlan(String),
    AuthoriseWallet(String),
    TapTerminal(String),
    CancelTerminal(String),
    AdvanceClock,
    ResendWebhook(u64),
    FailNextWebhooks(String),
    Reset,
}

impl Action {
    /// `transactions/{uuid}/pay` and the like; `None` names no action.
    pub fn parse(path: &str) -> Option<Action> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let id = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
        Some(match parts.as_slice() {
            ["transactions", uuid, "pay"] => Action::Pay(id(uuid)?),
            ["transactions", uuid, "decline"] => Action::Decline(id(uuid)?),
            ["transactions", uuid, "refund"] => Action::Refund(id(uuid)?),
            ["payment-plans", uuid, "authorise"] => Action::AuthorisePlan(id(uuid)?),
            ["wallets", uuid, "authorise"] => Action::AuthoriseWallet(id(uuid)?),
            ["terminals", terminal, "tap"] => Action::TapTerminal(id(terminal)?),
            ["terminals", terminal, "cancel"] => Action::CancelTerminal(id(terminal)?),
            ["clock", "advance"] => Action::AdvanceClock,
            ["webhooks", delivery, "resend"] => Action::ResendWebhook(delivery.parse().ok()?),
            ["clinics", merchant, "webhooks", "fail-next"] => {
                Action::FailNextWebhooks(id(merchant)?)
            }
            ["reset"] => Action::Reset,
            _ => return None,
        })
    }
}

/// Runs an action with its JSON body (`null` = no body) and answers what the control route
/// answers. Webhooks it causes are queued; the caller sends them (`send_queued_webhooks`).
/// What it changed is saved (`--data`) before it answers: the `Sandbox` methods do not pass
/// through the HTTP middleware that saves after each request.
pub fn run(state: &AppState, action: &Action, body: &Value) -> ApiResult<Value> {
    let answer = apply(state, action, body);
    state
        .save()
        .map_err(|message| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message))?;
    answer
}

/// The one door of control routes, dashboard forms and `Sandbox` methods alike.
fn apply(state: &AppState, action: &Action, body: &Value) -> ApiResult<Value> {
    crate::limits::check_limits(body)?;
    let base = state.config.base_url.as_str();
    match action {
        Action::Pay(uuid) => transactions::pay(&mut state.store(), base, uuid, body),
        Action::Decline(uuid) => transactions::decline(&mut state.store(), base, uuid, body),
        Action::Refund(uuid) => transactions::refund(&mut state.store(), base, uuid, body),
        Action::AuthorisePlan(uuid) => {
            checkout::authorise_plan(&mut state.store(), base, uuid, body)
        }
        Action::AuthoriseWallet(uuid) => checkout::authorise_wallet(&mut state.store(), uuid, body),
        Action::TapTerminal(id) => terminals::tap(&mut state.store(), base, id, body),
        Action::CancelTerminal(id) => terminals::cancel(&mut state.store(), base, id, body),
        Action::AdvanceClock => clock::advance(&mut state.store(), body),
        Action::ResendWebhook(id) => webhooks::resend(&mut state.store(), *id, body),
        Action::FailNextWebhooks(merchant) => {
            webhooks::fail_next(&mut state.store(), merchant, body)
        }
        Action::Reset => {
            no_fields(body)?;
            state.reset();
            Ok(json!({ "ok": true }))
        }
    }
}

/// A body that must carry nothing: no body, `null` or `{}`.
fn no_fields(body: &Value) -> ApiResult<()> {
    match body {
        Value::Null => Ok(()),
        Value::Object(map) if map.is_empty() => Ok(()),
        Value::Object(map) => {
            let field = map.keys().next().map(String::as_str).unwrap_or("body");
            Err(ApiError::field(field, "is not a field of this action"))
        }
        _ => Err(ApiError::field("body", "must be a JSON object")),
    }
}

/// The transaction as the API shows it.
fn transaction(store: &Store, base: &str, uuid: &str) -> ApiResult<Value> {
    let t = store
        .transactions
        .get(uuid)
        .ok_or_else(|| ApiError::not_found("transaction", uuid))?;
    Ok(store.transaction_json(t, base))
}

/// `{ "card"? }`; the success card when absent.
fn card_from(body: &Value) -> ApiResult<Card> {
    let mut f = Fields::of_optional(body)?;
    let typed = f.opt_str("card");
    f.finish()?;
    match typed {
        None => Ok(Card::success()),
        Some(number) => Card::parse(&number).map_err(|m| ApiError::field("card", m)),
    }
}
