//! The control actions and views as methods of a running `Sandbox` (`sandbox.pay(..)`), so Rust
//! tests (and the Node binding) can do what the dashboard and the `/sandbox/...` routes do,
//! without HTTP.
//! Bodies are the control routes' JSON bodies (`Value::Null` for none); answers are theirs.

use serde_json::{json, Value};

use super::{run, views, Action, ControlError, ControlResult};
use crate::Sandbox;

impl Sandbox {
    /// Runs one action and starts sending the webhooks it caused.
    fn act(&self, action: Action, body: Value) -> ControlResult {
        let answer = run(&self.state, &action, &body).map_err(|e| ControlError {
            status: e.status.as_u16(),
            message: e.message,
        });
        self.state.send_queued_webhooks();
        answer
    }

    /// The patient pays an unpaid transaction: `{ card? }` (default: the success card).
    pub fn pay(&self, transaction: &str, body: Value) -> ControlResult {
        self.act(Action::Pay(transaction.into()), body)
    }

    /// The patient's bank declines an unpaid transaction.
    pub fn decline(&self, transaction: &str) -> ControlResult {
        self.act(Action::Decline(transaction.into()), Value::Null)
    }

    /// Refunds a paid transaction: `{ amount?, reason? }` (default: all that is left).
    pub fn refund(&self, transaction: &str, body: Value) -> ControlResult {
        self.act(Action::Refund(transaction.into()), body)
    }

    /// Completes a plan's checkout: `{ card? }`.
    pub fn authorise_plan(&self, plan: &str, body: Value) -> ControlResult {
        self.act(Action::AuthorisePlan(plan.into()), body)
    }

    /// Completes a wallet's checkout: `{ card? }`.
    pub fn authorise_wallet(&self, wallet: &str, body: Value) -> ControlResult {
        self.act(Action::AuthoriseWallet(wallet.into()), body)
    }

    /// Presents a card at a terminal: `{ outcome?: "approved" | "declined" |
    /// "insufficient_funds", card? }`; 409 when no transaction waits on it.
    pub fn tap_terminal(&self, terminal: &str, body: Value) -> ControlResult {
        self.act(Action::TapTerminal(terminal.into()), body)
    }

    /// Cancels the payment waiting on a terminal (the transaction stays unpaid).
    pub fn cancel_terminal(&self, terminal: &str) -> ControlResult {
        self.act(Action::CancelTerminal(terminal.into()), Value::Null)
    }

    /// Moves the clock on: `{ days }` or `{ months }`; runs due plan occurrences.
    pub fn advance_clock(&self, body: Value) -> ControlResult {
        self.act(Action::AdvanceClock, body)
    }

    /// Sends a webhook delivery's event again, as a new delivery.
    pub fn resend_webhook(&self, delivery: u64) -> ControlResult {
        self.act(Action::ResendWebhook(delivery), Value::Null)
    }

    /// Makes the next `count` webhook attempts to a clinic fail (0 clears).
    pub fn fail_next_webhooks(&self, merchant: &str, count: u32) -> ControlResult {
        self.act(
            Action::FailNextWebhooks(merchant.into()),
            json!({ "count": count }),
        )
    }

    /// Forgets everything (re-seeds with `seed`).
    pub fn reset(&self) -> ControlResult {
        self.act(Action::Reset, Value::Null)
    }

    /// `{ now, upcoming }`: the sandbox time and the plan occurrences of the next 92 days.
    pub fn clock(&self) -> Value {
        views::clock(&self.state.store())
    }

    /// Every webhook delivery and its attempts.
    pub fn webhooks(&self) -> Value {
        views::webhooks(&self.state.store())
    }

    /// Every email and text the gateway would have sent.
    pub fn outbox(&self) -> Value {
        views::outbox(&self.state.store())
    }

    /// Every clinic, with its keys masked.
    pub fn clinics(&self) -> Value {
        views::clinics(&self.state.store())
    }
}
