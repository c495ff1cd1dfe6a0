//! `coherent.paymentPlans`: argument conversion only; see `coherent::resources::payment_plans`.

use coherent::resources::payment_plans;
use napi::bindgen_prelude::*;

use crate::call::{self, Api, ApiPromise};
use crate::{coherent as root, js};

/// Recurring payments (monthly Direct Debit or card) and on-demand payment holds.
#[napi(js_name = "PaymentPlanAPI")]
pub struct PaymentPlanApi {
    api: Api,
}

impl PaymentPlanApi {
    pub fn from_api(api: Api) -> Self {
        PaymentPlanApi { api }
    }

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
    /// Builds a stand-alone client for this namespace, as the official package's classes allow:
    /// `new PaymentPlanAPI(baseUrl, accessToken)`. `coherent.paymentPlans` is the usual way in.
    #[napi(constructor)]
    pub fn new(env: Env, base_url: String, access_token: String) -> Result<Self> {
        Ok(PaymentPlanApi {
            api: root::standalone_api(&env, base_url, access_token)?,
        })
    }

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
        call::spawn(env, &self.api, built, options)
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
        call::spawn(env, &self.api, built, options)
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
        call::spawn(env, &self.api, built, options)
    }
}

// Request types: declarations only, for the generated TypeScript. The values are sent as the
// caller gave them (JSON.stringify, `Date`s as ISO strings); the rules are the core's
// `payment_plans::CREATE` / `CHARGE` / `RESUME_AND_CHARGE` tables
// (`__test__/request-types.test.js` holds these to them).

/// Argument of `paymentPlans.create`. The object is sent as given (a `Date` as its
/// `toISOString()`, in UTC); keys whose value is `undefined` are left out.
#[allow(dead_code)]
#[napi(object)]
pub struct CreatePaymentPlanRequest {
    /// The patient's name.
    pub name: String,
    /// Amount of each occurrence (or of the hold), in minor units: `1000` is £10.00. A number, or
    /// a string of digits (the official typings declared a string; both are sent as given).
    #[napi(ts_type = "number | string")]
    pub amount: String,
    /// Internal note, visible to all clinic users and copied onto the generated transactions.
    #[napi(ts_type = "string | undefined")]
    pub note: Option<String>,
    /// Date of the first payment. Required for `'recurring'` plans, not used for `'on_demand'`.
    /// A `Date` is sent as its UTC ISO string (so local midnight may become the previous day); a
    /// `'YYYY-MM-DD'` string is sent unchanged.
    #[napi(ts_type = "Date | string | undefined")]
    pub start_date: Option<String>,
    /// Date of the last payment occurrence; a `Date` or an ISO-8601 string, as `startDate`.
    #[napi(ts_type = "Date | string | undefined")]
    pub end_date: Option<String>,
    /// Email address of the patient.
    #[napi(ts_type = "string | undefined")]
    pub email: Option<String>,
    /// Send the payment-plan link to `email`.
    #[napi(ts_type = "boolean | undefined")]
    pub email_notify: Option<bool>,
    /// Mobile number with country code (only `+44…` is supported).
    #[napi(ts_type = "string | undefined")]
    pub phone: Option<String>,
    /// Send the payment-plan link by SMS to `phone`.
    #[napi(ts_type = "boolean | undefined")]
    pub sms_notify: Option<bool>,
    /// Your reference, unique per clinic and recommended: every transaction the plan generates
    /// carries it, so webhooks can be matched through `transaction.paymentPlan.transactionReference`.
    #[napi(ts_type = "string | undefined")]
    pub transaction_reference: Option<String>,
    /// `'recurring'` (monthly, the default) or `'on_demand'` (a hold charged with `paymentPlans.charge`).
    #[napi(js_name = "type", ts_type = "PaymentPlanType | undefined")]
    pub plan_type: Option<String>,
    /// `'direct_debit'` (the default) or `'card'`.
    #[napi(ts_type = "PaymentPlanMethod | undefined")]
    pub method: Option<String>,
    /// Links the plan to a customer (patient record).
    #[napi(ts_type = "string | undefined")]
    pub customer_uuid: Option<String>,
    /// Links the plan to an invoice.
    #[napi(ts_type = "string | undefined")]
    pub invoice_uuid: Option<String>,
    /// Charge as soon as the patient submits their payment details (undocumented upstream).
    #[napi(ts_type = "boolean | undefined")]
    pub charge_on_submission: Option<bool>,
    /// Where the patient is sent after a successful payment (card plans only).
    #[napi(ts_type = "string | undefined")]
    pub success_url: Option<String>,
    /// Where the patient is sent after a failed payment (card plans only).
    #[napi(ts_type = "string | undefined")]
    pub failure_url: Option<String>,
}

/// Optional argument of `paymentPlans.charge` (on-demand plans). Omitted or `null` sends `{}`.
#[allow(dead_code)]
#[napi(object)]
pub struct ChargePaymentPlanRequest {
    /// Amount to charge instead of the plan's amount, in minor units.
    #[napi(ts_type = "number | undefined")]
    pub amount: Option<f64>,
    /// Your reference, stored on the resulting transaction as `paymentPlanExecutionReference`.
    #[napi(ts_type = "string | undefined")]
    pub reference: Option<String>,
    /// An invoice to link to the resulting transaction.
    #[napi(ts_type = "string | undefined")]
    pub invoice_uuid: Option<String>,
    /// Test and local environments only: forces an outcome, e.g. `'insufficient_funds'` or
    /// `'declined'`. Ignored in production.
    #[napi(ts_type = "string | undefined")]
    pub test_scenario: Option<String>,
}

/// Optional argument of `paymentPlans.resumeAndCharge`. Omitted or `null` sends `{}`.
#[allow(dead_code)]
#[napi(object)]
pub struct ResumeAndChargeRequest {
    /// Test and local environments only: forces the outcome of the recovery charge, e.g.
    /// `'insufficient_funds'` or `'declined'`. Ignored in production.
    #[napi(ts_type = "string | undefined")]
    pub test_scenario: Option<String>,
}
