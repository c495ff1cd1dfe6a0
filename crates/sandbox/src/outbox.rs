//! What the gateway would have told patients, kept instead of sent: the emails and texts of
//! payment requests, plan notifications and wallet requests (the dashboard's outbox), the
//! plan occurrences that passed without a charge, and the occurrences still to come.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::clock::{iso_ms, Date};
use crate::model::PaymentPlan;

/// One email or text message.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Message {
    pub id: u64,
    pub merchant_uuid: String,
    /// `email` or `sms`.
    pub channel: String,
    pub to: String,
    /// `payment_request`, `plan_notification` or `wallet_request`.
    pub kind: String,
    pub subject: String,
    pub body: String,
    /// The checkout link the patient would follow.
    pub link: String,
    /// The transaction, plan or wallet the message is about.
    pub about_uuid: String,
    pub at_ms: i64,
}

impl Message {
    pub fn json(&self) -> Value {
        json!({
            "id": self.id,
            "merchantUuid": self.merchant_uuid,
            "channel": self.channel,
            "to": self.to,
            "kind": self.kind,
            "subject": self.subject,
            "body": self.body,
            "link": self.link,
            "aboutUuid": self.about_uuid,
            "at": iso_ms(self.at_ms),
        })
    }
}

/// A plan occurrence that passed without a charge.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PlanSkip {
    pub plan_uuid: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The plan's status that day (`paused`, `insufficient_funds`, `error`).
    pub plan_status: String,
}

/// An occurrence still to come, and whether it will charge.
pub struct Upcoming {
    pub date: Date,
    pub plan_uuid: String,
    pub merchant_uuid: String,
    pub name: String,
    pub amount: i64,
    pub will_charge: bool,
    pub plan_status: String,
}

impl Upcoming {
    pub fn json(&self) -> Value {
        json!({
            "date": self.date.iso(),
            "planUuid": self.plan_uuid,
            "merchantUuid": self.merchant_uuid,
            "name": self.name,
            "amount": self.amount,
            "willCharge": self.will_charge,
            "planStatus": self.plan_status,
        })
    }
}

/// What a message says, whichever channel carries it.
pub(crate) struct Draft {
    pub kind: &'static str,
    pub about: String,
    pub subject: String,
    pub text: String,
    pub link: String,
}

/// Who a message goes to, and by which channels.
pub struct Recipient<'a> {
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub by_email: bool,
    pub by_sms: bool,
}

/// A plan's occurrence dates still to come, from `from` to `until`, at most `limit`. Dates
/// before `from` that were never run (a plan not yet authorised) are not charged later, so
/// they are left out.
pub fn upcoming_dates(plan: &PaymentPlan, from: Date, until: Date, limit: usize) -> Vec<Date> {
    let mut dates = Vec::new();
    let mut index = plan.next_occurrence;
    while let Some(date) = plan.next_due_at(index) {
        if date > until || dates.len() >= limit {
            break;
        }
        if date >= from {
            dates.push(date);
        }
        index += 1;
    }
    dates
}
