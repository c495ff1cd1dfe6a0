//! What `npx coherent-sandbox` (the package's bin/coherent-sandbox.js) asks of the gateway: the
//! flags read, the help and the start-up text, all from crates/sandbox/src/cli.rs, which the
//! standalone executable uses too, so both print the same.

use coherent_sandbox::cli::{self, Command};
use napi::bindgen_prelude::*;

use crate::sandbox::Sandbox;

#[napi]
impl Sandbox {
    /// The `coherent-sandbox` command's `--help` text.
    #[napi]
    pub fn command_line_help() -> String {
        cli::HELP.to_string()
    }

    /// Starts a sandbox from `coherent-sandbox` arguments (`["--port", "0", "--seed"]`), as the
    /// command does; resolves to `null` for `--help`. A bad argument or a failed start rejects
    /// with an `Error` whose message is the one-line reason.
    #[napi(ts_return_type = "Promise<Sandbox | null>")]
    pub fn start_from_command_line(
        env: &Env,
        args: Vec<String>,
    ) -> Result<PromiseRaw<'_, Option<Sandbox>>> {
        env.spawn_future_with_callback(
            async move {
                let options = match cli::parse_args(args) {
                    Ok(Command::Help) => return Ok(Ok(None)),
                    Ok(Command::Run(options)) => options,
                    Err(message) => return Ok(Err(message)),
                };
                Ok(
                    match coherent_sandbox::Sandbox::start(options.clone()).await {
                        Ok(gateway) => Ok(Some((cli::banner(&gateway, &options), gateway))),
                        Err(e) => Err(cli::start_error(&e)),
                    },
                )
            },
            |_, started| match started {
                Ok(Some((banner, gateway))) => Ok(Some(Sandbox::holding(gateway, Some(banner)))),
                Ok(None) => Ok(None),
                Err(message) => Err(Error::new(Status::InvalidArg, message)),
            },
        )
    }

    /// The text `coherent-sandbox` prints once listening (URL, dashboard, keys, cards, routes);
    /// `null` for a sandbox started with `start`.
    #[napi(getter)]
    pub fn command_line_banner(&self) -> Option<String> {
        self.banner.clone()
    }
}
