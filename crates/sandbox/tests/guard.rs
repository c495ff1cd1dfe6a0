//! The request guard, from curl-like requests written byte for byte on a TCP socket (so every
//! header, `Host` included, is exactly what an attacker's browser or script would send): a
//! foreign `Host` (DNS rebinding), cross-site writes, non-JSON control bodies, CORS, security
//! headers, and remote mode's token. Each refused attack is checked to have changed nothing.

mod common;

use std::collections::HashMap;

use coherent_sandbox::{Sandbox, SandboxError, SandboxOptions};
use common::{key, start, start_with, Api};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Extra headers, route, content type, body, the status expected.
type Attack<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str, &'a str, u16);

struct Answer {
    status: u16,
    headers: HashMap<String, String>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// Sends one HTTP/1.1 request with exactly these headers (a `host` among them, or none).
async fn send(api: &Api, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut stream = TcpStream::connect(api.sandbox.local_addr())
        .await
        .expect("connects");
    let mut text = format!("{method} {path} HTTP/1.1\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    ));
    stream.write_all(text.as_bytes()).await.expect("writes");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("reads");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a full answer");
    let mut lines = head.lines();
    let status = lines
        .next()
        .expect("status line")
        .split(' ')
        .nth(1)
        .expect("code")
        .parse()
        .expect("number");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: body.to_string(),
    }
}

async fn get(api: &Api, path: &str, headers: &[(&str, &str)]) -> Answer {
    send(api, "GET", path, headers, "").await
}

fn own_host(api: &Api) -> String {
    api.url.trim_start_matches("http://").to_string()
}

/// What the attacks could have changed: the clock, a transaction's status, the webhook log.
async fn snapshot(api: &Api, uuid: &str) -> Value {
    json!({
        "today": api.today().await,
        "status": api.transaction(&key(1), uuid).await["status"],
        "webhooks": api.control("GET", "/sandbox/webhooks", None).await.1,
    })
}

#[tokio::test]
async fn a_foreign_host_is_refused_and_changes_nothing() {
    let api = start().await;
    let tx = api.create_transaction(&key(1), 500).await;
    let uuid = tx["uuid"].as_str().unwrap();
    let before = snapshot(&api, uuid).await;
    let port = api.sandbox.local_addr().port();
    let evil = format!("evil.example:{port}");
    let json = ("content-type", "application/json");
    // What a DNS-rebinding page sends once its name points at 127.0.0.1: its own name, port kept.
    for (method, path, body) in [
        ("GET", "/sandbox/webhooks".to_string(), ""),
        ("GET", format!("/checkout/transaction/{uuid}"), ""),
        ("POST", "/sandbox/reset".to_string(), ""),
        (
            "POST",
            "/sandbox/clock/advance".to_string(),
            r#"{"days":30}"#,
        ),
        ("POST", format!("/sandbox/transactions/{uuid}/pay"), "{}"),
    ] {
        let answer = send(&api, method, &path, &[("host", &evil), json], body).await;
        assert_eq!(answer.status, 403, "{method} {path}: {}", answer.body);
        assert!(answer.body.contains("evil.example"), "{}", answer.body);
        assert!(answer.header("access-control-allow-origin").is_none());
    }
    let token = key(1);
    let with_key = [("host", evil.as_str()), ("access-token", token.as_str())];
    let answer = get(&api, &format!("/api/v1/transaction/{uuid}"), &with_key).await;
    assert_eq!(answer.status, 403, "the API too: {}", answer.body);
    for refused in [
        format!("localhost:{}", port + 1),
        "localhost".into(),
        format!("sub.localhost:{port}"),
        format!("10.9.8.7:{port}"),
    ] {
        let answer = get(&api, "/sandbox/clock", &[("host", &refused)]).await;
        assert_eq!(answer.status, 403, "Host {refused}");
    }
    // No Host at all (HTTP/1.1 requires one) is refused too, by the server or the guard.
    assert!(get(&api, "/sandbox/clock", &[]).await.status >= 400);
    assert_eq!(snapshot(&api, uuid).await, before, "nothing changed");
    for ok in [
        own_host(&api),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let answer = get(&api, "/sandbox/clock", &[("host", &ok)]).await;
        assert_eq!(answer.status, 200, "Host {ok}: {}", answer.body);
    }
}

#[tokio::test]
async fn allowed_hosts_add_names() {
    let api = start_with(SandboxOptions {
        port: 0,
        allowed_hosts: vec!["Sandbox.Test".into()],
        ..Default::default()
    })
    .await;
    for (host, status) in [
        ("sandbox.test:8443", 200),
        ("sandbox.test", 200),
        ("other.test:80", 403),
    ] {
        let answer = get(&api, "/sandbox/clock", &[("host", host)]).await;
        assert_eq!(answer.status, status, "Host {host}");
    }
    // Behind a TLS proxy the browser's Origin is https://NAME: its writes are its own.
    let answer = send(
        &api,
        "POST",
        "/sandbox/reset",
        &[
            ("host", "sandbox.test"),
            ("origin", "https://sandbox.test"),
            ("content-type", "application/json"),
        ],
        "",
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[tokio::test]
async fn cross_site_writes_are_refused_and_change_nothing() {
    let api = start().await;
    let tx = api.create_transaction(&key(1), 700).await;
    let uuid = tx["uuid"].as_str().unwrap();
    let before = snapshot(&api, uuid).await;
    let host = own_host(&api);
    let port = api.sandbox.local_addr().port();
    let other_port = format!("http://127.0.0.1:{}", port + 1);
    let card = "card_number=4242424242424242&expiry=12%2F34&cvc=123";
    let checkout = format!("/checkout/transaction/{uuid}");
    let pay = format!("/sandbox/transactions/{uuid}/pay");
    // (what a page can send, route, content type, body, status expected)
    let cases: Vec<Attack> = vec![
        // The issue's attack: a "simple" request, no preflight needed.
        (
            vec![("origin", "http://evil.example")],
            "/sandbox/reset",
            "text/plain",
            "",
            403,
        ),
        (
            vec![("origin", "http://evil.example")],
            "/sandbox/clock/advance",
            "text/plain",
            r#"{"days":30}"#,
            403,
        ),
        (
            vec![("origin", "http://evil.example")],
            &pay,
            "application/json",
            "{}",
            403,
        ),
        (
            vec![("origin", "http://evil.example")],
            "/sandbox/clock/advance",
            "application/x-www-form-urlencoded",
            "days=30",
            403,
        ),
        // Another port on the same machine is another origin (but the "same site").
        (
            vec![("origin", &other_port)],
            "/sandbox/reset",
            "application/json",
            "",
            403,
        ),
        (
            vec![("origin", &other_port), ("sec-fetch-site", "same-site")],
            &pay,
            "application/json",
            "{}",
            403,
        ),
        // No Origin, but the browser says where the request comes from.
        (
            vec![("sec-fetch-site", "cross-site")],
            "/sandbox/reset",
            "application/json",
            "",
            403,
        ),
        (
            vec![("sec-fetch-site", "same-site")],
            "/sandbox/reset",
            "application/json",
            "",
            403,
        ),
        // `Origin: null` (sandboxed frame, data: URL, a page hiding its referrer) without proof.
        (
            vec![("origin", "null")],
            "/sandbox/reset",
            "application/json",
            "",
            403,
        ),
        (
            vec![("origin", "null"), ("sec-fetch-site", "cross-site")],
            "/sandbox/reset",
            "application/json",
            "",
            403,
        ),
        // The checkout form posted from someone else's page.
        (
            vec![("origin", "http://evil.example")],
            &checkout,
            "application/x-www-form-urlencoded",
            card,
            403,
        ),
        (
            vec![("origin", "null"), ("sec-fetch-site", "cross-site")],
            &checkout,
            "application/x-www-form-urlencoded",
            card,
            403,
        ),
        // Control routes take JSON only, even from no browser at all: curl's defaults are refused.
        (vec![], "/sandbox/reset", "text/plain", "", 415),
        (
            vec![],
            "/sandbox/clock/advance",
            "application/x-www-form-urlencoded",
            "days=30",
            415,
        ),
        (vec![], &pay, "", "", 415),
    ];
    for (extra, path, content_type, body, status) in &cases {
        let mut headers = vec![("host", host.as_str())];
        headers.extend(extra.iter().copied());
        if !content_type.is_empty() {
            headers.push(("content-type", content_type));
        }
        let answer = send(&api, "POST", path, &headers, body).await;
        assert_eq!(
            answer.status, *status,
            "POST {path} {extra:?} {content_type}: {}",
            answer.body
        );
        assert!(answer.header("access-control-allow-origin").is_none());
    }
    // A write to the API from a page of another origin too (the access-token would already
    // need a preflight; this holds without it).
    let token = key(1);
    let refund = format!("/api/v1/transaction/{uuid}/refund");
    let answer = send(
        &api,
        "POST",
        &refund,
        &[
            ("host", &host),
            ("origin", "http://evil.example"),
            ("access-token", &token),
            ("content-type", "text/plain"),
        ],
        r#"{"amount":1}"#,
    )
    .await;
    assert_eq!(answer.status, 403);
    assert_eq!(snapshot(&api, uuid).await, before, "nothing changed");

    // The sandbox's own pages, scripts and server-side callers still work.
    let json = ("content-type", "application/json; charset=utf-8");
    let own = format!("http://{host}");
    let answer = send(
        &api,
        "POST",
        "/sandbox/clock/advance",
        &[("host", &host), ("origin", &own), json],
        r#"{"days":1}"#,
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let answer = send(
        &api,
        "POST",
        "/sandbox/clock/advance",
        &[
            ("host", &host),
            ("origin", "null"),
            ("sec-fetch-site", "same-origin"),
            json,
        ],
        r#"{"days":1}"#,
    )
    .await;
    assert_eq!(
        answer.status, 200,
        "own page under no-referrer: {}",
        answer.body
    );
    let answer = send(
        &api,
        "POST",
        &checkout,
        &[
            ("host", &host),
            ("origin", "null"),
            ("sec-fetch-site", "same-origin"),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        card,
    )
    .await;
    assert_eq!(
        answer.status, 303,
        "the checkout from its own page: {}",
        answer.body
    );
    assert_eq!(api.transaction(&key(1), uuid).await["status"], "paid");
    let tx2 = api.create_transaction(&key(1), 800).await;
    let answer = send(
        &api,
        "POST",
        &format!(
            "/sandbox/transactions/{}/pay",
            tx2["uuid"].as_str().unwrap()
        ),
        &[("host", &host), ("content-type", "application/json")],
        "",
    )
    .await;
    assert_eq!(
        answer.status, 200,
        "no Origin, JSON, empty body: {}",
        answer.body
    );
}

#[tokio::test]
async fn no_cors_unless_an_origin_is_named() {
    let api = start().await;
    let host = own_host(&api);
    let evil = [("host", host.as_str()), ("origin", "http://evil.example")];
    let answer = get(&api, "/sandbox/webhooks", &evil).await;
    assert_eq!(answer.status, 200);
    assert!(
        answer.header("access-control-allow-origin").is_none(),
        "{:?}",
        answer.headers
    );
    let preflight = [
        ("host", host.as_str()),
        ("origin", "http://evil.example"),
        ("access-control-request-method", "POST"),
        ("access-control-request-headers", "content-type"),
    ];
    let answer = send(&api, "OPTIONS", "/sandbox/reset", &preflight, "").await;
    assert_eq!(answer.status, 403);
    assert!(answer.header("access-control-allow-origin").is_none());

    let front = "http://localhost:5173";
    let api = start_with(SandboxOptions {
        port: 0,
        cors_origin: Some(format!("{front}/")),
        ..Default::default()
    })
    .await;
    let host = own_host(&api);
    let preflight = [
        ("host", host.as_str()),
        ("origin", front),
        ("access-control-request-method", "POST"),
        ("access-control-request-headers", "content-type"),
    ];
    let answer = send(&api, "OPTIONS", "/sandbox/clock/advance", &preflight, "").await;
    assert_eq!(answer.status, 204);
    assert_eq!(answer.header("access-control-allow-origin"), Some(front));
    assert!(answer
        .header("access-control-allow-headers")
        .unwrap()
        .contains("content-type"));
    let answer = send(
        &api,
        "POST",
        "/sandbox/clock/advance",
        &[
            ("host", &host),
            ("origin", front),
            ("content-type", "application/json"),
        ],
        r#"{"days":2}"#,
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.header("access-control-allow-origin"), Some(front));
    assert_eq!(answer.header("vary"), Some("Origin"));
    // Still nobody else.
    let answer = get(
        &api,
        "/sandbox/clock",
        &[("host", &host), ("origin", "http://localhost:5174")],
    )
    .await;
    assert!(answer.header("access-control-allow-origin").is_none());
    let answer = send(
        &api,
        "OPTIONS",
        "/sandbox/reset",
        &[
            ("host", &host),
            ("origin", "http://localhost:5174"),
            ("access-control-request-method", "POST"),
        ],
        "",
    )
    .await;
    assert_eq!(answer.status, 403);
}

#[tokio::test]
async fn pages_carry_a_strict_policy_and_no_inline_code() {
    let api = start().await;
    let tx = api
        .post("/api/v1/transaction", &key(1), json!({ "amount": 900, "name": "Jo", "successUrl": "http://clinic.test:4000/paid?x=1", "failureUrl": "https://pay.clinic.test/failed" }))
        .await;
    let uuid = tx["uuid"].as_str().unwrap();
    let host = own_host(&api);
    let page = get(
        &api,
        &format!("/checkout/transaction/{uuid}"),
        &[("host", &host)],
    )
    .await;
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").expect("a CSP");
    for part in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    assert!(
        csp.ends_with("form-action 'self' http://clinic.test:4000 https://pay.clinic.test"),
        "the redirect targets may be reached: {csp}"
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    let lower = page.body.to_lowercase();
    for inline in ["<script", "<style", "style="] {
        assert!(!lower.contains(inline), "no {inline} in the page");
    }
    let handler = lower
        .split(|c: char| c.is_whitespace() || c == '<')
        .find(|w| w.starts_with("on") && w.contains('='));
    assert_eq!(handler, None, "no inline event handler");
    let css = get(&api, "/_assets/sandbox.css", &[("host", &host)]).await;
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    // Every other answer too: the result page, a 404 page, JSON, a refusal.
    for path in [
        format!("/checkout/transaction/{uuid}/result?outcome=success"),
        "/checkout/transaction/nope".into(),
        "/sandbox/clock".into(),
        "/nowhere".into(),
    ] {
        let answer = get(&api, &path, &[("host", &host)]).await;
        let csp = answer.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.ends_with("frame-ancestors 'none'; form-action 'self'"),
            "{path}: {csp}"
        );
        assert_eq!(
            answer.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn listening_beyond_loopback_needs_allow_remote() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let refused = Sandbox::start(SandboxOptions {
        host: "0.0.0.0".into(),
        port: 0,
        ..Default::default()
    })
    .await;
    match refused {
        Err(SandboxError::InvalidOption {
            field: "host",
            message,
        }) => assert!(message.contains("allowRemote"), "{message}"),
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("0.0.0.0 must be refused without allow_remote"),
    }
    let cors = |origin: &str| SandboxOptions {
        cors_origin: Some(origin.into()),
        ..Default::default()
    };
    let hosts = |name: &str| SandboxOptions {
        allowed_hosts: vec![name.into()],
        ..Default::default()
    };
    for (options, field) in [
        (cors("localhost:5173"), "corsOrigin"),
        (cors("http://localhost:5173/app"), "corsOrigin"),
        (cors("ftp://localhost"), "corsOrigin"),
        (hosts("http://sandbox.test"), "allowedHosts"),
        (hosts("sandbox.test:80"), "allowedHosts"),
        (hosts(""), "allowedHosts"),
    ] {
        // Port 3000 stays free: options are checked before anything is bound.
        match Sandbox::start(SandboxOptions { port: 0, ..options }).await {
            Err(SandboxError::InvalidOption { field: f, .. }) => assert_eq!(f, field),
            Err(other) => panic!("{field}: wrong error {other}"),
            Ok(_) => panic!("{field}: accepted"),
        }
    }
    let local = start().await;
    assert_eq!(local.sandbox.remote_token(), None);
}

#[tokio::test]
async fn remote_mode_asks_for_the_start_up_token() {
    let api = start_with(SandboxOptions {
        host: "0.0.0.0".into(),
        port: 0,
        allow_remote: true,
        ..Default::default()
    })
    .await;
    let token = api.sandbox.remote_token().expect("a token");
    let port = api.sandbox.local_addr().port();
    let host = format!("127.0.0.1:{port}");
    let bearer = format!("Bearer {token}");
    let tx = api
        .post(
            "/api/v1/transaction",
            &key(1),
            json!({ "amount": 100, "name": "Jo" }),
        )
        .await;
    let uuid = tx["uuid"].as_str().unwrap();
    let json = ("content-type", "application/json");
    let answer = send(&api, "POST", "/sandbox/reset", &[("host", &host), json], "").await;
    assert_eq!(answer.status, 401);
    assert!(answer
        .header("www-authenticate")
        .unwrap()
        .starts_with("Bearer"));
    let wrong = format!("Bearer {}", "0".repeat(32));
    assert_eq!(
        get(
            &api,
            "/sandbox/webhooks",
            &[("host", &host), ("authorization", &wrong)]
        )
        .await
        .status,
        401
    );
    assert_eq!(
        get(&api, "/", &[("host", &host)]).await.status,
        401,
        "the dashboard"
    );
    assert_eq!(
        get(&api, "/dashboard/clock", &[("host", &host)])
            .await
            .status,
        401
    );
    assert_eq!(
        api.transaction(&key(1), uuid).await["status"],
        "unpaid",
        "the reset did not run"
    );
    // With the token: scripts use the header, browsers the cookie set by ?token=.
    let answer = get(
        &api,
        "/sandbox/webhooks",
        &[("host", &host), ("authorization", &bearer)],
    )
    .await;
    assert_eq!(answer.status, 200);
    let answer = get(
        &api,
        &format!("/dashboard/clock?x=1&token={token}"),
        &[("host", &host)],
    )
    .await;
    assert_eq!(answer.status, 303);
    assert_eq!(answer.header("location"), Some("/dashboard/clock?x=1"));
    let cookie = answer.header("set-cookie").expect("a cookie").to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap();
    let answer = get(&api, "/sandbox/clock", &[("host", &host), ("cookie", pair)]).await;
    assert_eq!(answer.status, 200);
    // The API (its own keys), the checkout pages (a phone on the LAN) and health need no token;
    // any IP literal names a sandbox listening on every interface, names still need allowing.
    let key1 = key(1);
    assert_eq!(
        get(
            &api,
            &format!("/api/v1/transaction/{uuid}"),
            &[("host", "192.168.77.5:1"), ("access-token", &key1)]
        )
        .await
        .status,
        403
    );
    let lan = format!("192.168.77.5:{port}");
    assert_eq!(
        get(
            &api,
            &format!("/api/v1/transaction/{uuid}"),
            &[("host", &lan), ("access-token", &key1)]
        )
        .await
        .status,
        200
    );
    assert_eq!(
        get(
            &api,
            &format!("/checkout/transaction/{uuid}"),
            &[("host", &lan)]
        )
        .await
        .status,
        200
    );
    assert_eq!(
        get(&api, "/sandbox/health", &[("host", &lan)]).await.status,
        200
    );
    assert_eq!(
        get(
            &api,
            "/sandbox/health",
            &[("host", &format!("box.lan:{port}"))]
        )
        .await
        .status,
        403
    );
    // The token does not open the door to cross-site writes.
    let answer = send(
        &api,
        "POST",
        "/sandbox/reset",
        &[
            ("host", &host),
            ("authorization", &bearer),
            ("origin", "http://evil.example"),
            json,
        ],
        "",
    )
    .await;
    assert_eq!(answer.status, 403);
    let answer = send(
        &api,
        "POST",
        "/sandbox/reset",
        &[("host", &host), ("authorization", &bearer), json],
        "",
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}
