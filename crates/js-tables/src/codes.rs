//! `lib/error-codes.d.ts` from `coherent_schema::error_codes`: the union types of `err.code`,
//! each with the list of its codes and their meanings as its documentation.

use coherent_schema::error_codes::{Code, CLASS, CONNECTION, LOADING};

use crate::{jsdoc, quoted, GENERATED};

pub fn typescript() -> String {
    let mut out = format!(
        "/*
 * {GENERATED} from crates/schema/src/error_codes.rs: do not edit.
 *
 * The codes of the errors this package gives, by where they appear. What each means in full,
 * and whether a call is retried after it: docs/errors.md.
 */
"
    );
    out.push_str(&union(
        "ConnectionErrorCode",
        "`err.code` of a `CoherentConnectionError`: no usable response arrived.",
        CONNECTION,
    ));
    out.push_str(&union(
        "ErrorClassCode",
        "The code each other error class sets.",
        CLASS,
    ));
    out.push('\n');
    out.push_str(&jsdoc(
        "Every `err.code` of a rejected call: a {@link ConnectionErrorCode} or an {@link ErrorClassCode}.",
        "",
    ));
    out.push_str("export type ErrorCode = ConnectionErrorCode | ErrorClassCode\n");
    out.push_str(&union(
        "LoadingErrorCode",
        "`err.code` of what `require` / `import` of this package (or the first use of `Sandbox`) throws.",
        LOADING,
    ));
    out
}

/// `export type name = 'A' | 'B' ...`, documented with `doc` and each code's meaning.
fn union(name: &str, doc: &str, codes: &[Code]) -> String {
    let mut text = format!("{doc}\n");
    for c in codes {
        text.push_str(&format!("\n- `{}`: {}", quoted(c.code), c.meaning));
    }
    let mut out = format!("\n{}", jsdoc(&text, ""));
    out.push_str(&format!("export type {name} =\n"));
    for c in codes {
        out.push_str(&format!("  | {}\n", quoted(c.code)));
    }
    out
}
