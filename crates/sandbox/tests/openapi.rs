//! `GET /openapi.json` and the API reference page, and the sandbox's side of what the document
//! says: each case here is a difference schemathesis found between the two (the document or the
//! sandbox was fixed; this keeps it fixed).

mod common;

use common::*;
use serde_json::{json, Value};

const COMMITTED: &str = include_str!("../../../openapi.json");

fn document() -> Value {
    serde_json::from_str(COMMITTED).expect("openapi.json parses")
}

#[tokio::test]
async fn serves_the_committed_document_and_a_reference_page() {
    let api = start().await;
    let response = api
        .http
        .get(format!("{}/openapi.json", api.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.text().await.unwrap(), COMMITTED);

    let (status, page) = api.page("/dashboard/api").await;
    assert_eq!(status, 200);
    let doc = document();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let id = op["operationId"].as_str().unwrap().replace('.', "-");
            assert!(
                page.contains(&format!("id=\"op-{id}\"")),
                "{id} on the page"
            );
        }
    }
    for name in doc["components"]["schemas"].as_object().unwrap().keys() {
        assert!(page.contains(&format!("id=\"schema-{name}\"")), "{name}");
    }
    assert!(
        !page.contains("<script"),
        "no script: the page is complete as served"
    );
    let (_, home) = api.page("/").await;
    assert!(
        home.contains("href=\"/dashboard/api\""),
        "the dashboard links it"
    );
}

/// Found: `{"invoiceUuid": "..."}` without an amount was refused naming `amount`, though the
/// document (and the client) take an invoice instead of an amount. The sandbox keeps no
/// invoices, so it now names the reference it cannot follow.
#[tokio::test]
async fn an_invoice_it_does_not_know_is_named_as_such() {
    let api = start().await;
    let body = json!({ "name": "J", "invoiceUuid": "inv-1" });
    let (status, answer) = api
        .call("POST", "/api/v1/transaction", &key(1), Some(body))
        .await;
    assert_field_error(status, &answer, "invoiceUuid");
    assert_eq!(answer["errors"].as_array().unwrap().len(), 1, "{answer}");
    let nested = json!({ "name": "J", "invoice": { "uuid": "inv-1" } });
    let (status, answer) = api
        .call("POST", "/api/v1/transaction", &key(1), Some(nested))
        .await;
    assert_field_error(status, &answer, "invoice");
    let (status, answer) = api
        .call(
            "POST",
            "/api/v1/transaction",
            &key(1),
            Some(json!({ "name": "J" })),
        )
        .await;
    assert_field_error(status, &answer, "amount");
}

/// Found: a URL parser takes `https://GA.n.xsVFS*` and the like, which the document's pattern
/// refuses (and no webhook or redirect could reach); a numeric last label
/// (`https://J.oan52.Z.0:6`) was refused though the first pattern took it.
#[tokio::test]
async fn urls_follow_the_documents_pattern() {
    let api = start().await;
    for (url, ok) in [
        ("https://GA.n.xsVFS*", false),
        ("https://J.oan52.Z.0:6", false),
        ("https://clinic.example/a b", false),
        ("https://clinic.example:65536/", false),
        ("https://clinic.example/hooks?x=1#y", true),
        ("http://127.0.0.1:8080/hook", true),
    ] {
        let body = json!({ "name": "Clinic", "email": "c@example.com", "webhookUrl": url });
        let (status, answer) = api
            .call("POST", "/api/v1/onboarding", &key(2), Some(body))
            .await;
        if ok {
            assert_eq!(status, 200, "{url}: {answer}");
        } else {
            assert_field_error(status, &answer, "webhookUrl");
        }
        let body = json!({ "amount": 100, "name": "J", "successUrl": url });
        let (status, answer) = api
            .call("POST", "/api/v1/transaction", &key(2), Some(body))
            .await;
        assert_eq!(status == 200, ok, "successUrl {url}: {answer}");
    }
}

/// Found: the document required a body where the sandbox (like the client's `{}`) reads none:
/// the key routes and a plan's notification take no body at all, and a terminal's transaction
/// route reads an empty body as `null` (clear). The document now says so.
#[tokio::test]
async fn bodies_the_document_marks_optional_may_be_left_out() {
    let api = start().await;
    let doc = document();
    let merchants = api.get("/api/v1/merchant", &key(3)).await;
    let merchant = merchants[0]["uuid"].as_str().unwrap().to_string();
    let path = format!("/api/v1/merchant/{merchant}/api-key");
    assert_eq!(
        doc["paths"]["/api/v1/merchant/{merchantUuid}/api-key"]["post"]["requestBody"]["required"],
        false
    );
    let (status, answer) = api.raw("POST", &path, Some(&key(3)), None).await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer["apiKey"].is_string());
    // A body that is not an object is still refused.
    let (status, answer) = api
        .raw("POST", &path, Some(&key(3)), Some("[]".into()))
        .await;
    assert_field_error(status, &answer, "body");

    let terminals = api.get("/api/v1/terminal", &key(3)).await;
    let terminal = terminals[0]["id"].as_str().unwrap();
    let tx = api.create_transaction(&key(3), 500).await;
    let route = format!("/api/v1/terminal/{terminal}/transaction");
    let body = json!({ "transactionUuid": tx["uuid"] });
    let shown = api.put(&route, &key(3), body).await;
    assert_eq!(shown["transaction"]["uuid"], tx["uuid"]);
    let (status, cleared) = api.raw("PUT", &route, Some(&key(3)), None).await;
    assert_eq!(status, 200);
    assert!(cleared.get("transaction").is_none(), "{cleared}");
}

/// The amount limits the document states are the sandbox's.
#[tokio::test]
async fn amounts_within_the_documents_limits_are_taken() {
    let api = start().await;
    let doc = document();
    let amount = &doc["components"]["schemas"]["CreateTransactionRequest"]["properties"]["amount"];
    let max = amount["maximum"].as_u64().unwrap();
    let min = amount["minimum"].as_u64().unwrap();
    for (value, ok) in [(min, true), (max, true), (max + 1, false), (min - 1, false)] {
        let body = json!({ "amount": value, "name": "J" });
        let (status, answer) = api
            .call("POST", "/api/v1/transaction", &key(4), Some(body))
            .await;
        if ok {
            assert_eq!(status, 200, "{value}: {answer}");
        } else {
            assert_field_error(status, &answer, "amount");
        }
    }
}
