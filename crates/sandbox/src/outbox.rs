//! What the gateway would have told patients, kept instead of sent: the emails and texts of
//! payment requests, plan notifications and wallet requests (the dashboard's outbox), the
//! plan occurrences that passed without a charge, and the occurrences still to come.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::clock::{iso_ms, Date};
use crate::html::pounds;
use crate::model::PaymentPlan;
use crate::state::Store;

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
    pub plan_status: &'static str,
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
struct Draft {
    kind: &'static str,
    about: String,
    subject: String,
    text: String,
    link: String,
}

/// Who a message goes to, and by which channels.
pub struct Recipient<'a> {
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub by_email: bool,
    pub by_sms: bool,
}

impl Store {
    fn clinic_name(&self, merchant: &str) -> String {
        self.merchants
            .get(merchant)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| "Your clinic".into())
    }

    /// Queues an email and/or a text, as the recipient's flags ask.
    fn send(&mut self, merchant: &str, to: Recipient, draft: Draft) {
        let at_ms = self.now_ms();
        let channels = [
            ("email", to.email.filter(|_| to.by_email)),
            ("sms", to.phone.filter(|_| to.by_sms)),
        ];
        for (channel, address) in channels {
            let Some(address) = address else { continue };
            let id = self.messages.len() as u64 + 1;
            let body = if channel == "sms" {
                format!("{} {}", draft.text, draft.link)
            } else {
                format!("{}\n\n{}", draft.text, draft.link)
            };
            self.messages.push(Message {
                id,
                merchant_uuid: merchant.into(),
                channel: channel.into(),
                to: address.into(),
                kind: draft.kind.into(),
                subject: draft.subject.clone(),
                body,
                link: draft.link.clone(),
                about_uuid: draft.about.clone(),
                at_ms,
            });
        }
    }

    /// `transactions.create` with `emailNotify` / `smsNotify`.
    pub fn send_payment_request(&mut self, transaction: &str, base_url: &str) {
        let Some(t) = self.transactions.get(transaction).cloned() else {
            return;
        };
        let clinic = self.clinic_name(&t.merchant_uuid);
        let mut text = format!("{clinic} asks you to pay {}.", pounds(t.amount));
        if let Some(note) = &t.patient_note {
            text.push(' ');
            text.push_str(note);
        }
        let to = Recipient {
            email: t.email.as_deref(),
            phone: t.phone.as_deref(),
            by_email: t.email_notify,
            by_sms: t.sms_notify,
        };
        let link = format!("{base_url}/checkout/transaction/{}", t.uuid);
        let subject = format!("Payment request from {clinic}");
        let about = t.uuid.clone();
        let draft = Draft {
            kind: "payment_request",
            about,
            subject,
            text,
            link,
        };
        self.send(&t.merchant_uuid, to, draft);
    }

    /// `paymentPlans.notify`: the plan's link, by email and text where the plan has them.
    pub fn send_plan_notification(&mut self, plan: &str, base_url: &str) {
        let Some(p) = self.plans.get(plan).cloned() else {
            return;
        };
        let clinic = self.clinic_name(&p.merchant_uuid);
        let text = format!(
            "{clinic} has set up a payment plan of {} for you. Please authorise it.",
            pounds(p.amount)
        );
        let to = Recipient {
            email: p.email.as_deref(),
            phone: p.phone.as_deref(),
            by_email: true,
            by_sms: true,
        };
        let link = format!("{base_url}/checkout/plan/{}", p.uuid);
        let subject = format!("Your payment plan with {clinic}");
        let about = p.uuid.clone();
        let draft = Draft {
            kind: "plan_notification",
            about,
            subject,
            text,
            link,
        };
        self.send(&p.merchant_uuid, to, draft);
    }

    /// `customers.createWallet` with `emailNotify` / `smsNotify`.
    pub fn send_wallet_request(&mut self, wallet: &str, to: Recipient, base_url: &str) {
        let Some(w) = self.wallets.get(wallet).cloned() else {
            return;
        };
        let clinic = self.clinic_name(&w.merchant_uuid);
        let text = format!("{clinic} asks you to save a card for future payments.");
        let link = w.checkout_url(base_url);
        let subject = format!("Save a card with {clinic}");
        let about = w.uuid.clone();
        let draft = Draft {
            kind: "wallet_request",
            about,
            subject,
            text,
            link,
        };
        self.send(&w.merchant_uuid, to, draft);
    }

    /// Every recurring plan's occurrences from today up to `until`, in date order.
    pub fn upcoming_occurrences(&self, until: Date) -> Vec<Upcoming> {
        let today = self.clock.today();
        let mut out = Vec::new();
        for plan in self.plans.values() {
            for date in upcoming_dates(plan, today, until, usize::MAX) {
                out.push(Upcoming {
                    date,
                    plan_uuid: plan.uuid.clone(),
                    merchant_uuid: plan.merchant_uuid.clone(),
                    name: plan.name.clone(),
                    amount: plan.amount,
                    will_charge: plan.status == "authorised",
                    plan_status: plan.status,
                });
            }
        }
        out.sort_by(|a, b| (a.date, &a.plan_uuid).cmp(&(b.date, &b.plan_uuid)));
        out
    }
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
