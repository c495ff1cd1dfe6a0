//! `/dashboard/api`: the API reference, rendered on the server from the same `openapi.json` that
//! `GET /openapi.json` serves (no CDN, no script): every operation by tag with its parameters,
//! body fields and answers, then every schema.

use axum::response::Response;
use serde_json::{Map, Value};

use crate::html::escape;
use crate::state::AppState;

/// `GET /dashboard/api`.
pub fn show(_: &AppState) -> Response {
    super::still_page("API reference", &render(crate::openapi::parsed()))
}

fn render(doc: &Value) -> String {
    let info = &doc["info"];
    let mut out = format!(
        "<h1>API reference</h1><p>{}</p><p>{}</p>\
<p>The same description as a file: <a href=\"/openapi.json\">openapi.json</a> (OpenAPI {}), \
for Postman, Insomnia, code generators and contract tests.</p>",
        escape(str_of(&info["summary"])),
        code_spans(
            str_of(&info["description"])
                .split("\n\n")
                .next()
                .unwrap_or("")
        ),
        escape(str_of(&doc["openapi"])),
    );
    out.push_str(&servers(doc));
    out.push_str(&contents(doc));
    for tag in list(&doc["tags"]) {
        let name = str_of(&tag["name"]);
        out.push_str(&format!(
            "<section class=\"panel\" aria-labelledby=\"tag-{id}\"><h2 id=\"tag-{id}\">{name}</h2><p>{}</p>",
            escape(str_of(&tag["description"])),
            id = anchor(name),
            name = escape(name),
        ));
        for (method, path, op) in operations(doc).filter(|(_, _, op)| op["tags"][0] == *name) {
            out.push_str(&operation(doc, method, path, op));
        }
        out.push_str("</section>");
    }
    out.push_str(
        "<section class=\"panel\" aria-labelledby=\"schemas\"><h2 id=\"schemas\">Schemas</h2>",
    );
    for (name, schema) in object(&doc["components"]["schemas"]) {
        out.push_str(&format!(
            "<h3 id=\"schema-{id}\">{name}</h3>{}",
            fields(doc, schema, &format!("Fields of {name}")),
            id = anchor(name),
            name = escape(name),
        ));
    }
    out.push_str("</section>");
    out
}

