//! `/_assets/...`: the CSS (and later JS) of the sandbox's own pages, served as files so that
//! the pages need no inline `<style>` or `<script>` and a strict Content-Security-Policy holds.

use std::sync::Arc;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::Id;
use crate::state::AppState;

/// Name, content type, content.
const ASSETS: &[(&str, &str, &str)] = &[(
    "checkout.css",
    "text/css; charset=utf-8",
    include_str!("../../assets/checkout.css"),
)];

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/_assets/{name}", get(asset))
}

async fn asset(Id(name): Id<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, content_type, body)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            *body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}
