//! Signing in with an API key. Any never-seen `api-test-<32 hex>` key gets its own clinic
//! (merchant, account, key, three terminals), made when its first request arrives so that
//! request can use it; but a request that is refused must change nothing, so the clinic stays
//! unconfirmed until a request with the key succeeds, and goes (counters included, when nothing
//! else moved them) once every request that used it has been refused.

use crate::ids;
use crate::state::{Store, Unconfirmed};

impl Store {
    /// The merchant behind `key`, and whether the request must report back how it ended
    /// ([`Store::request_ended`]) because the clinic is unconfirmed.
    pub fn sign_in(&mut self, key: &str) -> Option<(String, bool)> {
        let merchant = match self.api_keys.get(key) {
            Some(k) => k.merchant_uuid.clone(),
            None if ids::is_test_key(key) => {
                let before = (self.seq, self.terminal_serial);
                let (merchant, _) = self.merchant_for_test_key(key);
                let made = Unconfirmed {
                    in_flight: 0,
                    seq: (before.0, self.seq),
                    terminal_serial: (before.1, self.terminal_serial),
                };
                self.unconfirmed_clinics.insert(merchant.clone(), made);
                merchant
            }
            None => return None,
        };
        let unconfirmed = match self.unconfirmed_clinics.get_mut(&merchant) {
            Some(clinic) => {
                clinic.in_flight += 1;
                true
            }
            None => false,
        };
        Some((merchant, unconfirmed))
    }

    /// A request signed in to the unconfirmed clinic `merchant` has ended. One that succeeded
    /// confirms the clinic; when the last one in flight was refused too, the clinic goes.
    pub fn request_ended(&mut self, merchant: &str, succeeded: bool) {
        let Some(clinic) = self.unconfirmed_clinics.get_mut(merchant) else {
            return;
        };
        clinic.in_flight = clinic.in_flight.saturating_sub(1);
        if !succeeded && clinic.in_flight > 0 {
            return;
        }
        let Some(clinic) = self.unconfirmed_clinics.remove(merchant) else {
            return;
        };
        if !succeeded {
            self.remove_clinic(merchant, &clinic);
        }
    }

    fn remove_clinic(&mut self, merchant: &str, made: &Unconfirmed) {
        let owned = |m: &String| m == merchant;
        let accounts: Vec<String> = self
            .accounts
            .values()
            .filter(|a| owned(&a.merchant_uuid))
            .map(|a| a.uuid.clone())
            .collect();
        let keys: Vec<String> = self
            .api_keys
            .iter()
            .filter(|(_, k)| owned(&k.merchant_uuid))
            .map(|(key, _)| key.clone())
            .collect();
        let terminals: Vec<String> = self
            .terminals
            .values()
            .filter(|t| owned(&t.merchant_uuid))
            .map(|t| t.id.clone())
            .collect();
        accounts.iter().for_each(|a| drop(self.accounts.remove(a)));
        keys.iter().for_each(|k| drop(self.api_keys.remove(k)));
        terminals
            .iter()
            .for_each(|t| drop(self.terminals.remove(t)));
        self.merchants.remove(merchant);
        self.webhook_fail_next.remove(merchant);
        // Put the counters back when nothing else moved them since.
        if self.seq == made.seq.1 {
            self.seq = made.seq.0;
        }
        if self.terminal_serial == made.terminal_serial.1 {
            self.terminal_serial = made.terminal_serial.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::state::Store;

    const KEY: &str = "api-test-0123456789abcdef0123456789abcdef";

    #[test]
    fn a_clinic_whose_requests_were_all_refused_goes_with_its_counters() {
        let mut store = Store::new(None, false);
        let (seq, serial) = (store.seq, store.terminal_serial);
        let (merchant, unconfirmed) = store.sign_in(KEY).unwrap();
        assert!(unconfirmed && store.merchants.contains_key(&merchant));
        assert_eq!(store.terminals.values().count(), 3);
        store.request_ended(&merchant, false);
        let left = [
            store.merchants.values().count(),
            store.accounts.values().count(),
            store.api_keys.values().count(),
            store.terminals.values().count(),
        ];
        assert_eq!(left, [0; 4]);
        assert_eq!((store.seq, store.terminal_serial), (seq, serial));
        assert!(store.unconfirmed_clinics.is_empty());
    }

    #[test]
    fn one_request_that_succeeds_keeps_it_whatever_the_order() {
        for refused_first in [true, false] {
            let mut store = Store::new(None, false);
            let (merchant, _) = store.sign_in(KEY).unwrap();
            let (same, unconfirmed) = store.sign_in(KEY).unwrap();
            assert!(unconfirmed && same == merchant);
            store.request_ended(&merchant, !refused_first);
            store.request_ended(&merchant, refused_first);
            assert!(store.merchants.contains_key(&merchant), "{refused_first}");
            assert!(store.unconfirmed_clinics.is_empty());
            assert_eq!(store.sign_in(KEY), Some((merchant, false)));
        }
    }
}
