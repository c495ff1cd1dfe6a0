//! `Sandbox`: the offline gateway of `crates/sandbox`, started in-process from JS. Conversion
//! only; the gateway itself knows nothing of napi.

use std::sync::Mutex;

use std::time::Duration;

use coherent_sandbox::{Sandbox as Gateway, SandboxError, SandboxOptions, WebhookRetry};
use napi::bindgen_prelude::*;
use napi::{JsTypeError, ValueType};

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
    pub(crate) gateway: Mutex<Option<Gateway>>,
}

enum StartFailure {
    Options(String),
    Listen(String),
    Data(String),
}

/// Reads `SandboxOptions`; the error names the field.
fn read_options(options: Option<Unknown>) -> std::result::Result<SandboxOptions, String> {
    let mut out = SandboxOptions::default();
    let Some(options) = options else {
        return Ok(out);
    };
    let kind = options.get_type().map_err(|e| e.reason)?;
    match kind {
        ValueType::Undefined | ValueType::Null => return Ok(out),
        ValueType::Object => {}
        _ => return Err("options must be an object".into()),
    }
    let object = unsafe { options.cast::<Object>() }.map_err(|e| e.reason)?;
    for key in Object::keys(&object).map_err(|e| e.reason)? {
        let value: Unknown = object
            .get_named_property(&key)
            .map_err(|e| format!("options.{key}: {}", e.reason))?;
        let kind = value.get_type().map_err(|e| e.reason)?;
        if kind == ValueType::Undefined {
            continue;
        }
        match key.as_str() {
            "port" => {
                let port = (kind == ValueType::Number)
                    .then(|| unsafe { value.cast::<f64>() }.ok())
                    .flatten()
                    .filter(|p| p.fract() == 0.0 && (0.0..=65535.0).contains(p))
                    .ok_or("options.port must be an integer from 0 to 65535 (0 = any free port)")?;
                out.port = port as u16;
            }
            "host" => {
                out.host = string_of(&value, kind)
                    .filter(|h| !h.is_empty())
                    .ok_or("options.host must be a non-empty string such as \"127.0.0.1\"")?;
            }
            "webhookUrl" => {
                if kind != ValueType::Null {
                    out.webhook_url = Some(
                        string_of(&value, kind)
                            .ok_or("options.webhookUrl must be a string (an http or https URL)")?,
                    );
                }
            }
            "seed" => {
                out.seed = bool_of(&value, kind).ok_or("options.seed must be a boolean")?;
            }
            "webhookRetry" => read_retry(&value, kind, &mut out.webhook_retry)?,
            "data" => {
                if kind != ValueType::Null {
                    out.data = Some(
                        string_of(&value, kind)
                            .filter(|path| !path.is_empty())
                            .ok_or("options.data must be a file path (a non-empty string)")?
                            .into(),
                    );
                }
            }
            "allowedHosts" => out.allowed_hosts = read_strings(&value, kind)?,
            "corsOrigin" => {
                if kind != ValueType::Null {
                    out.cors_origin = Some(string_of(&value, kind).ok_or(
                        "options.corsOrigin must be a string such as \"http://localhost:5173\"",
                    )?);
                }
            }
            "allowRemote" => {
                out.allow_remote =
                    bool_of(&value, kind).ok_or("options.allowRemote must be a boolean")?;
            }
            other => {
                return Err(format!(
                    "options.{other} is not an option (known: port, host, webhookUrl, seed, webhookRetry, data, allowedHosts, corsOrigin, allowRemote)"
                ))
            }
        }
    }
    Ok(out)
}

/// The value if it is a string (`kind` is its type, already read).
fn string_of(value: &Unknown, kind: ValueType) -> Option<String> {
    (kind == ValueType::String)
        .then(|| unsafe { value.cast::<String>() }.ok())
        .flatten()
}

/// The value if it is a boolean.
fn bool_of(value: &Unknown, kind: ValueType) -> Option<bool> {
    (kind == ValueType::Boolean)
        .then(|| unsafe { value.cast::<bool>() }.ok())
        .flatten()
}

/// `allowedHosts`: an array of strings (each checked by the gateway).
fn read_strings(value: &Unknown, kind: ValueType) -> std::result::Result<Vec<String>, String> {
    const MESSAGE: &str =
        "options.allowedHosts must be an array of host names such as [\"sandbox.test\"]";
    let array = (kind == ValueType::Object)
        .then(|| unsafe { value.cast::<Object>() }.ok())
        .flatten()
        .filter(|o| o.is_array().unwrap_or(false))
        .ok_or(MESSAGE)?;
    let length = array.get_array_length().map_err(|e| e.reason)?;
    (0..length)
        .map(|i| {
            let item: Unknown = array.get_element(i).map_err(|e| e.reason)?;
            string_of(&item, item.get_type().map_err(|e| e.reason)?)
                .ok_or_else(|| MESSAGE.to_string())
        })
        .collect()
}

