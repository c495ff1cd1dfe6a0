//! `onboarding`: a partner signs up a new clinic (merchant, account and API key).

use serde_json::Value;

use crate::client::Client;
use crate::error::Result;
use crate::path::ApiPath;
use crate::request::Request;
use crate::shape::Shape;
use crate::validate::JsonBody;

/// The request table (fields, rules): see `coherent_schema::onboarding`.
pub use coherent_schema::onboarding::START;

/// `POST /onboarding` with the caller's object verbatim; returns `{uuid, apiKey}` raw.
pub fn start_onboarding(body: JsonBody) -> Result<Request> {
    Ok(Request::post(
        ApiPath::new("onboarding"),
        body.check("request", START.fields)?,
        Shape::Raw,
    ))
}

/// Rust access to onboarding.
pub struct Onboarding<'a>(pub(crate) &'a Client);

impl Client {
    /// Partner onboarding of new clinics.
    pub fn onboarding(&self) -> Onboarding<'_> {
        Onboarding(self)
    }
}

impl Onboarding<'_> {
    pub async fn start_onboarding(&self, request: &Value) -> Result<Option<Value>> {
        self.0
            .execute(start_onboarding(JsonBody::from_serialize(
                "request", request,
            )?)?)
            .await
    }
}
