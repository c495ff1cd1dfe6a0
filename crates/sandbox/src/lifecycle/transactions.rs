//! Payment links: pay, decline, void, refund.

use super::{decline_message, outcome, Scenario};
use crate::api_error::{ApiError, ApiResult};
use crate::cards::{Card, CardOutcome};
use crate::ids;
use crate::model::*;
use crate::state::Store;

impl Store {
    /// unpaid -> paid | rejected, by the card's outcome. 409 unless the transaction is unpaid.
    pub fn pay_transaction(
        &mut self,
        uuid: &str,
        card: &Card,
        scenario: Option<Scenario>,
        method_suffix: Option<&str>,
    ) -> ApiResult<String> {
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
            t.status = "paid".into();
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
            t.status = "rejected".into();
            t.failure_reason = Some(decline_message(card, &result));
        }
        let status = t.status.clone();
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
            t.status = "void".into();
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
            status: "started".into(),
            reason,
            created_ms: now,
        });
        if t.refunded_total() == t.amount {
            t.status = "refunded".into();
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
                r.status = "completed".into();
            }
        }
    }

    pub(crate) fn clear_terminals_of(&mut self, transaction: &str) {
        for mut terminal in self.terminals.values_mut() {
            if terminal.transaction_uuid.as_deref() == Some(transaction) {
                terminal.transaction_uuid = None;
            }
        }
    }
}
