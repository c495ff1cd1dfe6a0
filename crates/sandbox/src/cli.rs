//! The `coherent-sandbox` command line: its flags, help, start-up text and error messages. One
//! implementation for both ways of running it: the standalone executable (`src/main.rs`) and the
//! npm package's `npx coherent-sandbox` (through crates/sandbox-node), so the two print the same.

use std::path::PathBuf;

use crate::{Sandbox, SandboxError, SandboxOptions};

/// `--help`. `{url}` stands for the sandbox's address.
pub const HELP: &str = include_str!("cli_help.txt");

/// The key of the clinic `--seed` adds.
const SEEDED_KEY: &str = "api-test-00000000000000000000000000000000";

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    /// `--help`: print [`HELP`] and exit 0.
    Help,
    /// Start a sandbox with these options.
    Run(SandboxOptions),
}

/// Reads the arguments (without the program name). The error is the one-line reason, e.g.
/// `--port must be a number from 0 to 65535, got "x"`; print it with [`usage_error`].
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let mut options = SandboxOptions::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if arg.starts_with("--") => (flag.to_string(), Some(value)),
            _ => (arg.clone(), None),
        };
        let mut value = || -> Result<String, String> {
            if let Some(v) = inline {
                return Ok(v.to_string());
            }
            match args.next() {
                Some(v) if !v.starts_with("--") => Ok(v),
                _ => Err(format!("{flag} needs a value")),
            }
        };
        let switch = || match inline {
            None => Ok(true),
            Some(_) => Err(format!("{flag} takes no value")),
        };
        match flag.as_str() {
            "--help" | "-h" => return Ok(Command::Help),
            "--port" => options.port = parse_port(&value()?)?,
            "--host" => options.host = value()?,
            "--webhook-url" => options.webhook_url = Some(value()?),
            "--seed" => options.seed = switch()?,
            "--data" => options.data = Some(absolute(&value()?)?),
            "--allowed-host" => options.allowed_hosts.push(value()?),
            "--cors-origin" => options.cors_origin = Some(value()?),
            "--allow-remote" => options.allow_remote = switch()?,
            _ => return Err(format!("unknown argument {arg:?}")),
        }
    }
    Ok(Command::Run(options))
}

fn parse_port(text: &str) -> Result<u16, String> {
    let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    digits
        .then(|| text.parse::<u16>().ok())
        .flatten()
        .ok_or_else(|| format!("--port must be a number from 0 to 65535, got {text:?}"))
}

/// `--data` relative to the working directory, so the start-up text names the file exactly.
fn absolute(path: &str) -> Result<PathBuf, String> {
    if path.is_empty() {
        return Err("--data must be a file path".into());
    }
    std::path::absolute(path).map_err(|e| format!("--data {path:?}: {e}"))
}

/// What the command prints on stderr before exiting with status 2.
pub fn usage_error(message: &str) -> String {
    format!("coherent-sandbox: {message}\nRun coherent-sandbox --help for the options.\n")
}

/// Why a start failed, naming the flag's option (`host`, `webhookUrl`, ...).
pub fn start_error(error: &SandboxError) -> String {
    match error {
        SandboxError::InvalidOption { field, message } => format!("options.{field}: {message}"),
        other => other.to_string(),
    }
}

