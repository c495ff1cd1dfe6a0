//! The one place the sandbox keeps state: a `Store` of every record, behind one mutex.
//! Handlers lock it, check everything, then change it, so a rejected request changes nothing.
//! No lock is ever held across an `.await`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::clock::{iso_ms, Clock};
use crate::error::{ApiError, ApiResult};
use crate::ids;
use crate::model::*;
use crate::tracked::{Collection, Log, Table};

/// How webhook deliveries are retried.
#[derive(Clone, Debug)]
pub struct WebhookRetry {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// Wait before the second attempt; it doubles after each failure.
    pub initial_backoff: Duration,
    /// How long one attempt may take.
    pub timeout: Duration,
}

impl Default for WebhookRetry {
    fn default() -> Self {
        WebhookRetry {
            attempts: 5,
            initial_backoff: Duration::from_millis(200),
            timeout: Duration::from_secs(5),
        }
    }
}

/// Settings fixed when the sandbox starts.
#[derive(Clone, Debug)]
pub struct Config {
    pub base_url: String,
    pub default_webhook_url: Option<String>,
    pub seed: bool,
    pub retry: WebhookRetry,
}

/// Shared by every handler.
pub struct AppState {
    pub config: Config,
    store: Mutex<Store>,
    pub webhooks: crate::webhook::Sender,
    /// Where the store is kept besides memory (the `--data` file), if anywhere.
    keeper: Option<Box<dyn Keeper>>,
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
            store: Mutex::new(store),
            keeper,
        })
    }

    /// Keeps what changed in the store (in memory only: forgets that it changed). Every
    /// request is saved before its answer leaves; call it after changes made outside one.
    pub fn save(&self) -> Result<(), String> {
        let mut store = self.store();
        match &self.keeper {
            Some(keeper) => keeper.save(store),
            None => {
                store.collections(&mut |_, collection| collection.forget_changes());
                Ok(())
            }
        }
    }

    /// Saves what is left and lets go of the data file, if any (on close).
    pub fn release(&self) {
        if let Some(keeper) = &self.keeper {
            keeper.release(self.store());
        }
    }

    /// The store. A handler that panicked while holding the lock leaves a poisoned mutex; the
    /// data is still consistent (changes are made after all checks), so keep serving.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn reset(&self) {
        let mut store = self.store();
        *store = Store::new(self.config.default_webhook_url.clone(), self.config.seed);
        self.webhooks.cancel_all();
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
    seq: u64,
    terminal_serial: u64,
    pub merchants: Table<Merchant>,
    pub accounts: Table<Account>,
    pub api_keys: Table<ApiKey>,
    pub transactions: Table<Transaction>,
    pub terminals: Table<Terminal>,
    pub plans: Table<PaymentPlan>,
    pub customers: Table<Customer>,
    pub wallets: Table<Wallet>,
    pub deliveries: Log<Delivery>,
    /// Deliveries created by the current request, sent once it has finished.
    #[serde(skip)]
    pub outbox: Vec<u64>,
    /// Transactions created by plan occurrences since the caller last took them.
    #[serde(skip)]
    pub created_by_schedule: Vec<String>,
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
            outbox: Vec::new(),
            created_by_schedule: Vec::new(),
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

    // ---- merchants, accounts, keys ----------------------------------------------------------

    /// The merchant behind a key, creating one for a never-seen `api-test-<32 hex>` key.
    pub fn authenticate(&mut self, key: &str) -> Option<(String, String)> {
        if let Some(k) = self.api_keys.get(key) {
            return Some((k.merchant_uuid.clone(), k.uuid.clone()));
        }
        if ids::is_test_key(key) {
            return Some(self.merchant_for_test_key(key));
        }
        None
    }

    fn merchant_for_test_key(&mut self, key: &str) -> (String, String) {
        let tail = &key[key.len() - 6..];
        let merchant = self.create_merchant(
            format!("Sandbox Clinic {tail}"),
            format!("clinic-{tail}@example.test"),
            None,
            None,
            None,
        );
        let account = self.create_account(&merchant, format!("owner-{tail}@example.test"), None);
        let key_uuid = self.insert_key(key.to_string(), &merchant, &account);
        (merchant, key_uuid)
    }

    pub fn create_merchant(
        &mut self,
        name: String,
        email: String,
        phone: Option<String>,
        partner: Option<String>,
        webhook_url: Option<String>,
    ) -> String {
        let uuid = ids::uuid();
        let seq = self.next_seq();
        self.merchants.insert(
            uuid.clone(),
            Merchant {
                uuid: uuid.clone(),
                seq,
                name,
                email,
                phone,
                // Onboarding checks (KYC) are not modelled: merchants are onboarded at once.
                onboarded: true,
                partner,
                webhook_url,
            },
        );
        for (model, name) in [
            ("S1F2", "Reception"),
            ("V400m", "Treatment room 1"),
            ("P400Plus", "Treatment room 2"),
        ] {
            self.terminal_serial += 1;
            let id = format!("{model}-{:09}", 158_000_000 + self.terminal_serial);
            let seq = self.next_seq();
            self.terminals.insert(
                id.clone(),
                Terminal {
                    id,
                    seq,
                    merchant_uuid: uuid.clone(),
                    name: Some(name.into()),
                    active: true,
                    transaction_uuid: None,
                },
            );
        }
        uuid
    }

    pub fn create_account(
        &mut self,
        merchant: &str,
        email: String,
        name: Option<String>,
    ) -> String {
        let uuid = ids::uuid();
        let seq = self.next_seq();
        self.accounts.insert(
            uuid.clone(),
            Account {
                uuid: uuid.clone(),
                seq,
                merchant_uuid: merchant.into(),
                email,
                name,
                role: "owner".into(),
            },
        );
        uuid
    }

    /// A new key for an account; returns `(uuid, secret)`.
    pub fn create_key(&mut self, merchant: &str, account: &str) -> (String, String) {
        let secret = ids::api_key();
        let uuid = self.insert_key(secret.clone(), merchant, account);
        (uuid, secret)
    }

    fn insert_key(&mut self, secret: String, merchant: &str, account: &str) -> String {
        let uuid = ids::uuid();
        let seq = self.next_seq();
        let created_ms = self.now_ms();
        self.api_keys.insert(
            secret.clone(),
            ApiKey {
                uuid: uuid.clone(),
                seq,
                merchant_uuid: merchant.into(),
                account_uuid: account.into(),
                created_ms,
            },
        );
        uuid
    }

    /// A merchant the caller may manage: its own, or one it onboarded (as a partner).
    /// Anything else answers 404, as if it did not exist.
    pub fn managed_merchant(&self, caller: &str, merchant: &str) -> ApiResult<&Merchant> {
        self.merchants
            .get(merchant)
            .filter(|m| m.uuid == caller || m.partner.as_deref() == Some(caller))
            .ok_or_else(|| ApiError::not_found("merchant", merchant))
    }

    pub fn account_of(&self, merchant: &str, account: &str) -> ApiResult<&Account> {
        self.accounts
            .get(account)
            .filter(|a| a.merchant_uuid == merchant)
            .ok_or_else(|| ApiError::not_found("account", account))
    }

    pub fn oldest_account(&self, merchant: &str) -> ApiResult<&Account> {
        self.accounts
            .values()
            .filter(|a| a.merchant_uuid == merchant)
            .min_by_key(|a| a.seq)
            .ok_or_else(|| ApiError::not_found("account of merchant", merchant))
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
        let id = self.deliveries.len() as u64 + 1;
        self.deliveries.push(Delivery {
            id,
            url,
            payload,
            delivered: false,
            attempts: Vec::new(),
        });
        self.outbox.push(id);
    }
}
