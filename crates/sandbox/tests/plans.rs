//! Payment plans on the sandbox clock, on-demand charges, wallets.

mod common;

use common::*;
use serde_json::{json, Value};

fn uuids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn recurring_plan_runs_monthly_and_a_paused_month_is_skipped() {
    let api = start().await;
    let k = key(1);
    let today = api.today().await;
    let plan = api
        .post(
            "/api/v1/payment/plan",
            &k,
            json!({ "name": "Ann", "amount": "2500", "startDate": today, "type": "recurring",
                    "method": "card", "transactionReference": "ANN-2026", "note": "braces",
                    "extraKey": "passes through" }),
        )
        .await;
    let uuid = plan["uuid"].as_str().unwrap();
    assert_eq!(plan["status"], "sent");
    assert_eq!(plan["amount"], 2500, "string amounts are read as pennies");
    assert_eq!(plan["extraKey"], "passes through");
    assert_eq!(plan["startDate"], today.as_str());

    // nothing is charged before the patient authorises, however far the clock goes
    assert_eq!(api.advance(1).await["transactions"], json!([]));
    // a second plan starting today (the first one's start date has passed)
    let plan = api
        .post(
            "/api/v1/payment/plan",
            &k,
            json!({ "name": "Ann", "amount": 2500, "startDate": api.today().await, "transactionReference": "ANN-2" }),
        )
        .await;
    let uuid2 = plan["uuid"].as_str().unwrap();
    let (status, _) = api
        .control(
            "POST",
            &format!("/sandbox/payment-plans/{uuid2}/authorise"),
            Some(json!({"card": "4000000000000002"})),
        )
        .await;
    assert_eq!(status, 400, "a declined card does not authorise");
    assert_eq!(
        api.get(&format!("/api/v1/payment/plan/{uuid2}"), &k).await["status"],
        "sent"
    );
    let authorised = api
        .control_ok(
            &format!("/sandbox/payment-plans/{uuid2}/authorise"),
            json!({}),
        )
        .await;
    assert_eq!(authorised["status"], "authorised");
    // the occurrence due today was charged at authorisation: the next one is a month away
    let next = authorised["nextPaymentDate"].as_str().unwrap().to_string();
    assert!(next > api.today().await, "{next}");

    // month 1 charged
    let month1 = uuids(&api.advance(31).await["transactions"]);
    assert_eq!(month1.len(), 1);
    let t = api.transaction(&k, &month1[0]).await;
    assert_eq!(t["status"], "paid");
    assert_eq!(t["amount"], 2500);
    assert_eq!(t["paymentPlan"]["transactionReference"], "ANN-2");
    assert_eq!(t["paymentPlan"]["uuid"], uuid2);

    // pause: month 2 is skipped for good
    api.put(
        &format!("/api/v1/payment/plan/{uuid2}/status"),
        &k,
        json!({"status": "paused"}),
    )
    .await;
    assert_eq!(api.advance(31).await["transactions"], json!([]));
    let resumed = api
        .put(
            &format!("/api/v1/payment/plan/{uuid2}/status"),
            &k,
            json!({"status": "resumed"}),
        )
        .await;
    assert_eq!(
        resumed["status"], "authorised",
        "resumed restores the state before the pause"
    );
    // month 3 charged again; the skipped month is not back-charged
    assert_eq!(uuids(&api.advance(31).await["transactions"]).len(), 1);
    // bad transitions
    let (status, body) = api
        .call(
            "PUT",
            &format!("/api/v1/payment/plan/{uuid2}/status"),
            &k,
            Some(json!({"status": "resumed"})),
        )
        .await;
    assert_field_error(status, &body, "status");
    api.put(
        &format!("/api/v1/payment/plan/{uuid2}/status"),
        &k,
        json!({"status": "void"}),
    )
    .await;
    assert_eq!(
        api.advance(62).await["transactions"],
        json!([]),
        "void ends the schedule"
    );
    let (status, _) = api
        .call(
            "PUT",
            &format!("/api/v1/payment/plan/{uuid2}/status"),
            &k,
            Some(json!({"status": "paused"})),
        )
        .await;
    assert_eq!(status, 400);
    // the first plan was never authorised
    assert_eq!(
        api.get(&format!("/api/v1/payment/plan/{uuid}"), &k).await["status"],
        "sent"
    );
    // duplicate transactionReference
    let (status, body) = api
        .call("POST", "/api/v1/payment/plan", &k, Some(json!({ "name": "x", "amount": 1, "startDate": "2030-01-01", "transactionReference": "ANN-2" })))
        .await;
    assert_field_error(status, &body, "transactionReference");
}

