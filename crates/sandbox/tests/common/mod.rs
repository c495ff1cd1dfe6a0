//! Shared helpers: a sandbox on a free port and a tiny JSON client.
#![allow(dead_code)]

use std::time::Duration;

use coherent_sandbox::{Sandbox, SandboxOptions, WebhookRetry};
use serde_json::{json, Value};

pub struct Api {
    pub sandbox: Sandbox,
    pub url: String,
    pub http: reqwest::Client,
}

pub fn key(n: u8) -> String {
    format!("api-test-{}", format!("{n:02x}").repeat(16))
}

pub async fn start() -> Api {
    start_with(SandboxOptions {
        port: 0,
        ..Default::default()
    })
    .await
}

pub async fn start_with(options: SandboxOptions) -> Api {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let sandbox = Sandbox::start(options).await.expect("sandbox starts");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    Api {
        url: sandbox.url(),
        sandbox,
        http,
    }
}

pub fn fast_retry(attempts: u32) -> WebhookRetry {
    WebhookRetry {
        attempts,
        initial_backoff: Duration::from_millis(20),
        timeout: Duration::from_secs(2),
    }
}

impl Api {
    /// Sends `body` (raw text) with the key, if any; returns status and parsed JSON (or the text).
    pub async fn raw(
        &self,
        method: &str,
        path: &str,
        key: Option<&str>,
        body: Option<String>,
    ) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self
            .http
            .request(method.clone(), format!("{}{}", self.url, path));
        if let Some(key) = key {
            request = request.header("access-token", key);
        }
        // Control routes take only JSON, an empty body included.
        if body.is_some() || (path.starts_with("/sandbox/") && method != reqwest::Method::GET) {
            request = request.header("content-type", "application/json");
        }
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request.send().await.expect("request is answered");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, value)
    }

    pub async fn call(
        &self,
        method: &str,
        path: &str,
        key: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        self.raw(method, path, Some(key), body.map(|b| b.to_string()))
            .await
    }

    pub async fn get(&self, path: &str, key: &str) -> Value {
        let (status, body) = self.call("GET", path, key, None).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    pub async fn post(&self, path: &str, key: &str, body: Value) -> Value {
        let (status, answer) = self.call("POST", path, key, Some(body)).await;
        assert_eq!(status, 200, "POST {path}: {answer}");
        answer
    }

    pub async fn put(&self, path: &str, key: &str, body: Value) -> Value {
        let (status, answer) = self.call("PUT", path, key, Some(body)).await;
        assert_eq!(status, 200, "PUT {path}: {answer}");
        answer
    }

    /// A control route (no key).
    pub async fn control(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        self.raw(method, path, None, body.map(|b| b.to_string()))
            .await
    }

    pub async fn control_ok(&self, path: &str, body: Value) -> Value {
        let (status, answer) = self.control("POST", path, Some(body)).await;
        assert_eq!(status, 200, "POST {path}: {answer}");
        answer
    }

    pub async fn create_transaction(&self, key: &str, amount: i64) -> Value {
        self.post(
            "/api/v1/transaction",
            key,
            json!({ "amount": amount, "name": "Jo Patient" }),
        )
        .await
    }

    pub async fn transaction(&self, key: &str, uuid: &str) -> Value {
        self.get(&format!("/api/v1/transaction/{uuid}"), key).await
    }

    /// The status of the caller's payment plan.
    pub async fn plan_status(&self, key: &str, uuid: &str) -> Value {
        self.get(&format!("/api/v1/payment/plan/{uuid}"), key).await["status"].take()
    }

    /// The transaction a charge or debit answer names (`transactionUuid`).
    pub async fn charged(&self, key: &str, answer: &Value) -> Value {
        let uuid = answer["transactionUuid"].as_str().expect("transactionUuid");
        self.transaction(key, uuid).await
    }

    pub async fn advance(&self, days: i64) -> Value {
        self.control_ok("/sandbox/clock/advance", json!({ "days": days }))
            .await
    }

    /// GETs a page; returns its status and text.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let response = self
            .http
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .expect("page");
        let status = response.status().as_u16();
        (status, response.text().await.expect("page text"))
    }

    /// Creates a customer from `customer` and a wallet for it from `wallet`; returns the
    /// customer's uuid and the wallet as answered.
    pub async fn customer_with_wallet(
        &self,
        key: &str,
        customer: Value,
        wallet: Value,
    ) -> (String, Value) {
        let created = self.post("/api/v1/customer", key, customer).await;
        let uuid = created["uuid"].as_str().expect("customer uuid").to_string();
        let wallet = self
            .post(&format!("/api/v1/customer/{uuid}/wallet"), key, wallet)
            .await;
        (uuid, wallet)
    }

    /// GETs an absolute URL (a payment link, a page a redirect names) and returns its text.
    pub async fn text(&self, url: impl reqwest::IntoUrl) -> String {
        let response = self.http.get(url).send().await.expect("page");
        response.text().await.expect("page text")
    }

    /// POSTs an url-encoded form body (`a=1&b=2`); returns the status, the Location header and
    /// the text.
    pub async fn form(&self, path: &str, body: String) -> (u16, Option<String>, String) {
        let response = self
            .http
            .post(format!("{}{path}", self.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("form answered");
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().expect("ascii location").to_string());
        (status, location, response.text().await.expect("form text"))
    }

    /// The CSRF token in a dashboard page's forms.
    pub async fn csrf(&self) -> String {
        let (_, page) = self.page("/dashboard/clock").await;
        let at = page
            .find("name=\"csrf\" value=\"")
            .expect("a form with a csrf field")
            + 19;
        page[at..at + 32].to_string()
    }

    pub async fn today(&self) -> String {
        let (_, now) = self.control("GET", "/sandbox/clock", None).await;
        now["now"].as_str().expect("now")[..10].to_string()
    }
}

/// Asserts the documented 400 shape and that `field` is among the errors.
pub fn assert_field_error(status: u16, body: &Value, field: &str) {
    assert_eq!(status, 400, "expected 400 for {field}: {body}");
    assert!(body["message"].is_string(), "message: {body}");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors array")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert!(fields.contains(&field), "{field} not in {fields:?}: {body}");
}
