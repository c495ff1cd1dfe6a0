//! The committed `openapi.json` is what the generator makes, and the generator agrees with the
//! core: each result shape's keys are in its response schema, and each link names a real
//! operation and its parameters.

use coherent::resources::{payment_plans, transactions};
use coherent::shape::{Key, Shape};
use coherent_openapi::{document, document_text};
use serde_json::Value;

#[test]
fn committed_document_is_fresh() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == document_text(),
        "openapi.json differs from a fresh one: run `cargo run -p coherent-openapi > openapi.json` and commit it"
    );
}

fn picked(shape: Shape) -> Vec<&'static str> {
    match shape {
        Shape::Pick { keys, .. } => keys.iter().map(|k: &Key| k.name()).collect(),
        other => panic!("not a picked shape: {other:?}"),
    }
}

#[test]
fn the_keys_the_client_returns_are_required_properties() {
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    let cases = [
        ("Transaction", picked(transactions::CREATE_SHAPE)),
        ("Transaction", picked(transactions::GET_SHAPE)),
        ("PaymentPlan", picked(payment_plans::CREATE_SHAPE)),
        ("PaymentPlan", picked(payment_plans::GET_SHAPE)),
        ("TransactionUuid", vec!["transactionUuid"]),
    ];
    for (name, keys) in cases {
        let required: Vec<&str> = schemas[name]["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for key in keys {
            assert!(
                schemas[name]["properties"].get(key).is_some(),
                "{name}.{key}"
            );
            assert!(required.contains(&key), "{name}.{key} is required");
        }
    }
}

#[test]
fn links_name_operations_and_their_parameters() {
    let doc = document();
    let mut operations = std::collections::BTreeMap::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            operations.insert(op["operationId"].as_str().unwrap().to_string(), op.clone());
        }
    }
    let mut links = 0;
    for op in operations.values() {
        let Some(found) = op["responses"]["200"].get("links") else {
            continue;
        };
        for (name, link) in found.as_object().unwrap() {
            let target = &operations[link["operationId"].as_str().unwrap()];
            let params: Vec<&str> = target["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            let mut given: Vec<&str> = link["parameters"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            given.sort();
            let mut wanted = params.clone();
            wanted.sort();
            assert_eq!(given, wanted, "link {name} fills every path parameter");
            links += 1;
        }
    }
    assert!(links >= 20, "{links} links");
}

#[test]
fn one_operation_per_method_and_path() {
    let doc = document();
    let count: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(count, coherent_openapi::endpoints::ENDPOINTS.len());
}