#[tokio::test]
async fn plan_with_end_date_ends_and_insufficient_funds_recovers() {
    let api = start().await;
    let k = key(2);
    let today = api.today().await;
    let end = {
        // two occurrences: today and a month later
        let plan = api
            .post(
                "/api/v1/payment/plan",
                &k,
                json!({ "name": "B", "amount": 1000, "startDate": today, "endDate": "2999-01-01" }),
            )
            .await;
        plan["endDate"].clone()
    };
    assert_eq!(end, "2999-01-01");
    let plan = api
        .post(
            "/api/v1/payment/plan",
            &k,
            json!({ "name": "B", "amount": 1000, "startDate": today }),
        )
        .await;
    let uuid = plan["uuid"].as_str().unwrap();
    // the insufficient-funds card authorises the mandate; the charges then fail
    api.control_ok(
        &format!("/sandbox/payment-plans/{uuid}/authorise"),
        json!({ "card": "4000 0000 0000 9995" }),
    )
    .await;
    let after = api.get(&format!("/api/v1/payment/plan/{uuid}"), &k).await;
    assert_eq!(after["status"], "insufficient_funds");
    // missed months are not charged while in insufficient_funds
    assert_eq!(api.advance(31).await["transactions"], json!([]));
    let recovered = api
        .post(
            &format!("/api/v1/payment/plan/{uuid}/resume-and-charge"),
            &k,
            json!({}),
        )
        .await;
    let t = api
        .transaction(&k, recovered["transactionUuid"].as_str().unwrap())
        .await;
    assert_eq!(t["status"], "paid");
    assert_eq!(
        api.get(&format!("/api/v1/payment/plan/{uuid}"), &k).await["status"],
        "authorised"
    );
    // resume-and-charge outside insufficient_funds: 400
    let (status, body) = api
        .call(
            "POST",
            &format!("/api/v1/payment/plan/{uuid}/resume-and-charge"),
            &k,
            Some(json!({})),
        )
        .await;
    assert_field_error(status, &body, "status");

    // a plan with an end date ends after its last occurrence
    let short = api
        .post("/api/v1/payment/plan", &k, json!({ "name": "C", "amount": 300, "startDate": api.today().await, "endDate": api.today().await }))
        .await;
    let short_uuid = short["uuid"].as_str().unwrap();
    api.control_ok(
        &format!("/sandbox/payment-plans/{short_uuid}/authorise"),
        json!({}),
    )
    .await;
    assert_eq!(
        api.get(&format!("/api/v1/payment/plan/{short_uuid}"), &k)
            .await["status"],
        "ended"
    );
}

#[tokio::test]
async fn on_demand_plan_charges_with_scenarios() {
    let api = start().await;
    let k = key(3);
    let plan = api
        .post(
            "/api/v1/payment/plan",
            &k,
            json!({ "name": "Hold", "amount": 5000, "type": "on_demand" }),
        )
        .await;
    let uuid = plan["uuid"].as_str().unwrap();
    // not yet authorised
    let (status, body) = api
        .call(
            "POST",
            &format!("/api/v1/payment/plan/{uuid}/charge"),
            &k,
            Some(json!({})),
        )
        .await;
    assert_field_error(status, &body, "status");
    api.post(
        &format!("/api/v1/payment/plan/{uuid}/notification"),
        &k,
        json!({}),
    )
    .await;
    api.control_ok(
        &format!("/sandbox/payment-plans/{uuid}/authorise"),
        json!({}),
    )
    .await;

    let charged = api
        .post(
            &format!("/api/v1/payment/plan/{uuid}/charge"),
            &k,
            json!({ "amount": 1200, "reference": "VISIT-1", "invoiceUuid": "inv-7" }),
        )
        .await;
    let t = api
        .transaction(&k, charged["transactionUuid"].as_str().unwrap())
        .await;
    assert_eq!(
        (t["status"].clone(), t["amount"].clone()),
        (json!("paid"), json!(1200))
    );
    assert_eq!(t["paymentPlanExecutionReference"], "VISIT-1");
    assert_eq!(t["invoice"]["uuid"], "inv-7");
    // default amount, via the 0.0.47 name
    let executed = api
        .post(
            &format!("/api/v1/payment/plan/{uuid}/execute"),
            &k,
            json!({}),
        )
        .await;
    assert_eq!(
        api.transaction(&k, executed["transactionUuid"].as_str().unwrap())
            .await["amount"],
        5000
    );

    let declined = api
        .post(
            &format!("/api/v1/payment/plan/{uuid}/charge"),
            &k,
            json!({ "testScenario": "declined" }),
        )
        .await;
    assert_eq!(
        api.transaction(&k, declined["transactionUuid"].as_str().unwrap())
            .await["status"],
        "rejected"
    );
    assert_eq!(
        api.get(&format!("/api/v1/payment/plan/{uuid}"), &k).await["status"],
        "error"
    );
    api.put(
        &format!("/api/v1/payment/plan/{uuid}/status"),
        &k,
        json!({"status": "resumed"}),
    )
    .await;

    let short = api
        .post(
            &format!("/api/v1/payment/plan/{uuid}/charge"),
            &k,
            json!({ "testScenario": "insufficient_funds" }),
        )
        .await;
    assert_eq!(
        api.transaction(&k, short["transactionUuid"].as_str().unwrap())
            .await["status"],
        "rejected"
    );
    assert_eq!(
        api.get(&format!("/api/v1/payment/plan/{uuid}"), &k).await["status"],
        "insufficient_funds"
    );
    let again = api
        .post(
            &format!("/api/v1/payment/plan/{uuid}/resume-and-charge"),
            &k,
            json!({ "testScenario": "insufficient_funds" }),
        )
        .await;
    assert_eq!(
        api.transaction(&k, again["transactionUuid"].as_str().unwrap())
            .await["status"],
        "rejected"
    );
    assert_eq!(
        api.get(&format!("/api/v1/payment/plan/{uuid}"), &k).await["status"],
        "insufficient_funds"
    );
    let recovered = api
        .post(
            &format!("/api/v1/payment/plan/{uuid}/resume-and-charge"),
            &k,
            json!({}),
        )
        .await;
    assert_eq!(
        api.transaction(&k, recovered["transactionUuid"].as_str().unwrap())
            .await["status"],
        "paid"
    );

    let (status, body) = api
        .call(
            "POST",
            &format!("/api/v1/payment/plan/{uuid}/charge"),
            &k,
            Some(json!({ "testScenario": "explode" })),
        )
        .await;
    assert_field_error(status, &body, "testScenario");
    // a recurring plan cannot be charged on demand
    let recurring = api
        .post(
            "/api/v1/payment/plan",
            &k,
            json!({ "name": "R", "amount": 100, "startDate": "2030-01-01" }),
        )
        .await;
    let (status, body) = api
        .call(
            "POST",
            &format!(
                "/api/v1/payment/plan/{}/charge",
                recurring["uuid"].as_str().unwrap()
            ),
            &k,
            Some(json!({})),
        )
        .await;
    assert_field_error(status, &body, "type");
}

