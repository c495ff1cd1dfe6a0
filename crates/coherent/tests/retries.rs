//! Retry, timeout and cancellation policy against scripted loopback servers that count what they
//! receive. Backoff delays are shortened (1-20 ms) so the suite stays fast; `Retry-After` is real.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use coherent::resources::{payment_plans, terminals, transactions};
use coherent::transport::{cancellation, CallOptions, Observer, RequestEvent, ResponseEvent};
use coherent::{Client, Config, Error, JsonBody, Request};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

mod common;
use common::{read_request, response};

const TOKEN: &str = "api-test-0123456789abcdef0123456789abcdef";

/// What the server does with the n-th request it reads (the last entry repeats).
#[derive(Clone)]
enum Reply {
    Http(String),
    /// Read the request, then reset the connection (RST) without answering.
    Reset,
    /// Read the request and never answer.
    Silent,
}

fn http(status: &str, headers: &str, body: &str) -> Reply {
    Reply::Http(response(status, headers, body))
}

struct Server {
    url: String,
    /// Requests fully read, by method line.
    seen: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

async fn scripted(replies: Vec<Reply>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    serve_on(listener, replies)
}

fn serve_on(listener: TcpListener, replies: Vec<Reply>) -> Server {
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let next = Arc::new(AtomicUsize::new(0));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let log = Arc::clone(&log);
            let n = next.fetch_add(1, Ordering::SeqCst);
            let reply = replies[n.min(replies.len() - 1)].clone();
            tokio::spawn(async move {
                let head = read_request(&mut socket).await;
                if head.is_empty() {
                    return;
                }
                log.lock()
                    .unwrap()
                    .push(head.lines().next().unwrap_or("").to_string());
                match reply {
                    Reply::Http(answer) => {
                        let _ = socket.write_all(answer.as_bytes()).await;
                        let _ = socket.shutdown().await;
                    }
                    Reply::Reset => {
                        let _ = socket.set_zero_linger();
                        drop(socket);
                    }
                    Reply::Silent => tokio::time::sleep(Duration::from_secs(30)).await,
                }
            });
        }
    });
    Server { url, seen }
}

fn client(url: &str, timeout: Duration, retries: u32) -> Client {
    Client::new(
        Config::builder()
            .base_url(url)
            .token(TOKEN)
            .timeout(timeout)
            .max_network_retries(retries)
            .retry_delays(Duration::from_millis(2), Duration::from_millis(20))
            .build()
            .unwrap(),
    )
    .unwrap()
}

fn get() -> Request {
    transactions::get("t1").unwrap()
}

