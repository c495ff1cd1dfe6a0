//! Applies a core [`Shape`] to a response, producing exactly the JS value the official client
//! returns (including keys whose value is `undefined`).
//!
//! Each shape becomes a small JS function, compiled once per JS thread, that takes the body text
//! and returns the result: V8 parses the JSON and its JIT copies the picked keys. That is one
//! napi call per response instead of two per key, and it keeps the event loop's share of a call
//! small (measured in BENCHMARKS.md).

use std::cell::RefCell;

use crate::ascii_json::ascii_json;
use coherent::shape::{unfit_body, Data, Key, Shape};
use coherent::{Error, Response};
use napi::bindgen_prelude::*;
use napi::{JsValue, ValueType};

/// A response whose body is already in the form the shaper parses. Made on the runtime thread
/// by [`prepare`], so the escaping (see [`body_string`]) costs the event loop nothing.
pub struct Prepared {
    response: Response,
    text: BodyText,
}

enum BodyText {
    /// The body is ASCII already.
    Ascii,
    /// The body with its non-ASCII characters escaped.
    Escaped(String),
    /// The body as it is (see [`ascii_json`]).
    Utf8,
}

pub fn prepare(response: Response) -> Prepared {
    let text = body_text(&response.body);
    Prepared { response, text }
}

fn body_text(body: &str) -> BodyText {
    match ascii_json(body) {
        Some(std::borrow::Cow::Borrowed(_)) => BodyText::Ascii,
        Some(std::borrow::Cow::Owned(escaped)) => BodyText::Escaped(escaped),
        None => BodyText::Utf8,
    }
}

/// axios's `response.data` for `body`: what a failed call's `err.response.data` holds, made by
/// the same shaper as [`Shape::Raw`] results, so the rule lives in one place ([`source`]).
pub fn response_data<'e>(env: &'e Env, body: &str) -> Result<Unknown<'e>> {
    build(env, Shape::Raw, body, &body_text(body)).map_err(napi::Error::from_reason)
}

pub fn to_js<'e>(env: &'e Env, shape: Shape, prepared: Prepared) -> coherent::Result<Unknown<'e>> {
    let Prepared { response, text } = prepared;
    build(env, shape, &response.body, &text).map_err(|why| Error::InvalidResponse {
        status: response.status,
        headers: response.headers.clone(),
        body: response.body.clone(),
        message: why,
        attempts: response.attempts,
    })
}

/// What a shaper returns instead of a result when the body does not fit the shape. Results are
/// objects or `null`, so numbers are free. ([`Shape::Raw`] results can be any JSON value; its
/// shaper returns `undefined`, which `JSON.parse` never does, for a body that is not JSON.)
const NOT_JSON: u32 = 1;
/// JSON, but not an object (or empty where `null` is not the answer): the core's
/// [`unfit_body`] says what it is.
const NOT_OBJECT: u32 = 2;

fn build<'e>(
    env: &'e Env,
    shape: Shape,
    body: &str,
    text: &BodyText,
) -> std::result::Result<Unknown<'e>, String> {
    let js_err = |e: napi::Error| e.reason;
    if shape == Shape::Nothing {
        return ().into_unknown(env).map_err(js_err);
    }
    let text = body_string(env, body, text).map_err(js_err)?;
    let value = shaper(env, shape)
        .and_then(|f| f.call(text))
        .map_err(js_err)?;
    let kind = value.get_type().map_err(js_err)?;
    if shape == Shape::Raw {
        return match kind {
            // Not JSON: axios keeps the text as it came.
            ValueType::Undefined => env
                .create_string(body)
                .map(|s| s.to_unknown())
                .map_err(js_err),
            _ => Ok(value),
        };
    }
    if shape == Shape::Json {
        return match kind {
            ValueType::Undefined => Err("the response body is not valid JSON".into()),
            _ => Ok(value),
        };
    }
    if kind != ValueType::Number {
        return Ok(value);
    }
    match unsafe { value.cast::<u32>() }.map_err(js_err)? {
        NOT_JSON => Err("the response body is not valid JSON".into()),
        NOT_OBJECT => Err(unfit_body(&Data::decode(body))),
        other => Err(format!("unexpected shaper result {other}")),
    }
}

/// The body as the JS string the shaper parses. V8 keeps a string with any non-ASCII character
/// as two bytes per character, and decoding UTF-8 into that form took longer than the parse
/// itself. So non-ASCII characters are written as `\uXXXX` escapes, which `JSON.parse` reads
/// back to the same characters, and the all-ASCII text is copied in as Latin-1. The body is
/// passed as it is only where the escapes could change its meaning (see [`ascii_json`]).
fn body_string<'e>(env: &'e Env, body: &str, text: &BodyText) -> Result<Unknown<'e>> {
    let mut raw = std::ptr::null_mut();
    let latin1 = |ascii: &str, raw: &mut sys::napi_value| {
        check_status!(unsafe {
            sys::napi_create_string_latin1(
                env.raw(),
                ascii.as_ptr().cast(),
                ascii.len() as isize,
                raw,
            )
        })
    };
    match text {
        BodyText::Ascii => latin1(body, &mut raw)?,
        BodyText::Escaped(escaped) => latin1(escaped, &mut raw)?,
        BodyText::Utf8 => check_status!(unsafe {
            sys::napi_create_string_utf8(
                env.raw(),
                body.as_ptr().cast(),
                body.len() as isize,
                &mut raw,
            )
        })?,
    }
    unsafe { Unknown::from_napi_value(env.raw(), raw) }
}

