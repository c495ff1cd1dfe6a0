//! Clinics: merchants (each with three terminals), their accounts and API keys.

use crate::api_error::{ApiError, ApiResult};
use crate::ids;
use crate::model::*;
use crate::state::Store;

impl Store {
    pub fn merchant_for_test_key(&mut self, key: &str) -> (String, String) {
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
}
