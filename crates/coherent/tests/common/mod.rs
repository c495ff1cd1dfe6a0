//! A tiny loopback HTTP server for the integration tests.

#![allow(dead_code)] // each test file uses a different subset

use std::sync::{Arc, Mutex};
use std::time::Duration;

use coherent::{Client, Config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A one-request-per-connection HTTP server answering every request with `respond(head)`, and
/// recording the raw requests it read.
pub struct Server {
    pub url: String,
    pub seen: Arc<Mutex<Vec<String>>>,
}

pub async fn serve<F>(respond: F) -> Server
where
    F: Fn(&str) -> Option<String> + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let respond = Arc::new(respond);
    let log = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let respond = Arc::clone(&respond);
            let log = Arc::clone(&log);
            tokio::spawn(async move {
                let request = read_request(&mut socket).await;
                log.lock().unwrap().push(request.clone());
                match respond(&request) {
                    Some(answer) => {
                        let _ = socket.write_all(answer.as_bytes()).await;
                        let _ = socket.shutdown().await;
                    }
                    // Never answer: hold the socket open until the client gives up.
                    None => tokio::time::sleep(Duration::from_secs(30)).await,
                }
            });
        }
    });
    Server { url, seen }
}

/// Reads one request: the head and as many body bytes as its `content-length` says.
pub async fn read_request(socket: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = socket.read(&mut chunk).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                break;
            }
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// A whole HTTP/1.1 response that closes the connection.
pub fn response(status: &str, headers: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// `response` as what `serve` answers.
pub fn reply(status: &str, headers: &str, body: &str) -> Option<String> {
    Some(response(status, headers, body))
}

pub fn client(base_url: &str, timeout: Duration) -> Client {
    Client::new(
        Config::builder()
            .base_url(base_url)
            .token("api-test-0123456789abcdef0123456789abcdef")
            .timeout(timeout)
            .build()
            .unwrap(),
    )
    .unwrap()
}
