//! Network conventions of Node apps: `HTTPS_PROXY` / `NO_PROXY` and `NODE_EXTRA_CA_CERTS`.
//!
//! Environment variables are process-wide (and the TLS trust store is built once per process), so
//! this file is its own test binary with a single test that sets them in order.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use coherent::{Client, Config, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

mod common;
use common::{reply, response, serve};

const TOKEN: &str = "api-test-0123456789abcdef0123456789abcdef";

fn client(base_url: &str) -> Client {
    Client::new(
        Config::builder()
            .base_url(base_url)
            .token(TOKEN)
            .timeout(Duration::from_secs(5))
            .max_network_retries(0)
            .build()
            .unwrap(),
    )
    .unwrap()
}

/// A private CA and a certificate it issued for `gateway.test`; returns (CA PEM, server config).
fn private_ca() -> (String, tokio_rustls::rustls::ServerConfig) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Clinic Test CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["gateway.test".to_string()])
        .unwrap()
        .signed_by(&leaf_key, &issuer)
        .unwrap();
    let key =
        tokio_rustls::rustls::pki_types::PrivateKeyDer::try_from(leaf_key.serialize_der()).unwrap();
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(Arc::new(
        tokio_rustls::rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![leaf.der().clone()], key)
    .unwrap();
    (pem("CERTIFICATE", ca_cert.der()), config)
}

fn pem(label: &str, der: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut b64 = String::new();
    for chunk in der.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                b64.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                b64.push('=');
            }
        }
    }
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|l| std::str::from_utf8(l).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// An HTTPS server for `gateway.test`; records the request heads it decrypted.
async fn https_gateway(
    config: tokio_rustls::rustls::ServerConfig,
) -> (u16, Arc<Mutex<Vec<String>>>) {
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let log = Arc::clone(&log);
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let mut buf = vec![0u8; 8192];
                let n = tls.read(&mut buf).await.unwrap_or(0);
                log.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&buf[..n]).into_owned());
                let answer = response(
                    "200 OK",
                    "content-type: application/json\r\n",
                    r#"[{"id":"S1"}]"#,
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, seen)
}

/// A CONNECT proxy that sends every tunnel to 127.0.0.1:`target`; records what it was asked
/// and every byte it relayed from the client.
async fn connect_proxy(target: u16) -> (u16, Arc<Mutex<Vec<String>>>, Arc<Mutex<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let relayed = Arc::new(Mutex::new(Vec::new()));
    let (a, r) = (Arc::clone(&asked), Arc::clone(&relayed));
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let (a, r) = (Arc::clone(&a), Arc::clone(&r));
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if client.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                a.lock()
                    .unwrap()
                    .push(head.lines().next().unwrap_or("").to_string());
                let mut upstream = tokio::net::TcpStream::connect(("127.0.0.1", target))
                    .await
                    .unwrap();
                let _ = client
                    .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                    .await;
                let (mut cr, mut cw) = client.split();
                let (mut ur, mut uw) = upstream.split();
                let up = async {
                    let mut buf = [0u8; 4096];
                    loop {
                        let n = cr.read(&mut buf).await.unwrap_or(0);
                        if n == 0 || uw.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                        r.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                };
                let down = tokio::io::copy(&mut ur, &mut cw);
                let _ = tokio::join!(up, down);
            });
        }
    });
    (port, asked, relayed)
}

#[tokio::test]
async fn https_proxy_no_proxy_and_node_extra_ca_certs() {
    let (ca_pem, server_config) = private_ca();
    let dir = std::env::temp_dir().join(format!("coherent-proxy-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca_file = dir.join("clinic-ca.pem");
    std::fs::write(&ca_file, &ca_pem).unwrap();

    let (gateway_port, gateway_seen) = https_gateway(server_config).await;
    let (proxy_port, asked, relayed) = connect_proxy(gateway_port).await;
    let base = format!("https://gateway.test:{gateway_port}");

    // Set before the first client of this process: the trust store is built once.
    std::env::set_var("NODE_EXTRA_CA_CERTS", &ca_file);
    std::env::set_var("HTTPS_PROXY", format!("http://127.0.0.1:{proxy_port}"));
    std::env::set_var("HTTP_PROXY", format!("http://127.0.0.1:{proxy_port}"));
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("no_proxy");

    // 1. Through the proxy, to a host only the proxy can resolve, trusted via NODE_EXTRA_CA_CERTS.
    let terminals = client(&base).terminals().list().await.unwrap();
    assert_eq!(terminals, Some(serde_json::json!([{"id": "S1"}])));
    assert_eq!(
        asked.lock().unwrap().clone(),
        [format!("CONNECT gateway.test:{gateway_port} HTTP/1.1")]
    );
    let seen = gateway_seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0].starts_with("GET /api/v1/terminal HTTP/1.1"),
        "{}",
        seen[0]
    );
    assert!(seen[0].contains(TOKEN), "the gateway gets the token");
    // The proxy relayed only ciphertext: it never saw the token.
    let relayed_text = String::from_utf8_lossy(&relayed.lock().unwrap()).into_owned();
    assert!(!relayed_text.contains(TOKEN) && !relayed_text.contains("/api/v1/terminal"));

    // 2. Loopback targets are never proxied (a proxy's localhost is not ours).
    let plain = serve(|_| reply("200 OK", "", "[]")).await;
    client(&plain.url).terminals().list().await.unwrap();
    assert_eq!(asked.lock().unwrap().len(), 1, "loopback went direct");

    // 3. NO_PROXY exempts the host: the client then resolves gateway.test itself and fails.
    std::env::set_var("NO_PROXY", "example.org, .gateway.test");
    let err = client(&base).terminals().list().await.unwrap_err();
    assert!(
        matches!(err, Error::Connection { .. } | Error::Timeout { .. }),
        "{err:?}"
    );
    assert_eq!(asked.lock().unwrap().len(), 1, "NO_PROXY host went direct");
    std::env::remove_var("NO_PROXY");

    // 4. Through the proxy again, but a certificate no configured root vouches for is refused.
    let (_, other_config) = private_ca();
    let (other_port, other_seen) = https_gateway(other_config).await;
    let (other_proxy, other_asked, _) = connect_proxy(other_port).await;
    std::env::set_var("HTTPS_PROXY", format!("127.0.0.1:{other_proxy}")); // scheme optional
    let err = client(&format!("https://gateway.test:{other_port}"))
        .terminals()
        .list()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Connection { ref code, .. } if code == "ERR_TLS_CERT"),
        "{err:?}"
    );
    assert_eq!(other_asked.lock().unwrap().len(), 1);
    assert!(other_seen.lock().unwrap().is_empty());

    let _ = std::fs::remove_dir_all(&dir);
}
