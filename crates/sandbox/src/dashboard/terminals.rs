//! The terminal simulator: each of a clinic's terminals with the transaction waiting on it,
//! and a card to present (approved, declined, insufficient funds) or the payment to cancel.

use super::Ctx;
use crate::html::{escape, pounds};
use crate::state::{in_order, Store};

pub fn render(store: &Store, ctx: &Ctx, merchant: &str) -> String {
    let list = in_order(
        store
            .terminals
            .values()
            .filter(|t| t.merchant_uuid == merchant),
        |t| t.seq,
    );
    let cards: String = list
        .iter()
        .map(|terminal| {
            let id = escape(&terminal.id);
            let name = escape(terminal.name.as_deref().unwrap_or(&terminal.id));
            let waiting = terminal
                .transaction_uuid
                .as_ref()
                .and_then(|u| store.transactions.get(u));
            let (screen, controls) = match waiting {
                Some(t) => (
                    format!(
                        "<div class=\"amount\">{}</div><div>{}</div><div class=\"mono\">{}</div><div>Present card</div>",
                        pounds(t.amount),
                        escape(t.name.as_deref().unwrap_or("")),
                        escape(&t.uuid)
                    ),
                    ctx.form(
                        &format!("terminals/{}/tap", terminal.id),
                        &format!(
                            "<button type=\"submit\" name=\"outcome\" value=\"approved\">Approved</button>\
<button type=\"submit\" name=\"outcome\" value=\"declined\" class=\"danger\">Declined</button>\
<button type=\"submit\" name=\"outcome\" value=\"insufficient_funds\" class=\"danger\">Insufficient funds</button>\
<button type=\"submit\" class=\"secondary\" formaction=\"/dashboard/terminals/{id}/cancel\">Cancel</button>"
                        ),
                    ),
                ),
                None => (
                    "<div>Idle: no transaction waiting</div>".to_string(),
                    "<p class=\"muted\">Put a transaction on it with <code>coherent.terminals.setTransaction(...)</code>.</p>".to_string(),
                ),
            };
            format!(
                "<section class=\"panel\" id=\"terminal-{id}\" aria-labelledby=\"terminal-title-{id}\">\
<h2 id=\"terminal-title-{id}\">{name}</h2><p class=\"mono muted\">{id}</p>\
<div class=\"terminal-screen\" role=\"status\" aria-label=\"Screen of {name}\">{screen}</div>{controls}</section>"
            )
        })
        .collect();
    format!("<div class=\"cards\">{cards}</div>")
}
