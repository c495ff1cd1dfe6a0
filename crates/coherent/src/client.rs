//! [`Client`]: one pooled connection set for one base URL and token, which sends built
//! [`Request`]s and shapes their answers. The namespace handles Rust callers use
//! (`client.transactions()`, ...) are added by each `resources` module, so the dependency runs
//! one way: resources -> client -> transport and shape.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::request::Request;
use crate::shape::{Data, Shape};
use crate::transport::{CallOptions, Response, Transport};

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

    /// The base URL, parsed (scheme, host and port for traces).
    pub fn base(&self) -> &reqwest::Url {
        self.transport.base()
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
        shape_result(request.shape, response)
    }
}

/// What [`Client::execute`] returns for a 2xx response: the body decoded as axios does, text
/// refused where JSON is required, then `shape` applied.
pub fn shape_result(shape: Shape, response: Response) -> Result<Option<serde_json::Value>> {
    let data = Data::decode(&response.body);
    let shaped = if shape.requires_json() && matches!(&data, Data::Text(t) if !t.is_empty()) {
        Err(crate::shape::unfit_body(&data))
    } else {
        shape.apply(data)
    };
    shaped.map_err(|message| Error::InvalidResponse {
        status: response.status,
        headers: response.headers,
        body: response.body,
        message,
        attempts: response.attempts,
    })
}
