//! `/api/v1/payment/plan...`: recurring plans and on-demand holds.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Map, Value};

use coherent_schema::enums::{PAYMENT_PLAN_METHODS, PAYMENT_PLAN_TYPES};
use coherent_schema::payment_plans::{CHARGE, CREATE, RESUME_AND_CHARGE};

use super::{Caller, Id, JsonBody, Shared};
use crate::api_error::{ApiError, ApiResult};
use crate::clock::Date;
use crate::ids;
use crate::lifecycle::Scenario;
use crate::model::PaymentPlan;
use crate::state::Store;
use crate::validate::{required, Fields};

/// `paymentPlans.create`: the fields the sandbox acts on, and the rest as given (echoed).
struct NewPlan {
    name: Option<String>,
    amount: Option<i64>,
    note: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    reference: Option<String>,
    kind: String,
    method: String,
    customer: Option<String>,
    invoice: Option<String>,
    success_url: Option<String>,
    failure_url: Option<String>,
    start: Option<(String, Date)>,
    end: Option<(String, Date)>,
    extra: Map<String, Value>,
}

impl NewPlan {
    /// Reads the body, recording what is wrong (in the order the fields are listed).
    fn read(f: &mut Fields) -> NewPlan {
        let name = f.req_str("name");
        let amount = f.req_amount("amount", true);
        let note = f.opt_str("note");
        let email = f.opt_str("email");
        let phone = f.opt_str("phone");
        // Checked, not kept: the sandbox notifies only when asked (`/notification`).
        f.opt_bool("emailNotify");
        f.opt_bool("smsNotify");
        let reference = f.opt_str("transactionReference");
        let kind = f.opt_enum("type", PAYMENT_PLAN_TYPES);
        let method = f.opt_enum("method", PAYMENT_PLAN_METHODS);
        let customer = f.opt_str("customerUuid");
        let invoice = f.opt_str("invoiceUuid");
        f.opt_bool("chargeOnSubmission");
        let success_url = f.opt_url("successUrl");
        let failure_url = f.opt_url("failureUrl");
        let start = f.opt_date("startDate");
        let end = f.opt_date("endDate");
        // The table's other fields, and any other key: the client sends the object as given.
        let mut extra = f.rest(&CREATE);
        extra.extend(f.unread());
        let kind = kind.unwrap_or_else(|| "recurring".into());
        if kind == "recurring" && start.is_none() && !f.has("startDate") {
            f.fail("startDate", "is required for a recurring plan");
        }
        if let (Some((_, s)), Some((_, e))) = (&start, &end) {
            if e < s {
                f.fail("endDate", "is before startDate");
            }
        }
        NewPlan {
            name,
            amount,
            note,
            email,
            phone,
            reference,
            kind,
            method: method.unwrap_or_else(|| "direct_debit".into()),
            customer,
            invoice,
            success_url,
            failure_url,
            start,
            end,
            extra,
        }
    }

    /// What only the clinic's records can tell: the customer exists, the reference is free.
    fn check_with(&self, store: &Store, merchant: &str, f: &mut Fields) {
        if let Some(c) = &self.customer {
            if store.customer(merchant, c).is_err() {
                f.fail("customerUuid", format!("no customer {c:?}"));
            }
        }
        if let Some(r) = &self.reference {
            let taken = store.plans.values().any(|p| {
                p.merchant_uuid == merchant && p.transaction_reference.as_ref() == Some(r)
            });
            if taken {
                f.fail(
                    "transactionReference",
                    "is already used by another plan of this clinic",
                );
            }
        }
    }

    fn into_plan(self, store: &mut Store, merchant: &str) -> ApiResult<PaymentPlan> {
        let (Some(name), Some(amount)) = (self.name, self.amount) else {
            return Err(ApiError::field("body", "name and amount are required"));
        };
        Ok(PaymentPlan {
            uuid: ids::uuid(),
            seq: store.next_seq(),
            merchant_uuid: merchant.to_string(),
            amount,
            name,
            note: self.note,
            email: self.email,
            phone: self.phone,
            start_date_raw: self.start.as_ref().map(|(raw, _)| raw.clone()),
            end_date_raw: self.end.as_ref().map(|(raw, _)| raw.clone()),
            start_date: self.start.map(|(_, d)| d),
            end_date: self.end.map(|(_, d)| d),
            status: "sent".into(),
            status_before_pause: None,
            transaction_reference: self.reference,
            kind: self.kind,
            method: self.method,
            customer_uuid: self.customer,
            invoice_uuid: self.invoice,
            success_url: self.success_url,
            failure_url: self.failure_url,
            card: None,
            next_occurrence: 0,
            notifications_sent: 0,
            extra: self.extra,
            created_ms: store.now_ms(),
        })
    }
}

pub async fn create(
    State(state): Shared,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut f = Fields::of(&body)?;
    let asked = NewPlan::read(&mut f);
    let mut store = state.store();
    asked.check_with(&store, &caller.merchant, &mut f);
    f.finish()?;
    let plan = asked.into_plan(&mut store, &caller.merchant)?;
    let json = plan.json(&state.config.base_url);
    store.plans.insert(plan.uuid.clone(), plan);
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
    if matches!(plan.status.as_str(), "void" | "ended") {
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
    f.rest(&CHARGE);
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
    f.rest(&RESUME_AND_CHARGE);
    f.finish()?;
    let transaction = store.resume_and_charge(&caller.merchant, &uuid, scenario)?;
    Ok(Json(json!({ "transactionUuid": transaction })))
}
