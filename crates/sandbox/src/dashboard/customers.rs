//! A clinic's customers and their wallets (saved cards).

use super::{status, table, Ctx};
use crate::html::escape;
use crate::model::Customer;
use crate::state::Store;

pub fn render(store: &Store, ctx: &Ctx, merchant: &str) -> String {
    let mut list: Vec<&Customer> = store
        .customers
        .values()
        .filter(|c| c.merchant_uuid == merchant)
        .collect();
    list.sort_by_key(|c| c.created_ms);
    if list.is_empty() {
        return "<p class=\"muted\">No customers yet.</p>".into();
    }
    let rows: Vec<String> = list.iter().map(|c| row(store, ctx, c)).collect();
    table(
        "Customers",
        &["Customer", "Reference", "Contact", "Wallets"],
        &rows,
        "customers",
    )
}

fn row(store: &Store, ctx: &Ctx, c: &Customer) -> String {
    let name = [c.first_name.as_deref(), c.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let contact = [c.email.as_deref(), c.mobile.as_deref()]
        .into_iter()
        .flatten()
        .map(|x| format!("<div>{}</div>", escape(x)))
        .collect::<String>();
    let mut wallets: Vec<_> = store
        .wallets
        .values()
        .filter(|w| w.customer_uuid == c.uuid)
        .collect();
    wallets.sort_by_key(|w| w.seq);
    let wallets: String = wallets
        .iter()
        .map(|w| {
            let card = w
                .card
                .as_ref()
                .map(|k| format!(" <code>{}</code>", escape(&k.summary())))
                .unwrap_or_default();
            let action = if matches!(w.status.as_str(), "sent" | "authorising") {
                ctx.button(&format!("wallets/{}/authorise", w.uuid), "Save the success card", "secondary")
            } else {
                String::new()
            };
            format!(
                "<div id=\"wallet-{uuid}\">{name} {status}{card} <a href=\"{url}\">checkout</a> {action}</div>",
                uuid = escape(&w.uuid),
                name = escape(&w.name),
                status = status(&w.status),
                url = escape(&w.checkout_url(ctx.base_url)),
            )
        })
        .collect();
    format!(
        "<tr id=\"customer-{uuid}\"><td>{name}<div class=\"mono muted\">{uuid}</div></td><td>{reference}</td><td>{contact}</td><td>{wallets}</td></tr>",
        uuid = escape(&c.uuid),
        name = escape(if name.is_empty() { "(no name)" } else { &name }),
        reference = escape(&c.provider_reference_id),
    )
}