/// The text printed once the sandbox listens.
pub fn banner(sandbox: &Sandbox, options: &SandboxOptions) -> String {
    let url = sandbox.url();
    let mut lines = vec![
        format!("Coherent sandbox listening on {url}"),
        format!("Dashboard: {url}/"),
        if options.seed {
            format!("Seeded clinic key: {SEEDED_KEY}")
        } else {
            "Keys: any api-test-<32 lowercase hex>".into()
        },
        match &options.webhook_url {
            Some(hook) => format!("Default webhook URL: {hook}"),
            None => {
                "No default webhook URL (set one per merchant, or --webhook-url)".into()
            }
        },
        match &options.data {
            Some(path) => format!("State kept in {}", path.display()),
            None => "State in memory only (--data FILE keeps it across restarts)".into(),
        },
        "Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 declined, 4000 0000 0000 9995 insufficient funds".into(),
        "Control routes: /sandbox/transactions/{uuid}/pay|decline|refund, /sandbox/payment-plans/{uuid}/authorise,".into(),
        "  /sandbox/wallets/{uuid}/authorise, /sandbox/terminals/{id}/tap|cancel, /sandbox/clock[/advance],".into(),
        "  /sandbox/webhooks[/{id}/resend], /sandbox/outbox, /sandbox/clinics, /sandbox/reset (see --help)".into(),
    ];
    if let Some(token) = sandbox.remote_token() {
        let pages: Vec<String> = browser_urls(sandbox)
            .iter()
            .map(|u| format!("{u}/?token={token}"))
            .collect();
        lines.push("Remote access is on: the dashboard and control routes ask for this token (Authorization: Bearer TOKEN):".into());
        lines.push(format!("  {token}"));
        lines.push(format!(
            "  In a browser, open once (it sets a cookie): {}",
            pages.join("  ")
        ));
    }
    lines.push("Press Ctrl-C to stop.".into());
    lines.join("\n") + "\n"
}

/// Where a browser reaches the sandbox: listening on every interface, loopback and this
/// machine's outward address (the one its default route uses; found without sending anything).
fn browser_urls(sandbox: &Sandbox) -> Vec<String> {
    let address = sandbox.local_addr();
    if !address.ip().is_unspecified() {
        return vec![sandbox.url()];
    }
    let port = address.port();
    let mut urls = vec![format!("http://127.0.0.1:{port}")];
    let outward = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|socket| socket.connect("192.0.2.1:9").map(|_| socket))
        .and_then(|socket| socket.local_addr());
    if let Ok(local) = outward {
        if !local.ip().is_loopback() && !local.ip().is_unspecified() {
            urls.push(format!("http://{}:{port}", local.ip()));
        }
    }
    urls
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    fn options(args: &[&str]) -> SandboxOptions {
        match parse(args) {
            Ok(Command::Run(options)) => options,
            other => panic!("{args:?} gave {other:?}"),
        }
    }

    #[test]
    fn reads_every_flag_in_both_forms() {
        let o = options(&[
            "--port=0",
            "--host",
            "0.0.0.0",
            "--webhook-url",
            "http://127.0.0.1:9/hook",
            "--seed",
            "--allowed-host",
            "a.test",
            "--allowed-host=b.test",
            "--cors-origin",
            "http://localhost:5173",
            "--allow-remote",
        ]);
        assert_eq!(o.port, 0);
        assert_eq!(o.host, "0.0.0.0");
        assert_eq!(o.webhook_url.as_deref(), Some("http://127.0.0.1:9/hook"));
        assert!(o.seed && o.allow_remote);
        assert_eq!(o.allowed_hosts, ["a.test", "b.test"]);
        assert_eq!(o.cors_origin.as_deref(), Some("http://localhost:5173"));
        let defaults = options(&[]);
        assert_eq!((defaults.port, defaults.host.as_str()), (3000, "127.0.0.1"));
    }

    #[test]
    fn data_is_made_absolute() {
        let path = options(&["--data", "state.db"]).data.expect("data");
        assert!(path.is_absolute() && path.ends_with("state.db"), "{path:?}");
    }

    #[test]
    fn refuses_bad_arguments_with_the_flag_named() {
        let error = |args: &[&str]| parse(args).expect_err("refused");
        assert_eq!(
            error(&["--port", "70000"]),
            "--port must be a number from 0 to 65535, got \"70000\""
        );
        assert_eq!(
            error(&["--port", "-1"]),
            "--port must be a number from 0 to 65535, got \"-1\""
        );
        assert_eq!(error(&["--port"]), "--port needs a value");
        assert_eq!(error(&["--host", "--seed"]), "--host needs a value");
        assert_eq!(error(&["--seed=false"]), "--seed takes no value");
        assert_eq!(error(&["--nope"]), "unknown argument \"--nope\"");
        assert_eq!(error(&["--data="]), "--data must be a file path");
    }

    #[test]
    fn help_wins_over_later_arguments() {
        assert!(matches!(
            parse(&["--seed", "--help", "--nope"]),
            Ok(Command::Help)
        ));
        assert!(HELP.starts_with("Usage: coherent-sandbox"));
    }
}
