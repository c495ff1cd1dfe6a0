//! What every HTML page of the sandbox shares (checkout and dashboard): escaping, money, times,
//! the document shell with its TEST MODE banner, and the static assets it links to. Pages carry
//! no inline script or style, so a strict Content-Security-Policy (`'self'`) holds.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::clock::iso_ms;

pub const CSS_PATH: &str = "/_assets/sandbox.css";
pub const JS_PATH: &str = "/_assets/dashboard.js";
const CSS: &str = include_str!("../assets/sandbox.css");
const JS: &str = include_str!("../assets/dashboard.js");

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `£12.34` from pennies.
pub fn pounds(pennies: i64) -> String {
    let sign = if pennies < 0 { "-" } else { "" };
    let p = pennies.unsigned_abs();
    format!("{sign}£{}.{:02}", p / 100, p % 100)
}

/// `2026-11-25 09:00:00 UTC`.
pub fn time(ms: i64) -> String {
    let iso = iso_ms(ms);
    format!("{} {} UTC", &iso[..10], &iso[11..19])
}

/// The page shell. `body_class` styles it (`checkout` or `dashboard`); `refresh` turns on the
/// dashboard's live refresh script; `top` comes before `<main>` (the dashboard's header).
pub struct Shell<'a> {
    pub title: &'a str,
    pub body_class: &'a str,
    pub refresh: bool,
    pub top: &'a str,
}

impl Shell<'_> {
    pub fn render(&self, main: &str) -> String {
        let script = if self.refresh {
            format!("<script src=\"{JS_PATH}\" defer></script>")
        } else {
            String::new()
        };
        format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title}</title><link rel=\"stylesheet\" href=\"{CSS_PATH}\">{script}</head>\
<body class=\"{class}\" data-refresh=\"{refresh}\"><header><a class=\"skip\" href=\"#main\">Skip to content</a>\
<div class=\"test-banner\" role=\"note\"><strong>TEST MODE</strong> · Coherent sandbox: no real money moves</div>\
{top}</header><main id=\"main\">{main}</main></body></html>\n",
            title = escape(self.title),
            class = self.body_class,
            refresh = if self.refresh { "on" } else { "off" },
            top = self.top,
        )
    }
}

/// `GET /_assets/sandbox.css`.
pub async fn css() -> Response {
    asset("text/css; charset=utf-8", CSS)
}

/// `GET /_assets/dashboard.js`.
pub async fn js() -> Response {
    asset("text/javascript; charset=utf-8", JS)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}
