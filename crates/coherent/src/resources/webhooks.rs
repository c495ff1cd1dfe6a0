//! `webhooks`: reading a transaction-status webhook without trusting it.
//!
//! Anyone who knows a clinic's webhook URL can POST to it, so a payload's `status` proves
//! nothing. A payload is only used to learn *which* transaction changed: [`verify`] turns it
//! into the same request as `transactions.get`, and the caller acts on the gateway's answer.
//!
//! The payload the offline sandbox sends is
//! `{ "type": "transaction.status", "uuid", "status", "merchantUuid", "occurredAt" }`; only
//! `uuid` is read here (the real gateway's format is not public).

use serde_json::Value;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::request::Request;
use crate::resources::transactions;

/// Webhook bodies are a few hundred bytes; anything past this is refused unread.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// What a webhook payload claims: only the transaction it names is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookNotice {
    /// The transaction the payload is about (not yet verified to exist).
    pub uuid: String,
}

/// Reads a raw webhook body (the bytes of the HTTP request).
pub fn parse_bytes(body: &[u8]) -> Result<WebhookNotice> {
    if body.len() > MAX_BODY_BYTES {
        return Err(too_large(body.len()));
    }
    let text = std::str::from_utf8(body)
        .map_err(|e| Error::validation("body", format!("body is not UTF-8 text: {e}")))?;
    parse_text(text)
}

/// Reads a webhook body given as text.
pub fn parse_text(text: &str) -> Result<WebhookNotice> {
    if text.len() > MAX_BODY_BYTES {
        return Err(too_large(text.len()));
    }
    if text.trim().is_empty() {
        return Err(Error::validation(
            "body",
            "body is empty; pass the webhook request's body",
        ));
    }
    let value: Value = serde_json::from_str(text)
        .map_err(|e| Error::validation("body", format!("body is not valid JSON: {e}")))?;
    from_value(&value)
}

/// Reads a webhook body that the caller already parsed.
pub fn from_value(value: &Value) -> Result<WebhookNotice> {
    let object = value.as_object().ok_or_else(|| {
        Error::validation(
            "body",
            format!("body must be a JSON object, got {}", describe(value)),
        )
    })?;
    match object.get("uuid") {
        Some(Value::String(uuid)) if !uuid.is_empty() => Ok(WebhookNotice { uuid: uuid.clone() }),
        Some(Value::String(_)) => Err(Error::validation(
            "uuid",
            "uuid must be a non-empty string (the transaction's id)",
        )),
        None => Err(Error::validation(
            "uuid",
            "uuid is missing: the webhook body must name the transaction (\"uuid\")",
        )),
        Some(other) => Err(Error::validation(
            "uuid",
            format!(
                "uuid must be a string (the transaction's id), got {}",
                describe(other)
            ),
        )),
    }
}

/// The request that fetches the authoritative copy of the notice's transaction: exactly
/// `transactions.get(uuid)`, with its result shape.
pub fn verify(notice: &WebhookNotice) -> Result<Request> {
    transactions::get(&notice.uuid)
}

fn too_large(len: usize) -> Error {
    Error::validation(
        "body",
        format!("body is {len} bytes, more than the {MAX_BODY_BYTES} a webhook can be"),
    )
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Rust access to webhook verification.
pub struct Webhooks<'a>(pub(crate) &'a Client);

impl Client {
    /// Verifying transaction-status webhooks.
    pub fn webhooks(&self) -> Webhooks<'_> {
        Webhooks(self)
    }
}

impl Webhooks<'_> {
    /// Parses a raw webhook body and fetches the transaction it names from the API. The
    /// result is the gateway's copy (shaped as `transactions.get`); the payload's own `status`
    /// is never used.
    pub async fn verify(&self, body: &[u8]) -> Result<Option<Value>> {
        self.0.execute(verify(&parse_bytes(body)?)?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Method;

    fn field(result: Result<WebhookNotice>) -> String {
        match result {
            Err(Error::Validation { field, .. }) => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn reads_the_uuid_of_the_sandbox_payload() {
        let body = br#"{"type":"transaction.status","uuid":"3f1c0a9e-1b2c","status":"paid","merchantUuid":"m","occurredAt":"2026-01-01T00:00:00Z"}"#;
        let notice = parse_bytes(body).unwrap();
        assert_eq!(notice.uuid, "3f1c0a9e-1b2c");
        assert_eq!(
            parse_text(std::str::from_utf8(body).unwrap()).unwrap(),
            notice
        );
    }

    #[test]
    fn verify_is_the_transactions_get_request() {
        let notice = from_value(&serde_json::json!({ "uuid": "a/b?c", "status": "paid" })).unwrap();
        let request = verify(&notice).unwrap();
        let get = transactions::get("a/b?c").unwrap();
        assert_eq!(request.method, Method::Get);
        assert_eq!(request.path, "/api/v1/transaction/a%2Fb%3Fc");
        assert_eq!((request.path, request.shape), (get.path, get.shape));
    }

    #[test]
    fn bodies_that_are_not_a_json_object_name_body() {
        assert_eq!(field(parse_text("")), "body");
        assert_eq!(field(parse_text("  \n")), "body");
        assert_eq!(field(parse_text("uuid=abc")), "body");
        assert_eq!(field(parse_text("[1,2]")), "body");
        assert_eq!(field(parse_text("null")), "body");
        assert_eq!(field(parse_text("\"abc\"")), "body");
        assert_eq!(field(parse_bytes(&[0xff, 0xfe, b'{'])), "body");
        let huge = format!("{{\"uuid\":\"{}\"}}", "a".repeat(MAX_BODY_BYTES));
        assert_eq!(field(parse_text(&huge)), "body");
        assert_eq!(field(parse_bytes(huge.as_bytes())), "body");
    }

    #[test]
    fn uuid_must_be_a_non_empty_string() {
        assert_eq!(field(parse_text(r#"{"status":"paid"}"#)), "uuid");
        assert_eq!(field(parse_text(r#"{"uuid":""}"#)), "uuid");
        assert_eq!(field(parse_text(r#"{"uuid":42}"#)), "uuid");
        assert_eq!(field(parse_text(r#"{"uuid":null}"#)), "uuid");
        assert_eq!(field(parse_text(r#"{"uuid":{"id":"x"}}"#)), "uuid");
    }

    #[test]
    fn dot_ids_are_refused_by_the_path_rules() {
        let notice = parse_text(r#"{"uuid":".."}"#).unwrap();
        assert!(matches!(verify(&notice), Err(Error::Validation { .. })));
    }
}
