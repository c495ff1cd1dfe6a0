//! The dashboard: server-rendered pages at `/` and `/dashboard/...` showing every clinic's
//! transactions, plans, customers, terminals, webhook log and outbox, and the clock, with forms
//! for every control action. A form posts to `/dashboard/<action>`, the same path as the JSON
//! control route `/sandbox/<action>` and run by the same code (`crate::control`), then the
//! browser is sent back (303). Works without JavaScript; `/_assets/dashboard.js` only refreshes.
//! One file per page, listed once in `PAGES` or `CLINIC_PAGES`.

mod clinics;
mod clock;
mod customers;
mod outbox;
mod plans;
mod reference;
mod terminals;
mod transactions;
mod webhooks;

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::{FormRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde_json::{Map, Value};

use crate::control::{self, Action};
use crate::html::{escape, Shell};
use crate::state::{AppState, Store};

type Shared = State<Arc<AppState>>;

/// The pages of the top bar, in order: path, link text, what renders it.
const PAGES: &[Page] = &[
    Page::at("/", "Clinics", clinics::show),
    Page::at("/dashboard/clock", "Clock", clock::show),
    Page::at("/dashboard/api", "API reference", reference::show),
];

/// The pages of a clinic, in tab order: path segment, tab label, what renders it. The first
/// is the one `/dashboard/clinics/{merchant}` shows.
const CLINIC_PAGES: &[ClinicPage] = &[
    ClinicPage::tab("transactions", "Transactions", transactions::render),
    ClinicPage::tab("plans", "Payment plans", plans::render),
    ClinicPage::tab("customers", "Customers and wallets", customers::render),
    ClinicPage::tab("terminals", "Terminals", terminals::render),
    ClinicPage::tab("webhooks", "Webhook log", webhooks::render),
    ClinicPage::tab("outbox", "Outbox", outbox::render),
];

/// A page of the top bar.
struct Page {
    path: &'static str,
    label: &'static str,
    render: fn(&AppState) -> Response,
}

/// A tab of a clinic's page: renders the part below the tabs.
struct ClinicPage {
    segment: &'static str,
    label: &'static str,
    render: fn(&Store, &Ctx, &str) -> String,
}

impl Page {
    const fn at(
        path: &'static str,
        label: &'static str,
        render: fn(&AppState) -> Response,
    ) -> Self {
        Page {
            path,
            label,
            render,
        }
    }
}

impl ClinicPage {
    const fn tab(
        segment: &'static str,
        label: &'static str,
        render: fn(&Store, &Ctx, &str) -> String,
    ) -> Self {
        ClinicPage {
            segment,
            label,
            render,
        }
    }
}

pub fn routes() -> Router<Arc<AppState>> {
    let mut router = Router::new();
    for page in PAGES {
        let show = move |State(state): Shared| async move { (page.render)(&state) };
        router = router.route(page.path, get(show));
    }
    router
        .route(
            "/dashboard",
            get(|State(state): Shared| async move { clinics::show(&state) }),
        )
        .route("/dashboard/clinics/{merchant}", get(clinic_page))
        .route("/dashboard/clinics/{merchant}/{section}", get(clinic_page))
        .route("/dashboard/{*action}", post(act))
        .route("/_assets/sandbox.css", get(crate::html::css))
        .route("/_assets/dashboard.js", get(crate::html::js))
}

/// What a page needs to render its forms: the CSRF token and its own path (to come back to).
pub struct Ctx<'a> {
    pub csrf: &'a str,
    pub path: String,
    pub base_url: &'a str,
}

impl Ctx<'_> {
    /// A form posting to the control action `action` (a path under `/sandbox/`), with the
    /// hidden CSRF token and the way back. `fields` are the inputs and buttons inside.
    pub fn form(&self, action: &str, fields: &str) -> String {
        format!(
            "<form class=\"inline\" method=\"post\" action=\"/dashboard/{action}\">\
<input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"back\" value=\"{back}\">{fields}</form>",
            action = escape(action),
            csrf = escape(self.csrf),
            back = escape(&self.path),
        )
    }

    /// A form that is just one button.
    pub fn button(&self, action: &str, label: &str, class: &str) -> String {
        self.form(
            action,
            &format!(
                "<button type=\"submit\" class=\"{class}\">{}</button>",
                escape(label)
            ),
        )
    }
}

/// A whole dashboard page, refreshed live.
pub fn page(title: &str, main: &str) -> Response {
    shell_page(title, main, true)
}

/// A whole dashboard page whose content never changes (the API reference): no live refresh.
pub fn still_page(title: &str, main: &str) -> Response {
    shell_page(title, main, false)
}

fn shell_page(title: &str, main: &str, refresh: bool) -> Response {
    let links: String = PAGES
        .iter()
        .map(|p| format!("<a href=\"{}\">{}</a>", p.path, p.label))
        .collect();
    let top = format!(
        "<div class=\"top\"><a class=\"brand\" href=\"/\">Coherent sandbox</a>\
<nav aria-label=\"Sandbox\">{links}</nav></div>"
    );
    let html = Shell {
        title: &format!("{title} · Coherent sandbox"),
        body_class: "dashboard",
        refresh,
        top: &top,
    }
    .render(main);
    Html(html).into_response()
}

