//! `coherent.paymentPlans`: argument conversion only; see `coherent::resources::payment_plans`.

use coherent::resources::payment_plans;
use napi::bindgen_prelude::*;

use crate::call::{self, ApiPromise};
use crate::js;
use crate::namespace::namespace_class;

namespace_class!(
    PaymentPlanApi,
    "PaymentPlanAPI",
    "Recurring payments (monthly Direct Debit or card) and on-demand payment holds.",
    [
        "Builds a stand-alone client for this namespace, as the official package's classes allow:",
        "`new PaymentPlanAPI(baseUrl, accessToken)`. `coherent.paymentPlans` is the usual way in."
    ]
);

impl PaymentPlanApi {
    fn charge_request(
        &self,
        env: &Env,
        uuid: Unknown,
        request: Option<Unknown>,
    ) -> coherent::Result<coherent::Request> {
        let uuid = js::id(uuid, "uuid")?;
        payment_plans::charge(&uuid, js::optional_body(env, "request", request)?)
    }
}

#[napi]
impl PaymentPlanApi {
    /// Creates a payment plan (`POST /api/v1/payment/plan`); the request object is sent as
    /// given (`Date`s as ISO strings). `startDate` is required unless `type` is `'on_demand'`.
    #[napi(
        ts_args_type = "createPaymentPlanRequest: CreatePaymentPlanRequest, options?: CallOptions",
        ts_return_type = "Promise<PaymentPlan>"
    )]
    pub fn create<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::body(env, "request", request).and_then(payment_plans::create);
        call::spawn(env, &self.api, "paymentPlans.create", built, options)
    }

    /// Fetches a plan (`GET /api/v1/payment/plan/{uuid}`); `null` for an empty body.
    #[napi(
        ts_args_type = "uuid: string, options?: CallOptions",
        ts_return_type = "Promise<PaymentPlan>"
    )]
    pub fn get<'env>(
        &self,
        env: &'env Env,
        uuid: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        call::spawn(
            env,
            &self.api,
            "paymentPlans.get",
            js::id(uuid, "uuid").and_then(|id| payment_plans::get(&id)),
            options,
        )
    }

    /// Pauses, resumes or voids a plan (`PUT /api/v1/payment/plan/{uuid}/status`). Occurrences
    /// that fall inside a pause are skipped for good.
    #[napi(
        ts_args_type = "uuid: string, status: PaymentPlanStatus.Paused | PaymentPlanStatus.Resumed | PaymentPlanStatus.Void, options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn set_status<'env>(
        &self,
        env: &'env Env,
        uuid: Unknown<'env>,
        status: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::id(uuid, "uuid").and_then(|id| {
            payment_plans::set_status(&id, js::single_key_body(env, "status", status)?)
        });
        call::spawn(env, &self.api, "paymentPlans.setStatus", built, options)
    }

    /// Re-sends the plan's email/SMS notification to the patient
    /// (`POST /api/v1/payment/plan/{uuid}/notification`).
    #[napi(
        ts_args_type = "uuid: string, options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn notify<'env>(
        &self,
        env: &'env Env,
        uuid: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        call::spawn(
            env,
            &self.api,
            "paymentPlans.notify",
            js::id(uuid, "uuid").and_then(|id| payment_plans::notify(&id)),
            options,
        )
    }

    /// Charges an on-demand plan (`POST /api/v1/payment/plan/{uuid}/charge`). `amount`
    /// overrides the plan amount; `testScenario` forces an outcome outside production.
    #[napi(
        ts_args_type = "uuid: string, chargePaymentPlanRequest?: ChargePaymentPlanRequest | null, options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn charge<'env>(
        &self,
        env: &'env Env,
        uuid: Unknown<'env>,
        request: Option<Unknown<'env>>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        call::spawn(
            env,
            &self.api,
            "paymentPlans.charge",
            self.charge_request(env, uuid, request),
            options,
        )
    }

    /// @deprecated Renamed to `charge` upstream (0.0.47 README); sends exactly the request
    /// `charge` sends.
    #[napi(
        ts_args_type = "uuid: string, request?: ChargePaymentPlanRequest | null, options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn execute<'env>(
        &self,
        env: &'env Env,
        uuid: Unknown<'env>,
        request: Option<Unknown<'env>>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        call::spawn(
            env,
            &self.api,
            "paymentPlans.execute",
            self.charge_request(env, uuid, request),
            options,
        )
    }

    /// Recovers a Direct Debit plan in `insufficient_funds`: resumes it and charges the current
    /// instalment once (`POST /api/v1/payment/plan/{uuid}/resume-and-charge`). The server
    /// answers 400 for a plan in any other status.
    #[napi(
        ts_args_type = "uuid: string, resumeAndChargeRequest?: ResumeAndChargeRequest | null, options?: CallOptions",
        ts_return_type = "Promise<{ transactionUuid?: string }>"
    )]
    pub fn resume_and_charge<'env>(
        &self,
        env: &'env Env,
        uuid: Unknown<'env>,
        request: Option<Unknown<'env>>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::id(uuid, "uuid").and_then(|id| {
            payment_plans::resume_and_charge(&id, js::optional_body(env, "request", request)?)
        });
        call::spawn(
            env,
            &self.api,
            "paymentPlans.resumeAndCharge",
            built,
            options,
        )
    }
}
