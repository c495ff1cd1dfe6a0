//! The one place the sandbox keeps state: a `Store` of every record, behind one mutex.
//! Handlers lock it, check everything, then change it, so a rejected request changes nothing.
//! No lock is ever held across an `.await`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{json, Value};

use crate::clock::{iso_ms, Clock};
use crate::error::{ApiError, ApiResult};
use crate::model::*;
use crate::outbox::{Message, PlanSkip};
use crate::webhook::{AttemptOutcome, DeliveryLog, NextAttempt, WebhookRetry};

/// Settings fixed when the sandbox starts.
#[derive(Clone, Debug)]
pub struct Config {
    pub base_url: String,
    pub default_webhook_url: Option<String>,
    pub seed: bool,
    pub retry: WebhookRetry,
    /// Random per process; every dashboard form carries it and its POST must match it.
    pub csrf_token: String,
}

/// Shared by every handler.
pub struct AppState {
    pub config: Config,
    store: StoreHandle,
    pub webhooks: crate::webhook::Sender,
}

impl AppState {
    pub fn new(config: Config) -> Arc<AppState> {
        let store = Store::new(config.default_webhook_url.clone(), config.seed);
        Arc::new(AppState {
            webhooks: crate::webhook::Sender::new(config.retry.clone()),
            config,
            store: StoreHandle(Arc::new(Mutex::new(store))),
        })
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock()
    }

    pub fn reset(&self) {
        let mut store = self.store();
        *store = Store::new(self.config.default_webhook_url.clone(), self.config.seed);
        self.webhooks.cancel_all();
    }

    /// Starts sending the webhooks queued since the last call (after each request).
    pub fn send_queued_webhooks(&self) {
        let (ids, epoch) = {
            let mut store = self.store();
            (std::mem::take(&mut store.pending_deliveries), store.epoch)
        };
        if !ids.is_empty() {
            self.webhooks.dispatch(&self.store, ids, epoch);
        }
    }
}

/// The store behind its mutex: what webhook delivery holds (not the whole `AppState`).
#[derive(Clone)]
pub struct StoreHandle(Arc<Mutex<Store>>);

impl StoreHandle {
    /// A handler that panicked while holding the lock leaves a poisoned mutex; the data is
    /// still consistent (changes are made after all checks), so keep serving.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl DeliveryLog for StoreHandle {
    fn next_attempt(&self, id: u64, epoch: u64) -> Option<NextAttempt> {
        let mut store = self.lock();
        if store.epoch != epoch {
            return None;
        }
        let d = store.deliveries.iter().find(|d| d.id == id)?;
        let (url, payload, merchant) = (d.url.clone(), d.payload.clone(), d.merchant_uuid.clone());
        let fail_on_purpose = match store.webhook_fail_next.get_mut(&merchant) {
            Some(left) if *left > 0 => {
                *left -= 1;
                true
            }
            _ => false,
        };
        Some(NextAttempt {
            url,
            payload,
            fail_on_purpose,
        })
    }

    fn record(&self, id: u64, epoch: u64, outcome: AttemptOutcome) -> bool {
        let mut store = self.lock();
        if store.epoch != epoch {
            return false;
        }
        let at_ms = store.clock.now_ms();
        let Some(d) = store.deliveries.iter_mut().find(|d| d.id == id) else {
            return false;
        };
        d.delivered = outcome.delivered();
        d.attempts.push(Attempt {
            at_ms,
            status: outcome.status,
            error: outcome.error,
            duration_ms: outcome.duration_ms,
            response_excerpt: outcome.excerpt,
        });
        true
    }
}

