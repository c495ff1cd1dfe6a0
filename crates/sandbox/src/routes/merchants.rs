//! `/api/v1/onboarding` and `/api/v1/merchant...`: partner-level management.
//!
//! Rule: a key manages its own merchant plus every merchant it onboarded. Any other merchant
//! answers 404.

use axum::extract::State;
use axum::Json;
use coherent_schema::onboarding::START;
use serde_json::{json, Value};

use super::{Caller, Id, JsonBody, Shared};
use crate::api_error::{ApiError, ApiResult};
use crate::state::in_order;
use crate::validate::Fields;

pub async fn onboard(
    State(state): Shared,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut f = Fields::of(&body)?;
    let name = f.req_str("name");
    let email = f.req_str("email");
    let webhook_url = f.req_url("webhookUrl");
    let phone = f.opt_str("phone");
    f.rest(&START);
    f.finish()?;
    let (Some(name), Some(email)) = (name, email) else {
        return Err(ApiError::field("body", "name and email are required"));
    };
    let mut store = state.store();
    let merchant = store.create_merchant(
        name.clone(),
        email.clone(),
        phone,
        Some(caller.merchant),
        webhook_url,
    );
    let account = store.create_account(&merchant, email, Some(name));
    let (_, secret) = store.create_key(&merchant, &account);
    Ok(Json(json!({ "uuid": merchant, "apiKey": secret })))
}

pub async fn list(State(state): Shared, caller: Caller) -> Json<Value> {
    let store = state.store();
    let managed = in_order(
        store.merchants.values().filter(|m| {
            m.uuid == caller.merchant || m.partner.as_deref() == Some(caller.merchant.as_str())
        }),
        |m| m.seq,
    );
    Json(Value::Array(
        managed.into_iter().map(|m| m.json()).collect(),
    ))
}

pub async fn accounts(
    State(state): Shared,
    caller: Caller,
    Id(merchant): Id<String>,
) -> ApiResult<Json<Value>> {
    let store = state.store();
    store.managed_merchant(&caller.merchant, &merchant)?;
    let accounts = in_order(
        store
            .accounts
            .values()
            .filter(|a| a.merchant_uuid == merchant),
        |a| a.seq,
    );
    Ok(Json(Value::Array(
        accounts.into_iter().map(|a| a.json()).collect(),
    )))
}

/// The body must be `{}` (what the client sends) or empty; anything else is a mistake.
fn empty_object(body: &Value) -> ApiResult<()> {
    match body {
        Value::Null => Ok(()),
        Value::Object(_) => Ok(()),
        _ => Err(ApiError::field("body", "must be a JSON object")),
    }
}

pub async fn create_account_key(
    State(state): Shared,
    caller: Caller,
    Id((merchant, account)): Id<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut store = state.store();
    store.managed_merchant(&caller.merchant, &merchant)?;
    store.account_of(&merchant, &account)?;
    empty_object(&body)?;
    let (uuid, secret) = store.create_key(&merchant, &account);
    Ok(Json(json!({ "uuid": uuid, "apiKey": secret })))
}

fn keys_of(store: &crate::state::Store, account: &str) -> Value {
    let keys = in_order(
        store
            .api_keys
            .values()
            .filter(|k| k.account_uuid == account),
        |k| k.seq,
    );
    Value::Array(keys.into_iter().map(|k| k.json()).collect())
}

pub async fn list_account_keys(
    State(state): Shared,
    caller: Caller,
    Id((merchant, account)): Id<(String, String)>,
) -> ApiResult<Json<Value>> {
    let store = state.store();
    store.managed_merchant(&caller.merchant, &merchant)?;
    store.account_of(&merchant, &account)?;
    Ok(Json(keys_of(&store, &account)))
}

/// Deprecated form: acts on the merchant's oldest account.
pub async fn create_key(
    State(state): Shared,
    caller: Caller,
    Id(merchant): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut store = state.store();
    store.managed_merchant(&caller.merchant, &merchant)?;
    let account = store.oldest_account(&merchant)?.uuid.clone();
    empty_object(&body)?;
    let (uuid, secret) = store.create_key(&merchant, &account);
    Ok(Json(json!({ "uuid": uuid, "apiKey": secret })))
}

pub async fn list_keys(
    State(state): Shared,
    caller: Caller,
    Id(merchant): Id<String>,
) -> ApiResult<Json<Value>> {
    let store = state.store();
    store.managed_merchant(&caller.merchant, &merchant)?;
    let account = store.oldest_account(&merchant)?.uuid.clone();
    Ok(Json(keys_of(&store, &account)))
}

pub async fn get_webhook(
    State(state): Shared,
    caller: Caller,
    Id(merchant): Id<String>,
) -> ApiResult<Json<Value>> {
    let store = state.store();
    let m = store.managed_merchant(&caller.merchant, &merchant)?;
    Ok(Json(json!({ "uuid": m.uuid, "webhookUrl": m.webhook_url })))
}

pub async fn update_webhook(
    State(state): Shared,
    caller: Caller,
    Id(merchant): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut store = state.store();
    store.managed_merchant(&caller.merchant, &merchant)?;
    let mut f = Fields::of(&body)?;
    let present = f.map().contains_key("webhookUrl");
    let url = f.opt_url("webhookUrl");
    if !present {
        f.fail("webhookUrl", "is required (null removes it)");
    }
    f.finish()?;
    let Some(m) = store.merchants.get_mut(&merchant) else {
        return Err(ApiError::not_found("merchant", &merchant));
    };
    m.webhook_url = url;
    Ok(Json(json!({ "uuid": m.uuid, "webhookUrl": m.webhook_url })))
}