fn message_page(status: StatusCode, title: &str, message: &str, back: &str) -> Response {
    let main = format!(
        "<h1>{}</h1><p class=\"error\" role=\"alert\" id=\"problem\">{}</p><p><a href=\"{}\">Back</a></p>",
        escape(title),
        escape(message),
        escape(back)
    );
    (status, page(title, &main)).into_response()
}

/// `/dashboard/clinics/{merchant}[/{section}]`.
async fn clinic_page(
    State(state): Shared,
    params: Result<Path<HashMap<String, String>>, PathRejection>,
) -> Response {
    let params = params.map(|Path(p)| p).unwrap_or_default();
    let merchant = params.get("merchant").cloned().unwrap_or_default();
    let section = params
        .get("section")
        .map(String::as_str)
        .unwrap_or(CLINIC_PAGES[0].segment);
    let store = state.store();
    let Some(clinic) = store.merchants.get(&merchant) else {
        return message_page(
            StatusCode::NOT_FOUND,
            "Clinic not found",
            "There is no such clinic in this sandbox.",
            "/",
        );
    };
    let Some(shown) = CLINIC_PAGES.iter().find(|p| p.segment == section) else {
        return message_page(
            StatusCode::NOT_FOUND,
            "Page not found",
            "A clinic has no such page.",
            "/",
        );
    };
    let ctx = Ctx {
        csrf: &state.config.csrf_token,
        path: format!("/dashboard/clinics/{merchant}/{section}"),
        base_url: &state.config.base_url,
    };
    let body = (shown.render)(&store, &ctx, &merchant);
    let tabs: String = CLINIC_PAGES
        .iter()
        .map(|p| {
            let current = if p.segment == section {
                " aria-current=\"page\""
            } else {
                ""
            };
            format!(
                "<a href=\"/dashboard/clinics/{}/{}\"{current}>{}</a>",
                escape(&merchant),
                p.segment,
                p.label
            )
        })
        .collect();
    let main = format!(
        "<h1>{name}: {label}</h1><nav class=\"tabs\" aria-label=\"Clinic pages\">{tabs}</nav>{body}",
        name = escape(&clinic.name),
        label = shown.label,
    );
    page(&format!("{} · {}", clinic.name, shown.label), &main)
}

/// `POST /dashboard/<action>`: checks the CSRF token, runs the control action with the form's
/// fields as its JSON body, and sends the browser back (303); a refused action shows why.
async fn act(
    State(state): Shared,
    path: Result<Path<String>, PathRejection>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let Ok(Form(fields)) = form else {
        return message_page(
            StatusCode::BAD_REQUEST,
            "Bad form",
            "The form could not be read.",
            "/",
        );
    };
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let back = field("back")
        .filter(|b| is_local_path(b))
        .unwrap_or("/")
        .to_string();
    if field("csrf") != Some(state.config.csrf_token.as_str()) {
        return message_page(
            StatusCode::FORBIDDEN,
            "Form expired",
            "This form did not come from this sandbox's dashboard (missing or wrong csrf token). Reload the page and try again.",
            &back,
        );
    }
    let Some(action) = path.ok().and_then(|Path(p)| Action::parse(&p)) else {
        return message_page(
            StatusCode::NOT_FOUND,
            "No such action",
            "The dashboard has no such action.",
            &back,
        );
    };
    let body = form_body(&fields);
    let result = control::run(&state, &action, &body);
    state.send_queued_webhooks();
    match result {
        Ok(_) => (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response(),
        Err(e) => message_page(e.status, "The sandbox refused that", &e.message, &back),
    }
}

/// Numeric form fields become JSON numbers; empty fields are left out; the rest are strings.
fn form_body(fields: &[(String, String)]) -> Value {
    let mut body = Map::new();
    for (name, value) in fields {
        if name == "csrf" || name == "back" || value.trim().is_empty() {
            continue;
        }
        let numeric = matches!(name.as_str(), "amount" | "days" | "months" | "count");
        let value = value.trim();
        let json = match value.parse::<i64>() {
            Ok(n) if numeric => Value::from(n),
            _ => Value::from(value),
        };
        body.insert(name.clone(), json);
    }
    Value::Object(body)
}

/// Only paths of this sandbox: `/...`, never `//host` or `/\host` (no open redirect).
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
}

/// `<span class="status status-paid">paid</span>`.
pub fn status(text: &str) -> String {
    let class: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    format!(
        "<span class=\"status status-{class}\">{}</span>",
        escape(text)
    )
}

/// A table in a scrolling wrapper, with a caption and column headers.
pub fn table(caption: &str, headers: &[&str], rows: &[String], id: &str) -> String {
    let head: String = headers
        .iter()
        .map(|h| format!("<th scope=\"col\">{}</th>", escape(h)))
        .collect();
    format!(
        "<div class=\"table-wrap\"><table id=\"{id}\"><caption>{}</caption><thead><tr>{head}</tr></thead><tbody>{}</tbody></table></div>",
        escape(caption),
        rows.concat()
    )
}

/// A clinic's name, or its uuid when it has none on record.
pub fn clinic_name(store: &Store, merchant: &str) -> String {
    store
        .merchants
        .get(merchant)
        .map(|m| m.name.clone())
        .unwrap_or_else(|| merchant.to_string())
}
