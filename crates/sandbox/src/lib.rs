//! An offline, stateful Coherent payments gateway for tests and demos.
//!
//! It serves the 28 endpoints of the Coherent API with the same paths and JSON, keeps every
//! object (in memory, or with `data` in an SQLite file that survives restarts) and walks it
//! through its lifecycle (payment links, refunds, terminals, payment plans on a controllable
//! clock, wallets, merchants and keys), serves a checkout page at each payment link, sends
//! webhooks, and offers `/sandbox/...` control routes that play the patient, the bank and the
//! calendar.
//!
//! Two ways to run it: in-process from Node with the npm package `@coherentx/coherent-sandbox`
//! (its napi binding is crates/sandbox-node), or as the standalone `coherent-sandbox` executable
//! of this crate (`cargo install --path crates/sandbox`), whose flags and output ([`cli`]) are the
//! npm command's. The client (`@coherentx/coherent`, crates/coherent) never depends on it.
//!
//! ```no_run
//! # async fn demo() -> Result<(), coherent_sandbox::SandboxError> {
//! let mut sandbox = coherent_sandbox::Sandbox::start(coherent_sandbox::SandboxOptions {
//!     port: 0,
//!     ..Default::default()
//! })
//! .await?;
//! println!("{}", sandbox.url());
//! sandbox.close().await;
//! # Ok(()) }
//! ```

mod api_error;
mod cards;
pub mod cli;
mod clock;
mod control;
mod dashboard;
mod guard;
mod html;
mod http_url;
mod ids;
mod lifecycle;
mod limits;
mod lookup;
mod model;
mod openapi;
mod outbox;
mod persist;
mod routes;
mod serve;
mod state;
mod tracked;
mod validate;
mod webhook;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long `close` lets requests in flight finish.
const CLOSE_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

pub use cards::{DECLINED_CARD, INSUFFICIENT_FUNDS_CARD, SUCCESS_CARD};
pub use control::{ControlError, ControlResult};
pub use persist::SCHEMA_VERSION;
pub use webhook::WebhookRetry;

use state::{AppState, Config};

/// How to start a sandbox.
#[derive(Clone, Debug)]
pub struct SandboxOptions {
    /// Interface to listen on; default `127.0.0.1`.
    pub host: String,
    /// Port; default 3000 (what `environment: "LOCAL"` reaches). 0 picks a free port.
    pub port: u16,
    /// Where webhooks go for merchants without their own webhook URL.
    pub webhook_url: Option<String>,
    /// Start with a demo clinic whose key is `api-test-` followed by 32 zeros.
    pub seed: bool,
    /// Retry policy of webhook deliveries.
    pub webhook_retry: WebhookRetry,
    /// Keep the state in this SQLite file (created if absent) across restarts; `None` (the
    /// default) keeps it in memory only.
    pub data: Option<PathBuf>,
    /// Host names accepted besides `localhost` and the loopback and listening addresses (for a
    /// proxy or a name in /etc/hosts); any port.
    pub allowed_hosts: Vec<String>,
    /// One origin (`http://localhost:5173`) whose pages may read answers and write.
    pub cors_origin: Option<String>,
    /// Allow listening on a non-loopback interface; the dashboard and control routes then ask
    /// for [`Sandbox::remote_token`].
    pub allow_remote: bool,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            host: "127.0.0.1".into(),
            port: 3000,
            webhook_url: None,
            seed: false,
            webhook_retry: WebhookRetry::default(),
            data: None,
            allowed_hosts: Vec::new(),
            cors_origin: None,
            allow_remote: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("invalid option {field}: {message}")]
    InvalidOption {
        field: &'static str,
        message: String,
    },
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: String,
        source: std::io::Error,
    },
    /// The `data` file cannot be used (missing folder, not a sandbox file, newer version...).
    #[error("data file {} {message}", path.display())]
    Data { path: PathBuf, message: String },
}

impl From<persist::OpenError> for SandboxError {
    fn from(e: persist::OpenError) -> Self {
        SandboxError::Data {
            path: e.path,
            message: e.message,
        }
    }
}

