//! `paymentPlans`: monthly recurring plans and on-demand holds.

use crate::enums::{PAYMENT_PLAN_METHODS, PAYMENT_PLAN_TYPES};
use crate::{optional, required, BodyFrom, Kind, RequestType};

/// `paymentPlans.create`: the caller's object is sent as given (`Date`s as ISO strings).
/// `startDate` is required unless `type` is `on_demand` (checked by the core's `create`).
pub const CREATE: RequestType = RequestType {
    name: "CreatePaymentPlanRequest",
    doc: "Argument of `paymentPlans.create`. The object is sent as given (a `Date` as its
`toISOString()`, in UTC); keys whose value is `undefined` are left out.",
    body: BodyFrom::AsGiven,
    fields: &[
        required("name", Kind::Text).doc("The patient's name."),
        required("amount", Kind::AmountOrDigits).doc(
            "Amount of each occurrence (or of the hold), in minor units: `1000` is £10.00. A number, or
a string of digits (the official typings declared a string; both are sent as given).",
        ),
        optional("note", Kind::Text).doc(
            "Internal note, visible to all clinic users and copied onto the generated transactions.",
        ),
        optional("startDate", Kind::Date).doc(
            "Date of the first payment. Required for `'recurring'` plans, not used for `'on_demand'`.
A `Date` is sent as its UTC ISO string (so local midnight may become the previous day); a
`'YYYY-MM-DD'` string is sent unchanged.",
        ),
        optional("endDate", Kind::Date).doc(
            "Date of the last payment occurrence; a `Date` or an ISO-8601 string, as `startDate`.",
        ),
        optional("email", Kind::Text).doc("Email address of the patient."),
        optional("emailNotify", Kind::Bool).doc("Send the payment-plan link to `email`."),
        optional("phone", Kind::Text)
            .doc("Mobile number with country code (only `+44…` is supported)."),
        optional("smsNotify", Kind::Bool).doc("Send the payment-plan link by SMS to `phone`."),
        optional("transactionReference", Kind::Text).doc(
            "Your reference, unique per clinic and recommended: every transaction the plan generates
carries it, so webhooks can be matched through `transaction.paymentPlan.transactionReference`.",
        ),
        optional("type", Kind::OneOf(PAYMENT_PLAN_TYPES)).ts("PaymentPlanType").doc(
            "`'recurring'` (monthly, the default) or `'on_demand'` (a hold charged with `paymentPlans.charge`).",
        ),
        optional("method", Kind::OneOf(PAYMENT_PLAN_METHODS))
            .ts("PaymentPlanMethod")
            .doc("`'direct_debit'` (the default) or `'card'`."),
        optional("customerUuid", Kind::Text).doc("Links the plan to a customer (patient record)."),
        optional("invoiceUuid", Kind::Text).doc("Links the plan to an invoice."),
        optional("chargeOnSubmission", Kind::Bool).doc(
            "Charge as soon as the patient submits their payment details (undocumented upstream).",
        ),
        optional("successUrl", Kind::Text)
            .doc("Where the patient is sent after a successful payment (card plans only)."),
        optional("failureUrl", Kind::Text)
            .doc("Where the patient is sent after a failed payment (card plans only)."),
    ],
};

/// `paymentPlans.charge` (and `execute`): the caller's object as given, `{}` when absent.
pub const CHARGE: RequestType = RequestType {
    name: "ChargePaymentPlanRequest",
    doc: "Optional argument of `paymentPlans.charge` (on-demand plans). Omitted or `null` sends `{}`.",
    body: BodyFrom::AsGiven,
    fields: &[
        optional("amount", Kind::Amount)
            .doc("Amount to charge instead of the plan's amount, in minor units."),
        optional("reference", Kind::Text).doc(
            "Your reference, stored on the resulting transaction as `paymentPlanExecutionReference`.",
        ),
        optional("invoiceUuid", Kind::Text).doc("An invoice to link to the resulting transaction."),
        optional("testScenario", Kind::Text).doc(
            "Test and local environments only: forces an outcome, e.g. `'insufficient_funds'` or
`'declined'`. Ignored in production.",
        ),
    ],
};

/// `paymentPlans.resumeAndCharge`: the caller's object as given, `{}` when absent.
pub const RESUME_AND_CHARGE: RequestType = RequestType {
    name: "ResumeAndChargeRequest",
    doc: "Optional argument of `paymentPlans.resumeAndCharge`. Omitted or `null` sends `{}`.",
    body: BodyFrom::AsGiven,
    fields: &[optional("testScenario", Kind::Text).doc(
        "Test and local environments only: forces the outcome of the recovery charge, e.g.
`'insufficient_funds'` or `'declined'`. Ignored in production.",
    )],
};
