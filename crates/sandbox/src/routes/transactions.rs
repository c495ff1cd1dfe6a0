//! `/api/v1/transaction...`: payment links, refunds, void.

use axum::extract::State;
use axum::Json;
use coherent_schema::transactions::{CREATE, REFUND};
use serde_json::{json, Map, Value};

use super::{Caller, Id, JsonBody, Shared};
use crate::api_error::{ApiError, ApiResult};
use crate::model::{Invoice, Transaction};
use crate::state::Store;
use crate::validate::{required, Fields};

/// Reads `customerUuid` or `customer: {uuid}` (the documented nested form).
fn reference(f: &mut Fields, flat: &str, nested: &str) -> Option<String> {
    let flat_value = f.opt_str(flat);
    let nested_value = match f.map().get(nested) {
        None | Some(Value::Null) => None,
        Some(Value::Object(o)) => match o.get("uuid") {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => {
                f.fail(
                    &format!("{nested}.uuid"),
                    "is required and must be a string",
                );
                None
            }
        },
        Some(_) => {
            f.fail(nested, "must be an object with a uuid");
            None
        }
    };
    match (flat_value, nested_value) {
        (Some(a), Some(b)) if a != b => {
            f.fail(flat, format!("disagrees with {nested}.uuid"));
            None
        }
        (a, b) => a.or(b),
    }
}

/// `invoice.lineItems`, if given: `[{ description, amount }]`.
fn line_items(f: &mut Fields) -> Vec<Value> {
    let Some(Value::Object(invoice)) = f.map().get("invoice") else {
        return Vec::new();
    };
    match invoice.get("lineItems") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let valid = items.iter().all(|item| {
                item.get("description").is_some_and(Value::is_string)
                    && item
                        .get("amount")
                        .and_then(Value::as_i64)
                        .is_some_and(|a| a > 0)
            });
            if valid {
                items.clone()
            } else {
                f.fail(
                    "invoice.lineItems",
                    "each line item needs a description (string) and an amount (positive whole pennies)",
                );
                Vec::new()
            }
        }
        Some(_) => {
            f.fail("invoice.lineItems", "must be an array");
            Vec::new()
        }
    }
}

/// `transactions.create`: the fields the sandbox acts on, and the rest of the table as given.
struct NewTransaction {
    amount: Option<i64>,
    name: Option<String>,
    note: Option<String>,
    patient_note: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    email_notify: bool,
    sms_notify: bool,
    success_url: Option<String>,
    failure_url: Option<String>,
    is_moto: bool,
    postcode: Option<String>,
    customer: Option<String>,
    invoice: Option<String>,
    items: Vec<Value>,
    extra: Map<String, Value>,
}

impl NewTransaction {
    /// Reads the body, recording what is wrong (in the order the fields are listed).
    fn read(f: &mut Fields) -> NewTransaction {
        NewTransaction {
            amount: f.opt_amount("amount", false),
            name: f.opt_str("name"),
            note: f.opt_str("note"),
            patient_note: f.opt_str("patientNote"),
            email: f.opt_str("email"),
            phone: f.opt_str("phone"),
            email_notify: f.opt_bool("emailNotify").unwrap_or(false),
            sms_notify: f.opt_bool("smsNotify").unwrap_or(false),
            success_url: f.opt_url("successUrl"),
            failure_url: f.opt_url("failureUrl"),
            is_moto: f.opt_bool("isMoto").unwrap_or(false),
            postcode: f.opt_str("postcode"),
            customer: reference(f, "customerUuid", "customer"),
            invoice: reference(f, "invoiceUuid", "invoice"),
            items: line_items(f),
            extra: f.rest(&CREATE),
        }
    }

