//! `/api/v1/customer...`: patients and their saved cards (wallets).

use axum::extract::State;
use axum::Json;
use coherent_schema::customers::{CREATE, CREATE_WALLET, DEBIT_WALLET};
use serde_json::{json, Value};

use super::{Caller, Id, JsonBody, Shared};
use crate::api_error::ApiResult;
use crate::ids;
use crate::model::{Customer, Wallet};
use crate::outbox::Recipient;
use crate::state::in_order;
use crate::validate::{required, Fields};

pub async fn create(
    State(state): Shared,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut f = Fields::of(&body)?;
    let provider_reference_id = f.req_str("providerReferenceId");
    let first_name = f.opt_str("firstName");
    let last_name = f.opt_str("lastName");
    let email = f.opt_str("email");
    let mobile = f.opt_str("mobile");
    let active = f.opt_bool("active").unwrap_or(true);
    let extra = f.rest(&CREATE);
    f.finish()?;
    let provider_reference_id = required(provider_reference_id, "providerReferenceId")?;
    let mut store = state.store();
    let uuid = ids::uuid();
    let now = store.now_ms();
    let customer = Customer {
        shopper_reference: format!("shopper-{}", &uuid[..8]),
        uuid: uuid.clone(),
        merchant_uuid: caller.merchant,
        provider_reference_id,
        first_name,
        last_name,
        email,
        mobile,
        active,
        created_ms: now,
        updated_ms: now,
        extra,
    };
    let json = customer.json();
    store.customers.insert(uuid, customer);
    Ok(Json(json))
}

pub async fn get(
    State(state): Shared,
    caller: Caller,
    Id(uuid): Id<String>,
) -> ApiResult<Json<Value>> {
    let store = state.store();
    Ok(Json(store.customer(&caller.merchant, &uuid)?.json()))
}

pub async fn list_wallets(
    State(state): Shared,
    caller: Caller,
    Id(uuid): Id<String>,
) -> ApiResult<Json<Value>> {
    let store = state.store();
    store.customer(&caller.merchant, &uuid)?;
    let wallets = in_order(
        store.wallets.values().filter(|w| w.customer_uuid == uuid),
        |w| w.seq,
    );
    Ok(Json(Value::Array(
        wallets.into_iter().map(Wallet::json).collect(),
    )))
}

pub async fn create_wallet(
    State(state): Shared,
    caller: Caller,
    Id(uuid): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut store = state.store();
    store.customer(&caller.merchant, &uuid)?;
    let mut f = Fields::of(&body)?;
    let name = f.req_str("name");
    let email = f.opt_str("email");
    let phone = f.opt_str("phone");
    let email_notify = f.req_bool("emailNotify");
    let sms_notify = f.req_bool("smsNotify");
    f.rest(&CREATE_WALLET);
    if email_notify == Some(true) && email.is_none() {
        f.fail("email", "is required when emailNotify is true");
    }
    if sms_notify == Some(true) && phone.is_none() {
        f.fail("phone", "is required when smsNotify is true");
    }
    f.finish()?;
    let name = required(name, "name")?;
    let wallet_uuid = ids::uuid();
    let seq = store.next_seq();
    let created_ms = store.now_ms();
    let wallet = Wallet {
        uuid: wallet_uuid.clone(),
        seq,
        merchant_uuid: caller.merchant,
        customer_uuid: uuid,
        name,
        status: "sent".into(),
        card: None,
        end_to_end_id: format!("E2E-{}", &wallet_uuid[..8]),
        created_ms,
    };
    let created = json!({
        "uuid": wallet.uuid,
        "amount": 0,
        "endToEndId": wallet.end_to_end_id,
        "links": { "checkout": wallet.checkout_url(&state.config.base_url) },
    });
    store.wallets.insert(wallet_uuid.clone(), wallet);
    let to = Recipient {
        email: email.as_deref(),
        phone: phone.as_deref(),
        by_email: email_notify == Some(true),
        by_sms: sms_notify == Some(true),
    };
    store.send_wallet_request(&wallet_uuid, to, &state.config.base_url);
    Ok(Json(created))
}

pub async fn debit_wallet(
    State(state): Shared,
    caller: Caller,
    Id(uuid): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut store = state.store();
    store.customer(&caller.merchant, &uuid)?;
    let mut f = Fields::of(&body)?;
    let amount = f.req_amount("amount", false);
    let wallet = f.opt_str("walletUuid");
    f.rest(&DEBIT_WALLET);
    f.finish()?;
    let amount = required(amount, "amount")?;
    let transaction = store.debit_wallet(&caller.merchant, &uuid, amount, wallet.as_deref())?;
    Ok(Json(json!({ "transactionUuid": transaction })))
}