pub struct Store {
    /// Changes on every reset, so deliveries from before a reset stop recording.
    pub epoch: u64,
    pub default_webhook_url: Option<String>,
    pub clock: Clock,
    seq: u64,
    pub terminal_serial: u64,
    pub merchants: HashMap<String, Merchant>,
    pub accounts: HashMap<String, Account>,
    pub api_keys: HashMap<String, ApiKey>,
    pub transactions: HashMap<String, Transaction>,
    pub terminals: HashMap<String, Terminal>,
    pub plans: HashMap<String, PaymentPlan>,
    pub customers: HashMap<String, Customer>,
    pub wallets: HashMap<String, Wallet>,
    pub deliveries: Vec<Delivery>,
    /// Deliveries created by the current request, sent once it has finished.
    pub pending_deliveries: Vec<u64>,
    /// Transactions created by plan occurrences since the caller last took them.
    pub created_by_schedule: Vec<String>,
    /// The emails and texts the gateway would have sent (the dashboard's outbox).
    pub messages: Vec<Message>,
    /// Plan occurrences that passed without a charge (paused, or the plan could not charge).
    pub plan_skips: Vec<PlanSkip>,
    /// Per clinic: how many more webhook attempts fail on purpose.
    pub webhook_fail_next: HashMap<String, u32>,
}

/// Sorts records by creation order.
pub fn in_order<'a, T: 'a>(
    items: impl Iterator<Item = &'a T>,
    seq: impl Fn(&T) -> u64,
) -> Vec<&'a T> {
    let mut list: Vec<&T> = items.collect();
    list.sort_by_key(|item| seq(item));
    list
}

impl Store {
    pub fn new(default_webhook_url: Option<String>, seed: bool) -> Store {
        static EPOCH: AtomicU64 = AtomicU64::new(1);
        let mut store = Store {
            epoch: EPOCH.fetch_add(1, Ordering::Relaxed),
            default_webhook_url,
            clock: Clock::default(),
            seq: 0,
            terminal_serial: 0,
            merchants: HashMap::new(),
            accounts: HashMap::new(),
            api_keys: HashMap::new(),
            transactions: HashMap::new(),
            terminals: HashMap::new(),
            plans: HashMap::new(),
            customers: HashMap::new(),
            wallets: HashMap::new(),
            deliveries: Vec::new(),
            pending_deliveries: Vec::new(),
            created_by_schedule: Vec::new(),
            messages: Vec::new(),
            plan_skips: Vec::new(),
            webhook_fail_next: HashMap::new(),
        };
        if seed {
            store.seed();
        }
        store
    }

    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// With `--seed`: one demo clinic with a known key, so a fresh sandbox has something to show.
    fn seed(&mut self) {
        let key = format!("api-test-{}", "0".repeat(32));
        self.merchant_for_test_key(&key);
        if let Some(merchant) = self.api_keys.get(&key).map(|k| k.merchant_uuid.clone()) {
            if let Some(m) = self.merchants.get_mut(&merchant) {
                m.name = "Sandbox Dental Clinic".into();
            }
        }
    }

    // ---- scoped look-ups: another merchant's record is "not found" -------------------------

    pub fn transaction(&self, merchant: &str, uuid: &str) -> ApiResult<&Transaction> {
        self.transactions
            .get(uuid)
            .filter(|t| t.merchant_uuid == merchant)
            .ok_or_else(|| ApiError::not_found("transaction", uuid))
    }

    pub fn terminal(&self, merchant: &str, id: &str) -> ApiResult<&Terminal> {
        self.terminals
            .get(id)
            .filter(|t| t.merchant_uuid == merchant)
            .ok_or_else(|| ApiError::not_found("terminal", id))
    }

    pub fn plan(&self, merchant: &str, uuid: &str) -> ApiResult<&PaymentPlan> {
        self.plans
            .get(uuid)
            .filter(|p| p.merchant_uuid == merchant)
            .ok_or_else(|| ApiError::not_found("payment plan", uuid))
    }

    pub fn customer(&self, merchant: &str, uuid: &str) -> ApiResult<&Customer> {
        self.customers
            .get(uuid)
            .filter(|c| c.merchant_uuid == merchant)
            .ok_or_else(|| ApiError::not_found("customer", uuid))
    }

