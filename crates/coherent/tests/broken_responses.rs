//! Answers a fuzzer found mishandled (issue 22): a 2xx body that is JSON but not an object (or
//! empty on a create) is refused by every shaped method, and a response with broken framing
//! gets its own code and is retried only when a retry can change it.

mod common;

use std::time::Duration;

use coherent::{Client, Error};
use common::*;
use serde_json::json;

/// Every shaped method (a picked object or `{transactionUuid}`), as a Rust caller reaches it,
/// and whether it answers `null` for an empty body (the official `get` methods do).
const SHAPED: [(&str, bool); 6] = [
    ("transactions.create", false),
    ("transactions.get", true),
    ("paymentPlans.create", false),
    ("paymentPlans.get", true),
    ("paymentPlans.resumeAndCharge", false),
    ("customers.debitWallet", false),
];

async fn call(c: &Client, name: &str) -> coherent::Result<Option<serde_json::Value>> {
    match name {
        "transactions.create" => {
            c.transactions()
                .create(&json!({"amount": 100, "name": "A"}))
                .await
        }
        "transactions.get" => c.transactions().get("t1").await,
        "paymentPlans.create" => {
            let plan = json!({"amount": 100, "name": "A", "type": "on_demand"});
            c.payment_plans().create(&plan).await
        }
        "paymentPlans.get" => c.payment_plans().get("p1").await,
        "paymentPlans.resumeAndCharge" => c.payment_plans().resume_and_charge("p1", None).await,
        _ => {
            c.customers()
                .debit_wallet("c1", &json!({"amount": 100}))
                .await
        }
    }
}

#[tokio::test]
async fn json_that_is_not_an_object_is_refused_by_every_shaped_method() {
    for body in [
        r#""u1""#,
        "42",
        "true",
        "false",
        "0",
        r#"[{"uuid":"u1"}]"#,
        "",
        "null",
    ] {
        let server = serve(move |_| {
            reply(
                "200 OK",
                "content-type: application/json\r\nx-request-id: req-9\r\n",
                body,
            )
        })
        .await;
        let c = client(&server.url, Duration::from_secs(5));
        for (name, null_when_empty) in SHAPED {
            let result = call(&c, name).await;
            if null_when_empty && (body.is_empty() || body == "null") {
                assert_eq!(
                    result.unwrap(),
                    Some(serde_json::Value::Null),
                    "{name} on {body:?}"
                );
                continue;
            }
            let err = result.expect_err(&format!("{name} on {body:?} must be refused"));
            match &err {
                Error::InvalidResponse {
                    status,
                    message,
                    body: raw,
                    ..
                } => {
                    assert_eq!(*status, 200);
                    assert!(
                        message.contains("where a JSON object was expected"),
                        "{message}"
                    );
                    assert_eq!(raw, body);
                }
                other => panic!("{name} on {body:?}: {other:?}"),
            }
            assert_eq!(err.request_id().as_deref(), Some("req-9"), "{name}");
        }
    }
}

/// Serves `answer` and returns the error of a GET and a POST, and how many requests came.
async fn both_methods(answer: &'static str) -> [(Error, usize); 2] {
    let mut out = Vec::new();
    for post in [false, true] {
        let server = serve(move |_| Some(answer.to_string())).await;
        let c = client(&server.url, Duration::from_secs(10));
        let err = if post {
            c.transactions()
                .create(&json!({"amount": 100, "name": "A"}))
                .await
        } else {
            c.transactions().get("t1").await
        }
        .unwrap_err();
        let sent = server.seen.lock().unwrap().len();
        out.push((err, sent));
    }
    out.try_into().unwrap()
}

fn code(err: &Error) -> &str {
    match err {
        Error::Connection { code, .. } => code,
        other => panic!("not a connection error: {other:?}"),
    }
}

#[tokio::test]
async fn malformed_framing_has_its_own_code_and_is_never_retried() {
    for (answer, expected) in [
        (
            "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
            "HPE_INVALID_CHUNK_SIZE",
        ),
        (
            "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n",
            "HPE_INVALID_CHUNK_SIZE",
        ),
        (
            "HTTP/1.1 2x0 OK\r\ncontent-length: 2\r\n\r\n{}",
            "HPE_INVALID_STATUS",
        ),
        (
            "HTTQ/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}",
            "HPE_INVALID_VERSION",
        ),
        (
            "HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}",
            "HPE_UNEXPECTED_CONTENT_LENGTH",
        ),
    ] {
        for (err, sent) in both_methods(answer).await {
            assert_eq!(code(&err), expected, "{answer:?}: {err}");
            assert_eq!((err.attempts(), sent), (1, 1), "{answer:?}: not retried");
            assert!(!err.to_string().contains("reset"), "{err}");
        }
    }
}

#[tokio::test]
async fn a_body_cut_short_is_a_premature_close_retried_for_a_get_only() {
    for answer in [
        "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"uuid\":",
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n8\r\n{\"uuid\":",
    ] {
        let [(get, gets), (post, posts)] = both_methods(answer).await;
        for err in [&get, &post] {
            assert_eq!(code(err), "ERR_STREAM_PREMATURE_CLOSE", "{answer:?}: {err}");
            assert!(
                err.to_string()
                    .contains("before the response body was complete"),
                "{err}"
            );
        }
        assert_eq!((get.attempts(), gets), (3, 3), "a GET is retried");
        assert_eq!((post.attempts(), posts), (1, 1), "a POST is not");
    }
    // No answer at all is still the "socket hang up" Node reports.
    let [(get, _), _] = both_methods("").await;
    assert_eq!(code(&get), "ECONNRESET");
}
