//! `coherent-sandbox`: the offline Coherent gateway as a standalone executable, for CI of stacks
//! that are not Node (as stripe-mock is run). Flags, help and output: `src/cli.rs`, shared with
//! the npm package's `npx coherent-sandbox`.

use std::io::Write;
use std::process::ExitCode;

use coherent_sandbox::cli::{self, Command};
use coherent_sandbox::Sandbox;

fn main() -> ExitCode {
    let options = match cli::parse_args(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            print!("{}", cli::HELP);
            return ExitCode::SUCCESS;
        }
        Ok(Command::Run(options)) => options,
        Err(message) => return fail(&message),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&format!("cannot start the runtime: {e}")),
    };
    runtime.block_on(async {
        let mut sandbox = match Sandbox::start(options.clone()).await {
            Ok(sandbox) => sandbox,
            Err(e) => return fail(&cli::start_error(&e)),
        };
        // Handlers are in place before the banner: a parent that reads the URL may signal at once.
        let stop = stop_signal();
        print!("{}", cli::banner(&sandbox, &options));
        let _ = std::io::stdout().flush();
        let signal = stop.await;
        sandbox.close().await;
        println!("Sandbox stopped ({signal}).");
        ExitCode::SUCCESS
    })
}

fn fail(message: &str) -> ExitCode {
    eprint!("{}", cli::usage_error(message));
    ExitCode::from(2)
}

/// Resolves with the name of the first of SIGINT (Ctrl-C) and SIGTERM to arrive. Both are
/// registered when this is called (inside the runtime), not when first polled.
#[cfg(unix)]
fn stop_signal() -> impl std::future::Future<Output = &'static str> {
    use tokio::signal::unix::{signal, SignalKind};
    let interrupt = signal(SignalKind::interrupt());
    let terminate = signal(SignalKind::terminate());
    async move {
        match (interrupt, terminate) {
            (Ok(mut interrupt), Ok(mut terminate)) => tokio::select! {
                _ = interrupt.recv() => "SIGINT",
                _ = terminate.recv() => "SIGTERM",
            },
            _ => {
                let _ = tokio::signal::ctrl_c().await;
                "SIGINT"
            }
        }
    }
}

#[cfg(not(unix))]
fn stop_signal() -> impl std::future::Future<Output = &'static str> {
    async {
        let _ = tokio::signal::ctrl_c().await;
        "SIGINT"
    }
}
