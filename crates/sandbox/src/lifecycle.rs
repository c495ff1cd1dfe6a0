//! The lifecycle rules: which status changes are allowed and what each one does. Every
//! function checks first and changes afterwards, so an `Err` leaves the store untouched.

use crate::cards::{Card, CardOutcome};
use crate::clock::Date;
use crate::error::{ApiError, ApiResult};
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
fn outcome(card: &Card, scenario: Option<Scenario>) -> CardOutcome {
    match scenario {
        Some(Scenario::Declined) => CardOutcome::Declined,
        Some(Scenario::InsufficientFunds) => CardOutcome::InsufficientFunds,
        None => card.outcome.clone(),
    }
}

fn decline_message(card: &Card, outcome: &CardOutcome) -> String {
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
            status: "unpaid",
            failure_reason: None,
            payment: None,
            refunds: Vec::new(),
            plan_uuid: None,
            wallet_uuid: None,
            execution_reference: None,
            created_ms: 0,
        }
    }

    // ---- transactions ------------------------------------------------------------------------

    /// unpaid -> paid | rejected, by the card's outcome. 409 unless the transaction is unpaid.
    pub fn pay_transaction(
        &mut self,
        uuid: &str,
        card: &Card,
        scenario: Option<Scenario>,
        method_suffix: Option<&str>,
    ) -> ApiResult<&'static str> {
        let now = self.now_ms();
        let t = self
            .transactions
            .get_mut(uuid)
            .ok_or_else(|| ApiError::not_found("transaction", uuid))?;
        if t.status != "unpaid" {
            return Err(ApiError::conflict(format!(
                "transaction is {}, only an unpaid transaction can be paid",
                t.status
            )));
        }
        let result = outcome(card, scenario);
        if result == CardOutcome::Approved {
            t.status = "paid";
            t.failure_reason = None;
            t.payment = Some(Payment {
                method: match method_suffix {
                    Some(suffix) => format!("{}_{suffix}", card.method()),
                    None => card.method().to_string(),
                },
                summary: card.summary(),
                auth_code: ids::auth_code(),
                paid_ms: now,
            });
        } else {
            t.status = "rejected";
            t.failure_reason = Some(decline_message(card, &result));
        }
        let status = t.status;
        self.clear_terminals_of(uuid);
        self.emit_status(uuid);
        Ok(status)
    }

    /// unpaid -> rejected (the control route's "the patient's bank said no").
    pub fn decline_transaction(&mut self, uuid: &str) -> ApiResult<()> {
        self.pay_transaction(uuid, &Card::declined(), None, None)
            .map(|_| ())
    }

    /// unpaid -> void.
    pub fn void_transaction(&mut self, merchant: &str, uuid: &str) -> ApiResult<()> {
        let t = self.transaction(merchant, uuid)?;
        if t.status != "unpaid" {
            return Err(ApiError::field(
                "status",
                format!(
                    "a {} transaction cannot be voided, only an unpaid one",
                    t.status
                ),
            ));
        }
        if let Some(t) = self.transactions.get_mut(uuid) {
            t.status = "void";
        }
        self.clear_terminals_of(uuid);
        self.emit_status(uuid);
        Ok(())
    }

    /// A refund of part or all of what is left; `refunded` once nothing is left.
    pub fn refund_transaction(
        &mut self,
        merchant: &str,
        uuid: &str,
        amount: i64,
        reason: Option<String>,
    ) -> ApiResult<()> {
        let now = self.now_ms();
        let t = self.transaction(merchant, uuid)?;
        if t.status != "paid" {
            return Err(ApiError::field(
                "status",
                format!(
                    "a {} transaction cannot be refunded, only a paid one",
                    t.status
                ),
            ));
        }
        let refundable = t.amount - t.refunded_total();
        if amount > refundable {
            return Err(ApiError::field(
                "amount",
                format!("is more than the {refundable} pennies left to refund"),
            ));
        }
        let Some(t) = self.transactions.get_mut(uuid) else {
            return Err(ApiError::not_found("transaction", uuid));
        };
        t.refunds.push(Refund {
            amount,
            status: "started",
            reason,
            created_ms: now,
        });
        if t.refunded_total() == t.amount {
            t.status = "refunded";
            self.emit_status(uuid);
        }
        Ok(())
    }

    /// Refunds complete when the sandbox clock moves on (a real refund takes days).
    pub fn settle_refunds(&mut self) {
        for mut t in self.transactions.values_mut() {
            // Reading does not mark a record changed; only the ones settled are saved.
            if !t.refunds.iter().any(|r| r.status == "started") {
                continue;
            }
            for r in t.refunds.iter_mut().filter(|r| r.status == "started") {
                r.status = "completed";
            }
        }
    }

    fn clear_terminals_of(&mut self, transaction: &str) {
        for mut terminal in self.terminals.values_mut() {
            if terminal.transaction_uuid.as_deref() == Some(transaction) {
                terminal.transaction_uuid = None;
            }
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

    // ---- terminals ---------------------------------------------------------------------------

    pub fn set_terminal_transaction(
        &mut self,
        merchant: &str,
        id: &str,
        transaction: &str,
    ) -> ApiResult<()> {
        self.terminal(merchant, id)?;
        let t = self.transaction(merchant, transaction).map_err(|_| {
            ApiError::field("transactionUuid", format!("no transaction {transaction:?}"))
        })?;
        if t.status != "unpaid" {
            return Err(ApiError::field(
                "transactionUuid",
                format!(
                    "the transaction is {}, only an unpaid one can go on a terminal",
                    t.status
                ),
            ));
        }
        // A transaction sits on one terminal at a time.
        self.clear_terminals_of(transaction);
        if let Some(terminal) = self.terminals.get_mut(id) {
            terminal.transaction_uuid = Some(transaction.into());
        }
        Ok(())
    }

    pub fn clear_terminal(&mut self, merchant: &str, id: &str) -> ApiResult<()> {
        self.terminal(merchant, id)?;
        if let Some(terminal) = self.terminals.get_mut(id) {
            terminal.transaction_uuid = None;
        }
        Ok(())
    }

    // ---- payment plans -----------------------------------------------------------------------

    /// The patient opened the plan's checkout: sent -> authorising.
    pub fn plan_checkout_opened(&mut self, uuid: &str) {
        if let Some(plan) = self.plans.get_mut(uuid) {
            if plan.status == "sent" {
                plan.status = "authorising";
            }
        }
    }

    /// The patient completed the plan's checkout: sent | authorising -> authorised; then every
    /// occurrence already due from today on is charged.
    pub fn authorise_plan(&mut self, uuid: &str, card: &Card) -> ApiResult<()> {
        let plan = self
            .plans
            .get(uuid)
            .ok_or_else(|| ApiError::not_found("payment plan", uuid))?;
        can_authorise("payment plan", "plan", plan.status, card)?;
        let today = self.clock.today();
        if let Some(plan) = self.plans.get_mut(uuid) {
            plan.status = "authorised";
            plan.card = Some(card.clone());
            // Occurrences dated before the authorisation are not charged retroactively.
            while plan.next_due().is_some_and(|d| d < today) {
                plan.next_occurrence += 1;
            }
        }
        self.run_plan_schedule(uuid, today);
        Ok(())
    }

    pub fn set_plan_status(&mut self, merchant: &str, uuid: &str, status: &str) -> ApiResult<()> {
        let plan = self.plan(merchant, uuid)?;
        let current = plan.status;
        let next: &'static str = match (status, current) {
            (_, "void" | "ended") => {
                return Err(ApiError::field(
                    "status",
                    format!("the plan is {current}; it cannot change any more"),
                ))
            }
            ("paused", "paused") => {
                return Err(ApiError::field("status", "the plan is already paused"))
            }
            ("paused", _) => "paused",
            ("resumed", "paused") => plan.status_before_pause.unwrap_or("authorised"),
            ("resumed", "error") => "authorised",
            ("resumed", _) => {
                return Err(ApiError::field(
                    "status",
                    format!("only a paused plan can be resumed; this one is {current}"),
                ))
            }
            ("void", _) => "void",
            _ => {
                return Err(ApiError::field(
                    "status",
                    "must be one of paused, resumed, void",
                ))
            }
        };
        if let Some(plan) = self.plans.get_mut(uuid) {
            if next == "paused" {
                plan.status_before_pause = Some(current);
            }
            plan.status = next;
        }
        Ok(())
    }

    /// `charge` on an on-demand plan: a transaction for the plan amount (or `amount`).
    pub fn charge_plan(
        &mut self,
        merchant: &str,
        uuid: &str,
        amount: Option<i64>,
        reference: Option<String>,
        invoice_uuid: Option<String>,
        scenario: Option<Scenario>,
    ) -> ApiResult<String> {
        let plan = self.plan(merchant, uuid)?;
        if plan.kind != "on_demand" {
            return Err(ApiError::field(
                "type",
                "only an on_demand plan can be charged; recurring plans charge on their schedule",
            ));
        }
        if plan.status != "authorised" {
            return Err(ApiError::field(
                "status",
                format!(
                    "the plan is {}; only an authorised plan can be charged",
                    plan.status
                ),
            ));
        }
        let charge = self.plan_charge(plan, amount.unwrap_or(plan.amount), reference, invoice_uuid);
        let card = plan.card.clone().unwrap_or_else(Card::success);
        Ok(self.charge_for_plan(uuid, charge, &card, scenario))
    }

    /// `resume-and-charge`: only from `insufficient_funds`; resumes and charges one instalment.
    /// The sandbox assumes the patient has topped up, so without a scenario the charge succeeds.
    pub fn resume_and_charge(
        &mut self,
        merchant: &str,
        uuid: &str,
        scenario: Option<Scenario>,
    ) -> ApiResult<String> {
        let plan = self.plan(merchant, uuid)?;
        if plan.status != "insufficient_funds" {
            return Err(ApiError::field(
                "status",
                format!(
                    "the plan is {}; resume-and-charge needs a plan in insufficient_funds",
                    plan.status
                ),
            ));
        }
        let charge = self.plan_charge(plan, plan.amount, None, plan.invoice_uuid.clone());
        if let Some(plan) = self.plans.get_mut(uuid) {
            plan.status = "authorised";
            plan.card = Some(Card::success());
        }
        Ok(self.charge_for_plan(uuid, charge, &Card::success(), scenario))
    }

    fn plan_charge(
        &self,
        plan: &PaymentPlan,
        amount: i64,
        reference: Option<String>,
        invoice_uuid: Option<String>,
    ) -> NewCharge {
        NewCharge {
            merchant_uuid: plan.merchant_uuid.clone(),
            amount,
            name: Some(plan.name.clone()),
            note: plan.note.clone(),
            email: plan.email.clone(),
            phone: plan.phone.clone(),
            customer_uuid: plan.customer_uuid.clone(),
            invoice_uuid: invoice_uuid.or_else(|| plan.invoice_uuid.clone()),
            plan_uuid: Some(plan.uuid.clone()),
            wallet_uuid: None,
            execution_reference: reference,
        }
    }

    /// Charges for a plan; a failed charge moves the plan to `insufficient_funds` or `error`.
    fn charge_for_plan(
        &mut self,
        plan: &str,
        charge: NewCharge,
        card: &Card,
        scenario: Option<Scenario>,
    ) -> String {
        let transaction = self.charge(charge, card, scenario);
        let failed = self
            .transactions
            .get(&transaction)
            .is_some_and(|t| t.status == "rejected");
        if failed {
            let reason = outcome(card, scenario);
            if let Some(plan) = self.plans.get_mut(plan) {
                plan.status = if reason == CardOutcome::InsufficientFunds {
                    "insufficient_funds"
                } else {
                    "error"
                };
            }
        }
        transaction
    }

    /// Charges or skips every occurrence of one plan due on or before `today`.
    fn run_plan_schedule(&mut self, uuid: &str, today: Date) {
        loop {
            let Some(plan) = self.plans.get(uuid) else {
                return;
            };
            if matches!(plan.status, "sent" | "authorising") {
                return; // nothing is charged before the patient authorises
            }
            let Some(due) = plan.next_due() else {
                if plan.kind == "recurring" && plan.end_date.is_some() && plan.status != "void" {
                    if let Some(plan) = self.plans.get_mut(uuid) {
                        plan.status = "ended";
                    }
                }
                return;
            };
            if due > today {
                return;
            }
            let status = plan.status;
            let charge = self.plan_charge(plan, plan.amount, None, None);
            let card = plan.card.clone().unwrap_or_else(Card::success);
            if let Some(plan) = self.plans.get_mut(uuid) {
                plan.next_occurrence += 1;
            }
            // paused: skipped for good; insufficient_funds / error: missed, not back-charged.
            if status == "authorised" {
                let transaction = self.charge_for_plan(uuid, charge, &card, None);
                self.created_by_schedule.push(transaction);
            }
        }
    }

    /// Moves the clock on: settles refunds and runs every plan's due occurrences day by day.
    /// Returns the transactions the schedules created.
    pub fn advance_clock(&mut self, days: i64) -> Vec<String> {
        self.created_by_schedule.clear();
        let start = self.clock.today();
        self.clock.advance_days(days);
        self.settle_refunds();
        let mut plans: Vec<(u64, String)> = self
            .plans
            .values()
            .map(|p| (p.seq, p.uuid.clone()))
            .collect();
        plans.sort();
        // Day by day, so occurrences come out in date order across plans.
        for offset in 1..=days {
            let day = Date::from_days(start.to_days() + offset);
            for (_, uuid) in &plans {
                self.run_plan_schedule(uuid, day);
            }
        }
        std::mem::take(&mut self.created_by_schedule)
    }

    // ---- wallets -----------------------------------------------------------------------------

    /// The patient saved a card: sent | authorising -> authorised.
    pub fn authorise_wallet(&mut self, uuid: &str, card: &Card) -> ApiResult<()> {
        let wallet = self
            .wallets
            .get(uuid)
            .ok_or_else(|| ApiError::not_found("wallet", uuid))?;
        can_authorise("wallet", "wallet", wallet.status, card)?;
        if let Some(wallet) = self.wallets.get_mut(uuid) {
            wallet.status = "authorised";
            wallet.card = Some(card.clone());
        }
        Ok(())
    }

    pub fn debit_wallet(
        &mut self,
        merchant: &str,
        customer: &str,
        amount: i64,
        wallet: Option<&str>,
    ) -> ApiResult<String> {
        let c = self.customer(merchant, customer)?;
        let chosen = match wallet {
            Some(w) => {
                let found = self
                    .wallets
                    .get(w)
                    .filter(|x| x.customer_uuid == customer)
                    .ok_or_else(|| {
                        ApiError::field("walletUuid", format!("the customer has no wallet {w:?}"))
                    })?;
                if found.status != "authorised" {
                    return Err(ApiError::field(
                        "walletUuid",
                        format!("the wallet is {}, not authorised", found.status),
                    ));
                }
                found
            }
            None => self
                .wallets
                .values()
                .filter(|x| x.customer_uuid == customer && x.status == "authorised")
                .min_by_key(|x| x.seq)
                .ok_or_else(|| {
                    ApiError::field("walletUuid", "the customer has no authorised wallet")
                })?,
        };
        let card = chosen.card.clone().unwrap_or_else(Card::success);
        let charge = NewCharge {
            merchant_uuid: merchant.into(),
            amount,
            name: match (&c.first_name, &c.last_name) {
                (Some(f), Some(l)) => Some(format!("{f} {l}")),
                (Some(n), None) | (None, Some(n)) => Some(n.clone()),
                (None, None) => None,
            },
            note: None,
            email: c.email.clone(),
            phone: c.mobile.clone(),
            customer_uuid: Some(customer.into()),
            invoice_uuid: None,
            plan_uuid: None,
            wallet_uuid: Some(chosen.uuid.clone()),
            execution_reference: None,
        };
        Ok(self.charge(charge, &card, None))
    }
}

/// A plan or wallet can be authorised while its checkout is open (sent | authorising), and only
/// with a card that is not declined.
fn can_authorise(kind: &str, short: &str, status: &str, card: &Card) -> ApiResult<()> {
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
