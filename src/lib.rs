//! Node.js binding of the `coherent` core. Files here only convert between JS values and core
//! types; every rule (paths, validation, HTTP policy, result shapes) lives in the core crate.

#[macro_use]
extern crate napi_derive;

mod call;
mod coherent;
mod customers;
mod errors;
mod js;
mod merchants;
mod onboarding;
mod payment_method;
mod payment_plans;
mod results;
mod sandbox;
mod terminals;
mod transactions;
mod webhooks;
