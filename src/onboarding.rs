//! `coherent.onboarding`: argument conversion only; see `coherent::resources::onboarding`.

use coherent::resources::onboarding;
use napi::bindgen_prelude::*;

use crate::call::{self, ApiPromise};
use crate::js;
use crate::namespace::namespace_class;

namespace_class!(
    OnboardingApi,
    "OnboardingAPI",
    "Partner onboarding of new clinics (merchants).",
    [
        "Builds a stand-alone client for this namespace, as the official package's classes allow:",
        "`new OnboardingAPI(baseUrl, accessToken)`. `coherent.onboarding` is the usual way in."
    ]
);

#[napi]
impl OnboardingApi {
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
        call::spawn(env, &self.api, "onboarding.startOnboarding", built, options)
    }
}
