//! The enums of the public API as data: 0.0.61's TypeScript string enums, each with its members
//! in order and their documentation. The one source of their values: the request tables take
//! them (`Kind::OneOf(CURRENCY_CODES)`), the OpenAPI document lists them, and
//! `cargo run -p coherent-js-tables` writes `lib/enums.js` (a frozen object each) and
//! `lib/enums.d.ts` (an object, a union type and a namespace each) from them.

/// One enum: its TypeScript name, its documentation (markdown, JSDoc `{@link}`s allowed) and its
/// members in 0.0.61's order.
#[derive(Debug, Clone, Copy)]
pub struct Enum {
    pub name: &'static str,
    pub doc: &'static str,
    pub members: &'static [Member],
}

/// One member: its key on the enum object, its string value and its documentation.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    pub key: &'static str,
    pub value: &'static str,
    pub doc: &'static str,
}

const fn member(key: &'static str, value: &'static str, doc: &'static str) -> Member {
    Member { key, value, doc }
}

/// The values of `members` as an array, so a value list is a constant (`Kind::OneOf` takes one)
/// derived from its enum rather than written again.
const fn values<const N: usize>(members: &[Member]) -> [&'static str; N] {
    assert!(members.len() == N);
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = members[i].value;
        i += 1;
    }
    out
}

/// `values(..)` of an enum constant, as a `&'static [&'static str]`.
macro_rules! values_of {
    ($enum:expr) => {
        &values::<{ $enum.members.len() }>($enum.members)
    };
}

/// Every enum of the public API, in the order `lib/enums.js` declares them.
pub const ENUMS: &[&Enum] = &[
    &ENVIRONMENT,
    &LEGAL_ENTITY_TYPE,
    &TRANSACTION_STATUS,
    &REFUND_STATUS,
    &PAYMENT_PLAN_STATUS,
    &PAYMENT_PLAN_TYPE,
    &PAYMENT_PLAN_METHOD,
    &CURRENCY_CODE,
];

pub const ENVIRONMENT: Enum = Enum {
    name: "Environment",
    doc: "The Coherent environment a client talks to (`new Coherent({ environment, token })`).

| member       | value          | base URL                                       |
| ------------ | -------------- | ---------------------------------------------- |
| `Local`      | `'LOCAL'`      | `http://localhost:3000` (a local gateway)      |
| `Test`       | `'TEST'`       | `https://service.test.coherenthealthcare.com`  |
| `Production` | `'PRODUCTION'` | `https://service.coherenthealthcare.com`       |",
    members: &[
        member(
            "Local",
            "LOCAL",
            "`'LOCAL'`: a gateway on `http://localhost:3000`, e.g. a sandbox during development.",
        ),
        member(
            "Test",
            "TEST",
            "`'TEST'`: the test service; use an `api-test-…` key. No real money moves.",
        ),
        member(
            "Production",
            "PRODUCTION",
            "`'PRODUCTION'`: the live service; use an `api-production-…` key.",
        ),
    ],
};

pub const LEGAL_ENTITY_TYPE: Enum = Enum {
    name: "LegalEntityType",
    doc: "The legal form of a clinic being onboarded (`OnboardingRequest.legalEntityType`).",
    members: &[
        member(
            "LimitedCompany",
            "LimitedCompany",
            "A limited company (e.g. Ltd).",
        ),
        member(
            "IncorporatedPartnership",
            "IncorporatedPartnership",
            "A partnership with its own legal personality (e.g. an LLP).",
        ),
        member("SoleProprietorship", "SoleProprietorship", "A sole trader."),
        member(
            "UnincorporatedPartnership",
            "UnincorporatedPartnership",
            "A partnership without its own legal personality.",
        ),
        member(
            "NonProfit",
            "NonProfit",
            "A charity or other non-profit organisation.",
        ),
    ],
};
pub const LEGAL_ENTITY_TYPES: &[&str] = values_of!(LEGAL_ENTITY_TYPE);

pub const TRANSACTION_STATUS: Enum = Enum {
    name: "TransactionStatus",
    doc: "Where a transaction (payment link) is in its life ({@link Transaction.status}).",
    members: &[
        member("Paid", "paid", "`'paid'`: the patient has paid."),
        member(
            "Refunded",
            "refunded",
            "`'refunded'`: money was paid back; the individual refunds are in {@link Transaction.refunds}.",
        ),
        member(
            "Rejected",
            "rejected",
            "`'rejected'`: the payment attempt was declined.",
        ),
        member(
            "Unpaid",
            "unpaid",
            "`'unpaid'`: the link is waiting for the patient to pay.",
        ),
        member(
            "Void",
            "void",
            "`'void'`: cancelled with `transactions.updateStatus(uuid, 'void')`; it can no longer be paid.",
        ),
    ],
};
pub const TRANSACTION_STATUSES: &[&str] = values_of!(TRANSACTION_STATUS);

