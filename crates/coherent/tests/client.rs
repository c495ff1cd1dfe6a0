//! Every Rust-facing method of `coherent::Client`: the request it sends and the value it returns.

mod common;

use std::time::Duration;

use coherent::Error;
use common::{client, reply, serve};
use serde_json::{json, Value};

/// `(method, path, body)` of each recorded request.
fn requests(seen: &[String]) -> Vec<(String, String, String)> {
    seen.iter()
        .map(|raw| {
            let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
            let mut line = head.lines().next().unwrap_or("").split(' ');
            (
                line.next().unwrap_or("").into(),
                line.next().unwrap_or("").into(),
                body.into(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_namespace_method_sends_the_documented_request() {
    let server = serve(|head| {
        let body = if head.contains("/wallet/debit") || head.contains("/resume-and-charge") {
            r#"{"transactionUuid":"tx9","extra":1}"#
        } else {
            r#"{"uuid":"u1","amount":1000,"paymentMethod":"visa","status":"unpaid","extra":true}"#
        };
        reply("200 OK", "content-type: application/json\r\n", body)
    })
    .await;
    let c = client(&server.url, Duration::from_secs(5));

    let created = c
        .transactions()
        .create(&json!({"amount": 1000, "name": "J", "location": {"uuid": "l"}}))
        .await
        .unwrap();
    assert_eq!(
        created.as_ref().and_then(|v| v.get("paymentMethod")),
        Some(&Value::Null)
    );
    let got = c.transactions().get("t1").await.unwrap().unwrap();
    assert_eq!(got["paymentMethod"], "visa");
    assert!(got.get("extra").is_none());
    c.transactions().refund("t1", 100, Some("r")).await.unwrap();
    c.transactions().update_status("t1", "void").await.unwrap();
    c.terminals().list().await.unwrap();
    c.terminals().rename("S1", "Desk").await.unwrap();
    c.terminals().set_transaction("S1", "t1").await.unwrap();
    c.terminals().clear_transaction("S1").await.unwrap();
    let plan = json!({"amount": 1000, "name": "J", "startDate": "2025-01-01", "extra": "kept"});
    c.payment_plans().create(&plan).await.unwrap();
    c.payment_plans().get("p1").await.unwrap();
    c.payment_plans().set_status("p1", "paused").await.unwrap();
    c.payment_plans().notify("p1").await.unwrap();
    c.payment_plans().charge("p1", None).await.unwrap();
    let resumed = c
        .payment_plans()
        .resume_and_charge("p1", Some(&json!({"testScenario": "declined"})))
        .await
        .unwrap();
    assert_eq!(resumed, Some(json!({"transactionUuid": "tx9"})));
    c.onboarding()
        .start_onboarding(&json!({"name": "C", "email": "e", "webhookUrl": "w"}))
        .await
        .unwrap();
    c.merchants().list_merchants().await.unwrap();
    c.merchants().list_accounts("m1").await.unwrap();
    c.merchants()
        .create_api_key_for_account("m1", "a1")
        .await
        .unwrap();
    c.merchants()
        .list_api_keys_for_account("m1", "a1")
        .await
        .unwrap();
    c.merchants().get_webhook_url("m1").await.unwrap();
    c.merchants()
        .update_webhook_url("m1", "https://w")
        .await
        .unwrap();
    c.customers()
        .create(&json!({"providerReferenceId": "P1"}))
        .await
        .unwrap();
    c.customers().get("cu1").await.unwrap();
    c.customers().list_wallets("cu1").await.unwrap();
    c.customers()
        .create_wallet(
            "cu1",
            &json!({"name": "Card", "emailNotify": true, "smsNotify": false}),
        )
        .await
        .unwrap();
    let debit = c
        .customers()
        .debit_wallet("cu1", &json!({"amount": 500}))
        .await
        .unwrap();
    assert_eq!(debit, Some(json!({"transactionUuid": "tx9"})));

    let expected = [
        (
            "POST",
            "/api/v1/transaction",
            r#"{"amount":1000,"name":"J"}"#,
        ),
        ("GET", "/api/v1/transaction/t1", ""),
        (
            "POST",
            "/api/v1/transaction/t1/refund",
            r#"{"amount":100,"reason":"r"}"#,
        ),
        (
            "PUT",
            "/api/v1/transaction/t1/status",
            r#"{"status":"void"}"#,
        ),
        ("GET", "/api/v1/terminal", ""),
        ("PUT", "/api/v1/terminal/S1", r#"{"name":"Desk"}"#),
        (
            "PUT",
            "/api/v1/terminal/S1/transaction",
            r#"{"transactionUuid":"t1"}"#,
        ),
        ("PUT", "/api/v1/terminal/S1/transaction", "null"),
        (
            "POST",
            "/api/v1/payment/plan",
            r#"{"amount":1000,"name":"J","startDate":"2025-01-01","extra":"kept"}"#,
        ),
        ("GET", "/api/v1/payment/plan/p1", ""),
        (
            "PUT",
            "/api/v1/payment/plan/p1/status",
            r#"{"status":"paused"}"#,
        ),
        ("POST", "/api/v1/payment/plan/p1/notification", "{}"),
        ("POST", "/api/v1/payment/plan/p1/charge", "{}"),
        (
            "POST",
            "/api/v1/payment/plan/p1/resume-and-charge",
            r#"{"testScenario":"declined"}"#,
        ),
        (
            "POST",
            "/api/v1/onboarding",
            r#"{"name":"C","email":"e","webhookUrl":"w"}"#,
        ),
        ("GET", "/api/v1/merchant", ""),
        ("GET", "/api/v1/merchant/m1/account", ""),
        ("POST", "/api/v1/merchant/m1/account/a1/api-key", "{}"),
        ("GET", "/api/v1/merchant/m1/account/a1/api-key", ""),
        ("GET", "/api/v1/merchant/m1/webhook", ""),
        (
            "PUT",
            "/api/v1/merchant/m1/webhook",
            r#"{"webhookUrl":"https://w"}"#,
        ),
        (
            "POST",
            "/api/v1/customer",
            r#"{"providerReferenceId":"P1"}"#,
        ),
        ("GET", "/api/v1/customer/cu1", ""),
        ("GET", "/api/v1/customer/cu1/wallet", ""),
        (
            "POST",
            "/api/v1/customer/cu1/wallet",
            r#"{"name":"Card","emailNotify":true,"smsNotify":false}"#,
        ),
        (
            "POST",
            "/api/v1/customer/cu1/wallet/debit",
            r#"{"amount":500}"#,
        ),
    ];
    let seen = requests(&server.seen.lock().unwrap());
    let expected: Vec<_> = expected
        .iter()
        .map(|(m, p, b)| (m.to_string(), p.to_string(), b.to_string()))
        .collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn typed_models_parse_what_the_client_returns() {
    let server = serve(|_| {
        reply(
            "200 OK",
            "",
            r#"{"uuid":"t1","amount":1000,"status":"paid","refunds":[{"amount":100,"status":"completed"}],
               "paymentPlan":{"transactionReference":"INV-1"},"paymentMethod":"mc_applepay"}"#,
        )
    })
    .await;
    let value = client(&server.url, Duration::from_secs(5))
        .transactions()
        .get("t1")
        .await
        .unwrap()
        .unwrap();
    let t: coherent::models::Transaction = serde_json::from_value(value).unwrap();
    assert_eq!(
        (t.amount, t.status.as_deref(), t.refunds.len()),
        (Some(1000), Some("paid"), 1)
    );
    assert_eq!(
        coherent::payment_method::format(t.payment_method.as_deref().unwrap()),
        "Mastercard (ApplePay)"
    );
}

#[tokio::test]
async fn rust_callers_get_the_same_validation() {
    let server = serve(|_| reply("200 OK", "", "{}")).await;
    let c = client(&server.url, Duration::from_secs(5));
    let field = |e: Error| match e {
        Error::Validation { field, .. } => field,
        other => panic!("expected a validation error, got {other:?}"),
    };
    assert_eq!(
        field(
            c.transactions()
                .create(&json!({"name": "J"}))
                .await
                .unwrap_err()
        ),
        "amount"
    );
    assert_eq!(
        field(
            c.payment_plans()
                .set_status("p1", "ended")
                .await
                .unwrap_err()
        ),
        "status"
    );
    assert_eq!(
        field(
            c.customers()
                .debit_wallet("cu1", &json!({"amount": 1.5}))
                .await
                .unwrap_err()
        ),
        "amount"
    );
    assert_eq!(
        field(c.merchants().list_accounts("").await.unwrap_err()),
        "merchantUuid"
    );
    assert!(server.seen.lock().unwrap().is_empty());
}
