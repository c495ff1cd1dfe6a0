//! The `Sandbox` control methods: what the dashboard's buttons and the `/sandbox/...` routes do,
//! callable from tests without HTTP. Conversion only: each calls the gateway's method of the
//! same name (crates/sandbox/src/control/methods.rs). Synchronous: each is one short store
//! update; webhooks it causes are sent in the background as usual.

use coherent_sandbox::{ControlError, ControlResult};
use napi::bindgen_prelude::*;
use serde_json::Value;

use crate::sandbox::Sandbox;

/// A refused action as a JS error: the message says the HTTP status the control route would
/// answer (400 bad input, 404 unknown id, 409 wrong state) and why.
fn refused(e: ControlError) -> Error {
    Error::new(
        Status::GenericFailure,
        format!("sandbox refused ({}): {}", e.status, e.message),
    )
}

fn body(value: Option<Value>) -> Value {
    value.unwrap_or(Value::Null)
}

impl Sandbox {
    fn with_gateway<T>(&self, f: impl FnOnce(&coherent_sandbox::Sandbox) -> T) -> Result<T> {
        let guard = self
            .running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match guard.as_ref() {
            Some(gateway) => Ok(f(gateway)),
            None => Err(Error::new(Status::GenericFailure, "the sandbox is closed")),
        }
    }

    fn control(
        &self,
        f: impl FnOnce(&coherent_sandbox::Sandbox) -> ControlResult,
    ) -> Result<Value> {
        self.with_gateway(f)?.map_err(refused)
    }
}

#[napi]
impl Sandbox {
    /// The patient pays an unpaid transaction (`card` defaults to the success card). Returns
    /// the transaction as the API shows it.
    #[napi(
        ts_args_type = "transactionUuid: string, body?: { card?: string }",
        ts_return_type = "Transaction"
    )]
    pub fn pay(&self, transaction_uuid: String, body_: Option<Value>) -> Result<Value> {
        self.control(|g| g.pay(&transaction_uuid, body(body_)))
    }

    /// The patient's bank declines an unpaid transaction.
    #[napi(ts_return_type = "Transaction")]
    pub fn decline(&self, transaction_uuid: String) -> Result<Value> {
        self.control(|g| g.decline(&transaction_uuid))
    }

    /// Refunds a paid transaction; `amount` (pennies) defaults to all that is left.
    #[napi(
        ts_args_type = "transactionUuid: string, body?: { amount?: number, reason?: string }",
        ts_return_type = "Transaction"
    )]
    pub fn refund(&self, transaction_uuid: String, body_: Option<Value>) -> Result<Value> {
        self.control(|g| g.refund(&transaction_uuid, body(body_)))
    }

    /// Completes a payment plan's checkout. Returns the plan.
    #[napi(
        ts_args_type = "planUuid: string, body?: { card?: string }",
        ts_return_type = "PaymentPlan"
    )]
    pub fn authorise_plan(&self, plan_uuid: String, body_: Option<Value>) -> Result<Value> {
        self.control(|g| g.authorise_plan(&plan_uuid, body(body_)))
    }

    /// Completes a wallet's checkout (saves a card). Returns the wallet.
    #[napi(
        ts_args_type = "walletUuid: string, body?: { card?: string }",
        ts_return_type = "CustomerWallet"
    )]
    pub fn authorise_wallet(&self, wallet_uuid: String, body_: Option<Value>) -> Result<Value> {
        self.control(|g| g.authorise_wallet(&wallet_uuid, body(body_)))
    }

    /// Presents a card at a terminal; the waiting transaction is paid or rejected. Refused
    /// (409) when nothing waits on the terminal.
    #[napi(
        ts_args_type = "terminalId: string, body?: { outcome?: 'approved' | 'declined' | 'insufficient_funds', card?: string }",
        ts_return_type = "Transaction"
    )]
    pub fn tap_terminal(&self, terminal_id: String, body_: Option<Value>) -> Result<Value> {
        self.control(|g| g.tap_terminal(&terminal_id, body(body_)))
    }

    /// Cancels the payment waiting on a terminal (the transaction stays unpaid).
    #[napi(ts_return_type = "Terminal")]
    pub fn cancel_terminal(&self, terminal_id: String) -> Result<Value> {
        self.control(|g| g.cancel_terminal(&terminal_id))
    }

    /// Moves the sandbox clock on by `days` or `months`, running due plan occurrences.
    /// Returns `{ now, transactions }` (the transactions the schedules created).
    #[napi(
        ts_args_type = "body: { days?: number, months?: number }",
        ts_return_type = "{ now: string, transactions: string[] }"
    )]
    pub fn advance_clock(&self, body_: Value) -> Result<Value> {
        self.control(|g| g.advance_clock(body_))
    }

    /// Sends a webhook delivery's event again, as a new delivery. Returns the new delivery.
    #[napi(ts_return_type = "SandboxDelivery")]
    pub fn resend_webhook(&self, delivery_id: u32) -> Result<Value> {
        self.control(|g| g.resend_webhook(u64::from(delivery_id)))
    }

    /// Makes the next `count` webhook attempts to a clinic fail (0 clears), to test retries.
    #[napi(ts_return_type = "{ merchantUuid: string, failNext: number }")]
    pub fn fail_next_webhooks(&self, merchant_uuid: String, count: u32) -> Result<Value> {
        self.control(|g| g.fail_next_webhooks(&merchant_uuid, count))
    }

    /// Forgets every record (re-seeds with `seed`).
    #[napi(ts_return_type = "{ ok: true }")]
    pub fn reset(&self) -> Result<Value> {
        self.control(|g| g.reset())
    }

    /// `{ now, upcoming }`: the sandbox time and the plan occurrences of the next 92 days.
    #[napi(ts_return_type = "SandboxClock")]
    pub fn clock(&self) -> Result<Value> {
        self.with_gateway(|g| g.clock())
    }

    /// Every webhook delivery with its attempts (time, status, duration, response excerpt).
    #[napi(ts_return_type = "SandboxDelivery[]")]
    pub fn webhooks(&self) -> Result<Value> {
        self.with_gateway(|g| g.webhooks())
    }

    /// The emails and texts the gateway would have sent, oldest first.
    #[napi(ts_return_type = "SandboxMessage[]")]
    pub fn outbox(&self) -> Result<Value> {
        self.with_gateway(|g| g.outbox())
    }

    /// Every clinic with its API keys masked.
    #[napi(ts_return_type = "SandboxClinic[]")]
    pub fn clinics(&self) -> Result<Value> {
        self.with_gateway(|g| g.clinics())
    }

    /// The dashboard's address: the sandbox's URL followed by `/`.
    #[napi(getter)]
    pub fn dashboard_url(&self) -> String {
        format!("{}/", self.url())
    }
}

