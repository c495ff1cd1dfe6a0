//! `/`: every clinic in the sandbox, its keys (masked) and webhook URL, with links to its pages.

use axum::response::Response;

use super::{page, table};
use crate::html::{escape, time};
use crate::state::{in_order, AppState};

pub fn show(state: &AppState) -> Response {
    let store = state.store();
    let clinics = in_order(store.merchants.values(), |m| m.seq);
    let rows: Vec<String> = clinics
        .iter()
        .map(|m| {
            let count = |n: usize| n.to_string();
            let transactions = store.transactions.values().filter(|t| t.merchant_uuid == m.uuid).count();
            let plans = store.plans.values().filter(|p| p.merchant_uuid == m.uuid).count();
            let customers = store.customers.values().filter(|c| c.merchant_uuid == m.uuid).count();
            let keys: String = store
                .masked_keys(&m.uuid)
                .iter()
                .map(|k| format!("<div><code>{}</code></div>", escape(k)))
                .collect();
            let webhook = m
                .webhook_url
                .as_deref()
                .map(|u| format!("<code>{}</code>", escape(u)))
                .unwrap_or_else(|| "<span class=\"muted\">sandbox default</span>".into());
            format!(
                "<tr id=\"clinic-{uuid}\"><td><a href=\"/dashboard/clinics/{uuid}/transactions\">{name}</a><div class=\"mono muted\">{uuid}</div></td>\
<td>{keys}</td><td>{webhook}</td><td class=\"num\">{t}</td><td class=\"num\">{p}</td><td class=\"num\">{c}</td></tr>",
                uuid = escape(&m.uuid),
                name = escape(&m.name),
                t = count(transactions),
                p = count(plans),
                c = count(customers),
            )
        })
        .collect();
    let list = if rows.is_empty() {
        "<p class=\"muted\">No clinics yet. Any key <code>api-test-</code> + 32 hex characters creates one on first use \
(start with <code>--seed</code> for a demo clinic).</p>"
            .to_string()
    } else {
        table(
            "Clinics",
            &[
                "Clinic",
                "API keys",
                "Webhook URL",
                "Transactions",
                "Plans",
                "Customers",
            ],
            &rows,
            "clinics",
        )
    };
    let main = format!(
        "<h1>Clinics</h1><p>Sandbox time: <strong id=\"now\">{now}</strong> · <a href=\"/dashboard/clock\">move the clock</a></p>{list}",
        now = time(store.now_ms())
    );
    page("Clinics", &main)
}