/// A running sandbox. Each one has its own state; several can run in one process.
pub struct Sandbox {
    url: String,
    address: SocketAddr,
    state: Arc<AppState>,
    guard: Arc<guard::Guard>,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds the address and starts serving on the current tokio runtime.
    pub async fn start(options: SandboxOptions) -> Result<Sandbox, SandboxError> {
        let guard_options = check_options(&options)?;
        // The file is read before the port is taken: a file that cannot be used serves nothing.
        let opened = match &options.data {
            Some(path) => Some(persist::open(
                path,
                options.webhook_url.clone(),
                options.seed,
            )?),
            None => None,
        };
        let (listener, local) = listen(&options).await?;
        let guard = Arc::new(guard::Guard::new(guard_options, local));
        let url = match local {
            SocketAddr::V6(v6) => format!("http://[{}]:{}", v6.ip(), v6.port()),
            SocketAddr::V4(v4) => format!("http://{}:{}", v4.ip(), v4.port()),
        };
        let config = Config {
            base_url: url.clone(),
            default_webhook_url: options.webhook_url,
            seed: options.seed,
            retry: options.webhook_retry,
            csrf_token: ids::csrf_token(),
        };
        let state = match opened {
            Some((store, file)) => AppState::with_store(config, store, Some(Box::new(file))),
            None => AppState::new(config),
        };
        let app = routes::router(Arc::clone(&state)).layer(axum::middleware::from_fn_with_state(
            Arc::clone(&guard),
            guard::check,
        ));
        let (shutdown, signal) = oneshot::channel::<()>();
        let server = tokio::spawn(serve::serve(listener, app, signal));
        Ok(Sandbox {
            url,
            address: local,
            state,
            guard,
            shutdown: Some(shutdown),
            server: Some(server),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// With `allow_remote`, the token the dashboard and control routes ask for
    /// (`Authorization: Bearer TOKEN`, or `?token=TOKEN` once in a browser).
    pub fn remote_token(&self) -> Option<String> {
        self.guard.remote_token().map(str::to_owned)
    }

    /// Stops accepting connections, lets requests in flight finish (up to 5 s), cancels
    /// pending webhook retries and releases the data file. Calling it twice is harmless.
    pub async fn close(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(mut server) = self.server.take() {
            // A client that never finishes its request must not hold `close` forever.
            if tokio::time::timeout(CLOSE_GRACE, &mut server)
                .await
                .is_err()
            {
                server.abort();
            }
        }
        self.state.webhooks.cancel_all();
        self.state.release();
    }
}

/// Every option that can be checked before anything is opened or bound.
fn check_options(options: &SandboxOptions) -> Result<guard::GuardOptions, SandboxError> {
    if let Some(url) = &options.webhook_url {
        match reqwest::Url::parse(url) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {}
            _ => {
                return Err(SandboxError::InvalidOption {
                    field: "webhookUrl",
                    message: format!("{url:?} is not an absolute http or https URL"),
                })
            }
        }
    }
    if options.host.is_empty() {
        return Err(SandboxError::InvalidOption {
            field: "host",
            message: "must not be empty".into(),
        });
    }
    guard::check_options(&guard::GuardOptions {
        allowed_hosts: options.allowed_hosts.clone(),
        cors_origin: options.cors_origin.clone(),
        allow_remote: options.allow_remote,
    })
    .map_err(|(field, message)| SandboxError::InvalidOption { field, message })
}

/// Binds `host:port`; beyond loopback only with `allow_remote`.
async fn listen(options: &SandboxOptions) -> Result<(TcpListener, SocketAddr), SandboxError> {
    let address = format!("{}:{}", options.host, options.port);
    let listen_error = |source| SandboxError::Listen {
        address: address.clone(),
        source,
    };
    let listener = TcpListener::bind(&address).await.map_err(listen_error)?;
    let local = listener.local_addr().map_err(listen_error)?;
    if !options.allow_remote && !local.ip().is_loopback() {
        return Err(SandboxError::InvalidOption {
            field: "host",
            message: format!(
                "{:?} is not a loopback interface: set allowRemote (--allow-remote) to listen \
beyond this machine; the dashboard and control routes then ask for a token",
                options.host
            ),
        });
    }
    Ok((listener, local))
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.state.webhooks.cancel_all();
    }
}
