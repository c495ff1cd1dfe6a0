//! The checkout pages behind every `paymentUrl` (transactions), plan link and wallet link:
//! server-rendered HTML with a TEST MODE banner, no external assets and no script (the
//! stylesheet comes from `/_assets/`). The patient types a test card; the
//! outcome is applied and the browser is sent (303) to `successUrl` / `failureUrl`, or to the
//! sandbox's own result page when there is none.

use std::collections::HashMap;

use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use std::sync::Arc;

use super::Shared;
use crate::cards::Card;
use crate::guard::FormTargets;
use crate::html::{escape, pounds, Shell};
use crate::state::{AppState, Store};

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/checkout/{kind}/{uuid}", get(page).post(submit))
        .route("/checkout/{kind}/{uuid}/result", get(result))
}

/// What the page shows and whether it can still be paid.
struct Summary {
    clinic: String,
    title: &'static str,
    amount: String,
    note: Option<String>,
    payable: bool,
    status: String,
    success_url: Option<String>,
    failure_url: Option<String>,
    reason: Option<String>,
}

fn summary(store: &Store, kind: &str, uuid: &str) -> Option<Summary> {
    let clinic = |merchant: &str| {
        store
            .merchants
            .get(merchant)
            .map(|m| m.name.clone())
            .unwrap_or_default()
    };
    match kind {
        "transaction" => store.transactions.get(uuid).map(|t| Summary {
            clinic: clinic(&t.merchant_uuid),
            title: "Payment",
            amount: pounds(t.amount),
            note: t.patient_note.clone(),
            payable: t.status == "unpaid",
            status: t.status.clone(),
            success_url: t.success_url.clone(),
            failure_url: t.failure_url.clone(),
            reason: t.failure_reason.clone(),
        }),
        "plan" => store.plans.get(uuid).map(|p| Summary {
            clinic: clinic(&p.merchant_uuid),
            title: if p.kind == "on_demand" {
                "Card on file for later payments"
            } else {
                "Monthly payment plan"
            },
            amount: pounds(p.amount),
            note: p.note.clone(),
            payable: matches!(p.status.as_str(), "sent" | "authorising"),
            status: p.status.clone(),
            success_url: p.success_url.clone(),
            failure_url: p.failure_url.clone(),
            reason: None,
        }),
        "wallet" => store.wallets.get(uuid).map(|w| Summary {
            clinic: clinic(&w.merchant_uuid),
            title: "Save a card",
            amount: pounds(0),
            note: Some(w.name.clone()),
            payable: matches!(w.status.as_str(), "sent" | "authorising"),
            status: w.status.clone(),
            success_url: None,
            failure_url: None,
            reason: None,
        }),
        _ => None,
    }
}

fn layout(title: &str, card: &str) -> String {
    let main = format!(
        "<div class=\"pay-card\">{card}</div>\
<section class=\"hints\" id=\"card-hints\" aria-labelledby=\"hints-title\"><h2 id=\"hints-title\">Test cards</h2><ul>\
<li><code>4242 4242 4242 4242</code> succeeds</li>\
<li><code>4000 0000 0000 0002</code> is declined</li>\
<li><code>4000 0000 0000 9995</code> has insufficient funds</li></ul>\
<p>Any future expiry (MM/YY) and any 3 or 4 digit CVC. No real card is charged.</p></section>"
    );
    Shell {
        title,
        body_class: "checkout",
        refresh: false,
        top: "",
    }
    .render(&main)
}

/// The clinic, what is being paid for, the amount and the clinic's note for the patient.
fn heading(s: &Summary, outcome: &str) -> String {
    let note = s
        .note
        .as_deref()
        .map(|n| format!("<p id=\"patient-note\" class=\"note\">{}</p>", escape(n)))
        .unwrap_or_default();
    format!(
        "<p class=\"eyebrow\">Payment to</p><h1 id=\"clinic\">{clinic}</h1>{outcome}<h2>{title}</h2>\
<p class=\"total\">Amount <strong id=\"amount\">{amount}</strong></p>{note}",
        clinic = escape(&s.clinic),
        title = escape(s.title),
        amount = escape(&s.amount),
    )
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html(layout("Not found", "<h1>Payment link not found</h1><p>Check the link, or ask the clinic for a new one.</p>")),
    )
        .into_response()
}

