//! Terminals: one unpaid transaction waits on a terminal at a time.

use crate::api_error::{ApiError, ApiResult};
use crate::state::Store;

impl Store {
    pub fn set_terminal_transaction(
        &mut self,
        merchant: &str,
        id: &str,
        transaction: &str,
    ) -> ApiResult<()> {
        self.terminal(merchant, id)?;
        let t = self.transaction(merchant, transaction).map_err(|_| {
            ApiError::field("transactionUuid", format!("no transaction {transaction:?}"))
        })?;
        if t.status != "unpaid" {
            return Err(ApiError::field(
                "transactionUuid",
                format!(
                    "the transaction is {}, only an unpaid one can go on a terminal",
                    t.status
                ),
            ));
        }
        // A transaction sits on one terminal at a time.
        self.clear_terminals_of(transaction);
        if let Some(terminal) = self.terminals.get_mut(id) {
            terminal.transaction_uuid = Some(transaction.into());
        }
        Ok(())
    }

    pub fn clear_terminal(&mut self, merchant: &str, id: &str) -> ApiResult<()> {
        self.terminal(merchant, id)?;
        if let Some(terminal) = self.terminals.get_mut(id) {
            terminal.transaction_uuid = None;
        }
        Ok(())
    }
}
