//! The options of `Sandbox.start`, read into the gateway's `SandboxOptions`. A bad one rejects
//! with a `TypeError` whose message names it (`options.port must be ...`); what the values
//! mean (a host name, an origin, a loopback host) the gateway checks when it starts.

use std::time::Duration;

use coherent_sandbox::{SandboxOptions, WebhookRetry};
use js_values::{Fields, Value};
use napi::bindgen_prelude::*;

/// A bad option: the `TypeError`'s message.
type Refusal = String;
type Read<T> = std::result::Result<T, Refusal>;

/// The message alone: it names the field itself.
fn refusal(_field: String, message: String) -> Refusal {
    message
}

const KEYS: &str =
    "port, host, webhookUrl, seed, webhookRetry, data, allowedHosts, corsOrigin, allowRemote";

/// Reads `SandboxOptions`; `undefined`, `null` or no argument give the defaults.
pub fn read_options(options: Option<Unknown>) -> Read<SandboxOptions> {
    let mut out = SandboxOptions::default();
    let Some(fields) = Fields::optional(options, "options", refusal)? else {
        return Ok(out);
    };
    for key in fields.keys()? {
        let value = fields.value(&key)?;
        if !matches!(value, Value::Undefined) {
            read_option(&mut out, &key, value)?;
        }
    }
    Ok(out)
}

/// One option; `null` means "none" where the option has no default of its own.
fn read_option(out: &mut SandboxOptions, key: &str, value: Value) -> Read<()> {
    match (key, value) {
        ("webhookUrl" | "data" | "corsOrigin", Value::Null) => {}
        ("port", Value::Number(p)) if p.fract() == 0.0 && (0.0..=65535.0).contains(&p) => {
            out.port = p as u16;
        }
        ("port", _) => {
            return Err(
                "options.port must be an integer from 0 to 65535 (0 = any free port)".into(),
            )
        }
        ("host", Value::String(h)) if !h.is_empty() => out.host = h,
        ("host", _) => {
            return Err("options.host must be a non-empty string such as \"127.0.0.1\"".into())
        }
        ("webhookUrl", Value::String(url)) => out.webhook_url = Some(url),
        ("webhookUrl", _) => {
            return Err("options.webhookUrl must be a string (an http or https URL)".into())
        }
        ("seed", Value::Bool(seed)) => out.seed = seed,
        ("seed", _) => return Err("options.seed must be a boolean".into()),
        ("webhookRetry", value) => read_retry(value, &mut out.webhook_retry)?,
        ("data", Value::String(path)) if !path.is_empty() => out.data = Some(path.into()),
        ("data", _) => return Err("options.data must be a file path (a non-empty string)".into()),
        ("allowedHosts", value) => out.allowed_hosts = read_host_names(value)?,
        ("corsOrigin", Value::String(origin)) => out.cors_origin = Some(origin),
        ("corsOrigin", _) => {
            return Err(
                "options.corsOrigin must be a string such as \"http://localhost:5173\"".into(),
            )
        }
        ("allowRemote", Value::Bool(allow)) => out.allow_remote = allow,
        ("allowRemote", _) => return Err("options.allowRemote must be a boolean".into()),
        (other, _) => return Err(format!("options.{other} is not an option (known: {KEYS})")),
    }
    Ok(())
}

/// `allowedHosts`: an array of strings (each checked by the gateway).
fn read_host_names(value: Value) -> Read<Vec<String>> {
    const MESSAGE: &str =
        "options.allowedHosts must be an array of host names such as [\"sandbox.test\"]";
    let Value::Array(array) = value else {
        return Err(MESSAGE.into());
    };
    let length = array.get_array_length().map_err(|e| e.reason)?;
    (0..length)
        .map(|i| {
            let item = array.get_element::<Unknown>(i).map_err(|e| e.reason)?;
            match Value::read(item).map_err(|e| e.reason)? {
                Value::String(name) => Ok(name),
                _ => Err(MESSAGE.into()),
            }
        })
        .collect()
}

/// `{ attempts?, initialBackoffMs? }`: how often and how soon failed webhooks are retried.
fn read_retry(value: Value, retry: &mut WebhookRetry) -> Read<()> {
    let Value::Object(object) = value else {
        return Err(
            "options.webhookRetry must be an object { attempts?, initialBackoffMs? }".into(),
        );
    };
    let fields = Fields::new(object, "options.webhookRetry", refusal);
    for key in fields.keys()? {
        let number = match fields.value(&key)? {
            Value::Undefined => continue,
            Value::Number(n) if n.fract() == 0.0 => Some(n),
            _ => None,
        };
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
