//! `customers`: patient records and their wallets (cards on file).

use serde_json::Value;

use crate::client::Client;
use crate::error::Result;
use crate::path::ApiPath;
use crate::request::Request;
use crate::shape::Shape;
use crate::validate::JsonBody;

/// The request tables (fields, rules): see `coherent_schema::customers`.
pub use coherent_schema::customers::{CREATE, CREATE_WALLET, DEBIT_WALLET};

/// `POST /customer` with the caller's object verbatim, returned raw.
pub fn create(body: JsonBody) -> Result<Request> {
    Ok(Request::post(
        ApiPath::new("customer"),
        body.check("request", CREATE.fields)?,
        Shape::Raw,
    ))
}

/// `GET /customer/{uuid}`, returned raw.
pub fn get(uuid: &str) -> Result<Request> {
    Ok(Request::get(
        ApiPath::new("customer").id("uuid", uuid)?,
        Shape::Raw,
    ))
}

/// `GET /customer/{uuid}/wallet`, returned raw.
pub fn list_wallets(uuid: &str) -> Result<Request> {
    Ok(Request::get(
        ApiPath::new("customer").id("uuid", uuid)?.lit("wallet"),
        Shape::Raw,
    ))
}

/// `POST /customer/{uuid}/wallet` with the caller's object verbatim, returned raw.
pub fn create_wallet(uuid: &str, body: JsonBody) -> Result<Request> {
    let path = ApiPath::new("customer").id("uuid", uuid)?.lit("wallet");
    Ok(Request::post(
        path,
        body.check("request", CREATE_WALLET.fields)?,
        Shape::Raw,
    ))
}

/// `POST /customer/{uuid}/wallet/debit` with the caller's object verbatim; returns
/// `{transactionUuid}`.
pub fn debit_wallet(uuid: &str, body: JsonBody) -> Result<Request> {
    let path = ApiPath::new("customer")
        .id("uuid", uuid)?
        .lit("wallet")
        .lit("debit");
    Ok(Request::post(
        path,
        body.check("request", DEBIT_WALLET.fields)?,
        Shape::TransactionUuid,
    ))
}

/// Rust access to the customer endpoints.
pub struct Customers<'a>(pub(crate) &'a Client);

impl Client {
    /// Patients and their wallets.
    pub fn customers(&self) -> Customers<'_> {
        Customers(self)
    }
}

impl Customers<'_> {
    pub async fn create(&self, request: &Value) -> Result<Option<Value>> {
        self.0
            .execute(create(JsonBody::from_serialize("request", request)?)?)
            .await
    }

    pub async fn get(&self, uuid: &str) -> Result<Option<Value>> {
        self.0.execute(get(uuid)?).await
    }

    pub async fn list_wallets(&self, uuid: &str) -> Result<Option<Value>> {
        self.0.execute(list_wallets(uuid)?).await
    }

    pub async fn create_wallet(&self, uuid: &str, request: &Value) -> Result<Option<Value>> {
        self.0
            .execute(create_wallet(
                uuid,
                JsonBody::from_serialize("request", request)?,
            )?)
            .await
    }

    pub async fn debit_wallet(&self, uuid: &str, request: &Value) -> Result<Option<Value>> {
        self.0
            .execute(debit_wallet(
                uuid,
                JsonBody::from_serialize("request", request)?,
            )?)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debit_requires_a_positive_amount() {
        let b = |t: &str| JsonBody::parse("request", t.into()).unwrap();
        assert_eq!(
            debit_wallet("cu1", b(r#"{"amount":500}"#)).unwrap().path,
            "/api/v1/customer/cu1/wallet/debit"
        );
        assert!(debit_wallet("cu1", b(r#"{"amount":-1}"#)).is_err());
        assert!(create(b(r#"{"firstName":"A"}"#)).is_err());
    }

    #[test]
    fn create_wallet_requires_both_notify_flags() {
        let field =
            |t: &str| match create_wallet("cu1", JsonBody::parse("request", t.into()).unwrap()) {
                Err(crate::Error::Validation { field, .. }) => field,
                other => panic!("{other:?}"),
            };
        assert_eq!(field(r#"{"name":"Card","smsNotify":false}"#), "emailNotify");
        assert_eq!(
            field(r#"{"name":"Card","emailNotify":null,"smsNotify":false}"#),
            "emailNotify"
        );
        assert_eq!(field(r#"{"name":"Card","emailNotify":true}"#), "smsNotify");
        let ok = r#"{"name":"Card","emailNotify":false,"smsNotify":false}"#;
        assert!(create_wallet("cu1", JsonBody::parse("request", ok.into()).unwrap()).is_ok());
    }
}