/// `{ attempts?, initialBackoffMs? }`: how often and how soon failed webhooks are retried.
fn read_retry(
    value: &Unknown,
    kind: ValueType,
    retry: &mut WebhookRetry,
) -> std::result::Result<(), String> {
    if kind != ValueType::Object {
        return Err(
            "options.webhookRetry must be an object { attempts?, initialBackoffMs? }".into(),
        );
    }
    let object = unsafe { value.cast::<Object>() }.map_err(|e| e.reason)?;
    for key in Object::keys(&object).map_err(|e| e.reason)? {
        let field: Unknown = object
            .get_named_property(&key)
            .map_err(|e| format!("options.webhookRetry.{key}: {}", e.reason))?;
        if field.get_type().map_err(|e| e.reason)? == ValueType::Undefined {
            continue;
        }
        let number = (field.get_type().map_err(|e| e.reason)? == ValueType::Number)
            .then(|| unsafe { field.cast::<f64>() }.ok())
            .flatten()
            .filter(|n| n.fract() == 0.0);
        match key.as_str() {
            "attempts" => {
                let n = number
                    .filter(|n| (1.0..=20.0).contains(n))
                    .ok_or("options.webhookRetry.attempts must be an integer from 1 to 20")?;
                retry.attempts = n as u32;
            }
            "initialBackoffMs" => {
                let n = number.filter(|n| (0.0..=60_000.0).contains(n)).ok_or(
                    "options.webhookRetry.initialBackoffMs must be an integer from 0 to 60000",
                )?;
                retry.initial_backoff = Duration::from_millis(n as u64);
            }
            other => {
                return Err(format!(
                "options.webhookRetry.{other} is not an option (known: attempts, initialBackoffMs)"
            ))
            }
        }
    }
    Ok(())
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
                Ok(Gateway::start(options).await.map_err(|e| match e {
                    e @ SandboxError::InvalidOption { .. } => {
                        StartFailure::Options(coherent_sandbox::cli::start_error(&e))
                    }
                    other @ SandboxError::Listen { .. } => StartFailure::Listen(other.to_string()),
                    other @ SandboxError::Data { .. } => StartFailure::Data(other.to_string()),
                }))
            },
            |env, started| match started {
                Ok(gateway) => Ok(Sandbox {
                    url: gateway.url(),
                    remote_token: gateway.remote_token(),
                    banner: None,
                    gateway: Mutex::new(Some(gateway)),
                }),
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
            .gateway
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(mut gateway) = gateway {
            gateway.close().await;
        }
        Ok(())
    }
}

/// Options of `Sandbox.start`. Read by hand in `read_options` (to name the field in a
/// `TypeError`); this struct exists for its TypeScript declaration.
#[allow(dead_code)]
#[napi(object, js_name = "SandboxOptions")]
pub struct SandboxOptionsTypes {
    /// Port to listen on; default 3000, 0 = any free port.
    pub port: Option<u32>,
    /// Interface to listen on; default `"127.0.0.1"`.
    pub host: Option<String>,
    /// Default webhook receiver for merchants that have none of their own.
    pub webhook_url: Option<String>,
    /// Pre-create a demo clinic whose key is `api-test-` followed by 32 zeros.
    pub seed: Option<bool>,
    /// Webhook retries: `attempts` in all (default 5), the first wait `initialBackoffMs`
    /// (default 200), doubling after each failure. Tests of retry handling can shorten it.
    pub webhook_retry: Option<SandboxWebhookRetry>,
    /// Keep the state (clinics, keys, transactions, plans, clock, webhook log) in this SQLite
    /// file across restarts; created if absent, its folder must exist. Default: in memory.
    pub data: Option<String>,
    /// Host names accepted in the `Host` header besides `localhost`, `127.0.0.1`, `[::1]` and
    /// the listening address (a name in /etc/hosts, a proxy); any port. Other names get 403.
    pub allowed_hosts: Option<Vec<String>>,
    /// The one origin (e.g. `"http://localhost:5173"`) whose pages may read the sandbox's
    /// answers (CORS) and write to it; by default no other origin may.
    pub cors_origin: Option<String>,
    /// Allow a non-loopback `host` (e.g. `"0.0.0.0"`); the dashboard and control routes then
    /// ask for `remoteToken`. Default false: such a host rejects with a `TypeError`.
    pub allow_remote: Option<bool>,
}

/// Retry policy of the sandbox's webhook deliveries.
#[allow(dead_code)]
#[napi(object)]
pub struct SandboxWebhookRetry {
    /// Attempts in all, the first included (1 to 20; default 5).
    pub attempts: Option<u32>,
    /// Wait before the second attempt in milliseconds (default 200); doubles after each failure.
    pub initial_backoff_ms: Option<u32>,
}
