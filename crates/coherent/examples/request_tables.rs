//! Prints every request table of the core as JSON, for `__test__/request-types.test.js`, which
//! compares them with the generated TypeScript: `cargo run -q -p coherent --example request_tables`.

use coherent::resources::REQUEST_TYPES;
use coherent::validate::{BodyFrom, Need, Place};
use serde_json::{json, Map, Value};

fn main() {
    let tables: Map<String, Value> = REQUEST_TYPES
        .iter()
        .map(|request| {
            let fields: Vec<Value> = request
                .fields
                .iter()
                .map(|f| {
                    json!({
                        "name": f.name,
                        // Optional in the typings: only `Need::Optional`. A field required
                        // unless another is given is typed required, as 0.0.61 types it.
                        "optional": f.need == Need::Optional,
                        "place": match f.place {
                            Place::Body => "body",
                            Place::Path => "path",
                            Place::NotSent => "notSent",
                        },
                    })
                })
                .collect();
            let body = match request.body {
                BodyFrom::Picked => "picked",
                BodyFrom::AsGiven => "asGiven",
                BodyFrom::Null => "null",
            };
            (
                request.name.to_string(),
                json!({ "body": body, "fields": fields }),
            )
        })
        .collect();
    println!("{}", Value::Object(tables));
}
