//! The HTTP surface: the 28 API endpoints under `/api/v1`, the checkout pages, the `/sandbox`
//! control routes, and the extractors that turn every bad request into the JSON error format.

mod body;
mod checkout;
mod control;
mod customers;
mod merchants;
mod payment_plans;
mod terminals;
mod transactions;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use serde::de::DeserializeOwned;

use crate::api_error::ApiError;
use crate::state::AppState;
pub use body::{JsonBody, BODY_LIMIT};

pub type Shared = State<Arc<AppState>>;

pub fn router(state: Arc<AppState>) -> Router {
    let api = Router::new()
        .route("/transaction", post(transactions::create))
        .route("/transaction/{uuid}", get(transactions::get))
        .route("/transaction/{uuid}/refund", post(transactions::refund))
        .route(
            "/transaction/{uuid}/status",
            put(transactions::update_status),
        )
        .route("/terminal", get(terminals::list))
        .route("/terminal/{id}", put(terminals::rename))
        .route("/terminal/{id}/transaction", put(terminals::set_or_clear))
        .route("/payment/plan", post(payment_plans::create))
        .route("/payment/plan/{uuid}", get(payment_plans::get))
        .route(
            "/payment/plan/{uuid}/status",
            put(payment_plans::set_status),
        )
        .route(
            "/payment/plan/{uuid}/notification",
            post(payment_plans::notify),
        )
        .route("/payment/plan/{uuid}/charge", post(payment_plans::charge))
        .route("/payment/plan/{uuid}/execute", post(payment_plans::charge))
        .route(
            "/payment/plan/{uuid}/resume-and-charge",
            post(payment_plans::resume_and_charge),
        )
        .route("/onboarding", post(merchants::onboard))
        .route("/merchant", get(merchants::list))
        .route("/merchant/{merchant}/account", get(merchants::accounts))
        .route(
            "/merchant/{merchant}/account/{account}/api-key",
            post(merchants::create_account_key).get(merchants::list_account_keys),
        )
        .route(
            "/merchant/{merchant}/api-key",
            post(merchants::create_key).get(merchants::list_keys),
        )
        .route(
            "/merchant/{merchant}/webhook",
            get(merchants::get_webhook).put(merchants::update_webhook),
        )
        .route("/customer", post(customers::create))
        .route("/customer/{uuid}", get(customers::get))
        .route(
            "/customer/{uuid}/wallet",
            get(customers::list_wallets).post(customers::create_wallet),
        )
        .route(
            "/customer/{uuid}/wallet/debit",
            post(customers::debit_wallet),
        )
        .fallback(api_not_found)
        .layer(middleware::from_fn(request_id));

    Router::new()
        .nest("/api/v1", api)
        .merge(control::routes())
        .merge(checkout::routes())
        .merge(crate::dashboard::routes())
        .route("/openapi.json", get(crate::openapi::serve))
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), save_changes))
        .layer(middleware::from_fn_with_state(state.clone(), send_webhooks))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Every API answer (errors included) carries a fresh `x-request-id`, as a gateway's do, so a
/// clinic sees offline what its errors (`err.requestId`) and hooks will show.
async fn request_id(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if let Ok(id) = axum::http::HeaderValue::from_str(&crate::ids::uuid()) {
        response.headers_mut().insert("x-request-id", id);
    }
    response
}

async fn api_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such route")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed on this route",
    )
}

/// After each request, before its answer leaves, keeps what it changed (`--data`): an answer
/// is an acknowledgement. A save that fails turns the answer into a 500 naming the file.
/// A request that signed in to an unconfirmed clinic says first how it ended.
async fn save_changes(State(state): Shared, mut request: Request, next: Next) -> Response {
    let mut signed_in = SignedIn {
        state: Arc::clone(&state),
        merchant: Arc::default(),
        succeeded: false,
    };
    request
        .extensions_mut()
        .insert(Arc::clone(&signed_in.merchant));
    let response = next.run(request).await;
    signed_in.succeeded = response.status().is_success() || response.status().is_redirection();
    drop(signed_in);
    match state.save() {
        Ok(()) => response,
        Err(message) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message).into_response(),
    }
}

/// After each request, starts sending the webhooks it caused.
async fn send_webhooks(State(state): Shared, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    state.send_queued_webhooks();
    response
}

/// The merchant behind the request's `access-token`.
pub struct Caller {
    pub merchant: String,
}

/// Where `Caller` notes an unconfirmed clinic it signed in to (see `lifecycle/sign_in.rs`).
type SignInSlot = Arc<std::sync::Mutex<Option<String>>>;

/// Reports how the request ended to the unconfirmed clinic it signed in to, if any; also when
/// the request is dropped half-way (its client went away), as not succeeded.
struct SignedIn {
    state: Arc<AppState>,
    merchant: SignInSlot,
    succeeded: bool,
}

impl Drop for SignedIn {
    fn drop(&mut self) {
        let merchant = self
            .merchant
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(merchant) = merchant {
            self.state.store().request_ended(&merchant, self.succeeded);
        }
    }
}

impl FromRequestParts<Arc<AppState>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get("access-token") else {
            return Err(ApiError::unauthorized("missing access-token header"));
        };
        let key = value
            .to_str()
            .map_err(|_| ApiError::unauthorized("unknown API key"))?;
        if key.is_empty() {
            return Err(ApiError::unauthorized("empty access-token header"));
        }
        let signed_in = state.store().sign_in(key);
        match signed_in {
            Some((merchant, unconfirmed)) => {
                if unconfirmed {
                    let slot = parts.extensions.get::<SignInSlot>();
                    let noted = slot.map(|s| {
                        s.lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .replace(merchant.clone())
                    });
                    // No slot (cannot happen behind `save_changes`): the request counts as a success.
                    if noted.is_none() {
                        state.store().request_ended(&merchant, true);
                    }
                }
                Ok(Caller { merchant })
            }
            // The key itself is never echoed back.
            None => Err(ApiError::unauthorized("unknown API key")),
        }
    }
}

/// Path parameters. A segment that cannot be decoded (invalid UTF-8) names nothing that
/// exists: 404 in the JSON format rather than axum's plain-text rejection.
pub struct Id<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Id<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| Id(value))
            .map_err(|rejection| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    format!("not found: {}", rejection.body_text()),
                )
            })
    }
}
