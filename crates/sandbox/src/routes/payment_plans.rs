//! `/api/v1/payment/plan...`: recurring plans and on-demand holds.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Map, Value};

use super::{Caller, Id, JsonBody, Shared};
use crate::clock::Date;
use crate::error::{ApiError, ApiResult};
use crate::ids;
use crate::lifecycle::Scenario;
use crate::model::PaymentPlan;
use crate::validate::{required, Fields};

const KNOWN: [&str; 17] = [
    "name",
    "amount",
    "note",
    "startDate",
    "endDate",
    "email",
    "emailNotify",
    "phone",
    "smsNotify",
    "transactionReference",
    "type",
    "method",
    "customerUuid",
    "invoiceUuid",
    "chargeOnSubmission",
    "successUrl",
    "failureUrl",
];

fn date(f: &mut Fields, field: &str) -> Option<(String, Date)> {
    let raw = f.opt_str(field)?;
    match Date::parse(&raw) {
        Some(d) => Some((raw, d)),
        None => {
            f.fail(field, "must be a date (YYYY-MM-DD or an ISO timestamp)");
            None
        }
    }
}

pub async fn create(
    State(state): Shared,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut f = Fields::of(&body)?;
    let name = f.req_str("name");
    let amount = f.req_amount("amount", true);
    let note = f.opt_str("note");
    let email = f.opt_str("email");
    let phone = f.opt_str("phone");
    let email_notify = f.opt_bool("emailNotify");
    let sms_notify = f.opt_bool("smsNotify");
    let reference = f.opt_str("transactionReference");
    let kind = f
        .opt_enum("type", &["recurring", "on_demand"])
        .unwrap_or_else(|| "recurring".into());
    let method = f
        .opt_enum("method", &["card", "direct_debit"])
        .unwrap_or_else(|| "direct_debit".into());
    let customer = f.opt_str("customerUuid");
    let invoice = f.opt_str("invoiceUuid");
    f.opt_bool("chargeOnSubmission");
    let success_url = f.opt_url("successUrl");
    let failure_url = f.opt_url("failureUrl");
    let start = date(&mut f, "startDate");
    let end = date(&mut f, "endDate");
    if kind == "recurring" && start.is_none() && !f.has("startDate") {
        f.fail("startDate", "is required for a recurring plan");
    }
    if let (Some((_, s)), Some((_, e))) = (&start, &end) {
        if e < s {
            f.fail("endDate", "is before startDate");
        }
    }
    let _ = (email_notify, sms_notify);

    let mut store = state.store();
    if let Some(c) = &customer {
        if store.customer(&caller.merchant, c).is_err() {
            f.fail("customerUuid", format!("no customer {c:?}"));
        }
    }
    if let Some(r) = &reference {
        let taken = store.plans.values().any(|p| {
            p.merchant_uuid == caller.merchant && p.transaction_reference.as_ref() == Some(r)
        });
        if taken {
            f.fail(
                "transactionReference",
                "is already used by another plan of this clinic",
            );
        }
    }
    let extra: Map<String, Value> = f
        .map()
        .iter()
        .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    f.finish()?;
    let (Some(name), Some(amount)) = (name, amount) else {
        return Err(ApiError::field("body", "name and amount are required"));
    };

    let uuid = ids::uuid();
    let seq = store.next_seq();
    let created_ms = store.now_ms();
    let plan = PaymentPlan {
        uuid: uuid.clone(),
        seq,
        merchant_uuid: caller.merchant.clone(),
        amount,
        name,
        note,
        email,
        phone,
        start_date_raw: start.as_ref().map(|(raw, _)| raw.clone()),
        end_date_raw: end.as_ref().map(|(raw, _)| raw.clone()),
        start_date: start.map(|(_, d)| d),
        end_date: end.map(|(_, d)| d),
        status: "sent",
        status_before_pause: None,
        transaction_reference: reference,
        kind: if kind == "on_demand" {
            "on_demand"
        } else {
            "recurring"
        },
        method: if method == "card" {
            "card"
        } else {
            "direct_debit"
        },
        customer_uuid: customer,
        invoice_uuid: invoice,
        success_url,
        failure_url,
        card: None,
        next_occurrence: 0,
        notifications_sent: 0,
        extra,
        created_ms,
    };
    let json = plan.json(&state.config.base_url);
    store.plans.insert(uuid, plan);
    Ok(Json(json))
}

pub async fn get(state: Shared, caller: Caller, Id(uuid): Id<String>) -> ApiResult<Json<Value>> {
    plan_json(&state, &caller.merchant, &uuid)
}

fn plan_json(state: &Shared, merchant: &str, uuid: &str) -> ApiResult<Json<Value>> {
    let store = state.store();
    Ok(Json(
        store.plan(merchant, uuid)?.json(&state.config.base_url),
    ))
}

pub async fn set_status(
    state: Shared,
    caller: Caller,
    Id(uuid): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    {
        let mut store = state.store();
        store.plan(&caller.merchant, &uuid)?;
        let mut f = Fields::of(&body)?;
        let status = f.req_enum("status", &["paused", "resumed", "void"]);
        f.finish()?;
        let status = required(status, "status")?;
        store.set_plan_status(&caller.merchant, &uuid, &status)?;
    }
    plan_json(&state, &caller.merchant, &uuid)
}

/// Re-sends the plan's link to the patient (counted, and kept in the outbox: no email or SMS
/// leaves the sandbox).
pub async fn notify(
    state: Shared,
    caller: Caller,
    Id(uuid): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut store = state.store();
    let plan = store.plan(&caller.merchant, &uuid)?;
    if !(body.is_null() || body.is_object()) {
        return Err(ApiError::field("body", "must be a JSON object"));
    }
    if matches!(plan.status, "void" | "ended") {
        return Err(ApiError::field(
            "status",
            format!(
                "the plan is {}; there is nothing to notify about",
                plan.status
            ),
        ));
    }
    let Some(plan) = store.plans.get_mut(&uuid) else {
        return Err(ApiError::not_found("payment plan", &uuid));
    };
    plan.notifications_sent += 1;
    let sent = plan.notifications_sent;
    store.send_plan_notification(&uuid, &state.config.base_url);
    Ok(Json(json!({ "uuid": uuid, "notificationsSent": sent })))
}

fn scenario(f: &mut Fields) -> Option<Scenario> {
    f.opt_enum("testScenario", &Scenario::NAMES)
        .and_then(|s| Scenario::parse(&s))
}

/// Also serves `/execute` (the 0.0.47 client's name for the same thing).
pub async fn charge(
    state: Shared,
    caller: Caller,
    Id(uuid): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut store = state.store();
    store.plan(&caller.merchant, &uuid)?;
    let mut f = Fields::of_optional(&body)?;
    let amount = f.opt_amount("amount", false);
    let reference = f.opt_str("reference");
    let invoice = f.opt_str("invoiceUuid");
    let scenario = scenario(&mut f);
    f.finish()?;
    let transaction = store.charge_plan(
        &caller.merchant,
        &uuid,
        amount,
        reference,
        invoice,
        scenario,
    )?;
    Ok(Json(json!({ "transactionUuid": transaction })))
}

pub async fn resume_and_charge(
    state: Shared,
    caller: Caller,
    Id(uuid): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut store = state.store();
    store.plan(&caller.merchant, &uuid)?;
    let mut f = Fields::of_optional(&body)?;
    let scenario = scenario(&mut f);
    f.finish()?;
    let transaction = store.resume_and_charge(&caller.merchant, &uuid, scenario)?;
    Ok(Json(json!({ "transactionUuid": transaction })))
}
