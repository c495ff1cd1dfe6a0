//! A clinic's transactions: status, amounts, refunds, payment details, and the actions a
//! patient or bank would take (pay, decline) and refund.

use super::{status, table, Ctx};
use crate::html::{escape, pounds, time};
use crate::model::Transaction;
use crate::state::{in_order, Store};

pub fn render(store: &Store, ctx: &Ctx, merchant: &str) -> String {
    let list = in_order(
        store
            .transactions
            .values()
            .filter(|t| t.merchant_uuid == merchant),
        |t| t.seq,
    );
    if list.is_empty() {
        return "<p class=\"muted\">No transactions yet. Create one with <code>coherent.transactions.create(...)</code>.</p>".into();
    }
    let rows: Vec<String> = list.iter().rev().map(|t| row(store, ctx, t)).collect();
    table(
        "Transactions, newest first",
        &[
            "Created",
            "Patient",
            "Amount",
            "Status",
            "Refunds",
            "Payment",
            "Reference",
            "Actions",
        ],
        &rows,
        "transactions",
    )
}

fn row(store: &Store, ctx: &Ctx, t: &Transaction) -> String {
    let name = t.name.as_deref().unwrap_or("(no name)");
    format!(
        "<tr id=\"tx-{uuid}\" data-status=\"{st}\"><td>{created}<div class=\"mono muted\">{uuid}</div></td><td>{name}</td>\
<td class=\"num\">{amount}</td><td>{status}</td><td>{refunds}</td><td>{payment}</td><td>{reference}</td><td>{actions}</td></tr>",
        uuid = escape(&t.uuid),
        st = escape(&t.status),
        created = time(t.created_ms),
        name = escape(name),
        amount = pounds(t.amount),
        status = status(&t.status),
        refunds = refunds(t),
        payment = payment(t),
        reference = references(store, t),
        actions = actions(ctx, t),
    )
}

/// Each refund: amount, status and reason.
fn refunds(t: &Transaction) -> String {
    t.refunds
        .iter()
        .map(|r| {
            format!(
                "<div>{} {}{}</div>",
                pounds(r.amount),
                status(&r.status),
                r.reason
                    .as_deref()
                    .map(|x| format!(" <span class=\"muted\">{}</span>", escape(x)))
                    .unwrap_or_default()
            )
        })
        .collect()
}

/// How it was paid, or why it was not.
fn payment(t: &Transaction) -> String {
    match &t.payment {
        Some(p) => format!(
            "{} <code>{}</code><div class=\"muted\">auth {} · {}</div>",
            escape(&p.method),
            escape(&p.summary),
            escape(&p.auth_code),
            time(p.paid_ms)
        ),
        None => t
            .failure_reason
            .as_deref()
            .map(|r| format!("<span class=\"error\">{}</span>", escape(r)))
            .unwrap_or_default(),
    }
}

/// The plan's reference, the plan charge's reference and the note.
fn references(store: &Store, t: &Transaction) -> String {
    [
        t.plan_uuid
            .as_ref()
            .and_then(|p| store.plans.get(p))
            .and_then(|p| p.transaction_reference.clone()),
        t.execution_reference.clone(),
        t.note.clone(),
    ]
    .into_iter()
    .flatten()
    .map(|r| format!("<div>{}</div>", escape(&r)))
    .collect()
}

/// Pay or decline an unpaid one; refund a paid one.
fn actions(ctx: &Ctx, t: &Transaction) -> String {
    let action_base = format!("transactions/{}", t.uuid);
    match t.status.as_str() {
        "unpaid" => format!(
            "{}{}<div><a href=\"{}/checkout/transaction/{}\">Payment link</a></div>",
            ctx.button(
                &format!("{action_base}/pay"),
                &format!("Pay {}", pounds(t.amount)),
                ""
            ),
            ctx.button(&format!("{action_base}/decline"), "Decline", "danger"),
            escape(ctx.base_url),
            escape(&t.uuid)
        ),
        "paid" => {
            let left = t.amount - t.refunded_total();
            let input_id = format!("refund-{}", t.uuid);
            ctx.form(
                &format!("{action_base}/refund"),
                &format!(
                    "<label for=\"{input_id}\">Refund (pence)</label>\
<input class=\"small\" id=\"{input_id}\" name=\"amount\" inputmode=\"numeric\" pattern=\"[0-9]*\" placeholder=\"{left}\">\
<button type=\"submit\" class=\"secondary\">Refund</button>"
                ),
            )
        }
        _ => String::new(),
    }
}
