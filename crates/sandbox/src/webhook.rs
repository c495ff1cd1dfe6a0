//! Sends `transaction.status` webhooks, retrying failures with doubling back-off and recording
//! every attempt through a `DeliveryLog` (the store implements it; shown by
//! `GET /sandbox/webhooks`). Delivery sees only that narrow handle, never the whole app state.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::Value;
use tokio::task::JoinSet;

/// How webhook deliveries are retried.
#[derive(Clone, Debug)]
pub struct WebhookRetry {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// Wait before the second attempt; it doubles after each failure.
    pub initial_backoff: Duration,
    /// How long one attempt may take.
    pub timeout: Duration,
}

impl Default for WebhookRetry {
    fn default() -> Self {
        WebhookRetry {
            attempts: 5,
            initial_backoff: Duration::from_millis(200),
            timeout: Duration::from_secs(5),
        }
    }
}

/// Where deliveries are read from and their attempts written to. `epoch` identifies the
/// store's generation: after a reset both calls answer "gone" and the delivery stops.
pub trait DeliveryLog: Clone + Send + Sync + 'static {
    /// What the next attempt sends; `None` when the delivery no longer exists.
    fn next_attempt(&self, id: u64, epoch: u64) -> Option<NextAttempt>;
    /// Records one attempt and keeps it like a request's changes (`--data`: a failed save is
    /// caught up by the next one); `false` when the delivery no longer exists.
    fn record(&self, id: u64, epoch: u64, attempt: AttemptOutcome) -> bool;
}

/// One attempt to make.
pub struct NextAttempt {
    pub url: String,
    pub payload: Value,
    /// The clinic asked for its next deliveries to fail (`fail-next`): record a failure
    /// without sending, so the clinic's retry handling can be tested.
    pub fail_on_purpose: bool,
}

/// The error recorded for an attempt failed on purpose.
pub const FAILED_ON_PURPOSE: &str = "failed on purpose by the sandbox (fail-next)";

/// How much of a receiver's answer is kept (characters).
const EXCERPT_CHARS: usize = 300;

/// What one attempt came to.
#[derive(Clone, Debug)]
pub struct AttemptOutcome {
    /// The receiver's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why there was no answer.
    pub error: Option<String>,
    pub duration_ms: u64,
    /// The start of the receiver's answer.
    pub excerpt: Option<String>,
}

impl AttemptOutcome {
    pub fn delivered(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

pub struct Sender {
    retry: WebhookRetry,
    http: Option<reqwest::Client>,
    tasks: Mutex<JoinSet<()>>,
    /// The runtime the sandbox was started on, so deliveries can be queued from any thread
    /// (the `Sandbox` methods are called outside it, e.g. from Node's JS thread).
    runtime: Option<tokio::runtime::Handle>,
}

impl Sender {
    pub fn new(retry: WebhookRetry) -> Sender {
        Sender {
            http: build_client(&retry),
            retry,
            tasks: Mutex::new(JoinSet::new()),
            runtime: tokio::runtime::Handle::try_current().ok(),
        }
    }

    /// Starts delivering the deliveries the last request queued.
    pub fn dispatch<L: DeliveryLog>(&self, log: &L, ids: Vec<u64>, epoch: u64) {
        let Some(http) = self.http.clone() else {
            return;
        };
        let mut tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
        // Forget finished tasks so the set does not grow without bound.
        while tasks.try_join_next().is_some() {}
        for id in ids {
            let log = log.clone();
            let http = http.clone();
            let retry = self.retry.clone();
            let delivery = deliver(log, http, retry, id, epoch);
            match &self.runtime {
                Some(runtime) => tasks.spawn_on(delivery, runtime),
                None => tasks.spawn(delivery),
            };
        }
    }

    /// Stops every delivery still in progress (on reset and close).
    pub fn cancel_all(&self) {
        let mut tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
        tasks.abort_all();
    }
}

async fn deliver<L: DeliveryLog>(
    log: L,
    http: reqwest::Client,
    retry: WebhookRetry,
    id: u64,
    epoch: u64,
) {
    let mut backoff = retry.initial_backoff;
    for attempt in 1..=retry.attempts.max(1) {
        let Some(next) = log.next_attempt(id, epoch) else {
            return;
        };
        let outcome = if next.fail_on_purpose {
            AttemptOutcome {
                status: None,
                error: Some(FAILED_ON_PURPOSE.into()),
                duration_ms: 0,
                excerpt: None,
            }
        } else {
            send(&http, &retry, &next).await
        };
        let delivered = outcome.delivered();
        if !log.record(id, epoch, outcome) {
            return;
        }
        if delivered || attempt == retry.attempts {
            return;
        }
        tokio::time::sleep(backoff).await;
        backoff = backoff.saturating_mul(2);
    }
}

async fn send(http: &reqwest::Client, retry: &WebhookRetry, next: &NextAttempt) -> AttemptOutcome {
    let started = std::time::Instant::now();
    let result = http
        .post(&next.url)
        .header("content-type", "application/json")
        .header("user-agent", "coherent-sandbox-webhooks")
        .timeout(retry.timeout)
        .body(next.payload.to_string())
        .send()
        .await;
    let (status, error, excerpt) = match result {
        Ok(response) => {
            let status = response.status().as_u16();
            let text = response.text().await.unwrap_or_default();
            let excerpt: String = text.chars().take(EXCERPT_CHARS).collect();
            (Some(status), None, Some(excerpt).filter(|e| !e.is_empty()))
        }
        Err(e) => (None, Some(describe(&e)), None),
    };
    AttemptOutcome {
        status,
        error,
        duration_ms: started.elapsed().as_millis() as u64,
        excerpt,
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