fn servers(doc: &Value) -> String {
    let rows: String = list(&doc["servers"])
        .map(|s| {
            format!(
                "<tr><td>{}</td><td><code>{}</code></td></tr>",
                code_spans(str_of(&s["description"])),
                escape(str_of(&s["url"]))
            )
        })
        .collect();
    format!(
        "<div class=\"table-wrap\"><table><caption>Servers; every request carries the API key in the <code>access-token</code> header</caption>\
<thead><tr><th scope=\"col\">Environment</th><th scope=\"col\">Base URL</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )
}

fn contents(doc: &Value) -> String {
    let items: String = operations(doc)
        .map(|(method, path, op)| {
            format!(
                "<li><a href=\"#op-{id}\"><code>{method} {path}</code></a> {summary}</li>",
                id = anchor(str_of(&op["operationId"])),
                method = method.to_ascii_uppercase(),
                path = escape(path),
                summary = escape(str_of(&op["summary"])),
            )
        })
        .collect();
    format!("<nav aria-label=\"Operations\"><h2>Operations</h2><ul>{items}</ul></nav>")
}

fn operation(doc: &Value, method: &str, path: &str, op: &Value) -> String {
    let id = anchor(str_of(&op["operationId"]));
    let mut out = format!(
        "<article id=\"op-{id}\" aria-labelledby=\"op-title-{id}\"><h3 id=\"op-title-{id}\"><code>{} {}</code>: {}</h3>",
        method.to_ascii_uppercase(),
        escape(path),
        escape(str_of(&op["summary"])),
    );
    if op["deprecated"] == true {
        out.push_str("<p><strong>Deprecated.</strong></p>");
    }
    for paragraph in str_of(&op["description"]).split("\n\n") {
        out.push_str(&format!("<p>{}</p>", code_spans(paragraph)));
    }
    let params: String = list(&op["parameters"])
        .map(|p| {
            format!(
                "<li><code>{}</code> (path)</li>",
                escape(str_of(&p["name"]))
            )
        })
        .collect();
    if !params.is_empty() {
        out.push_str(&format!("<p>Path parameters:</p><ul>{params}</ul>"));
    }
    let body = &op["requestBody"]["content"]["application/json"]["schema"];
    if !body.is_null() {
        let required = if op["requestBody"]["required"] == true {
            ""
        } else {
            " (optional)"
        };
        out.push_str(&format!(
            "<p>Request body{required}: {}</p>",
            type_label(body)
        ));
        out.push_str(&fields(doc, body, &format!("Request body of {id}")));
    }
    let answers: String = object(&op["responses"])
        .map(|(status, answer)| {
            let answer = resolve(doc, answer);
            let schema = &answer["content"]["application/json"]["schema"];
            format!(
                "<li><code>{}</code> {}{}</li>",
                escape(status),
                code_spans(str_of(&answer["description"])),
                if schema.is_null() {
                    String::new()
                } else {
                    format!(" Body: {}", type_label(schema))
                }
            )
        })
        .collect();
    out.push_str(&format!("<p>Answers:</p><ul>{answers}</ul></article>"));
    out
}

/// A table of an object schema's properties (through `$ref`, `anyOf` with null, and arrays).
fn fields(doc: &Value, schema: &Value, caption: &str) -> String {
    let schema = object_schema(doc, schema);
    let required: Vec<&str> = list(&schema["required"])
        .filter_map(Value::as_str)
        .collect();
    let pairs = alternatives(schema);
    let rows: String = object(&schema["properties"])
        .map(|(name, field)| {
            let need = match pairs.iter().find(|(a, b)| a == name || b == name) {
                _ if required.contains(&name.as_str()) => "yes".to_string(),
                Some((a, b)) => format!(
                    "this or <code>{}</code>",
                    escape(if a == name { b } else { a })
                ),
                None => "no".to_string(),
            };
            format!(
                "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{need}</td><td>{}</td></tr>",
                escape(name),
                type_label(field),
                code_spans(str_of(&field["description"])),
            )
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    format!(
        "<div class=\"table-wrap\"><table><caption>{}</caption><thead><tr><th scope=\"col\">Field</th>\
<th scope=\"col\">Type</th><th scope=\"col\">Required</th><th scope=\"col\">Description</th></tr></thead><tbody>{rows}</tbody></table></div>{}",
        escape(caption),
        conditions(schema),
    )
}

/// Pairs of fields of which one must be given (`allOf` of `anyOf` of `required`).
fn alternatives(schema: &Value) -> Vec<(String, String)> {
    list(&schema["allOf"])
        .filter_map(|rule| {
            let names: Vec<&str> = list(&rule["anyOf"])
                .filter_map(|option| option["required"][0].as_str())
                .collect();
            match names[..] {
                [a, b] => Some((a.to_string(), b.to_string())),
                _ => None,
            }
        })
        .collect()
}

/// "`email` is required when `emailNotify` is `true`" (`allOf` of `if`/`then`).
fn conditions(schema: &Value) -> String {
    let items: String = list(&schema["allOf"])
        .filter_map(|rule| {
            let flag = rule["if"]["required"][0].as_str()?;
            let value = &rule["if"]["properties"][flag]["const"];
            let (needed, when) = match rule["then"]["required"][0].as_str() {
                Some(needed) => (needed, "when"),
                None => (rule["else"]["required"][0].as_str()?, "unless"),
            };
            Some(format!(
                "<li><code>{}</code> is required {when} <code>{}</code> is <code>{}</code>.</li>",
                escape(needed),
                escape(flag),
                escape(&value.to_string())
            ))
        })
        .collect();
    if items.is_empty() {
        String::new()
    } else {
        format!("<ul>{items}</ul>")
    }
}

fn object_schema<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    let schema = resolve(doc, schema);
    if let Some(first) = schema["anyOf"].as_array().and_then(|a| a.first()) {
        return object_schema(doc, first);
    }
    if schema["type"] == "array" {
        return object_schema(doc, &schema["items"]);
    }
    schema
}

/// A short, linked name of a schema's type.
fn type_label(schema: &Value) -> String {
    if let Some(target) = schema["$ref"].as_str() {
        let name = target.rsplit('/').next().unwrap_or(target);
        return format!("<a href=\"#schema-{}\">{}</a>", anchor(name), escape(name));
    }
    if let Some(options) = schema["anyOf"].as_array() {
        return options
            .iter()
            .map(type_label)
            .collect::<Vec<_>>()
            .join(" or ");
    }
    if let Some(values) = schema["enum"].as_array() {
        let names: Vec<String> = values
            .iter()
            .map(|v| format!("<code>{}</code>", escape(&v.to_string())))
            .collect();
        return format!("one of {}", names.join(", "));
    }
    if let Some(value) = schema.get("const") {
        return format!("<code>{}</code>", escape(&value.to_string()));
    }
    let kinds: Vec<String> = match &schema["type"] {
        Value::String(kind) => vec![kind.clone()],
        Value::Array(kinds) => kinds.iter().map(|k| str_of(k).to_string()).collect(),
        _ => vec!["any".into()],
    };
    let mut label = kinds
        .iter()
        .map(|kind| match kind.as_str() {
            "array" => format!("array of {}", type_label(&schema["items"])),
            other => escape(other),
        })
        .collect::<Vec<_>>()
        .join(" or ");
    if let (Some(min), Some(max)) = (schema["minimum"].as_u64(), schema["maximum"].as_u64()) {
        label.push_str(&format!(" ({min} to {max})"));
    }
    if let Some(format) = schema["format"].as_str() {
        label.push_str(&format!(" ({})", escape(format)));
    }
    label
}

fn operations(doc: &Value) -> impl Iterator<Item = (&str, &str, &Value)> {
    object(&doc["paths"]).flat_map(|(path, item)| {
        object(item).map(move |(method, op)| (method.as_str(), path.as_str(), op))
    })
}

fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => doc.pointer(pointer).unwrap_or(&Value::Null),
        None => value,
    }
}

/// Escapes text and turns `code` spans into `<code>`.
fn code_spans(text: &str) -> String {
    escape(text)
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.replace("**", "")
            }
        })
        .collect()
}

fn anchor(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

fn str_of(value: &Value) -> &str {
    value.as_str().unwrap_or("")
}

fn list(value: &Value) -> impl Iterator<Item = &Value> {
    value.as_array().into_iter().flatten()
}

fn object(value: &Value) -> impl Iterator<Item = (&String, &Value)> {
    static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);
    value.as_object().unwrap_or(&EMPTY).iter()
}