// Declarations only: the TypeScript shapes of what the methods above return (the values are
// the control routes' JSON, converted as they are).

/// One webhook delivery (`webhooks()`, `resendWebhook()`).
#[allow(dead_code)]
#[napi(object)]
pub struct SandboxDelivery {
    pub id: u32,
    pub url: String,
    #[napi(
        ts_type = "{ type: string, uuid: string, status: string, merchantUuid: string, occurredAt: string }"
    )]
    pub payload: Value,
    pub delivered: bool,
    pub merchant_uuid: String,
    /// The delivery this one re-sends.
    pub resend_of: Option<u32>,
    pub attempts: Vec<SandboxAttempt>,
}

/// One attempt at a delivery.
#[allow(dead_code)]
#[napi(object)]
pub struct SandboxAttempt {
    /// ISO time (sandbox clock).
    pub at: String,
    pub duration_ms: u32,
    /// The receiver's HTTP status, when it answered.
    pub status: Option<u32>,
    /// Why there was no answer (or `failed on purpose by the sandbox (fail-next)`).
    pub error: Option<String>,
    /// The start of the receiver's answer.
    pub response_excerpt: Option<String>,
}

/// An email or text the gateway would have sent (`outbox()`).
#[allow(dead_code)]
#[napi(object)]
pub struct SandboxMessage {
    pub id: u32,
    pub merchant_uuid: String,
    #[napi(ts_type = "'email' | 'sms'")]
    pub channel: String,
    pub to: String,
    #[napi(ts_type = "'payment_request' | 'plan_notification' | 'wallet_request'")]
    pub kind: String,
    pub subject: String,
    pub body: String,
    /// The checkout link in the message.
    pub link: String,
    /// The transaction, plan or wallet it is about.
    pub about_uuid: String,
    pub at: String,
}

/// A clinic (`clinics()`).
#[allow(dead_code)]
#[napi(object)]
pub struct SandboxClinic {
    pub uuid: String,
    pub name: String,
    pub email: String,
    pub webhook_url: Option<String>,
    /// API keys, masked: `api-test-…1a2b`.
    pub keys: Vec<String>,
    pub fail_next_webhooks: u32,
}

/// The sandbox time and the plan occurrences of the next 92 days (`clock()`).
#[allow(dead_code)]
#[napi(object)]
pub struct SandboxClock {
    pub now: String,
    pub upcoming: Vec<SandboxUpcoming>,
}

/// A plan occurrence still to come.
#[allow(dead_code)]
#[napi(object)]
pub struct SandboxUpcoming {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub plan_uuid: String,
    pub merchant_uuid: String,
    pub name: String,
    pub amount: f64,
    pub will_charge: bool,
    pub plan_status: String,
}
