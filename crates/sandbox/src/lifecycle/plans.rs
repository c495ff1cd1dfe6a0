//! Payment plans: authorisation, status changes, charges and the monthly schedule.

use super::{can_authorise, outcome, NewCharge, Scenario};
use crate::api_error::{ApiError, ApiResult};
use crate::cards::{Card, CardOutcome};
use crate::clock::Date;
use crate::model::*;
use crate::outbox::PlanSkip;
use crate::state::Store;

impl Store {
    /// The patient opened the plan's checkout: sent -> authorising.
    pub fn plan_checkout_opened(&mut self, uuid: &str) {
        if let Some(plan) = self.plans.get_mut(uuid) {
            if plan.status == "sent" {
                plan.status = "authorising".into();
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
        can_authorise("payment plan", "plan", &plan.status, card)?;
        let today = self.clock.today();
        if let Some(plan) = self.plans.get_mut(uuid) {
            plan.status = "authorised".into();
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
        let current = plan.status.clone();
        let next: String = match (status, current.as_str()) {
            (_, "void" | "ended") => {
                return Err(ApiError::field(
                    "status",
                    format!("the plan is {current}; it cannot change any more"),
                ))
            }
            ("paused", "paused") => {
                return Err(ApiError::field("status", "the plan is already paused"))
            }
            ("paused", _) => "paused".into(),
            ("resumed", "paused") => plan
                .status_before_pause
                .clone()
                .unwrap_or_else(|| "authorised".into()),
            ("resumed", "error") => "authorised".into(),
            ("resumed", _) => {
                return Err(ApiError::field(
                    "status",
                    format!("only a paused plan can be resumed; this one is {current}"),
                ))
            }
            ("void", _) => "void".into(),
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
            plan.status = "authorised".into();
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
                    "insufficient_funds".into()
                } else {
                    "error".into()
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
            if matches!(plan.status.as_str(), "sent" | "authorising") {
                return; // nothing is charged before the patient authorises
            }
            let Some(due) = plan.next_due() else {
                if plan.kind == "recurring" && plan.end_date.is_some() && plan.status != "void" {
                    if let Some(plan) = self.plans.get_mut(uuid) {
                        plan.status = "ended".into();
                    }
                }
                return;
            };
            if due > today {
                return;
            }
            let status = plan.status.clone();
            let charge = self.plan_charge(plan, plan.amount, None, None);
            let card = plan.card.clone().unwrap_or_else(Card::success);
            if let Some(plan) = self.plans.get_mut(uuid) {
                plan.next_occurrence += 1;
            }
            // paused: skipped for good; insufficient_funds / error: missed, not back-charged.
            if status == "authorised" {
                let transaction = self.charge_for_plan(uuid, charge, &card, None);
                self.created_by_schedule.push(transaction);
            } else {
                self.plan_skips.push(PlanSkip {
                    plan_uuid: uuid.to_string(),
                    date: due.iso(),
                    plan_status: status.to_string(),
                });
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
}
