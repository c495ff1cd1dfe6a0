use std::fmt::Write;

use coherent_schema::{Need, REQUEST_TYPES};

fn main() {
    napi_build::setup();
    write_request_types();
}

/// Writes a type-only `#[napi(object)]` declaration for every request type of the schema into
/// `$OUT_DIR/request_types.rs` (included by `src/request_types.rs`), so `napi build` generates
/// their TypeScript, docs included, from the one table. The values themselves are read as plain
/// JS objects; the Rust field types only tell napi which keys are optional.
fn write_request_types() {
    let mut out = String::new();
    for request in REQUEST_TYPES {
        doc_attributes(&mut out, "", request.doc);
        writeln!(out, "#[napi(object)]\npub struct {} {{", request.name).unwrap();
        for (i, field) in request.fields.iter().enumerate() {
            doc_attributes(&mut out, "    ", field.doc);
            let rust_type = match field.need {
                Need::Optional => "Option<String>",
                Need::Required | Need::RequiredUnless(_) => "String",
            };
            writeln!(
                out,
                "    #[napi(js_name = {:?}, ts_type = {:?})]\n    pub field_{i}: {rust_type},",
                field.name,
                field.ts_type()
            )
            .unwrap();
        }
        out.push_str("}\n\n");
    }
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("request_types.rs");
    std::fs::write(path, out).unwrap();
}

fn doc_attributes(out: &mut String, indent: &str, doc: &str) {
    for line in doc.lines() {
        writeln!(out, "{indent}#[doc = {:?}]", format!(" {line}")).unwrap();
    }
}
