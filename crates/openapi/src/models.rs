//! The response bodies, as component schemas: the objects the gateway sends, with the keys the
//! official client picks from them marked required (the core's result shapes; a test checks each
//! shape's keys against these). The rest is what the sandbox sends besides, typed as it sends it.

use coherent_schema::enums::{
    PAYMENT_PLAN_METHODS, PAYMENT_PLAN_STATUSES, PAYMENT_PLAN_TYPES, REFUND_STATUSES,
    TRANSACTION_STATUSES,
};
use serde_json::{json, Value};

fn nullable(kind: &str) -> Value {
    json!({ "type": [kind, "null"] })
}

fn text() -> Value {
    json!({ "type": "string" })
}

fn time() -> Value {
    json!({ "type": "string", "format": "date-time" })
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn or_null(schema: Value) -> Value {
    json!({ "anyOf": [schema, { "type": "null" }] })
}

/// Every response component, by name.
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        ("Transaction", transaction()),
        ("Refund", refund()),
        ("Invoice", invoice()),
        ("PaymentPlan", payment_plan()),
        ("Terminal", terminal()),
        ("Customer", customer()),
        ("CustomerWallet", wallet()),
        ("WalletCreated", wallet_created()),
        ("TransactionUuid", transaction_uuid()),
        ("Merchant", merchant()),
        ("MerchantAccount", account()),
        ("ApiKeyCreated", api_key_created()),
        ("ApiKeySummary", api_key_summary()),
        ("WebhookUrl", webhook_url()),
        ("TransactionVoided", voided()),
        ("PlanNotified", notified()),
        ("Error", error()),
    ]
}

fn transaction() -> Value {
    json!({
        "type": "object",
        "description": "A payment link. `transactions.create` returns `uuid, amount, customer, invoice, status, paymentUrl, refunds` and the four payment fields as `null`; `transactions.get` returns the twelve required keys.",
        "required": ["uuid", "amount", "customer", "invoice", "paymentMethod", "paymentMethodSummary",
            "paymentMethodAuthCode", "paymentPaidTime", "paymentPlan", "paymentUrl", "refunds", "status"],
        "properties": {
            "uuid": text(),
            "amount": { "type": "integer", "description": "In minor units." },
            "customer": or_null(json!({
                "type": "object", "required": ["uuid"], "properties": { "uuid": text() },
                "description": "The linked customer (its full record where the gateway knows it)."
            })),
            "invoice": or_null(reference("Invoice")),
            "paymentMethod": nullable("string"),
            "paymentMethodSummary": nullable("string"),
            "paymentMethodAuthCode": nullable("string"),
            "paymentPaidTime": or_null(time()),
            "paymentPlan": or_null(reference("PaymentPlan")),
            "paymentUrl": { "type": "string", "format": "uri", "description": "The checkout page." },
            "refunds": { "type": "array", "items": reference("Refund") },
            "status": { "type": "string", "enum": TRANSACTION_STATUSES },
            "name": nullable("string"),
            "note": nullable("string"),
            "patientNote": nullable("string"),
            "email": nullable("string"),
            "phone": nullable("string"),
            "emailNotify": { "type": "boolean" },
            "smsNotify": { "type": "boolean" },
            "successUrl": nullable("string"),
            "failureUrl": nullable("string"),
            "isMoto": { "type": "boolean" },
            "postcode": nullable("string"),
            "paymentPlanExecutionReference": nullable("string"),
            "failureReason": text(),
            "createdTime": time()
        }
    })
}

fn refund() -> Value {
    json!({
        "type": "object",
        "required": ["amount", "status"],
        "properties": {
            "amount": { "type": "integer" },
            "status": { "type": "string", "enum": REFUND_STATUSES },
            "reason": nullable("string"),
            "createdTime": time()
        }
    })
}

fn invoice() -> Value {
    json!({
        "type": "object",
        "required": ["uuid"],
        "properties": {
            "uuid": text(),
            "lineItems": { "type": "array", "items": {
                "type": "object",
                "required": ["description", "amount"],
                "properties": { "description": text(), "amount": { "type": "integer" } }
            } }
        }
    })
}

