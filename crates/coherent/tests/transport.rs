//! Transport policy against real loopback servers: headers, bodies, errors, redirects, timeouts
//! and the response size limit.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use coherent::resources::{terminals, transactions};
use coherent::{Error, JsonBody};
use common::{client, reply, serve};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

#[tokio::test]
async fn sends_the_official_headers_and_exact_body() {
    let server = serve(|_| {
        reply(
            "200 OK",
            "content-type: application/json\r\n",
            r#"{"uuid":"t1"}"#,
        )
    })
    .await;
    let c = client(&server.url, Duration::from_secs(5));
    let text = r#"{"amount":1000,"name":"Zoë 🦷"}"#;
    let req = transactions::create(JsonBody::parse("request", text.into()).unwrap()).unwrap();
    let response = c.send(&req).await.unwrap();
    assert_eq!(response.body, r#"{"uuid":"t1"}"#);
    let seen = server.seen.lock().unwrap()[0].clone();
    assert!(
        seen.starts_with("POST /api/v1/transaction HTTP/1.1\r\n"),
        "{seen}"
    );
    let lower = seen.to_ascii_lowercase();
    assert!(lower.contains("\r\naccess-token: api-test-0123456789abcdef0123456789abcdef\r\n"));
    assert!(lower.contains("\r\ncontent-type: application/json\r\n"));
    assert!(lower.contains("\r\naccept: application/json, text/plain, */*\r\n"));
    assert!(seen.ends_with(&format!("\r\n\r\n{text}")));
}

#[tokio::test]
async fn clear_transaction_sends_four_bytes_of_null() {
    let server = serve(|_| reply("204 No Content", "", "")).await;
    let c = client(&server.url, Duration::from_secs(5));
    c.terminals()
        .clear_transaction("S1F2-000158")
        .await
        .unwrap();
    let seen = server.seen.lock().unwrap()[0].clone();
    assert!(seen.starts_with("PUT /api/v1/terminal/S1F2-000158/transaction HTTP/1.1"));
    assert!(seen.to_ascii_lowercase().contains("content-length: 4\r\n"));
    assert!(seen.ends_with("\r\n\r\nnull"));
}

#[tokio::test]
async fn non_2xx_is_an_api_error_with_status_headers_and_body() {
    let server = serve(|_| {
        reply(
            "404 Not Found",
            "x-request-id: r-1\r\n",
            r#"{"message":"no such transaction"}"#,
        )
    })
    .await;
    let err = client(&server.url, Duration::from_secs(5))
        .transactions()
        .get("missing")
        .await
        .unwrap_err();
    match err {
        Error::Api {
            status,
            headers,
            body,
            ..
        } => {
            assert_eq!(status, 404);
            assert!(headers.contains(&("x-request-id".to_string(), "r-1".to_string())));
            assert_eq!(body, r#"{"message":"no such transaction"}"#);
        }
        other => panic!("expected Api error, got {other:?}"),
    }
}

#[tokio::test]
async fn shaped_methods_refuse_non_json_but_raw_methods_pass_text() {
    let server = serve(|_| reply("200 OK", "", "<html>gateway</html>")).await;
    let c = client(&server.url, Duration::from_secs(5));
    assert!(matches!(
        c.transactions().get("t1").await,
        Err(Error::InvalidResponse { status: 200, .. })
    ));
    let raw = c.terminals().list().await.unwrap();
    assert_eq!(
        raw,
        Some(serde_json::Value::String("<html>gateway</html>".into()))
    );
}

#[tokio::test]
async fn cross_origin_redirects_are_not_followed() {
    let other = serve(|_| reply("200 OK", "", "[]")).await;
    let location = format!(
        "{}/api/v1/terminal",
        other.url.replace("127.0.0.1", "localhost")
    );
    let server = serve(move |_| reply("302 Found", &format!("location: {location}\r\n"), "")).await;
    let err = client(&server.url, Duration::from_secs(5))
        .terminals()
        .list()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(302));
    assert!(
        other.seen.lock().unwrap().is_empty(),
        "the token must not reach another origin"
    );
}

#[tokio::test]
async fn same_origin_redirects_are_followed() {
    let server = serve(|head| {
        if head.starts_with("GET /api/v1/terminal ") {
            reply(
                "301 Moved Permanently",
                "location: /api/v1/terminal/\r\n",
                "",
            )
        } else {
            reply("200 OK", "", r#"[{"id":"S1"}]"#)
        }
    })
    .await;
    let list = client(&server.url, Duration::from_secs(5))
        .terminals()
        .list()
        .await
        .unwrap();
    assert_eq!(list, Some(serde_json::json!([{"id": "S1"}])));
    let seen = server.seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert!(seen[1].to_ascii_lowercase().contains("access-token:"));
}

#[tokio::test]
async fn a_silent_server_times_out_within_the_limit() {
    let server = serve(|_| None).await;
    let started = Instant::now();
    let err = client(&server.url, Duration::from_millis(300))
        .transactions()
        .get("t1")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { limit, .. } if limit == Duration::from_millis(300)),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "timeout of 300ms exceeded");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn refused_connections_say_econnrefused() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    match client(&url, Duration::from_secs(5))
        .terminals()
        .list()
        .await
        .unwrap_err()
    {
        Error::Connection { code, .. } => assert_eq!(code, "ECONNREFUSED"),
        other => panic!("expected a connection error, got {other:?}"),
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let big = "x".repeat(coherent::transport::MAX_RESPONSE_BYTES + 1);
    let server = serve(move |_| reply("200 OK", "", &big)).await;
    let err = client(&server.url, Duration::from_secs(10))
        .terminals()
        .list()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidResponse { ref message, .. } if message.contains("exceeds")),
        "{err:?}"
    );
}