fn form_page(kind: &str, uuid: &str, s: &Summary, error: Option<&str>) -> String {
    let error = error
        .map(|e| {
            format!(
                "<p id=\"error\" class=\"error\" role=\"alert\">{}</p>",
                escape(e)
            )
        })
        .unwrap_or_default();
    let body = format!(
        "{heading}{error}\
<form method=\"post\" action=\"/checkout/{kind}/{uuid}\" aria-label=\"Card details\">\
<label for=\"card-number\">Card number</label>\
<input id=\"card-number\" name=\"card_number\" inputmode=\"numeric\" autocomplete=\"cc-number\" placeholder=\"4242 4242 4242 4242\" aria-describedby=\"card-hints\" required>\
<div class=\"row\"><div><label for=\"expiry\">Expiry (MM/YY)</label>\
<input id=\"expiry\" name=\"expiry\" autocomplete=\"cc-exp\" placeholder=\"12/34\" required></div>\
<div><label for=\"cvc\">CVC</label>\
<input id=\"cvc\" name=\"cvc\" inputmode=\"numeric\" autocomplete=\"cc-csc\" placeholder=\"123\" required></div></div>\
<button id=\"pay\" type=\"submit\">{action}</button></form>",
        heading = heading(s, ""),
        kind = escape(kind),
        uuid = escape(uuid),
        action = if kind == "transaction" { format!("Pay {}", escape(&s.amount)) } else { "Authorise".to_string() },
    );
    layout(&format!("{} - {}", s.title, s.clinic), &body)
}

type Ids = Result<Path<(String, String)>, PathRejection>;

async fn page(State(state): Shared, ids: Ids) -> Response {
    let Ok(Path((kind, uuid))) = ids else {
        return not_found();
    };
    let mut store = state.store();
    if kind == "plan" {
        store.plan_checkout_opened(&uuid);
    }
    let Some(s) = summary(&store, &kind, &uuid) else {
        return not_found();
    };
    if !s.payable {
        return Html(status_page(&s, None, "")).into_response();
    }
    with_form_targets(&s, Html(form_page(&kind, &uuid, &s, None)))
}

/// The form's 303 may land on the clinic's pages: their origins join `form-action`.
fn with_form_targets(s: &Summary, page: impl IntoResponse) -> Response {
    let targets = [&s.success_url, &s.failure_url]
        .into_iter()
        .flatten()
        .cloned();
    (axum::Extension(FormTargets(targets.collect())), page).into_response()
}

fn status_page(s: &Summary, reason: Option<&str>, outcome: &str) -> String {
    let reason = reason
        .map(str::to_string)
        .or_else(|| s.reason.clone())
        .map(|r| format!("<p id=\"reason\">{}</p>", escape(&r)))
        .unwrap_or_default();
    let body = format!(
        "{heading}<p>Status: <strong class=\"status status-{status}\" id=\"status\">{status}</strong></p>{reason}",
        heading = heading(s, outcome),
        status = escape(&s.status),
    );
    layout(&format!("{} - {}", s.title, s.clinic), &body)
}

/// Checks the expiry (`MM/YY` or `MM/YYYY`, not in the past) and the CVC (3 or 4 digits).
fn check_card_fields(store: &Store, expiry: &str, cvc: &str) -> Result<(), String> {
    let (month, year) = expiry
        .trim()
        .split_once('/')
        .ok_or("expiry must be MM/YY")?;
    let month: u32 = month.trim().parse().map_err(|_| "expiry must be MM/YY")?;
    let year: i32 = year.trim().parse().map_err(|_| "expiry must be MM/YY")?;
    let year = if year < 100 { 2000 + year } else { year };
    if !(1..=12).contains(&month) {
        return Err("expiry month must be 01 to 12".into());
    }
    let today = store.clock.today();
    if (year, month) < (today.year, today.month) {
        return Err("the card has expired".into());
    }
    let cvc = cvc.trim();
    if !(3..=4).contains(&cvc.len()) || !cvc.bytes().all(|b| b.is_ascii_digit()) {
        return Err("CVC must be 3 or 4 digits".into());
    }
    Ok(())
}

fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

fn result_url(kind: &str, uuid: &str, outcome: &str) -> String {
    format!("/checkout/{kind}/{uuid}/result?outcome={outcome}")
}

async fn submit(
    State(state): Shared,
    ids: Ids,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    let Ok(Path((kind, uuid))) = ids else {
        return not_found();
    };
    let mut store = state.store();
    let Some(s) = summary(&store, &kind, &uuid) else {
        return not_found();
    };
    if !s.payable {
        return (StatusCode::CONFLICT, Html(status_page(&s, None, ""))).into_response();
    }
    let fields = form.map(|Form(f)| f).unwrap_or_default();
    let field = |name: &str| fields.get(name).map(String::as_str).unwrap_or("");
    let card = Card::parse(field("card_number"))
        .and_then(|card| check_card_fields(&store, field("expiry"), field("cvc")).map(|_| card));
    let card = match card {
        Ok(card) => card,
        Err(message) => {
            return with_form_targets(
                &s,
                (
                    StatusCode::BAD_REQUEST,
                    Html(form_page(&kind, &uuid, &s, Some(&message))),
                ),
            )
        }
    };
    let succeeded = match kind.as_str() {
        "transaction" => store
            .pay_transaction(&uuid, &card, None, None)
            .is_ok_and(|status| status == "paid"),
        "plan" => store.authorise_plan(&uuid, &card).is_ok(),
        _ => store.authorise_wallet(&uuid, &card).is_ok(),
    };
    let (target, outcome) = if succeeded {
        (s.success_url, "success")
    } else {
        (s.failure_url, "failure")
    };
    // A URL that cannot be a `Location` (accepted before URLs were checked for control
    // characters, and kept in a `--data` file) lands on the sandbox's own result page.
    match target.filter(|url| header::HeaderValue::from_str(url).is_ok()) {
        Some(url) => redirect(&url),
        None => {
            let mut url = result_url(&kind, &uuid, outcome);
            if !succeeded {
                if let Some(reason) = card.decline_reason() {
                    url.push_str("&reason=");
                    url.push_str(&reason.replace(' ', "+").replace([':', '(', ')'], ""));
                }
            }
            redirect(&url)
        }
    }
}

async fn result(
    State(state): Shared,
    ids: Ids,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Response {
    let Ok(Path((kind, uuid))) = ids else {
        return not_found();
    };
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let store = state.store();
    let Some(s) = summary(&store, &kind, &uuid) else {
        return not_found();
    };
    let heading = match (query.get("outcome").map(String::as_str), kind.as_str()) {
        (Some("success"), "transaction") => {
            "<p id=\"outcome\" class=\"outcome-ok\" role=\"status\">Thank you: payment complete.</p>"
        }
        (Some("success"), "plan") => {
            "<p id=\"outcome\" class=\"outcome-ok\" role=\"status\">Thank you: your card is authorised for this plan.</p>"
        }
        (Some("success"), _) => {
            "<p id=\"outcome\" class=\"outcome-ok\" role=\"status\">Thank you: card saved.</p>"
        }
        (Some("failure"), "transaction") => {
            "<p id=\"outcome\" class=\"error\" role=\"status\">The payment did not go through.</p>"
        }
        (Some("failure"), _) => {
            "<p id=\"outcome\" class=\"error\" role=\"status\">The card was not accepted.</p>"
        }
        _ => "",
    };
    Html(status_page(
        &s,
        query.get("reason").map(String::as_str),
        heading,
    ))
    .into_response()
}
