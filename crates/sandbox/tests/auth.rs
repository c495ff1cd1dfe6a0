//! access-token rules: required, known, and scoped to one merchant.

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn missing_unknown_and_malformed_keys_get_401_json() {
    let api = start().await;
    for key in [
        None,
        Some(""),
        Some("api-test-short"),
        Some("api-production-0123456789abcdef0123456789abcdef"),
        Some("api-test-0123456789ABCDEF0123456789ABCDEF"),
    ] {
        let (status, body) = api.raw("GET", "/api/v1/terminal", key, None).await;
        assert_eq!(status, 401, "{key:?}");
        assert!(body["message"].is_string(), "{body}");
        // the key is never echoed
        if let Some(k) = key.filter(|k| !k.is_empty()) {
            assert!(!body.to_string().contains(k));
        }
    }
    // a POST without a key changes nothing
    let (status, _) = api
        .raw(
            "POST",
            "/api/v1/transaction",
            None,
            Some(json!({"amount": 100, "name": "x"}).to_string()),
        )
        .await;
    assert_eq!(status, 401);
    // the control routes need no key
    let (status, body) = api.control("GET", "/sandbox/health", None).await;
    assert_eq!((status, body), (200, json!({ "ok": true })));
}

#[tokio::test]
async fn each_key_sees_only_its_own_merchant() {
    let api = start().await;
    let (a, b) = (key(1), key(2));
    let tx = api.create_transaction(&a, 1000).await;
    let uuid = tx["uuid"].as_str().unwrap();
    let plan = api
        .post(
            "/api/v1/payment/plan",
            &a,
            json!({ "name": "P", "amount": 500, "type": "on_demand" }),
        )
        .await;
    let customer = api
        .post(
            "/api/v1/customer",
            &a,
            json!({ "providerReferenceId": "p1" }),
        )
        .await;
    let terminals = api.get("/api/v1/terminal", &a).await;
    let terminal = terminals[0]["id"].as_str().unwrap();
    let merchants = api.get("/api/v1/merchant", &a).await;
    let merchant_a = merchants[0]["uuid"].as_str().unwrap();

    for (method, path, body) in [
        ("GET", format!("/api/v1/transaction/{uuid}"), None),
        (
            "POST",
            format!("/api/v1/transaction/{uuid}/refund"),
            Some(json!({"amount": 1})),
        ),
        (
            "PUT",
            format!("/api/v1/transaction/{uuid}/status"),
            Some(json!({"status": "void"})),
        ),
        (
            "GET",
            format!("/api/v1/payment/plan/{}", plan["uuid"].as_str().unwrap()),
            None,
        ),
        (
            "GET",
            format!("/api/v1/customer/{}", customer["uuid"].as_str().unwrap()),
            None,
        ),
        (
            "PUT",
            format!("/api/v1/terminal/{terminal}"),
            Some(json!({"name": "mine"})),
        ),
        (
            "GET",
            format!("/api/v1/merchant/{merchant_a}/account"),
            None,
        ),
        (
            "GET",
            format!("/api/v1/merchant/{merchant_a}/webhook"),
            None,
        ),
    ] {
        let (status, answer) = api.call(method, &path, &b, body).await;
        assert_eq!(
            status, 404,
            "{method} {path} with another merchant's key: {answer}"
        );
    }
    // B's own world is separate: its own terminals, no transactions of A.
    let terminals_b = api.get("/api/v1/terminal", &b).await;
    assert_eq!(terminals_b.as_array().unwrap().len(), 3);
    assert!(terminals_b
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["id"] != terminal));
    // and A's transaction is untouched
    assert_eq!(api.transaction(&a, uuid).await["status"], "unpaid");
}

