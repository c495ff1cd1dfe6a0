//! A clinic's payment plans and their schedules: past occurrences with their transactions,
//! months skipped (paused) or missed, and the dates still to come.

use super::{status, table, Ctx};
use crate::clock::Date;
use crate::html::{escape, pounds, time};
use crate::model::PaymentPlan;
use crate::outbox::upcoming_dates;
use crate::state::{in_order, Store};

/// How many future dates a plan shows.
const UPCOMING: usize = 6;

pub fn render(store: &Store, ctx: &Ctx, merchant: &str) -> String {
    let list = in_order(
        store.plans.values().filter(|p| p.merchant_uuid == merchant),
        |p| p.seq,
    );
    if list.is_empty() {
        return "<p class=\"muted\">No payment plans yet.</p>".into();
    }
    list.iter().rev().map(|p| plan(store, ctx, p)).collect()
}

fn plan(store: &Store, ctx: &Ctx, p: &PaymentPlan) -> String {
    let uuid = escape(&p.uuid);
    let mut facts = vec![
        ("Amount", pounds(p.amount)),
        (
            "Type",
            format!("{} · {}", escape(&p.kind), escape(&p.method)),
        ),
        ("Status", status(&p.status)),
    ];
    if let Some(r) = &p.transaction_reference {
        facts.push(("Reference", escape(r)));
    }
    if let Some(d) = &p.start_date {
        facts.push(("Starts", d.iso()));
    }
    if let Some(d) = &p.end_date {
        facts.push(("Ends", d.iso()));
    }
    if let Some(n) = &p.note {
        facts.push(("Note", escape(n)));
    }
    facts.push((
        "Checkout",
        format!(
            "<a href=\"{0}/checkout/plan/{uuid}\">{0}/checkout/plan/{uuid}</a>",
            escape(ctx.base_url)
        ),
    ));
    let facts: String = facts
        .into_iter()
        .map(|(k, v)| format!("<dt>{k}</dt><dd>{v}</dd>"))
        .collect();
    let authorise = if matches!(p.status.as_str(), "sent" | "authorising") {
        ctx.button(
            &format!("payment-plans/{}/authorise", p.uuid),
            "Authorise with the success card",
            "",
        )
    } else {
        String::new()
    };
    format!(
        "<section class=\"panel\" id=\"plan-{uuid}\" aria-labelledby=\"plan-title-{uuid}\"><h2 id=\"plan-title-{uuid}\">{name}</h2>\
<dl class=\"facts\">{facts}</dl>{authorise}{schedule}</section>",
        name = escape(&p.name),
        schedule = schedule(store, p),
    )
}

/// Past occurrences (charged, skipped or missed) then upcoming dates, in date order.
fn schedule(store: &Store, p: &PaymentPlan) -> String {
    let mut rows: Vec<(String, String)> = Vec::new();
    let charged = in_order(
        store
            .transactions
            .values()
            .filter(|t| t.plan_uuid.as_deref() == Some(&p.uuid)),
        |t| t.seq,
    );
    for t in charged {
        rows.push((
            time(t.created_ms),
            format!(
                "<td>{}</td><td>{} {}</td><td class=\"mono\">{}</td>",
                time(t.created_ms),
                pounds(t.amount),
                status(&t.status),
                escape(&t.uuid)
            ),
        ));
    }
    for skip in store.plan_skips.iter().filter(|s| s.plan_uuid == p.uuid) {
        let what = if skip.plan_status == "paused" {
            "skipped (paused)".to_string()
        } else {
            format!("missed (plan {})", skip.plan_status)
        };
        rows.push((
            skip.date.clone(),
            format!(
                "<td>{}</td><td>{}</td><td></td>",
                escape(&skip.date),
                status_text(&what)
            ),
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let today = store.clock.today();
    let far = Date::from_days(today.to_days() + 366 * 100);
    for date in upcoming_dates(p, today, far, UPCOMING) {
        let what = if p.status == "authorised" {
            "upcoming".to_string()
        } else {
            format!("upcoming, will not charge while {}", p.status)
        };
        rows.push((
            date.iso(),
            format!(
                "<td>{}</td><td>{} {}</td><td></td>",
                date.iso(),
                pounds(p.amount),
                status_text(&what)
            ),
        ));
    }
    if rows.is_empty() {
        return "<p class=\"muted\">No occurrences yet.</p>".into();
    }
    let rows: Vec<String> = rows
        .into_iter()
        .map(|(_, cells)| format!("<tr>{cells}</tr>"))
        .collect();
    table(
        "Schedule",
        &["Date", "Occurrence", "Transaction"],
        &rows,
        &format!("schedule-{}", p.uuid),
    )
}

fn status_text(text: &str) -> String {
    let class = if text.starts_with("upcoming") {
        "pending"
    } else {
        "paused"
    };
    format!(
        "<span class=\"status status-{class}\">{}</span>",
        escape(text)
    )
}
