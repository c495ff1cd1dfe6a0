//! Webhook delivery, retries with back-off, and the delivery log.

mod common;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use coherent_sandbox::SandboxOptions;
use common::*;
use serde_json::{json, Value};

/// A local receiver that answers 500 to the first `failures` deliveries, then 200.
struct Receiver {
    url: String,
    received: Arc<Mutex<Vec<Value>>>,
}

async fn receiver(failures: u32) -> Receiver {
    let received = Arc::new(Mutex::new(Vec::new()));
    let calls = Arc::new(AtomicU32::new(0));
    let store = Arc::clone(&received);
    let app = Router::new().route(
        "/hook",
        post(move |body: String| {
            let store = Arc::clone(&store);
            let calls = Arc::clone(&calls);
            async move {
                let n = calls.fetch_add(1, Ordering::SeqCst);
                if n < failures {
                    return StatusCode::INTERNAL_SERVER_ERROR;
                }
                store
                    .lock()
                    .unwrap()
                    .push(serde_json::from_str(&body).unwrap_or(Value::Null));
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Receiver {
        url: format!("http://{addr}/hook"),
        received,
    }
}

async fn deliveries_when(api: &Api, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..200 {
        let (_, list) = api.control("GET", "/sandbox/webhooks", None).await;
        if done(&list) {
            return list;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("webhook deliveries did not settle");
}

#[tokio::test]
async fn status_changes_are_delivered_and_failures_retried() {
    let hook = receiver(2).await;
    let api = start_with(SandboxOptions {
        port: 0,
        webhook_url: Some(hook.url.clone()),
        webhook_retry: fast_retry(5),
        ..Default::default()
    })
    .await;
    let k = key(1);
    let tx = api.create_transaction(&k, 1000).await;
    let uuid = tx["uuid"].as_str().unwrap();
    api.control_ok(&format!("/sandbox/transactions/{uuid}/pay"), json!({}))
        .await;

    let list = deliveries_when(&api, |l| l[0]["delivered"] == true).await;
    let delivery = &list[0];
    assert_eq!(delivery["url"], hook.url);
    let attempts = delivery["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 3, "two failures then success: {delivery}");
    assert_eq!(attempts[0]["status"], 500);
    assert_eq!(attempts[2]["status"], 200);
    let payload = &delivery["payload"];
    assert_eq!(payload["type"], "transaction.status");
    assert_eq!(payload["uuid"], uuid);
    assert_eq!(payload["status"], "paid");
    assert!(payload["merchantUuid"].is_string() && payload["occurredAt"].is_string());
    assert_eq!(hook.received.lock().unwrap().clone(), vec![payload.clone()]);

    // void and full refund each send one more
    let other = api.create_transaction(&k, 10).await;
    api.put(
        &format!(
            "/api/v1/transaction/{}/status",
            other["uuid"].as_str().unwrap()
        ),
        &k,
        json!({"status": "void"}),
    )
    .await;
    api.post(
        &format!("/api/v1/transaction/{uuid}/refund"),
        &k,
        json!({"amount": 1000}),
    )
    .await;
    let list = deliveries_when(&api, |l| {
        l.as_array().unwrap().len() == 3
            && l.as_array().unwrap().iter().all(|d| d["delivered"] == true)
    })
    .await;
    let statuses: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["payload"]["status"].as_str().unwrap())
        .collect();
    assert!(
        statuses.contains(&"void") && statuses.contains(&"refunded"),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn unreachable_receiver_is_retried_then_given_up() {
    // a port nobody listens on
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    let api = start_with(SandboxOptions {
        port: 0,
        webhook_url: Some(dead),
        webhook_retry: fast_retry(3),
        ..Default::default()
    })
    .await;
    let tx = api.create_transaction(&key(1), 100).await;
    api.control_ok(
        &format!(
            "/sandbox/transactions/{}/decline",
            tx["uuid"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;
    let list = deliveries_when(&api, |l| {
        l[0]["attempts"].as_array().is_some_and(|a| a.len() == 3)
    })
    .await;
    assert_eq!(list[0]["delivered"], false);
    assert_eq!(list[0]["payload"]["status"], "rejected");
    assert!(list[0]["attempts"][0]["error"].is_string());
    assert!(list[0]["attempts"][0].get("status").is_none());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, later) = api.control("GET", "/sandbox/webhooks", None).await;
    assert_eq!(
        later[0]["attempts"].as_array().unwrap().len(),
        3,
        "no attempts beyond the limit"
    );
}

#[tokio::test]
async fn merchant_webhook_url_wins_and_none_means_no_delivery() {
    let default_hook = receiver(0).await;
    let own_hook = receiver(0).await;
    let api = start_with(SandboxOptions {
        port: 0,
        webhook_url: Some(default_hook.url.clone()),
        webhook_retry: fast_retry(2),
        ..Default::default()
    })
    .await;
    let partner = key(9);
    let onboarded = api
        .post(
            "/api/v1/onboarding",
            &partner,
            json!({ "name": "C", "email": "c@x.test", "webhookUrl": own_hook.url }),
        )
        .await;
    let clinic_key = onboarded["apiKey"].as_str().unwrap();
    let tx = api.create_transaction(clinic_key, 100).await;
    api.control_ok(
        &format!("/sandbox/transactions/{}/pay", tx["uuid"].as_str().unwrap()),
        json!({}),
    )
    .await;
    let list = deliveries_when(&api, |l| l[0]["delivered"] == true).await;
    assert_eq!(list[0]["url"], own_hook.url);
    assert!(default_hook.received.lock().unwrap().is_empty());

    // a sandbox without any webhook URL records nothing
    let quiet = start().await;
    let tx = quiet.create_transaction(&key(1), 100).await;
    quiet
        .control_ok(
            &format!("/sandbox/transactions/{}/pay", tx["uuid"].as_str().unwrap()),
            json!({}),
        )
        .await;
    let (_, list) = quiet.control("GET", "/sandbox/webhooks", None).await;
    assert_eq!(list, json!([]));
    // reset clears the log and the objects
    let (status, _) = api.control("POST", "/sandbox/reset", None).await;
    assert_eq!(status, 200);
    assert_eq!(
        api.control("GET", "/sandbox/webhooks", None).await.1,
        json!([])
    );
    let (status, _) = api
        .call(
            "GET",
            &format!("/api/v1/transaction/{}", tx["uuid"].as_str().unwrap()),
            clinic_key,
            None,
        )
        .await;
    // the key still has the test-key format, so it now opens a fresh, empty merchant
    assert_eq!(status, 404, "objects are gone after a reset");
}
