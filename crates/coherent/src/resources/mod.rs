//! One module per API namespace. Each builds validated [`Request`](crate::Request)s (pure
//! functions, used by the Node binding) and offers async methods for Rust callers.

pub mod customers;
pub mod merchants;
pub mod onboarding;
pub mod payment_plans;
pub mod raw;
pub mod terminals;
pub mod transactions;
pub mod webhooks;

/// Every request type of the public API, one table each (`coherent_schema`).
pub use coherent_schema::REQUEST_TYPES;
