//! `Sandbox`: the offline gateway of `crates/sandbox`, started in-process from JS. Conversion
//! only; the gateway itself knows nothing of napi.

use std::sync::Mutex;

use coherent_sandbox::SandboxError;
use napi::bindgen_prelude::*;
use napi::JsTypeError;

use crate::start_options::read_options;

/// An offline, stateful Coherent gateway for tests and demos, with checkout pages, webhooks,
/// a controllable clock and `/sandbox/...` control routes. Each instance has its own state.
///
/// ```js
/// const sb = await Sandbox.start({ port: 0 })
/// const coherent = new Coherent({ baseUrl: sb.url, token: 'api-test-' + '0'.repeat(32) })
/// await sb.close()
/// ```
#[napi]
pub struct Sandbox {
    pub(crate) url: String,
    pub(crate) remote_token: Option<String>,
    /// What `coherent-sandbox` prints at start-up (set when started from a command line).
    pub(crate) banner: Option<String>,
    /// The running gateway; `None` once closed.
    pub(crate) running: Mutex<Option<coherent_sandbox::Sandbox>>,
}

enum StartFailure {
    Options(String),
    Listen(String),
    Data(String),
}

impl Sandbox {
    /// The JS object of a gateway that has started.
    pub(crate) fn holding(gateway: coherent_sandbox::Sandbox, banner: Option<String>) -> Self {
        Sandbox {
            url: gateway.url(),
            remote_token: gateway.remote_token(),
            banner,
            running: Mutex::new(Some(gateway)),
        }
    }
}

#[napi]
impl Sandbox {
    /// Starts a sandbox: `port` defaults to 3000 (what `environment: "LOCAL"` reaches; 0 picks a
    /// free port), `host` to `"127.0.0.1"`. `webhookUrl` receives webhooks for merchants without
    /// their own; `seed` adds a demo clinic with key `api-test-` + 32 zeros; `webhookRetry`
    /// shortens or lengthens the retries of failed webhooks; `data` keeps the state in that
    /// SQLite file across restarts (default: in memory). Requests must name the sandbox in
    /// `Host` (`allowedHosts` adds names) and writes from browsers must come from its own pages
    /// (`corsOrigin` adds one origin); `allowRemote` permits a non-loopback `host` and turns on
    /// `remoteToken`. Bad options reject with a `TypeError` naming the option; a taken port or a
    /// data file it cannot use rejects with an `Error`.
    #[napi(
        ts_args_type = "options?: SandboxOptions",
        ts_return_type = "Promise<Sandbox>"
    )]
    pub fn start<'env>(
        env: &'env Env,
        options: Option<Unknown<'env>>,
    ) -> Result<PromiseRaw<'env, Sandbox>> {
        let options = read_options(options);
        env.spawn_future_with_callback(
            async move {
                let options = match options {
                    Ok(options) => options,
                    Err(message) => return Ok(Err(StartFailure::Options(message))),
                };
                Ok(coherent_sandbox::Sandbox::start(options)
                    .await
                    .map_err(|e| match e {
                        e @ SandboxError::InvalidOption { .. } => {
                            StartFailure::Options(coherent_sandbox::cli::start_error(&e))
                        }
                        other @ SandboxError::Listen { .. } => {
                            StartFailure::Listen(other.to_string())
                        }
                        other @ SandboxError::Data { .. } => StartFailure::Data(other.to_string()),
                    }))
            },
            |env, started| match started {
                Ok(gateway) => Ok(Sandbox::holding(gateway, None)),
                Err(StartFailure::Options(message)) => {
                    let error = JsTypeError::from(Error::new(Status::InvalidArg, message));
                    Err(Error::from(error.into_unknown(*env)))
                }
                Err(StartFailure::Listen(message) | StartFailure::Data(message)) => {
                    Err(Error::new(Status::GenericFailure, message))
                }
            },
        )
    }

    /// The sandbox's base URL, e.g. `http://127.0.0.1:3000`.
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// With `allowRemote`, the token the dashboard and control routes ask for
    /// (`Authorization: Bearer TOKEN`, or open a page once with `?token=TOKEN`); else `null`.
    #[napi(getter)]
    pub fn remote_token(&self) -> Option<String> {
        self.remote_token.clone()
    }

    /// Stops the sandbox: no new connections, requests in flight finish, pending webhook
    /// retries are cancelled. Calling it again does nothing.
    #[napi]
    pub async fn close(&self) -> Result<()> {
        let gateway = self
            .running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(mut gateway) = gateway {
            gateway.close().await;
        }
        Ok(())
    }
}
