//! Bad input to every endpoint gets the documented 4xx and leaves the state unchanged.

mod common;

use common::*;
use serde_json::{json, Value};

struct World {
    k: String,
    tx: String,
    paid: String,
    terminal: String,
    plan: String,
    customer: String,
    merchant: String,
    account: String,
}

async fn world(api: &Api) -> World {
    let k = key(7);
    let tx = api.create_transaction(&k, 1000).await["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let paid = api.create_transaction(&k, 1000).await["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    api.control_ok(&format!("/sandbox/transactions/{paid}/pay"), json!({}))
        .await;
    let terminal = api.get("/api/v1/terminal", &k).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let plan = api
        .post(
            "/api/v1/payment/plan",
            &k,
            json!({ "name": "P", "amount": 100, "type": "on_demand" }),
        )
        .await["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let customer = api
        .post(
            "/api/v1/customer",
            &k,
            json!({ "providerReferenceId": "R" }),
        )
        .await["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let merchant = api.get("/api/v1/merchant", &k).await[0]["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let account = api
        .get(&format!("/api/v1/merchant/{merchant}/account"), &k)
        .await[0]["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    World {
        k,
        tx,
        paid,
        terminal,
        plan,
        customer,
        merchant,
        account,
    }
}

/// Everything observable about the world.
async fn snapshot(api: &Api, w: &World) -> Value {
    let k = &w.k;
    json!({
        "tx": api.transaction(k, &w.tx).await,
        "paid": api.transaction(k, &w.paid).await,
        "terminals": api.get("/api/v1/terminal", k).await,
        "plan": api.get(&format!("/api/v1/payment/plan/{}", w.plan), k).await,
        "customer": api.get(&format!("/api/v1/customer/{}", w.customer), k).await,
        "wallets": api.get(&format!("/api/v1/customer/{}/wallet", w.customer), k).await,
        "merchants": api.get("/api/v1/merchant", k).await,
        "accounts": api.get(&format!("/api/v1/merchant/{}/account", w.merchant), k).await,
        "keys": api.get(&format!("/api/v1/merchant/{}/account/{}/api-key", w.merchant, w.account), k).await,
        "webhook": api.get(&format!("/api/v1/merchant/{}/webhook", w.merchant), k).await,
        "deliveries": api.control("GET", "/sandbox/webhooks", None).await.1,
        "outbox": api.control("GET", "/sandbox/outbox", None).await.1,
        "clinics": api.control("GET", "/sandbox/clinics", None).await.1,
        "upcoming": api.control("GET", "/sandbox/clock", None).await.1["upcoming"],
    })
}

#[tokio::test]
async fn every_endpoint_rejects_bad_input_without_changing_state() {
    let api = start().await;
    let w = world(&api).await;
    let before = snapshot(&api, &w).await;
    let (tx, paid, term, plan, cu, m, acc) = (
        &w.tx,
        &w.paid,
        &w.terminal,
        &w.plan,
        &w.customer,
        &w.merchant,
        &w.account,
    );
    let huge = format!("{{\"name\":\"{}\"}}", "x".repeat(1_100_000));

    // (method, path, raw body, expected status, field named in errors if 400)
    let cases: Vec<(&str, String, String, u16, Option<&str>)> = vec![
        ("POST", "/api/v1/transaction".into(), "{not json".into(), 400, Some("body")),
        ("POST", "/api/v1/transaction".into(), "[1,2]".into(), 400, Some("body")),
        ("POST", "/api/v1/transaction".into(), json!({"name": "x"}).to_string(), 400, Some("amount")),
        ("POST", "/api/v1/transaction".into(), json!({"amount": "100", "name": "x"}).to_string(), 400, Some("amount")),
        ("POST", "/api/v1/transaction".into(), json!({"amount": 10.5, "name": "x"}).to_string(), 400, Some("amount")),
        ("POST", "/api/v1/transaction".into(), json!({"amount": 0, "name": "x"}).to_string(), 400, Some("amount")),
        ("POST", "/api/v1/transaction".into(), json!({"amount": -5, "name": "x"}).to_string(), 400, Some("amount")),
        ("POST", "/api/v1/transaction".into(), json!({"amount": 100}).to_string(), 400, Some("name")),
        ("POST", "/api/v1/transaction".into(), json!({"amount": 100, "name": 5}).to_string(), 400, Some("name")),
        ("POST", "/api/v1/transaction".into(), json!({"amount": 100, "name": "x", "emailNotify": "yes"}).to_string(), 400, Some("emailNotify")),
        ("POST", "/api/v1/transaction".into(), json!({"amount": 100, "name": "x", "successUrl": "javascript:alert(1)"}).to_string(), 400, Some("successUrl")),
        ("POST", "/api/v1/transaction".into(), json!({"amount": 100, "name": "x", "emailNotify": true}).to_string(), 400, Some("email")),
        ("POST", "/api/v1/transaction".into(), huge.clone(), 413, None),
        ("GET", "/api/v1/transaction/nope".into(), String::new(), 404, None),
        ("POST", format!("/api/v1/transaction/{paid}/refund"), json!({}).to_string(), 400, Some("amount")),
        ("POST", format!("/api/v1/transaction/{paid}/refund"), json!({"amount": 1001}).to_string(), 400, Some("amount")),
        ("POST", format!("/api/v1/transaction/{paid}/refund"), json!({"amount": 1, "reason": 7}).to_string(), 400, Some("reason")),
        ("POST", format!("/api/v1/transaction/{tx}/refund"), json!({"amount": 1}).to_string(), 400, Some("status")),
        ("POST", "/api/v1/transaction/nope/refund".into(), json!({"amount": 1}).to_string(), 404, None),
        ("PUT", format!("/api/v1/transaction/{tx}/status"), json!({"status": "paid"}).to_string(), 400, Some("status")),
        ("PUT", format!("/api/v1/transaction/{tx}/status"), json!({}).to_string(), 400, Some("status")),
        ("PUT", format!("/api/v1/transaction/{paid}/status"), json!({"status": "void"}).to_string(), 400, Some("status")),
        ("PUT", "/api/v1/transaction/nope/status".into(), json!({"status": "void"}).to_string(), 404, None),
        ("PUT", format!("/api/v1/terminal/{term}"), json!({"name": 3}).to_string(), 400, Some("name")),
        ("PUT", format!("/api/v1/terminal/{term}"), json!({}).to_string(), 400, Some("name")),
        ("PUT", "/api/v1/terminal/nope".into(), json!({"name": "a"}).to_string(), 404, None),
        ("PUT", format!("/api/v1/terminal/{term}/transaction"), json!({}).to_string(), 400, Some("transactionUuid")),
        ("PUT", format!("/api/v1/terminal/{term}/transaction"), json!({"transactionUuid": paid}).to_string(), 400, Some("transactionUuid")),
        ("PUT", format!("/api/v1/terminal/{term}/transaction"), json!({"transactionUuid": "nope"}).to_string(), 400, Some("transactionUuid")),
        ("PUT", format!("/api/v1/terminal/{term}/transaction"), "\"text\"".into(), 400, Some("body")),
        ("PUT", "/api/v1/terminal/nope/transaction".into(), "null".into(), 404, None),
        ("POST", "/api/v1/payment/plan".into(), json!({"amount": 100}).to_string(), 400, Some("name")),
        ("POST", "/api/v1/payment/plan".into(), json!({"name": "x", "amount": "12abc", "type": "on_demand"}).to_string(), 400, Some("amount")),
        ("POST", "/api/v1/payment/plan".into(), json!({"name": "x", "amount": 100}).to_string(), 400, Some("startDate")),
        ("POST", "/api/v1/payment/plan".into(), json!({"name": "x", "amount": 100, "startDate": "tomorrow"}).to_string(), 400, Some("startDate")),
        ("POST", "/api/v1/payment/plan".into(), json!({"name": "x", "amount": 100, "startDate": "2030-02-01", "endDate": "2030-01-01"}).to_string(), 400, Some("endDate")),
        ("POST", "/api/v1/payment/plan".into(), json!({"name": "x", "amount": 100, "type": "weekly"}).to_string(), 400, Some("type")),
        ("POST", "/api/v1/payment/plan".into(), json!({"name": "x", "amount": 100, "type": "on_demand", "method": "cash"}).to_string(), 400, Some("method")),
        ("GET", "/api/v1/payment/plan/nope".into(), String::new(), 404, None),
        ("PUT", format!("/api/v1/payment/plan/{plan}/status"), json!({"status": "ended"}).to_string(), 400, Some("status")),
        ("PUT", format!("/api/v1/payment/plan/{plan}/status"), json!({"status": "resumed"}).to_string(), 400, Some("status")),
        ("PUT", "/api/v1/payment/plan/nope/status".into(), json!({"status": "void"}).to_string(), 404, None),
        ("POST", format!("/api/v1/payment/plan/{plan}/notification"), "[]".into(), 400, Some("body")),
        ("POST", "/api/v1/payment/plan/nope/notification".into(), "{}".into(), 404, None),
        ("POST", format!("/api/v1/payment/plan/{plan}/charge"), json!({}).to_string(), 400, Some("status")),
        ("POST", format!("/api/v1/payment/plan/{plan}/charge"), json!({"amount": "5"}).to_string(), 400, Some("amount")),
        ("POST", "/api/v1/payment/plan/nope/charge".into(), "{}".into(), 404, None),
        ("POST", format!("/api/v1/payment/plan/{plan}/resume-and-charge"), "{}".into(), 400, Some("status")),
        ("POST", format!("/api/v1/payment/plan/{plan}/resume-and-charge"), json!({"testScenario": 1}).to_string(), 400, Some("testScenario")),
        ("POST", "/api/v1/onboarding".into(), json!({"name": "x", "email": "e@x"}).to_string(), 400, Some("webhookUrl")),
        ("POST", "/api/v1/onboarding".into(), json!({"name": "x", "email": "e@x", "webhookUrl": "not a url"}).to_string(), 400, Some("webhookUrl")),
        ("POST", "/api/v1/onboarding".into(), json!({"name": "x", "email": "e@x", "webhookUrl": "https://w.test", "currency": "USD"}).to_string(), 400, Some("currency")),
        ("POST", "/api/v1/onboarding".into(), json!({"name": "x", "email": "e@x", "webhookUrl": "https://w.test", "legalEntityType": "Llc"}).to_string(), 400, Some("legalEntityType")),
        ("GET", "/api/v1/merchant/nope/account".into(), String::new(), 404, None),
        ("POST", format!("/api/v1/merchant/{m}/account/nope/api-key"), "{}".into(), 404, None),
        ("POST", format!("/api/v1/merchant/{m}/account/{acc}/api-key"), "[]".into(), 400, Some("body")),
        ("GET", format!("/api/v1/merchant/{m}/account/nope/api-key"), String::new(), 404, None),
        ("POST", "/api/v1/merchant/nope/api-key".into(), "{}".into(), 404, None),
        ("POST", format!("/api/v1/merchant/{m}/api-key"), "5".into(), 400, Some("body")),
        ("GET", "/api/v1/merchant/nope/api-key".into(), String::new(), 404, None),
        ("GET", "/api/v1/merchant/nope/webhook".into(), String::new(), 404, None),
        ("PUT", format!("/api/v1/merchant/{m}/webhook"), json!({}).to_string(), 400, Some("webhookUrl")),
        ("PUT", format!("/api/v1/merchant/{m}/webhook"), json!({"webhookUrl": "ftp://x"}).to_string(), 400, Some("webhookUrl")),
        ("POST", "/api/v1/customer".into(), json!({}).to_string(), 400, Some("providerReferenceId")),
        ("POST", "/api/v1/customer".into(), json!({"providerReferenceId": "x", "active": "yes"}).to_string(), 400, Some("active")),
        ("GET", "/api/v1/customer/nope".into(), String::new(), 404, None),
        ("GET", "/api/v1/customer/nope/wallet".into(), String::new(), 404, None),
        ("POST", format!("/api/v1/customer/{cu}/wallet"), json!({"name": "w"}).to_string(), 400, Some("emailNotify")),
        ("POST", format!("/api/v1/customer/{cu}/wallet"), json!({"emailNotify": false, "smsNotify": false}).to_string(), 400, Some("name")),
        ("POST", format!("/api/v1/customer/{cu}/wallet"), json!({"name": "w", "emailNotify": false, "smsNotify": true}).to_string(), 400, Some("phone")),
        ("POST", "/api/v1/customer/nope/wallet".into(), json!({"name": "w", "emailNotify": false, "smsNotify": false}).to_string(), 404, None),
        ("POST", format!("/api/v1/customer/{cu}/wallet/debit"), json!({}).to_string(), 400, Some("amount")),
        ("POST", format!("/api/v1/customer/{cu}/wallet/debit"), json!({"amount": 100}).to_string(), 400, Some("walletUuid")),
        ("POST", "/api/v1/customer/nope/wallet/debit".into(), json!({"amount": 100}).to_string(), 404, None),
        ("GET", "/api/v1/nothing-here".into(), String::new(), 404, None),
        ("DELETE", format!("/api/v1/transaction/{tx}"), String::new(), 405, None),
        // control routes
        ("POST", "/sandbox/transactions/nope/pay".into(), "{}".into(), 404, None),
        ("POST", format!("/sandbox/transactions/{paid}/pay"), "{}".into(), 409, None),
        ("POST", format!("/sandbox/transactions/{tx}/pay"), json!({"card": 4242}).to_string(), 400, Some("card")),
        ("POST", format!("/sandbox/payment-plans/{plan}/authorise"), json!({"card": "4000000000000002"}).to_string(), 400, Some("card")),
        ("POST", format!("/sandbox/terminals/{term}/tap"), json!({"outcome": "maybe"}).to_string(), 400, Some("outcome")),
        ("POST", "/sandbox/clock/advance".into(), json!({"days": 0}).to_string(), 400, Some("days")),
        ("POST", "/sandbox/clock/advance".into(), json!({"days": "3"}).to_string(), 400, Some("days")),
        ("POST", "/sandbox/clock/advance".into(), json!({"months": 0}).to_string(), 400, Some("months")),
        ("POST", "/sandbox/clock/advance".into(), json!({"months": "1"}).to_string(), 400, Some("months")),
        ("POST", "/sandbox/clock/advance".into(), json!({"months": 121}).to_string(), 400, Some("months")),
        ("POST", "/sandbox/clock/advance".into(), json!({"days": 1, "months": 1}).to_string(), 400, Some("days")),
        ("POST", "/sandbox/clock/advance".into(), "[]".into(), 400, Some("body")),
        ("POST", format!("/sandbox/transactions/{paid}/refund"), json!({"amount": 1001}).to_string(), 400, Some("amount")),
        ("POST", format!("/sandbox/transactions/{paid}/refund"), json!({"amount": 0}).to_string(), 400, Some("amount")),
        ("POST", format!("/sandbox/transactions/{paid}/refund"), json!({"reason": 5}).to_string(), 400, Some("reason")),
        ("POST", format!("/sandbox/transactions/{paid}/refund"), "{oops".into(), 400, Some("body")),
        ("POST", format!("/sandbox/transactions/{tx}/refund"), json!({}).to_string(), 400, Some("status")),
        ("POST", "/sandbox/transactions/nope/refund".into(), "{}".into(), 404, None),
        ("POST", format!("/sandbox/transactions/{tx}/decline"), json!({"why": 1}).to_string(), 400, Some("why")),
        ("POST", format!("/sandbox/terminals/{term}/tap"), json!({"outcome": "approved"}).to_string(), 409, None),
        ("POST", format!("/sandbox/terminals/{term}/tap"), json!({"outcome": "insufficient"}).to_string(), 400, Some("outcome")),
        ("POST", "/sandbox/terminals/nope/tap".into(), "{}".into(), 404, None),
        ("POST", format!("/sandbox/terminals/{term}/cancel"), String::new(), 409, None),
        ("POST", format!("/sandbox/terminals/{term}/cancel"), json!({"x": 1}).to_string(), 400, Some("x")),
        ("POST", "/sandbox/terminals/nope/cancel".into(), String::new(), 404, None),
        ("POST", "/sandbox/webhooks/99/resend".into(), String::new(), 404, None),
        ("POST", "/sandbox/webhooks/first/resend".into(), String::new(), 404, None),
        ("POST", format!("/sandbox/clinics/{m}/webhooks/fail-next"), json!({}).to_string(), 400, Some("count")),
        ("POST", format!("/sandbox/clinics/{m}/webhooks/fail-next"), json!({"count": -1}).to_string(), 400, Some("count")),
        ("POST", format!("/sandbox/clinics/{m}/webhooks/fail-next"), json!({"count": 101}).to_string(), 400, Some("count")),
        ("POST", format!("/sandbox/clinics/{m}/webhooks/fail-next"), json!({"count": "2"}).to_string(), 400, Some("count")),
        ("POST", format!("/sandbox/clinics/{m}/webhooks/fail-next"), json!({"count": 1, "extra": 1}).to_string(), 400, Some("extra")),
        ("POST", "/sandbox/clinics/nope/webhooks/fail-next".into(), json!({"count": 1}).to_string(), 404, None),
        ("POST", "/sandbox/no/such/action".into(), "{}".into(), 404, None),
        ("GET", "/sandbox/no/such/page".into(), String::new(), 404, None),
        ("GET", format!("/sandbox/transactions/{tx}/pay"), String::new(), 405, None),
    ];
    for (method, path, body, expected, field) in &cases {
        let key = if path.starts_with("/api/") {
            Some(w.k.as_str())
        } else {
            None
        };
        let body = (!body.is_empty()).then(|| body.clone());
        let (status, answer) = api.raw(method, path, key, body).await;
        assert_eq!(status, *expected, "{method} {path}: {answer}");
        assert!(
            answer["message"].is_string(),
            "{method} {path}: JSON error body expected, got {answer}"
        );
        if let Some(field) = field {
            assert_field_error(status, &answer, field);
        }
    }
    // every API route wants a known key, whatever the body
    let routes = [
        ("POST", "/api/v1/transaction".to_string()),
        ("GET", format!("/api/v1/transaction/{tx}")),
        ("POST", format!("/api/v1/transaction/{paid}/refund")),
        ("PUT", format!("/api/v1/transaction/{tx}/status")),
        ("GET", "/api/v1/terminal".to_string()),
        ("PUT", format!("/api/v1/terminal/{term}")),
        ("PUT", format!("/api/v1/terminal/{term}/transaction")),
        ("POST", "/api/v1/payment/plan".to_string()),
        ("GET", format!("/api/v1/payment/plan/{plan}")),
        ("PUT", format!("/api/v1/payment/plan/{plan}/status")),
        ("POST", format!("/api/v1/payment/plan/{plan}/notification")),
        ("POST", format!("/api/v1/payment/plan/{plan}/charge")),
        (
            "POST",
            format!("/api/v1/payment/plan/{plan}/resume-and-charge"),
        ),
        ("POST", "/api/v1/onboarding".to_string()),
        ("GET", "/api/v1/merchant".to_string()),
        ("GET", format!("/api/v1/merchant/{m}/account")),
        (
            "POST",
            format!("/api/v1/merchant/{m}/account/{acc}/api-key"),
        ),
        ("GET", format!("/api/v1/merchant/{m}/account/{acc}/api-key")),
        ("POST", format!("/api/v1/merchant/{m}/api-key")),
        ("GET", format!("/api/v1/merchant/{m}/api-key")),
        ("GET", format!("/api/v1/merchant/{m}/webhook")),
        ("PUT", format!("/api/v1/merchant/{m}/webhook")),
        ("POST", "/api/v1/customer".to_string()),
        ("GET", format!("/api/v1/customer/{cu}")),
        ("GET", format!("/api/v1/customer/{cu}/wallet")),
        ("POST", format!("/api/v1/customer/{cu}/wallet")),
        ("POST", format!("/api/v1/customer/{cu}/wallet/debit")),
    ];
    assert_eq!(
        routes.len() + 1,
        28,
        "the 28 endpoints (set and clear share a route)"
    );
    for (method, path) in &routes {
        for key in [None, Some("api-test-nope"), Some("Bearer api-test-0123")] {
            let body = (*method != "GET").then(|| json!({"amount": 1, "name": "x"}).to_string());
            let (status, answer) = api.raw(method, path, key, body).await;
            assert_eq!(status, 401, "{method} {path} with {key:?}: {answer}");
            assert!(answer["message"].is_string());
        }
    }

    // dashboard forms: without the CSRF token every action is refused (403), with a bad
    // field it is a 400 page
    let actions = [
        format!("/dashboard/transactions/{tx}/pay"),
        format!("/dashboard/transactions/{tx}/decline"),
        format!("/dashboard/transactions/{paid}/refund"),
        format!("/dashboard/payment-plans/{plan}/authorise"),
        format!("/dashboard/terminals/{term}/tap"),
        format!("/dashboard/terminals/{term}/cancel"),
        "/dashboard/clock/advance".to_string(),
        "/dashboard/webhooks/1/resend".to_string(),
        format!("/dashboard/clinics/{m}/webhooks/fail-next"),
        "/dashboard/reset".to_string(),
    ];
    for path in &actions {
        for body in ["days=1&count=1", "csrf=nope&days=1&count=1"] {
            let (status, _, _) = api.form(path, body.to_string()).await;
            assert_eq!(status, 403, "{path} {body}");
        }
    }
    let csrf = api.csrf().await;
    for (path, fields) in [
        ("/dashboard/clock/advance".to_string(), "days=0"),
        ("/dashboard/clock/advance".to_string(), "days=abc"),
        (
            format!("/dashboard/transactions/{paid}/refund"),
            "amount=5000",
        ),
        (
            format!("/dashboard/clinics/{m}/webhooks/fail-next"),
            "count=500",
        ),
    ] {
        let (status, _, page) = api.form(&path, format!("csrf={csrf}&{fields}")).await;
        assert_eq!(status, 400, "{path} {fields}");
        assert!(page.contains("id=\"problem\""));
    }

    // no state moved
    assert_eq!(snapshot(&api, &w).await, before);
}

#[tokio::test]
async fn undecodable_path_segments_get_json_404s() {
    let api = start().await;
    let k = key(1);
    for (method, path) in [
        ("GET", "/api/v1/transaction/%FF"),
        ("GET", "/api/v1/merchant/%FF/account/%FE/api-key"),
        ("POST", "/sandbox/transactions/%FF/pay"),
    ] {
        let key = path.starts_with("/api/").then_some(k.as_str());
        let (status, body) = api.raw(method, path, key, None).await;
        assert_eq!(status, 404, "{path}");
        assert!(body["message"].is_string(), "{path}: {body}");
    }
    let page = api
        .http
        .get(format!("{}/checkout/transaction/%FF", api.url))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);
    assert!(page.text().await.unwrap().contains("not found"));
    let tx = api.create_transaction(&k, 100).await;
    let result = api
        .http
        .get(format!(
            "{}/checkout/transaction/{}/result?outcome=%FF%FE",
            api.url,
            tx["uuid"].as_str().unwrap()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(result.status(), 200, "an undecodable query is ignored");
}
