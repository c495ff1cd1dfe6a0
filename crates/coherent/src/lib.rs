//! Rust client for the Coherent Healthcare payments gateway.
//!
//! The core of `@coherentx/coherent`: everything but the JavaScript glue lives here, so it is
//! usable (and tested) from plain Rust. It is the production product: the offline gateway used in
//! tests (crate `coherent-sandbox`, npm package `@coherentx/coherent-sandbox`) stands beside it,
//! and neither this crate nor the client's napi binding depends on it.
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
//! answer into the value the official Node client returns. [`Client`] ties transport and shape
//! together; each `resources` module adds its namespace handle to it (`client.customers()`).
//! This file only declares modules and re-exports: nothing below depends on it.

pub mod client;
pub mod config;
pub mod error;
pub mod models;
pub mod path;
pub mod payment_method;
pub mod request;
pub mod request_id;
pub mod resources;
pub mod shape;
pub mod transport;
pub mod validate;

pub use client::Client;
pub use config::{Config, ConfigBuilder, Environment, Token};
pub use error::{Error, Result};
pub use request::{Method, Request};
pub use shape::{Data, Shape};
pub use transport::{CallOptions, Response, Transport};
pub use validate::JsonBody;
