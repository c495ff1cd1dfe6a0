//! The sandbox's control actions (the patient, the bank, the terminal, the calendar, the
//! webhook receiver's bad day) and its read-only views. One table serves three callers: the
//! JSON control routes (`POST /sandbox/...`), the dashboard's forms (`POST /dashboard/...`, the
//! same paths) and the `Sandbox` methods of Rust and Node. Every action checks its whole input
//! before it changes anything.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::cards::{Card, INSUFFICIENT_FUNDS_CARD};
use crate::clock::{iso_ms, Date};
use crate::error::{ApiError, ApiResult};
use crate::state::{in_order, AppState, Store};
use crate::validate::Fields;

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

fn apply(state: &AppState, action: &Action, body: &Value) -> ApiResult<Value> {
    // The one door of control routes, dashboard forms and `Sandbox` methods alike.
    crate::limits::check_limits(body)?;
    let base = state.config.base_url.as_str();
    if *action == Action::Reset {
        no_fields(body)?;
        state.reset();
        return Ok(json!({ "ok": true }));
    }
    let mut store = state.store();
    match action {
        Action::Pay(uuid) => {
            let card = card_from(body)?;
            store.pay_transaction(uuid, &card, None, None)?;
            transaction(&store, base, uuid)
        }
        Action::Decline(uuid) => {
            no_fields(body)?;
            store.decline_transaction(uuid)?;
            transaction(&store, base, uuid)
        }
        Action::Refund(uuid) => {
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
            transaction(&store, base, uuid)
        }
        Action::AuthorisePlan(uuid) => {
            let card = card_from(body)?;
            store.authorise_plan(uuid, &card)?;
            let plan = store
                .plans
                .get(uuid)
                .ok_or_else(|| ApiError::not_found("payment plan", uuid))?;
            Ok(plan.json(base))
        }
        Action::AuthoriseWallet(uuid) => {
            let card = card_from(body)?;
            store.authorise_wallet(uuid, &card)?;
            let wallet = store
                .wallets
                .get(uuid)
                .ok_or_else(|| ApiError::not_found("wallet", uuid))?;
            Ok(wallet.json())
        }
        Action::TapTerminal(terminal) => {
            let card = tap_card(body)?;
            let waiting = waiting_on(&store, terminal)?;
            store.pay_transaction(&waiting, &card, None, Some("contactless"))?;
            transaction(&store, base, &waiting)
        }
        Action::CancelTerminal(terminal) => {
            no_fields(body)?;
            waiting_on(&store, terminal)?;
            let merchant = store.terminals[terminal].merchant_uuid.clone();
            store.clear_terminal(&merchant, terminal)?;
            let t = &store.terminals[terminal];
            Ok(store.terminal_json(t, base))
        }
        Action::AdvanceClock => {
            let days = days_to_advance(&store, body)?;
            let created = store.advance_clock(days);
            Ok(json!({ "now": iso_ms(store.now_ms()), "transactions": created }))
        }
        Action::ResendWebhook(id) => {
            no_fields(body)?;
            let d = store
                .deliveries
                .iter()
                .find(|d| d.id == *id)
                .ok_or_else(|| ApiError::not_found("webhook delivery", &id.to_string()))?;
            let (url, payload, merchant) =
                (d.url.clone(), d.payload.clone(), d.merchant_uuid.clone());
            let new_id = store.queue_delivery(url, payload, merchant, Some(*id));
            Ok(store.deliveries[new_id as usize - 1].json())
        }
        Action::FailNextWebhooks(merchant) => {
            if !store.merchants.contains_key(merchant) {
                return Err(ApiError::not_found("clinic", merchant));
            }
            let f = Fields::of(body)?;
            if let Some(other) = f.map().keys().find(|k| *k != "count") {
                return Err(ApiError::field(
                    other,
                    "is not a field of this action (count)",
                ));
            }
            let count = match f.map().get("count") {
                Some(Value::Number(n)) => n.as_u64().filter(|c| *c <= 100),
                _ => None,
            };
            let Some(count) = count else {
                return Err(ApiError::field(
                    "count",
                    "must be a whole number from 0 to 100",
                ));
            };
            store
                .webhook_fail_next
                .insert(merchant.clone(), count as u32);
            Ok(json!({ "merchantUuid": merchant, "failNext": count }))
        }
        Action::Reset => unreachable!("handled above"),
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

/// `{ days }` (1-3660) or `{ months }` (1-120), one of the two.
fn days_to_advance(store: &Store, body: &Value) -> ApiResult<i64> {
    let f = Fields::of(body)?;
    let whole = |field: &str, max: i64| match f.map().get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_i64().filter(|v| (1..=max).contains(v)) {
            Some(v) => Ok(Some(v)),
            None => Err(ApiError::field(
                field,
                format!("must be a whole number from 1 to {max}"),
            )),
        },
        Some(_) => Err(ApiError::field(
            field,
            format!("must be a whole number from 1 to {max}"),
        )),
    };
    match (whole("days", 3660)?, whole("months", 120)?) {
        (Some(days), None) => Ok(days),
        (None, Some(months)) => {
            let today = store.clock.today();
            Ok(today.add_months(months as u32).to_days() - today.to_days())
        }
        (Some(_), Some(_)) => Err(ApiError::field("days", "give days or months, not both")),
        (None, None) => Err(ApiError::field(
            "days",
            "must be a whole number of days from 1 to 3660 (or give months, 1 to 120)",
        )),
    }
}

// ---- read-only views -----------------------------------------------------------------------

/// `GET /sandbox/clock`: the sandbox time and the plan occurrences of the next 92 days.
pub fn clock(store: &Store) -> Value {
    let today = store.clock.today();
    let until = Date::from_days(today.to_days() + UPCOMING_DAYS);
    json!({
        "now": iso_ms(store.now_ms()),
        "upcoming": store.upcoming_occurrences(until).iter().map(|u| u.json()).collect::<Vec<_>>(),
    })
}

/// `GET /sandbox/webhooks`: every delivery and its attempts.
pub fn webhooks(store: &Store) -> Value {
    Value::Array(store.deliveries.iter().map(|d| d.json()).collect())
}

/// `GET /sandbox/outbox`: every email and text message.
pub fn outbox(store: &Store) -> Value {
    Value::Array(store.messages.iter().map(|m| m.json()).collect())
}

/// `GET /sandbox/clinics`: every merchant, its keys masked, its webhook URL and fail-next count.
pub fn clinics(store: &Store) -> Value {
    Value::Array(
        in_order(store.merchants.values(), |m| m.seq)
            .into_iter()
            .map(|m| {
                json!({
                    "uuid": m.uuid,
                    "name": m.name,
                    "email": m.email,
                    "webhookUrl": m.webhook_url,
                    "keys": store.masked_keys(&m.uuid),
                    "failNextWebhooks": store.webhook_fail_next.get(&m.uuid).copied().unwrap_or(0),
                })
            })
            .collect(),
    )
}

impl Store {
    /// A clinic's API keys, oldest first, showing only the last four characters.
    pub fn masked_keys(&self, merchant: &str) -> Vec<String> {
        let mut keys: Vec<(u64, String)> = self
            .api_keys
            .iter()
            .filter(|(_, k)| k.merchant_uuid == merchant)
            .map(|(secret, k)| (k.seq, mask(secret)))
            .collect();
        keys.sort();
        keys.into_iter().map(|(_, masked)| masked).collect()
    }
}

/// `api-test-…1a2b`: enough to tell keys apart, not enough to use one.
pub fn mask(secret: &str) -> String {
    let tail: String = secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("api-test-…{tail}")
}
