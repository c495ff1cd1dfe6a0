//! Runs a core request on the tokio runtime and settles the JS Promise on the JS thread.

use std::sync::Arc;

use coherent::{Client, Request};
use napi::bindgen_prelude::*;

use crate::{errors, results};

/// The Promise every API method returns. A request that failed to build (validation) rejects
/// without any I/O.
pub type ApiPromise<'env> = Result<PromiseRaw<'env, Unknown<'env>>>;

pub fn spawn<'env>(
    env: &'env Env,
    client: &Arc<Client>,
    request: coherent::Result<Request>,
) -> ApiPromise<'env> {
    let client = Arc::clone(client);
    let target = request
        .as_ref()
        .ok()
        .map(|r| errors::Target::new(&client, r));
    env.spawn_future_with_callback(
        async move {
            Ok(match request {
                Ok(request) => client
                    .send(&request)
                    .await
                    .map(|response| (request.shape, response)),
                Err(e) => Err(e),
            })
        },
        move |env, outcome| {
            outcome
                .and_then(|(shape, response)| results::to_js(env, shape, response))
                .map_err(|e| errors::to_js(env, e, target.as_ref()))
        },
    )
}