/// The core's result (`coherent::client::shape_result`, what Rust callers get) for a 2xx `body` shaped as
/// `method` shapes it, as JSON: `{"value": ...}`, `{"undefined": true}` or `{"error": message}`.
/// Only for `__test__/shaping.test.js`, which checks that the shapers here agree with the core.
// Called from JS only; `cargo test` builds compile the napi registration out.
#[cfg_attr(test, allow(dead_code))]
#[napi(js_name = "__coreShape")]
pub fn core_shape(method: String, body: String) -> Result<String> {
    use coherent::resources::{payment_plans, transactions};
    let shape = match method.as_str() {
        "transactions.create" => transactions::CREATE_SHAPE,
        "transactions.get" => transactions::GET_SHAPE,
        "paymentPlans.create" => payment_plans::CREATE_SHAPE,
        "paymentPlans.get" => payment_plans::GET_SHAPE,
        "customers.debitWallet" => Shape::TransactionUuid,
        "customers.get" => Shape::Raw,
        "paymentPlans.notify" => Shape::Nothing,
        "request" => Shape::Json,
        other => return Err(napi::Error::from_reason(format!("no shape for {other}"))),
    };
    let response = Response {
        status: 200,
        headers: Vec::new(),
        body,
        attempts: 1,
        http_version: "1.1",
    };
    let out = match coherent::client::shape_result(shape, response) {
        Ok(Some(value)) => serde_json::json!({ "value": value }),
        Ok(None) => serde_json::json!({ "undefined": true }),
        Err(e) => serde_json::json!({ "error": e.to_string() }),
    };
    Ok(out.to_string())
}

type Shaper = FunctionRef<Unknown<'static>, Unknown<'static>>;

thread_local! {
    // One JS thread per env (main thread, each worker): each compiles its own shapers. The env
    // is part of the key so a thread that ever hosts a second env never reuses a stale one.
    static SHAPERS: RefCell<Vec<(usize, Shape, Shaper)>> = const { RefCell::new(Vec::new()) };
}

/// The compiled shaper of `shape`, compiled on first use.
fn shaper<'e>(env: &'e Env, shape: Shape) -> Result<Function<'e, Unknown<'e>, Unknown<'e>>> {
    let env_id = env.raw() as usize;
    let cached = SHAPERS.with(|cache| {
        let cache = cache.borrow();
        match cache.iter().find(|(e, s, _)| *e == env_id && *s == shape) {
            Some((_, _, f)) => f.borrow_back(env).map(|f| Some(f.raw())),
            None => Ok(None),
        }
    })?;
    let raw = match cached {
        Some(raw) => raw,
        None => {
            let compiled: Function<Unknown, Unknown> = env.run_script(source(shape))?;
            let raw = compiled.raw();
            let reference = compiled.create_ref()?;
            SHAPERS.with(|cache| cache.borrow_mut().push((env_id, shape, reference)));
            raw
        }
    };
    unsafe { Function::from_napi_value(env.raw(), raw) }
}

/// The JS source of the shaper for `shape`: `(text) => result`. Every shaper starts from axios's
/// `response.data` (`""` stays `""`, JSON is parsed, other text stays text: `decode` below, the
/// one place of that rule in JS), then picks as the official client does.
fn source(shape: Shape) -> String {
    // Ends inside the `catch`: each shaper says what a body that is not JSON gives.
    let decode = "var d; if (t === '') d = ''; else try { d = JSON.parse(t) } catch (e) { ";
    match shape {
        Shape::Raw | Shape::Nothing => format!("(function (t) {{ {decode}return }} return d }})"),
        // Any JSON value, numbers included, so not-JSON is `undefined` as for `Raw`; an empty
        // body is `null` (and a JSON `""` stays `""`).
        Shape::Json => "(function (t) { if (t === '') return null; \
                        try { return JSON.parse(t) } catch (e) { return } })"
            .into(),
        Shape::TransactionUuid => format!(
            "(function (t) {{ {decode}return {NOT_JSON} }} {NOT_AN_OBJECT}\
             return {{ transactionUuid: d.transactionUuid }} }})"
        ),
        Shape::Pick {
            keys,
            null_if_empty,
        } => {
            let empty = if null_if_empty {
                "if (t === '' || d === null) return null; "
            } else {
                ""
            };
            let fields: Vec<String> = keys
                .iter()
                .map(|key| {
                    // Keys are identifiers from the core's tables; quoting keeps any name safe.
                    let name = quote(key.name());
                    match key {
                        Key::Null(_) => format!("{name}: null"),
                        Key::Copy(_) => format!("{name}: d[{name}]"),
                    }
                })
                .collect();
            format!(
                "(function (t) {{ {decode}return {NOT_JSON} }} {empty}{NOT_AN_OBJECT}\
                 return {{ {} }} }})",
                fields.join(", ")
            )
        }
    }
}

/// The shapers' test that `d` is a JSON object (`JSON.parse` makes no other kind of object).
const NOT_AN_OBJECT: &str =
    "if (d === null || typeof d !== 'object' || Array.isArray(d)) return 2; ";

/// A JS string literal for `name`.
fn quote(name: &str) -> String {
    serde_json::Value::from(name).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_source_lists_keys_in_order_with_forced_nulls() {
        let shape = Shape::Pick {
            keys: &[Key::Copy("uuid"), Key::Null("paid"), Key::Copy("status")],
            null_if_empty: true,
        };
        let js = source(shape);
        assert!(js.contains(r#"return { "uuid": d["uuid"], "paid": null, "status": d["status"] }"#));
        assert!(js.contains("if (t === '' || d === null) return null;"));
        assert!(
            js.contains(NOT_AN_OBJECT) && NOT_AN_OBJECT.contains(&format!("return {NOT_OBJECT};"))
        );
        let strict = source(Shape::Pick {
            keys: &[Key::Copy("uuid")],
            null_if_empty: false,
        });
        assert!(!strict.contains("return null;"));
        assert!(strict.contains(NOT_AN_OBJECT));
    }
}
