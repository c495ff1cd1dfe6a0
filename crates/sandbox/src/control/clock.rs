//! Moving the sandbox's calendar on, which runs the plan occurrences that fall due.

use serde_json::{json, Value};

use crate::api_error::{ApiError, ApiResult};
use crate::clock::iso_ms;
use crate::state::Store;
use crate::validate::Fields;

/// `clock/advance`: `{ days }` or `{ months }`.
pub fn advance(store: &mut Store, body: &Value) -> ApiResult<Value> {
    let days = days_to_advance(store, body)?;
    let created = store.advance_clock(days);
    Ok(json!({ "now": iso_ms(store.now_ms()), "transactions": created }))
}

/// `{ days }` (1-3660) or `{ months }` (1-120), one of the two.
fn days_to_advance(store: &Store, body: &Value) -> ApiResult<i64> {
    let f = Fields::of(body)?;
    let whole = |field: &str, max: i64| match f.map().get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_i64().filter(|v| (1..=max).contains(v)) {
            Some(v) => Ok(Some(v)),
            None => Err(ApiError::field(
                field,
                format!("must be a whole number from 1 to {max}"),
            )),
        },
        Some(_) => Err(ApiError::field(
            field,
            format!("must be a whole number from 1 to {max}"),
        )),
    };
    match (whole("days", 3660)?, whole("months", 120)?) {
        (Some(days), None) => Ok(days),
        (None, Some(months)) => {
            let today = store.clock.today();
            Ok(today.add_months(months as u32).to_days() - today.to_days())
        }
        (Some(_), Some(_)) => Err(ApiError::field("days", "give days or months, not both")),
        (None, None) => Err(ApiError::field(
            "days",
            "must be a whole number of days from 1 to 3660 (or give months, 1 to 120)",
        )),
    }
}
