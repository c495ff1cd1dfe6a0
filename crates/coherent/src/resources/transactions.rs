//! `transactions`: payment links, refunds, void.

use serde_json::Value;

use crate::client::Client;
use crate::error::Result;
use crate::path::ApiPath;
use crate::request::Request;
use crate::shape::{Key, Shape};
use crate::validate::{required, JsonBody, Kind};

/// The request tables (fields, rules, wire order): see `coherent_schema::transactions`.
pub use coherent_schema::transactions::{CREATE, REFUND};

/// `create` returns these keys; the payment fields are always `null` (official behaviour).
pub const CREATE_SHAPE: Shape = Shape::Pick {
    keys: &[
        Key::Copy("uuid"),
        Key::Copy("amount"),
        Key::Copy("customer"),
        Key::Copy("invoice"),
        Key::Null("paymentMethod"),
        Key::Null("paymentMethodSummary"),
        Key::Null("paymentMethodAuthCode"),
        Key::Null("paymentPaidTime"),
        Key::Copy("status"),
        Key::Copy("paymentUrl"),
        Key::Copy("refunds"),
    ],
    null_if_empty: false,
};

/// `get` returns these keys, or `null` for an empty body.
pub const GET_SHAPE: Shape = Shape::Pick {
    keys: &[
        Key::Copy("uuid"),
        Key::Copy("amount"),
        Key::Copy("customer"),
        Key::Copy("invoice"),
        Key::Copy("paymentMethod"),
        Key::Copy("paymentMethodSummary"),
        Key::Copy("paymentMethodAuthCode"),
        Key::Copy("paymentPaidTime"),
        Key::Copy("paymentPlan"),
        Key::Copy("paymentUrl"),
        Key::Copy("refunds"),
        Key::Copy("status"),
    ],
    null_if_empty: true,
};

/// Statuses a transaction can be moved to by the API.
pub const UPDATABLE_STATUSES: &[&str] = &["void"];

/// `POST /transaction`. `body` holds only the body fields of [`CREATE`].
pub fn create(body: JsonBody) -> Result<Request> {
    Ok(Request::post(
        ApiPath::new("transaction"),
        body.check("request", CREATE.fields)?,
        CREATE_SHAPE,
    ))
}

/// `GET /transaction/{uuid}`.
pub fn get(uuid: &str) -> Result<Request> {
    Ok(Request::get(
        ApiPath::new("transaction").id("uuid", uuid)?,
        GET_SHAPE,
    ))
}

/// `POST /transaction/{transactionUuid}/refund` with `{amount, reason}`.
pub fn refund(transaction_uuid: &str, body: JsonBody) -> Result<Request> {
    let path = ApiPath::new("transaction")
        .id("transactionUuid", transaction_uuid)?
        .lit("refund");
    Ok(Request::post(
        path,
        body.check("request", REFUND.fields)?,
        Shape::Nothing,
    ))
}

/// `PUT /transaction/{uuid}/status` with `{status}`.
pub fn update_status(uuid: &str, body: JsonBody) -> Result<Request> {
    let path = ApiPath::new("transaction")
        .id("transactionUuid", uuid)?
        .lit("status");
    let rules = [required("status", Kind::OneOf(UPDATABLE_STATUSES))];
    Ok(Request::put(
        path,
        body.check("status", &rules)?,
        Shape::Nothing,
    ))
}

/// Rust access to the transaction endpoints; results are shaped as the Node client returns them.
pub struct Transactions<'a>(pub(crate) &'a Client);

impl Client {
    /// Payment links: create, get, refund, void.
    pub fn transactions(&self) -> Transactions<'_> {
        Transactions(self)
    }
}

impl Transactions<'_> {
    /// Creates a payment link. `request` may hold any fields; only those of [`CREATE`] are sent.
    pub async fn create(&self, request: &Value) -> Result<Option<Value>> {
        self.0
            .execute(create(JsonBody::pick("request", request, &CREATE)?)?)
            .await
    }

    /// Fetches a transaction; `Some(Value::Null)` when the server sent an empty body.
    pub async fn get(&self, uuid: &str) -> Result<Option<Value>> {
        self.0.execute(get(uuid)?).await
    }

    /// Refunds `amount` minor units of a paid transaction.
    pub async fn refund(
        &self,
        transaction_uuid: &str,
        amount: u64,
        reason: Option<&str>,
    ) -> Result<()> {
        let body = JsonBody::from_serialize(
            "request",
            &serde_json::json!({ "amount": amount, "reason": reason }),
        )?;
        self.0
            .execute(refund(transaction_uuid, body)?)
            .await
            .map(drop)
    }

    /// Voids an unpaid transaction (`status` must be `"void"`).
    pub async fn update_status(&self, uuid: &str, status: &str) -> Result<()> {
        let body = JsonBody::from_serialize("status", &serde_json::json!({ "status": status }))?;
        self.0.execute(update_status(uuid, body)?).await.map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Method;

    fn body(text: &str) -> JsonBody {
        JsonBody::parse("request", text.into()).unwrap()
    }

    #[test]
    fn create_sends_the_text_it_was_given() {
        let text = r#"{"amount":1000,"name":"John Smith"}"#;
        let req = create(body(text)).unwrap();
        assert_eq!(
            (req.method, req.path.as_str(), req.body.as_deref()),
            (Method::Post, "/api/v1/transaction", Some(text))
        );
    }

    #[test]
    fn create_needs_amount_or_invoice_and_name_or_customer() {
        let field = |t: &str| match create(body(t)) {
            Err(crate::Error::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(r#"{"name":"J"}"#), "amount");
        assert_eq!(field(r#"{"amount":5}"#), "name");
        assert_eq!(field(r#"{"amount":5,"name":""}"#), "name");
        assert!(create(body(r#"{"invoiceUuid":"i","customerUuid":"c"}"#)).is_ok());
        // As before the table: an empty invoiceUuid or customerUuid still counts as given.
        assert!(create(body(r#"{"invoiceUuid":"","customerUuid":""}"#)).is_ok());
        assert_eq!(field(r#"{"amount":5,"name":null}"#), "name");
    }

    #[test]
    fn refund_and_status_paths() {
        let r = refund("abc", body(r#"{"amount":100}"#)).unwrap();
        assert_eq!(r.path, "/api/v1/transaction/abc/refund");
        let s = update_status("abc", body(r#"{"status":"void"}"#)).unwrap();
        assert_eq!(
            (s.method, s.path.as_str()),
            (Method::Put, "/api/v1/transaction/abc/status")
        );
        assert!(update_status("abc", body(r#"{"status":"paid"}"#)).is_err());
    }
}