#[tokio::test]
async fn onboarding_keys_work_and_partners_manage_what_they_onboarded() {
    let api = start().await;
    let partner = key(3);
    let onboarded = api
        .post(
            "/api/v1/onboarding",
            &partner,
            json!({ "name": "Smile Clinic", "email": "hello@smile.test", "webhookUrl": "http://127.0.0.1:9/hook" }),
        )
        .await;
    let clinic_key = onboarded["apiKey"].as_str().unwrap().to_string();
    let clinic = onboarded["uuid"].as_str().unwrap();
    assert!(clinic_key.starts_with("api-test-") && clinic_key.len() == 41);

    // the new key works and sees its own merchant only
    let own = api.get("/api/v1/merchant", &clinic_key).await;
    assert_eq!(own.as_array().unwrap().len(), 1);
    assert_eq!(own[0]["uuid"], clinic);
    assert_eq!(own[0]["name"], "Smile Clinic");
    // the partner sees itself and the clinic
    let listed = api.get("/api/v1/merchant", &partner).await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    // the clinic cannot manage the partner
    let partner_uuid = listed[0]["uuid"].as_str().unwrap();
    let (status, _) = api
        .call(
            "GET",
            &format!("/api/v1/merchant/{partner_uuid}/account"),
            &clinic_key,
            None,
        )
        .await;
    assert_eq!(status, 404);
    // a stranger cannot manage the clinic
    let (status, _) = api
        .call(
            "GET",
            &format!("/api/v1/merchant/{clinic}/account"),
            &key(4),
            None,
        )
        .await;
    assert_eq!(status, 404);

    // webhook URL from onboarding, then changed and removed
    let hook = api
        .get(&format!("/api/v1/merchant/{clinic}/webhook"), &partner)
        .await;
    assert_eq!(
        hook,
        json!({ "uuid": clinic, "webhookUrl": "http://127.0.0.1:9/hook" })
    );
    let changed = api
        .put(
            &format!("/api/v1/merchant/{clinic}/webhook"),
            &partner,
            json!({ "webhookUrl": "https://clinic.test/w" }),
        )
        .await;
    assert_eq!(changed["webhookUrl"], "https://clinic.test/w");
    let removed = api
        .put(
            &format!("/api/v1/merchant/{clinic}/webhook"),
            &partner,
            json!({ "webhookUrl": null }),
        )
        .await;
    assert_eq!(removed["webhookUrl"], json!(null));

    // keys: created secrets are shown once, listings never show them
    let accounts = api
        .get(&format!("/api/v1/merchant/{clinic}/account"), &partner)
        .await;
    assert_eq!(accounts[0]["email"], "hello@smile.test");
    assert_eq!(accounts[0]["role"], "owner");
    let account = accounts[0]["uuid"].as_str().unwrap();
    let created = api
        .post(
            &format!("/api/v1/merchant/{clinic}/account/{account}/api-key"),
            &partner,
            json!({}),
        )
        .await;
    let secret = created["apiKey"].as_str().unwrap();
    let listed = api
        .get(
            &format!("/api/v1/merchant/{clinic}/account/{account}/api-key"),
            &partner,
        )
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert!(!listed.to_string().contains("api-test-"));
    assert!(listed
        .as_array()
        .unwrap()
        .iter()
        .all(|k| k["uuid"].is_string()
            && k["createdTime"].is_string()
            && k.as_object().unwrap().len() == 2));
    let deprecated = api
        .post(
            &format!("/api/v1/merchant/{clinic}/api-key"),
            &partner,
            json!({}),
        )
        .await;
    assert!(deprecated["apiKey"]
        .as_str()
        .unwrap()
        .starts_with("api-test-"));
    assert_eq!(
        api.get(&format!("/api/v1/merchant/{clinic}/api-key"), &partner)
            .await
            .as_array()
            .unwrap()
            .len(),
        3
    );
    // the rotated key reaches the same merchant
    assert_eq!(api.get("/api/v1/merchant", secret).await[0]["uuid"], clinic);
    // an account of another merchant is 404
    let (status, _) = api
        .call(
            "GET",
            &format!("/api/v1/merchant/{clinic}/account/{partner_uuid}/api-key"),
            &partner,
            None,
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn sandboxes_are_independent_and_close_stops_serving() {
    let mut one = start().await;
    let two = start().await;
    let tx = one.create_transaction(&key(1), 100).await;
    let (status, _) = two
        .call(
            "GET",
            &format!("/api/v1/transaction/{}", tx["uuid"].as_str().unwrap()),
            &key(1),
            None,
        )
        .await;
    assert_eq!(status, 404);
    one.sandbox.close().await;
    one.sandbox.close().await;
    assert!(one
        .http
        .get(format!("{}/sandbox/health", one.url))
        .send()
        .await
        .is_err());
    let (status, _) = two.control("GET", "/sandbox/health", None).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn every_api_answer_carries_a_fresh_request_id() {
    let api = start().await;
    let mut seen = std::collections::HashSet::new();
    for (method, path, key) in [
        ("GET", "/api/v1/terminal", Some(key(1))),
        ("GET", "/api/v1/terminal", None),
        ("GET", "/api/v1/transaction/nope", Some(key(1))),
        ("GET", "/api/v1/no-such-route", Some(key(1))),
        ("POST", "/api/v1/transaction", Some(key(1))),
    ] {
        let mut request = api.http.request(
            reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
            format!("{}{path}", api.url),
        );
        if let Some(key) = key {
            request = request.header("access-token", key);
        }
        let response = request.send().await.expect("answered");
        let id = response
            .headers()
            .get("x-request-id")
            .unwrap_or_else(|| panic!("{method} {path}: no x-request-id"))
            .to_str()
            .unwrap()
            .to_string();
        assert_eq!(id.len(), 36, "{id}");
        assert!(seen.insert(id), "ids are unique");
    }
}
