//! Applies a core [`Shape`] to a response, producing exactly the JS value the official client
//! returns (including keys whose value is `undefined`).

use coherent::shape::{Key, Shape};
use coherent::{Error, Response};
use napi::bindgen_prelude::*;
use napi::{JsValue, ValueType};

use crate::js;

pub fn to_js<'e>(env: &'e Env, shape: Shape, response: Response) -> coherent::Result<Unknown<'e>> {
    build(env, shape, &response).map_err(|why| Error::InvalidResponse {
        status: response.status,
        headers: response.headers.clone(),
        body: response.body.clone(),
        message: why,
        attempts: response.attempts,
    })
}

fn build<'e>(
    env: &'e Env,
    shape: Shape,
    response: &Response,
) -> std::result::Result<Unknown<'e>, String> {
    let js_err = |e: napi::Error| e.reason;
    if shape == Shape::Nothing {
        return ().into_unknown(env).map_err(js_err);
    }
    // axios: an empty body is "", JSON is parsed, anything else stays text.
    let (data, is_text) = if response.body.is_empty() {
        (env.create_string("").map_err(js_err)?.to_unknown(), false)
    } else {
        match js::parse(env, &response.body).map_err(js_err)? {
            Some(v) => (v, false),
            None => (
                env.create_string(&response.body)
                    .map_err(js_err)?
                    .to_unknown(),
                true,
            ),
        }
    };
    if shape == Shape::Raw {
        return Ok(data);
    }
    if is_text {
        return Err("the response body is not valid JSON".into());
    }
    match shape {
        Shape::Pick {
            keys,
            null_if_falsy,
        } => {
            if null_if_falsy && !data.coerce_to_bool().map_err(js_err)? {
                return Null.into_unknown(env).map_err(js_err);
            }
            if js::is_nullish(&data) {
                return Err("the response body was null where an object was expected".into());
            }
            let mut out = Object::new(env).map_err(js_err)?;
            for key in keys {
                let value = match key {
                    Key::Null(_) => Null.into_unknown(env).map_err(js_err)?,
                    Key::Copy(name) => property(env, &data, name).map_err(js_err)?,
                };
                out.set_named_property(key.name(), value).map_err(js_err)?;
            }
            Ok(out.to_unknown())
        }
        Shape::TransactionUuid => {
            let mut out = Object::new(env).map_err(js_err)?;
            out.set_named_property(
                "transactionUuid",
                property(env, &data, "transactionUuid").map_err(js_err)?,
            )
            .map_err(js_err)?;
            Ok(out.to_unknown())
        }
        // Handled above; kept total so nothing here can panic.
        Shape::Raw | Shape::Nothing => Ok(data),
    }
}

/// `data[name]` for objects; `undefined` for primitives (none of our keys exist on them).
fn property<'e>(env: &'e Env, data: &Unknown<'e>, name: &str) -> Result<Unknown<'e>> {
    match data.get_type()? {
        ValueType::Object => unsafe { data.cast::<Object>() }?.get_named_property::<Unknown>(name),
        _ => ().into_unknown(env),
    }
}
