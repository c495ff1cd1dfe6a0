//! Transactions and terminals through their lifecycles.

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn payment_link_is_paid_then_refunded_in_parts() {
    let api = start().await;
    let k = key(1);
    let tx = api.create_transaction(&k, 5000).await;
    let uuid = tx["uuid"].as_str().unwrap();
    assert_eq!(tx["status"], "unpaid");
    assert_eq!(tx["paymentMethod"], json!(null));
    assert_eq!(tx["refunds"], json!([]));
    assert_eq!(
        tx["paymentUrl"],
        format!("{}/checkout/transaction/{uuid}", api.url)
    );

    // refunding an unpaid transaction is a bad transition
    let (status, body) = api
        .call(
            "POST",
            &format!("/api/v1/transaction/{uuid}/refund"),
            &k,
            Some(json!({"amount": 100})),
        )
        .await;
    assert_field_error(status, &body, "status");

    let paid = api
        .control_ok(&format!("/sandbox/transactions/{uuid}/pay"), json!({}))
        .await;
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["paymentMethod"], "visa");
    assert_eq!(paid["paymentMethodSummary"], "**** 4242");
    assert_eq!(paid["paymentMethodAuthCode"].as_str().unwrap().len(), 6);
    assert!(paid["paymentPaidTime"].as_str().unwrap().ends_with('Z'));
    // paying twice is a conflict
    let (status, _) = api
        .control("POST", &format!("/sandbox/transactions/{uuid}/pay"), None)
        .await;
    assert_eq!(status, 409);
    // void after payment is refused
    let (status, body) = api
        .call(
            "PUT",
            &format!("/api/v1/transaction/{uuid}/status"),
            &k,
            Some(json!({"status": "void"})),
        )
        .await;
    assert_field_error(status, &body, "status");

    let refund = |amount: i64| {
        let api = &api;
        let k = k.clone();
        async move {
            api.call(
                "POST",
                &format!("/api/v1/transaction/{uuid}/refund"),
                &k,
                Some(json!({ "amount": amount, "reason": "goodwill" })),
            )
            .await
        }
    };
    assert_eq!(refund(1000).await.0, 200);
    assert_eq!(refund(1500).await.0, 200);
    let after = api.transaction(&k, uuid).await;
    assert_eq!(after["status"], "paid");
    assert_eq!(after["refunds"].as_array().unwrap().len(), 2);
    assert_eq!(after["refunds"][0]["status"], "started");
    assert_eq!(after["refunds"][0]["reason"], "goodwill");
    // more than the 2500 left: 400, nothing recorded
    let (status, body) = refund(2501).await;
    assert_field_error(status, &body, "amount");
    assert_eq!(
        api.transaction(&k, uuid).await["refunds"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // refunds settle when the clock moves
    api.advance(1).await;
    assert_eq!(
        api.transaction(&k, uuid).await["refunds"][1]["status"],
        "completed"
    );
    // the rest: fully refunded
    assert_eq!(refund(2500).await.0, 200);
    let done = api.transaction(&k, uuid).await;
    assert_eq!(done["status"], "refunded");
    assert_eq!(refund(1).await.0, 400);
}

#[tokio::test]
async fn void_decline_and_nested_references() {
    let api = start().await;
    let k = key(1);
    let tx = api.create_transaction(&k, 700).await;
    let uuid = tx["uuid"].as_str().unwrap();
    let (status, _) = api
        .call(
            "PUT",
            &format!("/api/v1/transaction/{uuid}/status"),
            &k,
            Some(json!({"status": "paid"})),
        )
        .await;
    assert_eq!(status, 400, "only void may be set");
    api.put(
        &format!("/api/v1/transaction/{uuid}/status"),
        &k,
        json!({"status": "void"}),
    )
    .await;
    assert_eq!(api.transaction(&k, uuid).await["status"], "void");
    let (status, _) = api
        .control("POST", &format!("/sandbox/transactions/{uuid}/pay"), None)
        .await;
    assert_eq!(status, 409);

    let tx = api.create_transaction(&k, 700).await;
    let declined = api
        .control_ok(
            &format!(
                "/sandbox/transactions/{}/decline",
                tx["uuid"].as_str().unwrap()
            ),
            json!({}),
        )
        .await;
    assert_eq!(declined["status"], "rejected");
    assert_eq!(declined["paymentMethod"], json!(null));
    let by_card = api.create_transaction(&k, 700).await;
    for (card, reason) in [
        ("4000 0000 0000 9995", "insufficient funds"),
        ("4000000000000002", "card declined"),
    ] {
        let tx = api.create_transaction(&k, 700).await;
        let answer = api
            .control_ok(
                &format!("/sandbox/transactions/{}/pay", tx["uuid"].as_str().unwrap()),
                json!({ "card": card }),
            )
            .await;
        assert_eq!(answer["status"], "rejected");
        assert_eq!(answer["failureReason"], reason);
    }
    let (status, body) = api
        .control(
            "POST",
            &format!(
                "/sandbox/transactions/{}/pay",
                by_card["uuid"].as_str().unwrap()
            ),
            Some(json!({"card": "abc"})),
        )
        .await;
    assert_field_error(status, &body, "card");

    // the documented nested forms, next to the flat ones
    let customer = api
        .post(
            "/api/v1/customer",
            &k,
            json!({ "providerReferenceId": "P-9", "firstName": "Ada", "lastName": "L" }),
        )
        .await;
    let cu = customer["uuid"].as_str().unwrap();
    let nested = api
        .post(
            "/api/v1/transaction",
            &k,
            json!({ "customer": { "uuid": cu }, "invoice": { "uuid": "inv-1", "lineItems": [
                { "description": "Check-up", "amount": 4000 }, { "description": "X-ray", "amount": 1500 } ] } }),
        )
        .await;
    assert_eq!(nested["amount"], 5500, "amount from the line items");
    assert_eq!(nested["customer"]["uuid"], cu);
    assert_eq!(nested["customer"]["providerReferenceId"], "P-9");
    assert_eq!(nested["invoice"]["uuid"], "inv-1");
    let flat = api
        .post(
            "/api/v1/transaction",
            &k,
            json!({ "amount": 100, "name": "x", "customerUuid": cu, "invoiceUuid": "inv-2" }),
        )
        .await;
    assert_eq!(flat["customer"]["uuid"], cu);
    assert_eq!(flat["invoice"], json!({ "uuid": "inv-2", "lineItems": [] }));
    let (status, body) = api
        .call(
            "POST",
            "/api/v1/transaction",
            &k,
            Some(json!({ "amount": 100, "customerUuid": "nope" })),
        )
        .await;
    assert_field_error(status, &body, "customerUuid");
    let (status, body) = api
        .call("POST", "/api/v1/transaction", &k, Some(json!({ "amount": 100, "name": "x", "customerUuid": cu, "customer": { "uuid": "other" } })))
        .await;
    assert_field_error(status, &body, "customerUuid");
}

#[tokio::test]
async fn terminal_set_tap_and_clear() {
    let api = start().await;
    let k = key(5);
    let terminals = api.get("/api/v1/terminal", &k).await;
    assert_eq!(terminals.as_array().unwrap().len(), 3);
    let id = terminals[0]["id"].as_str().unwrap().to_string();
    assert!(id.contains('-'));
    assert_eq!(terminals[0]["active"], true);

    let renamed = api
        .put(
            &format!("/api/v1/terminal/{id}"),
            &k,
            json!({ "name": "Front desk" }),
        )
        .await;
    assert_eq!(renamed["name"], "Front desk");
    assert_eq!(
        api.get("/api/v1/terminal", &k).await[0]["name"],
        "Front desk"
    );

    // tapping an idle terminal is a conflict
    let (status, _) = api
        .control("POST", &format!("/sandbox/terminals/{id}/tap"), None)
        .await;
    assert_eq!(status, 409);

    let tx = api.create_transaction(&k, 2500).await;
    let uuid = tx["uuid"].as_str().unwrap();
    api.put(
        &format!("/api/v1/terminal/{id}/transaction"),
        &k,
        json!({ "transactionUuid": uuid }),
    )
    .await;
    assert_eq!(
        api.get("/api/v1/terminal", &k).await[0]["transaction"]["uuid"],
        uuid
    );
    // clearTransaction sends the literal body null
    let (status, _) = api
        .raw(
            "PUT",
            &format!("/api/v1/terminal/{id}/transaction"),
            Some(&k),
            Some("null".into()),
        )
        .await;
    assert_eq!(status, 200);
    assert!(api.get("/api/v1/terminal", &k).await[0]
        .get("transaction")
        .is_none());
    // a declined tap leaves the transaction rejected and the terminal free
    api.put(
        &format!("/api/v1/terminal/{id}/transaction"),
        &k,
        json!({ "transactionUuid": uuid }),
    )
    .await;
    let declined = api
        .control_ok(
            &format!("/sandbox/terminals/{id}/tap"),
            json!({ "outcome": "declined" }),
        )
        .await;
    assert_eq!(declined["status"], "rejected");
    assert!(api.get("/api/v1/terminal", &k).await[0]
        .get("transaction")
        .is_none());
    // a rejected transaction cannot go back on a terminal
    let (status, body) = api
        .call(
            "PUT",
            &format!("/api/v1/terminal/{id}/transaction"),
            &k,
            Some(json!({ "transactionUuid": uuid })),
        )
        .await;
    assert_field_error(status, &body, "transactionUuid");

    let tx = api.create_transaction(&k, 900).await;
    let uuid = tx["uuid"].as_str().unwrap();
    api.put(
        &format!("/api/v1/terminal/{id}/transaction"),
        &k,
        json!({ "transactionUuid": uuid }),
    )
    .await;
    let paid = api
        .control_ok(
            &format!("/sandbox/terminals/{id}/tap"),
            json!({ "outcome": "paid" }),
        )
        .await;
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["paymentMethod"], "visa_contactless");
    // unknown terminal
    let (status, _) = api
        .call(
            "PUT",
            "/api/v1/terminal/S1F2-000/transaction",
            &k,
            Some(json!({ "transactionUuid": uuid })),
        )
        .await;
    assert_eq!(status, 404);
}
