//! A request table of `coherent_schema` as a JSON Schema: its body fields in table order,
//! required as the table says, with the gateway's limits where the table's kind alone does not
//! say them (the sandbox enforces the same, and schemathesis checks that it does).

use coherent_schema::{BodyFrom, Field, Kind, Need, Place, RequestType};
use serde_json::{json, Map, Value};

/// The most an amount may be, in minor units: the sandbox's cap (£100,000,000). The client
/// itself accepts up to 2^53 - 1 and leaves the limit to the gateway.
pub const AMOUNT_MAX: u64 = 10_000_000_000;

/// Fields the gateway reads as absolute http(s) URLs.
const URL_FIELDS: &[&str] = &["successUrl", "failureUrl", "webhookUrl"];

/// The URLs the gateway takes: `http://` or `https://`, a host name (letters, digits and inner
/// hyphens, dot-separated, the last label starting with a letter; an international name in its
/// `xn--` form, which must be valid punycode), a dotted IPv4 address or `[::1]`, an optional port
/// (1-65535), then optionally a path, query or fragment without spaces or control characters.
/// The sandbox's rule is the same (`crates/sandbox/src/http_url.rs`); `__test__/openapi.test.js`
/// holds the two to the same verdicts.
pub const URL_PATTERN: &str = concat!(
    "^https?://(?:\\[::1\\]",
    "|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])",
    "|(?:[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*\\.)*[A-Za-z][A-Za-z0-9]*(?:-+[A-Za-z0-9]+)*)",
    "(?::(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?",
    // No control character (C0, DEL, C1) and no Unicode white space: Rust's `is_control` and
    // `is_whitespace`, the sandbox's test of the same rule.
    "(?:[/?#][^\\u0000-\\u0020\\u007F-\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]*)?$"
);

/// `YYYY-MM-DD`, optionally followed by `T` or a space and anything (the gateway reads the date).
pub const DATE_PATTERN: &str =
    "^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?:[T ][\\s\\S]*)?$";

/// Requests whose `emailNotify: true` needs an `email` and `smsNotify: true` a `phone`.
const NOTIFY_NEEDS_CONTACT: &[&str] = &["CreateTransactionRequest", "CreateWalletRequest"];

/// The outcomes `testScenario` can force (test and local environments).
pub const TEST_SCENARIOS: &[&str] = &["declined", "insufficient_funds"];

/// Example values by field name (none for ids that must name an existing object).
fn example(field: &Field) -> Option<Value> {
    let by_name = match field.name {
        "name" => json!("John Smith"),
        "email" => json!("patient@example.com"),
        "phone" | "mobile" => json!("+447700900000"),
        "note" => json!("Consultation"),
        "patientNote" => json!("Thank you for your visit"),
        "successUrl" => json!("https://clinic.example/paid"),
        "failureUrl" => json!("https://clinic.example/failed"),
        "webhookUrl" => json!("https://clinic.example/webhooks/coherent"),
        "providerReferenceId" => json!("PATIENT-1001"),
        "firstName" => json!("John"),
        "lastName" => json!("Smith"),
        "reason" => json!("Cancelled appointment"),
        "postcode" => json!("SW1A 1AA"),
        "reference" => json!("INV-1001"),
        "startDate" => json!("2025-01-01"),
        "endDate" => json!("2025-12-01"),
        _ => return kind_example(field.kind),
    };
    Some(by_name)
}

fn kind_example(kind: Kind) -> Option<Value> {
    match kind {
        Kind::Amount | Kind::AmountOrDigits => Some(json!(1000)),
        Kind::Bool => Some(json!(false)),
        Kind::OneOf(values) => values.first().map(|v| json!(v)),
        Kind::Text | Kind::Date | Kind::Object => None,
    }
}

fn amount() -> Value {
    json!({ "type": "integer", "minimum": 1, "maximum": AMOUNT_MAX })
}

