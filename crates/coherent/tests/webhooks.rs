//! `Client::webhooks().verify`: the payload only names the transaction; the result is the API's.

mod common;

use std::time::Duration;

use coherent::Error;
use common::{client, reply, serve};

#[tokio::test]
async fn verify_returns_the_api_copy_not_the_payload_claim() {
    let server = serve(|_| {
        reply(
            "200 OK",
            "content-type: application/json\r\n",
            r#"{"uuid":"t1","amount":900,"status":"unpaid","paymentPaidTime":null,"internal":1}"#,
        )
    })
    .await;
    let c = client(&server.url, Duration::from_secs(5));
    let forged = br#"{"type":"transaction.status","uuid":"t1","status":"paid"}"#;
    let transaction = c.webhooks().verify(forged).await.unwrap().unwrap();
    assert_eq!(transaction["status"], "unpaid");
    assert_eq!(transaction["amount"], 900);
    assert!(
        transaction.get("internal").is_none(),
        "shaped as transactions.get"
    );
    let seen = server.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0].starts_with("GET /api/v1/transaction/t1 HTTP/1.1\r\n"),
        "{}",
        seen[0]
    );
}

#[tokio::test]
async fn bad_payloads_fail_before_any_request() {
    let server = serve(|_| reply("200 OK", "", "{}")).await;
    let c = client(&server.url, Duration::from_secs(5));
    for (body, expected) in [
        (&b"not json"[..], "body"),
        (&b"[]"[..], "body"),
        (&b"{\"status\":\"paid\"}"[..], "uuid"),
        (&b"{\"uuid\":7}"[..], "uuid"),
    ] {
        match c.webhooks().verify(body).await {
            Err(Error::Validation { field, .. }) => assert_eq!(field, expected),
            other => panic!("{body:?}: expected a validation error, got {other:?}"),
        }
    }
    assert!(server.seen.lock().unwrap().is_empty());
}
