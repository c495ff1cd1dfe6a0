//! The checkout pages: what the patient sees, and the form POST with each test card.

mod common;

use common::*;
use serde_json::json;

async fn form(
    api: &Api,
    path: &str,
    card: &str,
    expiry: &str,
    cvc: &str,
) -> (u16, Option<String>, String) {
    let response = api
        .http
        .post(format!("{}{path}", api.url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "card_number={}&expiry={}&cvc={cvc}",
            card.replace(' ', "+"),
            expiry.replace('/', "%2F")
        ))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    (status, location, response.text().await.unwrap())
}

#[tokio::test]
async fn checkout_page_shows_the_payment_and_escapes_input() {
    let api = start().await;
    let k = key(1);
    let tx = api
        .post(
            "/api/v1/transaction",
            &k,
            json!({ "amount": 12345, "name": "Jo", "patientNote": "<script>alert('x')</script> & co" }),
        )
        .await;
    let url = tx["paymentUrl"].as_str().unwrap();
    let page = api.http.get(url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = page.text().await.unwrap();
    for id in [
        "clinic",
        "amount",
        "patient-note",
        "card-number",
        "expiry",
        "cvc",
        "pay",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "#{id} missing");
    }
    assert!(html.contains("£123.45"));
    assert!(html.contains("Sandbox Clinic"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
    assert!(!html.contains("<script>"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external assets"
    );
    let missing = api
        .http
        .get(format!("{}/checkout/transaction/nope", api.url))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn form_post_pays_and_redirects_to_success_or_failure() {
    let api = start().await;
    let k = key(1);
    let create = |amount: i64| {
        let api = &api;
        let k = k.clone();
        async move {
            api.post(
                "/api/v1/transaction",
                &k,
                json!({ "amount": amount, "name": "Jo", "successUrl": "https://clinic.test/ok?x=1", "failureUrl": "https://clinic.test/failed" }),
            )
            .await
        }
    };
    let tx = create(500).await;
    let uuid = tx["uuid"].as_str().unwrap();
    let path = format!("/checkout/transaction/{uuid}");

    // bad form fields: 400 page with the reason, nothing changes
    for (card, expiry, cvc, needle) in [
        ("", "12/40", "123", "card number"),
        ("4242 4242 4242 4242", "13/40", "123", "expiry"),
        ("4242 4242 4242 4242", "01/20", "123", "expired"),
        ("4242 4242 4242 4242", "12/40", "12", "CVC"),
    ] {
        let (status, _, html) = form(&api, &path, card, expiry, cvc).await;
        assert_eq!(status, 400, "{card} {expiry} {cvc}");
        assert!(
            html.contains("id=\"error\"") && html.contains(needle),
            "{needle}: {html}"
        );
    }
    assert_eq!(api.transaction(&k, uuid).await["status"], "unpaid");

    let (status, location, _) = form(&api, &path, "4242 4242 4242 4242", "12/40", "123").await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("https://clinic.test/ok?x=1"));
    assert_eq!(api.transaction(&k, uuid).await["status"], "paid");
    // paying again: 409 page showing the status
    let (status, _, html) = form(&api, &path, "4242424242424242", "12/40", "123").await;
    assert_eq!(status, 409);
    assert!(html.contains("id=\"status\">paid<"));

    let declined = create(600).await;
    let (status, location, _) = form(
        &api,
        &format!(
            "/checkout/transaction/{}",
            declined["uuid"].as_str().unwrap()
        ),
        "4000 0000 0000 0002",
        "12/40",
        "123",
    )
    .await;
    assert_eq!(
        (status, location.as_deref()),
        (303, Some("https://clinic.test/failed"))
    );
    assert_eq!(
        api.transaction(&k, declined["uuid"].as_str().unwrap())
            .await["status"],
        "rejected"
    );

    // without redirect URLs: the sandbox's own result page
    let plain = api.create_transaction(&k, 700).await;
    let plain_uuid = plain["uuid"].as_str().unwrap();
    let (status, location, _) = form(
        &api,
        &format!("/checkout/transaction/{plain_uuid}"),
        "4000000000009995",
        "12/40",
        "123",
    )
    .await;
    assert_eq!(status, 303);
    let location = location.unwrap();
    assert!(location.starts_with(&format!(
        "/checkout/transaction/{plain_uuid}/result?outcome=failure"
    )));
    let html = api.text(format!("{}{location}", api.url)).await;
    assert!(
        html.contains("id=\"status\">rejected<") && html.contains("insufficient funds"),
        "{html}"
    );
}

#[tokio::test]
async fn plan_and_wallet_checkouts_authorise() {
    let api = start().await;
    let k = key(2);
    let plan = api
        .post(
            "/api/v1/payment/plan",
            &k,
            json!({ "name": "P", "amount": 999, "type": "on_demand", "note": "Whitening" }),
        )
        .await;
    let uuid = plan["uuid"].as_str().unwrap();
    let html = api.text(plan["paymentUrl"].as_str().unwrap()).await;
    assert!(html.contains("£9.99") && html.contains("Whitening"));
    assert_eq!(
        api.plan_status(&k, uuid).await,
        "authorising",
        "opening the page"
    );
    let (status, _, _) = form(
        &api,
        &format!("/checkout/plan/{uuid}"),
        "4000000000000002",
        "12/40",
        "123",
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        api.plan_status(&k, uuid).await,
        "authorising",
        "declined card"
    );
    let (status, location, _) = form(
        &api,
        &format!("/checkout/plan/{uuid}"),
        "4242424242424242",
        "12/40",
        "123",
    )
    .await;
    assert_eq!(status, 303);
    let location = location.unwrap();
    assert!(location.ends_with("outcome=success"));
    let html = api.text(format!("{}{location}", api.url)).await;
    assert!(
        html.contains("Thank you: your card is authorised") && !html.contains("payment complete")
    );
    assert_eq!(api.plan_status(&k, uuid).await, "authorised");

    let (cu, wallet) = api
        .customer_with_wallet(
            &k,
            json!({ "providerReferenceId": "X" }),
            json!({ "name": "Card on file", "emailNotify": false, "smsNotify": false }),
        )
        .await;
    let link = wallet["links"]["checkout"].as_str().unwrap();
    let (status, location, _) = form(
        &api,
        &link[api.url.len()..],
        "4242424242424242",
        "12/40",
        "1234",
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        api.get(&format!("/api/v1/customer/{cu}/wallet"), &k).await[0]["status"],
        "authorised"
    );
    let html = api.text(format!("{}{}", api.url, location.unwrap())).await;
    assert!(
        html.contains("Thank you: card saved.") && html.contains("£0.00"),
        "{html}"
    );
}

/// Markup in every field a checkout page shows: the clinic's name, a transaction's note, a
/// plan's note, a wallet's name, and the decline reason of the result page's address.
#[tokio::test]
async fn every_field_shown_is_escaped() {
    const HOSTILE: &str = "<img src=x onerror=alert(1)><b>\"bold\"</b> & 'co'";
    const ESCAPED: &str =
        "&lt;img src=x onerror=alert(1)&gt;&lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; &#39;co&#39;";
    let api = start().await;
    let clinic = api
        .post(
            "/api/v1/onboarding",
            &key(1),
            json!({ "name": HOSTILE, "email": "x@clinic.test", "webhookUrl": "http://127.0.0.1:9/hook" }),
        )
        .await;
    let k = clinic["apiKey"].as_str().unwrap().to_string();
    let tx = api
        .post(
            "/api/v1/transaction",
            &k,
            json!({ "amount": 100, "name": HOSTILE, "patientNote": HOSTILE }),
        )
        .await;
    let plan = api
        .post(
            "/api/v1/payment/plan",
            &k,
            json!({ "name": HOSTILE, "amount": 100, "type": "on_demand", "note": HOSTILE, "transactionReference": HOSTILE }),
        )
        .await;
    let (_, wallet) = api
        .customer_with_wallet(
            &k,
            json!({ "providerReferenceId": HOSTILE }),
            json!({ "name": HOSTILE, "emailNotify": false, "smsNotify": false }),
        )
        .await;
    let reason = "%3Cimg+src%3Dx+onerror%3Dalert(1)%3E%3Cb%3E%22bold%22%3C%2Fb%3E+%26+%27co%27";
    // (page, escaped copies: the clinic in <title> and <h1>, plus the note / name / reason)
    let pages = [
        (tx["paymentUrl"].as_str().unwrap().to_string(), 3),
        (
            format!(
                "{}/checkout/plan/{}",
                api.url,
                plan["uuid"].as_str().unwrap()
            ),
            3,
        ),
        (wallet["links"]["checkout"].as_str().unwrap().to_string(), 3),
        (
            format!(
                "{}/result?outcome=failure&reason={reason}",
                tx["paymentUrl"].as_str().unwrap()
            ),
            // the result page repeats the transaction's note beside the reason
            4,
        ),
    ];
    for (url, shown) in pages {
        let html = api.text(&url).await;
        assert_eq!(html.matches(ESCAPED).count(), shown, "{url}: {html}");
        for raw in ["<img", "<b>", "\"bold\""] {
            assert!(!html.contains(raw), "{url}: {raw} unescaped in {html}");
        }
    }
}