    /// The rules between fields, and what only the clinic's records can tell. The amount
    /// defaults to the line items' total.
    fn check_with(&mut self, store: &Store, merchant: &str, f: &mut Fields) {
        if let Some(c) = &self.customer {
            if store.customer(merchant, c).is_err() {
                f.fail("customerUuid", format!("no customer {c:?}"));
            }
        }
        let items_total: i64 = self.items.iter().filter_map(|i| i["amount"].as_i64()).sum();
        if self.amount.is_none() && !f.has("amount") {
            if items_total > 0 {
                self.amount = Some(items_total);
            } else {
                // With an invoice the gateway takes the amount from it; the sandbox keeps no
                // invoices, so the reference is what it cannot follow (found by schemathesis).
                let (field, message) = match (&self.invoice, f.has("invoiceUuid")) {
                    (None, _) => ("amount", "is required (or give invoice.lineItems)"),
                    (Some(_), flat) => (
                        if flat { "invoiceUuid" } else { "invoice" },
                        "is an invoice the sandbox does not know: give an amount, or invoice.lineItems",
                    ),
                };
                f.fail(field, message);
            }
        }
        if self.name.is_none() && self.customer.is_none() && !f.has("name") {
            f.fail("name", "is required (or give a customer)");
        }
        if self.email_notify && self.email.is_none() {
            f.fail("email", "is required when emailNotify is true");
        }
        if self.sms_notify && self.phone.is_none() {
            f.fail("phone", "is required when smsNotify is true");
        }
    }

    fn fill(self, t: &mut Transaction) {
        t.name = self.name;
        t.note = self.note;
        t.patient_note = self.patient_note;
        t.email = self.email;
        t.phone = self.phone;
        t.email_notify = self.email_notify;
        t.sms_notify = self.sms_notify;
        t.success_url = self.success_url;
        t.failure_url = self.failure_url;
        t.is_moto = self.is_moto;
        t.postcode = self.postcode;
        t.customer_uuid = self.customer;
        t.invoice = self.invoice.map(|uuid| Invoice {
            uuid,
            line_items: self.items,
        });
        t.extra = self.extra;
    }
}

pub async fn create(
    State(state): Shared,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut f = Fields::of(&body)?;
    let mut asked = NewTransaction::read(&mut f);
    let mut store = state.store();
    asked.check_with(&store, &caller.merchant, &mut f);
    f.finish()?;
    let amount = required(asked.amount, "amount")?;
    let mut t = store.blank_transaction(&caller.merchant, amount);
    asked.fill(&mut t);
    let uuid = store.insert_transaction(t);
    store.send_payment_request(&uuid, &state.config.base_url);
    transaction_answer(&store, &state.config.base_url, &caller.merchant, &uuid)
}

/// The caller's transaction as the API shows it.
fn transaction_answer(
    store: &Store,
    base_url: &str,
    merchant: &str,
    uuid: &str,
) -> ApiResult<Json<Value>> {
    let t = store.transaction(merchant, uuid)?;
    Ok(Json(store.transaction_json(t, base_url)))
}

pub async fn get(
    State(state): Shared,
    caller: Caller,
    Id(uuid): Id<String>,
) -> ApiResult<Json<Value>> {
    let store = state.store();
    transaction_answer(&store, &state.config.base_url, &caller.merchant, &uuid)
}

pub async fn refund(
    State(state): Shared,
    caller: Caller,
    Id(uuid): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut store = state.store();
    store.transaction(&caller.merchant, &uuid)?;
    let mut f = Fields::of(&body)?;
    let amount = f.req_amount("amount", false);
    let reason = f.opt_str("reason");
    f.rest(&REFUND);
    f.finish()?;
    let amount = required(amount, "amount")?;
    store.refund_transaction(&caller.merchant, &uuid, amount, reason)?;
    transaction_answer(&store, &state.config.base_url, &caller.merchant, &uuid)
}

pub async fn update_status(
    State(state): Shared,
    caller: Caller,
    Id(uuid): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut store = state.store();
    store.transaction(&caller.merchant, &uuid)?;
    let mut f = Fields::of(&body)?;
    let status = f.req_str("status");
    f.finish()?;
    match status.as_deref() {
        Some("void") => store.void_transaction(&caller.merchant, &uuid)?,
        _ => {
            return Err(ApiError::field(
                "status",
                "must be \"void\" (the only status a caller can set)",
            ))
        }
    }
    Ok(Json(json!({ "uuid": uuid, "status": "void" })))
}