/// The schema of a field's value when it is given (not `null`).
pub fn value_schema(field: &Field) -> Value {
    match field.kind {
        Kind::Amount => amount(),
        Kind::AmountOrDigits => json!({
            "anyOf": [
                amount(),
                // Digits, leading zeros allowed, at most AMOUNT_MAX.
                { "type": "string", "pattern": "^0*(?:[1-9][0-9]{0,9}|10000000000)$" }
            ]
        }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::OneOf(values) => json!({ "type": "string", "enum": values }),
        Kind::Date => json!({ "type": "string", "pattern": DATE_PATTERN }),
        Kind::Object => json!({ "type": "object" }),
        Kind::Text if field.name == "testScenario" => {
            json!({ "type": "string", "enum": TEST_SCENARIOS })
        }
        Kind::Text if URL_FIELDS.contains(&field.name) => {
            json!({ "type": "string", "pattern": URL_PATTERN })
        }
        // A required text must hold more than white space.
        Kind::Text if field.need == Need::Required => {
            json!({ "type": "string", "minLength": 1, "pattern": "\\S" })
        }
        Kind::Text => json!({ "type": "string" }),
    }
}

/// The field's schema in the body: optional fields may also be `null` (the gateway reads
/// `null` as absent, as the client's tables do).
fn field_schema(field: &Field) -> Value {
    let mut schema = value_schema(field);
    if field.need != Need::Required {
        schema = match schema {
            Value::Object(mut o) if o.get("type").is_some_and(Value::is_string) => {
                let kind = o["type"].clone();
                o.insert("type".into(), json!([kind, "null"]));
                if let Some(Value::Array(values)) = o.get_mut("enum") {
                    values.push(Value::Null);
                }
                Value::Object(o)
            }
            other => json!({ "anyOf": [other, { "type": "null" }] }),
        };
    }
    let Value::Object(ref mut o) = schema else {
        unreachable!("field schemas are objects")
    };
    o.insert("description".into(), json!(field.doc.replace('\n', " ")));
    if let Some(example) = example(field) {
        o.insert("examples".into(), json!([example]));
    }
    schema
}

/// The body schema of a request table, as a component named after its TypeScript type.
pub fn body_schema(request: &RequestType) -> Value {
    let body_fields: Vec<&Field> = request
        .fields
        .iter()
        .filter(|f| f.place == Place::Body)
        .collect();
    let mut properties = Map::new();
    for field in &body_fields {
        properties.insert(field.name.into(), field_schema(field));
    }
    let required: Vec<&str> = body_fields
        .iter()
        .filter(|f| f.need == Need::Required)
        .map(|f| f.name)
        .collect();
    let mut description = request.doc.replace('\n', " ");
    let not_sent: Vec<&str> = request
        .fields
        .iter()
        .filter(|f| f.place == Place::NotSent)
        .map(|f| f.name)
        .collect();
    if !not_sent.is_empty() {
        description.push_str(&format!(
            " The official client's typings also declare `{}`, which it never sends.",
            not_sent.join("`, `")
        ));
    }
    let mut schema = json!({
        "type": "object",
        "description": description,
        "properties": properties,
    });
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    // "Required unless": one of the two must be given, and not null.
    let alternatives: Vec<Value> = body_fields
        .iter()
        .filter_map(|f| match f.need {
            Need::RequiredUnless(other) => Some(json!({
                "anyOf": [
                    { "required": [f.name], "properties": { (f.name): { "not": { "type": "null" } } } },
                    { "required": [other], "properties": { (other): { "not": { "type": "null" } } } },
                ]
            })),
            _ => None,
        })
        .collect();
    let mut rules = alternatives;
    if NOTIFY_NEEDS_CONTACT.contains(&request.name) {
        for (flag, contact) in [("emailNotify", "email"), ("smsNotify", "phone")] {
            rules.push(json!({
                "if": { "required": [flag], "properties": { (flag): { "const": true } } },
                "then": { "required": [contact], "properties": { (contact): { "type": "string" } } },
            }));
        }
    }
    if request.name == coherent_schema::payment_plans::CREATE.name {
        // A recurring plan (the default type) needs its first date (the core checks it too).
        rules.push(json!({
            "if": { "required": ["type"], "properties": { "type": { "const": "on_demand" } } },
            "else": { "required": ["startDate"], "properties": { "startDate": { "type": "string" } } },
        }));
    }
    if !rules.is_empty() {
        schema["allOf"] = json!(rules);
    }
    schema["x-coherent-body"] = json!(match request.body {
        BodyFrom::Picked => "picked",
        BodyFrom::AsGiven => "asGiven",
        BodyFrom::Null => "null",
    });
    schema
}
