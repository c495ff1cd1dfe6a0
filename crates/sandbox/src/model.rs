//! The records the sandbox keeps, and their JSON forms (the shapes of the API spec §c).

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::cards::Card;
use crate::clock::{iso_ms, Date};

/// Adds the kept request fields a record's JSON does not already show.
pub fn echo(json: &mut Value, extra: &Map<String, Value>) {
    if let Value::Object(shown) = json {
        for (key, value) in extra {
            shown.entry(key.as_str()).or_insert_with(|| value.clone());
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Merchant {
    pub uuid: String,
    pub seq: u64,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub onboarded: bool,
    /// The merchant whose key onboarded this one (a partner); `None` for test-key merchants.
    pub partner: Option<String>,
    pub webhook_url: Option<String>,
}

impl Merchant {
    pub fn json(&self) -> Value {
        let mut v = json!({
            "uuid": self.uuid,
            "name": self.name,
            "email": self.email,
            "onboarded": self.onboarded,
        });
        if let Some(phone) = &self.phone {
            v["phone"] = json!(phone);
        }
        v
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Account {
    pub uuid: String,
    pub seq: u64,
    pub merchant_uuid: String,
    pub email: String,
    pub name: Option<String>,
    pub role: String,
}

impl Account {
    pub fn json(&self) -> Value {
        let mut v = json!({ "uuid": self.uuid, "email": self.email, "role": self.role });
        if let Some(name) = &self.name {
            v["name"] = json!(name);
        }
        v
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ApiKey {
    pub uuid: String,
    pub seq: u64,
    pub merchant_uuid: String,
    pub account_uuid: String,
    pub created_ms: i64,
}

impl ApiKey {
    /// The listing form: never the secret.
    pub fn json(&self) -> Value {
        json!({ "uuid": self.uuid, "createdTime": iso_ms(self.created_ms) })
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Payment {
    pub method: String,
    pub summary: String,
    pub auth_code: String,
    pub paid_ms: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Refund {
    pub amount: i64,
    pub status: String,
    pub reason: Option<String>,
    pub created_ms: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Invoice {
    pub uuid: String,
    pub line_items: Vec<Value>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Transaction {
    pub uuid: String,
    pub seq: u64,
    pub merchant_uuid: String,
    pub amount: i64,
    pub name: Option<String>,
    pub note: Option<String>,
    pub patient_note: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub email_notify: bool,
    pub sms_notify: bool,
    pub success_url: Option<String>,
    pub failure_url: Option<String>,
    pub customer_uuid: Option<String>,
    pub invoice: Option<Invoice>,
    pub is_moto: bool,
    pub postcode: Option<String>,
    pub status: String,
    pub failure_reason: Option<String>,
    pub payment: Option<Payment>,
    pub refunds: Vec<Refund>,
    pub plan_uuid: Option<String>,
    pub wallet_uuid: Option<String>,
    pub execution_reference: Option<String>,
    pub created_ms: i64,
    /// The fields of the create request the sandbox keeps as given (see `Fields::rest`).
    #[serde(default)]
    pub extra: Map<String, Value>,
}

impl Transaction {
    pub fn refunded_total(&self) -> i64 {
        self.refunds
            .iter()
            .filter(|r| r.status != "failed")
            .map(|r| r.amount)
            .sum()
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Terminal {
    pub id: String,
    pub seq: u64,
    pub merchant_uuid: String,
    pub name: Option<String>,
    pub active: bool,
    pub transaction_uuid: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PaymentPlan {
    pub uuid: String,
    pub seq: u64,
    pub merchant_uuid: String,
    pub amount: i64,
    pub name: String,
    pub note: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// As sent (a date or an ISO timestamp), echoed back unchanged.
    pub start_date_raw: Option<String>,
    pub end_date_raw: Option<String>,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub status: String,
    /// What `resumed` goes back to.
    pub status_before_pause: Option<String>,
    pub transaction_reference: Option<String>,
    pub kind: String,
    pub method: String,
    pub customer_uuid: Option<String>,
    pub invoice_uuid: Option<String>,
    pub success_url: Option<String>,
    pub failure_url: Option<String>,
    pub card: Option<Card>,
    /// Index of the next monthly occurrence (0 = `startDate`).
    pub next_occurrence: u32,
    pub notifications_sent: u32,
    /// Unknown keys of the create request, echoed back (the official client passes them).
    pub extra: Map<String, Value>,
    pub created_ms: i64,
}

impl PaymentPlan {
    pub fn occurrence_date(&self, index: u32) -> Option<Date> {
        self.start_date.map(|start| start.add_months(index))
    }

    pub fn json(&self, base_url: &str) -> Value {
        let mut v = Map::new();
        for (key, value) in &self.extra {
            v.insert(key.clone(), value.clone());
        }
        let mut put = |k: &str, value: Value| {
            v.insert(k.to_string(), value);
        };
        put("uuid", json!(self.uuid));
        put("amount", json!(self.amount));
        put("email", json!(self.email));
        put("endDate", json!(self.end_date_raw));
        put("name", json!(self.name));
        put("note", json!(self.note));
        put(
            "paymentUrl",
            json!(format!("{base_url}/checkout/plan/{}", self.uuid)),
        );
        put("phone", json!(self.phone));
        put("startDate", json!(self.start_date_raw));
        put("status", json!(self.status));
        put("transactionReference", json!(self.transaction_reference));
        put("type", json!(self.kind));
        put("method", json!(self.method));
        put("customerUuid", json!(self.customer_uuid));
        put("invoiceUuid", json!(self.invoice_uuid));
        put("successUrl", json!(self.success_url));
        put("failureUrl", json!(self.failure_url));
        put("nextPaymentDate", json!(self.next_due().map(|d| d.iso())));
        put("createdTime", json!(iso_ms(self.created_ms)));
        Value::Object(v)
    }

    /// The date of the next scheduled occurrence, if the plan still has one.
    pub fn next_due(&self) -> Option<Date> {
        self.next_due_at(self.next_occurrence)
    }

    /// The date of occurrence `index`, if the plan will still reach it.
    pub fn next_due_at(&self, index: u32) -> Option<Date> {
        if self.kind != "recurring" || matches!(self.status.as_str(), "void" | "ended") {
            return None;
        }
        let date = self.occurrence_date(index)?;
        match self.end_date {
            Some(end) if date > end => None,
            _ => Some(date),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Customer {
    pub uuid: String,
    pub merchant_uuid: String,
    pub provider_reference_id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub active: bool,
    pub shopper_reference: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    /// The fields of the create request the sandbox keeps as given (see `Fields::rest`).
    #[serde(default)]
    pub extra: Map<String, Value>,
}

impl Customer {
    pub fn json(&self) -> Value {
        let mut v = json!({
            "uuid": self.uuid,
            "active": self.active,
            "shopperReference": self.shopper_reference,
            "providerReferenceId": self.provider_reference_id,
            "createdTime": iso_ms(self.created_ms),
            "updatedTime": iso_ms(self.updated_ms),
        });
        for (key, value) in [
            ("firstName", &self.first_name),
            ("lastName", &self.last_name),
            ("email", &self.email),
            ("mobile", &self.mobile),
        ] {
            if let Some(value) = value {
                v[key] = json!(value);
            }
        }
        echo(&mut v, &self.extra);
        v
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Wallet {
    pub uuid: String,
    pub seq: u64,
    pub merchant_uuid: String,
    pub customer_uuid: String,
    pub name: String,
    pub status: String,
    pub card: Option<Card>,
    pub end_to_end_id: String,
    pub created_ms: i64,
}

impl Wallet {
    pub fn json(&self) -> Value {
        let mut v = json!({
            "uuid": self.uuid,
            "status": self.status,
            "name": self.name,
            "createdTime": iso_ms(self.created_ms),
        });
        if let Some(card) = &self.card {
            v["paymentMethod"] = json!(card.method());
            v["paymentMethodSummary"] = json!(card.summary());
        }
        v
    }

    pub fn checkout_url(&self, base_url: &str) -> String {
        format!("{base_url}/checkout/wallet/{}", self.uuid)
    }
}

/// One webhook delivery and every attempt made at it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Delivery {
    pub id: u64,
    pub url: String,
    pub payload: Value,
    pub delivered: bool,
    pub attempts: Vec<Attempt>,
    /// The clinic it was sent for.
    #[serde(default)]
    pub merchant_uuid: String,
    /// The delivery this one re-sends (`POST /sandbox/webhooks/{id}/resend`).
    #[serde(default)]
    pub resend_of: Option<u64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Attempt {
    pub at_ms: i64,
    pub status: Option<u16>,
    pub error: Option<String>,
    #[serde(default)]
    pub duration_ms: u64,
    /// The start of the receiver's answer.
    #[serde(default)]
    pub response_excerpt: Option<String>,
}

impl Delivery {
    pub fn json(&self) -> Value {
        json!({
            "id": self.id,
            "url": self.url,
            "payload": self.payload,
            "delivered": self.delivered,
            "merchantUuid": self.merchant_uuid,
            "resendOf": self.resend_of,
            "attempts": self.attempts.iter().map(|a| {
                let mut v = json!({ "at": iso_ms(a.at_ms), "durationMs": a.duration_ms });
                if let Some(status) = a.status { v["status"] = json!(status); }
                if let Some(error) = &a.error { v["error"] = json!(error); }
                if let Some(excerpt) = &a.response_excerpt { v["responseExcerpt"] = json!(excerpt); }
                v
            }).collect::<Vec<_>>(),
        })
    }
}
