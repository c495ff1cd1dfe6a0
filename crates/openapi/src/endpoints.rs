//! The operations: one per method and path the client sends, each built by the core's own
//! request builder (so the document's method and path template are the client's), with its
//! request table, its answer and the links a caller follows from it.

use coherent::resources::{
    customers, merchants, onboarding, payment_plans, terminals, transactions,
};
use coherent::{JsonBody, Request, Result};
use coherent_schema::RequestType;
use serde_json::{json, Value};

/// What the request body is.
pub enum Body {
    /// No body (GET).
    None,
    /// The body of a request table (a component named after it).
    Table(&'static RequestType),
    /// As `Table`, or the literal `null` (the second table's body: `terminals.clearTransaction`);
    /// an empty body reads as `null`.
    TableOrNull(&'static RequestType, &'static RequestType),
    /// As `Table`; omitted or `null` on the client's side sends `{}`.
    OptionalTable(&'static RequestType),
    /// A body the client builds itself (`{status}`, `{webhookUrl}`).
    Inline(fn() -> Value),
    /// `{}`, whose fields nobody reads: the body may also be left out.
    Ignored(fn() -> Value),
}

/// What a 200 carries.
pub enum Answer {
    One(&'static str),
    List(&'static str),
}

/// A link to another operation, filled from this one's answer or request.
pub struct Link {
    pub name: &'static str,
    pub operation: &'static str,
    pub parameters: &'static [(&'static str, &'static str)],
}

pub struct Endpoint {
    /// The operationId: the client's method (the first of `methods`).
    pub methods: &'static [&'static str],
    pub summary: &'static str,
    pub description: &'static str,
    pub build: fn() -> Result<Request>,
    pub body: Body,
    pub answer: Answer,
    pub links: &'static [Link],
}

impl Body {
    /// The request tables whose arguments this body carries.
    pub fn tables(&self) -> Vec<&'static str> {
        match self {
            Body::Table(t) | Body::OptionalTable(t) => vec![t.name],
            Body::TableOrNull(t, null) => vec![t.name, null.name],
            Body::None | Body::Inline(_) | Body::Ignored(_) => Vec::new(),
        }
    }
}

impl Endpoint {
    pub fn operation_id(&self) -> &'static str {
        self.methods[0]
    }

    pub fn tag(&self) -> &'static str {
        self.operation_id().split('.').next().unwrap_or_default()
    }
}

/// Operations the official client marks deprecated.
pub const DEPRECATED: &[&str] = &["merchants.createApiKey", "merchants.listApiKeys"];

/// A placeholder id: the builders need one; only the template (`{name}`) is used.
const ID: &str = "id";

fn body(text: &str) -> Result<JsonBody> {
    JsonBody::parse("request", text.into())
}

fn status_body(values: &[&str]) -> Value {
    json!({
        "type": "object",
        "required": ["status"],
        "properties": { "status": { "type": "string", "enum": values } }
    })
}

fn webhook_body() -> Value {
    json!({
        "type": "object",
        "required": ["webhookUrl"],
        "properties": { "webhookUrl": {
            "type": ["string", "null"],
            "pattern": crate::requests::URL_PATTERN,
            "description": "Where the clinic's webhooks go; `null` removes it.",
            "examples": ["https://clinic.example/webhooks/coherent"]
        } }
    })
}

/// The client sends `{}`; the gateway reads no field of it, and an empty body or `null` does too.
fn ignored_object() -> Value {
    json!({
        "type": ["object", "null"],
        "description": "The client sends `{}`; no field is read.",
        "examples": [{}]
    })
}

const FROM_BODY_UUID: &[(&str, &str)] = &[("uuid", "$response.body#/uuid")];

pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        methods: &["transactions.create"],
        summary: "Create a payment link",
        description: "Each call creates a new link: store the returned `uuid` against your invoice.",
        build: || transactions::create(body(r#"{"amount":1,"name":"n"}"#)?),
        body: Body::Table(&transactions::CREATE),
        answer: Answer::One("Transaction"),
        links: &[
            Link { name: "GetTransaction", operation: "transactions.get", parameters: FROM_BODY_UUID },
            Link { name: "RefundTransaction", operation: "transactions.refund", parameters: &[("transactionUuid", "$response.body#/uuid")] },
            Link { name: "VoidTransaction", operation: "transactions.updateStatus", parameters: &[("transactionUuid", "$response.body#/uuid")] },
        ],
    },
    Endpoint {
        methods: &["transactions.get"],
        summary: "Get a transaction",
        description: "",
        build: || transactions::get(ID),
        body: Body::None,
        answer: Answer::One("Transaction"),
        links: &[],
    },
    Endpoint {
        methods: &["transactions.refund"],
        summary: "Refund a paid transaction",
        description: "Several partial refunds are allowed, up to the amount paid; a transaction that is not paid is refused (400 naming `status`). The client returns nothing.",
        build: || transactions::refund(ID, body(r#"{"amount":1}"#)?),
        body: Body::Table(&transactions::REFUND),
        answer: Answer::One("Transaction"),
        links: &[Link { name: "GetRefundedTransaction", operation: "transactions.get", parameters: &[("uuid", "$request.path.transactionUuid")] }],
    },
    Endpoint {
        methods: &["transactions.updateStatus"],
        summary: "Void an unpaid transaction",
        description: "`void` is the only status a caller can set, and only on an unpaid transaction (else 400 naming `status`). The client returns nothing.",
        build: || transactions::update_status(ID, body(r#"{"status":"void"}"#)?),
        body: Body::Inline(|| status_body(transactions::UPDATABLE_STATUSES)),
        answer: Answer::One("TransactionVoided"),
        links: &[Link { name: "GetVoidedTransaction", operation: "transactions.get", parameters: &[("uuid", "$request.path.transactionUuid")] }],
    },
    Endpoint {
        methods: &["terminals.list"],
        summary: "List the clinic's card terminals",
        description: "",
        build: || Ok(terminals::list()),
        body: Body::None,
        answer: Answer::List("Terminal"),
        links: &[
            Link { name: "RenameTerminal", operation: "terminals.rename", parameters: &[("terminalId", "$response.body#/0/id")] },
            Link { name: "SetTerminalTransaction", operation: "terminals.setTransaction", parameters: &[("terminalId", "$response.body#/0/id")] },
        ],
    },
    Endpoint {
        methods: &["terminals.rename"],
        summary: "Rename a terminal",
        description: "The client returns nothing.",
        build: || terminals::rename(ID, body(r#"{"name":"n"}"#)?),
        body: Body::Table(&terminals::RENAME),
        answer: Answer::One("Terminal"),
        links: &[],
    },
    Endpoint {
        methods: &["terminals.setTransaction", "terminals.clearTransaction"],
        summary: "Show a transaction on a terminal, or clear it",
        description: "`terminals.setTransaction` sends `{transactionUuid}`; `terminals.clearTransaction` sends the literal body `null` (an empty body clears too). The client returns nothing.",
        build: || terminals::set_transaction(ID, body(r#"{"transactionUuid":"t"}"#)?),
        body: Body::TableOrNull(&terminals::SET_TRANSACTION, &terminals::CLEAR_TRANSACTION),
        answer: Answer::One("Terminal"),
        links: &[],
    },
    Endpoint {
        methods: &["paymentPlans.create"],
        summary: "Create a payment plan",
        description: "A monthly plan (`recurring`, needs `startDate`) or an on-demand hold (`on_demand`). Keys the table does not list are sent as given and echoed back.",
        build: || payment_plans::create(body(r#"{"name":"n","amount":1,"startDate":"2025-01-01"}"#)?),
        body: Body::Table(&payment_plans::CREATE),
        answer: Answer::One("PaymentPlan"),
        links: &[
            Link { name: "GetPlan", operation: "paymentPlans.get", parameters: FROM_BODY_UUID },
            Link { name: "SetPlanStatus", operation: "paymentPlans.setStatus", parameters: FROM_BODY_UUID },
            Link { name: "NotifyPlan", operation: "paymentPlans.notify", parameters: FROM_BODY_UUID },
            Link { name: "ChargePlan", operation: "paymentPlans.charge", parameters: FROM_BODY_UUID },
            Link { name: "ResumeAndChargePlan", operation: "paymentPlans.resumeAndCharge", parameters: FROM_BODY_UUID },
        ],
    },
    Endpoint {
        methods: &["paymentPlans.get"],
        summary: "Get a payment plan",
        description: "",
        build: || payment_plans::get(ID),
        body: Body::None,
        answer: Answer::One("PaymentPlan"),
        links: &[],
    },
    Endpoint {
        methods: &["paymentPlans.setStatus"],
        summary: "Pause, resume or void a payment plan",
        description: "A status the plan cannot move to is refused (400 naming `status`). The client returns nothing.",
        build: || payment_plans::set_status(ID, body(r#"{"status":"paused"}"#)?),
        body: Body::Inline(|| status_body(payment_plans::SETTABLE_STATUSES)),
        answer: Answer::One("PaymentPlan"),
        links: &[],
    },
    Endpoint {
        methods: &["paymentPlans.notify"],
        summary: "Send the plan's link to the patient again",
        description: "The client returns nothing.",
        build: || payment_plans::notify(ID),
        body: Body::Ignored(ignored_object),
        answer: Answer::One("PlanNotified"),
        links: &[],
    },
    Endpoint {
        methods: &["paymentPlans.charge", "paymentPlans.execute"],
        summary: "Charge an on-demand plan",
        description: "`paymentPlans.execute` is the same call. Only an authorised on-demand hold can be charged (else 400 naming `type` or `status`). The client returns nothing.",
        build: || payment_plans::charge(ID, None),
        body: Body::OptionalTable(&payment_plans::CHARGE),
        answer: Answer::One("TransactionUuid"),
        links: &[Link { name: "GetCharge", operation: "transactions.get", parameters: &[("uuid", "$response.body#/transactionUuid")] }],
    },
    Endpoint {
        methods: &["paymentPlans.resumeAndCharge"],
        summary: "Resume a plan whose payment failed, charging what is due",
        description: "Only a plan whose payment failed for insufficient funds (else 400 naming `status`). The client returns `{transactionUuid}`.",
        build: || payment_plans::resume_and_charge(ID, None),
        body: Body::OptionalTable(&payment_plans::RESUME_AND_CHARGE),
        answer: Answer::One("TransactionUuid"),
        links: &[Link { name: "GetRecoveryCharge", operation: "transactions.get", parameters: &[("uuid", "$response.body#/transactionUuid")] }],
    },
    Endpoint {
        methods: &["onboarding.startOnboarding"],
        summary: "Onboard a clinic",
        description: "Creates the merchant, its first account and an API key (returned once).",
        build: || onboarding::start_onboarding(body(r#"{"name":"n","email":"e","webhookUrl":"https://w"}"#)?),
        body: Body::Table(&onboarding::START),
        answer: Answer::One("ApiKeyCreated"),
        links: &[
            Link { name: "ListAccounts", operation: "merchants.listAccounts", parameters: &[("merchantUuid", "$response.body#/uuid")] },
            Link { name: "GetWebhookUrl", operation: "merchants.getWebhookUrl", parameters: &[("merchantUuid", "$response.body#/uuid")] },
            Link { name: "UpdateWebhookUrl", operation: "merchants.updateWebhookUrl", parameters: &[("merchantUuid", "$response.body#/uuid")] },
            Link { name: "CreateApiKey", operation: "merchants.createApiKey", parameters: &[("merchantUuid", "$response.body#/uuid")] },
            Link { name: "ListApiKeys", operation: "merchants.listApiKeys", parameters: &[("merchantUuid", "$response.body#/uuid")] },
        ],
    },
    Endpoint {
        methods: &["merchants.listMerchants"],
        summary: "List the merchants you manage",
        description: "Your own clinic and the clinics you onboarded.",
        build: || Ok(merchants::list_merchants()),
        body: Body::None,
        answer: Answer::List("Merchant"),
        links: &[Link { name: "ListAccountsOfFirst", operation: "merchants.listAccounts", parameters: &[("merchantUuid", "$response.body#/0/uuid")] }],
    },
    Endpoint {
        methods: &["merchants.listAccounts"],
        summary: "List a merchant's accounts",
        description: "",
        build: || merchants::list_accounts(ID),
        body: Body::None,
        answer: Answer::List("MerchantAccount"),
        links: &[
            Link { name: "CreateAccountKey", operation: "merchants.createApiKeyForAccount", parameters: &[("merchantUuid", "$request.path.merchantUuid"), ("accountUuid", "$response.body#/0/uuid")] },
            Link { name: "ListAccountKeys", operation: "merchants.listApiKeysForAccount", parameters: &[("merchantUuid", "$request.path.merchantUuid"), ("accountUuid", "$response.body#/0/uuid")] },
        ],
    },
    Endpoint {
        methods: &["merchants.createApiKeyForAccount"],
        summary: "Create an API key for an account",
        description: "The secret is returned once.",
        build: || merchants::create_api_key_for_account(ID, ID),
        body: Body::Ignored(ignored_object),
        answer: Answer::One("ApiKeyCreated"),
        links: &[],
    },
    Endpoint {
        methods: &["merchants.listApiKeysForAccount"],
        summary: "List an account's API keys",
        description: "Never the secrets.",
        build: || merchants::list_api_keys_for_account(ID, ID),
        body: Body::None,
        answer: Answer::List("ApiKeySummary"),
        links: &[],
    },
    Endpoint {
        methods: &["merchants.createApiKey"],
        summary: "Create an API key (deprecated)",
        description: "Acts on the merchant's oldest account; prefer `merchants.createApiKeyForAccount`.",
        build: || merchants::create_api_key(ID),
        body: Body::Ignored(ignored_object),
        answer: Answer::One("ApiKeyCreated"),
        links: &[],
    },
    Endpoint {
        methods: &["merchants.listApiKeys"],
        summary: "List API keys (deprecated)",
        description: "Of the merchant's oldest account; prefer `merchants.listApiKeysForAccount`.",
        build: || merchants::list_api_keys(ID),
        body: Body::None,
        answer: Answer::List("ApiKeySummary"),
        links: &[],
    },
    Endpoint {
        methods: &["merchants.getWebhookUrl"],
        summary: "Get a merchant's webhook URL",
        description: "",
        build: || merchants::get_webhook_url(ID),
        body: Body::None,
        answer: Answer::One("WebhookUrl"),
        links: &[],
    },
    Endpoint {
        methods: &["merchants.updateWebhookUrl"],
        summary: "Change a merchant's webhook URL",
        description: "",
        build: || merchants::update_webhook_url(ID, body(r#"{"webhookUrl":"https://w"}"#)?),
        body: Body::Inline(webhook_body),
        answer: Answer::One("WebhookUrl"),
        links: &[],
    },
    Endpoint {
        methods: &["customers.create"],
        summary: "Create a customer (patient record)",
        description: "",
        build: || customers::create(body(r#"{"providerReferenceId":"p"}"#)?),
        body: Body::Table(&customers::CREATE),
        answer: Answer::One("Customer"),
        links: &[
            Link { name: "GetCustomer", operation: "customers.get", parameters: FROM_BODY_UUID },
            Link { name: "ListWallets", operation: "customers.listWallets", parameters: FROM_BODY_UUID },
            Link { name: "CreateWallet", operation: "customers.createWallet", parameters: FROM_BODY_UUID },
            Link { name: "DebitWallet", operation: "customers.debitWallet", parameters: FROM_BODY_UUID },
        ],
    },
    Endpoint {
        methods: &["customers.get"],
        summary: "Get a customer",
        description: "",
        build: || customers::get(ID),
        body: Body::None,
        answer: Answer::One("Customer"),
        links: &[],
    },
    Endpoint {
        methods: &["customers.listWallets"],
        summary: "List a customer's wallets (saved cards)",
        description: "",
        build: || customers::list_wallets(ID),
        body: Body::None,
        answer: Answer::List("CustomerWallet"),
        links: &[],
    },
    Endpoint {
        methods: &["customers.createWallet"],
        summary: "Ask the customer to save a card",
        description: "Sends the patient a link to the checkout page where the card is saved.",
        build: || customers::create_wallet(ID, body(r#"{"name":"n","emailNotify":false,"smsNotify":false}"#)?),
        body: Body::Table(&customers::CREATE_WALLET),
        answer: Answer::One("WalletCreated"),
        links: &[],
    },
    Endpoint {
        methods: &["customers.debitWallet"],
        summary: "Charge a customer's saved card",
        description: "A customer without an authorised wallet is refused (400 naming `walletUuid`). The client returns `{transactionUuid}`.",
        build: || customers::debit_wallet(ID, body(r#"{"amount":1}"#)?),
        body: Body::Table(&customers::DEBIT_WALLET),
        answer: Answer::One("TransactionUuid"),
        links: &[Link { name: "GetDebit", operation: "transactions.get", parameters: &[("uuid", "$response.body#/transactionUuid")] }],
    },
];