#[tokio::test]
async fn wallets_are_authorised_at_checkout_then_debited() {
    let api = start().await;
    let k = key(4);
    let customer = api
        .post(
            "/api/v1/customer",
            &k,
            json!({ "providerReferenceId": "PAT-1", "firstName": "Ada", "email": "a@x.test" }),
        )
        .await;
    assert_eq!(customer["active"], true);
    assert!(customer["shopperReference"].is_string() && customer["createdTime"].is_string());
    let cu = customer["uuid"].as_str().unwrap();
    assert_eq!(
        api.get(&format!("/api/v1/customer/{cu}"), &k).await,
        customer
    );

    // no authorised wallet yet
    let (status, body) = api
        .call(
            "POST",
            &format!("/api/v1/customer/{cu}/wallet/debit"),
            &k,
            Some(json!({ "amount": 100 })),
        )
        .await;
    assert_field_error(status, &body, "walletUuid");

    let first = api
        .post(
            &format!("/api/v1/customer/{cu}/wallet"),
            &k,
            json!({ "name": "Visa", "emailNotify": false, "smsNotify": false }),
        )
        .await;
    let second = api
        .post(
            &format!("/api/v1/customer/{cu}/wallet"),
            &k,
            json!({ "name": "Spare", "emailNotify": false, "smsNotify": false }),
        )
        .await;
    let (w1, w2) = (
        first["uuid"].as_str().unwrap(),
        second["uuid"].as_str().unwrap(),
    );
    assert_eq!(
        first["links"]["checkout"],
        format!("{}/checkout/wallet/{w1}", api.url)
    );
    let wallets = api.get(&format!("/api/v1/customer/{cu}/wallet"), &k).await;
    assert_eq!(wallets[0]["status"], "sent");

    api.control_ok(&format!("/sandbox/wallets/{w2}/authorise"), json!({}))
        .await;
    api.control_ok(
        &format!("/sandbox/wallets/{w1}/authorise"),
        json!({ "card": "4000000000009995" }),
    )
    .await;
    // w1 is first in creation order and authorised, so it is charged; its card lacks funds
    let debit = api
        .post(
            &format!("/api/v1/customer/{cu}/wallet/debit"),
            &k,
            json!({ "amount": 800 }),
        )
        .await;
    let t = api
        .transaction(&k, debit["transactionUuid"].as_str().unwrap())
        .await;
    assert_eq!(t["status"], "rejected");
    assert_eq!(t["customer"]["uuid"], cu);
    let named = api
        .post(
            &format!("/api/v1/customer/{cu}/wallet/debit"),
            &k,
            json!({ "amount": 800, "walletUuid": w2 }),
        )
        .await;
    assert_eq!(
        api.transaction(&k, named["transactionUuid"].as_str().unwrap())
            .await["status"],
        "paid"
    );
    let (status, body) = api
        .call(
            "POST",
            &format!("/api/v1/customer/{cu}/wallet/debit"),
            &k,
            Some(json!({ "amount": 800, "walletUuid": "nope" })),
        )
        .await;
    assert_field_error(status, &body, "walletUuid");
    // authorising twice is a conflict
    let (status, _) = api
        .control("POST", &format!("/sandbox/wallets/{w2}/authorise"), None)
        .await;
    assert_eq!(status, 409);
}
