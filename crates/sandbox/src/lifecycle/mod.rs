//! The lifecycle rules: which status changes are allowed and what each one does. Every
//! function checks first and changes afterwards, so an `Err` leaves the store untouched.
//! One file per kind of record; what they share (card outcomes, sandbox-made charges) is here.

mod merchants;
mod messages;
mod plans;
mod sign_in;
mod terminals;
mod transactions;
mod wallets;

use serde_json::Map;

use crate::api_error::{ApiError, ApiResult};
use crate::cards::{Card, CardOutcome};
use crate::ids;
use crate::model::*;
use crate::state::Store;

/// An outcome forced by `testScenario` on a plan charge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    Declined,
    InsufficientFunds,
}

impl Scenario {
    pub const NAMES: [&'static str; 2] = ["declined", "insufficient_funds"];

    pub fn parse(name: &str) -> Option<Scenario> {
        match name {
            "declined" => Some(Scenario::Declined),
            "insufficient_funds" => Some(Scenario::InsufficientFunds),
            _ => None,
        }
    }
}

/// What paying with a card (or a forced scenario) comes to.
pub(crate) fn outcome(card: &Card, scenario: Option<Scenario>) -> CardOutcome {
    match scenario {
        Some(Scenario::Declined) => CardOutcome::Declined,
        Some(Scenario::InsufficientFunds) => CardOutcome::InsufficientFunds,
        None => card.outcome.clone(),
    }
}

pub(crate) fn decline_message(card: &Card, outcome: &CardOutcome) -> String {
    match outcome {
        CardOutcome::InsufficientFunds => "insufficient funds".into(),
        CardOutcome::Declined if card.outcome == CardOutcome::Declined => {
            card.decline_reason().unwrap_or("card declined").into()
        }
        _ => "card declined".into(),
    }
}

/// Fields for a transaction created by the sandbox itself (plan occurrence, charge, debit).
pub struct NewCharge {
    pub merchant_uuid: String,
    pub amount: i64,
    pub name: Option<String>,
    pub note: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub customer_uuid: Option<String>,
    pub invoice_uuid: Option<String>,
    pub plan_uuid: Option<String>,
    pub wallet_uuid: Option<String>,
    pub execution_reference: Option<String>,
}

impl Store {
    pub fn insert_transaction(&mut self, mut t: Transaction) -> String {
        t.seq = self.next_seq();
        t.created_ms = self.now_ms();
        let uuid = t.uuid.clone();
        self.transactions.insert(uuid.clone(), t);
        uuid
    }

    /// A new, unpaid transaction owned by `merchant`.
    pub fn blank_transaction(&self, merchant: &str, amount: i64) -> Transaction {
        Transaction {
            uuid: ids::uuid(),
            seq: 0,
            merchant_uuid: merchant.into(),
            amount,
            name: None,
            note: None,
            patient_note: None,
            email: None,
            phone: None,
            email_notify: false,
            sms_notify: false,
            success_url: None,
            failure_url: None,
            customer_uuid: None,
            invoice: None,
            is_moto: false,
            postcode: None,
            status: "unpaid".into(),
            failure_reason: None,
            payment: None,
            refunds: Vec::new(),
            plan_uuid: None,
            wallet_uuid: None,
            execution_reference: None,
            created_ms: 0,
            extra: Map::new(),
        }
    }

    /// A transaction the sandbox creates and charges at once (plans, wallets).
    pub fn charge(&mut self, new: NewCharge, card: &Card, scenario: Option<Scenario>) -> String {
        let mut t = self.blank_transaction(&new.merchant_uuid, new.amount);
        t.name = new.name;
        t.note = new.note;
        t.email = new.email;
        t.phone = new.phone;
        t.customer_uuid = new.customer_uuid;
        t.invoice = new.invoice_uuid.map(|uuid| Invoice {
            uuid,
            line_items: Vec::new(),
        });
        t.plan_uuid = new.plan_uuid;
        t.wallet_uuid = new.wallet_uuid;
        t.execution_reference = new.execution_reference;
        let uuid = self.insert_transaction(t);
        // A fresh unpaid transaction can always be paid; the result is in its status.
        let _ = self.pay_transaction(&uuid, card, scenario, None);
        uuid
    }
}

/// A plan or wallet can be authorised while its checkout is open (sent | authorising), and only
/// with a card that is not declined.
pub(crate) fn can_authorise(kind: &str, short: &str, status: &str, card: &Card) -> ApiResult<()> {
    if !matches!(status, "sent" | "authorising") {
        return Err(ApiError::conflict(format!(
            "{kind} is {status}, only a sent or authorising {short} can be authorised"
        )));
    }
    if card.outcome == CardOutcome::Declined {
        return Err(ApiError::field(
            "card",
            card.decline_reason().unwrap_or("card declined"),
        ));
    }
    Ok(())
}