#[tokio::test]
async fn validation_happens_before_any_io() {
    let server = serve(|_| reply("200 OK", "", "{}")).await;
    let c = client(&server.url, Duration::from_secs(5));
    let err = c.transactions().refund("t1", 0, None).await.unwrap_err();
    assert!(matches!(err, Error::Validation { ref field, .. } if field == "amount"));
    let err = c.transactions().get("..").await.unwrap_err();
    assert!(matches!(err, Error::Validation { ref field, .. } if field == "uuid"));
    assert!(server.seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn debug_output_never_shows_the_token() {
    let c = client("http://127.0.0.1:9", Duration::from_secs(1));
    assert!(!format!("{c:?}").contains("0123456789abcdef"));
}

#[tokio::test]
async fn terminal_ids_cannot_escape_their_segment() {
    let server = serve(|_| reply("200 OK", "", "")).await;
    let c = client(&server.url, Duration::from_secs(5));
    let body = JsonBody::parse("request", r#"{"name":"T"}"#.into()).unwrap();
    c.send(&terminals::rename("../merchant?x=1#f", body).unwrap())
        .await
        .unwrap();
    let seen = server.seen.lock().unwrap()[0].clone();
    assert!(
        seen.starts_with("PUT /api/v1/terminal/..%2Fmerchant%3Fx%3D1%23f HTTP/1.1"),
        "{seen}"
    );
}

#[tokio::test]
async fn untrusted_certificates_are_refused() {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let key =
        tokio_rustls::rustls::pki_types::PrivateKeyDer::try_from(cert.signing_key.serialize_der())
            .unwrap();
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(Arc::new(
        tokio_rustls::rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert.cert.der().clone()], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handshakes = Arc::new(Mutex::new(0));
    let count = Arc::clone(&handshakes);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            if let Ok(mut tls) = acceptor.accept(socket).await {
                *count.lock().unwrap() += 1;
                let _ = tls
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n[]")
                    .await;
            }
        }
    });
    let c = client(&format!("https://localhost:{port}"), Duration::from_secs(5));
    match c.terminals().list().await.unwrap_err() {
        Error::Connection {
            code,
            message,
            attempts,
        } => {
            assert_eq!(code, "ERR_TLS_CERT", "{message}");
            assert_eq!(attempts, 1, "a rejected certificate is not retried");
            assert!(message.contains("certificate"), "{message}");
        }
        other => panic!("expected a TLS failure, got {other:?}"),
    }
    assert_eq!(
        *handshakes.lock().unwrap(),
        0,
        "no request may complete over an untrusted connection"
    );
}
