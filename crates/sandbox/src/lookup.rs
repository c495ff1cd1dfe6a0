//! Reading the store: look-ups scoped to a merchant (another merchant's record is "not
//! found") and the JSON forms that join records.

use serde_json::{json, Value};

use crate::api_error::{ApiError, ApiResult};
use crate::clock::iso_ms;
use crate::model::*;
use crate::state::Store;

impl Store {
    pub fn transaction(&self, merchant: &str, uuid: &str) -> ApiResult<&Transaction> {
        self.transactions
            .get(uuid)
            .filter(|t| t.merchant_uuid == merchant)
            .ok_or_else(|| ApiError::not_found("transaction", uuid))
    }

    pub fn terminal(&self, merchant: &str, id: &str) -> ApiResult<&Terminal> {
        self.terminals
            .get(id)
            .filter(|t| t.merchant_uuid == merchant)
            .ok_or_else(|| ApiError::not_found("terminal", id))
    }

    pub fn plan(&self, merchant: &str, uuid: &str) -> ApiResult<&PaymentPlan> {
        self.plans
            .get(uuid)
            .filter(|p| p.merchant_uuid == merchant)
            .ok_or_else(|| ApiError::not_found("payment plan", uuid))
    }

    pub fn customer(&self, merchant: &str, uuid: &str) -> ApiResult<&Customer> {
        self.customers
            .get(uuid)
            .filter(|c| c.merchant_uuid == merchant)
            .ok_or_else(|| ApiError::not_found("customer", uuid))
    }

    // ---- JSON forms that need other records ----------------------------------------------

    pub fn transaction_json(&self, t: &Transaction, base_url: &str) -> Value {
        let payment = t.payment.as_ref();
        let mut v = json!({
            "uuid": t.uuid,
            "amount": t.amount,
            "customer": t.customer_uuid.as_ref().map(|c| {
                self.customers.get(c).map(Customer::json).unwrap_or_else(|| json!({ "uuid": c }))
            }),
            "invoice": t.invoice.as_ref().map(|i| json!({ "uuid": i.uuid, "lineItems": i.line_items })),
            "paymentMethod": payment.map(|p| p.method.clone()),
            "paymentMethodSummary": payment.map(|p| p.summary.clone()),
            "paymentMethodAuthCode": payment.map(|p| p.auth_code.clone()),
            "paymentPaidTime": payment.map(|p| iso_ms(p.paid_ms)),
            "paymentPlan": t.plan_uuid.as_ref().and_then(|p| self.plans.get(p)).map(|p| p.json(base_url)),
            "paymentUrl": format!("{base_url}/checkout/transaction/{}", t.uuid),
            "refunds": t.refunds.iter().map(|r| json!({
                "amount": r.amount,
                "status": r.status,
                "reason": r.reason,
                "createdTime": iso_ms(r.created_ms),
            })).collect::<Vec<_>>(),
            "status": t.status,
            "name": t.name,
            "note": t.note,
            "patientNote": t.patient_note,
            "email": t.email,
            "phone": t.phone,
            "emailNotify": t.email_notify,
            "smsNotify": t.sms_notify,
            "successUrl": t.success_url,
            "failureUrl": t.failure_url,
            "isMoto": t.is_moto,
            "postcode": t.postcode,
            "paymentPlanExecutionReference": t.execution_reference,
            "createdTime": iso_ms(t.created_ms),
        });
        if let Some(reason) = &t.failure_reason {
            v["failureReason"] = json!(reason);
        }
        echo(&mut v, &t.extra);
        v
    }

    pub fn terminal_json(&self, t: &Terminal, base_url: &str) -> Value {
        let mut v = json!({ "id": t.id, "name": t.name, "active": t.active });
        if let Some(tx) = t
            .transaction_uuid
            .as_ref()
            .and_then(|u| self.transactions.get(u))
        {
            v["transaction"] = self.transaction_json(tx, base_url);
        }
        v
    }
}
