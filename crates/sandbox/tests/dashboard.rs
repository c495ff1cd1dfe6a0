//! The dashboard's pages and forms, and the control routes and `Sandbox` methods behind them:
//! outbox, refunds, the terminal simulator, months on the clock, webhook resend and fail-next.

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::post;
use axum::Router;
use coherent_sandbox::SandboxOptions;
use common::*;
use serde_json::{json, Value};

const INJECTION: &str = "<script>alert('x')</script><img src=x onerror=alert(1)> & \"co\"";

/// A receiver that records every body and answers `200 thanks, got it`.
async fn receiver() -> (String, Arc<Mutex<Vec<Value>>>) {
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = Arc::clone(&received);
    let app = Router::new().route(
        "/hook",
        post(move |body: String| {
            let store = Arc::clone(&store);
            async move {
                store
                    .lock()
                    .unwrap()
                    .push(serde_json::from_str(&body).unwrap_or(Value::Null));
                "thanks, got it"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}/hook"), received)
}

async fn html(api: &Api, path: &str) -> (u16, String) {
    let response = api
        .http
        .head(format!("{}{path}", api.url))
        .send()
        .await
        .unwrap();
    if response.status() == 200 {
        let kind = response.headers()["content-type"].to_str().unwrap();
        assert!(kind.starts_with("text/html"), "{path}: {kind}");
    }
    api.page(path).await
}

/// The `href`s of the navigation that starts with `nav`.
fn nav_links(page: &str, nav: &str) -> Vec<String> {
    let start = page.find(nav).expect(nav);
    let end = start + page[start..].find("</nav>").unwrap();
    page[start..end]
        .split("href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

/// Posts a dashboard form; returns the status, the Location header and the text.
async fn form(api: &Api, path: &str, fields: &[(&str, &str)]) -> (u16, Option<String>, String) {
    let body = reqwest::Url::parse_with_params("http://form.invalid/", fields)
        .unwrap()
        .query()
        .unwrap_or("")
        .to_string();
    api.form(path, body).await
}

fn merchant_of(clinics: &Value, name: &str) -> String {
    clinics
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("clinic {name} in {clinics}"))["uuid"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..300 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{what} did not happen");
}

#[tokio::test]
async fn outbox_refunds_terminals_and_months() {
    let api = start().await;
    let k = key(3);
    let tx = api
        .post(
            "/api/v1/transaction",
            &k,
            json!({ "amount": 1250, "name": "Ada", "patientNote": "Check-up", "email": "ada@example.test",
                    "emailNotify": true, "phone": "+447700900123", "smsNotify": true }),
        )
        .await;
    let outbox = api.sandbox.outbox();
    assert_eq!(outbox.as_array().unwrap().len(), 2, "{outbox}");
    assert_eq!(outbox[0]["channel"], "email");
    assert_eq!(outbox[0]["to"], "ada@example.test");
    assert_eq!(outbox[0]["link"], tx["paymentUrl"]);
    assert!(outbox[0]["body"].as_str().unwrap().contains("£12.50"));
    assert_eq!(outbox[1]["channel"], "sms");
    assert_eq!(outbox[1]["to"], "+447700900123");
    let (_, same) = api.control("GET", "/sandbox/outbox", None).await;
    assert_eq!(same, outbox);

    // plan notification and wallet request
    let plan = api
        .post(
            "/api/v1/payment/plan",
            &k,
            json!({ "name": "Bo", "amount": 900, "email": "bo@example.test", "startDate": api.today().await }),
        )
        .await;
    let plan_uuid = plan["uuid"].as_str().unwrap();
    api.post(
        &format!("/api/v1/payment/plan/{plan_uuid}/notification"),
        &k,
        json!({}),
    )
    .await;
    let (_, wallet) = api
        .customer_with_wallet(
            &k,
            json!({ "providerReferenceId": "C-1" }),
            json!({ "name": "Card", "email": "cy@example.test", "emailNotify": true, "smsNotify": false }),
        )
        .await;
    let kinds: Vec<Value> = api
        .sandbox
        .outbox()
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].clone())
        .collect();
    assert_eq!(
        kinds,
        [
            "payment_request",
            "payment_request",
            "plan_notification",
            "wallet_request"
        ]
    );
    assert_eq!(api.sandbox.outbox()[3]["link"], wallet["links"]["checkout"]);

    // refunds: part, then the rest by default
    let uuid = tx["uuid"].as_str().unwrap();
    api.sandbox.pay(uuid, Value::Null).unwrap();
    let part = api
        .control_ok(
            &format!("/sandbox/transactions/{uuid}/refund"),
            json!({ "amount": 250 }),
        )
        .await;
    assert_eq!(part["status"], "paid");
    let rest = api
        .sandbox
        .refund(uuid, json!({ "reason": "goodwill" }))
        .unwrap();
    assert_eq!(rest["status"], "refunded");
    assert_eq!(rest["refunds"][1]["amount"], 1000);
    let again = api.sandbox.refund(uuid, Value::Null).unwrap_err();
    assert_eq!(again.status, 400, "{again}");

    // terminals: insufficient funds, then cancel
    let terminal = api.get("/api/v1/terminal", &k).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let on_terminal = api.create_transaction(&k, 700).await["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let put = |t: String| {
        let api = &api;
        let k = &k;
        let terminal = &terminal;
        async move {
            api.put(
                &format!("/api/v1/terminal/{terminal}/transaction"),
                k,
                json!({ "transactionUuid": t }),
            )
            .await;
        }
    };
    put(on_terminal.clone()).await;
    let tapped = api
        .control_ok(
            &format!("/sandbox/terminals/{terminal}/tap"),
            json!({ "outcome": "insufficient_funds" }),
        )
        .await;
    assert_eq!(tapped["status"], "rejected");
    assert_eq!(tapped["failureReason"], "insufficient funds");
    let waiting = api.create_transaction(&k, 800).await["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    put(waiting.clone()).await;
    let idle = api.sandbox.cancel_terminal(&terminal).unwrap();
    assert!(idle.get("transaction").is_none(), "{idle}");
    assert_eq!(api.transaction(&k, &waiting).await["status"], "unpaid");
    let (status, _) = api
        .control(
            "POST",
            &format!("/sandbox/terminals/{terminal}/cancel"),
            None,
        )
        .await;
    assert_eq!(status, 409, "nothing waits any more");
    put(waiting.clone()).await;
    let approved = api
        .sandbox
        .tap_terminal(&terminal, json!({ "outcome": "approved" }))
        .unwrap();
    assert_eq!(approved["status"], "paid");
    assert_eq!(approved["paymentMethod"], "visa_contactless");

    // the clock: upcoming occurrences, then a month on
    api.sandbox.authorise_plan(plan_uuid, Value::Null).unwrap();
    let clock = api.sandbox.clock();
    let upcoming: Vec<&Value> = clock["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["planUuid"] == plan_uuid)
        .collect();
    assert!(
        !upcoming.is_empty() && upcoming[0]["willCharge"] == true,
        "{clock}"
    );
    let next = upcoming[0]["date"].as_str().unwrap().to_string();
    let moved = api.sandbox.advance_clock(json!({ "months": 1 })).unwrap();
    assert_eq!(
        &moved["now"].as_str().unwrap()[..10],
        next,
        "one month on is the plan's next date"
    );
    assert_eq!(
        moved["transactions"].as_array().unwrap().len(),
        1,
        "{moved}"
    );
    let both = api
        .sandbox
        .advance_clock(json!({ "days": 1, "months": 1 }))
        .unwrap_err();
    assert_eq!(both.status, 400);
}

#[tokio::test]
async fn webhooks_can_be_resent_and_made_to_fail() {
    let (hook, received) = receiver().await;
    let api = start_with(SandboxOptions {
        port: 0,
        webhook_url: Some(hook),
        webhook_retry: fast_retry(3),
        ..Default::default()
    })
    .await;
    let k = key(4);
    let tx = api.create_transaction(&k, 500).await;
    let uuid = tx["uuid"].as_str().unwrap();
    let merchant = merchant_of(&api.sandbox.clinics(), "Sandbox Clinic 040404");
    let set = api
        .control_ok(
            &format!("/sandbox/clinics/{merchant}/webhooks/fail-next"),
            json!({ "count": 1 }),
        )
        .await;
    assert_eq!(set["failNext"], 1);
    assert_eq!(api.sandbox.clinics()[0]["failNextWebhooks"], 1);
    api.sandbox.pay(uuid, Value::Null).unwrap();
    wait_for("the retry", || received.lock().unwrap().len() == 1).await;
    let log = api.sandbox.webhooks();
    wait_for("the attempt record", || {
        api.sandbox.webhooks()[0]["delivered"] == true
    })
    .await;
    let log = if log[0]["delivered"] == true {
        log
    } else {
        api.sandbox.webhooks()
    };
    let attempts = log[0]["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 2, "{log}");
    assert!(attempts[0]["error"].as_str().unwrap().contains("fail-next"));
    assert_eq!(attempts[1]["status"], 200);
    assert_eq!(attempts[1]["responseExcerpt"], "thanks, got it");
    assert!(attempts[1]["durationMs"].is_u64());
    assert_eq!(log[0]["merchantUuid"], merchant.as_str());

    let resent = api
        .control_ok("/sandbox/webhooks/1/resend", Value::Null)
        .await;
    assert_eq!(resent["resendOf"], 1);
    assert_eq!(resent["payload"], log[0]["payload"]);
    wait_for("the resent event", || received.lock().unwrap().len() == 2).await;
    let got = received.lock().unwrap().clone();
    assert_eq!(got[0], got[1], "the receiver got the same event again");
    let missing = api.sandbox.resend_webhook(99).unwrap_err();
    assert_eq!(missing.status, 404);
    let unknown = api.sandbox.fail_next_webhooks("nope", 1).unwrap_err();
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn dashboard_pages_escape_input_and_forms_need_the_csrf_token() {
    let api = start().await;
    let partner = key(5);
    let onboarded = api
        .post(
            "/api/v1/onboarding",
            &partner,
            json!({ "name": INJECTION, "email": "o@example.test", "webhookUrl": "http://127.0.0.1:9/hook" }),
        )
        .await;
    let k = onboarded["apiKey"].as_str().unwrap().to_string();
    let merchant = onboarded["uuid"].as_str().unwrap().to_string();
    let tx = api
        .post(
            "/api/v1/transaction",
            &k,
            json!({ "amount": 4200, "name": INJECTION, "note": INJECTION, "patientNote": INJECTION,
                    "email": "p@example.test", "emailNotify": true }),
        )
        .await;
    let uuid = tx["uuid"].as_str().unwrap().to_string();
    api.post(
        "/api/v1/payment/plan",
        &k,
        json!({ "name": INJECTION, "amount": 100, "startDate": "2031-01-01", "transactionReference": INJECTION }),
    )
    .await;
    api.customer_with_wallet(
        &k,
        json!({ "providerReferenceId": INJECTION, "firstName": INJECTION }),
        json!({ "name": INJECTION, "emailNotify": false, "smsNotify": false }),
    )
    .await;

    // Every page the dashboard links to, read from its own navigation (the one list of pages).
    let (_, home) = html(&api, "/").await;
    let mut pages = nav_links(&home, "<nav aria-label=\"Sandbox\">");
    let (_, clinic) = html(&api, &format!("/dashboard/clinics/{merchant}")).await;
    let tabs = nav_links(&clinic, "<nav class=\"tabs\"");
    assert!(pages.len() > 1 && tabs.len() > 1, "{pages:?} {tabs:?}");
    assert!(tabs
        .iter()
        .all(|t| t.starts_with(&format!("/dashboard/clinics/{merchant}/"))));
    pages.extend(tabs);
    let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;co&quot;";
    for path in &pages {
        let (status, page) = html(&api, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(page.contains("TEST MODE"), "{path}");
        assert!(
            !page.contains("<script>") && !page.contains("<img"),
            "{path}: raw input in the page"
        );
        assert!(
            !page.contains("<style") && !page.contains(" style="),
            "{path}: inline style"
        );
        // Live pages refresh themselves; the API reference never changes.
        assert_eq!(
            page.contains("<script src=\"/_assets/dashboard.js\" defer></script>"),
            path != "/dashboard/api",
            "{path}"
        );
        if path == "/" || path.starts_with("/dashboard/clinics/") && !path.ends_with("terminals") {
            assert!(
                page.contains(escaped),
                "{path}: the clinic's or patient's text, escaped"
            );
        }
    }
    for (asset, kind) in [
        ("/_assets/sandbox.css", "text/css"),
        ("/_assets/dashboard.js", "text/javascript"),
    ] {
        let response = api
            .http
            .get(format!("{}{asset}", api.url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with(kind));
    }
    let (status, _) = html(&api, &format!("/dashboard/clinics/{merchant}/nothing")).await;
    assert_eq!(status, 404);
    let (status, _) = html(&api, "/dashboard/clinics/nope/transactions").await;
    assert_eq!(status, 404);

    // forms: no token or a wrong one is 403 and changes nothing
    let path = format!("/dashboard/clinics/{merchant}/transactions");
    let csrf = api.csrf().await;
    let pay = format!("/dashboard/transactions/{uuid}/pay");
    for fields in [
        vec![("back", path.as_str())],
        vec![("csrf", "0".repeat(32).as_str()), ("back", path.as_str())],
    ] {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (*a, *b)).collect();
        let (status, _, body) = form(&api, &pay, &fields).await;
        assert_eq!(status, 403, "{body}");
    }
    assert_eq!(api.transaction(&k, &uuid).await["status"], "unpaid");
    // the right token runs the action and goes back; a foreign `back` goes home instead
    let (status, location, _) = form(&api, &pay, &[("csrf", &csrf), ("back", &path)]).await;
    assert_eq!((status, location.as_deref()), (303, Some(path.as_str())));
    assert_eq!(api.transaction(&k, &uuid).await["status"], "paid");
    let refund = format!("/dashboard/transactions/{uuid}/refund");
    let (status, location, _) = form(
        &api,
        &refund,
        &[
            ("csrf", &csrf),
            ("back", "//evil.example/"),
            ("amount", "200"),
        ],
    )
    .await;
    assert_eq!((status, location.as_deref()), (303, Some("/")));
    assert_eq!(
        api.transaction(&k, &uuid).await["refunds"][0]["amount"],
        200
    );
    // a refused action shows why, escaped, and changes nothing
    let (status, _, body) = form(&api, &refund, &[("csrf", &csrf), ("amount", "999999")]).await;
    assert_eq!(status, 400);
    assert!(body.contains("pennies left to refund"), "{body}");
    let (status, _, _) = form(&api, "/dashboard/nothing/here", &[("csrf", &csrf)]).await;
    assert_eq!(status, 404);
    let (status, _, _) = form(
        &api,
        "/dashboard/clock/advance",
        &[("csrf", &csrf), ("days", "2")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, clock) = html(&api, "/dashboard/clock").await;
    assert!(clock.contains("id=\"now\""));
}
