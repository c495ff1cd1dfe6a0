//! Every endpoint's path template (what traces publish) agrees with the path it sends: putting
//! the ids, encoded, in place of the template's `{name}` segments gives the path exactly.

use coherent::resources::{
    customers, merchants, onboarding, payment_plans, terminals, transactions, webhooks,
};
use coherent::{JsonBody, Request};

/// Ids that need encoding, so a template that kept a raw id could not match.
const A: &str = "id a/1";
const B: &str = "id-b?2";

fn body(text: &str) -> JsonBody {
    JsonBody::parse("request", text.into()).unwrap()
}

fn encode(id: &str) -> String {
    id.replace(' ', "%20")
        .replace('/', "%2F")
        .replace('?', "%3F")
}

/// Fills the template's `{name}` segments with `ids`, in order.
fn fill(template: &str, ids: &[&str]) -> String {
    let mut ids = ids.iter();
    let filled = template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                encode(ids.next().expect("more {id} segments than ids"))
            } else {
                segment.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    assert!(ids.next().is_none(), "{template}: ids left over");
    filled
}

#[test]
fn every_template_fills_to_its_path() {
    let cases: Vec<(Request, &[&str], &str)> = vec![
        (
            customers::create(body(r#"{"providerReferenceId":"p"}"#)).unwrap(),
            &[],
            "/api/v1/customer",
        ),
        (customers::get(A).unwrap(), &[A], "/api/v1/customer/{uuid}"),
        (
            customers::list_wallets(A).unwrap(),
            &[A],
            "/api/v1/customer/{uuid}/wallet",
        ),
        (
            customers::create_wallet(
                A,
                body(r#"{"name":"W","emailNotify":false,"smsNotify":false}"#),
            )
            .unwrap(),
            &[A],
            "/api/v1/customer/{uuid}/wallet",
        ),
        (
            customers::debit_wallet(A, body(r#"{"amount":5}"#)).unwrap(),
            &[A],
            "/api/v1/customer/{uuid}/wallet/debit",
        ),
        (merchants::list_merchants(), &[], "/api/v1/merchant"),
        (
            merchants::list_accounts(A).unwrap(),
            &[A],
            "/api/v1/merchant/{merchantUuid}/account",
        ),
        (
            merchants::create_api_key_for_account(A, B).unwrap(),
            &[A, B],
            "/api/v1/merchant/{merchantUuid}/account/{accountUuid}/api-key",
        ),
        (
            merchants::list_api_keys_for_account(A, B).unwrap(),
            &[A, B],
            "/api/v1/merchant/{merchantUuid}/account/{accountUuid}/api-key",
        ),
        (
            merchants::create_api_key(A).unwrap(),
            &[A],
            "/api/v1/merchant/{merchantUuid}/api-key",
        ),
        (
            merchants::list_api_keys(A).unwrap(),
            &[A],
            "/api/v1/merchant/{merchantUuid}/api-key",
        ),
        (
            merchants::get_webhook_url(A).unwrap(),
            &[A],
            "/api/v1/merchant/{merchantUuid}/webhook",
        ),
        (
            merchants::update_webhook_url(A, body(r#"{"webhookUrl":"https://x.io"}"#)).unwrap(),
            &[A],
            "/api/v1/merchant/{merchantUuid}/webhook",
        ),
        (
            onboarding::start_onboarding(body(
                r#"{"name":"C","email":"c@x.io","webhookUrl":"https://x.io"}"#,
            ))
            .unwrap(),
            &[],
            "/api/v1/onboarding",
        ),
        (
            payment_plans::create(body(r#"{"name":"N","amount":5,"type":"on_demand"}"#)).unwrap(),
            &[],
            "/api/v1/payment/plan",
        ),
        (
            payment_plans::get(A).unwrap(),
            &[A],
            "/api/v1/payment/plan/{uuid}",
        ),
        (
            payment_plans::set_status(A, body(r#"{"status":"paused"}"#)).unwrap(),
            &[A],
            "/api/v1/payment/plan/{uuid}/status",
        ),
        (
            payment_plans::notify(A).unwrap(),
            &[A],
            "/api/v1/payment/plan/{uuid}/notification",
        ),
        (
            payment_plans::charge(A, None).unwrap(),
            &[A],
            "/api/v1/payment/plan/{uuid}/charge",
        ),
        (
            payment_plans::resume_and_charge(A, None).unwrap(),
            &[A],
            "/api/v1/payment/plan/{uuid}/resume-and-charge",
        ),
        (terminals::list(), &[], "/api/v1/terminal"),
        (
            terminals::rename(A, body(r#"{"name":"T"}"#)).unwrap(),
            &[A],
            "/api/v1/terminal/{terminalId}",
        ),
        (
            terminals::set_transaction(A, body(r#"{"transactionUuid":"t"}"#)).unwrap(),
            &[A],
            "/api/v1/terminal/{terminalId}/transaction",
        ),
        (
            terminals::clear_transaction(A).unwrap(),
            &[A],
            "/api/v1/terminal/{terminalId}/transaction",
        ),
        (
            transactions::create(body(r#"{"amount":5,"name":"N"}"#)).unwrap(),
            &[],
            "/api/v1/transaction",
        ),
        (
            transactions::get(A).unwrap(),
            &[A],
            "/api/v1/transaction/{uuid}",
        ),
        (
            transactions::refund(A, body(r#"{"amount":5}"#)).unwrap(),
            &[A],
            "/api/v1/transaction/{transactionUuid}/refund",
        ),
        (
            transactions::update_status(A, body(r#"{"status":"void"}"#)).unwrap(),
            &[A],
            "/api/v1/transaction/{transactionUuid}/status",
        ),
        (
            webhooks::verify(&webhooks::parse_text(&format!(r#"{{"uuid":"{A}"}}"#)).unwrap())
                .unwrap(),
            &[A],
            "/api/v1/transaction/{uuid}",
        ),
    ];
    for (request, ids, expected) in cases {
        let template = request.template.to_string();
        assert_eq!(template, expected);
        assert_eq!(fill(&template, ids), request.path, "{template}");
    }
}
