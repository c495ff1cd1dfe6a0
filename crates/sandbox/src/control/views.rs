//! The read-only views: `GET /sandbox/clock`, `/webhooks`, `/outbox`, `/clinics` (and the
//! `Sandbox` methods of the same names).

use serde_json::{json, Value};

use super::UPCOMING_DAYS;
use crate::clock::{iso_ms, Date};
use crate::state::{in_order, Store};

/// `GET /sandbox/clock`: the sandbox time and the plan occurrences of the next 92 days.
pub fn clock(store: &Store) -> Value {
    let today = store.clock.today();
    let until = Date::from_days(today.to_days() + UPCOMING_DAYS);
    json!({
        "now": iso_ms(store.now_ms()),
        "upcoming": store.upcoming_occurrences(until).iter().map(|u| u.json()).collect::<Vec<_>>(),
    })
}

/// `GET /sandbox/webhooks`: every delivery and its attempts.
pub fn webhooks(store: &Store) -> Value {
    Value::Array(store.deliveries.iter().map(|d| d.json()).collect())
}

/// `GET /sandbox/outbox`: every email and text message.
pub fn outbox(store: &Store) -> Value {
    Value::Array(store.messages.iter().map(|m| m.json()).collect())
}

/// `GET /sandbox/clinics`: every merchant, its keys masked, its webhook URL and fail-next count.
pub fn clinics(store: &Store) -> Value {
    Value::Array(
        in_order(store.merchants.values(), |m| m.seq)
            .into_iter()
            .map(|m| {
                json!({
                    "uuid": m.uuid,
                    "name": m.name,
                    "email": m.email,
                    "webhookUrl": m.webhook_url,
                    "keys": store.masked_keys(&m.uuid),
                    "failNextWebhooks": store.webhook_fail_next.get(&m.uuid).copied().unwrap_or(0),
                })
            })
            .collect(),
    )
}

impl Store {
    /// A clinic's API keys, oldest first, showing only the last four characters.
    pub fn masked_keys(&self, merchant: &str) -> Vec<String> {
        let mut keys: Vec<(u64, String)> = self
            .api_keys
            .iter()
            .filter(|(_, k)| k.merchant_uuid == merchant)
            .map(|(secret, k)| (k.seq, mask(secret)))
            .collect();
        keys.sort();
        keys.into_iter().map(|(_, masked)| masked).collect()
    }
}

/// `api-test-…1a2b`: enough to tell keys apart, not enough to use one.
pub fn mask(secret: &str) -> String {
    let tail: String = secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("api-test-…{tail}")
}
