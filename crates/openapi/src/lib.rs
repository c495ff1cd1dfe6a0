//! `openapi.json`: an OpenAPI 3.1 description of the Coherent API, made from the request tables
//! (`coherent_schema`), the core's request builders (method and path of each endpoint) and the
//! response shapes. `cargo run -p coherent-openapi > openapi.json` writes it; the test
//! `tests/fresh.rs` fails when the committed file differs from what this makes.

pub mod endpoints;
pub mod models;
pub mod requests;

use coherent_schema::REQUEST_TYPES;
use serde_json::{json, Map, Value};

use endpoints::{Answer, Body, Endpoint, ENDPOINTS};

const DESCRIPTION: &str = "The Coherent Healthcare payments gateway, as the official Node.js client \
(`@coherentx/coherent@0.0.61`) calls it. **Not published by the vendor:** this document is derived \
from the official client's behaviour (its requests, typings and result shapes, pinned by this \
project's differential tests) and from this project's offline sandbox, which implements every \
operation here and is tested against this document. It is authoritative for what the client sends \
and what the sandbox answers; for the live gateway's limits, statuses and error texts, the vendor's \
documentation and the live gateway decide.\n\nAmounts are integers in minor units (`1000` is \
£10.00). Every request carries the API key in the `access-token` header (`api-test-` or \
`api-production-` followed by 32 lowercase hex characters).";

/// The whole document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for endpoint in ENDPOINTS {
        let (method, template) = route(endpoint);
        let item = paths.entry(template.clone()).or_insert_with(|| json!({}));
        item[method.to_ascii_lowercase()] = operation(endpoint, &template);
    }
    let mut schemas = Map::new();
    for request in REQUEST_TYPES {
        if request.body_keys().next().is_some() {
            schemas.insert(request.name.into(), requests::body_schema(request));
        }
    }
    for (name, schema) in models::schemas() {
        schemas.insert(name.into(), schema);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Coherent Payments API (as used by @coherentx/coherent)",
            "version": "0.0.61",
            "summary": "Payment links, refunds, terminals, payment plans, customers and wallets, onboarding and merchant keys.",
            "description": DESCRIPTION,
            "license": { "name": "MIT", "identifier": "MIT" }
        },
        "servers": [
            { "url": "http://localhost:3000", "description": "LOCAL: the offline sandbox (`npx coherent-sandbox`)" },
            { "url": "https://service.test.coherenthealthcare.com", "description": "TEST" },
            { "url": "https://service.coherenthealthcare.com", "description": "PRODUCTION" }
        ],
        "security": [{ "accessToken": [] }],
        "tags": tags(),
        "paths": paths,
        "components": {
            "securitySchemes": {
                "accessToken": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "access-token",
                    "description": "The clinic's (or partner's) API key."
                }
            },
            "schemas": schemas,
            "responses": error_responses()
        }
    })
}

/// The document as committed: pretty JSON and a final newline.
pub fn document_text() -> String {
    let mut text = serde_json::to_string_pretty(&document()).expect("a JSON value serialises");
    text.push('\n');
    text
}

/// Method and path template of an endpoint, from the core's builder.
pub fn route(endpoint: &Endpoint) -> (&'static str, String) {
    let request = (endpoint.build)().expect("the builder's sample arguments are valid");
    (request.method.as_str(), request.template.to_string())
}

fn tags() -> Value {
    json!([
        { "name": "transactions", "description": "Payment links, refunds and voids." },
        { "name": "terminals", "description": "Card terminals and the transaction shown on them." },
        { "name": "paymentPlans", "description": "Monthly plans and on-demand holds." },
        { "name": "onboarding", "description": "A partner signs up a new clinic." },
        { "name": "merchants", "description": "Merchants, accounts, API keys and webhook URLs." },
        { "name": "customers", "description": "Patient records and their saved cards." }
    ])
}

fn path_parameters(template: &str) -> Vec<Value> {
    template
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| {
            json!({
                "name": name,
                "in": "path",
                "required": true,
                "description": "An id, as the gateway returned it.",
                "schema": { "type": "string", "minLength": 1 }
            })
        })
        .collect()
}

fn component(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn request_body(body: &Body) -> Option<Value> {
    let or_null = |schema: Value| json!({ "anyOf": [schema, { "type": "null" }] });
    // Whether a request without a body is refused: where the gateway reads a missing body as
    // `null` and `null` as "nothing given", it is optional.
    let (schema, required) = match body {
        Body::None => return None,
        Body::Table(table) => (component(table.name), true),
        Body::TableOrNull(table, _) => (or_null(component(table.name)), false),
        Body::OptionalTable(table) => (or_null(component(table.name)), false),
        Body::Inline(make) => (make(), true),
        Body::Ignored(make) => (make(), false),
    };
    Some(json!({
        "required": required,
        "content": { "application/json": { "schema": schema } }
    }))
}

fn operation(endpoint: &Endpoint, template: &str) -> Value {
    let answer = match endpoint.answer {
        Answer::One(name) => component(name),
        Answer::List(name) => json!({ "type": "array", "items": component(name) }),
    };
    let mut ok = json!({
        "description": "OK",
        "content": { "application/json": { "schema": answer } }
    });
    if !endpoint.links.is_empty() {
        ok["links"] = links(endpoint);
    }
    let parameters = path_parameters(template);
    let has_body = !matches!(endpoint.body, Body::None);
    let answers = [
        ("400", "BadRequest", has_body),
        ("401", "Unauthorized", true),
        ("404", "NotFound", !parameters.is_empty()),
        ("413", "TooLarge", has_body),
    ];
    let mut responses = json!({ "200": ok });
    for (status, name, given) in answers {
        if given {
            responses[status] = json!({ "$ref": format!("#/components/responses/{name}") });
        }
    }
    let mut description = endpoint.description.to_string();
    if !description.is_empty() {
        description.push_str("\n\n");
    }
    description.push_str(&format!("Client: `{}`.", endpoint.methods.join("`, `")));
    let mut op = json!({
        "operationId": endpoint.operation_id(),
        "tags": [endpoint.tag()],
        "summary": endpoint.summary,
        "description": description,
        "x-coherent-methods": endpoint.methods,
        "x-coherent-requests": endpoint.body.tables(),
        "responses": responses
    });
    if !parameters.is_empty() {
        op["parameters"] = json!(parameters);
    }
    if let Some(body) = request_body(&endpoint.body) {
        op["requestBody"] = body;
    }
    if endpoints::DEPRECATED.contains(&endpoint.operation_id()) {
        op["deprecated"] = json!(true);
    }
    op
}

/// The links of an operation's 200 answer, by name.
fn links(endpoint: &Endpoint) -> Value {
    let mut links = Map::new();
    for link in endpoint.links {
        let parameters: Map<String, Value> = link
            .parameters
            .iter()
            .map(|(name, expression)| ((*name).to_string(), json!(expression)))
            .collect();
        links.insert(
            link.name.into(),
            json!({ "operationId": link.operation, "parameters": parameters }),
        );
    }
    Value::Object(links)
}

fn error_responses() -> Value {
    let answer = |description: &str| {
        json!({
            "description": description,
            "content": { "application/json": { "schema": component("Error") } }
        })
    };
    json!({
        "BadRequest": answer("A field is missing or wrong, or the object's state does not allow the change (refunding an unpaid transaction, pausing a void plan): `errors` names each field."),
        "Unauthorized": answer("The `access-token` header is missing, empty or not a known key."),
        "NotFound": answer("No such object for this key's clinic."),
        "TooLarge": answer("The body is larger than 1 MiB.")
    })
}