    // ---- JSON forms that need other records --------------------------------------------------

    pub fn transaction_json(&self, t: &Transaction, base_url: &str) -> Value {
        let payment = t.payment.as_ref();
        let mut v = json!({
            "uuid": t.uuid,
            "amount": t.amount,
            "customer": t.customer_uuid.as_ref().map(|c| {
                self.customers.get(c).map(Customer::json).unwrap_or_else(|| json!({ "uuid": c }))
            }),
            "invoice": t.invoice.as_ref().map(|i| json!({ "uuid": i.uuid, "lineItems": i.line_items })),
            "paymentMethod": payment.map(|p| p.method.clone()),
            "paymentMethodSummary": payment.map(|p| p.summary.clone()),
            "paymentMethodAuthCode": payment.map(|p| p.auth_code.clone()),
            "paymentPaidTime": payment.map(|p| iso_ms(p.paid_ms)),
            "paymentPlan": t.plan_uuid.as_ref().and_then(|p| self.plans.get(p)).map(|p| p.json(base_url)),
            "paymentUrl": format!("{base_url}/checkout/transaction/{}", t.uuid),
            "refunds": t.refunds.iter().map(|r| json!({
                "amount": r.amount,
                "status": r.status,
                "reason": r.reason,
                "createdTime": iso_ms(r.created_ms),
            })).collect::<Vec<_>>(),
            "status": t.status,
            "name": t.name,
            "note": t.note,
            "patientNote": t.patient_note,
            "email": t.email,
            "phone": t.phone,
            "emailNotify": t.email_notify,
            "smsNotify": t.sms_notify,
            "successUrl": t.success_url,
            "failureUrl": t.failure_url,
            "isMoto": t.is_moto,
            "postcode": t.postcode,
            "paymentPlanExecutionReference": t.execution_reference,
            "createdTime": iso_ms(t.created_ms),
        });
        if let Some(reason) = &t.failure_reason {
            v["failureReason"] = json!(reason);
        }
        v
    }

    pub fn terminal_json(&self, t: &Terminal, base_url: &str) -> Value {
        let mut v = json!({ "id": t.id, "name": t.name, "active": t.active });
        if let Some(tx) = t
            .transaction_uuid
            .as_ref()
            .and_then(|u| self.transactions.get(u))
        {
            v["transaction"] = self.transaction_json(tx, base_url);
        }
        v
    }

    // ---- webhooks ----------------------------------------------------------------------------

    /// Queues `transaction.status` for the transaction's merchant, if it has a webhook URL
    /// (its own, else the sandbox default).
    pub fn emit_status(&mut self, transaction: &str) {
        let Some(t) = self.transactions.get(transaction) else {
            return;
        };
        let url = self
            .merchants
            .get(&t.merchant_uuid)
            .and_then(|m| m.webhook_url.clone())
            .or_else(|| self.default_webhook_url.clone());
        let Some(url) = url else { return };
        let payload = json!({
            "type": "transaction.status",
            "uuid": t.uuid,
            "status": t.status,
            "merchantUuid": t.merchant_uuid,
            "occurredAt": iso_ms(self.clock.now_ms()),
        });
        let merchant_uuid = t.merchant_uuid.clone();
        self.queue_delivery(url, payload, merchant_uuid, None);
    }

    /// Adds a delivery, sent once the current request has finished.
    pub fn queue_delivery(
        &mut self,
        url: String,
        payload: Value,
        merchant_uuid: String,
        resend_of: Option<u64>,
    ) -> u64 {
        let id = self.deliveries.len() as u64 + 1;
        self.deliveries.push(Delivery {
            id,
            url,
            payload,
            delivered: false,
            attempts: Vec::new(),
            merchant_uuid,
            resend_of,
        });
        self.pending_deliveries.push(id);
        id
    }
}
