//! `onboarding`: a partner signs up a new clinic (merchant, account and API key).

use serde_json::Value;

use crate::error::Result;
use crate::path::ApiPath;
use crate::request::Request;
use crate::shape::Shape;
use crate::validate::{optional, required, BodyFrom, JsonBody, Kind, RequestType};
use crate::Client;

pub const CURRENCIES: &[&str] = &["EUR", "GBP"];
pub const LEGAL_ENTITY_TYPES: &[&str] = &[
    "LimitedCompany",
    "IncorporatedPartnership",
    "SoleProprietorship",
    "UnincorporatedPartnership",
    "NonProfit",
];

/// `onboarding.startOnboarding`: the caller's object is sent as given.
pub const START: RequestType = RequestType {
    name: "OnboardingRequest",
    body: BodyFrom::AsGiven,
    fields: &[
        required("name", Kind::Text),
        required("email", Kind::Text),
        required("webhookUrl", Kind::Text),
        optional("currency", Kind::OneOf(CURRENCIES)),
        optional("industryCode", Kind::Text),
        optional("legalEntityName", Kind::Text),
        optional("legalEntityRegistrationNumber", Kind::Text),
        optional("legalEntityType", Kind::OneOf(LEGAL_ENTITY_TYPES)),
        optional("logoUrl", Kind::Text),
        optional("onboardingWebhookUrl", Kind::Text),
        optional("phone", Kind::Text),
        optional("storeLine1", Kind::Text),
        optional("storeCity", Kind::Text),
        optional("storePostalCode", Kind::Text),
        optional("storeCountry", Kind::Text),
        optional("termsAndConditions", Kind::Text),
        optional("websiteUrl", Kind::Text),
    ],
};

/// `POST /onboarding` with the caller's object verbatim; returns `{uuid, apiKey}` raw.
pub fn start_onboarding(body: JsonBody) -> Result<Request> {
    Ok(Request::post(
        ApiPath::new("onboarding").into_string(),
        body.check("request", START.fields)?,
        Shape::Raw,
    ))
}

/// Rust access to onboarding.
pub struct Onboarding<'a>(pub(crate) &'a Client);

impl Onboarding<'_> {
    pub async fn start_onboarding(&self, request: &Value) -> Result<Option<Value>> {
        self.0
            .execute(start_onboarding(JsonBody::from_serialize(
                "request", request,
            )?)?)
            .await
    }
}
