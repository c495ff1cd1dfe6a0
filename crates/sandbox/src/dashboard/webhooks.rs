//! A clinic's webhook log: every delivery and attempt (time, URL, status, duration, the start
//! of the answer), a resend button on each, and "make the next N attempts fail".

use super::{status, table, Ctx};
use crate::html::{escape, time};
use crate::model::Delivery;
use crate::state::Store;

pub fn render(store: &Store, ctx: &Ctx, merchant: &str) -> String {
    let url = store
        .merchants
        .get(merchant)
        .and_then(|m| m.webhook_url.clone())
        .or_else(|| store.default_webhook_url.clone());
    let failing = store.webhook_fail_next.get(merchant).copied().unwrap_or(0);
    let fail_form = ctx.form(
        &format!("clinics/{merchant}/webhooks/fail-next"),
        "<label for=\"fail-count\">Make the next attempts fail:</label>\
<input class=\"small\" id=\"fail-count\" name=\"count\" inputmode=\"numeric\" pattern=\"[0-9]*\" value=\"1\">\
<button type=\"submit\" class=\"secondary\">Fail next</button>",
    );
    let intro = format!(
        "<div class=\"panel\"><dl class=\"facts\"><dt>Webhook URL</dt><dd>{}</dd><dt>Attempts set to fail</dt><dd id=\"fail-next\">{failing}</dd></dl>{fail_form}</div>",
        url.as_deref()
            .map(|u| format!("<code>{}</code>", escape(u)))
            .unwrap_or_else(|| "none (no webhooks are sent)".into()),
    );
    let list: Vec<&Delivery> = store
        .deliveries
        .iter()
        .filter(|d| d.merchant_uuid == merchant)
        .rev()
        .collect();
    if list.is_empty() {
        return format!("{intro}<p class=\"muted\">No webhooks sent yet.</p>");
    }
    let deliveries: String = list.iter().map(|d| delivery(ctx, d)).collect();
    format!("{intro}{deliveries}")
}

fn delivery(ctx: &Ctx, d: &Delivery) -> String {
    let event = format!(
        "{} {}",
        escape(d.payload["type"].as_str().unwrap_or("event")),
        status(d.payload["status"].as_str().unwrap_or(""))
    );
    let state = if d.delivered {
        status("delivered")
    } else if d.attempts.is_empty() {
        status("pending")
    } else {
        status("failed")
    };
    let resend_of = d
        .resend_of
        .map(|r| format!(" · resend of #{r}"))
        .unwrap_or_default();
    let rows: Vec<String> = d
        .attempts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let answer = match (a.status, &a.error) {
                (Some(s), _) => s.to_string(),
                (None, Some(e)) => format!("<span class=\"error\">{}</span>", escape(e)),
                (None, None) => String::new(),
            };
            format!(
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{answer}</td><td class=\"num\">{} ms</td><td><code>{}</code></td></tr>",
                i + 1,
                time(a.at_ms),
                a.duration_ms,
                escape(a.response_excerpt.as_deref().unwrap_or("")),
            )
        })
        .collect();
    let attempts = if rows.is_empty() {
        "<p class=\"muted\">Not attempted yet.</p>".to_string()
    } else {
        table(
            "Attempts",
            &["#", "Time", "Status", "Duration", "Response"],
            &rows,
            &format!("attempts-{}", d.id),
        )
    };
    format!(
        "<section class=\"panel\" id=\"delivery-{id}\" aria-labelledby=\"delivery-title-{id}\">\
<h2 id=\"delivery-title-{id}\">#{id} {event} {state}</h2>\
<p>To <code>{url}</code> · transaction <code>{uuid}</code>{resend_of}</p>{resend}{attempts}</section>",
        id = d.id,
        url = escape(&d.url),
        uuid = escape(d.payload["uuid"].as_str().unwrap_or("")),
        resend = ctx.button(&format!("webhooks/{}/resend", d.id), "Resend", "secondary"),
    )
}
