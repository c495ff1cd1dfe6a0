//! The request guard: keeps a web page the developer happens to visit from driving or reading
//! their local sandbox. One axum middleware in front of every route, which knows only the URL
//! layout (`/api/v1`, `/sandbox`, `/checkout`, `/dashboard`, `/_assets`), not the routes:
//! - the `Host` must name this sandbox (DNS rebinding sends the attacker's name);
//! - writes (any method but GET, HEAD, OPTIONS) from a browser must come from the sandbox's own
//!   pages (or the one `--cors-origin`), judged by `Origin`, else by `Sec-Fetch-Site`;
//! - control routes (`/sandbox/...`) take only `Content-Type: application/json`, which no page
//!   can send to another origin without a CORS preflight;
//! - no CORS header unless `--cors-origin` names the origin that asks;
//! - every answer carries a strict Content-Security-Policy, `nosniff` and `no-referrer`;
//! - with `--allow-remote`, the dashboard and control routes also ask for a start-up token.

mod host;
mod token;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api_error::ApiError;
use host::Hosts;
pub use token::RemoteToken;

/// A response extension a page handler adds when its form may end in a redirect to another
/// origin (the checkout's 303 to `successUrl` / `failureUrl`): Chromium checks `form-action`
/// on every redirect of a form submission, so those origins join `form-action`.
#[derive(Clone, Debug, Default)]
pub struct FormTargets(pub Vec<String>);

/// What the guard allows beyond its defaults; checked by [`Guard::new`].
#[derive(Clone, Debug, Default)]
pub struct GuardOptions {
    /// Extra names accepted in `Host` (any port), lower-cased.
    pub allowed_hosts: Vec<String>,
    /// The one other origin that may read answers and write (`scheme://host[:port]`).
    pub cors_origin: Option<String>,
    /// Listening beyond loopback: the dashboard and control routes then ask for a token.
    pub allow_remote: bool,
}

/// The guard of one sandbox, built once its listening address is known.
#[derive(Debug)]
pub struct Guard {
    hosts: Hosts,
    cors_origin: Option<String>,
    token: Option<RemoteToken>,
}

/// An option the guard cannot use: the option's name and why.
pub type OptionError = (&'static str, String);

/// Checks `allowedHosts` and `corsOrigin` before anything is bound; the names are normalised
/// (lower case; the origin as a browser serialises it).
pub fn check_options(options: &GuardOptions) -> Result<GuardOptions, OptionError> {
    let allowed_hosts = options
        .allowed_hosts
        .iter()
        .map(|name| host::check_name(name).map_err(|m| ("allowedHosts", m)))
        .collect::<Result<Vec<_>, _>>()?;
    let cors_origin = match &options.cors_origin {
        None => None,
        Some(origin) => Some(check_origin(origin).map_err(|m| ("corsOrigin", m))?),
    };
    Ok(GuardOptions {
        allowed_hosts,
        cors_origin,
        allow_remote: options.allow_remote,
    })
}

fn check_origin(origin: &str) -> Result<String, String> {
    let problem = || {
        format!("{origin:?} must be an origin such as \"http://localhost:5173\" (scheme, host and port only)")
    };
    let url = reqwest::Url::parse(origin).map_err(|_| problem())?;
    let bare = url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none()
        && !origin.trim_end_matches('/').ends_with('?');
    if !matches!(url.scheme(), "http" | "https") || !bare || url.host().is_none() {
        return Err(problem());
    }
    Ok(url.origin().ascii_serialization())
}

impl Guard {
    /// `options` as returned by [`check_options`]; `listening` is the bound address.
    pub fn new(options: GuardOptions, listening: SocketAddr) -> Guard {
        Guard {
            hosts: Hosts::new(listening, options.allowed_hosts),
            cors_origin: options.cors_origin,
            token: options.allow_remote.then(RemoteToken::random),
        }
    }

    /// The token remote mode asks for, if it is on.
    pub fn remote_token(&self) -> Option<&str> {
        self.token.as_ref().map(RemoteToken::as_str)
    }
}

/// The middleware: refuses what a foreign page could send, then dresses the answer.
pub async fn check(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    // RFC 9112 §3.2: a request with more than one Host is a 400, whichever of them is ours.
    if headers.get_all(header::HOST).iter().nth(1).is_some() {
        return refuse(
            StatusCode::BAD_REQUEST,
            "a request may carry only one Host header",
        );
    }
    if let Err(host) = guard.hosts.check(headers, request.uri()) {
        return refuse(StatusCode::FORBIDDEN, &format!(
            "Host {host:?} is not this sandbox's address; name it with --allowed-host (allowedHosts) to allow it"
        ));
    }
    let origin = header_str(headers, "origin").map(str::to_owned);
    let allowed_origin = origin
        .clone()
        .filter(|o| guard.cors_origin.as_ref() == Some(o));
    if request.method() == Method::OPTIONS && headers.contains_key("access-control-request-method")
    {
        return preflight(allowed_origin, headers);
    }
    if let Err(message) = guard.check_write(&request) {
        return refuse(StatusCode::FORBIDDEN, &message);
    }
    if let Err(message) = check_control_body(&request) {
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, message);
    }
    if let Some(token) = &guard.token {
        if token::guards(request.uri().path()) {
            match token.check(&request) {
                token::Verdict::Pass => {}
                token::Verdict::SetCookie { location, cookie } => {
                    let mut response = StatusCode::SEE_OTHER.into_response();
                    let out = response.headers_mut();
                    for (name, value) in
                        [(header::LOCATION, location), (header::SET_COOKIE, cookie)]
                    {
                        if let Ok(value) = HeaderValue::from_str(&value) {
                            out.insert(name, value);
                        }
                    }
                    dress(&mut response, None, false);
                    return response;
                }
                token::Verdict::Refuse(message) => {
                    let mut response = refuse(StatusCode::UNAUTHORIZED, message);
                    response.headers_mut().insert(
                        header::WWW_AUTHENTICATE,
                        HeaderValue::from_static("Bearer realm=\"coherent-sandbox\""),
                    );
                    return response;
                }
            }
        }
    }
    let mut response = next.run(request).await;
    dress(&mut response, allowed_origin, guard.cors_origin.is_some());
    response
}

