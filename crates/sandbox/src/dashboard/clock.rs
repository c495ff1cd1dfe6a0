//! `/dashboard/clock`: the sandbox time, forms to move it on by days or months, and the plan
//! occurrences that will run.

use axum::response::Response;

use super::{clinic_name, page, table, Ctx};
use crate::clock::Date;
use crate::control::UPCOMING_DAYS;
use crate::html::{escape, pounds, time};
use crate::state::AppState;

pub fn show(state: &AppState) -> Response {
    let store = state.store();
    let ctx = Ctx {
        csrf: &state.config.csrf_token,
        path: "/dashboard/clock".into(),
        base_url: &state.config.base_url,
    };
    let today = store.clock.today();
    let until = Date::from_days(today.to_days() + UPCOMING_DAYS);
    let rows: Vec<String> = store
        .upcoming_occurrences(until)
        .iter()
        .map(|u| {
            let runs = if u.will_charge {
                "<span class=\"status status-authorised\">will charge</span>".to_string()
            } else {
                format!(
                    "<span class=\"status status-paused\">will not charge (plan {})</span>",
                    escape(&u.plan_status)
                )
            };
            format!(
                "<tr><td>{date}</td><td><a href=\"/dashboard/clinics/{m}/plans\">{clinic}</a></td><td>{name}</td><td class=\"num\">{amount}</td><td>{runs}</td></tr>",
                date = u.date.iso(),
                m = escape(&u.merchant_uuid),
                clinic = escape(&clinic_name(&store, &u.merchant_uuid)),
                name = escape(&u.name),
                amount = pounds(u.amount),
            )
        })
        .collect();
    let upcoming = if rows.is_empty() {
        format!("<p class=\"muted\">No plan occurrences in the next {UPCOMING_DAYS} days.</p>")
    } else {
        table(
            &format!("Plan occurrences in the next {UPCOMING_DAYS} days"),
            &["Date", "Clinic", "Plan", "Amount", "Runs"],
            &rows,
            "upcoming",
        )
    };
    let days = ctx.form(
        "clock/advance",
        "<label for=\"advance-days\">Days</label><input class=\"small\" id=\"advance-days\" name=\"days\" inputmode=\"numeric\" pattern=\"[0-9]*\" value=\"1\">\
<button type=\"submit\">Advance by days</button>",
    );
    let months = ctx.form(
        "clock/advance",
        "<label for=\"advance-months\">Months</label><input class=\"small\" id=\"advance-months\" name=\"months\" inputmode=\"numeric\" pattern=\"[0-9]*\" value=\"1\">\
<button type=\"submit\">Advance by months</button>",
    );
    let main = format!(
        "<h1>Clock</h1><div class=\"panel\"><p>Sandbox time: <strong id=\"now\">{now}</strong></p>\
<p class=\"muted\">Moving the clock runs every plan occurrence that falls due, day by day, and completes started refunds.</p>{days}{months}</div>{upcoming}",
        now = time(store.now_ms()),
    );
    page("Clock", &main)
}
