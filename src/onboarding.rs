//! `coherent.onboarding`: argument conversion only; see `coherent::resources::onboarding`.

use coherent::resources::onboarding;
use napi::bindgen_prelude::*;

use crate::call::{self, Api, ApiPromise};
use crate::{coherent as root, js};

/// Partner onboarding of new clinics (merchants).
#[napi(js_name = "OnboardingAPI")]
pub struct OnboardingApi {
    api: Api,
}

impl OnboardingApi {
    pub fn from_api(api: Api) -> Self {
        OnboardingApi { api }
    }
}

#[napi]
impl OnboardingApi {
    /// Builds a stand-alone client for this namespace, as the official package's classes allow:
    /// `new OnboardingAPI(baseUrl, accessToken)`. `coherent.onboarding` is the usual way in.
    #[napi(constructor)]
    pub fn new(env: Env, base_url: String, access_token: String) -> Result<Self> {
        Ok(OnboardingApi {
            api: root::standalone_api(&env, base_url, access_token)?,
        })
    }

    /// Starts onboarding a clinic (`POST /api/v1/onboarding`). The clinic's email receives a
    /// link to finish; resolves to the new merchant's `uuid` and its first `apiKey` (shown once).
    #[napi(
        ts_args_type = "request: OnboardingRequest, options?: CallOptions",
        ts_return_type = "Promise<OnboardingResponse>"
    )]
    pub fn start_onboarding<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::body(env, "request", request).and_then(onboarding::start_onboarding);
        call::spawn(env, &self.api, built, options)
    }
}

// Request type: a declaration only, for the generated TypeScript. The value is sent as the
// caller gave it; the rules are the core's `onboarding::START` table
// (`__test__/request-types.test.js` holds this to it).

/// Argument of `onboarding.startOnboarding`: the clinic (merchant) to onboard.
#[allow(dead_code)]
#[napi(object)]
pub struct OnboardingRequest {
    /// The clinic's name.
    pub name: String,
    /// Settlement currency, `'GBP'` or `'EUR'`.
    #[napi(ts_type = "CurrencyCode | undefined")]
    pub currency: Option<String>,
    /// The clinic's email address; it receives the email to finish onboarding.
    pub email: String,
    /// Industry (merchant category) code of the clinic.
    #[napi(ts_type = "string | undefined")]
    pub industry_code: Option<String>,
    /// Registered name of the legal entity.
    #[napi(ts_type = "string | undefined")]
    pub legal_entity_name: Option<String>,
    /// Company or charity registration number.
    #[napi(ts_type = "string | undefined")]
    pub legal_entity_registration_number: Option<String>,
    /// Legal form, e.g. `'LimitedCompany'` or `'SoleProprietorship'`.
    #[napi(ts_type = "LegalEntityType | undefined")]
    pub legal_entity_type: Option<String>,
    /// URL of the clinic's logo.
    #[napi(ts_type = "string | undefined")]
    pub logo_url: Option<String>,
    /// A URL notified about the onboarding's progress (undocumented upstream).
    #[napi(ts_type = "string | undefined")]
    pub onboarding_webhook_url: Option<String>,
    /// The clinic's phone number.
    #[napi(ts_type = "string | undefined")]
    pub phone: Option<String>,
    /// First line of the clinic's address.
    #[napi(ts_type = "string | undefined")]
    pub store_line1: Option<String>,
    /// City of the clinic's address.
    #[napi(ts_type = "string | undefined")]
    pub store_city: Option<String>,
    /// Postal code of the clinic's address.
    #[napi(ts_type = "string | undefined")]
    pub store_postal_code: Option<String>,
    /// Country of the clinic's address.
    #[napi(ts_type = "string | undefined")]
    pub store_country: Option<String>,
    /// The clinic's terms and conditions (text or URL).
    #[napi(ts_type = "string | undefined")]
    pub terms_and_conditions: Option<String>,
    /// The clinic's website.
    #[napi(ts_type = "string | undefined")]
    pub website_url: Option<String>,
    /// Where the clinic's transaction status webhooks are sent (can be changed later with `merchants.updateWebhookUrl`).
    pub webhook_url: String,
}
