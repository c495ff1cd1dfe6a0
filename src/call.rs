//! Runs a core request on the tokio runtime and settles the JS Promise on the JS thread.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use coherent::{Client, Request};
use napi::bindgen_prelude::*;

use crate::{errors, results, settle};

/// The Promise every API method returns. A request that failed to build (validation) rejects
/// without any I/O.
pub type ApiPromise<'env> = Result<PromiseRaw<'env, Unknown<'env>>>;

pub fn spawn<'env>(
    env: &'env Env,
    client: &Arc<Client>,
    request: coherent::Result<Request>,
) -> ApiPromise<'env> {
    let sender = Arc::clone(client);
    let client = Arc::clone(client);
    settle::spawn_future_with_callback(
        env,
        async move {
            Ok(match request {
                Ok(request) => match sender.send(&request).await {
                    Ok(response) => Ok((request, response)),
                    Err(e) => Err((e, Some(request))),
                },
                Err(e) => Err((e, None)),
            })
        },
        move |env, outcome| {
            // This runs on the JS thread from the event loop: a panic here would abort Node, so
            // one (there should be none) becomes a rejection instead.
            std::panic::catch_unwind(AssertUnwindSafe(|| {
                let (error, request) = match outcome {
                    Ok((request, response)) => match results::to_js(env, request.shape, response) {
                        Ok(value) => return Ok(value),
                        Err(e) => (e, Some(request)),
                    },
                    Err(failure) => failure,
                };
                // Which request failed is worked out only when one does.
                let target = request.map(|r| errors::Target::new(&client, &r));
                Err(errors::to_js(env, error, target.as_ref()))
            }))
            .unwrap_or_else(|_| Err(Error::from_reason("internal error while settling the call")))
        },
    )
}