fn payment_plan() -> Value {
    json!({
        "type": "object",
        "description": "A monthly plan or an on-demand hold. `paymentPlans.create` returns the seventeen keys up to `failureUrl`; `paymentPlans.get` the same without `customerUuid` and `invoiceUuid`. Unknown keys of the create request are echoed back.",
        "required": ["uuid", "amount", "email", "endDate", "name", "note", "paymentUrl", "phone",
            "startDate", "status", "transactionReference", "type", "method", "customerUuid",
            "invoiceUuid", "successUrl", "failureUrl"],
        "properties": {
            "uuid": text(),
            "amount": { "type": "integer" },
            "email": nullable("string"),
            "endDate": { "type": ["string", "null"], "description": "As sent on create." },
            "name": text(),
            "note": nullable("string"),
            "paymentUrl": { "type": "string", "format": "uri" },
            "phone": nullable("string"),
            "startDate": { "type": ["string", "null"], "description": "As sent on create." },
            "status": { "type": "string", "enum": PAYMENT_PLAN_STATUSES },
            "transactionReference": nullable("string"),
            "type": { "type": "string", "enum": PAYMENT_PLAN_TYPES },
            "method": { "type": "string", "enum": PAYMENT_PLAN_METHODS },
            "customerUuid": nullable("string"),
            "invoiceUuid": nullable("string"),
            "successUrl": nullable("string"),
            "failureUrl": nullable("string"),
            "nextPaymentDate": { "type": ["string", "null"], "format": "date" },
            "createdTime": time()
        }
    })
}

fn terminal() -> Value {
    json!({
        "type": "object",
        "required": ["id", "active"],
        "properties": {
            "id": text(),
            "name": nullable("string"),
            "active": { "type": "boolean" },
            "transaction": reference("Transaction")
        }
    })
}

fn customer() -> Value {
    json!({
        "type": "object",
        "required": ["uuid", "active", "shopperReference", "providerReferenceId", "createdTime", "updatedTime"],
        "properties": {
            "uuid": text(),
            "active": { "type": "boolean" },
            "firstName": text(),
            "lastName": text(),
            "shopperReference": text(),
            "email": text(),
            "mobile": text(),
            "providerReferenceId": text(),
            "createdTime": time(),
            "updatedTime": time()
        }
    })
}

fn wallet() -> Value {
    json!({
        "type": "object",
        "required": ["uuid", "status"],
        "properties": {
            "uuid": text(),
            "status": { "type": "string", "enum": PAYMENT_PLAN_STATUSES },
            "name": text(),
            "paymentMethod": text(),
            "paymentMethodSummary": text(),
            "createdTime": time()
        }
    })
}

fn wallet_created() -> Value {
    json!({
        "type": "object",
        "required": ["uuid", "amount"],
        "properties": {
            "uuid": text(),
            "amount": { "type": "integer" },
            "endToEndId": text(),
            "links": { "type": "object", "additionalProperties": { "type": "string" },
                "description": "`checkout`: the page where the patient saves the card." }
        }
    })
}

fn transaction_uuid() -> Value {
    json!({
        "type": "object",
        "required": ["transactionUuid"],
        "properties": { "transactionUuid": { "type": "string", "description": "The transaction the charge created." } }
    })
}

fn merchant() -> Value {
    json!({
        "type": "object",
        "required": ["uuid", "name", "email", "onboarded"],
        "properties": {
            "uuid": text(), "name": text(), "email": text(), "phone": text(),
            "onboarded": { "type": "boolean" }
        }
    })
}

fn account() -> Value {
    json!({
        "type": "object",
        "required": ["uuid", "email", "role"],
        "properties": { "uuid": text(), "email": text(), "name": text(), "role": text() }
    })
}

fn api_key_created() -> Value {
    json!({
        "type": "object",
        "required": ["uuid", "apiKey"],
        "properties": {
            "uuid": text(),
            "apiKey": { "type": "string", "description": "The secret, shown once: keep it safe." }
        }
    })
}

fn api_key_summary() -> Value {
    json!({
        "type": "object",
        "required": ["uuid", "createdTime"],
        "properties": { "uuid": text(), "createdTime": time() }
    })
}

fn webhook_url() -> Value {
    json!({
        "type": "object",
        "required": ["uuid", "webhookUrl"],
        "properties": { "uuid": text(), "webhookUrl": nullable("string") }
    })
}

fn voided() -> Value {
    json!({
        "type": "object",
        "required": ["uuid", "status"],
        "properties": { "uuid": text(), "status": { "const": "void" } }
    })
}

fn notified() -> Value {
    json!({
        "type": "object",
        "required": ["uuid", "notificationsSent"],
        "properties": { "uuid": text(), "notificationsSent": { "type": "integer", "minimum": 1 } }
    })
}

fn error() -> Value {
    json!({
        "type": "object",
        "description": "An error. A 400 names each field that is wrong.",
        "required": ["message"],
        "properties": {
            "message": text(),
            "errors": { "type": "array", "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": { "field": text(), "message": text() }
            } }
        }
    })
}
