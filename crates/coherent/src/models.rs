//! Typed views of the gateway's JSON, for Rust callers:
//! `serde_json::from_value::<Transaction>(value)`. Every field the gateway may omit is an
//! `Option`, and unknown fields are ignored, so a richer server response never breaks parsing.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    pub uuid: String,
    pub amount: Option<u64>,
    pub customer: Option<Value>,
    pub invoice: Option<Invoice>,
    pub payment_method: Option<String>,
    pub payment_method_summary: Option<String>,
    pub payment_method_auth_code: Option<String>,
    pub payment_paid_time: Option<String>,
    pub payment_plan: Option<PaymentPlan>,
    pub payment_url: Option<String>,
    #[serde(default)]
    pub refunds: Vec<Refund>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Refund {
    pub amount: u64,
    pub status: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invoice {
    pub uuid: String,
    #[serde(default)]
    pub line_items: Vec<LineItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineItem {
    pub description: String,
    pub amount: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentPlan {
    pub uuid: Option<String>,
    pub amount: Option<Value>,
    pub email: Option<String>,
    pub end_date: Option<String>,
    pub name: Option<String>,
    pub note: Option<String>,
    pub payment_url: Option<String>,
    pub phone: Option<String>,
    pub start_date: Option<String>,
    pub status: Option<String>,
    pub transaction_reference: Option<String>,
    #[serde(rename = "type")]
    pub plan_type: Option<String>,
    pub method: Option<String>,
    pub customer_uuid: Option<String>,
    pub invoice_uuid: Option<String>,
    pub success_url: Option<String>,
    pub failure_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Terminal {
    pub id: String,
    pub name: Option<String>,
    #[serde(default)]
    pub active: bool,
    pub transaction: Option<Transaction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub uuid: String,
    #[serde(default)]
    pub active: bool,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub shopper_reference: Option<String>,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub provider_reference_id: Option<String>,
    pub created_time: Option<String>,
    pub updated_time: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerWallet {
    pub uuid: String,
    pub status: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transaction_parses_with_missing_and_extra_fields() {
        let t: Transaction = serde_json::from_value(serde_json::json!({
            "uuid": "t1", "amount": 1000, "status": "paid", "refunds": [{"amount": 100, "status": "completed"}],
            "paymentPlan": {"transactionReference": "INV1"}, "somethingNew": true
        }))
        .unwrap();
        assert_eq!(t.refunds[0].amount, 100);
        assert_eq!(
            t.payment_plan.unwrap().transaction_reference.as_deref(),
            Some("INV1")
        );
    }
}
