//! `merchants`: partner-level merchant, account, API key and webhook management.

use serde_json::Value;

use crate::client::Client;
use crate::error::Result;
use crate::path::ApiPath;
use crate::request::Request;
use crate::shape::Shape;
use crate::validate::{required, JsonBody, Kind};

fn merchant(merchant_uuid: &str) -> Result<ApiPath> {
    ApiPath::new("merchant").id("merchantUuid", merchant_uuid)
}

fn account(merchant_uuid: &str, account_uuid: &str) -> Result<ApiPath> {
    merchant(merchant_uuid)?
        .lit("account")
        .id("accountUuid", account_uuid)
}

/// `GET /merchant`.
pub fn list_merchants() -> Request {
    Request::get(ApiPath::new("merchant"), Shape::Raw)
}

/// `GET /merchant/{merchantUuid}/account`.
pub fn list_accounts(merchant_uuid: &str) -> Result<Request> {
    Ok(Request::get(
        merchant(merchant_uuid)?.lit("account"),
        Shape::Raw,
    ))
}

/// `POST /merchant/{merchantUuid}/account/{accountUuid}/api-key` with `{}`.
pub fn create_api_key_for_account(merchant_uuid: &str, account_uuid: &str) -> Result<Request> {
    let path = account(merchant_uuid, account_uuid)?.lit("api-key");
    Ok(Request::post(path, JsonBody::empty_object(), Shape::Raw))
}

/// `GET /merchant/{merchantUuid}/account/{accountUuid}/api-key`.
pub fn list_api_keys_for_account(merchant_uuid: &str, account_uuid: &str) -> Result<Request> {
    Ok(Request::get(
        account(merchant_uuid, account_uuid)?.lit("api-key"),
        Shape::Raw,
    ))
}

/// `POST /merchant/{merchantUuid}/api-key` with `{}` (deprecated upstream: acts on the oldest account).
pub fn create_api_key(merchant_uuid: &str) -> Result<Request> {
    let path = merchant(merchant_uuid)?.lit("api-key");
    Ok(Request::post(path, JsonBody::empty_object(), Shape::Raw))
}

/// `GET /merchant/{merchantUuid}/api-key` (deprecated upstream).
pub fn list_api_keys(merchant_uuid: &str) -> Result<Request> {
    Ok(Request::get(
        merchant(merchant_uuid)?.lit("api-key"),
        Shape::Raw,
    ))
}

/// `GET /merchant/{merchantUuid}/webhook`.
pub fn get_webhook_url(merchant_uuid: &str) -> Result<Request> {
    Ok(Request::get(
        merchant(merchant_uuid)?.lit("webhook"),
        Shape::Raw,
    ))
}

/// `PUT /merchant/{merchantUuid}/webhook` with `{webhookUrl}`.
pub fn update_webhook_url(merchant_uuid: &str, body: JsonBody) -> Result<Request> {
    let path = merchant(merchant_uuid)?.lit("webhook");
    let body = body.check("webhookUrl", &[required("webhookUrl", Kind::Text)])?;
    Ok(Request::put(path, body, Shape::Raw))
}

/// Rust access to the merchant endpoints.
pub struct Merchants<'a>(pub(crate) &'a Client);

impl Client {
    /// Partner-level merchant, account, API key and webhook management.
    pub fn merchants(&self) -> Merchants<'_> {
        Merchants(self)
    }
}

impl Merchants<'_> {
    pub async fn list_merchants(&self) -> Result<Option<Value>> {
        self.0.execute(list_merchants()).await
    }

    pub async fn list_accounts(&self, merchant_uuid: &str) -> Result<Option<Value>> {
        self.0.execute(list_accounts(merchant_uuid)?).await
    }

    pub async fn create_api_key_for_account(
        &self,
        merchant_uuid: &str,
        account_uuid: &str,
    ) -> Result<Option<Value>> {
        self.0
            .execute(create_api_key_for_account(merchant_uuid, account_uuid)?)
            .await
    }

    pub async fn list_api_keys_for_account(
        &self,
        merchant_uuid: &str,
        account_uuid: &str,
    ) -> Result<Option<Value>> {
        self.0
            .execute(list_api_keys_for_account(merchant_uuid, account_uuid)?)
            .await
    }

    pub async fn get_webhook_url(&self, merchant_uuid: &str) -> Result<Option<Value>> {
        self.0.execute(get_webhook_url(merchant_uuid)?).await
    }

    pub async fn update_webhook_url(
        &self,
        merchant_uuid: &str,
        webhook_url: &str,
    ) -> Result<Option<Value>> {
        let body = JsonBody::from_serialize(
            "webhookUrl",
            &serde_json::json!({ "webhookUrl": webhook_url }),
        )?;
        self.0
            .execute(update_webhook_url(merchant_uuid, body)?)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_paths() {
        let r = create_api_key_for_account("m1", "a1").unwrap();
        assert_eq!(
            (r.path.as_str(), r.body.as_deref()),
            ("/api/v1/merchant/m1/account/a1/api-key", Some("{}"))
        );
        assert!(
            matches!(list_accounts(".."), Err(crate::Error::Validation { field, .. }) if field == "merchantUuid")
        );
        assert!(
            matches!(list_api_keys_for_account("m", ""), Err(crate::Error::Validation { field, .. }) if field == "accountUuid")
        );
    }
}