pub const REFUND_STATUS: Enum = Enum {
    name: "RefundStatus",
    doc: "Progress of one refund ({@link Refund.status}).",
    members: &[
        member(
            "Started",
            "started",
            "`'started'`: requested, money not yet returned.",
        ),
        member(
            "Completed",
            "completed",
            "`'completed'`: the money has been returned to the patient.",
        ),
        member(
            "Failed",
            "failed",
            "`'failed'`: the refund did not go through.",
        ),
    ],
};
pub const REFUND_STATUSES: &[&str] = values_of!(REFUND_STATUS);

pub const PAYMENT_PLAN_STATUS: Enum = Enum {
    name: "PaymentPlanStatus",
    doc: "Where a payment plan (or a wallet, which is a stored card) is in its life
({@link PaymentPlan.status}, {@link CustomerWallet.status}).

Only `Paused`, `Resumed` and `Void` can be set, with `paymentPlans.setStatus`.",
    members: &[
        member(
            "Authorised",
            "authorised",
            "`'authorised'`: the patient's card or Direct Debit mandate is in place; the plan is active.",
        ),
        member(
            "Authorising",
            "authorising",
            "`'authorising'`: the patient submitted their details; authorisation (e.g. of a mandate) is pending.",
        ),
        member("Ended", "ended", "`'ended'`: the schedule is complete."),
        member(
            "Paused",
            "paused",
            "`'paused'`: occurrences falling inside the pause are skipped for good. Settable.",
        ),
        member(
            "Resumed",
            "resumed",
            "`'resumed'`: back to the state before the pause or error. Settable.",
        ),
        member(
            "Sent",
            "sent",
            "`'sent'`: the link was sent; waiting for the patient.",
        ),
        member(
            "Void",
            "void",
            "`'void'`: the plan and its schedule are cancelled. Settable.",
        ),
        member(
            "InsufficientFunds",
            "insufficient_funds",
            "`'insufficient_funds'`: a Direct Debit collection failed; recover with `paymentPlans.resumeAndCharge`.",
        ),
        member(
            "Error",
            "error",
            "`'error'`: the plan stopped on an error; `Resumed` restores the previous state.",
        ),
    ],
};
pub const PAYMENT_PLAN_STATUSES: &[&str] = values_of!(PAYMENT_PLAN_STATUS);

pub const PAYMENT_PLAN_TYPE: Enum = Enum {
    name: "PaymentPlanType",
    doc: "How a payment plan collects money (`CreatePaymentPlanRequest.type`).",
    members: &[
        member(
            "Recurring",
            "recurring",
            "`'recurring'` (the default): one payment a month from `startDate`, up to `endDate`.",
        ),
        member(
            "OnDemand",
            "on_demand",
            "`'on_demand'`: a payment hold, charged whenever you call `paymentPlans.charge`.",
        ),
    ],
};
pub const PAYMENT_PLAN_TYPES: &[&str] = values_of!(PAYMENT_PLAN_TYPE);

pub const PAYMENT_PLAN_METHOD: Enum = Enum {
    name: "PaymentPlanMethod",
    doc: "What a payment plan charges (`CreatePaymentPlanRequest.method`).",
    members: &[
        member("Card", "card", "`'card'`: a stored card."),
        member(
            "DirectDebit",
            "direct_debit",
            "`'direct_debit'` (the default): a Direct Debit mandate on the patient's bank account.",
        ),
    ],
};
pub const PAYMENT_PLAN_METHODS: &[&str] = values_of!(PAYMENT_PLAN_METHOD);

pub const CURRENCY_CODE: Enum = Enum {
    name: "CurrencyCode",
    doc: "Settlement currency of a clinic being onboarded (`OnboardingRequest.currency`).",
    members: &[
        member("EUR", "EUR", "Euro."),
        member("GBP", "GBP", "Pound sterling."),
    ],
};
pub const CURRENCY_CODES: &[&str] = values_of!(CURRENCY_CODE);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keys_and_values_are_unique_and_documented() {
        assert!(crate::distinct(ENUMS.iter().map(|e| e.name)));
        for e in ENUMS {
            assert!(!e.doc.is_empty(), "{} has a doc", e.name);
            assert!(
                crate::distinct(e.members.iter().map(|m| m.key)),
                "{}",
                e.name
            );
            assert!(
                crate::distinct(e.members.iter().map(|m| m.value)),
                "{}",
                e.name
            );
            assert!(e.members.iter().all(|m| !m.doc.is_empty()), "{}", e.name);
        }
    }

    #[test]
    fn value_lists_follow_their_enums() {
        assert_eq!(CURRENCY_CODES, ["EUR", "GBP"]);
        assert_eq!(PAYMENT_PLAN_TYPES, ["recurring", "on_demand"]);
        assert_eq!(
            PAYMENT_PLAN_STATUSES.len(),
            PAYMENT_PLAN_STATUS.members.len()
        );
    }
}
