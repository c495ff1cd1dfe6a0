//! The one place the sandbox keeps state: a `Store` of every record, behind one mutex.
//! Handlers lock it, check everything, then change it, so a rejected request changes nothing.
//! No lock is ever held across an `.await`. Reading it: `lookup.rs`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::clock::{iso_ms, Clock};
use crate::model::*;
use crate::outbox::{Message, PlanSkip};
use crate::tracked::{Collection, Log, Table};
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

/// Keeps the store somewhere besides memory (`persist` does it in SQLite for `--data`).
pub trait Keeper: Send + Sync {
    /// Writes what changed since the last save; lets go of `store` as soon as it can, and
    /// returns only once the changes are kept. `Err` is a message naming where.
    fn save(&self, store: MutexGuard<'_, Store>) -> Result<(), String>;
    /// Saves what is left and lets go of the place (the sandbox is closing).
    fn release(&self, store: MutexGuard<'_, Store>);
}

impl AppState {
    /// A sandbox whose state lives in memory only.
    pub fn new(config: Config) -> Arc<AppState> {
        let store = Store::new(config.default_webhook_url.clone(), config.seed);
        AppState::with_store(config, store, None)
    }

    /// A sandbox that starts from `store` (read back by `keeper`) and keeps saving to it.
    pub fn with_store(
        config: Config,
        store: Store,
        keeper: Option<Box<dyn Keeper>>,
    ) -> Arc<AppState> {
        Arc::new(AppState {
            webhooks: crate::webhook::Sender::new(config.retry.clone()),
            config,
            store: StoreHandle(Arc::new(KeptStore {
                store: Mutex::new(store),
                keeper,
            })),
        })
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock()
    }

    /// Keeps what changed in the store (in memory only: forgets that it changed). Every
    /// request and every control action is saved before its answer leaves.
    pub fn save(&self) -> Result<(), String> {
        self.store.save(self.store.lock())
    }

    /// Saves what is left and lets go of the data file, if any (on close).
    pub fn release(&self) {
        if let Some(keeper) = &self.store.0.keeper {
            keeper.release(self.store.lock());
        }
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

struct KeptStore {
    store: Mutex<Store>,
    /// Where the store is kept besides memory (the `--data` file), if anywhere.
    keeper: Option<Box<dyn Keeper>>,
}

/// The store behind its mutex, and where it is kept: what webhook delivery holds (not the
/// whole `AppState`), so an attempt is saved as it is recorded.
#[derive(Clone)]
pub struct StoreHandle(Arc<KeptStore>);

impl StoreHandle {
    /// A handler that panicked while holding the lock leaves a poisoned mutex; the data is
    /// still consistent (changes are made after all checks), so keep serving.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.0
            .store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn save(&self, mut store: MutexGuard<'_, Store>) -> Result<(), String> {
        match &self.0.keeper {
            Some(keeper) => keeper.save(store),
            None => {
                store.collections(&mut |_, collection| collection.forget_changes());
                Ok(())
            }
        }
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
        // The count taken here is saved with the attempt `record` adds.
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
        let Some(mut d) = store.deliveries.iter_mut().find(|d| d.id == id) else {
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
        // Kept like a request's changes (a failed save is caught up by the next one).
        let _ = self.save(store);
        true
    }
}

/// Everything here is kept by `--data` (see `persist` for how, and how to add state).
#[derive(Serialize, Deserialize)]
#[serde(default)]
pub struct Store {
    /// Changes on every reset, so deliveries from before a reset stop recording.
    #[serde(skip)]
    pub epoch: u64,
    #[serde(skip)]
    pub default_webhook_url: Option<String>,
    pub clock: Clock,
    pub seq: u64,
    pub terminal_serial: u64,
    pub merchants: Table<Merchant>,
    pub accounts: Table<Account>,
    pub api_keys: Table<ApiKey>,
    pub transactions: Table<Transaction>,
    pub terminals: Table<Terminal>,
    pub plans: Table<PaymentPlan>,
    pub customers: Table<Customer>,
    pub wallets: Table<Wallet>,
    pub deliveries: Log<Delivery>,
    /// Deliveries created by the current request, sent once it has finished. Not kept: a
    /// delivery still being retried when the sandbox stops is not resumed after a restart.
    #[serde(skip)]
    pub pending_deliveries: Vec<u64>,
    /// Transactions created by plan occurrences since the caller last took them.
    #[serde(skip)]
    pub created_by_schedule: Vec<String>,
    /// The emails and texts the gateway would have sent (the dashboard's outbox).
    pub messages: Log<Message>,
    /// Plan occurrences that passed without a charge (paused, or the plan could not charge).
    pub plan_skips: Log<PlanSkip>,
    /// Per clinic: how many more webhook attempts fail on purpose (one small number per
    /// clinic, saved with the store row).
    pub webhook_fail_next: HashMap<String, u32>,
    /// Clinics made for a never-seen test key whose requests have not succeeded yet
    /// (`lifecycle/sign_in.rs`): a refused request must not leave one behind.
    #[serde(skip)]
    pub unconfirmed_clinics: HashMap<String, Unconfirmed>,
}

/// A clinic made for a new test key, not yet used by a request that succeeded.
#[derive(Debug, Clone)]
pub struct Unconfirmed {
    /// Requests signed in with its key that have not finished.
    pub in_flight: u32,
    /// The store's counters before and after the clinic was made.
    pub seq: (u64, u64),
    pub terminal_serial: (u64, u64),
}

impl Default for Store {
    fn default() -> Store {
        Store::new(None, false)
    }
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
            merchants: Table::new(),
            accounts: Table::new(),
            api_keys: Table::new(),
            transactions: Table::new(),
            terminals: Table::new(),
            plans: Table::new(),
            customers: Table::new(),
            wallets: Table::new(),
            deliveries: Log::new(),
            pending_deliveries: Vec::new(),
            created_by_schedule: Vec::new(),
            messages: Log::new(),
            plan_skips: Log::new(),
            webhook_fail_next: HashMap::new(),
            unconfirmed_clinics: HashMap::new(),
        };
        if seed {
            store.seed();
        }
        store
    }

    /// Every `Table` and `Log` field, by the name it has in the `--data` file. THE place to
    /// list a new one: one line (`persist` explains; a test there checks none is missing).
    pub fn collections(&mut self, visit: &mut dyn FnMut(&'static str, &mut dyn Collection)) {
        visit("merchants", &mut self.merchants);
        visit("accounts", &mut self.accounts);
        visit("api_keys", &mut self.api_keys);
        visit("transactions", &mut self.transactions);
        visit("terminals", &mut self.terminals);
        visit("plans", &mut self.plans);
        visit("customers", &mut self.customers);
        visit("wallets", &mut self.wallets);
        visit("deliveries", &mut self.deliveries);
        visit("messages", &mut self.messages);
        visit("plan_skips", &mut self.plan_skips);
    }

    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// With `--seed`: one demo clinic with a known key, so a fresh sandbox has something to show.
    /// Once only: a store read back from `--data` keeps the one it has.
    pub fn seed(&mut self) {
        let key = format!("api-test-{}", "0".repeat(32));
        if self.api_keys.contains_key(&key) {
            return;
        }
        self.merchant_for_test_key(&key);
        if let Some(merchant) = self.api_keys.get(&key).map(|k| k.merchant_uuid.clone()) {
            if let Some(m) = self.merchants.get_mut(&merchant) {
                m.name = "Sandbox Dental Clinic".into();
            }
        }
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