impl Guard {
    /// A write must come from a page of this sandbox (or the CORS origin), or from no browser.
    fn check_write(&self, request: &Request) -> Result<(), String> {
        if !writes(request.method()) {
            return Ok(());
        }
        let headers = request.headers();
        let fetch_site = header_str(headers, "sec-fetch-site");
        // `none` is the user's own action (typed address, bookmark), never a page's.
        let same_origin_fetch = matches!(fetch_site, Some("same-origin" | "none"));
        match header_str(headers, "origin") {
            // Pages with `Referrer-Policy: no-referrer` (ours included) send `Origin: null` on
            // their own form posts; so do sandboxed frames and pages that set that policy to
            // hide. Only `Sec-Fetch-Site: same-origin` tells ours apart: a user's own action
            // (`none`) is a navigation, which carries no `Origin: null`.
            Some("null") if fetch_site == Some("same-origin") => Ok(()),
            Some(origin) if self.is_own_origin(origin, headers) => Ok(()),
            Some(origin) if self.cors_origin.as_deref() == Some(origin) => Ok(()),
            Some(origin) => Err(format!(
                "a page of {origin:?} may not change this sandbox (only its own pages, or the origin named with --cors-origin)"
            )),
            None if fetch_site.is_none() || same_origin_fetch => Ok(()),
            None => Err(format!(
                "a {} request may not change this sandbox (only its own pages)",
                fetch_site.unwrap_or_default()
            )),
        }
    }

    /// `Origin` is the sandbox as the browser reached it: the (already checked) `Host`, over
    /// http or, behind a TLS proxy, https.
    fn is_own_origin(&self, origin: &str, headers: &HeaderMap) -> bool {
        let Some(host) = header_str(headers, "host") else {
            return false;
        };
        let host = host.to_ascii_lowercase();
        let origin = origin.to_ascii_lowercase();
        origin.strip_prefix("http://") == Some(host.as_str())
            || origin.strip_prefix("https://") == Some(host.as_str())
    }
}

/// Whether a request may change something: anything but GET, HEAD and OPTIONS.
fn writes(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Control routes read JSON; a write with any other content type (or none) is refused, so
/// that no "simple" cross-origin request (text/plain, forms, an empty POST) can reach them.
fn check_control_body(request: &Request) -> Result<(), &'static str> {
    if !request.uri().path().starts_with("/sandbox/") || !writes(request.method()) {
        return Ok(());
    }
    let media_type = header_str(request.headers(), "content-type")
        .map(|value| value.split(';').next().unwrap_or("").trim());
    match media_type {
        Some(t) if t.eq_ignore_ascii_case("application/json") => Ok(()),
        _ => Err("control routes take Content-Type: application/json (an empty body is fine)"),
    }
}

/// Answers a CORS preflight: allowed only for the `--cors-origin`, and then for the methods
/// and headers our routes use.
fn preflight(allowed_origin: Option<String>, headers: &HeaderMap) -> Response {
    let Some(origin) = allowed_origin else {
        return refuse(
            StatusCode::FORBIDDEN,
            "cross-origin requests are not allowed (name an origin with --cors-origin)",
        );
    };
    let mut response = StatusCode::NO_CONTENT.into_response();
    let out = response.headers_mut();
    if let Ok(origin) = HeaderValue::from_str(&origin) {
        out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    set_all(
        out,
        &[
            (
                "access-control-allow-methods",
                "GET, HEAD, POST, PUT, DELETE",
            ),
            (
                "access-control-allow-headers",
                "content-type, access-token, authorization",
            ),
            ("access-control-max-age", "600"),
        ],
    );
    // Chromium asks before a public page reaches a private address; the developer named it.
    if header_str(headers, "access-control-request-private-network") == Some("true") {
        out.insert(
            "access-control-allow-private-network",
            HeaderValue::from_static("true"),
        );
    }
    out.insert(header::VARY, HeaderValue::from_static("Origin"));
    dress(&mut response, None, false);
    response
}

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; font-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-resource-policy", "same-origin"),
];

fn set_all(headers: &mut HeaderMap, values: &[(&'static str, &'static str)]) {
    for (name, value) in values {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
}

/// Headers every answer carries, and the CORS ones for the allowed origin.
fn dress(response: &mut Response, cors_origin: Option<String>, varies_by_origin: bool) {
    let targets = response.extensions_mut().remove::<FormTargets>();
    let mut csp = CSP.to_string();
    for origin in targets.iter().flat_map(|t| &t.0).filter_map(|url| {
        let url = reqwest::Url::parse(url).ok()?;
        matches!(url.scheme(), "http" | "https").then(|| url.origin().ascii_serialization())
    }) {
        if !csp.contains(&format!(" {origin}")) {
            csp.push(' ');
            csp.push_str(&origin);
        }
    }
    let headers = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    set_all(headers, SECURITY_HEADERS);
    if varies_by_origin {
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    if let Some(origin) = cors_origin.and_then(|o| HeaderValue::from_str(&o).ok()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
}

fn refuse(status: StatusCode, message: &str) -> Response {
    let mut response = ApiError::new(status, message).into_response();
    dress(&mut response, None, false);
    response
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}