fn put() -> Request {
    terminals::rename(
        "S1",
        JsonBody::parse("request", r#"{"name":"T"}"#.into()).unwrap(),
    )
    .unwrap()
}

fn post() -> Request {
    transactions::create(
        JsonBody::parse("request", r#"{"amount":1000,"name":"J"}"#.into()).unwrap(),
    )
    .unwrap()
}

fn ok_json() -> Reply {
    http(
        "200 OK",
        "content-type: application/json\r\n",
        r#"{"uuid":"t1"}"#,
    )
}

#[tokio::test]
async fn get_and_put_recover_from_502_503_504_and_429() {
    for request in [get(), put()] {
        let server = scripted(vec![
            http("502 Bad Gateway", "", ""),
            http("503 Service Unavailable", "", ""),
            http("504 Gateway Timeout", "", ""),
            http("429 Too Many Requests", "", ""),
            ok_json(),
        ])
        .await;
        let response = client(&server.url, Duration::from_secs(5), 4)
            .send(&request)
            .await
            .unwrap();
        assert_eq!((response.status, response.attempts), (200, 5));
        assert_eq!(server.count(), 5);
    }
}

#[tokio::test]
async fn a_500_is_not_retried() {
    let server = scripted(vec![
        http("500 Internal Server Error", "", "boom"),
        ok_json(),
    ])
    .await;
    let err = client(&server.url, Duration::from_secs(5), 2)
        .send(&get())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Api {
                status: 500,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "Request failed with status code 500");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn retries_run_out_and_the_error_counts_the_attempts() {
    let server = scripted(vec![http("503 Service Unavailable", "", "down")]).await;
    let err = client(&server.url, Duration::from_secs(5), 2)
        .send(&get())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Api { status: 503, attempts: 3, ref body, .. } if body == "down"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "Request failed with status code 503 after 3 attempts"
    );
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn a_post_that_reached_the_server_is_never_replayed() {
    for reply in [
        http("503 Service Unavailable", "", ""),
        http("502 Bad Gateway", "", ""),
        http("429 Too Many Requests", "retry-after: 0\r\n", ""),
        Reply::Reset,
    ] {
        let server = scripted(vec![reply, ok_json()]).await;
        let err = client(&server.url, Duration::from_secs(5), 5)
            .send(&post())
            .await
            .unwrap_err();
        assert_eq!(err.attempts(), 1, "{err:?}");
        assert_eq!(server.count(), 1, "the server saw the POST exactly once");
    }
}

#[tokio::test]
async fn a_post_that_timed_out_is_never_replayed() {
    let server = scripted(vec![Reply::Silent, ok_json()]).await;
    let err = client(&server.url, Duration::from_millis(300), 5)
        .send(&post())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_reset_get_is_retried_and_says_econnreset() {
    let server = scripted(vec![Reply::Reset]).await;
    let err = client(&server.url, Duration::from_secs(5), 2)
        .send(&get())
        .await
        .unwrap_err();
    match &err {
        Error::Connection { code, attempts, .. } => {
            assert_eq!((code.as_str(), *attempts), ("ECONNRESET", 3), "{err:?}")
        }
        other => panic!("expected a connection error, got {other:?}"),
    }
    assert!(err.to_string().ends_with(" after 3 attempts"), "{err}");
    assert_eq!(server.count(), 3);

    let server = scripted(vec![Reply::Reset, ok_json()]).await;
    let response = client(&server.url, Duration::from_secs(5), 2)
        .send(&get())
        .await
        .unwrap();
    assert_eq!(response.attempts, 2);
}

#[tokio::test]
async fn a_refused_post_is_retried_because_it_never_left() {
    // Reserve a port, close it, and open it again only after the first attempts were refused.
    let probe = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = probe.local_addr().unwrap();
    drop(probe);
    let c = Client::new(
        Config::builder()
            .base_url(format!("http://{addr}"))
            .token(TOKEN)
            .max_network_retries(10)
            .retry_delays(Duration::from_millis(50), Duration::from_millis(50))
            .build()
            .unwrap(),
    )
    .unwrap();
    let call = tokio::spawn(async move { c.send(&post()).await });
    tokio::time::sleep(Duration::from_millis(120)).await;
    let server = serve_on(TcpListener::bind(addr).await.unwrap(), vec![ok_json()]);
    let response = call.await.unwrap().unwrap();
    assert!(response.attempts >= 2, "{}", response.attempts);
    assert_eq!(server.count(), 1, "the POST arrived exactly once");
}

#[tokio::test]
async fn refused_connections_exhaust_the_retries() {
    let probe = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", probe.local_addr().unwrap());
    drop(probe);
    let err = client(&url, Duration::from_secs(5), 3)
        .send(&post())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Connection { ref code, attempts: 4, .. } if code == "ECONNREFUSED"),
        "{err:?}"
    );
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = scripted(vec![
        http("429 Too Many Requests", "retry-after: 1\r\n", ""),
        ok_json(),
    ])
    .await;
    let started = Instant::now();
    let response = client(&server.url, Duration::from_secs(5), 2)
        .send(&get())
        .await
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(response.attempts, 2);
    assert!(
        waited >= Duration::from_millis(1000) && waited < Duration::from_millis(2500),
        "{waited:?}"
    );
}

#[tokio::test]
async fn a_retry_that_cannot_finish_in_time_is_not_started() {
    let server = scripted(vec![
        http("503 Service Unavailable", "retry-after: 30\r\n", "busy"),
        ok_json(),
    ])
    .await;
    let started = Instant::now();
    let err = client(&server.url, Duration::from_secs(2), 2)
        .send(&get())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Api {
                status: 503,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn the_timeout_bounds_all_attempts_together() {
    // Every attempt stalls: the budget runs out during the first one; nothing is retried after.
    let server = scripted(vec![Reply::Silent]).await;
    let started = Instant::now();
    let err = client(&server.url, Duration::from_millis(400), 5)
        .send(&get())
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        matches!(err, Error::Timeout { limit, .. } if limit == Duration::from_millis(400)),
        "{err:?}"
    );
    assert!(
        took >= Duration::from_millis(400) && took < Duration::from_millis(700),
        "{took:?}"
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn per_call_options_override_the_client() {
    let server = scripted(vec![http("503 Service Unavailable", "", "")]).await;
    let c = client(&server.url, Duration::from_secs(5), 3);
    let options = CallOptions {
        max_network_retries: Some(0),
        ..CallOptions::default()
    };
    let err = c.send_with(&get(), &options).await.unwrap_err();
    assert_eq!((err.attempts(), server.count()), (1, 1));

    let silent = scripted(vec![Reply::Silent]).await;
    let started = Instant::now();
    let options = CallOptions {
        timeout: Some(Duration::from_millis(150)),
        ..CallOptions::default()
    };
    let err = client(&silent.url, Duration::from_secs(30), 0)
        .send_with(&get(), &options)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { limit, .. } if limit == Duration::from_millis(150)));
    assert!(started.elapsed() < Duration::from_millis(500));
}

#[tokio::test]
async fn cancellation_stops_the_call_promptly() {
    let server = scripted(vec![Reply::Silent]).await;
    let c = client(&server.url, Duration::from_secs(30), 2);
    let (canceller, cancel) = cancellation();
    let options = CallOptions {
        cancel: Some(cancel),
        ..CallOptions::default()
    };
    let started = Instant::now();
    let request = get();
    let call = c.send_with(&request, &options);
    let (result, ()) = tokio::join!(call, async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        canceller.cancel();
    });
    let err = result.unwrap_err();
    assert!(matches!(err, Error::Aborted { attempts: 1 }), "{err:?}");
    assert_eq!(err.to_string(), "This operation was aborted");
    assert!(started.elapsed() < Duration::from_millis(400));
    assert_eq!(server.count(), 1);

    // Already cancelled: no I/O at all.
    let (canceller, cancel) = cancellation();
    canceller.cancel();
    let options = CallOptions {
        cancel: Some(cancel),
        ..CallOptions::default()
    };
    let err = c.send_with(&post(), &options).await.unwrap_err();
    assert!(matches!(err, Error::Aborted { attempts: 0 }), "{err:?}");
    assert_eq!(server.count(), 1);
}

#[derive(Default)]
struct Log(Mutex<Vec<String>>);

impl Observer for Log {
    fn on_request(&self, e: &RequestEvent<'_>) {
        self.0
            .lock()
            .unwrap()
            .push(format!("> {} {} #{}", e.method, e.path, e.attempt));
    }
    fn on_response(&self, e: &ResponseEvent<'_>) {
        self.0.lock().unwrap().push(format!(
            "< #{} {:?} {:?} {:?}",
            e.attempt, e.status, e.error_code, e.request_id
        ));
    }
}

#[tokio::test]
async fn the_observer_sees_every_attempt_but_no_body_or_token() {
    let server = scripted(vec![
        http(
            "503 Service Unavailable",
            "x-request-id: r-1\r\n",
            "secret body",
        ),
        Reply::Reset,
        http(
            "200 OK",
            "x-request-id: r-3\r\n",
            r#"{"transactionUuid":"t"}"#,
        ),
    ])
    .await;
    let log = Arc::new(Log::default());
    let options = CallOptions {
        observer: Some(log.clone()),
        ..CallOptions::default()
    };
    let plan = payment_plans::get("pp1").unwrap();
    client(&server.url, Duration::from_secs(5), 2)
        .send_with(&plan, &options)
        .await
        .unwrap();
    let lines = log.0.lock().unwrap().clone();
    assert_eq!(
        lines,
        [
            "> GET /api/v1/payment/plan/pp1 #1",
            "< #1 Some(503) None Some(\"r-1\")",
            "> GET /api/v1/payment/plan/pp1 #2",
            "< #2 None Some(\"ECONNRESET\") None",
            "> GET /api/v1/payment/plan/pp1 #3",
            "< #3 Some(200) None Some(\"r-3\")",
        ]
    );
    let all = lines.join("\n");
    assert!(!all.contains(TOKEN) && !all.contains("secret body"));
}

#[tokio::test]
async fn a_failed_tls_handshake_is_retried_even_for_a_post() {
    // The server answers the ClientHello with plain text: the handshake fails before any byte of
    // the request is written, so replaying the POST is safe.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let connections = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&connections);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let mut hello = [0u8; 512];
            let _ = socket.read(&mut hello).await;
            let _ = socket
                .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                .await;
        }
    });
    let err = client(
        &format!("https://localhost:{port}"),
        Duration::from_secs(5),
        2,
    )
    .send(&post())
    .await
    .unwrap_err();
    match &err {
        Error::Connection { code, attempts, .. } => {
            assert_eq!(code, "ERR_TLS_HANDSHAKE", "{err:?}");
            assert_eq!(*attempts, 3, "{err:?}");
        }
        other => panic!("expected a connection error, got {other:?}"),
    }
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}
