//! Wallets: a saved card, debited on demand.

use super::{can_authorise, NewCharge};
use crate::api_error::{ApiError, ApiResult};
use crate::cards::Card;
use crate::state::Store;

impl Store {
    /// The patient saved a card: sent | authorising -> authorised.
    pub fn authorise_wallet(&mut self, uuid: &str, card: &Card) -> ApiResult<()> {
        let wallet = self
            .wallets
            .get(uuid)
            .ok_or_else(|| ApiError::not_found("wallet", uuid))?;
        can_authorise("wallet", "wallet", &wallet.status, card)?;
        if let Some(wallet) = self.wallets.get_mut(uuid) {
            wallet.status = "authorised".into();
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
