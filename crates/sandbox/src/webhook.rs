//! Sends `transaction.status` webhooks, retrying failures with doubling back-off and recording
//! every attempt in the store (shown by `GET /sandbox/webhooks`).

use std::sync::{Arc, Mutex, OnceLock};

use tokio::task::JoinSet;

use crate::model::Attempt;
use crate::state::{AppState, WebhookRetry};

pub struct Sender {
    retry: WebhookRetry,
    http: Option<reqwest::Client>,
    tasks: Mutex<JoinSet<()>>,
}

impl Sender {
    pub fn new(retry: WebhookRetry) -> Sender {
        Sender {
            http: build_client(&retry),
            retry,
            tasks: Mutex::new(JoinSet::new()),
        }
    }

    /// Starts delivering the deliveries the last request queued.
    pub fn dispatch(&self, state: &Arc<AppState>, ids: Vec<u64>, epoch: u64) {
        let Some(http) = self.http.clone() else {
            return;
        };
        let mut tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
        // Forget finished tasks so the set does not grow without bound.
        while tasks.try_join_next().is_some() {}
        for id in ids {
            let state = Arc::clone(state);
            let http = http.clone();
            let retry = self.retry.clone();
            tasks.spawn(deliver(state, http, retry, id, epoch));
        }
    }

    /// Stops every delivery still in progress (on reset and close).
    pub fn cancel_all(&self) {
        let mut tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
        tasks.abort_all();
    }
}

async fn deliver(
    state: Arc<AppState>,
    http: reqwest::Client,
    retry: WebhookRetry,
    id: u64,
    epoch: u64,
) {
    let target = {
        let store = state.store();
        if store.epoch != epoch {
            return;
        }
        store
            .deliveries
            .iter()
            .find(|d| d.id == id)
            .map(|d| (d.url.clone(), d.payload.clone()))
    };
    let Some((url, payload)) = target else { return };
    let mut backoff = retry.initial_backoff;
    for attempt in 1..=retry.attempts.max(1) {
        let result = http
            .post(&url)
            .header("content-type", "application/json")
            .header("user-agent", "coherent-sandbox-webhooks")
            .timeout(retry.timeout)
            .body(payload.to_string())
            .send()
            .await;
        let (status, error) = match result {
            Ok(response) => (Some(response.status().as_u16()), None),
            Err(e) => (None, Some(describe(&e))),
        };
        let delivered = status.is_some_and(|s| (200..300).contains(&s));
        {
            let mut store = state.store();
            if store.epoch != epoch {
                return;
            }
            let at_ms = store.clock.now_ms();
            if let Some(mut d) = store.deliveries.iter_mut().find(|d| d.id == id) {
                d.attempts.push(Attempt {
                    at_ms,
                    status,
                    error,
                });
                d.delivered = delivered;
            };
        }
        // Kept like a request's changes (a failed save is caught up by the next one).
        let _ = state.save();
        if delivered || attempt == retry.attempts {
            return;
        }
        tokio::time::sleep(backoff).await;
        backoff = backoff.saturating_mul(2);
    }
}

/// reqwest's Display omits the cause ("error sending request"); the chain says why.
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Plain HTTP for local receivers, verified TLS (the platform's trust store) for https ones.
fn build_client(retry: &WebhookRetry) -> Option<reqwest::Client> {
    let builder = reqwest::Client::builder()
        .connect_timeout(retry.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy();
    let builder = match tls_config() {
        Some(config) => builder.tls_backend_preconfigured(config),
        None => builder,
    };
    builder.build().ok()
}

fn tls_config() -> Option<rustls::ClientConfig> {
    static CONFIG: OnceLock<Option<rustls::ClientConfig>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let verifier = rustls_platform_verifier::Verifier::new(Arc::clone(&provider)).ok()?;
            let builder = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .ok()?;
            Some(
                builder
                    .dangerous() // a full verifier, the platform's own
                    .with_custom_certificate_verifier(Arc::new(verifier))
                    .with_no_client_auth(),
            )
        })
        .clone()
}
