//! The codes the transport reports are the ones `coherent_schema::error_codes` lists (from which
//! the typings of `err.code` are generated and against which docs/errors.md is checked): a code
//! written into a transport source without a row in that list fails here, and so does a row no
//! source reports any more.

use std::collections::BTreeSet;
use std::path::Path;

use coherent::Environment;
use coherent_schema::enums::ENVIRONMENT;
use coherent_schema::error_codes::{ATTEMPT_ONLY, CLASS, CONNECTION};

/// Whether a string literal looks like an error code: a Node system code (`ECONNRESET`), an
/// `ERR_*` or `HPE_*` code, or `ABORT_ERR`.
fn is_code(text: &str) -> bool {
    let upper = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    upper
        && (text.starts_with("ERR_")
            || text.starts_with("HPE_")
            || text == "ABORT_ERR"
            || (text.starts_with('E') && !text.contains('_') && text.len() > 3))
}

/// Every code-like string literal of the `.rs` files under `dir`, with the file it is in.
fn literals(dir: &Path, found: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("the transport's sources") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            literals(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("a source file");
            // The pieces between quotes: every odd one is inside a literal (the transport's
            // sources hold no escaped quotes next to a code).
            for piece in text.split('"').skip(1).step_by(2) {
                if is_code(piece) {
                    found.push((piece.to_string(), path.display().to_string()));
                }
            }
        }
    }
}

#[test]
fn the_transport_reports_exactly_the_listed_codes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/transport");
    let mut found = Vec::new();
    literals(&dir, &mut found);
    let listed: BTreeSet<&str> = CONNECTION
        .iter()
        .chain(CLASS)
        .chain(ATTEMPT_ONLY)
        .map(|c| c.code)
        .collect();
    for (code, file) in &found {
        assert!(
            listed.contains(code.as_str()),
            "{file} reports {code}, which crates/schema/src/error_codes.rs does not list: add it \
             there (and to docs/errors.md), then run `npm run build:js-tables`"
        );
    }
    let reported: BTreeSet<&str> = found.iter().map(|(code, _)| code.as_str()).collect();
    for c in CONNECTION.iter().chain(ATTEMPT_ONLY) {
        assert!(
            reported.contains(c.code),
            "{} is listed in crates/schema/src/error_codes.rs but no transport source reports it",
            c.code
        );
    }
}

#[test]
fn the_code_pattern_tells_codes_from_other_literals() {
    for code in [
        "ECONNRESET",
        "EPIPE",
        "ERR_TLS_CERT",
        "HPE_INVALID_STATUS",
        "ABORT_ERR",
    ] {
        assert!(is_code(code), "{code}");
    }
    for other in ["GET", "EOF", "Error", "ETag", "tls", "", "E_X"] {
        assert!(!is_code(other), "{other}");
    }
}

#[test]
fn every_environment_of_the_enum_is_one_the_config_knows() {
    for m in ENVIRONMENT.members {
        assert!(Environment::parse(m.value).is_some(), "{}", m.value);
    }
    assert!(Environment::parse("STAGING").is_none());
}
