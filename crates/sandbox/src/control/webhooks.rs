//! The webhook receiver's bad day: a delivery sent again, the next attempts made to fail.

use serde_json::{json, Value};

use super::no_fields;
use crate::api_error::{ApiError, ApiResult};
use crate::state::Store;
use crate::validate::Fields;

/// `webhooks/{id}/resend`: the delivery's event again, as a new delivery.
pub fn resend(store: &mut Store, id: u64, body: &Value) -> ApiResult<Value> {
    no_fields(body)?;
    let d = store
        .deliveries
        .iter()
        .find(|d| d.id == id)
        .ok_or_else(|| ApiError::not_found("webhook delivery", &id.to_string()))?;
    let (url, payload, merchant) = (d.url.clone(), d.payload.clone(), d.merchant_uuid.clone());
    let new_id = store.queue_delivery(url, payload, merchant, Some(id));
    Ok(store.deliveries[new_id as usize - 1].json())
}

/// `clinics/{merchant}/webhooks/fail-next`: `{ count }` (0-100; 0 clears).
pub fn fail_next(store: &mut Store, merchant: &str, body: &Value) -> ApiResult<Value> {
    if !store.merchants.contains_key(merchant) {
        return Err(ApiError::not_found("clinic", merchant));
    }
    let f = Fields::of(body)?;
    if let Some(other) = f.map().keys().find(|k| *k != "count") {
        return Err(ApiError::field(
            other,
            "is not a field of this action (count)",
        ));
    }
    let count = match f.map().get("count") {
        Some(Value::Number(n)) => n.as_u64().filter(|c| *c <= 100),
        _ => None,
    };
    let Some(count) = count else {
        return Err(ApiError::field(
            "count",
            "must be a whole number from 0 to 100",
        ));
    };
    store
        .webhook_fail_next
        .insert(merchant.to_string(), count as u32);
    Ok(json!({ "merchantUuid": merchant, "failNext": count }))
}
