//! `terminals`: card terminals and the transaction shown on them.

use serde_json::Value;

use crate::client::Client;
use crate::error::Result;
use crate::path::ApiPath;
use crate::request::Request;
use crate::shape::Shape;
use crate::validate::JsonBody;

/// The request tables (fields, rules): see `coherent_schema::terminals`.
pub use coherent_schema::terminals::{CLEAR_TRANSACTION, RENAME, SET_TRANSACTION};

/// `GET /terminal`, returned raw.
pub fn list() -> Request {
    Request::get(ApiPath::new("terminal"), Shape::Raw)
}

/// `PUT /terminal/{terminalId}` with `{name}`.
pub fn rename(terminal_id: &str, body: JsonBody) -> Result<Request> {
    let path = ApiPath::new("terminal").id("terminalId", terminal_id)?;
    let body = body.check("request", RENAME.fields)?;
    Ok(Request::put(path, body, Shape::Nothing))
}

/// `PUT /terminal/{terminalId}/transaction` with `{transactionUuid}`.
pub fn set_transaction(terminal_id: &str, body: JsonBody) -> Result<Request> {
    let path = ApiPath::new("terminal")
        .id("terminalId", terminal_id)?
        .lit("transaction");
    let body = body.check("request", SET_TRANSACTION.fields)?;
    Ok(Request::put(path, body, Shape::Nothing))
}

/// `PUT /terminal/{terminalId}/transaction` with the literal body `null`, which tells the
/// gateway to clear the terminal (same path as `set_transaction`).
pub fn clear_transaction(terminal_id: &str) -> Result<Request> {
    let path = ApiPath::new("terminal")
        .id("terminalId", terminal_id)?
        .lit("transaction");
    Ok(Request::put(path, JsonBody::null(), Shape::Nothing))
}

/// Rust access to the terminal endpoints.
pub struct Terminals<'a>(pub(crate) &'a Client);

impl Client {
    /// Card terminals.
    pub fn terminals(&self) -> Terminals<'_> {
        Terminals(self)
    }
}

impl Terminals<'_> {
    pub async fn list(&self) -> Result<Option<Value>> {
        self.0.execute(list()).await
    }

    pub async fn rename(&self, terminal_id: &str, name: &str) -> Result<()> {
        let body = JsonBody::from_serialize("request", &serde_json::json!({ "name": name }))?;
        self.0.execute(rename(terminal_id, body)?).await.map(drop)
    }

    pub async fn set_transaction(&self, terminal_id: &str, transaction_uuid: &str) -> Result<()> {
        let body = JsonBody::from_serialize(
            "request",
            &serde_json::json!({ "transactionUuid": transaction_uuid }),
        )?;
        self.0
            .execute(set_transaction(terminal_id, body)?)
            .await
            .map(drop)
    }

    pub async fn clear_transaction(&self, terminal_id: &str) -> Result<()> {
        self.0
            .execute(clear_transaction(terminal_id)?)
            .await
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_sends_literal_null() {
        let r = clear_transaction("S1F2-000158").unwrap();
        assert_eq!(r.path, "/api/v1/terminal/S1F2-000158/transaction");
        assert_eq!(r.body.as_deref(), Some("null"));
    }

    #[test]
    fn terminal_ids_are_encoded() {
        assert!(rename("", JsonBody::parse("r", r#"{"name":"T"}"#.into()).unwrap()).is_err());
        let r = rename(
            "a/b",
            JsonBody::parse("r", r#"{"name":"T"}"#.into()).unwrap(),
        )
        .unwrap();
        assert_eq!(r.path, "/api/v1/terminal/a%2Fb");
    }
}
