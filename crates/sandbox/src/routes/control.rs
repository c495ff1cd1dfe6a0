//! `/sandbox/...`: routes that play the patient, the bank, the terminal and the calendar, and
//! read the webhook log, the outbox and the clinics. No access-token. The actions themselves
//! are in `crate::control` (shared with the dashboard and the `Sandbox` methods).

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::sync::Arc;

use super::{Id, JsonBody, Shared};
use crate::api_error::{ApiError, ApiResult};
use crate::control::{self, Action};
use crate::state::AppState;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/sandbox/health", get(health))
        .route("/sandbox/clock", get(clock))
        .route("/sandbox/webhooks", get(webhooks))
        .route("/sandbox/outbox", get(outbox))
        .route("/sandbox/clinics", get(clinics))
        .route("/sandbox/{*action}", post(act).fallback(other_method))
}

async fn health() -> Json<Value> {
    Json(json!({ "ok": true }))
}

async fn clock(State(state): Shared) -> Json<Value> {
    Json(control::clock(&state.store()))
}

async fn webhooks(State(state): Shared) -> Json<Value> {
    Json(control::webhooks(&state.store()))
}

async fn outbox(State(state): Shared) -> Json<Value> {
    Json(control::outbox(&state.store()))
}

async fn clinics(State(state): Shared) -> Json<Value> {
    Json(control::clinics(&state.store()))
}

async fn act(
    State(state): Shared,
    Id(path): Id<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let action = Action::parse(&path)
        .ok_or_else(|| ApiError::new(axum::http::StatusCode::NOT_FOUND, "no such route"))?;
    control::run(&state, &action, &body).map(Json)
}

/// Another method on a `/sandbox/...` path: 405 for an action (it wants POST), else 404.
async fn other_method(Id(path): Id<String>) -> ApiError {
    if Action::parse(&path).is_some() {
        ApiError::new(
            axum::http::StatusCode::METHOD_NOT_ALLOWED,
            "method not allowed on this route",
        )
    } else {
        ApiError::new(axum::http::StatusCode::NOT_FOUND, "no such route")
    }
}
