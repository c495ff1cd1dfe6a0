//! One module per API namespace. Each builds validated [`Request`](crate::Request)s (pure
//! functions, used by the Node binding) and offers async methods for Rust callers.

pub mod customers;
pub mod merchants;
pub mod onboarding;
pub mod payment_plans;
pub mod terminals;
pub mod transactions;
pub mod webhooks;

use crate::validate::RequestType;

/// Every request type of the public API, one table each (printed by the `request_tables`
/// example for the test that holds the generated typings to them).
pub const REQUEST_TYPES: &[&RequestType] = &[
    &transactions::CREATE,
    &transactions::REFUND,
    &terminals::RENAME,
    &terminals::SET_TRANSACTION,
    &terminals::CLEAR_TRANSACTION,
    &payment_plans::CREATE,
    &payment_plans::CHARGE,
    &payment_plans::RESUME_AND_CHARGE,
    &onboarding::START,
    &customers::CREATE,
    &customers::CREATE_WALLET,
    &customers::DEBIT_WALLET,
];
