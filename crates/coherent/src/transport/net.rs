//! The connection layer under every client: TLS roots, proxies from the environment, the
//! same-origin redirect rule and the reqwest client built from them. Protocol settings (e.g.
//! HTTP/2) belong here.

use std::sync::{Arc, OnceLock};

use reqwest::header::HeaderMap;

use super::classify::describe;
use super::connect_gate::{Gate, GateLayer};
use super::response::ACCEPT_ENCODING;
use crate::config::{Config, CONNECT_TIMEOUT, IDLE_TIMEOUT};
use crate::error::{Error, Result};

/// Same-origin redirects followed at most.
const MAX_REDIRECTS: usize = 5;

/// The reqwest client every request of one `Transport` goes through. With `http2`, TLS
/// connections offer `h2` then `http/1.1` through ALPN (also inside a proxy's CONNECT tunnel;
/// reqwest offers none to the proxy itself) and the server picks; without it no ALPN is sent
/// and only HTTP/1.1 is spoken. Plain `http://` is always HTTP/1.1 (no h2c).
///
/// Connects go through the `gate` (see `connect_gate`), as the pool's client of `generation`;
/// idle connections are closed after [`IDLE_TIMEOUT`]; with `maxConnections` the pool keeps at
/// most that many idle. `proxies`: [`env_proxies`], read once per `Transport`, so a client the
/// pool makes later goes through the same proxy whatever the environment says by then.
pub(super) fn http_client(
    mut headers: HeaderMap,
    config: &Config,
    proxies: &[reqwest::Proxy],
    gate: &Arc<Gate>,
    generation: u64,
) -> Result<reqwest::Client> {
    headers.insert(
        reqwest::header::ACCEPT_ENCODING,
        reqwest::header::HeaderValue::from_static(ACCEPT_ENCODING),
    );
    let mut tls = tls_config()?;
    if config.http2() {
        tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    }
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .default_headers(headers)
        .connect_timeout(CONNECT_TIMEOUT)
        .redirect(same_origin_redirects())
        .connector_layer(GateLayer {
            gate: Arc::clone(gate),
            generation,
        })
        .pool_idle_timeout(IDLE_TIMEOUT)
        // reqwest's own reading of the environment would also proxy loopback hosts; ours
        // below does not.
        .no_proxy();
    if !config.http2() {
        builder = builder.http1_only();
    }
    if let Some(max) = config.max_connections() {
        builder = builder.pool_max_idle_per_host(max as usize);
    }
    // reqwest resends HTTP/2 refusals itself by default; the send loop does (`h2::declined`).
    builder = builder.retry(reqwest::retry::never());
    for proxy in proxies {
        builder = builder.proxy(proxy.clone());
    }
    builder.build().map_err(|e| Error::Connection {
        code: "ERR_CLIENT_INIT".into(),
        message: describe(&e),
        attempts: 0,
    })
}

/// `HTTPS_PROXY` / `HTTP_PROXY` (either case) for URLs of that scheme, minus `NO_PROXY`, the
/// conventions of Node apps. Loopback hosts are never proxied: a proxy's "localhost" is not
/// ours, and the token would travel to it in clear text. Like curl, `HTTP_PROXY` is ignored in
/// CGI programs (`REQUEST_METHOD` set), where a client can set it through a `Proxy:` header.
/// A proxy URL that does not parse is an error naming the variable, never silently skipped.
pub(super) fn env_proxies() -> Result<Vec<reqwest::Proxy>> {
    let var = |upper: &'static str, lower: &'static str| {
        [upper, lower].into_iter().find_map(|name| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .map(|v| (upper, v))
        })
    };
    let https = var("HTTPS_PROXY", "https_proxy");
    let http =
        var("HTTP_PROXY", "http_proxy").filter(|_| std::env::var_os("REQUEST_METHOD").is_none());
    let mut exempt = String::from("localhost,127.0.0.0/8,::1");
    if let Some((_, user)) = var("NO_PROXY", "no_proxy") {
        exempt.push(',');
        exempt.push_str(&user);
    }
    let mut proxies = Vec::new();
    for (entry, make) in [
        (
            https,
            reqwest::Proxy::https as fn(String) -> reqwest::Result<reqwest::Proxy>,
        ),
        (http, reqwest::Proxy::http),
    ] {
        let Some((name, url)) = entry else {
            continue;
        };
        let url = if url.contains("://") {
            url
        } else {
            format!("http://{url}")
        };
        let proxy = make(url).map_err(|e| {
            Error::validation(name, format!("{name} is not a valid proxy URL: {e}"))
        })?;
        proxies.push(proxy.no_proxy(reqwest::NoProxy::from_string(&exempt)));
    }
    Ok(proxies)
}

/// Follows redirects only within the same origin: the `access-token` header must never reach
/// another host (the official client forwards it anywhere).
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().map(|u| u.origin());
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if first.as_ref() == Some(&attempt.url().origin()) {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// The TLS settings every client shares: rustls with the `ring` provider, TLS 1.2 and 1.3 only
/// (rustls implements nothing older), certificates checked against the operating system's trust
/// store plus the bundled Mozilla roots plus the PEM file named by `NODE_EXTRA_CA_CERTS`, as Node
/// does. Built once per process (Node too reads `NODE_EXTRA_CA_CERTS` once, at start-up): loading
/// the trust store takes milliseconds and ~100 KB, too much to repeat per client.
fn tls_config() -> Result<rustls::ClientConfig> {
    static CONFIG: OnceLock<Result<rustls::ClientConfig, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let mut roots: Vec<_> = webpki_root_certs::TLS_SERVER_ROOT_CERTS.to_vec();
            roots.extend(extra_ca_certs());
            let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(
                roots,
                Arc::clone(&provider),
            )
            .map_err(|e| format!("cannot load the trust store: {e}"))?;
            rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map(|builder| {
                    builder
                        .dangerous() // "dangerous" only in name: a full verifier, the platform's own
                        .with_custom_certificate_verifier(Arc::new(verifier))
                        .with_no_client_auth()
                })
                .map_err(|e| format!("cannot configure TLS: {e}"))
        })
        .clone()
        .map_err(|message| Error::Connection {
            code: "ERR_TLS_INIT".into(),
            message,
            attempts: 0,
        })
}

/// The certificates of the PEM file named by `NODE_EXTRA_CA_CERTS`. Like Node, an unreadable file
/// or a malformed certificate is skipped rather than fatal (the bundled and system roots still
/// apply), and certificates that do not parse as trust anchors are left out.
fn extra_ca_certs() -> Vec<rustls::pki_types::CertificateDer<'static>> {
    use rustls::pki_types::pem::PemObject;
    let Some(path) = std::env::var_os("NODE_EXTRA_CA_CERTS").filter(|p| !p.is_empty()) else {
        return Vec::new();
    };
    let Ok(pem) = std::fs::read(path) else {
        return Vec::new();
    };
    rustls::pki_types::CertificateDer::pem_slice_iter(&pem)
        .filter_map(|cert| cert.ok())
        .filter(|cert| rustls::RootCertStore::empty().add(cert.clone()).is_ok())
        .collect()
}
