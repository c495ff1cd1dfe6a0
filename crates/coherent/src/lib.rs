//! Rust client for the Coherent Healthcare payments gateway.
//!
//! The core of `@coherentx/coherent`: everything but the JavaScript glue lives here, so it is
//! usable (and tested) from plain Rust.
//!
//! ```no_run
//! # async fn demo() -> coherent::Result<()> {
//! use coherent::{Client, Config, Environment};
//! let client = Client::new(Config::builder().environment(Environment::Test).token("api-test-...").build()?)?;
//! let link = client.transactions().create(&serde_json::json!({ "amount": 1000, "name": "John Smith" })).await?;
//! println!("{link:?}");
//! # Ok(()) }
//! ```
//!
//! Layers, one direction: `resources` build validated [`Request`]s (paths encoded per segment,
//! bodies checked), [`Transport`] sends them under one HTTP policy, and [`Shape`] turns the
//! answer into the value the official Node client returns.

pub mod config;
pub mod error;
pub mod models;
pub mod path;
pub mod payment_method;
pub mod request;
pub mod resources;
pub mod shape;
pub mod transport;
pub mod validate;

pub use config::{Config, ConfigBuilder, Environment, Token};
pub use error::{Error, Result};
pub use request::{Method, Request};
pub use shape::{Data, Shape};
pub use transport::{CallOptions, Response, Transport};
pub use validate::JsonBody;

use resources::{
    customers::Customers, merchants::Merchants, onboarding::Onboarding,
    payment_plans::PaymentPlans, terminals::Terminals, transactions::Transactions,
    webhooks::Webhooks,
};

/// A Coherent API client: one pooled HTTP connection set for one base URL and token.
#[derive(Debug, Clone)]
pub struct Client {
    transport: Transport,
}

impl Client {
    pub fn new(config: Config) -> Result<Self> {
        Ok(Client {
            transport: Transport::new(&config)?,
        })
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.transport.base_url()
    }

    /// Sends a built request; the 2xx response is returned unshaped.
    pub async fn send(&self, request: &Request) -> Result<Response> {
        self.transport.send(request).await
    }

    /// Sends a built request with per-call options (timeout, retries, cancellation, observer).
    pub async fn send_with(&self, request: &Request, options: &CallOptions) -> Result<Response> {
        self.transport.send_with(request, options).await
    }

    /// Sends a built request and shapes the answer; `None` stands for JS `undefined`.
    pub async fn execute(&self, request: Request) -> Result<Option<serde_json::Value>> {
        self.execute_with(request, &CallOptions::default()).await
    }

    /// [`Client::execute`] with per-call options.
    pub async fn execute_with(
        &self,
        request: Request,
        options: &CallOptions,
    ) -> Result<Option<serde_json::Value>> {
        let response = self.send_with(&request, options).await?;
        let data = Data::decode(&response.body);
        if request.shape.requires_json() && matches!(&data, Data::Text(t) if !t.is_empty()) {
            return Err(Error::InvalidResponse {
                status: response.status,
                headers: response.headers,
                body: response.body,
                message: "the response body is not valid JSON".into(),
                attempts: response.attempts,
            });
        }
        let attempts = response.attempts;
        request
            .shape
            .apply(data)
            .map_err(|e| e.with_attempts(attempts))
    }

    pub fn transactions(&self) -> Transactions<'_> {
        Transactions(self)
    }

    pub fn terminals(&self) -> Terminals<'_> {
        Terminals(self)
    }

    pub fn payment_plans(&self) -> PaymentPlans<'_> {
        PaymentPlans(self)
    }

    pub fn customers(&self) -> Customers<'_> {
        Customers(self)
    }

    pub fn merchants(&self) -> Merchants<'_> {
        Merchants(self)
    }

    pub fn onboarding(&self) -> Onboarding<'_> {
        Onboarding(self)
    }

    pub fn webhooks(&self) -> Webhooks<'_> {
        Webhooks(self)
    }
}
