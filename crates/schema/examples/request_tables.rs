//! Prints every request table as JSON, for `__test__/request-types.test.js`, which compares them
//! with the TypeScript the package ships:
//! `cargo run -q -p coherent-schema --example request_tables`. (No JSON crate: the crate has no
//! dependencies, and names and kinds need no escaping.)

use coherent_schema::{BodyFrom, Need, Place, REQUEST_TYPES};

fn main() {
    let tables: Vec<String> = REQUEST_TYPES
        .iter()
        .map(|request| {
            let fields: Vec<String> = request
                .fields
                .iter()
                .map(|f| {
                    // Optional in the typings: only `Need::Optional`. A field required unless
                    // another is given is typed required, as 0.0.61 types it.
                    let place = match f.place {
                        Place::Body => "body",
                        Place::Path => "path",
                        Place::NotSent => "notSent",
                    };
                    format!(
                        r#"{{"name":"{}","optional":{},"place":"{place}"}}"#,
                        f.name,
                        f.need == Need::Optional
                    )
                })
                .collect();
            let body = match request.body {
                BodyFrom::Picked => "picked",
                BodyFrom::AsGiven => "asGiven",
                BodyFrom::Null => "null",
            };
            format!(
                r#""{}":{{"body":"{body}","fields":[{}]}}"#,
                request.name,
                fields.join(",")
            )
        })
        .collect();
    println!("{{{}}}", tables.join(","));
}
