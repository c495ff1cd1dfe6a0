//! What the sandbox keeps it must read back (with `--data`, from SQLite on the next start), so
//! every JSON body, of the API, control routes, dashboard forms and `Sandbox` methods alike, is
//! held to limits a stored value can be read back within, checked at the door with a 400:
//! - nesting: at most [`MAX_DEPTH`] levels of arrays and objects (a stored record adds a few
//!   levels, and serde_json reads at most 128 back);
//! - each string, key or value: at most [`MAX_STRING_CHARS`] characters.
//!
//! (The 1 MB body limit is the HTTP side's: `routes::BODY_LIMIT`.)

use serde_json::Value;

use crate::api_error::{ApiError, ApiResult};

/// Arrays and objects inside one another, the body itself counting as one.
pub const MAX_DEPTH: usize = 32;
/// Characters in one string (a key or a value).
pub const MAX_STRING_CHARS: usize = 10_000;

/// Refuses a value nested deeper than [`MAX_DEPTH`] or holding a string longer than
/// [`MAX_STRING_CHARS`], naming the limit and the top-level field that passes it.
pub fn check_limits(value: &Value) -> ApiResult<()> {
    let mut stack = vec![(value, 1usize, "body")];
    while let Some((value, depth, field)) = stack.pop() {
        let long = |s: &str| s.chars().count() > MAX_STRING_CHARS;
        let fail = |what: &str| {
            Err(ApiError::field(
                field,
                format!("{what}, the sandbox's limit"),
            ))
        };
        match value {
            Value::String(s) if long(s) => {
                return fail(&format!("is longer than {MAX_STRING_CHARS} characters"))
            }
            Value::Array(_) | Value::Object(_) if depth > MAX_DEPTH => {
                return fail(&format!("is nested more than {MAX_DEPTH} levels deep"))
            }
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1, field))),
            Value::Object(map) => {
                for (key, v) in map {
                    // The body's own keys name the field; deeper ones belong to it.
                    let field = if depth == 1 { key.as_str() } else { field };
                    if long(key) {
                        return Err(ApiError::field(
                            if depth == 1 { "body" } else { field },
                            format!(
                                "has a key longer than {MAX_STRING_CHARS} characters, the \
                                 sandbox's limit"
                            ),
                        ));
                    }
                    stack.push((v, depth + 1, field));
                }
            }
            _ => {}
        }
    }
    Ok(())
}
