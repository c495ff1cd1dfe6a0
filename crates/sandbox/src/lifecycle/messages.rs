//! Sending what the gateway would have told patients: the outbox's emails and texts are
//! written to the store here (the record types are in `outbox.rs`), and the plan occurrences
//! still to come are listed from it.

use crate::clock::Date;
use crate::html::pounds;
use crate::outbox::{upcoming_dates, Draft, Message, Recipient, Upcoming};
use crate::state::Store;

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
                    plan_status: plan.status.clone(),
                });
            }
        }
        out.sort_by(|a, b| (a.date, &a.plan_uuid).cmp(&(b.date, &b.plan_uuid)));
        out
    }
}
